//! The thread that frees what the engine hands over (UNLINK, FLUSHDB/FLUSHALL ASYNC: see
//! spinel-core's lazyfree.rs), as Redis's lazyfree background thread: dropping a big value
//! or a whole database never stops the loop. Its counts are INFO's `lazyfree_pending_objects`
//! and `lazyfreed_objects`.

use spinel_core::lazyfree::Garbage;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::mpsc::{channel, Sender};

static PENDING: AtomicU64 = AtomicU64::new(0);
static FREED: AtomicU64 = AtomicU64::new(0);

/// (objects handed over and not freed yet, objects freed) (`HostInfo::lazy_free_stats`).
pub fn stats() -> (u64, u64) {
    (PENDING.load(Relaxed), FREED.load(Relaxed))
}

pub struct Freer {
    tx: Sender<Garbage>,
}

impl Freer {
    /// Starts the thread (None if it cannot be: the engine then frees inline).
    pub fn start() -> Option<Freer> {
        let (tx, rx) = channel::<Garbage>();
        let spawned = std::thread::Builder::new().name("lazyfree".into()).spawn(move || {
            for garbage in rx {
                let objects = garbage.objects;
                drop(garbage.item);
                FREED.fetch_add(objects, Relaxed);
                PENDING.fetch_sub(objects, Relaxed);
            }
        });
        spawned.ok().map(|_| Freer { tx })
    }

    /// Hands the garbage to the thread.
    pub fn hand_over(&self, garbage: Vec<Garbage>) {
        for g in garbage {
            PENDING.fetch_add(g.objects, Relaxed);
            if let Err(unsent) = self.tx.send(g) {
                // (The thread is gone: freed here.)
                PENDING.fetch_sub(unsent.0.objects, Relaxed);
            }
        }
    }
}
