//! The master side of replication, as Redis 7.0 does it (the replica side is replica.rs).
//!
//! A connection that sends `SYNC` or `PSYNC` (after `REPLCONF` options) gets the keyspace as
//! an RDB bulk (`$<len>\r\n<bytes>`, the bytes SAVE writes, written by the host's forked
//! child while the stream waits behind it), after `+FULLRESYNC <replid> <offset>` for
//! PSYNC, and from then on every write the server propagates: the change
//! stream (the AOF format, starting with a SELECT), fanned out to each replica's pending
//! output, which the host delivers as it delivers pub/sub messages. Replies to a replica's
//! own commands (`REPLCONF ACK`, PING) are dropped, as Redis drops them.
//!
//! Recording: the change stream is recorded while the AOF is on (`set_change_stream`) or
//! while the replication backlog exists (from the first replica until `repl-backlog-ttl`
//! seconds after the last one left, as in Redis), so a server with neither pays nothing.
//! `master_repl_offset` counts the bytes fed to the replication stream while the backlog
//! exists, and the backlog keeps its last `repl-backlog-size` bytes: a replica that comes
//! back with `PSYNC <replid> <offset>` inside it continues (+CONTINUE and the bytes it
//! missed) instead of loading the whole RDB again.
//!
//! The host opts in with [`Engine::enable_replication`] (spinel-server does; the npm
//! package has no sockets to serve replicas and answers SYNC/PSYNC with an error).

use crate::client::{ClientId, Clients};
use crate::config::opt;
use crate::engine::Engine;
use alloc::string::String;
use alloc::vec::Vec;

/// The refusal of writes while fewer than min-replicas-to-write replicas are good.
#[cfg(feature = "server")]
pub(crate) const NOREPLICAS: &str = "NOREPLICAS Not enough good replicas to write.";

/// `REPLCONF GETACK *`: what the master sends when a client starts waiting in WAIT.
#[cfg(feature = "server")]
const GETACK: &[u8] = b"*3\r\n$8\r\nREPLCONF\r\n$6\r\nGETACK\r\n$1\r\n*\r\n";

/// `*1\r\n$4\r\nPING\r\n`: what the master sends every `repl-ping-replica-period` seconds.
const PING: &[u8] = b"*1\r\n$4\r\nPING\r\n";

/// What a connection said with REPLCONF, and its state once it is a replica.
#[derive(Clone, Debug, Default)]
pub struct ReplicaConf {
    /// REPLCONF listening-port (0 when not sent).
    pub listening_port: i64,
    /// REPLCONF ip-address; else the peer's address is shown.
    pub ip_address: Option<Vec<u8>>,
    pub capa_eof: bool,
    pub capa_psync2: bool,
    /// REPLCONF rdb-only 1: the RDB and nothing after it (redis-cli --rdb).
    pub rdb_only: bool,
    /// REPLCONF rdb-filter-only: Some(functions wanted): the RDB carries no keys.
    pub filter_only: Option<bool>,
    /// SYNC/PSYNC made it a replica.
    pub attached: bool,
    /// It used SYNC (no REPLCONF ACKs expected, never timed out).
    pub pre_psync: bool,
    /// REPLCONF ACK: the offset it has processed, and when it said so (unix seconds).
    pub ack_offset: i64,
    pub ack_time_s: u64,
    /// Where its full synchronization is.
    pub sync: SyncState,
    /// What goes out before its held stream while it waits for the RDB: `+FULLRESYNC` and
    /// the keep-alive newlines.
    pub preamble: Vec<u8>,
}

/// Where a replica's full synchronization is (Redis's replstate). While it is not
/// `Online`, the stream it is fed waits in its pending output behind the RDB, and the host
/// takes only the preamble from it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SyncState {
    /// It has the RDB and gets the stream as it comes.
    #[default]
    Online,
    /// Waiting for a background RDB to start (another child runs): no `+FULLRESYNC` yet.
    WaitStart,
    /// The host's child is writing the RDB for it; its stream starts at the fork.
    WaitEnd,
    /// The host is sending it the RDB.
    SendBulk,
}

impl ReplicaConf {
    /// Its stream waits behind an RDB still to come.
    #[inline]
    pub fn waits_for_rdb(&self) -> bool {
        self.sync != SyncState::Online
    }
}

