//! Conversions between Lua values and RESP, as Redis 7.0 does them (script_lua.c):
//! - replies of `redis.call` (RESP bytes in the script's protocol) to Lua values;
//! - the script's return value to the caller's reply;
//! - a script's error to Redis's error reply (`... script: <sha>, on @user_script:<line>.`).

use crate::num::lua_number;
use piccolo::{Context, Error, Table, Value};
use spinel_core::Reply;

/// Deepest table nesting converted (Redis stops at the Lua C stack limit).
const MAX_DEPTH: usize = 1000;

pub fn str_value<'gc>(ctx: Context<'gc>, s: &[u8]) -> Value<'gc> {
    Value::String(piccolo::String::from_slice(&ctx, s))
}

/// A table `{field = value}`.
pub fn field_table<'gc>(ctx: Context<'gc>, field: &'static str, v: Value<'gc>) -> Value<'gc> {
    let t = Table::new(&ctx);
    t.set(ctx, field, v).unwrap();
    Value::Table(t)
}

/// An error table of a failed command (`redis.pcall`'s, flagged `ignore_error_stats_update`).
pub fn is_counted_error<'gc>(ctx: Context<'gc>, v: Value<'gc>) -> bool {
    matches!(v, Value::Table(t) if t.get(ctx, "ignore_error_stats_update").to_bool() && matches!(t.get(ctx, "err"), Value::String(_)))
}

/// Parses one RESP reply (as written by the engine) into a Lua value.
pub fn resp_to_lua<'gc>(ctx: Context<'gc>, buf: &[u8]) -> Value<'gc> {
    let mut pos = 0;
    parse(ctx, buf, &mut pos)
}

fn line<'a>(buf: &'a [u8], pos: &mut usize) -> &'a [u8] {
    let start = *pos;
    let end = buf[start..].windows(2).position(|w| w == b"\r\n").map_or(buf.len(), |i| start + i);
    *pos = (end + 2).min(buf.len());
    &buf[start..end]
}

fn int(s: &[u8]) -> i64 {
    spinel_core::num::parse_i64(s).unwrap_or(0)
}

fn bulk<'a>(buf: &'a [u8], pos: &mut usize, len: i64) -> &'a [u8] {
    let start = *pos;
    let end = (start + len.max(0) as usize).min(buf.len());
    *pos = (end + 2).min(buf.len());
    &buf[start..end]
}

fn parse<'gc>(ctx: Context<'gc>, buf: &[u8], pos: &mut usize) -> Value<'gc> {
    if *pos >= buf.len() {
        return Value::Nil;
    }
    let kind = buf[*pos];
    *pos += 1;
    let l = line(buf, pos);
    match kind {
        b'+' => field_table(ctx, "ok", str_value(ctx, l)),
        b'-' => field_table(ctx, "err", str_value(ctx, l)),
        b':' => Value::Integer(int(l)),
        b'$' => {
            let n = int(l);
            if n < 0 {
                Value::Boolean(false)
            } else {
                str_value(ctx, bulk(buf, pos, n))
            }
        }
        b'*' | b'>' => {
            let n = int(l);
            if n < 0 {
                return Value::Boolean(false);
            }
            let t = Table::new(&ctx);
            for i in 1..=n {
                let v = parse(ctx, buf, pos);
                t.set(ctx, i, v).unwrap();
            }
            Value::Table(t)
        }
        b'%' | b'~' => {
            let n = int(l);
            let t = Table::new(&ctx);
            for _ in 0..n {
                let k = parse(ctx, buf, pos);
                let v = if kind == b'%' { parse(ctx, buf, pos) } else { Value::Boolean(true) };
                if !k.is_nil() {
                    let _ = t.set(ctx, k, v);
                }
            }
            field_table(ctx, if kind == b'%' { "map" } else { "set" }, Value::Table(t))
        }
        b'_' => Value::Nil,
        b'#' => Value::Boolean(l == b"t"),
        b',' => {
            let v = std::str::from_utf8(l).ok().and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0);
            field_table(ctx, "double", Value::Number(v))
        }
        b'(' => field_table(ctx, "big_number", str_value(ctx, l)),
        b'=' => {
            let s = bulk(buf, pos, int(l));
            let (format, text) = if s.len() >= 4 { (&s[..3], &s[4..]) } else { (&b""[..], s) };
            let t = Table::new(&ctx);
            t.set(ctx, "format", str_value(ctx, format)).unwrap();
            t.set(ctx, "string", str_value(ctx, text)).unwrap();
            field_table(ctx, "verbatim_string", Value::Table(t))
        }
        b'|' => {
            // Attributes are skipped: the reply follows them.
            let n = int(l);
            for _ in 0..2 * n {
                parse(ctx, buf, pos);
            }
            parse(ctx, buf, pos)
        }
        _ => Value::Nil,
    }
}

