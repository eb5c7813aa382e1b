//! Streams, as Redis 7.0's t_stream.c keeps them: entries ordered by ID in "macro nodes"
//! (Redis: listpacks in a radix tree keyed by each node's first ID), consumer groups with
//! their pending entries lists (PEL).
//!
//! Representation. `nodes` is a B-tree from a node's master ID (the ID of the first entry
//! appended to it) to a [`Node`]: one byte buffer holding the master field names, then the
//! entries. An entry whose field names equal the master's stores only its values, as in
//! Redis, so a typical stream costs a few bytes per entry beyond its values:
//!
//! ```text
//! master fields: (len varint, bytes)*
//! entry:         flags u8 | ms-delta varint | seq varint | [nfields varint]
//!                | ([field len varint, field bytes] value len varint, value bytes)*
//! ```
//!
//! Seeking is O(log n) in the B-tree plus a scan of one node (at most
//! `stream-node-max-entries` entries), appending is O(1) amortized. Deleted entries stay in
//! their node as tombstones (flag bit 0) until the node goes, exactly as Redis does,
//! because what users can observe depends on it: approximate trimming (`~`) removes whole
//! nodes only, XINFO STREAM reports the node count (`radix-tree-keys`) and the size of the
//! radix tree (`radix-tree-nodes`, computed by [`Stream::rax_nodes`]), and a node closes when
//! it holds `stream-node-max-entries` entries (tombstones included) or its listpack would
//! reach `stream-node-max-bytes`. For that last rule each node tracks the byte size the
//! same node has as a Redis listpack ([`Node::lp_bytes`]).

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::sync::Arc;
use alloc::vec::Vec;

/// A stream entry ID, `<ms>-<seq>`, ordered as Redis orders them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StreamId {
    pub ms: u64,
    pub seq: u64,
}

impl StreamId {
    pub const MIN: StreamId = StreamId { ms: 0, seq: 0 };
    pub const MAX: StreamId = StreamId {
        ms: u64::MAX,
        seq: u64::MAX,
    };

    pub const fn new(ms: u64, seq: u64) -> Self {
        StreamId { ms, seq }
    }

    pub fn is_zero(self) -> bool {
        self.ms == 0 && self.seq == 0
    }

    /// The following ID, or None after the last possible one (Redis's `streamIncrID` error).
    pub fn next(self) -> Option<StreamId> {
        if self.seq == u64::MAX {
            if self.ms == u64::MAX {
                None
            } else {
                Some(StreamId::new(self.ms + 1, 0))
            }
        } else {
            Some(StreamId::new(self.ms, self.seq + 1))
        }
    }

    /// The preceding ID, or None before 0-0 (Redis's `streamDecrID` error).
    pub fn prev(self) -> Option<StreamId> {
        if self.seq == 0 {
            if self.ms == 0 {
                None
            } else {
                Some(StreamId::new(self.ms - 1, u64::MAX))
            }
        } else {
            Some(StreamId::new(self.ms, self.seq - 1))
        }
    }

    /// `<ms>-<seq>` as text.
    pub fn text(self) -> IdText {
        let mut t = IdText {
            buf: [0; 41],
            len: 0,
        };
        let mut b = itoa::Buffer::new();
        let ms = b.format(self.ms).as_bytes();
        t.buf[..ms.len()].copy_from_slice(ms);
        let mut n = ms.len();
        t.buf[n] = b'-';
        n += 1;
        let seq = b.format(self.seq).as_bytes();
        t.buf[n..n + seq.len()].copy_from_slice(seq);
        t.len = (n + seq.len()) as u8;
        t
    }

    /// The 128-bit big-endian key Redis's radix tree uses.
    fn key(self) -> [u8; 16] {
        let mut k = [0u8; 16];
        k[..8].copy_from_slice(&self.ms.to_be_bytes());
        k[8..].copy_from_slice(&self.seq.to_be_bytes());
        k
    }
}

/// A formatted stream ID (at most 41 bytes), without allocation.
#[derive(Clone, Copy)]
pub struct IdText {
    buf: [u8; 41],
    len: u8,
}

impl IdText {
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len as usize]
    }
}

impl core::ops::Deref for IdText {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_bytes()
    }
}

// ----- listpack sizes ----------------------------------------------------------------------

/// Size of a listpack element's back-length field for an element of `l` bytes.
fn lp_backlen_len(l: usize) -> usize {
    if l <= 127 {
        1
    } else if l < 16383 {
        2
    } else if l < 2_097_151 {
        3
    } else if l < 268_435_455 {
        4
    } else {
        5
    }
}

