//! Snapshots on disk (dump.rdb), as Redis writes them.
//!
//! SAVE and a SHUTDOWN's save write in the foreground. BGSAVE forks, as Redis does: the
//! child holds a copy-on-write image of the keyspace frozen at the fork, serializes it
//! and exits, while the parent keeps serving without pause (the fork itself copies page
//! tables only). Serializing in slices from the event loop instead would not give a
//! point-in-time snapshot without copy-on-write structures in the engine, and serializing
//! everything to memory first would stop the server for the whole encoding. The loop polls
//! the child from cron (`waitpid` WNOHANG) and records the outcome for INFO and MISCONF.
//!
//! Every file goes to `temp-<pid>.rdb` first, is fsynced, renamed over `dbfilename`
//! atomically, and the directory is fsynced, so a crash leaves the old or the new
//! snapshot, never a torn one.

use spinel_core::config::{opt, save_points};
use spinel_core::persist::PersistHost;
use spinel_core::rdb;
use spinel_core::Engine;
use std::cell::RefCell;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::rc::Rc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use tracing::{info, warn};

use crate::config::os_error_text;

fn unix_s() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn unix_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// Fsyncs a directory, so a rename in it is durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    File::open(dir)?.sync_all()
}

/// Writes the keyspace of `e` to `path` through `tmp`: write, fsync, rename, fsync dir.
pub fn write_rdb_file(e: &Engine, path: &Path, tmp: &Path) -> Result<(), String> {
    let file = File::create(tmp).map_err(|err| {
        let cwd = std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_default();
        format!("Failed opening the temp RDB file {} (in server root dir {cwd}) for saving: {}", tmp.display(), os_error_text(&err))
    })?;
    let result = (|| -> io::Result<()> {
        let mut w = BufWriter::with_capacity(1 << 20, file);
        rdb::file::write(e, unix_s(), &mut |b: &[u8]| w.write_all(b))?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        fs::rename(tmp, path)?;
        sync_dir(path.parent().unwrap_or(Path::new(".")))
    })();
    result.map_err(|err| {
        let _ = fs::remove_file(tmp);
        format!("Write error saving DB on disk: {}", os_error_text(&err))
    })
}

/// What a forked child is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChildKind {
    Rdb,
    AofRewrite,
    /// An RDB for replicas (a full synchronization), into `Disk::replica_rdb`.
    ReplicaRdb,
}

pub struct Child {
    pub pid: libc::pid_t,
    pub kind: ChildKind,
}

/// The server's persistence: the running child, if any, and the AOF when it is on.
#[derive(Default)]
pub struct Disk {
    pub child: Option<Child>,
    pub aof: Option<crate::aof::Aof>,
    /// The base file the running AOF rewrite child writes, if one runs.
    pub rewrite: Option<crate::aof::PendingRewrite>,
    /// The unnamed file the running replica RDB child writes, if one runs.
    replica_rdb: Option<File>,
    /// A finished replica RDB and the replicas to send it to (the server takes it).
    pub replica_rdb_ready: Option<(Rc<File>, Vec<spinel_core::ClientId>)>,
    /// Rewrites from cron wait after repeated failures.
    pub rewrite_limit: crate::aof::RewriteLimit,
}

static FORKS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
static LAST_FORK_US: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Forks made so far and the last one's duration in microseconds (the engine's
/// `HostInfo::fork_stats`).
pub fn fork_stats() -> (u64, u64) {
    use std::sync::atomic::Ordering::Relaxed;
    (FORKS.load(Relaxed), LAST_FORK_US.load(Relaxed))
}

