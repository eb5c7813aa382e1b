//! Hash commands, as Redis 7.0's t_hash.c: HSET/HSETNX/HMSET, HGET/HMGET, HDEL, HLEN,
//! HSTRLEN, HEXISTS, HINCRBY, HINCRBYFLOAT, HGETALL/HKEYS/HVALS, HRANDFIELD and HSCAN.
//!
//! Replies (RESP2 and RESP3), error texts and the order in which errors are detected,
//! OBJECT ENCODING (see `types/hash.rs` for the listpack -> hashtable rules), `dirty`
//! accounting and propagation follow redis-server 7.0.15; the tests below hold the bytes
//! the real server sent. Points easy to get wrong:
//! - HSET counts every pair in `dirty` (updates included) but replies only the new fields;
//!   an odd number of field/value arguments is an arity error naming the command.
//! - HINCRBY/HINCRBYFLOAT parse the increment before looking the key up, so a bad
//!   increment wins over WRONGTYPE; an infinite HINCRBYFLOAT increment is refused even
//!   before the lookup. HINCRBYFLOAT computes in x87 long double (`crate::ldouble`) and is
//!   propagated as `HSET key field <result>`.
//! - HRANDFIELD: a count of -2^63 is out of range; with WITHVALUES the count must fit in
//!   +-2^62 ("value is out of range"); the type check comes before `count == 0`. RESP3
//!   WITHVALUES replies are arrays of [field, value] pairs; RESP2 ones are flat.
//! - HSCAN returns a listpack whole with cursor 0; a hashtable is walked by slot number.
//! - Redis has no limit on a negative HRANDFIELD count and runs out of memory on huge ones;
//!   Spinel refuses replies that cannot be sent (see [`too_many_samples`]).

use super::keys::{opt_eq, parse_scan_cursor};
use super::{arg_i64, CommandSpec, Ctx, SYNTAX, WRONGTYPE};
use crate::config::opt;
use crate::engine::Engine;
use crate::notify::class;
use crate::glob::glob_match;
use crate::ldouble::parse_long_double;
use crate::num::parse_i64;
use crate::resp::writer::Reply;
use crate::types::hash::{Hash, HashLimits};
use crate::value::Value;
use alloc::boxed::Box;
use alloc::vec::Vec;

use super::acl as a;
use super::flags as f;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new(
        "hdel",
        -3,
        f::WRITE | f::FAST,
        a::WRITE | a::HASH | a::FAST,
        hdel_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "hexists",
        3,
        f::READONLY | f::FAST,
        a::READ | a::HASH | a::FAST,
        hexists_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "hget",
        3,
        f::READONLY | f::FAST,
        a::READ | a::HASH | a::FAST,
        hget_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "hgetall",
        2,
        f::READONLY,
        a::READ | a::HASH | a::SLOW,
        hgetall_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "hincrby",
        4,
        f::WRITE | f::DENYOOM | f::FAST,
        a::WRITE | a::HASH | a::FAST,
        hincrby_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "hincrbyfloat",
        4,
        f::WRITE | f::DENYOOM | f::FAST,
        a::WRITE | a::HASH | a::FAST,
        hincrbyfloat_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "hkeys",
        2,
        f::READONLY,
        a::READ | a::HASH | a::SLOW,
        hkeys_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "hlen",
        2,
        f::READONLY | f::FAST,
        a::READ | a::HASH | a::FAST,
        hlen_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "hmget",
        -3,
        f::READONLY | f::FAST,
        a::READ | a::HASH | a::FAST,
        hmget_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "hmset",
        -4,
        f::WRITE | f::DENYOOM | f::FAST,
        a::WRITE | a::HASH | a::FAST,
        hmset_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "hrandfield",
        -2,
        f::READONLY,
        a::READ | a::HASH | a::SLOW,
        hrandfield_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "hscan",
        -3,
        f::READONLY,
        a::READ | a::HASH | a::SLOW,
        hscan_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "hset",
        -4,
        f::WRITE | f::DENYOOM | f::FAST,
        a::WRITE | a::HASH | a::FAST,
        hset_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "hsetnx",
        4,
        f::WRITE | f::DENYOOM | f::FAST,
        a::WRITE | a::HASH | a::FAST,
        hsetnx_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "hstrlen",
        3,
        f::READONLY | f::FAST,
        a::READ | a::HASH | a::FAST,
        hstrlen_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "hvals",
        2,
        f::READONLY,
        a::READ | a::HASH | a::SLOW,
        hvals_command,
    )
    .keys(1, 1, 1),
];

// ----- helpers ---------------------------------------------------------------------------

/// The encoding limits from the configuration.
pub(crate) fn limits(e: &Engine) -> HashLimits {
    HashLimits {
        max_entries: e.config.int(opt::HASH_MAX_LISTPACK_ENTRIES).max(0) as usize,
        max_value: e.config.int(opt::HASH_MAX_LISTPACK_VALUE).max(0) as usize,
    }
}

/// A read lookup of a hash: `Ok(None)` when missing; `Err` after replying WRONGTYPE.
fn read_hash<'e>(
    e: &'e mut Engine,
    out: &mut Reply,
    db: usize,
    key: &[u8],
) -> Result<Option<&'e Hash>, ()> {
    match e.lookup_read(db, key) {
        None => Ok(None),
        Some(entry) => match &entry.value {
            Value::Hash(h) => Ok(Some(h)),
            _ => {
                out.error(WRONGTYPE);
                Err(())
            }
        },
    }
}

/// A write lookup of a hash: its slot, `Ok(None)` when missing; `Err` after WRONGTYPE.
fn write_slot(e: &mut Engine, out: &mut Reply, db: usize, key: &[u8]) -> Result<Option<u32>, ()> {
    match e.lookup_write(db, key) {
        None => Ok(None),
        Some(slot) => match e.dbs[db].entry(slot).value {
            Value::Hash(_) => Ok(Some(slot)),
            _ => {
                out.error(WRONGTYPE);
                Err(())
            }
        },
    }
}

/// The hash in `slot` (known to be one).
fn hash_at(e: &mut Engine, db: usize, slot: u32) -> &mut Hash {
    match &mut e.dbs[db].entry_mut(slot).value {
        Value::Hash(h) => h,
        _ => unreachable!("slot holds a hash"),
    }
}

/// The slot of the hash at `key`, created empty when missing (`hashTypeLookupWriteOrCreate`
/// after the type check).
fn slot_or_create(e: &mut Engine, db: usize, key: &[u8], slot: Option<u32>) -> u32 {
    match slot {
        Some(s) => s,
        None => e.add_key(db, key, Value::Hash(Box::default())),
    }
}

/// Redis replies without a bound on a negative random count and runs out of memory on
/// huge ones; Spinel refuses a reply of more elements than an eighth of
/// `proto-max-bulk-len` (67M by default) with `ERR value is out of range`.
pub(crate) fn too_many_samples(e: &Engine, elements: u64) -> bool {
    elements > (e.config.int(opt::PROTO_MAX_BULK_LEN).max(0) as u64) / 8
}

// ----- HSET and friends ------------------------------------------------------------------

