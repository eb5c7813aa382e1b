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
}
