//! maxmemory: eviction by policy, and LFU access counters.
//!
//! Before each command, when `maxmemory` is set and the host reports more memory in use
//! (`HostInfo::used_memory`), keys are evicted until usage is under the limit, as Redis's
//! `performEvictions`: the LRU/LFU/TTL policies sample `maxmemory-samples` keys per database
//! into a pool of the 16 best candidates and evict the best; the random policies pick at
//! random. If nothing can be evicted (noeviction, or no candidate keys), commands flagged
//! denyoom get `-OOM`.
//!
//! The per-key `lru` field holds the access time in seconds under LRU policies, and
//! under LFU ones Redis's layout: the last decrement time in minutes (16 bits) and a
//! logarithmic access counter (8 bits).

use crate::config::opt;
use crate::engine::Engine;
use crate::keyspace::NO_EXPIRE;
use crate::notify::class;
use alloc::vec::Vec;

/// The reply to a denyoom command when eviction cannot get under maxmemory.
pub const OOM_ERROR: &str = "OOM command not allowed when used memory > 'maxmemory'.";

/// `maxmemory-policy` values, in the order of the config option's choices.
pub const POLICIES: &[&str] =
    &["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Policy {
    VolatileLru,
    VolatileLfu,
    VolatileRandom,
    VolatileTtl,
    AllkeysLru,
    AllkeysLfu,
    AllkeysRandom,
    NoEviction,
}

impl Policy {
    fn from_index(i: i64) -> Policy {
        [
            Policy::VolatileLru,
            Policy::VolatileLfu,
            Policy::VolatileRandom,
            Policy::VolatileTtl,
            Policy::AllkeysLru,
            Policy::AllkeysLfu,
            Policy::AllkeysRandom,
            Policy::NoEviction,
        ][i.clamp(0, 7) as usize]
    }
    fn volatile(self) -> bool {
        matches!(self, Policy::VolatileLru | Policy::VolatileLfu | Policy::VolatileRandom | Policy::VolatileTtl)
    }
    fn lfu(self) -> bool {
        matches!(self, Policy::VolatileLfu | Policy::AllkeysLfu)
    }
    fn lru(self) -> bool {
        matches!(self, Policy::VolatileLru | Policy::AllkeysLru)
    }
}

/// Redis's LFU_INIT_VAL: new keys start here so they are not evicted at once.
const LFU_INIT_VAL: u32 = 5;
const EVPOOL_SIZE: usize = 16;

/// One eviction candidate: higher `idle` is evicted first.
struct Candidate {
    idle: u64,
    db: usize,
    key: Vec<u8>,
}

impl Engine {
    #[inline(always)]
    fn policy(&self) -> Policy {
        Policy::from_index(self.config.int(opt::MAXMEMORY_POLICY))
    }

    /// Whether the `lru` fields hold LFU data.
    #[inline]
    pub(crate) fn lfu_mode(&self) -> bool {
        self.policy().lfu()
    }

    /// Whether Redis would share small integer objects: not with a maxmemory limit and an
    /// LRU or LFU policy (each key needs its own access data then).
    pub(crate) fn shares_integers(&self) -> bool {
        self.config.int(opt::MAXMEMORY) == 0 || !(self.policy().lru() || self.policy().lfu())
    }

    /// Minutes clock, 16 bits (Redis's LFUGetTimeInMinutes).
    fn lfu_minutes(&self) -> u32 {
        ((self.now_us / 60_000_000) & 0xffff) as u32
    }

    /// The value of a fresh key's `lru` field under the current policy.
    pub(crate) fn initial_lru(&self) -> u32 {
        if self.lfu_mode() {
            (self.lfu_minutes() << 8) | LFU_INIT_VAL
        } else {
            self.lru_clock()
        }
    }

    /// What dump.rdb keeps of a key's access history under the current policy (as Redis's
    /// rdbSaveKeyValuePair): its idle time in seconds under an LRU policy, its LFU counter
    /// under an LFU policy, nothing under the others.
    pub(crate) fn saved_access(&self, lru: u32) -> (Option<u64>, Option<u8>) {
        let policy = self.policy();
        if policy.lru() {
            (Some(self.lru_clock().saturating_sub(lru) as u64), None)
        } else if policy.lfu() {
            (None, Some(self.lfu_decayed(lru) as u8))
        } else {
            (None, None)
        }
    }

