//! Spinel's engine for JavaScript hosts (browsers, Node, Workers): a thin wasm-bindgen class
//! over [`spinel_core::Engine`]. The npm package (pkg/) wraps it in the node-redis style API.
//!
//! The hot path avoids every per-call allocation and copy across the boundary:
//! JS writes a command's arguments straight into [`Core`]'s input buffer inside wasm memory
//! (`[u32 LE length][bytes]` per argument, at the address [`Core::input_ptr`] returns),
//! [`Core::exec`] runs it, and JS reads the RESP reply from [`Core::out_ptr`]/[`Core::out_len`].
//! Numbers cross as `f64` (a `u64` would become a BigInt, which is slow).
//!
//! Scripting: spinel-lua's VM is installed in [`Core::new`]. A script runs in fuel slices:
//! a command that yields comes back as [`OUTCOME_RUNNING`] (its partial output is kept aside)
//! and is continued with [`Core::resume`] until it is done. JS resumes at once while
//! [`Core::script_busy`] is false (before `busy-reply-threshold` nobody else is served, as in
//! Redis), then between turns of its event loop, where other connections get BUSY.

use spinel_core::config::Config;
use spinel_core::snapshot::{BlobHeader, SnapshotLoader};
use spinel_core::{ClientId, ConnInfo, Engine, HostInfo, Outcome, Parser, ParserLimits};
use wasm_bindgen::prelude::*;

/// Outcome codes in the low 4 bits of [`Core::exec`]'s result.
pub const OUTCOME_DONE: u32 = 0;
pub const OUTCOME_BLOCKED: u32 = 1;
pub const OUTCOME_RUNNING: u32 = 2;
pub const OUTCOME_CLOSE: u32 = 3;
pub const OUTCOME_SHUTDOWN: u32 = 4;
/// Some client has output waiting (an unblocked reply, a message): call `take_ready`.
pub const FLAG_READY: u32 = 1 << 4;
/// The change stream has bytes the host has not taken yet: call `take_changes`.
pub const FLAG_CHANGES: u32 = 1 << 5;

/// Arguments kept on the stack up to this count; longer commands use a reused vector.
const SMALL_ARGC: usize = 16;

#[wasm_bindgen]
pub struct Core {
    engine: Engine,
    /// Arguments of the next command, written by JS.
    input: Vec<u8>,
    /// The reply of the last `exec`, or the output `take_pending` moved out.
    out: Vec<u8>,
    /// Change stream bytes not yet taken by the host.
    changes: Vec<u8>,
    changes_on: bool,
    /// Client that replays a stored log at load time.
    replayer: Option<ClientId>,
    /// `[address, length]` of `out` after every call that fills it, so JS reads the reply
    /// location from memory instead of making two more calls; `[2]`: commands `exec_many` ran.
    status: Box<[u32; 3]>,
    /// Output of a script that yielded (OUTCOME_RUNNING), kept until it is done: other
    /// clients' commands reuse `out` in between.
    running_out: Vec<u8>,
}

fn us(now_ms: f64) -> u64 {
    if now_ms.is_finite() && now_ms > 0.0 {
        (now_ms * 1000.0) as u64
    } else {
        0
    }
}

fn outcome_code(o: Outcome) -> u32 {
    match o {
        Outcome::Done => OUTCOME_DONE,
        Outcome::Blocked => OUTCOME_BLOCKED,
        Outcome::Running => OUTCOME_RUNNING,
        Outcome::Close => OUTCOME_CLOSE,
        Outcome::Shutdown => OUTCOME_SHUTDOWN,
    }
}

/// Splits `[u32 LE length][bytes]...` frames; None if they do not hold `argc` arguments.
fn next_arg(buf: &[u8], pos: &mut usize) -> Option<(usize, usize)> {
    let len_bytes = buf.get(*pos..*pos + 4)?;
    let len = u32::from_le_bytes([len_bytes[0], len_bytes[1], len_bytes[2], len_bytes[3]]) as usize;
    let start = *pos + 4;
    let end = start.checked_add(len)?;
    if end > buf.len() {
        return None;
    }
    *pos = end;
    Some((start, end))
}

