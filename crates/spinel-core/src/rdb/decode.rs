//! Reading values as Redis 7 loads them (`rdbLoadObject`), in every encoding Redis 7.0
//! writes and the older ones it still reads. Built values take the encoding Redis would
//! give them after loading (conversion at the configured listpack/intset limits).

use super::lzf;
use super::packed::{intset_members, listpack_elems, ziplist_elems, zipmap_pairs, Elem};
use super::{ty, Error};
use crate::config::{opt, Config};
use crate::types::hash::{Hash, HashLimits};
use crate::types::list::List;
use crate::types::set::Set;
use crate::types::stream::{ConsumerGroup, Consumer, PendingEntry, Stream, StreamId};
use crate::types::zset::ZSet;
use crate::value::{StrValue, Value};
use alloc::borrow::Cow;
use alloc::collections::BTreeSet;
use alloc::sync::Arc;
use alloc::vec::Vec;

type Result<T> = core::result::Result<T, Error>;

fn corrupt<T>(what: &'static str) -> Result<T> {
    Err(Error::Corrupt(what))
}

/// Encoding limits that decide how loaded values are represented.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub hash: HashLimits,
    pub zset_entries: usize,
    pub zset_value: usize,
    pub intset_entries: usize,
    /// Seeds the hash tables of loaded values.
    pub seed: u64,
}

impl Limits {
    pub fn from_config(c: &Config, seed: u64) -> Self {
        let u = |o| c.int(o).max(0) as usize;
        Limits {
            hash: HashLimits { max_entries: u(opt::HASH_MAX_LISTPACK_ENTRIES), max_value: u(opt::HASH_MAX_LISTPACK_VALUE) },
            zset_entries: u(opt::ZSET_MAX_LISTPACK_ENTRIES),
            zset_value: u(opt::ZSET_MAX_LISTPACK_VALUE),
            intset_entries: u(opt::SET_MAX_INTSET_ENTRIES),
            seed,
        }
    }
}

/// A cursor over RDB bytes.
pub struct Reader<'a> {
    buf: &'a [u8],
    pub pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.buf.len()
    }

    pub fn byte(&mut self) -> Result<u8> {
        let b = *self.buf.get(self.pos).ok_or(Error::Corrupt("unexpected end"))?;
        self.pos += 1;
        Ok(b)
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or(Error::Corrupt("length overflow"))?;
        let s = self.buf.get(self.pos..end).ok_or(Error::Corrupt("unexpected end"))?;
        self.pos = end;
        Ok(s)
    }

    pub fn u32_le(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn i64_le(&mut self) -> Result<i64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(i64::from_le_bytes(a))
    }

    /// A length or a special-encoding marker: `(value, is_encoded)`.
    fn len_or_enc(&mut self) -> Result<(u64, bool)> {
        let b = self.byte()?;
        Ok(match b >> 6 {
            0 => ((b & 0x3f) as u64, false),
            1 => ((((b & 0x3f) as u64) << 8) | self.byte()? as u64, false),
            2 => match b {
                0x80 => {
                    let s = self.take(4)?;
                    (u32::from_be_bytes([s[0], s[1], s[2], s[3]]) as u64, false)
                }
                0x81 => {
                    let mut a = [0u8; 8];
                    a.copy_from_slice(self.take(8)?);
                    (u64::from_be_bytes(a), false)
                }
                _ => return corrupt("unknown length encoding"),
            },
            _ => ((b & 0x3f) as u64, true),
        })
    }

    pub fn length(&mut self) -> Result<u64> {
        match self.len_or_enc()? {
            (n, false) => Ok(n),
            _ => corrupt("encoded value where a length was expected"),
        }
    }

    /// A count of items that each take at least one byte: bounded by what is left.
    fn count(&mut self) -> Result<usize> {
        let n = self.length()?;
        if n > self.remaining() as u64 {
            return corrupt("count larger than the data");
        }
        Ok(n as usize)
    }

    /// A string in any of its encodings (`rdbGenericLoadStringObject`).
    pub fn string(&mut self) -> Result<Cow<'a, [u8]>> {
        let (n, encoded) = self.len_or_enc()?;
        if !encoded {
            let n = usize::try_from(n).map_err(|_| Error::Corrupt("string too long"))?;
            return Ok(Cow::Borrowed(self.take(n)?));
        }
        let v = match n {
            0 => self.byte()? as i8 as i64,
            1 => {
                let b = self.take(2)?;
                i16::from_le_bytes([b[0], b[1]]) as i64
            }
            2 => self.u32_le()? as i32 as i64,
            3 => {
                let clen = self.length()?;
                let len = self.length()?;
                if clen > self.remaining() as u64 || len > clen.saturating_mul(140).saturating_add(64) {
                    return corrupt("bad LZF lengths");
                }
                let data = self.take(clen as usize)?;
                return lzf::decompress(data, len as usize).map(Cow::Owned).ok_or(Error::Corrupt("bad LZF data"));
            }
            _ => return corrupt("unknown string encoding"),
        };
        let mut b = itoa::Buffer::new();
        Ok(Cow::Owned(b.format(v).as_bytes().to_vec()))
    }

    /// An old-style double: length byte, then text (253 nan, 254 +inf, 255 -inf).
    fn text_double(&mut self) -> Result<f64> {
        match self.byte()? {
            253 => corrupt("NaN score"),
            254 => Ok(f64::INFINITY),
            255 => Ok(f64::NEG_INFINITY),
            n => {
                let t = self.take(n as usize)?;
                parse_score(t)
            }
        }
    }

    fn binary_double(&mut self) -> Result<f64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        let v = f64::from_le_bytes(a);
        if v.is_nan() {
            return corrupt("NaN score");
        }
        Ok(v)
    }

    fn stream_id_raw(&mut self) -> Result<StreamId> {
        let b = self.take(16)?;
        Ok(raw_id(b))
    }
}

