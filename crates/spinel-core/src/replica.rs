//! The replica side of replication (REPLICAOF host port), the engine's half. The host
//! (spinel-server's follow.rs) connects to the master, makes the handshake and receives the
//! RDB; the engine keeps the link's state for ROLE and INFO, makes the connection the
//! master client once the RDB is loaded (`master_synced`), counts the offset of the stream
//! it runs, answers REPLCONF GETACK and acknowledges once a second, and applies a
//! replica's rules, as Redis 7.0:
//!
//! - the master client's commands always run: no ACL, OOM, MISCONF or READONLY check, its
//!   replies are dropped, and keys never count as expired for it (the master's DELs expire
//!   them);
//! - other clients: writes refused with `replica-read-only yes` (`-READONLY`); a key whose
//!   TTL passed reads as absent but stays until the master's DEL (a writable replica
//!   deletes it as a master does); `-MASTERDOWN` while the link is down with
//!   `replica-serve-stale-data no`;
//! - no active expiry, and no eviction with `replica-ignore-maxmemory yes`.
//!
//! The master's commands, once applied, go on verbatim to this server's backlog and its own
//! replicas (a chain shares the master's replication ID and offsets, and `repl-stream-db`
//! in this server's RDB tells a new replica which database the stream is in), so after a
//! promotion (REPLICAOF NO ONE) its replicas continue with it.
//!
//! The host asks to continue from the offset applied so far (`psync_request`, Redis's cached
//! master: after a lost link, or after REPLICAOF with this server's own history); a master
//! that has the bytes answers +CONTINUE and the stream goes on without an RDB.

use crate::client::ClientId;
use crate::config::opt;
use crate::engine::{encode_command, resp_len, Engine};
use alloc::string::String;

/// Where the link to the master is, as ROLE names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkState {
    /// To connect (REPLICAOF just ran, or the link was lost).
    Connect,
    Connecting,
    /// Connected; PING, AUTH, REPLCONF, PSYNC under way.
    Handshake,
    /// Receiving the RDB.
    Sync,
    Connected,
}

impl LinkState {
    fn name(self) -> &'static str {
        match self {
            LinkState::Connect => "connect",
            LinkState::Connecting => "connecting",
            LinkState::Handshake => "handshake",
            LinkState::Sync => "sync",
            LinkState::Connected => "connected",
        }
    }
}

/// The master this server replicates (Redis's `server.masterhost` and friends).
pub(crate) struct MasterLink {
    pub host: String,
    pub port: u16,
    pub state: LinkState,
    /// The master client, once the RDB is loaded.
    pub client: Option<ClientId>,
    /// The master's replication ID and the offset of its stream applied here (Redis's
    /// `reploff`: a transaction counts once its EXEC ran), and the bytes of an open
    /// transaction not counted yet.
    pub replid: String,
    pub reploff: i64,
    pub in_multi: i64,
    /// The offset of the stream read so far, applied or not (slave_read_repl_offset).
    pub read_off: i64,
    /// The database the master's stream had selected when the link was lost: a continued
    /// stream goes on there without a new SELECT (Redis keeps its cached master client).
    pub db: usize,
    /// When the link went down (unix seconds); 0 if it never was up.
    pub down_since_s: u64,
    /// The RDB transfer: its size (when known) and bytes read, last read (unix seconds).
    pub transfer: (Option<u64>, u64, u64),
    pub last_ack_s: u64,
}

/// What the host should be connected to: changes of `epoch` (each REPLICAOF) restart it.
pub struct MasterTarget<'a> {
    pub epoch: u64,
    pub host: &'a str,
    pub port: u16,
    pub state: LinkState,
}


impl Engine {
    /// Whether this server is a replica (REPLICAOF host port).
    #[inline]
    pub fn is_replica_of_master(&self) -> bool {
        self.repl.master.is_some()
    }

