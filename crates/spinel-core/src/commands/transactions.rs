//! Transaction commands: MULTI, EXEC, DISCARD, WATCH, UNWATCH. Queueing itself happens in
//! the dispatcher (`Engine::execute`); the state lives in `crate::multi`.

use super::{acl, flags::*, CommandSpec, Ctx};
use crate::engine::{Engine, Outcome};
use crate::multi::MultiState;
use crate::resp::writer::Reply;
use alloc::vec::Vec;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new("multi", 1, NOSCRIPT | LOADING | STALE | FAST | ALLOW_BUSY, acl::FAST | acl::TRANSACTION, multi),
    CommandSpec::new("exec", 1, NOSCRIPT | LOADING | STALE | SKIP_SLOWLOG, acl::SLOW | acl::TRANSACTION, exec),
    CommandSpec::new("discard", 1, NOSCRIPT | LOADING | STALE | FAST | ALLOW_BUSY, acl::FAST | acl::TRANSACTION, discard),
    CommandSpec::new("watch", -2, NOSCRIPT | LOADING | STALE | FAST | ALLOW_BUSY, acl::FAST | acl::TRANSACTION, watch).keys(1, -1, 1),
    CommandSpec::new("unwatch", 1, NOSCRIPT | LOADING | STALE | FAST | ALLOW_BUSY, acl::FAST | acl::TRANSACTION, unwatch),
];

/// Commands that act on the transaction itself and so run at once inside MULTI.
pub(crate) fn runs_inside_multi(spec: &CommandSpec) -> bool {
    matches!(spec.full_name, "exec" | "discard" | "multi" | "watch" | "quit" | "reset")
}

fn multi(e: &mut Engine, ctx: &mut Ctx) {
    let Some(c) = e.clients.get_mut(ctx.client) else { return };
    if c.multi.is_some() {
        return ctx.out.error("ERR MULTI calls can not be nested");
    }
    c.multi = Some(MultiState::default());
    ctx.out.ok();
}

fn discard(e: &mut Engine, ctx: &mut Ctx) {
    if e.clients.get(ctx.client).is_none_or(|c| c.multi.is_none()) {
        return ctx.out.error("ERR DISCARD without MULTI");
    }
    e.discard_transaction(ctx.client);
    ctx.out.ok();
}

fn exec(e: &mut Engine, ctx: &mut Ctx) {
    // The queued commands record themselves; EXEC's unit wraps them in MULTI/EXEC when
    // they recorded more than one effect.
    ctx.propagated = true;
    let client = ctx.client;
    let Some(c) = e.clients.get_mut(client) else { return };
    let Some(state) = c.multi.as_ref() else {
        return ctx.out.error("ERR EXEC without MULTI");
    };
    let (aborted, count) = (state.aborted, state.commands.len());
    let dirty_cas = c.dirty_cas || e.watched_key_expired(client);
    e.unwatch_all(client);
    if aborted || dirty_cas {
        e.discard_transaction(client);
        return if aborted {
            ctx.out.error("EXECABORT Transaction discarded because of previous errors.")
        } else {
            ctx.out.null_array()
        };
    }
    let reply_start = ctx.out.buf.len();
    ctx.out.array(count);
    // The transaction stays open while its commands run (CLIENT LIST shows `x`, as in Redis).
    for i in 0..count {
        let Some((spec, args)) = e.clients.get(client).and_then(|c| c.multi.as_ref()).map(|m| (m.commands[i].0, m.commands[i].1.clone())) else {
            break;
        };
        let argv: Vec<&[u8]> = args.iter().map(|a| a.as_slice()).collect();
        let proto = e.protocol(client);
        let mut reply = Reply::new(&mut *ctx.out.buf, proto);
        // Errors of queued commands are counted by their own calls, not again for EXEC.
        match e.acl_recheck_queued(client, spec, &argv) {
            Ok(()) => {
                e.call(client, spec, &argv, &mut reply, true);
            }
            Err(msg) => {
                reply.error(&msg);
                e.stats.total_error_replies += 1;
            }
        }
        ctx.out.proto = reply.proto;
    }
    e.discard_transaction(client);
    // A queued CLIENT KILL of this very client: the other commands ran, but from the kill on
    // Redis adds no reply (CLIENT_CLOSE_AFTER_REPLY), so no complete EXEC reply goes out, and
    // the connection closes before anything after EXEC runs.
    if e.clients.get(client).is_some_and(|c| c.close_requested) {
        ctx.out.buf.truncate(reply_start);
        ctx.outcome = Outcome::Close;
    }
}

fn watch(e: &mut Engine, ctx: &mut Ctx) {
    if e.clients.get(ctx.client).is_some_and(|c| c.multi.is_some()) {
        return ctx.out.error("ERR WATCH inside MULTI is not allowed");
    }
    let db = ctx.db(e);
    for key in &ctx.argv[1..] {
        e.watch(ctx.client, db, key);
    }
    ctx.out.ok();
}

fn unwatch(e: &mut Engine, ctx: &mut Ctx) {
    e.unwatch_all(ctx.client);
    ctx.out.ok();
}

