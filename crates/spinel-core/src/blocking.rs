//! Blocked clients (BLPOP, BLMOVE, BZPOPMIN, XREAD BLOCK, ...).
//!
//! A blocking command that finds nothing calls [`Engine::block`] and returns; the engine
//! records the waiter under each of its keys, in arrival order. Writes that can make a key
//! ready call [`Engine::signal_ready`]; after every command (and in `cron`) the engine
//! re-runs the waiters' commands for ready keys, first come first served. A re-run that
//! finds data replies into the client's pending output; one that finds nothing blocks again
//! and keeps its place. Timeouts are answered from `cron`. The same mechanism serves every
//! host, so the npm package gets blocking commands unchanged.

use crate::client::ClientId;
use crate::commands::Ctx;
use crate::engine::{Engine, Outcome};
use crate::resp::writer::Reply;
use alloc::collections::VecDeque;
use alloc::vec::Vec;
use hashbrown::HashMap;

/// What a blocked client receives when its timeout passes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeoutReply {
    /// `*-1` (RESP2) / `_` (RESP3): BLPOP, BZPOPMIN, BLMPOP, XREAD...
    NullArray,
    /// `$-1` / `_`: BLMOVE, BRPOPLPUSH.
    Null,
    /// WAIT: the number of replicas that acknowledged this offset (0 without replicas).
    Acks(u64),
    /// SHUTDOWN waiting for replicas: no timeout, and CLIENT UNBLOCK leaves it (Redis 7.0
    /// would crash on it); the shutdown answers it.
    #[cfg(feature = "server")]
    Never,
}

pub(crate) struct Waiter {
    pub db: usize,
    pub keys: Vec<Vec<u8>>,
    /// The command to re-run when a key is ready (possibly rewritten, e.g. XREAD's `$`).
    pub argv: Vec<Vec<u8>>,
    /// Absolute unix ms, 0 for none.
    pub deadline_ms: u64,
    pub on_timeout: TimeoutReply,
    /// How long the call that blocked took: SLOWLOG and the latency histogram see the
    /// command's whole time when it is served.
    pub blocked_call_us: u64,
}

#[derive(Default)]
pub(crate) struct Blocking {
    /// Blocked clients and what they wait for.
    pub waiters: HashMap<ClientId, Waiter, foldhash::fast::FixedState>,
    /// (db, key) -> clients waiting on it, oldest first.
    pub by_key: HashMap<(usize, Vec<u8>), VecDeque<ClientId>, foldhash::fast::FixedState>,
    /// Keys signalled since the last serve.
    pub ready: Vec<(usize, Vec<u8>)>,
    /// The client whose command is being re-run (a re-block keeps its place).
    pub serving: Option<ClientId>,
    /// The key whose readiness the re-run answers (XREAD serves it as Redis 7.0 does).
    pub serving_key: Option<(usize, Vec<u8>)>,
}

/// A borrowed `(db, key)` for looking waiters up without allocating: it hashes as the
/// owned tuple does (the integer, then the bytes as a slice).
struct KeyRef<'a>(usize, &'a [u8]);

impl core::hash::Hash for KeyRef<'_> {
    fn hash<H: core::hash::Hasher>(&self, h: &mut H) {
        self.0.hash(h);
        self.1.hash(h);
    }
}

impl hashbrown::Equivalent<(usize, Vec<u8>)> for KeyRef<'_> {
    fn equivalent(&self, k: &(usize, Vec<u8>)) -> bool {
        self.0 == k.0 && self.1 == k.1.as_slice()
    }
}

const UNBLOCKED_ERROR: &str = "-UNBLOCKED client unblocked via CLIENT UNBLOCK";

impl Engine {
    /// Whether the current command may block (not inside MULTI or a script).
    pub(crate) fn can_block(&self, ctx: &Ctx) -> bool {
        !ctx.no_block
    }

