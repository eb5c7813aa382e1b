//! Client controls and the server's view of itself, against redis-server: CLIENT REPLY,
//! PAUSE/UNPAUSE, UNBLOCK, NO-EVICT, CLIENT LIST fields, MONITOR, SLOWLOG, LATENCY, WAIT,
//! INFO commandstats/errorstats and maxmemory refusals. Times, durations, ids and addresses
//! differ by nature: those replies are compared with digits masked.

mod common;
use common::{compare_scenario, render, Server};
use common::Act::*;

/// A command held by one pause may start another (a held CLIENT PAUSE): the commands held
/// behind it wait for the new pause, then run. (Spinel used to re-queue them in the queue it
/// was emptying, and spun forever.)
#[test]
fn a_held_pause_holds_the_commands_behind_it_again() {
    compare_scenario(
        "pause from a held command",
        4,
        &[
            Run(0, "CLIENT PAUSE 300 ALL"),
            Send(1, "CLIENT PAUSE 300 WRITE"),
            Send(2, "SET k v"),
            Send(3, "GET k"),
            Read(1),
            Read(3),
            Read(2),
            Run(0, "GET k"),
        ],
    );
}

#[test]
fn client_reply_pause_unblock() {
    compare_scenario(
        "client controls",
        3,
        &[
            Send(0, "CLIENT REPLY OFF"),
            Send(0, "SET a 1"),
            Send(0, "NOSUCHCOMMAND"),
            Run(0, "CLIENT REPLY ON"),
            Run(0, "GET a"),
            Send(0, "CLIENT REPLY SKIP"),
            Send(0, "INCR a"),
            Run(0, "GET a"),
            Run(0, "CLIENT REPLY MAYBE"),
            // PAUSE WRITE holds writes only; UNPAUSE runs them.
            Run(0, "CLIENT PAUSE 100000 WRITE"),
            Run(1, "GET a"),
            Send(1, "SET a 5"),
            Sleep(50),
            Run(2, "GET a"),
            Run(0, "CLIENT UNPAUSE"),
            Read(1),
            Run(2, "GET a"),
            // PAUSE ALL holds everything until its time is up.
            Run(0, "CLIENT PAUSE 200 ALL"),
            Send(1, "GET a"),
            Read(1),
            Run(0, "CLIENT PAUSE x"),
            Run(0, "CLIENT PAUSE -1"),
            Run(0, "CLIENT PAUSE 10 SOME"),
            // UNBLOCK ends a blocking command's wait, as a timeout or as an error.
            Block(1, "BLPOP nolist 0", 1),
            Run(0, "CLIENT UNBLOCK {id1}"),
            Read(1),
            Block(1, "BLMOVE nolist x LEFT LEFT 0", 1),
            Run(0, "CLIENT UNBLOCK {id1} ERROR"),
            Read(1),
            Run(0, "CLIENT UNBLOCK {id1}"),
            Run(0, "CLIENT UNBLOCK 999999"),
            Run(0, "CLIENT UNBLOCK {id1} MAYBE"),
            Run(0, "CLIENT UNBLOCK x"),
            Run(0, "CLIENT NO-EVICT on"),
            Run(0, "CLIENT NO-EVICT maybe"),
            // WAIT without replicas.
            Run(0, "WAIT 0 0"),
            Run(0, "WAIT 1 50"),
            Run(0, "WAIT x 0"),
            Run(0, "WAIT 0 -1"),
        ],
    );
}

/// A write held by CLIENT PAUSE WRITE counts in blocked_clients (Block waits for it) and
/// shows as its command with flag b; CLIENT LIST's cmd is the command as looked up, also when
/// it is refused, queued or unknown (NULL).
#[test]
fn paused_writers_are_blocked_and_cmd_is_the_last_looked_up() {
    compare_scenario(
        "paused writers and cmd",
        3,
        &[
            Run(0, "CLIENT PAUSE 100000 WRITE"),
            Block(1, "SET a 5", 1),
            Masked(2, "CLIENT LIST ID {id1}"),
            Run(2, "GET a"),
            Run(0, "CLIENT UNPAUSE"),
            Read(1),
            Run(2, "GET a"),
            Run(1, "NOSUCHCOMMAND"),
            Masked(2, "CLIENT LIST ID {id1}"),
            Run(1, "GET"),
            Masked(2, "CLIENT LIST ID {id1}"),
            Run(1, "CONFIG NOSUCH"),
            Masked(2, "CLIENT LIST ID {id1}"),
            Run(1, "MULTI"),
            Run(1, "INCR x"),
            Masked(2, "CLIENT LIST ID {id1}"),
            Run(1, "EXEC"),
            Masked(2, "CLIENT LIST ID {id1}"),
        ],
    );
}

