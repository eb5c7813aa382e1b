//! Client-side caching: CLIENT TRACKING and the invalidation messages, as Redis's tracking.c.
//!
//! Default mode: after a read-only command of a tracking client, the keys it read are
//! remembered in one table for all databases (Redis keys it by name only), each with the
//! clients that may cache it. When a key changes ([`Engine::key_modified`]) every such client
//! gets one invalidation and the key leaves the table; the next read adds it again.
//! BCAST mode: no table; a changed key matching a client's prefixes is collected per prefix
//! and broadcast in one message per prefix by [`Engine::before_sleep`] (Redis does it before
//! sleeping, so a pipeline's keys share one message).
//!
//! Messages are RESP3 pushes (`>2 invalidate [keys]`); with REDIRECT they go to the other
//! client, which may be a RESP2 subscriber: it gets them as `message`s on
//! `__redis__:invalidate`. An invalidation for the client whose command is running goes after
//! that command's reply (Redis's `tracking_pending_keys`).
//!
//! The dispatcher's cost when nobody tracks: one test of `clients` (and of two lengths in
//! `key_modified`).

use crate::client::ClientId;
use crate::commands::{self, CommandSpec};
use crate::config::opt;
use crate::engine::Engine;
use crate::resp::writer::{Protocol, Reply};
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec::Vec;
use hashbrown::HashMap;

type Hasher = foldhash::fast::FixedState;

/// A client as the tracking tables remember it: its slot and its id, so that a slot reused by
/// a later connection is not taken for it (Redis looks clients up by id).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Who {
    pub slot: ClientId,
    pub id: u64,
}

/// One BCAST prefix: its clients and the keys changed since the last broadcast, each with the
/// client that changed it last (for NOLOOP), in key order as Redis's radix tree.
#[derive(Default)]
struct Bcast {
    clients: Vec<Who>,
    keys: BTreeMap<Vec<u8>, Option<ClientId>>,
}

/// The server's tracking state.
pub struct Tracking {
    /// Clients with tracking on (INFO tracking_clients).
    pub(crate) clients: usize,
    /// Key -> clients that may cache it (default mode).
    table: HashMap<Vec<u8>, Vec<Who>, Hasher>,
    /// Client entries over all keys (INFO tracking_total_items).
    items: usize,
    /// BCAST prefixes in byte order.
    prefixes: BTreeMap<Vec<u8>, Bcast>,
    /// Some prefix has keys waiting for `before_sleep`.
    bcast_pending: bool,
    /// Invalidations for the running client, sent after its reply (`None`: a flush).
    pub(crate) pending: Vec<Option<Vec<u8>>>,
    /// Consecutive table-limit passes that ended still over the limit (more effort each time).
    limit_rounds: u32,
    /// The key being signalled was deleted by the server itself (expiry, eviction).
    removed_by_server: bool,
}

impl Tracking {
    pub fn new(seed: u64) -> Self {
        Tracking {
            clients: 0,
            table: HashMap::with_hasher(Hasher::with_seed(seed)),
            items: 0,
            prefixes: BTreeMap::new(),
            bcast_pending: false,
            pending: Vec::new(),
            limit_rounds: 0,
            removed_by_server: false,
        }
    }

    /// INFO tracking_total_keys.
    pub fn total_keys(&self) -> usize {
        self.table.len()
    }

    /// INFO tracking_total_items.
    pub fn total_items(&self) -> usize {
        self.items
    }

    /// INFO tracking_total_prefixes.
    pub fn total_prefixes(&self) -> usize {
        self.prefixes.len()
    }

    /// Whether a change to a key can concern anybody (the fast path of `key_modified`).
    #[inline]
    pub(crate) fn watching(&self) -> bool {
        !self.table.is_empty() || !self.prefixes.is_empty()
    }
}

/// A client's tracking state while tracking is on.
#[derive(Clone, Debug, Default)]
pub struct ClientTracking {
    /// REDIRECT target's id (0: none), and where it was when tracking was enabled.
    pub redirect_id: u64,
    redirect: Option<Who>,
    pub bcast: bool,
    pub optin: bool,
    pub optout: bool,
    pub noloop: bool,
    /// CLIENT CACHING yes/no was given for the next command (or transaction).
    pub caching: bool,
    /// The redirect client went away (flag `R`, `broken_redirect`).
    pub broken_redirect: bool,
    /// The last command was a CLIENT subcommand (it leaves `caching` set).
    after_client_command: bool,
    /// BCAST prefixes, in byte order.
    pub prefixes: BTreeSet<Vec<u8>>,
}

