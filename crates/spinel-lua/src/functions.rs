//! Redis 7 functions: FUNCTION LOAD/DELETE/LIST/FLUSH/STATS/KILL and FCALL/FCALL_RO.
//!
//! A library is Lua code with a `#!lua name=<lib>` shebang. Loading runs it once with a
//! restricted `redis` table (register_function, log, constants); the functions it registers
//! are kept by name, shared by all clients, and called with (keys, args).

use crate::convert::str_value;
use crate::stdlib::{lib_error, make_read_only, redis_error};
use crate::{LuaScripting, SharedRef};
use piccolo::{Callback, CallbackReturn, Closure, Context, Executor, ExecutorMode, Fuel, Function, Lua, StashedFunction, StashedTable, Table, Value};
use spinel_core::commands::Ctx;
use spinel_core::Engine;
use spinel_core::vecmap::VecMap;

/// Fuel a library's top-level code may use while loading.
const LOAD_FUEL: i32 = 50_000_000;

/// Flags a function may declare, in the order Redis lists them.
const FLAGS: &[&str] = &["no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"];

const NAME_RULES: &str = "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long";

/// A function registered while its library loads.
pub struct Registered {
    pub name: String,
    pub function: StashedFunction,
    pub flags: Vec<&'static str>,
    pub description: Option<Vec<u8>>,
}

struct Library {
    code: Vec<u8>,
    functions: Vec<Registered>,
}

pub struct Functions {
    libraries: VecMap<String, Library>,
    /// Function name, ASCII-lowercased ([`index_key`]) -> library name.
    index: VecMap<String, String>,
    /// The environment library code runs in.
    env: StashedTable,
}

const SYNTAX_ERR: &str = "ERR syntax error";

/// The `name=` of a library's `#!lua name=...` first line.
fn library_name(code: &[u8]) -> Option<String> {
    parse_metadata(code).ok().map(|(_, name)| name)
}

/// A library's first line, `#!<engine> name=<name>`, read as Redis's
/// functionExtractLibMetaData does: (engine, name) or the error text.
fn parse_metadata(code: &[u8]) -> Result<(String, String), String> {
    if !code.starts_with(b"#!") {
        return Err("ERR Missing library metadata".into());
    }
    // The line must end: code with no newline after the shebang is refused.
    let Some(end) = code.iter().position(|&c| c == b'\n') else {
        return Err("ERR Invalid library metadata".into());
    };
    // Split as sdssplitargs does: quotes and escapes (`name="foo"`).
    let words = match spinel_core::acl::split_args(&code[..end]) {
        Some(w) if !w.is_empty() => w,
        _ => return Err("ERR Invalid library metadata".into()),
    };
    let words: Vec<String> = words.iter().map(|w| String::from_utf8_lossy(w).into_owned()).collect();
    let mut parts = words.iter().map(String::as_str);
    let engine = parts.next().unwrap_or("#!").get(2..).unwrap_or("").to_string();
    let mut name: Option<String> = None;
    for p in parts {
        let value = p.get(..5).filter(|k| k.eq_ignore_ascii_case("name=")).map(|_| &p[5..]);
        match value {
            Some(_) if name.is_some() => return Err("ERR Invalid metadata value, name argument was given multiple times".into()),
            Some(n) => name = Some(n.to_string()),
            None => return Err(format!("ERR Invalid metadata value given: {p}")),
        }
    }
    let name = name.ok_or("ERR Library name was not given")?;
    Ok((engine, name))
}

/// Redis's function table hashes and compares names case-insensitively: FCALL finds `f1` as
/// `F1`, and two libraries cannot register `f1` and `F1` (the listing keeps each spelling).
fn index_key(name: &str) -> String {
    name.to_ascii_lowercase()
}

