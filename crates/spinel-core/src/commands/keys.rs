//! Keyspace commands (Redis's db.c): DEL, UNLINK, EXISTS, TYPE, RENAME, RENAMENX, COPY,
//! KEYS, SCAN, RANDOMKEY, TOUCH, MOVE, DBSIZE, SELECT, SWAPDB, FLUSHDB, FLUSHALL and OBJECT.
//!
//! Replies, error texts, the order in which arguments are checked, which lookups count
//! keyspace hits/misses and which update the access time all follow redis-server 7.0.15.
//! A few quirks are kept on purpose because clients can see them:
//! - option names are compared as C strings (`strcasecmp`), so an argument is read only up
//!   to its first NUL byte (`FLUSHALL "sync\0x"` is `FLUSHALL SYNC`);
//! - SCAN's cursor is parsed by `strtoul`: `""` and `"-0"` are 0, `"-1"` is 2^64-1;
//! - SCAN ... TYPE none returns logically expired keys met during the call (the type
//!   lookup deletes them, so the later expiry check finds nothing to filter).

use crate::notify::class;
use super::{acl, arg_i64, flags::*, CommandSpec, Ctx, NOT_INTEGER, SYNTAX};
use crate::bytes::ByteStr;
use crate::engine::Engine;
use crate::glob::glob_match;
use crate::keyspace::NO_EXPIRE;
use crate::resp::writer::Reply;
use crate::value::{StrValue, Value};
use alloc::vec::Vec;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new(
        "del",
        -2,
        WRITE,
        acl::KEYSPACE | acl::WRITE | acl::SLOW,
        del,
    )
    .keys(1, -1, 1),
    CommandSpec::new(
        "unlink",
        -2,
        WRITE | FAST,
        acl::KEYSPACE | acl::WRITE | acl::FAST,
        del,
    )
    .keys(1, -1, 1),
    CommandSpec::new(
        "exists",
        -2,
        READONLY | FAST,
        acl::KEYSPACE | acl::READ | acl::FAST,
        exists,
    )
    .keys(1, -1, 1),
    CommandSpec::new(
        "type",
        2,
        READONLY | FAST,
        acl::KEYSPACE | acl::READ | acl::FAST,
        type_cmd,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "rename",
        3,
        WRITE,
        acl::KEYSPACE | acl::WRITE | acl::SLOW,
        rename,
    )
    .keys(1, 2, 1),
    CommandSpec::new(
        "renamenx",
        3,
        WRITE | FAST,
        acl::KEYSPACE | acl::WRITE | acl::FAST,
        renamenx,
    )
    .keys(1, 2, 1),
    CommandSpec::new(
        "copy",
        -3,
        WRITE | DENYOOM,
        acl::KEYSPACE | acl::WRITE | acl::SLOW,
        copy,
    )
    .keys(1, 2, 1),
    CommandSpec::new(
        "keys",
        2,
        READONLY,
        acl::KEYSPACE | acl::READ | acl::SLOW | acl::DANGEROUS,
        keys,
    ),
    CommandSpec::new(
        "scan",
        -2,
        READONLY,
        acl::KEYSPACE | acl::READ | acl::SLOW,
        scan,
    ),
    CommandSpec::new(
        "randomkey",
        1,
        READONLY,
        acl::KEYSPACE | acl::READ | acl::SLOW,
        randomkey,
    ),
    CommandSpec::new(
        "touch",
        -2,
        READONLY | FAST,
        acl::KEYSPACE | acl::READ | acl::FAST,
        touch,
    )
    .keys(1, -1, 1),
    CommandSpec::new(
        "move",
        3,
        WRITE | FAST,
        acl::KEYSPACE | acl::WRITE | acl::FAST,
        move_cmd,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "dbsize",
        1,
        READONLY | FAST,
        acl::KEYSPACE | acl::READ | acl::FAST,
        dbsize,
    ),
    CommandSpec::new(
        "select",
        2,
        LOADING | STALE | FAST,
        acl::FAST | acl::CONNECTION,
        select,
    ),
    CommandSpec::new(
        "swapdb",
        3,
        WRITE | FAST,
        acl::KEYSPACE | acl::WRITE | acl::FAST | acl::DANGEROUS,
        swapdb,
    ),
    CommandSpec::new(
        "flushdb",
        -1,
        WRITE,
        acl::KEYSPACE | acl::WRITE | acl::SLOW | acl::DANGEROUS,
        flushdb,
    ),
    CommandSpec::new(
        "flushall",
        -1,
        WRITE,
        acl::KEYSPACE | acl::WRITE | acl::SLOW | acl::DANGEROUS,
        flushall,
    ),
    CommandSpec::new("object", -2, 0, acl::SLOW, super::container)
        .with_subcommands(OBJECT_SUBCOMMANDS),
];

const OBJECT_SUBCOMMANDS: &[CommandSpec] = &[
    CommandSpec::sub(
        "object|freq",
        "freq",
        3,
        READONLY,
        acl::KEYSPACE | acl::READ | acl::SLOW,
        object_freq,
    )
    .keys(2, 2, 1),
    CommandSpec::sub(
        "object|idletime",
        "idletime",
        3,
        READONLY,
        acl::KEYSPACE | acl::READ | acl::SLOW,
        object_idletime,
    )
    .keys(2, 2, 1),
    CommandSpec::sub(
        "object|help",
        "help",
        2,
        LOADING | STALE,
        acl::KEYSPACE | acl::SLOW,
        object_help,
    ),
    CommandSpec::sub(
        "object|encoding",
        "encoding",
        3,
        READONLY,
        acl::KEYSPACE | acl::READ | acl::SLOW,
        object_encoding,
    )
    .keys(2, 2, 1),
    CommandSpec::sub(
        "object|refcount",
        "refcount",
        3,
        READONLY,
        acl::KEYSPACE | acl::READ | acl::SLOW,
        object_refcount,
    )
    .keys(2, 2, 1),
];

pub(crate) const SAME_OBJECT: &str = "ERR source and destination objects are the same";
pub(crate) const DB_OUT_OF_RANGE: &str = "ERR DB index is out of range";

// ----- helpers shared with expire.rs ------------------------------------------------------

/// The argument as C sees it: up to its first NUL byte.
#[inline]
pub(crate) fn c_str(arg: &[u8]) -> &[u8] {
    match arg.iter().position(|&b| b == 0) {
        Some(i) => &arg[..i],
        None => arg,
    }
}

/// `!strcasecmp(arg, name)`: a case-insensitive option match that stops at a NUL byte.
#[inline]
pub(crate) fn opt_eq(arg: &[u8], name: &str) -> bool {
    c_str(arg).eq_ignore_ascii_case(name.as_bytes())
}

/// An error reply built from byte pieces (for texts that quote arbitrary arguments), with
/// CR/LF turned into spaces as Redis does.
pub(crate) fn error_bytes(out: &mut Reply, parts: &[&[u8]]) {
    out.errors += 1;
    out.buf.push(b'-');
    let start = out.buf.len();
    for p in parts {
        out.buf.extend_from_slice(p);
    }
    for b in &mut out.buf[start..] {
        if *b == b'\r' || *b == b'\n' {
            *b = b' ';
        }
    }
    out.buf.extend_from_slice(b"\r\n");
}

