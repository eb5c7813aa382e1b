//! What clients read about a command but dispatch does not need: the COMMAND DOCS text
//! (summary, since, group, complexity, history, arguments), Redis 7 key specs and command
//! tips. Keyed by full name (`get`, `client|kill`); the table in each command module holds
//! what dispatch needs (arity, flags, ACL categories, legacy key positions, handler).
//!
//! Entries live by Redis doc group, one file each under `meta/`, sorted by full name:
//! `string`, `generic` (keyspace and expiry), `connection`, `server`. A new group gets a file
//! and a line in [`GROUPS`]. The tests fail when a command of `commands::all()` has no entry,
//! when a file is out of order, and when the key specs disagree with the table's first/last/step.
//!
//! Rules for an entry:
//! - `since`, `group`, the argument tree (names, types, tokens, flags, `since` of arguments,
//!   key spec indexes), key specs (flags, begin_search, find_keys, notes) and tips are exactly
//!   Redis 7.0's: clients use them for completion, cluster routing and key extraction, and
//!   COMMAND INFO must match Redis byte for byte.
//! - summary, complexity and history texts are Spinel's own words.
//!
//! Key specs drive COMMAND GETKEYS ([`command_keys`]) and the `movablekeys` flag of COMMAND
//! INFO ([`legacy_range`]), as in Redis. A command whose key flags depend on its arguments
//! (key spec flag `VARIABLE_FLAGS`) or that specs cannot describe gets a [`GetKeysFn`], like
//! Redis's `getkeys_proc`.

mod acl;
mod bitmap;
#[cfg(feature = "server")]
mod cluster;
mod connection;
mod generic;
mod geo;
mod hash;
mod hyperloglog;
mod list;
mod pubsub;
#[cfg(test)]
pub(crate) mod redis_7_0_15;
mod scripting;
mod server;
mod set;
mod sorted_set;
mod stream;
mod string;
mod transactions;

use super::CommandSpec;
use alloc::vec::Vec;

/// Key spec flags, in the order COMMAND INFO and GETKEYSANDFLAGS list them.
pub mod key_flags {
    /// Read-only: reads the value without changing it.
    pub const RO: u32 = 1 << 0;
    /// Read-write: reads and changes the value.
    pub const RW: u32 = 1 << 1;
    /// Overwrite: replaces the value without reading it.
    pub const OW: u32 = 1 << 2;
    /// Remove: deletes the key.
    pub const RM: u32 = 1 << 3;
    /// Returns, copies or otherwise uses user data of the value.
    pub const ACCESS: u32 = 1 << 4;
    /// Updates data of the value (new value may depend on the old one).
    pub const UPDATE: u32 = 1 << 5;
    /// Adds data to the value without changing existing data.
    pub const INSERT: u32 = 1 << 6;
    /// Explicitly deletes data from the value.
    pub const DELETE: u32 = 1 << 7;
    /// Not a key, but routed like one (e.g. SPUBLISH's channel).
    pub const NOT_KEY: u32 = 1 << 8;
    /// The spec may miss some keys.
    pub const INCOMPLETE: u32 = 1 << 9;
    /// The flags depend on the arguments: ask the command's [`super::GetKeysFn`].
    pub const VARIABLE_FLAGS: u32 = 1 << 10;

    pub const NAMES: &[(u32, &str)] = &[
        (RO, "RO"),
        (RW, "RW"),
        (OW, "OW"),
        (RM, "RM"),
        (ACCESS, "access"),
        (UPDATE, "update"),
        (INSERT, "insert"),
        (DELETE, "delete"),
        (NOT_KEY, "not_key"),
        (INCOMPLETE, "incomplete"),
        (VARIABLE_FLAGS, "variable_flags"),
    ];
}

/// COMMAND DOCS `doc_flags`.
pub mod doc_flags {
    pub const DEPRECATED: u8 = 1 << 0;
    pub const SYSCMD: u8 = 1 << 1;
    pub const NAMES: &[(u8, &str)] = &[(DEPRECATED, "deprecated"), (SYSCMD, "syscmd")];
}