impl SyncState {
    /// INFO's `state=` (Redis's replstateToString).
    pub fn name(self) -> &'static str {
        match self {
            SyncState::Online => "online",
            SyncState::WaitStart | SyncState::WaitEnd => "wait_bgsave",
            SyncState::SendBulk => "send_bulk",
        }
    }
}

/// The server's replication state (Redis's `server.replid`, `master_repl_offset`, slaves).
#[derive(Default)]
pub(crate) struct Replication {
    /// The host can serve replicas (`Engine::enable_replication`).
    pub host: bool,
    pub replid: String,
    pub offset: u64,
    pub replicas: Vec<ClientId>,
    /// Replicas waiting for a background RDB to start (`SyncState::WaitStart`).
    #[cfg(feature = "server")]
    pub rdb_waiting: Vec<ClientId>,
    /// The host's child is writing an RDB for these replicas (`SyncState::WaitEnd`), of the
    /// data at this offset.
    #[cfg(feature = "server")]
    pub rdb_child: Option<(Vec<ClientId>, u64)>,
    /// Last keep-alive newline sent to replicas waiting for their RDB (unix seconds).
    #[cfg(feature = "server")]
    pub last_newline_s: u64,
    /// A FAILOVER under way (failover.rs).
    #[cfg(feature = "server")]
    pub failover: Option<crate::failover::Failover>,
    /// On a replica: the master's commands applied but not yet fed on (an open transaction).
    #[cfg(feature = "server")]
    pub proxy: Vec<u8>,
    /// While the backlog exists: the master offset when it was created.
    pub backlog_from: Option<u64>,
    /// The backlog's bytes: the end of the replication stream, at most repl-backlog-size.
    #[cfg(feature = "server")]
    pub backlog: alloc::collections::VecDeque<u8>,
    /// Since when (unix seconds) no replica is attached, while the backlog lives on.
    pub no_replicas_since_s: u64,
    /// Last PING sent to the replicas (unix seconds).
    pub last_ping_s: u64,
    pub sync_full: u64,
    pub sync_partial_ok: u64,
    pub sync_partial_err: u64,
    /// Clients blocked in WAIT: (client, offset to acknowledge, replicas wanted).
    #[cfg(feature = "server")]
    pub waiting: Vec<(ClientId, u64, i64)>,
    /// A client started waiting: ask the replicas for an ACK before sleeping.
    #[cfg(feature = "server")]
    pub get_ack: bool,
    /// The master this server replicates (REPLICAOF host port; replica.rs).
    #[cfg(feature = "server")]
    pub master: Option<alloc::boxed::Box<crate::replica::MasterLink>>,
    /// Bumped by every REPLICAOF that changes the master: the host restarts its link.
    #[cfg(feature = "server")]
    pub epoch: u64,
    /// The previous history after REPLICAOF NO ONE: (replid2, second_repl_offset).
    #[cfg(feature = "server")]
    pub replid2: Option<(String, u64)>,
    /// Keys a writable replica's own clients gave a TTL: (db, key) (replica.rs).
    #[cfg(feature = "server")]
    pub replica_keys: hashbrown::HashSet<(usize, Vec<u8>), foldhash::fast::FixedState>,
}

/// A run id or replication id: 40 random hex digits, as Redis makes them.
pub(crate) fn random_id(rng: &mut fastrand::Rng) -> String {
    (0..40).map(|_| char::from(b"0123456789abcdef"[rng.usize(0..16)])).collect()
}

/// Appends `bytes` to every replica's pending output.
fn send_to_replicas(clients: &mut Clients, replicas: &[ClientId], bytes: &[u8]) {
    for &id in replicas {
        if let Some(c) = clients.get_mut(id) {
            c.pending.extend_from_slice(bytes);
            clients.mark_ready(id);
        }
    }
}

/// A replica waiting for its RDB: what may go out now (`+FULLRESYNC`, newlines), its stream
/// staying behind the RDB. None for any other client.
#[cfg(feature = "server")]
#[inline]
pub(crate) fn held_preamble(c: &mut crate::client::Client) -> Option<&mut Vec<u8>> {
    c.repl.as_deref_mut().filter(|r| r.waits_for_rdb()).map(|r| &mut r.preamble)
}

