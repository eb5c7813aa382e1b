//! Pub/Sub soak test (a program that prints figures, not a unit test):
//!
//!   cargo run --release -p spinel-server --example pubsub_soak -- [--seconds 60]
//!       [--subscribers 200] [--publishers 20] [--rate 250] [--server PATH]
//!
//! Starts the server (spinel-server from target/release by default; `--server redis-server`
//! compares), loopback only. `subscribers` clients each subscribe to one of 10 channels;
//! `publishers` clients publish numbered messages at `rate` per second each to random
//! channels. Every subscriber checks that it receives every message of each publisher on
//! its channel, in order. One more subscriber never reads: with `client-output-buffer-limit
//! pubsub 1mb 256kb 5` the server must disconnect it while the others carry on. INFO
//! used_memory is sampled every 5 s: it must stay flat. Exit status 0 when all holds.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const CHANNELS: usize = 10;

fn arg(name: &str, default: &str) -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned().unwrap_or_else(|| default.to_string())
}

fn encode(args: &[&[u8]]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
        out.extend_from_slice(a);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// Reads one RESP frame as a flat list of its scalar parts.
fn read_frame(r: &mut BufReader<TcpStream>, parts: &mut Vec<Vec<u8>>) -> std::io::Result<()> {
    let mut line = Vec::new();
    r.read_until(b'\n', &mut line)?;
    if line.is_empty() {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    let body = &line[1..line.len().saturating_sub(2)];
    let n: i64 = std::str::from_utf8(body).ok().and_then(|s| s.parse().ok()).unwrap_or(0);
    match line[0] {
        b'*' | b'>' => {
            for _ in 0..n.max(0) {
                read_frame(r, parts)?;
            }
        }
        b'$' if n >= 0 => {
            let mut buf = vec![0u8; n as usize + 2];
            r.read_exact(&mut buf)?;
            buf.truncate(n as usize);
            parts.push(buf);
        }
        _ => parts.push(body.to_vec()),
    }
    Ok(())
}

fn connect(port: u16) -> TcpStream {
    for _ in 0..200 {
        if let Ok(s) = TcpStream::connect(("127.0.0.1", port)) {
            s.set_nodelay(true).ok();
            return s;
        }
        thread::sleep(Duration::from_millis(25));
    }
    panic!("cannot connect to 127.0.0.1:{port}");
}

fn command(conn: &mut BufReader<TcpStream>, args: &[&[u8]]) -> Vec<Vec<u8>> {
    conn.get_mut().write_all(&encode(args)).unwrap();
    let mut parts = Vec::new();
    read_frame(conn, &mut parts).unwrap();
    parts
}

fn used_memory(control: &mut BufReader<TcpStream>) -> u64 {
    let info = command(control, &[b"INFO", b"memory"]);
    let text = String::from_utf8_lossy(&info[0]).into_owned();
    text.lines().find_map(|l| l.strip_prefix("used_memory:")).and_then(|v| v.trim().parse().ok()).unwrap_or(0)
}

fn start_server(path: &str, port: u16) -> Child {
    Command::new(path)
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {path}: {e}"))
}

fn main() {
    let seconds: u64 = arg("--seconds", "60").parse().unwrap();
    let subscribers: usize = arg("--subscribers", "200").parse().unwrap();
    let publishers: usize = arg("--publishers", "20").parse().unwrap();
    let rate: u64 = arg("--rate", "250").parse().unwrap();
    let server = arg("--server", concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/release/spinel-server"));
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = start_server(&server, port);
    let mut control = BufReader::new(connect(port));
    command(&mut control, &[b"CONFIG", b"SET", b"client-output-buffer-limit", b"pubsub 1mb 256kb 5"]);
    println!("{server}: {subscribers} subscribers, {publishers} publishers x {rate} msg/s, {seconds} s");

    // sent[p * CHANNELS + c]: messages publisher p sent to channel c.
    let sent: Arc<Vec<AtomicU64>> = Arc::new((0..publishers * CHANNELS).map(|_| AtomicU64::new(0)).collect());
    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(Mutex::new(Vec::<String>::new()));

    let mut subs = Vec::new();
    for s in 0..subscribers {
        let channel = s % CHANNELS;
        let mut conn = BufReader::new(connect(port));
        command(&mut conn, &[b"SUBSCRIBE", format!("ch{channel}").as_bytes()]);
        let (stop, errors) = (stop.clone(), errors.clone());
        subs.push(thread::spawn(move || {
            conn.get_ref().set_read_timeout(Some(Duration::from_millis(200))).unwrap();
            let mut next = vec![0u64; publishers];
            let mut parts = Vec::new();
            loop {
                parts.clear();
                match read_frame(&mut conn, &mut parts) {
                    Ok(()) => {}
                    Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                        if stop.load(Ordering::Relaxed) {
                            return (channel, next);
                        }
                        continue;
                    }
                    Err(e) => {
                        errors.lock().unwrap().push(format!("subscriber {s}: {e}"));
                        return (channel, next);
                    }
                }
                let msg = String::from_utf8_lossy(&parts[2]).into_owned();
                let mut fields = msg.splitn(3, ':');
                let p: usize = fields.next().and_then(|f| f.parse().ok()).unwrap_or(usize::MAX);
                let seq: u64 = fields.next().and_then(|f| f.parse().ok()).unwrap_or(u64::MAX);
                if p >= publishers {
                    errors.lock().unwrap().push(format!("subscriber {s}: malformed message {msg:?}"));
                    continue;
                }
                if seq != next[p] {
                    errors.lock().unwrap().push(format!("subscriber {s}: publisher {p} message {seq}, expected {}", next[p]));
                }
                next[p] = seq + 1;
            }
        }));
    }
    // The subscriber that never reads.
    let mut slow = BufReader::new(connect(port));
    command(&mut slow, &[b"CLIENT", b"SETNAME", b"slow"]);
    let all: Vec<Vec<u8>> = (0..CHANNELS).map(|c| format!("ch{c}").into_bytes()).collect();
    let mut sub_all: Vec<&[u8]> = vec![b"SUBSCRIBE"];
    sub_all.extend(all.iter().map(|c| c.as_slice()));
    slow.get_mut().write_all(&encode(&sub_all)).unwrap();

    let started = Instant::now();
    let mut pubs = Vec::new();
    for p in 0..publishers {
        let (sent, stop) = (sent.clone(), stop.clone());
        let mut conn = BufReader::new(connect(port));
        pubs.push(thread::spawn(move || {
            // Per channel, the next sequence number: messages to one channel are numbered 0, 1, 2...
            let mut seq = [0u64; CHANNELS];
            let mut rng = 0x9e37_79b9_7f4a_7c15u64 ^ p as u64;
            let payload = "x".repeat(64);
            let mut n = 0u64;
            let t0 = Instant::now();
            while !stop.load(Ordering::Relaxed) {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                let c = (rng % CHANNELS as u64) as usize;
                let msg = format!("{p}:{}:{payload}", seq[c]);
                command(&mut conn, &[b"PUBLISH", format!("ch{c}").as_bytes(), msg.as_bytes()]);
                seq[c] += 1;
                sent[p * CHANNELS + c].fetch_add(1, Ordering::Relaxed);
                n += 1;
                let due = t0 + Duration::from_micros(n * 1_000_000 / rate);
                if let Some(wait) = due.checked_duration_since(Instant::now()) {
                    thread::sleep(wait);
                }
            }
        }));
    }

    let mut samples = Vec::new();
    while started.elapsed() < Duration::from_secs(seconds) {
        thread::sleep(Duration::from_secs(5).min(Duration::from_secs(seconds).saturating_sub(started.elapsed())));
        let used = used_memory(&mut control);
        samples.push(used);
        println!("{:>4.0} s  used_memory {:>12}", started.elapsed().as_secs_f64(), used);
    }
    stop.store(true, Ordering::Relaxed);
    for p in pubs {
        p.join().unwrap();
    }
    thread::sleep(Duration::from_millis(500));
    let clients = command(&mut control, &[b"CLIENT", b"LIST", b"TYPE", b"pubsub"]);
    let slow_connected = String::from_utf8_lossy(&clients[0]).contains("name=slow ");
    let mut lost = 0u64;
    let mut received = 0u64;
    for h in subs {
        let (channel, next) = h.join().unwrap();
        for (p, got) in next.iter().enumerate() {
            let want = sent[p * CHANNELS + channel].load(Ordering::Relaxed);
            received += got;
            lost += want.saturating_sub(*got);
        }
    }
    let published: u64 = sent.iter().map(|s| s.load(Ordering::Relaxed)).sum();
    let errors = errors.lock().unwrap();
    println!("published {published}, delivered {received}, lost {lost}, order errors {}", errors.len());
    for e in errors.iter().take(10) {
        println!("  {e}");
    }
    let (first, last) = (samples.first().copied().unwrap_or(0), samples.last().copied().unwrap_or(0));
    let flat = last <= first + first / 2 + 8 * 1024 * 1024;
    println!("used_memory first {first} last {last}: {}", if flat { "flat" } else { "GREW" });
    println!("slow subscriber: {}", if slow_connected { "STILL CONNECTED" } else { "disconnected by the output buffer limit" });
    let _ = child.kill();
    let _ = child.wait();
    let ok = lost == 0 && errors.is_empty() && flat && !slow_connected;
    println!("RESULT: {}", if ok { "PASS" } else { "FAIL" });
    std::process::exit(if ok { 0 } else { 1 });
}
