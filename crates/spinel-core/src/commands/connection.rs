//! Connection commands: PING, ECHO, QUIT, RESET, HELLO, AUTH and CLIENT.

use super::{acl, flags::*, CommandSpec, Ctx, SYNTAX};
use crate::client::{Client, ClientId};
use crate::engine::{Engine, Outcome};
use crate::resp::writer::{Protocol, Reply};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// The Redis version Spinel is compatible with, reported where clients look for it.
pub const REDIS_VERSION: &str = "7.0.15";

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new("ping", -1, FAST, acl::FAST | acl::CONNECTION, ping),
    CommandSpec::new("echo", 2, LOADING | STALE | FAST, acl::FAST | acl::CONNECTION, echo),
    CommandSpec::new("quit", -1, ALLOW_BUSY | NOSCRIPT | LOADING | STALE | FAST | NO_AUTH, acl::FAST | acl::CONNECTION, quit),
    CommandSpec::new("reset", 1, NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | ALLOW_BUSY, acl::FAST | acl::CONNECTION, reset),
    CommandSpec::new("hello", -1, NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | ALLOW_BUSY, acl::FAST | acl::CONNECTION, hello),
    CommandSpec::new("auth", -2, NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | ALLOW_BUSY, acl::FAST | acl::CONNECTION, auth),
    CommandSpec::new("client", -2, 0, acl::SLOW, super::container).with_subcommands(CLIENT_SUBCOMMANDS),
];

const CLIENT_SUBCOMMANDS: &[CommandSpec] = &[
    CommandSpec::sub("client|id", "id", 2, NOSCRIPT | LOADING | STALE, acl::SLOW | acl::CONNECTION, client_id),
    CommandSpec::sub("client|setname", "setname", 3, NOSCRIPT | LOADING | STALE, acl::SLOW | acl::CONNECTION, client_setname),
    CommandSpec::sub("client|getname", "getname", 2, NOSCRIPT | LOADING | STALE, acl::SLOW | acl::CONNECTION, client_getname),
    CommandSpec::sub("client|tracking", "tracking", -3, NOSCRIPT | LOADING | STALE, acl::SLOW | acl::CONNECTION, client_tracking),
    CommandSpec::sub("client|caching", "caching", 3, NOSCRIPT | LOADING | STALE, acl::SLOW | acl::CONNECTION, client_caching),
    CommandSpec::sub("client|trackinginfo", "trackinginfo", 2, NOSCRIPT | LOADING | STALE, acl::SLOW | acl::CONNECTION, client_trackinginfo),
    CommandSpec::sub("client|getredir", "getredir", 2, NOSCRIPT | LOADING | STALE, acl::SLOW | acl::CONNECTION, client_getredir),
    CommandSpec::sub("client|setinfo", "setinfo", 4, NOSCRIPT | LOADING | STALE, acl::SLOW | acl::CONNECTION, client_setinfo),
    CommandSpec::sub("client|info", "info", 2, NOSCRIPT | LOADING | STALE, acl::SLOW | acl::CONNECTION, client_info),
    CommandSpec::sub("client|list", "list", -2, ADMIN | NOSCRIPT | LOADING | STALE, acl::ADMIN | acl::SLOW | acl::DANGEROUS | acl::CONNECTION, client_list),
    CommandSpec::sub("client|kill", "kill", -3, ADMIN | NOSCRIPT | LOADING | STALE, acl::ADMIN | acl::SLOW | acl::DANGEROUS | acl::CONNECTION, client_kill),
    CommandSpec::sub("client|help", "help", 2, LOADING | STALE, acl::SLOW | acl::CONNECTION, client_help),
    CommandSpec::sub("client|reply", "reply", 3, NOSCRIPT | LOADING | STALE, acl::SLOW | acl::CONNECTION, client_reply),
    CommandSpec::sub("client|pause", "pause", -3, ADMIN | NOSCRIPT | LOADING | STALE, acl::ADMIN | acl::SLOW | acl::DANGEROUS | acl::CONNECTION, client_pause),
    CommandSpec::sub("client|unpause", "unpause", 2, ADMIN | NOSCRIPT | LOADING | STALE, acl::ADMIN | acl::SLOW | acl::DANGEROUS | acl::CONNECTION, client_unpause),
    CommandSpec::sub("client|unblock", "unblock", -3, ADMIN | NOSCRIPT | LOADING | STALE, acl::ADMIN | acl::SLOW | acl::DANGEROUS | acl::CONNECTION, client_unblock),
    CommandSpec::sub("client|no-evict", "no-evict", 3, ADMIN | NOSCRIPT | LOADING | STALE, acl::ADMIN | acl::SLOW | acl::DANGEROUS | acl::CONNECTION, client_no_evict),
    CommandSpec::sub("client|no-touch", "no-touch", 3, NOSCRIPT | LOADING | STALE, acl::SLOW | acl::CONNECTION, client_no_touch),
];

