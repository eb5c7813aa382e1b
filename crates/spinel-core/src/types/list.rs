//! Redis lists: a deque of packed chunks, Spinel's counterpart of Redis's quicklist.
//!
//! Redis 7.0 stores every list as a quicklist (a linked list of listpacks) and OBJECT
//! ENCODING always says `quicklist`, whatever the size. Spinel keeps the same shape:
//! a `VecDeque` of chunks, each a byte buffer of packed entries of at most ~8 KiB (Redis's
//! default `list-max-listpack-size -2`), so
//! - a small list is one allocation for its elements (plus the deque's slot), with
//!   2 bytes of overhead per short element (Redis's listpack needs about as much);
//! - LPUSH/RPUSH/LPOP/RPOP are O(1): a chunk keeps a gap before its first entry, so
//!   pushes at the head do not move the other entries, and pops only move an offset;
//! - LINDEX/LSET near either end are O(1) (the walk starts from the nearer end, first
//!   over chunk counts, then over the entries of one bounded chunk), O(N) in the middle;
//! - LRANGE walks entries sequentially with no allocation.
//!
//! An entry is `varint(len) bytes varint_rev(len)`: the length as LEB128 before the bytes,
//! and again after them with its bytes reversed, so the chunk can be walked both ways (the
//! same trick as listpack's back-length). Chunks are never empty; a chunk that a single
//! large element overflows holds that element alone.

use alloc::collections::VecDeque;
use alloc::vec::Vec;
use core::fmt;

/// Payload bytes a chunk grows to before a push opens a new one (Redis: 8 KiB nodes).
const CHUNK_BYTES: usize = 8 * 1024;

/// Bytes of the LEB128 encoding of `n`.
#[inline]
fn varint_len(n: usize) -> usize {
    let mut k = 1;
    let mut n = n >> 7;
    while n > 0 {
        k += 1;
        n >>= 7;
    }
    k
}

/// Bytes an element of `len` bytes takes in a chunk.
#[inline]
fn entry_size(len: usize) -> usize {
    len + 2 * varint_len(len)
}

/// Writes `data` as an entry into `out`, which is exactly `entry_size(data.len())` long.
#[inline]
fn encode_entry(out: &mut [u8], data: &[u8]) {
    let len = data.len();
    let h = varint_len(len);
    let total = out.len();
    debug_assert_eq!(total, len + 2 * h);
    let mut n = len;
    for k in 0..h {
        let mut b = (n & 0x7f) as u8;
        n >>= 7;
        if k + 1 < h {
            b |= 0x80;
        }
        out[k] = b; // header, low bits first
        out[total - 1 - k] = b; // trailer, low bits last
    }
    out[h..h + len].copy_from_slice(data);
}

