//! The parts of Lua 5.1's string library piccolo lacks: find, match, gmatch, gsub (Lua
//! patterns, see pattern.rs), format, rep, byte, char.

use crate::convert::{display, str_value};
use crate::num::{fmt_e, fmt_g};
use crate::pattern::{self, Capture, Match};
use crate::stdlib::{arg_type, lib_error, to_lua_number, to_lua_string, type_name};
use crate::SharedRef;
use gc_arena::Collect;
use piccolo::{BoxSequence, Callback, CallbackReturn, Context, Error, Execution, Sequence, SequencePoll, Stack, Table, Value};
use std::cell::Cell;
use std::rc::Rc;

/// Longest string `string.rep` / `format` may build (the script memory bound also applies).
const MAX_STRING: usize = 128 * 1024 * 1024;

fn arg_str<'gc>(ctx: Context<'gc>, sh: &SharedRef, exec: &Execution, stack: &Stack<'gc, '_>, i: usize, fname: &str) -> Result<Vec<u8>, Error<'gc>> {
    to_lua_string(stack.get(i)).ok_or_else(|| {
        lib_error(ctx, sh, exec, &format!("bad argument #{} to '{fname}' (string expected, got {})", i + 1, arg_type(stack, i)))
    })
}

fn arg_int<'gc>(ctx: Context<'gc>, sh: &SharedRef, exec: &Execution, stack: &Stack<'gc, '_>, i: usize, fname: &str, default: Option<i64>) -> Result<i64, Error<'gc>> {
    match stack.get(i) {
        Value::Nil if default.is_some() => Ok(default.unwrap()),
        v => to_lua_number(v).map(crate::mathlib::c_long).ok_or_else(|| {
            lib_error(ctx, sh, exec, &format!("bad argument #{} to '{fname}' (number expected, got {})", i + 1, arg_type(stack, i)))
        }),
    }
}

/// Lua's relative string position (`posrelat`): negative counts from the end.
fn posrelat(pos: i64, len: usize) -> i64 {
    if pos < 0 {
        len as i64 + pos + 1
    } else {
        pos
    }
}

fn capture_value<'gc>(ctx: Context<'gc>, src: &[u8], c: Capture) -> Value<'gc> {
    match c {
        Capture::Str(a, b) => str_value(ctx, &src[a..b]),
        Capture::Pos(p) => Value::Integer(p as i64),
    }
}

fn pattern_error<'gc>(ctx: Context<'gc>, sh: &SharedRef, exec: &Execution, e: String) -> Error<'gc> {
    lib_error(ctx, sh, exec, &e)
}

