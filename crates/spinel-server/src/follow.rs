//! Following a master (REPLICAOF host port): the host side (the engine's replica.rs keeps
//! the link's state and a replica's rules).
//!
//! The connection, the handshake (PING, AUTH with `masteruser`/`masterauth`, REPLCONF
//! listening-port and capa, `PSYNC <replid> <offset>` to continue from what was applied) and
//! the RDB transfer run on a helper thread with blocking reads bounded by `repl-timeout`, so
//! the loop goes on serving the data it has meanwhile. After a full resynchronization the
//! loop flushes its data and loads the RDB (blocking, as Redis does); after +CONTINUE it keeps
//! its data. Either way the socket joins the loop as the master client: the master's stream
//! runs through `exec_batch` like any client's input. A failed attempt or a lost link is retried a second later; a
//! new REPLICAOF (the engine's epoch changes) abandons the attempt under way.
//!
//! MIGRATE's blocking connection to its target is here too (`migrate_io`): the same
//! line-reading socket.
//!
//! The replica never announces `capa eof`, so a master always sends the RDB with its length
//! (a Redis master with diskless sync falls back to a disk-based one for such a replica).

use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use spinel_core::commands::migrate::MigrateIoError;
use spinel_core::replica::LinkState;
use tracing::{info, warn};

/// A handshake line longer than this is refused (Redis reads replies into a small buffer).
const MAX_LINE: usize = 64 * 1024;
/// How soon a failed or lost link is tried again.
const RETRY: Duration = Duration::from_secs(1);

/// The RDB received (none when the master continues the stream) and where the stream goes
/// on from.
pub struct Synced {
    pub stream: TcpStream,
    pub replid: String,
    pub offset: i64,
    pub rdb: Option<Vec<u8>>,
    /// Stream bytes read past the RDB.
    pub leftover: Vec<u8>,
}

/// What the handshake needs from the config.
pub struct Params {
    pub host: String,
    pub port: u16,
    /// masteruser (empty: AUTH with the password alone) and masterauth (empty: no AUTH).
    pub user: String,
    pub auth: String,
    /// Our own port, for REPLCONF listening-port (ROLE and INFO on the master show it).
    pub listening_port: u16,
    pub timeout: Duration,
    /// PSYNC's replication ID and the offset of the next byte wanted.
    pub psync: (String, i64),
    /// This server hands over to the master it connects to (FAILOVER): PSYNC says so.
    pub failover: bool,
}

/// The helper thread's progress, read by the loop for ROLE and INFO.
#[derive(Default)]
struct Progress {
    state: AtomicU8,
    /// RDB size (u64::MAX until known), bytes read, last read (unix seconds).
    size: AtomicU64,
    read: AtomicU64,
    last_io_s: AtomicU64,
    cancel: AtomicBool,
    /// The master answered PSYNC with an error (a FAILOVER's target saying no).
    psync_refused: AtomicBool,
}

struct Job {
    progress: Arc<Progress>,
    done: Receiver<Result<Synced, String>>,
}

/// The loop's side: the attempt under way, for which REPLICAOF (epoch), and when to retry.
#[derive(Default)]
pub struct Follower {
    epoch: u64,
    job: Option<Job>,
    retry_at: Option<Instant>,
}

/// What the loop should do after `poll`.
pub enum Step {
    Nothing,
    /// The RDB arrived (load it) or the master continues: attach the stream.
    Attach(Synced),
}