#[cfg(test)]
mod tests {
    use crate::client::ConnInfo;
    use crate::engine::testing::{engine, run};

    #[test]
    fn queue_exec_discard_and_errors() {
        let (mut e, c) = engine();
        assert_eq!(run(&mut e, c, "EXEC"), b"-ERR EXEC without MULTI\r\n");
        assert_eq!(run(&mut e, c, "DISCARD"), b"-ERR DISCARD without MULTI\r\n");
        assert_eq!(run(&mut e, c, "MULTI"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "MULTI"), b"-ERR MULTI calls can not be nested\r\n");
        assert_eq!(run(&mut e, c, "SET a 1"), b"+QUEUED\r\n");
        assert_eq!(run(&mut e, c, "INCR a"), b"+QUEUED\r\n");
        assert_eq!(run(&mut e, c, "LPUSH a x"), b"+QUEUED\r\n");
        assert_eq!(run(&mut e, c, "WATCH a"), b"-ERR WATCH inside MULTI is not allowed\r\n");
        assert_eq!(
            run(&mut e, c, "EXEC"),
            b"*3\r\n+OK\r\n:2\r\n-WRONGTYPE Operation against a key holding the wrong kind of value\r\n".as_slice()
        );
        run(&mut e, c, "MULTI");
        assert_eq!(run(&mut e, c, "NOSUCH"), b"-ERR unknown command 'NOSUCH', with args beginning with: \r\n");
        assert_eq!(run(&mut e, c, "GET"), b"-ERR wrong number of arguments for 'get' command\r\n");
        assert_eq!(run(&mut e, c, "EXEC"), b"-EXECABORT Transaction discarded because of previous errors.\r\n");
        run(&mut e, c, "MULTI");
        run(&mut e, c, "INCR a");
        assert_eq!(run(&mut e, c, "DISCARD"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "GET a"), b"$1\r\n2\r\n");
    }

    #[test]
    fn watch_is_broken_by_another_clients_write() {
        let (mut e, a) = engine();
        let b = e.connect(ConnInfo::default(), 0);
        run(&mut e, a, "SET k 1");
        assert_eq!(run(&mut e, a, "WATCH k"), b"+OK\r\n");
        run(&mut e, b, "SET k 2");
        run(&mut e, a, "MULTI");
        run(&mut e, a, "SET k 3");
        assert_eq!(run(&mut e, a, "EXEC"), b"*-1\r\n");
        assert_eq!(run(&mut e, a, "GET k"), b"$1\r\n2\r\n");
        // Watching again after EXEC starts clean.
        run(&mut e, a, "WATCH k");
        run(&mut e, a, "MULTI");
        run(&mut e, a, "SET k 4");
        assert_eq!(run(&mut e, a, "EXEC"), b"*1\r\n+OK\r\n");
        // FLUSHALL touches watched keys that existed.
        run(&mut e, a, "WATCH k");
        run(&mut e, b, "FLUSHALL");
        run(&mut e, a, "MULTI");
        assert_eq!(run(&mut e, a, "EXEC"), b"*-1\r\n");
    }

    fn changes(e: &mut crate::engine::Engine) -> alloc::string::String {
        let mut out = alloc::vec::Vec::new();
        e.take_changes(&mut out);
        alloc::string::String::from_utf8(out).unwrap().replace("\r\n", " ")
    }

    #[test]
    fn effects_of_one_command_are_wrapped_only_when_several() {
        let (mut e, c) = engine();
        e.set_change_stream(true);
        // EXEC: one block for several writes, the write alone for one, nothing for none.
        for cmd in ["MULTI", "SET a 1", "GET a", "SELECT 2", "SET b 2", "SELECT 0", "EXEC"] {
            run(&mut e, c, cmd);
        }
        assert_eq!(changes(&mut e), "*2 $6 SELECT $1 0 *1 $5 MULTI *3 $3 SET $1 a $1 1 *2 $6 SELECT $1 2 *3 $3 SET $1 b $1 2 *1 $4 EXEC ");
        for cmd in ["MULTI", "SET c 3", "GET c", "EXEC", "MULTI", "GET c", "EXEC"] {
            run(&mut e, c, cmd);
        }
        assert_eq!(changes(&mut e), "*2 $6 SELECT $1 0 *3 $3 SET $1 c $1 3 ");
        // A lazy-expiry deletion joins the block of the command that found the key expired.
        run(&mut e, c, "SET d 4 PX 10");
        let _ = changes(&mut e);
        let mut out = alloc::vec::Vec::new();
        let later = e.now_us + 20_000;
        e.execute(c, &[b"SET", b"d", b"5"], later, &mut out);
        assert_eq!(changes(&mut e), "*1 $5 MULTI *2 $3 DEL $1 d *3 $3 SET $1 d $1 5 *1 $4 EXEC ");
        // SPOP with a count: its SREMs in one block.
        run(&mut e, c, "SADD s x y z");
        run(&mut e, c, "SPOP s 2");
        let text = changes(&mut e);
        assert!(text.contains("*1 $5 MULTI *3 $4 SREM $1 s") && text.ends_with("*1 $4 EXEC ") && text.matches("SREM").count() == 2, "{text}");
    }
}
