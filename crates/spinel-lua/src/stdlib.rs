//! The Lua environment Redis gives scripts: piccolo's core library completed with what
//! Redis's Lua 5.1 has and piccolo lacks (tonumber with bases, xpcall, rawequal, unpack,
//! error levels, loadstring, Lua 5.1 number printing, math.random as Redis seeds it...),
//! the `redis` table, and the sandbox: reading an unknown global and writing any global or
//! library field fail with Redis's texts.

use crate::convert::{display, str_value};
use crate::num::{lua_number, parse_number};
use crate::{Shared, SharedRef};
use gc_arena::Collect;
use piccolo::{
    BoxSequence, Callback, CallbackReturn, Closure, Context, Error, Execution, Function, MetaMethod, Sequence,
    SequencePoll, Stack, StashedTable, Table, Value,
};

/// Library tables scripts see read-only.
const LIBRARIES: &[&str] = &["string", "math", "table", "coroutine", "redis", "bit", "cjson", "struct", "cmsgpack"];

/// Notes the line of the Lua code calling a callback (for `on @user_script:N.`).
pub fn record_line(shared: &SharedRef, exec: &Execution) {
    if let Some(f) = exec.upper_lua_frame() {
        shared.borrow_mut().line = f.current_line.0 as usize + 1;
    }
}

/// Lua 5.1's `luaL_where(L, 1)`: `user_script:LINE: ` when a Lua function called the running
/// library function, nothing when another library function did (`pcall(string.rep)`).
fn position(shared: &SharedRef, exec: &Execution) -> String {
    if exec.upper_lua_frame().is_none() {
        return String::new();
    }
    record_line(shared, exec);
    let s = shared.borrow();
    format!("{}:{}: ", s.source, s.line)
}

/// An error raised by the redis library: the table `{err = "ERR <msg>"}`.
pub fn redis_error<'gc>(ctx: Context<'gc>, msg: &str) -> Error<'gc> {
    Error::from_value(crate::convert::field_table(ctx, "err", str_value(ctx, format!("ERR {msg}").as_bytes())))
}

/// A string error with the Lua position, as luaL_error raises it.
pub fn lib_error<'gc>(ctx: Context<'gc>, shared: &SharedRef, exec: &Execution, msg: &str) -> Error<'gc> {
    let text = match msg.strip_prefix("bad argument #").and_then(|rest| rest.split_once(" to '")) {
        // Called by a library function, the function has no name to Lua 5.1 (`'?'`).
        Some((n, rest)) if exec.upper_lua_frame().is_none() => {
            format!("bad argument #{n} to '?'{}", rest.split_once('\'').map_or("", |(_, tail)| tail))
        }
        _ => format!("{}{msg}", position(shared, exec)),
    };
    Error::from_value(str_value(ctx, text.as_bytes()))
}

/// Lua 5.1's `lua_tolstring`: strings and numbers.
pub fn to_lua_string(v: Value) -> Option<Vec<u8>> {
    match v {
        Value::String(s) => Some(s.as_bytes().to_vec()),
        Value::Integer(_) | Value::Number(_) => Some(display(v)),
        _ => None,
    }
}

/// Lua 5.1's `lua_tonumber`: numbers and numeric strings.
pub fn to_lua_number(v: Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(i as f64),
        Value::Number(f) => Some(f),
        Value::String(s) => parse_number(s.as_bytes()),
        _ => None,
    }
}

/// A number as piccolo best holds it: integral values that fit as integers.
pub fn number_value<'gc>(v: f64) -> Value<'gc> {
    if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 && !(v == 0.0 && v.is_sign_negative()) {
        Value::Integer(v as i64)
    } else {
        Value::Number(v)
    }
}

fn set_fn<'gc>(ctx: Context<'gc>, t: Table<'gc>, name: &'static str, f: Callback<'gc>) {
    t.set(ctx, name, f).unwrap();
}

/// `luaL_checkany`: argument `i` (from 0) of `fname` must be there, nil or not.
pub fn check_any<'gc>(ctx: Context<'gc>, sh: &SharedRef, exec: &Execution, stack: &Stack<'gc, '_>, i: usize, fname: &str) -> Result<(), Error<'gc>> {
    if i < stack.len() {
        return Ok(());
    }
    Err(lib_error(ctx, sh, exec, &format!("bad argument #{} to '{fname}' (value expected)", i + 1)))
}