fn valid_name(name: &[u8]) -> bool {
    !name.is_empty() && name.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

impl Functions {
    pub fn new(lua: &mut Lua, shared: &SharedRef) -> Functions {
        let env = lua.enter(|ctx| ctx.stash(library_env(ctx, shared)));
        Functions { libraries: VecMap::new(), index: VecMap::new(), env }
    }
}

/// The globals of library code: the script globals, except that while a library loads
/// `redis` is the restricted table that can register functions.
fn library_env<'gc>(ctx: Context<'gc>, shared: &SharedRef) -> Table<'gc> {
    let g = ctx.globals();
    let load_redis = Table::new(&ctx);
    load_redis.set(ctx, "register_function", register_function(ctx, shared)).unwrap();
    let redis = crate::api::redis_table(ctx, shared, crate::CallMarkers::new(ctx));
    for k in ["log", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING", "REDIS_VERSION", "REDIS_VERSION_NUM"] {
        load_redis.set(ctx, k, redis.get(ctx, k)).unwrap();
    }
    let load_redis = make_read_only(ctx, load_redis, shared, true);
    let env = Table::new(&ctx);
    let mt = Table::new(&ctx);
    let sh = shared.clone();
    mt.set(
        ctx,
        piccolo::MetaMethod::Index,
        Callback::from_fn_with(&ctx, (g, load_redis), move |(g, load_redis), ctx, exec, mut stack| {
            let key = stack.get(1);
            let loading = sh.borrow().registering.is_some();
            // While a library loads, `redis` (restricted) is its only global, as in Redis.
            // Functions never see EVAL's KEYS and ARGV (Redis runs them in their own Lua state).
            let v = match key {
                Value::String(s) if loading && s.as_bytes() == b"redis" => Value::Table(*load_redis),
                _ if loading => Value::Nil,
                Value::String(s) if matches!(s.as_bytes(), b"KEYS" | b"ARGV") => Value::Nil,
                _ => g.get(ctx, key),
            };
            if v.is_nil() {
                let name = String::from_utf8_lossy(&crate::convert::display(key)).into_owned();
                return Err(lib_error(ctx, &sh, &exec, &format!("Script attempted to access nonexistent global variable '{name}'")));
            }
            stack.replace(ctx, v);
            Ok(CallbackReturn::Return)
        }),
    )
    .unwrap();
    let sh = shared.clone();
    mt.set(
        ctx,
        piccolo::MetaMethod::NewIndex,
        Callback::from_fn(&ctx, move |ctx, exec, _| Err(lib_error(ctx, &sh, &exec, "Attempt to modify a readonly table"))),
    )
    .unwrap();
    env.set_metatable(&ctx, Some(mt));
    env
}