/// CLIENT TRACKING ON's options, parsed.
#[derive(Default)]
pub(crate) struct TrackingOptions<'a> {
    pub redirect: Option<Who>,
    pub redirect_id: u64,
    pub bcast: bool,
    pub optin: bool,
    pub optout: bool,
    pub noloop: bool,
    pub prefixes: Vec<&'a [u8]>,
}

/// Where messages for the client whose command is running go, when they must follow (or,
/// before its command runs, precede) its reply: straight into its output buffer.
type Sink<'a> = Option<(ClientId, &'a mut Vec<u8>)>;

/// CLIENT LIST's tracking flags, in Redis's place (after `b`, before `d`): `t`, `R`, `B`.
pub(crate) fn push_client_flags(c: &crate::client::Client, f: &mut alloc::string::String) {
    if let Some(t) = &c.tracking {
        f.push('t');
        if t.broken_redirect {
            f.push('R');
        }
        if t.bcast {
            f.push('B');
        }
    }
}

/// CLIENT LIST's `redir=`: the redirect id (0: none), -1 when tracking is off.
pub(crate) fn client_redir(c: &crate::client::Client) -> i64 {
    c.tracking.as_ref().map_or(-1, |t| t.redirect_id as i64)
}

/// `*1 $key`: the value part of a one-key invalidation.
fn one_key(key: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(key.len() + 16);
    let mut r = Reply::new(&mut v, Protocol::Resp2);
    r.array(1);
    r.bulk(key);
    v
}

/// The null a flush invalidates with, in the tracking client's protocol (Redis sends the
/// tracking client's null even to a redirect target speaking the other protocol).
fn flush_null(proto: Protocol) -> &'static [u8] {
    if proto == Protocol::Resp3 {
        b"_\r\n"
    } else {
        b"$-1\r\n"
    }
}

impl Engine {
    // ----- enabling and disabling -------------------------------------------------------

    /// CLIENT TRACKING ON with checked options (Redis's `enableTracking`). Prefixes of an
    /// earlier BCAST enable stay; the flags are replaced.
    pub(crate) fn tracking_enable(&mut self, client: ClientId, o: TrackingOptions) {
        let Some(c) = self.clients.get_mut(client) else { return };
        let who = Who { slot: client, id: c.id };
        if c.tracking.is_none() {
            self.tracking.clients += 1;
        }
        let t = c.tracking.get_or_insert_with(Default::default);
        t.redirect_id = o.redirect_id;
        t.redirect = o.redirect;
        t.bcast = o.bcast;
        t.optin = o.optin;
        t.optout = o.optout;
        t.noloop = o.noloop;
        t.caching = false;
        t.broken_redirect = false;
        t.after_client_command = true;
        if o.bcast {
            let mut added = Vec::new();
            let empty: &[u8] = b"";
            let wanted: &[&[u8]] = if o.prefixes.is_empty() { core::slice::from_ref(&empty) } else { &o.prefixes };
            for p in wanted {
                if t.prefixes.insert(p.to_vec()) {
                    added.push(p.to_vec());
                }
            }
            for p in added {
                self.tracking.prefixes.entry(p).or_default().clients.push(who);
            }
        }
    }

    /// CLIENT TRACKING OFF, RESET and disconnect (Redis's `disableTracking`). Keys the client
    /// read stay in the table until they change, as in Redis.
    pub(crate) fn tracking_disable(&mut self, client: ClientId) {
        let Some(t) = self.clients.get_mut(client).and_then(|c| c.tracking.take()) else { return };
        self.tracking.clients -= 1;
        for p in t.prefixes {
            if let Some(b) = self.tracking.prefixes.get_mut(&p) {
                b.clients.retain(|w| w.slot != client);
                if b.clients.is_empty() {
                    self.tracking.prefixes.remove(&p);
                }
            }
        }
    }

    /// Looks a client up by id (REDIRECT's check that it exists).
    pub(crate) fn client_by_id(&self, id: u64) -> Option<Who> {
        self.clients.iter().find(|(_, c)| c.id == id).map(|(slot, c)| Who { slot, id: c.id })
    }

