//! Lua scripting for Spinel on piccolo: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT.
//!
//! [`LuaScripting`] implements spinel-core's [`ScriptEngine`]; a host installs it with
//! `engine.set_script_engine(Box::new(LuaScripting::new()))`.
//!
//! How a script runs: the body is compiled once (cached by SHA1, shared by all clients) and
//! run on a piccolo `Executor` stepped with fuel, so a busy script is interruptible without a
//! second thread. `redis.call` does not reach the engine from inside the VM (piccolo
//! callbacks are `'static`); it *yields* the command out of the executor to the driver loop
//! here, which runs it with `Engine::call_from_script` and resumes the script with the reply
//! converted to Lua values (or with the error raised, for `redis.call`). The driver runs a
//! slice of fuel per `execute`/`resume`; a script that needs more returns
//! `Outcome::Running` and the host keeps resuming it.

mod api;
mod convert;
mod binlib;
mod extlib;
mod functions;
mod mathlib;
pub mod num;
mod pattern;
mod stdlib;
mod strlib;
mod tablib;

use piccolo::{
    Closure, Executor, ExecutorMode, Fuel, Function, Lua, StashedExecutor, StashedFunction, StashedTable, UserData, Value,
    Variadic,
};
use spinel_core::commands::Ctx;
use spinel_core::scripting::DeclaredFlags;
use spinel_core::{CallFlags, ClientId, Engine, Outcome, Reply, ScriptEngine};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Fuel of one `Executor::step` (between garbage-collector visits).
const STEP_FUEL: i32 = 4096;
/// Fuel of one slice: past it, `execute`/`resume` return `Running` so the host can look at
/// the clock (busy-reply-threshold) and serve other clients. Around 10-50 ms of Lua.
const SLICE_FUEL: i64 = 1_000_000;
/// Fuel charged for a `redis.call`, whose command runs outside the VM's accounting.
const CALL_FUEL: i64 = 100;
/// The heap may grow by this factor of what the last collection kept before the next starts.
const GC_PAUSE_FACTOR: f64 = 4.0;
/// ... and by at least this many bytes.
const GC_MIN_SLEEP: usize = 4 << 20;
/// A finished script that leaves the Lua heap larger than this collects its garbage.
const GC_AFTER_SCRIPT: usize = 16 << 20;
/// Memory a script may use (bytes held by the Lua heap); past it the script is stopped.
pub const DEFAULT_MEMORY_LIMIT: usize = 256 * 1024 * 1024;

/// State the Lua callbacks share with the driver (piccolo callbacks are `'static`).
#[derive(Default)]
pub(crate) struct Shared {
    /// `redis.setresp`: the protocol of replies seen by the script.
    pub resp3: bool,
    /// Line of the Lua code that last called into a callback (for error positions).
    pub line: usize,
    /// Chunk name of that code (`user_script`, `user_function`).
    pub source: &'static str,
    /// `redis.set_repl(REPL_NONE)` in force.
    pub no_propagate: bool,
    /// The text of the last error `redis.call` raised (kept as is in the script's reply).
    pub redis_error: Option<Vec<u8>>,
    /// Functions registered by the library being loaded (FUNCTION LOAD).
    pub registering: Option<Vec<functions::Registered>>,
    /// math.random's 48-bit state (Redis's redisLrand48).
    pub rand: u64,
    /// `cjson.encode_max_depth` and `cjson.decode_max_depth`: kept by the VM across scripts,
    /// as in Redis, until SCRIPT FLUSH.
    pub cjson: extlib::CjsonSettings,
}

pub(crate) type SharedRef = Rc<RefCell<Shared>>;

/// Marker yielded by `redis.call`/`redis.pcall` in front of the command's arguments.
pub(crate) struct CallRequest {
    pub raise: bool,
}

struct Script {
    function: StashedFunction,
    /// The SHA1, as error messages name the script (shared, not copied per run).
    name: Rc<str>,
    /// Length of the body, for INFO's used_memory_scripts_eval.
    body_len: usize,
    /// `#!lua flags=no-writes,allow-stale`; `None` without a shebang (Redis's eval
    /// compatibility mode, where no flags are checked).
    declared: Option<DeclaredFlags>,
    /// `#!lua flags=allow-oom`.
    allow_oom: bool,
}

