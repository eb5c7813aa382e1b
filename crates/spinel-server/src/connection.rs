//! One client connection: its socket, parser, and the input and output it could not
//! finish with yet.
//!
//! Most of the time a connection owns no buffers at all: the server reads into one shared
//! buffer, runs every complete command straight from it, writes the replies (built in one
//! shared output buffer) with one write, and only what is left over — a partial command, a
//! reply the socket would not take — is copied into the connection's own `input` / `out`.
//! Thousands of idle clients then cost a few hundred bytes each, and the hot buffers stay
//! in cache.

use crate::net::Stream;
use spinel_core::{ClientId, Engine, Outcome, Parser, ParserLimits};
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::unix::fs::FileExt;
use std::rc::Rc;

/// Least free space offered to one read.
pub const READ_CHUNK: usize = 16 * 1024;
/// Own buffers larger than this are released once empty rather than kept.
const KEEP_CAPACITY: usize = 64 * 1024;
/// Bytes of a replica's RDB file read into the output at a time, and at most per flush (the
/// loop then serves others and comes back: a fast replica must not hold it for the whole file).
const RDB_CHUNK: usize = 64 * 1024;
const RDB_PER_FLUSH: u64 = 1 << 20;
/// Argument slots the shared argv keeps between commands.
const KEEP_ARGV: usize = 4096;

/// Input not yet consumed: `data[start..end]`. `data` is fully initialised (zeroed once when
/// it grows) so reads go straight into its tail without unsafe code or re-zeroing.
#[derive(Default)]
pub struct InBuf {
    data: Vec<u8>,
    start: usize,
    end: usize,
}

impl InBuf {
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn capacity(&self) -> usize {
        self.data.len()
    }

    #[inline]
    pub fn bytes(&self) -> &[u8] {
        &self.data[self.start..self.end]
    }

    pub fn consume(&mut self, n: usize) {
        self.start += n;
        if self.start >= self.end {
            self.clear();
        }
    }

    pub fn clear(&mut self) {
        self.start = 0;
        self.end = 0;
        if self.data.len() > KEEP_CAPACITY {
            self.data = Vec::new();
        }
    }

    /// Frees the buffer of an idle connection; true if there was one to free.
    pub fn release_if_empty(&mut self) -> bool {
        if self.is_empty() && !self.data.is_empty() {
            self.start = 0;
            self.end = 0;
            self.data = Vec::new();
            return true;
        }
        false
    }

    /// Makes room for at least `need` more bytes after `end`, doubling the buffer but not
    /// past `cap` (the command's announced size, when known: a 300 MB value takes 300 MB,
    /// not 512; client eviction counts the buffer).
    fn reserve(&mut self, need: usize, cap: usize) {
        if self.data.len() - self.end >= need {
            return;
        }
        if self.start > 0 {
            // Keep the unconsumed bytes at the front: the parser's offsets are relative to them.
            self.data.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.data.len() - self.end < need {
            let len = (self.end + need).max((self.data.len() * 2).min(cap)).max(READ_CHUNK);
            self.data.resize(len, 0);
        }
    }

    pub fn extend_from_slice(&mut self, bytes: &[u8]) {
        self.reserve(bytes.len(), usize::MAX);
        self.data[self.end..self.end + bytes.len()].copy_from_slice(bytes);
        self.end += bytes.len();
    }

    /// One read into the tail; `wanted` is the size the parser says the current command
    /// needs in total (0 when unknown). The buffer grows towards it at most by what has
    /// arrived so far (doubling, from 64 KiB): it is zeroed when it grows, so sizing it to a
    /// bulk's announced length would make a client that only announces 512 MB cost 512 MB of
    /// memory and the time to zero it. Returns the bytes read and the space that was offered.
    pub fn read_from(
        &mut self,
        stream: &mut Stream,
        wanted: usize,
    ) -> io::Result<(usize, usize)> {
        let ahead = wanted.saturating_sub(self.len()).min(self.len().max(4 * READ_CHUNK));
        let need = ahead.max(READ_CHUNK);
        self.reserve(need, if wanted > 0 { wanted } else { usize::MAX });
        let space = self.data.len() - self.end;
        let n = stream.read(&mut self.data[self.end..])?;
        self.end += n;
        Ok((n, space))
    }
}

/// Why command processing for a connection stopped.
#[derive(Debug, PartialEq, Eq)]
pub enum Stop {
    /// Every complete command ran; the rest (if any) is a partial command.
    NeedMore,
    Blocked,
    Running,
    Close,
    Shutdown,
    /// The replies outgrew the client class's hard output limit: the client is closed
    /// without them, and its later commands do not run (Redis's CLIENT_CLOSE_ASAP).
    OutputLimit,
    /// A protocol error: its text, to send as an error reply before closing.
    Protocol(String),
}

pub struct Conn {
    pub stream: Stream,
    pub id: ClientId,
    /// Distinguishes this connection from an earlier one with the same ClientId slot,
    /// so a stale event for a closed connection is ignored.
    pub generation: u32,
    pub parser: Parser,
    pub input: InBuf,
    /// Output the socket has not taken yet: `out[out_pos..]`. Empty most of the time.
    pub out: Vec<u8>,
    pub out_pos: usize,
    /// Waiting for a blocking command's reply: input is buffered, not run.
    pub blocked: bool,
    /// A long command (script) is being resumed in slices: input waits.
    pub running: bool,
    /// Close once `out` is flushed (QUIT, protocol error, CLIENT KILL).
    pub close_after_write: bool,
    /// Peer address, for logs.
    pub addr: String,
    /// Since when (unix seconds) the output has been over the soft limit, if it is.
    pub over_soft_limit_since: Option<u64>,
    /// A replica's RDB being sent from its file, after `out`.
    pub rdb: Option<RdbSend>,
    /// The RDB's last byte went into `out`: the engine is to be told.
    pub rdb_sent: bool,
    /// RDB bytes the last flush moved into `out` (for the output byte count).
    pub rdb_loaded: u64,
    /// Its memory as last counted in the sum maxmemory-clients watches (0: not counted).
    pub mem_counted: usize,
}

/// The part of a replica's RDB file still to send.
pub struct RdbSend {
    pub file: Rc<File>,
    pub pos: u64,
    pub len: u64,
}

impl Conn {
    pub fn new(stream: Stream, id: ClientId, generation: u32, addr: String) -> Self {
        Conn {
            stream,
            id,
            generation,
            parser: Parser::new(),
            input: InBuf::default(),
            out: Vec::new(),
            out_pos: 0,
            blocked: false,
            running: false,
            close_after_write: false,
            addr,
            over_soft_limit_since: None,
            rdb: None,
            rdb_sent: false,
            rdb_loaded: 0,
            mem_counted: 0,
        }
    }