    // ----- remembering reads ------------------------------------------------------------------

    /// After a read-only command of a tracking client: remember the keys it read (Redis's
    /// `trackingRememberKeys`), unless OPTIN/OPTOUT and CLIENT CACHING say otherwise.
    pub(crate) fn tracking_remember_keys(&mut self, client: ClientId, spec: &CommandSpec, argv: &[&[u8]]) {
        // A read-only script is not tracked itself, only the commands it runs (as Redis).
        if spec.has(commands::flags::PUBSUB) || matches!(spec.full_name, "eval_ro" | "evalsha_ro" | "fcall_ro") {
            return;
        }
        self.tracking_remember_keys_of(client, spec, argv);
    }

    /// Remembers the keys of `argv` for a tracking client (OPTIN/OPTOUT/CACHING permitting).
    pub(crate) fn tracking_remember_keys_of(&mut self, client: ClientId, spec: &CommandSpec, argv: &[&[u8]]) {
        let Some(c) = self.clients.get(client) else { return };
        let Some(t) = c.tracking.as_ref() else { return };
        if t.bcast || (t.optin && !t.caching) || (t.optout && t.caching) {
            return;
        }
        let who = Who { slot: client, id: c.id };
        for k in commands::meta::command_keys(spec, argv) {
            let Some(key) = argv.get(k.pos) else { continue };
            let list = self.tracking.table.entry_ref(*key).or_default();
            if !list.contains(&who) {
                list.push(who);
                self.tracking.items += 1;
            }
        }
    }

    // ----- invalidation -------------------------------------------------------------------------

    /// From `key_modified` (Redis's `signalModifiedKey`): the running client changed the key,
    /// unless the server deleted it by itself.
    pub(crate) fn tracking_key_modified(&mut self, key: &[u8]) {
        let changer = if self.tracking.removed_by_server { None } else { self.running_client };
        self.tracking_invalidate_key(key, changer, true, None);
    }

    /// A key the server deleted by itself (expiry, eviction): `key_modified` with no client
    /// as the changer, which matters to BCAST NOLOOP clients (Redis's
    /// `signalModifiedKey(NULL, ...)`).
    pub(crate) fn key_removed_by_server(&mut self, db: usize, key: &[u8]) {
        self.tracking.removed_by_server = true;
        self.key_modified(db, key);
        self.tracking.removed_by_server = false;
    }

    /// A key changed (Redis's `trackingInvalidateKey`): `changer` is the client that changed it
    /// (none for expiry and eviction); `bcast` is false when the table limit drops the key.
    pub(crate) fn tracking_invalidate_key(&mut self, key: &[u8], changer: Option<ClientId>, bcast: bool, mut sink: Sink) {
        if bcast && !self.tracking.prefixes.is_empty() {
            self.remember_to_broadcast(key, changer);
        }
        let Some(list) = self.tracking.table.remove(key) else { return };
        self.tracking.items -= list.len();
        let current = self.running_client;
        let value = one_key(key);
        for who in list {
            let Some(t) = self.clients.get(who.slot).filter(|c| c.id == who.id).and_then(|c| c.tracking.as_ref()) else {
                continue;
            };
            if t.bcast {
                continue;
            }
            // Redis's `server.current_client`: running, or about to run (the table limit).
            let is_current = Some(who.slot) == current || sink.as_ref().is_some_and(|(c, _)| *c == who.slot);
            if t.noloop && is_current {
                continue;
            }
            if Some(who.slot) == current {
                // The running client hears about its own change after its reply.
                self.tracking.pending.push(Some(key.to_vec()));
                continue;
            }
            self.send_tracking_message(who.slot, &value, sink.as_mut().map(|(c, b)| (*c, &mut **b)));
        }
    }

    /// BCAST: note a changed key under every prefix it starts with.
    fn remember_to_broadcast(&mut self, key: &[u8], changer: Option<ClientId>) {
        for (prefix, b) in self.tracking.prefixes.iter_mut() {
            if key.starts_with(prefix) {
                b.keys.insert(key.to_vec(), changer);
                self.tracking.bcast_pending = true;
            }
        }
    }