/// Bytes a listpack element holding the integer `v` takes (encoding, data, back-length).
fn lp_int_len(v: i64) -> usize {
    let enc = if (0..=127).contains(&v) {
        1
    } else if (-4096..=4095).contains(&v) {
        2
    } else if (-32768..=32767).contains(&v) {
        3
    } else if (-8_388_608..=8_388_607).contains(&v) {
        4
    } else if (-2_147_483_648..=2_147_483_647).contains(&v) {
        5
    } else {
        9
    };
    enc + 1
}

/// Bytes a listpack element holding `s` takes; strings that are canonical integers are
/// stored as integers, as `lpAppend` does.
fn lp_str_len(s: &[u8]) -> usize {
    if let Some(v) = crate::num::parse_i64(s) {
        return lp_int_len(v);
    }
    let l = s.len();
    let enc = if l < 64 {
        1 + l
    } else if l < 4096 {
        2 + l
    } else {
        5 + l
    };
    enc + lp_backlen_len(enc)
}

/// A listpack is never allowed past 1 GB (Redis's STREAM_LISTPACK_MAX_SIZE).
pub const LISTPACK_MAX_SIZE: u64 = 1 << 30;

// ----- varints -------------------------------------------------------------------------------

#[inline]
fn put_varint(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

#[inline]
fn get_varint(buf: &[u8], pos: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = buf[*pos];
        *pos += 1;
        v |= ((b & 0x7f) as u64) << shift;
        if b & 0x80 == 0 {
            return v;
        }
        shift += 7;
    }
}

#[inline]
fn get_bytes<'a>(buf: &'a [u8], pos: &mut usize) -> &'a [u8] {
    let len = get_varint(buf, pos) as usize;
    let s = &buf[*pos..*pos + len];
    *pos += len;
    s
}

// ----- nodes ---------------------------------------------------------------------------------

const FLAG_DELETED: u8 = 1;
const FLAG_SAMEFIELDS: u8 = 2;

/// One macro node: the entries appended after its master entry, up to the node limits.
#[derive(Clone, Debug)]
struct Node {
    /// Master field names, then the entries (layout in the module docs).
    data: Vec<u8>,
    /// Offset of the first entry in `data`.
    entries_at: u32,
    master_fields: u32,
    /// Live entries and tombstones.
    live: u32,
    deleted: u32,
    /// Listpack bytes of everything but the header, the end byte and the two counters.
    lp_body: u32,
}

/// An entry's decoded header.
#[derive(Clone, Copy)]
struct Hdr {
    flags: u8,
    id: StreamId,
    nfields: usize,
    /// Offset of the first field (or value, with SAMEFIELDS).
    fields_at: usize,
    /// Offset just past the entry.
    end: usize,
}

impl Node {
    fn new(fields: &[&[u8]]) -> Node {
        let nfields = fields.len() / 2;
        let mut data = Vec::new();
        let mut lp_body = lp_int_len(nfields as i64) + lp_int_len(0);
        for f in fields.iter().step_by(2) {
            put_varint(&mut data, f.len() as u64);
            data.extend_from_slice(f);
            lp_body += lp_str_len(f);
        }
        let entries_at = data.len() as u32;
        Node {
            data,
            entries_at,
            master_fields: nfields as u32,
            live: 0,
            deleted: 0,
            lp_body: lp_body as u32,
        }
    }

    /// The size this node has as a Redis listpack.
    fn lp_bytes(&self) -> u64 {
        (7 + lp_int_len(self.live as i64) + lp_int_len(self.deleted as i64)) as u64
            + self.lp_body as u64
    }

    fn master_field_names(&self) -> impl Iterator<Item = &[u8]> {
        let data = &self.data[..self.entries_at as usize];
        let mut pos = 0;
        (0..self.master_fields).map(move |_| get_bytes(data, &mut pos))
    }

    fn same_fields(&self, fields: &[&[u8]]) -> bool {
        fields.len() / 2 == self.master_fields as usize
            && self
                .master_field_names()
                .zip(fields.iter().step_by(2))
                .all(|(a, b)| a == *b)
    }