fn register_function<'gc>(ctx: Context<'gc>, shared: &SharedRef) -> Callback<'gc> {
    let sh = shared.clone();
    Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
        crate::stdlib::record_line(&sh, &exec);
        let (name, callback, flags, description) = match (stack.len(), stack.get(0)) {
            (1, v) if !matches!(v, Value::Table(_)) => {
                return Err(redis_error(ctx, "calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments)."));
            }
            (1, Value::Table(t)) => {
                let mut name = Value::Nil;
                let mut callback = Value::Nil;
                let mut flags = Value::Nil;
                let mut description = Value::Nil;
                for (k, v) in t.iter() {
                    match k {
                        Value::String(s) if s.as_bytes() == b"function_name" => {
                            // lua_isstring: numbers count as strings.
                            name = match v {
                                Value::String(_) => v,
                                Value::Integer(_) | Value::Number(_) => str_value(ctx, &crate::convert::display(v)),
                                _ => return Err(redis_error(ctx, "function_name argument given to redis.register_function must be a string")),
                            };
                        }
                        Value::String(s) if s.as_bytes() == b"callback" => {
                            if !matches!(v, Value::Function(_)) {
                                return Err(redis_error(ctx, "callback argument given to redis.register_function must be a function"));
                            }
                            callback = v;
                        }
                        Value::String(s) if s.as_bytes() == b"flags" => {
                            if !matches!(v, Value::Table(_)) {
                                return Err(redis_error(ctx, "flags argument to redis.register_function must be a table representing function flags"));
                            }
                            flags = v;
                        }
                        Value::String(s) if s.as_bytes() == b"description" => {
                            if !matches!(v, Value::String(_)) {
                                return Err(redis_error(ctx, "description argument given to redis.register_function must be a string"));
                            }
                            description = v;
                        }
                        _ => return Err(redis_error(ctx, "unknown argument given to redis.register_function")),
                    }
                }
                if name.is_nil() {
                    return Err(redis_error(ctx, "redis.register_function must get a function name argument"));
                }
                if callback.is_nil() {
                    return Err(redis_error(ctx, "redis.register_function must get a callback argument"));
                }
                (name, callback, flags, description)
            }
            (2, _) => {
                let (mut name, callback) = (stack.get(0), stack.get(1));
                if matches!(name, Value::Integer(_) | Value::Number(_)) {
                    name = str_value(ctx, &crate::convert::display(name));
                }
                if !matches!(name, Value::String(_)) {
                    return Err(redis_error(ctx, "first argument to redis.register_function must be a string"));
                }
                if !matches!(callback, Value::Function(_)) {
                    return Err(redis_error(ctx, "second argument to redis.register_function must be a function"));
                }
                (name, callback, Value::Nil, Value::Nil)
            }
            _ => return Err(redis_error(ctx, "wrong number of arguments to redis.register_function")),
        };
        let Value::String(name) = name else { unreachable!() };
        let Value::Function(callback) = callback else { unreachable!() };
        if !valid_name(name.as_bytes()) {
            return Err(redis_error(ctx, NAME_RULES));
        }
        let mut fl: Vec<&'static str> = Vec::new();
        if let Value::Table(t) = flags {
            for (_, v) in t.iter() {
                let Value::String(f) = v else {
                    return Err(redis_error(ctx, "unknown flag given"));
                };
                match FLAGS.iter().find(|n| n.as_bytes() == f.as_bytes()) {
                    Some(n) => fl.push(n),
                    None => return Err(redis_error(ctx, "unknown flag given")),
                }
            }
        }
        // In FLAGS' order, each once (no sort: one less sort instantiation in the wasm).
        let fl: Vec<&str> = FLAGS.iter().copied().filter(|n| fl.contains(n)).collect();
        let description = match description {
            Value::String(s) => Some(s.as_bytes().to_vec()),
            _ => None,
        };
        let name = String::from_utf8_lossy(name.as_bytes()).into_owned();
        let function = ctx.stash(callback);
        let mut shared = sh.borrow_mut();
        let Some(list) = shared.registering.as_mut() else {
            return Err(redis_error(ctx, "redis.register_function can only be called on FUNCTION LOAD command"));
        };
        if list.iter().any(|r| r.name == name) {
            return Err(redis_error(ctx, "Function already exists in the library"));
        }
        list.push(crate::functions::Registered { name, function, flags: fl, description });
        stack.clear();
        Ok(CallbackReturn::Return)
    })
}

