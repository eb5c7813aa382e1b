//! spinel-server: Spinel's engine behind a RESP socket, started like redis-server.
//!
//! main.rs reads the arguments, loads the configuration (config.rs) and hands over to the
//! event loop (server.rs). replication.rs serves replicas, connection.rs holds per-client buffers, log.rs the Redis-style
//! log lines, alloc.rs the memory figures for INFO.

mod alloc;
mod aof;
mod config;
mod connection;
mod follow;
mod lazyfree;
mod log;
mod net;
mod oom;
mod rewrite;
mod persistence;
mod replication;
mod server;

use config::{Cli, LoadError};
use std::os::unix::ffi::OsStringExt;

/// Counts allocated bytes for INFO's used_memory.
#[global_allocator]
static GLOBAL: alloc::Counting = alloc::Counting;

fn main() {
    let args: Vec<Vec<u8>> = std::env::args_os().skip(1).map(|a| a.into_vec()).collect();
    // `spinel-server --check-aof [--fix|--truncate-to-timestamp T] FILE`, as redis-check-aof.
    if args.first().is_some_and(|a| a == b"--check-aof") {
        let usage = || -> ! {
            eprintln!("Usage: spinel-server --check-aof [--fix|--truncate-to-timestamp $timestamp] <file.manifest|file.aof>");
            std::process::exit(1);
        };
        let (mode, file) = match &args[1..] {
            [file] => (aof::CheckMode::Check, file),
            [fix, file] if fix == b"--fix" => (aof::CheckMode::Fix, file),
            [opt, ts, file] if opt == b"--truncate-to-timestamp" => match String::from_utf8_lossy(ts).parse::<u64>() {
                Ok(ts) => (aof::CheckMode::TruncateTo(ts), file),
                Err(_) => {
                    println!("Invalid timestamp, aborting...");
                    std::process::exit(1);
                }
            },
            _ => usage(),
        };
        std::process::exit(aof::check_aof(&String::from_utf8_lossy(file), mode));
    }
    let code = match config::parse_cli(&args) {
        Cli::Version => {
            println!("{}", config::version_line());
            0
        }
        Cli::Help => {
            eprint!("{}", config::usage());
            1
        }
        Cli::Run(inv) => match config::load(&inv) {
            Ok(settings) => server::start(settings),
            Err(e @ LoadError::Line { .. }) => {
                eprint!("{e}");
                1
            }
            Err(LoadError::Open(msg)) => {
                log::raw('#', &msg);
                1
            }
        },
    };
    std::process::exit(code);
}
