//! Reply encoding, straight into the caller's output buffer.
//!
//! Handlers never build reply trees: they write RESP2 or RESP3 bytes directly, choosing
//! the framing by the client's protocol, so a pipeline's replies land in one buffer.

use alloc::vec::Vec;

/// The protocol a client speaks, switched by `HELLO 2|3`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    Resp2,
    Resp3,
}

impl Protocol {
    pub fn version(self) -> i64 {
        match self {
            Protocol::Resp2 => 2,
            Protocol::Resp3 => 3,
        }
    }
}

/// A reply being written into `buf`.
pub struct Reply<'a> {
    pub buf: &'a mut Vec<u8>,
    pub proto: Protocol,
    /// Number of error replies written (for INFO errorstats and failed-call accounting).
    pub errors: u32,
}

impl<'a> Reply<'a> {
    pub fn new(buf: &'a mut Vec<u8>, proto: Protocol) -> Self {
        Reply { buf, proto, errors: 0 }
    }

    #[inline]
    pub fn is_resp3(&self) -> bool {
        self.proto == Protocol::Resp3
    }

    #[inline]
    fn header(&mut self, prefix: u8, n: i64) {
        // One or two digits (most lengths and counts): one fixed-size append, instead of
        // itoa and a copy of variable length (a memory.copy call in wasm) plus two appends.
        if (0..10).contains(&n) {
            self.buf.extend_from_slice(&[prefix, b'0' + n as u8, b'\r', b'\n']);
        } else if (10..100).contains(&n) {
            self.buf.extend_from_slice(&[prefix, b'0' + (n / 10) as u8, b'0' + (n % 10) as u8, b'\r', b'\n']);
        } else {
            self.buf.push(prefix);
            let mut b = itoa::Buffer::new();
            self.buf.extend_from_slice(b.format(n).as_bytes());
            self.buf.extend_from_slice(b"\r\n");
        }
    }

    /// `+OK`
    #[inline]
    pub fn ok(&mut self) {
        self.buf.extend_from_slice(b"+OK\r\n");
    }

    /// A simple string (`+...`). The text must not contain CR or LF.
    pub fn simple(&mut self, s: &[u8]) {
        self.buf.push(b'+');
        self.buf.extend_from_slice(s);
        self.buf.extend_from_slice(b"\r\n");
    }

    /// An error reply. `msg` starts with its code (`ERR ...`, `WRONGTYPE ...`).
    /// CR and LF are replaced by spaces, as Redis does, so the framing stays intact.
    pub fn error(&mut self, msg: &str) {
        self.error_bytes(msg.as_bytes());
    }

    /// An error reply from raw bytes (messages that quote client bytes verbatim, as Redis does).
    pub fn error_bytes(&mut self, msg: &[u8]) {
        self.errors += 1;
        self.buf.push(b'-');
        let start = self.buf.len();
        self.buf.extend_from_slice(msg);
        for b in &mut self.buf[start..] {
            if *b == b'\r' || *b == b'\n' {
                *b = b' ';
            }
        }
        self.buf.extend_from_slice(b"\r\n");
    }

    #[inline]
    pub fn int(&mut self, n: i64) {
        self.header(b':', n);
    }

    #[inline]
    pub fn bulk(&mut self, s: &[u8]) {
        self.header(b'$', s.len() as i64);
        self.buf.extend_from_slice(s);
        self.buf.extend_from_slice(b"\r\n");
    }

    /// A bulk string holding the decimal form of `n`.
    pub fn bulk_int(&mut self, n: i64) {
        let mut b = itoa::Buffer::new();
        let s = b.format(n);
        self.bulk(s.as_bytes());
    }

    /// The null bulk string (`$-1` in RESP2, `_` in RESP3).
    #[inline]
    pub fn null(&mut self) {
        match self.proto {
            Protocol::Resp2 => self.buf.extend_from_slice(b"$-1\r\n"),
            Protocol::Resp3 => self.buf.extend_from_slice(b"_\r\n"),
        }
    }

    /// The null array (`*-1` in RESP2, `_` in RESP3).
    pub fn null_array(&mut self) {
        match self.proto {
            Protocol::Resp2 => self.buf.extend_from_slice(b"*-1\r\n"),
            Protocol::Resp3 => self.buf.extend_from_slice(b"_\r\n"),
        }
    }

    #[inline]
    pub fn array(&mut self, n: usize) {
        self.header(b'*', n as i64);
    }

    /// A map of `n` pairs (`%` in RESP3, a flat array of 2n in RESP2).
    pub fn map(&mut self, n: usize) {
        match self.proto {
            Protocol::Resp2 => self.header(b'*', 2 * n as i64),
            Protocol::Resp3 => self.header(b'%', n as i64),
        }
    }

