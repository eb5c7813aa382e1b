//! Transactions: the commands a client queues between MULTI and EXEC, and the keys it
//! WATCHes.
//!
//! Every write calls [`Engine::key_modified`] (Redis's `signalModifiedKey`) for the keys it
//! changed; watchers of such a key get their transaction marked dirty, and their next EXEC
//! replies with a null array. FLUSHDB/FLUSHALL/SWAPDB touch every watched key that existed.
//! A watched key that was live at WATCH time and has expired by EXEC also aborts it, as in
//! Redis 7.

use crate::client::ClientId;
use crate::commands::CommandSpec;
use crate::engine::Engine;
use alloc::vec::Vec;
use hashbrown::HashMap;

type Hasher = foldhash::fast::FixedState;

/// One client's open transaction.
#[derive(Default)]
pub struct MultiState {
    /// Queued commands with their resolved table entry.
    pub commands: Vec<(&'static CommandSpec, Vec<Vec<u8>>)>,
    /// A command failed to queue (unknown, wrong arity...): EXEC answers EXECABORT.
    pub aborted: bool,
    /// Memory of the queued commands: their arguments' bytes and a fixed cost per command
    /// (CLIENT LIST's multi-mem; client eviction counts it). Only servers evict clients.
    #[cfg(feature = "server")]
    pub bytes: usize,
}

/// What a queued command costs beyond its arguments' bytes (its entry and argument
/// vectors), as Redis's multiStateMemOverhead counts a multiCmd and its argv.
#[cfg(feature = "server")]
pub const COMMAND_OVERHEAD: usize = 48;

/// A key a client watches.
pub struct WatchedKey {
    pub db: usize,
    pub key: Vec<u8>,
    /// The key was already logically expired when watched (its later deletion is no change).
    pub expired: bool,
}

/// Watchers by database and key.
pub struct Watches {
    by_key: Vec<HashMap<Vec<u8>, Vec<ClientId>, Hasher>>,
    /// Keys watched in all databases together: the fast path of `key_modified` is a test of zero.
    count: usize,
}

impl Watches {
    pub fn new(dbs: usize, seed: u64) -> Self {
        Watches { by_key: (0..dbs).map(|i| HashMap::with_hasher(Hasher::with_seed(seed ^ (i as u64) << 8))).collect(), count: 0 }
    }
}

impl Engine {
    /// Redis's `signalModifiedKey`: a write changed `key` in `db`.
    #[inline]
    pub(crate) fn key_modified(&mut self, db: usize, key: &[u8]) {
        if self.is_waited(db, key) {
            // A deleted or retyped key must reach its waiters too: XREADGROUP answers
            // UNBLOCKED, other waiters look again and keep their place. A stream that is
            // still one wakes its waiters itself (XADD, XGROUP DESTROY): XDEL, XTRIM and the
            // like leave them blocked, as in Redis 7.0.
            let stream = self.dbs[db].get(key).is_some_and(|e| matches!(e.value, crate::value::Value::Stream(_)));
            if !stream {
                self.signal_ready(db, key);
            }
        }
        if self.tracking.watching() {
            self.tracking_key_modified(key);
        }
        if self.watches.count == 0 {
            return;
        }
        self.touch_watchers(db, key);
    }

    /// A watched key changed. A key that was already expired when watched and is now gone
    /// (its lazy or active deletion) is no change: the watch goes on as one of a missing key.
    fn touch_watchers(&mut self, db: usize, key: &[u8]) {
        let Some(list) = self.watches.by_key.get(db).and_then(|m| m.get(key)) else { return };
        let gone = self.dbs[db].find(key).is_none();
        for &id in list {
            let Some(c) = self.clients.get_mut(id) else { continue };
            if let Some(w) = c.watched.iter_mut().find(|w| w.expired && w.db == db && w.key == key) {
                if gone {
                    w.expired = false;
                    continue;
                }
            }
            c.dirty_cas = true;
        }
    }

