//! Server diagnostics: MONITOR, SLOWLOG, LATENCY, MEMORY, DEBUG, WAIT, LOLWUT.
//! What they report is recorded in `crate::diagnostics`.

use super::connection::reply_help;
use super::{acl, flags::*, CommandSpec, Ctx, SYNTAX};
use crate::config::{opt, Opt};
use crate::engine::Engine;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new("monitor", 1, ADMIN | NOSCRIPT | LOADING | STALE, acl::ADMIN | acl::SLOW | acl::DANGEROUS, monitor),
    CommandSpec::new("slowlog", -2, 0, acl::SLOW, super::container).with_subcommands(SLOWLOG_SUBCOMMANDS),
    CommandSpec::new("latency", -2, 0, acl::SLOW, super::container).with_subcommands(LATENCY_SUBCOMMANDS),
    CommandSpec::new("memory", -2, 0, acl::SLOW, super::container).with_subcommands(MEMORY_SUBCOMMANDS),
    CommandSpec::new("debug", -2, ADMIN | NOSCRIPT | LOADING | STALE, acl::ADMIN | acl::SLOW | acl::DANGEROUS, debug),
    CommandSpec::new("wait", 3, NOSCRIPT, acl::SLOW | acl::CONNECTION, wait),
    CommandSpec::new("lolwut", -1, READONLY | FAST, acl::READ | acl::FAST, lolwut),
];

const ADMIN_ACL: u32 = acl::ADMIN | acl::SLOW | acl::DANGEROUS;

const SLOWLOG_SUBCOMMANDS: &[CommandSpec] = &[
    CommandSpec::sub("slowlog|get", "get", -2, ADMIN | LOADING | STALE, ADMIN_ACL, slowlog_get),
    CommandSpec::sub("slowlog|len", "len", 2, ADMIN | LOADING | STALE, ADMIN_ACL, slowlog_len),
    CommandSpec::sub("slowlog|reset", "reset", 2, ADMIN | LOADING | STALE, ADMIN_ACL, slowlog_reset),
    CommandSpec::sub("slowlog|help", "help", 2, LOADING | STALE, acl::SLOW, slowlog_help),
];

const LATENCY_SUBCOMMANDS: &[CommandSpec] = &[
    CommandSpec::sub("latency|latest", "latest", 2, ADMIN | NOSCRIPT | LOADING | STALE, ADMIN_ACL, latency_latest),
    CommandSpec::sub("latency|history", "history", 3, ADMIN | NOSCRIPT | LOADING | STALE, ADMIN_ACL, latency_history),
    CommandSpec::sub("latency|reset", "reset", -2, ADMIN | NOSCRIPT | LOADING | STALE, ADMIN_ACL, latency_reset),
    CommandSpec::sub("latency|histogram", "histogram", -2, ADMIN | NOSCRIPT | LOADING | STALE, ADMIN_ACL, latency_histogram),
    CommandSpec::sub("latency|doctor", "doctor", 2, ADMIN | NOSCRIPT | LOADING | STALE, ADMIN_ACL, latency_doctor),
    CommandSpec::sub("latency|graph", "graph", 3, ADMIN | NOSCRIPT | LOADING | STALE, ADMIN_ACL, latency_graph),
    CommandSpec::sub("latency|help", "help", 2, LOADING | STALE, acl::SLOW, latency_help),
];

const MEMORY_SUBCOMMANDS: &[CommandSpec] = &[
    CommandSpec::sub("memory|usage", "usage", -3, READONLY, acl::READ | acl::SLOW, memory_usage).keys(2, 2, 1),
    CommandSpec::sub("memory|stats", "stats", 2, 0, acl::SLOW, memory_stats),
    CommandSpec::sub("memory|doctor", "doctor", 2, 0, acl::SLOW, memory_doctor),
    CommandSpec::sub("memory|malloc-stats", "malloc-stats", 2, 0, acl::SLOW, memory_malloc_stats),
    CommandSpec::sub("memory|purge", "purge", 2, 0, acl::SLOW, memory_purge),
    CommandSpec::sub("memory|help", "help", 2, LOADING | STALE, acl::SLOW, memory_help),
];

// ----- MONITOR -----------------------------------------------------------------------------

fn monitor(e: &mut Engine, ctx: &mut Ctx) {
    if ctx.no_block {
        return ctx.out.error("ERR MONITOR isn't allowed for DENY BLOCKING client");
    }
    let Some(c) = e.clients.get_mut(ctx.client) else { return };
    if c.monitor {
        return; // already monitoring: Redis answers nothing
    }
    c.monitor = true;
    e.monitors.push(ctx.client);
    ctx.out.ok();
}

// ----- SLOWLOG -----------------------------------------------------------------------------