    fn append(&mut self, master: StreamId, id: StreamId, fields: &[&[u8]]) {
        let nfields = fields.len() / 2;
        let same = self.same_fields(fields);
        let flags = if same { FLAG_SAMEFIELDS } else { 0 };
        self.data.push(flags);
        let ms_delta = id.ms.wrapping_sub(master.ms);
        put_varint(&mut self.data, ms_delta);
        put_varint(&mut self.data, id.seq);
        let seq_delta = id.seq.wrapping_sub(master.seq);
        let mut lp =
            lp_int_len(flags as i64) + lp_int_len(ms_delta as i64) + lp_int_len(seq_delta as i64);
        if !same {
            put_varint(&mut self.data, nfields as u64);
            lp += lp_int_len(nfields as i64);
        }
        for pair in fields.chunks(2) {
            if !same {
                put_varint(&mut self.data, pair[0].len() as u64);
                self.data.extend_from_slice(pair[0]);
                lp += lp_str_len(pair[0]);
            }
            put_varint(&mut self.data, pair[1].len() as u64);
            self.data.extend_from_slice(pair[1]);
            lp += lp_str_len(pair[1]);
        }
        let lp_count = if same { nfields + 3 } else { 2 * nfields + 4 };
        lp += lp_int_len(lp_count as i64);
        self.lp_body = self.lp_body.saturating_add(lp as u32);
        self.live += 1;
    }

    fn hdr(&self, master: StreamId, pos: usize) -> Hdr {
        let d = &self.data;
        let flags = d[pos];
        let mut p = pos + 1;
        let ms = master.ms.wrapping_add(get_varint(d, &mut p));
        let seq = get_varint(d, &mut p);
        let same = flags & FLAG_SAMEFIELDS != 0;
        let nfields = if same {
            self.master_fields as usize
        } else {
            get_varint(d, &mut p) as usize
        };
        let fields_at = p;
        for _ in 0..nfields {
            if !same {
                let l = get_varint(d, &mut p) as usize;
                p += l;
            }
            let l = get_varint(d, &mut p) as usize;
            p += l;
        }
        Hdr {
            flags,
            id: StreamId::new(ms, seq),
            nfields,
            fields_at,
            end: p,
        }
    }

    /// Offsets of all entries (tombstones included), in order.
    fn offsets(&self, master: StreamId) -> Vec<usize> {
        let mut out = Vec::with_capacity((self.live + self.deleted) as usize);
        let mut pos = self.entries_at as usize;
        while pos < self.data.len() {
            out.push(pos);
            pos = self.hdr(master, pos).end;
        }
        out
    }

    /// ID of the last entry, tombstones included (`lpGetEdgeStreamID(lp, 0, ...)`).
    fn last_id_any(&self, master: StreamId) -> StreamId {
        let mut pos = self.entries_at as usize;
        let mut last = master;
        while pos < self.data.len() {
            let h = self.hdr(master, pos);
            last = h.id;
            pos = h.end;
        }
        last
    }
}

/// A live entry found by an iteration: its ID and field-value pairs.
pub struct EntryRef<'a> {
    pub id: StreamId,
    node: &'a Node,
    hdr: Hdr,
}

impl<'a> EntryRef<'a> {
    pub fn nfields(&self) -> usize {
        self.hdr.nfields
    }

    /// The field-value pairs, in insertion order.
    pub fn pairs(&self) -> impl Iterator<Item = (&'a [u8], &'a [u8])> + 'a {
        let same = self.hdr.flags & FLAG_SAMEFIELDS != 0;
        let data: &'a [u8] = &self.node.data;
        let mut pos = self.hdr.fields_at;
        let mut master_pos = 0usize;
        (0..self.hdr.nfields).map(move |_| {
            let f = if same {
                get_bytes(data, &mut master_pos)
            } else {
                get_bytes(data, &mut pos)
            };
            let v = get_bytes(data, &mut pos);
            (f, v)
        })
    }
}

/// How XADD/XTRIM trim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrimStrategy {
    /// Keep at most this many entries.
    MaxLen(u64),
    /// Drop entries with IDs below this one.
    MinId(StreamId),
}

// ----- consumer groups -----------------------------------------------------------------------

/// An entry delivered to a consumer and not acknowledged yet (Redis's `streamNACK`).
#[derive(Clone, Debug)]
pub struct PendingEntry {
    /// Unix ms of the last delivery.
    pub delivery_time: i64,
    pub delivery_count: u64,
    pub consumer: Arc<[u8]>,
}

#[derive(Clone, Debug)]
pub struct Consumer {
    /// Unix ms of the last interaction (XINFO's `idle`, `seen-time`).
    pub seen_time: i64,
    /// IDs this consumer owns in the group's PEL.
    pub pel: BTreeSet<StreamId>,
}

#[derive(Clone, Debug)]
pub struct ConsumerGroup {
    pub last_id: StreamId,
    /// Logical read counter, -1 when unknown (Redis's SCG_INVALID_ENTRIES_READ).
    pub entries_read: i64,
    pub pel: BTreeMap<StreamId, PendingEntry>,
    /// By name, in byte order (the order Redis's radix tree lists them); a sorted Vec, as
    /// consumers are tens, rarely hundreds (and it is one copy of B-tree code less in wasm).
    pub consumers: crate::vecmap::VecMap<Arc<[u8]>, Consumer>,
}

