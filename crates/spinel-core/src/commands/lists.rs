//! List commands, as Redis 7.0's t_list.c: pushes and pops at both ends (LPUSH.., LPOP..
//! with COUNT, LMPOP), LRANGE/LINDEX/LLEN/LPOS, LSET/LINSERT/LREM/LTRIM, LMOVE/RPOPLPUSH,
//! and the blocking forms BLPOP/BRPOP/BLMOVE/BRPOPLPUSH/BLMPOP.
//!
//! Replies, error texts, the order in which arguments are checked, `dirty` accounting and
//! what goes to the change stream follow redis-server 7.0.15 (checked against the real
//! server, see the tests). Notes on behaviour that is easy to get wrong:
//! - Option words (`LEFT`, `BEFORE`, `RANK`, `COUNT`, ...) are compared as C strings: Redis
//!   uses `strcasecmp` on the argument, so `left\0junk` is `left` ([`cstr`]).
//! - A key is deleted as soon as its list becomes empty.
//! - LMPOP/BLMPOP and the blocking pops propagate as the plain pop Redis 7.0 writes:
//!   `LPOP key` / `RPOP key` (BLPOP, BRPOP), `LPOP key n` with `n` capped at the list's
//!   length (LMPOP, BLMPOP), `LMOVE src dst <as typed>` for a BLMOVE served at once but
//!   `LMOVE src dst left right` (lower case) for one served after blocking, and
//!   `RPOPLPUSH src dst` for BRPOPLPUSH.
//! - Blocking: timeouts are seconds as a long double, `ceil(t * 1000)` ms ([`parse_timeout`]).
//!   A blocked BLMOVE/BRPOPLPUSH that times out gets `*-1` in RESP2 (Redis answers every
//!   list waiter's timeout with a null array), while the same command unable to block
//!   (inside MULTI or a script) gets `$-1`.
//! - When a key a client waits on is re-created with another type (SET, SADD, ZADD...),
//!   Redis 7.0 leaves the client blocked: a re-run of a waiter skips keys of the wrong type
//!   instead of answering WRONGTYPE. A BLMOVE whose destination has the wrong type when it
//!   is served gets WRONGTYPE and is unblocked, the source untouched (as in 7.0).
//! - `dirty`: a waiter served later adds nothing for BLPOP/BRPOP/BLMOVE/BRPOPLPUSH and its
//!   count for BLMPOP, as 7.0's serveClientBlockedOnList.
//! - Known difference: the engine serves a waiter by re-running its command, which takes
//!   the first non-empty key in argument order. Redis serves from the key that became ready
//!   first, so a client waiting on several keys that all receive data in one command (MULTI,
//!   a script) may get another key's element than from Redis.

use super::acl as a;
use super::flags as f;
use super::{arg_i64, CommandSpec, Ctx, SYNTAX, WRONGTYPE};
use crate::blocking::TimeoutReply;
use crate::engine::Engine;
use crate::notify::class;
use crate::resp::writer::Reply;
use crate::types::list::List;
use crate::value::Value;
use alloc::boxed::Box;
use alloc::vec::Vec;

const W: u32 = a::WRITE | a::LIST;
const R: u32 = a::READ | a::LIST;
const B: u32 = a::WRITE | a::LIST | a::SLOW | a::BLOCKING;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new(
        "blmove",
        6,
        f::WRITE | f::DENYOOM | f::NOSCRIPT | f::BLOCKING,
        B,
        blmove_command,
    )
    .keys(1, 2, 1),
    CommandSpec::new("blmpop", -5, f::WRITE | f::BLOCKING, B, blmpop_command),
    CommandSpec::new(
        "blpop",
        -3,
        f::WRITE | f::NOSCRIPT | f::BLOCKING,
        B,
        blpop_command,
    )
    .keys(1, -2, 1),
    CommandSpec::new(
        "brpop",
        -3,
        f::WRITE | f::NOSCRIPT | f::BLOCKING,
        B,
        brpop_command,
    )
    .keys(1, -2, 1),
    CommandSpec::new(
        "brpoplpush",
        4,
        f::WRITE | f::DENYOOM | f::NOSCRIPT | f::BLOCKING,
        B,
        brpoplpush_command,
    )
    .keys(1, 2, 1),
    CommandSpec::new("lindex", 3, f::READONLY, R | a::SLOW, lindex_command).keys(1, 1, 1),
    CommandSpec::new(
        "linsert",
        5,
        f::WRITE | f::DENYOOM,
        W | a::SLOW,
        linsert_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new("llen", 2, f::READONLY | f::FAST, R | a::FAST, llen_command).keys(1, 1, 1),
    CommandSpec::new(
        "lmove",
        5,
        f::WRITE | f::DENYOOM,
        W | a::SLOW,
        lmove_command,
    )
    .keys(1, 2, 1),
    CommandSpec::new("lmpop", -4, f::WRITE, W | a::SLOW, lmpop_command),
    CommandSpec::new("lpop", -2, f::WRITE | f::FAST, W | a::FAST, lpop_command).keys(1, 1, 1),
    CommandSpec::new("lpos", -3, f::READONLY, R | a::SLOW, lpos_command).keys(1, 1, 1),
    CommandSpec::new(
        "lpush",
        -3,
        f::WRITE | f::DENYOOM | f::FAST,
        W | a::FAST,
        lpush_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "lpushx",
        -3,
        f::WRITE | f::DENYOOM | f::FAST,
        W | a::FAST,
        lpushx_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new("lrange", 4, f::READONLY, R | a::SLOW, lrange_command).keys(1, 1, 1),
    CommandSpec::new("lrem", 4, f::WRITE, W | a::SLOW, lrem_command).keys(1, 1, 1),
    CommandSpec::new("lset", 4, f::WRITE | f::DENYOOM, W | a::SLOW, lset_command).keys(1, 1, 1),
    CommandSpec::new("ltrim", 4, f::WRITE, W | a::SLOW, ltrim_command).keys(1, 1, 1),
    CommandSpec::new("rpop", -2, f::WRITE | f::FAST, W | a::FAST, rpop_command).keys(1, 1, 1),
    CommandSpec::new(
        "rpoplpush",
        3,
        f::WRITE | f::DENYOOM,
        W | a::SLOW,
        rpoplpush_command,
    )
    .keys(1, 2, 1),
    CommandSpec::new(
        "rpush",
        -3,
        f::WRITE | f::DENYOOM | f::FAST,
        W | a::FAST,
        rpush_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "rpushx",
        -3,
        f::WRITE | f::DENYOOM | f::FAST,
        W | a::FAST,
        rpushx_command,
    )
    .keys(1, 1, 1),
];

const NO_SUCH_KEY: &str = "ERR no such key";
const OUT_OF_RANGE: &str = "ERR index out of range";
const MUST_BE_POSITIVE: &str = "ERR value is out of range, must be positive";
const RANK_ZERO: &str =
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";
const TIMEOUT_NOT_FLOAT: &str = "ERR timeout is not a float or out of range";
const TIMEOUT_NEGATIVE: &str = "ERR timeout is negative";

// ----- helpers ---------------------------------------------------------------------------

/// Which end of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    /// LEFT, the head (LPUSH/LPOP).
    Head,
    /// RIGHT, the tail (RPUSH/RPOP).
    Tail,
}

impl End {
    fn pop_name(self) -> &'static [u8] {
        match self {
            End::Head => b"LPOP",
            End::Tail => b"RPOP",
        }
    }

    /// The keyspace event of a pop from this end.
    fn pop_event(self) -> &'static str {
        match self {
            End::Head => "lpop",
            End::Tail => "rpop",
        }
    }

    /// The keyspace event of a push to this end.
    fn push_event(self) -> &'static str {
        match self {
            End::Head => "lpush",
            End::Tail => "rpush",
        }
    }

    /// The word Redis propagates for a served BLMOVE (`shared.left` / `shared.right`).
    fn word(self) -> &'static [u8] {
        match self {
            End::Head => b"left",
            End::Tail => b"right",
        }
    }
}

/// The argument as C sees it: up to the first NUL.
fn cstr(arg: &[u8]) -> &[u8] {
    match arg.iter().position(|&b| b == 0) {
        Some(i) => &arg[..i],
        None => arg,
    }
}

fn is_word(arg: &[u8], word: &str) -> bool {
    cstr(arg).eq_ignore_ascii_case(word.as_bytes())
}

/// `LEFT` / `RIGHT`, else `ERR syntax error` (Redis's getListPositionFromObjectOrReply).
fn parse_end(out: &mut Reply, arg: &[u8]) -> Option<End> {
    if is_word(arg, "right") {
        Some(End::Tail)
    } else if is_word(arg, "left") {
        Some(End::Head)
    } else {
        out.error(SYNTAX);
        None
    }
}

/// An integer in `min..=i64::MAX`, else `msg` (Redis's getRangeLongFromObjectOrReply with a
/// message, which it also gives for non-integers).
fn arg_at_least(out: &mut Reply, arg: &[u8], min: i64, msg: &str) -> Option<i64> {
    match crate::num::parse_i64(arg) {
        Some(n) if n >= min => Some(n),
        _ => {
            out.error(msg);
            None
        }
    }
}

/// What a key holds, for list commands.
enum Found {
    Missing,
    WrongType,
    List(u32),
}

/// Looks a key up for writing (lazy expiry, no hit/miss stats).
fn find_write(e: &mut Engine, db: usize, key: &[u8]) -> Found {
    match e.lookup_write(db, key) {
        None => Found::Missing,
        Some(slot) => match e.dbs[db].entry(slot).value {
            Value::List(_) => Found::List(slot),
            _ => Found::WrongType,
        },
    }
}

fn list_mut(e: &mut Engine, db: usize, slot: u32) -> &mut List {
    match &mut e.dbs[db].entry_mut(slot).value {
        Value::List(l) => l,
        _ => unreachable!("slot holds a list"),
    }
}

/// Looks a key up for reading (lazy expiry, hit/miss stats): `Err` for the wrong type.
fn find_read<'e>(e: &'e mut Engine, db: usize, key: &[u8]) -> Result<Option<&'e List>, ()> {
    match e.lookup_read(db, key) {
        None => Ok(None),
        Some(entry) => match &entry.value {
            Value::List(l) => Ok(Some(l)),
            _ => Err(()),
        },
    }
}

/// The slot of a new, empty list at `key` (announced as a `new` key).
fn create_list(e: &mut Engine, db: usize, key: &[u8]) -> u32 {
    e.add_key(db, key, Value::List(Box::new(List::new())))
}

/// Redis's `listElementsRemoved`: after elements left the list at `key` (in `slot`),
/// announces `event`, deletes the key if the list is empty (Redis never keeps empty lists,
/// and announces `del`), and touches WATCH.
fn elements_removed(e: &mut Engine, db: usize, slot: u32, key: &[u8], event: &str) {
    e.modified(class::LIST, event, db, key);
    if list_mut(e, db, slot).is_empty() {
        e.dbs[db].remove_slot(slot);
        e.notify(class::GENERIC, "del", db, key);
    }
}

fn push(l: &mut List, end: End, v: &[u8]) {
    match end {
        End::Head => l.push_front(v),
        End::Tail => l.push_back(v),
    }
}

fn pop(l: &mut List, end: End) -> Option<Vec<u8>> {
    match end {
        End::Head => l.pop_front(),
        End::Tail => l.pop_back(),
    }
}

/// Writes the first `n` elements from `end` (in pop order) as an array.
fn reply_from_end(out: &mut Reply, l: &List, end: End, n: usize) {
    out.array(n);
    match end {
        End::Head => l.iter().take(n).for_each(|v| out.bulk(v)),
        End::Tail => l.iter().rev().take(n).for_each(|v| out.bulk(v)),
    }
}

fn drop_from_end(l: &mut List, end: End, n: usize) {
    match end {
        End::Head => l.drop_front(n),
        End::Tail => l.drop_back(n),
    }
}

/// Whether this call re-runs a blocked client's command (the engine serving a ready key).
fn serving(e: &Engine, ctx: &Ctx) -> bool {
    e.blocking.serving == Some(ctx.client)
}

/// Parses a blocking command's timeout, in seconds, as Redis 7.0.15's
/// `getTimeoutFromObjectOrReply(..., UNIT_SECONDS)`: a long double (`strtold` syntax,
/// hex floats and `inf` included, NaN refused), times 1000, rounded up to whole ms, then
/// converted to `long long` as x86-64 does (out of range gives LLONG_MIN, hence `inf` and
/// `1e17` are "negative"). Returns the absolute deadline in unix ms, or 0 for none (a
/// timeout of 0, or one that rounds to 0 like `-0.0001`, waits forever; so does one whose
/// deadline overflows, which Redis's timeout table never reaches).
pub(crate) fn parse_timeout(out: &mut Reply, arg: &[u8], now_ms: u64) -> Option<u64> {
    let Some(ms) = timeout_millis(arg) else {
        out.error(TIMEOUT_NOT_FLOAT);
        return None;
    };
    if ms < 0 {
        out.error(TIMEOUT_NEGATIVE);
        return None;
    }
    if ms == 0 {
        return Some(0);
    }
    Some((now_ms as i64).checked_add(ms).map_or(0, |d| d as u64))
}

