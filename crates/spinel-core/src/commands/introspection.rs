//! COMMAND and its subcommands: what the server knows about its commands, read from the
//! command table (arity, flags, ACL categories, legacy key positions) and from `meta`
//! (key specs, tips, docs). Reply shapes are Redis 7.0.15's in RESP2 and RESP3.
//!
//! Redis lists commands in its dict's order, which is random per process; Spinel lists them
//! in table order. Clients must not (and do not) depend on either.

use super::meta::{self, key_flags, ArgType, BeginSearch, FindKeys, Meta};
use super::{acl, flags, CommandSpec, Ctx, SYNTAX};
use crate::engine::Engine;
use crate::resp::writer::Reply;

const F: u32 = flags::LOADING | flags::STALE;
const A: u32 = acl::SLOW | acl::CONNECTION;

pub const COMMANDS: &[CommandSpec] =
    &[CommandSpec::new("command", -1, F, A, command_all).with_subcommands(SUBCOMMANDS)];

const SUBCOMMANDS: &[CommandSpec] = &[
    CommandSpec::sub("command|count", "count", 2, F, A, command_count),
    CommandSpec::sub("command|info", "info", -2, F, A, command_info),
    CommandSpec::sub("command|docs", "docs", -2, F, A, command_docs),
    CommandSpec::sub("command|list", "list", -2, F, A, command_list),
    CommandSpec::sub("command|getkeys", "getkeys", -4, F, A, command_getkeys),
    CommandSpec::sub(
        "command|getkeysandflags",
        "getkeysandflags",
        -4,
        F,
        A,
        command_getkeysandflags,
    ),
    CommandSpec::sub("command|help", "help", 2, F, A, command_help),
];

/// Command flags COMMAND INFO never shows (Redis hides them on purpose).
const HIDDEN_FLAGS: u32 = flags::MAY_REPLICATE | flags::PROTECTED;

/// Finds a command by full name (`get`, `client|kill`, any case), as Redis's
/// `lookupCommandBySds`: at most one `|`, and a subcommand only under a container.
pub fn lookup_full_name(e: &Engine, name: &[u8]) -> Option<&'static CommandSpec> {
    if name.is_empty() {
        return None;
    }
    let mut parts = name.split(|&b| b == b'|');
    let base = parts.next()?;
    let sub = parts.next();
    if parts.next().is_some() {
        return None;
    }
    let spec = e.lookup_command(&[base])?;
    match sub {
        None => Some(spec),
        Some(sub) => spec
            .subcommands
            .iter()
            .find(|s| s.name.as_bytes().eq_ignore_ascii_case(sub)),
    }
}

/// The command named by a command line, as Redis's `lookupCommand`: the subcommand when the
/// first word names a container and a second word is given.
fn lookup_argv(e: &Engine, argv: &[&[u8]]) -> Option<&'static CommandSpec> {
    let spec = e.lookup_command(argv)?;
    if argv.len() == 1 || spec.subcommands.is_empty() {
        return Some(spec);
    }
    spec.subcommands
        .iter()
        .find(|s| s.name.as_bytes().eq_ignore_ascii_case(argv[1]))
}

/// The flags COMMAND INFO shows: the table's, plus `movablekeys` when the key specs say so.
pub fn info_flags(spec: &CommandSpec) -> u32 {
    let movable = meta::meta(spec.full_name).is_some_and(|m| meta::legacy_range(m.key_specs).3);
    let f = spec.flags | if movable { flags::MOVABLE_KEYS } else { 0 };
    f & !HIDDEN_FLAGS
}

// ----- COMMAND INFO ---------------------------------------------------------------------------

/// One command's COMMAND INFO entry: name, arity, flags, first key, last key, step, ACL
/// categories, tips, key specs, subcommands.
pub fn write_info(out: &mut Reply, spec: &CommandSpec) {
    let m = meta::meta(spec.full_name);
    out.array(10);
    out.bulk(spec.full_name.as_bytes());
    out.int(spec.arity as i64);
    let f = info_flags(spec);
    out.set(flags::NAMES.iter().filter(|(bit, _)| f & bit != 0).count());
    for (_, name) in flags::NAMES.iter().filter(|(bit, _)| f & bit != 0) {
        out.simple(name.as_bytes());
    }
    out.int(spec.first_key as i64);
    out.int(spec.last_key as i64);
    out.int(spec.key_step as i64);
    out.set(
        acl::NAMES
            .iter()
            .filter(|(bit, _)| spec.acl & bit != 0)
            .count(),
    );
    for (_, name) in acl::NAMES.iter().filter(|(bit, _)| spec.acl & bit != 0) {
        out.buf.push(b'+');
        out.buf.push(b'@');
        out.buf.extend_from_slice(name.as_bytes());
        out.buf.extend_from_slice(b"\r\n");
    }
    let tips = m.map_or(&[][..], |m| m.tips);
    out.set(tips.len());
    for t in tips {
        out.bulk(t.as_bytes());
    }
    write_key_specs(out, m);
    if spec.subcommands.is_empty() {
        out.set(0);
    } else {
        out.array(spec.subcommands.len());
        for s in spec.subcommands {
            write_info(out, s);
        }
    }
}