impl ConsumerGroup {
    pub fn new(last_id: StreamId, entries_read: i64) -> Self {
        ConsumerGroup {
            last_id,
            entries_read,
            pel: BTreeMap::new(),
            consumers: crate::vecmap::VecMap::new(),
        }
    }

    /// Removes a PEL entry from the group and from its consumer.
    pub fn remove_pending(&mut self, id: StreamId) -> Option<PendingEntry> {
        let nack = self.pel.remove(&id)?;
        if let Some(c) = self.consumers.get_mut(&*nack.consumer) {
            c.pel.remove(&id);
        }
        Some(nack)
    }

    /// The interned name of consumer `name`, creating it (with `seen_time = now`) if needed;
    /// the flag says whether it was created.
    pub fn consumer_or_create(&mut self, name: &[u8], now: i64) -> (Arc<[u8]>, bool) {
        if let Some((k, _)) = self.consumers.get_key_value(name) {
            return (k.clone(), false);
        }
        let k: Arc<[u8]> = Arc::from(name);
        self.consumers.insert(
            k.clone(),
            Consumer {
                seen_time: now,
                pel: BTreeSet::new(),
            },
        );
        (k, true)
    }

    /// Deletes a consumer and its pending entries; returns how many it had.
    pub fn delete_consumer(&mut self, name: &[u8]) -> Option<usize> {
        let c = self.consumers.remove(name)?;
        for id in &c.pel {
            self.pel.remove(id);
        }
        Some(c.pel.len())
    }

    /// Gives PEL entry `id` to consumer `to` (moving it from its previous owner).
    pub fn assign(&mut self, id: StreamId, to: &Arc<[u8]>) {
        let Some(nack) = self.pel.get_mut(&id) else {
            return;
        };
        if *nack.consumer != **to {
            let old = core::mem::replace(&mut nack.consumer, to.clone());
            if let Some(c) = self.consumers.get_mut(&*old) {
                c.pel.remove(&id);
            }
        }
        if let Some(c) = self.consumers.get_mut(&**to) {
            c.pel.insert(id);
        }
    }

    fn heap_size(&self) -> usize {
        // B-tree nodes hold ~11 entries; count entries with a per-entry share of a node.
        let pel = self.pel.len()
            * (core::mem::size_of::<StreamId>() + core::mem::size_of::<PendingEntry>() + 8);
        let consumers: usize = self
            .consumers
            .iter()
            .map(|(k, c)| {
                k.len()
                    + 16
                    + core::mem::size_of::<Consumer>()
                    + 16
                    + c.pel.len() * (core::mem::size_of::<StreamId>() + 4)
            })
            .sum();
        pel + consumers
    }
}

// ----- the stream ------------------------------------------------------------------------------

#[derive(Clone, Debug, Default)]
pub struct Stream {
    nodes: BTreeMap<StreamId, Node>,
    /// Live entries.
    pub length: u64,
    /// The last ID ever added (or set by XSETID).
    pub last_id: StreamId,
    /// ID of the first live entry, 0-0 when empty.
    pub first_id: StreamId,
    pub max_deleted_entry_id: StreamId,
    /// Entries ever added.
    pub entries_added: u64,
    /// By name, in byte order. A stream has a handful of groups: a sorted Vec.
    pub groups: crate::vecmap::VecMap<alloc::boxed::Box<[u8]>, ConsumerGroup>,
}

impl Stream {
    pub fn new() -> Self {
        Stream::default()
    }