/// Redis's `lookupKeyReadWithFlags(LOOKUP_NOTOUCH)`: lazy expiry and hit/miss stats, but
/// the access time is left alone (EXISTS, TYPE, TTL, OBJECT, SCAN's TYPE filter).
pub(crate) fn lookup_read_notouch(e: &mut Engine, db: usize, key: &[u8]) -> Option<u32> {
    let slot = lookup_read_quiet(e, db, key);
    if slot.is_none() {
        e.notify(crate::notify::class::KEY_MISS, "keymiss", db, key);
    }
    slot
}

/// [`lookup_read_notouch`] without the `keymiss` event (Redis's LOOKUP_NONOTIFY: OBJECT,
/// MEMORY USAGE and DEBUG OBJECT look at a key without announcing a miss).
pub(crate) fn lookup_read_quiet(e: &mut Engine, db: usize, key: &[u8]) -> Option<u32> {
    match e.find_live(db, key) {
        Some(slot) => {
            e.stats.keyspace_hits += 1;
            Some(slot)
        }
        None => {
            e.stats.keyspace_misses += 1;
            None
        }
    }
}

/// Redis's `getIntFromObjectOrReply`: a canonical integer within C `int`'s range. `msg`
/// replaces both error texts when given (SWAPDB's "invalid first DB index").
pub(crate) fn arg_i32(out: &mut Reply, arg: &[u8], msg: Option<&str>) -> Option<i32> {
    let Some(v) = crate::num::parse_i64(arg) else {
        out.error(msg.unwrap_or(NOT_INTEGER));
        return None;
    };
    if v < i32::MIN as i64 || v > i32::MAX as i64 {
        out.error(
            msg.unwrap_or(
                "ERR value is out of range, value must between -2147483648 and 2147483647",
            ),
        );
        return None;
    }
    Some(v as i32)
}

/// A database index, if it names one of ours.
#[inline]
fn valid_db(e: &Engine, id: i32) -> Option<usize> {
    if id >= 0 && (id as usize) < e.dbs.len() {
        Some(id as usize)
    } else {
        None
    }
}

/// Parses a SCAN cursor as Redis does with `strtoul(s, &end, 10)`: the first byte must not
/// be a space, the whole C string (up to a NUL) must be consumed, no overflow. So `""` is 0,
/// `"+5"` and `"007"` are accepted and `"-1"` wraps to 2^64-1.
pub(crate) fn parse_scan_cursor(arg: &[u8]) -> Option<u64> {
    let s = c_str(arg);
    let Some(&first) = s.first() else {
        return Some(0);
    };
    if matches!(first, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
        return None;
    }
    let (neg, digits) = match first {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() {
        return None;
    }
    let mut v: u64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add((c - b'0') as u64)?;
    }
    Some(if neg { v.wrapping_neg() } else { v })
}

// ----- DEL, UNLINK, EXISTS, TYPE, TOUCH --------------------------------------------------------

/// DEL and UNLINK: UNLINK (and DEL with lazyfree-lazy-user-del) hands big values to the
/// host's freeing thread (lazyfree.rs).
fn del(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let lazy = ctx.argv[0].eq_ignore_ascii_case(b"unlink") || e.lazy_option(crate::lazyfree::LazyOption::UserDel);
    let mut n = 0i64;
    for key in &ctx.argv[1..] {
        if let Some(slot) = e.find_live_for(db, key, true) {
            let entry = e.dbs[db].remove_slot(slot);
            e.free_value(entry.value, lazy);
            e.modified(class::GENERIC, "del", db, key);
            n += 1;
        }
    }
    e.dirty += n as u64;
    ctx.out.int(n);
}

fn exists(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let n = ctx.argv[1..]
        .iter()
        .filter(|k| lookup_read_notouch(e, db, k).is_some())
        .count();
    ctx.out.int(n as i64);
}

fn type_cmd(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    match lookup_read_notouch(e, db, ctx.argv[1]) {
        Some(slot) => ctx
            .out
            .simple(e.dbs[db].entry(slot).value.type_name().as_bytes()),
        None => ctx.out.simple(b"none"),
    }
}

fn touch(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let n = ctx.argv[1..]
        .iter()
        .filter(|k| e.lookup_read(db, k).is_some())
        .count();
    ctx.out.int(n as i64);
}

// ----- RENAME, RENAMENX, COPY, MOVE -------------------------------------------------------

fn rename(e: &mut Engine, ctx: &mut Ctx) {
    rename_generic(e, ctx, false);
}

fn renamenx(e: &mut Engine, ctx: &mut Ctx) {
    rename_generic(e, ctx, true);
}

fn rename_generic(e: &mut Engine, ctx: &mut Ctx, nx: bool) {
    let db = ctx.db(e);
    let (src, dst) = (ctx.argv[1], ctx.argv[2]);
    let Some(slot) = e.lookup_write(db, src) else {
        ctx.out.error("ERR no such key");
        return;
    };
    // Same name: nothing changes (and nothing is propagated), but the key had to exist.
    if src == dst {
        if nx {
            ctx.out.int(0);
        } else {
            ctx.out.ok();
        }
        return;
    }
    let expire = e.dbs[db].expire(slot);
    if let Some(old) = e.lookup_write(db, dst) {
        if nx {
            ctx.out.int(0);
            return;
        }
        e.dbs[db].remove_slot(old);
    }
    // Slots never move, so `slot` still names the source after the removal above.
    let entry = e.dbs[db].remove_slot(slot);
    let new = e.add_key(db, dst, entry.value);
    e.dbs[db].entry_mut(new).lru = entry.lru;
    if expire != NO_EXPIRE {
        e.dbs[db].set_expire(new, expire);
    }
    e.key_modified(db, src);
    e.key_modified(db, dst);
    e.notify(class::GENERIC, "rename_from", db, src);
    e.notify(class::GENERIC, "rename_to", db, dst);
    e.signal_ready(db, dst);
    e.dirty += 1;
    if nx {
        ctx.out.int(1);
    } else {
        ctx.out.ok();
    }
}

/// COPY source destination [DB destination-db] [REPLACE]
fn copy(e: &mut Engine, ctx: &mut Ctx) {
    let src_db = ctx.db(e);
    let mut dst_db = src_db;
    let mut replace = false;
    let argc = ctx.argv.len();
    let mut j = 3;
    while j < argc {
        let additional = argc - j - 1;
        if opt_eq(ctx.argv[j], "replace") {
            replace = true;
        } else if opt_eq(ctx.argv[j], "db") && additional >= 1 {
            let Some(id) = arg_i32(&mut ctx.out, ctx.argv[j + 1], None) else {
                return;
            };
            let Some(d) = valid_db(e, id) else {
                ctx.out.error(DB_OUT_OF_RANGE);
                return;
            };
            dst_db = d;
            j += 1;
        } else {
            ctx.out.error(SYNTAX);
            return;
        }
        j += 1;
    }
    let (key, newkey) = (ctx.argv[1], ctx.argv[2]);
    if src_db == dst_db && key == newkey {
        ctx.out.error(SAME_OBJECT);
        return;
    }
    let Some(slot) = e.lookup_read_slot(src_db, key) else {
        ctx.out.int(0);
        return;
    };
    // A deep copy, keeping the encoding (Redis's dup*Object functions do the same).
    let value = e.dbs[src_db].entry(slot).value.clone();
    let expire = e.dbs[src_db].expire(slot);
    if let Some(old) = e.lookup_write(dst_db, newkey) {
        if !replace {
            ctx.out.int(0);
            return;
        }
        e.dbs[dst_db].remove_slot(old);
    }
    let slot = e.add_key(dst_db, newkey, value);
    if expire != NO_EXPIRE {
        e.dbs[dst_db].set_expire(slot, expire);
    }
    e.modified(class::GENERIC, "copy_to", dst_db, newkey);
    e.signal_ready(dst_db, newkey);
    e.dirty += 1;
    ctx.out.int(1);
}

