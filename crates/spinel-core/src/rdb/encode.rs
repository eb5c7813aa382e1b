//! Writing values as Redis 7.0 writes them (`rdbSaveObject` and friends).

use super::lzf;
use super::packed::{intset_write, ListpackWriter};
use super::ty;
use crate::types::stream::{Stream, StreamId};
use crate::value::{StrValue, Value};
use alloc::vec::Vec;

/// An RDB writer into a byte buffer. Keep one per snapshot: it reuses its scratch space.
pub struct Encoder {
    pub out: Vec<u8>,
    /// `rdbcompression`: LZF for strings longer than 20 bytes.
    compress: bool,
    /// `list-max-listpack-size`: how much goes into one quicklist node.
    list_fill: i64,
    lzf: Option<lzf::Table>,
    scratch: Vec<u8>,
}

impl Encoder {
    pub fn new(compress: bool, list_fill: i64) -> Self {
        Encoder { out: Vec::new(), compress, list_fill, lzf: None, scratch: Vec::new() }
    }

    /// `rdbSaveLen`.
    pub fn len(&mut self, n: u64) {
        let o = &mut self.out;
        if n < 64 {
            o.push(n as u8);
        } else if n < 16384 {
            o.extend_from_slice(&[0x40 | (n >> 8) as u8, n as u8]);
        } else if n <= u32::MAX as u64 {
            o.push(0x80);
            o.extend_from_slice(&(n as u32).to_be_bytes());
        } else {
            o.push(0x81);
            o.extend_from_slice(&n.to_be_bytes());
        }
    }

    /// `rdbEncodeInteger`: true if `v` fit in 8, 16 or 32 bits and was written.
    fn encoded_int(&mut self, v: i64) -> bool {
        let o = &mut self.out;
        if v >= i8::MIN as i64 && v <= i8::MAX as i64 {
            o.extend_from_slice(&[0xC0, v as u8]);
        } else if v >= i16::MIN as i64 && v <= i16::MAX as i64 {
            o.push(0xC1);
            o.extend_from_slice(&(v as i16).to_le_bytes());
        } else if v >= i32::MIN as i64 && v <= i32::MAX as i64 {
            o.push(0xC2);
            o.extend_from_slice(&(v as i32).to_le_bytes());
        } else {
            return false;
        }
        true
    }

    /// `rdbSaveRawString`: integer encoding for short canonical integers, LZF for long
    /// strings when it saves at least 4 bytes, else length and bytes.
    pub fn string(&mut self, s: &[u8]) {
        if s.len() <= 11 {
            if let Some(v) = crate::num::parse_i64(s) {
                if self.encoded_int(v) {
                    return;
                }
            }
        }
        if self.compress && s.len() > 20 && self.lzf_string(s) {
            return;
        }
        self.len(s.len() as u64);
        self.out.extend_from_slice(s);
    }

    fn lzf_string(&mut self, s: &[u8]) -> bool {
        let table = self.lzf.get_or_insert_with(lzf::Table::default);
        self.scratch.clear();
        if !lzf::compress(s, &mut self.scratch, s.len() - 4, table) || self.scratch.is_empty() {
            return false;
        }
        self.out.push(0xC3);
        let clen = self.scratch.len() as u64;
        self.len(clen);
        self.len(s.len() as u64);
        self.out.extend_from_slice(&self.scratch);
        true
    }

    /// `rdbSaveLongLongAsStringObject`.
    pub fn int_string(&mut self, v: i64) {
        if !self.encoded_int(v) {
            let mut b = itoa::Buffer::new();
            let s = b.format(v).as_bytes();
            self.len(s.len() as u64);
            self.out.extend_from_slice(s);
        }
    }

    pub fn millis(&mut self, ms: i64) {
        self.out.extend_from_slice(&ms.to_le_bytes());
    }

