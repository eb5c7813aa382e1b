//! The event loop: one thread owns the engine and every socket (mio over epoll).
//!
//! Per readable client: read what is there, run every complete command, send all the
//! replies with one write (TOOLCHAIN.md "Server I/O": parse the whole read, take the engine
//! once, write once). After each loop iteration: output the engine produced for other
//! clients (`take_ready`), slices of long commands (`resume`), and `cron` every 1000/hz ms.
//!
//! Waking a thread that sleeps in epoll_wait is what costs most on a loaded 2-core box, so
//! after the last event the loop keeps polling without blocking for a short window
//! (`spinel-busy-poll-us`). The window adapts: it collapses when events come further apart
//! than it (sparse traffic would only burn CPU) and reopens as soon as they come close
//! again. An idle server sleeps until the next cron tick and uses no CPU.

use crate::alloc;
use crate::config::{os_error_text, Settings, VERSION};
use crate::connection::{run_commands, Conn, Stop};
use crate::follow::{Follower, Params, Step};
use crate::log::{self, Logger};
use crate::persistence::{self, Disk, DiskHandle};
use std::cell::RefCell;
use std::rc::Rc;
use crate::net::{self, Accepted, Listener, Stream, MAX_LISTENERS};
use mio::{Events, Interest, Poll, Token};
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook_mio::v1_0::Signals;
use socket2::{SockRef, TcpKeepalive};
use spinel_core::client::{ConnInfo, IoStats};
use spinel_core::commands::access::AclFileIo;
use spinel_core::config::opt;
use spinel_core::{ClientId, Engine, HostInfo, Outcome, ParserLimits};
use std::io::{self, Write};
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tracing::{debug, error, info, warn};

/// Tokens: listeners first, then signals, then clients (slot + generation).
const SIGNAL_TOKEN: Token = Token(MAX_LISTENERS);

/// A signal's shutdown is pending or under way (the engine's `shutdown_signalled`, kept
/// where the SIGINT handler can read it).
static SHUTDOWN_SIGNALLED: AtomicBool = AtomicBool::new(false);

/// A second SIGINT during a shutdown: the user wants out now, without waiting for replicas
/// or the save, as Redis's sigShutdownHandler. Removes this process's temporary RDB and
/// exits with 1. Async-signal-safe: it runs inside the handler, which may interrupt the
/// save itself.
fn insist_on_exit() -> ! {
    log::from_handler("You insist... exiting now.");
    let mut path = [0u8; 32];
    let name = temp_rdb_name(&mut path, std::process::id());
    // SAFETY: unlink and _exit are async-signal-safe; `name` is NUL-terminated.
    unsafe {
        libc::unlink(name.as_ptr().cast());
        libc::_exit(1)
    }
}

/// `temp-<pid>.rdb` with a NUL, formatted without allocating (see `insist_on_exit`).
fn temp_rdb_name(buf: &mut [u8; 32], pid: u32) -> &[u8] {
    let mut digits = [0u8; 20];
    let parts: [&[u8]; 4] = [b"temp-", log::decimal(pid.into(), &mut digits), b".rdb", b"\0"];
    let mut len = 0;
    for p in parts {
        buf[len..len + p.len()].copy_from_slice(p);
        len += p.len();
    }
    &buf[..len]
}
const CLIENT_BASE: usize = MAX_LISTENERS + 1;
/// Shared read buffer: one read takes at most this much from a client.
const READ_BUF: usize = 64 * 1024;
/// Reads per client per event before other clients get a turn.
const MAX_READS_PER_EVENT: usize = 16;
/// Default busy-poll window when neither the option nor SPINEL_BUSY_POLL_US is set.
pub const DEFAULT_BUSY_POLL_US: u64 = 50;
/// File descriptors kept for the server itself beyond maxclients (Redis's CONFIG_MIN_RESERVED_FDS).
const RESERVED_FDS: u64 = 32;

/// Redis's reply buffer and reply-list block size (PROTO_REPLY_CHUNK_BYTES), for CLIENT LIST.
const REPLY_CHUNK: usize = 16 * 1024;
const DENIED: &[u8] = b"-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Set up an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n";

/// Microseconds on a monotonic clock, for timing commands.
fn monotonic_us() -> u64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_micros() as u64
}

/// CPU time of the process: (system, user) seconds.
fn cpu_seconds() -> (f64, f64) {
    // SAFETY: getrusage only writes the struct it is given.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) } != 0 {
        return (0.0, 0.0);
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (secs(ru.ru_stime), secs(ru.ru_utime))
}

fn unix_us() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64)
}

fn client_token(id: ClientId, generation: u32) -> Token {
    Token(((generation as usize) << 32) | (id.0 as usize + CLIENT_BASE))
}

#[inline]
fn slot(conns: &mut [Option<Conn>], id: ClientId) -> Option<&mut Conn> {
    conns.get_mut(id.0 as usize).and_then(Option::as_mut)
}

/// The adaptive busy-poll window.
struct BusyPoll {
    max: Duration,
    window: Duration,
}

impl BusyPoll {
    /// After a blocking poll returned events `gap` after the previous activity: had the
    /// window been that long, the sleep (and the wake-up) would have been saved.
    fn after_sleep(&mut self, gap: Duration) {
        if gap <= self.max {
            self.window = self.max;
        } else {
            self.window /= 2;
            if self.window < Duration::from_micros(1) {
                self.window = Duration::ZERO;
            }
        }
    }
}

pub struct Server {
    poll: Poll,
    listeners: Vec<Listener>,
    signals: Signals,
    engine: Engine,
    /// Indexed by ClientId (the engine's slot number).
    conns: Vec<Option<Conn>>,
    generation: u32,
    /// Shared buffers (see connection.rs): reads land in `rbuf`, replies are built in `obuf`.
    rbuf: Vec<u8>,
    obuf: Vec<u8>,
    /// The argument vector, reused for every command.
    argv: Vec<&'static [u8]>,
    /// Clients to read again without waiting for an event (they hit MAX_READS_PER_EVENT).
    reread: Vec<(ClientId, u32)>,
    /// Replicas whose RDB sending stopped at its share of a turn (connection.rs).
    reflush: Vec<(ClientId, u32)>,
    /// Clients whose command returned Outcome::Running.
    running: Vec<ClientId>,
    /// The engine finished a shutdown (SHUTDOWN's reply, or its cron after a signal or a
    /// wait for replicas): flush the clients and exit.
    exiting: bool,
    /// Accepting failed for lack of descriptors: retry from cron.
    accept_retry: bool,
    /// maxmemory-clients in bytes (0: off), read again after each CONFIG SET, and the memory
    /// of the clients it applies to (`track_memory`).
    client_mem_limit: u64,
    clients_mem: usize,
    /// The engine's `config_sets` when the limit was last read.
    config_sets_seen: u64,
    busy: BusyPoll,
    now_us: u64,
    next_cron: Instant,
    logger: Logger,
    pidfile: String,
    /// Snapshots and the AOF (the engine holds a handle for SAVE, BGSAVE...).
    disk: Rc<RefCell<Disk>>,
    /// The link to a master while this server is a replica (follow.rs).
    follower: Follower,
    /// Frees big values and flushed databases off the loop (None: inline).
    freer: Option<crate::lazyfree::Freer>,
}