/// What INFO and ROLE show of one replica.
pub struct ReplicaView {
    pub ip: String,
    pub port: i64,
    pub state: SyncState,
    pub offset: i64,
    pub lag_s: u64,
}

impl Engine {
    /// The host serves replicas: SYNC and PSYNC make a connection one.
    pub fn enable_replication(&mut self) {
        self.repl.host = true;
    }

    /// Whether the replication stream is recorded (replicas attached, or the backlog kept).
    #[inline]
    pub fn replication_active(&self) -> bool {
        self.changes.replicas
    }

    /// The connected replicas.
    pub fn replicas(&self) -> &[ClientId] {
        &self.repl.replicas
    }

    pub fn is_replica(&self, id: ClientId) -> bool {
        self.clients.get(id).and_then(|c| c.repl.as_ref()).is_some_and(|r| r.attached)
    }

    /// `master_repl_offset`.
    pub fn repl_offset(&self) -> u64 {
        self.repl.offset
    }

    pub fn replid(&self) -> &str {
        &self.repl.replid
    }

    /// Moves the completed changes to the replicas (and keeps them for the AOF when it is
    /// on, for `take_changes`). Hosts call it after each batch while `replication_active`.
    pub fn flush_replication(&mut self) {
        self.drain_changes();
    }

    /// Moves the completed part of the change log out: to every replica's pending output
    /// (counted in `master_repl_offset`), and to `changes.hold` for the AOF if it is on.
    pub(crate) fn drain_changes(&mut self) {
        let log = &mut self.changes;
        let n = if log.unit_ops > 0 { log.unit_start } else { log.buf.len() };
        if n == 0 {
            return;
        }
        let bytes = &log.buf[..n];
        if log.replicas {
            self.repl.offset += n as u64;
            send_to_replicas(&mut self.clients, &self.repl.replicas, bytes);
            #[cfg(feature = "server")]
            feed_backlog(&mut self.repl.backlog, self.config.int(opt::REPL_BACKLOG_SIZE), bytes);
        }
        if log.aof {
            log.hold.extend_from_slice(bytes);
        }
        if n == log.buf.len() {
            log.buf.clear();
        } else {
            log.buf.drain(..n);
            log.unit_start = 0;
        }
    }

    /// Bytes that go to the replicas only (PING), after what is already recorded.
    fn feed_replicas_only(&mut self, bytes: &[u8]) {
        self.drain_changes();
        self.feed_stream(bytes);
    }

    /// Bytes of the replication stream: counted in the offset, kept in the backlog and sent
    /// to every replica.
    pub(crate) fn feed_stream(&mut self, bytes: &[u8]) {
        self.repl.offset += bytes.len() as u64;
        send_to_replicas(&mut self.clients, &self.repl.replicas, bytes);
        #[cfg(feature = "server")]
        feed_backlog(&mut self.repl.backlog, self.config.int(opt::REPL_BACKLOG_SIZE), bytes);
    }

    /// PSYNC replid offset (Redis's masterTryPartialResynchronization): if `replid` is this
    /// server's and the backlog still holds `offset` on, the connection becomes a replica
    /// that gets `+CONTINUE` and the bytes from there. False: a full resync is needed.
    #[cfg(feature = "server")]
    pub(crate) fn try_partial_resync(&mut self, id: ClientId, replid: &[u8], offset: i64) -> bool {
        if self.repl.backlog_from.is_none() {
            return false;
        }
        // This server's history, or the one it had before (a promoted replica's old master's,
        // up to where it was promoted: Redis's replid2 and second_replid_offset).
        let history = replid == self.repl.replid.as_bytes()
            || self.repl.replid2.as_ref().is_some_and(|(id, until)| replid == id.as_bytes() && offset <= *until as i64);
        if !history {
            return false;
        }
        // Everything recorded so far is in the backlog (and with the other replicas).
        self.drain_changes();
        let first = self.repl.offset + 1 - self.repl.backlog.len() as u64;
        if offset < first as i64 || offset > self.repl.offset as i64 + 1 {
            return false;
        }
        let skip = (offset as u64 - first) as usize;
        let now_s = self.now_ms() / 1000;
        if self.repl.replicas.is_empty() {
            self.repl.last_ping_s = now_s;
        }
        let Some(c) = self.clients.get_mut(id) else { return false };
        let r = c.repl.get_or_insert_with(Default::default);
        let head = if r.capa_psync2 { alloc::format!("+CONTINUE {}\r\n", self.repl.replid) } else { String::from("+CONTINUE\r\n") };
        r.attached = true;
        r.ack_time_s = now_s;
        c.pending.extend_from_slice(head.as_bytes());
        let (a, b) = self.repl.backlog.as_slices();
        if skip < a.len() {
            c.pending.extend_from_slice(&a[skip..]);
            c.pending.extend_from_slice(b);
        } else {
            c.pending.extend_from_slice(&b[skip - a.len()..]);
        }
        c.reply_off = true;
        self.repl.replicas.push(id);
        self.clients.mark_ready(id);
        true
    }

