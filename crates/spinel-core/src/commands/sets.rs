//! Set commands, as Redis 7.0's t_set.c: SADD, SREM, SCARD, SISMEMBER, SMISMEMBER,
//! SMEMBERS, SRANDMEMBER, SPOP, SMOVE, SINTER/SINTERCARD/SINTERSTORE, SUNION/SUNIONSTORE,
//! SDIFF/SDIFFSTORE and SSCAN.
//!
//! Replies (RESP2 and RESP3), error texts and their order, OBJECT ENCODING (`types/set.rs`),
//! `dirty` and propagation follow redis-server 7.0.15; the tests below hold the bytes the
//! real server sent. Points easy to get wrong:
//! - Reply order. SMEMBERS, SINTER, SRANDMEMBER with a count covering the set and SSCAN
//!   walk the set itself (ascending for an intset). SUNION, SDIFF and SPOP with a count
//!   covering the set build a new set first (an intset while every member is an integer and
//!   they fit `set-max-intset-entries`) and walk that, so their replies are ascending
//!   whenever the result is an intset, whatever the inputs' encodings.
//! - Result encodings: the STORE variants store that built set; SPOP with a count close to
//!   the set size keeps the survivors in a new set, which can be an intset again.
//! - Reply types: SMEMBERS/SINTER/SUNION/SDIFF/SPOP-with-count are RESP3 sets (`~`);
//!   SRANDMEMBER with a count is an array (`*`), also for a missing key; SMISMEMBER is an
//!   array of integers.
//! - Errors: every key of SINTER/SUNION/SDIFF (and their STORE and CARD forms) is looked up
//!   and type-checked, even after a missing one. SPOP's count says
//!   `value is out of range, must be positive` for any bad count; SRANDMEMBER's count must
//!   be above -2^63.
//! - Propagation: SPOP becomes `SREM key member`; SPOP with a count becomes one SREM per
//!   member (wrapped in MULTI/EXEC when there are several, except inside a transaction or
//!   script, which wraps its effects already), or `DEL key` when it takes the whole set.

use super::hashes::{scan_options, too_many_samples};
use super::keys::{opt_eq, parse_scan_cursor};
use super::{arg_i64, CommandSpec, Ctx, SYNTAX, WRONGTYPE};
use crate::config::opt;
use crate::engine::Engine;
use crate::notify::class;
use crate::glob::glob_match;
use crate::num::parse_i64;
use crate::resp::writer::Reply;
use crate::types::set::{Member, Set};
use crate::value::Value;
use alloc::vec::Vec;

use super::acl as a;
use super::flags as f;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new(
        "sadd",
        -3,
        f::WRITE | f::DENYOOM | f::FAST,
        a::WRITE | a::SET | a::FAST,
        sadd_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "scard",
        2,
        f::READONLY | f::FAST,
        a::READ | a::SET | a::FAST,
        scard_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "sdiff",
        -2,
        f::READONLY,
        a::READ | a::SET | a::SLOW,
        sdiff_command,
    )
    .keys(1, -1, 1),
    CommandSpec::new(
        "sdiffstore",
        -3,
        f::WRITE | f::DENYOOM,
        a::WRITE | a::SET | a::SLOW,
        sdiffstore_command,
    )
    .keys(1, -1, 1),
    CommandSpec::new(
        "sinter",
        -2,
        f::READONLY,
        a::READ | a::SET | a::SLOW,
        sinter_command,
    )
    .keys(1, -1, 1),
    CommandSpec::new(
        "sintercard",
        -3,
        f::READONLY,
        a::READ | a::SET | a::SLOW,
        sintercard_command,
    ),
    CommandSpec::new(
        "sinterstore",
        -3,
        f::WRITE | f::DENYOOM,
        a::WRITE | a::SET | a::SLOW,
        sinterstore_command,
    )
    .keys(1, -1, 1),
    CommandSpec::new(
        "sismember",
        3,
        f::READONLY | f::FAST,
        a::READ | a::SET | a::FAST,
        sismember_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "smembers",
        2,
        f::READONLY,
        a::READ | a::SET | a::SLOW,
        smembers_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "smismember",
        -3,
        f::READONLY | f::FAST,
        a::READ | a::SET | a::FAST,
        smismember_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "smove",
        4,
        f::WRITE | f::FAST,
        a::WRITE | a::SET | a::FAST,
        smove_command,
    )
    .keys(1, 2, 1),
    CommandSpec::new(
        "spop",
        -2,
        f::WRITE | f::FAST,
        a::WRITE | a::SET | a::FAST,
        spop_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "srandmember",
        -2,
        f::READONLY,
        a::READ | a::SET | a::SLOW,
        srandmember_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "srem",
        -3,
        f::WRITE | f::FAST,
        a::WRITE | a::SET | a::FAST,
        srem_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "sscan",
        -3,
        f::READONLY,
        a::READ | a::SET | a::SLOW,
        sscan_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "sunion",
        -2,
        f::READONLY,
        a::READ | a::SET | a::SLOW,
        sunion_command,
    )
    .keys(1, -1, 1),
    CommandSpec::new(
        "sunionstore",
        -3,
        f::WRITE | f::DENYOOM,
        a::WRITE | a::SET | a::SLOW,
        sunionstore_command,
    )
    .keys(1, -1, 1),
];

// ----- helpers ---------------------------------------------------------------------------

fn max_intset(e: &Engine) -> usize {
    e.config.int(opt::SET_MAX_INTSET_ENTRIES).max(0) as usize
}

/// The set in `slot` (known to be one).
fn set_ref(e: &Engine, db: usize, slot: u32) -> &Set {
    match &e.dbs[db].entry(slot).value {
        Value::Set(s) => s,
        _ => unreachable!("slot holds a set"),
    }
}

fn set_mut(e: &mut Engine, db: usize, slot: u32) -> &mut Set {
    match &mut e.dbs[db].entry_mut(slot).value {
        Value::Set(s) => s,
        _ => unreachable!("slot holds a set"),
    }
}

fn is_set(e: &Engine, db: usize, slot: u32) -> bool {
    matches!(e.dbs[db].entry(slot).value, Value::Set(_))
}

/// A read lookup of a set: its slot, `Ok(None)` when missing; `Err` after WRONGTYPE.
fn read_set(e: &mut Engine, out: &mut Reply, db: usize, key: &[u8]) -> Result<Option<u32>, ()> {
    match e.lookup_read_slot(db, key) {
        None => Ok(None),
        Some(s) if is_set(e, db, s) => Ok(Some(s)),
        Some(_) => {
            out.error(WRONGTYPE);
            Err(())
        }
    }
}

/// A write lookup of a set: its slot, `Ok(None)` when missing; `Err` after WRONGTYPE.
fn write_set(e: &mut Engine, out: &mut Reply, db: usize, key: &[u8]) -> Result<Option<u32>, ()> {
    match e.lookup_write(db, key) {
        None => Ok(None),
        Some(s) if is_set(e, db, s) => Ok(Some(s)),
        Some(_) => {
            out.error(WRONGTYPE);
            Err(())
        }
    }
}

/// Looks every key up for reading and checks its type, in order (a missing key does not
/// stop the checks). `Err` after WRONGTYPE.
fn read_sets(
    e: &mut Engine,
    out: &mut Reply,
    db: usize,
    keys: &[&[u8]],
) -> Result<Vec<Option<u32>>, ()> {
    let mut slots = Vec::with_capacity(keys.len());
    for k in keys {
        slots.push(read_set(e, out, db, k)?);
    }
    Ok(slots)
}

#[inline]
fn reply_member(out: &mut Reply, m: Member) {
    match m {
        Member::Int(n) => out.bulk_int(n),
        Member::Bytes(b) => out.bulk(b),
    }
}

/// Replies a whole set as a RESP3 set (array in RESP2), in its order.
fn reply_set(out: &mut Reply, s: &Set) {
    out.set(s.len());
    for m in s.iter() {
        reply_member(out, m);
    }
}

