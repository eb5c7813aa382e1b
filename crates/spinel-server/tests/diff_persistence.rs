//! Values moving between Spinel and a real Redis 7.0 through their serialization.
//!
//! - `dump_*`: DUMP in one server, RESTORE in the other (both ways) for every type and
//!   encoding (small and large collections, int strings, strings LZF compresses, streams
//!   with groups, consumers and pending entries); then every key is read back from both
//!   servers and compared (contents, encoding, TTL). Payloads are compared too where the
//!   bytes must agree; where they legitimately differ, `tests/differences.md` says why.

mod common;

use common::{render, split_command, Conn, Frame, Server};

/// Commands that build one key of every type and encoding.
fn dataset() -> Vec<Vec<Vec<u8>>> {
    let mut cmds: Vec<String> = vec![
        "SET str hello".into(),
        "SET int8 100".into(),
        "SET int32 -2000000000".into(),
        "SET int64 9223372036854775807".into(),
        "SET empty ''".into(),
        "SET ttlkey value PX 500000".into(),
        format!("SET compressible {}", "spinel-".repeat(200)),
        "SET raw abc".into(),
        "APPEND raw defghijklmnopqrstuvwxyz0123456789".into(),
        "PFADD hll a b c d e f g".into(),
        "RPUSH list a b c 1 2 300 -5 70000 9999999999".into(),
        "SADD intset 1 2 3 -7 40000".into(),
        "SADD intset64 1 5000000000".into(),
        "SADD strset apple banana cherry".into(),
        "HSET hash f1 v1 f2 2 f3 -300".into(),
        format!("HSET hash_longvalue f {}", "v".repeat(100)),
        "ZADD zset 1.5 a 3 b 0 c inf d -inf e 1e300 f -2.25 g".into(),
        "GEOADD geo 13.361389 38.115556 Palermo 15.087269 37.502669 Catania".into(),
        "XADD stream 1-1 name alice age 30".into(),
        "XADD stream 1-2 name bob age 40".into(),
        "XADD stream 2-0 other field".into(),
        "XADD stream 3-5 name carol age 50".into(),
        "XDEL stream 1-2".into(),
        "XGROUP CREATE stream g1 0".into(),
        "XGROUP CREATE stream g2 $".into(),
        "XREADGROUP GROUP g1 alice COUNT 2 STREAMS stream >".into(),
        "XREADGROUP GROUP g1 bob COUNT 1 STREAMS stream >".into(),
        "XGROUP CREATECONSUMER stream g2 idle".into(),
        "XADD emptystream 5-5 a b".into(),
        "XADD plainstream 7-1 a 1".into(),
        "XADD plainstream 7-2 a 2 b 3".into(),
        "XADD plainstream 8-0 a 4".into(),
        "XDEL plainstream 7-2".into(),
        "XDEL emptystream 5-5".into(),
        "XGROUP CREATE emptystream g 0".into(),
        // A stream that never had an entry: last ID 0-0.
        "XGROUP CREATE queue workers $ MKSTREAM".into(),
        // A skiplist (one long member) keeps the sign of a -0 score.
        format!("ZADD negzero -1 {} -0 m", "n".repeat(70)),
    ];
    let mut biglist = String::from("RPUSH biglist");
    let mut bigintset = String::from("SADD bigintset");
    let mut bigset = String::from("SADD bigset");
    let mut bighash = String::from("HSET bighash");
    let mut bigzset = String::from("ZADD bigzset");
    for i in 0..2000 {
        biglist.push_str(&format!(" item-{i}-{}", "x".repeat(i % 50)));
        bigintset.push_str(&format!(" {}", i * 7919));
        bigset.push_str(&format!(" member:{i}"));
        bighash.push_str(&format!(" field:{i} {}", i * 3));
        bigzset.push_str(&format!(" {}.25 m{i}", i as i64 - 1000));
    }
    cmds.extend([biglist, bigintset, bigset, bighash, bigzset]);
    cmds.push(format!("RPUSH list_bigelem small {} small2", "L".repeat(20000)));
    for i in 0..350 {
        cmds.push(format!("XADD bigstream {}-{} f{} v{i} common {}", 1000 + i / 3, i % 3, i % 4, i * 11));
    }
    cmds.push("XGROUP CREATE bigstream grp 0".into());
    cmds.push("XREADGROUP GROUP grp c1 COUNT 120 STREAMS bigstream >".into());
    cmds.push("XACK bigstream grp 1000-0 1001-1".into());
    cmds.push("XTRIM bigstream MAXLEN 300".into());
    cmds.push("XDEL bigstream 1050-0 1050-1".into());
    cmds.iter().map(|c| split_command(c)).collect()
}

fn keys(c: &mut Conn) -> Vec<Vec<u8>> {
    match Frame::parse(&c.cmd(&["KEYS", "*"])).unwrap() {
        Frame::Agg(_, Some(items)) => {
            let mut out: Vec<Vec<u8>> = items
                .into_iter()
                .map(|f| match f {
                    Frame::Bulk(_, Some(k)) => k,
                    other => panic!("bad key {other:?}"),
                })
                .collect();
            out.sort();
            out
        }
        other => panic!("bad KEYS reply {other:?}"),
    }
}

fn bulk(reply: &[u8]) -> Option<Vec<u8>> {
    match Frame::parse(reply).unwrap() {
        Frame::Bulk(_, b) => b,
        _ => panic!("expected a bulk reply, got {}", render(reply)),
    }
}

fn sorted_items(reply: &[u8], chunk: usize) -> String {
    match Frame::parse(reply).unwrap() {
        Frame::Agg(_, Some(items)) => {
            let mut groups: Vec<Vec<u8>> = items.chunks(chunk).map(|c| c.iter().flat_map(|f| f.encode()).collect()).collect();
            groups.sort();
            groups.into_iter().map(|g| String::from_utf8_lossy(&g).into_owned()).collect::<Vec<_>>().join("|")
        }
        _ => render(reply),
    }
}

/// Everything observable about a key, in a form that does not depend on hash-table order.
fn contents(c: &mut Conn, key: &[u8]) -> (String, i64) {
    let ty = c.cmd(&[&b"TYPE"[..], key]);
    let mut out = format!("type={} enc={}", render(&ty), render(&c.cmd(&[&b"OBJECT"[..], b"ENCODING", key])));
    let pttl = Frame::parse(&c.cmd(&[&b"PTTL"[..], key])).unwrap().as_int().unwrap();
    let body = match &ty[..] {
        b"+string\r\n" => render(&c.cmd(&[&b"GET"[..], key])),
        b"+list\r\n" => render(&c.cmd(&[&b"LRANGE"[..], key, b"0", b"-1"])),
        b"+set\r\n" => sorted_items(&c.cmd(&[&b"SMEMBERS"[..], key]), 1),
        b"+hash\r\n" => sorted_items(&c.cmd(&[&b"HGETALL"[..], key]), 2),
        b"+zset\r\n" => render(&c.cmd(&[&b"ZRANGE"[..], key, b"0", b"-1", b"WITHSCORES"])),
        b"+stream\r\n" => format!(
            "{} {} {}",
            render(&c.cmd(&[&b"XRANGE"[..], key, b"-", b"+"])),
            render(&c.cmd(&[&b"XINFO"[..], b"STREAM", key, b"FULL"])),
            render(&c.cmd(&[&b"XINFO"[..], b"GROUPS", key])),
        ),
        _ => panic!("unexpected type {}", render(&ty)),
    };
    out.push(' ');
    out.push_str(&body);
    (out, pttl)
}

/// DUMPs every key of `from` and RESTOREs it (with its TTL) into `to`; returns the payloads.
fn transfer(from: &mut Conn, to: &mut Conn) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut payloads = Vec::new();
    for key in keys(from) {
        let payload = bulk(&from.cmd(&[&b"DUMP"[..], &key])).expect("DUMP of an existing key");
        let pttl = Frame::parse(&from.cmd(&[&b"PTTL"[..], &key])).unwrap().as_int().unwrap().max(0);
        let reply = to.cmd(&[&b"RESTORE"[..], &key, pttl.to_string().as_bytes(), &payload]);
        assert_eq!(reply, b"+OK\r\n", "RESTORE {} -> {}", String::from_utf8_lossy(&key), render(&reply));
        // The source restores its own payload too, so both hold the value "as restored"
        // (RESTORE picks encodings afresh, e.g. an APPENDed raw string comes back embstr).
        let reply = from.cmd(&[&b"RESTORE"[..], &key, pttl.to_string().as_bytes(), &payload, b"REPLACE"]);
        assert_eq!(reply, b"+OK\r\n", "RESTORE REPLACE {} -> {}", String::from_utf8_lossy(&key), render(&reply));
        payloads.push((key, payload));
    }
    payloads
}

fn load(c: &mut Conn) {
    c.cmd(&["CONFIG", "SET", "stream-node-max-entries", "100"]);
    for cmd in dataset() {
        let reply = c.cmd(&cmd);
        assert!(!reply.starts_with(b"-"), "{:?}: {}", String::from_utf8_lossy(&cmd.concat()), render(&reply));
    }
}

fn compare_all(spinel: &mut Conn, redis: &mut Conn) -> Vec<String> {
    compare_all_with(spinel, redis, false)
}

