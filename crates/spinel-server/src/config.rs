//! Command line and config file, by redis-server's rules (server.c `main`, config.c
//! `loadServerConfigFromString`).
//!
//! redis-server turns its flags into config-file text: `--port 7000 --bind a b` becomes the
//! lines `port "7000"` and `bind "a" "b"`, appended after the file. We do the same, so a flag
//! and a file line behave identically and errors quote the same `>>> 'line'`. Every option
//! goes through spinel-core's `Config::set(name, value, startup = true)`; the few directives
//! the engine has no option for (persistence, the busy-poll window, `include`) are handled here.

use spinel_core::config::Config;
use std::fmt;
use std::path::Path;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Redis's CONFIG_BINDADDR_MAX.
const BINDADDR_MAX: usize = 16;
/// Nested `include` depth before we assume a loop.
const MAX_INCLUDE_DEPTH: usize = 16;
/// Upper bound of `spinel-busy-poll-us`: beyond a millisecond it is just burning a core.
const BUSY_POLL_MAX_US: i64 = 1_000_000;

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Cli {
    Version,
    Help,
    Run(Invocation),
}

/// A config file (if any), whether to read config from stdin, and the flags as config text.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Invocation {
    pub config_file: Option<Vec<u8>>,
    pub from_stdin: bool,
    pub options: Vec<u8>,
}

/// The outcome of loading: the engine's options plus what only the server knows.
#[derive(Default)]
pub struct Settings {
    pub config: Config,
    /// Absolute path of the config file, for INFO.
    pub config_file: Option<String>,
    /// `spinel-busy-poll-us`, when set in the file or flags (else the env var / default).
    pub busy_poll_us: Option<u64>,
    /// Notes to log once logging is set up (ignored directives...).
    pub notes: Vec<String>,
    /// `user <name> <rules...>` directives, in order (validated when read).
    pub users: Vec<Vec<Vec<u8>>>,
    /// A `save` directive was seen (later ones add points instead of replacing them).
    pub save_set: bool,
}

/// Why the server cannot start with this configuration.
#[derive(Debug)]
pub enum LoadError {
    /// A bad line: printed as Redis's `*** FATAL CONFIG FILE ERROR ***` block.
    Line {
        line_no: usize,
        line: String,
        reason: String,
    },
    /// A file that cannot be read (logged as a warning line, as Redis does).
    Open(String),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Line { line_no, line, reason } => write!(
                f,
                "\n*** FATAL CONFIG FILE ERROR (Spinel {VERSION}) ***\nReading the configuration file, at line {line_no}\n>>> '{line}'\n{reason}\n"
            ),
            LoadError::Open(msg) => f.write_str(msg),
        }
    }
}

// ----- command line ------------------------------------------------------------------------

/// Interprets the arguments (without the program name) exactly as redis-server 7.0 does.
pub fn parse_cli(args: &[Vec<u8>]) -> Cli {
    let Some(first) = args.first() else {
        return Cli::Run(Invocation::default());
    };
    match first.as_slice() {
        b"-v" | b"--version" => return Cli::Version,
        b"-h" | b"--help" => return Cli::Help,
        _ => {}
    }
    let mut inv = Invocation::default();
    let mut j = 0;
    // A first argument not starting with '-' is the config file.
    if first.first() != Some(&b'-') {
        inv.config_file = Some(first.clone());
        j = 1;
    }
    let argc = args.len();
    // Whether the last `--name` already has a value: until it does, even an argument
    // starting with `--` is taken as its value (`--port --bind` sets port to "--bind").
    let mut handled_last = true;
    while j < argc {
        let arg = &args[j];
        let next_is_flag = j + 1 < argc && args[j + 1].starts_with(b"--");
        if arg == b"-" && (j == 0 || j == argc - 1) {
            inv.from_stdin = true;
        } else if handled_last && arg.starts_with(b"--") {
            if !inv.options.is_empty() {
                inv.options.push(b'\n');
            }
            inv.options.extend_from_slice(&arg[2..]);
            inv.options.push(b' ');
            if split_args(arg).map_or(0, |a| a.len()) == 1 {
                // A bare name (`--port`): its values follow. `--save` with nothing after it
                // means `save ""` (pre-7.0 compatibility, kept by Redis).
                handled_last = false;
                let is_save = arg.eq_ignore_ascii_case(b"--save");
                if is_save && next_is_flag {
                    inv.options.extend_from_slice(b"\"\"");
                    handled_last = true;
                } else if is_save && j == argc - 1 {
                    inv.options.extend_from_slice(b"\"\"");
                } else if next_is_flag && arg.eq_ignore_ascii_case(b"--sentinel") {
                    handled_last = true;
                }
            } else {
                // `"--port 6380"` in one argument: name and value together.
                handled_last = true;
            }
        } else {
            spinel_core::diagnostics::repr(&mut inv.options, arg);
            inv.options.push(b' ');
            handled_last = true;
        }
        j += 1;
    }
    Cli::Run(inv)
}