/// Runs `work` in a forked child that exits with 0 on success. Returns the child's pid.
pub fn fork_child(work: impl FnOnce() -> Result<(), String>) -> Result<libc::pid_t, String> {
    let started = Instant::now();
    // SAFETY: the engine lives on this thread only (the helper threads, fsync, lazy freeing
    // and the master link, hold none of it, and glibc's fork leaves malloc usable in the
    // child); the child only runs `work` (which reads the engine image it inherited and
    // writes a file) and leaves with _exit, never returning into the event loop or running
    // destructors that would touch shared descriptors.
    let pid = unsafe { libc::fork() };
    match pid {
        -1 => Err(format!("Can't save in background: fork: {}", os_error_text(&io::Error::last_os_error()))),
        0 => {
            crate::log::set_role(b'C');
            crate::oom::set_for_child();
            let code = match work() {
                Ok(()) => 0,
                Err(msg) => {
                    warn!("{msg}");
                    1
                }
            };
            unsafe { libc::_exit(code) }
        }
        pid => {
            use std::sync::atomic::Ordering::Relaxed;
            FORKS.fetch_add(1, Relaxed);
            LAST_FORK_US.store(started.elapsed().as_micros() as u64, Relaxed);
            Ok(pid)
        }
    }
}

impl Disk {
    fn temp_name(pid: libc::pid_t) -> String {
        format!("temp-{pid}.rdb")
    }

    /// BGSAVE: forks a child that writes the snapshot.
    pub fn start_bgsave(&mut self, e: &Engine) -> Result<(), String> {
        if self.child.is_some() {
            return Err("a child process is already active".into());
        }
        let path = e.config.str(opt::DBFILENAME).to_string();
        let pid = fork_child(|| {
            let tmp = Disk::temp_name(std::process::id() as libc::pid_t);
            write_rdb_file(e, Path::new(&path), Path::new(&tmp))?;
            info!("DB saved on disk");
            Ok(())
        })
        .inspect_err(|msg| warn!("{msg}"))?;
        info!("Background saving started by pid {pid}");
        self.child = Some(Child { pid, kind: ChildKind::Rdb });
        Ok(())
    }

    /// A full synchronization: forks a child that writes the RDB for replicas into an
    /// unnamed file (in `dir`, else the system's temporary directory), which the server then
    /// sends to each of them. Redis forks for it too (disk-based, or streaming to sockets).
    pub fn start_replica_rdb(&mut self, e: &Engine) -> Result<(), String> {
        if self.child.is_some() {
            return Err("a child process is already active".into());
        }
        let file = tempfile::tempfile_in(".").or_else(|_| tempfile::tempfile()).map_err(|err| format!("Can't create a file for the RDB: {}", os_error_text(&err)))?;
        info!("Starting BGSAVE for SYNC with target: disk");
        let pid = fork_child(|| {
            let mut w = BufWriter::with_capacity(1 << 20, &file);
            rdb::file::write_filtered(e, unix_s(), true, &mut |b: &[u8]| w.write_all(b))
                .and_then(|()| w.flush())
                .map_err(|err| format!("Write error saving DB for replicas: {}", os_error_text(&err)))
        })
        .inspect_err(|msg| warn!("{msg}"))?;
        info!("Background RDB transfer started by pid {pid}");
        self.child = Some(Child { pid, kind: ChildKind::ReplicaRdb });
        self.replica_rdb = Some(file);
        Ok(())
    }