/// Builds everything from the loaded settings and runs until shutdown; returns the exit code.
pub fn start(settings: Settings) -> i32 {
    let Settings {
        mut config,
        config_file,
        busy_poll_us,
        notes,
        users,
        ..
    } = settings;

    let mut logger = match Logger::init(config.str(opt::LOGLEVEL), config.str(opt::LOGFILE), config.bool(opt::CRASH_LOG_ENABLED)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let pid = std::process::id();
    warn!("oO0OoO0OoO0Oo Spinel is starting oO0OoO0OoO0Oo");
    warn!(
        "Spinel version={VERSION}, bits={}, commit=00000000, modified=0, pid={pid}, just started",
        usize::BITS
    );
    let executable = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    match &config_file {
        None => warn!(
            "Warning: no config file specified, using the default config. In order to specify a config file use {executable} /path/to/spinel.conf"
        ),
        Some(_) => warn!("Configuration loaded"),
    }
    for note in &notes {
        info!("{note}");
    }

    if config
        .matching(b"daemonize")
        .first()
        .is_some_and(|(_, v)| *v == "yes")
    {
        if let Err(e) = daemonize() {
            warn!("Can't daemonize: {e}");
            return 1;
        }
    }
    // The daemon is the forked child: its pid is the one to publish.
    let pid = std::process::id();
    let dir = config.str(opt::DIR).to_string();
    if !dir.is_empty() {
        if let Err(e) = std::env::set_current_dir(&dir) {
            warn!("Can't chdir to '{dir}': {}", os_error_text(&e));
            return 1;
        }
    }
    // CONFIG GET dir answers the working directory as an absolute path, as Redis's getcwd().
    if let Ok(cwd) = std::env::current_dir() {
        let _ = config.set("dir", &cwd.display().to_string(), true);
    }

    // Thousands of clients need thousands of descriptors.
    let maxclients = config.int(opt::MAXCLIENTS).max(1) as u64;
    let fd_limit = raise_fd_limit();
    if fd_limit < maxclients + RESERVED_FDS {
        let reduced = fd_limit.saturating_sub(RESERVED_FDS).max(1);
        warn!(
            "You requested maxclients of {maxclients} requiring at least {} max file descriptors.",
            maxclients + RESERVED_FDS
        );
        warn!(
            "Current maximum open files is {fd_limit}. maxclients has been reduced to {reduced} to compensate for low ulimit. If you need higher maxclients increase 'ulimit -n'."
        );
        let _ = config.set("maxclients", &reduced.to_string(), true);
    }

    let port = config.int(opt::PORT) as u16;
    let backlog = config.int(opt::TCP_BACKLOG) as i32;
    let mut listeners = if port == 0 {
        Vec::new()
    } else {
        match net::listen_tcp(config.str(opt::BIND), port, backlog) {
            Ok(l) => l,
            Err(()) => return 1,
        }
    };
    let unixsocket = config.str(opt::UNIXSOCKET);
    if !unixsocket.is_empty() {
        match net::listen_unix(unixsocket, config.int(opt::UNIXSOCKETPERM) as u32, backlog) {
            Ok(l) => listeners.push(l),
            Err(e) => {
                warn!("Failed opening Unix socket: {e}");
                return 1;
            }
        }
    }
    if listeners.is_empty() {
        warn!("Configured to not listen anywhere, exiting.");
        return 1;
    }

    let poll = match Poll::new() {
        Ok(p) => p,
        Err(e) => {
            error!("Failed creating the event loop. Error message: '{e}'");
            return 1;
        }
    };
    for (i, l) in listeners.iter_mut().enumerate() {
        if let Err(e) = poll.registry().register(l, Token(i), Interest::READABLE) {
            error!("Unrecoverable error creating server listening socket event: {e}");
            return 1;
        }
    }
    // SAFETY: the action only reads an atomic and calls `insist_on_exit`, which is
    // async-signal-safe.
    let insist = unsafe {
        signal_hook::low_level::register(SIGINT, || {
            if SHUTDOWN_SIGNALLED.load(Ordering::Relaxed) {
                insist_on_exit();
            }
        })
    };
    if let Err(e) = insist {
        error!("Can't install signal handlers: {e}");
        return 1;
    }
    let mut signals = match Signals::new([SIGTERM, SIGINT]) {
        Ok(s) => s,
        Err(e) => {
            error!("Can't install signal handlers: {e}");
            return 1;
        }
    };
    if let Err(e) = poll
        .registry()
        .register(&mut signals, SIGNAL_TOKEN, Interest::READABLE)
    {
        error!("Can't watch signals: {e}");
        return 1;
    }

    let busy_us = busy_poll_us
        .or_else(|| {
            std::env::var("SPINEL_BUSY_POLL_US")
                .ok()
                .and_then(|v| v.trim().parse().ok())
        })
        .unwrap_or(DEFAULT_BUSY_POLL_US)
        .min(1_000_000);
    logger.refresh(config.str(opt::LOGLEVEL));
    let pidfile = config.str(opt::PIDFILE).to_string();
    let host = HostInfo {
        os: os_name(),
        arch_bits: usize::BITS,
        process_id: pid as u64,
        tcp_port: port,
        executable,
        config_file: config_file.unwrap_or_default(),
        multiplexing_api: "epoll",
        used_memory: alloc::used_memory,
        used_memory_rss: alloc::used_memory_rss,
        clock_us: Some(monotonic_us),
        cpu_seconds,
        sleep_us: |us| std::thread::sleep(Duration::from_micros(us)),
        rewrite_config: crate::rewrite::rewrite_config,
        total_system_memory: crate::alloc::total_system_memory,
        fork_stats: crate::persistence::fork_stats,
        lazy_free_stats: crate::lazyfree::stats,
        mem_allocator: "libc",
        monotonic_clock: "POSIX clock_gettime",
        change_dir: |dir| {
            std::env::set_current_dir(dir).map_err(|e| os_error_text(&e))?;
            std::env::current_dir().map(|p| p.display().to_string()).map_err(|e| os_error_text(&e))
        },
        acl_file: Some(AclFileIo {
            read: read_acl_file,
            write: write_acl_file,
        }),
        migrate: Some(crate::follow::migrate_io),
        oom_score: crate::oom::set,
        log: |role, warning, line| {
            log::set_role(role);
            if warning {
                warn!("{line}");
            } else {
                info!("{line}");
            }
        },
        // SAFETY: raising a signal; its handler writes the crash report (log.rs).
        segfault: Some(|| unsafe {
            libc::raise(libc::SIGSEGV);
        }),
    };
    let now_us = unix_us();
    let mut engine = Engine::new(config, host, random_seed(), now_us);
    if let Err(lines) = load_users(&mut engine, &users) {
        for line in lines {
            warn!("{line}");
        }
        return 1;
    }
    let disk = Rc::new(RefCell::new(Disk::default()));
    engine.set_persist_host(Box::new(DiskHandle(disk.clone())));
    engine.set_script_engine(Box::new(spinel_lua::LuaScripting::new()));
    engine.enable_replication();
    let freer = crate::lazyfree::Freer::start();
    if freer.is_some() {
        engine.enable_lazy_free();
    }
    let replicaof = engine.config.str(opt::REPLICAOF).to_string();
    if let Some((host, port)) = replicaof.split_once(' ') {
        if let Ok(port) = port.parse::<u16>() {
            engine.replicate(host, port);
        }
    }
    // (replicate applied it for a replica; a failure was logged, as Redis goes on.)
    let _ = engine.apply_oom_score();
    log::set_role(b'M');
    if engine.config.bool(opt::ALWAYS_SHOW_LOGO) || std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        // Redis prints its logo under the same conditions; tools (Redis's test suite among
        // them) read the port and pid from it.
        let bits = usize::BITS;
        info!(
            "\n      /\\        Spinel {VERSION} ({bits} bit)\n     /  \\\n    /____\\      Running in standalone mode\n    \\    /      Port: {port}\n     \\  /       PID: {pid}\n      \\/\n"
        );
    } else {
        info!("Running mode=standalone, port={port}.");
    }
    warn!("Server initialized");
    if persistence::load_at_startup(&mut engine, &mut disk.borrow_mut()).is_err() {
        return 1;
    }
    if busy_us > 0 {
        debug!("Busy-poll window: up to {busy_us} us after the last event");
    }
    if !pidfile.is_empty() {
        if let Err(e) = std::fs::write(&pidfile, format!("{pid}\n")) {
            warn!("Failed to write PID file: {}", os_error_text(&e));
        }
    }
    let mut server = Server {
        poll,
        listeners,
        signals,
        engine,
        conns: Vec::new(),
        generation: 0,
        rbuf: vec![0; READ_BUF],
        obuf: Vec::with_capacity(READ_BUF),
        argv: Vec::with_capacity(16),
        reread: Vec::new(),
        reflush: Vec::new(),
        running: Vec::new(),
        exiting: false,
        client_mem_limit: 0,
        clients_mem: 0,
        // (None seen yet: the first turn reads the limit the config file set.)
        config_sets_seen: u64::MAX,
        accept_retry: false,
        busy: BusyPoll {
            max: Duration::from_micros(busy_us),
            window: Duration::from_micros(busy_us),
        },
        now_us,
        next_cron: Instant::now(),
        logger,
        pidfile,
        disk,
        follower: Follower::default(),
        freer,
    };
    for l in &server.listeners {
        if let Listener::Unix(_, path) = l {
            info!("The server is now ready to accept connections at {path}");
        }
    }
    if port != 0 {
        info!("Ready to accept connections tcp");
    }
    server.run()
}

