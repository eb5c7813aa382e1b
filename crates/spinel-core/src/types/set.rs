//! Redis sets, in Redis 7.0's two encodings (OBJECT ENCODING):
//!
//! - `intset`: every member is an integer in canonical form (Redis's `string2ll`: no `+`,
//!   no leading zeros, no `-0`) and there are at most `set-max-intset-entries` of them. A
//!   sorted array of the narrowest width that holds every member (16, 32 or 64 bits, widened
//!   when a larger member arrives, never narrowed), searched by bisection. Members come out
//!   in ascending numeric order, as from Redis's intset.
//! - `hashtable`: anything else. A [`Table`]: entries in a slab, found through a SwissTable
//!   index of slot numbers, so an entry never moves while it exists. That gives SSCAN
//!   Redis's guarantee by construction (the cursor is a slot number: a member present for a
//!   whole iteration is returned exactly once), whatever inserts and deletes happen between
//!   calls. Freed slots are reused; trailing free slots are dropped.
//!
//! A set becomes a hashtable when a non-integer member is added or the intset grows past
//! `set-max-intset-entries`, and never converts back (as in Redis). 7.0 has no listpack sets.
//!
//! [`Table`] is shared with hashes (`types/hash.rs`). Its hashing is seeded per table with a
//! seed the caller draws from the engine's PRNG, so colliding members cannot be precomputed.

use crate::bytes::ByteStr;
use crate::num::parse_i64;
use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;
use core::hash::BuildHasher;
use foldhash::fast::FixedState;
use hashbrown::HashTable;

// ----- the slab hash table ------------------------------------------------------------------

/// Something stored in a [`Table`], found by its key bytes.
pub(crate) trait Keyed {
    fn key(&self) -> &[u8];
    /// Heap bytes the item owns (for `heap_size`).
    fn heap(&self) -> usize;
}

impl Keyed for ByteStr {
    #[inline]
    fn key(&self) -> &[u8] {
        self
    }
    #[inline]
    fn heap(&self) -> usize {
        self.heap_size()
    }
}

/// A hash table whose entries never move: a slab of slots plus a SwissTable of slot
/// numbers. Scanning by slot number gives SCAN's guarantee (see the module docs).
#[derive(Clone)]
pub(crate) struct Table<T> {
    index: HashTable<u32>,
    slots: Vec<Option<T>>,
    free: Vec<u32>,
    len: usize,
    /// Sum of the items' heap bytes.
    heap: usize,
    hasher: FixedState,
}

impl<T: Keyed> fmt::Debug for Table<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Table(len {})", self.len)
    }
}

