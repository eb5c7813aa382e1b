//! The extra libraries Redis ships to scripts: `cjson` (lua-cjson as Redis builds it) and
//! `bit` (LuaBitOp).

use crate::convert::{display, str_value};
use crate::num::fmt_g;
use crate::stdlib::{arg_type, lib_error, number_value, to_lua_number, to_lua_string};
use crate::SharedRef;
use piccolo::{Callback, CallbackReturn, Context, Error, Execution, Table, UserData, Value};

/// lua-cjson's default nesting limit, for encoding and decoding.
const MAX_DEPTH: u32 = 1000;

/// The cjson settings a script may change: the nesting limits (`cjson.encode_max_depth(n)`,
/// `cjson.decode_max_depth(n)`) and what encoding does with NaN and infinities
/// (`cjson.encode_invalid_numbers`: 0 refuse, 1 write them as `nan`/`inf`, 2 as `null`).
#[derive(Clone, Copy)]
pub struct CjsonSettings {
    pub encode_depth: u32,
    pub decode_depth: u32,
    pub invalid_numbers: u8,
}

impl Default for CjsonSettings {
    fn default() -> Self {
        CjsonSettings { encode_depth: MAX_DEPTH, decode_depth: MAX_DEPTH, invalid_numbers: 0 }
    }
}

/// `encode_invalid_numbers`' option names, by setting.
const INVALID_NUMBER_OPTIONS: [&str; 3] = ["off", "on", "null"];

/// The value of `cjson.null` (a light userdata in Redis): a unique static userdata.
pub struct JsonNull;

pub fn install<'gc>(ctx: Context<'gc>, g: Table<'gc>, shared: &SharedRef) {
    install_cjson(ctx, g, shared);
    install_bit(ctx, g, shared);
}