fn slowlog_get(e: &mut Engine, ctx: &mut Ctx) {
    if ctx.argv.len() > 3 {
        return super::subcommand_syntax_error(&mut ctx.out, ctx.argv);
    }
    let mut count = 10usize;
    if let Some(arg) = ctx.argv.get(2) {
        match crate::num::parse_i64(arg) {
            Some(-1) => count = usize::MAX,
            Some(n) if n >= 0 => count = n as usize,
            _ => return ctx.out.error("ERR count should be greater than or equal to -1"),
        }
    }
    let n = count.min(e.diag.slowlog.len());
    ctx.out.array(n);
    for entry in e.diag.slowlog.iter().take(n) {
        ctx.out.array(6);
        ctx.out.int(entry.id as i64);
        ctx.out.int(entry.time_s as i64);
        ctx.out.int(entry.duration_us as i64);
        ctx.out.array(entry.args.len());
        for a in &entry.args {
            ctx.out.bulk(a);
        }
        ctx.out.bulk(entry.addr.as_bytes());
        ctx.out.bulk(&entry.name);
    }
}

fn slowlog_len(e: &mut Engine, ctx: &mut Ctx) {
    ctx.out.int(e.diag.slowlog.len() as i64);
}

fn slowlog_reset(e: &mut Engine, ctx: &mut Ctx) {
    e.diag.slowlog.clear();
    ctx.out.ok();
}

fn slowlog_help(_e: &mut Engine, ctx: &mut Ctx) {
    reply_help(
        &mut ctx.out,
        "SLOWLOG",
        &[
            "GET [<count>]",
            "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
            "    Entries are made of:",
            "    id, timestamp, time in microseconds, arguments array, client IP and port,",
            "    client name",
            "LEN",
            "    Return the length of the slowlog.",
            "RESET",
            "    Reset the slowlog.",
        ],
    );
}

// ----- LATENCY -----------------------------------------------------------------------------

fn latency_latest(e: &mut Engine, ctx: &mut Ctx) {
    ctx.out.array(e.diag.latency.len());
    for (name, ev) in &e.diag.latency {
        let (t, ms) = ev.samples.back().copied().unwrap_or((0, 0));
        ctx.out.array(4);
        ctx.out.bulk(name.as_bytes());
        ctx.out.int(t as i64);
        ctx.out.int(ms as i64);
        ctx.out.int(ev.max_ms as i64);
    }
}

fn latency_history(e: &mut Engine, ctx: &mut Ctx) {
    let name = String::from_utf8_lossy(ctx.argv[2]);
    match e.diag.latency.get(name.as_ref()) {
        None => ctx.out.array(0),
        Some(ev) => {
            ctx.out.array(ev.samples.len());
            for (t, ms) in &ev.samples {
                ctx.out.array(2);
                ctx.out.int(*t as i64);
                ctx.out.int(*ms as i64);
            }
        }
    }
}

fn latency_reset(e: &mut Engine, ctx: &mut Ctx) {
    let n = if ctx.argv.len() == 2 {
        let n = e.diag.latency.len();
        e.diag.latency.clear();
        n
    } else {
        let mut n = 0;
        for a in &ctx.argv[2..] {
            let name = String::from_utf8_lossy(a);
            if e.diag.latency.remove(name.as_ref()).is_some() {
                n += 1;
            }
        }
        n
    };
    ctx.out.int(n as i64);
}

fn latency_histogram(e: &mut Engine, ctx: &mut Ctx) {
    let stats: Vec<_> = e.diag.command_stats().into_iter().filter(|s| s.latency.total > 0).collect();
    let wanted: Vec<String> = ctx.argv[2..].iter().map(|a| String::from_utf8_lossy(a).to_ascii_lowercase()).collect();
    // Each named command (repeated if named twice), then the subcommands of a container.
    let chosen: Vec<_> = if wanted.is_empty() {
        stats
    } else {
        let is_sub_of = |name: &str, w: &str| name.strip_prefix(w).is_some_and(|rest| rest.starts_with('|'));
        wanted.iter().flat_map(|w| stats.iter().filter(move |s| s.name == w || (!w.contains('|') && is_sub_of(s.name, w))).copied()).collect()
    };
    ctx.out.map(chosen.len());
    for s in chosen {
        ctx.out.bulk(s.name.as_bytes());
        let buckets = s.latency.hdr_buckets();
        ctx.out.map(2);
        ctx.out.bulk(b"calls");
        ctx.out.int(s.latency.total as i64);
        ctx.out.bulk(b"histogram_usec");
        ctx.out.map(buckets.len());
        for (bound, count) in buckets {
            ctx.out.int(bound as i64);
            ctx.out.int(count as i64);
        }
    }
}

