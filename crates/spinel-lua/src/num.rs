//! Lua 5.1's number formatting: `tostring`, `..` through our tostring and `%g`/`%e`/`%f` in
//! `string.format` print as C's printf does (Lua 5.1 formats numbers with `%.14g`).

/// C's `%.{prec}g` (`alt` is the `#` flag: keep trailing zeros).
pub fn fmt_g(v: f64, prec: usize, upper: bool, alt: bool) -> String {
    if let Some(s) = non_finite(v, upper) {
        return s;
    }
    let p = if prec == 0 { 1 } else { prec };
    let e = format!("{:.*e}", p - 1, v);
    let (_, exp) = e.split_once('e').unwrap();
    let x: i32 = exp.parse().unwrap();
    let mut s = if x < -4 || x >= p as i32 {
        fmt_e(v, p - 1, upper)
    } else {
        format!("{:.*}", (p as i32 - 1 - x) as usize, v)
    };
    if !alt {
        // Strip trailing zeros of the fraction (and the dot).
        let (mant, rest) = match s.find(['e', 'E']) {
            Some(i) => (s[..i].to_string(), s[i..].to_string()),
            None => (s.clone(), String::new()),
        };
        if mant.contains('.') {
            let m = mant.trim_end_matches('0').trim_end_matches('.');
            s = format!("{m}{rest}");
        }
    }
    s
}

/// C's `%.{prec}e`: at least two exponent digits.
pub fn fmt_e(v: f64, prec: usize, upper: bool) -> String {
    if let Some(s) = non_finite(v, upper) {
        return s;
    }
    let e = format!("{:.*e}", prec, v);
    let (mant, exp) = e.split_once('e').unwrap();
    let x: i32 = exp.parse().unwrap();
    let sign = if x < 0 { '-' } else { '+' };
    let letter = if upper { 'E' } else { 'e' };
    format!("{mant}{letter}{sign}{:02}", x.unsigned_abs())
}

fn non_finite(v: f64, upper: bool) -> Option<String> {
    let s = if v.is_nan() {
        if v.is_sign_negative() { "-nan" } else { "nan" }
    } else if v.is_infinite() {
        if v < 0.0 { "-inf" } else { "inf" }
    } else {
        return None;
    };
    // ASCII only: `str::to_uppercase` would link Unicode's case table (~20 KB gzipped in wasm).
    Some(if upper { s.to_ascii_uppercase() } else { s.to_string() })
}

/// How Lua 5.1 prints a number (`%.14g`); piccolo's integers print as integers.
pub fn lua_number(v: f64) -> String {
    // 0/0 on x86 is a negative NaN; Lua 5.1 prints it as "-nan" there, "nan" for -(0/0).
    fmt_g(v, 14, false, false)
}

/// A Lua number as a command argument: Redis formats it with `%.17g`.
pub fn arg_number(v: f64) -> String {
    fmt_g(v, 17, false, false)
}

/// Lua 5.1's `tonumber`/string-to-number coercion (`lua_str2number`: strtod, or hex with 0x).
pub fn parse_number(s: &[u8]) -> Option<f64> {
    let t = std::str::from_utf8(s).ok()?;
    let t = t.trim_matches(|c: char| c == ' ' || ('\t'..='\r').contains(&c));
    if t.is_empty() {
        return None;
    }
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        if h.is_empty() || !h.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let mut n = 0f64;
        for c in h.bytes() {
            n = n * 16.0 + (c as char).to_digit(16).unwrap() as f64;
        }
        return Some(if neg { -n } else { n });
    }
    let lower = body.to_ascii_lowercase();
    if lower.starts_with("inf") || lower.starts_with("nan") {
        // strtod accepts them; Lua 5.1 too.
        let v = match lower.as_str() {
            "inf" | "infinity" => f64::INFINITY,
            "nan" => f64::NAN,
            _ => return None,
        };
        return Some(if neg { -v } else { v });
    }
    if !body.bytes().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')) {
        return None;
    }
    let v: f64 = body.parse().ok()?;
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_lua_5_1() {
        assert_eq!(lua_number(5.0), "5");
        assert_eq!(lua_number(1e20), "1e+20");
        assert_eq!(lua_number(1.0 / 3.0), "0.33333333333333");
        assert_eq!(lua_number(2f64.powi(53)), "9.007199254741e+15");
        assert_eq!(lua_number(-1.0 / 0.0), "-inf");
        assert_eq!(lua_number(0.1), "0.1");
        assert_eq!(lua_number(1e-5), "1e-05");
        assert_eq!(arg_number(1.0 / 3.0), "0.33333333333333331");
        assert_eq!(arg_number(1e20), "1e+20");
        assert_eq!(fmt_g(100000.0, 6, false, false), "100000");
        assert_eq!(fmt_g(1000000.0, 6, false, false), "1e+06");
        assert_eq!(fmt_e(12345.678, 2, false), "1.23e+04");
        assert_eq!(parse_number(b" 0x1F "), Some(31.0));
        assert_eq!(parse_number(b"1e3"), Some(1000.0));
        assert_eq!(parse_number(b"abc"), None);
        assert_eq!(parse_number(b""), None);
    }
}
