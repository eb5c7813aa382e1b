//! Number parsing and formatting with Redis's exact rules.

/// Parses a canonical decimal i64 exactly as Redis's `string2ll`: no leading zeros,
/// no `+`, no spaces, optional `-`, within i64's range.
pub fn parse_i64(s: &[u8]) -> Option<i64> {
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    if s == b"0" {
        return Some(0);
    }
    let (neg, digits) = match s[0] {
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !(b'1'..=b'9').contains(&digits[0]) {
        return None;
    }
    let mut v: u64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add((c - b'0') as u64)?;
    }
    if neg {
        if v > (i64::MAX as u64) + 1 {
            None
        } else {
            Some((v as i64).wrapping_neg())
        }
    } else if v > i64::MAX as u64 {
        None
    } else {
        Some(v as i64)
    }
}

/// Number of bytes of `n` in decimal.
pub fn i64_len(n: i64) -> usize {
    let mut b = itoa::Buffer::new();
    b.format(n).len()
}

/// A number in C `strtod`/`strtold` syntax that spans a whole input (see [`scan_strtod`]).
pub(crate) struct StrtodNumber<'a> {
    pub negative: bool,
    pub kind: StrtodKind<'a>,
}

pub(crate) enum StrtodKind<'a> {
    /// `inf` or `infinity`, any case.
    Infinity,
    /// `digits[.digits][(e|E)[+-]digits]` (at least one mantissa digit), without sign.
    Decimal { text: &'a [u8], nonzero: bool },
    /// After `0x`/`0X`: `hexdigits[.hexdigits]` (at least one digit) and the optional
    /// binary exponent after `p`/`P` (`[+-]digits`).
    Hex {
        mantissa: &'a [u8],
        exp: Option<&'a [u8]>,
        nonzero: bool,
    },
}

/// Recognises exactly the inputs that glibc's `strtod`/`strtold` consume in full:
/// an optional sign, then `inf`/`infinity`, a decimal or a hex float. Leading or
/// trailing whitespace, NaN (which Redis always refuses), empty input, embedded NULs and
/// dangling exponent markers (`1e`, `0x1p`) give `None`. `nonzero` tells whether any
/// significand digit is non-zero (a zero result is then an underflow, which Redis
/// refuses).
pub(crate) fn scan_strtod(s: &[u8]) -> Option<StrtodNumber<'_>> {
    let (negative, b) = match s.first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if b.eq_ignore_ascii_case(b"inf") || b.eq_ignore_ascii_case(b"infinity") {
        return Some(StrtodNumber {
            negative,
            kind: StrtodKind::Infinity,
        });
    }
    let hex = b.len() >= 2 && b[0] == b'0' && (b[1] | 0x20) == b'x';
    let body = if hex { &b[2..] } else { b };
    let is_digit = |c: u8| {
        if hex {
            c.is_ascii_hexdigit()
        } else {
            c.is_ascii_digit()
        }
    };
    let mut i = 0;
    let mut digits = false;
    let mut nonzero = false;
    let mut seen_dot = false;
    while i < body.len() {
        let c = body[i];
        if is_digit(c) {
            digits = true;
            nonzero |= c != b'0';
        } else if c == b'.' && !seen_dot {
            seen_dot = true;
        } else {
            break;
        }
        i += 1;
    }
    // No digits: not a number ("0x" alone is read by strtod as "0" followed by junk).
    if !digits {
        return None;
    }
    let mut exp = None;
    if i < body.len() {
        if body[i] | 0x20 != if hex { b'p' } else { b'e' } {
            return None;
        }
        let e = &body[i + 1..];
        let unsigned = match e.first() {
            Some(b'+') | Some(b'-') => &e[1..],
            _ => e,
        };
        // strtod leaves an exponent marker without digits unconsumed: refused.
        if unsigned.is_empty() || !unsigned.iter().all(u8::is_ascii_digit) {
            return None;
        }
        exp = Some(e);
    }
    let kind = if hex {
        StrtodKind::Hex {
            mantissa: &body[..i],
            exp,
            nonzero,
        }
    } else {
        StrtodKind::Decimal {
            text: body,
            nonzero,
        }
    };
    Some(StrtodNumber { negative, kind })
}