/// `user` directives, then the `aclfile` (Redis refuses to have both). On error, the lines
/// Redis logs before exiting.
fn load_users(engine: &mut Engine, users: &[Vec<Vec<u8>>]) -> Result<(), Vec<String>> {
    let aclfile = !engine.config.str(opt::ACLFILE).is_empty();
    if aclfile && !users.is_empty() {
        return Err(vec!["Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. This setup is very likely to lead to configuration errors and security holes, please define either an ACL file or declare users directly in your redis.conf, but not both.".into()]);
    }
    for u in users {
        if u[0].iter().any(|b| b.is_ascii_whitespace()) {
            return Err(vec!["Spaces not allowed in ACL usernames".into(), "Critical error while loading ACLs. Exiting.".into()]);
        }
        // The default user exists already: a `user default ...` line starts it afresh, as
        // Redis does, so rules it does not grant (channels, say) are not kept from before.
        let reset: &[u8] = b"reset";
        let rules: Vec<&[u8]> = (u[0] == b"default").then_some(reset).into_iter().chain(u[1..].iter().map(|r| r.as_slice())).collect();
        if let Err((op, why)) = engine.acl_set_user(&u[0], &rules) {
            let name = String::from_utf8_lossy(&u[0]);
            return Err(vec![
                format!("Error loading ACL rule '{op}' for the user named '{name}': {why}"),
                "Critical error while loading ACLs. Exiting.".into(),
            ]);
        }
    }
    if aclfile {
        if let Err(e) = engine.acl_load_file(None) {
            return Err(vec![format!("Aborting Redis startup because of ACL errors: {e}")]);
        }
    }
    Ok(())
}

/// ACL LOAD reads the `aclfile` here (the engine has no files).
fn read_acl_file(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| os_error_text(&e))
}

/// ACL SAVE: write a temporary file beside the target, then rename it over, so a crash
/// never leaves a half-written ACL file (as Redis does).
fn write_acl_file(path: &str, text: &str) -> Result<(), String> {
    let tmp = format!("{path}.tmp-{}", std::process::id());
    let res = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = res {
        let _ = std::fs::remove_file(&tmp);
        warn!("Failed saving the ACL file '{path}': {}", os_error_text(&e));
        return Err(os_error_text(&e));
    }
    Ok(())
}

impl Server {
    fn run(&mut self) -> i32 {
        let mut events = Events::with_capacity(1024);
        let mut last_activity = Instant::now();
        loop {
            let now = Instant::now();
            self.adopt_started_script();
            let work =
                !self.reread.is_empty() || !self.reflush.is_empty() || !self.running.is_empty() || self.engine.has_ready();
            let spinning = !work && now.duration_since(last_activity) < self.busy.window;
            let timeout = if work || spinning {
                Duration::ZERO
            } else {
                // Sleep until the next cron tick, or a blocked client's deadline if sooner.
                let until_cron = self.next_cron.saturating_duration_since(now);
                match self.engine.next_block_deadline_ms() {
                    Some(at) => until_cron.min(Duration::from_millis(at.saturating_sub(unix_us() / 1000))),
                    None => until_cron,
                }
            };
            if let Err(e) = self.poll.poll(&mut events, Some(timeout)) {
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                error!("epoll_wait failed: {e}");
                return 1;
            }
            let active = !events.is_empty() || work;
            if active {
                if !events.is_empty() && !timeout.is_zero() {
                    self.busy
                        .after_sleep(Instant::now().duration_since(last_activity));
                }
                self.now_us = unix_us();
            }
            for ev in events.iter() {
                if !self.running.is_empty() && !self.engine.script_is_busy() {
                    self.resume_running();
                }
                self.dispatch(ev);
                if self.exiting {
                    break;
                }
            }
            if work && !self.exiting {
                self.pending_work();
            }
            if self.engine.next_block_deadline_ms().is_some_and(|at| at <= unix_us() / 1000) {
                self.engine.expire_blocked_clients(unix_us());
            }
            // Redis's beforeSleep work (BCAST invalidations), then everyone's output.
            self.engine.before_sleep();
            self.deliver_ready();
            if self.engine.stats.config_sets != self.config_sets_seen {
                self.config_sets_seen = self.engine.stats.config_sets;
                self.refresh_client_mem_limit();
            }
            if self.client_mem_limit > 0 && self.clients_mem as u64 >= self.client_mem_limit {
                self.evict_clients();
            }
            if self.engine.has_garbage() {
                if let Some(freer) = &self.freer {
                    freer.hand_over(self.engine.take_garbage());
                }
            }
            if self.engine.is_replica_of_master() || self.follower.active() {
                self.follow();
            }
            let t = Instant::now();
            if t >= self.next_cron && !self.exiting {
                self.cron();
            }
            // A second SIGINT ends the process at once while a shutdown is pending, even
            // in the middle of its save (`insist_on_exit`, in the signal handler).
            SHUTDOWN_SIGNALLED.store(self.engine.shutdown_signalled(), Ordering::Relaxed);
            if self.exiting || self.engine.shutdown_finished() {
                return self.finish(&mut events);
            }
            if active {
                last_activity = t;
            }
        }
    }