/// A script running across slices.
struct Run {
    client: ClientId,
    executor: StashedExecutor,
    /// Name in error messages: the script's SHA1, or the function name.
    name: Rc<str>,
    read_only: bool,
    allow_oom: bool,
    is_function: bool,
    caller_db: usize,
    dirty_at_start: u64,
    kill: Option<&'static str>,
    /// The FCALL's arguments, for FUNCTION STATS; copied only once the function outlasts
    /// its first slice (no other client sees it before).
    command: Vec<Vec<u8>>,
}

pub struct LuaScripting {
    pub(crate) lua: Lua,
    env: StashedTable,
    pub(crate) shared: SharedRef,
    scripts: HashMap<String, Script, foldhash::fast::RandomState>,
    run: Option<Run>,
    /// The executor of the last finished run, restarted by the next one (no new thread,
    /// stack or root per script).
    spare_executor: Option<StashedExecutor>,
    /// Replies of `redis.call` as RESP, reused by every call.
    call_buf: Vec<u8>,
    memory_limit: usize,
    pub(crate) functions: functions::Functions,
}

impl Default for LuaScripting {
    fn default() -> Self {
        Self::new()
    }
}

/// SHA1 in lowercase hex.
pub fn sha1_hex(data: &[u8]) -> String {
    sha1_smol::Sha1::from(data).digest().to_string()
}

/// Values held inline by [`Values`].
const INLINE_VALUES: usize = 8;

/// The values a script yields (`redis.call`'s command) or returns, without a heap allocation
/// for up to [`INLINE_VALUES`] of them.
#[derive(Default)]
struct Values<'gc> {
    inline: [Value<'gc>; INLINE_VALUES],
    len: usize,
    spilled: Vec<Value<'gc>>,
}

impl<'gc> Values<'gc> {
    fn as_slice(&self) -> &[Value<'gc>] {
        if self.spilled.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.spilled
        }
    }
}

impl<'gc> piccolo::FromMultiValue<'gc> for Values<'gc> {
    fn from_multi_value(_: piccolo::Context<'gc>, values: impl Iterator<Item = Value<'gc>>) -> Result<Self, piccolo::TypeError> {
        let mut out = Values::default();
        for v in values {
            if out.spilled.is_empty() && out.len < INLINE_VALUES {
                out.inline[out.len] = v;
                out.len += 1;
            } else {
                if out.spilled.is_empty() {
                    out.spilled.extend_from_slice(&out.inline);
                }
                out.spilled.push(v);
            }
        }
        Ok(out)
    }
}

enum Step {
    More(i64),
    Done,
}

impl LuaScripting {
    pub fn new() -> Self {
        let mut lua = Lua::core();
        // Collect less often than piccolo's default (a new cycle once the heap grew by half of
        // what survived the last one): each EVAL allocates a little (KEYS, ARGV, replies), and
        // the heap of a scripting VM is mostly the libraries, which every cycle walks again.
        lua.gc_metrics().set_pacing(gc_arena::metrics::Pacing::default().with_pause_factor(GC_PAUSE_FACTOR).with_min_sleep(GC_MIN_SLEEP));
        let shared: SharedRef = Rc::new(RefCell::new(Shared { source: "user_script", rand: stdlib::RAND_INITIAL, ..Default::default() }));
        let s = shared.clone();
        let env = lua.enter(|ctx| stdlib::install(ctx, s));
        let functions = functions::Functions::new(&mut lua, &shared);
        LuaScripting {
            lua,
            env,
            shared,
            scripts: HashMap::default(),
            run: None,
            spare_executor: None,
            call_buf: Vec::new(),
            memory_limit: DEFAULT_MEMORY_LIMIT,
            functions,
        }
    }

    /// Bounds the Lua heap (bytes); a script going past it fails.
    pub fn set_memory_limit(&mut self, bytes: usize) {
        self.memory_limit = bytes;
    }

