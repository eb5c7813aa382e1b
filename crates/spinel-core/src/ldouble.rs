//! x87 80-bit `long double` arithmetic and formatting for INCRBYFLOAT / HINCRBYFLOAT.
//!
//! Redis parses both operands with `string2ld` (glibc `strtold`), adds them in C
//! `long double` (80-bit extended precision on x86-64) and stores/replies the sum printed
//! with `%.17Lf`, trailing zeros and a trailing dot removed, and `-0` turned into `0`
//! (`ld2string(..., LD_STR_HUMAN)`). This module reproduces that byte for byte: parsing
//! and addition go through `rustc_apfloat`'s correctly rounded `X87DoubleExtended`, and
//! the decimal printing is done exactly here (round half to even, as glibc's printf).
//!
//! How a command uses it (messages verified on redis-server 7.0.15):
//! - INCRBYFLOAT: current value (missing key = 0) fails to parse ->
//!   `ERR value is not a valid float`; increment fails to parse -> same message;
//!   [`LongDouble::add`] returns `None` -> `ERR increment would produce NaN or Infinity`.
//! - HINCRBYFLOAT: the increment is parsed first (`ERR value is not a valid float`), and
//!   an infinite increment is refused with `ERR value is NaN or Infinity` (check
//!   [`LongDouble::is_finite`]) before the key is even looked up; a field value that fails
//!   to parse -> `ERR hash value is not a float`; a non-finite sum ->
//!   `ERR increment would produce NaN or Infinity`.
//!
//! Parsing rules of `string2ld` (all checked on the real server):
//! - empty, or 5120 (`MAX_LONG_DOUBLE_CHARS`) bytes or longer: rejected;
//! - leading or trailing whitespace, any byte strtold does not consume (including an
//!   embedded NUL): rejected;
//! - `+`/`-` sign, `.5`, `5.`, `1e5`, `1E+5`, leading zeros, hex floats (`0x10`,
//!   `0x1.8p1`, `0x.8`): accepted; `.`, `1e`, `1e+`, `0x`, `0x1p`: rejected;
//! - `inf`, `infinity` in any case with an optional sign: accepted (so the sum is
//!   infinite and the command fails with the NaN-or-Infinity error); any NaN: rejected;
//! - overflow (`1e5000`, `1.2e4932`) and underflow to zero (`1e-5000`, `1e-4951`):
//!   rejected; results that are denormal but non-zero (`1e-4950`): accepted;
//!   an exact zero with any exponent (`0e-5000`): accepted.
//!
//! Every finite long double prints in fewer than 5120 bytes (the largest has 4933 integer
//! digits), so `ld2string`'s buffer limit is never hit by INCRBYFLOAT's results.

use alloc::string::String;
use alloc::vec::Vec;
use rustc_apfloat::ieee::X87DoubleExtended;
use rustc_apfloat::{Float, Round};

use crate::num::{scan_strtod, StrtodKind};

/// Redis's `MAX_LONG_DOUBLE_CHARS`: `string2ld` refuses inputs of this length or more.
pub const MAX_LONG_DOUBLE_CHARS: usize = 5 * 1024;

/// A C `long double` as on x86-64 (x87 80-bit extended precision).
#[derive(Clone, Copy, Debug)]
pub struct LongDouble(X87DoubleExtended);

