//! Access control: users, their selectors, Redis 7.0's rule language (ACL SETUSER), the
//! description ACL LIST / GETUSER print, permission checks and the ACL LOG.
//!
//! A user has flags, SHA-256 password hashes and selectors; the first selector is the root
//! one (rules outside parentheses). A selector allows commands (one bit per command and
//! subcommand, plus "first-arg" exceptions like `+select|0`), key patterns with read/write
//! permissions and channel patterns. A command is allowed when any selector allows it.
//!
//! The description of command rules is computed from the bitmap as Redis 7.0 does (start
//! from `+@all` or `-@all`, add the categories that cover most of the allowed commands,
//! then single commands), so `+@all -get +get` reads back as `+@all`.

use crate::commands::meta::{self, key_flags};
use crate::commands::{self, CommandSpec};
use crate::vecmap::VecMap;
use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec::Vec;
use hashbrown::HashMap;

pub type UserId = u32;
/// The `default` user: always present, slot 0.
pub const DEFAULT_USER: UserId = 0;

/// User flags, in the order ACL LIST / GETUSER print them (Redis's `ACLUserFlags`).
mod uflag {
    pub const ENABLED: u8 = 1 << 0;
    pub const DISABLED: u8 = 1 << 1;
    pub const NOPASS: u8 = 1 << 2;
    pub const SKIP_SANITIZE: u8 = 1 << 3;
    pub const SANITIZE: u8 = 1 << 4;
    pub const NAMES: &[(u8, &str)] = &[
        (ENABLED, "on"),
        (DISABLED, "off"),
        (NOPASS, "nopass"),
        (SKIP_SANITIZE, "skip-sanitize-payload"),
        (SANITIZE, "sanitize-payload"),
    ];
}

const PERM_READ: u8 = 1;
const PERM_WRITE: u8 = 2;
const PERM_ALL: u8 = PERM_READ | PERM_WRITE;

/// Why a command was refused. The order is Redis's ACL_DENIED_* numbering: with several
/// selectors the "highest" refusal is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Denied {
    Command = 1,
    Key = 2,
    Auth = 3,
    Channel = 4,
}

/// Where a refusal happened (ACL LOG `context`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogContext {
    Toplevel,
    Multi,
    /// A command a script ran (`redis.call`).
    Lua,
}

/// Why a rule was refused (Redis sets errno; `ACLSetUserStringError` turns it into text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleError {
    /// ENOENT
    UnknownCommand,
    /// EINVAL
    Syntax,
    /// EEXIST
    AfterAllKeys,
    /// EISDIR
    AfterAllChannels,
    /// ENODEV
    NoSuchPassword,
    /// EBADMSG
    BadHash,
    /// ECHILD
    FirstArgOfSubcommand,
}

impl RuleError {
    pub fn text(self) -> &'static str {
        match self {
            RuleError::UnknownCommand => "Unknown command or category name in ACL",
            RuleError::Syntax => "Syntax error",
            RuleError::AfterAllKeys => "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
            RuleError::AfterAllChannels => "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels",
            RuleError::NoSuchPassword => "The password you are trying to remove from the user does not exist",
            RuleError::BadHash => "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters",
            RuleError::FirstArgOfSubcommand => "Allowing first-arg of a subcommand is not supported",
        }
    }
}

// ----- command ids ---------------------------------------------------------------------------

mod redis_commands;

/// Every command and subcommand gets a bit number, as Redis's `cmd->id`. The table holds
/// Spinel's commands plus the Redis 7.0 commands Spinel does not have yet (they can be
/// named in rules and are counted in categories, as in Redis, but never run).
pub struct CommandIds {
    /// Full names (`get`, `client|list`).
    names: Vec<&'static str>,
    /// ACL categories.
    acl: Vec<u32>,
    parent: Vec<Option<u16>>,
    children: Vec<Vec<u16>>,
    /// Top-level commands by lower-case name (subcommands are found through them).
    by_name: VecMap<&'static str, u16>,
    /// Spec address -> id, for the per-command check.
    by_addr: HashMap<usize, u16, foldhash::fast::FixedState>,
    /// Top-level ids in name order (the order descriptions list single commands).
    top: Vec<u16>,
    /// The `acl-pubsub-default` option: new selectors (and `reset`) allow every channel.
    /// Kept here because every rule is applied against this table.
    pub(crate) pubsub_default_all: bool,
}

impl CommandIds {
    fn new() -> Self {
        let mut ids = CommandIds {
            names: Vec::new(),
            acl: Vec::new(),
            parent: Vec::new(),
            children: Vec::new(),
            by_name: VecMap::new(),
            by_addr: HashMap::with_hasher(foldhash::fast::FixedState::with_seed(7)),
            top: Vec::new(),
            pubsub_default_all: false,
        };
        for spec in commands::all() {
            let id = ids.push(spec.full_name, spec.acl, None);
            ids.by_addr.insert(spec as *const CommandSpec as usize, id);
            ids.by_name.insert(spec.name, id);
            for sub in spec.subcommands {
                let sid = ids.push(sub.full_name, sub.acl, Some(id));
                ids.by_addr.insert(sub as *const CommandSpec as usize, sid);
            }
        }
        for &(name, acl, subs) in redis_commands::COMMANDS {
            let id = match ids.by_name.get(name) {
                Some(&id) => id,
                None => {
                    let id = ids.push(name, acl, None);
                    ids.by_name.insert(name, id);
                    id
                }
            };
            for &(full, sub_acl) in subs {
                if !ids.children[id as usize].iter().any(|&c| ids.names[c as usize] == full) {
                    ids.push(full, sub_acl, Some(id));
                }
            }
        }
        ids.top = ids.by_name.values().copied().collect();
        ids
    }

    fn push(&mut self, full_name: &'static str, acl: u32, parent: Option<u16>) -> u16 {
        let id = self.names.len() as u16;
        self.names.push(full_name);
        self.acl.push(acl);
        self.parent.push(parent);
        self.children.push(Vec::new());
        if let Some(p) = parent {
            self.children[p as usize].push(id);
        }
        id
    }