pub fn install<'gc>(ctx: Context<'gc>, g: Table<'gc>, shared: &SharedRef) {
    let Value::Table(st) = g.get(ctx, "string") else { return };
    let set = |name: &'static str, f: Callback<'gc>| st.set(ctx, name, f).unwrap();

    for (name, is_find) in [("find", true), ("match", false)] {
        let sh = shared.clone();
        set(
            name,
            Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
                let s = arg_str(ctx, &sh, &exec, &stack, 0, name)?;
                let p = arg_str(ctx, &sh, &exec, &stack, 1, name)?;
                let init = posrelat(arg_int(ctx, &sh, &exec, &stack, 2, name, Some(1))?, s.len());
                // Lua 5.1 clamps a start past the end to the end (an empty match can be there).
                let init = if init < 1 { 0 } else { (init as usize - 1).min(s.len()) };
                let plain = stack.get(3).to_bool();
                if is_find && (plain || pattern::is_plain(&p)) {
                    let found = if p.is_empty() { Some(0) } else { s[init..].windows(p.len()).position(|w| w == p.as_slice()) };
                    match found {
                        Some(i) => stack.replace(ctx, ((init + i + 1) as i64, (init + i + p.len()) as i64)),
                        None => stack.replace(ctx, Value::Nil),
                    }
                    return Ok(CallbackReturn::Return);
                }
                let m = pattern::find(&s, &p, init).map_err(|e| pattern_error(ctx, &sh, &exec, e))?;
                stack.clear();
                match m {
                    None => stack.push_back(Value::Nil),
                    Some(m) => {
                        if is_find {
                            stack.push_back(Value::Integer(m.start as i64 + 1));
                            stack.push_back(Value::Integer(m.end as i64));
                            for c in &m.captures {
                                stack.push_back(capture_value(ctx, &s, *c));
                            }
                        } else {
                            for c in m.values() {
                                stack.push_back(capture_value(ctx, &s, c));
                            }
                        }
                    }
                }
                Ok(CallbackReturn::Return)
            }),
        );
    }

    let sh = shared.clone();
    set(
        "gmatch",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let s = arg_str(ctx, &sh, &exec, &stack, 0, "gmatch")?;
            let p = arg_str(ctx, &sh, &exec, &stack, 1, "gmatch")?;
            let pos = Rc::new(Cell::new(0usize));
            let sh2 = sh.clone();
            let iter = Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
                let mut at = pos.get();
                stack.clear();
                while at <= s.len() {
                    let m = pattern::match_at(&s, &p, at).map_err(|e| pattern_error(ctx, &sh2, &exec, e))?;
                    if let Some(m) = m {
                        // An empty match advances by one, as Lua does.
                        pos.set(if m.end == m.start { m.end + 1 } else { m.end });
                        for c in m.values() {
                            stack.push_back(capture_value(ctx, &s, c));
                        }
                        return Ok(CallbackReturn::Return);
                    }
                    at += 1;
                }
                pos.set(s.len() + 1);
                stack.push_back(Value::Nil);
                Ok(CallbackReturn::Return)
            });
            stack.replace(ctx, iter);
            Ok(CallbackReturn::Return)
        }),
    );

    // Lua 5.1 keeps gfind as the old name of gmatch.
    st.set(ctx, "gfind", st.get(ctx, "gmatch")).unwrap();

    // len and sub: piccolo's raise their own texts and demand integer positions.
    let sh = shared.clone();
    set(
        "len",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let s = arg_str(ctx, &sh, &exec, &stack, 0, "len")?;
            stack.replace(ctx, s.len() as i64);
            Ok(CallbackReturn::Return)
        }),
    );
    let sh = shared.clone();
    set(
        "sub",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let s = arg_str(ctx, &sh, &exec, &stack, 0, "sub")?;
            let len = s.len() as i64;
            let start = posrelat(arg_int(ctx, &sh, &exec, &stack, 1, "sub", None)?, s.len()).max(1);
            let end = posrelat(arg_int(ctx, &sh, &exec, &stack, 2, "sub", Some(-1))?, s.len()).min(len);
            let part = if start <= end { &s[start as usize - 1..end as usize] } else { &[][..] };
            stack.replace(ctx, str_value(ctx, part));
            Ok(CallbackReturn::Return)
        }),
    );
    let sh = shared.clone();
    set(
        "dump",
        Callback::from_fn(&ctx, move |ctx, exec, _| Err(lib_error(ctx, &sh, &exec, "unable to dump given function"))),
    );
    let sh = shared.clone();
    set(
        "gsub",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let s = arg_str(ctx, &sh, &exec, &stack, 0, "gsub")?;
            let p = arg_str(ctx, &sh, &exec, &stack, 1, "gsub")?;
            let repl = stack.get(2);
            match repl {
                Value::String(_) | Value::Integer(_) | Value::Number(_) | Value::Table(_) | Value::Function(_) => {}
                _ => return Err(lib_error(ctx, &sh, &exec, "bad argument #3 to 'gsub' (string/function/table expected)")),
            }
            let max_n = match stack.get(3) {
                Value::Nil => i64::MAX,
                _ => arg_int(ctx, &sh, &exec, &stack, 3, "gsub", None)?,
            };
            let (anchor, pat) = match p.first() {
                Some(b'^') => (true, p[1..].to_vec()),
                _ => (false, p.clone()),
            };
            let mut g = GSub { src: s, pat, anchor, repl, max_n, pos: 0, count: 0, out: Vec::new(), pending: None, shared: sh.clone(), done: false };
            stack.clear();
            g.run(ctx, &exec, stack)
        }),
    );

    let sh = shared.clone();
    set(
        "rep",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let s = arg_str(ctx, &sh, &exec, &stack, 0, "rep")?;
            let n = arg_int(ctx, &sh, &exec, &stack, 1, "rep", None)?;
            if n <= 0 || s.is_empty() {
                stack.replace(ctx, str_value(ctx, b""));
                return Ok(CallbackReturn::Return);
            }
            if s.len().saturating_mul(n as usize) > MAX_STRING {
                return Err(lib_error(ctx, &sh, &exec, "not enough memory"));
            }
            stack.replace(ctx, str_value(ctx, &s.repeat(n as usize)));
            Ok(CallbackReturn::Return)
        }),
    );

    let sh = shared.clone();
    set(
        "byte",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let s = arg_str(ctx, &sh, &exec, &stack, 0, "byte")?;
            let i = posrelat(arg_int(ctx, &sh, &exec, &stack, 1, "byte", Some(1))?, s.len());
            let j = match stack.get(2) {
                Value::Nil => i,
                _ => posrelat(arg_int(ctx, &sh, &exec, &stack, 2, "byte", None)?, s.len()),
            };
            let i = i.max(1);
            let j = j.min(s.len() as i64);
            stack.clear();
            if i <= j {
                for k in i..=j {
                    stack.push_back(Value::Integer(s[k as usize - 1] as i64));
                }
            }
            Ok(CallbackReturn::Return)
        }),
    );

    let sh = shared.clone();
    set(
        "char",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let mut out = Vec::with_capacity(stack.len());
            for i in 0..stack.len() {
                let c = arg_int(ctx, &sh, &exec, &stack, i, "char", None)?;
                if !(0..=255).contains(&c) {
                    return Err(lib_error(ctx, &sh, &exec, &format!("bad argument #{} to 'char' (invalid value)", i + 1)));
                }
                out.push(c as u8);
            }
            stack.replace(ctx, str_value(ctx, &out));
            Ok(CallbackReturn::Return)
        }),
    );

    let sh = shared.clone();
    set(
        "format",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let out = format(ctx, &sh, &exec, &stack)?;
            stack.replace(ctx, str_value(ctx, &out));
            Ok(CallbackReturn::Return)
        }),
    );
}