fn move_cmd(e: &mut Engine, ctx: &mut Ctx) {
    let src = ctx.db(e);
    let key = ctx.argv[1];
    let Some(id) = arg_i32(&mut ctx.out, ctx.argv[2], None) else {
        return;
    };
    let Some(dst) = valid_db(e, id) else {
        ctx.out.error(DB_OUT_OF_RANGE);
        return;
    };
    if src == dst {
        ctx.out.error(SAME_OBJECT);
        return;
    }
    let Some(slot) = e.lookup_write(src, key) else {
        ctx.out.int(0);
        return;
    };
    let expire = e.dbs[src].expire(slot);
    if e.lookup_write(dst, key).is_some() {
        ctx.out.int(0);
        return;
    }
    let entry = e.dbs[src].remove_slot(slot);
    let new = e.add_key(dst, key, entry.value);
    e.dbs[dst].entry_mut(new).lru = entry.lru;
    if expire != NO_EXPIRE {
        e.dbs[dst].set_expire(new, expire);
    }
    e.key_modified(src, key);
    e.key_modified(dst, key);
    e.notify(class::GENERIC, "move_from", src, key);
    e.notify(class::GENERIC, "move_to", dst, key);
    e.signal_ready(dst, key);
    e.dirty += 1;
    ctx.out.int(1);
}

// ----- KEYS, SCAN, RANDOMKEY, DBSIZE ----------------------------------------------------------

fn keys(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let pattern = ctx.argv[1];
    // A lone `*` skips matching, which is why the empty key is listed (glob `*` never
    // matches an empty string). Expired keys are skipped, not deleted.
    let all = pattern == b"*";
    let now = e.now_ms();
    let found: Vec<&[u8]> = e.dbs[db]
        .iter()
        .filter(|en| {
            (all || glob_match(pattern, &en.key, false))
                && !super::expire::is_expired(e.dbs[db].expire_of(en), now)
        })
        .map(|en| en.key.as_bytes())
        .collect();
    ctx.out.array(found.len());
    for k in found {
        ctx.out.bulk(k);
    }
}

/// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. The cursor is a slot number of
/// the database's slab (see keyspace.rs): a key present for a whole iteration is returned.
fn scan(e: &mut Engine, ctx: &mut Ctx) {
    let Some(cursor) = parse_scan_cursor(ctx.argv[1]) else {
        ctx.out.error("ERR invalid cursor");
        return;
    };
    let argc = ctx.argv.len();
    let mut count: i64 = 10;
    let mut pattern: Option<&[u8]> = None;
    let mut typename: Option<&[u8]> = None;
    let mut i = 2;
    while i < argc {
        let left = argc - i;
        let a = ctx.argv[i];
        if opt_eq(a, "count") && left >= 2 {
            let Some(n) = arg_i64(&mut ctx.out, ctx.argv[i + 1]) else {
                return;
            };
            if n < 1 {
                ctx.out.error(SYNTAX);
                return;
            }
            count = n;
        } else if opt_eq(a, "match") && left >= 2 {
            let p = ctx.argv[i + 1];
            pattern = if p == b"*" { None } else { Some(p) };
        } else if opt_eq(a, "type") && left >= 2 {
            typename = Some(c_str(ctx.argv[i + 1]));
        } else {
            ctx.out.error(SYNTAX);
            return;
        }
        i += 2;
    }
    let db = ctx.db(e);
    let count = usize::try_from(count).unwrap_or(usize::MAX);
    let mut found: Vec<ByteStr> = Vec::new();
    let next = e.dbs[db].scan(cursor, count, |en| found.push(en.key.clone()));
    // Filter as Redis does: pattern first, then type (a lookup that counts stats and may
    // expire the key), then expiry.
    let mut kept: Vec<ByteStr> = Vec::with_capacity(found.len());
    for key in found {
        if let Some(p) = pattern {
            if !glob_match(p, &key, false) {
                continue;
            }
        }
        if let Some(t) = typename {
            let ty = match lookup_read_notouch(e, db, &key) {
                Some(slot) => e.dbs[db].entry(slot).value.type_name(),
                None => "none",
            };
            if !t.eq_ignore_ascii_case(ty.as_bytes()) {
                continue;
            }
        }
        let expired = match e.dbs[db].find(&key) {
            Some(slot) => e.expire_if_needed(db, slot),
            None => false,
        };
        if expired {
            continue;
        }
        kept.push(key);
    }
    ctx.out.array(2);
    let mut b = itoa::Buffer::new();
    ctx.out.bulk(b.format(next).as_bytes());
    ctx.out.array(kept.len());
    for k in &kept {
        ctx.out.bulk(k);
    }
}

/// A random live key. Expired keys met are deleted and another is drawn, as Redis does on
/// a master: every retry removes a key, so the loop ends (at worst with an empty db).
fn randomkey(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    // A replica (or a paused server) deletes no expired key: after 100 draws it answers one
    // (as Redis's replica), since every key may be expired.
    let mut tries = if e.is_replica_of_master() || e.dataset_frozen() { 100 } else { u32::MAX };
    loop {
        let Some(slot) = e.dbs[db].random_slot(&mut e.rng) else {
            ctx.out.null();
            return;
        };
        tries -= 1;
        if tries > 0 && e.expire_if_needed(db, slot) {
            continue;
        }
        ctx.out.bulk(&e.dbs[db].entry(slot).key);
        return;
    }
}

/// Counts keys whose TTL passed but that were not reclaimed yet, as Redis does.
fn dbsize(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    ctx.out.int(e.dbs[db].len() as i64);
}

// ----- SELECT, SWAPDB, FLUSHDB, FLUSHALL ----------------------------------------------------

fn select(e: &mut Engine, ctx: &mut Ctx) {
    let Some(id) = arg_i32(&mut ctx.out, ctx.argv[1], None) else {
        return;
    };
    let Some(db) = valid_db(e, id) else {
        ctx.out.error(DB_OUT_OF_RANGE);
        return;
    };
    if let Some(c) = e.clients.get_mut(ctx.client) {
        c.db = db;
    }
    ctx.out.ok();
}