fn raw_id(b: &[u8]) -> StreamId {
    let mut ms = [0u8; 8];
    let mut seq = [0u8; 8];
    ms.copy_from_slice(&b[..8]);
    seq.copy_from_slice(&b[8..16]);
    StreamId::new(u64::from_be_bytes(ms), u64::from_be_bytes(seq))
}

fn parse_score(t: &[u8]) -> Result<f64> {
    // strtod as Redis's loaders use it: also "inf"/"-inf"/"-0".
    match crate::num::parse_f64(t) {
        Some(v) => Ok(v),
        None => corrupt("bad score"),
    }
}

/// Builders that give loaded collections the encoding Redis gives them.
struct HashBuilder {
    h: Hash,
    lim: Limits,
}

impl HashBuilder {
    fn add(&mut self, f: &[u8], v: &[u8]) -> Result<()> {
        if !self.h.set(f, v, self.lim.hash, self.lim.seed) {
            return corrupt("duplicate hash field");
        }
        Ok(())
    }

    fn finish(self) -> Result<Value> {
        if self.h.is_empty() {
            return Err(Error::Empty);
        }
        Ok(Value::Hash(alloc::boxed::Box::new(self.h)))
    }
}

fn new_hash(lim: Limits) -> HashBuilder {
    HashBuilder { h: Hash::new(), lim }
}

struct SetBuilder {
    s: Option<Set>,
    lim: Limits,
}

impl SetBuilder {
    fn add(&mut self, m: &[u8]) -> Result<()> {
        let lim = self.lim;
        let s = self.s.get_or_insert_with(|| Set::for_member(m, lim.seed));
        if !s.add(m, lim.intset_entries, lim.seed) {
            return corrupt("duplicate set member");
        }
        Ok(())
    }

    fn finish(self) -> Result<Value> {
        match self.s {
            Some(s) if !s.is_empty() => Ok(Value::Set(s)),
            _ => Err(Error::Empty),
        }
    }
}

/// A sorted set from an RDB skiplist record. As Redis, the members go into a skiplist and the
/// set becomes a listpack only if it fits one: a small set's members are held until the end,
/// since one long member makes it a skiplist, where scores keep what a listpack would lose
/// (the sign of -0).
struct ZSetBuilder {
    z: ZSet,
    /// Members of a set small enough for a listpack, until `finish` picks the encoding.
    pending: Option<Vec<(Vec<u8>, f64)>>,
    lim: Limits,
}