/// `luaL_checktype(L, i, LUA_TTABLE)`.
pub fn check_table<'gc>(ctx: Context<'gc>, sh: &SharedRef, exec: &Execution, stack: &Stack<'gc, '_>, i: usize, fname: &str) -> Result<Table<'gc>, Error<'gc>> {
    match stack.get(i) {
        Value::Table(t) => Ok(t),
        _ => Err(lib_error(ctx, sh, exec, &format!("bad argument #{} to '{fname}' (table expected, got {})", i + 1, arg_type(stack, i)))),
    }
}

/// Sets up the globals; returns the environment table scripts run in.
pub fn install(ctx: Context<'_>, shared: SharedRef) -> StashedTable {
    let g = ctx.globals();
    // Not in Redis's sandbox.
    g.set(ctx, "_VERSION", "Lua 5.1").unwrap();
    install_base(ctx, g, &shared);
    install_checked_base(ctx, g, &shared);
    crate::strlib::install(ctx, g, &shared);
    crate::tablib::install(ctx, g, &shared);
    crate::mathlib::install(ctx, g, &shared);
    let markers = crate::CallMarkers::new(ctx);
    g.set(ctx, "redis", crate::api::redis_table(ctx, &shared, markers)).unwrap();
    crate::extlib::install(ctx, g, &shared);
    crate::binlib::install(ctx, g, &shared);

    // coroutine.wrap, which piccolo lacks, in Lua over create/resume.
    if let Value::Table(co) = g.get(ctx, "coroutine") {
        // piccolo's own additions are not in Lua 5.1.
        let co = without(ctx, co, &["continue", "yieldto"]);
        g.set(ctx, "coroutine", co).unwrap();
        install_coroutine_resume(ctx, co, markers, &shared);
        const WRAP: &str = "local f = ... local co = coroutine.create(f) \
            local function pack(...) return {n = select('#', ...), ...} end \
            return function(...) local r = pack(coroutine.resume(co, ...)) \
            if not r[1] then error(r[2], 0) end return unpack(r, 2, r.n) end";
        let wrap = Closure::load_with_env(ctx, Some("=[C]"), WRAP.as_bytes(), g).expect("coroutine.wrap compiles");
        co.set(ctx, "wrap", Function::Closure(wrap)).unwrap();
    }

    // Library tables and the globals are read-only to scripts, which read them directly.
    for lib in LIBRARIES {
        if let Value::Table(real) = g.get(ctx, *lib) {
            make_read_only(ctx, real, &shared, false);
        }
    }
    install_metatables(ctx, g, &shared);
    // Globals: reading a missing one fails; writing any fails (KEYS/ARGV are set raw).
    make_read_only(ctx, g, &shared, true);
    g.set(ctx, "_G", g).unwrap();
    ctx.stash(g)
}

/// Makes `t` read-only to scripts: every write raises Redis's error (piccolo sends all writes
/// on a table marked `__spinel_read_only` to `__newindex`, see vendor/piccolo/SPINEL-PATCHES.md).
/// With `missing_is_error`, reading an absent key raises the nonexistent-global error.
pub fn make_read_only<'gc>(ctx: Context<'gc>, t: Table<'gc>, shared: &SharedRef, missing_is_error: bool) -> Table<'gc> {
    let mt = Table::new(&ctx);
    if missing_is_error {
        let sh = shared.clone();
        mt.set(
            ctx,
            MetaMethod::Index,
            Callback::from_fn(&ctx, move |ctx, exec, stack| {
                let name = String::from_utf8_lossy(&display(stack.get(1))).into_owned();
                Err(lib_error(ctx, &sh, &exec, &format!("Script attempted to access nonexistent global variable '{name}'")))
            }),
        )
        .unwrap();
    }
    let sh = shared.clone();
    mt.set(
        ctx,
        MetaMethod::NewIndex,
        Callback::from_fn(&ctx, move |ctx, exec, _| Err(lib_error(ctx, &sh, &exec, "Attempt to modify a readonly table"))),
    )
    .unwrap();
    mt.set(ctx, READ_ONLY_MARK, true).unwrap();
    t.set_metatable(&ctx, Some(mt));
    t
}

/// Key marking the metatable of a read-only table (hidden from scripts by getmetatable); the
/// patched piccolo knows it by this name.
const READ_ONLY_MARK: &str = "__spinel_read_only";

