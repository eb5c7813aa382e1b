//! The binary libraries Redis ships to scripts: `cmsgpack` (lua-cmsgpack 0.4) and `struct`
//! (Roberto Ierusalimschy's struct library).

use crate::convert::str_value;
use crate::stdlib::{arg_type, lib_error, number_value, to_lua_number, to_lua_string};
use crate::SharedRef;
use piccolo::{Callback, CallbackReturn, Context, Error, Execution, Stack, Table, Value};

/// lua-cmsgpack's LUACMSGPACK_MAX_NESTING: deeper tables are packed as nil.
const MAX_NESTING: usize = 16;

pub fn install<'gc>(ctx: Context<'gc>, g: Table<'gc>, shared: &SharedRef) {
    install_cmsgpack(ctx, g, shared);
    install_struct(ctx, g, shared);
}

// ----- cmsgpack ------------------------------------------------------------------------------

fn install_cmsgpack<'gc>(ctx: Context<'gc>, g: Table<'gc>, shared: &SharedRef) {
    let t = Table::new(&ctx);
    let sh = shared.clone();
    t.set(
        ctx,
        "pack",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            if stack.is_empty() {
                return Err(lib_error(ctx, &sh, &exec, "bad argument #0 to 'pack' (MessagePack pack needs input.)"));
            }
            let mut out = Vec::new();
            for i in 0..stack.len() {
                mp_encode(ctx, stack.get(i), 0, &mut out);
            }
            stack.replace(ctx, str_value(ctx, &out));
            Ok(CallbackReturn::Return)
        }),
    )
    .unwrap();
    for (name, mode) in [("unpack", 0u8), ("unpack_one", 1), ("unpack_limit", 2)] {
        let sh = shared.clone();
        t.set(
            ctx,
            name,
            Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
                let Some(s) = to_lua_string(stack.get(0)) else {
                    return Err(lib_error(ctx, &sh, &exec, &format!("bad argument #1 to '{name}' (string expected, got {})", arg_type(&stack, 0))));
                };
                let (limit, offset) = match mode {
                    0 => (0i64, 0i64),
                    1 => (1, to_lua_number(stack.get(1)).unwrap_or(0.0) as i64),
                    _ => (to_lua_number(stack.get(1)).unwrap_or(0.0) as i64, to_lua_number(stack.get(2)).unwrap_or(0.0) as i64),
                };
                if offset < 0 || limit < 0 {
                    return Err(lib_error(ctx, &sh, &exec, &format!("Invalid request to unpack with offset of {offset} and limit of {limit}.")));
                }
                if offset as usize > s.len() {
                    return Err(lib_error(ctx, &sh, &exec, "Start offset greater than input length."));
                }
                let mut pos = offset as usize;
                let mut values = Vec::new();
                while pos < s.len() && (limit == 0 || (values.len() as i64) < limit) {
                    let v = mp_decode(ctx, &s, &mut pos, 0).map_err(|e| lib_error(ctx, &sh, &exec, e))?;
                    values.push(v);
                }
                stack.clear();
                if mode != 0 {
                    // The offset to continue from, -1 at the end.
                    stack.push_back(Value::Integer(if pos >= s.len() { -1 } else { pos as i64 }));
                }
                for v in values {
                    stack.push_back(v);
                }
                Ok(CallbackReturn::Return)
            }),
        )
        .unwrap();
    }
    t.set(ctx, "_NAME", "cmsgpack").unwrap();
    t.set(ctx, "_VERSION", "lua-cmsgpack 0.4.0").unwrap();
    t.set(ctx, "_COPYRIGHT", "Copyright (C) 2012, Salvatore Sanfilippo").unwrap();
    t.set(ctx, "_DESCRIPTION", "MessagePack C implementation for Lua").unwrap();
    g.set(ctx, "cmsgpack", t).unwrap();
}

