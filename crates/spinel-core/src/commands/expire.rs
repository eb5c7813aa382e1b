//! Expiry commands (Redis's expire.c): EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (with
//! NX|XX|GT|LT), TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST, and the active expiry cycle
//! the host drives through `Engine::cron`.
//!
//! Propagation follows Redis: a relative or second-based expiry is recorded in the change
//! stream as `PEXPIREAT key <absolute ms>` (keeping any NX/XX/GT/LT options), PEXPIREAT as
//! given, and an expiry time already in the past deletes the key and is recorded as `DEL key`.

use crate::notify::class;
use super::keys::{error_bytes, lookup_read_notouch, opt_eq};
use super::{acl, arg_i64, flags::*, CommandSpec, Ctx};
use crate::config::opt;
use crate::engine::Engine;
use crate::keyspace::NO_EXPIRE;
use alloc::vec::Vec;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new(
        "expire",
        -3,
        WRITE | FAST,
        acl::KEYSPACE | acl::WRITE | acl::FAST,
        expire,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "pexpire",
        -3,
        WRITE | FAST,
        acl::KEYSPACE | acl::WRITE | acl::FAST,
        pexpire,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "expireat",
        -3,
        WRITE | FAST,
        acl::KEYSPACE | acl::WRITE | acl::FAST,
        expireat,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "pexpireat",
        -3,
        WRITE | FAST,
        acl::KEYSPACE | acl::WRITE | acl::FAST,
        pexpireat,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "ttl",
        2,
        READONLY | FAST,
        acl::KEYSPACE | acl::READ | acl::FAST,
        ttl,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "pttl",
        2,
        READONLY | FAST,
        acl::KEYSPACE | acl::READ | acl::FAST,
        pttl,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "expiretime",
        2,
        READONLY | FAST,
        acl::KEYSPACE | acl::READ | acl::FAST,
        expiretime,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "pexpiretime",
        2,
        READONLY | FAST,
        acl::KEYSPACE | acl::READ | acl::FAST,
        pexpiretime,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "persist",
        2,
        WRITE | FAST,
        acl::KEYSPACE | acl::WRITE | acl::FAST,
        persist,
    )
    .keys(1, 1, 1),
];

/// Whether an entry with expiry `at` (unix ms, or NO_EXPIRE) is logically expired at
/// `now_ms`; the same rule as `Engine::expire_if_needed`, for code that must not delete.
#[inline]
pub(crate) fn is_expired(at: u64, now_ms: u64) -> bool {
    at != NO_EXPIRE && at <= now_ms
}

// ----- EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT -------------------------------------------------

const NX: u8 = 1;
const XX: u8 = 2;
const GT: u8 = 4;
const LT: u8 = 8;

fn expire(e: &mut Engine, ctx: &mut Ctx) {
    let now = e.now_ms() as i64;
    expire_generic(e, ctx, now, true, "expire");
}

fn pexpire(e: &mut Engine, ctx: &mut Ctx) {
    let now = e.now_ms() as i64;
    expire_generic(e, ctx, now, false, "pexpire");
}

fn expireat(e: &mut Engine, ctx: &mut Ctx) {
    expire_generic(e, ctx, 0, true, "expireat");
}

fn pexpireat(e: &mut Engine, ctx: &mut Ctx) {
    expire_generic(e, ctx, 0, false, "pexpireat");
}

/// Redis's `parseExtendedExpireArgumentsOrReply`: options after the time, then the
/// compatibility checks. Options are read as C strings (up to a NUL byte).
fn parse_expire_flags(ctx: &mut Ctx) -> Option<u8> {
    let mut flags = 0u8;
    for a in &ctx.argv[3..] {
        flags |= if opt_eq(a, "nx") {
            NX
        } else if opt_eq(a, "xx") {
            XX
        } else if opt_eq(a, "gt") {
            GT
        } else if opt_eq(a, "lt") {
            LT
        } else {
            error_bytes(
                &mut ctx.out,
                &[b"ERR Unsupported option ", super::keys::c_str(a)],
            );
            return None;
        };
    }
    if flags & NX != 0 && flags & (XX | GT | LT) != 0 {
        ctx.out
            .error("ERR NX and XX, GT or LT options at the same time are not compatible");
        return None;
    }
    if flags & GT != 0 && flags & LT != 0 {
        ctx.out
            .error("ERR GT and LT options at the same time are not compatible");
        return None;
    }
    Some(flags)
}