    /// Compiles and caches a script body; returns its SHA1, or Redis's compile error.
    fn load_script(&mut self, body: &[u8]) -> Result<String, String> {
        let sha = sha1_hex(body);
        if self.scripts.contains_key(&sha) {
            return Ok(sha);
        }
        let (declared, allow_oom, code) = parse_shebang(body)?;
        let env = &self.env;
        let compiled = self.lua.enter(|ctx| {
            let env = ctx.fetch(env);
            match Closure::load_with_env(ctx, Some("@user_script"), code, env) {
                Ok(c) => Ok(ctx.stash(Function::Closure(c))),
                Err(e) => Err(format!("ERR Error compiling script (new function): user_script:{}", compile_error_text(&e.to_string()))),
            }
        })?;
        self.scripts.insert(sha.clone(), Script { function: compiled, name: Rc::from(sha.as_str()), body_len: body.len(), declared, allow_oom });
        Ok(sha)
    }

    fn eval(&mut self, engine: &mut Engine, ctx: &mut Ctx, by_sha: bool, read_only: bool) {
        let argv = ctx.argv;
        // Redis looks at the sha's length before the key count.
        if by_sha && argv[1].len() != 40 {
            return ctx.out.error("NOSCRIPT No matching script. Please use EVAL.");
        }
        let Some(numkeys) = spinel_core::num::parse_i64(argv[2]) else {
            return ctx.out.error("ERR value is not an integer or out of range");
        };
        if numkeys > (argv.len() - 3) as i64 {
            return ctx.out.error("ERR Number of keys can't be greater than number of args");
        }
        if numkeys < 0 {
            return ctx.out.error("ERR Number of keys can't be negative");
        }
        let script = if by_sha {
            // Looked up in place (lowercased on the stack): no allocation per EVALSHA.
            let mut lower = [0u8; 40];
            let found = match lower.get_mut(..argv[1].len()) {
                Some(buf) if argv[1].len() == 40 => {
                    buf.copy_from_slice(argv[1]);
                    buf.make_ascii_lowercase();
                    std::str::from_utf8(buf).ok().and_then(|s| self.scripts.get(s))
                }
                _ => None,
            };
            match found {
                Some(script) => script,
                None => return ctx.out.error("NOSCRIPT No matching script. Please use EVAL."),
            }
        } else {
            match self.load_script(argv[1]) {
                Ok(sha) => &self.scripts[&sha],
                Err(e) => return ctx.out.error(&e),
            }
        };
        // A script with flags that may write counts as a denyoom command (Redis refuses it
        // before it runs); one without flags is checked at its first write.
        if script.declared.map(|d| d.no_writes) == Some(false) && !script.allow_oom && engine.script_out_of_memory() {
            return ctx.out.error(spinel_core::evict::OOM_ERROR);
        }
        // A shebang without no-writes declares a script that may write: *_RO refuses it.
        if read_only && script.declared.map(|d| d.no_writes) == Some(false) {
            return ctx.out.error("ERR Can not execute a script with write flag using *_ro command.");
        }
        let read_only = read_only || script.declared.map(|d| d.no_writes) == Some(true);
        let function = script.function.clone();
        let name = script.name.clone();
        let allow_oom = script.allow_oom;
        let keys = &argv[3..3 + numkeys as usize];
        let args = &argv[3 + numkeys as usize..];
        self.start(engine, ctx, &function, keys, args, name, read_only, allow_oom, false);
    }

