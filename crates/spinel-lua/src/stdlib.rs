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
use std::cell::RefCell;
use std::rc::Rc;

/// Library tables scripts see read-only.
const LIBRARIES: &[&str] = &["string", "math", "table", "coroutine", "redis", "bit", "cjson", "struct", "cmsgpack"];

/// Notes the line of the Lua code calling a callback (for `on @user_script:N.`).
pub fn record_line(shared: &SharedRef, exec: &Execution) {
    if let Some(f) = exec.upper_lua_frame() {
        shared.borrow_mut().line = f.current_line.0 as usize + 1;
    }
}

fn position(shared: &SharedRef, exec: &Execution) -> String {
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
    let text = format!("{}{msg}", position(shared, exec));
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

/// Sets up the globals; returns the environment table scripts run in.
pub fn install(ctx: Context<'_>, shared: SharedRef) -> StashedTable {
    let g = ctx.globals();
    // Not in Redis's sandbox.
    g.set(ctx, "_VERSION", "Lua 5.1").unwrap();
    install_base(ctx, g, &shared);
    crate::strlib::install(ctx, g, &shared);
    crate::tablib::install(ctx, g, &shared);
    install_math(ctx, g, &shared);
    g.set(ctx, "redis", crate::api::redis_table(ctx, &shared)).unwrap();
    crate::extlib::install(ctx, g, &shared);
    crate::binlib::install(ctx, g, &shared);

    // coroutine.wrap, which piccolo lacks, in Lua over create/resume.
    if let Value::Table(co) = g.get(ctx, "coroutine") {
        // piccolo's own additions are not in Lua 5.1.
        let co = without(ctx, co, &["continue", "yieldto"]);
        g.set(ctx, "coroutine", co).unwrap();
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
        Callback::from_fn_with(&ctx, (string_mt, hidden), |(string_mt, hidden), ctx, _, mut stack| {
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
        Callback::from_fn(&ctx, |ctx, _, mut stack| {
            let v = stack.get(0);
            if is_read_only(ctx, v) {
                return Err(str_value(ctx, b"Attempt to modify a readonly table").into());
            }
            let Value::Table(t) = v else {
                return Err(str_value(ctx, format!("bad argument #1 to 'setmetatable' (table expected, got {})", arg_type(&stack, 0)).as_bytes()).into());
            };
            let mt = match stack.get(1) {
                Value::Nil => None,
                Value::Table(m) => Some(m),
                _ => return Err(str_value(ctx, b"bad argument #2 to 'setmetatable' (nil or table expected)").into()),
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
        Callback::from_fn(&ctx, |ctx, _, mut stack| {
            let v = stack.get(0);
            if is_read_only(ctx, v) {
                return Err(str_value(ctx, b"Attempt to modify a readonly table").into());
            }
            let Value::Table(t) = v else {
                return Err(str_value(ctx, format!("bad argument #1 to 'rawset' (table expected, got {})", arg_type(&stack, 0)).as_bytes()).into());
            };
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
        Callback::from_fn_with(&ctx, orig, |orig, ctx, _, mut stack| match stack.get(0) {
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
            let base = stack.get(1);
            let out = if base.is_nil() {
                match v {
                    Value::Integer(_) | Value::Number(_) => v,
                    Value::String(s) => parse_number(s.as_bytes()).map_or(Value::Nil, number_value),
                    _ => Value::Nil,
                }
            } else {
                let Some(b) = to_lua_number(base) else {
                    return Err(lib_error(ctx, &sh, &exec, "bad argument #2 to 'tonumber' (number expected, got no value)"));
                };
                let b = b as i64;
                if !(2..=36).contains(&b) {
                    return Err(lib_error(ctx, &sh, &exec, "bad argument #2 to 'tonumber' (base out of range)"));
                }
                let Some(s) = to_lua_string(v) else {
                    return Err(lib_error(ctx, &sh, &exec, &format!("bad argument #1 to 'tonumber' (string expected, got {})", type_name(v))));
                };
                parse_base(&s, b as u32).map_or(Value::Nil, number_value)
            };
            stack.replace(ctx, out);
            Ok(CallbackReturn::Return)
        }),
    );

    set_fn(
        ctx,
        g,
        "rawequal",
        Callback::from_fn(&ctx, |ctx, _, mut stack| {
            let (a, b) = (stack.get(0), stack.get(1));
            let eq = match (to_num_only(a), to_num_only(b)) {
                (Some(x), Some(y)) => x == y,
                _ => raw_eq(a, b),
            };
            stack.replace(ctx, eq);
            Ok(CallbackReturn::Return)
        }),
    );

    let unpack = Callback::from_fn(&ctx, |ctx, _, mut stack| {
        let Value::Table(t) = stack.get(0) else {
            return Err(str_value(ctx, format!("bad argument #1 to 'unpack' (table expected, got {})", type_name(stack.get(0))).as_bytes()).into());
        };
        let i = to_lua_number(stack.get(1)).map_or(1, |v| v as i64);
        let j = match stack.get(2) {
            Value::Nil => t.length(),
            v => to_lua_number(v).map_or(t.length(), |v| v as i64),
        };
        stack.clear();
        if i <= j {
            if j - i >= 8000 {
                return Err(str_value(ctx, b"too many results to unpack").into());
            }
            for k in i..=j {
                stack.push_back(t.get(ctx, k));
            }
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
            let level = to_lua_number(stack.get(1)).unwrap_or(1.0) as i64;
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
        Callback::from_fn(&ctx, |ctx, _, mut stack| {
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

/// `tonumber(s, base)` for bases 2..36 (Lua 5.1: strtoul, whole string, spaces around).
fn parse_base(s: &[u8], base: u32) -> Option<f64> {
    let t = std::str::from_utf8(s).ok()?.trim_matches(|c: char| c == ' ' || ('\t'..='\r').contains(&c));
    let (neg, digits) = match t.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, t),
    };
    if digits.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for c in digits.chars() {
        let d = c.to_digit(base)?;
        n = n.wrapping_mul(base as u64).wrapping_add(d as u64);
    }
    // strtoul's unsigned long result, read back as a double.
    let v = if neg { (n as i64).wrapping_neg() as u64 } else { n };
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

fn install_math<'gc>(ctx: Context<'gc>, g: Table<'gc>, shared: &SharedRef) {
    let Value::Table(m) = g.get(ctx, "math") else { return };
    // Lua 5.1 has no integer subtype: drop 5.3+ additions scripts would not find in Redis.
    let m = without(ctx, m, &["tointeger", "type", "ult", "maxinteger", "mininteger"]);
    g.set(ctx, "math", m).unwrap();
    let sh = shared.clone();
    set_fn(
        ctx,
        m,
        "random",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            const MAX: i64 = i32::MAX as i64;
            let r = (sh.borrow_mut().rand_next() as i64 % MAX) as f64 / MAX as f64;
            let v = match stack.len() {
                0 => Value::Number(r),
                1 => {
                    let u = to_lua_number(stack.get(0)).unwrap_or(0.0).trunc();
                    if u < 1.0 {
                        return Err(lib_error(ctx, &sh, &exec, "bad argument #1 to 'random' (interval is empty)"));
                    }
                    number_value((r * u).floor() + 1.0)
                }
                2 => {
                    let l = to_lua_number(stack.get(0)).unwrap_or(0.0).trunc();
                    let u = to_lua_number(stack.get(1)).unwrap_or(0.0).trunc();
                    if l > u {
                        return Err(lib_error(ctx, &sh, &exec, "bad argument #2 to 'random' (interval is empty)"));
                    }
                    number_value((r * (u - l + 1.0)).floor() + l)
                }
                _ => return Err(lib_error(ctx, &sh, &exec, "wrong number of arguments")),
            };
            stack.replace(ctx, v);
            Ok(CallbackReturn::Return)
        }),
    );
    let sh = shared.clone();
    set_fn(
        ctx,
        m,
        "randomseed",
        Callback::from_fn(&ctx, move |ctx, _, mut stack| {
            let seed = to_lua_number(stack.get(0)).unwrap_or(0.0) as i64 as i32;
            sh.borrow_mut().rand_seed(seed);
            stack.replace(ctx, ());
            Ok(CallbackReturn::Return)
        }),
    );
    m.set(ctx, "mod", m.get(ctx, "fmod")).unwrap();
    // Lua 5.1 functions piccolo's (5.4) math lacks.
    type Unary = (&'static str, fn(f64) -> f64);
    let f1: [Unary; 4] = [("cosh", f64::cosh), ("sinh", f64::sinh), ("tanh", f64::tanh), ("log10", f64::log10)];
    for (name, f) in f1 {
        set_fn(
            ctx,
            m,
            name,
            Callback::from_fn(&ctx, move |ctx, _, mut stack| {
                let v = to_lua_number(stack.get(0)).unwrap_or(f64::NAN);
                stack.replace(ctx, Value::Number(f(v)));
                Ok(CallbackReturn::Return)
            }),
        );
    }
    set_fn(
        ctx,
        m,
        "atan2",
        Callback::from_fn(&ctx, |ctx, _, mut stack| {
            let y = to_lua_number(stack.get(0)).unwrap_or(f64::NAN);
            let x = to_lua_number(stack.get(1)).unwrap_or(f64::NAN);
            stack.replace(ctx, Value::Number(y.atan2(x)));
            Ok(CallbackReturn::Return)
        }),
    );
    set_fn(
        ctx,
        m,
        "ldexp",
        Callback::from_fn(&ctx, |ctx, _, mut stack| {
            let x = to_lua_number(stack.get(0)).unwrap_or(f64::NAN);
            let e = to_lua_number(stack.get(1)).unwrap_or(0.0) as i32;
            stack.replace(ctx, number_value(x * 2f64.powi(e)));
            Ok(CallbackReturn::Return)
        }),
    );
    set_fn(
        ctx,
        m,
        "frexp",
        Callback::from_fn(&ctx, |ctx, _, mut stack| {
            let x = to_lua_number(stack.get(0)).unwrap_or(f64::NAN);
            let (m, e) = frexp(x);
            stack.replace(ctx, (Value::Number(m), Value::Integer(e as i64)));
            Ok(CallbackReturn::Return)
        }),
    );
    let pow = Callback::from_fn(&ctx, |ctx, _, mut stack| {
        let a = to_lua_number(stack.get(0)).unwrap_or(f64::NAN);
        let b = to_lua_number(stack.get(1)).unwrap_or(f64::NAN);
        stack.replace(ctx, Value::Number(a.powf(b)));
        Ok(CallbackReturn::Return)
    });
    set_fn(ctx, m, "pow", pow);
}

/// C's frexp: x = m * 2^e with 0.5 <= |m| < 1.
fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let mut e = x.abs().log2().floor() as i32 + 1;
    let mut m = x / 2f64.powi(e);
    // Correct rounding at the edges.
    if m.abs() >= 1.0 {
        m /= 2.0;
        e += 1;
    } else if m.abs() < 0.5 {
        m *= 2.0;
        e -= 1;
    }
    (m, e)
}

/// A copy of `t` without some fields (piccolo 0.3.3 tables must not hold nil-valued entries
/// when they grow, so we never delete from a table we later add to).
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

pub(crate) fn _keep(_: &Rc<RefCell<Shared>>) {}
