//! Lua 5.1's table library: insert, remove, concat, getn, maxn, setn, and sort (Lua 5.1's
//! own quicksort, so ties with a comparator land where Redis's Lua puts them).

use crate::convert::{display, str_value};
use crate::stdlib::{check_table, lib_error, to_lua_number, type_name};
use crate::SharedRef;
use piccolo::{Callback, CallbackReturn, Closure, Context, Error, Execution, Function, Table, Value};

/// ltablib.c's `auxsort`, in Lua so that a comparator (a Lua function) can be called.
const SORT: &str = r#"
local t, lt = ...
if lt == nil then lt = function(a, b) return a < b end end
local function auxsort(l, u)
  while l < u do
    if lt(t[u], t[l]) then t[l], t[u] = t[u], t[l] end
    if u - l == 1 then break end
    local i = (l + u) // 2
    if lt(t[i], t[l]) then
      t[i], t[l] = t[l], t[i]
    elseif lt(t[u], t[i]) then
      t[i], t[u] = t[u], t[i]
    end
    if u - l == 2 then break end
    local p = t[i]
    t[i], t[u - 1] = t[u - 1], t[i]
    i = l
    local j = u - 1
    while true do
      i = i + 1
      while lt(t[i], p) do
        if i > u then error("invalid order function for sorting", 0) end
        i = i + 1
      end
      j = j - 1
      while lt(p, t[j]) do
        if j < l then error("invalid order function for sorting", 0) end
        j = j - 1
      end
      if j < i then break end
      t[i], t[j] = t[j], t[i]
    end
    t[u - 1], t[i] = t[i], t[u - 1]
    if i - l < u - i then
      j = l; i = i - 1; l = i + 2
    else
      j = i + 1; i = u; u = j - 2
    end
    auxsort(j, i)
  end