    /// Reaps a finished child and reports it to the engine; starts a save a save point or
    /// BGSAVE SCHEDULE asks for.
    pub fn cron(&mut self, e: &mut Engine) {
        let now = unix_s();
        if let Some(child) = &self.child {
            let mut status = 0;
            // SAFETY: plain syscall on our own child's pid.
            let r = unsafe { libc::waitpid(child.pid, &mut status, libc::WNOHANG) };
            if r == child.pid || r == -1 {
                let ok = r == child.pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
                let (pid, kind) = (child.pid, child.kind);
                self.child = None;
                match kind {
                    ChildKind::Rdb => {
                        if ok {
                            info!("Background saving terminated with success");
                        } else if r == child_pid_signalled(r, status) {
                            warn!("Background saving terminated by signal {}", libc::WTERMSIG(status));
                            let _ = fs::remove_file(Disk::temp_name(pid));
                        } else {
                            warn!("Background saving error");
                            let _ = fs::remove_file(Disk::temp_name(pid));
                        }
                        e.bgsave_done(ok, now);
                    }
                    ChildKind::AofRewrite => {
                        if ok {
                            info!("Background AOF rewrite terminated with success");
                        } else {
                            warn!("Background AOF rewrite terminated with error");
                        }
                        crate::aof::rewrite_done(self, e, pid, ok, now);
                    }
                    ChildKind::ReplicaRdb => {
                        if ok {
                            info!("Background RDB transfer terminated with success");
                        } else {
                            warn!("Background transfer error");
                        }
                        let file = self.replica_rdb.take();
                        let replicas = e.replica_rdb_done(ok, now);
                        if let Some(file) = file.filter(|_| ok) {
                            self.replica_rdb_ready = Some((Rc::new(file), replicas));
                        }
                    }
                }
            }
        }
        crate::aof::cron(self, e);
        if self.child.is_none() && (e.persist.bgsave_scheduled || e.save_point_due(now)) {
                if !e.persist.bgsave_scheduled {
                    let changes = e.changes_since_save();
                    let since = now.saturating_sub(e.persist.lastsave);
                    if let Some((secs, _)) = save_points(&e.config).into_iter().find(|&(s, c)| changes >= c && since > s) {
                        info!("{changes} changes in {secs} seconds. Saving...");
                    }
                }
                match self.start_bgsave(e) {
                    Ok(()) => e.bgsave_started(now),
                    Err(_) => {
                        e.persist.bgsave_scheduled = false;
                        e.persist.last_bgsave_ok = false;
                        e.persist.last_bgsave_try = now;
                    }
                }
        }
    }

    /// Stops a running child before the server exits (its temp file goes too).
    /// Stops the running child, if any, and tells the engine: a save is no longer in
    /// progress, a rewrite neither, replicas waiting for their RDB are closed (they ask
    /// again).
    pub fn kill_child(&mut self, e: &mut Engine) {
        if let Some(child) = self.child.take() {
            if child.kind == ChildKind::AofRewrite {
                if let Some(rewrite) = self.rewrite.take() {
                    let _ = fs::remove_file(rewrite.temp_file(child.pid));
                }
            }
            // SAFETY: plain syscalls on our own child's pid.
            unsafe {
                libc::kill(child.pid, libc::SIGUSR1);
                let mut status = 0;
                libc::waitpid(child.pid, &mut status, 0);
            }
            match child.kind {
                ChildKind::Rdb => {
                    let _ = fs::remove_file(Disk::temp_name(child.pid));
                    e.bgsave_aborted();
                }
                ChildKind::AofRewrite => e.persist.aof_rewrite_started = None,
                ChildKind::ReplicaRdb => {
                    self.replica_rdb = None;
                    e.replica_rdb_done(false, unix_s());
                }
            }
        }
    }
}

fn child_pid_signalled(r: libc::pid_t, status: i32) -> libc::pid_t {
    if libc::WIFSIGNALED(status) {
        r
    } else {
        -2
    }
}

/// The engine's handle on [`Disk`] (the server keeps another for cron).
#[derive(Clone)]
pub struct DiskHandle(pub Rc<RefCell<Disk>>);

impl PersistHost for DiskHandle {
    fn save(&mut self, e: &Engine) -> Result<(), String> {
        let path = e.config.str(opt::DBFILENAME).to_string();
        let tmp = Disk::temp_name(std::process::id() as libc::pid_t);
        match write_rdb_file(e, Path::new(&path), Path::new(&tmp)) {
            Ok(()) => {
                info!("DB saved on disk");
                Ok(())
            }
            Err(msg) => {
                warn!("{msg}");
                Err(msg)
            }
        }
    }

    fn bgsave(&mut self, e: &Engine) -> Result<(), String> {
        self.0.borrow_mut().start_bgsave(e)
    }

    fn replica_rdb(&mut self, e: &Engine) -> Option<Result<(), String>> {
        Some(self.0.borrow_mut().start_replica_rdb(e))
    }

