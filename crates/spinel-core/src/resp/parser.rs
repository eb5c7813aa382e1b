//! Incremental RESP request parser (multibulk and inline), with Redis's limits and errors.
//!
//! Semantics follow Redis 7.0's `processMultibulkBuffer` / `processInlineBuffer`
//! (networking.c) and `sdssplitargs`, checked against a real redis-server 7.0.15:
//!
//! * A request starting with `*` is a multibulk request; anything else is inline.
//! * Lines are found the way Redis finds them, with `strchr` on a NUL-terminated buffer:
//!   a NUL byte before the line's terminator (`\r` for multibulk lines, `\n` for inline
//!   requests) hides the terminator, so the request stays incomplete until the buffer
//!   outgrows `max_inline_len` and fails with the "too big" error of that line.
//! * A line is too big when its terminator is not within the first `max_inline_len + 1`
//!   bytes. Redis checks the length of whatever happens to be buffered, so its verdict
//!   for lines just over the limit depends on how the bytes were read; this parser gives
//!   the verdict Redis gives when bytes arrive one at a time, whatever the chunking.
//! * Multibulk lines end at `\r`; the byte after it is assumed to be `\n` and skipped
//!   unchecked, as are the two bytes after each bulk's data.
//! * Counts and lengths are parsed like Redis's `string2ll`: an optional `-`, no `+`, no
//!   leading zeros (but `0`), no spaces, at most 20 characters, within `i64`.
//!
//! The parser is resumable: when a call returns `Ok(None)`, the next call (with the same
//! unconsumed bytes, extended) continues where the previous one stopped, so a large
//! bulk or a long inline line is never rescanned.

use alloc::string::String;
use alloc::vec::Vec;

/// Limits a parser enforces; defaults are Redis 7.0's.
#[derive(Clone, Copy, Debug)]
pub struct ParserLimits {
    /// proto-max-bulk-len (512 MB by default).
    pub max_bulk_len: usize,
    /// Largest multibulk count: `INT_MAX` in Redis 7.0 (6.x and older used 1024*1024).
    pub max_multibulk_len: usize,
    /// Largest inline request or count line without a newline (64 KB in Redis).
    pub max_inline_len: usize,
}

impl Default for ParserLimits {
    fn default() -> Self {
        ParserLimits {
            max_bulk_len: 512 * 1024 * 1024,
            max_multibulk_len: i32::MAX as usize,
            max_inline_len: 64 * 1024,
        }
    }
}

/// A protocol error: the text of the error reply, e.g. `ERR Protocol error: invalid bulk length`.
/// After it the connection is closed, as Redis does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError(pub String);

impl ParseError {
    fn new(text: &str) -> Self {
        ParseError(String::from(text))
    }
}

/// Bulks at least this long are "big" (Redis's `PROTO_MBULK_BIG_ARG`): [`Parser::wanted`]
/// reports the bytes the command needs once such a length is known.
pub const BIG_ARG: usize = 32 * 1024;

/// Largest multibulk count a client that still has to authenticate may send.
const UNAUTH_MAX_MULTIBULK: i64 = 10;
/// Argument ranges a parser keeps between commands (see [`Parser::trim`]).
const KEEP_RANGES: usize = 4096;
/// Largest bulk a client that still has to authenticate may send.
const UNAUTH_MAX_BULK: i64 = 16 * 1024;

const ERR_TOO_BIG_INLINE: &str = "ERR Protocol error: too big inline request";
const ERR_UNBALANCED: &str = "ERR Protocol error: unbalanced quotes in request";
const ERR_TOO_BIG_COUNT: &str = "ERR Protocol error: too big mbulk count string";
const ERR_INVALID_COUNT: &str = "ERR Protocol error: invalid multibulk length";
const ERR_UNAUTH_COUNT: &str = "ERR Protocol error: unauthenticated multibulk length";
const ERR_TOO_BIG_BULK_COUNT: &str = "ERR Protocol error: too big bulk count string";
const ERR_INVALID_BULK: &str = "ERR Protocol error: invalid bulk length";
const ERR_UNAUTH_BULK: &str = "ERR Protocol error: unauthenticated bulk length";

/// Where the parser is within the current command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Nothing of the current command has been parsed yet.
    Start,
    /// An inline request: looking for its `\n`.
    Inline,
    /// A multibulk request: looking for the end of its `*<count>` line.
    Count,
    /// A multibulk request: `left` bulks still to read; `bulk` is the length of the
    /// bulk whose data is awaited, if its header has been read.
    Bulks,
}

/// The outcome of looking for the end of a line.
enum Line {
    /// The terminator is at this index of the buffer.
    Found(usize),
    /// More bytes are needed.
    Incomplete,
    /// The line cannot end within the limit.
    TooBig,
}

/// Resumable parser of one client's requests. Reuse one per connection: its vectors
/// keep their capacity from command to command.
#[derive(Debug)]
pub struct Parser {
    /// Argument ranges: into the caller's `buf` (multibulk) or into `scratch` (inline).
    ranges: Vec<(usize, usize)>,
    /// Unescaped inline arguments.
    scratch: Vec<u8>,
    /// Whether `ranges` index `scratch` (inline request) rather than `buf`.
    inline: bool,
    phase: Phase,
    /// Offset in the buffer of the next unparsed element (line or bulk data).
    pos: usize,
    /// The current line has been scanned up to here without finding its end;
    /// `usize::MAX` once a NUL byte has hidden its end for good.
    scanned: usize,
    /// Bulks still to read (phase `Bulks`).
    left: usize,
    /// Length of the bulk whose data is awaited (phase `Bulks`).
    bulk: Option<usize>,
}

impl Default for Parser {
    fn default() -> Self {
        Parser {
            ranges: Vec::new(),
            scratch: Vec::new(),
            inline: false,
            phase: Phase::Start,
            pos: 0,
            scanned: 0,
            left: 0,
            bulk: None,
        }
    }
}