    fn len(&self) -> usize {
        self.names.len()
    }

    pub fn id_of(&self, spec: &'static CommandSpec) -> Option<u16> {
        self.by_addr.get(&(spec as *const CommandSpec as usize)).copied()
    }

    /// Redis's `ACLLookupCommand`: `name` or `name|sub`, case-insensitive.
    fn lookup(&self, name: &[u8]) -> Option<u16> {
        let mut parts = name.split(|&b| b == b'|');
        let base = parts.next()?;
        let sub = parts.next();
        if parts.next().is_some() {
            return None;
        }
        let lower = String::from_utf8(base.to_ascii_lowercase()).ok()?;
        let id = *self.by_name.get(lower.as_str())?;
        match sub {
            None => Some(id),
            Some(sub) => self.children[id as usize].iter().copied().find(|&c| {
                let full = self.names[c as usize];
                full.rsplit('|').next().is_some_and(|n| n.as_bytes().eq_ignore_ascii_case(sub))
            }),
        }
    }

    /// Full names of the commands and subcommands in a category (ACL CAT <category>).
    pub fn names_in(&self, flag: u32) -> impl Iterator<Item = &'static str> + '_ {
        (0..self.len()).filter(move |&i| self.acl[i] & flag != 0).map(|i| self.names[i])
    }

    fn has_children(&self, id: u16) -> bool {
        !self.children[id as usize].is_empty()
    }
}

// ----- selectors -------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq)]
struct KeyPattern {
    pattern: Vec<u8>,
    perm: u8,
}

#[derive(Clone, Debug)]
pub struct Selector {
    /// SELECTOR_FLAG_ALLCOMMANDS: every bit set and none cleared since `+@all`.
    all_commands: bool,
    /// The reserved "future commands" bit: set by `+@all`, cleared by `-@all` only.
    future: bool,
    bits: Vec<u64>,
    /// Allowed first arguments of otherwise denied commands (`+select|0`), by command id.
    first_args: Vec<(u16, Vec<Vec<u8>>)>,
    all_keys: bool,
    keys: Vec<KeyPattern>,
    all_channels: bool,
    channels: Vec<Vec<u8>>,
}

impl Selector {
    fn new(ids: &CommandIds) -> Self {
        let ncmds = ids.len();
        Selector {
            all_commands: false,
            future: false,
            bits: alloc::vec![0; ncmds.div_ceil(64)],
            first_args: Vec::new(),
            all_keys: false,
            keys: Vec::new(),
            all_channels: ids.pubsub_default_all,
            channels: Vec::new(),
        }
    }

    fn bit(&self, id: u16) -> bool {
        self.bits[id as usize / 64] & (1 << (id % 64)) != 0
    }

    fn set_bit(&mut self, id: u16, on: bool) {
        let (w, b) = (id as usize / 64, 1u64 << (id % 64));
        if on {
            self.bits[w] |= b;
        } else {
            self.bits[w] &= !b;
            self.all_commands = false;
        }
    }

    /// Redis's `ACLChangeSelectorPerm`: the command, and all subcommands of a container.
    fn change_perm(&mut self, ids: &CommandIds, id: u16, on: bool) {
        self.set_bit(id, on);
        self.first_args.retain(|(i, _)| *i != id);
        for &sub in &ids.children[id as usize] {
            self.set_bit(sub, on);
        }
    }

    fn set_category(&mut self, ids: &CommandIds, cat: u32, on: bool) {
        for id in 0..ids.len() as u16 {
            if ids.acl[id as usize] & cat != 0 {
                self.change_perm(ids, id, on);
            }
        }
    }

    fn set_all(&mut self, on: bool) {
        for w in &mut self.bits {
            *w = if on { u64::MAX } else { 0 };
        }
        self.all_commands = on;
        self.future = on;
        self.first_args.clear();
    }

    /// Allowed and denied counts among the commands of a category.
    fn count_category(&self, ids: &CommandIds, cat: u32) -> (usize, usize) {
        let (mut on, mut off) = (0, 0);
        for id in 0..ids.len() as u16 {
            if ids.acl[id as usize] & cat != 0 {
                if self.bit(id) {
                    on += 1;
                } else {
                    off += 1;
                }
            }
        }
        (on, off)
    }