/// `basetime` is now (ms) for the relative forms, 0 for the absolute ones.
fn expire_generic(e: &mut Engine, ctx: &mut Ctx, basetime: i64, seconds: bool, name: &str) {
    let Some(flags) = parse_expire_flags(ctx) else {
        return;
    };
    let Some(mut when) = arg_i64(&mut ctx.out, ctx.argv[2]) else {
        return;
    };
    let overflow = |ctx: &mut Ctx| {
        ctx.out.error(&alloc::format!(
            "ERR invalid expire time in '{}' command",
            name
        ))
    };
    if seconds {
        if !(i64::MIN / 1000..=i64::MAX / 1000).contains(&when) {
            overflow(ctx);
            return;
        }
        when *= 1000;
    }
    if when > i64::MAX - basetime {
        overflow(ctx);
        return;
    }
    when += basetime;

    let db = ctx.db(e);
    let key = ctx.argv[1];
    let Some(slot) = e.lookup_write(db, key) else {
        ctx.out.int(0);
        return;
    };
    if flags != 0 {
        let at = e.dbs[db].expire(slot);
        let current: i64 = if at == NO_EXPIRE { -1 } else { at as i64 };
        let refused = (flags & NX != 0 && current != -1)
            || (flags & XX != 0 && current == -1)
            // No TTL counts as infinite: GT never beats it.
            || (flags & GT != 0 && (when <= current || current == -1))
            || (flags & LT != 0 && current != -1 && when >= current);
        if refused {
            ctx.out.int(0);
            return;
        }
    }
    if when <= e.now_ms() as i64 && !e.loading {
        // Already in the past: delete now, recorded as an explicit DEL (not while a log
        // loads: checkAlreadyExpired).
        e.dbs[db].remove_slot(slot);
        e.dirty += 1;
        e.modified(class::GENERIC, "del", db, key);
        e.propagate(db, &[b"DEL", key]);
        ctx.propagated = true;
        ctx.out.int(1);
        return;
    }
    e.dbs[db].set_expire(slot, when as u64);
    e.dirty += 1;
    e.modified(class::GENERIC, "expire", db, key);
    if name == "pexpireat" {
        e.propagate(db, ctx.argv);
    } else {
        let mut b = itoa::Buffer::new();
        let ms = b.format(when);
        let mut args: Vec<&[u8]> = Vec::with_capacity(ctx.argv.len());
        args.extend_from_slice(&[b"PEXPIREAT", key, ms.as_bytes()]);
        args.extend_from_slice(&ctx.argv[3..]);
        e.propagate(db, &args);
    }
    ctx.propagated = true;
    ctx.out.int(1);
}

// ----- TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST ---------------------------------------------

fn ttl(e: &mut Engine, ctx: &mut Ctx) {
    ttl_generic(e, ctx, false, false);
}

fn pttl(e: &mut Engine, ctx: &mut Ctx) {
    ttl_generic(e, ctx, true, false);
}

fn expiretime(e: &mut Engine, ctx: &mut Ctx) {
    ttl_generic(e, ctx, false, true);
}

fn pexpiretime(e: &mut Engine, ctx: &mut Ctx) {
    ttl_generic(e, ctx, true, true);
}

/// -2 if the key is missing, -1 without expiry; seconds are rounded to the nearest.
fn ttl_generic(e: &mut Engine, ctx: &mut Ctx, ms: bool, absolute: bool) {
    let db = ctx.db(e);
    let Some(slot) = lookup_read_notouch(e, db, ctx.argv[1]) else {
        ctx.out.int(-2);
        return;
    };
    let at = e.dbs[db].expire(slot);
    if at == NO_EXPIRE {
        ctx.out.int(-1);
        return;
    }
    let at = at as i64;
    let t = if absolute { at } else { at - e.now_ms() as i64 }.max(0);
    ctx.out.int(if ms {
        t
    } else {
        ((t as i128 + 500) / 1000) as i64
    });
}

