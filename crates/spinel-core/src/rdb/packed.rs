//! The compact blobs inside RDB values: listpack (written and read), and ziplist, intset
//! and zipmap (read; intset also written). Layouts are Redis's (listpack.c, ziplist.c,
//! intset.c, zipmap.c). Readers check every length against the blob, so corrupt input is
//! an error, never a panic.

use alloc::vec::Vec;

/// One element of a listpack or ziplist: integers stay integers until asked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Elem<'a> {
    Int(i64),
    Str(&'a [u8]),
}

impl Elem<'_> {
    pub fn with_bytes<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        match *self {
            Elem::Int(n) => {
                let mut b = itoa::Buffer::new();
                f(b.format(n).as_bytes())
            }
            Elem::Str(s) => f(s),
        }
    }

    pub fn to_vec(&self) -> Vec<u8> {
        self.with_bytes(|b| b.to_vec())
    }

    pub fn as_int(&self) -> Option<i64> {
        match *self {
            Elem::Int(n) => Some(n),
            Elem::Str(s) => crate::num::parse_i64(s),
        }
    }
}

// ----- listpack ------------------------------------------------------------------------

/// Builds a listpack: `4-byte total, 2-byte count, elements, 0xFF`.
pub struct ListpackWriter {
    pub buf: Vec<u8>,
    count: usize,
}

impl Default for ListpackWriter {
    fn default() -> Self {
        ListpackWriter::new()
    }
}

fn backlen(out: &mut Vec<u8>, l: usize) {
    if l <= 127 {
        out.push(l as u8);
    } else if l < 16383 {
        out.extend_from_slice(&[(l >> 7) as u8, (l & 127) as u8 | 128]);
    } else if l < 2_097_151 {
        out.extend_from_slice(&[(l >> 14) as u8, ((l >> 7) & 127) as u8 | 128, (l & 127) as u8 | 128]);
    } else if l < 268_435_455 {
        out.extend_from_slice(&[(l >> 21) as u8, ((l >> 14) & 127) as u8 | 128, ((l >> 7) & 127) as u8 | 128, (l & 127) as u8 | 128]);
    } else {
        out.extend_from_slice(&[(l >> 28) as u8, ((l >> 21) & 127) as u8 | 128, ((l >> 14) & 127) as u8 | 128, ((l >> 7) & 127) as u8 | 128, (l & 127) as u8 | 128]);
    }
}

