//! Redis hashes, in Redis 7.0's two encodings (OBJECT ENCODING):
//!
//! - `listpack`: at most `hash-max-listpack-entries` fields, each field and value at most
//!   `hash-max-listpack-value` bytes. One byte buffer of `varint(len) bytes` strings,
//!   field then value, in insertion order (an update rewrites the value in place, a delete
//!   closes the gap), so HGETALL/HKEYS/HSCAN order is Redis's listpack order. Lookups scan
//!   the buffer, as Redis scans its listpack; small hashes cost a few bytes per field.
//! - `hashtable`: a slab [`Table`] of field/value pairs (shared with sets, see
//!   `types/set.rs`): O(1) lookups, and HSCAN cursors that are slot numbers, so a field present
//!   for a whole iteration is returned exactly once.
//!
//! The conversion rules are Redis's `hashTypeSet` / `hashTypeTryConversion`: a listpack
//! becomes a hashtable before storing a field or value longer than the value limit, and
//! after any store that leaves it with more fields than the entries limit (even an update,
//! when the limit was lowered meanwhile). A hashtable never converts back.

use super::set::{Keyed, Table};
use crate::bytes::ByteStr;
use alloc::boxed::Box;
use alloc::vec::Vec;

// ----- listpack-like buffer -------------------------------------------------------------------

/// Bytes of the LEB128 encoding of `n`.
#[inline]
fn varint_len(mut n: usize) -> usize {
    let mut k = 1;
    while n >= 0x80 {
        n >>= 7;
        k += 1;
    }
    k
}

/// Writes `n` as LEB128 into `out`; returns the bytes used.
#[inline]
fn put_varint(out: &mut [u8; 10], mut n: usize) -> usize {
    let mut k = 0;
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out[k] = b;
            return k + 1;
        }
        out[k] = b | 0x80;
        k += 1;
    }
}

/// Reads the string at `pos`: (data start, data end).
#[inline]
fn read_str(buf: &[u8], pos: usize) -> (usize, usize) {
    let b = buf[pos];
    if b < 0x80 {
        return (pos + 1, pos + 1 + b as usize);
    }
    let mut len = 0usize;
    let mut shift = 0;
    let mut p = pos;
    loop {
        let b = buf[p];
        len |= ((b & 0x7f) as usize) << shift;
        p += 1;
        if b < 0x80 {
            return (p, p + len);
        }
        shift += 7;
    }
}

fn push_str(buf: &mut Vec<u8>, s: &[u8]) {
    let mut hdr = [0u8; 10];
    let n = put_varint(&mut hdr, s.len());
    buf.extend_from_slice(&hdr[..n]);
    buf.extend_from_slice(s);
}

/// Field/value pairs packed in one buffer, in insertion order. The buffer is exactly as
/// long as its contents (no spare capacity, as Redis reallocates its listpack on every
/// change): small hashes are numerous, so bytes matter more than reallocations here.
#[derive(Clone, Debug, Default)]
struct Pack {
    buf: Box<[u8]>,
    pairs: u32,
}

/// Where a pair lives in a [`Pack`].
struct Found {
    start: usize,
    value: usize,
    end: usize,
}

impl Pack {
    fn find(&self, field: &[u8]) -> Option<Found> {
        let buf = &self.buf;
        let mut pos = 0;
        while pos < buf.len() {
            let (fs, fe) = read_str(buf, pos);
            let (_, ve) = read_str(buf, fe);
            if crate::bytes::eq(&buf[fs..fe], field) {
                return Some(Found {
                    start: pos,
                    value: fe,
                    end: ve,
                });
            }
            pos = ve;
        }
        None
    }

    fn get(&self, field: &[u8]) -> Option<&[u8]> {
        let f = self.find(field)?;
        let (vs, ve) = read_str(&self.buf, f.value);
        Some(&self.buf[vs..ve])
    }

    /// Edits the buffer as a Vec, then stores it back without spare capacity.
    fn edit(&mut self, f: impl FnOnce(&mut Vec<u8>)) {
        let mut v = core::mem::take(&mut self.buf).into_vec();
        f(&mut v);
        self.buf = v.into_boxed_slice();
    }