impl PartialEq for LongDouble {
    /// Numeric equality, like C's `==` (so `0 == -0`).
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

/// Parses `s` exactly as Redis's `string2ld`. Infinities are accepted (Redis accepts
/// them, and the command then fails on the non-finite sum); NaN is not.
pub fn parse_long_double(s: &[u8]) -> Option<LongDouble> {
    if s.is_empty() || s.len() >= MAX_LONG_DOUBLE_CHARS {
        return None;
    }
    let n = scan_strtod(s)?;
    let mut text: Vec<u8> = Vec::with_capacity(s.len() + 4);
    let nonzero = match n.kind {
        StrtodKind::Infinity => {
            let inf = X87DoubleExtended::INFINITY;
            return Some(LongDouble(if n.negative { -inf } else { inf }));
        }
        StrtodKind::Decimal { text: t, nonzero } => {
            text.extend_from_slice(t);
            nonzero
        }
        StrtodKind::Hex {
            mantissa,
            exp,
            nonzero,
        } => {
            // rustc_apfloat wants the binary exponent spelled out.
            text.extend_from_slice(b"0x");
            text.extend_from_slice(mantissa);
            text.push(b'p');
            text.extend_from_slice(exp.unwrap_or(b"0"));
            nonzero
        }
    };
    // The scanned text is pure ASCII.
    let text = core::str::from_utf8(&text).ok()?;
    let v = X87DoubleExtended::from_str_r(text, Round::NearestTiesToEven)
        .ok()?
        .value;
    // strtold's ERANGE cases that Redis refuses: overflow to infinity, underflow to zero.
    if v.is_nan() || v.is_infinite() || (v.is_zero() && nonzero) {
        return None;
    }
    Some(LongDouble(if n.negative { -v } else { v }))
}

impl LongDouble {
    /// Zero, the value of a missing key or field.
    pub const ZERO: LongDouble = LongDouble(X87DoubleExtended::ZERO);

    /// The exact value of an integer (what Redis does for integer-encoded values).
    pub fn from_i64(v: i64) -> LongDouble {
        LongDouble(X87DoubleExtended::from_i128(v as i128).value)
    }

    /// Whether the value is neither infinite nor NaN.
    pub fn is_finite(&self) -> bool {
        self.0.is_finite()
    }

    /// `self + other` rounded to long double; `None` when the sum is NaN or infinite
    /// (Redis: "increment would produce NaN or Infinity").
    pub fn add(&self, other: &LongDouble) -> Option<LongDouble> {
        let v = self.0.add_r(other.0, Round::NearestTiesToEven).value;
        if v.is_nan() || v.is_infinite() {
            None
        } else {
            Some(LongDouble(v))
        }
    }