fn persist(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let removed = match e.lookup_write(db, ctx.argv[1]) {
        Some(slot) => e.dbs[db].clear_expire(slot),
        None => false,
    };
    if removed {
        e.dirty += 1;
        e.modified(class::GENERIC, "persist", db, ctx.argv[1]);
    }
    ctx.out.int(removed as i64);
}

// ----- active expiry --------------------------------------------------------------------------

/// Keys sampled per round at active-expire-effort 1 (Redis's ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP).
const KEYS_PER_LOOP: u64 = 20;
/// Share of a cron period Redis lets the slow cycle use, in percent, at effort 1.
const SLOW_TIME_PERC: u64 = 25;
/// Percentage of expired keys in a sample above which another round is done, at effort 1.
const ACCEPTABLE_STALE: u64 = 10;
/// Databases visited per call (Redis's CRON_DBS_PER_CALL).
const DBS_PER_CALL: usize = 16;
/// Keys examined per call, per point of CPU percentage, at hz 1, for hosts without a clock
/// (the npm package): Redis bounds the cycle by time (25% of 1/hz s). At the defaults
/// (effort 1, hz 10) this allows 20 * 25 * 20 / 10 = 1000 keys per call, 10 000 a second.
const KEYS_PER_PERC_HZ: u64 = 20;

/// Redis's slow active expiry cycle, sans IO: for each database in turn (resuming at
/// `e.expire_db_cursor`), sample keys with a TTL at random, delete the expired ones, and
/// sample again while more than the acceptable share of a sample was expired. As in Redis,
/// a call may use a share of a cron period (25% at effort 1, read on the host's clock every
/// 16 rounds); a host without a clock bounds it by keys examined instead, a number that
/// scales with active-expire-effort and shrinks as hz grows.
pub fn active_expire_cycle(e: &mut Engine) {
    let ndb = e.dbs.len();
    if ndb == 0 || !e.active_expire_enabled {
        return;
    }
    let effort = (e.config.int(opt::ACTIVE_EXPIRE_EFFORT).clamp(1, 10) - 1) as u64;
    let keys_per_loop = KEYS_PER_LOOP + KEYS_PER_LOOP / 4 * effort;
    let slow_time_perc = SLOW_TIME_PERC + 2 * effort;
    let acceptable_stale = ACCEPTABLE_STALE - effort;
    let hz = e.config.int(opt::HZ).max(1) as u64;
    let budget = (keys_per_loop * slow_time_perc * KEYS_PER_PERC_HZ / hz).max(keys_per_loop);
    let clock = e.host.clock_us;
    let started = clock.map_or(0, |now| now());
    let time_limit_us = slow_time_perc * 1_000_000 / hz / 100;

    let mut rounds = 0u64;
    let mut examined = 0u64;
    let mut total_sampled = 0u64;
    let mut total_expired = 0u64;
    let mut capped = false;
    for _ in 0..ndb.min(DBS_PER_CALL) {
        if capped {
            break;
        }
        let db = e.expire_db_cursor % ndb;
        // Advance first, so a call that runs out of budget here resumes at the next db.
        e.expire_db_cursor = (db + 1) % ndb;
        loop {
            let volatile = e.dbs[db].expires_len() as u64;
            if volatile == 0 {
                break;
            }
            let num = volatile.min(keys_per_loop);
            let (mut sampled, mut expired) = (0u64, 0u64);
            while sampled < num {
                let Some(slot) = e.dbs[db].random_volatile(&mut e.rng) else {
                    break;
                };
                sampled += 1;
                if e.expire_if_needed(db, slot) {
                    expired += 1;
                }
            }
            total_sampled += sampled;
            total_expired += expired;
            examined += sampled;
            rounds += 1;
            let out_of_time = match clock {
                Some(now) => rounds % 16 == 0 && now().saturating_sub(started) > time_limit_us,
                None => examined >= budget,
            };
            if out_of_time {
                capped = true;
                e.stats.expired_time_cap_reached_count += 1;
                break;
            }
            if sampled == 0 || expired * 100 / sampled <= acceptable_stale {
                break;
            }
        }
    }
    let current = if total_sampled > 0 {
        total_expired as f64 / total_sampled as f64
    } else {
        0.0
    };
    e.stats.expired_stale_perc = current * 0.05 + e.stats.expired_stale_perc * 0.95;
}