    /// FLUSHDB/FLUSHALL (`other` = None) or SWAPDB (`other` = the database swapped with):
    /// every watched key of `db` that exists in `db` or `other` is touched, except (as in
    /// Redis) a key already expired when watched that is now gone or still expired, and a
    /// missing key replaced by an expired one, which becomes a watch of an expired key.
    pub(crate) fn touch_all_watched_in_db(&mut self, db: usize, other: Option<usize>) {
        if self.watches.count == 0 {
            return;
        }
        let Some(map) = self.watches.by_key.get(db) else { return };
        let mut touched: Vec<(ClientId, Vec<u8>, bool, bool)> = Vec::new();
        for (key, clients) in map {
            let in_emptied = self.dbs[db].find(key).is_some();
            let in_other = other.is_some_and(|o| self.dbs[o].find(key).is_some());
            if in_emptied || in_other {
                let other_expired = other.is_some_and(|o| self.is_logically_expired(o, key));
                touched.extend(clients.iter().map(|&c| (c, key.clone(), in_emptied, other_expired)));
            }
        }
        let in_other_of = |e: &Engine, key: &[u8]| other.is_some_and(|o| e.dbs[o].find(key).is_some());
        for (id, key, in_emptied, other_expired) in touched {
            let in_other = in_other_of(self, &key);
            let Some(c) = self.clients.get_mut(id) else { continue };
            let Some(w) = c.watched.iter_mut().find(|w| w.db == db && w.key == key) else { continue };
            if w.expired {
                if !in_other {
                    w.expired = false;
                    continue;
                }
                if other_expired {
                    continue;
                }
            } else if !in_emptied && other_expired {
                w.expired = true;
                continue;
            }
            c.dirty_cas = true;
        }
    }

    /// WATCH of one key by `client`.
    pub(crate) fn watch(&mut self, client: ClientId, db: usize, key: &[u8]) {
        let Some(c) = self.clients.get(client) else { return };
        if c.watched.iter().any(|w| w.db == db && w.key == key) {
            return;
        }
        let expired = self.is_logically_expired(db, key);
        self.watches.by_key[db].entry(key.to_vec()).or_default().push(client);
        self.watches.count += 1;
        if let Some(c) = self.clients.get_mut(client) {
            c.watched.push(WatchedKey { db, key: key.to_vec(), expired });
        }
    }

    /// UNWATCH (also after EXEC, DISCARD, RESET and on disconnect).
    pub(crate) fn unwatch_all(&mut self, client: ClientId) {
        let Some(c) = self.clients.get_mut(client) else { return };
        c.dirty_cas = false;
        let watched = core::mem::take(&mut c.watched);
        for w in watched {
            let map = &mut self.watches.by_key[w.db];
            if let Some(list) = map.get_mut(w.key.as_slice()) {
                list.retain(|&x| x != client);
                if list.is_empty() {
                    map.remove(w.key.as_slice());
                }
            }
            self.watches.count -= 1;
        }
    }

    /// Whether a key exists but its TTL has passed (not yet deleted).
    fn is_logically_expired(&self, db: usize, key: &[u8]) -> bool {
        self.dbs[db].find(key).is_some_and(|slot| {
            let at = self.dbs[db].expire(slot);
            at != crate::keyspace::NO_EXPIRE && at < self.now_ms()
        })
    }

    /// At EXEC: a watched key that was live when watched and has expired since.
    pub(crate) fn watched_key_expired(&self, client: ClientId) -> bool {
        let Some(c) = self.clients.get(client) else { return false };
        c.watched.iter().any(|w| !w.expired && self.is_logically_expired(w.db, &w.key))
    }

    /// Ends a client's transaction state (EXEC, DISCARD, RESET, disconnect).
    pub(crate) fn discard_transaction(&mut self, client: ClientId) {
        if let Some(c) = self.clients.get_mut(client) {
            c.multi = None;
        }
        self.unwatch_all(client);
    }
}