/// Stores a computed set at `dst` as Redis's STORE commands do: a non-empty result
/// replaces whatever `dst` held (dropping its TTL) and is announced as `event`; an empty
/// one deletes `dst` (announced as `del`).
fn store(e: &mut Engine, out: &mut Reply, db: usize, dst: &[u8], result: Set, event: &str) {
    let n = result.len();
    if n > 0 {
        match e.lookup_write(db, dst) {
            Some(slot) => {
                e.dbs[db].entry_mut(slot).value = Value::Set(result);
                e.dbs[db].clear_expire(slot);
            }
            None => {
                e.add_key(db, dst, Value::Set(result));
            }
        }
        e.dirty += 1;
        out.int(n as i64);
        e.modified(class::SET, event, db, dst);
    } else {
        out.int(0);
        if let Some(slot) = e.lookup_write(db, dst) {
            e.dbs[db].remove_slot(slot);
            e.dirty += 1;
            e.modified(class::GENERIC, "del", db, dst);
        }
    }
}

// ----- single-key commands -----------------------------------------------------------------

/// SADD key member [member ...]
fn sadd_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let argv = ctx.argv;
    let Ok(slot) = write_set(e, &mut ctx.out, db, argv[1]) else {
        return;
    };
    let (maxi, seed) = (max_intset(e), e.rng.u64(..));
    let slot = match slot {
        Some(s) => s,
        None => e.add_key(db, argv[1], Value::Set(Set::for_member(argv[2], seed))),
    };
    let s = set_mut(e, db, slot);
    let added = argv[2..].iter().filter(|m| s.add(m, maxi, seed)).count();
    e.dirty += added as u64;
    ctx.out.int(added as i64);
    if added > 0 {
        e.modified(class::SET, "sadd", db, argv[1]);
    }
}

/// SREM key member [member ...]: deletes the key when the last member goes.
fn srem_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let argv = ctx.argv;
    let Ok(slot) = write_set(e, &mut ctx.out, db, argv[1]) else {
        return;
    };
    let Some(slot) = slot else {
        ctx.out.int(0);
        return;
    };
    let s = set_mut(e, db, slot);
    let mut deleted = 0;
    let mut empty = false;
    for m in &argv[2..] {
        if s.remove(m) {
            deleted += 1;
            if s.is_empty() {
                empty = true;
                break;
            }
        }
    }
    if deleted > 0 {
        e.modified(class::SET, "srem", db, argv[1]);
    }
    if empty {
        e.dbs[db].remove_slot(slot);
        e.notify(class::GENERIC, "del", db, argv[1]);
    }
    e.dirty += deleted as u64;
    ctx.out.int(deleted);
}

/// SCARD key
fn scard_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let Ok(slot) = read_set(e, &mut ctx.out, db, ctx.argv[1]) else {
        return;
    };
    ctx.out
        .int(slot.map_or(0, |s| set_ref(e, db, s).len()) as i64);
}

/// SISMEMBER key member
fn sismember_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let Ok(slot) = read_set(e, &mut ctx.out, db, ctx.argv[1]) else {
        return;
    };
    ctx.out
        .int(slot.is_some_and(|s| set_ref(e, db, s).contains(ctx.argv[2])) as i64);
}

/// SMISMEMBER key member [member ...]: an array of 0/1 integers.
fn smismember_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let Ok(slot) = read_set(e, &mut ctx.out, db, ctx.argv[1]) else {
        return;
    };
    let members = &ctx.argv[2..];
    ctx.out.array(members.len());
    for m in members {
        ctx.out
            .int(slot.is_some_and(|s| set_ref(e, db, s).contains(m)) as i64);
    }
}

/// SMEMBERS key
fn smembers_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let Ok(slot) = read_set(e, &mut ctx.out, db, ctx.argv[1]) else {
        return;
    };
    match slot {
        Some(s) => reply_set(&mut ctx.out, set_ref(e, db, s)),
        None => ctx.out.set(0),
    }
}

/// SMOVE source destination member
fn smove_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let argv = ctx.argv;
    let (src_key, dst_key, m) = (argv[1], argv[2], argv[3]);
    let src = e.lookup_write(db, src_key);
    let dst = e.lookup_write(db, dst_key);
    let Some(src) = src else {
        ctx.out.int(0);
        return;
    };
    if !is_set(e, db, src) || dst.is_some_and(|d| !is_set(e, db, d)) {
        ctx.out.error(WRONGTYPE);
        return;
    }
    if src_key == dst_key {
        ctx.out.int(set_ref(e, db, src).contains(m) as i64);
        return;
    }
    let s = set_mut(e, db, src);
    if !s.remove(m) {
        ctx.out.int(0);
        return;
    }
    let empty = s.is_empty();
    e.modified(class::SET, "srem", db, src_key);
    if empty {
        e.dbs[db].remove_slot(src);
        e.notify(class::GENERIC, "del", db, src_key);
    }
    let (maxi, seed) = (max_intset(e), e.rng.u64(..));
    let dst = match dst {
        Some(d) => d,
        None => e.add_key(db, dst_key, Value::Set(Set::for_member(m, seed))),
    };
    e.dirty += 1;
    if set_mut(e, db, dst).add(m, maxi, seed) {
        e.dirty += 1;
        e.modified(class::SET, "sadd", db, dst_key);
    }
    ctx.out.int(1);
}

// ----- random members --------------------------------------------------------------------

/// SRANDMEMBER key [count]
fn srandmember_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let argv = ctx.argv;
    if argv.len() > 3 {
        ctx.out.error(SYNTAX);
        return;
    }
    if argv.len() == 3 {
        srandmember_with_count(e, ctx, db);
        return;
    }
    let Ok(slot) = read_set(e, &mut ctx.out, db, argv[1]) else {
        return;
    };
    let Some(slot) = slot else {
        ctx.out.null();
        return;
    };
    let Value::Set(s) = &e.dbs[db].entry(slot).value else {
        unreachable!()
    };
    match s.random(&mut e.rng) {
        Some(m) => reply_member(&mut ctx.out, m),
        None => ctx.out.null(),
    }
}

fn srandmember_with_count(e: &mut Engine, ctx: &mut Ctx, db: usize) {
    let Some(count) = arg_i64(&mut ctx.out, ctx.argv[2]) else {
        return;
    };
    if count == i64::MIN {
        ctx.out.error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
        return;
    }
    let Ok(slot) = read_set(e, &mut ctx.out, db, ctx.argv[1]) else {
        return;
    };
    let Some(slot) = slot else {
        ctx.out.array(0);
        return;
    };
    if count == 0 {
        ctx.out.array(0);
        return;
    }
    let n = count.unsigned_abs();
    if count < 0 && too_many_samples(e, n) {
        ctx.out.error("ERR value is out of range");
        return;
    }
    let Value::Set(s) = &e.dbs[db].entry(slot).value else {
        unreachable!()
    };
    let out = &mut ctx.out;
    if count < 0 {
        out.array(n as usize);
        for _ in 0..n {
            reply_member(out, s.random(&mut e.rng).expect("non-empty"));
        }
    } else if n as usize >= s.len() {
        out.array(s.len());
        for m in s.iter() {
            reply_member(out, m);
        }
    } else {
        let picked = s.sample_distinct(n as usize, &mut e.rng);
        out.array(picked.len());
        for m in picked {
            reply_member(out, m);
        }
    }
}

/// SPOP key [count]
fn spop_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let argv = ctx.argv;
    if argv.len() > 3 {
        ctx.out.error(SYNTAX);
        return;
    }
    if argv.len() == 3 {
        spop_with_count(e, ctx, db);
        return;
    }
    let Ok(slot) = write_set(e, &mut ctx.out, db, argv[1]) else {
        return;
    };
    let Some(slot) = slot else {
        ctx.out.null();
        return;
    };
    let Value::Set(s) = &mut e.dbs[db].entry_mut(slot).value else {
        unreachable!()
    };
    let Some(m) = s.random(&mut e.rng).map(|m| m.to_vec()) else {
        ctx.out.null();
        return;
    };
    s.remove(&m);
    let empty = s.is_empty();
    ctx.out.bulk(&m);
    e.modified(class::SET, "spop", db, argv[1]);
    if empty {
        e.dbs[db].remove_slot(slot);
        e.notify(class::GENERIC, "del", db, argv[1]);
    }
    e.dirty += 1;
    e.propagate(db, &[b"SREM", argv[1], &m]);
    ctx.propagated = true;
}