impl LuaScripting {
    pub(crate) fn function_command(&mut self, engine: &mut Engine, ctx: &mut Ctx) {
        let argv = ctx.argv;
        let sub = argv[1].to_ascii_lowercase();
        match sub.as_slice() {
            b"load" => {
                // Options before the code: REPLACE, any number of times.
                let (code, options) = argv[2..].split_last().expect("FUNCTION LOAD arity");
                let mut replace = false;
                for opt in options {
                    if !opt.eq_ignore_ascii_case(b"replace") {
                        let bad = String::from_utf8_lossy(opt).into_owned();
                        return ctx.out.error(&format!("ERR Unknown option given: {bad}"));
                    }
                    replace = true;
                }
                match self.load_library(code, replace) {
                    Ok(name) => {
                        engine.dirty += 1;
                        ctx.out.bulk(name.as_bytes());
                    }
                    Err(e) => ctx.out.error(&e),
                }
            }
            b"delete" => {
                let name = String::from_utf8_lossy(argv[2]).into_owned();
                match self.functions.libraries.remove(&name) {
                    Some(lib) => {
                        for f in &lib.functions {
                            self.functions.index.remove(&index_key(&f.name));
                        }
                        engine.dirty += 1;
                        ctx.out.ok();
                    }
                    None => ctx.out.error("ERR Library not found"),
                }
            }
            b"flush" => {
                if argv.len() > 3 {
                    let sub = String::from_utf8_lossy(argv[1]).into_owned();
                    return ctx.out.error(&format!("ERR unknown subcommand or wrong number of arguments for '{sub}'. Try FUNCTION HELP."));
                }
                if argv.len() == 3 && !argv[2].eq_ignore_ascii_case(b"sync") && !argv[2].eq_ignore_ascii_case(b"async") {
                    return ctx.out.error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
                }
                self.flush_libraries();
                engine.dirty += 1;
                ctx.out.ok();
            }
            b"list" => self.function_list(ctx),
            b"stats" => {
                ctx.out.map(2);
                ctx.out.bulk(b"running_script");
                match self.run.as_ref().filter(|r| r.is_function) {
                    Some(run) => {
                        ctx.out.map(3);
                        ctx.out.bulk(b"name");
                        ctx.out.bulk(run.name.as_bytes());
                        ctx.out.bulk(b"command");
                        ctx.out.array(run.command.len());
                        for arg in &run.command {
                            ctx.out.bulk(arg);
                        }
                        ctx.out.bulk(b"duration_ms");
                        let started = engine.running_script().map_or(engine.now_us(), |r| r.1);
                        ctx.out.int(((engine.now_us() - started) / 1000) as i64);
                    }
                    None => ctx.out.null(),
                }
                ctx.out.bulk(b"engines");
                ctx.out.map(1);
                ctx.out.bulk(b"LUA");
                ctx.out.map(2);
                ctx.out.bulk(b"libraries_count");
                ctx.out.int(self.functions.libraries.len() as i64);
                ctx.out.bulk(b"functions_count");
                // Every registered function (`g` and `G` of one library share an index entry).
                ctx.out.int(self.functions.libraries.values().map(|l| l.functions.len()).sum::<usize>() as i64);
            }
            b"kill" => self.kill(engine, ctx, true),
            b"help" => {
                const HELP: &[&str] = &[
                    "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    "LOAD [REPLACE] <FUNCTION CODE>",
                    "    Create a new library with the given library name and code.",
                    "DELETE <LIBRARY NAME>",
                    "    Delete the given library.",
                    "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
                    "    Return general information on all the libraries:",
                    "    * Library name",
                    "    * The engine used to run the Library",
                    "    * Library description",
                    "    * Functions list",
                    "    * Library code (if WITHCODE is given)",
                    "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
                    "STATS",
                    "    Return information about the current function running:",
                    "    * Function name",
                    "    * Command used to run the function",
                    "    * Duration in MS that the function is running",
                    "    If no function is running, return nil",
                    "    In addition, returns a list of available engines.",
                    "KILL",
                    "    Kill the current running function.",
                    "FLUSH [ASYNC|SYNC]",
                    "    Delete all the libraries.",
                    "    When called without the optional mode argument, the behavior is determined by the",
                    "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
                    "    * ASYNC: Asynchronously flush the libraries.",
                    "    * SYNC: Synchronously flush the libraries.",
                    "DUMP",
                    "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
                    "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
                    "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
                    "    control how to handle existing libraries (default APPEND):",
                    "    * FLUSH: delete all existing libraries.",
                    "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
                    "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
                    "      libraries with the new libraries (notice that even on this option there is a chance of failure",
                    "      in case of functions name collision with another library).",
                    "HELP",
                    "    Prints this help.",
                ];
                ctx.out.array(HELP.len());
                for l in HELP {
                    ctx.out.simple(l.as_bytes());
                }
            }
            b"dump" => {
                // Redis's payload: each library's code after the FUNCTION2 opcode, then the
                // RDB version and CRC-64 footer of DUMP.
                let mut enc = spinel_core::commands::dump::encoder(engine);
                for code in self.library_codes() {
                    enc.out.push(spinel_core::rdb::op::FUNCTION2);
                    enc.string(&code);
                }
                let mut out = enc.out;
                out.extend_from_slice(&spinel_core::rdb::RDB_VERSION.to_le_bytes());
                let crc = spinel_core::rdb::crc64(0, &out);
                out.extend_from_slice(&crc.to_le_bytes());
                ctx.out.bulk(&out);
            }
            b"restore" => self.function_restore(engine, ctx),
            _ => ctx.out.error(SYNTAX_ERR),
        }
    }

