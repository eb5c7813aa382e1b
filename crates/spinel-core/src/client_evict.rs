//! maxmemory-clients (feature `server`): Redis 7.0's client eviction. The host knows each
//! connection's buffers and keeps their sum (normal and pub/sub clients only: not the
//! master or replicas); when it reaches the limit it closes the largest clients first (not
//! CLIENT NO-EVICT ones) until the sum is under it, and tells the engine of each, which logs
//! it and counts it in INFO's `evicted_clients`.

use crate::client::ClientId;
use crate::config::opt;
use crate::engine::Engine;

/// What a watched key and a subscription or prefix cost a client in Redis's count (list
/// node and record; hash entry and bucket).
const WATCHED_KEY_COST: usize = 48;
const ENTRY_COST: usize = 32;

/// Normal and pub/sub clients count; the master and replicas do not.
fn counted(c: &crate::client::Client) -> bool {
    !c.master && c.repl.as_ref().is_none_or(|r| !r.attached)
}

/// Redis's floor: a smaller limit would cut off every client, the operator's too.
const MIN_LIMIT: u64 = 128 * 1024;

impl Engine {
    /// The eviction limit in bytes (a percentage is of `maxmemory`); 0 when off.
    pub fn client_eviction_limit(&self) -> u64 {
        let setting = self.config.int(opt::MAXMEMORY_CLIENTS);
        let maxmemory = self.config.int(opt::MAXMEMORY).max(0) as u64;
        let limit = match setting {
            // (A percentage is stored negated.)
            p if p < 0 && maxmemory > 0 => (maxmemory as f64 * (-p) as f64 / 100.0) as u64,
            n if n > 0 => n as u64,
            _ => return 0,
        };
        limit.max(MIN_LIMIT)
    }

    /// Whether a client's memory counts toward the limit: normal and pub/sub clients (CLIENT
    /// NO-EVICT ones too, as in Redis), not the master or replicas.
    pub fn client_memory_counted(&self, id: ClientId) -> bool {
        self.clients.get(id).is_some_and(counted)
    }

    /// Whether a client may be evicted: one that counts, without CLIENT NO-EVICT.
    pub fn client_evictable(&self, id: ClientId) -> bool {
        self.clients.get(id).is_some_and(|c| counted(c) && !c.no_evict)
    }

    /// Memory the engine holds for a client beyond its connection's buffers: its record, its
    /// queued MULTI commands (CLIENT LIST's multi-mem), and, counted per entry as Redis's
    /// getClientMemoryUsage does (not the names, which are shared), its watched keys,
    /// subscriptions and tracking prefixes.
    pub fn client_engine_memory(&self, id: ClientId) -> usize {
        let Some(c) = self.clients.get(id) else { return 0 };
        let multi = c.multi.as_ref().map_or(0, |m| m.bytes);
        let subs = c.subs.channels.len() + c.subs.patterns.len() + c.subs.shard_channels.len();
        let prefixes = c.tracking.as_ref().map_or(0, |t| t.prefixes.len());
        core::mem::size_of::<crate::client::Client>() + multi + c.watched.len() * WATCHED_KEY_COST + (subs + prefixes) * ENTRY_COST
    }

    /// The host evicts a client (it closes it after this).
    pub fn client_evicted(&mut self, id: ClientId) {
        let line = self.client_info_line(id);
        self.host_log(&alloc::format!("Evicting client: {line}"));
        self.stats.evicted_clients += 1;
    }
}