    /// SYNC / PSYNC: the full resynchronization (`psync`: `+FULLRESYNC` first). The
    /// connection becomes a replica whose replies stop. Its RDB comes from a child the host
    /// forks (`PersistHost::replica_rdb`): now, or from cron once another child is done; a
    /// host without children (and a functions-only RDB) has it written here at once.
    #[cfg(feature = "server")]
    pub(crate) fn attach_replica(&mut self, id: ClientId, psync: bool) {
        let Some(c) = self.clients.get_mut(id) else { return };
        c.reply_off = true;
        let r = c.repl.get_or_insert_with(Default::default);
        r.attached = true;
        r.pre_psync = !psync;
        r.sync = SyncState::WaitStart;
        r.ack_time_s = self.now_us / 1_000_000;
        if r.filter_only.is_some() {
            return self.full_resync(id, false);
        }
        if !self.join_running_sync(id) {
            self.repl.rdb_waiting.push(id);
            self.start_replica_syncs();
        }
    }

    /// A replica arriving while a child writes an RDB for others gets that RDB and a copy of
    /// the stream held for one of them since the fork, as Redis attaches it to the running
    /// BGSAVE. False when no replica of its kind (`rdb-only` or not, and with at least the
    /// same capabilities) waits for the running child.
    #[cfg(feature = "server")]
    fn join_running_sync(&mut self, id: ClientId) -> bool {
        let Some((ids, offset)) = self.repl.rdb_child.as_ref() else { return false };
        let Some(conf) = self.clients.get(id).and_then(|c| c.repl.as_deref()) else { return false };
        let (rdb_only, pre_psync, eof, psync2) = (conf.rdb_only, conf.pre_psync, conf.capa_eof, conf.capa_psync2);
        let same_kind = |c: &crate::client::Client| {
            c.repl.as_deref().is_some_and(|r| r.sync == SyncState::WaitEnd && r.rdb_only == rdb_only && (eof || !r.capa_eof) && (psync2 || !r.capa_psync2))
        };
        let Some(held) = ids.iter().find_map(|&t| self.clients.get(t).filter(|c| same_kind(c)).map(|c| c.pending.clone())) else {
            return false;
        };
        let preamble = if pre_psync { Vec::new() } else { self.fullresync_line(*offset) };
        let now_s = self.now_ms() / 1000;
        let Some(c) = self.clients.get_mut(id) else { return false };
        c.pending = held;
        let r = c.repl.get_or_insert_with(Default::default);
        r.sync = SyncState::WaitEnd;
        r.preamble = preamble;
        r.ack_time_s = now_s;
        if !rdb_only {
            self.repl.replicas.push(id);
        }
        if let Some((ids, _)) = self.repl.rdb_child.as_mut() {
            ids.push(id);
        }
        self.repl.sync_full += 1;
        self.clients.mark_ready(id);
        true
    }