/// The CLIENT subcommands (a CLIENT CACHING flag survives them, as in Redis).
pub(crate) fn client_subcommands() -> &'static [CommandSpec] {
    CLIENT_SUBCOMMANDS
}

fn ping(e: &mut Engine, ctx: &mut Ctx) {
    if !ctx.out.is_resp3() && e.is_subscriber(ctx.client) && ctx.argv.len() <= 2 {
        // In RESP2 subscribed mode the answer must look like a message.
        ctx.out.array(2);
        ctx.out.bulk(b"pong");
        return ctx.out.bulk(ctx.argv.get(1).copied().unwrap_or(b""));
    }
    match ctx.argv.len() {
        1 => ctx.out.simple(b"PONG"),
        2 => ctx.out.bulk(ctx.argv[1]),
        _ => ctx.out.error("ERR wrong number of arguments for 'ping' command"),
    }
}

fn echo(_e: &mut Engine, ctx: &mut Ctx) {
    ctx.out.bulk(ctx.argv[1]);
}

fn quit(_e: &mut Engine, ctx: &mut Ctx) {
    ctx.out.ok();
    ctx.outcome = Outcome::Close;
}

fn reset(e: &mut Engine, ctx: &mut Ctx) {
    e.discard_transaction(ctx.client);
    e.unsubscribe_all(ctx.client);
    e.tracking_disable(ctx.client);
    e.monitors.retain(|&m| m != ctx.client);
    let auth = e.acl.default_opens();
    if let Some(c) = e.clients.get_mut(ctx.client) {
        c.db = 0;
        c.proto = Protocol::Resp2;
        c.name.clear();
        c.authenticated = auth;
        c.user = crate::acl::DEFAULT_USER;
        // The flags Redis's clearClientConnectionState clears too.
        c.monitor = false;
        c.no_evict = false;
        c.no_touch = false;
        c.reply_off = false;
        c.reply_skip = false;
        c.reply_skip_next = false;
    }
    ctx.out.proto = Protocol::Resp2;
    ctx.out.simple(b"RESET");
}

const WRONGPASS: &str = "WRONGPASS invalid username-password pair or user is disabled.";

fn auth(e: &mut Engine, ctx: &mut Ctx) {
    let (user, pass): (&[u8], &[u8]) = match ctx.argv.len() {
        2 => {
            if e.acl.default_user().nopass() {
                ctx.out.error("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?");
                return;
            }
            (b"default", ctx.argv[1])
        }
        3 => (ctx.argv[1], ctx.argv[2]),
        _ => return ctx.out.error(SYNTAX),
    };
    if e.authenticate(ctx.client, user, pass, ctx.argv[0]) {
        ctx.out.ok();
    } else {
        ctx.out.error(WRONGPASS);
    }
}

/// Redis accepts client names made of printable ASCII without spaces.
fn valid_client_name(name: &[u8]) -> bool {
    name.iter().all(|&b| (b'!'..=b'~').contains(&b))
}

const BAD_NAME: &str = "ERR Client names cannot contain spaces, newlines or special characters.";

fn hello(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let mut ver = None;
    if argv.len() >= 2 {
        match crate::num::parse_i64(argv[1]) {
            Some(v) if (2..=3).contains(&v) => ver = Some(v),
            Some(_) => return ctx.out.error("NOPROTO unsupported protocol version"),
            None => return ctx.out.error("ERR Protocol version is not an integer or out of range"),
        }
    }
    let mut creds = None;
    let mut name = None;
    let mut j = 2;
    while j < argv.len() {
        let more = argv.len() - 1 - j;
        if argv[j].eq_ignore_ascii_case(b"AUTH") && more >= 2 {
            creds = Some((argv[j + 1], argv[j + 2]));
            j += 3;
        } else if argv[j].eq_ignore_ascii_case(b"SETNAME") && more >= 1 {
            if !valid_client_name(argv[j + 1]) {
                return ctx.out.error(BAD_NAME);
            }
            name = Some(argv[j + 1]);
            j += 2;
        } else {
            return ctx.out.error(&format!("ERR Syntax error in HELLO option '{}'", String::from_utf8_lossy(argv[j])));
        }
    }
    if let Some((user, pass)) = creds {
        if !e.authenticate(ctx.client, user, pass, argv[0]) {
            return ctx.out.error(WRONGPASS);
        }
    }
    let Some(c) = e.clients.get_mut(ctx.client) else { return };
    if !c.authenticated {
        return ctx.out.error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time");
    }
    if let Some(n) = name {
        c.name = n.to_vec();
    }
    if let Some(v) = ver {
        c.proto = if v == 3 { Protocol::Resp3 } else { Protocol::Resp2 };
        ctx.out.proto = c.proto;
    }
    let (id, proto) = (c.id, c.proto);
    let out = &mut ctx.out;
    out.map(7);
    out.bulk(b"server");
    out.bulk(b"spinel");
    out.bulk(b"version");
    out.bulk(REDIS_VERSION.as_bytes());
    out.bulk(b"proto");
    out.int(proto.version());
    out.bulk(b"id");
    out.int(id as i64);
    out.bulk(b"mode");
    out.bulk(b"standalone");
    out.bulk(b"role");
    out.bulk(b"master");
    out.bulk(b"modules");
    out.array(0);
}

