//! The append-only file, as Redis 7 keeps it: a directory (`appenddirname`) with a base file
//! (an RDB snapshot with `aof-use-rdb-preamble yes`, else commands), incremental files of
//! commands, and a manifest naming them in order (`appendonly.aof.manifest`):
//!
//! ```text
//! file appendonly.aof.1.base.rdb seq 1 type b
//! file appendonly.aof.1.incr.aof seq 1 type i
//! ```
//!
//! Writes come from the engine's change stream (every effective write in RESP, expiries
//! absolute). After each batch of a client's commands, before its replies go out, the
//! changes are written; with `appendfsync always` they are also fsynced first (one group
//! commit per batch), so nothing acknowledged can be lost. `everysec` fsyncs from a helper
//! thread once a second; `no` leaves it to the kernel.
//!
//! A rewrite (BGREWRITEAOF, `auto-aof-rewrite-*`) opens a new incremental file for the writes
//! that follow, records it in the manifest, and forks a child that writes the new base from
//! its copy-on-write image; when the child succeeds the base is renamed in, the manifest is
//! replaced atomically and the old files are deleted. `appendonly yes` at runtime waits for
//! such a rewrite (Redis's AOF_WAIT_REWRITE): the writes go to a temporary incremental file
//! outside the manifest until the child's base is complete, then both are named by a new
//! manifest, so a crash meanwhile leaves the old files as they were. The server never stops
//! serving for either.
//!
//! Failures: when a write fails with `everysec`/`no`, the bytes stay buffered and are retried,
//! and writes get `-MISCONF Errors writing to the AOF file: ...` until it works again; with
//! `always` the server exits, as Redis does, since a reply could otherwise acknowledge a
//! write that is not on disk.

use crate::config::os_error_text;
use crate::persistence::{fork_child, sync_dir, Child, ChildKind, Disk};
use spinel_core::aof::{replay, Replay};
use spinel_core::config::opt;
use spinel_core::rdb;
use spinel_core::Engine;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use tracing::{info, warn};

fn unix_us() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_micros() as u64)
}

/// The manifest's file types: the base, incremental files, and history (files a rewrite
/// replaced, kept while `aof-disable-auto-gc` is yes; never loaded).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FileType {
    Base,
    Incr,
    History,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AofFile {
    pub name: String,
    pub seq: u64,
    pub kind: FileType,
}

/// The manifest: the base file (if any), history files (newest first, as Redis lists
/// them), then incremental files in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    pub base: Option<AofFile>,
    pub history: Vec<AofFile>,
    pub incrs: Vec<AofFile>,
}

/// Redis's MANIFEST_MAX_LINE.
const MANIFEST_MAX_LINE: usize = 1024;

fn manifest_error(at: Option<(usize, &str)>, why: &str) -> String {
    let mut text = String::from("*** FATAL AOF MANIFEST FILE ERROR ***");
    if let Some((n, line)) = at {
        text.push_str(&format!("\nReading the manifest file, at line {n}\n>>> '{line}'"));
    }
    text.push('\n');
    text.push_str(why);
    text
}

impl Manifest {
    /// Reads a manifest as Redis's aofLoadManifestFromFile does, with its checks and texts:
    /// an error is the block Redis logs (`*** FATAL AOF MANIFEST FILE ERROR ***`, the line
    /// number and text, the reason), one log line per text line.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let mut m = Manifest::default();
        if text.is_empty() {
            return Err(manifest_error(None, "Found an empty AOF manifest"));
        }
        let mut max_seq = 0;
        for (n, raw) in text.split_inclusive('\n').enumerate() {
            let fail = |why: &str| Err(manifest_error(Some((n + 1, raw.trim_end_matches('\n'))), why));
            if raw.starts_with('#') {
                continue;
            }
            if !raw.ends_with('\n') || raw.len() > MANIFEST_MAX_LINE {
                return fail("The AOF manifest file contains too long line");
            }
            let line = raw.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'));
            // Split as sdssplitargs: a file name may be quoted (see `render`).
            let words: Vec<String> = spinel_core::resp::parser::split_line(line.as_bytes()).unwrap_or_default().into_iter().map(|w| String::from_utf8_lossy(&w).into_owned()).collect();
            if words.len() < 6 || words.len() % 2 != 0 {
                return fail("Invalid AOF manifest file format");
            }
            let (mut name, mut seq, mut kind) = (None, 0u64, None);
            for kv in words.chunks(2) {
                if kv[0].eq_ignore_ascii_case("file") {
                    if kv[1].contains('/') {
                        return fail("File can't be a path, just a filename");
                    }
                    name = Some(kv[1].to_string());
                } else if kv[0].eq_ignore_ascii_case("seq") {
                    seq = kv[1].parse().unwrap_or(0);
                } else if kv[0].eq_ignore_ascii_case("type") {
                    kind = kv[1].chars().next();
                }
            }
            let (Some(name), Some(kind)) = (name, kind) else {
                return fail("Invalid AOF manifest file format");
            };
            if seq == 0 {
                return fail("Invalid AOF manifest file format");
            }
            match kind {
                'b' => {
                    if m.base.is_some() {
                        return fail("Found duplicate base file information");
                    }
                    m.base = Some(AofFile { name, seq, kind: FileType::Base });
                }
                'h' => m.history.push(AofFile { name, seq, kind: FileType::History }),
                'i' => {
                    if seq <= max_seq {
                        return fail("Found a non-monotonic sequence number");
                    }
                    max_seq = seq;
                    m.incrs.push(AofFile { name, seq, kind: FileType::Incr });
                }
                _ => return fail("Unknown AOF file type"),
            }
        }
        Ok(m)
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        for f in self.base.iter().chain(&self.history).chain(&self.incrs) {
            let t = match f.kind {
                FileType::Base => 'b',
                FileType::Incr => 'i',
                FileType::History => 'h',
            };
            // A name with spaces or unprintable bytes is quoted, as Redis's sdsneedsrepr says.
            let plain = f.name.bytes().all(|b| b.is_ascii_graphic() && b != b'\\' && b != b'"');
            let name = if plain {
                f.name.clone()
            } else {
                let mut quoted = Vec::new();
                spinel_core::diagnostics::repr(&mut quoted, f.name.as_bytes());
                String::from_utf8_lossy(&quoted).into_owned()
            };
            out.push_str(&format!("file {name} seq {} type {t}\n", f.seq));
        }
        out
    }

    fn next_incr_seq(&self) -> u64 {
        self.incrs.last().map_or(1, |f| f.seq + 1)
    }

    fn next_base_seq(&self) -> u64 {
        self.base.as_ref().map_or(1, |f| f.seq + 1)
    }
}