fn write_key_flags(out: &mut Reply, f: u32) {
    out.set(
        key_flags::NAMES
            .iter()
            .filter(|(bit, _)| f & bit != 0)
            .count(),
    );
    for (_, name) in key_flags::NAMES.iter().filter(|(bit, _)| f & bit != 0) {
        out.simple(name.as_bytes());
    }
}

fn write_key_specs(out: &mut Reply, m: Option<&Meta>) {
    let specs = m.map_or(&[][..], |m| m.key_specs);
    out.set(specs.len());
    for s in specs {
        out.map(if s.notes.is_empty() { 3 } else { 4 });
        if !s.notes.is_empty() {
            out.bulk(b"notes");
            out.bulk(s.notes.as_bytes());
        }
        out.bulk(b"flags");
        write_key_flags(out, s.flags);
        out.bulk(b"begin_search");
        out.map(2);
        out.bulk(b"type");
        match s.begin {
            BeginSearch::Unknown => {
                out.bulk(b"unknown");
                out.bulk(b"spec");
                out.map(0);
            }
            BeginSearch::Index(pos) => {
                out.bulk(b"index");
                out.bulk(b"spec");
                out.map(1);
                out.bulk(b"index");
                out.int(pos as i64);
            }
            BeginSearch::Keyword { keyword, startfrom } => {
                out.bulk(b"keyword");
                out.bulk(b"spec");
                out.map(2);
                out.bulk(b"keyword");
                out.bulk(keyword.as_bytes());
                out.bulk(b"startfrom");
                out.int(startfrom as i64);
            }
        }
        out.bulk(b"find_keys");
        out.map(2);
        out.bulk(b"type");
        match s.find {
            FindKeys::Unknown => {
                out.bulk(b"unknown");
                out.bulk(b"spec");
                out.map(0);
            }
            FindKeys::Range {
                lastkey,
                keystep,
                limit,
            } => {
                out.bulk(b"range");
                out.bulk(b"spec");
                out.map(3);
                out.bulk(b"lastkey");
                out.int(lastkey as i64);
                out.bulk(b"keystep");
                out.int(keystep as i64);
                out.bulk(b"limit");
                out.int(limit as i64);
            }
            FindKeys::Keynum {
                keynumidx,
                firstkey,
                keystep,
            } => {
                out.bulk(b"keynum");
                out.bulk(b"spec");
                out.map(3);
                out.bulk(b"keynumidx");
                out.int(keynumidx as i64);
                out.bulk(b"firstkey");
                out.int(firstkey as i64);
                out.bulk(b"keystep");
                out.int(keystep as i64);
            }
        }
    }
}

// ----- COMMAND DOCS ---------------------------------------------------------------------------

/// One command's COMMAND DOCS map (without its name).
pub fn write_docs(out: &mut Reply, spec: &CommandSpec) {
    write_docs_body(out, meta::meta(spec.full_name), spec.subcommands);
}

/// The docs map from metadata; `subs` are the subcommands to document under `subcommands`.
fn write_docs_body(out: &mut Reply, m: Option<&Meta>, subs: &[CommandSpec]) {
    let Some(m) = m else {
        // Not documented (the meta tests forbid this): the group is always present.
        out.map(1 + !subs.is_empty() as usize);
        out.bulk(b"group");
        out.bulk(b"generic");
        write_sub_docs(out, subs);
        return;
    };
    let present = |s: &str| !s.is_empty() as usize;
    let n = 1
        + present(m.summary)
        + present(m.since)
        + present(m.complexity)
        + (m.doc_flags != 0) as usize
        + present(m.deprecated_since)
        + present(m.replaced_by)
        + !m.history.is_empty() as usize
        + !m.args.is_empty() as usize
        + !subs.is_empty() as usize;
    out.map(n);
    if !m.summary.is_empty() {
        out.bulk(b"summary");
        out.bulk(m.summary.as_bytes());
    }
    if !m.since.is_empty() {
        out.bulk(b"since");
        out.bulk(m.since.as_bytes());
    }
    out.bulk(b"group");
    out.bulk(m.group.as_bytes());
    if !m.complexity.is_empty() {
        out.bulk(b"complexity");
        out.bulk(m.complexity.as_bytes());
    }
    if m.doc_flags != 0 {
        out.bulk(b"doc_flags");
        let names = meta::doc_flags::NAMES
            .iter()
            .filter(|(bit, _)| m.doc_flags & bit != 0);
        out.set(names.clone().count());
        for (_, name) in names {
            out.simple(name.as_bytes());
        }
    }
    if !m.deprecated_since.is_empty() {
        out.bulk(b"deprecated_since");
        out.bulk(m.deprecated_since.as_bytes());
    }
    if !m.replaced_by.is_empty() {
        out.bulk(b"replaced_by");
        out.bulk(m.replaced_by.as_bytes());
    }
    if !m.history.is_empty() {
        out.bulk(b"history");
        out.set(m.history.len());
        for (version, what) in m.history {
            out.array(2);
            out.bulk(version.as_bytes());
            out.bulk(what.as_bytes());
        }
    }
    if !m.args.is_empty() {
        out.bulk(b"arguments");
        write_args(out, m.args);
    }
    write_sub_docs(out, subs);
}

