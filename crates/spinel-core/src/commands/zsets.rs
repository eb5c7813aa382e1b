//! Sorted-set commands, as Redis 7.0's t_zset.c: ZADD/ZINCRBY, removals, ranks and scores,
//! the ZRANGE family (by rank, score and lex, ZRANGESTORE), pops (ZPOPMIN, ZMPOP and the
//! blocking BZPOPMIN/BZPOPMAX/BZMPOP), the set operations (ZUNION/ZINTER/ZDIFF, their STORE
//! forms, ZINTERCARD), ZRANDMEMBER and ZSCAN.
//!
//! Replies, error texts and the order in which errors are detected follow redis-server
//! 7.0.15 (checked against it; see the tests below). Notes on what is easy to get wrong:
//! - ZADD scores are parsed strictly (`string2d`, [`crate::num::parse_f64`]); score ranges
//!   (`ZRANGEBYSCORE`, `ZCOUNT`, ...) with C's bare `strtod` ([`parse_range_score`]): leading
//!   spaces, `1e999`, an empty string or a NUL byte are accepted there.
//! - A listpack stores integral scores as integers, so `-0` reads back as `0` (and ZSCAN of
//!   a listpack prints integral scores up to 2^62 in full, never as `1e+17`).
//! - The set operations sort their inputs by size with a stable sort (glibc's `qsort` is a
//!   merge sort), which fixes the order in which weighted scores are added.
//! - Propagation: BZPOPMIN/BZPOPMAX become `ZPOPMIN/ZPOPMAX key`, ZMPOP/BZMPOP become
//!   `ZPOPMIN/ZPOPMAX key count`; every other write is recorded as typed.
//! - Writes that add members call `signal_ready` so blocked BZPOP* clients are served.

use super::keys::{c_str, opt_eq, parse_scan_cursor};
use super::{arg_i64, CommandSpec, Ctx, NOT_INTEGER, SYNTAX, WRONGTYPE};
use crate::blocking::TimeoutReply;
use crate::config::opt;
use crate::engine::Engine;
use crate::notify::class;
use crate::glob::glob_match;
use crate::num::{format_double, parse_f64, scan_strtod, StrtodKind};
use crate::resp::writer::Reply;
use crate::types::set::Set;
use crate::types::zset::{add_flags, LexItem, LexRange, ScoreRange, ZSet};
use crate::value::Value;
use alloc::boxed::Box;
use alloc::format;
use alloc::vec::Vec;

use super::acl as a;
use super::flags as f;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new(
        "bzmpop",
        -5,
        f::WRITE | f::BLOCKING,
        a::WRITE | a::SORTEDSET | a::SLOW | a::BLOCKING,
        bzmpop_command,
    )
    .keys(0, 0, 0),
    CommandSpec::new(
        "bzpopmax",
        -3,
        f::WRITE | f::NOSCRIPT | f::BLOCKING | f::FAST,
        a::WRITE | a::SORTEDSET | a::FAST | a::BLOCKING,
        bzpopmax_command,
    )
    .keys(1, -2, 1),
    CommandSpec::new(
        "bzpopmin",
        -3,
        f::WRITE | f::NOSCRIPT | f::BLOCKING | f::FAST,
        a::WRITE | a::SORTEDSET | a::FAST | a::BLOCKING,
        bzpopmin_command,
    )
    .keys(1, -2, 1),
    CommandSpec::new(
        "zadd",
        -4,
        f::WRITE | f::DENYOOM | f::FAST,
        a::WRITE | a::SORTEDSET | a::FAST,
        zadd_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zcard",
        2,
        f::READONLY | f::FAST,
        a::READ | a::SORTEDSET | a::FAST,
        zcard_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zcount",
        4,
        f::READONLY | f::FAST,
        a::READ | a::SORTEDSET | a::FAST,
        zcount_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zdiff",
        -3,
        f::READONLY,
        a::READ | a::SORTEDSET | a::SLOW,
        zdiff_command,
    )
    .keys(0, 0, 0),
    CommandSpec::new(
        "zdiffstore",
        -4,
        f::WRITE | f::DENYOOM,
        a::WRITE | a::SORTEDSET | a::SLOW,
        zdiffstore_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zincrby",
        4,
        f::WRITE | f::DENYOOM | f::FAST,
        a::WRITE | a::SORTEDSET | a::FAST,
        zincrby_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zinter",
        -3,
        f::READONLY,
        a::READ | a::SORTEDSET | a::SLOW,
        zinter_command,
    )
    .keys(0, 0, 0),
    CommandSpec::new(
        "zintercard",
        -3,
        f::READONLY,
        a::READ | a::SORTEDSET | a::SLOW,
        zintercard_command,
    )
    .keys(0, 0, 0),
    CommandSpec::new(
        "zinterstore",
        -4,
        f::WRITE | f::DENYOOM,
        a::WRITE | a::SORTEDSET | a::SLOW,
        zinterstore_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zlexcount",
        4,
        f::READONLY | f::FAST,
        a::READ | a::SORTEDSET | a::FAST,
        zlexcount_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zmpop",
        -4,
        f::WRITE,
        a::WRITE | a::SORTEDSET | a::SLOW,
        zmpop_command,
    )
    .keys(0, 0, 0),
    CommandSpec::new(
        "zmscore",
        -3,
        f::READONLY | f::FAST,
        a::READ | a::SORTEDSET | a::FAST,
        zmscore_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zpopmax",
        -2,
        f::WRITE | f::FAST,
        a::WRITE | a::SORTEDSET | a::FAST,
        zpopmax_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zpopmin",
        -2,
        f::WRITE | f::FAST,
        a::WRITE | a::SORTEDSET | a::FAST,
        zpopmin_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zrandmember",
        -2,
        f::READONLY,
        a::READ | a::SORTEDSET | a::SLOW,
        zrandmember_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zrange",
        -4,
        f::READONLY,
        a::READ | a::SORTEDSET | a::SLOW,
        zrange_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zrangebylex",
        -4,
        f::READONLY,
        a::READ | a::SORTEDSET | a::SLOW,
        zrangebylex_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zrangebyscore",
        -4,
        f::READONLY,
        a::READ | a::SORTEDSET | a::SLOW,
        zrangebyscore_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zrangestore",
        -5,
        f::WRITE | f::DENYOOM,
        a::WRITE | a::SORTEDSET | a::SLOW,
        zrangestore_command,
    )
    .keys(1, 2, 1),
    CommandSpec::new(
        "zrank",
        3,
        f::READONLY | f::FAST,
        a::READ | a::SORTEDSET | a::FAST,
        zrank_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zrem",
        -3,
        f::WRITE | f::FAST,
        a::WRITE | a::SORTEDSET | a::FAST,
        zrem_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zremrangebylex",
        4,
        f::WRITE,
        a::WRITE | a::SORTEDSET | a::SLOW,
        zremrangebylex_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zremrangebyrank",
        4,
        f::WRITE,
        a::WRITE | a::SORTEDSET | a::SLOW,
        zremrangebyrank_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zremrangebyscore",
        4,
        f::WRITE,
        a::WRITE | a::SORTEDSET | a::SLOW,
        zremrangebyscore_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zrevrange",
        -4,
        f::READONLY,
        a::READ | a::SORTEDSET | a::SLOW,
        zrevrange_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zrevrangebylex",
        -4,
        f::READONLY,
        a::READ | a::SORTEDSET | a::SLOW,
        zrevrangebylex_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zrevrangebyscore",
        -4,
        f::READONLY,
        a::READ | a::SORTEDSET | a::SLOW,
        zrevrangebyscore_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zrevrank",
        3,
        f::READONLY | f::FAST,
        a::READ | a::SORTEDSET | a::FAST,
        zrevrank_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zscan",
        -3,
        f::READONLY,
        a::READ | a::SORTEDSET | a::SLOW,
        zscan_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zscore",
        3,
        f::READONLY | f::FAST,
        a::READ | a::SORTEDSET | a::FAST,
        zscore_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "zunion",
        -3,
        f::READONLY,
        a::READ | a::SORTEDSET | a::SLOW,
        zunion_command,
    )
    .keys(0, 0, 0),
    CommandSpec::new(
        "zunionstore",
        -4,
        f::WRITE | f::DENYOOM,
        a::WRITE | a::SORTEDSET | a::SLOW,
        zunionstore_command,
    )
    .keys(1, 1, 1),
];

const NOT_FLOAT: &str = "ERR value is not a valid float";
const NAN_SCORE: &str = "ERR resulting score is not a number (NaN)";
const RANGE_NOT_FLOAT: &str = "ERR min or max is not a float";
const RANGE_NOT_LEX: &str = "ERR min or max not valid string range item";
const MUST_BE_POSITIVE: &str = "ERR value is out of range, must be positive";

// ----- shared plumbing -----------------------------------------------------------------------

/// `lookupKeyRead` + `checkType(OBJ_ZSET)`: `Err` after replying WRONGTYPE.
pub(crate) fn read_slot(
    e: &mut Engine,
    out: &mut Reply,
    db: usize,
    key: &[u8],
) -> Result<Option<u32>, ()> {
    match e.lookup_read_slot(db, key) {
        None => Ok(None),
        Some(slot) if matches!(e.dbs[db].entry(slot).value, Value::ZSet(_)) => Ok(Some(slot)),
        Some(_) => {
            out.error(WRONGTYPE);
            Err(())
        }
    }
}

/// `lookupKeyWrite` + `checkType(OBJ_ZSET)`: `Err` after replying WRONGTYPE.
pub(crate) fn write_slot(
    e: &mut Engine,
    out: &mut Reply,
    db: usize,
    key: &[u8],
) -> Result<Option<u32>, ()> {
    match e.lookup_write(db, key) {
        None => Ok(None),
        Some(slot) if matches!(e.dbs[db].entry(slot).value, Value::ZSet(_)) => Ok(Some(slot)),
        Some(_) => {
            out.error(WRONGTYPE);
            Err(())
        }
    }
}

/// The sorted set in `slot` (checked to be one).
#[inline]
pub(crate) fn zset_at(e: &Engine, db: usize, slot: u32) -> &ZSet {
    match &e.dbs[db].entry(slot).value {
        Value::ZSet(z) => z,
        _ => unreachable!("checked zset"),
    }
}

#[inline]
pub(crate) fn zset_at_mut(e: &mut Engine, db: usize, slot: u32) -> &mut ZSet {
    match &mut e.dbs[db].entry_mut(slot).value {
        Value::ZSet(z) => z,
        _ => unreachable!("checked zset"),
    }
}

/// `zset-max-listpack-entries` and `zset-max-listpack-value`.
pub(crate) fn listpack_limits(e: &Engine) -> (usize, usize) {
    let n = e.config.int(opt::ZSET_MAX_LISTPACK_ENTRIES).max(0) as usize;
    let v = e.config.int(opt::ZSET_MAX_LISTPACK_VALUE).max(0) as usize;
    (n, v)
}

/// Redis's `addReplyDouble`: `%.17g` as a bulk string (RESP2) or a double (RESP3).
#[inline]
pub(crate) fn reply_double(out: &mut Reply, v: f64) {
    out.double_text(format_double(v).as_bytes());
}

/// Redis's `setKey(..., keepttl=0)` for a sorted set built by a command: replaces any value,
/// drops the expiry, wakes clients blocked on the key and announces `event`.
pub(crate) fn store_zset(e: &mut Engine, db: usize, key: &[u8], z: ZSet, event: &str) {
    let value = Value::ZSet(Box::new(z));
    match e.lookup_write(db, key) {
        Some(slot) => {
            let d = &mut e.dbs[db];
            d.entry_mut(slot).value = value;
            d.clear_expire(slot);
        }
        None => {
            e.add_key(db, key, value);
        }
    }
    e.modified(class::ZSET, event, db, key);
    e.signal_ready(db, key);
}

/// Deletes `key` if it exists (`dbDelete`), announcing `del`; true if it did.
pub(crate) fn delete_key(e: &mut Engine, db: usize, key: &[u8]) -> bool {
    match e.lookup_write(db, key) {
        Some(slot) => {
            e.dbs[db].remove_slot(slot);
            e.modified(class::GENERIC, "del", db, key);
            true
        }
        None => false,
    }
}

/// A sorted set for `(member, score)` pairs sorted by (score, member), in the encoding Redis
/// picks for a computed result (`zsetConvertToListpackIfNeeded`).
pub(crate) fn zset_for_result(e: &Engine, items: &[(Vec<u8>, f64)]) -> ZSet {
    let (max_entries, max_value) = listpack_limits(e);
    let maxlen = items.iter().map(|(m, _)| m.len()).max().unwrap_or(0);
    let listpack = items.len() <= max_entries && maxlen <= max_value;
    ZSet::from_sorted(items.iter().map(|(m, s)| (m.as_slice(), *s)), listpack)
}

/// Sorts `(member, score)` pairs by score, then member.
pub(crate) fn sort_by_score(items: &mut [(Vec<u8>, f64)]) {
    items.sort_unstable_by(|a, b| {
        a.1.partial_cmp(&b.1)
            .unwrap_or(core::cmp::Ordering::Equal)
            .then_with(|| a.0.cmp(&b.0))
    });
}

/// Parses a score range bound as Redis's `zslParseRange` does: an optional `(` for an
/// exclusive bound, then C `strtod` over the C string (up to a NUL byte), which must be
/// consumed in full; leading white space, overflow to infinity and underflow are fine,
/// NaN is not. An empty string is 0.
pub(crate) fn parse_range_score(arg: &[u8]) -> Option<(f64, bool)> {
    let (ex, rest) = match arg.first() {
        Some(b'(') => (true, &arg[1..]),
        _ => (false, arg),
    };
    let s = c_str(rest);
    let trimmed = {
        let i = s
            .iter()
            .position(|&b| !matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
            .unwrap_or(s.len());
        &s[i..]
    };
    if trimmed.is_empty() {
        // strtod converted nothing: end pointer = start, valid only if the string is empty.
        return if s.is_empty() { Some((0.0, ex)) } else { None };
    }
    let n = scan_strtod(trimmed)?;
    let v = match n.kind {
        StrtodKind::Infinity => f64::INFINITY,
        StrtodKind::Decimal { text, .. } => core::str::from_utf8(text).ok()?.parse::<f64>().ok()?,
        StrtodKind::Hex { mantissa, exp, .. } => crate::num::hex_float(mantissa, exp),
    };
    if v.is_nan() {
        return None;
    }
    Some((if n.negative { -v } else { v }, ex))
}

fn parse_score_range(min: &[u8], max: &[u8]) -> Option<ScoreRange> {
    let (min, minex) = parse_range_score(min)?;
    let (max, maxex) = parse_range_score(max)?;
    Some(ScoreRange {
        min,
        max,
        minex,
        maxex,
    })
}

/// Redis's `zslParseLexRangeItem`: `-`, `+`, `(member` or `[member`.
fn parse_lex_item(arg: &[u8]) -> Option<(LexItem, bool)> {
    match arg.first() {
        Some(b'+') if arg.len() == 1 || arg[1] == 0 => Some((LexItem::Max, true)),
        Some(b'-') if arg.len() == 1 || arg[1] == 0 => Some((LexItem::Min, true)),
        Some(b'(') => Some((LexItem::Str(arg[1..].to_vec()), true)),
        Some(b'[') => Some((LexItem::Str(arg[1..].to_vec()), false)),
        _ => None,
    }
}

fn parse_lex_range(min: &[u8], max: &[u8]) -> Option<LexRange> {
    let (min, minex) = parse_lex_item(min)?;
    let (max, maxex) = parse_lex_item(max)?;
    Some(LexRange {
        min,
        max,
        minex,
        maxex,
    })
}

fn score_range_empty(r: &ScoreRange) -> bool {
    r.min > r.max || (r.min == r.max && (r.minex || r.maxex))
}

// ----- ZADD, ZINCRBY, ZREM ---------------------------------------------------------------------

fn zadd_command(e: &mut Engine, ctx: &mut Ctx) {
    zadd_generic(e, ctx, 0);
}

fn zincrby_command(e: &mut Engine, ctx: &mut Ctx) {
    zadd_generic(e, ctx, add_flags::INCR);
}

fn zadd_generic(e: &mut Engine, ctx: &mut Ctx, flags: u8) {
    let argv = ctx.argv;
    zadd_argv(e, ctx, argv, flags);
}

/// Redis's `zaddGenericCommand` over `argv` (ZADD, ZINCRBY, and GEOADD's rewritten ZADD).
// The option checks are written as Redis writes them (and reports them).
#[allow(clippy::nonminimal_bool)]
pub(crate) fn zadd_argv(e: &mut Engine, ctx: &mut Ctx, argv: &[&[u8]], mut flags: u8) {
    use add_flags::*;
    let key = argv[1];
    let mut ch = false;
    let mut idx = 2;
    while idx < argv.len() {
        let o = argv[idx];
        if opt_eq(o, "nx") {
            flags |= NX;
        } else if opt_eq(o, "xx") {
            flags |= XX;
        } else if opt_eq(o, "ch") {
            ch = true;
        } else if opt_eq(o, "incr") {
            flags |= INCR;
        } else if opt_eq(o, "gt") {
            flags |= GT;
        } else if opt_eq(o, "lt") {
            flags |= LT;
        } else {
            break;
        }
        idx += 1;
    }
    let (incr, nx, xx, gt, lt) = (
        flags & INCR != 0,
        flags & NX != 0,
        flags & XX != 0,
        flags & GT != 0,
        flags & LT != 0,
    );
    let elements = argv.len() - idx;
    if elements % 2 == 1 || elements == 0 {
        ctx.out.error(SYNTAX);
        return;
    }
    let elements = elements / 2;
    if nx && xx {
        ctx.out
            .error("ERR XX and NX options at the same time are not compatible");
        return;
    }
    if (gt && nx) || (lt && nx) || (gt && lt) {
        ctx.out
            .error("ERR GT, LT, and/or NX options at the same time are not compatible");
        return;
    }
    if incr && elements > 1 {
        ctx.out
            .error("ERR INCR option supports a single increment-element pair");
        return;
    }
    // Every score is checked before anything changes, and parsed again as it is applied:
    // no Vec for them (most ZADDs carry one pair).
    let pairs = &argv[idx..];
    if pairs.chunks_exact(2).any(|pair| parse_f64(pair[0]).is_none()) {
        ctx.out.error(NOT_FLOAT);
        return;
    }
    let db = ctx.db(e);
    let Ok(found) = write_slot(e, &mut ctx.out, db, key) else {
        return;
    };
    let (max_entries, max_value) = listpack_limits(e);
    let (mut added, mut updated, mut processed) = (0i64, 0i64, 0i64);
    let mut score = 0.0;
    let slot = match found {
        Some(slot) => Some(slot),
        None if xx => None,
        None => {
            let z = if max_entries == 0 || max_value < argv[idx + 1].len() {
                ZSet::new_skiplist()
            } else {
                ZSet::new_listpack()
            };
            Some(e.add_key(db, key, Value::ZSet(Box::new(z))))
        }
    };
    if let Some(slot) = slot {
        let z = zset_at_mut(e, db, slot);
        for pair in pairs.chunks_exact(2) {
            let (s, member) = (parse_f64(pair[0]).unwrap_or_default(), pair[1]);
            match z.add(member, s, flags, max_entries, max_value) {
                None => {
                    ctx.out.error(NAN_SCORE);
                    return;
                }
                Some((out, newscore)) => {
                    if out & ADDED != 0 {
                        added += 1;
                    }
                    if out & UPDATED != 0 {
                        updated += 1;
                    }
                    if out & NOP == 0 {
                        processed += 1;
                    }
                    score = newscore;
                }
            }
        }
        e.dirty += (added + updated) as u64;
        if added + updated > 0 {
            e.modified(class::ZSET, if incr { "zincr" } else { "zadd" }, db, key);
        }
        if added > 0 {
            e.signal_ready(db, key);
        }
    }
    if incr {
        if processed > 0 {
            reply_double(&mut ctx.out, score);
        } else {
            ctx.out.null();
        }
    } else {
        ctx.out.int(if ch { added + updated } else { added });
    }
}

fn zrem_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let key = ctx.argv[1];
    let Ok(found) = write_slot(e, &mut ctx.out, db, key) else {
        return;
    };
    let Some(slot) = found else {
        ctx.out.int(0);
        return;
    };
    let mut deleted = 0i64;
    let z = zset_at_mut(e, db, slot);
    let mut empty = false;
    for m in &ctx.argv[2..] {
        if z.remove(m) {
            deleted += 1;
        }
        if z.is_empty() {
            empty = true;
            break;
        }
    }
    if deleted > 0 {
        e.modified(class::ZSET, "zrem", db, key);
    }
    if empty {
        e.dbs[db].remove_slot(slot);
        e.notify(class::GENERIC, "del", db, key);
    }
    e.dirty += deleted as u64;
    ctx.out.int(deleted);
}