fn is_read_only<'gc>(ctx: Context<'gc>, v: Value<'gc>) -> bool {
    match v {
        Value::Table(t) => t.metatable().is_some_and(|mt| !mt.get(ctx, READ_ONLY_MARK).is_nil()),
        _ => false,
    }
}

/// getmetatable, setmetatable and rawset as Lua 5.1 has them, refusing to change the
/// read-only tables (globals, libraries) as Redis does, and strings' metatable.
fn install_metatables<'gc>(ctx: Context<'gc>, g: Table<'gc>, shared: &SharedRef) {
    let string_mt = Table::new(&ctx);
    string_mt.set(ctx, MetaMethod::Index, g.get(ctx, "string")).unwrap();
    // Read-only, as in Redis: no script can leave state there for the next one.
    make_read_only(ctx, string_mt, shared, false);
    let hidden = Table::new(&ctx);
    set_fn(
        ctx,
        g,
        "getmetatable",
        Callback::from_fn_with(&ctx, (string_mt, hidden, shared.clone()), |(string_mt, hidden, sh), ctx, exec, mut stack| {
            check_any(ctx, sh, &exec, &stack, 0, "getmetatable")?;
            let v = stack.get(0);
            let mt = match v {
                Value::String(_) => Value::Table(*string_mt),
                _ if is_read_only(ctx, v) => Value::Table(*hidden),
                Value::Table(t) => match t.metatable() {
                    Some(mt) => match mt.get(ctx, "__metatable") {
                        Value::Nil => Value::Table(mt),
                        protected => protected,
                    },
                    None => Value::Nil,
                },
                _ => Value::Nil,
            };
            stack.replace(ctx, mt);
            Ok(CallbackReturn::Return)
        }),
    );
    set_fn(
        ctx,
        g,
        "setmetatable",
        Callback::from_fn_with(&ctx, shared.clone(), |sh, ctx, exec, mut stack| {
            let v = stack.get(0);
            if is_read_only(ctx, v) {
                return Err(str_value(ctx, b"Attempt to modify a readonly table").into());
            }
            let t = check_table(ctx, sh, &exec, &stack, 0, "setmetatable")?;
            let mt = match stack.get(1) {
                Value::Nil => None,
                Value::Table(m) => Some(m),
                _ => return Err(lib_error(ctx, sh, &exec, "bad argument #2 to 'setmetatable' (nil or table expected)")),
            };
            if t.metatable().is_some_and(|m| !m.get(ctx, "__metatable").is_nil()) {
                return Err(str_value(ctx, b"cannot change a protected metatable").into());
            }
            t.set_metatable(&ctx, mt);
            stack.replace(ctx, t);
            Ok(CallbackReturn::Return)
        }),
    );
    set_fn(
        ctx,
        g,
        "rawset",
        Callback::from_fn_with(&ctx, shared.clone(), |sh, ctx, exec, mut stack| {
            let v = stack.get(0);
            if is_read_only(ctx, v) {
                return Err(str_value(ctx, b"Attempt to modify a readonly table").into());
            }
            let t = check_table(ctx, sh, &exec, &stack, 0, "rawset")?;
            check_any(ctx, sh, &exec, &stack, 1, "rawset")?;
            check_any(ctx, sh, &exec, &stack, 2, "rawset")?;
            t.set(ctx, stack.get(1), stack.get(2)).map_err(Error::from)?;
            stack.replace(ctx, t);
            Ok(CallbackReturn::Return)
        }),
    );
}

/// Two tables of strings (the keys and args a function receives).
pub fn string_tables<'gc>(ctx: Context<'gc>, keys: &[&[u8]], args: &[&[u8]]) -> (Table<'gc>, Table<'gc>) {
    let make = |list: &[&[u8]]| {
        let t = Table::new(&ctx);
        for (i, a) in list.iter().enumerate() {
            t.set(ctx, i as i64 + 1, str_value(ctx, a)).unwrap();
        }
        t
    };
    (make(keys), make(args))
}