fn sanitize(s: &[u8]) -> Vec<u8> {
    s.iter().map(|&c| if c == b'\r' || c == b'\n' { b' ' } else { c }).collect()
}

/// Writes the script's return value as the caller's reply (`luaReplyToRedisReply`).
pub fn lua_to_reply<'gc>(ctx: Context<'gc>, v: Value<'gc>, resp3: bool, out: &mut Reply) {
    to_reply(ctx, v, resp3, out, 0)
}

fn to_reply<'gc>(ctx: Context<'gc>, v: Value<'gc>, resp3: bool, out: &mut Reply, depth: usize) {
    match v {
        Value::String(s) => out.bulk(s.as_bytes()),
        Value::Boolean(b) => {
            if resp3 {
                out.boolean(b)
            } else if b {
                out.int(1)
            } else {
                out.null()
            }
        }
        // Lua 5.1 numbers are doubles (piccolo's integers too, once in Lua 5.1's range).
        Value::Integer(i) => out.int(double_to_i64(i as f64)),
        Value::Number(f) => out.int(double_to_i64(f)),
        Value::Table(t) => {
            if depth >= MAX_DEPTH {
                return out.error("ERR reached lua stack limit");
            }
            if let Value::String(e) = t.get(ctx, "err") {
                let mut msg = b"-".to_vec();
                msg.extend_from_slice(e.as_bytes());
                return error_text(out, &msg);
            }
            if let Value::String(s) = t.get(ctx, "ok") {
                return out.simple(&sanitize(s.as_bytes()));
            }
            match t.get(ctx, "double") {
                Value::Number(d) => return out.double_text(spinel_core::num::format_double(d).as_bytes()),
                Value::Integer(d) => return out.double_text(spinel_core::num::format_double(d as f64).as_bytes()),
                _ => {}
            }
            if let Value::String(s) = t.get(ctx, "big_number") {
                let s = sanitize(s.as_bytes());
                if out.is_resp3() {
                    let mut raw = b"(".to_vec();
                    raw.extend_from_slice(&s);
                    raw.extend_from_slice(b"\r\n");
                    return out.raw(&raw);
                }
                return out.bulk(&s);
            }
            if let Value::Table(v) = t.get(ctx, "verbatim_string") {
                if let (Value::String(format), Value::String(s)) = (v.get(ctx, "format"), v.get(ctx, "string")) {
                    // Redis's addReplyVerbatim: the format's first 3 bytes (a C string: up to
                    // a NUL), padded with spaces.
                    let mut f = [b' '; 3];
                    for (slot, &c) in f.iter_mut().zip(format.as_bytes().iter().take_while(|&&c| c != 0)) {
                        *slot = c;
                    }
                    return out.verbatim(&f, s.as_bytes());
                }
            }
            if let Value::Table(m) = t.get(ctx, "map") {
                let pairs: Vec<(Value, Value)> = m.iter().collect();
                out.map(pairs.len());
                for (k, v) in pairs {
                    to_reply(ctx, k, resp3, out, depth + 1);
                    to_reply(ctx, v, resp3, out, depth + 1);
                }
                return;
            }
            if let Value::Table(m) = t.get(ctx, "set") {
                let keys: Vec<Value> = m.iter().map(|(k, _)| k).collect();
                out.set(keys.len());
                for k in keys {
                    to_reply(ctx, k, resp3, out, depth + 1);
                }
                return;
            }
            let mut n = 0i64;
            while !t.get(ctx, n + 1).is_nil() {
                n += 1;
            }
            out.array(n as usize);
            for i in 1..=n {
                to_reply(ctx, t.get(ctx, i), resp3, out, depth + 1);
            }
        }
        _ => out.null(),
    }
}