// ----- ZREMRANGEBY* -----------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum RangeType {
    Auto,
    Rank,
    Score,
    Lex,
}

fn zremrangebyrank_command(e: &mut Engine, ctx: &mut Ctx) {
    zremrange_generic(e, ctx, RangeType::Rank);
}

fn zremrangebyscore_command(e: &mut Engine, ctx: &mut Ctx) {
    zremrange_generic(e, ctx, RangeType::Score);
}

fn zremrangebylex_command(e: &mut Engine, ctx: &mut Ctx) {
    zremrange_generic(e, ctx, RangeType::Lex);
}

fn zremrange_generic(e: &mut Engine, ctx: &mut Ctx, rt: RangeType) {
    let (a1, a2) = (ctx.argv[2], ctx.argv[3]);
    let (mut start, mut end) = (0i64, 0i64);
    let mut srange = None;
    let mut lrange = None;
    match rt {
        RangeType::Rank => {
            let Some(s) = arg_i64(&mut ctx.out, a1) else {
                return;
            };
            let Some(en) = arg_i64(&mut ctx.out, a2) else {
                return;
            };
            (start, end) = (s, en);
        }
        RangeType::Score => match parse_score_range(a1, a2) {
            Some(r) => srange = Some(r),
            None => {
                ctx.out.error(RANGE_NOT_FLOAT);
                return;
            }
        },
        _ => match parse_lex_range(a1, a2) {
            Some(r) => lrange = Some(r),
            None => {
                ctx.out.error(RANGE_NOT_LEX);
                return;
            }
        },
    }
    let db = ctx.db(e);
    let key = ctx.argv[1];
    let Ok(found) = write_slot(e, &mut ctx.out, db, key) else {
        return;
    };
    let Some(slot) = found else {
        ctx.out.int(0);
        return;
    };
    let z = zset_at_mut(e, db, slot);
    let ranks = match rt {
        RangeType::Rank => {
            let llen = z.len() as i64;
            if start < 0 {
                start += llen;
            }
            if end < 0 {
                end += llen;
            }
            if start < 0 {
                start = 0;
            }
            if start > end || start >= llen {
                ctx.out.int(0);
                return;
            }
            if end >= llen {
                end = llen - 1;
            }
            Some((start as usize, end as usize))
        }
        RangeType::Score => {
            let r = srange.unwrap();
            if score_range_empty(&r) {
                None
            } else {
                z.score_range_ranks(&r)
            }
        }
        _ => None,
    };
    let deleted = match ranks {
        Some((s, en)) => z.remove_rank_range(s, en),
        None if rt == RangeType::Lex => z.lex_remove(&lrange.unwrap()),
        None => 0,
    };
    let empty = z.is_empty();
    if deleted > 0 {
        let event = match rt {
            RangeType::Rank => "zremrangebyrank",
            RangeType::Score => "zremrangebyscore",
            _ => "zremrangebylex",
        };
        e.modified(class::ZSET, event, db, key);
    }
    if empty {
        e.dbs[db].remove_slot(slot);
        e.notify(class::GENERIC, "del", db, key);
    }
    e.dirty += deleted as u64;
    ctx.out.int(deleted as i64);
}

// ----- ZCARD, ZSCORE, ZMSCORE, ZRANK, ZCOUNT, ZLEXCOUNT -----------------------------------------

fn zcard_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let Ok(found) = read_slot(e, &mut ctx.out, db, ctx.argv[1]) else {
        return;
    };
    let n = found.map_or(0, |s| zset_at(e, db, s).len());
    ctx.out.int(n as i64);
}

fn zscore_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let Ok(found) = read_slot(e, &mut ctx.out, db, ctx.argv[1]) else {
        return;
    };
    match found.and_then(|s| zset_at(e, db, s).score(ctx.argv[2])) {
        Some(v) => reply_double(&mut ctx.out, v),
        None => ctx.out.null(),
    }
}

fn zmscore_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let Ok(found) = read_slot(e, &mut ctx.out, db, ctx.argv[1]) else {
        return;
    };
    ctx.out.array(ctx.argv.len() - 2);
    for m in &ctx.argv[2..] {
        match found.and_then(|s| zset_at(e, db, s).score(m)) {
            Some(v) => reply_double(&mut ctx.out, v),
            None => ctx.out.null(),
        }
    }
}

fn zrank_command(e: &mut Engine, ctx: &mut Ctx) {
    zrank_generic(e, ctx, false);
}

fn zrevrank_command(e: &mut Engine, ctx: &mut Ctx) {
    zrank_generic(e, ctx, true);
}

fn zrank_generic(e: &mut Engine, ctx: &mut Ctx, rev: bool) {
    let db = ctx.db(e);
    let Ok(found) = read_slot(e, &mut ctx.out, db, ctx.argv[1]) else {
        return;
    };
    let Some(slot) = found else {
        ctx.out.null();
        return;
    };
    let z = zset_at(e, db, slot);
    match z.rank(ctx.argv[2]) {
        Some(r) => ctx.out.int(if rev {
            (z.len() - 1 - r) as i64
        } else {
            r as i64
        }),
        None => ctx.out.null(),
    }
}

fn zcount_command(e: &mut Engine, ctx: &mut Ctx) {
    let Some(r) = parse_score_range(ctx.argv[2], ctx.argv[3]) else {
        ctx.out.error(RANGE_NOT_FLOAT);
        return;
    };
    let db = ctx.db(e);
    let Ok(found) = read_slot(e, &mut ctx.out, db, ctx.argv[1]) else {
        return;
    };
    let n = match found {
        Some(slot) if !score_range_empty(&r) => zset_at(e, db, slot)
            .score_range_ranks(&r)
            .map_or(0, |(a, b)| b - a + 1),
        _ => 0,
    };
    ctx.out.int(n as i64);
}

fn zlexcount_command(e: &mut Engine, ctx: &mut Ctx) {
    let Some(r) = parse_lex_range(ctx.argv[2], ctx.argv[3]) else {
        ctx.out.error(RANGE_NOT_LEX);
        return;
    };
    let db = ctx.db(e);
    let Ok(found) = read_slot(e, &mut ctx.out, db, ctx.argv[1]) else {
        return;
    };
    let n = match found {
        Some(slot) => zset_at(e, db, slot).lex_count(&r),
        None => 0,
    };
    ctx.out.int(n);
}

// ----- the ZRANGE family ------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Auto,
    Forward,
    Reverse,
}

fn zrange_command(e: &mut Engine, ctx: &mut Ctx) {
    zrange_generic(e, ctx, 1, false, RangeType::Auto, Direction::Auto);
}

fn zrangestore_command(e: &mut Engine, ctx: &mut Ctx) {
    zrange_generic(e, ctx, 2, true, RangeType::Auto, Direction::Auto);
}

fn zrevrange_command(e: &mut Engine, ctx: &mut Ctx) {
    zrange_generic(e, ctx, 1, false, RangeType::Rank, Direction::Reverse);
}

fn zrangebyscore_command(e: &mut Engine, ctx: &mut Ctx) {
    zrange_generic(e, ctx, 1, false, RangeType::Score, Direction::Forward);
}

fn zrevrangebyscore_command(e: &mut Engine, ctx: &mut Ctx) {
    zrange_generic(e, ctx, 1, false, RangeType::Score, Direction::Reverse);
}

fn zrangebylex_command(e: &mut Engine, ctx: &mut Ctx) {
    zrange_generic(e, ctx, 1, false, RangeType::Lex, Direction::Forward);
}

fn zrevrangebylex_command(e: &mut Engine, ctx: &mut Ctx) {
    zrange_generic(e, ctx, 1, false, RangeType::Lex, Direction::Reverse);
}

/// Where a range starts (ascending rank), its direction and its length.
struct Span {
    start: usize,
    rev: bool,
    count: usize,
}

/// Applies LIMIT to the ascending ranks `first..=last` of a score or lex range, walking
/// from `last` down when `rev` (Redis skips `offset` members, then emits up to `limit`;
/// a negative offset empties the result, a negative limit means no limit).
fn limited_span(ranks: Option<(usize, usize)>, rev: bool, offset: i64, limit: i64) -> Span {
    let empty = Span {
        start: 0,
        rev,
        count: 0,
    };
    let Some((first, last)) = ranks else {
        return empty;
    };
    if offset < 0 {
        return empty;
    }
    let avail = (last - first + 1) as u64;
    if offset as u64 >= avail {
        return empty;
    }
    let mut count = (avail - offset as u64) as usize;
    if limit >= 0 {
        count = count.min(limit as usize);
    }
    let start = if rev {
        last - offset as usize
    } else {
        first + offset as usize
    };
    Span { start, rev, count }
}