/// Sets KEYS and ARGV for a run (raw: the globals are read-only to scripts). The previous
/// run's tables are emptied and filled again when they hold nothing but their array (no
/// allocation per EVAL): no script can keep a reference to them for later, since globals,
/// libraries and the string metatable are read-only.
pub fn set_keys_argv<'gc>(ctx: Context<'gc>, keys: &[&[u8]], args: &[&[u8]]) {
    let g = ctx.globals();
    for (name, list) in [("KEYS", keys), ("ARGV", args)] {
        let t = match g.get(ctx, name) {
            Value::Table(t) if emptied(ctx, t) => t,
            _ => {
                let t = Table::new(&ctx);
                g.set(ctx, name, t).unwrap();
                t
            }
        };
        for (i, a) in list.iter().enumerate() {
            t.set(ctx, i as i64 + 1, str_value(ctx, a)).unwrap();
        }
    }
}

/// Clears the sequence `1..#t`; true if `t` is empty after it (nothing else was added).
fn emptied<'gc>(ctx: Context<'gc>, t: Table<'gc>) -> bool {
    if t.metatable().is_some() {
        return false;
    }
    for i in 1..=t.length() {
        t.set(ctx, i, Value::Nil).unwrap();
    }
    t.iter().next().is_none()
}

/// math.random's state at start: Redis 7 never reseeds it between scripts, so the sequence
/// runs on from the server's start (`{X0, X1, X2}` of rand.c) unless a script calls randomseed.
pub const RAND_INITIAL: u64 = 0x1234_ABCD_330E;

impl Shared {
    /// Redis's `redisSrand48`.
    pub fn rand_seed(&mut self, seed: i32) {
        self.rand = ((seed as u32 as u64) << 16) | 0x330E;
    }

    /// Redis's `redisLrand48`: the 48-bit LCG of lrand48, 31 bits out.
    pub fn rand_next(&mut self) -> i32 {
        self.rand = (self.rand.wrapping_mul(0x5DEECE66D).wrapping_add(0xB)) & ((1u64 << 48) - 1);
        (self.rand >> 17) as i32
    }
}

