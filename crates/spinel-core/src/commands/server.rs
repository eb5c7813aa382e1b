//! Server commands: INFO, CONFIG, TIME, SHUTDOWN.

use super::connection::{reply_help, REDIS_VERSION};
use super::diagnostics::protected_allowed;
use super::{acl, flags::*, CommandSpec, Ctx};
use crate::config::{opt, Config};
use crate::engine::{Engine, Stats};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new("info", -1, LOADING | STALE, acl::SLOW | acl::DANGEROUS, info),
    CommandSpec::new("config", -2, 0, acl::SLOW, super::container).with_subcommands(CONFIG_SUBCOMMANDS),
    CommandSpec::new("time", 1, LOADING | STALE | FAST, acl::FAST, time),
    CommandSpec::new("shutdown", -1, ADMIN | NOSCRIPT | LOADING | STALE | NO_MULTI | ALLOW_BUSY, acl::ADMIN | acl::SLOW | acl::DANGEROUS, shutdown),
];

const CONFIG_SUBCOMMANDS: &[CommandSpec] = &[
    CommandSpec::sub("config|get", "get", -3, ADMIN | NOSCRIPT | LOADING | STALE, acl::ADMIN | acl::SLOW | acl::DANGEROUS, config_get),
    CommandSpec::sub("config|rewrite", "rewrite", 2, ADMIN | NOSCRIPT | LOADING | STALE, acl::ADMIN | acl::SLOW | acl::DANGEROUS, config_rewrite),
    CommandSpec::sub("config|set", "set", -4, ADMIN | NOSCRIPT | LOADING | STALE, acl::ADMIN | acl::SLOW | acl::DANGEROUS, config_set),
    CommandSpec::sub("config|resetstat", "resetstat", 2, ADMIN | NOSCRIPT | LOADING | STALE, acl::ADMIN | acl::SLOW | acl::DANGEROUS, config_resetstat),
    CommandSpec::sub("config|help", "help", 2, LOADING | STALE, acl::SLOW, config_help),
];

fn time(e: &mut Engine, ctx: &mut Ctx) {
    let us = e.now_us;
    ctx.out.array(2);
    ctx.out.bulk_int((us / 1_000_000) as i64);
    ctx.out.bulk_int((us % 1_000_000) as i64);
}

fn shutdown(e: &mut Engine, ctx: &mut Ctx) {
    #[cfg(feature = "server")]
    e.shutdown_command(ctx);
    #[cfg(not(feature = "server"))]
    shutdown_at_once(e, ctx);
}

/// The npm package's SHUTDOWN (no replicas to wait for, no signals): the save, then the
/// host closes the database.
#[cfg(not(feature = "server"))]
fn shutdown_at_once(e: &mut Engine, ctx: &mut Ctx) {
    let mut save = None;
    let mut abort = false;
    let mut force = false;
    for a in &ctx.argv[1..] {
        if a.eq_ignore_ascii_case(b"NOSAVE") {
            save = Some(false);
        } else if a.eq_ignore_ascii_case(b"SAVE") {
            save = Some(true);
        } else if a.eq_ignore_ascii_case(b"ABORT") {
            abort = true;
        } else if a.eq_ignore_ascii_case(b"FORCE") {
            force = true;
        } else if !a.eq_ignore_ascii_case(b"NOW") {
            return ctx.out.error(super::SYNTAX);
        }
    }
    if abort {
        if ctx.argv.len() != 2 {
            return ctx.out.error(super::SYNTAX);
        }
        return ctx.out.error("ERR No shutdown in progress.");
    }
    if save != Some(false) {
        if let Some(busy) = e.running_script_busy_error() {
            return ctx.out.error(busy);
        }
    }
    // With a host that persists, save here (Redis's prepareForShutdown): SAVE, or the
    // default when save points are configured; a failed save keeps the server up unless FORCE.
    if e.persist.host.is_some() {
        e.with_persist_host(|h, e| h.before_shutdown(e));
        let wanted = save.unwrap_or_else(|| !crate::config::save_points(&e.config).is_empty());
        if wanted && !e.save_now() && !force {
            return ctx.out.error("ERR Errors trying to SHUTDOWN. Check logs.");
        }
    }
    // No reply: the connection closes as the server stops, as with Redis.
    ctx.outcome = crate::engine::Outcome::Shutdown;
}

