//! What one command costs inside the engine, without any I/O: `Engine::execute` on a
//! warm keyspace of 10,000 keys, nanoseconds per call. A profiling aid for the dispatch path
//! that the server and the npm package share (run under `perf record` to see where it goes):
//!
//!     cargo run --release -p spinel-core --example dispatch_cost
//!
//! `DISPATCH_N` sets the calls per command (default 2,000,000; fewer under callgrind),
//! `DISPATCH_ONLY=GET,SET` picks commands. The ZADD and LPUSH workloads are the npm
//! package benchmark's (pkg/bench/bench.mjs): 100 keys, 5,000 members.
use spinel_core::config::Config;
use spinel_core::{ConnInfo, Engine, HostInfo};
use std::time::Instant;

const KEYS: usize = 10_000;

/// argv of the `i`th call of a workload.
type Workload = fn(usize) -> Vec<Vec<u8>>;

fn argv(parts: &[&str]) -> Vec<Vec<u8>> {
    parts.iter().map(|p| p.as_bytes().to_vec()).collect()
}

fn main() {
    let n: usize = std::env::var("DISPATCH_N").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000_000);
    let now = 1_700_000_000_000_000u64;
    let mut e = Engine::new(Config::default(), HostInfo::default(), 1, now);
    let c = e.connect(ConnInfo::default(), now);
    let mut out = Vec::with_capacity(1 << 16);
    for i in 0..KEYS {
        e.execute(c, &[b"SET", format!("key:{i}").as_bytes(), b"value"], now, &mut out);
    }
    let cases: [(&str, Workload); 6] = [
        ("GET", |i| argv(&["GET", &format!("key:{i}")])),
        ("SET", |i| argv(&["SET", &format!("key:{i}"), "value"])),
        ("INCR", |i| argv(&["INCR", &format!("n:{}", i % 100)])),
        ("HSET", |i| argv(&["HSET", &format!("h:{}", i % 100), &format!("f{}", i % 1000), "v"])),
        ("ZADD", |i| argv(&["ZADD", &format!("z:{}", i % 100), &(i % 5000).to_string(), &format!("m{}", i % 5000)])),
        ("LPUSH", |i| argv(&["LPUSH", &format!("l:{}", i % 100), "v"])),
    ];
    let only = std::env::var("DISPATCH_ONLY").unwrap_or_default();
    for (name, workload) in cases {
        if !only.is_empty() && !only.split(',').any(|o| o.eq_ignore_ascii_case(name)) {
            continue;
        }
        // Every workload repeats within KEYS calls; its argvs are built before timing.
        let calls: Vec<Vec<Vec<u8>>> = (0..KEYS).map(workload).collect();
        let views: Vec<Vec<&[u8]>> = calls.iter().map(|a| a.iter().map(Vec::as_slice).collect()).collect();
        let start = Instant::now();
        for i in 0..n {
            out.clear();
            e.execute(c, &views[i % KEYS], now + i as u64, &mut out);
        }
        let ns = start.elapsed().as_nanos() as f64 / n as f64;
        println!("{name:6} {ns:7.1} ns/command");
        if name == "LPUSH" {
            for k in 0..100 {
                e.execute(c, &[b"DEL", format!("l:{k}").as_bytes()], now, &mut out);
            }
        }
    }
}