    /// Bytes written for the client that the socket has not taken.
    #[inline]
    pub fn unsent(&self) -> usize {
        self.out.len() - self.out_pos
    }

    /// Checks the output against a class's limits (Redis's `checkClientOutputBufferLimits`):
    /// true if the client must be closed. As in Redis, the soft limit counts in whole
    /// seconds of the unix clock and closes once more than `soft_seconds` have passed.
    /// `held`: output the engine holds for the client (a replica's stream behind its RDB).
    pub fn over_output_limit(&mut self, limit: spinel_core::config::OutputBufferLimit, now_us: u64, held: usize) -> bool {
        // (A replica's RDB, read from its file a chunk at a time, is not counted, as in Redis.)
        let unsent = if self.rdb.is_some() { 0 } else { self.unsent() };
        let used = (unsent + held) as u64;
        if limit.hard > 0 && used >= limit.hard {
            return true;
        }
        if limit.soft > 0 && used >= limit.soft {
            let now_s = now_us / 1_000_000;
            let since = *self.over_soft_limit_since.get_or_insert(now_s);
            // (A unix clock set back must not underflow.)
            return now_s.saturating_sub(since) > limit.soft_seconds;
        }
        self.over_soft_limit_since = None;
        false
    }

    /// Input must wait (blocked or running command).
    #[inline]
    pub fn paused(&self) -> bool {
        self.blocked || self.running
    }

    #[inline]
    pub fn has_output(&self) -> bool {
        self.out_pos < self.out.len() || self.rdb.is_some()
    }