    fn bgrewriteaof(&mut self, e: &mut Engine) -> Result<(), String> {
        crate::aof::fork_rewrite(&mut self.0.borrow_mut(), e).inspect_err(|msg| warn!("{msg}"))
    }

    fn kill_background_save(&mut self, e: &mut Engine) {
        let mut disk = self.0.borrow_mut();
        if disk.child.as_ref().is_some_and(|c| c.kind == ChildKind::Rdb) {
            disk.kill_child(e);
        }
    }

    fn debug_reload(&mut self, e: &mut Engine, save: bool, flush: bool, merge: bool) -> Result<(), String> {
        if save {
            // Redis answers a failed save with a bare "ERR".
            self.save(e).map_err(|_| String::from("ERR"))?;
        }
        if flush {
            e.empty_all_dbs();
            e.flush_function_libraries();
        }
        let path = e.config.str(opt::DBFILENAME).to_string();
        let loaded = fs::read(&path).map_err(|err| os_error_text(&err)).and_then(|data| rdb::file::load_with(e, &data, unix_ms(), merge).map(|_| ()).map_err(|err| err.0));
        if let Err(why) = loaded {
            warn!("Error trying to load the RDB dump: {why}");
            return Err("ERR Error trying to load the RDB dump".into());
        }
        warn!("DB reloaded by DEBUG RELOAD");
        Ok(())
    }

    fn debug_loadaof(&mut self, e: &mut Engine) -> Result<(), String> {
        crate::aof::debug_loadaof(e, &mut self.0.borrow_mut())
    }

    fn before_shutdown(&mut self, e: &mut Engine) {
        let mut disk = self.0.borrow_mut();
        match disk.child.as_ref().map(|c| c.kind) {
            Some(ChildKind::Rdb | ChildKind::ReplicaRdb) => warn!("There is a child saving an .rdb. Killing it!"),
            Some(ChildKind::AofRewrite) => warn!("There is a child rewriting the AOF. Killing it!"),
            None => {}
        }
        disk.kill_child(e);
        if let Some(aof) = disk.aof.as_mut() {
            info!("Calling fsync() on the AOF file.");
            aof.flush_and_sync(e);
        }
    }
}

/// Loads the data at startup: the AOF when `appendonly yes`, else dump.rdb if it exists.
pub fn load_at_startup(e: &mut Engine, disk: &mut Disk) -> Result<(), ()> {
    if e.config.bool(opt::APPENDONLY) {
        return crate::aof::load_at_startup(e, disk);
    }
    let path = e.config.str(opt::DBFILENAME).to_string();
    let data = match fs::read(&path) {
        Ok(d) => d,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(err) => {
            warn!("Fatal error loading the DB: {}. Exiting.", os_error_text(&err));
            return Err(());
        }
    };
    let start = Instant::now();
    match rdb::file::load(e, &data, unix_ms()) {
        Ok(rep) => {
            info!("Loading RDB (format version {})", rep.version);
            if rep.functions_skipped > 0 {
                warn!("Skipped {} function libraries: no script engine", rep.functions_skipped);
            }
            if rep.empty_keys_skipped > 0 {
                warn!("Done loading RDB, skipped {} empty keys", rep.empty_keys_skipped);
            }
            info!("Done loading RDB, keys loaded: {}, keys expired: {}.", rep.keys_loaded, rep.keys_expired);
            info!("DB loaded from disk: {:.3} seconds", start.elapsed().as_secs_f64());
            // The replication history the file was saved at: PSYNC continues from it.
            if let (Some(replid), Some(offset)) = (&rep.repl_id, rep.repl_offset) {
                e.restore_replication(replid, offset, rep.stream_db.unwrap_or(0), rep.expired);
            }
            Ok(())
        }
        Err(err) => {
            for line in err.0.lines() {
                warn!("{line}");
            }
            warn!("Terminating server after rdb file reading failure.");
            Err(())
        }
    }
}