/// A msgpack array or map header: the fix form (`fix | n`) below 16 entries, else the
/// 16-bit or 32-bit form.
fn mp_container_header(out: &mut Vec<u8>, n: usize, fix: u8, b16: u8, b32: u8) {
    if n < 16 {
        out.push(fix | n as u8);
    } else if n <= 0xffff {
        out.push(b16);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else {
        out.push(b32);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    }
}

fn mp_encode_int(n: i64, out: &mut Vec<u8>) {
    if n >= 0 {
        if n <= 127 {
            out.push(n as u8);
        } else if n <= 0xff {
            out.extend_from_slice(&[0xcc, n as u8]);
        } else if n <= 0xffff {
            out.push(0xcd);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        } else if n <= 0xffff_ffff {
            out.push(0xce);
            out.extend_from_slice(&(n as u32).to_be_bytes());
        } else {
            out.push(0xcf);
            out.extend_from_slice(&(n as u64).to_be_bytes());
        }
    } else if n >= -32 {
        out.push(n as i8 as u8);
    } else if n >= -128 {
        out.extend_from_slice(&[0xd0, n as i8 as u8]);
    } else if n >= -32768 {
        out.push(0xd1);
        out.extend_from_slice(&(n as i16).to_be_bytes());
    } else if n >= -2147483648 {
        out.push(0xd2);
        out.extend_from_slice(&(n as i32).to_be_bytes());
    } else {
        out.push(0xd3);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

fn mp_encode_number(f: f64, out: &mut Vec<u8>) {
    if f.fract() == 0.0 && f.is_finite() && f >= i64::MIN as f64 && f < i64::MAX as f64 {
        return mp_encode_int(f as i64, out);
    }
    let single = f as f32;
    if single as f64 == f || f.is_nan() {
        out.push(0xca);
        out.extend_from_slice(&single.to_be_bytes());
    } else {
        out.push(0xcb);
        out.extend_from_slice(&f.to_be_bytes());
    }
}

fn mp_encode<'gc>(ctx: Context<'gc>, v: Value<'gc>, depth: usize, out: &mut Vec<u8>) {
    match v {
        Value::Nil => out.push(0xc0),
        Value::Boolean(b) => out.push(if b { 0xc3 } else { 0xc2 }),
        Value::Integer(i) => mp_encode_int(i, out),
        Value::Number(f) => mp_encode_number(f, out),
        Value::String(s) => {
            let b = s.as_bytes();
            let len = b.len();
            if len < 32 {
                out.push(0xa0 | len as u8);
            } else if len <= 0xff {
                out.extend_from_slice(&[0xd9, len as u8]);
            } else if len <= 0xffff {
                out.push(0xda);
                out.extend_from_slice(&(len as u16).to_be_bytes());
            } else {
                out.push(0xdb);
                out.extend_from_slice(&(len as u32).to_be_bytes());
            }
            out.extend_from_slice(b);
        }
        Value::Table(t) if depth < MAX_NESTING => {
            // An array when every key is 1..n without holes.
            let mut count = 0i64;
            let mut max = 0i64;
            let mut is_array = true;
            for (k, _) in t.iter() {
                count += 1;
                match k {
                    Value::Integer(i) if i >= 1 => max = max.max(i),
                    Value::Number(f) if f >= 1.0 && f.fract() == 0.0 => max = max.max(f as i64),
                    _ => is_array = false,
                }
            }
            if is_array && max == count {
                mp_container_header(out, count as usize, 0x90, 0xdc, 0xdd);
                for i in 1..=count {
                    mp_encode(ctx, t.get(ctx, i), depth + 1, out);
                }
            } else {
                mp_container_header(out, count as usize, 0x80, 0xde, 0xdf);
                for (k, val) in t.iter() {
                    mp_encode(ctx, k, depth + 1, out);
                    mp_encode(ctx, val, depth + 1, out);
                }
            }
        }
        _ => out.push(0xc0),
    }
}

fn take<'a>(s: &'a [u8], pos: &mut usize, n: usize) -> Result<&'a [u8], &'static str> {
    if s.len() - *pos < n {
        return Err("Missing bytes in input.");
    }
    let b = &s[*pos..*pos + n];
    *pos += n;
    Ok(b)
}

fn mp_decode<'gc>(ctx: Context<'gc>, s: &[u8], pos: &mut usize, depth: usize) -> Result<Value<'gc>, &'static str> {
    if depth > 1000 {
        return Err("Bad data format in input.");
    }
    let c = take(s, pos, 1)?[0];
    let be = |b: &[u8]| b.iter().fold(0u64, |a, &x| (a << 8) | x as u64);
    Ok(match c {
        0x00..=0x7f => Value::Integer(c as i64),
        0xe0..=0xff => Value::Integer(c as i8 as i64),
        0xc0 => Value::Nil,
        0xc2 => Value::Boolean(false),
        0xc3 => Value::Boolean(true),
        0xcc => Value::Integer(take(s, pos, 1)?[0] as i64),
        0xcd => Value::Integer(be(take(s, pos, 2)?) as i64),
        0xce => Value::Integer(be(take(s, pos, 4)?) as i64),
        0xcf => number_value(be(take(s, pos, 8)?) as f64),
        0xd0 => Value::Integer(take(s, pos, 1)?[0] as i8 as i64),
        0xd1 => Value::Integer(be(take(s, pos, 2)?) as u16 as i16 as i64),
        0xd2 => Value::Integer(be(take(s, pos, 4)?) as u32 as i32 as i64),
        0xd3 => number_value(be(take(s, pos, 8)?) as i64 as f64),
        0xca => Value::Number(f32::from_bits(be(take(s, pos, 4)?) as u32) as f64),
        0xcb => Value::Number(f64::from_bits(be(take(s, pos, 8)?))),
        0xa0..=0xbf | 0xd9 | 0xda | 0xdb | 0xc4 | 0xc5 | 0xc6 => {
            let len = match c {
                0xa0..=0xbf => (c & 0x1f) as usize,
                0xd9 | 0xc4 => take(s, pos, 1)?[0] as usize,
                0xda | 0xc5 => be(take(s, pos, 2)?) as usize,
                _ => be(take(s, pos, 4)?) as usize,
            };
            str_value(ctx, take(s, pos, len)?)
        }
        0x90..=0x9f | 0xdc | 0xdd => {
            let n = match c {
                0x90..=0x9f => (c & 0x0f) as usize,
                0xdc => be(take(s, pos, 2)?) as usize,
                _ => be(take(s, pos, 4)?) as usize,
            };
            let t = Table::new(&ctx);
            for i in 1..=n {
                let v = mp_decode(ctx, s, pos, depth + 1)?;
                t.set(ctx, i as i64, v).map_err(|_| "Bad data format in input.")?;
            }
            Value::Table(t)
        }
        0x80..=0x8f | 0xde | 0xdf => {
            let n = match c {
                0x80..=0x8f => (c & 0x0f) as usize,
                0xde => be(take(s, pos, 2)?) as usize,
                _ => be(take(s, pos, 4)?) as usize,
            };
            let t = Table::new(&ctx);
            for _ in 0..n {
                let k = mp_decode(ctx, s, pos, depth + 1)?;
                let v = mp_decode(ctx, s, pos, depth + 1)?;
                if !k.is_nil() {
                    let _ = t.set(ctx, k, v);
                }
            }
            Value::Table(t)
        }
        _ => return Err("Bad data format in input."),
    })
}