/// Redis builds the survivors as a new set when it pops more than this many times the
/// number of members that stay (`SPOP_MOVE_STRATEGY_MUL`).
const SPOP_MOVE_STRATEGY_MUL: usize = 5;

fn spop_with_count(e: &mut Engine, ctx: &mut Ctx, db: usize) {
    let key = ctx.argv[1];
    let count = match parse_i64(ctx.argv[2]) {
        Some(n) if n >= 0 => n as u64,
        _ => {
            ctx.out.error("ERR value is out of range, must be positive");
            return;
        }
    };
    let Ok(slot) = write_set(e, &mut ctx.out, db, key) else {
        return;
    };
    let Some(slot) = slot else {
        ctx.out.set(0);
        return;
    };
    if count == 0 {
        ctx.out.set(0);
        return;
    }
    let (maxi, seed) = (max_intset(e), e.rng.u64(..));
    let size = set_ref(e, db, slot).len();
    e.dirty += count.min(size as u64);
    e.modified(class::SET, "spop", db, key);
    if count >= size as u64 {
        // The whole set, replied through a freshly built copy (as SUNION does).
        let mut all = Set::new();
        for m in set_ref(e, db, slot).iter() {
            all.add_member(m, maxi, seed);
        }
        reply_set(&mut ctx.out, &all);
        e.dbs[db].remove_slot(slot);
        e.notify(class::GENERIC, "del", db, key);
        e.propagate(db, &[b"DEL", key]);
        ctx.propagated = true;
        return;
    }
    let count = count as usize;
    let remaining = size - count;
    let mut popped: Vec<Vec<u8>> = Vec::with_capacity(count);
    let Value::Set(s) = &mut e.dbs[db].entry_mut(slot).value else {
        unreachable!()
    };
    if remaining * SPOP_MOVE_STRATEGY_MUL > count {
        for _ in 0..count {
            let m = s.random(&mut e.rng).expect("non-empty").to_vec();
            s.remove(&m);
            popped.push(m);
        }
    } else {
        // Few survivors: move them to a new set and return what is left of the old one.
        let mut survivors: Option<Set> = None;
        for _ in 0..remaining {
            let m = s.random(&mut e.rng).expect("non-empty").to_vec();
            survivors
                .get_or_insert_with(|| Set::for_member(&m, seed))
                .add(&m, maxi, seed);
            s.remove(&m);
        }
        popped.extend(s.iter().map(|m| m.to_vec()));
        *s = survivors.expect("at least one survivor");
    }
    ctx.out.set(popped.len());
    for m in &popped {
        ctx.out.bulk(m);
    }
    // The command's unit wraps several in MULTI/EXEC.
    for m in &popped {
        e.propagate(db, &[b"SREM", key, m]);
    }
    ctx.propagated = true;
}

// ----- SINTER / SUNION / SDIFF -------------------------------------------------------------

enum Inter<'a> {
    Reply,
    Card(u64),
    Store(&'a [u8]),
}

fn sinter_generic(e: &mut Engine, ctx: &mut Ctx, keys: &[&[u8]], mode: Inter) {
    let db = ctx.db(e);
    let Ok(slots) = read_sets(e, &mut ctx.out, db, keys) else {
        return;
    };
    let (maxi, seed) = (max_intset(e), e.rng.u64(..));
    if slots.iter().any(Option::is_none) {
        match mode {
            Inter::Reply => ctx.out.set(0),
            Inter::Card(_) => ctx.out.int(0),
            Inter::Store(dst) => store(e, &mut ctx.out, db, dst, Set::new(), "sinterstore"),
        }
        return;
    }
    let mut slots: Vec<u32> = slots.into_iter().flatten().collect();
    // Smallest first (a stable sort, like glibc's qsort on small arrays).
    slots.sort_by_key(|&s| set_ref(e, db, s).len());
    let sets: Vec<&Set> = slots.iter().map(|&s| set_ref(e, db, s)).collect();
    let first = slots[0];
    let in_all = |m: Member| {
        sets.iter()
            .zip(&slots)
            .skip(1)
            .all(|(s, &sl)| sl == first || s.contains_member(m))
    };
    match mode {
        Inter::Reply => {
            let found: Vec<Member> = sets[0].iter().filter(|&m| in_all(m)).collect();
            ctx.out.set(found.len());
            for m in found {
                reply_member(&mut ctx.out, m);
            }
        }
        Inter::Card(limit) => {
            let mut n = 0u64;
            for m in sets[0].iter() {
                if in_all(m) {
                    n += 1;
                    if limit > 0 && n >= limit {
                        break;
                    }
                }
            }
            ctx.out.int(n as i64);
        }
        Inter::Store(dst) => {
            let mut result = Set::new();
            for m in sets[0].iter() {
                if in_all(m) {
                    result.add_member(m, maxi, seed);
                }
            }
            store(e, &mut ctx.out, db, dst, result, "sinterstore");
        }
    }
}

/// SINTER key [key ...]
fn sinter_command(e: &mut Engine, ctx: &mut Ctx) {
    sinter_generic(e, ctx, &ctx.argv[1..], Inter::Reply);
}

/// SINTERSTORE destination key [key ...]
fn sinterstore_command(e: &mut Engine, ctx: &mut Ctx) {
    sinter_generic(e, ctx, &ctx.argv[2..], Inter::Store(ctx.argv[1]));
}

/// SINTERCARD numkeys key [key ...] [LIMIT limit]
fn sintercard_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let numkeys = match parse_i64(argv[1]) {
        Some(n) if n >= 1 => n as u64,
        _ => {
            ctx.out.error("ERR numkeys should be greater than 0");
            return;
        }
    };
    if numkeys > (argv.len() - 2) as u64 {
        ctx.out
            .error("ERR Number of keys can't be greater than number of args");
        return;
    }
    let numkeys = numkeys as usize;
    let mut limit = 0u64;
    let mut j = 2 + numkeys;
    while j < argv.len() {
        if opt_eq(argv[j], "limit") && j + 1 < argv.len() {
            j += 1;
            limit = match parse_i64(argv[j]) {
                Some(l) if l >= 0 => l as u64,
                _ => {
                    ctx.out.error("ERR LIMIT can't be negative");
                    return;
                }
            };
        } else {
            ctx.out.error(SYNTAX);
            return;
        }
        j += 1;
    }
    sinter_generic(e, ctx, &argv[2..2 + numkeys], Inter::Card(limit));
}

fn sunion_diff_generic(
    e: &mut Engine,
    ctx: &mut Ctx,
    keys: &[&[u8]],
    dst: Option<&[u8]>,
    diff: bool,
) {
    let db = ctx.db(e);
    let Ok(slots) = read_sets(e, &mut ctx.out, db, keys) else {
        return;
    };
    let (maxi, seed) = (max_intset(e), e.rng.u64(..));
    let sets: Vec<Option<&Set>> = slots.iter().map(|s| s.map(|s| set_ref(e, db, s))).collect();
    let mut result = Set::new();
    if !diff {
        for s in sets.iter().flatten() {
            for m in s.iter() {
                result.add_member(m, maxi, seed);
            }
        }
    } else if let Some(first) = sets[0] {
        // Redis's choice between its two algorithms; it decides the result's encoding
        // (the second one can overflow the intset and stay a hashtable after removals).
        let present = sets.iter().flatten();
        let one = present.clone().count() as u64 * first.len() as u64 / 2;
        let two: u64 = present.map(|s| s.len() as u64).sum();
        if one <= two {
            'members: for m in first.iter() {
                for (j, s) in sets.iter().enumerate().skip(1) {
                    let Some(s) = s else { continue };
                    if slots[j] == slots[0] || s.contains_member(m) {
                        continue 'members;
                    }
                }
                result.add_member(m, maxi, seed);
            }
        } else {
            for (j, s) in sets.iter().enumerate() {
                let Some(s) = s else { continue };
                for m in s.iter() {
                    if j == 0 {
                        result.add_member(m, maxi, seed);
                    } else {
                        result.remove_member(m);
                    }
                }
                if result.is_empty() {
                    break;
                }
            }
        }
    }
    match dst {
        None => reply_set(&mut ctx.out, &result),
        Some(dst) => store(e, &mut ctx.out, db, dst, result, if diff { "sdiffstore" } else { "sunionstore" }),
    }
}

