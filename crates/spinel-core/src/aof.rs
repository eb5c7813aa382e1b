//! The AOF rewrite in command form (`aof-use-rdb-preamble no`): the keyspace as the
//! commands that rebuild it, as Redis's `rewriteAppendOnlyFileRio` writes them (SELECT per
//! database; SET, RPUSH, SADD, ZADD, HMSET in batches of 64 items; streams as XADD, XSETID,
//! XGROUP CREATE, XCLAIM ... JUSTID FORCE and XGROUP CREATECONSUMER; PEXPIREAT for TTLs).
//! With the preamble on, the base file is an RDB snapshot instead (`rdb::file`).
//!
//! [`replay`] applies AOF-format commands (an AOF file, the change-log segments of
//! `snapshot.rs`) to an engine, finding torn tails and corruption.

use crate::client::ConnInfo;
use crate::engine::{encode_command, Engine};
use crate::{Parser, ParserLimits};
use crate::keyspace::NO_EXPIRE;
use crate::num::format_double;
use crate::value::Value;
use alloc::vec::Vec;

/// How replaying one file ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Replay {
    /// Every byte was a complete command.
    Complete,
    /// The file ends inside a command (or inside MULTI ... EXEC); valid up to this offset.
    Truncated(usize),
    /// Not the AOF format at this offset.
    Corrupt(usize),
    /// A command this server does not know, at this offset: Redis refuses such a file
    /// (replaying around it would load different data than was written).
    UnknownCommand(usize, Vec<u8>),
}

/// Checks (and, with an engine, replays) the commands of an AOF file. MULTI ... EXEC blocks
/// are applied whole at EXEC; one cut short counts as truncated at its MULTI. While it
/// replays, the engine is loading: no key expires (`Engine::loading`).
pub fn replay(data: &[u8], mut engine: Option<&mut Engine>, now_us: u64) -> Replay {
    let fake = engine.as_deref_mut().map(|e| {
        e.loading = true;
        let id = e.connect(ConnInfo::default(), now_us);
        if let Some(c) = e.client_mut(id) {
            c.authenticated = true;
        }
        id
    });
    let limits = ParserLimits { max_bulk_len: usize::MAX >> 1, ..ParserLimits::default() };
    let mut parser = Parser::new();
    let mut pos = 0;
    let mut valid = 0;
    let mut multi: Option<(usize, Vec<Vec<Vec<u8>>>)> = None;
    let mut out = Vec::new();
    let result = loop {
        if pos >= data.len() {
            break if let Some((start, _)) = multi { Replay::Truncated(start) } else { Replay::Complete };
        }
        if data[pos] == b'#' {
            // An annotation line (`#TS:<unix time>` with aof-timestamp-enabled): skipped, as
            // Redis skips it; one without its newline ends the file.
            pos = data[pos..].iter().position(|&b| b == b'\n').map_or(data.len(), |i| pos + i + 1);
            if multi.is_none() {
                valid = pos;
            }
            continue;
        }
        if data[pos] != b'*' {
            break Replay::Corrupt(pos);
        }
        match parser.parse(&data[pos..], &limits, false) {
            Ok(Some(n)) => {
                let mut argv: Vec<&[u8]> = Vec::new();
                parser.fill_argv(&data[pos..], &mut argv);
                let name = argv.first().map(|a| a.to_ascii_lowercase()).unwrap_or_default();
                if let Some(e) = engine.as_deref() {
                    if e.table.get(&name).is_none() {
                        break Replay::UnknownCommand(pos, argv.first().map_or_else(Vec::new, |a| a.to_vec()));
                    }
                }
                let start = pos;
                pos += n;
                if name == b"multi" {
                    multi = Some((start, Vec::new()));
                    continue;
                }
                if name == b"exec" {
                    if let (Some((_, cmds)), Some(e), Some(id)) = (multi.take(), engine.as_deref_mut(), fake) {
                        for cmd in cmds {
                            let args: Vec<&[u8]> = cmd.iter().map(|a| a.as_slice()).collect();
                            out.clear();
                            e.execute(id, &args, now_us, &mut out);
                        }
                    }
                    multi = None;
                    valid = pos;
                    continue;
                }
                if let Some((_, cmds)) = &mut multi {
                    cmds.push(argv.iter().map(|a| a.to_vec()).collect());
                    continue;
                }
                if let (Some(e), Some(id)) = (engine.as_deref_mut(), fake) {
                    out.clear();
                    e.execute(id, &argv, now_us, &mut out);
                }
                valid = pos;
            }
            Ok(None) => break Replay::Truncated(multi.map_or(valid, |(s, _)| s)),
            Err(_) => break Replay::Corrupt(pos),
        }
    };
    if let (Some(e), Some(id)) = (engine, fake) {
        e.disconnect(id);
        e.loading = false;
    }
    result
}

