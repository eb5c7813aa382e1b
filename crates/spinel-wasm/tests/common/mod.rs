//! Test bodies shared by node.rs (run under Node) and browser.rs (run in headless Chromium):
//! the binding as JS sees it, compiled to wasm32.
use spinel_wasm::{frames, Core, FLAG_CHANGES, FLAG_READY, OUTCOME_BLOCKED, OUTCOME_DONE};

const T0: f64 = 1_700_000_000_000.0;

fn run(c: &mut Core, client: u32, args: &[&[u8]], now: f64) -> (u32, Vec<u8>) {
    let code = c.exec_frames(client, &frames(args), args.len(), now);
    (code, c.out())
}

pub fn commands_run_and_reply_in_resp() {
    let mut c = Core::new(7, 9, T0, "").ok().unwrap();
    let a = c.connect(T0);
    assert_eq!(run(&mut c, a, &[b"SET", b"k", b"v", b"PX", b"500"], T0), (OUTCOME_DONE, b"+OK\r\n".to_vec()));
    assert_eq!(run(&mut c, a, &[b"GET", b"k"], T0).1, b"$1\r\nv\r\n");
    assert_eq!(run(&mut c, a, &[b"PTTL", b"k"], T0 + 100.0).1, b":400\r\n");
    assert_eq!(run(&mut c, a, &[b"HSET", b"h", b"f", "é".as_bytes()], T0).1, b":1\r\n");
    assert_eq!(run(&mut c, a, &[b"LPUSH", b"h", b"x"], T0).1, b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n".to_vec());
    // The reply's location is published at status_ptr for JS; out_len agrees with it.
    assert_eq!(c.out_len(), c.out().len());
    assert_ne!(c.status_ptr(), 0);
    assert!(Core::memory().is_object());
    // Active expiry through cron, with time passed in.
    c.cron(T0 + 2000.0);
    assert_eq!(run(&mut c, a, &[b"DBSIZE"], T0 + 2000.0).1, b":1\r\n");
}

pub fn bad_input_is_an_error_not_a_panic() {
    assert!(Core::new(0, 0, T0, "no-such-option 1").is_err());
    assert!(Core::new(0, 0, T0, "hz nope").is_err());
    let mut c = Core::new(0, 0, T0, "hz 20").ok().unwrap();
    assert_eq!(c.hz(), 20);
    let a = c.connect(T0);
    c.exec_frames(a, &[255, 255, 255, 255, 1], 1, T0);
    assert!(c.out().starts_with(b"-ERR Protocol error"));
    assert!(c.replay(b"*1\r\n$x\r\n", T0).is_err());
    assert_eq!(run(&mut c, a, &[b"PING"], T0).1, b"+PONG\r\n");
}

pub fn blocked_clients_get_their_reply_through_take_pending() {
    let mut c = Core::new(1, 1, T0, "").ok().unwrap();
    let a = c.connect(T0);
    let b = c.connect(T0);
    assert_eq!(run(&mut c, a, &[b"BLPOP", b"q", b"0"], T0).0, OUTCOME_BLOCKED);
    let (code, _) = run(&mut c, b, &[b"RPUSH", b"q", b"1", b"2"], T0);
    assert_ne!(code & FLAG_READY, 0);
    assert_eq!(c.take_ready(), vec![a]);
    assert!(!c.take_pending(a));
    assert_eq!(c.out(), b"*2\r\n$1\r\nq\r\n$1\r\n1\r\n");
    assert_eq!(run(&mut c, a, &[b"LLEN", b"q"], T0).1, b":1\r\n");
}

pub fn change_stream_round_trips_through_replay() {
    let mut c = Core::new(1, 2, T0, "").ok().unwrap();
    c.set_change_stream(true);
    let a = c.connect(T0);
    let (code, _) = run(&mut c, a, &[b"ZADD", b"z", b"1", b"m"], T0);
    assert_ne!(code & FLAG_CHANGES, 0);
    run(&mut c, a, &[b"SET", b"t", b"v", b"EX", b"10"], T0);
    let log = c.take_changes();
    let mut d = Core::new(3, 4, T0, "").ok().unwrap();
    assert_eq!(d.replay(&log, T0 + 4000.0).ok(), Some(log.len()));
    let r = d.connect(T0);
    assert_eq!(run(&mut d, r, &[b"ZSCORE", b"z", b"m"], T0 + 4000.0).1, b"$1\r\n1\r\n");
    assert_eq!(run(&mut d, r, &[b"TTL", b"t"], T0 + 4000.0).1, b":6\r\n");
}

/// The package is built without spinel-core's `command-docs` (tests/differences.md D20):
/// COMMAND DOCS keeps what the command table and key specs give, without the prose and
/// argument trees; COMMAND INFO is unaffected.
pub fn command_docs_without_prose() {
    let mut c = Core::new(1, 1, T0, "").ok().unwrap();
    let a = c.connect(T0);
    let docs = run(&mut c, a, &[b"COMMAND", b"DOCS", b"GET"], T0).1;
    assert_eq!(docs, b"*2\r\n$3\r\nget\r\n*4\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n".to_vec());
    let docs = run(&mut c, a, &[b"COMMAND", b"DOCS", b"CLIENT"], T0).1;
    assert!(docs.windows(11).any(|w| w == b"subcommands"));
    assert!(!docs.windows(9).any(|w| w == b"arguments"));
    let info = run(&mut c, a, &[b"COMMAND", b"INFO", b"GET"], T0).1;
    assert!(info.starts_with(b"*1\r\n*10\r\n$3\r\nget\r\n:2\r\n"));
    assert!(info.windows(6).any(|w| w == b"access"), "key specs are kept");
}
