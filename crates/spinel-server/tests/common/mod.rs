//! Shared harness for spinel-server's integration tests.
//!
//! - [`Server`]: a spinel-server or redis-server process on a free loopback port, killed on drop.
//! - [`Conn`]: a raw RESP client on a std `TcpStream` that returns replies as exact bytes,
//!   so tests compare what a client really receives, byte for byte.
//! - [`Differ`]: sends each command to Spinel and to Redis and records the replies that differ.
//!   The accepted differences are listed in `tests/differences.md` (repo root) and applied in
//!   one function here, [`equivalent`]; nothing else may relax a comparison.
//!
//! `SPINEL_DIFF_AGAINST_REDIS=1` makes [`Server::spinel`] start a second redis-server instead:
//! diffing Redis against Redis must give zero mismatches, which checks the harness itself.

// Each test binary uses a different part of this module.
#![allow(dead_code)]

#[path = "../scripts/corpus.rs"]
pub mod corpus;
pub use corpus::split_command;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a test waits for one reply before it fails: a hung server must fail the test,
/// not hang it. Generous because CI shares 2 cores with the build.
pub const REPLY_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a server may take to accept its first connection.
const START_TIMEOUT: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------------------------
// Ports and servers
// ---------------------------------------------------------------------------------------------

/// Ports already handed out in this process: tests run on parallel threads, and the OS may
/// give the same ephemeral port twice once our probe listener is closed.
static USED_PORTS: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());

/// A loopback TCP port that was free a moment ago and that no other test here has been given.
pub fn free_port() -> u16 {
    loop {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().unwrap().port();
        if USED_PORTS.lock().unwrap().insert(port) {
            return port;
        }
    }
}

/// True when `SPINEL_DIFF_AGAINST_REDIS=1`: "spinel" is then a second redis-server.
pub fn against_redis() -> bool {
    std::env::var("SPINEL_DIFF_AGAINST_REDIS").is_ok_and(|v| v == "1")
}

/// Flags both servers get: no persistence, so tests leave no files and do no disk I/O.
const NO_PERSISTENCE: [&str; 4] = ["--save", "", "--appendonly", "no"];

/// A server process on 127.0.0.1:`port`, killed (and its scratch directory removed) on drop.
pub struct Server {
    child: Child,
    pub port: u16,
    /// "spinel-server", "redis-server", or "redis-server (as spinel)".
    pub name: String,
    /// Working directory of the process; its stdout+stderr go to `dir/server.log`.
    pub dir: PathBuf,
}

impl Server {
    /// spinel-server built by cargo for this test run (or redis-server, see [`against_redis`]).
    /// `extra_args` are flags such as `["--requirepass", "x"]`; a first argument that does not
    /// start with `--` is a config file path and goes first, as redis-server expects.
    pub fn spinel(extra_args: &[&str]) -> Server {
        if against_redis() {
            return Server::start("redis-server (as spinel)", &redis_binary(), extra_args);
        }
        Server::start(
            "spinel-server",
            env!("CARGO_BIN_EXE_spinel-server"),
            extra_args,
        )
    }

    /// redis-server from PATH, the reference implementation.
    pub fn redis(extra_args: &[&str]) -> Server {
        Server::start("redis-server", &redis_binary(), extra_args)
    }

    /// A server of either kind on a given port (a restart where replicas expect it).
    pub fn on_port(spinel: bool, port: u16, extra_args: &[&str]) -> Server {
        let (name, binary) = if spinel && !against_redis() {
            ("spinel-server", env!("CARGO_BIN_EXE_spinel-server").to_string())
        } else {
            ("redis-server", redis_binary())
        };
        match Server::try_start(name, &binary, port, extra_args) {
            Ok(server) => server,
            Err(StartError::PortTaken(log) | StartError::Fatal(log)) => panic!("{name} on port {port}: {log}"),
        }
    }

    fn start(name: &str, binary: &str, extra_args: &[&str]) -> Server {
        // A port that was free when probed can be taken before the server binds it: retry then.
        let mut last_failure = String::new();
        for _attempt in 0..5 {
            let port = free_port();
            match Server::try_start(name, binary, port, extra_args) {
                Ok(server) => return server,
                Err(StartError::PortTaken(log)) => last_failure = log,
                Err(StartError::Fatal(message)) => panic!("{message}"),
            }
        }
        panic!("{name}: could not bind a free port after 5 attempts; last output:\n{last_failure}");
    }