// ----- CONFIG -----------------------------------------------------------------------------

fn config_get(e: &mut Engine, ctx: &mut Ctx) {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for pat in &ctx.argv[2..] {
        for (name, value) in e.config.matching(pat) {
            if !pairs.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
                pairs.push((name, String::from(value)));
            }
        }
    }
    ctx.out.map(pairs.len());
    for (n, v) in &pairs {
        ctx.out.bulk(n.as_bytes());
        ctx.out.bulk(v.as_bytes());
    }
}

fn config_set(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    if argv.len() % 2 != 0 {
        return ctx.out.error("ERR wrong number of arguments for 'config|set' command");
    }
    // Validate everything on a copy, then apply at once: CONFIG SET is all or nothing.
    let mut next: Config = e.config.clone();
    let mut seen: Vec<&'static str> = Vec::new();
    for pair in argv[2..].chunks(2) {
        let name = String::from_utf8_lossy(pair[0]);
        let Some(canonical) = Config::canonical_name(&name) else {
            return ctx.out.error(&format!("ERR Unknown option or number of arguments for CONFIG SET - '{name}'"));
        };
        if seen.contains(&canonical) {
            return ctx.out.error(&format!("ERR CONFIG SET failed (possibly related to argument '{name}') - duplicate parameter"));
        }
        seen.push(canonical);
        if Config::is_protected(canonical) && !protected_allowed(e, ctx, opt::ENABLE_PROTECTED_CONFIGS) {
            return ctx.out.error(&format!("ERR CONFIG SET failed (possibly related to argument '{name}') - can't set protected config"));
        }
        let value = String::from_utf8_lossy(pair[1]);
        if let Err(why) = next.set(&name, &value, false) {
            return ctx.out.error(&format!("ERR CONFIG SET failed (possibly related to argument '{name}') - {why}"));
        }
    }
    if seen.contains(&"dir") {
        // Redis changes directory as it applies the option, and fails with the system's text.
        let dir = String::from(next.str(opt::DIR));
        match (e.host.change_dir)(&dir) {
            Ok(absolute) => {
                let _ = next.set("dir", &absolute, true);
            }
            Err(why) => return ctx.out.error(&format!("ERR CONFIG SET failed (possibly related to argument 'dir') - {why}")),
        }
    }
    // Redis sets the process's OOM score as it applies either option; a failure undoes
    // the whole CONFIG SET (and sets the score back).
    #[cfg(feature = "server")]
    if let Some(name) = seen.iter().find(|n| n.starts_with("oom-score-adj")) {
        if let Err(why) = e.apply_oom_score_of(&next) {
            let _ = e.apply_oom_score();
            return ctx.out.error(&format!("ERR CONFIG SET failed (possibly related to argument '{name}') - {why}"));
        }
    }
    e.config = next;
    #[cfg(feature = "server")]
    {
        e.stats.config_sets += 1;
    }
    if seen.contains(&"maxmemory") && e.config.int(opt::MAXMEMORY) > 0 {
        // Redis evicts at once for a lower limit (its `evicted` events come before the OK).
        e.evict_until_under_limit();
    }
    if seen.contains(&"requirepass") {
        e.acl_requirepass_changed();
    }
    e.acl_options_changed();
    ctx.out.ok();
}

fn config_rewrite(e: &mut Engine, ctx: &mut Ctx) {
    if e.host.config_file.is_empty() {
        return ctx.out.error("ERR The server is running without a config file");
    }
    let pairs = e.config.rewrite_pairs();
    match (e.host.rewrite_config)(&e.host.config_file, &pairs) {
        Ok(()) => ctx.out.ok(),
        Err(why) => ctx.out.error(&format!("ERR Rewriting config file: {why}")),
    }
}

fn config_resetstat(e: &mut Engine, ctx: &mut Ctx) {
    e.stats = Stats::default();
    e.diag.reset_stats();
    e.lazy.freed_base = (e.host.lazy_free_stats)().1;
    // (INFO stats' sync counters live with replication.)
    e.repl.sync_full = 0;
    e.repl.sync_partial_ok = 0;
    e.repl.sync_partial_err = 0;
    ctx.out.ok();
}