    /// Starts a script (EVAL: KEYS/ARGV as globals) or a function (FCALL: keys and args as
    /// its two arguments) and runs its first slice.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn start(&mut self, engine: &mut Engine, ctx: &mut Ctx, function: &StashedFunction, keys: &[&[u8]], args: &[&[u8]], name: Rc<str>, read_only: bool, allow_oom: bool, is_function: bool) {
        {
            let mut sh = self.shared.borrow_mut();
            sh.resp3 = false;
            sh.line = 1;
            sh.redis_error = None;
            sh.no_propagate = false;
            sh.source = if is_function { "user_function" } else { "user_script" };
        }
        let spare = self.spare_executor.take();
        let executor = self.lua.enter(|lctx| {
            let f = lctx.fetch(function);
            let args: Variadic<Vec<Value>> = if is_function {
                let (k, a) = stdlib::string_tables(lctx, keys, args);
                Variadic(vec![Value::Table(k), Value::Table(a)])
            } else {
                stdlib::set_keys_argv(lctx, keys, args);
                Variadic(Vec::new())
            };
            match spare.as_ref() {
                Some(ex) => {
                    lctx.fetch(ex).restart(lctx, f, args);
                    None
                }
                None => Some(lctx.stash(Executor::start(lctx, f, args))),
            }
        });
        let executor = executor.or(spare).expect("an executor");
        let caller_db = engine.client(ctx.client).map_or(0, |c| c.db);
        self.run = Some(Run {
            client: ctx.client,
            executor,
            name,
            read_only,
            allow_oom,
            is_function,
            caller_db,
            dirty_at_start: engine.dirty,
            kill: None,
            command: Vec::new(),
        });
        // The script's writes are propagated as the commands it runs.
        ctx.propagated = true;
        let now = engine.now_us();
        let outcome = self.run_slice(engine, &mut ctx.out);
        if outcome == Outcome::Running {
            engine.script_started(ctx.client, now, is_function);
            if let Some(run) = self.run.as_mut().filter(|r| r.is_function) {
                run.command = ctx.argv.iter().map(|a| a.to_vec()).collect();
            }
        }
        ctx.outcome = outcome;
    }

    /// Runs up to a slice of the current script. Writes the reply and returns `Done` when it
    /// ends, `Running` otherwise.
    fn run_slice(&mut self, engine: &mut Engine, out: &mut Reply) -> Outcome {
        let Some(run) = self.run.as_mut() else { return Outcome::Done };
        let mut budget = SLICE_FUEL;
        let call_buf = &mut self.call_buf;
        loop {
            if let Some(msg) = run.kill.take() {
                let here = self.lua.enter(|ctx| {
                    let ex = ctx.fetch(&run.executor);
                    let line = ex.current_line();
                    ex.stop(&ctx);
                    line
                });
                let line = here.map_or(self.shared.borrow().line, |l| l as usize + 1);
                let source = self.shared.borrow().source;
                out.error(&format!("ERR {msg} script: {}, on @{source}:{line}.", run.name));
                break;
            }
            if self.lua.total_memory() > self.memory_limit {
                // Garbage may be most of it: collect before judging.
                self.lua.gc_collect();
                if self.lua.total_memory() > self.memory_limit {
                    self.lua.enter(|ctx| ctx.fetch(&run.executor).stop(&ctx));
                    // Give the heap back now, so the next script starts under the bound.
                    self.lua.gc_collect();
                    let source = self.shared.borrow().source;
                    let line = self.shared.borrow().line;
                    out.error(&format!("ERR Script used more memory than allowed script: {}, on @{source}:{line}.", run.name));
                    break;
                }
            }
            let shared = &self.shared;
            let step = self.lua.enter(|ctx| {
                let ex = ctx.fetch(&run.executor);
                let mut fuel = Fuel::with(STEP_FUEL);
                if !ex.step(ctx, &mut fuel) {
                    return Step::More(STEP_FUEL as i64 - fuel.remaining() as i64);
                }
                let used = (STEP_FUEL - fuel.remaining()) as i64;
                if ex.mode() != ExecutorMode::Result {
                    out.error("ERR script stopped");
                    return Step::Done;
                }
                let result = ex.take_result::<Values>(ctx).expect("executor has a result");
                if ex.mode() == ExecutorMode::Suspended {
                    // A yield: redis.call / redis.pcall hands us a command to run.
                    let vals = result.unwrap_or_default();
                    let vals = vals.as_slice();
                    let request = match vals.first() {
                        Some(Value::UserData(ud)) => ud.downcast_static::<CallRequest>().ok().map(|r| r.raise),
                        _ => None,
                    };
                    let Some(raise) = request else {
                        let e = ctx.intern(b"attempt to yield from outside a coroutine");
                        ex.resume_err(&ctx, piccolo::Error::from_value(Value::String(e))).ok();
                        return Step::More(used);
                    };
                    fn bytes<'gc>(v: &Value<'gc>) -> &'gc [u8] {
                        match *v {
                            Value::String(s) => s.as_bytes(),
                            _ => &b""[..],
                        }
                    }
                    let mut inline: [&[u8]; INLINE_VALUES] = [&[]; INLINE_VALUES];
                    let spilled: Vec<&[u8]>;
                    let args: &[&[u8]] = if vals.len() - 1 <= INLINE_VALUES {
                        for (slot, v) in inline.iter_mut().zip(&vals[1..]) {
                            *slot = bytes(v);
                        }
                        &inline[..vals.len() - 1]
                    } else {
                        spilled = vals[1..].iter().map(bytes).collect();
                        &spilled
                    };
                    call_buf.clear();
                    let flags = CallFlags { read_only: run.read_only, resp3: shared.borrow().resp3, no_propagate: shared.borrow().no_propagate, allow_oom: run.allow_oom };
                    let is_err = engine.call_from_script(run.client, args, flags, call_buf);
                    let reply = convert::resp_to_lua(ctx, call_buf);
                    if is_err && raise {
                        // Raised as the error text (a Lua pcall sees the string), remembered so
                        // the script's error reply keeps its code as Redis does.
                        let text = match reply {
                            Value::Table(t) => t.get(ctx, "err"),
                            other => other,
                        };
                        if let Value::String(s) = text {
                            shared.borrow_mut().redis_error = Some(s.as_bytes().to_vec());
                        }
                        ex.resume_err(&ctx, piccolo::Error::from_value(text)).ok();
                    } else {
                        if is_err {
                            // redis.pcall's error table says its error is counted already.
                            if let Value::Table(t) = reply {
                                t.set(ctx, "ignore_error_stats_update", true).ok();
                            }
                        }
                        ex.resume(ctx, reply).ok();
                    }
                    return Step::More(used + CALL_FUEL);
                }
                let sh = shared.borrow();
                // The failed command's error counted in INFO when it failed, not again here.
                let counted = match &result {
                    Ok(vals) => convert::is_counted_error(ctx, vals.as_slice().first().copied().unwrap_or(Value::Nil)),
                    Err(piccolo::Error::Lua(piccolo::error::LuaError(v))) => {
                        convert::is_counted_error(ctx, *v) || matches!(v, Value::String(s) if sh.redis_error.as_deref() == Some(s.as_bytes()))
                    }
                    Err(_) => false,
                };
                match result {
                    Ok(vals) => convert::lua_to_reply(ctx, vals.as_slice().first().copied().unwrap_or(Value::Nil), sh.resp3, out),
                    Err(e) => convert::error_reply(ctx, e, &run.name, &sh, out),
                }
                if counted {
                    engine.script_error_already_counted();
                }
                Step::Done
            });
            match step {
                Step::Done => break,
                Step::More(used) => {
                    budget -= used.max(1);
                    if budget <= 0 {
                        return Outcome::Running;
                    }
                }
            }
        }
        // Finished: the caller's database is the one it had before (SELECT in a script is local).
        let run = self.run.take().unwrap();
        if let Some(c) = engine.client_mut(run.client) {
            c.db = run.caller_db;
        }
        self.spare_executor = Some(run.executor);
        // A script that left much garbage gives it back now rather than at the next
        // script's collection (a full collection costs what is still live, usually little).
        if self.lua.total_memory() > GC_AFTER_SCRIPT {
            self.lua.gc_collect();
        }
        Outcome::Done
    }

    fn script_command(&mut self, engine: &mut Engine, ctx: &mut Ctx) {
        let argv = ctx.argv;
        let sub = argv[1].to_ascii_lowercase();
        match sub.as_slice() {
            b"load" => match self.load_script(argv[2]) {
                Ok(sha) => ctx.out.bulk(sha.as_bytes()),
                Err(e) => ctx.out.error(&e),
            },
            b"exists" => {
                ctx.out.array(argv.len() - 2);
                for a in &argv[2..] {
                    let sha = String::from_utf8_lossy(a).to_ascii_lowercase();
                    ctx.out.int(self.scripts.contains_key(&sha) as i64);
                }
            }
            b"flush" => {
                if argv.len() > 3 || (argv.len() == 3 && !argv[2].eq_ignore_ascii_case(b"sync") && !argv[2].eq_ignore_ascii_case(b"async")) {
                    return ctx.out.error("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
                }
                self.scripts.clear();
                // Redis starts a new VM: the cjson settings go back to their defaults.
                self.shared.borrow_mut().cjson = extlib::CjsonSettings::default();
                ctx.out.ok();
            }
            b"kill" => self.kill(engine, ctx, false),
            b"debug" => {
                let mode = argv[2].to_ascii_lowercase();
                match mode.as_slice() {
                    b"no" => ctx.out.ok(),
                    // Redis's Lua debugger (LDB) is an interactive protocol of its own.
                    b"yes" | b"sync" => ctx.out.error("ERR SCRIPT DEBUG is not supported by Spinel"),
                    _ => ctx.out.error("ERR Use SCRIPT DEBUG YES/SYNC/NO"),
                }
            }
            b"help" => {
                const HELP: &[&str] = &[
                    "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    "DEBUG (YES|SYNC|NO)",
                    "    Set the debug mode for subsequent scripts executed.",
                    "EXISTS <sha1> [<sha1> ...]",
                    "    Return information about the existence of the scripts in the script cache.",
                    "FLUSH [ASYNC|SYNC]",
                    "    Flush the Lua scripts cache. Very dangerous on replicas.",
                    "    When called without the optional mode argument, the behavior is determined by the",
                    "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
                    "    * ASYNC: Asynchronously flush the scripts cache.",
                    "    * SYNC: Synchronously flush the scripts cache.",
                    "KILL",
                    "    Kill the currently executing Lua script.",
                    "LOAD <script>",
                    "    Load a script into the scripts cache without executing it.",
                    "HELP",
                    "    Prints this help.",
                ];
                ctx.out.array(HELP.len());
                for l in HELP {
                    ctx.out.simple(l.as_bytes());
                }
            }
            _ => ctx.out.error("ERR unknown subcommand"),
        }
    }

    pub(crate) fn kill(&mut self, engine: &mut Engine, ctx: &mut Ctx, function: bool) {
        let Some(run) = self.run.as_mut() else {
            return ctx.out.error("NOTBUSY No scripts in execution right now.");
        };
        if engine.dirty != run.dirty_at_start {
            return ctx.out.error("UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.");
        }
        if run.is_function != function {
            // The BUSY text of what runs: SCRIPT KILL cannot stop a function, nor the reverse.
            return ctx.out.error(if run.is_function { spinel_core::scripting::BUSY_FUNCTION } else { spinel_core::scripting::BUSY_EVAL });
        }
        // Redis words it so for both kills.
        run.kill = Some("Script killed by user with SCRIPT KILL...");
        ctx.out.ok();
    }
}

