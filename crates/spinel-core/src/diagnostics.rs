//! What the server records about itself: per-command statistics and latency histograms
//! (INFO commandstats / latencystats, LATENCY HISTOGRAM), error counts by code (INFO
//! errorstats), the slow log (SLOWLOG), latency events (LATENCY LATEST/HISTORY) and the
//! MONITOR feed. Durations come from the host's clock (`HostInfo::clock_us`).

use crate::client::ClientId;
use crate::commands::CommandSpec;
use crate::config::opt;
use crate::engine::Engine;
use alloc::boxed::Box;
use alloc::collections::VecDeque;
use crate::vecmap::VecMap;
use alloc::string::String;
use alloc::vec::Vec;
use hashbrown::HashMap;

/// Latency histogram: 64 powers of two, each split into 16 linear sub-buckets (about 6%
/// precision), counting microseconds.
pub struct Histogram {
    counts: Box<[u64; 64 * 16]>,
    pub total: u64,
}

impl Histogram {
    fn new() -> Self {
        Histogram { counts: Box::new([0; 64 * 16]), total: 0 }
    }

    fn index(us: u64) -> usize {
        if us < 16 {
            return us as usize;
        }
        let exp = 63 - us.leading_zeros() as usize; // >= 4
        let sub = ((us >> (exp - 4)) & 15) as usize;
        (exp - 3) * 16 + sub
    }

    /// The largest value that falls in bucket `i`.
    fn upper(i: usize) -> u64 {
        if i < 16 {
            return i as u64;
        }
        let exp = i / 16 + 3;
        let sub = (i % 16) as u64;
        ((16 + sub + 1) << (exp - 4)) - 1
    }

    pub fn record(&mut self, us: u64) {
        self.counts[Self::index(us)] += 1;
        self.total += 1;
    }

    /// The value at percentile `p` (0..=100).
    pub fn percentile(&self, p: f64) -> u64 {
        if self.total == 0 {
            return 0;
        }
        let want = libm::ceil((p / 100.0) * self.total as f64).max(1.0) as u64;
        let mut seen = 0;
        for (i, &c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= want {
                return Self::upper(i);
            }
        }
        0
    }

    /// Cumulative counts as LATENCY HISTOGRAM reports them: (bound in us, calls <= bound) for
    /// bounds where calls were added. The bounds are Redis's: its HDR histogram (ns, two
    /// significant digits) walked from 1024 ns doubling, each level labelled with the highest
    /// value it holds, in us: 1, 2, 4, 8, 16, 33, 66, 132, 264, 528, 1056...
    pub fn hdr_buckets(&self) -> Vec<(u64, u64)> {
        let mut out = Vec::new();
        let mut cumulative = 0u64;
        let mut level_ns = 1024u64;
        let mut i = 0usize;
        while cumulative < self.total && level_ns < u64::MAX / 256 {
            let bound = (level_ns + level_ns / 128 - 1) / 1000;
            let before = cumulative;
            while i < self.counts.len() && Self::upper(i) <= bound {
                cumulative += self.counts[i];
                i += 1;
            }
            if cumulative > before {
                out.push((bound, cumulative));
            }
            level_ns *= 2;
        }
        out
    }
}

/// Counters of one command (INFO commandstats).
pub struct CommandStats {
    pub name: &'static str,
    pub calls: u64,
    pub usec: u64,
    pub rejected_calls: u64,
    pub failed_calls: u64,
    pub latency: Histogram,
}

/// One SLOWLOG entry.
pub struct SlowEntry {
    pub id: u64,
    pub time_s: u64,
    pub duration_us: u64,
    pub args: Vec<Vec<u8>>,
    pub addr: String,
    pub name: Vec<u8>,
}

/// A LATENCY event's samples: (unix s, ms), at most 160, plus the all-time maximum.
pub struct LatencyEvent {
    pub samples: VecDeque<(u64, u64)>,
    pub max_ms: u64,
}