/// `(long long) ceill(strtold(arg) * 1000.0L)` on x86-64, or None if `string2ld` refuses
/// the argument.
fn timeout_millis(arg: &[u8]) -> Option<i64> {
    use crate::num::{scan_strtod, StrtodKind};
    use rustc_apfloat::ieee::X87DoubleExtended as X87;
    use rustc_apfloat::{Float, Round, Status};
    // Validation exactly as string2ld (length limits, whitespace, NaN, ERANGE).
    crate::ldouble::parse_long_double(arg)?;
    let n = scan_strtod(arg)?;
    let value = match n.kind {
        StrtodKind::Infinity => X87::INFINITY,
        StrtodKind::Decimal { text, .. } => {
            X87::from_str_r(core::str::from_utf8(text).ok()?, Round::NearestTiesToEven)
                .ok()?
                .value
        }
        StrtodKind::Hex { mantissa, exp, .. } => {
            let mut t = alloc::string::String::from("0x");
            t.push_str(core::str::from_utf8(mantissa).ok()?);
            t.push('p');
            t.push_str(core::str::from_utf8(exp.unwrap_or(b"0")).ok()?);
            X87::from_str_r(&t, Round::NearestTiesToEven).ok()?.value
        }
    };
    let value = if n.negative { -value } else { value };
    let ms = value
        .mul_r(X87::from_u128(1000).value, Round::NearestTiesToEven)
        .value;
    if !ms.is_finite() {
        return Some(i64::MIN);
    }
    let mut exact = false;
    let r = ms.to_i128_r(64, Round::TowardPositive, &mut exact);
    if r.status.contains(Status::INVALID_OP) {
        return Some(i64::MIN);
    }
    Some(r.value as i64)
}

// ----- pushes ----------------------------------------------------------------------------

fn push_generic(e: &mut Engine, ctx: &mut Ctx, end: End, only_existing: bool) {
    let argv = ctx.argv;
    let db = ctx.db(e);
    let key = argv[1];
    let slot = match find_write(e, db, key) {
        Found::WrongType => return ctx.out.error(WRONGTYPE),
        Found::Missing if only_existing => return ctx.out.int(0),
        Found::Missing => create_list(e, db, key),
        Found::List(s) => s,
    };
    let l = list_mut(e, db, slot);
    for v in &argv[2..] {
        push(l, end, v);
    }
    let len = l.len();
    e.dirty += (argv.len() - 2) as u64;
    ctx.out.int(len as i64);
    e.modified(class::LIST, end.push_event(), db, key);
    e.signal_ready(db, key);
}

fn lpush_command(e: &mut Engine, ctx: &mut Ctx) {
    push_generic(e, ctx, End::Head, false)
}

fn rpush_command(e: &mut Engine, ctx: &mut Ctx) {
    push_generic(e, ctx, End::Tail, false)
}

fn lpushx_command(e: &mut Engine, ctx: &mut Ctx) {
    push_generic(e, ctx, End::Head, true)
}

fn rpushx_command(e: &mut Engine, ctx: &mut Ctx) {
    push_generic(e, ctx, End::Tail, true)
}

// ----- pops ------------------------------------------------------------------------------

fn pop_generic(e: &mut Engine, ctx: &mut Ctx, end: End) {
    let argv = ctx.argv;
    if argv.len() > 3 {
        let name = if end == End::Head { "lpop" } else { "rpop" };
        return ctx.out.error(&alloc::format!(
            "ERR wrong number of arguments for '{name}' command"
        ));
    }
    let has_count = argv.len() == 3;
    let mut count = 0i64;
    if has_count {
        match arg_at_least(&mut ctx.out, argv[2], 0, MUST_BE_POSITIVE) {
            Some(n) => count = n,
            None => return,
        }
    }
    let db = ctx.db(e);
    let slot = match find_write(e, db, argv[1]) {
        Found::Missing if has_count => return ctx.out.null_array(),
        Found::Missing => return ctx.out.null(),
        Found::WrongType => return ctx.out.error(WRONGTYPE),
        Found::List(s) => s,
    };
    if has_count && count == 0 {
        return ctx.out.array(0);
    }
    let l = list_mut(e, db, slot);
    let n = if has_count {
        let n = (count as u64).min(l.len() as u64) as usize;
        reply_from_end(&mut ctx.out, l, end, n);
        n
    } else {
        let v = match end {
            End::Head => l.front(),
            End::Tail => l.back(),
        };
        ctx.out.bulk(v.expect("lists are never empty"));
        1
    };
    drop_from_end(l, end, n);
    e.dirty += n as u64;
    elements_removed(e, db, slot, argv[1], end.pop_event());
}

fn lpop_command(e: &mut Engine, ctx: &mut Ctx) {
    pop_generic(e, ctx, End::Head)
}

fn rpop_command(e: &mut Engine, ctx: &mut Ctx) {
    pop_generic(e, ctx, End::Tail)
}

/// Pops up to `count` elements of the list in `slot` and replies `[key, [elements]]`;
/// records `LPOP|RPOP key n` in the change stream (LMPOP and BLMPOP propagate so).
fn pop_range_with_key(
    e: &mut Engine,
    ctx: &mut Ctx,
    db: usize,
    slot: u32,
    key: &[u8],
    end: End,
    count: i64,
) {
    let l = list_mut(e, db, slot);
    let n = (count as u64).min(l.len() as u64) as usize;
    ctx.out.array(2);
    ctx.out.bulk(key);
    reply_from_end(&mut ctx.out, l, end, n);
    drop_from_end(l, end, n);
    e.dirty += n as u64;
    elements_removed(e, db, slot, key, end.pop_event());
    let mut b = itoa::Buffer::new();
    e.propagate(db, &[end.pop_name(), key, b.format(n).as_bytes()]);
    ctx.propagated = true;
}

/// Parses `numkeys key... LEFT|RIGHT [COUNT count]` from `argv[numkeys_idx]` on, as
/// Redis's lmpopGenericCommand: returns (keys, end, count).
fn parse_mpop<'a>(
    out: &mut Reply,
    argv: &[&'a [u8]],
    numkeys_idx: usize,
) -> Option<(Vec<&'a [u8]>, End, i64)> {
    let numkeys = arg_at_least(
        out,
        argv[numkeys_idx],
        1,
        "ERR numkeys should be greater than 0",
    )?;
    let where_idx = numkeys_idx as u128 + numkeys as u128 + 1;
    if where_idx >= argv.len() as u128 {
        out.error(SYNTAX);
        return None;
    }
    let where_idx = where_idx as usize;
    let end = parse_end(out, argv[where_idx])?;
    let mut count = -1i64;
    let mut j = where_idx + 1;
    while j < argv.len() {
        let more = argv.len() - 1 - j;
        if count == -1 && is_word(argv[j], "count") && more > 0 {
            j += 1;
            count = arg_at_least(out, argv[j], 1, "ERR count should be greater than 0")?;
        } else {
            out.error(SYNTAX);
            return None;
        }
        j += 1;
    }
    if count == -1 {
        count = 1;
    }
    Some((argv[numkeys_idx + 1..where_idx].to_vec(), end, count))
}

fn lmpop_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let Some((keys, end, count)) = parse_mpop(&mut ctx.out, argv, 1) else {
        return;
    };
    let db = ctx.db(e);
    for key in keys {
        match find_write(e, db, key) {
            Found::Missing => continue,
            Found::WrongType => return ctx.out.error(WRONGTYPE),
            Found::List(slot) => return pop_range_with_key(e, ctx, db, slot, key, end, count),
        }
    }
    ctx.out.null_array();
}

// ----- reads -----------------------------------------------------------------------------

fn llen_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    match find_read(e, db, ctx.argv[1]) {
        Ok(None) => ctx.out.int(0),
        Ok(Some(l)) => ctx.out.int(l.len() as i64),
        Err(()) => ctx.out.error(WRONGTYPE),
    }
}

/// A Redis list index (negative from the tail) as a position, if within the list.
fn position(index: i64, len: usize) -> Option<usize> {
    let len = len as i64;
    let i = if index < 0 { index + len } else { index };
    (0..len).contains(&i).then_some(i as usize)
}

fn lindex_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let db = ctx.db(e);
    let l = match find_read(e, db, argv[1]) {
        Ok(None) => return ctx.out.null(),
        Ok(Some(l)) => l,
        Err(()) => return ctx.out.error(WRONGTYPE),
    };
    let Some(index) = arg_i64(&mut ctx.out, argv[2]) else {
        return;
    };
    match position(index, l.len()).and_then(|i| l.get(i)) {
        Some(v) => ctx.out.bulk(v),
        None => ctx.out.null(),
    }
}

/// Redis's range normalisation (LRANGE, LTRIM): `Some((start, end))` inclusive and within
/// the list, or None for an empty range.
fn clamp_range(start: i64, end: i64, len: usize) -> Option<(usize, usize)> {
    let llen = len as i64;
    let mut start = if start < 0 { start + llen } else { start };
    let mut end = if end < 0 { end + llen } else { end };
    if start < 0 {
        start = 0;
    }
    if start > end || start >= llen {
        return None;
    }
    if end >= llen {
        end = llen - 1;
    }
    Some((start as usize, end as usize))
}

fn lrange_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let Some(start) = arg_i64(&mut ctx.out, argv[2]) else {
        return;
    };
    let Some(end) = arg_i64(&mut ctx.out, argv[3]) else {
        return;
    };
    let db = ctx.db(e);
    let l = match find_read(e, db, argv[1]) {
        Ok(None) => return ctx.out.array(0),
        Ok(Some(l)) => l,
        Err(()) => return ctx.out.error(WRONGTYPE),
    };
    match clamp_range(start, end, l.len()) {
        None => ctx.out.array(0),
        Some((s, e)) => {
            let n = e - s + 1;
            ctx.out.array(n);
            for v in l.iter_from(s).take(n) {
                ctx.out.bulk(v);
            }
        }
    }
}

fn lpos_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let mut rank = 1i64;
    let mut count = -1i64; // -1: option not given
    let mut maxlen = 0i64;
    let mut j = 3;
    while j < argv.len() {
        let more = argv.len() - 1 - j;
        if is_word(argv[j], "rank") && more > 0 {
            j += 1;
            let Some(r) = arg_i64(&mut ctx.out, argv[j]) else {
                return;
            };
            if r == 0 {
                return ctx.out.error(RANK_ZERO);
            }
            rank = r;
        } else if is_word(argv[j], "count") && more > 0 {
            j += 1;
            let Some(c) = arg_at_least(&mut ctx.out, argv[j], 0, "ERR COUNT can't be negative")
            else {
                return;
            };
            count = c;
        } else if is_word(argv[j], "maxlen") && more > 0 {
            j += 1;
            let Some(m) = arg_at_least(&mut ctx.out, argv[j], 0, "ERR MAXLEN can't be negative")
            else {
                return;
            };
            maxlen = m;
        } else {
            return ctx.out.error(SYNTAX);
        }
        j += 1;
    }
    // A negative rank searches from the tail. (-LLONG_MIN stays negative in C, so every
    // match then qualifies: the first one from the tail is returned.)
    let from_tail = rank < 0;
    if from_tail {
        rank = rank.wrapping_neg();
    }
    let skip = if rank > 0 { (rank - 1) as u64 } else { 0 };
    let db = ctx.db(e);
    let l = match find_read(e, db, argv[1]) {
        Ok(None) if count != -1 => return ctx.out.array(0),
        Ok(None) => return ctx.out.null(),
        Ok(Some(l)) => l,
        Err(()) => return ctx.out.error(WRONGTYPE),
    };
    let maxlen = usize::try_from(maxlen).unwrap_or(usize::MAX);
    if count == -1 {
        let mut found = None;
        l.positions(argv[2], from_tail, skip, 1, maxlen, |i| found = Some(i));
        match found {
            Some(i) => ctx.out.int(i as i64),
            None => ctx.out.null(),
        }
    } else {
        let mut found = Vec::new();
        // With RANK LLONG_MIN, C's `matches-rank+1 >= count` overflows and never stops the
        // scan: every match is returned whatever COUNT says.
        let limit = if rank < 0 { 0 } else { usize::try_from(count).unwrap_or(usize::MAX) };
        l.positions(argv[2], from_tail, skip, limit, maxlen, |i| found.push(i));
        ctx.out.array(found.len());
        for i in found {
            ctx.out.int(i as i64);
        }
    }
}

