//! The engine's side of scripting. The script VM itself lives outside the core (spinel-lua);
//! hosts install it with [`Engine::set_script_engine`]. The core keeps what dispatch needs:
//! the command table entries (commands/scripting.rs), the BUSY rule while a script runs in
//! slices, and [`Engine::call_from_script`], the single way a script runs a command
//! (`redis.call`), applying Redis's rules for commands called from scripts.

use crate::client::ClientId;
use crate::commands::{self, flags, CommandSpec, Ctx};
use crate::engine::{Engine, Outcome};
use crate::resp::writer::{Protocol, Reply};
use alloc::boxed::Box;
use alloc::vec::Vec;

/// A script VM (EVAL, SCRIPT, FUNCTION, FCALL). The engine hands itself to every call, so
/// the VM runs commands through [`Engine::call_from_script`] with no shared ownership.
pub trait ScriptEngine {
    /// Runs a scripting command: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, SCRIPT *, FUNCTION *,
    /// FCALL, FCALL_RO. A script that did not finish in its time slice sets
    /// `ctx.outcome = Outcome::Running` and calls [`Engine::script_started`]; the host then
    /// calls [`Engine::resume`] until it is done.
    fn command(&mut self, engine: &mut Engine, ctx: &mut Ctx);
    /// Runs the next slice of `client`'s script; writes its reply into `out` when it ends.
    fn resume(&mut self, engine: &mut Engine, client: ClientId, out: &mut Reply) -> Outcome;
    /// Bytes used by the VM (INFO `used_memory_lua`, `used_memory_vm_eval`).
    fn memory(&self) -> usize;
    /// Scripts cached by EVAL/SCRIPT LOAD, function libraries and functions (INFO memory).
    fn counts(&self) -> ScriptCounts {
        ScriptCounts::default()
    }
    /// The code of every function library: snapshots keep them (RDB's FUNCTION2 records, an
    /// AOF base's FUNCTION LOAD commands).
    fn library_codes(&self) -> Vec<Vec<u8>> {
        Vec::new()
    }
    /// Loads a library from a snapshot; one of the same name is replaced with `replace`, else
    /// refused. Err: the reason.
    fn restore_library(&mut self, _code: &[u8], _replace: bool) -> Result<(), alloc::string::String> {
        Err("no function engine".into())
    }
    /// Drops every library (DEBUG RELOAD empties them with the keys).
    fn flush_libraries(&mut self) {}
    /// For EVAL*, FCALL* `argv`: the flags the script or function declares
    /// (`DeclaredFlags::COMPAT` for a script without a shebang); `None` when it is not known.
    fn declared_flags(&self, _argv: &[&[u8]]) -> Option<DeclaredFlags> {
        None
    }
}

/// Flags a script (`#!lua flags=...`) or function declares that the engine judges it by
/// before it runs (Redis's scriptFlagsToCmdFlags). `compat`: a script without a shebang
/// (Redis's eval compatibility mode), which declares nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeclaredFlags {
    pub compat: bool,
    pub no_writes: bool,
    pub allow_stale: bool,
}

impl DeclaredFlags {
    pub const COMPAT: DeclaredFlags = DeclaredFlags { compat: true, no_writes: false, allow_stale: false };
}

/// What INFO memory reports of the script VM's contents.
#[derive(Clone, Copy, Debug, Default)]
pub struct ScriptCounts {
    pub cached_scripts: usize,
    pub libraries: usize,
    pub functions: usize,
    /// Bytes of the cached scripts' bodies and of the libraries' code.
    pub scripts_bytes: usize,
    pub functions_bytes: usize,
}

/// Rules for a command run from a script.
#[derive(Clone, Copy, Debug, Default)]
pub struct CallFlags {
    /// EVAL_RO, FCALL_RO, `no-writes` shebang flag: write commands are refused.
    pub read_only: bool,
    /// The script's protocol (`redis.setresp`).
    pub resp3: bool,
    /// `redis.set_repl(redis.REPL_NONE)`: the command's writes stay out of the change stream.
    pub no_propagate: bool,
    /// `allow-oom` shebang or function flag: denyoom commands run even past maxmemory.
    pub allow_oom: bool,
}

/// A script running in slices (between `execute` returning `Running` and its end).
#[derive(Clone, Copy, Debug)]
pub(crate) struct RunningScript {
    pub client: ClientId,
    pub started_us: u64,
    /// A function (FCALL): BUSY names FUNCTION KILL instead of SCRIPT KILL.
    pub is_function: bool,
}