    pub fn encoding(&self) -> &'static str {
        "stream"
    }

    pub fn heap_size(&self) -> usize {
        let node_overhead = core::mem::size_of::<StreamId>() + core::mem::size_of::<Node>() + 8;
        let nodes: usize = self
            .nodes
            .values()
            .map(|n| n.data.capacity() + node_overhead)
            .sum();
        let groups: usize = self
            .groups
            .iter()
            .map(|(k, g)| k.len() + core::mem::size_of::<ConsumerGroup>() + g.heap_size())
            .sum();
        nodes + groups
    }

    /// Number of macro nodes (XINFO STREAM `radix-tree-keys`).
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Appends an entry with ID `id` (the caller checked it is greater than `last_id`).
    /// `fields` alternates field and value. `max_bytes`/`max_entries` are the
    /// stream-node-max-bytes/entries options.
    pub fn append(&mut self, id: StreamId, fields: &[&[u8]], max_bytes: i64, max_entries: i64) {
        let totelelen: u64 = fields.iter().map(|f| f.len() as u64).sum();
        let mut node_max_bytes = max_bytes.max(0) as u64;
        if node_max_bytes == 0 || node_max_bytes > LISTPACK_MAX_SIZE {
            node_max_bytes = LISTPACK_MAX_SIZE;
        }
        let mut tail_full = true;
        if let Some(mut last) = self.nodes.last_entry() {
            let node = last.get_mut();
            let full = node.lp_bytes() + totelelen >= node_max_bytes
                || (max_entries > 0 && (node.live as i64 + node.deleted as i64) >= max_entries);
            if full {
                node.data.shrink_to_fit();
            } else {
                let master = *last.key();
                last.get_mut().append(master, id, fields);
                tail_full = false;
            }
        }
        if tail_full {
            let mut node = Node::new(fields);
            node.append(id, id, fields);
            self.nodes.insert(id, node);
        }
        self.length += 1;
        self.entries_added += 1;
        self.last_id = id;
        if self.length == 1 {
            self.first_id = id;
        }
    }

    /// Calls `f` for each live entry with `start <= id <= end`, in ID order (reversed with
    /// `rev`), until `f` returns false.
    pub fn range(
        &self,
        start: StreamId,
        end: StreamId,
        rev: bool,
        mut f: impl FnMut(EntryRef<'_>) -> bool,
    ) {
        if start > end {
            return;
        }
        if !rev {
            let from = self.nodes.range(..=start).next_back().map(|(k, _)| *k);
            let iter = match from {
                Some(k) => self.nodes.range(k..),
                None => self.nodes.range(..),
            };
            for (&master, node) in iter {
                if master > end {
                    return;
                }
                let mut pos = node.entries_at as usize;
                while pos < node.data.len() {
                    let h = node.hdr(master, pos);
                    pos = h.end;
                    if h.flags & FLAG_DELETED != 0 || h.id < start {
                        continue;
                    }
                    if h.id > end {
                        return;
                    }
                    if !f(EntryRef {
                        id: h.id,
                        node,
                        hdr: h,
                    }) {
                        return;
                    }
                }
            }
        } else {
            for (&master, node) in self.nodes.range(..=end).rev() {
                for &pos in node.offsets(master).iter().rev() {
                    let h = node.hdr(master, pos);
                    if h.flags & FLAG_DELETED != 0 || h.id > end {
                        continue;
                    }
                    if h.id < start {
                        return;
                    }
                    if !f(EntryRef {
                        id: h.id,
                        node,
                        hdr: h,
                    }) {
                        return;
                    }
                }
            }
        }
    }

    /// Calls `f` with the live entry `id`, if there is one.
    pub fn get<R>(&self, id: StreamId, f: impl FnOnce(EntryRef<'_>) -> R) -> Option<R> {
        let mut f = Some(f);
        let mut out = None;
        self.range(id, id, false, |e| {
            out = f.take().map(|f| f(e));
            false
        });
        out
    }

    /// Whether `id` is a live entry.
    pub fn contains(&self, id: StreamId) -> bool {
        self.get(id, |_| ()).is_some()
    }

    /// The first or last live entry's ID.
    pub fn edge_id(&self, last: bool) -> Option<StreamId> {
        let mut out = None;
        self.range(StreamId::MIN, StreamId::MAX, last, |e| {
            out = Some(e.id);
            false
        });
        out
    }

    /// The first entry's ID counting tombstones (`streamGetEdgeID(s, 1, 0, ..)`), MAX-MAX
    /// when there is no entry at all.
    pub fn first_id_with_tombstones(&self) -> StreamId {
        match self.nodes.iter().next() {
            Some((&master, node)) if (node.entries_at as usize) < node.data.len() => {
                node.hdr(master, node.entries_at as usize).id
            }
            _ => StreamId::MAX,
        }
    }

    /// Deletes live entry `id`; false if there is none (Redis's `streamDeleteItem`).
    pub fn delete(&mut self, id: StreamId) -> bool {
        let Some((&master, node)) = self.nodes.range_mut(..=id).next_back() else {
            return false;
        };
        let mut pos = node.entries_at as usize;
        let found = loop {
            if pos >= node.data.len() {
                break None;
            }
            let h = node.hdr(master, pos);
            // Tombstones are skipped before the range check, as Redis's iterator does (after
            // XSETID moved the last ID back, a node can hold tombstones above live entries).
            if h.flags & FLAG_DELETED == 0 {
                if h.id > id {
                    break None;
                }
                if h.id == id {
                    break Some(pos);
                }
            }
            pos = h.end;
        };
        let Some(pos) = found else { return false };
        if node.live == 1 {
            self.nodes.remove(&master);
        } else {
            node.data[pos] |= FLAG_DELETED;
            node.live -= 1;
            node.deleted += 1;
        }
        self.length -= 1;
        true
    }

    /// XDEL of several IDs: deletes them, keeps `first_id` and `max_deleted_entry_id` up
    /// to date, returns how many were deleted.
    pub fn delete_ids(&mut self, ids: &[StreamId]) -> u64 {
        let mut deleted = 0;
        let mut first_entry = false;
        for &id in ids {
            if self.delete(id) {
                if id == self.first_id {
                    first_entry = true;
                }
                if id > self.max_deleted_entry_id {
                    self.max_deleted_entry_id = id;
                }
                deleted += 1;
            }
        }
        if deleted > 0 {
            if self.length == 0 {
                self.first_id = StreamId::MIN;
            } else if first_entry {
                self.first_id = self.edge_id(false).unwrap_or(StreamId::MAX);
            }
        }
        deleted
    }

    /// Trims as Redis's `streamTrim`: whole nodes first; with `approx` only whole nodes;
    /// `limit` (0 = none) caps the entries removed. Returns how many were removed.
    pub fn trim(&mut self, strategy: TrimStrategy, approx: bool, limit: i64) -> i64 {
        let mut deleted: i64 = 0;
        let mut cursor = StreamId::MIN;
        while let Some((&master, node)) = self.nodes.range_mut(cursor..).next() {
            if let TrimStrategy::MaxLen(maxlen) = strategy {
                if self.length <= maxlen {
                    break;
                }
            }
            let entries = node.live as i64;
            if limit != 0 && deleted + entries > limit {
                break;
            }
            let remove_node = match strategy {
                TrimStrategy::MaxLen(maxlen) => self.length - entries as u64 >= maxlen,
                TrimStrategy::MinId(min) => node.last_id_any(master) < min,
            };
            if remove_node {
                self.nodes.remove(&master);
                self.length -= entries as u64;
                deleted += entries;
                cursor = master;
                continue;
            }
            if approx {
                break;
            }
            // Mark entries inside this node as deleted.
            let mut marked: u32 = 0;
            let mut pos = node.entries_at as usize;
            while pos < node.data.len() {
                let h = node.hdr(master, pos);
                let stop = match strategy {
                    TrimStrategy::MaxLen(maxlen) => self.length <= maxlen,
                    TrimStrategy::MinId(min) => h.id >= min,
                };
                if stop {
                    break;
                }
                if h.flags & FLAG_DELETED == 0 {
                    node.data[pos] |= FLAG_DELETED;
                    marked += 1;
                    self.length -= 1;
                }
                pos = h.end;
            }
            node.live -= marked;
            node.deleted += marked;
            deleted += marked as i64;
            break;
        }
        if self.length == 0 {
            self.first_id = StreamId::MIN;
        } else if deleted > 0 {
            self.first_id = self.edge_id(false).unwrap_or(StreamId::MAX);
        }
        deleted
    }

    /// Whether a tombstone may lie in `[start, end]` (Redis's `streamRangeHasTombstones`).
    pub fn range_has_tombstones(&self, start: StreamId, end: StreamId) -> bool {
        if self.length == 0 || self.max_deleted_entry_id.is_zero() {
            return false;
        }
        if self.first_id > self.max_deleted_entry_id {
            return false;
        }
        start <= self.max_deleted_entry_id && self.max_deleted_entry_id <= end
    }

    /// The logical read counter of `id` when it can be known, else -1 (Redis's
    /// `streamEstimateDistanceFromFirstEverEntry`).
    pub fn estimate_distance(&self, id: StreamId) -> i64 {
        if self.entries_added == 0 {
            return 0;
        }
        if self.length == 0 && id <= self.last_id {
            return self.entries_added as i64;
        }
        if id == self.last_id {
            return self.entries_added as i64;
        } else if id > self.last_id {
            return -1;
        }
        if self.max_deleted_entry_id.is_zero() || self.max_deleted_entry_id < self.first_id {
            if id < self.first_id {
                return self.entries_added.wrapping_sub(self.length) as i64;
            } else if id == self.first_id {
                return self.entries_added.wrapping_sub(self.length).wrapping_add(1) as i64;
            }
        }
        -1
    }

    /// A group's lag (entries not yet delivered), when it can be known.
    pub fn group_lag(&self, g: &ConsumerGroup) -> Option<i64> {
        if self.entries_added == 0 {
            return Some(0);
        }
        if g.entries_read != -1 && !self.range_has_tombstones(g.last_id, StreamId::MAX) {
            return Some((self.entries_added as i64).wrapping_sub(g.entries_read));
        }
        let read = self.estimate_distance(g.last_id);
        if read != -1 {
            Some((self.entries_added as i64).wrapping_sub(read))
        } else {
            None
        }
    }

    /// Size of the equivalent Redis radix tree (XINFO STREAM `radix-tree-nodes`): the
    /// node count of the compressed trie over the nodes' 16-byte master keys, which is
    /// what Redis's rax holds after any sequence of inserts and deletes.
    pub fn rax_nodes(&self) -> u64 {
        let keys: Vec<[u8; 16]> = self.nodes.keys().map(|k| k.key()).collect();
        if keys.is_empty() {
            return 1;
        }
        rax_count(&keys, 0)
    }
}

// ----- raw node access, for serialization (RDB, DUMP/RESTORE) ----------------------------------

/// One macro node as Redis's RDB stores it: master ID, master field names, and every entry
/// (tombstones included) in order.
pub struct NodeView<'a> {
    pub master: StreamId,
    node: &'a Node,
}