// ----- changes in place ------------------------------------------------------------------

fn lset_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let db = ctx.db(e);
    let slot = match find_write(e, db, argv[1]) {
        Found::Missing => return ctx.out.error(NO_SUCH_KEY),
        Found::WrongType => return ctx.out.error(WRONGTYPE),
        Found::List(s) => s,
    };
    let Some(index) = arg_i64(&mut ctx.out, argv[2]) else {
        return;
    };
    let l = list_mut(e, db, slot);
    match position(index, l.len()) {
        Some(i) => {
            l.set(i, argv[3]);
            e.dirty += 1;
            ctx.out.ok();
            e.modified(class::LIST, "lset", db, argv[1]);
        }
        None => ctx.out.error(OUT_OF_RANGE),
    }
}

fn linsert_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let after = if is_word(argv[2], "after") {
        true
    } else if is_word(argv[2], "before") {
        false
    } else {
        return ctx.out.error(SYNTAX);
    };
    let db = ctx.db(e);
    let slot = match find_write(e, db, argv[1]) {
        Found::Missing => return ctx.out.int(0),
        Found::WrongType => return ctx.out.error(WRONGTYPE),
        Found::List(s) => s,
    };
    let l = list_mut(e, db, slot);
    if l.insert_at_pivot(argv[3], argv[4], after) {
        let len = l.len();
        e.dirty += 1;
        ctx.out.int(len as i64);
        e.modified(class::LIST, "linsert", db, argv[1]);
    } else {
        ctx.out.int(-1);
    }
}

fn lrem_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let Some(count) = arg_i64(&mut ctx.out, argv[2]) else {
        return;
    };
    let db = ctx.db(e);
    let slot = match find_write(e, db, argv[1]) {
        Found::Missing => return ctx.out.int(0),
        Found::WrongType => return ctx.out.error(WRONGTYPE),
        Found::List(s) => s,
    };
    let removed = list_mut(e, db, slot).remove_matching(argv[3], count);
    e.dirty += removed as u64;
    if removed > 0 {
        elements_removed(e, db, slot, argv[1], "lrem");
    }
    ctx.out.int(removed as i64);
}

fn ltrim_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let Some(start) = arg_i64(&mut ctx.out, argv[2]) else {
        return;
    };
    let Some(end) = arg_i64(&mut ctx.out, argv[3]) else {
        return;
    };
    let db = ctx.db(e);
    let slot = match find_write(e, db, argv[1]) {
        Found::Missing => return ctx.out.ok(),
        Found::WrongType => return ctx.out.error(WRONGTYPE),
        Found::List(s) => s,
    };
    let l = list_mut(e, db, slot);
    let len = l.len();
    let removed = match clamp_range(start, end, len) {
        None => {
            l.drop_front(len);
            len
        }
        Some((s, en)) => {
            l.retain_range(s, en);
            len - (en - s + 1)
        }
    };
    e.dirty += removed as u64;
    elements_removed(e, db, slot, argv[1], "ltrim");
    ctx.out.ok();
}

// ----- moves -----------------------------------------------------------------------------

/// How a move records itself in the change stream.
enum MoveLog<'a> {
    /// As the command was given (LMOVE, RPOPLPUSH).
    Verbatim,
    /// A rewrite (a blocking form that found data at once).
    As(&'a [&'a [u8]]),
    /// A rewrite of a blocking form served after it waited. Redis 7.0 does not count
    /// these in `dirty` (serveClientBlockedOnList only propagates).
    Served(&'a [&'a [u8]]),
}

/// LMOVE's work once the source is known to be a non-empty list: checks the destination,
/// moves one element, replies with it.
fn move_element(e: &mut Engine, ctx: &mut Ctx, src_slot: u32, from: End, to: End, log: MoveLog) {
    let argv = ctx.argv;
    let db = ctx.db(e);
    let (src, dst) = (argv[1], argv[2]);
    let dst_slot = match find_write(e, db, dst) {
        Found::WrongType => return ctx.out.error(WRONGTYPE),
        Found::Missing => None,
        Found::List(s) => Some(s),
    };
    let value = pop(list_mut(e, db, src_slot), from).expect("lists are never empty");
    let dst_slot = match dst_slot {
        Some(s) => s,
        None => create_list(e, db, dst),
    };
    push(list_mut(e, db, dst_slot), to, &value);
    ctx.out.bulk(&value);
    // As Redis: the push on the destination is announced before the pop from the source.
    e.modified(class::LIST, to.push_event(), db, dst);
    elements_removed(e, db, src_slot, src, from.pop_event());
    match log {
        MoveLog::Verbatim => e.dirty += 1,
        MoveLog::As(args) => {
            e.dirty += 1;
            e.propagate(db, args);
            ctx.propagated = true;
        }
        MoveLog::Served(args) => {
            e.propagate(db, args);
            ctx.propagated = true;
        }
    }
    e.signal_ready(db, dst);
}

fn lmove_generic(e: &mut Engine, ctx: &mut Ctx, from: End, to: End) {
    let db = ctx.db(e);
    let slot = match find_write(e, db, ctx.argv[1]) {
        Found::Missing => return ctx.out.null(),
        Found::WrongType => return ctx.out.error(WRONGTYPE),
        Found::List(s) => s,
    };
    move_element(e, ctx, slot, from, to, MoveLog::Verbatim);
}

fn lmove_command(e: &mut Engine, ctx: &mut Ctx) {
    let Some(from) = parse_end(&mut ctx.out, ctx.argv[3]) else {
        return;
    };
    let Some(to) = parse_end(&mut ctx.out, ctx.argv[4]) else {
        return;
    };
    lmove_generic(e, ctx, from, to)
}

fn rpoplpush_command(e: &mut Engine, ctx: &mut Ctx) {
    lmove_generic(e, ctx, End::Tail, End::Head)
}

// ----- blocking --------------------------------------------------------------------------

/// BLPOP/BRPOP (`count` None) and BLMPOP (`count` Some): pops from the first non-empty
/// list among `keys`, or blocks on all of them.
fn blocking_pop(
    e: &mut Engine,
    ctx: &mut Ctx,
    keys: &[&[u8]],
    end: End,
    count: Option<i64>,
    deadline: u64,
) {
    let db = ctx.db(e);
    let rerun = serving(e, ctx);
    for &key in keys {
        let slot = match find_write(e, db, key) {
            Found::Missing => continue,
            // A waiter stays blocked while its key holds another type (Redis 7.0 only
            // serves list waiters from lists); a fresh call answers WRONGTYPE.
            Found::WrongType if rerun => continue,
            Found::WrongType => return ctx.out.error(WRONGTYPE),
            Found::List(s) => s,
        };
        match count {
            Some(count) => pop_range_with_key(e, ctx, db, slot, key, end, count),
            None => {
                let value = pop(list_mut(e, db, slot), end).expect("lists are never empty");
                ctx.out.array(2);
                ctx.out.bulk(key);
                ctx.out.bulk(&value);
                if !rerun {
                    // A served BLPOP/BRPOP is not counted in Redis 7.0's dirty.
                    e.dirty += 1;
                }
                elements_removed(e, db, slot, key, end.pop_event());
                e.propagate(db, &[end.pop_name(), key]);
                ctx.propagated = true;
            }
        }
        return;
    }
    if !e.can_block(ctx) {
        return ctx.out.null_array();
    }
    e.block(ctx, keys, deadline, TimeoutReply::NullArray, None);
}

fn blpop_brpop(e: &mut Engine, ctx: &mut Ctx, end: End) {
    let argv = ctx.argv;
    let Some(deadline) = parse_timeout(&mut ctx.out, argv[argv.len() - 1], e.now_ms()) else {
        return;
    };
    blocking_pop(e, ctx, &argv[1..argv.len() - 1], end, None, deadline)
}

fn blpop_command(e: &mut Engine, ctx: &mut Ctx) {
    blpop_brpop(e, ctx, End::Head)
}

fn brpop_command(e: &mut Engine, ctx: &mut Ctx) {
    blpop_brpop(e, ctx, End::Tail)
}

fn blmpop_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let Some((keys, end, count)) = parse_mpop(&mut ctx.out, argv, 2) else {
        return;
    };
    let Some(deadline) = parse_timeout(&mut ctx.out, argv[1], e.now_ms()) else {
        return;
    };
    blocking_pop(e, ctx, &keys, end, Some(count), deadline)
}

/// BLMOVE and BRPOPLPUSH once their arguments are parsed.
fn blocking_move(
    e: &mut Engine,
    ctx: &mut Ctx,
    from: End,
    to: End,
    deadline: u64,
    rpoplpush: bool,
) {
    let argv = ctx.argv;
    let db = ctx.db(e);
    let rerun = serving(e, ctx);
    let slot = match find_write(e, db, argv[1]) {
        Found::List(s) => s,
        Found::WrongType if !rerun => return ctx.out.error(WRONGTYPE),
        Found::Missing if !e.can_block(ctx) => return ctx.out.null(),
        // Missing, or (for a waiter) still of another type: wait.
        _ => return e.block(ctx, &argv[1..2], deadline, TimeoutReply::NullArray, None),
    };
    let (src, dst) = (argv[1], argv[2]);
    // BRPOPLPUSH has no position arguments; BLMOVE's are propagated as given when it is
    // served at once, in Redis's lower-case words when served after waiting.
    let (w3, w4) = match (rpoplpush, rerun) {
        (true, _) => (&b""[..], &b""[..]),
        (false, true) => (from.word(), to.word()),
        (false, false) => (argv[3], argv[4]),
    };
    let lmove: &[&[u8]] = &[b"LMOVE", src, dst, w3, w4];
    let rpoplpush_args: &[&[u8]] = &[b"RPOPLPUSH", src, dst];
    let args = if rpoplpush { rpoplpush_args } else { lmove };
    let log = if rerun {
        MoveLog::Served(args)
    } else {
        MoveLog::As(args)
    };
    move_element(e, ctx, slot, from, to, log);
}

fn blmove_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let Some(from) = parse_end(&mut ctx.out, argv[3]) else {
        return;
    };
    let Some(to) = parse_end(&mut ctx.out, argv[4]) else {
        return;
    };
    let Some(deadline) = parse_timeout(&mut ctx.out, argv[5], e.now_ms()) else {
        return;
    };
    blocking_move(e, ctx, from, to, deadline, false)
}

fn brpoplpush_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let Some(deadline) = parse_timeout(&mut ctx.out, argv[3], e.now_ms()) else {
        return;
    };
    blocking_move(e, ctx, End::Tail, End::Head, deadline, true)
}

#[cfg(test)]
mod tests {
    //! Expected replies are the bytes redis-server 7.0.15 sent for the same commands.
    use super::*;
    use crate::client::{ClientId, ConnInfo};
    use crate::config::Config;
    use crate::engine::{encode_command, HostInfo, Outcome};
    use crate::resp::writer::Protocol;
    use alloc::format;
    use alloc::string::String;
    use alloc::vec;

    /// 2023-11-14T22:13:20Z, in microseconds.
    const T0: u64 = 1_700_000_000_000_000;
    const WT: &str = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    const NOT_INT: &str = "-ERR value is not an integer or out of range\r\n";
    const SYNTAX_ERR: &str = "-ERR syntax error\r\n";

    struct T {
        e: Engine,
        c: ClientId,
        now: u64,
    }

    impl T {
        fn new() -> T {
            let mut e = Engine::new(Config::default(), HostInfo::default(), 1, T0);
            let c = e.connect(ConnInfo::default(), T0);
            T { e, c, now: T0 }
        }

        fn client(&mut self) -> ClientId {
            self.e.connect(ConnInfo::default(), self.now)
        }

        fn exec(&mut self, c: ClientId, args: &[&[u8]]) -> (Outcome, String) {
            let mut out = Vec::new();
            let o = self.e.execute(c, args, self.now, &mut out);
            (o, String::from_utf8(out).unwrap())
        }

        /// Runs a command given as space-separated words for client `c`.
        fn run_as(&mut self, c: ClientId, line: &str) -> (Outcome, String) {
            let args: Vec<&[u8]> = line.split(' ').map(str::as_bytes).collect();
            self.exec(c, &args)
        }

        fn run(&mut self, line: &str) -> String {
            let c = self.c;
            self.run_as(c, line).1
        }

        /// Output queued for client `c` (replies of served blocked commands).
        fn pending(&mut self, c: ClientId) -> String {
            let mut out = Vec::new();
            self.e.take_pending(c, &mut out);
            String::from_utf8(out).unwrap()
        }

        fn resp3(&mut self, c: ClientId) {
            self.e.client_mut(c).unwrap().proto = Protocol::Resp3;
        }

        fn changes(&mut self) -> String {
            let mut out = Vec::new();
            self.e.take_changes(&mut out);
            String::from_utf8(out).unwrap()
        }

