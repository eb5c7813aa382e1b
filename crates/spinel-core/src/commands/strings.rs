//! String commands, as Redis 7.0's t_string.c: GET/SET and their variants, MGET/MSET,
//! APPEND/STRLEN, the counters (INCR.., INCRBYFLOAT), GETRANGE/SETRANGE and LCS.
//!
//! Replies, error texts, the order in which errors are detected, OBJECT ENCODING of the
//! stored values, `dirty` accounting and what goes to the change stream all follow
//! redis-server 7.0.15 (each checked against the real server; see the tests below).
//! Notes on behaviour that is easy to get wrong:
//! - Option names are compared as C strings: an argument `NX\0junk` is `NX` (Redis reads
//!   `argv[j]->ptr` with `strcasecmp`/`opt[2] == '\0'`), hence [`cstr`].
//! - SET with an EXAT/PXAT already in the past stores the key with that expiry and replies
//!   OK; it is not deleted on the spot (7.0.15 has no `checkAlreadyExpired` in SET), so it
//!   disappears at the next access or active-expiry pass. Only GETEX deletes at once.
//! - Propagation is rewritten as Redis does: SET/SETEX/PSETEX with an expiry become
//!   `SET key value PXAT <abs-ms>`, SET .. GET drops its GET tokens, GETSET becomes SET,
//!   GETDEL becomes DEL, GETEX becomes PEXPIREAT/DEL/PERSIST, INCRBYFLOAT becomes
//!   `SET key value KEEPTTL`.
//! - Type checks go through [`as_str`], the one `match` on [`Value`] that grows with the
//!   other types.

use crate::notify::class;
use super::{arg_i64, CommandSpec, Ctx, NOT_INTEGER, SYNTAX, WRONGTYPE};
use crate::config::opt;
use crate::engine::Engine;
use crate::ldouble::{parse_long_double, LongDouble};
use crate::resp::writer::Reply;
use crate::value::{StrValue, Value};
use alloc::format;
use alloc::vec;
use alloc::vec::Vec;

use super::acl as a;
use super::flags as f;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new(
        "get",
        2,
        f::READONLY | f::FAST,
        a::READ | a::STRING | a::FAST,
        get_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "set",
        -3,
        f::WRITE | f::DENYOOM,
        a::WRITE | a::STRING | a::SLOW,
        set_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "setnx",
        3,
        f::WRITE | f::DENYOOM | f::FAST,
        a::WRITE | a::STRING | a::FAST,
        setnx_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "setex",
        4,
        f::WRITE | f::DENYOOM,
        a::WRITE | a::STRING | a::SLOW,
        setex_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "psetex",
        4,
        f::WRITE | f::DENYOOM,
        a::WRITE | a::STRING | a::SLOW,
        psetex_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "getset",
        3,
        f::WRITE | f::DENYOOM | f::FAST,
        a::WRITE | a::STRING | a::FAST,
        getset_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "getdel",
        2,
        f::WRITE | f::FAST,
        a::WRITE | a::STRING | a::FAST,
        getdel_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "getex",
        -2,
        f::WRITE | f::FAST,
        a::WRITE | a::STRING | a::FAST,
        getex_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "mget",
        -2,
        f::READONLY | f::FAST,
        a::READ | a::STRING | a::FAST,
        mget_command,
    )
    .keys(1, -1, 1),
    CommandSpec::new(
        "mset",
        -3,
        f::WRITE | f::DENYOOM,
        a::WRITE | a::STRING | a::SLOW,
        mset_command,
    )
    .keys(1, -1, 2),
    CommandSpec::new(
        "msetnx",
        -3,
        f::WRITE | f::DENYOOM,
        a::WRITE | a::STRING | a::SLOW,
        msetnx_command,
    )
    .keys(1, -1, 2),
    CommandSpec::new(
        "append",
        3,
        f::WRITE | f::DENYOOM | f::FAST,
        a::WRITE | a::STRING | a::FAST,
        append_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "strlen",
        2,
        f::READONLY | f::FAST,
        a::READ | a::STRING | a::FAST,
        strlen_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "incr",
        2,
        f::WRITE | f::DENYOOM | f::FAST,
        a::WRITE | a::STRING | a::FAST,
        incr_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "decr",
        2,
        f::WRITE | f::DENYOOM | f::FAST,
        a::WRITE | a::STRING | a::FAST,
        decr_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "incrby",
        3,
        f::WRITE | f::DENYOOM | f::FAST,
        a::WRITE | a::STRING | a::FAST,
        incrby_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "decrby",
        3,
        f::WRITE | f::DENYOOM | f::FAST,
        a::WRITE | a::STRING | a::FAST,
        decrby_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "incrbyfloat",
        3,
        f::WRITE | f::DENYOOM | f::FAST,
        a::WRITE | a::STRING | a::FAST,
        incrbyfloat_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "getrange",
        4,
        f::READONLY,
        a::READ | a::STRING | a::SLOW,
        getrange_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "substr",
        4,
        f::READONLY,
        a::READ | a::STRING | a::SLOW,
        getrange_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "setrange",
        4,
        f::WRITE | f::DENYOOM,
        a::WRITE | a::STRING | a::SLOW,
        setrange_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "lcs",
        -3,
        f::READONLY,
        a::READ | a::STRING | a::SLOW,
        lcs_command,
    )
    .keys(1, 2, 1),
];

// ----- helpers ---------------------------------------------------------------------------

/// The string held by a value, or None when the key holds another type (WRONGTYPE).
#[inline]
fn as_str(v: &Value) -> Option<&StrValue> {
    #[allow(unreachable_patterns)]
    match v {
        Value::Str(s) => Some(s),
        _ => None,
    }
}

#[inline]
fn as_str_mut(v: &mut Value) -> Option<&mut StrValue> {
    #[allow(unreachable_patterns)]
    match v {
        Value::Str(s) => Some(s),
        _ => None,
    }
}

/// An argument as C sees it: up to its first NUL byte (option names are compared with
/// `strcasecmp` / byte-by-byte up to `'\0'` in Redis).
#[inline]
fn cstr(arg: &[u8]) -> &[u8] {
    match arg.iter().position(|&b| b == 0) {
        Some(i) => &arg[..i],
        None => arg,
    }
}

/// Replies a string value as a bulk string (integers are formatted on the stack).
#[inline]
fn reply_str(out: &mut Reply, s: &StrValue) {
    match s {
        StrValue::Emb(b) => out.bulk(b),
        StrValue::Raw(v) => out.bulk(v),
        StrValue::Int(_) => s.with_bytes(|b| out.bulk(b)),
    }
}

/// The bytes of a string value; integers are formatted into `buf`.
#[inline]
fn str_slice<'a>(s: &'a StrValue, buf: &'a mut itoa::Buffer) -> &'a [u8] {
    match s {
        StrValue::Int(n) => buf.format(*n).as_bytes(),
        StrValue::Emb(b) => b,
        StrValue::Raw(v) => v,
    }
}

/// Redis's `setKey`: stores `value` under `key`, replacing any value of any type; the
/// expiry is dropped unless `keep_ttl`. Returns the slot.
fn set_key(e: &mut Engine, db: usize, key: &[u8], value: Value, keep_ttl: bool) -> u32 {
    match e.lookup_write(db, key) {
        Some(slot) => {
            let d = &mut e.dbs[db];
            d.entry_mut(slot).value = value;
            if !keep_ttl {
                d.clear_expire(slot);
            }
            e.key_modified(db, key);
            slot
        }
        None => {
            let slot = e.add_key(db, key, value);
            e.key_modified(db, key);
            slot
        }
    }
}

/// Redis's `checkStringLength(c, size, append)`: the result must fit proto-max-bulk-len.
fn check_string_length(e: &Engine, out: &mut Reply, size: i64, append: usize) -> bool {
    let max = e.config.int(opt::PROTO_MAX_BULK_LEN) as i128;
    if size as i128 + append as i128 > max {
        out.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        false
    } else {
        true
    }
}

/// `getGenericCommand`: replies the value of `key` (or null); false after a WRONGTYPE error.
fn get_generic(e: &mut Engine, out: &mut Reply, db: usize, key: &[u8]) -> bool {
    match e.lookup_read(db, key) {
        None => {
            out.null();
            true
        }
        Some(entry) => match as_str(&entry.value) {
            Some(s) => {
                reply_str(out, s);
                true
            }
            None => {
                out.error(WRONGTYPE);
                false
            }
        },
    }
}

// ----- SET and its extended arguments ----------------------------------------------------

const OBJ_SET_NX: u32 = 1 << 0;
const OBJ_SET_XX: u32 = 1 << 1;
const OBJ_EX: u32 = 1 << 2;
const OBJ_PX: u32 = 1 << 3;
const OBJ_KEEPTTL: u32 = 1 << 4;
const OBJ_SET_GET: u32 = 1 << 5;
const OBJ_EXAT: u32 = 1 << 6;
const OBJ_PXAT: u32 = 1 << 7;
const OBJ_PERSIST: u32 = 1 << 8;
const ANY_EXPIRE: u32 = OBJ_EX | OBJ_PX | OBJ_EXAT | OBJ_PXAT;

/// Parsed extended arguments of SET / GETEX.
struct ExtArgs<'a> {
    flags: u32,
    /// The expiry argument is in milliseconds (PX/PXAT) rather than seconds.
    ms_unit: bool,
    expire: Option<&'a [u8]>,
}