    /// Blocks the calling client on `keys` until one is ready or `deadline_ms` (absolute
    /// unix ms; 0 = forever) passes. `argv` replaces the command re-run on wake-up.
    pub(crate) fn block(&mut self, ctx: &mut Ctx, keys: &[&[u8]], deadline_ms: u64, on_timeout: TimeoutReply, argv: Option<Vec<Vec<u8>>>) {
        ctx.outcome = Outcome::Blocked;
        if self.blocking.serving == Some(ctx.client) {
            return; // still waiting: keep the original record and its queue positions
        }
        let db = ctx.db(self);
        let argv = argv.unwrap_or_else(|| ctx.argv.iter().map(|a| a.to_vec()).collect());
        let mut owned = Vec::with_capacity(keys.len());
        for k in keys {
            if owned.iter().any(|o: &Vec<u8>| o.as_slice() == *k) {
                continue;
            }
            owned.push(k.to_vec());
            self.blocking.by_key.entry((db, k.to_vec())).or_default().push_back(ctx.client);
        }
        self.blocking.waiters.insert(ctx.client, Waiter { db, keys: owned, argv, deadline_ms, on_timeout, blocked_call_us: 0 });
    }

    /// Whether a client waits on `key`.
    #[inline]
    pub(crate) fn is_waited(&self, db: usize, key: &[u8]) -> bool {
        !self.blocking.by_key.is_empty() && self.blocking.by_key.contains_key(&KeyRef(db, key))
    }

    /// Notes that `key` may now satisfy blocked clients (called by writes that add data).
    pub(crate) fn signal_ready(&mut self, db: usize, key: &[u8]) {
        if self.blocking.by_key.is_empty() {
            return;
        }
        if self.blocking.by_key.contains_key(&KeyRef(db, key)) && !self.blocking.ready.iter().any(|(d, k)| *d == db && k == key) {
            self.blocking.ready.push((db, key.to_vec()));
        }
    }

    /// After SWAPDB or a flush: the waited keys of `db` that exist in `db` or in `other`
    /// (what it held before) look again.
    pub(crate) fn signal_waited_keys(&mut self, db: usize, other: Option<usize>) {
        if self.blocking.by_key.is_empty() {
            return;
        }
        let keys: Vec<Vec<u8>> = self.blocking.by_key.keys().filter(|(d, _)| *d == db).map(|(_, k)| k.clone()).collect();
        for k in keys {
            if self.dbs[db].find(&k).is_some() || other.is_some_and(|o| self.dbs[o].find(&k).is_some()) {
                self.signal_ready(db, &k);
            }
        }
    }

    /// Number of blocked clients (INFO blocked_clients).
    pub fn blocked_count(&self) -> usize {
        // Clients whose command CLIENT PAUSE holds count too (Redis 7.0 blocks them; each
        // has one held command, its input waits behind it).
        self.blocking.waiters.len() + self.pause.held.len()
    }

    /// Blocked clients with a timeout (INFO clients_in_timeout_table).
    pub fn blocked_with_timeout(&self) -> usize {
        self.blocking.waiters.values().filter(|w| w.deadline_ms != 0).count()
    }

    /// Memory of the clients' buffers as CLIENT LIST's tot-mem adds it, replicas apart
    /// (INFO mem_clients_normal; theirs count in `replication_memory`).
    pub fn clients_memory(&self) -> u64 {
        let normal = self.clients.iter().filter(|(_, c)| c.repl.as_ref().is_none_or(|r| !r.attached));
        normal.map(|(_, c)| (c.io.qbuf + c.io.qbuf_free + c.io.obl + c.io.omem) as u64).sum()
    }

    /// Whether a client is blocked: the host holds its further input until it is not.
    pub fn is_blocked(&self, id: ClientId) -> bool {
        self.blocking.waiters.contains_key(&id) || self.is_held(id)
    }

    /// Forgets a client's wait (disconnect, CLIENT UNBLOCK, reply sent).
    pub(crate) fn unblock(&mut self, id: ClientId) -> Option<Waiter> {
        let w = self.blocking.waiters.remove(&id)?;
        for k in &w.keys {
            let slot = (w.db, k.clone());
            if let Some(q) = self.blocking.by_key.get_mut(&slot) {
                q.retain(|&c| c != id);
                if q.is_empty() {
                    self.blocking.by_key.remove(&slot);
                }
            }
        }
        Some(w)
    }

