//! The `redis` table scripts see: call, pcall, error_reply, status_reply, sha1hex, log,
//! setresp, set_repl, replicate_commands, breakpoint, debug, acl_check_cmd and constants.

use crate::convert::{field_table, str_value};
use crate::num::arg_number;
use crate::stdlib::{lib_error, record_line, redis_error};
use crate::{CallMarkers, SharedRef};
use gc_arena::Collect;
use piccolo::{BoxSequence, Callback, CallbackReturn, Context, Execution, Sequence, SequencePoll, Stack, Table, Value};

/// Ends a redis.call made inside a coroutine: the values it was resumed with are its reply,
/// unless they start with the raise marker, when the error after it is raised here, inside
/// the coroutine, as Lua raises a failed call's error where the call was made.
#[derive(Collect)]
#[collect(no_drop)]
struct RaiseForwarded<'gc> {
    raise_marker: Value<'gc>,
}

impl<'gc> Sequence<'gc> for RaiseForwarded<'gc> {
    fn poll(&mut self, ctx: Context<'gc>, _exec: Execution<'gc, '_>, stack: Stack<'gc, '_>) -> Result<SequencePoll<'gc>, piccolo::Error<'gc>> {
        let raised = match (stack.get(0), self.raise_marker) {
            (Value::UserData(a), Value::UserData(b)) => a == b,
            _ => false,
        };
        if raised {
            // Raised as Redis raises it inside a coroutine: the error table.
            let error = match stack.get(1) {
                Value::String(s) => field_table(ctx, "err", Value::String(s)),
                other => other,
            };
            return Err(piccolo::Error::from_value(error));
        }
        Ok(SequencePoll::Return)
    }
}