fn latency_doctor(e: &mut Engine, ctx: &mut Ctx) {
    let text = if e.config.int(opt::LATENCY_MONITOR_THRESHOLD) == 0 && e.diag.latency.is_empty() {
        String::from("I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Spinel instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it.\n")
    } else if e.diag.latency.is_empty() {
        String::from("Dave, no latency spike was observed during the lifetime of this Spinel instance, not in the slightest bit.\n")
    } else {
        let mut t = String::from("Dave, I have observed latency spikes in this Spinel instance.\n\n");
        for (i, (name, ev)) in e.diag.latency.iter().enumerate() {
            let avg = ev.samples.iter().map(|s| s.1).sum::<u64>() / ev.samples.len().max(1) as u64;
            t.push_str(&format!("{}. {}: {} latency spikes (average {}ms, worst {}ms).\n", i + 1, name, ev.samples.len(), avg, ev.max_ms));
        }
        t
    };
    ctx.out.verbatim(b"txt", text.as_bytes());
}

fn latency_graph(e: &mut Engine, ctx: &mut Ctx) {
    let name = String::from_utf8_lossy(ctx.argv[2]).into_owned();
    let Some(ev) = e.diag.latency.get(name.as_str()) else {
        return ctx.out.error(&format!("ERR No samples available for event '{name}'"));
    };
    let mut t = format!("{name} - high {} ms, low {} ms (all time high {} ms)\n", ev.samples.iter().map(|s| s.1).max().unwrap_or(0), ev.samples.iter().map(|s| s.1).min().unwrap_or(0), ev.max_ms);
    let high = ev.samples.iter().map(|s| s.1).max().unwrap_or(1).max(1);
    for (_, ms) in &ev.samples {
        let bars = (ms * 20 / high) as usize;
        t.push_str(&"#".repeat(bars.max(1)));
        t.push('\n');
    }
    ctx.out.verbatim(b"txt", t.as_bytes());
}

fn latency_help(_e: &mut Engine, ctx: &mut Ctx) {
    reply_help(
        &mut ctx.out,
        "LATENCY",
        &[
            "DOCTOR",
            "    Return a human readable latency analysis report.",
            "GRAPH <event>",
            "    Return an ASCII latency graph for the <event> class.",
            "HISTORY <event>",
            "    Return time-latency samples for the <event> class.",
            "LATEST",
            "    Return the latest latency samples for all events.",
            "RESET [<event> ...]",
            "    Reset latency data of one or more <event> classes.",
            "    (default: reset all data for all event classes)",
            "HISTOGRAM [COMMAND ...]",
            "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
            "    If no commands are specified then all histograms are replied.",
        ],
    );
}

// ----- MEMORY ------------------------------------------------------------------------------

fn memory_usage(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let mut samples = 5i64;
    let mut j = 3;
    while j < argv.len() {
        if argv[j].eq_ignore_ascii_case(b"samples") && j + 1 < argv.len() {
            match crate::num::parse_i64(argv[j + 1]) {
                Some(n) if n >= 0 => samples = n,
                Some(_) => return ctx.out.error(SYNTAX),
                None => return ctx.out.error("ERR value is not an integer or out of range"),
            }
            j += 2;
        } else {
            return ctx.out.error(SYNTAX);
        }
    }
    let _ = samples; // sizes are computed exactly, not sampled
    let db = ctx.db(e);
    let Some(slot) = crate::commands::keys::lookup_read_quiet(e, db, argv[2]) else {
        return ctx.out.null();
    };
    let entry = e.dbs[db].entry(slot);
    ctx.out.int(entry.memory_usage() as i64);
}