fn install_base<'gc>(ctx: Context<'gc>, g: Table<'gc>, shared: &SharedRef) {
    // tostring: numbers as Lua 5.1 prints them; the rest through piccolo's (metamethods).
    let orig = g.get(ctx, "tostring");
    g.set(
        ctx,
        "tostring",
        Callback::from_fn_with(&ctx, (orig, shared.clone()), |(orig, sh), ctx, exec, mut stack| match stack.get(0) {
            _ if stack.is_empty() => Err(lib_error(ctx, sh, &exec, "bad argument #1 to 'tostring' (value expected)")),
            Value::Number(f) => {
                stack.replace(ctx, str_value(ctx, lua_number(f).as_bytes()));
                Ok(CallbackReturn::Return)
            }
            _ => match *orig {
                Value::Function(function) => Ok(CallbackReturn::Call { function, then: None }),
                _ => Ok(CallbackReturn::Return),
            },
        }),
    )
    .unwrap();

    let sh = shared.clone();
    set_fn(
        ctx,
        g,
        "tonumber",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let v = stack.get(0);
            // Lua 5.1: base 10 (the default) is the ordinary conversion, others strtoul's.
            let base = if stack.get(1).is_nil() { 10 } else { crate::mathlib::check_int(ctx, &sh, &exec, &stack, 1, "tonumber")? };
            let out = if base == 10 {
                check_any(ctx, &sh, &exec, &stack, 0, "tonumber")?;
                match v {
                    Value::Integer(_) | Value::Number(_) => v,
                    Value::String(s) => parse_number(s.as_bytes()).map_or(Value::Nil, number_value),
                    _ => Value::Nil,
                }
            } else {
                if !(2..=36).contains(&base) {
                    return Err(lib_error(ctx, &sh, &exec, "bad argument #2 to 'tonumber' (base out of range)"));
                }
                let Some(s) = to_lua_string(v) else {
                    return Err(lib_error(ctx, &sh, &exec, &format!("bad argument #1 to 'tonumber' (string expected, got {})", type_name(v))));
                };
                parse_base(&s, base as u32).map_or(Value::Nil, number_value)
            };
            stack.replace(ctx, out);
            Ok(CallbackReturn::Return)
        }),
    );

    set_fn(
        ctx,
        g,
        "rawequal",
        Callback::from_fn_with(&ctx, shared.clone(), |sh, ctx, exec, mut stack| {
            check_any(ctx, sh, &exec, &stack, 0, "rawequal")?;
            check_any(ctx, sh, &exec, &stack, 1, "rawequal")?;
            let (a, b) = (stack.get(0), stack.get(1));
            let eq = match (to_num_only(a), to_num_only(b)) {
                (Some(x), Some(y)) => x == y,
                _ => raw_eq(a, b),
            };
            stack.replace(ctx, eq);
            Ok(CallbackReturn::Return)
        }),
    );

    let unpack = Callback::from_fn_with(&ctx, shared.clone(), |sh, ctx, exec, mut stack| {
        // Lua 5.1: C ints (a huge start wraps as C converts it), at most LUAI_MAXCSTACK results.
        let t = check_table(ctx, sh, &exec, &stack, 0, "unpack")?;
        let opt_int = |i: usize, default: i32| match stack.get(i) {
            Value::Nil => Ok(default),
            _ => crate::mathlib::check_int(ctx, sh, &exec, &stack, i, "unpack"),
        };
        let first = opt_int(1, 1)?;
        let last = opt_int(2, t.length() as i32)?;
        if first > last {
            stack.clear();
            return Ok(CallbackReturn::Return);
        }
        let n = last.wrapping_sub(first).wrapping_add(1);
        if n <= 0 || n >= 8000 {
            return Err(lib_error(ctx, sh, &exec, "too many results to unpack"));
        }
        stack.clear();
        for k in first..=last {
            stack.push_back(t.get(ctx, k as i64));
        }
        Ok(CallbackReturn::Return)
    });
    set_fn(ctx, g, "unpack", unpack);
    if let Value::Table(t) = g.get(ctx, "table") {
        g.set(ctx, "table", without(ctx, t, &["unpack", "pack"])).unwrap();
    }

    // error(msg [, level]): level 1 (default) prefixes the position of the caller.
    let sh = shared.clone();
    set_fn(
        ctx,
        g,
        "error",
        Callback::from_fn(&ctx, move |ctx, exec, stack| {
            let v = stack.get(0);
            let level = match stack.get(1) {
                Value::Nil => 1,
                _ => crate::mathlib::check_int(ctx, &sh, &exec, &stack, 1, "error")?,
            };
            record_line(&sh, &exec);
            if level == 1 {
                if let Some(s) = match v {
                    Value::String(_) | Value::Integer(_) | Value::Number(_) => to_lua_string(v),
                    _ => None,
                } {
                    let mut text = position(&sh, &exec).into_bytes();
                    text.extend_from_slice(&s);
                    return Err(Error::from_value(str_value(ctx, &text)));
                }
            }
            Err(Error::from_value(v))
        }),
    );

    let sh = shared.clone();
    set_fn(
        ctx,
        g,
        "assert",
        Callback::from_fn(&ctx, move |ctx, exec, _stack| {
            let stack = _stack;
            if stack.get(0).to_bool() {
                return Ok(CallbackReturn::Return);
            }
            record_line(&sh, &exec);
            // Lua 5.1: luaL_error(L, "%s", msg): the position, then the message.
            let msg = match stack.get(1) {
                Value::Nil => b"assertion failed!".to_vec(),
                m => display(m),
            };
            Err(lib_error(ctx, &sh, &exec, &String::from_utf8_lossy(&msg)))
        }),
    );

    // pcall(f, ...): Redis 7.0 replaces Lua's with luaRedisPcall, which hands the caller the
    // `err` field of a `{err=...}` error (the redis library's errors) instead of the table.
    set_fn(
        ctx,
        g,
        "pcall",
        Callback::from_fn(&ctx, |ctx, _, mut stack| {
            let f = stack.get(0);
            let Ok(function) = piccolo::meta_ops::call(ctx, f) else {
                stack.clear();
                stack.push_back(Value::Boolean(false));
                stack.push_back(str_value(ctx, format!("attempt to call a {} value", f.type_name()).as_bytes()));
                return Ok(CallbackReturn::Return);
            };
            stack.pop_front();
            Ok(CallbackReturn::Call { function, then: Some(BoxSequence::new(&ctx, PCall)) })
        }),
    );

    // xpcall(f, handler): Lua 5.1's form (no extra arguments).
    set_fn(
        ctx,
        g,
        "xpcall",
        Callback::from_fn_with(&ctx, shared.clone(), |sh, ctx, exec, mut stack| {
            check_any(ctx, sh, &exec, &stack, 1, "xpcall")?;
            let f = stack.get(0);
            let handler = stack.get(1);
            let function = match f {
                Value::Function(f) => f,
                _ => {
                    stack.clear();
                    stack.push_back(Value::Boolean(false));
                    stack.push_back(str_value(ctx, b"attempt to call a nil value"));
                    return Ok(CallbackReturn::Return);
                }
            };
            stack.clear();
            Ok(CallbackReturn::Call { function, then: Some(BoxSequence::new(&ctx, XPCall { handler, handling: false })) })
        }),
    );

    // loadstring(code [, name]): compiled in the script environment.
    set_fn(
        ctx,
        g,
        "loadstring",
        Callback::from_fn(&ctx, |ctx, _, mut stack| {
            let Some(code) = to_lua_string(stack.get(0)) else {
                return Err(str_value(ctx, b"bad argument #1 to 'loadstring' (string expected)").into());
            };
            let name = to_lua_string(stack.get(1)).map(|n| String::from_utf8_lossy(&n).into_owned());
            let env = match ctx.globals().get(ctx, "_G") {
                Value::Table(t) => t,
                _ => ctx.globals(),
            };
            let chunk_name = name.unwrap_or_else(|| String::from_utf8_lossy(&code).into_owned());
            match Closure::load_with_env(ctx, Some(&chunk_name), &code[..], env) {
                Ok(c) => stack.replace(ctx, Value::Function(Function::Closure(c))),
                Err(e) => stack.replace(ctx, (Value::Nil, str_value(ctx, e.to_string().as_bytes()))),
            }
            Ok(CallbackReturn::Return)
        }),
    );
    if let Value::Function(f) = g.get(ctx, "loadstring") {
        g.set(ctx, "load", f).unwrap();
    }
    set_fn(
        ctx,
        g,
        "gcinfo",
        Callback::from_fn(&ctx, |ctx, _, mut stack| {
            stack.replace(ctx, 0);
            Ok(CallbackReturn::Return)
        }),
    );
}