/// A background rewrite: where the base file its child writes goes when it is done.
pub struct PendingRewrite {
    names: Names,
    base_seq: u64,
    preamble: bool,
}

impl PendingRewrite {
    /// The file the child `pid` writes.
    pub fn temp_file(&self, pid: libc::pid_t) -> PathBuf {
        self.names.dir.join(format!("temp-rewriteaof-bg-{pid}.aof"))
    }
}

/// Paths of the AOF directory from the config (relative to the server's `dir`).
pub struct Names {
    pub dir: PathBuf,
    pub prefix: String,
}

impl Names {
    pub fn from_config(e: &Engine) -> Names {
        Names { dir: PathBuf::from(e.config.str(opt::APPENDDIRNAME)), prefix: e.config.str(opt::APPENDFILENAME).to_string() }
    }
    fn manifest(&self) -> PathBuf {
        self.dir.join(format!("{}.manifest", self.prefix))
    }
    fn incr(&self, seq: u64) -> String {
        format!("{}.{seq}.incr.aof", self.prefix)
    }
    /// The incremental file of an AOF waiting for its first rewrite.
    fn temp_incr(&self) -> String {
        format!("temp-{}.incr", self.prefix)
    }
    fn base(&self, seq: u64, rdb: bool) -> String {
        format!("{}.{seq}.base.{}", self.prefix, if rdb { "rdb" } else { "aof" })
    }
}