    /// FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE]: the libraries of a FUNCTION DUMP
    /// payload are loaded all or nothing (on any error the libraries are as before).
    fn function_restore(&mut self, engine: &mut Engine, ctx: &mut Ctx) {
        #[derive(PartialEq)]
        enum Policy {
            Append,
            Replace,
            Flush,
        }
        let argv = ctx.argv;
        if argv.len() > 4 {
            return spinel_core::commands::subcommand_syntax_error(&mut ctx.out, argv);
        }
        let policy = match argv.get(3) {
            None => Policy::Append,
            Some(p) if p.eq_ignore_ascii_case(b"append") => Policy::Append,
            Some(p) if p.eq_ignore_ascii_case(b"replace") => Policy::Replace,
            Some(p) if p.eq_ignore_ascii_case(b"flush") => Policy::Flush,
            Some(_) => return ctx.out.error("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE."),
        };
        let Some(body) = spinel_core::commands::dump::verify_payload(argv[2]) else {
            return ctx.out.error("ERR DUMP payload version or checksum are wrong");
        };
        let mut codes: Vec<Vec<u8>> = Vec::new();
        let mut r = spinel_core::rdb::decode::Reader::new(body);
        while !r.at_end() {
            match r.byte() {
                Ok(spinel_core::rdb::op::FUNCTION2) => {}
                Ok(spinel_core::rdb::op::FUNCTION) => return ctx.out.error("ERR Pre-GA function format not supported"),
                Ok(_) => return ctx.out.error("ERR given type is not a function"),
                Err(_) => return ctx.out.error("ERR can not read data type"),
            }
            match r.string() {
                Ok(code) => codes.push(code.into_owned()),
                Err(_) => return ctx.out.error("ERR failed loading the given functions payload"),
            }
        }
        // The libraries as they were, to put back on failure.
        let old: Vec<(String, Vec<u8>)> = self.functions.libraries.iter().map(|(n, l)| (n.clone(), l.code.clone())).collect();
        let names: Vec<Option<String>> = codes.iter().map(|c| library_name(c)).collect();
        if policy == Policy::Append {
            if let Some(dup) = names.iter().flatten().find(|n| self.functions.libraries.contains_key(*n)) {
                return ctx.out.error(&format!("ERR Library {dup} already exists"));
            }
        }
        // Libraries kept from before, then the payload's.
        let mut wanted: Vec<Vec<u8>> = match policy {
            Policy::Flush => Vec::new(),
            _ => old.iter().filter(|(n, _)| !names.iter().flatten().any(|m| m == n)).map(|(_, c)| c.clone()).collect(),
        };
        wanted.extend(codes);
        self.flush_libraries();
        for code in &wanted {
            if let Err(err) = self.load_library(code, false) {
                self.flush_libraries();
                for (_, code) in &old {
                    let _ = self.load_library(code, false);
                }
                return ctx.out.error(&err);
            }
        }
        engine.dirty += 1;
        ctx.out.ok();
    }