/// `parseExtendedStringArgumentsOrReply`: SET takes NX/XX/GET/KEEPTTL, GETEX takes PERSIST,
/// both take one of EX/PX/EXAT/PXAT (the same one may repeat; the last value wins).
fn parse_extended<'a>(out: &mut Reply, argv: &[&'a [u8]], is_set: bool) -> Option<ExtArgs<'a>> {
    let mut x = ExtArgs {
        flags: 0,
        ms_unit: false,
        expire: None,
    };
    let mut j = if is_set { 3 } else { 2 };
    while j < argv.len() {
        let opt = cstr(argv[j]);
        let next = argv.get(j + 1).copied();
        let fl = x.flags;
        let is = |name: &[u8]| opt.eq_ignore_ascii_case(name);
        if is_set && is(b"nx") && fl & OBJ_SET_XX == 0 {
            x.flags |= OBJ_SET_NX;
        } else if is_set && is(b"xx") && fl & OBJ_SET_NX == 0 {
            x.flags |= OBJ_SET_XX;
        } else if is_set && is(b"get") {
            x.flags |= OBJ_SET_GET;
        } else if is_set && is(b"keepttl") && fl & (OBJ_PERSIST | ANY_EXPIRE) == 0 {
            x.flags |= OBJ_KEEPTTL;
        } else if !is_set && is(b"persist") && fl & (ANY_EXPIRE | OBJ_KEEPTTL) == 0 {
            x.flags |= OBJ_PERSIST;
        } else if is(b"ex")
            && fl & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EXAT | OBJ_PX | OBJ_PXAT) == 0
            && next.is_some()
        {
            x.flags |= OBJ_EX;
            x.expire = next;
            j += 1;
        } else if is(b"px")
            && fl & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PXAT) == 0
            && next.is_some()
        {
            x.flags |= OBJ_PX;
            x.ms_unit = true;
            x.expire = next;
            j += 1;
        } else if is(b"exat")
            && fl & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_PX | OBJ_PXAT) == 0
            && next.is_some()
        {
            x.flags |= OBJ_EXAT;
            x.expire = next;
            j += 1;
        } else if is(b"pxat")
            && fl & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PX) == 0
            && next.is_some()
        {
            x.flags |= OBJ_PXAT;
            x.ms_unit = true;
            x.expire = next;
            j += 1;
        } else {
            out.error(SYNTAX);
            return None;
        }
        j += 1;
    }
    Some(x)
}

/// `getExpireMillisecondsOrReply`: the expiry argument as an absolute unix time in ms.
/// `cmd` names the command in `ERR invalid expire time in '<cmd>' command`.
fn expire_ms(
    e: &Engine,
    out: &mut Reply,
    arg: &[u8],
    flags: u32,
    ms_unit: bool,
    cmd: &str,
) -> Option<i64> {
    let mut ms = arg_i64(out, arg)?;
    let invalid =
        |out: &mut Reply| out.error(&format!("ERR invalid expire time in '{}' command", cmd));
    if ms <= 0 || (!ms_unit && ms > i64::MAX / 1000) {
        invalid(out);
        return None;
    }
    if !ms_unit {
        ms *= 1000;
    }
    if flags & (OBJ_EX | OBJ_PX) != 0 {
        // C adds with wrap-around and then refuses a non-positive result.
        ms = ms.checked_add(e.now_ms() as i64).unwrap_or(-1);
    }
    if ms <= 0 {
        invalid(out);
        return None;
    }
    Some(ms)
}

/// `setGenericCommand` for SET, SETNX, SETEX and PSETEX. `setnx` selects SETNX's integer
/// replies (`:1` / `:0`) instead of `+OK` / null.
fn set_generic(
    e: &mut Engine,
    ctx: &mut Ctx,
    x: &ExtArgs,
    key: &[u8],
    val: &[u8],
    cmd: &str,
    setnx: bool,
) {
    let db = ctx.db(e);
    let flags = x.flags;
    let mut when = 0i64;
    if let Some(arg) = x.expire {
        match expire_ms(e, &mut ctx.out, arg, flags, x.ms_unit, cmd) {
            Some(ms) => when = ms,
            None => return,
        }
    }
    if flags & OBJ_SET_GET != 0 && !get_generic(e, &mut ctx.out, db, key) {
        return;
    }
    let found = e.lookup_write(db, key);
    if (flags & OBJ_SET_NX != 0 && found.is_some()) || (flags & OBJ_SET_XX != 0 && found.is_none())
    {
        if flags & OBJ_SET_GET == 0 {
            if setnx {
                ctx.out.int(0);
            } else {
                ctx.out.null();
            }
        }
        return;
    }
    let value = Value::Str(StrValue::from_bytes(val));
    let slot = match found {
        Some(slot) => {
            let d = &mut e.dbs[db];
            d.entry_mut(slot).value = value;
            if flags & OBJ_KEEPTTL == 0 {
                d.clear_expire(slot);
            }
            slot
        }
        None => e.add_key(db, key, value),
    };
    e.dirty += 1;
    e.modified(class::STRING, "set", db, key);
    if x.expire.is_some() {
        // Stored even when already in the past: 7.0 lets lazy/active expiry remove it.
        e.dbs[db].set_expire(slot, when as u64);
        e.notify(class::GENERIC, "expire", db, key);
        let mut b = itoa::Buffer::new();
        e.propagate(db, &[b"SET", key, val, b"PXAT", b.format(when).as_bytes()]);
        ctx.propagated = true;
    }
    if flags & OBJ_SET_GET == 0 {
        if setnx {
            ctx.out.int(1);
        } else {
            ctx.out.ok();
        }
    } else if x.expire.is_none() {
        // Propagate without the GET tokens (which may repeat), as typed otherwise.
        if e.changes.enabled {
            let args: Vec<&[u8]> = ctx
                .argv
                .iter()
                .enumerate()
                .filter(|(j, arg)| !(*j >= 3 && cstr(arg).eq_ignore_ascii_case(b"get")))
                .map(|(_, arg)| *arg)
                .collect();
            e.propagate(db, &args);
        }
        ctx.propagated = true;
    }
}

/// SET key value [NX | XX] [GET] [EX s | PX ms | EXAT unix-s | PXAT unix-ms | KEEPTTL]
fn set_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let Some(x) = parse_extended(&mut ctx.out, argv, true) else {
        return;
    };
    set_generic(e, ctx, &x, argv[1], argv[2], "set", false);
}

/// SETNX key value
fn setnx_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let x = ExtArgs {
        flags: OBJ_SET_NX,
        ms_unit: false,
        expire: None,
    };
    set_generic(e, ctx, &x, argv[1], argv[2], "setnx", true);
}

/// SETEX key seconds value
fn setex_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let x = ExtArgs {
        flags: OBJ_EX,
        ms_unit: false,
        expire: Some(argv[2]),
    };
    set_generic(e, ctx, &x, argv[1], argv[3], "setex", false);
}

/// PSETEX key milliseconds value
fn psetex_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let x = ExtArgs {
        flags: OBJ_PX,
        ms_unit: true,
        expire: Some(argv[2]),
    };
    set_generic(e, ctx, &x, argv[1], argv[3], "psetex", false);
}

// ----- GET and friends -------------------------------------------------------------------

/// GET key
fn get_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    get_generic(e, &mut ctx.out, db, ctx.argv[1]);
}

/// GETSET key value: GET, then SET without options (drops the TTL); propagated as SET.
fn getset_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let (key, val) = (ctx.argv[1], ctx.argv[2]);
    if !get_generic(e, &mut ctx.out, db, key) {
        return;
    }
    set_key(e, db, key, Value::Str(StrValue::from_bytes(val)), false);
    e.notify(class::STRING, "set", db, key);
    e.dirty += 1;
    e.propagate(db, &[b"SET", key, val]);
    ctx.propagated = true;
}

/// GETDEL key: propagated as DEL.
fn getdel_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let key = ctx.argv[1];
    let Some(slot) = e.lookup_read_slot(db, key) else {
        ctx.out.null();
        return;
    };
    match as_str(&e.dbs[db].entry(slot).value) {
        Some(s) => reply_str(&mut ctx.out, s),
        None => {
            ctx.out.error(WRONGTYPE);
            return;
        }
    }
    e.dbs[db].remove_slot(slot);
    e.dirty += 1;
    e.modified(class::GENERIC, "del", db, key);
    e.propagate(db, &[b"DEL", key]);
    ctx.propagated = true;
}