/// Consumers' seen-times are not in the AOF format: replaying it sets them to the load
/// time, which differs between the two servers by the time between their starts.
fn without_seen_times(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("\"seen-time\", :") {
        let (head, tail) = rest.split_at(i + 14);
        out.push_str(head);
        out.push_str("<t>");
        rest = tail.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

fn compare_all_with(spinel: &mut Conn, redis: &mut Conn, replayed: bool) -> Vec<String> {
    let (ks, kr) = (keys(spinel), keys(redis));
    assert_eq!(ks, kr, "the same keys on both servers");
    let mut diffs = Vec::new();
    for key in ks {
        let ((mut s, s_ttl), (mut r, r_ttl)) = (contents(spinel, &key), contents(redis, &key));
        if replayed {
            (s, r) = (without_seen_times(&s), without_seen_times(&r));
        }
        // TTLs compare with a tolerance (differences.md D1): the servers' clocks are read apart.
        let ttl_ok = if s_ttl < 0 || r_ttl < 0 { s_ttl == r_ttl } else { (s_ttl - r_ttl).abs() <= 1500 };
        if s != r || !ttl_ok {
            diffs.push(format!("key {}:\n  redis:  {} pttl={}\n  spinel: {} pttl={}", String::from_utf8_lossy(&key), r, r_ttl, s, s_ttl));
        }
    }
    diffs
}

#[test]
fn dump_from_redis_restores_into_spinel() {
    let (spinel_srv, redis_srv) = (Server::spinel(&[]), Server::redis(&[]));
    let (mut spinel, mut redis) = (spinel_srv.conn(), redis_srv.conn());
    load(&mut redis);
    spinel.cmd(&["CONFIG", "SET", "stream-node-max-entries", "100"]);
    let n = transfer(&mut redis, &mut spinel).len();
    assert!(n >= 26, "dataset has {n} keys");
    let diffs = compare_all(&mut spinel, &mut redis);
    assert!(diffs.is_empty(), "{} keys differ:\n{}", diffs.len(), diffs.join("\n"));
}

#[test]
fn dump_from_spinel_restores_into_redis() {
    let (spinel_srv, redis_srv) = (Server::spinel(&[]), Server::redis(&[]));
    let (mut spinel, mut redis) = (spinel_srv.conn(), redis_srv.conn());
    load(&mut spinel);
    redis.cmd(&["CONFIG", "SET", "stream-node-max-entries", "100"]);
    transfer(&mut spinel, &mut redis);
    let diffs = compare_all(&mut spinel, &mut redis);
    assert!(diffs.is_empty(), "{} keys differ:\n{}", diffs.len(), diffs.join("\n"));
}

/// Payloads of the same data agree byte for byte, except where an encoding's bytes depend
/// on an implementation's internal order or compressor (differences.md).
#[test]
fn dump_payloads_match_redis() {
    let (spinel_srv, redis_srv) = (Server::spinel(&[]), Server::redis(&[]));
    let (mut spinel, mut redis) = (spinel_srv.conn(), redis_srv.conn());
    load(&mut spinel);
    load(&mut redis);
    // LZF corners: runs reaching the end of the value (liblzf's unrolled match loop), at
    // every length around its 16-byte step.
    for c in [&mut spinel, &mut redis] {
        for n in 21..60 {
            c.cmd(&["SET", &format!("run{n}"), &"x".repeat(n)]);
            c.cmd(&["SET", &format!("tail{n}"), &format!("{}{}", "ab".repeat(n / 2), "x".repeat(n))]);
        }
    }
    let mut differ = Vec::new();
    for key in keys(&mut redis) {
        let r = bulk(&redis.cmd(&[&b"DUMP"[..], &key])).unwrap();
        let s = bulk(&spinel.cmd(&[&b"DUMP"[..], &key])).unwrap();
        if r != s {
            differ.push(String::from_utf8_lossy(&key).into_owned());
        }
    }
    eprintln!("payloads that differ: {differ:?}");
    // Hash tables are written in their iteration order, which is each implementation's own
    // (and per process in Redis); streams with consumer groups carry delivery and seen
    // times, taken from each server's clock (differences.md D12).
    let allowed = ["bigset", "bighash", "strset", "bigintset", "stream", "bigstream"];
    let unexpected: Vec<_> = differ.iter().filter(|k| !allowed.contains(&k.as_str())).collect();
    assert!(unexpected.is_empty(), "payloads differ for {unexpected:?}");
}

#[test]
fn restore_rejects_corrupt_payloads_like_redis() {
    let (spinel_srv, redis_srv) = (Server::spinel(&[]), Server::redis(&[]));
    let (mut spinel, mut redis) = (spinel_srv.conn(), redis_srv.conn());
    load(&mut redis);
    load(&mut spinel);
    for key in ["str", "list", "hash", "zset", "intset", "stream", "bigzset"] {
        let mut payload = bulk(&redis.cmd(&["DUMP", key])).unwrap();
        // Flip a byte: the checksum no longer matches.
        let mid = payload.len() / 2;
        payload[mid] ^= 0x55;
        let args: [&[u8]; 4] = [b"RESTORE", b"copy", b"0", &payload];
        assert_eq!(spinel.cmd(&args), redis.cmd(&args), "{key}");
        // Truncated payloads.
        let args: [&[u8]; 4] = [b"RESTORE", b"copy", b"0", &payload[..payload.len() - 3]];
        assert_eq!(spinel.cmd(&args), redis.cmd(&args), "{key}");
    }
    for line in ["RESTORE copy 0 x", "RESTORE str 0 x", "RESTORE copy -5 x", "RESTORE copy abc x", "RESTORE copy 0 x FOO"] {
        let args = split_command(line);
        assert_eq!(render(&spinel.cmd(&args)), render(&redis.cmd(&args)), "{line}");
    }
}

// ---------------------------------------------------------------------------------------------
// Snapshots (dump.rdb) between Spinel and Redis
// ---------------------------------------------------------------------------------------------

/// The dataset in db 0, a few keys with TTLs in db 1 and db 5.
fn load_several_dbs(c: &mut Conn) {
    load(c);
    for (db, cmds) in [
        (1, &["SET x 1 EX 1000", "HSET h a b", "SET gone v PX 1"][..]),
        (5, &["RPUSH q 1 2 3", "ZADD z 5 five", "EXPIRE q 3000"][..]),
    ] {
        c.cmd(&["SELECT", &db.to_string()]);
        for cmd in cmds {
            c.cmd(&split_command(cmd));
        }
    }
    c.cmd(&["SELECT", "0"]);
    std::thread::sleep(std::time::Duration::from_millis(5)); // `gone` expires
}

fn compare_dbs(spinel: &mut Conn, redis: &mut Conn) -> Vec<String> {
    compare_dbs_with(spinel, redis, false)
}

/// Waits until a server that loads files at startup has finished (Redis answers -LOADING
/// until then).
fn wait_loaded(c: &mut Conn) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while c.cmd(&["PING"]) != b"+PONG\r\n" {
        assert!(std::time::Instant::now() < deadline, "still loading after 30 s");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn compare_dbs_with(spinel: &mut Conn, redis: &mut Conn, replayed: bool) -> Vec<String> {
    wait_loaded(spinel);
    wait_loaded(redis);
    let mut diffs = Vec::new();
    for db in ["0", "1", "5", "2"] {
        spinel.cmd(&["SELECT", db]);
        redis.cmd(&["SELECT", db]);
        diffs.extend(compare_all_with(spinel, redis, replayed).into_iter().map(|d| format!("db {db}: {d}")));
    }
    diffs
}

fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("spinel-persist-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn redis_rdb_loads_into_spinel_key_by_key() {
    let redis_srv = Server::redis(&["--enable-debug-command", "yes"]);
    let mut redis = redis_srv.conn();
    load_several_dbs(&mut redis);
    assert_eq!(redis.cmd(&["SAVE"]), b"+OK\r\n");
    let dir = scratch_dir("from-redis");
    std::fs::copy(redis_srv.dir.join("dump.rdb"), dir.join("dump.rdb")).unwrap();
    let spinel_srv = Server::spinel(&["--dir", dir.to_str().unwrap(), "--stream-node-max-entries", "100"]);
    let mut spinel = spinel_srv.conn();
    // Redis reloads its own file too, so both hold the data "as loaded" (loading picks
    // encodings afresh: an APPENDed raw string comes back embstr).
    assert_eq!(redis.cmd(&["DEBUG", "RELOAD"]), b"+OK\r\n");
    let diffs = compare_dbs(&mut spinel, &mut redis);
    assert!(diffs.is_empty(), "{} keys differ:\n{}", diffs.len(), diffs.join("\n"));
    let (loaded, expired) = load_counts(&spinel_srv.log());
    let info = String::from_utf8(spinel.cmd(&["INFO", "persistence"])).unwrap();
    assert!(info.contains(&format!("rdb_last_load_keys_loaded:{loaded}\r\n")) && info.contains(&format!("rdb_last_load_keys_expired:{expired}\r\n")), "{info}");
    drop(spinel_srv);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The "Done loading RDB" counts of a server log. The data set has 33 live keys and `gone`,
/// with a 1 ms TTL: it reaches the file unless active expiry removed it before the save
/// (possible on a loaded machine), and is then counted as expired at load.
fn load_counts(log: &str) -> (u64, u64) {
    let line = log.lines().find(|l| l.contains("Done loading RDB, keys loaded: ")).unwrap_or_else(|| panic!("no load line in:\n{log}"));
    let nums: Vec<u64> = line.split(|c: char| !c.is_ascii_digit()).filter(|t| !t.is_empty()).map(|t| t.parse().unwrap()).collect();
    let (loaded, expired) = (nums[nums.len() - 2], nums[nums.len() - 1]);
    assert!(loaded == 33 && expired <= 1, "{line}");
    (loaded, expired)
}

#[test]
fn spinel_rdb_loads_into_redis_key_by_key() {
    let spinel_srv = Server::spinel(&[]);
    let mut spinel = spinel_srv.conn();
    load_several_dbs(&mut spinel);
    assert_eq!(spinel.cmd(&["SAVE"]), b"+OK\r\n");
    let dir = scratch_dir("from-spinel");
    std::fs::copy(spinel_srv.dir.join("dump.rdb"), dir.join("dump.rdb")).unwrap();
    let redis_srv = Server::redis(&["--dir", dir.to_str().unwrap(), "--stream-node-max-entries", "100"]);
    let mut redis = redis_srv.conn();
    // Compared with a Spinel that loaded the same file (loading picks encodings afresh).
    let reloaded_srv = Server::spinel(&["--dir", dir.to_str().unwrap(), "--stream-node-max-entries", "100"]);
    let mut spinel = reloaded_srv.conn();
    let diffs = compare_dbs(&mut spinel, &mut redis);
    assert!(diffs.is_empty(), "{} keys differ:\n{}", diffs.len(), diffs.join("\n"));
    load_counts(&redis_srv.log());
    drop(redis_srv);
    let _ = std::fs::remove_dir_all(&dir);
}

fn info_field(c: &mut Conn, field: &str) -> String {
    let info = String::from_utf8(c.cmd(&["INFO", "persistence"])).unwrap();
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")).map(str::to_string))
        .unwrap_or_else(|| panic!("no {field} in {info}"))
}

#[test]
fn info_persistence_has_redis_fields() {
    let (spinel_srv, redis_srv) = (Server::spinel(&[]), Server::redis(&[]));
    let names = |c: &mut Conn| -> Vec<String> {
        let info = String::from_utf8(c.cmd(&["INFO", "persistence"])).unwrap();
        info.lines().skip(1).filter_map(|l| l.split_once(':').map(|(k, _)| k.to_string())).collect()
    };
    assert_eq!(names(&mut spinel_srv.conn()), names(&mut redis_srv.conn()));
    // The default INFO has the section, between Memory and Stats as in Redis.
    let all = String::from_utf8(spinel_srv.conn().cmd(&["INFO"])).unwrap();
    let (m, p, s) = (all.find("# Memory").unwrap(), all.find("# Persistence").unwrap(), all.find("# Stats").unwrap());
    assert!(m < p && p < s);
}

#[test]
fn save_bgsave_lastsave_shutdown_and_restart() {
    let dir = scratch_dir("lifecycle");
    let d = dir.to_str().unwrap();
    let srv = Server::spinel(&["--dir", d, "--save", "3600 1"]);
    let mut c = srv.conn();
    c.cmd(&["SET", "a", "1"]);
    assert_eq!(info_field(&mut c, "rdb_changes_since_last_save"), "1");
    let before = Frame::parse(&c.cmd(&["LASTSAVE"])).unwrap().as_int().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(c.cmd(&["BGSAVE", "now"]), b"-ERR syntax error\r\n");
    assert_eq!(c.cmd(&["BGSAVE"]), b"+Background saving started\r\n");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while info_field(&mut c, "rdb_bgsave_in_progress") == "1" {
        assert!(std::time::Instant::now() < deadline, "BGSAVE did not finish");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(info_field(&mut c, "rdb_last_bgsave_status"), "ok");
    assert_eq!(info_field(&mut c, "rdb_changes_since_last_save"), "0");
    let after = Frame::parse(&c.cmd(&["LASTSAVE"])).unwrap().as_int().unwrap();
    assert!(after > before, "LASTSAVE moves: {before} -> {after}");
    assert!(dir.join("dump.rdb").exists());
    // A clean SHUTDOWN saves (save points are set), a restart loads it.
    c.cmd(&["SET", "b", "2"]);
    assert!(c.try_cmd(&["SHUTDOWN"]).is_err() || c.wait_closed());
    drop(srv);
    let srv = Server::spinel(&["--dir", d, "--save", "3600 1"]);
    let mut c = srv.conn();
    assert_eq!(c.cmd(&["MGET", "a", "b"]), b"*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
    // SHUTDOWN NOSAVE does not.
    c.cmd(&["SET", "c", "3"]);
    assert!(c.try_cmd(&["SHUTDOWN", "NOSAVE"]).is_err() || c.wait_closed());
    drop(srv);
    let srv = Server::spinel(&["--dir", d]);
    let mut c = srv.conn();
    assert_eq!(c.cmd(&["EXISTS", "a", "b", "c"]), b":2\r\n");
    drop(srv);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn save_points_trigger_a_background_save() {
    let srv = Server::spinel(&["--save", "1 2", "--hz", "50"]);
    let mut c = srv.conn();
    c.cmd(&["SET", "a", "1"]);
    std::thread::sleep(std::time::Duration::from_millis(1300));
    assert_eq!(info_field(&mut c, "rdb_saves"), "0", "one change is below the point");
    c.cmd(&["SET", "b", "1"]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while info_field(&mut c, "rdb_saves") == "0" {
        assert!(std::time::Instant::now() < deadline, "no save after 2 changes:\n{}", srv.log());
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(srv.log().contains("2 changes in 1 seconds. Saving..."), "{}", srv.log());
    assert!(srv.dir.join("dump.rdb").exists());
}

#[test]
fn failed_background_save_gives_misconf_to_writes_only() {
    let dir = scratch_dir("misconf");
    let srv = Server::spinel(&["--dir", dir.to_str().unwrap(), "--save", "3600 1"]);
    let mut c = srv.conn();
    c.cmd(&["SET", "a", "1"]);
    // The directory disappears: the snapshot cannot be written.
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(c.cmd(&["SAVE"]), b"-ERR\r\n");
    assert_eq!(c.cmd(&["BGSAVE"]), b"+Background saving started\r\n");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while info_field(&mut c, "rdb_bgsave_in_progress") == "1" {
        assert!(std::time::Instant::now() < deadline);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(info_field(&mut c, "rdb_last_bgsave_status"), "err");
    let misconf = b"-MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.\r\n";
    assert_eq!(c.cmd(&["SET", "a", "2"]), misconf);
    assert_eq!(c.cmd(&["PING"]), misconf);
    assert_eq!(c.cmd(&["GET", "a"]), b"$1\r\n1\r\n");
    assert_eq!(c.cmd(&["CONFIG", "SET", "stop-writes-on-bgsave-error", "no"]), b"+OK\r\n");
    assert_eq!(c.cmd(&["SET", "a", "2"]), b"+OK\r\n");
    drop(srv);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------------
// The append-only file between Spinel and Redis
// ---------------------------------------------------------------------------------------------

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

fn wait_rewrite(c: &mut Conn) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while info_field(c, "aof_rewrite_in_progress") == "1" {
        assert!(std::time::Instant::now() < deadline, "the AOF rewrite did not finish");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Writes the dataset into `source` with the AOF on, half before and half after a rewrite.
fn fill_with_rewrite(c: &mut Conn) {
    load_several_dbs(c);
    assert!(c.cmd(&["BGREWRITEAOF"]).starts_with(b"+Background append only file rewriting"));
    wait_rewrite(c);
    for cmd in ["SET after-rewrite 1", "LPUSH list x", "HSET hash new field", "ZINCRBY zset 2 a", "DEL str", "EXPIRE int8 5000"] {
        c.cmd(&split_command(cmd));
    }
}

/// The live keys of the databases `load_several_dbs` writes (KEYS leaves out expired keys
/// not yet reclaimed, such as `gone`).
fn key_counts(c: &mut Conn) -> Vec<(usize, Vec<Vec<u8>>)> {
    let out = [0, 1, 5]
        .into_iter()
        .map(|db| {
            c.cmd(&["SELECT", &db.to_string()]);
            (db, keys(c))
        })
        .collect();
    c.cmd(&["SELECT", "0"]);
    out
}

fn aof_round_trip(from_spinel: bool, preamble: &str) {
    let flags = ["--appendonly", "yes", "--aof-use-rdb-preamble", preamble, "--stream-node-max-entries", "100"];
    let source = if from_spinel { Server::spinel(&flags) } else { Server::redis(&flags) };
    let mut c = source.conn();
    fill_with_rewrite(&mut c);
    let dir = scratch_dir(&format!("aof-{from_spinel}-{preamble}"));
    copy_dir(&source.dir.join("appendonlydir"), &dir.join("appendonlydir"));
    let mut with_dir = vec!["--dir", dir.to_str().unwrap()];
    with_dir.extend_from_slice(&flags);
    // Both load the same files.
    let spinel_srv = Server::spinel(&with_dir);
    let redis_srv = Server::redis(&with_dir);
    let diffs = compare_dbs_with(&mut spinel_srv.conn(), &mut redis_srv.conn(), preamble == "no");
    assert!(diffs.is_empty(), "{} keys differ:\n{}", diffs.len(), diffs.join("\n"));
    // And neither lost a key the writer had.
    let written = key_counts(&mut c);
    assert_eq!(key_counts(&mut spinel_srv.conn()), written, "spinel-server loaded other key counts");
    assert_eq!(key_counts(&mut redis_srv.conn()), written, "redis-server loaded other key counts");
    drop((spinel_srv, redis_srv));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn spinel_aof_loads_into_redis_without_preamble() {
    aof_round_trip(true, "no");
}

#[test]
fn spinel_aof_loads_into_redis_with_rdb_preamble() {
    aof_round_trip(true, "yes");
}

#[test]
fn redis_aof_loads_into_spinel_without_preamble() {
    aof_round_trip(false, "no");
}

#[test]
fn redis_aof_loads_into_spinel_with_rdb_preamble() {
    aof_round_trip(false, "yes");
}

/// OBJECT FREQ (LFU policy) or OBJECT IDLETIME (LRU policy) of `keys` after the writer saved
/// dump.rdb and `loader` (spinel or redis) started from it.
fn access_after_restart(writer_spinel: bool, loader_spinel: bool, policy: &str, setup: &[&str], keys: &[&str]) -> Vec<i64> {
    let dir = scratch_dir(&format!("access-{writer_spinel}-{loader_spinel}-{policy}"));
    let d = dir.to_str().unwrap().to_string();
    let flags = ["--dir", d.as_str(), "--maxmemory-policy", policy];
    let start = |spinel: bool| if spinel { Server::spinel(&flags) } else { Server::redis(&flags) };
    let srv = start(writer_spinel);
    let mut c = srv.conn();
    for cmd in setup {
        if let Some(ms) = cmd.strip_prefix("sleep ") {
            std::thread::sleep(std::time::Duration::from_millis(ms.parse().unwrap()));
        } else {
            c.cmd(&split_command(cmd));
        }
    }
    assert_eq!(c.cmd(&["SAVE"]), b"+OK\r\n");
    drop(c);
    drop(srv);
    let srv = start(loader_spinel);
    let mut c = srv.conn();
    let sub = if policy.ends_with("lfu") { "FREQ" } else { "IDLETIME" };
    let out = keys.iter().map(|k| Frame::parse(&c.cmd(&["OBJECT", sub, k])).unwrap().as_int().unwrap()).collect();
    drop(srv);
    let _ = std::fs::remove_dir_all(&dir);
    out
}

#[test]
fn lfu_counters_and_idle_times_survive_a_restart() {
    // LFU: a new key's counter is 5; its first hit always makes it 6.
    let lfu = ["SET hot v", "GET hot", "SET cold v"];
    for (writer, loader) in [(true, true), (true, false), (false, true)] {
        assert_eq!(access_after_restart(writer, loader, "allkeys-lfu", &lfu, &["hot", "cold"]), [6, 5], "writer spinel {writer}, loader spinel {loader}");
    }
    // LRU: idle seconds are kept (the clock ticks in seconds: 2 or 3 after 2.1 s).
    let lru = ["SET idle v", "sleep 2100", "SET fresh v"];
    for (writer, loader) in [(true, true), (true, false)] {
        let got = access_after_restart(writer, loader, "allkeys-lru", &lru, &["idle", "fresh"]);
        assert!((2..=3).contains(&got[0]) && got[1] <= 1, "writer spinel {writer}, loader spinel {loader}: {got:?}");
    }
}

/// Writes keys whose short TTLs are then extended or removed, lets the short TTLs pass,
/// restarts the server on its AOF, and reports each key as `key exists ttl-class`.
fn ttls_after_aof_restart(spinel: bool) -> Vec<String> {
    let dir = scratch_dir(&format!("aof-ttl-{spinel}"));
    let d = dir.to_str().unwrap().to_string();
    let flags = ["--dir", d.as_str(), "--appendonly", "yes", "--appendfsync", "always"];
    let start = || if spinel { Server::spinel(&flags) } else { Server::redis(&flags) };
    let srv = start();
    let mut c = srv.conn();
    // In the rewritten base (RDB preamble) with a TTL, persisted in the tail.
    c.cmd(&["SET", "base", "v", "PX", "300"]);
    assert!(c.cmd(&["BGREWRITEAOF"]).starts_with(b"+Background append only file rewriting"));
    wait_rewrite(&mut c);
    for cmd in [
        "PERSIST base",
        "SET k v PX 300",
        "PERSIST k",
        "SET g v PX 300",
        "GETEX g PERSIST",
        "RPUSH l a",
        "PEXPIRE l 300",
        "EXPIRE l 1000",
        "SET s v PX 300",
        "SET s w KEEPTTL",
        "PEXPIRE s 900000",
        "SET gone v PX 300",
        "EVAL \"redis.call('SET', KEYS[1], 'tmp', 'PX', 1) return redis.call('PEXPIRE', KEYS[1], 1000000)\" 1 e",
    ] {
        c.cmd(&split_command(cmd));
    }
    std::thread::sleep(std::time::Duration::from_millis(600));
    drop(c);
    drop(srv);
    let srv = start();
    let mut c = srv.conn();
    let mut out = Vec::new();
    for key in ["base", "k", "g", "l", "s", "gone", "e"] {
        let exists = Frame::parse(&c.cmd(&["EXISTS", key])).unwrap().as_int().unwrap();
        let ttl = Frame::parse(&c.cmd(&["TTL", key])).unwrap().as_int().unwrap();
        let class = match ttl {
            -2 | -1 => ttl.to_string(),
            t if t > 500 => "long".to_string(),
            t => format!("short {t}"),
        };
        out.push(format!("{key} {exists} {class}"));
    }
    drop(srv);
    let _ = std::fs::remove_dir_all(&dir);
    out
}

#[test]
fn ttls_extended_after_they_passed_survive_an_aof_restart() {
    let spinel = ttls_after_aof_restart(true);
    assert_eq!(spinel, ttls_after_aof_restart(false));
    // Nothing expires while the log loads: only the key whose TTL was never extended is gone.
    assert_eq!(spinel, ["base 1 -1", "k 1 -1", "g 1 -1", "l 1 long", "s 1 long", "gone 0 -2", "e 1 long"]);
}

// ---------------------------------------------------------------------------------------------
// AOF failures: torn tails, corruption, --check-aof, switching at runtime
// ---------------------------------------------------------------------------------------------

/// Runs spinel-server with `args` until it exits (it must, within 10 s): (exit code, output).
fn run_to_exit(args: &[&str]) -> (i32, String) {
    run_binary_to_exit(env!("CARGO_BIN_EXE_spinel-server"), args)
}

fn run_binary_to_exit(binary: &str, args: &[&str]) -> (i32, String) {
    let mut child = std::process::Command::new(binary)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
            return (status.code().unwrap_or(-1), text);
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("{binary} {args:?} did not exit");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn last_incr(dir: &std::path::Path) -> std::path::PathBuf {
    let manifest = std::fs::read_to_string(dir.join("appendonlydir/appendonly.aof.manifest")).unwrap();
    let name = manifest.lines().rfind(|l| l.ends_with("type i")).unwrap().split(' ').nth(1).unwrap().to_string();
    dir.join("appendonlydir").join(name)
}

#[test]
fn aof_torn_tail_is_repaired_and_mid_file_corruption_refused() {
    let dir = scratch_dir("aof-torn");
    let d = dir.to_str().unwrap();
    let aof_flags = ["--dir", d, "--appendonly", "yes", "--appendfsync", "always"];
    let srv = Server::spinel(&aof_flags);
    let mut c = srv.conn();
    for i in 0..20 {
        c.cmd(&["SET", &format!("k{i}"), &i.to_string()]);
    }
    drop(srv); // SIGKILL: nothing but the AOF remains
    let incr = last_incr(&dir);
    let good = std::fs::read(&incr).unwrap();
    // A torn last command.
    let mut torn = good.clone();
    torn.extend_from_slice(b"*3\r\n$3\r\nSET\r\n$1\r\nz\r\n$5\r\nhel");
    std::fs::write(&incr, &torn).unwrap();

    // --check-aof sees it, --fix cuts it.
    let (code, out) = run_to_exit(&["--check-aof", incr.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("ok_up_to={}", good.len())) && out.contains("is not valid"), "{out}");

    // aof-load-truncated no: refuses to start.
    let port = common::free_port().to_string();
    let (code, out) = run_to_exit(&["--port", &port, "--dir", d, "--appendonly", "yes", "--aof-load-truncated", "no"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("Unexpected end of file reading the append only file"), "{out}");

    // Default (yes): loads what is complete, truncates the file.
    let srv = Server::spinel(&aof_flags);
    let mut c = srv.conn();
    assert_eq!(c.cmd(&["DBSIZE"]), b":20\r\n");
    assert_eq!(c.cmd(&["GET", "z"]), b"$-1\r\n");
    assert!(srv.log().contains("loaded anyway because aof-load-truncated is enabled"), "{}", srv.log());
    assert_eq!(std::fs::read(&incr).unwrap(), good);
    drop(srv);

    // Garbage in the middle: refuses to start, whatever aof-load-truncated says.
    let mut bad = good.clone();
    let mid = good.len() / 2;
    bad.splice(mid..mid, b"garbage".iter().copied());
    std::fs::write(&incr, &bad).unwrap();
    let (code, out) = run_to_exit(&["--port", &port, "--dir", d, "--appendonly", "yes"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("Bad file format reading the append only file"), "{out}");

    // The repair mode: --fix truncates at the first bad byte, after which it loads.
    let (code, out) = run_to_exit(&["--check-aof", "--fix", dir.join("appendonlydir/appendonly.aof.manifest").to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Successfully truncated AOF"), "{out}");
    let (code, out) = run_to_exit(&["--check-aof", incr.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let srv = Server::spinel(&aof_flags);
    let n = Frame::parse(&srv.conn().cmd(&["DBSIZE"])).unwrap().as_int().unwrap();
    assert!(n > 0 && n < 20, "a prefix of the writes: {n}");
    drop(srv);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn appendonly_switches_at_runtime_and_survives_a_restart() {
    let dir = scratch_dir("aof-runtime");
    let d = dir.to_str().unwrap();
    let srv = Server::spinel(&["--dir", d]);
    let mut c = srv.conn();
    c.cmd(&["SET", "before", "1"]);
    assert_eq!(c.cmd(&["CONFIG", "SET", "appendonly", "yes"]), b"+OK\r\n");
    c.cmd(&["SET", "after", "2"]);
    c.cmd(&["INCR", "after"]);
    assert_eq!(info_field(&mut c, "aof_enabled"), "1");
    // Switching it on started a rewrite (Redis's AOF_WAIT_REWRITE).
    assert_eq!(c.cmd(&["BGREWRITEAOF"]), b"-ERR Background append only file rewriting already in progress\r\n");
    wait_rewrite(&mut c);
    assert_eq!(c.cmd(&["BGREWRITEAOF"]), b"+Background append only file rewriting started\r\n");
    c.cmd(&["SET", "during", "3"]);
    wait_rewrite(&mut c);
    assert_eq!(info_field(&mut c, "aof_rewrites"), "2");
    c.cmd(&["SET", "last", "4"]);
    drop(srv); // SIGKILL
    let srv = Server::spinel(&["--dir", d, "--appendonly", "yes"]);
    let mut c = srv.conn();
    assert_eq!(c.cmd(&["MGET", "before", "after", "during", "last"]), b"*4\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n3\r\n$1\r\n4\r\n");
    let files: Vec<String> = std::fs::read_dir(dir.join("appendonlydir")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(files.len(), 3, "base, incr and manifest only: {files:?}");
    assert_eq!(c.cmd(&["CONFIG", "SET", "appendonly", "no"]), b"+OK\r\n");
    c.cmd(&["SET", "unlogged", "5"]);
    assert_eq!(info_field(&mut c, "aof_enabled"), "0");
    drop(srv);
    let srv = Server::spinel(&["--dir", d, "--appendonly", "yes"]);
    assert_eq!(srv.conn().cmd(&["EXISTS", "last", "unlogged"]), b":1\r\n");
    drop(srv);
    let _ = std::fs::remove_dir_all(&dir);
}

/// BGREWRITEAOF with `appendonly no` writes a base file alone, named by a manifest without
/// incr files (the earlier base is history and goes); DEBUG LOADAOF and `appendonly yes`
/// later start from it.
/// The files, the manifests and the data after a restart are compared with Redis's.
#[test]
fn rewrite_with_the_aof_off_writes_a_base_as_redis() {
    let mut seen = Vec::new();
    for redis in [true, false] {
        let dir = scratch_dir(if redis { "rewrite-off-redis" } else { "rewrite-off-spinel" });
        let flags = ["--dir", dir.to_str().unwrap(), "--enable-debug-command", "yes"];
        let srv = if redis { Server::redis(&flags) } else { Server::spinel(&flags) };
        let mut c = srv.conn();
        let mut steps = Vec::new();
        for value in ["1", "2"] {
            c.cmd(&["SET", "k", value]);
            c.cmd(&["RPUSH", "l", value]);
            steps.push(common::render(&c.cmd(&["BGREWRITEAOF"])));
            wait_rewrite(&mut c);
            let mut files: Vec<String> = std::fs::read_dir(dir.join("appendonlydir")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
            files.sort();
            steps.push(format!("{files:?}"));
            steps.push(std::fs::read_to_string(dir.join("appendonlydir/appendonly.aof.manifest")).unwrap());
            for field in ["aof_enabled", "aof_rewrites", "aof_last_bgrewrite_status"] {
                steps.push(format!("{field}:{}", info_field(&mut c, field)));
            }
        }
        c.cmd(&["SET", "unlogged", "x"]);
        // DEBUG LOADAOF loads the files the manifest names, the AOF being off.
        steps.push(common::render(&c.cmd(&["DEBUG", "LOADAOF"])));
        steps.push(common::render(&c.cmd(&["MGET", "k", "unlogged"])));
        c.cmd(&["SET", "unlogged", "x"]);
        drop(srv); // SIGKILL
        let flags = ["--dir", dir.to_str().unwrap(), "--appendonly", "yes"];
        let srv = if redis { Server::redis(&flags) } else { Server::spinel(&flags) };
        let mut c = srv.conn();
        steps.push(common::render(&c.cmd(&["MGET", "k", "unlogged"])));
        steps.push(common::render(&c.cmd(&["LRANGE", "l", "0", "-1"])));
        steps.push(std::fs::read_to_string(dir.join("appendonlydir/appendonly.aof.manifest")).unwrap());
        drop(srv);
        let _ = std::fs::remove_dir_all(&dir);
        seen.push(steps);
    }
    assert_eq!(seen[1], seen[0], "spinel (right) against redis (left)");
    assert!(seen[0].iter().any(|s| s == "aof_rewrites:2"), "{:?}", seen[0]);
}

/// Function libraries are kept in dump.rdb and in AOF base files (RDB preamble or FUNCTION
/// LOAD commands) as Redis keeps them: each server restores the other's, and DEBUG RELOAD
/// keeps them (NOFLUSH without MERGE fails on the library already there, as in Redis).
#[test]
fn function_libraries_survive_snapshots_rewrites_and_reloads() {
    const LIB: &str = "#!lua name=mylib\nredis.register_function('answer', function() return 42 end)";
    let start = |spinel: bool, flags: &[&str]| if spinel { Server::spinel(flags) } else { Server::redis(flags) };
    // dump.rdb: written by one server, loaded by the other (or itself).
    for (writer, loader) in [(true, true), (true, false), (false, true)] {
        let dir = scratch_dir(&format!("functions-rdb-{writer}-{loader}"));
        let d = dir.to_str().unwrap();
        let srv = start(writer, &["--dir", d]);
        let mut c = srv.conn();
        assert_eq!(c.cmd(&["FUNCTION", "LOAD", LIB]), b"$5\r\nmylib\r\n");
        c.cmd(&["SET", "k", "v"]);
        assert_eq!(c.cmd(&["SAVE"]), b"+OK\r\n");
        drop(srv);
        let srv = start(loader, &["--dir", d]);
        let mut c = srv.conn();
        assert_eq!(c.cmd(&["FCALL", "answer", "0"]), b":42\r\n", "written by spinel: {writer}, loaded by spinel: {loader}");
        assert_eq!(c.cmd(&["GET", "k"]), b"$1\r\nv\r\n");
        drop(srv);
        let _ = std::fs::remove_dir_all(&dir);
    }
    // AOF base files, with and without the RDB preamble, after a rewrite.
    for preamble in ["yes", "no"] {
        let dir = scratch_dir(&format!("functions-aof-{preamble}"));
        let d = dir.to_str().unwrap();
        let flags = ["--dir", d, "--appendonly", "yes", "--aof-use-rdb-preamble", preamble];
        let srv = Server::spinel(&flags);
        let mut c = srv.conn();
        c.cmd(&["FUNCTION", "LOAD", LIB]);
        assert!(c.cmd(&["BGREWRITEAOF"]).starts_with(b"+Background"));
        wait_rewrite(&mut c);
        drop(srv);
        for loader in [true, false] {
            let srv = start(loader, &flags);
            assert_eq!(srv.conn().cmd(&["FCALL", "answer", "0"]), b":42\r\n", "preamble {preamble}, loaded by spinel: {loader}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    // DEBUG RELOAD, compared with Redis.
    let mut replies = Vec::new();
    for spinel in [false, true] {
        let dir = scratch_dir(&format!("functions-reload-{spinel}"));
        let srv = start(spinel, &["--dir", dir.to_str().unwrap(), "--enable-debug-command", "yes"]);
        let mut c = srv.conn();
        let mut got = Vec::new();
        c.cmd(&["FUNCTION", "LOAD", LIB]);
        for cmd in [&["DEBUG", "RELOAD"][..], &["FCALL", "answer", "0"], &["DEBUG", "RELOAD", "NOFLUSH"], &["DEBUG", "RELOAD", "NOFLUSH", "MERGE"], &["FUNCTION", "LIST"]] {
            got.push(common::render(&c.cmd(cmd)));
        }
        replies.push(got);
        drop(srv);
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert_eq!(replies[1], replies[0], "spinel (right) against redis (left)");
}

/// BGSAVE and BGREWRITEAOF run in a forked child: the server keeps answering meanwhile.
#[test]
fn background_saves_do_not_stop_the_server() {
    let srv = Server::spinel(&["--appendonly", "yes", "--aof-use-rdb-preamble", "no"]);
    let mut c = srv.conn();
    // 200k keys, pipelined.
    for batch in 0..200 {
        let mut cmds = Vec::new();
        for i in 0..1000 {
            let k = format!("key:{batch}:{i}");
            cmds.extend_from_slice(&common::encode_command(&["SET", k.as_str(), "some value of a few bytes"]));
        }
        c.send_raw(&cmds);
        for _ in 0..1000 {
            c.read_reply_raw();
        }
    }
    for (start, flag) in [(["BGSAVE"], "rdb_bgsave_in_progress"), (["BGREWRITEAOF"], "aof_rewrite_in_progress")] {
        let t0 = std::time::Instant::now();
        assert!(c.cmd(&start).starts_with(b"+Background"));
        let mut answered_meanwhile = 0;
        let mut worst = std::time::Duration::ZERO;
        while info_field(&mut c, flag) == "1" {
            let t = std::time::Instant::now();
            assert_eq!(c.cmd(&["SET", "during", "x"]), b"+OK\r\n");
            worst = worst.max(t.elapsed());
            answered_meanwhile += 1;
            assert!(t0.elapsed() < std::time::Duration::from_secs(60), "{} never finished", start[0]);
        }
        println!("{}: {} writes answered while it ran ({:?}), slowest {:?}", start[0], answered_meanwhile, t0.elapsed(), worst);
        assert!(answered_meanwhile > 0, "{}: the server did not answer while the child worked", start[0]);
        assert!(worst < std::time::Duration::from_millis(500), "{}: a write waited {worst:?}", start[0]);
    }
    assert_eq!(info_field(&mut c, "rdb_last_bgsave_status"), "ok");
    assert_eq!(info_field(&mut c, "aof_last_bgrewrite_status"), "ok");
}

/// The digest of one reply line (`+<hex>`), or the array of DIGEST-VALUE's.
fn digest_reply(c: &mut Conn, args: &[&[u8]]) -> String {
    String::from_utf8_lossy(&c.cmd(args)).into_owned()
}

/// DEBUG DIGEST and DIGEST-VALUE give Redis's digests for the same data (every type and
/// encoding, TTLs, several databases); DEBUG RELOAD and DEBUG LOADAOF load back what they
/// wrote, so the digest stays the same.
#[test]
fn debug_digest_matches_redis_and_survives_reload() {
    let redis_srv = Server::redis(&["--enable-debug-command", "yes"]);
    let spinel_srv = Server::spinel(&["--enable-debug-command", "yes", "--appendonly", "yes"]);
    let (mut redis, mut spinel) = (redis_srv.conn(), spinel_srv.conn());
    for c in [&mut redis, &mut spinel] {
        load_several_dbs(c);
        c.cmd(&["SELECT", "1"]);
        c.cmd(&["DEL", "gone"]); // expired or not, depending on the machine's speed
        c.cmd(&["SELECT", "0"]);
    }
    let digest = digest_reply(&mut redis, &[b"DEBUG", b"DIGEST"]);
    assert!(digest.starts_with('+') && digest.len() == 43, "{digest}");
    assert_eq!(digest_reply(&mut spinel, &[b"DEBUG", b"DIGEST"]), digest);
    let mut all_keys = keys(&mut redis);
    all_keys.push(b"no-such-key".to_vec());
    let mut args: Vec<&[u8]> = vec![b"DEBUG", b"DIGEST-VALUE"];
    args.extend(all_keys.iter().map(|k| k.as_slice()));
    assert_eq!(digest_reply(&mut spinel, &args), digest_reply(&mut redis, &args));
    assert_eq!(spinel.cmd(&["DEBUG", "RELOAD"]), b"+OK\r\n");
    assert_eq!(digest_reply(&mut spinel, &[b"DEBUG", b"DIGEST"]), digest);
    assert_eq!(spinel.cmd(&["DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE"]), b"+OK\r\n");
    assert_eq!(spinel.cmd(&["DEBUG", "RELOAD", "sideways"]), b"-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n");
    // LOADAOF re-reads the log: nothing is lost or doubled, and later writes still land in
    // the right database.
    assert_eq!(spinel.cmd(&["DEBUG", "LOADAOF"]), b"+OK\r\n");
    assert_eq!(digest_reply(&mut spinel, &[b"DEBUG", b"DIGEST"]), digest);
    spinel.cmd(&["SELECT", "5"]);
    spinel.cmd(&["SET", "after", "1"]);
    assert_eq!(spinel.cmd(&["DEBUG", "LOADAOF"]), b"+OK\r\n");
    assert_eq!(spinel.cmd(&["GET", "after"]), b"$1\r\n1\r\n");
    assert_eq!(spinel.cmd(&["DBSIZE"]), b":3\r\n");
    spinel.cmd(&["FLUSHALL"]);
    assert_eq!(spinel.cmd(&["DEBUG", "DIGEST"]), b"+0000000000000000000000000000000000000000\r\n");
}

/// An AOF written by Redis before 7.0 (one `appendonly.aof` in the data directory) is loaded
/// and moved into the AOF directory under a new manifest, as Redis 7 upgrades it; before,
/// Spinel started empty beside it.
#[test]
fn an_old_style_aof_is_upgraded_as_redis_upgrades_it() {
    let mut manifests = Vec::new();
    for redis in [true, false] {
        let dir = scratch_dir(if redis { "old-aof-redis" } else { "old-aof-spinel" });
        let mut aof = Vec::new();
        for cmd in [&["SELECT", "0"][..], &["SET", "k1", "v1"], &["RPUSH", "l", "a", "b"], &["SELECT", "3"], &["SET", "k3", "v3"]] {
            aof.extend_from_slice(&common::encode_command(cmd));
        }
        std::fs::write(dir.join("appendonly.aof"), &aof).unwrap();
        let flags = ["--dir", dir.to_str().unwrap(), "--appendonly", "yes"];
        let srv = if redis { Server::redis(&flags) } else { Server::spinel(&flags) };
        let mut c = srv.conn();
        wait_loaded(&mut c);
        assert_eq!(c.cmd(&["GET", "k1"]), b"$2\r\nv1\r\n", "redis: {redis}");
        assert_eq!(c.cmd(&["LRANGE", "l", "0", "-1"]), b"*2\r\n$1\r\na\r\n$1\r\nb\r\n");
        c.cmd(&["SELECT", "3"]);
        assert_eq!(c.cmd(&["GET", "k3"]), b"$2\r\nv3\r\n");
        assert!(!dir.join("appendonly.aof").exists() && dir.join("appendonlydir/appendonly.aof").exists());
        manifests.push(std::fs::read_to_string(dir.join("appendonlydir/appendonly.aof.manifest")).unwrap());
        drop(srv);
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert_eq!(manifests[1], manifests[0]);
}

/// A manifest Redis refuses, Spinel refuses with Redis's reason; a file the manifest names
/// that is missing stops the start too (it is lost data).
#[test]
fn bad_manifests_are_refused_with_redis_reasons() {
    let cases: [(&str, &[u8], &str); 5] = [
        ("empty", b"", "Found an empty AOF manifest"),
        ("blank-line", b"file appendonly.aof.1.base.aof seq 1 type b\n\nfile appendonly.aof.1.incr.aof seq 1 type i\n", "Invalid AOF manifest file format"),
        ("unknown-type", b"file appendonly.aof.1.base.aof seq 1 type x\n", "Unknown AOF file type"),
        ("no-newline", b"file appendonly.aof.1.base.aof seq 1 type b", "The AOF manifest file contains too long line"),
        ("missing-file", b"file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n", "appendonly.aof.2.incr.aof length. stat: No such file or directory"),
    ];
    for (name, manifest, reason) in cases {
        for binary in [env!("CARGO_BIN_EXE_spinel-server"), "redis-server"] {
            let dir = scratch_dir(&format!("manifest-{name}"));
            let aofdir = dir.join("appendonlydir");
            std::fs::create_dir_all(&aofdir).unwrap();
            std::fs::write(aofdir.join("appendonly.aof.manifest"), manifest).unwrap();
            std::fs::write(aofdir.join("appendonly.aof.1.base.aof"), common::encode_command(&["SET", "a", "1"])).unwrap();
            let port = common::free_port().to_string();
            let (code, out) = run_binary_to_exit(binary, &["--port", &port, "--dir", dir.to_str().unwrap(), "--appendonly", "yes", "--save", ""]);
            assert_eq!(code, 1, "{binary} {name}: {out}");
            assert!(out.contains(reason), "{binary} {name}: {out}");
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

/// A dump.rdb whose checksum is wrong stops the start, with Redis's "RDB CRC error".
#[test]
fn a_dump_with_a_bad_checksum_is_refused() {
    let srv = Server::spinel(&[]);
    let mut c = srv.conn();
    c.cmd(&["SET", "k", "v"]);
    assert_eq!(c.cmd(&["SAVE"]), b"+OK\r\n");
    let mut data = std::fs::read(srv.dir.join("dump.rdb")).unwrap();
    drop(srv);
    let n = data.len();
    data[n - 8..].copy_from_slice(b"foobar00");
    for binary in [env!("CARGO_BIN_EXE_spinel-server"), "redis-server"] {
        let dir = scratch_dir("bad-crc");
        std::fs::write(dir.join("dump.rdb"), &data).unwrap();
        let port = common::free_port().to_string();
        let (code, out) = run_binary_to_exit(binary, &["--port", &port, "--dir", dir.to_str().unwrap()]);
        assert_eq!(code, 1, "{binary}: {out}");
        assert!(out.contains("RDB CRC error") && out.contains("Wrong RDB checksum expected"), "{binary}: {out}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn wait_no_bgsave(c: &mut Conn, within: std::time::Duration) -> bool {
    let deadline = std::time::Instant::now() + within;
    while info_field(c, "rdb_bgsave_in_progress") == "1" {
        if std::time::Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    true
}

/// FLUSHALL stops a running background save without counting it a failure, and with save
/// points configured writes an empty snapshot at once; a save child killed by a signal is a
/// failure (MISCONF for writes, also a script's first write, and scripts whose flags allow
/// writes). rdb-key-save-delay slows the child down as in Redis.
#[test]
fn flushall_and_killed_save_children_as_redis() {
    let mut scripts = Vec::new();
    for redis in [true, false] {
        let who = if redis { "redis" } else { "spinel" };
        let flags = ["--save", ""];
        let srv = if redis { Server::redis(&flags) } else { Server::spinel(&flags) };
        let mut c = srv.conn();
        let mut mset: Vec<String> = vec!["MSET".into()];
        for i in 0..5000 {
            mset.push(format!("key:{i}"));
            mset.push("v".into());
        }
        c.cmd(&mset);
        c.cmd(&["CONFIG", "SET", "rdb-key-save-delay", "1000"]);
        assert_eq!(c.cmd(&["BGSAVE"]), b"+Background saving started\r\n", "{who}");
        assert_eq!(info_field(&mut c, "rdb_bgsave_in_progress"), "1", "{who}");
        assert_eq!(c.cmd(&["FLUSHALL"]), b"+OK\r\n");
        assert!(wait_no_bgsave(&mut c, std::time::Duration::from_secs(1)), "{who}: FLUSHALL did not stop the save");
        assert_eq!(info_field(&mut c, "rdb_last_bgsave_status"), "ok", "{who}");
        assert!(info_field(&mut c, "rdb_changes_since_last_save").parse::<u64>().unwrap() > 999, "{who}");
        assert_eq!(c.cmd(&["SET", "x", "xx"]), b"+OK\r\n", "{who}");
        // With save points, FLUSHALL saves at once.
        c.cmd(&["CONFIG", "SET", "rdb-key-save-delay", "0"]);
        c.cmd(&["CONFIG", "SET", "save", "3600 1"]);
        c.cmd(&["SET", "k", "v"]);
        assert_eq!(c.cmd(&["FLUSHALL"]), b"+OK\r\n");
        assert_eq!(info_field(&mut c, "rdb_changes_since_last_save"), "0", "{who}");
        // A child killed by a signal: the save failed.
        c.cmd(&["CONFIG", "SET", "rdb-key-save-delay", "10000000"]);
        c.cmd(&mset);
        assert_eq!(c.cmd(&["BGSAVE"]), b"+Background saving started\r\n", "{who}");
        let pid = String::from_utf8(c.cmd(&["INFO", "server"])).unwrap().lines().find_map(|l| l.strip_prefix("process_id:").map(str::to_string)).unwrap();
        let children = std::process::Command::new("pgrep").args(["-P", &pid]).output().unwrap();
        let child = String::from_utf8_lossy(&children.stdout).trim().to_string();
        assert!(!child.is_empty(), "{who}: no save child");
        std::process::Command::new("kill").args(["-9", &child]).status().unwrap();
        assert!(wait_no_bgsave(&mut c, std::time::Duration::from_secs(5)), "{who}");
        assert_eq!(c.cmd(&["GET", "x"]), b"$-1\r\n", "{who}");
        assert!(c.cmd(&["SET", "x", "y"]).starts_with(b"-MISCONF"), "{who}");
        let replies: Vec<String> = [
            "return redis.call('set','x',1)",
            "return redis.call('get','x')",
            "#!lua\nreturn redis.call('set','x',1)",
            "#!lua flags=no-writes\nreturn redis.call('get','x')",
            "return {pcall(redis.call, 'set', 'x', 1)}",
        ]
        .iter()
        .map(|script| render(&c.cmd(&["EVAL", script, "1", "x"])))
        .collect();
        assert!(replies[0].starts_with("-MISCONF"), "{who}: {}", replies[0]);
        scripts.push(replies);
        c.cmd(&["CONFIG", "SET", "rdb-key-save-delay", "0"]);
    }
    assert_eq!(scripts[1], scripts[0]);
}

/// XADD/XTRIM with `~` and LIMIT are logged as an exact trim that keeps the LIMIT word; the
/// replayed log accepts it (Redis's must-obey client) and rebuilds the same stream.
#[test]
fn approximate_trims_with_limit_replay_from_the_aof() {
    let mut lens = Vec::new();
    for redis in [true, false] {
        let flags = ["--appendonly", "yes", "--stream-node-max-entries", "10", "--enable-debug-command", "yes"];
        let srv = if redis { Server::redis(&flags) } else { Server::spinel(&flags) };
        let mut c = srv.conn();
        for i in 1..=100 {
            c.cmd(&["XADD", "s", &format!("{i}-0"), "f", "v"]);
        }
        c.cmd(&["XADD", "s", "MAXLEN", "~", "55", "LIMIT", "30", "101-0", "f", "v"]);
        c.cmd(&["XTRIM", "s", "MINID", "~", "60-0", "LIMIT", "10"]);
        let before = c.cmd(&["XRANGE", "s", "-", "+"]);
        c.cmd(&["CONFIG", "SET", "stream-node-max-entries", "1"]);
        assert_eq!(c.cmd(&["DEBUG", "LOADAOF"]), b"+OK\r\n");
        assert_eq!(c.cmd(&["XRANGE", "s", "-", "+"]), before, "redis: {redis}");
        lens.push(c.cmd(&["XLEN", "s"]));
    }
    assert_eq!(lens[0], lens[1]);
}

/// BGSAVE and BGREWRITEAOF inside MULTI/EXEC are scheduled (Redis forks no child inside a
/// transaction) and run from cron right after, as Redis's do.
#[test]
fn background_persistence_inside_exec_is_scheduled_as_redis() {
    for server in [Server::redis(&[]), Server::spinel(&[])] {
        let mut c = server.conn();
        let forks = |c: &mut Conn| {
            let stats = String::from_utf8(c.cmd(&["INFO", "stats"])).unwrap();
            stats.lines().find_map(|l| l.strip_prefix("total_forks:").map(str::to_string)).unwrap()
        };
        for (n, (cmd, flag)) in [("BGREWRITEAOF", "aof_rewrite_in_progress"), ("BGSAVE", "rdb_bgsave_in_progress")].into_iter().enumerate() {
            for line in ["MULTI", "SET foo bar"] {
                c.cmd_str(line);
            }
            assert_eq!(c.cmd_str(cmd), b"+QUEUED\r\n");
            let reply = render(&c.cmd_str("EXEC"));
            let want = if cmd == "BGSAVE" { "[+OK, +Background saving scheduled]" } else { "[+OK, +Background append only file rewriting scheduled]" };
            assert_eq!(reply, want, "{}", server.name);
            // Cron starts it: wait until it ran.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while forks(&mut c) != (n + 1).to_string() || info_field(&mut c, flag) == "1" {
                assert!(std::time::Instant::now() < deadline, "{}: {cmd} never ran", server.name);
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
    }
}

/// MIGRATE: a Spinel source moving keys to a Spinel target, beside a Redis source moving
/// the same keys to a Redis target; every reply, what is left at the source and what
/// arrived at the target compared.
#[test]
fn migrate_moves_keys_as_redis() {
    let (spinel, spinel_target) = (Server::spinel(&[]), Server::spinel(&[]));
    let (redis, redis_target) = (Server::redis(&[]), Server::redis(&[]));
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut transcripts = Vec::new();
    for (source, target) in [(&redis, &redis_target), (&spinel, &spinel_target)] {
        let (mut s, mut t) = (source.conn(), target.conn());
        for line in ["SET a 1", "RPUSH l x y", "HSET h f v", "SET ttl v PX 100000", "SET taken 1", "SET b 2"] {
            s.cmd_str(line);
        }
        t.cmd_str("SET taken 9");
        let port = target.port.to_string();
        let mut transcript = Vec::new();
        let mut run = |c: &mut Conn, args: &[&str]| transcript.push(render(&c.cmd(args)));
        for args in [
            &["MIGRATE", "127.0.0.1", &port, "a", "0", "1000"][..],
            &["EXISTS", "a"],
            &["MIGRATE", "127.0.0.1", &port, "missing", "0", "1000"],
            &["MIGRATE", "127.0.0.1", &port, "taken", "0", "1000"],
            &["EXISTS", "taken"],
            &["MIGRATE", "127.0.0.1", &port, "taken", "0", "1000", "REPLACE"],
            &["MIGRATE", "127.0.0.1", &port, "", "3", "1000", "COPY", "KEYS", "l", "h", "ttl", "missing"],
            &["EXISTS", "l", "h", "ttl"],
            &["MIGRATE", "127.0.0.1", &port, "", "0", "0", "KEYS", "l", "h"],
            &["MIGRATE", "127.0.0.1", &port, "b", "0", "1000", "AUTH", "pw"],
            &["MIGRATE", "127.0.0.1", &port, "b", "0", "1000", "AUTH2", "u", "pw"],
            &["MIGRATE", "127.0.0.1", &closed.to_string(), "b", "0", "100"],
            &["MIGRATE", "127.0.0.1", &port, "b", "0", "1000", "KEYS", "b"],
            &["MIGRATE", "127.0.0.1", &port, "b", "x", "1000"],
            &["MIGRATE", "127.0.0.1", &port, "b", "0", "1000", "AUTH"],
            &["MIGRATE", "127.0.0.1", &port, "b", "0", "1000", "BOGUS"],
            &["MIGRATE", "127.0.0.1", &port, "b", "99", "1000"],
            &["COMMAND", "GETKEYS", "MIGRATE", "h", "1", "", "0", "0", "AUTH2", "keys", "x", "KEYS", "k1", "k2"],
            &["DBSIZE"],
        ] {
            run(&mut s, args);
        }
        for args in [&["DBSIZE"][..], &["SELECT", "3"], &["DBSIZE"], &["LRANGE", "l", "0", "-1"], &["HGETALL", "h"], &["SELECT", "0"], &["GET", "a"], &["GET", "taken"], &["LRANGE", "l", "0", "-1"]] {
            run(&mut t, args);
        }
        let ttl: i64 = {
            t.cmd_str("SELECT 3");
            String::from_utf8_lossy(&t.cmd_str("PTTL ttl"))[1..].trim().parse().unwrap()
        };
        assert!((90_000..=100_000).contains(&ttl), "{}: TTL {ttl}", target.name);
        transcripts.push(transcript.join("\n"));
    }
    assert_eq!(transcripts[1], transcripts[0]);
}

fn signal(server: &Server, sig: &str) {
    std::process::Command::new("kill").args([sig, &server.pid().to_string()]).status().unwrap();
}

fn temp_rdbs(server: &Server) -> Vec<String> {
    let names = std::fs::read_dir(&server.dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned());
    names.filter(|n| n.starts_with("temp-") && n.ends_with(".rdb")).collect()
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !done() {
        assert!(std::time::Instant::now() < deadline, "{what}");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// Shutdown signals as Redis 7.0 handles them (its unit/shutdown.tcl): the shutdown starts
/// from cron (DEBUG PAUSE-CRON holds it, SHUTDOWN ABORT cancels it); a second SIGINT during
/// the final save exits at once and removes the temporary RDB; a save that fails keeps the
/// server up, for a signal and for SHUTDOWN, until SHUTDOWN NOSAVE; SHUTDOWN NOSAVE kills a
/// BGSAVE child and removes its file. Compared with redis-server, step by step.
#[test]
fn shutdown_signals_and_failed_saves_as_redis() {
    let mut transcripts = Vec::new();
    for spinel in [false, true] {
        let mut t = Vec::new();
        let args = ["--save", "3600 1", "--enable-debug-command", "yes"];
        let start = || if spinel { Server::spinel(&args) } else { Server::redis(&args) };
        // SIGTERM waits for cron; SHUTDOWN ABORT cancels it.
        let mut server = start();
        let mut c = server.conn();
        c.cmd_str("DEBUG PAUSE-CRON 1");
        signal(&server, "-TERM");
        std::thread::sleep(std::time::Duration::from_millis(50));
        t.push(render(&c.cmd_str("SHUTDOWN ABORT")));
        t.push(render(&c.cmd_str("DEBUG PAUSE-CRON 0")));
        std::thread::sleep(std::time::Duration::from_millis(300));
        t.push(render(&c.cmd_str("PING")));
        t.push(format!("aborted: {}", server.log().contains("Shutdown manually aborted.")));
        // A second SIGINT during the final save: out at once, the temporary file removed.
        c.cmd_str("DEBUG POPULATE 20");
        c.cmd_str("CONFIG SET rdb-key-save-delay 100000");
        signal(&server, "-INT");
        wait_until("the final save starts", || temp_rdbs(&server) == [format!("temp-{}.rdb", server.pid())]);
        signal(&server, "-INT");
        let status = server.wait_exit(std::time::Duration::from_secs(5));
        t.push(format!("insisted: {:?} {:?} {}", status.map(|s| s.code()), temp_rdbs(&server), server.log().contains("You insist... exiting now.")));
        // A final save that fails (dump.rdb is a directory): the server stays up.
        let mut server = start();
        let mut c = server.conn();
        c.cmd_str("SET k v");
        std::fs::create_dir(server.dir.join("dump.rdb")).unwrap();
        signal(&server, "-INT");
        wait_until("the save fails", || server.log().contains("Error trying to save the DB, can't exit."));
        t.push(render(&c.cmd_str("PING")));
        t.push(render(&c.cmd_str("SHUTDOWN")));
        t.push(render(&c.cmd_str("SHUTDOWN ABORT")));
        let log = server.log();
        t.push(format!("{} {}", log.matches("Errors trying to shut down the server. Check the logs for more information.").count(), log.matches("User requested shutdown...").count()));
        // SHUTDOWN NOSAVE: a BGSAVE child is killed and its file removed.
        c.cmd_str("DEBUG POPULATE 20");
        std::fs::remove_dir(server.dir.join("dump.rdb")).unwrap();
        c.cmd_str("CONFIG SET rdb-key-save-delay 100000");
        t.push(render(&c.cmd_str("BGSAVE")));
        wait_until("the child writes", || temp_rdbs(&server).len() == 1);
        t.push(format!("closed: {}", c.try_cmd(&["SHUTDOWN", "NOSAVE"]).is_err() || c.wait_closed()));
        let status = server.wait_exit(std::time::Duration::from_secs(5));
        t.push(format!("{:?} {:?} {}", status.map(|s| s.code()), temp_rdbs(&server), server.log().contains("ready to exit, bye bye")));
        transcripts.push(t);
    }
    assert_eq!(transcripts[1], transcripts[0]);
    assert_eq!(transcripts[0][4], "insisted: Some(Some(1)) [] true");
    assert_eq!(transcripts[0][6], "-ERR Errors trying to SHUTDOWN. Check logs.");
}

/// `CONFIG SET appendonly yes` at runtime, as Redis 7.0: no pause (a forked rewrite writes
/// the first base, slowed here by rdb-key-save-delay), the writes meanwhile in a temporary
/// incr file outside any manifest, SHUTDOWN refused until the base is there ("Writing
/// initial AOF, can't exit."), then base, incr and manifest, and a restart after a SIGKILL
/// has every write. Compared with redis-server.
#[test]
fn appendonly_yes_at_runtime_waits_for_a_background_rewrite_as_redis() {
    let mut transcripts = Vec::new();
    for spinel in [false, true] {
        let dir = scratch_dir(if spinel { "aof-wait-spinel" } else { "aof-wait-redis" });
        let d = dir.to_str().unwrap();
        let start = |extra: &[&str]| {
            let args: Vec<&str> = ["--dir", d, "--enable-debug-command", "yes"].iter().chain(extra).copied().collect();
            if spinel { Server::spinel(&args) } else { Server::redis(&args) }
        };
        let aof_files = || {
            let mut names: Vec<String> = std::fs::read_dir(dir.join("appendonlydir")).map(|it| it.map(|e| e.unwrap().file_name().into_string().unwrap()).collect()).unwrap_or_default();
            names.retain(|n| !n.starts_with("temp-rewriteaof"));
            names.sort();
            names
        };
        let mut t = Vec::new();
        let server = start(&[]);
        let mut c = server.conn();
        c.cmd_str("DEBUG POPULATE 20");
        c.cmd_str("CONFIG SET rdb-key-save-delay 50000");
        let started = std::time::Instant::now();
        t.push(render(&c.cmd_str("CONFIG SET appendonly yes")));
        t.push(render(&c.cmd_str("SET during 1")));
        t.push(format!("no pause: {}", started.elapsed() < std::time::Duration::from_millis(500)));
        t.push(format!("{} {}", info_field(&mut c, "aof_enabled"), info_field(&mut c, "aof_rewrite_in_progress")));
        t.push(format!("{:?}", aof_files()));
        t.push(render(&c.cmd_str("SHUTDOWN")));
        t.push(format!("{}", server.log().contains("Writing initial AOF, can't exit.")));
        c.cmd_str("CONFIG SET rdb-key-save-delay 0");
        wait_rewrite(&mut c);
        t.push(format!("{:?}", aof_files()));
        c.cmd_str("SET after 2");
        drop(server); // SIGKILL
        let server = start(&["--appendonly", "yes"]);
        t.push(render(&server.conn().cmd_str("MGET key:0 key:19 during after")));
        drop(server);
        transcripts.push(t);
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert_eq!(transcripts[1], transcripts[0]);
    assert_eq!(transcripts[0][2..5], ["no pause: true", "1 1", "[\"temp-appendonly.aof.incr\"]"]);
}

/// The forked child of `server`, once there is one.
fn child_pid(server: &Server) -> String {
    let mut pid = String::new();
    wait_until("a child", || {
        let out = std::process::Command::new("pgrep").args(["-P", &server.pid().to_string()]).output().unwrap();
        pid = String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or("").to_string();
        !pid.is_empty()
    });
    pid
}

/// Rewrites that fail as Redis 7.0 handles them: an AOF switched on at runtime whose first
/// rewrite dies removes its temporary incr file and tries again; after three failures in a
/// row the automatic rewrite waits ("triggered the limit"). Compared with redis-server.
#[test]
fn failed_rewrites_retry_and_then_wait_as_redis() {
    let mut transcripts = Vec::new();
    for spinel in [false, true] {
        let args = ["--enable-debug-command", "yes"];
        let server = if spinel { Server::spinel(&args) } else { Server::redis(&args) };
        let mut c = server.conn();
        let mut t = Vec::new();
        c.cmd_str("DEBUG POPULATE 10");
        c.cmd_str("CONFIG SET rdb-key-save-delay 10000000");
        c.cmd_str("CONFIG SET appendonly yes");
        std::process::Command::new("kill").args(["-9", &child_pid(&server)]).status().unwrap();
        wait_until("the temporary incr file goes", || server.log().contains("Removing the temp incr aof file temp-appendonly.aof.incr in the background"));
        wait_until("a second rewrite", || info_field(&mut c, "aof_rewrite_in_progress") == "1");
        c.cmd_str("CONFIG SET rdb-key-save-delay 0");
        std::process::Command::new("kill").args(["-9", &child_pid(&server)]).status().unwrap();
        wait_until("the manifest", || server.dir.join("appendonlydir/appendonly.aof.manifest").exists() && info_field(&mut c, "aof_rewrite_in_progress") == "0");
        t.push(format!("{:?}", std::fs::read_to_string(server.dir.join("appendonlydir/appendonly.aof.manifest")).unwrap()));
        // Three failures, then an automatic rewrite is held back.
        c.cmd_str("CONFIG SET rdb-key-save-delay 10000000");
        c.cmd_str("CONFIG SET auto-aof-rewrite-percentage 1");
        c.cmd_str("CONFIG SET auto-aof-rewrite-min-size 1kb");
        for _ in 0..3 {
            c.cmd_str("BGREWRITEAOF");
            std::process::Command::new("kill").args(["-9", &child_pid(&server)]).status().unwrap();
            wait_rewrite(&mut c);
        }
        t.push(info_field(&mut c, "aof_last_bgrewrite_status"));
        c.cmd(&["SET", "x", &"x".repeat(2048)]);
        wait_until("the limit", || server.log().contains("Background AOF rewrite has repeatedly failed and triggered the limit, will retry in 1 minutes"));
        t.push(info_field(&mut c, "aof_rewrite_in_progress"));
        transcripts.push(t);
    }
    assert_eq!(transcripts[1], transcripts[0]);
    assert_eq!(transcripts[0][1..], ["err", "0"]);
}

/// `aof-disable-auto-gc` as Redis 7.0: rewrites keep the files they replaced as history in
/// the manifest (newest first), and switching it off deletes them. Compared with
/// redis-server, manifest and directory.
#[test]
fn aof_history_files_wait_for_auto_gc_as_redis() {
    let mut transcripts = Vec::new();
    for spinel in [false, true] {
        let args = ["--appendonly", "yes", "--aof-disable-auto-gc", "yes"];
        let server = if spinel { Server::spinel(&args) } else { Server::redis(&args) };
        let mut c = server.conn();
        let dir = server.dir.join("appendonlydir");
        let state = || {
            let mut files: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
            files.sort();
            format!("{:?} {files:?}", std::fs::read_to_string(dir.join("appendonly.aof.manifest")).unwrap())
        };
        let mut t = Vec::new();
        for i in 0..2 {
            c.cmd(&["SET", "k", &i.to_string()]);
            c.cmd_str("BGREWRITEAOF");
            wait_rewrite(&mut c);
            t.push(state());
        }
        c.cmd_str("CONFIG SET aof-disable-auto-gc no");
        wait_until("the history goes", || !std::fs::read_to_string(dir.join("appendonly.aof.manifest")).unwrap().contains("type h"));
        t.push(state());
        transcripts.push(t);
    }
    assert_eq!(transcripts[1], transcripts[0]);
    assert!(transcripts[0][1].contains("type h"), "{}", transcripts[0][1]);
}

/// `aof-timestamp-enabled`: each server writes `#TS:<unix time>` annotations into its AOF
/// and loads the other's annotated AOF (Spinel refused Redis's as a bad format before).
#[test]
fn timestamp_annotated_aofs_load_both_ways() {
    for spinel_writes in [false, true] {
        let dir = scratch_dir(if spinel_writes { "ts-aof-spinel" } else { "ts-aof-redis" });
        let d = dir.to_str().unwrap();
        let args = ["--dir", d, "--appendonly", "yes", "--appendfsync", "always", "--aof-timestamp-enabled", "yes"];
        let writer = if spinel_writes { Server::spinel(&args) } else { Server::redis(&args) };
        let mut c = writer.conn();
        c.cmd_str("SET a 1");
        std::thread::sleep(std::time::Duration::from_millis(1100));
        c.cmd_str("SET b 2");
        let incr = std::fs::read_to_string(dir.join("appendonlydir/appendonly.aof.1.incr.aof")).unwrap();
        assert_eq!(incr.matches("#TS:").count(), 2, "{incr:?}");
        assert!(incr.starts_with("#TS:"), "{incr:?}");
        // A rewrite's base in commands starts with one too.
        c.cmd_str("CONFIG SET aof-use-rdb-preamble no");
        c.cmd_str("BGREWRITEAOF");
        wait_rewrite(&mut c);
        let base = std::fs::read_to_string(dir.join("appendonlydir/appendonly.aof.2.base.aof")).unwrap();
        assert!(base.starts_with("#TS:"), "{base:?}");
        c.cmd_str("SET c 3");
        drop(writer);
        let reader = if spinel_writes { Server::redis(&args) } else { Server::spinel(&args) };
        assert_eq!(render(&reader.conn().cmd_str("MGET a b c")), "[\"1\", \"2\", \"3\"]", "written by {}", if spinel_writes { "spinel" } else { "redis" });
        drop(reader);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// An AOF holding a command the server does not know is refused at startup, as Redis
/// refuses it ("Unknown command 'bla' reading the append only file"): skipping it would load
/// other data than was written. Both servers, the same file.
#[test]
fn an_aof_with_an_unknown_command_is_refused_as_redis() {
    for (name, binary) in [("redis", "redis-server"), ("spinel", env!("CARGO_BIN_EXE_spinel-server"))] {
        let dir = scratch_dir(&format!("aof-unknown-{name}"));
        std::fs::create_dir_all(dir.join("appendonlydir")).unwrap();
        std::fs::write(dir.join("appendonlydir/appendonly.aof.manifest"), "file appendonly.aof.1.incr.aof seq 1 type i\n").unwrap();
        std::fs::write(dir.join("appendonlydir/appendonly.aof.1.incr.aof"), "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*1\r\n$3\r\nbla\r\n").unwrap();
        let port = common::free_port().to_string();
        let (code, out) = run_binary_to_exit(binary, &["--port", &port, "--dir", dir.to_str().unwrap(), "--appendonly", "yes", "--save", ""]);
        assert_eq!(code, 1, "{name}: {out}");
        assert!(out.contains("Unknown command 'bla' reading the append only file appendonly.aof.1.incr.aof"), "{name}: {out}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A SIGTERM while a script runs: the shutdown waits for the script's end (Redis's cron does
/// not run meanwhile), so the final save never holds a half-run script; after SCRIPT KILL
/// the server saves and exits. Compared with redis-server.
#[test]
fn a_signal_shutdown_waits_for_a_busy_script_as_redis() {
    let mut transcripts = Vec::new();
    for spinel in [false, true] {
        let args = ["--save", "3600 1", "--busy-reply-threshold", "100"];
        let mut server = if spinel { Server::spinel(&args) } else { Server::redis(&args) };
        let mut script = server.conn();
        script.send_raw(&common::encode_command(&["EVAL", "while true do end", "0"]));
        std::thread::sleep(std::time::Duration::from_millis(300));
        signal(&server, "-TERM");
        std::thread::sleep(std::time::Duration::from_millis(300));
        let mut c = server.conn();
        let mut t = vec![render(&c.cmd_str("PING")), render(&c.cmd_str("SCRIPT KILL"))];
        t.push(format!("exited: {:?}", server.wait_exit(std::time::Duration::from_secs(5)).map(|s| s.success())));
        transcripts.push(t);
    }
    assert_eq!(transcripts[1], transcripts[0]);
    assert_eq!(transcripts[0][1..], ["+OK", "exited: Some(true)"]);
}

/// A shutdown that ends from cron (a signal) leaves nothing behind: with automatic AOF
/// rewrites due, no rewrite starts after the final steps (one did, and its child outlived
/// the server). Both servers.
#[test]
fn a_signal_shutdown_starts_no_child_after_its_last_steps() {
    for spinel in [false, true] {
        let args = ["--appendonly", "yes", "--auto-aof-rewrite-percentage", "1", "--auto-aof-rewrite-min-size", "1", "--enable-debug-command", "yes"];
        let mut server = if spinel { Server::spinel(&args) } else { Server::redis(&args) };
        let mut c = server.conn();
        c.cmd_str("CONFIG SET rdb-key-save-delay 100000");
        for i in 0..20 {
            c.cmd(&["SET", &format!("k{i}"), "v"]);
        }
        wait_until("a rewrite runs", || info_field(&mut c, "aof_rewrite_in_progress") == "1");
        c.cmd_str("SET grow it");
        signal(&server, "-TERM");
        assert!(server.wait_exit(std::time::Duration::from_secs(10)).is_some());
        std::thread::sleep(std::time::Duration::from_millis(200));
        let left = std::process::Command::new("pgrep").args(["-f", &format!("port {} ", server.port)]).output().unwrap();
        assert!(left.stdout.is_empty(), "{}: processes left: {}", if spinel { "spinel" } else { "redis" }, String::from_utf8_lossy(&left.stdout));
    }
}

/// `appendonly no` while the AOF waits for its first rewrite stops that rewrite and starts
/// no other. Compared with redis-server.
#[test]
fn appendonly_no_while_waiting_for_the_first_rewrite_as_redis() {
    let mut transcripts = Vec::new();
    for spinel in [false, true] {
        let args = ["--enable-debug-command", "yes"];
        let server = if spinel { Server::spinel(&args) } else { Server::redis(&args) };
        let mut c = server.conn();
        c.cmd_str("DEBUG POPULATE 10");
        c.cmd_str("CONFIG SET rdb-key-save-delay 900000");
        c.cmd_str("CONFIG SET appendonly yes");
        std::thread::sleep(std::time::Duration::from_millis(300));
        c.cmd_str("CONFIG SET appendonly no");
        std::thread::sleep(std::time::Duration::from_millis(500));
        transcripts.push(["aof_enabled", "aof_rewrite_in_progress", "aof_rewrite_scheduled", "aof_rewrites"].map(|f| info_field(&mut c, f)).join(" "));
    }
    assert_eq!(transcripts[1], transcripts[0]);
    assert_eq!(transcripts[0], "0 0 0 1");
}

/// `--check-aof --truncate-to-timestamp T` cuts an annotated AOF where redis-check-aof
/// cuts it (before the first `#TS:` later than T; nothing before it: refused), step by step
/// on the same file (Redis's aof.tcl case).
#[test]
fn check_aof_truncates_to_a_timestamp_as_redis_check_aof() {
    let mut content = String::new();
    for (ts, cmd) in [("1628217470", Some(("foo1", "bar1"))), ("1628217471", Some(("foo2", "bar2"))), ("1628217472", None), ("1628217473", Some(("foo3", "bar3"))), ("1628217474", None)] {
        content.push_str(&format!("#TS:{ts}\r\n"));
        if let Some((k, v)) = cmd {
            content.push_str(&String::from_utf8(common::encode_command(&["SET", k, v])).unwrap());
        }
    }
    let mut sizes = Vec::new();
    for tool in ["redis", "spinel"] {
        let dir = scratch_dir(&format!("ts-cut-{tool}"));
        std::fs::create_dir_all(dir.join("appendonlydir")).unwrap();
        let manifest = dir.join("appendonlydir/appendonly.aof.manifest");
        std::fs::write(&manifest, "file appendonly.aof.1.incr.aof seq 1 type i\n").unwrap();
        let incr = dir.join("appendonlydir/appendonly.aof.1.incr.aof");
        std::fs::write(&incr, &content).unwrap();
        let mut steps = Vec::new();
        for ts in ["1628217473", "1628217471", "1628217470", "1628217469"] {
            let args = ["--truncate-to-timestamp", ts, manifest.to_str().unwrap()];
            let (code, out) = if tool == "redis" {
                run_binary_to_exit("redis-check-aof", &args)
            } else {
                run_to_exit(&[&["--check-aof"][..], &args[..]].concat())
            };
            steps.push(format!("{ts}: exit {code} size {} aborting {}", std::fs::metadata(&incr).unwrap().len(), out.contains("aborting")));
        }
        sizes.push(steps);
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert_eq!(sizes[1], sizes[0]);
    assert!(sizes[0][3].ends_with("aborting true"), "{:?}", sizes[0]);
}