// ----- struct --------------------------------------------------------------------------------

struct Header {
    little: bool,
    align: usize,
}

/// Reads an optional size after a format letter.
fn opt_size(fmt: &[u8], i: &mut usize, default: usize) -> usize {
    let start = *i;
    while *i < fmt.len() && fmt[*i].is_ascii_digit() {
        *i += 1;
    }
    if *i == start {
        default
    } else {
        std::str::from_utf8(&fmt[start..*i]).unwrap().parse().unwrap_or(default)
    }
}

/// Size of a format item (0 for those without a fixed size).
fn item_size(c: u8, fmt: &[u8], i: &mut usize) -> Result<usize, String> {
    Ok(match c {
        b'x' | b'b' | b'B' => 1,
        b'h' | b'H' => 2,
        b'l' | b'L' | b'T' => 8,
        b'f' => 4,
        b'd' => 8,
        b's' => 0,
        b'c' => opt_size(fmt, i, 1),
        b'i' | b'I' => {
            let n = opt_size(fmt, i, 4);
            if n > 8 {
                return Err(format!("integral size {n} is larger than limit of 8"));
            }
            n
        }
        _ => 0,
    })
}

fn gap(pos: usize, size: usize, h: &Header) -> usize {
    let align = size.min(h.align);
    if align <= 1 || !align.is_power_of_two() {
        return 0;
    }
    (align - (pos & (align - 1))) & (align - 1)
}

