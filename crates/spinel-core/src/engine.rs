//! The engine: databases, clients, configuration and the command dispatcher.
//!
//! The host calls [`Engine::execute`] with one parsed command, the calling client and the
//! current time; the reply is written into the host's output buffer. Everything else the
//! engine produces is pulled by the host:
//! - output for other clients (pub/sub messages, replies of unblocked clients, kills):
//!   [`Engine::take_ready`] then [`Engine::take_pending`];
//! - the change stream (every effective write as RESP, the AOF format): [`Engine::take_changes`];
//! - periodic work (active expiry, blocked-client timeouts): [`Engine::cron`], ~`hz` times a second.

use crate::client::{Client, ClientId, Clients, ConnInfo};
use crate::commands::{self, CommandSpec, Ctx};
use crate::config::{opt, Config};
use crate::keyspace::{Db, Entry, NO_EXPIRE};
use crate::resp::writer::{Protocol, Reply};
use alloc::string::String;
use alloc::vec::Vec;

/// What became of a command, besides its reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The reply is complete.
    Done,
    /// The client waits (blocking command); its reply comes later through `take_pending`.
    /// The host must not run the client's further commands until then.
    Blocked,
    /// A long-running command (a script) yielded; call [`Engine::resume`] to continue.
    Running,
    /// Write the reply, then close the connection (QUIT, protocol errors).
    Close,
    /// SHUTDOWN was accepted and its last steps done: flush replies and stop the server.
    Shutdown,
}

