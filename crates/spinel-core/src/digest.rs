//! DEBUG DIGEST and DIGEST-VALUE: a SHA-1 fingerprint of the dataset or of single values,
//! computed as Redis's debug.c defines it, so two servers holding the same data (Spinel or
//! Redis, whatever the encodings) give the same digest. Unordered collections xor their
//! members' digests; ordered ones (lists, streams) feed each element into the running digest.

use crate::keyspace::{Entry, NO_EXPIRE};
use crate::num::format_double;
use crate::types::stream::StreamId;
use crate::value::Value;
use crate::engine::Engine;

pub type Digest = [u8; 20];

fn sha1(data: &[u8]) -> Digest {
    sha1_smol::Sha1::from(data).digest().bytes()
}

/// digest ^= SHA1(data): order does not matter.
fn xor(digest: &mut Digest, data: &[u8]) {
    for (d, h) in digest.iter_mut().zip(sha1(data)) {
        *d ^= h;
    }
}

/// digest = SHA1(digest ^ SHA1(data)): order matters.
fn mix(digest: &mut Digest, data: &[u8]) {
    xor(digest, data);
    *digest = sha1(digest);
}

/// A member with its score or value: its own digest, xored into the whole.
fn xor_pair(digest: &mut Digest, a: &[u8], b: &[u8]) {
    let mut pair = [0u8; 20];
    mix(&mut pair, a);
    mix(&mut pair, b);
    xor(digest, &pair);
}

/// Mixes the value of `entry` (and whether it has a TTL) into `digest`.
pub fn value_digest(digest: &mut Digest, entry: &Entry, expire: u64) {
    // Redis's object type numbers.
    let kind: u32 = match &entry.value {
        Value::Str(_) => 0,
        Value::List(_) => 1,
        Value::Set(_) => 2,
        Value::ZSet(_) => 3,
        Value::Hash(_) => 4,
        Value::Stream(_) => 6,
    };
    mix(digest, &kind.to_be_bytes());
    match &entry.value {
        Value::Str(s) => s.with_bytes(|v| mix(digest, v)),
        Value::List(l) => l.for_each(|v| mix(digest, v)),
        Value::Set(s) => s.for_each(|m| xor(digest, m)),
        Value::ZSet(z) => z.for_each(|m, score| xor_pair(digest, m, format_double(score).as_bytes())),
        Value::Hash(h) => h.for_each(|f, v| xor_pair(digest, f, v)),
        Value::Stream(s) => s.range(StreamId::MIN, StreamId::MAX, false, |item| {
            mix(digest, alloc::format!("{}.{}", item.id.ms, item.id.seq).as_bytes());
            for (f, v) in item.pairs() {
                mix(digest, f);
                mix(digest, v);
            }
            true
        }),
    }
    if expire != NO_EXPIRE {
        xor(digest, b"!!expire!!");
    }
}

/// The digest of every key of every database (all zeros when the server is empty).
pub fn dataset_digest(e: &Engine) -> Digest {
    let mut all = [0u8; 20];
    for (i, db) in e.dbs.iter().enumerate() {
        if db.is_empty() {
            continue;
        }
        mix(&mut all, &(i as u32).to_be_bytes());
        for entry in db.iter() {
            let mut one = [0u8; 20];
            mix(&mut one, entry.key.as_bytes());
            value_digest(&mut one, entry, db.expire_of(entry));
            xor(&mut all, &one);
        }
    }
    all
}

/// Lower-case hex, as DEBUG DIGEST prints it.
pub fn hex(d: &Digest) -> alloc::string::String {
    use core::fmt::Write;
    let mut s = alloc::string::String::with_capacity(40);
    for b in d {
        let _ = write!(s, "{b:02x}");
    }
    s
}