fn config_help(_e: &mut Engine, ctx: &mut Ctx) {
    reply_help(
        &mut ctx.out,
        "CONFIG",
        &[
            "GET <pattern> [<pattern> ...]",
            "    Return the options matching the glob-like patterns, with their values.",
            "SET <option> <value> [<option> <value> ...]",
            "    Set options (all or none).",
            "RESETSTAT",
            "    Reset the counters INFO reports.",
        ],
    );
}

// ----- INFO --------------------------------------------------------------------------------

/// Sections in Redis's order; `default` is all but the last two, which `all` adds.
const SECTIONS: &[&str] = &["server", "clients", "memory", "persistence", "stats", "replication", "cpu", "errorstats", "cluster", "keyspace", "commandstats", "latencystats"];
const DEFAULT_SECTIONS: &[&str] = &["server", "clients", "memory", "persistence", "stats", "replication", "cpu", "errorstats", "cluster", "keyspace"];

fn info(e: &mut Engine, ctx: &mut Ctx) {
    let mut wanted: Vec<String> = Vec::new();
    for a in &ctx.argv[1..] {
        let s = String::from_utf8_lossy(a).to_ascii_lowercase();
        match s.as_str() {
            "default" => wanted.extend(DEFAULT_SECTIONS.iter().map(|s| String::from(*s))),
            "all" | "everything" => wanted.extend(SECTIONS.iter().map(|s| String::from(*s))),
            _ => wanted.push(s),
        }
    }
    if ctx.argv.len() == 1 {
        wanted.extend(DEFAULT_SECTIONS.iter().map(|s| String::from(*s)));
    }
    let text = info_text(e, &wanted);
    ctx.out.verbatim(b"txt", text.as_bytes());
}

/// Renders the requested INFO sections in Redis's order and format.
pub fn info_text(e: &Engine, wanted: &[String]) -> String {
    let mut out = String::new();
    for section in SECTIONS {
        if !wanted.iter().any(|w| w == section) {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\r\n");
        }
        match *section {
            "server" => info_server(e, &mut out),
            "clients" => info_clients(e, &mut out),
            "memory" => info_memory(e, &mut out),
            "persistence" => {
                out.push_str("# Persistence\r\n");
                crate::persist::info_persistence(e, &mut out);
            }
            "stats" => info_stats(e, &mut out),
            "keyspace" => info_keyspace(e, &mut out),
            "replication" => info_replication(e, &mut out),
            "cpu" => info_cpu(e, &mut out),
            "errorstats" => info_errorstats(e, &mut out),
            "cluster" => out.push_str("# Cluster\r\ncluster_enabled:0\r\n"),
            "commandstats" => info_commandstats(e, &mut out),
            "latencystats" => info_latencystats(e, &mut out),
            _ => {}
        }
    }
    out
}

fn info_replication(e: &Engine, out: &mut String) {
    out.push_str("# Replication\r\n");
    #[cfg(feature = "server")]
    if e.is_replica_of_master() {
        line(out, "role", "slave");
        e.info_replica_lines(out);
    } else {
        line(out, "role", "master");
    }
    #[cfg(not(feature = "server"))]
    line(out, "role", "master");
    let replicas = e.replica_views();
    line(out, "connected_slaves", replicas.len());
    let (to_write, max_lag) = (e.config.int(opt::MIN_REPLICAS_TO_WRITE), e.config.int(opt::MIN_REPLICAS_MAX_LAG));
    if to_write > 0 && max_lag > 0 {
        let good = replicas.iter().filter(|r| r.state == crate::repl::SyncState::Online && r.lag_s <= max_lag as u64);
        line(out, "min_slaves_good_slaves", good.count());
    }
    for (i, r) in replicas.iter().enumerate() {
        line(out, &format!("slave{i}"), format!("ip={},port={},state={},offset={},lag={}", r.ip, r.port, r.state.name(), r.offset, r.lag_s));
    }
    let (active, first, histlen) = e.backlog_figures();
    #[cfg(feature = "server")]
    line(out, "master_failover_state", e.failover_state_name());
    #[cfg(not(feature = "server"))]
    line(out, "master_failover_state", "no-failover");
    #[cfg(feature = "server")]
    {
        let (replid, offset) = e.info_replid_offset();
        line(out, "master_replid", replid);
        match &e.repl.replid2 {
            Some((id2, second)) => {
                line(out, "master_replid2", id2);
                line(out, "master_repl_offset", offset);
                line(out, "second_repl_offset", second);
            }
            None => {
                line(out, "master_replid2", "0000000000000000000000000000000000000000");
                line(out, "master_repl_offset", offset);
                line(out, "second_repl_offset", -1);
            }
        }
    }
    #[cfg(not(feature = "server"))]
    {
        line(out, "master_replid", e.replid());
        line(out, "master_replid2", "0000000000000000000000000000000000000000");
        line(out, "master_repl_offset", e.repl_offset());
        line(out, "second_repl_offset", -1);
    }
    line(out, "repl_backlog_active", active as u8);
    line(out, "repl_backlog_size", e.config.int(opt::REPL_BACKLOG_SIZE));
    line(out, "repl_backlog_first_byte_offset", first);
    line(out, "repl_backlog_histlen", histlen);
}

