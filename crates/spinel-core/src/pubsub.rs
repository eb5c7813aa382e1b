//! Pub/Sub: who listens to what, and delivering messages.
//!
//! Three namespaces as in Redis: channels (SUBSCRIBE/PUBLISH), patterns (PSUBSCRIBE, matched
//! with Redis's glob against every published channel) and shard channels (SSUBSCRIBE/
//! SPUBLISH; with one shard they behave as plain channels with their own names). The server
//! side maps each channel or pattern to its subscribers in subscription order; each client
//! keeps its own sets so it can count and drop them.
//!
//! Messages are written as RESP into the subscriber's pending output (RESP3 clients get
//! pushes). A message for the client whose command is running goes before that command's
//! reply, as in Redis: see [`Engine::deliver`].

use crate::client::ClientId;
use crate::engine::Engine;
use crate::glob::glob_match;
use crate::resp::writer::{Protocol, Reply};
use alloc::vec::Vec;
use hashbrown::{HashMap, HashSet};

type Hasher = foldhash::fast::FixedState;

/// The server's subscription tables.
pub struct PubSub {
    pub(crate) channels: HashMap<Vec<u8>, Vec<ClientId>, Hasher>,
    pub(crate) patterns: HashMap<Vec<u8>, Vec<ClientId>, Hasher>,
    pub(crate) shard_channels: HashMap<Vec<u8>, Vec<ClientId>, Hasher>,
}

impl PubSub {
    pub fn new(seed: u64) -> Self {
        PubSub {
            channels: HashMap::with_hasher(Hasher::with_seed(seed)),
            patterns: HashMap::with_hasher(Hasher::with_seed(seed ^ 1)),
            shard_channels: HashMap::with_hasher(Hasher::with_seed(seed ^ 2)),
        }
    }

    /// PUBSUB NUMPAT: distinct patterns with at least one subscriber.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }
}

/// One client's subscriptions.
#[derive(Default)]
pub struct ClientSubs {
    pub channels: HashSet<Vec<u8>, Hasher>,
    /// In subscription order: PUNSUBSCRIBE without arguments replies in this order.
    pub patterns: Vec<Vec<u8>>,
    pub shard_channels: HashSet<Vec<u8>, Hasher>,
}

impl ClientSubs {
    /// Channels plus patterns: the count SUBSCRIBE/PSUBSCRIBE replies carry.
    pub fn count(&self) -> usize {
        self.channels.len() + self.patterns.len()
    }

    /// Whether the client is in subscribed mode (RESP2 restricts its commands).
    pub fn active(&self) -> bool {
        self.count() + self.shard_channels.len() > 0
    }
}

/// The three kinds of subscription, with the words Redis uses for each.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Channel,
    Pattern,
    Shard,
}

impl Kind {
    fn subscribe_word(self) -> &'static [u8] {
        match self {
            Kind::Channel => b"subscribe",
            Kind::Pattern => b"psubscribe",
            Kind::Shard => b"ssubscribe",
        }
    }
    fn unsubscribe_word(self) -> &'static [u8] {
        match self {
            Kind::Channel => b"unsubscribe",
            Kind::Pattern => b"punsubscribe",
            Kind::Shard => b"sunsubscribe",
        }
    }
}

/// Writes a pub/sub frame header: an array in RESP2, a push in RESP3.
fn frame(out: &mut Vec<u8>, proto: Protocol, n: usize) {
    let mut r = Reply::new(out, proto);
    if proto == Protocol::Resp3 {
        r.push(n);
    } else {
        r.array(n);
    }
}

impl Engine {
    /// Output for `client` produced outside its own reply. For the client whose command is
    /// running it is kept aside and placed before that command's reply.
    pub(crate) fn deliver(&mut self, client: ClientId, bytes: &[u8]) {
        if self.running_client == Some(client) {
            self.self_pushes.extend_from_slice(bytes);
            return;
        }
        if let Some(c) = self.clients.get_mut(client) {
            c.pending.extend_from_slice(bytes);
            self.clients.mark_ready(client);
        }
    }

    fn subs_count(&self, client: ClientId, kind: Kind) -> usize {
        self.clients.get(client).map_or(0, |c| match kind {
            Kind::Shard => c.subs.shard_channels.len(),
            _ => c.subs.count(),
        })
    }

    /// Writes a (un)subscribe confirmation into the caller's reply.
    fn confirm(out: &mut Reply, word: &[u8], name: Option<&[u8]>, count: usize) {
        frame(out.buf, out.proto, 3);
        out.bulk(word);
        match name {
            Some(n) => out.bulk(n),
            None => out.null(),
        }
        out.int(count as i64);
    }

    /// SUBSCRIBE / PSUBSCRIBE / SSUBSCRIBE of one name for the caller.
    pub(crate) fn subscribe(&mut self, client: ClientId, kind: Kind, name: &[u8], out: &mut Reply) {
        let Some(c) = self.clients.get_mut(client) else { return };
        let added = match kind {
            Kind::Channel => c.subs.channels.insert(name.to_vec()),
            Kind::Shard => c.subs.shard_channels.insert(name.to_vec()),
            Kind::Pattern => {
                if c.subs.patterns.iter().any(|p| p == name) {
                    false
                } else {
                    c.subs.patterns.push(name.to_vec());
                    true
                }
            }
        };
        if added {
            self.table_mut(kind).entry(name.to_vec()).or_default().push(client);
        }
        let count = self.subs_count(client, kind);
        Self::confirm(out, kind.subscribe_word(), Some(name), count);
    }

