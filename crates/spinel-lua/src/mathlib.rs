//! Lua 5.1's math library, replacing piccolo's (Lua 5.4): every function takes numbers (or
//! numeric strings) through `luaL_checknumber` and raises its `bad argument` error otherwise;
//! results are doubles, as Lua 5.1 has only doubles (so they print with `%.14g` and never wrap
//! as integers; `math.log` has no base, `math.floor` of a string works); math.random
//! and math.randomseed are Redis's (see [`crate::Shared::rand_next`]).

use crate::stdlib::{arg_type, lib_error, to_lua_number};
use crate::SharedRef;
use piccolo::{Callback, CallbackReturn, Context, Error, Execution, Stack, Table, Value};
use std::f64::consts::PI;

const RADIANS_PER_DEGREE: f64 = PI / 180.0;

type Unary = fn(f64) -> f64;
type Binary = fn(f64, f64) -> f64;

const UNARY: &[(&str, Unary)] = &[
    ("abs", f64::abs),
    ("ceil", f64::ceil),
    ("floor", f64::floor),
    ("sqrt", f64::sqrt),
    ("sin", f64::sin),
    ("cos", f64::cos),
    ("tan", f64::tan),
    ("asin", f64::asin),
    ("acos", f64::acos),
    ("atan", f64::atan),
    ("sinh", f64::sinh),
    ("cosh", f64::cosh),
    ("tanh", f64::tanh),
    ("exp", f64::exp),
    ("log", f64::ln),
    ("log10", f64::log10),
    ("deg", |x| x / RADIANS_PER_DEGREE),
    ("rad", |x| x * RADIANS_PER_DEGREE),
];

const BINARY: &[(&str, Binary)] = &[("atan2", f64::atan2), ("pow", f64::powf), ("fmod", |a, b| a % b)];

/// `luaL_checknumber`: argument `i` (from 0) of `fname` as a number.
pub fn check_number<'gc>(ctx: Context<'gc>, sh: &SharedRef, exec: &Execution, stack: &Stack<'gc, '_>, i: usize, fname: &str) -> Result<f64, Error<'gc>> {
    to_lua_number(stack.get(i))
        .ok_or_else(|| lib_error(ctx, sh, exec, &format!("bad argument #{} to '{fname}' (number expected, got {})", i + 1, arg_type(stack, i))))
}

/// `luaL_checkint`: a number converted as C converts a double to `int` on x86-64 (through
/// `ptrdiff_t`, out-of-range doubles becoming its minimum).
pub fn check_int<'gc>(ctx: Context<'gc>, sh: &SharedRef, exec: &Execution, stack: &Stack<'gc, '_>, i: usize, fname: &str) -> Result<i32, Error<'gc>> {
    check_number(ctx, sh, exec, stack, i, fname).map(c_int)
}

/// `(unsigned long)d` as x86-64 code computes it (`%x` in string.format): below 2^63 through
/// the signed conversion, above by subtracting 2^63 first.
pub fn c_ulong(d: f64) -> u64 {
    const T63: f64 = 9_223_372_036_854_775_808.0;
    if d < T63 {
        c_long(d) as u64
    } else {
        c_long(d - T63) as u64 ^ (1 << 63)
    }
}

/// `(int)(ptrdiff_t)d` as x86-64 computes it.
pub fn c_int(d: f64) -> i32 {
    c_long(d) as i32
}

/// `(ptrdiff_t)d` (`luaL_checkinteger`) as x86-64 computes it: out-of-range doubles and NaN
/// become the minimum.
pub fn c_long(d: f64) -> i64 {
    // 2^63: the doubles in [-2^63, 2^63) convert; the rest (and NaN) are out of range.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if (-LIMIT..LIMIT).contains(&d) {
        d as i64
    } else {
        i64::MIN
    }
}

/// C's ldexp: x * 2^e without overflowing on the way when the result is representable.
fn ldexp(mut x: f64, mut e: i32) -> f64 {
    while e > 1000 {
        x *= 2f64.powi(1000);
        e -= 1000;
        if x.is_infinite() {
            return x;
        }
    }
    while e < -1000 {
        x *= 2f64.powi(-1000);
        e += 1000;
        if x == 0.0 {
            return x;
        }
    }
    x * 2f64.powi(e)
}

/// C's frexp: x = m * 2^e with 0.5 <= |m| < 1.
fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let mut e = x.abs().log2().floor() as i32 + 1;
    let mut m = ldexp(x, -e);
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

fn set<'gc>(ctx: Context<'gc>, m: Table<'gc>, name: &'static str, f: Callback<'gc>) {
    m.set(ctx, name, f).unwrap();
}