        /// Moves the clock forward and runs the periodic work (blocked timeouts).
        fn advance_ms(&mut self, ms: u64) {
            self.now += ms * 1000;
            let now = self.now;
            self.e.cron(now);
        }

        /// Runs a handler directly as a client that may not block (inside MULTI or a script).
        fn run_no_block(&mut self, line: &str) -> String {
            let args: Vec<&[u8]> = line.split(' ').map(str::as_bytes).collect();
            let spec = self.e.lookup_command(&args).unwrap();
            let mut out = Vec::new();
            {
                let mut ctx = Ctx::new(self.c, &args, Reply::new(&mut out, Protocol::Resp2));
                ctx.no_block = true;
                (spec.handler)(&mut self.e, &mut ctx);
                assert_eq!(ctx.outcome, Outcome::Done);
            }
            String::from_utf8(out).unwrap()
        }
    }

    /// Asserts each (command, reply) in order.
    fn script(t: &mut T, steps: &[(&str, &str)]) {
        for (cmd, want) in steps {
            assert_eq!(t.run(cmd), *want, "{}", cmd);
        }
    }

    fn cmds(list: &[&[&str]]) -> String {
        let mut want = Vec::new();
        for cmd in list {
            let args: Vec<&[u8]> = cmd.iter().map(|s| s.as_bytes()).collect();
            encode_command(&mut want, &args);
        }
        String::from_utf8(want).unwrap()
    }