fn info_cpu(e: &Engine, out: &mut String) {
    let (sys, user) = (e.host.cpu_seconds)();
    out.push_str("# CPU\r\n");
    line(out, "used_cpu_sys", format!("{sys:.6}"));
    line(out, "used_cpu_user", format!("{user:.6}"));
    line(out, "used_cpu_sys_children", "0.000000");
    line(out, "used_cpu_user_children", "0.000000");
    line(out, "used_cpu_sys_main_thread", format!("{sys:.6}"));
    line(out, "used_cpu_user_main_thread", format!("{user:.6}"));
}

fn info_errorstats(e: &Engine, out: &mut String) {
    out.push_str("# Errorstats\r\n");
    for (code, n) in &e.diag.errors {
        let _ = write!(out, "errorstat_{code}:count={n}\r\n");
    }
}

fn info_commandstats(e: &Engine, out: &mut String) {
    out.push_str("# Commandstats\r\n");
    for s in e.diag.command_stats() {
        let per_call = if s.calls > 0 { s.usec as f64 / s.calls as f64 } else { 0.0 };
        let _ = write!(
            out,
            "cmdstat_{}:calls={},usec={},usec_per_call={:.2},rejected_calls={},failed_calls={}\r\n",
            s.name, s.calls, s.usec, per_call, s.rejected_calls, s.failed_calls
        );
    }
}

/// A percentile as Redis names it: C's `%f`, trailing zeros and point trimmed (`99.9`).
fn percentile_name(p: f64) -> String {
    let text = format!("{p:.6}");
    String::from(text.trim_end_matches('0').trim_end_matches('.'))
}

/// Percentiles from `latency-tracking-info-percentiles`, as Redis prints them (`p99.9`).
fn info_latencystats(e: &Engine, out: &mut String) {
    out.push_str("# Latencystats\r\n");
    if !e.config.bool(opt::LATENCY_TRACKING) {
        return;
    }
    let percentiles: Vec<f64> = e.config.str(opt::LATENCY_TRACKING_INFO_PERCENTILES).split_ascii_whitespace().filter_map(|p| p.parse().ok()).collect();
    for s in e.diag.command_stats() {
        if s.latency.total == 0 {
            continue;
        }
        let _ = write!(out, "latency_percentiles_usec_{}:", s.name);
        for (i, p) in percentiles.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "p{}={:.3}", percentile_name(*p), s.latency.percentile(*p) as f64);
        }
        out.push_str("\r\n");
    }
}

fn line(out: &mut String, key: &str, value: impl core::fmt::Display) {
    let _ = write!(out, "{key}:{value}\r\n");
}

/// Redis's bytesToHuman: `512B`, `1.50K`, `2.00M`...
pub fn bytes_to_human(n: u64) -> String {
    let units = [("K", 1u64 << 10), ("M", 1 << 20), ("G", 1 << 30), ("T", 1 << 40), ("P", 1 << 50)];
    if n < 1024 {
        return format!("{n}B");
    }
    let mut chosen = units[0];
    for u in units {
        if n >= u.1 {
            chosen = u;
        }
    }
    format!("{:.2}{}", n as f64 / chosen.1 as f64, chosen.0)
}

