//! Replication commands. Replicas attach with REPLCONF and SYNC/PSYNC (the stream itself is
//! in repl.rs), ROLE and INFO list them. REPLICAOF host port makes spinel-server a replica
//! (replica.rs; the npm package, which has no sockets, refuses it), REPLICAOF NO ONE a
//! master again. FAILOVER checks its arguments as Redis does and then refuses (Spinel hands
//! its role to nobody).

use super::{acl, arg_i64, flags::*, CommandSpec, Ctx, SYNTAX};
#[cfg(feature = "server")]
use super::NOT_INTEGER;
use crate::engine::Engine;
#[cfg(feature = "server")]
use alloc::string::String;

const ADMIN_ACL: u32 = acl::ADMIN | acl::SLOW | acl::DANGEROUS;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new("role", 1, NOSCRIPT | LOADING | STALE | FAST, acl::ADMIN | acl::FAST | acl::DANGEROUS, role),
    CommandSpec::new("replicaof", 3, ADMIN | NOSCRIPT | STALE | NO_ASYNC_LOADING, ADMIN_ACL, replicaof),
    CommandSpec::new("slaveof", 3, ADMIN | NOSCRIPT | STALE | NO_ASYNC_LOADING, ADMIN_ACL, replicaof),
    CommandSpec::new("failover", -1, ADMIN | NOSCRIPT | STALE, ADMIN_ACL, failover),
    CommandSpec::new("sync", 1, ADMIN | NOSCRIPT | NO_ASYNC_LOADING | NO_MULTI, ADMIN_ACL, sync),
    CommandSpec::new("psync", -3, ADMIN | NOSCRIPT | NO_ASYNC_LOADING | NO_MULTI, ADMIN_ACL, sync),
    CommandSpec::new("replconf", -1, ADMIN | NOSCRIPT | LOADING | STALE | ALLOW_BUSY, ADMIN_ACL, replconf),
];

/// ROLE: `master`, the replication offset, and each replica's ip, port and acknowledged
/// offset (the last two as strings, as Redis sends them).
fn role(e: &mut Engine, ctx: &mut Ctx) {
    #[cfg(feature = "server")]
    if e.role_of_replica(&mut ctx.out) {
        return;
    }
    ctx.out.array(3);
    ctx.out.bulk(b"master");
    ctx.out.int(e.repl_offset() as i64);
    // Online replicas only, as Redis's ROLE (INFO lists every one).
    let replicas: alloc::vec::Vec<_> = e.replica_views().into_iter().filter(|r| r.state == crate::repl::SyncState::Online).collect();
    ctx.out.array(replicas.len());
    for r in replicas {
        ctx.out.array(3);
        ctx.out.bulk(r.ip.as_bytes());
        ctx.out.bulk(itoa::Buffer::new().format(r.port).as_bytes());
        ctx.out.bulk(itoa::Buffer::new().format(r.offset).as_bytes());
    }
}

/// SYNC and PSYNC replid offset (Redis's syncCommand): the checks Redis makes, then the
/// stream continued from the backlog when PSYNC asks for bytes it still holds, else a full
/// resynchronization.
fn sync(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let client = ctx.client;
    if e.is_replica(client) || e.client(client).is_some_and(|c| c.monitor) {
        return; // already a replica (or a monitor): ignored, as Redis ignores it
    }
    let psync = argv[0].eq_ignore_ascii_case(b"psync");
    if psync && argv.len() > 3 && argv[3].eq_ignore_ascii_case(b"failover") {
        // A master handing over to this replica (FAILOVER): promoted, it continues the
        // master's stream for it (replid2).
        #[cfg(feature = "server")]
        if e.is_replica_of_master() {
            if argv[1] != e.repl.replid.as_bytes() {
                return ctx.out.error("ERR PSYNC FAILOVER replid must match my replid.");
            }
            e.stop_replicating();
            let who = e.client_info_line(client);
            e.host_log(&alloc::format!("MASTER MODE enabled (failover request from '{who}')"));
        } else {
            return ctx.out.error("ERR PSYNC FAILOVER can't be sent to a master.");
        }
        #[cfg(not(feature = "server"))]
        return ctx.out.error("ERR PSYNC FAILOVER can't be sent to a master.");
    }
    if !e.repl.host || cfg!(not(feature = "server")) {
        return ctx.out.error("ERR Spinel serves replicas from spinel-server only");
    }
    #[cfg(feature = "server")]
    serve_sync(e, ctx, psync);
}