/// Redis's `zrangeGenericCommand` for ZRANGE, ZRANGESTORE and the older forms.
fn zrange_generic(
    e: &mut Engine,
    ctx: &mut Ctx,
    argc_start: usize,
    store: bool,
    mut rangetype: RangeType,
    mut direction: Direction,
) {
    let argv = ctx.argv;
    let key = argv[argc_start];
    let mut minidx = argc_start + 1;
    let mut maxidx = argc_start + 2;
    let mut withscores = false;
    let mut offset = 0i64;
    let mut limit = -1i64;
    let mut j = argc_start + 3;
    while j < argv.len() {
        let leftargs = argv.len() - j - 1;
        let o = argv[j];
        if !store && opt_eq(o, "withscores") {
            withscores = true;
        } else if opt_eq(o, "limit") && leftargs >= 2 {
            let Some(off) = arg_i64(&mut ctx.out, argv[j + 1]) else {
                return;
            };
            let Some(lim) = arg_i64(&mut ctx.out, argv[j + 2]) else {
                return;
            };
            (offset, limit) = (off, lim);
            j += 2;
        } else if direction == Direction::Auto && opt_eq(o, "rev") {
            direction = Direction::Reverse;
        } else if rangetype == RangeType::Auto && opt_eq(o, "bylex") {
            rangetype = RangeType::Lex;
        } else if rangetype == RangeType::Auto && opt_eq(o, "byscore") {
            rangetype = RangeType::Score;
        } else {
            ctx.out.error(SYNTAX);
            return;
        }
        j += 1;
    }
    if direction == Direction::Auto {
        direction = Direction::Forward;
    }
    if rangetype == RangeType::Auto {
        rangetype = RangeType::Rank;
    }
    if limit != -1 && rangetype == RangeType::Rank {
        ctx.out.error(
            "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX",
        );
        return;
    }
    if withscores && rangetype == RangeType::Lex {
        ctx.out
            .error("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        return;
    }
    let rev = direction == Direction::Reverse;
    if rev && rangetype != RangeType::Rank {
        core::mem::swap(&mut minidx, &mut maxidx);
    }
    let (mut start, mut end) = (0i64, 0i64);
    let mut srange = None;
    let mut lrange = None;
    match rangetype {
        RangeType::Score => match parse_score_range(argv[minidx], argv[maxidx]) {
            Some(r) => srange = Some(r),
            None => {
                ctx.out.error(RANGE_NOT_FLOAT);
                return;
            }
        },
        RangeType::Lex => match parse_lex_range(argv[minidx], argv[maxidx]) {
            Some(r) => lrange = Some(r),
            None => {
                ctx.out.error(RANGE_NOT_LEX);
                return;
            }
        },
        _ => {
            let Some(s) = arg_i64(&mut ctx.out, argv[minidx]) else {
                return;
            };
            let Some(en) = arg_i64(&mut ctx.out, argv[maxidx]) else {
                return;
            };
            (start, end) = (s, en);
        }
    }
    let db = ctx.db(e);
    let found = e.lookup_read_slot(db, key);
    let Some(slot) = found else {
        if store {
            range_store(e, ctx, db, Vec::new());
        } else {
            ctx.out.array(0);
        }
        return;
    };
    if !matches!(e.dbs[db].entry(slot).value, Value::ZSet(_)) {
        ctx.out.error(WRONGTYPE);
        return;
    }
    let z = zset_at(e, db, slot);
    let mut items: Vec<(&[u8], f64)> = Vec::new();
    match rangetype {
        RangeType::Score | RangeType::Rank => {
            let span = if rangetype == RangeType::Score {
                let r = srange.unwrap();
                let ranks = if score_range_empty(&r) {
                    None
                } else {
                    z.score_range_ranks(&r)
                };
                limited_span(ranks, rev, offset, limit)
            } else {
                let llen = z.len() as i64;
                if start < 0 {
                    start += llen;
                }
                if end < 0 {
                    end += llen;
                }
                if start < 0 {
                    start = 0;
                }
                if start > end || start >= llen {
                    Span {
                        start: 0,
                        rev,
                        count: 0,
                    }
                } else {
                    if end >= llen {
                        end = llen - 1;
                    }
                    let count = (end - start + 1) as usize;
                    let first = if rev {
                        (llen - 1 - start) as usize
                    } else {
                        start as usize
                    };
                    Span {
                        start: first,
                        rev,
                        count,
                    }
                }
            };
            if span.count > 0 {
                items.reserve(span.count);
                z.walk(span.start, span.rev, |m, s| {
                    items.push((m, s));
                    items.len() < span.count
                });
            }
        }
        _ => {
            // Redis's walk: from the first (last) member of the range, skip `offset` members
            // unchecked, then take members while still within the range, up to `limit`.
            let r = lrange.unwrap();
            let first = if rev { z.lex_last(&r) } else { z.lex_first(&r) };
            if let (Some(first), true) = (first, offset >= 0) {
                let mut skip = offset;
                let mut left = limit;
                z.walk(first, rev, |m, s| {
                    if skip > 0 {
                        skip -= 1;
                        return true;
                    }
                    if left == 0 {
                        return false;
                    }
                    let inside = if rev { r.gte_min(m) } else { r.lte_max(m) };
                    if !inside {
                        return false;
                    }
                    items.push((m, s));
                    left -= 1;
                    true
                });
            }
        }
    }
    if store {
        let mut owned: Vec<(Vec<u8>, f64)> = items.iter().map(|(m, s)| (m.to_vec(), *s)).collect();
        if rev {
            owned.reverse();
        }
        range_store(e, ctx, db, owned);
        return;
    }
    let out = &mut ctx.out;
    let resp3 = out.is_resp3();
    out.array(if withscores && !resp3 {
        items.len() * 2
    } else {
        items.len()
    });
    for (m, s) in items {
        if withscores && resp3 {
            out.array(2);
        }
        out.bulk(m);
        if withscores {
            reply_double(out, s);
        }
    }
}

/// ZRANGESTORE's result: stored (replacing the destination) or, when empty, the
/// destination deleted.
fn range_store(e: &mut Engine, ctx: &mut Ctx, db: usize, items: Vec<(Vec<u8>, f64)>) {
    let dst = ctx.argv[1];
    if items.is_empty() {
        ctx.out.int(0);
        if delete_key(e, db, dst) {
            e.dirty += 1;
        }
        return;
    }
    let n = items.len();
    let z = zset_for_result(e, &items);
    store_zset(e, db, dst, z, "zrangestore");
    e.dirty += 1;
    ctx.out.int(n as i64);
}

// ----- pops -------------------------------------------------------------------------------------

fn zpopmin_command(e: &mut Engine, ctx: &mut Ctx) {
    zpop_minmax(e, ctx, false);
}

fn zpopmax_command(e: &mut Engine, ctx: &mut Ctx) {
    zpop_minmax(e, ctx, true);
}

/// `getPositiveLongFromObjectOrReply` with its default message (ZPOPMIN's count).
fn positive_long(out: &mut Reply, arg: &[u8], msg: &str) -> Option<i64> {
    match crate::num::parse_i64(arg) {
        Some(n) if n >= 0 => Some(n),
        _ => {
            out.error(msg);
            None
        }
    }
}

fn zpop_minmax(e: &mut Engine, ctx: &mut Ctx, max: bool) {
    if ctx.argv.len() > 3 {
        ctx.out.error(SYNTAX);
        return;
    }
    let mut count = -1;
    if ctx.argv.len() == 3 {
        let Some(n) = positive_long(&mut ctx.out, ctx.argv[2], MUST_BE_POSITIVE) else {
            return;
        };
        count = n;
    }
    let nested = ctx.out.is_resp3() && count != -1;
    let db = ctx.db(e);
    let keys = [ctx.argv[1]];
    zpop_generic(e, ctx, db, &keys, max, false, count, nested, false);
}

/// Redis's `genericZpopCommand`: pops from the first existing key of `keys`. `count` -1 is a
/// plain single pop. Returns the key popped from, the number popped and the set's length
/// before, when something was popped.
#[allow(clippy::too_many_arguments)]
fn zpop_generic<'k>(
    e: &mut Engine,
    ctx: &mut Ctx,
    db: usize,
    keys: &[&'k [u8]],
    max: bool,
    emitkey: bool,
    count: i64,
    nested: bool,
    nil_when_empty: bool,
) -> Option<(&'k [u8], usize, usize)> {
    let mut found = None;
    for &k in keys {
        match write_slot(e, &mut ctx.out, db, k) {
            Err(()) => return None,
            Ok(None) => continue,
            Ok(Some(slot)) => {
                found = Some((k, slot));
                break;
            }
        }
    }
    let Some((key, slot)) = found else {
        if nil_when_empty {
            ctx.out.null_array();
        } else {
            ctx.out.array(0);
        }
        return None;
    };
    if count == 0 {
        ctx.out.array(0);
        return None;
    }
    let count = if count == -1 { 1 } else { count as u64 };
    let z = zset_at_mut(e, db, slot);
    let llen = z.len();
    let rangelen = (count.min(llen as u64)) as usize;
    let out = &mut ctx.out;
    match (nested, emitkey) {
        (false, false) => out.array(rangelen * 2),
        (true, false) => out.array(rangelen),
        (false, true) => {
            out.array(rangelen * 2 + 1);
            out.bulk(key);
        }
        (true, true) => {
            out.array(2);
            out.bulk(key);
            out.array(rangelen);
        }
    }
    for _ in 0..rangelen {
        let Some((m, s)) = z.pop(max) else { break };
        if nested {
            out.array(2);
        }
        out.bulk(&m);
        reply_double(out, s);
    }
    let empty = z.is_empty();
    e.dirty += rangelen as u64;
    if rangelen > 0 {
        e.modified(class::ZSET, if max { "zpopmax" } else { "zpopmin" }, db, key);
    }
    if empty {
        e.dbs[db].remove_slot(slot);
        e.notify(class::GENERIC, "del", db, key);
    }
    Some((key, rangelen, llen))
}

/// Records a pop as `ZPOPMIN/ZPOPMAX key [count]` (what Redis propagates for the blocking
/// and multi-key forms).
fn propagate_pop(
    e: &mut Engine,
    ctx: &mut Ctx,
    db: usize,
    max: bool,
    key: &[u8],
    count: Option<usize>,
) {
    let name: &[u8] = if max { b"ZPOPMAX" } else { b"ZPOPMIN" };
    let mut b = itoa::Buffer::new();
    match count {
        Some(n) => e.propagate(db, &[name, key, b.format(n).as_bytes()]),
        None => e.propagate(db, &[name, key]),
    }
    ctx.propagated = true;
}

fn bzpopmin_command(e: &mut Engine, ctx: &mut Ctx) {
    bzpop_minmax(e, ctx, false);
}

fn bzpopmax_command(e: &mut Engine, ctx: &mut Ctx) {
    bzpop_minmax(e, ctx, true);
}

fn bzpop_minmax(e: &mut Engine, ctx: &mut Ctx, max: bool) {
    let argc = ctx.argv.len();
    let keys: Vec<&[u8]> = ctx.argv[1..argc - 1].to_vec();
    blocking_zpop(e, ctx, &keys, max, argc - 1, -1, false, false);
}

/// Redis's `blockingGenericZpopCommand` (BZPOPMIN, BZPOPMAX, BZMPOP).
#[allow(clippy::too_many_arguments)]
fn blocking_zpop(
    e: &mut Engine,
    ctx: &mut Ctx,
    keys: &[&[u8]],
    max: bool,
    timeout_idx: usize,
    count: i64,
    nested: bool,
    nil_when_empty: bool,
) {
    let now = e.now_ms();
    let Some(deadline) = super::lists::parse_timeout(&mut ctx.out, ctx.argv[timeout_idx], now) else {
        return;
    };
    let db = ctx.db(e);
    // When re-run for a waiter, a key of another type is just not ready (Redis serves a
    // blocked client only from keys that now hold a sorted set).
    let serving = e.blocking.serving == Some(ctx.client);
    for &k in keys {
        if serving {
            match e.find_live(db, k) {
                Some(slot) if !matches!(e.dbs[db].entry(slot).value, Value::ZSet(_)) => continue,
                _ => {}
            }
        }
        let Ok(found) = write_slot(e, &mut ctx.out, db, k) else {
            return;
        };
        let Some(slot) = found else { continue };
        if zset_at(e, db, slot).is_empty() {
            continue;
        }
        if let Some((key, _, llen)) =
            zpop_generic(e, ctx, db, &[k], max, true, count, nested, nil_when_empty)
        {
            let n = if count == -1 {
                None
            } else {
                Some((count as u64).min(llen as u64) as usize)
            };
            propagate_pop(e, ctx, db, max, key, n);
        }
        return;
    }
    if !e.can_block(ctx) {
        ctx.out.null_array();
        return;
    }
    e.block(ctx, keys, deadline, TimeoutReply::NullArray, None);
}

fn zmpop_command(e: &mut Engine, ctx: &mut Ctx) {
    zmpop_generic(e, ctx, 1, false);
}

fn bzmpop_command(e: &mut Engine, ctx: &mut Ctx) {
    zmpop_generic(e, ctx, 2, true);
}

/// ZMPOP / BZMPOP: `[timeout] numkeys key... MIN|MAX [COUNT n]`.
fn zmpop_generic(e: &mut Engine, ctx: &mut Ctx, numkeys_idx: usize, block: bool) {
    let argv = ctx.argv;
    let numkeys = match crate::num::parse_i64(argv[numkeys_idx]) {
        None => {
            ctx.out.error("ERR numkeys should be greater than 0");
            return;
        }
        Some(n) if n < 1 => {
            ctx.out.error("ERR numkeys should be greater than 0");
            return;
        }
        Some(n) => n as u64,
    };
    let where_idx = numkeys_idx as u64 + numkeys + 1;
    if where_idx >= argv.len() as u64 {
        ctx.out.error(SYNTAX);
        return;
    }
    let where_idx = where_idx as usize;
    let max = if opt_eq(argv[where_idx], "min") {
        false
    } else if opt_eq(argv[where_idx], "max") {
        true
    } else {
        ctx.out.error(SYNTAX);
        return;
    };
    let mut count = -1i64;
    let mut j = where_idx + 1;
    while j < argv.len() {
        let moreargs = argv.len() - 1 - j;
        if count == -1 && opt_eq(argv[j], "count") && moreargs > 0 {
            j += 1;
            match crate::num::parse_i64(argv[j]) {
                Some(n) if n >= 1 => count = n,
                _ => {
                    ctx.out.error("ERR count should be greater than 0");
                    return;
                }
            }
        } else {
            ctx.out.error(SYNTAX);
            return;
        }
        j += 1;
    }
    if count == -1 {
        count = 1;
    }
    let keys: Vec<&[u8]> = argv[numkeys_idx + 1..where_idx].to_vec();
    if block {
        blocking_zpop(e, ctx, &keys, max, 1, count, true, true);
    } else {
        let db = ctx.db(e);
        if let Some((key, _, llen)) = zpop_generic(e, ctx, db, &keys, max, true, count, true, true)
        {
            propagate_pop(
                e,
                ctx,
                db,
                max,
                key,
                Some((count as u64).min(llen as u64) as usize),
            );
        }
    }
}

// ----- ZRANDMEMBER ------------------------------------------------------------------------------

fn zrandmember_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let db = ctx.db(e);
    if argv.len() >= 3 {
        let l = match crate::num::parse_i64(argv[2]) {
            None => {
                ctx.out.error(NOT_INTEGER);
                return;
            }
            Some(i64::MIN) => {
                ctx.out.error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
                return;
            }
            Some(l) => l,
        };
        if argv.len() > 4 || (argv.len() == 4 && !opt_eq(argv[3], "withscores")) {
            ctx.out.error(SYNTAX);
            return;
        }
        // WITHSCORES doubles the reply: Redis refuses a count whose double overflows.
        if argv.len() == 4 && !(-(i64::MAX / 2)..=i64::MAX / 2).contains(&l) {
            ctx.out.error("ERR value is out of range");
            return;
        }
        zrandmember_count(e, ctx, db, l, argv.len() == 4);
        return;
    }
    let Ok(found) = read_slot(e, &mut ctx.out, db, argv[1]) else {
        return;
    };
    let Some(slot) = found else {
        ctx.out.null();
        return;
    };
    let z = match &e.dbs[db].entry(slot).value {
        Value::ZSet(z) => z,
        _ => unreachable!(),
    };
    if let Some((m, _)) = z.random(&mut e.rng) {
        ctx.out.bulk(m);
    }
}

fn zrandmember_count(e: &mut Engine, ctx: &mut Ctx, db: usize, l: i64, withscores: bool) {
    let Ok(found) = read_slot(e, &mut ctx.out, db, ctx.argv[1]) else {
        return;
    };
    let Some(slot) = found else {
        ctx.out.array(0);
        return;
    };
    let (uniq, count) = if l >= 0 {
        (true, l as u64)
    } else {
        (false, l.unsigned_abs())
    };
    if count == 0 {
        ctx.out.array(0);
        return;
    }
    if !uniq && crate::commands::hashes::too_many_samples(e, count * (1 + withscores as u64)) {
        ctx.out.error("ERR value is out of range");
        return;
    }
    let z = match &e.dbs[db].entry(slot).value {
        Value::ZSet(z) => z,
        _ => unreachable!(),
    };
    let rng = &mut e.rng;
    let out = &mut ctx.out;
    let resp3 = out.is_resp3();
    let emit = |out: &mut Reply, m: &[u8], s: f64| {
        if withscores && resp3 {
            out.array(2);
        }
        out.bulk(m);
        if withscores {
            reply_double(out, s);
        }
    };
    let size = z.len() as u64;
    // Case 1: negative count (repeats allowed) or a single member.
    if !uniq || count == 1 {
        out.array(if withscores && !resp3 {
            (count * 2) as usize
        } else {
            count as usize
        });
        for _ in 0..count {
            if let Some((m, s)) = z.random(rng) {
                emit(out, m, s);
            }
        }
        return;
    }
    let n = count.min(size) as usize;
    out.array(if withscores && !resp3 { n * 2 } else { n });
    // Case 2: the whole set, walked from the highest score down as Redis's iterator does.
    if count >= size {
        z.walk(z.len() - 1, true, |m, s| {
            emit(out, m, s);
            true
        });
        return;
    }
    // Cases 3 and 4: `count` distinct members in random order.
    let mut ranks: Vec<usize> = (0..z.len()).collect();
    for i in 0..n {
        let j = rng.usize(i..ranks.len());
        ranks.swap(i, j);
    }
    for &r in &ranks[..n] {
        if let Some((m, s)) = z.get(r) {
            emit(out, m, s);
        }
    }
}

// ----- ZSCAN ------------------------------------------------------------------------------------

/// How a listpack prints a score it stores (integral scores within 2^62 are listpack integers).
fn listpack_score_text(s: f64) -> alloc::string::String {
    if s.abs() <= 4_611_686_018_427_387_904.0 && (s as i64) as f64 == s {
        let mut b = itoa::Buffer::new();
        return alloc::string::String::from(b.format(s as i64));
    }
    format_double(s)
}

fn zscan_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let Some(cursor) = parse_scan_cursor(argv[2]) else {
        ctx.out.error("ERR invalid cursor");
        return;
    };
    let db = ctx.db(e);
    let Ok(found) = read_slot(e, &mut ctx.out, db, argv[1]) else {
        return;
    };
    let Some(slot) = found else {
        ctx.out.array(2);
        ctx.out.bulk(b"0");
        ctx.out.array(0);
        return;
    };
    let mut count = 10i64;
    let mut pattern: Option<&[u8]> = None;
    let mut i = 3;
    while i < argv.len() {
        let left = argv.len() - i;
        if opt_eq(argv[i], "count") && left >= 2 {
            let Some(n) = arg_i64(&mut ctx.out, argv[i + 1]) else {
                return;
            };
            if n < 1 {
                ctx.out.error(SYNTAX);
                return;
            }
            count = n;
        } else if opt_eq(argv[i], "match") && left >= 2 {
            let p = argv[i + 1];
            pattern = if p == b"*" { None } else { Some(p) };
        } else {
            ctx.out.error(SYNTAX);
            return;
        }
        i += 2;
    }
    let z = zset_at(e, db, slot);
    let listpack = z.is_listpack();
    let mut items: Vec<(&[u8], f64)> = Vec::new();
    let next = z.scan(cursor, count as usize, |m, s| items.push((m, s)));
    let out = &mut ctx.out;
    let kept: Vec<(&[u8], f64)> = items
        .into_iter()
        .filter(|(m, _)| pattern.is_none_or(|p| glob_match(p, m, false)))
        .collect();
    out.array(2);
    let mut b = itoa::Buffer::new();
    out.bulk(b.format(next).as_bytes());
    out.array(kept.len() * 2);
    for (m, s) in kept {
        out.bulk(m);
        let t = if listpack {
            listpack_score_text(s)
        } else {
            format_double(s)
        };
        out.bulk(t.as_bytes());
    }
}

// ----- ZUNION, ZINTER, ZDIFF and their STORE forms, ZINTERCARD ----------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum SetOp {
    Union,
    Inter,
    Diff,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Aggregate {
    Sum,
    Min,
    Max,
}

fn aggregate(target: &mut f64, val: f64, agg: Aggregate) {
    match agg {
        Aggregate::Sum => {
            *target += val;
            // inf + -inf: Redis keeps the convention of 0.
            if target.is_nan() {
                *target = 0.0;
            }
        }
        Aggregate::Min => {
            if val < *target {
                *target = val;
            }
        }
        Aggregate::Max => {
            if val > *target {
                *target = val;
            }
        }
    }
}

/// One input of a set operation.
#[derive(Clone, Copy)]
enum Src<'a> {
    Missing,
    Z(&'a ZSet, u32),
    S(&'a Set, u32),
}

impl Src<'_> {
    fn len(&self) -> usize {
        match self {
            Src::Missing => 0,
            Src::Z(z, _) => z.len(),
            Src::S(s, _) => set_len(s),
        }
    }

    /// The keyspace slot (identity of the object, for "same key twice").
    fn slot(&self) -> Option<u32> {
        match self {
            Src::Missing => None,
            Src::Z(_, s) | Src::S(_, s) => Some(*s),
        }
    }

    fn find(&self, m: &[u8]) -> Option<f64> {
        match self {
            Src::Missing => None,
            Src::Z(z, _) => z.score(m),
            Src::S(s, _) => {
                if set_contains(s, m) {
                    Some(1.0)
                } else {
                    None
                }
            }
        }
    }

    fn for_each(&self, mut f: impl FnMut(&[u8], f64)) {
        match self {
            Src::Missing => {}
            Src::Z(z, _) => z.for_each(f),
            Src::S(s, _) => set_for_each(s, |m| f(m, 1.0)),
        }
    }
}

fn zunion_command(e: &mut Engine, ctx: &mut Ctx) {
    setop_generic(e, ctx, false, 1, SetOp::Union, false);
}

fn zinter_command(e: &mut Engine, ctx: &mut Ctx) {
    setop_generic(e, ctx, false, 1, SetOp::Inter, false);
}