    /// FLUSHDB/FLUSHALL (Redis's `trackingInvalidateKeysOnFlush`): every tracking client gets
    /// a null invalidation, and the whole table is dropped, whatever database was flushed.
    pub(crate) fn tracking_flush(&mut self) {
        if self.tracking.clients > 0 {
            let targets: Vec<(ClientId, Protocol)> =
                self.clients.iter().filter(|(_, c)| c.tracking.is_some()).map(|(id, c)| (id, c.proto)).collect();
            for (id, proto) in targets {
                if Some(id) == self.running_client {
                    self.tracking.pending.push(None);
                } else {
                    self.send_tracking_message(id, flush_null(proto), None);
                }
            }
        }
        self.tracking.table.clear();
        self.tracking.items = 0;
    }

    /// After the top-level command of `client`: its own invalidations, after its reply `out`.
    pub(crate) fn tracking_after_reply(&mut self, client: ClientId, out: &mut Vec<u8>) {
        let mut pending = core::mem::take(&mut self.tracking.pending);
        let proto = self.protocol(client);
        for p in pending.drain(..) {
            let value = match &p {
                Some(key) => one_key(key),
                None => flush_null(proto).to_vec(),
            };
            self.send_tracking_message(client, &value, Some((client, &mut *out)));
        }
        // Keep the allocation for the next command.
        self.tracking.pending = pending;
    }

    /// Sends one invalidation meant for `target` (Redis's `sendTrackingMessage`): to its
    /// REDIRECT client if it has one, as a push (RESP3) or a `__redis__:invalidate` message
    /// (RESP2 subscriber); nothing for a RESP2 client without redirect. `value` is the RESP
    /// value: an array of keys, or a null for flushes.
    fn send_tracking_message(&mut self, target: ClientId, value: &[u8], sink: Sink) {
        let Some(c) = self.clients.get(target) else { return };
        let target_proto = c.proto;
        let (redirect_id, redirect) = c.tracking.as_ref().map_or((0, None), |t| (t.redirect_id, t.redirect));
        let mut dest = target;
        if redirect_id != 0 {
            match redirect.filter(|w| self.clients.get(w.slot).is_some_and(|r| r.id == w.id)) {
                Some(w) => dest = w.slot,
                None => {
                    if let Some(t) = self.clients.get_mut(target).and_then(|c| c.tracking.as_mut()) {
                        t.broken_redirect = true;
                    }
                    if target_proto == Protocol::Resp3 {
                        let mut msg = Vec::new();
                        let mut r = Reply::new(&mut msg, Protocol::Resp3);
                        r.push(2);
                        r.bulk(b"tracking-redir-broken");
                        r.int(redirect_id as i64);
                        self.route(target, &msg, sink);
                    }
                    return;
                }
            }
        }
        let mut msg = Vec::with_capacity(value.len() + 40);
        let mut r = Reply::new(&mut msg, Protocol::Resp3);
        if self.protocol(dest) == Protocol::Resp3 {
            r.push(2);
            r.bulk(b"invalidate");
        } else if redirect_id != 0 && self.is_subscriber(dest) {
            r.proto = Protocol::Resp2;
            r.array(3);
            r.bulk(b"message");
            r.bulk(b"__redis__:invalidate");
        } else {
            return;
        }
        msg.extend_from_slice(value);
        self.route(dest, &msg, sink);
    }

    fn route(&mut self, dest: ClientId, msg: &[u8], sink: Sink) {
        match sink {
            Some((c, buf)) if c == dest => buf.extend_from_slice(msg),
            _ => self.deliver(dest, msg),
        }
    }

    // ----- broadcasting, limits -----------------------------------------------------------------

    /// Work Redis does before the event loop sleeps: BCAST invalidations collected since the
    /// last call go out, one message per prefix. Hosts call it after each batch of commands.
    #[inline]
    pub fn before_sleep(&mut self) {
        if self.tracking.bcast_pending {
            self.tracking_broadcast();
        }
        #[cfg(feature = "server")]
        if self.repl.get_ack {
            self.request_acks();
        }
    }

