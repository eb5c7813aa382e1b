//! Sorted sets, in the two representations Redis 7.0 uses.
//!
//! - `listpack`: one byte buffer of `(member, score)` entries sorted by score, then member
//!   (bytewise, as `memcmp`). Each entry is `varint(member length) member score`, the score
//!   as a varint of the zigzagged integer shifted left once when it is integral (as Redis
//!   keeps integral scores as listpack integers: 1-3 bytes for usual scores), else `1` and
//!   the f64 (LE): smaller than Redis's own listpack, scanned linearly as Redis does. Chosen while
//!   the set has at most `zset-max-listpack-entries` members of at most
//!   `zset-max-listpack-value` bytes. A `-0` score is stored as `0`, because Redis stores an
//!   integral score as a listpack integer (so `ZSCORE` of `-0` replies `0` for this encoding).
//! - `skiplist`: Redis's skiplist with spans (rank in O(log n)), its nodes in an arena
//!   addressed by `u32` so that no `unsafe` is needed, plus a SwissTable index from member to
//!   node for O(1) score lookups. Nodes never move while they exist, so ZSCAN's cursor is an
//!   arena slot and the SCAN guarantee holds by construction (as in the keyspace).
//!
//! Conversions follow Redis: listpack -> skiplist when an insertion would break a limit
//! (never back on removals); commands that build a new set (ZUNIONSTORE, ZRANGESTORE,
//! GEOSEARCHSTORE, ...) pick the encoding from the result's size.

use crate::bytes::ByteStr;
use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;
use core::hash::BuildHasher;
use foldhash::fast::FixedState;
use hashbrown::HashTable;

// ----- ranges ---------------------------------------------------------------------------------

/// A score interval (`ZRANGEBYSCORE min max`, `(` for exclusive bounds).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScoreRange {
    pub min: f64,
    pub max: f64,
    pub minex: bool,
    pub maxex: bool,
}

impl ScoreRange {
    #[inline]
    pub fn gte_min(&self, v: f64) -> bool {
        if self.minex {
            v > self.min
        } else {
            v >= self.min
        }
    }

    #[inline]
    pub fn lte_max(&self, v: f64) -> bool {
        if self.maxex {
            v < self.max
        } else {
            v <= self.max
        }
    }
}

/// One end of a lexicographic interval: `-`, `+`, or a member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LexItem {
    Min,
    Max,
    Str(Vec<u8>),
}

/// A lexicographic interval (`ZRANGEBYLEX min max`); `-`/`+` are always exclusive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexRange {
    pub min: LexItem,
    pub max: LexItem,
    pub minex: bool,
    pub maxex: bool,
}

/// Redis's `sdscmplex` with a member on the left.
fn cmp_lex(value: &[u8], item: &LexItem) -> core::cmp::Ordering {
    use core::cmp::Ordering::*;
    match item {
        LexItem::Min => Greater,
        LexItem::Max => Less,
        LexItem::Str(s) => value.cmp(s.as_slice()),
    }
}

impl LexRange {
    #[inline]
    pub fn gte_min(&self, v: &[u8]) -> bool {
        let c = cmp_lex(v, &self.min);
        if self.minex {
            c.is_gt()
        } else {
            c.is_ge()
        }
    }

    #[inline]
    pub fn lte_max(&self, v: &[u8]) -> bool {
        let c = cmp_lex(v, &self.max);
        if self.maxex {
            c.is_lt()
        } else {
            c.is_le()
        }
    }
}

// ----- ZADD flags -----------------------------------------------------------------------------

/// Input flags of [`ZSet::add`] (Redis's `ZADD_IN_*`).
pub mod add_flags {
    pub const INCR: u8 = 1;
    pub const NX: u8 = 2;
    pub const XX: u8 = 4;
    pub const GT: u8 = 8;
    pub const LT: u8 = 16;
    /// Output: the member was added.
    pub const ADDED: u8 = 1;
    /// Output: the member's score changed.
    pub const UPDATED: u8 = 2;
    /// Output: nothing done because of NX/XX/GT/LT.
    pub const NOP: u8 = 4;
}

// ----- listpack ---------------------------------------------------------------------------------

/// The compact encoding: sorted entries in one buffer.
#[derive(Clone, Debug, Default)]
pub struct Listpack {
    buf: Vec<u8>,
    len: usize,
}

#[inline]
fn read_varint(buf: &[u8], mut off: usize) -> (usize, usize) {
    let mut v = 0usize;
    let mut shift = 0;
    loop {
        let b = buf[off];
        off += 1;
        v |= ((b & 0x7f) as usize) << shift;
        if b & 0x80 == 0 {
            return (v, off);
        }
        shift += 7;
    }
}

fn varint_len(mut v: usize) -> usize {
    let mut n = 1;
    while v >= 0x80 {
        v >>= 7;
        n += 1;
    }
    n
}

fn write_varint(out: &mut [u8], mut v: usize) -> usize {
    let mut i = 0;
    while v >= 0x80 {
        out[i] = (v as u8) | 0x80;
        v >>= 7;
        i += 1;
    }
    out[i] = v as u8;
    i + 1
}

/// Largest magnitude below which every integer is an exact f64.
const EXACT_INT: f64 = 9_007_199_254_740_992.0;

/// Bytes of an encoded score.
#[inline]
fn score_len(score: f64) -> usize {
    match score_int(score) {
        Some(i) => varint_len64(zigzag(i) << 1),
        None => 9,
    }
}

#[inline]
fn score_int(score: f64) -> Option<i64> {
    (score == libm::trunc(score) && score.abs() < EXACT_INT).then_some(score as i64)
}

#[inline]
fn zigzag(i: i64) -> u64 {
    ((i << 1) ^ (i >> 63)) as u64
}

fn varint_len64(mut v: u64) -> usize {
    let mut n = 1;
    while v >= 0x80 {
        v >>= 7;
        n += 1;
    }
    n
}