    /// A set (`~` in RESP3, an array in RESP2).
    pub fn set(&mut self, n: usize) {
        match self.proto {
            Protocol::Resp2 => self.header(b'*', n as i64),
            Protocol::Resp3 => self.header(b'~', n as i64),
        }
    }

    /// A push message (`>` in RESP3, an array in RESP2).
    pub fn push(&mut self, n: usize) {
        match self.proto {
            Protocol::Resp2 => self.header(b'*', n as i64),
            Protocol::Resp3 => self.header(b'>', n as i64),
        }
    }

    /// A boolean (`#t`/`#f` in RESP3, `:1`/`:0` in RESP2).
    pub fn boolean(&mut self, v: bool) {
        match self.proto {
            Protocol::Resp2 => self.int(v as i64),
            Protocol::Resp3 => self.buf.extend_from_slice(if v { b"#t\r\n" } else { b"#f\r\n" }),
        }
    }

    /// A double given already formatted as Redis prints it: `,` in RESP3, bulk in RESP2.
    pub fn double_text(&mut self, text: &[u8]) {
        match self.proto {
            Protocol::Resp2 => self.bulk(text),
            Protocol::Resp3 => {
                self.buf.push(b',');
                self.buf.extend_from_slice(text);
                self.buf.extend_from_slice(b"\r\n");
            }
        }
    }

    /// A verbatim string (`=` with a 3-letter format in RESP3, bulk in RESP2).
    pub fn verbatim(&mut self, format: &[u8; 3], text: &[u8]) {
        match self.proto {
            Protocol::Resp2 => self.bulk(text),
            Protocol::Resp3 => {
                self.header(b'=', text.len() as i64 + 4);
                self.buf.extend_from_slice(format);
                self.buf.push(b':');
                self.buf.extend_from_slice(text);
                self.buf.extend_from_slice(b"\r\n");
            }
        }
    }

    /// Raw, already-encoded RESP bytes.
    pub fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// A bulk string for each item, as an array.
    pub fn bulk_array<I, T>(&mut self, items: I)
    where
        I: ExactSizeIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.array(items.len());
        for it in items {
            self.bulk(it.as_ref());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(p: Protocol, f: impl FnOnce(&mut Reply)) -> Vec<u8> {
        let mut buf = Vec::new();
        let mut r = Reply::new(&mut buf, p);
        f(&mut r);
        buf
    }

    #[test]
    fn resp2_and_resp3_framing() {
        assert_eq!(enc(Protocol::Resp2, |r| r.null()), b"$-1\r\n");
        assert_eq!(enc(Protocol::Resp3, |r| r.null()), b"_\r\n");
        assert_eq!(enc(Protocol::Resp2, |r| r.map(2)), b"*4\r\n");
        assert_eq!(enc(Protocol::Resp3, |r| r.map(2)), b"%2\r\n");
        assert_eq!(enc(Protocol::Resp2, |r| r.int(-12)), b":-12\r\n");
        assert_eq!(enc(Protocol::Resp2, |r| r.bulk(b"ab")), b"$2\r\nab\r\n");
        assert_eq!(enc(Protocol::Resp3, |r| r.boolean(true)), b"#t\r\n");
        assert_eq!(enc(Protocol::Resp3, |r| r.double_text(b"1.5")), b",1.5\r\n");
        assert_eq!(enc(Protocol::Resp3, |r| r.verbatim(b"txt", b"hi")), b"=6\r\ntxt:hi\r\n");
    }

    #[test]
    fn headers_of_every_width() {
        for n in [0i64, 1, 9, 10, 11, 42, 99, 100, 101, 999, 1000, 123_456_789, i64::MAX, -1, -9, -10, -100, i64::MIN] {
            assert_eq!(enc(Protocol::Resp2, |r| r.int(n)), alloc::format!(":{n}\r\n").into_bytes(), "{n}");
        }
        for len in [0usize, 1, 9, 10, 99, 100, 1000] {
            let s = alloc::vec![b'x'; len];
            let mut want = alloc::format!("${len}\r\n").into_bytes();
            want.extend_from_slice(&s);
            want.extend_from_slice(b"\r\n");
            assert_eq!(enc(Protocol::Resp2, |r| r.bulk(&s)), want, "{len}");
        }
    }

    #[test]
    fn errors_cannot_break_framing() {
        let out = enc(Protocol::Resp2, |r| r.error("ERR a\r\nb"));
        assert_eq!(out, b"-ERR a  b\r\n");
    }
}