/// Flags of a documented argument.
pub mod arg_flags {
    pub const OPTIONAL: u8 = 1 << 0;
    pub const MULTIPLE: u8 = 1 << 1;
    pub const MULTIPLE_TOKEN: u8 = 1 << 2;
    pub const NAMES: &[(u8, &str)] = &[
        (OPTIONAL, "optional"),
        (MULTIPLE, "multiple"),
        (MULTIPLE_TOKEN, "multiple_token"),
    ];
}

/// Redis's command groups (COMMAND DOCS `group`).
pub const GROUP_NAMES: &[&str] = &[
    "generic",
    "string",
    "list",
    "set",
    "sorted-set",
    "hash",
    "pubsub",
    "transactions",
    "connection",
    "server",
    "scripting",
    "hyperloglog",
    "cluster",
    "sentinel",
    "geo",
    "stream",
    "bitmap",
    "module",
];

/// Where the search for keys starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BeginSearch {
    Unknown,
    /// At this argument index.
    Index(i32),
    /// After the first argument equal (case-insensitively) to `keyword`, searching from
    /// `startfrom` (negative: from the end, backwards).
    Keyword {
        keyword: &'static str,
        startfrom: i32,
    },
}

/// How keys are found from where the search began.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindKeys {
    Unknown,
    /// `lastkey` relative to the start (negative: from the end), every `keystep`; with
    /// `lastkey == -1` and `limit > 0`, only 1/limit of the remaining arguments.
    Range {
        lastkey: i32,
        keystep: i32,
        limit: i32,
    },
    /// The argument at `keynumidx` (relative to the start) says how many keys follow,
    /// the first at `firstkey` (relative to the start), every `keystep`.
    Keynum {
        keynumidx: i32,
        firstkey: i32,
        keystep: i32,
    },
}

/// A Redis 7 key spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeySpec {
    pub notes: &'static str,
    pub flags: u32,
    pub begin: BeginSearch,
    pub find: FindKeys,
}

/// A key spec (the entries use this with [`index`]/[`keyword`] and [`range`]/[`keynum`]).
pub const fn ks(flags: u32, begin: BeginSearch, find: FindKeys) -> KeySpec {
    KeySpec {
        notes: "",
        flags,
        begin,
        find,
    }
}

pub const fn index(pos: i32) -> BeginSearch {
    BeginSearch::Index(pos)
}

pub const fn keyword(keyword: &'static str, startfrom: i32) -> BeginSearch {
    BeginSearch::Keyword { keyword, startfrom }
}

pub const fn range(lastkey: i32, keystep: i32, limit: i32) -> FindKeys {
    FindKeys::Range {
        lastkey,
        keystep,
        limit,
    }
}

pub const fn keynum(keynumidx: i32, firstkey: i32, keystep: i32) -> FindKeys {
    FindKeys::Keynum {
        keynumidx,
        firstkey,
        keystep,
    }
}

impl KeySpec {
    pub const fn notes(mut self, notes: &'static str) -> Self {
        self.notes = notes;
        self
    }
}

/// Type of a documented argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgType {
    String,
    Integer,
    Double,
    Key,
    Pattern,
    UnixTime,
    PureToken,
    Oneof,
    Block,
}

impl ArgType {
    pub fn name(self) -> &'static str {
        match self {
            ArgType::String => "string",
            ArgType::Integer => "integer",
            ArgType::Double => "double",
            ArgType::Key => "key",
            ArgType::Pattern => "pattern",
            ArgType::UnixTime => "unix-time",
            ArgType::PureToken => "pure-token",
            ArgType::Oneof => "oneof",
            ArgType::Block => "block",
        }
    }
}

/// A documented argument (COMMAND DOCS `arguments`). Empty strings mean "absent".
#[derive(Clone, Copy, Debug)]
pub struct Arg {
    pub name: &'static str,
    pub kind: ArgType,
    /// Index into the command's key specs, for `key` arguments; -1 otherwise.
    pub key_spec_index: i32,
    pub token: &'static str,
    pub summary: &'static str,
    pub since: &'static str,
    pub deprecated_since: &'static str,
    /// [`arg_flags`] bits.
    pub flags: u8,
    /// Members of a `oneof` or `block`.
    pub args: &'static [Arg],
}