/// CLIENT PAUSE WRITE judges scripts by the flags they declare: no-writes scripts and
/// functions run (also queued in MULTI), a shebang without it or a function without it is
/// held; a script without a shebang is held as EVAL is.
#[test]
fn paused_scripts_by_their_declared_flags() {
    compare_scenario(
        "paused scripts",
        3,
        &[
            Run(0, "FUNCTION LOAD \"#!lua name=lib\nredis.register_function{function_name='ro', callback=function() return 'ro' end, flags={'no-writes'}}\nredis.register_function('rw', function() return 'rw' end)\""),
            Run(0, "SCRIPT LOAD \"#!lua flags=no-writes\nreturn 'cached'\""),
            Run(0, "CLIENT PAUSE 100000 WRITE"),
            Run(1, "EVAL \"#!lua flags=no-writes\nreturn 1\" 0"),
            Run(1, "EVALSHA 910656b76ab90853c62009219abb6f9601b37763 0"),
            Run(1, "FCALL ro 0"),
            Run(1, "FCALL_RO ro 0"),
            Run(1, "MULTI"),
            Run(1, "EVAL \"#!lua flags=no-writes\nreturn 2\" 0"),
            Run(1, "FCALL ro 0"),
            Run(1, "EXEC"),
            Block(1, "FCALL rw 0", 1),
            Block(2, "EVAL \"#!lua\nreturn 3\" 0", 2),
            Run(0, "CLIENT UNPAUSE"),
            Read(1),
            Read(2),
            Run(0, "CLIENT PAUSE 100000 WRITE"),
            Block(1, "EVAL \"return 4\" 0", 1),
            Run(0, "CLIENT UNPAUSE"),
            Read(1),
        ],
    );
}

#[test]
fn client_list_fields() {
    compare_scenario(
        "client list",
        2,
        &[
            Masked(0, "CLIENT INFO"),
            Run(0, "SUBSCRIBE a b"),
            Read(0),
            Run(0, "PSUBSCRIBE p*"),
            Run(0, "SSUBSCRIBE s"),
            Masked(1, "CLIENT LIST TYPE pubsub"),
            Masked(1, "CLIENT LIST TYPE normal"),
            Run(1, "CLIENT LIST TYPE master"),
            Run(0, "RESET"),
            Run(0, "MULTI"),
            Run(0, "SET a 1"),
            Run(0, "CLIENT INFO"),
            Masked(0, "EXEC"),
            Run(1, "WATCH k"),
            Run(0, "SET k 1"),
            Masked(1, "CLIENT INFO"),
            Run(1, "CLIENT KILL TYPE pubsub"),
        ],
    );
}

/// RESET ends MONITOR and the client flags Redis clears with it (CLIENT REPLY, NO-EVICT):
/// Spinel kept sending monitor lines to a reset connection.
#[test]
fn reset_ends_monitor_mode() {
    compare_scenario(
        "reset",
        2,
        &[
            Run(1, "MONITOR"),
            Run(1, "RESET"),
            Run(0, "SET k w"),
            Run(1, "GET k"),
            Send(1, "CLIENT REPLY OFF"),
            Run(1, "RESET"),
            Run(1, "GET k"),
        ],
    );
}

/// A client that kills itself from inside MULTI gets EXEC's reply (every queued command
/// runs), then its connection closes; a command pipelined after EXEC does not run.
#[test]
fn client_kill_of_itself_inside_multi_closes_after_exec() {
    let mut results = Vec::new();
    for server in [Server::redis(&[]), Server::spinel(&[])] {
        let mut conn = server.conn();
        let id = String::from_utf8(conn.cmd(&["CLIENT", "ID"])).unwrap();
        let id = id.trim_start_matches(':').trim_end();
        let mut request = Vec::new();
        for cmd in [&["MULTI"][..], &["CLIENT", "KILL", "ID", id, "SKIPME", "no"], &["SET", "selfkill", "v"], &["EXEC"], &["SET", "after", "1"]] {
            request.extend_from_slice(&common::encode_command(cmd));
        }
        conn.send_raw(&request);
        let mut got = Vec::new();
        while let Ok(frame) = conn.try_read_reply_raw() {
            got.push(render(&frame));
        }
        let mut other = server.conn();
        got.push(render(&other.cmd(&["MGET", "selfkill", "after"])));
        results.push(got);
    }
    assert_eq!(results[0], results[1], "left redis, right spinel");
}

