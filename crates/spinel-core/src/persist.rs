//! Persistence as the engine sees it: the state INFO persistence reports, save points,
//! the MISCONF rule, and the hook a host implements to write snapshots.
//!
//! Files, fsync, fork and threads are the host's (spinel-server's `persistence.rs`); the
//! engine only asks through [`PersistHost`] and keeps the figures Redis reports.

use crate::config::{opt, save_points};
use crate::engine::Engine;
use alloc::boxed::Box;
use alloc::string::String;
use core::fmt::Write;

/// What a host does for SAVE, BGSAVE, BGREWRITEAOF and SHUTDOWN's save.
pub trait PersistHost {
    /// Writes a snapshot of `e` now (SAVE, SHUTDOWN). Err: why, for the log.
    fn save(&mut self, e: &Engine) -> Result<(), String>;
    /// Starts writing a snapshot of `e` in the background (BGSAVE). Err: why not.
    fn bgsave(&mut self, e: &Engine) -> Result<(), String>;
    /// Starts an AOF rewrite in the background (BGREWRITEAOF). Err: why not.
    fn bgrewriteaof(&mut self, _e: &mut Engine) -> Result<(), String> {
        Err(String::from("no append only file"))
    }
    /// Starts writing an RDB for replicas in the background (a full synchronization): the
    /// host sends it to the replicas [`Engine::replica_rdb_done`] names, then calls
    /// [`Engine::replica_rdb_sent`] for each. None: this host cannot (the engine writes the
    /// RDB into the replicas' output itself, in the foreground). Err: why it failed.
    #[cfg(feature = "server")]
    fn replica_rdb(&mut self, _e: &Engine) -> Option<Result<(), String>> {
        None
    }
    /// Called before a SHUTDOWN: flush and sync what the host holds (the AOF).
    fn before_shutdown(&mut self, _e: &mut Engine) {}
    /// FLUSHALL: stop a running background save (its snapshot would bring the data back).
    fn kill_background_save(&mut self, _e: &mut Engine) {}
    /// DEBUG RELOAD: save the snapshot (when `save`), empty the data (when `flush`, with
    /// [`Engine::empty_all_dbs`]) and load the snapshot back, replacing keys still there
    /// when `merge`. Err: the error reply's text.
    fn debug_reload(&mut self, _e: &mut Engine, _save: bool, _flush: bool, _merge: bool) -> Result<(), String> {
        Err(String::from("ERR DEBUG RELOAD needs a host with files"))
    }
    /// DEBUG LOADAOF: flush the AOF, empty the data and load it back from the AOF files.
    fn debug_loadaof(&mut self, _e: &mut Engine) -> Result<(), String> {
        Err(String::from("ERR DEBUG LOADAOF needs a host with files"))
    }
}

/// Figures of INFO persistence, kept by the engine and updated by the host.
#[derive(Debug)]
pub struct PersistState {
    /// `dirty` when the last successful save started (rdb_changes_since_last_save).
    pub dirty_at_last_save: u64,
    /// `dirty` when the running background save started.
    pub dirty_at_bgsave: u64,
    /// Unix seconds of the last successful save (LASTSAVE).
    pub lastsave: u64,
    pub last_bgsave_ok: bool,
    /// Unix seconds of the last BGSAVE attempt (failed ones are retried after 5 s).
    pub last_bgsave_try: u64,
    /// Unix seconds the running background save started.
    pub bgsave_started: Option<u64>,
    pub bgsave_scheduled: bool,
    pub last_bgsave_time_sec: i64,
    pub rdb_saves: u64,
    pub last_load_keys_loaded: u64,
    pub last_load_keys_expired: u64,
    /// AOF figures (the host keeps the file; these are what INFO shows).
    pub aof_enabled: bool,
    pub aof_rewrite_started: Option<u64>,
    pub aof_rewrite_scheduled: bool,
    /// The AOF was switched on at runtime and waits for its first rewrite (Redis's
    /// AOF_WAIT_REWRITE): the host appends to a temporary incr file outside the manifest,
    /// and a shutdown refuses to exit while that rewrite runs.
    pub aof_waiting_rewrite: bool,
    /// DEBUG AOF-FLUSH-SLEEP: the host sleeps this long before writing AOF changes (a test
    /// switch, for races between the write and the replies).
    #[cfg(feature = "server")]
    pub aof_flush_sleep_us: u64,
    pub aof_last_rewrite_time_sec: i64,
    pub aof_last_bgrewrite_ok: bool,
    pub aof_rewrites: u64,
    pub aof_rewrites_consecutive_failures: u64,
    /// None when the last write/fsync worked, else the OS error text.
    pub aof_write_error: Option<String>,
    pub aof_current_size: u64,
    pub aof_base_size: u64,
    pub aof_buffer_length: u64,
    pub aof_delayed_fsync: u64,
    /// Host state, for INFO.
    pub(crate) host: Option<Box<dyn PersistHost>>,
}