    /// Starts the RDB for the replicas waiting for one, unless a child is running (hosts call
    /// it when their child ended; cron does too).
    #[cfg(feature = "server")]
    pub fn start_replica_syncs(&mut self) {
        if self.repl.rdb_waiting.is_empty() || self.persist.bgsave_started.is_some() || self.persist.aof_rewrite_started.is_some() {
            return;
        }
        // Not in the middle of a script or transaction: the snapshot would hold part of
        // what the stream then sends whole.
        if self.scripting.running.is_some() || self.changes.unit_ops > 0 {
            return;
        }
        let waiting = core::mem::take(&mut self.repl.rdb_waiting);
        // The stream is set up before the fork, so the snapshot, its aux fields and
        // `+FULLRESYNC` name the same point.
        let streamed = waiting.iter().any(|&id| self.clients.get(id).and_then(|c| c.repl.as_deref()).is_some_and(|r| !r.rdb_only));
        self.start_stream_for_replicas(streamed);
        match self.with_persist_host(|h, e| h.replica_rdb(e)) {
            Some(Some(Ok(()))) => {
                let now_s = self.now_ms() / 1000;
                self.bgsave_started(now_s);
                for &id in &waiting {
                    self.full_resync(id, true);
                }
                self.repl.rdb_child = Some((waiting, self.repl.offset));
            }
            Some(Some(Err(why))) => {
                self.host_log(&alloc::format!("BGSAVE for replication failed: {why}"));
                for id in waiting {
                    self.request_close(id);
                }
            }
            None | Some(None) => {
                for id in waiting {
                    self.full_resync(id, false);
                }
            }
        }
    }

    /// The replica's stream starts here: `+FULLRESYNC <replid> <offset>` for PSYNC, then
    /// (`forked`) the RDB the host's child writes of the data as it is now, or the RDB
    /// written at once.
    #[cfg(feature = "server")]
    fn full_resync(&mut self, id: ClientId, forked: bool) {
        let conf = self.clients.get(id).and_then(|c| c.repl.clone()).unwrap_or_default();
        let rdb_only = conf.rdb_only;
        self.start_stream_for_replicas(!rdb_only);
        if self.repl.replicas.is_empty() {
            self.repl.last_ping_s = self.now_ms() / 1000;
        }
        self.repl.sync_full += 1;
        let mut payload = if conf.pre_psync { Vec::new() } else { self.fullresync_line(self.repl.offset) };
        if !forked {
            let with_keys = conf.filter_only.is_none();
            let now_s = self.now_us / 1_000_000;
            let mut rdb = Vec::new();
            let _ = crate::rdb::file::write_filtered::<()>(self, now_s, with_keys, &mut |b| {
                rdb.extend_from_slice(b);
                Ok(())
            });
            payload.push(b'$');
            payload.extend_from_slice(itoa::Buffer::new().format(rdb.len()).as_bytes());
            payload.extend_from_slice(b"\r\n");
            payload.extend_from_slice(&rdb);
        }
        let now_s = self.now_ms() / 1000;
        let Some(c) = self.clients.get_mut(id) else { return };
        let r = c.repl.get_or_insert_with(Default::default);
        r.ack_time_s = now_s;
        if forked {
            r.sync = SyncState::WaitEnd;
            r.preamble.append(&mut payload);
        } else {
            r.sync = SyncState::Online;
            c.pending.append(&mut payload);
            // The snapshot only: the connection closes once it is sent.
            c.close_requested |= rdb_only;
        }
        if !rdb_only {
            self.repl.replicas.push(id);
            // A master's stream for the new replica starts with a SELECT (a replica's goes on
            // verbatim: the RDB's repl-stream-db says where).
            self.changes.db = None;
        }
        self.clients.mark_ready(id);
    }

    /// Where a full resync's stream starts: the changes recorded so far go to the replicas
    /// already there (and the AOF); the first replica to be `streamed` starts a backlog with
    /// a new replication ID, as in Redis. (A replica passes its master's stream on: nothing to
    /// start.)
    #[cfg(feature = "server")]
    fn start_stream_for_replicas(&mut self, streamed: bool) {
        if self.changes.replicas {
            self.drain_changes();
        } else if streamed && !self.is_replica_of_master() {
            // (What the log holds so far was recorded for the AOF alone.)
            self.record_for_replicas(true);
            self.repl.replid = random_id(&mut self.rng);
            self.reset_backlog(self.repl.offset);
        }
    }

    /// The backlog starts (again) empty, the next byte of the stream being `from + 1`.
    #[cfg(feature = "server")]
    pub(crate) fn reset_backlog(&mut self, from: u64) {
        self.repl.backlog.clear();
        self.repl.backlog_from = Some(from);
    }

    /// Whether the change log also records the replication stream (replicas or a backlog to
    /// feed); what it holds so far goes where it was meant to first. It stays on for the AOF.
    pub(crate) fn record_for_replicas(&mut self, on: bool) {
        self.drain_changes();
        self.changes.replicas = on;
        self.changes.enabled = on || self.changes.aof;
    }