fn hset_generic(e: &mut Engine, ctx: &mut Ctx, name: &str, hmset: bool) {
    let argv = ctx.argv;
    if argv.len() % 2 == 1 {
        ctx.out.error(&alloc::format!(
            "ERR wrong number of arguments for '{}' command",
            name
        ));
        return;
    }
    let db = ctx.db(e);
    let Ok(slot) = write_slot(e, &mut ctx.out, db, argv[1]) else {
        return;
    };
    let lim = limits(e);
    let seed = e.rng.u64(..);
    let slot = slot_or_create(e, db, argv[1], slot);
    let h = hash_at(e, db, slot);
    let mut created = 0;
    for pair in argv[2..].chunks_exact(2) {
        if h.set(pair[0], pair[1], lim, seed) {
            created += 1;
        }
    }
    e.dirty += ((argv.len() - 2) / 2) as u64;
    e.modified(class::HASH, "hset", db, argv[1]);
    if hmset {
        ctx.out.ok();
    } else {
        ctx.out.int(created);
    }
}

/// HSET key field value [field value ...]: replies the number of new fields.
fn hset_command(e: &mut Engine, ctx: &mut Ctx) {
    hset_generic(e, ctx, "hset", false);
}

/// HMSET key field value [field value ...]: HSET replying OK.
fn hmset_command(e: &mut Engine, ctx: &mut Ctx) {
    hset_generic(e, ctx, "hmset", true);
}

/// HSETNX key field value
fn hsetnx_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let argv = ctx.argv;
    let Ok(slot) = write_slot(e, &mut ctx.out, db, argv[1]) else {
        return;
    };
    if let Some(s) = slot {
        if hash_at(e, db, s).contains(argv[2]) {
            ctx.out.int(0);
            return;
        }
    }
    let lim = limits(e);
    let seed = e.rng.u64(..);
    let slot = slot_or_create(e, db, argv[1], slot);
    hash_at(e, db, slot).set(argv[2], argv[3], lim, seed);
    e.dirty += 1;
    ctx.out.int(1);
    e.modified(class::HASH, "hset", db, argv[1]);
}

/// HDEL key field [field ...]: deletes the key when the last field goes.
fn hdel_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let argv = ctx.argv;
    let Ok(slot) = write_slot(e, &mut ctx.out, db, argv[1]) else {
        return;
    };
    let Some(slot) = slot else {
        ctx.out.int(0);
        return;
    };
    let h = hash_at(e, db, slot);
    let mut deleted = 0;
    let mut empty = false;
    for field in &argv[2..] {
        if h.remove(field) {
            deleted += 1;
            if h.is_empty() {
                empty = true;
                break;
            }
        }
    }
    if deleted > 0 {
        e.modified(class::HASH, "hdel", db, argv[1]);
    }
    if empty {
        e.dbs[db].remove_slot(slot);
        e.notify(class::GENERIC, "del", db, argv[1]);
    }
    e.dirty += deleted as u64;
    ctx.out.int(deleted);
}

// ----- reads -----------------------------------------------------------------------------

/// HGET key field
fn hget_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let Ok(h) = read_hash(e, &mut ctx.out, db, ctx.argv[1]) else {
        return;
    };
    match h.and_then(|h| h.get(ctx.argv[2])) {
        Some(v) => ctx.out.bulk(v),
        None => ctx.out.null(),
    }
}

/// HMGET key field [field ...]
fn hmget_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let Ok(h) = read_hash(e, &mut ctx.out, db, ctx.argv[1]) else {
        return;
    };
    let fields = &ctx.argv[2..];
    ctx.out.array(fields.len());
    for field in fields {
        match h.and_then(|h| h.get(field)) {
            Some(v) => ctx.out.bulk(v),
            None => ctx.out.null(),
        }
    }
}

/// HLEN key
fn hlen_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let Ok(h) = read_hash(e, &mut ctx.out, db, ctx.argv[1]) else {
        return;
    };
    ctx.out.int(h.map_or(0, |h| h.len()) as i64);
}

/// HSTRLEN key field
fn hstrlen_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let Ok(h) = read_hash(e, &mut ctx.out, db, ctx.argv[1]) else {
        return;
    };
    ctx.out
        .int(h.and_then(|h| h.get(ctx.argv[2])).map_or(0, |v| v.len()) as i64);
}

/// HEXISTS key field
fn hexists_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let Ok(h) = read_hash(e, &mut ctx.out, db, ctx.argv[1]) else {
        return;
    };
    ctx.out
        .int(h.is_some_and(|h| h.contains(ctx.argv[2])) as i64);
}

/// HGETALL / HKEYS / HVALS: a map of pairs (flat array in RESP2), or an array.
fn getall_generic(e: &mut Engine, ctx: &mut Ctx, keys: bool, values: bool) {
    let db = ctx.db(e);
    let Ok(h) = read_hash(e, &mut ctx.out, db, ctx.argv[1]) else {
        return;
    };
    let n = h.map_or(0, |h| h.len());
    if keys && values {
        ctx.out.map(n);
    } else {
        ctx.out.array(n);
    }
    let Some(h) = h else { return };
    for (k, v) in h.iter() {
        if keys {
            ctx.out.bulk(k);
        }
        if values {
            ctx.out.bulk(v);
        }
    }
}

/// HGETALL key
fn hgetall_command(e: &mut Engine, ctx: &mut Ctx) {
    getall_generic(e, ctx, true, true);
}

/// HKEYS key
fn hkeys_command(e: &mut Engine, ctx: &mut Ctx) {
    getall_generic(e, ctx, true, false);
}

/// HVALS key
fn hvals_command(e: &mut Engine, ctx: &mut Ctx) {
    getall_generic(e, ctx, false, true);
}

// ----- counters ----------------------------------------------------------------------------

/// HINCRBY key field increment
fn hincrby_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let argv = ctx.argv;
    let Some(incr) = arg_i64(&mut ctx.out, argv[3]) else {
        return;
    };
    let Ok(slot) = write_slot(e, &mut ctx.out, db, argv[1]) else {
        return;
    };
    let current = match slot.and_then(|s| hash_at(e, db, s).get(argv[2]).map(parse_i64)) {
        None => 0,
        Some(Some(v)) => v,
        Some(None) => {
            ctx.out.error("ERR hash value is not an integer");
            return;
        }
    };
    let Some(value) = current.checked_add(incr) else {
        ctx.out.error("ERR increment or decrement would overflow");
        return;
    };
    let lim = limits(e);
    let seed = e.rng.u64(..);
    let slot = slot_or_create(e, db, argv[1], slot);
    let mut b = itoa::Buffer::new();
    hash_at(e, db, slot).set(argv[2], b.format(value).as_bytes(), lim, seed);
    e.dirty += 1;
    ctx.out.int(value);
    e.modified(class::HASH, "hincrby", db, argv[1]);
}

/// HINCRBYFLOAT key field increment: long double arithmetic, propagated as HSET.
fn hincrbyfloat_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let argv = ctx.argv;
    let Some(incr) = parse_long_double(argv[3]) else {
        ctx.out.error("ERR value is not a valid float");
        return;
    };
    if !incr.is_finite() {
        ctx.out.error("ERR value is NaN or Infinity");
        return;
    }
    let Ok(slot) = write_slot(e, &mut ctx.out, db, argv[1]) else {
        return;
    };
    let current = match slot.and_then(|s| hash_at(e, db, s).get(argv[2]).map(parse_long_double)) {
        None => crate::ldouble::LongDouble::ZERO,
        Some(Some(v)) => v,
        Some(None) => {
            ctx.out.error("ERR hash value is not a float");
            return;
        }
    };
    let Some(sum) = current.add(&incr) else {
        ctx.out.error("ERR increment would produce NaN or Infinity");
        return;
    };
    let text = sum.format_human();
    let lim = limits(e);
    let seed = e.rng.u64(..);
    let slot = slot_or_create(e, db, argv[1], slot);
    hash_at(e, db, slot).set(argv[2], text.as_bytes(), lim, seed);
    e.dirty += 1;
    ctx.out.bulk(text.as_bytes());
    e.modified(class::HASH, "hincrbyfloat", db, argv[1]);
    e.propagate(db, &[b"HSET", argv[1], argv[2], text.as_bytes()]);
    ctx.propagated = true;
}