    /// The master to follow, if any.
    pub fn master_target(&self) -> Option<MasterTarget<'_>> {
        let m = self.repl.master.as_deref()?;
        Some(MasterTarget { epoch: self.repl.epoch, host: &m.host, port: m.port, state: m.state })
    }

    /// The host's progress on the link (connecting, handshake, transfer).
    pub fn set_link_state(&mut self, state: LinkState) {
        if let Some(m) = self.repl.master.as_deref_mut() {
            m.state = state;
        }
    }

    /// The RDB transfer's figures for INFO: its size when known and the bytes read.
    pub fn set_sync_progress(&mut self, size: Option<u64>, read: u64, last_io_s: u64) {
        if let Some(m) = self.repl.master.as_deref_mut() {
            m.transfer = (size, read, last_io_s);
        }
    }

    /// Starts replicating `host:port` (REPLICAOF, or `replicaof` in the config). False if
    /// that is already the master.
    pub fn replicate(&mut self, host: &str, port: u16) -> bool {
        if let Some(m) = self.repl.master.as_deref() {
            if m.host.eq_ignore_ascii_case(host) && m.port == port {
                return false;
            }
            if let Some(id) = m.client {
                self.request_close(id);
            }
        }
        // Redis's disconnectAllBlockedClients: a replica serves no blocking command.
        self.unblock_all_for_role_change();
        if self.repl.master.is_none() {
            // A master becoming a replica: its replicas will get the new master's stream
            // (they reconnect and ask to continue), not its own writes.
            self.record_for_replicas(false);
            self.disconnect_replicas();
        }
        // What PSYNC offers the new master: the history applied so far, and the database
        // its stream had selected (a master that continues it sends no new SELECT).
        let (replid, reploff, db) = match self.repl.master.as_deref() {
            Some(m) => (m.replid.clone(), m.reploff, self.master_stream_db(m)),
            None => (self.repl.replid.clone(), self.repl.offset as i64, 0),
        };
        self.repl.master = Some(alloc::boxed::Box::new(MasterLink {
            host: String::from(host),
            port,
            state: LinkState::Connect,
            client: None,
            replid,
            reploff,
            in_multi: 0,
            read_off: reploff,
            db,
            down_since_s: 0,
            transfer: (None, 0, 0),
            last_ack_s: 0,
        }));
        self.repl.epoch += 1;
        // CONFIG GET replicaof and CONFIG REWRITE show the master, so a restart follows it.
        let _ = self.config.set("replicaof", &alloc::format!("{host} {port}"), true);
        // (A failure was logged by the host; Redis goes on too.)
        let _ = self.apply_oom_score();
        true
    }

    /// REPLICAOF NO ONE on a replica: the data stays; a new replication history starts, the
    /// master's kept as the secondary one (replid2, second_repl_offset) as Redis does.
    pub fn stop_replicating(&mut self) {
        let Some(m) = self.repl.master.take() else { return };
        self.repl.replica_keys.clear();
        if let Some(id) = m.client {
            self.request_close(id);
            if let Some(c) = self.clients.get_mut(id) {
                c.master = false;
            }
        }
        self.repl.epoch += 1;
        let _ = self.config.set("replicaof", "no one", true);
        self.repl.replid2 = Some((m.replid, m.reploff.max(0) as u64 + 1));
        self.repl.replid = crate::repl::random_id(&mut self.rng);
        // The master's offsets and backlog go on here. Replicas of this server reconnect to
        // learn the new ID and continue with the old one (Redis's shiftReplicationId and
        // disconnectSlaves); the stream of its own writes starts with a SELECT.
        self.repl.offset = m.reploff.max(0) as u64;
        self.repl.proxy.clear();
        self.disconnect_replicas();
        if self.repl.backlog_from.is_some() {
            self.record_for_replicas(true);
        }
        self.changes.db = None;
        let _ = self.apply_oom_score();
    }

    /// What PSYNC asks for: the replication ID and the offset of the next byte wanted.
    pub fn psync_request(&self) -> Option<(String, i64)> {
        let m = self.repl.master.as_deref()?;
        Some((m.replid.clone(), m.reploff + 1))
    }

    /// The RDB is loaded (`full`: Some(the database its stream has selected)), or the master
    /// agreed to continue: `client` (the host's connection to the master) becomes the master
    /// client, and the stream from `offset` on runs through it. This server's history is the
    /// master's from now on (its replication ID and offsets, the backlog fed with its bytes):
    /// replicas of this one get that stream verbatim and can continue with any server of
    /// the chain, as in Redis.
    pub fn master_synced(&mut self, client: ClientId, replid: &str, offset: i64, full: Option<usize>) {
        let now_s = self.now_ms() / 1000;
        let Some(m) = self.repl.master.as_deref_mut() else { return };
        let old_replid = core::mem::replace(&mut m.replid, String::from(replid));
        m.client = Some(client);
        m.state = LinkState::Connected;
        m.reploff = offset;
        m.in_multi = 0;
        m.read_off = offset;
        m.last_ack_s = now_s;
        let db = full.unwrap_or(m.db);
        m.down_since_s = 0;
        if let Some(c) = self.clients.get_mut(client) {
            c.master = true;
            c.authenticated = true;
            c.reply_off = true;
            c.db = db;
        }
        self.repl.proxy.clear();
        let start = offset.max(0) as u64;
        if full.is_some() {
            // A new history: sub-replicas had the old one and resynchronize (Redis's
            // disconnectSlaves); the backlog starts again at the master's offset.
            self.disconnect_replicas();
            self.reset_backlog(start);
            self.repl.replica_keys.clear();
            self.repl.replid2 = None;
        } else {
            if self.repl.backlog_from.is_none() {
                self.reset_backlog(start);
            }
            if old_replid != replid {
                // The master's history has a new ID (+CONTINUE <new id>): the old one stays
                // valid up to here, and sub-replicas reconnect to learn the new one.
                self.repl.replid2 = Some((old_replid, start + 1));
                self.disconnect_replicas();
            }
        }
        self.repl.replid = String::from(replid);
        self.repl.offset = start;
    }

    /// Closes every replica of this server (they connect again and ask to continue). They
    /// leave the stream at once: what comes next belongs to the new history, and a replica
    /// given any of it would ask to continue the old one from too far (Redis frees them at once).
    fn disconnect_replicas(&mut self) {
        let replicas = core::mem::take(&mut self.repl.replicas);
        let waiting = core::mem::take(&mut self.repl.rdb_waiting);
        // (`rdb-only` ones waiting for a running child are in neither list.)
        let rdb_only: alloc::vec::Vec<ClientId> = self.repl.rdb_child.iter().flat_map(|(ids, _)| ids.iter().copied()).collect();
        for id in replicas.into_iter().chain(waiting).chain(rdb_only) {
            self.request_close(id);
        }
        self.repl.no_replicas_since_s = self.now_ms() / 1000;
    }

    /// The database the master's stream has selected: the master client's, or where the lost
    /// link left it.
    fn master_stream_db(&self, m: &MasterLink) -> usize {
        m.client.and_then(|id| self.clients.get(id)).map_or(m.db, |c| c.db)
    }

    /// The replication history the data is at, for an RDB's aux fields: (the database the
    /// stream has selected, replication ID, offset). A replica's is its master's (also while
    /// the link is down); a master has one while it keeps a backlog.
    pub(crate) fn replication_info(&self) -> Option<(usize, &str, i64)> {
        if let Some(m) = self.repl.master.as_deref() {
            return Some((self.master_stream_db(m), &m.replid, m.reploff));
        }
        self.repl.backlog_from?;
        Some((self.changes.db.unwrap_or(0), &self.repl.replid, self.repl.offset as i64))
    }

    /// At startup, after loading an RDB written at `replid`/`offset` (Redis's rdbSaveInfo):
    /// a replica asks its master to continue from there, in database `db`; a master keeps
    /// that history as its previous one (`master_replid2`), so its replicas continue after
    /// its restart, and the keys that expired meanwhile (`expired`, not loaded) reach them
    /// as DELs in the stream (Redis 7.0's master restart).
    pub fn restore_replication(&mut self, replid: &str, offset: i64, db: usize, expired: alloc::vec::Vec<(usize, alloc::vec::Vec<u8>)>) {
        let start = offset.max(0) as u64;
        self.reset_backlog(start);
        self.repl.offset = start;
        if let Some(m) = self.repl.master.as_deref_mut() {
            m.replid = String::from(replid);
            m.reploff = offset;
            m.read_off = offset;
            m.db = db;
            self.repl.replid = String::from(replid);
            return;
        }
        self.repl.replid2 = Some((String::from(replid), start + 1));
        self.repl.no_replicas_since_s = self.now_ms() / 1000;
        self.record_for_replicas(true);
        self.changes.db = None;
        let del: &[u8] = if self.lazy_option(crate::lazyfree::LazyOption::Expire) { b"UNLINK" } else { b"DEL" };
        for (db, key) in expired {
            self.propagate(db, &[del, &key]);
        }
        self.drain_changes();
    }

    /// The master client's connection is gone: the host connects again.
    pub(crate) fn master_link_lost(&mut self, id: ClientId) {
        let now_s = self.now_ms() / 1000;
        let db = self.clients.get(id).map_or(0, |c| c.db);
        if let Some(m) = self.repl.master.as_deref_mut().filter(|m| m.client == Some(id)) {
            m.db = db;
            // An unfinished transaction is dropped with the client: it is asked for again.
            m.in_multi = 0;
            m.client = None;
            m.state = LinkState::Connect;
            m.down_since_s = now_s;
        }
    }

    /// The host read `n` bytes of the master's stream (they run as they complete; a pause or a
    /// busy script may hold them).
    #[inline]
    pub fn master_stream_read(&mut self, n: usize) {
        let now_ms = self.now_ms();
        if let Some(m) = self.repl.master.as_deref_mut() {
            m.read_off += n as i64;
            // The master is alive while bytes come, even when they wait to run (repl-timeout).
            if let Some(c) = m.client.and_then(|id| self.clients.get_mut(id)) {
                c.last_interaction_ms = now_ms;
            }
        }
    }

    /// A command of the master's stream ran: its bytes count in the offset, those of a
    /// transaction once it ends (`in_multi`: whether the master client's MULTI is open).
    /// The applied bytes go on verbatim to this server's backlog and replicas (Redis's
    /// replicationFeedStreamFromMasterStream): a master sends commands as multibulks, so
    /// the command re-encoded is the bytes it sent.
    #[inline]
    pub(crate) fn count_master_stream(&mut self, argv: &[&[u8]], in_multi: bool) {
        if let Some(m) = self.repl.master.as_deref_mut() {
            m.in_multi += resp_len(argv) as i64;
            encode_command(&mut self.repl.proxy, argv);
            if !in_multi {
                m.reploff += core::mem::take(&mut m.in_multi);
                let bytes = core::mem::take(&mut self.repl.proxy);
                self.feed_stream(&bytes);
                self.repl.proxy = bytes;
                self.repl.proxy.clear();
            }
        }
    }

    /// `REPLCONF ACK <offset>` to the master (REPLCONF GETACK, and once a second).
    pub(crate) fn send_ack(&mut self) {
        let Some(m) = self.repl.master.as_deref() else { return };
        let Some(id) = m.client else { return };
        let offset = itoa::Buffer::new().format(m.reploff).as_bytes().to_vec();
        if let Some(c) = self.clients.get_mut(id) {
            encode_command(&mut c.pending, &[b"REPLCONF", b"ACK", &offset]);
            self.clients.mark_ready(id);
        }
    }

    /// Once a second: the ACK, and the master dropped after `repl-timeout` seconds of silence.
    pub(crate) fn replica_cron(&mut self) {
        self.expire_replica_keys();
        let now_s = self.now_ms() / 1000;
        let timeout = self.config.int(opt::REPL_TIMEOUT).max(1) as u64;
        let Some(m) = self.repl.master.as_deref_mut() else { return };
        let Some(id) = m.client else { return };
        if now_s == m.last_ack_s {
            return;
        }
        m.last_ack_s = now_s;
        let last_io_s = self.clients.get(id).map_or(now_s, |c| c.last_interaction_ms / 1000);
        if now_s.saturating_sub(last_io_s) > timeout {
            self.request_close(id);
            return;
        }
        self.send_ack();
    }

    /// A notice for the host's log.
    pub(crate) fn host_log(&self, line: &str) {
        (self.host.log)(self.role_letter(), false, line);
    }

    /// A warning for the host's log.
    pub(crate) fn host_warn(&self, line: &str) {
        (self.host.log)(self.role_letter(), true, line);
    }

    /// Redis's role letter in log lines.
    fn role_letter(&self) -> u8 {
        if self.is_replica_of_master() { b'S' } else { b'M' }
    }

    /// A client's CLIENT LIST line, for log lines naming who asked.
    pub(crate) fn client_info_line(&self, id: ClientId) -> String {
        let mut line = String::new();
        if let Some(c) = self.clients.get(id) {
            crate::commands::connection::client_line(self, id, c, None, &mut line);
        }
        line
    }

    /// The master client, while the link is up.
    pub fn master_client(&self) -> Option<ClientId> {
        self.repl.master.as_deref().and_then(|m| m.client)
    }

    /// After a write by a client other than the master on a writable replica: its keys that
    /// now have a TTL are remembered, for `expire_replica_keys` (the master knows nothing of
    /// them; Redis's rememberSlaveKeyWithExpire).
    pub(crate) fn remember_replica_keys(&mut self, client: ClientId, spec: &crate::commands::CommandSpec, argv: &[&[u8]]) {
        let db = self.clients.get(client).map_or(0, |c| c.db);
        for k in crate::commands::meta::command_keys(spec, argv) {
            let Some(key) = argv.get(k.pos) else { continue };
            let Some(slot) = self.dbs[db].find(key) else { continue };
            if self.dbs[db].expire(slot) != crate::keyspace::NO_EXPIRE {
                self.repl.replica_keys.insert((db, key.to_vec()));
            }
        }
    }

    /// Cron on a replica: keys written on it with a TTL expire (Redis's expireSlaveKeys);
    /// the others wait for the master's DELs.
    fn expire_replica_keys(&mut self) {
        if self.repl.replica_keys.is_empty() {
            return;
        }
        let now = self.now_ms();
        let mut keys = core::mem::take(&mut self.repl.replica_keys);
        keys.retain(|(db, key)| {
            let Some(slot) = self.dbs[*db].find(key) else { return false };
            let at = self.dbs[*db].expire(slot);
            if at == crate::keyspace::NO_EXPIRE {
                return false;
            }
            if at < now {
                self.expire_slot(*db, slot);
                return false;
            }
            true
        });
        keys.extend(self.repl.replica_keys.drain());
        self.repl.replica_keys = keys;
    }

    /// Whether `id` is the connection to this server's master.
    pub fn is_master_client(&self, id: ClientId) -> bool {
        self.clients.get(id).is_some_and(|c| c.master)
    }

    /// Whether the running command comes from the master, or from the AOF being loaded
    /// (Redis's mustObeyClient): keys never expire for it, a read-only replica runs its
    /// writes.
    #[inline]
    pub(crate) fn obeying_master(&self) -> bool {
        self.loading || self.repl.master.as_deref().is_some_and(|m| m.client.is_some() && m.client == self.running_client)
    }

    /// The refusal a replica gives a client's command before it runs, if any: READONLY for
    /// writes, MASTERDOWN while the link is down and stale data is not served.
    pub(crate) fn replica_refusal(&self, writes: bool, stale_ok: bool) -> Option<&'static str> {
        self.repl.master.as_deref()?;
        if writes && self.config.bool(opt::REPLICA_READ_ONLY) {
            return Some("READONLY You can't write against a read only replica.");
        }
        if !stale_ok && self.serving_stale_refused() {
            return Some("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");
        }
        None
    }

    /// A replica whose link is down with `replica-serve-stale-data no`: only `stale`
    /// commands run.
    pub(crate) fn serving_stale_refused(&self) -> bool {
        self.repl.master.as_deref().is_some_and(|m| m.state != LinkState::Connected) && !self.config.bool(opt::REPLICA_SERVE_STALE_DATA)
    }

    /// ROLE of a replica: `slave`, host, port, link state, offset (-1 unless connected).
    pub(crate) fn role_of_replica(&self, out: &mut crate::resp::writer::Reply) -> bool {
        let Some(m) = self.repl.master.as_deref() else { return false };
        out.array(5);
        out.bulk(b"slave");
        out.bulk(m.host.as_bytes());
        out.int(m.port as i64);
        out.bulk(m.state.name().as_bytes());
        out.int(if m.client.is_some() { m.reploff } else { -1 });
        true
    }

    /// INFO replication's replica lines, after `role:slave`.
    pub(crate) fn info_replica_lines(&self, out: &mut String) {
        use core::fmt::Write;
        let Some(m) = self.repl.master.as_deref() else { return };
        let now_s = self.now_ms() / 1000;
        let last_io: i64 = match m.client.and_then(|id| self.clients.get(id)) {
            Some(c) => now_s.saturating_sub(c.last_interaction_ms / 1000) as i64,
            None => -1,
        };
        let up = m.state == LinkState::Connected;
        let _ = write!(
            out,
            "master_host:{}\r\nmaster_port:{}\r\nmaster_link_status:{}\r\nmaster_last_io_seconds_ago:{}\r\nmaster_sync_in_progress:{}\r\nslave_read_repl_offset:{}\r\nslave_repl_offset:{}\r\n",
            m.host,
            m.port,
            if up { "up" } else { "down" },
            last_io,
            (m.state == LinkState::Sync) as u8,
            m.read_off.max(m.reploff),
            m.reploff
        );
        if m.state == LinkState::Sync {
            let (size, read, last) = m.transfer;
            let total = size.map_or(-1, |s| s as i64);
            let perc = match size {
                Some(s) if s > 0 => read as f64 / s as f64 * 100.0,
                _ => 0.0,
            };
            let _ = write!(
                out,
                "master_sync_total_bytes:{total}\r\nmaster_sync_read_bytes:{read}\r\nmaster_sync_left_bytes:{}\r\nmaster_sync_perc:{perc:.2}\r\nmaster_sync_last_io_seconds_ago:{}\r\n",
                total - read as i64,
                now_s.saturating_sub(last)
            );
        }
        if !up {
            let since: i64 = if m.down_since_s == 0 { -1 } else { now_s.saturating_sub(m.down_since_s) as i64 };
            let _ = write!(out, "master_link_down_since_seconds:{since}\r\n");
        }
        let _ = write!(
            out,
            "slave_priority:{}\r\nslave_read_only:{}\r\nreplica_announced:{}\r\n",
            self.config.int(opt::REPLICA_PRIORITY),
            self.config.bool(opt::REPLICA_READ_ONLY) as u8,
            self.config.bool(opt::REPLICA_ANNOUNCED) as u8
        );
    }

    /// INFO's master_replid and master_repl_offset: the master's while a replica.
    pub(crate) fn info_replid_offset(&self) -> (&str, u64) {
        match self.repl.master.as_deref() {
            Some(m) => (&m.replid, m.reploff.max(0) as u64),
            None => (&self.repl.replid, self.repl.offset),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::resp_len;

    #[test]
    fn resp_len_counts_the_multibulk_bytes() {
        let argv: [&[u8]; 3] = [b"SET", b"key", b"0123456789"];
        let mut buf = alloc::vec::Vec::new();
        crate::engine::encode_command(&mut buf, &argv);
        assert_eq!(resp_len(&argv), buf.len());
        let many: alloc::vec::Vec<&[u8]> = (0..12).map(|_| &b"x"[..]).collect();
        buf.clear();
        crate::engine::encode_command(&mut buf, &many);
        assert_eq!(resp_len(&many), buf.len());
    }
}