    fn try_start(
        name: &str,
        binary: &str,
        port: u16,
        extra_args: &[&str],
    ) -> Result<Server, StartError> {
        static SEQ: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "spinel-test-{}-{}-{}",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed),
            port
        ));
        fs::create_dir_all(&dir).expect("create server scratch dir");
        let log_path = dir.join("server.log");
        let log = File::create(&log_path).expect("create server log");

        let (config, flags) = match extra_args.first() {
            Some(first) if !first.starts_with("--") => (Some(*first), &extra_args[1..]),
            _ => (None, extra_args),
        };
        let port_s = port.to_string();
        let mut cmd = Command::new(binary);
        cmd.args(config)
            .args(["--port", &port_s, "--bind", "127.0.0.1"])
            .args(NO_PERSISTENCE)
            .args(flags)
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log));
        let child = match cmd.spawn() {
            Ok(child) => child,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(StartError::Fatal(format!(
                    "{name}: `{binary}` not found ({e}): run scripts/setup.sh"
                )))
            }
            Err(e) => {
                return Err(StartError::Fatal(format!(
                    "{name}: cannot start `{binary}`: {e}"
                )))
            }
        };
        let mut server = Server {
            child,
            port,
            name: name.to_string(),
            dir,
        };
        server.wait_until_ready()?;
        Ok(server)
    }

    /// Waits until the server answers PING; a server that exits or stays silent fails with
    /// its own output in the message.
    fn wait_until_ready(&mut self) -> Result<(), StartError> {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                let log = self.log();
                if log.contains("Address already in use") {
                    return Err(StartError::PortTaken(log));
                }
                return Err(StartError::Fatal(format!(
                    "{} exited ({status}) before accepting connections on 127.0.0.1:{}.\n\
                     --- its stdout/stderr ---\n{log}--- end ---",
                    self.name, self.port
                )));
            }
            if let Ok(stream) = TcpStream::connect_timeout(&self.addr(), Duration::from_millis(500))
            {
                let mut conn = Conn::from_stream(stream, Duration::from_secs(2));
                // redis-server answers PING while it loads its files, and -LOADING to most
                // other commands: ready means loaded (or, with a password, asking for it).
                let loading = |info: &Vec<u8>| info.starts_with(b"-LOADING") || info.windows(11).any(|w| w == b"\r\nloading:1");
                if conn.try_cmd(&["PING"]).is_ok() && conn.try_cmd(&["INFO", "persistence"]).is_ok_and(|info| !loading(&info)) {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                return Err(StartError::Fatal(format!(
                    "{} did not answer PING on 127.0.0.1:{} within {:?}.\n\
                     --- its stdout/stderr ---\n{}--- end ---",
                    self.name,
                    self.port,
                    START_TIMEOUT,
                    self.log()
                )));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// How the process ended, once it has (None: still running after `timeout`).
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A new raw RESP connection to this server.
    pub fn conn(&self) -> Conn {
        Conn::connect(self.port)
    }

    /// What the server has printed so far (stdout and stderr).
    pub fn log(&self) -> String {
        fs::read(self.dir.join("server.log"))
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }

    /// Panics (with the server's output) if the process has exited: call it after a test
    /// that may have crashed the server, so the failure names the crash and not a symptom.
    pub fn assert_alive(&mut self) {
        if let Some(status) = self.child.try_wait().expect("try_wait") {
            panic!(
                "{} died ({status}).\n--- its stdout/stderr ---\n{}--- end ---",
                self.name,
                self.log()
            );
        }
    }
}

enum StartError {
    PortTaken(String),
    Fatal(String),
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn redis_binary() -> String {
    // REDIS_SERVER lets a developer point at another build; Debian's is on PATH.
    std::env::var("REDIS_SERVER").unwrap_or_else(|_| "redis-server".to_string())
}

// ---------------------------------------------------------------------------------------------
// Raw RESP client
// ---------------------------------------------------------------------------------------------

/// A raw RESP connection: commands go out as arrays of bulk strings, replies come back as the
/// exact bytes of one complete RESP2/RESP3 frame.
pub struct Conn {
    stream: TcpStream,
    /// Bytes read but not yet returned (the start of the next reply, if any).
    buf: Vec<u8>,
    timeout: Duration,
}

impl Conn {
    pub fn connect(port: u16) -> Conn {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let stream = TcpStream::connect_timeout(&addr, REPLY_TIMEOUT)
            .unwrap_or_else(|e| panic!("connect to {addr}: {e}"));
        Conn::from_stream(stream, REPLY_TIMEOUT)
    }

    pub fn from_stream(stream: TcpStream, timeout: Duration) -> Conn {
        stream.set_nodelay(true).unwrap();
        stream.set_read_timeout(Some(timeout)).unwrap();
        stream.set_write_timeout(Some(timeout)).unwrap();
        Conn {
            stream,
            buf: Vec::new(),
            timeout,
        }
    }

    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
        self.stream.set_read_timeout(Some(timeout)).unwrap();
        self.stream.set_write_timeout(Some(timeout)).unwrap();
    }

    pub fn stream(&self) -> &TcpStream {
        &self.stream
    }

    /// Sends one command and returns its reply's raw bytes; panics on I/O errors and timeouts.
    pub fn cmd<A: AsRef<[u8]>>(&mut self, args: &[A]) -> Vec<u8> {
        self.try_cmd(args)
            .unwrap_or_else(|e| panic!("command {}: {e}", render_command(args)))
    }

    /// [`Conn::cmd`] taking a space-separated command line (see [`split_command`]).
    pub fn cmd_str(&mut self, line: &str) -> Vec<u8> {
        self.cmd(&split_command(line))
    }

    pub fn try_cmd<A: AsRef<[u8]>>(&mut self, args: &[A]) -> io::Result<Vec<u8>> {
        self.try_send_raw(&encode_command(args))?;
        self.try_read_reply_raw()
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.try_send_raw(bytes)
            .unwrap_or_else(|e| panic!("send {}: {e}", escape(bytes, 200)));
    }

    pub fn try_send_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)
    }

    /// Reads exactly one complete reply; panics on I/O errors, timeouts and bad framing.
    pub fn read_reply_raw(&mut self) -> Vec<u8> {
        self.try_read_reply_raw()
            .unwrap_or_else(|e| panic!("read reply: {e}"))
    }

    pub fn try_read_reply_raw(&mut self) -> io::Result<Vec<u8>> {
        let deadline = Instant::now() + self.timeout;
        loop {
            match frame_end(&self.buf, 0) {
                Ok(Some(end)) => return Ok(self.buf.drain(..end).collect()),
                Ok(None) => {}
                Err(e) => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("malformed reply ({e}): {}", escape(&self.buf, 300)),
                    ))
                }
            }
            if Instant::now() > deadline {
                return Err(self.timed_out());
            }
            let mut chunk = [0u8; 64 * 1024];
            match self.stream.read(&mut chunk) {
                Ok(0) => {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        format!(
                            "connection closed by the server; {} bytes of an unfinished reply: {}",
                            self.buf.len(),
                            escape(&self.buf, 300)
                        ),
                    ))
                }
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    return Err(self.timed_out())
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    fn timed_out(&self) -> io::Error {
        io::Error::new(
            io::ErrorKind::TimedOut,
            format!(
                "no complete reply within {:?} (server hung?); {} bytes so far: {}",
                self.timeout,
                self.buf.len(),
                escape(&self.buf, 300)
            ),
        )
    }

    /// Exactly `n` raw bytes (a replica's RDB payload, which has no CRLF after it).
    pub fn read_bytes(&mut self, n: usize) -> Vec<u8> {
        let deadline = Instant::now() + self.timeout;
        while self.buf.len() < n {
            assert!(Instant::now() < deadline, "{}", self.timed_out());
            let mut chunk = [0u8; 64 * 1024];
            match self.stream.read(&mut chunk) {
                Ok(0) => panic!("connection closed after {} of {n} bytes", self.buf.len()),
                Ok(k) => self.buf.extend_from_slice(&chunk[..k]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => panic!("read: {e}"),
            }
        }
        self.buf.drain(..n).collect()
    }

    /// One raw line, without its CRLF.
    pub fn read_line(&mut self) -> Vec<u8> {
        let deadline = Instant::now() + self.timeout;
        loop {
            if let Some(i) = self.buf.windows(2).position(|w| w == b"\r\n") {
                let line = self.buf[..i].to_vec();
                self.buf.drain(..i + 2);
                return line;
            }
            assert!(Instant::now() < deadline, "{}", self.timed_out());
            let mut chunk = [0u8; 64 * 1024];
            match self.stream.read(&mut chunk) {
                Ok(0) => panic!("connection closed inside a line: {}", escape(&self.buf, 300)),
                Ok(k) => self.buf.extend_from_slice(&chunk[..k]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => panic!("read: {e}"),
            }
        }
    }

    /// Waits until the server closes the connection, discarding anything it still sends.
    /// Returns false if the connection is still open after the timeout.
    pub fn wait_closed(&mut self) -> bool {
        let deadline = Instant::now() + self.timeout;
        let mut chunk = [0u8; 4096];
        while Instant::now() < deadline {
            match self.stream.read(&mut chunk) {
                Ok(0) => return true,
                Ok(_) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    return false
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // A reset also means the server is gone.
                Err(_) => return true,
            }
        }
        false
    }
}

/// A command as RESP: an array of bulk strings.
pub fn encode_command<A: AsRef<[u8]>>(args: &[A]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for arg in args {
        let arg = arg.as_ref();
        out.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
        out.extend_from_slice(arg);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// Where the frame starting at `pos` ends (exclusive), `Ok(None)` if `buf` holds only part
/// of it. Knows every RESP2 and RESP3 type; an attribute (`|`) belongs to the frame after it.
pub fn frame_end(buf: &[u8], pos: usize) -> Result<Option<usize>, String> {
    if pos >= buf.len() {
        return Ok(None);
    }
    let Some(cr) = find_crlf(buf, pos + 1) else {
        return Ok(None);
    };
    let kind = buf[pos];
    let line = &buf[pos + 1..cr];
    let after = cr + 2;
    match kind {
        b'+' | b'-' | b':' | b'_' | b',' | b'#' | b'(' => Ok(Some(after)),
        b'$' | b'!' | b'=' => {
            let len = parse_len(line)?;
            if len < 0 {
                return Ok(Some(after)); // RESP2 null bulk: $-1
            }
            let end = after + len as usize + 2;
            if buf.len() < end {
                return Ok(None);
            }
            if &buf[end - 2..end] != b"\r\n" {
                return Err(format!("bulk of length {len} not followed by CRLF"));
            }
            Ok(Some(end))
        }
        b'*' | b'~' | b'>' | b'%' | b'|' => {
            let len = parse_len(line)?;
            if len < 0 {
                return Ok(Some(after)); // RESP2 null array: *-1
            }
            let items = if matches!(kind, b'%' | b'|') {
                2 * len
            } else {
                len
            };
            let mut p = after;
            for _ in 0..items {
                match frame_end(buf, p)? {
                    Some(end) => p = end,
                    None => return Ok(None),
                }
            }
            if kind == b'|' {
                return frame_end(buf, p);
            }
            Ok(Some(p))
        }
        other => Err(format!(
            "unknown RESP type byte {:?} at offset {pos}",
            other as char
        )),
    }
}

fn find_crlf(buf: &[u8], from: usize) -> Option<usize> {
    buf.get(from..)?
        .windows(2)
        .position(|w| w == b"\r\n")
        .map(|i| from + i)
}

fn parse_len(line: &[u8]) -> Result<i64, String> {
    std::str::from_utf8(line)
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad length {:?}", String::from_utf8_lossy(line)))
}

/// A parsed reply, used where replies must be looked into (normalisation, rendering).
#[derive(Clone, Debug, PartialEq)]
pub enum Frame {
    /// `+ - : _ , # (`: the type byte and the line after it.
    Line(u8, Vec<u8>),
    /// `$ ! =`: `None` is RESP2's null bulk `$-1`.
    Bulk(u8, Option<Vec<u8>>),
    /// `* ~ > %`: `None` is RESP2's null array `*-1`; a map holds key, value, key, value...
    Agg(u8, Option<Vec<Frame>>),
    /// `|`: attribute pairs, then the frame they describe.
    Attr(Vec<Frame>, Box<Frame>),
}

impl Frame {
    /// Parses one complete frame that must span all of `raw`.
    pub fn parse(raw: &[u8]) -> Result<Frame, String> {
        let (frame, end) = Frame::parse_at(raw, 0)?;
        if end != raw.len() {
            return Err(format!(
                "{} trailing bytes after the frame",
                raw.len() - end
            ));
        }
        Ok(frame)
    }

    fn parse_at(raw: &[u8], pos: usize) -> Result<(Frame, usize), String> {
        let end = frame_end(raw, pos)?.ok_or("incomplete frame")?;
        let cr = find_crlf(raw, pos + 1).unwrap();
        let kind = raw[pos];
        let line = &raw[pos + 1..cr];
        let frame = match kind {
            b'$' | b'!' | b'=' => {
                let len = parse_len(line)?;
                Frame::Bulk(kind, (len >= 0).then(|| raw[cr + 2..end - 2].to_vec()))
            }
            b'*' | b'~' | b'>' | b'%' | b'|' => {
                let len = parse_len(line)?;
                if len < 0 {
                    Frame::Agg(kind, None)
                } else {
                    let count = if matches!(kind, b'%' | b'|') {
                        2 * len
                    } else {
                        len
                    };
                    let mut items = Vec::new();
                    let mut p = cr + 2;
                    for _ in 0..count {
                        let (item, next) = Frame::parse_at(raw, p)?;
                        items.push(item);
                        p = next;
                    }
                    if kind == b'|' {
                        let (inner, _) = Frame::parse_at(raw, p)?;
                        Frame::Attr(items, Box::new(inner))
                    } else {
                        Frame::Agg(kind, Some(items))
                    }
                }
            }
            _ => Frame::Line(kind, line.to_vec()),
        };
        Ok((frame, end))
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode_into(&mut out);
        out
    }

    fn encode_into(&self, out: &mut Vec<u8>) {
        match self {
            Frame::Line(kind, line) => {
                out.push(*kind);
                out.extend_from_slice(line);
                out.extend_from_slice(b"\r\n");
            }
            Frame::Bulk(kind, None) => out.extend_from_slice(&[*kind, b'-', b'1', b'\r', b'\n']),
            Frame::Bulk(kind, Some(data)) => {
                out.push(*kind);
                out.extend_from_slice(format!("{}\r\n", data.len()).as_bytes());
                out.extend_from_slice(data);
                out.extend_from_slice(b"\r\n");
            }
            Frame::Agg(kind, None) => out.extend_from_slice(&[*kind, b'-', b'1', b'\r', b'\n']),
            Frame::Agg(kind, Some(items)) => {
                let n = if *kind == b'%' {
                    items.len() / 2
                } else {
                    items.len()
                };
                out.push(*kind);
                out.extend_from_slice(format!("{n}\r\n").as_bytes());
                items.iter().for_each(|item| item.encode_into(out));
            }
            Frame::Attr(pairs, inner) => {
                out.extend_from_slice(format!("|{}\r\n", pairs.len() / 2).as_bytes());
                pairs.iter().for_each(|item| item.encode_into(out));
                inner.encode_into(out);
            }
        }
    }

    /// The integer of a `:` reply.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Frame::Line(b':', line) => std::str::from_utf8(line).ok()?.parse().ok(),
            _ => None,
        }
    }
}

/// A reply rendered for humans: `+OK`, `-ERR ...`, `:5`, `"bulk"`, `nil`, `[a, b]`,
/// `%{k => v}`; strings escaped, long ones cut. Falls back to escaped raw bytes.
pub fn render(raw: &[u8]) -> String {
    match Frame::parse(raw) {
        Ok(frame) => {
            let mut out = String::new();
            render_frame(&frame, &mut out);
            out
        }
        Err(e) => format!("<unparsable: {e}> {}", escape(raw, 300)),
    }
}

fn render_frame(frame: &Frame, out: &mut String) {
    match frame {
        Frame::Line(b'_', _) => out.push_str("_null"),
        Frame::Line(kind, line) => {
            out.push(*kind as char);
            out.push_str(&escape(line, 200));
        }
        Frame::Bulk(b'$', None) => out.push_str("nil"),
        Frame::Bulk(kind, None) => write!(out, "{}nil", *kind as char).unwrap(),
        Frame::Bulk(kind, Some(data)) => {
            if *kind != b'$' {
                out.push(*kind as char);
            }
            write!(out, "\"{}\"", escape(data, 200)).unwrap();
        }
        Frame::Agg(kind, None) => write!(out, "{}nil", *kind as char).unwrap(),
        Frame::Agg(kind, Some(items)) => {
            let (open, close) = match kind {
                b'%' => ("%{", "}"),
                b'~' => ("~{", "}"),
                b'>' => (">[", "]"),
                _ => ("[", "]"),
            };
            out.push_str(open);
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(if *kind == b'%' && i % 2 == 1 {
                        " => "
                    } else {
                        ", "
                    });
                }
                render_frame(item, out);
            }
            out.push_str(close);
        }
        Frame::Attr(pairs, inner) => {
            out.push_str("|attr");
            render_frame(&Frame::Agg(b'%', Some(pairs.clone())), out);
            out.push(' ');
            render_frame(inner, out);
        }
    }
}