/// SUNION key [key ...]
fn sunion_command(e: &mut Engine, ctx: &mut Ctx) {
    sunion_diff_generic(e, ctx, &ctx.argv[1..], None, false);
}

/// SUNIONSTORE destination key [key ...]
fn sunionstore_command(e: &mut Engine, ctx: &mut Ctx) {
    sunion_diff_generic(e, ctx, &ctx.argv[2..], Some(ctx.argv[1]), false);
}

/// SDIFF key [key ...]
fn sdiff_command(e: &mut Engine, ctx: &mut Ctx) {
    sunion_diff_generic(e, ctx, &ctx.argv[1..], None, true);
}

/// SDIFFSTORE destination key [key ...]
fn sdiffstore_command(e: &mut Engine, ctx: &mut Ctx) {
    sunion_diff_generic(e, ctx, &ctx.argv[2..], Some(ctx.argv[1]), true);
}

// ----- SSCAN -------------------------------------------------------------------------------

/// SSCAN key cursor [MATCH pattern] [COUNT count]
fn sscan_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let argv = ctx.argv;
    let Some(cursor) = parse_scan_cursor(argv[2]) else {
        ctx.out.error("ERR invalid cursor");
        return;
    };
    let Ok(slot) = read_set(e, &mut ctx.out, db, argv[1]) else {
        return;
    };
    let Some(slot) = slot else {
        ctx.out.array(2);
        ctx.out.bulk(b"0");
        ctx.out.array(0);
        return;
    };
    let Some((count, pattern)) = scan_options(&mut ctx.out, argv, 3) else {
        return;
    };
    let s = set_ref(e, db, slot);
    let mut found: Vec<Member> = Vec::new();
    let next = s.scan(cursor, count, |m| {
        if pattern.is_none_or(|p| m.with_bytes(|b| glob_match(p, b, false))) {
            found.push(m);
        }
    });
    ctx.out.array(2);
    let mut b = itoa::Buffer::new();
    ctx.out.bulk(b.format(next).as_bytes());
    ctx.out.array(found.len());
    for m in found {
        reply_member(&mut ctx.out, m);
    }
}

#[cfg(test)]
mod tests {
    //! Expected replies are the bytes redis-server 7.0.15 sent for the same commands
    //! (captured over a raw socket, RESP2 unless a `RESP3` step switches protocol).
    use super::*;
    use crate::commands::hashes::tests::{check_command_info, T};
    use alloc::format;
    use alloc::string::String;