fn write_score(out: &mut [u8], score: f64) {
    match score_int(score) {
        Some(i) => {
            let mut v = zigzag(i) << 1;
            let mut k = 0;
            while v >= 0x80 {
                out[k] = (v as u8) | 0x80;
                v >>= 7;
                k += 1;
            }
            out[k] = v as u8;
        }
        None => {
            out[0] = 1;
            out[1..9].copy_from_slice(&score.to_le_bytes());
        }
    }
}

/// Decodes a score at `off`: (score, offset after it).
#[inline]
fn read_score(buf: &[u8], mut off: usize) -> (f64, usize) {
    if buf[off] == 1 {
        let mut b = [0u8; 8];
        b.copy_from_slice(&buf[off + 1..off + 9]);
        return (f64::from_le_bytes(b), off + 9);
    }
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = buf[off];
        off += 1;
        v |= ((b & 0x7f) as u64) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    let z = v >> 1;
    let i = ((z >> 1) as i64) ^ -((z & 1) as i64);
    (i as f64, off)
}

/// The offset after the score at `off`, without decoding it.
#[inline]
fn skip_score(buf: &[u8], mut off: usize) -> usize {
    if buf[off] == 1 {
        return off + 9;
    }
    while buf[off] & 0x80 != 0 {
        off += 1;
    }
    off + 1
}

/// `(score, member)` ordering: is `(s1, m1)` after `(s2, m2)`?
#[inline]
fn after(s1: f64, m1: &[u8], s2: f64, m2: &[u8]) -> bool {
    s1 > s2 || (s1 == s2 && m1 > m2)
}

impl Listpack {
    /// The entry at byte offset `off`: member, score and the next entry's offset.
    #[inline]
    fn at(&self, off: usize) -> (&[u8], f64, usize) {
        let (l, p) = read_varint(&self.buf, off);
        let m = &self.buf[p..p + l];
        let (score, next) = read_score(&self.buf, p + l);
        (m, score, next)
    }

    fn iter(&self) -> LpIter<'_> {
        LpIter { lp: self, off: 0 }
    }

    /// Offset and score of `member`. Every ZADD, ZSCORE and ZINCRBY scans for it, so scores
    /// are stepped over undecoded and members compared by words (`bytes::eq`).
    fn find(&self, member: &[u8]) -> Option<(usize, f64)> {
        let buf = &self.buf;
        let mut off = 0;
        while off < buf.len() {
            let (l, p) = read_varint(buf, off);
            let end = p + l;
            if crate::bytes::eq(&buf[p..end], member) {
                return Some((off, read_score(buf, end).0));
            }
            off = skip_score(buf, end);
        }
        None
    }

    /// Byte offsets of every entry, in order (for reverse walks and rank access).
    fn offsets(&self) -> Vec<usize> {
        self.iter().map(|(o, _, _)| o).collect()
    }

    /// Inserts a member known to be absent at its sorted position.
    fn insert(&mut self, member: &[u8], score: f64) {
        // Redis stores integral scores as listpack integers: -0 reads back as 0.
        let score = if score == 0.0 { 0.0 } else { score };
        let pos = self
            .iter()
            .find(|(_, m, s)| after(*s, m, score, member))
            .map_or(self.buf.len(), |(o, _, _)| o);
        self.insert_at(pos, member, score);
    }

    /// Appends an entry that sorts after every present one.
    fn push(&mut self, member: &[u8], score: f64) {
        let score = if score == 0.0 { 0.0 } else { score };
        self.insert_at(self.buf.len(), member, score);
    }

    fn insert_at(&mut self, pos: usize, member: &[u8], score: f64) {
        let n = varint_len(member.len()) + member.len() + score_len(score);
        let old = self.buf.len();
        self.buf.resize(old + n, 0);
        self.buf.copy_within(pos..old, pos + n);
        let w = write_varint(&mut self.buf[pos..], member.len());
        self.buf[pos + w..pos + w + member.len()].copy_from_slice(member);
        write_score(&mut self.buf[pos + w + member.len()..pos + n], score);
        self.len += 1;
    }

    fn remove_at(&mut self, off: usize) {
        let (_, _, end) = self.at(off);
        self.buf.drain(off..end);
        self.len -= 1;
        if self.buf.capacity() > 64 && self.buf.capacity() > self.buf.len() * 2 {
            self.buf.shrink_to(self.buf.len() + self.buf.len() / 4);
        }
    }

    /// Removes the entries from `from` (inclusive) to `to` (exclusive) byte offsets.
    fn remove_span(&mut self, from: usize, to: usize, count: usize) {
        self.buf.drain(from..to);
        self.len -= count;
        if self.buf.capacity() > 64 && self.buf.capacity() > self.buf.len() * 2 {
            self.buf.shrink_to(self.buf.len() + self.buf.len() / 4);
        }
    }
}

struct LpIter<'a> {
    lp: &'a Listpack,
    off: usize,
}

impl<'a> Iterator for LpIter<'a> {
    type Item = (usize, &'a [u8], f64);
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.off >= self.lp.buf.len() {
            return None;
        }
        let o = self.off;
        let (m, s, next) = self.lp.at(o);
        self.off = next;
        Some((o, m, s))
    }
}

// ----- skiplist ---------------------------------------------------------------------------------

const MAX_LEVEL: usize = 32;
/// Node 0 is the header; as a link, 0 means "none".
const HEAD: u32 = 0;
const NIL: u32 = 0;

#[derive(Clone, Copy, Debug, Default)]
struct Level {
    next: u32,
    span: u32,
}

#[derive(Clone, Debug)]
struct Node {
    member: ByteStr,
    score: f64,
    backward: u32,
    /// Level 0's link; its span is always 1 and not stored.
    next0: u32,
    /// Levels 1.. of the node.
    upper: Box<[Level]>,
}

const HASH_SEED: u64 = 0x5a5e_7d1c_9b3f_2e41;

#[inline]
fn hash(m: &[u8]) -> u64 {
    FixedState::with_seed(HASH_SEED).hash_one(m)
}