/// Decodes the entry starting at `pos`: (data start, data length, next entry's start).
#[inline]
fn read_fwd(buf: &[u8], pos: usize) -> (usize, usize, usize) {
    let b = buf[pos];
    if b < 0x80 {
        let len = b as usize;
        let ds = pos + 1;
        return (ds, len, ds + len + 1);
    }
    let mut len = 0usize;
    let mut shift = 0;
    let mut p = pos;
    loop {
        let b = buf[p];
        len |= ((b & 0x7f) as usize) << shift;
        p += 1;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    let h = p - pos;
    (p, len, p + len + h)
}

/// Decodes the entry ending at `end`: (entry start, data start, data length).
#[inline]
fn read_bwd(buf: &[u8], end: usize) -> (usize, usize, usize) {
    let b = buf[end - 1];
    if b < 0x80 {
        let len = b as usize;
        let start = end - 2 - len;
        return (start, start + 1, len);
    }
    let mut len = 0usize;
    let mut shift = 0;
    let mut p = end;
    loop {
        p -= 1;
        let b = buf[p];
        len |= ((b & 0x7f) as usize) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    let h = end - p;
    let start = p - len - h;
    (start, start + h, len)
}

/// One run of packed entries: they live in `buf[head..]`; `buf[..head]` is free room for
/// pushes at the front.
#[derive(Clone)]
struct Chunk {
    buf: Vec<u8>,
    head: u32,
    count: u32,
}

impl Chunk {
    fn with_capacity(cap: usize) -> Chunk {
        Chunk {
            buf: Vec::with_capacity(cap),
            head: 0,
            count: 0,
        }
    }

    /// A chunk for pushes at the front: its room is before the entries.
    fn for_front(size: usize) -> Chunk {
        let cap = size.max(32);
        Chunk {
            buf: alloc::vec![0; cap],
            head: cap as u32,
            count: 0,
        }
    }

    #[inline]
    fn head(&self) -> usize {
        self.head as usize
    }

    /// Payload bytes (entries, without the free room).
    #[inline]
    fn bytes(&self) -> usize {
        self.buf.len() - self.head()
    }

    /// Whether an entry of `size` bytes still fits (an empty chunk takes anything).
    #[inline]
    fn fits(&self, size: usize) -> bool {
        self.count == 0 || self.bytes() + size <= CHUNK_BYTES
    }

    #[inline]
    fn first(&self) -> &[u8] {
        let (ds, len, _) = read_fwd(&self.buf, self.head());
        &self.buf[ds..ds + len]
    }

    #[inline]
    fn last(&self) -> &[u8] {
        let (_, ds, len) = read_bwd(&self.buf, self.buf.len());
        &self.buf[ds..ds + len]
    }

    fn push_back(&mut self, data: &[u8]) {
        let size = entry_size(data.len());
        let head = self.head();
        // Reuse the room freed by pops at the front before growing the buffer, when
        // that room is large enough to pay for moving the entries.
        if head > 0
            && self.buf.len() + size > self.buf.capacity()
            && head >= self.bytes() / 2
            && head >= size
        {
            self.buf.copy_within(head.., 0);
            let used = self.buf.len() - head;
            self.buf.truncate(used);
            self.head = 0;
        }
        let old = self.buf.len();
        if old + size > self.buf.capacity() {
            // Grow geometrically, but not past what a full chunk needs.
            let cap = self.buf.capacity();
            let want = (2 * cap).min(self.head() + CHUNK_BYTES).max(old + size);
            self.buf.reserve_exact(want - old);
        }
        self.buf.resize(old + size, 0);
        encode_entry(&mut self.buf[old..], data);
        self.count += 1;
    }

    fn push_front(&mut self, data: &[u8]) {
        let size = entry_size(data.len());
        if self.head() < size {
            self.grow_front(size);
        }
        let start = self.head() - size;
        encode_entry(&mut self.buf[start..start + size], data);
        self.head = start as u32;
        self.count += 1;
    }

    /// Reallocates with at least `need` bytes of room before the entries.
    fn grow_front(&mut self, need: usize) {
        let used = self.bytes();
        // Double the room, but not past what a full chunk needs.
        let room = need.max(used.max(16).min(CHUNK_BYTES.saturating_sub(used)));
        let mut buf = Vec::with_capacity(room + used);
        buf.resize(room, 0);
        buf.extend_from_slice(&self.buf[self.head()..]);
        self.buf = buf;
        self.head = room as u32;
    }

    fn pop_front(&mut self) {
        let (_, _, next) = read_fwd(&self.buf, self.head());
        self.head = next as u32;
        self.count -= 1;
        self.after_removal();
    }

    fn pop_back(&mut self) {
        let (start, _, _) = read_bwd(&self.buf, self.buf.len());
        self.buf.truncate(start);
        self.count -= 1;
        self.after_removal();
    }

    /// Gives memory back when the chunk holds far less than it allocated.
    fn after_removal(&mut self) {
        if self.count == 0 {
            self.buf = Vec::new();
            self.head = 0;
            return;
        }
        let used = self.bytes();
        if self.buf.capacity() > 256 && self.buf.capacity() > 4 * used {
            let mut buf = Vec::with_capacity(used * 2);
            buf.extend_from_slice(&self.buf[self.head()..]);
            self.buf = buf;
            self.head = 0;
        }
    }

    /// Offset of the entry `k` (0-based) of this chunk, walking from the nearer end.
    fn offset_of(&self, k: usize) -> usize {
        let count = self.count as usize;
        debug_assert!(k < count);
        if k <= count / 2 {
            let mut pos = self.head();
            for _ in 0..k {
                pos = read_fwd(&self.buf, pos).2;
            }
            pos
        } else {
            let mut end = self.buf.len();
            let mut start = end;
            for _ in 0..count - k {
                start = read_bwd(&self.buf, end).0;
                end = start;
            }
            start
        }
    }

    /// Inserts an entry at byte offset `off` (an entry boundary).
    fn insert_at(&mut self, off: usize, data: &[u8]) {
        let size = entry_size(data.len());
        let old = self.buf.len();
        self.buf.resize(old + size, 0);
        self.buf.copy_within(off..old, off + size);
        encode_entry(&mut self.buf[off..off + size], data);
        self.count += 1;
    }

    /// Replaces the entry at `off` with `data`.
    fn replace_at(&mut self, off: usize, data: &[u8]) {
        let (_, _, next) = read_fwd(&self.buf, off);
        let old_size = next - off;
        let size = entry_size(data.len());
        let len = self.buf.len();
        if size > old_size {
            self.buf.resize(len + size - old_size, 0);
            self.buf.copy_within(next..len, off + size);
        } else if size < old_size {
            self.buf.copy_within(next..len, off + size);
            self.buf.truncate(len - (old_size - size));
        }
        encode_entry(&mut self.buf[off..off + size], data);
    }

    /// Splits an overfull chunk in two halves; returns the second.
    fn split(&mut self) -> Chunk {
        let keep = self.count as usize / 2;
        let off = self.offset_of(keep);
        let mut other = Chunk::with_capacity(self.buf.len() - off);
        other.buf.extend_from_slice(&self.buf[off..]);
        other.count = self.count - keep as u32;
        self.buf.truncate(off);
        self.count = keep as u32;
        other
    }

    /// Drops the first `n` entries (fewer than `count`).
    fn drop_front(&mut self, n: usize) {
        let mut pos = self.head();
        for _ in 0..n {
            pos = read_fwd(&self.buf, pos).2;
        }
        self.head = pos as u32;
        self.count -= n as u32;
        self.after_removal();
    }

    /// Drops the last `n` entries (fewer than `count`).
    fn drop_back(&mut self, n: usize) {
        let mut end = self.buf.len();
        for _ in 0..n {
            end = read_bwd(&self.buf, end).0;
        }
        self.buf.truncate(end);
        self.count -= n as u32;
        self.after_removal();
    }

    /// Calls `f` with each entry, first to last.
    fn for_each(&self, mut f: impl FnMut(&[u8])) {
        let mut pos = self.head();
        while pos < self.buf.len() {
            let (ds, len, next) = read_fwd(&self.buf, pos);
            f(&self.buf[ds..ds + len]);
            pos = next;
        }
    }
}

/// A Redis list.
#[derive(Clone, Default)]
pub struct List {
    chunks: VecDeque<Chunk>,
    len: usize,
}

impl fmt::Debug for List {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(
                self.iter()
                    .map(|e| alloc::string::String::from_utf8_lossy(e)),
            )
            .finish()
    }
}

impl List {
    pub fn new() -> List {
        List::default()
    }

    /// A list of `items`, first to last.
    pub fn from_items<I, T>(items: I) -> List
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        let mut l = List::new();
        for i in items {
            l.push_back(i.as_ref());
        }
        l
    }

    /// Number of elements.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The name OBJECT ENCODING reports: Redis 7.0 stores every list as a quicklist.
    pub fn encoding(&self) -> &'static str {
        "quicklist"
    }

    /// Heap bytes owned by the list.
    pub fn heap_size(&self) -> usize {
        self.chunks.capacity() * core::mem::size_of::<Chunk>()
            + self.chunks.iter().map(|c| c.buf.capacity()).sum::<usize>()
    }

    /// Calls `f` with every element, head to tail.
    pub fn for_each(&self, mut f: impl FnMut(&[u8])) {
        for c in &self.chunks {
            c.for_each(&mut f);
        }
    }

    /// Elements head to tail (double-ended: `.rev()` walks from the tail).
    pub fn iter(&self) -> Iter<'_> {
        self.iter_from(0)
    }

    /// Elements from index `start` (0-based from the head) to the tail.
    pub fn iter_from(&self, start: usize) -> Iter<'_> {
        let back = self.chunks.len().saturating_sub(1);
        let back_end = self.chunks.back().map_or(0, |c| c.buf.len());
        if start >= self.len {
            return Iter {
                list: self,
                front: (0, 0),
                back: (back, back_end),
                remaining: 0,
            };
        }
        let (ci, k) = self.find_chunk(start);
        let off = self.chunks[ci].offset_of(k);
        Iter {
            list: self,
            front: (ci, off),
            back: (back, back_end),
            remaining: self.len - start,
        }
    }

    /// Elements from index `end` (0-based from the head) back to the head.
    pub fn iter_rev_from(&self, end: usize) -> core::iter::Rev<Iter<'_>> {
        if self.len == 0 {
            return self.iter().rev();
        }
        let end = end.min(self.len - 1);
        let (ci, k) = self.find_chunk(end);
        let c = &self.chunks[ci];
        let off = c.offset_of(k);
        let entry_end = read_fwd(&c.buf, off).2;
        let front_off = self.chunks.front().map_or(0, |c| c.head());
        Iter {
            list: self,
            front: (0, front_off),
            back: (ci, entry_end),
            remaining: end + 1,
        }
        .rev()
    }

    /// The chunk holding element `index` and the element's position in it.
    fn find_chunk(&self, index: usize) -> (usize, usize) {
        debug_assert!(index < self.len);
        if index <= self.len / 2 {
            let mut rest = index;
            for (ci, c) in self.chunks.iter().enumerate() {
                let n = c.count as usize;
                if rest < n {
                    return (ci, rest);
                }
                rest -= n;
            }
        } else {
            let mut rest = self.len - 1 - index; // position counted from the tail
            for (ci, c) in self.chunks.iter().enumerate().rev() {
                let n = c.count as usize;
                if rest < n {
                    return (ci, n - 1 - rest);
                }
                rest -= n;
            }
        }
        unreachable!("index within the list")
    }

    /// The element at `index` (0-based from the head).
    pub fn get(&self, index: usize) -> Option<&[u8]> {
        if index >= self.len {
            return None;
        }
        let (ci, k) = self.find_chunk(index);
        let c = &self.chunks[ci];
        let (ds, len, _) = read_fwd(&c.buf, c.offset_of(k));
        Some(&c.buf[ds..ds + len])
    }

    pub fn front(&self) -> Option<&[u8]> {
        self.chunks.front().map(Chunk::first)
    }

    pub fn back(&self) -> Option<&[u8]> {
        self.chunks.back().map(Chunk::last)
    }

    /// Room for one more chunk: a list's first chunk gets a deque of exactly one slot
    /// (most lists are small), later ones grow it geometrically.
    fn reserve_chunk(&mut self) {
        if self.chunks.capacity() == 0 {
            self.chunks.reserve_exact(1);
        }
    }

    pub fn push_back(&mut self, data: &[u8]) {
        let size = entry_size(data.len());
        match self.chunks.back_mut() {
            Some(c) if c.fits(size) => c.push_back(data),
            _ => {
                let mut c = Chunk::with_capacity(size.max(16));
                c.push_back(data);
                self.reserve_chunk();
                self.chunks.push_back(c);
            }
        }
        self.len += 1;
    }

    pub fn push_front(&mut self, data: &[u8]) {
        let size = entry_size(data.len());
        match self.chunks.front_mut() {
            Some(c) if c.fits(size) => c.push_front(data),
            _ => {
                let mut c = Chunk::for_front(size);
                c.push_front(data);
                self.reserve_chunk();
                self.chunks.push_front(c);
            }
        }
        self.len += 1;
    }

    /// Removes the head element and returns it.
    pub fn pop_front(&mut self) -> Option<Vec<u8>> {
        let v = self.front()?.to_vec();
        self.drop_front(1);
        Some(v)
    }

    /// Removes the tail element and returns it.
    pub fn pop_back(&mut self) -> Option<Vec<u8>> {
        let v = self.back()?.to_vec();
        self.drop_back(1);
        Some(v)
    }

    /// Removes the first `n` elements (all of them if `n >= len`).
    pub fn drop_front(&mut self, mut n: usize) {
        n = n.min(self.len);
        self.len -= n;
        while n > 0 {
            let c = self.chunks.front_mut().expect("elements left");
            let count = c.count as usize;
            if n >= count {
                self.chunks.pop_front();
                n -= count;
            } else if n == 1 {
                c.pop_front();
                n = 0;
            } else {
                c.drop_front(n);
                n = 0;
            }
        }
    }

    /// Removes the last `n` elements (all of them if `n >= len`).
    pub fn drop_back(&mut self, mut n: usize) {
        n = n.min(self.len);
        self.len -= n;
        while n > 0 {
            let c = self.chunks.back_mut().expect("elements left");
            let count = c.count as usize;
            if n >= count {
                self.chunks.pop_back();
                n -= count;
            } else if n == 1 {
                c.pop_back();
                n = 0;
            } else {
                c.drop_back(n);
                n = 0;
            }
        }
    }

    /// Replaces the element at `index`; false if there is none.
    pub fn set(&mut self, index: usize, data: &[u8]) -> bool {
        if index >= self.len {
            return false;
        }
        let (ci, k) = self.find_chunk(index);
        let c = &mut self.chunks[ci];
        let off = c.offset_of(k);
        c.replace_at(off, data);
        self.split_if_overfull(ci);
        true
    }

    /// Inserts `data` before (or after) the first element equal to `pivot`, searching
    /// from the head; false if no element equals `pivot`.
    pub fn insert_at_pivot(&mut self, pivot: &[u8], data: &[u8], after: bool) -> bool {
        for ci in 0..self.chunks.len() {
            let c = &mut self.chunks[ci];
            let mut pos = c.head();
            while pos < c.buf.len() {
                let (ds, len, next) = read_fwd(&c.buf, pos);
                if &c.buf[ds..ds + len] == pivot {
                    c.insert_at(if after { next } else { pos }, data);
                    self.len += 1;
                    self.split_if_overfull(ci);
                    return true;
                }
                pos = next;
            }
        }
        false
    }

    /// Inserts `data` so that it becomes element `index` (`index <= len`).
    pub fn insert(&mut self, index: usize, data: &[u8]) {
        if index == 0 {
            return self.push_front(data);
        }
        if index >= self.len {
            return self.push_back(data);
        }
        let (ci, k) = self.find_chunk(index);
        let c = &mut self.chunks[ci];
        let off = c.offset_of(k);
        c.insert_at(off, data);
        self.len += 1;
        self.split_if_overfull(ci);
    }

    fn split_if_overfull(&mut self, ci: usize) {
        let c = &mut self.chunks[ci];
        if c.bytes() > CHUNK_BYTES && c.count > 1 {
            let other = c.split();
            self.chunks.insert(ci + 1, other);
        }
    }

    /// Removes elements equal to `value` as LREM does: `count > 0` the first `count` from
    /// the head, `count < 0` the last `|count|` from the tail, `0` all. Returns how many.
    pub fn remove_matching(&mut self, value: &[u8], count: i64) -> usize {
        let from_tail = count < 0;
        let limit = if count == 0 {
            usize::MAX
        } else {
            count.unsigned_abs().min(usize::MAX as u64) as usize
        };
        let mut removed = 0usize;
        let n = self.chunks.len();
        let mut offsets: Vec<usize> = Vec::new();
        for step in 0..n {
            if removed == limit {
                break;
            }
            let ci = if from_tail { n - 1 - step } else { step };
            let c = &mut self.chunks[ci];
            offsets.clear();
            let mut pos = c.head();
            while pos < c.buf.len() {
                let (ds, len, next) = read_fwd(&c.buf, pos);
                if &c.buf[ds..ds + len] == value {
                    offsets.push(pos);
                }
                pos = next;
            }
            if offsets.is_empty() {
                continue;
            }
            let want = limit - removed;
            if offsets.len() > want {
                if from_tail {
                    offsets.drain(..offsets.len() - want);
                } else {
                    offsets.truncate(want);
                }
            }
            // Rebuild the chunk without the chosen entries.
            let mut buf = Vec::with_capacity(c.bytes());
            let mut from = c.head();
            for &off in &offsets {
                buf.extend_from_slice(&c.buf[from..off]);
                from = read_fwd(&c.buf, off).2;
            }
            buf.extend_from_slice(&c.buf[from..]);
            c.buf = buf;
            c.head = 0;
            c.count -= offsets.len() as u32;
            removed += offsets.len();
        }
        if removed > 0 {
            self.len -= removed;
            self.chunks.retain(|c| c.count > 0);
            self.merge_small_chunks();
        }
        removed
    }

    /// Merges neighbouring chunks whose entries fit in one (after removals in the middle).
    fn merge_small_chunks(&mut self) {
        let old = core::mem::take(&mut self.chunks);
        let mut merged: VecDeque<Chunk> = VecDeque::with_capacity(old.len());
        for c in old {
            match merged.back_mut() {
                Some(last) if last.bytes() + c.bytes() <= CHUNK_BYTES => {
                    last.buf.extend_from_slice(&c.buf[c.head()..]);
                    last.count += c.count;
                }
                _ => merged.push_back(c),
            }
        }
        self.chunks = merged;
    }

    /// Keeps elements `start..=end` (already clamped to the list) and drops the rest.
    pub fn retain_range(&mut self, start: usize, end: usize) {
        if start > end || start >= self.len {
            *self = List::new();
            return;
        }
        let end = end.min(self.len - 1);
        let tail = self.len - 1 - end;
        self.drop_front(start);
        self.drop_back(tail);
    }

    /// Index of the elements equal to `value`, for LPOS: from the head (or the tail when
    /// `from_tail`), skipping the first `rank - 1` matches, at most `count` results
    /// (0 = no limit), looking at no more than `maxlen` elements (0 = no limit).
    pub fn positions(
        &self,
        value: &[u8],
        from_tail: bool,
        skip: u64,
        count: usize,
        maxlen: usize,
        mut f: impl FnMut(usize),
    ) {
        let mut matches = 0u64;
        let mut found = 0usize;
        let mut visit = |i: usize, e: &[u8]| -> bool {
            if e == value {
                matches += 1;
                if matches > skip {
                    f(i);
                    found += 1;
                    if count != 0 && found >= count {
                        return false;
                    }
                }
            }
            true
        };
        let limit = if maxlen == 0 {
            self.len
        } else {
            maxlen.min(self.len)
        };
        if from_tail {
            for (k, e) in self.iter().rev().take(limit).enumerate() {
                if !visit(self.len - 1 - k, e) {
                    break;
                }
            }
        } else {
            for (k, e) in self.iter().take(limit).enumerate() {
                if !visit(k, e) {
                    break;
                }
            }
        }
    }

    /// Internal consistency check for tests.
    #[cfg(test)]
    fn check(&self) {
        let mut total = 0;
        for c in &self.chunks {
            assert!(c.count > 0, "empty chunk");
            let mut n = 0;
            c.for_each(|_| n += 1);
            assert_eq!(n, c.count as usize);
            total += n;
        }
        assert_eq!(total, self.len);
    }
}

