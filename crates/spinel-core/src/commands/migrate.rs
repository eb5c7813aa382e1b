//! MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH password |
//! AUTH2 username password] [KEYS key...]: keys moved to another server as RESTORE commands
//! of their DUMP payloads, as Redis's migrateCommand does. The engine builds the request and
//! reads the replies; the host sends it (`HostInfo::migrate`: spinel-server connects with the
//! timeout and blocks, as Redis does). Keys the target acknowledged are deleted here (unless
//! COPY) and propagated as one DEL.

use super::CommandSpec;
use alloc::vec::Vec;
#[cfg(feature = "server")]
use {
    super::{acl, flags, Ctx, SYNTAX},
    crate::engine::{encode_command, Engine},
    alloc::string::String,
};

/// Only spinel-server has MIGRATE (the npm package has no sockets, and its wasm no room).
#[cfg(feature = "server")]
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new("migrate", -6, flags::WRITE | flags::MOVABLE_KEYS, acl::KEYSPACE | acl::WRITE | acl::SLOW | acl::DANGEROUS, migrate).keys(3, 3, 1),
];
#[cfg(not(feature = "server"))]
pub const COMMANDS: &[CommandSpec] = &[];

/// Why talking to the target failed (the reply says which step).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MigrateIoError {
    Connect,
    Write,
    Read,
}

/// The host's side of MIGRATE: connect to `host:port` (each step bounded by `timeout_ms`),
/// send `request` and read `replies` one-line replies. Returns the lines read (without
/// their line ends) and the error that stopped it, if any.
pub type MigrateIo = fn(host: &str, port: &str, timeout_ms: u64, request: &[u8], replies: usize) -> (Vec<Vec<u8>>, Option<MigrateIoError>);

#[cfg(feature = "server")]
fn migrate(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let (mut copy, mut replace) = (false, false);
    let mut auth: Option<(Option<&[u8]>, &[u8])> = None;
    let (mut first_key, mut num_keys) = (3usize, 1usize);
    let mut j = 6;
    while j < argv.len() {
        let more = argv.len() - 1 - j;
        let a = argv[j];
        if a.eq_ignore_ascii_case(b"copy") {
            copy = true;
        } else if a.eq_ignore_ascii_case(b"replace") {
            replace = true;
        } else if a.eq_ignore_ascii_case(b"auth") {
            if more == 0 {
                return ctx.out.error(SYNTAX);
            }
            j += 1;
            auth = Some((None, argv[j]));
        } else if a.eq_ignore_ascii_case(b"auth2") {
            if more < 2 {
                return ctx.out.error(SYNTAX);
            }
            auth = Some((Some(argv[j + 1]), argv[j + 2]));
            j += 2;
        } else if a.eq_ignore_ascii_case(b"keys") {
            if !argv[3].is_empty() {
                return ctx.out.error("ERR When using MIGRATE KEYS option, the key argument must be set to the empty string");
            }
            first_key = j + 1;
            num_keys = argv.len() - j - 1;
            break;
        } else {
            return ctx.out.error(SYNTAX);
        }
        j += 1;
    }
    let Some(mut timeout) = super::arg_i64(&mut ctx.out, argv[5]) else { return };
    let Some(dbid) = super::arg_i64(&mut ctx.out, argv[4]) else { return };
    if timeout <= 0 {
        timeout = 1000;
    }
    let db = ctx.db(e);
    let keys: Vec<&[u8]> = argv[first_key..first_key + num_keys].iter().copied().filter(|k| e.lookup_read(db, k).is_some()).collect();
    if keys.is_empty() {
        return ctx.out.simple(b"NOKEY");
    }
    let Some(io) = e.host.migrate else {
        return ctx.out.error("ERR Spinel migrates keys from spinel-server only");
    };

    // AUTH, SELECT (no connection is cached, so always), then one RESTORE per live key.
    let mut request = Vec::new();
    if let Some((user, password)) = auth {
        match user {
            Some(user) => encode_command(&mut request, &[b"AUTH", user, password]),
            None => encode_command(&mut request, &[b"AUTH", password]),
        }
    }
    let mut num = itoa::Buffer::new();
    encode_command(&mut request, &[b"SELECT", num.format(dbid).as_bytes()]);
    let now = e.now_ms();
    let mut sent: Vec<&[u8]> = Vec::with_capacity(keys.len());
    for key in keys {
        let Some(slot) = e.dbs[db].find(key) else { continue };
        let at = e.dbs[db].expire(slot);
        let ttl = match at {
            crate::keyspace::NO_EXPIRE => 0,
            at if at < now => continue,
            at => (at - now).max(1),
        };
        let payload = super::dump::dump_payload(e, &e.dbs[db].entry(slot).value);
        let ttl = itoa::Buffer::new().format(ttl).as_bytes().to_vec();
        let mut cmd: Vec<&[u8]> = alloc::vec![b"RESTORE", key, &ttl, &payload];
        if replace {
            cmd.push(b"REPLACE");
        }
        encode_command(&mut request, &cmd);
        sent.push(key);
    }
    let head = auth.is_some() as usize + 1;
    let host = core::str::from_utf8(argv[1]).unwrap_or("");
    let port = core::str::from_utf8(argv[2]).unwrap_or("");
    let (replies, failed) = io(host, port, timeout as u64, &request, head + sent.len());
    if failed == Some(MigrateIoError::Connect) {
        return ctx.out.error("IOERR error or timeout connecting to the client");
    }

    // The AUTH or SELECT error, else each RESTORE's: the first error is the reply; keys
    // acknowledged are deleted all the same.
    let head_error = replies.iter().take(head).find(|r| r.first() == Some(&b'-')).cloned();
    let mut target_error: Option<Vec<u8>> = None;
    let mut deleted: Vec<&[u8]> = alloc::vec![b"DEL"];
    for (i, key) in sent.iter().enumerate() {
        let Some(reply) = replies.get(head + i) else { break };
        if let Some(err) = head_error.as_ref().or(if reply.first() == Some(&b'-') { Some(reply) } else { None }) {
            target_error.get_or_insert_with(|| err.clone());
        } else if !copy {
            if let Some(slot) = e.dbs[db].find(key) {
                e.dbs[db].remove_slot(slot);
                e.modified(crate::notify::class::GENERIC, "del", db, key);
                e.dirty += 1;
                deleted.push(key);
            }
        }
    }
    if !copy {
        // Propagated as DEL of the keys moved (nothing when none was).
        if deleted.len() > 1 {
            e.propagate(db, &deleted);
        }
        ctx.propagated = true;
    }
    if let Some(err) = target_error {
        let text = String::from_utf8_lossy(&err[1..]);
        return ctx.out.error(&alloc::format!("ERR Target instance replied with error: {text}"));
    }
    match failed {
        Some(MigrateIoError::Write) => ctx.out.error("IOERR error or timeout writing to target instance"),
        Some(_) if replies.len() < head + sent.len() => ctx.out.error("IOERR error or timeout reading to target instance"),
        _ => ctx.out.ok(),
    }
}