    /// Re-runs the commands of clients waiting on keys that became ready, FIFO per key.
    pub(crate) fn serve_ready(&mut self) {
        // A script running in slices is atomic: clients it unblocked are served once it ends,
        // or they would see its writes half done (Redis serves them after the script too).
        if self.scripting.running.is_some() {
            return;
        }
        let mut rounds = 0;
        while !self.blocking.ready.is_empty() && rounds < 1000 {
            rounds += 1;
            let ready = core::mem::take(&mut self.blocking.ready);
            for (db, key) in ready {
                let Some(queue) = self.blocking.by_key.get(&KeyRef(db, &key)) else { continue };
                let queue: Vec<ClientId> = queue.iter().copied().collect();
                self.blocking.serving_key = Some((db, key));
                for client in queue {
                    if !self.blocking.waiters.contains_key(&client) {
                        continue;
                    }
                    let (outcome, failed) = self.rerun_blocked(client);
                    if outcome == Outcome::Blocked {
                        continue;
                    }
                    // Served: later waiters only get a turn if data remains, or if this one
                    // got an error (a deleted stream fails every XREADGROUP waiting on it).
                    let (db, key) = self.blocking.serving_key.as_ref().expect("set above");
                    if !failed && self.db(*db).find(key).is_none() {
                        break;
                    }
                }
                self.blocking.serving_key = None;
            }
        }
    }

    /// Re-runs a blocked client's command; its reply (if any) goes to its pending output.
    /// Returns the outcome and whether the reply is an error.
    fn rerun_blocked(&mut self, client: ClientId) -> (Outcome, bool) {
        let Some(w) = self.blocking.waiters.get(&client) else { return (Outcome::Done, false) };
        let argv_owned = w.argv.clone();
        let argv: Vec<&[u8]> = argv_owned.iter().map(|a| a.as_slice()).collect();
        let Some(spec) = self.lookup_command(&argv) else { return (Outcome::Done, false) };
        let Some(c) = self.clients.get_mut(client) else { return (Outcome::Done, false) };
        let proto = c.proto;
        let mut buf = core::mem::take(&mut c.pending);
        let start = buf.len();
        self.blocking.serving = Some(client);
        let outer_running = self.running_client.replace(client);
        let started = self.clock_us();
        let (outcome, errors) = {
            let mut ctx = Ctx::new(client, &argv, Reply::new(&mut buf, proto));
            let dirty_before = self.dirty;
            self.begin_unit();
            (spec.handler)(self, &mut ctx);
            if self.dirty != dirty_before && !ctx.propagated {
                let db = self.clients.get(client).map_or(0, |c| c.db);
                self.propagate(db, &argv);
            }
            self.end_unit();
            (ctx.outcome, ctx.out.errors)
        };
        let duration = self.clock_us().saturating_sub(started);
        self.blocking.serving = None;
        self.running_client = outer_running;
        let failed = outcome != Outcome::Blocked && errors > 0 && buf.get(start) == Some(&b'-');
        if outcome == Outcome::Blocked {
            buf.truncate(start);
        } else if let Some(w) = self.unblock(client) {
            // Answered: the call was counted when it blocked; its time, a failure and the
            // SLOWLOG entry come now (Redis's updateStatsOnUnblock).
            if failed {
                self.diag.count_error(&buf[start..]);
            }
            self.stats.total_error_replies += errors as u64;
            let total = w.blocked_call_us + duration;
            self.diag.record_served(spec, duration, total, failed);
            self.maybe_slowlog(client, spec, &argv, total);
        }
        if !self.self_pushes.is_empty() {
            // Events for the client produced by its own served command go first.
            let pushes = core::mem::take(&mut self.self_pushes);
            buf.splice(start..start, pushes);
        }
        if !self.tracking.pending.is_empty() {
            // Invalidations of keys it tracks that its own served command changed (a BLMOVE's
            // destination) follow its reply, as after any command of its own.
            self.tracking_after_reply(client, &mut buf);
        }
        if let Some(c) = self.clients.get_mut(client) {
            c.pending = buf;
        }
        if outcome != Outcome::Blocked {
            self.clients.mark_ready(client);
        }
        (outcome, failed)
    }

