//! Crash test of the AOF: a writer logs every acknowledged write while spinel-server is
//! killed with SIGKILL at random moments; after each restart every acknowledged write must
//! be there, and no write half-applied.
//!
//!     cargo build --release -p spinel-server
//!     cargo run --release -p spinel-server --example crash_test -- [--rounds 20] [--server target/release/spinel-server]
//!
//! Each write is `MSET a:<n> <n> b:<n> <n>`: after a restart both keys exist or neither.
//! The writer also asks for BGREWRITEAOF now and then, so kills land during rewrites too.
//! Both `appendfsync always` and `everysec` run; for everysec the figure is how many
//! acknowledged writes were lost and how long before the kill the first lost one was
//! acknowledged. (SIGKILL ends the process, not the kernel: data written to the page cache
//! survives it, so any loss here would be Spinel's own. A power cut could lose up to the
//! last second under everysec, which a process kill cannot show.)

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Conn {
    w: TcpStream,
    r: BufReader<TcpStream>,
}

impl Conn {
    fn connect(port: u16) -> Option<Conn> {
        let s = TcpStream::connect(("127.0.0.1", port)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
        Some(Conn { r: BufReader::new(s.try_clone().ok()?), w: s })
    }

    fn send(&mut self, args: &[&str]) -> std::io::Result<()> {
        let mut b = format!("*{}\r\n", args.len());
        for a in args {
            b.push_str(&format!("${}\r\n{a}\r\n", a.len()));
        }
        self.w.write_all(b.as_bytes())
    }

    /// One reply, as a line (bulk strings: their content; arrays: items joined by spaces).
    fn reply(&mut self) -> std::io::Result<String> {
        let mut line = String::new();
        if self.r.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let line = line.trim_end().to_string();
        match line.as_bytes().first() {
            Some(b'$') if line != "$-1" => {
                let mut v = String::new();
                self.r.read_line(&mut v)?;
                Ok(v.trim_end().to_string())
            }
            Some(b'*') => {
                let n: usize = line[1..].parse().unwrap_or(0);
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.reply()?);
                }
                Ok(items.join(" "))
            }
            _ => Ok(line),
        }
    }

    fn cmd(&mut self, args: &[&str]) -> std::io::Result<String> {
        self.send(args)?;
        self.reply()
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start(server: &str, dir: &str, policy: &str, port: u16) -> Child {
    let child = Command::new(server)
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "yes", "--appendfsync", policy])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start spinel-server");
    let deadline = Instant::now() + Duration::from_secs(30);
    while Conn::connect(port).and_then(|mut c| c.cmd(&["PING"]).ok()).is_none() {
        assert!(Instant::now() < deadline, "spinel-server did not start");
        std::thread::sleep(Duration::from_millis(10));
    }
    child
}

fn rand(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

struct Figures {
    acked: u64,
    lost: u64,
    half: u64,
    worst_window_ms: u128,
}

fn run_policy(server: &str, policy: &str, rounds: u32, seed: &mut u64) -> Figures {
    let dir = std::env::temp_dir().join(format!("spinel-crash-{}-{policy}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let d = dir.to_str().unwrap().to_string();
    let mut figures = Figures { acked: 0, lost: 0, half: 0, worst_window_ms: 0 };
    // (n, ack time) of every acknowledged write so far.
    let mut acked: Vec<(u64, Instant)> = Vec::new();
    let mut next = 0u64;
    for round in 0..rounds {
        let port = free_port();
        let mut child = start(server, &d, policy, port);
        let pid = child.id() as i32;
        let kill_after = Duration::from_millis(100 + rand(seed) % 900);
        let killer = std::thread::spawn(move || {
            std::thread::sleep(kill_after);
            // SAFETY: a plain kill(2) of the server we started.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            Instant::now()
        });
        let mut c = Conn::connect(port).expect("connect");
        loop {
            let n = next.to_string();
            match c.cmd(&["MSET", &format!("a:{n}"), &n, &format!("b:{n}"), &n]) {
                Ok(r) if r == "+OK" => {
                    acked.push((next, Instant::now()));
                    next += 1;
                }
                Ok(r) => panic!("unexpected reply {r}"),
                Err(_) => {
                    next += 1; // this one may or may not have been applied
                    break;
                }
            }
            if next % 3000 == 0 {
                let _ = c.cmd(&["BGREWRITEAOF"]);
            }
        }
        let killed_at = killer.join().unwrap();
        let _ = child.wait();
        // Restart and check everything written so far.
        let port = free_port();
        let mut child = start(server, &d, policy, port);
        let mut c = Conn::connect(port).expect("connect");
        let mut first_lost: Option<Instant> = None;
        let mut lost_this_round = 0;
        let mut lost = std::collections::HashSet::new();
        let acked_set: std::collections::HashSet<u64> = acked.iter().map(|a| a.0).collect();
        for chunk in (0..next).collect::<Vec<_>>().chunks(500) {
            for n in chunk {
                c.send(&["MGET", &format!("a:{n}"), &format!("b:{n}")]).unwrap();
            }
            for n in chunk {
                let r = c.reply().unwrap();
                let want = format!("{n} {n}");
                let present = r == want;
                if !present && r != "$-1 $-1" {
                    figures.half += 1;
                    eprintln!("half-applied write {n}: {r}");
                }
                if !present && acked_set.contains(n) {
                    lost_this_round += 1;
                    lost.insert(*n);
                    if first_lost.is_none() {
                        first_lost = acked.iter().find(|a| a.0 == *n).map(|a| a.1);
                    }
                }
            }
        }
        if let Some(t) = first_lost {
            figures.worst_window_ms = figures.worst_window_ms.max(killed_at.saturating_duration_since(t).as_millis());
        }
        figures.lost += lost_this_round;
        println!("  {policy} round {:>2}: killed after {:>4} ms, {:>7} writes acknowledged so far, {} lost", round + 1, kill_after.as_millis(), acked.len(), lost_this_round);
        // Forget what was lost, so later rounds measure their own losses.
        acked.retain(|a| !lost.contains(&a.0));
        let _ = c.cmd(&["SHUTDOWN", "NOSAVE"]);
        let _ = child.wait();
    }
    figures.acked = acked.len() as u64;
    let _ = std::fs::remove_dir_all(&dir);
    figures
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut rounds = 20;
    let mut server = "target/release/spinel-server".to_string();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--rounds" => {
                rounds = args[i + 1].parse().expect("--rounds N");
                i += 1;
            }
            "--server" => {
                server = args[i + 1].clone();
                i += 1;
            }
            other => panic!("unknown argument {other}"),
        }
        i += 1;
    }
    let mut seed = 0x9e37_79b9_7f4a_7c15u64 ^ std::process::id() as u64;
    let mut failed = false;
    for policy in ["always", "everysec"] {
        println!("appendfsync {policy}: {rounds} rounds of writes and SIGKILL");
        let f = run_policy(&server, policy, rounds, &mut seed);
        println!(
            "appendfsync {policy}: {} acknowledged writes, {} lost, {} half-applied, worst window {} ms",
            f.acked, f.lost, f.half, f.worst_window_ms
        );
        if f.half > 0 || (policy == "always" && f.lost > 0) || (policy == "everysec" && f.worst_window_ms > 2000) {
            failed = true;
        }
    }
    if failed {
        println!("FAILED");
        std::process::exit(1);
    }
    println!("OK");
}