/// MEMORY STATS: Redis 7.0's fields in its order. Without allocator statistics, the
/// allocator's figures are used_memory (resident: the process's RSS when the host knows it),
/// and what Spinel does not have (replication, cluster links) is 0.
fn memory_stats(e: &mut Engine, ctx: &mut Ctx) {
    let used = e.used_memory() as u64;
    let peak = e.note_peak_memory();
    let rss = match (e.host.used_memory_rss)() as u64 {
        0 => used,
        rss => rss,
    };
    let overhead: u64 = e.dbs.iter().map(|d| d.overhead_bytes() as u64).sum();
    let keys: u64 = e.dbs.iter().map(|d| d.len() as u64).sum();
    let dataset = used.saturating_sub(overhead);
    let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let ints = |out: &mut crate::resp::writer::Reply, pairs: &[(&str, u64)]| {
        for (k, v) in pairs {
            out.bulk(k.as_bytes());
            out.int(*v as i64);
        }
    };
    let double = |out: &mut crate::resp::writer::Reply, k: &str, v: f64| {
        out.bulk(k.as_bytes());
        out.double_text(crate::num::format_double(v).as_bytes());
    };
    let dbs: Vec<(usize, &crate::keyspace::Db)> = e.dbs.iter().enumerate().filter(|(_, d)| !d.is_empty()).collect();
    #[cfg(feature = "server")]
    let (backlog, replicas, _) = e.replication_memory();
    #[cfg(not(feature = "server"))]
    let (backlog, replicas) = (0, 0);
    ctx.out.map(27 + dbs.len());
    ints(
        &mut ctx.out,
        &[
            ("peak.allocated", peak),
            ("total.allocated", used),
            ("startup.allocated", 0),
            ("replication.backlog", backlog),
            ("clients.slaves", replicas),
            ("clients.normal", e.clients_memory()),
            ("cluster.links", 0),
            ("aof.buffer", 0),
            ("lua.caches", 0),
            ("functions.caches", 0),
        ],
    );
    for (i, db) in dbs {
        ctx.out.bulk(format!("db.{i}").as_bytes());
        ctx.out.map(3);
        let expires = db.expires_overhead_bytes() as u64;
        ints(
            &mut ctx.out,
            &[
                ("overhead.hashtable.main", db.overhead_bytes() as u64 - expires),
                ("overhead.hashtable.expires", expires),
                ("overhead.hashtable.slot-to-keys", 0),
            ],
        );
    }
    ints(&mut ctx.out, &[("overhead.total", overhead), ("keys.count", keys), ("keys.bytes-per-key", used.checked_div(keys).unwrap_or(0)), ("dataset.bytes", dataset)]);
    double(&mut ctx.out, "dataset.percentage", ratio(dataset * 100, used));
    double(&mut ctx.out, "peak.percentage", ratio(used * 100, peak));
    ints(&mut ctx.out, &[("allocator.allocated", used), ("allocator.active", used), ("allocator.resident", rss)]);
    double(&mut ctx.out, "allocator-fragmentation.ratio", 1.0);
    ints(&mut ctx.out, &[("allocator-fragmentation.bytes", 0)]);
    double(&mut ctx.out, "allocator-rss.ratio", ratio(rss, used));
    ints(&mut ctx.out, &[("allocator-rss.bytes", rss.saturating_sub(used))]);
    double(&mut ctx.out, "rss-overhead.ratio", 1.0);
    ints(&mut ctx.out, &[("rss-overhead.bytes", 0)]);
    double(&mut ctx.out, "fragmentation", ratio(rss, used));
    ints(&mut ctx.out, &[("fragmentation.bytes", rss.saturating_sub(used))]);
}

fn memory_doctor(e: &mut Engine, ctx: &mut Ctx) {
    let used = e.used_memory();
    let text = if used < 5 * 1024 * 1024 {
        "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting."
    } else {
        "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base."
    };
    ctx.out.verbatim(b"txt", text.as_bytes());
}

fn memory_malloc_stats(_e: &mut Engine, ctx: &mut Ctx) {
    ctx.out.verbatim(b"txt", b"Stats not supported for the current allocator");
}

fn memory_purge(_e: &mut Engine, ctx: &mut Ctx) {
    ctx.out.ok();
}

fn memory_help(_e: &mut Engine, ctx: &mut Ctx) {
    reply_help(
        &mut ctx.out,
        "MEMORY",
        &[
            "DOCTOR",
            "    Return memory problems reports.",
            "MALLOC-STATS",
            "    Return internal statistics report from the memory allocator.",
            "PURGE",
            "    Attempt to purge dirty pages for reclamation by the allocator.",
            "STATS",
            "    Return information about the memory usage of the server.",
            "USAGE <key> [SAMPLES <count>]",
            "    Return memory in bytes used by <key> and its value. Nested values are",
            "    sampled up to <count> times (default: 5, 0 means sample all).",
        ],
    );
}

// ----- DEBUG -------------------------------------------------------------------------------

/// Whether a protected command (DEBUG, MODULE LOAD...) may run for this client under its
/// option `enable-debug-command`/`enable-module-command`: yes, or local and the client is on
/// loopback or a unix socket.
pub(crate) fn protected_allowed(e: &Engine, ctx: &Ctx, option: Opt) -> bool {
    match e.config.str(option) {
        "yes" => true,
        "local" => e.clients.get(ctx.client).is_some_and(|c| {
            let a = &c.conn.addr;
            c.conn.unix_socket || a.is_empty() || a.starts_with("127.") || a.starts_with("[::1]") || a.starts_with("::1")
        }),
        _ => false,
    }
}

