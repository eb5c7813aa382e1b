//! Connected clients as the engine sees them: protocol, selected db, name, auth, and
//! the output the engine produced for them outside their own command (pushes, unblocked
//! replies), which the host drains.

use crate::resp::writer::Protocol;
use alloc::string::String;
use alloc::vec::Vec;

/// A handle to a connected client: its slot in the engine's client table.
/// Stable while the client is connected; the host keeps it beside its socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClientId(pub u32);

/// How a client is connected, as the host tells the engine (CLIENT LIST fields).
#[derive(Clone, Debug, Default)]
pub struct ConnInfo {
    /// Peer address, "ip:port" or a unix socket path.
    pub addr: String,
    /// Local address.
    pub laddr: String,
    /// File descriptor, or -1 when the client has none (in-process hosts).
    pub fd: i64,
    /// Connected through the unix socket (`addr` is then `path:0`): CLIENT LIST's flag U.
    pub unix_socket: bool,
}

/// Buffer figures the host reports for CLIENT LIST / INFO clients.
#[derive(Clone, Copy, Debug, Default)]
pub struct IoStats {
    pub qbuf: usize,
    pub qbuf_free: usize,
    pub obl: usize,
    pub oll: usize,
    pub omem: usize,
}

pub struct Client {
    /// CLIENT ID: unique, increasing.
    pub id: u64,
    pub db: usize,
    pub proto: Protocol,
    pub name: Vec<u8>,
    pub lib_name: Vec<u8>,
    pub lib_ver: Vec<u8>,
    pub authenticated: bool,
    /// The ACL user this connection runs as (the `default` user until AUTH).
    pub user: crate::acl::UserId,
    pub conn: ConnInfo,
    pub created_ms: u64,
    pub last_interaction_ms: u64,
    /// Full name of the last command run (`client|list`), for CLIENT LIST.
    pub last_cmd: &'static str,
    pub io: IoStats,
    /// Output produced for this client outside its own reply; the host drains it.
    pub pending: Vec<u8>,
    /// The engine asks the host to close this connection (CLIENT KILL) once `pending` is flushed.
    pub close_requested: bool,
    /// The host closed the connection while its script ran: the client goes when the
    /// script ends (see `Engine::disconnect`).
    pub(crate) gone: bool,
    /// Queued in the engine's ready list.
    pub(crate) queued: bool,
    /// The open transaction (MULTI ... EXEC), if any.
    pub(crate) multi: Option<crate::multi::MultiState>,
    /// Keys this client WATCHes, and whether one of them changed since.
    pub(crate) watched: Vec<crate::multi::WatchedKey>,
    pub(crate) dirty_cas: bool,
    /// Client-side caching state while CLIENT TRACKING is on.
    pub(crate) tracking: Option<crate::tracking::ClientTracking>,
    /// Pub/Sub subscriptions.
    pub(crate) subs: crate::pubsub::ClientSubs,
    /// MONITOR: receives every command the server runs.
    pub(crate) monitor: bool,
    /// CLIENT NO-EVICT.
    pub(crate) no_evict: bool,
    /// CLIENT NO-TOUCH: reads leave keys' LRU/LFU data alone (Redis 7.2).
    pub(crate) no_touch: bool,
    /// CLIENT REPLY OFF, and SKIP (for this command / for the next one).
    pub(crate) reply_off: bool,
    pub(crate) reply_skip: bool,
    pub(crate) reply_skip_next: bool,
    /// REPLCONF options, and the replica state once SYNC/PSYNC made it one (repl.rs).
    pub(crate) repl: Option<alloc::boxed::Box<crate::repl::ReplicaConf>>,
    /// The connection to this server's master (replica.rs): its stream runs here.
    pub(crate) master: bool,
    /// The replication offset after this client's last command (WAIT waits for it).
    #[cfg(feature = "server")]
    pub(crate) woff: u64,
}

impl Client {
    pub fn new(id: u64, conn: ConnInfo, now_ms: u64, authenticated: bool) -> Self {
        Client {
            id,
            db: 0,
            proto: Protocol::Resp2,
            name: Vec::new(),
            lib_name: Vec::new(),
            lib_ver: Vec::new(),
            authenticated,
            user: crate::acl::DEFAULT_USER,
            conn,
            created_ms: now_ms,
            last_interaction_ms: now_ms,
            last_cmd: "NULL",
            io: IoStats::default(),
            pending: Vec::new(),
            close_requested: false,
            gone: false,
            queued: false,
            multi: None,
            watched: Vec::new(),
            dirty_cas: false,
            tracking: None,
            subs: Default::default(),
            monitor: false,
            no_evict: false,
            no_touch: false,
            reply_off: false,
            reply_skip: false,
            reply_skip_next: false,
            repl: None,
            master: false,
            #[cfg(feature = "server")]
            woff: 0,
        }
    }
}

/// The client table: a slab of clients plus the list of those with something for the host.
#[derive(Default)]
pub struct Clients {
    slots: Vec<Option<Client>>,
    free: Vec<u32>,
    next_id: u64,
    count: usize,
    ready: Vec<ClientId>,
}

impl Clients {
    pub fn add(&mut self, conn: ConnInfo, now_ms: u64, authenticated: bool) -> ClientId {
        self.next_id += 1;
        let c = Client::new(self.next_id, conn, now_ms, authenticated);
        self.count += 1;
        match self.free.pop() {
            Some(i) => {
                self.slots[i as usize] = Some(c);
                ClientId(i)
            }
            None => {
                self.slots.push(Some(c));
                ClientId((self.slots.len() - 1) as u32)
            }
        }
    }

    pub fn remove(&mut self, id: ClientId) -> Option<Client> {
        let c = self.slots.get_mut(id.0 as usize)?.take()?;
        self.free.push(id.0);
        self.count -= 1;
        self.ready.retain(|&r| r != id);
        Some(c)
    }

    #[inline]
    pub fn get(&self, id: ClientId) -> Option<&Client> {
        self.slots.get(id.0 as usize)?.as_ref()
    }

    #[inline]
    pub fn get_mut(&mut self, id: ClientId) -> Option<&mut Client> {
        self.slots.get_mut(id.0 as usize)?.as_mut()
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = (ClientId, &Client)> {
        self.slots.iter().enumerate().filter_map(|(i, c)| c.as_ref().map(|c| (ClientId(i as u32), c)))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (ClientId, &mut Client)> {
        self.slots.iter_mut().enumerate().filter_map(|(i, c)| c.as_mut().map(|c| (ClientId(i as u32), c)))
    }

    /// Marks a client as having output or a state change for the host.
    pub fn mark_ready(&mut self, id: ClientId) {
        if let Some(c) = self.get_mut(id) {
            if !c.queued {
                c.queued = true;
                self.ready.push(id);
            }
        }
    }

    pub fn take_ready(&mut self) -> Vec<ClientId> {
        let ready = core::mem::take(&mut self.ready);
        for &id in &ready {
            if let Some(c) = self.get_mut(id) {
                c.queued = false;
            }
        }
        ready
    }

    pub fn has_ready(&self) -> bool {
        !self.ready.is_empty()
    }
}