impl ListpackWriter {
    pub fn new() -> Self {
        ListpackWriter { buf: alloc::vec![0, 0, 0, 0, 0, 0], count: 0 }
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Bytes the listpack has so far (without the end byte).
    pub fn bytes(&self) -> usize {
        self.buf.len()
    }

    pub fn push_int(&mut self, v: i64) {
        let start = self.buf.len();
        let b = &mut self.buf;
        if (0..=127).contains(&v) {
            b.push(v as u8);
        } else if (-4096..=4095).contains(&v) {
            let u = (v as u64) & 0x1fff;
            b.extend_from_slice(&[0xC0 | (u >> 8) as u8, u as u8]);
        } else if (-32768..=32767).contains(&v) {
            b.push(0xF1);
            b.extend_from_slice(&(v as i16).to_le_bytes());
        } else if (-8_388_608..=8_388_607).contains(&v) {
            b.push(0xF2);
            b.extend_from_slice(&(v as i32).to_le_bytes()[..3]);
        } else if (i32::MIN as i64..=i32::MAX as i64).contains(&v) {
            b.push(0xF3);
            b.extend_from_slice(&(v as i32).to_le_bytes());
        } else {
            b.push(0xF4);
            b.extend_from_slice(&v.to_le_bytes());
        }
        let l = self.buf.len() - start;
        backlen(&mut self.buf, l);
        self.count += 1;
    }

    /// Appends a string; canonical integers are stored as integers, as `lpAppend` does.
    pub fn push(&mut self, s: &[u8]) {
        if let Some(v) = crate::num::parse_i64(s) {
            return self.push_int(v);
        }
        let start = self.buf.len();
        let l = s.len();
        if l < 64 {
            self.buf.push(0x80 | l as u8);
        } else if l < 4096 {
            self.buf.extend_from_slice(&[0xE0 | (l >> 8) as u8, l as u8]);
        } else {
            self.buf.push(0xF0);
            self.buf.extend_from_slice(&(l as u32).to_le_bytes());
        }
        self.buf.extend_from_slice(s);
        let enc = self.buf.len() - start;
        backlen(&mut self.buf, enc);
        self.count += 1;
    }

    pub fn push_elem(&mut self, e: Elem) {
        match e {
            Elem::Int(v) => self.push_int(v),
            Elem::Str(s) => self.push(s),
        }
    }

    /// Finishes the listpack: end byte and header.
    pub fn finish(mut self) -> Vec<u8> {
        self.buf.push(0xFF);
        let total = self.buf.len() as u32;
        self.buf[0..4].copy_from_slice(&total.to_le_bytes());
        let n = if self.count < 65535 { self.count as u16 } else { 65535 };
        self.buf[4..6].copy_from_slice(&n.to_le_bytes());
        self.buf
    }
}

fn backlen_size(l: usize) -> usize {
    if l <= 127 {
        1
    } else if l < 16383 {
        2
    } else if l < 2_097_151 {
        3
    } else if l < 268_435_455 {
        4
    } else {
        5
    }
}

fn le(b: &[u8]) -> u64 {
    b.iter().rev().fold(0, |a, &x| a << 8 | x as u64)
}

fn sign_extend(v: u64, bits: u32) -> i64 {
    let shift = 64 - bits;
    ((v << shift) as i64) >> shift
}

/// Reads a listpack's elements in order; None if the blob is malformed.
pub fn listpack_elems(lp: &[u8]) -> Option<Vec<Elem<'_>>> {
    if lp.len() < 7 || le(&lp[0..4]) as usize != lp.len() || *lp.last()? != 0xFF {
        return None;
    }
    let declared = le(&lp[4..6]) as usize;
    let body = &lp[..lp.len() - 1];
    let mut out = Vec::with_capacity(declared.min(body.len()));
    let mut p = 6;
    while p < body.len() {
        let b = body[p];
        let (elem, enc_len) = if b & 0x80 == 0 {
            (Elem::Int(b as i64), 1)
        } else if b & 0xC0 == 0x80 {
            let l = (b & 0x3f) as usize;
            (Elem::Str(body.get(p + 1..p + 1 + l)?), 1 + l)
        } else if b & 0xE0 == 0xC0 {
            let v = ((b as u64 & 0x1f) << 8) | *body.get(p + 1)? as u64;
            (Elem::Int(sign_extend(v, 13)), 2)
        } else if b & 0xF0 == 0xE0 {
            let l = ((b as usize & 0x0f) << 8) | *body.get(p + 1)? as usize;
            (Elem::Str(body.get(p + 2..p + 2 + l)?), 2 + l)
        } else {
            match b {
                0xF0 => {
                    let l = le(body.get(p + 1..p + 5)?) as usize;
                    (Elem::Str(body.get(p + 5..(p + 5).checked_add(l)?)?), 5 + l)
                }
                0xF1 => (Elem::Int(sign_extend(le(body.get(p + 1..p + 3)?), 16)), 3),
                0xF2 => (Elem::Int(sign_extend(le(body.get(p + 1..p + 4)?), 24)), 4),
                0xF3 => (Elem::Int(sign_extend(le(body.get(p + 1..p + 5)?), 32)), 5),
                0xF4 => (Elem::Int(le(body.get(p + 1..p + 9)?) as i64), 9),
                _ => return None,
            }
        };
        p += enc_len + backlen_size(enc_len);
        if p > body.len() {
            return None;
        }
        out.push(elem);
    }
    if declared != 65535 && declared != out.len() {
        return None;
    }
    Some(out)
}

// ----- ziplist (RDB 9 and older) -----------------------------------------------------------

/// Reads a ziplist's entries in order; None if malformed.
pub fn ziplist_elems(zl: &[u8]) -> Option<Vec<Elem<'_>>> {
    if zl.len() < 11 || le(&zl[0..4]) as usize != zl.len() || *zl.last()? != 0xFF {
        return None;
    }
    let body = &zl[..zl.len() - 1];
    let mut out = Vec::new();
    let mut p = 10;
    while p < body.len() {
        // prevlen
        p += if body[p] < 254 { 1 } else { 5 };
        let b = *body.get(p)?;
        let (elem, len) = match b >> 6 {
            0 => {
                let l = (b & 0x3f) as usize;
                (Elem::Str(body.get(p + 1..p + 1 + l)?), 1 + l)
            }
            1 => {
                let l = ((b as usize & 0x3f) << 8) | *body.get(p + 1)? as usize;
                (Elem::Str(body.get(p + 2..p + 2 + l)?), 2 + l)
            }
            2 => {
                let h = body.get(p + 1..p + 5)?;
                let l = u32::from_be_bytes([h[0], h[1], h[2], h[3]]) as usize;
                (Elem::Str(body.get(p + 5..(p + 5).checked_add(l)?)?), 5 + l)
            }
            _ => match b {
                0xC0 => (Elem::Int(sign_extend(le(body.get(p + 1..p + 3)?), 16)), 3),
                0xD0 => (Elem::Int(sign_extend(le(body.get(p + 1..p + 5)?), 32)), 5),
                0xE0 => (Elem::Int(le(body.get(p + 1..p + 9)?) as i64), 9),
                0xF0 => (Elem::Int(sign_extend(le(body.get(p + 1..p + 4)?), 24)), 4),
                0xFE => (Elem::Int(*body.get(p + 1)? as i8 as i64), 2),
                0xF1..=0xFD => (Elem::Int((b & 0x0f) as i64 - 1), 1),
                _ => return None,
            },
        };
        p += len;
        out.push(elem);
    }
    (p == body.len()).then_some(out)
}