impl Parser {
    pub fn new() -> Self {
        Parser::default()
    }

    /// Parses one command from the front of `buf`: `Ok(Some(consumed))` when complete
    /// (the arguments are then read with [`Parser::arg`]/[`Parser::fill_argv`]; zero
    /// arguments means an empty request to skip), `Ok(None)` when more bytes are needed
    /// (call again with the same unconsumed bytes, extended).
    ///
    /// `auth_required`: the client has yet to authenticate, so Redis's tighter limits on
    /// unauthenticated requests apply (at most 10 arguments of at most 16 KiB each).
    pub fn parse(
        &mut self,
        buf: &[u8],
        limits: &ParserLimits,
        auth_required: bool,
    ) -> Result<Option<usize>, ParseError> {
        if self.phase == Phase::Start {
            self.ranges.clear();
            self.scratch.clear();
            self.pos = 0;
            self.scanned = 0;
            self.left = 0;
            self.bulk = None;
            match buf.first() {
                None => return Ok(None),
                Some(b'*') => {
                    self.inline = false;
                    self.phase = Phase::Count;
                }
                Some(_) => {
                    self.inline = true;
                    self.phase = Phase::Inline;
                }
            }
        }
        let result = match self.phase {
            Phase::Inline => self.parse_inline(buf, limits),
            _ => self.parse_multibulk(buf, limits, auth_required),
        };
        match result {
            Ok(None) => {}
            // A command is complete, or the connection is about to close: the next call
            // starts a new command.
            _ => {
                self.phase = Phase::Start;
                self.bulk = None;
            }
        }
        result
    }

    /// Number of arguments of the command the last complete `parse` returned.
    pub fn argc(&self) -> usize {
        self.ranges.len()
    }

    /// Argument `i` of the parsed command; `buf` must be the buffer given to `parse`.
    /// Panics when `i >= argc()`.
    pub fn arg<'a>(&'a self, buf: &'a [u8], i: usize) -> &'a [u8] {
        let (s, e) = self.ranges[i];
        let src: &'a [u8] = if self.inline { &self.scratch } else { buf };
        src.get(s..e).unwrap_or(&[])
    }

    /// Drops the argument table of a command with many arguments once it has run, so one
    /// command with millions of them does not hold their memory for the rest of the
    /// connection (Redis frees each command's argv after it runs).
    #[inline]
    pub fn trim(&mut self) {
        if self.ranges.capacity() > KEEP_RANGES {
            self.ranges = Vec::new();
        }
    }

    /// Replaces the contents of `argv` with the parsed command's arguments.
    pub fn fill_argv<'a>(&'a self, buf: &'a [u8], argv: &mut Vec<&'a [u8]>) {
        argv.clear();
        let src: &'a [u8] = if self.inline { &self.scratch } else { buf };
        argv.extend(self.ranges.iter().map(|&(s, e)| src.get(s..e).unwrap_or(&[])));
    }

    /// Total bytes the current partial command needs, when known (to reserve buffer space):
    /// set while the data of a bulk of at least [`BIG_ARG`] bytes is awaited, 0 otherwise.
    pub fn wanted(&self) -> usize {
        match (self.phase, self.bulk) {
            (Phase::Bulks, Some(len)) if len >= BIG_ARG => self.pos.saturating_add(len).saturating_add(2),
            _ => 0,
        }
    }

    /// Looks for the byte `term` ending the line that starts at `start`, as Redis's
    /// `strchr` on the NUL-terminated query buffer does, within `max + 1` bytes.
    fn find_line_end(&mut self, buf: &[u8], start: usize, term: u8, max: usize) -> Line {
        let limit = start.saturating_add(max).saturating_add(1).min(buf.len());
        let from = self.scanned.max(start);
        if from < limit {
            if let Some(window) = buf.get(from..limit) {
                match window.iter().position(|&b| b == term || b == 0) {
                    Some(i) if window[i] == term => {
                        self.scanned = from + i;
                        return Line::Found(from + i);
                    }
                    // A NUL hides everything after it: only the size check remains.
                    Some(_) => self.scanned = usize::MAX,
                    None => self.scanned = limit,
                }
            }
        }
        if buf.len().saturating_sub(start) > max {
            Line::TooBig
        } else {
            Line::Incomplete
        }
    }

    fn parse_inline(&mut self, buf: &[u8], limits: &ParserLimits) -> Result<Option<usize>, ParseError> {
        let nl = match self.find_line_end(buf, 0, b'\n', limits.max_inline_len) {
            Line::Found(nl) => nl,
            Line::Incomplete => return Ok(None),
            Line::TooBig => return Err(ParseError::new(ERR_TOO_BIG_INLINE)),
        };
        let mut end = nl;
        if end > 0 && buf[end - 1] == b'\r' {
            end -= 1;
        }
        if !split_args(&buf[..end], &mut self.scratch, &mut self.ranges) {
            self.ranges.clear();
            return Err(ParseError::new(ERR_UNBALANCED));
        }
        Ok(Some(nl + 1))
    }

    fn parse_multibulk(
        &mut self,
        buf: &[u8],
        limits: &ParserLimits,
        auth_required: bool,
    ) -> Result<Option<usize>, ParseError> {
        if self.phase == Phase::Count {
            let (count, cr) = match quick_number(buf, 0, limits.max_inline_len) {
                Some((n, cr)) => (Some(n), cr),
                None => {
                    let cr = match self.find_line_end(buf, 0, b'\r', limits.max_inline_len) {
                        Line::Found(cr) => cr,
                        Line::Incomplete => return Ok(None),
                        Line::TooBig => return Err(ParseError::new(ERR_TOO_BIG_COUNT)),
                    };
                    // The byte after `\r` (assumed to be `\n`) must have arrived.
                    if cr + 1 >= buf.len() {
                        return Ok(None);
                    }
                    (buf.get(1..cr).and_then(string2ll), cr)
                }
            };
            let count = match count {
                Some(n) if n <= 0 => return Ok(Some(cr + 2)),
                Some(n) if (n as u64) <= limits.max_multibulk_len as u64 => n,
                _ => return Err(ParseError::new(ERR_INVALID_COUNT)),
            };
            if auth_required && count > UNAUTH_MAX_MULTIBULK {
                return Err(ParseError::new(ERR_UNAUTH_COUNT));
            }
            // `count` fits: it is at most `max_multibulk_len`.
            self.left = count as usize;
            self.ranges.reserve(self.left.min(1024));
            self.pos = cr + 2;
            self.scanned = self.pos;
            self.bulk = None;
            self.phase = Phase::Bulks;
        }
        while self.left > 0 {
            let len = match self.bulk {
                Some(len) => len,
                None => {
                    let start = self.pos;
                    let quick = match buf.get(start) {
                        Some(b'$') => quick_number(buf, start, limits.max_inline_len),
                        _ => None,
                    };
                    let (len, cr) = match quick {
                        Some((n, cr)) => (Some(n), cr),
                        None => {
                            let cr = match self.find_line_end(buf, start, b'\r', limits.max_inline_len) {
                                Line::Found(cr) => cr,
                                Line::Incomplete => return Ok(None),
                                Line::TooBig => return Err(ParseError::new(ERR_TOO_BIG_BULK_COUNT)),
                            };
                            if cr + 1 >= buf.len() {
                                return Ok(None);
                            }
                            let first = buf[start];
                            if first != b'$' {
                                return Err(expected_dollar(first));
                            }
                            (buf.get(start + 1..cr).and_then(string2ll), cr)
                        }
                    };
                    let len = match len {
                        Some(n) if n >= 0 && (n as u64) <= limits.max_bulk_len as u64 => n,
                        _ => return Err(ParseError::new(ERR_INVALID_BULK)),
                    };
                    if auth_required && len > UNAUTH_MAX_BULK {
                        return Err(ParseError::new(ERR_UNAUTH_BULK));
                    }
                    // `len` fits: it is at most `max_bulk_len`.
                    let len = len as usize;
                    self.pos = cr + 2;
                    self.scanned = self.pos;
                    self.bulk = Some(len);
                    len
                }
            };
            // The data and the two bytes after it (assumed to be CR LF, never checked).
            let end = self.pos.saturating_add(len);
            if buf.len() < end.saturating_add(2) {
                return Ok(None);
            }
            self.ranges.push((self.pos, end));
            self.pos = end + 2;
            self.scanned = self.pos;
            self.bulk = None;
            self.left -= 1;
        }
        Ok(Some(self.pos))
    }
}

