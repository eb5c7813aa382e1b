//! What the AOF records for scripts, transactions and commands with several effects, compared
//! byte for byte with a real Redis 7.0.
//!
//! Redis 7.0 propagates the effects of one execution unit (a command with all it runs: the
//! commands of a script or of EXEC, lazy-expiry deletions, SPOP's SREMs) as they are when
//! there is one, and wrapped in MULTI ... EXEC when there are several; a unit with no
//! effects writes nothing. `redis.set_repl` decides which script writes reach the AOF.
//! The files are then loaded back (whole, and cut inside a MULTI block, which Redis discards
//! as an unfinished transaction) and the datasets compared.

mod common;

use common::{split_command, Conn, Frame, Server};

use std::path::{Path, PathBuf};

const FLAGS: [&str; 6] = ["--appendonly", "yes", "--appendfsync", "always", "--enable-debug-command", "yes"];

fn last_incr(dir: &Path) -> PathBuf {
    let manifest = std::fs::read_to_string(dir.join("appendonlydir/appendonly.aof.manifest")).unwrap();
    let name = manifest.lines().rfind(|l| l.ends_with("type i")).unwrap().split(' ').nth(1).unwrap().to_string();
    dir.join("appendonlydir").join(name)
}

fn lua(body: &str) -> Vec<Vec<u8>> {
    vec![b"EVAL".to_vec(), body.as_bytes().to_vec(), b"0".to_vec()]
}

/// The commands sent to both servers; `soon` is an absolute unix time in ms a little ahead.
fn workload(soon: u64) -> Vec<Vec<Vec<u8>>> {
    let mut cmds: Vec<Vec<Vec<u8>>> = Vec::new();
    let line = |cmds: &mut Vec<Vec<Vec<u8>>>, s: &str| cmds.push(split_command(s));
    line(&mut cmds, "DEBUG SET-ACTIVE-EXPIRE 0");
    line(&mut cmds, "SET plain 1");
    for body in [
        // No write, one write, several.
        "return redis.call('get', 'plain')",
        "redis.call('set', 'one', '1')",
        "redis.call('set', 'a', '1') redis.call('incr', 'a') redis.call('pexpireat', 'a', '4102444800000')",
        // A write that changes nothing is no effect.
        "redis.call('del', 'nosuchkey') redis.call('set', 'b', '1')",
        // Databases switched inside the script: SELECT inside the block.
        "redis.call('select', '2') redis.call('set', 'u1', '1') redis.call('select', '0') redis.call('set', 'u2', '1')",
        "redis.call('set', 's1', '1') redis.call('select', '3') redis.call('set', 's2', '1')",
        // Errors after writes: the writes stay, wrapped.
        "redis.call('set', 'e1', '1') redis.call('set', 'e2', '1') error('boom')",
        "redis.call('set', 'f1', '1') return redis.call('lpush', 'f1', 'x')",
        "redis.call('set', 'g1', '1') redis.call('set', 'g2', '1') return redis.pcall('lpush', 'g1', 'x')",
        // redis.set_repl: only REPL_AOF and REPL_ALL reach the AOF.
        "redis.set_repl(redis.REPL_NONE) redis.call('set', 'h1', '1') redis.set_repl(redis.REPL_ALL) redis.call('set', 'h2', '2')",
        "redis.set_repl(redis.REPL_NONE) redis.call('set', 'i1', '1') redis.call('set', 'i2', '1') redis.set_repl(redis.REPL_ALL) redis.call('set', 'i3', '2')",
        "redis.set_repl(redis.REPL_AOF) redis.call('set', 'j1', '1') redis.set_repl(redis.REPL_REPLICA) redis.call('set', 'j2', '2') redis.set_repl(redis.REPL_SLAVE) redis.call('set', 'j3', '2')",
        "redis.set_repl(redis.REPL_AOF) redis.call('set', 'k1', '1') redis.call('set', 'k2', '2')",
        // A command with several effects of its own joins the script's block.
        "redis.call('sadd', 'pool', 'a', 'b', 'c', 'd') redis.call('spop', 'pool', '3') redis.call('set', 'after-spop', '1')",
    ] {
        cmds.push(lua(body));
    }
    // EVALSHA and FCALL propagate the same way.
    line(&mut cmds, "SCRIPT LOAD \"redis.call('set', KEYS[1], ARGV[1]) redis.call('incr', KEYS[2])\"");
    line(&mut cmds, "EVALSHA LOADED-SHA 2 x y 5");
    line(&mut cmds, "FUNCTION LOAD \"#!lua name=lib\\nredis.register_function('two', function(k, a) redis.call('set', k[1], a[1]) redis.call('set', k[2], a[1]) end)\\nredis.register_function('one', function(k, a) redis.call('set', k[1], a[1]) end)\"");
    line(&mut cmds, "FCALL two 2 fa fb 7");
    line(&mut cmds, "FCALL one 1 fc 8");
    // Transactions: one block whatever they hold; one effect is not wrapped; none, nothing.
    for tx in [
        &["SET m0 0", "EVAL \"redis.call('set', 'm1', '1') redis.call('set', 'm2', '2')\" 0", "SET m3 3"][..],
        &["EVAL \"redis.call('set', 'n1', '1')\" 0"],
        &["SET o1 1"],
        &["GET o1", "EVAL \"return 1\" 0"],
        &["SET p1 1", "SELECT 4", "SET p2 2", "SELECT 0"],
    ] {
        line(&mut cmds, "MULTI");
        for c in tx {
            line(&mut cmds, c);
        }
        line(&mut cmds, "EXEC");
    }
    // SPOP with a count alone: its SREMs in one block.
    line(&mut cmds, "SADD pool2 a b c d e");
    line(&mut cmds, "SPOP pool2 3");
    // Lazy expiry: the deletion joins the block of the command (or script) that found it.
    for k in ["x1", "x2", "x3", "x4", "x5"] {
        line(&mut cmds, &format!("SET {k} v"));
        line(&mut cmds, &format!("PEXPIREAT {k} {soon}"));
    }
    line(&mut cmds, "SLEEP-UNTIL-EXPIRED");
    line(&mut cmds, "GET x1");
    line(&mut cmds, "SET x2 new");
    cmds.push(lua("redis.call('set', 'y1', '1') redis.call('get', 'x3') redis.call('set', 'y2', '1')"));
    cmds.push(lua("redis.call('get', 'x4') redis.call('set', 'y3', '1')"));
    line(&mut cmds, "MULTI");
    line(&mut cmds, "SET y4 1");
    line(&mut cmds, "GET x5");
    line(&mut cmds, "EXEC");
    // Last, a script block with no key left to expire (the loads below cut it).
    cmds.push(lua("redis.call('set', 'z1', '1') redis.call('set', 'z2', '2')"));
    cmds
}

