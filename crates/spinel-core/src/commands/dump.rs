//! DUMP and RESTORE: values in Redis's serialization (RDB value encoding, 2-byte RDB
//! version, CRC-64 footer), so they move between Spinel and Redis both ways.

use super::keys::opt_eq;
use super::{acl, flags, CommandSpec, Ctx, SYNTAX};
use crate::engine::Engine;
use crate::keyspace::NO_EXPIRE;
use crate::rdb::{self, decode, encode::Encoder};
use alloc::vec::Vec;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new("dump", 2, flags::READONLY, acl::KEYSPACE | acl::READ | acl::SLOW, dump).keys(1, 1, 1),
    CommandSpec::new("restore", -4, flags::WRITE | flags::DENYOOM, acl::KEYSPACE | acl::WRITE | acl::SLOW | acl::DANGEROUS, restore).keys(1, 1, 1),
];

/// An encoder configured as the engine's options say (`rdbcompression`, list node size).
pub fn encoder(e: &Engine) -> Encoder {
    use crate::config::opt;
    Encoder::new(e.config.bool(opt::RDBCOMPRESSION), e.config.int(opt::LIST_MAX_LISTPACK_SIZE))
}

/// `createDumpPayload`: type byte and value, RDB version (LE), CRC-64 of all that (LE).
pub fn dump_payload(e: &Engine, value: &crate::value::Value) -> Vec<u8> {
    let mut enc = encoder(e);
    enc.typed_value(value);
    let mut out = enc.out;
    out.extend_from_slice(&rdb::RDB_VERSION.to_le_bytes());
    let crc = rdb::crc64(0, &out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// `verifyDumpPayload`: the value bytes, if the footer's version and checksum are good.
pub fn verify_payload(p: &[u8]) -> Option<&[u8]> {
    verify_payload_with(p, false)
}

/// As [`verify_payload`]; `skip_crc` is DEBUG SET-SKIP-CHECKSUM-VALIDATION's switch.
pub fn verify_payload_with(p: &[u8], skip_crc: bool) -> Option<&[u8]> {
    if p.len() < 10 {
        return None;
    }
    let (body, crc) = p.split_at(p.len() - 8);
    let ver = u16::from_le_bytes([body[body.len() - 2], body[body.len() - 1]]);
    if ver > rdb::RDB_VERSION_MAX_READ {
        return None;
    }
    let mut c = [0u8; 8];
    c.copy_from_slice(crc);
    (skip_crc || rdb::crc64(0, body) == u64::from_le_bytes(c)).then_some(&body[..body.len() - 2])
}

fn dump(e: &mut Engine, ctx: &mut Ctx) {
    let db = ctx.db(e);
    if e.lookup_read(db, ctx.argv[1]).is_none() {
        ctx.out.null();
        return;
    }
    let Some(entry) = e.dbs[db].get(ctx.argv[1]) else { return };
    let payload = dump_payload(e, &entry.value);
    ctx.out.bulk(&payload);
}

fn restore(e: &mut Engine, ctx: &mut Ctx) {
    let argc = ctx.argv.len();
    let (mut replace, mut absttl) = (false, false);
    let (mut idle, mut freq): (i64, i64) = (-1, -1);
    let mut j = 4;
    while j < argc {
        let additional = argc - j - 1;
        let a = ctx.argv[j];
        if opt_eq(a, "replace") {
            replace = true;
        } else if opt_eq(a, "absttl") {
            absttl = true;
        } else if opt_eq(a, "idletime") && additional >= 1 && freq == -1 {
            let Some(n) = super::arg_i64(&mut ctx.out, ctx.argv[j + 1]) else { return };
            if n < 0 {
                ctx.out.error("ERR Invalid IDLETIME value, must be >= 0");
                return;
            }
            idle = n;
            j += 1;
        } else if opt_eq(a, "freq") && additional >= 1 && idle == -1 {
            let Some(n) = super::arg_i64(&mut ctx.out, ctx.argv[j + 1]) else { return };
            if !(0..=255).contains(&n) {
                ctx.out.error("ERR Invalid FREQ value, must be >= 0 and <= 255");
                return;
            }
            freq = n;
            j += 1;
        } else {
            ctx.out.error(SYNTAX);
            return;
        }
        j += 1;
    }
    let db = ctx.db(e);
    let key = ctx.argv[1];
    if !replace && e.lookup_write(db, key).is_some() {
        ctx.out.error("BUSYKEY Target key name already exists.");
        return;
    }
    let Some(mut ttl) = super::arg_i64(&mut ctx.out, ctx.argv[2]) else { return };
    if ttl < 0 {
        ctx.out.error("ERR Invalid TTL value, must be >= 0");
        return;
    }
    let Some(body) = verify_payload_with(ctx.argv[3], e.skip_checksum_validation) else {
        ctx.out.error("ERR DUMP payload version or checksum are wrong");
        return;
    };
    let lim = decode::Limits::from_config(&e.config, e.rng.u64(..));
    let mut r = decode::Reader::new(body);
    let value = r.byte().and_then(|t| decode::value(&mut r, t, lim));
    let value = match value {
        Ok(v) if r.at_end() => v,
        _ => {
            ctx.out.error("ERR Bad data format");
            return;
        }
    };
    let deleted = replace && e.lookup_write(db, key).is_some_and(|slot| {
        e.dbs[db].remove_slot(slot);
        true
    });
    if ttl > 0 && !absttl {
        // Wrapping as Redis's `ttl += mstime()`: a relative TTL past LLONG_MAX is in the past.
        ttl = ttl.wrapping_add(e.now_ms() as i64);
    }
    if ttl != 0 && ttl <= e.now_ms() as i64 && !e.loading {
        // Already expired: the key is (or stays) gone.
        if deleted {
            e.propagate(db, &[b"DEL", key]);
            ctx.propagated = true;
            e.dirty += 1;
        }
        ctx.out.ok();
        return;
    }
    // IDLETIME counts under an LRU policy, FREQ under an LFU one (objectSetLRUOrLFU).
    let lru = e.loaded_lru((idle >= 0).then_some(idle as u64), (freq >= 0).then_some(freq as u8));
    let slot = e.dbs[db].insert_new(key, value, lru);
    if ttl > 0 {
        e.dbs[db].set_expire(slot, ttl as u64);
    }
    debug_assert!(ttl == 0 || e.dbs[db].expire(slot) != NO_EXPIRE);
    e.signal_ready(db, key);
    e.dirty += 1;
    if ttl > 0 && !absttl {
        // Propagated with the absolute time, as Redis does, so replay does not extend it.
        let mut b = itoa::Buffer::new();
        let at = b.format(ttl).as_bytes();
        let mut args: Vec<&[u8]> = ctx.argv.to_vec();
        args[2] = at;
        args.push(b"ABSTTL");
        e.propagate(db, &args);
        ctx.propagated = true;
    }
    ctx.out.ok();
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::*;

    fn dump(e: &mut crate::Engine, c: crate::ClientId, key: &str) -> Vec<u8> {
        let out = run(e, c, &alloc::format!("DUMP {key}"));
        // $<len>\r\n<payload>\r\n
        let nl = out.iter().position(|&b| b == b'\n').unwrap();
        out[nl + 1..out.len() - 2].to_vec()
    }

    #[test]
    fn payloads_match_redis_byte_for_byte() {
        let (mut e, c) = engine();
        // Captured from Redis 7.0.15.
        run(&mut e, c, "SET s abc");
        assert_eq!(dump(&mut e, c, "s"), b"\x00\x03abc\n\x00\xd9\xac0=Ar\xa2\xe2");
        run(&mut e, c, "SET n 123456");
        assert_eq!(dump(&mut e, c, "n"), b"\x00\xc2@\xe2\x01\x00\n\x00C&G\xf4C\x19r\x83");
        run(&mut e, c, "HSET h a 1 bb 300");
        assert_eq!(dump(&mut e, c, "h"), b"\x10\x13\x13\x00\x00\x00\x04\x00\x81a\x02\x01\x01\x82bb\x03\xc1,\x02\xff\n\x00\x81J|\x9c\xdb,\x94J");
        run(&mut e, c, "ZADD z 1.5 a 3 b -0 c inf d");
        assert_eq!(dump(&mut e, c, "z"), b"\x11!!\x00\x00\x00\x08\x00\x81c\x02\x00\x01\x81a\x02\x831.5\x04\x81b\x02\x03\x01\x81d\x02\x83inf\x04\xff\n\x00w\x1a\xc1]#\xff\x9d~");
        assert_eq!(run(&mut e, c, "DUMP nosuch"), b"$-1\r\n");
    }

    #[test]
    fn restore_options_and_errors() {
        let (mut e, c) = engine();
        run(&mut e, c, "SET s abc");
        let p = dump(&mut e, c, "s");
        let restore = |e: &mut crate::Engine, args: &[&[u8]]| {
            let mut v: Vec<&[u8]> = alloc::vec![b"RESTORE"];
            v.extend_from_slice(args);
            run_args(e, c, &v)
        };
        assert_eq!(restore(&mut e, &[b"s", b"0", &p]), b"-BUSYKEY Target key name already exists.\r\n");
        assert_eq!(restore(&mut e, &[b"t", b"-1", &p]), b"-ERR Invalid TTL value, must be >= 0\r\n");
        assert_eq!(restore(&mut e, &[b"t", b"x", &p]), b"-ERR value is not an integer or out of range\r\n");
        assert_eq!(restore(&mut e, &[b"t", b"0", b"garbage-payload"]), b"-ERR DUMP payload version or checksum are wrong\r\n");
        assert_eq!(restore(&mut e, &[b"t", b"0", &p, b"IDLETIME", b"-1"]), b"-ERR Invalid IDLETIME value, must be >= 0\r\n");
        assert_eq!(restore(&mut e, &[b"t", b"0", &p, b"FREQ", b"256"]), b"-ERR Invalid FREQ value, must be >= 0 and <= 255\r\n");
        assert_eq!(restore(&mut e, &[b"t", b"0", &p, b"FREQ", b"1", b"IDLETIME", b"1"]), b"-ERR syntax error\r\n");
        assert_eq!(restore(&mut e, &[b"t", b"0", &p, b"bogus"]), b"-ERR syntax error\r\n");
        // A payload with a valid footer around garbage.
        let mut bad = alloc::vec![0u8, 0x85];
        bad.extend_from_slice(&crate::rdb::RDB_VERSION.to_le_bytes());
        let crc = crate::rdb::crc64(0, &bad);
        bad.extend_from_slice(&crc.to_le_bytes());
        assert_eq!(restore(&mut e, &[b"t", b"0", &bad]), b"-ERR Bad data format\r\n");
        assert_eq!(restore(&mut e, &[b"t", b"0", &p, b"IDLETIME", b"100"]), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "OBJECT IDLETIME t"), b":100\r\n");
        assert_eq!(restore(&mut e, &[b"s", b"5000", &p, b"REPLACE"]), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "PTTL s"), b":5000\r\n");
        // An absolute time in the past: OK, and the key is gone.
        assert_eq!(restore(&mut e, &[b"s", b"1", &p, b"REPLACE", b"ABSTTL"]), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "EXISTS s"), b":0\r\n");
        // Under an LFU policy FREQ sets the counter; without it a key starts at 5.
        run(&mut e, c, "CONFIG SET maxmemory-policy allkeys-lfu");
        assert_eq!(restore(&mut e, &[b"f", b"0", &p, b"FREQ", b"100"]), b"+OK\r\n");
        assert_eq!(restore(&mut e, &[b"g", b"0", &p]), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "OBJECT FREQ f"), b":100\r\n");
        assert_eq!(run(&mut e, c, "OBJECT FREQ g"), b":5\r\n");
    }

    #[test]
    fn restore_propagates_an_absolute_ttl() {
        let (mut e, c) = engine();
        run(&mut e, c, "SET s abc");
        let p = dump(&mut e, c, "s");
        e.set_change_stream(true);
        run_args(&mut e, c, &[b"RESTORE", b"t", b"1000", &p]);
        let mut out = Vec::new();
        e.take_changes(&mut out);
        let at = alloc::format!("{}", T0 / 1000 + 1000);
        let mut expect = b"*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n".to_vec();
        crate::engine::encode_command(&mut expect, &[b"RESTORE", b"t", at.as_bytes(), &p, b"ABSTTL"]);
        assert_eq!(out, expect);
    }

    use alloc::vec::Vec;

    #[test]
    fn every_type_round_trips_through_dump_and_restore() {
        let (mut e, c) = engine();
        let big: alloc::string::String = (0..300).map(|i| alloc::format!(" f{i} v{i}")).collect();
        for cmd in [
            "SET str hello".into(),
            "SET int -77".into(),
            alloc::format!("SET long {}", "abc".repeat(100)),
            "RPUSH list a b 1 2 -3".into(),
            alloc::format!("RPUSH biglist{}", big),
            "SADD iset 1 2 3 -100000".into(),
            "SADD set a b c".into(),
            "HSET hash a 1 b 2".into(),
            alloc::format!("HSET bighash{}", big),
            "ZADD zset 1 a 2.5 b -inf c".into(),
            "XADD st 1-1 a 1 b 2".into(),
            "XADD st 1-2 a 3 b 4".into(),
            "XADD st 2-0 other x".into(),
            "XDEL st 1-2".into(),
            "XGROUP CREATE st g 0".into(),
            "XREADGROUP GROUP g alice COUNT 1 STREAMS st >".into(),
        ] {
            run(&mut e, c, &cmd);
        }
        for i in 0..200 {
            run(&mut e, c, &alloc::format!("ZADD bigz {i}.5 m{i}"));
            run(&mut e, c, &alloc::format!("SADD bigset x{i}"));
        }
        for key in ["str", "int", "long", "list", "biglist", "iset", "set", "hash", "bighash", "zset", "bigz", "bigset", "st"] {
            let p = dump(&mut e, c, key);
            let copy = alloc::format!("{key}-copy");
            assert_eq!(run_args(&mut e, c, &[b"RESTORE", copy.as_bytes(), b"0", &p]), b"+OK\r\n", "{key}");
            assert_eq!(dump(&mut e, c, &copy), p, "{key}: the copy dumps the same");
            let enc = |e: &mut crate::Engine, k: &str| run(e, c, &alloc::format!("OBJECT ENCODING {k}"));
            assert_eq!(enc(&mut e, &copy), enc(&mut e, key), "{key}");
        }
        assert_eq!(run(&mut e, c, "XPENDING st-copy g"), run(&mut e, c, "XPENDING st g"));
        assert_eq!(run(&mut e, c, "XINFO STREAM st-copy"), run(&mut e, c, "XINFO STREAM st"));
    }
}