    /// The `lru` field of a loaded or restored key (Redis's objectSetLRUOrLFU): from its LFU
    /// counter under an LFU policy, from its idle time (seconds) otherwise, else a fresh one.
    pub(crate) fn loaded_lru(&self, idle_s: Option<u64>, freq: Option<u8>) -> u32 {
        if self.lfu_mode() {
            return match freq {
                Some(f) => (self.lfu_minutes() << 8) | f as u32,
                None => self.initial_lru(),
            };
        }
        let clock = self.lru_clock();
        idle_s.map_or(clock, |s| clock.saturating_sub(s.min(u32::MAX as u64) as u32))
    }

    /// The LFU counter after decay (Redis's LFUDecrAndReturn).
    pub(crate) fn lfu_decayed(&self, lru: u32) -> u32 {
        let ldt = lru >> 8;
        let counter = lru & 0xff;
        let now = self.lfu_minutes();
        let elapsed = if now >= ldt { now - ldt } else { 65535 - ldt + now };
        let period = self.config.int(opt::LFU_DECAY_TIME).max(0) as u32;
        let periods = elapsed.checked_div(period).unwrap_or(0);
        counter.saturating_sub(periods)
    }

    /// An access: the new `lru` field value (LRU time, or decayed and incremented LFU counter).
    #[inline]
    pub(crate) fn touched_lru(&mut self, lru: u32) -> u32 {
        if self.no_touch {
            return lru;
        }
        if !self.lfu_mode() {
            return self.lru_clock();
        }
        let mut counter = self.lfu_decayed(lru);
        if counter < 255 {
            // LFULogIncr: the more hits, the less likely the next increment.
            let base = counter.saturating_sub(LFU_INIT_VAL) as f64;
            let p = 1.0 / (base * self.config.int(opt::LFU_LOG_FACTOR).max(0) as f64 + 1.0);
            if self.rng.f64() < p {
                counter += 1;
            }
        }
        (self.lfu_minutes() << 8) | counter
    }

    /// Frees memory until under `maxmemory`; false if it could not (the caller answers
    /// denyoom commands with -OOM).
    pub(crate) fn evict_until_under_limit(&mut self) -> bool {
        let limit = self.config.int(opt::MAXMEMORY) as usize;
        if limit == 0 || self.used_memory() <= limit {
            return true;
        }
        let policy = self.policy();
        // A paused server keeps its dataset as it is (Redis's performEvictions).
        if policy == Policy::NoEviction || self.dataset_frozen() {
            return false;
        }
        let mut pool: Vec<Candidate> = Vec::with_capacity(EVPOOL_SIZE);
        let mut next_db = 0usize;
        loop {
            if self.used_memory() <= limit {
                return true;
            }
            let victim = match policy {
                Policy::AllkeysRandom | Policy::VolatileRandom => self.random_victim(policy.volatile(), &mut next_db),
                _ => self.pooled_victim(policy, &mut pool),
            };
            let Some((db, slot)) = victim else { return false };
            let entry = self.dbs[db].remove_slot(slot);
            let key = entry.key.as_bytes();
            drop(entry.value);
            self.stats.evicted_keys += 1;
            self.notify(class::EVICTED, "evicted", db, key);
            self.key_removed_by_server(db, key);
            self.propagate(db, &[b"DEL", key]);
        }
    }

    /// A random key (of those with a TTL under volatile-random), visiting databases in turn.
    fn random_victim(&mut self, volatile: bool, next_db: &mut usize) -> Option<(usize, u32)> {
        let n = self.dbs.len();
        for _ in 0..n {
            let db = *next_db % n;
            *next_db = (*next_db + 1) % n;
            let d = &self.dbs[db];
            let slot = if volatile { d.random_volatile(&mut self.rng) } else { d.random_slot(&mut self.rng) };
            if let Some(slot) = slot {
                return Some((db, slot));
            }
        }
        None
    }

