//! Keyspace notifications (`notify-keyspace-events`): writes announce themselves on
//! `__keyspace@<db>__:<key>` (the event as message) and `__keyevent@<db>__:<event>` (the key
//! as message), filtered by event class, with the event names Redis uses.

use crate::config::opt;
use crate::engine::Engine;
use alloc::string::String;
use alloc::vec::Vec;

/// Event classes, Redis's `NOTIFY_*` bits.
pub mod class {
    pub const KEYSPACE: i64 = 1 << 0; // K
    pub const KEYEVENT: i64 = 1 << 1; // E
    pub const GENERIC: i64 = 1 << 2; // g
    pub const STRING: i64 = 1 << 3; // $
    pub const LIST: i64 = 1 << 4; // l
    pub const SET: i64 = 1 << 5; // s
    pub const HASH: i64 = 1 << 6; // h
    pub const ZSET: i64 = 1 << 7; // z
    pub const EXPIRED: i64 = 1 << 8; // x
    pub const EVICTED: i64 = 1 << 9; // e
    pub const STREAM: i64 = 1 << 10; // t
    pub const KEY_MISS: i64 = 1 << 11; // m (not part of A)
    pub const MODULE: i64 = 1 << 13; // d
    pub const NEW: i64 = 1 << 14; // n (not part of A)
    pub const ALL: i64 = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;
}

/// Letters in the order Redis prints them inside the class part.
const LETTERS: &[(u8, i64)] = &[
    (b'g', class::GENERIC),
    (b'$', class::STRING),
    (b'l', class::LIST),
    (b's', class::SET),
    (b'h', class::HASH),
    (b'z', class::ZSET),
    (b'x', class::EXPIRED),
    (b'e', class::EVICTED),
    (b't', class::STREAM),
    (b'd', class::MODULE),
    (b'n', class::NEW),
];

/// Parses a `notify-keyspace-events` value.
pub fn parse_flags(s: &str) -> Result<i64, String> {
    let mut flags = 0;
    for b in s.bytes() {
        flags |= match b {
            b'A' => class::ALL,
            b'K' => class::KEYSPACE,
            b'E' => class::KEYEVENT,
            b'm' => class::KEY_MISS,
            _ => match LETTERS.iter().find(|(l, _)| *l == b) {
                Some((_, f)) => *f,
                None => return Err("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.".into()),
            },
        };
    }
    Ok(flags)
}

/// Prints flags as CONFIG GET shows them (`AKE`, `glE`...).
pub fn format_flags(flags: i64) -> String {
    let mut s = String::new();
    if flags & class::ALL == class::ALL {
        s.push('A');
    } else {
        for (l, f) in LETTERS {
            if flags & f != 0 {
                s.push(*l as char);
            }
        }
    }
    for (l, f) in [('K', class::KEYSPACE), ('E', class::KEYEVENT), ('m', class::KEY_MISS)] {
        if flags & f != 0 {
            s.push(l);
        }
    }
    s
}

impl Engine {
    /// Redis's `notifyKeyspaceEvent`: announces `event` on `key` if its class is enabled.
    #[inline]
    pub(crate) fn notify(&mut self, class: i64, event: &str, db: usize, key: &[u8]) {
        let flags = self.config.int(opt::NOTIFY_KEYSPACE_EVENTS);
        if flags & class == 0 {
            return;
        }
        self.publish_event(flags, event, db, key);
    }

    fn publish_event(&mut self, flags: i64, event: &str, db: usize, key: &[u8]) {
        let mut itoa = itoa::Buffer::new();
        let db = itoa.format(db);
        let mut channel = Vec::with_capacity(20 + key.len().max(event.len()));
        if flags & class::KEYSPACE != 0 {
            channel.extend_from_slice(b"__keyspace@");
            channel.extend_from_slice(db.as_bytes());
            channel.extend_from_slice(b"__:");
            channel.extend_from_slice(key);
            self.publish(&channel, event.as_bytes());
        }
        if flags & class::KEYEVENT != 0 {
            channel.clear();
            channel.extend_from_slice(b"__keyevent@");
            channel.extend_from_slice(db.as_bytes());
            channel.extend_from_slice(b"__:");
            channel.extend_from_slice(event.as_bytes());
            self.publish(&channel, key);
        }
    }

