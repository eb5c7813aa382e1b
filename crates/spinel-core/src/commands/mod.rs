//! The command table and the shared plumbing of command handlers.
//!
//! Each module below holds one family's handlers and its slice of the table
//! (`pub const COMMANDS: &[CommandSpec]`): name, arity, flags, first/last/step key
//! positions, ACL categories, handler and subcommands. Descriptive metadata (COMMAND DOCS,
//! key specs, tips) lives in `meta`, keyed by full name. Dispatch, COMMAND INFO, ACL and
//! MULTI all read the same table.

/// The ACL commands (`acl` is the category table below).
#[path = "acl.rs"]
pub mod access;
pub mod bitmaps;
pub mod cluster;
pub mod connection;
pub mod diagnostics;
pub mod dump;
pub mod expire;
pub mod geo;
pub mod hashes;
pub mod hyperloglog;
pub mod introspection;
pub mod keys;
pub mod lists;
pub mod meta;
pub mod migrate;
pub mod module;
pub mod names;
pub mod pubsub;
pub mod persistence;
pub mod replication;
pub mod scripting;
pub mod server;
pub mod sets;
pub mod sort;
pub mod streams;
pub mod strings;
pub mod transactions;
pub mod zsets;

use crate::client::ClientId;
use crate::engine::{Engine, Outcome};
use crate::resp::writer::Reply;
use alloc::format;
use alloc::vec::Vec;

/// A command handler. It reads `ctx.argv`, writes the reply into `ctx.out`, and may set
/// `ctx.outcome` (blocked, close, shutdown).
pub type Handler = fn(&mut Engine, &mut Ctx<'_>);

/// What a handler gets for one call.
pub struct Ctx<'a> {
    pub client: ClientId,
    pub argv: &'a [&'a [u8]],
    pub out: Reply<'a>,
    pub outcome: Outcome,
    /// Set by handlers that wrote their own change-stream entries (e.g. SET EX -> SET PXAT),
    /// so the dispatcher does not also record argv verbatim.
    pub propagated: bool,
    /// Blocking commands must answer at once (inside MULTI or a script).
    pub no_block: bool,
    /// Called by a script (`redis.call`).
    pub from_script: bool,
}

impl<'a> Ctx<'a> {
    pub fn new(client: ClientId, argv: &'a [&'a [u8]], out: Reply<'a>) -> Self {
        Ctx { client, argv, out, outcome: Outcome::Done, propagated: false, no_block: false, from_script: false }
    }
}

/// Command flags, in the order COMMAND INFO lists them (Redis's CMD_* bit order).
pub mod flags {
    pub const WRITE: u32 = 1 << 0;
    pub const READONLY: u32 = 1 << 1;
    pub const DENYOOM: u32 = 1 << 2;
    pub const ADMIN: u32 = 1 << 4;
    pub const PUBSUB: u32 = 1 << 5;
    pub const NOSCRIPT: u32 = 1 << 6;
    pub const BLOCKING: u32 = 1 << 7;
    pub const LOADING: u32 = 1 << 8;
    pub const STALE: u32 = 1 << 9;
    pub const SKIP_MONITOR: u32 = 1 << 10;
    pub const SKIP_SLOWLOG: u32 = 1 << 11;
    pub const ASKING: u32 = 1 << 12;
    pub const FAST: u32 = 1 << 13;
    pub const NO_AUTH: u32 = 1 << 14;
    pub const MAY_REPLICATE: u32 = 1 << 15;
    pub const NO_MANDATORY_KEYS: u32 = 1 << 18;
    pub const PROTECTED: u32 = 1 << 19;
    pub const NO_ASYNC_LOADING: u32 = 1 << 22;
    pub const NO_MULTI: u32 = 1 << 23;
    pub const MOVABLE_KEYS: u32 = 1 << 24;
    pub const ALLOW_BUSY: u32 = 1 << 25;

    /// (bit, name) in COMMAND INFO order.
    pub const NAMES: &[(u32, &str)] = &[
        (WRITE, "write"),
        (READONLY, "readonly"),
        (DENYOOM, "denyoom"),
        (ADMIN, "admin"),
        (PUBSUB, "pubsub"),
        (NOSCRIPT, "noscript"),
        (BLOCKING, "blocking"),
        (LOADING, "loading"),
        (STALE, "stale"),
        (SKIP_MONITOR, "skip_monitor"),
        (SKIP_SLOWLOG, "skip_slowlog"),
        (ASKING, "asking"),
        (FAST, "fast"),
        (NO_AUTH, "no_auth"),
        (MAY_REPLICATE, "may_replicate"),
        (NO_MANDATORY_KEYS, "no_mandatory_keys"),
        (PROTECTED, "protected"),
        (NO_ASYNC_LOADING, "no_async_loading"),
        (NO_MULTI, "no_multi"),
        (MOVABLE_KEYS, "movablekeys"),
        (ALLOW_BUSY, "allow_busy"),
    ];
}