    /// One rule that applies to a selector (Redis's `ACLSetSelector`).
    fn apply(&mut self, ids: &CommandIds, op: &[u8]) -> Result<(), RuleError> {
        let is = |s: &str| op.eq_ignore_ascii_case(s.as_bytes());
        if is("allkeys") || is("~*") {
            self.all_keys = true;
            self.keys.clear();
        } else if is("resetkeys") {
            self.all_keys = false;
            self.keys.clear();
        } else if is("allchannels") || is("&*") {
            self.all_channels = true;
            self.channels.clear();
        } else if is("resetchannels") {
            self.all_channels = false;
            self.channels.clear();
        } else if is("allcommands") || is("+@all") {
            self.set_all(true);
        } else if is("nocommands") || is("-@all") {
            self.set_all(false);
        } else if op.first() == Some(&b'~') || op.first() == Some(&b'%') {
            if self.all_keys {
                return Err(RuleError::AfterAllKeys);
            }
            let mut perm = 0u8;
            let mut offset = 1;
            if op[0] == b'%' {
                let mut ok = true;
                while offset < op.len() {
                    let c = op[offset].to_ascii_uppercase();
                    if c == b'R' && perm & PERM_READ == 0 {
                        perm |= PERM_READ;
                    } else if c == b'W' && perm & PERM_WRITE == 0 {
                        perm |= PERM_WRITE;
                    } else if op[offset] == b'~' {
                        offset += 1;
                        break;
                    } else {
                        ok = false;
                        break;
                    }
                    offset += 1;
                }
                if perm == 0 || !ok {
                    return Err(RuleError::Syntax);
                }
            } else {
                perm = PERM_ALL;
            }
            let pattern = &op[offset.min(op.len())..];
            if has_spaces(pattern) {
                return Err(RuleError::Syntax);
            }
            match self.keys.iter_mut().find(|k| k.pattern == pattern) {
                Some(k) => k.perm |= perm,
                None => self.keys.push(KeyPattern { pattern: pattern.to_vec(), perm }),
            }
            self.all_keys = false;
        } else if op.first() == Some(&b'&') {
            if self.all_channels {
                return Err(RuleError::AfterAllChannels);
            }
            let pattern = &op[1..];
            if has_spaces(pattern) {
                return Err(RuleError::Syntax);
            }
            if !self.channels.iter().any(|c| c == pattern) {
                self.channels.push(pattern.to_vec());
            }
            self.all_channels = false;
        } else if op.first() == Some(&b'+') && op.get(1) != Some(&b'@') {
            let name = &op[1..];
            match name.iter().rposition(|&b| b == b'|') {
                None => {
                    let id = ids.lookup(name).ok_or(RuleError::UnknownCommand)?;
                    self.change_perm(ids, id, true);
                }
                Some(bar) => {
                    let (base, sub) = (&name[..bar], &name[bar + 1..]);
                    let id = ids.lookup(base).ok_or(RuleError::UnknownCommand)?;
                    if ids.parent[id as usize].is_some() {
                        return Err(RuleError::FirstArgOfSubcommand);
                    }
                    if sub.is_empty() {
                        return Err(RuleError::Syntax);
                    }
                    if !ids.has_children(id) {
                        // `+select|0`: a first argument of an otherwise denied command.
                        match self.first_args.iter_mut().find(|(i, _)| *i == id) {
                            Some((_, args)) => {
                                if !args.iter().any(|a| a.eq_ignore_ascii_case(sub)) {
                                    args.push(sub.to_vec());
                                }
                            }
                            None => self.first_args.push((id, alloc::vec![sub.to_vec()])),
                        }
                    } else {
                        let sub_id = ids.lookup(name).ok_or(RuleError::UnknownCommand)?;
                        self.change_perm(ids, sub_id, true);
                    }
                }
            }
        } else if op.first() == Some(&b'-') && op.get(1) != Some(&b'@') {
            let id = ids.lookup(&op[1..]).ok_or(RuleError::UnknownCommand)?;
            self.change_perm(ids, id, false);
        } else if (op.first() == Some(&b'+') || op.first() == Some(&b'-')) && op.get(1) == Some(&b'@') {
            let cat = category_flag(&op[2..]).ok_or(RuleError::UnknownCommand)?;
            self.set_category(ids, cat, op[0] == b'+');
        } else {
            return Err(RuleError::Syntax);
        }
        Ok(())
    }

    /// The command rules, as Redis 7.0's `ACLDescribeSelectorCommandRules`.
    fn describe_commands(&self, ids: &CommandIds) -> String {
        let mut rules = String::new();
        let mut fake = Selector::new(ids);
        let additive = !self.future;
        if additive {
            rules.push_str("-@all ");
            fake.set_all(false);
        } else {
            rules.push_str("+@all ");
            fake.set_all(true);
        }
        // Greedy best fit: repeatedly the category with more commands like the user's bits
        // than unlike them, fewest unlike first, then most alike; `temp` forgets the
        // commands a chosen category already described.
        let mut temp = self.clone();
        let mut applied = [false; 32];
        loop {
            let mut best = None;
            let (mut min_diff, mut max_same) = (usize::MAX, 0);
            for (j, &(flag, _)) in commands::acl::NAMES.iter().enumerate() {
                if applied[j] {
                    continue;
                }
                let (on, off) = temp.count_category(ids, flag);
                let (diff, same) = if additive { (off, on) } else { (on, off) };
                if same > diff && (diff < min_diff || (diff == min_diff && same > max_same)) {
                    best = Some(j);
                    min_diff = diff;
                    max_same = same;
                }
            }
            let Some(j) = best else { break };
            let (flag, name) = commands::acl::NAMES[j];
            rules.push_str(if additive { "+@" } else { "-@" });
            rules.push_str(name);
            rules.push(' ');
            fake.set_category(ids, flag, additive);
            temp.set_category(ids, flag, !additive);
            applied[j] = true;
        }
        // Then the single commands that still differ, and first-arg exceptions.
        for &id in &ids.top {
            self.describe_single(ids, &mut fake, id, &mut rules);
            for &sub in &ids.children[id as usize] {
                self.describe_single(ids, &mut fake, sub, &mut rules);
            }
            let user_bit = self.bit(id);
            if !user_bit {
                if let Some((_, args)) = self.first_args.iter().find(|(i, _)| *i == id) {
                    for a in args {
                        rules.push('+');
                        rules.push_str(ids.names[id as usize]);
                        rules.push('|');
                        rules.push_str(&String::from_utf8_lossy(a));
                        rules.push(' ');
                    }
                }
            }
        }
        rules.pop();
        rules
    }

    fn describe_single(&self, ids: &CommandIds, fake: &mut Selector, id: u16, rules: &mut String) {
        let user_bit = self.bit(id);
        if user_bit != fake.bit(id) {
            rules.push(if user_bit { '+' } else { '-' });
            rules.push_str(ids.names[id as usize]);
            rules.push(' ');
            fake.change_perm(ids, id, user_bit);
        }
    }

    /// Keys part of a selector description: `~*`, or each pattern with its permission.
    fn describe_keys(&self, out: &mut String, sep_after: bool) {
        if self.all_keys {
            out.push_str("~*");
            if sep_after {
                out.push(' ');
            }
            return;
        }
        for (i, k) in self.keys.iter().enumerate() {
            if !sep_after && i > 0 {
                out.push(' ');
            }
            out.push_str(match k.perm {
                PERM_READ => "%R~",
                PERM_WRITE => "%W~",
                _ => "~",
            });
            out.push_str(&String::from_utf8_lossy(&k.pattern));
            if sep_after {
                out.push(' ');
            }
        }
    }

    fn describe_channels(&self, out: &mut String, sep_after: bool) {
        if self.all_channels {
            out.push_str("&*");
            if sep_after {
                out.push(' ');
            }
            return;
        }
        if sep_after {
            out.push_str("resetchannels ");
        }
        for (i, c) in self.channels.iter().enumerate() {
            if !sep_after && i > 0 {
                out.push(' ');
            }
            out.push('&');
            out.push_str(&String::from_utf8_lossy(c));
            if sep_after {
                out.push(' ');
            }
        }
    }