#[wasm_bindgen]
impl Core {
    /// A new engine. `seed` (from crypto.getRandomValues) seeds hashing and randomness;
    /// `config` holds `name value` lines (as redis.conf: e.g. `hz 10`), applied at startup.
    #[wasm_bindgen(constructor)]
    pub fn new(seed_hi: u32, seed_lo: u32, now_ms: f64, config: &str) -> Result<Core, JsError> {
        #[cfg(debug_assertions)]
        console_error_panic_hook::set_once();
        let mut cfg = Config::default();
        for line in config.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (name, value) = line.split_once(' ').unwrap_or((line, ""));
            cfg.set(name, value.trim(), true)
                .map_err(|e| JsError::new(&format!("config `{line}`: {e}")))?;
        }
        let host = HostInfo { os: "wasm32".into(), multiplexing_api: "wasm", ..HostInfo::default() };
        let seed = (u64::from(seed_hi) << 32) | u64::from(seed_lo);
        #[allow(unused_mut)]
        let mut engine = Engine::new(cfg, host, seed, us(now_ms));
        #[cfg(feature = "lua")]
        engine.set_script_engine(Box::new(spinel_lua::LuaScripting::new()));
        Ok(Core {
            engine,
            input: Vec::new(),
            out: Vec::new(),
            changes: Vec::new(),
            changes_on: false,
            replayer: None,
            status: Box::new([0; 3]),
            running_out: Vec::new(),
        })
    }

    /// The wasm memory the `*_ptr` addresses point into.
    pub fn memory() -> JsValue {
        wasm_bindgen::memory()
    }

    /// Registers a client (a connection: its own SELECT, MULTI, blocking state).
    pub fn connect(&mut self, now_ms: f64) -> u32 {
        let conn = ConnInfo { fd: -1, ..ConnInfo::default() };
        self.engine.connect(conn, us(now_ms)).0
    }

    pub fn disconnect(&mut self, client: u32) {
        self.engine.disconnect(ClientId(client));
    }

    /// Makes room for `len` bytes of arguments; returns the input buffer's address.
    /// The address stays valid until the next call to this method (or memory growth in
    /// JS's view: re-read `memory().buffer` when its length changed).
    pub fn input_ptr(&mut self, len: usize) -> usize {
        self.input.clear();
        self.input.resize(len, 0);
        self.input.as_mut_ptr() as usize
    }

    /// Runs the command whose `argc` arguments JS wrote at `input_ptr` (`len` bytes).
    /// The reply is at `out_ptr`/`out_len`. Returns an outcome code with FLAG_* bits.
    pub fn exec(&mut self, client: u32, argc: usize, len: usize, now_ms: f64) -> u32 {
        let frames = &self.input[..len.min(self.input.len())];
        let outcome = run_frames(&mut self.engine, &mut self.out, frames, ClientId(client), argc, us(now_ms));
        self.finish(outcome)
    }

    /// Runs `count` commands written at `input_ptr` as `[u32 LE argc]` + argument frames each
    /// (a pipeline), in order, their replies one after another in `out`. Stops early at a
    /// command that does not complete (blocked, close); status[2] says how many ran.
    pub fn exec_many(&mut self, client: u32, count: usize, len: usize, now_ms: f64) -> u32 {
        let input = core::mem::take(&mut self.input);
        let frames = &input[..len.min(input.len())];
        let now = us(now_ms);
        let client = ClientId(client);
        self.out.clear();
        let mut pos = 0;
        let mut ran = 0;
        let mut outcome = Outcome::Done;
        let mut argv: Vec<&[u8]> = Vec::new();
        while ran < count {
            let Some(argc) = frames.get(pos..pos + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize) else {
                break;
            };
            pos += 4;
            argv.clear();
            for _ in 0..argc {
                match next_arg(frames, &mut pos) {
                    Some((s, e)) => argv.push(&frames[s..e]),
                    None => break,
                }
            }
            if argv.len() != argc {
                self.out.extend_from_slice(b"-ERR Protocol error: malformed argument frames\r\n");
                ran += 1;
                break;
            }
            outcome = self.engine.execute(client, &argv, now, &mut self.out);
            // A script in a pipeline runs to completion here (one call from JS has no turn
            // of the event loop to give other connections).
            while outcome == Outcome::Running {
                outcome = self.engine.resume(client, now, &mut self.out);
            }
            ran += 1;
            if outcome != Outcome::Done {
                break;
            }
        }
        drop(argv);
        self.input = input;
        self.set_status();
        self.status[2] = ran as u32;
        outcome_code(outcome) | self.flags()
    }

    /// Same as `exec`, with the arguments copied in from JS (simpler, one copy slower).
    pub fn exec_frames(&mut self, client: u32, frames: &[u8], argc: usize, now_ms: f64) -> u32 {
        let outcome = run_frames(&mut self.engine, &mut self.out, frames, ClientId(client), argc, us(now_ms));
        self.finish(outcome)
    }

    /// Address of `[u32 out address, u32 out length, u32 ran]`, updated by every call that fills `out`.
    pub fn status_ptr(&self) -> usize {
        self.status.as_ptr() as usize
    }

    pub fn out_ptr(&self) -> usize {
        self.out.as_ptr() as usize
    }

    pub fn out_len(&self) -> usize {
        self.out.len()
    }

    /// A copy of the last reply (for callers that do not read memory directly).
    pub fn out(&self) -> Vec<u8> {
        self.out.clone()
    }

    /// Continues a command that returned OUTCOME_RUNNING (a script that yielded) for one
    /// more slice. While it returns OUTCOME_RUNNING, `out` holds nothing to read; once it
    /// returns another outcome, `out` holds the command's whole reply.
    pub fn resume(&mut self, client: u32, now_ms: f64) -> u32 {
        self.out.clear();
        self.out.append(&mut self.running_out);
        let o = self.engine.resume(ClientId(client), us(now_ms), &mut self.out);
        self.park_if_running(o);
        self.set_status();
        outcome_code(o) | self.flags()
    }

    /// True once a running script passed `busy-reply-threshold`: the host should serve
    /// other connections (they get BUSY, SCRIPT KILL works) between slices.
    pub fn script_busy(&self) -> bool {
        self.engine.script_is_busy()
    }

    /// Clients with output waiting (replies of unblocked commands, pushes).
    pub fn take_ready(&mut self) -> Vec<u32> {
        self.engine.take_ready().into_iter().map(|c| c.0).collect()
    }

    /// Moves a client's waiting output to `out_ptr`/`out_len`; true if the engine asked
    /// to close that client.
    pub fn take_pending(&mut self, client: u32) -> bool {
        self.out.clear();
        let close = self.engine.take_pending(ClientId(client), &mut self.out);
        self.set_status();
        close
    }

    /// Periodic work (active expiry, blocked-client timeouts); call about `hz` times a second.
    pub fn cron(&mut self, now_ms: f64) -> u32 {
        self.engine.cron(us(now_ms));
        self.flags()
    }

    /// Calls per second `cron` wants (config `hz`).
    pub fn hz(&self) -> u32 {
        self.engine.config.int(spinel_core::config::opt::HZ).clamp(1, 500) as u32
    }

    /// Starts recording every effective write (AOF-format RESP, absolute expiries).
    pub fn set_change_stream(&mut self, on: bool) {
        self.changes_on = on;
        self.engine.set_change_stream(on);
    }

    /// Bytes of change stream waiting.
    pub fn changes_len(&mut self) -> usize {
        self.engine.take_changes(&mut self.changes);
        self.changes.len()
    }

    /// Moves the recorded changes out.
    pub fn take_changes(&mut self) -> Vec<u8> {
        self.engine.take_changes(&mut self.changes);
        core::mem::take(&mut self.changes)
    }

    /// The keyspace now, as the engine's snapshot blobs (`spinel_core::snapshot`: RDB-encoded
    /// records with a checksummed header), each at most `max_bytes`, concatenated. Changes
    /// not yet taken are in it, so they are dropped; the next ones start a new log (with a
    /// SELECT first). Restore with `restore_snapshot`.
    pub fn snapshot(&mut self, max_bytes: usize, generation: f64) -> Vec<u8> {
        self.engine.take_changes(&mut self.changes);
        self.changes.clear();
        let mut out = Vec::new();
        for chunk in self.engine.snapshot_chunks(max_bytes, generation.max(0.0) as u64) {
            out.extend_from_slice(&chunk);
        }
        if self.changes_on {
            self.engine.set_change_stream(true);
        }
        out
    }

    /// Loads what `snapshot` produced (into an engine that has not started recording).
    pub fn restore_snapshot(&mut self, data: &[u8]) -> Result<(), JsError> {
        self.restore_blobs(data).map_err(|e| JsError::new(&e))
    }

    /// Replays stored RESP commands (a log written from `take_changes`), without recording
    /// them again. Returns how many bytes were replayed: less than `data.len()` when the tail
    /// is a command cut short (a write that failed half way), which is ignored, as Redis's
    /// aof-load-truncated does; the host must not append after it. A corrupt log is an error.
    pub fn replay(&mut self, data: &[u8], now_ms: f64) -> Result<usize, JsError> {
        let now = us(now_ms);
        let id = match self.replayer {
            Some(id) => id,
            None => {
                let id = self.engine.connect(ConnInfo { fd: -1, ..ConnInfo::default() }, now);
                self.replayer = Some(id);
                id
            }
        };
        self.engine.set_change_stream(false);
        // Loading: no key expires until the whole log is in (a later command may extend or
        // remove a TTL that has passed by now).
        self.engine.set_loading(true);
        let limits = ParserLimits::default();
        let mut parser = Parser::new();
        let mut pos = 0;
        let mut result = Ok(());
        while pos < data.len() {
            let rest = &data[pos..];
            match parser.parse(rest, &limits, false) {
                Ok(Some(used)) => {
                    let mut argv: Vec<&[u8]> = Vec::with_capacity(parser.argc());
                    parser.fill_argv(rest, &mut argv);
                    if !argv.is_empty() {
                        self.out.clear();
                        self.engine.execute(id, &argv, now, &mut self.out);
                    }
                    pos += used;
                }
                Ok(None) => break,
                Err(e) => {
                    result = Err(JsError::new(&format!("corrupt log at byte {pos}: {e:?}")));
                    break;
                }
            }
        }
        self.engine.set_loading(false);
        self.engine.set_change_stream(self.changes_on);
        self.out.clear();
        result.map(|()| pos)
    }

    /// The storage failed to store the change log (`Some(error text)`) or stores it again
    /// (`None`). While it fails, writes get Redis's MISCONF error, reads work.
    pub fn set_storage_error(&mut self, error: Option<String>) {
        self.engine.persist.aof_write_error = error;
    }
}