/// DEBUG HELP: the subcommands every host has, then those of the server build.
const DEBUG_HELP: &[&str] = &[
    "LOG <message>",
    "    Write <message> to the server log.",
    "ERROR <string>",
    "    Return a Redis protocol error with <string> as message. Useful for clients",
    "    unit tests to simulate Redis errors.",
    "OBJECT <key>",
    "    Show low level info about `key` and associated value.",
    "POPULATE <count> [<prefix>] [<size>]",
    "    Create <count> string keys named key:<num>. If <prefix> is specified then",
    "    it is used instead of the 'key' prefix.",
    "PROTOCOL <type>",
    "    Reply with a test value of the specified type. <type> can be: string,",
    "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
    "    true, false.",
    "SET-ACTIVE-EXPIRE <0|1>",
    "    Setting it to 0 disables expiring keys in background when they are not",
    "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
    "    default.",
    "SLEEP <seconds>",
    "    Stop the server for <seconds>. Decimals allowed.",
];
#[cfg(feature = "server")]
const DEBUG_HELP_SERVER: &[&str] = &[
    "AOF-FLUSH-SLEEP <microsec>",
    "    Server will sleep before flushing the AOF, this is used for testing.",
    "ASSERT",
    "    Crash by assertion failed.",
    "PANIC",
    "    Crash the server simulating a panic.",
    "SEGFAULT",
    "    Crash the server with sigsegv.",
    "DIGEST",
    "    Output a hex signature representing the current DB content.",
    "DIGEST-VALUE <key> [<key> ...]",
    "    Output a hex signature of the values of all the specified keys.",
    "LOADAOF",
    "    Flush the AOF buffers on disk and reload the AOF in memory.",
    "RELOAD [option ...]",
    "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
    "    * MERGE: conflicting keys will be loaded from RDB.",
    "    * NOFLUSH: the existing database will not be removed before load, but",
    "      conflicting keys will generate an exception and kill the server.",
    "    * NOSAVE: the database will be loaded from an existing RDB file.",
    "    Examples:",
    "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
    "      the database.",
    "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
    "      existing RDB file.",
    "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
    "      file to the database.",
    "QUICKLIST-PACKED-THRESHOLD <size>",
    "    Sets the threshold for elements to be inserted as plain vs packed nodes",
    "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
    "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
    "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
    "PAUSE-CRON <0|1>",
    "    Stop periodic cron job processing.",
];