    fn table_mut(&mut self, kind: Kind) -> &mut HashMap<Vec<u8>, Vec<ClientId>, Hasher> {
        match kind {
            Kind::Channel => &mut self.pubsub.channels,
            Kind::Pattern => &mut self.pubsub.patterns,
            Kind::Shard => &mut self.pubsub.shard_channels,
        }
    }

    /// Drops one subscription; true if the client had it.
    fn drop_subscription(&mut self, client: ClientId, kind: Kind, name: &[u8]) -> bool {
        let Some(c) = self.clients.get_mut(client) else { return false };
        let had = match kind {
            Kind::Channel => c.subs.channels.remove(name),
            Kind::Shard => c.subs.shard_channels.remove(name),
            Kind::Pattern => match c.subs.patterns.iter().position(|p| p == name) {
                Some(i) => {
                    c.subs.patterns.remove(i);
                    true
                }
                None => false,
            },
        };
        if had {
            let table = self.table_mut(kind);
            if let Some(list) = table.get_mut(name) {
                list.retain(|&x| x != client);
                if list.is_empty() {
                    table.remove(name);
                }
            }
        }
        had
    }

    /// UNSUBSCRIBE / PUNSUBSCRIBE / SUNSUBSCRIBE: the named ones, or all when `names` is
    /// empty (with one reply carrying a null name when there was nothing to drop).
    pub(crate) fn unsubscribe(&mut self, client: ClientId, kind: Kind, names: &[&[u8]], out: Option<&mut Reply>) {
        let all: Vec<Vec<u8>>;
        let names: Vec<&[u8]> = if names.is_empty() {
            all = match self.clients.get(client) {
                Some(c) => match kind {
                    Kind::Channel => c.subs.channels.iter().cloned().collect(),
                    Kind::Shard => c.subs.shard_channels.iter().cloned().collect(),
                    Kind::Pattern => c.subs.patterns.clone(),
                },
                None => Vec::new(),
            };
            all.iter().map(|v| v.as_slice()).collect()
        } else {
            names.to_vec()
        };
        let mut out = out;
        for name in &names {
            self.drop_subscription(client, kind, name);
            if let Some(out) = out.as_deref_mut() {
                let count = self.subs_count(client, kind);
                Self::confirm(out, kind.unsubscribe_word(), Some(name), count);
            }
        }
        if names.is_empty() {
            if let Some(out) = out {
                let count = self.subs_count(client, kind);
                Self::confirm(out, kind.unsubscribe_word(), None, count);
            }
        }
    }

    /// Drops every subscription of a client (disconnect, RESET), without replies.
    pub(crate) fn unsubscribe_all(&mut self, client: ClientId) {
        if !self.clients.get(client).is_some_and(|c| c.subs.active()) {
            return;
        }
        for kind in [Kind::Channel, Kind::Pattern, Kind::Shard] {
            self.unsubscribe(client, kind, &[], None);
        }
    }

    /// PUBLISH: delivers to channel subscribers and matching patterns; returns the number
    /// of receptions.
    pub fn publish(&mut self, channel: &[u8], message: &[u8]) -> usize {
        let mut n = 0;
        let mut msg = [Vec::new(), Vec::new()];
        // The subscriber list is lent out while delivering (delivery never changes it), so a
        // publish allocates nothing per message.
        if let Some(list) = self.pubsub.channels.get_mut(channel).map(core::mem::take) {
            for &client in &list {
                let proto = self.protocol(client);
                let buf = &mut msg[proto as usize];
                if buf.is_empty() {
                    frame(buf, proto, 3);
                    let mut r = Reply::new(buf, proto);
                    r.bulk(b"message");
                    r.bulk(channel);
                    r.bulk(message);
                }
                let bytes = core::mem::take(&mut msg[proto as usize]);
                self.deliver(client, &bytes);
                msg[proto as usize] = bytes;
                n += 1;
            }
            if let Some(slot) = self.pubsub.channels.get_mut(channel) {
                *slot = list;
            }
        }
        if !self.pubsub.patterns.is_empty() {
            let matches: Vec<(Vec<u8>, Vec<ClientId>)> = self
                .pubsub
                .patterns
                .iter()
                .filter(|(p, _)| glob_match(p, channel, false))
                .map(|(p, l)| (p.clone(), l.clone()))
                .collect();
            for (pattern, list) in matches {
                for client in list {
                    let proto = self.protocol(client);
                    let mut buf = Vec::new();
                    frame(&mut buf, proto, 4);
                    let mut r = Reply::new(&mut buf, proto);
                    r.bulk(b"pmessage");
                    r.bulk(&pattern);
                    r.bulk(channel);
                    r.bulk(message);
                    self.deliver(client, &buf);
                    n += 1;
                }
            }
        }
        n
    }

    /// SPUBLISH: delivers to shard-channel subscribers.
    pub fn spublish(&mut self, channel: &[u8], message: &[u8]) -> usize {
        let Some(list) = self.pubsub.shard_channels.get(channel) else { return 0 };
        let list = list.clone();
        for &client in &list {
            let proto = self.protocol(client);
            let mut buf = Vec::new();
            frame(&mut buf, proto, 3);
            let mut r = Reply::new(&mut buf, proto);
            r.bulk(b"smessage");
            r.bulk(channel);
            r.bulk(message);
            self.deliver(client, &buf);
        }
        list.len()
    }

    /// Whether a client has any subscription (RESP2 subscribed mode, the pubsub
    /// output-buffer class).
    pub fn is_subscriber(&self, client: ClientId) -> bool {
        self.clients.get(client).is_some_and(|c| c.subs.active())
    }
}