impl Follower {
    /// Called once per loop iteration while a master is configured (or an attempt runs):
    /// starts, abandons or finishes attempts, and reports their progress to the engine.
    pub fn poll(&mut self, engine: &mut spinel_core::Engine, params: impl FnOnce(&spinel_core::Engine) -> Params) -> Step {
        let Some(target) = engine.master_target() else {
            self.abandon();
            self.epoch = 0;
            return Step::Nothing;
        };
        let (epoch, state) = (target.epoch, target.state);
        if epoch != self.epoch {
            self.abandon();
            self.epoch = epoch;
            self.retry_at = None;
        }
        if let Some(job) = &self.job {
            let p = &job.progress;
            let state = state_from(p.state.load(Ordering::Relaxed));
            engine.set_link_state(state);
            if state == LinkState::Sync {
                let size = p.size.load(Ordering::Relaxed);
                engine.set_sync_progress((size != u64::MAX).then_some(size), p.read.load(Ordering::Relaxed), p.last_io_s.load(Ordering::Relaxed));
            }
            return match job.done.try_recv() {
                Err(TryRecvError::Empty) => Step::Nothing,
                Ok(Ok(synced)) => {
                    self.job = None;
                    Step::Attach(synced)
                }
                Ok(Err(why)) => {
                    warn!("{why}");
                    // A FAILOVER target that refused the PSYNC: the hand-over is off.
                    if p.psync_refused.load(Ordering::Relaxed) {
                        engine.failover_psync_answered(false);
                    }
                    self.failed(engine);
                    Step::Nothing
                }
                Err(TryRecvError::Disconnected) => {
                    self.failed(engine);
                    Step::Nothing
                }
            };
        }
        if state != LinkState::Connect || self.retry_at.is_some_and(|at| Instant::now() < at) {
            return Step::Nothing;
        }
        let params = params(engine);
        info!("Connecting to MASTER {}:{}", params.host, params.port);
        info!("MASTER <-> REPLICA sync started");
        engine.set_link_state(LinkState::Connecting);
        let progress = Arc::new(Progress { size: AtomicU64::new(u64::MAX), ..Default::default() });
        let (tx, done) = mpsc::channel();
        let p = progress.clone();
        let spawned = std::thread::Builder::new().name("spinel-sync".into()).spawn(move || {
            let _ = tx.send(sync_with_master(&params, &p));
        });
        match spawned {
            Ok(_) => self.job = Some(Job { progress, done }),
            Err(e) => {
                warn!("Can't start the replication thread: {e}");
                self.failed(engine);
            }
        }
        Step::Nothing
    }

    /// An attempt failed (or its RDB did not load): back to `connect`, retried later.
    pub fn failed(&mut self, engine: &mut spinel_core::Engine) {
        self.job = None;
        self.retry_at = Some(Instant::now() + RETRY);
        engine.set_link_state(LinkState::Connect);
    }

    /// The link was lost: the next attempt waits a little, as Redis's replication cron.
    pub fn link_lost(&mut self) {
        self.retry_at = Some(Instant::now() + RETRY);
    }

    /// Whether `poll` has something to do: a master configured earlier, or an attempt.
    pub fn active(&self) -> bool {
        self.epoch != 0 || self.job.is_some()
    }

    fn abandon(&mut self) {
        if let Some(job) = self.job.take() {
            job.progress.cancel.store(true, Ordering::Relaxed);
        }
    }
}

fn state_from(v: u8) -> LinkState {
    match v {
        0 => LinkState::Connecting,
        1 => LinkState::Handshake,
        _ => LinkState::Sync,
    }
}

fn unix_s() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The master's socket with a read buffer: lines for the handshake, then the RDB bytes.
struct Link<'a> {
    stream: TcpStream,
    buf: Vec<u8>,
    progress: &'a Progress,
}