/// GETEX key [EX s | PX ms | EXAT unix-s | PXAT unix-ms | PERSIST]
///
/// Errors come in Redis's order: syntax, then the key (null / WRONGTYPE), then the expiry
/// value — so an invalid expiry on a missing key replies null.
fn getex_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let Some(x) = parse_extended(&mut ctx.out, argv, false) else {
        return;
    };
    let db = ctx.db(e);
    let key = argv[1];
    let Some(slot) = e.lookup_read_slot(db, key) else {
        ctx.out.null();
        return;
    };
    if as_str(&e.dbs[db].entry(slot).value).is_none() {
        ctx.out.error(WRONGTYPE);
        return;
    }
    let mut when = 0i64;
    if let Some(arg) = x.expire {
        match expire_ms(e, &mut ctx.out, arg, x.flags, x.ms_unit, "getex") {
            Some(ms) => when = ms,
            None => return,
        }
    }
    if let Some(s) = as_str(&e.dbs[db].entry(slot).value) {
        reply_str(&mut ctx.out, s);
    }
    let mut b = itoa::Buffer::new();
    if x.flags & (OBJ_EXAT | OBJ_PXAT) != 0 && when <= e.now_ms() as i64 && !e.loading {
        // An absolute time already passed: delete now (checkAlreadyExpired).
        e.dbs[db].remove_slot(slot);
        e.dirty += 1;
        e.modified(class::GENERIC, "del", db, key);
        e.propagate(db, &[b"DEL", key]);
        ctx.propagated = true;
    } else if x.expire.is_some() {
        e.dbs[db].set_expire(slot, when as u64);
        e.dirty += 1;
        e.modified(class::GENERIC, "expire", db, key);
        e.propagate(db, &[b"PEXPIREAT", key, b.format(when).as_bytes()]);
        ctx.propagated = true;
    } else if x.flags & OBJ_PERSIST != 0 && e.dbs[db].clear_expire(slot) {
        e.dirty += 1;
        e.modified(class::GENERIC, "persist", db, key);
        e.propagate(db, &[b"PERSIST", key]);
        ctx.propagated = true;
    }
}

/// MGET key [key ...]: null for missing keys and for keys of other types.
fn mget_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let argv = ctx.argv;
    ctx.out.array(argv.len() - 1);
    for key in &argv[1..] {
        match e
            .lookup_read(db, key)
            .and_then(|entry| as_str(&entry.value))
        {
            Some(s) => reply_str(&mut ctx.out, s),
            None => ctx.out.null(),
        }
    }
}

fn mset_generic(e: &mut Engine, ctx: &mut Ctx, nx: bool) {
    let argv = ctx.argv;
    if argv.len() & 1 == 0 {
        let name = if nx { "msetnx" } else { "mset" };
        ctx.out.error(&format!(
            "ERR wrong number of arguments for '{}' command",
            name
        ));
        return;
    }
    let db = ctx.db(e);
    if nx {
        for pair in argv[1..].chunks_exact(2) {
            if e.lookup_write(db, pair[0]).is_some() {
                ctx.out.int(0);
                return;
            }
        }
    }
    for pair in argv[1..].chunks_exact(2) {
        set_key(
            e,
            db,
            pair[0],
            Value::Str(StrValue::from_bytes(pair[1])),
            false,
        );
        e.notify(class::STRING, "set", db, pair[0]);
    }
    e.dirty += (argv.len() as u64 - 1) / 2;
    if nx {
        ctx.out.int(1);
    } else {
        ctx.out.ok();
    }
}

/// MSET key value [key value ...]
fn mset_command(e: &mut Engine, ctx: &mut Ctx) {
    mset_generic(e, ctx, false);
}

/// MSETNX key value [key value ...]: all or nothing.
fn msetnx_command(e: &mut Engine, ctx: &mut Ctx) {
    mset_generic(e, ctx, true);
}

// ----- APPEND, STRLEN, GETRANGE, SETRANGE ------------------------------------------------

/// APPEND key value: a new key gets SET's encoding; an existing one becomes raw and grows
/// in place (amortised O(1) per byte).
fn append_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let (key, arg) = (ctx.argv[1], ctx.argv[2]);
    let totlen = match e.lookup_write(db, key) {
        None => {
            e.add_key(db, key, Value::Str(StrValue::from_bytes(arg)));
            arg.len()
        }
        Some(slot) => {
            let len = match as_str(&e.dbs[db].entry(slot).value) {
                Some(s) => s.len(),
                None => {
                    ctx.out.error(WRONGTYPE);
                    return;
                }
            };
            if !check_string_length(e, &mut ctx.out, len as i64, arg.len()) {
                return;
            }
            let Some(s) = as_str_mut(&mut e.dbs[db].entry_mut(slot).value) else {
                return;
            };
            let raw = s.make_raw();
            raw.extend_from_slice(arg);
            raw.len()
        }
    };
    e.dirty += 1;
    e.modified(class::STRING, "append", db, key);
    ctx.out.int(totlen as i64);
}

/// STRLEN key
fn strlen_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    match e.lookup_read(db, ctx.argv[1]) {
        None => ctx.out.int(0),
        Some(entry) => match as_str(&entry.value) {
            Some(s) => ctx.out.int(s.len() as i64),
            None => ctx.out.error(WRONGTYPE),
        },
    }
}

/// GETRANGE key start end (and its old name SUBSTR). Indexes are clamped as 7.0.15 does:
/// both negative with start > end is empty; otherwise negatives count from the end and
/// are clamped to 0 (so `GETRANGE "abc" -100 -50` is "a").
fn getrange_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let Some(mut start) = arg_i64(&mut ctx.out, argv[2]) else {
        return;
    };
    let Some(mut end) = arg_i64(&mut ctx.out, argv[3]) else {
        return;
    };
    let db = ctx.db(e);
    let Some(entry) = e.lookup_read(db, argv[1]) else {
        ctx.out.bulk(b"");
        return;
    };
    let Some(s) = as_str(&entry.value) else {
        ctx.out.error(WRONGTYPE);
        return;
    };
    let out = &mut ctx.out;
    s.with_bytes(|str| {
        let len = str.len() as i64;
        if start < 0 && end < 0 && start > end {
            out.bulk(b"");
            return;
        }
        if start < 0 {
            start = start.wrapping_add(len);
        }
        if end < 0 {
            end = end.wrapping_add(len);
        }
        if start < 0 {
            start = 0;
        }
        if end < 0 {
            end = 0;
        }
        if end >= len {
            end = len - 1;
        }
        if start > end || len == 0 {
            out.bulk(b"");
        } else {
            out.bulk(&str[start as usize..=end as usize]);
        }
    });
}

/// SETRANGE key offset value: zero-pads as needed; the result is raw.
fn setrange_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let (key, value) = (argv[1], argv[3]);
    let Some(offset) = arg_i64(&mut ctx.out, argv[2]) else {
        return;
    };
    if offset < 0 {
        ctx.out.error("ERR offset is out of range");
        return;
    }
    let db = ctx.db(e);
    let newlen = match e.lookup_write(db, key) {
        None => {
            if value.is_empty() {
                ctx.out.int(0);
                return;
            }
            if !check_string_length(e, &mut ctx.out, offset, value.len()) {
                return;
            }
            let off = offset as usize;
            let mut buf = vec![0u8; off + value.len()];
            buf[off..].copy_from_slice(value);
            let len = buf.len();
            e.add_key(db, key, Value::Str(StrValue::Raw(buf)));
            len
        }
        Some(slot) => {
            let olen = match as_str(&e.dbs[db].entry(slot).value) {
                Some(s) => s.len(),
                None => {
                    ctx.out.error(WRONGTYPE);
                    return;
                }
            };
            if value.is_empty() {
                ctx.out.int(olen as i64);
                return;
            }
            if !check_string_length(e, &mut ctx.out, offset, value.len()) {
                return;
            }
            let Some(s) = as_str_mut(&mut e.dbs[db].entry_mut(slot).value) else {
                return;
            };
            let raw = s.make_raw();
            let off = offset as usize;
            let need = off + value.len();
            if raw.len() < need {
                raw.resize(need, 0);
            }
            raw[off..need].copy_from_slice(value);
            raw.len()
        }
    };
    e.dirty += 1;
    e.modified(class::STRING, "setrange", db, key);
    ctx.out.int(newlen as i64);
}

// ----- counters ----------------------------------------------------------------------------

/// `incrDecrCommand`: the result is always integer-encoded; the TTL is kept.
fn incr_decr(e: &mut Engine, ctx: &mut Ctx, incr: i64) {
    let db = ctx.db(e);
    let key = ctx.argv[1];
    let value = match e.lookup_write(db, key) {
        Some(slot) => {
            let Some(s) = as_str_mut(&mut e.dbs[db].entry_mut(slot).value) else {
                ctx.out.error(WRONGTYPE);
                return;
            };
            let old = match &*s {
                StrValue::Int(n) => Some(*n),
                other => other.with_bytes(crate::num::parse_i64),
            };
            let Some(old) = old else {
                ctx.out.error(NOT_INTEGER);
                return;
            };
            let Some(new) = old.checked_add(incr) else {
                ctx.out.error("ERR increment or decrement would overflow");
                return;
            };
            *s = StrValue::Int(new);
            new
        }
        None => {
            e.add_key(db, key, Value::Str(StrValue::Int(incr)));
            incr
        }
    };
    e.dirty += 1;
    e.modified(class::STRING, "incrby", db, key);
    ctx.out.int(value);
}

/// INCR key
fn incr_command(e: &mut Engine, ctx: &mut Ctx) {
    incr_decr(e, ctx, 1);
}

/// DECR key
fn decr_command(e: &mut Engine, ctx: &mut Ctx) {
    incr_decr(e, ctx, -1);
}

/// INCRBY key increment (the increment is checked before the key).
fn incrby_command(e: &mut Engine, ctx: &mut Ctx) {
    let Some(incr) = arg_i64(&mut ctx.out, ctx.argv[2]) else {
        return;
    };
    incr_decr(e, ctx, incr);
}