// ----- HRANDFIELD --------------------------------------------------------------------------

/// HRANDFIELD key [count [WITHVALUES]]
fn hrandfield_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let argv = ctx.argv;
    if argv.len() >= 3 {
        let Some(count) = arg_i64(&mut ctx.out, argv[2]) else {
            return;
        };
        if count == i64::MIN {
            ctx.out.error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
            return;
        }
        if argv.len() > 4 || (argv.len() == 4 && !opt_eq(argv[3], "withvalues")) {
            ctx.out.error(SYNTAX);
            return;
        }
        let withvalues = argv.len() == 4;
        if withvalues && !(-(i64::MAX / 2)..=i64::MAX / 2).contains(&count) {
            ctx.out.error("ERR value is out of range");
            return;
        }
        hrandfield_with_count(e, ctx, db, count, withvalues);
        return;
    }
    let Some(slot) = e.lookup_read_slot(db, argv[1]) else {
        ctx.out.null();
        return;
    };
    let Value::Hash(h) = &e.dbs[db].entry(slot).value else {
        ctx.out.error(WRONGTYPE);
        return;
    };
    match h.random(&mut e.rng) {
        Some((k, _)) => ctx.out.bulk(k),
        None => ctx.out.null(),
    }
}

fn hrandfield_with_count(e: &mut Engine, ctx: &mut Ctx, db: usize, count: i64, withvalues: bool) {
    let Some(slot) = e.lookup_read_slot(db, ctx.argv[1]) else {
        ctx.out.array(0);
        return;
    };
    if !matches!(e.dbs[db].entry(slot).value, Value::Hash(_)) {
        ctx.out.error(WRONGTYPE);
        return;
    }
    if count == 0 {
        ctx.out.array(0);
        return;
    }
    let n = count.unsigned_abs();
    if count < 0 && too_many_samples(e, n * (1 + withvalues as u64)) {
        ctx.out.error("ERR value is out of range");
        return;
    }
    let Value::Hash(h) = &e.dbs[db].entry(slot).value else {
        unreachable!()
    };
    let resp3 = ctx.out.is_resp3();
    let out = &mut ctx.out;
    let header = |out: &mut Reply, n: usize| {
        if withvalues && !resp3 {
            out.array(n * 2);
        } else {
            out.array(n);
        }
    };
    let pair = |out: &mut Reply, k: &[u8], v: &[u8]| {
        if withvalues && resp3 {
            out.array(2);
        }
        out.bulk(k);
        if withvalues {
            out.bulk(v);
        }
    };
    let size = h.len();
    if count < 0 || n == 1 {
        // With repetitions (and the single-pick case): independent random picks.
        header(out, n as usize);
        if h.is_listpack() {
            let all: Vec<(&[u8], &[u8])> = h.iter().collect();
            for _ in 0..n {
                let (k, v) = all[e.rng.usize(0..all.len())];
                pair(out, k, v);
            }
        } else {
            for _ in 0..n {
                let (k, v) = h.random(&mut e.rng).expect("non-empty");
                pair(out, k, v);
            }
        }
        return;
    }
    if n as usize >= size {
        header(out, size);
        for (k, v) in h.iter() {
            pair(out, k, v);
        }
        return;
    }
    let picked = h.sample_distinct(n as usize, &mut e.rng);
    header(out, picked.len());
    for (k, v) in picked {
        pair(out, k, v);
    }
}

// ----- HSCAN -------------------------------------------------------------------------------

/// Options of SSCAN/HSCAN (Redis's `scanGenericCommand` for a key): COUNT and MATCH, each
/// any number of times, the last one winning. `None` after replying an error.
pub(crate) fn scan_options<'a>(
    out: &mut Reply,
    argv: &[&'a [u8]],
    from: usize,
) -> Option<(usize, Option<&'a [u8]>)> {
    let mut count: i64 = 10;
    let mut pattern = None;
    let mut i = from;
    while i < argv.len() {
        let left = argv.len() - i;
        if opt_eq(argv[i], "count") && left >= 2 {
            count = arg_i64(out, argv[i + 1])?;
            if count < 1 {
                out.error(SYNTAX);
                return None;
            }
        } else if opt_eq(argv[i], "match") && left >= 2 {
            let p = argv[i + 1];
            pattern = if p == b"*" { None } else { Some(p) };
        } else {
            out.error(SYNTAX);
            return None;
        }
        i += 2;
    }
    Some((usize::try_from(count).unwrap_or(usize::MAX), pattern))
}