fn info_server(e: &Engine, out: &mut String) {
    let h = &e.host;
    let uptime = (e.now_us.saturating_sub(e.start_us)) / 1_000_000;
    out.push_str("# Server\r\n");
    line(out, "redis_version", REDIS_VERSION);
    line(out, "spinel_version", env!("CARGO_PKG_VERSION"));
    line(out, "redis_git_sha1", "00000000");
    line(out, "redis_git_dirty", 0);
    line(out, "redis_build_id", "0");
    line(out, "redis_mode", "standalone");
    line(out, "os", &h.os);
    line(out, "arch_bits", h.arch_bits);
    line(out, "monotonic_clock", h.monotonic_clock);
    line(out, "multiplexing_api", h.multiplexing_api);
    line(out, "atomicvar_api", "rust-atomics");
    // Not built by GCC: Redis prints 0.0.0 then.
    line(out, "gcc_version", "0.0.0");
    line(out, "process_id", h.process_id);
    line(out, "process_supervised", "no");
    line(out, "run_id", &e.run_id);
    line(out, "tcp_port", h.tcp_port);
    line(out, "server_time_usec", e.now_us);
    line(out, "uptime_in_seconds", uptime);
    line(out, "uptime_in_days", uptime / 86400);
    line(out, "hz", e.config.int(opt::HZ));
    line(out, "configured_hz", e.config.int(opt::HZ));
    line(out, "lru_clock", (e.now_us / 1_000_000) & ((1 << 24) - 1));
    line(out, "executable", &h.executable);
    line(out, "config_file", &h.config_file);
    line(out, "io_threads_active", 0);
    #[cfg(feature = "server")]
    if let Some(ms) = e.shutdown_in_ms() {
        line(out, "shutdown_in_milliseconds", ms);
    }
}

fn info_clients(e: &Engine, out: &mut String) {
    out.push_str("# Clients\r\n");
    // Replicas are not counted among the clients, as in Redis.
    line(out, "connected_clients", e.clients.len() - e.replicas().len());
    line(out, "cluster_connections", 0);
    line(out, "maxclients", e.config.int(opt::MAXCLIENTS));
    line(out, "client_recent_max_input_buffer", 0);
    line(out, "client_recent_max_output_buffer", 0);
    line(out, "blocked_clients", e.blocked_count());
    line(out, "tracking_clients", e.tracking.clients);
    line(out, "clients_in_timeout_table", e.blocked_with_timeout());
}

impl Engine {
    /// Updates and returns the peak of used_memory.
    pub(crate) fn note_peak_memory(&mut self) -> u64 {
        let used = self.used_memory() as u64;
        self.stats.peak_memory = self.stats.peak_memory.max(used);
        self.stats.peak_memory
    }
}

/// `part` as a percentage of `whole`, as Redis prints it (`99.77%`).
fn percent(part: u64, whole: u64) -> String {
    format!("{:.2}%", if whole == 0 { 0.0 } else { part as f64 * 100.0 / whole as f64 })
}

#[cfg(feature = "server")]
fn ratio(a: u64, b: u64) -> String {
    format!("{:.2}", if b == 0 { 0.0 } else { a as f64 / b as f64 })
}