/// Bytes as printable ASCII with `\r \n \t \" \\ \xHH` escapes, cut after `max` bytes.
pub fn escape(bytes: &[u8], max: usize) -> String {
    let mut out = String::new();
    for &b in bytes.iter().take(max) {
        match b {
            b'\r' => out.push_str("\\r"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7e => out.push(b as char),
            _ => write!(out, "\\x{b:02x}").unwrap(),
        }
    }
    if bytes.len() > max {
        write!(out, "...({} bytes)", bytes.len()).unwrap();
    }
    out
}

/// A command rendered as a redis-cli line; arguments are quoted when they need it.
pub fn render_command<A: AsRef<[u8]>>(args: &[A]) -> String {
    let parts: Vec<String> = args
        .iter()
        .map(|a| {
            let a = a.as_ref();
            let plain = !a.is_empty()
                && a.iter()
                    .all(|&b| b.is_ascii_graphic() && b != b'"' && b != b'\\');
            if plain {
                escape(a, 120)
            } else {
                format!("\"{}\"", escape(a, 120))
            }
        })
        .collect();
    parts.join(" ")
}

// ---------------------------------------------------------------------------------------------
// Accepted differences: the ONLY place where a Spinel reply may differ from Redis's.
// Each rule names its entry in tests/differences.md (repo root); keep the two in step.
// ---------------------------------------------------------------------------------------------

/// PTTL/PEXPIRETIME tolerance in ms (differences.md D1): the two servers receive the same
/// command a little apart, and loaded CI cores stretch that.
pub const PTTL_TOLERANCE_MS: i64 = 500;
/// TTL/EXPIRETIME tolerance in s (differences.md D1): rounding to seconds can fall on either
/// side of a boundary when the two servers' clocks are read a moment apart.
pub const TTL_TOLERANCE_S: i64 = 1;

/// Whether Spinel's reply is an accepted equivalent of Redis's reply to `command`.
pub fn equivalent(command: &[Vec<u8>], redis: &[u8], spinel: &[u8]) -> bool {
    if redis == spinel {
        return true;
    }
    let name = command
        .first()
        .map(|c| c.to_ascii_uppercase())
        .unwrap_or_default();
    let (Ok(r), Ok(s)) = (Frame::parse(redis), Frame::parse(spinel)) else {
        return false;
    };
    match name.as_slice() {
        // D1: timing-dependent TTLs compare with a tolerance; -1/-2 and errors stay exact.
        b"TTL" | b"EXPIRETIME" => within(&r, &s, TTL_TOLERANCE_S),
        b"PTTL" | b"PEXPIRETIME" => within(&r, &s, PTTL_TOLERANCE_MS),
        // D2: KEYS returns keys in hash-table order, which is random even between two Redis
        // processes (per-process hash seed): compare as sorted lists.
        b"KEYS" => sorted(r) == sorted(s),
        // D3: HELLO's server name, version and client id identify the process, not behaviour.
        b"HELLO" => hello_normalised(r) == hello_normalised(s),
        // D4: OBJECT REFCOUNT of a small integer is 1 or INT_MAX depending on object sharing.
        b"OBJECT"
            if command
                .get(1)
                .is_some_and(|s| s.eq_ignore_ascii_case(b"REFCOUNT")) =>
        {
            let shared_or_one = |f: &Frame| matches!(f.as_int(), Some(1) | Some(2147483647));
            shared_or_one(&r) && shared_or_one(&s)
        }
        _ => false,
    }
}

fn within(r: &Frame, s: &Frame, tolerance: i64) -> bool {
    match (r.as_int(), s.as_int()) {
        (Some(a), Some(b)) if a >= 0 && b >= 0 => (a - b).abs() <= tolerance,
        _ => false,
    }
}

fn sorted(frame: Frame) -> Frame {
    match frame {
        Frame::Agg(kind, Some(mut items)) => {
            items.sort_by_key(|item| item.encode());
            Frame::Agg(kind, Some(items))
        }
        other => other,
    }
}

fn hello_normalised(frame: Frame) -> Frame {
    const VOLATILE: [&[u8]; 3] = [b"server", b"version", b"id"];
    match frame {
        // RESP3 map or RESP2 flat array of key, value pairs.
        Frame::Agg(kind @ (b'%' | b'*'), Some(mut items)) => {
            for pair in items.chunks_mut(2) {
                let key = match &pair[0] {
                    Frame::Bulk(_, Some(k)) | Frame::Line(_, k) => k.clone(),
                    _ => continue,
                };
                if pair.len() == 2 && VOLATILE.contains(&key.as_slice()) {
                    pair[1] = Frame::Line(b'+', b"<normalised: differences.md D3>".to_vec());
                }
            }
            Frame::Agg(kind, Some(items))
        }
        other => other,
    }
}

// ---------------------------------------------------------------------------------------------
// Differential runner
// ---------------------------------------------------------------------------------------------

/// One reply that differs, with the commands just before it (most often the cause).
pub struct Mismatch {
    /// Position of the command in this run (0-based).
    pub index: usize,
    pub command: Vec<Vec<u8>>,
    pub redis: Vec<u8>,
    pub spinel: Vec<u8>,
    pub recent: Vec<String>,
}

/// Sends every command to a Spinel and a Redis connection and compares the replies.
/// Owns both servers, so they live exactly as long as the comparison.
pub struct Differ {
    pub spinel: Conn,
    pub redis: Conn,
    /// What this run is, printed with the mismatches (test name, seed, ...).
    pub label: String,
    pub mismatches: Vec<Mismatch>,
    pub sent: usize,
    recent: VecDeque<String>,
    /// Set when a connection failed: the two sides are out of step, the run stops there.
    broken: Option<String>,
    // Dropped last: the connections close before the processes die.
    spinel_server: Server,
    redis_server: Server,
}

/// `SPINEL_DIFF_TRACE=1` prints every command with Redis's reply (to develop generators).
fn trace() -> bool {
    std::env::var("SPINEL_DIFF_TRACE").is_ok_and(|v| v == "1")
}

/// How many mismatches a failed run prints (`SPINEL_DIFF_SHOW`, default 20).
fn mismatches_to_show() -> usize {
    std::env::var("SPINEL_DIFF_SHOW")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20)
}