/// Raw equality of two values that are not both numbers.
/// select, type, pairs, ipairs and rawget as Lua 5.1 has them: piccolo's demand exact integers
/// (`select(1.5, ...)` truncates in Lua 5.1) and raise their own texts for bad arguments.
fn install_checked_base<'gc>(ctx: Context<'gc>, g: Table<'gc>, shared: &SharedRef) {
    set_fn(
        ctx,
        g,
        "select",
        Callback::from_fn_with(&ctx, shared.clone(), |sh, ctx, exec, mut stack| {
            let n = stack.len() as i64;
            if let Value::String(s) = stack.get(0) {
                if s.as_bytes().first() == Some(&b'#') {
                    stack.replace(ctx, n - 1);
                    return Ok(CallbackReturn::Return);
                }
            }
            let i = crate::mathlib::check_int(ctx, sh, &exec, &stack, 0, "select")? as i64;
            let i = if i < 0 { n + i } else { i.min(n) };
            if i < 1 {
                return Err(lib_error(ctx, sh, &exec, "bad argument #1 to 'select' (index out of range)"));
            }
            stack.drain(..i as usize);
            Ok(CallbackReturn::Return)
        }),
    );
    set_fn(
        ctx,
        g,
        "type",
        Callback::from_fn_with(&ctx, shared.clone(), |sh, ctx, exec, mut stack| {
            check_any(ctx, sh, &exec, &stack, 0, "type")?;
            stack.replace(ctx, stack.get(0).type_name());
            Ok(CallbackReturn::Return)
        }),
    );
    set_fn(
        ctx,
        g,
        "rawget",
        Callback::from_fn_with(&ctx, shared.clone(), |sh, ctx, exec, mut stack| {
            let t = check_table(ctx, sh, &exec, &stack, 0, "rawget")?;
            check_any(ctx, sh, &exec, &stack, 1, "rawget")?;
            stack.replace(ctx, t.get(ctx, stack.get(1)));
            Ok(CallbackReturn::Return)
        }),
    );
    // pairs(t): next, t, nil (no __pairs in Lua 5.1).
    let next = g.get(ctx, "next");
    set_fn(
        ctx,
        g,
        "pairs",
        Callback::from_fn_with(&ctx, (next, shared.clone()), |(next, sh), ctx, exec, mut stack| {
            let t = check_table(ctx, sh, &exec, &stack, 0, "pairs")?;
            stack.replace(ctx, (*next, t, Value::Nil));
            Ok(CallbackReturn::Return)
        }),
    );
    // ipairs(t): its iterator, t, 0; the iterator reads raw and stops at the first nil.
    let sh = shared.clone();
    let ipairs_aux = Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
        let i = crate::mathlib::check_int(ctx, &sh, &exec, &stack, 1, "ipairs")? as i64 + 1;
        let t = check_table(ctx, &sh, &exec, &stack, 0, "ipairs")?;
        let v = t.get(ctx, i);
        if v.is_nil() {
            stack.clear();
        } else {
            stack.replace(ctx, (i, v));
        }
        Ok(CallbackReturn::Return)
    });
    set_fn(
        ctx,
        g,
        "ipairs",
        Callback::from_fn_with(&ctx, (ipairs_aux, shared.clone()), |(aux, sh), ctx, exec, mut stack| {
            let t = check_table(ctx, sh, &exec, &stack, 0, "ipairs")?;
            stack.replace(ctx, (*aux, t, 0));
            Ok(CallbackReturn::Return)
        }),
    );
}