impl<'a> NodeView<'a> {
    pub fn live(&self) -> u64 {
        self.node.live as u64
    }

    pub fn deleted(&self) -> u64 {
        self.node.deleted as u64
    }

    pub fn master_fields(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let node: &'a Node = self.node;
        node.master_field_names()
    }

    pub fn master_field_count(&self) -> usize {
        self.node.master_fields as usize
    }

    /// Every entry, tombstones included.
    pub fn entries(&self) -> impl Iterator<Item = EntryRef<'a>> + 'a {
        let (node, master) = (self.node, self.master);
        let mut pos = node.entries_at as usize;
        core::iter::from_fn(move || {
            if pos >= node.data.len() {
                return None;
            }
            let hdr = node.hdr(master, pos);
            pos = hdr.end;
            Some(EntryRef { id: hdr.id, node, hdr })
        })
    }
}

impl EntryRef<'_> {
    pub fn is_deleted(&self) -> bool {
        self.hdr.flags & FLAG_DELETED != 0
    }

    pub fn has_master_fields(&self) -> bool {
        self.hdr.flags & FLAG_SAMEFIELDS != 0
    }
}

impl Stream {
    /// The macro nodes in ID order.
    pub fn nodes(&self) -> impl Iterator<Item = NodeView<'_>> {
        self.nodes.iter().map(|(&master, node)| NodeView { master, node })
    }

    /// Loading: starts a node whose master entry has these field names. The caller adds
    /// its entries with [`Stream::load_entry`] in increasing ID order, then sets the
    /// stream's metadata fields.
    pub fn load_node(&mut self, master: StreamId, master_fields: &[&[u8]]) {
        let pairs: Vec<&[u8]> = master_fields.iter().flat_map(|f| [*f, &b""[..]]).collect();
        if let Some(mut last) = self.nodes.last_entry() {
            last.get_mut().data.shrink_to_fit();
        }
        self.nodes.insert(master, Node::new(&pairs));
    }

    /// Loading: appends an entry (`fields` alternates field and value) to the last node
    /// started, as a tombstone when `deleted`.
    pub fn load_entry(&mut self, id: StreamId, fields: &[&[u8]], deleted: bool) {
        let Some(mut last) = self.nodes.last_entry() else { return };
        let master = *last.key();
        let node = last.get_mut();
        let at = node.data.len();
        node.append(master, id, fields);
        if deleted {
            node.data[at] |= FLAG_DELETED;
            node.live -= 1;
            node.deleted += 1;
        }
    }
}