    #[test]
    fn pushes_and_pops() {
        let mut t = T::new();
        script(
            &mut t,
            &[
                ("LPOP nokey", "$-1\r\n"),
                ("LPOP nokey 0", "*-1\r\n"),
                ("LPOP nokey 1", "*-1\r\n"),
                (
                    "LPOP nokey -1",
                    "-ERR value is out of range, must be positive\r\n",
                ),
                (
                    "LPOP nokey abc",
                    "-ERR value is out of range, must be positive\r\n",
                ),
                ("LPUSHX nokey a", ":0\r\n"),
                ("RPUSHX nokey a", ":0\r\n"),
                ("EXISTS nokey", ":0\r\n"),
                ("RPUSH l a b c", ":3\r\n"),
                ("LPOP l 0", "*0\r\n"),
                (
                    "LPOP l -1",
                    "-ERR value is out of range, must be positive\r\n",
                ),
                (
                    "LPOP l abc",
                    "-ERR value is out of range, must be positive\r\n",
                ),
                (
                    "LPOP l 1 2",
                    "-ERR wrong number of arguments for 'lpop' command\r\n",
                ),
                (
                    "RPOP l 1 2",
                    "-ERR wrong number of arguments for 'rpop' command\r\n",
                ),
                ("LPOP l 2", "*2\r\n$1\r\na\r\n$1\r\nb\r\n"),
                ("RPOP l 5", "*1\r\n$1\r\nc\r\n"),
                ("EXISTS l", ":0\r\n"),
                ("RPUSH l 1 2 3", ":3\r\n"),
                ("RPOP l", "$1\r\n3\r\n"),
                ("LPOP l 9223372036854775807", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n"),
                ("EXISTS l", ":0\r\n"),
                ("LPUSH l a b c", ":3\r\n"),
                ("LPUSHX l d", ":4\r\n"),
                ("RPUSHX l e f", ":6\r\n"),
                (
                    "LRANGE l 0 -1",
                    "*6\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\ne\r\n$1\r\nf\r\n",
                ),
                ("RPOP l 3", "*3\r\n$1\r\nf\r\n$1\r\ne\r\n$1\r\na\r\n"),
                ("LPOP l", "$1\r\nd\r\n"),
                ("LPOP l", "$1\r\nc\r\n"),
                ("RPOP l", "$1\r\nb\r\n"),
                ("EXISTS l", ":0\r\n"),
                (
                    "LPUSH l",
                    "-ERR wrong number of arguments for 'lpush' command\r\n",
                ),
                ("RPUSH l ", ":1\r\n"),
                ("LINDEX l 0", "$0\r\n\r\n"),
            ],
        );
    }

    #[test]
    fn ranges_indexes_and_lengths() {
        let mut t = T::new();
        script(
            &mut t,
            &[
                ("LRANGE nokey 0 -1", "*0\r\n"),
                ("LRANGE nokey a b", NOT_INT),
                ("LLEN nokey", ":0\r\n"),
                ("LINDEX nokey 0", "$-1\r\n"),
                ("LINDEX nokey x", "$-1\r\n"),
                ("RPUSH l a b c d e", ":5\r\n"),
                ("LLEN l", ":5\r\n"),
                (
                    "LRANGE l 0 -1",
                    "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n",
                ),
                ("LRANGE l -2 -1", "*2\r\n$1\r\nd\r\n$1\r\ne\r\n"),
                (
                    "LRANGE l -100 100",
                    "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n",
                ),
                ("LRANGE l 3 1", "*0\r\n"),
                ("LRANGE l 5 10", "*0\r\n"),
                (
                    "LRANGE l -9223372036854775808 9223372036854775807",
                    "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n",
                ),
                (
                    "LRANGE l 9223372036854775807 -9223372036854775808",
                    "*0\r\n",
                ),
                ("LRANGE l 0 x", NOT_INT),
                ("LINDEX l 0", "$1\r\na\r\n"),
                ("LINDEX l -1", "$1\r\ne\r\n"),
                ("LINDEX l 5", "$-1\r\n"),
                ("LINDEX l -6", "$-1\r\n"),
                ("LINDEX l -9223372036854775808", "$-1\r\n"),
                ("LINDEX l x", NOT_INT),
                ("LSET nokey 0 x", "-ERR no such key\r\n"),
                ("LSET nokey x x", "-ERR no such key\r\n"),
                ("LSET l 5 x", "-ERR index out of range\r\n"),
                ("LSET l -6 x", "-ERR index out of range\r\n"),
                (
                    "LSET l 9223372036854775807 z",
                    "-ERR index out of range\r\n",
                ),
                (
                    "LSET l -9223372036854775808 z",
                    "-ERR index out of range\r\n",
                ),
                ("LSET l x x", NOT_INT),
                ("LSET l -2 y", "+OK\r\n"),
                ("LSET l 0 z", "+OK\r\n"),
                (
                    "LRANGE l 0 -1",
                    "*5\r\n$1\r\nz\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\ny\r\n$1\r\ne\r\n",
                ),
                ("OBJECT ENCODING l", "$9\r\nquicklist\r\n"),
            ],
        );
    }

    #[test]
    fn linsert_lrem_ltrim() {
        let mut t = T::new();
        script(
            &mut t,
            &[
                ("LINSERT nokey before a x", ":0\r\n"),
                ("LINSERT nokey middle a x", SYNTAX_ERR),
                ("RPUSH l y b", ":2\r\n"),
                ("LINSERT l middle a x", SYNTAX_ERR),
                ("LINSERT l before zz x", ":-1\r\n"),
                ("LINSERT l before y x", ":3\r\n"),
                ("LINSERT l AFTER b z", ":4\r\n"),
                (
                    "LRANGE l 0 -1",
                    "*4\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nb\r\n$1\r\nz\r\n",
                ),
                ("LREM l x y", NOT_INT),
                ("LREM nokey 1 y", ":0\r\n"),
                ("LREM l 0 nothere", ":0\r\n"),
                ("LTRIM l a b", NOT_INT),
                ("LTRIM nokey 0 1", "+OK\r\n"),
                ("DEL l", ":1\r\n"),
                ("RPUSH l a b c d e", ":5\r\n"),
                ("LTRIM l 1 -2", "+OK\r\n"),
                ("LRANGE l 0 -1", "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n"),
                ("LTRIM l 5 10", "+OK\r\n"),
                ("EXISTS l", ":0\r\n"),
                ("RPUSH l a b a c a", ":5\r\n"),
                ("LREM l -2 a", ":2\r\n"),
                ("LRANGE l 0 -1", "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n"),
                ("LREM l 0 a", ":1\r\n"),
                ("LREM l -9223372036854775808 b", ":1\r\n"),
                ("LREM l 1 c", ":1\r\n"),
                ("EXISTS l", ":0\r\n"),
                ("RPUSH l x y", ":2\r\n"),
                ("LTRIM l 1 0", "+OK\r\n"),
                ("EXISTS l", ":0\r\n"),
            ],
        );
    }

    #[test]
    fn lpos_options_and_errors() {
        let mut t = T::new();
        let rank0 = "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n";
        script(
            &mut t,
            &[
                ("LPOS nokey a", "$-1\r\n"),
                ("LPOS nokey a COUNT 0", "*0\r\n"),
                ("LPOS nokey a RANK 0", rank0),
                ("LPOS nokey a FOO", SYNTAX_ERR),
                ("RPUSH l a b c a b c a", ":7\r\n"),
                ("LPOS l a", ":0\r\n"),
                ("LPOS l a RANK 0", rank0),
                ("LPOS l a RANK -1", ":6\r\n"),
                ("LPOS l a RANK -9223372036854775808", ":6\r\n"),
                ("LPOS l a RANK 9223372036854775807", "$-1\r\n"),
                ("LPOS l a RANK x", NOT_INT),
                ("LPOS l a COUNT -1", "-ERR COUNT can't be negative\r\n"),
                ("LPOS l a COUNT x", "-ERR COUNT can't be negative\r\n"),
                ("LPOS l a COUNT 0", "*3\r\n:0\r\n:3\r\n:6\r\n"),
                ("LPOS l a COUNT 2", "*2\r\n:0\r\n:3\r\n"),
                ("LPOS l a COUNT 2 RANK -1", "*2\r\n:6\r\n:3\r\n"),
                ("LPOS l a count 2 rank 2", "*2\r\n:3\r\n:6\r\n"),
                ("LPOS l a MAXLEN -1", "-ERR MAXLEN can't be negative\r\n"),
                ("LPOS l a MAXLEN x", "-ERR MAXLEN can't be negative\r\n"),
                ("LPOS l a MAXLEN 1", ":0\r\n"),
                ("LPOS l a MAXLEN 3 COUNT 0", "*1\r\n:0\r\n"),
                ("LPOS l a MAXLEN 4 RANK -2", ":3\r\n"),
                ("LPOS l a RANK", SYNTAX_ERR),
                ("LPOS l a COUNT", SYNTAX_ERR),
                ("LPOS l a RANK 1 RANK 2", ":3\r\n"),
                ("LPOS l z", "$-1\r\n"),
                ("LPOS l z COUNT 1", "*0\r\n"),
                ("LPOS l a COUNT 0 RANK 1 COUNT 1", "*1\r\n:0\r\n"),
                (
                    "LPOS l a rank 1 count 0 maxlen 0 rank -1",
                    "*3\r\n:6\r\n:3\r\n:0\r\n",
                ),
                ("SET s x", "+OK\r\n"),
                ("LPOS s a", WT),
                ("LPOS s a COUNT 1", WT),
                ("LPOS s a RANK 0", rank0),
            ],
        );
    }

    #[test]
    fn lmove_and_rpoplpush() {
        let mut t = T::new();
        script(
            &mut t,
            &[
                ("LMOVE a b middle left", SYNTAX_ERR),
                ("LMOVE a b left middle", SYNTAX_ERR),
                ("LMOVE nokey b left right", "$-1\r\n"),
                ("SET s x", "+OK\r\n"),
                ("LMOVE s b left right", WT),
                ("RPUSH src 1 2 3", ":3\r\n"),
                ("LMOVE src s left right", WT),
                ("LMOVE src dst left right", "$1\r\n1\r\n"),
                ("LMOVE src dst RIGHT LEFT", "$1\r\n3\r\n"),
                ("LMOVE src src left right", "$1\r\n2\r\n"),
                ("LRANGE src 0 -1", "*1\r\n$1\r\n2\r\n"),
                ("LRANGE dst 0 -1", "*2\r\n$1\r\n3\r\n$1\r\n1\r\n"),
                ("RPOPLPUSH src dst", "$1\r\n2\r\n"),
                ("RPOPLPUSH nokey dst", "$-1\r\n"),
                ("RPOPLPUSH s dst", WT),
                ("RPOPLPUSH dst s", WT),
                ("LRANGE src 0 -1", "*0\r\n"),
                ("EXISTS src", ":0\r\n"),
                ("LRANGE dst 0 -1", "*3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n1\r\n"),
                ("RPOPLPUSH dst dst", "$1\r\n1\r\n"),
                ("LRANGE dst 0 -1", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            ],
        );
        // Option words are C strings.
        assert_eq!(
            t.exec(t.c, &[b"LMOVE", b"dst", b"x", b"left\0junk", b"right"])
                .1,
            "$1\r\n1\r\n"
        );
        assert_eq!(
            t.exec(t.c, &[b"LINSERT", b"x", b"before\0zz", b"1", b"0"])
                .1,
            ":2\r\n"
        );
        assert_eq!(
            t.exec(t.c, &[b"LPOS", b"x", b"1", b"rank\0", b"1"]).1,
            ":1\r\n"
        );
        assert_eq!(
            t.exec(t.c, &[b"LPOP", b"x", b"1\0"]).1,
            "-ERR value is out of range, must be positive\r\n"
        );
    }

    #[test]
    fn lmpop_arguments_and_replies() {
        let mut t = T::new();
        script(
            &mut t,
            &[
                ("RPUSH l a b c d", ":4\r\n"),
                (
                    "LMPOP 0 l left",
                    "-ERR numkeys should be greater than 0\r\n",
                ),
                (
                    "LMPOP -1 l left",
                    "-ERR numkeys should be greater than 0\r\n",
                ),
                (
                    "LMPOP x l left",
                    "-ERR numkeys should be greater than 0\r\n",
                ),
                (
                    "LMPOP 1 l",
                    "-ERR wrong number of arguments for 'lmpop' command\r\n",
                ),
                ("LMPOP 2 l left", SYNTAX_ERR),
                ("LMPOP 3 l left", SYNTAX_ERR),
                ("LMPOP 9223372036854775807 l left", SYNTAX_ERR),
                ("LMPOP 1 l middle", SYNTAX_ERR),
                ("LMPOP 1 l left count", SYNTAX_ERR),
                (
                    "LMPOP 1 l left count 0",
                    "-ERR count should be greater than 0\r\n",
                ),
                (
                    "LMPOP 1 l left count -1",
                    "-ERR count should be greater than 0\r\n",
                ),
                (
                    "LMPOP 1 l left count x",
                    "-ERR count should be greater than 0\r\n",
                ),
                ("LMPOP 1 l left count 1 count 1", SYNTAX_ERR),
                ("LMPOP 1 l left foo", SYNTAX_ERR),
                ("LMPOP 1 l left ", SYNTAX_ERR),
                ("LMPOP 1 nokey left", "*-1\r\n"),
                (
                    "LMPOP 1 nokey left count 0",
                    "-ERR count should be greater than 0\r\n",
                ),
                (
                    "LMPOP 2 nokey l right count 2",
                    "*2\r\n$1\r\nl\r\n*2\r\n$1\r\nd\r\n$1\r\nc\r\n",
                ),
                (
                    "LMPOP 2 nokey l LEFT COUNT 10",
                    "*2\r\n$1\r\nl\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n",
                ),
                ("EXISTS l", ":0\r\n"),
                ("SET s x", "+OK\r\n"),
                ("LMPOP 2 nokey s left", WT),
                ("LMPOP 2 s nokey left", WT),
                ("RPUSH l2 a", ":1\r\n"),
                ("LMPOP 2 l2 s left", "*2\r\n$2\r\nl2\r\n*1\r\n$1\r\na\r\n"),
            ],
        );
    }

    #[test]
    fn wrong_type_everywhere() {
        let mut t = T::new();
        t.run("SET s x");
        for cmd in [
            "LPUSH s a",
            "RPUSH s a",
            "LPUSHX s a",
            "RPUSHX s a",
            "LPOP s",
            "LPOP s 0",
            "RPOP s 2",
            "LRANGE s 0 -1",
            "LLEN s",
            "LINDEX s x",
            "LSET s 0 x",
            "LSET s x x",
            "LINSERT s before a x",
            "LREM s 1 y",
            "LTRIM s 0 1",
            "LPOS s a",
            "LMOVE s d left left",
            "RPOPLPUSH s d",
            "LMPOP 1 s left",
            "BLPOP s 0",
            "BLPOP nokey s 0",
            "BRPOP s 0.01",
            "BLMOVE s b left left 0",
            "BLMOVE s nokey left left 0.01",
            "BRPOPLPUSH s b 0",
            "BLMPOP 0 1 s left",
            "BLMPOP 0 2 nokey s left",
        ] {
            assert_eq!(t.run(cmd), WT, "{cmd}");
        }
        // Argument errors come first where Redis parses before the lookup.
        assert_eq!(
            t.run("LPOP s -1"),
            "-ERR value is out of range, must be positive\r\n"
        );
        assert_eq!(t.run("LRANGE s a b"), NOT_INT);
        assert_eq!(t.run("LTRIM s a b"), NOT_INT);
        assert_eq!(
            t.run("BLPOP s x"),
            "-ERR timeout is not a float or out of range\r\n"
        );
        assert_eq!(t.run("GET s"), "$1\r\nx\r\n");
    }

    #[test]
    fn resp3_null_shapes() {
        let mut t = T::new();
        let c = t.c;
        t.resp3(c);
        script(
            &mut t,
            &[
                ("LPOP nokey", "_\r\n"),
                ("LPOP nokey 1", "_\r\n"),
                ("LPOP nokey 0", "_\r\n"),
                ("LINDEX nokey 0", "_\r\n"),
                ("LPOS nokey a", "_\r\n"),
                ("LPOS nokey a COUNT 1", "*0\r\n"),
                ("RPUSH l a b", ":2\r\n"),
                ("LPOS l z", "_\r\n"),
                ("LMPOP 1 nokey left", "_\r\n"),
                ("LMPOP 1 l left", "*2\r\n$1\r\nl\r\n*1\r\n$1\r\na\r\n"),
                ("LMOVE nokey a left left", "_\r\n"),
                ("LINDEX l 5", "_\r\n"),
                ("LPOP l 0", "*0\r\n"),
                ("LRANGE nokey 0 -1", "*0\r\n"),
            ],
        );
        // Timeouts in RESP3 are `_` for every blocking list command.
        for cmd in [
            "BLPOP nokey 0.01",
            "BLMOVE nokey a left left 0.01",
            "BLMPOP 0.01 1 nokey left",
            "BRPOPLPUSH nokey a 0.01",
        ] {
            assert_eq!(t.run_as(c, cmd), (Outcome::Blocked, String::new()), "{cmd}");
            t.advance_ms(20);
            assert_eq!(t.pending(c), "_\r\n", "{cmd}");
        }
    }

    #[test]
    fn timeouts_parse_like_redis() {
        // (timeout, reply when the key is missing): "block" means the client waits.
        let rows: &[(&str, &str)] = &[
            ("abc", "-ERR timeout is not a float or out of range\r\n"),
            ("-1", "-ERR timeout is negative\r\n"),
            ("-0.0001", "block"),
            ("inf", "-ERR timeout is negative\r\n"),
            ("-inf", "-ERR timeout is negative\r\n"),
            ("nan", "-ERR timeout is not a float or out of range\r\n"),
            ("1e400", "-ERR timeout is negative\r\n"),
            ("-1e400", "-ERR timeout is negative\r\n"),
            ("9223372036854775807", "-ERR timeout is negative\r\n"),
            ("9223372036854775", "block"),
            ("1e17", "-ERR timeout is negative\r\n"),
            ("9.3e15", "-ERR timeout is negative\r\n"),
            ("1e15", "block"),
            (" 1", "-ERR timeout is not a float or out of range\r\n"),
            ("1 ", "-ERR timeout is not a float or out of range\r\n"),
            ("", "-ERR timeout is not a float or out of range\r\n"),
            ("\x001", "-ERR timeout is not a float or out of range\r\n"),
            ("0x10", "block"),
            ("-0", "block"),
            ("0.0001", "block"),
            ("1e-400", "block"),
        ];
        let mut t = T::new();
        for (timeout, want) in rows {
            let c = t.client();
            let (o, out) = t.exec(c, &[b"BLPOP", b"k", timeout.as_bytes()]);
            if *want == "block" {
                assert_eq!((o, out.as_str()), (Outcome::Blocked, ""), "{timeout:?}");
                t.e.disconnect(c);
            } else {
                assert_eq!((o, out.as_str()), (Outcome::Done, *want), "{timeout:?}");
            }
        }
        // Fractions of a millisecond round up; zero-ish waits forever.
        let now = T0 / 1000;
        let mut r = Vec::new();
        let mut out = Reply::new(&mut r, Protocol::Resp2);
        assert_eq!(parse_timeout(&mut out, b"0.0001", now), Some(now + 1));
        assert_eq!(parse_timeout(&mut out, b"1e-400", now), Some(now + 1));
        assert_eq!(parse_timeout(&mut out, b"0.5", now), Some(now + 500));
        assert_eq!(parse_timeout(&mut out, b"1.0005", now), Some(now + 1001));
        assert_eq!(parse_timeout(&mut out, b"0x1p-1", now), Some(now + 500));
        assert_eq!(parse_timeout(&mut out, b"-0.0001", now), Some(0));
        assert_eq!(parse_timeout(&mut out, b"0", now), Some(0));
        assert_eq!(parse_timeout(&mut out, b"9223372036854775", now), Some(0));
        assert_eq!(
            parse_timeout(&mut out, b"1e15", now),
            Some(now + 1_000_000_000_000_000_000)
        );
    }

    #[test]
    fn blocking_pops_served_fifo_with_propagation() {
        let mut t = T::new();
        t.e.set_change_stream(true);
        let (a, b, c, d) = (t.client(), t.client(), t.client(), t.client());
        assert_eq!(
            t.run_as(a, "BLPOP k1 k2 0"),
            (Outcome::Blocked, String::new())
        );
        assert_eq!(t.run_as(b, "BRPOP k2 0"), (Outcome::Blocked, String::new()));
        assert_eq!(
            t.run_as(c, "BLMOVE k2 dst right LEFT 0"),
            (Outcome::Blocked, String::new())
        );
        assert_eq!(t.e.blocked_count(), 3);
        assert_eq!(
            t.run_as(d, "RPUSH k2 x y z"),
            (Outcome::Done, ":3\r\n".into())
        );
        let mut ready = t.e.take_ready();
        ready.sort();
        let mut want = vec![a, b, c];
        want.sort();
        assert_eq!(ready, want);
        assert_eq!(t.pending(a), "*2\r\n$2\r\nk2\r\n$1\r\nx\r\n");
        assert_eq!(t.pending(b), "*2\r\n$2\r\nk2\r\n$1\r\nz\r\n");
        assert_eq!(t.pending(c), "$1\r\ny\r\n");
        assert_eq!(t.e.blocked_count(), 0);
        assert_eq!(
            t.run_as(a, "BLMPOP 0 2 k1 k2 right count 5"),
            (Outcome::Blocked, String::new())
        );
        assert_eq!(t.run_as(d, "RPUSH k2 1 2 3").1, ":3\r\n");
        assert_eq!(
            t.pending(a),
            "*2\r\n$2\r\nk2\r\n*3\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n1\r\n"
        );
        assert_eq!(
            t.run_as(a, "BRPOPLPUSH k3 dst 0"),
            (Outcome::Blocked, String::new())
        );
        assert_eq!(t.run_as(d, "RPUSH k3 1 2 3").1, ":3\r\n");
        assert_eq!(t.pending(a), "$1\r\n3\r\n");
        // Served at once: the rewrites use the arguments as given.
        assert_eq!(
            t.run_as(d, "BLPOP dst 0").1,
            "*2\r\n$3\r\ndst\r\n$1\r\n3\r\n"
        );
        assert_eq!(t.run_as(d, "BLMOVE dst x left Right 0").1, "$1\r\ny\r\n");
        assert_eq!(t.run_as(d, "BRPOPLPUSH k3 x 0").1, "$1\r\n2\r\n");
        assert_eq!(
            t.run_as(d, "BLMPOP 0 1 k3 left count 7").1,
            "*2\r\n$2\r\nk3\r\n*1\r\n$1\r\n1\r\n"
        );
        assert_eq!(
            t.run_as(d, "LMPOP 1 x left count 7").1,
            "*2\r\n$1\r\nx\r\n*2\r\n$1\r\n2\r\n$1\r\ny\r\n"
        );
        assert_eq!(t.run_as(d, "RPUSH k5 a b").1, ":2\r\n");
        assert_eq!(t.run_as(d, "LPOP k5 7").1, "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
        // What redis-server 7.0.15 sent its replicas for the same commands.
        let want = cmds(&[
            &["SELECT", "0"],
            &["RPUSH", "k2", "x", "y", "z"],
            &["LPOP", "k2"],
            &["RPOP", "k2"],
            &["LMOVE", "k2", "dst", "right", "left"],
            &["RPUSH", "k2", "1", "2", "3"],
            &["RPOP", "k2", "3"],
            &["RPUSH", "k3", "1", "2", "3"],
            &["RPOPLPUSH", "k3", "dst"],
            &["LPOP", "dst"],
            &["LMOVE", "dst", "x", "left", "Right"],
            &["RPOPLPUSH", "k3", "x"],
            &["LPOP", "k3", "1"],
            &["LPOP", "x", "2"],
            &["RPUSH", "k5", "a", "b"],
            &["LPOP", "k5", "7"],
        ]);
        assert_eq!(t.changes(), want);
    }

    #[test]
    fn served_waiters_count_in_dirty_like_redis() {
        // rdb_changes_since_last_save deltas on redis-server 7.0.15 for "push + served
        // waiter": a served BLPOP/BRPOP/BLMOVE/BRPOPLPUSH adds nothing, BLMPOP its count.
        let rows: &[(&str, &str, u64)] = &[
            ("BLPOP k 0", "RPUSH k x", 1),
            ("BLMOVE k d left left 0", "RPUSH k x", 1),
            ("BRPOPLPUSH k d2 0", "RPUSH k x", 1),
            ("BLMPOP 0 1 k left count 3", "RPUSH k x y", 4),
            ("BRPOP k 0", "RPUSH k x y", 2),
        ];
        let mut t = T::new();
        let a = t.client();
        for &(block, push, delta) in rows {
            t.run("DEL k");
            let before = t.e.dirty;
            assert_eq!(t.run_as(a, block).0, Outcome::Blocked);
            t.run(push);
            assert!(!t.e.is_blocked(a));
            t.pending(a);
            assert_eq!(t.e.dirty - before, delta, "{block}");
        }
    }

    #[test]
    fn blocking_timeouts_and_no_block() {
        let mut t = T::new();
        let a = t.client();
        // Timeouts: list waiters all get the null array in RESP2, BLMOVE included.
        for cmd in [
            "BLPOP nokey 0.05",
            "BRPOP nokey 0.05",
            "BLMOVE nokey d left left 0.05",
            "BRPOPLPUSH nokey d 0.05",
            "BLMPOP 0.05 1 nokey left",
        ] {
            assert_eq!(t.run_as(a, cmd), (Outcome::Blocked, String::new()), "{cmd}");
            t.advance_ms(49);
            assert_eq!(t.pending(a), "", "{cmd}");
            t.advance_ms(1);
            assert_eq!(t.pending(a), "*-1\r\n", "{cmd}");
            assert!(!t.e.is_blocked(a));
        }
        // A timeout of 0 waits forever.
        assert_eq!(t.run_as(a, "BLPOP nokey 0").0, Outcome::Blocked);
        t.advance_ms(10_000_000);
        assert_eq!(t.pending(a), "");
        t.e.disconnect(a);
        // Clients that may not block answer like a timeout, but BLMOVE's null is a bulk one.
        assert_eq!(t.run_no_block("BLPOP nokey 0"), "*-1\r\n");
        assert_eq!(t.run_no_block("BRPOP nokey 0"), "*-1\r\n");
        assert_eq!(t.run_no_block("BLMOVE nokey d left left 0"), "$-1\r\n");
        assert_eq!(t.run_no_block("BRPOPLPUSH nokey d 0"), "$-1\r\n");
        assert_eq!(t.run_no_block("BLMPOP 0 1 nokey left"), "*-1\r\n");
        assert_eq!(t.run_no_block("RPUSH l a"), ":1\r\n");
        assert_eq!(t.run_no_block("BLPOP l 0"), "*2\r\n$1\r\nl\r\n$1\r\na\r\n");
        assert_eq!(t.e.blocked_count(), 0);
    }

    #[test]
    fn blocking_argument_errors() {
        let mut t = T::new();
        script(
            &mut t,
            &[
                (
                    "BLMPOP x 0 l left",
                    "-ERR numkeys should be greater than 0\r\n",
                ),
                ("BLMPOP x 1 l middle", SYNTAX_ERR),
                (
                    "BLMPOP x 1 l left count 0",
                    "-ERR count should be greater than 0\r\n",
                ),
                (
                    "BLMPOP x 1 l left",
                    "-ERR timeout is not a float or out of range\r\n",
                ),
                ("BLMPOP -1 1 l left", "-ERR timeout is negative\r\n"),
                (
                    "BLMPOP 0 1 l",
                    "-ERR wrong number of arguments for 'blmpop' command\r\n",
                ),
                ("BLMOVE a b middle left x", SYNTAX_ERR),
                (
                    "BLMOVE a b left left x",
                    "-ERR timeout is not a float or out of range\r\n",
                ),
                ("BLMOVE a b left left -1", "-ERR timeout is negative\r\n"),
                (
                    "BRPOPLPUSH a b x",
                    "-ERR timeout is not a float or out of range\r\n",
                ),
                (
                    "BLPOP l 0 l",
                    "-ERR timeout is not a float or out of range\r\n",
                ),
                (
                    "BLPOP l",
                    "-ERR wrong number of arguments for 'blpop' command\r\n",
                ),
            ],
        );
    }

    #[test]
    fn waiters_stay_blocked_while_the_key_has_another_type() {
        // As redis-server 7.0.15: a list waiter is only served from a list.
        let mut t = T::new();
        let (a, b) = (t.client(), t.client());
        assert_eq!(t.run_as(a, "BLPOP k 0").0, Outcome::Blocked);
        assert_eq!(t.run_as(b, "SET k str").1, "+OK\r\n");
        assert_eq!(t.pending(a), "");
        assert_eq!(t.run_as(b, "DEL k").1, ":1\r\n");
        assert_eq!(t.run_as(b, "RPUSH k x").1, ":1\r\n");
        assert_eq!(t.pending(a), "*2\r\n$1\r\nk\r\n$1\r\nx\r\n");
        // The key is signalled but holds a string by the time the waiter runs again.
        assert_eq!(t.run_as(a, "BLPOP k 0").0, Outcome::Blocked);
        // As after MULTI / RPUSH k a / DEL k / SET k s / EXEC: the push signalled the key
        // (the handler runs without the dispatcher, which would serve at once), then the
        // list was replaced by a string before the waiters run.
        assert_eq!(t.run_no_block("RPUSH k a"), ":1\r\n");
        let db = &mut t.e.dbs[0];
        let slot = db.find(b"k").unwrap();
        db.entry_mut(slot).value = Value::Str(crate::value::StrValue::from_bytes(b"s"));
        t.e.set_change_stream(true);
        t.e.serve_ready();
        assert_eq!(t.pending(a), "");
        assert!(t.e.is_blocked(a));
        assert_eq!(t.changes(), "");
        assert_eq!(t.run_as(b, "DEL k").1, ":1\r\n");
        assert_eq!(t.run_as(b, "RPUSH k y").1, ":1\r\n");
        assert_eq!(t.pending(a), "*2\r\n$1\r\nk\r\n$1\r\ny\r\n");
        // Several keys: the one of the wrong type is skipped, the ready one serves.
        assert_eq!(t.run_as(a, "BLPOP k3 k4 0").0, Outcome::Blocked);
        assert_eq!(t.run_as(b, "SET k3 s").1, "+OK\r\n");
        assert_eq!(t.run_as(b, "RPUSH k4 v").1, ":1\r\n");
        assert_eq!(t.pending(a), "*2\r\n$2\r\nk4\r\n$1\r\nv\r\n");
        // BLMOVE whose destination turned into another type: WRONGTYPE, source untouched.
        assert_eq!(
            t.run_as(a, "BLMOVE src dst left left 0").0,
            Outcome::Blocked
        );
        assert_eq!(t.run_as(b, "SET dst str").1, "+OK\r\n");
        assert_eq!(t.run_as(b, "RPUSH src v").1, ":1\r\n");
        assert_eq!(t.pending(a), WT);
        assert!(!t.e.is_blocked(a));
        assert_eq!(t.run_as(b, "LRANGE src 0 -1").1, "*1\r\n$1\r\nv\r\n");
    }

    #[test]
    fn a_push_serves_several_waiters_in_order() {
        let mut t = T::new();
        let waiters: Vec<ClientId> = (0..4).map(|_| t.client()).collect();
        for &w in &waiters {
            assert_eq!(t.run_as(w, "BLPOP q 0").0, Outcome::Blocked);
        }
        assert_eq!(t.run("LPUSH q a b c"), ":3\r\n");
        assert_eq!(t.pending(waiters[0]), "*2\r\n$1\r\nq\r\n$1\r\nc\r\n");
        assert_eq!(t.pending(waiters[1]), "*2\r\n$1\r\nq\r\n$1\r\nb\r\n");
        assert_eq!(t.pending(waiters[2]), "*2\r\n$1\r\nq\r\n$1\r\na\r\n");
        assert_eq!(t.pending(waiters[3]), "");
        assert!(t.e.is_blocked(waiters[3]));
        assert_eq!(t.run("EXISTS q"), ":0\r\n");
        // A BLMOVE served into a key another client waits on serves that client too.
        let (x, y) = (t.client(), t.client());
        assert_eq!(t.run_as(x, "BLMOVE a b left right 0").0, Outcome::Blocked);
        assert_eq!(t.run_as(y, "BLPOP b 0").0, Outcome::Blocked);
        assert_eq!(t.run("RPUSH a 1 2 3"), ":3\r\n");
        assert_eq!(t.pending(x), "$1\r\n1\r\n");
        assert_eq!(t.pending(y), "*2\r\n$1\r\nb\r\n$1\r\n1\r\n");
        assert_eq!(t.run("EXISTS b"), ":0\r\n");
        t.e.disconnect(waiters[3]);
        assert_eq!(t.e.blocked_count(), 0);
    }

    #[test]
    fn change_stream_and_dirty() {
        let mut t = T::new();
        t.e.set_change_stream(true);
        let steps: &[(&str, u64)] = &[
            ("RPUSH l a b c", 3),
            ("LPUSHX nokey a", 0),
            ("LPUSHX l z", 1),
            ("LPOP l 0", 0),
            ("LPOP l 2", 2),
            ("RPOP l 9", 2),
            ("LPOP l", 0),
            ("RPUSH l a b a c", 4),
            ("LREM l 0 zz", 0),
            ("LREM l 0 a", 2),
            ("LINSERT l before zz x", 0),
            ("LINSERT l before b x", 1),
            ("LSET l 0 y", 1),
            ("LSET l 9 y", 0),
            ("LTRIM l 0 -1", 0),
            ("LTRIM l 1 1", 2),
            ("LMOVE l m left left", 1),
            ("LMOVE nokey m left left", 0),
            ("LMPOP 1 m left count 5", 1),
            ("LRANGE l 0 -1", 0),
        ];
        for (cmd, d) in steps {
            let before = t.e.dirty;
            t.run(cmd);
            assert_eq!(t.e.dirty - before, *d, "{}", cmd);
        }
        let want = cmds(&[
            &["SELECT", "0"],
            &["RPUSH", "l", "a", "b", "c"],
            &["LPUSHX", "l", "z"],
            &["LPOP", "l", "2"],
            &["RPOP", "l", "9"],
            &["RPUSH", "l", "a", "b", "a", "c"],
            &["LREM", "l", "0", "a"],
            &["LINSERT", "l", "before", "b", "x"],
            &["LSET", "l", "0", "y"],
            &["LTRIM", "l", "1", "1"],
            &["LMOVE", "l", "m", "left", "left"],
            &["LPOP", "m", "1"],
        ]);
        assert_eq!(t.changes(), want);
    }

    #[test]
    fn keyspace_hits_and_misses_like_redis() {
        // (command, hits, misses) deltas from INFO stats on redis-server 7.0.15.
        let mut t = T::new();
        t.run("RPUSH l a b c");
        let rows: &[(&str, u64, u64)] = &[
            ("LRANGE l 0 -1", 1, 0),
            ("LRANGE x 0 -1", 0, 1),
            ("LRANGE x a -1", 0, 0),
            ("LINDEX l 0", 1, 0),
            ("LINDEX x 0", 0, 1),
            ("LLEN l", 1, 0),
            ("LLEN x", 0, 1),
            ("LPOS l a", 1, 0),
            ("LPOS x a", 0, 1),
            ("LPOS x a RANK 0", 0, 0),
            ("LPOP x", 0, 0),
            ("RPUSH l z", 0, 0),
            ("LMOVE l m left left", 0, 0),
            ("LMPOP 2 x l left", 0, 0),
            ("BLPOP x l 0", 0, 0),
            ("LSET l 0 q", 0, 0),
            ("LINSERT l before q r", 0, 0),
            ("LREM l 0 q", 0, 0),
            ("LTRIM l 0 -1", 0, 0),
        ];
        for &(cmd, hits, misses) in rows {
            let (h, m) = (t.e.stats.keyspace_hits, t.e.stats.keyspace_misses);
            t.run(cmd);
            assert_eq!(
                (t.e.stats.keyspace_hits - h, t.e.stats.keyspace_misses - m),
                (hits, misses),
                "{}",
                cmd
            );
        }
    }

    #[test]
    fn big_lists_through_commands() {
        let mut t = T::new();
        let mut model: Vec<String> = Vec::new();
        for i in 0..20_000 {
            let v = format!("value-{i}");
            if i % 3 == 0 {
                t.exec(t.c, &[b"LPUSH", b"big", v.as_bytes()]);
                model.insert(0, v);
            } else {
                t.exec(t.c, &[b"RPUSH", b"big", v.as_bytes()]);
                model.push(v);
            }
        }
        assert_eq!(t.run("LLEN big"), ":20000\r\n");
        for i in [0usize, 1, 9_999, 10_000, 19_999] {
            assert_eq!(
                t.run(&format!("LINDEX big {i}")),
                format!("${}\r\n{}\r\n", model[i].len(), model[i])
            );
        }
        let got = t.run("LRANGE big 5000 5099");
        let mut want = String::from("*100\r\n");
        for v in &model[5000..5100] {
            want.push_str(&format!("${}\r\n{}\r\n", v.len(), v));
        }
        assert_eq!(got, want);
        assert_eq!(t.run("LSET big 12345 x"), "+OK\r\n");
        model[12345] = "x".into();
        assert_eq!(t.run("LINDEX big 12345"), "$1\r\nx\r\n");
        assert_eq!(t.run("LINSERT big AFTER x y"), ":20001\r\n");
        model.insert(12346, "y".into());
        assert_eq!(t.run("LPOS big y"), ":12346\r\n");
        assert_eq!(t.run("LTRIM big 100 -100"), "+OK\r\n");
        let model: Vec<String> = model[100..model.len() - 99].to_vec();
        assert_eq!(t.run("LLEN big"), format!(":{}\r\n", model.len()));
        assert_eq!(
            t.run("LINDEX big -1"),
            format!(
                "${}\r\n{}\r\n",
                model[model.len() - 1].len(),
                model[model.len() - 1]
            )
        );
        assert_eq!(t.run("OBJECT ENCODING big"), "$9\r\nquicklist\r\n");
    }

    // ----- the command table and its metadata against Redis ------------------------------

    /// A parsed RESP value, for comparing COMMAND DOCS with the prose blanked.
    #[derive(Debug, PartialEq)]
    enum V {
        Line(u8, Vec<u8>),
        Bulk(Vec<u8>),
        Agg(u8, Vec<V>),
    }

    fn parse(b: &[u8], i: &mut usize) -> V {
        let t = b[*i];
        let eol = *i + b[*i..].windows(2).position(|w| w == b"\r\n").unwrap();
        let line = b[*i + 1..eol].to_vec();
        *i = eol + 2;
        let n = || {
            String::from_utf8(line.clone())
                .unwrap()
                .parse::<usize>()
                .unwrap()
        };
        match t {
            b'$' => {
                let len = n();
                let v = b[*i..*i + len].to_vec();
                *i += len + 2;
                V::Bulk(v)
            }
            b'*' | b'~' | b'%' => {
                let count = if t == b'%' { 2 * n() } else { n() };
                V::Agg(t, (0..count).map(|_| parse(b, i)).collect())
            }
            _ => V::Line(t, line),
        }
    }

    fn redact(v: &mut V) {
        let V::Agg(t, items) = v else { return };
        if *t != b'%' {
            items.iter_mut().for_each(redact);
            return;
        }
        for pair in items.chunks_mut(2) {
            let key = match &pair[0] {
                V::Bulk(k) => k.clone(),
                _ => Vec::new(),
            };
            match key.as_slice() {
                b"summary" | b"complexity" | b"replaced_by" => pair[1] = V::Bulk(Vec::new()),
                b"history" => {
                    if let V::Agg(_, hs) = &mut pair[1] {
                        for h in hs {
                            if let V::Agg(_, entry) = h {
                                entry[1] = V::Bulk(Vec::new());
                            }
                        }
                    }
                }
                _ => redact(&mut pair[1]),
            }
        }
    }

    #[test]
    fn command_info_and_docs_match_redis() {
        let mut t = T::new();
        let c3 = t.client();
        t.resp3(c3);
        assert_eq!(COMMANDS.len(), REDIS_META.len());
        for &(name, info2, info3, docs3) in REDIS_META {
            assert!(COMMANDS.iter().any(|s| s.name == name), "{name}");
            let c = t.c;
            assert_eq!(
                t.run_as(c, &format!("COMMAND INFO {name}")).1.as_bytes(),
                info2,
                "COMMAND INFO {name} RESP2"
            );
            assert_eq!(
                t.run_as(c3, &format!("COMMAND INFO {name}")).1.as_bytes(),
                info3,
                "COMMAND INFO {name} RESP3"
            );
            let ours = t.run_as(c3, &format!("COMMAND DOCS {name}")).1;
            let mut v = parse(ours.as_bytes(), &mut 0);
            redact(&mut v);
            assert_eq!(v, parse(docs3, &mut 0), "COMMAND DOCS {name}");
        }
        // The movable keys of LMPOP/BLMPOP come from their key specs.
        assert_eq!(
            t.run("COMMAND GETKEYS LMPOP 2 a b left"),
            "*2\r\n$1\r\na\r\n$1\r\nb\r\n"
        );
        assert_eq!(
            t.run("COMMAND GETKEYS BLMPOP 0 2 a b left"),
            "*2\r\n$1\r\na\r\n$1\r\nb\r\n"
        );
        assert_eq!(
            t.run("COMMAND GETKEYS BLPOP a b 0"),
            "*2\r\n$1\r\na\r\n$1\r\nb\r\n"
        );
    }

    /// (name, COMMAND INFO in RESP2, in RESP3, COMMAND DOCS in RESP3 with the prose blanked)
    /// captured from redis-server 7.0.15.
    type MetaRow = (&'static str, &'static [u8], &'static [u8], &'static [u8]);
    const REDIS_META: &[MetaRow] = &[
        ("blmove", b"*1\r\n*10\r\n$6\r\nblmove\r\n:6\r\n*4\r\n+write\r\n+denyoom\r\n+noscript\r\n+blocking\r\n:1\r\n:2\r\n:1\r\n*4\r\n+@write\r\n+@list\r\n+@slow\r\n+@blocking\r\n*0\r\n*2\r\n*6\r\n$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$6\r\nblmove\r\n:6\r\n~4\r\n+write\r\n+denyoom\r\n+noscript\r\n+blocking\r\n:1\r\n:2\r\n:1\r\n~4\r\n+@write\r\n+@list\r\n+@slow\r\n+@blocking\r\n~0\r\n~2\r\n%3\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$6\r\nblmove\r\n%5\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n6.2.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$9\r\narguments\r\n*5\r\n%3\r\n$4\r\nname\r\n$6\r\nsource\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%3\r\n$4\r\nname\r\n$11\r\ndestination\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:1\r\n%3\r\n$4\r\nname\r\n$9\r\nwherefrom\r\n$4\r\ntype\r\n$5\r\noneof\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$4\r\nleft\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$4\r\nLEFT\r\n%3\r\n$4\r\nname\r\n$5\r\nright\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$5\r\nRIGHT\r\n%3\r\n$4\r\nname\r\n$7\r\nwhereto\r\n$4\r\ntype\r\n$5\r\noneof\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$4\r\nleft\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$4\r\nLEFT\r\n%3\r\n$4\r\nname\r\n$5\r\nright\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$5\r\nRIGHT\r\n%2\r\n$4\r\nname\r\n$7\r\ntimeout\r\n$4\r\ntype\r\n$6\r\ndouble\r\n"),
        ("blmpop", b"*1\r\n*10\r\n$6\r\nblmpop\r\n:-5\r\n*3\r\n+write\r\n+blocking\r\n+movablekeys\r\n:0\r\n:0\r\n:0\r\n*4\r\n+@write\r\n+@list\r\n+@slow\r\n+@blocking\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$6\r\nkeynum\r\n$4\r\nspec\r\n*6\r\n$9\r\nkeynumidx\r\n:0\r\n$8\r\nfirstkey\r\n:1\r\n$7\r\nkeystep\r\n:1\r\n*0\r\n", b"*1\r\n*10\r\n$6\r\nblmpop\r\n:-5\r\n~3\r\n+write\r\n+blocking\r\n+movablekeys\r\n:0\r\n:0\r\n:0\r\n~4\r\n+@write\r\n+@list\r\n+@slow\r\n+@blocking\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$6\r\nkeynum\r\n$4\r\nspec\r\n%3\r\n$9\r\nkeynumidx\r\n:0\r\n$8\r\nfirstkey\r\n:1\r\n$7\r\nkeystep\r\n:1\r\n~0\r\n", b"%1\r\n$6\r\nblmpop\r\n%5\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n7.0.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$9\r\narguments\r\n*5\r\n%2\r\n$4\r\nname\r\n$7\r\ntimeout\r\n$4\r\ntype\r\n$6\r\ndouble\r\n%2\r\n$4\r\nname\r\n$7\r\nnumkeys\r\n$4\r\ntype\r\n$7\r\ninteger\r\n%4\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n$5\r\nflags\r\n~1\r\n+multiple\r\n%3\r\n$4\r\nname\r\n$5\r\nwhere\r\n$4\r\ntype\r\n$5\r\noneof\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$4\r\nleft\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$4\r\nLEFT\r\n%3\r\n$4\r\nname\r\n$5\r\nright\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$5\r\nRIGHT\r\n%4\r\n$4\r\nname\r\n$5\r\ncount\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\ntoken\r\n$5\r\nCOUNT\r\n$5\r\nflags\r\n~1\r\n+optional\r\n"),
        ("blpop", b"*1\r\n*10\r\n$5\r\nblpop\r\n:-3\r\n*3\r\n+write\r\n+noscript\r\n+blocking\r\n:1\r\n:-2\r\n:1\r\n*4\r\n+@write\r\n+@list\r\n+@slow\r\n+@blocking\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:-2\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$5\r\nblpop\r\n:-3\r\n~3\r\n+write\r\n+noscript\r\n+blocking\r\n:1\r\n:-2\r\n:1\r\n~4\r\n+@write\r\n+@list\r\n+@slow\r\n+@blocking\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:-2\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$5\r\nblpop\r\n%6\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n2.0.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n6.0.0\r\n$0\r\n\r\n$9\r\narguments\r\n*2\r\n%4\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n$5\r\nflags\r\n~1\r\n+multiple\r\n%2\r\n$4\r\nname\r\n$7\r\ntimeout\r\n$4\r\ntype\r\n$6\r\ndouble\r\n"),
        ("brpop", b"*1\r\n*10\r\n$5\r\nbrpop\r\n:-3\r\n*3\r\n+write\r\n+noscript\r\n+blocking\r\n:1\r\n:-2\r\n:1\r\n*4\r\n+@write\r\n+@list\r\n+@slow\r\n+@blocking\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:-2\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$5\r\nbrpop\r\n:-3\r\n~3\r\n+write\r\n+noscript\r\n+blocking\r\n:1\r\n:-2\r\n:1\r\n~4\r\n+@write\r\n+@list\r\n+@slow\r\n+@blocking\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:-2\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$5\r\nbrpop\r\n%6\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n2.0.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n6.0.0\r\n$0\r\n\r\n$9\r\narguments\r\n*2\r\n%4\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n$5\r\nflags\r\n~1\r\n+multiple\r\n%2\r\n$4\r\nname\r\n$7\r\ntimeout\r\n$4\r\ntype\r\n$6\r\ndouble\r\n"),
        ("brpoplpush", b"*1\r\n*10\r\n$10\r\nbrpoplpush\r\n:4\r\n*4\r\n+write\r\n+denyoom\r\n+noscript\r\n+blocking\r\n:1\r\n:2\r\n:1\r\n*4\r\n+@write\r\n+@list\r\n+@slow\r\n+@blocking\r\n*0\r\n*2\r\n*6\r\n$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$10\r\nbrpoplpush\r\n:4\r\n~4\r\n+write\r\n+denyoom\r\n+noscript\r\n+blocking\r\n:1\r\n:2\r\n:1\r\n~4\r\n+@write\r\n+@list\r\n+@slow\r\n+@blocking\r\n~0\r\n~2\r\n%3\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$10\r\nbrpoplpush\r\n%9\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n2.2.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$9\r\ndoc_flags\r\n~1\r\n+deprecated\r\n$16\r\ndeprecated_since\r\n$5\r\n6.2.0\r\n$11\r\nreplaced_by\r\n$0\r\n\r\n$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n6.0.0\r\n$0\r\n\r\n$9\r\narguments\r\n*3\r\n%3\r\n$4\r\nname\r\n$6\r\nsource\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%3\r\n$4\r\nname\r\n$11\r\ndestination\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:1\r\n%2\r\n$4\r\nname\r\n$7\r\ntimeout\r\n$4\r\ntype\r\n$6\r\ndouble\r\n"),
        ("lindex", b"*1\r\n*10\r\n$6\r\nlindex\r\n:3\r\n*1\r\n+readonly\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@list\r\n+@slow\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$6\r\nlindex\r\n:3\r\n~1\r\n+readonly\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@list\r\n+@slow\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$6\r\nlindex\r\n%5\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%2\r\n$4\r\nname\r\n$5\r\nindex\r\n$4\r\ntype\r\n$7\r\ninteger\r\n"),
        ("linsert", b"*1\r\n*10\r\n$7\r\nlinsert\r\n:5\r\n*2\r\n+write\r\n+denyoom\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@write\r\n+@list\r\n+@slow\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$7\r\nlinsert\r\n:5\r\n~2\r\n+write\r\n+denyoom\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@list\r\n+@slow\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$7\r\nlinsert\r\n%5\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n2.2.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$9\r\narguments\r\n*4\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%3\r\n$4\r\nname\r\n$5\r\nwhere\r\n$4\r\ntype\r\n$5\r\noneof\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$6\r\nbefore\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$6\r\nBEFORE\r\n%3\r\n$4\r\nname\r\n$5\r\nafter\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$5\r\nAFTER\r\n%2\r\n$4\r\nname\r\n$5\r\npivot\r\n$4\r\ntype\r\n$6\r\nstring\r\n%2\r\n$4\r\nname\r\n$7\r\nelement\r\n$4\r\ntype\r\n$6\r\nstring\r\n"),
        ("llen", b"*1\r\n*10\r\n$4\r\nllen\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@list\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*1\r\n+RO\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$4\r\nllen\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@list\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~1\r\n+RO\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$4\r\nllen\r\n%5\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n"),
        ("lmove", b"*1\r\n*10\r\n$5\r\nlmove\r\n:5\r\n*2\r\n+write\r\n+denyoom\r\n:1\r\n:2\r\n:1\r\n*3\r\n+@write\r\n+@list\r\n+@slow\r\n*0\r\n*2\r\n*6\r\n$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$5\r\nlmove\r\n:5\r\n~2\r\n+write\r\n+denyoom\r\n:1\r\n:2\r\n:1\r\n~3\r\n+@write\r\n+@list\r\n+@slow\r\n~0\r\n~2\r\n%3\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$5\r\nlmove\r\n%5\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n6.2.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$9\r\narguments\r\n*4\r\n%3\r\n$4\r\nname\r\n$6\r\nsource\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%3\r\n$4\r\nname\r\n$11\r\ndestination\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:1\r\n%3\r\n$4\r\nname\r\n$9\r\nwherefrom\r\n$4\r\ntype\r\n$5\r\noneof\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$4\r\nleft\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$4\r\nLEFT\r\n%3\r\n$4\r\nname\r\n$5\r\nright\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$5\r\nRIGHT\r\n%3\r\n$4\r\nname\r\n$7\r\nwhereto\r\n$4\r\ntype\r\n$5\r\noneof\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$4\r\nleft\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$4\r\nLEFT\r\n%3\r\n$4\r\nname\r\n$5\r\nright\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$5\r\nRIGHT\r\n"),
        ("lmpop", b"*1\r\n*10\r\n$5\r\nlmpop\r\n:-4\r\n*2\r\n+write\r\n+movablekeys\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@write\r\n+@list\r\n+@slow\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$6\r\nkeynum\r\n$4\r\nspec\r\n*6\r\n$9\r\nkeynumidx\r\n:0\r\n$8\r\nfirstkey\r\n:1\r\n$7\r\nkeystep\r\n:1\r\n*0\r\n", b"*1\r\n*10\r\n$5\r\nlmpop\r\n:-4\r\n~2\r\n+write\r\n+movablekeys\r\n:0\r\n:0\r\n:0\r\n~3\r\n+@write\r\n+@list\r\n+@slow\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$6\r\nkeynum\r\n$4\r\nspec\r\n%3\r\n$9\r\nkeynumidx\r\n:0\r\n$8\r\nfirstkey\r\n:1\r\n$7\r\nkeystep\r\n:1\r\n~0\r\n", b"%1\r\n$5\r\nlmpop\r\n%5\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n7.0.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$9\r\narguments\r\n*4\r\n%2\r\n$4\r\nname\r\n$7\r\nnumkeys\r\n$4\r\ntype\r\n$7\r\ninteger\r\n%4\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n$5\r\nflags\r\n~1\r\n+multiple\r\n%3\r\n$4\r\nname\r\n$5\r\nwhere\r\n$4\r\ntype\r\n$5\r\noneof\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$4\r\nleft\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$4\r\nLEFT\r\n%3\r\n$4\r\nname\r\n$5\r\nright\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$5\r\nRIGHT\r\n%4\r\n$4\r\nname\r\n$5\r\ncount\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\ntoken\r\n$5\r\nCOUNT\r\n$5\r\nflags\r\n~1\r\n+optional\r\n"),
        ("lpop", b"*1\r\n*10\r\n$4\r\nlpop\r\n:-2\r\n*2\r\n+write\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@write\r\n+@list\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$4\r\nlpop\r\n:-2\r\n~2\r\n+write\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@list\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$4\r\nlpop\r\n%6\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n6.2.0\r\n$0\r\n\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%4\r\n$4\r\nname\r\n$5\r\ncount\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\nsince\r\n$5\r\n6.2.0\r\n$5\r\nflags\r\n~1\r\n+optional\r\n"),
        ("lpos", b"*1\r\n*10\r\n$4\r\nlpos\r\n:-3\r\n*1\r\n+readonly\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@list\r\n+@slow\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$4\r\nlpos\r\n:-3\r\n~1\r\n+readonly\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@list\r\n+@slow\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$4\r\nlpos\r\n%5\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n6.0.6\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$9\r\narguments\r\n*5\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%2\r\n$4\r\nname\r\n$7\r\nelement\r\n$4\r\ntype\r\n$6\r\nstring\r\n%4\r\n$4\r\nname\r\n$4\r\nrank\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\ntoken\r\n$4\r\nRANK\r\n$5\r\nflags\r\n~1\r\n+optional\r\n%4\r\n$4\r\nname\r\n$11\r\nnum-matches\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\ntoken\r\n$5\r\nCOUNT\r\n$5\r\nflags\r\n~1\r\n+optional\r\n%4\r\n$4\r\nname\r\n$3\r\nlen\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\ntoken\r\n$6\r\nMAXLEN\r\n$5\r\nflags\r\n~1\r\n+optional\r\n"),
        ("lpush", b"*1\r\n*10\r\n$5\r\nlpush\r\n:-3\r\n*3\r\n+write\r\n+denyoom\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@write\r\n+@list\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$5\r\nlpush\r\n:-3\r\n~3\r\n+write\r\n+denyoom\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@list\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$5\r\nlpush\r\n%6\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n2.4.0\r\n$0\r\n\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%3\r\n$4\r\nname\r\n$7\r\nelement\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\nflags\r\n~1\r\n+multiple\r\n"),
        ("lpushx", b"*1\r\n*10\r\n$6\r\nlpushx\r\n:-3\r\n*3\r\n+write\r\n+denyoom\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@write\r\n+@list\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$6\r\nlpushx\r\n:-3\r\n~3\r\n+write\r\n+denyoom\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@list\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$6\r\nlpushx\r\n%6\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n2.2.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n4.0.0\r\n$0\r\n\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%3\r\n$4\r\nname\r\n$7\r\nelement\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\nflags\r\n~1\r\n+multiple\r\n"),
        ("lrange", b"*1\r\n*10\r\n$6\r\nlrange\r\n:4\r\n*1\r\n+readonly\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@list\r\n+@slow\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$6\r\nlrange\r\n:4\r\n~1\r\n+readonly\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@list\r\n+@slow\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$6\r\nlrange\r\n%5\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$9\r\narguments\r\n*3\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%2\r\n$4\r\nname\r\n$5\r\nstart\r\n$4\r\ntype\r\n$7\r\ninteger\r\n%2\r\n$4\r\nname\r\n$4\r\nstop\r\n$4\r\ntype\r\n$7\r\ninteger\r\n"),
        ("lrem", b"*1\r\n*10\r\n$4\r\nlrem\r\n:4\r\n*1\r\n+write\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@write\r\n+@list\r\n+@slow\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RW\r\n+delete\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$4\r\nlrem\r\n:4\r\n~1\r\n+write\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@list\r\n+@slow\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+delete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$4\r\nlrem\r\n%5\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$9\r\narguments\r\n*3\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%2\r\n$4\r\nname\r\n$5\r\ncount\r\n$4\r\ntype\r\n$7\r\ninteger\r\n%2\r\n$4\r\nname\r\n$7\r\nelement\r\n$4\r\ntype\r\n$6\r\nstring\r\n"),
        ("lset", b"*1\r\n*10\r\n$4\r\nlset\r\n:4\r\n*2\r\n+write\r\n+denyoom\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@write\r\n+@list\r\n+@slow\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RW\r\n+update\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$4\r\nlset\r\n:4\r\n~2\r\n+write\r\n+denyoom\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@list\r\n+@slow\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+update\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$4\r\nlset\r\n%5\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$9\r\narguments\r\n*3\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%2\r\n$4\r\nname\r\n$5\r\nindex\r\n$4\r\ntype\r\n$7\r\ninteger\r\n%2\r\n$4\r\nname\r\n$7\r\nelement\r\n$4\r\ntype\r\n$6\r\nstring\r\n"),
        ("ltrim", b"*1\r\n*10\r\n$5\r\nltrim\r\n:4\r\n*1\r\n+write\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@write\r\n+@list\r\n+@slow\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RW\r\n+delete\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$5\r\nltrim\r\n:4\r\n~1\r\n+write\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@list\r\n+@slow\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+delete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$5\r\nltrim\r\n%5\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$9\r\narguments\r\n*3\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%2\r\n$4\r\nname\r\n$5\r\nstart\r\n$4\r\ntype\r\n$7\r\ninteger\r\n%2\r\n$4\r\nname\r\n$4\r\nstop\r\n$4\r\ntype\r\n$7\r\ninteger\r\n"),
        ("rpop", b"*1\r\n*10\r\n$4\r\nrpop\r\n:-2\r\n*2\r\n+write\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@write\r\n+@list\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$4\r\nrpop\r\n:-2\r\n~2\r\n+write\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@list\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$4\r\nrpop\r\n%6\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n6.2.0\r\n$0\r\n\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%4\r\n$4\r\nname\r\n$5\r\ncount\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\nsince\r\n$5\r\n6.2.0\r\n$5\r\nflags\r\n~1\r\n+optional\r\n"),
        ("rpoplpush", b"*1\r\n*10\r\n$9\r\nrpoplpush\r\n:3\r\n*2\r\n+write\r\n+denyoom\r\n:1\r\n:2\r\n:1\r\n*3\r\n+@write\r\n+@list\r\n+@slow\r\n*0\r\n*2\r\n*6\r\n$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$9\r\nrpoplpush\r\n:3\r\n~2\r\n+write\r\n+denyoom\r\n:1\r\n:2\r\n:1\r\n~3\r\n+@write\r\n+@list\r\n+@slow\r\n~0\r\n~2\r\n%3\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$9\r\nrpoplpush\r\n%8\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n1.2.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$9\r\ndoc_flags\r\n~1\r\n+deprecated\r\n$16\r\ndeprecated_since\r\n$5\r\n6.2.0\r\n$11\r\nreplaced_by\r\n$0\r\n\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$6\r\nsource\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%3\r\n$4\r\nname\r\n$11\r\ndestination\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:1\r\n"),
        ("rpush", b"*1\r\n*10\r\n$5\r\nrpush\r\n:-3\r\n*3\r\n+write\r\n+denyoom\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@write\r\n+@list\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$5\r\nrpush\r\n:-3\r\n~3\r\n+write\r\n+denyoom\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@list\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$5\r\nrpush\r\n%6\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n2.4.0\r\n$0\r\n\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%3\r\n$4\r\nname\r\n$7\r\nelement\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\nflags\r\n~1\r\n+multiple\r\n"),
        ("rpushx", b"*1\r\n*10\r\n$6\r\nrpushx\r\n:-3\r\n*3\r\n+write\r\n+denyoom\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@write\r\n+@list\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n", b"*1\r\n*10\r\n$6\r\nrpushx\r\n:-3\r\n~3\r\n+write\r\n+denyoom\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@list\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n", b"%1\r\n$6\r\nrpushx\r\n%6\r\n$7\r\nsummary\r\n$0\r\n\r\n$5\r\nsince\r\n$5\r\n2.2.0\r\n$5\r\ngroup\r\n$4\r\nlist\r\n$10\r\ncomplexity\r\n$0\r\n\r\n$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n4.0.0\r\n$0\r\n\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%3\r\n$4\r\nname\r\n$7\r\nelement\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\nflags\r\n~1\r\n+multiple\r\n"),
    ];
}