/// Iterator over a list's elements (see [`List::iter`]).
pub struct Iter<'a> {
    list: &'a List,
    /// (chunk, offset of the next entry from the front)
    front: (usize, usize),
    /// (chunk, end offset of the next entry from the back)
    back: (usize, usize),
    remaining: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a [u8];

    #[inline]
    fn next(&mut self) -> Option<&'a [u8]> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let (ci, off) = self.front;
        let c = &self.list.chunks[ci];
        let (ds, len, next) = read_fwd(&c.buf, off);
        self.front = if next >= c.buf.len() {
            (ci + 1, self.list.chunks.get(ci + 1).map_or(0, |c| c.head()))
        } else {
            (ci, next)
        };
        Some(&c.buf[ds..ds + len])
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<'a> DoubleEndedIterator for Iter<'a> {
    #[inline]
    fn next_back(&mut self) -> Option<&'a [u8]> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let (ci, end) = self.back;
        let c = &self.list.chunks[ci];
        let (start, ds, len) = read_bwd(&c.buf, end);
        self.back = if start <= c.head() && ci > 0 {
            (ci - 1, self.list.chunks[ci - 1].buf.len())
        } else {
            (ci, start)
        };
        Some(&c.buf[ds..ds + len])
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn model_check(l: &List, m: &VecDeque<Vec<u8>>) {
        l.check();
        assert_eq!(l.len(), m.len());
        let got: Vec<&[u8]> = l.iter().collect();
        let want: Vec<&[u8]> = m.iter().map(|v| v.as_slice()).collect();
        assert_eq!(got, want);
        let got_rev: Vec<&[u8]> = l.iter().rev().collect();
        let want_rev: Vec<&[u8]> = m.iter().rev().map(|v| v.as_slice()).collect();
        assert_eq!(got_rev, want_rev);
    }

    #[test]
    fn entries_round_trip_every_length_class() {
        for len in [0usize, 1, 127, 128, 200, 16383, 16384, 70000] {
            let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let mut buf = vec![0u8; entry_size(len)];
            encode_entry(&mut buf, &data);
            let (ds, l, next) = read_fwd(&buf, 0);
            assert_eq!((&buf[ds..ds + l], next), (&data[..], buf.len()));
            let (start, ds, l) = read_bwd(&buf, buf.len());
            assert_eq!((start, &buf[ds..ds + l]), (0, &data[..]));
        }
    }

    #[test]
    fn random_operations_match_a_model() {
        let mut rng = fastrand::Rng::with_seed(7);
        for round in 0..40 {
            let mut l = List::new();
            let mut m: VecDeque<Vec<u8>> = VecDeque::new();
            let big = round % 4 == 0;
            for _ in 0..3000 {
                let len = if big && rng.u8(..) < 10 {
                    rng.usize(100..20000)
                } else {
                    rng.usize(0..12)
                };
                let v: Vec<u8> = (0..len).map(|_| b'a' + rng.u8(..4)).collect();
                match rng.u8(..100) {
                    0..=24 => {
                        l.push_back(&v);
                        m.push_back(v);
                    }
                    25..=49 => {
                        l.push_front(&v);
                        m.push_front(v);
                    }
                    50..=59 => assert_eq!(l.pop_front(), m.pop_front()),
                    60..=69 => assert_eq!(l.pop_back(), m.pop_back()),
                    70..=74 if !m.is_empty() => {
                        let i = rng.usize(..m.len());
                        assert!(l.set(i, &v));
                        m[i] = v;
                    }
                    75..=79 => {
                        let i = rng.usize(..=m.len());
                        l.insert(i, &v);
                        m.insert(i, v);
                    }
                    80..=83 => {
                        let count = rng.i64(-3..=3);
                        let target: Vec<u8> =
                            (0..rng.usize(0..2)).map(|_| b'a' + rng.u8(..4)).collect();
                        let mut removed = 0;
                        let limit = if count == 0 {
                            usize::MAX
                        } else {
                            count.unsigned_abs() as usize
                        };
                        if count >= 0 {
                            let mut i = 0;
                            while i < m.len() {
                                if removed < limit && m[i] == target {
                                    m.remove(i);
                                    removed += 1;
                                } else {
                                    i += 1;
                                }
                            }
                        } else {
                            let mut i = m.len();
                            while i > 0 {
                                i -= 1;
                                if removed < limit && m[i] == target {
                                    m.remove(i);
                                    removed += 1;
                                }
                            }
                        }
                        assert_eq!(l.remove_matching(&target, count), removed);
                    }
                    84..=86 => {
                        let n = rng.usize(0..50);
                        l.drop_front(n);
                        for _ in 0..n.min(m.len()) {
                            m.pop_front();
                        }
                    }
                    87..=89 => {
                        let n = rng.usize(0..50);
                        l.drop_back(n);
                        for _ in 0..n.min(m.len()) {
                            m.pop_back();
                        }
                    }
                    90..=92 => {
                        let pivot: Vec<u8> =
                            (0..rng.usize(0..2)).map(|_| b'a' + rng.u8(..4)).collect();
                        let after = rng.bool();
                        let pos = m.iter().position(|e| *e == pivot);
                        assert_eq!(l.insert_at_pivot(&pivot, &v, after), pos.is_some());
                        if let Some(p) = pos {
                            m.insert(if after { p + 1 } else { p }, v);
                        }
                    }
                    93 if !m.is_empty() => {
                        let s = rng.usize(..m.len());
                        let e = rng.usize(..m.len() + 3);
                        l.retain_range(s, e);
                        let e = e.min(m.len() - 1);
                        if s > e {
                            m.clear();
                        } else {
                            m = m.iter().skip(s).take(e - s + 1).cloned().collect();
                        }
                    }
                    _ if !m.is_empty() => {
                        let i = rng.usize(..m.len());
                        assert_eq!(l.get(i), Some(m[i].as_slice()));
                        let from: Vec<&[u8]> = l.iter_from(i).collect();
                        assert_eq!(from.len(), m.len() - i);
                        let back: Vec<&[u8]> = l.iter_rev_from(i).collect();
                        assert_eq!(back.len(), i + 1);
                        assert_eq!(back[0], m[i].as_slice());
                        assert_eq!(*back.last().unwrap(), m[0].as_slice());
                    }
                    _ => {}
                }
            }
            model_check(&l, &m);
            let c = l.clone();
            model_check(&c, &m);
            let mut n = 0;
            l.for_each(|_| n += 1);
            assert_eq!(n, m.len());
        }
    }

    #[test]
    fn queues_keep_memory_bounded() {
        // RPUSH + LPOP (and LPUSH + RPOP) on a short list must not grow the buffers.
        let mut l = List::new();
        for i in 0..200_000u32 {
            l.push_back(&i.to_le_bytes());
            if l.len() > 10 {
                l.pop_front();
            }
        }
        assert!(l.heap_size() < 4096, "{}", l.heap_size());
        let mut l = List::new();
        for i in 0..200_000u32 {
            l.push_front(&i.to_le_bytes());
            if l.len() > 10 {
                l.pop_back();
            }
        }
        assert!(l.heap_size() < 4096, "{}", l.heap_size());
    }

    #[test]
    fn large_lists_use_chunks_of_bounded_size() {
        let mut l = List::new();
        for i in 0..100_000u32 {
            l.push_front(format!("{i}").as_bytes());
        }
        l.check();
        assert!(l.chunks.len() > 50);
        assert!(l.chunks.iter().all(|c| c.bytes() <= CHUNK_BYTES));
        assert_eq!(l.get(0), Some(&b"99999"[..]));
        assert_eq!(l.get(99_999), Some(&b"0"[..]));
        assert_eq!(l.get(50_000), Some(&b"49999"[..]));
        // Memory stays close to the payload: ~7 bytes per element here.
        assert!(l.heap_size() < 100_000 * 12, "{}", l.heap_size());
    }

    use alloc::format;
}