    fn stream_id_raw(&mut self, id: StreamId) {
        self.out.extend_from_slice(&id.ms.to_be_bytes());
        self.out.extend_from_slice(&id.seq.to_be_bytes());
    }

    /// Writes the type byte then the value.
    pub fn typed_value(&mut self, v: &Value) {
        self.out.push(type_byte(v));
        self.value(v);
    }

    /// Writes the value body (`rdbSaveObject`).
    pub fn value(&mut self, v: &Value) {
        match v {
            Value::Str(StrValue::Int(n)) => self.int_string(*n),
            Value::Str(s) => s.with_bytes(|b| self.string(b)),
            Value::List(l) => {
                let limit = node_limit(self.list_fill);
                let mut nodes: Vec<Vec<u8>> = Vec::new();
                let mut lp = ListpackWriter::new();
                for item in l.iter() {
                    if !lp.is_empty() && !limit.allows(&lp, item.len()) {
                        nodes.push(core::mem::take(&mut lp).finish());
                    }
                    lp.push(item);
                }
                if !lp.is_empty() {
                    nodes.push(lp.finish());
                }
                self.len(nodes.len() as u64);
                for n in nodes {
                    self.len(2); // QUICKLIST_NODE_CONTAINER_PACKED
                    self.string(&n);
                }
            }
            Value::Set(s) => match s.intset_width() {
                Some(width) => {
                    let mut blob = Vec::with_capacity(8 + s.len() * width);
                    let members = s.iter().map(|m| match m {
                        crate::types::set::Member::Int(n) => n,
                        crate::types::set::Member::Bytes(b) => crate::num::parse_i64(b).unwrap_or(0),
                    });
                    let mut sorted: Vec<i64> = members.collect();
                    sorted.sort_unstable();
                    intset_write(&mut blob, width, sorted.into_iter());
                    self.string(&blob);
                }
                None => {
                    self.len(s.len() as u64);
                    for m in s.iter() {
                        m.with_bytes(|b| self.string(b));
                    }
                }
            },
            Value::Hash(h) => {
                if h.is_listpack() {
                    let mut lp = ListpackWriter::new();
                    for (f, v) in h.iter() {
                        lp.push(f);
                        lp.push(v);
                    }
                    let blob = lp.finish();
                    self.string(&blob);
                } else {
                    self.len(h.len() as u64);
                    for (f, v) in h.iter() {
                        self.string(f);
                        self.string(v);
                    }
                }
            }
            Value::ZSet(z) => {
                if z.is_listpack() {
                    let mut lp = ListpackWriter::new();
                    z.for_each(|m, s| {
                        lp.push(m);
                        push_score(&mut lp, s);
                    });
                    let blob = lp.finish();
                    self.string(&blob);
                } else {
                    // Tail to head, so loading inserts each member at the head (Redis's order).
                    self.len(z.len() as u64);
                    z.walk(z.len().saturating_sub(1), true, |m, s| {
                        self.string(m);
                        self.out.extend_from_slice(&s.to_le_bytes());
                        true
                    });
                }
            }
            Value::Stream(s) => self.stream(s),
        }
    }