fn write_sub_docs(out: &mut Reply, subs: &[CommandSpec]) {
    if subs.is_empty() {
        return;
    }
    out.bulk(b"subcommands");
    out.map(subs.len());
    for s in subs {
        out.bulk(s.full_name.as_bytes());
        write_docs(out, s);
    }
}

fn write_args(out: &mut Reply, args: &[meta::Arg]) {
    out.array(args.len());
    for a in args {
        let nested = matches!(a.kind, ArgType::Oneof | ArgType::Block);
        let present = |s: &str| !s.is_empty() as usize;
        // A pure token always has its token, even an empty one (MIGRATE's `""`).
        let token = !a.token.is_empty() || a.kind == ArgType::PureToken;
        let n = 2
            + (a.key_spec_index >= 0) as usize
            + token as usize
            + present(a.summary)
            + present(a.since)
            + present(a.deprecated_since)
            + (a.flags != 0) as usize
            + nested as usize;
        out.map(n);
        out.bulk(b"name");
        out.bulk(a.name.as_bytes());
        out.bulk(b"type");
        out.bulk(a.kind.name().as_bytes());
        if a.key_spec_index >= 0 {
            out.bulk(b"key_spec_index");
            out.int(a.key_spec_index as i64);
        }
        if token {
            out.bulk(b"token");
            out.bulk(a.token.as_bytes());
        }
        for (key, v) in [
            ("summary", a.summary),
            ("since", a.since),
            ("deprecated_since", a.deprecated_since),
        ] {
            if !v.is_empty() {
                out.bulk(key.as_bytes());
                out.bulk(v.as_bytes());
            }
        }
        if a.flags != 0 {
            out.bulk(b"flags");
            let names = meta::arg_flags::NAMES
                .iter()
                .filter(|(bit, _)| a.flags & bit != 0);
            out.set(names.clone().count());
            for (_, name) in names {
                out.simple(name.as_bytes());
            }
        }
        if nested {
            out.bulk(b"arguments");
            write_args(out, a.args);
        }
    }
}

// ----- handlers -------------------------------------------------------------------------------

/// COMMAND: every command's info.
fn command_all(_e: &mut Engine, ctx: &mut Ctx<'_>) {
    reply_all_info(&mut ctx.out);
}

fn reply_all_info(out: &mut Reply) {
    out.array(super::all().count());
    for spec in super::all() {
        write_info(out, spec);
    }
}

fn command_count(_e: &mut Engine, ctx: &mut Ctx<'_>) {
    ctx.out.int(super::all().count() as i64);
}

/// COMMAND INFO [name ...]: unknown names give nil entries.
fn command_info(e: &mut Engine, ctx: &mut Ctx<'_>) {
    if ctx.argv.len() == 2 {
        return reply_all_info(&mut ctx.out);
    }
    ctx.out.array(ctx.argv.len() - 2);
    for name in &ctx.argv[2..] {
        match lookup_full_name(e, name) {
            Some(spec) => write_info(&mut ctx.out, spec),
            None => ctx.out.null(),
        }
    }
}

/// COMMAND DOCS [name ...]: a map of full name to docs; unknown names are left out.
fn command_docs(e: &mut Engine, ctx: &mut Ctx<'_>) {
    if ctx.argv.len() == 2 {
        ctx.out.map(super::all().count());
        for spec in super::all() {
            ctx.out.bulk(spec.full_name.as_bytes());
            write_docs(&mut ctx.out, spec);
        }
        return;
    }
    let found: alloc::vec::Vec<_> = ctx.argv[2..]
        .iter()
        .filter_map(|n| lookup_full_name(e, n))
        .collect();
    ctx.out.map(found.len());
    for spec in found {
        ctx.out.bulk(spec.full_name.as_bytes());
        write_docs(&mut ctx.out, spec);
    }
}

enum ListFilter<'a> {
    Module,
    AclCat(Option<u32>),
    Pattern(&'a [u8]),
}

impl ListFilter<'_> {
    fn keeps(&self, spec: &CommandSpec) -> bool {
        match self {
            ListFilter::Module => false, // no module commands
            ListFilter::AclCat(cat) => cat.is_some_and(|c| spec.acl & c != 0),
            ListFilter::Pattern(p) => crate::glob::glob_match(p, spec.full_name.as_bytes(), true),
        }
    }
}

/// COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]: full names of
/// commands and subcommands.
fn command_list(_e: &mut Engine, ctx: &mut Ctx<'_>) {
    let argv = ctx.argv;
    let mut filter = None;
    let mut i = 2;
    while i < argv.len() {
        let more = argv.len() - 1 - i;
        if argv[i].eq_ignore_ascii_case(b"filterby") && more == 2 {
            let (kind, arg) = (argv[i + 1], argv[i + 2]);
            filter = Some(if kind.eq_ignore_ascii_case(b"module") {
                ListFilter::Module
            } else if kind.eq_ignore_ascii_case(b"aclcat") {
                let cat = acl::NAMES
                    .iter()
                    .find(|(_, n)| n.as_bytes().eq_ignore_ascii_case(arg))
                    .map(|(bit, _)| *bit);
                ListFilter::AclCat(cat)
            } else if kind.eq_ignore_ascii_case(b"pattern") {
                ListFilter::Pattern(arg)
            } else {
                return ctx.out.error(SYNTAX);
            });
            i += 3;
        } else {
            return ctx.out.error(SYNTAX);
        }
    }
    let specs = super::all().flat_map(|c| core::iter::once(c).chain(c.subcommands.iter()));
    let names: alloc::vec::Vec<&str> = specs
        .filter(|s| filter.as_ref().is_none_or(|f| f.keeps(s)))
        .map(|s| s.full_name)
        .collect();
    ctx.out.bulk_array(names.iter());
}

fn command_getkeys(e: &mut Engine, ctx: &mut Ctx<'_>) {
    let cmd = lookup_argv(e, &ctx.argv[2..]);
    reply_getkeys(&mut ctx.out, cmd, &ctx.argv[2..], false);
}

fn command_getkeysandflags(e: &mut Engine, ctx: &mut Ctx<'_>) {
    let cmd = lookup_argv(e, &ctx.argv[2..]);
    reply_getkeys(&mut ctx.out, cmd, &ctx.argv[2..], true);
}

/// The GETKEYS / GETKEYSANDFLAGS reply for the command line `args`, `cmd` being the command
/// it names (Redis's `getKeysSubcommandImpl`).
fn reply_getkeys(out: &mut Reply, cmd: Option<&CommandSpec>, args: &[&[u8]], with_flags: bool) {
    let Some(cmd) = cmd else {
        return out.error("ERR Invalid command specified");
    };
    if !meta::has_keys(cmd) {
        return out.error("ERR The command has no key arguments");
    }
    let argc = args.len() as i64;
    let arity = cmd.arity as i64;
    if (arity > 0 && arity != argc) || argc < -arity {
        return out.error("ERR Invalid number of arguments specified for command");
    }
    let keys = meta::command_keys(cmd, args);
    if keys.is_empty() {
        if cmd.has(flags::NO_MANDATORY_KEYS) {
            return out.array(0);
        }
        return out.error("ERR Invalid arguments specified for command");
    }
    out.array(keys.len());
    for k in keys {
        if with_flags {
            out.array(2);
            out.bulk(args[k.pos]);
            write_key_flags(out, k.flags);
        } else {
            out.bulk(args[k.pos]);
        }
    }
}

const HELP: &[&str] = &[
    "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "(no subcommand)",
    "    Return details about all Redis commands.",
    "COUNT",
    "    Return the total number of commands in this Redis server.",
    "LIST",
    "    Return a list of all commands in this Redis server.",
    "INFO [<command-name> ...]",
    "    Return details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "DOCS [<command-name> ...]",
    "    Return documentation details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "GETKEYS <full-command>",
    "    Return the keys from a full Redis command.",
    "GETKEYSANDFLAGS <full-command>",
    "    Return the keys and the access flags from a full Redis command.",
    "HELP",
    "    Prints this help.",
];