impl<T: Keyed> Table<T> {
    pub fn with_capacity(n: usize, seed: u64) -> Self {
        Table {
            index: HashTable::with_capacity(n),
            slots: Vec::with_capacity(n),
            free: Vec::new(),
            len: 0,
            heap: 0,
            hasher: FixedState::with_seed(seed),
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    #[inline]
    fn hash(&self, key: &[u8]) -> u64 {
        self.hasher.hash_one(key)
    }

    /// The slot holding `key`.
    #[inline]
    pub fn find(&self, key: &[u8]) -> Option<u32> {
        let h = self.hash(key);
        let slots = &self.slots;
        self.index
            .find(h, |&i| {
                slots[i as usize].as_ref().is_some_and(|t| crate::bytes::eq(t.key(), key))
            })
            .copied()
    }

    #[inline]
    pub fn get(&self, key: &[u8]) -> Option<&T> {
        self.find(key).and_then(|s| self.slots[s as usize].as_ref())
    }

    /// Changes the item in `slot` in place (its key must stay the same), keeping the heap
    /// count right.
    pub fn modify(&mut self, slot: u32, f: impl FnOnce(&mut T)) {
        let item = self.slots[slot as usize].as_mut().expect("live slot");
        let before = item.heap();
        f(item);
        self.heap = self.heap - before + item.heap();
    }

    /// Adds an item whose key is known to be absent.
    pub fn insert_new(&mut self, item: T) -> u32 {
        let h = self.hash(item.key());
        self.heap += item.heap();
        let slot = loop {
            match self.free.pop() {
                Some(i) if (i as usize) < self.slots.len() && self.slots[i as usize].is_none() => {
                    self.slots[i as usize] = Some(item);
                    break i;
                }
                Some(_) => continue,
                None => {
                    // Grow by a quarter rather than doubling: big tables waste less.
                    if self.slots.len() == self.slots.capacity() {
                        self.slots.reserve_exact(self.slots.len() / 4 + 4);
                    }
                    self.slots.push(Some(item));
                    break (self.slots.len() - 1) as u32;
                }
            }
        };
        let (slots, hasher) = (&self.slots, &self.hasher);
        self.index.insert_unique(h, slot, |&i| {
            hasher.hash_one(slots[i as usize].as_ref().map_or(&[][..], |t| t.key()))
        });
        self.len += 1;
        slot
    }

    /// Removes the item with `key`.
    pub fn remove(&mut self, key: &[u8]) -> Option<T> {
        let h = self.hash(key);
        let slots = &self.slots;
        let found = self
            .index
            .find_entry(h, |&i| {
                slots[i as usize].as_ref().is_some_and(|t| crate::bytes::eq(t.key(), key))
            })
            .ok()?;
        let (slot, _) = found.remove();
        let item = self.slots[slot as usize].take().expect("live slot");
        self.heap -= item.heap();
        self.len -= 1;
        if slot as usize + 1 == self.slots.len() {
            while matches!(self.slots.last(), Some(None)) {
                self.slots.pop();
            }
        } else {
            self.free.push(slot);
        }
        if self.len == 0 {
            self.slots = Vec::new();
            self.free = Vec::new();
        }
        // Give memory back as Redis shrinks a dict below 10% use (slot numbers stay valid).
        let cap = self.index.capacity();
        if cap > 64 && self.len * 8 < cap {
            let (slots, hasher) = (&self.slots, &self.hasher);
            self.index.shrink_to(self.len * 2, |&i| {
                hasher.hash_one(slots[i as usize].as_ref().map_or(&[][..], |t| t.key()))
            });
        }
        Some(item)
    }

    /// Items in slot order.
    pub fn iter(&self) -> core::iter::Flatten<core::slice::Iter<'_, Option<T>>> {
        self.slots.iter().flatten()
    }

    /// A random item (uniform over slots, retried past holes); None when empty.
    pub fn random(&self, rng: &mut fastrand::Rng) -> Option<&T> {
        if self.len == 0 {
            return None;
        }
        let n = self.slots.len();
        for _ in 0..64 {
            if let Some(t) = &self.slots[rng.usize(0..n)] {
                return Some(t);
            }
        }
        let start = rng.usize(0..n);
        (0..n)
            .map(|k| (start + k) % n)
            .find_map(|i| self.slots[i].as_ref())
    }

    /// `n` distinct random items (`n` < len): a partial shuffle of all items when `n` is a
    /// good part of the table, else random slots until `n` distinct ones were drawn.
    pub fn sample_distinct(&self, n: usize, rng: &mut fastrand::Rng) -> Vec<&T> {
        if n.saturating_mul(3) > self.len || self.slots.is_empty() {
            let mut all: Vec<&T> = self.iter().collect();
            let n = n.min(all.len());
            for i in 0..n {
                let j = rng.usize(i..all.len());
                all.swap(i, j);
            }
            all.truncate(n);
            return all;
        }
        let mut chosen: hashbrown::HashSet<usize, FixedState> =
            hashbrown::HashSet::with_capacity_and_hasher(n, FixedState::with_seed(rng.u64(..)));
        let mut out = Vec::with_capacity(n);
        let slots = self.slots.len();
        while out.len() < n {
            let i = rng.usize(0..slots);
            if let Some(t) = &self.slots[i] {
                if chosen.insert(i) {
                    out.push(t);
                }
            }
        }
        out
    }

    /// The `i`th item in slot order (O(n) when there are holes; for sampling).
    pub fn nth(&self, i: usize) -> Option<&T> {
        if self.len == self.slots.len() {
            return self.slots.get(i).and_then(|s| s.as_ref());
        }
        self.iter().nth(i)
    }

    /// Visits slots from `cursor` until `count` items were seen (or ten times as many
    /// slots were looked at, as Redis bounds a scan step); returns the next cursor, 0 at the end.
    pub fn scan<'a>(&'a self, cursor: u64, count: usize, mut f: impl FnMut(&'a T)) -> u64 {
        let n = self.slots.len() as u64;
        let mut i = cursor;
        let mut seen = 0usize;
        let mut budget = count.saturating_mul(10).max(1);
        while i < n && seen < count && budget > 0 {
            if let Some(t) = &self.slots[i as usize] {
                f(t);
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

    pub fn heap_size(&self) -> usize {
        self.slots.capacity() * core::mem::size_of::<Option<T>>()
            + self.index.capacity() * (core::mem::size_of::<u32>() + 1)
            + self.free.capacity() * 4
            + self.heap
    }
}

// ----- intset ---------------------------------------------------------------------------------

/// Sorted unique integers in the narrowest of three widths, as Redis's intset: the width
/// (2, 4 or 8 bytes) beside one exactly sized allocation of the integers, little-endian.
/// Small sets are numerous, so bytes matter more than reallocations here (Redis reallocates
/// its intset on every change too); keeping the width out of the allocation makes ten 4-byte
/// integers a 40-byte block, which both glibc's and jemalloc's size classes fit exactly.
#[derive(Clone, Debug)]
struct IntSet {
    width: u8,
    bytes: Box<[u8]>,
}

impl Default for IntSet {
    fn default() -> Self {
        IntSet { width: 2, bytes: Box::new([]) }
    }
}

/// The narrowest width that holds `x`.
fn width_for(x: i64) -> usize {
    if i16::try_from(x).is_ok() {
        2
    } else if i32::try_from(x).is_ok() {
        4
    } else {
        8
    }
}

impl IntSet {
    #[inline]
    fn width(&self) -> usize {
        self.width as usize
    }

    #[inline]
    fn len(&self) -> usize {
        self.bytes.len() / self.width()
    }

    #[inline]
    fn get(&self, i: usize) -> i64 {
        let w = self.width();
        let at = i * w;
        let b = &self.bytes[at..at + w];
        match w {
            2 => i16::from_le_bytes([b[0], b[1]]) as i64,
            4 => i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as i64,
            _ => i64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
        }
    }

    /// Bisection: Ok(position) when present, Err(insertion point) otherwise.
    fn search(&self, x: i64) -> Result<usize, usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.get(mid).cmp(&x) {
                core::cmp::Ordering::Less => lo = mid + 1,
                core::cmp::Ordering::Greater => hi = mid,
                core::cmp::Ordering::Equal => return Ok(mid),
            }
        }
        Err(lo)
    }

    #[inline]
    fn contains(&self, x: i64) -> bool {
        self.search(x).is_ok()
    }

    /// The packed form of `values` (sorted) at width `w`.
    fn pack(values: impl Iterator<Item = i64>, w: usize, capacity: usize) -> Vec<u8> {
        let mut v = Vec::with_capacity(capacity * w);
        for x in values {
            v.extend_from_slice(&x.to_le_bytes()[..w]);
        }
        v
    }

    fn insert(&mut self, x: i64) -> bool {
        let pos = match self.search(x) {
            Ok(_) => return false,
            Err(p) => p,
        };
        let w = self.width().max(width_for(x));
        let n = self.len();
        let values = (0..pos).map(|i| self.get(i)).chain(core::iter::once(x)).chain((pos..n).map(|i| self.get(i)));
        self.bytes = Self::pack(values, w, n + 1).into_boxed_slice();
        self.width = w as u8;
        true
    }

    fn remove(&mut self, x: i64) -> bool {
        let Ok(pos) = self.search(x) else {
            return false;
        };
        let w = self.width();
        let mut v = core::mem::take(&mut self.bytes).into_vec();
        v.drain(pos * w..(pos + 1) * w);
        self.bytes = v.into_boxed_slice();
        true
    }

    fn heap_size(&self) -> usize {
        self.bytes.len()
    }
}

// ----- Set ------------------------------------------------------------------------------------

/// One member of a set: intset members are integers, formatted on demand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Member<'a> {
    Int(i64),
    Bytes(&'a [u8]),
}

impl Member<'_> {
    /// Calls `f` with the member's bytes (integers are formatted on the stack).
    #[inline]
    pub fn with_bytes<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        match *self {
            Member::Int(n) => {
                let mut b = itoa::Buffer::new();
                f(b.format(n).as_bytes())
            }
            Member::Bytes(s) => f(s),
        }
    }