/// DECRBY key decrement
fn decrby_command(e: &mut Engine, ctx: &mut Ctx) {
    let Some(decr) = arg_i64(&mut ctx.out, ctx.argv[2]) else {
        return;
    };
    if decr == i64::MIN {
        ctx.out.error("ERR decrement would overflow");
        return;
    }
    incr_decr(e, ctx, -decr);
}

/// INCRBYFLOAT key increment: x87 long double arithmetic, stored as a plain string
/// (embstr / raw, never int), TTL kept; propagated as `SET key value KEEPTTL`.
fn incrbyfloat_command(e: &mut Engine, ctx: &mut Ctx) {
    const NOT_FLOAT: &str = "ERR value is not a valid float";
    let db = ctx.db(e);
    let (key, arg) = (ctx.argv[1], ctx.argv[2]);
    let slot = e.lookup_write(db, key);
    let current = match slot {
        None => Some(LongDouble::ZERO),
        Some(slot) => match as_str(&e.dbs[db].entry(slot).value) {
            None => {
                ctx.out.error(WRONGTYPE);
                return;
            }
            Some(StrValue::Int(n)) => Some(LongDouble::from_i64(*n)),
            Some(s) => s.with_bytes(parse_long_double),
        },
    };
    let Some(current) = current else {
        ctx.out.error(NOT_FLOAT);
        return;
    };
    let Some(incr) = parse_long_double(arg) else {
        ctx.out.error(NOT_FLOAT);
        return;
    };
    let Some(sum) = current.add(&incr) else {
        ctx.out.error("ERR increment would produce NaN or Infinity");
        return;
    };
    let text = sum.format_human();
    let text = text.as_bytes();
    let value = Value::Str(StrValue::from_bytes_no_int(text));
    match slot {
        Some(slot) => e.dbs[db].entry_mut(slot).value = value,
        None => {
            e.add_key(db, key, value);
        }
    }
    e.dirty += 1;
    e.modified(class::STRING, "incrbyfloat", db, key);
    ctx.out.bulk(text);
    e.propagate(db, &[b"SET", key, text, b"KEEPTTL"]);
    ctx.propagated = true;
}

// ----- LCS ---------------------------------------------------------------------------------

/// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]
///
/// The classic O(n*m) table, as Redis builds it, so IDX ranges come out identical; its
/// size ((len1+1)*(len2+1) u32 cells) is refused beyond proto-max-bulk-len as in Redis.
/// LEN alone needs only two rows of the table.
fn lcs_command(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    let argv = ctx.argv;
    let sa = e.lookup_read_slot(db, argv[1]);
    let sb = e.lookup_read_slot(db, argv[2]);
    let is_string =
        |e: &Engine, s: Option<u32>| s.is_none_or(|s| as_str(&e.dbs[db].entry(s).value).is_some());
    if !is_string(e, sa) || !is_string(e, sb) {
        ctx.out
            .error("ERR The specified keys must contain string values");
        return;
    }
    let (mut getlen, mut getidx, mut withmatchlen) = (false, false, false);
    let mut minmatchlen: i64 = 0;
    let mut j = 3;
    while j < argv.len() {
        let opt = cstr(argv[j]);
        let moreargs = argv.len() - 1 - j;
        if opt.eq_ignore_ascii_case(b"IDX") {
            getidx = true;
        } else if opt.eq_ignore_ascii_case(b"LEN") {
            getlen = true;
        } else if opt.eq_ignore_ascii_case(b"WITHMATCHLEN") {
            withmatchlen = true;
        } else if opt.eq_ignore_ascii_case(b"MINMATCHLEN") && moreargs > 0 {
            let Some(n) = arg_i64(&mut ctx.out, argv[j + 1]) else {
                return;
            };
            minmatchlen = n.max(0);
            j += 1;
        } else {
            ctx.out.error(SYNTAX);
            return;
        }
        j += 1;
    }
    if getlen && getidx {
        ctx.out
            .error("ERR If you want both the length and indexes, please just use IDX.");
        return;
    }
    let max_transient = e.config.int(opt::PROTO_MAX_BULK_LEN) as u64;
    let (mut ba, mut bb) = (itoa::Buffer::new(), itoa::Buffer::new());
    let a: &[u8] = match sa.and_then(|s| as_str(&e.dbs[db].entry(s).value)) {
        Some(s) => str_slice(s, &mut ba),
        None => b"",
    };
    let b: &[u8] = match sb.and_then(|s| as_str(&e.dbs[db].entry(s).value)) {
        Some(s) => str_slice(s, &mut bb),
        None => b"",
    };
    let opts = LcsOpts {
        getlen,
        getidx,
        withmatchlen,
        minmatchlen,
        max_transient,
    };
    lcs_reply(&mut ctx.out, a, b, &opts);
}

struct LcsOpts {
    getlen: bool,
    getidx: bool,
    withmatchlen: bool,
    minmatchlen: i64,
    max_transient: u64,
}

fn lcs_reply(out: &mut Reply, a: &[u8], b: &[u8], o: &LcsOpts) {
    if a.len() as u64 >= u32::MAX as u64 - 1 || b.len() as u64 >= u32::MAX as u64 - 1 {
        out.error("ERR String too long for LCS");
        return;
    }
    const FAILED: &str = "ERR Insufficient memory, failed allocating transient memory for LCS";
    let (alen, blen) = (a.len(), b.len());
    let cells = (alen as u64 + 1) * (blen as u64 + 1);
    match cells.checked_mul(4) {
        Some(bytes) if bytes < u64::MAX => {
            if bytes > o.max_transient {
                out.error(
                    "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len",
                );
                return;
            }
        }
        _ => {
            out.error(FAILED);
            return;
        }
    }
    let w = blen + 1;
    if o.getlen {
        // Only the length: roll two rows instead of the whole table.
        let mut prev = vec![0u32; w];
        let mut cur = vec![0u32; w];
        for &ai in a {
            for jj in 1..w {
                cur[jj] = if ai == b[jj - 1] {
                    prev[jj - 1] + 1
                } else {
                    prev[jj].max(cur[jj - 1])
                };
            }
            core::mem::swap(&mut prev, &mut cur);
        }
        out.int(prev[blen] as i64);
        return;
    }
    let Ok(n) = usize::try_from(cells) else {
        out.error(FAILED);
        return;
    };
    let mut lcs: Vec<u32> = Vec::new();
    if lcs.try_reserve_exact(n).is_err() {
        out.error(FAILED);
        return;
    }
    lcs.resize(n, 0);
    for i in 1..=alen {
        let (prev, cur) = lcs[(i - 1) * w..(i + 1) * w].split_at_mut(w);
        let ai = a[i - 1];
        for jj in 1..w {
            cur[jj] = if ai == b[jj - 1] {
                prev[jj - 1] + 1
            } else {
                prev[jj].max(cur[jj - 1])
            };
        }
    }
    let at = |i: usize, j: usize| lcs[j + i * w];
    let total = at(alen, blen);

    // Walk back from the end exactly as Redis does, collecting the string or the ranges.
    let mut idx = total as usize;
    let mut result = if o.getidx { Vec::new() } else { vec![0u8; idx] };
    let mut ranges: Vec<[usize; 5]> = Vec::new();
    let (mut i, mut j) = (alen, blen);
    let (mut arange_start, mut arange_end, mut brange_start, mut brange_end) =
        (alen, 0usize, 0usize, 0usize);
    while i > 0 && j > 0 {
        let mut emit_range = false;
        if a[i - 1] == b[j - 1] {
            if !o.getidx {
                result[idx - 1] = a[i - 1];
            }
            if arange_start == alen {
                arange_start = i - 1;
                arange_end = i - 1;
                brange_start = j - 1;
                brange_end = j - 1;
            } else if arange_start == i && brange_start == j {
                arange_start -= 1;
                brange_start -= 1;
            } else {
                emit_range = true;
            }
            if arange_start == 0 || brange_start == 0 {
                emit_range = true;
            }
            idx -= 1;
            i -= 1;
            j -= 1;
        } else {
            if at(i - 1, j) > at(i, j - 1) {
                i -= 1;
            } else {
                j -= 1;
            }
            if arange_start != alen {
                emit_range = true;
            }
        }
        if emit_range {
            let match_len = arange_end - arange_start + 1;
            if o.minmatchlen == 0 || match_len as i64 >= o.minmatchlen {
                ranges.push([
                    arange_start,
                    arange_end,
                    brange_start,
                    brange_end,
                    match_len,
                ]);
            }
            arange_start = alen;
        }
    }

    if o.getidx {
        out.map(2);
        out.bulk(b"matches");
        out.array(ranges.len());
        for r in &ranges {
            out.array(if o.withmatchlen { 3 } else { 2 });
            out.array(2);
            out.int(r[0] as i64);
            out.int(r[1] as i64);
            out.array(2);
            out.int(r[2] as i64);
            out.int(r[3] as i64);
            if o.withmatchlen {
                out.int(r[4] as i64);
            }
        }
        out.bulk(b"len");
        out.int(total as i64);
    } else {
        out.bulk(&result);
    }
}

#[cfg(test)]
mod tests {
    //! Expected replies are the bytes redis-server 7.0.15 sent for the same commands.
    use super::*;
    use crate::client::{ClientId, ConnInfo};
    use crate::config::Config;
    use crate::engine::{encode_command, HostInfo};
    use crate::keyspace::NO_EXPIRE;
    use crate::resp::writer::Protocol;
    use alloc::string::String;