impl ZSetBuilder {
    fn new(lim: Limits, len: usize) -> Self {
        if len > lim.zset_entries {
            return ZSetBuilder { z: ZSet::new_skiplist(), pending: None, lim };
        }
        ZSetBuilder { z: ZSet::new_listpack(), pending: Some(Vec::with_capacity(len)), lim }
    }

    fn add(&mut self, m: &[u8], score: f64) -> Result<()> {
        if let Some(pending) = &mut self.pending {
            pending.push((m.to_vec(), score));
            return Ok(());
        }
        self.insert(m, score)
    }

    fn insert(&mut self, m: &[u8], score: f64) -> Result<()> {
        use crate::types::zset::add_flags;
        match self.z.add(m, score, add_flags::NX, self.lim.zset_entries, self.lim.zset_value) {
            Some((flags, _)) if flags & add_flags::ADDED != 0 => Ok(()),
            _ => corrupt("duplicate sorted set member"),
        }
    }

    fn finish(mut self) -> Result<Value> {
        if let Some(pending) = self.pending.take() {
            if pending.iter().any(|(m, _)| m.len() > self.lim.zset_value) {
                self.z = ZSet::new_skiplist();
            }
            for (m, score) in &pending {
                self.insert(m, *score)?;
            }
        }
        if self.z.is_empty() {
            return Err(Error::Empty);
        }
        Ok(Value::ZSet(alloc::boxed::Box::new(self.z)))
    }
}

fn list_value(l: List) -> Result<Value> {
    if l.is_empty() {
        return Err(Error::Empty);
    }
    Ok(Value::List(alloc::boxed::Box::new(l)))
}

/// Reads a value body of type `t` (`rdbLoadObject`).
pub fn value(r: &mut Reader<'_>, t: u8, lim: Limits) -> Result<Value> {
    match t {
        ty::STRING => {
            let s = r.string()?;
            Ok(Value::Str(StrValue::from_bytes(&s)))
        }
        ty::LIST => {
            let n = r.count()?;
            let mut l = List::new();
            for _ in 0..n {
                l.push_back(&r.string()?);
            }
            list_value(l)
        }
        ty::SET => {
            let n = r.count()?;
            let mut b = SetBuilder { s: None, lim };
            for _ in 0..n {
                b.add(&r.string()?)?;
            }
            b.finish()
        }
        ty::ZSET | ty::ZSET_2 => {
            let n = r.count()?;
            let mut b = ZSetBuilder::new(lim, n);
            for _ in 0..n {
                let m = r.string()?;
                let score = if t == ty::ZSET { r.text_double()? } else { r.binary_double()? };
                b.add(&m, score)?;
            }
            b.finish()
        }
        ty::HASH => {
            let n = r.count()?;
            let mut b = new_hash(lim);
            for _ in 0..n {
                let f = r.string()?;
                let v = r.string()?;
                b.add(&f, &v)?;
            }
            b.finish()
        }
        ty::HASH_ZIPMAP => {
            let blob = r.string()?;
            let pairs = zipmap_pairs(&blob).ok_or(Error::Corrupt("bad zipmap"))?;
            let mut b = new_hash(lim);
            for (f, v) in pairs {
                b.add(f, v)?;
            }
            b.finish()
        }
        ty::LIST_ZIPLIST => {
            let blob = r.string()?;
            let elems = ziplist_elems(&blob).ok_or(Error::Corrupt("bad ziplist"))?;
            let mut l = List::new();
            for e in elems {
                e.with_bytes(|b| l.push_back(b));
            }
            list_value(l)
        }
        ty::SET_INTSET => {
            let blob = r.string()?;
            let members = intset_members(&blob).ok_or(Error::Corrupt("bad intset"))?;
            let mut b = SetBuilder { s: None, lim };
            let mut buf = itoa::Buffer::new();
            for m in members {
                b.add(buf.format(m).as_bytes())?;
            }
            b.finish()
        }
        ty::SET_LISTPACK => {
            let blob = r.string()?;
            let elems = listpack_elems(&blob).ok_or(Error::Corrupt("bad listpack"))?;
            let mut b = SetBuilder { s: None, lim };
            for e in elems {
                e.with_bytes(|m| b.add(m))?;
            }
            b.finish()
        }
        ty::ZSET_ZIPLIST | ty::ZSET_LISTPACK => {
            let blob = r.string()?;
            let elems = if t == ty::ZSET_ZIPLIST { ziplist_elems(&blob) } else { listpack_elems(&blob) };
            let elems = elems.ok_or(Error::Corrupt("bad listpack"))?;
            if elems.len() % 2 != 0 {
                return corrupt("odd listpack length");
            }
            let mut b = ZSetBuilder::new(lim, elems.len() / 2);
            for pair in elems.chunks(2) {
                let score = match pair[1] {
                    Elem::Int(n) => n as f64,
                    Elem::Str(s) => parse_score(s)?,
                };
                pair[0].with_bytes(|m| b.add(m, score))?;
            }
            b.finish()
        }
        ty::HASH_ZIPLIST | ty::HASH_LISTPACK => {
            let blob = r.string()?;
            let elems = if t == ty::HASH_ZIPLIST { ziplist_elems(&blob) } else { listpack_elems(&blob) };
            let elems = elems.ok_or(Error::Corrupt("bad listpack"))?;
            if elems.len() % 2 != 0 {
                return corrupt("odd listpack length");
            }
            let mut b = new_hash(lim);
            for pair in elems.chunks(2) {
                let f = pair[0].to_vec();
                pair[1].with_bytes(|v| b.add(&f, v))?;
            }
            b.finish()
        }
        ty::LIST_QUICKLIST | ty::LIST_QUICKLIST_2 => {
            let nodes = r.count()?;
            let mut l = List::new();
            for _ in 0..nodes {
                let container = if t == ty::LIST_QUICKLIST_2 { r.length()? } else { 2 };
                let blob = r.string()?;
                match container {
                    1 => l.push_back(&blob),
                    2 => {
                        let elems = if t == ty::LIST_QUICKLIST { ziplist_elems(&blob) } else { listpack_elems(&blob) };
                        let elems = elems.ok_or(Error::Corrupt("bad quicklist node"))?;
                        if elems.is_empty() {
                            return corrupt("empty quicklist node");
                        }
                        for e in elems {
                            e.with_bytes(|b| l.push_back(b));
                        }
                    }
                    _ => return corrupt("bad quicklist container"),
                }
            }
            list_value(l)
        }
        ty::STREAM_LISTPACKS | ty::STREAM_LISTPACKS_2 | ty::STREAM_LISTPACKS_3 => stream(r, t),
        _ => Err(Error::UnknownType(t)),
    }
}