/// Handles the control letters; returns true if `c` was one.
fn control(c: u8, fmt: &[u8], i: &mut usize, h: &mut Header) -> Result<bool, String> {
    match c {
        b' ' => {}
        b'<' => h.little = true,
        b'>' => h.little = false,
        b'=' => h.little = cfg!(target_endian = "little"),
        b'!' => {
            let a = opt_size(fmt, i, 8);
            if !a.is_power_of_two() {
                return Err(format!("alignment {a} is not a power of 2"));
            }
            h.align = a;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn install_struct<'gc>(ctx: Context<'gc>, g: Table<'gc>, shared: &SharedRef) {
    let t = Table::new(&ctx);
    let sh = shared.clone();
    t.set(
        ctx,
        "pack",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let out = struct_pack(ctx, &sh, &exec, &stack)?;
            stack.replace(ctx, str_value(ctx, &out));
            Ok(CallbackReturn::Return)
        }),
    )
    .unwrap();
    let sh = shared.clone();
    t.set(
        ctx,
        "unpack",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let values = struct_unpack(ctx, &sh, &exec, &stack)?;
            stack.clear();
            for v in values {
                stack.push_back(v);
            }
            Ok(CallbackReturn::Return)
        }),
    )
    .unwrap();
    let sh = shared.clone();
    t.set(
        ctx,
        "size",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let fmt = to_lua_string(stack.get(0)).ok_or_else(|| lib_error(ctx, &sh, &exec, "bad argument #1 to 'size' (string expected)"))?;
            let mut h = Header { little: cfg!(target_endian = "little"), align: 1 };
            let mut pos = 0usize;
            let mut i = 0;
            while i < fmt.len() {
                let c = fmt[i];
                i += 1;
                if control(c, &fmt, &mut i, &mut h).map_err(|e| lib_error(ctx, &sh, &exec, &e))? {
                    continue;
                }
                let size = item_size(c, &fmt, &mut i).map_err(|e| lib_error(ctx, &sh, &exec, &e))?;
                if c == b's' || (c == b'c' && size == 0) {
                    return Err(lib_error(ctx, &sh, &exec, "options 'c0' - 's' have undefined sizes"));
                }
                if !b"xbBhHlLTfdciI".contains(&c) {
                    return Err(lib_error(ctx, &sh, &exec, &format!("bad argument #1 to 'size' (invalid format option '{}')", c as char)));
                }
                pos += gap(pos, size, &h) + size;
            }
            stack.replace(ctx, pos as i64);
            Ok(CallbackReturn::Return)
        }),
    )
    .unwrap();
    g.set(ctx, "struct", t).unwrap();
}

fn put_int(out: &mut Vec<u8>, v: u64, size: usize, little: bool) {
    let bytes = v.to_le_bytes();
    let mut chunk: Vec<u8> = (0..size).map(|k| if k < 8 { bytes[k] } else { 0 }).collect();
    if !little {
        chunk.reverse();
    }
    out.extend_from_slice(&chunk);
}

fn struct_pack<'gc>(ctx: Context<'gc>, sh: &SharedRef, exec: &Execution, stack: &Stack<'gc, '_>) -> Result<Vec<u8>, Error<'gc>> {
    let fmt = to_lua_string(stack.get(0)).ok_or_else(|| lib_error(ctx, sh, exec, "bad argument #1 to 'pack' (string expected)"))?;
    let mut h = Header { little: cfg!(target_endian = "little"), align: 1 };
    let mut out = Vec::new();
    let mut arg = 1;
    let mut i = 0;
    let err = |m: String| lib_error(ctx, sh, exec, &m);
    while i < fmt.len() {
        let c = fmt[i];
        i += 1;
        if control(c, &fmt, &mut i, &mut h).map_err(err)? {
            continue;
        }
        let size = item_size(c, &fmt, &mut i).map_err(err)?;
        let pad = gap(out.len(), size, &h);
        out.resize(out.len() + pad, 0);
        let num = |arg: usize| -> Result<f64, Error<'gc>> {
            // Missing values are nil here: Redis's struct.pack pushes a nil after its arguments.
            to_lua_number(stack.get(arg)).ok_or_else(|| lib_error(ctx, sh, exec, &format!("bad argument #{} to 'pack' (number expected, got {})", arg + 1, stack.get(arg).type_name())))
        };
        match c {
            b'x' => out.push(0),
            b'b' | b'B' | b'h' | b'H' | b'l' | b'L' | b'T' | b'i' | b'I' => {
                let v = num(arg)?;
                arg += 1;
                let n = if v < 0.0 { v as i64 as u64 } else { v as u64 };
                put_int(&mut out, n, size, h.little);
            }
            b'f' => {
                let v = num(arg)? as f32;
                arg += 1;
                let b = if h.little { v.to_le_bytes() } else { v.to_be_bytes() };
                out.extend_from_slice(&b);
            }
            b'd' => {
                let v = num(arg)?;
                arg += 1;
                let b = if h.little { v.to_le_bytes() } else { v.to_be_bytes() };
                out.extend_from_slice(&b);
            }
            b'c' | b's' => {
                let s = to_lua_string(stack.get(arg)).ok_or_else(|| {
                    lib_error(ctx, sh, exec, &format!("bad argument #{} to 'pack' (string expected, got {})", arg + 1, stack.get(arg).type_name()))
                })?;
                arg += 1;
                let len = if c == b'c' && size > 0 { size } else { s.len() };
                if c == b'c' && size > 0 && s.len() < size {
                    return Err(lib_error(ctx, sh, exec, &format!("bad argument #{} to 'pack' (string too short)", arg)));
                }
                out.extend_from_slice(&s[..len]);
                if c == b's' {
                    out.push(0);
                }
            }
            _ => return Err(lib_error(ctx, sh, exec, &format!("bad argument #1 to 'pack' (invalid format option '{}')", c as char))),
        }
    }
    Ok(out)
}

