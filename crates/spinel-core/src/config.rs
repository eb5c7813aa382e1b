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
    /// notify-keyspace-events: class letters, kept parsed in `ints`.
    KeyspaceEvents,
    /// client-output-buffer-limit: `<class> <hard> <soft> <soft-seconds>` groups; a SET
    /// changes only the classes it names.
    OutputBufferLimits,
    /// An integer written in octal (unixsocketperm).
    #[cfg(feature = "server")]
    Octal { max: i64 },
    /// A memory amount, or a percentage of maxmemory written `N%` (kept negative in `ints`).
    #[cfg(feature = "server")]
    MemoryOrPercent { max: i64 },
    /// Several names from a list, kept as bit flags (shutdown-on-sigterm: `save now`).
    #[cfg(feature = "server")]
    Flags(&'static [&'static str]),
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

const FSYNC_POLICIES: &[&str] = &["everysec", "always", "no"];
const NO_YES_LOCAL: &[&str] = &["no", "yes", "local"];
/// shutdown-on-sigint/sigterm: `default` is no flag, the others are bits 1, 2, 4, 8.
#[cfg(feature = "server")]
const SHUTDOWN_FLAGS: &[&str] = &["default", "save", "nosave", "now", "force"];
const INT_MAX: i64 = i32::MAX as i64;
const LOGLEVELS: &[&str] = &["debug", "verbose", "notice", "warning"];
const LONG_MAX: i64 = i64::MAX;