    /// Stores the pair; true when the field is new.
    fn set(&mut self, field: &[u8], value: &[u8]) -> bool {
        match self.find(field) {
            Some(f) => {
                let (vs, ve) = read_str(&self.buf, f.value);
                if ve - vs == value.len() {
                    self.buf[vs..ve].copy_from_slice(value);
                } else {
                    let mut hdr = [0u8; 10];
                    let n = put_varint(&mut hdr, value.len());
                    let new_len = self.buf.len() - (f.end - f.value) + n + value.len();
                    self.edit(|v| {
                        v.reserve_exact(new_len.saturating_sub(v.len()));
                        v.splice(
                            f.value..f.end,
                            hdr[..n].iter().copied().chain(value.iter().copied()),
                        );
                    });
                }
                false
            }
            None => {
                self.edit(|v| {
                    v.reserve_exact(
                        field.len()
                            + value.len()
                            + varint_len(field.len())
                            + varint_len(value.len()),
                    );
                    push_str(v, field);
                    push_str(v, value);
                });
                self.pairs += 1;
                true
            }
        }
    }

    fn remove(&mut self, field: &[u8]) -> bool {
        match self.find(field) {
            Some(f) => {
                self.edit(|v| {
                    v.drain(f.start..f.end);
                });
                self.pairs -= 1;
                true
            }
            None => false,
        }
    }

    fn iter(&self) -> PackIter<'_> {
        PackIter {
            buf: &self.buf,
            pos: 0,
        }
    }
}

struct PackIter<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for PackIter<'a> {
    type Item = (&'a [u8], &'a [u8]);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.buf.len() {
            return None;
        }
        let (fs, fe) = read_str(self.buf, self.pos);
        let (vs, ve) = read_str(self.buf, fe);
        self.pos = ve;
        Some((&self.buf[fs..fe], &self.buf[vs..ve]))
    }
}

// ----- Hash -----------------------------------------------------------------------------------

/// A field and its value in a hashtable-encoded hash.
#[derive(Clone, Debug)]
pub(crate) struct Pair {
    field: ByteStr,
    value: ByteStr,
}

impl Keyed for Pair {
    #[inline]
    fn key(&self) -> &[u8] {
        &self.field
    }
    #[inline]
    fn heap(&self) -> usize {
        self.field.heap_size() + self.value.heap_size()
    }
}

#[derive(Clone, Debug)]
enum Repr {
    Pack(Pack),
    Table(Box<Table<Pair>>),
}

/// The encoding limits (`hash-max-listpack-entries`, `hash-max-listpack-value`).
#[derive(Clone, Copy, Debug)]
pub struct HashLimits {
    pub max_entries: usize,
    pub max_value: usize,
}

/// A Redis hash value.
#[derive(Clone, Debug)]
pub struct Hash {
    repr: Repr,
}

impl Default for Hash {
    fn default() -> Self {
        Hash::new()
    }
}