impl ScriptEngine for LuaScripting {
    fn command(&mut self, engine: &mut Engine, ctx: &mut Ctx) {
        let mut lower = [0u8; 16];
        let name = ctx.argv[0];
        let name = match lower.get_mut(..name.len()) {
            Some(buf) => {
                buf.copy_from_slice(name);
                buf.make_ascii_lowercase();
                &buf[..]
            }
            None => &b""[..],
        };
        match name {
            b"eval" => self.eval(engine, ctx, false, false),
            b"eval_ro" => self.eval(engine, ctx, false, true),
            b"evalsha" => self.eval(engine, ctx, true, false),
            b"evalsha_ro" => self.eval(engine, ctx, true, true),
            b"script" => self.script_command(engine, ctx),
            b"fcall" => self.fcall(engine, ctx, false),
            b"fcall_ro" => self.fcall(engine, ctx, true),
            b"function" => self.function_command(engine, ctx),
            _ => ctx.out.error("ERR scripting command not supported yet"),
        }
    }

    fn resume(&mut self, engine: &mut Engine, client: ClientId, out: &mut Reply) -> Outcome {
        match &self.run {
            Some(r) if r.client == client => self.run_slice(engine, out),
            _ => Outcome::Done,
        }
    }

    fn memory(&self) -> usize {
        self.lua.total_memory()
    }

