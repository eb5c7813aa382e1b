//! End-to-end tests with real clients against spinel-server: redis-cli (commands, `--pipe`
//! mass insertion), inline commands on a raw socket, the Rust `redis` crate (values,
//! pipelines, errors, concurrency), and protocol errors that must close only the offending
//! connection. `SPINEL_DIFF_AGAINST_REDIS=1` runs them against redis-server, which checks
//! the tests themselves.

mod common;

use common::{render, Conn, Server};
use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// redis-cli
// ---------------------------------------------------------------------------------------------

/// Runs `redis-cli -h 127.0.0.1 -p PORT args...` with `stdin` piped in.
fn redis_cli(server: &Server, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new("redis-cli")
        .args(["-h", "127.0.0.1", "-p", &server.port.to_string()])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run redis-cli ({e}): run scripts/setup.sh"));
    // Write from another thread: redis-cli may answer before it has read all of stdin.
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let output = child.wait_with_output().expect("redis-cli output");
    writer.join().unwrap();
    output
}

/// redis-cli's stdout for one command (not a tty, so raw output: one reply per line).
fn cli(server: &Server, args: &[&str]) -> String {
    let out = redis_cli(server, args, b"");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn redis_cli_commands() {
    let server = Server::spinel(&[]);
    assert_eq!(cli(&server, &["PING"]), "PONG\n");
    assert_eq!(cli(&server, &["SET", "greeting", "hello world"]), "OK\n");
    assert_eq!(cli(&server, &["GET", "greeting"]), "hello world\n");
    assert_eq!(cli(&server, &["GET", "missing"]), "\n");
    assert_eq!(cli(&server, &["INCR", "counter"]), "1\n");
    assert_eq!(cli(&server, &["INCRBY", "counter", "41"]), "42\n");
    assert_eq!(cli(&server, &["MSET", "a", "1", "b", "2"]), "OK\n");
    assert_eq!(cli(&server, &["MGET", "a", "missing", "b"]), "1\n\n2\n");
    assert_eq!(cli(&server, &["EXISTS", "a", "b", "missing"]), "2\n");
    assert_eq!(cli(&server, &["DBSIZE"]), "4\n");
    let err = cli(&server, &["INCR", "greeting"]);
    assert!(
        err.contains("ERR value is not an integer or out of range"),
        "redis-cli said {err:?}"
    );
    let err = cli(&server, &["NOSUCHCOMMAND"]);
    assert!(
        err.contains("ERR unknown command 'NOSUCHCOMMAND'"),
        "redis-cli said {err:?}"
    );
    // Commands read from stdin, one per line, as a user would pipe a script.
    let out = redis_cli(&server, &[], b"SET x 10\nINCR x\nGET x\n");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "OK\n11\n11\n");
}