/// Swaps the contents of two databases: clients stay on their index and see the other data.
fn swapdb(e: &mut Engine, ctx: &mut Ctx) {
    let Some(a) = arg_i32(
        &mut ctx.out,
        ctx.argv[1],
        Some("ERR invalid first DB index"),
    ) else {
        return;
    };
    let Some(b) = arg_i32(
        &mut ctx.out,
        ctx.argv[2],
        Some("ERR invalid second DB index"),
    ) else {
        return;
    };
    let (Some(a), Some(b)) = (valid_db(e, a), valid_db(e, b)) else {
        ctx.out.error(DB_OUT_OF_RANGE);
        return;
    };
    e.touch_all_watched_in_db(a, Some(b));
    e.touch_all_watched_in_db(b, Some(a));
    e.dbs.swap(a, b);
    e.signal_waited_keys(a, Some(b));
    e.signal_waited_keys(b, Some(a));
    e.dirty += 1;
    ctx.out.ok();
}

/// FLUSHDB/FLUSHALL's `[ASYNC|SYNC]`: Some(whether to free on the host's thread:
/// ASYNC, or lazyfree-lazy-user-flush without SYNC); None after a syntax error.
fn flush_flags(e: &Engine, ctx: &mut Ctx) -> Option<bool> {
    match ctx.argv.len() {
        1 => Some(e.lazy_option(crate::lazyfree::LazyOption::UserFlush)),
        2 if opt_eq(ctx.argv[1], "sync") => Some(false),
        2 if opt_eq(ctx.argv[1], "async") => Some(true),
        _ => {
            ctx.out.error(SYNTAX);
            None
        }
    }
}

fn flushdb(e: &mut Engine, ctx: &mut Ctx) {
    let Some(lazy) = flush_flags(e, ctx) else { return };
    let db = ctx.db(e);
    e.touch_all_watched_in_db(db, None);
    e.signal_waited_keys(db, None);
    e.dirty += e.dbs[db].len() as u64;
    e.free_db(db, lazy);
    e.tracking_flush();
    // Recorded even when the database was already empty (Redis forces propagation).
    e.propagate(db, ctx.argv);
    ctx.propagated = true;
    ctx.out.ok();
}

impl Engine {
    /// Removes every key of every database, as FLUSHALL does (watchers are touched, waiting
    /// clients re-checked, tracking clients told); returns how many keys there were.
    pub fn empty_all_dbs(&mut self) -> u64 {
        self.empty_all_dbs_freeing(false)
    }

    /// A replica's data before its master's RDB loads: freed on the host's thread with
    /// `replica-lazy-flush yes`.
    pub fn empty_all_dbs_for_sync(&mut self) -> u64 {
        self.empty_all_dbs_freeing(self.lazy_option(crate::lazyfree::LazyOption::ReplicaFlush))
    }

    /// [`Engine::empty_all_dbs`], the contents freed on the host's thread when `lazy`.
    pub(crate) fn empty_all_dbs_freeing(&mut self, lazy: bool) -> u64 {
        let mut removed = 0;
        for db in 0..self.dbs.len() {
            self.touch_all_watched_in_db(db, None);
            self.signal_waited_keys(db, None);
            removed += self.dbs[db].len() as u64;
            self.free_db(db, lazy);
        }
        self.tracking_flush();
        // Keys a writable replica's clients gave a TTL are gone too (Redis's emptyData).
        #[cfg(feature = "server")]
        self.repl.replica_keys.clear();
        removed
    }
}

fn flushall(e: &mut Engine, ctx: &mut Ctx) {
    let Some(lazy) = flush_flags(e, ctx) else { return };
    e.dirty += e.empty_all_dbs_freeing(lazy);
    // As Redis's flushAllDataAndResetRDB: a running snapshot is stopped, and with save
    // points configured an empty snapshot is written at once (which resets the counter).
    if e.persist.host.is_some() {
        e.with_persist_host(|h, e| h.kill_background_save(e));
        if !crate::config::save_points(&e.config).is_empty() {
            e.save_now();
        }
    }
    let db = ctx.db(e);
    e.propagate(db, ctx.argv);
    ctx.propagated = true;
    ctx.out.ok();
}

// ----- OBJECT ----------------------------------------------------------------------------

/// OBJECT's key lookup: counts hits/misses, does not touch the access time; nil if missing.
fn object_lookup(e: &mut Engine, ctx: &mut Ctx) -> Option<u32> {
    let db = ctx.db(e);
    let slot = lookup_read_quiet(e, db, ctx.argv[2]);
    if slot.is_none() {
        ctx.out.null();
    }
    slot
}

fn object_encoding(e: &mut Engine, ctx: &mut Ctx) {
    if let Some(slot) = object_lookup(e, ctx) {
        let db = ctx.db(e);
        ctx.out
            .bulk(e.dbs[db].entry(slot).value.encoding().as_bytes());
    }
}

fn object_freq(e: &mut Engine, ctx: &mut Ctx) {
    if let Some(slot) = object_lookup(e, ctx) {
        if e.lfu_mode() {
            let db = ctx.db(e);
            let freq = e.lfu_decayed(e.dbs[db].entry(slot).lru);
            return ctx.out.int(freq as i64);
        }
        ctx.out.error(
            "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.",
        );
    }
}