    fn function_list(&mut self, ctx: &mut Ctx) {
        let argv = ctx.argv;
        let mut with_code = false;
        let mut pattern: Option<&[u8]> = None;
        let mut i = 2;
        while i < argv.len() {
            // Each option once: a repeated one is an unknown argument, as in Redis.
            if !with_code && argv[i].eq_ignore_ascii_case(b"withcode") {
                with_code = true;
            } else if pattern.is_none() && argv[i].eq_ignore_ascii_case(b"libraryname") {
                if i + 1 >= argv.len() {
                    return ctx.out.error("ERR library name argument was not given");
                }
                pattern = Some(argv[i + 1]);
                i += 1;
            } else {
                let a = String::from_utf8_lossy(argv[i]).into_owned();
                return ctx.out.error(&format!("ERR Unknown argument {a}"));
            }
            i += 1;
        }
        let libs: Vec<(&String, &Library)> = self
            .functions
            .libraries
            .iter()
            .filter(|(name, _)| pattern.is_none_or(|p| spinel_core::glob::glob_match(p, name.as_bytes(), false)))
            .collect();
        let out = &mut ctx.out;
        out.array(libs.len());
        for (name, lib) in libs {
            out.map(if with_code { 4 } else { 3 });
            out.bulk(b"library_name");
            out.bulk(name.as_bytes());
            out.bulk(b"engine");
            out.bulk(b"LUA");
            out.bulk(b"functions");
            out.array(lib.functions.len());
            for f in &lib.functions {
                out.map(3);
                out.bulk(b"name");
                out.bulk(f.name.as_bytes());
                out.bulk(b"description");
                match &f.description {
                    Some(d) => out.bulk(d),
                    None => out.null(),
                }
                out.bulk(b"flags");
                out.set(f.flags.len());
                for fl in &f.flags {
                    out.simple(fl.as_bytes());
                }
            }
            if with_code {
                out.bulk(b"library_code");
                out.bulk(&lib.code);
            }
        }
    }

    /// FUNCTION LOAD: returns the library name, or Redis's error text.
    /// The code of every library, in name order.
    pub(crate) fn library_codes(&self) -> Vec<Vec<u8>> {
        self.functions.libraries.values().map(|l| l.code.clone()).collect()
    }

    pub(crate) fn flush_libraries(&mut self) {
        self.functions.libraries.clear();
        self.functions.index.clear();
    }

    pub(crate) fn load_library(&mut self, code: &[u8], replace: bool) -> Result<String, String> {
        let (engine, name) = parse_metadata(code)?;
        if !engine.eq_ignore_ascii_case("lua") {
            return Err(format!("ERR Engine '{engine}' not found"));
        }
        let end = code.iter().position(|&c| c == b'\n').unwrap_or(code.len());
        if !valid_name(name.as_bytes()) {
            return Err(format!("ERR {NAME_RULES}"));
        }
        if self.functions.libraries.contains_key(&name) && !replace {
            return Err(format!("ERR Library '{name}' already exists"));
        }
        let body = &code[end..];
        self.shared.borrow_mut().registering = Some(Vec::new());
        self.shared.borrow_mut().source = "user_function";
        let result = run_library(&mut self.lua, &self.functions.env, body);
        let registered = self.shared.borrow_mut().registering.take().unwrap_or_default();
        result?;
        if registered.is_empty() {
            return Err("ERR No functions registered".into());
        }
        for f in &registered {
            if let Some(lib) = self.functions.index.get(&index_key(&f.name)) {
                if *lib != name {
                    return Err(format!("ERR Function {} already exists", f.name));
                }
            }
        }
        if let Some(old) = self.functions.libraries.remove(&name) {
            for f in &old.functions {
                self.functions.index.remove(&index_key(&f.name));
            }
        }
        for f in &registered {
            self.functions.index.insert(index_key(&f.name), name.clone());
        }
        self.functions.libraries.insert(name.clone(), Library { code: code.to_vec(), functions: registered });
        Ok(name)
    }

    /// The function FCALL names: the exact spelling first (one library may register both
    /// `g` and `G`), else any case.
    fn find_function(&self, asked: &str) -> Option<&Registered> {
        self.functions.index.get(&index_key(asked)).and_then(|lib| self.functions.libraries.get(lib)).and_then(|lib| {
            lib.functions.iter().find(|f| f.name == asked).or_else(|| lib.functions.iter().find(|f| f.name.eq_ignore_ascii_case(asked)))
        })
    }