/// One option as CONFIG REWRITE hands it to the host: (name, value, is it the default).
pub type ConfigLine = (&'static str, String, bool);

/// Facts about the host for INFO and CLIENT LIST; the host fills what it knows.
#[derive(Clone, Debug)]
pub struct HostInfo {
    pub os: String,
    pub arch_bits: u32,
    pub process_id: u64,
    pub tcp_port: u16,
    pub executable: String,
    pub config_file: String,
    pub multiplexing_api: &'static str,
    /// Bytes allocated by the process, when the host can tell.
    pub used_memory: fn() -> usize,
    /// Resident set size, when the host can tell.
    pub used_memory_rss: fn() -> usize,
    /// A monotonic clock in microseconds, to time commands (SLOWLOG, commandstats,
    /// LATENCY); the engine itself never reads a clock. `None`: commands take no time
    /// (the wasm package, where a clock read would cost more than most commands).
    pub clock_us: Option<fn() -> u64>,
    /// CPU time used by the process, (system, user) seconds (INFO cpu).
    pub cpu_seconds: fn() -> (f64, f64),
    /// Blocks the calling thread (DEBUG SLEEP); hosts that cannot sleep ignore it.
    pub sleep_us: fn(u64),
    /// CONFIG REWRITE: rewrites the config file at `path` with the options given as
    /// (name, value, is_default); hosts without a config file refuse.
    pub rewrite_config: fn(path: &str, options: &[ConfigLine]) -> Result<(), String>,
    /// CONFIG SET dir: makes `dir` the working directory and answers it as an absolute
    /// path, or the system's reason why not. Hosts without files keep the text as given.
    pub change_dir: fn(dir: &str) -> Result<String, String>,
    /// Physical memory of the machine, when the host can tell (INFO total_system_memory).
    pub total_system_memory: fn() -> u64,
    /// Forks made for background saves and rewrites, and the last one's duration in
    /// microseconds (INFO total_forks, latest_fork_usec).
    pub fork_stats: fn() -> (u64, u64),
    /// Objects handed to the host's freeing thread and not freed yet, and objects it freed
    /// (INFO lazyfree_pending_objects, lazyfreed_objects).
    pub lazy_free_stats: fn() -> (u64, u64),
    /// The allocator and the monotonic clock, as INFO names them.
    pub mem_allocator: &'static str,
    pub monotonic_clock: &'static str,
    /// How ACL LOAD / SAVE read and write the `aclfile` (`None`: the host has no files).
    /// Only servers have files: without the `server` feature ACL LOAD and SAVE refuse.
    #[cfg(feature = "server")]
    pub acl_file: Option<crate::commands::access::AclFileIo>,
    /// MIGRATE's connection to the target (`None`: MIGRATE is refused).
    #[cfg(feature = "server")]
    pub migrate: Option<crate::commands::migrate::MigrateIo>,
    /// DEBUG SEGFAULT: ends the process by SIGSEGV (`None`: refused).
    #[cfg(feature = "server")]
    pub segfault: Option<fn()>,
    /// Writes a line to the host's log, a warning or a notice (REPLICAOF's and FAILOVER's
    /// notices, SHUTDOWN's steps), in order with the host's own lines; `role` is Redis's
    /// letter for the server's role at the time (`M`, or `S` for a replica).
    #[cfg(feature = "server")]
    pub log: fn(role: u8, warning: bool, line: &str),
    /// Sets the process's OOM score (oom.rs): `oom-score-adj`'s mode, the three values, and
    /// which applies (0 master, 1 replica). Hosts without such a score accept and ignore it.
    #[cfg(feature = "server")]
    pub oom_score: fn(mode: &str, values: [i64; 3], class: usize) -> Result<(), String>,
}

fn zero() -> usize {
    0
}
fn no_cpu() -> (f64, f64) {
    (0.0, 0.0)
}
fn no_sleep(_: u64) {}
fn zero_u64() -> u64 {
    0
}
fn no_forks() -> (u64, u64) {
    (0, 0)
}
#[cfg(feature = "server")]
fn no_log(_: u8, _: bool, _: &str) {}
#[cfg(feature = "server")]
fn no_oom_score(_: &str, _: [i64; 3], _: usize) -> Result<(), String> {
    Ok(())
}
fn keep_dir(dir: &str) -> Result<String, String> {
    Ok(String::from(dir))
}
fn no_rewrite(_: &str, _: &[(&'static str, String, bool)]) -> Result<(), String> {
    Err(String::from("this host has no config file"))
}

impl Default for HostInfo {
    fn default() -> Self {
        HostInfo {
            os: String::new(),
            arch_bits: (core::mem::size_of::<usize>() * 8) as u32,
            process_id: 0,
            tcp_port: 0,
            executable: String::new(),
            config_file: String::new(),
            multiplexing_api: "",
            used_memory: zero,
            used_memory_rss: zero,
            clock_us: None,
            cpu_seconds: no_cpu,
            sleep_us: no_sleep,
            rewrite_config: no_rewrite,
            change_dir: keep_dir,
            total_system_memory: zero_u64,
            fork_stats: no_forks,
            lazy_free_stats: no_forks,
            mem_allocator: "",
            monotonic_clock: "",
            #[cfg(feature = "server")]
            acl_file: None,
            #[cfg(feature = "server")]
            migrate: None,
            #[cfg(feature = "server")]
            segfault: None,
            #[cfg(feature = "server")]
            log: no_log,
            #[cfg(feature = "server")]
            oom_score: no_oom_score,
        }
    }
}

/// Counters for INFO stats.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    /// The most `used_memory` seen by cron or INFO (Redis's `stat_peak_memory`).
    pub peak_memory: u64,
    pub total_connections_received: u64,
    pub total_commands_processed: u64,
    pub rejected_connections: u64,
    pub expired_keys: u64,
    pub evicted_keys: u64,
    /// Clients closed by maxmemory-clients (client_evict.rs).
    pub evicted_clients: u64,
    /// Successful CONFIG SETs: a host caching a setting reads it again when this moves.
    pub config_sets: u64,
    pub expired_stale_perc: f64,
    pub expired_time_cap_reached_count: u64,
    pub keyspace_hits: u64,
    pub keyspace_misses: u64,
    pub total_error_replies: u64,
    pub unexpected_error_replies: u64,
    pub total_net_input_bytes: u64,
    pub total_net_output_bytes: u64,
    /// Bytes from the master (its RDB and stream) and to replicas, which Redis 7.0 counts
    /// apart from the clients' traffic above.
    #[cfg(feature = "server")]
    pub total_net_repl_input_bytes: u64,
    #[cfg(feature = "server")]
    pub total_net_repl_output_bytes: u64,
    /// Reads and writes the host made on client sockets (INFO total_reads/writes_processed).
    pub total_reads_processed: u64,
    pub total_writes_processed: u64,
    /// Time the active expiry cycle ran, in microseconds (INFO expire_cycle_cpu_milliseconds).
    pub expire_cycle_us: u64,
    /// Commands per second and network kbps, sampled by the cron as Redis samples them.
    pub instantaneous: [InstantMetric; 3],
}

/// One of Redis's instantaneous metrics: a rate sampled every 100 ms, the mean of the last
/// 16 samples.
#[derive(Clone, Debug, Default)]
pub struct InstantMetric {
    last_at_us: u64,
    last_value: u64,
    samples: [u64; 16],
    next: usize,
}

impl InstantMetric {
    /// Records `value` (a running total) at `now_us`, at most every 100 ms.
    pub fn track(&mut self, value: u64, now_us: u64) {
        if self.last_at_us == 0 {
            (self.last_at_us, self.last_value) = (now_us, value);
            return;
        }
        let elapsed = now_us.saturating_sub(self.last_at_us);
        if elapsed < 100_000 {
            return;
        }
        self.samples[self.next] = value.saturating_sub(self.last_value) * 1_000_000 / elapsed;
        self.next = (self.next + 1) % self.samples.len();
        (self.last_at_us, self.last_value) = (now_us, value);
    }

    /// The mean rate per second.
    pub fn per_second(&self) -> u64 {
        self.samples.iter().sum::<u64>() / self.samples.len() as u64
    }
}

/// The change stream: effective writes as RESP commands (AOF format).
#[derive(Default)]
pub(crate) struct ChangeLog {
    /// Recording: `aof || replicas` (the one flag the write path checks).
    pub enabled: bool,
    /// The host keeps a log (`set_change_stream`: the AOF, the npm package's storage).
    pub aof: bool,
    /// The replication backlog exists (repl.rs): changes feed the replicas.
    pub replicas: bool,
    /// Changes already fed to the replicas that the host's log has not taken yet.
    pub hold: Vec<u8>,
    pub buf: Vec<u8>,
    /// Database the stream last SELECTed, if any.
    pub db: Option<usize>,
    /// Nesting of execution units (a top-level command with all it runs: EXEC's queued
    /// commands, a script's calls, lazy expiry). Redis 7.0 wraps a unit's effects in
    /// MULTI ... EXEC when there are more than one (`propagatePendingCommands`).
    pub unit_depth: u32,
    /// Effects recorded in the open unit.
    pub unit_ops: u32,
    /// Where the unit's first effect starts in `buf` (after its SELECT): MULTI goes there.
    pub unit_start: usize,
}

impl ChangeLog {
    /// Wraps the open unit's effects in MULTI ... EXEC.
    #[cold]
    fn wrap_unit(&mut self) {
        const MULTI: &[u8] = b"*1\r\n$5\r\nMULTI\r\n";
        self.buf.splice(self.unit_start..self.unit_start, MULTI.iter().copied());
        encode_command(&mut self.buf, &[b"EXEC"]);
    }
}

pub struct Engine {
    pub(crate) dbs: Vec<Db>,
    pub(crate) clients: Clients,
    pub config: Config,
    pub host: HostInfo,
    pub(crate) rng: fastrand::Rng,
    pub stats: Stats,
    pub(crate) changes: ChangeLog,
    /// The master side of replication (repl.rs).
    pub(crate) repl: crate::repl::Replication,
    /// Values and databases to free on the host's thread (lazyfree.rs).
    pub(crate) lazy: crate::lazyfree::LazyFree,
    /// Writes since start (Redis's `dirty`, for save points and propagation).
    pub dirty: u64,
    pub(crate) now_us: u64,
    pub(crate) start_us: u64,
    /// used_memory when the engine was made (INFO used_memory_startup).
    pub(crate) startup_memory: u64,
    pub(crate) run_id: String,
    pub(crate) table: commands::names::NameTable,
    pub(crate) blocking: crate::blocking::Blocking,
    /// Resume point of the active expiry cycle.
    pub(crate) expire_db_cursor: usize,
    pub(crate) pubsub: crate::pubsub::PubSub,
    pub(crate) watches: crate::multi::Watches,
    pub(crate) tracking: crate::tracking::Tracking,
    /// The client whose command is running: output for it goes before its reply.
    pub(crate) running_client: Option<ClientId>,
    pub(crate) self_pushes: Vec<u8>,
    /// CLIENT REPLY OFF|SKIP: `call` already dropped the reply (pushes stay).
    reply_dropped_in_call: bool,
    /// Replaying a log (Redis's `server.loading`): no key expires, and expiry times already
    /// past are stored rather than deleting the key, since later commands of the log may
    /// extend or remove them (`SET k v PXAT t`, then `PERSIST k`). Expiry resumes after.
    pub(crate) loading: bool,
    pub(crate) pause: crate::pause::Pause,
    /// A SHUTDOWN or a shutdown signal under way (shutdown.rs).
    #[cfg(feature = "server")]
    pub(crate) shutdown: crate::shutdown::Shutdown,
    /// MONITOR clients.
    pub(crate) monitors: Vec<ClientId>,
    pub(crate) diag: crate::diagnostics::Diagnostics,
    /// DEBUG SET-ACTIVE-EXPIRE: background expiry on or off.
    pub(crate) active_expire_enabled: bool,
    /// DEBUG SET-SKIP-CHECKSUM-VALIDATION: RESTORE takes payloads whatever their CRC.
    pub(crate) skip_checksum_validation: bool,
    /// DEBUG SET-DISABLE-DENY-SCRIPTS: scripts may call `noscript` commands (a test switch).
    pub(crate) script_deny_disabled: bool,
    /// DEBUG PAUSE-CRON: the cron does nothing (keys neither expire nor get served).
    pub(crate) cron_paused: bool,
    /// The running command comes from a CLIENT NO-TOUCH client (and is not TOUCH).
    pub(crate) no_touch: bool,
    /// maxmemory is set and eviction could not get under it before the current command
    /// (Redis's pre_command_oom_state): scripts then refuse their first denyoom write.
    pub(crate) pre_command_oom: bool,
    /// Users, permissions and the ACL LOG.
    pub(crate) acl: crate::acl::Acl,
    /// Snapshot and AOF state (INFO persistence, LASTSAVE, MISCONF) and the host's hook.
    pub persist: crate::persist::PersistState,
    /// The installed script VM and the script running in slices (scripting.rs).
    pub(crate) scripting: crate::scripting::Scripting,
}

impl Engine {
    /// A new engine. `seed` seeds hashing and randomness; `now_us` is the start time.
    pub fn new(config: Config, host: HostInfo, seed: u64, now_us: u64) -> Self {
        let ndb = config.int(opt::DATABASES).max(1) as usize;
        let mut rng = fastrand::Rng::with_seed(seed);
        let dbs = (0..ndb).map(|_| Db::new(rng.u64(..))).collect();
        let run_id = crate::repl::random_id(&mut rng);
        let replid = crate::repl::random_id(&mut rng);
        let table = commands::names::NameTable::new(commands::all());
        let startup_memory = (host.used_memory)() as u64;
        Engine {
            dbs,
            clients: Clients::default(),
            config,
            host,
            rng,
            stats: Stats::default(),
            changes: ChangeLog::default(),
            repl: crate::repl::Replication { replid, ..Default::default() },
            lazy: Default::default(),
            dirty: 0,
            now_us,
            start_us: now_us,
            startup_memory,
            run_id,
            table,
            expire_db_cursor: 0,
            blocking: Default::default(),
            pubsub: crate::pubsub::PubSub::new(seed ^ 0x5eed_0001),
            watches: crate::multi::Watches::new(ndb, seed ^ 0x5eed_0002),
            tracking: crate::tracking::Tracking::new(seed ^ 0x5eed_0003),
            running_client: None,
            self_pushes: Vec::new(),
            reply_dropped_in_call: false,
            loading: false,
            pause: Default::default(),
            #[cfg(feature = "server")]
            shutdown: Default::default(),
            monitors: Vec::new(),
            diag: crate::diagnostics::Diagnostics::new(seed),
            active_expire_enabled: true,
            skip_checksum_validation: false,
            script_deny_disabled: false,
            cron_paused: false,
            no_touch: false,
            pre_command_oom: false,
            acl: crate::acl::Acl::new(),
            persist: crate::persist::PersistState::new(now_us / 1_000_000),
            scripting: Default::default(),
        }
        .with_requirepass()
    }

    fn with_requirepass(mut self) -> Self {
        self.acl_options_changed();
        let pass = String::from(self.config.str(opt::REQUIREPASS));
        if !pass.is_empty() {
            self.acl.set_default_password(&pass);
        }
        self
    }

    // ----- clients -------------------------------------------------------------------

    /// Registers a new connection.
    pub fn connect(&mut self, conn: ConnInfo, now_us: u64) -> ClientId {
        self.now_us = now_us;
        self.stats.total_connections_received += 1;
        let auth = self.acl.default_opens();
        self.clients.add(conn, now_us / 1000, auth)
    }

    /// Forgets a connection (the host closed it).
    /// A connection whose script is running in slices stays until the script ends, as Redis
    /// protects a script's caller: the script is not cut off half way (the host keeps
    /// resuming it; its reply is dropped).
    pub fn disconnect(&mut self, id: ClientId) {
        if self.scripting.running.is_some_and(|r| r.client == id) {
            if let Some(c) = self.clients.get_mut(id) {
                c.gone = true;
            }
            return;
        }
        self.tracking_disable(id);
        self.unblock(id);
        #[cfg(feature = "server")]
        self.forget_shutdown_caller(id);
        self.discard_transaction(id);
        self.unsubscribe_all(id);
        self.drop_held(id);
        self.monitors.retain(|&m| m != id);
        if self.clients.get(id).is_some_and(|c| c.repl.is_some()) {
            self.detach_replica(id);
        }
        #[cfg(feature = "server")]
        if self.clients.get(id).is_some_and(|c| c.master) {
            self.master_link_lost(id);
        }
        self.clients.remove(id);
    }

    pub fn client(&self, id: ClientId) -> Option<&Client> {
        self.clients.get(id)
    }

    pub fn client_mut(&mut self, id: ClientId) -> Option<&mut Client> {
        self.clients.get_mut(id)
    }

    pub fn client_count(&self) -> usize {
        self.clients.len()
    }

    /// Whether the client must authenticate before running commands (the parser's limits
    /// are tighter for such clients, as in Redis).
    pub fn auth_required(&self, id: ClientId) -> bool {
        self.clients.get(id).is_some_and(|c| !c.authenticated)
    }

    /// Clients with output or a state change since the last call.
    pub fn take_ready(&mut self) -> Vec<ClientId> {
        self.clients.take_ready()
    }

    #[inline]
    pub fn has_ready(&self) -> bool {
        self.clients.has_ready()
    }

    /// Moves the client's pending output into `out` (of a replica waiting for its RDB, only
    /// what goes before it); returns true if the engine asked to close the connection (after
    /// this output is written).
    pub fn take_pending(&mut self, id: ClientId, out: &mut Vec<u8>) -> bool {
        match self.clients.get_mut(id) {
            Some(c) => {
                #[cfg(feature = "server")]
                if let Some(preamble) = crate::repl::held_preamble(c) {
                    out.append(preamble);
                    return c.close_requested;
                }
                if out.is_empty() {
                    core::mem::swap(out, &mut c.pending);
                } else {
                    out.append(&mut c.pending);
                }
                c.close_requested
            }
            None => true,
        }
    }

    /// For a host running `id`'s commands: output delivered to it outside its own commands
    /// (messages, invalidations a served waiter's writes caused) joins its replies in `out`
    /// where it was produced, as Redis writes everything into one output buffer. Returns true
    /// if the engine asked to close the connection (it runs no further command).
    #[inline]
    pub fn move_pending(&mut self, id: ClientId, out: &mut Vec<u8>) -> bool {
        match self.clients.get_mut(id) {
            Some(c) => {
                #[cfg(feature = "server")]
                if let Some(preamble) = crate::repl::held_preamble(c) {
                    out.append(preamble);
                    return c.close_requested;
                }
                out.append(&mut c.pending);
                c.close_requested
            }
            None => true,
        }
    }

    /// Asks the host to close a client after its pending output.
    pub(crate) fn request_close(&mut self, id: ClientId) {
        if let Some(c) = self.clients.get_mut(id) {
            c.close_requested = true;
        }
        self.clients.mark_ready(id);
    }

    // ----- the change stream -----------------------------------------------------------

    /// Starts or stops recording the change stream for the host's log (the AOF). It is
    /// also recorded while replicas are served (repl.rs), whatever this says.
    pub fn set_change_stream(&mut self, enabled: bool) {
        if self.changes.replicas {
            // The replicas' stream goes on: what they have not been sent is theirs, and the
            // host's log starts (or stops) at this point.
            self.drain_changes();
            let log = &mut self.changes;
            log.aof = enabled;
            if enabled {
                // A new AOF file starts with a SELECT (the replicas get it too: harmless).
                log.db = None;
            }
            return;
        }
        let log = &mut self.changes;
        log.aof = enabled;
        log.enabled = enabled;
        log.db = None;
        // Effects a running script recorded so far are before this point: a stream that
        // starts again (after a snapshot) or stops must not carry them.
        if log.unit_ops > 0 {
            log.buf.truncate(log.unit_start);
        }
        log.unit_ops = 0;
    }

    /// Moves the recorded changes (RESP commands, AOF format) into `out`. The effects of a
    /// unit still open (a script running in slices) stay until it ends, as in Redis.
    /// Drops the recorded changes (a reload re-ran writes that are already in the log); the
    /// next change starts with a SELECT.
    pub fn discard_changes(&mut self) {
        self.changes.buf.clear();
        self.changes.unit_start = 0;
        self.changes.db = None;
    }

    pub fn take_changes(&mut self, out: &mut Vec<u8>) {
        if self.changes.replicas {
            self.drain_changes();
        }
        if !self.changes.hold.is_empty() {
            out.append(&mut self.changes.hold);
        }
        let log = &mut self.changes;
        if log.unit_ops > 0 {
            out.extend_from_slice(&log.buf[..log.unit_start]);
            log.buf.drain(..log.unit_start);
            log.unit_start = 0;
        } else {
            out.append(&mut log.buf);
        }
    }

    /// The host's monotonic clock, for timing commands; 0 without one.
    #[inline(always)]
    pub(crate) fn clock_us(&self) -> u64 {
        self.host.clock_us.map_or(0, |clock| clock())
    }

    /// Opens an execution unit (nested ones join the outer one).
    #[inline(always)]
    pub(crate) fn begin_unit(&mut self) {
        self.changes.unit_depth += 1;
    }

    /// Closes an execution unit; the outermost one wraps its effects in MULTI ... EXEC when
    /// it recorded more than one.
    #[inline(always)]
    pub(crate) fn end_unit(&mut self) {
        let log = &mut self.changes;
        log.unit_depth = log.unit_depth.saturating_sub(1);
        if log.unit_depth > 0 {
            return;
        }
        if log.unit_ops > 1 {
            log.wrap_unit();
        }
        log.unit_ops = 0;
    }

    /// Records a write in the change stream.
    pub(crate) fn propagate(&mut self, db: usize, args: &[&[u8]]) {
        if !self.changes.enabled {
            return;
        }
        let log = &mut self.changes;
        if log.db != Some(db) {
            let mut b = itoa::Buffer::new();
            let n = b.format(db);
            encode_command(&mut log.buf, &[b"SELECT", n.as_bytes()]);
            log.db = Some(db);
        }
        if log.unit_depth > 0 {
            if log.unit_ops == 0 {
                log.unit_start = log.buf.len();
            }
            log.unit_ops += 1;
        }
        encode_command(&mut log.buf, args);
    }

    // ----- time ----------------------------------------------------------------------

    #[inline]
    pub fn now_ms(&self) -> u64 {
        self.now_us / 1000
    }

    #[inline]
    pub(crate) fn lru_clock(&self) -> u32 {
        (self.now_us / 1_000_000) as u32
    }

    // ----- keyspace access with lazy expiry ----------------------------------------------

    /// Starts or ends loading a log (see `loading`), for hosts that replay one themselves.
    pub fn set_loading(&mut self, on: bool) {
        self.loading = on;
    }

    /// Deletes the key in `slot` if its TTL passed; true if it did (or, on a replica, if
    /// it reads as expired).
    #[inline]
    pub(crate) fn expire_if_needed(&mut self, db: usize, slot: u32) -> bool {
        self.expire_if_needed_for(db, slot, false)
    }

    /// `expire_if_needed` for a lookup that reads (`write` false) or writes.
    #[inline]
    fn expire_if_needed_for(&mut self, db: usize, slot: u32, write: bool) -> bool {
        let at = self.dbs[db].expire(slot);
        if at == NO_EXPIRE || at >= self.now_ms() || self.loading {
            return false;
        }
        #[cfg(feature = "server")]
        if self.is_replica_of_master() {
            // On a replica keys expire by the master's DELs: never for the master's own
            // stream; for others a key reads as absent but stays, except that a writable
            // replica deletes it for a write (Redis's EXPIRE_FORCE_DELETE_EXPIRED).
            if self.obeying_master() {
                return false;
            }
            if !write || self.config.bool(crate::config::opt::REPLICA_READ_ONLY) {
                return true;
            }
        }
        // A paused server deletes nothing for reads; a write (one inside the EXEC that
        // paused) still replaces the expired key rather than adding a second one.
        if !write && self.dataset_frozen() {
            return true;
        }
        #[cfg(not(feature = "server"))]
        let _ = write;
        self.expire_slot(db, slot);
        true
    }

    /// Deletes the expired key in `slot` (lazily, on access).
    #[cold]
    pub(crate) fn expire_slot(&mut self, db: usize, slot: u32) {
        let entry = self.dbs[db].remove_slot(slot);
        self.stats.expired_keys += 1;
        // lazyfree-lazy-expire: freed off the command path, propagated as UNLINK (Redis's
        // deleteExpiredKeyAndPropagate).
        let lazy = self.lazy_option(crate::lazyfree::LazyOption::Expire);
        let key = entry.key;
        self.free_value(entry.value, lazy);
        self.notify(crate::notify::class::EXPIRED, "expired", db, key.as_bytes());
        self.key_removed_by_server(db, key.as_bytes());
        self.propagate(db, &[if lazy { b"UNLINK" } else { b"DEL" }, key.as_bytes()]);
    }

    #[cfg(not(feature = "server"))]
    #[inline]
    pub fn is_replica_of_master(&self) -> bool {
        false
    }

    /// Whether keys whose TTL passed may still be in the keyspace (a replica, a pause).
    #[inline]
    fn keeps_expired_keys(&self) -> bool {
        self.is_replica_of_master() || self.pause.until_ms != 0 || self.write_pause()
    }

    /// A replica with `replica-ignore-maxmemory yes` evicts nothing (its master does).
    #[inline]
    fn ignores_maxmemory(&self) -> bool {
        #[cfg(feature = "server")]
        return self.is_replica_of_master() && self.config.bool(crate::config::opt::REPLICA_IGNORE_MAXMEMORY);
        #[cfg(not(feature = "server"))]
        false
    }

    /// Adds a key that does not exist (Redis's `dbAdd`): access time now, `new` event.
    pub(crate) fn add_key(&mut self, db: usize, key: &[u8], value: crate::value::Value) -> u32 {
        // Where expired keys are kept (a replica, a pause), a command that looked its key up
        // for reading may not have seen one: it goes first, so no key is there twice.
        if self.keeps_expired_keys() {
            if let Some(slot) = self.dbs[db].find(key) {
                self.dbs[db].remove_slot(slot);
            }
        }
        let lru = self.initial_lru();
        let slot = self.dbs[db].insert_new(key, value, lru);
        self.notify(crate::notify::class::NEW, "new", db, key);
        slot
    }

    /// Finds a live key (expiring it lazily), without touching its access time.
    #[inline]
    pub(crate) fn find_live(&mut self, db: usize, key: &[u8]) -> Option<u32> {
        self.find_live_for(db, key, false)
    }

    /// `find_live` for a lookup that reads (`write` false) or writes (see
    /// `expire_if_needed_for`).
    #[inline]
    pub(crate) fn find_live_for(&mut self, db: usize, key: &[u8], write: bool) -> Option<u32> {
        let slot = self.dbs[db].find(key)?;
        if self.expire_if_needed_for(db, slot, write) {
            None
        } else {
            Some(slot)
        }
    }

    /// Looks a key up for reading: lazy expiry, hit/miss stats, access time.
    pub(crate) fn lookup_read(&mut self, db: usize, key: &[u8]) -> Option<&mut Entry> {
        let slot = self.lookup_read_slot(db, key)?;
        Some(self.dbs[db].entry_mut(slot))
    }

    /// `lookup_read` giving the key's slot, for callers that also read its expiry.
    #[inline]
    pub(crate) fn lookup_read_slot(&mut self, db: usize, key: &[u8]) -> Option<u32> {
        match self.find_live(db, key) {
            Some(slot) => {
                self.stats.keyspace_hits += 1;
                let lru = self.touched_lru(self.dbs[db].entry(slot).lru);
                self.dbs[db].entry_mut(slot).lru = lru;
                Some(slot)
            }
            None => {
                self.stats.keyspace_misses += 1;
                self.notify(crate::notify::class::KEY_MISS, "keymiss", db, key);
                None
            }
        }
    }

    /// Looks a key up for writing: lazy expiry and access time, no stats.
    pub(crate) fn lookup_write(&mut self, db: usize, key: &[u8]) -> Option<u32> {
        let slot = self.find_live_for(db, key, true)?;
        let lru = self.touched_lru(self.dbs[db].entry(slot).lru);
        self.dbs[db].entry_mut(slot).lru = lru;
        Some(slot)
    }

    pub fn db(&self, i: usize) -> &Db {
        &self.dbs[i]
    }

    pub fn db_count(&self) -> usize {
        self.dbs.len()
    }

    // ----- execution -----------------------------------------------------------------------

    /// Runs one command for `client` at time `now_us` (unix microseconds), writing the
    /// reply into `out` in the client's protocol.
    pub fn execute(&mut self, client: ClientId, argv: &[&[u8]], now_us: u64, out: &mut Vec<u8>) -> Outcome {
        let start = out.len();
        self.reply_dropped_in_call = false;
        let outcome = self.dispatch(client, argv, now_us, out);
        // Where the replication stream is after this command: a WAIT waits for it (Redis's
        // `c->woff`, set after every command that ran).
        #[cfg(feature = "server")]
        let woff = self.changes.replicas.then(|| self.repl.offset + self.changes.buf.len() as u64);
        if let Some(c) = self.clients.get_mut(client) {
            #[cfg(feature = "server")]
            if let Some(woff) = woff {
                c.woff = woff;
            }
            // CLIENT REPLY OFF|SKIP: a refused command's error is dropped here (`call` drops
            // the reply of one that ran, keeping pushes around it).
            if (c.reply_off || c.reply_skip) && !self.reply_dropped_in_call {
                out.truncate(start);
            }
            c.reply_skip = core::mem::take(&mut c.reply_skip_next);
            // (A command held by CLIENT PAUSE counts when it runs.)
            #[cfg(feature = "server")]
            if c.master && outcome != Outcome::Blocked {
                let in_multi = c.multi.is_some();
                self.count_master_stream(argv, in_multi);
            }
        }
        outcome
    }

    fn dispatch(&mut self, client: ClientId, argv: &[&[u8]], now_us: u64, out: &mut Vec<u8>) -> Outcome {
        if now_us > self.now_us {
            self.now_us = now_us;
        }
        let Some(c) = self.clients.get_mut(client) else {
            return Outcome::Close;
        };
        c.last_interaction_ms = now_us / 1000;
        let proto = c.proto;
        let authenticated = c.authenticated;
        let in_multi = c.multi.is_some();
        let subscribed_resp2 = proto == Protocol::Resp2 && c.subs.active();
        let monitor = c.monitor;
        // The master's stream and the AOF being loaded always run (Redis's mustObeyClient).
        let obey = c.master || self.loading;
        if self.tracking.clients != 0 {
            self.tracking_before_command(client, argv);
        }
        let mut start = out.len();
        let mut reply = Reply::new(out, proto);
        if argv.is_empty() {
            return Outcome::Done;
        }
        let spec = match self.lookup_command(argv) {
            Some(spec) => commands::resolve_subcommand(spec, argv, &mut reply),
            None => {
                commands::reply_unknown_command(&mut reply, argv);
                None
            }
        };
        // CLIENT LIST's `cmd`: the command as looked up, even if it is then refused (Redis
        // sets it before its checks), `NULL` when there is none.
        if let Some(c) = self.clients.get_mut(client) {
            c.last_cmd = spec.map_or("NULL", |s| s.full_name);
        }
        let Some(spec) = spec else {
            return self.reject(client, None, &mut reply, start);
        };
        if !spec.arity_ok(argv.len()) {
            reply.error(&alloc::format!("ERR wrong number of arguments for '{}' command", spec.full_name));
            return self.reject(client, Some(spec), &mut reply, start);
        }
        if !authenticated && !spec.has(commands::flags::NO_AUTH) {
            reply.error("NOAUTH Authentication required.");
            return self.reject(client, Some(spec), &mut reply, start);
        }
        if in_multi && spec.has(commands::flags::NO_MULTI) {
            reply.error("ERR Command not allowed inside a transaction");
            return self.reject(client, Some(spec), &mut reply, start);
        }
        if !obey {
            if let Err(denied) = self.acl_check(client, spec, argv, in_multi) {
                reply.error(&denied);
                return self.reject(client, Some(spec), &mut reply, start);
            }
        }
        if subscribed_resp2 && !commands::pubsub::allowed_when_subscribed(spec) {
            reply.error(&alloc::format!(
                "ERR Can't execute '{}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context",
                spec.full_name
            ));
            return self.reject(client, Some(spec), &mut reply, start);
        }
        if monitor && spec.has(commands::flags::WRITE | commands::flags::READONLY | commands::flags::MAY_REPLICATE) {
            reply.error("ERR Replica can't interact with the keyspace");
            return self.reject(client, Some(spec), &mut reply, start);
        }
        self.pre_command_oom = false;
        if self.config.int(crate::config::opt::MAXMEMORY) > 0 && self.running_script().is_none() && !self.ignores_maxmemory() {
            let evicted = self.stats.evicted_keys;
            self.pre_command_oom = !self.evict_until_under_limit();
            if self.stats.evicted_keys != evicted && self.tracking.clients != 0 {
                // Invalidations of the keys just evicted come before this command's reply,
                // as in Redis.
                self.move_pending(client, reply.buf);
                start = reply.buf.len();
            }
        }
        // Inside MULTI every command but EXEC, DISCARD, QUIT and RESET is refused too: queuing
        // takes memory (Redis's processCommand).
        let queues = in_multi && !matches!(spec.full_name, "exec" | "discard" | "quit" | "reset");
        if self.pre_command_oom && !obey && (queues || self.denies_oom(client, spec)) {
            reply.error(crate::evict::OOM_ERROR);
            return self.reject(client, Some(spec), &mut reply, start);
        }
        if !obey {
            // MISCONF: persistence is failing, so writes (and PING, as in Redis) are refused,
            // and scripts that declare flags without no-writes (Redis's evalGetCommandFlags).
            let writes = self.writes(client, spec) || spec.full_name == "ping";
            if writes || spec.has(commands::flags::MAY_REPLICATE) {
                if let Some(msg) = self.write_denied() {
                    if writes || self.script_declares_no_writes(argv) == Some(false) {
                        reply.error(&msg);
                        return self.reject(client, Some(spec), &mut reply, start);
                    }
                }
            }
        }
        // (The npm package has no replicas: none of this applies there.)
        #[cfg(feature = "server")]
        if !obey && (self.config.int(crate::config::opt::MIN_REPLICAS_TO_WRITE) > 0 || self.is_replica_of_master()) {
            // A script that declares flags without no-writes counts as a write (Redis's
            // evalGetCommandFlags); one without flags is stopped at its first write call.
            let writes = self.writes(client, spec) || (spec.has(commands::flags::MAY_REPLICATE) && self.script_declares_no_writes(argv) == Some(false));
            if writes && !self.enough_good_replicas() {
                reply.error(crate::repl::NOREPLICAS);
                return self.reject(client, Some(spec), &mut reply, start);
            }
            {
                // EXEC runs on stale data only if everything it queued may (Redis's
                // cmd_inv_flags). A script or function that declares flags runs stale only
                // with allow-stale, one without a shebang never (Redis's scriptPrepareForRun).
                let declared = if spec.has(commands::flags::STALE) && commands::scripting::runs_script(spec) {
                    self.script_declared_flags(argv)
                } else {
                    None
                };
                let stale_ok = spec.has(commands::flags::STALE)
                    && declared.is_none_or(|f| f.allow_stale && !f.compat)
                    && !(spec.full_name == "exec"
                        && self.clients.get(client).and_then(|c| c.multi.as_ref()).is_some_and(|m| m.commands.iter().any(|(s, _)| !s.has(commands::flags::STALE))));
                if let Some(msg) = self.replica_refusal(writes, stale_ok) {
                    reply.error(msg);
                    return self.reject(client, Some(spec), &mut reply, start);
                }
            }
        }
        if let Some(busy) = self.busy_error(spec) {
            // The master's stream is never refused: it waits for the script's end (its
            // commands would otherwise be lost for good).
            if obey {
                return self.hold(client, argv);
            }
            // A script is running past busy-reply-threshold: only ALLOW_BUSY commands run.
            reply.error(busy);
            return self.reject(client, Some(spec), &mut reply, start);
        }
        if self.paused_for(client, spec, argv) {
            return self.hold(client, argv);
        }
        if self.tracking.clients != 0 {
            self.tracking_limit(Some((client, &mut *reply.buf)));
        }
        if in_multi && !commands::transactions::runs_inside_multi(spec) {
            if let Some(m) = self.clients.get_mut(client).and_then(|c| c.multi.as_mut()) {
                if !m.aborted {
                    #[cfg(feature = "server")]
                    {
                        m.bytes += argv.iter().map(|a| a.len()).sum::<usize>() + crate::multi::COMMAND_OVERHEAD;
                    }
                    m.commands.push((spec, argv.iter().map(|a| a.to_vec()).collect()));
                }
            }
            reply.simple(b"QUEUED");
            return Outcome::Done;
        }
        if let Some(busy) = self.busy_error(spec) {
            reply.error(busy);
            self.count_errors(&reply);
            return Outcome::Done;
        }
        let outcome = self.call(client, spec, argv, &mut reply, false);
        if !self.blocking.ready.is_empty() {
            self.serve_ready();
        }
        outcome
    }

    /// Whether a command writes: write commands, and EXEC of a transaction holding one.
    fn writes(&self, client: ClientId, spec: &CommandSpec) -> bool {
        self.has_flag_or_queued(client, spec, commands::flags::WRITE)
    }

    /// Whether a command must be refused when memory cannot be freed: denyoom commands,
    /// and EXEC of a transaction holding one.
    fn denies_oom(&self, client: ClientId, spec: &CommandSpec) -> bool {
        self.has_flag_or_queued(client, spec, commands::flags::DENYOOM)
    }

    /// Whether `spec` has one of `flags`, or is the EXEC of a transaction that queued a
    /// command that has (Redis checks EXEC by the flags of what it will run).
    pub(crate) fn has_flag_or_queued(&self, client: ClientId, spec: &CommandSpec, flags: u32) -> bool {
        spec.has(flags)
            || (spec.full_name == "exec"
                && self.clients.get(client).and_then(|c| c.multi.as_ref()).is_some_and(|m| m.commands.iter().any(|(s, _)| s.has(flags))))
    }

    /// A command refused before it ran: counts the error and, inside MULTI, dooms the
    /// transaction (EXEC will answer EXECABORT), as Redis's `flagTransaction`.
    fn reject(&mut self, client: ClientId, spec: Option<&'static CommandSpec>, reply: &mut Reply, start: usize) -> Outcome {
        if spec.is_some_and(|s| s.full_name == "exec") {
            // Redis's execCommandAbort: a refused EXEC discards the transaction (and the
            // WATCHes) and says why, the reason without its `ERR ` prefix.
            let error = reply.buf.split_off(start);
            let reason = error.strip_prefix(b"-").unwrap_or(&error);
            let reason = reason.strip_prefix(b"ERR ").unwrap_or(reason);
            reply.buf.extend_from_slice(b"-EXECABORT Transaction discarded because of: ");
            reply.buf.extend_from_slice(reason);
            self.discard_transaction(client);
        }
        self.count_errors(reply);
        self.diag.count_error(&reply.buf[start..]);
        if let Some(spec) = spec {
            self.diag.record_rejected(spec);
        }
        if let Some(m) = self.clients.get_mut(client).and_then(|c| c.multi.as_mut()) {
            m.aborted = true;
        }
        Outcome::Done
    }

    /// Runs a resolved, checked command: the handler, then the change stream and stats.
    /// Used by `execute`, by EXEC for each queued command (`no_block`: blocking commands
    /// answer at once) and by scripts.
    pub(crate) fn call(&mut self, client: ClientId, spec: &'static CommandSpec, argv: &[&[u8]], reply: &mut Reply, no_block: bool) -> Outcome {
        let reply_start = reply.buf.len();
        let outer_running = self.running_client.replace(client);
        let outer_no_touch = self.no_touch;
        self.no_touch = spec.full_name != "touch" && self.clients.get(client).is_some_and(|c| c.no_touch);
        let dirty_before = self.dirty;
        self.begin_unit();
        let started = self.clock_us();
        let mut ctx = Ctx::new(client, argv, Reply::new(&mut *reply.buf, reply.proto));
        ctx.no_block = no_block;
        (spec.handler)(self, &mut ctx);
        let duration = self.clock_us().saturating_sub(started);
        self.stats.total_commands_processed += 1;
        if self.tracking.clients != 0 && spec.has(commands::flags::READONLY) {
            self.tracking_remember_keys(client, spec, argv);
        }
        if self.dirty != dirty_before && !ctx.propagated && self.changes.enabled {
            let db = self.clients.get(client).map_or(0, |c| c.db);
            self.propagate(db, argv);
        }
        #[cfg(feature = "server")]
        if self.dirty != dirty_before && self.is_replica_of_master() && !self.obeying_master() {
            self.remember_replica_keys(client, spec, argv);
        }
        let (errors, proto, outcome) = (ctx.out.errors, ctx.out.proto, ctx.outcome);
        if outcome != Outcome::Running || outer_running.is_some() {
            // SCAN and RANDOMKEY run directly: their lazy-expiry DELs go unwrapped, as active
            // expiry's (Redis's CMD_TOUCHES_ARBITRARY_KEYS).
            if self.changes.unit_depth == 1 && matches!(spec.full_name, "scan" | "randomkey") {
                self.changes.unit_ops = 0;
            }
            // A script running in slices keeps its unit open until it ends (`resume_script`).
            self.end_unit();
        }
        // A script's error reply that is a failed command's error was counted with it.
        let counted = outcome != Outcome::Running && core::mem::take(&mut self.scripting.error_counted);
        if outcome != Outcome::Blocked {
            let failed = errors > 0 && reply.buf.get(reply_start) == Some(&b'-');
            if failed && !counted {
                self.diag.count_error(&reply.buf[reply_start..]);
            }
            self.diag.record_call(spec, duration, failed);
            self.maybe_slowlog(client, spec, argv, duration);
        } else {
            // Counted now as Redis does; its latency and SLOWLOG entry wait for the answer.
            self.diag.record_blocked(spec, duration);
            if let Some(w) = self.blocking.waiters.get_mut(&client) {
                w.blocked_call_us = duration;
            }
        }
        if !self.monitors.is_empty() && outcome != Outcome::Blocked && !spec.has(commands::flags::SKIP_MONITOR | commands::flags::ADMIN) {
            self.feed_monitors(client, argv);
        }
        reply.errors += errors;
        reply.proto = proto;
        if !counted {
            self.count_errors_n(errors);
        }
        self.running_client = outer_running;
        self.no_touch = outer_no_touch;
        if outer_running.is_none() && self.clients.get(client).is_some_and(|c| c.reply_off || c.reply_skip) {
            reply.buf.truncate(reply_start);
            self.reply_dropped_in_call = true;
        }
        if !self.self_pushes.is_empty() && outer_running.is_none() {
            // Messages for the caller produced by its own command go before its reply.
            let pushes = core::mem::take(&mut self.self_pushes);
            reply.buf.splice(reply_start..reply_start, pushes.iter().copied());
            self.self_pushes = pushes;
            self.self_pushes.clear();
        }
        if !self.tracking.pending.is_empty() && outer_running.is_none() {
            // Its own invalidations follow its reply.
            self.tracking_after_reply(client, reply.buf);
        }
        outcome
    }

    fn count_errors_n(&mut self, n: u32) {
        self.stats.total_error_replies += n as u64;
    }

    fn count_errors(&mut self, reply: &Reply) {
        self.stats.total_error_replies += reply.errors as u64;
    }

    /// Finds the command named by argv[0], case-insensitively.
    pub fn lookup_command(&self, argv: &[&[u8]]) -> Option<&'static CommandSpec> {
        self.table.get(argv.first()?)
    }

    /// Continues a command that returned [`Outcome::Running`] (a script running in slices).
    pub fn resume(&mut self, client: ClientId, now_us: u64, out: &mut Vec<u8>) -> Outcome {
        if now_us > self.now_us {
            self.now_us = now_us;
        }
        self.resume_script(client, out)
    }

    /// Periodic work, about `hz` times a second: active expiry (and, as they arrive,
    /// blocked-client timeouts). Output for clients is left for `take_ready`.
    pub fn cron(&mut self, now_us: u64) {
        if now_us > self.now_us {
            self.now_us = now_us;
        }
        if self.cron_paused {
            return;
        }
        let now = self.now_us;
        let totals = [self.stats.total_commands_processed, self.stats.total_net_input_bytes, self.stats.total_net_output_bytes];
        for (metric, total) in self.stats.instantaneous.iter_mut().zip(totals) {
            metric.track(total, now);
        }
        let started = self.clock_us();
        // A replica's keys expire by the master's DELs only; a paused server keeps them.
        if !self.is_replica_of_master() && !self.dataset_frozen() {
            crate::commands::expire::active_expire_cycle(self);
        }
        let spent_us = self.clock_us().saturating_sub(started);
        self.stats.expire_cycle_us += spent_us;
        // LATENCY's expire-cycle event (freeing a big expired key takes that long).
        let threshold_ms = self.config.int(crate::config::opt::LATENCY_MONITOR_THRESHOLD);
        if threshold_ms > 0 && spent_us / 1000 >= threshold_ms as u64 {
            self.diag.record_latency("expire-cycle", self.now_us / 1_000_000, spent_us / 1000);
        }
        self.note_peak_memory();
        #[cfg(feature = "server")]
        {
            self.shutdown_cron();
            // The host exits now: nothing more of this tick (a rewrite started after the
            // final fsync would be left behind).
            if self.shutdown_finished() {
                return;
            }
        }
        self.check_pause_deadline();
        self.expire_blocked();
        self.serve_ready();
        if self.tracking.clients != 0 {
            self.tracking_limit(None);
        }
        if self.changes.replicas || !self.repl.replicas.is_empty() {
            self.replication_cron();
        }
        #[cfg(feature = "server")]
        {
            self.replica_cron();
            self.replica_sync_cron();
            self.failover_cron();
        }
        self.before_sleep();
    }

    /// The protocol a client speaks.
    pub fn protocol(&self, id: ClientId) -> Protocol {
        self.clients.get(id).map_or(Protocol::Resp2, |c| c.proto)
    }
}

/// Bytes of `argv` as a RESP multibulk (what `encode_command` writes).
pub(crate) fn resp_len(argv: &[&[u8]]) -> usize {
    let digits = |n: usize| crate::num::i64_len(n as i64);
    3 + digits(argv.len()) + argv.iter().map(|a| 5 + digits(a.len()) + a.len()).sum::<usize>()
}

/// Appends `args` as a RESP array of bulk strings.
pub fn encode_command(buf: &mut Vec<u8>, args: &[&[u8]]) {
    let mut b = itoa::Buffer::new();
    buf.push(b'*');
    buf.extend_from_slice(b.format(args.len()).as_bytes());
    buf.extend_from_slice(b"\r\n");
    for a in args {
        buf.push(b'$');
        buf.extend_from_slice(b.format(a.len()).as_bytes());
        buf.extend_from_slice(b"\r\n");
        buf.extend_from_slice(a);
        buf.extend_from_slice(b"\r\n");
    }
}

/// Helpers for unit tests of commands.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    pub const T0: u64 = 1_700_000_000_000_000;

    pub fn engine() -> (Engine, ClientId) {
        let mut e = Engine::new(Config::default(), HostInfo::default(), 1, T0);
        let c = e.connect(ConnInfo::default(), T0);
        (e, c)
    }

    /// Runs a command given as space-separated words; returns the raw reply.
    pub fn run(e: &mut Engine, c: ClientId, cmd: &str) -> Vec<u8> {
        let args: Vec<&[u8]> = cmd.split(' ').map(|s| s.as_bytes()).collect();
        run_args(e, c, &args)
    }

    pub fn run_args(e: &mut Engine, c: ClientId, args: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        let now = e.now_us;
        e.execute(c, args, now, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    #[test]
    fn dispatch_errors_match_redis() {
        let (mut e, c) = engine();
        assert_eq!(run(&mut e, c, "foo a b"), b"-ERR unknown command 'foo', with args beginning with: 'a' 'b' \r\n");
        assert_eq!(run(&mut e, c, "PING a b"), b"-ERR wrong number of arguments for 'ping' command\r\n");
        assert_eq!(run(&mut e, c, "client Foo"), b"-ERR unknown subcommand 'Foo'. Try CLIENT HELP.\r\n");
        assert_eq!(run(&mut e, c, "config"), b"-ERR wrong number of arguments for 'config' command\r\n");
        assert_eq!(run(&mut e, c, "client kill"), b"-ERR wrong number of arguments for 'client|kill' command\r\n");
        assert_eq!(e.stats.total_error_replies, 5);
        let long = alloc::vec![b'x'; 300];
        let out = run_args(&mut e, c, &[b"nope", &long, b"y"]);
        // The argument list is cut at 128 bytes, as Redis does.
        let expected = alloc::format!("-ERR unknown command 'nope', with args beginning with: '{}' \r\n", "x".repeat(128));
        assert_eq!(out, expected.as_bytes());
    }

    #[test]
    fn change_stream_records_writes_with_select() {
        let (mut e, c) = engine();
        e.set_change_stream(true);
        e.dirty += 0;
        // A handler-free check: propagate writes SELECT once per db switch.
        e.propagate(0, &[b"SET", b"a", b"1"]);
        e.propagate(0, &[b"DEL", b"a"]);
        e.propagate(3, &[b"DEL", b"b"]);
        let mut out = Vec::new();
        e.take_changes(&mut out);
        assert_eq!(
            out,
            b"*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\nDEL\r\n$1\r\na\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n*2\r\n$3\r\nDEL\r\n$1\r\nb\r\n"
        );
        let _ = c;
    }

    #[test]
    fn lazy_expiry_of_scan_and_randomkey_is_not_wrapped() {
        let (mut e, c) = engine();
        e.set_change_stream(true);
        e.active_expire_enabled = false;
        for line in ["SET a 1 PX 1", "SET b 1 PX 1"] {
            run(&mut e, c, line);
        }
        let mut out = Vec::new();
        e.take_changes(&mut out);
        e.cron(T0 + 10_000);
        for (cmd, del) in [("SCAN 0", 2), ("RANDOMKEY", 0)] {
            let _ = run(&mut e, c, cmd);
            out.clear();
            e.take_changes(&mut out);
            let text = String::from_utf8(out.clone()).unwrap();
            assert_eq!(text.matches("$3\r\nDEL\r\n").count(), del, "{cmd}: {text}");
            assert!(!text.contains("MULTI"), "{cmd}: {text}");
        }
        for line in ["SET c 1 PX 1", "SET d 1 PX 1"] {
            assert_eq!(run(&mut e, c, line), b"+OK\r\n", "{line}");
        }
        e.cron(T0 + 20_000);
        out.clear();
        e.take_changes(&mut out);
        // Both keys expired: RANDOMKEY meets and deletes both, unwrapped.
        assert_eq!(run(&mut e, c, "DBSIZE"), b":2\r\n");
        assert_eq!(run(&mut e, c, "RANDOMKEY"), b"$-1\r\n");
        out.clear();
        e.take_changes(&mut out);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches("$3\r\nDEL\r\n").count(), 2, "{text}");
        assert!(!text.contains("MULTI"), "{text}");
    }

    #[test]
    fn client_kill_asks_the_host_to_close_others() {
        let (mut e, c) = engine();
        let other = e.connect(ConnInfo { addr: "10.0.0.1:5000".into(), fd: 9, ..ConnInfo::default() }, T0);
        assert_eq!(run(&mut e, c, "CLIENT KILL 10.0.0.1:5000"), b"+OK\r\n");
        assert_eq!(e.take_ready(), alloc::vec![other]);
        let mut out = Vec::new();
        assert!(e.take_pending(other, &mut out));
        assert_eq!(run(&mut e, c, "CLIENT KILL 10.0.0.1:5001"), b"-ERR No such client\r\n");
        assert_eq!(run(&mut e, c, "CLIENT KILL ID 999"), b":0\r\n");
        assert_eq!(run(&mut e, c, "CLIENT KILL ID x"), b"-ERR client-id should be greater than 0\r\n");
        assert_eq!(run(&mut e, c, "CLIENT KILL FOO x"), b"-ERR syntax error\r\n");
        // SKIPME defaults to yes: killing by our own id does nothing.
        let my_id = e.client(c).unwrap().id;
        assert_eq!(run(&mut e, c, &alloc::format!("CLIENT KILL ID {my_id}")), b":0\r\n");
        let mut out = Vec::new();
        let outcome = e.execute(c, &[b"CLIENT", b"KILL", b"ID", my_id.to_string().as_bytes(), b"SKIPME", b"no"], T0, &mut out);
        assert_eq!((outcome, out.as_slice()), (Outcome::Close, &b":1\r\n"[..]));
    }

    use alloc::string::ToString;
}