fn struct_unpack<'gc>(ctx: Context<'gc>, sh: &SharedRef, exec: &Execution, stack: &Stack<'gc, '_>) -> Result<Vec<Value<'gc>>, Error<'gc>> {
    let fmt = to_lua_string(stack.get(0)).ok_or_else(|| lib_error(ctx, sh, exec, "bad argument #1 to 'unpack' (string expected)"))?;
    let data = to_lua_string(stack.get(1)).ok_or_else(|| {
        lib_error(ctx, sh, exec, &format!("bad argument #2 to 'unpack' (string expected, got {})", arg_type(stack, 1)))
    })?;
    let init = to_lua_number(stack.get(2)).unwrap_or(1.0) as i64;
    if init < 1 {
        return Err(lib_error(ctx, sh, exec, "bad argument #3 to 'unpack' (offset must be 1 or greater)"));
    }
    let mut pos = init as usize - 1;
    let mut h = Header { little: cfg!(target_endian = "little"), align: 1 };
    let mut values: Vec<Value<'gc>> = Vec::new();
    let mut i = 0;
    let short = || lib_error(ctx, sh, exec, "bad argument #2 to 'unpack' (data string too short)");
    while i < fmt.len() {
        let c = fmt[i];
        i += 1;
        if control(c, &fmt, &mut i, &mut h).map_err(|e| lib_error(ctx, sh, exec, &e))? {
            continue;
        }
        let mut size = item_size(c, &fmt, &mut i).map_err(|e| lib_error(ctx, sh, exec, &e))?;
        pos += gap(pos, size, &h);
        if c == b'c' && size == 0 {
            // c0: the length is the previous value.
            let Some(n) = values.pop().and_then(to_lua_number) else {
                return Err(lib_error(ctx, sh, exec, "format 'c0' needs a previous size"));
            };
            size = n as usize;
        }
        if pos + size > data.len() && c != b's' {
            return Err(short());
        }
        match c {
            b'x' => {}
            b'b' | b'B' | b'h' | b'H' | b'l' | b'L' | b'T' | b'i' | b'I' => {
                let mut bytes: Vec<u8> = data[pos..pos + size].to_vec();
                if !h.little {
                    bytes.reverse();
                }
                let mut v: u64 = 0;
                for (k, b) in bytes.iter().enumerate().take(8) {
                    v |= (*b as u64) << (8 * k);
                }
                let signed = matches!(c, b'b' | b'h' | b'l' | b'i');
                let n = if signed && size < 8 && size > 0 {
                    let shift = 64 - 8 * size as u32;
                    ((v << shift) as i64 >> shift) as f64
                } else if signed {
                    v as i64 as f64
                } else {
                    v as f64
                };
                values.push(number_value(n));
            }
            b'f' => {
                let b: [u8; 4] = data[pos..pos + 4].try_into().unwrap();
                let v = if h.little { f32::from_le_bytes(b) } else { f32::from_be_bytes(b) };
                values.push(Value::Number(v as f64));
            }
            b'd' => {
                let b: [u8; 8] = data[pos..pos + 8].try_into().unwrap();
                let v = if h.little { f64::from_le_bytes(b) } else { f64::from_be_bytes(b) };
                values.push(Value::Number(v));
            }
            b'c' => values.push(str_value(ctx, &data[pos..pos + size])),
            b's' => {
                let Some(end) = data[pos.min(data.len())..].iter().position(|&b| b == 0) else {
                    return Err(lib_error(ctx, sh, exec, "unfinished string in data"));
                };
                values.push(str_value(ctx, &data[pos..pos + end]));
                size = end + 1;
            }
            _ => return Err(lib_error(ctx, sh, exec, &format!("bad argument #1 to 'unpack' (invalid format option '{}')", c as char))),
        }
        pos += size;
    }
    values.push(Value::Integer(pos as i64 + 1));
    Ok(values)
}
