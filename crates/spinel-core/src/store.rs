//! The storage interface hosts implement to make an engine durable without files: a
//! key-value store with a value-size limit (IndexedDB, Workers KV with 25 MiB values, a
//! Durable Object's storage with 128 KiB values, or a directory). Three operations:
//! **load** (manifest, snapshot chunks, log segments), **append changes** (the change stream
//! as log segments, then the manifest), **compact** (a new snapshot generation, then the
//! manifest, then deleting the old generation).
//!
//! Layout in the store (`<g>`: generation, `<i>`: index):
//!
//! ```text
//! spinel/manifest         postcard Manifest: format, generation, chunk and segment counts
//! spinel/<g>/snap/<i>     snapshot chunks (snapshot.rs)
//! spinel/<g>/log/<i>      change-log segments: writes since that snapshot
//! ```
//!
//! The manifest is written last in each operation: it is the commit point. A crash before
//! it leaves blobs nobody names (compaction deletes them later); after it, everything it
//! names is complete. Async hosts use the `plan_*` methods, which return the [`StoreOp`]s
//! to perform in order (and await), instead of the blocking [`Store`] trait.

use crate::engine::Engine;
use crate::snapshot::{self, BlobKind, SnapshotError, SnapshotLoader};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

pub const MANIFEST_KEY: &str = "spinel/manifest";

/// What the store holds, as committed.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    pub format: u16,
    pub generation: u64,
    pub chunks: u32,
    pub log_segments: u32,
}

pub fn chunk_key(generation: u64, i: u32) -> String {
    format!("spinel/{generation}/snap/{i}")
}

pub fn log_key(generation: u64, i: u32) -> String {
    format!("spinel/{generation}/log/{i}")
}

/// One store operation, for hosts whose store is asynchronous.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreOp {
    Put { key: String, value: Vec<u8> },
    Delete { key: String },
}

/// A synchronous store (a file directory, a test double). Async hosts use the plans.
pub trait Store {
    type Error;
    /// The largest value the store takes.
    fn max_value_bytes(&self) -> usize;
    fn get(&mut self, key: &str) -> Result<Option<Vec<u8>>, Self::Error>;
    fn put(&mut self, key: &str, value: &[u8]) -> Result<(), Self::Error>;
    fn delete(&mut self, key: &str) -> Result<(), Self::Error>;
}

#[derive(Debug)]
pub enum DurableError<E> {
    Store(E),
    Snapshot(SnapshotError),
    /// The log does not replay (corrupt in the middle).
    BadLog,
}

/// The durability state a host keeps beside its engine.
#[derive(Clone, Debug)]
pub struct Durable {
    pub manifest: Manifest,
    pub max_value_bytes: usize,
}

impl Durable {
    /// Starts from nothing stored (the first compaction writes generation 1).
    pub fn new(max_value_bytes: usize) -> Self {
        Durable { manifest: Manifest { format: snapshot::FORMAT, ..Manifest::default() }, max_value_bytes }
    }

    /// Loads what `store` holds into `e` (empty), then turns on its change stream.
    pub fn load<S: Store>(e: &mut Engine, store: &mut S) -> Result<Durable, DurableError<S::Error>> {
        let mut d = Durable::new(store.max_value_bytes());
        if let Some(m) = store.get(MANIFEST_KEY).map_err(DurableError::Store)? {
            let m: Manifest = postcard::from_bytes(&m).map_err(|_| DurableError::Snapshot(SnapshotError::Corrupt("bad manifest")))?;
            if m.format > snapshot::FORMAT {
                return Err(DurableError::Snapshot(SnapshotError::UnsupportedFormat(m.format)));
            }
            let mut loader = SnapshotLoader::new();
            for i in 0..m.chunks {
                let blob = store.get(&chunk_key(m.generation, i)).map_err(DurableError::Store)?.ok_or(DurableError::Snapshot(SnapshotError::Corrupt("missing chunk")))?;
                e.restore_chunk(&mut loader, &blob).map_err(DurableError::Snapshot)?;
            }
            let mut log = Vec::new();
            for i in 0..m.log_segments {
                let blob = store.get(&log_key(m.generation, i)).map_err(DurableError::Store)?.ok_or(DurableError::Snapshot(SnapshotError::Corrupt("missing log segment")))?;
                let (h, payload) = snapshot::open_blob(&blob).map_err(DurableError::Snapshot)?;
                if h.kind != BlobKind::LogSegment || h.generation != m.generation || h.index != i {
                    return Err(DurableError::Snapshot(SnapshotError::OutOfOrder));
                }
                log.extend_from_slice(payload);
            }
            let now = e.now_us;
            if let crate::aof::Replay::Corrupt(_) = crate::aof::replay(&log, Some(e), now) {
                return Err(DurableError::BadLog);
            }
            d.manifest = m;
        }
        e.set_change_stream(true);
        Ok(d)
    }