#[cfg(test)]
mod tests {
    use super::super::keys::test_util::*;
    use super::*;
    use alloc::format;

    #[test]
    fn option_and_time_errors() {
        let (mut e, c) = engine();
        set(&mut e, 0, "k", "v");
        assert_eq!(
            cmd(&mut e, c, "EXPIRE k 100 nx xx"),
            "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "EXPIRE k 100 nx gt"),
            "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "EXPIRE k 100 gt lt"),
            "-ERR GT and LT options at the same time are not compatible\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "EXPIRE k 100 foo"),
            "-ERR Unsupported option foo\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "EXPIRE k 100 nx foo"),
            "-ERR Unsupported option foo\r\n"
        );
        // Options are checked before the time; option names end at a NUL byte.
        assert_eq!(
            cmd(&mut e, c, "EXPIRE k abc foo"),
            "-ERR Unsupported option foo\r\n"
        );
        assert_eq!(
            run(&mut e, c, &[b"EXPIRE", b"k", b"100", b"foo\0zz"]),
            "-ERR Unsupported option foo\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "EXPIRE k 1 2 3"),
            "-ERR Unsupported option 2\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "EXPIRE k abc"),
            "-ERR value is not an integer or out of range\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "EXPIRE nope abc"),
            "-ERR value is not an integer or out of range\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "EXPIRE k 9223372036854775807"),
            "-ERR invalid expire time in 'expire' command\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "EXPIRE k 9223372036854776"),
            "-ERR invalid expire time in 'expire' command\r\n"
        );
        // Fits after * 1000, overflows when now is added.
        assert_eq!(
            cmd(&mut e, c, "EXPIRE k 9223372036854775"),
            "-ERR invalid expire time in 'expire' command\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "EXPIRE k -9223372036854776"),
            "-ERR invalid expire time in 'expire' command\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "PEXPIRE k 9223372036854775807"),
            "-ERR invalid expire time in 'pexpire' command\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "EXPIREAT k 9223372036854776"),
            "-ERR invalid expire time in 'expireat' command\r\n"
        );
        assert_eq!(
            cmd(&mut e, c, "EXPIRE k"),
            "-ERR wrong number of arguments for 'expire' command\r\n"
        );
        assert_eq!(cmd(&mut e, c, "TTL k"), ":-1\r\n");
        assert_eq!(e.dirty, 0);
    }

    #[test]
    fn nx_xx_gt_lt() {
        let (mut e, c) = engine();
        assert_eq!(cmd(&mut e, c, "EXPIRE nope 100"), ":0\r\n");
        set(&mut e, 0, "k", "v");
        assert_eq!(cmd(&mut e, c, "EXPIRE k 100 xx"), ":0\r\n");
        assert_eq!(cmd(&mut e, c, "EXPIRE k 100 gt"), ":0\r\n");
        // No TTL is infinite, but LT still sets one.
        assert_eq!(cmd(&mut e, c, "EXPIRE k 100 lt"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "TTL k"), ":100\r\n");
        assert_eq!(cmd(&mut e, c, "EXPIRE k 100 nx"), ":0\r\n");
        assert_eq!(cmd(&mut e, c, "EXPIRE k 200 gt"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "TTL k"), ":200\r\n");
        assert_eq!(cmd(&mut e, c, "EXPIRE k 100 GT"), ":0\r\n");
        assert_eq!(cmd(&mut e, c, "EXPIRE k 200 gt"), ":0\r\n");
        assert_eq!(cmd(&mut e, c, "EXPIRE k 50 lt"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "EXPIRE k 50 lt"), ":0\r\n");
        assert_eq!(cmd(&mut e, c, "EXPIRE k 60 lt"), ":0\r\n");
        assert_eq!(cmd(&mut e, c, "EXPIRE k 60 xx gt"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "TTL k"), ":60\r\n");
        assert_eq!(
            run(&mut e, c, &[b"EXPIRE", b"k", b"100", b"nx\0zz"]),
            ":0\r\n"
        );
        assert_eq!(cmd(&mut e, c, "PERSIST k"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "PERSIST k"), ":0\r\n");
        assert_eq!(cmd(&mut e, c, "PERSIST nope"), ":0\r\n");
        assert_eq!(
            run(&mut e, c, &[b"EXPIRE", b"k", b"100", b"nx\0zz"]),
            ":1\r\n"
        );
        assert_eq!(e.dirty, 6);
        assert_eq!(e.dbs[0].expires_len(), 1);
    }