/// The rest of SYNC on a host that serves replicas (the npm package does not: its build
/// leaves this out).
#[cfg(feature = "server")]
fn serve_sync(e: &mut Engine, ctx: &mut Ctx, psync: bool) {
    let (argv, client) = (ctx.argv, ctx.client);
    // Replies of earlier commands not yet written would mix with the RDB.
    let pending = e.client(client).is_some_and(|c| !c.pending.is_empty());
    if !ctx.out.buf.is_empty() || pending {
        return ctx.out.error("ERR SYNC and PSYNC are invalid with pending output");
    }
    // Nor while this server hands over to a replica.
    if e.repl.failover.is_some() {
        return ctx.out.error("NOMASTERLINK Can't SYNC while failing over");
    }
    // A replica whose own link is down has nothing current to give.
    if e.master_target().is_some_and(|t| t.state != crate::replica::LinkState::Connected) {
        return ctx.out.error("NOMASTERLINK Can't SYNC while not connected with my master");
    }
    let conf = e.client(client).and_then(|c| c.repl.as_deref());
    if conf.is_some_and(|r| r.filter_only.is_some() && !r.capa_eof) {
        return ctx.out.error("ERR Filtered replica requires EOF capability");
    }
    if psync {
        let Some(offset) = crate::num::parse_i64(argv[2]) else {
            return ctx.out.error(NOT_INTEGER);
        };
        if e.try_partial_resync(client, argv[1], offset) {
            e.repl.sync_partial_ok += 1;
            return;
        }
        // A replid other than "?" asked for a partial resync that could not be granted.
        if argv[1].first() != Some(&b'?') {
            e.repl.sync_partial_err += 1;
        }
    }
    e.attach_replica(client, psync);
}

/// REPLCONF option value ... (Redis's replconfCommand): the options replicas and redis-cli
/// send. ACK and GETACK answer nothing.
#[cfg(not(feature = "server"))]
fn replconf(_e: &mut Engine, ctx: &mut Ctx) {
    if ctx.argv.len() % 2 == 0 {
        return ctx.out.error(SYNTAX);
    }
    ctx.out.error("ERR Spinel serves replicas from spinel-server only");
}

#[cfg(feature = "server")]
fn replconf(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    if argv.len() % 2 == 0 {
        return ctx.out.error(SYNTAX);
    }
    let now_s = e.now_ms() / 1000;
    let Some(c) = e.client_mut(ctx.client) else { return };
    let conf = c.repl.get_or_insert_with(Default::default);
    for pair in argv[1..].chunks(2) {
        let (opt, value) = (pair[0], pair[1]);
        if opt.eq_ignore_ascii_case(b"listening-port") {
            let Some(port) = arg_i64(&mut ctx.out, value) else { return };
            conf.listening_port = port;
        } else if opt.eq_ignore_ascii_case(b"ip-address") {
            // NET_HOST_STR_LEN
            if value.len() >= 256 {
                return ctx.out.error(&alloc::format!("ERR REPLCONF ip-address provided by replica instance is too long: {} bytes", value.len()));
            }
            conf.ip_address = Some(value.to_vec());
        } else if opt.eq_ignore_ascii_case(b"capa") {
            // Capabilities this master does not know are ignored.
            if value.eq_ignore_ascii_case(b"eof") {
                conf.capa_eof = true;
            } else if value.eq_ignore_ascii_case(b"psync2") {
                conf.capa_psync2 = true;
            }
        } else if opt.eq_ignore_ascii_case(b"ack") {
            if !conf.attached {
                return;
            }
            let Some(offset) = crate::num::parse_i64(value) else { return };
            if offset > conf.ack_offset {
                conf.ack_offset = offset;
            }
            conf.ack_time_s = now_s;
            if !e.repl.waiting.is_empty() {
                e.serve_waiting();
            }
            return;
        } else if opt.eq_ignore_ascii_case(b"getack") {
            // Only a replica answers GETACK, to its master (the ACK goes out although the
            // master's replies are dropped).
            if c.master {
                e.send_ack();
            }
            return;
        } else if opt.eq_ignore_ascii_case(b"rdb-only") {
            match crate::num::parse_i64(value) {
                None => return ctx.out.error(NOT_INTEGER),
                Some(v @ 0..=1) => conf.rdb_only = v == 1,
                Some(_) => return ctx.out.error("ERR value is out of range, value must between 0 and 1"),
            }
        } else if opt.eq_ignore_ascii_case(b"rdb-filter-only") {
            let Some(filters) = crate::acl::split_args(value) else {
                return ctx.out.error("ERR Missing rdb-filter-only values");
            };
            let mut functions = false;
            for f in &filters {
                if f.eq_ignore_ascii_case(b"functions") {
                    functions = true;
                } else {
                    return ctx.out.error(&alloc::format!("ERR Unsupported rdb-filter-only option: {}", String::from_utf8_lossy(f)));
                }
            }
            conf.filter_only = Some(functions);
        } else {
            return ctx.out.error(&alloc::format!("ERR Unrecognized REPLCONF option: {}", String::from_utf8_lossy(opt)));
        }
    }
    ctx.out.ok();
}