impl PersistState {
    pub fn new(now_s: u64) -> Self {
        PersistState {
            dirty_at_last_save: 0,
            dirty_at_bgsave: 0,
            lastsave: now_s,
            last_bgsave_ok: true,
            last_bgsave_try: 0,
            bgsave_started: None,
            bgsave_scheduled: false,
            last_bgsave_time_sec: -1,
            rdb_saves: 0,
            last_load_keys_loaded: 0,
            last_load_keys_expired: 0,
            aof_enabled: false,
            aof_rewrite_started: None,
            aof_rewrite_scheduled: false,
            aof_waiting_rewrite: false,
            #[cfg(feature = "server")]
            aof_flush_sleep_us: 0,
            aof_last_rewrite_time_sec: -1,
            aof_last_bgrewrite_ok: true,
            aof_rewrites: 0,
            aof_rewrites_consecutive_failures: 0,
            aof_write_error: None,
            aof_current_size: 0,
            aof_base_size: 0,
            aof_buffer_length: 0,
            aof_delayed_fsync: 0,
            host: None,
        }
    }
}

impl core::fmt::Debug for dyn PersistHost {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("PersistHost")
    }
}

/// Redis's `shared.bgsaveerr`.
pub const MISCONF_RDB: &str = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.";

/// Seconds before a failed background save is retried by the save points.
pub const BGSAVE_RETRY_DELAY: u64 = 5;

impl Engine {
    /// Gives the engine the host's persistence (SAVE, BGSAVE, SHUTDOWN's save).
    pub fn set_persist_host(&mut self, host: Box<dyn PersistHost>) {
        self.persist.host = Some(host);
    }

    /// Runs `f` with the host's persistence, if there is one.
    pub(crate) fn with_persist_host<R>(&mut self, f: impl FnOnce(&mut dyn PersistHost, &mut Engine) -> R) -> Option<R> {
        let mut host = self.persist.host.take()?;
        let r = f(&mut *host, self);
        self.persist.host = Some(host);
        Some(r)
    }

    /// Writes changed since the last successful save.
    pub fn changes_since_save(&self) -> u64 {
        self.dirty.saturating_sub(self.persist.dirty_at_last_save)
    }

    /// Records a successful foreground save (SAVE, SHUTDOWN) at unix second `now_s`.
    pub fn saved(&mut self, now_s: u64) {
        self.persist.dirty_at_last_save = self.dirty;
        self.persist.lastsave = now_s;
        self.persist.last_bgsave_ok = true;
        self.persist.rdb_saves += 1;
    }

    /// Records that a background save started.
    pub fn bgsave_started(&mut self, now_s: u64) {
        self.persist.dirty_at_bgsave = self.dirty;
        self.persist.bgsave_started = Some(now_s);
        self.persist.last_bgsave_try = now_s;
        self.persist.bgsave_scheduled = false;
    }

    /// Records the end of a background save.
    pub fn bgsave_done(&mut self, ok: bool, now_s: u64) {
        self.bgsave_ended(now_s);
        self.persist.last_bgsave_ok = ok;
        if ok {
            self.persist.dirty_at_last_save = self.persist.dirty_at_bgsave;
            self.persist.lastsave = now_s;
            self.persist.rdb_saves += 1;
        }
    }

    /// Writes a snapshot now through the host and records it (SAVE, SHUTDOWN, FLUSHALL):
    /// whether it was written. Without a host, nothing is and the answer is false.
    pub(crate) fn save_now(&mut self) -> bool {
        let ok = matches!(self.with_persist_host(|h, e| h.save(e)), Some(Ok(())));
        if ok {
            let now = self.now_us / 1_000_000;
            self.saved(now);
        }
        ok
    }

    /// A background child writing an RDB ended: no longer in progress, its duration kept.
    pub(crate) fn bgsave_ended(&mut self, now_s: u64) {
        if let Some(start) = self.persist.bgsave_started.take() {
            self.persist.last_bgsave_time_sec = now_s.saturating_sub(start) as i64;
        }
    }