/// `redis-cli -s PATH args...`: stdout, as [`cli`].
fn cli_unix(path: &str, args: &[&str]) -> String {
    let out = Command::new("redis-cli").args(["-s", path]).args(args).output().expect("run redis-cli");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `unixsocket` and `unixsocketperm`: clients connect through the socket (CLIENT LIST shows
/// `path:0` and flag U, MONITOR `unix:path`), the file has the permissions asked for, and
/// SHUTDOWN removes it. Checked on both servers, with redis-cli as the client.
#[test]
fn unix_socket_clients() {
    use std::os::unix::fs::PermissionsExt;
    for (i, start) in [Server::spinel as fn(&[&str]) -> Server, Server::redis].into_iter().enumerate() {
        let path = std::env::temp_dir().join(format!("spinel-test-{}-{i}.sock", std::process::id()));
        let path = path.to_str().unwrap().to_string();
        std::fs::write(&path, b"stale").unwrap();
        let server = start(&["--unixsocket", &path, "--unixsocketperm", "700"]);
        let name = server.name.clone();
        assert_eq!(cli_unix(&path, &["PING"]), "PONG\n", "{name}");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "{name}: socket mode {mode:o}");
        let info = cli_unix(&path, &["CLIENT", "INFO"]);
        assert!(info.contains(&format!(" addr={path}:0 laddr={path}:0 ")), "{name}: {info}");
        assert!(info.contains(" flags=U "), "{name}: {info}");
        let mut tcp = server.conn();
        let line = String::from_utf8(tcp.cmd(&["CLIENT", "INFO"])).unwrap();
        assert!(line.contains(" flags=N "), "{name}: {line}");
        assert_eq!(tcp.cmd(&["MONITOR"]), b"+OK\r\n");
        assert_eq!(cli_unix(&path, &["SET", "k", "v"]), "OK\n", "{name}");
        let seen = String::from_utf8(tcp.read_line()).unwrap();
        assert!(seen.contains(&format!(" [0 unix:{path}] \"SET\" \"k\" \"v\"")), "{name}: {seen}");
        cli_unix(&path, &["SHUTDOWN", "NOSAVE"]);
        assert!(tcp.wait_closed(), "{name}: still serving after SHUTDOWN");
        assert!(!std::path::Path::new(&path).exists(), "{name}: left {path} behind");
    }
}

/// `port 0` with a unix socket serves on the socket alone; a socket that cannot be created
/// stops the start with Redis's reason.
#[test]
fn unix_socket_only_and_refused_paths() {
    let dir = std::env::temp_dir().join(format!("spinel-unix-only-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("s.sock").to_str().unwrap().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_spinel-server"))
        .args(["--port", "0", "--unixsocket", &path, "--save", "", "--appendonly", "no"])
        .current_dir(&dir)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while cli_unix(&path, &["PING"]) != "PONG\n" {
        assert!(Instant::now() < deadline, "no PONG on {path}");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(cli_unix(&path, &["CONFIG", "GET", "port"]), "port\n0\n");
    cli_unix(&path, &["SHUTDOWN", "NOSAVE"]);
    assert!(child.wait().unwrap().success());
    let _ = std::fs::remove_dir_all(&dir);

    let long = format!("/tmp/{}.sock", "a".repeat(120));
    for (socket, reason) in [
        ("/nonexistent-dir/x.sock", "Failed opening Unix socket: bind: No such file or directory"),
        (long.as_str(), "Failed opening Unix socket: unix socket path too long (130), must be under 108"),
    ] {
        for binary in [env!("CARGO_BIN_EXE_spinel-server"), "redis-server"] {
            let out = Command::new(binary)
                .args(["--port", "0", "--unixsocket", socket, "--save", "", "--appendonly", "no"])
                .output()
                .unwrap();
            let log = String::from_utf8_lossy(&out.stdout);
            assert!(!out.status.success() && log.contains(reason), "{binary} with {socket}: {log}");
        }
    }
}

/// Everything the server sends until it closes the connection (which it must do within
/// the connection's timeout).
fn read_until_closed(conn: &Conn) -> Vec<u8> {
    use std::io::Read;
    let mut all = Vec::new();
    let mut stream = conn.stream();
    if let Err(e) = stream.read_to_end(&mut all) {
        assert!(e.kind() == std::io::ErrorKind::ConnectionReset, "not closed: {e}; got {} bytes", all.len());
    }
    all
}

/// `client-output-buffer-limit normal` (Redis's obuf-limits tests): replies over the hard
/// limit close the client without sending any of that batch, a pipeline stops there, and a
/// transaction still runs whole. Checked on both servers.
#[test]
fn normal_clients_output_buffer_hard_limit() {
    for start in [Server::spinel as fn(&[&str]) -> Server, Server::redis] {
        let server = start(&[]);
        let name = server.name.clone();
        let mut admin = server.conn();
        let item = "x".repeat(1000);
        for _ in 0..150 {
            admin.cmd(&["LPUSH", "mylist", &item]);
        }
        admin.cmd(&["SET", "bigkey", &"x".repeat(10000)]);
        // No limit by default.
        let mut c = server.conn();
        assert!(c.cmd(&["LRANGE", "mylist", "0", "-1"]).len() > 150_000, "{name}");
        assert_eq!(admin.cmd(&["CONFIG", "SET", "client-output-buffer-limit", "normal 100000 0 0"]), b"+OK\r\n");

        // One command: no reply at all, and the client is gone.
        let mut c = server.conn();
        assert_eq!(c.cmd(&["CLIENT", "SETNAME", "mybiglist"]), b"+OK\r\n");
        c.send_raw(&common::encode_command(&["LRANGE", "mylist", "0", "-1"]));
        assert_eq!(read_until_closed(&c).len(), 0, "{name}: LRANGE's reply was sent");
        let list = String::from_utf8(admin.cmd(&["CLIENT", "LIST"])).unwrap();
        assert!(!list.contains("name=mybiglist"), "{name}: {list}");

        // A pipeline in one write: none of its replies, not even the first ones.
        let mut c = server.conn();
        let mut pipeline = Vec::new();
        for i in 0..15 {
            let i = i.to_string();
            for cmd in [&["SET", &i, &i][..], &["GET", &i], &["DEL", &i], &["GET", "bigkey"]] {
                pipeline.extend_from_slice(&common::encode_command(cmd));
            }
        }
        c.send_raw(&pipeline);
        assert_eq!(read_until_closed(&c).len(), 0, "{name}: pipeline replies were sent");

        // A transaction runs whole; its reply is not sent.
        let mut c = server.conn();
        c.cmd(&["SET", "k1", "v1"]);
        c.cmd(&["MULTI"]);
        for cmd in [&["SET", "k2", "v2"][..], &["GET", "k2"], &["LRANGE", "mylist", "0", "-1"], &["SET", "k3", "v3"], &["DEL", "k1"]] {
            assert_eq!(c.cmd(cmd), b"+QUEUED\r\n");
        }
        c.send_raw(&common::encode_command(&["EXEC"]));
        assert_eq!(read_until_closed(&c).len(), 0, "{name}: EXEC's reply was sent");
        assert_eq!(admin.cmd(&["MGET", "k1", "k2", "k3"]), b"*3\r\n$-1\r\n$2\r\nv2\r\n$2\r\nv3\r\n", "{name}");
        // Small replies still flow.
        assert_eq!(server.conn().cmd(&["GET", "k2"]), b"$2\r\nv2\r\n", "{name}");
    }
}

/// The soft output limit (Redis's obuf-limits tests): a subscriber that stops reading stays
/// connected for the limit's seconds after its output passed the soft size, then is closed
/// even though nothing more is published; CLIENT LIST shows its omem as it grows. Both servers.
#[test]
fn pubsub_soft_output_limit_closes_a_stalled_subscriber_in_time() {
    for start in [Server::spinel as fn(&[&str]) -> Server, Server::redis] {
        let server = start(&[]);
        let name = server.name.clone();
        let mut admin = server.conn();
        admin.cmd(&["CONFIG", "SET", "client-output-buffer-limit", "pubsub 0 100000 1"]);
        let mut sub = server.conn();
        sub.cmd(&["CLIENT", "SETNAME", "stalled"]);
        sub.cmd(&["SUBSCRIBE", "ch"]);
        let message = "m".repeat(1000);
        let omem = |admin: &mut Conn| -> Option<u64> {
            let list = String::from_utf8(admin.cmd(&["CLIENT", "LIST"])).unwrap();
            let line = list.lines().find(|l| l.contains("name=stalled"))?.to_string();
            Some(line.split(" omem=").nth(1)?.split(' ').next()?.parse().unwrap())
        };
        // Publish until the subscriber's unsent output shows over the soft size.
        let deadline = Instant::now() + Duration::from_secs(30);
        while omem(&mut admin).is_some_and(|m| m < 100_000) {
            assert!(Instant::now() < deadline, "{name}: omem never grew");
            for _ in 0..100 {
                admin.cmd(&["PUBLISH", "ch", &message]);
            }
        }
        let over = Instant::now();
        std::thread::sleep(Duration::from_millis(500));
        assert!(omem(&mut admin).is_some(), "{name}: closed before the soft limit's second");
        while omem(&mut admin).is_some() {
            assert!(over.elapsed() < Duration::from_secs(4), "{name}: still connected with no traffic");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[test]
fn redis_cli_pipe_mass_insertion() {
    let server = Server::spinel(&[]);
    const N: usize = 20_000;
    let mut input = Vec::new();
    for i in 0..N {
        input.extend(common::encode_command(&[
            "SET".to_string(),
            format!("key:{i}"),
            format!("value:{i}"),
        ]));
    }
    let out = redis_cli(&server, &["--pipe"], &input);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains(&format!("errors: 0, replies: {N}")),
        "redis-cli --pipe failed ({}):\nstdout: {stdout}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let mut conn = server.conn();
    assert_eq!(conn.cmd(&["DBSIZE"]), format!(":{N}\r\n").into_bytes());
    assert_eq!(conn.cmd(&["GET", "key:12345"]), b"$11\r\nvalue:12345\r\n");
}

// ---------------------------------------------------------------------------------------------
// Inline commands (what telnet and `nc` users type)
// ---------------------------------------------------------------------------------------------

fn expect_reply(conn: &mut Conn, expected: &[u8], what: &str) {
    let got = conn.read_reply_raw();
    assert_eq!(
        got,
        expected,
        "{what}: expected {}, got {}",
        render(expected),
        render(&got)
    );
}

#[test]
fn inline_commands() {
    let server = Server::spinel(&[]);
    let mut conn = server.conn();
    conn.send_raw(b"PING\r\n");
    expect_reply(&mut conn, b"+PONG\r\n", "PING");
    conn.send_raw(b"SET greeting \"hello world\"\r\n");
    expect_reply(&mut conn, b"+OK\r\n", "SET with a quoted argument");
    // A bare LF ends an inline command too.
    conn.send_raw(b"GET greeting\n");
    expect_reply(&mut conn, b"$11\r\nhello world\r\n", "GET ended by LF");
    conn.send_raw(b"ECHO 'single quoted'\r\n");
    expect_reply(&mut conn, b"$13\r\nsingle quoted\r\n", "single quotes");
    conn.send_raw(b"SET bin \"a\\x00b\\r\\n\"\r\nSTRLEN bin\r\n");
    expect_reply(&mut conn, b"+OK\r\n", "SET with escapes");
    expect_reply(&mut conn, b":5\r\n", "STRLEN of the escaped value");
    // Empty lines get no reply; two commands in one packet get two replies.
    conn.send_raw(b"\r\n   \r\nPING\r\nECHO x\r\n");
    expect_reply(&mut conn, b"+PONG\r\n", "PING after empty lines");
    expect_reply(&mut conn, b"$1\r\nx\r\n", "second command of the packet");
    conn.send_raw(b"  incr   counter  \r\n");
    expect_reply(&mut conn, b":1\r\n", "extra spaces and lower case");
    // Inline and RESP requests may follow each other on one connection.
    conn.send_raw(b"*2\r\n$3\r\nGET\r\n$7\r\ncounter\r\nGET counter\r\n");
    expect_reply(&mut conn, b"$1\r\n1\r\n", "RESP request");
    expect_reply(&mut conn, b"$1\r\n1\r\n", "inline request after a RESP one");
    // Unbalanced quotes are a protocol error that closes the connection.
    conn.send_raw(b"SET a \"unterminated\r\n");
    expect_reply(
        &mut conn,
        b"-ERR Protocol error: unbalanced quotes in request\r\n",
        "unbalanced quotes",
    );
    assert!(
        conn.wait_closed(),
        "the server must close the connection after a protocol error"
    );
}

// ---------------------------------------------------------------------------------------------
// The `redis` crate
// ---------------------------------------------------------------------------------------------

fn client(server: &Server) -> redis::Connection {
    let client = redis::Client::open(format!("redis://127.0.0.1:{}/", server.port)).unwrap();
    let con = client
        .get_connection_with_timeout(common::REPLY_TIMEOUT)
        .unwrap_or_else(|e| panic!("redis crate cannot connect: {e}"));
    con.set_read_timeout(Some(common::REPLY_TIMEOUT)).unwrap();
    con.set_write_timeout(Some(common::REPLY_TIMEOUT)).unwrap();
    con
}

#[test]
fn redis_crate_set_get() {
    let server = Server::spinel(&[]);
    let mut con = client(&server);
    let () = redis::cmd("SET")
        .arg("name")
        .arg("spinel")
        .query(&mut con)
        .unwrap();
    let name: String = redis::cmd("GET").arg("name").query(&mut con).unwrap();
    assert_eq!(name, "spinel");
    let missing: Option<String> = redis::cmd("GET").arg("missing").query(&mut con).unwrap();
    assert_eq!(missing, None);
    let n: i64 = redis::cmd("INCRBY")
        .arg("n")
        .arg(-5)
        .query(&mut con)
        .unwrap();
    assert_eq!(n, -5);
    let f: f64 = redis::cmd("INCRBYFLOAT")
        .arg("f")
        .arg(2.5)
        .query(&mut con)
        .unwrap();
    assert_eq!(f, 2.5);
    let values: Vec<Option<String>> = redis::cmd("MGET")
        .arg(&["name", "missing", "n"])
        .query(&mut con)
        .unwrap();
    assert_eq!(values, vec![Some("spinel".into()), None, Some("-5".into())]);
    let ttl: i64 = {
        let () = redis::cmd("SET")
            .arg("t")
            .arg("v")
            .arg("EX")
            .arg(100)
            .query(&mut con)
            .unwrap();
        redis::cmd("TTL").arg("t").query(&mut con).unwrap()
    };
    assert!((99..=100).contains(&ttl), "TTL after EX 100 was {ttl}");
}

#[test]
fn redis_crate_binary_safe_values() {
    let server = Server::spinel(&[]);
    let mut con = client(&server);
    let all_bytes: Vec<u8> = (0..=255u8).collect();
    let key: &[u8] = b"bin\x00key\r\n\xff";
    let () = redis::cmd("SET")
        .arg(key)
        .arg(&all_bytes)
        .query(&mut con)
        .unwrap();
    let back: Vec<u8> = redis::cmd("GET").arg(key).query(&mut con).unwrap();
    assert_eq!(back, all_bytes);
    let len: usize = redis::cmd("STRLEN").arg(key).query(&mut con).unwrap();
    assert_eq!(len, 256);
    // A large value crosses many reads and writes.
    let big: Vec<u8> = (0..5_000_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let () = redis::cmd("SET")
        .arg("big")
        .arg(&big)
        .query(&mut con)
        .unwrap();
    let back: Vec<u8> = redis::cmd("GET").arg("big").query(&mut con).unwrap();
    assert!(
        back == big,
        "5 MB value came back different ({} bytes)",
        back.len()
    );
    let () = redis::cmd("SET")
        .arg("empty")
        .arg(b"")
        .query(&mut con)
        .unwrap();
    let back: Vec<u8> = redis::cmd("GET").arg("empty").query(&mut con).unwrap();
    assert!(back.is_empty());
}

#[test]
fn redis_crate_pipelines() {
    let server = Server::spinel(&[]);
    let mut con = client(&server);
    let mut pipe = redis::pipe();
    for i in 0..1000 {
        pipe.cmd("SET").arg(format!("p:{i}")).arg(i).ignore();
    }
    for _ in 0..1000 {
        pipe.cmd("INCR").arg("p:counter");
    }
    let counts: Vec<i64> = pipe.query(&mut con).unwrap();
    assert_eq!(counts, (1..=1000).collect::<Vec<i64>>());
    let mut pipe = redis::pipe();
    for i in 0..1000 {
        pipe.cmd("GET").arg(format!("p:{i}"));
    }
    let values: Vec<i64> = pipe.query(&mut con).unwrap();
    assert_eq!(values, (0..1000).collect::<Vec<i64>>());
    let size: i64 = redis::cmd("DBSIZE").query(&mut con).unwrap();
    assert_eq!(size, 1001);
}

#[test]
fn redis_crate_errors() {
    use redis::{ErrorKind, ServerErrorKind};
    let server = Server::spinel(&[]);
    let mut con = client(&server);
    let () = redis::cmd("SET")
        .arg("text")
        .arg("abc")
        .query(&mut con)
        .unwrap();

    let check = |err: redis::RedisError, detail: &str| {
        assert_eq!(
            err.kind(),
            ErrorKind::Server(ServerErrorKind::ResponseError),
            "{err}"
        );
        assert_eq!(err.code(), Some("ERR"), "{err}");
        assert_eq!(err.detail(), Some(detail), "{err}");
    };
    let err = redis::cmd("INCR")
        .arg("text")
        .query::<i64>(&mut con)
        .unwrap_err();
    check(err, "value is not an integer or out of range");
    let err = redis::cmd("GET").query::<String>(&mut con).unwrap_err();
    check(err, "wrong number of arguments for 'get' command");
    let err = redis::cmd("NOPE")
        .arg("x")
        .query::<String>(&mut con)
        .unwrap_err();
    check(
        err,
        "unknown command 'NOPE', with args beginning with: 'x' ",
    );
    let err = redis::cmd("SET")
        .arg("k")
        .arg("v")
        .arg("EX")
        .arg(0)
        .query::<()>(&mut con)
        .unwrap_err();
    check(err, "invalid expire time in 'set' command");
    let err = redis::cmd("SET")
        .arg("k")
        .arg("v")
        .arg("BOGUS")
        .query::<()>(&mut con)
        .unwrap_err();
    check(err, "syntax error");
    // An error is a reply like any other: the connection keeps working.
    let v: String = redis::cmd("GET").arg("text").query(&mut con).unwrap();
    assert_eq!(v, "abc");
    // In a pipeline, one failing command fails the pipeline's result...
    let mut pipe = redis::pipe();
    pipe.cmd("SET")
        .arg("after")
        .arg("1")
        .ignore()
        .cmd("INCR")
        .arg("text")
        .cmd("GET")
        .arg("after");
    let err = pipe.query::<(i64, String)>(&mut con).unwrap_err();
    assert!(
        err.to_string()
            .contains("value is not an integer or out of range"),
        "{err}"
    );
    // ...but the commands around it ran.
    let v: String = redis::cmd("GET").arg("after").query(&mut con).unwrap();
    assert_eq!(v, "1");
}

#[test]
fn concurrent_incr_from_200_connections() {
    let server = Server::spinel(&[]);
    const THREADS: usize = 200;
    const INCRS: i64 = 100;
    let barrier = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let barrier = barrier.clone();
            let port = server.port;
            std::thread::spawn(move || {
                let mut conn = Conn::connect(port);
                barrier.wait(); // all connections open before anyone starts
                for _ in 0..INCRS {
                    let reply = conn.cmd(&["INCR", "shared"]);
                    assert_eq!(reply[0], b':', "INCR replied {}", render(&reply));
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().expect("a client thread failed");
    }
    let mut con = client(&server);
    let total: i64 = redis::cmd("GET").arg("shared").query(&mut con).unwrap();
    assert_eq!(total, THREADS as i64 * INCRS);
}

// ---------------------------------------------------------------------------------------------
// Protocol errors: the offending client gets an error and is disconnected, nobody else notices
// ---------------------------------------------------------------------------------------------

/// Sends `request` on a fresh connection and checks the reply is exactly `expected`, that the
/// connection is then closed, and that a bystander connection opened before still works.
fn protocol_error(server: &Server, request: &[u8], expected: &str) {
    let mut bystander = server.conn();
    assert_eq!(
        bystander.cmd(&["SET", "bystander", "still here"]),
        b"+OK\r\n"
    );

    let mut bad = server.conn();
    // The server may close before reading everything we send: a failed write is fine.
    let _ = bad.try_send_raw(request);
    let reply = bad
        .try_read_reply_raw()
        .unwrap_or_else(|e| panic!("no error reply to {}: {e}", common::escape(request, 80)));
    let text = String::from_utf8_lossy(&reply);
    assert!(
        text == expected,
        "request {}: expected {expected:?}, got {}",
        common::escape(request, 80),
        render(&reply)
    );
    assert!(
        bad.wait_closed(),
        "the server must close the connection after {expected:?}"
    );

    assert_eq!(
        bystander.cmd(&["GET", "bystander"]),
        b"$10\r\nstill here\r\n"
    );
    let mut fresh = server.conn();
    assert_eq!(fresh.cmd(&["PING"]), b"+PONG\r\n");
}

#[test]
fn malformed_resp_gets_protocol_error_and_disconnect() {
    let server = Server::spinel(&[]);
    // Exact texts are Redis's; each closes the connection.
    let cases: [(&[u8], &str); 5] = [
        (
            b"*2\r\n$3\r\nGET\r\n:1\r\n",
            "-ERR Protocol error: expected '$', got ':'\r\n",
        ),
        (
            b"*abc\r\n",
            "-ERR Protocol error: invalid multibulk length\r\n",
        ),
        (
            b"*1\r\n$abc\r\n",
            "-ERR Protocol error: invalid bulk length\r\n",
        ),
        (
            b"*1\r\n$-5\r\n",
            "-ERR Protocol error: invalid bulk length\r\n",
        ),
        (
            b"*1\r\nPING\r\n",
            "-ERR Protocol error: expected '$', got 'P'\r\n",
        ),
    ];
    for (request, expected) in cases {
        protocol_error(&server, request, expected);
    }
}

#[test]
fn gigabyte_bulk_length_is_rejected() {
    let server = Server::spinel(&[]);
    protocol_error(
        &server,
        b"*1\r\n$1073741824\r\n",
        "-ERR Protocol error: invalid bulk length\r\n",
    );
}

#[test]
fn huge_multibulk_count_is_rejected() {
    let server = Server::spinel(&[]);
    // Redis accepts counts up to INT_MAX (and allocates lazily); beyond that it is an error.
    protocol_error(
        &server,
        b"*2147483648\r\n",
        "-ERR Protocol error: invalid multibulk length\r\n",
    );
}

#[test]
fn too_big_inline_request_is_rejected() {
    let server = Server::spinel(&[]);
    let line = vec![b'a'; 100 * 1024];
    protocol_error(
        &server,
        &line,
        "-ERR Protocol error: too big inline request\r\n",
    );
}

#[test]
fn server_survives_abrupt_disconnects() {
    let mut server = Server::spinel(&[]);
    // Clients that vanish mid-request or before reading their reply.
    for partial in [
        &b"*3\r\n$3\r\nSET\r\n$1\r\nk"[..],
        b"SET k",
        b"*1\r\n$4\r\nPI",
    ] {
        let mut conn = server.conn();
        conn.send_raw(partial);
        drop(conn);
    }
    let mut conn = server.conn();
    conn.send_raw(&common::encode_command(&[
        "SET",
        "big",
        &"x".repeat(1 << 20),
    ]));
    conn.send_raw(&common::encode_command(&["GET", "big"]));
    drop(conn); // never reads the 1 MB reply
    std::thread::sleep(Duration::from_millis(100));
    server.assert_alive();
    let mut conn = server.conn();
    assert_eq!(conn.cmd(&["PING"]), b"+PONG\r\n");
    assert_eq!(conn.cmd(&["STRLEN", "big"]), b":1048576\r\n");
}

/// The server's resident memory in bytes (Linux).
fn rss_bytes(server: &Server) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.pid())).unwrap();
    let kb: u64 = status.lines().find_map(|l| l.strip_prefix("VmRSS:")).unwrap().trim().trim_end_matches(" kB").trim().parse().unwrap();
    kb * 1024
}

/// A client that announces a 512 MB value and sends 2 KB of it costs what it sent, not what
/// it announced: the input buffer grows as data arrives (zeroing 512 MB per such client
/// took the event loop ~0.4 s and 512 MB of memory each).
#[test]
fn announced_but_unsent_bulks_cost_no_memory() {
    let mut server = Server::spinel(&[]);
    let before = rss_bytes(&server);
    let mut holders = Vec::new();
    for _ in 0..4 {
        let mut conn = server.conn();
        conn.send_raw(b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870000\r\n");
        conn.send_raw(&[b'x'; 1024]);
        std::thread::sleep(Duration::from_millis(20));
        conn.send_raw(&[b'x'; 1024]);
        holders.push(conn);
    }
    let start = Instant::now();
    let mut conn = server.conn();
    assert_eq!(conn.cmd(&["PING"]), b"+PONG\r\n");
    assert!(start.elapsed() < Duration::from_secs(1), "PING took {:?}", start.elapsed());
    let grown = rss_bytes(&server).saturating_sub(before);
    assert!(grown < 64 << 20, "resident memory grew by {} MB for 8 KB of partial values", grown >> 20);
    server.assert_alive();
}

fn used_memory(conn: &mut Conn) -> u64 {
    let info = String::from_utf8(conn.cmd(&["INFO", "memory"])).unwrap();
    info.lines().find_map(|l| l.strip_prefix("used_memory:")).unwrap().trim().parse().unwrap()
}

/// The argument table of one command with two million arguments is freed once it ran, by
/// the server and by the connection's parser: it used to stay counted in used_memory (and
/// against maxmemory) for good.
#[test]
fn a_command_with_millions_of_arguments_leaves_no_memory_behind() {
    let server = Server::spinel(&[]);
    let mut conn = server.conn();
    let before = used_memory(&mut conn);
    let n = 2_000_000;
    let mut request = format!("*{}\r\n$3\r\nDEL\r\n", n + 1).into_bytes();
    for _ in 0..n {
        request.extend_from_slice(b"$1\r\nx\r\n");
    }
    conn.send_raw(&request);
    assert_eq!(conn.read_reply_raw(), b":0\r\n");
    let after = used_memory(&mut conn);
    assert!(after < before + (8 << 20), "used_memory {before} -> {after} with the client still connected");
}

/// The Lua heap is not in used_memory (as in Redis, whose Lua allocates outside its
/// accounting): a read-only script that leaves 12 MB of garbage (under the size at which a
/// finished script collects it) does not make the next write evict the data. Spinel used to
/// count it and evicted every key.
#[test]
fn script_garbage_does_not_evict_keys() {
    let server = Server::spinel(&[]);
    let mut conn = server.conn();
    for i in 0..1000 {
        conn.cmd(&["SET", &format!("key:{i}"), &"v".repeat(1000)]);
    }
    let limit = used_memory(&mut conn) + (6 << 20);
    assert_eq!(conn.cmd(&["CONFIG", "SET", "maxmemory-policy", "allkeys-lru"]), b"+OK\r\n");
    assert_eq!(conn.cmd(&["CONFIG", "SET", "maxmemory", &limit.to_string()]), b"+OK\r\n");
    let script = "local t = {} for i = 1, 6 do t[i] = string.rep('x', 1048576) .. i end return #t";
    assert_eq!(conn.cmd(&["EVAL_RO", script, "0"]), b":6\r\n");
    let info = String::from_utf8(conn.cmd(&["INFO", "memory"])).unwrap();
    let lua: u64 = info.lines().find_map(|l| l.strip_prefix("used_memory_lua:")).unwrap().trim().parse().unwrap();
    assert!(lua > 6 << 20, "the script's garbage is still in the Lua heap ({lua} bytes)");
    assert_eq!(conn.cmd(&["SET", "after", "1"]), b"+OK\r\n");
    assert_eq!(conn.cmd(&["DBSIZE"]), b":1001\r\n");
    assert!(used_memory(&mut conn) < limit);
}

/// Active expiry keeps up with many short-lived keys, as Redis's does: each cron cycle may
/// spend a quarter of its period on the server's clock. 100,000 keys that expire together are
/// gone within seconds without being touched (a fixed 1,000 keys per cycle would take ten).
#[test]
fn active_expiry_reclaims_many_short_lived_keys() {
    let server = Server::spinel(&[]);
    let mut conn = server.conn();
    const KEYS: usize = 100_000;
    let mut batch = Vec::new();
    for i in 0..KEYS {
        batch.extend_from_slice(&common::encode_command(&["SET", &format!("k{i}"), "v", "PX", "50"]));
    }
    conn.send_raw(&batch);
    for _ in 0..KEYS {
        assert_eq!(conn.read_reply_raw(), b"+OK\r\n");
    }
    let start = std::time::Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let left = common::Frame::parse(&conn.cmd(&["DBSIZE"])).unwrap().as_int().unwrap();
        if left < (KEYS / 100) as i64 {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(4), "{left} keys left after {:?}", start.elapsed());
    }
}

/// A panic (a bug) ends the server with a report in its log file, where operators look:
/// the message, where it happened and a backtrace, framed as Redis frames bug reports.
#[test]
fn a_panic_is_reported_in_the_log_file() {
    let mut server = Server::spinel(&["--enable-debug-command", "yes", "--logfile", "crash.log"]);
    let mut c = server.conn();
    assert!(render(&c.cmd_str("DEBUG HELP")).contains("Crash the server simulating a panic."));
    c.send_raw(b"*2\r\n$5\r\nDEBUG\r\n$5\r\nPANIC\r\n");
    assert!(c.wait_closed(), "the connection stays open after DEBUG PANIC");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let log = loop {
        let log = std::fs::read_to_string(server.dir.join("crash.log")).unwrap_or_default();
        if log.contains("=== SPINEL BUG REPORT END") {
            break log;
        }
        assert!(std::time::Instant::now() < deadline, "no crash report in the log file:\n{log}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let start = log.find("=== SPINEL BUG REPORT START: Cut & paste starting from here ===").expect("report start");
    let report = &log[start..];
    assert!(report.contains(" # Spinel ") && report.contains("crashed by a panic: panicked at ") && report.contains("DEBUG PANIC called at Unix time "), "{report}");
    assert!(report.contains("------ STACK TRACE ------") && report.contains("diagnostics.rs"), "{report}");
    // The process ended (it does not go on serving with half-done state).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", server.port)).is_ok() {
        assert!(std::time::Instant::now() < deadline, "the server still accepts connections");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = &mut server;
}

/// A fatal signal (a fault, or an operator's kill -ABRT) ends the server with Redis's kind of
/// report in its log file: the signal, its sender or the faulting address, a stack trace;
/// then the signal's default action, so the exit status (and a core dump where enabled) shows
/// it. DEBUG SEGFAULT exercises it as in Redis.
#[test]
fn a_fatal_signal_is_reported_in_the_log_file() {
    use std::os::unix::process::ExitStatusExt;
    for (how, signal) in [("DEBUG SEGFAULT", 11), ("kill -ABRT", 6)] {
        let mut server = Server::spinel(&["--enable-debug-command", "yes", "--logfile", "crash.log"]);
        let mut c = server.conn();
        if signal == 11 {
            c.send_raw(b"*2\r\n$5\r\nDEBUG\r\n$8\r\nSEGFAULT\r\n");
        } else {
            std::process::Command::new("kill").args(["-ABRT", &server.pid().to_string()]).status().unwrap();
        }
        let status = server.wait_exit(Duration::from_secs(20)).unwrap_or_else(|| panic!("{how}: the server is still running"));
        assert_eq!(status.signal(), Some(signal), "{how}: {status:?}");
        let log = std::fs::read_to_string(server.dir.join("crash.log")).unwrap();
        let start = log.find("=== SPINEL BUG REPORT START: Cut & paste starting from here ===").unwrap_or_else(|| panic!("{how}: no report:\n{log}"));
        let report = &log[start..];
        assert!(report.contains(" # Spinel ") && report.contains(&format!(" crashed by signal: {signal}, si_code: ")), "{how}: {report}");
        // Both were sent (raise, kill): the sender is named.
        assert!(report.contains("Killed by PID: "), "{how}: {report}");
        assert!(report.contains("------ STACK TRACE ------") && report.contains("=== SPINEL BUG REPORT END"), "{how}: {report}");
        if signal == 11 {
            assert!(report.contains("diagnostics.rs"), "{how}: the trace shows where: {report}");
        }
    }
    // crash-log-enabled no: the signal's default action alone, as Redis.
    let mut server = Server::spinel(&["--logfile", "crash.log", "--crash-log-enabled", "no"]);
    std::process::Command::new("kill").args(["-ABRT", &server.pid().to_string()]).status().unwrap();
    let status = server.wait_exit(Duration::from_secs(20)).expect("the server is still running");
    assert_eq!(status.signal(), Some(6));
    let log = std::fs::read_to_string(server.dir.join("crash.log")).unwrap();
    assert!(!log.contains("BUG REPORT"), "{log}");
}

/// maxmemory-clients as Redis 7.0 enforces it: a client whose big argument takes the
/// clients' memory past the limit is closed before its command runs, one that does not read
/// a big reply is closed, a MULTI queue counts, a CLIENT NO-EVICT client stays, and INFO
/// counts them in `evicted_clients`. Compared with redis-server.
#[test]
fn clients_past_maxmemory_clients_are_evicted_as_redis() {
    let mut transcripts = Vec::new();
    for spinel in [false, true] {
        let server = if spinel { Server::spinel(&[]) } else { Server::redis(&[]) };
        let mut admin = server.conn();
        admin.cmd_str("CLIENT NO-EVICT on");
        let mut t = vec![render(&admin.cmd_str("CONFIG SET maxmemory-clients 3000000"))];
        let exists = |admin: &mut Conn, name: &str| String::from_utf8_lossy(&admin.cmd_str("CLIENT LIST")).contains(&format!("name={name} "));
        // A big argument: the client goes, its command does not run.
        let mut big = server.conn();
        big.cmd_str("CLIENT SETNAME big");
        t.push(render(&big.cmd(&["MSET", "k", "v", "k2", &"v".repeat(1_000_000)])));
        let _ = big.try_send_raw(&common::encode_command(&["MSET", "k", "v2", "k2", &"v".repeat(3_000_000)]));
        std::thread::sleep(Duration::from_millis(200));
        t.push(format!("big {} {}", exists(&mut admin, "big"), render(&admin.cmd_str("MGET k"))));
        // A MULTI queue of 4 MB.
        let mut multi = server.conn();
        multi.cmd_str("CLIENT SETNAME multi");
        multi.cmd_str("MULTI");
        for i in 0..4 {
            let _ = multi.try_cmd(&["SET", &format!("m{i}"), &"v".repeat(1_000_000)]);
        }
        std::thread::sleep(Duration::from_millis(200));
        t.push(format!("multi {}", exists(&mut admin, "multi")));
        // Big replies left unread.
        admin.cmd(&["SET", "huge", &"x".repeat(1_000_000)]);
        let mut reader = server.conn();
        reader.cmd_str("CLIENT SETNAME reader");
        for _ in 0..20 {
            let _ = reader.try_send_raw(&common::encode_command(&["GET", "huge"]));
        }
        std::thread::sleep(Duration::from_millis(300));
        t.push(format!("reader {}", exists(&mut admin, "reader")));
        // CLIENT NO-EVICT: not evicted, and its memory does not count.
        let mut kept = server.conn();
        kept.cmd_str("CLIENT NO-EVICT on");
        kept.cmd_str("CLIENT SETNAME kept");
        let mut partial = b"*1\r\n$4000000\r\n".to_vec();
        partial.extend(std::iter::repeat_n(b'v', 3_500_000));
        kept.send_raw(&partial);
        std::thread::sleep(Duration::from_millis(300));
        t.push(format!("kept {}", exists(&mut admin, "kept")));
        let stats = String::from_utf8_lossy(&admin.cmd_str("INFO stats")).into_owned();
        t.push(stats.lines().find(|l| l.starts_with("evicted_clients:")).unwrap_or("").to_string());
        transcripts.push(t);
    }
    assert_eq!(transcripts[1], transcripts[0]);
    assert_eq!(transcripts[0][2..], ["big false [\"v\"]", "multi false", "reader false", "kept true", "evicted_clients:3"]);
}

/// What counts toward maxmemory-clients as in Redis: buffers cron released stop counting
/// (idle clients that once read big commands do not get a new big client evicted), and a
/// CLIENT NO-EVICT client counts though it is never evicted (a small client goes instead).
/// Compared with redis-server.
#[test]
fn maxmemory_clients_counts_as_redis() {
    let mut transcripts = Vec::new();
    for spinel in [false, true] {
        let server = if spinel { Server::spinel(&[]) } else { Server::redis(&[]) };
        let mut admin = server.conn();
        admin.cmd_str("CLIENT NO-EVICT on");
        admin.cmd_str("CONFIG SET maxmemory-clients 1mb");
        let value = "v".repeat(50_000);
        let command = common::encode_command(&["SET", "k", &value]);
        let mut idle = Vec::new();
        for _ in 0..15 {
            let mut c = server.conn();
            c.send_raw(&command[..25_000]);
            std::thread::sleep(Duration::from_millis(20));
            c.send_raw(&command[25_000..]);
            assert_eq!(c.read_reply_raw(), b"+OK\r\n");
            idle.push(c);
        }
        std::thread::sleep(Duration::from_secs(3));
        let mut big = server.conn();
        let command = common::encode_command(&["SET", "big", &"x".repeat(400_000)]);
        big.send_raw(&command[..300_000]);
        std::thread::sleep(Duration::from_millis(200));
        big.send_raw(&command[300_000..]);
        let mut t = vec![render(&big.read_reply_raw())];
        drop(idle);
        drop(big);
        // A NO-EVICT client holding most of the limit: the small one is evicted.
        admin.cmd_str("CONFIG SET maxmemory-clients 200kb");
        let mut kept = server.conn();
        kept.cmd_str("CLIENT NO-EVICT on");
        kept.cmd_str("CLIENT SETNAME kept");
        let command = common::encode_command(&["SET", "kept", &"x".repeat(300_000)]);
        kept.send_raw(&command[..250_000]);
        std::thread::sleep(Duration::from_millis(200));
        let mut small = server.conn();
        let _ = small.try_cmd(&["CLIENT", "SETNAME", "small"]);
        std::thread::sleep(Duration::from_millis(200));
        let list = String::from_utf8_lossy(&admin.cmd_str("CLIENT LIST")).into_owned();
        t.push(format!("kept {} small {}", list.contains("name=kept "), list.contains("name=small ")));
        transcripts.push(t);
    }
    assert_eq!(transcripts[1], transcripts[0]);
    assert_eq!(transcripts[0], ["+OK", "kept true small false"]);
}