    fn counts(&self) -> spinel_core::scripting::ScriptCounts {
        let (libraries, functions, functions_bytes) = self.functions.counts();
        spinel_core::scripting::ScriptCounts {
            cached_scripts: self.scripts.len(),
            libraries,
            functions,
            scripts_bytes: self.scripts.iter().map(|(sha, s)| sha.len() + s.body_len).sum(),
            functions_bytes,
        }
    }

    fn library_codes(&self) -> Vec<Vec<u8>> {
        self.library_codes()
    }

    fn restore_library(&mut self, code: &[u8], replace: bool) -> Result<(), String> {
        self.load_library(code, replace).map(|_| ())
    }

    fn flush_libraries(&mut self) {
        self.flush_libraries()
    }

    fn declared_flags(&self, argv: &[&[u8]]) -> Option<DeclaredFlags> {
        let (name, body) = (argv.first()?, argv.get(1)?);
        if name.len() >= 5 && name[..5].eq_ignore_ascii_case(b"fcall") {
            return self.function_declared_flags(body);
        }
        if name.len() >= 7 && name[..7].eq_ignore_ascii_case(b"evalsha") {
            let sha = std::str::from_utf8(body).ok()?.to_ascii_lowercase();
            return Some(self.scripts.get(&sha)?.declared.unwrap_or(DeclaredFlags::COMPAT));
        }
        Some(parse_shebang(body).ok()?.0.unwrap_or(DeclaredFlags::COMPAT))
    }
}