/// REPLICAOF NO ONE: a replica becomes a master, keeping its data (on a master, OK).
/// REPLICAOF host port: the port is checked as Redis checks it, then the server follows that
/// master (the host connects; replica.rs). The npm package refuses it: it has no sockets.
fn replicaof(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    #[cfg(feature = "server")]
    if e.repl.failover.is_some() {
        return ctx.out.error("ERR REPLICAOF not allowed while failing over.");
    }
    if argv[1].eq_ignore_ascii_case(b"no") && argv[2].eq_ignore_ascii_case(b"one") {
        #[cfg(feature = "server")]
        if e.is_replica_of_master() {
            e.stop_replicating();
            let who = e.client_info_line(ctx.client);
            e.host_log(&alloc::format!("MASTER MODE enabled (user request from '{who}')"));
        }
        return ctx.out.ok();
    }
    let port = match crate::num::parse_i64(argv[2]) {
        Some(port) if (0..=65535).contains(&port) => port as u16,
        _ => return ctx.out.error("ERR Invalid master port"),
    };
    if !e.repl.host || cfg!(not(feature = "server")) {
        return ctx.out.error("ERR Spinel replicates a master from spinel-server only");
    }
    #[cfg(feature = "server")]
    {
        let host = String::from_utf8_lossy(argv[1]).into_owned();
        if !e.replicate(&host, port) {
            return ctx.out.simple(b"OK Already connected to specified master");
        }
        let who = e.client_info_line(ctx.client);
        e.host_log(&alloc::format!("REPLICAOF {host}:{port} enabled (user request from '{who}')"));
        ctx.out.ok();
    }
    #[cfg(not(feature = "server"))]
    let _ = port;
}

/// FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT ms]: parsed as Redis parses it; with no
/// replica to hand over to, refused with Redis's error.
fn failover(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    if argv.len() == 2 && argv[1].eq_ignore_ascii_case(b"abort") {
        #[cfg(feature = "server")]
        if e.repl.failover.is_some() {
            e.abort_failover("Failover manually aborted");
            return ctx.out.ok();
        }
        return ctx.out.error("ERR No failover in progress.");
    }
    let (mut timeout, mut to, mut force) = (0i64, None, false);
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
        } else if a.eq_ignore_ascii_case(b"to") && j + 2 < argv.len() && to.is_none() {
            let Some(port) = arg_i64(&mut ctx.out, argv[j + 2]) else { return };
            to = Some((argv[j + 1], port));
            j += 2;
        } else if a.eq_ignore_ascii_case(b"force") && !force {
            force = true;
        } else {
            return ctx.out.error(SYNTAX);
        }
        j += 1;
    }
    #[cfg(not(feature = "server"))]
    {
        let _ = (e, force, to);
        ctx.out.error("ERR FAILOVER requires connected replicas.");
    }
    #[cfg(feature = "server")]
    {
        if e.repl.failover.is_some() {
            return ctx.out.error("ERR FAILOVER already in progress.");
        }
        if e.is_replica_of_master() {
            return ctx.out.error("ERR FAILOVER is not valid when server is a replica.");
        }
        let replicas = e.replica_views();
        if replicas.is_empty() {
            return ctx.out.error("ERR FAILOVER requires connected replicas.");
        }
        if force && (timeout == 0 || to.is_none()) {
            return ctx.out.error("ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
        }
        let target = match to {
            Some((host, port)) => {
                let host = String::from_utf8_lossy(host).into_owned();
                let Some(r) = replicas.iter().find(|r| r.ip == host && r.port == port) else {
                    return ctx.out.error("ERR FAILOVER target HOST and PORT is not a replica.");
                };
                if r.state != crate::repl::SyncState::Online {
                    return ctx.out.error("ERR FAILOVER target replica is not online.");
                }
                e.host_log(&alloc::format!("FAILOVER requested to {host}:{port}."));
                Some((host, port as u16))
            }
            None => {
                e.host_log("FAILOVER requested to any replica.");
                None
            }
        };
        e.start_failover(target, timeout as u64, force);
        ctx.out.ok();
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::{engine, run, T0};
    use alloc::format;
    use alloc::string::String;
    use alloc::vec::Vec;

    #[test]
    fn replicaof_checks_the_port_and_needs_a_host_that_connects() {
        let (mut e, c) = engine();
        assert_eq!(run(&mut e, c, "REPLICAOF NO ONE"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "REPLICAOF localhost 65536"), b"-ERR Invalid master port\r\n");
        assert_eq!(run(&mut e, c, "SLAVEOF localhost 6379"), &b"-ERR Spinel replicates a master from spinel-server only\r\n"[..]);
        assert_eq!(run(&mut e, c, "ROLE"), b"*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n");
    }

    /// A replica's rules (replica.rs), with a client standing in for the master's link.
    #[test]
    fn a_replica_obeys_its_master_and_refuses_writes_from_others() {
        let (mut e, c) = engine();
        e.enable_replication();
        assert_eq!(run(&mut e, c, "SET ttl v PX 100"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "REPLICAOF 127.0.0.1 6400"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "REPLICAOF 127.0.0.1 6400"), b"+OK Already connected to specified master\r\n");
        assert_eq!(run(&mut e, c, "ROLE"), b"*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:6400\r\n$7\r\nconnect\r\n:-1\r\n");
        let m = e.connect(Default::default(), T0);
        e.master_synced(m, "0123456789012345678901234567890123456789", 100, Some(0));
        assert_eq!(run(&mut e, c, "SET k v"), &b"-READONLY You can't write against a read only replica.\r\n"[..]);
        // The master's commands run, their replies dropped, their bytes counted.
        assert_eq!(run(&mut e, m, "SET k v"), b"");
        assert_eq!(run(&mut e, c, "GET k"), b"$1\r\nv\r\n");
        let set_len = b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n".len() as i64;
        assert_eq!(run(&mut e, c, "ROLE"), format!("*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:6400\r\n$9\r\nconnected\r\n:{}\r\n", 100 + set_len).as_bytes());
        // GETACK: the ACK of the offset before it, although the master's replies are dropped.
        assert_eq!(run(&mut e, m, "REPLCONF GETACK *"), b"");
        let mut ack = Vec::new();
        e.take_pending(m, &mut ack);
        let want = format!("*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$3\r\n{}\r\n", 100 + set_len);
        assert_eq!(ack, want.as_bytes());
        // A transaction counts once its EXEC ran (a link lost before asks for it again).
        let offset_now = |e: &mut crate::engine::Engine| String::from_utf8(run(e, c, "ROLE")).unwrap().rsplit(':').next().map(String::from).unwrap();
        let before = offset_now(&mut e);
        assert_eq!(run(&mut e, m, "MULTI"), b"");
        assert_eq!(run(&mut e, m, "SET t 1"), b"");
        assert_eq!(offset_now(&mut e), before);
        assert_eq!(run(&mut e, m, "EXEC"), b"");
        assert_ne!(offset_now(&mut e), before);
        assert_eq!(run(&mut e, m, "DEL t"), b"");
        // A key whose TTL passed reads as absent but stays until the master's DEL; the
        // master's own commands still see it; active expiry leaves it.
        e.cron(T0 + 1_000_000);
        assert_eq!(run(&mut e, c, "EXISTS ttl"), b":0\r\n");
        assert_eq!(run(&mut e, c, "DBSIZE"), b":2\r\n");
        assert_eq!(run(&mut e, m, "APPEND ttl x"), b"");
        // RANDOMKEY draws among both keys, the expired one answered after 100 draws.
        for _ in 0..20 {
            assert_ne!(run(&mut e, c, "RANDOMKEY"), b"$-1\r\n");
        }
        assert_eq!(run(&mut e, m, "DEL ttl"), b"");
        assert_eq!(run(&mut e, c, "DBSIZE"), b":1\r\n");
        // REPLICAOF NO ONE: a master again, with the data, the old history as the second.
        assert_eq!(run(&mut e, c, "REPLICAOF NO ONE"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "SET k2 v"), b"+OK\r\n");
        let info = String::from_utf8(run(&mut e, c, "INFO replication")).unwrap();
        assert!(info.contains("role:master\r\n") && info.contains("master_replid2:0123456789012345678901234567890123456789\r\n"), "{info}");
        // Every byte of the master's stream counted: 100, then every command it sent.
        let stream: i64 = ["SET k v", "REPLCONF GETACK *", "MULTI", "SET t 1", "EXEC", "DEL t", "APPEND ttl x", "DEL ttl"]
            .iter()
            .map(|l| {
                let mut b = Vec::new();
                crate::engine::encode_command(&mut b, &l.split(' ').map(str::as_bytes).collect::<Vec<_>>());
                b.len() as i64
            })
            .sum();
        assert!(info.contains(&format!("master_repl_offset:{}\r\nsecond_repl_offset:{}\r\n", 100 + stream, 100 + stream + 1)), "{info}");
    }

    #[test]
    fn sync_needs_a_host_that_serves_replicas() {
        let (mut e, c) = engine();
        assert_eq!(run(&mut e, c, "SYNC"), &b"-ERR Spinel serves replicas from spinel-server only\r\n"[..]);
        assert!(!e.replication_active());
    }

    #[test]
    fn a_replica_gets_the_rdb_then_the_writes_and_no_replies() {
        let (mut e, c) = engine();
        e.enable_replication();
        let r = e.connect(Default::default(), T0);
        assert_eq!(run(&mut e, c, "SET before 1"), b"+OK\r\n");
        assert_eq!(run(&mut e, r, "REPLCONF listening-port 7000"), b"+OK\r\n");
        assert_eq!(run(&mut e, r, "PSYNC ? -1"), b"");
        let mut out = Vec::new();
        e.take_pending(r, &mut out);
        let head = alloc::format!("+FULLRESYNC {} 0\r\n$", e.replid());
        assert!(out.starts_with(head.as_bytes()));
        assert!(out.windows(9).any(|w| w == b"REDIS0010") && out.windows(6).any(|w| w == b"before"));
        assert_eq!(run(&mut e, c, "SET after 2"), b"+OK\r\n");
        assert_eq!(run(&mut e, r, "PING"), b"");
        e.flush_replication();
        let mut stream = Vec::new();
        e.take_pending(r, &mut stream);
        let want = b"*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$5\r\nafter\r\n$1\r\n2\r\n";
        assert_eq!(stream, want);
        assert_eq!(e.repl_offset(), want.len() as u64);
        let role = run(&mut e, c, "ROLE");
        let expect = alloc::format!("*3\r\n$6\r\nmaster\r\n:{}\r\n*1\r\n*3\r\n$0\r\n\r\n$4\r\n7000\r\n$1\r\n0\r\n", want.len());
        assert_eq!(role, expect.as_bytes());
        e.disconnect(r);
        assert!(e.replicas().is_empty());
        // The backlog outlives the replica (repl-backlog-ttl): writes still count.
        assert!(e.replication_active());
    }
}