    /// 2023-11-14T22:13:20Z, in microseconds.
    const T0: u64 = 1_700_000_000_000_000;
    const NOW_MS: u64 = T0 / 1000;
    const WRONG_ARGS_MSET: &str = "-ERR wrong number of arguments for 'mset' command\r\n";

    struct T {
        e: Engine,
        c: ClientId,
        now: u64,
    }

    impl T {
        fn new() -> T {
            let mut e = Engine::new(Config::default(), HostInfo::default(), 1, T0);
            let c = e.connect(ConnInfo::default(), T0);
            T { e, c, now: T0 }
        }

        fn bytes(&mut self, args: &[&[u8]]) -> Vec<u8> {
            let mut out = Vec::new();
            self.e.execute(self.c, args, self.now, &mut out);
            out
        }

        /// Runs a command given as space-separated words; the reply as text.
        fn run(&mut self, line: &str) -> String {
            let args: Vec<&[u8]> = line.split(' ').map(str::as_bytes).collect();
            String::from_utf8(self.bytes(&args)).unwrap()
        }

        fn entry(&self, key: &str) -> Option<&crate::keyspace::Entry> {
            self.e.db(0).get(key.as_bytes())
        }

        fn encoding(&self, key: &str) -> &'static str {
            self.entry(key).unwrap().value.encoding()
        }

        fn expire(&self, key: &str) -> u64 {
            let db = self.e.db(0);
            db.expire(db.find(key.as_bytes()).unwrap())
        }