fn command_help(_e: &mut Engine, ctx: &mut Ctx<'_>) {
    ctx.out.array(HELP.len());
    for line in HELP {
        ctx.out.simple(line.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::{ClientId, ConnInfo};
    use crate::commands::meta::redis_7_0_15 as redis;
    use crate::config::Config;
    use crate::engine::{HostInfo, Outcome};
    use crate::resp::writer::Protocol;
    use alloc::boxed::Box;
    use alloc::format;
    use alloc::string::String;
    use alloc::vec;
    use alloc::vec::Vec;

    // ----- a small RESP reader for comparing replies ------------------------------------------

    /// A parsed reply; `kind` is the RESP type byte.
    #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
    enum V {
        Line(u8, Vec<u8>),
        Bulk(Option<Vec<u8>>),
        Agg(u8, Vec<V>),
    }

    fn parse(b: &[u8]) -> V {
        let (v, n) = parse_at(b, 0);
        assert_eq!(n, b.len(), "trailing bytes after a reply");
        v
    }

    fn parse_at(b: &[u8], pos: usize) -> (V, usize) {
        let end = pos
            + b[pos..]
                .windows(2)
                .position(|w| w == b"\r\n")
                .expect("CRLF");
        let (t, rest) = (b[pos], &b[pos + 1..end]);
        let num = || core::str::from_utf8(rest).unwrap().parse::<i64>().unwrap();
        let mut p = end + 2;
        match t {
            b'$' => {
                let n = num();
                if n < 0 {
                    return (V::Bulk(None), p);
                }
                let n = n as usize;
                (V::Bulk(Some(b[p..p + n].to_vec())), p + n + 2)
            }
            b'*' | b'~' | b'%' | b'>' => {
                let n = num();
                if n < 0 {
                    return (V::Agg(t, Vec::new()), p); // *-1, unused here
                }
                let n = if t == b'%' { 2 * n } else { n } as usize;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    let (v, q) = parse_at(b, p);
                    items.push(v);
                    p = q;
                }
                (V::Agg(t, items), p)
            }
            _ => (V::Line(t, rest.to_vec()), p),
        }
    }

    fn enc(v: &V, out: &mut Vec<u8>) {
        match v {
            V::Line(t, s) => {
                out.push(*t);
                out.extend_from_slice(s);
                out.extend_from_slice(b"\r\n");
            }
            V::Bulk(None) => out.extend_from_slice(b"$-1\r\n"),
            V::Bulk(Some(s)) => {
                out.extend_from_slice(format!("${}\r\n", s.len()).as_bytes());
                out.extend_from_slice(s);
                out.extend_from_slice(b"\r\n");
            }
            V::Agg(t, items) => {
                let n = if *t == b'%' {
                    items.len() / 2
                } else {
                    items.len()
                };
                out.extend_from_slice(format!("{}{}\r\n", *t as char, n).as_bytes());
                for i in items {
                    enc(i, out);
                }
            }
        }
    }

    fn encode(v: &V) -> Vec<u8> {
        let mut out = Vec::new();
        enc(v, &mut out);
        out
    }

    /// The RESP2 form of a RESP3 reply, as Redis writes it: maps become flat arrays, sets
    /// arrays, the null `_` the null bulk `$-1`.
    fn down(v: &V) -> V {
        match v {
            V::Line(b'_', _) => V::Bulk(None),
            V::Agg(_, items) => V::Agg(b'*', items.iter().map(down).collect()),
            other => other.clone(),
        }
    }

    fn resp2(raw3: &[u8]) -> Vec<u8> {
        encode(&down(&parse(raw3)))
    }

    fn show(b: &[u8]) -> String {
        String::from_utf8_lossy(b).replace("\r\n", " ")
    }

    fn items(v: &V) -> &[V] {
        match v {
            V::Agg(_, items) => items,
            _ => panic!("not an aggregate: {v:?}"),
        }
    }

    fn text(v: &V) -> &str {
        match v {
            V::Line(_, s) | V::Bulk(Some(s)) => core::str::from_utf8(s).unwrap(),
            _ => panic!("not a string: {v:?}"),
        }
    }

    /// Blanks the prose of a COMMAND DOCS reply `{name: docs}` and drops `subcommands`, as the
    /// fixture has it; works on RESP2 (flat array) and RESP3 (map) forms.
    fn redact_docs(v: &mut V) {
        let V::Agg(_, top) = v else { panic!() };
        let V::Agg(_, docs) = &mut top[1] else {
            panic!()
        };
        let mut out = Vec::new();
        for pair in docs.chunks(2) {
            let (k, mut val) = (pair[0].clone(), pair[1].clone());
            match text(&k) {
                "summary" | "complexity" | "replaced_by" => val = V::Bulk(Some(Vec::new())),
                "history" => {
                    if let V::Agg(_, hs) = &mut val {
                        for h in hs {
                            if let V::Agg(_, e) = h {
                                e[1] = V::Bulk(Some(Vec::new()));
                            }
                        }
                    }
                }
                "subcommands" => continue,
                _ => {}
            }
            out.push(k);
            out.push(val);
        }
        *docs = out;
    }

    // ----- specs rebuilt from Redis's own COMMAND INFO ------------------------------------------

    fn nop(_: &mut Engine, _: &mut Ctx<'_>) {}

    /// A table entry with Redis's arity, flags, key positions and ACL categories for `name`.
    fn redis_spec(name: &'static str) -> Option<&'static CommandSpec> {
        let (_, raw) = redis::INFO.iter().find(|(n, _)| *n == name)?;
        let info = parse(raw);
        let f = &items(&info)[0];
        let int = |v: &V| text(v).parse::<i32>().unwrap();
        let bits = |v: &V, names: &[(u32, &str)], strip: &str| {
            items(v)
                .iter()
                .map(|x| {
                    names
                        .iter()
                        .find(|(_, n)| *n == &text(x)[strip.len()..])
                        .expect("known name")
                        .0
                })
                .fold(0, |a, b| a | b)
        };
        let fl = items(f);
        let full = text(&fl[0]);
        let short = full.rsplit('|').next().unwrap();
        let short: &'static str = Box::leak(String::from(short).into_boxed_str());
        let mut spec = CommandSpec::sub(
            name,
            short,
            int(&fl[1]),
            bits(&fl[2], flags::NAMES, ""),
            bits(&fl[6], acl::NAMES, "@"),
            nop,
        );
        spec = spec.keys(int(&fl[3]), int(&fl[4]), int(&fl[5]));
        Some(Box::leak(Box::new(spec)))
    }

    fn is_container(name: &str) -> bool {
        redis::INFO
            .iter()
            .any(|(n, _)| n.starts_with(name) && n.as_bytes().get(name.len()) == Some(&b'|'))
    }

    fn render(proto: Protocol, f: impl FnOnce(&mut Reply)) -> Vec<u8> {
        let mut buf = Vec::new();
        let mut r = Reply::new(&mut buf, proto);
        f(&mut r);
        buf
    }

    /// Meta plus Redis's own table entry gives Redis's COMMAND INFO, byte for byte.
    #[test]
    fn meta_reproduces_redis_command_info() {
        for (name, raw) in redis::INFO {
            let spec = redis_spec(name).unwrap();
            for proto in [Protocol::Resp3, Protocol::Resp2] {
                let ours = render(proto, |r| {
                    r.array(1);
                    write_info(r, spec)
                });
                let want = if proto == Protocol::Resp3 {
                    raw.to_vec()
                } else {
                    resp2(raw)
                };
                if is_container(name) {
                    // Compare all but the subcommands (checked one by one as their own entries).
                    let (o, w) = (parse(&ours), parse(&want));
                    assert_eq!(
                        items(&items(&o)[0])[..9],
                        items(&items(&w)[0])[..9],
                        "{name} {proto:?}"
                    );
                } else {
                    assert_eq!(show(&ours), show(&want), "COMMAND INFO {name} in {proto:?}");
                }
            }
        }
    }

    /// Meta gives Redis's COMMAND DOCS except for the prose, which is Spinel's.
    #[test]
    #[cfg(feature = "command-docs")]
    fn meta_reproduces_redis_command_docs() {
        for (name, raw) in redis::DOCS {
            let m = meta::meta(name).unwrap_or_else(|| panic!("no meta for {name}"));
            for proto in [Protocol::Resp3, Protocol::Resp2] {
                let ours = render(proto, |r| {
                    r.map(1);
                    r.bulk(name.as_bytes());
                    write_docs_body(r, Some(m), &[]);
                });
                let mut o = parse(&ours);
                redact_docs(&mut o);
                let want = if proto == Protocol::Resp3 {
                    raw.to_vec()
                } else {
                    resp2(raw)
                };
                assert_eq!(
                    show(&encode(&o)),
                    show(&want),
                    "COMMAND DOCS {name} in {proto:?}"
                );
            }
        }
    }

    /// GETKEYS / GETKEYSANDFLAGS from meta and Redis's table entries give Redis's replies.
    #[test]
    fn meta_reproduces_redis_getkeys() {
        for (args, keys, with_flags) in redis::GETKEYS {
            let argv: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
            let base = args[0].to_ascii_lowercase();
            let cmd = if base.contains('|') {
                None // full names are not command names
            } else if is_container(&base) && args.len() > 1 {
                let full = format!("{}|{}", base, args[1].to_ascii_lowercase());
                redis::INFO
                    .iter()
                    .find(|(n, _)| *n == full)
                    .and_then(|(n, _)| redis_spec(n))
            } else {
                redis::INFO
                    .iter()
                    .find(|(n, _)| *n == base)
                    .and_then(|(n, _)| redis_spec(n))
            };
            let ours = render(Protocol::Resp2, |r| reply_getkeys(r, cmd, &argv, false));
            assert_eq!(show(&ours), show(keys), "GETKEYS {args:?}");
            let ours = render(Protocol::Resp3, |r| reply_getkeys(r, cmd, &argv, true));
            assert_eq!(
                show(&ours),
                show(with_flags),
                "GETKEYSANDFLAGS {args:?} RESP3"
            );
            let ours = render(Protocol::Resp2, |r| reply_getkeys(r, cmd, &argv, true));
            assert_eq!(
                show(&ours),
                show(&resp2(with_flags)),
                "GETKEYSANDFLAGS {args:?} RESP2"
            );
        }
    }

    // ----- through the engine and the real table ---------------------------------------------

    const NOW: u64 = 1_700_000_000_000_000;

    fn engine() -> (Engine, ClientId) {
        let mut e = Engine::new(Config::default(), HostInfo::default(), 1, NOW);
        let c = e.connect(ConnInfo::default(), NOW);
        (e, c)
    }

    fn run(e: &mut Engine, c: ClientId, proto: Protocol, argv: &[&[u8]]) -> Vec<u8> {
        e.client_mut(c).unwrap().proto = proto;
        let mut out = Vec::new();
        assert_eq!(e.execute(c, argv, NOW, &mut out), Outcome::Done);
        out
    }

    /// Every command of the table that Redis 7.0.15 has must have Redis's COMMAND INFO:
    /// this is where a table entry (arity, flags, key positions, ACL categories) that
    /// disagrees with Redis shows up.
    #[test]
    fn table_command_info_matches_redis() {
        let (mut e, c) = engine();
        let mut bad = String::new();
        let mut checked = 0;
        for (name, raw) in redis::INFO {
            if lookup_full_name(&e, name.as_bytes()).is_none() {
                continue;
            }
            checked += 1;
            for proto in [Protocol::Resp3, Protocol::Resp2] {
                let ours = run(&mut e, c, proto, &[b"COMMAND", b"INFO", name.as_bytes()]);
                let want = if proto == Protocol::Resp3 {
                    raw.to_vec()
                } else {
                    resp2(raw)
                };
                let (mut o, mut w) = (parse(&ours), parse(&want));
                if is_container(name) {
                    // Subcommands are compared as their own entries; Spinel may have fewer
                    // (or, like CLIENT SETINFO, newer ones).
                    for v in [&mut o, &mut w] {
                        if let V::Agg(_, entries) = v {
                            if let V::Agg(_, fields) = &mut entries[0] {
                                fields[9] = V::Agg(b'*', Vec::new());
                            }
                        }
                    }
                }
                if o != w {
                    let (o, w) = (&items(&items(&o)[0]), &items(&items(&w)[0]));
                    let fields = [
                        "name",
                        "arity",
                        "flags",
                        "first",
                        "last",
                        "step",
                        "acl",
                        "tips",
                        "key specs",
                        "subcommands",
                    ];
                    for (i, f) in fields.iter().enumerate() {
                        if o.get(i) != w.get(i) {
                            bad += &format!(
                                "\n{name} ({proto:?}) {f}: Spinel {} / Redis {}",
                                show(&encode(o.get(i).unwrap_or(&V::Bulk(None)))),
                                show(&encode(&w[i]))
                            );
                        }
                    }
                }
            }
        }
        assert!(checked >= 8, "COMMAND and its subcommands at least");
        assert!(
            bad.is_empty(),
            "COMMAND INFO differs from Redis 7.0.15:{bad}"
        );
    }

    /// GETKEYS through dispatch, for every fixture case whose command is in the table.
    #[test]
    fn table_getkeys_matches_redis() {
        let (mut e, c) = engine();
        for (args, keys, with_flags) in redis::GETKEYS {
            let argv: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
            // Cases naming a command Spinel lacks are only meaningful once it exists
            // (`nosuch`, `GET|x` are meant to be unknown).
            if lookup_argv(&e, &argv).is_none()
                && !matches!(args[0], "nosuch" | "GET|x")
                && !is_container(&args[0].to_ascii_lowercase())
            {
                continue;
            }
            let mut line: Vec<&[u8]> = vec![b"COMMAND", b"GETKEYS"];
            line.extend(&argv);
            assert_eq!(
                show(&run(&mut e, c, Protocol::Resp2, &line)),
                show(keys),
                "GETKEYS {args:?}"
            );
            line[1] = b"GETKEYSANDFLAGS";
            assert_eq!(
                show(&run(&mut e, c, Protocol::Resp3, &line)),
                show(with_flags),
                "GETKEYSANDFLAGS {args:?}"
            );
        }
    }

    #[test]
    fn getkeys_errors() {
        let (mut e, c) = engine();
        let r = run(
            &mut e,
            c,
            Protocol::Resp2,
            &[b"COMMAND", b"GETKEYS", b"get"],
        );
        assert_eq!(
            r,
            b"-ERR wrong number of arguments for 'command|getkeys' command\r\n"
        );
        let r = run(
            &mut e,
            c,
            Protocol::Resp2,
            &[b"COMMAND", b"GETKEYS", b"nosuch", b"a"],
        );
        assert_eq!(r, b"-ERR Invalid command specified\r\n");
        let r = run(
            &mut e,
            c,
            Protocol::Resp2,
            &[b"COMMAND", b"GETKEYS", b"command", b"count"],
        );
        assert_eq!(r, b"-ERR The command has no key arguments\r\n");
        let r = run(
            &mut e,
            c,
            Protocol::Resp2,
            &[b"COMMAND", b"GETKEYS", b"command", b"nosuch"],
        );
        assert_eq!(r, b"-ERR Invalid command specified\r\n");
    }

    #[test]
    fn count_help_and_unknown_subcommand() {
        let (mut e, c) = engine();
        let n = crate::commands::all().count();
        let r = run(&mut e, c, Protocol::Resp2, &[b"command", b"count"]);
        assert_eq!(r, format!(":{n}\r\n").as_bytes());
        let r = run(&mut e, c, Protocol::Resp2, &[b"COMMAND", b"COUNT", b"x"]);
        assert_eq!(
            r,
            b"-ERR wrong number of arguments for 'command|count' command\r\n"
        );
        for proto in [Protocol::Resp2, Protocol::Resp3] {
            assert_eq!(
                show(&run(&mut e, c, proto, &[b"COMMAND", b"HELP"])),
                show(redis::HELP)
            );
        }
        let r = run(&mut e, c, Protocol::Resp2, &[b"COMMAND", b"foo"]);
        assert_eq!(r, b"-ERR unknown subcommand 'foo'. Try COMMAND HELP.\r\n");
    }

    #[test]
    fn info_and_docs_of_unknown_names() {
        let (mut e, c) = engine();
        let names: [&[u8]; 7] = [
            b"nosuch",
            b"COMMAND|COUNT",
            b"command|",
            b"|",
            b"",
            b"command|count|x",
            b"command|nosuch",
        ];
        let mut line: Vec<&[u8]> = vec![b"COMMAND", b"INFO"];
        line.extend(names);
        let r2 = run(&mut e, c, Protocol::Resp2, &line);
        let r3 = run(&mut e, c, Protocol::Resp3, &line);
        let (v2, v3) = (parse(&r2), parse(&r3));
        assert_eq!(items(&v2).len(), 7);
        for (i, (a, b)) in items(&v2).iter().zip(items(&v3)).enumerate() {
            if i == 1 {
                assert_eq!(text(&items(a)[0]), "command|count");
                assert_eq!(text(&items(b)[0]), "command|count");
            } else {
                assert_eq!(*a, V::Bulk(None), "entry {i}");
                assert_eq!(*b, V::Line(b'_', Vec::new()), "entry {i}");
            }
        }
        assert_eq!(
            run(
                &mut e,
                c,
                Protocol::Resp2,
                &[b"COMMAND", b"DOCS", b"nosuch"]
            ),
            b"*0\r\n"
        );
        assert_eq!(
            run(
                &mut e,
                c,
                Protocol::Resp3,
                &[b"COMMAND", b"DOCS", b"nosuch"]
            ),
            b"%0\r\n"
        );
        // Found names only, under their full names.
        let r = run(
            &mut e,
            c,
            Protocol::Resp3,
            &[b"COMMAND", b"DOCS", b"x", b"Command|Info", b"command"],
        );
        let v = parse(&r);
        let keys: Vec<&str> = items(&v).iter().step_by(2).map(text).collect();
        assert_eq!(keys, ["command|info", "command"]);
        // The container documents its subcommands in a map.
        let docs = items(&items(&v)[3]);
        let i = docs
            .iter()
            .position(|k| matches!(k, V::Bulk(Some(s)) if s == b"subcommands"))
            .unwrap();
        assert!(matches!(&docs[i + 1], V::Agg(b'%', subs) if subs.len() == 2 * SUBCOMMANDS.len()));
    }

    #[test]
    fn command_info_without_names_lists_everything() {
        let (mut e, c) = engine();
        let all = run(&mut e, c, Protocol::Resp3, &[b"COMMAND", b"INFO"]);
        let v = parse(&all);
        assert_eq!(items(&v).len(), crate::commands::all().count());
        let names: Vec<&str> = items(&v).iter().map(|i| text(&items(i)[0])).collect();
        assert!(names.contains(&"command"));
        // COMMAND alone gives the same (called directly: dispatch decides whether a
        // container runs without a subcommand).
        let mut buf = Vec::new();
        let argv: [&[u8]; 1] = [b"COMMAND"];
        let mut ctx = Ctx::new(c, &argv, Reply::new(&mut buf, Protocol::Resp3));
        command_all(&mut e, &mut ctx);
        assert_eq!(buf, all);
        let docs = run(&mut e, c, Protocol::Resp2, &[b"COMMAND", b"DOCS"]);
        assert_eq!(
            items(&parse(&docs)).len(),
            2 * crate::commands::all().count()
        );
    }

    #[test]
    fn command_list_and_filters() {
        let (mut e, c) = engine();
        let list = |e: &mut Engine, args: &[&[u8]]| {
            let mut line: Vec<&[u8]> = vec![b"COMMAND", b"LIST"];
            line.extend(args);
            let r = run(e, c, Protocol::Resp2, &line);
            if r.starts_with(b"-") {
                return Err(String::from_utf8(r).unwrap());
            }
            let mut names: Vec<String> = items(&parse(&r))
                .iter()
                .map(|v| String::from(text(v)))
                .collect();
            names.sort();
            Ok(names)
        };
        let all = list(&mut e, &[]).unwrap();
        let expected = crate::commands::all()
            .map(|c| 1 + c.subcommands.len())
            .sum::<usize>();
        assert_eq!(all.len(), expected);
        assert!(all.iter().any(|n| n == "command|getkeysandflags"));
        assert_eq!(
            list(&mut e, &[b"FILTERBY", b"PATTERN", b"COMMAND|GET*"]).unwrap(),
            ["command|getkeys", "command|getkeysandflags"]
        );
        let conn = list(&mut e, &[b"filterby", b"aclcat", b"CONNECTION"]).unwrap();
        assert!(conn.iter().any(|n| n == "command") && conn.iter().any(|n| n == "command|docs"));
        assert!(list(&mut e, &[b"FILTERBY", b"ACLCAT", b"nosuch"])
            .unwrap()
            .is_empty());
        assert!(list(&mut e, &[b"FILTERBY", b"ACLCAT", b"@connection"])
            .unwrap()
            .is_empty());
        assert!(list(&mut e, &[b"FILTERBY", b"MODULE", b"x"])
            .unwrap()
            .is_empty());
        let syntax = Err(String::from("-ERR syntax error\r\n"));
        assert_eq!(list(&mut e, &[b"x"]), syntax);
        assert_eq!(list(&mut e, &[b"FILTERBY", b"foo", b"x"]), syntax);
        assert_eq!(
            list(&mut e, &[b"FILTERBY", b"ACLCAT", b"read", b"x"]),
            syntax
        );
        assert_eq!(list(&mut e, &[b"FILTERBY", b"ACLCAT"]), syntax);
    }
}