fn debug(e: &mut Engine, ctx: &mut Ctx) {
    if !protected_allowed(e, ctx, opt::ENABLE_DEBUG_COMMAND) {
        return ctx.out.error("ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.");
    }
    let argv = ctx.argv;
    let sub = String::from_utf8_lossy(argv[1]).to_ascii_lowercase();
    match (sub.as_str(), argv.len()) {
        ("help", 2) => {
            #[cfg(feature = "server")]
            let lines: Vec<&str> = DEBUG_HELP.iter().chain(DEBUG_HELP_SERVER).copied().collect();
            #[cfg(not(feature = "server"))]
            let lines = DEBUG_HELP;
            reply_help(&mut ctx.out, "DEBUG", &lines)
        }
        // The host's crash report (its panic hook) is what these exercise.
        #[cfg(feature = "server")]
        ("panic", 2) => panic!("DEBUG PANIC called at Unix time {}", e.now_ms() / 1000),
        #[cfg(feature = "server")]
        ("assert", 2) => panic!("assertion failed: DEBUG ASSERT"),
        #[cfg(feature = "server")]
        ("segfault", 2) => match e.host.segfault {
            Some(crash) => crash(),
            None => ctx.out.error("ERR DEBUG SEGFAULT needs a host with signals"),
        },
        ("sleep", 3) => {
            let secs = crate::num::parse_f64(argv[2]).unwrap_or(0.0);
            if secs > 0.0 {
                let us = (secs * 1e6) as u64;
                (e.host.sleep_us)(us);
                // The engine's clock moves on by the time slept: what runs after it in the
                // same batch or transaction (serving blocked clients, expiry) sees the time
                // Redis sees, which refreshes its cached time there. (Only servers sleep;
                // the package's hosts cannot.)
                #[cfg(feature = "server")]
                {
                    e.now_us += us;
                }
            }
            ctx.out.ok();
        }
        ("log", 3) => ctx.out.ok(),
        ("change-repl-id", 2) => ctx.out.ok(),
        ("error", 3) => ctx.out.error_bytes(argv[2]),
        ("protocol", 3) => debug_protocol(ctx),
        ("populate", 3..=5) => debug_populate(e, ctx),
        ("set-active-expire", 3) => {
            e.active_expire_enabled = argv[2] != b"0";
            ctx.out.ok();
        }
        #[cfg(feature = "server")]
        ("set-skip-checksum-validation", 3) => {
            e.skip_checksum_validation = crate::num::atoi(argv[2]) != 0;
            ctx.out.ok();
        }
        #[cfg(feature = "server")]
        ("set-disable-deny-scripts", 3) => {
            e.script_deny_disabled = crate::num::atoi(argv[2]) != 0;
            ctx.out.ok();
        }
        #[cfg(feature = "server")]
        #[cfg(feature = "server")]
        ("aof-flush-sleep", 3) => {
            e.persist.aof_flush_sleep_us = crate::num::atoi(argv[2]).max(0) as u64;
            ctx.out.ok();
        }
        ("pause-cron", 3) => {
            e.cron_paused = crate::num::atoi(argv[2]) != 0;
            ctx.out.ok();
        }
        #[cfg(feature = "server")]
        ("quicklist-packed-threshold", 3) => {
            // Spinel's lists have no plain nodes: the threshold is checked as Redis checks
            // it and changes nothing (D12).
            match crate::config::parse_memory(&String::from_utf8_lossy(argv[2])) {
                Some(n) if (n as u64) <= (1u64 << 32) - (1 << 20) => ctx.out.ok(),
                _ => ctx.out.error("ERR argument must be a memory value bigger than 1 and smaller than 4gb"),
            }
        }
        #[cfg(feature = "server")]
        ("digest", 2) => {
            let d = crate::digest::dataset_digest(e);
            ctx.out.simple(crate::digest::hex(&d).as_bytes());
        }
        #[cfg(feature = "server")]
        ("digest-value", _) => {
            // Logically expired keys too: DEBUG looks at the keyspace as it is.
            let db = ctx.db(e);
            ctx.out.array(argv.len() - 2);
            for key in &argv[2..] {
                let mut d = [0u8; 20];
                if let Some(slot) = e.dbs[db].find(key) {
                    let space = &e.dbs[db];
                    crate::digest::value_digest(&mut d, space.entry(slot), space.expire(slot));
                }
                ctx.out.simple(crate::digest::hex(&d).as_bytes());
            }
        }
        #[cfg(feature = "server")]
        ("reload", _) => {
            let (mut save, mut flush, mut merge) = (true, true, false);
            for opt in &argv[2..] {
                match String::from_utf8_lossy(opt).to_ascii_lowercase().as_str() {
                    "merge" => merge = true,
                    "noflush" => flush = false,
                    "nosave" => save = false,
                    _ => return ctx.out.error("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options."),
                }
            }
            match e.with_persist_host(|host, e| host.debug_reload(e, save, flush, merge)) {
                Some(Ok(())) => ctx.out.ok(),
                Some(Err(why)) => ctx.out.error(&why),
                None => ctx.out.error("ERR DEBUG RELOAD needs a host with files"),
            }
        }
        #[cfg(feature = "server")]
        ("loadaof", 2) => match e.with_persist_host(|host, e| host.debug_loadaof(e)) {
            Some(Ok(())) => ctx.out.ok(),
            Some(Err(why)) => ctx.out.error(&why),
            None => ctx.out.error("ERR DEBUG LOADAOF needs a host with files"),
        },
        ("object", 3) => {
            let db = ctx.db(e);
            // The key as stored, expired or not, without stats (Redis's dictFind).
            let Some(slot) = e.dbs[db].find(argv[2]) else {
                return ctx.out.error("ERR no such key");
            };
            let entry = e.dbs[db].entry(slot);
            // The length of the value as dump.rdb writes it (rdbSavedObjectLen).
            let mut enc = crate::commands::dump::encoder(e);
            enc.value(&entry.value);
            let text = format!(
                "Value at:0x0 refcount:1 encoding:{} serializedlength:{} lru:{} lru_seconds_idle:{}",
                entry.value.encoding(),
                enc.out.len(),
                entry.lru & 0xff_ffff,
                e.lru_clock().saturating_sub(entry.lru)
            );
            ctx.out.simple(text.as_bytes());
        }
        _ => ctx.out.error(&format!("ERR unknown subcommand '{}'. Try DEBUG HELP.", String::from_utf8_lossy(argv[1]))),
    }
}