impl Differ {
    /// Starts a fresh spinel-server and redis-server and connects to both.
    pub fn start(label: impl Into<String>) -> Differ {
        let spinel_server = Server::spinel(&[]);
        let redis_server = Server::redis(&[]);
        Differ {
            spinel: spinel_server.conn(),
            redis: redis_server.conn(),
            label: label.into(),
            mismatches: Vec::new(),
            sent: 0,
            recent: VecDeque::new(),
            broken: None,
            spinel_server,
            redis_server,
        }
    }

    pub fn spinel_server(&mut self) -> &mut Server {
        &mut self.spinel_server
    }

    /// Sends `args` to both servers; records a mismatch unless the replies are
    /// [`equivalent`]. Returns Redis's reply (empty once the run is broken).
    pub fn run<A: AsRef<[u8]>>(&mut self, args: &[A]) -> Vec<u8> {
        self.run_inner(args, false)
    }

    /// [`Differ::run`] on a redis-cli style line (see [`split_command`]).
    pub fn run_str(&mut self, line: &str) -> Vec<u8> {
        self.run(&split_command(line))
    }

    /// Like [`Differ::run`] but byte for byte, with no accepted difference applied: for
    /// cases built so that even timing-dependent replies must match exactly.
    pub fn run_exact<A: AsRef<[u8]>>(&mut self, args: &[A]) -> Vec<u8> {
        self.run_inner(args, true)
    }