/// string.gsub as a sequence: a function replacement is called through the executor.
#[derive(Collect)]
#[collect(no_drop)]
struct GSub<'gc> {
    #[collect(require_static)]
    src: Vec<u8>,
    #[collect(require_static)]
    pat: Vec<u8>,
    anchor: bool,
    repl: Value<'gc>,
    max_n: i64,
    pos: usize,
    count: i64,
    #[collect(require_static)]
    out: Vec<u8>,
    /// The match whose function replacement is being computed: (start, end).
    #[collect(require_static)]
    pending: Option<(usize, usize)>,
    #[collect(require_static)]
    shared: SharedRef,
    done: bool,
}

impl<'gc> GSub<'gc> {
    /// Runs matches until a function call is needed or the subject ends.
    fn step(&mut self, ctx: Context<'gc>, exec: &Execution<'gc, '_>, stack: &mut Stack<'gc, '_>) -> Result<Option<SequencePoll<'gc>>, Error<'gc>> {
        while self.count < self.max_n && !self.done {
            let m = pattern::match_at(&self.src, &self.pat, self.pos).map_err(|e| pattern_error(ctx, &self.shared, exec, e))?;
            if let Some(m) = m {
                self.count += 1;
                match self.repl {
                    Value::Function(f) => {
                        stack.clear();
                        for c in m.values() {
                            stack.push_back(capture_value(ctx, &self.src, c));
                        }
                        self.pending = Some((m.start, m.end));
                        return Ok(Some(SequencePoll::Call { function: f, is_tail: false }));
                    }
                    Value::Table(t) => {
                        let key = capture_value(ctx, &self.src, m.values()[0]);
                        let v = t.get(ctx, key);
                        self.add_value(ctx, exec, v, m.start, m.end)?;
                    }
                    _ => self.add_string(ctx, exec, &m)?,
                }
                self.advance(m.start, m.end);
            } else {
                self.advance(self.pos, self.pos);
            }
            if self.anchor {
                break;
            }
        }
        self.done = true;
        let rest_from = self.pos.min(self.src.len());
        self.out.extend_from_slice(&self.src[rest_from..]);
        stack.clear();
        stack.push_back(str_value(ctx, &self.out));
        stack.push_back(Value::Integer(self.count));
        Ok(None)
    }