/// The options Spinel has. Keep sorted by name for readability.
const SPECS: &[Spec] = &[
    Spec { name: "aclfile", alias: None, kind: Kind::Str, immutable: true, default: "" },
    Spec { name: "acl-pubsub-default", alias: None, kind: Kind::Enum(&["allchannels", "resetchannels"]), immutable: false, default: "resetchannels" },
    Spec { name: "acllog-max-len", alias: None, kind: Kind::Int { min: 0, max: LONG_MAX }, immutable: false, default: "128" },
    Spec { name: "active-expire-effort", alias: None, kind: Kind::Int { min: 1, max: 10 }, immutable: false, default: "1" },
    Spec { name: "aof-load-truncated", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    Spec { name: "aof-use-rdb-preamble", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    Spec { name: "appenddirname", alias: None, kind: Kind::Str, immutable: true, default: "appendonlydir" },
    Spec { name: "appendfilename", alias: None, kind: Kind::Str, immutable: true, default: "appendonly.aof" },
    Spec { name: "appendfsync", alias: None, kind: Kind::Enum(FSYNC_POLICIES), immutable: false, default: "everysec" },
    Spec { name: "appendonly", alias: None, kind: Kind::Bool, immutable: false, default: "no" },
    Spec { name: "auto-aof-rewrite-min-size", alias: None, kind: Kind::Memory { min: 0, max: LONG_MAX }, immutable: false, default: "67108864" },
    Spec { name: "auto-aof-rewrite-percentage", alias: None, kind: Kind::Int { min: 0, max: i32::MAX as i64 }, immutable: false, default: "100" },
    Spec { name: "bind", alias: None, kind: Kind::Str, immutable: true, default: "127.0.0.1 -::1" },
    Spec { name: "client-output-buffer-limit", alias: None, kind: Kind::OutputBufferLimits, immutable: false, default: "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60" },
    Spec { name: "busy-reply-threshold", alias: Some("lua-time-limit"), kind: Kind::Int { min: 0, max: LONG_MAX }, immutable: false, default: "5000" },
    Spec { name: "client-query-buffer-limit", alias: None, kind: Kind::Memory { min: 1024 * 1024, max: LONG_MAX }, immutable: false, default: "1073741824" },
    Spec { name: "daemonize", alias: None, kind: Kind::Bool, immutable: true, default: "no" },
    Spec { name: "databases", alias: None, kind: Kind::Int { min: 1, max: i32::MAX as i64 }, immutable: true, default: "16" },
    Spec { name: "dbfilename", alias: None, kind: Kind::Str, immutable: false, default: "dump.rdb" },
    Spec { name: "dir", alias: None, kind: Kind::Str, immutable: false, default: "" },
    Spec { name: "enable-debug-command", alias: None, kind: Kind::Enum(NO_YES_LOCAL), immutable: true, default: "no" },
    Spec { name: "enable-module-command", alias: None, kind: Kind::Enum(NO_YES_LOCAL), immutable: true, default: "no" },
    Spec { name: "enable-protected-configs", alias: None, kind: Kind::Enum(NO_YES_LOCAL), immutable: true, default: "no" },
    Spec { name: "hash-max-listpack-entries", alias: Some("hash-max-ziplist-entries"), kind: Kind::Int { min: 0, max: LONG_MAX }, immutable: false, default: "512" },
    Spec { name: "hash-max-listpack-value", alias: Some("hash-max-ziplist-value"), kind: Kind::Memory { min: 0, max: LONG_MAX }, immutable: false, default: "64" },
    Spec { name: "hll-sparse-max-bytes", alias: None, kind: Kind::Memory { min: 0, max: LONG_MAX }, immutable: false, default: "3000" },
    Spec { name: "hz", alias: None, kind: Kind::Int { min: 0, max: i32::MAX as i64 }, immutable: false, default: "10" },
    Spec { name: "list-compress-depth", alias: None, kind: Kind::Int { min: 0, max: i32::MAX as i64 }, immutable: false, default: "0" },
    Spec { name: "list-max-listpack-size", alias: Some("list-max-ziplist-size"), kind: Kind::Int { min: i32::MIN as i64, max: i32::MAX as i64 }, immutable: false, default: "-2" },
    Spec { name: "logfile", alias: None, kind: Kind::Str, immutable: true, default: "" },
    Spec { name: "loglevel", alias: None, kind: Kind::Enum(LOGLEVELS), immutable: false, default: "notice" },
    Spec { name: "latency-monitor-threshold", alias: None, kind: Kind::Int { min: 0, max: LONG_MAX }, immutable: false, default: "0" },
    Spec { name: "latency-tracking", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    Spec { name: "latency-tracking-info-percentiles", alias: None, kind: Kind::Str, immutable: false, default: "50 99 99.9" },
    Spec { name: "lfu-decay-time", alias: None, kind: Kind::Int { min: 0, max: i32::MAX as i64 }, immutable: false, default: "1" },
    Spec { name: "lfu-log-factor", alias: None, kind: Kind::Int { min: 0, max: i32::MAX as i64 }, immutable: false, default: "10" },
    Spec { name: "maxclients", alias: None, kind: Kind::Int { min: 1, max: u32::MAX as i64 }, immutable: false, default: "10000" },
    Spec { name: "maxmemory", alias: None, kind: Kind::Memory { min: 0, max: LONG_MAX }, immutable: false, default: "0" },
    Spec { name: "maxmemory-eviction-tenacity", alias: None, kind: Kind::Int { min: 0, max: 100 }, immutable: false, default: "10" },
    Spec { name: "maxmemory-policy", alias: None, kind: Kind::Enum(crate::evict::POLICIES), immutable: false, default: "noeviction" },
    Spec { name: "maxmemory-samples", alias: None, kind: Kind::Int { min: 1, max: i32::MAX as i64 }, immutable: false, default: "5" },
    Spec { name: "notify-keyspace-events", alias: None, kind: Kind::KeyspaceEvents, immutable: false, default: "" },
    Spec { name: "pidfile", alias: None, kind: Kind::Str, immutable: true, default: "" },
    Spec { name: "port", alias: None, kind: Kind::Int { min: 0, max: 65535 }, immutable: true, default: "6379" },
    Spec { name: "protected-mode", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    Spec { name: "proto-max-bulk-len", alias: None, kind: Kind::Memory { min: 1024 * 1024, max: LONG_MAX }, immutable: false, default: "536870912" },
    Spec { name: "rdbchecksum", alias: None, kind: Kind::Bool, immutable: true, default: "yes" },
    Spec { name: "rdbcompression", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    Spec { name: "requirepass", alias: None, kind: Kind::Str, immutable: false, default: "" },
    Spec { name: "save", alias: None, kind: Kind::Str, immutable: false, default: "3600 1 300 100 60 10000" },
    Spec { name: "set-max-intset-entries", alias: None, kind: Kind::Int { min: 0, max: LONG_MAX }, immutable: false, default: "512" },
    Spec { name: "slowlog-log-slower-than", alias: None, kind: Kind::Int { min: -1, max: LONG_MAX }, immutable: false, default: "10000" },
    Spec { name: "slowlog-max-len", alias: None, kind: Kind::Int { min: 0, max: LONG_MAX }, immutable: false, default: "128" },
    Spec { name: "stop-writes-on-bgsave-error", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    Spec { name: "stream-node-max-bytes", alias: None, kind: Kind::Memory { min: 0, max: LONG_MAX }, immutable: false, default: "4096" },
    Spec { name: "stream-node-max-entries", alias: None, kind: Kind::Int { min: 0, max: LONG_MAX }, immutable: false, default: "100" },
    Spec { name: "tcp-backlog", alias: None, kind: Kind::Int { min: 0, max: i32::MAX as i64 }, immutable: true, default: "511" },
    Spec { name: "tcp-keepalive", alias: None, kind: Kind::Int { min: 0, max: i32::MAX as i64 }, immutable: false, default: "300" },
    Spec { name: "timeout", alias: None, kind: Kind::Int { min: 0, max: i32::MAX as i64 }, immutable: false, default: "0" },
    Spec { name: "tracking-table-max-keys", alias: None, kind: Kind::Int { min: 0, max: LONG_MAX }, immutable: false, default: "1000000" },
    Spec { name: "zset-max-listpack-entries", alias: Some("zset-max-ziplist-entries"), kind: Kind::Int { min: 0, max: LONG_MAX }, immutable: false, default: "128" },
    Spec { name: "zset-max-listpack-value", alias: Some("zset-max-ziplist-value"), kind: Kind::Memory { min: 0, max: LONG_MAX }, immutable: false, default: "64" },
    #[cfg(feature = "server")]
    Spec { name: "always-show-logo", alias: None, kind: Kind::Bool, immutable: true, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "shutdown-on-sigint", alias: None, kind: Kind::Flags(SHUTDOWN_FLAGS), immutable: false, default: "default" },
    #[cfg(feature = "server")]
    Spec { name: "shutdown-on-sigterm", alias: None, kind: Kind::Flags(SHUTDOWN_FLAGS), immutable: false, default: "default" },
    #[cfg(feature = "server")]
    Spec { name: "unixsocket", alias: None, kind: Kind::Str, immutable: true, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "unixsocketperm", alias: None, kind: Kind::Octal { max: 0o777 }, immutable: true, default: "0" },
    // Redis's other parameters, accepted so that a redis.conf loads and tools that CONFIG SET
    // them work: checked and kept as Redis checks and keeps them, with no effect (D23). The
    // server refuses at startup the few whose values would claim what Spinel cannot do.
    #[cfg(feature = "server")]
    Spec { name: "active-defrag-cycle-max", alias: None, kind: Kind::Int { min: 1, max: 99 }, immutable: false, default: "25" },
    #[cfg(feature = "server")]
    Spec { name: "active-defrag-cycle-min", alias: None, kind: Kind::Int { min: 1, max: 99 }, immutable: false, default: "1" },
    #[cfg(feature = "server")]
    Spec { name: "active-defrag-ignore-bytes", alias: None, kind: Kind::Memory { min: 1, max: LONG_MAX }, immutable: false, default: "104857600" },
    #[cfg(feature = "server")]
    Spec { name: "active-defrag-max-scan-fields", alias: None, kind: Kind::Int { min: 1, max: LONG_MAX }, immutable: false, default: "1000" },
    #[cfg(feature = "server")]
    Spec { name: "active-defrag-threshold-lower", alias: None, kind: Kind::Int { min: 0, max: 1000 }, immutable: false, default: "10" },
    #[cfg(feature = "server")]
    Spec { name: "active-defrag-threshold-upper", alias: None, kind: Kind::Int { min: 0, max: 1000 }, immutable: false, default: "100" },
    #[cfg(feature = "server")]
    Spec { name: "activedefrag", alias: None, kind: Kind::Bool, immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "activerehashing", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    #[cfg(feature = "server")]
    Spec { name: "aof-disable-auto-gc", alias: None, kind: Kind::Bool, immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "aof-rewrite-incremental-fsync", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    #[cfg(feature = "server")]
    Spec { name: "aof-timestamp-enabled", alias: None, kind: Kind::Bool, immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "aof_rewrite_cpulist", alias: None, kind: Kind::Str, immutable: true, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "bgsave_cpulist", alias: None, kind: Kind::Str, immutable: true, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "bind-source-addr", alias: None, kind: Kind::Str, immutable: false, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "bio_cpulist", alias: None, kind: Kind::Str, immutable: true, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "cluster-allow-pubsubshard-when-down", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    #[cfg(feature = "server")]
    Spec { name: "cluster-allow-reads-when-down", alias: None, kind: Kind::Bool, immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "cluster-allow-replica-migration", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    #[cfg(feature = "server")]
    Spec { name: "cluster-announce-bus-port", alias: None, kind: Kind::Int { min: 0, max: 65535 }, immutable: false, default: "0" },
    #[cfg(feature = "server")]
    Spec { name: "cluster-announce-hostname", alias: None, kind: Kind::Str, immutable: false, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "cluster-announce-ip", alias: None, kind: Kind::Str, immutable: false, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "cluster-announce-port", alias: None, kind: Kind::Int { min: 0, max: 65535 }, immutable: false, default: "0" },
    #[cfg(feature = "server")]
    Spec { name: "cluster-announce-tls-port", alias: None, kind: Kind::Int { min: 0, max: 65535 }, immutable: false, default: "0" },
    #[cfg(feature = "server")]
    Spec { name: "cluster-config-file", alias: None, kind: Kind::Str, immutable: true, default: "nodes.conf" },
    Spec { name: "cluster-enabled", alias: None, kind: Kind::Bool, immutable: true, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "cluster-link-sendbuf-limit", alias: None, kind: Kind::Memory { min: 0, max: LONG_MAX }, immutable: false, default: "0" },
    #[cfg(feature = "server")]
    Spec { name: "cluster-migration-barrier", alias: None, kind: Kind::Int { min: 0, max: INT_MAX }, immutable: false, default: "1" },
    #[cfg(feature = "server")]
    Spec { name: "cluster-node-timeout", alias: None, kind: Kind::Int { min: 0, max: LONG_MAX }, immutable: false, default: "15000" },
    #[cfg(feature = "server")]
    Spec { name: "cluster-port", alias: None, kind: Kind::Int { min: 0, max: 65535 }, immutable: true, default: "0" },
    #[cfg(feature = "server")]
    Spec { name: "cluster-preferred-endpoint-type", alias: None, kind: Kind::Enum(&["ip", "hostname", "unknown-endpoint"]), immutable: false, default: "ip" },
    #[cfg(feature = "server")]
    Spec { name: "cluster-replica-no-failover", alias: Some("cluster-slave-no-failover"), kind: Kind::Bool, immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "cluster-replica-validity-factor", alias: Some("cluster-slave-validity-factor"), kind: Kind::Int { min: 0, max: INT_MAX }, immutable: false, default: "10" },
    #[cfg(feature = "server")]
    Spec { name: "cluster-require-full-coverage", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    #[cfg(feature = "server")]
    Spec { name: "crash-log-enabled", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    #[cfg(feature = "server")]
    Spec { name: "crash-memcheck-enabled", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    #[cfg(feature = "server")]
    Spec { name: "disable-thp", alias: None, kind: Kind::Bool, immutable: true, default: "yes" },
    #[cfg(feature = "server")]
    Spec { name: "dynamic-hz", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    #[cfg(feature = "server")]
    Spec { name: "ignore-warnings", alias: None, kind: Kind::Str, immutable: false, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "io-threads", alias: None, kind: Kind::Int { min: 1, max: 128 }, immutable: true, default: "1" },
    #[cfg(feature = "server")]
    Spec { name: "io-threads-do-reads", alias: None, kind: Kind::Bool, immutable: true, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "jemalloc-bg-thread", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    #[cfg(feature = "server")]
    Spec { name: "lazyfree-lazy-eviction", alias: None, kind: Kind::Bool, immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "lazyfree-lazy-expire", alias: None, kind: Kind::Bool, immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "lazyfree-lazy-server-del", alias: None, kind: Kind::Bool, immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "lazyfree-lazy-user-del", alias: None, kind: Kind::Bool, immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "lazyfree-lazy-user-flush", alias: None, kind: Kind::Bool, immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "masterauth", alias: None, kind: Kind::Str, immutable: false, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "masteruser", alias: None, kind: Kind::Str, immutable: false, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "maxmemory-clients", alias: None, kind: Kind::MemoryOrPercent { max: LONG_MAX }, immutable: false, default: "0" },
    Spec { name: "min-replicas-max-lag", alias: Some("min-slaves-max-lag"), kind: Kind::Int { min: 0, max: INT_MAX }, immutable: false, default: "10" },
    Spec { name: "min-replicas-to-write", alias: Some("min-slaves-to-write"), kind: Kind::Int { min: 0, max: INT_MAX }, immutable: false, default: "0" },
    #[cfg(feature = "server")]
    Spec { name: "no-appendfsync-on-rewrite", alias: None, kind: Kind::Bool, immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "oom-score-adj", alias: None, kind: Kind::Enum(&["no", "yes", "relative", "absolute"]), immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "oom-score-adj-values", alias: None, kind: Kind::Str, immutable: false, default: "0 200 800" },
    #[cfg(feature = "server")]
    Spec { name: "proc-title-template", alias: None, kind: Kind::Str, immutable: false, default: "{title} {listen-addr} {server-mode}" },
    #[cfg(feature = "server")]
    Spec { name: "propagation-error-behavior", alias: None, kind: Kind::Enum(&["ignore", "panic", "panic-on-replicas"]), immutable: false, default: "ignore" },
    #[cfg(feature = "server")]
    Spec { name: "rdb-del-sync-files", alias: None, kind: Kind::Bool, immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "rdb-save-incremental-fsync", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    Spec { name: "repl-backlog-size", alias: None, kind: Kind::Memory { min: 1, max: LONG_MAX }, immutable: false, default: "1048576" },
    Spec { name: "repl-backlog-ttl", alias: None, kind: Kind::Int { min: 0, max: LONG_MAX }, immutable: false, default: "3600" },
    #[cfg(feature = "server")]
    Spec { name: "repl-disable-tcp-nodelay", alias: None, kind: Kind::Bool, immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "repl-diskless-load", alias: None, kind: Kind::Enum(&["disabled", "on-empty-db", "swapdb"]), immutable: false, default: "disabled" },
    #[cfg(feature = "server")]
    Spec { name: "repl-diskless-sync", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    #[cfg(feature = "server")]
    Spec { name: "repl-diskless-sync-delay", alias: None, kind: Kind::Int { min: 0, max: INT_MAX }, immutable: false, default: "5" },
    #[cfg(feature = "server")]
    Spec { name: "repl-diskless-sync-max-replicas", alias: None, kind: Kind::Int { min: 0, max: INT_MAX }, immutable: false, default: "0" },
    Spec { name: "repl-ping-replica-period", alias: Some("repl-ping-slave-period"), kind: Kind::Int { min: 1, max: INT_MAX }, immutable: false, default: "10" },
    Spec { name: "repl-timeout", alias: None, kind: Kind::Int { min: 1, max: INT_MAX }, immutable: false, default: "60" },
    #[cfg(feature = "server")]
    Spec { name: "replica-announce-ip", alias: Some("slave-announce-ip"), kind: Kind::Str, immutable: false, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "replica-announce-port", alias: Some("slave-announce-port"), kind: Kind::Int { min: 0, max: 65535 }, immutable: false, default: "0" },
    #[cfg(feature = "server")]
    Spec { name: "replica-announced", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    #[cfg(feature = "server")]
    Spec { name: "replica-ignore-disk-write-errors", alias: None, kind: Kind::Bool, immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "replica-ignore-maxmemory", alias: Some("slave-ignore-maxmemory"), kind: Kind::Bool, immutable: false, default: "yes" },
    #[cfg(feature = "server")]
    Spec { name: "replica-lazy-flush", alias: Some("slave-lazy-flush"), kind: Kind::Bool, immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "replica-priority", alias: Some("slave-priority"), kind: Kind::Int { min: 0, max: INT_MAX }, immutable: false, default: "100" },
    #[cfg(feature = "server")]
    Spec { name: "replica-read-only", alias: Some("slave-read-only"), kind: Kind::Bool, immutable: false, default: "yes" },
    #[cfg(feature = "server")]
    Spec { name: "replica-serve-stale-data", alias: Some("slave-serve-stale-data"), kind: Kind::Bool, immutable: false, default: "yes" },
    #[cfg(feature = "server")]
    Spec { name: "replicaof", alias: Some("slaveof"), kind: Kind::Str, immutable: true, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "sanitize-dump-payload", alias: None, kind: Kind::Enum(&["no", "yes", "clients"]), immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "server_cpulist", alias: None, kind: Kind::Str, immutable: true, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "set-proc-title", alias: None, kind: Kind::Bool, immutable: true, default: "yes" },
    #[cfg(feature = "server")]
    Spec { name: "shutdown-timeout", alias: None, kind: Kind::Int { min: 0, max: INT_MAX }, immutable: false, default: "10" },
    #[cfg(feature = "server")]
    Spec { name: "socket-mark-id", alias: None, kind: Kind::Int { min: 0, max: u32::MAX as i64 }, immutable: true, default: "0" },
    #[cfg(feature = "server")]
    Spec { name: "supervised", alias: None, kind: Kind::Enum(&["upstart", "systemd", "auto", "no"]), immutable: true, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "syslog-enabled", alias: None, kind: Kind::Bool, immutable: true, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "syslog-facility", alias: None, kind: Kind::Enum(&["user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"]), immutable: true, default: "local0" },
    #[cfg(feature = "server")]
    Spec { name: "syslog-ident", alias: None, kind: Kind::Str, immutable: true, default: "redis" },
    #[cfg(feature = "server")]
    Spec { name: "tls-auth-clients", alias: None, kind: Kind::Enum(&["no", "yes", "optional"]), immutable: false, default: "yes" },
    #[cfg(feature = "server")]
    Spec { name: "tls-ca-cert-dir", alias: None, kind: Kind::Str, immutable: false, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "tls-ca-cert-file", alias: None, kind: Kind::Str, immutable: false, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "tls-cert-file", alias: None, kind: Kind::Str, immutable: false, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "tls-ciphers", alias: None, kind: Kind::Str, immutable: false, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "tls-ciphersuites", alias: None, kind: Kind::Str, immutable: false, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "tls-client-cert-file", alias: None, kind: Kind::Str, immutable: false, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "tls-client-key-file", alias: None, kind: Kind::Str, immutable: false, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "tls-client-key-file-pass", alias: None, kind: Kind::Str, immutable: false, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "tls-cluster", alias: None, kind: Kind::Bool, immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "tls-dh-params-file", alias: None, kind: Kind::Str, immutable: false, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "tls-key-file", alias: None, kind: Kind::Str, immutable: false, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "tls-key-file-pass", alias: None, kind: Kind::Str, immutable: false, default: "" },
    Spec { name: "tls-port", alias: None, kind: Kind::Int { min: 0, max: 65535 }, immutable: false, default: "0" },
    #[cfg(feature = "server")]
    Spec { name: "tls-prefer-server-ciphers", alias: None, kind: Kind::Bool, immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "tls-protocols", alias: None, kind: Kind::Str, immutable: false, default: "" },
    #[cfg(feature = "server")]
    Spec { name: "tls-replication", alias: None, kind: Kind::Bool, immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "tls-session-cache-size", alias: None, kind: Kind::Int { min: 0, max: INT_MAX }, immutable: false, default: "20480" },
    #[cfg(feature = "server")]
    Spec { name: "tls-session-cache-timeout", alias: None, kind: Kind::Int { min: 0, max: INT_MAX }, immutable: false, default: "300" },
    #[cfg(feature = "server")]
    Spec { name: "tls-session-caching", alias: None, kind: Kind::Bool, immutable: false, default: "yes" },
    // Redis's hidden test switches (CONFIG GET answers them by exact name only).
    #[cfg(feature = "server")]
    Spec { name: "use-exit-on-panic", alias: None, kind: Kind::Bool, immutable: false, default: "no" },
    #[cfg(feature = "server")]
    Spec { name: "rdb-key-save-delay", alias: None, kind: Kind::Int { min: i32::MIN as i64, max: INT_MAX }, immutable: false, default: "0" },
    #[cfg(feature = "server")]
    Spec { name: "key-load-delay", alias: None, kind: Kind::Int { min: i32::MIN as i64, max: INT_MAX }, immutable: false, default: "0" },
    #[cfg(feature = "server")]
    Spec { name: "watchdog-period", alias: None, kind: Kind::Int { min: 0, max: INT_MAX }, immutable: false, default: "0" },
    #[cfg(feature = "server")]
    Spec { name: "loading-process-events-interval-bytes", alias: None, kind: Kind::Int { min: 1024, max: INT_MAX }, immutable: false, default: "2097152" },
];

const HIDDEN: &[&str] = &["use-exit-on-panic", "rdb-key-save-delay", "key-load-delay", "watchdog-period", "loading-process-events-interval-bytes"];

/// Current values, as text in the canonical form CONFIG GET prints.
#[derive(Clone, Debug)]
pub struct Config {
    values: Vec<String>,
    ints: Vec<i64>,
    /// `client-output-buffer-limit` parsed (normal, replica, pubsub): hosts read it per batch.
    output_limits: [OutputBufferLimit; 3],
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
    #[cfg(feature = "server")]
    pub const AOF_DISABLE_AUTO_GC: Opt = Opt::named("aof-disable-auto-gc");
    #[cfg(feature = "server")]
    pub const AOF_TIMESTAMP_ENABLED: Opt = Opt::named("aof-timestamp-enabled");
    pub const AOF_LOAD_TRUNCATED: Opt = Opt::named("aof-load-truncated");
    pub const AOF_USE_RDB_PREAMBLE: Opt = Opt::named("aof-use-rdb-preamble");
    pub const APPENDDIRNAME: Opt = Opt::named("appenddirname");
    pub const APPENDFILENAME: Opt = Opt::named("appendfilename");
    pub const APPENDFSYNC: Opt = Opt::named("appendfsync");
    pub const APPENDONLY: Opt = Opt::named("appendonly");
    pub const AUTO_AOF_REWRITE_MIN_SIZE: Opt = Opt::named("auto-aof-rewrite-min-size");
    pub const AUTO_AOF_REWRITE_PERCENTAGE: Opt = Opt::named("auto-aof-rewrite-percentage");
    pub const BIND: Opt = Opt::named("bind");
    pub const CLIENT_OUTPUT_BUFFER_LIMIT: Opt = Opt::named("client-output-buffer-limit");
    pub const BUSY_REPLY_THRESHOLD: Opt = Opt::named("busy-reply-threshold");
    pub const CLIENT_QUERY_BUFFER_LIMIT: Opt = Opt::named("client-query-buffer-limit");
    pub const DATABASES: Opt = Opt::named("databases");
    pub const DBFILENAME: Opt = Opt::named("dbfilename");
    pub const DIR: Opt = Opt::named("dir");
    pub const ENABLE_DEBUG_COMMAND: Opt = Opt::named("enable-debug-command");
    pub const ENABLE_MODULE_COMMAND: Opt = Opt::named("enable-module-command");
    pub const ENABLE_PROTECTED_CONFIGS: Opt = Opt::named("enable-protected-configs");
    #[cfg(feature = "server")]
    pub const ALWAYS_SHOW_LOGO: Opt = Opt::named("always-show-logo");
    #[cfg(feature = "server")]
    pub const SHUTDOWN_ON_SIGINT: Opt = Opt::named("shutdown-on-sigint");
    #[cfg(feature = "server")]
    pub const SHUTDOWN_ON_SIGTERM: Opt = Opt::named("shutdown-on-sigterm");
    #[cfg(feature = "server")]
    pub const SHUTDOWN_TIMEOUT: Opt = Opt::named("shutdown-timeout");
    #[cfg(feature = "server")]
    pub const MAXMEMORY_CLIENTS: Opt = Opt::named("maxmemory-clients");
    #[cfg(feature = "server")]
    pub const OOM_SCORE_ADJ: Opt = Opt::named("oom-score-adj");
    #[cfg(feature = "server")]
    pub const OOM_SCORE_ADJ_VALUES: Opt = Opt::named("oom-score-adj-values");
    #[cfg(feature = "server")]
    pub const UNIXSOCKET: Opt = Opt::named("unixsocket");
    #[cfg(feature = "server")]
    pub const UNIXSOCKETPERM: Opt = Opt::named("unixsocketperm");
    pub const CLUSTER_ENABLED: Opt = Opt::named("cluster-enabled");
    pub const TLS_PORT: Opt = Opt::named("tls-port");
    #[cfg(feature = "server")]
    pub const RDB_KEY_SAVE_DELAY: Opt = Opt::named("rdb-key-save-delay");
    #[cfg(feature = "server")]
    pub const CRASH_LOG_ENABLED: Opt = Opt::named("crash-log-enabled");
    #[cfg(feature = "server")]
    pub const LAZYFREE_LAZY_EXPIRE: Opt = Opt::named("lazyfree-lazy-expire");
    #[cfg(feature = "server")]
    pub const REPLICA_LAZY_FLUSH: Opt = Opt::named("replica-lazy-flush");
    #[cfg(feature = "server")]
    pub const LAZYFREE_LAZY_USER_DEL: Opt = Opt::named("lazyfree-lazy-user-del");
    #[cfg(feature = "server")]
    pub const LAZYFREE_LAZY_USER_FLUSH: Opt = Opt::named("lazyfree-lazy-user-flush");
    pub const HASH_MAX_LISTPACK_ENTRIES: Opt = Opt::named("hash-max-listpack-entries");
    pub const HASH_MAX_LISTPACK_VALUE: Opt = Opt::named("hash-max-listpack-value");
    pub const HLL_SPARSE_MAX_BYTES: Opt = Opt::named("hll-sparse-max-bytes");
    pub const HZ: Opt = Opt::named("hz");
    pub const MIN_REPLICAS_TO_WRITE: Opt = Opt::named("min-replicas-to-write");
    pub const MIN_REPLICAS_MAX_LAG: Opt = Opt::named("min-replicas-max-lag");
    pub const REPL_BACKLOG_SIZE: Opt = Opt::named("repl-backlog-size");
    pub const REPL_BACKLOG_TTL: Opt = Opt::named("repl-backlog-ttl");
    pub const REPL_PING_REPLICA_PERIOD: Opt = Opt::named("repl-ping-replica-period");
    pub const REPL_TIMEOUT: Opt = Opt::named("repl-timeout");
    #[cfg(feature = "server")]
    pub const REPLICA_READ_ONLY: Opt = Opt::named("replica-read-only");
    #[cfg(feature = "server")]
    pub const REPLICA_SERVE_STALE_DATA: Opt = Opt::named("replica-serve-stale-data");
    #[cfg(feature = "server")]
    pub const REPLICA_IGNORE_MAXMEMORY: Opt = Opt::named("replica-ignore-maxmemory");
    #[cfg(feature = "server")]
    pub const REPLICA_PRIORITY: Opt = Opt::named("replica-priority");
    #[cfg(feature = "server")]
    pub const REPLICA_ANNOUNCED: Opt = Opt::named("replica-announced");
    #[cfg(feature = "server")]
    pub const MASTERAUTH: Opt = Opt::named("masterauth");
    #[cfg(feature = "server")]
    pub const MASTERUSER: Opt = Opt::named("masteruser");
    #[cfg(feature = "server")]
    pub const REPLICAOF: Opt = Opt::named("replicaof");
    #[cfg(feature = "server")]
    pub const REPLICA_ANNOUNCE_PORT: Opt = Opt::named("replica-announce-port");
    pub const LIST_COMPRESS_DEPTH: Opt = Opt::named("list-compress-depth");
    pub const LIST_MAX_LISTPACK_SIZE: Opt = Opt::named("list-max-listpack-size");
    pub const SAVE: Opt = Opt::named("save");
    pub const SET_MAX_INTSET_ENTRIES: Opt = Opt::named("set-max-intset-entries");
    pub const STOP_WRITES_ON_BGSAVE_ERROR: Opt = Opt::named("stop-writes-on-bgsave-error");
    pub const STREAM_NODE_MAX_BYTES: Opt = Opt::named("stream-node-max-bytes");
    pub const STREAM_NODE_MAX_ENTRIES: Opt = Opt::named("stream-node-max-entries");
    pub const ZSET_MAX_LISTPACK_ENTRIES: Opt = Opt::named("zset-max-listpack-entries");
    pub const ZSET_MAX_LISTPACK_VALUE: Opt = Opt::named("zset-max-listpack-value");
    pub const LOGFILE: Opt = Opt::named("logfile");
    pub const LOGLEVEL: Opt = Opt::named("loglevel");
    pub const LATENCY_MONITOR_THRESHOLD: Opt = Opt::named("latency-monitor-threshold");
    pub const LATENCY_TRACKING: Opt = Opt::named("latency-tracking");
    pub const LATENCY_TRACKING_INFO_PERCENTILES: Opt = Opt::named("latency-tracking-info-percentiles");
    pub const SLOWLOG_LOG_SLOWER_THAN: Opt = Opt::named("slowlog-log-slower-than");
    pub const SLOWLOG_MAX_LEN: Opt = Opt::named("slowlog-max-len");
    pub const LFU_DECAY_TIME: Opt = Opt::named("lfu-decay-time");
    pub const LFU_LOG_FACTOR: Opt = Opt::named("lfu-log-factor");
    pub const MAXMEMORY: Opt = Opt::named("maxmemory");
    pub const MAXMEMORY_POLICY: Opt = Opt::named("maxmemory-policy");
    pub const MAXMEMORY_SAMPLES: Opt = Opt::named("maxmemory-samples");
    pub const MAXCLIENTS: Opt = Opt::named("maxclients");
    pub const NOTIFY_KEYSPACE_EVENTS: Opt = Opt::named("notify-keyspace-events");
    pub const PIDFILE: Opt = Opt::named("pidfile");
    pub const PORT: Opt = Opt::named("port");
    pub const PROTECTED_MODE: Opt = Opt::named("protected-mode");
    pub const PROTO_MAX_BULK_LEN: Opt = Opt::named("proto-max-bulk-len");
    pub const ACL_PUBSUB_DEFAULT: Opt = Opt::named("acl-pubsub-default");
    pub const ACLFILE: Opt = Opt::named("aclfile");
    pub const ACLLOG_MAX_LEN: Opt = Opt::named("acllog-max-len");
    pub const RDBCHECKSUM: Opt = Opt::named("rdbchecksum");
    pub const RDBCOMPRESSION: Opt = Opt::named("rdbcompression");
    pub const REQUIREPASS: Opt = Opt::named("requirepass");
    pub const TCP_BACKLOG: Opt = Opt::named("tcp-backlog");
    pub const TCP_KEEPALIVE: Opt = Opt::named("tcp-keepalive");
    pub const TIMEOUT: Opt = Opt::named("timeout");
    pub const TRACKING_TABLE_MAX_KEYS: Opt = Opt::named("tracking-table-max-keys");
}

/// Why a value was refused, in Redis's words (without the CONFIG SET prefix).
pub type ConfigError = String;

impl Default for Config {
    fn default() -> Self {
        let values: Vec<String> = SPECS.iter().map(|s| s.default.to_owned()).collect();
        let ints = SPECS.iter().map(|s| parse_number(s.kind, s.default).unwrap_or(0)).collect();
        let output_limits = parse_output_buffer_limits(&values[opt::CLIENT_OUTPUT_BUFFER_LIMIT.0]).unwrap_or_default();
        Config { values, ints, output_limits }
    }
}

fn parse_number(kind: Kind, v: &str) -> Option<i64> {
    match kind {
        Kind::Bool => Some((v == "yes") as i64),
        Kind::Int { .. } => crate::num::parse_i64(v.as_bytes()),
        Kind::Memory { .. } => parse_memory(v),
        #[cfg(feature = "server")]
        Kind::MemoryOrPercent { .. } => parse_memory(v),
        #[cfg(feature = "server")]
        Kind::Octal { .. } => i64::from_str_radix(v, 8).ok(),
        _ => None,
    }
}

/// Checks `save` points ("<seconds> <changes> ..."; "" disables snapshots) and returns them
/// in canonical form.
fn parse_save_points(v: &str) -> Result<String, ConfigError> {
    // Split on single spaces as Redis does: a doubled space makes an empty, invalid point.
    let parts: Vec<&str> = if v.is_empty() { Vec::new() } else { v.split(' ').collect() };
    if parts.len() % 2 != 0 {
        return Err("Invalid save parameters".into());
    }
    for (i, p) in parts.iter().enumerate() {
        match crate::num::parse_i64(p.as_bytes()) {
            // Seconds at least 1, changes at least 0.
            Some(n) if n >= (i % 2 == 0) as i64 => {}
            _ => return Err("Invalid save parameters".into()),
        }
    }
    Ok(parts.join(" "))
}

/// The `save` points as (seconds, changes) pairs.
pub fn save_points(c: &Config) -> Vec<(u64, u64)> {
    let nums: Vec<u64> = c.str(opt::SAVE).split_ascii_whitespace().filter_map(|p| p.parse().ok()).collect();
    nums.chunks_exact(2).map(|c| (c[0], c[1])).collect()
}

/// Parses a memory amount as Redis's memtoull: a number with an optional unit
/// (k=1000, kb=1024, m, mb, g, gb; any case).
/// A memory value as Redis's `memtoull` reads it: digits and an optional unit (`b`, `k`, `kb`,
/// `m`, `mb`, `g`, `gb`, any case). No digits is 0; too many wrap as in C, to a value the
/// caller's range check refuses.
pub fn parse_memory(v: &str) -> Option<i64> {
    let lower = v.to_ascii_lowercase();
    let units: [(&str, u64); 7] = [("kb", 1024), ("mb", 1024 * 1024), ("gb", 1024 * 1024 * 1024), ("k", 1000), ("m", 1000 * 1000), ("g", 1000 * 1000 * 1000), ("b", 1)];
    let (digits, mul) = units.iter().find(|(u, _)| lower.ends_with(u)).map(|(u, m)| (&lower[..lower.len() - u.len()], *m)).unwrap_or((&lower[..], 1));
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // strtoull saturates; the product wraps.
    let n = digits.bytes().fold(0u64, |n, d| n.saturating_mul(10).saturating_add((d - b'0') as u64));
    Some(n.wrapping_mul(mul) as i64)
}

/// latency-tracking-info-percentiles: numbers from 0 to 100, printed back in shortest form.
fn parse_percentiles(value: &str) -> Result<String, String> {
    let mut out = Vec::new();
    for word in value.split_ascii_whitespace() {
        let p = crate::num::parse_f64(word.as_bytes()).ok_or_else(|| "Invalid latency-tracking-info-percentiles parameters".to_string())?;
        if !(0.0..=100.0).contains(&p) {
            return Err("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]".into());
        }
        out.push(format!("{p}"));
    }
    Ok(out.join(" "))
}

fn enum_error(choices: &[&str]) -> ConfigError {
    format!("argument(s) must be one of the following: {}", choices.join(", "))
}

#[cfg(feature = "server")]
/// Flags named by words from `names` (the first, `default`, is no flag), printed in the
/// list's order as Redis prints them.
fn parse_flags(names: &[&str], value: &str) -> Result<(String, i64), ConfigError> {
    let mut bits = 0i64;
    for word in value.split_ascii_whitespace() {
        let k = names.iter().position(|n| n.eq_ignore_ascii_case(word)).ok_or_else(|| enum_error(names))?;
        bits |= (1i64 << k) >> 1;
    }
    if value.split_ascii_whitespace().next().is_none() {
        return Err(enum_error(names));
    }
    // shutdown-on-sig*: save (1) and nosave (2) contradict each other.
    if bits & 3 == 3 {
        return Err("shutdown options SAVE and NOSAVE can't be used simultaneously".into());
    }
    let set: Vec<&str> = (1..names.len()).filter(|k| bits & (1 << (k - 1)) != 0).map(|k| names[k]).collect();
    Ok((if set.is_empty() { names[0].to_string() } else { set.join(" ") }, bits))
}

#[cfg(feature = "server")]
/// oom-score-adj-values: three scores from -2000 to 2000.
fn parse_oom_score_adj_values(value: &str) -> Result<String, ConfigError> {
    let words: Vec<&str> = value.split_ascii_whitespace().collect();
    if words.len() != 3 {
        return Err("wrong number of arguments".into());
    }
    for w in &words {
        match crate::num::parse_i64(w.as_bytes()) {
            Some(n) if (-2000..=2000).contains(&n) => {}
            _ => return Err("Invalid oom-score-adj-values, elements must be between -2000 and 2000.".into()),
        }
    }
    Ok(words.join(" "))
}

#[cfg(feature = "server")]
/// replicaof: `host port` (the server starts as its replica) or `no one`, kept as ``.
fn parse_replicaof(value: &str) -> Result<String, ConfigError> {
    let words: Vec<&str> = value.split_ascii_whitespace().collect();
    match words.as_slice() {
        [a, b] if a.eq_ignore_ascii_case("no") && b.eq_ignore_ascii_case("one") => Ok(String::new()),
        [host, port] => match port.parse::<u16>() {
            Ok(_) => Ok(alloc::format!("{host} {port}")),
            Err(_) => Err("Invalid master port".into()),
        },
        _ => Err("wrong number of arguments".into()),
    }
}

/// Whether an option takes several words in a config file (`save 900 1`,
/// `client-output-buffer-limit normal 0 0 0`), joined with spaces for `Config::set`.
pub fn is_multi_arg(canonical: &str) -> bool {
    matches!(
        canonical,
        "save" | "bind" | "client-output-buffer-limit" | "oom-score-adj-values" | "replicaof" | "shutdown-on-sigint" | "shutdown-on-sigterm" | "latency-tracking-info-percentiles"
    )
}

/// Output-buffer limits of one client class: bytes (0 = none) and seconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutputBufferLimit {
    pub hard: u64,
    pub soft: u64,
    pub soft_seconds: u64,
}

const OBUF_CLASSES: [&str; 3] = ["normal", "slave", "pubsub"];

fn parse_output_buffer_limits(text: &str) -> Result<[OutputBufferLimit; 3], String> {
    let mut out = [OutputBufferLimit::default(); 3];
    let words: Vec<&str> = text.split_ascii_whitespace().collect();
    if words.len() % 4 != 0 {
        return Err("Wrong number of arguments in buffer limit configuration.".into());
    }
    for g in words.chunks(4) {
        let class = match g[0].to_ascii_lowercase().as_str() {
            "normal" => 0,
            "slave" | "replica" => 1,
            "pubsub" => 2,
            _ => return Err("Invalid client class specified in buffer limit configuration.".into()),
        };
        let bad = || "Error in hard, soft or soft_seconds setting in buffer limit configuration.".to_string();
        let hard = parse_memory(g[1]).ok_or_else(bad)?;
        let soft = parse_memory(g[2]).ok_or_else(bad)?;
        let secs = crate::num::parse_i64(g[3].as_bytes()).filter(|n| *n >= 0).ok_or_else(bad)?;
        out[class] = OutputBufferLimit { hard: hard as u64, soft: soft as u64, soft_seconds: secs as u64 };
    }
    Ok(out)
}

/// Applies the classes named in `update` over `current`; returns the full text.
fn merge_output_buffer_limits(current: &str, update: &str) -> Result<String, String> {
    let mut limits = parse_output_buffer_limits(current)?;
    let new = parse_output_buffer_limits(update)?;
    let words: Vec<&str> = update.split_ascii_whitespace().collect();
    for g in words.chunks(4) {
        let class = match g[0].to_ascii_lowercase().as_str() {
            "normal" => 0,
            "pubsub" => 2,
            _ => 1,
        };
        limits[class] = new[class];
    }
    let parts: Vec<String> = OBUF_CLASSES
        .iter()
        .zip(limits.iter())
        .map(|(c, l)| format!("{c} {} {} {}", l.hard, l.soft, l.soft_seconds))
        .collect();
    Ok(parts.join(" "))
}

impl Config {
    /// The output-buffer limits of the normal class.
    #[inline]
    pub fn normal_output_limit(&self) -> OutputBufferLimit {
        self.output_limits[0]
    }

    /// The output-buffer limits of the pubsub class.
    pub fn pubsub_output_limit(&self) -> OutputBufferLimit {
        self.output_limits[2]
    }

    /// The output-buffer limits of the replica class.
    pub fn replica_output_limit(&self) -> OutputBufferLimit {
        self.output_limits[1]
    }

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

    /// Whether an option is protected (Redis 7): CONFIG SET may change it only where
    /// `enable-protected-configs` allows.
    pub fn is_protected(canonical: &str) -> bool {
        matches!(canonical, "dbfilename" | "dir")
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
                // Redis keeps hz within 1..=500 (CONFIG_MIN_HZ, CONFIG_MAX_HZ), and says so on GET.
                let n = if spec.name == "hz" { n.clamp(1, 500) } else { n };
                (n.to_string(), n)
            }
            Kind::Memory { min, max } => {
                let n = parse_memory(value).ok_or_else(|| "argument must be a memory value".to_string())?;
                if n < min || n > max {
                    return Err(format!("argument must be between {min} and {max} inclusive"));
                }
                (n.to_string(), n)
            }
            Kind::Str if spec.name == "save" => (parse_save_points(value)?, 0),
            Kind::Str if spec.name == "dbfilename" || spec.name == "appendfilename" || spec.name == "appenddirname" => {
                if value.contains('/') {
                    return Err(format!("{} can't be a path, just a filename", spec.name));
                }
                (value.to_string(), 0)
            }
            Kind::Str if spec.name == "latency-tracking-info-percentiles" => (parse_percentiles(value)?, 0),
            Kind::Str => (value.to_string(), 0),
            Kind::OutputBufferLimits => {
                let text = merge_output_buffer_limits(&self.values[i], value)?;
                self.output_limits = parse_output_buffer_limits(&text)?;
                (text, 0)
            }
            Kind::KeyspaceEvents => {
                let flags = crate::notify::parse_flags(value)?;
                (crate::notify::format_flags(flags), flags)
            }
            Kind::Enum(choices) => {
                let lower = value.to_ascii_lowercase();
                match choices.iter().position(|c| *c == lower) {
                    Some(k) => (choices[k].to_string(), k as i64),
                    None => return Err(enum_error(choices)),
                }
            }
            #[cfg(feature = "server")]
            Kind::Flags(names) => parse_flags(names, value)?,
            #[cfg(feature = "server")]
            Kind::Octal { max } => {
                let n = i64::from_str_radix(value, 8).ok().filter(|_| !value.starts_with('+')).ok_or_else(|| "argument couldn't be parsed as an octal number".to_string())?;
                if !(0..=max).contains(&n) {
                    return Err(format!("argument must be between 0 and {max:o} inclusive"));
                }
                (format!("{n:o}"), n)
            }
            #[cfg(feature = "server")]
            Kind::MemoryOrPercent { max } => match value.strip_suffix('%').filter(|d| !d.is_empty()).map(|d| crate::num::parse_i64(d.as_bytes())) {
                Some(Some(p)) if p >= 0 && parse_memory(value).is_none() => {
                    if p > 100 {
                        return Err("percentage argument must be less or equal to 100".into());
                    }
                    (format!("{p}%"), -p)
                }
                _ => {
                    let n = parse_memory(value).ok_or_else(|| "argument must be a memory or percent value".to_string())?;
                    if n < 0 || n > max {
                        return Err(format!("argument must be between -100 and {max} inclusive"));
                    }
                    (n.to_string(), n)
                }
            },
        };
        let text = match spec.name {
            #[cfg(feature = "server")]
            "oom-score-adj-values" => parse_oom_score_adj_values(&text)?,
            #[cfg(feature = "server")]
            "replicaof" => parse_replicaof(&text)?,
            // Values that would claim what Spinel does not have are refused, not kept (D23).
            "cluster-enabled" if num == 1 => return Err("Spinel has no cluster mode".into()),
            "tls-port" if num != 0 => return Err("Spinel has no TLS".into()),
            _ => text,
        };
        self.values[i] = text;
        self.ints[i] = num;
        Ok(())
    }

    /// Every option as (name, value, whether it is the default), for CONFIG REWRITE.
    pub fn rewrite_pairs(&self) -> Vec<(&'static str, String, bool)> {
        let defaults = Config::default();
        SPECS.iter().enumerate().map(|(i, s)| (s.name, self.values[i].clone(), self.values[i] == defaults.values[i])).collect()
    }

    /// The canonical name of an option (for error messages).
    pub fn canonical_name(name: &str) -> Option<&'static str> {
        Self::find(name).map(|i| SPECS[i].name)
    }

    /// Options matching a CONFIG GET pattern, as (name, value) pairs. As in Redis, a name
    /// without glob characters is looked up and answered under the name as given (any
    /// case), and hidden options answer only such an exact name.
    pub fn matching(&self, pattern: &[u8]) -> Vec<(String, &str)> {
        if !pattern.iter().any(|b| matches!(b, b'[' | b'*' | b'?')) {
            let name = String::from_utf8_lossy(pattern);
            return Self::find(&name).map(|i| (name.into_owned(), self.values[i].as_str())).into_iter().collect();
        }
        let mut out = Vec::new();
        for (i, s) in SPECS.iter().enumerate() {
            if HIDDEN.contains(&s.name) {
                continue;
            }
            for name in core::iter::once(s.name).chain(s.alias) {
                if glob_match(pattern, name.as_bytes(), true) {
                    out.push((name.to_string(), self.values[i].as_str()));
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