    #[test]
    fn ttl_family_values_and_rounding() {
        let (mut e, c) = engine();
        for name in ["TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"] {
            assert_eq!(cmd(&mut e, c, &format!("{name} nope")), ":-2\r\n");
        }
        set(&mut e, 0, "k", "v");
        for name in ["TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"] {
            assert_eq!(cmd(&mut e, c, &format!("{name} k")), ":-1\r\n");
        }
        assert_eq!(cmd(&mut e, c, "PEXPIRE k 1500"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "TTL k"), ":2\r\n");
        assert_eq!(cmd(&mut e, c, "PTTL k"), ":1500\r\n");
        assert_eq!(cmd(&mut e, c, "PEXPIRE k 1499"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "TTL k"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "PEXPIRE k 499"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "TTL k"), ":0\r\n");
        assert_eq!(cmd(&mut e, c, "PEXPIREAT k 9223372036854775807"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "PEXPIRETIME k"), ":9223372036854775807\r\n");
        assert_eq!(cmd(&mut e, c, "EXPIRETIME k"), ":9223372036854776\r\n");
        assert_eq!(
            cmd(&mut e, c, "PTTL k"),
            format!(":{}\r\n", i64::MAX as u64 - T0_MS)
        );
        assert_eq!(cmd(&mut e, c, "PEXPIREAT k 1700000000000999"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "EXPIRETIME k"), ":1700000000001\r\n");
        assert_eq!(cmd(&mut e, c, "PEXPIREAT k 1700000000000499"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "EXPIRETIME k"), ":1700000000000\r\n");
        assert_eq!(cmd(&mut e, c, "EXPIREAT k 1700000100"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "TTL k"), ":100\r\n");
        advance_ms(&mut e, 40_400);
        assert_eq!(cmd(&mut e, c, "TTL k"), ":60\r\n");
        assert_eq!(cmd(&mut e, c, "PTTL k"), ":59600\r\n");
        assert_eq!(cmd(&mut e, c, "EXPIRETIME k"), ":1700000100\r\n");
        assert_eq!(
            cmd(&mut e, c, "TTL k x"),
            "-ERR wrong number of arguments for 'ttl' command\r\n"
        );
    }

    #[test]
    fn past_times_delete_and_propagation_is_absolute() {
        let (mut e, c) = engine();
        e.set_change_stream(true);
        set(&mut e, 0, "k", "v");
        assert_eq!(cmd(&mut e, c, "EXPIRE k 100 nx"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "pexpire k 100000 XX"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "expireat k 2000000000 gt"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "pexpireat k 2000000000001"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "persist k"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "EXPIRE k -1"), ":1\r\n");
        assert_eq!(cmd(&mut e, c, "EXISTS k"), ":0\r\n");
        set(&mut e, 0, "k", "v");
        assert_eq!(cmd(&mut e, c, "PEXPIREAT k 1"), ":1\r\n");
        set(&mut e, 0, "k", "v");
        assert_eq!(cmd(&mut e, c, "EXPIRE k 0"), ":1\r\n");
        // Refused or missing: not recorded.
        cmd(&mut e, c, "EXPIRE k 10");
        cmd(&mut e, c, "PERSIST k");
        assert_eq!(e.stats.expired_keys, 0);
        assert_eq!(
            changes(&mut e),
            format!(
                "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n\
                 *4\r\n$9\r\nPEXPIREAT\r\n$1\r\nk\r\n$13\r\n{}\r\n$2\r\nnx\r\n\
                 *4\r\n$9\r\nPEXPIREAT\r\n$1\r\nk\r\n$13\r\n{}\r\n$2\r\nXX\r\n\
                 *4\r\n$9\r\nPEXPIREAT\r\n$1\r\nk\r\n$13\r\n2000000000000\r\n$2\r\ngt\r\n\
                 *3\r\n$9\r\npexpireat\r\n$1\r\nk\r\n$13\r\n2000000000001\r\n\
                 *2\r\n$7\r\npersist\r\n$1\r\nk\r\n\
                 *2\r\n$3\r\nDEL\r\n$1\r\nk\r\n*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n",
                T0_MS + 100_000,
                T0_MS + 100_000
            )
        );
    }