    fn tracking_broadcast(&mut self) {
        self.tracking.bcast_pending = false;
        let mut sends: Vec<(ClientId, Vec<u8>)> = Vec::new();
        for b in self.tracking.prefixes.values_mut() {
            if b.keys.is_empty() {
                continue;
            }
            let keys = core::mem::take(&mut b.keys);
            let all = keys_array(&keys, None);
            for who in &b.clients {
                let noloop = self.clients.get(who.slot).and_then(|c| c.tracking.as_ref()).is_some_and(|t| t.noloop);
                if noloop {
                    if keys.values().any(|&by| by != Some(who.slot)) {
                        sends.push((who.slot, keys_array(&keys, Some(who.slot))));
                    }
                } else {
                    sends.push((who.slot, all.clone()));
                }
            }
        }
        for (client, value) in sends {
            self.send_tracking_message(client, &value, None);
        }
    }

    /// Keeps the table within `tracking-table-max-keys` (Redis's `trackingLimitUsedSlots`,
    /// run before each command and from cron while someone tracks): keys are dropped, with
    /// their invalidations, until the table fits, with more effort each time it did not.
    /// Redis picks them by a random walk; here they go in the table's (seeded) hash order.
    pub(crate) fn tracking_limit(&mut self, mut sink: Sink) {
        let max = self.config.int(opt::TRACKING_TABLE_MAX_KEYS) as usize;
        if max == 0 {
            return;
        }
        let len = self.tracking.table.len();
        if len <= max {
            self.tracking.limit_rounds = 0;
            return;
        }
        let effort = 100 * (self.tracking.limit_rounds as usize + 1);
        let victims: Vec<Vec<u8>> = self.tracking.table.keys().take(effort.min(len - max)).cloned().collect();
        for key in victims {
            self.tracking_invalidate_key(&key, None, false, sink.as_mut().map(|(c, b)| (*c, &mut **b)));
        }
        if self.tracking.table.len() <= max {
            self.tracking.limit_rounds = 0;
        } else {
            self.tracking.limit_rounds += 1;
        }
    }

    /// Before a command: CLIENT CACHING applies to one command (or one transaction) only.
    /// Redis clears the flag after each command unless the client is inside MULTI or the
    /// command was a CLIENT subcommand (`resetClient`); here the same test is made when the
    /// next command arrives (the MULTI state is unchanged in between).
    pub(crate) fn tracking_before_command(&mut self, client: ClientId, argv: &[&[u8]]) {
        let Some(c) = self.clients.get_mut(client) else { return };
        let in_multi = c.multi.is_some();
        let Some(t) = c.tracking.as_mut() else { return };
        if t.caching && !in_multi && !t.after_client_command {
            t.caching = false;
        }
        t.after_client_command = is_client_subcommand(argv);
    }
}

/// `CLIENT <known subcommand> ...`, whatever its arity: Redis's `prevcmd == clientCommand`.
fn is_client_subcommand(argv: &[&[u8]]) -> bool {
    argv.len() >= 2
        && argv[0].eq_ignore_ascii_case(b"client")
        && commands::connection::client_subcommands().iter().any(|s| s.name.as_bytes().eq_ignore_ascii_case(argv[1]))
}

/// The array of keys a broadcast carries, leaving out those `skip` changed last (NOLOOP).
fn keys_array(keys: &BTreeMap<Vec<u8>, Option<ClientId>>, skip: Option<ClientId>) -> Vec<u8> {
    let count = keys.values().filter(|&&by| skip.is_none() || by != skip).count();
    let mut v = Vec::new();
    let mut r = Reply::new(&mut v, Protocol::Resp2);
    r.array(count);
    for (k, &by) in keys {
        if skip.is_none() || by != skip {
            r.bulk(k);
        }
    }
    v
}