/// Redis's zskiplist plus its member index.
#[derive(Clone, Debug)]
pub struct Skiplist {
    nodes: Vec<Option<Node>>,
    free: Vec<u32>,
    index: HashTable<u32>,
    level: usize,
    len: usize,
    tail: u32,
    rng: u64,
    /// Heap bytes owned by nodes (long members, upper levels).
    heap_extra: usize,
}

impl Skiplist {
    fn new() -> Self {
        let header = Node {
            member: ByteStr::new(b""),
            score: 0.0,
            backward: NIL,
            next0: NIL,
            upper: vec![Level::default(); MAX_LEVEL - 1].into_boxed_slice(),
        };
        Skiplist {
            nodes: vec![Some(header)],
            free: Vec::new(),
            index: HashTable::new(),
            level: 1,
            len: 0,
            tail: NIL,
            rng: 0x9E37_79B9_7F4A_7C15,
            heap_extra: 0,
        }
    }

    #[inline]
    fn n(&self, x: u32) -> &Node {
        self.nodes[x as usize].as_ref().expect("live skiplist node")
    }

    #[inline]
    fn nm(&mut self, x: u32) -> &mut Node {
        self.nodes[x as usize].as_mut().expect("live skiplist node")
    }

    #[inline]
    fn next(&self, x: u32, i: usize) -> u32 {
        let n = self.n(x);
        if i == 0 {
            n.next0
        } else {
            n.upper[i - 1].next
        }
    }

    #[inline]
    fn span(&self, x: u32, i: usize) -> u32 {
        if i == 0 {
            1
        } else {
            self.n(x).upper[i - 1].span
        }
    }

    #[inline]
    fn set_next(&mut self, x: u32, i: usize, v: u32) {
        let n = self.nm(x);
        if i == 0 {
            n.next0 = v;
        } else {
            n.upper[i - 1].next = v;
        }
    }

    #[inline]
    fn set_span(&mut self, x: u32, i: usize, v: u32) {
        if i > 0 {
            self.nm(x).upper[i - 1].span = v;
        }
    }

    fn random_level(&mut self) -> usize {
        let mut level = 1;
        loop {
            // xorshift64*: P(level up) = 1/4, as Redis's ZSKIPLIST_P.
            self.rng ^= self.rng >> 12;
            self.rng ^= self.rng << 25;
            self.rng ^= self.rng >> 27;
            let r = self.rng.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32;
            if level < MAX_LEVEL && (r & 0xFFFF) < 0x4000 {
                level += 1;
            } else {
                return level;
            }
        }
    }

    #[inline]
    fn less(n: &Node, score: f64, member: &[u8]) -> bool {
        n.score < score || (n.score == score && n.member.as_bytes() < member)
    }

    fn find(&self, member: &[u8]) -> Option<u32> {
        let nodes = &self.nodes;
        self.index
            .find(hash(member), |&i| {
                nodes[i as usize]
                    .as_ref()
                    .is_some_and(|n| crate::bytes::eq(n.member.as_bytes(), member))
            })
            .copied()
    }

    fn alloc(&mut self, node: Node) -> u32 {
        self.heap_extra += node.member.heap_size();
        while let Some(i) = self.free.pop() {
            if (i as usize) < self.nodes.len() && self.nodes[i as usize].is_none() {
                self.nodes[i as usize] = Some(node);
                return i;
            }
        }
        self.nodes.push(Some(node));
        (self.nodes.len() - 1) as u32
    }

    fn release(&mut self, x: u32) -> Node {
        let node = self.nodes[x as usize].take().expect("live skiplist node");
        self.heap_extra -=
            node.member.heap_size() + node.upper.len() * core::mem::size_of::<Level>();
        if x as usize + 1 == self.nodes.len() {
            while self.nodes.len() > 1 && matches!(self.nodes.last(), Some(None)) {
                self.nodes.pop();
            }
        } else {
            self.free.push(x);
        }
        if self.len == 0 {
            self.nodes.truncate(1);
            self.free.clear();
        }
        node
    }

    fn index_insert(&mut self, id: u32) {
        let h = hash(self.n(id).member.as_bytes());
        let nodes = &self.nodes;
        self.index.insert_unique(h, id, |&i| {
            hash(
                nodes[i as usize]
                    .as_ref()
                    .map_or(&[][..], |n| n.member.as_bytes()),
            )
        });
    }

    fn index_remove(&mut self, id: u32) {
        let h = hash(self.n(id).member.as_bytes());
        if let Ok(e) = self.index.find_entry(h, |&i| i == id) {
            e.remove();
        }
        if self.index.capacity() > 64 && self.index.len() < self.index.capacity() / 8 {
            let nodes = &self.nodes;
            self.index.shrink_to(self.index.len() * 2, |&i| {
                hash(
                    nodes[i as usize]
                        .as_ref()
                        .map_or(&[][..], |n| n.member.as_bytes()),
                )
            });
        }
    }