/// Runs the workload on both servers in step (so the same expiry times lie ahead of both);
/// returns (command, Spinel's reply, Redis's reply).
fn run(spinel: &mut Conn, redis: &mut Conn, cmds: &[Vec<Vec<u8>>], soon: u64) -> Vec<(String, Vec<u8>, Vec<u8>)> {
    let mut replies = Vec::new();
    let mut sha = Vec::new();
    for cmd in cmds {
        if cmd[0] == b"SLEEP-UNTIL-EXPIRED" {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64;
            std::thread::sleep(std::time::Duration::from_millis(soon.saturating_sub(now) + 50));
            continue;
        }
        let mut cmd = cmd.clone();
        if cmd.get(1).is_some_and(|a| a == b"LOADED-SHA") {
            cmd[1] = sha.clone();
        }
        let (s, r) = (spinel.cmd(&cmd), redis.cmd(&cmd));
        if cmd[0] == b"SCRIPT" {
            let Frame::Bulk(_, Some(loaded)) = Frame::parse(&r).unwrap() else { panic!("SCRIPT LOAD: {r:?}") };
            sha = loaded;
        }
        replies.push((common::render_command(&cmd), s, r));
    }
    replies
}

/// Every key of databases 0-4 with its type and value, as text.
fn dataset(c: &mut Conn) -> Vec<String> {
    let mut out = Vec::new();
    for db in 0..5 {
        c.cmd(&["SELECT", &db.to_string()]);
        let reply = c.cmd(&["KEYS", "*"]);
        let Ok(Frame::Agg(_, Some(keys))) = Frame::parse(&reply) else { panic!("KEYS: {}", common::render(&reply)) };
        for k in keys {
            let Frame::Bulk(_, Some(k)) = k else { panic!("key") };
            let ty = c.cmd(&[b"TYPE".as_slice(), &k]);
            let value = match ty.as_slice() {
                b"+string\r\n" => c.cmd(&[b"GET".as_slice(), &k]),
                b"+set\r\n" => c.cmd(&[b"SORT".as_slice(), &k, b"ALPHA"]),
                _ => ty.clone(),
            };
            out.push(format!("db{db} {} {} {}", String::from_utf8_lossy(&k), String::from_utf8_lossy(&ty).trim(), String::from_utf8_lossy(&value).replace("\r\n", " ")));
        }
    }
    out.sort();
    out
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("spinel-aof-effects-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("appendonlydir")).unwrap();
    dir
}

/// Loads a copy of `incr` (with its manifest) in a fresh server of each kind.
fn load_both(source: &Path, incr: &[u8], name: &str) -> (Vec<String>, Vec<String>, Vec<u8>, Vec<u8>, String) {
    let mut results = Vec::new();
    for spinel in [true, false] {
        let dir = scratch_dir(&format!("{name}-{spinel}"));
        let src = source.join("appendonlydir");
        for entry in std::fs::read_dir(&src).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.join("appendonlydir").join(entry.file_name())).unwrap();
        }
        let incr_path = last_incr(&dir);
        std::fs::write(&incr_path, incr).unwrap();
        let flags = ["--dir", dir.to_str().unwrap(), "--appendonly", "yes"];
        let srv = if spinel { Server::spinel(&flags) } else { Server::redis(&flags) };
        let data = dataset(&mut srv.conn());
        let log = srv.log();
        drop(srv);
        results.push((data, std::fs::read(&incr_path).unwrap(), log));
        let _ = std::fs::remove_dir_all(&dir);
    }
    let (r, s) = (results.pop().unwrap(), results.pop().unwrap());
    (s.0, r.0, s.1, r.1, s.2)
}