    fn dispatch(&mut self, ev: &mio::event::Event) {
        let t = ev.token();
        if t.0 < MAX_LISTENERS {
            self.accept(t.0);
            return;
        }
        if t == SIGNAL_TOKEN {
            self.on_signals();
            return;
        }
        let id = ClientId(((t.0 & 0xffff_ffff) - CLIENT_BASE) as u32);
        let generation = (t.0 >> 32) as u32;
        if slot(&mut self.conns, id).is_none_or(|c| c.generation != generation) {
            return; // an event for a connection closed earlier in this batch
        }
        if ev.is_readable() || ev.is_read_closed() || ev.is_error() {
            self.on_readable(id, ev.is_read_closed() || ev.is_error());
        }
        if ev.is_writable() {
            if let Some(conn) = slot(&mut self.conns, id) {
                if conn.generation == generation && conn.has_output() {
                    self.flush(id);
                }
            }
        }
    }

    // ----- clients: accept, read, run, write, close ------------------------------------------

    fn accept(&mut self, li: usize) {
        loop {
            let Some(listener) = self.listeners.get(li) else {
                return;
            };
            match listener.accept() {
                Ok(accepted) => self.on_accepted(accepted),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    warn!("Accepting client connection: {}", os_error_text(&e));
                    // Out of descriptors: the backlog stays; edge-triggered epoll will not
                    // tell us again, so cron retries.
                    self.accept_retry = true;
                    return;
                }
            }
        }
    }

    fn on_accepted(&mut self, Accepted { mut stream, addr, laddr, local }: Accepted) {
        let config = &self.engine.config;
        if self.engine.client_count() as i64 >= config.int(opt::MAXCLIENTS) {
            let _ = stream.write(b"-ERR max number of clients reached\r\n");
            self.engine.stats.rejected_connections += 1;
            return;
        }
        if config.bool(opt::PROTECTED_MODE)
            && config.str(opt::REQUIREPASS).is_empty()
            && !local
        {
            let _ = stream.write(DENIED);
            self.engine.stats.rejected_connections += 1;
            return;
        }
        if let Stream::Tcp(tcp) = &stream {
            let _ = tcp.set_nodelay(true);
            let keepalive = config.int(opt::TCP_KEEPALIVE);
            if keepalive > 0 {
                let ka = TcpKeepalive::new()
                    .with_time(Duration::from_secs(keepalive as u64))
                    .with_interval(Duration::from_secs((keepalive as u64 / 3).max(1)))
                    .with_retries(3);
                let _ = SockRef::from(tcp).set_tcp_keepalive(&ka);
            }
        }
        let fd = stream.as_raw_fd() as i64;
        let id = self.engine.connect(
            ConnInfo {
                addr: addr.clone(),
                laddr,
                fd,
                unix_socket: stream.is_unix(),
            },
            self.now_us,
        );
        self.generation = self.generation.wrapping_add(1);
        let token = client_token(id, self.generation);
        // Both interests once, edge-triggered: no re-registration when output backs up.
        if let Err(e) = self.poll.registry().register(
            &mut stream,
            token,
            Interest::READABLE | Interest::WRITABLE,
        ) {
            warn!("Error registering fd event for the new client: {e} (fd={fd})");
            self.engine.disconnect(id);
            return;
        }
        let i = id.0 as usize;
        if self.conns.len() <= i {
            self.conns.resize_with(i + 1, || None);
        }
        debug!("Accepted {addr}");
        self.conns[i] = Some(Conn::new(stream, id, self.generation, addr));
    }

    fn parser_limits(&self) -> ParserLimits {
        ParserLimits {
            max_bulk_len: self.engine.config.int(opt::PROTO_MAX_BULK_LEN) as usize,
            ..ParserLimits::default()
        }
    }

    /// Reads from a client until the socket is drained (or its turn is over), running
    /// commands as they complete. `drain`: the peer hung up or errored, so read to the end
    /// (a short read does not prove the socket is empty of the FIN).
    fn on_readable(&mut self, id: ClientId, drain: bool) {
        self.read_and_run(id, drain);
        if self.client_mem_limit > 0 {
            self.track_memory(id);
        }
    }

    fn read_and_run(&mut self, id: ClientId, drain: bool) {
        let limits = self.parser_limits();
        let qlimit = self.engine.config.int(opt::CLIENT_QUERY_BUFFER_LIMIT) as usize;
        for _ in 0..MAX_READS_PER_EVENT {
            let Some(conn) = slot(&mut self.conns, id) else {
                return;
            };
            if conn.close_after_write || self.exiting {
                // Nothing more runs for it (it closes once its output is out), or for anyone.
                return;
            }
            // Read into the shared buffer when the client has nothing pending; else append
            // to its own buffer, where the partial command it continues is.
            let shared = conn.input.is_empty() && !conn.paused();
            let read = if shared {
                read_into(&mut conn.stream, &mut self.rbuf).map(|n| (n, self.rbuf.len()))
            } else {
                let wanted = conn.parser.wanted();
                conn.input.read_from(&mut conn.stream, wanted)
            };
            let (n, space) = match read {
                Ok((0, _)) => {
                    debug!("Client closed connection addr={}", conn.addr);
                    self.flush(id);
                    self.close(id);
                    return;
                }
                Ok(r) => r,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    debug!("Reading from client: {e}");
                    self.close(id);
                    return;
                }
            };
            self.engine.stats.total_reads_processed += 1;
            let from_master = self.engine.master_client() == Some(id);
            if from_master {
                self.engine.stats.total_net_repl_input_bytes += n as u64;
                self.engine.master_stream_read(n);
            } else {
                self.engine.stats.total_net_input_bytes += n as u64;
            }
            // As Redis, clients past maxmemory-clients go before the command that their
            // input completes runs (a big argument grows the client's own buffer).
            if self.client_mem_limit > 0 && !shared {
                self.track_memory(id);
                if self.clients_mem as u64 >= self.client_mem_limit {
                    self.evict_clients();
                    if slot(&mut self.conns, id).is_none() {
                        return;
                    }
                }
            }
            if !self.exec_batch(id, shared.then_some(n), &limits) {
                return;
            }
            let Some(conn) = slot(&mut self.conns, id) else {
                return;
            };
            if conn.input.len() > qlimit && !from_master {
                let head = String::from_utf8_lossy(&conn.input.bytes()[..conn.input.len().min(64)])
                    .into_owned();
                warn!("Closing client that reached max query buffer length: addr={} (qbuf initial bytes: {head:?})", conn.addr);
                self.close(id);
                return;
            }
            if n < space && !drain {
                return; // a short read: the socket is empty, epoll will report new data
            }
        }
        // Its turn is over but there may be more: come back without waiting for an event.
        if let Some(conn) = slot(&mut self.conns, id) {
            self.reread.push((id, conn.generation));
        }
    }

    /// Runs the client's complete commands — from the shared read buffer (`shared` bytes
    /// just read) or from its own input — and sends the replies. False if it was closed.
    fn exec_batch(&mut self, id: ClientId, shared: Option<usize>, limits: &ParserLimits) -> bool {
        let now = self.now_us;
        // The master's stream has no proto-max-bulk-len (as Redis: a value the master took
        // must reach its replicas).
        let master_limits;
        let limits = if self.engine.master_client() == Some(id) {
            master_limits = ParserLimits { max_bulk_len: usize::MAX, ..*limits };
            &master_limits
        } else {
            limits
        };
        let Some(conn) = slot(&mut self.conns, id) else {
            return false;
        };
        // Replies go after output still pending, else into the shared buffer.
        let own_out = conn.has_output();
        let idle = conn.paused() || conn.input.is_empty() || conn.close_after_write;
        let out = if own_out {
            &mut conn.out
        } else {
            &mut self.obuf
        };
        // Where the replies stop fitting the client class's hard limit (all unsent output:
        // Redis's count, its reply blocks' allocations, is never below it).
        let limit = output_limit(&self.engine, id);
        let out_limit = match limit.hard {
            0 => usize::MAX,
            hard => (if own_out { conn.out_pos } else { 0 }).saturating_add(hard as usize),
        };
        let stop = match shared {
            Some(n) => {
                let buf = &self.rbuf[..n];
                let (used, stop) = run_commands(
                    &mut self.engine,
                    id,
                    &mut conn.parser,
                    buf,
                    limits,
                    &mut self.argv,
                    out,
                    out_limit,
                    now,
                );
                if used < n && matches!(stop, Stop::NeedMore | Stop::Blocked | Stop::Running) {
                    conn.input.extend_from_slice(&buf[used..]);
                }
                stop
            }
            None if idle => Stop::NeedMore,
            None => {
                let (used, stop) = run_commands(
                    &mut self.engine,
                    id,
                    &mut conn.parser,
                    conn.input.bytes(),
                    limits,
                    &mut self.argv,
                    out,
                    out_limit,
                    now,
                );
                conn.input.consume(used);
                stop
            }
        };
        if stop == Stop::OutputLimit {
            // What ran is kept (and logged); its replies are not sent.
            crate::aof::after_batch(&mut self.disk.borrow_mut(), &mut self.engine);
            // The replies' memory goes back too (the shared buffer keeps its usual size).
            self.obuf.clear();
            self.obuf.shrink_to(READ_BUF);
            if let Some(conn) = slot(&mut self.conns, id) {
                warn!("Client id={} addr={} closed for overcoming of output buffer limits.", conn.id.0, conn.addr);
            }
            self.close(id);
            return false;
        }
        let error = self.note_stop(id, stop);
        // The batch's writes reach the AOF (fsynced with `appendfsync always`) before its replies go out.
        crate::aof::after_batch(&mut self.disk.borrow_mut(), &mut self.engine);
        let Some(conn) = slot(&mut self.conns, id) else {
            return false;
        };
        if let Some(text) = error {
            let out = if own_out {
                &mut conn.out
            } else {
                &mut self.obuf
            };
            out.push(b'-');
            out.extend_from_slice(text.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        let alive = if own_out {
            self.flush(id)
        } else {
            let before = self.obuf.len();
            let res = conn.send_shared(&mut self.obuf);
            self.after_write(id, res.map(|_| before))
        };
        // The soft limit: output left unsent above it for too long closes the client.
        if alive && limit.soft > 0 {
            if let Some(conn) = slot(&mut self.conns, id).and_then(|c| c.over_output_limit(limit, now, 0).then_some(c)) {
                warn!("Client id={} addr={} scheduled to be closed ASAP for overcoming of output buffer limits.", conn.id.0, conn.addr);
                self.close(id);
                return false;
            }
        }
        alive
    }

    /// What a stop means for the connection; returns a protocol error's text to send.
    fn note_stop(&mut self, id: ClientId, stop: Stop) -> Option<String> {
        let conn = slot(&mut self.conns, id)?;
        match stop {
            Stop::NeedMore => None,
            Stop::Blocked => {
                conn.blocked = true;
                None
            }
            Stop::Running => {
                conn.running = true;
                self.running.push(id);
                None
            }
            // (exec_batch closes a client over its output limit before this.)
            Stop::Close | Stop::OutputLimit => {
                conn.close_after_write = true;
                conn.input.clear();
                None
            }
            Stop::Protocol(text) => {
                debug!("Protocol error ({text}) from client: addr={}", conn.addr);
                conn.close_after_write = true;
                conn.input.clear();
                Some(text)
            }
            Stop::Shutdown => {
                self.exiting = true;
                None
            }
        }
    }

    /// Writes the client's pending output. False if the client is gone (error, or closed
    /// after its last reply).
    fn flush(&mut self, id: ClientId) -> bool {
        let Some(conn) = slot(&mut self.conns, id) else {
            return false;
        };
        if !conn.has_output() {
            return self.after_write(id, Ok(0));
        }
        let before = conn.out.len() - conn.out_pos;
        let res = conn.flush();
        let loaded = std::mem::take(&mut conn.rdb_loaded) as usize;
        // A flush that stopped at its share of the RDB with its output written (the socket
        // still writable: no event will come) goes on in a later turn.
        if matches!(res, Ok(false)) && conn.rdb.is_some() && conn.out_pos == conn.out.len() {
            self.reflush.push((id, conn.generation));
        }
        let alive = self.after_write(id, res.map(|_| before + loaded));
        if alive && self.client_mem_limit > 0 {
            self.track_memory(id);
        }
        alive
    }

    /// Counts a client's memory again (its buffers and what the engine holds for it) in
    /// the sum maxmemory-clients watches; CLIENT LIST then shows the fresh figures.
    fn track_memory(&mut self, id: ClientId) {
        let Some(conn) = slot(&mut self.conns, id) else { return };
        let io = io_stats(conn);
        let own = std::mem::size_of::<Conn>() + io.qbuf + io.qbuf_free + io.obl + io.omem;
        let mem = if self.engine.client_memory_counted(id) { own + self.engine.client_engine_memory(id) } else { 0 };
        self.clients_mem = self.clients_mem - conn.mem_counted + mem;
        conn.mem_counted = mem;
        if let Some(c) = self.engine.client_mut(id) {
            c.io = io;
        }
    }

    /// maxmemory-clients (Redis's evictClients): the largest clients go first, until the
    /// sum is under the limit.
    fn evict_clients(&mut self) {
        // (CLIENT NO-EVICT clients count in the sum but are never picked.)
        let mut sizes: Vec<(usize, ClientId)> = self.conns.iter().flatten().filter(|c| c.mem_counted > 0 && self.engine.client_evictable(c.id)).map(|c| (c.mem_counted, c.id)).collect();
        sizes.sort_unstable_by_key(|&(mem, _)| std::cmp::Reverse(mem));
        for (_, id) in sizes {
            if (self.clients_mem as u64) < self.client_mem_limit {
                return;
            }
            self.engine.client_evicted(id);
            self.close(id);
        }
        if self.clients_mem as u64 >= self.client_mem_limit {
            warn!("Over client maxmemory after evicting all evictable clients");
        }
    }

    /// The limit as the config has it now; switching it on counts every client.
    fn refresh_client_mem_limit(&mut self) {
        let limit = self.engine.client_eviction_limit();
        if limit > 0 && self.client_mem_limit == 0 {
            self.client_mem_limit = limit;
            let ids: Vec<ClientId> = self.conns.iter().flatten().map(|c| c.id).collect();
            for id in ids {
                self.track_memory(id);
            }
        } else if limit == 0 && self.client_mem_limit > 0 {
            self.clients_mem = 0;
            for conn in self.conns.iter_mut().flatten() {
                conn.mem_counted = 0;
            }
        }
        self.client_mem_limit = limit;
    }

    /// Accounting and closing after a write attempt of up to `res` bytes.
    fn after_write(&mut self, id: ClientId, res: io::Result<usize>) -> bool {
        let Some(conn) = slot(&mut self.conns, id) else {
            return false;
        };
        match res {
            Ok(offered) => {
                let left = conn.out.len() - conn.out_pos;
                if left > 0 {
                    // Output backing up shows in CLIENT LIST at once, not at the next cron
                    // (tools watch omem grow towards the limits).
                    if let Some(c) = self.engine.client_mut(id) {
                        c.io = io_stats(conn);
                    }
                }
                let written = offered.saturating_sub(left) as u64;
                if self.engine.is_replica(id) {
                    self.engine.stats.total_net_repl_output_bytes += written;
                } else {
                    self.engine.stats.total_net_output_bytes += written;
                }
                self.engine.stats.total_writes_processed += 1;
                if conn.rdb_sent {
                    conn.rdb_sent = false;
                    info!("Synchronization with replica {} succeeded", conn.addr);
                    self.engine.replica_rdb_sent(id);
                }
                if conn.close_after_write && !conn.has_output() {
                    self.close(id);
                    return false;
                }
                true
            }
            Err(e) => {
                debug!("Error writing to client: {e}");
                self.close(id);
                false
            }
        }
    }

    fn close(&mut self, id: ClientId) {
        if let Some(mut conn) = self.conns.get_mut(id.0 as usize).and_then(Option::take) {
            self.clients_mem -= conn.mem_counted;
            let _ = self.poll.registry().deregister(&mut conn.stream);
            if self.engine.is_master_client(id) {
                warn!("Connection with master lost.");
                self.follower.link_lost();
            }
            // A running script stays in `running`: it runs to its end without its connection
            // (see resume_running), and the engine forgets the client then.
            self.engine.disconnect(id);
        }
    }

    /// Clients that have input to go on with without a new event.
    fn pending_work(&mut self) {
        for (id, generation) in std::mem::take(&mut self.reread) {
            if slot(&mut self.conns, id).is_some_and(|c| c.generation == generation) {
                self.on_readable(id, true);
            }
        }
        for (id, generation) in std::mem::take(&mut self.reflush) {
            if slot(&mut self.conns, id).is_some_and(|c| c.generation == generation) {
                self.flush(id);
            }
        }
        if !self.running.is_empty() {
            self.resume_running();
        }
    }

    /// A script can start outside a client's batch (a held EVAL run when a CLIENT PAUSE
    /// ends, from cron): its slices are then driven like any other running command.
    fn adopt_started_script(&mut self) {
        if !self.running.is_empty() {
            return;
        }
        let Some((id, _)) = self.engine.running_script() else { return };
        if let Some(conn) = slot(&mut self.conns, id) {
            conn.running = true;
        }
        self.running.push(id);
    }

    /// One slice of each long-running command; a finished one lets its client's input run.
    fn resume_running(&mut self) {
        let limits = self.parser_limits();
        for id in std::mem::take(&mut self.running) {
            let now = self.now_us;
            let Some(conn) = slot(&mut self.conns, id) else {
                // Its connection closed while its script ran: the script still finishes, as
                // Redis protects a script's caller, and its reply goes nowhere.
                if self.engine.running_script().is_some_and(|(c, _)| c == id) {
                    let mut dropped = Vec::new();
                    let mut outcome = self.engine.resume(id, now, &mut dropped);
                    while outcome == Outcome::Running && !self.engine.script_is_busy() {
                        dropped.clear();
                        outcome = self.engine.resume(id, unix_us(), &mut dropped);
                    }
                    if outcome == Outcome::Running {
                        self.running.push(id);
                    }
                }
                continue;
            };
            let own_out = conn.has_output();
            let out = if own_out {
                &mut conn.out
            } else {
                &mut self.obuf
            };
            // Before busy-reply-threshold a script runs on, as in Redis: nobody else is served.
            let mut outcome = self.engine.resume(id, now, out);
            while outcome == Outcome::Running && !self.engine.script_is_busy() {
                outcome = self.engine.resume(id, unix_us(), out);
            }
            let stop = match outcome {
                Outcome::Done => Stop::NeedMore,
                Outcome::Running => Stop::Running,
                Outcome::Blocked => Stop::Blocked,
                Outcome::Close => Stop::Close,
                Outcome::Shutdown => Stop::Shutdown,
            };
            conn.running = false;
            let done = stop == Stop::NeedMore;
            self.note_stop(id, stop);
            let alive = if own_out {
                self.flush(id)
            } else {
                let Some(conn) = slot(&mut self.conns, id) else {
                    continue;
                };
                let before = self.obuf.len();
                let res = conn.send_shared(&mut self.obuf);
                self.after_write(id, res.map(|_| before))
            };
            if alive && done && !self.exiting {
                self.exec_batch(id, None, &limits);
            }
        }
    }

    /// Output the engine queued for clients outside their own commands (pub/sub messages,
    /// replies of unblocked clients, kills).
    fn deliver_ready(&mut self) {
        // The writes of this round go to the replicas (as Redis feeds them before sleeping).
        crate::replication::flush(&mut self.engine);
        if !self.engine.has_ready() {
            return;
        }
        // Writes made while serving blocked clients reach the AOF before those replies.
        crate::aof::after_batch(&mut self.disk.borrow_mut(), &mut self.engine);
        crate::replication::flush(&mut self.engine);
        let limits = self.parser_limits();
        for id in self.engine.take_ready() {
            let Some(conn) = slot(&mut self.conns, id) else {
                continue;
            };
            if self.engine.take_pending(id, &mut conn.out) {
                conn.close_after_write = true;
                conn.input.clear();
                if conn.rdb.take().is_some() {
                    // A replica killed while receiving its RDB goes now, not after the file.
                    conn.out.clear();
                    conn.out_pos = 0;
                }
            }
            // Ready can also mean a push or a kill: only a wait that ended releases input.
            let unblocked = conn.blocked && !self.engine.is_blocked(id);
            if unblocked {
                conn.blocked = false;
            }
            // Flush first: what the socket takes at once does not count against the limit.
            if !self.flush(id) {
                continue;
            }
            let Some(conn) = slot(&mut self.conns, id) else {
                continue;
            };
            // A subscriber, replica or monitor that cannot keep up is dropped, so memory
            // stays bounded.
            if conn.over_output_limit(output_limit(&self.engine, id), self.now_us, self.engine.held_output(id)) {
                warn!("Client id={} addr={} scheduled to be closed ASAP for overcoming of output buffer limits.", conn.id.0, conn.addr);
                self.close(id);
                continue;
            }
            if unblocked && !self.exiting {
                // Its next commands waited in its buffer.
                self.exec_batch(id, None, &limits);
            }
        }
    }

    /// A child wrote the RDB for replicas: each gets what it was owed before (`+FULLRESYNC`,
    /// newlines), then `$<len>` and the file, then its stream (`Engine::replica_rdb_sent`).
    fn send_replica_rdb(&mut self) {
        let Some((file, replicas)) = self.disk.borrow_mut().replica_rdb_ready.take() else { return };
        let len = match file.metadata() {
            Ok(m) => m.len(),
            Err(e) => {
                warn!("SYNC failed. Can't stat the RDB for replicas: {e}");
                return replicas.into_iter().for_each(|id| self.close(id));
            }
        };
        for id in replicas {
            let Some(conn) = slot(&mut self.conns, id) else { continue };
            let _ = self.engine.take_pending(id, &mut conn.out);
            conn.out.extend_from_slice(format!("${len}\r\n").as_bytes());
            if len == 0 {
                conn.rdb_sent = true;
            } else {
                conn.rdb = Some(crate::connection::RdbSend { file: file.clone(), pos: 0, len });
            }
            self.flush(id);
        }
    }

    // ----- following a master ----------------------------------------------------------------

    /// The link to the master (REPLICAOF): attempts, progress, and the RDB once it came.
    fn follow(&mut self) {
        log::set_role(if self.engine.is_replica_of_master() { b'S' } else { b'M' });
        // A script in slices sees the data whole: a synchronization waits for its end.
        if self.engine.running_script().is_some() {
            return;
        }
        let step = self.follower.poll(&mut self.engine, |e| {
            let (host, port) = e.master_target().map_or((String::new(), 0), |t| (t.host.to_string(), t.port));
            let announce = e.config.int(opt::REPLICA_ANNOUNCE_PORT);
            Params {
                host,
                port,
                user: e.config.str(opt::MASTERUSER).to_string(),
                auth: e.config.str(opt::MASTERAUTH).to_string(),
                listening_port: if announce > 0 { announce } else { e.config.int(opt::PORT) } as u16,
                timeout: Duration::from_secs(e.config.int(opt::REPL_TIMEOUT).max(1) as u64),
                psync: e.psync_request().unwrap_or_else(|| (String::from("?"), -1)),
                failover: e.failover_in_progress(),
            }
        });
        if let Step::Attach(synced) = step {
            self.attach_master(synced);
        }
    }

    /// The RDB arrived (the data is replaced by it), or the master continues the stream: the
    /// socket becomes the master client.
    fn attach_master(&mut self, synced: crate::follow::Synced) {
        let Some((host, port)) = self.engine.master_target().map(|t| (t.host.to_string(), t.port)) else {
            return;
        };
        let full = synced.rdb.is_some();
        let transfer = synced.rdb.as_ref().map_or(0, Vec::len) + synced.leftover.len();
        self.engine.stats.total_net_repl_input_bytes += transfer as u64;
        let mut stream_db = None;
        if let Some(rdb) = synced.rdb {
            // A child writing an RDB of the old data would only double memory while the new
            // data loads (Redis's killRDBChild); replicas waiting for it ask again.
            let mut disk = self.disk.borrow_mut();
            if disk.child.as_ref().is_some_and(|c| c.kind != crate::persistence::ChildKind::AofRewrite) {
                disk.kill_child(&mut self.engine);
            }
            drop(disk);
            info!("MASTER <-> REPLICA sync: Flushing old data");
            self.engine.empty_all_dbs_for_sync();
            self.engine.flush_function_libraries();
            info!("MASTER <-> REPLICA sync: Loading DB in memory");
            // A replica keeps keys whose TTL passed: the master's DELs remove them (time 0).
            match spinel_core::rdb::file::load(&mut self.engine, &rdb, 0) {
                // The master's stream goes on in the database it had selected (a replica's
                // RDB says which; a master starts its stream with a SELECT).
                Ok(report) => stream_db = Some(report.stream_db.unwrap_or(0)),
                Err(e) => {
                    warn!("Failed trying to load the MASTER synchronization DB from socket: {}", e.0);
                    self.engine.empty_all_dbs();
                    self.follower.failed(&mut self.engine);
                    return;
                }
            }
        } else {
            info!("MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.");
        }
        let laddr = synced.stream.local_addr().map(|a| a.to_string()).unwrap_or_default();
        let std_stream = synced.stream;
        if let Err(e) = std_stream.set_nonblocking(true) {
            warn!("Can't use the MASTER connection: {e}");
            self.follower.failed(&mut self.engine);
            return;
        }
        let mut stream = Stream::Tcp(mio::net::TcpStream::from_std(std_stream));
        let addr = format!("{host}:{port}");
        let fd = stream.as_raw_fd() as i64;
        let id = self.engine.connect(ConnInfo { addr: addr.clone(), laddr, fd, unix_socket: false }, self.now_us);
        self.generation = self.generation.wrapping_add(1);
        let token = client_token(id, self.generation);
        if let Err(e) = self.poll.registry().register(&mut stream, token, Interest::READABLE | Interest::WRITABLE) {
            warn!("Error registering fd event for the MASTER connection: {e}");
            self.engine.disconnect(id);
            self.follower.failed(&mut self.engine);
            return;
        }
        let i = id.0 as usize;
        if self.conns.len() <= i {
            self.conns.resize_with(i + 1, || None);
        }
        let mut conn = Conn::new(stream, id, self.generation, addr);
        conn.input.extend_from_slice(&synced.leftover);
        self.conns[i] = Some(conn);
        self.engine.master_synced(id, &synced.replid, synced.offset, stream_db);
        // A FAILOVER's target took this server as its replica: the hand-over is done.
        self.engine.failover_psync_answered(true);
        self.engine.master_stream_read(synced.leftover.len());
        if full {
            info!("MASTER <-> REPLICA sync: Finished with success");
        }
        if full && self.engine.config.bool(opt::APPENDONLY) {
            // The AOF held the old data: a rewrite makes the loaded data its base.
            if let Err(e) = crate::aof::fork_rewrite(&mut self.disk.borrow_mut(), &mut self.engine) {
                warn!("Failed enabling the AOF after successful master synchronization: {e}");
            }
        }
        // Stream bytes that came with the RDB run now.
        let limits = self.parser_limits();
        self.exec_batch(id, None, &limits);
    }

    // ----- signals, cron, shutdown ---------------------------------------------------------------

    fn on_signals(&mut self) {
        let pending: Vec<i32> = self.signals.pending().collect();
        for sig in pending {
            let name = if sig == SIGINT { "SIGINT" } else { "SIGTERM" };
            if self.engine.shutdown_signalled() && sig == SIGINT {
                insist_on_exit();
            }
            warn!("Received {name} scheduling shutdown...");
            self.engine.shutdown_signal(sig == SIGINT);
            SHUTDOWN_SIGNALLED.store(true, Ordering::Relaxed);
        }
    }

    fn cron(&mut self) {
        self.now_us = unix_us();
        self.engine.cron(self.now_us);
        if self.engine.shutdown_finished() {
            return; // the loop exits next: nothing may start after the final steps
        }
        self.disk.borrow_mut().cron(&mut self.engine);
        self.send_replica_rdb();
        // Replicas waiting for the child that just ended get theirs now.
        self.engine.start_replica_syncs();
        // Expiry DELs and PINGs of this tick go out with the next delivery.
        crate::replication::flush(&mut self.engine);
        self.logger.refresh(self.engine.config.str(opt::LOGLEVEL));
        let hz = self.engine.config.int(opt::HZ).clamp(1, 500) as u64;
        let period = Duration::from_micros(1_000_000 / hz);
        let now = Instant::now();
        self.next_cron += period;
        if self.next_cron <= now {
            self.next_cron = now + period;
        }

        // Per client: idle timeout, figures for CLIENT LIST / INFO, release of idle buffers.
        let idle_ms = self.engine.config.int(opt::TIMEOUT).max(0) as u64 * 1000;
        let now_ms = self.now_us / 1000;
        let mut to_close = Vec::new();
        let mut released = Vec::new();
        for conn in self.conns.iter_mut().flatten() {
            if conn.input.release_if_empty() && self.client_mem_limit > 0 {
                released.push(conn.id);
            }
            // Replicas and the master are never idle-timed out (repl-timeout covers them),
            // as in Redis.
            let replica = idle_ms > 0 && (self.engine.is_replica(conn.id) || self.engine.is_master_client(conn.id));
            // A client whose output stays over its soft limit is closed even when nothing
            // more is sent to it (Redis checks in its clients cron too).
            let held = self.engine.held_output(conn.id);
            if (conn.has_output() || held > 0) && conn.over_output_limit(output_limit(&self.engine, conn.id), self.now_us, held) {
                warn!("Client id={} addr={} scheduled to be closed ASAP for overcoming of output buffer limits.", conn.id.0, conn.addr);
                to_close.push(conn.id);
                continue;
            }
            if let Some(c) = self.engine.client_mut(conn.id) {
                c.io = io_stats(conn);
                if idle_ms > 0
                    && !replica
                    && !conn.paused()
                    && now_ms.saturating_sub(c.last_interaction_ms) > idle_ms
                {
                    debug!("Closing idle client");
                    to_close.push(conn.id);
                }
            }
        }
        for id in to_close {
            self.close(id);
        }
        // Buffers released count no more toward maxmemory-clients.
        for id in released {
            self.track_memory(id);
        }
        if std::mem::take(&mut self.accept_retry) {
            for li in 0..self.listeners.len() {
                self.accept(li);
            }
        }
    }

    fn remove_pidfile(&self) {
        if !self.pidfile.is_empty() {
            info!("Removing the pid file.");
            let _ = std::fs::remove_file(&self.pidfile);
        }
    }

    /// Stops accepting, flushes what clients are owed (for up to a second), and exits.
    fn finish(&mut self, events: &mut Events) -> i32 {
        let mut unix_socket = None;
        for mut l in self.listeners.drain(..) {
            let _ = self.poll.registry().deregister(&mut l);
            if let Listener::Unix(_, path) = l {
                unix_socket = Some(path);
            }
        }
        let deadline = Instant::now() + Duration::from_secs(1);
        loop {
            let mut pending = false;
            for conn in self.conns.iter_mut().flatten() {
                if conn.has_output() && conn.flush().is_ok() && conn.has_output() {
                    pending = true;
                }
            }
            if !pending || Instant::now() >= deadline {
                break;
            }
            let _ = self.poll.poll(events, Some(Duration::from_millis(10)));
        }
        self.remove_pidfile();
        if let Some(path) = unix_socket {
            info!("Removing the unix socket file.");
            let _ = std::fs::remove_file(path);
        }
        warn!("Spinel is now ready to exit, bye bye...");
        0
    }
}

/// A client's buffers as CLIENT LIST shows them. Unsent output in Redis's terms: a 16 KB
/// buffer (obl), then a list of 16 KB blocks (oll blocks, omem bytes).
fn io_stats(conn: &Conn) -> IoStats {
    let unsent = conn.unsent();
    let rest = unsent.saturating_sub(REPLY_CHUNK);
    IoStats {
        qbuf: conn.input.len(),
        qbuf_free: conn.input.capacity() - conn.input.len(),
        obl: unsent.min(REPLY_CHUNK),
        oll: rest.div_ceil(REPLY_CHUNK),
        omem: rest,
    }
}

/// The output-buffer limits of the client's class (replica, pubsub or normal).
fn output_limit(engine: &Engine, id: ClientId) -> spinel_core::config::OutputBufferLimit {
    if engine.is_replica(id) {
        engine.config.replica_output_limit()
    } else if engine.is_subscriber(id) {
        engine.config.pubsub_output_limit()
    } else {
        engine.config.normal_output_limit()
    }
}

/// One read into the shared buffer.
fn read_into(stream: &mut Stream, buf: &mut [u8]) -> io::Result<usize> {
    use std::io::Read;
    stream.read(buf)
}

// ----- startup helpers -----------------------------------------------------------------------

/// Raises the soft RLIMIT_NOFILE to the hard limit; returns the limit in force.
fn raise_fd_limit() -> u64 {
    // SAFETY: getrlimit/setrlimit only read and write the struct we pass.
    unsafe {
        let mut rl = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) != 0 {
            return 1024;
        }
        // An "unlimited" hard limit is still capped by the kernel's nr_open.
        let target = if rl.rlim_max == libc::RLIM_INFINITY {
            1 << 20
        } else {
            rl.rlim_max
        };
        if rl.rlim_cur < target {
            let new = libc::rlimit {
                rlim_cur: target,
                rlim_max: rl.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &new) == 0 {
                return target;
            }
        }
        rl.rlim_cur
    }
}