/// Scripting state held by the engine.
#[derive(Default)]
pub(crate) struct Scripting {
    pub vm: Option<Box<dyn ScriptEngine>>,
    pub running: Option<RunningScript>,
    /// Memory was over maxmemory when the current script's command started.
    pub oom_at_start: bool,
    /// The current script has called a write command.
    pub wrote: bool,
    /// The current script has called a read-only command (client tracking).
    pub read_something: bool,
    /// The script's error reply is the error of a command it called, which INFO already
    /// counted when that command failed (Redis's `ignore_error_stats_update`).
    pub error_counted: bool,
}

pub const BUSY_EVAL: &str = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
pub const BUSY_FUNCTION: &str = "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";

impl Engine {
    /// Installs the script VM (the host does this at startup).
    pub fn set_script_engine(&mut self, vm: Box<dyn ScriptEngine>) {
        self.scripting.vm = Some(vm);
    }

    /// What the script VM holds, zeros without one.
    pub fn script_counts(&self) -> ScriptCounts {
        self.scripting.vm.as_ref().map_or_else(ScriptCounts::default, |vm| vm.counts())
    }

    /// The code of every function library (none without a script VM).
    pub fn function_library_codes(&self) -> Vec<Vec<u8>> {
        self.scripting.vm.as_ref().map_or_else(Vec::new, |vm| vm.library_codes())
    }

    /// Loads a function library from a snapshot. `None` without a script VM (the library is
    /// skipped: tools that only check a file have none).
    pub fn restore_function_library(&mut self, code: &[u8], replace: bool) -> Option<Result<(), alloc::string::String>> {
        self.scripting.vm.as_mut().map(|vm| vm.restore_library(code, replace))
    }

    /// Whether a scripting command may write, as Redis judges it before running it (CLIENT
    /// PAUSE WRITE): by the flags its script or function declares, else by the command's.
    pub(crate) fn script_declares_no_writes(&self, argv: &[&[u8]]) -> Option<bool> {
        self.script_declared_flags(argv).filter(|f| !f.compat).map(|f| f.no_writes)
    }

    /// The flags a scripting command's script or function declares, if it declares any.
    pub(crate) fn script_declared_flags(&self, argv: &[&[u8]]) -> Option<DeclaredFlags> {
        self.scripting.vm.as_ref().and_then(|vm| vm.declared_flags(argv))
    }

    /// Drops every function library.
    pub fn flush_function_libraries(&mut self) {
        if let Some(vm) = self.scripting.vm.as_mut() {
            vm.flush_libraries();
        }
    }

    /// Memory used by the script VM, 0 without one.
    pub fn script_memory(&self) -> usize {
        self.scripting.vm.as_ref().map_or(0, |vm| vm.memory())
    }

    /// Whether memory was over maxmemory when the current scripting command started: EVAL
    /// of a script with flags, and FCALL, are refused then unless the script declares
    /// `no-writes` or `allow-oom` (Redis counts them as denyoom commands).
    pub fn script_out_of_memory(&self) -> bool {
        self.scripting.oom_at_start
    }

    /// The script engine's error reply for the script is the error of a command it called
    /// (`return redis.call(...)` that failed): INFO errorstats counted it already.
    pub fn script_error_already_counted(&mut self) {
        self.scripting.error_counted = true;
    }

    /// Memory as Redis's `used_memory` counts it (INFO, MEMORY STATS, maxmemory): the host's
    /// figure without the script VM's heap, which Redis's Lua allocates outside its
    /// allocator's accounting. Otherwise the garbage of one script could evict keys.
    pub fn used_memory(&self) -> usize {
        (self.host.used_memory)().saturating_sub(self.script_memory())
    }

    /// The VM says a script of `client` continues in slices.
    pub fn script_started(&mut self, client: ClientId, now_us: u64, is_function: bool) {
        self.scripting.running = Some(RunningScript { client, started_us: now_us, is_function });
    }

    /// The client whose script is running in slices, and since when.
    pub fn running_script(&self) -> Option<(ClientId, u64)> {
        self.scripting.running.map(|r| (r.client, r.started_us))
    }

