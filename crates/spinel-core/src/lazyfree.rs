//! Freeing big values off the command path (Redis's lazyfree). UNLINK, FLUSHDB/FLUSHALL
//! ASYNC and the options of [`LazyOption`] hand what they remove to the host instead of
//! dropping it: a value whose freeing costs more than
//! [`THRESHOLD`] allocations (Redis's lazyfreeGetFreeEffort), or a whole database. The host
//! drops them on another thread (spinel-server) and reports its counts for INFO
//! (`lazyfree_pending_objects`, `lazyfreed_objects`). A host that does not opt in
//! ([`Engine::enable_lazy_free`]: the npm package, which has no threads) frees inline.

use crate::engine::Engine;
use crate::keyspace::Db;
use crate::value::Value;
use alloc::boxed::Box;
use alloc::vec::Vec;

/// Values that cost more allocations than this to free go to the host (Redis's
/// LAZYFREE_THRESHOLD).
pub const THRESHOLD: usize = 64;

/// Something to free off the command path, and how many objects it counts for in INFO (a
/// value: one; a database: its keys).
pub struct Garbage {
    pub item: Box<dyn Send>,
    pub objects: u64,
}

#[derive(Default)]
pub(crate) struct LazyFree {
    /// The host frees garbage on another thread.
    enabled: bool,
    queue: Vec<Garbage>,
    /// `lazyfreed_objects` when CONFIG RESETSTAT ran (the host's count keeps growing).
    pub freed_base: u64,
}

/// How many allocations freeing `value` takes, roughly (Redis's lazyfreeGetFreeEffort):
/// one for a compact encoding, one per element (per node for lists and streams) otherwise.
pub fn free_effort(value: &Value) -> usize {
    match value {
        Value::Str(_) => 1,
        Value::List(l) if l.encoding() == "quicklist" => l.len() / 128 + 1,
        Value::Set(s) if s.encoding() == "hashtable" => s.len(),
        Value::Hash(h) if h.encoding() == "hashtable" => h.len(),
        Value::ZSet(z) if z.encoding() == "skiplist" => z.len(),
        Value::Stream(s) => {
            // Every node is an allocation, and so is every group and its pending entries
            // (the first group's PEL stands for all, as in Redis).
            let pel = s.groups.values().next().map_or(0, |g| g.pel.len());
            s.node_count() + s.groups.len() * (1 + pel)
        }
        _ => 1,
    }
}

/// The options that make a kind of deletion lazy.
#[derive(Clone, Copy)]
pub(crate) enum LazyOption {
    /// `lazyfree-lazy-user-del`: DEL as UNLINK.
    UserDel,
    /// `lazyfree-lazy-user-flush`: FLUSHDB/FLUSHALL without SYNC as ASYNC.
    UserFlush,
    /// `lazyfree-lazy-expire`: expired keys (propagated as UNLINK).
    Expire,
    /// `replica-lazy-flush`: a replica's data before a full sync.
    ReplicaFlush,
}

impl Engine {
    /// Whether `option` is on; the package has none of them (nor a thread to free on).
    pub(crate) fn lazy_option(&self, option: LazyOption) -> bool {
        #[cfg(feature = "server")]
        {
            use crate::config::opt;
            self.config.bool(match option {
                LazyOption::UserDel => opt::LAZYFREE_LAZY_USER_DEL,
                LazyOption::UserFlush => opt::LAZYFREE_LAZY_USER_FLUSH,
                LazyOption::Expire => opt::LAZYFREE_LAZY_EXPIRE,
                LazyOption::ReplicaFlush => opt::REPLICA_LAZY_FLUSH,
            })
        }
        #[cfg(not(feature = "server"))]
        {
            let _ = option;
            false
        }
    }

    /// The host frees garbage on another thread: take it with [`Engine::take_garbage`].
    pub fn enable_lazy_free(&mut self) {
        self.lazy.enabled = true;
    }

    /// What to free, handed over once (after each batch).
    #[inline]
    pub fn take_garbage(&mut self) -> Vec<Garbage> {
        core::mem::take(&mut self.lazy.queue)
    }

    #[inline]
    pub fn has_garbage(&self) -> bool {
        !self.lazy.queue.is_empty()
    }

    /// Drops a removed value, on the host's thread when `lazy` and it is big enough. (Only
    /// servers have threads: the package's build drops it here, without the effort code.)
    pub(crate) fn free_value(&mut self, value: Value, lazy: bool) {
        if cfg!(feature = "server") && lazy && self.lazy.enabled && free_effort(&value) > THRESHOLD {
            self.lazy.queue.push(Garbage { item: Box::new(value), objects: 1 });
        }
    }

    /// Drops a database's contents (FLUSHDB/FLUSHALL ASYNC): on the host's thread when
    /// `lazy`, emptying `db` in place either way.
    pub(crate) fn free_db(&mut self, db: usize, lazy: bool) {
        let keys = self.dbs[db].len() as u64;
        if cfg!(feature = "server") && lazy && self.lazy.enabled && keys > 0 {
            let old: Db = self.dbs[db].take_contents();
            self.lazy.queue.push(Garbage { item: Box::new(old), objects: keys });
        } else {
            self.dbs[db].clear();
        }
    }
}