fn client_id(e: &mut Engine, ctx: &mut Ctx) {
    let id = e.clients.get(ctx.client).map_or(0, |c| c.id);
    ctx.out.int(id as i64);
}

fn client_setname(e: &mut Engine, ctx: &mut Ctx) {
    let name = ctx.argv[2];
    if !valid_client_name(name) {
        return ctx.out.error(BAD_NAME);
    }
    if let Some(c) = e.clients.get_mut(ctx.client) {
        c.name = name.to_vec();
    }
    ctx.out.ok();
}

fn client_getname(e: &mut Engine, ctx: &mut Ctx) {
    match e.clients.get(ctx.client) {
        Some(c) if !c.name.is_empty() => ctx.out.bulk(&c.name),
        _ => ctx.out.null(),
    }
}

/// CLIENT SETINFO LIB-NAME|LIB-VER value (Redis 7.2; clients send it on connect).
fn client_setinfo(e: &mut Engine, ctx: &mut Ctx) {
    let (attr, val) = (ctx.argv[2], ctx.argv[3]);
    let lib_name = if attr.eq_ignore_ascii_case(b"lib-name") {
        true
    } else if attr.eq_ignore_ascii_case(b"lib-ver") {
        false
    } else {
        return ctx.out.error(&format!("ERR Unrecognized option '{}'", String::from_utf8_lossy(attr)));
    };
    if !valid_client_name(val) {
        let which = if lib_name { "lib-name" } else { "lib-ver" };
        return ctx.out.error(&format!("ERR {which} cannot contain spaces, newlines or special characters."));
    }
    if let Some(c) = e.clients.get_mut(ctx.client) {
        if lib_name {
            c.lib_name = val.to_vec();
        } else {
            c.lib_ver = val.to_vec();
        }
    }
    ctx.out.ok();
}

/// One CLIENT LIST line (without the trailing newline), with Redis's field names. `running`
/// is the command the client is running (the caller of CLIENT LIST/INFO): Redis's query
/// buffer still holds it, so its RESP length counts in `qbuf`.
pub(crate) fn client_line(e: &Engine, id: ClientId, c: &Client, running: Option<&[&[u8]]>, out: &mut String) {
    let now = e.now_ms();
    let mut io = c.io;
    if let Some(argv) = running {
        io.qbuf += crate::engine::resp_len(argv);
    }
    let io = &io;
    let multi = c.multi.as_ref().map_or(-1, |m| m.commands.len() as i64);
    #[cfg(feature = "server")]
    let multi_mem = c.multi.as_ref().map_or(0, |m| m.bytes);
    #[cfg(not(feature = "server"))]
    let multi_mem = 0;
    let _ = write!(
        out,
        "id={} addr={} laddr={} fd={} name={} age={} idle={} flags={} db={} sub={} psub={} ssub={} multi={} qbuf={} qbuf-free={} argv-mem=0 multi-mem={} rbs={} rbp={} obl={} oll={} omem={} tot-mem={} events=r cmd={} user={} redir={} resp={} lib-name={} lib-ver={}",
        c.id,
        c.conn.addr,
        c.conn.laddr,
        c.conn.fd,
        String::from_utf8_lossy(&c.name),
        now.saturating_sub(c.created_ms) / 1000,
        now.saturating_sub(c.last_interaction_ms) / 1000,
        client_flags(e, id, c),
        c.db,
        c.subs.channels.len(),
        c.subs.patterns.len(),
        c.subs.shard_channels.len(),
        multi,
        io.qbuf,
        io.qbuf_free,
        multi_mem,
        io.qbuf + io.qbuf_free,
        io.qbuf,
        io.obl,
        io.oll,
        io.omem,
        io.qbuf + io.qbuf_free + io.obl + io.omem + multi_mem,
        c.last_cmd,
        if c.master { "(superuser)" } else { e.acl.name(c.user) },
        crate::tracking::client_redir(c),
        c.proto.version(),
        String::from_utf8_lossy(&c.lib_name),
        String::from_utf8_lossy(&c.lib_ver),
    );
}

fn client_info(e: &mut Engine, ctx: &mut Ctx) {
    let mut s = String::new();
    if let Some(c) = e.clients.get(ctx.client) {
        client_line(e, ctx.client, c, Some(ctx.argv), &mut s);
    }
    s.push('\n');
    ctx.out.verbatim(b"txt", s.as_bytes());
}