pub struct Diagnostics {
    /// By command-table entry (its address: every spec is a static).
    commands: HashMap<usize, CommandStats, foldhash::fast::FixedState>,
    /// By error code (`ERR`, `WRONGTYPE`...), sorted as Redis lists them.
    pub errors: VecMap<String, u64>,
    pub slowlog: VecDeque<SlowEntry>,
    pub slowlog_next_id: u64,
    pub latency: VecMap<&'static str, LatencyEvent>,
}

const SLOWLOG_MAX_ARGC: usize = 32;
const SLOWLOG_MAX_STRING: usize = 128;
const LATENCY_SAMPLES: usize = 160;

impl Diagnostics {
    pub fn new(seed: u64) -> Self {
        Diagnostics {
            commands: HashMap::with_hasher(foldhash::fast::FixedState::with_seed(seed ^ 0xd1a9)),
            errors: VecMap::new(),
            slowlog: VecDeque::new(),
            slowlog_next_id: 0,
            latency: VecMap::new(),
        }
    }

    fn entry(&mut self, spec: &'static CommandSpec) -> &mut CommandStats {
        self.commands.entry(spec as *const CommandSpec as usize).or_insert_with(|| CommandStats {
            name: spec.full_name,
            calls: 0,
            usec: 0,
            rejected_calls: 0,
            failed_calls: 0,
            latency: Histogram::new(),
        })
    }

    pub(crate) fn record_call(&mut self, spec: &'static CommandSpec, duration_us: u64, failed: bool) {
        let s = self.entry(spec);
        s.calls += 1;
        s.usec += duration_us;
        s.failed_calls += failed as u64;
        s.latency.record(duration_us);
    }

    /// A call that blocked.
    pub(crate) fn record_blocked(&mut self, spec: &'static CommandSpec, duration_us: u64) {
        let s = self.entry(spec);
        s.calls += 1;
        s.usec += duration_us;
    }

    /// A blocked call answered: it was counted by `record_call` when it blocked; this adds
    /// the time it took to serve (`total_us`, blocked call included, goes to the histogram).
    pub(crate) fn record_served(&mut self, spec: &'static CommandSpec, serve_us: u64, total_us: u64, failed: bool) {
        let s = self.entry(spec);
        s.usec += serve_us;
        s.failed_calls += failed as u64;
        s.latency.record(total_us);
    }

    pub(crate) fn record_rejected(&mut self, spec: &'static CommandSpec) {
        self.entry(spec).rejected_calls += 1;
    }

    /// Counts an error reply by its code: the first word after `-`.
    pub(crate) fn count_error(&mut self, reply: &[u8]) {
        if reply.first() != Some(&b'-') {
            return;
        }
        let end = reply.iter().position(|&b| b == b' ' || b == b'\r').unwrap_or(reply.len());
        let code = String::from_utf8_lossy(&reply[1..end]).into_owned();
        // Redis caps the table at 128 codes, folding the rest into the ERR count.
        if self.errors.len() >= 128 && !self.errors.contains_key(&code) {
            *self.errors.get_or_insert_with(String::from("ERR"), || 0) += 1;
            return;
        }
        *self.errors.get_or_insert_with(code, || 0) += 1;
    }

    /// Commands with calls, sorted by name.
    pub fn command_stats(&self) -> Vec<&CommandStats> {
        let mut v: Vec<&CommandStats> = self.commands.values().filter(|s| s.calls > 0 || s.rejected_calls > 0).collect();
        v.sort_by_key(|s| s.name);
        v
    }

    pub fn reset_stats(&mut self) {
        self.commands.clear();
        self.errors.clear();
    }

    pub(crate) fn record_latency(&mut self, event: &'static str, now_s: u64, ms: u64) {
        let e = self.latency.get_or_insert_with(event, || LatencyEvent { samples: VecDeque::new(), max_ms: 0 });
        e.max_ms = e.max_ms.max(ms);
        match e.samples.back_mut() {
            Some(last) if last.0 == now_s => last.1 = last.1.max(ms),
            _ => {
                if e.samples.len() == LATENCY_SAMPLES {
                    e.samples.pop_front();
                }
                e.samples.push_back((now_s, ms));
            }
        }
    }
}

