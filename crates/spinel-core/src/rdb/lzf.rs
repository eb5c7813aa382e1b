//! LZF, the compression Redis applies to RDB strings longer than 20 bytes.
//!
//! The format is liblzf's: a control byte below 32 starts a literal run of `ctrl + 1`
//! bytes; otherwise its top 3 bits are a match length (7 means "plus the next byte") and
//! the low 5 bits with the next byte a back-reference distance. [`compress`] follows
//! liblzf 3.6 as Redis builds it (HLOG 16, VERY_FAST, its hash and output bounds), so
//! DUMP payloads and RDB files come out byte for byte as Redis writes them. (Redis leaves
//! liblzf's hash table uninitialised, so on rare inputs its output can depend on earlier
//! calls; Spinel's table always starts empty.) No crate fits: the `lzf` crate is
//! deprecated, needs std and does not reproduce liblzf's choices.

use alloc::vec::Vec;

const HLOG: u32 = 16;
const HSIZE: usize = 1 << HLOG;
const MAX_LIT: usize = 1 << 5;
const MAX_OFF: usize = 1 << 13;
const MAX_REF: usize = (1 << 8) + (1 << 3);

/// Reusable hash table for [`compress`]: input offsets stamped with the call that wrote
/// them, so each call sees an empty table without clearing 64 Ki slots.
pub struct Table {
    slots: Vec<(u32, u32)>,
    generation: u32,
}

impl Default for Table {
    fn default() -> Self {
        Table { slots: alloc::vec![(0, 0); HSIZE], generation: 0 }
    }
}

impl Table {
    fn start(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.slots.iter_mut().for_each(|s| *s = (0, 0));
            self.generation = 1;
        }
    }

    #[inline]
    fn swap(&mut self, h: u32, ip: usize) -> usize {
        let slot = &mut self.slots[idx(h)];
        let old = if slot.1 == self.generation { slot.0 as usize } else { 0 };
        *slot = (ip as u32, self.generation);
        old
    }

    #[inline]
    fn set(&mut self, h: u32, ip: usize) {
        self.slots[idx(h)] = (ip as u32, self.generation);
    }
}

#[inline]
fn idx(h: u32) -> usize {
    ((h >> (3 * 8 - HLOG)).wrapping_sub(h.wrapping_mul(5)) as usize) & (HSIZE - 1)
}

#[inline]
fn frst(p: &[u8], i: usize) -> u32 {
    (p[i] as u32) << 8 | p[i + 1] as u32
}

#[inline]
fn next(v: u32, p: &[u8], i: usize) -> u32 {
    v << 8 | p[i + 2] as u32
}

/// Compresses `input` into `out` (appending), as liblzf's `lzf_compress(in, len, out,
/// max_out)`. Returns false, leaving `out` as it was, when liblzf would return 0 (the
/// result would not fit in `max_out` bytes; Redis then stores the string plain).
pub fn compress(input: &[u8], out: &mut Vec<u8>, max_out: usize, table: &mut Table) -> bool {
    let base = out.len();
    let n = input.len();
    if n == 0 || max_out == 0 || n > u32::MAX as usize {
        return false;
    }
    table.start();
    let fail = |out: &mut Vec<u8>| {
        out.truncate(base);
        false
    };
    // `op` is out.len() - base; the control byte of the open literal run is at op - lit - 1.
    let mut lit: usize = 0;
    out.push(0); // start run
    let mut ip = 0usize;
    let mut hval = if n >= 2 { frst(input, 0) } else { 0 };
    while n >= 3 && ip < n - 2 {
        hval = next(hval, input, ip);
        let r = table.swap(hval, ip);
        let off = ip.wrapping_sub(r).wrapping_sub(1);
        if off < MAX_OFF && r > 0 && input[r + 2] == input[ip + 2] && input[r] == input[ip] && input[r + 1] == input[ip + 1] {
            let mut len = 2;
            let maxlen = (n - ip - len).min(MAX_REF);
            let op = out.len() - base;
            if op + 3 + 1 >= max_out && op - (lit == 0) as usize + 3 + 1 >= max_out {
                return fail(out);
            }
            let ctrl_at = out.len() - lit - 1;
            out[ctrl_at] = (lit as u8).wrapping_sub(1); // stop run
            if lit == 0 {
                out.pop(); // undo run if length is zero
            }
            // liblzf's loop: with more than 16 bytes left it first compares 16 bytes unrolled,
            // without the `maxlen` bound (so a match running to the end of the input gets
            // one byte more than `maxlen` allows), then goes on one byte at a time.
            let mut open = true;
            if maxlen > 16 {
                for _ in 0..16 {
                    len += 1;
                    if input[r + len] != input[ip + len] {
                        open = false;
                        break;
                    }
                }
            }
            while open {
                len += 1;
                open = len < maxlen && input[r + len] == input[ip + len];
            }
            len -= 2; // #octets - 1
            ip += 1;
            if len < 7 {
                out.push(((off >> 8) + (len << 5)) as u8);
            } else {
                out.push(((off >> 8) + (7 << 5)) as u8);
                out.push((len - 7) as u8);
            }
            out.push(off as u8);
            lit = 0;
            out.push(0); // start run
            ip += len + 1;
            if ip >= n - 2 {
                break;
            }
            // VERY_FAST: hash the two positions before the new ip.
            ip -= 2;
            hval = frst(input, ip);
            hval = next(hval, input, ip);
            table.set(hval, ip);
            ip += 1;
            hval = next(hval, input, ip);
            table.set(hval, ip);
            ip += 1;
        } else {
            if out.len() - base >= max_out {
                return fail(out);
            }
            lit += 1;
            out.push(input[ip]);
            ip += 1;
            if lit == MAX_LIT {
                let ctrl_at = out.len() - lit - 1;
                out[ctrl_at] = (lit - 1) as u8;
                lit = 0;
                out.push(0);
            }
        }
    }
    if out.len() - base + 3 > max_out {
        return fail(out);
    }
    while ip < n {
        lit += 1;
        out.push(input[ip]);
        ip += 1;
        if lit == MAX_LIT {
            let ctrl_at = out.len() - lit - 1;
            out[ctrl_at] = (lit - 1) as u8;
            lit = 0;
            out.push(0);
        }
    }
    let ctrl_at = out.len() - lit - 1;
    out[ctrl_at] = (lit as u8).wrapping_sub(1); // end run
    if lit == 0 {
        out.pop();
    }
    true
}