/// A CLIENT LIST/KILL `TYPE` argument: normal, master, replica (or slave) or pubsub.
fn client_type_arg(t: &[u8]) -> Option<&'static str> {
    for (name, class) in [("normal", "normal"), ("master", "master"), ("slave", "replica"), ("replica", "replica"), ("pubsub", "pubsub")] {
        if t.eq_ignore_ascii_case(name.as_bytes()) {
            return Some(class);
        }
    }
    None
}

/// A client's class (Redis's getClientType).
fn client_type(c: &Client) -> &'static str {
    if c.master {
        "master"
    } else if c.repl.as_ref().is_some_and(|r| r.attached) && !c.monitor {
        "replica"
    } else if c.subs.active() {
        "pubsub"
    } else {
        "normal"
    }
}

/// CLIENT LIST's `flags=`: Redis's letters in Redis's order (`N` when none applies).
fn client_flags(e: &Engine, id: ClientId, c: &Client) -> String {
    let mut f = String::new();
    if c.repl.as_ref().is_some_and(|r| r.attached) {
        f.push('S');
    }
    if c.master {
        f.push('M');
    }
    if c.monitor {
        f.push('O');
    }
    if c.subs.active() {
        f.push('P');
    }
    if c.multi.is_some() {
        f.push('x');
    }
    if e.is_blocked(id) {
        f.push('b');
    }
    crate::tracking::push_client_flags(c, &mut f);
    if c.dirty_cas {
        f.push('d');
    }
    if c.close_requested {
        f.push('c');
    }
    if c.conn.unix_socket {
        f.push('U');
    }
    if c.no_evict {
        f.push('e');
    }
    if c.no_touch {
        f.push('T');
    }
    if f.is_empty() {
        f.push('N');
    }
    f
}

fn client_list(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let mut ids: Option<Vec<u64>> = None;
    let mut want_type = None;
    if argv.len() == 4 && argv[2].eq_ignore_ascii_case(b"TYPE") {
        match client_type_arg(argv[3]) {
            Some(t) => want_type = Some(t),
            None => return ctx.out.error(&format!("ERR Unknown client type '{}'", String::from_utf8_lossy(argv[3]))),
        }
    } else if argv.len() > 3 && argv[2].eq_ignore_ascii_case(b"ID") {
        let mut v = Vec::new();
        for a in &argv[3..] {
            // Any integer: ids below 1 match no client (Redis checks only the integer).
            match crate::num::parse_i64(a) {
                Some(n) => v.extend(u64::try_from(n).ok()),
                None => return ctx.out.error("ERR Invalid client ID"),
            }
        }
        ids = Some(v);
    } else if argv.len() != 2 {
        return ctx.out.error(SYNTAX);
    }
    let mut s = String::new();
    for (id, c) in e.clients.iter() {
        if ids.as_ref().is_none_or(|v| v.contains(&c.id)) && want_type.is_none_or(|t| client_type(c) == t) {
            client_line(e, id, c, (id == ctx.client).then_some(ctx.argv), &mut s);
            s.push('\n');
        }
    }
    ctx.out.verbatim(b"txt", s.as_bytes());
}

fn client_kill(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let me = ctx.client;
    // Old form: CLIENT KILL addr:port -> +OK or an error.
    if argv.len() == 3 {
        let target = e.clients.iter().find(|(_, c)| c.conn.addr.as_bytes() == argv[2]).map(|(id, _)| id);
        match target {
            Some(id) => {
                kill(e, ctx, id);
                ctx.out.ok();
            }
            None => ctx.out.error("ERR No such client"),
        }
        return;
    }
    let mut id_filter = None;
    let mut addr = None;
    let mut laddr = None;
    let mut user = None;
    let mut want_type = None;
    let mut skipme = true;
    let mut i = 2;
    while i < argv.len() {
        if i + 1 >= argv.len() {
            return ctx.out.error(SYNTAX);
        }
        let (opt, val) = (argv[i], argv[i + 1]);
        if opt.eq_ignore_ascii_case(b"ID") {
            match crate::num::parse_i64(val) {
                Some(n) if n > 0 => id_filter = Some(n as u64),
                _ => return ctx.out.error("ERR client-id should be greater than 0"),
            }
        } else if opt.eq_ignore_ascii_case(b"TYPE") {
            match client_type_arg(val) {
                Some(t) => want_type = Some(t),
                None => return ctx.out.error(&format!("ERR Unknown client type '{}'", String::from_utf8_lossy(val))),
            }
        } else if opt.eq_ignore_ascii_case(b"ADDR") {
            addr = Some(val);
        } else if opt.eq_ignore_ascii_case(b"LADDR") {
            laddr = Some(val);
        } else if opt.eq_ignore_ascii_case(b"USER") {
            match e.acl.find(val) {
                Some(id) => user = Some(id),
                None => return ctx.out.error(&format!("ERR No such user '{}'", String::from_utf8_lossy(val))),
            }
        } else if opt.eq_ignore_ascii_case(b"SKIPME") {
            if val.eq_ignore_ascii_case(b"yes") {
                skipme = true;
            } else if val.eq_ignore_ascii_case(b"no") {
                skipme = false;
            } else {
                return ctx.out.error(SYNTAX);
            }
        } else {
            return ctx.out.error(SYNTAX);
        }
        i += 2;
    }
    let victims: Vec<ClientId> = e
        .clients
        .iter()
        .filter(|(id, c)| {
            id_filter.is_none_or(|f| c.id == f)
                && addr.is_none_or(|a| c.conn.addr.as_bytes() == a)
                && laddr.is_none_or(|a| c.conn.laddr.as_bytes() == a)
                && user.is_none_or(|u| c.user == u)
                && want_type.is_none_or(|t| client_type(c) == t)
                && !(skipme && *id == me)
        })
        .map(|(id, _)| id)
        .collect();
    for &id in &victims {
        kill(e, ctx, id);
    }
    ctx.out.int(victims.len() as i64);
}