    #[test]
    fn lazy_expiry_on_access() {
        let (mut e, c) = engine();
        e.set_change_stream(true);
        set(&mut e, 0, "k", "v");
        assert_eq!(cmd(&mut e, c, "PEXPIRE k 100"), ":1\r\n");
        changes(&mut e);
        advance_ms(&mut e, 99);
        assert_eq!(cmd(&mut e, c, "PTTL k"), ":1\r\n");
        advance_ms(&mut e, 2);
        assert_eq!(cmd(&mut e, c, "TTL k"), ":-2\r\n");
        assert_eq!(cmd(&mut e, c, "DBSIZE"), ":0\r\n");
        assert_eq!(e.stats.expired_keys, 1);
        assert_eq!(e.stats.keyspace_misses, 1);
        assert_eq!(changes(&mut e), "*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n");
        // EXPIRE on a key that just expired finds nothing.
        set_px(&mut e, 0, "j", "v", T0_MS + 150);
        advance_ms(&mut e, 60);
        assert_eq!(cmd(&mut e, c, "EXPIRE j 100"), ":0\r\n");
        assert_eq!(cmd(&mut e, c, "PERSIST j"), ":0\r\n");
    }

    #[test]
    fn active_expiry_reclaims_keys_in_bounded_steps() {
        let (mut e, c) = engine();
        e.set_change_stream(true);
        for i in 0..3000 {
            set_px(&mut e, 0, &format!("a{i}"), "v", T0_MS + 1000);
        }
        for i in 0..100 {
            set_px(&mut e, 0, &format!("later{i}"), "v", T0_MS + 1_000_000);
            set(&mut e, 0, &format!("plain{i}"), "v");
        }
        for i in 0..500 {
            set_px(&mut e, 5, &format!("b{i}"), "v", T0_MS + 1000);
        }
        // Nothing expired yet: one sample per db, nothing deleted.
        e.cron(T0 + 500_000);
        assert_eq!(e.dbs[0].len(), 3200);
        assert_eq!(e.stats.expired_stale_perc, 0.0);
        // Expired: each call does bounded work (1000 keys examined at effort 1, hz 10).
        e.cron(T0 + 2_000_000);
        let after_one = 3700 - e.dbs[0].len() - e.dbs[5].len();
        assert!(after_one > 0 && after_one <= 1000, "{after_one}");
        assert_eq!(e.stats.expired_keys as usize, after_one);
        assert_eq!(e.stats.expired_time_cap_reached_count, 1);
        assert!(e.stats.expired_stale_perc > 0.0);
        for _ in 0..200 {
            e.cron(T0 + 2_000_000);
        }
        // Sampling stops once at most 10% of a sample is stale, so a few may remain.
        assert!(e.dbs[0].len() < 200 + 50, "{}", e.dbs[0].len());
        assert!(e.dbs[5].len() < 50, "{}", e.dbs[5].len());
        // Keys without TTL or with a later one are never touched.
        assert_eq!(
            cmd(&mut e, c, "EXISTS plain0 plain99 later0 later99"),
            ":4\r\n"
        );
        let mut out = alloc::vec::Vec::new();
        e.take_changes(&mut out);
        let text = alloc::string::String::from_utf8_lossy(&out);
        assert!(text.starts_with("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*2\r\n$3\r\nDEL\r\n"));
        assert!(text.contains("*2\r\n$6\r\nSELECT\r\n$1\r\n5\r\n"));
        assert_eq!(
            text.matches("$3\r\nDEL\r\n").count() as u64,
            e.stats.expired_keys
        );
        // Once everything that expired is gone, the remaining TTL keys are only sampled.
        let mut rounds = 0;
        while e.dbs[0].len() > 200 || !e.dbs[5].is_empty() {
            e.cron(T0 + 2_000_000);
            rounds += 1;
            assert!(rounds < 10_000);
        }
        assert_eq!(e.dbs[0].expires_len(), 100);
    }