impl Link<'_> {
    fn fill(&mut self) -> Result<(), String> {
        if self.progress.cancel.load(Ordering::Relaxed) {
            return Err("Replication attempt abandoned".into());
        }
        let mut chunk = [0u8; 16 * 1024];
        match self.stream.read(&mut chunk) {
            Ok(0) => Err("Master closed the connection during the synchronization".into()),
            Ok(n) => {
                self.buf.extend_from_slice(&chunk[..n]);
                self.progress.last_io_s.store(unix_s(), Ordering::Relaxed);
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(()),
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => Err("Timeout connecting to the MASTER...".into()),
            Err(e) => Err(format!("I/O error reading from MASTER: {e}")),
        }
    }

    /// One reply line without its line end.
    fn line(&mut self) -> Result<String, String> {
        loop {
            if let Some(i) = self.buf.iter().position(|&b| b == b'\n') {
                let mut line: Vec<u8> = self.buf.drain(..=i).collect();
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(String::from_utf8_lossy(&line).into_owned());
            }
            if self.buf.len() > MAX_LINE {
                return Err("Master sent an overlong line during the handshake".into());
            }
            self.fill()?;
        }
    }

    /// Sends a command and reads its one-line reply.
    fn command(&mut self, args: &[&str]) -> Result<String, String> {
        let mut out = Vec::new();
        let argv: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
        spinel_core::engine::encode_command(&mut out, &argv);
        self.stream.write_all(&out).map_err(|e| format!("Error writing to MASTER: {e}"))?;
        self.line()
    }
}

/// The helper thread: connect, handshake, receive the RDB.
fn sync_with_master(p: &Params, progress: &Progress) -> Result<Synced, String> {
    let addr = (p.host.as_str(), p.port)
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| format!("Unable to connect to MASTER: can't resolve {}", p.host))?;
    let stream = TcpStream::connect_timeout(&addr, p.timeout).map_err(|e| format!("Unable to connect to MASTER: {e}"))?;
    let _ = stream.set_nodelay(true);
    stream.set_read_timeout(Some(p.timeout)).map_err(|e| e.to_string())?;
    stream.set_write_timeout(Some(p.timeout)).map_err(|e| e.to_string())?;
    progress.state.store(1, Ordering::Relaxed);
    let mut link = Link { stream, buf: Vec::new(), progress };
    let pong = link.command(&["PING"])?;
    // An error asking for authentication is fine here: AUTH comes next.
    if pong.starts_with('-') && !pong.starts_with("-NOAUTH") && !pong.starts_with("-NOPERM") && !pong.starts_with("-ERR operation not permitted") {
        return Err(format!("Error reply to PING from master: '{pong}'"));
    }
    info!("Master replied to PING, replication can continue...");
    if !p.auth.is_empty() {
        let reply = if p.user.is_empty() { link.command(&["AUTH", &p.auth])? } else { link.command(&["AUTH", &p.user, &p.auth])? };
        if reply.starts_with('-') {
            return Err(format!("Unable to AUTH to MASTER: {reply}"));
        }
    }
    let port = p.listening_port.to_string();
    let reply = link.command(&["REPLCONF", "listening-port", &port])?;
    if reply.starts_with('-') {
        info!("(Non critical) Master does not understand REPLCONF listening-port: {reply}");
    }
    let reply = link.command(&["REPLCONF", "capa", "psync2"])?;
    if reply.starts_with('-') {
        info!("(Non critical) Master does not understand REPLCONF capa: {reply}");
    }
    let (replid, from) = (&p.psync.0, p.psync.1.to_string());
    info!("Trying a partial resynchronization (request {replid}:{from}).");
    let psync = ["PSYNC", replid, &from, "FAILOVER"];
    let mut reply = link.command(&psync[..if p.failover { 4 } else { 3 }])?;
    // A master waiting to start the RDB sends newlines to keep the link alive.
    while reply.is_empty() {
        reply = link.line()?;
    }
    if let Some(rest) = reply.strip_prefix("+CONTINUE") {
        let new_id = rest.trim();
        info!("Successful partial resynchronization with master.");
        let replid = if new_id.is_empty() { replid.clone() } else { new_id.to_string() };
        let (stream, leftover) = (link.stream, link.buf);
        stream.set_read_timeout(None).map_err(|e| e.to_string())?;
        stream.set_write_timeout(None).map_err(|e| e.to_string())?;
        return Ok(Synced { stream, replid, offset: p.psync.1 - 1, rdb: None, leftover });
    }
    let Some(rest) = reply.strip_prefix("+FULLRESYNC ") else {
        progress.psync_refused.store(true, Ordering::Relaxed);
        if reply.starts_with("-NOMASTERLINK") || reply.starts_with("-LOADING") {
            return Err(format!("Master is currently unable to PSYNC but should be in the future: {reply}"));
        }
        return Err(format!("Unexpected reply to PSYNC from master: {reply}"));
    };
    let mut words = rest.split(' ');
    let (Some(replid), Some(offset)) = (words.next(), words.next().and_then(|o| o.parse::<i64>().ok())) else {
        return Err(format!("Master replied with wrong +FULLRESYNC syntax: {reply}"));
    };
    info!("Full resync from master: {replid}:{offset}");
    progress.state.store(2, Ordering::Relaxed);
    // The master sends newlines while it prepares the RDB.
    let header = loop {
        let line = link.line()?;
        if !line.is_empty() {
            break line;
        }
    };
    let size = header
        .strip_prefix('$')
        .and_then(|n| n.parse::<u64>().ok())
        .ok_or_else(|| format!("Bad protocol from MASTER, the first byte is not '$' (we received '{header}'), are you sure the host and port are right?"))?;
    info!("MASTER <-> REPLICA sync: receiving {size} bytes from master to disk");
    progress.size.store(size, Ordering::Relaxed);
    let size = usize::try_from(size).map_err(|_| "RDB too large".to_string())?;
    while link.buf.len() < size {
        link.fill()?;
        progress.read.store(link.buf.len().min(size) as u64, Ordering::Relaxed);
    }
    let leftover = link.buf.split_off(size);
    let stream = link.stream;
    stream.set_read_timeout(None).map_err(|e| e.to_string())?;
    stream.set_write_timeout(None).map_err(|e| e.to_string())?;
    Ok(Synced { stream, replid: replid.to_string(), offset, rdb: Some(link.buf), leftover })
}