    /// `+FULLRESYNC <replid> <offset>`.
    #[cfg(feature = "server")]
    fn fullresync_line(&self, offset: u64) -> Vec<u8> {
        alloc::format!("+FULLRESYNC {} {offset}\r\n", self.repl.replid).into_bytes()
    }

    /// The host's child ended: its replicas are sent the RDB (`ok`; returned, for the host to
    /// send) or closed (they will ask again).
    #[cfg(feature = "server")]
    pub fn replica_rdb_done(&mut self, ok: bool, now_s: u64) -> Vec<ClientId> {
        let (ids, _) = self.repl.rdb_child.take().unwrap_or_default();
        self.bgsave_ended(now_s);
        let mut ready = Vec::new();
        for id in ids {
            let Some(r) = self.clients.get_mut(id).and_then(|c| c.repl.as_deref_mut()) else { continue };
            if r.sync != SyncState::WaitEnd {
                continue;
            }
            if ok {
                r.sync = SyncState::SendBulk;
                ready.push(id);
            } else {
                self.host_log("SYNC failed. BGSAVE child returned an error");
                self.request_close(id);
            }
        }
        ready
    }

    /// The host sent the RDB: the replica's held stream follows (a `rdb-only` one closes).
    #[cfg(feature = "server")]
    pub fn replica_rdb_sent(&mut self, id: ClientId) {
        let now_s = self.now_ms() / 1000;
        let Some(c) = self.clients.get_mut(id).filter(|c| !c.close_requested) else { return };
        let Some(r) = c.repl.as_deref_mut() else { return };
        r.sync = SyncState::Online;
        // Its silence while it loads is not a timeout yet.
        r.ack_time_s = now_s;
        c.close_requested |= r.rdb_only;
        self.clients.mark_ready(id);
    }

    /// Output held behind a replica's RDB (it counts against the replica's output limit).
    #[cfg(feature = "server")]
    pub fn held_output(&self, id: ClientId) -> usize {
        match self.clients.get(id) {
            Some(c) if c.repl.as_ref().is_some_and(|r| r.waits_for_rdb()) => c.pending.len(),
            _ => 0,
        }
    }

    /// Memory of replication, as Redis 7.0 reports its shared replication buffer:
    /// (mem_replication_backlog, mem_clients_slaves, mem_total_replication_buffers). The
    /// total is the backlog and what the replicas have not been sent yet (the host's
    /// figures from its last cron, and the stream held behind a full sync); past
    /// `repl-backlog-size` the rest counts as the replicas'.
    #[cfg(feature = "server")]
    pub(crate) fn replication_memory(&self) -> (u64, u64, u64) {
        let backlog = self.repl.backlog.len() as u64;
        let unsent: u64 = self.repl.replicas.iter().filter_map(|&id| Some((id, self.clients.get(id)?))).map(|(id, c)| (c.io.obl + c.io.omem + self.held_output(id)) as u64).sum();
        let total = backlog + unsent;
        let size = self.config.int(opt::REPL_BACKLOG_SIZE).max(0) as u64;
        if !self.repl.replicas.is_empty() && total > size {
            (size, total - size, total)
        } else {
            (total, 0, total)
        }
    }

    /// A replica's connection is gone.
    pub(crate) fn detach_replica(&mut self, id: ClientId) {
        let before = self.repl.replicas.len();
        self.repl.replicas.retain(|&r| r != id);
        #[cfg(feature = "server")]
        {
            self.repl.rdb_waiting.retain(|&r| r != id);
            if let Some((ids, _)) = self.repl.rdb_child.as_mut() {
                ids.retain(|&r| r != id);
            }
        }
        if before != self.repl.replicas.len() && self.repl.replicas.is_empty() {
            self.repl.no_replicas_since_s = self.now_ms() / 1000;
        }
    }

