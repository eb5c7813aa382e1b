//! Native tests of the binding's own logic (frames, flags, replay). The same paths run
//! on wasm in tests/web.rs under Node and Chromium.
use super::*;

const T0: f64 = 1_700_000_000_000.0;

fn core() -> Core {
    Core::new(1, 2, T0, "").unwrap_or_else(|_| panic!("engine"))
}

fn run(c: &mut Core, client: u32, args: &[&[u8]], now: f64) -> (u32, Vec<u8>) {
    let f = frames(args);
    let ptr = c.input_ptr(f.len());
    assert_ne!(ptr, 0);
    c.input[..f.len()].copy_from_slice(&f);
    let code = c.exec(client, args.len(), f.len(), now);
    (code, c.reply_bytes().to_vec())
}

#[test]
fn exec_reads_frames_and_writes_resp() {
    let mut c = core();
    let a = c.connect(T0);
    assert_eq!(run(&mut c, a, &[b"SET", b"k", b"v"], T0), (OUTCOME_DONE, b"+OK\r\n".to_vec()));
    assert_eq!(run(&mut c, a, &[b"GET", b"k"], T0).1, b"$1\r\nv\r\n");
    // More arguments than fit on the stack.
    let many: Vec<Vec<u8>> = (0..40).map(|i| format!("f{i}").into_bytes()).collect();
    let mut args: Vec<&[u8]> = vec![b"RPUSH", b"l"];
    args.extend(many.iter().map(|v| v.as_slice()));
    assert_eq!(run(&mut c, a, &args, T0).1, b":40\r\n");
    // Frames that claim more bytes than given are an error reply, not a panic.
    let code = c.exec_frames(a, &[5, 0, 0, 0, b'G'], 1, T0);
    assert_eq!(code, OUTCOME_DONE);
    assert!(c.reply_bytes().starts_with(b"-ERR Protocol error"));
    assert_eq!(c.exec_frames(a, &frames(&[b"GET"]), 3, T0), OUTCOME_DONE);
    assert!(c.reply_bytes().starts_with(b"-ERR Protocol error"));
}

#[test]
fn while_storage_fails_writes_get_misconf_and_reads_work() {
    let mut c = core();
    let a = c.connect(T0);
    run(&mut c, a, &[b"SET", b"k", b"v"], T0);
    c.set_storage_error(Some("QuotaExceededError".into()));
    assert_eq!(run(&mut c, a, &[b"SET", b"k", b"w"], T0).1, b"-MISCONF Errors writing to the AOF file: QuotaExceededError\r\n");
    assert_eq!(run(&mut c, a, &[b"GET", b"k"], T0).1, b"$1\r\nv\r\n");
    assert!(run(&mut c, a, &[b"INFO", b"persistence"], T0).1.windows(26).any(|w| w == b"aof_last_write_status:err\r"));
    c.set_storage_error(None);
    assert_eq!(run(&mut c, a, &[b"SET", b"k", b"w"], T0).1, b"+OK\r\n");
}

#[test]
fn blocked_client_is_served_through_take_pending() {
    let mut c = core();
    let a = c.connect(T0);
    let b = c.connect(T0);
    let (code, out) = run(&mut c, a, &[b"BLPOP", b"q", b"0"], T0);
    assert_eq!((code & 0xf, out.as_slice()), (OUTCOME_BLOCKED, &b""[..]));
    let (code, _) = run(&mut c, b, &[b"RPUSH", b"q", b"x"], T0);
    assert_ne!(code & FLAG_READY, 0);
    assert_eq!(c.take_ready(), vec![a]);
    assert!(!c.take_pending(a));
    assert_eq!(c.reply_bytes(), b"*2\r\n$1\r\nq\r\n$1\r\nx\r\n");
    // A timeout is answered by cron once the deadline passed.
    run(&mut c, a, &[b"BLPOP", b"q", b"0.5"], T0);
    assert_eq!(c.cron(T0 + 100.0) & FLAG_READY, 0);
    assert_ne!(c.cron(T0 + 600.0) & FLAG_READY, 0);
    assert_eq!(c.take_ready(), vec![a]);
    c.take_pending(a);
    assert_eq!(c.reply_bytes(), b"*-1\r\n");
}