/// `ERR Protocol error: expected '$', got 'X'`. Redis formats the raw byte and then maps
/// CR and LF to spaces; a byte above 0x7F, which a `String` cannot hold raw, is given as
/// the character with the same code point (Latin-1).
fn expected_dollar(got: u8) -> ParseError {
    let c = match got {
        b'\r' | b'\n' => ' ',
        b => char::from(b),
    };
    let mut text = String::with_capacity(48);
    text.push_str("ERR Protocol error: expected '$', got '");
    text.push(c);
    text.push('\'');
    ParseError(text)
}

/// Fast path for the usual count or length line: the byte at `start` (`*` or `$`, checked
/// by the caller), 1 to 18 digits without a leading zero (or just `0`), `\r`, and one more
/// byte, with the `\r` within `max` bytes of `start`. Returns the number and the index
/// of the `\r`. Any other line (or a line not yet complete) returns `None` and takes the
/// general path, which gives the same answer for the lines accepted here: the first `\r`
/// is found where this finds it, and `string2ll` reads those digits the same way.
#[inline]
fn quick_number(buf: &[u8], start: usize, max: usize) -> Option<(i64, usize)> {
    let digits = buf.get(start.checked_add(1)?..)?;
    // 19 digits fit a u64: enough to see that there are more than 18.
    let mut v: u64 = 0;
    let mut n = 0;
    for &c in digits.iter().take(19) {
        if !c.is_ascii_digit() {
            break;
        }
        v = v * 10 + u64::from(c - b'0');
        n += 1;
    }
    let first = *digits.first()?;
    if n == 0 || n > 18 || (first == b'0' && n > 1) || n + 1 > max {
        return None;
    }
    let cr = start + 1 + n;
    if digits.get(n) != Some(&b'\r') || cr + 1 >= buf.len() {
        return None;
    }
    // At most 18 digits: below i64::MAX.
    Some((v as i64, cr))
}

/// Redis's `string2ll`: a strict base-10 `i64`.
fn string2ll(s: &[u8]) -> Option<i64> {
    if s.is_empty() || s.len() >= 21 {
        return None;
    }
    if s == b"0" {
        return Some(0);
    }
    let (negative, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, s),
    };
    let (&first, rest) = digits.split_first()?;
    if !(b'1'..=b'9').contains(&first) {
        return None;
    }
    let mut v = u64::from(first - b'0');
    for &c in rest {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
    }
    if negative {
        if v > i64::MAX as u64 + 1 {
            None
        } else {
            Some((v as i64).wrapping_neg())
        }
    } else if v > i64::MAX as u64 {
        None
    } else {
        Some(v as i64)
    }
}

/// C's `isspace` in the C locale.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Splits a line into arguments with Redis's `sdssplitargs` rules (config files, inline
/// requests): "double quotes" with escapes, 'single quotes' with only \' escaped, and a
/// closing quote followed by a space or the end. None on unbalanced quotes. Like a C string,
/// the line ends at a NUL byte.
pub fn split_line(line: &[u8]) -> Option<Vec<Vec<u8>>> {
    let line = &line[..line.iter().position(|&b| b == 0).unwrap_or(line.len())];
    let (mut out, mut ranges) = (Vec::new(), Vec::new());
    if !split_args(line, &mut out, &mut ranges) {
        return None;
    }
    Some(ranges.iter().map(|&(s, e)| out[s..e].to_vec()).collect())
}