/// Where to cut AOF-format commands so they end at `to` (unix seconds): the offset of the
/// first `#TS:` annotation later than that (redis-check-aof --truncate-to-timestamp). None
/// when there is none, or the data stops being commands before one.
pub fn timestamp_cut(data: &[u8], to: u64) -> Option<usize> {
    let limits = ParserLimits { max_bulk_len: usize::MAX >> 1, ..ParserLimits::default() };
    let mut parser = Parser::new();
    let mut pos = 0;
    while pos < data.len() {
        if data[pos] == b'#' {
            let end = data[pos..].iter().position(|&b| b == b'\n').map_or(data.len(), |i| pos + i + 1);
            let line = &data[pos..end];
            let ts = line.strip_prefix(b"#TS:").and_then(|rest| rest.strip_suffix(b"\r\n")).and_then(crate::num::parse_i64);
            if ts.is_some_and(|ts| ts > to as i64) {
                return Some(pos);
            }
            pos = end;
            continue;
        }
        match parser.parse(&data[pos..], &limits, false) {
            Ok(Some(n)) => pos += n,
            _ => return None,
        }
    }
    None
}

/// Redis's AOF_REWRITE_ITEMS_PER_CMD.
const ITEMS_PER_CMD: usize = 64;

/// Emits `cmd key items...` in batches of [`ITEMS_PER_CMD`] items (`per_item` arguments each).
fn batched(out: &mut Vec<u8>, cmd: &[u8], key: &[u8], items: &[Vec<u8>], per_item: usize) {
    for chunk in items.chunks(ITEMS_PER_CMD * per_item) {
        let mut args: Vec<&[u8]> = Vec::with_capacity(chunk.len() + 2);
        args.push(cmd);
        args.push(key);
        args.extend(chunk.iter().map(|v| v.as_slice()));
        encode_command(out, &args);
    }
}

fn num(n: impl itoa::Integer) -> Vec<u8> {
    itoa::Buffer::new().format(n).as_bytes().to_vec()
}