/// Redis's `sdscatrepr`: a quoted, escaped form of any bytes.
pub fn repr(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &b in s {
        match b {
            b'\\' | b'"' => {
                out.push(b'\\');
                out.push(b);
            }
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            7 => out.extend_from_slice(b"\\a"),
            8 => out.extend_from_slice(b"\\b"),
            0x20..=0x7e => out.push(b),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&[b'\\', b'x', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]);
            }
        }
    }
    out.push(b'"');
}

/// What MONITOR and SLOWLOG show in place of a secret.
const REDACTED: &[u8] = b"(redacted)";

/// The arguments of `argv` that carry secrets, which MONITOR and SLOWLOG must not show, as
/// Redis redacts them: AUTH's password (and user), HELLO's AUTH pair, MIGRATE's AUTH and
/// AUTH2 arguments, everything after ACL SETUSER, and the values of the sensitive options in CONFIG SET. Malformed forms
/// that Redis refuses before looking at them are shown as they are, as Redis shows them.
pub(crate) fn redacted_args(argv: &[&[u8]]) -> Vec<usize> {
    let word = |i: usize, w: &str| argv.get(i).is_some_and(|a| a.eq_ignore_ascii_case(w.as_bytes()));
    let n = argv.len();
    if word(0, "auth") && n <= 3 {
        return (1..n).collect();
    }
    if word(0, "acl") && word(1, "setuser") && n >= 3 {
        return (2..n).collect();
    }
    if word(0, "config") && word(1, "set") && n % 2 == 0 {
        return (2..n)
            .step_by(2)
            .filter(|&i| {
                let name = String::from_utf8_lossy(argv[i]);
                matches!(crate::config::Config::canonical_name(&name), Some("requirepass" | "masterauth" | "masteruser"))
            })
            .map(|i| i + 1)
            .collect();
    }
    let mut out = Vec::new();
    if word(0, "migrate") {
        // AUTH's password, AUTH2's user and password, as migrateCommand parses them.
        let mut j = 6;
        while j < n {
            let more = n - 1 - j;
            if word(j, "auth") && more >= 1 {
                out.push(j + 1);
                j += 1;
            } else if word(j, "auth2") && more >= 2 {
                out.extend([j + 1, j + 2]);
                j += 2;
            } else if !word(j, "copy") && !word(j, "replace") {
                break;
            }
            j += 1;
        }
        return out;
    }
    if word(0, "hello") && n >= 2 && crate::num::parse_i64(argv[1]).is_some_and(|v| (2..=3).contains(&v)) {
        let mut j = 2;
        while j < n {
            if word(j, "auth") && n - 1 - j >= 2 {
                out.extend([j + 1, j + 2]);
                j += 3;
            } else if word(j, "setname") && n - 1 > j {
                j += 2;
            } else {
                break;
            }
        }
    }
    out
}

impl Engine {
    /// Sends a command line to every MONITOR client (`+<time> [<db> <addr>] "arg" ...`).
    pub(crate) fn feed_monitors(&mut self, client: ClientId, argv: &[&[u8]]) {
        self.feed_monitors_from(client, None, argv);
    }

    /// `feed_monitors` naming `source` instead of the client's address (`lua` for the
    /// commands scripts call).
    pub(crate) fn feed_monitors_from(&mut self, client: ClientId, source: Option<&[u8]>, argv: &[&[u8]]) {
        let Some(c) = self.clients.get(client) else { return };
        let db = c.db;
        let mut line = Vec::with_capacity(64);
        let now = self.now_us;
        let _ = core::fmt::Write::write_fmt(&mut ByteWriter(&mut line), format_args!("+{}.{:06} [{} ", now / 1_000_000, now % 1_000_000, db));
        match source {
            Some(source) => line.extend_from_slice(source),
            // Redis names the socket: `unix:/path`.
            None if c.conn.unix_socket => {
                line.extend_from_slice(b"unix:");
                line.extend_from_slice(c.conn.addr.strip_suffix(":0").unwrap_or(&c.conn.addr).as_bytes());
            }
            None => line.extend_from_slice(c.conn.addr.as_bytes()),
        }
        line.push(b']');
        let hidden = redacted_args(argv);
        for (i, a) in argv.iter().enumerate() {
            line.push(b' ');
            repr(&mut line, if hidden.contains(&i) { REDACTED } else { a });
        }
        line.extend_from_slice(b"\r\n");
        for m in self.monitors.clone() {
            // Straight to pending output: a monitor sees its own command after the reply.
            if let Some(c) = self.clients.get_mut(m) {
                c.pending.extend_from_slice(&line);
                self.clients.mark_ready(m);
            }
        }
    }