/// `uname -s -r -m`, as INFO's `os` field.
fn os_name() -> String {
    // SAFETY: uname fills the struct; its fields are NUL-terminated C strings.
    unsafe {
        let mut u: libc::utsname = std::mem::zeroed();
        if libc::uname(&mut u) == 0 {
            let f = |s: &[libc::c_char]| {
                std::ffi::CStr::from_ptr(s.as_ptr())
                    .to_string_lossy()
                    .into_owned()
            };
            return format!("{} {} {}", f(&u.sysname), f(&u.release), f(&u.machine));
        }
    }
    format!("{} {}", std::env::consts::OS, std::env::consts::ARCH)
}

/// Seeds the engine's hashing and PRNG from the kernel, or from time and pid.
fn random_seed() -> u64 {
    let mut seed = 0u64;
    // SAFETY: getrandom writes at most 8 bytes into `seed`.
    let n = unsafe { libc::getrandom((&mut seed as *mut u64).cast(), 8, 0) };
    if n != 8 {
        seed = unix_us() ^ ((std::process::id() as u64) << 32) ^ 0x9e37_79b9_7f4a_7c15;
    }
    seed
}

/// Redis's daemonize(): fork, the parent exits, the child leaves the terminal.
fn daemonize() -> io::Result<()> {
    // SAFETY: called before any thread is started; the child only continues our own code.
    unsafe {
        match libc::fork() {
            -1 => return Err(io::Error::last_os_error()),
            0 => {}
            _ => libc::_exit(0),
        }
        libc::setsid();
        let fd = libc::open(c"/dev/null".as_ptr(), libc::O_RDWR);
        if fd >= 0 {
            libc::dup2(fd, 0);
            libc::dup2(fd, 1);
            libc::dup2(fd, 2);
            if fd > 2 {
                libc::close(fd);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_poll_window_adapts_to_event_spacing() {
        let us = Duration::from_micros;
        let mut b = BusyPoll {
            max: us(50),
            window: us(50),
        };
        // Events further apart than the window: spinning would only burn CPU.
        b.after_sleep(us(5_000));
        assert_eq!(b.window, us(25));
        for _ in 0..10 {
            b.after_sleep(Duration::from_millis(100));
        }
        assert_eq!(b.window, Duration::ZERO);
        // Events come close together again: the full window pays for itself.
        b.after_sleep(us(30));
        assert_eq!(b.window, us(50));
    }

    #[test]
    fn client_tokens_round_trip() {
        let t = client_token(ClientId(7), 3);
        assert_eq!(((t.0 & 0xffff_ffff) - CLIENT_BASE, t.0 >> 32), (7, 3));
        assert!(t.0 >= CLIENT_BASE && t != SIGNAL_TOKEN);
    }
}
