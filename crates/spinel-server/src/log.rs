//! Logging in Redis's line format: `<pid>:<role> <dd Mon yyyy hh:mm:ss.mmm> <level> <message>`.
//!
//! Redis's levels map onto tracing's so the usual macros work:
//!
//! | Redis   | char | tracing |
//! |---------|------|---------|
//! | debug   | `.`  | trace!  |
//! | verbose | `-`  | debug!  |
//! | notice  | `*`  | info!   |
//! | warning | `#`  | warn! / error! |
//!
//! `loglevel` can change at runtime (CONFIG SET): the filter sits behind a reload handle the
//! server refreshes from the engine's config in its cron.

use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::atomic::{AtomicU8, Ordering};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::prelude::*;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::{reload, Registry};

/// Redis's role letter: 'C' while starting (before the server is initialised), 'M' after.
static ROLE: AtomicU8 = AtomicU8::new(b'C');

pub fn set_role(role: u8) {
    ROLE.store(role, Ordering::Relaxed);
}

/// Appends `25 Nov 2026 16:00:00.000` in local time, as Redis's serverLogRaw.
fn timestamp(out: &mut String) {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = now.as_secs() as libc::time_t;
    // SAFETY: localtime_r only writes into the tm we own.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let ok = unsafe { !libc::localtime_r(&secs, &mut tm).is_null() };
    if !ok {
        let _ = write!(out, "{}.{:03}", now.as_secs(), now.subsec_millis());
        return;
    }
    let _ = write!(
        out,
        "{:02} {} {} {:02}:{:02}:{:02}.{:03}",
        tm.tm_mday,
        MONTHS[tm.tm_mon.clamp(0, 11) as usize],
        tm.tm_year + 1900,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        now.subsec_millis()
    );
}

fn prefix(level_char: char) -> String {
    let mut s = String::with_capacity(64);
    let _ = write!(
        s,
        "{}:{} ",
        std::process::id(),
        ROLE.load(Ordering::Relaxed) as char
    );
    timestamp(&mut s);
    s.push(' ');
    s.push(level_char);
    s.push(' ');
    s
}

/// A line straight to stderr, for messages before logging is configured
/// (e.g. "can't open config file").
pub fn raw(level_char: char, msg: &str) {
    let mut line = prefix(level_char);
    line.push_str(msg);
    line.push('\n');
    let _ = std::io::stderr().write_all(line.as_bytes());
}

struct RedisFormat;

impl<S, N> FormatEvent<S, N> for RedisFormat
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> std::fmt::Result {
        let c = match *event.metadata().level() {
            Level::TRACE => '.',
            Level::DEBUG => '-',
            Level::INFO => '*',
            _ => '#',
        };
        writer.write_str(&prefix(c))?;
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}

/// Redis's loglevel names to a tracing filter.
pub fn level_filter(loglevel: &str) -> LevelFilter {
    match loglevel {
        "debug" => LevelFilter::TRACE,
        "verbose" => LevelFilter::DEBUG,
        "notice" => LevelFilter::INFO,
        "warning" => LevelFilter::WARN,
        "nothing" => LevelFilter::OFF,
        _ => LevelFilter::INFO,
    }
}

/// The installed logger; keeps the handle to change the level at runtime.
pub struct Logger {
    handle: reload::Handle<LevelFilter, Registry>,
    level: String,
}