/// Parses a double exactly as Redis 7.0's `string2d` / `getDoubleFromObject` (ZADD and
/// ZINCRBY scores, other plain float arguments; not ZRANGEBYSCORE's `(`-ranges, which
/// Redis checks more loosely with a bare `strtod`): whatever glibc `strtod`
/// consumes in full, correctly rounded — `+5`, `.5`, `5.`, `1e5`, hex floats like
/// `0x1.8p1`, `inf`/`-infinity` (any case) — while empty input, leading or trailing
/// whitespace, NaN, overflow (`1e309`) and underflow to zero (`1e-400`, `2e-324`) are
/// refused. Denormal results (`1e-320`) are accepted; `-0` parses to `-0.0`.
pub fn parse_f64(s: &[u8]) -> Option<f64> {
    // Scores are mostly short integers: up to 15 digits are exact in a double, so they need
    // no decimal-to-binary rounding.
    let (negative, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, s),
    };
    if !digits.is_empty() && digits.len() <= 15 && digits.iter().all(u8::is_ascii_digit) {
        let v = digits.iter().fold(0u64, |v, d| v * 10 + (d - b'0') as u64) as f64;
        return Some(if negative { -v } else { v });
    }
    let n = scan_strtod(s)?;
    let v = match n.kind {
        StrtodKind::Infinity => {
            return Some(if n.negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            })
        }
        StrtodKind::Decimal { text, nonzero } => {
            let v: f64 = core::str::from_utf8(text).ok()?.parse().ok()?;
            if v == 0.0 && nonzero {
                return None;
            }
            v
        }
        StrtodKind::Hex {
            mantissa,
            exp,
            nonzero,
        } => {
            let v = hex_float(mantissa, exp);
            if v == 0.0 && nonzero {
                return None;
            }
            v
        }
    };
    if v.is_infinite() || v.is_nan() {
        return None;
    }
    Some(if n.negative { -v } else { v })
}

/// The value of a hex float as `strtod` rounds it (to nearest, ties to even, subnormals
/// included): `mantissa` is `hexdigits[.hexdigits]`, `exp` the binary exponent after `p`
/// (`[+-]digits`), both as [`scan_strtod`] found them. Overflow gives infinity, underflow 0.
pub(crate) fn hex_float(mantissa: &[u8], exp: Option<&[u8]>) -> f64 {
    // The first 60+ significant bits, exactly; `sticky` records any non-zero bit after them.
    let (mut bits, mut e2, mut sticky, mut after_point) = (0u64, 0i64, false, false);
    for &c in mantissa {
        let d = match c {
            b'.' => {
                after_point = true;
                continue;
            }
            b'0'..=b'9' => c - b'0',
            _ => (c | 0x20) - b'a' + 10,
        } as u64;
        if bits >> 60 == 0 {
            bits = bits << 4 | d;
            e2 -= if after_point { 4 } else { 0 };
        } else {
            sticky |= d != 0;
            e2 += if after_point { 0 } else { 4 };
        }
    }
    if bits == 0 {
        return 0.0;
    }
    let (negative, digits) = match exp.unwrap_or(b"0") {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        e => (false, e),
    };
    // Saturates: any exponent past a few thousand already means infinity or zero.
    let e = digits.iter().fold(0i64, |e, c| (e * 10 + (c - b'0') as i64).min(1 << 40));
    e2 = e2.saturating_add(if negative { -e } else { e });
    // bits * 2^e2 = 1.f * 2^unbiased, with the leading bit at 63 after shifting.
    let lead = bits.leading_zeros() as i64;
    let unbiased = e2 + 63 - lead;
    let bits = (bits as u128) << lead;
    // Keep 53 bits, fewer for a subnormal; round the rest to nearest, ties to even.
    let drop = 11 + (-1022 - unbiased).clamp(0, 64) as u32;
    let mut kept = (bits >> drop) as u64;
    let rest = bits & ((1u128 << drop) - 1);
    let half = 1u128 << (drop - 1);
    if rest > half || (rest == half && (sticky || kept & 1 == 1)) {
        kept += 1;
    }
    if drop > 11 {
        // Subnormal (a carry into bit 52 makes it the smallest normal, as it should).
        return f64::from_bits(kept);
    }
    let (kept, unbiased) = if kept >> 53 == 1 { (kept >> 1, unbiased + 1) } else { (kept, unbiased) };
    if unbiased > 1023 {
        return f64::INFINITY;
    }
    f64::from_bits(((unbiased + 1023) as u64) << 52 | (kept & ((1 << 52) - 1)))
}