pub fn version_line() -> String {
    format!(
        "Spinel server v={VERSION} sha=00000000:0 malloc=libc bits={} build=0000000000000000",
        usize::BITS
    )
}

pub fn usage() -> String {
    let p = "spinel-server";
    format!(
        "Usage: ./{p} [/path/to/redis.conf] [options] [-]\n       \
         ./{p} - (read config from stdin)\n       \
         ./{p} -v or --version\n       \
         ./{p} -h or --help\n\n\
         Examples:\n       \
         ./{p} (run the server with default conf)\n       \
         echo 'maxclients 100' | ./{p} -\n       \
         ./{p} /etc/spinel/6379.conf\n       \
         ./{p} --port 7777\n       \
         ./{p} --port 7777 --bind 127.0.0.1 ::1 --requirepass s3cret\n       \
         ./{p} /etc/myspinel.conf --loglevel verbose -\n       \
         ./{p} /etc/myspinel.conf --loglevel verbose\n\n\
         Spinel-only options: spinel-busy-poll-us <0..1000000> (also the SPINEL_BUSY_POLL_US env var)\n"
    )
}

// ----- loading -----------------------------------------------------------------------------

/// Reads the config file and stdin as asked, appends the flags, and applies it all.
pub fn load(inv: &Invocation) -> Result<Settings, LoadError> {
    let mut text = Vec::new();
    let mut settings = Settings::default();
    if let Some(file) = &inv.config_file {
        let path = bytes_to_path(file);
        let abs = std::path::absolute(&path).unwrap_or(path);
        let shown = abs.display().to_string();
        text = std::fs::read(&abs).map_err(|e| {
            LoadError::Open(format!(
                "Fatal error, can't open config file '{shown}': {}",
                os_error_text(&e)
            ))
        })?;
        settings.config_file = Some(shown);
    }
    if inv.from_stdin {
        settings.notes.push("Reading config from stdin".into());
        use std::io::Read;
        let _ = std::io::stdin().read_to_end(&mut text);
    }
    text.push(b'\n');
    text.extend_from_slice(&inv.options);
    load_text(&text, &mut settings, 0)?;
    Ok(settings)
}

/// Applies config text line by line, as Redis's `loadServerConfigFromString`.
pub fn load_text(text: &[u8], s: &mut Settings, depth: usize) -> Result<(), LoadError> {
    for (i, raw) in text.split(|&b| b == b'\n').enumerate() {
        let line = trim(raw);
        if line.is_empty() || line[0] == b'#' {
            continue;
        }
        let fail = |reason: String| LoadError::Line {
            line_no: i + 1,
            line: String::from_utf8_lossy(line).into_owned(),
            reason,
        };
        let Some(mut argv) = split_args(line) else {
            return Err(fail("Unbalanced quotes in configuration line".into()));
        };
        if argv.is_empty() {
            continue;
        }
        argv[0].make_ascii_lowercase();
        if let [cmd, file] = argv.as_slice() {
            if cmd == b"include" {
                // The included file's own errors carry its own line numbers, as in Redis.
                if depth >= MAX_INCLUDE_DEPTH {
                    return Err(fail("Too many nested includes".into()));
                }
                let path = bytes_to_path(file);
                let text = std::fs::read(&path).map_err(|e| {
                    LoadError::Open(format!(
                        "Fatal error, can't open config file '{}': {}",
                        path.display(),
                        os_error_text(&e)
                    ))
                })?;
                load_text(&text, s, depth + 1)?;
                continue;
            }
        }
        apply(&argv, s).map_err(fail)?;
    }
    Ok(())
}