/// CLIENT REPLY ON|OFF|SKIP: OFF and SKIP answer nothing, not even to themselves.
fn client_reply(e: &mut Engine, ctx: &mut Ctx) {
    let Some(c) = e.clients.get_mut(ctx.client) else { return };
    let mode = ctx.argv[2];
    if mode.eq_ignore_ascii_case(b"on") {
        c.reply_off = false;
        c.reply_skip = false;
        ctx.out.ok();
    } else if mode.eq_ignore_ascii_case(b"off") {
        c.reply_off = true;
    } else if mode.eq_ignore_ascii_case(b"skip") {
        if !c.reply_off {
            c.reply_skip_next = true;
        }
    } else {
        ctx.out.error(SYNTAX);
    }
}

/// CLIENT PAUSE timeout-ms [WRITE|ALL]
fn client_pause(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    if argv.len() > 4 {
        return super::subcommand_syntax_error(&mut ctx.out, argv);
    }
    let write_only = match argv.get(3) {
        None => false,
        Some(m) if m.eq_ignore_ascii_case(b"all") => false,
        Some(m) if m.eq_ignore_ascii_case(b"write") => true,
        Some(_) => return ctx.out.error("ERR CLIENT PAUSE mode must be WRITE or ALL"),
    };
    let Some(ms) = crate::num::parse_i64(argv[2]) else {
        return ctx.out.error("ERR timeout is not an integer or out of range");
    };
    if ms < 0 {
        return ctx.out.error("ERR timeout is negative");
    }
    let until = e.now_ms().saturating_add(ms as u64);
    e.pause_clients(until, write_only);
    ctx.out.ok();
}

fn client_unpause(e: &mut Engine, ctx: &mut Ctx) {
    e.unpause_clients();
    ctx.out.ok();
}

/// CLIENT UNBLOCK id [TIMEOUT|ERROR]: ends a blocking command's wait.
fn client_unblock(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    if argv.len() > 4 {
        return super::subcommand_syntax_error(&mut ctx.out, argv);
    }
    let error = match argv.get(3) {
        None => false,
        Some(m) if m.eq_ignore_ascii_case(b"timeout") => false,
        Some(m) if m.eq_ignore_ascii_case(b"error") => true,
        Some(_) => return ctx.out.error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"),
    };
    let Some(id) = crate::num::parse_i64(argv[2]) else {
        return ctx.out.error("ERR value is not an integer or out of range");
    };
    let target = e.clients.iter().find(|(_, c)| c.id as i64 == id).map(|(cid, _)| cid);
    let unblocked = match target {
        Some(t) => e.unblock_by_request(t, error),
        None => false,
    };
    ctx.out.int(unblocked as i64);
}

/// CLIENT NO-EVICT / NO-TOUCH: `ON` or `OFF` in argv[2] sets the calling client's flag.
fn set_client_flag(e: &mut Engine, ctx: &mut Ctx, set: fn(&mut crate::client::Client, bool)) {
    let on = if ctx.argv[2].eq_ignore_ascii_case(b"on") {
        true
    } else if ctx.argv[2].eq_ignore_ascii_case(b"off") {
        false
    } else {
        return ctx.out.error(SYNTAX);
    };
    if let Some(c) = e.clients.get_mut(ctx.client) {
        set(c, on);
    }
    ctx.out.ok();
}

/// CLIENT NO-EVICT ON|OFF (Spinel never evicts clients for memory; the flag shows in CLIENT LIST).
fn client_no_evict(e: &mut Engine, ctx: &mut Ctx) {
    set_client_flag(e, ctx, |c, on| c.no_evict = on);
}

/// CLIENT NO-TOUCH ON|OFF (Redis 7.2): the client's reads leave LRU/LFU data alone.
fn client_no_touch(e: &mut Engine, ctx: &mut Ctx) {
    set_client_flag(e, ctx, |c, on| c.no_touch = on);
}