/// C's `atoi`: leading spaces, an optional sign, then digits up to the first other byte
/// (`"12abc"` is 12, `"abc"` is 0), as Redis reads DEBUG's switches.
pub fn atoi(s: &[u8]) -> i64 {
    let s = &s[s.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
    let (neg, digits) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let n = digits.iter().take_while(|b| b.is_ascii_digit()).fold(0i64, |n, d| n.wrapping_mul(10).wrapping_add((d - b'0') as i64));
    if neg { n.wrapping_neg() } else { n }
}

/// Formats a double as Redis 7.0.15 replies scores (`addReplyDouble`): C's `%.17g`,
/// with `inf` / `-inf` for infinities. So `0.1` -> `0.10000000000000001`, `1e17` ->
/// `1e+17`, `1e-5` -> `1.0000000000000001e-05`, `-0.0` -> `-0`, `100` -> `100`.
pub fn format_double(v: f64) -> alloc::string::String {
    use alloc::string::String;
    if v.is_nan() {
        return String::from(if v.is_sign_negative() { "-nan" } else { "nan" });
    }
    if v.is_infinite() {
        return String::from(if v < 0.0 { "-inf" } else { "inf" });
    }
    // Exact, correctly rounded (ties to even, like glibc) 17 significant digits.
    let e = alloc::format!("{:.16e}", v);
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let x: i32 = exp.parse().unwrap_or(0);
    let (negative, mant) = match mant.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mant),
    };
    // 17 significant digits, without the dot.
    let mut digits = [b'0'; 17];
    let mut n = 0;
    for c in mant.bytes().filter(u8::is_ascii_digit) {
        if n < 17 {
            digits[n] = c;
            n += 1;
        }
    }
    let mut out = String::with_capacity(26);
    if negative {
        out.push('-');
    }
    if (-4..17).contains(&x) {
        // %f style with 16 - x decimals: the same 17 digits around a dot.
        let mut frac: alloc::vec::Vec<u8> = alloc::vec::Vec::with_capacity(22);
        if x >= 0 {
            let int_len = x as usize + 1;
            out.extend(digits[..int_len].iter().map(|&c| c as char));
            frac.extend_from_slice(&digits[int_len..]);
        } else {
            out.push('0');
            frac.resize((-x - 1) as usize, b'0');
            frac.extend_from_slice(&digits);
        }
        while frac.last() == Some(&b'0') {
            frac.pop();
        }
        if !frac.is_empty() {
            out.push('.');
            out.extend(frac.iter().map(|&c| c as char));
        }
    } else {
        out.push(digits[0] as char);
        let mut last = 17;
        while last > 1 && digits[last - 1] == b'0' {
            last -= 1;
        }
        if last > 1 {
            out.push('.');
            out.extend(digits[1..last].iter().map(|&c| c as char));
        }
        out.push('e');
        out.push(if x < 0 { '-' } else { '+' });
        let ax = x.unsigned_abs();
        if ax < 10 {
            out.push('0');
        }
        let mut buf = itoa::Buffer::new();
        out.push_str(buf.format(ax));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn string2ll_rules() {
        assert_eq!(parse_i64(b"0"), Some(0));
        assert_eq!(parse_i64(b"-0"), None);
        assert_eq!(parse_i64(b"007"), None);
        assert_eq!(parse_i64(b"+7"), None);
        assert_eq!(parse_i64(b" 7"), None);
        assert_eq!(parse_i64(b"7 "), None);
        assert_eq!(parse_i64(b"-"), None);
        assert_eq!(parse_i64(b""), None);
        assert_eq!(parse_i64(b"9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_i64(b"9223372036854775808"), None);
        assert_eq!(parse_i64(b"-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_i64(b"-9223372036854775809"), None);
        assert_eq!(i64_len(-120), 4);
    }
}

#[cfg(test)]
mod float_tests {
    use super::*;

    /// `hex_float` against rustc_apfloat's correctly rounded IEEE double parser.
    #[test]
    fn hex_floats_round_as_strtod() {
        use rustc_apfloat::Float;
        let apfloat = |m: &str, e: &str| {
            let text = alloc::format!("0x{m}p{e}");
            let r = rustc_apfloat::ieee::Double::from_str_r(&text, rustc_apfloat::Round::NearestTiesToEven).unwrap();
            f64::from_bits(r.value.to_bits() as u64)
        };
        let mut cases: alloc::vec::Vec<(alloc::string::String, alloc::string::String)> = [
            ("1", "0"), ("1.8", "1"), ("0.0", "0"), ("1", "1024"), ("1", "1023"), ("1.fffffffffffff", "1023"),
            ("1.fffffffffffff8", "1023"), ("1.fffffffffffff7ff", "1023"), ("1", "-1022"), ("1", "-1074"),
            ("1", "-1075"), ("1.0000001", "-1075"), ("1", "-1076"), ("0.8", "-1073"), ("1.8", "-1075"),
            ("1.00000000000008", "0"), ("1.00000000000018", "0"), ("1.000000000000080000000001", "0"),
            ("ffffffffffffffffffff", "0"), ("0.000000000000000000000001", "+100"), ("1", "99999999999999999999"),
            ("1", "-99999999999999999999"), ("fffffffffffff8", "-1126"), ("1.fffffffffffff", "-1023"),
        ]
        .iter()
        .map(|(m, e)| (alloc::string::String::from(*m), alloc::string::String::from(*e)))
        .collect();
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..20000 {
            let len = rng.usize(1..36);
            let mut m: alloc::string::String = (0..len).map(|_| b"0123456789abcdefABCDEF0000ff"[rng.usize(0..28)] as char).collect();
            if rng.bool() {
                m.insert(rng.usize(0..=len), '.');
            }
            let e = rng.i32(-1200..1200);
            cases.push((m, alloc::format!("{e}")));
        }
        for (m, e) in &cases {
            let got = hex_float(m.as_bytes(), Some(e.as_bytes()));
            let want = apfloat(m, e);
            assert_eq!(got.to_bits(), want.to_bits(), "0x{m}p{e}: {got:e} != {want:e}");
        }
        assert_eq!(hex_float(b"1.8", None), 1.5);
    }

    /// (ZADD score argument, ZSCORE reply) from redis-server 7.0.15 (skiplist encoding for
    /// the `-0` rows: a listpack-encoded zset replies `0` for a `-0` score).
    const ZSCORES: &[(&[u8], &str)] = &[
        (b"5", "5"),
        (b"+5", "5"),
        (b"-5", "-5"),
        (b"1e5", "100000"),
        (b".5", "0.5"),
        (b"5.", "5"),
        (b"1.e5", "100000"),
        (b"00012", "12"),
        (b"1e0010", "10000000000"),
        (b"0.1e1", "1"),
        (b"0x10", "16"),
        (b"0x1.8p1", "3"),
        (b"0x.8", "0.5"),
        (b"0x1e", "30"),
        (b"0x1P-2", "0.25"),
        (b"inf", "inf"),
        (b"-inf", "-inf"),
        (b"+inf", "inf"),
        (b"INF", "inf"),
        (b"Infinity", "inf"),
        (b"-infinity", "-inf"),
        (b"0e-400", "0"),
        (b"0", "0"),
        (b"-0", "-0"),
        (b"-0.0", "-0"),
        (b"1e-320", "9.9998886718268301e-321"),
        (b"1e-310", "9.9999999999999694e-311"),
        (b"4.9e-324", "4.9406564584124654e-324"),
        (b"5e-324", "4.9406564584124654e-324"),
        (b"3e-324", "4.9406564584124654e-324"),
        (b"2.4703282292062328e-324", "4.9406564584124654e-324"),
        (b"0x1p-1074", "4.9406564584124654e-324"),
        (b"0x1.0000000000001p-1075", "4.9406564584124654e-324"),
        (b"1.7976931348623157e308", "1.7976931348623157e+308"),
        (b"1.7976931348623158e308", "1.7976931348623157e+308"),
        (b"0.1", "0.10000000000000001"),
        (b"0.2", "0.20000000000000001"),
        (b"0.3", "0.29999999999999999"),
        (b"1.1", "1.1000000000000001"),
        (b"100", "100"),
        (b"123456789", "123456789"),
        (b"1e15", "1000000000000000"),
        (b"1e16", "10000000000000000"),
        (b"1e17", "1e+17"),
        (b"12345678901234567", "12345678901234568"),
        (b"123456789012345678", "1.2345678901234568e+17"),
        (b"99999999999999999", "1e+17"),
        (b"0.0001", "0.0001"),
        (b"0.00001", "1.0000000000000001e-05"),
        (b"1e-5", "1.0000000000000001e-05"),
        (b"1.5e-7", "1.4999999999999999e-07"),
        (b"0.000123", "0.00012300000000000001"),
        (b"3.14159265358979323846", "3.1415926535897931"),
        // Exact ties at the 17th digit round to even.
        (b"1234567890123456.25", "1234567890123456.2"),
        (b"1234567890123456.75", "1234567890123456.8"),
        (b"9007199254740993", "9007199254740992"),
        (b"1e22", "1e+22"),
        (b"1e23", "9.9999999999999992e+22"),
        (b"9.9999999999999999e22", "9.9999999999999992e+22"),
        (b"1e100", "1e+100"),
        (b"-1e-100", "-1e-100"),
        (b"2.5", "2.5"),
        (b"123.456e-300", "1.23456e-298"),
    ];

    #[test]
    fn zadd_zscore_matches_redis() {
        for &(arg, want) in ZSCORES {
            let v = parse_f64(arg).unwrap_or_else(|| panic!("{:?} refused", arg));
            assert_eq!(format_double(v), want, "{:?}", arg);
        }
    }

    /// Each refused by ZADD with "ERR value is not a valid float" on redis-server 7.0.15.
    #[test]
    fn string2d_rejects() {
        let long_int = [b'1'; 400];
        let mut tiny = [b'0'; 403];
        tiny[1] = b'.';
        tiny[402] = b'1';
        let rejected: &[&[u8]] = &[
            b" 5",
            b"5 ",
            b"\t5",
            b".",
            b"-",
            b"",
            b"1e",
            b"1e+",
            b"0x",
            b"0x1p",
            b"infinit",
            b"nan",
            b"-nan",
            b"NaN",
            b"1e309",
            b"-1e309",
            b"1e-400",
            b"2e-324",
            b"1e-4950",
            b"1.7976931348623159e308",
            b"5\x00",
            b"\x00",
            b"0x1p-1075",
            b"0x1p1024",
            b"0x1.fffffffffffff8p1023",
            b"1_0",
            &long_int,
            &tiny,
        ];
        for s in rejected {
            assert_eq!(parse_f64(s), None, "{:?}", s);
        }
        assert!(parse_f64(b"-0").unwrap().is_sign_negative());
    }

    #[test]
    fn integer_scores_parse_as_the_general_path_does() {
        // The digits-only fast path (up to 15 digits) must equal strtod's correctly rounded
        // result, sign of zero included; longer ones take the general path.
        let cases = ["0", "-0", "007", "-12", "5000", "999999999999999", "-999999999999999", "1000000000000000", "9007199254740993", "12345678901234567890"];
        for c in cases {
            let general: f64 = c.parse().unwrap();
            let fast = parse_f64(c.as_bytes()).unwrap();
            assert_eq!(fast.to_bits(), general.to_bits(), "{c}");
        }
        for bad in ["-", "--1", "1-", "+-1", " 1", "1 "] {
            assert_eq!(parse_f64(bad.as_bytes()), None, "{bad}");
        }
    }

    #[test]
    fn printf_17g() {
        assert_eq!(format_double(f64::INFINITY), "inf");
        assert_eq!(format_double(f64::NEG_INFINITY), "-inf");
        assert_eq!(format_double(0.0), "0");
        assert_eq!(format_double(-0.0), "-0");
        assert_eq!(format_double(1.0), "1");
        assert_eq!(format_double(-1.5), "-1.5");
        assert_eq!(format_double(f64::MAX), "1.7976931348623157e+308");
        assert_eq!(format_double(f64::MIN_POSITIVE), "2.2250738585072014e-308");
        assert_eq!(format_double(1e-4), "0.0001");
        assert_eq!(
            format_double(parse_f64(b"9.99999999999999999e-5").unwrap()),
            "0.0001"
        );
        assert_eq!(format_double(1e16), "10000000000000000");
        assert_eq!(format_double(-123456.789), "-123456.789");
        assert_eq!(format_double(1e300), "1.0000000000000001e+300");
    }
}