impl Arg {
    const fn new(name: &'static str, kind: ArgType) -> Self {
        Arg {
            name,
            kind,
            key_spec_index: -1,
            token: "",
            summary: "",
            since: "",
            deprecated_since: "",
            flags: 0,
            args: &[],
        }
    }
    pub const fn string(name: &'static str) -> Self {
        Self::new(name, ArgType::String)
    }
    pub const fn integer(name: &'static str) -> Self {
        Self::new(name, ArgType::Integer)
    }
    pub const fn double(name: &'static str) -> Self {
        Self::new(name, ArgType::Double)
    }
    pub const fn pattern(name: &'static str) -> Self {
        Self::new(name, ArgType::Pattern)
    }
    pub const fn unix_time(name: &'static str) -> Self {
        Self::new(name, ArgType::UnixTime)
    }
    pub const fn key(name: &'static str, key_spec_index: i32) -> Self {
        let mut a = Self::new(name, ArgType::Key);
        a.key_spec_index = key_spec_index;
        a
    }
    pub const fn pure_token(name: &'static str, token: &'static str) -> Self {
        let mut a = Self::new(name, ArgType::PureToken);
        a.token = token;
        a
    }
    pub const fn oneof(name: &'static str, args: &'static [Arg]) -> Self {
        let mut a = Self::new(name, ArgType::Oneof);
        a.args = args;
        a
    }
    pub const fn block(name: &'static str, args: &'static [Arg]) -> Self {
        let mut a = Self::new(name, ArgType::Block);
        a.args = args;
        a
    }
    pub const fn token(mut self, token: &'static str) -> Self {
        self.token = token;
        self
    }
    pub const fn summary(mut self, summary: &'static str) -> Self {
        self.summary = summary;
        self
    }
    pub const fn since(mut self, since: &'static str) -> Self {
        self.since = since;
        self
    }
    pub const fn deprecated_since(mut self, v: &'static str) -> Self {
        self.deprecated_since = v;
        self
    }
    pub const fn optional(mut self) -> Self {
        self.flags |= arg_flags::OPTIONAL;
        self
    }
    pub const fn multiple(mut self) -> Self {
        self.flags |= arg_flags::MULTIPLE;
        self
    }
    pub const fn multiple_token(mut self) -> Self {
        self.flags |= arg_flags::MULTIPLE_TOKEN;
        self
    }
}

/// One key argument found in a command line: its index in argv and its key spec flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyRef {
    pub pos: usize,
    pub flags: u32,
}

/// Finds the keys of a full command line (argv[0] is the command) when key specs cannot,
/// as Redis's `getkeys_proc`. Returns no keys when the arguments are invalid.
pub type GetKeysFn = fn(argv: &[&[u8]]) -> Vec<KeyRef>;

/// Whether the entries keep COMMAND DOCS' prose and argument trees (feature `command-docs`).
/// Without it the builders below drop summary, complexity, history and arguments, so the
/// constants holding them are never emitted: the npm package's wasm is ~19 KB smaller
/// gzipped (tests/differences.md). Everything dispatch, COMMAND INFO/GETKEYS, ACL and
/// client tracking read (key specs, tips, flags, group, since) is always kept.
const DOCS: bool = cfg!(feature = "command-docs");

/// Descriptive metadata of one command or subcommand. Empty strings mean "absent".
pub struct Meta {
    pub group: &'static str,
    pub since: &'static str,
    pub summary: &'static str,
    pub complexity: &'static str,
    /// [`doc_flags`] bits.
    pub doc_flags: u8,
    pub deprecated_since: &'static str,
    pub replaced_by: &'static str,
    /// (version, what changed).
    pub history: &'static [(&'static str, &'static str)],
    pub tips: &'static [&'static str],
    pub key_specs: &'static [KeySpec],
    pub get_keys: Option<GetKeysFn>,
    pub args: &'static [Arg],
}