fn install_cjson<'gc>(ctx: Context<'gc>, g: Table<'gc>, shared: &SharedRef) {
    let t = Table::new(&ctx);
    let null = Value::UserData(UserData::new_static(&ctx, JsonNull));
    t.set(ctx, "null", null).unwrap();
    let sh = shared.clone();
    t.set(
        ctx,
        "encode",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            if stack.len() != 1 {
                return Err(lib_error(ctx, &sh, &exec, "bad argument #1 to 'encode' (expected 1 argument)"));
            }
            let mut out = Vec::new();
            let max_depth = sh.borrow().cjson.encode_depth;
            encode(ctx, &sh, &exec, stack.get(0), max_depth, &mut out)?;
            stack.replace(ctx, str_value(ctx, &out));
            Ok(CallbackReturn::Return)
        }),
    )
    .unwrap();
    let sh = shared.clone();
    t.set(
        ctx,
        "decode",
        Callback::from_fn_with(&ctx, null, move |null, ctx, exec, mut stack| {
            if stack.len() != 1 {
                return Err(lib_error(ctx, &sh, &exec, "bad argument #1 to 'decode' (expected 1 argument)"));
            }
            let Some(text) = to_lua_string(stack.get(0)) else {
                return Err(lib_error(ctx, &sh, &exec, &format!("bad argument #1 to 'decode' (string expected, got {})", arg_type(&stack, 0))));
            };
            let max_depth = sh.borrow().cjson.decode_depth;
            let mut d = Decoder { ctx, s: &text, pos: 0, null: *null, depth: 0, max_depth };
            let v = d.document().map_err(|e| lib_error(ctx, &sh, &exec, &e))?;
            stack.replace(ctx, v);
            Ok(CallbackReturn::Return)
        }),
    )
    .unwrap();
    // The nesting limits: `cjson.encode_max_depth([n])` sets (when given) and returns.
    for (name, decode) in [("encode_max_depth", false), ("decode_max_depth", true)] {
        let sh = shared.clone();
        t.set(
            ctx,
            name,
            Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
                let refuse = |n: u8, what: &str| lib_error(ctx, &sh, &exec, &format!("bad argument #{n} to '{name}' ({what})"));
                if stack.len() > 1 {
                    return Err(refuse(2, "found too many arguments"));
                }
                let arg = stack.get(0);
                // luaL_checkinteger: a number or a numeric string, truncated toward zero.
                let given = match to_lua_number(arg).map(|n| n as i64) {
                    _ if arg.is_nil() => None,
                    Some(n @ 1..=0x7fff_ffff) => Some(n as u32),
                    Some(_) => return Err(refuse(1, "expected integer between 1 and 2147483647")),
                    None => return Err(refuse(1, &["number expected, got ", arg.type_name()].concat())),
                };
                let mut shared = sh.borrow_mut();
                let limit = if decode { &mut shared.cjson.decode_depth } else { &mut shared.cjson.encode_depth };
                *limit = given.unwrap_or(*limit);
                let value = Value::Integer(*limit as i64);
                stack.replace(ctx, value);
                Ok(CallbackReturn::Return)
            }),
        )
        .unwrap();
    }
    // The other configuration functions: Redis scripts may call them; their settings stay at
    // the defaults, which they return.
    #[derive(Clone, Copy)]
    enum Setting {
        Bool(bool),
        Int(i64),
    }
    for (name, values) in [
        ("encode_keep_buffer", &[Setting::Bool(true)][..]),
        ("encode_number_precision", &[Setting::Int(14)][..]),
        ("encode_sparse_array", &[Setting::Bool(false), Setting::Int(2), Setting::Int(10)][..]),
        ("decode_invalid_numbers", &[Setting::Bool(true)][..]),
    ] {
        t.set(
            ctx,
            name,
            Callback::from_fn(&ctx, move |_, _, mut stack| {
                stack.clear();
                stack.extend(values.iter().map(|v| match *v {
                    Setting::Bool(b) => Value::Boolean(b),
                    Setting::Int(i) => Value::Integer(i),
                }));
                Ok(CallbackReturn::Return)
            }),
        )
        .unwrap();
    }
    // `encode_invalid_numbers([setting])`: true/false, or "off", "on", "null" (lua-cjson's
    // json_enum_option); returns a boolean for off/on, else the option's name.
    let sh = shared.clone();
    t.set(
        ctx,
        "encode_invalid_numbers",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let name = "encode_invalid_numbers";
            if stack.len() > 1 {
                return Err(lib_error(ctx, &sh, &exec, &format!("bad argument #2 to '{name}' (found too many arguments)")));
            }
            let given = match stack.get(0) {
                Value::Nil => None,
                Value::Boolean(b) => Some(b as u8),
                arg => {
                    let text = to_lua_string(arg).unwrap_or_default();
                    match INVALID_NUMBER_OPTIONS.iter().position(|o| o.as_bytes() == &text[..]) {
                        Some(i) => Some(i as u8),
                        None if to_lua_string(arg).is_none() => return Err(lib_error(ctx, &sh, &exec, &format!("bad argument #1 to '{name}' (string expected, got {})", arg.type_name()))),
                        None => return Err(lib_error(ctx, &sh, &exec, &format!("bad argument #1 to '{name}' (invalid option '{}')", String::from_utf8_lossy(&text)))),
                    }
                }
            };
            let setting = {
                let mut shared = sh.borrow_mut();
                let s = &mut shared.cjson.invalid_numbers;
                *s = given.unwrap_or(*s);
                *s
            };
            let value = match setting {
                0 | 1 => Value::Boolean(setting == 1),
                _ => str_value(ctx, b"null"),
            };
            stack.replace(ctx, value);
            Ok(CallbackReturn::Return)
        }),
    )
    .unwrap();
    // cjson.new() makes an independent instance; the settings are fixed, so one is enough.
    t.set(
        ctx,
        "new",
        Callback::from_fn(&ctx, |ctx, _, mut stack| {
            let cjson = ctx.globals().get(ctx, "cjson");
            stack.replace(ctx, cjson);
            Ok(CallbackReturn::Return)
        }),
    )
    .unwrap();
    t.set(ctx, "_NAME", "cjson").unwrap();
    t.set(ctx, "_VERSION", "2.1.0").unwrap();
    g.set(ctx, "cjson", t).unwrap();
}

