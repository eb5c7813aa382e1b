//! SAVE, BGSAVE, LASTSAVE, BGREWRITEAOF: the engine checks and answers as Redis does; the
//! host's [`PersistHost`](crate::persist::PersistHost) does the writing.

use super::{acl, flags::*, CommandSpec, Ctx, SYNTAX};
use crate::engine::Engine;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new("save", 1, ADMIN | NOSCRIPT | NO_ASYNC_LOADING | NO_MULTI, acl::ADMIN | acl::SLOW | acl::DANGEROUS, save),
    CommandSpec::new("bgsave", -1, ADMIN | NOSCRIPT | NO_ASYNC_LOADING, acl::ADMIN | acl::SLOW | acl::DANGEROUS, bgsave),
    CommandSpec::new("lastsave", 1, LOADING | STALE | FAST, acl::ADMIN | acl::FAST | acl::DANGEROUS, lastsave),
    CommandSpec::new("bgrewriteaof", 1, ADMIN | NOSCRIPT | NO_ASYNC_LOADING, acl::ADMIN | acl::SLOW | acl::DANGEROUS, bgrewriteaof),
];

fn now_s(e: &Engine) -> u64 {
    e.now_us / 1_000_000
}

fn save(e: &mut Engine, ctx: &mut Ctx) {
    if e.persist.bgsave_started.is_some() {
        return ctx.out.error("ERR Background save already in progress");
    }
    if e.save_now() {
        ctx.out.ok();
    } else {
        // A failure is in the log; the client gets a bare ERR, as from Redis.
        ctx.out.error("ERR");
    }
}

fn bgsave(e: &mut Engine, ctx: &mut Ctx) {
    let mut schedule = false;
    if ctx.argv.len() > 1 {
        if ctx.argv.len() == 2 && ctx.argv[1].eq_ignore_ascii_case(b"schedule") {
            schedule = true;
        } else {
            return ctx.out.error(SYNTAX);
        }
    }
    if e.persist.bgsave_started.is_some() {
        return ctx.out.error("ERR Background save already in progress");
    }
    // Behind an AOF rewrite, or inside EXEC (Redis forks no child there).
    if e.persist.aof_rewrite_started.is_some() || ctx.no_block {
        if schedule || ctx.no_block {
            e.persist.bgsave_scheduled = true;
            return ctx.out.simple(b"Background saving scheduled");
        }
        return ctx.out.error("ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
    }
    let now = now_s(e);
    match e.with_persist_host(|h, e| h.bgsave(e)) {
        Some(Ok(())) => {
            e.bgsave_started(now);
            ctx.out.simple(b"Background saving started");
        }
        Some(Err(_)) => {
            e.persist.last_bgsave_ok = false;
            e.persist.last_bgsave_try = now;
            ctx.out.error("ERR");
        }
        None => ctx.out.error("ERR"),
    }
}

fn lastsave(e: &mut Engine, ctx: &mut Ctx) {
    ctx.out.int(e.persist.lastsave as i64);
}

fn bgrewriteaof(e: &mut Engine, ctx: &mut Ctx) {
    if e.persist.aof_rewrite_started.is_some() {
        return ctx.out.error("ERR Background append only file rewriting already in progress");
    }
    // Behind a BGSAVE, or inside EXEC (Redis forks no child there): started by cron.
    if e.persist.bgsave_started.is_some() || ctx.no_block {
        e.persist.aof_rewrite_scheduled = true;
        e.persist.aof_rewrites_consecutive_failures = 0;
        return ctx.out.simple(b"Background append only file rewriting scheduled");
    }
    let now = now_s(e);
    match e.with_persist_host(|h, e| h.bgrewriteaof(e)) {
        Some(Ok(())) => {
            e.persist.aof_rewrite_started = Some(now);
            ctx.out.simple(b"Background append only file rewriting started");
        }
        _ => ctx.out.error("ERR Can't execute an AOF background rewriting. Please check the server logs for more information."),
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::*;
    use crate::persist::PersistHost;
    use alloc::boxed::Box;
    use alloc::string::String;

    /// A host that "writes" snapshots into memory, or fails.
    struct Mem {
        fail: bool,
    }

    impl PersistHost for Mem {
        fn save(&mut self, e: &crate::Engine) -> Result<(), String> {
            let file = crate::rdb::file::write_to_vec(e, 0);
            if self.fail || file.is_empty() {
                Err("disk full".into())
            } else {
                Ok(())
            }
        }
        fn bgsave(&mut self, e: &crate::Engine) -> Result<(), String> {
            self.save(e)
        }
    }

    #[test]
    fn save_bgsave_lastsave_and_misconf() {
        let (mut e, c) = engine();
        assert_eq!(run(&mut e, c, "SAVE"), b"-ERR\r\n", "no host: nothing can be saved");
        e.set_persist_host(Box::new(Mem { fail: false }));
        run(&mut e, c, "SET a 1");
        assert_eq!(e.changes_since_save(), 1);
        assert_eq!(run(&mut e, c, "SAVE"), b"+OK\r\n");
        assert_eq!(e.changes_since_save(), 0);
        assert_eq!(run(&mut e, c, "LASTSAVE"), alloc::format!(":{}\r\n", T0 / 1_000_000).as_bytes());
        assert_eq!(run(&mut e, c, "BGSAVE x"), b"-ERR syntax error\r\n");
        assert_eq!(run(&mut e, c, "BGSAVE"), b"+Background saving started\r\n");
        assert_eq!(run(&mut e, c, "BGSAVE"), b"-ERR Background save already in progress\r\n");
        assert_eq!(run(&mut e, c, "SAVE"), b"-ERR Background save already in progress\r\n");
        // The host reports a failed background save: writes and PING get MISCONF, reads work.
        e.bgsave_done(false, T0 / 1_000_000);
        let misconf = alloc::format!("-{}\r\n", crate::persist::MISCONF_RDB);
        assert_eq!(run(&mut e, c, "SET a 2"), misconf.as_bytes());
        assert_eq!(run(&mut e, c, "PING"), misconf.as_bytes());
        assert_eq!(run(&mut e, c, "GET a"), b"$1\r\n1\r\n");
        run(&mut e, c, "CONFIG SET stop-writes-on-bgsave-error no");
        assert_eq!(run(&mut e, c, "SET a 2"), b"+OK\r\n");
        let info = String::from_utf8(run(&mut e, c, "INFO persistence")).unwrap();
        assert!(info.contains("rdb_last_bgsave_status:err\r\n") && info.contains("rdb_changes_since_last_save:1\r\n"), "{info}");
        // SHUTDOWN saves through the host; a failed save keeps the server up.
        e.set_persist_host(Box::new(Mem { fail: true }));
        assert_eq!(run(&mut e, c, "SHUTDOWN"), b"-ERR Errors trying to SHUTDOWN. Check logs.\r\n");
        let mut out = alloc::vec::Vec::new();
        let o = e.execute(c, &[b"SHUTDOWN", b"FORCE"], T0, &mut out);
        assert_eq!(o, crate::engine::Outcome::Shutdown);
    }
}