/// Redis's `stringCheckPrefix`: one of the two is a prefix of the other.
pub(crate) fn prefixes_overlap(a: &[u8], b: &[u8]) -> bool {
    let n = a.len().min(b.len());
    a[..n] == b[..n]
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::*;
    use crate::engine::Engine;
    use crate::{ClientId, ConnInfo};
    use alloc::vec::Vec;

    const INV_K: &[u8] = b">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n";

    fn pending(e: &mut Engine, c: ClientId) -> Vec<u8> {
        let mut out = Vec::new();
        e.take_pending(c, &mut out);
        out
    }

    fn resp3_tracker(e: &mut Engine, opts: &str) -> ClientId {
        let c = e.connect(ConnInfo::default(), T0);
        run(e, c, "HELLO 3");
        assert_eq!(run(e, c, &alloc::format!("CLIENT TRACKING on{opts}")), b"+OK\r\n");
        c
    }

    #[test]
    fn a_read_key_is_invalidated_once() {
        let (mut e, writer) = engine();
        let t = resp3_tracker(&mut e, "");
        run(&mut e, t, "GET k");
        assert_eq!((e.tracking.total_keys(), e.tracking.total_items()), (1, 1));
        run(&mut e, writer, "SET k 1");
        assert_eq!(pending(&mut e, t), INV_K);
        assert_eq!(e.tracking.total_keys(), 0);
        run(&mut e, writer, "SET k 2");
        assert_eq!(pending(&mut e, t), b"");
        // The tracker's own write: the push follows its reply.
        run(&mut e, t, "GET k");
        let mut own = Vec::from(&b"+OK\r\n"[..]);
        own.extend_from_slice(INV_K);
        assert_eq!(run(&mut e, t, "SET k 3"), own);
        // Writes by commands that change nothing invalidate nothing.
        run(&mut e, t, "GET k");
        run(&mut e, writer, "DEL nosuch");
        assert_eq!(pending(&mut e, t), b"");
    }

    #[test]
    fn noloop_and_flush() {
        let (mut e, writer) = engine();
        let t = resp3_tracker(&mut e, " NOLOOP");
        run(&mut e, t, "GET k");
        assert_eq!(run(&mut e, t, "SET k 1"), b"+OK\r\n");
        assert_eq!(e.tracking.total_keys(), 0);
        run(&mut e, t, "GET k");
        assert_eq!(run(&mut e, writer, "FLUSHALL"), b"+OK\r\n");
        assert_eq!(pending(&mut e, t), b">2\r\n$10\r\ninvalidate\r\n_\r\n");
        assert_eq!(e.tracking.total_keys(), 0);
        assert_eq!(run(&mut e, t, "FLUSHDB"), b"+OK\r\n>2\r\n$10\r\ninvalidate\r\n_\r\n");
    }

    #[test]
    fn redirect_to_a_resp2_subscriber_and_breaking_it() {
        let (mut e, writer) = engine();
        let sub = e.connect(ConnInfo::default(), T0);
        run(&mut e, sub, "SUBSCRIBE __redis__:invalidate");
        let sub_id = e.client(sub).unwrap().id;
        let t = e.connect(ConnInfo::default(), T0);
        run(&mut e, t, "HELLO 3");
        assert_eq!(run(&mut e, t, &alloc::format!("CLIENT TRACKING on REDIRECT {sub_id}")), b"+OK\r\n");
        run(&mut e, t, "GET k");
        run(&mut e, writer, "SET k 1");
        assert_eq!(pending(&mut e, sub), b"*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$1\r\nk\r\n");
        assert_eq!(pending(&mut e, t), b"");
        e.disconnect(sub);
        // A new client reusing the slot is not the redirect target.
        let other = e.connect(ConnInfo::default(), T0);
        assert_eq!(other, sub);
        run(&mut e, other, "SUBSCRIBE __redis__:invalidate");
        let _ = pending(&mut e, other);
        run(&mut e, t, "GET k");
        run(&mut e, writer, "SET k 2");
        assert_eq!(pending(&mut e, other), b"");
        let broken = alloc::format!(">2\r\n$21\r\ntracking-redir-broken\r\n:{sub_id}\r\n");
        assert_eq!(pending(&mut e, t), broken.as_bytes());
        assert!(e.client(t).unwrap().tracking.as_ref().unwrap().broken_redirect);
    }

    #[test]
    fn bcast_waits_for_before_sleep_and_batches_by_prefix() {
        let (mut e, writer) = engine();
        let t = resp3_tracker(&mut e, " BCAST PREFIX a PREFIX b");
        assert_eq!(e.tracking.total_prefixes(), 2);
        run(&mut e, writer, "SET a2 1");
        run(&mut e, writer, "SET b1 1");
        run(&mut e, writer, "SET a1 1");
        run(&mut e, writer, "SET c1 1");
        assert_eq!(pending(&mut e, t), b"");
        e.before_sleep();
        assert_eq!(
            pending(&mut e, t),
            &b">2\r\n$10\r\ninvalidate\r\n*2\r\n$2\r\na1\r\n$2\r\na2\r\n>2\r\n$10\r\ninvalidate\r\n*1\r\n$2\r\nb1\r\n"[..]
        );
        e.before_sleep();
        assert_eq!(pending(&mut e, t), b"");
        // Disconnecting drops its prefixes.
        e.disconnect(t);
        assert_eq!((e.tracking.total_prefixes(), e.tracking.clients), (0, 0));
        run(&mut e, writer, "SET a3 1");
        assert!(!e.tracking.bcast_pending);
    }

    #[test]
    fn caching_flag_lasts_one_command_or_transaction() {
        let (mut e, _) = engine();
        let t = resp3_tracker(&mut e, " OPTIN");
        run(&mut e, t, "GET a");
        assert_eq!(e.tracking.total_keys(), 0);
        run(&mut e, t, "CLIENT CACHING yes");
        run(&mut e, t, "CLIENT ID");
        run(&mut e, t, "GET b");
        run(&mut e, t, "GET c");
        assert_eq!(e.tracking.total_keys(), 1);
        run(&mut e, t, "CLIENT CACHING yes");
        run(&mut e, t, "MULTI");
        run(&mut e, t, "GET d");
        run(&mut e, t, "GET f");
        run(&mut e, t, "EXEC");
        run(&mut e, t, "GET g");
        assert_eq!(e.tracking.total_keys(), 3);
        assert_eq!(run(&mut e, t, "RESET"), b"+RESET\r\n");
        assert_eq!(e.tracking.clients, 0);
    }

    #[test]
    fn table_limit_drops_keys_with_invalidations() {
        let (mut e, other) = engine();
        let t = resp3_tracker(&mut e, "");
        run(&mut e, other, "CONFIG SET tracking-table-max-keys 2");
        run(&mut e, t, "MGET k1 k2 k3 k4");
        assert_eq!(e.tracking.total_keys(), 4);
        run(&mut e, other, "PING");
        assert_eq!(e.tracking.total_keys(), 2);
        let out = pending(&mut e, t);
        assert_eq!(out.windows(10).filter(|w| w == b"invalidate").count(), 2);
        // Before the tracker's own command, its invalidations precede the reply.
        run(&mut e, t, "MGET k5 k6");
        let out = run(&mut e, t, "PING");
        assert!(out.starts_with(b">2\r\n$10\r\ninvalidate\r\n") && out.ends_with(b"+PONG\r\n"), "{out:?}");
        assert_eq!(e.tracking.total_keys(), 2);
    }

    /// Runs a command a second later than the engine's clock (lazy expiry without cron).
    fn run_later(e: &mut Engine, c: ClientId, cmd: &str) -> Vec<u8> {
        let args: Vec<&[u8]> = cmd.split(' ').map(|s| s.as_bytes()).collect();
        let mut out = Vec::new();
        let now = e.now_us + 1_000_000;
        e.execute(c, &args, now, &mut out);
        out
    }

    /// Checked against Redis 7.0.15 with active expiry off: a key that expires when the
    /// NOLOOP tracker itself touches it is not announced to it (default mode: it is the
    /// current client), but is to a BCAST NOLOOP client (nobody changed it).
    #[test]
    fn lazy_expiry_and_noloop() {
        let (mut e, _) = engine();
        let t = resp3_tracker(&mut e, " NOLOOP");
        run(&mut e, t, "SET e 1 PX 100");
        run(&mut e, t, "GET e");
        assert_eq!(run_later(&mut e, t, "GET e"), b"_\r\n");
        let t2 = resp3_tracker(&mut e, "");
        run(&mut e, t2, "SET g 1 PX 100");
        run(&mut e, t2, "GET g");
        assert_eq!(run_later(&mut e, t2, "GET g"), &b"_\r\n>2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\ng\r\n"[..]);
        let b = resp3_tracker(&mut e, " BCAST NOLOOP");
        run(&mut e, b, "SET f 1 PX 100");
        e.before_sleep();
        assert_eq!(pending(&mut e, b), b"");
        assert_eq!(run_later(&mut e, b, "GET f"), b"_\r\n");
        e.before_sleep();
        assert_eq!(pending(&mut e, b), &b">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nf\r\n"[..]);
    }
}
