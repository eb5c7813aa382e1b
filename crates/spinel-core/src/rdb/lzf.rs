//! LZF, the compression Redis applies to RDB strings longer than 20 bytes.
//!
//! The format is liblzf's: a control byte below 32 starts a literal run of `ctrl + 1`
//! bytes; otherwise its top 3 bits are a match length (7 means "plus the next byte") and
//! the low 5 bits with the next byte a back-reference distance. Any LZF decoder reads what
//! [`compress`] writes; the exact bytes may differ from liblzf's (the match finder is not
//! the same), which only matters for payload equality, never for correctness.
//! No crate fits: the `lzf` crate is deprecated and needs std.

use alloc::vec::Vec;

const MAX_LIT: usize = 32;
const MAX_OFF: usize = 1 << 13;
const MAX_REF: usize = (1 << 8) + (1 << 3);
pub const HASH_LOG: u32 = 14;

/// Reusable hash table for [`compress`]; stale entries are harmless (every candidate
/// match is verified), so it never needs clearing between inputs.
pub struct Table(Vec<u32>);

impl Default for Table {
    fn default() -> Self {
        Table(alloc::vec![0; 1 << HASH_LOG])
    }
}

#[inline]
fn hash3(b: &[u8]) -> usize {
    let v = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
    (v.wrapping_mul(2_654_435_761) >> (32 - HASH_LOG)) as usize
}

fn flush_literals(out: &mut Vec<u8>, lit: &[u8]) {
    for chunk in lit.chunks(MAX_LIT) {
        out.push((chunk.len() - 1) as u8);
        out.extend_from_slice(chunk);
    }
}

/// Compresses `input` into `out` (appending). Returns false, leaving `out` as it was, if
/// the result would exceed `max_out` bytes (Redis then stores the string plain).
pub fn compress(input: &[u8], out: &mut Vec<u8>, max_out: usize, table: &mut Table) -> bool {
    let start = out.len();
    let n = input.len();
    let mut ip = 0;
    let mut lit_start = 0;
    while ip + 2 < n {
        let h = hash3(&input[ip..]);
        let cand = table.0[h] as usize;
        table.0[h] = ip as u32;
        if cand < ip && ip - cand <= MAX_OFF && input[cand..cand + 3] == input[ip..ip + 3] {
            let maxlen = MAX_REF.min(n - ip);
            let mut len = 3;
            while len < maxlen && input[cand + len] == input[ip + len] {
                len += 1;
            }
            flush_literals(out, &input[lit_start..ip]);
            let off = ip - cand - 1;
            let l = len - 2;
            if l < 7 {
                out.push(((l << 5) | (off >> 8)) as u8);
            } else {
                out.push(((7 << 5) | (off >> 8)) as u8);
                out.push((l - 7) as u8);
            }
            out.push(off as u8);
            ip += len;
            lit_start = ip;
            if out.len() - start > max_out {
                out.truncate(start);
                return false;
            }
        } else {
            ip += 1;
        }
    }
    flush_literals(out, &input[lit_start..]);
    if out.len() - start > max_out {
        out.truncate(start);
        return false;
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
        for input in [&b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"[..], b"abcabcabcabcabcabcabcabc hello hello hello", b"xy", b""] {
            let mut out = Vec::new();
            assert!(compress(input, &mut out, input.len() + 8, &mut t));
            assert_eq!(decompress(&out, input.len()).unwrap(), input);
        }
        let long: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let mut out = Vec::new();
        assert!(compress(&long, &mut out, long.len(), &mut t));
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
        assert!(decompress(&[0x20, 0x05], 10).is_none(), "reference before the start");
        assert!(decompress(&[0x05, b'a'], 6).is_none(), "truncated literal");
    }
}