    static FAKE_CLOCK_US: core::sync::atomic::AtomicU64 = core::sync::atomic::AtomicU64::new(0);
    static FAKE_CLOCK_STEP_US: core::sync::atomic::AtomicU64 = core::sync::atomic::AtomicU64::new(0);
    /// A clock that moves FAKE_CLOCK_STEP_US at every read.
    fn fake_clock() -> u64 {
        use core::sync::atomic::Ordering::Relaxed;
        FAKE_CLOCK_US.fetch_add(FAKE_CLOCK_STEP_US.load(Relaxed), Relaxed)
    }

    #[test]
    fn active_expiry_with_a_clock_is_bounded_by_time() {
        use core::sync::atomic::Ordering::Relaxed;
        let (mut e, _c) = engine();
        e.host.clock_us = Some(fake_clock);
        for i in 0..5000 {
            set_px(&mut e, 0, &format!("a{i}"), "v", T0_MS + 1000);
        }
        // A fast machine: the time limit (25 ms at hz 10) is far away, so one call reclaims
        // far more than the 1000 keys a host without a clock gets.
        FAKE_CLOCK_STEP_US.store(1, Relaxed);
        e.cron(T0 + 2_000_000);
        assert!(e.dbs[0].len() < 1000, "{}", e.dbs[0].len());
        assert_eq!(e.stats.expired_time_cap_reached_count, 0);
        // A slow one: past the limit at the first look at the clock (after 16 rounds of 20).
        for i in 0..5000 {
            set_px(&mut e, 0, &format!("b{i}"), "v", T0_MS + 1000);
        }
        let before = e.dbs[0].len();
        FAKE_CLOCK_STEP_US.store(30_000, Relaxed);
        e.cron(T0 + 2_000_000);
        assert_eq!(before - e.dbs[0].len(), 16 * 20);
        assert_eq!(e.stats.expired_time_cap_reached_count, 1);
    }

    #[test]
    fn active_expiry_visits_every_database_in_turn() {
        let (mut e, _c) = engine();
        e.dbs.extend((0..4).map(crate::keyspace::Db::new));
        assert_eq!(e.dbs.len(), 20);
        set_px(&mut e, 18, "x", "v", T0_MS + 1);
        set_px(&mut e, 19, "y", "v", T0_MS + 1);
        // 16 dbs per call: the first call covers 0..15, the second 16..19 then 0..11.
        e.cron(T0 + 5_000);
        assert_eq!(e.dbs[18].len(), 1);
        assert_eq!(e.expire_db_cursor, 16);
        e.cron(T0 + 5_000);
        assert_eq!((e.dbs[18].len(), e.dbs[19].len()), (0, 0));
        assert_eq!(e.expire_db_cursor, 12);
    }

    #[test]
    fn command_table_entries() {
        for s in COMMANDS {
            assert_eq!(
                (s.first_key, s.last_key, s.key_step),
                (1, 1, 1),
                "{}",
                s.name
            );
            assert!(s.has(FAST));
        }
        assert_eq!(
            COMMANDS
                .iter()
                .filter(|s| s.arity == -3 && s.has(WRITE))
                .count(),
            4
        );
        assert_eq!(
            COMMANDS
                .iter()
                .filter(|s| s.arity == 2 && s.has(READONLY))
                .count(),
            4
        );
    }
}