    fn run_inner<A: AsRef<[u8]>>(&mut self, args: &[A], exact: bool) -> Vec<u8> {
        if self.broken.is_some() {
            return Vec::new();
        }
        let command: Vec<Vec<u8>> = args.iter().map(|a| a.as_ref().to_vec()).collect();
        let index = self.sent;
        self.sent += 1;
        // Redis first: if Redis itself misbehaves the harness is wrong, say so plainly.
        let redis = match self.redis.try_cmd(&command) {
            Ok(reply) => reply,
            Err(e) => {
                self.broken = Some(format!(
                    "redis-server failed on command #{index} {}: {e}",
                    render_command(&command)
                ));
                return Vec::new();
            }
        };
        let spinel = match self.spinel.try_cmd(&command) {
            Ok(reply) => reply,
            Err(e) => {
                let _ = self.spinel_server.child.try_wait();
                self.broken = Some(format!(
                    "{} failed on command #{index} {}: {e}\n--- its stdout/stderr (tail) ---\n{}",
                    self.spinel_server.name,
                    render_command(&command),
                    tail(&self.spinel_server.log(), 40)
                ));
                format!("<{e}>").into_bytes()
            }
        };
        let same = if exact {
            redis == spinel
        } else {
            equivalent(&command, &redis, &spinel)
        };
        if trace() {
            eprintln!(
                "#{index} {} -> {}{}",
                render_command(&command),
                render(&redis),
                if same {
                    String::new()
                } else {
                    format!("  MISMATCH spinel: {}", render(&spinel))
                }
            );
        }
        if !same {
            self.mismatches.push(Mismatch {
                index,
                command: command.clone(),
                redis: redis.clone(),
                spinel,
                recent: self.recent.iter().cloned().collect(),
            });
        }
        self.recent.push_back(render_command(&command));
        if self.recent.len() > 6 {
            self.recent.pop_front();
        }
        redis
    }

