//! Host-neutral persistence for hosts without files (the npm package: IndexedDB, Workers KV,
//! Durable Objects) — and any other: the keyspace as bounded-size snapshot chunks, the
//! change stream as bounded-size log segments, and a manifest that commits them.
//!
//! Every stored blob is `SPNL`, a postcard [`BlobHeader`] (format version, kind, generation,
//! index, CRC-64 of the payload), then the payload, and never exceeds the size the host
//! asks for. A snapshot's payload, concatenated across its chunks, is a stream of postcard
//! [`Record`]s, one per key, whose value is Redis's RDB encoding of it (what DUMP carries,
//! without the footer); function libraries come first, as records of database
//! [`LIBRARY_DB`] whose key is the library's code (format 2). Records may span chunks, so
//! values of any size fit stores with small values (a Durable Object's 128 KiB). A log segment's payload is AOF-format commands
//! (`Engine::take_changes`), replayed with [`crate::aof::replay`].
//!
//! Snapshots are taken at a point in time: [`Engine::snapshot_chunks`] iterates over the
//! engine it borrows, so a synchronous host writes the chunks as they come; an asynchronous
//! one collects them first (a copy of the serialized data) and then writes at leisure while
//! new writes go to the next generation's log. See `store.rs` for the storage interface.

use crate::engine::Engine;
use crate::keyspace::NO_EXPIRE;
use crate::rdb::{self, decode, encode::Encoder};
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

/// Version of the blob layout; a loader refuses blobs of a newer format. 2: function
/// libraries in snapshots.
pub const FORMAT: u16 = 2;
/// The `db` of a record holding a function library.
pub const LIBRARY_DB: u32 = u32::MAX;
const MAGIC: &[u8; 4] = b"SPNL";
/// Room kept for the magic and the header within a blob's size limit.
pub const HEADER_MAX: usize = 48;
/// The smallest blob size accepted (a header and some payload).
pub const MIN_BLOB: usize = 256;

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlobKind {
    SnapshotChunk,
    LogSegment,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct BlobHeader {
    pub format: u16,
    pub kind: BlobKind,
    /// Snapshot generation the blob belongs to.
    pub generation: u64,
    /// Position among the generation's chunks (or log segments), from 0.
    pub index: u32,
    /// Last chunk of the snapshot (always true for log segments).
    pub last: bool,
    pub payload_len: u32,
    /// CRC-64 (Redis's) of the payload.
    pub crc: u64,
}

/// One key of a snapshot.
#[derive(Serialize, Deserialize, Debug)]
pub struct Record<'a> {
    pub db: u32,
    pub key: &'a [u8],
    /// Absolute unix ms, 0 for none.
    pub expire_ms: u64,
    /// RDB type byte and value.
    pub value: &'a [u8],
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SnapshotError {
    /// Not a Spinel blob, or its checksum does not match.
    Corrupt(&'static str),
    /// Written by a newer Spinel.
    UnsupportedFormat(u16),
    /// Chunks out of order or from another generation.
    OutOfOrder,
    /// A key could not be decoded.
    BadValue(rdb::Error),
    /// A function library did not load: the reason.
    BadLibrary(alloc::string::String),
}

/// Builds one blob.
pub fn blob(kind: BlobKind, generation: u64, index: u32, last: bool, payload: &[u8]) -> Vec<u8> {
    let header = BlobHeader { format: FORMAT, kind, generation, index, last, payload_len: payload.len() as u32, crc: rdb::crc64(0, payload) };
    let mut out = Vec::with_capacity(HEADER_MAX + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&postcard::to_allocvec(&header).unwrap_or_default());
    out.extend_from_slice(payload);
    out
}

/// Checks a blob and returns its header and payload.
pub fn open_blob(b: &[u8]) -> Result<(BlobHeader, &[u8]), SnapshotError> {
    let rest = b.strip_prefix(MAGIC).ok_or(SnapshotError::Corrupt("not a Spinel blob"))?;
    let (h, payload): (BlobHeader, &[u8]) = postcard::take_from_bytes(rest).map_err(|_| SnapshotError::Corrupt("bad blob header"))?;
    if h.format > FORMAT {
        return Err(SnapshotError::UnsupportedFormat(h.format));
    }
    if payload.len() != h.payload_len as usize || rdb::crc64(0, payload) != h.crc {
        return Err(SnapshotError::Corrupt("blob checksum mismatch"));
    }
    Ok((h, payload))
}

/// Cuts change-stream bytes into log-segment blobs of at most `max_bytes`, numbered from
/// `first_index`.
pub fn log_segments(changes: &[u8], generation: u64, first_index: u32, max_bytes: usize) -> Vec<Vec<u8>> {
    let room = max_bytes.max(MIN_BLOB) - HEADER_MAX;
    changes.chunks(room).enumerate().map(|(i, part)| blob(BlobKind::LogSegment, generation, first_index + i as u32, true, part)).collect()
}

/// Iterator over a snapshot's chunks ([`Engine::snapshot_chunks`]).
pub struct SnapshotChunks<'e> {
    engine: &'e Engine,
    generation: u64,
    room: usize,
    /// The function libraries go first.
    libraries_written: bool,
    db: usize,
    cursor: u64,
    exhausted: bool,
    done: bool,
    index: u32,
    pending: Vec<u8>,
    enc: Encoder,
}

impl SnapshotChunks<'_> {
    /// Serializes keys until a chunk's worth of payload is pending (or all keys are).
    fn fill(&mut self) {
        if !self.libraries_written {
            self.libraries_written = true;
            for code in self.engine.function_library_codes() {
                let rec = Record { db: LIBRARY_DB, key: &code, expire_ms: NO_EXPIRE, value: &[] };
                if let Ok(bytes) = postcard::to_allocvec(&rec) {
                    self.pending.extend_from_slice(&bytes);
                }
            }
        }
        while self.pending.len() < self.room && !self.exhausted {
            if self.db >= self.engine.dbs.len() {
                self.exhausted = true;
                break;
            }
            let db = &self.engine.dbs[self.db];
            let (enc, pending, dbi) = (&mut self.enc, &mut self.pending, self.db as u32);
            let next = db.scan(self.cursor, 64, |entry| {
                enc.out.clear();
                enc.typed_value(&entry.value);
                let rec = Record { db: dbi, key: entry.key.as_bytes(), expire_ms: db.expire_of(entry), value: &enc.out };
                if let Ok(bytes) = postcard::to_allocvec(&rec) {
                    pending.extend_from_slice(&bytes);
                }
            });
            if next == 0 {
                self.db += 1;
                self.cursor = 0;
            } else {
                self.cursor = next;
            }
        }
    }
}