    /// Writes as much pending output as the socket takes (a replica's RDB file a chunk at a
    /// time). Ok(true) when all is written.
    pub fn flush(&mut self) -> io::Result<bool> {
        loop {
            while self.out_pos < self.out.len() {
                match self.stream.write(&self.out[self.out_pos..]) {
                    Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                    Ok(n) => self.out_pos += n,
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            let Some(send) = self.rdb.as_mut() else { break };
            if self.rdb_loaded >= RDB_PER_FLUSH {
                return Ok(false);
            }
            let n = (send.len - send.pos).min(RDB_CHUNK as u64) as usize;
            self.out.clear();
            self.out.resize(n, 0);
            self.out_pos = 0;
            send.file.read_exact_at(&mut self.out, send.pos)?;
            send.pos += n as u64;
            self.rdb_loaded += n as u64;
            if send.pos == send.len {
                self.rdb = None;
                self.rdb_sent = true;
            }
        }
        self.out_pos = 0;
        if self.out.capacity() > KEEP_CAPACITY {
            self.out = Vec::new();
        } else {
            self.out.clear();
        }
        Ok(true)
    }

    /// Sends a batch of replies built in the shared buffer `shared` (emptied on return):
    /// one write; what the socket does not take moves into the connection's own buffer
    /// (by swapping when it is large, so a big reply is never copied).
    pub fn send_shared(&mut self, shared: &mut Vec<u8>) -> io::Result<()> {
        debug_assert!(!self.has_output());
        if shared.is_empty() {
            return Ok(());
        }
        let mut written = 0;
        while written < shared.len() {
            match self.stream.write(&shared[written..]) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => written += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    shared.clear();
                    return Err(e);
                }
            }
        }
        if written < shared.len() {
            let rest = shared.len() - written;
            if rest > KEEP_CAPACITY {
                std::mem::swap(&mut self.out, shared);
                self.out_pos = written;
                *shared = Vec::with_capacity(READ_CHUNK);
            } else {
                self.out.clear();
                self.out.extend_from_slice(&shared[written..]);
                self.out_pos = 0;
            }
        }
        if shared.capacity() > 4 * KEEP_CAPACITY {
            *shared = Vec::with_capacity(READ_CHUNK);
        } else {
            shared.clear();
        }
        Ok(())
    }
}

/// Turns an empty argument vector back into one of any lifetime, keeping its allocation:
/// the command loop reuses one `Vec<&[u8]>` whose borrows change every command. With the
/// vector empty no reference survives, and std's in-place collect keeps the buffer.
#[inline]
pub fn recycle<'a, 'b>(mut v: Vec<&'a [u8]>) -> Vec<&'b [u8]> {
    v.clear();
    v.into_iter()
        .map(|_| -> &'b [u8] { unreachable!() })
        .collect()
}

/// Parses and runs the complete commands at the front of `buf` for client `id`, appending
/// their replies to `out`. Returns the bytes consumed and why it stopped.
#[allow(clippy::too_many_arguments)]
#[inline]
pub fn run_commands(
    engine: &mut Engine,
    id: ClientId,
    parser: &mut Parser,
    buf: &[u8],
    limits: &ParserLimits,
    argv_store: &mut Vec<&'static [u8]>,
    out: &mut Vec<u8>,
    out_limit: usize,
    now_us: u64,
) -> (usize, Stop) {
    let mut pos = 0;
    let mut store = std::mem::take(argv_store);
    let stop = loop {
        // Output delivered to this client outside its replies (messages, invalidations a
        // waiter served by its last command caused) goes where it was produced: before the
        // next reply. A kill (CLIENT KILL, ACL) ends the batch.
        if engine.has_ready() && engine.move_pending(id, out) {
            break Stop::Close;
        }
        if pos >= buf.len() {
            break Stop::NeedMore;
        }
        let rest = &buf[pos..];
        match parser.parse(rest, limits, engine.auth_required(id)) {
            Ok(None) => break Stop::NeedMore,
            Err(e) => break Stop::Protocol(e.0),
            Ok(Some(n)) => {
                pos += n;
                let mut argv = recycle(store);
                parser.fill_argv(rest, &mut argv);
                let outcome = if argv.is_empty() {
                    Outcome::Done
                } else {
                    engine.execute(id, &argv, now_us, out)
                };
                store = recycle(argv);
                parser.trim();
                match outcome {
                    Outcome::Done if out.len() > out_limit => break Stop::OutputLimit,
                    Outcome::Done => {}
                    Outcome::Blocked => break Stop::Blocked,
                    Outcome::Running => break Stop::Running,
                    Outcome::Close => break Stop::Close,
                    Outcome::Shutdown => break Stop::Shutdown,
                }
            }
        }
    };
    // The shared argv of one huge command is not kept (it would count in used_memory, and
    // so against maxmemory, for good).
    if store.capacity() > KEEP_ARGV {
        store = Vec::with_capacity(16);
    }
    *argv_store = store;
    (pos, stop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recycle_keeps_the_allocation() {
        let data = [1u8, 2, 3];
        let mut v: Vec<&[u8]> = Vec::with_capacity(16);
        v.push(&data[..1]);
        let ptr = v.as_ptr() as usize;
        let r: Vec<&'static [u8]> = recycle(v);
        assert_eq!(r.capacity(), 16);
        assert_eq!(r.as_ptr() as usize, ptr);
        assert!(r.is_empty());
    }

    #[test]
    fn inbuf_keeps_unconsumed_bytes_in_front() {
        let mut b = InBuf::default();
        b.extend_from_slice(b"hello world");
        b.consume(6);
        assert_eq!(b.bytes(), b"world");
        b.reserve(b.capacity(), usize::MAX);
        assert_eq!(b.bytes(), b"world");
        b.consume(5);
        assert!(b.is_empty());
    }

    /// A big argument's bytes arriving: the buffer doubles towards the announced size but
    /// never past it (it was 512 KB for 300 KB), so the memory client eviction counts is
    /// what the command needs.
    #[test]
    fn inbuf_grows_to_the_announced_size_not_past_it() {
        let (mut tx, rx) = std::os::unix::net::UnixStream::pair().unwrap();
        rx.set_nonblocking(true).unwrap();
        let mut stream = crate::net::Stream::Unix(mio::net::UnixStream::from_std(rx));
        let wanted = 300_000;
        let writer = std::thread::spawn(move || {
            use std::io::Write;
            tx.write_all(&vec![b'v'; wanted]).unwrap();
        });
        let mut b = InBuf::default();
        while b.len() < wanted {
            match b.read_from(&mut stream, wanted) {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => std::thread::yield_now(),
                Err(e) => panic!("{e}"),
            }
        }
        writer.join().unwrap();
        assert_eq!(b.len(), wanted);
        assert!(b.capacity() <= wanted + READ_CHUNK, "{} for {wanted}", b.capacity());
    }
}