pub fn redis_table<'gc>(ctx: Context<'gc>, shared: &SharedRef, markers: CallMarkers<'gc>) -> Table<'gc> {
    let t = Table::new(&ctx);
    for (name, raise) in [("call", true), ("pcall", false)] {
        let sh = shared.clone();
        // One marker per function, made once: no allocation per call.
        let marker = if raise { markers.call } else { markers.pcall };
        t.set(
            ctx,
            name,
            Callback::from_fn_with(&ctx, (marker, markers.raise), move |&(marker, raise_marker), ctx, exec, mut stack| {
                record_line(&sh, &exec);
                // Bad arguments: redis.call raises, redis.pcall returns the error table.
                let fail = |ctx: Context<'gc>, mut stack: piccolo::Stack<'gc, '_>, msg: &str| {
                    if raise {
                        return Err(redis_error(ctx, msg));
                    }
                    stack.replace(ctx, field_table(ctx, "err", str_value(ctx, format!("ERR {msg}").as_bytes())));
                    Ok(CallbackReturn::Return)
                };
                if stack.is_empty() {
                    return fail(ctx, stack, "Please specify at least one argument for this redis lib call");
                }
                // Arguments must be strings or numbers (numbers as `%.17g`).
                for i in 0..stack.len() {
                    match stack.get(i) {
                        Value::String(_) => {}
                        Value::Integer(n) => stack[i] = str_value(ctx, itoa::Buffer::new().format(n).as_bytes()),
                        Value::Number(f) => stack[i] = str_value(ctx, arg_number(f).as_bytes()),
                        _ => return fail(ctx, stack, "Lua redis lib command arguments must be strings or integers"),
                    }
                }
                stack.push_front(marker);
                if exec.current_thread().is_main {
                    return Ok(CallbackReturn::Yield { to_thread: None, then: None });
                }
                // Inside a coroutine: coroutine.resume forwards the command to the host and
                // resumes us with the reply, or with the raise marker and the error.
                let then = BoxSequence::new(&ctx, RaiseForwarded { raise_marker });
                Ok(CallbackReturn::Yield { to_thread: None, then: Some(then) })
            }),
        )
        .unwrap();
    }
    t.set(
        ctx,
        "error_reply",
        Callback::from_fn(&ctx, |ctx, _, mut stack| {
            let (Value::String(s), 1) = (stack.get(0), stack.len()) else {
                stack.replace(ctx, field_table(ctx, "err", str_value(ctx, b"ERR wrong number or type of arguments")));
                return Ok(CallbackReturn::Return);
            };
            let v = error_table(ctx, s.as_bytes());
            stack.replace(ctx, v);
            Ok(CallbackReturn::Return)
        }),
    )
    .unwrap();
    t.set(
        ctx,
        "status_reply",
        Callback::from_fn(&ctx, |ctx, _, mut stack| {
            let (Value::String(s), 1) = (stack.get(0), stack.len()) else {
                stack.replace(ctx, field_table(ctx, "err", str_value(ctx, b"ERR wrong number or type of arguments")));
                return Ok(CallbackReturn::Return);
            };
            let v = field_table(ctx, "ok", Value::String(s));
            stack.replace(ctx, v);
            Ok(CallbackReturn::Return)
        }),
    )
    .unwrap();
    let sh = shared.clone();
    t.set(
        ctx,
        "sha1hex",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            record_line(&sh, &exec);
            if stack.len() != 1 {
                return Err(redis_error(ctx, "wrong number of arguments"));
            }
            let bytes = crate::stdlib::to_lua_string(stack.get(0)).unwrap_or_default();
            stack.replace(ctx, str_value(ctx, crate::sha1_hex(&bytes).as_bytes()));
            Ok(CallbackReturn::Return)
        }),
    )
    .unwrap();
    let sh = shared.clone();
    t.set(
        ctx,
        "log",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            record_line(&sh, &exec);
            if stack.len() < 2 {
                return Err(redis_error(ctx, "redis.log() requires two arguments or more."));
            }
            let Some(level) = crate::stdlib::to_lua_number(stack.get(0)) else {
                return Err(redis_error(ctx, "First argument must be a number (log level)."));
            };
            if !(0.0..=3.0).contains(&level) {
                return Err(redis_error(ctx, "Invalid debug level."));
            }
            // The engine has no log; the host's log is not reachable from the VM (sans-IO).
            // Like Redis's, it returns nothing (so `return redis.log(...)` is nil).
            stack.clear();
            Ok(CallbackReturn::Return)
        }),
    )
    .unwrap();
    let sh = shared.clone();
    t.set(
        ctx,
        "setresp",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            record_line(&sh, &exec);
            if stack.len() != 1 {
                return Err(redis_error(ctx, "redis.setresp() requires one argument."));
            }
            match crate::stdlib::to_lua_number(stack.get(0)) {
                Some(v) if v == 2.0 || v == 3.0 => {
                    sh.borrow_mut().resp3 = v == 3.0;
                    stack.clear(); // no results, as Redis
                    Ok(CallbackReturn::Return)
                }
                _ => Err(redis_error(ctx, "RESP version must be 2 or 3.")),
            }
        }),
    )
    .unwrap();
    let sh = shared.clone();
    t.set(
        ctx,
        "set_repl",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            record_line(&sh, &exec);
            if stack.len() != 1 {
                // Redis's wording, though one argument is expected.
                return Err(redis_error(ctx, "redis.set_repl() requires two arguments."));
            }
            match crate::stdlib::to_lua_number(stack.get(0)) {
                Some(v) if (0.0..=3.0).contains(&v) => {
                    // Spinel's change stream is the AOF: REPL_AOF (bit 1) keeps the writes in
                    // it, REPL_NONE and REPL_REPLICA leave them out, as Redis's AOF does.
                    sh.borrow_mut().no_propagate = (v as i64) & 1 == 0;
                    stack.clear(); // no results, as Redis
                    Ok(CallbackReturn::Return)
                }
                _ => Err(redis_error(ctx, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.")),
            }
        }),
    )
    .unwrap();
    t.set(
        ctx,
        "replicate_commands",
        Callback::from_fn(&ctx, |ctx, _, mut stack| {
            stack.replace(ctx, true);
            Ok(CallbackReturn::Return)
        }),
    )
    .unwrap();
    t.set(
        ctx,
        "breakpoint",
        Callback::from_fn(&ctx, |ctx, _, mut stack| {
            stack.replace(ctx, false);
            Ok(CallbackReturn::Return)
        }),
    )
    .unwrap();
    t.set(
        ctx,
        "debug",
        Callback::from_fn(&ctx, |ctx, _, mut stack| {
            stack.replace(ctx, ());
            Ok(CallbackReturn::Return)
        }),
    )
    .unwrap();
    let sh = shared.clone();
    t.set(
        ctx,
        "acl_check_cmd",
        Callback::from_fn(&ctx, move |ctx, exec, mut stack| {
            record_line(&sh, &exec);
            if stack.is_empty() {
                return Err(redis_error(ctx, "Please specify at least one argument for this redis lib call"));
            }
            let Value::String(name) = stack.get(0) else {
                return Err(redis_error(ctx, "Lua redis lib command arguments must be strings or integers"));
            };
            let known = spinel_core::commands::all().any(|c| c.name.as_bytes().eq_ignore_ascii_case(name.as_bytes()));
            if !known {
                return Err(redis_error(ctx, "Invalid command passed to redis.acl_check_cmd()"));
            }
            // Not checked against the script user's ACL rules yet (tests/differences.md
            // D24): says true for any known command. redis.call itself is checked.
            stack.replace(ctx, true);
            Ok(CallbackReturn::Return)
        }),
    )
    .unwrap();
    for (k, v) in [("LOG_DEBUG", 0), ("LOG_VERBOSE", 1), ("LOG_NOTICE", 2), ("LOG_WARNING", 3)] {
        t.set(ctx, k, v).unwrap();
    }
    for (k, v) in [("REPL_NONE", 0), ("REPL_AOF", 1), ("REPL_SLAVE", 2), ("REPL_REPLICA", 2), ("REPL_ALL", 3)] {
        t.set(ctx, k, v).unwrap();
    }
    t.set(ctx, "REDIS_VERSION", "7.0.15").unwrap();
    t.set(ctx, "REDIS_VERSION_NUM", 0x07000f).unwrap();
    let _ = lib_error;
    t
}

/// `redis.error_reply(msg)`: `{err = msg}` with `-CODE rest` split as Redis does
/// (no code given: `ERR`).
pub fn error_table<'gc>(ctx: Context<'gc>, msg: &[u8]) -> Value<'gc> {
    let msg = msg.strip_prefix(b"-").unwrap_or(msg);
    let mut text = Vec::with_capacity(msg.len() + 4);
    match msg.iter().position(|&c| c == b' ') {
        Some(_) => text.extend_from_slice(msg),
        None => {
            text.extend_from_slice(b"ERR ");
            text.extend_from_slice(msg);
        }
    }
    while text.last().is_some_and(|&c| c == b'\r' || c == b'\n') {
        text.pop();
    }
    field_table(ctx, "err", str_value(ctx, &text))
}