impl Core {
    /// Keeps a yielded script's output aside until it is done.
    fn park_if_running(&mut self, o: Outcome) {
        if o == Outcome::Running {
            core::mem::swap(&mut self.out, &mut self.running_out);
            self.out.clear();
        }
    }

    #[inline]
    fn flags(&mut self) -> u32 {
        // The end of a batch for the engine: BCAST tracking invalidations go out.
        self.engine.before_sleep();
        let mut f = 0;
        if self.engine.has_ready() {
            f |= FLAG_READY;
        }
        if self.changes_on {
            self.engine.take_changes(&mut self.changes);
            if !self.changes.is_empty() {
                f |= FLAG_CHANGES;
            }
        }
        f
    }

    /// The code `exec` returns for `run_frames`'s outcome (None: malformed frames).
    fn finish(&mut self, outcome: Option<Outcome>) -> u32 {
        let Some(outcome) = outcome else { return self.bad_frames() };
        self.park_if_running(outcome);
        self.set_status();
        outcome_code(outcome) | self.flags()
    }

    fn set_status(&mut self) {
        self.status[0] = self.out.as_ptr() as usize as u32;
        self.status[1] = self.out.len() as u32;
    }

    fn bad_frames(&mut self) -> u32 {
        self.out.clear();
        self.out.extend_from_slice(b"-ERR Protocol error: malformed argument frames\r\n");
        self.set_status();
        OUTCOME_DONE
    }