impl Logger {
    /// Installs the global subscriber: stdout when `logfile` is empty (as Redis), else the
    /// file (appended). `crash_log` (crash-log-enabled, read at startup): fatal signals
    /// write a report.
    pub fn init(loglevel: &str, logfile: &str, crash_log: bool) -> Result<Logger, String> {
        let (filter, handle) = reload::Layer::new(level_filter(loglevel));
        let writer = if logfile.is_empty() {
            if crash_log {
                install_signal_report();
            }
            tracing_subscriber::fmt::writer::BoxMakeWriter::new(std::io::stdout)
        } else {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(logfile)
                .map_err(|e| {
                    format!(
                        "Can't open the log file: {}",
                        crate::config::os_error_text(&e)
                    )
                })?;
            // Signal handlers (a fatal signal's report) write to their own descriptor of the
            // file (the writer's lock may be held by the code they interrupted).
            if let Ok(handler_file) = file.try_clone() {
                use std::os::fd::IntoRawFd;
                CRASH_FD.store(handler_file.into_raw_fd(), Ordering::Relaxed);
            }
            if crash_log {
                install_signal_report();
            }
            tracing_subscriber::fmt::writer::BoxMakeWriter::new(std::sync::Mutex::new(file))
        };
        let fmt = tracing_subscriber::fmt::layer()
            .event_format(RedisFormat)
            .with_writer(writer);
        tracing_subscriber::registry()
            .with(filter)
            .with(fmt)
            .try_init()
            .map_err(|e| e.to_string())?;
        install_crash_report();
        Ok(Logger {
            handle,
            level: loglevel.to_string(),
        })
    }

    /// Follows CONFIG SET loglevel (called from the server cron; a string compare when unchanged).
    pub fn refresh(&mut self, loglevel: &str) {
        if self.level != loglevel {
            self.level = loglevel.to_string();
            let _ = self.handle.reload(level_filter(loglevel));
        }
    }
}

/// A panic is a bug in Spinel: its report goes to the log (a `logfile` is where operators
/// look; stderr may go nowhere), framed as Redis frames its bug reports, with a backtrace.
/// The process then ends as before (the default hook still prints to stderr): a command
/// that stopped half way may have left data inconsistent, which must not be served or saved.
fn install_crash_report() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let what = info.to_string();
        let mut lines = what.lines();
        let mut head = vec![format!("Spinel {} crashed by a panic: {}", crate::config::VERSION, lines.next().unwrap_or(""))];
        head.extend(lines.map(str::to_string));
        for line in bug_report(head, true) {
            tracing::error!("{line}");
        }
        default(info);
    }));
}

/// A bug report's lines, framed as Redis frames its own: the banner, `head` (what crashed),
/// the stack trace (captured here when `trace`), the closing banner.
fn bug_report(head: Vec<String>, trace: bool) -> Vec<String> {
    let mut lines = vec![String::from("=== SPINEL BUG REPORT START: Cut & paste starting from here ===")];
    lines.extend(head);
    lines.push(String::from("------ STACK TRACE ------"));
    if trace {
        let backtrace = std::backtrace::Backtrace::force_capture().to_string();
        lines.extend(backtrace.lines().map(str::to_string));
    }
    lines.push(String::from("=== SPINEL BUG REPORT END. Make sure to include from START to END. ==="));
    lines
}

/// `n` in decimal, written into `digits` without allocating (for signal handlers).
pub fn decimal(mut n: u64, digits: &mut [u8; 20]) -> &[u8] {
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &digits[i..];
        }
    }
}

/// A line written from a signal handler, async-signal-safe as Redis's
/// serverLogFromHandler (no formatting library, no lock, no allocation):
/// `<pid>:signal-handler (<unix seconds>) <msg>`.
pub fn from_handler(msg: &str) {
    fn push_num(buf: &mut [u8; 128], len: &mut usize, n: u64) {
        let mut digits = [0u8; 20];
        push(buf, len, decimal(n, &mut digits));
    }
    fn push(buf: &mut [u8; 128], len: &mut usize, bytes: &[u8]) {
        let n = bytes.len().min(buf.len() - *len);
        buf[*len..*len + n].copy_from_slice(&bytes[..n]);
        *len += n;
    }
    let mut buf = [0u8; 128];
    let mut len = 0;
    // SAFETY: getpid and time are async-signal-safe syscalls.
    let (pid, now) = unsafe { (libc::getpid() as u64, libc::time(std::ptr::null_mut()) as u64) };
    push_num(&mut buf, &mut len, pid);
    push(&mut buf, &mut len, b":signal-handler (");
    push_num(&mut buf, &mut len, now);
    push(&mut buf, &mut len, b") ");
    push(&mut buf, &mut len, msg.as_bytes());
    push(&mut buf, &mut len, b"\n");
    // SAFETY: write(2) is async-signal-safe; the buffer is ours.
    unsafe { libc::write(CRASH_FD.load(Ordering::Relaxed), buf.as_ptr().cast(), len) };
}