    /// After a match at start..end (or no match, start == end == pos): move on as Lua does.
    fn advance(&mut self, start: usize, end: usize) {
        let _ = start;
        if end > self.pos {
            self.pos = end;
        } else if self.pos < self.src.len() {
            self.out.push(self.src[self.pos]);
            self.pos += 1;
        } else {
            self.done = true;
        }
    }

    fn add_string(&mut self, ctx: Context<'gc>, exec: &Execution<'gc, '_>, m: &Match) -> Result<(), Error<'gc>> {
        let repl = to_lua_string(self.repl).unwrap_or_default();
        let mut i = 0;
        while i < repl.len() {
            let c = repl[i];
            if c == b'%' && i + 1 < repl.len() {
                i += 1;
                let d = repl[i];
                if !d.is_ascii_digit() {
                    self.out.push(d);
                } else if d == b'0' {
                    self.out.extend_from_slice(&self.src[m.start..m.end]);
                } else {
                    let idx = (d - b'1') as usize;
                    let vals = m.values();
                    match vals.get(idx) {
                        Some(Capture::Str(a, b)) => self.out.extend_from_slice(&self.src[*a..*b]),
                        Some(Capture::Pos(p)) => self.out.extend_from_slice(p.to_string().as_bytes()),
                        None => return Err(lib_error(ctx, &self.shared, exec, "invalid capture index")),
                    }
                }
            } else {
                self.out.push(c);
            }
            i += 1;
        }
        Ok(())
    }

    fn add_value(&mut self, ctx: Context<'gc>, exec: &Execution<'gc, '_>, v: Value<'gc>, start: usize, end: usize) -> Result<(), Error<'gc>> {
        match v {
            Value::Nil | Value::Boolean(false) => self.out.extend_from_slice(&self.src[start..end]),
            Value::String(_) | Value::Integer(_) | Value::Number(_) => self.out.extend_from_slice(&display(v)),
            other => return Err(lib_error(ctx, &self.shared, exec, &format!("invalid replacement value (a {})", other.type_name()))),
        }
        Ok(())
    }

    fn run(&mut self, ctx: Context<'gc>, exec: &Execution<'gc, '_>, mut stack: Stack<'gc, '_>) -> Result<CallbackReturn<'gc>, Error<'gc>> {
        match self.step(ctx, exec, &mut stack)? {
            None => Ok(CallbackReturn::Return),
            Some(SequencePoll::Call { function, .. }) => {
                let seq = GSub {
                    src: std::mem::take(&mut self.src),
                    pat: std::mem::take(&mut self.pat),
                    anchor: self.anchor,
                    repl: self.repl,
                    max_n: self.max_n,
                    pos: self.pos,
                    count: self.count,
                    out: std::mem::take(&mut self.out),
                    pending: self.pending,
                    shared: self.shared.clone(),
                    done: self.done,
                };
                Ok(CallbackReturn::Call { function, then: Some(BoxSequence::new(&ctx, seq)) })
            }
            Some(_) => unreachable!(),
        }
    }
}