impl Iterator for SnapshotChunks<'_> {
    type Item = Vec<u8>;

    fn next(&mut self) -> Option<Vec<u8>> {
        if self.done {
            return None;
        }
        self.fill();
        let take = self.pending.len().min(self.room);
        let last = self.exhausted && take == self.pending.len();
        let b = blob(BlobKind::SnapshotChunk, self.generation, self.index, last, &self.pending[..take]);
        self.pending.drain(..take);
        self.index += 1;
        self.done = last;
        Some(b)
    }
}

/// Restoring a snapshot chunk by chunk ([`Engine::restore_chunk`]).
#[derive(Default, Debug)]
pub struct SnapshotLoader {
    generation: Option<u64>,
    next_index: u32,
    pending: Vec<u8>,
    complete: bool,
    pub keys_loaded: u64,
}

impl SnapshotLoader {
    pub fn new() -> Self {
        SnapshotLoader::default()
    }

    /// The last chunk was applied.
    pub fn is_complete(&self) -> bool {
        self.complete
    }
}

impl Engine {
    /// The keyspace as snapshot chunks of at most `max_bytes` each (at least [`MIN_BLOB`]),
    /// tagged with `generation`. There is always at least one chunk (the last).
    pub fn snapshot_chunks(&self, max_bytes: usize, generation: u64) -> SnapshotChunks<'_> {
        SnapshotChunks {
            engine: self,
            generation,
            room: max_bytes.max(MIN_BLOB) - HEADER_MAX,
            libraries_written: false,
            db: 0,
            cursor: 0,
            exhausted: false,
            done: false,
            index: 0,
            pending: Vec::new(),
            enc: crate::commands::dump::encoder(self),
        }
    }

    /// Applies the next chunk of a snapshot (in order). Keys already present are replaced.
    pub fn restore_chunk(&mut self, l: &mut SnapshotLoader, chunk: &[u8]) -> Result<(), SnapshotError> {
        let (h, payload) = open_blob(chunk)?;
        if h.kind != BlobKind::SnapshotChunk || l.complete || h.index != l.next_index || l.generation.is_some_and(|g| g != h.generation) {
            return Err(SnapshotError::OutOfOrder);
        }
        l.generation = Some(h.generation);
        l.next_index += 1;
        l.pending.extend_from_slice(payload);
        let lim = decode::Limits::from_config(&self.config, self.rng.u64(..));
        let lru = self.lru_clock();
        let mut pos = 0;
        loop {
            match postcard::take_from_bytes::<Record>(&l.pending[pos..]) {
                Ok((rec, rest)) => {
                    let used = l.pending.len() - pos - rest.len();
                    if rec.db == LIBRARY_DB {
                        // Without a script VM there is nothing to load it into.
                        if let Some(Err(why)) = self.restore_function_library(rec.key, true) {
                            return Err(SnapshotError::BadLibrary(why));
                        }
                        pos += used;
                        continue;
                    }
                    if rec.db as usize >= self.dbs.len() {
                        return Err(SnapshotError::Corrupt("database index out of range"));
                    }
                    let mut r = decode::Reader::new(rec.value);
                    let value = r.byte().and_then(|t| decode::value(&mut r, t, lim));
                    match value {
                        // Keys whose TTL has passed are loaded too, as Redis loads an AOF's RDB
                        // preamble: the log after the snapshot may extend or remove the TTL.
                        // Expiry removes them once the log is in.
                        Ok(v) => {
                            let db = &mut self.dbs[rec.db as usize];
                            if let Some(old) = db.find(rec.key) {
                                db.remove_slot(old);
                            }
                            let slot = db.insert_new(rec.key, v, lru);
                            if rec.expire_ms != NO_EXPIRE {
                                db.set_expire(slot, rec.expire_ms);
                            }
                            l.keys_loaded += 1;
                        }
                        Err(rdb::Error::Empty) => {}
                        Err(e) => return Err(SnapshotError::BadValue(e)),
                    }
                    pos += used;
                }
                Err(postcard::Error::DeserializeUnexpectedEnd) => break,
                Err(_) => return Err(SnapshotError::Corrupt("bad record")),
            }
        }
        l.pending.drain(..pos);
        if h.last {
            if !l.pending.is_empty() {
                return Err(SnapshotError::Corrupt("snapshot ends inside a record"));
            }
            l.complete = true;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::*;

    #[test]
    fn chunks_are_bounded_and_restore_key_by_key() {
        let (mut e, c) = engine();
        let big = "x".repeat(5000);
        run(&mut e, c, &alloc::format!("SET big {big}"));
        for i in 0..300 {
            run(&mut e, c, &alloc::format!("HSET h{i} f {i}"));
        }
        run(&mut e, c, "SELECT 2");
        run(&mut e, c, "RPUSH l a b c");
        run(&mut e, c, "SET ttl v PX 5000");
        let chunks: Vec<Vec<u8>> = e.snapshot_chunks(1024, 7).collect();
        assert!(chunks.len() > 5);
        assert!(chunks.iter().all(|c| c.len() <= 1024), "every chunk within the limit");
        let (mut f, c2) = engine();
        let mut l = SnapshotLoader::new();
        // Out of order is refused.
        assert_eq!(f.restore_chunk(&mut l, &chunks[1]), Err(SnapshotError::OutOfOrder));
        for ch in &chunks {
            f.restore_chunk(&mut l, ch).unwrap();
        }
        assert!(l.is_complete());
        assert_eq!(l.keys_loaded, 303);
        for (db, key) in [(0, "big"), (0, "h17"), (2, "l"), (2, "ttl")] {
            for (eng, cl) in [(&mut e, c), (&mut f, c2)] {
                run(eng, cl, &alloc::format!("SELECT {db}"));
            }
            assert_eq!(run(&mut f, c2, &alloc::format!("DUMP {key}")), run(&mut e, c, &alloc::format!("DUMP {key}")), "{key}");
        }
        assert_eq!(run(&mut f, c2, "PTTL ttl"), b":5000\r\n");
        // A flipped byte is caught by the chunk checksum.
        let mut bad = chunks[0].clone();
        let n = bad.len() - 1;
        bad[n] ^= 1;
        assert_eq!(engine().0.restore_chunk(&mut SnapshotLoader::new(), &bad), Err(SnapshotError::Corrupt("blob checksum mismatch")));
        // An empty keyspace is one (last) chunk.
        let empty: Vec<Vec<u8>> = engine().0.snapshot_chunks(1024, 1).collect();
        assert_eq!(empty.len(), 1);
    }

    #[test]
    fn log_segments_carry_changes_in_bounded_blobs() {
        let changes = alloc::vec![b'x'; 3000];
        let segs = log_segments(&changes, 3, 10, 1000);
        assert!(segs.iter().all(|s| s.len() <= 1000));
        let mut back = Vec::new();
        for (i, s) in segs.iter().enumerate() {
            let (h, p) = open_blob(s).unwrap();
            assert_eq!((h.kind, h.generation, h.index), (BlobKind::LogSegment, 3, 10 + i as u32));
            back.extend_from_slice(p);
        }
        assert_eq!(back, changes);
    }
}