/// `#!lua flags=a,b` on the first line: (the declared flags, `None` without a shebang;
/// allow-oom; code with the shebang line blanked).
fn parse_shebang(body: &[u8]) -> Result<(Option<DeclaredFlags>, bool, &[u8]), String> {
    if !body.starts_with(b"#!") {
        return Ok((None, false, body));
    }
    let Some(end) = body.iter().position(|&c| c == b'\n') else {
        return Err("ERR Invalid script shebang".into());
    };
    let line = String::from_utf8_lossy(&body[..end]).into_owned();
    let mut parts = line.split_ascii_whitespace();
    let engine = parts.next().unwrap_or("");
    if engine != "#!lua" {
        return Err(format!("ERR Unexpected engine in script shebang: {engine}"));
    }
    let mut declared = DeclaredFlags::default();
    let mut allow_oom = false;
    for p in parts {
        let Some(flags) = p.strip_prefix("flags=") else {
            return Err(format!("ERR Unknown lua shebang option: {p}"));
        };
        // `flags=` is no flag; `flags=a,` names an empty one, which Redis refuses.
        for f in flags.split(',').filter(|_| !flags.is_empty()) {
            match f {
                "no-writes" => declared.no_writes = true,
                "allow-oom" => allow_oom = true,
                "allow-stale" => declared.allow_stale = true,
                "no-cluster" | "allow-cross-slot-keys" => {}
                _ => return Err(format!("ERR Unexpected flag in script shebang: {f}")),
            }
        }
    }
    Ok((Some(declared), allow_oom, &body[end..]))
}

/// piccolo's compile errors as `line: message` (Lua prints `user_script:LINE: message`).
pub(crate) fn compile_error_text(e: &str) -> String {
    // piccolo: "parse error at line N: ..." / "lexer error at line N: ...": keep the number.
    let mut line = "1".to_string();
    if let Some(i) = e.find("line ") {
        let rest = &e[i + 5..];
        let n: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !n.is_empty() {
            line = n;
        }
    }
    format!("{line}: {e}")
}

/// Value a coroutine is resumed with, ahead of an error, when the redis.call it made failed
/// (see `CallMarkers`).
struct RaiseMarker;

/// The values `redis.call`/`redis.pcall` yield in front of a command, and the one their
/// coroutine is resumed with when the command's error is to be raised in it. A call from
/// inside a coroutine yields to `coroutine.resume`, which forwards it to the host and resumes
/// the coroutine with the reply (stdlib's `install_coroutine_resume`).
#[derive(Clone, Copy, gc_arena::Collect)]
#[collect(no_drop)]
pub(crate) struct CallMarkers<'gc> {
    pub call: Value<'gc>,
    pub pcall: Value<'gc>,
    pub raise: Value<'gc>,
}

impl<'gc> CallMarkers<'gc> {
    pub fn new(ctx: piccolo::Context<'gc>) -> Self {
        CallMarkers {
            call: Value::UserData(UserData::new_static(&ctx, CallRequest { raise: true })),
            pcall: Value::UserData(UserData::new_static(&ctx, CallRequest { raise: false })),
            raise: Value::UserData(UserData::new_static(&ctx, RaiseMarker)),
        }
    }
}