fn zdiff_command(e: &mut Engine, ctx: &mut Ctx) {
    setop_generic(e, ctx, false, 1, SetOp::Diff, false);
}

fn zunionstore_command(e: &mut Engine, ctx: &mut Ctx) {
    setop_generic(e, ctx, true, 2, SetOp::Union, false);
}

fn zinterstore_command(e: &mut Engine, ctx: &mut Ctx) {
    setop_generic(e, ctx, true, 2, SetOp::Inter, false);
}

fn zdiffstore_command(e: &mut Engine, ctx: &mut Ctx) {
    setop_generic(e, ctx, true, 2, SetOp::Diff, false);
}

fn zintercard_command(e: &mut Engine, ctx: &mut Ctx) {
    setop_generic(e, ctx, false, 1, SetOp::Inter, true);
}

/// Redis's `zunionInterDiffGenericCommand`.
fn setop_generic(
    e: &mut Engine,
    ctx: &mut Ctx,
    store: bool,
    numkeys_idx: usize,
    op: SetOp,
    card_only: bool,
) {
    let argv = ctx.argv;
    let Some(setnum) = arg_i64(&mut ctx.out, argv[numkeys_idx]) else {
        return;
    };
    if setnum < 1 {
        let name = argv[0].to_ascii_lowercase();
        ctx.out.error(&format!(
            "ERR at least 1 input key is needed for '{}' command",
            alloc::string::String::from_utf8_lossy(&name)
        ));
        return;
    }
    if setnum as u64 > (argv.len() - (numkeys_idx + 1)) as u64 {
        ctx.out.error(SYNTAX);
        return;
    }
    let setnum = setnum as usize;
    let db = ctx.db(e);
    // Look the inputs up first (WRONGTYPE is reported before any option error).
    let mut slots: Vec<Option<u32>> = Vec::with_capacity(setnum);
    for i in 0..setnum {
        let k = argv[numkeys_idx + 1 + i];
        match e.lookup_read_slot(db, k) {
            None => slots.push(None),
            Some(slot) => match &e.dbs[db].entry(slot).value {
                Value::ZSet(_) | Value::Set(_) => slots.push(Some(slot)),
                _ => {
                    ctx.out.error(WRONGTYPE);
                    return;
                }
            },
        }
    }
    let mut weights = alloc::vec![1.0f64; setnum];
    let mut agg = Aggregate::Sum;
    let mut withscores = false;
    let mut limit: u64 = 0;
    let mut j = numkeys_idx + 1 + setnum;
    while j < argv.len() {
        let remaining = argv.len() - j;
        if op != SetOp::Diff && !card_only && remaining > setnum && opt_eq(argv[j], "weights") {
            j += 1;
            for w in weights.iter_mut() {
                match parse_f64(argv[j]) {
                    Some(v) => *w = v,
                    None => {
                        ctx.out.error("ERR weight value is not a float");
                        return;
                    }
                }
                j += 1;
            }
        } else if op != SetOp::Diff && !card_only && remaining >= 2 && opt_eq(argv[j], "aggregate")
        {
            let v = argv[j + 1];
            agg = if opt_eq(v, "sum") {
                Aggregate::Sum
            } else if opt_eq(v, "min") {
                Aggregate::Min
            } else if opt_eq(v, "max") {
                Aggregate::Max
            } else {
                ctx.out.error(SYNTAX);
                return;
            };
            j += 2;
        } else if remaining >= 1 && !store && !card_only && opt_eq(argv[j], "withscores") {
            withscores = true;
            j += 1;
        } else if card_only && remaining >= 2 && opt_eq(argv[j], "limit") {
            match crate::num::parse_i64(argv[j + 1]) {
                Some(n) if n >= 0 => limit = n as u64,
                _ => {
                    ctx.out.error("ERR LIMIT can't be negative");
                    return;
                }
            }
            j += 2;
        } else {
            ctx.out.error(SYNTAX);
            return;
        }
    }
    let mut srcs: Vec<(Src, f64)> = slots
        .iter()
        .zip(weights.iter())
        .map(|(s, &w)| {
            let src = match s {
                None => Src::Missing,
                Some(slot) => match &e.dbs[db].entry(*slot).value {
                    Value::ZSet(z) => Src::Z(z, *slot),
                    Value::Set(st) => Src::S(st, *slot),
                    _ => Src::Missing,
                },
            };
            (src, w)
        })
        .collect();
    if op != SetOp::Diff {
        // Stable, as glibc's qsort (a merge sort): equal sizes keep their order.
        srcs.sort_by_key(|(s, _)| s.len());
    }
    let mut result: Vec<(Vec<u8>, f64)> = Vec::new();
    let mut cardinality: u64 = 0;
    match op {
        SetOp::Inter => {
            if srcs[0].0.len() > 0 {
                let (first, w0) = srcs[0];
                let mut stop = false;
                first.for_each(|m, s| {
                    if stop {
                        return;
                    }
                    let mut score = w0 * s;
                    if score.is_nan() {
                        score = 0.0;
                    }
                    for &(src, w) in &srcs[1..] {
                        let v = if src.slot().is_some() && src.slot() == first.slot() {
                            Some(s)
                        } else {
                            src.find(m)
                        };
                        match v {
                            Some(v) => aggregate(&mut score, v * w, agg),
                            None => return,
                        }
                    }
                    if card_only {
                        cardinality += 1;
                        if limit != 0 && cardinality >= limit {
                            stop = true;
                        }
                    } else {
                        result.push((m.to_vec(), score));
                    }
                });
            }
        }
        SetOp::Union => {
            let mut acc: hashbrown::HashMap<Vec<u8>, f64, foldhash::fast::FixedState> =
                hashbrown::HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0x2545_f491));
            for &(src, w) in &srcs {
                src.for_each(|m, s| {
                    let mut score = w * s;
                    if score.is_nan() {
                        score = 0.0;
                    }
                    match acc.get_mut(m) {
                        Some(t) => aggregate(t, score, agg),
                        None => {
                            acc.insert(m.to_vec(), score);
                        }
                    }
                });
            }
            result = acc.into_iter().collect();
        }
        SetOp::Diff => {
            let first = srcs[0].0;
            let same = srcs[1..]
                .iter()
                .any(|(s, _)| s.slot().is_some() && s.slot() == first.slot());
            if first.len() > 0 && !same {
                first.for_each(|m, s| {
                    if !srcs[1..].iter().any(|(o, _)| o.find(m).is_some()) {
                        result.push((m.to_vec(), s));
                    }
                });
            }
        }
    }
    drop(srcs);
    if card_only {
        ctx.out.int(cardinality as i64);
        return;
    }
    sort_by_score(&mut result);
    if store {
        let dst = argv[1];
        if !result.is_empty() {
            let n = result.len();
            let z = zset_for_result(e, &result);
            let event = match op {
                SetOp::Union => "zunionstore",
                SetOp::Inter => "zinterstore",
                SetOp::Diff => "zdiffstore",
            };
            store_zset(e, db, dst, z, event);
            ctx.out.int(n as i64);
            e.dirty += 1;
        } else {
            ctx.out.int(0);
            if delete_key(e, db, dst) {
                e.dirty += 1;
            }
        }
        return;
    }
    let out = &mut ctx.out;
    let resp3 = out.is_resp3();
    out.array(if withscores && !resp3 {
        result.len() * 2
    } else {
        result.len()
    });
    for (m, s) in &result {
        if withscores && resp3 {
            out.array(2);
        }
        out.bulk(m);
        if withscores {
            reply_double(out, *s);
        }
    }
}

// ----- plain sets as inputs (types/set.rs) ------------------------------------------------------

/// A set's members all have score 1 in ZUNION/ZINTER/ZDIFF.
fn set_len(s: &Set) -> usize {
    s.len()
}

fn set_contains(s: &Set, m: &[u8]) -> bool {
    s.contains(m)
}

fn set_for_each(s: &Set, f: impl FnMut(&[u8])) {
    s.for_each(f);
}

#[cfg(test)]
mod tests {
    //! Expected replies are the bytes redis-server 7.0.15 sent for the same commands (the
    //! `*_SKIPLIST` scripts ran with `zset-max-listpack-entries 0` first, so every set was
    //! a skiplist).
    use super::*;
    use crate::client::ClientId;
    use crate::engine::testing::{engine, run, run_args};
    use crate::engine::Outcome;
    use crate::resp::writer::Protocol;
    use alloc::string::String;
    use alloc::vec;

    fn resp3(e: &mut Engine, c: ClientId) {
        e.client_mut(c).unwrap().proto = Protocol::Resp3;
    }

    fn text(b: Vec<u8>) -> String {
        String::from_utf8(b).unwrap()
    }

    /// Runs (command, expected reply) steps on a fresh engine; `("!3", "")` switches to RESP3.
    fn script(steps: &[(&str, &str)]) -> (Engine, ClientId) {
        let (mut e, c) = engine();
        for (cmd, want) in steps {
            if *cmd == "!3" {
                resp3(&mut e, c);
                continue;
            }
            assert_eq!(text(run(&mut e, c, cmd)), *want, "{}", cmd);
        }
        (e, c)
    }

    /// The same steps with every sorted set created as a skiplist: replies must not depend
    /// on the encoding.
    fn script_skiplist(steps: &[(&str, &str)]) {
        let mut all = vec![("config set zset-max-listpack-entries 0", "+OK\r\n")];
        all.extend_from_slice(steps);
        script(&all);
    }

    const ZADD: &[(&str, &str)] = &[
        ("zadd z 1 a", ":1\r\n"),
        ("zadd z 2 b 3 c 1 a", ":2\r\n"),
        ("zadd z ch 5 a 2 b 4 d", ":2\r\n"),
        ("zadd z nx 10 a 11 e", ":1\r\n"),
        ("zadd z xx 20 a 21 f", ":0\r\n"),
        ("zadd z xx ch 20 a 22 b", ":1\r\n"),
        ("zadd z gt 1 a 30 b", ":0\r\n"),
        ("zadd z lt ch 1 a 50 c", ":1\r\n"),
        ("zadd z gt xx ch 100 a 0 b", ":1\r\n"),
        ("zadd z incr 5 a", "$3\r\n105\r\n"),
        ("zadd z incr nx 5 a", "$-1\r\n"),
        ("zadd z incr xx 5 nosuch", "$-1\r\n"),
        ("zadd z incr gt -1 a", "$-1\r\n"),
        ("zadd z incr lt -1 a", "$3\r\n104\r\n"),
        ("zadd z incr inf a", "$3\r\ninf\r\n"),
        ("zadd z incr -inf a", "-ERR resulting score is not a number (NaN)\r\n"),
        ("zadd z incr 1 newone", "$1\r\n1\r\n"),
        ("zrange z 0 -1 withscores", "*12\r\n$6\r\nnewone\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\ne\r\n$2\r\n11\r\n$1\r\nb\r\n$2\r\n30\r\n$1\r\na\r\n$3\r\ninf\r\n"),
        ("zadd z xx nx 1 a", "-ERR XX and NX options at the same time are not compatible\r\n"),
        ("zadd z gt lt 1 a", "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n"),
        ("zadd z gt nx 1 a", "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n"),
        ("zadd z lt nx 1 a", "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n"),
        ("zadd z incr 1 a 2 b", "-ERR INCR option supports a single increment-element pair\r\n"),
        ("zadd z 1", "-ERR wrong number of arguments for 'zadd' command\r\n"),
        ("zadd z 1 a 2", "-ERR syntax error\r\n"),
        ("zadd z nx", "-ERR wrong number of arguments for 'zadd' command\r\n"),
        ("zadd z nx xx", "-ERR syntax error\r\n"),
        ("zadd z x a", "-ERR value is not a valid float\r\n"),
        ("zadd z 1 a x b", "-ERR value is not a valid float\r\n"),
        ("zadd z nan a", "-ERR value is not a valid float\r\n"),
        ("zadd z 1e400 a", "-ERR value is not a valid float\r\n"),
        ("zadd z NX 1 NX", ":1\r\n"),
        ("zadd z Ch Xx 1 a", ":1\r\n"),
        ("zadd newkey xx 1 a", ":0\r\n"),
        ("exists newkey", ":0\r\n"),
        ("zadd newkey xx incr 1 a", "$-1\r\n"),
        ("zadd newkey2 1 a 1 a 2 a", ":1\r\n"),
        ("zrange newkey2 0 -1 withscores", "*2\r\n$1\r\na\r\n$1\r\n2\r\n"),
        ("zadd s1 0x10 a +5 b .5 c -inf d inf e 1e2 f -0 g", ":7\r\n"),
        ("zrange s1 0 -1 withscores", "*14\r\n$1\r\nd\r\n$4\r\n-inf\r\n$1\r\ng\r\n$1\r\n0\r\n$1\r\nc\r\n$3\r\n0.5\r\n$1\r\nb\r\n$1\r\n5\r\n$1\r\na\r\n$2\r\n16\r\n$1\r\nf\r\n$3\r\n100\r\n$1\r\ne\r\n$3\r\ninf\r\n"),
        ("zscore s1 g", "$1\r\n0\r\n"),
        ("set str x", "+OK\r\n"),
        ("zadd str 1 a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zadd str x a", "-ERR value is not a valid float\r\n"),
        ("zadd str xx nx 1 a", "-ERR XX and NX options at the same time are not compatible\r\n"),
        ("zincrby z 1 a", "$1\r\n2\r\n"),
        ("zincrby z x a", "-ERR value is not a valid float\r\n"),
        ("zincrby z nan a", "-ERR value is not a valid float\r\n"),
        ("zincrby z 1", "-ERR wrong number of arguments for 'zincrby' command\r\n"),
        ("zincrby z -inf a", "$4\r\n-inf\r\n"),
        ("zincrby z inf a", "-ERR resulting score is not a number (NaN)\r\n"),
        ("zincrby z inf a", "-ERR resulting score is not a number (NaN)\r\n"),
        ("zincrby z2 2.5 m", "$3\r\n2.5\r\n"),
        ("zincrby str 1 a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zincrby z nx a", "-ERR syntax error\r\n"),
        ("zrange z2 0 -1 withscores", "*2\r\n$1\r\nm\r\n$3\r\n2.5\r\n"),
        ("!3", ""),
        ("zadd z incr 1 b", ",31\r\n"),
        ("zadd z incr nx 1 b", "_\r\n"),
        ("zincrby z 0.1 b", ",31.100000000000001\r\n"),
        ("zscore z b", ",31.100000000000001\r\n"),
        ("zadd z 1 a", ":0\r\n"),
    ];
    const ZADD_SKIPLIST: &[(&str, &str)] = &[
        ("config set zset-max-listpack-entries 0", "+OK\r\n"),
        ("zadd z 1 a", ":1\r\n"),
        ("zadd z 2 b 3 c 1 a", ":2\r\n"),
        ("zadd z ch 5 a 2 b 4 d", ":2\r\n"),
        ("zadd z nx 10 a 11 e", ":1\r\n"),
        ("zadd z xx 20 a 21 f", ":0\r\n"),
        ("zadd z xx ch 20 a 22 b", ":1\r\n"),
        ("zadd z gt 1 a 30 b", ":0\r\n"),
        ("zadd z lt ch 1 a 50 c", ":1\r\n"),
        ("zadd z gt xx ch 100 a 0 b", ":1\r\n"),
        ("zadd z incr 5 a", "$3\r\n105\r\n"),
        ("zadd z incr nx 5 a", "$-1\r\n"),
        ("zadd z incr xx 5 nosuch", "$-1\r\n"),
        ("zadd z incr gt -1 a", "$-1\r\n"),
        ("zadd z incr lt -1 a", "$3\r\n104\r\n"),
        ("zadd z incr inf a", "$3\r\ninf\r\n"),
        ("zadd z incr -inf a", "-ERR resulting score is not a number (NaN)\r\n"),
        ("zadd z incr 1 newone", "$1\r\n1\r\n"),
        ("zrange z 0 -1 withscores", "*12\r\n$6\r\nnewone\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\ne\r\n$2\r\n11\r\n$1\r\nb\r\n$2\r\n30\r\n$1\r\na\r\n$3\r\ninf\r\n"),
        ("zadd z xx nx 1 a", "-ERR XX and NX options at the same time are not compatible\r\n"),
        ("zadd z gt lt 1 a", "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n"),
        ("zadd z gt nx 1 a", "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n"),
        ("zadd z lt nx 1 a", "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n"),
        ("zadd z incr 1 a 2 b", "-ERR INCR option supports a single increment-element pair\r\n"),
        ("zadd z 1", "-ERR wrong number of arguments for 'zadd' command\r\n"),
        ("zadd z 1 a 2", "-ERR syntax error\r\n"),
        ("zadd z nx", "-ERR wrong number of arguments for 'zadd' command\r\n"),
        ("zadd z nx xx", "-ERR syntax error\r\n"),
        ("zadd z x a", "-ERR value is not a valid float\r\n"),
        ("zadd z 1 a x b", "-ERR value is not a valid float\r\n"),
        ("zadd z nan a", "-ERR value is not a valid float\r\n"),
        ("zadd z 1e400 a", "-ERR value is not a valid float\r\n"),
        ("zadd z NX 1 NX", ":1\r\n"),
        ("zadd z Ch Xx 1 a", ":1\r\n"),
        ("zadd newkey xx 1 a", ":0\r\n"),
        ("exists newkey", ":0\r\n"),
        ("zadd newkey xx incr 1 a", "$-1\r\n"),
        ("zadd newkey2 1 a 1 a 2 a", ":1\r\n"),
        ("zrange newkey2 0 -1 withscores", "*2\r\n$1\r\na\r\n$1\r\n2\r\n"),
        ("zadd s1 0x10 a +5 b .5 c -inf d inf e 1e2 f -0 g", ":7\r\n"),
        ("zrange s1 0 -1 withscores", "*14\r\n$1\r\nd\r\n$4\r\n-inf\r\n$1\r\ng\r\n$2\r\n-0\r\n$1\r\nc\r\n$3\r\n0.5\r\n$1\r\nb\r\n$1\r\n5\r\n$1\r\na\r\n$2\r\n16\r\n$1\r\nf\r\n$3\r\n100\r\n$1\r\ne\r\n$3\r\ninf\r\n"),
        ("zscore s1 g", "$2\r\n-0\r\n"),
        ("set str x", "+OK\r\n"),
        ("zadd str 1 a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zadd str x a", "-ERR value is not a valid float\r\n"),
        ("zadd str xx nx 1 a", "-ERR XX and NX options at the same time are not compatible\r\n"),
        ("zincrby z 1 a", "$1\r\n2\r\n"),
        ("zincrby z x a", "-ERR value is not a valid float\r\n"),
        ("zincrby z nan a", "-ERR value is not a valid float\r\n"),
        ("zincrby z 1", "-ERR wrong number of arguments for 'zincrby' command\r\n"),
        ("zincrby z -inf a", "$4\r\n-inf\r\n"),
        ("zincrby z inf a", "-ERR resulting score is not a number (NaN)\r\n"),
        ("zincrby z inf a", "-ERR resulting score is not a number (NaN)\r\n"),
        ("zincrby z2 2.5 m", "$3\r\n2.5\r\n"),
        ("zincrby str 1 a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zincrby z nx a", "-ERR syntax error\r\n"),
        ("zrange z2 0 -1 withscores", "*2\r\n$1\r\nm\r\n$3\r\n2.5\r\n"),
        ("!3", ""),
        ("zadd z incr 1 b", ",31\r\n"),
        ("zadd z incr nx 1 b", "_\r\n"),
        ("zincrby z 0.1 b", ",31.100000000000001\r\n"),
        ("zscore z b", ",31.100000000000001\r\n"),
        ("zadd z 1 a", ":0\r\n"),
    ];