/// Closes a client: the caller after its reply, others through the host.
fn kill(e: &mut Engine, ctx: &mut Ctx, id: ClientId) {
    if id == ctx.client && !ctx.no_block {
        ctx.outcome = Outcome::Close;
    } else {
        // Another client, or this one from inside EXEC: closed once the replies are out.
        e.request_close(id);
    }
}

/// Writes a HELP reply: a first line naming the command, then the given lines.
pub fn reply_help(out: &mut Reply, command: &str, lines: &[&str]) {
    out.array(lines.len() + 3);
    out.simple(format!("{command} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:").as_bytes());
    for l in lines {
        out.simple(l.as_bytes());
    }
    out.simple(b"HELP");
    out.simple(b"    Prints this help.");
}

fn client_help(_e: &mut Engine, ctx: &mut Ctx) {
    reply_help(
        &mut ctx.out,
        "CLIENT",
        &[
            "CACHING (YES|NO)",
            "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
            "GETREDIR",
            "    Return the client ID we are redirecting to when tracking is enabled.",
            "GETNAME",
            "    Return the name of this connection.",
            "ID",
            "    Return the ID of this connection.",
            "INFO",
            "    Return information about this connection.",
            "KILL <ip:port>",
            "    Kill the connection made from <ip:port>.",
            "KILL <option> <value> [<option> <value> [...]]",
            "    Kill connections. Options are:",
            "    * ID <client-id>",
            "    * ADDR (<ip:port>|<unixsocket>:0)",
            "    * LADDR (<ip:port>|<unixsocket>:0)",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "    * USER <username>",
            "    * SKIPME (YES|NO)  (default: yes)",
            "LIST [TYPE (NORMAL|MASTER|REPLICA|PUBSUB)] [ID <id> [<id> ...]]",
            "    Return information about client connections.",
            "SETINFO (LIB-NAME|LIB-VER) <value>",
            "    Record the client library's name or version.",
            "SETNAME <name>",
            "    Name this connection.",
            "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
            "         [OPTIN] [OPTOUT] [NOLOOP]",
            "    Control server assisted client side caching.",
            "TRACKINGINFO",
            "    Report tracking status for the current connection.",
        ],
    );
}


// ----- client-side caching ----------------------------------------------------------------------

/// Redis's `addReplyErrorFormat` of a `%s`: cut at a NUL byte, line breaks made spaces.
fn c_str_text(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..end]).replace(['\r', '\n'], " ")
}

/// CLIENT TRACKING ON|OFF [REDIRECT id] [BCAST] [PREFIX p]... [OPTIN] [OPTOUT] [NOLOOP],
/// with Redis's checks in Redis's order.
fn client_tracking(e: &mut Engine, ctx: &mut Ctx) {
    use crate::tracking::{prefixes_overlap, TrackingOptions};
    let argv = ctx.argv;
    let mut o = TrackingOptions::default();
    let mut j = 3;
    while j < argv.len() {
        let more = argv.len() - 1 - j;
        let a = argv[j];
        if a.eq_ignore_ascii_case(b"redirect") && more > 0 {
            j += 1;
            if o.redirect_id != 0 {
                return ctx.out.error("ERR A client can only redirect to a single other client");
            }
            let Some(id) = crate::num::parse_i64(argv[j]) else {
                return ctx.out.error("ERR value is not an integer or out of range");
            };
            match u64::try_from(id).ok().filter(|&id| id != 0).and_then(|id| e.client_by_id(id)) {
                Some(who) => {
                    o.redirect = Some(who);
                    o.redirect_id = who.id;
                }
                None => return ctx.out.error("ERR The client ID you want redirect to does not exist"),
            }
        } else if a.eq_ignore_ascii_case(b"bcast") {
            o.bcast = true;
        } else if a.eq_ignore_ascii_case(b"optin") {
            o.optin = true;
        } else if a.eq_ignore_ascii_case(b"optout") {
            o.optout = true;
        } else if a.eq_ignore_ascii_case(b"noloop") {
            o.noloop = true;
        } else if a.eq_ignore_ascii_case(b"prefix") && more > 0 {
            j += 1;
            o.prefixes.push(argv[j]);
        } else {
            return ctx.out.error(SYNTAX);
        }
        j += 1;
    }
    if argv[2].eq_ignore_ascii_case(b"off") {
        e.tracking_disable(ctx.client);
        return ctx.out.ok();
    }
    if !argv[2].eq_ignore_ascii_case(b"on") {
        return ctx.out.error(SYNTAX);
    }
    let current = e.clients.get(ctx.client).and_then(|c| c.tracking.as_ref());
    if !o.bcast && !o.prefixes.is_empty() {
        return ctx.out.error("ERR PREFIX option requires BCAST mode to be enabled");
    }
    if current.is_some_and(|t| t.bcast != o.bcast) {
        return ctx.out.error("ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.");
    }
    if o.bcast && (o.optin || o.optout) {
        return ctx.out.error("ERR OPTIN and OPTOUT are not compatible with BCAST");
    }
    if o.optin && o.optout {
        return ctx.out.error("ERR You can't specify both OPTIN mode and OPTOUT mode");
    }
    if current.is_some_and(|t| (o.optin && t.optout) || (o.optout && t.optin)) {
        return ctx.out.error("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.");
    }
    for (i, p) in o.prefixes.iter().enumerate() {
        if let Some(existing) = current.and_then(|t| t.prefixes.iter().find(|q| prefixes_overlap(q, p))) {
            return ctx.out.error(&format!(
                "ERR Prefix '{}' overlaps with an existing prefix '{}'. Prefixes for a single client must not overlap.",
                c_str_text(p),
                c_str_text(existing)
            ));
        }
        if let Some(other) = o.prefixes[i + 1..].iter().find(|q| prefixes_overlap(p, q)) {
            return ctx.out.error(&format!(
                "ERR Prefix '{}' overlaps with another provided prefix '{}'. Prefixes for a single client must not overlap.",
                c_str_text(p),
                c_str_text(other)
            ));
        }
    }
    e.tracking_enable(ctx.client, o);
    ctx.out.ok();
}