fn info_memory(e: &Engine, out: &mut String) {
    let used = e.used_memory() as u64;
    let rss = (e.host.used_memory_rss)() as u64;
    let peak = e.stats.peak_memory.max(used);
    out.push_str("# Memory\r\n");
    line(out, "used_memory", used);
    line(out, "used_memory_human", bytes_to_human(used));
    line(out, "used_memory_rss", rss);
    line(out, "used_memory_rss_human", bytes_to_human(rss));
    line(out, "used_memory_peak", peak);
    line(out, "used_memory_peak_human", bytes_to_human(peak));
    line(out, "used_memory_peak_perc", percent(used, peak));
    let overhead: u64 = e.dbs.iter().map(|d| d.overhead_bytes() as u64).sum();
    let startup = e.startup_memory.min(used);
    line(out, "used_memory_overhead", overhead);
    line(out, "used_memory_startup", startup);
    let dataset = used.saturating_sub(overhead);
    line(out, "used_memory_dataset", dataset);
    line(out, "used_memory_dataset_perc", percent(dataset, used.saturating_sub(startup)));
    #[cfg(feature = "server")]
    {
    // Spinel's allocator reports what it hands out; the kernel's figure is the RSS.
    line(out, "allocator_allocated", used);
    line(out, "allocator_active", used);
    line(out, "allocator_resident", rss);
    let system = (e.host.total_system_memory)();
    line(out, "total_system_memory", system);
    line(out, "total_system_memory_human", bytes_to_human(system));
    }
    // The script VM's heap, outside used_memory as in Redis.
    let lua = e.script_memory() as u64;
    let scripts = e.script_counts();
    line(out, "used_memory_lua", lua);
    line(out, "used_memory_vm_eval", lua);
    line(out, "used_memory_lua_human", bytes_to_human(lua));
    line(out, "used_memory_scripts_eval", scripts.scripts_bytes);
    line(out, "number_of_cached_scripts", scripts.cached_scripts);
    line(out, "number_of_functions", scripts.functions);
    line(out, "number_of_libraries", scripts.libraries);
    // One VM runs scripts and functions: its heap is counted once, under eval.
    line(out, "used_memory_vm_functions", 0);
    line(out, "used_memory_vm_total", lua);
    line(out, "used_memory_vm_total_human", bytes_to_human(lua));
    line(out, "used_memory_functions", scripts.functions_bytes);
    let script_bytes = (scripts.scripts_bytes + scripts.functions_bytes) as u64;
    line(out, "used_memory_scripts", script_bytes);
    line(out, "used_memory_scripts_human", bytes_to_human(script_bytes));
    let maxmemory = e.config.int(opt::MAXMEMORY) as u64;
    line(out, "maxmemory", maxmemory);
    line(out, "maxmemory_human", bytes_to_human(maxmemory));
    line(out, "maxmemory_policy", e.config.str(opt::MAXMEMORY_POLICY));
    #[cfg(feature = "server")]
    {
    line(out, "allocator_frag_ratio", "1.00");
    line(out, "allocator_frag_bytes", 0);
    line(out, "allocator_rss_ratio", ratio(rss, used));
    line(out, "allocator_rss_bytes", rss as i64 - used as i64);
    line(out, "rss_overhead_ratio", "1.00");
    line(out, "rss_overhead_bytes", 0);
    line(out, "mem_fragmentation_ratio", ratio(rss, used));
    line(out, "mem_fragmentation_bytes", rss as i64 - used as i64);
    let aof_buffer = e.persist.aof_buffer_length;
    line(out, "mem_not_counted_for_evict", aof_buffer);
    let (backlog, replicas, replication) = e.replication_memory();
    line(out, "mem_replication_backlog", backlog);
    line(out, "mem_total_replication_buffers", replication);
    line(out, "mem_clients_slaves", replicas);
    line(out, "mem_clients_normal", e.clients_memory());
    line(out, "mem_cluster_links", 0);
    line(out, "mem_aof_buffer", aof_buffer);
    line(out, "mem_allocator", e.host.mem_allocator);
    line(out, "active_defrag_running", 0);
    let (pending, freed) = (e.host.lazy_free_stats)();
    line(out, "lazyfree_pending_objects", pending);
    line(out, "lazyfreed_objects", freed.saturating_sub(e.lazy.freed_base));
    }
}

/// A rate in kbps, as Redis prints it.
fn kbps(bytes_per_second: u64) -> String {
    format!("{:.2}", bytes_per_second as f64 / 1024.0)
}