    /// CLIENT UNBLOCK: answers a blocked client as on timeout, or with an UNBLOCKED error.
    pub(crate) fn unblock_by_request(&mut self, client: ClientId, error: bool) -> bool {
        #[cfg(feature = "server")]
        if self.blocking.waiters.get(&client).is_some_and(|w| w.on_timeout == TimeoutReply::Never) {
            return false;
        }
        let Some(w) = self.unblock(client) else { return false };
        // Redis 7.0 counts a failed call for either form of CLIENT UNBLOCK, and its SLOWLOG
        // entry has no arguments (the client's were already released).
        if let Some(spec) = w.argv.first().and_then(|name| self.table.get(name)) {
            self.diag.record_served(spec, 0, w.blocked_call_us, true);
            self.maybe_slowlog(client, spec, &[], w.blocked_call_us);
        }
        if error {
            self.diag.count_error(UNBLOCKED_ERROR.as_bytes());
            self.stats.total_error_replies += 1;
        }
        if !error {
            self.answer_timed_out(client, w.on_timeout);
        } else if let Some(c) = self.clients.get_mut(client) {
            let proto = c.proto;
            Reply::new(&mut c.pending, proto).error(&UNBLOCKED_ERROR[1..]);
        }
        self.clients.mark_ready(client);
        true
    }

    /// Redis's disconnectAllBlockedClients (REPLICAOF host port): every client blocked on
    /// keys gets an UNBLOCKED error and is closed after it.
    #[cfg(feature = "server")]
    pub(crate) fn unblock_all_for_role_change(&mut self) {
        let ids: Vec<ClientId> = self.blocking.waiters.keys().copied().collect();
        for id in ids {
            self.unblock(id);
            if let Some(c) = self.clients.get_mut(id) {
                let proto = c.proto;
                Reply::new(&mut c.pending, proto).error("UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)");
                c.close_requested = true;
            }
            self.clients.mark_ready(id);
        }
    }

    /// A blocked client's answer when its time is up (or CLIENT UNBLOCK ends the wait): a
    /// null, or for WAIT the replicas that acknowledged its offset.
    fn answer_timed_out(&mut self, client: ClientId, on_timeout: TimeoutReply) {
        #[cfg(feature = "server")]
        let acks = match on_timeout {
            TimeoutReply::Acks(offset) => self.count_acks(offset),
            _ => 0,
        };
        #[cfg(not(feature = "server"))]
        let acks = 0;
        let Some(c) = self.clients.get_mut(client) else { return };
        let mut r = Reply::new(&mut c.pending, c.proto);
        match on_timeout {
            TimeoutReply::NullArray => r.null_array(),
            TimeoutReply::Null => r.null(),
            TimeoutReply::Acks(_) => r.int(acks),
            #[cfg(feature = "server")]
            TimeoutReply::Never => {}
        }
    }

    /// Answers blocked clients whose deadline passed.
    pub(crate) fn expire_blocked(&mut self) {
        if self.blocking.waiters.is_empty() {
            return;
        }
        let now = self.now_ms();
        let expired: Vec<ClientId> = self.blocking.waiters.iter().filter(|(_, w)| w.deadline_ms != 0 && w.deadline_ms <= now).map(|(&c, _)| c).collect();
        for client in expired {
            let Some(w) = self.unblock(client) else { continue };
            self.answer_timed_out(client, w.on_timeout);
            self.clients.mark_ready(client);
        }
    }
}

impl Engine {
    /// The earliest deadline (unix ms) among blocked clients, so a host can wake in time
    /// rather than at the next cron tick.
    pub fn next_block_deadline_ms(&self) -> Option<u64> {
        self.blocking.waiters.values().filter(|w| w.deadline_ms != 0).map(|w| w.deadline_ms).min()
    }

    /// Answers blocked clients whose deadline passed (what `cron` does, without the rest).
    pub fn expire_blocked_clients(&mut self, now_us: u64) {
        if now_us > self.now_us {
            self.now_us = now_us;
        }
        self.expire_blocked();
        self.serve_ready();
    }
}