    /// Adds the command to the slow log if it took long enough; records latency events.
    /// Inlined into every call: the checks are the common case, the logging is not.
    #[inline(always)]
    pub(crate) fn maybe_slowlog(&mut self, client: ClientId, spec: &'static CommandSpec, argv: &[&[u8]], duration_us: u64) {
        let threshold_ms = self.config.int(opt::LATENCY_MONITOR_THRESHOLD);
        if threshold_ms > 0 && duration_us / 1000 >= threshold_ms as u64 {
            let event = if spec.has(crate::commands::flags::FAST) { "fast-command" } else { "command" };
            self.diag.record_latency(event, self.now_us / 1_000_000, duration_us / 1000);
        }
        let slower_than = self.config.int(opt::SLOWLOG_LOG_SLOWER_THAN);
        if slower_than < 0 || duration_us < slower_than as u64 || spec.has(crate::commands::flags::SKIP_SLOWLOG) {
            return;
        }
        self.add_slowlog(client, argv, duration_us);
    }

    #[cold]
    fn add_slowlog(&mut self, client: ClientId, argv: &[&[u8]], duration_us: u64) {
        let max_len = self.config.int(opt::SLOWLOG_MAX_LEN).max(0) as usize;
        let mut args: Vec<Vec<u8>> = Vec::with_capacity(argv.len().min(SLOWLOG_MAX_ARGC));
        let hidden = redacted_args(argv);
        for (i, a) in argv.iter().enumerate() {
            let a = if hidden.contains(&i) { REDACTED } else { a };
            if i == SLOWLOG_MAX_ARGC - 1 && argv.len() > SLOWLOG_MAX_ARGC {
                args.push(alloc::format!("... ({} more arguments)", argv.len() - SLOWLOG_MAX_ARGC + 1).into_bytes());
                break;
            }
            if a.len() > SLOWLOG_MAX_STRING {
                let mut s = a[..SLOWLOG_MAX_STRING].to_vec();
                s.extend_from_slice(alloc::format!("... ({} more bytes)", a.len() - SLOWLOG_MAX_STRING).as_bytes());
                args.push(s);
            } else {
                args.push(a.to_vec());
            }
        }
        let (addr, name) = self.clients.get(client).map_or((String::new(), Vec::new()), |c| (c.conn.addr.clone(), c.name.clone()));
        let id = self.diag.slowlog_next_id;
        self.diag.slowlog_next_id += 1;
        self.diag.slowlog.push_front(SlowEntry { id, time_s: self.now_us / 1_000_000, duration_us, args, addr, name });
        self.diag.slowlog.truncate(max_len);
    }
}

/// `core::fmt::Write` into a byte vector.
struct ByteWriter<'a>(&'a mut Vec<u8>);

impl core::fmt::Write for ByteWriter<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_and_percentiles() {
        let mut h = Histogram::new();
        for us in [1, 1, 2, 3, 100, 1000, 1_000_000] {
            h.record(us);
        }
        assert_eq!(h.percentile(50.0), 3);
        assert!((1000..1100).contains(&h.percentile(80.0)));
        assert!(h.percentile(99.0) >= 1_000_000);
        assert_eq!(h.hdr_buckets()[..3], [(1, 2), (2, 3), (4, 4)]);
        let bounds: Vec<u64> = h.hdr_buckets().iter().map(|b| b.0).collect();
        assert_eq!(bounds, [1, 2, 4, 132, 1056, 1082130]);
        for us in 0..100_000u64 {
            assert!(Histogram::upper(Histogram::index(us)) >= us);
        }
    }

    #[test]
    fn repr_escapes_as_redis() {
        let mut v = Vec::new();
        repr(&mut v, b"a\"b\\\n\x01\xff");
        assert_eq!(v, b"\"a\\\"b\\\\\\n\\x01\\xff\"");
    }
}