    /// A readable report of the run: counts per command and the first mismatches.
    pub fn report(&self) -> String {
        let mut out = String::new();
        writeln!(
            out,
            "\n=== differential run `{}`: {} mismatches in {} commands ({} vs redis-server) ===",
            self.label,
            self.mismatches.len(),
            self.sent,
            self.spinel_server.name
        )
        .unwrap();
        if let Some(why) = &self.broken {
            writeln!(out, "RUN STOPPED EARLY: {why}").unwrap();
        }
        let mut per_command: BTreeMap<String, usize> = BTreeMap::new();
        for m in &self.mismatches {
            let name = command_name(&m.command);
            *per_command.entry(name).or_default() += 1;
        }
        if !per_command.is_empty() {
            let counts: Vec<String> = per_command
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            writeln!(out, "mismatches per command: {}", counts.join(", ")).unwrap();
        }
        // The first mismatch of each command comes first: one bug repeated must not hide
        // the others. Then the rest, in the order they happened.
        let show = mismatches_to_show();
        let mut seen = BTreeSet::new();
        let (firsts, rest): (Vec<&Mismatch>, Vec<&Mismatch>) = self
            .mismatches
            .iter()
            .partition(|m| seen.insert(command_name(&m.command)));
        for m in firsts.into_iter().chain(rest).take(show) {
            writeln!(out, "--- #{}: {}", m.index, render_command(&m.command)).unwrap();
            writeln!(out, "    redis:  {}", render(&m.redis)).unwrap();
            let spinel = if m.spinel.starts_with(b"<") {
                String::from_utf8_lossy(&m.spinel).into_owned() // an I/O error, not a reply
            } else {
                render(&m.spinel)
            };
            writeln!(out, "    spinel: {spinel}").unwrap();
            if !m.recent.is_empty() {
                writeln!(out, "    after:  {}", m.recent.join(" | ")).unwrap();
            }
        }
        if self.mismatches.len() > show {
            writeln!(
                out,
                "... {} more (SPINEL_DIFF_SHOW=N shows more)",
                self.mismatches.len() - show
            )
            .unwrap();
        }
        out
    }