    /// Links node `id` (with its score and member set) at its sorted position, with a fresh
    /// random level (Redis's zslInsert).
    #[allow(clippy::needless_range_loop)]
    fn link(&mut self, id: u32) {
        let score = self.n(id).score;
        let mut update = [HEAD; MAX_LEVEL];
        let mut rank = [0u32; MAX_LEVEL];
        let mut x = HEAD;
        for i in (0..self.level).rev() {
            rank[i] = if i == self.level - 1 { 0 } else { rank[i + 1] };
            loop {
                let nx = self.next(x, i);
                if nx != NIL && Self::less(self.n(nx), score, self.n(id).member.as_bytes()) {
                    rank[i] = rank[i].wrapping_add(self.span(x, i));
                    x = nx;
                } else {
                    break;
                }
            }
            update[i] = x;
        }
        let level = self.random_level();
        if level > self.level {
            for i in self.level..level {
                rank[i] = 0;
                update[i] = HEAD;
                self.set_span(HEAD, i, self.len as u32);
            }
            self.level = level;
        }
        self.nm(id).upper = vec![Level::default(); level - 1].into_boxed_slice();
        self.heap_extra += (level - 1) * core::mem::size_of::<Level>();
        for i in 0..level {
            let f = self.next(update[i], i);
            self.set_next(id, i, f);
            self.set_next(update[i], i, id);
            let us = self.span(update[i], i);
            self.set_span(id, i, us.wrapping_sub(rank[0].wrapping_sub(rank[i])));
            self.set_span(update[i], i, rank[0].wrapping_sub(rank[i]).wrapping_add(1));
        }
        for i in level..self.level {
            let s = self.span(update[i], i);
            self.set_span(update[i], i, s.wrapping_add(1));
        }
        let back = update[0];
        self.nm(id).backward = back;
        let n0 = self.n(id).next0;
        if n0 != NIL {
            self.nm(n0).backward = id;
        } else {
            self.tail = id;
        }
        self.len += 1;
    }

    fn insert(&mut self, member: &[u8], score: f64) -> u32 {
        let id = self.alloc(Node {
            member: ByteStr::new(member),
            score,
            backward: NIL,
            next0: NIL,
            upper: Box::new([]),
        });
        self.link(id);
        self.index_insert(id);
        id
    }

    /// The nodes after which node `id` sits, per level.
    fn update_path(&self, id: u32) -> [u32; MAX_LEVEL] {
        let key = self.n(id);
        let (score, member) = (key.score, key.member.as_bytes());
        let mut update = [HEAD; MAX_LEVEL];
        let mut x = HEAD;
        for i in (0..self.level).rev() {
            loop {
                let nx = self.next(x, i);
                if nx != NIL && Self::less(self.n(nx), score, member) {
                    x = nx;
                } else {
                    break;
                }
            }
            update[i] = x;
        }
        update
    }

    /// Redis's zslDeleteNode: unlinks `x` (the node also stays allocated).
    fn unlink(&mut self, x: u32, update: &[u32; MAX_LEVEL]) {
        for (i, &u) in update.iter().enumerate().take(self.level) {
            if self.next(u, i) == x {
                let s = self
                    .span(u, i)
                    .wrapping_add(self.span(x, i))
                    .wrapping_sub(1);
                self.set_span(u, i, s);
                let f = self.next(x, i);
                self.set_next(u, i, f);
            } else {
                let s = self.span(u, i).wrapping_sub(1);
                self.set_span(u, i, s);
            }
        }
        let (n0, back) = (self.n(x).next0, self.n(x).backward);
        if n0 != NIL {
            self.nm(n0).backward = back;
        } else {
            self.tail = back;
        }
        while self.level > 1 && self.next(HEAD, self.level - 1) == NIL {
            self.level -= 1;
        }
        self.len -= 1;
    }

    fn delete_node(&mut self, x: u32) -> Node {
        let update = self.update_path(x);
        self.unlink(x, &update);
        self.index_remove(x);
        self.release(x)
    }

    /// Redis's zslUpdateScore: in place when the order allows, else unlink and relink
    /// (the node keeps its arena slot).
    fn update_score(&mut self, x: u32, newscore: f64) {
        let back = self.n(x).backward;
        let n0 = self.n(x).next0;
        if (back == NIL || self.n(back).score < newscore)
            && (n0 == NIL || self.n(n0).score > newscore)
        {
            self.nm(x).score = newscore;
            return;
        }
        let update = self.update_path(x);
        self.unlink(x, &update);
        let old_upper = self.n(x).upper.len();
        self.heap_extra -= old_upper * core::mem::size_of::<Level>();
        let n = self.nm(x);
        n.score = newscore;
        n.backward = NIL;
        n.next0 = NIL;
        self.link(x);
    }

    /// 1-based rank of a present member.
    fn rank_of(&self, x: u32) -> usize {
        let (score, member) = {
            let n = self.n(x);
            (n.score, n.member.as_bytes())
        };
        let mut rank = 0usize;
        let mut y = HEAD;
        for i in (0..self.level).rev() {
            loop {
                let nx = self.next(y, i);
                if nx == NIL {
                    break;
                }
                let n = self.n(nx);
                if n.score < score || (n.score == score && n.member.as_bytes() <= member) {
                    rank += self.span(y, i) as usize;
                    y = nx;
                } else {
                    break;
                }
            }
            if y == x {
                return rank;
            }
        }
        rank
    }

    /// The node of 1-based `rank`, or NIL.
    fn by_rank(&self, rank: usize) -> u32 {
        let mut x = HEAD;
        let mut traversed = 0usize;
        for i in (0..self.level).rev() {
            loop {
                let nx = self.next(x, i);
                if nx != NIL && traversed + self.span(x, i) as usize <= rank {
                    traversed += self.span(x, i) as usize;
                    x = nx;
                } else {
                    break;
                }
            }
            if traversed == rank {
                return x;
            }
        }
        NIL
    }

    /// 1-based rank of the first node for which `out` is false (nodes for which it is true
    /// form a prefix), with the node; NIL/0 past the end.
    fn first_not(&self, out: impl Fn(&Node) -> bool) -> (u32, usize) {
        let mut x = HEAD;
        let mut rank = 0usize;
        for i in (0..self.level).rev() {
            loop {
                let nx = self.next(x, i);
                if nx != NIL && out(self.n(nx)) {
                    rank += self.span(x, i) as usize;
                    x = nx;
                } else {
                    break;
                }
            }
        }
        (self.n(x).next0, rank + 1)
    }