    /// The value as Redis stores and replies it: `%.17Lf`, then trailing zeros and a
    /// trailing `.` removed, and `-0` written `0`. Infinities print as `inf` / `-inf`.
    pub fn format_human(&self) -> String {
        let v = self.0;
        if v.is_infinite() {
            return String::from(if v.is_negative() { "-inf" } else { "inf" });
        }
        if v.is_nan() {
            // Not reachable from Redis commands (NaN is never stored); glibc's form.
            return String::from(if v.is_negative() { "-nan" } else { "nan" });
        }
        let bits = v.to_bits();
        let negative = (bits >> 79) & 1 == 1;
        let biased = ((bits >> 64) & 0x7fff) as i32;
        let sig = bits as u64;
        // value = sig * 2^e2, with the x87 explicit integer bit included in sig.
        let e2 = if biased == 0 { 1 } else { biased } - 16383 - 63;

        let mut out = String::new();
        if negative {
            out.push('-');
        }
        if e2 >= 0 {
            // An integer: the 17 fractional digits are all zero and get trimmed.
            push_big_decimal(&mut out, sig, e2 as u32);
        } else {
            // round_half_even(sig * 10^17 / 2^shift), which fits in a u128 since
            // sig * 10^17 < 2^121.
            let shift = (-e2) as u32;
            let n = sig as u128 * 100_000_000_000_000_000u128;
            let q = if shift >= 128 {
                // n < 2^121 <= 2^(shift - 1): less than half a unit, rounds to 0.
                0
            } else {
                let q = n >> shift;
                let rem = n & ((1u128 << shift) - 1);
                let half = 1u128 << (shift - 1);
                if rem > half || (rem == half && q & 1 == 1) {
                    q + 1
                } else {
                    q
                }
            };
            let int_part = q / 100_000_000_000_000_000u128;
            let mut frac = (q % 100_000_000_000_000_000u128) as u64;
            let mut buf = itoa::Buffer::new();
            out.push_str(buf.format(int_part));
            if frac != 0 {
                let mut width = 17;
                // (`is_multiple_of` is newer than the workspace's MSRV 1.85.)
                #[allow(clippy::manual_is_multiple_of)]
                while frac % 10 == 0 {
                    frac /= 10;
                    width -= 1;
                }
                out.push('.');
                let digits = buf.format(frac);
                for _ in digits.len()..width {
                    out.push('0');
                }
                out.push_str(digits);
            }
        }
        if out == "-0" {
            out.clear();
            out.push('0');
        }
        out
    }
}

/// Appends the decimal digits of `sig * 2^shift`.
fn push_big_decimal(out: &mut String, sig: u64, shift: u32) {
    // Little-endian base-2^32 limbs of sig << shift.
    let word = (shift / 32) as usize;
    let bit = shift % 32;
    let mut limbs: Vec<u32> = Vec::with_capacity(word + 4);
    limbs.resize(word, 0);
    let wide = (sig as u128) << bit;
    limbs.push(wide as u32);
    limbs.push((wide >> 32) as u32);
    limbs.push((wide >> 64) as u32);
    while limbs.last() == Some(&0) {
        limbs.pop();
    }
    // Peel off base-10^9 chunks, least significant first.
    const CHUNK: u64 = 1_000_000_000;
    let mut chunks: Vec<u32> = Vec::new();
    while !limbs.is_empty() {
        let mut rem: u64 = 0;
        for limb in limbs.iter_mut().rev() {
            let cur = (rem << 32) | *limb as u64;
            *limb = (cur / CHUNK) as u32;
            rem = cur % CHUNK;
        }
        chunks.push(rem as u32);
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
    }
    let mut buf = itoa::Buffer::new();
    let mut iter = chunks.iter().rev();
    if let Some(first) = iter.next() {
        out.push_str(buf.format(*first));
    }
    for c in iter {
        let d = buf.format(*c);
        for _ in d.len()..9 {
            out.push('0');
        }
        out.push_str(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    fn incr(value: &str, by: &str) -> Result<String, &'static str> {
        let v = parse_long_double(value.as_bytes()).ok_or("ERR value is not a valid float")?;
        let i = parse_long_double(by.as_bytes()).ok_or("ERR value is not a valid float")?;
        v.add(&i)
            .map(|s| s.format_human())
            .ok_or("ERR increment would produce NaN or Infinity")
    }

    /// (stored value, increment, reply) — each row from `SET k value; INCRBYFLOAT k incr`
    /// on redis-server 7.0.15 (HINCRBYFLOAT gave the same replies).
    const CASES: &[(&str, &str, &str)] = &[
        ("10.5", "0.1", "10.6"),
        ("10.6", "5.0e3", "5010.60000000000000009"),
        ("0", "0.1", "0.1"),
        ("0.1", "0.2", "0.3"),
        ("1", "-1", "0"),
        ("-5", "2.5", "-2.5"),
        ("3", "-10.75", "-7.75"),
        ("1e-20", "0", "0"),
        ("-1e-20", "0", "0"),
        ("0", "1e-17", "0.00000000000000001"),
        ("0", "5e-18", "0"),
        ("0", "1.5e-17", "0.00000000000000002"),
        ("0", "2.5e-17", "0.00000000000000002"),
        ("0", "-5e-18", "0"),
        ("0", "-6e-18", "-0.00000000000000001"),
        ("1e17", "1", "100000000000000001"),
        ("1e18", "0.5", "1000000000000000000.5"),
        ("9223372036854775807", "1", "9223372036854775808"),
        ("-9223372036854775808", "-1", "-9223372036854775809"),
        ("18446744073709551615", "1", "18446744073709551616"),
        ("3.0", "0", "3"),
        ("3.14159265358979323846", "0", "3.14159265358979324"),
        ("0.3", "0", "0.3"),
        ("1.1", "2.2", "3.3"),
        ("100", "-0.01", "99.99"),
        ("-0", "-0", "0"),
        ("0", "-0", "0"),
        ("5", "-5", "0"),
        ("1e-17", "0", "0.00000000000000001"),
        ("0.000000000000000015", "0", "0.00000000000000002"),
        ("123456789.123456789", "0", "123456789.12345678899873747"),
        ("0.1", "0.7", "0.8"),
        ("1e4", "1e-4", "10000.00009999999999977"),
        ("12345678901234567890", "0.5", "12345678901234567890"),
        ("0x1p-60", "0", "0"),
        ("0x1p-57", "0", "0.00000000000000001"),
        // Exact ties at the 17th decimal: round half to even.
        ("0x1p-18", "0", "0.00000381469726562"),
        ("0x3p-18", "0", "0.00001144409179688"),
        ("-0x3p-18", "0", "-0.00001144409179688"),
        ("0x5p-18", "0", "0.00001907348632812"),
        ("1e4932", "-1e4932", "0"),
        ("42", "0.5", "42.5"),
        ("-42", "-0.25", "-42.25"),
        ("0.1", "0.1", "0.2"),
        ("1000000.1", "0.000001", "1000000.10000100000002021"),
        ("1.5", "1e-30", "1.5"),
        ("99999999999999999.9", "0.1", "100000000000000000"),
        ("0.99999999999999999", "0", "0.99999999999999999"),
        ("0.999999999999999999", "0", "1"),
        ("-0.999999999999999999", "0", "-1"),
        ("0.1", "-0.1", "0"),
        ("3.7", "-3.7", "0"),
        ("1e20", "1e-20", "100000000000000000000"),
        ("2", "0x1p-64", "2"),
        ("1", "0x1p-63", "1"),
        ("1", "0x1p-64", "1"),
        ("7.0e-1", "3", "3.7"),
        ("1e-4950", "1e-4950", "0"),
        ("-1e-4950", "0", "0"),
        (
            "1.23456789012345678901234567890",
            "0",
            "1.23456789012345679",
        ),
        ("6.02214076e23", "1", "602214076000000000000000"),
        ("1e19", "0.1", "10000000000000000000"),
        ("1e19", "-1e19", "0"),
        ("+5", "0", "5"),
        ("1e5", "0", "100000"),
        (".5", "0", "0.5"),
        ("5.", "0", "5"),
        ("1E+5", "0", "100000"),
        ("+.5e-1", "0", "0.05"),
        ("00012", "0", "12"),
        ("1e0010", "0", "10000000000"),
        ("0e999999999999999999", "0", "0"),
        ("0x10", "0", "16"),
        ("0X1p3", "0", "8"),
        ("0x1.8p1", "0", "3"),
        ("0x.8", "0", "0.5"),
        ("-0x10", "0", "-16"),
        ("0x1e", "0", "30"),
        ("0x1P-2", "0", "0.25"),
        ("0x1p-16445", "0", "0"),
    ];

    #[test]
    fn incrbyfloat_matches_redis() {
        for &(v, i, want) in CASES {
            assert_eq!(incr(v, i).as_deref(), Ok(want), "{} + {}", v, i);
        }
    }

    #[test]
    fn nan_or_infinity() {
        let e = Err("ERR increment would produce NaN or Infinity");
        assert_eq!(incr("1e4932", "1e4932"), e);
        assert_eq!(incr("-1e4932", "-1e4932"), e);
        assert_eq!(incr("inf", "-inf"), e);
        assert_eq!(incr("5", "inf"), e);
        for s in ["inf", "-inf", "+inf", "INF", "Infinity", "-infinity"] {
            let v = parse_long_double(s.as_bytes()).unwrap();
            assert!(!v.is_finite(), "{}", s);
            assert_eq!(incr(s, "0"), e);
            assert_eq!(incr("0", s), e);
        }
    }

    /// Each refused with "ERR value is not a valid float" both as the stored value and as
    /// the increment.
    #[test]
    fn rejects_like_string2ld() {
        let long_one = format!("{}1", "1".repeat(5118));
        let rejected: &[&[u8]] = &[
            b" 5",
            b"5 ",
            b"\t5",
            b"\n5",
            b"\x0b5",
            b".",
            b"-",
            b"+",
            b"",
            b"1e",
            b"1e+",
            b"0x",
            b"0x.",
            b"0xp1",
            b"0x1p",
            b"infinit",
            b"nan",
            b"-nan",
            b"nan(123)",
            b"NaN",
            b"1e5000",
            b"-1e5000",
            b"1e-5000",
            b"1e-4951",
            b"1e-4952",
            b"1.2e4932",
            b"5\x00abc",
            b"\x00",
            b"abc\x00",
            b"-\x00",
            b"1e\x00",
            b"1_000",
            b"1,5",
            b"1e999999999999999999",
            b"1e-999999999999",
            b"0x1p-16446",
            b"0x1p16384",
            b"0x1.ffffffffffffffffp16383",
            b".e5",
            b"e5",
            b"1..2",
            b"--5",
            b"+-5",
            b"0x1e+2",
            long_one.as_bytes(),
        ];
        for s in rejected {
            assert!(parse_long_double(s).is_none(), "{:?}", s);
        }
    }

    #[test]
    fn length_limit() {
        // Leading zeros keep the value 1: 5119 bytes parse, 5120 do not.
        for (len, ok) in [(5118, true), (5119, true), (5120, false)] {
            let s = format!("{}1", "0".repeat(len - 1));
            assert_eq!(parse_long_double(s.as_bytes()).is_some(), ok, "{}", len);
            let s = format!("1.{}", "0".repeat(len - 2));
            assert_eq!(parse_long_double(s.as_bytes()).is_some(), ok, "{}", len);
        }
    }

    #[test]
    fn huge_values_print_all_digits() {
        let p = |s: &str| parse_long_double(s.as_bytes()).unwrap().format_human();
        let big = p("1e300");
        assert_eq!(big.len(), 301);
        assert!(big.starts_with("1000000000000000000008997324079559193870"));
        assert_eq!(p("-1e300").len(), 302);
        assert!(p("-1e300").starts_with("-100000000000000000000899732407955919387"));
        let max = p("0x1.fffffffffffffffep16383");
        assert_eq!(max.len(), 4933);
        assert!(max.starts_with("1189731495357231765021263853030970205169063322294624200440"));
        let p16383 = p("0x1p16383");
        assert_eq!(p16383.len(), 4932);
        assert!(p16383.starts_with("5948657476786158825428796633140035653817223435482551187363"));
        let e4932 = p("1e4932");
        assert_eq!(e4932.len(), 4933);
        assert!(e4932.starts_with("1000000000000000000006018949387963891323837774254533114773"));
        assert_eq!(p(&format!("1{}", "0".repeat(4932))), e4932);
        assert!(parse_long_double(format!("1{}", "0".repeat(4933)).as_bytes()).is_none());
        let dbl = parse_long_double(b"1.7976931348623157e308").unwrap();
        let sum = dbl.add(&dbl).unwrap().format_human();
        assert_eq!(sum.len(), 309);
        assert!(sum.starts_with("3595386269724631399918420935482088680967"));
    }

    #[test]
    fn integers() {
        assert_eq!(
            LongDouble::from_i64(i64::MIN).format_human(),
            "-9223372036854775808"
        );
        assert_eq!(LongDouble::from_i64(42), parse_long_double(b"42").unwrap());
        assert_eq!(LongDouble::ZERO.format_human(), "0");
        assert_eq!(parse_long_double(b"-0").unwrap().format_human(), "0");
    }
}