#[test]
fn change_stream_replays_into_a_new_engine() {
    let mut c = core();
    c.set_change_stream(true);
    let a = c.connect(T0);
    let (code, _) = run(&mut c, a, &[b"SET", b"k", b"v", b"EX", b"100"], T0);
    assert_ne!(code & FLAG_CHANGES, 0);
    run(&mut c, a, &[b"SELECT", b"2"], T0);
    run(&mut c, a, &[b"HSET", b"h", b"f", b"1"], T0);
    assert_eq!(run(&mut c, a, &[b"GET", b"nope"], T0).0 & FLAG_CHANGES, FLAG_CHANGES, "not taken yet");
    let log = c.take_changes();
    assert_eq!(c.changes_len(), 0);
    let mut d = core();
    d.set_change_stream(true);
    // A write cut short at the end (a torn append) is ignored: the bytes replayed end
    // before it.
    let mut torn = log.clone();
    torn.extend_from_slice(b"*3\r\n$3\r\nSET\r\n$1\r\nz");
    assert_eq!(d.replay(&torn, T0 + 1000.0).ok(), Some(log.len()));
    assert_eq!(d.changes_len(), 0, "replay is not recorded again");
    let r = d.connect(T0);
    assert_eq!(run(&mut d, r, &[b"PTTL", b"k"], T0 + 1000.0).1, b":99000\r\n");
    run(&mut d, r, &[b"SELECT", b"2"], T0);
    assert_eq!(run(&mut d, r, &[b"HGET", b"h", b"f"], T0).1, b"$1\r\n1\r\n");
    // Keys whose absolute expiry passed are gone after a replay.
    let mut e = core();
    e.replay(&log, T0 + 200_000.0).ok();
    let r = e.connect(T0 + 200_000.0);
    assert_eq!(run(&mut e, r, &[b"EXISTS", b"k"], T0 + 200_000.0).1, b":0\r\n");
}

#[test]
fn config_lines_apply() {
    let c = Core::new(0, 0, T0, "hz 50\n# comment\n").unwrap_or_else(|_| panic!("engine"));
    assert_eq!(c.hz(), 50);
}

#[test]
fn exec_many_runs_a_pipeline_and_stops_at_a_blocked_command() {
    let mut c = core();
    let a = c.connect(T0);
    let mut input = Vec::new();
    for cmd in [&[&b"SET"[..], b"k", b"1"][..], &[b"INCR", b"k"], &[b"GET"], &[b"BLPOP", b"q", b"0"], &[b"PING"]] {
        input.extend_from_slice(&(cmd.len() as u32).to_le_bytes());
        input.extend_from_slice(&frames(cmd));
    }
    c.input_ptr(input.len());
    c.input[..input.len()].copy_from_slice(&input);
    let code = c.exec_many(a, 5, input.len(), T0);
    assert_eq!(code & 0xf, OUTCOME_BLOCKED);
    assert_eq!(c.status[2], 4, "PING after the blocked BLPOP did not run");
    assert_eq!(c.reply_bytes(), b"+OK\r\n:2\r\n-ERR wrong number of arguments for 'get' command\r\n");
}

/// Runs `resume` until the command is done; returns the slices it took and the reply.
fn finish(c: &mut Core, client: u32, mut code: u32, now: f64) -> (usize, Vec<u8>) {
    let mut slices = 0;
    while code & 15 == OUTCOME_RUNNING {
        slices += 1;
        code = c.resume(client, now);
    }
    assert_eq!(code & 15, OUTCOME_DONE);
    (slices, c.reply_bytes().to_vec())
}

#[test]
fn lua_scripts_run_and_yielded_ones_resume_to_their_reply() {
    let mut c = core();
    let a = c.connect(T0);
    run(&mut c, a, &[b"SET", b"k", b"v"], T0);
    let (code, reply) = run(&mut c, a, &[b"EVAL", b"return redis.call('GET', KEYS[1])", b"1", b"k"], T0);
    assert_eq!(finish(&mut c, a, code, T0).1, b"$1\r\nv\r\n", "{reply:?}");
    // A long loop yields (fuel slices); its reply comes whole once done, even when another
    // client's command used the output buffer in between.
    let b = c.connect(T0);
    let script: &[u8] = b"local n = 0 for i = 1, 2000000 do n = n + 1 end redis.call('SET', 'done', n) return n";
    let (code, _) = run(&mut c, a, &[b"EVAL", script, b"0"], T0);
    assert_eq!(code & 15, OUTCOME_RUNNING, "the loop should take more than one slice");
    c.resume(a, T0);
    let (_, busy) = run(&mut c, b, &[b"GET", b"k"], T0);
    assert!(busy.starts_with(b"-BUSY"), "{:?}", String::from_utf8_lossy(&busy));
    let (slices, reply) = finish(&mut c, a, OUTCOME_RUNNING, T0);
    assert!(slices >= 1);
    assert_eq!(reply, b":2000000\r\n");
    assert_eq!(run(&mut c, b, &[b"GET", b"done"], T0).1, b"$7\r\n2000000\r\n");
}