/// ACL categories, in the order COMMAND INFO lists them.
pub mod acl {
    pub const KEYSPACE: u32 = 1 << 0;
    pub const READ: u32 = 1 << 1;
    pub const WRITE: u32 = 1 << 2;
    pub const SET: u32 = 1 << 3;
    pub const SORTEDSET: u32 = 1 << 4;
    pub const LIST: u32 = 1 << 5;
    pub const HASH: u32 = 1 << 6;
    pub const STRING: u32 = 1 << 7;
    pub const BITMAP: u32 = 1 << 8;
    pub const HYPERLOGLOG: u32 = 1 << 9;
    pub const GEO: u32 = 1 << 10;
    pub const STREAM: u32 = 1 << 11;
    pub const PUBSUB: u32 = 1 << 12;
    pub const ADMIN: u32 = 1 << 13;
    pub const FAST: u32 = 1 << 14;
    pub const SLOW: u32 = 1 << 15;
    pub const BLOCKING: u32 = 1 << 16;
    pub const DANGEROUS: u32 = 1 << 17;
    pub const CONNECTION: u32 = 1 << 18;
    pub const TRANSACTION: u32 = 1 << 19;
    pub const SCRIPTING: u32 = 1 << 20;

    pub const NAMES: &[(u32, &str)] = &[
        (KEYSPACE, "keyspace"),
        (READ, "read"),
        (WRITE, "write"),
        (SET, "set"),
        (SORTEDSET, "sortedset"),
        (LIST, "list"),
        (HASH, "hash"),
        (STRING, "string"),
        (BITMAP, "bitmap"),
        (HYPERLOGLOG, "hyperloglog"),
        (GEO, "geo"),
        (STREAM, "stream"),
        (PUBSUB, "pubsub"),
        (ADMIN, "admin"),
        (FAST, "fast"),
        (SLOW, "slow"),
        (BLOCKING, "blocking"),
        (DANGEROUS, "dangerous"),
        (CONNECTION, "connection"),
        (TRANSACTION, "transaction"),
        (SCRIPTING, "scripting"),
    ];
}

/// One command (or subcommand) of the table.
pub struct CommandSpec {
    /// Lower-case name (`get`, or `kill` for `client|kill`).
    pub name: &'static str,
    /// `get`, or `client|kill` for a subcommand.
    pub full_name: &'static str,
    /// Redis arity: exact when positive, minimum when negative (counts the name).
    pub arity: i32,
    pub flags: u32,
    pub acl: u32,
    pub first_key: i32,
    pub last_key: i32,
    pub key_step: i32,
    pub handler: Handler,
    pub subcommands: &'static [CommandSpec],
}

impl CommandSpec {
    /// A command; `full_name` equals `name`.
    pub const fn new(name: &'static str, arity: i32, flags: u32, acl: u32, handler: Handler) -> Self {
        CommandSpec { name, full_name: name, arity, flags, acl, first_key: 0, last_key: 0, key_step: 0, handler, subcommands: &[] }
    }

    /// A subcommand, e.g. `CommandSpec::sub("client|kill", "kill", ...)`.
    pub const fn sub(full_name: &'static str, name: &'static str, arity: i32, flags: u32, acl: u32, handler: Handler) -> Self {
        CommandSpec { name, full_name, arity, flags, acl, first_key: 0, last_key: 0, key_step: 0, handler, subcommands: &[] }
    }

    pub const fn keys(mut self, first: i32, last: i32, step: i32) -> Self {
        self.first_key = first;
        self.last_key = last;
        self.key_step = step;
        self
    }

    pub const fn with_subcommands(mut self, subs: &'static [CommandSpec]) -> Self {
        self.subcommands = subs;
        self
    }

    #[inline]
    pub fn has(&self, flag: u32) -> bool {
        self.flags & flag != 0
    }

    #[inline]
    pub fn arity_ok(&self, argc: usize) -> bool {
        let a = self.arity;
        (a > 0 && argc == a as usize) || (a < 0 && argc >= (-a) as usize)
    }

    /// Key argument positions for `argv` from first/last/step (COMMAND GETKEYS, ACL).
    pub fn key_positions(&self, argc: usize) -> Vec<usize> {
        let mut out = Vec::new();
        if self.first_key <= 0 {
            return out;
        }
        let last = if self.last_key < 0 { argc as i32 + self.last_key } else { self.last_key };
        let mut i = self.first_key;
        while i <= last && (i as usize) < argc {
            out.push(i as usize);
            i += self.key_step.max(1);
        }
        out
    }
}

/// Every top-level command.
pub fn all() -> impl Iterator<Item = &'static CommandSpec> + Clone {
    [
        access::COMMANDS,
        bitmaps::COMMANDS,
        // The npm package leaves out what only a server has use for (D23).
        #[cfg(feature = "server")]
        cluster::COMMANDS,
        connection::COMMANDS,
        diagnostics::COMMANDS,
        dump::COMMANDS,
        expire::COMMANDS,
        geo::COMMANDS,
        hashes::COMMANDS,
        hyperloglog::COMMANDS,
        introspection::COMMANDS,
        keys::COMMANDS,
        lists::COMMANDS,
        migrate::COMMANDS,
        module::COMMANDS,
        pubsub::COMMANDS,
        persistence::COMMANDS,
        replication::COMMANDS,
        scripting::COMMANDS,
        server::COMMANDS,
        sets::COMMANDS,
        sort::COMMANDS,
        streams::COMMANDS,
        strings::COMMANDS,
        transactions::COMMANDS,
        zsets::COMMANDS,
    ]
    .into_iter()
    .flatten()
}