impl Hash {
    /// An empty listpack-encoded hash.
    pub fn new() -> Hash {
        Hash {
            repr: Repr::Pack(Pack::default()),
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        match &self.repr {
            Repr::Pack(p) => p.pairs as usize,
            Repr::Table(t) => t.len(),
        }
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_listpack(&self) -> bool {
        matches!(self.repr, Repr::Pack(_))
    }

    pub fn encoding(&self) -> &'static str {
        match self.repr {
            Repr::Pack(_) => "listpack",
            Repr::Table(_) => "hashtable",
        }
    }

    pub fn heap_size(&self) -> usize {
        match &self.repr {
            Repr::Pack(p) => p.buf.len(),
            Repr::Table(t) => core::mem::size_of::<Table<Pair>>() + t.heap_size(),
        }
    }

    /// The value of `field` (HGET; SORT's `BY`/`GET key->field`).
    #[inline]
    pub fn get(&self, field: &[u8]) -> Option<&[u8]> {
        match &self.repr {
            Repr::Pack(p) => p.get(field),
            Repr::Table(t) => t.get(field).map(|p| &*p.value),
        }
    }

    #[inline]
    pub fn contains(&self, field: &[u8]) -> bool {
        self.get(field).is_some()
    }

    fn convert(&mut self, seed: u64) {
        if let Repr::Pack(p) = &self.repr {
            let mut t = Table::with_capacity(p.pairs as usize, seed);
            for (f, v) in p.iter() {
                t.insert_new(Pair {
                    field: ByteStr::new(f),
                    value: ByteStr::new(v),
                });
            }
            self.repr = Repr::Table(Box::new(t));
        }
    }

    /// Sets `field` to `value`; true when the field is new. Converts to a hashtable as
    /// Redis's `hashTypeSet` does (see the module docs); `seed` seeds the new table's hashing.
    pub fn set(&mut self, field: &[u8], value: &[u8], lim: HashLimits, seed: u64) -> bool {
        if let Repr::Pack(p) = &mut self.repr {
            if field.len() > lim.max_value || value.len() > lim.max_value {
                self.convert(seed);
            } else {
                let new = p.set(field, value);
                if p.pairs as usize > lim.max_entries {
                    self.convert(seed);
                }
                return new;
            }
        }
        let Repr::Table(t) = &mut self.repr else {
            unreachable!()
        };
        match t.find(field) {
            Some(slot) => {
                t.modify(slot, |p| p.value = ByteStr::new(value));
                false
            }
            None => {
                t.insert_new(Pair {
                    field: ByteStr::new(field),
                    value: ByteStr::new(value),
                });
                true
            }
        }
    }

    /// Removes `field`; true if it was there.
    pub fn remove(&mut self, field: &[u8]) -> bool {
        match &mut self.repr {
            Repr::Pack(p) => p.remove(field),
            Repr::Table(t) => t.remove(field).is_some(),
        }
    }

    /// Field/value pairs: insertion order for a listpack, slot order for a hashtable.
    pub fn iter(&self) -> HashIter<'_> {
        match &self.repr {
            Repr::Pack(p) => HashIter(IterInner::Pack(p.iter())),
            Repr::Table(t) => HashIter(IterInner::Table(t.iter())),
        }
    }

    /// Calls `f` with each field and value, in [`Hash::iter`] order.
    pub fn for_each(&self, mut f: impl FnMut(&[u8], &[u8])) {
        for (k, v) in self.iter() {
            f(k, v);
        }
    }

    /// A random pair; None when empty.
    pub fn random(&self, rng: &mut fastrand::Rng) -> Option<(&[u8], &[u8])> {
        match &self.repr {
            Repr::Pack(p) => {
                if p.pairs == 0 {
                    return None;
                }
                p.iter().nth(rng.usize(0..p.pairs as usize))
            }
            Repr::Table(t) => t.random(rng).map(|p| (&*p.field, &*p.value)),
        }
    }

    /// `n` distinct random pairs (`n` < len), in random order.
    pub fn sample_distinct(&self, n: usize, rng: &mut fastrand::Rng) -> Vec<(&[u8], &[u8])> {
        match &self.repr {
            Repr::Pack(p) => {
                let mut all: Vec<(&[u8], &[u8])> = p.iter().collect();
                let n = n.min(all.len());
                for i in 0..n {
                    let j = rng.usize(i..all.len());
                    all.swap(i, j);
                }
                all.truncate(n);
                all
            }
            Repr::Table(t) => t
                .sample_distinct(n, rng)
                .into_iter()
                .map(|p| (&*p.field, &*p.value))
                .collect(),
        }
    }

    /// One HSCAN step: a listpack is returned whole (cursor 0), as Redis does; a hashtable
    /// from slot `cursor` for about `count` fields.
    pub fn scan<'a>(
        &'a self,
        cursor: u64,
        count: usize,
        mut f: impl FnMut(&'a [u8], &'a [u8]),
    ) -> u64 {
        match &self.repr {
            Repr::Pack(p) => {
                for (k, v) in p.iter() {
                    f(k, v);
                }
                0
            }
            Repr::Table(t) => t.scan(cursor, count, |p| f(&p.field, &p.value)),
        }
    }
}

/// Iterator over a hash's field/value pairs (see [`Hash::iter`]).
pub struct HashIter<'a>(IterInner<'a>);

enum IterInner<'a> {
    Pack(PackIter<'a>),
    Table(core::iter::Flatten<core::slice::Iter<'a, Option<Pair>>>),
}

impl<'a> Iterator for HashIter<'a> {
    type Item = (&'a [u8], &'a [u8]);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            IterInner::Pack(it) => it.next(),
            IterInner::Table(it) => it.next().map(|p| (&*p.field, &*p.value)),
        }
    }
}