    /// Deletes 1-based ranks `start..=end` (Redis's zslDeleteRangeByRank).
    fn delete_rank_range(&mut self, start: usize, end: usize) -> usize {
        let mut update = [HEAD; MAX_LEVEL];
        let mut x = HEAD;
        let mut traversed = 0usize;
        for i in (0..self.level).rev() {
            loop {
                let nx = self.next(x, i);
                if nx != NIL && traversed + (self.span(x, i) as usize) < start {
                    traversed += self.span(x, i) as usize;
                    x = nx;
                } else {
                    break;
                }
            }
            update[i] = x;
        }
        traversed += 1;
        x = self.n(x).next0;
        let mut removed = 0;
        while x != NIL && traversed <= end {
            let nx = self.n(x).next0;
            self.unlink(x, &update);
            self.index_remove(x);
            self.release(x);
            removed += 1;
            traversed += 1;
            x = nx;
        }
        removed
    }

    fn heap_size(&self) -> usize {
        self.nodes.capacity() * core::mem::size_of::<Option<Node>>()
            + self.free.capacity() * 4
            + self.index.capacity() * 5
            + self.heap_extra
            + (MAX_LEVEL - 1) * core::mem::size_of::<Level>()
    }
}

// ----- the sorted set ---------------------------------------------------------------------------

/// A sorted set in Redis's encoding for its size.
#[derive(Clone, Debug)]
pub enum ZSet {
    Listpack(Listpack),
    Skiplist(Box<Skiplist>),
}

impl Default for ZSet {
    fn default() -> Self {
        ZSet::new_listpack()
    }
}

impl ZSet {
    pub fn new_listpack() -> ZSet {
        ZSet::Listpack(Listpack::default())
    }

    pub fn new_skiplist() -> ZSet {
        ZSet::Skiplist(Box::new(Skiplist::new()))
    }