/// Appends `v` as JSON; `levels` is how many more nested tables the limit allows.
fn encode<'gc>(ctx: Context<'gc>, sh: &SharedRef, exec: &Execution, v: Value<'gc>, levels: u32, out: &mut Vec<u8>) -> Result<(), Error<'gc>> {
    match v {
        Value::Nil => out.extend_from_slice(b"null"),
        Value::Boolean(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
        // Lua 5.1 has only doubles: integers print with `%.14g` too (1e+14 and up).
        Value::Integer(i) => out.extend_from_slice(fmt_g(i as f64, 14, false, false).as_bytes()),
        Value::Number(f) => {
            if !f.is_finite() {
                // Read first: the error path borrows the shared state again.
                let setting = sh.borrow().cjson.invalid_numbers;
                match setting {
                    0 => return Err(lib_error(ctx, sh, exec, "Cannot serialise number: must not be NaN or Inf")),
                    1 if f.is_nan() => out.extend_from_slice(b"nan"),
                    1 => out.extend_from_slice(if f > 0.0 { b"inf" } else { b"-inf" }),
                    _ => out.extend_from_slice(b"null"),
                }
                return Ok(());
            }
            out.extend_from_slice(fmt_g(f, 14, false, false).as_bytes());
        }
        Value::String(s) => encode_string(s.as_bytes(), out),
        Value::UserData(u) if u.downcast_static::<JsonNull>().is_ok() => out.extend_from_slice(b"null"),
        Value::Table(t) => {
            if levels == 0 {
                let depth = sh.borrow().cjson.encode_depth + 1;
                return Err(lib_error(ctx, sh, exec, &format!("Cannot serialise, excessive nesting ({depth})")));
            }
            match array_length(t) {
                Ok(Some(n)) if n > 0 => {
                    out.push(b'[');
                    for i in 1..=n {
                        if i > 1 {
                            out.push(b',');
                        }
                        encode(ctx, sh, exec, t.get(ctx, i), levels - 1, out)?;
                    }
                    out.push(b']');
                }
                Ok(_) => {
                    out.push(b'{');
                    let mut first = true;
                    for (k, val) in t.iter() {
                        if !first {
                            out.push(b',');
                        }
                        first = false;
                        match k {
                            Value::String(s) => encode_string(s.as_bytes(), out),
                            Value::Integer(_) | Value::Number(_) => encode_string(&display(k), out),
                            _ => return Err(lib_error(ctx, sh, exec, "Cannot serialise table: table key must be a number or string")),
                        }
                        out.push(b':');
                        encode(ctx, sh, exec, val, levels - 1, out)?;
                    }
                    out.push(b'}');
                }
                Err(()) => return Err(lib_error(ctx, sh, exec, "Cannot serialise table: excessively sparse array")),
            }
        }
        other => return Err(lib_error(ctx, sh, exec, &format!("Cannot serialise {}: type not supported", other.type_name()))),
    }
    Ok(())
}

/// lua-cjson's `lua_array_length`: Some(max index) when every key is a positive integer,
/// None for an object, Err for an excessively sparse array (ratio 2, safe 10).
fn array_length(t: Table) -> Result<Option<i64>, ()> {
    let mut max = 0i64;
    let mut items = 0i64;
    for (k, _) in t.iter() {
        let n = match k {
            Value::Integer(i) if i >= 1 => i,
            Value::Number(f) if f >= 1.0 && f.fract() == 0.0 => f as i64,
            _ => return Ok(None),
        };
        max = max.max(n);
        items += 1;
    }
    if max > 10 && max > items * 2 {
        return Err(());
    }
    Ok(Some(max))
}

fn encode_string(s: &[u8], out: &mut Vec<u8>) {
    out.push(b'"');
    for &c in s {
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'/' => out.extend_from_slice(b"\\/"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            8 => out.extend_from_slice(b"\\b"),
            12 => out.extend_from_slice(b"\\f"),
            c if c < 0x20 || c == 0x7f => out.extend_from_slice(format!("\\u{:04x}", c).as_bytes()),
            c => out.push(c),
        }
    }
    out.push(b'"');
}

struct Decoder<'a, 'gc> {
    ctx: Context<'gc>,
    s: &'a [u8],
    pos: usize,
    null: Value<'gc>,
    depth: usize,
    max_depth: u32,
}

impl<'gc> Decoder<'_, 'gc> {
    fn skip_ws(&mut self) {
        while self.pos < self.s.len() && matches!(self.s[self.pos], b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
    }

    /// lua-cjson's messages: "Expected <what> but found <token> at character <n>".
    fn err(&self, expected: &str, found: &str) -> String {
        format!("Expected {expected} but found {found} at character {}", self.pos + 1)
    }

    fn token_name(&self) -> &'static str {
        match self.s.get(self.pos) {
            None => "T_END",
            Some(b'{') => "T_OBJ_BEGIN",
            Some(b'}') => "T_OBJ_END",
            Some(b'[') => "T_ARR_BEGIN",
            Some(b']') => "T_ARR_END",
            Some(b',') => "T_COMMA",
            Some(b':') => "T_COLON",
            Some(b'"') => "T_STRING",
            _ => "invalid token",
        }
    }

    fn document(&mut self) -> Result<Value<'gc>, String> {
        let v = self.value()?;
        self.skip_ws();
        if self.pos < self.s.len() {
            return Err(self.err("the end", self.token_name()));
        }
        Ok(v)
    }

    fn value(&mut self) -> Result<Value<'gc>, String> {
        self.skip_ws();
        match self.s.get(self.pos) {
            None => Err(self.err("value", "T_END")),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => Ok(str_value(self.ctx, &self.string()?)),
            Some(b't') if self.s[self.pos..].starts_with(b"true") => {
                self.pos += 4;
                Ok(Value::Boolean(true))
            }
            Some(b'f') if self.s[self.pos..].starts_with(b"false") => {
                self.pos += 5;
                Ok(Value::Boolean(false))
            }
            Some(b'n') if self.s[self.pos..].starts_with(b"null") => {
                self.pos += 4;
                Ok(self.null)
            }
            Some(c) if *c == b'-' || c.is_ascii_digit() => self.number(),
            Some(_) => Err(self.err("value", self.token_name())),
        }
    }

    fn number(&mut self) -> Result<Value<'gc>, String> {
        let start = self.pos;
        while self.pos < self.s.len() && matches!(self.s[self.pos], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9' | b'x' | b'X' | b'a'..=b'd' | b'f' | b'A'..=b'D' | b'F') {
            self.pos += 1;
        }
        match std::str::from_utf8(&self.s[start..self.pos]).ok().and_then(|t| t.parse::<f64>().ok()) {
            Some(v) => Ok(number_value(v)),
            None => {
                self.pos = start;
                Err(self.err("value", "invalid number"))
            }
        }
    }

    fn string(&mut self) -> Result<Vec<u8>, String> {
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let Some(&c) = self.s.get(self.pos) else {
                return Err(self.err("value", "invalid token"));
            };
            self.pos += 1;
            match c {
                b'"' => return Ok(out),
                b'\\' => {
                    let Some(&e) = self.s.get(self.pos) else {
                        return Err(self.err("value", "invalid token"));
                    };
                    self.pos += 1;
                    match e {
                        b'"' | b'\\' | b'/' => out.push(e),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let cp = self.hex4()?;
                            let cp = if (0xD800..0xDC00).contains(&cp) && self.s[self.pos..].starts_with(b"\\u") {
                                self.pos += 2;
                                let lo = self.hex4()?;
                                0x10000 + ((cp - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3ff)
                            } else {
                                cp
                            };
                            let ch = char::from_u32(cp).unwrap_or('\u{fffd}');
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => return Err(self.err("value", "invalid escape code")),
                    }
                }
                c => out.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let h = self.s.get(self.pos..self.pos + 4).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u32::from_str_radix(h, 16).ok());
        match h {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => Err(self.err("value", "invalid unicode escape code")),
        }
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > self.max_depth as usize {
            return Err(format!("Found too many nested data structures ({}) at character {}", self.depth, self.pos + 1));
        }
        Ok(())
    }

    fn array(&mut self) -> Result<Value<'gc>, String> {
        self.enter()?;
        self.pos += 1;
        let t = Table::new(&self.ctx);
        self.skip_ws();
        if self.s.get(self.pos) == Some(&b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Table(t));
        }
        let mut i = 1i64;
        loop {
            let v = self.value()?;
            t.set(self.ctx, i, v).map_err(|e| e.to_string())?;
            i += 1;
            self.skip_ws();
            match self.s.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Value::Table(t));
                }
                _ => return Err(self.err("comma or array end", self.token_name())),
            }
        }
    }

    fn object(&mut self) -> Result<Value<'gc>, String> {
        self.enter()?;
        self.pos += 1;
        let t = Table::new(&self.ctx);
        self.skip_ws();
        if self.s.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Table(t));
        }
        loop {
            self.skip_ws();
            if self.s.get(self.pos) != Some(&b'"') {
                return Err(self.err("object key string", self.token_name()));
            }
            let k = self.string()?;
            self.skip_ws();
            if self.s.get(self.pos) != Some(&b':') {
                return Err(self.err("colon", self.token_name()));
            }
            self.pos += 1;
            let v = self.value()?;
            t.set(self.ctx, str_value(self.ctx, &k), v).map_err(|e| e.to_string())?;
            self.skip_ws();
            match self.s.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Value::Table(t));
                }
                _ => return Err(self.err("comma or object end", self.token_name())),
            }
        }
    }
}

