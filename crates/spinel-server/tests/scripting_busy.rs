//! Busy scripts end to end, with two clients, on spinel-server and on redis-server: the same
//! scenario runs on both and every reply must match.
//!
//! - Before busy-reply-threshold (lua-time-limit) other clients wait; the script stays atomic.
//! - Past it they get BUSY, except SCRIPT KILL / FUNCTION KILL / SHUTDOWN NOSAVE.
//! - SCRIPT KILL stops a script that has not written; one that wrote is UNKILLABLE and
//!   SHUTDOWN NOSAVE stops the server.

mod common;

use common::{render, Conn, Server};
use std::thread::sleep;
use std::time::Duration;

/// A threshold short enough for a test, long enough for a loaded CI machine.
const THRESHOLD_MS: &str = "200";

fn servers() -> [Server; 2] {
    [Server::redis(&["--lua-time-limit", THRESHOLD_MS]), Server::spinel(&["--lua-time-limit", THRESHOLD_MS])]
}

/// Waits until `conn` gets BUSY for PING (the script passed the threshold), returns it.
fn wait_busy(conn: &mut Conn) -> Vec<u8> {
    for _ in 0..100 {
        let r = conn.cmd(&["PING"]);
        if r.starts_with(b"-BUSY") {
            return r;
        }
        sleep(Duration::from_millis(50));
    }
    panic!("never became busy");
}

fn assert_same(what: &str, replies: &[Vec<Vec<u8>>]) {
    let (redis, spinel) = (&replies[0], &replies[1]);
    assert_eq!(redis.len(), spinel.len(), "{what}: reply counts differ");
    for (i, (r, s)) in redis.iter().zip(spinel).enumerate() {
        assert_eq!(render(r), render(s), "{what}: reply #{i} differs (left redis, right spinel)");
    }
}

#[test]
fn script_kill_stops_a_busy_script() {
    let mut replies = Vec::new();
    for server in servers() {
        let mut a = server.conn();
        let mut b = server.conn();
        let mut got = Vec::new();
        a.send_raw(&common::encode_command(&["EVAL", "local i = 0 while true do i = i + 1 end", "0"]));
        sleep(Duration::from_millis(50));
        got.push(wait_busy(&mut b));
        got.push(b.cmd(&["GET", "x"]));
        got.push(b.cmd(&["FUNCTION", "KILL"]));
        got.push(b.cmd(&["SCRIPT", "KILL"]));
        got.push(a.read_reply_raw());
        got.push(b.cmd(&["PING"]));
        got.push(a.cmd(&["PING"]));
        got.push(b.cmd(&["SCRIPT", "KILL"]));
        replies.push(got);
    }
    assert_same("SCRIPT KILL", &replies);
}

#[test]
fn function_kill_stops_a_busy_function() {
    let mut replies = Vec::new();
    for server in servers() {
        let mut a = server.conn();
        let mut b = server.conn();
        let mut got = Vec::new();
        got.push(a.cmd(&["FUNCTION", "LOAD", "#!lua name=spin\nredis.register_function('spin', function() while true do end end)"]));
        a.send_raw(&common::encode_command(&["FCALL", "spin", "0", "Extra", "arg"]));
        sleep(Duration::from_millis(50));
        got.push(wait_busy(&mut b));
        // FUNCTION STATS names the running function and its command; the time varies.
        let stats = String::from_utf8(b.cmd(&["FUNCTION", "STATS"])).unwrap();
        let (head, tail) = stats.split_once("duration_ms\r\n:").expect("duration_ms");
        got.push(format!("{head}duration_ms\r\n:0{}", &tail[tail.find('\r').unwrap()..]).into_bytes());
        got.push(b.cmd(&["SCRIPT", "KILL"]));
        got.push(b.cmd(&["FUNCTION", "KILL"]));
        got.push(a.read_reply_raw());
        got.push(b.cmd(&["PING"]));
        replies.push(got);
    }
    assert_same("FUNCTION KILL", &replies);
}

#[test]
fn a_script_that_wrote_is_unkillable_and_shutdown_nosave_stops_the_server() {
    let mut replies = Vec::new();
    for server in servers() {
        let mut a = server.conn();
        let mut b = server.conn();
        let mut got = Vec::new();
        a.send_raw(&common::encode_command(&["EVAL", "redis.call('SET', 'x', '1') while true do end", "0"]));
        sleep(Duration::from_millis(50));
        got.push(wait_busy(&mut b));
        got.push(b.cmd(&["SCRIPT", "KILL"]));
        got.push(b.cmd(&["SHUTDOWN"]));
        b.send_raw(&common::encode_command(&["SHUTDOWN", "NOSAVE"]));
        assert!(b.wait_closed(), "{}: SHUTDOWN NOSAVE did not close the connection", server.name);
        replies.push(got);
    }
    assert_same("UNKILLABLE", &replies);
}

#[test]
fn other_clients_wait_for_a_short_script() {
    let mut replies = Vec::new();
    for server in [Server::redis(&[]), Server::spinel(&[])] {
        let mut a = server.conn();
        let mut b = server.conn();
        let mut got = Vec::new();
        // Long enough to still run when B's command arrives, far below the 5 s threshold.
        a.send_raw(&common::encode_command(&["EVAL", "redis.call('SET', 'k', 'before') local i = 0 while i < 3000000 do i = i + 1 end redis.call('SET', 'k', 'after') return i", "0"]));
        sleep(Duration::from_millis(5));
        got.push(b.cmd(&["GET", "k"]));
        got.push(a.read_reply_raw());
        replies.push(got);
    }
    assert_same("atomic script", &replies);
}

/// A script whose caller disconnects while it runs past the threshold still runs to its end
/// (Redis protects the caller until the script is done): nothing is applied half way. Spinel
/// used to stop the script, so its first write stayed and the second never came.
#[test]
fn a_script_finishes_after_its_caller_disconnects() {
    let script = "redis.call('set', 'a', '1') \
                  local t0 = redis.call('time') \
                  while true do \
                    local t = redis.call('time') \
                    if (t[1] - t0[1]) * 1000000 + (t[2] - t0[2]) > 600000 then break end \
                  end \
                  redis.call('set', 'b', '1') return 1";
    let mut replies = Vec::new();
    for server in servers() {
        let mut b = server.conn();
        let mut got = Vec::new();
        {
            let mut a = server.conn();
            a.send_raw(&common::encode_command(&["EVAL", script, "0"]));
            got.push(wait_busy(&mut b));
        } // `a` hangs up while its script runs
        let mut done = Vec::new();
        for _ in 0..100 {
            done = b.cmd(&["MGET", "a", "b"]);
            if !done.starts_with(b"-BUSY") {
                break;
            }
            sleep(Duration::from_millis(50));
        }
        got.push(done);
        sleep(Duration::from_millis(100));
        let info = String::from_utf8(b.cmd(&["INFO", "clients"])).unwrap();
        got.push(info.lines().find(|l| l.starts_with("connected_clients:")).unwrap().as_bytes().to_vec());
        got.push(b.cmd(&["SCRIPT", "KILL"]));
        replies.push(got);
    }
    assert_same("script after its caller left", &replies);
}