    pub fn to_vec(&self) -> Vec<u8> {
        self.with_bytes(|b| b.to_vec())
    }
}

#[derive(Clone, Debug)]
enum Repr {
    Ints(IntSet),
    Table(Box<Table<ByteStr>>),
}

/// A Redis set value.
#[derive(Clone, Debug)]
pub struct Set {
    repr: Repr,
}

impl Default for Set {
    fn default() -> Self {
        Set::new()
    }
}

impl Set {
    /// An empty intset (Redis's `createIntsetObject`; it converts on the first non-integer).
    pub fn new() -> Set {
        Set {
            repr: Repr::Ints(IntSet::default()),
        }
    }

    /// The empty set Redis creates for a first member (`setTypeCreate`): an intset when
    /// `first` is an integer, a hashtable otherwise. `seed` seeds a hashtable's hashing.
    pub fn for_member(first: &[u8], seed: u64) -> Set {
        if parse_i64(first).is_some() {
            Set::new()
        } else {
            Set {
                repr: Repr::Table(Box::new(Table::with_capacity(0, seed))),
            }
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        match &self.repr {
            Repr::Ints(s) => s.len(),
            Repr::Table(t) => t.len(),
        }
    }

    /// Bytes per member of an intset (2, 4 or 8; Redis never narrows it), None for a hashtable.
    pub fn intset_width(&self) -> Option<usize> {
        match &self.repr {
            Repr::Ints(s) => Some(s.width()),
            Repr::Table(_) => None,
        }
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_intset(&self) -> bool {
        matches!(self.repr, Repr::Ints(_))
    }

    pub fn encoding(&self) -> &'static str {
        match self.repr {
            Repr::Ints(_) => "intset",
            Repr::Table(_) => "hashtable",
        }
    }

    pub fn heap_size(&self) -> usize {
        match &self.repr {
            Repr::Ints(s) => s.heap_size(),
            Repr::Table(t) => core::mem::size_of::<Table<ByteStr>>() + t.heap_size(),
        }
    }

    /// Whether `m` is a member.
    pub fn contains(&self, m: &[u8]) -> bool {
        match &self.repr {
            Repr::Ints(s) => parse_i64(m).is_some_and(|x| s.contains(x)),
            Repr::Table(t) => t.find(m).is_some(),
        }
    }

    /// [`Set::contains`] for a member of another set (no formatting for intset pairs).
    pub fn contains_member(&self, m: Member) -> bool {
        match (&self.repr, m) {
            (Repr::Ints(s), Member::Int(x)) => s.contains(x),
            _ => m.with_bytes(|b| self.contains(b)),
        }
    }

    /// Converts an intset into a hashtable (Redis's `setTypeConvert`).
    fn convert(&mut self, seed: u64) {
        if let Repr::Ints(s) = &self.repr {
            let mut t = Table::with_capacity(s.len(), seed);
            let mut b = itoa::Buffer::new();
            for i in 0..s.len() {
                t.insert_new(ByteStr::new(b.format(s.get(i)).as_bytes()));
            }
            self.repr = Repr::Table(Box::new(t));
        }
    }

    /// Adds `m`; true if it was not a member. Converts to a hashtable as Redis does: for a
    /// non-integer member, or when the intset grows past `max_intset` entries.
    pub fn add(&mut self, m: &[u8], max_intset: usize, seed: u64) -> bool {
        if let Repr::Ints(s) = &mut self.repr {
            match parse_i64(m) {
                Some(x) => {
                    if !s.insert(x) {
                        return false;
                    }
                    if s.len() > max_intset {
                        self.convert(seed);
                    }
                    return true;
                }
                None => self.convert(seed),
            }
        }
        let Repr::Table(t) = &mut self.repr else {
            unreachable!()
        };
        if t.find(m).is_some() {
            return false;
        }
        t.insert_new(ByteStr::new(m));
        true
    }

    /// [`Set::add`] for a member of another set.
    pub fn add_member(&mut self, m: Member, max_intset: usize, seed: u64) -> bool {
        match m {
            Member::Int(x) => {
                if let Repr::Ints(s) = &mut self.repr {
                    if !s.insert(x) {
                        return false;
                    }
                    if s.len() > max_intset {
                        self.convert(seed);
                    }
                    return true;
                }
                let mut b = itoa::Buffer::new();
                self.add(b.format(x).as_bytes(), max_intset, seed)
            }
            Member::Bytes(b) => self.add(b, max_intset, seed),
        }
    }

    /// Removes `m`; true if it was a member.
    pub fn remove(&mut self, m: &[u8]) -> bool {
        match &mut self.repr {
            Repr::Ints(s) => parse_i64(m).is_some_and(|x| s.remove(x)),
            Repr::Table(t) => t.remove(m).is_some(),
        }
    }

    /// [`Set::remove`] for a member of another set.
    pub fn remove_member(&mut self, m: Member) -> bool {
        match (&mut self.repr, m) {
            (Repr::Ints(s), Member::Int(x)) => s.remove(x),
            _ => m.with_bytes(|b| self.remove(b)),
        }
    }

    /// Members in the set's order: ascending for an intset, slot order for a hashtable.
    pub fn iter(&self) -> SetIter<'_> {
        match &self.repr {
            Repr::Ints(s) => SetIter(IterInner::Ints(s, 0)),
            Repr::Table(t) => SetIter(IterInner::Table(t.slots.iter())),
        }
    }