    #[test]
    fn basic_commands_match_redis() {
        T::new().script(&[
            ("FLUSHALL", "+OK\r\n"),
            ("SADD s 3 1 2 1", ":3\r\n"),
            ("SMEMBERS s", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            ("SADD s -5 a", ":2\r\n"),
            ("SCARD s", ":5\r\n"),
            ("SISMEMBER s a", ":1\r\n"),
            ("SISMEMBER s 9", ":0\r\n"),
            ("SISMEMBER nk a", ":0\r\n"),
            ("SMISMEMBER s a 9 1", "*3\r\n:1\r\n:0\r\n:1\r\n"),
            ("SMISMEMBER nk a b", "*2\r\n:0\r\n:0\r\n"),
            ("SREM s a 9 1", ":2\r\n"),
            ("SREM nk a", ":0\r\n"),
            ("SCARD nk", ":0\r\n"),
            ("SMEMBERS nk", "*0\r\n"),
            ("SADD j 9223372036854775807 -9223372036854775808 0 -1 70000 -70000 3000000000 -3000000000 5", ":9\r\n"),
            ("SMEMBERS j", "*9\r\n$20\r\n-9223372036854775808\r\n$11\r\n-3000000000\r\n$6\r\n-70000\r\n$2\r\n-1\r\n$1\r\n0\r\n$1\r\n5\r\n$5\r\n70000\r\n$10\r\n3000000000\r\n$19\r\n9223372036854775807\r\n"),
            ("SISMEMBER j 3000000000", ":1\r\n"),
            ("SISMEMBER j 03000000000", ":0\r\n"),
            ("SREM j 3000000000 -70000", ":2\r\n"),
            ("SMEMBERS j", "*7\r\n$20\r\n-9223372036854775808\r\n$11\r\n-3000000000\r\n$2\r\n-1\r\n$1\r\n0\r\n$1\r\n5\r\n$5\r\n70000\r\n$19\r\n9223372036854775807\r\n"),
            ("SADD i 10 5 1", ":3\r\n"),
            ("SREM i 5 10 1", ":3\r\n"),
            ("EXISTS i", ":0\r\n"),
            ("SADD s", "-ERR wrong number of arguments for 'sadd' command\r\n"),
            ("SREM s", "-ERR wrong number of arguments for 'srem' command\r\n"),
            ("SMISMEMBER s", "-ERR wrong number of arguments for 'smismember' command\r\n"),
            ("SCARD", "-ERR wrong number of arguments for 'scard' command\r\n"),
            ("SISMEMBER s", "-ERR wrong number of arguments for 'sismember' command\r\n"),
            ("SMEMBERS", "-ERR wrong number of arguments for 'smembers' command\r\n"),
            ("SADD t a b c", ":3\r\n"),
            ("SREM t a b c d", ":3\r\n"),
            ("EXISTS t", ":0\r\n"),
            ("RESP3", ""),
            ("SADD r 3 1 2", ":3\r\n"),
            ("SMEMBERS r", "~3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            ("SMEMBERS nk", "~0\r\n"),
            ("SMISMEMBER r 1 5", "*2\r\n:1\r\n:0\r\n"),
            ("SISMEMBER r 1", ":1\r\n"),
            ("SCARD r", ":3\r\n"),
            ("RESP2", ""),
        ]);
    }

    #[test]
    fn wrong_type_is_refused_by_every_command() {
        T::new().script(&[
            ("FLUSHALL", "+OK\r\n"),
            ("SET str x", "+OK\r\n"),
            ("SADD a 1", ":1\r\n"),
            (
                "SADD str a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SREM str a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SCARD str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SISMEMBER str a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SMISMEMBER str a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SMEMBERS str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SRANDMEMBER str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SRANDMEMBER str 0",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SRANDMEMBER str x",
                "-ERR value is not an integer or out of range\r\n",
            ),
            ("SRANDMEMBER str 1 2", "-ERR syntax error\r\n"),
            (
                "SPOP str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SPOP str 0",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SPOP str -1",
                "-ERR value is out of range, must be positive\r\n",
            ),
            ("SPOP str 1 2", "-ERR syntax error\r\n"),
            (
                "SMOVE str a 1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SMOVE a str 1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SMOVE a str 9",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            ("SMOVE nk str 1", ":0\r\n"),
            (
                "SINTER str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SINTER nk str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SINTER str nk",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SINTER a str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SINTERCARD 1 str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SINTERCARD 2 nk str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SINTERSTORE d nk str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SUNION nk str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SUNIONSTORE d a str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SDIFF nk str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SDIFF str nk",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SDIFFSTORE d str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SSCAN str 0",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            ("SSCAN str x", "-ERR invalid cursor\r\n"),
            (
                "SSCAN str 0 count 0",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            ("EXISTS d", ":0\r\n"),
            ("GET str", "$1\r\nx\r\n"),
        ]);
    }

    #[test]
    fn random_members_arguments_and_whole_set_replies() {
        T::new().script(&[
            ("FLUSHALL", "+OK\r\n"),
            ("SADD s 3 1 2", ":3\r\n"),
            ("SRANDMEMBER s 3", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            ("SRANDMEMBER s 9223372036854775807", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            ("SRANDMEMBER s 0", "*0\r\n"),
            ("SRANDMEMBER s -9223372036854775808", "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n"),
            ("SRANDMEMBER s x", "-ERR value is not an integer or out of range\r\n"),
            ("SRANDMEMBER s 1.5", "-ERR value is not an integer or out of range\r\n"),
            ("SRANDMEMBER s 1 2", "-ERR syntax error\r\n"),
            ("SRANDMEMBER nk", "$-1\r\n"),
            ("SRANDMEMBER nk 5", "*0\r\n"),
            ("SRANDMEMBER nk -5", "*0\r\n"),
            ("SRANDMEMBER nk 0", "*0\r\n"),
            ("SRANDMEMBER nk x", "-ERR value is not an integer or out of range\r\n"),
            ("SADD one a", ":1\r\n"),
            ("SRANDMEMBER one", "$1\r\na\r\n"),
            ("SRANDMEMBER one -3", "*3\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n"),
            ("SRANDMEMBER one 1", "*1\r\n$1\r\na\r\n"),
            ("SPOP s -1", "-ERR value is out of range, must be positive\r\n"),
            ("SPOP s x", "-ERR value is out of range, must be positive\r\n"),
            ("SPOP s 1.0", "-ERR value is out of range, must be positive\r\n"),
            ("SPOP s -9223372036854775808", "-ERR value is out of range, must be positive\r\n"),
            ("SPOP s 1 2", "-ERR syntax error\r\n"),
            ("SPOP nk -1", "-ERR value is out of range, must be positive\r\n"),
            ("SPOP nk", "$-1\r\n"),
            ("SPOP nk 3", "*0\r\n"),
            ("SPOP s 0", "*0\r\n"),
            ("SPOP s 3", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            ("EXISTS s", ":0\r\n"),
            ("SADD s 5 -1 7", ":3\r\n"),
            ("SPOP s 9223372036854775807", "*3\r\n$2\r\n-1\r\n$1\r\n5\r\n$1\r\n7\r\n"),
            ("SADD u a", ":1\r\n"),
            ("SPOP u", "$1\r\na\r\n"),
            ("EXISTS u", ":0\r\n"),
            ("RESP3", ""),
            ("SADD s 3 1 2", ":3\r\n"),
            ("SRANDMEMBER s 5", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            ("SRANDMEMBER one -2", "*2\r\n$1\r\na\r\n$1\r\na\r\n"),
            ("SRANDMEMBER s 0", "*0\r\n"),
            ("SRANDMEMBER nk 5", "*0\r\n"),
            ("SRANDMEMBER nk -5", "*0\r\n"),
            ("SRANDMEMBER nk", "_\r\n"),
            ("SPOP nk", "_\r\n"),
            ("SPOP nk 3", "~0\r\n"),
            ("SPOP s 0", "~0\r\n"),
            ("SPOP s 5", "~3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            ("SADD one2 x", ":1\r\n"),
            ("SPOP one2 1", "~1\r\n$1\r\nx\r\n"),
            ("RESP2", ""),
        ]);
    }

    #[test]
    fn move_intersect_union_diff_match_redis() {
        T::new().script(&[
            ("FLUSHALL", "+OK\r\n"),
            ("SADD a 1 2 3", ":3\r\n"),
            ("SADD b 2 3 4 x", ":4\r\n"),
            ("SMOVE a b 1", ":1\r\n"),
            ("SISMEMBER b 1", ":1\r\n"),
            ("SMOVE a b 9", ":0\r\n"),
            ("SMOVE a a 2", ":1\r\n"),
            ("SMOVE a a 9", ":0\r\n"),
            ("SMOVE nk a 1", ":0\r\n"),
            ("SMOVE nk nk2 1", ":0\r\n"),
            ("SMOVE a newk 2", ":1\r\n"),
            ("OBJECT ENCODING newk", "$6\r\nintset\r\n"),
            ("SMOVE b newk2 x", ":1\r\n"),
            ("OBJECT ENCODING newk2", "$9\r\nhashtable\r\n"),
            ("SMEMBERS a", "*1\r\n$1\r\n3\r\n"),
            ("SMOVE a c 3", ":1\r\n"),
            ("EXISTS a", ":0\r\n"),
            ("SMEMBERS c", "*1\r\n$1\r\n3\r\n"),
            ("FLUSHALL", "+OK\r\n"),
            ("SADD a 1 2 3 4 5", ":5\r\n"),
            ("SADD b 4 5 6 7", ":4\r\n"),
            ("SADD c 5 7 9", ":3\r\n"),
            ("SADD h x y 5 4", ":4\r\n"),
            ("SINTER a b", "*2\r\n$1\r\n4\r\n$1\r\n5\r\n"),
            ("SINTER a b c", "*1\r\n$1\r\n5\r\n"),
            ("SINTER a nk", "*0\r\n"),
            ("SINTER nk a", "*0\r\n"),
            ("SINTER a", "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n"),
            ("SINTER a a", "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n"),
            ("SINTER b a h", "*2\r\n$1\r\n4\r\n$1\r\n5\r\n"),
            ("SINTERCARD 2 a b", ":2\r\n"),
            ("SINTERCARD 3 a b c", ":1\r\n"),
            ("SINTERCARD 2 a nk", ":0\r\n"),
            ("SINTERCARD 1 a LIMIT 2", ":2\r\n"),
            ("SINTERCARD 1 a LIMIT 0", ":5\r\n"),
            ("SINTERCARD 0 a", "-ERR numkeys should be greater than 0\r\n"),
            ("SINTERCARD -1 a", "-ERR numkeys should be greater than 0\r\n"),
            ("SINTERCARD x a", "-ERR numkeys should be greater than 0\r\n"),
            ("SINTERCARD 3 a b", "-ERR Number of keys can't be greater than number of args\r\n"),
            ("SINTERCARD 2 a b limit -1", "-ERR LIMIT can't be negative\r\n"),
            ("SINTERCARD 2 a b limit x", "-ERR LIMIT can't be negative\r\n"),
            ("SINTERCARD 2 a b limit", "-ERR syntax error\r\n"),
            ("SINTERCARD 2 a b foo 1", "-ERR syntax error\r\n"),
            ("SINTERCARD 1 a b", "-ERR syntax error\r\n"),
            ("SINTERCARD 1 a limit 2 limit 0", ":5\r\n"),
            ("SINTERCARD 9223372036854775807 a", "-ERR Number of keys can't be greater than number of args\r\n"),
            ("SINTERCARD 1.0 a", "-ERR numkeys should be greater than 0\r\n"),
            ("SINTERCARD 1 a LIMIT 9223372036854775807", ":5\r\n"),
            ("SUNION a b", "*7\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n$1\r\n7\r\n"),
            ("SUNION a nk c", "*7\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n7\r\n$1\r\n9\r\n"),
            ("SUNION nk", "*0\r\n"),
            ("SDIFF a b", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            ("SDIFF a b c", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            ("SDIFF a nk", "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n"),
            ("SDIFF nk a", "*0\r\n"),
            ("SDIFF a a", "*0\r\n"),
            ("SDIFF b a a", "*2\r\n$1\r\n6\r\n$1\r\n7\r\n"),
            ("SINTERSTORE d a b", ":2\r\n"),
            ("SMEMBERS d", "*2\r\n$1\r\n4\r\n$1\r\n5\r\n"),
            ("OBJECT ENCODING d", "$6\r\nintset\r\n"),
            ("SINTERSTORE d a nk", ":0\r\n"),
            ("EXISTS d", ":0\r\n"),
            ("SINTERSTORE d a b", ":2\r\n"),
            ("SUNIONSTORE d a b", ":7\r\n"),
            ("SMEMBERS d", "*7\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n$1\r\n7\r\n"),
            ("SUNIONSTORE d a h", ":7\r\n"),
            ("OBJECT ENCODING d", "$9\r\nhashtable\r\n"),
            ("SDIFFSTORE d a b", ":3\r\n"),
            ("SMEMBERS d", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            ("SDIFFSTORE d a a", ":0\r\n"),
            ("EXISTS d", ":0\r\n"),
            ("SUNIONSTORE a a b", ":7\r\n"),
            ("SMEMBERS a", "*7\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n$1\r\n7\r\n"),
            ("SET str x", "+OK\r\n"),
            ("EXPIRE str 1000", ":1\r\n"),
            ("SUNIONSTORE str b", ":4\r\n"),
            ("TYPE str", "+set\r\n"),
            ("TTL str", ":-1\r\n"),
            ("SINTERSTORE str nk", ":0\r\n"),
            ("EXISTS str", ":0\r\n"),
            ("SINTERSTORE", "-ERR wrong number of arguments for 'sinterstore' command\r\n"),
            ("SINTER", "-ERR wrong number of arguments for 'sinter' command\r\n"),
            ("SINTERCARD 1", "-ERR wrong number of arguments for 'sintercard' command\r\n"),
            ("RESP3", ""),
            ("SINTER a b", "~4\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n$1\r\n7\r\n"),
            ("SINTER a nk", "~0\r\n"),
            ("SUNION a b", "~7\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n$1\r\n7\r\n"),
            ("SUNION nk", "~0\r\n"),
            ("SDIFF a b", "~3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            ("SDIFF nk a", "~0\r\n"),
            ("SINTERCARD 1 a", ":7\r\n"),
            ("RESP2", ""),
        ]);
    }

    #[test]
    fn sscan_options_and_intsets() {
        T::new().script(&[
            ("FLUSHALL", "+OK\r\n"),
            ("SADD s 10 3 12 1", ":4\r\n"),
            (
                "SSCAN s 0",
                "*2\r\n$1\r\n0\r\n*4\r\n$1\r\n1\r\n$1\r\n3\r\n$2\r\n10\r\n$2\r\n12\r\n",
            ),
            (
                "SSCAN s 0 match 1*",
                "*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$2\r\n10\r\n$2\r\n12\r\n",
            ),
            ("SSCAN s 0 count 0", "-ERR syntax error\r\n"),
            ("SSCAN s 0 count -1", "-ERR syntax error\r\n"),
            (
                "SSCAN s 0 count x",
                "-ERR value is not an integer or out of range\r\n",
            ),
            ("SSCAN s 0 count", "-ERR syntax error\r\n"),
            ("SSCAN s 0 match", "-ERR syntax error\r\n"),
            ("SSCAN s 0 type string", "-ERR syntax error\r\n"),
            ("SSCAN s 0 foo", "-ERR syntax error\r\n"),
            (
                "SSCAN s 7",
                "*2\r\n$1\r\n0\r\n*4\r\n$1\r\n1\r\n$1\r\n3\r\n$2\r\n10\r\n$2\r\n12\r\n",
            ),
            (
                "SSCAN s -1",
                "*2\r\n$1\r\n0\r\n*4\r\n$1\r\n1\r\n$1\r\n3\r\n$2\r\n10\r\n$2\r\n12\r\n",
            ),
            ("SSCAN s x", "-ERR invalid cursor\r\n"),
            ("SSCAN s 18446744073709551616", "-ERR invalid cursor\r\n"),
            (
                "SSCAN s 0 MATCH * COUNT 1",
                "*2\r\n$1\r\n0\r\n*4\r\n$1\r\n1\r\n$1\r\n3\r\n$2\r\n10\r\n$2\r\n12\r\n",
            ),
            ("SSCAN nk 0", "*2\r\n$1\r\n0\r\n*0\r\n"),
            ("SSCAN nk x", "-ERR invalid cursor\r\n"),
            ("SSCAN nk 0 count 0", "*2\r\n$1\r\n0\r\n*0\r\n"),
            ("RESP3", ""),
            (
                "SSCAN s 0",
                "*2\r\n$1\r\n0\r\n*4\r\n$1\r\n1\r\n$1\r\n3\r\n$2\r\n10\r\n$2\r\n12\r\n",
            ),
            ("SSCAN nk 0", "*2\r\n$1\r\n0\r\n*0\r\n"),
            ("RESP2", ""),
        ]);
    }

    #[test]
    fn encodings_convert_like_redis() {
        T::new().script(&[
            ("FLUSHALL", "+OK\r\n"),
            ("SADD s 1 2 3", ":3\r\n"),
            ("OBJECT ENCODING s", "$6\r\nintset\r\n"),
            ("SADD s a", ":1\r\n"),
            ("OBJECT ENCODING s", "$9\r\nhashtable\r\n"),
            ("SREM s a", ":1\r\n"),
            ("OBJECT ENCODING s", "$9\r\nhashtable\r\n"),
            ("SUNION s", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            ("SDIFF s", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            ("SUNIONSTORE u s", ":3\r\n"),
            ("OBJECT ENCODING u", "$6\r\nintset\r\n"),
            ("SINTERSTORE u s s", ":3\r\n"),
            ("OBJECT ENCODING u", "$6\r\nintset\r\n"),
            ("SADD i 05", ":1\r\n"),
            ("OBJECT ENCODING i", "$9\r\nhashtable\r\n"),
            ("SADD k 9223372036854775808", ":1\r\n"),
            ("OBJECT ENCODING k", "$9\r\nhashtable\r\n"),
            ("SADD m -0", ":1\r\n"),
            ("OBJECT ENCODING m", "$9\r\nhashtable\r\n"),
            ("SADD n +1", ":1\r\n"),
            ("OBJECT ENCODING n", "$9\r\nhashtable\r\n"),
            ("SADD p 1 x", ":2\r\n"),
            ("OBJECT ENCODING p", "$9\r\nhashtable\r\n"),
            ("CONFIG SET set-max-intset-entries 2", "+OK\r\n"),
            ("SADD q 1 2", ":2\r\n"),
            ("OBJECT ENCODING q", "$6\r\nintset\r\n"),
            ("SADD q 1", ":0\r\n"),
            ("OBJECT ENCODING q", "$6\r\nintset\r\n"),
            ("SADD q 3", ":1\r\n"),
            ("OBJECT ENCODING q", "$9\r\nhashtable\r\n"),
            ("SADD r 1 2 3", ":3\r\n"),
            ("OBJECT ENCODING r", "$9\r\nhashtable\r\n"),
            ("SUNIONSTORE v s", ":3\r\n"),
            ("OBJECT ENCODING v", "$9\r\nhashtable\r\n"),
            ("CONFIG SET set-max-intset-entries 0", "+OK\r\n"),
            ("SADD t 1", ":1\r\n"),
            ("OBJECT ENCODING t", "$9\r\nhashtable\r\n"),
            ("SMOVE t t2 1", ":1\r\n"),
            ("OBJECT ENCODING t2", "$9\r\nhashtable\r\n"),
            ("CONFIG SET set-max-intset-entries 512", "+OK\r\n"),
            ("SADD w 1 2 3", ":3\r\n"),
            ("CONFIG SET set-max-intset-entries 2", "+OK\r\n"),
            ("SADD w 2", ":0\r\n"),
            ("OBJECT ENCODING w", "$6\r\nintset\r\n"),
            ("SREM w 1", ":1\r\n"),
            ("OBJECT ENCODING w", "$6\r\nintset\r\n"),
            ("SINTERSTORE w2 w", ":2\r\n"),
            ("OBJECT ENCODING w2", "$6\r\nintset\r\n"),
            ("CONFIG SET set-max-intset-entries 512", "+OK\r\n"),
        ]);
    }

    #[test]
    fn command_info_matches_redis() {
        assert_eq!(COMMANDS.len(), 17);
        check_command_info(&[
        ("sadd", b"*1\r\n*10\r\n$4\r\nsadd\r\n:-3\r\n~3\r\n+write\r\n+denyoom\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@set\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("scard", b"*1\r\n*10\r\n$5\r\nscard\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@set\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~1\r\n+RO\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("sdiff", b"*1\r\n*10\r\n$5\r\nsdiff\r\n:-2\r\n~1\r\n+readonly\r\n:1\r\n:-1\r\n:1\r\n~3\r\n+@read\r\n+@set\r\n+@slow\r\n~1\r\n$29\r\nnondeterministic_output_order\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("sdiffstore", b"*1\r\n*10\r\n$10\r\nsdiffstore\r\n:-3\r\n~2\r\n+write\r\n+denyoom\r\n:1\r\n:-1\r\n:1\r\n~3\r\n+@write\r\n+@set\r\n+@slow\r\n~0\r\n~2\r\n%3\r\n$5\r\nflags\r\n~2\r\n+OW\r\n+update\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("sinter", b"*1\r\n*10\r\n$6\r\nsinter\r\n:-2\r\n~1\r\n+readonly\r\n:1\r\n:-1\r\n:1\r\n~3\r\n+@read\r\n+@set\r\n+@slow\r\n~1\r\n$29\r\nnondeterministic_output_order\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("sintercard", b"*1\r\n*10\r\n$10\r\nsintercard\r\n:-3\r\n~2\r\n+readonly\r\n+movablekeys\r\n:0\r\n:0\r\n:0\r\n~3\r\n+@read\r\n+@set\r\n+@slow\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$6\r\nkeynum\r\n$4\r\nspec\r\n%3\r\n$9\r\nkeynumidx\r\n:0\r\n$8\r\nfirstkey\r\n:1\r\n$7\r\nkeystep\r\n:1\r\n~0\r\n"),

        ("sinterstore", b"*1\r\n*10\r\n$11\r\nsinterstore\r\n:-3\r\n~2\r\n+write\r\n+denyoom\r\n:1\r\n:-1\r\n:1\r\n~3\r\n+@write\r\n+@set\r\n+@slow\r\n~0\r\n~2\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+update\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("sismember", b"*1\r\n*10\r\n$9\r\nsismember\r\n:3\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@set\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~1\r\n+RO\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("smembers", b"*1\r\n*10\r\n$8\r\nsmembers\r\n:2\r\n~1\r\n+readonly\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@set\r\n+@slow\r\n~1\r\n$29\r\nnondeterministic_output_order\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("smismember", b"*1\r\n*10\r\n$10\r\nsmismember\r\n:-3\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@set\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("smove", b"*1\r\n*10\r\n$5\r\nsmove\r\n:4\r\n~2\r\n+write\r\n+fast\r\n:1\r\n:2\r\n:1\r\n~3\r\n+@write\r\n+@set\r\n+@fast\r\n~0\r\n~2\r\n%3\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("spop", b"*1\r\n*10\r\n$4\r\nspop\r\n:-2\r\n~2\r\n+write\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@set\r\n+@fast\r\n~1\r\n$23\r\nnondeterministic_output\r\n~1\r\n%3\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("srandmember", b"*1\r\n*10\r\n$11\r\nsrandmember\r\n:-2\r\n~1\r\n+readonly\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@set\r\n+@slow\r\n~1\r\n$23\r\nnondeterministic_output\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("srem", b"*1\r\n*10\r\n$4\r\nsrem\r\n:-3\r\n~2\r\n+write\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@set\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+delete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("sscan", b"*1\r\n*10\r\n$5\r\nsscan\r\n:-3\r\n~1\r\n+readonly\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@set\r\n+@slow\r\n~1\r\n$23\r\nnondeterministic_output\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("sunion", b"*1\r\n*10\r\n$6\r\nsunion\r\n:-2\r\n~1\r\n+readonly\r\n:1\r\n:-1\r\n:1\r\n~3\r\n+@read\r\n+@set\r\n+@slow\r\n~1\r\n$29\r\nnondeterministic_output_order\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("sunionstore", b"*1\r\n*10\r\n$11\r\nsunionstore\r\n:-3\r\n~2\r\n+write\r\n+denyoom\r\n:1\r\n:-1\r\n:1\r\n~3\r\n+@write\r\n+@set\r\n+@slow\r\n~0\r\n~2\r\n%3\r\n$5\r\nflags\r\n~2\r\n+OW\r\n+update\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),
        ]);
    }

    #[test]
    fn sdiff_algorithm_choice_decides_the_encoding() {
        // Redis's second SDIFF algorithm adds the whole first set before removing, so the
        // result can overflow the intset and stay a hashtable.
        T::new().script(&[
            ("FLUSHALL", "+OK\r\n"),
            ("CONFIG SET set-max-intset-entries 3", "+OK\r\n"),
            ("SADD a 1 2 3 4 5", ":5\r\n"),
            ("SADD b 1", ":1\r\n"),
            ("SADD c 2", ":1\r\n"),
            ("SADD d 3", ":1\r\n"),
            ("SDIFFSTORE r a b c d", ":2\r\n"),
            ("OBJECT ENCODING r", "$9\r\nhashtable\r\n"),
            ("SDIFFSTORE r3 a b c", ":3\r\n"),
            ("OBJECT ENCODING r3", "$6\r\nintset\r\n"),
            ("SMEMBERS r3", "*3\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n"),
            ("SDIFF a b c", "*3\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n"),
            ("CONFIG SET set-max-intset-entries 512", "+OK\r\n"),
        ]);
    }

    #[test]
    fn dirty_and_propagation_follow_redis() {
        let mut t = T::new();
        t.e.set_change_stream(true);
        // (command, dirty delta) as rdb_changes_since_last_save moved on redis-server 7.0.15.
        for (cmd, dirty) in [
            ("SADD s 1 2 3 4 5 6 7 8 9 10", 10),
            ("SADD s 1 11", 1),
            ("SPOP s 0", 0),
            ("SPOP nk 3", 0),
            ("SREM s 99 98", 0),
            ("SADD t a b c", 3),
            ("SPOP t 10", 3),
            ("SADD u 1", 1),
            ("SPOP u", 1),
            ("SPOP u", 0),
            ("SADD a 1 2", 2),
            ("SMOVE a b 1", 2),
            ("SMOVE a b 1", 0),
            ("SADD b 2", 1),
            ("SMOVE a b 2", 1),
            ("SMOVE b b 2", 0),
            ("SINTERSTORE d b nk", 0),
            ("SINTERSTORE d b b", 1),
            ("SINTERSTORE d b nk", 1),
            ("SINTERSTORE d b nk", 0),
            ("SUNIONSTORE d nk", 0),
            ("SUNIONSTORE d b", 1),
            ("SDIFFSTORE d b b", 1),
            ("SDIFFSTORE d nk", 0),
            ("SADD x 1", 1),
            ("SUNIONSTORE x x", 1),
            ("SINTER x b", 0),
            ("SREM x 1", 1),
        ] {
            assert_eq!(t.dirty(cmd), dirty, "{cmd}");
        }
        assert_eq!(
            t.changes(),
            "SELECT 0\nSADD s 1 2 3 4 5 6 7 8 9 10\nSADD s 1 11\nSADD t a b c\nDEL t\nSADD u 1\nSREM u 1\n\
             SADD a 1 2\nSMOVE a b 1\nSADD b 2\nSMOVE a b 2\nSINTERSTORE d b b\nSINTERSTORE d b nk\n\
             SUNIONSTORE d b\nSDIFFSTORE d b b\nSADD x 1\nSUNIONSTORE x x\nSREM x 1\n"
        );
        // SPOP with a count: one SREM per member, in MULTI/EXEC when there are several.
        assert_eq!(t.run("SADD p 1 2 3"), ":3\r\n");
        let reply = t.run("SPOP p 1");
        let m = reply.split("\r\n").nth(2).unwrap();
        assert_eq!(t.changes(), format!("SADD p 1 2 3\nSREM p {m}\n"));
        t.run("SADD q 1 2 3 4 5 6 7 8 9 10");
        t.changes();
        for count in [2, 9] {
            let reply = t.run(&format!("SPOP q {count}"));
            let popped = members(&reply);
            assert_eq!(popped.len(), count);
            let mut want = String::from("MULTI\n");
            for m in &popped {
                want += &format!("SREM q {m}\n");
            }
            want += "EXEC\n";
            assert_eq!(t.changes(), want);
            t.run("DEL q");
            t.run("SADD q 1 2 3 4 5 6 7 8 9 10");
            t.changes();
        }
    }

    /// Members of a reply (an array or set of bulk strings).
    fn members(reply: &str) -> Vec<String> {
        reply
            .split("\r\n")
            .skip(1)
            .filter(|l| !l.starts_with('$') && !l.is_empty())
            .map(String::from)
            .collect()
    }

    #[test]
    fn spop_with_count_takes_distinct_members_both_ways() {
        for (size, count) in [(10, 2), (10, 9), (300, 50), (300, 299)] {
            for ints in [true, false] {
                let mut t = T::new();
                let name = |i: usize| {
                    if ints {
                        format!("{i}")
                    } else {
                        format!("m{i}")
                    }
                };
                for i in 0..size {
                    t.run(&format!("SADD s {}", name(i)));
                }
                let popped = members(&t.run(&format!("SPOP s {count}")));
                assert_eq!(popped.len(), count);
                let mut uniq = popped.clone();
                uniq.sort();
                uniq.dedup();
                assert_eq!(uniq.len(), count, "distinct");
                for m in &popped {
                    assert_eq!(t.run(&format!("SISMEMBER s {m}")), ":0\r\n");
                }
                assert_eq!(t.run("SCARD s"), format!(":{}\r\n", size - count));
                let left = members(&t.run("SMEMBERS s"));
                assert_eq!(left.len(), size - count);
                // Survivors moved to a new set are an intset again when they can be.
                let all_ints = left
                    .iter()
                    .all(|m| crate::num::parse_i64(m.as_bytes()).is_some());
                if size - count == 1 {
                    assert_eq!(
                        t.encoding("s"),
                        if all_ints { "intset" } else { "hashtable" }
                    );
                }
            }
        }
        // A hashtable of integers (a string member came and went) is re-packed by SPOP when
        // only a few members survive.
        let mut t = T::new();
        t.run("SADD s a 1 2 3 4 5 6 7 8 9 10");
        t.run("SREM s a");
        assert_eq!(t.encoding("s"), "hashtable");
        t.run("SPOP s 9");
        assert_eq!(t.encoding("s"), "intset");
    }

    #[test]
    fn srandmember_picks_from_the_set() {
        for n in [5, 600] {
            for ints in [true, false] {
                let mut t = T::new();
                for i in 0..n {
                    t.run(&if ints {
                        format!("SADD s {i}")
                    } else {
                        format!("SADD s m{i}")
                    });
                }
                let all = members(&t.run("SMEMBERS s"));
                let single = members(&format!("*1\r\n{}", t.run("SRANDMEMBER s")));
                assert!(all.contains(&single[0]));
                let rep = members(&t.run("SRANDMEMBER s -40"));
                assert_eq!(rep.len(), 40);
                assert!(rep.iter().all(|m| all.contains(m)));
                for k in [1, 2, n / 2, n - 1] {
                    let mut got = members(&t.run(&format!("SRANDMEMBER s {k}")));
                    assert!(got.iter().all(|m| all.contains(m)));
                    got.sort();
                    got.dedup();
                    assert_eq!(got.len(), k);
                }
                assert_eq!(members(&t.run(&format!("SRANDMEMBER s {n}"))), all);
            }
        }
        let mut t = T::new();
        t.run("SADD s a");
        assert_eq!(
            t.run("SRANDMEMBER s -9223372036854775807"),
            "-ERR value is out of range\r\n"
        );
    }

    #[test]
    fn hashtable_sscan_returns_every_member_once_while_the_set_changes() {
        let mut t = T::new();
        for i in 0..1000 {
            t.run(&format!("SADD s m{i}"));
        }
        let mut seen: Vec<String> = Vec::new();
        let mut cursor = String::from("0");
        let mut round = 0;
        loop {
            let reply = t.run(&format!("SSCAN s {cursor} COUNT 13"));
            let lines: Vec<&str> = reply.split("\r\n").collect();
            cursor = String::from(lines[2]);
            seen.extend(
                lines[4..]
                    .iter()
                    .filter(|l| l.starts_with('m'))
                    .map(|l| String::from(*l)),
            );
            t.run(&format!("SADD s new{round} new{round}b"));
            t.run(&format!("SREM s new{round}"));
            round += 1;
            if cursor == "0" {
                break;
            }
        }
        for i in 0..1000 {
            let m = format!("m{i}");
            assert_eq!(seen.iter().filter(|s| **s == m).count(), 1, "{m}");
        }
        let reply = t.run("SSCAN s 0 MATCH m99? COUNT 100000");
        assert_eq!(
            members(reply.splitn(4, "\r\n").nth(3).unwrap()).len(),
            10,
            "{reply}"
        );
    }

    #[test]
    fn binary_and_empty_members() {
        let mut t = T::new();
        assert_eq!(t.bytes(&[b"SADD", b"s", b"", b"\r\n", b"\x00"]), b":3\r\n");
        assert_eq!(t.encoding("s"), "hashtable");
        assert_eq!(t.bytes(&[b"SISMEMBER", b"s", b""]), b":1\r\n");
        assert_eq!(t.bytes(&[b"SREM", b"s", b"\x00"]), b":1\r\n");
        assert_eq!(
            t.bytes(&[b"SSCAN", b"s", b"0", b"MATCH", b""]),
            b"*2\r\n$1\r\n0\r\n*1\r\n$0\r\n\r\n"
        );
        assert_eq!(
            t.bytes(&[b"SINTERCARD", b"1", b"s", b"limit\x00", b"1"]),
            b":1\r\n"
        );
    }

    #[test]
    fn set_type_api_and_intset_widths() {
        let mut s = Set::new();
        assert_eq!(s.encoding(), "intset");
        for v in [
            "5",
            "-3",
            "70000",
            "-3000000000",
            "32767",
            "-32768",
            "9223372036854775807",
        ] {
            assert!(s.add(v.as_bytes(), 512, 1));
        }
        assert!(!s.add(b"70000", 512, 1));
        let mut all = Vec::new();
        s.for_each(|m| all.push(String::from_utf8(m.to_vec()).unwrap()));
        assert_eq!(
            all,
            [
                "-3000000000",
                "-32768",
                "-3",
                "5",
                "32767",
                "70000",
                "9223372036854775807"
            ]
        );
        assert!(s.contains(b"-3000000000"));
        assert!(!s.contains(b"4000000000"));
        assert!(!s.contains(b"x"));
        assert!(s.remove(b"-3000000000"));
        assert!(!s.remove(b"-3000000000"));
        assert_eq!(s.len(), 6);
        let copy = s.clone();
        assert!(s.add(b"x", 512, 1));
        assert_eq!(s.encoding(), "hashtable");
        assert_eq!(copy.encoding(), "intset");
        assert!(s.contains(b"70000") && s.contains(b"x"));
        assert!(s.contains_member(Member::Int(5)));
        assert!(s.remove_member(Member::Int(5)));
        assert_eq!(s.len(), 6);
        let mut n = 0;
        s.for_each(|_| n += 1);
        assert_eq!(n, 6);
        assert!(s.heap_size() > 0);
        // A small intset stays narrow.
        let mut small = Set::new();
        for i in 0..100 {
            small.add(format!("{i}").as_bytes(), 512, 1);
        }
        assert!(small.heap_size() <= 2 * 128);
        // Sets live inline in the keyspace's Value, hashes in a box: keep both small.
        assert!(core::mem::size_of::<Set>() <= 24);
        assert_eq!(core::mem::size_of::<crate::types::hash::Hash>(), 24);
    }
}