    /// Every cron tick: the RDB for replicas waiting for one once no child runs, and a
    /// newline a second to the replicas waiting for theirs, so their link does not time out
    /// (Redis's replicationCron: a replica skips newlines before `+FULLRESYNC` and `$`).
    #[cfg(feature = "server")]
    pub(crate) fn replica_sync_cron(&mut self) {
        self.start_replica_syncs();
        let now_s = self.now_ms() / 1000;
        if now_s == self.repl.last_newline_s {
            return;
        }
        self.repl.last_newline_s = now_s;
        let waiting = self.repl.rdb_waiting.iter().chain(self.repl.rdb_child.iter().flat_map(|(ids, _)| ids));
        for &id in waiting {
            // (Not in its first second: most RDBs are done by then.)
            if let Some(r) = self.clients.get_mut(id).and_then(|c| c.repl.as_deref_mut()).filter(|r| now_s > r.ack_time_s) {
                r.preamble.push(b'\n');
                self.clients.mark_ready(id);
            }
        }
    }

    /// Once a second or so: PING every `repl-ping-replica-period` seconds, replicas that
    /// stopped acknowledging for `repl-timeout` seconds closed, and the backlog freed
    /// `repl-backlog-ttl` seconds after the last replica left.
    pub(crate) fn replication_cron(&mut self) {
        let now_s = self.now_ms() / 1000;
        #[cfg(feature = "server")]
        let replica = self.is_replica_of_master();
        #[cfg(not(feature = "server"))]
        let replica = false;
        // A replica keeps its backlog (it may be promoted) and sends no PINGs of its own: its
        // replicas get its master's.
        if self.repl.replicas.is_empty() && !replica {
            let ttl = self.config.int(opt::REPL_BACKLOG_TTL).max(0) as u64;
            if ttl > 0 && now_s.saturating_sub(self.repl.no_replicas_since_s) > ttl {
                self.record_for_replicas(false);
                self.repl.backlog_from = None;
                #[cfg(feature = "server")]
                {
                    self.repl.backlog = Default::default();
                }
                self.repl.replid = random_id(&mut self.rng);
            }
            return;
        }
        let period = self.config.int(opt::REPL_PING_REPLICA_PERIOD).max(1) as u64;
        // (No PINGs while a FAILOVER waits: the replicas' offsets must be able to catch up.)
        #[cfg(feature = "server")]
        let failing_over = self.repl.failover.is_some();
        #[cfg(not(feature = "server"))]
        let failing_over = false;
        if now_s >= self.repl.last_ping_s + period && !replica && !failing_over {
            self.repl.last_ping_s = now_s;
            self.feed_replicas_only(PING);
        }
        let timeout = self.config.int(opt::REPL_TIMEOUT).max(1) as u64;
        let stale: Vec<ClientId> = self
            .repl
            .replicas
            .iter()
            .copied()
            .filter(|&id| {
                self.clients.get(id).and_then(|c| c.repl.as_ref()).is_some_and(|r| {
                    r.sync == SyncState::Online && !r.pre_psync && now_s.saturating_sub(r.ack_time_s) > timeout
                })
            })
            .collect();
        for id in stale {
            self.request_close(id);
        }
    }

    #[cfg(feature = "server")]
    /// Replicas that acknowledged `offset` (Redis's replicationCountAcksByOffset).
    pub(crate) fn count_acks(&self, offset: u64) -> i64 {
        self.repl
            .replicas
            .iter()
            .filter(|&&id| self.clients.get(id).and_then(|c| c.repl.as_ref()).is_some_and(|r| r.ack_offset >= offset as i64))
            .count() as i64
    }

    #[cfg(feature = "server")]
    /// WAIT numreplicas timeout: the replicas that acknowledged the caller's last write
    /// (its `woff`), at once if enough did (or it cannot block), else once they do or the
    /// timeout passes; the replicas are asked for an ACK before the server sleeps.
    pub(crate) fn wait_for_acks(&mut self, ctx: &mut crate::commands::Ctx, wanted: i64, deadline_ms: u64) {
        let offset = self.clients.get(ctx.client).map_or(0, |c| c.woff);
        let acks = self.count_acks(offset);
        if acks >= wanted || ctx.no_block {
            return ctx.out.int(acks);
        }
        self.block(ctx, &[], deadline_ms, crate::blocking::TimeoutReply::Acks(offset), None);
        if ctx.outcome != crate::engine::Outcome::Blocked {
            return ctx.out.int(acks);
        }
        self.repl.waiting.push((ctx.client, offset, wanted));
        self.repl.get_ack = true;
    }