#[test]
fn monitor_and_slowlog() {
    compare_scenario(
        "monitor",
        3,
        &[
            Run(1, "MONITOR"),
            Run(0, "SET k \"a b\""),
            Run(0, "GET k"),
            Run(0, "SELECT 2"),
            Run(0, "HSET h f \"\\x00\\xff\""),
            Run(0, "MULTI"),
            Run(0, "INCR n"),
            Run(0, "EXEC"),
            Run(0, "CONFIG GET hz"),
            Run(0, "NOSUCHCOMMAND"),
            // Scripts: the call first, then each command it runs, from `lua` in its database.
            Run(0, r#"EVAL "redis.call('select', 3) redis.call('set', 'y', '1') return redis.call('config', 'get', 'hz')" 0"#),
            Run(0, "EVALSHA ffffffffffffffffffffffffffffffffffffffff 0"),
            Run(0, "MULTI"),
            Run(0, r#"EVAL_RO "return redis.call('get', 'k')" 0"#),
            Run(0, "EXEC"),
            DrainMasked(1),
            // A monitoring client may not touch the keyspace.
            Masked(1, "GET k"),
            Masked(1, "MONITOR"),
            DrainMasked(1),
            // Secrets never reach MONITOR or SLOWLOG: AUTH's and HELLO's passwords, ACL SETUSER's
            // rules (even refused ones), sensitive CONFIG SET values.
            Masked(2, "MONITOR"),
            Run(0, "AUTH nosuchpass"),
            Run(0, "AUTH someone nosuchpass"),
            Run(0, "AUTH a b c"),
            Quiet(0, "HELLO 2 AUTH default wrongpass"),
            Quiet(0, "HELLO 2 SETNAME x AUTH default wrongpass"),
            Run(0, "HELLO 2 BOGUS AUTH default wrongpass"),
            Run(0, "MIGRATE 127.0.0.1 1 nokey 0 100 AUTH secret"),
            Run(0, "MIGRATE 127.0.0.1 1 nokey 0 100 COPY AUTH2 user secret"),
            Run(0, "MIGRATE 127.0.0.1 1 nokey 0 100 BOGUS AUTH secret"),
            DrainMasked(2),
            Run(0, "CONFIG SET slowlog-log-slower-than 0"),
            Run(0, "SLOWLOG RESET"),
            Run(0, "ACL SETUSER \"bad user\" +get"),
            Run(0, "ACL SETUSER gooduser on >pw +get"),
            Run(0, "CONFIG SET requirepass \"\" hz 10"),
            Run(0, "CONFIG SET masterauth x masteruser y"),
            Run(0, "AUTH nosuchpass"),
            Masked(0, "SLOWLOG GET"),
            Run(0, "CONFIG SET slowlog-log-slower-than 0"),
            Run(0, "SLOWLOG RESET"),
            Run(0, "SET long xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
            Run(0, "CLIENT SETNAME me"),
            Run(0, "DEL a b c d e f g h i j k l m n o p q r s t u v w x y z a1 b1 c1 d1 e1 f1 g1 h1 i1"),
            Masked(0, "SLOWLOG GET"),
            Masked(0, "SLOWLOG GET 1"),
            Run(0, "SLOWLOG LEN"),
            Run(0, "SLOWLOG GET -2"),
            Run(0, "SLOWLOG RESET"),
            Run(0, "CONFIG SET slowlog-max-len 2"),
            Run(0, "PING"),
            Run(0, "PING"),
            Run(0, "PING"),
            Masked(0, "SLOWLOG LEN"),
            Run(0, "CONFIG SET slowlog-log-slower-than -1"),
            Run(0, "SLOWLOG RESET"),
            Run(0, "PING"),
            Run(0, "SLOWLOG LEN"),
            Run(0, "SLOWLOG HELP"),
        ],
    );
}

#[test]
fn info_commandstats_errorstats_latency() {
    compare_scenario(
        "stats",
        1,
        &[
            Run(0, "CONFIG RESETSTAT"),
            Run(0, "SET a 1"),
            Run(0, "GET a"),
            Run(0, "GET a"),
            Run(0, "LPUSH a x"),
            Run(0, "NOSUCH"),
            Run(0, "GET"),
            Run(0, "INCR a x"),
            Run(0, "HGET a"),
            MaskedLines(0, "INFO commandstats"),
            Run(0, "INFO errorstats"),
            Run(0, "LATENCY LATEST"),
            Run(0, "LATENCY RESET"),
            Run(0, "LATENCY HISTORY command"),
            Run(0, "LATENCY HISTOGRAM nosuch"),
            Run(0, "LATENCY HELP"),
            Run(0, "MEMORY HELP"),
            Run(0, "MEMORY USAGE nokey"),
            Run(0, "MEMORY USAGE a SAMPLES"),
            Run(0, "MEMORY USAGE a SAMPLES x"),
            Run(0, "DEBUG SLEEP 0"),
        ],
    );
}

/// Commands scripts call count in INFO as Redis's call() counts them (calls, failures,
/// refusals, error codes), and a script's error reply that is such a command's error is not
/// counted twice (`ignore_error_stats_update`, which `redis.pcall`'s error tables carry).
#[test]
fn commands_called_by_scripts_are_counted() {
    compare_scenario(
        "script stats",
        1,
        &[
            Run(0, "SET str hello"),
            Run(0, "CONFIG RESETSTAT"),
            Run(0, r#"EVAL "redis.call('set','x','1') redis.call('get','x') redis.pcall('incr','str') redis.pcall('nosuch') redis.pcall('get') return 1" 0"#),
            Run(0, r#"EVAL "return redis.call('incr','str')" 0"#),
            Run(0, r#"EVAL "return redis.pcall('incr','str')" 0"#),
            Run(0, r#"EVAL "return redis.call('nosuch')" 0"#),
            Run(0, r#"EVAL "error({err='MY x'})" 0"#),
            Run(0, r#"EVAL "error({err='-MY x'})" 0"#),
            Run(0, r#"EVAL "error(redis.pcall('incr','str'))" 0"#),
            Run(0, r#"EVAL "return tostring(redis.pcall('get').ignore_error_stats_update)" 0"#),
            MaskedLines(0, "INFO commandstats"),
            Run(0, "INFO errorstats"),
        ],
    );
}

/// A blocking command is counted when it blocks; its time, a failure and its SLOWLOG entry
/// come when it is answered (served by another client's write, timed out, or CLIENT UNBLOCK,
/// which Redis 7.0 counts as a failed call either way).
#[test]
fn blocked_commands_are_counted_when_answered() {
    compare_scenario(
        "blockstats",
        3,
        &[
            Run(0, "CONFIG SET slowlog-log-slower-than 0"),
            Run(0, "CONFIG RESETSTAT"),
            Run(0, "SLOWLOG RESET"),
            Block(1, "BLPOP l 0", 1),
            MaskedLines(0, "INFO commandstats"),
            Run(0, "RPUSH l a"),
            Read(1),
            Block(1, "BZPOPMIN z 0.05", 1),
            Sleep(200),
            Read(1),
            Block(2, "BLMOVE l m LEFT LEFT 0", 1),
            Run(0, "CLIENT UNBLOCK {id2}"),
            Read(2),
            Block(2, "BRPOP l 0", 1),
            Run(0, "CLIENT UNBLOCK {id2} ERROR"),
            Read(2),
            Run(0, "CONFIG SET slowlog-log-slower-than 10000"),
            Masked(0, "SLOWLOG GET 5"),
            MaskedLines(0, "INFO commandstats"),
            Run(0, "INFO errorstats"),
        ],
    );
}

#[test]
fn maxmemory_noeviction_refuses_writes() {
    compare_scenario(
        "oom",
        1,
        &[
            Run(0, "SET a 1"),
            Run(0, "CONFIG SET maxmemory 1"),
            Run(0, "SET b 2"),
            Run(0, "GET a"),
            Run(0, "DEL a"),
            Run(0, "MULTI"),
            Run(0, "SET c 3"),
            Run(0, "EXEC"),
            Run(0, "CONFIG SET maxmemory-policy allkeys-random"),
            Run(0, "SET d 4"),
            Run(0, "CONFIG SET maxmemory 0"),
            Run(0, "SET e 5"),
            Run(0, "CONFIG GET maxmemory-policy"),
            Run(0, "CONFIG SET maxmemory-policy nosuch"),
            Run(0, "CONFIG SET maxmemory-policy noeviction"),
        ],
    );
}

/// Every configuration parameter Spinel has starts at Redis 7.0's compiled-in default (each
/// read with CONFIG GET on both servers, started with the same flags). `dir` is each server's
/// own working directory, as an absolute path; `port` differs by construction.
#[test]
fn config_defaults_are_redis_defaults() {
    let mut d = common::Differ::start("configuration defaults");
    let all = common::Frame::parse(&d.spinel.cmd(&["CONFIG", "GET", "*"])).expect("CONFIG GET * reply");
    let common::Frame::Agg(_, Some(items)) = all else { panic!("CONFIG GET * is not an array") };
    let names: Vec<Vec<u8>> = items
        .chunks(2)
        .filter_map(|pair| match &pair[0] {
            common::Frame::Bulk(_, Some(name)) => Some(name.clone()),
            _ => None,
        })
        .collect();
    // Every parameter of Redis 7.0 is there, aliases included (a stock redis.conf loads).
    let redis_all = common::Frame::parse(&d.redis.cmd(&["CONFIG", "GET", "*"])).expect("Redis's CONFIG GET * reply");
    let common::Frame::Agg(_, Some(redis_items)) = redis_all else { panic!("Redis's CONFIG GET * is not an array") };
    let mut redis_names: Vec<Vec<u8>> = redis_items
        .chunks(2)
        .filter_map(|pair| match &pair[0] {
            common::Frame::Bulk(_, Some(name)) => Some(name.clone()),
            _ => None,
        })
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    redis_names.sort();
    let show = |v: &[Vec<u8>]| v.iter().map(|n| String::from_utf8_lossy(n).into_owned()).collect::<Vec<_>>().join(" ");
    assert_eq!(show(&sorted), show(&redis_names), "CONFIG GET * names differ from Redis's");
    for name in &names {
        if name != b"port" && name != b"dir" {
            d.run(&[&b"CONFIG"[..], b"GET", name]);
        }
    }
    let dir = std::fs::canonicalize(&d.spinel_server().dir).unwrap();
    let expected = common::Frame::Agg(b'*', Some(vec![
        common::Frame::Bulk(b'$', Some(b"dir".to_vec())),
        common::Frame::Bulk(b'$', Some(dir.display().to_string().into_bytes())),
    ]));
    assert_eq!(common::Frame::parse(&d.spinel.cmd(&["CONFIG", "GET", "dir"])).unwrap(), expected);
    d.run_str("CONFIG SET dir /");
    d.run_str("CONFIG SET dbfilename x.rdb");
    d.finish();
}

/// CONFIG SET of the parameters Spinel keeps without acting on them (D23) checks values as
/// Redis does: flags, octal, percentages, multi-word values, aliases and immutables.
#[test]
fn config_set_checks_every_redis_parameter() {
    let mut d = common::Differ::start("config set checks");
    for line in [
        "CONFIG SET shutdown-on-sigterm \"now save\"",
        "CONFIG GET shutdown-on-sigterm",
        "CONFIG SET shutdown-on-sigterm \"save nosave\"",
        "CONFIG SET shutdown-on-sigterm later",
        "CONFIG SET shutdown-on-sigterm default",
        "CONFIG GET shutdown-on-sigterm",
        "CONFIG SET shutdown-on-sigint \"force now\"",
        "CONFIG GET shutdown-on-sigint",
        "CONFIG SET maxmemory-clients 10%",
        "CONFIG GET maxmemory-clients",
        "CONFIG SET maxmemory-clients 101%",
        "CONFIG SET maxmemory-clients 2mb",
        "CONFIG GET maxmemory-clients",
        "CONFIG SET maxmemory-clients lots",
        "CONFIG SET maxmemory-clients 0",
        "CONFIG SET oom-score-adj yes",
        "CONFIG GET oom-score-adj",
        "CONFIG SET oom-score-adj no",
        "CONFIG SET oom-score-adj-values \"0 100 900\"",
        "CONFIG GET oom-score-adj-values",
        "CONFIG SET oom-score-adj-values \"0 100\"",
        "CONFIG SET oom-score-adj-values \"0 100 9000\"",
        "CONFIG SET oom-score-adj-values \"0 200 800\"",
        "CONFIG SET unixsocketperm 700",
        "CONFIG SET slaveof \"no one\"",
        "CONFIG SET io-threads 4",
        "CONFIG SET slave-priority 7",
        "CONFIG GET replica-priority",
        "CONFIG SET replica-priority -1",
        "CONFIG SET replica-priority 100",
        "CONFIG SET repl-backlog-size 0",
        "CONFIG SET repl-backlog-size 2mb",
        "CONFIG GET repl-backlog-size",
        "CONFIG SET repl-backlog-size 1mb",
        "CONFIG SET lazyfree-lazy-user-flush maybe",
        "CONFIG SET lazyfree-lazy-user-flush yes",
        "CONFIG GET lazyfree-lazy-user-flush",
        "CONFIG SET lazyfree-lazy-user-flush no",
        "CONFIG SET sanitize-dump-payload sometimes",
        "CONFIG SET repl-diskless-load swapdb",
        "CONFIG GET repl-diskless-load",
        "CONFIG SET repl-diskless-load disabled",
        "CONFIG SET socket-mark-id 1",
        "CONFIG SET enable-protected-configs yes",
        "CONFIG GET HZ",
        "CONFIG GET Slave-Priority",
        "CONFIG GET use-exit-on-panic",
        "CONFIG GET use-exit*",
        "CONFIG SET rdb-key-save-delay -5",
        "CONFIG GET rdb-key-save-delay",
        "CONFIG SET rdb-key-save-delay 0",
        "CONFIG SET tls-port 70000",
        "CONFIG SET tls-port 0",
        "CONFIG SET cluster-enabled no",
    ] {
        d.run_str(line);
    }
    d.finish();
}

/// LATENCY HISTOGRAM names: a container brings its subcommands, a name given twice is
/// answered twice, unknown names are skipped (one call each, so one bucket each).
#[test]
fn latency_histogram_names() {
    compare_scenario(
        "latency histogram",
        1,
        &[
            // One called subcommand per container: Redis lists a container's subcommands in
            // its dictionary's order, which changes from one process to the next.
            Run(0, "CONFIG RESETSTAT"),
            Run(0, "OBJECT ENCODING nokey"),
            Run(0, "GET a"),
            Masked(0, "LATENCY HISTOGRAM object"),
            Masked(0, "LATENCY HISTOGRAM get GET"),
            Masked(0, "LATENCY HISTOGRAM nosuch object|encoding"),
            Masked(0, "LATENCY HISTOGRAM set"),
        ],
    );
}

/// MEMORY STATS has Redis 7.0's fields, in its order and of its RESP3 types (the values are
/// the allocator's and differ): node-redis and others read it field by field.
#[test]
fn memory_stats_fields_are_redis_fields() {
    fn shape(raw: &[u8]) -> Vec<String> {
        let common::Frame::Agg(b'%', Some(items)) = common::Frame::parse(raw).expect("MEMORY STATS reply") else {
            panic!("MEMORY STATS is not a map: {}", String::from_utf8_lossy(raw))
        };
        let mut fields = Vec::new();
        for pair in items.chunks(2) {
            let common::Frame::Bulk(_, Some(name)) = &pair[0] else { panic!("field name") };
            let kind = match &pair[1] {
                common::Frame::Line(t, _) | common::Frame::Bulk(t, _) | common::Frame::Agg(t, _) => *t as char,
                common::Frame::Attr(..) => '|',
            };
            fields.push(format!("{} {kind}", String::from_utf8_lossy(name)));
        }
        fields
    }
    let mut d = common::Differ::start("memory stats");
    d.run_str("SET a 1");
    d.run_str("SET b 2 EX 100");
    let replies: Vec<Vec<String>> = [&mut d.redis, &mut d.spinel]
        .into_iter()
        .map(|c| {
            c.cmd_str("HELLO 3");
            shape(&c.cmd_str("MEMORY STATS"))
        })
        .collect();
    assert_eq!(replies[0], replies[1], "left redis, right spinel");
    d.finish();
}

/// Commands Redis flags `may-replicate` (PUBLISH, SPUBLISH, PFCOUNT, EVAL, EVALSHA, FCALL)
/// count as writes where Redis says so: CLIENT PAUSE WRITE holds them, and read-only scripts
/// refuse them. Inside a script an unknown subcommand is an unknown command, and XREAD BLOCK
/// is refused.
#[test]
fn may_replicate_commands_and_script_lookups() {
    compare_scenario(
        "may-replicate",
        3,
        &[
            Run(0, "CLIENT PAUSE 100000 WRITE"),
            Send(1, "PUBLISH ch x"),
            Sleep(50),
            Run(2, "GET a"),
            Run(0, "CLIENT UNPAUSE"),
            Read(1),
            Run(0, "CLIENT PAUSE 100000 WRITE"),
            Send(1, "PFCOUNT hll"),
            Sleep(50),
            Run(2, "PFCOUNT"),
            Run(0, "CLIENT UNPAUSE"),
            Read(1),
            Run(0, "CLIENT PAUSE 100000 WRITE"),
            Send(1, "EVAL \"return 1\" 0"),
            Sleep(50),
            Run(2, "EVAL_RO \"return 2\" 0"),
            Run(0, "CLIENT UNPAUSE"),
            Read(1),
            Run(0, "EVAL_RO \"return redis.call('publish', 'ch', 'x')\" 0"),
            Run(0, "EVAL_RO \"return redis.call('pfcount', 'hll')\" 0"),
            Run(0, "EVAL_RO \"return redis.call('get', 'a')\" 0"),
            Run(0, "EVAL \"return redis.call('publish', 'ch', 'x')\" 0"),
            Run(0, "EVAL \"return redis.call('object', 'nosuch', 'k')\" 0"),
            Run(0, "EVAL \"return redis.call('config', 'nosuch')\" 0"),
            Run(0, "EVAL \"return redis.call('object')\" 0"),
            Run(0, "EVAL \"return redis.call('xread', 'block', 0, 'streams', 's', '$')\" 0"),
            Run(0, "EVAL \"return redis.call('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', 's', '>')\" 0"),
            Run(0, "EVAL \"return redis.call('xread', 'count', 1, 'streams', 's', '0')\" 0"),
        ],
    );
}

/// CONFIG SET's parsing and range checks, each followed by CONFIG GET of what was kept:
/// integer, memory (with every unit, empty, overflowing), clamped (hz), list and enum values.
#[test]
fn config_set_validates_as_redis() {
    let mut d = common::Differ::start("CONFIG SET validation");
    let values = ["0", "-1", "1", "64", "100", "100000", "1gb", "1GB", "10b", "10k", "2mb", "", "yes", "x", "99999999999999999999", "1.5"];
    for name in ["hash-max-listpack-entries", "zset-max-ziplist-entries", "set-max-intset-entries", "hash-max-listpack-value", "maxmemory", "maxmemory-samples", "hz", "hll-sparse-max-bytes", "client-query-buffer-limit", "proto-max-bulk-len", "stream-node-max-bytes"] {
        for value in values {
            if name == "maxmemory" && value.len() > 19 {
                // Redis's maxmemory is unsigned and keeps 2^64-1; Spinel's options are i64.
                continue;
            }
            d.run(&["CONFIG", "SET", name, value]);
            d.run(&["CONFIG", "GET", name]);
        }
    }
    for value in ["50 99.99 100", "1e1 0", "", "101", "-1", "yes", "50 99 99.9"] {
        d.run(&["CONFIG", "SET", "latency-tracking-info-percentiles", value]);
        d.run(&["CONFIG", "GET", "latency-tracking-info-percentiles"]);
    }
    for value in ["x", "nothing", "WARNING", "notice"] {
        d.run(&["CONFIG", "SET", "loglevel", value]);
        d.run(&["CONFIG", "GET", "loglevel"]);
    }
    d.finish();
}

/// ROLE: a server without replicas is a master at offset 0.
#[test]
fn role_of_a_standalone_server() {
    compare_scenario(
        "role",
        1,
        &[
            Run(0, "ROLE"),
            Run(0, "ROLE x"),
            Run(0, "COMMAND INFO role"),
            Run(0, "EVAL \"return redis.call('role')\" 0"),
        ],
    );
}

/// INFO has every field Redis 7.0 prints in its fixed sections, in Redis's order (monitoring
/// tools read them by name); Spinel adds only `spinel_version`.
#[test]
fn info_fields_are_redis_fields() {
    let redis = common::Server::redis(&[]);
    let spinel = common::Server::spinel(&[]);
    let fields = |srv: &common::Server| -> Vec<String> {
        let mut c = srv.conn();
        c.cmd(&["SET", "k", "v"]);
        let text = String::from_utf8_lossy(&c.cmd(&["INFO", "server", "clients", "memory", "persistence", "stats", "replication", "cpu"])).into_owned();
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with('$') && l.contains(':'))
            .map(|l| l.split(':').next().unwrap().to_string())
            .filter(|name| name != "spinel_version")
            .collect()
    };
    assert_eq!(fields(&spinel), fields(&redis));
}

/// LATENCY records an expire-cycle event when the active expiry cycle took longer than the
/// threshold (here: freeing a big expired set). Both servers.
#[test]
fn latency_records_slow_expire_cycles() {
    for server in [Server::redis(&[]), Server::spinel(&[])] {
        let mut c = server.conn();
        c.cmd(&["EVAL", "for i = 1, 200000 do redis.call('sadd', KEYS[1], i) end", "1", "big"]);
        c.cmd(&["CONFIG", "SET", "latency-monitor-threshold", "1"]);
        c.cmd(&["PEXPIRE", "big", "10"]);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while c.cmd(&["DBSIZE"]) != b":0\r\n" {
            assert!(std::time::Instant::now() < deadline, "{}: the key never expired", server.name);
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let latest = render(&c.cmd(&["LATENCY", "LATEST"]));
        assert!(latest.contains("expire-cycle"), "{}: {latest}", server.name);
    }
}

/// The caller's own line in CLIENT LIST / CLIENT INFO counts the running command in `qbuf`,
/// as Redis's query buffer still holds it (introspection.tcl expects qbuf=26). Both servers.
#[test]
fn the_callers_qbuf_holds_its_command() {
    for server in [Server::redis(&[]), Server::spinel(&[])] {
        let mut c = server.conn();
        for cmd in ["CLIENT INFO", "CLIENT LIST"] {
            let line = String::from_utf8(c.cmd_str(cmd)).unwrap();
            assert!(line.contains(" qbuf=26 "), "{} {cmd}: {line}", server.name);
        }
    }
}

/// OBJECT REFCOUNT: small integers are shared objects, except under maxmemory with an LRU or
/// LFU policy (maxmemory.tcl). (Redis decides when the value is stored; Spinel when asked, so
/// a key stored before the policy changed is not compared.)
#[test]
fn shared_integers_follow_the_maxmemory_policy() {
    compare_scenario(
        "shared integers",
        1,
        &[
            Run(0, "SET a 1"),
            Run(0, "OBJECT REFCOUNT a"),
            Run(0, "CONFIG SET maxmemory-policy allkeys-lru"),
            Run(0, "CONFIG SET maxmemory 1073741824"),
            Run(0, "SET b 1"),
            Run(0, "OBJECT REFCOUNT b"),
            Run(0, "CONFIG SET maxmemory-policy allkeys-random"),
            Run(0, "SET c 2"),
            Run(0, "OBJECT REFCOUNT c"),
            Run(0, "CONFIG SET maxmemory 0"),
        ],
    );
}

/// While clients are paused the dataset stays as it is: keys whose TTL passed read as
/// absent but are neither deleted on access nor by active expiry (expired_keys unchanged,
/// DBSIZE still counts them); once unpaused they go (Redis's pause.tcl).
#[test]
fn expiry_waits_for_the_end_of_a_client_pause_as_redis() {
    let mut transcripts = Vec::new();
    for server in [Server::redis(&[]), Server::spinel(&[])] {
        let mut c = server.conn();
        let mut t = Vec::new();
        let expired = |c: &mut common::Conn| {
            let stats = String::from_utf8(c.cmd(&["INFO", "stats"])).unwrap();
            stats.lines().find_map(|l| l.strip_prefix("expired_keys:").map(str::to_string)).unwrap()
        };
        for line in ["MULTI", "SET foo bar PX 10", "SET bar foo PX 10", "CLIENT PAUSE 50000 WRITE", "EXEC"] {
            t.push(render(&c.cmd_str(line)));
        }
        std::thread::sleep(std::time::Duration::from_millis(300));
        for line in ["GET foo", "GET bar", "EXISTS foo bar", "DBSIZE"] {
            t.push(render(&c.cmd_str(line)));
        }
        if server.name == "spinel-server" {
            // Redis 7.0 loops for ever here (every key expired, none deleted); Spinel answers
            // one after 100 draws, as Redis's replicas do (tests/differences.md).
            let key = render(&c.cmd_str("RANDOMKEY"));
            assert!(key == "\"foo\"" || key == "\"bar\"", "{key}");
        }
        t.push(expired(&mut c));
        for line in ["CLIENT UNPAUSE", "GET foo", "GET bar", "DBSIZE"] {
            t.push(render(&c.cmd_str(line)));
        }
        t.push(expired(&mut c));
        transcripts.push(t.join("\n"));
    }
    assert_eq!(transcripts[1], transcripts[0]);
}

/// An EVAL held by CLIENT PAUSE WRITE that, once released, runs past busy-reply-threshold:
/// it runs to its end and answers (it was left unfinished, every other client getting BUSY
/// for ever); compared with Redis.
#[test]
fn a_held_script_released_by_the_pause_end_runs_to_completion() {
    for server in [Server::redis(&[]), Server::spinel(&[])] {
        let (mut admin, mut script) = (server.conn(), server.conn());
        script.set_timeout(std::time::Duration::from_secs(120));
        assert_eq!(admin.cmd_str("CONFIG SET busy-reply-threshold 50"), b"+OK\r\n");
        assert_eq!(admin.cmd_str("CLIENT PAUSE 200 WRITE"), b"+OK\r\n");
        script.send_raw(&common::encode_command(&["EVAL", "for i = 1, 30000000 do end return 1", "0"]));
        assert_eq!(script.read_reply_raw(), b":1\r\n", "{}", server.name);
        assert_eq!(admin.cmd_str("PING"), b"+PONG\r\n", "{}", server.name);
    }
}

/// UNLINK, FLUSHDB/FLUSHALL ASYNC and DEL/FLUSHALL with lazyfree-lazy-user-* free big
/// values and whole databases on a background thread, as Redis's lazyfree: INFO
/// lazyfreed_objects counts them as Redis's does (a value whose freeing costs more than 64
/// allocations; a database's keys), small values are freed inline, CONFIG RESETSTAT
/// resets the count, and the data is gone at once.
#[test]
fn lazy_freeing_counts_as_redis() {
    fn freed(c: &mut common::Conn) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let info = String::from_utf8(c.cmd(&["INFO", "memory"])).unwrap();
            let field = |name: &str| info.lines().find_map(|l| l.strip_prefix(&format!("{name}:")).map(str::to_string)).unwrap();
            if field("lazyfree_pending_objects") == "0" {
                return field("lazyfreed_objects");
            }
            assert!(std::time::Instant::now() < deadline, "lazy freeing never ended");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
    let mut transcripts = Vec::new();
    for server in [Server::redis(&["--enable-debug-command", "yes"]), Server::spinel(&["--enable-debug-command", "yes"])] {
        let mut c = server.conn();
        let mut t = Vec::new();
        let fill = |c: &mut common::Conn, cmd: &str, key: &str, n: usize| {
            for chunk in (0..n).collect::<Vec<_>>().chunks(500) {
                let mut argv = vec![cmd.to_string(), key.to_string()];
                for i in chunk {
                    argv.push(i.to_string());
                    if cmd != "SADD" {
                        argv.push(i.to_string());
                    }
                }
                let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
                c.cmd(&argv);
            }
        };
        fill(&mut c, "SADD", "bigset", 1000);
        fill(&mut c, "HSET", "bighash", 1000);
        fill(&mut c, "ZADD", "bigzset", 1000);
        c.cmd(&["SADD", "smallset", "a", "b"]);
        c.cmd(&["CONFIG", "SET", "stream-node-max-entries", "5"]);
        for i in 0..1000 {
            c.cmd(&["XADD", "stream", "*", "f", &i.to_string()]);
        }
        c.cmd(&["XGROUP", "CREATE", "stream", "g", "0"]);
        c.cmd(&["XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "stream", ">"]);
        c.cmd(&["CONFIG", "RESETSTAT"]);
        t.push(render(&c.cmd(&["UNLINK", "bigset", "smallset", "missing"])));
        t.push(format!("after UNLINK of a big and a small set: {}", freed(&mut c)));
        t.push(render(&c.cmd(&["UNLINK", "stream"])));
        t.push(format!("after a stream: {}", freed(&mut c)));
        t.push(render(&c.cmd(&["DEL", "bighash"])));
        t.push(format!("after DEL: {}", freed(&mut c)));
        c.cmd(&["CONFIG", "SET", "lazyfree-lazy-user-del", "yes"]);
        t.push(render(&c.cmd(&["DEL", "bigzset"])));
        t.push(format!("after DEL with lazyfree-lazy-user-del: {}", freed(&mut c)));
        c.cmd(&["CONFIG", "RESETSTAT"]);
        t.push(format!("after RESETSTAT: {}", freed(&mut c)));
        for i in 0..100 {
            c.cmd(&["SET", &format!("k{i}"), "v"]);
        }
        c.cmd(&["SELECT", "1"]);
        c.cmd(&["SET", "other", "v"]);
        t.push(render(&c.cmd(&["FLUSHDB", "ASYNC"])));
        t.push(format!("after FLUSHDB ASYNC: {}", freed(&mut c)));
        c.cmd(&["SELECT", "0"]);
        t.push(render(&c.cmd(&["FLUSHALL", "ASYNC"])));
        t.push(format!("after FLUSHALL ASYNC: {} keys left {}", freed(&mut c), render(&c.cmd(&["DBSIZE"]))));
        for i in 0..10 {
            c.cmd(&["SET", &format!("k{i}"), "v"]);
        }
        c.cmd(&["CONFIG", "SET", "lazyfree-lazy-user-flush", "yes"]);
        t.push(render(&c.cmd(&["FLUSHALL"])));
        t.push(format!("after FLUSHALL with lazyfree-lazy-user-flush: {}", freed(&mut c)));
        c.cmd(&["SET", "k", "v"]);
        t.push(render(&c.cmd(&["FLUSHALL", "SYNC"])));
        t.push(format!("after FLUSHALL SYNC: {}", freed(&mut c)));
        // lazyfree-lazy-expire: a big key that expired, found on access.
        c.cmd(&["CONFIG", "SET", "lazyfree-lazy-expire", "yes"]);
        c.cmd(&["DEBUG", "SET-ACTIVE-EXPIRE", "0"]);
        fill(&mut c, "SADD", "expiring", 1000);
        c.cmd(&["PEXPIRE", "expiring", "1"]);
        std::thread::sleep(std::time::Duration::from_millis(20));
        t.push(render(&c.cmd(&["EXISTS", "expiring"])));
        t.push(format!("after an expiry with lazyfree-lazy-expire: {}", freed(&mut c)));
        transcripts.push(t);
    }
    assert_eq!(transcripts[1], transcripts[0]);
    assert_eq!(transcripts[0][1], "after UNLINK of a big and a small set: 1");
}

/// oom-score-adj as Redis sets it, read back from /proc: relative to the score the process
/// had (`yes`), the replica's value after REPLICAOF and the master's after REPLICAOF NO ONE,
/// the third value in a BGSAVE child, `absolute`, and `no` restoring the earlier score.
#[test]
fn oom_score_adj_sets_the_process_score_as_redis() {
    let score = |pid: &str| std::fs::read_to_string(format!("/proc/{pid}/oom_score_adj")).map(|s| s.trim().to_string()).unwrap_or_default();
    let mut transcripts = Vec::new();
    for spinel in [false, true] {
        let server = if spinel { Server::spinel(&[]) } else { Server::redis(&[]) };
        let pid = server.pid().to_string();
        let mut c = server.conn();
        std::fs::write(format!("/proc/{pid}/oom_score_adj"), "22\n").unwrap();
        let mut t = vec![render(&c.cmd_str("CONFIG SET oom-score-adj-values \"9 19 29\" oom-score-adj yes")), score(&pid)];
        c.cmd_str("REPLICAOF 127.0.0.1 1");
        t.push(score(&pid));
        c.cmd_str("REPLICAOF NO ONE");
        t.push(score(&pid));
        c.cmd_str("SET k v");
        c.cmd_str("CONFIG SET rdb-key-save-delay 10000000");
        c.cmd_str("BGSAVE");
        let mut child = String::new();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while score(&child) != "51" && std::time::Instant::now() < deadline {
            let out = std::process::Command::new("pgrep").args(["-P", &pid]).output().unwrap();
            child = String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or("").to_string();
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        t.push(format!("child {}", score(&child)));
        t.push(render(&c.cmd_str("CONFIG SET oom-score-adj absolute")));
        t.push(score(&pid));
        t.push(render(&c.cmd_str("CONFIG SET oom-score-adj no")));
        t.push(score(&pid));
        t.push(render(&c.cmd_str("CONFIG SET oom-score-adj-values \"-2001 0 0\"")));
        transcripts.push(t);
    }
    assert_eq!(transcripts[1], transcripts[0]);
    assert_eq!(transcripts[0][1..4], ["31", "41", "31"]);
}
