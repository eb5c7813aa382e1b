//! spinel-lua driven through the engine, as a host does (no server, no sockets).

use spinel_core::config::Config;
use spinel_core::{ClientId, ConnInfo, Engine, HostInfo, Outcome};
use spinel_lua::LuaScripting;

const T0: u64 = 1_700_000_000_000_000;

fn engine() -> (Engine, ClientId) {
    let mut e = Engine::new(Config::default(), HostInfo::default(), 1, T0);
    e.set_script_engine(Box::new(LuaScripting::new()));
    let c = e.connect(ConnInfo::default(), T0);
    (e, c)
}

fn run(e: &mut Engine, c: ClientId, args: &[&str]) -> String {
    let argv: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
    let mut out = Vec::new();
    let mut outcome = e.execute(c, &argv, T0, &mut out);
    while outcome == Outcome::Running {
        outcome = e.resume(c, T0, &mut out);
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn error_lines_point_at_the_failing_call() {
    let (mut e, c) = engine();
    let r = run(&mut e, c, &["EVAL", "redis.call('SET', 'a', 'x')\nreturn redis.call('INCR', 'a')", "0"]);
    assert!(r.ends_with("on @user_script:2.\r\n"), "{r}");
    let r = run(&mut e, c, &["EVAL", "\n\nredis.call('nope')", "0"]);
    assert!(r.ends_with("on @user_script:3.\r\n"), "{r}");
}

#[test]
fn a_long_script_runs_in_slices() {
    let (mut e, c) = engine();
    let argv: Vec<&[u8]> = vec![b"EVAL", b"local n = 0 for i = 1, 3000000 do n = n + i end return n", b"0"];
    let mut out = Vec::new();
    let mut outcome = e.execute(c, &argv, T0, &mut out);
    assert_eq!(outcome, Outcome::Running);
    let mut slices = 1;
    while outcome == Outcome::Running {
        outcome = e.resume(c, T0, &mut out);
        slices += 1;
    }
    assert!(slices > 2);
    assert_eq!(out, b":4500001500000\r\n");
}

#[test]
fn tables_that_lose_keys_and_grow_again_do_not_break_the_vm() {
    let (mut e, c) = engine();
    let script = "local t = {} for i = 1, 200 do t['k' .. i] = i end for i = 1, 200 do t['k' .. i] = nil end \
                  local junk = {} for i = 1, 20000 do junk[i] = 'x' .. i end junk = nil \
                  for i = 1, 2000 do t['y' .. i] = i end return 1";
    for _ in 0..5 {
        let r = run(&mut e, c, &["EVAL", script, "0"]);
        assert!(r == ":1\r\n" || r.starts_with('-'), "{r}");
    }
    assert_eq!(run(&mut e, c, &["EVAL", "return 2", "0"]), ":2\r\n");
}

#[test]
fn multiple_assignment_swaps() {
    let (mut e, c) = engine();
    assert_eq!(run(&mut e, c, &["EVAL", "local t = {1, 2} t[1], t[2] = t[2], t[1] return t", "0"]), "*2\r\n:2\r\n:1\r\n");
    assert_eq!(run(&mut e, c, &["EVAL", "local a, b = 1, 2 a, b = b, a return {a, b}", "0"]), "*2\r\n:2\r\n:1\r\n");
    assert_eq!(run(&mut e, c, &["EVAL", "local t = {1, 2, 3} local i, j = 1, 3 t[i], t[j] = t[j], t[i] return t", "0"]), "*3\r\n:3\r\n:2\r\n:1\r\n");
}

#[test]
fn script_memory_is_bounded() {
    let mut e = Engine::new(Config::default(), HostInfo::default(), 1, T0);
    let mut vm = LuaScripting::new();
    vm.set_memory_limit(16 * 1024 * 1024);
    e.set_script_engine(Box::new(vm));
    let c = e.connect(ConnInfo::default(), T0);
    let r = run(&mut e, c, &["EVAL", "local t = {} for i = 1, 10000000 do t[i] = 'value' .. i end return #t", "0"]);
    assert!(r.starts_with("-ERR Script used more memory than allowed"), "{r}");
    // The heap is given back: the next script runs.
    assert_eq!(run(&mut e, c, &["EVAL", "return 1", "0"]), ":1\r\n");
}

fn changes(e: &mut Engine) -> String {
    let mut changes = Vec::new();
    e.take_changes(&mut changes);
    String::from_utf8(changes).unwrap().replace("\r\n", " ")
}

#[test]
fn script_writes_enter_the_change_stream_as_the_commands_run() {
    let (mut e, c) = engine();
    e.set_change_stream(true);
    // Several effects: in MULTI ... EXEC, as Redis 7.0 propagates a script.
    run(&mut e, c, &["EVAL", "redis.call('SET', KEYS[1], 'v') redis.call('INCR', 'n') redis.call('GET', 'n') return 1", "1", "k"]);
    // None: nothing. One: as it is.
    run(&mut e, c, &["EVAL", "return redis.call('GET', 'k')", "0"]);
    run(&mut e, c, &["EVAL", "return redis.call('DEL', 'k')", "0"]);
    assert_eq!(
        changes(&mut e),
        "*2 $6 SELECT $1 0 *1 $5 MULTI *3 $3 SET $1 k $1 v *2 $4 INCR $1 n *1 $4 EXEC *2 $3 DEL $1 k "
    );
}

#[test]
fn a_script_running_in_slices_hands_over_its_effects_when_it_ends() {
    let (mut e, c) = engine();
    e.set_change_stream(true);
    run(&mut e, c, &["SET", "before", "1"]);
    let argv: Vec<&[u8]> = vec![b"EVAL", b"redis.call('SET', 'a', '1') redis.call('SET', 'b', '2') local n = 0 for i = 1, 3000000 do n = n + i end return n", b"0"];
    let mut out = Vec::new();
    let mut outcome = e.execute(c, &argv, T0, &mut out);
    assert_eq!(outcome, Outcome::Running);
    // Only what came before the script: its block is not complete yet.
    assert_eq!(changes(&mut e), "*2 $6 SELECT $1 0 *3 $3 SET $6 before $1 1 ");
    let mut slices = 1;
    while outcome == Outcome::Running {
        outcome = e.resume(c, T0, &mut out);
        slices += 1;
        if outcome == Outcome::Running {
            assert_eq!(changes(&mut e), "", "nothing while the script runs");
        }
    }
    assert!(slices > 2);
    assert_eq!(changes(&mut e), "*1 $5 MULTI *3 $3 SET $1 a $1 1 *3 $3 SET $1 b $1 2 *1 $4 EXEC ");
    run(&mut e, c, &["SET", "after", "1"]);
    assert_eq!(changes(&mut e), "*3 $3 SET $5 after $1 1 ");

    // A script whose client went runs to its end: what it did is recorded, in one block.
    let argv: Vec<&[u8]> = vec![b"EVAL", b"redis.call('SET', 'c', '1') redis.call('SET', 'd', '2') for i = 1, 3000000 do end", b"0"];
    let mut outcome = e.execute(c, &argv, T0, &mut out);
    assert_eq!(outcome, Outcome::Running);
    e.disconnect(c);
    while outcome == Outcome::Running {
        outcome = e.resume(c, T0, &mut out);
    }
    assert_eq!(changes(&mut e), "*1 $5 MULTI *3 $3 SET $1 c $1 1 *3 $3 SET $1 d $1 2 *1 $4 EXEC ");
    assert!(e.client(c).is_none());
}

#[test]
fn without_a_vm_scripting_commands_answer_with_an_error() {
    let mut e = Engine::new(Config::default(), HostInfo::default(), 1, T0);
    let c = e.connect(ConnInfo::default(), T0);
    assert_eq!(run(&mut e, c, &["EVAL", "return 1", "0"]), "-ERR scripting is not available in this build\r\n");
}

#[test]
fn a_running_script_outlives_its_client() {
    // Redis protects a script's caller: the script runs on (or is killed) and the client
    // goes when it ends.
    let (mut e, c) = engine();
    let other = e.connect(ConnInfo::default(), T0);
    let mut out = Vec::new();
    let argv: Vec<&[u8]> = vec![b"EVAL", b"while true do end", b"0"];
    assert_eq!(e.execute(c, &argv, T0, &mut out), Outcome::Running);
    e.disconnect(c);
    assert_eq!(e.running_script().map(|(id, _)| id), Some(c));
    assert!(e.client(c).is_some());
    assert_eq!(run(&mut e, other, &["SCRIPT", "KILL"]), "+OK\r\n");
    assert_eq!(e.resume(c, T0, &mut out), Outcome::Done);
    assert!(e.client(c).is_none(), "the client goes with its script");
    assert_eq!(run(&mut e, other, &["PING"]), "+PONG\r\n");
}

#[test]
fn a_change_stream_restarted_while_a_script_runs_keeps_only_what_follows() {
    let (mut e, c) = engine();
    e.set_change_stream(true);
    let argv: Vec<&[u8]> = vec![b"EVAL", b"redis.call('SET', 'a', '1') for i = 1, 3000000 do end redis.call('SET', 'b', '2') redis.call('SET', 'c', '3')", b"0"];
    let mut out = Vec::new();
    let mut outcome = e.execute(c, &argv, T0, &mut out);
    assert_eq!(outcome, Outcome::Running);
    // As a host does around a snapshot (which holds `a`): what can be taken is taken, then
    // the log starts again.
    assert_eq!(changes(&mut e), "*2 $6 SELECT $1 0 ");
    e.set_change_stream(true);
    while outcome == Outcome::Running {
        outcome = e.resume(c, T0, &mut out);
    }
    assert_eq!(changes(&mut e), "*2 $6 SELECT $1 0 *1 $5 MULTI *3 $3 SET $1 b $1 2 *3 $3 SET $1 c $1 3 *1 $4 EXEC ");
}

#[test]
fn set_repl_none_keeps_writes_out_of_the_change_stream() {
    let (mut e, c) = engine();
    e.set_change_stream(true);
    run(&mut e, c, &["EVAL", "redis.set_repl(redis.REPL_NONE) redis.call('SET', 'a', '1') redis.set_repl(redis.REPL_ALL) redis.call('SET', 'b', '2')", "0"]);
    assert_eq!(changes(&mut e), "*2 $6 SELECT $1 0 *3 $3 SET $1 b $1 2 ");
    // The change stream is the AOF: REPL_REPLICA leaves writes out of it, REPL_AOF keeps them.
    run(&mut e, c, &["EVAL", "redis.set_repl(redis.REPL_REPLICA) redis.call('SET', 'c', '1') redis.set_repl(redis.REPL_AOF) redis.call('SET', 'd', '2')", "0"]);
    assert_eq!(changes(&mut e), "*3 $3 SET $1 d $1 2 ");
}

#[test]
fn commands_with_many_arguments_reach_the_engine_whole() {
    let (mut e, c) = engine();
    // More arguments than a yield keeps inline: the rest spill to the heap, in order.
    let r = run(&mut e, c, &["EVAL", "local t = {} for i = 1, 12 do t[#t + 1] = 'k' .. i t[#t + 1] = i end redis.call('MSET', unpack(t)) return redis.call('MGET', 'k1', 'k6', 'k12', 'nope')", "0"]);
    assert_eq!(r, "*4\r\n$1\r\n1\r\n$1\r\n6\r\n$2\r\n12\r\n$-1\r\n");
    let r = run(&mut e, c, &["EVAL", "return redis.call('DEL', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8')", "0"]);
    assert_eq!(r, ":8\r\n");
}

#[test]
fn each_script_sees_only_its_own_keys_and_argv() {
    let (mut e, c) = engine();
    // Whatever a script does to KEYS and ARGV, the next one gets exactly its own.
    let r = run(&mut e, c, &["EVAL", "KEYS[3] = 'x' ARGV[1] = 'y' ARGV.foo = 1 return #KEYS", "2", "a", "b", "z"]);
    assert_eq!(r, ":3\r\n");
    let r = run(&mut e, c, &["EVAL", "return {#KEYS, #ARGV, KEYS[1], tostring(KEYS[2]), tostring(ARGV.foo)}", "1", "k"]);
    assert_eq!(r, "*5\r\n:1\r\n:0\r\n$1\r\nk\r\n$3\r\nnil\r\n$3\r\nnil\r\n");
    let r = run(&mut e, c, &["EVAL", "setmetatable(KEYS, {__index = function() return 'meta' end}) KEYS[1] = nil return 1", "1", "k"]);
    assert_eq!(r, ":1\r\n");
    let r = run(&mut e, c, &["EVAL", "return {tostring(KEYS[1]), tostring(KEYS[2]), ARGV[1]}", "0", "v"]);
    assert_eq!(r, "*3\r\n$3\r\nnil\r\n$3\r\nnil\r\n$1\r\nv\r\n");
}