fn elem_int(e: Option<&Elem>) -> Result<i64> {
    e.and_then(|e| e.as_int()).ok_or(Error::Corrupt("bad stream listpack"))
}

fn stream(r: &mut Reader<'_>, t: u8) -> Result<Value> {
    let mut s = Stream::new();
    let nodes = r.count()?;
    let mut prev: Option<StreamId> = None;
    let mut live_total = 0u64;
    for _ in 0..nodes {
        let key = r.string()?;
        if key.len() != 16 {
            return corrupt("stream node key is not 128 bits");
        }
        let master = raw_id(&key);
        let blob = r.string()?;
        let e = listpack_elems(&blob).ok_or(Error::Corrupt("bad stream listpack"))?;
        let (count, deleted, nmf) = (elem_int(e.first())?, elem_int(e.get(1))?, elem_int(e.get(2))?);
        if count <= 0 || deleted < 0 || nmf < 0 || nmf as usize > e.len() {
            return corrupt("bad stream master entry");
        }
        let nmf = nmf as usize;
        let mfields: Vec<Vec<u8>> = e.get(3..3 + nmf).ok_or(Error::Corrupt("bad stream master entry"))?.iter().map(|x| x.to_vec()).collect();
        if elem_int(e.get(3 + nmf))? != 0 {
            return corrupt("bad stream master terminator");
        }
        let mf: Vec<&[u8]> = mfields.iter().map(|v| v.as_slice()).collect();
        s.load_node(master, &mf);
        let mut p = 4 + nmf;
        let (mut live, mut dead) = (0i64, 0i64);
        let mut fields: Vec<Vec<u8>> = Vec::new();
        while p < e.len() {
            let flags = elem_int(e.get(p))?;
            let ms = master.ms.wrapping_add(elem_int(e.get(p + 1))? as u64);
            let seq = master.seq.wrapping_add(elem_int(e.get(p + 2))? as u64);
            let id = StreamId::new(ms, seq);
            p += 3;
            fields.clear();
            if flags & 2 != 0 {
                for (k, f) in mfields.iter().enumerate() {
                    fields.push(f.clone());
                    fields.push(e.get(p + k).ok_or(Error::Corrupt("short stream entry"))?.to_vec());
                }
                p += nmf;
            } else {
                let n = elem_int(e.get(p))?;
                if n < 0 || n as usize > e.len() {
                    return corrupt("bad stream entry field count");
                }
                p += 1;
                for k in 0..2 * n as usize {
                    fields.push(e.get(p + k).ok_or(Error::Corrupt("short stream entry"))?.to_vec());
                }
                p += 2 * n as usize;
            }
            elem_int(e.get(p))?; // lp-count
            p += 1;
            if prev.is_some_and(|x| id <= x) || id < master {
                return corrupt("stream IDs out of order");
            }
            prev = Some(id);
            let refs: Vec<&[u8]> = fields.iter().map(|v| v.as_slice()).collect();
            let del = flags & 1 != 0;
            s.load_entry(id, &refs, del);
            if del {
                dead += 1;
            } else {
                live += 1;
            }
        }
        if live != count || dead != deleted {
            return corrupt("stream node counts disagree");
        }
        live_total += live as u64;
    }
    s.length = r.length()?;
    if s.length != live_total {
        return corrupt("stream length disagrees with its entries");
    }
    s.last_id = StreamId::new(r.length()?, r.length()?);
    if prev.is_some_and(|p| p > s.last_id) {
        return corrupt("stream last ID below an entry");
    }
    if t >= ty::STREAM_LISTPACKS_2 {
        s.first_id = StreamId::new(r.length()?, r.length()?);
        s.max_deleted_entry_id = StreamId::new(r.length()?, r.length()?);
        s.entries_added = r.length()?;
    } else {
        s.first_id = s.edge_id(false).unwrap_or(StreamId::MIN);
        s.max_deleted_entry_id = StreamId::MIN;
        s.entries_added = s.length;
    }
    let ngroups = r.count()?;
    for _ in 0..ngroups {
        let name = r.string()?.into_owned().into_boxed_slice();
        let last_id = StreamId::new(r.length()?, r.length()?);
        let entries_read = if t >= ty::STREAM_LISTPACKS_2 { r.length()? as i64 } else { s.estimate_distance(last_id) };
        let mut g = ConsumerGroup::new(last_id, entries_read);
        // The group PEL goes straight into the group, owned by `unowned` until a consumer's
        // PEL claims the entry, each exactly once.
        let unowned: Arc<[u8]> = Arc::from(&b""[..]);
        let npel = r.count()?;
        for _ in 0..npel {
            let id = r.stream_id_raw()?;
            let time = r.i64_le()?;
            let count = r.length()?;
            let entry = PendingEntry { delivery_time: time, delivery_count: count, consumer: unowned.clone() };
            if g.pel.insert(id, entry).is_some() {
                return corrupt("duplicate PEL entry");
            }
        }
        let mut claimed = 0usize;
        let nconsumers = r.count()?;
        for _ in 0..nconsumers {
            let cname: Arc<[u8]> = Arc::from(&*r.string()?);
            let seen_time = r.i64_le()?;
            if t == ty::STREAM_LISTPACKS_3 {
                r.i64_le()?; // active-time (7.2); Spinel keeps seen-time only
            }
            let n = r.count()?;
            let mut own = BTreeSet::new();
            for _ in 0..n {
                let id = r.stream_id_raw()?;
                match g.pel.get_mut(&id) {
                    Some(e) if Arc::ptr_eq(&e.consumer, &unowned) => e.consumer = cname.clone(),
                    _ => return corrupt("consumer PEL entry missing from group PEL"),
                }
                claimed += 1;
                own.insert(id);
            }
            if g.consumers.insert(cname, Consumer { seen_time, pel: own }).is_some() {
                return corrupt("duplicate consumer");
            }
        }
        if claimed != g.pel.len() {
            return corrupt("group PEL entry without consumer");
        }
        if s.groups.insert(name, g).is_some() {
            return corrupt("duplicate consumer group");
        }
    }
    Ok(Value::Stream(alloc::boxed::Box::new(s)))
}