fn info_stats(e: &Engine, out: &mut String) {
    let s = &e.stats;
    out.push_str("# Stats\r\n");
    line(out, "total_connections_received", s.total_connections_received);
    line(out, "total_commands_processed", s.total_commands_processed);
    line(out, "instantaneous_ops_per_sec", s.instantaneous[0].per_second());
    line(out, "total_net_input_bytes", s.total_net_input_bytes);
    line(out, "total_net_output_bytes", s.total_net_output_bytes);
    #[cfg(feature = "server")]
    let repl_bytes = (s.total_net_repl_input_bytes, s.total_net_repl_output_bytes);
    #[cfg(not(feature = "server"))]
    let repl_bytes = (0, 0);
    line(out, "total_net_repl_input_bytes", repl_bytes.0);
    line(out, "total_net_repl_output_bytes", repl_bytes.1);
    line(out, "instantaneous_input_kbps", kbps(s.instantaneous[1].per_second()));
    line(out, "instantaneous_output_kbps", kbps(s.instantaneous[2].per_second()));
    line(out, "instantaneous_input_repl_kbps", "0.00");
    line(out, "instantaneous_output_repl_kbps", "0.00");
    line(out, "rejected_connections", s.rejected_connections);
    line(out, "sync_full", e.repl.sync_full);
    line(out, "sync_partial_ok", e.repl.sync_partial_ok);
    line(out, "sync_partial_err", e.repl.sync_partial_err);
    line(out, "expired_keys", s.expired_keys);
    line(out, "expired_stale_perc", format!("{:.2}", s.expired_stale_perc));
    line(out, "expired_time_cap_reached_count", s.expired_time_cap_reached_count);
    line(out, "expire_cycle_cpu_milliseconds", s.expire_cycle_us / 1000);
    line(out, "evicted_keys", s.evicted_keys);
    line(out, "evicted_clients", e.stats.evicted_clients);
    line(out, "total_eviction_exceeded_time", 0);
    line(out, "current_eviction_exceeded_time", 0);
    line(out, "keyspace_hits", s.keyspace_hits);
    line(out, "keyspace_misses", s.keyspace_misses);
    line(out, "pubsub_channels", e.pubsub.channels.len());
    line(out, "pubsub_patterns", e.pubsub.pattern_count());
    line(out, "pubsubshard_channels", e.pubsub.shard_channels.len());
    let (forks, last_fork_us) = (e.host.fork_stats)();
    line(out, "latest_fork_usec", last_fork_us);
    line(out, "total_forks", forks);
    #[cfg(feature = "server")]
    {
    line(out, "migrate_cached_sockets", 0);
    line(out, "slave_expires_tracked_keys", 0);
    for name in ["active_defrag_hits", "active_defrag_misses", "active_defrag_key_hits", "active_defrag_key_misses", "total_active_defrag_time", "current_active_defrag_time"] {
        line(out, name, 0);
    }
    }
    line(out, "tracking_total_keys", e.tracking.total_keys());
    line(out, "tracking_total_items", e.tracking.total_items());
    line(out, "tracking_total_prefixes", e.tracking.total_prefixes());
    line(out, "unexpected_error_replies", s.unexpected_error_replies);
    line(out, "total_error_replies", s.total_error_replies);
    #[cfg(feature = "server")]
    {
    line(out, "dump_payload_sanitizations", 0);
    line(out, "total_reads_processed", s.total_reads_processed);
    line(out, "total_writes_processed", s.total_writes_processed);
    line(out, "io_threaded_reads_processed", 0);
    line(out, "io_threaded_writes_processed", 0);
    line(out, "reply_buffer_shrinks", 0);
    line(out, "reply_buffer_expands", 0);
    }
}