impl Meta {
    pub const fn new(
        group: &'static str,
        since: &'static str,
        summary: &'static str,
        complexity: &'static str,
    ) -> Self {
        Meta {
            group,
            since,
            summary: if DOCS { summary } else { "" },
            complexity: if DOCS { complexity } else { "" },
            doc_flags: 0,
            deprecated_since: "",
            replaced_by: "",
            history: &[],
            tips: &[],
            key_specs: &[],
            get_keys: None,
            args: &[],
        }
    }
    /// Deprecated since `since`, replaced by `by`.
    pub const fn deprecated(mut self, since: &'static str, by: &'static str) -> Self {
        self.doc_flags |= doc_flags::DEPRECATED;
        self.deprecated_since = since;
        self.replaced_by = by;
        self
    }
    pub const fn syscmd(mut self) -> Self {
        self.doc_flags |= doc_flags::SYSCMD;
        self
    }
    pub const fn history(mut self, h: &'static [(&'static str, &'static str)]) -> Self {
        if DOCS {
            self.history = h;
        }
        self
    }
    pub const fn tips(mut self, t: &'static [&'static str]) -> Self {
        self.tips = t;
        self
    }
    pub const fn keys(mut self, k: &'static [KeySpec]) -> Self {
        self.key_specs = k;
        self
    }
    pub const fn get_keys(mut self, f: GetKeysFn) -> Self {
        self.get_keys = Some(f);
        self
    }
    pub const fn args(mut self, a: &'static [Arg]) -> Self {
        if DOCS {
            self.args = a;
        }
        self
    }
}

/// Every group file's entries, each sorted by full name.
const GROUPS: &[&[(&str, Meta)]] = &[
    acl::ENTRIES,
    bitmap::ENTRIES,
    #[cfg(feature = "server")]
    cluster::ENTRIES,
    connection::ENTRIES,
    generic::ENTRIES,
    geo::ENTRIES,
    hash::ENTRIES,
    hyperloglog::ENTRIES,
    list::ENTRIES,
    pubsub::ENTRIES,
    scripting::ENTRIES,
    server::ENTRIES,
    set::ENTRIES,
    sorted_set::ENTRIES,
    stream::ENTRIES,
    string::ENTRIES,
    transactions::ENTRIES,
];

/// The metadata of a command by lower-case full name (`get`, `client|kill`).
pub fn meta(full_name: &str) -> Option<&'static Meta> {
    GROUPS.iter().find_map(|g| {
        g.binary_search_by(|(n, _)| (*n).cmp(full_name))
            .ok()
            .map(|i| &g[i].1)
    })
}

/// Every entry, group by group.
pub fn entries() -> impl Iterator<Item = (&'static str, &'static Meta)> {
    GROUPS.iter().flat_map(|g| g.iter().map(|(n, m)| (*n, m)))
}

/// The legacy (first, last, step) key range Redis derives from key specs for COMMAND INFO,
/// and whether the command has movable keys (`movablekeys` flag): keys the legacy range
/// cannot describe. `last` is absolute, or negative (counted from the end).
/// Redis's `populateCommandLegacyRangeSpec`.
pub fn legacy_range(specs: &[KeySpec]) -> (i32, i32, i32, bool) {
    if specs.is_empty() {
        return (0, 0, 0, false);
    }
    if let [s] = specs {
        if let (
            BeginSearch::Index(pos),
            FindKeys::Range {
                lastkey, keystep, ..
            },
        ) = (s.begin, s.find)
        {
            let last = if lastkey >= 0 { lastkey + pos } else { lastkey };
            return (pos, last, keystep, s.flags & key_flags::INCOMPLETE != 0);
        }
    }
    let mut movable = false;
    let (mut first, mut last) = (i32::MAX, 0i32);
    let mut prev_last = 0i32;
    for s in specs {
        let (
            BeginSearch::Index(pos),
            FindKeys::Range {
                lastkey, keystep, ..
            },
        ) = (s.begin, s.find)
        else {
            movable = true;
            continue;
        };
        if keystep != 1 || (prev_last != 0 && prev_last != pos - 1) {
            movable = true;
            continue;
        }
        if s.flags & key_flags::INCOMPLETE != 0 {
            movable = true;
        }
        first = first.min(pos);
        let abs = if lastkey >= 0 { lastkey + pos } else { lastkey };
        // Unsigned comparison, as Redis: a negative (from the end) last key wins.
        last = if (last as u32) >= (abs as u32) {
            last
        } else {
            abs
        };
        prev_last = last;
    }
    if first == i32::MAX {
        return (0, 0, 0, true);
    }
    (first, last, 1, movable)
}