/// HSCAN key cursor [MATCH pattern] [COUNT count]
fn hscan_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let argv = ctx.argv;
    let Some(cursor) = parse_scan_cursor(argv[2]) else {
        ctx.out.error("ERR invalid cursor");
        return;
    };
    let Ok(h) = read_hash(e, &mut ctx.out, db, argv[1]) else {
        return;
    };
    let Some(h) = h else {
        ctx.out.array(2);
        ctx.out.bulk(b"0");
        ctx.out.array(0);
        return;
    };
    let Some((count, pattern)) = scan_options(&mut ctx.out, argv, 3) else {
        return;
    };
    let mut found: Vec<(&[u8], &[u8])> = Vec::new();
    let next = h.scan(cursor, count, |k, v| {
        if pattern.is_none_or(|p| glob_match(p, k, false)) {
            found.push((k, v));
        }
    });
    ctx.out.array(2);
    let mut b = itoa::Buffer::new();
    ctx.out.bulk(b.format(next).as_bytes());
    ctx.out.array(found.len() * 2);
    for (k, v) in found {
        ctx.out.bulk(k);
        ctx.out.bulk(v);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    //! Expected replies are the bytes redis-server 7.0.15 sent for the same commands
    //! (captured over a raw socket, RESP2 unless a `RESP3` step switches protocol).
    use super::*;
    use crate::client::{ClientId, ConnInfo};
    use crate::config::Config;
    use crate::engine::HostInfo;
    use crate::resp::writer::Protocol;
    use alloc::format;
    use alloc::string::String;
    use alloc::vec;

    const T0: u64 = 1_700_000_000_000_000;

    /// One engine and one client, for the hash and set command tests.
    pub(crate) struct T {
        pub e: Engine,
        pub c: ClientId,
    }

    impl T {
        pub fn new() -> T {
            let mut e = Engine::new(Config::default(), HostInfo::default(), 1, T0);
            let c = e.connect(ConnInfo::default(), T0);
            T { e, c }
        }

        pub fn bytes(&mut self, args: &[&[u8]]) -> Vec<u8> {
            let mut out = Vec::new();
            self.e.execute(self.c, args, T0, &mut out);
            out
        }

        /// Runs a command given as space-separated words; the reply as text.
        pub fn run(&mut self, line: &str) -> String {
            let args: Vec<&[u8]> = line.split(' ').map(str::as_bytes).collect();
            String::from_utf8(self.bytes(&args)).unwrap()
        }

        pub fn proto(&mut self, p: Protocol) {
            self.e.client_mut(self.c).unwrap().proto = p;
        }

        /// Runs (command, expected reply) steps; `RESP2`/`RESP3` switch the protocol and
        /// `{NAME}` placeholders are replaced from `subst` in both columns.
        pub fn script_with(&mut self, steps: &[(&str, &str)], subst: &[(&str, &str)]) {
            for (cmd, want) in steps {
                match *cmd {
                    "RESP2" => self.proto(Protocol::Resp2),
                    "RESP3" => self.proto(Protocol::Resp3),
                    _ => {
                        let (mut cmd, mut want) = (String::from(*cmd), String::from(*want));
                        for (k, v) in subst {
                            cmd = cmd.replace(k, v);
                            want = want.replace(k, v);
                        }
                        assert_eq!(self.run(&cmd), want, "{}", cmd);
                    }
                }
            }
        }

        pub fn script(&mut self, steps: &[(&str, &str)]) {
            self.script_with(steps, &[]);
        }

        pub fn encoding(&self, key: &str) -> &'static str {
            self.e.db(0).get(key.as_bytes()).unwrap().value.encoding()
        }

        /// The change stream so far, one command per line, arguments space-separated.
        pub fn changes(&mut self) -> String {
            let mut buf = Vec::new();
            self.e.take_changes(&mut buf);
            let mut out = String::new();
            let mut i = 0;
            let num = |buf: &[u8], i: &mut usize| -> usize {
                let end = *i + buf[*i..].windows(2).position(|w| w == b"\r\n").unwrap();
                let n = core::str::from_utf8(&buf[*i + 1..end])
                    .unwrap()
                    .parse()
                    .unwrap();
                *i = end + 2;
                n
            };
            while i < buf.len() {
                let n = num(&buf, &mut i);
                let mut args = Vec::new();
                for _ in 0..n {
                    let len = num(&buf, &mut i);
                    args.push(String::from_utf8_lossy(&buf[i..i + len]).into_owned());
                    i += len + 2;
                }
                out += &args.join(" ");
                out.push('\n');
            }
            out
        }

        /// Runs `line` and returns the change in `dirty`.
        pub fn dirty(&mut self, line: &str) -> u64 {
            let before = self.e.dirty;
            self.run(line);
            self.e.dirty - before
        }
    }

    /// COMMAND INFO of each command, as Redis 7.0.15 sent it in RESP3.
    pub(crate) fn check_command_info(rows: &[(&str, &[u8])]) {
        let mut t = T::new();
        t.proto(Protocol::Resp3);
        for (name, want) in rows {
            let got = t.bytes(&[b"COMMAND", b"INFO", name.as_bytes()]);
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(want),
                "COMMAND INFO {name}"
            );
        }
    }

    #[test]
    fn basic_commands_match_redis() {
        T::new().script(&[
            ("FLUSHALL", "+OK\r\n"),
            ("HSET h", "-ERR wrong number of arguments for 'hset' command\r\n"),
            ("HSET h f", "-ERR wrong number of arguments for 'hset' command\r\n"),
            ("HSET h f v f2", "-ERR wrong number of arguments for 'hset' command\r\n"),
            ("HMSET h f v f2", "-ERR wrong number of arguments for 'hmset' command\r\n"),
            ("HSET h f v f2 v2", ":2\r\n"),
            ("HSET h f v2 f3 v3 f v4", ":1\r\n"),
            ("HGETALL h", "*6\r\n$1\r\nf\r\n$2\r\nv4\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\nf3\r\n$2\r\nv3\r\n"),
            ("HMSET h a 1", "+OK\r\n"),
            ("HSETNX h a 2", ":0\r\n"),
            ("HSETNX h n 2", ":1\r\n"),
            ("HGET h a", "$1\r\n1\r\n"),
            ("HGET h zz", "$-1\r\n"),
            ("HGET nokey a", "$-1\r\n"),
            ("HMGET h a zz n", "*3\r\n$1\r\n1\r\n$-1\r\n$1\r\n2\r\n"),
            ("HMGET nokey a b", "*2\r\n$-1\r\n$-1\r\n"),
            ("HLEN h", ":5\r\n"),
            ("HLEN nokey", ":0\r\n"),
            ("HSTRLEN h f", ":2\r\n"),
            ("HSTRLEN h zz", ":0\r\n"),
            ("HSTRLEN nokey zz", ":0\r\n"),
            ("HEXISTS h a", ":1\r\n"),
            ("HEXISTS h q", ":0\r\n"),
            ("HEXISTS nokey q", ":0\r\n"),
            ("HKEYS h", "*5\r\n$1\r\nf\r\n$2\r\nf2\r\n$2\r\nf3\r\n$1\r\na\r\n$1\r\nn\r\n"),
            ("HVALS h", "*5\r\n$2\r\nv4\r\n$2\r\nv2\r\n$2\r\nv3\r\n$1\r\n1\r\n$1\r\n2\r\n"),
            ("HGETALL h", "*10\r\n$1\r\nf\r\n$2\r\nv4\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\nf3\r\n$2\r\nv3\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nn\r\n$1\r\n2\r\n"),
            ("HGETALL nokey", "*0\r\n"),
            ("HKEYS nokey", "*0\r\n"),
            ("HVALS nokey", "*0\r\n"),
            ("HDEL h a zz a", ":1\r\n"),
            ("HDEL nokey a", ":0\r\n"),
            ("HGETALL h", "*8\r\n$1\r\nf\r\n$2\r\nv4\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\nf3\r\n$2\r\nv3\r\n$1\r\nn\r\n$1\r\n2\r\n"),
            ("HDEL h f f2 f3 n zz", ":4\r\n"),
            ("EXISTS h", ":0\r\n"),
            ("HSETNX new f v", ":1\r\n"),
            ("HGETALL new", "*2\r\n$1\r\nf\r\n$1\r\nv\r\n"),
            ("HSET x 1 1", ":1\r\n"),
            ("HINCRBY x 1 1", ":2\r\n"),
            ("HGETALL x", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n"),
            ("RESP3", ""),
            ("HSET h f v f2 v2", ":2\r\n"),
            ("HGETALL h", "%2\r\n$1\r\nf\r\n$1\r\nv\r\n$2\r\nf2\r\n$2\r\nv2\r\n"),
            ("HGETALL nokey", "%0\r\n"),
            ("HKEYS h", "*2\r\n$1\r\nf\r\n$2\r\nf2\r\n"),
            ("HKEYS nokey", "*0\r\n"),
            ("HVALS h", "*2\r\n$1\r\nv\r\n$2\r\nv2\r\n"),
            ("HMGET h f x", "*2\r\n$1\r\nv\r\n_\r\n"),
            ("HMGET nokey x", "*1\r\n_\r\n"),
            ("HGET h x", "_\r\n"),
            ("HGET h f", "$1\r\nv\r\n"),
            ("HLEN h", ":2\r\n"),
            ("HEXISTS h f", ":1\r\n"),
            ("HSTRLEN h f2", ":2\r\n"),
            ("RESP2", ""),
        ]);
    }

    #[test]
    fn wrong_type_is_refused_by_every_command() {
        T::new().script(&[
            ("FLUSHALL", "+OK\r\n"),
            ("SET s x", "+OK\r\n"),
            (
                "HSET s a b",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "HMSET s a b",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "HSETNX s a b",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "HGET s a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "HMGET s a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "HLEN s",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "HSTRLEN s a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "HEXISTS s a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "HKEYS s",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "HVALS s",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "HGETALL s",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "HDEL s a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "HINCRBY s a 1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "HINCRBY s a x",
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                "HINCRBYFLOAT s a 1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            ("HINCRBYFLOAT s a x", "-ERR value is not a valid float\r\n"),
            ("HINCRBYFLOAT s a inf", "-ERR value is NaN or Infinity\r\n"),
            (
                "HRANDFIELD s",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "HRANDFIELD s 0",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "HRANDFIELD s 1 withvalues",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "HRANDFIELD s x",
                "-ERR value is not an integer or out of range\r\n",
            ),
            ("HRANDFIELD s 1 foo", "-ERR syntax error\r\n"),
            (
                "HSCAN s 0",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            ("HSCAN s x", "-ERR invalid cursor\r\n"),
            (
                "HSCAN s 0 count 0",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            ("GET s", "$1\r\nx\r\n"),
        ]);
    }

    #[test]
    fn counters_match_redis() {
        T::new().script(&[
            ("FLUSHALL", "+OK\r\n"),
            ("HINCRBY h f 5", ":5\r\n"),
            ("HINCRBY h f -3", ":2\r\n"),
            ("HINCRBY h f x", "-ERR value is not an integer or out of range\r\n"),
            ("HINCRBY h f 1.5", "-ERR value is not an integer or out of range\r\n"),
            ("HINCRBY h f 05", "-ERR value is not an integer or out of range\r\n"),
            ("HSET h s abc", ":1\r\n"),
            ("HINCRBY h s 1", "-ERR hash value is not an integer\r\n"),
            ("HSET h big 9223372036854775807", ":1\r\n"),
            ("HINCRBY h big 1", "-ERR increment or decrement would overflow\r\n"),
            ("HINCRBY h big 0", ":9223372036854775807\r\n"),
            ("HINCRBY h big -9223372036854775808", ":-1\r\n"),
            ("HSET h neg -9223372036854775808", ":1\r\n"),
            ("HINCRBY h neg -1", "-ERR increment or decrement would overflow\r\n"),
            ("HINCRBY h neg 9223372036854775807", ":-1\r\n"),
            ("HSET h z 05", ":1\r\n"),
            ("HINCRBY h z 1", "-ERR hash value is not an integer\r\n"),
            ("HSET h sp +5", ":1\r\n"),
            ("HINCRBY h sp 1", "-ERR hash value is not an integer\r\n"),
            ("HINCRBY nokey f x", "-ERR value is not an integer or out of range\r\n"),
            ("EXISTS nokey", ":0\r\n"),
            ("HINCRBY h f 9223372036854775808", "-ERR value is not an integer or out of range\r\n"),
            ("HINCRBYFLOAT h f 1.5", "$3\r\n3.5\r\n"),
            ("HINCRBYFLOAT h f x", "-ERR value is not a valid float\r\n"),
            ("HINCRBYFLOAT h s 1", "-ERR hash value is not a float\r\n"),
            ("HINCRBYFLOAT h f inf", "-ERR value is NaN or Infinity\r\n"),
            ("HINCRBYFLOAT h f -inf", "-ERR value is NaN or Infinity\r\n"),
            ("HINCRBYFLOAT h f nan", "-ERR value is not a valid float\r\n"),
            ("HINCRBYFLOAT nk f inf", "-ERR value is NaN or Infinity\r\n"),
            ("EXISTS nk", ":0\r\n"),
            ("HSET h huge 1e4932", ":1\r\n"),
            ("HINCRBYFLOAT h huge 1e4932", "-ERR increment would produce NaN or Infinity\r\n"),
            ("HINCRBYFLOAT h n 0.1", "$3\r\n0.1\r\n"),
            ("HINCRBYFLOAT h n 0.2", "$3\r\n0.3\r\n"),
            ("HINCRBYFLOAT h int 10", "$2\r\n10\r\n"),
            ("HGET h int", "$2\r\n10\r\n"),
            ("HINCRBYFLOAT h z 1", "$1\r\n6\r\n"),
            ("HINCRBYFLOAT h sp 1", "$1\r\n6\r\n"),
            ("HINCRBYFLOAT h hex 0x10", "$2\r\n16\r\n"),
            ("HINCRBYFLOAT h hex 1e-20", "$2\r\n16\r\n"),
            ("HINCRBYFLOAT h e2 1e5000", "-ERR value is not a valid float\r\n"),
            ("HINCRBYFLOAT h big 1", "$1\r\n0\r\n"),
            ("HINCRBYFLOAT h neg -0.5", "$4\r\n-1.5\r\n"),
            ("HSET h w 5.0e3", ":1\r\n"),
            ("HINCRBYFLOAT h w 10.5", "$6\r\n5010.5\r\n"),
            ("HINCRBY h w 1", "-ERR hash value is not an integer\r\n"),
            ("HINCRBYFLOAT h f 5.0e3", "$6\r\n5003.5\r\n"),
            ("HINCRBY h f 1", "-ERR hash value is not an integer\r\n"),
            ("HGETALL h", "*22\r\n$1\r\nf\r\n$6\r\n5003.5\r\n$1\r\ns\r\n$3\r\nabc\r\n$3\r\nbig\r\n$1\r\n0\r\n$3\r\nneg\r\n$4\r\n-1.5\r\n$1\r\nz\r\n$1\r\n6\r\n$2\r\nsp\r\n$1\r\n6\r\n$4\r\nhuge\r\n$6\r\n1e4932\r\n$1\r\nn\r\n$3\r\n0.3\r\n$3\r\nint\r\n$2\r\n10\r\n$3\r\nhex\r\n$2\r\n16\r\n$1\r\nw\r\n$6\r\n5010.5\r\n"),
            ("RESP3", ""),
            ("HINCRBYFLOAT h f 1", "$6\r\n5004.5\r\n"),
            ("HINCRBY h f 1", "-ERR hash value is not an integer\r\n"),
            ("RESP2", ""),
        ]);
    }

    #[test]
    fn hrandfield_arguments_and_whole_hash_replies() {
        T::new().script(&[
            ("FLUSHALL", "+OK\r\n"),
            ("HSET h f v f2 v2 f3 v3", ":3\r\n"),
            ("HRANDFIELD h x", "-ERR value is not an integer or out of range\r\n"),
            ("HRANDFIELD h 1 withvalue", "-ERR syntax error\r\n"),
            ("HRANDFIELD h 1 withvalues x", "-ERR syntax error\r\n"),
            ("HRANDFIELD h 1.5", "-ERR value is not an integer or out of range\r\n"),
            ("HRANDFIELD h 05", "-ERR value is not an integer or out of range\r\n"),
            ("HRANDFIELD h -9223372036854775808", "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n"),
            ("HRANDFIELD h -9223372036854775808 withvalues", "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n"),
            ("HRANDFIELD h 9223372036854775807 withvalues", "-ERR value is out of range\r\n"),
            ("HRANDFIELD h 4611686018427387904 withvalues", "-ERR value is out of range\r\n"),
            ("HRANDFIELD h -4611686018427387904 withvalues", "-ERR value is out of range\r\n"),
            ("HRANDFIELD h 4611686018427387903 withvalues", "*6\r\n$1\r\nf\r\n$1\r\nv\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\nf3\r\n$2\r\nv3\r\n"),
            ("HRANDFIELD h -4611686018427387903 foo", "-ERR syntax error\r\n"),
            ("HRANDFIELD h 9223372036854775807", "*3\r\n$1\r\nf\r\n$2\r\nf2\r\n$2\r\nf3\r\n"),
            ("HRANDFIELD h 3", "*3\r\n$1\r\nf\r\n$2\r\nf2\r\n$2\r\nf3\r\n"),
            ("HRANDFIELD h 4 WITHVALUES", "*6\r\n$1\r\nf\r\n$1\r\nv\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\nf3\r\n$2\r\nv3\r\n"),
            ("HRANDFIELD h 0", "*0\r\n"),
            ("HRANDFIELD h 0 withvalues", "*0\r\n"),
            ("HRANDFIELD nokey", "$-1\r\n"),
            ("HRANDFIELD nokey 5", "*0\r\n"),
            ("HRANDFIELD nokey -5 withvalues", "*0\r\n"),
            ("HRANDFIELD nokey 0", "*0\r\n"),
            ("HRANDFIELD nokey x", "-ERR value is not an integer or out of range\r\n"),
            ("HRANDFIELD nokey 1 foo", "-ERR syntax error\r\n"),
            ("HSET one a 1", ":1\r\n"),
            ("HRANDFIELD one", "$1\r\na\r\n"),
            ("HRANDFIELD one -3", "*3\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n"),
            ("HRANDFIELD one -2 withvalues", "*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n1\r\n"),
            ("HRANDFIELD one 1 withvalues", "*2\r\n$1\r\na\r\n$1\r\n1\r\n"),
            ("RESP3", ""),
            ("HRANDFIELD h 5 withvalues", "*3\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n*2\r\n$2\r\nf2\r\n$2\r\nv2\r\n*2\r\n$2\r\nf3\r\n$2\r\nv3\r\n"),
            ("HRANDFIELD one -2 withvalues", "*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n"),
            ("HRANDFIELD one 1 withvalues", "*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n"),
            ("HRANDFIELD one -2", "*2\r\n$1\r\na\r\n$1\r\na\r\n"),
            ("HRANDFIELD h 0 withvalues", "*0\r\n"),
            ("HRANDFIELD nokey", "_\r\n"),
            ("HRANDFIELD nokey 1", "*0\r\n"),
            ("HRANDFIELD nokey 1 withvalues", "*0\r\n"),
            ("RESP2", ""),
        ]);
    }

    #[test]
    fn hscan_options_and_compact_hashes() {
        T::new().script(&[
            ("FLUSHALL", "+OK\r\n"),
            ("HSET h a 1 b 2 ab 3", ":3\r\n"),
            ("HSCAN h 0 match a*", "*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$2\r\nab\r\n$1\r\n3\r\n"),
            ("HSCAN h 0 count 0", "-ERR syntax error\r\n"),
            ("HSCAN h 0 count -1", "-ERR syntax error\r\n"),
            ("HSCAN h 0 count x", "-ERR value is not an integer or out of range\r\n"),
            ("HSCAN h 0 count", "-ERR syntax error\r\n"),
            ("HSCAN h 0 match", "-ERR syntax error\r\n"),
            ("HSCAN h 0 type string", "-ERR syntax error\r\n"),
            ("HSCAN h 0 foo", "-ERR syntax error\r\n"),
            ("HSCAN h 0 match a* foo", "-ERR syntax error\r\n"),
            ("HSCAN h 5", "*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$2\r\nab\r\n$1\r\n3\r\n"),
            ("HSCAN h -1", "*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$2\r\nab\r\n$1\r\n3\r\n"),
            ("HSCAN h x", "-ERR invalid cursor\r\n"),
            ("HSCAN h +5", "*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$2\r\nab\r\n$1\r\n3\r\n"),
            ("HSCAN h 18446744073709551615", "*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$2\r\nab\r\n$1\r\n3\r\n"),
            ("HSCAN h 18446744073709551616", "-ERR invalid cursor\r\n"),
            ("HSCAN h 0 MATCH * COUNT 1", "*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$2\r\nab\r\n$1\r\n3\r\n"),
            ("HSCAN h 0 match b count 1 match a", "*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n"),
            ("HSCAN h 0 match ?", "*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n"),
            ("HSCAN nokey 0", "*2\r\n$1\r\n0\r\n*0\r\n"),
            ("HSCAN nokey x", "-ERR invalid cursor\r\n"),
            ("HSCAN nokey 0 count 0", "*2\r\n$1\r\n0\r\n*0\r\n"),
            ("HSCAN nokey 0 foo", "*2\r\n$1\r\n0\r\n*0\r\n"),
            ("RESP3", ""),
            ("HSCAN h 0", "*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$2\r\nab\r\n$1\r\n3\r\n"),
            ("HSCAN nokey 0", "*2\r\n$1\r\n0\r\n*0\r\n"),
            ("RESP2", ""),
        ]);
    }

    #[test]
    fn encodings_convert_like_redis() {
        let (f64, f65) = ("a".repeat(64), "a".repeat(65));
        T::new().script_with(
            &[
                ("FLUSHALL", "+OK\r\n"),
                ("HSET h {F64} {F64}", ":1\r\n"),
                ("OBJECT ENCODING h", "$8\r\nlistpack\r\n"),
                ("HSET h x {F65}", ":1\r\n"),
                ("OBJECT ENCODING h", "$9\r\nhashtable\r\n"),
                ("HDEL h x", ":1\r\n"),
                ("OBJECT ENCODING h", "$9\r\nhashtable\r\n"),
                ("HSET h2 a 1", ":1\r\n"),
                ("HINCRBY h2 {F65} 1", ":1\r\n"),
                ("OBJECT ENCODING h2", "$9\r\nhashtable\r\n"),
                ("HSET h3 a 1", ":1\r\n"),
                ("HINCRBYFLOAT h3 {F65} 1", "$1\r\n1\r\n"),
                ("OBJECT ENCODING h3", "$9\r\nhashtable\r\n"),
                ("HSET h4 a 1", ":1\r\n"),
                ("HSETNX h4 {F65} 1", ":1\r\n"),
                ("OBJECT ENCODING h4", "$9\r\nhashtable\r\n"),
                ("HSET h5 a 1", ":1\r\n"),
                ("HSETNX h5 a {F65}", ":0\r\n"),
                ("OBJECT ENCODING h5", "$8\r\nlistpack\r\n"),
                ("HSET h6 a 1", ":1\r\n"),
                ("HSET h6 a 1 {F65} 1", ":1\r\n"),
                ("OBJECT ENCODING h6", "$9\r\nhashtable\r\n"),
                ("HMGET h6 a", "*1\r\n$1\r\n1\r\n"),
                ("HSET h7 a 1", ":1\r\n"),
                ("HINCRBYFLOAT h7 f 1e70", "$71\r\n10000000000000000000222479489586148259025995410601157579323600873193472\r\n"),
                ("OBJECT ENCODING h7", "$9\r\nhashtable\r\n"),
                ("CONFIG SET hash-max-listpack-value 0", "+OK\r\n"),
                ("HSET h8 a 1", ":1\r\n"),
                ("OBJECT ENCODING h8", "$9\r\nhashtable\r\n"),
                ("CONFIG SET hash-max-listpack-value 64", "+OK\r\n"),
                ("CONFIG SET hash-max-listpack-entries 0", "+OK\r\n"),
                ("HSET h9 a 1", ":1\r\n"),
                ("OBJECT ENCODING h9", "$9\r\nhashtable\r\n"),
                ("CONFIG SET hash-max-listpack-entries 2", "+OK\r\n"),
                ("HSET h10 a 1 b 2", ":2\r\n"),
                ("OBJECT ENCODING h10", "$8\r\nlistpack\r\n"),
                ("HSET h11 a 1 b 2 c 3", ":3\r\n"),
                ("OBJECT ENCODING h11", "$9\r\nhashtable\r\n"),
                ("HDEL h11 c b", ":2\r\n"),
                ("OBJECT ENCODING h11", "$9\r\nhashtable\r\n"),
                ("HSET h12 a 1 b 2", ":2\r\n"),
                ("HINCRBY h12 c 1", ":1\r\n"),
                ("OBJECT ENCODING h12", "$9\r\nhashtable\r\n"),
                ("CONFIG SET hash-max-listpack-entries 128", "+OK\r\n"),
                ("HSET g a 1 b 2 c 3", ":3\r\n"),
                ("CONFIG SET hash-max-listpack-entries 2", "+OK\r\n"),
                ("HSETNX g a 1", ":0\r\n"),
                ("OBJECT ENCODING g", "$8\r\nlistpack\r\n"),
                ("HSET g a 1", ":0\r\n"),
                ("OBJECT ENCODING g", "$9\r\nhashtable\r\n"),
                ("CONFIG SET hash-max-listpack-entries 128", "+OK\r\n"),
                ("CONFIG SET hash-max-listpack-value 1", "+OK\r\n"),
                ("HSET k a 1", ":1\r\n"),
                ("HINCRBY k a 100", ":101\r\n"),
                ("OBJECT ENCODING k", "$9\r\nhashtable\r\n"),
                ("CONFIG SET hash-max-listpack-value 64", "+OK\r\n"),
            ],
            &[("{F64}", &f64), ("{F65}", &f65)],
        );
    }

    #[test]
    fn command_info_matches_redis() {
        assert_eq!(COMMANDS.len(), 16);
        check_command_info(&[
        ("hdel", b"*1\r\n*10\r\n$4\r\nhdel\r\n:-3\r\n~2\r\n+write\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@hash\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+delete\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("hexists", b"*1\r\n*10\r\n$7\r\nhexists\r\n:3\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@hash\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~1\r\n+RO\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("hget", b"*1\r\n*10\r\n$4\r\nhget\r\n:3\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@hash\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("hgetall", b"*1\r\n*10\r\n$7\r\nhgetall\r\n:2\r\n~1\r\n+readonly\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@hash\r\n+@slow\r\n~1\r\n$29\r\nnondeterministic_output_order\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("hincrby", b"*1\r\n*10\r\n$7\r\nhincrby\r\n:4\r\n~3\r\n+write\r\n+denyoom\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@hash\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+update\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("hincrbyfloat", b"*1\r\n*10\r\n$12\r\nhincrbyfloat\r\n:4\r\n~3\r\n+write\r\n+denyoom\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@hash\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+update\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("hkeys", b"*1\r\n*10\r\n$5\r\nhkeys\r\n:2\r\n~1\r\n+readonly\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@hash\r\n+@slow\r\n~1\r\n$29\r\nnondeterministic_output_order\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("hlen", b"*1\r\n*10\r\n$4\r\nhlen\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@hash\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~1\r\n+RO\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("hmget", b"*1\r\n*10\r\n$5\r\nhmget\r\n:-3\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@hash\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("hmset", b"*1\r\n*10\r\n$5\r\nhmset\r\n:-4\r\n~3\r\n+write\r\n+denyoom\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@hash\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+update\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("hrandfield", b"*1\r\n*10\r\n$10\r\nhrandfield\r\n:-2\r\n~1\r\n+readonly\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@hash\r\n+@slow\r\n~1\r\n$23\r\nnondeterministic_output\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("hscan", b"*1\r\n*10\r\n$5\r\nhscan\r\n:-3\r\n~1\r\n+readonly\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@hash\r\n+@slow\r\n~1\r\n$23\r\nnondeterministic_output\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("hset", b"*1\r\n*10\r\n$4\r\nhset\r\n:-4\r\n~3\r\n+write\r\n+denyoom\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@hash\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+update\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("hsetnx", b"*1\r\n*10\r\n$6\r\nhsetnx\r\n:4\r\n~3\r\n+write\r\n+denyoom\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@write\r\n+@hash\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("hstrlen", b"*1\r\n*10\r\n$7\r\nhstrlen\r\n:3\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@hash\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~1\r\n+RO\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),

        ("hvals", b"*1\r\n*10\r\n$5\r\nhvals\r\n:2\r\n~1\r\n+readonly\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@hash\r\n+@slow\r\n~1\r\n$29\r\nnondeterministic_output_order\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"),
        ]);
    }

    #[test]
    fn binary_and_empty_fields_and_values() {
        let mut t = T::new();
        assert_eq!(
            t.bytes(&[b"HSET", b"h", b"", b"", b"\r\n", b"\x00\xff"]),
            b":2\r\n"
        );
        assert_eq!(t.bytes(&[b"HGET", b"h", b""]), b"$0\r\n\r\n");
        assert_eq!(t.bytes(&[b"HSTRLEN", b"h", b"\r\n"]), b":2\r\n");
        assert_eq!(
            t.bytes(&[b"HGETALL", b"h"]),
            b"*4\r\n$0\r\n\r\n$0\r\n\r\n$2\r\n\r\n\r\n$2\r\n\x00\xff\r\n"
        );
        // An empty MATCH pattern only matches the empty field.
        assert_eq!(
            t.bytes(&[b"HSCAN", b"h", b"0", b"MATCH", b""]),
            b"*2\r\n$1\r\n0\r\n*2\r\n$0\r\n\r\n$0\r\n\r\n"
        );
        // Option names end at a NUL byte, as C reads them.
        let reply = t.bytes(&[b"HRANDFIELD", b"h", b"1", b"withvalues\x00x"]);
        assert!(reply.starts_with(b"*2\r\n"));
        assert_eq!(
            t.bytes(&[b"HSCAN", b"h", b"0", b"count\x00x", b"5"]),
            t.bytes(&[b"HSCAN", b"h", b"0"])
        );
        // A cursor is read up to a NUL byte; an empty cursor is 0; a leading space is invalid.
        assert_eq!(
            t.bytes(&[b"HSCAN", b"h", b"5\x00x"]),
            t.bytes(&[b"HSCAN", b"h", b"0"])
        );
        assert_eq!(
            t.bytes(&[b"HSCAN", b"h", b""]),
            t.bytes(&[b"HSCAN", b"h", b"0"])
        );
        assert_eq!(
            t.bytes(&[b"HSCAN", b"h", b" 5"]),
            b"-ERR invalid cursor\r\n"
        );
        // Long values (varint lengths over one byte) in a listpack.
        t.run("CONFIG SET hash-max-listpack-value 100000");
        let big = vec![b'x'; 70000];
        assert_eq!(
            t.bytes(&[b"HSET", b"big", b"a", &big, b"b", b"2"]),
            b":2\r\n"
        );
        assert_eq!(t.encoding("big"), "listpack");
        assert_eq!(t.run("HSTRLEN big a"), ":70000\r\n");
        assert_eq!(t.run("HSET big a 1"), ":0\r\n");
        assert_eq!(
            t.run("HGETALL big"),
            "*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n"
        );
        assert_eq!(t.bytes(&[b"HSET", b"big", b"b", &big]), b":0\r\n");
        assert_eq!(t.run("HSTRLEN big b"), ":70000\r\n");
        assert_eq!(t.run("HDEL big a"), ":1\r\n");
        assert_eq!(t.run("HKEYS big"), "*1\r\n$1\r\nb\r\n");
    }

    #[test]
    fn dirty_and_propagation_follow_redis() {
        let mut t = T::new();
        t.e.set_change_stream(true);
        // (command, dirty delta) as rdb_changes_since_last_save moved on redis-server 7.0.15.
        for (cmd, dirty) in [
            ("HSET h a 1 b 2", 2),
            ("HSET h a 1 b 3 c 4", 3),
            ("HMSET h a 1", 1),
            ("HSETNX h a 1", 0),
            ("HSETNX h z 1", 1),
            ("HDEL h a a zz", 1),
            ("HDEL h zz", 0),
            ("HINCRBY h n 1", 1),
            ("HINCRBY h n 0", 1),
            ("HINCRBYFLOAT h n 0", 1),
            ("HINCRBYFLOAT h n 1.5", 1),
            ("HINCRBY h s x", 0),
            ("HSET h str abc", 1),
            ("HINCRBY h str 1", 0),
            ("HGET h n", 0),
            ("HDEL h b c z n str", 5),
        ] {
            assert_eq!(t.dirty(cmd), dirty, "{cmd}");
        }
        assert_eq!(t.run("EXISTS h"), ":0\r\n");
        assert_eq!(
            t.changes(),
            "SELECT 0\nHSET h a 1 b 2\nHSET h a 1 b 3 c 4\nHMSET h a 1\nHSETNX h z 1\nHDEL h a a zz\n\
             HINCRBY h n 1\nHINCRBY h n 0\nHSET h n 1\nHSET h n 2.5\nHSET h str abc\nHDEL h b c z n str\n"
        );
    }

    #[test]
    fn hashtable_scan_returns_every_field_once_while_the_hash_changes() {
        let mut t = T::new();
        for i in 0..600 {
            t.run(&format!("HSET h f{i} {i}"));
        }
        assert_eq!(t.encoding("h"), "hashtable");
        let mut seen: Vec<String> = Vec::new();
        let mut cursor = String::from("0");
        let mut round = 0;
        loop {
            let reply = t.run(&format!("HSCAN h {cursor} COUNT 7"));
            let lines: Vec<&str> = reply.split("\r\n").collect();
            cursor = String::from(lines[2]);
            // Fields and values alternate after the array header.
            let items: Vec<&str> = lines[4..]
                .iter()
                .copied()
                .filter(|l| !l.starts_with('$') && !l.is_empty())
                .collect();
            for pair in items.chunks(2) {
                if pair[1] != "x" {
                    assert_eq!(format!("f{}", pair[1]), pair[0]);
                }
                seen.push(String::from(pair[0]));
            }
            // Churn between calls: new fields come and go, some old ones are updated.
            t.run(&format!("HSET h new{round} x"));
            t.run(&format!("HDEL h new{round}"));
            t.run(&format!("HSET h extra{round} x"));
            round += 1;
            if cursor == "0" {
                break;
            }
        }
        for i in 0..600 {
            let f = format!("f{i}");
            assert_eq!(seen.iter().filter(|s| **s == f).count(), 1, "{f}");
        }
        // MATCH filters the fields of each step.
        let reply = t.run("HSCAN h 0 MATCH f1? COUNT 1000");
        assert!(reply.starts_with("*2\r\n$1\r\n0\r\n*20\r\n"), "{reply}");
    }

    #[test]
    fn hrandfield_picks_from_the_hash() {
        for n in [3, 600] {
            let mut t = T::new();
            for i in 0..n {
                t.run(&format!("HSET h f{i} v{i}"));
            }
            assert_eq!(
                t.encoding("h"),
                if n == 3 { "listpack" } else { "hashtable" }
            );
            let single = t.run("HRANDFIELD h");
            assert!(
                single.starts_with("$2\r\nf")
                    || single.starts_with("$3\r\nf")
                    || single.starts_with("$4\r\nf")
            );
            // Negative counts repeat; the reply has exactly |count| picks.
            let reply = t.run("HRANDFIELD h -50 WITHVALUES");
            assert!(reply.starts_with("*100\r\n"), "{reply}");
            let parts: Vec<&str> = reply
                .split("\r\n")
                .filter(|l| !l.starts_with('$') && !l.starts_with('*') && !l.is_empty())
                .collect();
            for pair in parts.chunks(2) {
                assert_eq!(&pair[0][1..], &pair[1][1..]);
            }
            // Positive counts below the size are distinct.
            let reply = t.run("HRANDFIELD h 2");
            let fields: Vec<&str> = reply.split("\r\n").filter(|l| l.starts_with('f')).collect();
            assert_eq!(fields.len(), 2);
            assert_ne!(fields[0], fields[1]);
            let k = n / 2;
            let reply = t.run(&format!("HRANDFIELD h {k}"));
            let mut fields: Vec<&str> =
                reply.split("\r\n").filter(|l| l.starts_with('f')).collect();
            fields.sort_unstable();
            fields.dedup();
            assert_eq!(fields.len(), k);
        }
        // A negative count whose reply could not be sent is refused (Redis runs out of memory).
        let mut t = T::new();
        t.run("HSET h a 1");
        assert_eq!(
            t.run("HRANDFIELD h -9223372036854775807"),
            "-ERR value is out of range\r\n"
        );
        assert_eq!(
            t.run("HRANDFIELD h -100000000"),
            "-ERR value is out of range\r\n"
        );
        assert!(t.run("HRANDFIELD h -1000").starts_with("*1000\r\n"));
    }

    #[test]
    fn hash_type_api() {
        let lim = HashLimits {
            max_entries: 4,
            max_value: 8,
        };
        let mut h = Hash::new();
        assert!(h.is_empty());
        assert!(h.set(b"a", b"1", lim, 1));
        assert!(h.set(b"b", b"22", lim, 1));
        assert!(!h.set(b"a", b"333", lim, 1));
        assert_eq!(h.get(b"a"), Some(&b"333"[..]));
        assert_eq!(h.get(b"zz"), None);
        assert_eq!(
            h.iter().collect::<Vec<_>>(),
            [(&b"a"[..], &b"333"[..]), (&b"b"[..], &b"22"[..])]
        );
        assert_eq!(h.encoding(), "listpack");
        let copy = h.clone();
        assert!(h.set(b"c", b"123456789", lim, 1));
        assert_eq!(h.encoding(), "hashtable");
        assert_eq!(copy.encoding(), "listpack");
        assert_eq!(h.get(b"c"), Some(&b"123456789"[..]));
        assert_eq!(h.get(b"a"), Some(&b"333"[..]));
        assert!(h.remove(b"a"));
        assert!(!h.remove(b"a"));
        assert_eq!(h.len(), 2);
        let mut n = 0;
        h.for_each(|_, _| n += 1);
        assert_eq!(n, 2);
        assert!(h.heap_size() > 0);
    }
}