// ----- bit (LuaBitOp) ------------------------------------------------------------------------

/// LuaBitOp's argument normalisation: the low 32 bits of the double `v + 2^52 + 2^51`, which
/// rounds to the nearest integer (ties to even) modulo 2^32; past 2^51 precision is lost as
/// in LuaBitOp.
fn tobit(v: f64) -> i32 {
    (v + 6_755_399_441_055_744.0).to_bits() as u32 as i32
}

fn install_bit<'gc>(ctx: Context<'gc>, g: Table<'gc>, shared: &SharedRef) {
    let t = Table::new(&ctx);
    let arg = |ctx: Context<'gc>, sh: &SharedRef, exec: &Execution, stack: &piccolo::Stack<'gc, '_>, i: usize, name: &str| -> Result<i32, Error<'gc>> {
        to_lua_number(stack.get(i)).map(tobit).ok_or_else(|| {
            lib_error(ctx, sh, exec, &format!("bad argument #{} to '{name}' (number expected, got {})", i + 1, arg_type(stack, i)))
        })
    };
    type Op = fn(i32, i32) -> i32;
    let variadic: [(&'static str, Op); 3] = [("band", |a, b| a & b), ("bor", |a, b| a | b), ("bxor", |a, b| a ^ b)];
    for (name, op) in variadic {
        let sh = shared.clone();
        t.set(
            ctx,
            name,
            Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
                let mut acc = arg(ctx, &sh, &exec, &stack, 0, name)?;
                for i in 1..stack.len() {
                    acc = op(acc, arg(ctx, &sh, &exec, &stack, i, name)?);
                }
                stack.replace(ctx, acc as i64);
                Ok(CallbackReturn::Return)
            }),
        )
        .unwrap();
    }
    let shifts: [(&'static str, Op); 5] = [
        ("lshift", |a, n| ((a as u32) << (n & 31)) as i32),
        ("rshift", |a, n| ((a as u32) >> (n & 31)) as i32),
        ("arshift", |a, n| a >> (n & 31)),
        ("rol", |a, n| (a as u32).rotate_left((n & 31) as u32) as i32),
        ("ror", |a, n| (a as u32).rotate_right((n & 31) as u32) as i32),
    ];
    for (name, op) in shifts {
        let sh = shared.clone();
        t.set(
            ctx,
            name,
            Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
                let a = arg(ctx, &sh, &exec, &stack, 0, name)?;
                let n = arg(ctx, &sh, &exec, &stack, 1, name)?;
                stack.replace(ctx, op(a, n) as i64);
                Ok(CallbackReturn::Return)
            }),
        )
        .unwrap();
    }
    type Unary = (&'static str, fn(i32) -> i32);
    let unary: [Unary; 3] = [("tobit", |a| a), ("bnot", |a| !a), ("bswap", |a| a.swap_bytes())];
    for (name, op) in unary {
        let sh = shared.clone();
        t.set(
            ctx,
            name,
            Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
                let a = arg(ctx, &sh, &exec, &stack, 0, name)?;
                stack.replace(ctx, op(a) as i64);
                Ok(CallbackReturn::Return)
            }),
        )
        .unwrap();
    }
    let sh = shared.clone();
    t.set(
        ctx,
        "tohex",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let a = arg(ctx, &sh, &exec, &stack, 0, "tohex")? as u32;
            let n = if stack.get(1).is_nil() { 8 } else { arg(ctx, &sh, &exec, &stack, 1, "tohex")? };
            let upper = n < 0;
            let n = (n.unsigned_abs() as usize).min(8);
            let hex = if upper { format!("{a:08X}") } else { format!("{a:08x}") };
            stack.replace(ctx, str_value(ctx, &hex.as_bytes()[8 - n..]));
            Ok(CallbackReturn::Return)
        }),
    )
    .unwrap();
    g.set(ctx, "bit", t).unwrap();
}

pub(crate) fn _float(v: f64) -> Value<'static> {
    number_value(v)
}
