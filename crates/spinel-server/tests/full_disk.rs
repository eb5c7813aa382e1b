//! A full disk: the server's directory is a small tmpfs mounted by the test (the tests run
//! as root, as CI does). Writes then get Redis's MISCONF errors, reads keep working, and
//! every acknowledged write survives a SIGKILL once space is back.

mod common;

use common::{Conn, Frame, Server};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmpfs of `size` mounted for the test's lifetime.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(name: &str, size: &str) -> Tmpfs {
        let dir = std::env::temp_dir().join(format!("spinel-fulldisk-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let status = Command::new("mount").args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"]).arg(&dir).status().expect("run mount");
        assert!(status.success(), "cannot mount a tmpfs at {} (the full-disk tests need root, as CI has)", dir.display());
        Tmpfs(dir)
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn info_field(c: &mut Conn, field: &str) -> String {
    let info = String::from_utf8(c.cmd(&["INFO", "persistence"])).unwrap();
    info.lines().find_map(|l| l.strip_prefix(&format!("{field}:")).map(str::to_string)).unwrap_or_default()
}

/// Fills the disk with a ballast file we can delete later.
fn ballast(dir: &Path, bytes: usize) -> PathBuf {
    let p = dir.join("ballast");
    std::fs::write(&p, vec![0u8; bytes]).unwrap();
    p
}

#[test]
fn aof_on_a_full_disk_gives_misconf_and_loses_nothing() {
    let fs = Tmpfs::mount("aof", "2m");
    let d = fs.0.to_str().unwrap();
    let flags = ["--dir", d, "--appendonly", "yes", "--appendfsync", "everysec", "--aof-use-rdb-preamble", "yes"];
    let srv = Server::spinel(&flags);
    let mut c = srv.conn();
    let ball = ballast(&fs.0, 1024 * 1024);
    let value = "v".repeat(8 * 1024);
    let mut acked = Vec::new();
    let mut misconf = None;
    for i in 0..1000 {
        let key = format!("key:{i}");
        let reply = c.cmd(&["SET", &key, &value]);
        if reply == b"+OK\r\n" {
            acked.push(key);
        } else {
            misconf = Some(reply);
            break;
        }
    }
    let misconf = String::from_utf8(misconf.expect("the disk never filled up")).unwrap();
    assert!(misconf.starts_with("-MISCONF Errors writing to the AOF file: No space left on device"), "{misconf}");
    assert_eq!(info_field(&mut c, "aof_last_write_status"), "err");
    // Reads work; writes and PING are refused.
    assert_eq!(c.cmd(&["EXISTS", &acked[0]]), b":1\r\n");
    assert!(c.cmd(&["PING"]).starts_with(b"-MISCONF"));
    assert!(c.cmd(&["DEL", &acked[0]]).starts_with(b"-MISCONF"));
    // Space comes back: the buffered writes go out and writes are accepted again.
    std::fs::remove_file(ball).unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while info_field(&mut c, "aof_last_write_status") != "ok" {
        assert!(Instant::now() < deadline, "the AOF never recovered:\n{}", srv.log());
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(c.cmd(&["SET", "after", "1"]), b"+OK\r\n");
    drop(srv); // SIGKILL
    let srv = Server::spinel(&flags);
    let mut c = srv.conn();
    for key in &acked {
        assert_eq!(c.cmd(&["STRLEN", key]), format!(":{}\r\n", value.len()).as_bytes(), "{key} lost");
    }
    assert_eq!(c.cmd(&["GET", "after"]), b"$1\r\n1\r\n");
    println!("full disk (AOF everysec): {} writes acknowledged before MISCONF, all present after SIGKILL + restart", acked.len());
}

#[test]
fn aof_always_exits_rather_than_acknowledge_an_unwritten_write() {
    let fs = Tmpfs::mount("always", "2m");
    let d = fs.0.to_str().unwrap();
    let flags = ["--dir", d, "--appendonly", "yes", "--appendfsync", "always"];
    let srv = Server::spinel(&flags);
    let mut c = srv.conn();
    let ball = ballast(&fs.0, 1024 * 1024);
    let value = "v".repeat(8 * 1024);
    let mut acked = Vec::new();
    for i in 0..1000 {
        let key = format!("key:{i}");
        match c.try_cmd(&["SET", &key, &value]) {
            Ok(r) if r == b"+OK\r\n" => acked.push(key),
            Ok(r) => panic!("unexpected reply {}", String::from_utf8_lossy(&r)),
            Err(_) => break, // the server exited, as Redis does under `always`
        }
    }
    assert!(!acked.is_empty() && acked.len() < 1000);
    assert!(srv.log().contains("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting..."), "{}", srv.log());
    drop(srv);
    std::fs::remove_file(ball).unwrap();
    let srv = Server::spinel(&flags);
    let mut c = srv.conn();
    for key in &acked {
        assert_eq!(c.cmd(&["EXISTS", key]), b":1\r\n", "{key} lost");
    }
    println!("full disk (AOF always): {} writes acknowledged, server exited on ENOSPC, all present after restart", acked.len());
}

#[test]
fn snapshot_on_a_full_disk_gives_misconf() {
    let fs = Tmpfs::mount("rdb", "1m");
    let d = fs.0.to_str().unwrap();
    // Uncompressed, 3 MB of values cannot fit in 1 MB.
    let srv = Server::spinel(&["--dir", d, "--save", "3600 1", "--rdbcompression", "no"]);
    let mut c = srv.conn();
    let value = "x".repeat(4096);
    for i in 0..800 {
        c.cmd(&["SET", &format!("k{i}"), &value]);
    }
    assert_eq!(c.cmd(&["BGSAVE"]), b"+Background saving started\r\n");
    let deadline = Instant::now() + Duration::from_secs(10);
    while info_field(&mut c, "rdb_bgsave_in_progress") == "1" {
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(info_field(&mut c, "rdb_last_bgsave_status"), "err");
    let reply = String::from_utf8(c.cmd(&["SET", "a", "1"])).unwrap();
    assert!(reply.starts_with("-MISCONF Redis is configured to save RDB snapshots"), "{reply}");
    assert_eq!(Frame::parse(&c.cmd(&["DBSIZE"])).unwrap().as_int(), Some(800));
    // No temp file is left behind, and no partial dump.rdb.
    let names: Vec<String> = std::fs::read_dir(&fs.0).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert!(names.iter().all(|n| !n.starts_with("temp-") && n != "dump.rdb"), "{names:?}");
}