pub fn raw_eq(a: Value, b: Value) -> bool {
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Boolean(x), Value::Boolean(y)) => x == y,
        (Value::String(x), Value::String(y)) => x.as_bytes() == y.as_bytes(),
        (Value::Nil | Value::Boolean(_) | Value::String(_), _) | (_, Value::Nil | Value::Boolean(_) | Value::String(_)) => false,
        // Reference types: the same object prints the same address.
        _ => a.type_name() == b.type_name() && a.to_string() == b.to_string(),
    }
}

fn to_num_only(v: Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(i as f64),
        Value::Number(f) => Some(f),
        _ => None,
    }
}

/// The type of argument `i` in error texts: "no value" when it was not given.
pub fn arg_type(stack: &piccolo::Stack, i: usize) -> &'static str {
    if i >= stack.len() {
        "no value"
    } else {
        stack.get(i).type_name()
    }
}

pub fn type_name(v: Value) -> &'static str {
    match v {
        Value::Nil => "no value",
        other => other.type_name(),
    }
}

/// `tonumber(s, base)` for bases 2..36: C's strtoul over the whole string (spaces around, a
/// sign, `0x` in base 16; out of range: ULONG_MAX), as Lua 5.1 calls it.
fn parse_base(s: &[u8], base: u32) -> Option<f64> {
    let t = std::str::from_utf8(s).ok()?.trim_matches(|c: char| c == ' ' || ('\t'..='\r').contains(&c));
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let digits = match digits.get(..2) {
        Some("0x" | "0X") if base == 16 && digits.len() > 2 => &digits[2..],
        _ => digits,
    };
    if digits.is_empty() {
        return None;
    }
    let mut n: Option<u64> = Some(0);
    for c in digits.chars() {
        let d = c.to_digit(base)?;
        n = n.and_then(|n| n.checked_mul(base as u64)).and_then(|n| n.checked_add(d as u64));
    }
    // strtoul's unsigned long result, read back as a double.
    let v = match n {
        None => u64::MAX,
        Some(n) if neg => n.wrapping_neg(),
        Some(n) => n,
    };
    Some(v as f64)
}

#[derive(Collect)]
#[collect(require_static)]
struct PCall;

impl<'gc> Sequence<'gc> for PCall {
    fn poll(&mut self, _ctx: Context<'gc>, _exec: Execution<'gc, '_>, mut stack: Stack<'gc, '_>) -> Result<SequencePoll<'gc>, Error<'gc>> {
        stack.push_front(Value::Boolean(true));
        Ok(SequencePoll::Return)
    }

    fn error(&mut self, ctx: Context<'gc>, _exec: Execution<'gc, '_>, error: Error<'gc>, mut stack: Stack<'gc, '_>) -> Result<SequencePoll<'gc>, Error<'gc>> {
        let mut v = error.to_value(ctx);
        if let Value::Table(t) = v {
            // lua_isstring: a string or a number.
            if let e @ (Value::String(_) | Value::Integer(_) | Value::Number(_)) = t.get(ctx, "err") {
                v = e;
            }
        }
        stack.clear();
        stack.extend([Value::Boolean(false), v]);
        Ok(SequencePoll::Return)
    }
}

