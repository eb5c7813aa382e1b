//! Sockets: the listeners Spinel serves on (TCP addresses from `bind`/`port`, and the unix
//! socket of `unixsocket`) and a client's stream over either, so the event loop and the
//! connections do not care which one a client came through.

use crate::config::os_error_text;
use mio::event::Source;
use mio::net::{TcpListener, TcpStream, UnixListener, UnixStream};
use mio::{Interest, Registry, Token};
use socket2::{Domain, SockAddr, Socket, Type};
use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::os::fd::{AsRawFd, RawFd};
use tracing::{debug, warn};

/// At most this many listeners (Redis's CONFIG_BINDADDR_MAX is 16; tokens below this are
/// listeners').
pub const MAX_LISTENERS: usize = 64;

/// A client's connection.
pub enum Stream {
    Tcp(TcpStream),
    Unix(UnixStream),
}

/// A listening socket.
pub enum Listener {
    Tcp(TcpListener),
    /// The socket and its path (removed at shutdown).
    Unix(UnixListener, String),
}

/// A connection just accepted.
pub struct Accepted {
    pub stream: Stream,
    /// Peer and local address as CLIENT LIST shows them (`path:0` for the unix socket).
    pub addr: String,
    pub laddr: String,
    /// From this machine (loopback or the unix socket): protected mode lets it in.
    pub local: bool,
}

impl Listener {
    pub fn accept(&self) -> io::Result<Accepted> {
        match self {
            Listener::Tcp(l) => {
                let (stream, peer) = l.accept()?;
                let laddr = stream.local_addr().map(|a| a.to_string()).unwrap_or_default();
                Ok(Accepted { addr: peer.to_string(), laddr, local: peer.ip().is_loopback(), stream: Stream::Tcp(stream) })
            }
            Listener::Unix(l, path) => {
                let (stream, _) = l.accept()?;
                let addr = format!("{path}:0");
                Ok(Accepted { laddr: addr.clone(), addr, local: true, stream: Stream::Unix(stream) })
            }
        }
    }
}

impl Stream {
    pub fn is_unix(&self) -> bool {
        matches!(self, Stream::Unix(_))
    }
}