/// Whether the command has key arguments at all (Redis's `doesCommandHaveKeys`).
pub fn has_keys(spec: &CommandSpec) -> bool {
    match meta(spec.full_name) {
        Some(m) => {
            m.get_keys.is_some()
                || m.key_specs
                    .iter()
                    .any(|k| k.flags & key_flags::NOT_KEY == 0)
        }
        None => spec.first_key > 0,
    }
}

/// The key arguments of a full command line (`argv[0]` is the command name, and for a
/// subcommand `argv[1]` its name), as Redis's `getKeysFromCommandWithSpecs`: key specs when
/// they are complete and their flags fixed, else the command's [`GetKeysFn`]. No keys when
/// the arguments do not fit the specs. A command without metadata falls back to the table's
/// first/last/step, without flags.
pub fn command_keys(spec: &CommandSpec, argv: &[&[u8]]) -> Vec<KeyRef> {
    let Some(m) = meta(spec.full_name) else {
        return spec
            .key_positions(argv.len())
            .into_iter()
            .map(|pos| KeyRef { pos, flags: 0 })
            .collect();
    };
    let has_keyspec = m
        .key_specs
        .iter()
        .any(|k| k.flags & key_flags::NOT_KEY == 0);
    let has_varflags = m
        .key_specs
        .iter()
        .any(|k| k.flags & key_flags::VARIABLE_FLAGS != 0);
    if has_keyspec && !has_varflags {
        if let Some(keys) = keys_from_specs(m.key_specs, argv, spec.arity) {
            return keys;
        }
    }
    match m.get_keys {
        Some(f) => f(argv),
        None => Vec::new(),
    }
}

