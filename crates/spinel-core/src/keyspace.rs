//! One database: keys, values and expiry times.
//!
//! Entries live in a slab (`slots`) and are found through a SwissTable index of slot
//! numbers. An entry never moves while it exists, which gives SCAN Redis's guarantee for
//! free: the cursor is a slot number, so a key present for a whole iteration is returned
//! (exactly once), however the table grows or shrinks meanwhile. Freed slots are reused;
//! trailing free slots are dropped so a shrinking database gives memory back.
//! Keys with a TTL are listed in `volatile`, which also holds the expiry time: most keys have
//! none, so the entry itself carries only a position (4 bytes instead of 12 in every entry),
//! and active expiry samples `volatile` at random.

use crate::bytes::ByteStr;
use crate::value::Value;
use alloc::vec::Vec;
use core::hash::BuildHasher;
use foldhash::fast::FixedState;
use hashbrown::HashTable;

/// No expiry.
pub const NO_EXPIRE: u64 = 0;

/// `Entry::vol_pos` of a key without expiry.
const NOT_VOLATILE: u32 = u32::MAX;

#[derive(Debug)]
pub struct Entry {
    pub key: ByteStr,
    pub value: Value,
    /// Last access, in seconds (OBJECT IDLETIME, LRU eviction).
    pub lru: u32,
    /// Position in `Db::volatile` when the key has an expiry, else NOT_VOLATILE.
    vol_pos: u32,
}

/// A key with an expiry: its slot and the absolute time in unix ms, as three u32 so the
/// element is 12 bytes rather than a padded 16.
#[derive(Debug, Clone, Copy)]
struct Volatile {
    slot: u32,
    at: [u32; 2],
}

impl Volatile {
    fn new(slot: u32, at: u64) -> Self {
        Volatile { slot, at: [at as u32, (at >> 32) as u32] }
    }

    #[inline]
    fn at(&self) -> u64 {
        self.at[0] as u64 | (self.at[1] as u64) << 32
    }
}

impl Entry {
    /// Bytes this key and its value use (MEMORY USAGE): the entry, its index slot, the key
    /// and the value's heap.
    pub fn memory_usage(&self) -> usize {
        core::mem::size_of::<Option<Entry>>() + 5 + self.key.heap_size() + self.value.heap_size()
    }
}

pub struct Db {
    index: HashTable<u32>,
    slots: Vec<Option<Entry>>,
    free: Vec<u32>,
    volatile: Vec<Volatile>,
    len: usize,
    hasher: FixedState,
}

