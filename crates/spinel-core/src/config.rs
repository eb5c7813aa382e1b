//! Configuration: one table of the options Spinel has, shared by CONFIG GET/SET, the
//! server's config file and its command-line flags. Names, parsing, ranges and error
//! texts follow Redis's config.c; an option Spinel does not have is unknown, as in Redis.

use crate::glob::glob_match;
use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

#[derive(Clone, Copy, Debug)]
enum Kind {
    Bool,
    Int { min: i64, max: i64 },
    Memory { min: i64, max: i64 },
    Str,
    Enum(&'static [&'static str]),
}

struct Spec {
    name: &'static str,
    alias: Option<&'static str>,
    kind: Kind,
    /// Only settable at startup (config file or flags).
    immutable: bool,
    /// Sensitive: never echoed in errors or logs.
    default: &'static str,
}

const LOGLEVELS: &[&str] = &["debug", "verbose", "notice", "warning", "nothing"];
const LONG_MAX: i64 = i64::MAX;

/// The options Spinel has. Keep sorted by name for readability.
const SPECS: &[Spec] = &[
    Spec { name: "active-expire-effort", alias: None, kind: Kind::Int { min: 1, max: 10 }, immutable: false, default: "1" },
    Spec { name: "bind", alias: None, kind: Kind::Str, immutable: true, default: "127.0.0.1 -::1" },
    Spec { name: "busy-reply-threshold", alias: Some("lua-time-limit"), kind: Kind::Int { min: 0, max: LONG_MAX }, immutable: false, default: "5000" },
    Spec { name: "client-query-buffer-limit", alias: None, kind: Kind::Memory { min: 1024 * 1024, max: LONG_MAX }, immutable: false, default: "1073741824" },
    Spec { name: "daemonize", alias: None, kind: Kind::Bool, immutable: true, default: "no" },
    Spec { name: "databases", alias: None, kind: Kind::Int { min: 1, max: i32::MAX as i64 }, immutable: true, default: "16" },
    Spec { name: "dir", alias: None, kind: Kind::Str, immutable: true, default: "" },
    Spec { name: "hash-max-listpack-entries", alias: Some("hash-max-ziplist-entries"), kind: Kind::Memory { min: 0, max: LONG_MAX }, immutable: false, default: "128" },
    Spec { name: "hash-max-listpack-value", alias: Some("hash-max-ziplist-value"), kind: Kind::Memory { min: 0, max: LONG_MAX }, immutable: false, default: "64" },
    Spec { name: "hll-sparse-max-bytes", alias: None, kind: Kind::Memory { min: 0, max: LONG_MAX }, immutable: false, default: "3000" },
    Spec { name: "hz", alias: None, kind: Kind::Int { min: 0, max: i32::MAX as i64 }, immutable: false, default: "10" },
    Spec { name: "list-compress-depth", alias: None, kind: Kind::Int { min: 0, max: i32::MAX as i64 }, immutable: false, default: "0" },
    Spec { name: "list-max-listpack-size", alias: Some("list-max-ziplist-size"), kind: Kind::Int { min: i32::MIN as i64, max: i32::MAX as i64 }, immutable: false, default: "-2" },
    Spec { name: "logfile", alias: None, kind: Kind::Str, immutable: true, default: "" },
    Spec { name: "loglevel", alias: None, kind: Kind::Enum(LOGLEVELS), immutable: false, default: "notice" },
    Spec { name: "maxclients", alias: None, kind: Kind::Int { min: 1, max: u32::MAX as i64 }, immutable: false, default: "10000" },
    Spec { name: "pidfile", alias: None, kind: Kind::Str, immutable: true, default: "" },
    Spec { name: "port", alias: None, kind: Kind::Int { min: 0, max: 65535 }, immutable: true, default: "6379" },
    Spec { name: "protected-mode", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    Spec { name: "proto-max-bulk-len", alias: None, kind: Kind::Memory { min: 1024 * 1024, max: LONG_MAX }, immutable: false, default: "536870912" },
    Spec { name: "requirepass", alias: None, kind: Kind::Str, immutable: false, default: "" },
    Spec { name: "set-max-intset-entries", alias: None, kind: Kind::Memory { min: 0, max: LONG_MAX }, immutable: false, default: "512" },
    Spec { name: "stream-node-max-bytes", alias: None, kind: Kind::Memory { min: 0, max: LONG_MAX }, immutable: false, default: "4096" },
    Spec { name: "stream-node-max-entries", alias: None, kind: Kind::Int { min: 0, max: LONG_MAX }, immutable: false, default: "100" },
    Spec { name: "tcp-backlog", alias: None, kind: Kind::Int { min: 0, max: i32::MAX as i64 }, immutable: true, default: "511" },
    Spec { name: "tcp-keepalive", alias: None, kind: Kind::Int { min: 0, max: i32::MAX as i64 }, immutable: false, default: "300" },
    Spec { name: "timeout", alias: None, kind: Kind::Int { min: 0, max: i32::MAX as i64 }, immutable: false, default: "0" },
    Spec { name: "zset-max-listpack-entries", alias: Some("zset-max-ziplist-entries"), kind: Kind::Memory { min: 0, max: LONG_MAX }, immutable: false, default: "128" },
    Spec { name: "zset-max-listpack-value", alias: Some("zset-max-ziplist-value"), kind: Kind::Memory { min: 0, max: LONG_MAX }, immutable: false, default: "64" },
];

/// Current values, as text in the canonical form CONFIG GET prints.
#[derive(Clone, Debug)]
pub struct Config {
    values: Vec<String>,
    ints: Vec<i64>,
}

/// An option's name, for typed access.
#[derive(Clone, Copy, Debug)]
pub struct Opt(usize);

impl Opt {
    const fn named(name: &str) -> Opt {
        let mut i = 0;
        while i < SPECS.len() {
            if str_eq(SPECS[i].name, name) {
                return Opt(i);
            }
            i += 1;
        }
        panic!("unknown config option")
    }
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

pub mod opt {
    use super::Opt;
    pub const ACTIVE_EXPIRE_EFFORT: Opt = Opt::named("active-expire-effort");
    pub const BIND: Opt = Opt::named("bind");
    pub const BUSY_REPLY_THRESHOLD: Opt = Opt::named("busy-reply-threshold");
    pub const CLIENT_QUERY_BUFFER_LIMIT: Opt = Opt::named("client-query-buffer-limit");
    pub const DATABASES: Opt = Opt::named("databases");
    pub const DIR: Opt = Opt::named("dir");
    pub const HASH_MAX_LISTPACK_ENTRIES: Opt = Opt::named("hash-max-listpack-entries");
    pub const HASH_MAX_LISTPACK_VALUE: Opt = Opt::named("hash-max-listpack-value");
    pub const HLL_SPARSE_MAX_BYTES: Opt = Opt::named("hll-sparse-max-bytes");
    pub const HZ: Opt = Opt::named("hz");
    pub const LIST_COMPRESS_DEPTH: Opt = Opt::named("list-compress-depth");
    pub const LIST_MAX_LISTPACK_SIZE: Opt = Opt::named("list-max-listpack-size");
    pub const SET_MAX_INTSET_ENTRIES: Opt = Opt::named("set-max-intset-entries");
    pub const STREAM_NODE_MAX_BYTES: Opt = Opt::named("stream-node-max-bytes");
    pub const STREAM_NODE_MAX_ENTRIES: Opt = Opt::named("stream-node-max-entries");
    pub const ZSET_MAX_LISTPACK_ENTRIES: Opt = Opt::named("zset-max-listpack-entries");
    pub const ZSET_MAX_LISTPACK_VALUE: Opt = Opt::named("zset-max-listpack-value");
    pub const LOGFILE: Opt = Opt::named("logfile");
    pub const LOGLEVEL: Opt = Opt::named("loglevel");
    pub const MAXCLIENTS: Opt = Opt::named("maxclients");
    pub const PIDFILE: Opt = Opt::named("pidfile");
    pub const PORT: Opt = Opt::named("port");
    pub const PROTECTED_MODE: Opt = Opt::named("protected-mode");
    pub const PROTO_MAX_BULK_LEN: Opt = Opt::named("proto-max-bulk-len");
    pub const REQUIREPASS: Opt = Opt::named("requirepass");
    pub const TCP_BACKLOG: Opt = Opt::named("tcp-backlog");
    pub const TCP_KEEPALIVE: Opt = Opt::named("tcp-keepalive");
    pub const TIMEOUT: Opt = Opt::named("timeout");
}

/// Why a value was refused, in Redis's words (without the CONFIG SET prefix).
pub type ConfigError = String;

impl Default for Config {
    fn default() -> Self {
        let values: Vec<String> = SPECS.iter().map(|s| s.default.to_owned()).collect();
        let ints = SPECS.iter().map(|s| parse_number(s.kind, s.default).unwrap_or(0)).collect();
        Config { values, ints }
    }
}

fn parse_number(kind: Kind, v: &str) -> Option<i64> {
    match kind {
        Kind::Bool => Some((v == "yes") as i64),
        Kind::Int { .. } => crate::num::parse_i64(v.as_bytes()),
        Kind::Memory { .. } => parse_memory(v),
        _ => None,
    }
}

/// Parses a memory amount as Redis's memtoull: a number with an optional unit
/// (k=1000, kb=1024, m, mb, g, gb; any case).
pub fn parse_memory(v: &str) -> Option<i64> {
    let lower = v.to_ascii_lowercase();
    let units: [(&str, i64); 6] = [("kb", 1024), ("mb", 1024 * 1024), ("gb", 1024 * 1024 * 1024), ("k", 1000), ("m", 1000 * 1000), ("g", 1000 * 1000 * 1000)];
    let (digits, mul) = units.iter().find(|(u, _)| lower.ends_with(u)).map(|(u, m)| (&lower[..lower.len() - u.len()], *m)).unwrap_or((&lower[..], 1));
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    n.checked_mul(mul)
}

impl Config {
    #[inline]
    pub fn int(&self, o: Opt) -> i64 {
        self.ints[o.0]
    }

    #[inline]
    pub fn bool(&self, o: Opt) -> bool {
        self.ints[o.0] != 0
    }

    pub fn str(&self, o: Opt) -> &str {
        &self.values[o.0]
    }

    fn find(name: &str) -> Option<usize> {
        SPECS.iter().position(|s| s.name.eq_ignore_ascii_case(name) || s.alias.is_some_and(|a| a.eq_ignore_ascii_case(name)))
    }

    /// Whether `name` is an option Spinel has.
    pub fn exists(name: &str) -> bool {
        Self::find(name).is_some()
    }

    /// Sets an option from CONFIG SET (`startup` false) or from the config file / flags.
    pub fn set(&mut self, name: &str, value: &str, startup: bool) -> Result<(), ConfigError> {
        let i = Self::find(name).ok_or_else(|| "Unknown option".to_string())?;
        let spec = &SPECS[i];
        if spec.immutable && !startup {
            return Err("can't set immutable config".into());
        }
        let (text, num) = match spec.kind {
            Kind::Bool => match value.to_ascii_lowercase().as_str() {
                "yes" => ("yes".to_string(), 1),
                "no" => ("no".to_string(), 0),
                _ => return Err("argument must be 'yes' or 'no'".into()),
            },
            Kind::Int { min, max } => {
                let n = crate::num::parse_i64(value.as_bytes()).ok_or_else(|| "argument couldn't be parsed into an integer".to_string())?;
                if n < min || n > max {
                    return Err(format!("argument must be between {min} and {max} inclusive"));
                }
                (n.to_string(), n)
            }
            Kind::Memory { min, max } => {
                let n = parse_memory(value).ok_or_else(|| "argument must be a memory value".to_string())?;
                if n < min || n > max {
                    return Err(format!("argument must be between {min} and {max} inclusive"));
                }
                (n.to_string(), n)
            }
            Kind::Str => (value.to_string(), 0),
            Kind::Enum(choices) => {
                let lower = value.to_ascii_lowercase();
                match choices.iter().position(|c| *c == lower) {
                    Some(k) => (choices[k].to_string(), k as i64),
                    None => return Err(format!("argument(s) must be one of the following: {}", choices.join(", "))),
                }
            }
        };
        self.values[i] = text;
        self.ints[i] = num;
        Ok(())
    }

    /// The canonical name of an option (for error messages).
    pub fn canonical_name(name: &str) -> Option<&'static str> {
        Self::find(name).map(|i| SPECS[i].name)
    }

    /// Options matching a CONFIG GET glob pattern, as (name, value) pairs.
    pub fn matching(&self, pattern: &[u8]) -> Vec<(&'static str, &str)> {
        let mut out = Vec::new();
        for (i, s) in SPECS.iter().enumerate() {
            for name in core::iter::once(s.name).chain(s.alias) {
                if glob_match(pattern, name.as_bytes(), true) {
                    out.push((name, self.values[i].as_str()));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_and_get_with_redis_errors() {
        let mut c = Config::default();
        assert_eq!(c.int(opt::HZ), 10);
        c.set("HZ", "100", false).unwrap();
        assert_eq!(c.int(opt::HZ), 100);
        assert_eq!(c.set("hz", "x", false).unwrap_err(), "argument couldn't be parsed into an integer");
        assert_eq!(c.set("port", "7000", false).unwrap_err(), "can't set immutable config");
        c.set("port", "7000", true).unwrap();
        assert_eq!(c.int(opt::PORT), 7000);
        assert_eq!(c.set("protected-mode", "maybe", false).unwrap_err(), "argument must be 'yes' or 'no'");
        c.set("proto-max-bulk-len", "2mb", false).unwrap();
        assert_eq!(c.str(opt::PROTO_MAX_BULK_LEN), "2097152");
        assert_eq!(parse_memory("1k"), Some(1000));
        assert_eq!(parse_memory("1GB"), Some(1 << 30));
        assert_eq!(parse_memory("-1"), None);
        assert!(c.set("nosuch", "1", false).is_err());
        let m = c.matching(b"*max*");
        assert!(m.iter().any(|(n, _)| *n == "maxclients"));
    }
}