impl<'gc> Sequence<'gc> for GSub<'gc> {
    fn poll(&mut self, ctx: Context<'gc>, exec: Execution<'gc, '_>, mut stack: Stack<'gc, '_>) -> Result<SequencePoll<'gc>, Error<'gc>> {
        if let Some((start, end)) = self.pending.take() {
            let v = stack.get(0);
            self.add_value(ctx, &exec, v, start, end)?;
            self.advance(start, end);
            if self.anchor {
                self.done = true;
                self.count = self.count.max(1);
            }
        }
        match self.step(ctx, &exec, &mut stack)? {
            None => Ok(SequencePoll::Return),
            Some(call) => Ok(call),
        }
    }
}

/// string.format as Lua 5.1 (C printf conversions per argument).
fn format<'gc>(ctx: Context<'gc>, sh: &SharedRef, exec: &Execution, stack: &Stack<'gc, '_>) -> Result<Vec<u8>, Error<'gc>> {
    let fmt = arg_str(ctx, sh, exec, stack, 0, "format")?;
    let mut out = Vec::with_capacity(fmt.len() + 16);
    let mut arg = 0usize;
    let mut i = 0;
    while i < fmt.len() {
        let c = fmt[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        if fmt.get(i) == Some(&b'%') {
            out.push(b'%');
            i += 1;
            continue;
        }
        // Flags, width, precision.
        let spec_start = i;
        while i < fmt.len() && b"-+ #0".contains(&fmt[i]) {
            i += 1;
        }
        let flags = &fmt[spec_start..i];
        if flags.len() > 5 {
            return Err(lib_error(ctx, sh, exec, "invalid format (repeated flags)"));
        }
        let w_start = i;
        while i < fmt.len() && fmt[i].is_ascii_digit() {
            i += 1;
        }
        if i - w_start > 2 {
            return Err(lib_error(ctx, sh, exec, "invalid format (width or precision too long)"));
        }
        let width: usize = std::str::from_utf8(&fmt[w_start..i]).unwrap().parse().unwrap_or(0);
        let mut precision: Option<usize> = None;
        if fmt.get(i) == Some(&b'.') {
            i += 1;
            let p_start = i;
            while i < fmt.len() && fmt[i].is_ascii_digit() {
                i += 1;
            }
            if i - p_start > 2 {
                return Err(lib_error(ctx, sh, exec, "invalid format (width or precision too long)"));
            }
            precision = Some(std::str::from_utf8(&fmt[p_start..i]).unwrap().parse().unwrap_or(0));
        }
        let Some(&conv) = fmt.get(i) else {
            return Err(lib_error(ctx, sh, exec, "invalid option '%' to 'format'"));
        };
        i += 1;
        arg += 1;
        if arg >= stack.len() && conv != b'%' {
            return Err(lib_error(ctx, sh, exec, &format!("bad argument #{} to 'format' (no value)", arg + 1)));
        }
        let left = flags.contains(&b'-');
        let zero = flags.contains(&b'0') && !left;
        let plus = flags.contains(&b'+');
        let space = flags.contains(&b' ');
        let alt = flags.contains(&b'#');
        let num = |stack: &Stack<'gc, '_>| -> Result<f64, Error<'gc>> {
            to_lua_number(stack.get(arg)).ok_or_else(|| {
                lib_error(ctx, sh, exec, &format!("bad argument #{} to 'format' (number expected, got {})", arg + 1, arg_type(stack, arg)))
            })
        };
        let body: Vec<u8> = match conv {
            b'd' | b'i' => {
                let n = crate::mathlib::c_long(num(stack)?);
                let mut digits = n.unsigned_abs().to_string();
                if let Some(p) = precision {
                    while digits.len() < p {
                        digits.insert(0, '0');
                    }
                    if p == 0 && n == 0 {
                        digits.clear();
                    }
                }
                let sign = if n < 0 { "-" } else if plus { "+" } else if space { " " } else { "" };
                pad_number(sign, &digits, width, left, zero && precision.is_none())
            }
            b'u' | b'o' | b'x' | b'X' => {
                let n = crate::mathlib::c_ulong(num(stack)?);
                let mut digits = match conv {
                    b'o' => format!("{n:o}"),
                    b'x' => format!("{n:x}"),
                    b'X' => format!("{n:X}"),
                    _ => n.to_string(),
                };
                if let Some(p) = precision {
                    while digits.len() < p {
                        digits.insert(0, '0');
                    }
                }
                let prefix = match (alt, conv, n) {
                    (true, b'x', n) if n != 0 => "0x",
                    (true, b'X', n) if n != 0 => "0X",
                    (true, b'o', _) if !digits.starts_with('0') => "0",
                    _ => "",
                };
                pad_number(prefix, &digits, width, left, zero && precision.is_none())
            }
            b'c' => {
                let n = num(stack)? as i64;
                pad(&[n as u8], width, left)
            }
            b'e' | b'E' | b'f' | b'F' | b'g' | b'G' => {
                let v = num(stack)?;
                let p = precision.unwrap_or(6);
                let upper = conv.is_ascii_uppercase();
                let text = match conv.to_ascii_lowercase() {
                    b'e' => fmt_e(v, p, upper),
                    b'f' => {
                        if v.is_finite() {
                            format!("{:.*}", p, v)
                        } else {
                            fmt_g(v, 1, upper, false)
                        }
                    }
                    _ => fmt_g(v, p, upper, alt),
                };
                let (sign, digits) = match text.strip_prefix('-') {
                    Some(d) => ("-", d.to_string()),
                    None => (if plus { "+" } else if space { " " } else { "" }, text),
                };
                pad_number(sign, &digits, width, left, zero && v.is_finite())
            }
            b'q' => {
                let s = arg_str(ctx, sh, exec, stack, arg, "format")?;
                let mut q = vec![b'"'];
                for &b in &s {
                    match b {
                        b'"' | b'\\' | b'\n' => {
                            q.push(b'\\');
                            q.push(b);
                        }
                        b'\r' => q.extend_from_slice(b"\\r"),
                        0 => q.extend_from_slice(b"\\000"),
                        _ => q.push(b),
                    }
                }
                q.push(b'"');
                q
            }
            b's' => {
                let v = stack.get(arg);
                let mut s = match to_lua_string(v) {
                    Some(s) => s,
                    None => {
                        return Err(lib_error(ctx, sh, exec, &format!("bad argument #{} to 'format' (string expected, got {})", arg + 1, type_name(v))));
                    }
                };
                if let Some(p) = precision {
                    s.truncate(p);
                }
                pad(&s, width, left)
            }
            other => {
                return Err(lib_error(ctx, sh, exec, &format!("invalid option '%{}' to 'format'", other as char)));
            }
        };
        if out.len() + body.len() > MAX_STRING {
            return Err(lib_error(ctx, sh, exec, "not enough memory"));
        }
        out.extend_from_slice(&body);
    }
    Ok(out)
}

fn pad(s: &[u8], width: usize, left: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len().max(width));
    if !left {
        out.resize(width.saturating_sub(s.len()), b' ');
    }
    out.extend_from_slice(s);
    if left {
        out.resize(width.max(s.len()), b' ');
    }
    out
}

fn pad_number(sign: &str, digits: &str, width: usize, left: bool, zero: bool) -> Vec<u8> {
    let len = sign.len() + digits.len();
    if zero && width > len {
        let mut out = sign.as_bytes().to_vec();
        out.resize(sign.len() + width - len, b'0');
        out.extend_from_slice(digits.as_bytes());
        return out;
    }
    let mut s = sign.as_bytes().to_vec();
    s.extend_from_slice(digits.as_bytes());
    pad(&s, width, left)
}