/// DEBUG PROTOCOL <type>: one value of each RESP type, for client test suites.
fn debug_protocol(ctx: &mut Ctx) {
    let name = String::from_utf8_lossy(ctx.argv[2]).to_ascii_lowercase();
    let out = &mut ctx.out;
    let resp3 = out.is_resp3();
    match name.as_str() {
        "string" => out.bulk(b"Hello World"),
        "integer" => out.int(12345),
        "double" => out.double_text(b"3.141"),
        "bignum" if resp3 => out.raw(b"(1234567999999999999999999999999999999\r\n"),
        "bignum" => out.bulk(b"1234567999999999999999999999999999999"),
        "null" => out.null(),
        "array" | "set" | "map" => {
            match name.as_str() {
                "array" => out.array(3),
                "set" => out.set(3),
                _ => out.map(3),
            }
            for i in 0..3 {
                out.int(i);
                if name == "map" {
                    if resp3 {
                        out.boolean(i == 1);
                    } else {
                        out.int((i == 1) as i64);
                    }
                }
            }
        }
        "attrib" => {
            if resp3 {
                out.raw(b"|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n");
            }
            out.bulk(b"Some real reply following the attribute");
        }
        "push" if !resp3 => out.error("ERR RESP2 is not supported by this command"),
        "push" => {
            out.push(2);
            out.bulk(b"server-cpu-usage");
            out.int(42);
            out.bulk(b"Some real reply following the push reply");
        }
        "verbatim" => out.verbatim(b"txt", b"This is a verbatim\nstring"),
        "true" => out.boolean(true),
        "false" => out.boolean(false),
        _ => out.error("ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false"),
    }
}

/// DEBUG POPULATE count [prefix] [size]: string keys `prefix:N` = `value:N` (padded or cut
/// to `size`), skipping existing ones; not propagated.
fn debug_populate(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let Some(count) = crate::num::parse_i64(argv[2]).filter(|n| *n >= 0) else {
        return ctx.out.error("ERR value is out of range, must be positive");
    };
    let prefix = argv.get(3).copied().unwrap_or(b"key");
    let size = match argv.get(4) {
        Some(a) => match crate::num::parse_i64(a).filter(|n| *n >= 0) {
            Some(n) => Some(n as usize),
            None => return ctx.out.error("ERR value is out of range, must be positive"),
        },
        None => None,
    };
    let db = ctx.db(e);
    for i in 0..count {
        let mut key = prefix.to_vec();
        key.extend_from_slice(format!(":{i}").as_bytes());
        if e.dbs[db].find(&key).is_some() {
            continue;
        }
        let mut value = format!("value:{i}").into_bytes();
        if let Some(size) = size {
            value.resize(size, 0);
        }
        e.add_key(db, &key, crate::value::Value::Str(crate::value::StrValue::from_bytes(&value)));
    }
    ctx.out.ok();
}

// ----- WAIT, LOLWUT --------------------------------------------------------------------------

/// WAIT numreplicas timeout: there are no replicas; asking for some waits out the timeout.
fn wait(e: &mut Engine, ctx: &mut Ctx) {
    let Some(wanted) = crate::num::parse_i64(ctx.argv[1]) else {
        return ctx.out.error("ERR value is not an integer or out of range");
    };
    let Some(timeout) = crate::num::parse_i64(ctx.argv[2]) else {
        return ctx.out.error("ERR timeout is not an integer or out of range");
    };
    if timeout < 0 {
        return ctx.out.error("ERR timeout is negative");
    }
    if e.is_replica_of_master() {
        return ctx.out.error("ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.");
    }
    let deadline = if timeout == 0 { 0 } else { e.now_ms() + timeout as u64 };
    // Redis keeps the count in a C int: 2^31 and more wrap.
    #[cfg(feature = "server")]
    e.wait_for_acks(ctx, wanted as i32 as i64, deadline);
    // The npm package has no replicas: 0, at once or when the time is up.
    #[cfg(not(feature = "server"))]
    if wanted as i32 <= 0 || ctx.no_block {
        ctx.out.int(0);
    } else {
        e.block(ctx, &[], deadline, crate::blocking::TimeoutReply::Acks(0), None);
        if ctx.outcome != crate::engine::Outcome::Blocked {
            ctx.out.int(0);
        }
    }
}