        fn resp3(&mut self) {
            self.e.client_mut(self.c).unwrap().proto = Protocol::Resp3;
        }
    }

    /// Asserts each (command, reply) in order.
    fn script(t: &mut T, steps: &[(&str, &str)]) {
        for (cmd, want) in steps {
            assert_eq!(t.run(cmd), *want, "{}", cmd);
        }
    }

    fn bulk(s: &str) -> String {
        format!("${}\r\n{}\r\n", s.len(), s)
    }

    #[test]
    fn set_option_rules_and_errors() {
        let mut t = T::new();
        let invalid = "-ERR invalid expire time in 'set' command\r\n";
        let syntax = "-ERR syntax error\r\n";
        let not_int = "-ERR value is not an integer or out of range\r\n";
        script(
            &mut t,
            &[
                ("SET k v", "+OK\r\n"),
                ("SET k v EX 0", invalid),
                ("SET k v EX -1", invalid),
                ("SET k v EX 9223372036854776", invalid),
                // Fits LLONG_MAX/1000 but overflows once "now" is added.
                ("SET k v EX 9223372036854775", invalid),
                ("SET k v PX 9223372036854775807", invalid),
                ("SET k v PXAT 0", invalid),
                ("SET k v EXAT -3", invalid),
                ("SET k v PXAT 9223372036854775807", "+OK\r\n"),
                ("SET k v EXAT 9223372036854775", "+OK\r\n"),
                ("SET k v EX abc", not_int),
                ("SET k v EX 1.5", not_int),
                ("SET k v NX XX", syntax),
                ("SET k v XX NX", syntax),
                ("SET k v NX NX", "$-1\r\n"),
                ("SET k v EX 10 PX 10", syntax),
                ("SET k v EX 10 EXAT 10", syntax),
                ("SET k v PXAT 10 PX 10", syntax),
                ("SET k v KEEPTTL EX 10", syntax),
                ("SET k v EX 10 KEEPTTL", syntax),
                ("SET k v EX", syntax),
                ("SET k v PERSIST", syntax),
                ("SET k v foo", syntax),
                // Syntax is checked before the expiry value.
                ("SET k v EX 0 foo", syntax),
                ("SET k v EX 10 EX 20", "+OK\r\n"),
                ("SET k v GET GET", "$1\r\nv\r\n"),
                ("SET k v nx get", "$1\r\nv\r\n"),
                ("GET k", "$1\r\nv\r\n"),
                ("SET k w nx get", "$1\r\nv\r\n"),
                ("SET k w xx get", "$1\r\nv\r\n"),
                ("GET k", "$1\r\nw\r\n"),
                ("SET nokey v XX GET", "$-1\r\n"),
                ("GET nokey", "$-1\r\n"),
                ("SET nokey v XX", "$-1\r\n"),
                (
                    "SET k",
                    "-ERR wrong number of arguments for 'set' command\r\n",
                ),
            ],
        );
        // Option names end at a NUL byte, as C reads them; values do not.
        assert_eq!(t.bytes(&[b"SET", b"k", b"v", b"nx\x00zz"]), b"$-1\r\n");
        assert_eq!(t.bytes(&[b"SET", b"k", b"v", b"KEEPTTL\x00zz"]), b"+OK\r\n");
        assert_eq!(t.bytes(&[b"SET", b"k", b"v", b"ex\x00", b"10"]), b"+OK\r\n");
        assert_eq!(t.expire("k"), NOW_MS + 10_000);
        assert_eq!(
            t.bytes(&[b"SET", b"k", b"v", b"ex", b"10\x00"]),
            not_int.as_bytes()
        );
    }

    #[test]
    fn set_expiry_keepttl_and_past_times() {
        let mut t = T::new();
        script(&mut t, &[("SET k v EX 100", "+OK\r\n")]);
        assert_eq!(t.expire("k"), NOW_MS + 100_000);
        script(&mut t, &[("SET k v2 KEEPTTL", "+OK\r\n")]);
        assert_eq!(t.expire("k"), NOW_MS + 100_000);
        script(&mut t, &[("SET k v3", "+OK\r\n")]);
        assert_eq!(t.expire("k"), NO_EXPIRE);
        script(&mut t, &[("SET k v PX 1500", "+OK\r\n")]);
        assert_eq!(t.expire("k"), NOW_MS + 1500);
        script(&mut t, &[("SET k v EXAT 1800000000", "+OK\r\n")]);
        assert_eq!(t.expire("k"), 1_800_000_000_000);
        script(&mut t, &[("SET k v PXAT 1800000000123", "+OK\r\n")]);
        assert_eq!(t.expire("k"), 1_800_000_000_123);
        // 7.0.15 stores a key whose EXAT is in the past (DBSIZE still counts it) and
        // leaves its removal to expiry.
        script(&mut t, &[("SET past v EXAT 1", "+OK\r\n")]);
        assert_eq!(t.e.db(0).len(), 2);
        assert_eq!(t.expire("past"), 1000);
        script(&mut t, &[("GET past", "$-1\r\n")]);
        assert_eq!(t.e.db(0).len(), 1);
        // Lazy expiry of a relative TTL.
        script(
            &mut t,
            &[
                ("SET soon v PX 100", "+OK\r\n"),
                ("GET soon", "$1\r\nv\r\n"),
            ],
        );
        t.now += 101_000;
        script(
            &mut t,
            &[("GET soon", "$-1\r\n"), ("SET soon v XX", "$-1\r\n")],
        );
    }

    #[test]
    fn setnx_setex_psetex() {
        let mut t = T::new();
        script(
            &mut t,
            &[
                ("SETNX k v", ":1\r\n"),
                ("SETNX k w", ":0\r\n"),
                ("GET k", "$1\r\nv\r\n"),
                (
                    "SETNX k",
                    "-ERR wrong number of arguments for 'setnx' command\r\n",
                ),
                (
                    "SETEX k 0 v",
                    "-ERR invalid expire time in 'setex' command\r\n",
                ),
                (
                    "SETEX k -1 v",
                    "-ERR invalid expire time in 'setex' command\r\n",
                ),
                (
                    "SETEX k abc v",
                    "-ERR value is not an integer or out of range\r\n",
                ),
                (
                    "SETEX k 9223372036854775 v",
                    "-ERR invalid expire time in 'setex' command\r\n",
                ),
                (
                    "PSETEX k 0 v",
                    "-ERR invalid expire time in 'psetex' command\r\n",
                ),
                (
                    "PSETEX k 9223372036854775807 v",
                    "-ERR invalid expire time in 'psetex' command\r\n",
                ),
                ("SETEX k 100 v2", "+OK\r\n"),
            ],
        );
        assert_eq!(t.expire("k"), NOW_MS + 100_000);
        script(
            &mut t,
            &[("PSETEX k 100 v3", "+OK\r\n"), ("GET k", "$2\r\nv3\r\n")],
        );
        assert_eq!(t.expire("k"), NOW_MS + 100);
    }

    #[test]
    fn get_getset_getdel_mget() {
        let mut t = T::new();
        script(
            &mut t,
            &[
                ("GET nokey", "$-1\r\n"),
                ("GETSET k v", "$-1\r\n"),
                ("GETSET k w", "$1\r\nv\r\n"),
                ("GETDEL k", "$1\r\nw\r\n"),
                ("GETDEL k", "$-1\r\n"),
                ("GET k", "$-1\r\n"),
                ("SET n 12345", "+OK\r\n"),
                ("GET n", "$5\r\n12345\r\n"),
                ("MSET a 1 b 2", "+OK\r\n"),
                (
                    "MGET a nokey b n",
                    "*4\r\n$1\r\n1\r\n$-1\r\n$1\r\n2\r\n$5\r\n12345\r\n",
                ),
            ],
        );
        assert_eq!(t.e.stats.keyspace_misses, 5);
        // GETSET drops the TTL.
        script(
            &mut t,
            &[
                ("SET k v EX 100", "+OK\r\n"),
                ("GETSET k v2", "$1\r\nv\r\n"),
            ],
        );
        assert_eq!(t.expire("k"), NO_EXPIRE);
    }

    #[test]
    fn getex_options_and_error_order() {
        let mut t = T::new();
        let syntax = "-ERR syntax error\r\n";
        let invalid = "-ERR invalid expire time in 'getex' command\r\n";
        script(
            &mut t,
            &[
                ("SET k v", "+OK\r\n"),
                ("GETEX k", "$1\r\nv\r\n"),
                ("GETEX k EX 0", invalid),
                ("GETEX k EX -5", invalid),
                (
                    "GETEX k EX abc",
                    "-ERR value is not an integer or out of range\r\n",
                ),
                ("GETEX k PX 9223372036854775807", invalid),
                ("GETEX k EX 9223372036854775", invalid),
                ("GETEX k PERSIST EX 10", syntax),
                ("GETEX k EX 10 PERSIST", syntax),
                ("GETEX k NX", syntax),
                ("GETEX k KEEPTTL", syntax),
                ("GETEX k GET", syntax),
                ("GETEX k EX", syntax),
                // The key is looked up before the expiry value is checked.
                ("GETEX nokey EX -1", "$-1\r\n"),
                ("GETEX nokey FOO", syntax),
                ("GETEX k EX 10 EX 20", "$1\r\nv\r\n"),
            ],
        );
        assert_eq!(t.expire("k"), NOW_MS + 20_000);
        script(&mut t, &[("GETEX k persist", "$1\r\nv\r\n")]);
        assert_eq!(t.expire("k"), NO_EXPIRE);
        script(&mut t, &[("GETEX k EXAT 9223372036854775", "$1\r\nv\r\n")]);
        assert_eq!(t.expire("k"), 9_223_372_036_854_775_000);
        script(&mut t, &[("GETEX k PX 2500", "$1\r\nv\r\n")]);
        assert_eq!(t.expire("k"), NOW_MS + 2500);
        // An absolute time already passed deletes the key, after replying its value.
        script(
            &mut t,
            &[("GETEX k PXAT 1", "$1\r\nv\r\n"), ("GET k", "$-1\r\n")],
        );
        assert!(t.entry("k").is_none());
        assert_eq!(t.bytes(&[b"GETEX", b"k", b"persist\x00"]), b"$-1\r\n");
    }

    #[test]
    fn mset_msetnx() {
        let mut t = T::new();
        script(
            &mut t,
            &[
                ("MSET a", WRONG_ARGS_MSET),
                ("MSET a b c", WRONG_ARGS_MSET),
                (
                    "MSETNX a 1 b",
                    "-ERR wrong number of arguments for 'msetnx' command\r\n",
                ),
                ("MSET a 1 b 2", "+OK\r\n"),
                ("MSETNX x1 1 a 2", ":0\r\n"),
                ("GET x1", "$-1\r\n"),
                // The same new key twice: both writes happen, the last wins.
                ("MSETNX x 1 x 2", ":1\r\n"),
                ("GET x", "$1\r\n2\r\n"),
            ],
        );
        assert_eq!(t.e.dirty, 4);
        script(
            &mut t,
            &[("SET a v EX 100", "+OK\r\n"), ("MSET a w", "+OK\r\n")],
        );
        assert_eq!(t.expire("a"), NO_EXPIRE);
    }

    #[test]
    fn counters() {
        let mut t = T::new();
        let overflow = "-ERR increment or decrement would overflow\r\n";
        let not_int = "-ERR value is not an integer or out of range\r\n";
        script(
            &mut t,
            &[
                ("INCR n", ":1\r\n"),
                ("INCRBY n 9223372036854775806", ":9223372036854775807\r\n"),
                ("INCR n", overflow),
                ("DECRBY n -1", overflow),
                ("SET n -9223372036854775808", "+OK\r\n"),
                ("DECR n", overflow),
                ("DECRBY n 9223372036854775807", overflow),
                (
                    "DECRBY n -9223372036854775808",
                    "-ERR decrement would overflow\r\n",
                ),
                (
                    "DECRBY x -9223372036854775808",
                    "-ERR decrement would overflow\r\n",
                ),
                ("INCRBY x -9223372036854775808", ":-9223372036854775808\r\n"),
                ("INCRBY x abc", not_int),
                ("INCRBY x 1.5", not_int),
                ("INCRBY x 01", not_int),
                ("SET s abc", "+OK\r\n"),
                ("INCR s", not_int),
                ("SET e 0123", "+OK\r\n"),
                ("INCR e", not_int),
                ("SET big 99999999999999999999", "+OK\r\n"),
                ("INCR big", not_int),
                ("SET f 1.5", "+OK\r\n"),
                ("INCR f", not_int),
                ("SET s 10", "+OK\r\n"),
                ("APPEND s 0", ":3\r\n"),
                ("INCR s", ":101\r\n"),
                ("DECR s", ":100\r\n"),
                ("DECRBY s 50", ":50\r\n"),
                ("INCRBY s -60", ":-10\r\n"),
                ("GET s", "$3\r\n-10\r\n"),
            ],
        );
        assert_eq!(t.encoding("s"), "int");
        assert_eq!(t.bytes(&[b"INCRBY", b"x", b" 1"]), not_int.as_bytes());
        assert_eq!(t.bytes(&[b"SET", b"sp", b"1 "]), b"+OK\r\n");
        assert_eq!(t.bytes(&[b"INCR", b"sp"]), not_int.as_bytes());
        // INCR keeps the TTL.
        script(
            &mut t,
            &[("SET c 5 EX 100", "+OK\r\n"), ("INCR c", ":6\r\n")],
        );
        assert_eq!(t.expire("c"), NOW_MS + 100_000);
    }

    #[test]
    fn incrbyfloat() {
        let mut t = T::new();
        let not_float = "-ERR value is not a valid float\r\n";
        script(
            &mut t,
            &[
                ("SET f 1.5", "+OK\r\n"),
                ("INCRBYFLOAT f 1", "$3\r\n2.5\r\n"),
                ("INCRBYFLOAT f abc", not_float),
                ("INCRBYFLOAT f 1e5000", not_float),
                (
                    "INCRBYFLOAT f inf",
                    "-ERR increment would produce NaN or Infinity\r\n",
                ),
                ("SET f abc", "+OK\r\n"),
                ("INCRBYFLOAT f 1", not_float),
                ("INCRBYFLOAT g 1", "$1\r\n1\r\n"),
                (
                    "INCRBYFLOAT g 10000000000000000000000000000000000000000000",
                    "$43\r\n9999999999999999999741184793924429452148736\r\n",
                ),
                (
                    "INCRBYFLOAT h 1e50",
                    "$51\r\n100000000000000000003583830118858923890798487404544\r\n",
                ),
                ("SET i 5", "+OK\r\n"),
                ("INCRBYFLOAT i 0", "$1\r\n5\r\n"),
                ("INCRBYFLOAT j 10.5", "$4\r\n10.5\r\n"),
                ("INCRBYFLOAT j 0.1", "$4\r\n10.6\r\n"),
                ("INCRBYFLOAT j 5.0e3", "$22\r\n5010.60000000000000009\r\n"),
                ("INCRBYFLOAT j -5010.6", "$1\r\n0\r\n"),
            ],
        );
        // createStringObject: embstr up to 44 bytes, never int; raw beyond.
        assert_eq!(t.encoding("g"), "embstr");
        assert_eq!(t.encoding("i"), "embstr");
        assert_eq!(t.encoding("h"), "raw");
        // The TTL is kept.
        script(
            &mut t,
            &[
                ("SET k 1 EX 1000", "+OK\r\n"),
                ("INCRBYFLOAT k 2", "$1\r\n3\r\n"),
            ],
        );
        assert_eq!(t.expire("k"), NOW_MS + 1_000_000);
    }

    #[test]
    fn encodings_follow_redis() {
        let mut t = T::new();
        let a44 = "a".repeat(44);
        let a45 = "a".repeat(45);
        let a54 = "a".repeat(54);
        script(
            &mut t,
            &[
                ("SET i 12345", "+OK\r\n"),
                ("SET z 0123", "+OK\r\n"),
                (&format!("SET e {}", a44), "+OK\r\n"),
                (&format!("SET r {}", a45), "+OK\r\n"),
                ("APPEND ai 123", ":3\r\n"),
                ("APPEND ae abc", ":3\r\n"),
                (&format!("APPEND ar {}", a54), ":54\r\n"),
                ("INCR n", ":1\r\n"),
                ("SET g 7", "+OK\r\n"),
                ("GETSET g 8", "$1\r\n7\r\n"),
                ("MSET m1 9 m2 x", "+OK\r\n"),
            ],
        );
        for (k, enc) in [
            ("i", "int"),
            ("z", "embstr"),
            ("e", "embstr"),
            ("r", "raw"),
            ("ai", "int"),
            ("ae", "embstr"),
            ("ar", "raw"),
            ("n", "int"),
            ("g", "int"),
            ("m1", "int"),
            ("m2", "embstr"),
        ] {
            assert_eq!(t.encoding(k), enc, "{}", k);
        }
        script(
            &mut t,
            &[
                ("APPEND ae d", ":4\r\n"),
                ("APPEND ai 4", ":4\r\n"),
                ("SETRANGE i 1 x", ":5\r\n"),
                ("SETRANGE z 0 ab", ":4\r\n"),
            ],
        );
        for k in ["ae", "ai", "i", "z"] {
            assert_eq!(t.encoding(k), "raw", "{}", k);
        }
        script(
            &mut t,
            &[
                ("GET i", "$5\r\n1x345\r\n"),
                ("GET ai", "$4\r\n1234\r\n"),
                ("INCR ai", ":1235\r\n"),
            ],
        );
        assert_eq!(t.encoding("ai"), "int");
    }

    #[test]
    fn append_strlen() {
        let mut t = T::new();
        script(
            &mut t,
            &[
                ("STRLEN nokey", ":0\r\n"),
                ("APPEND k Hello", ":5\r\n"),
                ("APPEND k ", ":5\r\n"),
                ("APPEND k World", ":10\r\n"),
                ("GET k", "$10\r\nHelloWorld\r\n"),
                ("STRLEN k", ":10\r\n"),
                ("SET n -12345", "+OK\r\n"),
                ("STRLEN n", ":6\r\n"),
                // Appending nothing to a missing key creates it, empty.
                ("APPEND empty ", ":0\r\n"),
                ("GET empty", "$0\r\n\r\n"),
            ],
        );
        let big: String = "x".repeat(1000);
        for i in 1..=100 {
            assert_eq!(
                t.run(&format!("APPEND many {}", big)),
                format!(":{}\r\n", i * 1000)
            );
        }
        // APPEND keeps the TTL.
        script(
            &mut t,
            &[("SET t v EX 100", "+OK\r\n"), ("APPEND t w", ":2\r\n")],
        );
        assert_eq!(t.expire("t"), NOW_MS + 100_000);
    }

    #[test]
    fn getrange_and_substr() {
        let mut t = T::new();
        let not_int = "-ERR value is not an integer or out of range\r\n";
        assert_eq!(t.bytes(&[b"SET", b"s", b"This is a string"]), b"+OK\r\n");
        script(
            &mut t,
            &[
                ("GETRANGE s 0 3", "$4\r\nThis\r\n"),
                ("GETRANGE s -3 -1", "$3\r\ning\r\n"),
                ("GETRANGE s 0 -1", "$16\r\nThis is a string\r\n"),
                ("GETRANGE s 10 100", "$6\r\nstring\r\n"),
                ("GETRANGE s 5 3", "$0\r\n\r\n"),
                ("GETRANGE s -1 -5", "$0\r\n\r\n"),
                ("GETRANGE s -100 -50", "$1\r\nT\r\n"),
                ("GETRANGE s -100 2", "$3\r\nThi\r\n"),
                ("GETRANGE s 100 200", "$0\r\n\r\n"),
                (
                    "GETRANGE s 9223372036854775807 9223372036854775807",
                    "$0\r\n\r\n",
                ),
                (
                    "GETRANGE s -9223372036854775808 9223372036854775807",
                    "$16\r\nThis is a string\r\n",
                ),
                ("GETRANGE s 0 abc", not_int),
                ("GETRANGE s abc 0", not_int),
                ("GETRANGE nokey 0 -1", "$0\r\n\r\n"),
                ("GETRANGE nokey abc 0", not_int),
                ("SUBSTR s 0 3", "$4\r\nThis\r\n"),
                ("SUBSTR nokey 0 3", "$0\r\n\r\n"),
                ("SET i 12345", "+OK\r\n"),
                ("GETRANGE i 1 2", "$2\r\n23\r\n"),
                ("SET empty ", "+OK\r\n"),
                ("GETRANGE empty 0 -1", "$0\r\n\r\n"),
                ("GETRANGE empty 0 0", "$0\r\n\r\n"),
                ("GETRANGE empty -1 -1", "$0\r\n\r\n"),
                (
                    "SUBSTR s 1",
                    "-ERR wrong number of arguments for 'substr' command\r\n",
                ),
            ],
        );
    }

    #[test]
    fn setrange_and_size_limits() {
        let mut t = T::new();
        let too_big = "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n";
        script(
            &mut t,
            &[
                ("SETRANGE new 5 abc", ":8\r\n"),
                ("SETRANGE new2 0 ", ":0\r\n"),
                ("SETRANGE k -1 x", "-ERR offset is out of range\r\n"),
                (
                    "SETRANGE k abc x",
                    "-ERR value is not an integer or out of range\r\n",
                ),
                ("SET s Hello World", "-ERR syntax error\r\n"),
                ("SET s HelloWorld", "+OK\r\n"),
                ("SETRANGE s 5 Redis", ":10\r\n"),
                ("GET s", "$10\r\nHelloRedis\r\n"),
                ("SETRANGE s 12 !", ":13\r\n"),
                ("SETRANGE s 536870912 x", too_big),
                ("SETRANGE s 9223372036854775807 x", too_big),
                ("SETRANGE nn 536870912 x", too_big),
                // Setting nothing never checks the size.
                ("SETRANGE nn 536870912 ", ":0\r\n"),
                ("SETRANGE s 536870912 ", ":13\r\n"),
            ],
        );
        assert_eq!(
            t.bytes(&[b"GET", b"new"]),
            b"$8\r\n\x00\x00\x00\x00\x00abc\r\n"
        );
        assert_eq!(t.bytes(&[b"GET", b"s"]), b"$13\r\nHelloRedis\x00\x00!\r\n");
        assert!(t.entry("new2").is_none() && t.entry("nn").is_none());
        assert_eq!(t.encoding("new"), "raw");
        t.e.config
            .set("proto-max-bulk-len", "1048576", false)
            .unwrap();
        script(
            &mut t,
            &[
                ("SET s abc", "+OK\r\n"),
                ("APPEND s ", ":3\r\n"),
                ("SETRANGE s 1048575 ", ":3\r\n"),
                ("SETRANGE s 1048575 x", ":1048576\r\n"),
                ("SETRANGE s 1048574 x", ":1048576\r\n"),
                ("SETRANGE s 1048576 x", too_big),
                ("APPEND s x", too_big),
                ("APPEND s ", ":1048576\r\n"),
                ("STRLEN s", ":1048576\r\n"),
            ],
        );
    }

    #[test]
    fn lcs_replies() {
        let mut t = T::new();
        let idx = "*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n";
        let both = "-ERR If you want both the length and indexes, please just use IDX.\r\n";
        script(
            &mut t,
            &[
                ("MSET key1 ohmytext key2 mynewtext", "+OK\r\n"),
                ("LCS key1 key2", "$6\r\nmytext\r\n"),
                ("LCS key1 key2 LEN", ":6\r\n"),
                ("LCS key1 key2 IDX", idx),
                ("LCS key1 key2 IDX MINMATCHLEN 4", "*4\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n$3\r\nlen\r\n:6\r\n"),
                ("LCS key1 key2 IDX MINMATCHLEN 4 WITHMATCHLEN", "*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n"),
                ("LCS key1 key2 IDX WITHMATCHLEN", "*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n"),
                ("LCS key1 key2 LEN IDX", both),
                ("LCS key1 key2 idx len", both),
                ("LCS key1 key2 len len", ":6\r\n"),
                ("LCS key1 key2 WITHMATCHLEN", "$6\r\nmytext\r\n"),
                ("LCS key1 key2 MINMATCHLEN 4", "$6\r\nmytext\r\n"),
                ("LCS key1 key2 LEN WITHMATCHLEN", ":6\r\n"),
                ("LCS key1 key2 MINMATCHLEN", "-ERR syntax error\r\n"),
                ("LCS key1 key2 MINMATCHLEN abc", "-ERR value is not an integer or out of range\r\n"),
                ("LCS key1 key2 MINMATCHLEN -5 IDX", idx),
                ("LCS key1 key2 FOO", "-ERR syntax error\r\n"),
                ("LCS key1 nokey", "$0\r\n\r\n"),
                ("LCS nokey nokey2 IDX", "*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n"),
                ("LCS nokey nokey2 LEN", ":0\r\n"),
                ("LCS key1", "-ERR wrong number of arguments for 'lcs' command\r\n"),
                ("SET n1 12345", "+OK\r\n"),
                ("SET n2 2345", "+OK\r\n"),
                ("LCS n1 n2", "$4\r\n2345\r\n"),
                ("LCS n1 n1 IDX", "*4\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:0\r\n:4\r\n*2\r\n:0\r\n:4\r\n$3\r\nlen\r\n:5\r\n"),
            ],
        );
        assert_eq!(t.bytes(&[b"LCS", b"key1", b"key2", b"len\x00x"]), b":6\r\n");
        // The table's size is bounded by proto-max-bulk-len: (601 * 437) * 4 > 1 MiB.
        t.e.config
            .set("proto-max-bulk-len", "1048576", false)
            .unwrap();
        let (a600, a436, a435) = ("a".repeat(600), "a".repeat(436), "a".repeat(435));
        let refused =
            "-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len\r\n";
        script(
            &mut t,
            &[
                (
                    &format!("MSET b1 {} b2 {} b3 {}", a600, a436, a435),
                    "+OK\r\n",
                ),
                ("LCS b1 b2 LEN", refused),
                ("LCS b1 b2", refused),
                ("LCS b1 b3 LEN", ":435\r\n"),
            ],
        );
        assert_eq!(t.run("LCS b1 b3"), bulk(&a435));
    }

    #[test]
    fn lcs_matches_a_reference_on_random_strings() {
        // The LCS length from the full table and from the two-row pass agree, and the
        // reconstructed string is a common subsequence of that length.
        let mut t = T::new();
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..50 {
            let x: String = (0..rng.usize(0..40))
                .map(|_| char::from(b"abc"[rng.usize(0..3)]))
                .collect();
            let y: String = (0..rng.usize(0..40))
                .map(|_| char::from(b"abc"[rng.usize(0..3)]))
                .collect();
            assert_eq!(
                t.bytes(&[b"MSET", b"x", x.as_bytes(), b"y", y.as_bytes()]),
                b"+OK\r\n"
            );
            let len: usize = t.run("LCS x y LEN")[1..].trim_end().parse().unwrap();
            let s = t.bytes(&[b"LCS", b"x", b"y"]);
            let body = &s[s.iter().position(|&c| c == b'\n').unwrap() + 1..s.len() - 2];
            assert_eq!(body.len(), len);
            let is_subseq = |sub: &[u8], of: &[u8]| {
                let mut it = of.iter();
                sub.iter().all(|c| it.any(|d| d == c))
            };
            assert!(is_subseq(body, x.as_bytes()) && is_subseq(body, y.as_bytes()));
        }
    }

    #[test]
    fn resp3_shapes() {
        let mut t = T::new();
        t.resp3();
        script(
            &mut t,
            &[
                ("MSET key1 ohmytext key2 mynewtext k v", "+OK\r\n"),
                ("LCS key1 key2 IDX WITHMATCHLEN", "%2\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n"),
                ("LCS nokey key2 IDX", "%2\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n"),
                ("GETRANGE nokey 0 1", "$0\r\n\r\n"),
                ("GET nokey", "_\r\n"),
                ("MGET nokey key1", "*2\r\n_\r\n$8\r\nohmytext\r\n"),
                ("SET nokey v XX GET", "_\r\n"),
                ("SET k v NX", "_\r\n"),
                ("GETDEL nokey", "_\r\n"),
                ("GETEX nokey", "_\r\n"),
                ("INCRBYFLOAT f 1.5", "$3\r\n1.5\r\n"),
                ("SETNX k v", ":0\r\n"),
            ],
        );
    }

    #[test]
    fn change_stream_rewrites_like_redis() {
        let mut t = T::new();
        t.e.set_change_stream(true);
        script(
            &mut t,
            &[
                ("SET a v EXAT 1", "+OK\r\n"),
                ("SET b v EX 100", "+OK\r\n"),
                ("SET c v PX 100000 GET", "$-1\r\n"),
                ("set d v GET", "$-1\r\n"),
                ("set d v2 get GET", "$1\r\nv\r\n"),
                ("SETEX e 100 v", "+OK\r\n"),
                ("PSETEX f 100000 v", "+OK\r\n"),
                ("GETSET d v3", "$2\r\nv2\r\n"),
                ("GETDEL d", "$2\r\nv3\r\n"),
                ("GETDEL nokey", "$-1\r\n"),
                ("set g 1", "+OK\r\n"),
                ("GETEX g EX 100", "$1\r\n1\r\n"),
                ("GETEX g PERSIST", "$1\r\n1\r\n"),
                ("GETEX g PERSIST", "$1\r\n1\r\n"),
                ("GETEX g", "$1\r\n1\r\n"),
                ("GETEX g PXAT 1", "$1\r\n1\r\n"),
                ("set h 1.5", "+OK\r\n"),
                ("INCRBYFLOAT h 1", "$3\r\n2.5\r\n"),
                ("INCRBYFLOAT h2 1", "$1\r\n1\r\n"),
                ("set j v NX", "+OK\r\n"),
                ("set j v NX", "$-1\r\n"),
                ("set j w XX GET", "$1\r\nv\r\n"),
                ("set j x XX GET ex 100 get", "$1\r\nw\r\n"),
                ("set k v KEEPTTL", "+OK\r\n"),
                ("mset m1 a m2 b", "+OK\r\n"),
                ("msetnx m1 a m3 c", ":0\r\n"),
                ("msetnx m4 a m3 c", ":1\r\n"),
                ("append m4 x", ":2\r\n"),
                ("append m4 ", ":2\r\n"),
                ("setrange m4 0 ", ":2\r\n"),
                ("setrange m4 1 zz", ":3\r\n"),
                ("incr n", ":1\r\n"),
                ("decrby n 5", ":-4\r\n"),
                ("GET n", "$2\r\n-4\r\n"),
                ("LCS n m4", "$0\r\n\r\n"),
            ],
        );
        let at = |ms: u64| format!("{}", NOW_MS + ms);
        let (p100, p100k) = (at(100_000), at(100_000));
        let expected: &[&[&str]] = &[
            &["SELECT", "0"],
            &["SET", "a", "v", "PXAT", "1000"],
            &["SET", "b", "v", "PXAT", &p100],
            &["SET", "c", "v", "PXAT", &p100k],
            &["set", "d", "v"],
            &["set", "d", "v2"],
            &["SET", "e", "v", "PXAT", &p100],
            &["SET", "f", "v", "PXAT", &p100k],
            &["SET", "d", "v3"],
            &["DEL", "d"],
            &["set", "g", "1"],
            &["PEXPIREAT", "g", &p100],
            &["PERSIST", "g"],
            &["DEL", "g"],
            &["set", "h", "1.5"],
            &["SET", "h", "2.5", "KEEPTTL"],
            &["SET", "h2", "1", "KEEPTTL"],
            &["set", "j", "v", "NX"],
            &["set", "j", "w", "XX"],
            &["SET", "j", "x", "PXAT", &p100],
            &["set", "k", "v", "KEEPTTL"],
            &["mset", "m1", "a", "m2", "b"],
            &["msetnx", "m4", "a", "m3", "c"],
            &["append", "m4", "x"],
            &["append", "m4", ""],
            &["setrange", "m4", "1", "zz"],
            &["incr", "n"],
            &["decrby", "n", "5"],
        ];
        let mut want = Vec::new();
        for cmd in expected {
            let args: Vec<&[u8]> = cmd.iter().map(|s| s.as_bytes()).collect();
            encode_command(&mut want, &args);
        }
        let mut got = Vec::new();
        t.e.take_changes(&mut got);
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want)
        );
    }

    #[test]
    fn dirty_counts_effective_writes() {
        let mut t = T::new();
        let steps: &[(&str, u64)] = &[
            ("SET k v", 1),
            ("SET k v NX", 0),
            ("MSET a 1 b 2 c 3", 3),
            ("MSETNX a 1 d 2", 0),
            ("GET k", 0),
            ("GETEX k", 0),
            ("GETEX k PERSIST", 0),
            ("GETEX k EX 10", 1),
            ("GETEX k PERSIST", 1),
            ("SETRANGE k 0 ", 0),
            ("SETRANGE k 0 x", 1),
            ("APPEND k ", 1),
            ("INCR n", 1),
            ("INCR k", 0),
            ("INCRBYFLOAT n 1", 1),
            ("GETDEL nokey", 0),
            ("GETDEL n", 1),
            ("LCS a b", 0),
        ];
        for (cmd, d) in steps {
            let before = t.e.dirty;
            t.run(cmd);
            assert_eq!(t.e.dirty - before, *d, "{}", cmd);
        }
    }

    #[test]
    fn keyspace_hits_and_misses_like_redis() {
        // (command, hits, misses) deltas from INFO stats on redis-server 7.0.15, with k
        // and n existing: read paths count, write paths (lookupKeyWrite) do not.
        let mut t = T::new();
        script(&mut t, &[("SET k v", "+OK\r\n"), ("SET n 1", "+OK\r\n")]);
        let rows: &[(&str, u64, u64)] = &[
            ("GET k", 1, 0),
            ("GET x", 0, 1),
            ("GETEX k", 1, 0),
            ("GETEX x", 0, 1),
            ("GETDEL x", 0, 1),
            ("GETSET x v", 0, 1),
            ("GETSET k v", 1, 0),
            ("SET k v GET", 1, 0),
            ("SET y v GET", 0, 1),
            ("SET k v", 0, 0),
            ("MGET k zz", 1, 1),
            ("STRLEN zz", 0, 1),
            ("STRLEN k", 1, 0),
            ("GETRANGE k 0 1", 1, 0),
            ("GETRANGE zz 0 1", 0, 1),
            ("LCS k zz", 1, 1),
            ("INCR n", 0, 0),
            ("INCR nn", 0, 0),
            ("APPEND k x", 0, 0),
            ("SETRANGE k 0 x", 0, 0),
            ("INCRBYFLOAT n 1", 0, 0),
            ("MSETNX q 1", 0, 0),
            ("GETDEL k", 1, 0),
        ];
        for &(cmd, hits, misses) in rows {
            let (h, m) = (t.e.stats.keyspace_hits, t.e.stats.keyspace_misses);
            t.run(cmd);
            assert_eq!(
                (t.e.stats.keyspace_hits - h, t.e.stats.keyspace_misses - m),
                (hits, misses),
                "{}",
                cmd
            );
        }
    }
}