impl Read for Stream {
    #[inline]
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Tcp(s) => s.read(buf),
            Stream::Unix(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Tcp(s) => s.write(buf),
            Stream::Unix(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl AsRawFd for Stream {
    fn as_raw_fd(&self) -> RawFd {
        match self {
            Stream::Tcp(s) => s.as_raw_fd(),
            Stream::Unix(s) => s.as_raw_fd(),
        }
    }
}

/// mio registration of either kind of socket.
macro_rules! source_of_either {
    ($ty:ident, $a:ident, $b:ident) => {
        impl Source for $ty {
            fn register(&mut self, r: &Registry, t: Token, i: Interest) -> io::Result<()> {
                match self {
                    $ty::$a(s, ..) => s.register(r, t, i),
                    $ty::$b(s, ..) => s.register(r, t, i),
                }
            }
            fn reregister(&mut self, r: &Registry, t: Token, i: Interest) -> io::Result<()> {
                match self {
                    $ty::$a(s, ..) => s.reregister(r, t, i),
                    $ty::$b(s, ..) => s.reregister(r, t, i),
                }
            }
            fn deregister(&mut self, r: &Registry) -> io::Result<()> {
                match self {
                    $ty::$a(s, ..) => s.deregister(r),
                    $ty::$b(s, ..) => s.deregister(r),
                }
            }
        }
    };
}
source_of_either!(Stream, Tcp, Unix);
source_of_either!(Listener, Tcp, Unix);

/// Listens on the unix socket `path` (a stale file there is replaced, as Redis does), with
/// the permissions `perm` when not 0. The error is Redis's text after "Failed opening Unix
/// socket: ".
pub fn listen_unix(path: &str, perm: u32, backlog: i32) -> Result<Listener, String> {
    // sun_path holds 108 bytes with the terminating NUL.
    if path.len() >= 108 {
        return Err(format!("unix socket path too long ({}), must be under 108", path.len()));
    }
    let _ = std::fs::remove_file(path);
    let addr = SockAddr::unix(path).map_err(|e| format!("bind: {}", os_error_text(&e)))?;
    let sock = Socket::new(Domain::UNIX, Type::STREAM, None).map_err(|e| format!("creating socket: {}", os_error_text(&e)))?;
    sock.bind(&addr).map_err(|e| format!("bind: {}", os_error_text(&e)))?;
    sock.listen(backlog).map_err(|e| format!("listen: {}", os_error_text(&e)))?;
    if perm != 0 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(perm)).map_err(|e| format!("chmod: {}", os_error_text(&e)))?;
    }
    sock.set_nonblocking(true).map_err(|e| format!("set nonblock: {}", os_error_text(&e)))?;
    Ok(Listener::Unix(UnixListener::from_std(std::os::unix::net::UnixListener::from(std::os::fd::OwnedFd::from(sock))), path.to_string()))
}

/// Binds every address of `bind` (Redis syntax: `-` marks an address that may be missing,
/// `*` all IPv4, `::*` all IPv6; an empty list means both of those).
pub fn listen_tcp(bind: &str, port: u16, backlog: i32) -> Result<Vec<Listener>, ()> {
    let addrs: Vec<&str> = if bind.trim().is_empty() {
        vec!["*", "-::*"]
    } else {
        bind.split_whitespace().collect()
    };
    let mut out = Vec::new();
    for spec in addrs {
        let (optional, addr) = match spec.strip_prefix('-') {
            Some(a) => (true, a),
            None => (false, spec),
        };
        match bind_one(addr, port, backlog) {
            Ok(l) => out.push(Listener::Tcp(l)),
            Err((stage, e)) => {
                let missing = matches!(
                    e.raw_os_error(),
                    Some(
                        libc::EADDRNOTAVAIL
                            | libc::EAFNOSUPPORT
                            | libc::EPROTONOSUPPORT
                            | libc::ESOCKTNOSUPPORT
                            | libc::EPFNOSUPPORT
                            | libc::ENOPROTOOPT
                    )
                );
                if optional && missing {
                    debug!(
                        "Skipping optional bind address {addr}: {}",
                        os_error_text(&e)
                    );
                    continue;
                }
                warn!("Warning: Could not create server TCP listening socket {addr}:{port}: {stage}: {}", os_error_text(&e));
                warn!("Failed listening on port {port} (tcp), aborting.");
                return Err(());
            }
        }
        if out.len() >= MAX_LISTENERS {
            warn!("Too many bind addresses specified.");
            return Err(());
        }
    }
    Ok(out)
}

fn bind_one(addr: &str, port: u16, backlog: i32) -> Result<TcpListener, (&'static str, io::Error)> {
    let ip = match addr {
        "*" => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        "::*" => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
        a => match a.trim_matches(|c| c == '[' || c == ']').parse::<IpAddr>() {
            Ok(ip) => ip,
            Err(_) => (a, port)
                .to_socket_addrs()
                .map_err(|e| ("getaddrinfo", e))?
                .next()
                .ok_or((
                    "getaddrinfo",
                    io::Error::from_raw_os_error(libc::EADDRNOTAVAIL),
                ))?
                .ip(),
        },
    };
    let sa = SocketAddr::new(ip, port);
    let sock = Socket::new(
        Domain::for_address(sa),
        Type::STREAM,
        Some(socket2::Protocol::TCP),
    )
    .map_err(|e| ("creating socket", e))?;
    sock.set_reuse_address(true)
        .map_err(|e| ("setsockopt SO_REUSEADDR", e))?;
    if sa.is_ipv6() {
        // `::` must not also take IPv4: `*` binds that separately.
        sock.set_only_v6(true).map_err(|e| ("setsockopt", e))?;
    }
    sock.bind(&sa.into()).map_err(|e| ("bind", e))?;
    sock.listen(backlog).map_err(|e| ("listen", e))?;
    sock.set_nonblocking(true)
        .map_err(|e| ("set nonblock", e))?;
    Ok(TcpListener::from_std(sock.into()))
}