end
auxsort(1, #t)
"#;

fn arg_int<'gc>(ctx: Context<'gc>, sh: &SharedRef, exec: &Execution, v: Value<'gc>, n: usize, fname: &str) -> Result<i64, Error<'gc>> {
    to_lua_number(v)
        // luaL_checkint: C's int.
        .map(|f| crate::mathlib::c_int(f) as i64)
        .ok_or_else(|| lib_error(ctx, sh, exec, &format!("bad argument #{n} to '{fname}' (number expected, got {})", type_name(v))))
}

pub fn install<'gc>(ctx: Context<'gc>, g: Table<'gc>, shared: &SharedRef) {
    let Value::Table(tl) = g.get(ctx, "table") else { return };
    let set = |name: &'static str, f: Callback<'gc>| tl.set(ctx, name, f).unwrap();

    let sh = shared.clone();
    set(
        "insert",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let t = check_table(ctx, &sh, &exec, &stack, 0, "insert")?;
            let mut e = t.length() + 1;
            let (pos, v) = match stack.len() {
                2 => (e, stack.get(1)),
                3 => {
                    let pos = arg_int(ctx, &sh, &exec, stack.get(1), 2, "insert")?;
                    if pos > e {
                        e = pos;
                    }
                    let mut i = e;
                    while i > pos {
                        t.set(ctx, i, t.get(ctx, i - 1)).map_err(Error::from)?;
                        i -= 1;
                    }
                    (pos, stack.get(2))
                }
                _ => return Err(lib_error(ctx, &sh, &exec, "wrong number of arguments to 'insert'")),
            };
            t.set(ctx, pos, v).map_err(Error::from)?;
            stack.clear();
            Ok(CallbackReturn::Return)
        }),
    );

    let sh = shared.clone();
    set(
        "remove",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let t = check_table(ctx, &sh, &exec, &stack, 0, "remove")?;
            let e = t.length();
            let mut pos = match stack.get(1) {
                Value::Nil => e,
                v => arg_int(ctx, &sh, &exec, v, 2, "remove")?,
            };
            stack.clear();
            if !(1 <= pos && pos <= e) {
                return Ok(CallbackReturn::Return);
            }
            let removed = t.get(ctx, pos);
            while pos < e {
                t.set(ctx, pos, t.get(ctx, pos + 1)).map_err(Error::from)?;
                pos += 1;
            }
            t.set(ctx, e, Value::Nil).map_err(Error::from)?;
            stack.push_back(removed);
            Ok(CallbackReturn::Return)
        }),
    );

    let sh = shared.clone();
    set(
        "concat",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let t = check_table(ctx, &sh, &exec, &stack, 0, "concat")?;
            let sep = match stack.get(1) {
                Value::Nil => Vec::new(),
                v => crate::stdlib::to_lua_string(v).ok_or_else(|| {
                    lib_error(ctx, &sh, &exec, &format!("bad argument #2 to 'concat' (string expected, got {})", type_name(v)))
                })?,
            };
            let i = match stack.get(2) {
                Value::Nil => 1,
                v => arg_int(ctx, &sh, &exec, v, 3, "concat")?,
            };
            let j = match stack.get(3) {
                Value::Nil => t.length(),
                v => arg_int(ctx, &sh, &exec, v, 4, "concat")?,
            };
            let mut out = Vec::new();
            let mut k = i;
            while k <= j {
                let v = t.get(ctx, k);
                match v {
                    Value::String(_) | Value::Integer(_) | Value::Number(_) => out.extend_from_slice(&display(v)),
                    other => return Err(lib_error(ctx, &sh, &exec, &format!("invalid value ({}) at index {k} in table for 'concat'", other.type_name()))),
                }
                if k != j {
                    out.extend_from_slice(&sep);
                }
                k += 1;
            }
            stack.replace(ctx, str_value(ctx, &out));
            Ok(CallbackReturn::Return)
        }),
    );

    let sh = shared.clone();
    set(
        "getn",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let t = check_table(ctx, &sh, &exec, &stack, 0, "getn")?;
            stack.replace(ctx, t.length());
            Ok(CallbackReturn::Return)
        }),
    );

    let sh = shared.clone();
    set(
        "maxn",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            let t = check_table(ctx, &sh, &exec, &stack, 0, "maxn")?;
            let mut max = 0f64;
            for (k, _) in t.iter() {
                if let Some(n) = match k {
                    Value::Integer(i) => Some(i as f64),
                    Value::Number(f) => Some(f),
                    _ => None,
                } {
                    max = max.max(n);
                }
            }
            stack.replace(ctx, crate::stdlib::number_value(max));
            Ok(CallbackReturn::Return)
        }),
    );

    let sh = shared.clone();
    set("setn", Callback::from_fn(&ctx, move |ctx, exec, _| Err(lib_error(ctx, &sh, &exec, "'setn' is obsolete"))));

    // table.foreach / foreachi (Lua 5.1, deprecated there but present): they call Lua.
    for (name, code) in [
        ("foreach", "local t, f = ... for k, v in next, t do local r = f(k, v) if r ~= nil then return r end end"),
        ("foreachi", "local t, f = ... for i = 1, #t do local r = f(i, t[i]) if r ~= nil then return r end end"),
    ] {
        let c = Closure::load_with_env(ctx, Some("=[C]"), code.as_bytes(), ctx.globals()).expect("table helper compiles");
        tl.set(ctx, name, Function::Closure(c)).unwrap();
    }
    let sort = Closure::load_with_env(ctx, Some("=[C]"), SORT.as_bytes(), ctx.globals()).expect("table.sort compiles");
    let sh = shared.clone();
    let sort_fn = Function::Closure(sort);
    set(
        "sort",
        Callback::from_fn_with(&ctx, sort_fn, move |sort_fn, ctx, exec, mut stack| {
            check_table(ctx, &sh, &exec, &stack, 0, "sort")?;
            match stack.get(1) {
                Value::Nil | Value::Function(_) => {}
                v => {
                    return Err(lib_error(ctx, &sh, &exec, &format!("bad argument #2 to 'sort' (function expected, got {})", type_name(v))));
                }
            }
            stack.resize(2);
            Ok(CallbackReturn::Call { function: *sort_fn, then: None })
        }),
    );
}