#[test]
fn script_busy_follows_busy_reply_threshold() {
    let mut c = Core::new(1, 2, T0, "busy-reply-threshold 100").unwrap_or_else(|_| panic!("engine"));
    let a = c.connect(T0);
    let (code, _) = run(&mut c, a, &[b"EVAL", b"while true do end", b"0"], T0);
    assert_eq!(code & 15, OUTCOME_RUNNING);
    assert!(!c.script_busy());
    c.resume(a, T0 + 50.0);
    assert!(!c.script_busy());
    c.resume(a, T0 + 150.0);
    assert!(c.script_busy());
    // SCRIPT KILL from another client ends it with Redis's error.
    let b = c.connect(T0);
    assert_eq!(run(&mut c, b, &[b"SCRIPT", b"KILL"], T0 + 150.0).1, b"+OK\r\n");
    let (_, reply) = finish(&mut c, a, OUTCOME_RUNNING, T0 + 160.0);
    assert!(reply.starts_with(b"-ERR Script killed by user"), "{:?}", String::from_utf8_lossy(&reply));
}

#[test]
fn scripts_in_a_pipeline_run_to_completion() {
    let mut c = core();
    let a = c.connect(T0);
    let mut f = Vec::new();
    for args in [&[b"EVAL" as &[u8], b"local n = 0 for i = 1, 1000000 do n = n + 1 end return n", b"0"][..], &[b"PING" as &[u8]][..]] {
        f.extend_from_slice(&(args.len() as u32).to_le_bytes());
        f.extend_from_slice(&frames(args));
    }
    c.input_ptr(f.len());
    c.input[..f.len()].copy_from_slice(&f);
    let code = c.exec_many(a, 2, f.len(), T0);
    assert_eq!(code & 15, OUTCOME_DONE);
    assert_eq!(c.reply_bytes(), b":1000000\r\n+PONG\r\n");
}

#[test]
fn snapshot_restores_into_a_new_engine_and_starts_a_new_log() {
    let mut c = core();
    c.set_change_stream(true);
    let a = c.connect(T0);
    // Incompressible (the RDB encoding would LZF-compress a repeated byte).
    let mut x: u32 = 1;
    let big: String = (0..5000).map(|_| {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (b'a' + (x >> 16) as u8 % 26) as char
    }).collect();
    run(&mut c, a, &[b"SET", b"s", big.as_bytes(), b"EX", b"100"], T0);
    run(&mut c, a, &[b"RPUSH", b"l", b"a", b"b"], T0);
    run(&mut c, a, &[b"SELECT", b"2"], T0);
    run(&mut c, a, &[b"HSET", b"h", b"f", b"v"], T0);
    // Small blobs: the 5000-byte value spans several.
    let snap = c.snapshot(1024, 1.0);
    assert!(snap.len() > 5000);
    assert!(c.take_changes().is_empty(), "changes before the snapshot are in it");
    run(&mut c, a, &[b"SET", b"after", b"1"], T0);
    let log = c.take_changes();
    assert!(log.starts_with(b"*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n"), "{:?}", String::from_utf8_lossy(&log));
    let mut d = core();
    assert_eq!(d.restore_blobs(&snap), Ok(()));
    assert_eq!(d.replay(&log, T0 + 10_000.0).ok(), Some(log.len()));
    let r = d.connect(T0);
    assert_eq!(run(&mut d, r, &[b"TTL", b"s"], T0 + 10_000.0).1, b":90\r\n");
    assert_eq!(run(&mut d, r, &[b"LRANGE", b"l", b"0", b"-1"], T0).1, b"*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    run(&mut d, r, &[b"SELECT", b"2"], T0);
    assert_eq!(run(&mut d, r, &[b"HGET", b"h", b"f"], T0).1, b"$1\r\nv\r\n");
    assert_eq!(run(&mut d, r, &[b"GET", b"after"], T0).1, b"$1\r\n1\r\n");
    // A cut or damaged snapshot is an error, not a panic.
    assert!(core().restore_blobs(&snap[..snap.len() - 10]).is_err());
    let mut bad = snap.clone();
    bad[100] ^= 1;
    assert!(core().restore_blobs(&bad).is_err());
}