    /// A set from `(member, score)` pairs sorted by (score, member), without duplicates.
    pub fn from_sorted<M: AsRef<[u8]>>(
        items: impl IntoIterator<Item = (M, f64)>,
        listpack: bool,
    ) -> ZSet {
        if listpack {
            let mut lp = Listpack::default();
            for (m, s) in items {
                lp.push(m.as_ref(), s);
            }
            ZSet::Listpack(lp)
        } else {
            let mut sl = Skiplist::new();
            for (m, s) in items {
                sl.insert(m.as_ref(), s);
            }
            ZSet::Skiplist(Box::new(sl))
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        match self {
            ZSet::Listpack(lp) => lp.len,
            ZSet::Skiplist(sl) => sl.len,
        }
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_listpack(&self) -> bool {
        matches!(self, ZSet::Listpack(_))
    }

    pub fn encoding(&self) -> &'static str {
        match self {
            ZSet::Listpack(_) => "listpack",
            ZSet::Skiplist(_) => "skiplist",
        }
    }

    pub fn heap_size(&self) -> usize {
        match self {
            ZSet::Listpack(lp) => lp.buf.capacity(),
            ZSet::Skiplist(sl) => core::mem::size_of::<Skiplist>() + sl.heap_size(),
        }
    }

    /// Converts to the skiplist encoding (no-op if already).
    pub fn convert_to_skiplist(&mut self) {
        if let ZSet::Listpack(lp) = self {
            let mut sl = Skiplist::new();
            for (_, m, s) in lp.iter() {
                sl.insert(m, s);
            }
            *self = ZSet::Skiplist(Box::new(sl));
        }
    }

    /// The score of `member`.
    pub fn score(&self, member: &[u8]) -> Option<f64> {
        match self {
            ZSet::Listpack(lp) => lp.find(member).map(|(_, s)| s),
            ZSet::Skiplist(sl) => sl.find(member).map(|x| sl.n(x).score),
        }
    }

    /// Redis's `zsetAdd`: adds or updates `member` per `flags` ([`add_flags`]). Returns the
    /// output flags and the member's resulting score, or `None` when the result is NaN.
    /// A listpack is converted when the new member would break `max_entries`/`max_value`.
    pub fn add(
        &mut self,
        member: &[u8],
        mut score: f64,
        flags: u8,
        max_entries: usize,
        max_value: usize,
    ) -> Option<(u8, f64)> {
        use add_flags::*;
        let (incr, nx, xx, gt, lt) = (
            flags & INCR != 0,
            flags & NX != 0,
            flags & XX != 0,
            flags & GT != 0,
            flags & LT != 0,
        );
        if score.is_nan() {
            return None;
        }
        if let ZSet::Listpack(lp) = self {
            match lp.find(member) {
                Some((off, cur)) => {
                    if nx {
                        return Some((NOP, score));
                    }
                    if incr {
                        score += cur;
                        if score.is_nan() {
                            return None;
                        }
                    }
                    if (lt && score >= cur) || (gt && score <= cur) {
                        return Some((NOP, score));
                    }
                    if score != cur {
                        lp.remove_at(off);
                        lp.insert(member, score);
                        return Some((UPDATED, score));
                    }
                    return Some((0, score));
                }
                None if !xx => {
                    if lp.len + 1 > max_entries || member.len() > max_value {
                        self.convert_to_skiplist();
                    } else {
                        lp.insert(member, score);
                        return Some((ADDED, score));
                    }
                }
                None => return Some((NOP, score)),
            }
        }
        let ZSet::Skiplist(sl) = self else {
            unreachable!()
        };
        match sl.find(member) {
            Some(x) => {
                if nx {
                    return Some((NOP, score));
                }
                let cur = sl.n(x).score;
                if incr {
                    score += cur;
                    if score.is_nan() {
                        return None;
                    }
                }
                if (lt && score >= cur) || (gt && score <= cur) {
                    return Some((NOP, score));
                }
                if score != cur {
                    sl.update_score(x, score);
                    return Some((UPDATED, score));
                }
                Some((0, score))
            }
            None if !xx => {
                sl.insert(member, score);
                Some((ADDED, score))
            }
            None => Some((NOP, score)),
        }
    }

    /// Removes `member`; true if it was there.
    pub fn remove(&mut self, member: &[u8]) -> bool {
        match self {
            ZSet::Listpack(lp) => match lp.find(member) {
                Some((off, _)) => {
                    lp.remove_at(off);
                    true
                }
                None => false,
            },
            ZSet::Skiplist(sl) => match sl.find(member) {
                Some(x) => {
                    sl.delete_node(x);
                    true
                }
                None => false,
            },
        }
    }

    /// 0-based ascending rank of `member`.
    pub fn rank(&self, member: &[u8]) -> Option<usize> {
        match self {
            ZSet::Listpack(lp) => lp.iter().position(|(_, m, _)| m == member),
            ZSet::Skiplist(sl) => sl.find(member).map(|x| sl.rank_of(x) - 1),
        }
    }

    /// Calls `f` on each member from ascending rank `start` (0-based), towards higher
    /// ranks, or lower ones when `rev`, while `f` returns true.
    pub fn walk<'a>(&'a self, start: usize, rev: bool, mut f: impl FnMut(&'a [u8], f64) -> bool) {
        if start >= self.len() {
            return;
        }
        match self {
            ZSet::Listpack(lp) => {
                if rev {
                    let offs = lp.offsets();
                    for &o in offs[..=start].iter().rev() {
                        let (m, s, _) = lp.at(o);
                        if !f(m, s) {
                            return;
                        }
                    }
                } else {
                    for (_, m, s) in lp.iter().skip(start) {
                        if !f(m, s) {
                            return;
                        }
                    }
                }
            }
            ZSet::Skiplist(sl) => {
                let mut x = if rev && start + 1 == sl.len {
                    sl.tail
                } else if !rev && start == 0 {
                    sl.n(HEAD).next0
                } else {
                    sl.by_rank(start + 1)
                };
                while x != NIL {
                    let n = sl.n(x);
                    if !f(n.member.as_bytes(), n.score) {
                        return;
                    }
                    x = if rev { n.backward } else { n.next0 };
                }
            }
        }
    }

    /// Every member in ascending order (SORT, ZSCAN of a listpack, copies).
    pub fn for_each<'a>(&'a self, mut f: impl FnMut(&'a [u8], f64)) {
        self.walk(0, false, |m, s| {
            f(m, s);
            true
        });
    }

    /// The member at 0-based ascending `rank`.
    pub fn get(&self, rank: usize) -> Option<(&[u8], f64)> {
        if rank >= self.len() {
            return None;
        }
        match self {
            ZSet::Listpack(lp) => lp.iter().nth(rank).map(|(_, m, s)| (m, s)),
            ZSet::Skiplist(sl) => {
                let n = sl.n(sl.by_rank(rank + 1));
                Some((n.member.as_bytes(), n.score))
            }
        }
    }

    /// Ascending rank of the first member for which `out` is false, when the members for
    /// which it is true form a prefix of the order; `len()` if none.
    fn partition_point(&self, out: impl Fn(f64, &[u8]) -> bool) -> usize {
        match self {
            ZSet::Listpack(lp) => lp.iter().position(|(_, m, s)| !out(s, m)).unwrap_or(lp.len),
            ZSet::Skiplist(sl) => {
                let (x, rank) = sl.first_not(|n| out(n.score, n.member.as_bytes()));
                if x == NIL {
                    sl.len
                } else {
                    rank - 1
                }
            }
        }
    }

    /// Ranks (0-based, ascending, inclusive) of the members within `r`, if any.
    pub fn score_range_ranks(&self, r: &ScoreRange) -> Option<(usize, usize)> {
        let first = self.partition_point(|s, _| !r.gte_min(s));
        let end = self.partition_point(|s, _| r.lte_max(s));
        if first < end {
            Some((first, end - 1))
        } else {
            None
        }
    }

    /// Redis's `zzlIsInLexRange` / `zslIsInLexRange`: the range is not empty by its bounds,
    /// the last member is >= min and the first <= max.
    fn lex_in_range(&self, r: &LexRange) -> bool {
        use core::cmp::Ordering::*;
        let cmp = match (&r.min, &r.max) {
            (LexItem::Min, LexItem::Min) | (LexItem::Max, LexItem::Max) => Equal,
            (LexItem::Min, _) | (_, LexItem::Max) => Less,
            (LexItem::Max, _) | (_, LexItem::Min) => Greater,
            (LexItem::Str(a), LexItem::Str(b)) => a.cmp(b),
        };
        if cmp == Greater || (cmp == Equal && (r.minex || r.maxex)) || self.is_empty() {
            return false;
        }
        let (Some((first, _)), Some((last, _))) = (self.get(0), self.get(self.len() - 1)) else {
            return false;
        };
        r.gte_min(last) && r.lte_max(first)
    }

    /// Ascending rank of the first member of a lex range, found as Redis finds it (a linear
    /// scan of a listpack, a skiplist descent): lex ranges assume members of equal scores,
    /// and these are the exact results Redis gives otherwise for a listpack.
    pub fn lex_first(&self, r: &LexRange) -> Option<usize> {
        if !self.lex_in_range(r) {
            return None;
        }
        match self {
            ZSet::Listpack(lp) => {
                let (i, (_, m, _)) = lp.iter().enumerate().find(|(_, (_, m, _))| r.gte_min(m))?;
                r.lte_max(m).then_some(i)
            }
            ZSet::Skiplist(sl) => {
                let (x, rank) = sl.first_not(|n| !r.gte_min(n.member.as_bytes()));
                (x != NIL && r.lte_max(sl.n(x).member.as_bytes())).then(|| rank - 1)
            }
        }
    }

    /// Ascending rank of the last member of a lex range, found as Redis finds it.
    pub fn lex_last(&self, r: &LexRange) -> Option<usize> {
        if !self.lex_in_range(r) {
            return None;
        }
        match self {
            ZSet::Listpack(lp) => {
                let offs = lp.offsets();
                let i = offs.iter().rposition(|&o| r.lte_max(lp.at(o).0))?;
                r.gte_min(lp.at(offs[i]).0).then_some(i)
            }
            ZSet::Skiplist(sl) => {
                let (x, rank) = sl.first_not(|n| r.lte_max(n.member.as_bytes()));
                let last = if x == NIL { sl.tail } else { sl.n(x).backward };
                (last != NIL && r.gte_min(sl.n(last).member.as_bytes())).then(|| rank - 2)
            }
        }
    }

    /// ZLEXCOUNT as Redis computes it: members from the first of the range while <= max
    /// (listpack), or the difference of the first's and the last's ranks (skiplist, in
    /// unsigned arithmetic).
    pub fn lex_count(&self, r: &LexRange) -> i64 {
        let Some(first) = self.lex_first(r) else {
            return 0;
        };
        match self {
            ZSet::Listpack(_) => {
                let mut n = 0i64;
                self.walk(first, false, |m, _| {
                    if r.lte_max(m) {
                        n += 1;
                        true
                    } else {
                        false
                    }
                });
                n
            }
            ZSet::Skiplist(_) => {
                let len = self.len() as u64;
                let mut count = len.wrapping_sub(first as u64);
                if let Some(last) = self.lex_last(r) {
                    count = count.wrapping_sub(len.wrapping_sub(last as u64 + 1));
                }
                count as i64
            }
        }
    }

    /// ZREMRANGEBYLEX as Redis does it: from the first member >= min (found as for
    /// [`ZSet::lex_first`] on a listpack, by a bare descent on a skiplist), every following
    /// member while <= max. Returns how many were removed.
    pub fn lex_remove(&mut self, r: &LexRange) -> usize {
        let first = match self {
            ZSet::Listpack(_) => self.lex_first(r),
            ZSet::Skiplist(sl) => {
                let (x, rank) = sl.first_not(|n| !r.gte_min(n.member.as_bytes()));
                (x != NIL).then(|| rank - 1)
            }
        };
        let Some(first) = first else { return 0 };
        let mut n = 0usize;
        self.walk(first, false, |m, _| {
            if r.lte_max(m) {
                n += 1;
                true
            } else {
                false
            }
        });
        if n == 0 {
            return 0;
        }
        self.remove_rank_range(first, first + n - 1)
    }

    /// Removes ascending ranks `start..=end` (0-based); returns how many.
    pub fn remove_rank_range(&mut self, start: usize, end: usize) -> usize {
        let end = end.min(self.len().saturating_sub(1));
        if start > end || start >= self.len() {
            return 0;
        }
        match self {
            ZSet::Listpack(lp) => {
                let offs = lp.offsets();
                let from = offs[start];
                let to = offs.get(end + 1).copied().unwrap_or(lp.buf.len());
                lp.remove_span(from, to, end - start + 1);
                end - start + 1
            }
            ZSet::Skiplist(sl) => sl.delete_rank_range(start + 1, end + 1),
        }
    }

    /// Removes and returns the lowest (or, with `max`, the highest) member.
    pub fn pop(&mut self, max: bool) -> Option<(Vec<u8>, f64)> {
        if self.is_empty() {
            return None;
        }
        match self {
            ZSet::Listpack(lp) => {
                let off = if max { *lp.offsets().last()? } else { 0 };
                let (m, s, _) = lp.at(off);
                let out = (m.to_vec(), s);
                lp.remove_at(off);
                Some(out)
            }
            ZSet::Skiplist(sl) => {
                let x = if max { sl.tail } else { sl.n(HEAD).next0 };
                let n = sl.delete_node(x);
                Some((n.member.to_vec(), n.score))
            }
        }
    }

    /// A uniformly random member.
    pub fn random(&self, rng: &mut fastrand::Rng) -> Option<(&[u8], f64)> {
        if self.is_empty() {
            return None;
        }
        match self {
            ZSet::Listpack(lp) => lp.iter().nth(rng.usize(0..lp.len)).map(|(_, m, s)| (m, s)),
            ZSet::Skiplist(sl) => loop {
                let i = rng.usize(1..sl.nodes.len());
                if let Some(n) = &sl.nodes[i] {
                    return Some((n.member.as_bytes(), n.score));
                }
            },
        }
    }

    /// For a skiplist: visits nodes by arena slot from `cursor` until `count` were seen (or
    /// 10x as many empty slots skipped); returns the next cursor, 0 at the end. A listpack
    /// is visited whole in one call (as Redis does), returning 0.
    pub fn scan<'a>(&'a self, cursor: u64, count: usize, mut f: impl FnMut(&'a [u8], f64)) -> u64 {
        match self {
            ZSet::Listpack(_) => {
                self.for_each(f);
                0
            }
            ZSet::Skiplist(sl) => {
                let n = sl.nodes.len() as u64;
                let mut i = cursor.max(1);
                let mut seen = 0usize;
                let mut budget = count.saturating_mul(10).max(1);
                while i < n && seen < count && budget > 0 {
                    if let Some(node) = &sl.nodes[i as usize] {
                        f(node.member.as_bytes(), node.score);
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
        }
    }

    /// The length of the longest member (for conversions of computed results).
    pub fn max_member_len(&self) -> usize {
        let mut m = 0;
        self.for_each(|x, _| m = m.max(x.len()));
        m
    }
}

#[cfg(test)]
mod score_encoding_tests {
    use super::*;

    #[test]
    fn scores_round_trip_in_few_bytes() {
        for s in [0.0, 1.0, -1.0, 63.0, 64.0, -65.0, 1e15, -9_007_199_254_740_991.0, 9_007_199_254_740_992.0, 0.5, -2.25, 1e300, f64::INFINITY, f64::NEG_INFINITY, f64::MIN_POSITIVE] {
            let mut buf = [0u8; 16];
            write_score(&mut buf, s);
            let (back, end) = read_score(&buf, 0);
            assert_eq!(back.to_bits(), s.to_bits(), "{s}");
            assert_eq!(end, score_len(s), "{s}");
        }
        assert_eq!(score_len(5.0), 1);
        assert_eq!(score_len(1000.0), 2);
        assert_eq!(score_len(0.5), 9);
        for s in [0.0, 1e15, -9_007_199_254_740_991.0, 0.5, f64::INFINITY] {
            let mut buf = [0u8; 16];
            write_score(&mut buf, s);
            assert_eq!(skip_score(&buf, 0), score_len(s), "{s}");
        }
    }

    #[test]
    fn listpack_find_steps_over_every_score_width() {
        let mut lp = Listpack { buf: Vec::new(), len: 0 };
        let members: [&[u8]; 7] = [b"", b"a", b"ba", b"ca", b"long member name", b"x\0y", b"m1"];
        let scores = [0.5, -3.0, 1e15, 2.0, f64::INFINITY, -0.25, 64.0];
        for (m, s) in members.iter().zip(scores) {
            lp.insert(m, s);
        }
        for (m, s) in members.iter().zip(scores) {
            let (off, score) = lp.find(m).expect("present");
            assert_eq!(score, s);
            assert_eq!(lp.at(off).0, *m);
        }
        for absent in [&b"b"[..], b"da", b"long member namE", b"m2", b"x\0"] {
            assert!(lp.find(absent).is_none(), "{absent:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    fn members(z: &ZSet) -> Vec<(Vec<u8>, f64)> {
        let mut v = Vec::new();
        z.for_each(|m, s| v.push((m.to_vec(), s)));
        v
    }

    /// A reference model: sorted Vec.
    fn model_sorted(v: &mut [(Vec<u8>, f64)]) {
        v.sort_by(|a, b| a.1.partial_cmp(&b.1).unwrap().then_with(|| a.0.cmp(&b.0)));
    }

    #[test]
    fn both_encodings_agree_with_a_model_under_random_operations() {
        let mut rng = fastrand::Rng::with_seed(7);
        for round in 0..6 {
            let mut lp = ZSet::new_listpack();
            let mut sl = ZSet::new_skiplist();
            let mut model: Vec<(Vec<u8>, f64)> = Vec::new();
            let n_ops = if round < 3 { 400 } else { 3000 };
            for _ in 0..n_ops {
                let m = format!("m{}", rng.u32(0..200)).into_bytes();
                let s = rng.i32(-20..20) as f64 / 2.0;
                match rng.u32(0..10) {
                    0..=5 => {
                        let a = lp.add(&m, s, 0, usize::MAX, usize::MAX).unwrap();
                        let b = sl.add(&m, s, 0, 0, 0).unwrap();
                        assert_eq!(a, b);
                        match model.iter_mut().find(|e| e.0 == m) {
                            Some(e) => e.1 = s,
                            None => model.push((m, s)),
                        }
                    }
                    6 | 7 => {
                        let a = lp.remove(&m);
                        assert_eq!(a, sl.remove(&m));
                        let had = model.iter().position(|e| e.0 == m);
                        assert_eq!(a, had.is_some());
                        if let Some(p) = had {
                            model.remove(p);
                        }
                    }
                    8 => {
                        let max = rng.bool();
                        let a = lp.pop(max);
                        assert_eq!(a, sl.pop(max));
                        model_sorted(&mut model);
                        let b = if max {
                            model.pop()
                        } else if model.is_empty() {
                            None
                        } else {
                            Some(model.remove(0))
                        };
                        assert_eq!(a, b);
                    }
                    _ => {
                        let start = rng.usize(0..10);
                        let end = start + rng.usize(0..5);
                        let a = lp.remove_rank_range(start, end);
                        let b = sl.remove_rank_range(start, end);
                        assert_eq!(a, b);
                        model_sorted(&mut model);
                        let e = end.min(model.len().saturating_sub(1));
                        if start < model.len() && start <= e {
                            model.drain(start..=e);
                        }
                    }
                }
                model_sorted(&mut model);
                assert_eq!(members(&lp), model);
                assert_eq!(members(&sl), model);
            }
            for (i, (m, _)) in model.iter().enumerate() {
                assert_eq!(lp.rank(m), Some(i));
                assert_eq!(sl.rank(m), Some(i));
                assert_eq!(sl.get(i).unwrap().0, m.as_slice());
            }
            let r = ScoreRange {
                min: -3.0,
                max: 4.5,
                minex: true,
                maxex: false,
            };
            let want: Vec<usize> = model
                .iter()
                .enumerate()
                .filter(|(_, e)| r.gte_min(e.1) && r.lte_max(e.1))
                .map(|(i, _)| i)
                .collect();
            let got = want.first().map(|&f| (f, *want.last().unwrap()));
            assert_eq!(lp.score_range_ranks(&r), got);
            assert_eq!(sl.score_range_ranks(&r), got);
            let mut rev = Vec::new();
            if !model.is_empty() {
                sl.walk(model.len() - 1, true, |m, _| {
                    rev.push(m.to_vec());
                    true
                });
            }
            let mut want_rev: Vec<Vec<u8>> = model.iter().map(|e| e.0.clone()).collect();
            want_rev.reverse();
            assert_eq!(rev, want_rev);
        }
    }

    #[test]
    fn listpack_stores_minus_zero_as_zero() {
        let mut z = ZSet::new_listpack();
        z.add(b"a", -0.0, 0, 128, 64);
        assert!(z.score(b"a").unwrap().is_sign_positive());
        let mut s = ZSet::new_skiplist();
        s.add(b"a", -0.0, 0, 128, 64);
        assert!(s.score(b"a").unwrap().is_sign_negative());
    }

    #[test]
    fn converts_when_limits_are_crossed() {
        let mut z = ZSet::new_listpack();
        for i in 0..3 {
            z.add(format!("{i}").as_bytes(), i as f64, 0, 3, 5);
        }
        assert_eq!(z.encoding(), "listpack");
        z.add(b"x", 1.0, 0, 3, 5);
        assert_eq!(z.encoding(), "skiplist");
        let mut z = ZSet::new_listpack();
        z.add(b"123456", 1.0, 0, 3, 5);
        assert_eq!(z.encoding(), "skiplist");
        assert_eq!(z.len(), 1);
    }
}