    /// After an ACK: answers the WAITs it satisfied (Redis's processClientsWaitingReplicas).
    #[cfg(feature = "server")]
    pub(crate) fn serve_waiting(&mut self) {
        let mut waiting = core::mem::take(&mut self.repl.waiting);
        waiting.retain(|&(client, offset, wanted)| {
            if !self.is_blocked(client) {
                return false; // timed out, unblocked or gone
            }
            let acks = self.count_acks(offset);
            if acks < wanted {
                return true;
            }
            self.unblock(client);
            if let Some(c) = self.clients.get_mut(client) {
                let proto = c.proto;
                crate::resp::writer::Reply::new(&mut c.pending, proto).int(acks);
            }
            self.clients.mark_ready(client);
            false
        });
        waiting.append(&mut self.repl.waiting);
        self.repl.waiting = waiting;
    }

    #[cfg(feature = "server")]
    /// Before sleeping: the GETACK a WAIT asked for.
    pub(crate) fn request_acks(&mut self) {
        if core::mem::take(&mut self.repl.get_ack) && !self.repl.replicas.is_empty() {
            self.feed_replicas_only(GETACK);
        }
    }

    #[cfg(feature = "server")]
    /// min-replicas-to-write: whether enough replicas acknowledged within
    /// min-replicas-max-lag seconds (always, on a replica or with either option 0).
    pub(crate) fn enough_good_replicas(&self) -> bool {
        let (to_write, max_lag) = (self.config.int(opt::MIN_REPLICAS_TO_WRITE), self.config.int(opt::MIN_REPLICAS_MAX_LAG));
        if to_write <= 0 || max_lag <= 0 || self.is_replica_of_master() {
            return true;
        }
        let now_s = self.now_ms() / 1000;
        let good = self
            .repl
            .replicas
            .iter()
            .filter(|&&id| self.clients.get(id).and_then(|c| c.repl.as_ref()).is_some_and(|r| r.sync == SyncState::Online && now_s.saturating_sub(r.ack_time_s) <= max_lag as u64))
            .count();
        good as i64 >= to_write
    }

    /// INFO replication / ROLE figures of each replica, in attach order.
    pub fn replica_views(&self) -> Vec<ReplicaView> {
        let now_s = self.now_ms() / 1000;
        #[cfg(feature = "server")]
        let waiting = self.repl.rdb_waiting.iter();
        #[cfg(not(feature = "server"))]
        let waiting = [].iter();
        self.repl
            .replicas
            .iter()
            .chain(waiting)
            .filter_map(|&id| {
                let c = self.clients.get(id)?;
                let r = c.repl.as_ref()?;
                let ip = match &r.ip_address {
                    Some(ip) => String::from_utf8_lossy(ip).into_owned(),
                    None => peer_ip(&c.conn.addr),
                };
                Some(ReplicaView { ip, port: r.listening_port, state: r.sync, offset: r.ack_offset, lag_s: now_s.saturating_sub(r.ack_time_s) })
            })
            .collect()
    }

    /// INFO's backlog figures: (active, first byte offset, histlen).
    pub(crate) fn backlog_figures(&self) -> (bool, u64, u64) {
        match self.repl.backlog_from {
            None => (false, 0, 0),
            Some(from) => {
                #[cfg(feature = "server")]
                let histlen = {
                    let _ = from;
                    self.repl.backlog.len() as u64
                };
                #[cfg(not(feature = "server"))]
                let histlen = (self.repl.offset - from).min(self.config.int(opt::REPL_BACKLOG_SIZE).max(1) as u64);
                (true, self.repl.offset - histlen + 1, histlen)
            }
        }
    }
}

/// Appends stream bytes to the backlog, keeping its last `size` bytes.
#[cfg(feature = "server")]
fn feed_backlog(backlog: &mut alloc::collections::VecDeque<u8>, size: i64, bytes: &[u8]) {
    let size = size.max(1) as usize;
    let bytes = &bytes[bytes.len().saturating_sub(size)..];
    let excess = (backlog.len() + bytes.len()).saturating_sub(size);
    backlog.drain(..excess.min(backlog.len()));
    backlog.extend(bytes);
}

/// The IP of "ip:port" / "[v6]:port".
fn peer_ip(addr: &str) -> String {
    let host = match addr.rfind(':') {
        Some(i) if !addr.starts_with('/') => &addr[..i],
        _ => addr,
    };
    String::from(host.trim_start_matches('[').trim_end_matches(']'))
}