    /// `~keys &channels commands`, as ACL LIST prints a selector.
    fn describe(&self, ids: &CommandIds) -> String {
        let mut s = String::new();
        self.describe_keys(&mut s, true);
        self.describe_channels(&mut s, true);
        s.push_str(&self.describe_commands(ids));
        s
    }

    /// Redis's `ACLSelectorCheckCmd`.
    fn check(&self, id: u16, spec: &CommandSpec, argv: &[&[u8]], keys: &mut Option<Vec<meta::KeyRef>>) -> Result<(), (Denied, usize)> {
        if !self.all_commands && !spec.has(commands::flags::NO_AUTH) && !self.bit(id) {
            let allowed = argv.len() >= 2
                && self
                    .first_args
                    .iter()
                    .find(|(i, _)| *i == id)
                    .is_some_and(|(_, args)| args.iter().any(|a| a.eq_ignore_ascii_case(argv[1])));
            if !allowed {
                return Err((Denied::Command, 0));
            }
        }
        if !self.all_keys && meta::has_keys(spec) {
            let keys = keys.get_or_insert_with(|| meta::command_keys(spec, argv));
            for k in keys.iter() {
                if !self.key_allowed(argv[k.pos], k.flags) {
                    return Err((Denied::Key, k.pos));
                }
            }
        }
        if !self.all_channels {
            if let Some((first, pattern)) = channel_args(spec) {
                let last = if spec.name == "publish" || spec.name == "spublish" { 2.min(argv.len()) } else { argv.len() };
                for (pos, ch) in argv.iter().enumerate().take(last).skip(first) {
                    if !self.channel_allowed(ch, pattern) {
                        return Err((Denied::Channel, pos));
                    }
                }
            }
        }
        Ok(())
    }

    /// Redis's `ACLSelectorCheckKey`: access needs read, insert/delete/update need write.
    fn key_allowed(&self, key: &[u8], spec_flags: u32) -> bool {
        if self.all_keys {
            return true;
        }
        let mut need = 0u8;
        if spec_flags & key_flags::ACCESS != 0 {
            need |= PERM_READ;
        }
        if spec_flags & (key_flags::INSERT | key_flags::DELETE | key_flags::UPDATE) != 0 {
            need |= PERM_WRITE;
        }
        self.keys
            .iter()
            .any(|k| k.perm & need == need && crate::glob::glob_match(&k.pattern, key, false))
    }

    /// Redis's `ACLCheckChannelAgainstList`: patterns (PSUBSCRIBE) must appear literally.
    fn channel_allowed(&self, channel: &[u8], is_pattern: bool) -> bool {
        self.all_channels
            || self.channels.iter().any(|p| {
                if is_pattern {
                    p == channel
                } else {
                    crate::glob::glob_match(p, channel, false)
                }
            })
    }
}

/// Commands whose arguments are channels the user must be allowed: (first channel
/// position, whether they are patterns). Unsubscribing is always allowed.
fn channel_args(spec: &CommandSpec) -> Option<(usize, bool)> {
    match spec.full_name {
        "publish" | "spublish" | "subscribe" | "ssubscribe" => Some((1, false)),
        "psubscribe" => Some((1, true)),
        _ => None,
    }
}

/// Redis's `ACLStringHasSpaces`: whitespace or NUL.
fn has_spaces(s: &[u8]) -> bool {
    s.iter().any(|&b| b == 0 || b == b' ' || (b'\t'..=b'\r').contains(&b))
}

pub fn category_flag(name: &[u8]) -> Option<u32> {
    commands::acl::NAMES.iter().find(|(_, n)| n.as_bytes().eq_ignore_ascii_case(name)).map(|(f, _)| *f)
}

// ----- users -----------------------------------------------------------------------------------

#[derive(Clone, Debug)]
pub struct User {
    pub name: Vec<u8>,
    flags: u8,
    /// SHA-256 hex digests, in the order they were added.
    passwords: Vec<String>,
    /// `selectors[0]` is the root selector.
    selectors: Vec<Selector>,
}

pub struct UserDetails {
    pub flags: Vec<&'static str>,
    pub passwords: Vec<String>,
    pub selectors: Vec<[String; 3]>,
}

/// SHA-256 of a password as 64 lowercase hex digits (Redis's `ACLHashPassword`).
pub fn hash_password(pass: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(pass);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push(char::from(b"0123456789abcdef"[(b >> 4) as usize]));
        s.push(char::from(b"0123456789abcdef"[(b & 15) as usize]));
    }
    s
}

fn valid_hash(h: &[u8]) -> bool {
    h.len() == 64 && h.iter().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
}