    /// The operations that store the writes made since the last call.
    pub fn plan_append(&mut self, e: &mut Engine) -> Vec<StoreOp> {
        let mut changes = Vec::new();
        e.take_changes(&mut changes);
        if changes.is_empty() {
            return Vec::new();
        }
        let m = &mut self.manifest;
        let mut ops: Vec<StoreOp> = snapshot::log_segments(&changes, m.generation, m.log_segments, self.max_value_bytes)
            .into_iter()
            .enumerate()
            .map(|(k, value)| StoreOp::Put { key: log_key(m.generation, m.log_segments + k as u32), value })
            .collect();
        m.log_segments += ops.len() as u32;
        ops.push(StoreOp::Put { key: MANIFEST_KEY.into(), value: postcard::to_allocvec(m).unwrap_or_default() });
        ops
    }

    /// The operations of a compaction: the keyspace as generation + 1 (taken now, so it is
    /// a point in time even if the host writes it later), the manifest naming it, then the
    /// deletion of the old generation. Writes made meanwhile go to the new generation's log
    /// (call [`Durable::plan_append`] only after performing these).
    pub fn plan_compact(&mut self, e: &mut Engine) -> Vec<StoreOp> {
        // Writes not yet stored are in the snapshot: drop them from the old log.
        let mut stale = Vec::new();
        e.take_changes(&mut stale);
        let old = self.manifest.clone();
        let generation = old.generation + 1;
        let mut ops: Vec<StoreOp> = e
            .snapshot_chunks(self.max_value_bytes, generation)
            .enumerate()
            .map(|(i, value)| StoreOp::Put { key: chunk_key(generation, i as u32), value })
            .collect();
        self.manifest = Manifest { format: snapshot::FORMAT, generation, chunks: ops.len() as u32, log_segments: 0 };
        ops.push(StoreOp::Put { key: MANIFEST_KEY.into(), value: postcard::to_allocvec(&self.manifest).unwrap_or_default() });
        for i in 0..old.chunks {
            ops.push(StoreOp::Delete { key: chunk_key(old.generation, i) });
        }
        for i in 0..old.log_segments {
            ops.push(StoreOp::Delete { key: log_key(old.generation, i) });
        }
        // The new log starts with a SELECT.
        e.set_change_stream(true);
        ops
    }

    pub fn append_changes<S: Store>(&mut self, e: &mut Engine, store: &mut S) -> Result<(), S::Error> {
        let ops = self.plan_append(e);
        perform(store, ops)
    }

    pub fn compact<S: Store>(&mut self, e: &mut Engine, store: &mut S) -> Result<(), S::Error> {
        let ops = self.plan_compact(e);
        perform(store, ops)
    }
}

/// Performs store operations in order.
pub fn perform<S: Store>(store: &mut S, ops: Vec<StoreOp>) -> Result<(), S::Error> {
    for op in ops {
        match op {
            StoreOp::Put { key, value } => store.put(&key, &value)?,
            StoreOp::Delete { key } => store.delete(&key)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::*;
    use alloc::collections::BTreeMap;

    /// A store with small values, like a Durable Object's.
    struct Mem {
        map: BTreeMap<String, Vec<u8>>,
        max: usize,
    }

    impl Store for Mem {
        type Error = ();
        fn max_value_bytes(&self) -> usize {
            self.max
        }
        fn get(&mut self, key: &str) -> Result<Option<Vec<u8>>, ()> {
            Ok(self.map.get(key).cloned())
        }
        fn put(&mut self, key: &str, value: &[u8]) -> Result<(), ()> {
            assert!(value.len() <= self.max, "{key}: {} bytes", value.len());
            self.map.insert(key.into(), value.to_vec());
            Ok(())
        }
        fn delete(&mut self, key: &str) -> Result<(), ()> {
            self.map.remove(key);
            Ok(())
        }
    }

    #[test]
    fn load_append_compact_round_trip() {
        let mut store = Mem { map: BTreeMap::new(), max: 512 };
        let (mut e, c) = engine();
        let mut d = Durable::load(&mut e, &mut store).unwrap();
        run(&mut e, c, &alloc::format!("SET big {}", "y".repeat(2000)));
        run(&mut e, c, "INCR n");
        d.append_changes(&mut e, &mut store).unwrap();
        d.compact(&mut e, &mut store).unwrap();
        run(&mut e, c, "INCR n");
        run(&mut e, c, "SELECT 3");
        run(&mut e, c, "RPUSH l a b");
        d.append_changes(&mut e, &mut store).unwrap();
        // Nothing of generation 0 is left.
        assert!(store.map.keys().all(|k| k == MANIFEST_KEY || k.starts_with("spinel/1/")), "{:?}", store.map.keys());
        let (mut f, c2) = engine();
        Durable::load(&mut f, &mut store).unwrap();
        assert_eq!(run(&mut f, c2, "GET n"), b"$1\r\n2\r\n");
        assert_eq!(run(&mut f, c2, "STRLEN big"), b":2000\r\n");
        run(&mut f, c2, "SELECT 3");
        assert_eq!(run(&mut f, c2, "LRANGE l 0 -1"), b"*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    }
}