/// CLIENT CACHING YES|NO: whether the next command's reads are tracked (OPTIN / OPTOUT).
fn client_caching(e: &mut Engine, ctx: &mut Ctx) {
    let Some(t) = e.clients.get_mut(ctx.client).and_then(|c| c.tracking.as_mut()) else {
        return ctx.out.error("ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled");
    };
    let v = ctx.argv[2];
    if v.eq_ignore_ascii_case(b"yes") {
        if !t.optin {
            return ctx.out.error("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
        }
    } else if v.eq_ignore_ascii_case(b"no") {
        if !t.optout {
            return ctx.out.error("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
        }
    } else {
        return ctx.out.error(SYNTAX);
    }
    t.caching = true;
    ctx.out.ok();
}

/// CLIENT TRACKINGINFO: flags (a set), redirect and prefixes.
fn client_trackinginfo(e: &mut Engine, ctx: &mut Ctx) {
    let t = e.clients.get(ctx.client).and_then(|c| c.tracking.as_ref());
    let out = &mut ctx.out;
    out.map(3);
    out.bulk(b"flags");
    let Some(t) = t else {
        out.set(1);
        out.bulk(b"off");
        out.bulk(b"redirect");
        out.int(-1);
        out.bulk(b"prefixes");
        return out.array(0);
    };
    let mut flags: Vec<&[u8]> = Vec::with_capacity(6);
    flags.push(b"on");
    if t.bcast {
        flags.push(b"bcast");
    }
    if t.optin {
        flags.push(b"optin");
        if t.caching {
            flags.push(b"caching-yes");
        }
    }
    if t.optout {
        flags.push(b"optout");
        if t.caching {
            flags.push(b"caching-no");
        }
    }
    if t.noloop {
        flags.push(b"noloop");
    }
    if t.broken_redirect {
        flags.push(b"broken_redirect");
    }
    out.set(flags.len());
    for f in flags {
        out.bulk(f);
    }
    out.bulk(b"redirect");
    out.int(t.redirect_id as i64);
    out.bulk(b"prefixes");
    out.array(t.prefixes.len());
    for p in &t.prefixes {
        out.bulk(p);
    }
}

/// CLIENT GETREDIR: the redirect id (0: none), -1 when tracking is off.
fn client_getredir(e: &mut Engine, ctx: &mut Ctx) {
    let id = e.clients.get(ctx.client).and_then(|c| c.tracking.as_ref()).map_or(-1, |t| t.redirect_id as i64);
    ctx.out.int(id);
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::engine::testing::*;
    use crate::engine::{Engine, HostInfo};
    use crate::ConnInfo;

    #[test]
    fn ping_echo_hello() {
        let (mut e, c) = engine();
        assert_eq!(run(&mut e, c, "PING"), b"+PONG\r\n");
        assert_eq!(run(&mut e, c, "ping hi"), b"$2\r\nhi\r\n");
        assert_eq!(run(&mut e, c, "ECHO x"), b"$1\r\nx\r\n");
        assert_eq!(run(&mut e, c, "HELLO 4"), b"-NOPROTO unsupported protocol version\r\n");
        assert_eq!(run(&mut e, c, "HELLO x"), b"-ERR Protocol version is not an integer or out of range\r\n");
        assert_eq!(run(&mut e, c, "HELLO 2 FOO"), b"-ERR Syntax error in HELLO option 'FOO'\r\n");
        let hello3 = run(&mut e, c, "HELLO 3");
        assert!(hello3.starts_with(b"%7\r\n$6\r\nserver\r\n$6\r\nspinel\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n"));
        assert_eq!(run(&mut e, c, "CLIENT GETNAME"), b"_\r\n");
        assert_eq!(run(&mut e, c, "RESET"), b"+RESET\r\n");
        assert_eq!(run(&mut e, c, "CLIENT GETNAME"), b"$-1\r\n");
    }

    #[test]
    fn auth_and_requirepass() {
        let (mut e, c) = engine();
        assert_eq!(
            run(&mut e, c, "AUTH x"),
            b"-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n"
        );
        assert_eq!(run(&mut e, c, "AUTH a b"), b"-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        assert_eq!(run(&mut e, c, "AUTH default anything"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "AUTH a b c"), b"-ERR syntax error\r\n");

        let mut cfg = Config::default();
        cfg.set("requirepass", "s3cret", true).unwrap();
        let mut e = Engine::new(cfg, HostInfo::default(), 1, T0);
        let c = e.connect(ConnInfo::default(), T0);
        assert!(e.auth_required(c));
        assert_eq!(run(&mut e, c, "PING"), b"-NOAUTH Authentication required.\r\n");
        assert!(run(&mut e, c, "HELLO 3").starts_with(b"-NOAUTH HELLO must be called"));
        assert_eq!(run(&mut e, c, "AUTH wrong"), b"-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        assert!(run(&mut e, c, "HELLO 3 AUTH default s3cret SETNAME me").starts_with(b"%7\r\n"));
        assert!(!e.auth_required(c));
        assert_eq!(run(&mut e, c, "CLIENT GETNAME"), b"$2\r\nme\r\n");
        assert_eq!(run(&mut e, c, "PING"), b"+PONG\r\n");
    }

    #[test]
    fn client_names_and_list() {
        let (mut e, c) = engine();
        assert_eq!(run(&mut e, c, "CLIENT ID"), b":1\r\n");
        assert_eq!(run(&mut e, c, "CLIENT SETNAME a\nb"), b"-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
        assert_eq!(run(&mut e, c, "CLIENT SETNAME nm"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "CLIENT GETNAME"), b"$2\r\nnm\r\n");
        assert_eq!(run_args(&mut e, c, &[b"CLIENT", b"SETNAME", b""]), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "CLIENT GETNAME"), b"$-1\r\n");
        let list = run(&mut e, c, "CLIENT LIST");
        let text = alloc::string::String::from_utf8(list).unwrap();
        assert!(text.contains("id=1 addr= laddr= fd=0 name= age=0 idle=0 flags=N db=0"), "{text}");
        assert!(text.contains("cmd=client|list user=default redir=-1 resp=2"), "{text}");
        assert_eq!(run(&mut e, c, "CLIENT LIST ID 1 2").len(), list_len(&text));
        assert_eq!(run(&mut e, c, "CLIENT LIST ID 5"), b"$0\r\n\r\n");
        assert_eq!(run(&mut e, c, "CLIENT LIST ID x"), b"-ERR Invalid client ID\r\n");
        assert_eq!(run(&mut e, c, "CLIENT LIST TYPE x"), b"-ERR Unknown client type 'x'\r\n");
        assert_eq!(run(&mut e, c, "CLIENT SETINFO lib-name redis-py"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "CLIENT SETINFO foo x"), b"-ERR Unrecognized option 'foo'\r\n");
    }

    fn list_len(t: &str) -> usize {
        t.len()
    }
}

#[cfg(test)]
mod no_touch_tests {
    use crate::engine::testing::{engine, run};

    #[test]
    fn no_touch_reads_leave_the_access_time_alone() {
        let (mut e, c) = engine();
        run(&mut e, c, "SET k v");
        let before = e.dbs[0].entry(e.dbs[0].find(b"k").unwrap()).lru;
        e.now_us += 5_000_000;
        assert_eq!(run(&mut e, c, "CLIENT NO-TOUCH on"), b"+OK\r\n");
        run(&mut e, c, "GET k");
        assert_eq!(e.dbs[0].entry(e.dbs[0].find(b"k").unwrap()).lru, before);
        assert!(alloc::string::String::from_utf8(run(&mut e, c, "CLIENT INFO")).unwrap().contains("flags=T "));
        // TOUCH still touches.
        run(&mut e, c, "TOUCH k");
        assert_eq!(e.dbs[0].entry(e.dbs[0].find(b"k").unwrap()).lru, before + 5);
        e.now_us += 5_000_000;
        assert_eq!(run(&mut e, c, "CLIENT NO-TOUCH off"), b"+OK\r\n");
        run(&mut e, c, "GET k");
        assert_eq!(e.dbs[0].entry(e.dbs[0].find(b"k").unwrap()).lru, before + 10);
        assert_eq!(run(&mut e, c, "CLIENT NO-TOUCH maybe"), b"-ERR syntax error\r\n");
    }
}