/// Replaces the `math` global with Lua 5.1's library.
pub fn install<'gc>(ctx: Context<'gc>, g: Table<'gc>, shared: &SharedRef) {
    let m = Table::new(&ctx);
    m.set(ctx, "pi", PI).unwrap();
    m.set(ctx, "huge", f64::INFINITY).unwrap();
    for &(name, f) in UNARY {
        let sh = shared.clone();
        let cb = Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let x = check_number(ctx, &sh, &exec, &stack, 0, name)?;
            stack.replace(ctx, Value::Number(f(x)));
            Ok(CallbackReturn::Return)
        });
        set(ctx, m, name, cb);
    }
    for &(name, f) in BINARY {
        let sh = shared.clone();
        let cb = Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let a = check_number(ctx, &sh, &exec, &stack, 0, name)?;
            let b = check_number(ctx, &sh, &exec, &stack, 1, name)?;
            stack.replace(ctx, Value::Number(f(a, b)));
            Ok(CallbackReturn::Return)
        });
        set(ctx, m, name, cb);
    }
    m.set(ctx, "mod", m.get(ctx, "fmod")).unwrap();
    for (name, pick_min) in [("min", true), ("max", false)] {
        let sh = shared.clone();
        let cb = Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let mut best = check_number(ctx, &sh, &exec, &stack, 0, name)?;
            for i in 1..stack.len() {
                let d = check_number(ctx, &sh, &exec, &stack, i, name)?;
                if (pick_min && d < best) || (!pick_min && d > best) {
                    best = d;
                }
            }
            stack.replace(ctx, Value::Number(best));
            Ok(CallbackReturn::Return)
        });
        set(ctx, m, name, cb);
    }
    let sh = shared.clone();
    let modf = Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
        let x = check_number(ctx, &sh, &exec, &stack, 0, "modf")?;
        // C's modf: the fraction has x's sign (modf(-5) is -5, -0), and is 0 for infinities.
        let int = x.trunc();
        let frac = if x.is_infinite() { 0.0 } else { x - int }.copysign(x);
        stack.replace(ctx, (Value::Number(int), Value::Number(frac)));
        Ok(CallbackReturn::Return)
    });
    set(ctx, m, "modf", modf);
    let sh = shared.clone();
    let frexp_cb = Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
        let x = check_number(ctx, &sh, &exec, &stack, 0, "frexp")?;
        let (mantissa, e) = frexp(x);
        stack.replace(ctx, (Value::Number(mantissa), Value::Integer(e as i64)));
        Ok(CallbackReturn::Return)
    });
    set(ctx, m, "frexp", frexp_cb);
    let sh = shared.clone();
    let ldexp_cb = Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
        let x = check_number(ctx, &sh, &exec, &stack, 0, "ldexp")?;
        let e = check_int(ctx, &sh, &exec, &stack, 1, "ldexp")?;
        stack.replace(ctx, Value::Number(ldexp(x, e)));
        Ok(CallbackReturn::Return)
    });
    set(ctx, m, "ldexp", ldexp_cb);
    let sh = shared.clone();
    let random = Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
        // Lua 5.1 over Redis's rand(): (rand() % RAND_MAX) / RAND_MAX.
        const MAX: i64 = i32::MAX as i64;
        let r = (sh.borrow_mut().rand_next() as i64 % MAX) as f64 / MAX as f64;
        let v = match stack.len() {
            0 => r,
            1 => {
                let u = check_int(ctx, &sh, &exec, &stack, 0, "random")?;
                if u < 1 {
                    return Err(lib_error(ctx, &sh, &exec, "bad argument #1 to 'random' (interval is empty)"));
                }
                (r * u as f64).floor() + 1.0
            }
            2 => {
                let l = check_int(ctx, &sh, &exec, &stack, 0, "random")?;
                let u = check_int(ctx, &sh, &exec, &stack, 1, "random")?;
                if l > u {
                    return Err(lib_error(ctx, &sh, &exec, "bad argument #2 to 'random' (interval is empty)"));
                }
                (r * (u as f64 - l as f64 + 1.0)).floor() + l as f64
            }
            _ => return Err(lib_error(ctx, &sh, &exec, "wrong number of arguments")),
        };
        stack.replace(ctx, Value::Number(v));
        Ok(CallbackReturn::Return)
    });
    set(ctx, m, "random", random);
    let sh = shared.clone();
    let randomseed = Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
        let seed = check_int(ctx, &sh, &exec, &stack, 0, "randomseed")?;
        sh.borrow_mut().rand_seed(seed);
        stack.replace(ctx, ());
        Ok(CallbackReturn::Return)
    });
    set(ctx, m, "randomseed", randomseed);
    g.set(ctx, "math", m).unwrap();
}

#[cfg(test)]
mod tests {
    use super::{c_int, c_ulong, frexp, ldexp};

    #[test]
    fn c_conversions_and_exponents() {
        assert_eq!(c_int(-(2f64.powi(63))), 0);
        assert_eq!(c_int(2f64.powi(63)), 0);
        assert_eq!(c_int(2147483648.0), i32::MIN);
        assert_eq!(c_int(-3.9), -3);
        assert_eq!(c_int(f64::NAN), 0);
        assert_eq!(c_ulong(-1.0), u64::MAX);
        assert_eq!(c_ulong(1e19), 10_000_000_000_000_000_000);
        assert_eq!(c_ulong(2e19), 0);
        assert_eq!(c_ulong(f64::NAN), 0);
        assert_eq!(ldexp(1e-300, 1100), 1e-300 * 2f64.powi(550) * 2f64.powi(550));
        assert_eq!(ldexp(3.0, -1), 1.5);
        assert_eq!(frexp(8.0), (0.5, 4));
        assert_eq!(frexp(-0.75), (-0.75, 0));
    }
}