/// Replaces the manifest atomically (temp file, fsync, rename, fsync dir).
fn persist_manifest(names: &Names, m: &Manifest) -> io::Result<()> {
    let tmp = names.dir.join(format!("temp-{}.manifest", names.prefix));
    let mut f = File::create(&tmp)?;
    f.write_all(m.render().as_bytes())?;
    f.sync_all()?;
    fs::rename(&tmp, names.manifest())?;
    sync_dir(&names.dir)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Policy {
    Always,
    EverySec,
    No,
}

fn policy(e: &Engine) -> Policy {
    match e.config.str(opt::APPENDFSYNC) {
        "always" => Policy::Always,
        "no" => Policy::No,
        _ => Policy::EverySec,
    }
}

/// A helper thread that fsyncs for `everysec` (fsync can take long; the loop must not wait).
struct Fsyncer {
    tx: mpsc::Sender<File>,
    busy: Arc<AtomicBool>,
    error: Arc<Mutex<Option<String>>>,
}

impl Fsyncer {
    fn start() -> Fsyncer {
        let (tx, rx) = mpsc::channel::<File>();
        let busy = Arc::new(AtomicBool::new(false));
        let error = Arc::new(Mutex::new(None));
        let (b, err) = (busy.clone(), error.clone());
        std::thread::Builder::new()
            .name("aof-fsync".into())
            .spawn(move || {
                for f in rx {
                    let r = f.sync_data();
                    *err.lock().unwrap() = r.err().map(|e| os_error_text(&e));
                    b.store(false, Ordering::Release);
                }
            })
            .expect("start the AOF fsync thread");
        Fsyncer { tx, busy, error }
    }
}

/// The open AOF.
pub struct Aof {
    names: Names,
    manifest: Manifest,
    file: File,
    /// Changes not yet written (kept when a write fails).
    buf: Vec<u8>,
    /// Bytes written since the last fsync.
    unsynced: bool,
    last_fsync: Instant,
    fsyncer: Option<Fsyncer>,
    pub current_size: u64,
    pub base_size: u64,
    /// The unix second of the last `#TS:` annotation written (aof-timestamp-enabled).
    annotated_s: u64,
}

fn file_len(p: &Path) -> u64 {
    fs::metadata(p).map_or(0, |m| m.len())
}

impl Aof {
    fn open_incr(names: &Names, name: &str) -> io::Result<File> {
        OpenOptions::new().create(true).append(true).open(names.dir.join(name))
    }

    /// Moves the engine's changes to the file; fsyncs per policy. Exits the process on a
    /// write error under `always` (as Redis does).
    pub fn flush(&mut self, e: &mut Engine) {
        let before = self.buf.len();
        e.take_changes(&mut self.buf);
        // With aof-timestamp-enabled, Redis's `#TS:<unix time>` line goes before the first
        // write of each second (an annotation replay skips; the replicas never see it).
        if self.buf.len() > before && e.config.bool(opt::AOF_TIMESTAMP_ENABLED) {
            let now_s = unix_us() / 1_000_000;
            if now_s > self.annotated_s {
                self.annotated_s = now_s;
                let ts = format!("#TS:{now_s}\r\n");
                self.buf.splice(before..before, ts.bytes());
            }
        }
        let pol = policy(e);
        if !self.buf.is_empty() && e.persist.aof_flush_sleep_us > 0 {
            std::thread::sleep(std::time::Duration::from_micros(e.persist.aof_flush_sleep_us));
        }
        if !self.buf.is_empty() {
            let before = self.file.metadata().map(|m| m.len()).ok();
            match self.file.write_all(&self.buf) {
                Ok(()) => {
                    self.current_size += self.buf.len() as u64;
                    self.buf.clear();
                    self.unsynced = true;
                    if e.persist.aof_write_error.take().is_some() {
                        warn!("AOF write error looks solved, Redis can write again.");
                    }
                }
                Err(err) => {
                    let text = os_error_text(&err);
                    if pol == Policy::Always {
                        warn!("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
                        std::process::exit(1);
                    }
                    // Undo a partial write so a retry does not duplicate it.
                    if let Some(len) = before {
                        let _ = self.file.set_len(len);
                    }
                    if e.persist.aof_write_error.is_none() {
                        warn!("Error writing to the AOF file: {text}");
                    }
                    e.persist.aof_write_error = Some(text);
                }
            }
        }
        e.persist.aof_buffer_length = self.buf.len() as u64;
        if self.unsynced {
            match pol {
                Policy::Always => {
                    if let Err(err) = self.file.sync_data() {
                        warn!("Can't persist AOF for fsync error when the AOF fsync policy is 'always': {}. Exiting...", os_error_text(&err));
                        std::process::exit(1);
                    }
                    self.unsynced = false;
                    self.last_fsync = Instant::now();
                }
                Policy::EverySec => self.fsync_everysec(e),
                Policy::No => {}
            }
        }
        e.persist.aof_current_size = self.current_size;
        e.persist.aof_base_size = self.base_size;
    }

    fn fsync_everysec(&mut self, e: &mut Engine) {
        if self.last_fsync.elapsed().as_millis() < 1000 {
            return;
        }
        let fs = self.fsyncer.get_or_insert_with(Fsyncer::start);
        if let Some(err) = fs.error.lock().unwrap().take() {
            warn!("Error syncing the AOF file: {err}");
            e.persist.aof_write_error = Some(err);
        }
        if fs.busy.load(Ordering::Acquire) {
            e.persist.aof_delayed_fsync += 1;
            return;
        }
        if let Ok(f) = self.file.try_clone() {
            fs.busy.store(true, Ordering::Release);
            if fs.tx.send(f).is_err() {
                fs.busy.store(false, Ordering::Release);
            }
            self.unsynced = false;
            self.last_fsync = Instant::now();
        }
    }

    /// Writes and fsyncs everything (shutdown, appendonly no).
    pub fn flush_and_sync(&mut self, e: &mut Engine) {
        self.flush(e);
        if let Err(err) = self.file.sync_data() {
            warn!("Error syncing the AOF file: {}", os_error_text(&err));
        }
        self.unsynced = false;
    }
}

/// Writes a base file from `e` into `path` (RDB with the preamble, else commands), fsynced.
fn write_base(e: &Engine, path: &Path, preamble: bool) -> Result<(), String> {
    let run = || -> io::Result<()> {
        let f = File::create(path)?;
        let mut w = io::BufWriter::with_capacity(1 << 20, f);
        if preamble {
            rdb::file::write(e, unix_us() / 1_000_000, &mut |b: &[u8]| w.write_all(b))?;
        } else {
            // A base in commands starts with its time, as Redis's rewrite writes it.
            if e.config.bool(opt::AOF_TIMESTAMP_ENABLED) {
                write!(w, "#TS:{}\r\n", unix_us() / 1_000_000)?;
            }
            spinel_core::aof::rewrite(e, &mut |b: &[u8]| w.write_all(b))?;
        }
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()
    };
    run().map_err(|err| format!("Error writing the AOF base file {}: {}", path.display(), os_error_text(&err)))
}

// ----- loading ------------------------------------------------------------------------------

/// Loads one file: an RDB base, or commands. `last`: the only file whose torn tail may be
/// repaired (with `aof-load-truncated yes`).
fn load_file(e: &mut Engine, names: &Names, f: &AofFile, last: bool) -> Result<(), ()> {
    let path = names.dir.join(&f.name);
    let mut data = Vec::new();
    match File::open(&path).and_then(|mut file| file.read_to_end(&mut data)) {
        Ok(_) => {}
        Err(err) if err.kind() == io::ErrorKind::NotFound && f.kind == FileType::Incr => {
            // Redis creates incr files before naming them; a missing one is empty.
            return Ok(());
        }
        Err(err) => {
            warn!("Fatal error: can't open the append log file {} for reading: {}", f.name, os_error_text(&err));
            return Err(());
        }
    }
    let mut body = &data[..];
    if data.starts_with(b"REDIS") {
        info!("Reading RDB base file on AOF loading...");
        // Keys whose TTL has passed are loaded too (Redis's RDBFLAGS_AOF_PREAMBLE): the tail
        // may extend or remove the TTL; expiry removes them once the AOF is in.
        match rdb::file::load(e, &data, 0) {
            Ok(rep) => body = &data[rep.consumed..],
            Err(err) => {
                warn!("Error reading the RDB base file {}, AOF loading aborted: {}", f.name, err.0);
                return Err(());
            }
        }
        info!("Reading the remaining AOF tail...");
    }
    let offset = data.len() - body.len();
    match replay(body, Some(e), unix_us()) {
        Replay::Complete => Ok(()),
        Replay::Truncated(valid) => {
            let valid = offset + valid;
            warn!("!!! Warning: short read while loading the AOF file {}!!!", f.name);
            warn!("!!! Truncating the AOF {} at offset {valid} !!!", f.name);
            if !last || !e.config.bool(opt::AOF_LOAD_TRUNCATED) {
                warn!(
                    "Unexpected end of file reading the append only file {}. You can: 1) Make a backup of your AOF file, then use ./spinel-server --check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.",
                    f.name
                );
                return Err(());
            }
            let res = OpenOptions::new().write(true).open(&path).and_then(|file| {
                file.set_len(valid as u64)?;
                file.sync_all()
            });
            match res {
                Ok(()) => {
                    warn!("AOF {} loaded anyway because aof-load-truncated is enabled", f.name);
                    Ok(())
                }
                Err(err) => {
                    warn!("Error truncating the AOF file {}: {}", f.name, os_error_text(&err));
                    Err(())
                }
            }
        }
        Replay::UnknownCommand(_, name) => {
            warn!("Unknown command '{}' reading the append only file {}", String::from_utf8_lossy(&name), f.name);
            Err(())
        }
        Replay::Corrupt(at) => {
            warn!(
                "Bad file format reading the append only file {} (at offset {}): make a backup of your AOF file, then use ./spinel-server --check-aof --fix <filename.manifest>",
                f.name,
                offset + at
            );
            Err(())
        }
    }
}

/// Startup with `appendonly yes`: loads base and incremental files, repairs a torn tail,
/// then makes sure a base, an incr file and the manifest exist, and opens the AOF.
pub fn load_at_startup(e: &mut Engine, disk: &mut Disk) -> Result<(), ()> {
    let names = Names::from_config(e);
    let start = Instant::now();
    let manifest = match fs::read_to_string(names.manifest()) {
        Ok(text) => match Manifest::parse(&text) {
            Ok(m) => Some(m),
            Err(msg) => {
                for line in msg.lines() {
                    warn!("{line}");
                }
                return Err(());
            }
        },
        Err(err) if err.kind() == io::ErrorKind::NotFound => None,
        Err(err) => {
            warn!("Fatal error: can't open the AOF manifest {} for reading: {}", names.manifest().display(), os_error_text(&err));
            return Err(());
        }
    };
    let manifest = match upgrade_old_aof(&names, manifest) {
        Ok(m) => m,
        Err(msg) => {
            warn!("{msg}");
            return Err(());
        }
    };
    if let Some(m) = &manifest {
        let files: Vec<&AofFile> = m.base.iter().chain(m.incrs.iter()).collect();
        // Every file the manifest names must be there: a missing one is lost data.
        for f in &files {
            if let Err(err) = fs::metadata(names.dir.join(&f.name)) {
                warn!("Unable to obtain the AOF file {} length. stat: {}", f.name, os_error_text(&err));
                return Err(());
            }
        }
        for (i, f) in files.iter().enumerate() {
            load_file(e, &names, f, i + 1 == files.len())?;
            info!("DB loaded from {} file {}", if f.kind == FileType::Base { "base" } else { "incr" }, f.name);
        }
        info!("DB loaded from append only file: {:.3} seconds", start.elapsed().as_secs_f64());
        // What was loaded is not a change since the last save.
        e.persist.dirty_at_last_save = e.dirty;
    }
    open_after_load(e, disk, names, manifest.unwrap_or_default()).map_err(|msg| warn!("{msg}"))
}

/// An AOF of Redis before 7.0 (`appendfilename` in the data directory, no AOF directory or
/// manifest) becomes the base file of a new manifest and moves into the AOF directory, as
/// Redis 7 upgrades it; also when an earlier upgrade stopped before the move.
fn upgrade_old_aof(names: &Names, manifest: Option<Manifest>) -> Result<Option<Manifest>, String> {
    let old = Path::new(&names.prefix);
    if !old.is_file() {
        return Ok(manifest);
    }
    let m = manifest.unwrap_or_default();
    let empty = m.base.is_none() && m.incrs.is_empty();
    let interrupted = m.incrs.is_empty() && m.base.as_ref().is_some_and(|b| b.name == names.prefix) && !names.dir.join(&names.prefix).exists();
    if names.dir.is_dir() && !empty && !interrupted {
        return Ok(Some(m));
    }
    fs::create_dir_all(&names.dir).map_err(|err| format!("Can't open or create append-only dir {}: {}", names.dir.display(), os_error_text(&err)))?;
    let m = Manifest { base: Some(AofFile { name: names.prefix.clone(), seq: 1, kind: FileType::Base }), ..Default::default() };
    persist_manifest(names, &m).map_err(|err| format!("Can't persist the AOF manifest: {}", os_error_text(&err)))?;
    fs::rename(old, names.dir.join(&names.prefix))
        .map_err(|err| format!("Error trying to move the old AOF file {} into dir {}: {}", names.prefix, names.dir.display(), os_error_text(&err)))?;
    info!("Successfully migrated an old-style AOF file ({}) into the AOF directory ({}).", names.prefix, names.dir.display());
    Ok(Some(m))
}

/// DEBUG LOADAOF: writes out what is buffered, empties the data and loads the AOF's files
/// back, as at startup. Err: the error reply's text.
pub fn debug_loadaof(e: &mut Engine, disk: &mut Disk) -> Result<(), String> {
    // With the AOF off, as in Redis, the files the manifest on disk names (a BGREWRITEAOF
    // made them); Spinel refuses when there are none, where Redis exits.
    let (names, manifest) = match disk.aof.as_mut() {
        Some(aof) => {
            aof.flush_and_sync(e);
            (Names::from_config(e), aof.manifest.clone())
        }
        None => {
            let names = Names::from_config(e);
            let manifest = read_manifest(&names).map_err(|why| format!("ERR {why}"))?;
            if manifest.base.is_none() && manifest.incrs.is_empty() {
                return Err("ERR DEBUG LOADAOF found no AOF files to load".into());
            }
            (names, manifest)
        }
    };
    e.empty_all_dbs();
    let files: Vec<AofFile> = manifest.base.iter().chain(manifest.incrs.iter()).cloned().collect();
    for (i, f) in files.iter().enumerate() {
        if load_file(e, &names, f, i + 1 == files.len()).is_err() {
            // Redis exits here; the data is gone from memory either way.
            warn!("DEBUG LOADAOF could not load {}: exiting", f.name);
            std::process::exit(1);
        }
    }
    // The replayed writes are in the AOF already.
    e.discard_changes();
    e.persist.dirty_at_last_save = e.dirty;
    warn!("Append Only File loaded by DEBUG LOADAOF");
    Ok(())
}

/// Creates what is missing (dir, base, incr, manifest) and starts appending.
fn open_after_load(e: &mut Engine, disk: &mut Disk, names: Names, mut m: Manifest) -> Result<(), String> {
    fs::create_dir_all(&names.dir).map_err(|err| format!("Can't create the AOF directory {}: {}", names.dir.display(), os_error_text(&err)))?;
    let mut changed = false;
    if m.base.is_none() && m.incrs.is_empty() {
        let preamble = e.config.bool(opt::AOF_USE_RDB_PREAMBLE);
        let name = names.base(1, preamble);
        write_base(e, &names.dir.join(&name), preamble)?;
        info!("Creating AOF base file {name} on server start");
        m.base = Some(AofFile { name, seq: 1, kind: FileType::Base });
        changed = true;
    }
    if m.incrs.is_empty() {
        let seq = m.next_incr_seq();
        let name = names.incr(seq);
        Aof::open_incr(&names, &name).map_err(|err| format!("Can't open the append-only file {name}: {}", os_error_text(&err)))?;
        info!("Creating AOF incr file {name} on server start");
        m.incrs.push(AofFile { name, seq, kind: FileType::Incr });
        changed = true;
    }
    if changed {
        persist_manifest(&names, &m).map_err(|err| format!("Can't persist the AOF manifest: {}", os_error_text(&err)))?;
    }
    let last = m.incrs.last().expect("an incr file").name.clone();
    let file = Aof::open_incr(&names, &last).map_err(|err| format!("Can't open the append-only file {last}: {}", os_error_text(&err)))?;
    let base_size = m.base.as_ref().map_or(0, |b| file_len(&names.dir.join(&b.name)));
    let current_size = base_size + m.incrs.iter().map(|f| file_len(&names.dir.join(&f.name))).sum::<u64>();
    disk.aof = Some(Aof {
        names,
        manifest: m,
        file,
        buf: Vec::new(),
        unsynced: false,
        last_fsync: Instant::now(),
        fsyncer: None,
        current_size,
        base_size,
        annotated_s: 0,
    });
    e.set_change_stream(true);
    e.persist.aof_enabled = true;
    e.persist.aof_current_size = current_size;
    e.persist.aof_base_size = base_size;
    Ok(())
}

// ----- runtime: on/off, rewrites -----------------------------------------------------------

/// Deletes the history files (unless `aof-disable-auto-gc`) and names the rest in the
/// manifest again, as Redis's aofDelHistoryFiles.
fn delete_history(names: &Names, m: &mut Manifest, disabled: bool) {
    if disabled || m.history.is_empty() {
        return;
    }
    for f in m.history.drain(..) {
        info!("Removing the history file {} in the background", f.name);
        let _ = fs::remove_file(names.dir.join(&f.name));
    }
    if let Err(err) = persist_manifest(names, m) {
        warn!("Error persisting the AOF manifest: {}", os_error_text(&err));
    }
}

/// After each batch: writes the changes; follows `CONFIG SET appendonly`, and deletes
/// history files once `aof-disable-auto-gc` is no.
pub fn after_batch(disk: &mut Disk, e: &mut Engine) {
    let want = e.config.bool(opt::APPENDONLY);
    match (&mut disk.aof, want) {
        (Some(aof), true) => {
            aof.flush(e);
            if !aof.manifest.history.is_empty() {
                delete_history(&aof.names, &mut aof.manifest, e.config.bool(opt::AOF_DISABLE_AUTO_GC));
            }
        }
        (None, false) => {}
        (Some(_), false) => stop(disk, e),
        (None, true) => start(disk, e),
    }
}

/// `CONFIG SET appendonly yes`, as Redis's startAppendOnly: the AOF waits for a rewrite
/// (forked now, or once another child ended), its writes going to a temporary incr file.
fn start(disk: &mut Disk, e: &mut Engine) {
    let names = Names::from_config(e);
    let temp = names.dir.join(names.temp_incr());
    let opened = fs::create_dir_all(&names.dir).map_err(|err| os_error_text(&err)).and_then(|()| {
        let manifest = read_manifest(&names)?;
        let file = create_temp_incr(&temp)?;
        Ok((manifest, file))
    });
    let (manifest, file) = match opened {
        Ok(opened) => opened,
        Err(msg) => {
            warn!("Redis needs to enable the AOF but can't open the append only file: {msg}");
            let _ = e.config.set("appendonly", "no", true);
            return;
        }
    };
    disk.aof = Some(Aof { names, manifest, file, buf: Vec::new(), unsynced: false, last_fsync: Instant::now(), fsyncer: None, current_size: 0, base_size: 0, annotated_s: 0 });
    e.persist.aof_enabled = true;
    e.persist.aof_waiting_rewrite = true;
    e.persist.aof_write_error = None;
    e.set_change_stream(true);
    match disk.child.as_ref().map(|c| c.kind) {
        Some(ChildKind::AofRewrite) => {
            warn!("AOF was enabled but there is already an AOF rewriting in background. Stopping background AOF and starting a rewrite now.");
            disk.kill_child(e);
        }
        Some(_) => {
            warn!("AOF was enabled but there is already another background operation. An AOF background was scheduled to start when possible.");
            e.persist.aof_rewrite_scheduled = true;
            return;
        }
        None => {}
    }
    match fork_rewrite(disk, e) {
        Ok(()) => e.persist.aof_rewrite_started = Some(unix_us() / 1_000_000),
        Err(msg) => {
            warn!("{msg}");
            warn!("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the above logs for more info about the error.");
            stop(disk, e);
            let _ = e.config.set("appendonly", "no", true);
        }
    }
}

/// The temporary incr file, empty.
fn create_temp_incr(path: &Path) -> Result<File, String> {
    File::create(path).and_then(|_| OpenOptions::new().append(true).open(path)).map_err(|err| format!("Can't open the append-only file {}: {}", path.display(), os_error_text(&err)))
}

/// `CONFIG SET appendonly no`: syncs and closes the AOF.
fn stop(disk: &mut Disk, e: &mut Engine) {
    // A rewrite the AOF waited for, or one scheduled for it, is no longer wanted.
    let waiting = std::mem::take(&mut e.persist.aof_waiting_rewrite);
    e.persist.aof_rewrite_scheduled = false;
    if let Some(mut aof) = disk.aof.take() {
        aof.flush_and_sync(e);
        if waiting {
            let _ = fs::remove_file(aof.names.dir.join(aof.names.temp_incr()));
        }
    }
    if let Some(child) = disk.child.as_ref().filter(|c| c.kind == ChildKind::AofRewrite) {
        info!("Killing running AOF rewrite child: {}", child.pid);
        disk.kill_child(e);
    }
    e.set_change_stream(false);
    e.persist.aof_enabled = false;
    e.persist.aof_write_error = None;
}

/// Starts a rewrite: a new incr file takes the writes from now on, a child writes the base.
/// With the AOF off, as in Redis, the child writes a base file alone, which the manifest
/// then names without any incr file (`appendonly yes` later starts from it).
pub fn fork_rewrite(disk: &mut Disk, e: &mut Engine) -> Result<(), String> {
    let forked = fork_rewrite_child(disk, e);
    if forked.is_ok() {
        // A rewrite now running is the one a schedule asked for; INFO's aof_rewrites counts
        // started rewrites, as Redis's.
        e.persist.aof_rewrite_scheduled = false;
        e.persist.aof_rewrites += 1;
    }
    forked
}

fn fork_rewrite_child(disk: &mut Disk, e: &mut Engine) -> Result<(), String> {
    if disk.child.is_some() {
        return Err("a child process is already active".into());
    }
    let preamble = e.config.bool(opt::AOF_USE_RDB_PREAMBLE);
    let Some(aof) = disk.aof.as_mut() else {
        let names = Names::from_config(e);
        let manifest = read_manifest(&names)?;
        fs::create_dir_all(&names.dir).map_err(|err| format!("Can't open or create append-only dir {}: {}", names.dir.display(), os_error_text(&err)))?;
        let rewrite = PendingRewrite { base_seq: manifest.next_base_seq(), preamble, names };
        return fork_base_writer(disk, e, rewrite);
    };
    if e.persist.aof_waiting_rewrite {
        // What came before the fork is in the base: the temporary incr file starts again.
        let mut before = Vec::new();
        e.take_changes(&mut before);
        aof.buf.clear();
        let temp = aof.names.temp_incr();
        aof.file = create_temp_incr(&aof.names.dir.join(&temp))?;
        info!("Creating AOF incr file {temp} on background rewrite");
        e.set_change_stream(true);
        let rewrite = PendingRewrite { names: Names::from_config(e), base_seq: aof.manifest.next_base_seq(), preamble };
        return fork_base_writer(disk, e, rewrite);
    }
    aof.flush(e);
    let seq = aof.manifest.next_incr_seq();
    let name = aof.names.incr(seq);
    let file = Aof::open_incr(&aof.names, &name).map_err(|err| format!("Can't open the append-only file {name}: {}", os_error_text(&err)))?;
    let mut m = aof.manifest.clone();
    m.incrs.push(AofFile { name: name.clone(), seq, kind: FileType::Incr });
    persist_manifest(&aof.names, &m).map_err(|err| format!("Can't persist the AOF manifest: {}", os_error_text(&err)))?;
    let _ = aof.file.sync_data();
    aof.file = file;
    aof.manifest = m;
    info!("Creating AOF incr file {name} on background rewrite");
    // The new file starts with a SELECT.
    e.set_change_stream(true);
    let rewrite = PendingRewrite { names: Names::from_config(e), base_seq: aof.manifest.next_base_seq(), preamble };
    fork_base_writer(disk, e, rewrite)
}

/// The manifest on disk; none yet is an empty one.
fn read_manifest(names: &Names) -> Result<Manifest, String> {
    match fs::read_to_string(names.manifest()) {
        Ok(text) => Manifest::parse(&text),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(Manifest::default()),
        Err(err) => Err(format!("Can't open the AOF manifest {}: {}", names.manifest().display(), os_error_text(&err))),
    }
}

/// Forks the child that writes the rewrite's base file into a temp file.
fn fork_base_writer(disk: &mut Disk, e: &Engine, rewrite: PendingRewrite) -> Result<(), String> {
    let pid = fork_child(|| {
        let tmp = rewrite.temp_file(std::process::id() as libc::pid_t);
        write_base(e, &tmp, rewrite.preamble)?;
        info!("Successfully created the temporary AOF base file {}", tmp.display());
        Ok(())
    })?;
    info!("Background append only file rewriting started by pid {pid}");
    disk.rewrite = Some(rewrite);
    disk.child = Some(Child { pid, kind: ChildKind::AofRewrite });
    Ok(())
}

/// The rewrite child ended: install the new base and manifest, drop the old files.
pub fn rewrite_done(disk: &mut Disk, e: &mut Engine, pid: libc::pid_t, ok: bool, now_s: u64) {
    if let Some(start) = e.persist.aof_rewrite_started.take() {
        e.persist.aof_last_rewrite_time_sec = now_s.saturating_sub(start) as i64;
    }
    let Some(rewrite) = disk.rewrite.take() else { return };
    let tmp = rewrite.temp_file(pid);
    let PendingRewrite { names, base_seq, preamble } = rewrite;
    let install = || -> Result<Manifest, String> {
        if !ok {
            return Err("Background AOF rewrite terminated with error".into());
        }
        let name = names.base(base_seq, preamble);
        fs::rename(&tmp, names.dir.join(&name)).map_err(|err| format!("Error trying to rename the temporary AOF base file: {}", os_error_text(&err)))?;
        info!("Successfully renamed the temporary AOF base file into {name}");
        // AOF on: the incr file opened when the rewrite started holds what came after the
        // base (waiting for this rewrite: the temporary one, named now). Off: the base alone
        // is the data.
        let (old, incrs) = match &disk.aof {
            Some(aof) if e.persist.aof_waiting_rewrite => {
                let (temp, seq) = (aof.names.temp_incr(), aof.manifest.next_incr_seq());
                let incr = names.incr(seq);
                fs::rename(names.dir.join(&temp), names.dir.join(&incr)).map_err(|err| format!("Error trying to rename the temporary AOF incr file {temp} into {incr}: {}", os_error_text(&err)))?;
                info!("Successfully renamed the temporary AOF incr file {temp} into {incr}");
                (aof.manifest.clone(), vec![AofFile { name: incr, seq, kind: FileType::Incr }])
            }
            Some(aof) => (aof.manifest.clone(), vec![aof.manifest.incrs.last().cloned().expect("the incr file opened for the rewrite")]),
            None => (read_manifest(&names).unwrap_or_default(), Vec::new()),
        };
        // What the new base replaces becomes history, newest first (Redis's order): the
        // older incr files, the old base, then the earlier history.
        let as_history = |f: &AofFile| AofFile { kind: FileType::History, ..f.clone() };
        let replaced = old.incrs.iter().filter(|f| !incrs.contains(f));
        let history = replaced.chain(&old.base).map(as_history).chain(old.history.iter().cloned()).collect();
        let mut m = Manifest { base: Some(AofFile { name, seq: base_seq, kind: FileType::Base }), history, incrs };
        persist_manifest(&names, &m).map_err(|err| format!("Error persisting the AOF manifest: {}", os_error_text(&err)))?;
        delete_history(&names, &mut m, e.config.bool(opt::AOF_DISABLE_AUTO_GC));
        Ok(m)
    };
    match install() {
        Ok(m) => {
            info!("Background AOF rewrite finished successfully");
            e.persist.aof_last_bgrewrite_ok = true;
            e.persist.aof_rewrites_consecutive_failures = 0;
            if let Some(aof) = disk.aof.as_mut() {
                e.persist.aof_waiting_rewrite = false;
                aof.manifest = m;
                aof.base_size = file_len(&names.dir.join(&aof.manifest.base.as_ref().unwrap().name));
                aof.current_size = aof.base_size + file_len(&names.dir.join(&aof.manifest.incrs[0].name));
                e.persist.aof_base_size = aof.base_size;
                e.persist.aof_current_size = aof.current_size;
            }
        }
        Err(msg) => {
            warn!("{msg}");
            let _ = fs::remove_file(&tmp);
            e.persist.aof_last_bgrewrite_ok = false;
            e.persist.aof_rewrites_consecutive_failures += 1;
            // The AOF still waits for its first rewrite: another one, from cron, with a new
            // temporary incr file.
            if let Some(aof) = disk.aof.as_ref().filter(|_| e.persist.aof_waiting_rewrite) {
                let temp = aof.names.temp_incr();
                info!("Removing the temp incr aof file {temp} in the background");
                let _ = fs::remove_file(aof.names.dir.join(&temp));
                e.persist.aof_rewrite_scheduled = true;
            }
        }
    }
}

/// After repeated failures, rewrites from cron wait: 1 minute, then twice as long each time,
/// at most an hour (Redis's aofRewriteLimited). BGREWRITEAOF itself is not limited.
#[derive(Default)]
pub struct RewriteLimit {
    delay_minutes: u64,
    /// Unix seconds before which no rewrite starts; 0 when not limited.
    until_s: u64,
}

impl RewriteLimit {
    const FAILURES: u64 = 3;
    const MAX_MINUTES: u64 = 60;

    fn limited(&mut self, e: &Engine, now_s: u64) -> bool {
        if e.persist.aof_rewrites_consecutive_failures < Self::FAILURES {
            *self = RewriteLimit::default();
            return false;
        }
        if self.until_s != 0 {
            let wait = now_s < self.until_s;
            if !wait {
                self.until_s = 0;
            }
            return wait;
        }
        self.delay_minutes = (self.delay_minutes * 2).clamp(1, Self::MAX_MINUTES);
        self.until_s = now_s + self.delay_minutes * 60;
        warn!("Background AOF rewrite has repeatedly failed and triggered the limit, will retry in {} minutes", self.delay_minutes);
        true
    }
}

/// From cron: pending writes (a retry after a failure, expiry DELs), everysec fsync, and
/// `auto-aof-rewrite-percentage` / `auto-aof-rewrite-min-size`.
pub fn cron(disk: &mut Disk, e: &mut Engine) {
    after_batch(disk, e);
    if disk.child.is_some() {
        return;
    }
    let now = unix_us() / 1_000_000;
    // BGREWRITEAOF during a BGSAVE (with the AOF on or off).
    if e.persist.aof_rewrite_scheduled && !disk.rewrite_limit.limited(e, now) {
        e.persist.aof_rewrite_scheduled = false;
        match fork_rewrite(disk, e) {
            Ok(()) => e.persist.aof_rewrite_started = Some(now),
            Err(msg) => warn!("{msg}"),
        }
        return;
    }
    let Some(aof) = disk.aof.as_ref().filter(|_| !e.persist.aof_waiting_rewrite) else { return };
    let pct = e.config.int(opt::AUTO_AOF_REWRITE_PERCENTAGE);
    let min = e.config.int(opt::AUTO_AOF_REWRITE_MIN_SIZE).max(0) as u64;
    if pct > 0 && aof.current_size > min {
        let base = aof.base_size.max(1);
        let growth = (aof.current_size.saturating_sub(base) * 100 / base) as i64;
        if growth >= pct && !disk.rewrite_limit.limited(e, now) {
            info!("Starting automatic rewriting of AOF on {growth}% growth");
            if fork_rewrite(disk, e).is_ok() {
                e.persist.aof_rewrite_started = Some(now);
            }
        }
    }
}

// ----- spinel-server --check-aof [--fix|--truncate-to-timestamp T] FILE ---------------------------

/// What `--check-aof` does besides checking.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum CheckMode {
    Check,
    /// Truncates a torn or corrupt tail of the last file.
    Fix,
    /// Cuts the last file at its first `#TS:` annotation later than this (unix seconds): the
    /// data as it was then (aof-timestamp-enabled).
    TruncateTo(u64),
}

/// Checks an AOF file (or each file of a manifest), as redis-check-aof does, and repairs or
/// cuts it as `mode` says. Returns the exit code.
pub fn check_aof(path: &str, mode: CheckMode) -> i32 {
    let fix = mode == CheckMode::Fix;
    let p = Path::new(path);
    let files: Vec<PathBuf> = if path.ends_with(".manifest") {
        let text = match fs::read_to_string(p) {
            Ok(t) => t,
            Err(err) => {
                println!("Cannot open file {path}: {}", os_error_text(&err));
                return 1;
            }
        };
        match Manifest::parse(&text) {
            Ok(m) => m.base.iter().chain(m.incrs.iter()).map(|f| p.parent().unwrap_or(Path::new(".")).join(&f.name)).collect(),
            Err(msg) => {
                println!("{msg}");
                return 1;
            }
        }
    } else {
        vec![p.to_path_buf()]
    };
    for (i, f) in files.iter().enumerate() {
        let last = i + 1 == files.len();
        let data = match fs::read(f) {
            Ok(d) => d,
            Err(err) => {
                println!("Cannot open file {}: {}", f.display(), os_error_text(&err));
                return 1;
            }
        };
        let mut offset = 0;
        if data.starts_with(b"REDIS") {
            println!("The AOF appears to start with an RDB preamble.\nChecking the RDB preamble to start:");
            let mut scratch = Engine::new(spinel_core::config::Config::default(), Default::default(), 1, unix_us());
            match rdb::file::load(&mut scratch, &data, 0) {
                Ok(rep) => {
                    println!("RDB preamble is OK, proceeding with AOF tail...");
                    offset = rep.consumed;
                }
                Err(err) => {
                    println!("RDB preamble of AOF file is not sane, aborting: {}", err.0);
                    return 1;
                }
            }
        }
        let ok_up_to = match replay(&data[offset..], None, 0) {
            Replay::Complete => data.len(),
            Replay::Truncated(v) | Replay::Corrupt(v) | Replay::UnknownCommand(v, _) => offset + v,
        };
        let diff = data.len() - ok_up_to;
        if let (CheckMode::TruncateTo(ts), 0) = (mode, diff) {
            match truncate_to_timestamp(f, &data, offset, ts, last) {
                Ok(()) => continue,
                Err(()) => return 1,
            }
        }
        println!("AOF analyzed: filename={}, size={}, ok_up_to={}, diff={}", f.display(), data.len(), ok_up_to, diff);
        if diff == 0 {
            println!("AOF {} is valid", f.display());
            continue;
        }
        if !fix || !last {
            println!("AOF {} is not valid. Use the --fix option to try fixing it.", f.display());
            return 1;
        }
        let res = OpenOptions::new().write(true).open(f).and_then(|file| {
            file.set_len(ok_up_to as u64)?;
            file.sync_all()
        });
        match res {
            Ok(()) => println!("Successfully truncated AOF {}", f.display()),
            Err(err) => {
                println!("Failed to truncate AOF {}: {}", f.display(), os_error_text(&err));
                return 1;
            }
        }
    }
    0
}

/// `--truncate-to-timestamp`: cuts `f` (a valid file, commands from `offset`) before its
/// first annotation later than `ts`, with redis-check-aof's messages; only the last file
/// may be cut.
fn truncate_to_timestamp(f: &Path, data: &[u8], offset: usize, ts: u64, last: bool) -> Result<(), ()> {
    let Some(cut) = spinel_core::aof::timestamp_cut(&data[offset..], ts).map(|c| offset + c) else {
        println!("Truncate nothing in AOF {} to timestamp {ts}", f.display());
        return Ok(());
    };
    if cut == 0 {
        println!("AOF {} has nothing before timestamp {ts}, aborting...", f.display());
        return Err(());
    }
    if !last {
        println!("Failed to truncate AOF {} to timestamp {ts} to offset {cut} because it is not the last file.", f.display());
        println!("If you insist, please delete all files after this file according to the manifest file and delete the corresponding records in manifest file manually. Then re-run redis-check-aof.");
        return Err(());
    }
    let res = OpenOptions::new().write(true).open(f).and_then(|file| {
        file.set_len(cut as u64)?;
        file.sync_all()
    });
    match res {
        Ok(()) => {
            println!("Successfully truncated AOF {} to timestamp {ts}", f.display());
            Ok(())
        }
        Err(err) => {
            println!("Failed to truncate AOF {} to timestamp {ts}: {}", f.display(), os_error_text(&err));
            Err(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_round_trips_in_redis_format() {
        let text = "file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\nfile appendonly.aof.2.incr.aof seq 2 type i\n";
        let m = Manifest::parse(text).unwrap();
        assert_eq!(m.render(), text);
        assert_eq!((m.next_base_seq(), m.next_incr_seq()), (2, 3));
        assert!(Manifest::parse("file a seq x type b").is_err());
        assert!(Manifest::parse("file a.aof seq 2 type i\nfile b.aof seq 1 type i").is_err());
        assert!(Manifest::parse("file ../x seq 1 type i").is_err());
        // History entries stay, between the base and the incr files (Redis's order).
        let text = "file a.7.base.rdb seq 7 type b\nfile a.2.incr.aof seq 2 type h\nfile a.6.base.rdb seq 6 type h\nfile a.3.incr.aof seq 3 type i\n";
        let m = Manifest::parse(text).unwrap();
        assert_eq!((m.history.len(), m.incrs.len()), (2, 1));
        assert_eq!(m.render(), text);
        // Names with spaces or control bytes are quoted, as Redis writes them (its
        // aof-multi-part.tcl names one " file seq \n\n.aof ").
        let quoted = "file \" file seq \\n\\n.aof .2.base.rdb\" seq 2 type b\nfile \" file seq \\n\\n.aof .2.incr.aof\" seq 2 type i\n";
        let m = Manifest::parse(quoted).unwrap();
        assert_eq!(m.base.as_ref().unwrap().name, " file seq \n\n.aof .2.base.rdb");
        assert_eq!(m.render(), quoted);
    }

    #[test]
    fn replay_finds_torn_tails_and_corruption() {
        let good = b"*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n";
        assert_eq!(replay(good, None, 0), Replay::Complete);
        assert_eq!(replay(&good[..good.len() - 3], None, 0), Replay::Truncated(23));
        let mut multi = good.to_vec();
        multi.extend_from_slice(b"*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n");
        assert_eq!(replay(&multi, None, 0), Replay::Truncated(good.len()));
        let mut bad = good.to_vec();
        bad.extend_from_slice(b"garbage\r\n");
        assert_eq!(replay(&bad, None, 0), Replay::Corrupt(good.len()));
    }
}