    /// Calls `f` with each member's bytes, in [`Set::iter`] order.
    pub fn for_each(&self, mut f: impl FnMut(&[u8])) {
        for m in self.iter() {
            m.with_bytes(&mut f);
        }
    }

    /// A random member; None when empty.
    pub fn random(&self, rng: &mut fastrand::Rng) -> Option<Member<'_>> {
        match &self.repr {
            Repr::Ints(s) => (s.len() > 0).then(|| Member::Int(s.get(rng.usize(0..s.len())))),
            Repr::Table(t) => t.random(rng).map(|b| Member::Bytes(b)),
        }
    }

    /// `n` distinct random members (`n` < len), in random order.
    pub fn sample_distinct(&self, n: usize, rng: &mut fastrand::Rng) -> Vec<Member<'_>> {
        match &self.repr {
            Repr::Ints(s) => distinct_indices(s.len(), n, rng)
                .into_iter()
                .map(|i| Member::Int(s.get(i)))
                .collect(),
            Repr::Table(t) => t
                .sample_distinct(n, rng)
                .into_iter()
                .map(|b| Member::Bytes(b))
                .collect(),
        }
    }

    /// The `i`th member in [`Set::iter`] order.
    pub fn nth(&self, i: usize) -> Option<Member<'_>> {
        match &self.repr {
            Repr::Ints(s) => (i < s.len()).then(|| Member::Int(s.get(i))),
            Repr::Table(t) => t.nth(i).map(|b| Member::Bytes(b)),
        }
    }

    /// One SSCAN step: an intset is returned whole (cursor 0), as Redis does for compact
    /// encodings; a hashtable from slot `cursor` for about `count` members.
    pub fn scan<'a>(&'a self, cursor: u64, count: usize, mut f: impl FnMut(Member<'a>)) -> u64 {
        match &self.repr {
            Repr::Ints(s) => {
                for i in 0..s.len() {
                    f(Member::Int(s.get(i)));
                }
                0
            }
            Repr::Table(t) => t.scan(cursor, count, |b| f(Member::Bytes(b))),
        }
    }
}