/// For a container command (CLIENT, CONFIG, ...) picks the subcommand named by argv[1],
/// replying with Redis's error when there is none.
#[inline(always)]
pub(crate) fn resolve_subcommand(spec: &'static CommandSpec, argv: &[&[u8]], out: &mut Reply) -> Option<&'static CommandSpec> {
    if spec.subcommands.is_empty() {
        return Some(spec);
    }
    find_subcommand(spec, argv, out)
}

fn find_subcommand(spec: &'static CommandSpec, argv: &[&[u8]], out: &mut Reply) -> Option<&'static CommandSpec> {
    let found = lookup_subcommand(spec, argv);
    if found.is_none() {
        let name = alloc::string::String::from_utf8_lossy(&argv[1][..argv[1].len().min(128)]).into_owned();
        out.error(&format!("ERR unknown subcommand '{}'. Try {} HELP.", name, spec.name.to_ascii_uppercase()));
    }
    found
}

/// Redis's `addReplySubcommandSyntaxError`: the subcommand (as typed, to a NUL, at most 128
/// bytes) and the command (upper case) of a call its handler refuses.
pub fn subcommand_syntax_error(out: &mut Reply, argv: &[&[u8]]) {
    let until_nul = |a: &[u8]| a.iter().position(|&b| b == 0).map_or(a.len(), |i| i);
    let sub = alloc::string::String::from_utf8_lossy(&argv[1][..until_nul(argv[1]).min(128)]).into_owned();
    let cmd = alloc::string::String::from_utf8_lossy(&argv[0][..until_nul(argv[0])]).to_ascii_uppercase();
    out.error(&format!("ERR unknown subcommand or wrong number of arguments for '{sub}'. Try {cmd} HELP."));
}

/// The subcommand argv names (any case); the command itself when it has none or argv names
/// none (the container's own arity check answers then: COMMAND alone is valid); None for an
/// unknown one.
pub(crate) fn lookup_subcommand(spec: &'static CommandSpec, argv: &[&[u8]]) -> Option<&'static CommandSpec> {
    if spec.subcommands.is_empty() || argv.len() < 2 {
        return Some(spec);
    }
    spec.subcommands.iter().find(|s| s.name.as_bytes().eq_ignore_ascii_case(argv[1]))
}

/// The handler of a container command (CLIENT, CONFIG, OBJECT): never runs, since dispatch
/// always picks a subcommand first (or answers the container's own arity error).
pub(crate) fn container(_e: &mut Engine, ctx: &mut Ctx) {
    ctx.out.error(SYNTAX);
}

/// `ERR unknown command 'x', with args beginning with: 'a' 'b' ` as Redis writes it.
pub(crate) fn reply_unknown_command(out: &mut Reply, argv: &[&[u8]]) {
    // Redis formats with `%.128s`/`%.*s`: bytes are quoted verbatim, cut at a NUL byte.
    let c_str = |b: &'_ [u8]| -> usize { b.iter().position(|&c| c == 0).unwrap_or(b.len()) };
    let mut msg: Vec<u8> = Vec::from(&b"ERR unknown command '"[..]);
    let name = &argv[0][..c_str(argv[0]).min(128)];
    msg.extend_from_slice(name);
    msg.extend_from_slice(b"', with args beginning with: ");
    // `'arg' ` is appended while the list is under 128 bytes, each cut to what is left.
    let mut args: Vec<u8> = Vec::new();
    for a in &argv[1..] {
        if args.len() >= 128 {
            break;
        }
        let take = c_str(a).min(128 - args.len());
        args.push(b'\'');
        args.extend_from_slice(&a[..take]);
        args.extend_from_slice(b"' ");
    }
    msg.extend_from_slice(&args);
    out.error_bytes(&msg);
}

// ----- helpers shared by handlers ----------------------------------------------------------

pub const WRONGTYPE: &str = "WRONGTYPE Operation against a key holding the wrong kind of value";
pub const NOT_INTEGER: &str = "ERR value is not an integer or out of range";
pub const SYNTAX: &str = "ERR syntax error";

/// Parses an integer argument, replying `ERR value is not an integer or out of range` if invalid.
pub fn arg_i64(out: &mut Reply, arg: &[u8]) -> Option<i64> {
    match crate::num::parse_i64(arg) {
        Some(n) => Some(n),
        None => {
            out.error(NOT_INTEGER);
            None
        }
    }
}

impl Ctx<'_> {
    /// The client's selected database.
    #[inline]
    pub fn db(&self, e: &Engine) -> usize {
        e.clients.get(self.client).map_or(0, |c| c.db)
    }
}