#[cfg(all(test, feature = "server"))]
mod tests {
    use super::{MigrateIoError, Vec};
    use crate::engine::testing::{engine, run, run_args};

    /// A target that acknowledges every command but a RESTORE of `taken`.
    fn target(_host: &str, port: &str, _timeout: u64, request: &[u8], replies: usize) -> (Vec<Vec<u8>>, Option<MigrateIoError>) {
        if port == "1" {
            return (Vec::new(), Some(MigrateIoError::Connect));
        }
        let text = alloc::string::String::from_utf8_lossy(request);
        let mut out = Vec::new();
        for cmd in text.split("*").skip(1).take(replies) {
            if cmd.contains("RESTORE") && cmd.contains("taken") {
                out.push(b"-BUSYKEY Target key name already exists.".to_vec());
            } else {
                out.push(b"+OK".to_vec());
            }
        }
        (out, None)
    }

    #[test]
    fn migrate_moves_keys_and_reports_target_errors() {
        let (mut e, c) = engine();
        assert_eq!(run(&mut e, c, "MIGRATE h 9 k 0 100"), b"+NOKEY\r\n");
        assert_eq!(run(&mut e, c, "MIGRATE h 9 k 0 100 KEYS a"), &b"-ERR When using MIGRATE KEYS option, the key argument must be set to the empty string\r\n"[..]);
        assert_eq!(run(&mut e, c, "MIGRATE h 9 k 0 100 AUTH"), b"-ERR syntax error\r\n");
        assert_eq!(run(&mut e, c, "MIGRATE h 9 k x 100"), b"-ERR value is not an integer or out of range\r\n");
        run(&mut e, c, "SET k v");
        assert_eq!(run(&mut e, c, "MIGRATE h 9 k 0 100"), b"-ERR Spinel migrates keys from spinel-server only\r\n");
        e.host.migrate = Some(target);
        assert_eq!(run(&mut e, c, "MIGRATE h 1 k 0 100"), b"-IOERR error or timeout connecting to the client\r\n");
        assert_eq!(run(&mut e, c, "MIGRATE h 9 k 0 100 COPY"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "EXISTS k"), b":1\r\n");
        assert_eq!(run(&mut e, c, "MIGRATE h 9 k 0 100"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "EXISTS k"), b":0\r\n");
        run(&mut e, c, "MSET a 1 taken 2");
        let keys: [&[u8]; 10] = [b"MIGRATE", b"h", b"9", b"", b"0", b"100", b"KEYS", b"a", b"taken", b"missing"];
        assert_eq!(run_args(&mut e, c, &keys), &b"-ERR Target instance replied with error: BUSYKEY Target key name already exists.\r\n"[..]);
        // The key the target took is gone here; the refused one stays.
        assert_eq!(run(&mut e, c, "EXISTS a taken"), b":1\r\n");
        assert_eq!(run(&mut e, c, "GET taken"), b"$1\r\n2\r\n");
    }
}