/// MIGRATE's connection (`HostInfo::migrate`): connects to the target, sends the request and
/// reads one line per reply, each step bounded by the timeout. It blocks the loop, as
/// Redis's MIGRATE does; no connection is kept between calls.
pub fn migrate_io(host: &str, port: &str, timeout_ms: u64, request: &[u8], replies: usize) -> (Vec<Vec<u8>>, Option<MigrateIoError>) {
    let timeout = Duration::from_millis(timeout_ms.max(1));
    let addr = port.parse::<u16>().ok().and_then(|port| (host, port).to_socket_addrs().ok()?.next());
    let Some(addr) = addr else {
        return (Vec::new(), Some(MigrateIoError::Connect));
    };
    let stream = match TcpStream::connect_timeout(&addr, timeout) {
        Ok(stream) => stream,
        // Redis connects without blocking and waits for the socket to be writable: a refused
        // connection shows as a failed write, only silence as a failed connect.
        Err(e) if e.kind() == io::ErrorKind::TimedOut => return (Vec::new(), Some(MigrateIoError::Connect)),
        Err(_) => return (Vec::new(), Some(MigrateIoError::Write)),
    };
    if stream.set_read_timeout(Some(timeout)).is_err() || stream.set_write_timeout(Some(timeout)).is_err() {
        return (Vec::new(), Some(MigrateIoError::Connect));
    }
    let progress = Progress::default();
    let mut link = Link { stream, buf: Vec::new(), progress: &progress };
    if link.stream.write_all(request).is_err() {
        return (Vec::new(), Some(MigrateIoError::Write));
    }
    let mut lines = Vec::with_capacity(replies);
    for _ in 0..replies {
        match link.line() {
            Ok(line) => lines.push(line.into_bytes()),
            Err(_) => return (lines, Some(MigrateIoError::Read)),
        }
    }
    (lines, None)
}