/// C's `(long long)` cast of a double as x86-64 does it (Redis's `lua_tonumber` -> integer
/// reply): NaN and values out of range give `i64::MIN` (Rust's `as` would saturate).
fn double_to_i64(f: f64) -> i64 {
    const LIMIT: f64 = 9223372036854775808.0; // 2^63
    if f.is_nan() || !(-LIMIT..LIMIT).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// An error given as `-CODE message` (or without a code): Redis's `addReplyErrorFormat("-%s")`.
fn error_text(out: &mut Reply, msg: &[u8]) {
    let msg = sanitize(msg);
    let body = msg.strip_prefix(b"-").unwrap_or(&msg);
    out.error_bytes(body);
}

/// Lua's `tostring` of a value as Lua 5.1 prints it (no metamethods).
pub fn display<'gc>(v: Value<'gc>) -> Vec<u8> {
    match v {
        Value::String(s) => s.as_bytes().to_vec(),
        Value::Number(f) => lua_number(f).into_bytes(),
        other => {
            let mut b = Vec::new();
            other.display(&mut b).ok();
            b
        }
    }
}

/// The reply for a script that failed: a table error `{err=...}` keeps its code; anything
/// else becomes `ERR <text>`; both get ` script: <name>, on @<source>:<line>.`
pub fn error_reply<'gc>(ctx: Context<'gc>, e: Error<'gc>, name: &str, sh: &crate::Shared, out: &mut Reply) {
    let (source, line) = (sh.source, sh.line);
    let mut msg = Vec::new();
    match e {
        Error::Lua(piccolo::error::LuaError(v)) => match v {
            Value::Table(t) => match t.get(ctx, "err") {
                Value::String(s) => msg.extend_from_slice(s.as_bytes()),
                _ => msg.extend_from_slice(b"ERR unknown error"),
            },
            Value::String(s) if sh.redis_error.as_deref() == Some(s.as_bytes()) => msg.extend_from_slice(s.as_bytes()),
            other => {
                msg.extend_from_slice(b"ERR ");
                msg.extend_from_slice(&display(other));
            }
        },
        Error::Runtime(r) => {
            // VM errors carry their own `chunk:line: ` (patched piccolo); Redis reports that line.
            let text = runtime_text(&r.to_string());
            let at = text.split_once(": ").and_then(|(pos, _)| pos.rsplit_once(':')).and_then(|(chunk, n)| {
                (chunk == source).then(|| n.parse::<usize>().ok()).flatten()
            });
            match at {
                Some(n) => {
                    msg.extend_from_slice(format!("ERR {text}").as_bytes());
                    let trimmed_len = msg.iter().rposition(|&c| c != b'\n' && c != b'\r').map_or(0, |i| i + 1);
                    msg.truncate(trimmed_len);
                    msg.extend_from_slice(format!(" script: {name}, on @{source}:{n}.").as_bytes());
                    return out.error_bytes(&msg);
                }
                None => msg.extend_from_slice(format!("ERR {source}:{line}: {text}").as_bytes()),
            }
        }
    }
    let trimmed_len = msg.iter().rposition(|&c| c != b'\n' && c != b'\r').map_or(0, |i| i + 1);
    msg.truncate(trimmed_len);
    msg.extend_from_slice(format!(" script: {name}, on @{source}:{line}.").as_bytes());
    // Redis writes `-` and the message: an `err` starting with `-` keeps it (`--CODE ...`).
    out.error_bytes(&msg);
}

/// piccolo's runtime error texts, worded as Lua 5.1 words the common ones.
fn runtime_text(s: &str) -> String {
    s.to_string()
}

/// An error as text (`ERR <message>` for Lua errors that are not `{err=...}` tables).
pub fn error_text_of<'gc>(ctx: Context<'gc>, e: Error<'gc>) -> String {
    match e {
        Error::Lua(piccolo::error::LuaError(Value::Table(t))) => match t.get(ctx, "err") {
            Value::String(s) => String::from_utf8_lossy(s.as_bytes()).into_owned(),
            _ => "ERR unknown error".into(),
        },
        Error::Lua(piccolo::error::LuaError(v)) => format!("ERR {}", String::from_utf8_lossy(&display(v))),
        Error::Runtime(r) => format!("ERR {r}"),
    }
}