    /// Fails the test with [`Differ::report`] if any reply differed or a connection broke.
    pub fn finish(self) {
        if self.mismatches.is_empty() && self.broken.is_none() {
            eprintln!(
                "differential run `{}`: {} commands, no mismatches",
                self.label, self.sent
            );
            return;
        }
        panic!("{}", self.report());
    }
}

/// A command's name, upper-cased, for grouping mismatches.
fn command_name(command: &[Vec<u8>]) -> String {
    String::from_utf8_lossy(command.first().map(|c| c.as_slice()).unwrap_or(b""))
        .to_ascii_uppercase()
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

// ----- multi-client scenarios ---------------------------------------------------------------

/// One step of a multi-client scenario, played the same way against both servers.
pub enum Act {
    /// Client `n` runs a command and reads its reply.
    Run(usize, &'static str),
    /// Like `Run`, but the reply is not compared (HELLO names the server).
    Quiet(usize, &'static str),
    /// Client `n` sends a command and reads nothing (CLIENT REPLY OFF answers nothing).
    Send(usize, &'static str),
    /// Client `n` sends commands in one write (a pipeline) and reads nothing.
    Pipeline(usize, &'static [&'static str]),
    /// Client `n` sends a command that blocks; wait until the server counts `blocked` clients.
    Block(usize, &'static str, usize),
    /// Read one reply (or push) client `n` received.
    Read(usize),
    /// Everything client `n` received so far (pub/sub messages, keyspace events, pushes):
    /// a PING is sent and every frame before its answer is recorded, so nothing is missed
    /// and nothing waits on a timer.
    Drain(usize),
    /// Let time pass (TTLs run out).
    Sleep(u64),
    /// `Run` with every digit of the reply replaced by `N` (times, durations, addresses).
    Masked(usize, &'static str),
    /// `Masked`, and the lines of the reply sorted (INFO sections in hash-table order).
    MaskedLines(usize, &'static str),
    /// `Drain` with digits masked.
    DrainMasked(usize),
}

/// Replaces every run of digits by `N`, and drops CLIENT LIST's `lib-name=`/`lib-ver=`
/// fields (Redis 7.2's, which Spinel prints and 7.0 does not: differences.md D8).
pub fn mask_digits(s: &str) -> String {
    let mut s = s.to_string();
    while let Some(i) = s.find(" lib-name=") {
        let end = s[i..].find("\\n").map_or(s.len(), |j| i + j);
        s.replace_range(i..end, "");
    }
    let mut out = String::with_capacity(s.len());
    let mut in_digits = false;
    for ch in s.chars() {
        if ch.is_ascii_digit() {
            if !in_digits {
                out.push('N');
            }
            in_digits = true;
        } else {
            out.push(ch);
            in_digits = false;
        }
    }
    out
}

/// Waits until INFO reports `n` blocked clients (the blocking command was processed).
pub fn wait_blocked(conn: &mut Conn, n: usize) {
    let want = format!("blocked_clients:{n}\r\n");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let info = String::from_utf8_lossy(&conn.cmd(&["INFO", "clients"])).into_owned();
        if info.contains(&want) {
            return;
        }
        assert!(Instant::now() < deadline, "never saw {want:?} in {info}");
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Runs a scenario on one server (after FLUSHALL); returns the transcript, a line per frame.
///
/// `{idN}` in a command line stands for client N's CLIENT ID (they differ between servers).
pub fn play(server: &Server, clients: usize, acts: &[Act]) -> Vec<String> {
    let mut conns: Vec<Conn> = (0..clients).map(|_| server.conn()).collect();
    let ids: Vec<String> = conns.iter_mut().map(|c| String::from_utf8_lossy(&c.cmd(&["CLIENT", "ID"])[1..]).trim().to_string()).collect();
    let fill = |line: &str| {
        let mut l = line.to_string();
        for (i, id) in ids.iter().enumerate() {
            l = l.replace(&format!("{{id{i}}}"), id);
        }
        split_command(&l)
    };
    let mut control = server.conn();
    control.cmd(&["FLUSHALL"]);
    let mut out = Vec::new();
    for act in acts {
        match act {
            Act::Run(n, line) => {
                let reply = conns[*n].cmd(&fill(line));
                out.push(format!("{n} {line} -> {}", render(&reply)));
            }
            Act::Masked(n, line) => {
                let reply = conns[*n].cmd(&fill(line));
                out.push(format!("{n} {line} -> {}", mask_digits(&escape(&reply, usize::MAX))));
            }
            Act::MaskedLines(n, line) => {
                let reply = conns[*n].cmd(&fill(line));
                let text = String::from_utf8_lossy(&reply).into_owned();
                let mut lines: Vec<String> = text.split("\r\n").map(mask_digits).collect();
                lines.sort();
                out.push(format!("{n} {line} -> {}", lines.join("|")));
            }
            Act::DrainMasked(n) => {
                conns[*n].send_raw(&encode_command(&["PING"]));
                loop {
                    let frame = conns[*n].read_reply_raw();
                    if frame == b"+PONG\r\n" || frame == b"*2\r\n$4\r\npong\r\n$0\r\n\r\n" {
                        break;
                    }
                    out.push(format!("{n} <- {}", mask_digits(&escape(&frame, usize::MAX))));
                }
            }
            Act::Quiet(n, line) => {
                conns[*n].cmd(&fill(line));
            }
            Act::Send(n, line) => conns[*n].send_raw(&encode_command(&fill(line))),
            Act::Pipeline(n, lines) => {
                let bytes: Vec<u8> = lines.iter().flat_map(|l| encode_command(&fill(l))).collect();
                conns[*n].send_raw(&bytes);
            }
            Act::Block(n, line, blocked) => {
                conns[*n].send_raw(&encode_command(&fill(line)));
                wait_blocked(&mut control, *blocked);
                out.push(format!("{n} {line} (blocked)"));
            }
            Act::Read(n) => {
                let reply = conns[*n].read_reply_raw();
                out.push(format!("{n} <- {}", render(&reply)));
            }
            Act::Sleep(ms) => std::thread::sleep(Duration::from_millis(*ms)),
            Act::Drain(n) => {
                conns[*n].send_raw(&encode_command(&["PING"]));
                loop {
                    let frame = conns[*n].read_reply_raw();
                    if frame == b"+PONG\r\n" || frame == b"*2\r\n$4\r\npong\r\n$0\r\n\r\n" {
                        break;
                    }
                    out.push(format!("{n} <- {}", render(&frame)));
                }
            }
        }
    }
    out
}

/// Plays a scenario against redis-server and spinel-server and fails on any difference.
pub fn compare_scenario(name: &str, clients: usize, acts: &[Act]) {
    compare_scenario_with(name, clients, acts, |_| {});
}

/// [`compare_scenario`], with `prepare` run on each fresh server first.
pub fn compare_scenario_with(name: &str, clients: usize, acts: &[Act], prepare: fn(&Server)) {
    compare_scenario_started(name, clients, acts, prepare, &[]);
}

/// [`compare_scenario`] on servers started with `flags` (`--enable-debug-command yes`).
pub fn compare_scenario_flags(name: &str, clients: usize, acts: &[Act], flags: &[&str]) {
    compare_scenario_started(name, clients, acts, |_| {}, flags);
}

fn compare_scenario_started(name: &str, clients: usize, acts: &[Act], prepare: fn(&Server), flags: &[&str]) {
    let redis = Server::redis(flags);
    let spinel = Server::spinel(flags);
    prepare(&redis);
    prepare(&spinel);
    let want = play(&redis, clients, acts);
    let got = play(&spinel, clients, acts);
    if want != got {
        let mut report = format!("scenario `{name}` differs:\n");
        for i in 0..want.len().max(got.len()) {
            let (w, g) = (want.get(i).map_or("<nothing>", |s| s.as_str()), got.get(i).map_or("<nothing>", |s| s.as_str()));
            let mark = if w == g { " " } else { "!" };
            report.push_str(&format!("{mark}{i:3} redis:  {w}\n"));
            if w != g {
                report.push_str(&format!("{mark}{i:3} spinel: {g}\n"));
            }
        }
        panic!("{report}");
    }
}

// ----- random differential runs ---------------------------------------------------------------

/// The seed of a random run: `SPINEL_DIFF_SEED` (decimal or 0x-hex), else `default`.
pub fn seed_from_env(default: u64) -> u64 {
    match std::env::var("SPINEL_DIFF_SEED") {
        Ok(s) => {
            let s = s.trim();
            let parsed = match s.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => s.parse(),
            };
            parsed.unwrap_or_else(|_| panic!("SPINEL_DIFF_SEED={s:?} is not a number"))
        }
        Err(_) => default,
    }
}

/// The length of a random run: `SPINEL_DIFF_COUNT`, else `default`.
pub fn count_from_env(default: usize) -> usize {
    std::env::var("SPINEL_DIFF_COUNT")
        .ok()
        .map(|s| {
            s.parse()
                .unwrap_or_else(|_| panic!("SPINEL_DIFF_COUNT={s:?} is not a number"))
        })
        .unwrap_or(default)
}

/// xorshift64* seeded through splitmix64: deterministic for a seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}