    const ZREM: &[(&str, &str)] = &[
        ("zadd z 1 a 2 b 3 c", ":3\r\n"),
        ("zrem z a x", ":1\r\n"),
        ("zrem z x y", ":0\r\n"),
        ("zrem nokey a", ":0\r\n"),
        ("zrem z b c a", ":2\r\n"),
        ("exists z", ":0\r\n"),
        ("zadd z 1 a 2 b", ":2\r\n"),
        ("zrem z a b a b", ":2\r\n"),
        ("exists z", ":0\r\n"),
        ("set str x", "+OK\r\n"),
        (
            "zrem str a",
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        (
            "zrem z",
            "-ERR wrong number of arguments for 'zrem' command\r\n",
        ),
    ];
    const READ: &[(&str, &str)] = &[
        ("zadd z 1 a 2 b 2 c 3 d -1 e", ":5\r\n"),
        ("zcard z", ":5\r\n"),
        ("zcard nokey", ":0\r\n"),
        ("zscore z c", "$1\r\n2\r\n"),
        ("zscore z x", "$-1\r\n"),
        ("zscore nokey x", "$-1\r\n"),
        ("zmscore z a x c", "*3\r\n$1\r\n1\r\n$-1\r\n$1\r\n2\r\n"),
        ("zmscore nokey a b", "*2\r\n$-1\r\n$-1\r\n"),
        ("zrank z a", ":1\r\n"),
        ("zrank z e", ":0\r\n"),
        ("zrank z d", ":4\r\n"),
        ("zrank z x", "$-1\r\n"),
        ("zrank nokey x", "$-1\r\n"),
        ("zrevrank z a", ":3\r\n"),
        ("zrevrank z e", ":4\r\n"),
        ("zrevrank z x", "$-1\r\n"),
        ("zcount z -inf +inf", ":5\r\n"),
        ("zcount z (1 3", ":3\r\n"),
        ("zcount z 2 2", ":2\r\n"),
        ("zcount z (2 2", ":0\r\n"),
        ("zcount z 3 1", ":0\r\n"),
        ("zcount z x 1", "-ERR min or max is not a float\r\n"),
        ("zcount z 1 (x", "-ERR min or max is not a float\r\n"),
        ("zcount nokey 0 1", ":0\r\n"),
        ("zcount z -1e999 1e999", ":5\r\n"),
        ("zcount z 0x1 0x2", ":3\r\n"),
        ("zcount z (0 (", ":0\r\n"),
        ("zlexcount z - +", ":5\r\n"),
        ("zlexcount z [b [c", ":0\r\n"),
        ("zlexcount z (b [c", ":0\r\n"),
        ("zlexcount z + -", ":0\r\n"),
        ("zlexcount z - -", ":0\r\n"),
        (
            "zlexcount z a b",
            "-ERR min or max not valid string range item\r\n",
        ),
        (
            "zlexcount z [a +x",
            "-ERR min or max not valid string range item\r\n",
        ),
        ("zlexcount nokey - +", ":0\r\n"),
        ("set str x", "+OK\r\n"),
        (
            "zcard str",
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        (
            "zscore str a",
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        (
            "zmscore str a",
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        (
            "zrank str a",
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        (
            "zrevrank str a",
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        (
            "zcount str 0 1",
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        ("zcount str x 1", "-ERR min or max is not a float\r\n"),
        (
            "zlexcount str - +",
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        (
            "zlexcount str x y",
            "-ERR min or max not valid string range item\r\n",
        ),
        (
            "zmscore z",
            "-ERR wrong number of arguments for 'zmscore' command\r\n",
        ),
        ("!3", ""),
        ("zscore z a", ",1\r\n"),
        ("zscore z x", "_\r\n"),
        ("zmscore z a x", "*2\r\n,1\r\n_\r\n"),
        ("zrank z a", ":1\r\n"),
        ("zrank z x", "_\r\n"),
        ("zscore nokey x", "_\r\n"),
    ];
    const RANGE: &[(&str, &str)] = &[
        ("zadd z 1 a 2 b 3 c 4 d 5 e 5 f 6 g", ":7\r\n"),
        ("zrange z 0 -1", "*7\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n$1\r\ng\r\n"),
        ("zrange z 0 -1 withscores", "*14\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\ne\r\n$1\r\n5\r\n$1\r\nf\r\n$1\r\n5\r\n$1\r\ng\r\n$1\r\n6\r\n"),
        ("zrange z 2 3", "*2\r\n$1\r\nc\r\n$1\r\nd\r\n"),
        ("zrange z -2 -1 withscores", "*4\r\n$1\r\nf\r\n$1\r\n5\r\n$1\r\ng\r\n$1\r\n6\r\n"),
        ("zrange z 5 1", "*0\r\n"),
        ("zrange z 10 20", "*0\r\n"),
        ("zrange z -100 100", "*7\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n$1\r\ng\r\n"),
        ("zrange z 0 -1 rev", "*7\r\n$1\r\ng\r\n$1\r\nf\r\n$1\r\ne\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n"),
        ("zrange z 0 1 rev withscores", "*4\r\n$1\r\ng\r\n$1\r\n6\r\n$1\r\nf\r\n$1\r\n5\r\n"),
        ("zrange z 1 4 byscore", "*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n"),
        ("zrange z (1 (4 byscore withscores", "*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n"),
        ("zrange z 4 1 byscore rev", "*4\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n"),
        ("zrange z 4 (1 byscore rev withscores", "*6\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n"),
        ("zrange z -inf +inf byscore limit 2 3", "*3\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n"),
        ("zrange z -inf +inf byscore limit 2 -1", "*5\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n$1\r\ng\r\n"),
        ("zrange z -inf +inf byscore limit -1 2", "*0\r\n"),
        ("zrange z -inf +inf byscore limit 0 0", "*0\r\n"),
        ("zrange z -inf +inf byscore limit 10 1", "*0\r\n"),
        ("zrange z +inf -inf byscore rev limit 1 2 withscores", "*4\r\n$1\r\nf\r\n$1\r\n5\r\n$1\r\ne\r\n$1\r\n5\r\n"),
        ("zrange z +inf -inf byscore rev limit 6 5", "*1\r\n$1\r\na\r\n"),
        ("zrange z +inf -inf byscore rev limit 7 5", "*0\r\n"),
        ("zrange z - + bylex", "*7\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n$1\r\ng\r\n"),
        ("zrange z [b (e bylex", "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n"),
        ("zrange z + - bylex rev", "*7\r\n$1\r\ng\r\n$1\r\nf\r\n$1\r\ne\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n"),
        ("zrange z (e [b bylex rev limit 1 1", "*1\r\n$1\r\nc\r\n"),
        ("zrange z - + bylex limit 2 2", "*2\r\n$1\r\nc\r\n$1\r\nd\r\n"),
        ("zrange z 0 -1 limit 0 1", "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n"),
        ("zrange z 0 -1 byscore limit 0", "-ERR syntax error\r\n"),
        ("zrange z a b bylex withscores", "-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n"),
        ("zrange z 0 1 byscore bylex", "-ERR syntax error\r\n"),
        ("zrange z 0 1 rev rev", "-ERR syntax error\r\n"),
        ("zrange z 0 1 foo", "-ERR syntax error\r\n"),
        ("zrange z x 1", "-ERR value is not an integer or out of range\r\n"),
        ("zrange z 0 x", "-ERR value is not an integer or out of range\r\n"),
        ("zrange z x 1 byscore", "-ERR min or max is not a float\r\n"),
        ("zrange z 1 x byscore", "-ERR min or max is not a float\r\n"),
        ("zrange z a b bylex", "-ERR min or max not valid string range item\r\n"),
        ("zrange z 0 -1 limit 5 -1", "*7\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n$1\r\ng\r\n"),
        ("zrange z 0 -1 byscore limit x 1", "-ERR value is not an integer or out of range\r\n"),
        ("zrange z 0 -1 byscore limit 0 x", "-ERR value is not an integer or out of range\r\n"),
        ("zrange z 0 10 byscore limit 1 1 limit 2 2 withscores", "*4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n"),
        ("zrange nokey 0 -1", "*0\r\n"),
        ("zrange nokey 0 -1 byscore", "*0\r\n"),
        ("zrange nokey a b bylex", "-ERR min or max not valid string range item\r\n"),
        ("zrangebyscore z 1 3", "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n"),
        ("zrangebyscore z 1 3 withscores limit 1 1", "*2\r\n$1\r\nb\r\n$1\r\n2\r\n"),
        ("zrangebyscore z 1 3 rev", "-ERR syntax error\r\n"),
        ("zrangebyscore z 1 3 byscore", "-ERR syntax error\r\n"),
        ("zrangebyscore z (3 +inf", "*4\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n$1\r\ng\r\n"),
        ("zrangebyscore z 3 1", "*0\r\n"),
        ("zrevrangebyscore z 3 1", "*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n"),
        ("zrevrangebyscore z 3 1 withscores limit 0 2", "*4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n"),
        ("zrevrangebyscore z +inf -inf limit 3 100", "*4\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n"),
        ("zrevrangebyscore z 1 3", "*0\r\n"),
        ("zrangebylex z - +", "*7\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n$1\r\ng\r\n"),
        ("zrangebylex z [c + limit 1 2", "*2\r\n$1\r\nd\r\n$1\r\ne\r\n"),
        ("zrangebylex z - + withscores", "-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n"),
        ("zrevrangebylex z + -", "*7\r\n$1\r\ng\r\n$1\r\nf\r\n$1\r\ne\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n"),
        ("zrevrangebylex z [d [b", "*3\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n"),
        ("zrevrangebylex z (d - limit 1 5", "*2\r\n$1\r\nb\r\n$1\r\na\r\n"),
        ("zrevrange z 0 1", "*2\r\n$1\r\ng\r\n$1\r\nf\r\n"),
        ("zrevrange z 0 -1 withscores", "*14\r\n$1\r\ng\r\n$1\r\n6\r\n$1\r\nf\r\n$1\r\n5\r\n$1\r\ne\r\n$1\r\n5\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n"),
        ("zrevrange z -2 -1", "*2\r\n$1\r\nb\r\n$1\r\na\r\n"),
        ("zrevrange z 0 1 rev", "-ERR syntax error\r\n"),
        ("zrevrange z 0 1 limit 0 1", "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n"),
        ("zrevrange z 0 1 byscore", "-ERR syntax error\r\n"),
        ("set str x", "+OK\r\n"),
        ("zrange str 0 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zrange str x 1", "-ERR value is not an integer or out of range\r\n"),
        ("zrangebyscore str 0 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zrangebylex str - +", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zrevrange str 0 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zadd w 0 a 0 b 0 c 0 d", ":4\r\n"),
        ("zrangebylex w [b [c", "*2\r\n$1\r\nb\r\n$1\r\nc\r\n"),
        ("zrangebylex w (a (d", "*2\r\n$1\r\nb\r\n$1\r\nc\r\n"),
        ("zrangebylex w [aa (c", "*1\r\n$1\r\nb\r\n"),
        ("zrangebylex w - [a", "*1\r\n$1\r\na\r\n"),
        ("zrangebylex w (d +", "*0\r\n"),
        ("zrange w 0 -1 byscore", "*0\r\n"),
        ("zrange w (0 0 byscore", "*0\r\n"),
        ("!3", ""),
        ("zrange z 0 1 withscores", "*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2\r\n"),
        ("zrange z 0 1", "*2\r\n$1\r\na\r\n$1\r\nb\r\n"),
        ("zrangebyscore z 1 2 withscores", "*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2\r\n"),
        ("zrevrange z 0 0 withscores", "*1\r\n*2\r\n$1\r\ng\r\n,6\r\n"),
        ("zrange nokey 0 -1 withscores", "*0\r\n"),
        ("zrange z 5 1 withscores", "*0\r\n"),
    ];
    const RANGESTORE: &[(&str, &str)] = &[
        ("zadd z 1 a 2 b 3 c 4 d", ":4\r\n"),
        ("zrangestore d z 0 1", ":2\r\n"),
        ("zrange d 0 -1 withscores", "*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n"),
        ("object encoding d", "$8\r\nlistpack\r\n"),
        ("zrangestore d z 1 3 byscore rev limit 0 2", ":0\r\n"),
        ("zrange d 0 -1 withscores", "*0\r\n"),
        ("zrangestore d z [b + bylex", ":3\r\n"),
        ("zrange d 0 -1 withscores", "*6\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n"),
        ("zrangestore d z 5 10", ":0\r\n"),
        ("exists d", ":0\r\n"),
        ("zrangestore d z 0 -1", ":4\r\n"),
        ("zrangestore d nokey 0 -1", ":0\r\n"),
        ("exists d", ":0\r\n"),
        ("zrangestore d z 0 -1 withscores", "-ERR syntax error\r\n"),
        ("zrangestore d z 0 -1 limit 0 1", "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n"),
        ("zrangestore d z x y", "-ERR value is not an integer or out of range\r\n"),
        ("set str x", "+OK\r\n"),
        ("zrangestore d str 0 -1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zrangestore str z 0 0", ":1\r\n"),
        ("type str", "+zset\r\n"),
        ("zrange str 0 -1", "*1\r\n$1\r\na\r\n"),
        ("zrangestore z z 1 2", ":2\r\n"),
        ("zrange z 0 -1 withscores", "*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n"),
    ];
    const RANGESTORE_SKIPLIST: &[(&str, &str)] = &[
        ("config set zset-max-listpack-entries 0", "+OK\r\n"),
        ("zadd z 1 a 2 b 3 c 4 d", ":4\r\n"),
        ("zrangestore d z 0 1", ":2\r\n"),
        ("zrange d 0 -1 withscores", "*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n"),
        ("object encoding d", "$8\r\nskiplist\r\n"),
        ("zrangestore d z 1 3 byscore rev limit 0 2", ":0\r\n"),
        ("zrange d 0 -1 withscores", "*0\r\n"),
        ("zrangestore d z [b + bylex", ":3\r\n"),
        ("zrange d 0 -1 withscores", "*6\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n"),
        ("zrangestore d z 5 10", ":0\r\n"),
        ("exists d", ":0\r\n"),
        ("zrangestore d z 0 -1", ":4\r\n"),
        ("zrangestore d nokey 0 -1", ":0\r\n"),
        ("exists d", ":0\r\n"),
        ("zrangestore d z 0 -1 withscores", "-ERR syntax error\r\n"),
        ("zrangestore d z 0 -1 limit 0 1", "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n"),
        ("zrangestore d z x y", "-ERR value is not an integer or out of range\r\n"),
        ("set str x", "+OK\r\n"),
        ("zrangestore d str 0 -1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zrangestore str z 0 0", ":1\r\n"),
        ("type str", "+zset\r\n"),
        ("zrange str 0 -1", "*1\r\n$1\r\na\r\n"),
        ("zrangestore z z 1 2", ":2\r\n"),
        ("zrange z 0 -1 withscores", "*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n"),
    ];

    const REMRANGE: &[(&str, &str)] = &[
        ("zadd z 1 a 2 b 3 c 4 d 5 e", ":5\r\n"),
        ("zremrangebyrank z 0 0", ":1\r\n"),
        ("zremrangebyrank z -1 -1", ":1\r\n"),
        ("zremrangebyrank z 5 10", ":0\r\n"),
        ("zremrangebyrank z 2 1", ":0\r\n"),
        ("zrange z 0 -1", "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n"),
        ("zremrangebyrank z -100 100", ":3\r\n"),
        ("exists z", ":0\r\n"),
        ("zadd z 1 a 2 b 3 c 4 d 5 e", ":5\r\n"),
        ("zremrangebyscore z (1 2", ":1\r\n"),
        ("zremrangebyscore z 10 20", ":0\r\n"),
        ("zremrangebyscore z 5 1", ":0\r\n"),
        (
            "zremrangebyscore z x 1",
            "-ERR min or max is not a float\r\n",
        ),
        (
            "zrange z 0 -1",
            "*4\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n",
        ),
        ("zremrangebyscore z -inf +inf", ":4\r\n"),
        ("exists z", ":0\r\n"),
        ("zadd z 0 a 0 b 0 c 0 d 0 e", ":5\r\n"),
        ("zremrangebylex z [b (d", ":2\r\n"),
        ("zremrangebylex z + -", ":0\r\n"),
        (
            "zremrangebylex z x y",
            "-ERR min or max not valid string range item\r\n",
        ),
        ("zrange z 0 -1", "*3\r\n$1\r\na\r\n$1\r\nd\r\n$1\r\ne\r\n"),
        ("zremrangebylex z - +", ":3\r\n"),
        ("exists z", ":0\r\n"),
        ("zremrangebyrank nokey 0 1", ":0\r\n"),
        ("zremrangebyscore nokey 0 1", ":0\r\n"),
        ("zremrangebylex nokey - +", ":0\r\n"),
        (
            "zremrangebyrank z x 1",
            "-ERR value is not an integer or out of range\r\n",
        ),
        (
            "zremrangebyrank z 1 x",
            "-ERR value is not an integer or out of range\r\n",
        ),
        ("set str x", "+OK\r\n"),
        (
            "zremrangebyrank str 0 1",
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        (
            "zremrangebyscore str 0 1",
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        (
            "zremrangebylex str - +",
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        (
            "zremrangebyrank str x 1",
            "-ERR value is not an integer or out of range\r\n",
        ),
    ];
    const POP: &[(&str, &str)] = &[
        ("zadd z 1 a 2 b 3 c 4 d 5 e", ":5\r\n"),
        ("zpopmin z", "*2\r\n$1\r\na\r\n$1\r\n1\r\n"),
        ("zpopmax z", "*2\r\n$1\r\ne\r\n$1\r\n5\r\n"),
        (
            "zpopmin z 2",
            "*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n",
        ),
        ("zpopmin z 0", "*0\r\n"),
        ("zpopmax z 10", "*2\r\n$1\r\nd\r\n$1\r\n4\r\n"),
        ("exists z", ":0\r\n"),
        ("zpopmin z", "*0\r\n"),
        ("zpopmin nokey 3", "*0\r\n"),
        (
            "zpopmin z x",
            "-ERR value is out of range, must be positive\r\n",
        ),
        (
            "zpopmin z -1",
            "-ERR value is out of range, must be positive\r\n",
        ),
        ("zpopmin z 1 2", "-ERR syntax error\r\n"),
        ("zadd z 1 a 2 b 3 c", ":3\r\n"),
        (
            "zmpop 1 z min",
            "*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n",
        ),
        (
            "zmpop 2 nokey z max count 5",
            "*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n",
        ),
        ("exists z", ":0\r\n"),
        ("zmpop 1 z min", "*-1\r\n"),
        ("zmpop 0 z min", "-ERR numkeys should be greater than 0\r\n"),
        (
            "zmpop -1 z min",
            "-ERR numkeys should be greater than 0\r\n",
        ),
        ("zmpop x z min", "-ERR numkeys should be greater than 0\r\n"),
        ("zmpop 1 z mid", "-ERR syntax error\r\n"),
        (
            "zmpop 1 z min count 0",
            "-ERR count should be greater than 0\r\n",
        ),
        (
            "zmpop 1 z min count -1",
            "-ERR count should be greater than 0\r\n",
        ),
        (
            "zmpop 1 z min count x",
            "-ERR count should be greater than 0\r\n",
        ),
        ("zmpop 1 z min count", "-ERR syntax error\r\n"),
        ("zmpop 1 z min count 1 count 1", "-ERR syntax error\r\n"),
        (
            "zmpop 2 z",
            "-ERR wrong number of arguments for 'zmpop' command\r\n",
        ),
        ("zmpop 3 a b", "-ERR syntax error\r\n"),
        ("zadd z 1 a", ":1\r\n"),
        ("zmpop 1 z min foo", "-ERR syntax error\r\n"),
        ("set str x", "+OK\r\n"),
        (
            "zpopmin str",
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        (
            "zpopmax str 2",
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        (
            "zmpop 1 str min",
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        (
            "zmpop 2 nokey str min",
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        (
            "zmpop 2 z str min",
            "*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n",
        ),
        ("zadd z 1 a 2 b 3 c", ":3\r\n"),
        ("bzpopmin z 0", "*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n1\r\n"),
        (
            "bzpopmax z nokey 0",
            "*3\r\n$1\r\nz\r\n$1\r\nc\r\n$1\r\n3\r\n",
        ),
        (
            "bzpopmin nokey z 0.5",
            "*3\r\n$1\r\nz\r\n$1\r\nb\r\n$1\r\n2\r\n",
        ),
        (
            "bzpopmin z x",
            "-ERR timeout is not a float or out of range\r\n",
        ),
        ("bzpopmin z -1", "-ERR timeout is negative\r\n"),
        ("bzpopmin z inf", "-ERR timeout is negative\r\n"),
        ("bzpopmin z 1e30", "-ERR timeout is negative\r\n"),
        (
            "bzpopmin str 0",
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        (
            "bzpopmin nokey str 0",
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        ("zadd z 1 a 2 b 3 c", ":3\r\n"),
        (
            "bzmpop 0 1 z min",
            "*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n",
        ),
        (
            "bzmpop 0 2 nokey z max count 10",
            "*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n",
        ),
        (
            "bzmpop x 1 z min",
            "-ERR timeout is not a float or out of range\r\n",
        ),
        ("bzmpop -1 1 z min", "-ERR timeout is negative\r\n"),
        (
            "bzmpop 0 0 z min",
            "-ERR numkeys should be greater than 0\r\n",
        ),
        ("bzmpop 0 1 z mid", "-ERR syntax error\r\n"),
        (
            "bzmpop 0 1 str min",
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        ("!3", ""),
        ("zadd z 1 a 2 b 3 c 4 d 5 e", ":5\r\n"),
        ("zpopmin z", "*2\r\n$1\r\na\r\n,1\r\n"),
        ("zpopmin z 1", "*1\r\n*2\r\n$1\r\nb\r\n,2\r\n"),
        (
            "zpopmax z 2",
            "*2\r\n*2\r\n$1\r\ne\r\n,5\r\n*2\r\n$1\r\nd\r\n,4\r\n",
        ),
        (
            "zmpop 1 z min",
            "*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\nc\r\n,3\r\n",
        ),
        ("zmpop 1 z max count 3", "_\r\n"),
        ("zmpop 1 nokey min", "_\r\n"),
        ("zpopmin nokey", "*0\r\n"),
        ("zpopmin nokey 2", "*0\r\n"),
        ("zadd z 1 a 2 b", ":2\r\n"),
        ("bzpopmin z 0", "*3\r\n$1\r\nz\r\n$1\r\na\r\n,1\r\n"),
        (
            "bzmpop 0 1 z max count 2",
            "*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\nb\r\n,2\r\n",
        ),
    ];
    const SETOPS: &[(&str, &str)] = &[
        ("zadd a 1 x 2 y 3 z", ":3\r\n"),
        ("zadd b 10 y 20 z 30 w", ":3\r\n"),
        ("zadd c 5 z", ":1\r\n"),
        ("zunion 2 a b", "*4\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nz\r\n$1\r\nw\r\n"),
        ("zunion 2 a b withscores", "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n30\r\n"),
        ("zunion 3 a b c withscores", "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n28\r\n$1\r\nw\r\n$2\r\n30\r\n"),
        ("zunion 2 a b weights 2 3 withscores", "*8\r\n$1\r\nx\r\n$1\r\n2\r\n$1\r\ny\r\n$2\r\n34\r\n$1\r\nz\r\n$2\r\n66\r\n$1\r\nw\r\n$2\r\n90\r\n"),
        ("zunion 2 a b aggregate min withscores", "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n$1\r\nw\r\n$2\r\n30\r\n"),
        ("zunion 2 a b aggregate max withscores", "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n10\r\n$1\r\nz\r\n$2\r\n20\r\n$1\r\nw\r\n$2\r\n30\r\n"),
        ("zunion 2 a b weights 1 -1 aggregate sum withscores", "*8\r\n$1\r\nw\r\n$3\r\n-30\r\n$1\r\nz\r\n$3\r\n-17\r\n$1\r\ny\r\n$2\r\n-8\r\n$1\r\nx\r\n$1\r\n1\r\n"),
        ("zunion 2 a nokey withscores", "*6\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n"),
        ("zunion 1 nokey", "*0\r\n"),
        ("zinter 2 a b withscores", "*4\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n"),
        ("zinter 3 a b c withscores", "*2\r\n$1\r\nz\r\n$2\r\n28\r\n"),
        ("zinter 2 a b weights 2 0.5 aggregate max withscores", "*4\r\n$1\r\ny\r\n$1\r\n5\r\n$1\r\nz\r\n$2\r\n10\r\n"),
        ("zinter 2 a a withscores", "*6\r\n$1\r\nx\r\n$1\r\n2\r\n$1\r\ny\r\n$1\r\n4\r\n$1\r\nz\r\n$1\r\n6\r\n"),
        ("zinter 2 a nokey", "*0\r\n"),
        ("zinter 2 b a aggregate min withscores", "*4\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n"),
        ("zdiff 2 a b withscores", "*2\r\n$1\r\nx\r\n$1\r\n1\r\n"),
        ("zdiff 2 b a withscores", "*2\r\n$1\r\nw\r\n$2\r\n30\r\n"),
        ("zdiff 3 b a c withscores", "*2\r\n$1\r\nw\r\n$2\r\n30\r\n"),
        ("zdiff 2 a a", "*0\r\n"),
        ("zdiff 2 a nokey withscores", "*6\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n"),
        ("zdiff 1 nokey", "*0\r\n"),
        ("zunionstore d 2 a b", ":4\r\n"),
        ("zrange d 0 -1 withscores", "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n30\r\n"),
        ("object encoding d", "$8\r\nlistpack\r\n"),
        ("zinterstore d 2 a b weights 1 1 aggregate max", ":2\r\n"),
        ("zrange d 0 -1 withscores", "*4\r\n$1\r\ny\r\n$2\r\n10\r\n$1\r\nz\r\n$2\r\n20\r\n"),
        ("zdiffstore d 2 a b", ":1\r\n"),
        ("zrange d 0 -1 withscores", "*2\r\n$1\r\nx\r\n$1\r\n1\r\n"),
        ("zinterstore d 2 a nokey", ":0\r\n"),
        ("exists d", ":0\r\n"),
        ("zunionstore d 2 nokey nokey2", ":0\r\n"),
        ("zdiffstore d 1 nokey", ":0\r\n"),
        ("zunionstore a 2 a b", ":4\r\n"),
        ("zrange a 0 -1 withscores", "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n30\r\n"),
        ("zintercard 2 a b", ":3\r\n"),
        ("zintercard 2 a b limit 1", ":1\r\n"),
        ("zintercard 2 a b limit 0", ":3\r\n"),
        ("zintercard 3 a b c", ":1\r\n"),
        ("zintercard 1 nokey", ":0\r\n"),
        ("zintercard 2 a b limit -1", "-ERR LIMIT can't be negative\r\n"),
        ("zintercard 2 a b limit x", "-ERR LIMIT can't be negative\r\n"),
        ("zintercard 0 a", "-ERR at least 1 input key is needed for 'zintercard' command\r\n"),
        ("zintercard 3 a b", "-ERR syntax error\r\n"),
        ("zintercard 2 a b withscores", "-ERR syntax error\r\n"),
        ("zintercard 2 a b weights 1 2", "-ERR syntax error\r\n"),
        ("zunion 0 a", "-ERR at least 1 input key is needed for 'zunion' command\r\n"),
        ("zunion -1 a", "-ERR at least 1 input key is needed for 'zunion' command\r\n"),
        ("zunion x a", "-ERR value is not an integer or out of range\r\n"),
        ("zunion 3 a b", "-ERR syntax error\r\n"),
        ("zunion 2 a b weights 1", "-ERR syntax error\r\n"),
        ("zunion 2 a b weights 1 x", "-ERR weight value is not a float\r\n"),
        ("zunion 2 a b aggregate", "-ERR syntax error\r\n"),
        ("zunion 2 a b aggregate foo", "-ERR syntax error\r\n"),
        ("zunion 2 a b foo", "-ERR syntax error\r\n"),
        ("zunionstore d 2 a b withscores", "-ERR syntax error\r\n"),
        ("zdiff 2 a b weights 1 2", "-ERR syntax error\r\n"),
        ("zdiff 2 a b aggregate sum", "-ERR syntax error\r\n"),
        ("zunionstore d 0 a", "-ERR at least 1 input key is needed for 'zunionstore' command\r\n"),
        ("zunionstore d x a", "-ERR value is not an integer or out of range\r\n"),
        ("zinterstore d 3 a b", "-ERR syntax error\r\n"),
        ("set str x", "+OK\r\n"),
        ("zunion 2 a str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zinter 2 str nokey", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zdiff 2 nokey str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zunion 2 a str weights x", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zunionstore d 2 a str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zunionstore str 2 a b", ":4\r\n"),
        ("type str", "+zset\r\n"),
        ("zadd inf1 inf x -inf y", ":2\r\n"),
        ("zadd inf2 -inf x inf y 1 z", ":3\r\n"),
        ("zunion 2 inf1 inf2 withscores", "*6\r\n$1\r\nx\r\n$1\r\n0\r\n$1\r\ny\r\n$1\r\n0\r\n$1\r\nz\r\n$1\r\n1\r\n"),
        ("zinter 2 inf1 inf2 withscores", "*4\r\n$1\r\nx\r\n$1\r\n0\r\n$1\r\ny\r\n$1\r\n0\r\n"),
        ("zunion 2 inf1 inf2 weights 0 1 withscores", "*6\r\n$1\r\nx\r\n$4\r\n-inf\r\n$1\r\nz\r\n$1\r\n1\r\n$1\r\ny\r\n$3\r\ninf\r\n"),
        ("zinter 2 inf1 inf2 weights 0 0 aggregate max withscores", "*4\r\n$1\r\nx\r\n$1\r\n0\r\n$1\r\ny\r\n$1\r\n0\r\n"),
        ("zunion 2 inf1 inf2 aggregate min withscores", "*6\r\n$1\r\nx\r\n$4\r\n-inf\r\n$1\r\ny\r\n$4\r\n-inf\r\n$1\r\nz\r\n$1\r\n1\r\n"),
        ("zadd f1 0.1 m 0.2 n", ":2\r\n"),
        ("zadd f2 0.2 m 0.1 n", ":2\r\n"),
        ("zadd f3 0.3 m 0.3 n", ":2\r\n"),
        ("zunion 3 f1 f2 f3 withscores", "*4\r\n$1\r\nm\r\n$19\r\n0.60000000000000009\r\n$1\r\nn\r\n$19\r\n0.60000000000000009\r\n"),
        ("zunion 3 f3 f1 f2 withscores", "*4\r\n$1\r\nn\r\n$19\r\n0.59999999999999998\r\n$1\r\nm\r\n$19\r\n0.60000000000000009\r\n"),
        ("zinter 3 f1 f2 f3 weights 3 0.7 0.1 withscores", "*4\r\n$1\r\nm\r\n$19\r\n0.47000000000000008\r\n$1\r\nn\r\n$19\r\n0.70000000000000007\r\n"),
        ("!3", ""),
        ("zunion 2 a b withscores", "*4\r\n*2\r\n$1\r\nx\r\n,1\r\n*2\r\n$1\r\ny\r\n,22\r\n*2\r\n$1\r\nz\r\n,43\r\n*2\r\n$1\r\nw\r\n,60\r\n"),
        ("zinter 2 a b withscores", "*3\r\n*2\r\n$1\r\ny\r\n,22\r\n*2\r\n$1\r\nz\r\n,43\r\n*2\r\n$1\r\nw\r\n,60\r\n"),
        ("zdiff 2 b a withscores", "*0\r\n"),
        ("zunion 2 a b", "*4\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nz\r\n$1\r\nw\r\n"),
    ];
    const SETOPS_SKIPLIST: &[(&str, &str)] = &[
        ("config set zset-max-listpack-entries 0", "+OK\r\n"),
        ("zadd a 1 x 2 y 3 z", ":3\r\n"),
        ("zadd b 10 y 20 z 30 w", ":3\r\n"),
        ("zadd c 5 z", ":1\r\n"),
        ("zunion 2 a b", "*4\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nz\r\n$1\r\nw\r\n"),
        ("zunion 2 a b withscores", "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n30\r\n"),
        ("zunion 3 a b c withscores", "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n28\r\n$1\r\nw\r\n$2\r\n30\r\n"),
        ("zunion 2 a b weights 2 3 withscores", "*8\r\n$1\r\nx\r\n$1\r\n2\r\n$1\r\ny\r\n$2\r\n34\r\n$1\r\nz\r\n$2\r\n66\r\n$1\r\nw\r\n$2\r\n90\r\n"),
        ("zunion 2 a b aggregate min withscores", "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n$1\r\nw\r\n$2\r\n30\r\n"),
        ("zunion 2 a b aggregate max withscores", "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n10\r\n$1\r\nz\r\n$2\r\n20\r\n$1\r\nw\r\n$2\r\n30\r\n"),
        ("zunion 2 a b weights 1 -1 aggregate sum withscores", "*8\r\n$1\r\nw\r\n$3\r\n-30\r\n$1\r\nz\r\n$3\r\n-17\r\n$1\r\ny\r\n$2\r\n-8\r\n$1\r\nx\r\n$1\r\n1\r\n"),
        ("zunion 2 a nokey withscores", "*6\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n"),
        ("zunion 1 nokey", "*0\r\n"),
        ("zinter 2 a b withscores", "*4\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n"),
        ("zinter 3 a b c withscores", "*2\r\n$1\r\nz\r\n$2\r\n28\r\n"),
        ("zinter 2 a b weights 2 0.5 aggregate max withscores", "*4\r\n$1\r\ny\r\n$1\r\n5\r\n$1\r\nz\r\n$2\r\n10\r\n"),
        ("zinter 2 a a withscores", "*6\r\n$1\r\nx\r\n$1\r\n2\r\n$1\r\ny\r\n$1\r\n4\r\n$1\r\nz\r\n$1\r\n6\r\n"),
        ("zinter 2 a nokey", "*0\r\n"),
        ("zinter 2 b a aggregate min withscores", "*4\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n"),
        ("zdiff 2 a b withscores", "*2\r\n$1\r\nx\r\n$1\r\n1\r\n"),
        ("zdiff 2 b a withscores", "*2\r\n$1\r\nw\r\n$2\r\n30\r\n"),
        ("zdiff 3 b a c withscores", "*2\r\n$1\r\nw\r\n$2\r\n30\r\n"),
        ("zdiff 2 a a", "*0\r\n"),
        ("zdiff 2 a nokey withscores", "*6\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n"),
        ("zdiff 1 nokey", "*0\r\n"),
        ("zunionstore d 2 a b", ":4\r\n"),
        ("zrange d 0 -1 withscores", "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n30\r\n"),
        ("object encoding d", "$8\r\nskiplist\r\n"),
        ("zinterstore d 2 a b weights 1 1 aggregate max", ":2\r\n"),
        ("zrange d 0 -1 withscores", "*4\r\n$1\r\ny\r\n$2\r\n10\r\n$1\r\nz\r\n$2\r\n20\r\n"),
        ("zdiffstore d 2 a b", ":1\r\n"),
        ("zrange d 0 -1 withscores", "*2\r\n$1\r\nx\r\n$1\r\n1\r\n"),
        ("zinterstore d 2 a nokey", ":0\r\n"),
        ("exists d", ":0\r\n"),
        ("zunionstore d 2 nokey nokey2", ":0\r\n"),
        ("zdiffstore d 1 nokey", ":0\r\n"),
        ("zunionstore a 2 a b", ":4\r\n"),
        ("zrange a 0 -1 withscores", "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n30\r\n"),
        ("zintercard 2 a b", ":3\r\n"),
        ("zintercard 2 a b limit 1", ":1\r\n"),
        ("zintercard 2 a b limit 0", ":3\r\n"),
        ("zintercard 3 a b c", ":1\r\n"),
        ("zintercard 1 nokey", ":0\r\n"),
        ("zintercard 2 a b limit -1", "-ERR LIMIT can't be negative\r\n"),
        ("zintercard 2 a b limit x", "-ERR LIMIT can't be negative\r\n"),
        ("zintercard 0 a", "-ERR at least 1 input key is needed for 'zintercard' command\r\n"),
        ("zintercard 3 a b", "-ERR syntax error\r\n"),
        ("zintercard 2 a b withscores", "-ERR syntax error\r\n"),
        ("zintercard 2 a b weights 1 2", "-ERR syntax error\r\n"),
        ("zunion 0 a", "-ERR at least 1 input key is needed for 'zunion' command\r\n"),
        ("zunion -1 a", "-ERR at least 1 input key is needed for 'zunion' command\r\n"),
        ("zunion x a", "-ERR value is not an integer or out of range\r\n"),
        ("zunion 3 a b", "-ERR syntax error\r\n"),
        ("zunion 2 a b weights 1", "-ERR syntax error\r\n"),
        ("zunion 2 a b weights 1 x", "-ERR weight value is not a float\r\n"),
        ("zunion 2 a b aggregate", "-ERR syntax error\r\n"),
        ("zunion 2 a b aggregate foo", "-ERR syntax error\r\n"),
        ("zunion 2 a b foo", "-ERR syntax error\r\n"),
        ("zunionstore d 2 a b withscores", "-ERR syntax error\r\n"),
        ("zdiff 2 a b weights 1 2", "-ERR syntax error\r\n"),
        ("zdiff 2 a b aggregate sum", "-ERR syntax error\r\n"),
        ("zunionstore d 0 a", "-ERR at least 1 input key is needed for 'zunionstore' command\r\n"),
        ("zunionstore d x a", "-ERR value is not an integer or out of range\r\n"),
        ("zinterstore d 3 a b", "-ERR syntax error\r\n"),
        ("set str x", "+OK\r\n"),
        ("zunion 2 a str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zinter 2 str nokey", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zdiff 2 nokey str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zunion 2 a str weights x", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zunionstore d 2 a str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zunionstore str 2 a b", ":4\r\n"),
        ("type str", "+zset\r\n"),
        ("zadd inf1 inf x -inf y", ":2\r\n"),
        ("zadd inf2 -inf x inf y 1 z", ":3\r\n"),
        ("zunion 2 inf1 inf2 withscores", "*6\r\n$1\r\nx\r\n$1\r\n0\r\n$1\r\ny\r\n$1\r\n0\r\n$1\r\nz\r\n$1\r\n1\r\n"),
        ("zinter 2 inf1 inf2 withscores", "*4\r\n$1\r\nx\r\n$1\r\n0\r\n$1\r\ny\r\n$1\r\n0\r\n"),
        ("zunion 2 inf1 inf2 weights 0 1 withscores", "*6\r\n$1\r\nx\r\n$4\r\n-inf\r\n$1\r\nz\r\n$1\r\n1\r\n$1\r\ny\r\n$3\r\ninf\r\n"),
        ("zinter 2 inf1 inf2 weights 0 0 aggregate max withscores", "*4\r\n$1\r\nx\r\n$1\r\n0\r\n$1\r\ny\r\n$1\r\n0\r\n"),
        ("zunion 2 inf1 inf2 aggregate min withscores", "*6\r\n$1\r\nx\r\n$4\r\n-inf\r\n$1\r\ny\r\n$4\r\n-inf\r\n$1\r\nz\r\n$1\r\n1\r\n"),
        ("zadd f1 0.1 m 0.2 n", ":2\r\n"),
        ("zadd f2 0.2 m 0.1 n", ":2\r\n"),
        ("zadd f3 0.3 m 0.3 n", ":2\r\n"),
        ("zunion 3 f1 f2 f3 withscores", "*4\r\n$1\r\nm\r\n$19\r\n0.60000000000000009\r\n$1\r\nn\r\n$19\r\n0.60000000000000009\r\n"),
        ("zunion 3 f3 f1 f2 withscores", "*4\r\n$1\r\nn\r\n$19\r\n0.59999999999999998\r\n$1\r\nm\r\n$19\r\n0.60000000000000009\r\n"),
        ("zinter 3 f1 f2 f3 weights 3 0.7 0.1 withscores", "*4\r\n$1\r\nm\r\n$19\r\n0.47000000000000008\r\n$1\r\nn\r\n$19\r\n0.70000000000000007\r\n"),
        ("!3", ""),
        ("zunion 2 a b withscores", "*4\r\n*2\r\n$1\r\nx\r\n,1\r\n*2\r\n$1\r\ny\r\n,22\r\n*2\r\n$1\r\nz\r\n,43\r\n*2\r\n$1\r\nw\r\n,60\r\n"),
        ("zinter 2 a b withscores", "*3\r\n*2\r\n$1\r\ny\r\n,22\r\n*2\r\n$1\r\nz\r\n,43\r\n*2\r\n$1\r\nw\r\n,60\r\n"),
        ("zdiff 2 b a withscores", "*0\r\n"),
        ("zunion 2 a b", "*4\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nz\r\n$1\r\nw\r\n"),
    ];

    const RAND: &[(&str, &str)] = &[
        ("zadd z 1 a 2 b 3 c", ":3\r\n"),
        ("zrandmember z 3", "*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n"),
        ("zrandmember z 10 withscores", "*6\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n"),
        ("zrandmember z 0", "*0\r\n"),
        ("zrandmember z 0 withscores", "*0\r\n"),
        ("zrandmember nokey", "$-1\r\n"),
        ("zrandmember nokey 5", "*0\r\n"),
        ("zrandmember z x", "-ERR value is not an integer or out of range\r\n"),
        ("zrandmember z 1 foo", "-ERR syntax error\r\n"),
        ("zrandmember z 1 withscores x", "-ERR syntax error\r\n"),
        ("zrandmember z -9223372036854775808", "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n"),
        ("zrandmember z x foo", "-ERR value is not an integer or out of range\r\n"),
        ("zadd one 7 only", ":1\r\n"),
        ("zrandmember one", "$4\r\nonly\r\n"),
        ("zrandmember one -3 withscores", "*6\r\n$4\r\nonly\r\n$1\r\n7\r\n$4\r\nonly\r\n$1\r\n7\r\n$4\r\nonly\r\n$1\r\n7\r\n"),
        ("zrandmember one 1", "*1\r\n$4\r\nonly\r\n"),
        ("zrandmember one -2", "*2\r\n$4\r\nonly\r\n$4\r\nonly\r\n"),
        ("set str x", "+OK\r\n"),
        ("zrandmember str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zrandmember str 2", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zrandmember str x", "-ERR value is not an integer or out of range\r\n"),
        ("!3", ""),
        ("zrandmember z 3 withscores", "*3\r\n*2\r\n$1\r\nc\r\n,3\r\n*2\r\n$1\r\nb\r\n,2\r\n*2\r\n$1\r\na\r\n,1\r\n"),
        ("zrandmember one -2 withscores", "*2\r\n*2\r\n$4\r\nonly\r\n,7\r\n*2\r\n$4\r\nonly\r\n,7\r\n"),
        ("zrandmember nokey", "_\r\n"),
        ("zrandmember nokey 3", "*0\r\n"),
    ];
    const SCAN: &[(&str, &str)] = &[
        ("zadd z 1 a 2.5 b 1e17 c -inf d 4611686018427387904 e 4611686018427387905 f -0 g", ":7\r\n"),
        ("zscan z 0", "*2\r\n$1\r\n0\r\n*14\r\n$1\r\nd\r\n$4\r\n-inf\r\n$1\r\ng\r\n$1\r\n0\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n$1\r\nc\r\n$18\r\n100000000000000000\r\n$1\r\ne\r\n$19\r\n4611686018427387904\r\n$1\r\nf\r\n$19\r\n4611686018427387904\r\n"),
        ("zscan z 0 count 1", "*2\r\n$1\r\n0\r\n*14\r\n$1\r\nd\r\n$4\r\n-inf\r\n$1\r\ng\r\n$1\r\n0\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n$1\r\nc\r\n$18\r\n100000000000000000\r\n$1\r\ne\r\n$19\r\n4611686018427387904\r\n$1\r\nf\r\n$19\r\n4611686018427387904\r\n"),
        ("zscan z 123", "*2\r\n$1\r\n0\r\n*14\r\n$1\r\nd\r\n$4\r\n-inf\r\n$1\r\ng\r\n$1\r\n0\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n$1\r\nc\r\n$18\r\n100000000000000000\r\n$1\r\ne\r\n$19\r\n4611686018427387904\r\n$1\r\nf\r\n$19\r\n4611686018427387904\r\n"),
        ("zscan z 0 match [ab]", "*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n"),
        ("zscan z 0 match * count 100", "*2\r\n$1\r\n0\r\n*14\r\n$1\r\nd\r\n$4\r\n-inf\r\n$1\r\ng\r\n$1\r\n0\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n$1\r\nc\r\n$18\r\n100000000000000000\r\n$1\r\ne\r\n$19\r\n4611686018427387904\r\n$1\r\nf\r\n$19\r\n4611686018427387904\r\n"),
        ("zscan z x", "-ERR invalid cursor\r\n"),
        ("zscan z -1", "*2\r\n$1\r\n0\r\n*14\r\n$1\r\nd\r\n$4\r\n-inf\r\n$1\r\ng\r\n$1\r\n0\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n$1\r\nc\r\n$18\r\n100000000000000000\r\n$1\r\ne\r\n$19\r\n4611686018427387904\r\n$1\r\nf\r\n$19\r\n4611686018427387904\r\n"),
        ("zscan z 0 count 0", "-ERR syntax error\r\n"),
        ("zscan z 0 count x", "-ERR value is not an integer or out of range\r\n"),
        ("zscan z 0 foo bar", "-ERR syntax error\r\n"),
        ("zscan z 0 type string", "-ERR syntax error\r\n"),
        ("zscan nokey 0 foo", "*2\r\n$1\r\n0\r\n*0\r\n"),
        ("zscan nokey x", "-ERR invalid cursor\r\n"),
        ("set str x", "+OK\r\n"),
        ("zscan str 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zscan str 0 foo", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
    ];

    const ENC: &[(&str, &str)] = &[
        ("config set zset-max-listpack-entries 3", "+OK\r\n"),
        ("config set zset-max-listpack-value 5", "+OK\r\n"),
        ("zadd z 1 a 2 b 3 c", ":3\r\n"),
        ("object encoding z", "$8\r\nlistpack\r\n"),
        ("zadd z 4 d", ":1\r\n"),
        ("object encoding z", "$8\r\nskiplist\r\n"),
        ("zrem z a b c", ":3\r\n"),
        ("object encoding z", "$8\r\nskiplist\r\n"),
        ("zadd y 1 abcdef", ":1\r\n"),
        ("object encoding y", "$8\r\nskiplist\r\n"),
        ("zadd y2 1 abcde", ":1\r\n"),
        ("object encoding y2", "$8\r\nlistpack\r\n"),
        ("zadd y2 2 abcdef", ":1\r\n"),
        ("object encoding y2", "$8\r\nskiplist\r\n"),
        ("zadd y3 xx 1 abcdef", ":0\r\n"),
        ("zadd y3 1 a 2 b 3 c 4 d 5 e", ":5\r\n"),
        ("object encoding y3", "$8\r\nskiplist\r\n"),
        ("zunionstore u 1 z", ":1\r\n"),
        ("object encoding u", "$8\r\nlistpack\r\n"),
        ("zadd big 1 a 2 b 3 c 4 d", ":4\r\n"),
        ("zunionstore u 1 big", ":4\r\n"),
        ("object encoding u", "$8\r\nskiplist\r\n"),
        ("zinterstore u 2 big big", ":4\r\n"),
        ("object encoding u", "$8\r\nskiplist\r\n"),
        ("zrangestore r big 0 2", ":3\r\n"),
        ("object encoding r", "$8\r\nlistpack\r\n"),
        ("zrangestore r big 0 3", ":4\r\n"),
        ("object encoding r", "$8\r\nskiplist\r\n"),
        ("zadd long 1 abcdefg", ":1\r\n"),
        ("zrangestore r long 0 -1", ":1\r\n"),
        ("object encoding r", "$8\r\nskiplist\r\n"),
        ("zdiffstore r 1 long", ":1\r\n"),
        ("object encoding r", "$8\r\nskiplist\r\n"),
        ("zadd m -0 a", ":1\r\n"),
        ("zscore m a", "$1\r\n0\r\n"),
        ("zadd m2 -0 a 1 b 2 c 3 d", ":4\r\n"),
        ("zscore m2 a", "$1\r\n0\r\n"),
        ("zunionstore m3 1 m2", ":4\r\n"),
        ("zscore m3 a", "$1\r\n0\r\n"),
        ("zremrangebyrank m3 1 -1", ":3\r\n"),
        ("object encoding m3", "$8\r\nskiplist\r\n"),
        ("zscore m3 a", "$1\r\n0\r\n"),
        ("zadd m4 -0 x", ":1\r\n"),
        ("zincrby m4 -0 x", "$1\r\n0\r\n"),
        ("zscore m4 x", "$1\r\n0\r\n"),
        ("config set zset-max-listpack-entries 0", "+OK\r\n"),
        ("zadd e 1 a", ":1\r\n"),
        ("object encoding e", "$8\r\nskiplist\r\n"),
        ("zunionstore u 1 e", ":1\r\n"),
        ("object encoding u", "$8\r\nskiplist\r\n"),
        ("zrangestore r e 0 -1", ":1\r\n"),
        ("object encoding r", "$8\r\nskiplist\r\n"),
        ("zadd e2 -0 a", ":1\r\n"),
        ("zscore e2 a", "$2\r\n-0\r\n"),
        ("zrange e2 0 -1 withscores", "*2\r\n$1\r\na\r\n$2\r\n-0\r\n"),
        ("config set zset-max-listpack-entries 128", "+OK\r\n"),
        ("config set zset-max-listpack-value 64", "+OK\r\n"),
    ];

    const SET_INPUTS: &[(&str, &str)] = &[
        ("sadd s1 a b c 1 2", ":5\r\n"),
        ("sadd s2 b c d", ":3\r\n"),
        ("zadd z 1 a 2 b 5 x", ":3\r\n"),
        ("zunion 3 s1 s2 z withscores", "*14\r\n$1\r\n1\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\nd\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n4\r\n$1\r\nx\r\n$1\r\n5\r\n"),
        ("zunion 2 s1 z weights 2 0.5 aggregate max withscores", "*12\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n2\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n2\r\n$1\r\nx\r\n$3\r\n2.5\r\n"),
        ("zinter 2 s1 z withscores", "*4\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n3\r\n"),
        ("zinter 2 z s1 weights 2 3 withscores", "*4\r\n$1\r\na\r\n$1\r\n5\r\n$1\r\nb\r\n$1\r\n7\r\n"),
        ("zinter 2 s1 s1 withscores", "*10\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n2\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n2\r\n"),
        ("zdiff 2 s1 z withscores", "*6\r\n$1\r\n1\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n1\r\n"),
        ("zdiff 2 z s1 withscores", "*2\r\n$1\r\nx\r\n$1\r\n5\r\n"),
        ("zdiff 2 s1 s1", "*0\r\n"),
        ("zintercard 2 s1 s2", ":2\r\n"),
        ("zintercard 3 s1 s2 z limit 1", ":1\r\n"),
        ("zunionstore d 2 s1 s2", ":6\r\n"),
        ("zrange d 0 -1 withscores", "*12\r\n$1\r\n1\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nd\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n2\r\n"),
        ("object encoding d", "$8\r\nlistpack\r\n"),
        ("zrangestore d2 s1 0 -1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("zcard s1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
    ];

    #[test]
    fn plain_sets_as_inputs_score_one() {
        script(SET_INPUTS);
    }

    #[test]
    fn zadd_and_zincrby() {
        script(ZADD);
        script(ZADD_SKIPLIST);
    }

    #[test]
    fn zrem_deletes_emptied_keys() {
        script(ZREM);
        script_skiplist(ZREM);
    }

    #[test]
    fn scores_ranks_and_counts() {
        script(READ);
        script_skiplist(READ);
    }

    #[test]
    fn zrange_family() {
        script(RANGE);
        script_skiplist(RANGE);
    }

    #[test]
    fn zrangestore() {
        script(RANGESTORE);
        script(RANGESTORE_SKIPLIST);
    }

    #[test]
    fn zremrangeby() {
        script(REMRANGE);
        script_skiplist(REMRANGE);
    }

    #[test]
    fn pops_without_blocking() {
        script(POP);
        script_skiplist(POP);
    }

    #[test]
    fn union_inter_diff() {
        script(SETOPS);
        script(SETOPS_SKIPLIST);
    }

    #[test]
    fn zrandmember_deterministic_cases() {
        script(RAND);
        script_skiplist(RAND);
    }

    #[test]
    fn zscan_of_a_listpack() {
        script(SCAN);
    }

    #[test]
    fn encodings_and_conversions() {
        script(ENC);
    }

    fn exec(e: &mut Engine, c: ClientId, cmd: &str) -> (Outcome, String) {
        let args: Vec<&[u8]> = cmd.split(' ').map(str::as_bytes).collect();
        let mut out = Vec::new();
        let now = e.now_us;
        let o = e.execute(c, &args, now, &mut out);
        (o, text(out))
    }

    fn pending(e: &mut Engine, c: ClientId) -> String {
        let mut b = Vec::new();
        e.take_pending(c, &mut b);
        text(b)
    }

    fn changes(e: &mut Engine) -> String {
        let mut b = Vec::new();
        e.take_changes(&mut b);
        text(b).replace("\r\n", " ")
    }

    #[test]
    fn bzpopmin_blocks_until_zadd_and_propagates_as_zpopmin() {
        let (mut e, a) = engine();
        let b = e.connect(
            crate::client::ConnInfo::default(),
            crate::engine::testing::T0,
        );
        e.set_change_stream(true);
        assert_eq!(
            exec(&mut e, a, "BZPOPMIN k1 k2 0"),
            (Outcome::Blocked, String::new())
        );
        assert!(e.is_blocked(a));
        assert_eq!(
            exec(&mut e, b, "ZADD k2 1 x"),
            (Outcome::Done, ":1\r\n".into())
        );
        assert_eq!(e.take_ready(), vec![a]);
        assert_eq!(
            pending(&mut e, a),
            "*3\r\n$2\r\nk2\r\n$1\r\nx\r\n$1\r\n1\r\n"
        );
        assert!(!e.is_blocked(a));
        assert_eq!(text(run(&mut e, b, "EXISTS k2")), ":0\r\n");
        assert_eq!(
            changes(&mut e),
            "*2 $6 SELECT $1 0 *4 $4 ZADD $2 k2 $1 1 $1 x *2 $7 ZPOPMIN $2 k2 "
        );
        // Served at once when data is there: still propagated as ZPOPMAX.
        run(&mut e, b, "ZADD k 1 a 2 b");
        changes(&mut e);
        assert_eq!(
            text(run(&mut e, a, "BZPOPMAX nokey k 0")),
            "*3\r\n$1\r\nk\r\n$1\r\nb\r\n$1\r\n2\r\n"
        );
        assert_eq!(changes(&mut e), "*2 $7 ZPOPMAX $1 k ");
    }

    #[test]
    fn blocked_clients_are_served_first_come_first_served() {
        let (mut e, a) = engine();
        let b = e.connect(
            crate::client::ConnInfo::default(),
            crate::engine::testing::T0,
        );
        let c = e.connect(
            crate::client::ConnInfo::default(),
            crate::engine::testing::T0,
        );
        resp3(&mut e, b);
        assert_eq!(exec(&mut e, a, "BZPOPMIN k 0").0, Outcome::Blocked);
        assert_eq!(exec(&mut e, b, "BZPOPMIN k 0").0, Outcome::Blocked);
        run(&mut e, c, "ZADD k 1 x");
        assert_eq!(
            pending(&mut e, a),
            "*3\r\n$1\r\nk\r\n$1\r\nx\r\n$1\r\n1\r\n"
        );
        assert!(e.is_blocked(b));
        run(&mut e, c, "ZADD k 2 y 3 z");
        assert_eq!(pending(&mut e, b), "*3\r\n$1\r\nk\r\n$1\r\ny\r\n,2\r\n");
        assert_eq!(text(run(&mut e, c, "ZRANGE k 0 -1")), "*1\r\n$1\r\nz\r\n");
    }

    #[test]
    fn bzmpop_blocks_and_propagates_with_the_count() {
        let (mut e, a) = engine();
        let b = e.connect(
            crate::client::ConnInfo::default(),
            crate::engine::testing::T0,
        );
        e.set_change_stream(true);
        assert_eq!(
            exec(&mut e, a, "BZMPOP 0 2 k1 k2 MAX COUNT 2").0,
            Outcome::Blocked
        );
        run(&mut e, b, "ZADD k2 1 a 2 b 3 c");
        assert_eq!(
            pending(&mut e, a),
            "*2\r\n$2\r\nk2\r\n*2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n"
        );
        assert_eq!(changes(&mut e), "*2 $6 SELECT $1 0 *8 $4 ZADD $2 k2 $1 1 $1 a $1 2 $1 b $1 3 $1 c *3 $7 ZPOPMAX $2 k2 $1 2 ");
        // ZMPOP too is recorded as ZPOPMIN/ZPOPMAX with the number popped.
        assert_eq!(
            text(run(&mut e, b, "ZMPOP 1 k2 MIN COUNT 10")),
            "*2\r\n$2\r\nk2\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n"
        );
        assert_eq!(changes(&mut e), "*3 $7 ZPOPMIN $2 k2 $1 1 ");
    }

    #[test]
    fn blocking_timeouts() {
        let (mut e, a) = engine();
        let b = e.connect(
            crate::client::ConnInfo::default(),
            crate::engine::testing::T0,
        );
        resp3(&mut e, b);
        let t0 = e.now_us;
        assert_eq!(exec(&mut e, a, "BZPOPMIN k 0.5").0, Outcome::Blocked);
        assert_eq!(exec(&mut e, b, "BZMPOP 1.5 1 k MIN").0, Outcome::Blocked);
        e.cron(t0 + 400_000);
        assert!(e.is_blocked(a));
        e.cron(t0 + 500_000);
        assert!(!e.is_blocked(a));
        assert_eq!(pending(&mut e, a), "*-1\r\n");
        e.cron(t0 + 1_500_000);
        assert_eq!(pending(&mut e, b), "_\r\n");
        // A timeout under a millisecond rounds up to one (Redis 7.0's ceill), as for lists.
        assert_eq!(exec(&mut e, a, "BZPOPMIN k 0.0001").0, Outcome::Blocked);
        e.cron(t0 + 1_600_000);
        assert!(!e.is_blocked(a));
        e.disconnect(a);
        // Errors.
        let (mut e, c) = engine();
        for (arg, want) in [
            ("x", "-ERR timeout is not a float or out of range\r\n"),
            ("-1", "-ERR timeout is negative\r\n"),
            ("inf", "-ERR timeout is negative\r\n"),
            ("1e30", "-ERR timeout is negative\r\n"),
            (" 1", "-ERR timeout is not a float or out of range\r\n"),
            ("nan", "-ERR timeout is not a float or out of range\r\n"),
        ] {
            assert_eq!(
                text(run_args(&mut e, c, &[b"BZPOPMIN", b"k", arg.as_bytes()])),
                want,
                "{arg}"
            );
        }
        // -0.0001 rounds up to 0 (not negative): blocks forever.
        assert_eq!(exec(&mut e, c, "BZPOPMIN k -0.0001").0, Outcome::Blocked);
    }

    #[test]
    fn blocking_commands_answer_at_once_when_they_may_not_block() {
        let (mut e, c) = engine();
        for (cmd, want) in [("BZPOPMIN k 0", "*-1\r\n"), ("BZMPOP 0 1 k MIN", "*-1\r\n")] {
            let argv: Vec<&[u8]> = cmd.split(' ').map(str::as_bytes).collect();
            let mut buf = Vec::new();
            let mut ctx = Ctx::new(c, &argv, Reply::new(&mut buf, Protocol::Resp2));
            ctx.no_block = true;
            let spec = e.lookup_command(&argv).unwrap();
            (spec.handler)(&mut e, &mut ctx);
            assert_eq!(ctx.outcome, Outcome::Done);
            assert_eq!(text(buf), want);
        }
    }

    #[test]
    fn dirty_counts_and_propagation_follow_redis() {
        let (mut e, c) = engine();
        e.set_change_stream(true);
        let d0 = e.dirty;
        run(&mut e, c, "ZADD z 1 a 2 b");
        assert_eq!(e.dirty - d0, 2);
        run(&mut e, c, "ZADD z 1 a 3 b 4 c");
        assert_eq!(e.dirty - d0, 4);
        // Nothing changed: not propagated.
        run(&mut e, c, "ZADD z 1 a");
        run(&mut e, c, "ZREM z nosuch");
        run(&mut e, c, "ZPOPMIN nokey");
        assert_eq!(e.dirty - d0, 4);
        run(&mut e, c, "ZUNIONSTORE d 1 z");
        assert_eq!(e.dirty - d0, 5);
        run(&mut e, c, "ZINTERSTORE d 1 nokey");
        assert_eq!(e.dirty - d0, 6);
        run(&mut e, c, "ZINTERSTORE d 1 nokey");
        assert_eq!(e.dirty - d0, 6);
        run(&mut e, c, "ZPOPMIN z 2");
        assert_eq!(e.dirty - d0, 8);
        assert_eq!(
            changes(&mut e),
            "*2 $6 SELECT $1 0 *6 $4 ZADD $1 z $1 1 $1 a $1 2 $1 b *8 $4 ZADD $1 z $1 1 $1 a $1 3 $1 b $1 4 $1 c \
             *4 $11 ZUNIONSTORE $1 d $1 1 $1 z *4 $11 ZINTERSTORE $1 d $1 1 $5 nokey *3 $7 ZPOPMIN $1 z $1 2 "
        );
    }

    #[test]
    fn zscan_of_a_skiplist_visits_every_member_once() {
        let (mut e, c) = engine();
        for i in 0..300 {
            run(&mut e, c, &format!("ZADD z {i} m{i}"));
        }
        assert_eq!(
            text(run(&mut e, c, "OBJECT ENCODING z")),
            "$8\r\nskiplist\r\n"
        );
        run(&mut e, c, "ZADD z -0 neg 1e17 m1");
        let mut seen = alloc::collections::BTreeMap::new();
        let mut cursor = String::from("0");
        loop {
            let r = run(&mut e, c, &format!("ZSCAN z {cursor} COUNT 7"));
            let r = text(r);
            let parts: Vec<&str> = r.split("\r\n").collect();
            cursor = parts[2].into();
            let n: usize = parts[3][1..].parse().unwrap();
            assert!(n <= 14);
            for k in 0..n / 2 {
                let m = String::from(parts[5 + 4 * k]);
                let s = String::from(parts[7 + 4 * k]);
                assert!(seen.insert(m, s).is_none());
            }
            if cursor == "0" {
                break;
            }
        }
        assert_eq!(seen.len(), 301);
        assert_eq!(seen["neg"], "-0");
        assert_eq!(seen["m1"], "1e+17");
        assert_eq!(seen["m299"], "299");
        let r = text(run(&mut e, c, "ZSCAN z 0 MATCH m29? COUNT 1000"));
        assert_eq!(r.matches("m29").count(), 10);
    }

    #[test]
    fn large_sets_keep_ranks_in_step() {
        let (mut e, c) = engine();
        for i in 0..1000 {
            run(&mut e, c, &format!("ZADD z {} m{i}", (i * 7919) % 1000));
        }
        assert_eq!(text(run(&mut e, c, "ZCARD z")), ":1000\r\n");
        for i in [0, 1, 500, 999] {
            let score = (i * 7919) % 1000;
            assert_eq!(
                text(run(&mut e, c, &format!("ZRANK z m{i}"))),
                format!(":{score}\r\n")
            );
            assert_eq!(
                text(run(&mut e, c, &format!("ZREVRANK z m{i}"))),
                format!(":{}\r\n", 999 - score)
            );
        }
        assert_eq!(text(run(&mut e, c, "ZCOUNT z 100 (200")), ":100\r\n");
        assert_eq!(
            text(run(&mut e, c, "ZRANGE z 500 501 WITHSCORES")),
            "*4\r\n$4\r\nm500\r\n$3\r\n500\r\n$4\r\nm179\r\n$3\r\n501\r\n"
        );
        assert_eq!(
            text(run(&mut e, c, "ZREMRANGEBYSCORE z 0 (900")),
            ":900\r\n"
        );
        assert_eq!(text(run(&mut e, c, "ZRANGE z 0 0")), "*1\r\n$4\r\nm100\r\n");
        assert_eq!(text(run(&mut e, c, "ZREMRANGEBYRANK z 0 -1")), ":100\r\n");
        assert_eq!(text(run(&mut e, c, "EXISTS z")), ":0\r\n");
    }

    #[test]
    fn zrandmember_random_cases() {
        let (mut e, c) = engine();
        run(&mut e, c, "ZADD z 1 a 2 b 3 c 4 d 5 e 6 f 7 g 8 h 9 i 10 j");
        for cmd in [
            "ZRANDMEMBER z 3",
            "ZRANDMEMBER z 8",
            "ZRANDMEMBER z 5 WITHSCORES",
        ] {
            let r = text(run(&mut e, c, cmd));
            let parts: Vec<&str> = r
                .split("\r\n")
                .filter(|p| !p.starts_with('$') && !p.starts_with('*') && !p.is_empty())
                .collect();
            let members: alloc::collections::BTreeSet<&str> = parts
                .iter()
                .copied()
                .filter(|p| p.len() == 1 && p.as_bytes()[0].is_ascii_lowercase())
                .collect();
            let want: usize = cmd.split(' ').nth(2).unwrap().parse().unwrap();
            assert_eq!(members.len(), want, "{cmd}: {r}");
        }
        let r = text(run(&mut e, c, "ZRANDMEMBER z -20"));
        assert!(r.starts_with("*20\r\n"));
        let r = text(run(&mut e, c, "ZRANDMEMBER z -3 WITHSCORES"));
        assert!(r.starts_with("*6\r\n"));
        resp3(&mut e, c);
        let r = text(run(&mut e, c, "ZRANDMEMBER z -3 WITHSCORES"));
        assert!(r.starts_with("*3\r\n*2\r\n$1\r\n"));
        let r = text(run(&mut e, c, "ZRANDMEMBER z"));
        assert!(r.starts_with("$1\r\n"));
    }

    #[test]
    fn parse_range_score_is_strtod() {
        assert_eq!(parse_range_score(b"1.5"), Some((1.5, false)));
        assert_eq!(parse_range_score(b"(1.5"), Some((1.5, true)));
        assert_eq!(parse_range_score(b""), Some((0.0, false)));
        assert_eq!(parse_range_score(b"("), Some((0.0, true)));
        assert_eq!(parse_range_score(b"  -3"), Some((-3.0, false)));
        assert_eq!(parse_range_score(b"1e999"), Some((f64::INFINITY, false)));
        assert_eq!(parse_range_score(b"-1e-999"), Some((-0.0, false)));
        assert_eq!(parse_range_score(b"2\0junk"), Some((2.0, false)));
        assert_eq!(
            parse_range_score(b"-INFINITY"),
            Some((f64::NEG_INFINITY, false))
        );
        assert_eq!(parse_range_score(b"0x1p4"), Some((16.0, false)));
        assert_eq!(parse_range_score(b"1 "), None);
        assert_eq!(parse_range_score(b" "), None);
        assert_eq!(parse_range_score(b"nan"), None);
        assert_eq!(parse_range_score(b"1e"), None);
        assert_eq!(parse_range_score(b"[1"), None);
    }
}