/// Decompresses `input`, which must expand to exactly `len` bytes; None if it is corrupt.
pub fn decompress(input: &[u8], len: usize) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(len);
    let mut ip = 0;
    while ip < input.len() {
        let ctrl = input[ip] as usize;
        ip += 1;
        if ctrl < 32 {
            let run = ctrl + 1;
            let lit = input.get(ip..ip + run)?;
            if out.len() + run > len {
                return None;
            }
            out.extend_from_slice(lit);
            ip += run;
        } else {
            let mut l = ctrl >> 5;
            if l == 7 {
                l += *input.get(ip)? as usize;
                ip += 1;
            }
            let off = ((ctrl & 0x1f) << 8) + *input.get(ip)? as usize + 1;
            ip += 1;
            let l = l + 2;
            if off > out.len() || out.len() + l > len {
                return None;
            }
            let from = out.len() - off;
            for k in 0..l {
                let b = out[from + k];
                out.push(b);
            }
        }
    }
    (out.len() == len).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_compresses_repetition() {
        let mut t = Table::default();
        for input in [&b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"[..], b"abcabcabcabcabcabcabcabc hello hello hello", b"xy"] {
            let mut out = Vec::new();
            assert!(compress(input, &mut out, input.len() + 8, &mut t));
            assert_eq!(decompress(&out, input.len()).unwrap(), input);
        }
        let long: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let mut out = Vec::new();
        assert!(compress(&long, &mut out, long.len(), &mut t));
        let mut again = Vec::new();
        assert!(compress(&long, &mut again, long.len(), &mut t));
        assert_eq!(out, again, "each call starts from an empty table");
        assert!(out.len() < long.len() / 10);
        assert_eq!(decompress(&out, long.len()).unwrap(), long);
    }

    #[test]
    fn rejects_corruption() {
        let mut t = Table::default();
        let mut out = Vec::new();
        compress(&[b'a'; 50], &mut out, 60, &mut t);
        assert!(decompress(&out, 49).is_none());
        // What Redis 7.0 (liblzf) stored for "a" x 50.
        let redis = [0x01, b'a', b'a', 0xe0, 0x25, 0x00, 0x01, b'a', b'a'];
        assert_eq!(decompress(&redis, 50).unwrap(), [b'a'; 50]);
        let mut out = Vec::new();
        assert!(compress(&[b'a'; 50], &mut out, 46, &mut t));
        assert_eq!(out, redis, "byte for byte as liblzf");
        assert!(decompress(&[0x20, 0x05], 10).is_none(), "reference before the start");
        assert!(decompress(&[0x05, b'a'], 6).is_none(), "truncated literal");
    }
}