/// Where a fatal signal's report and lines from signal handlers go: the log's descriptor.
static CRASH_FD: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(libc::STDOUT_FILENO);

/// A fatal signal (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT: a bug, or the operator) writes
/// a report framed as Redis's to the log, with the signal, where it came from and a stack
/// trace, then ends the process with the signal's default action (a core dump where they are
/// enabled), as Redis's sigsegvHandler does.
fn install_signal_report() {
    // The report runs on an alternate stack (it must work after a stack overflow too), one
    // large enough for capturing and symbolizing the backtrace (the runtime's own is a few
    // KB). Allocated once and never freed; pages are only touched by a crash.
    const ALT_STACK: usize = 4 << 20;
    let stack = Box::leak(vec![0u8; ALT_STACK].into_boxed_slice());
    let alt = libc::stack_t { ss_sp: stack.as_mut_ptr().cast(), ss_flags: 0, ss_size: ALT_STACK };
    // SAFETY: the stack lives for the rest of the process.
    unsafe { libc::sigaltstack(&alt, std::ptr::null_mut()) };
    for sig in [libc::SIGSEGV, libc::SIGBUS, libc::SIGFPE, libc::SIGILL, libc::SIGABRT] {
        // SAFETY: a zeroed sigaction is valid; the handler has the SA_SIGINFO signature.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_fatal_signal as *const () as usize;
            // On the alternate stack (a stack overflow), once (a fault in the report itself
            // takes the default action), and while it runs the same signal may come again.
            action.sa_flags = libc::SA_SIGINFO | libc::SA_RESETHAND | libc::SA_NODEFER | libc::SA_ONSTACK;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(sig, &action, std::ptr::null_mut());
        }
    }
}

/// The report is built with allocation and formatting, as Redis's uses its logger and
/// backtrace(): not async-signal-safe in general, but the process is ending either way, and
/// a fault inside it ends the process with the default action (SA_RESETHAND).
extern "C" fn on_fatal_signal(sig: libc::c_int, info: *mut libc::siginfo_t, _context: *mut libc::c_void) {
    // A report stuck on a lock the crashed code held must not keep the process alive:
    // SIGALRM's default action ends it (as Redis's watchdog for its crash log).
    // SAFETY: plain syscall.
    unsafe { libc::alarm(10) };
    // SAFETY: the kernel passes a valid siginfo_t to an SA_SIGINFO handler.
    let (code, pid, uid, addr) = unsafe {
        let info = &*info;
        (info.si_code, info.si_pid(), info.si_uid(), info.si_addr() as usize)
    };
    let mut head = vec![format!("Spinel {} crashed by signal: {sig}, si_code: {code}", crate::config::VERSION)];
    if code == libc::SI_USER || code == libc::SI_TKILL || code == libc::SI_QUEUE {
        head.push(format!("Killed by PID: {pid}, UID: {uid}"));
    } else {
        head.push(format!("Accessing address: {addr:#x}"));
    }
    // (No trace from inside a panic: its hook may hold the backtrace lock.)
    let mut report = String::new();
    for line in bug_report(head, !std::thread::panicking()) {
        report.push_str(&prefix('#'));
        report.push_str(&line);
        report.push('\n');
    }
    let fd = CRASH_FD.load(Ordering::Relaxed);
    // SAFETY: plain syscalls; the signal's default action ends the process.
    unsafe {
        libc::write(fd, report.as_ptr().cast(), report.len());
        libc::signal(sig, libc::SIG_DFL);
        libc::raise(sig);
    }
}