#[derive(Collect)]
#[collect(no_drop)]
struct XPCall<'gc> {
    handler: Value<'gc>,
    handling: bool,
}

impl<'gc> Sequence<'gc> for XPCall<'gc> {
    fn poll(&mut self, _ctx: Context<'gc>, _exec: Execution<'gc, '_>, mut stack: Stack<'gc, '_>) -> Result<SequencePoll<'gc>, Error<'gc>> {
        if self.handling {
            // The handler's first result is the error value.
            let v = stack.get(0);
            stack.clear();
            stack.push_back(Value::Boolean(false));
            stack.push_back(v);
        } else {
            stack.push_front(Value::Boolean(true));
        }
        Ok(SequencePoll::Return)
    }

    fn error(&mut self, ctx: Context<'gc>, _exec: Execution<'gc, '_>, error: Error<'gc>, mut stack: Stack<'gc, '_>) -> Result<SequencePoll<'gc>, Error<'gc>> {
        stack.clear();
        if self.handling {
            stack.push_back(Value::Boolean(false));
            stack.push_back(error.to_value(ctx));
            return Ok(SequencePoll::Return);
        }
        self.handling = true;
        match self.handler {
            Value::Function(f) => {
                stack.push_back(error.to_value(ctx));
                Ok(SequencePoll::Call { function: f, is_tail: false })
            }
            _ => {
                stack.push_back(Value::Boolean(false));
                stack.push_back(Value::Nil);
                Ok(SequencePoll::Return)
            }
        }
    }
}

/// A copy of `t` without some fields (piccolo 0.3.3 tables must not hold nil-valued entries
/// when they grow, so we never delete from a table we later add to).
/// `coroutine.resume` that lets the coroutine call redis.call: the call yields its command to
/// the resume, which passes it up to the host (yielding the thread it runs on) and resumes
/// the coroutine with the reply, or with `RAISE` and the error, which redis.call then raises
/// inside the coroutine. Nested coroutines pass a command up one resume at a time.
fn install_coroutine_resume<'gc>(ctx: Context<'gc>, co: Table<'gc>, markers: crate::CallMarkers<'gc>, shared: &SharedRef) {
    const RESUME: &str = "local co = ... \
        local function pack(...) return {n = select('#', ...), ...} end \
        local r = pack(resume(...)) \
        while r[1] == true and (r[2] == CALL or r[2] == PCALL) do \
            local reply = pack(pcall(yield, unpack(r, 2, r.n))) \
            if reply[1] then r = pack(resume(co, unpack(reply, 2, reply.n))) \
            else r = pack(resume(co, RAISE, reply[2])) end \
        end \
        return unpack(r, 1, r.n)";
    let g = ctx.globals();
    let env = Table::new(&ctx);
    env.set(ctx, "resume", co.get(ctx, "resume")).unwrap();
    env.set(ctx, "yield", co.get(ctx, "yield")).unwrap();
    for name in ["pcall", "select", "unpack"] {
        env.set(ctx, name, g.get(ctx, name)).unwrap();
    }
    env.set(ctx, "CALL", markers.call).unwrap();
    env.set(ctx, "PCALL", markers.pcall).unwrap();
    env.set(ctx, "RAISE", markers.raise).unwrap();
    let resume = Closure::load_with_env(ctx, Some("=[C]"), RESUME.as_bytes(), env).expect("coroutine.resume compiles");
    // The argument is checked here, called from the script, so errors have its position.
    let sh = shared.clone();
    let checked = Callback::from_fn_with(&ctx, resume, move |resume, ctx, exec, stack| {
        if !matches!(stack.get(0), Value::Thread(_)) {
            return Err(lib_error(ctx, &sh, &exec, "bad argument #1 to 'resume' (coroutine expected)"));
        }
        Ok(CallbackReturn::Call { function: Function::Closure(*resume), then: None })
    });
    co.set(ctx, "resume", checked).unwrap();
}

pub fn without<'gc>(ctx: Context<'gc>, t: Table<'gc>, names: &[&str]) -> Table<'gc> {
    let out = Table::new(&ctx);
    for (k, v) in t.iter() {
        if let Value::String(s) = k {
            if names.iter().any(|n| n.as_bytes() == s.as_bytes()) {
                continue;
            }
        }
        out.set(ctx, k, v).unwrap();
    }
    out
}