/// Redis's `getKeysUsingKeySpecs` (without NOT_KEY specs); `None` when a spec does not fit
/// the arguments or is incomplete.
fn keys_from_specs(specs: &[KeySpec], argv: &[&[u8]], arity: i32) -> Option<Vec<KeyRef>> {
    let argc = argv.len() as i64;
    let mut keys = Vec::new();
    for s in specs {
        if s.flags & key_flags::NOT_KEY != 0 {
            continue;
        }
        let mut first: i64 = 0;
        match s.begin {
            BeginSearch::Index(pos) => first = pos as i64,
            BeginSearch::Keyword { keyword, startfrom } => {
                let startfrom = startfrom as i64;
                let (start, end) = if startfrom > 0 {
                    (startfrom, argc - 1)
                } else {
                    (argc + startfrom, 1)
                };
                let mut i = start;
                loop {
                    if i == end || i >= argc || i < 1 {
                        // Redis checks `i != end` before the bounds, so `end` itself is never examined.
                        break;
                    }
                    if argv[i as usize].eq_ignore_ascii_case(keyword.as_bytes()) {
                        first = i + 1;
                        break;
                    }
                    i = if start <= end { i + 1 } else { i - 1 };
                }
                if first == 0 {
                    continue;
                }
            }
            BeginSearch::Unknown => return None,
        }
        let (last, step) = match s.find {
            FindKeys::Range {
                lastkey,
                keystep,
                limit,
            } => {
                let (lastkey, limit) = (lastkey as i64, limit as i64);
                let last = if lastkey >= 0 {
                    first + lastkey
                } else if limit == 0 {
                    argc + lastkey
                } else {
                    first + ((argc - first) / limit + lastkey)
                };
                (last, keystep as i64)
            }
            FindKeys::Keynum {
                keynumidx,
                firstkey,
                keystep,
            } => {
                let idx = first + keynumidx as i64;
                if keynumidx as i64 >= argc || idx >= argc {
                    return None;
                }
                let n = crate::num::parse_i64(argv[idx as usize]).filter(|n| *n >= 0)?;
                first += firstkey as i64;
                (first + n - 1, keystep as i64)
            }
            FindKeys::Unknown => return None,
        };
        if last >= argc || last < first || first >= argc {
            return None;
        }
        let mut i = first;
        while i <= last {
            if i >= argc || i < first {
                // Only commands of variable arity get here; Redis skips the position.
                if arity < 0 {
                    i += step.max(1);
                    continue;
                }
                return None;
            }
            keys.push(KeyRef {
                pos: i as usize,
                flags: s.flags,
            });
            i += step.max(1);
        }
        if s.flags & key_flags::INCOMPLETE != 0 {
            return None;
        }
    }
    Some(keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands;
    use alloc::format;
    use alloc::string::String;

    /// Every command and subcommand of the table, by full name.
    fn table_names() -> Vec<&'static str> {
        let mut v = Vec::new();
        for c in commands::all() {
            v.push(c.full_name);
            for s in c.subcommands {
                v.push(s.full_name);
            }
        }
        v
    }

    /// Commands whose metadata must exist whether or not their handler does yet.
    const REQUIRED: &str = "get set setnx setex psetex getset getdel getex mget mset msetnx append strlen incr decr \
        incrby decrby incrbyfloat getrange substr setrange lcs \
        del unlink exists type rename renamenx copy keys scan randomkey touch move dbsize select swapdb flushdb \
        flushall object object|encoding object|freq object|idletime object|refcount object|help \
        expire pexpire expireat pexpireat ttl pttl expiretime pexpiretime persist \
        ping echo quit reset hello auth client client|id client|setname client|getname client|list client|info \
        client|kill client|setinfo client|help info config config|get config|set config|resetstat config|help \
        time shutdown command command|count command|info command|docs command|list command|getkeys \
        command|getkeysandflags command|help";

    #[test]
    fn every_table_command_has_meta() {
        let missing: Vec<_> = table_names()
            .into_iter()
            .filter(|n| meta(n).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "commands without an entry in commands/meta/ (COMMAND DOCS, key specs, tips): {missing:?}"
        );
        let missing: Vec<_> = REQUIRED
            .split_whitespace()
            .filter(|n| meta(n).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "required meta entries missing: {missing:?}"
        );
    }

    #[test]
    fn groups_are_sorted_and_unique() {
        let mut all: Vec<&str> = Vec::new();
        for g in GROUPS {
            for w in g.windows(2) {
                assert!(
                    w[0].0 < w[1].0,
                    "meta entries out of order: {} before {}",
                    w[0].0,
                    w[1].0
                );
            }
            all.extend(g.iter().map(|(n, _)| *n));
        }
        all.sort_unstable();
        for w in all.windows(2) {
            assert_ne!(w[0], w[1], "duplicate meta entry");
        }
    }

    #[test]
    fn entries_are_well_formed() {
        fn check_args(name: &str, args: &[Arg], nspecs: usize) {
            for a in args {
                assert!(!a.name.is_empty(), "{name}: argument without a name");
                match a.kind {
                    ArgType::Key => assert!(
                        a.key_spec_index >= 0 && (a.key_spec_index as usize) < nspecs,
                        "{name}: key argument {} has no key spec",
                        a.name
                    ),
                    _ => assert_eq!(a.key_spec_index, -1, "{name}: {}", a.name),
                }
                if a.kind == ArgType::PureToken && a.name != "empty_string" {
                    assert!(
                        !a.token.is_empty(),
                        "{name}: pure-token {} without token",
                        a.name
                    );
                }
                let nested = matches!(a.kind, ArgType::Oneof | ArgType::Block);
                assert_eq!(nested, !a.args.is_empty(), "{name}: {}", a.name);
                check_args(name, a.args, nspecs);
            }
        }
        for (name, m) in entries() {
            assert_eq!(name, name.to_ascii_lowercase(), "meta names are lower case");
            assert!(
                GROUP_NAMES.contains(&m.group),
                "{name}: unknown group {}",
                m.group
            );
            // Redis documents no complexity for MONITOR, LOLWUT, SYNC and PSYNC; COMMAND DOCS omits it.
            let no_complexity = ["monitor", "lolwut", "sync", "psync"].contains(&name);
            assert!(!m.since.is_empty(), "{name}");
            if DOCS {
                assert!(!m.summary.is_empty() && (m.complexity.is_empty() == no_complexity), "{name}");
            }
            for t in m.tips {
                assert_eq!(*t, t.to_ascii_lowercase(), "{name}: tips are lower case");
            }
            if m.key_specs
                .iter()
                .any(|k| k.flags & key_flags::VARIABLE_FLAGS != 0)
            {
                assert!(
                    m.get_keys.is_some(),
                    "{name}: VARIABLE_FLAGS needs a get_keys function"
                );
            }
            check_args(name, m.args, m.key_specs.len());
        }
    }

    /// The table's first/last/step must be what Redis derives from the key specs.
    #[test]
    fn table_key_positions_match_key_specs() {
        let mut bad = String::new();
        for c in commands::all() {
            for s in core::iter::once(c).chain(c.subcommands.iter()) {
                let Some(m) = meta(s.full_name) else { continue };
                let (f, l, st, _) = legacy_range(m.key_specs);
                if (s.first_key, s.last_key, s.key_step) != (f, l, st) {
                    bad += &format!(
                        "{}: table has keys ({}, {}, {}), key specs give ({f}, {l}, {st}); ",
                        s.full_name, s.first_key, s.last_key, s.key_step
                    );
                }
            }
        }
        assert!(bad.is_empty(), "{bad}");
    }

    #[test]
    fn legacy_range_rules() {
        use key_flags::*;
        assert_eq!(
            legacy_range(&[ks(RO, index(1), range(0, 1, 0))]),
            (1, 1, 1, false)
        );
        assert_eq!(
            legacy_range(&[ks(OW, index(1), range(-1, 2, 0))]),
            (1, -1, 2, false)
        );
        // Two consecutive specs (RENAME): merged.
        assert_eq!(
            legacy_range(&[
                ks(RW, index(1), range(0, 1, 0)),
                ks(OW, index(2), range(0, 1, 0))
            ]),
            (1, 2, 1, false)
        );
        // A keynum spec (EVAL): no legacy range, movable.
        assert_eq!(
            legacy_range(&[ks(RW, index(2), keynum(0, 1, 1))]),
            (0, 0, 0, true)
        );
        // ZUNIONSTORE: destination plus keynum sources.
        assert_eq!(
            legacy_range(&[
                ks(OW, index(1), range(0, 1, 0)),
                ks(RO, index(2), keynum(0, 1, 1))
            ]),
            (1, 1, 1, true)
        );
        // Incomplete single spec.
        assert_eq!(
            legacy_range(&[ks(RO | INCOMPLETE, index(1), range(0, 1, 0))]),
            (1, 1, 1, true)
        );
    }

    #[test]
    fn keys_from_keyword_and_keynum_specs() {
        use key_flags::*;
        let argv: &[&[u8]] = &[b"x", b"2", b"a", b"b", b"STORE", b"dst"];
        let specs = [
            ks(RO, index(1), keynum(0, 1, 1)),
            ks(OW, keyword("STORE", 1), range(0, 1, 0)),
        ];
        let keys = keys_from_specs(&specs, argv, -2).unwrap();
        assert_eq!(keys.iter().map(|k| k.pos).collect::<Vec<_>>(), [2, 3, 5]);
        // Bad key count.
        let argv: &[&[u8]] = &[b"x", b"-1", b"a"];
        assert!(keys_from_specs(&specs[..1], argv, -2).is_none());
        // Keyword searched backwards from the end.
        let argv: &[&[u8]] = &[b"x", b"a", b"streams", b"k1", b"k2", b"0", b"0"];
        let specs = [ks(RO, keyword("STREAMS", 1), range(-1, 1, 2))];
        let keys = keys_from_specs(&specs, argv, -4).unwrap();
        assert_eq!(keys.iter().map(|k| k.pos).collect::<Vec<_>>(), [3, 4]);
    }
}