/// Splits an inline request like Redis's `sdssplitargs`, appending each unescaped
/// argument to `out` and its range to `ranges`. False on unbalanced quotes (or a closing
/// quote followed by something other than a space).
///
/// `line` holds no NUL byte (the line search stops at one), so "past the end" plays the
/// part of C's terminating NUL.
fn split_args(line: &[u8], out: &mut Vec<u8>, ranges: &mut Vec<(usize, usize)>) -> bool {
    // The byte at `i`, or 0 past the end.
    let at = |i: usize| -> u8 { line.get(i).copied().unwrap_or(0) };
    let mut i = 0;
    loop {
        while i < line.len() && is_space(line[i]) {
            i += 1;
        }
        if i >= line.len() {
            return true;
        }
        let start = out.len();
        let mut in_dq = false;
        let mut in_sq = false;
        loop {
            let c = at(i);
            let mut done = false;
            if in_dq {
                if c == b'\\' && at(i + 1) == b'x' {
                    if let (Some(hi), Some(lo)) = (hex_value(at(i + 2)), hex_value(at(i + 3))) {
                        out.push(hi * 16 + lo);
                        i += 3;
                    } else {
                        // `\x` without two hex digits: the escaped character is `x`.
                        out.push(b'x');
                        i += 1;
                    }
                } else if c == b'\\' && at(i + 1) != 0 {
                    i += 1;
                    out.push(match at(i) {
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'b' => 0x08,
                        b'a' => 0x07,
                        other => other,
                    });
                } else if c == b'"' {
                    // A closing quote must be followed by a space or nothing at all.
                    let next = at(i + 1);
                    if next != 0 && !is_space(next) {
                        return false;
                    }
                    done = true;
                } else if c == 0 {
                    return false;
                } else {
                    out.push(c);
                }
            } else if in_sq {
                if c == b'\\' && at(i + 1) == b'\'' {
                    i += 1;
                    out.push(b'\'');
                } else if c == b'\'' {
                    let next = at(i + 1);
                    if next != 0 && !is_space(next) {
                        return false;
                    }
                    done = true;
                } else if c == 0 {
                    return false;
                } else {
                    out.push(c);
                }
            } else {
                match c {
                    b' ' | b'\n' | b'\r' | b'\t' | 0 => done = true,
                    b'"' => in_dq = true,
                    b'\'' => in_sq = true,
                    _ => out.push(c),
                }
            }
            if i < line.len() {
                i += 1;
            }
            if done {
                break;
            }
        }
        ranges.push((start, out.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use alloc::vec::Vec;

    type Cmd = Vec<Vec<u8>>;

    /// What a host sees feeding `data` in pieces ending at `cuts` (then at `data.len()`):
    /// the commands, the error if any, and how many bytes were consumed.
    #[derive(Debug, PartialEq, Eq)]
    struct Run {
        cmds: Vec<Cmd>,
        err: Option<ParseError>,
        consumed: usize,
    }

    fn drive(data: &[u8], cuts: &[usize], limits: &ParserLimits, auth: bool) -> Run {
        let mut p = Parser::new();
        let mut start = 0;
        let mut cmds = Vec::new();
        for &end in cuts.iter().chain(core::iter::once(&data.len())) {
            let end = end.clamp(start, data.len());
            loop {
                let buf = &data[start..end];
                match p.parse(buf, limits, auth) {
                    Ok(Some(n)) => {
                        assert!(n > 0 && n <= buf.len(), "consumed {n} of {}", buf.len());
                        assert_eq!(p.wanted(), 0);
                        let mut argv = Vec::new();
                        p.fill_argv(buf, &mut argv);
                        assert_eq!(argv.len(), p.argc());
                        for (i, a) in argv.iter().enumerate() {
                            assert_eq!(*a, p.arg(buf, i));
                        }
                        cmds.push(argv.iter().map(|a| a.to_vec()).collect());
                        start += n;
                    }
                    Ok(None) => break,
                    Err(e) => return Run { cmds, err: Some(e), consumed: start },
                }
            }
        }
        Run { cmds, err: None, consumed: start }
    }

    fn whole(data: &[u8]) -> Run {
        drive(data, &[], &ParserLimits::default(), false)
    }

    /// Parses `data` whole, then checks that every split in two pieces and byte-by-byte
    /// feeding give the same result.
    fn check(data: &[u8], limits: &ParserLimits, auth: bool) -> Run {
        let w = drive(data, &[], limits, auth);
        for cut in 0..=data.len() {
            assert_eq!(drive(data, &[cut], limits, auth), w, "split at {cut} of {:?}", data);
        }
        let all: Vec<usize> = (0..=data.len()).collect();
        assert_eq!(drive(data, &all, limits, auth), w, "byte by byte: {:?}", data);
        w
    }

    fn ok(data: &[u8]) -> Vec<Cmd> {
        let r = check(data, &ParserLimits::default(), false);
        assert_eq!(r.err, None, "{:?}", data);
        r.cmds
    }

    fn err(data: &[u8]) -> String {
        let r = check(data, &ParserLimits::default(), false);
        r.err.expect("an error").0
    }

    fn cmd(args: &[&[u8]]) -> Cmd {
        args.iter().map(|a| a.to_vec()).collect()
    }

    fn one(data: &[u8]) -> Cmd {
        let mut r = whole(data);
        assert_eq!(r.err, None, "{:?}", data);
        assert_eq!(r.consumed, data.len(), "{:?}", data);
        assert_eq!(r.cmds.len(), 1, "{:?}", data);
        r.cmds.pop().unwrap()
    }

    fn inline_args(line: &[u8]) -> Result<Cmd, String> {
        let mut data = line.to_vec();
        data.extend_from_slice(b"\r\n");
        let r = check(&data, &ParserLimits::default(), false);
        match r.err {
            Some(e) => Err(e.0),
            None => {
                assert_eq!(r.cmds.len(), 1);
                Ok(r.cmds.into_iter().next().unwrap())
            }
        }
    }

    #[test]
    fn multibulk_basic_and_pipelined() {
        assert_eq!(ok(b"*1\r\n$4\r\nPING\r\n"), vec![cmd(&[b"PING"])]);
        assert_eq!(
            ok(b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"),
            vec![cmd(&[b"SET", b"k", b""]), cmd(&[b"GET", b"k"])]
        );
        // Binary data, including CR LF and NUL, inside bulks.
        assert_eq!(ok(b"*2\r\n$4\r\na\r\n\0\r\n$2\r\n\0\0\r\n"), vec![cmd(&[b"a\r\n\0", b"\0\0"])]);
        // A partial second command is left unconsumed.
        let r = whole(b"*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPI");
        assert_eq!((r.cmds.len(), r.consumed, r.err), (1, 14, None));
    }

    #[test]
    fn one_command_per_call() {
        let data = b"*1\r\n$1\r\na\r\n*1\r\n$1\r\nb\r\nPING\r\n";
        let mut p = Parser::new();
        let l = ParserLimits::default();
        assert_eq!(p.parse(data, &l, false), Ok(Some(11)));
        assert_eq!(p.arg(data, 0), b"a");
        assert_eq!(p.parse(&data[11..], &l, false), Ok(Some(11)));
        assert_eq!(p.arg(&data[11..], 0), b"b");
        assert_eq!(p.parse(&data[22..], &l, false), Ok(Some(6)));
        assert_eq!(p.arg(&data[22..], 0), b"PING");
        assert_eq!(p.parse(&data[28..], &l, false), Ok(None));
        assert_eq!(p.argc(), 0);
    }

    #[test]
    fn empty_multibulk_is_an_empty_command() {
        for data in [&b"*0\r\n"[..], b"*-1\r\n", b"*-9223372036854775808\r\n"] {
            let r = whole(data);
            assert_eq!(r.cmds, vec![Vec::<Vec<u8>>::new()], "{:?}", data);
            assert_eq!(r.consumed, data.len());
        }
        assert_eq!(ok(b"*0\r\n*1\r\n$4\r\nPING\r\n"), vec![Cmd::new(), cmd(&[b"PING"])]);
    }

    #[test]
    fn count_line_errors() {
        for bad in [
            &b"*\r\n"[..],
            b"*-0\r\n",
            b"*01\r\n",
            b"*+1\r\n",
            b"* 1\r\n",
            b"*1 \r\n",
            b"*x\r\n",
            b"*1x\r\n",
            b"*-\r\n",
            b"*2147483648\r\n",
            b"*9223372036854775808\r\n",
            b"*-9223372036854775809\r\n",
            b"*99999999999999999999\r\n",
            b"*000000000000000000001\r\n",
        ] {
            assert_eq!(err(bad), "ERR Protocol error: invalid multibulk length", "{:?}", bad);
        }
        // INT_MAX is Redis 7.0's limit, and is accepted (the bulks are then awaited).
        let r = whole(b"*2147483647\r\n");
        assert_eq!((r.cmds.len(), r.err), (0, None));
        let tight = ParserLimits { max_multibulk_len: 3, ..ParserLimits::default() };
        assert_eq!(check(b"*3\r\n", &tight, false).err, None);
        assert_eq!(check(b"*4\r\n", &tight, false).err.unwrap().0, "ERR Protocol error: invalid multibulk length");
    }

    #[test]
    fn unauthenticated_limits() {
        let l = ParserLimits::default();
        assert_eq!(check(b"*10\r\n", &l, true).err, None);
        assert_eq!(check(b"*11\r\n", &l, true).err.unwrap().0, "ERR Protocol error: unauthenticated multibulk length");
        assert_eq!(check(b"*11\r\n", &l, false).err, None);
        // Invalid beats unauthenticated.
        assert_eq!(check(b"*2147483648\r\n", &l, true).err.unwrap().0, "ERR Protocol error: invalid multibulk length");
        assert_eq!(check(b"*1\r\n$16384\r\n", &l, true).err, None);
        assert_eq!(
            check(b"*1\r\n$16385\r\n", &l, true).err.unwrap().0,
            "ERR Protocol error: unauthenticated bulk length"
        );
        assert_eq!(check(b"*1\r\n$-1\r\n", &l, true).err.unwrap().0, "ERR Protocol error: invalid bulk length");
        assert_eq!(check(b"*1\r\n$536870913\r\n", &l, true).err.unwrap().0, "ERR Protocol error: invalid bulk length");
        // Inline requests are not limited.
        let mut line = b"SET k ".to_vec();
        line.extend(core::iter::repeat_n(b'v', 20000));
        line.extend_from_slice(b"\r\n");
        let r = drive(&line, &[], &l, true);
        assert_eq!((r.err, r.cmds.len()), (None, 1));
    }

    #[test]
    fn bulk_header_errors() {
        for bad in [
            &b"*1\r\n$-1\r\n"[..],
            b"*1\r\n$\r\n",
            b"*1\r\n$04\r\n",
            b"*1\r\n$+4\r\n",
            b"*1\r\n$4 \r\n",
            b"*1\r\n$536870913\r\n",
        ] {
            assert_eq!(err(bad), "ERR Protocol error: invalid bulk length", "{:?}", bad);
        }
        let r = whole(b"*1\r\n$536870912\r\n");
        assert_eq!((r.cmds.len(), r.err), (0, None));
        let tight = ParserLimits { max_bulk_len: 5, ..ParserLimits::default() };
        assert_eq!(check(b"*1\r\n$5\r\nhello\r\n", &tight, false).cmds, vec![cmd(&[b"hello"])]);
        assert_eq!(check(b"*1\r\n$6\r\n", &tight, false).err.unwrap().0, "ERR Protocol error: invalid bulk length");
    }

    #[test]
    fn expected_dollar() {
        assert_eq!(err(b"*1\r\nX4\r\n"), "ERR Protocol error: expected '$', got 'X'");
        assert_eq!(err(b"*2\r\n$1\r\na\r\n:1\r\n"), "ERR Protocol error: expected '$', got ':'");
        // CR and LF are shown as spaces, as Redis's error formatting does.
        assert_eq!(err(b"*1\r\n\r4\r\n"), "ERR Protocol error: expected '$', got ' '");
        assert_eq!(err(b"*1\r\n\n4\r\n"), "ERR Protocol error: expected '$', got ' '");
        assert_eq!(err(b"*1\r\n\xff4\r\n"), "ERR Protocol error: expected '$', got '\u{ff}'");
        // The check waits for the header's line: no CR yet, no error yet.
        let r = whole(b"*1\r\nX4");
        assert_eq!((r.err, r.cmds.len()), (None, 0));
        let r = whole(b"*1\r\nX4\r");
        assert_eq!((r.err, r.cmds.len()), (None, 0));
    }

    #[test]
    fn crlf_after_lines_and_bulks_is_not_checked() {
        // `*1\rX`: the byte after CR is skipped whatever it is.
        assert_eq!(one(b"*1\rX$4\r\nPING\r\n"), cmd(&[b"PING"]));
        assert_eq!(one(b"*1\r\n$4\rXPING\r\n"), cmd(&[b"PING"]));
        // The two bytes after a bulk's data are skipped unchecked.
        assert_eq!(ok(b"*1\r\n$4\r\nPINGXY*1\r\n$4\r\nPING\r\n"), vec![cmd(&[b"PING"]), cmd(&[b"PING"])]);
        // But they must have arrived.
        for partial in [&b"*1\r\n$3\r\nfoo"[..], b"*1\r\n$3\r\nfoo\r", b"*1\r\n$3\r", b"*1\r", b"*", b"*1\r\n$3\r\nfo"]
        {
            let r = whole(partial);
            assert_eq!((r.err, r.cmds.len(), r.consumed), (None, 0, 0), "{:?}", partial);
        }
    }

    #[test]
    fn too_big_lines() {
        let l = ParserLimits { max_inline_len: 8, ..ParserLimits::default() };
        // The terminator may sit at index max_inline_len, not after it.
        assert_eq!(check(b"*0000001\r\n", &l, false).err.unwrap().0, "ERR Protocol error: invalid multibulk length");
        assert_eq!(check(b"*00000001\r\n", &l, false).err.unwrap().0, "ERR Protocol error: too big mbulk count string");
        assert_eq!(check(b"*1", &l, false).err, None);
        assert_eq!(check(b"*1111111", &l, false).err, None);
        assert_eq!(check(b"*11111111", &l, false).err.unwrap().0, "ERR Protocol error: too big mbulk count string");
        assert_eq!(check(b"*1\r\n$0000001\r\n", &l, false).err.unwrap().0, "ERR Protocol error: invalid bulk length");
        assert_eq!(
            check(b"*1\r\n$00000001\r\n", &l, false).err.unwrap().0,
            "ERR Protocol error: too big bulk count string"
        );
        // The limit applies per line, not per command.
        assert_eq!(check(b"*2\r\n$3\r\nabc\r\n$3\r\ndef\r\n", &l, false).cmds, vec![cmd(&[b"abc", b"def"])]);
        // Inline.
        assert_eq!(check(b"12345678\n", &l, false).cmds, vec![cmd(&[b"12345678"])]);
        assert_eq!(check(b"1234567\r\n", &l, false).cmds, vec![cmd(&[b"1234567"])]);
        assert_eq!(check(b"12345678\r\n", &l, false).err.unwrap().0, "ERR Protocol error: too big inline request");
        assert_eq!(check(b"123456789", &l, false).err.unwrap().0, "ERR Protocol error: too big inline request");
        assert_eq!(check(b"12345678", &l, false).err, None);
        // Redis's default: 64 KiB.
        let mut big = vec![b'x'; 64 * 1024 + 1];
        assert_eq!(whole(&big).err.unwrap().0, "ERR Protocol error: too big inline request");
        big.truncate(64 * 1024);
        big.push(b'\n');
        assert_eq!(whole(&big).cmds.len(), 1);
    }

    #[test]
    fn nul_hides_the_line_end() {
        // As with Redis's strchr: never complete, an error once past the limit.
        let l = ParserLimits { max_inline_len: 16, ..ParserLimits::default() };
        for (data, e) in [
            (&b"ECHO a\0b\r\nPING\r\n\r\n"[..], "ERR Protocol error: too big inline request"),
            (b"\0PING\r\nPING\r\nPING\r\n", "ERR Protocol error: too big inline request"),
            (b"$\0payloadpayload", "ERR Protocol error: too big inline request"),
            (b"*1\0\r\n$4\r\nPING\r\n", "ERR Protocol error: too big mbulk count string"),
            (b"*1\r\n$4\0\r\nPING\r\n\r\n\r\n", "ERR Protocol error: too big bulk count string"),
            (b"*1\r\n\x004\r\nPING\r\n\r\n\r\n", "ERR Protocol error: too big bulk count string"),
        ] {
            let mut data = data.to_vec();
            data.extend_from_slice(b"\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n");
            let r = check(&data, &l, false);
            assert_eq!(r.err.unwrap().0, e, "{:?}", data);
            assert!(r.cmds.is_empty());
            let r = check(&data[..16], &l, false);
            assert_eq!((r.err, r.cmds.len()), (None, 0), "{:?}", data);
        }
        // A NUL after the line end is just data of the next request.
        assert_eq!(ok(b"PING\r\n\0"), vec![cmd(&[b"PING"])]);
    }

    #[test]
    fn inline_lines() {
        assert_eq!(ok(b"PING\r\n"), vec![cmd(&[b"PING"])]);
        assert_eq!(ok(b"PING\n"), vec![cmd(&[b"PING"])]);
        assert_eq!(ok(b"PING\r\r\n"), vec![cmd(&[b"PING"])]);
        assert_eq!(ok(b"\r\nPING\r\n"), vec![Cmd::new(), cmd(&[b"PING"])]);
        assert_eq!(ok(b"\n\n"), vec![Cmd::new(), Cmd::new()]);
        assert_eq!(ok(b"  \t \x0b\x0c \r\n"), vec![Cmd::new()]);
        assert_eq!(ok(b"set  k\tv \r\nget k\n"), vec![cmd(&[b"set", b"k", b"v"]), cmd(&[b"get", b"k"])]);
        // Inline then multibulk then inline.
        assert_eq!(ok(b"A\n*1\r\n$1\r\nB\r\nC\r\n"), vec![cmd(&[b"A"]), cmd(&[b"B"]), cmd(&[b"C"])]);
        let r = whole(b"PING");
        assert_eq!((r.err, r.cmds.len()), (None, 0));
    }

    #[test]
    fn inline_quoting() {
        assert_eq!(inline_args(br#"ECHO "a\x41\x4g\n""#), Ok(cmd(&[b"ECHO", b"aAx4g\n"])));
        assert_eq!(inline_args(br#"ECHO "\xFf\xff\x00""#), Ok(cmd(&[b"ECHO", b"\xff\xff\x00"])));
        assert_eq!(inline_args(br#"ECHO "\n\r\t\b\a\\\"\q\'""#), Ok(cmd(&[b"ECHO", b"\n\r\t\x08\x07\\\"q'"])));
        assert_eq!(inline_args(br#"ECHO "\x4""#), Ok(cmd(&[b"ECHO", b"x4"])));
        assert_eq!(inline_args(br#"ECHO "\x""#), Ok(cmd(&[b"ECHO", b"x"])));
        assert_eq!(inline_args(br"ECHO 'a\'b'"), Ok(cmd(&[b"ECHO", b"a'b"])));
        assert_eq!(inline_args(br"ECHO 'a\b\n\x41'"), Ok(cmd(&[b"ECHO", br"a\b\n\x41"])));
        assert_eq!(inline_args(br#"ECHO 'say "hi"'"#), Ok(cmd(&[b"ECHO", b"say \"hi\""])));
        assert_eq!(inline_args(br#"ECHO "it's""#), Ok(cmd(&[b"ECHO", b"it's"])));
        assert_eq!(inline_args(br#"ECHO "" ''"#), Ok(cmd(&[b"ECHO", b"", b""])));
        assert_eq!(inline_args(br#"ECHO a"b c""#), Ok(cmd(&[b"ECHO", b"ab c"])));
        assert_eq!(inline_args(br#"ECHO a'b c'"#), Ok(cmd(&[b"ECHO", b"ab c"])));
        assert_eq!(inline_args(br"ECHO a\nb"), Ok(cmd(&[b"ECHO", br"a\nb"])));
        // A closing quote may be followed by any isspace byte, including VT and FF...
        assert_eq!(inline_args(b"ECHO \"a\"\x0bb"), Ok(cmd(&[b"ECHO", b"a", b"b"])));
        assert_eq!(inline_args(b"ECHO \"a\"\x0c'b'\t"), Ok(cmd(&[b"ECHO", b"a", b"b"])));
        // ...but VT and FF do not end an unquoted argument (only space, tab, CR, LF do).
        assert_eq!(inline_args(b"ECHO a\x0bb\x0cc"), Ok(cmd(&[b"ECHO", b"a\x0bb\x0cc"])));
        assert_eq!(inline_args(b"ECHO \x0b\x0cb"), Ok(cmd(&[b"ECHO", b"b"])));
        assert_eq!(inline_args(b"ECHO a\rb"), Ok(cmd(&[b"ECHO", b"a", b"b"])));
        // Quoted CR and escapes of raw bytes.
        assert_eq!(inline_args(b"ECHO \"a\rb\\\r\""), Ok(cmd(&[b"ECHO", b"a\rb\r"])));
        assert_eq!(inline_args(b"ECHO \"\xff\" \xfe"), Ok(cmd(&[b"ECHO", b"\xff", b"\xfe"])));
        let unbalanced = Err(String::from("ERR Protocol error: unbalanced quotes in request"));
        for bad in [
            &br#"ECHO "a"b"#[..],
            br#"ECHO "a"#,
            br"ECHO 'a",
            br"ECHO 'a'b",
            br#"ECHO "a\"#,
            br"ECHO 'a\'",
            br#"ECHO """"#,
            br#"ECHO "a""b""#,
            br#"""#,
            br"'",
        ] {
            assert_eq!(inline_args(bad), unbalanced, "{:?}", core::str::from_utf8(bad));
        }
        // The stripped CR is not part of the line; a second CR is.
        assert_eq!(inline_args(b"ECHO \"a\"\r"), Ok(cmd(&[b"ECHO", b"a"])));
        assert_eq!(inline_args(b"ECHO \"a\r"), unbalanced);
    }

    #[test]
    fn inline_args_live_in_the_parser() {
        let mut p = Parser::new();
        let l = ParserLimits::default();
        let data = b"SET \"k\\x01\" 'v v'\r\n";
        assert_eq!(p.parse(data, &l, false), Ok(Some(data.len())));
        let mut argv = Vec::new();
        p.fill_argv(data, &mut argv);
        assert_eq!(argv, vec![&b"SET"[..], b"k\x01", b"v v"]);
        // The next command reuses the scratch space.
        let data2 = b"GET x\n";
        assert_eq!(p.parse(data2, &l, false), Ok(Some(6)));
        assert_eq!((p.argc(), p.arg(data2, 0), p.arg(data2, 1)), (2, &b"GET"[..], &b"x"[..]));
    }

    #[test]
    fn resumes_a_big_bulk_without_rescanning() {
        let len = 100_000;
        let mut data = b"*2\r\n$3\r\nSET\r\n$100000\r\n".to_vec();
        let header = data.len();
        data.extend(core::iter::repeat_n(b'\0', len));
        data.extend_from_slice(b"\r\n");
        let mut p = Parser::new();
        let l = ParserLimits::default();
        assert_eq!(p.wanted(), 0);
        assert_eq!(p.parse(&data[..header - 1], &l, false), Ok(None));
        assert_eq!(p.wanted(), 0);
        assert_eq!(p.parse(&data[..header], &l, false), Ok(None));
        assert_eq!(p.wanted(), data.len());
        let mut end = header;
        while end < data.len() - 1 {
            end = (end + 4096).min(data.len() - 1);
            assert_eq!(p.parse(&data[..end], &l, false), Ok(None));
            assert_eq!(p.wanted(), data.len());
        }
        assert_eq!(p.parse(&data, &l, false), Ok(Some(data.len())));
        assert_eq!(p.wanted(), 0);
        assert_eq!(p.arg(&data, 0), b"SET");
        assert_eq!(p.arg(&data, 1).len(), len);
        // Small bulks are not "big".
        let mut p = Parser::new();
        assert_eq!(p.parse(b"*1\r\n$100\r\nab", &l, false), Ok(None));
        assert_eq!(p.wanted(), 0);
    }

    #[test]
    fn huge_lengths_do_not_overflow() {
        let l = ParserLimits { max_bulk_len: usize::MAX, max_multibulk_len: usize::MAX, max_inline_len: usize::MAX };
        let r = drive(b"*9223372036854775807\r\n$9223372036854775807\r\nabc", &[], &l, false);
        assert_eq!((r.err, r.cmds.len()), (None, 0));
        let mut p = Parser::new();
        assert_eq!(p.parse(b"*1\r\n$9223372036854775807\r\nabc", &l, false), Ok(None));
        assert!(p.wanted() as u64 > i64::MAX as u64);
        let mut p = Parser::new();
        assert_eq!(p.parse(b"*1\r\n$999999999999999999\r\nab", &l, false), Ok(None));
        assert_eq!(p.wanted(), 25 + 999_999_999_999_999_999 + 2);
        assert_eq!(p.parse(b"*999999999999999999\r\n$0\r\n\r\n", &l, false), Ok(None));
        let r = drive(b"PING", &[], &l, false);
        assert_eq!((r.err, r.cmds.len()), (None, 0));
    }

    #[test]
    fn string2ll_matches_redis() {
        assert_eq!(string2ll(b"0"), Some(0));
        assert_eq!(string2ll(b"-1"), Some(-1));
        assert_eq!(string2ll(b"9223372036854775807"), Some(i64::MAX));
        assert_eq!(string2ll(b"-9223372036854775808"), Some(i64::MIN));
        for bad in [
            &b""[..],
            b"-",
            b"-0",
            b"00",
            b"01",
            b"+1",
            b" 1",
            b"1 ",
            b"1a",
            b"9223372036854775808",
            b"-9223372036854775809",
            b"18446744073709551616",
            b"123456789012345678901",
        ] {
            assert_eq!(string2ll(bad), None, "{:?}", bad);
        }
    }

    /// Small xorshift PRNG for the randomized checks.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn randomized_split_consistency() {
        const PIECES: &[&[u8]] = &[
            b"*",
            b"$",
            b"\r",
            b"\n",
            b"\r\n",
            b"\0",
            b"0",
            b"1",
            b"2",
            b"3",
            b"-",
            b"10",
            b"a",
            b" ",
            b"\"",
            b"'",
            b"\\",
            b"x4",
            b"\t",
            b"\x0b",
            b"*1\r\n$1\r\na\r\n",
            b"*2\r\n",
            b"$3\r\nabc\r\n",
            b"PING\r\n",
            b"\"a\\x4",
            b"\xff",
        ];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let limits = [
            ParserLimits::default(),
            ParserLimits { max_bulk_len: 4, max_multibulk_len: 3, max_inline_len: 6 },
            ParserLimits { max_bulk_len: 0, max_multibulk_len: 0, max_inline_len: 0 },
        ];
        for _ in 0..3000 {
            let mut data = Vec::new();
            for _ in 0..rng.below(12) {
                data.extend_from_slice(PIECES[rng.below(PIECES.len())]);
            }
            let l = &limits[rng.below(limits.len())];
            let auth = rng.below(4) == 0;
            let w = drive(&data, &[], l, auth);
            assert!(w.consumed <= data.len());
            for cut in 0..=data.len() {
                assert_eq!(drive(&data, &[cut], l, auth), w, "split at {cut} of {:?}", data);
            }
            let cuts: Vec<usize> = (0..4).map(|_| rng.below(data.len() + 1)).collect();
            let mut sorted = cuts.clone();
            sorted.sort_unstable();
            assert_eq!(drive(&data, &sorted, l, auth), w, "cuts {sorted:?} of {:?}", data);
        }
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut rng = Rng(12345);
        let l = ParserLimits { max_bulk_len: 64, max_multibulk_len: 8, max_inline_len: 32 };
        for _ in 0..3000 {
            let n = rng.below(80);
            let data: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            let w = drive(&data, &[], &l, false);
            let cut = rng.below(n + 1);
            assert_eq!(drive(&data, &[cut], &l, false), w);
        }
    }
}