/// Writes the commands that rebuild `e`'s keyspace, passing them to `sink` in pieces.
pub fn rewrite<E>(e: &Engine, sink: &mut dyn FnMut(&[u8]) -> Result<(), E>) -> Result<(), E> {
    let mut out = Vec::with_capacity(1 << 16);
    // The function libraries first, as Redis's rewrite writes them.
    for code in e.function_library_codes() {
        encode_command(&mut out, &[b"FUNCTION", b"LOAD", &code]);
    }
    for (i, db) in e.dbs.iter().enumerate() {
        if db.is_empty() {
            continue;
        }
        encode_command(&mut out, &[b"SELECT", &num(i)]);
        for entry in db.iter() {
            let key = entry.key.as_bytes();
            match &entry.value {
                Value::Str(s) => s.with_bytes(|v| encode_command(&mut out, &[b"SET", key, v])),
                Value::List(l) => {
                    let items: Vec<Vec<u8>> = l.iter().map(|x| x.to_vec()).collect();
                    batched(&mut out, b"RPUSH", key, &items, 1);
                }
                Value::Set(s) => {
                    let items: Vec<Vec<u8>> = s.iter().map(|m| m.to_vec()).collect();
                    batched(&mut out, b"SADD", key, &items, 1);
                }
                Value::ZSet(z) => {
                    let mut items = Vec::with_capacity(z.len() * 2);
                    z.for_each(|m, s| {
                        items.push(format_double(s).into_bytes());
                        items.push(m.to_vec());
                    });
                    batched(&mut out, b"ZADD", key, &items, 2);
                }
                Value::Hash(h) => {
                    let mut items = Vec::with_capacity(h.len() * 2);
                    for (f, v) in h.iter() {
                        items.push(f.to_vec());
                        items.push(v.to_vec());
                    }
                    batched(&mut out, b"HMSET", key, &items, 2);
                }
                Value::Stream(s) => {
                    let mut any = false;
                    s.range(crate::types::stream::StreamId::MIN, crate::types::stream::StreamId::MAX, false, |entry| {
                        any = true;
                        let id = entry.id.text();
                        let mut args: Vec<&[u8]> = alloc::vec![b"XADD", key, &id];
                        for (f, v) in entry.pairs() {
                            args.push(f);
                            args.push(v);
                        }
                        encode_command(&mut out, &args);
                        true
                    });
                    let last = s.last_id.text();
                    if !any {
                        // An empty stream: XADD with MAXLEN 0 creates it, as Redis writes it, at
                        // 0-1 (its last ID may be 0-0, which XADD refuses); XSETID then sets it.
                        encode_command(&mut out, &[b"XADD", key, b"MAXLEN", b"0", b"0-1", b"x", b"y"]);
                    }
                    let maxdel = s.max_deleted_entry_id.text();
                    encode_command(&mut out, &[b"XSETID", key, &last, b"ENTRIESADDED", &num(s.entries_added), b"MAXDELETEDID", &maxdel]);
                    for (name, g) in &s.groups {
                        let gid = g.last_id.text();
                        encode_command(&mut out, &[b"XGROUP", b"CREATE", key, name, &gid, b"ENTRIESREAD", &num(g.entries_read)]);
                        for (cname, c) in &g.consumers {
                            if c.pel.is_empty() {
                                encode_command(&mut out, &[b"XGROUP", b"CREATECONSUMER", key, name, cname]);
                            }
                            for id in &c.pel {
                                let Some(nack) = g.pel.get(id) else { continue };
                                let idt = id.text();
                                encode_command(
                                    &mut out,
                                    &[b"XCLAIM", key, name, cname, b"0", &idt, b"TIME", &num(nack.delivery_time), b"RETRYCOUNT", &num(nack.delivery_count), b"JUSTID", b"FORCE"],
                                );
                            }
                        }
                    }
                }
            }
            let expire = db.expire_of(entry);
            if expire != NO_EXPIRE {
                encode_command(&mut out, &[b"PEXPIREAT", key, &num(expire)]);
            }
            if out.len() >= 1 << 16 {
                sink(&out)?;
                out.clear();
            }
        }
    }
    sink(&out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::*;

    /// Replays a rewrite into a fresh engine and compares every key's DUMP.
    #[test]
    fn a_rewrite_rebuilds_every_type() {
        let (mut e, c) = engine();
        let mut cmds: Vec<alloc::string::String> = alloc::vec![
            "SET s v PX 100000".into(), "RPUSH l a b c".into(), "SADD st x y 1".into(), "ZADD z 1.5 a -2 b".into(),
            "HSET h f v g w".into(), "XADD x 1-1 f v".into(), "XADD x 2-2 g w".into(), "XDEL x 2-2".into(),
            "XGROUP CREATE x grp 0".into(), "XREADGROUP GROUP grp alice STREAMS x >".into(),
            "XGROUP CREATECONSUMER x grp bob".into(), "XADD empty 3-3 a b".into(), "XDEL empty 3-3".into(), "SELECT 4".into(), "SET other 1".into(),
        ];
        for i in 0..150 {
            cmds.push(alloc::format!("RPUSH big {i}"));
        }
        for cmd in &cmds {
            run(&mut e, c, cmd);
        }
        let mut aof = Vec::new();
        rewrite::<()>(&e, &mut |b| {
            aof.extend_from_slice(b);
            Ok(())
        })
        .unwrap();
        let (mut f, c2) = engine();
        let mut parser = crate::Parser::new();
        let mut pos = 0;
        while pos < aof.len() {
            let n = parser.parse(&aof[pos..], &crate::ParserLimits::default(), false).unwrap().unwrap();
            let mut argv: Vec<&[u8]> = Vec::new();
            parser.fill_argv(&aof[pos..], &mut argv);
            let reply = run_args(&mut f, c2, &argv);
            assert!(!reply.starts_with(b"-"), "{:?}: {}", argv, alloc::string::String::from_utf8_lossy(&reply));
            pos += n;
        }
        for (db, key) in [(0, "s"), (0, "l"), (0, "st"), (0, "z"), (0, "h"), (0, "big"), (4, "other")] {
            run(&mut e, c, &alloc::format!("SELECT {db}"));
            run(&mut f, c2, &alloc::format!("SELECT {db}"));
            assert_eq!(run(&mut f, c2, &alloc::format!("DUMP {key}")), run(&mut e, c, &alloc::format!("DUMP {key}")), "{key}");
        }
        run(&mut e, c, "SELECT 0");
        run(&mut f, c2, "SELECT 0");
        for cmd in ["XINFO STREAM x FULL", "XINFO STREAM empty", "XINFO GROUPS x", "PTTL s"] {
            assert_eq!(run(&mut f, c2, cmd), run(&mut e, c, cmd), "{cmd}");
        }
    }
}
