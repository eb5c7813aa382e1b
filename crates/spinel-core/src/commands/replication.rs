//! Replication commands. Spinel has no replication: it is always a master with no replicas,
//! and these answer as such a Redis answers them. ROLE says so; REPLICAOF/SLAVEOF NO ONE is
//! the no-op it is on a master; FAILOVER checks its arguments as Redis does and then, like a
//! master with no replicas, refuses. Making Spinel a replica (REPLICAOF host port) is refused
//! with an error of Spinel's own (tests/differences.md D27).

use super::{acl, arg_i64, flags::*, CommandSpec, Ctx, SYNTAX};
use crate::engine::Engine;

const ADMIN_ACL: u32 = acl::ADMIN | acl::SLOW | acl::DANGEROUS;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new("role", 1, NOSCRIPT | LOADING | STALE | FAST, acl::ADMIN | acl::FAST | acl::DANGEROUS, role),
    CommandSpec::new("replicaof", 3, ADMIN | NOSCRIPT | STALE | NO_ASYNC_LOADING, ADMIN_ACL, replicaof),
    CommandSpec::new("slaveof", 3, ADMIN | NOSCRIPT | STALE | NO_ASYNC_LOADING, ADMIN_ACL, replicaof),
    CommandSpec::new("failover", -1, ADMIN | NOSCRIPT | STALE, ADMIN_ACL, failover),
];

/// ROLE: a master with no replicas, at offset 0 (client libraries and health checks ask this
/// before using a server).
fn role(_e: &mut Engine, ctx: &mut Ctx) {
    ctx.out.array(3);
    ctx.out.bulk(b"master");
    ctx.out.int(0);
    ctx.out.array(0);
}

/// REPLICAOF NO ONE: already a master, so OK (failover scripts send it to the server they
/// promote). REPLICAOF host port: the port is checked as Redis checks it, then refused.
fn replicaof(_e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    if argv[1].eq_ignore_ascii_case(b"no") && argv[2].eq_ignore_ascii_case(b"one") {
        return ctx.out.ok();
    }
    match crate::num::parse_i64(argv[2]) {
        Some(port) if (0..=65535).contains(&port) => {
            ctx.out.error("ERR Spinel has no replication: it cannot be a replica (REPLICAOF NO ONE is accepted)")
        }
        _ => ctx.out.error("ERR Invalid master port"),
    }
}

/// FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT ms]: parsed as Redis parses it; with no
/// replica to hand over to, refused with Redis's error.
fn failover(_e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    if argv.len() == 2 && argv[1].eq_ignore_ascii_case(b"abort") {
        return ctx.out.error("ERR No failover in progress.");
    }
    let (mut timeout, mut to, mut force) = (0i64, false, false);
    let mut j = 1;
    while j < argv.len() {
        let a = argv[j];
        if a.eq_ignore_ascii_case(b"timeout") && j + 1 < argv.len() && timeout == 0 {
            let Some(ms) = arg_i64(&mut ctx.out, argv[j + 1]) else { return };
            if ms <= 0 {
                return ctx.out.error("ERR FAILOVER timeout must be greater than 0");
            }
            timeout = ms;
            j += 1;
        } else if a.eq_ignore_ascii_case(b"to") && j + 2 < argv.len() && !to {
            if arg_i64(&mut ctx.out, argv[j + 2]).is_none() {
                return;
            }
            to = true;
            j += 2;
        } else if a.eq_ignore_ascii_case(b"force") && !force {
            force = true;
        } else {
            return ctx.out.error(SYNTAX);
        }
        j += 1;
    }
    ctx.out.error("ERR FAILOVER requires connected replicas.");
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::{engine, run};

    #[test]
    fn becoming_a_replica_is_refused_after_redis_checks() {
        let (mut e, c) = engine();
        assert_eq!(run(&mut e, c, "REPLICAOF NO ONE"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "REPLICAOF localhost 65536"), b"-ERR Invalid master port\r\n");
        assert_eq!(
            run(&mut e, c, "SLAVEOF localhost 6379"),
            &b"-ERR Spinel has no replication: it cannot be a replica (REPLICAOF NO ONE is accepted)\r\n"[..]
        );
        assert_eq!(run(&mut e, c, "ROLE"), b"*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n");
    }
}