    fn stream(&mut self, s: &Stream) {
        self.len(s.node_count() as u64);
        for node in s.nodes() {
            let master = node.master;
            let mut lp = ListpackWriter::new();
            lp.push_int(node.live() as i64);
            lp.push_int(node.deleted() as i64);
            lp.push_int(node.master_field_count() as i64);
            for f in node.master_fields() {
                lp.push(f);
            }
            lp.push_int(0);
            for e in node.entries() {
                let same = e.has_master_fields();
                let flags = (e.is_deleted() as i64) | (same as i64) << 1;
                lp.push_int(flags);
                lp.push_int(e.id.ms.wrapping_sub(master.ms) as i64);
                lp.push_int(e.id.seq.wrapping_sub(master.seq) as i64);
                let n = e.nfields();
                if !same {
                    lp.push_int(n as i64);
                }
                for (f, v) in e.pairs() {
                    if !same {
                        lp.push(f);
                    }
                    lp.push(v);
                }
                lp.push_int(if same { n as i64 + 3 } else { 2 * n as i64 + 4 });
            }
            let mut key = [0u8; 16];
            key[..8].copy_from_slice(&master.ms.to_be_bytes());
            key[8..].copy_from_slice(&master.seq.to_be_bytes());
            self.len(16);
            self.out.extend_from_slice(&key);
            let blob = lp.finish();
            self.string(&blob);
        }
        self.len(s.length);
        self.len(s.last_id.ms);
        self.len(s.last_id.seq);
        self.len(s.first_id.ms);
        self.len(s.first_id.seq);
        self.len(s.max_deleted_entry_id.ms);
        self.len(s.max_deleted_entry_id.seq);
        self.len(s.entries_added);
        self.len(s.groups.len() as u64);
        for (name, g) in &s.groups {
            self.string(name);
            self.len(g.last_id.ms);
            self.len(g.last_id.seq);
            self.len(g.entries_read as u64);
            self.len(g.pel.len() as u64);
            for (id, nack) in &g.pel {
                self.stream_id_raw(*id);
                self.millis(nack.delivery_time);
                self.len(nack.delivery_count);
            }
            self.len(g.consumers.len() as u64);
            for (cname, c) in &g.consumers {
                self.string(cname);
                self.millis(c.seen_time);
                self.len(c.pel.len() as u64);
                for id in &c.pel {
                    self.stream_id_raw(*id);
                }
            }
        }
    }
}

/// The type byte Redis 7.0 writes for a value in its current encoding.
pub fn type_byte(v: &Value) -> u8 {
    match v {
        Value::Str(_) => ty::STRING,
        Value::List(_) => ty::LIST_QUICKLIST_2,
        Value::Set(s) if s.intset_width().is_some() => ty::SET_INTSET,
        Value::Set(_) => ty::SET,
        Value::Hash(h) if h.is_listpack() => ty::HASH_LISTPACK,
        Value::Hash(_) => ty::HASH,
        Value::ZSet(z) if z.is_listpack() => ty::ZSET_LISTPACK,
        Value::ZSet(_) => ty::ZSET_2,
        Value::Stream(_) => ty::STREAM_LISTPACKS_2,
    }
}

/// A listpack score as `zzlInsertAt` stores it: integral values as integers, others as
/// their `%.17g` text.
fn push_score(lp: &mut ListpackWriter, s: f64) {
    if s == 0.0 {
        lp.push_int(0);
    } else if s > -4503599627370495.0 && s < 4503599627370496.0 && s == (s as i64) as f64 {
        lp.push_int(s as i64);
    } else {
        lp.push(crate::num::format_double(s).as_bytes());
    }
}

/// Quicklist node fill rule for `list-max-listpack-size`.
struct NodeLimit {
    max_bytes: usize,
    max_count: usize,
}

fn node_limit(fill: i64) -> NodeLimit {
    const SIZES: [usize; 5] = [4096, 8192, 16384, 32768, 65536];
    if fill < 0 {
        let i = ((-fill) as usize).min(5) - 1;
        NodeLimit { max_bytes: SIZES[i], max_count: u16::MAX as usize }
    } else {
        // Count-limited nodes are still capped at 8 KB (Redis's SIZE_SAFETY_LIMIT).
        NodeLimit { max_bytes: 8192, max_count: (fill as usize).max(1) }
    }
}

impl NodeLimit {
    /// `_quicklistNodeAllowInsert`: the node's listpack bytes (end byte included) plus the
    /// element's length plus 8 (Redis's SIZE_ESTIMATE_OVERHEAD) must stay within the limit.
    fn allows(&self, lp: &ListpackWriter, item_len: usize) -> bool {
        lp.len() < self.max_count && lp.bytes() + 1 + item_len + 8 <= self.max_bytes
    }
}