    /// Samples every database into the pool and takes its best candidate that still exists.
    fn pooled_victim(&mut self, policy: Policy, pool: &mut Vec<Candidate>) -> Option<(usize, u32)> {
        let samples = self.config.int(opt::MAXMEMORY_SAMPLES).max(1) as usize;
        loop {
            let mut any = false;
            for db in 0..self.dbs.len() {
                let has = if policy.volatile() { self.dbs[db].expires_len() } else { self.dbs[db].len() };
                if has == 0 {
                    continue;
                }
                any = true;
                for _ in 0..samples.min(has) {
                    let d = &self.dbs[db];
                    let slot = if policy.volatile() { d.random_volatile(&mut self.rng) } else { d.random_slot(&mut self.rng) };
                    let Some(slot) = slot else { break };
                    let e = self.dbs[db].entry(slot);
                    let idle = match policy {
                        Policy::VolatileTtl => u64::MAX - d.expire(slot),
                        Policy::VolatileLfu | Policy::AllkeysLfu => 255 - self.lfu_decayed(e.lru) as u64,
                        _ => (self.lru_clock().wrapping_sub(e.lru)) as u64,
                    };
                    let key = e.key.as_bytes();
                    if pool.iter().any(|c| c.db == db && c.key == key) {
                        continue;
                    }
                    let pos = pool.partition_point(|c| c.idle < idle);
                    if pool.len() < EVPOOL_SIZE {
                        pool.insert(pos, Candidate { idle, db, key: key.to_vec() });
                    } else if pos > 0 {
                        // Full: drop the worst candidate to make room for a better one.
                        pool.remove(0);
                        pool.insert(pos - 1, Candidate { idle, db, key: key.to_vec() });
                    }
                }
            }
            if !any {
                return None;
            }
            // Best candidates are at the end; skip ones that are gone (or lost their TTL).
            while let Some(c) = pool.pop() {
                if let Some(slot) = self.dbs[c.db].find(&c.key) {
                    if !policy.volatile() || self.dbs[c.db].expire(slot) != NO_EXPIRE {
                        return Some((c.db, slot));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::{engine, run};
    use core::sync::atomic::{AtomicUsize, Ordering};

    static USED: AtomicUsize = AtomicUsize::new(0);
    fn used() -> usize {
        USED.load(Ordering::Relaxed)
    }

    #[test]
    fn over_the_limit_evicts_or_refuses() {
        let (mut e, c) = engine();
        e.host.used_memory = used;
        run(&mut e, c, "SET a 1");
        run(&mut e, c, "SET b 2 EX 100");
        run(&mut e, c, "CONFIG SET maxmemory 1000");
        USED.store(5000, Ordering::Relaxed);
        // noeviction: writes refused, reads and deletes still run.
        assert_eq!(run(&mut e, c, "SET c 3"), b"-OOM command not allowed when used memory > 'maxmemory'.\r\n");
        assert_eq!(run(&mut e, c, "GET a"), b"$1\r\n1\r\n");
        run(&mut e, c, "MULTI");
        assert_eq!(run(&mut e, c, "INCR a"), b"-OOM command not allowed when used memory > 'maxmemory'.\r\n");
        assert_eq!(run(&mut e, c, "EXEC"), b"-EXECABORT Transaction discarded because of previous errors.\r\n");
        // volatile-ttl only takes keys with a TTL; the memory reading never drops here,
        // so it takes every candidate and then gives up.
        run(&mut e, c, "CONFIG SET maxmemory-policy volatile-ttl");
        assert_eq!(run(&mut e, c, "SET c 3"), b"-OOM command not allowed when used memory > 'maxmemory'.\r\n");
        assert_eq!(run(&mut e, c, "EXISTS a b"), b":1\r\n");
        assert_eq!(e.stats.evicted_keys, 1);
        run(&mut e, c, "CONFIG SET maxmemory-policy allkeys-lru");
        assert_eq!(run(&mut e, c, "SET c 3"), b"-OOM command not allowed when used memory > 'maxmemory'.\r\n");
        assert_eq!(run(&mut e, c, "DBSIZE"), b":0\r\n");
        USED.store(10, Ordering::Relaxed);
        assert_eq!(run(&mut e, c, "SET c 3"), b"+OK\r\n");
    }

    #[test]
    fn lfu_counters_grow_with_access_and_show_in_object_freq() {
        let (mut e, c) = engine();
        run(&mut e, c, "CONFIG SET maxmemory-policy allkeys-lfu");
        run(&mut e, c, "SET k v");
        assert_eq!(run(&mut e, c, "OBJECT FREQ k"), b":5\r\n");
        for _ in 0..200 {
            run(&mut e, c, "GET k");
        }
        let freq = run(&mut e, c, "OBJECT FREQ k");
        let n: i64 = core::str::from_utf8(&freq[1..freq.len() - 2]).unwrap().parse().unwrap();
        assert!(n > 5 && n < 255, "{n}");
        assert!(run(&mut e, c, "OBJECT IDLETIME k").starts_with(b"-ERR An LFU maxmemory policy is selected"));
    }
}