/// `n` distinct random indices below `len` (`n` <= `len`).
pub(crate) fn distinct_indices(len: usize, n: usize, rng: &mut fastrand::Rng) -> Vec<usize> {
    let n = n.min(len);
    if n.saturating_mul(3) > len {
        let mut all: Vec<usize> = (0..len).collect();
        for i in 0..n {
            let j = rng.usize(i..len);
            all.swap(i, j);
        }
        all.truncate(n);
        return all;
    }
    let mut chosen: hashbrown::HashSet<usize, FixedState> =
        hashbrown::HashSet::with_capacity_and_hasher(n, FixedState::with_seed(rng.u64(..)));
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let i = rng.usize(0..len);
        if chosen.insert(i) {
            out.push(i);
        }
    }
    out
}

/// Iterator over a set's members (see [`Set::iter`]).
pub struct SetIter<'a>(IterInner<'a>);

enum IterInner<'a> {
    Ints(&'a IntSet, usize),
    Table(core::slice::Iter<'a, Option<ByteStr>>),
}

impl<'a> Iterator for SetIter<'a> {
    type Item = Member<'a>;

    #[inline]
    fn next(&mut self) -> Option<Member<'a>> {
        match &mut self.0 {
            IterInner::Ints(s, i) => {
                if *i < s.len() {
                    *i += 1;
                    Some(Member::Int(s.get(*i - 1)))
                } else {
                    None
                }
            }
            IterInner::Table(it) => it.by_ref().flatten().next().map(|b| Member::Bytes(b)),
        }
    }
}