/// Compares two digests without stopping at the first difference (Redis's
/// `time_independent_strcmp`).
fn same_digest(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl User {
    fn new(name: &[u8], ids: &CommandIds) -> Self {
        User { name: name.to_vec(), flags: uflag::DISABLED, passwords: Vec::new(), selectors: alloc::vec![Selector::new(ids)] }
    }

    pub fn enabled(&self) -> bool {
        self.flags & uflag::DISABLED == 0
    }

    pub fn nopass(&self) -> bool {
        self.flags & uflag::NOPASS != 0
    }

    /// Whether `pass` opens this user (enabled, and nopass or a matching password).
    pub fn password_ok(&self, pass: &[u8]) -> bool {
        if !self.enabled() {
            return false;
        }
        if self.nopass() {
            return true;
        }
        let h = hash_password(pass);
        let mut found = false;
        for p in &self.passwords {
            found |= same_digest(p.as_bytes(), h.as_bytes());
        }
        found
    }

    /// One rule (Redis's `ACLSetUser`).
    fn apply(&mut self, ids: &CommandIds, op: &[u8]) -> Result<(), RuleError> {
        if op.is_empty() {
            return Ok(());
        }
        let is = |s: &str| op.eq_ignore_ascii_case(s.as_bytes());
        if is("on") {
            self.flags = (self.flags | uflag::ENABLED) & !uflag::DISABLED;
        } else if is("off") {
            self.flags = (self.flags | uflag::DISABLED) & !uflag::ENABLED;
        } else if is("skip-sanitize-payload") {
            self.flags = (self.flags | uflag::SKIP_SANITIZE) & !uflag::SANITIZE;
        } else if is("sanitize-payload") {
            self.flags = (self.flags | uflag::SANITIZE) & !uflag::SKIP_SANITIZE;
        } else if is("nopass") {
            self.flags |= uflag::NOPASS;
            self.passwords.clear();
        } else if is("resetpass") {
            self.flags &= !uflag::NOPASS;
            self.passwords.clear();
        } else if op[0] == b'>' || op[0] == b'#' {
            let hash = if op[0] == b'>' {
                hash_password(&op[1..])
            } else if valid_hash(&op[1..]) {
                String::from_utf8_lossy(&op[1..]).into_owned()
            } else {
                return Err(RuleError::BadHash);
            };
            if !self.passwords.contains(&hash) {
                self.passwords.push(hash);
            }
            self.flags &= !uflag::NOPASS;
        } else if op[0] == b'<' || op[0] == b'!' {
            let hash = if op[0] == b'<' {
                hash_password(&op[1..])
            } else if valid_hash(&op[1..]) {
                String::from_utf8_lossy(&op[1..]).into_owned()
            } else {
                return Err(RuleError::BadHash);
            };
            let pos = self.passwords.iter().position(|p| *p == hash).ok_or(RuleError::NoSuchPassword)?;
            self.passwords.remove(pos);
        } else if op[0] == b'(' && op[op.len() - 1] == b')' {
            let mut s = Selector::new(ids);
            let inner = &op[1..op.len().max(2) - 1];
            for rule in split_args(inner).ok_or(RuleError::Syntax)? {
                s.apply(ids, &rule)?;
            }
            self.selectors.push(s);
        } else if is("clearselectors") {
            self.selectors.truncate(1);
        } else if is("reset") {
            for r in ["resetpass", "resetkeys", "resetchannels"] {
                self.apply(ids, r.as_bytes())?;
            }
            if ids.pubsub_default_all {
                self.apply(ids, b"allchannels")?;
            }
            for r in ["off", "sanitize-payload", "clearselectors", "-@all"] {
                self.apply(ids, r.as_bytes())?;
            }
        } else {
            self.selectors[0].apply(ids, op)?;
        }
        Ok(())
    }

    /// `on #hash ~keys resetchannels -@all +get (...)`, as ACL LIST prints a user.
    pub fn describe(&self, ids: &CommandIds) -> String {
        let mut s = String::new();
        for &(f, name) in uflag::NAMES {
            if self.flags & f != 0 {
                s.push_str(name);
                s.push(' ');
            }
        }
        for p in &self.passwords {
            s.push('#');
            s.push_str(p);
            s.push(' ');
        }
        for (i, sel) in self.selectors.iter().enumerate() {
            if i == 0 {
                s.push_str(&sel.describe(ids));
            } else {
                s.push_str(" (");
                s.push_str(&sel.describe(ids));
                s.push(')');
            }
        }
        s
    }

    /// What ACL GETUSER shows: flag names, password hashes, and per selector (root first)
    /// its commands, keys and channels descriptions.
    pub fn details(&self, ids: &CommandIds) -> UserDetails {
        let flags = uflag::NAMES.iter().filter(|(f, _)| self.flags & f != 0).map(|(_, n)| *n).collect();
        let selectors = self
            .selectors
            .iter()
            .map(|s| {
                let (mut keys, mut channels) = (String::new(), String::new());
                s.describe_keys(&mut keys, false);
                s.describe_channels(&mut channels, false);
                [s.describe_commands(ids), keys, channels]
            })
            .collect();
        UserDetails { flags, passwords: self.passwords.clone(), selectors }
    }

    /// Redis's `ACLCheckAllUserCommandPerm`: allowed if any selector allows; otherwise the
    /// most relevant refusal, with the argv index of the refused key or channel.
    pub fn check(&self, ids: &CommandIds, spec: &'static CommandSpec, argv: &[&[u8]]) -> Result<(), (Denied, usize)> {
        let Some(id) = ids.id_of(spec) else {
            return Ok(());
        };
        let mut keys = None;
        let mut worst = (Denied::Command, 0usize);
        for sel in &self.selectors {
            match sel.check(id, spec, argv, &mut keys) {
                Ok(()) => return Ok(()),
                Err((why, pos)) => {
                    if why > worst.0 || (why == worst.0 && pos > worst.1) {
                        worst = (why, pos);
                    }
                }
            }
        }
        Err(worst)
    }

    /// Redis's `ACLUserCheckCmdWithUnrestrictedKeyAccess` for read access: some selector
    /// allows the command and may read every key (`~*`, `allkeys` or `%R~*`). SORT's BY and GET
    /// patterns name keys no key spec shows, so they need it.
    pub fn reads_every_key(&self, ids: &CommandIds, spec: &'static CommandSpec, argv: &[&[u8]]) -> bool {
        let Some(id) = ids.id_of(spec) else {
            return true;
        };
        self.selectors.iter().any(|sel| {
            let every_key = sel.all_keys || sel.keys.iter().any(|k| k.pattern == b"*" && k.perm & PERM_READ != 0);
            every_key && sel.check(id, spec, argv, &mut None).is_ok()
        })
    }

    /// True when nothing can be refused (the fast path of the dispatcher).
    #[inline(always)]
    fn unrestricted(&self) -> bool {
        let root = &self.selectors[0];
        root.all_commands && root.all_keys && root.all_channels
    }

    /// After a change from `original` to `self`: the channel patterns subscribers of this
    /// user are now checked against, or `None` when no subscriber can have lost access
    /// (some selector allows every channel, or every old pattern is still listed). Redis's
    /// `ACLKillPubsubClientsIfNeeded`.
    pub fn revoked_channels(&self, original: &User) -> Option<Vec<Vec<u8>>> {
        if self.selectors.iter().any(|s| s.all_channels) {
            return None;
        }
        let upcoming: Vec<Vec<u8>> = self.selectors.iter().flat_map(|s| s.channels.iter().cloned()).collect();
        // A user that had every channel and no longer has keeps nothing for sure.
        let kept = original.selectors.iter().all(|s| !s.all_channels && s.channels.iter().all(|c| upcoming.contains(c)));
        if kept {
            None
        } else {
            Some(upcoming)
        }
    }
}

/// Whether a subscription survives a channel list (patterns must be listed literally).
pub fn subscription_allowed(upcoming: &[Vec<u8>], name: &[u8], is_pattern: bool) -> bool {
    upcoming.iter().any(|p| if is_pattern { p == name } else { crate::glob::glob_match(p, name, false) })
}

/// Splits `(rules)` contents like Redis's `sdssplitargs` (quotes allowed).
pub fn split_args(line: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    let mut i = 0;
    let n = line.len();
    loop {
        while i < n && line[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= n {
            return Some(out);
        }
        let mut cur = Vec::new();
        let (mut inq, mut insq) = (false, false);
        loop {
            if inq {
                if i >= n {
                    return None;
                }
                if line[i] == b'\\' && i + 3 < n && line[i + 1] == b'x' && line[i + 2].is_ascii_hexdigit() && line[i + 3].is_ascii_hexdigit() {
                    let h = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
                    cur.push(h(line[i + 2]) * 16 + h(line[i + 3]));
                    i += 3;
                } else if line[i] == b'\\' && i + 1 < n {
                    i += 1;
                    cur.push(match line[i] {
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'b' => 8,
                        b'a' => 7,
                        c => c,
                    });
                } else if line[i] == b'"' {
                    if i + 1 < n && !line[i + 1].is_ascii_whitespace() {
                        return None;
                    }
                    i += 1;
                    break;
                } else {
                    cur.push(line[i]);
                }
            } else if insq {
                if i >= n {
                    return None;
                }
                if line[i] == b'\\' && i + 1 < n && line[i + 1] == b'\'' {
                    i += 1;
                    cur.push(b'\'');
                } else if line[i] == b'\'' {
                    if i + 1 < n && !line[i + 1].is_ascii_whitespace() {
                        return None;
                    }
                    i += 1;
                    break;
                } else {
                    cur.push(line[i]);
                }
            } else {
                if i >= n {
                    break;
                }
                match line[i] {
                    b' ' | b'\n' | b'\r' | b'\t' | 0 => break,
                    b'"' => inq = true,
                    b'\'' => insq = true,
                    c => cur.push(c),
                }
            }
            i += 1;
        }
        out.push(cur);
    }
}

/// Redis's `ACLMergeSelectorArguments`: `(~x` `+get)` become one `(~x +get)` argument.
/// On an unmatched parenthesis, the index of the argument that opened it.
pub fn merge_selector_args(args: &[&[u8]]) -> Result<Vec<Vec<u8>>, usize> {
    let mut out = Vec::with_capacity(args.len());
    let mut open: Option<(usize, Vec<u8>)> = None;
    for (j, op) in args.iter().enumerate() {
        if let Some((_, sel)) = open.as_mut() {
            sel.push(b' ');
            sel.extend_from_slice(op);
            if op.last() == Some(&b')') {
                out.push(open.take().map(|(_, s)| s).unwrap_or_default());
            }
            continue;
        }
        if op.first() == Some(&b'(') && op.last() != Some(&b')') {
            open = Some((j, op.to_vec()));
            continue;
        }
        out.push(op.to_vec());
    }
    match open {
        Some((j, _)) => Err(j),
        None => Ok(out),
    }
}

// ----- the log ---------------------------------------------------------------------------------

pub struct LogEntry {
    pub count: u64,
    pub reason: Denied,
    pub context: LogContext,
    pub object: Vec<u8>,
    pub username: Vec<u8>,
    pub ctime_ms: u64,
    pub client_info: String,
}

/// Entries closer in time than this are merged into one with a count (Redis's
/// ACL_LOG_GROUPING_MAX_TIME_DELTA).
const LOG_GROUPING_MS: u64 = 60_000;

// ----- the registry ----------------------------------------------------------------------------

/// Every user, the command ids and the log.
pub struct Acl {
    pub ids: CommandIds,
    users: Vec<Option<User>>,
    /// In name order (ACL LIST, ACL USERS).
    by_name: VecMap<Vec<u8>, UserId>,
    /// Newest first.
    pub log: VecDeque<LogEntry>,
}

impl Default for Acl {
    fn default() -> Self {
        Self::new()
    }
}

impl Acl {
    pub fn new() -> Self {
        let ids = CommandIds::new();
        let mut default = User::new(b"default", &ids);
        for r in ["+@all", "~*", "&*", "on", "nopass"] {
            let _ = default.apply(&ids, r.as_bytes());
        }
        let mut by_name = VecMap::new();
        by_name.insert(b"default".to_vec(), DEFAULT_USER);
        Acl { ids, users: alloc::vec![Some(default)], by_name, log: VecDeque::new() }
    }

    #[inline(always)]
    pub fn user(&self, id: UserId) -> Option<&User> {
        self.users.get(id as usize)?.as_ref()
    }

    pub fn default_user(&self) -> &User {
        self.users[0].as_ref().expect("the default user always exists")
    }

    pub fn find(&self, name: &[u8]) -> Option<UserId> {
        self.by_name.get(name).copied()
    }

    pub fn name(&self, id: UserId) -> &str {
        self.user(id).map_or("default", |u| core::str::from_utf8(&u.name).unwrap_or("?"))
    }

    /// Users in name order.
    pub fn users(&self) -> impl Iterator<Item = (UserId, &User)> {
        self.by_name.values().filter_map(|&id| self.user(id).map(|u| (id, u)))
    }

    /// The `acl-pubsub-default` option (`allchannels` or `resetchannels`) for users and
    /// selectors created from now on.
    pub fn set_pubsub_default(&mut self, all_channels: bool) {
        self.ids.pubsub_default_all = all_channels;
    }

    /// Whether new connections start authenticated (default user nopass and enabled).
    pub fn default_opens(&self) -> bool {
        let d = self.default_user();
        d.nopass() && d.enabled()
    }

    /// Whether the user can be refused anything (false means: skip the check).
    #[inline(always)]
    pub fn restricted(&self, id: UserId) -> bool {
        self.user(id).is_some_and(|u| !u.unrestricted())
    }

    /// ACL SETUSER: applies every rule to a copy and keeps it only if all are valid.
    /// On error, the message after `ERR `.
    pub fn set_user(&mut self, name: &[u8], rules: &[&[u8]]) -> Result<UserId, String> {
        let merged = merge_selector_args(rules).map_err(|j| {
            alloc::format!("Unmatched parenthesis in acl selector starting at '{}'.", String::from_utf8_lossy(rules[j]))
        })?;
        let merged: Vec<&[u8]> = merged.iter().map(|m| m.as_slice()).collect();
        self.set_user_rules(name, &merged)
            .map_err(|(op, why)| alloc::format!("Error in ACL SETUSER modifier '{op}': {why}"))
    }

    /// Applies rules (selectors already merged, or merged here) to a copy of the user, or a
    /// new one, and keeps it if all are valid; on error the refused rule and why.
    pub fn set_user_rules(&mut self, name: &[u8], rules: &[&[u8]]) -> Result<UserId, (String, &'static str)> {
        let merged = merge_selector_args(rules).map_err(|j| (String::from_utf8_lossy(rules[j]).into_owned(), RuleError::Syntax.text()))?;
        let existing = self.find(name);
        let mut user = match existing.and_then(|id| self.user(id)) {
            Some(u) => u.clone(),
            None => User::new(name, &self.ids),
        };
        for op in &merged {
            user.apply(&self.ids, op).map_err(|e| (String::from_utf8_lossy(op).into_owned(), e.text()))?;
        }
        Ok(match existing {
            Some(id) => {
                self.users[id as usize] = Some(user);
                id
            }
            None => self.insert(user),
        })
    }

    fn insert(&mut self, user: User) -> UserId {
        let name = user.name.clone();
        let id = match self.users.iter().position(Option::is_none) {
            Some(i) => {
                self.users[i] = Some(user);
                i as UserId
            }
            None => {
                self.users.push(Some(user));
                (self.users.len() - 1) as UserId
            }
        };
        self.by_name.insert(name, id);
        id
    }

    /// Removes a user (not `default`); returns its id if it existed.
    pub fn delete(&mut self, name: &[u8]) -> Option<UserId> {
        let id = self.by_name.remove(name)?;
        self.users[id as usize] = None;
        Some(id)
    }

    /// Replaces every user with `users` (ACL LOAD). Without a `default` line the default
    /// user starts afresh (`+@all ~* &* on nopass`), as in Redis.
    pub fn replace_all(&mut self, users: Vec<User>) {
        let mut fresh = Acl::new();
        fresh.set_pubsub_default(self.ids.pubsub_default_all);
        self.users = fresh.users;
        self.by_name = fresh.by_name;
        for u in users {
            if u.name == b"default" {
                self.users[0] = Some(u);
            } else {
                self.insert(u);
            }
        }
    }

    /// Parses ACL file text (`user <name> <rules...>` lines) into users, without applying.
    /// Errors are Redis's `path:line: message` lines, joined.
    #[cfg(feature = "server")]
    pub fn parse_file(&self, path: &str, text: &[u8]) -> Result<Vec<User>, String> {
        let mut users: Vec<User> = Vec::new();
        // Every user a line created, even one whose rules then failed.
        let mut seen: Vec<Vec<u8>> = Vec::new();
        let mut errors = String::new();
        for (i, raw) in text.split(|&b| b == b'\n').enumerate() {
            let line_no = i + 1;
            let line = trim(raw);
            if line.is_empty() || line[0] == b'#' {
                continue;
            }
            // Redis splits ACL file lines on single spaces (no quoting).
            let argv: Vec<Vec<u8>> = line.split(|&b| b == b' ').map(|a| a.to_vec()).collect();
            if argv[0] != b"user" || argv.len() < 2 {
                errors.push_str(&alloc::format!("{path}:{line_no} should start with user keyword followed by the username. "));
                continue;
            }
            if has_spaces(&argv[1]) {
                errors.push_str(&alloc::format!("'{path}:{line_no}: username '{}' contains invalid characters. ", String::from_utf8_lossy(&argv[1])));
                continue;
            }
            if seen.contains(&argv[1]) {
                errors.push_str(&alloc::format!("WARNING: Duplicate user '{}' found on line {line_no}. ", String::from_utf8_lossy(&argv[1])));
                continue;
            }
            let rules: Vec<&[u8]> = argv[2..].iter().map(|a| a.as_slice()).collect();
            let merged = match merge_selector_args(&rules) {
                Ok(m) => m,
                Err(_) => {
                    errors.push_str(&alloc::format!("{path}:{line_no}: Unmatched parenthesis in selector definition."));
                    continue;
                }
            };
            seen.push(argv[1].clone());
            let mut user = User::new(&argv[1], &self.ids);
            // Unknown commands are all reported; of other errors only the first, since it
            // may affect the rules after it (Redis's ACLLoadFromFile).
            let mut bad = false;
            let mut syntax_error = false;
            for op in &merged {
                match user.apply(&self.ids, op) {
                    Ok(()) => {}
                    Err(RuleError::UnknownCommand) => {
                        bad = true;
                        errors.push_str(&alloc::format!(
                            "{path}:{line_no}: Error in applying operation '{}': {}. ",
                            String::from_utf8_lossy(op),
                            RuleError::UnknownCommand.text()
                        ));
                    }
                    Err(e) => {
                        bad = true;
                        if !syntax_error {
                            errors.push_str(&alloc::format!("{path}:{line_no}: {}. ", e.text()));
                            syntax_error = true;
                        }
                    }
                }
            }
            if !bad {
                users.push(user);
            }
        }
        if errors.is_empty() {
            Ok(users)
        } else {
            errors.push_str("WARNING: ACL errors detected, no change to the previously active ACL rules was performed");
            Err(errors)
        }
    }

    /// The ACL file text (ACL SAVE): one `user` line per user, in name order.
    #[cfg(feature = "server")]
    pub fn file_text(&self) -> String {
        let mut s = String::new();
        for (_, u) in self.users() {
            s.push_str("user ");
            s.push_str(&String::from_utf8_lossy(&u.name));
            s.push(' ');
            s.push_str(&u.describe(&self.ids));
            s.push('\n');
        }
        s
    }

    /// `requirepass` maps onto the default user's password (Redis's
    /// `ACLUpdateDefaultUserPassword`): at startup and on CONFIG SET requirepass.
    pub fn set_default_password(&mut self, requirepass: &str) {
        let ids = &self.ids;
        let Some(d) = self.users[0].as_mut() else { return };
        let _ = d.apply(ids, b"resetpass");
        if requirepass.is_empty() {
            let _ = d.apply(ids, b"nopass");
        } else {
            let mut op = alloc::vec![b'>'];
            op.extend_from_slice(requirepass.as_bytes());
            let _ = d.apply(ids, &op);
        }
    }

    /// Adds a refusal to the log, merging it with a recent identical one (Redis's
    /// `addACLLogEntry`, which looks at the 10 newest entries).
    pub fn log_denial(&mut self, mut entry: LogEntry, max_len: usize) {
        let found = self.log.iter().take(10).position(|e| {
            e.reason == entry.reason
                && e.context == entry.context
                && entry.ctime_ms.saturating_sub(e.ctime_ms) <= LOG_GROUPING_MS
                && e.object == entry.object
                && e.username == entry.username
        });
        match found {
            Some(i) => {
                let mut e = self.log.remove(i).expect("index found above");
                e.count += 1;
                e.ctime_ms = entry.ctime_ms;
                e.client_info = core::mem::take(&mut entry.client_info);
                self.log.push_front(e);
            }
            None => {
                self.log.push_front(entry);
                self.log.truncate(max_len);
            }
        }
    }
}

#[cfg(feature = "server")]
fn trim(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s {
        if first.is_ascii_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    while let [rest @ .., last] = s {
        if last.is_ascii_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(rules: &[&str]) -> (Acl, UserId) {
        let mut acl = Acl::new();
        let r: Vec<&[u8]> = rules.iter().map(|s| s.as_bytes()).collect();
        let id = acl.set_user(b"u", &r).unwrap();
        (acl, id)
    }

    fn describe(rules: &[&str]) -> String {
        let (acl, id) = user(rules);
        acl.user(id).unwrap().describe(&acl.ids)
    }

    #[test]
    fn descriptions_match_redis() {
        // Each expected line is what Redis 7.0.15 printed for the same rules.
        assert_eq!(Acl::new().default_user().describe(&Acl::new().ids), "on nopass ~* &* +@all");
        assert_eq!(
            describe(&["on", ">pw", "~app:*", "+@read"]),
            "on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~app:* resetchannels -@all +@read"
        );
        assert_eq!(
            describe(&["+@all", "-get", "+get", "-@string", "+set", "+client|list", "%R~foo", "%W~bar", "%RW~baz", "&ch*", "(~x +get)", "(%R~y +@hash -hget)"]),
            "off %R~foo %W~bar ~baz resetchannels &ch* +@all -@string +set (~x resetchannels -@all +get) (%R~y resetchannels -@all +@hash -hget)"
        );
        assert_eq!(describe(&["reset"]), "off sanitize-payload resetchannels -@all");
        assert_eq!(describe(&["+select|0"]), "off resetchannels -@all +select|0");
    }

    #[test]
    fn rule_errors_match_redis() {
        let mut acl = Acl::new();
        let err = |acl: &mut Acl, r: &[&str]| {
            let r: Vec<&[u8]> = r.iter().map(|s| s.as_bytes()).collect();
            acl.set_user(b"x", &r).unwrap_err()
        };
        assert_eq!(err(&mut acl, &["(~x"]), "Unmatched parenthesis in acl selector starting at '(~x'.");
        assert_eq!(err(&mut acl, &["-select|0"]), "Error in ACL SETUSER modifier '-select|0': Unknown command or category name in ACL");
        assert_eq!(err(&mut acl, &["%X~x"]), "Error in ACL SETUSER modifier '%X~x': Syntax error");
        assert_eq!(err(&mut acl, &["+config|get|x"]), "Error in ACL SETUSER modifier '+config|get|x': Allowing first-arg of a subcommand is not supported");
        assert_eq!(err(&mut acl, &["+client|"]), "Error in ACL SETUSER modifier '+client|': Syntax error");
        assert!(acl.find(b"x").is_none(), "a failed SETUSER creates nothing");
    }

    #[test]
    fn checks_keys_channels_and_selectors() {
        let (acl, id) = user(&["on", "nopass", "%R~r*", "%W~w*", "&news.*", "+@all", "(~other +get)"]);
        let u = acl.user(id).unwrap();
        let get = commands::all().find(|s| s.name == "get").unwrap();
        let set = commands::all().find(|s| s.name == "set").unwrap();
        let publish = commands::all().find(|s| s.name == "publish").unwrap();
        assert_eq!(u.check(&acl.ids, get, &[b"get", b"r1"]), Ok(()));
        assert_eq!(u.check(&acl.ids, get, &[b"get", b"other"]), Ok(()));
        assert_eq!(u.check(&acl.ids, get, &[b"get", b"w1"]), Err((Denied::Key, 1)));
        assert_eq!(u.check(&acl.ids, set, &[b"set", b"w1", b"v"]), Ok(()));
        assert_eq!(u.check(&acl.ids, set, &[b"set", b"r1", b"v"]), Err((Denied::Key, 1)));
        assert_eq!(u.check(&acl.ids, publish, &[b"publish", b"news.a", b"m"]), Ok(()));
        assert_eq!(u.check(&acl.ids, publish, &[b"publish", b"other", b"m"]), Err((Denied::Channel, 1)));
    }
}