fn object_idletime(e: &mut Engine, ctx: &mut Ctx) {
    if let Some(slot) = object_lookup(e, ctx) {
        if e.lfu_mode() {
            return ctx.out.error("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
        }
        let db = ctx.db(e);
        let idle = e.lru_clock().saturating_sub(e.dbs[db].entry(slot).lru);
        ctx.out.int(idle as i64);
    }
}

/// Redis shares the objects of the integers 0..9999 (refcount INT_MAX) unless maxmemory
/// with an LRU or LFU policy is set; any other value has one reference.
fn object_refcount(e: &mut Engine, ctx: &mut Ctx) {
    if let Some(slot) = object_lookup(e, ctx) {
        let db = ctx.db(e);
        let shared = e.shares_integers() && matches!(e.dbs[db].entry(slot).value, Value::Str(StrValue::Int(n)) if (0..10_000).contains(&n));
        ctx.out.int(if shared { i32::MAX as i64 } else { 1 });
    }
}

const OBJECT_HELP: &[&str] = &[
    "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "ENCODING <key>",
    "    Return the kind of internal representation used in order to store the value",
    "    associated with a <key>.",
    "FREQ <key>",
    "    Return the access frequency index of the <key>. The returned integer is",
    "    proportional to the logarithm of the recent access frequency of the key.",
    "IDLETIME <key>",
    "    Return the idle time of the <key>, that is the approximated number of",
    "    seconds elapsed since the last access to the key.",
    "REFCOUNT <key>",
    "    Return the number of references of the value associated with the specified",
    "    <key>.",
    "HELP",
    "    Prints this help.",
];

fn object_help(_e: &mut Engine, ctx: &mut Ctx) {
    ctx.out.array(OBJECT_HELP.len());
    for l in OBJECT_HELP {
        ctx.out.simple(l.as_bytes());
    }
}

/// Helpers for the unit tests of the keyspace and expiry commands.
#[cfg(test)]
pub(crate) mod test_util {
    use crate::client::{ClientId, ConnInfo};
    use crate::config::Config;
    use crate::engine::{Engine, HostInfo};
    use crate::resp::writer::Protocol;
    use crate::value::{StrValue, Value};
    use alloc::string::String;
    use alloc::vec::Vec;

    /// Start time, unix microseconds.
    pub const T0: u64 = 1_700_000_000_000_000;
    pub const T0_MS: u64 = T0 / 1000;

    pub fn engine() -> (Engine, ClientId) {
        let mut e = Engine::new(Config::default(), HostInfo::default(), 7, T0);
        let c = e.connect(ConnInfo::default(), T0);
        (e, c)
    }

    /// Runs a command at the engine's current time; the raw reply as text.
    pub fn run(e: &mut Engine, c: ClientId, args: &[&[u8]]) -> String {
        let mut out = Vec::new();
        let now = e.now_us;
        e.execute(c, args, now, &mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Runs a command given as space-separated words.
    pub fn cmd(e: &mut Engine, c: ClientId, line: &str) -> String {
        let args: Vec<&[u8]> = line.split(' ').map(str::as_bytes).collect();
        run(e, c, &args)
    }

    /// Creates a string key directly in the keyspace, as SET would.
    pub fn set(e: &mut Engine, db: usize, key: &str, val: &str) -> u32 {
        let lru = e.lru_clock();
        e.dbs[db].remove(key.as_bytes());
        e.dbs[db].insert_new(
            key.as_bytes(),
            Value::Str(StrValue::from_bytes(val.as_bytes())),
            lru,
        )
    }

    /// Creates a string key expiring at `at_ms`.
    pub fn set_px(e: &mut Engine, db: usize, key: &str, val: &str, at_ms: u64) {
        let slot = set(e, db, key, val);
        e.dbs[db].set_expire(slot, at_ms);
    }

    /// Moves the clock forward.
    pub fn advance_ms(e: &mut Engine, ms: u64) {
        e.now_us += ms * 1000;
    }

    pub fn changes(e: &mut Engine) -> String {
        let mut out = Vec::new();
        e.take_changes(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    pub fn resp3(e: &mut Engine, c: ClientId) {
        e.clients.get_mut(c).unwrap().proto = Protocol::Resp3;
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::*;
    use super::*;
    use alloc::collections::BTreeSet;
    use alloc::format;
    use alloc::string::String;

    #[test]
    fn del_unlink_exists_type() {
        let (mut e, c) = engine();
        set(&mut e, 0, "a", "1");
        set(&mut e, 0, "b", "hello");
        assert_eq!(cmd(&mut e, c, "DEL a b c a"), ":2\r\n");
        assert_eq!(cmd(&mut e, c, "EXISTS a b"), ":0\r\n");
        set(&mut e, 0, "a", "1");
        assert_eq!(cmd(&mut e, c, "EXISTS a a a x"), ":3\r\n");
        assert_eq!(cmd(&mut e, c, "TYPE a"), "+string\r\n");
        assert_eq!(cmd(&mut e, c, "TYPE nope"), "+none\r\n");
        assert_eq!(cmd(&mut e, c, "unlink a a"), ":1\r\n");
        assert_eq!(
            cmd(&mut e, c, "DEL"),
            "-ERR wrong number of arguments for 'del' command\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "type"),
            "-ERR wrong number of arguments for 'type' command\r\n"
        );
        // Expired keys are gone for every command, and DEL of one counts nothing.
        set_px(&mut e, 0, "t", "v", T0_MS + 10);
        assert_eq!(cmd(&mut e, c, "EXISTS t"), ":1\r\n");
        advance_ms(&mut e, 11);
        assert_eq!(cmd(&mut e, c, "DEL t"), ":0\r\n");
        assert_eq!(e.stats.expired_keys, 1);
        assert_eq!(e.dirty, 3);
    }

    #[test]
    fn keyspace_hits_and_misses_follow_redis() {
        let (mut e, c) = engine();
        set(&mut e, 0, "a", "1");
        let stats = |e: &Engine| (e.stats.keyspace_hits, e.stats.keyspace_misses);
        cmd(&mut e, c, "EXISTS a zz");
        assert_eq!(stats(&e), (1, 1));
        cmd(&mut e, c, "TYPE a");
        cmd(&mut e, c, "OBJECT ENCODING zz");
        assert_eq!(stats(&e), (2, 2));
        cmd(&mut e, c, "TOUCH a zz");
        assert_eq!(stats(&e), (3, 3));
        for line in [
            "DEL zz",
            "RENAME a b",
            "MOVE b 1",
            "RANDOMKEY",
            "KEYS *",
            "SCAN 0",
            "DBSIZE",
        ] {
            cmd(&mut e, c, line);
        }
        assert_eq!(stats(&e), (3, 3));
        cmd(&mut e, c, "SELECT 1");
        cmd(&mut e, c, "SCAN 0 TYPE string");
        cmd(&mut e, c, "COPY b c");
        assert_eq!(stats(&e), (5, 3));
    }

    #[test]
    fn rename_and_renamenx() {
        let (mut e, c) = engine();
        assert_eq!(cmd(&mut e, c, "RENAME nope x"), "-ERR no such key\r\n");
        assert_eq!(cmd(&mut e, c, "RENAMENX nope x"), "-ERR no such key\r\n");
        assert_eq!(cmd(&mut e, c, "RENAME nope nope"), "-ERR no such key\r\n");
        set(&mut e, 0, "a", "1");
        assert_eq!(cmd(&mut e, c, "RENAME a a"), "+OK\r\n");
        assert_eq!(cmd(&mut e, c, "RENAMENX a a"), ":0\r\n");
        assert_eq!(e.dirty, 0);
        assert_eq!(cmd(&mut e, c, "RENAME a b"), "+OK\r\n");
        assert_eq!(cmd(&mut e, c, "EXISTS a"), ":0\r\n");
        assert_eq!(cmd(&mut e, c, "OBJECT ENCODING b"), "$3\r\nint\r\n");
        set(&mut e, 0, "c", "x");
        assert_eq!(cmd(&mut e, c, "RENAMENX b c"), ":0\r\n");
        assert_eq!(cmd(&mut e, c, "RENAMENX b d"), ":1\r\n");
        // The TTL moves with the key; an overwritten destination loses its own.
        set_px(&mut e, 0, "k", "v", T0_MS + 100_000);
        set_px(&mut e, 0, "k2", "old", T0_MS + 5_000);
        assert_eq!(cmd(&mut e, c, "RENAME k k2"), "+OK\r\n");
        assert_eq!(cmd(&mut e, c, "TTL k2"), ":100\r\n");
        assert_eq!(cmd(&mut e, c, "RENAME c k2"), "+OK\r\n");
        assert_eq!(cmd(&mut e, c, "TTL k2"), ":-1\r\n");
        assert_eq!(e.dbs[0].expires_len(), 0);
        assert_eq!(e.dbs[0].len(), 2);
    }

    #[test]
    fn copy_options_and_errors() {
        let (mut e, c) = engine();
        set_px(&mut e, 0, "k2", "v", T0_MS + 100_000);
        assert_eq!(
            cmd(&mut e, c, "COPY k2 k2"),
            "-ERR source and destination objects are the same\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "COPY k2 k2 DB 0"),
            "-ERR source and destination objects are the same\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "COPY k2 k3 db 16"),
            "-ERR DB index is out of range\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "COPY k2 k3 db -1"),
            "-ERR DB index is out of range\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "COPY k2 k3 db x"),
            "-ERR value is not an integer or out of range\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "COPY k2 k3 db 3000000000"),
            "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "COPY k2 k3 replace db"),
            "-ERR syntax error\r\n"
        );
        assert_eq!(cmd(&mut e, c, "COPY k2 k3 foo"), "-ERR syntax error\r\n");
        assert_eq!(cmd(&mut e, c, "COPY nope k3"), ":0\r\n");
        assert_eq!(cmd(&mut e, c, "COPY k2 k3 db 0"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "TTL k3"), ":100\r\n");
        assert_eq!(cmd(&mut e, c, "COPY k2 k3"), ":0\r\n");
        assert_eq!(cmd(&mut e, c, "COPY k2 k3 REPLACE"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "COPY k2 k2 db 1"), ":1\r\n");
        assert_eq!(
            cmd(&mut e, c, "COPY k2 k2 db 1 replace replace db 1"),
            ":1\r\n"
        );
        assert_eq!(e.dbs[1].expires_len(), 1);
        assert_eq!(e.dbs[0].expires_len(), 2);
        assert_eq!(e.dirty, 4);
    }

    #[test]
    fn move_select_swapdb_dbsize() {
        let (mut e, c) = engine();
        set_px(&mut e, 0, "k", "v", T0_MS + 50_000);
        assert_eq!(
            cmd(&mut e, c, "MOVE k 0"),
            "-ERR source and destination objects are the same\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "MOVE nope 0"),
            "-ERR source and destination objects are the same\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "MOVE k 16"),
            "-ERR DB index is out of range\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "MOVE k -1"),
            "-ERR DB index is out of range\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "MOVE k x"),
            "-ERR value is not an integer or out of range\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "MOVE k 3000000000"),
            "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n"
        );
        assert_eq!(cmd(&mut e, c, "MOVE nope 1"), ":0\r\n");
        set(&mut e, 1, "k", "there");
        assert_eq!(cmd(&mut e, c, "MOVE k 1"), ":0\r\n");
        e.dbs[1].remove(b"k");
        assert_eq!(cmd(&mut e, c, "MOVE k 1"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "DBSIZE"), ":0\r\n");
        assert_eq!((e.dbs[0].expires_len(), e.dbs[1].expires_len()), (0, 1));
        assert_eq!(
            cmd(&mut e, c, "SELECT 16"),
            "-ERR DB index is out of range\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "SELECT -1"),
            "-ERR DB index is out of range\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "SELECT x"),
            "-ERR value is not an integer or out of range\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "SELECT 01"),
            "-ERR value is not an integer or out of range\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "SELECT 3000000000"),
            "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n"
        );
        assert_eq!(cmd(&mut e, c, "SELECT 1"), "+OK\r\n");
        assert_eq!(cmd(&mut e, c, "DBSIZE"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "TTL k"), ":50\r\n");
        assert_eq!(
            cmd(&mut e, c, "SWAPDB 0 16"),
            "-ERR DB index is out of range\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "SWAPDB x 0"),
            "-ERR invalid first DB index\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "SWAPDB 16 x"),
            "-ERR invalid second DB index\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "SWAPDB 3000000000 0"),
            "-ERR invalid first DB index\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "SWAPDB -1 0"),
            "-ERR DB index is out of range\r\n"
        );
        let dirty = e.dirty;
        assert_eq!(cmd(&mut e, c, "SWAPDB 0 0"), "+OK\r\n");
        assert_eq!(e.dirty, dirty + 1);
        assert_eq!(cmd(&mut e, c, "SWAPDB 0 1"), "+OK\r\n");
        assert_eq!(cmd(&mut e, c, "DBSIZE"), ":0\r\n");
        assert_eq!(cmd(&mut e, c, "SELECT 0"), "+OK\r\n");
        assert_eq!(cmd(&mut e, c, "TTL k"), ":50\r\n");
        assert_eq!(
            cmd(&mut e, c, "DBSIZE x"),
            "-ERR wrong number of arguments for 'dbsize' command\r\n"
        );
    }

    #[test]
    fn flushdb_and_flushall() {
        let (mut e, c) = engine();
        e.set_change_stream(true);
        set(&mut e, 0, "a", "1");
        set_px(&mut e, 0, "b", "1", T0_MS + 1000);
        set_px(&mut e, 3, "c", "1", T0_MS + 1000);
        assert_eq!(cmd(&mut e, c, "FLUSHDB x"), "-ERR syntax error\r\n");
        assert_eq!(cmd(&mut e, c, "FLUSHALL sync x"), "-ERR syntax error\r\n");
        assert_eq!(cmd(&mut e, c, "FLUSHALL foo"), "-ERR syntax error\r\n");
        assert_eq!(cmd(&mut e, c, "FLUSHDB ASYNC"), "+OK\r\n");
        assert_eq!(
            (e.dbs[0].len(), e.dbs[0].expires_len(), e.dbs[3].len()),
            (0, 0, 1)
        );
        assert_eq!(e.dirty, 2);
        // Recorded even when nothing was there.
        assert_eq!(cmd(&mut e, c, "flushdb"), "+OK\r\n");
        assert_eq!(run(&mut e, c, &[b"FLUSHALL", b"sync\0junk"]), "+OK\r\n");
        assert_eq!((e.dbs[3].len(), e.dbs[3].expires_len()), (0, 0));
        assert_eq!(e.dirty, 3);
        assert_eq!(
            changes(&mut e),
            "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*2\r\n$7\r\nFLUSHDB\r\n$5\r\nASYNC\r\n*1\r\n$7\r\nflushdb\r\n*2\r\n$8\r\nFLUSHALL\r\n$9\r\nsync\0junk\r\n"
        );
    }

    #[test]
    fn change_stream_of_keyspace_writes() {
        let (mut e, c) = engine();
        e.set_change_stream(true);
        set(&mut e, 0, "k", "v");
        for line in [
            "DEL zz",
            "RENAME k k",
            "RENAMENX k k",
            "COPY zz y",
            "MOVE zz 1",
            "SELECT 2",
            "SELECT 0",
        ] {
            cmd(&mut e, c, line);
        }
        assert_eq!(changes(&mut e), "");
        cmd(&mut e, c, "COPY k k2");
        cmd(&mut e, c, "MOVE k2 1");
        cmd(&mut e, c, "RENAME k k3");
        cmd(&mut e, c, "UNLINK k3");
        assert_eq!(
            changes(&mut e),
            "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$4\r\nCOPY\r\n$1\r\nk\r\n$2\r\nk2\r\n*3\r\n$4\r\nMOVE\r\n$2\r\nk2\r\n$1\r\n1\r\n\
             *3\r\n$6\r\nRENAME\r\n$1\r\nk\r\n$2\r\nk3\r\n*2\r\n$6\r\nUNLINK\r\n$2\r\nk3\r\n"
        );
    }

    #[test]
    fn keys_pattern_empty_key_and_expired() {
        let (mut e, c) = engine();
        set(&mut e, 0, "", "e");
        set(&mut e, 0, "a", "1");
        set_px(&mut e, 0, "gone", "1", T0_MS + 5);
        assert_eq!(cmd(&mut e, c, "KEYS ?"), "*1\r\n$1\r\na\r\n");
        let all = cmd(&mut e, c, "KEYS *");
        assert!(
            all.starts_with("*3\r\n")
                && all.contains("$0\r\n\r\n")
                && all.contains("$4\r\ngone\r\n"),
            "{all}"
        );
        advance_ms(&mut e, 6);
        let all = cmd(&mut e, c, "KEYS *");
        assert!(
            all.starts_with("*2\r\n") && all.contains("$0\r\n\r\n") && all.contains("$1\r\na\r\n"),
            "{all}"
        );
        // KEYS skips expired keys without deleting them.
        assert_eq!(cmd(&mut e, c, "DBSIZE"), ":3\r\n");
        assert_eq!(cmd(&mut e, c, "KEYS [a-z]*"), "*1\r\n$1\r\na\r\n");
        assert_eq!(cmd(&mut e, c, "KEYS x"), "*0\r\n");
        assert_eq!(
            cmd(&mut e, c, "KEYS a b"),
            "-ERR wrong number of arguments for 'keys' command\r\n"
        );
    }

    #[test]
    fn scan_arguments() {
        let (mut e, c) = engine();
        set(&mut e, 0, "", "e");
        set(&mut e, 0, "a", "1");
        let both = "*2\r\n$1\r\n0\r\n*2\r\n$0\r\n\r\n$1\r\na\r\n";
        for cursor in ["0", "", "-0", "+0", "00"] {
            assert_eq!(
                run(&mut e, c, &[b"SCAN", cursor.as_bytes()]),
                both,
                "cursor {cursor:?}"
            );
        }
        assert_eq!(run(&mut e, c, &[b"SCAN", b"0\0abc"]), both);
        for bad in [
            " 0",
            "0 ",
            "x",
            "-",
            "+",
            "18446744073709551616",
            "-18446744073709551616",
            "0x10",
        ] {
            assert_eq!(
                run(&mut e, c, &[b"SCAN", bad.as_bytes()]),
                "-ERR invalid cursor\r\n",
                "cursor {bad:?}"
            );
        }
        assert_eq!(parse_scan_cursor(b"-1"), Some(u64::MAX));
        assert_eq!(parse_scan_cursor(b"18446744073709551615"), Some(u64::MAX));
        assert_eq!(
            cmd(&mut e, c, "SCAN 18446744073709551615"),
            "*2\r\n$1\r\n0\r\n*0\r\n"
        );
        assert_eq!(cmd(&mut e, c, "SCAN 0 count 0"), "-ERR syntax error\r\n");
        assert_eq!(cmd(&mut e, c, "SCAN 0 count -1"), "-ERR syntax error\r\n");
        assert_eq!(
            cmd(&mut e, c, "SCAN 0 count x"),
            "-ERR value is not an integer or out of range\r\n"
        );
        assert_eq!(cmd(&mut e, c, "SCAN 0 count"), "-ERR syntax error\r\n");
        assert_eq!(cmd(&mut e, c, "SCAN 0 match"), "-ERR syntax error\r\n");
        assert_eq!(
            cmd(&mut e, c, "SCAN 0 foo count 0"),
            "-ERR syntax error\r\n"
        );
        assert_eq!(cmd(&mut e, c, "SCAN x foo"), "-ERR invalid cursor\r\n");
        assert_eq!(cmd(&mut e, c, "SCAN 0 match * count 1000"), both);
        assert_eq!(cmd(&mut e, c, "SCAN 0 TYPE STRING"), both);
        assert_eq!(
            cmd(&mut e, c, "SCAN 0 type list"),
            "*2\r\n$1\r\n0\r\n*0\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "SCAN 0 type string type foo"),
            "*2\r\n$1\r\n0\r\n*0\r\n"
        );
        assert_eq!(
            run(&mut e, c, &[b"SCAN", b"0", b"MATCH", b""]),
            "*2\r\n$1\r\n0\r\n*1\r\n$0\r\n\r\n"
        );
        assert_eq!(cmd(&mut e, c, "SCAN 0 match a match *"), both);
        assert_eq!(
            run(&mut e, c, &[b"SCAN", b"0", b"TYPE", b"string\0x"]),
            both
        );
        assert_eq!(run(&mut e, c, &[b"SCAN", b"0", b"count\0x", b"5"]), both);
        assert_eq!(cmd(&mut e, c, "SCAN 0 COUNT 9223372036854775807"), both);
        assert_eq!(
            cmd(&mut e, c, "SCAN 0 COUNT 9223372036854775808"),
            "-ERR value is not an integer or out of range\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "SCAN"),
            "-ERR wrong number of arguments for 'scan' command\r\n"
        );
    }

    #[test]
    fn scan_expires_keys_it_meets() {
        let (mut e, c) = engine();
        set_px(&mut e, 0, "a", "1", T0_MS + 1);
        set_px(&mut e, 0, "b", "1", T0_MS + 1);
        advance_ms(&mut e, 2);
        // TYPE none: the type lookup deletes the expired key first, so it is returned
        // (as Redis 7.0 does).
        assert_eq!(
            cmd(&mut e, c, "SCAN 0 TYPE none"),
            "*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n"
        );
        assert_eq!(cmd(&mut e, c, "DBSIZE"), ":0\r\n");
        set_px(&mut e, 0, "d", "1", T0_MS + 3);
        advance_ms(&mut e, 2);
        // Keys filtered out by MATCH are not looked at.
        assert_eq!(cmd(&mut e, c, "SCAN 0 MATCH x*"), "*2\r\n$1\r\n0\r\n*0\r\n");
        assert_eq!(cmd(&mut e, c, "DBSIZE"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "SCAN 0"), "*2\r\n$1\r\n0\r\n*0\r\n");
        assert_eq!(cmd(&mut e, c, "DBSIZE"), ":0\r\n");
        assert_eq!(e.stats.expired_keys, 3);
    }

    /// Parses a SCAN reply into (cursor, keys).
    fn parse_scan(reply: &str) -> (u64, Vec<String>) {
        let mut lines = reply.split("\r\n");
        assert_eq!(lines.next(), Some("*2"));
        lines.next();
        let cursor = lines.next().unwrap().parse().unwrap();
        let n: usize = lines.next().unwrap()[1..].parse().unwrap();
        let mut keys = Vec::new();
        for _ in 0..n {
            lines.next();
            keys.push(String::from(lines.next().unwrap()));
        }
        (cursor, keys)
    }

    #[test]
    fn scan_returns_every_key_present_throughout_a_changing_iteration() {
        let (mut e, c) = engine();
        for i in 0..300 {
            set(&mut e, 0, &format!("stay{i}"), "x");
        }
        for i in 0..200 {
            set(&mut e, 0, &format!("tmp{i}"), "x");
        }
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut cursor = 0u64;
        let mut round = 0;
        loop {
            let (next, keys) = parse_scan(&cmd(&mut e, c, &format!("SCAN {cursor} COUNT 7")));
            assert!(keys.len() <= 7 + 1);
            seen.extend(keys);
            // Churn: delete some keys, add more (growing the table), rename one.
            for j in 0..5 {
                let k = format!("tmp{}", round * 5 + j);
                cmd(&mut e, c, &format!("DEL {k}"));
            }
            for j in 0..4 {
                set(&mut e, 0, &format!("new{round}-{j}"), "y");
            }
            cmd(&mut e, c, &format!("RENAME new{round}-0 renamed{round}"));
            round += 1;
            cursor = next;
            if cursor == 0 {
                break;
            }
            assert!(round < 10_000);
        }
        for i in 0..300 {
            assert!(seen.contains(&format!("stay{i}")), "missing stay{i}");
        }
        // Nothing that never existed is returned.
        assert!(seen.iter().all(|k| k.starts_with("stay")
            || k.starts_with("tmp")
            || k.starts_with("new")
            || k.starts_with("renamed")));
    }

    #[test]
    fn randomkey_touch_and_resp3_nulls() {
        let (mut e, c) = engine();
        assert_eq!(cmd(&mut e, c, "RANDOMKEY"), "$-1\r\n");
        set(&mut e, 0, "only", "1");
        for i in 0..50 {
            set_px(&mut e, 0, &format!("exp{i}"), "1", T0_MS + 10);
        }
        advance_ms(&mut e, 11);
        for _ in 0..5 {
            assert_eq!(cmd(&mut e, c, "RANDOMKEY"), "$4\r\nonly\r\n");
        }
        cmd(&mut e, c, "DEL only");
        assert_eq!(cmd(&mut e, c, "RANDOMKEY"), "$-1\r\n");
        assert_eq!(e.dbs[0].len(), 0);
        set(&mut e, 0, "a", "1");
        assert_eq!(cmd(&mut e, c, "TOUCH a a zz"), ":2\r\n");
        assert_eq!(
            cmd(&mut e, c, "RANDOMKEY x"),
            "-ERR wrong number of arguments for 'randomkey' command\r\n"
        );
        resp3(&mut e, c);
        assert_eq!(cmd(&mut e, c, "OBJECT ENCODING zz"), "_\r\n");
        assert_eq!(cmd(&mut e, c, "TYPE zz"), "+none\r\n");
        cmd(&mut e, c, "DEL a");
        assert_eq!(cmd(&mut e, c, "RANDOMKEY"), "_\r\n");
    }

    #[test]
    fn object_subcommands() {
        let (mut e, c) = engine();
        set(&mut e, 0, "a", "5");
        set(&mut e, 0, "c", "10000");
        set(&mut e, 0, "d", "-1");
        set(&mut e, 0, "e9", "9999");
        set(&mut e, 0, "f", "hello");
        set(&mut e, 0, "g", &"x".repeat(45));
        assert_eq!(cmd(&mut e, c, "OBJECT REFCOUNT a"), ":2147483647\r\n");
        assert_eq!(cmd(&mut e, c, "OBJECT REFCOUNT e9"), ":2147483647\r\n");
        assert_eq!(cmd(&mut e, c, "OBJECT REFCOUNT c"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "OBJECT REFCOUNT d"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "OBJECT REFCOUNT f"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "OBJECT REFCOUNT nope"), "$-1\r\n");
        assert_eq!(cmd(&mut e, c, "object encoding a"), "$3\r\nint\r\n");
        assert_eq!(cmd(&mut e, c, "OBJECT ENCODING f"), "$6\r\nembstr\r\n");
        assert_eq!(cmd(&mut e, c, "OBJECT ENCODING g"), "$3\r\nraw\r\n");
        assert_eq!(cmd(&mut e, c, "OBJECT ENCODING nope"), "$-1\r\n");
        assert_eq!(cmd(&mut e, c, "OBJECT IDLETIME nope"), "$-1\r\n");
        assert_eq!(cmd(&mut e, c, "OBJECT FREQ nope"), "$-1\r\n");
        assert_eq!(
            cmd(&mut e, c, "OBJECT FREQ a"),
            "-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "OBJECT"),
            "-ERR wrong number of arguments for 'object' command\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "OBJECT foo"),
            "-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "OBJECT encoding"),
            "-ERR wrong number of arguments for 'object|encoding' command\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "OBJECT encoding a b"),
            "-ERR wrong number of arguments for 'object|encoding' command\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "OBJECT help x"),
            "-ERR wrong number of arguments for 'object|help' command\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "OBJECT HELP"),
            "*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+ENCODING <key>\r\n\
             +    Return the kind of internal representation used in order to store the value\r\n\
             +    associated with a <key>.\r\n+FREQ <key>\r\n\
             +    Return the access frequency index of the <key>. The returned integer is\r\n\
             +    proportional to the logarithm of the recent access frequency of the key.\r\n\
             +IDLETIME <key>\r\n+    Return the idle time of the <key>, that is the approximated number of\r\n\
             +    seconds elapsed since the last access to the key.\r\n+REFCOUNT <key>\r\n\
             +    Return the number of references of the value associated with the specified\r\n\
             +    <key>.\r\n+HELP\r\n+    Prints this help.\r\n"
        );
        // Idle time: OBJECT, TYPE, EXISTS and TTL leave it alone; TOUCH resets it.
        advance_ms(&mut e, 12_000);
        assert_eq!(cmd(&mut e, c, "OBJECT IDLETIME f"), ":12\r\n");
        for line in [
            "TYPE f",
            "EXISTS f",
            "TTL f",
            "OBJECT ENCODING f",
            "SCAN 0 TYPE string",
            "KEYS *",
        ] {
            cmd(&mut e, c, line);
        }
        assert_eq!(cmd(&mut e, c, "OBJECT IDLETIME f"), ":12\r\n");
        cmd(&mut e, c, "TOUCH f");
        assert_eq!(cmd(&mut e, c, "OBJECT IDLETIME f"), ":0\r\n");
        advance_ms(&mut e, 3_000);
        cmd(&mut e, c, "RENAME f f2");
        assert_eq!(cmd(&mut e, c, "OBJECT IDLETIME f2"), ":0\r\n");
    }

    #[test]
    fn command_table_entries() {
        let find = |n: &str| COMMANDS.iter().find(|s| s.name == n).unwrap();
        assert_eq!(
            (
                find("del").arity,
                find("del").first_key,
                find("del").last_key,
                find("del").key_step
            ),
            (-2, 1, -1, 1)
        );
        assert_eq!(find("copy").flags, WRITE | DENYOOM);
        assert_eq!(
            find("keys").acl,
            acl::KEYSPACE | acl::READ | acl::SLOW | acl::DANGEROUS
        );
        assert_eq!(find("select").flags, LOADING | STALE | FAST);
        assert_eq!(find("object").subcommands.len(), 5);
        assert_eq!(find("rename").key_positions(3), alloc::vec![1, 2]);
    }
}