fn text(aof: &[u8]) -> String {
    String::from_utf8_lossy(aof).replace("\r\n", " ")
}

#[test]
fn script_and_transaction_effects_are_recorded_as_redis_records_them() {
    let soon = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64 + 500;
    let cmds = workload(soon);
    let (spinel, redis) = (Server::spinel(&FLAGS), Server::redis(&FLAGS));
    let (mut s, mut r) = (spinel.conn(), redis.conn());
    for (cmd, a, b) in run(&mut s, &mut r, &cmds, soon) {
        // SPOP picks members at random; the rest must answer alike.
        if !cmd.starts_with("SPOP") {
            assert_eq!(common::render(&a), common::render(&b), "{cmd}");
        }
    }
    let (s_aof, r_aof) = (std::fs::read(last_incr(&spinel.dir)).unwrap(), std::fs::read(last_incr(&redis.dir)).unwrap());
    // The workload must exercise wrapping at all (Redis's file is the reference).
    assert!(text(&r_aof).matches("MULTI").count() >= 10, "{}", text(&r_aof));
    // SPOP removes random members: compare the files with those members masked.
    let mask = |aof: &[u8]| -> String {
        let t = text(aof);
        let mut words: Vec<&str> = t.split(' ').collect();
        for i in 0..words.len() {
            if words[i].eq_ignore_ascii_case("srem") && i + 4 < words.len() {
                words[i + 4] = "<member>";
            }
        }
        words.join(" ")
    };
    assert_eq!(mask(&s_aof), mask(&r_aof), "\nspinel: {}\nredis:  {}", text(&s_aof), text(&r_aof));
    let (mut s_sorted, mut r_sorted) = (dataset(&mut s), dataset(&mut r));
    // The sets SPOP left differ by chance; their sizes may not.
    for d in s_sorted.iter_mut().chain(r_sorted.iter_mut()) {
        if d.starts_with("db0 pool") {
            *d = format!("{} members", d.split(' ').filter(|w| w.len() == 1).count());
        }
    }
    assert_eq!(s_sorted, r_sorted);
    drop((s, r));
    drop(redis);

    // Both servers load Spinel's file into the same dataset as Spinel had.
    let (loaded_s, loaded_r, _, _, _) = load_both(&spinel.dir, &s_aof, "whole");
    assert_eq!(loaded_s, loaded_r);
    assert!(loaded_s.iter().any(|k| k.starts_with("db0 m2 ")) && loaded_s.iter().any(|k| k.starts_with("db2 u1 ")), "{loaded_s:?}");

    // Cut inside the last MULTI block (after MULTI and part of the next command): both
    // discard the unfinished transaction. Spinel cuts the file before its MULTI; Redis 7.0
    // cuts after the last complete command, leaving MULTI in the file (differences.md D19).
    let multi = b"*1\r\n$5\r\nMULTI\r\n";
    let at = s_aof.windows(multi.len()).rposition(|w| w == multi).expect("a MULTI block");
    let cut = at + multi.len() + 10;
    let (torn_s, torn_r, file_s, file_r, log) = load_both(&spinel.dir, &s_aof[..cut], "torn");
    assert_eq!(torn_s, torn_r);
    assert_eq!(file_s, &s_aof[..at], "Spinel cuts the file before the unfinished MULTI");
    assert_eq!(file_r, &s_aof[..at + multi.len()], "Redis cuts it after the last complete command");
    assert!(log.contains("aof-load-truncated"), "{log}");
    assert!(torn_s.iter().any(|k| k.starts_with("db0 y3 ")) && !torn_s.iter().any(|k| k.starts_with("db0 z1 ")), "{torn_s:?}");

    // Every command of the block complete but EXEC missing: both revert the transaction and
    // cut the file before its MULTI.
    let exec = b"*1\r\n$4\r\nEXEC\r\n";
    assert!(s_aof.ends_with(exec));
    let (torn_s, torn_r, file_s, file_r, _) = load_both(&spinel.dir, &s_aof[..s_aof.len() - exec.len()], "noexec");
    assert_eq!(torn_s, torn_r);
    assert_eq!(file_s, file_r);
    assert_eq!(file_s, &s_aof[..at]);
    assert!(!torn_s.iter().any(|k| k.starts_with("db0 z1 ")), "{torn_s:?}");
}