    /// A background save stopped on purpose (FLUSHALL): no longer in progress, and not a
    /// failure (Redis's SIGUSR1 kill leaves the last status as it was).
    pub fn bgsave_aborted(&mut self) {
        self.persist.bgsave_started = None;
    }

    /// Whether a `save <seconds> <changes>` point asks for a background save now.
    pub fn save_point_due(&self, now_s: u64) -> bool {
        let p = &self.persist;
        if p.bgsave_started.is_some() || p.aof_rewrite_started.is_some() {
            return false;
        }
        let changes = self.changes_since_save();
        save_points(&self.config).iter().any(|&(secs, min_changes)| {
            changes >= min_changes
                && now_s.saturating_sub(p.lastsave) > secs
                && (p.last_bgsave_ok || now_s.saturating_sub(p.last_bgsave_try) > BGSAVE_RETRY_DELAY)
        })
    }

    /// The MISCONF error write commands (and PING) get while persistence is failing.
    pub(crate) fn write_denied(&self) -> Option<String> {
        if self.config.bool(opt::STOP_WRITES_ON_BGSAVE_ERROR) && !self.persist.last_bgsave_ok && !save_points(&self.config).is_empty() {
            return Some(String::from(MISCONF_RDB));
        }
        // Set by the server while AOF writes fail, and by the npm package while its storage's
        // appends fail (its change log is its append-only file).
        if let Some(err) = &self.persist.aof_write_error {
            return Some(alloc::format!("MISCONF Errors writing to the AOF file: {err}"));
        }
        None
    }
}

/// INFO's `# Persistence` section, with Redis 7.0's fields.
pub fn info_persistence(e: &Engine, out: &mut String) {
    let p = &e.persist;
    let now = e.now_us / 1_000_000;
    let mut line = |k: &str, v: &dyn core::fmt::Display| {
        let _ = write!(out, "{k}:{v}\r\n");
    };
    line("loading", &0);
    line("async_loading", &0);
    line("current_cow_peak", &0);
    line("current_cow_size", &0);
    line("current_cow_size_age", &0);
    line("current_fork_perc", &"0.00");
    line("current_save_keys_processed", &0);
    line("current_save_keys_total", &0);
    line("rdb_changes_since_last_save", &e.changes_since_save());
    line("rdb_bgsave_in_progress", &(p.bgsave_started.is_some() as u8));
    line("rdb_last_save_time", &p.lastsave);
    line("rdb_last_bgsave_status", &if p.last_bgsave_ok { "ok" } else { "err" });
    line("rdb_last_bgsave_time_sec", &p.last_bgsave_time_sec);
    line("rdb_current_bgsave_time_sec", &p.bgsave_started.map_or(-1, |s| now.saturating_sub(s) as i64));
    line("rdb_saves", &p.rdb_saves);
    line("rdb_last_cow_size", &0);
    line("rdb_last_load_keys_expired", &p.last_load_keys_expired);
    line("rdb_last_load_keys_loaded", &p.last_load_keys_loaded);
    line("aof_enabled", &(p.aof_enabled as u8));
    line("aof_rewrite_in_progress", &(p.aof_rewrite_started.is_some() as u8));
    line("aof_rewrite_scheduled", &(p.aof_rewrite_scheduled as u8));
    line("aof_last_rewrite_time_sec", &p.aof_last_rewrite_time_sec);
    line("aof_current_rewrite_time_sec", &p.aof_rewrite_started.map_or(-1, |s| now.saturating_sub(s) as i64));
    line("aof_last_bgrewrite_status", &if p.aof_last_bgrewrite_ok { "ok" } else { "err" });
    line("aof_rewrites", &p.aof_rewrites);
    line("aof_rewrites_consecutive_failures", &p.aof_rewrites_consecutive_failures);
    line("aof_last_write_status", &if p.aof_write_error.is_none() { "ok" } else { "err" });
    line("aof_last_cow_size", &0);
    line("module_fork_in_progress", &0);
    line("module_fork_last_cow_size", &0);
    if p.aof_enabled {
        line("aof_current_size", &p.aof_current_size);
        line("aof_base_size", &p.aof_base_size);
        line("aof_pending_rewrite", &0);
        line("aof_buffer_length", &p.aof_buffer_length);
        line("aof_pending_bio_fsync", &0);
        line("aof_delayed_fsync", &p.aof_delayed_fsync);
    }
}
