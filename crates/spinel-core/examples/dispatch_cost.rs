//! What one command costs inside the engine, without any I/O: `Engine::execute` on a
//! warm keyspace of 10,000 keys, nanoseconds per call. A profiling aid for the dispatch path
//! that the server and the npm package share (run under `perf record` to see where it goes):
//!
//!     cargo run --release -p spinel-core --example dispatch_cost
//!
//! `DISPATCH_N` sets the calls per command (default 2,000,000; fewer under callgrind),
//! `DISPATCH_ONLY=GET,SET` picks commands.
use spinel_core::config::Config;
use spinel_core::{ConnInfo, Engine, HostInfo};
use std::time::Instant;

const KEYS: usize = 10_000;

fn main() {
    let n: usize = std::env::var("DISPATCH_N").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000_000);
    let now = 1_700_000_000_000_000u64;
    let mut e = Engine::new(Config::default(), HostInfo::default(), 1, now);
    let c = e.connect(ConnInfo::default(), now);
    let keys: Vec<Vec<u8>> = (0..KEYS).map(|i| format!("key:{i}").into_bytes()).collect();
    let mut out = Vec::with_capacity(1 << 16);
    for k in &keys {
        e.execute(c, &[b"SET", k, b"value"], now, &mut out);
    }
    let cases: [(&str, &[&[u8]]); 5] = [
        ("GET", &[b"GET", b""]),
        ("SET", &[b"SET", b"", b"value"]),
        ("INCR", &[b"INCR", b""]),
        ("HSET", &[b"HSET", b"", b"field", b"value"]),
        ("LPUSH", &[b"LPUSH", b"", b"value"]),
    ];
    let only = std::env::var("DISPATCH_ONLY").unwrap_or_default();
    for (name, shape) in cases {
        if !only.is_empty() && !only.split(',').any(|o| o.eq_ignore_ascii_case(name)) {
            continue;
        }
        let prefix: Vec<u8> = format!("{}:", name.to_lowercase()).into_bytes();
        let own: Vec<Vec<u8>> = keys.iter().map(|k| if name == "GET" || name == "SET" { k.clone() } else { [&prefix[..], k].concat() }).collect();
        let start = Instant::now();
        let mut argv: Vec<&[u8]> = shape.to_vec();
        for i in 0..n {
            argv[1] = &own[i % KEYS];
            out.clear();
            e.execute(c, &argv, now + i as u64, &mut out);
        }
        let ns = start.elapsed().as_nanos() as f64 / n as f64;
        println!("{name:6} {ns:7.1} ns/command");
        if name == "LPUSH" {
            for k in &own {
                e.execute(c, &[b"DEL", k], now, &mut out);
            }
        }
    }
}