// ----- intset --------------------------------------------------------------------------------

/// Writes an intset of `width` bytes per member (2, 4 or 8) from sorted members.
pub fn intset_write(out: &mut Vec<u8>, width: usize, members: impl ExactSizeIterator<Item = i64>) {
    out.extend_from_slice(&(width as u32).to_le_bytes());
    out.extend_from_slice(&(members.len() as u32).to_le_bytes());
    for m in members {
        out.extend_from_slice(&m.to_le_bytes()[..width]);
    }
}

/// Reads an intset's members; None if malformed (bad width, size or order).
pub fn intset_members(is: &[u8]) -> Option<Vec<i64>> {
    if is.len() < 8 {
        return None;
    }
    let width = le(&is[0..4]) as usize;
    let n = le(&is[4..8]) as usize;
    if !matches!(width, 2 | 4 | 8) || is.len() != 8 + n.checked_mul(width)? {
        return None;
    }
    let v: Vec<i64> = is[8..].chunks(width).map(|c| sign_extend(le(c), width as u32 * 8)).collect();
    v.windows(2).all(|w| w[0] < w[1]).then_some(v)
}

// ----- zipmap (hashes in RDB 2 and older) --------------------------------------------------------

/// Reads a zipmap's field-value pairs; None if malformed.
pub fn zipmap_pairs(zm: &[u8]) -> Option<Vec<(&[u8], &[u8])>> {
    let mut p = 1;
    let mut out = Vec::new();
    let read_len = |p: &mut usize| -> Option<usize> {
        let b = *zm.get(*p)?;
        if b < 254 {
            *p += 1;
            Some(b as usize)
        } else if b == 254 {
            let l = le(zm.get(*p + 1..*p + 5)?) as usize;
            *p += 5;
            Some(l)
        } else {
            None
        }
    };
    loop {
        if *zm.get(p)? == 0xFF {
            return (p + 1 == zm.len()).then_some(out);
        }
        let kl = read_len(&mut p)?;
        let k = zm.get(p..p.checked_add(kl)?)?;
        p += kl;
        let vl = read_len(&mut p)?;
        let free = *zm.get(p)? as usize;
        p += 1;
        let v = zm.get(p..p.checked_add(vl)?)?;
        p += vl + free;
        out.push((k, v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listpack_round_trips_every_encoding() {
        let ints = [0i64, 127, 128, -1, -4096, 4095, 4096, -32768, 32767, 40000, -8_388_608, 8_388_607, 1 << 30, i32::MIN as i64, 1 << 40, i64::MIN, i64::MAX];
        let long = alloc::vec![b'x'; 5000];
        let mid = alloc::vec![b'y'; 300];
        let mut w = ListpackWriter::new();
        for v in ints {
            w.push_int(v);
        }
        w.push(b"hello");
        w.push(&mid);
        w.push(&long);
        w.push(b"-17");
        w.push(b"007");
        let lp = w.finish();
        let e = listpack_elems(&lp).unwrap();
        let mut expect: Vec<Elem> = ints.iter().map(|&v| Elem::Int(v)).collect();
        expect.extend([Elem::Str(b"hello"), Elem::Str(&mid), Elem::Str(&long), Elem::Int(-17), Elem::Str(b"007")]);
        assert_eq!(e, expect);
        assert!(listpack_elems(&lp[..lp.len() - 1]).is_none());
    }

    #[test]
    fn listpack_bytes_match_redis() {
        // HSET h a 1 bb 300 in Redis 7.0: DUMP's listpack blob.
        let mut w = ListpackWriter::new();
        for s in [&b"a"[..], b"1", b"bb", b"300"] {
            w.push(s);
        }
        assert_eq!(w.finish(), b"\x13\x00\x00\x00\x04\x00\x81a\x02\x01\x01\x82bb\x03\xc1,\x02\xff");
    }

    #[test]
    fn intset_round_trip_and_validation() {
        let mut b = Vec::new();
        intset_write(&mut b, 2, [-5i64, 1, 300].into_iter());
        assert_eq!(intset_members(&b).unwrap(), [-5, 1, 300]);
        b[10] = 0x2D; // 1 -> 301: out of order
        b[11] = 0x01;
        assert!(intset_members(&b).is_none());
    }
}