    /// True once a running script passed `busy-reply-threshold`: the host then serves other
    /// clients between slices (they get BUSY), as Redis does.
    pub fn script_is_busy(&self) -> bool {
        match self.scripting.running {
            Some(r) => {
                let limit_us = self.config.int(crate::config::opt::BUSY_REPLY_THRESHOLD).max(0) as u64 * 1000;
                self.now_us.saturating_sub(r.started_us) >= limit_us
            }
            None => false,
        }
    }

    /// The BUSY error for a command arriving while a script runs, if it must be refused.
    pub(crate) fn busy_error(&self, spec: &commands::CommandSpec) -> Option<&'static str> {
        let r = self.scripting.running?;
        if spec.has(flags::ALLOW_BUSY) {
            return None;
        }
        Some(if r.is_function { BUSY_FUNCTION } else { BUSY_EVAL })
    }

    /// Hands the dispatch of a scripting command to the VM (the command table's handler).
    pub(crate) fn run_script_command(&mut self, ctx: &mut Ctx) {
        self.scripting.oom_at_start = self.pre_command_oom;
        self.scripting.wrote = false;
        self.scripting.read_something = false;
        match self.scripting.vm.take() {
            Some(mut vm) => {
                vm.command(self, ctx);
                self.scripting.vm = Some(vm);
            }
            None => ctx.out.error("ERR scripting is not available in this build"),
        }
        // A tracking caller of a script that read: Redis 7.0 remembers, for the script's
        // reads, the keys its EVAL/FCALL declared (trackingRememberKeys on the caller's argv).
        if self.scripting.read_something && self.tracking.clients != 0 && ctx.outcome != Outcome::Running {
            if let Some(spec) = self.lookup_command(ctx.argv) {
                self.tracking_remember_keys_of(ctx.client, spec, ctx.argv);
            }
        }
    }

    /// Continues the running script of `client`.
    pub(crate) fn resume_script(&mut self, client: ClientId, out: &mut Vec<u8>) -> Outcome {
        let proto = self.protocol(client);
        let start = out.len();
        let mut reply = Reply::new(out, proto);
        let outcome = match self.scripting.vm.take() {
            Some(mut vm) => {
                let o = vm.resume(self, client, &mut reply);
                self.scripting.vm = Some(vm);
                o
            }
            None => Outcome::Done,
        };
        if outcome != Outcome::Running {
            self.scripting.running = None;
            self.end_unit();
            // Commands held for the script's end (the master's stream) run now, unless a
            // pause still holds them.
            if !self.pause.held.is_empty() && !self.dataset_frozen() {
                self.unpause_clients();
            }
            if reply.errors > 0 && !core::mem::take(&mut self.scripting.error_counted) {
                self.stats.total_error_replies += reply.errors as u64;
                self.diag.count_error(&reply.buf[start..]);
            }
            if !self.blocking.ready.is_empty() {
                self.serve_ready();
            }
            // Its caller closed meanwhile (the host drops the reply): it goes now.
            if self.clients.get(client).is_some_and(|c| c.gone) {
                self.disconnect(client);
            }
        }
        outcome
    }

    /// Runs `argv` for a script of `caller` (`redis.call`), writing the reply as RESP in the
    /// script's protocol into `out`. Applies Redis's rules for scripts: unknown commands,
    /// arity, `noscript` commands and writes from read-only scripts are refused with the
    /// texts Redis uses inside scripts; blocking commands answer at once. Writes enter the
    /// change stream as the commands run. Returns true if the reply is an error.
    pub fn call_from_script(&mut self, caller: ClientId, argv: &[&[u8]], fl: CallFlags, out: &mut Vec<u8>) -> bool {
        let proto = if fl.resp3 { Protocol::Resp3 } else { Protocol::Resp2 };
        let start = out.len();
        let mut reply = Reply::new(out, proto);
        // An unknown subcommand is an unknown command here, as Redis's lookupCommand finds none.
        let spec = self.lookup_command(argv).and_then(|spec| commands::lookup_subcommand(spec, argv));
        if let Err(refusal) = self.check_script_call(caller, spec, argv, fl) {
            reply.error(&refusal);
            // Counted as Redis counts a command refused before it runs.
            self.stats.total_error_replies += 1;
            self.diag.count_error(&reply.buf[start..]);
            if let Some(spec) = spec {
                self.diag.record_rejected(spec);
            }
            return true;
        }
        let spec = spec.expect("checked");
        if spec.has(flags::WRITE) {
            self.scripting.wrote = true;
        }
        let dirty_before = self.dirty;
        let started = self.clock_us();
        let mut ctx = Ctx::new(caller, argv, reply);
        ctx.no_block = true;
        ctx.from_script = true;
        (spec.handler)(self, &mut ctx);
        self.stats.total_commands_processed += 1;
        if spec.has(flags::READONLY) {
            self.scripting.read_something = true;
        }
        if self.dirty != dirty_before && !ctx.propagated && self.changes.enabled && !fl.no_propagate {
            let db = self.clients.get(caller).map_or(0, |c| c.db);
            self.propagate(db, argv);
        }
        // INFO commandstats and errorstats count the commands scripts call, and MONITOR shows
        // them from `lua` in the script's database, as Redis's call().
        let errors = ctx.out.errors;
        if !self.monitors.is_empty() && !spec.has(flags::SKIP_MONITOR | flags::ADMIN) {
            self.feed_monitors_from(caller, Some(b"lua"), argv);
        }
        let failed = errors > 0 && ctx.out.buf.get(start) == Some(&b'-');
        if failed {
            self.diag.count_error(&ctx.out.buf[start..]);
        }
        self.stats.total_error_replies += errors as u64;
        let duration = self.clock_us().saturating_sub(started);
        self.diag.record_call(spec, duration, failed);
        errors > 0
    }

    /// Redis's refusals of a command called by a script, in its order and words: unknown
    /// commands, arity, `noscript` commands, ACL, writes from read-only scripts and, past
    /// maxmemory when the script started, its first denyoom write (once it has written, it
    /// cannot be stopped half way: Redis's scriptVerifyOOM).
    fn check_script_call(&mut self, caller: ClientId, spec: Option<&'static CommandSpec>, argv: &[&[u8]], fl: CallFlags) -> Result<(), alloc::borrow::Cow<'static, str>> {
        let Some(spec) = spec else { return Err("ERR Unknown Redis command called from script".into()) };
        if !spec.arity_ok(argv.len()) {
            return Err("ERR Wrong number of args calling Redis command from script".into());
        }
        if spec.has(flags::NOSCRIPT) && !self.script_deny_disabled {
            return Err("ERR This Redis command is not allowed from script".into());
        }
        self.acl_check_script(caller, spec, argv)?;
        // PUBLISH, PFCOUNT and other may-replicate commands count as writes here, as in Redis.
        if spec.has(flags::WRITE | flags::MAY_REPLICATE) && fl.read_only {
            return Err("ERR Write commands are not allowed from read-only scripts.".into());
        }
        #[cfg(feature = "server")]
        if spec.has(flags::WRITE) && !self.scripting.wrote && self.is_replica_of_master() && !self.obeying_master() && self.config.bool(crate::config::opt::REPLICA_READ_ONLY) {
            return Err("READONLY You can't write against a read only replica.".into());
        }
        // Persistence failing (MISCONF): the script's first write is refused, as Redis's
        // scriptVerifyWriteCommandAllow (after it wrote, it cannot be stopped half way).
        if spec.has(flags::WRITE) && !self.scripting.wrote {
            if let Some(msg) = self.write_denied() {
                return Err(msg.into());
            }
        }
        #[cfg(feature = "server")]
        if spec.has(flags::WRITE) && !self.scripting.wrote && !self.enough_good_replicas() {
            return Err(crate::repl::NOREPLICAS.into());
        }
        #[cfg(feature = "server")]
        if !spec.has(flags::STALE) && self.serving_stale_refused() {
            return Err("ERR Can not execute the command on a stale replica".into());
        }
        if self.scripting.oom_at_start && !fl.allow_oom && !self.scripting.wrote && spec.has(flags::DENYOOM) {
            return Err(crate::evict::OOM_ERROR.into());
        }
        Ok(())
    }
}

impl Engine {
    /// SHUTDOWN without NOSAVE while a script runs: refused with the BUSY text.
    pub(crate) fn running_script_busy_error(&self) -> Option<&'static str> {
        self.scripting.running.map(|r| if r.is_function { BUSY_FUNCTION } else { BUSY_EVAL })
    }
}

impl Engine {
    /// The engine's clock (unix microseconds), as last given by the host.
    pub fn now_us(&self) -> u64 {
        self.now_us
    }
}