    /// A write changed `key`: wakes WATCH, invalidates client-side caches and announces `event`.
    /// Redis pairs `signalModifiedKey` and `notifyKeyspaceEvent` at the same places.
    #[inline]
    pub(crate) fn modified(&mut self, class: i64, event: &str, db: usize, key: &[u8]) {
        self.key_modified(db, key);
        self.notify(class, event, db, key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_round_trip_as_redis_prints_them() {
        for (input, shown) in [("KEAn", "AKE"), ("KEA", "AKE"), ("Elg", "glE"), ("Kx", "xK"), ("", ""), ("Ag", "A"), ("Em$", "$Em")] {
            assert_eq!(format_flags(parse_flags(input).unwrap()), shown, "{input}");
        }
        assert!(parse_flags("xyz").is_err());
    }

    use crate::client::{ClientId, ConnInfo};
    use crate::engine::testing::{engine, run};
    use alloc::string::ToString;

    /// Reads one `$len\r\n<bytes>\r\n` bulk string at `*i`.
    fn bulk(b: &[u8], i: &mut usize) -> String {
        let nl = *i + b[*i..].iter().position(|&c| c == b'\n').unwrap();
        let len: usize = core::str::from_utf8(&b[*i + 1..nl - 1]).unwrap().parse().unwrap();
        let s = String::from_utf8(b[nl + 1..nl + 1 + len].to_vec()).unwrap();
        *i = nl + 1 + len + 2;
        s
    }

    /// The keyevent messages `sub` received since the last call, as `event key`.
    fn received(e: &mut Engine, sub: ClientId) -> Vec<String> {
        let mut out = Vec::new();
        e.take_pending(sub, &mut out);
        let mut events = Vec::new();
        let mut i = 0;
        while i < out.len() {
            assert!(out[i..].starts_with(b"*4\r\n"), "{}", String::from_utf8_lossy(&out[i..]));
            i += 4;
            let (_kind, _pattern, channel, key) = (bulk(&out, &mut i), bulk(&out, &mut i), bulk(&out, &mut i), bulk(&out, &mut i));
            let event = channel.split_once("__:").unwrap().1.to_string();
            events.push(alloc::format!("{event} {key}"));
        }
        events
    }

    /// What each data type's writes announce, as redis-server 7.0.15 announced them: `new`
    /// for a created key before the command's own event, `del` after it when the write
    /// emptied the key, nothing for writes that change nothing.
    #[test]
    fn data_type_writes_announce_redis_events() {
        let (mut e, c) = engine();
        let sub = e.connect(ConnInfo::default(), 0);
        run(&mut e, c, "CONFIG SET notify-keyspace-events EAn");
        run(&mut e, sub, "PSUBSCRIBE __keyevent@0__:*");
        for (cmd, want) in [
            ("RPUSH l a b", &["new l", "rpush l"][..]),
            ("LMOVE l m LEFT RIGHT", &["new m", "rpush m", "lpop l"]),
            ("RPOP l 5", &["rpop l", "del l"]),
            ("LPOP l", &[]),
            ("LREM m 0 x", &[]),
            ("LTRIM m 0 -1", &["ltrim m"]),
            ("HSET h f 1", &["new h", "hset h"]),
            ("HDEL h nosuch", &[]),
            ("HINCRBYFLOAT h f 1.5", &["hincrbyfloat h"]),
            ("HDEL h f", &["hdel h", "del h"]),
            ("SADD s 1 2", &["new s", "sadd s"]),
            ("SADD s 1", &[]),
            ("SMOVE s t 1", &["srem s", "new t", "sadd t"]),
            ("SINTERSTORE t s nosuch", &["del t"]),
            ("SUNIONSTORE u s", &["new u", "sunionstore u"]),
            ("ZADD z XX 1 a", &[]),
            ("ZADD z 1 a 2 b", &["new z", "zadd z"]),
            ("ZINCRBY z 1 a", &["zincr z"]),
            ("ZREMRANGEBYSCORE z 5 6", &[]),
            ("ZREMRANGEBYRANK z 0 0", &["zremrangebyrank z"]),
            ("ZPOPMAX z", &["zpopmax z", "del z"]),
            ("SETBIT b 3 1", &["new b", "setbit b"]),
            ("SETBIT b 3 1", &[]),
            ("BITOP NOT nb b", &["new nb", "set nb"]),
            ("PFADD p a", &["new p", "pfadd p"]),
            ("PFADD p a", &[]),
            ("XADD x MAXLEN 0 1-1 f v", &["new x", "xadd x", "xtrim x"]),
            ("XDEL x 1-1", &[]),
            ("XGROUP CREATE x g 0", &["xgroup-create x"]),
            ("XGROUP CREATECONSUMER x g c", &["xgroup-createconsumer x"]),
            ("XGROUP DELCONSUMER x g c", &["xgroup-delconsumer x"]),
            ("XSETID x 5-0", &["xsetid x"]),
        ] {
            run(&mut e, c, cmd);
            assert_eq!(received(&mut e, sub), want, "{cmd}");
        }
    }

    /// A WATCHed key is touched exactly when Redis calls signalModifiedKey: by writes that
    /// change it, not by no-op writes nor by stream-group bookkeeping.
    #[test]
    fn watch_sees_changes_not_no_op_writes() {
        let (mut e, c) = engine();
        let other = e.connect(ConnInfo::default(), 0);
        for (setup, write, touched) in [
            ("RPUSH k a", "LPOP k 0", false),
            ("RPUSH k a", "LINSERT k BEFORE x y", false),
            ("RPUSH k a", "LTRIM k 0 -1", true),
            ("HSET k a 1", "HSETNX k a 2", false),
            ("SADD k a", "SMOVE k k a", false),
            ("SADD k a", "SPOP k", true),
            ("ZADD k 1 a", "ZADD k NX 2 a", false),
            ("ZADD k 1 a", "ZPOPMIN k", true),
            ("SET k a", "BITFIELD k SET u8 0 97", false),
            ("PFADD k a", "PFCOUNT k", true),
            ("XADD k 1-1 f v", "XSETID k 5-0", false),
            ("XADD k 1-1 f v", "XGROUP CREATE k g 0", false),
            ("XADD k 1-1 f v", "XTRIM k MAXLEN 0", true),
        ] {
            run(&mut e, c, "DEL k");
            run(&mut e, c, setup);
            run(&mut e, c, "WATCH k");
            run(&mut e, other, write);
            run(&mut e, c, "MULTI");
            let reply = run(&mut e, c, "EXEC");
            let want: &[u8] = if touched { b"*-1\r\n" } else { b"*0\r\n" };
            assert_eq!(reply, want, "{setup} / {write}");
        }
    }
}