/// One directive. Errors are the reason text Redis prints under the line.
fn apply(argv: &[Vec<u8>], s: &mut Settings) -> Result<(), String> {
    let name = String::from_utf8_lossy(&argv[0]).into_owned();
    let args = &argv[1..];
    // Persistence directives are checked here first, even once the engine's table has them
    // (for CONFIG GET): the server must refuse what it cannot do yet.
    if name == "save" || name == "appendonly" {
        return persistence(&name, args, s);
    }
    if Config::exists(&name) {
        let canonical = Config::canonical_name(&name).unwrap_or(&name);
        let value = if canonical == "bind" {
            // Multi-argument option: `bind a b`, or one argument holding a list (`--bind "a b"`).
            let addrs = match args {
                [one] if !one.is_empty() => split_args(one).unwrap_or_default(),
                [one] => vec![one.clone()],
                _ => args.to_vec(),
            };
            if addrs.is_empty() {
                return Err("wrong number of arguments".into());
            }
            if addrs.len() > BINDADDR_MAX {
                return Err("Too many bind addresses specified.".into());
            }
            let addrs: Vec<String> = addrs.iter().map(|a| lossy(a)).collect();
            addrs.join(" ")
        } else if spinel_core::config::is_multi_arg(canonical) {
            if args.is_empty() {
                return Err("wrong number of arguments".into());
            }
            args.iter().map(|a| lossy(a)).collect::<Vec<_>>().join(" ")
        } else {
            if args.len() != 1 {
                return Err("wrong number of arguments".into());
            }
            lossy(&args[0])
        };
        return s.config.set(&name, &value, true);
    }
    match (name.as_str(), args) {
        ("user", [user, rules @ ..]) => {
            // As Redis: only the layout is checked here (a user defined once, selectors'
            // parentheses closed); the rules are applied, and refused, at startup.
            if s.users.iter().any(|u| u[0] == *user) {
                return Err(format!(
                    "Error in user declaration '{}': Duplicate user found. A user can only be defined once in config files",
                    lossy(user)
                ));
            }
            let rules: Vec<&[u8]> = rules.iter().map(|r| r.as_slice()).collect();
            if spinel_core::acl::merge_selector_args(&rules).is_err() {
                return Err("Error in user declaration 'user': Unknown command or category name in ACL".into());
            }
            s.users.push(argv[1..].to_vec());
            Ok(())
        }
        ("spinel-busy-poll-us", [v]) => match spinel_core::num::parse_i64(v) {
            Some(n) if (0..=BUSY_POLL_MAX_US).contains(&n) => {
                s.busy_poll_us = Some(n as u64);
                Ok(())
            }
            Some(_) => Err(format!(
                "argument must be between 0 and {BUSY_POLL_MAX_US} inclusive"
            )),
            None => Err("argument couldn't be parsed into an integer".into()),
        },
        _ => Err("Bad directive or wrong number of arguments".into()),
    }
}