/// Nodes of a compressed trie over sorted, distinct 16-byte keys, below depth `depth`.
fn rax_count(keys: &[[u8; 16]], depth: usize) -> u64 {
    if depth == 16 {
        return 1;
    }
    let (first, last) = (&keys[0], &keys[keys.len() - 1]);
    let mut common = 0;
    while depth + common < 16 && first[depth + common] == last[depth + common] {
        common += 1;
    }
    if common > 0 {
        return 1 + rax_count(keys, depth + common);
    }
    let mut total = 1;
    let mut i = 0;
    while i < keys.len() {
        let b = keys[i][depth];
        let n = keys[i..].iter().take_while(|k| k[depth] == b).count();
        total += rax_count(&keys[i..i + n], depth + 1);
        i += n;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn id(ms: u64, seq: u64) -> StreamId {
        StreamId::new(ms, seq)
    }

    fn ids(s: &Stream, start: StreamId, end: StreamId, rev: bool) -> Vec<StreamId> {
        let mut out = Vec::new();
        s.range(start, end, rev, |e| {
            out.push(e.id);
            true
        });
        out
    }

    #[test]
    fn id_text_and_neighbours() {
        assert_eq!(id(1, 2).text().as_bytes(), b"1-2");
        assert_eq!(
            StreamId::MAX.text().as_bytes(),
            b"18446744073709551615-18446744073709551615"
        );
        assert_eq!(id(1, u64::MAX).next(), Some(id(2, 0)));
        assert_eq!(StreamId::MAX.next(), None);
        assert_eq!(id(2, 0).prev(), Some(id(1, u64::MAX)));
        assert_eq!(StreamId::MIN.prev(), None);
    }

    #[test]
    fn append_range_and_fields() {
        let mut s = Stream::new();
        for i in 1..=250u64 {
            let v = alloc::format!("v{i}");
            if i % 7 == 0 {
                s.append(id(i, i), &[b"other", v.as_bytes(), b"x", b"y"], 4096, 100);
            } else {
                s.append(id(i, i), &[b"f", v.as_bytes()], 4096, 100);
            }
        }
        assert_eq!(s.length, 250);
        assert_eq!(s.node_count(), 3);
        assert_eq!(
            ids(&s, id(5, 0), id(8, 0), false),
            vec![id(5, 5), id(6, 6), id(7, 7)]
        );
        assert_eq!(
            ids(&s, id(5, 0), id(8, 0), true),
            vec![id(7, 7), id(6, 6), id(5, 5)]
        );
        assert_eq!(ids(&s, StreamId::MIN, StreamId::MAX, false).len(), 250);
        assert_eq!(ids(&s, StreamId::MIN, StreamId::MAX, true).len(), 250);
        let pairs: Vec<(Vec<u8>, Vec<u8>)> = s
            .get(id(7, 7), |e| {
                e.pairs().map(|(f, v)| (f.to_vec(), v.to_vec())).collect()
            })
            .unwrap();
        assert_eq!(
            pairs,
            vec![
                (b"other".to_vec(), b"v7".to_vec()),
                (b"x".to_vec(), b"y".to_vec())
            ]
        );
        let pairs: Vec<(Vec<u8>, Vec<u8>)> = s
            .get(id(101, 101), |e| {
                e.pairs().map(|(f, v)| (f.to_vec(), v.to_vec())).collect()
            })
            .unwrap();
        assert_eq!(pairs, vec![(b"f".to_vec(), b"v101".to_vec())]);
        assert!(s.get(id(7, 6), |_| ()).is_none());
    }

    #[test]
    fn delete_and_trim_follow_redis_nodes() {
        let mut s = Stream::new();
        for i in 1..=300u64 {
            s.append(id(i, 0), &[b"a", b"1"], 4096, 100);
        }
        assert_eq!(s.delete_ids(&[id(1, 0), id(1, 0), id(2, 0)]), 2);
        assert_eq!(s.first_id, id(3, 0));
        assert_eq!(s.max_deleted_entry_id, id(2, 0));
        // Approximate trimming removes whole nodes only.
        assert_eq!(s.trim(TrimStrategy::MaxLen(150), true, 0), 98);
        assert_eq!(s.length, 200);
        assert_eq!(s.trim(TrimStrategy::MaxLen(150), false, 0), 50);
        assert_eq!(s.first_id, id(151, 0));
        assert_eq!(s.trim(TrimStrategy::MinId(id(290, 0)), false, 0), 139);
        assert_eq!(s.first_id, id(290, 0));
        assert_eq!(s.length, 11);
    }

    #[test]
    fn rax_node_counts_match_redis() {
        // Values observed with XINFO STREAM on redis-server 7.0.15 (one entry per node).
        let mut s = Stream::new();
        assert_eq!(s.rax_nodes(), 1);
        let mut seen = Vec::new();
        for i in 1..20u64 {
            s.append(id(i * 1000, i), &[b"a", b"1"], 4096, 1);
            seen.push(s.rax_nodes());
        }
        assert_eq!(
            seen,
            vec![2, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40]
        );
        let mut t = Stream::new();
        for ms in [1000u64, 2000, 3000] {
            t.append(id(ms, 1), &[b"a", b"1"], 4096, 1);
        }
        assert_eq!(t.rax_nodes(), 8);
        t.delete_ids(&[id(2000, 1)]);
        assert_eq!((t.node_count(), t.rax_nodes()), (2, 6));
    }

    #[test]
    fn listpack_sizes() {
        assert_eq!(lp_int_len(0), 2);
        assert_eq!(lp_int_len(127), 2);
        assert_eq!(lp_int_len(128), 3);
        assert_eq!(lp_int_len(-4096), 3);
        assert_eq!(lp_int_len(40000), 5);
        assert_eq!(lp_int_len(i64::MAX), 10);
        assert_eq!(lp_str_len(b"abc"), 5);
        assert_eq!(lp_str_len(b"123"), 2);
        assert_eq!(lp_str_len(&[b'x'; 100]), 103);
    }
}