impl Db {
    pub fn new(seed: u64) -> Self {
        Db { index: HashTable::new(), slots: Vec::new(), free: Vec::new(), volatile: Vec::new(), len: 0, hasher: FixedState::with_seed(seed) }
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Number of keys with an expiry.
    pub fn expires_len(&self) -> usize {
        self.volatile.len()
    }

    #[inline]
    fn hash(&self, key: &[u8]) -> u64 {
        self.hasher.hash_one(key)
    }

    /// The slot of `key`, if present (expired or not).
    #[inline]
    pub fn find(&self, key: &[u8]) -> Option<u32> {
        let h = self.hash(key);
        let slots = &self.slots;
        self.index
            .find(h, |&i| slots[i as usize].as_ref().is_some_and(|e| crate::bytes::eq(e.key.as_bytes(), key)))
            .copied()
    }

    /// The absolute expiry (unix ms) of the key in `slot`, or NO_EXPIRE.
    #[inline]
    pub fn expire(&self, slot: u32) -> u64 {
        self.expire_of(self.entry(slot))
    }

    /// The absolute expiry (unix ms) of an entry of this database, or NO_EXPIRE.
    #[inline]
    pub fn expire_of(&self, entry: &Entry) -> u64 {
        if entry.vol_pos == NOT_VOLATILE {
            NO_EXPIRE
        } else {
            self.volatile[entry.vol_pos as usize].at()
        }
    }

    #[inline]
    pub fn entry(&self, slot: u32) -> &Entry {
        self.slots[slot as usize].as_ref().expect("live slot")
    }

    #[inline]
    pub fn entry_mut(&mut self, slot: u32) -> &mut Entry {
        self.slots[slot as usize].as_mut().expect("live slot")
    }

    pub fn get(&self, key: &[u8]) -> Option<&Entry> {
        self.find(key).map(|s| self.entry(s))
    }

    /// Adds a key known to be absent; returns its slot.
    pub fn insert_new(&mut self, key: &[u8], value: Value, lru: u32) -> u32 {
        let entry = Entry { key: ByteStr::new(key), value, lru, vol_pos: NOT_VOLATILE };
        let slot = loop {
            match self.free.pop() {
                Some(i) if (i as usize) < self.slots.len() && self.slots[i as usize].is_none() => {
                    self.slots[i as usize] = Some(entry);
                    break i;
                }
                Some(_) => continue,
                None => {
                    self.slots.push(Some(entry));
                    break (self.slots.len() - 1) as u32;
                }
            }
        };
        let h = self.hash(key);
        let (slots, hasher) = (&self.slots, &self.hasher);
        self.index.insert_unique(h, slot, |&i| hasher.hash_one(slots[i as usize].as_ref().map_or(&[][..], |e| e.key.as_bytes())));
        self.len += 1;
        slot
    }

    /// Sets `key` to `value`, keeping any expiry; returns the slot and whether it existed.
    pub fn upsert(&mut self, key: &[u8], value: Value, lru: u32) -> (u32, bool) {
        match self.find(key) {
            Some(s) => {
                let e = self.entry_mut(s);
                e.value = value;
                e.lru = lru;
                (s, true)
            }
            None => (self.insert_new(key, value, lru), false),
        }
    }

    /// Removes the key in `slot` and returns its entry.
    pub fn remove_slot(&mut self, slot: u32) -> Entry {
        self.clear_expire(slot);
        let h = self.hash(self.entry(slot).key.as_bytes());
        if let Ok(found) = self.index.find_entry(h, |&i| i == slot) {
            found.remove();
        }
        let entry = self.slots[slot as usize].take().expect("live slot");
        self.len -= 1;
        if slot as usize + 1 == self.slots.len() {
            // Drop trailing holes; stale numbers left in `free` are skipped on reuse.
            while matches!(self.slots.last(), Some(None)) {
                self.slots.pop();
            }
        } else {
            self.free.push(slot);
        }
        if self.len == 0 {
            self.slots.clear();
            self.free.clear();
        }
        entry
    }

    pub fn remove(&mut self, key: &[u8]) -> Option<Entry> {
        self.find(key).map(|s| self.remove_slot(s))
    }

    /// Sets an absolute expiry (unix ms) on the key in `slot`.
    pub fn set_expire(&mut self, slot: u32, at: u64) {
        debug_assert!(at != NO_EXPIRE);
        let pos = self.entry(slot).vol_pos;
        if pos == NOT_VOLATILE {
            let pos = self.volatile.len() as u32;
            self.volatile.push(Volatile::new(slot, at));
            self.entry_mut(slot).vol_pos = pos;
        } else {
            self.volatile[pos as usize] = Volatile::new(slot, at);
        }
    }

    /// Removes the expiry of the key in `slot`; true if it had one.
    pub fn clear_expire(&mut self, slot: u32) -> bool {
        let pos = self.entry(slot).vol_pos;
        if pos == NOT_VOLATILE {
            return false;
        }
        self.volatile.swap_remove(pos as usize);
        if let Some(moved) = self.volatile.get(pos as usize) {
            let moved = moved.slot;
            self.entry_mut(moved).vol_pos = pos;
        }
        self.entry_mut(slot).vol_pos = NOT_VOLATILE;
        true
    }

    /// A random live slot, or None when empty.
    pub fn random_slot(&self, rng: &mut fastrand::Rng) -> Option<u32> {
        if self.len == 0 {
            return None;
        }
        let n = self.slots.len();
        for _ in 0..64 {
            let i = rng.usize(0..n);
            if self.slots[i].is_some() {
                return Some(i as u32);
            }
        }
        // Very sparse slab: walk from a random point to the next live slot.
        let start = rng.usize(0..n);
        (0..n).map(|k| (start + k) % n).find(|&i| self.slots[i].is_some()).map(|i| i as u32)
    }

    /// A random slot among keys with an expiry.
    pub fn random_volatile(&self, rng: &mut fastrand::Rng) -> Option<u32> {
        if self.volatile.is_empty() {
            None
        } else {
            Some(self.volatile[rng.usize(0..self.volatile.len())].slot)
        }
    }

    /// Visits slots from `cursor` until `count` entries were seen (or 10x as many empty
    /// slots were skipped, as Redis bounds SCAN's work); returns the next cursor, 0 at the end.
    pub fn scan(&self, cursor: u64, count: usize, mut f: impl FnMut(&Entry)) -> u64 {
        let n = self.slots.len() as u64;
        let mut i = cursor;
        let mut seen = 0usize;
        let mut budget = count.saturating_mul(10).max(1);
        while i < n && seen < count && budget > 0 {
            if let Some(e) = &self.slots[i as usize] {
                f(e);
                seen += 1;
            }
            budget -= 1;
            i += 1;
        }
        if i >= n {
            0
        } else {
            i
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.slots.iter().flatten()
    }

    /// Slots of all live entries (a snapshot, for callers that mutate while walking).
    pub fn slots_snapshot(&self) -> Vec<u32> {
        self.slots.iter().enumerate().filter(|(_, s)| s.is_some()).map(|(i, _)| i as u32).collect()
    }

    /// Moves every key out into a new `Db` (to be freed elsewhere), leaving this one empty
    /// with the same hashing.
    pub fn take_contents(&mut self) -> Db {
        let empty = Db { index: HashTable::new(), slots: Vec::new(), free: Vec::new(), volatile: Vec::new(), len: 0, hasher: self.hasher.clone() };
        core::mem::replace(self, empty)
    }

    pub fn clear(&mut self) {
        self.index.clear();
        self.slots.clear();
        self.free.clear();
        self.volatile.clear();
        self.len = 0;
    }

    /// What the expiry list costs (MEMORY STATS `overhead.hashtable.expires`).
    pub fn expires_overhead_bytes(&self) -> usize {
        self.volatile.capacity() * core::mem::size_of::<Volatile>()
    }

    /// Approximate bytes used by the table structures (not the values).
    pub fn overhead_bytes(&self) -> usize {
        self.slots.capacity() * core::mem::size_of::<Option<Entry>>() + self.index.capacity() * 5 + self.free.capacity() * 4 + self.expires_overhead_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::StrValue;
    use alloc::collections::BTreeSet;
    use alloc::format;

    fn v(s: &str) -> Value {
        Value::Str(StrValue::from_bytes(s.as_bytes()))
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn an_entry_fits_in_one_cache_line() {
        // The per-key cost that MEMORY USAGE and the memory benchmark see: keep it in check.
        assert_eq!(core::mem::size_of::<Option<Entry>>(), 64);
    }

    #[test]
    fn insert_find_remove_and_expiry_bookkeeping() {
        let mut db = Db::new(1);
        for i in 0..1000 {
            db.insert_new(format!("k{i}").as_bytes(), v("x"), 0);
        }
        assert_eq!(db.len(), 1000);
        let s = db.find(b"k10").unwrap();
        db.set_expire(s, 5);
        let s2 = db.find(b"k11").unwrap();
        db.set_expire(s2, 6);
        assert_eq!(db.expires_len(), 2);
        db.remove(b"k10");
        assert_eq!(db.expires_len(), 1);
        assert_eq!(db.expire(db.find(b"k11").unwrap()), 6);
        assert!(db.find(b"k10").is_none());
        for i in 0..1000 {
            db.remove(format!("k{i}").as_bytes());
        }
        assert!(db.is_empty());
        assert_eq!(db.expires_len(), 0);
    }

    #[test]
    fn expiry_times_follow_their_keys_when_others_lose_theirs() {
        let mut db = Db::new(3);
        let slots: Vec<u32> = (0..100).map(|i| db.insert_new(format!("k{i}").as_bytes(), v("x"), 0)).collect();
        for (i, &s) in slots.iter().enumerate() {
            db.set_expire(s, 1_000 + i as u64);
        }
        // Change some, clear some (moving others inside `volatile`), delete some.
        for (i, &s) in slots.iter().enumerate() {
            match i % 4 {
                0 => db.set_expire(s, (1u64 << 40) + i as u64),
                1 => assert!(db.clear_expire(s)),
                2 => drop(db.remove_slot(s)),
                _ => {}
            }
        }
        assert_eq!(db.expires_len(), 50);
        for (i, &s) in slots.iter().enumerate() {
            let want = match i % 4 {
                0 => (1u64 << 40) + i as u64,
                1 => NO_EXPIRE,
                2 => continue,
                _ => 1_000 + i as u64,
            };
            assert_eq!(db.expire(s), want, "k{i}");
        }
        assert!(!db.clear_expire(slots[1]));
    }

    #[test]
    fn scan_returns_every_key_present_throughout_while_table_changes() {
        let mut db = Db::new(7);
        for i in 0..500 {
            db.insert_new(format!("stay{i}").as_bytes(), v("x"), 0);
        }
        let mut seen = BTreeSet::new();
        let mut cursor = 0;
        let mut round = 0;
        loop {
            cursor = db.scan(cursor, 10, |e| {
                seen.insert(e.key.to_vec());
            });
            // Grow and churn the table between calls (slower than the cursor moves, or no
            // iteration could ever end: a scan of an ever-growing table doesn't in Redis either).
            for j in 0..8 {
                db.insert_new(format!("new{round}-{j}").as_bytes(), v("y"), 0);
            }
            for j in 0..4 {
                db.remove(format!("new{round}-{j}").as_bytes());
            }
            round += 1;
            if cursor == 0 {
                break;
            }
        }
        for i in 0..500 {
            assert!(seen.contains(format!("stay{i}").as_bytes()), "missing stay{i}");
        }
    }

    #[test]
    fn random_slot_finds_the_only_key() {
        let mut db = Db::new(3);
        for i in 0..100 {
            db.insert_new(format!("k{i}").as_bytes(), v("x"), 0);
        }
        for i in 1..100 {
            db.remove(format!("k{i}").as_bytes());
        }
        let mut rng = fastrand::Rng::with_seed(1);
        for _ in 0..10 {
            let s = db.random_slot(&mut rng).unwrap();
            assert_eq!(&*db.entry(s).key, b"k0");
        }
    }
}