/// LOLWUT [VERSION v [args...]]: Spinel draws no art, but its arguments are parsed as Redis
/// parses them (the version, and the sizes versions 5 and 6 take), with the same errors.
fn lolwut(_e: &mut Engine, ctx: &mut Ctx) {
    let mut args = &ctx.argv[1..];
    if args.len() >= 2 && args[0].eq_ignore_ascii_case(b"version") {
        let Some(version) = super::arg_i64(&mut ctx.out, args[1]) else { return };
        args = &args[2..];
        // Redis prints the version with %u: only exactly 5 and 6 draw (and parse sizes).
        let sizes = match version as u32 {
            5 => 3,
            6 => 2,
            _ => 0,
        };
        for a in args.iter().take(sizes) {
            if super::arg_i64(&mut ctx.out, a).is_none() {
                return;
            }
        }
    }
    let text = format!("Spinel ver. {}\n", env!("CARGO_PKG_VERSION"));
    ctx.out.verbatim(b"txt", text.as_bytes());
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::{engine, run, run_args, T0};

    #[test]
    fn debug_is_refused_unless_enabled_then_answers_as_redis() {
        let (mut e, c) = engine();
        assert!(run(&mut e, c, "DEBUG PROTOCOL string").starts_with(b"-ERR DEBUG command not allowed."));
        e.config.set("enable-debug-command", "yes", true).unwrap();
        // Replies captured from redis-server 7.0.15 with enable-debug-command yes.
        for (t, resp2, resp3) in [
            ("double", &b"$5\r\n3.141\r\n"[..], &b",3.141\r\n"[..]),
            ("bignum", b"$37\r\n1234567999999999999999999999999999999\r\n", b"(1234567999999999999999999999999999999\r\n"),
            ("map", b"*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n", b"%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n"),
            ("attrib", b"$39\r\nSome real reply following the attribute\r\n", b"|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n"),
            ("push", b"-ERR RESP2 is not supported by this command\r\n", b">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n$40\r\nSome real reply following the push reply\r\n"),
            ("verbatim", b"$25\r\nThis is a verbatim\nstring\r\n", b"=29\r\ntxt:This is a verbatim\nstring\r\n"),
            ("false", b":0\r\n", b"#f\r\n"),
        ] {
            run(&mut e, c, "HELLO 2");
            assert_eq!(run(&mut e, c, &alloc::format!("DEBUG PROTOCOL {t}")), resp2, "{t}");
            run(&mut e, c, "HELLO 3");
            assert_eq!(run(&mut e, c, &alloc::format!("DEBUG PROTOCOL {t}")), resp3, "{t}");
        }
        assert_eq!(run(&mut e, c, "DEBUG POPULATE 3 p 4"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "GET p:2"), b"$4\r\nvalu\r\n");
        assert_eq!(run(&mut e, c, "DBSIZE"), b":3\r\n");
        assert_eq!(run(&mut e, c, "DEBUG ERROR BOOM"), b"-BOOM\r\n");
        // serializedlength is the value's length in dump.rdb (Redis 7.0.15: 2 and 13).
        run(&mut e, c, "HSET h a 1");
        for (key, len) in [("p:2", "serializedlength:5 "), ("h", "serializedlength:13 ")] {
            let object = run(&mut e, c, &alloc::format!("DEBUG OBJECT {key}"));
            assert!(object.windows(len.len()).any(|w| w == len.as_bytes()), "{key}: {}", alloc::string::String::from_utf8_lossy(&object));
        }
        assert_eq!(run(&mut e, c, "DEBUG SET-ACTIVE-EXPIRE 0"), b"+OK\r\n");
        assert!(!e.active_expire_enabled);
    }

    #[test]
    fn debug_switches_for_test_suites() {
        let (mut e, c) = engine();
        e.config.set("enable-debug-command", "yes", true).unwrap();
        // A payload whose CRC is wrong: refused, then taken once checksums are skipped.
        run(&mut e, c, "SET k v");
        let dumped = run(&mut e, c, "DUMP k");
        let head = dumped.iter().position(|&b| b == b'\n').unwrap() + 1;
        let mut payload = dumped[head..dumped.len() - 2].to_vec();
        let last = payload.len() - 1;
        payload[last] ^= 0xff;
        let restore = |e: &mut crate::engine::Engine| run_args(e, c, &[&b"RESTORE"[..], b"k2", b"0", &payload]);
        assert_eq!(restore(&mut e), b"-ERR DUMP payload version or checksum are wrong\r\n");
        assert_eq!(run(&mut e, c, "DEBUG SET-SKIP-CHECKSUM-VALIDATION 1"), b"+OK\r\n");
        assert_eq!(restore(&mut e), b"+OK\r\n");
        // A paused cron expires nothing.
        assert_eq!(run(&mut e, c, "DEBUG PAUSE-CRON 1"), b"+OK\r\n");
        run(&mut e, c, "PEXPIRE k 1");
        e.cron(T0 + 10_000_000);
        assert_eq!(e.dbs[0].len(), 2);
        assert_eq!(run(&mut e, c, "DEBUG PAUSE-CRON 0"), b"+OK\r\n");
        e.cron(T0 + 20_000_000);
        assert_eq!(e.dbs[0].len(), 1);
        assert_eq!(run(&mut e, c, "DEBUG QUICKLIST-PACKED-THRESHOLD 1b"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "DEBUG QUICKLIST-PACKED-THRESHOLD 5gb"), b"-ERR argument must be a memory value bigger than 1 and smaller than 4gb\r\n");
        assert_eq!(run(&mut e, c, "DEBUG RELOAD"), b"-ERR DEBUG RELOAD needs a host with files\r\n");
    }
}