/// `save` and `appendonly`. `save` takes several arguments (`save 900 1 300 10`, or
/// `save ""` to disable snapshots); as in Redis, the first `save` directive replaces the
/// default points and later ones add to them. `appendonly yes` needs the AOF.
fn persistence(name: &str, args: &[Vec<u8>], s: &mut Settings) -> Result<(), String> {
    if name == "save" {
        let points = match args {
            [one] if !one.is_empty() => split_args(one).unwrap_or_default(),
            [one] => vec![one.clone()],
            _ => args.to_vec(),
        };
        let mut text: Vec<String> = points.iter().filter(|p| !p.is_empty()).map(|p| lossy(p)).collect();
        if points.iter().all(|p| p.is_empty()) {
            text.clear();
        } else if text.len() % 2 != 0 {
            return Err("Invalid save parameters".into());
        }
        if s.save_set && !text.is_empty() {
            let before = s.config.str(spinel_core::config::opt::SAVE).to_string();
            if !before.is_empty() {
                text.insert(0, before);
            }
        }
        s.save_set = true;
        return s.config.set("save", &text.join(" "), true);
    }
    let [v] = args else {
        return Err("wrong number of arguments".into());
    };
    match v.to_ascii_lowercase().as_slice() {
        b"no" => s.config.set(name, "no", true),
        b"yes" => s.config.set(name, "yes", true),
        _ => Err("argument must be 'yes' or 'no'".into()),
    }
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn bytes_to_path(b: &[u8]) -> std::path::PathBuf {
    use std::os::unix::ffi::OsStrExt;
    Path::new(std::ffi::OsStr::from_bytes(b)).to_path_buf()
}

/// strerror-like text without Rust's " (os error N)" suffix.
pub fn os_error_text(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// `sdstrim(line, " \t\r\n")`.
fn trim(mut s: &[u8]) -> &[u8] {
    let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    while let Some((f, rest)) = s.split_first() {
        if !ws(f) {
            break;
        }
        s = rest;
    }
    while let Some((l, rest)) = s.split_last() {
        if !ws(l) {
            break;
        }
        s = rest;
    }
    s
}

/// Splits a config line into arguments with Redis's quoting rules (`sdssplitargs`).
pub fn split_args(line: &[u8]) -> Option<Vec<Vec<u8>>> {
    spinel_core::resp::parser::split_line(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use spinel_core::config::opt;

    fn args(a: &[&str]) -> Vec<Vec<u8>> {
        a.iter().map(|s| s.as_bytes().to_vec()).collect()
    }

    fn options(a: &[&str]) -> String {
        match parse_cli(&args(a)) {
            Cli::Run(inv) => String::from_utf8(inv.options).unwrap(),
            other => panic!("{other:?}"),
        }
    }

    fn load_flags(a: &[&str]) -> Result<Settings, LoadError> {
        match parse_cli(&args(a)) {
            Cli::Run(inv) => load(&inv),
            other => panic!("{other:?}"),
        }
    }

    fn reason(r: Result<Settings, LoadError>) -> (usize, String, String) {
        match r {
            Err(LoadError::Line {
                line_no,
                line,
                reason,
            }) => (line_no, line, reason),
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("accepted"),
        }
    }

    #[test]
    fn flags_become_config_lines_like_redis() {
        assert_eq!(
            options(&["--port", "7000", "--bind", "127.0.0.1", "::1"]),
            "port \"7000\" \nbind \"127.0.0.1\" \"::1\" "
        );
        assert_eq!(
            options(&["--save", "", "--appendonly", "no"]),
            "save \"\" \nappendonly \"no\" "
        );
        // `--save` alone, or followed by another flag, means `save ""`.
        assert_eq!(
            options(&["--save", "--port", "1"]),
            "save \"\"\nport \"1\" "
        );
        assert_eq!(
            options(&["--port", "1", "--save"]),
            "port \"1\" \nsave \"\""
        );
        // A bare name takes the next argument even if it looks like a flag.
        assert_eq!(
            options(&["--port", "--bind", "x"]),
            "port \"--bind\" \"x\" "
        );
        // Name and value in one argument.
        assert_eq!(
            options(&["--port 6380", "--hz", "5"]),
            "port 6380 \nhz \"5\" "
        );
        assert_eq!(
            options(&["--requirepass", "a\"b\\c\n"]),
            "requirepass \"a\\\"b\\\\c\\n\" "
        );
        assert_eq!(parse_cli(&args(&["-v"])), Cli::Version);
        assert_eq!(parse_cli(&args(&["--help"])), Cli::Help);
        match parse_cli(&args(&["my.conf", "--port", "7001"])) {
            Cli::Run(inv) => {
                assert_eq!(inv.config_file.as_deref(), Some(&b"my.conf"[..]));
                assert_eq!(inv.options, b"port \"7001\" ");
            }
            other => panic!("{other:?}"),
        }
        match parse_cli(&args(&["-", "--port", "1"])) {
            Cli::Run(inv) => assert!(inv.from_stdin && inv.config_file.is_none()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn flags_apply_through_the_engine_config() {
        let s = load_flags(&[
            "--port",
            "7000",
            "--bind",
            "127.0.0.1",
            "::1",
            "--requirepass",
            "s3cret",
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.config.int(opt::PORT), 7000);
        assert_eq!(s.config.str(opt::BIND), "127.0.0.1 ::1");
        assert_eq!(s.config.str(opt::REQUIREPASS), "s3cret");
        assert_eq!(s.config.str(opt::SAVE), "");
        assert!(!s.config.bool(opt::APPENDONLY));
        // The first `save` replaces the default points, later ones add to them.
        let s = load_flags(&["--save", "900 1", "--save", "60 100"]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.config.str(opt::SAVE), "900 1 60 100");
        // One argument holding a list is split, as Redis does for multi-argument options.
        let s = load_flags(&["--bind", "127.0.0.1 -::1"]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.config.str(opt::BIND), "127.0.0.1 -::1");
        let s = load_flags(&["--spinel-busy-poll-us", "25", "--LOGLEVEL", "Warning"])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.busy_poll_us, Some(25));
        assert_eq!(s.config.str(opt::LOGLEVEL), "warning");
    }

    #[test]
    fn errors_read_like_redis() {
        // Flags start at line 2: the (empty) file is followed by "\n" and the options.
        assert_eq!(
            reason(load_flags(&["--port", "abc"])),
            (
                2,
                "port \"abc\"".into(),
                "argument couldn't be parsed into an integer".into()
            )
        );
        assert_eq!(
            reason(load_flags(&["--port", "--bind", "x"])).2,
            "wrong number of arguments"
        );
        assert_eq!(
            reason(load_flags(&["--nosuch", "1"])).2,
            "Bad directive or wrong number of arguments"
        );
        assert_eq!(
            reason(load_flags(&["--appendonly", "maybe"])).2,
            "argument must be 'yes' or 'no'"
        );
        assert_eq!(reason(load_flags(&["--save", "900"])).2, "Invalid save parameters");
        assert_eq!(reason(load_flags(&["--save", "0 1"])).2, "Invalid save parameters");
        assert_eq!(
            reason(load_flags(&["--spinel-busy-poll-us", "-1"])).2,
            "argument must be between 0 and 1000000 inclusive"
        );
        let e = load_flags(&["--port", "x"]).err().unwrap().to_string();
        assert!(
            e.contains("*** FATAL CONFIG FILE ERROR (Spinel") && e.contains(">>> 'port \"x\"'"),
            "{e}"
        );
    }

    #[test]
    fn config_file_text() {
        let mut s = Settings::default();
        let text = b"# comment\n\n  port 7002  \r\nhz 20\nbind 127.0.0.1 -::1\nrequirepass \"with space\"\n";
        load_text(text, &mut s, 0).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.config.int(opt::PORT), 7002);
        assert_eq!(s.config.int(opt::HZ), 20);
        assert_eq!(s.config.str(opt::REQUIREPASS), "with space");
        match load_text(b"port 1\nbind \"unbalanced\n", &mut s, 0) {
            Err(LoadError::Line {
                line_no: 2, reason, ..
            }) => assert_eq!(reason, "Unbalanced quotes in configuration line"),
            other => panic!("{:?}", other.err()),
        }
    }

    /// Debian's redis-server package ships a stock redis.conf (every option at its documented
    /// value); Spinel must start from it unchanged.
    #[test]
    fn a_stock_redis_conf_loads() {
        let path = "/etc/redis/redis.conf";
        let text = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e} (the test setup installs redis-server)"));
        let mut s = Settings::default();
        load_text(&text, &mut s, 0).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.config.str(opt::CLIENT_OUTPUT_BUFFER_LIMIT), "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
        assert_eq!(s.config.int(opt::PORT), 6379);
    }

    #[test]
    fn multi_word_and_refused_directives() {
        let mut s = Settings::default();
        let text = b"client-output-buffer-limit pubsub 64mb 16mb 90\nshutdown-on-sigterm save now\noom-score-adj-values 0 100 900\nslaveof no one\nalways-show-logo yes\n";
        load_text(text, &mut s, 0).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.config.str(opt::CLIENT_OUTPUT_BUFFER_LIMIT), "normal 0 0 0 slave 268435456 67108864 60 pubsub 67108864 16777216 90");
        assert_eq!(s.config.str(opt::SHUTDOWN_ON_SIGTERM), "save now");
        assert!(s.config.bool(opt::ALWAYS_SHOW_LOGO));
        let refused = |line: &str| match load_text(line.as_bytes(), &mut Settings::default(), 0) {
            Err(LoadError::Line { reason, .. }) => reason,
            other => panic!("{line}: {:?}", other.err()),
        };
        assert_eq!(refused("replicaof 10.0.0.1 99999\n"), "Invalid master port");
        load_text(b"replicaof 10.0.0.1 6379\n", &mut s, 0).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.config.str(opt::REPLICAOF), "10.0.0.1 6379");
        assert_eq!(refused("cluster-enabled yes\n"), "Spinel has no cluster mode");
        assert_eq!(refused("tls-port 6380\n"), "Spinel has no TLS");
        assert_eq!(refused("shutdown-on-sigint save nosave\n"), "shutdown options SAVE and NOSAVE can't be used simultaneously");
        assert_eq!(refused("unixsocketperm 999\n"), "argument couldn't be parsed as an octal number");
        assert_eq!(refused("unixsocketperm 1777\n"), "argument must be between 0 and 777 inclusive");
    }

    #[test]
    fn include_reports_the_included_files_lines() {
        let dir = std::env::temp_dir().join(format!("spinel-conf-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let inner = dir.join("inner.conf");
        std::fs::write(&inner, "hz 15\n\nport nope\n").unwrap();
        let outer = dir.join("outer.conf");
        std::fs::write(&outer, format!("port 7100\ninclude {}\n", inner.display())).unwrap();
        let r = load(&Invocation {
            config_file: Some(outer.display().to_string().into_bytes()),
            ..Default::default()
        });
        assert_eq!(
            reason(r),
            (
                3,
                "port nope".into(),
                "argument couldn't be parsed into an integer".into()
            )
        );
        std::fs::write(&inner, "hz 15\n").unwrap();
        let s = load(&Invocation {
            config_file: Some(outer.display().to_string().into_bytes()),
            options: b"port \"7101\"".to_vec(),
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((s.config.int(opt::PORT), s.config.int(opt::HZ)), (7101, 15));
        assert_eq!(s.config_file.as_deref(), Some(outer.to_str().unwrap()));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn split_args_quoting() {
        let v = |s: &str| {
            split_args(s.as_bytes()).map(|a| {
                a.into_iter()
                    .map(|x| String::from_utf8(x).unwrap())
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(v("a b  c"), Some(vec!["a".into(), "b".into(), "c".into()]));
        assert_eq!(v("\"a b\" 'c d'"), Some(vec!["a b".into(), "c d".into()]));
        assert_eq!(
            v("\"\\x41\\n\" 'it\\'s'"),
            Some(vec!["A\n".into(), "it's".into()])
        );
        assert_eq!(v("\"\""), Some(vec![String::new()]));
        assert_eq!(v("\"a\"b"), None);
        assert_eq!(v("'a"), None);
        assert_eq!(v("   "), Some(vec![]));
    }
}