fn info_keyspace(e: &Engine, out: &mut String) {
    out.push_str("# Keyspace\r\n");
    let now = e.now_ms();
    for (i, db) in e.dbs.iter().enumerate() {
        if db.is_empty() {
            continue;
        }
        // avg_ttl: the mean remaining TTL over keys with one, as Redis estimates it.
        let (mut sum, mut n) = (0u64, 0u64);
        let mut rng = fastrand::Rng::with_seed(now ^ i as u64);
        for _ in 0..db.expires_len().min(64) {
            if let Some(slot) = db.random_volatile(&mut rng) {
                sum += db.expire(slot).saturating_sub(now);
                n += 1;
            }
        }
        let avg = sum.checked_div(n).unwrap_or(0);
        let _ = write!(out, "db{}:keys={},expires={},avg_ttl={}\r\n", i, db.len(), db.expires_len(), avg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn percentiles_are_named_as_redis_names_them() {
        assert_eq!(percentile_name(99.9), "99.9");
        assert_eq!(percentile_name(50.0), "50");
        assert_eq!(percentile_name(99.99999), "99.99999");
        assert_eq!(percentile_name(0.0), "0");
    }

    #[test]
    fn instantaneous_metrics_average_sixteen_samples() {
        let mut m = crate::engine::InstantMetric::default();
        m.track(0, 1_000_000);
        m.track(50, 1_050_000); // too soon: no sample
        m.track(160, 1_100_000); // 160 in 100 ms: 1600/s
        assert_eq!(m.per_second(), 100);
        for i in 2..=16u64 {
            m.track(160 * i, 1_000_000 + 100_000 * i);
        }
        assert_eq!(m.per_second(), 1600);
    }

    #[test]
    fn human_bytes_like_redis() {
        assert_eq!(bytes_to_human(1000), "1000B");
        assert_eq!(bytes_to_human(988728), "965.55K");
        assert_eq!(bytes_to_human(6701056), "6.39M");
    }
}

#[cfg(test)]
mod command_tests {
    use crate::engine::testing::*;

    #[test]
    fn protected_configs_follow_enable_protected_configs() {
        let (mut e, c) = engine();
        assert_eq!(run(&mut e, c, "CONFIG SET dir /x"), b"-ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config\r\n");
        e.config.set("enable-protected-configs", "yes", true).unwrap();
        e.host.change_dir = |d| if d == "/missing" { Err("No such file or directory".into()) } else { Ok(alloc::format!("/abs{d}")) };
        assert_eq!(run(&mut e, c, "CONFIG SET dir /missing"), b"-ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory\r\n");
        assert_eq!(run(&mut e, c, "CONFIG SET dir /x dbfilename d.rdb"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "CONFIG GET dir"), b"*2\r\n$3\r\ndir\r\n$6\r\n/abs/x\r\n");
        e.config.set("enable-protected-configs", "local", true).unwrap();
        // The test connection has no address: a local one, as a unix socket.
        assert_eq!(run(&mut e, c, "CONFIG SET dbfilename e.rdb"), b"+OK\r\n");
    }

    #[test]
    fn config_get_set_like_redis() {
        let (mut e, c) = engine();
        assert_eq!(run(&mut e, c, "CONFIG GET maxclients"), b"*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n");
        assert_eq!(run(&mut e, c, "CONFIG SET hz x"), b"-ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer\r\n");
        assert_eq!(run(&mut e, c, "CONFIG SET foo 1"), b"-ERR Unknown option or number of arguments for CONFIG SET - 'foo'\r\n");
        assert_eq!(run(&mut e, c, "CONFIG SET hz 10 hz 11"), b"-ERR CONFIG SET failed (possibly related to argument 'hz') - duplicate parameter\r\n");
        assert_eq!(run(&mut e, c, "CONFIG SET hz"), b"-ERR wrong number of arguments for 'config|set' command\r\n");
        assert_eq!(run(&mut e, c, "CONFIG SET hz 20 maxclients 5"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "CONFIG GET hz maxclients h?"), b"*4\r\n$2\r\nhz\r\n$2\r\n20\r\n$10\r\nmaxclients\r\n$1\r\n5\r\n");
        // All or nothing: a bad second pair leaves the first unchanged.
        assert!(run(&mut e, c, "CONFIG SET hz 30 maxclients x").starts_with(b"-ERR CONFIG SET failed"));
        assert_eq!(run(&mut e, c, "CONFIG GET hz"), b"*2\r\n$2\r\nhz\r\n$2\r\n20\r\n");
        assert_eq!(run(&mut e, c, "CONFIG RESETSTAT"), b"+OK\r\n");
    }

    #[test]
    fn time_info_shutdown() {
        let (mut e, c) = engine();
        assert_eq!(run(&mut e, c, "TIME"), b"*2\r\n$10\r\n1700000000\r\n$1\r\n0\r\n");
        let info = alloc::string::String::from_utf8(run(&mut e, c, "INFO")).unwrap();
        for s in ["# Server\r\n", "\r\n\r\n# Clients\r\nconnected_clients:1\r\n", "# Memory\r\n", "# Stats\r\n", "# Keyspace\r\n", "redis_version:7.0.15\r\n"] {
            assert!(info.contains(s), "missing {s:?} in {info}");
        }
        let only = alloc::string::String::from_utf8(run(&mut e, c, "INFO clients")).unwrap();
        assert!(only.starts_with("$") && only.contains("# Clients") && !only.contains("# Server"));
        assert_eq!(run(&mut e, c, "INFO nosuch"), b"$0\r\n\r\n");
        assert_eq!(run(&mut e, c, "SHUTDOWN FOO"), b"-ERR syntax error\r\n");
        assert_eq!(run(&mut e, c, "SHUTDOWN ABORT"), b"-ERR No shutdown in progress.\r\n");
        let mut out = alloc::vec::Vec::new();
        let o = e.execute(c, &[b"SHUTDOWN", b"NOSAVE"], T0, &mut out);
        assert_eq!(o, crate::engine::Outcome::Shutdown);
    }
}