    /// `restore_snapshot` with its error as text.
    pub fn restore_blobs(&mut self, data: &[u8]) -> Result<(), String> {
        let mut loader = SnapshotLoader::new();
        let mut pos = 0;
        while pos < data.len() {
            let len = blob_len(&data[pos..]).ok_or_else(|| format!("corrupt snapshot at byte {pos}"))?;
            self.engine
                .restore_chunk(&mut loader, &data[pos..pos + len])
                .map_err(|e| format!("corrupt snapshot at byte {pos}: {e:?}"))?;
            pos += len;
        }
        if !data.is_empty() && !loader.is_complete() {
            return Err("snapshot is incomplete: its last chunk is missing".into());
        }
        Ok(())
    }

    /// The last reply (native tests).
    pub fn reply_bytes(&self) -> &[u8] {
        &self.out
    }
}

/// Length of the snapshot blob at the start of `b` (magic, postcard header, payload), if whole.
fn blob_len(b: &[u8]) -> Option<usize> {
    let rest = b.strip_prefix(b"SPNL")?;
    let (h, after): (BlobHeader, &[u8]) = postcard::take_from_bytes(rest).ok()?;
    let len = 4 + (rest.len() - after.len()) + h.payload_len as usize;
    (len <= b.len()).then_some(len)
}

/// Encodes arguments as `exec` frames (native tests and Rust callers).
pub fn frames(args: &[&[u8]]) -> Vec<u8> {
    let mut v = Vec::new();
    for a in args {
        v.extend_from_slice(&(a.len() as u32).to_le_bytes());
        v.extend_from_slice(a);
    }
    v
}

#[cfg(test)]
mod tests;

/// Runs the one command whose `argc` argument frames are `frames` (the engine and the reply
/// buffer are passed apart from `Core` so that `frames` can borrow its input buffer).
/// None if the frames are malformed.
fn run_frames(engine: &mut Engine, out: &mut Vec<u8>, frames: &[u8], client: ClientId, argc: usize, now: u64) -> Option<Outcome> {
    out.clear();
    let mut pos = 0;
    if argc <= SMALL_ARGC {
        let mut argv: [&[u8]; SMALL_ARGC] = [&[]; SMALL_ARGC];
        for slot in argv.iter_mut().take(argc) {
            let (s, e) = next_arg(frames, &mut pos)?;
            *slot = &frames[s..e];
        }
        Some(engine.execute(client, &argv[..argc], now, out))
    } else {
        let mut argv: Vec<&[u8]> = Vec::with_capacity(argc.min(frames.len() / 4));
        for _ in 0..argc {
            let (s, e) = next_arg(frames, &mut pos)?;
            argv.push(&frames[s..e]);
        }
        Some(engine.execute(client, &argv, now, out))
    }
}