    /// Whether the function FCALL `name` declares `no-writes` (`None`: no such function).
    pub(crate) fn function_declared_flags(&self, name: &[u8]) -> Option<spinel_core::scripting::DeclaredFlags> {
        self.find_function(&String::from_utf8_lossy(name))
            .map(|f| spinel_core::scripting::DeclaredFlags { compat: false, no_writes: f.flags.contains(&"no-writes"), allow_stale: f.flags.contains(&"allow-stale") })
    }

    pub(crate) fn fcall(&mut self, engine: &mut Engine, ctx: &mut Ctx, read_only: bool) {
        let argv = ctx.argv;
        let asked = String::from_utf8_lossy(argv[1]).into_owned();
        let Some(f) = self.find_function(&asked) else {
            return ctx.out.error("ERR Function not found");
        };
        // Errors and FUNCTION STATS name the function as registered.
        let name = &f.name;
        let numkeys = match spinel_core::num::parse_i64(argv[2]) {
            Some(n) if n >= 0 && n <= (argv.len() - 3) as i64 => n as usize,
            Some(n) if n < 0 => return ctx.out.error("ERR Number of keys can't be negative"),
            Some(_) => return ctx.out.error("ERR Number of keys can't be greater than number of args"),
            None => return ctx.out.error("ERR Bad number of keys provided"),
        };
        let no_writes = f.flags.contains(&"no-writes");
        let allow_oom = f.flags.contains(&"allow-oom");
        // A function that may write counts as a denyoom command (Redis refuses it before it runs).
        if !no_writes && !allow_oom && engine.script_out_of_memory() {
            return ctx.out.error(spinel_core::evict::OOM_ERROR);
        }
        if read_only && !no_writes {
            return ctx.out.error("ERR Can not execute a script with write flag using *_ro command.");
        }
        let function = f.function.clone();
        let keys = &argv[3..3 + numkeys];
        let args = &argv[3 + numkeys..];
        self.start(engine, ctx, &function, keys, args, std::rc::Rc::from(name.as_str()), read_only || no_writes, allow_oom, true);
    }
}

/// Compiles and runs a library's code once (it registers its functions).
fn run_library(lua: &mut Lua, env: &StashedTable, body: &[u8]) -> Result<(), String> {
    let executor = lua.enter(|ctx| {
        let env = ctx.fetch(env);
        match Closure::load_with_env(ctx, Some("@user_function"), body, env) {
            Ok(c) => Ok(ctx.stash(Executor::start(ctx, Function::Closure(c), ()))),
            Err(e) => Err(format!("ERR Error compiling function: user_function:{}", crate::compile_error_text(&e.to_string()))),
        }
    })?;
    let mut budget = LOAD_FUEL;
    loop {
        let mut fuel = Fuel::with(4096);
        let done = lua.enter(|ctx| ctx.fetch(&executor).step(ctx, &mut fuel));
        budget -= 4096 - fuel.remaining().min(4096);
        if done {
            break;
        }
        if budget <= 0 {
            lua.enter(|ctx| ctx.fetch(&executor).stop(&ctx));
            return Err("ERR FUNCTION LOAD timeout".into());
        }
    }
    lua.enter(|ctx| {
        let ex = ctx.fetch(&executor);
        if ex.mode() != ExecutorMode::Result {
            return Err("ERR Error registering functions: library yielded".to_string());
        }
        match ex.take_result::<piccolo::Variadic<Vec<Value>>>(ctx) {
            Ok(Ok(_)) if ex.mode() == ExecutorMode::Stopped => Ok(()),
            Ok(Ok(_)) => {
                ex.stop(&ctx);
                Err("ERR Error registering functions: attempt to yield from outside a coroutine".into())
            }
            Ok(Err(e)) => Err(format!("ERR Error registering functions: {}", crate::convert::error_text_of(ctx, e))),
            Err(_) => Err("ERR Error registering functions".into()),
        }
    })
}

impl Functions {
    /// Libraries, functions and the bytes of the libraries' code (INFO memory).
    pub fn counts(&self) -> (usize, usize, usize) {
        let functions = self.libraries.values().map(|l| l.functions.len()).sum();
        (self.libraries.len(), functions, self.libraries.values().map(|l| l.code.len()).sum())
    }
}
