//! What one EVALSHA costs inside the engine, without I/O: the benchmark script of
//! scripts/bench.sh (GET, INCR and EXPIRE on one key), microseconds per call. A profiling aid
//! (scripts/bench.sh is the benchmark of record):
//!
//!     cargo run --release -p spinel-lua --example evalsha_cost
//!
//! `EVALSHA_N` sets the calls (default 200,000; fewer under callgrind).
use spinel_core::config::Config;
use spinel_core::{ConnInfo, Engine, HostInfo};
use spinel_lua::LuaScripting;
use std::time::Instant;

fn main() {
    let now = 1_700_000_000_000_000u64;
    let mut e = Engine::new(Config::default(), HostInfo::default(), 1, now);
    e.set_script_engine(Box::new(LuaScripting::new()));
    let c = e.connect(ConnInfo::default(), now);
    let body = "local v = redis.call('GET', KEYS[1]) redis.call('INCR', KEYS[1]) redis.call('EXPIRE', KEYS[1], 3600) return v";
    let mut out = Vec::new();
    e.execute(c, &[b"SCRIPT", b"LOAD", body.as_bytes()], now, &mut out);
    // "$40\r\n<sha>\r\n"
    let sha = out[5..45].to_vec();
    let n: usize = std::env::var("EVALSHA_N").ok().and_then(|v| v.parse().ok()).unwrap_or(200_000);
    let argv: [&[u8]; 4] = [b"EVALSHA", &sha, b"1", b"bench:k"];
    let start = Instant::now();
    for _ in 0..n {
        out.clear();
        e.execute(c, &argv, now, &mut out);
    }
    let el = start.elapsed();
    println!("{n} EVALSHA in {el:?}: {:.2} us each", el.as_secs_f64() * 1e6 / n as f64);
}
