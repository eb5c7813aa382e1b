//! HyperLogLog in Redis's own string representation, so a value copied byte for byte
//! between Redis and Spinel (GET / SET, DUMP payloads) keeps working in both directions
//! and PFCOUNT gives the same estimate for the same elements.
//!
//! Layout (Redis's `hyperloglog.c`), all of it a plain string value:
//!
//! ```text
//! +------+---+-----+----------+----------------------------------+
//! | HYLL | E | N/U | Cardin.  | registers (dense) or opcodes     |
//! +------+---+-----+----------+----------------------------------+
//!   4 B   1B   3B     8 B LE
//! ```
//!
//! - `E` is the encoding: 0 dense, 1 sparse. The cached cardinality is little endian;
//!   its most significant bit set means "stale, recompute".
//! - Dense: 16384 registers of 6 bits, packed from the least significant bit of each byte
//!   upwards (12288 bytes, 12304 with the header).
//! - Sparse: run-length opcodes. `00xxxxxx` ZERO: 1..64 zero registers; `01xxxxxx yyyyyyyy`
//!   XZERO: 1..16384 zero registers (14-bit length); `1vvvvvxx` VAL: 1..4 registers of value
//!   1..32. A register above 32, or a string longer than `hll-sparse-max-bytes`, turns the
//!   value dense.
//!
//! Elements hash with MurmurHash64A (seed `0xadc83b19`): the low 14 bits pick the register,
//! the position of the first set bit above them (1-based, at most 51) is the candidate value.
//! The estimate is Ertl's improved estimator ("New cardinality estimation algorithms for
//! HyperLogLog sketches", arXiv:1702.01284), computed in the same order as Redis 7 with IEEE
//! doubles, so the integer result is the same.
//!
//! Every update of the sparse form follows Redis's in-place algorithm step by step (split
//! the opcode, then merge up to 5 neighbouring VAL opcodes), because the exact bytes are
//! observable with GET. Corrupted values are detected exactly where Redis detects them:
//! a sparse value whose runs do not cover exactly 16384 registers (or run past the last
//! one, as Debian's 7.0.15 with the CVE-2025-32023 fix checks) is accepted by PFADD as long
//! as the register it updates is covered and no promotion is needed, and rejected by
//! PFCOUNT, PFMERGE and promotion to dense.
//!
//! One corner of corrupted input is not reproduced: a sparse value whose last opcode is the
//! first byte of an XZERO (only bit-level edits of an HLL produce one). Redis then reads the
//! byte after the string: its terminator, 0, as here, except after an in-place update of such
//! a value, which leaves a byte of the update there; Spinel does not keep that hidden byte.

use alloc::vec;
use alloc::vec::Vec;

/// Header bytes: magic, encoding, 3 unused, 8 of cached cardinality.
pub const HDR_SIZE: usize = 16;
/// Index bits.
pub const P: u32 = 14;
/// Hash bits used for the run of zeros.
pub const Q: usize = 64 - P as usize;
pub const REGISTERS: usize = 1 << P;
const P_MASK: u64 = (REGISTERS - 1) as u64;
const BITS: u32 = 6;
const REGISTER_MAX: u8 = (1 << BITS) - 1;
/// Length of a dense value.
pub const DENSE_SIZE: usize = HDR_SIZE + (REGISTERS * BITS as usize).div_ceil(8);
pub const ENC_DENSE: u8 = 0;
pub const ENC_SPARSE: u8 = 1;
const MAX_ENCODING: u8 = 1;

/// Redis's default `hll-sparse-max-bytes`: beyond it a sparse value turns dense.
pub const SPARSE_MAX_BYTES: usize = 3000;

const SPARSE_VAL_MAX_VALUE: u8 = 32;
const SPARSE_VAL_MAX_LEN: usize = 4;
const SPARSE_ZERO_MAX_LEN: usize = 64;
const SPARSE_XZERO_MAX_LEN: usize = 16384;

/// 0.5 / ln(2), the bias correction for an infinite number of registers (Redis writes it
/// 0.721347520444481703680; this is the same double).
const ALPHA_INF: f64 = 0.721_347_520_444_481_7;

/// The representation is corrupted (Redis answers `INVALIDOBJ Corrupted HLL object detected`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Corrupt;

pub const INVALID_HLL_ERR: &str = "INVALIDOBJ Corrupted HLL object detected";
pub const NOT_HLL_ERR: &str = "WRONGTYPE Key is not a valid HyperLogLog string value.";

// ----- hashing ----------------------------------------------------------------------------

/// MurmurHash2, 64-bit version (MurmurHash64A), endian-neutral as in Redis.
pub fn murmur64a(key: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    // C computes `seed ^ (len * m)` with `len` an int widened to 64 bits.
    let mut h = seed ^ (key.len() as u64).wrapping_mul(M);
    let mut chunks = key.chunks_exact(8);
    for c in &mut chunks {
        let mut k = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        for (i, &b) in tail.iter().enumerate() {
            h ^= (b as u64) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

/// The register an element maps to and the length of its `000..1` pattern (1..=Q+1).
pub fn pat_len(ele: &[u8]) -> (usize, u8) {
    let hash = murmur64a(ele, 0xadc8_3b19);
    let index = (hash & P_MASK) as usize;
    // A sentinel bit above the Q usable bits bounds the count at Q+1.
    let rest = (hash >> P) | (1u64 << Q);
    (index, rest.trailing_zeros() as u8 + 1)
}

// ----- header -----------------------------------------------------------------------------

/// Redis's `isHLLObjectOrReply` check on the bytes of a string value (an integer-encoded
/// string is never an HLL: the caller checks that).
pub fn is_valid(s: &[u8]) -> bool {
    s.len() >= HDR_SIZE
        && &s[..4] == b"HYLL"
        && s[4] <= MAX_ENCODING
        && (s[4] != ENC_DENSE || s.len() == DENSE_SIZE)
}

#[inline]
pub fn encoding(s: &[u8]) -> u8 {
    s[4]
}

/// A new, empty HLL: sparse, one XZERO opcode covering every register.
pub fn new_sparse() -> Vec<u8> {
    let mut v = Vec::with_capacity(HDR_SIZE + 2);
    v.extend_from_slice(b"HYLL");
    v.push(ENC_SPARSE);
    v.extend_from_slice(&[0; 11]);
    // Redis writes as many XZERO opcodes as needed: one, for 16384 registers.
    v.extend_from_slice(&xzero_bytes(SPARSE_XZERO_MAX_LEN.min(REGISTERS)));
    v
}

/// The cached cardinality, if still valid.
pub fn cached_card(s: &[u8]) -> Option<u64> {
    if s[15] & 0x80 != 0 {
        return None;
    }
    let mut b = [0u8; 8];
    b.copy_from_slice(&s[8..16]);
    Some(u64::from_le_bytes(b))
}

pub fn set_cached_card(s: &mut [u8], card: u64) {
    s[8..16].copy_from_slice(&card.to_le_bytes());
}

pub fn invalidate_cache(s: &mut [u8]) {
    s[15] |= 0x80;
}

// ----- dense registers --------------------------------------------------------------------

#[inline]
fn dense_get(regs: &[u8], i: usize) -> u8 {
    let byte = i * BITS as usize / 8;
    let fb = (i * BITS as usize) & 7;
    let b0 = regs[byte] as u32;
    // The last register ends exactly on its byte; C reads the string's NUL terminator.
    let b1 = regs.get(byte + 1).copied().unwrap_or(0) as u32;
    (((b0 >> fb) | (b1 << (8 - fb))) & REGISTER_MAX as u32) as u8
}

#[inline]
fn dense_put(regs: &mut [u8], i: usize, val: u8) {
    let byte = i * BITS as usize / 8;
    let fb = (i * BITS as usize) & 7;
    let v = val as u32;
    let m = REGISTER_MAX as u32;
    regs[byte] = ((regs[byte] as u32 & !(m << fb)) | (v << fb)) as u8;
    if let Some(b1) = regs.get_mut(byte + 1) {
        *b1 = ((*b1 as u32 & !(m >> (8 - fb))) | (v >> (8 - fb))) as u8;
    }
}

/// Raises dense register `i` to `count`; true if it changed.
fn dense_set(s: &mut [u8], i: usize, count: u8) -> bool {
    let regs = &mut s[HDR_SIZE..];
    if count > dense_get(regs, i) {
        dense_put(regs, i, count);
        true
    } else {
        false
    }
}

fn dense_histo(regs: &[u8], histo: &mut [u32; 64]) {
    // Four 6-bit registers in every three bytes.
    for c in regs.chunks_exact(3) {
        let (b0, b1, b2) = (c[0], c[1], c[2]);
        histo[(b0 & 63) as usize] += 1;
        histo[((b0 >> 6 | b1 << 2) & 63) as usize] += 1;
        histo[((b1 >> 4 | b2 << 4) & 63) as usize] += 1;
        histo[(b2 >> 2) as usize] += 1;
    }
}

// ----- sparse opcodes ---------------------------------------------------------------------

#[inline]
fn is_zero(b: u8) -> bool {
    b & 0xc0 == 0
}
#[inline]
fn is_xzero(b: u8) -> bool {
    b & 0xc0 == 0x40
}
#[inline]
fn is_val(b: u8) -> bool {
    b & 0x80 != 0
}
#[inline]
fn zero_len(b: u8) -> usize {
    (b & 0x3f) as usize + 1
}
/// XZERO length; a truncated opcode at the very end reads the string's terminator (0).
#[inline]
fn xzero_len(s: &[u8], p: usize) -> usize {
    ((((s[p] & 0x3f) as usize) << 8) | s.get(p + 1).copied().unwrap_or(0) as usize) + 1
}
#[inline]
fn val_value(b: u8) -> u8 {
    ((b >> 2) & 0x1f) + 1
}
#[inline]
fn val_len(b: u8) -> usize {
    (b & 0x3) as usize + 1
}
#[inline]
fn val_byte(val: u8, len: usize) -> u8 {
    ((val - 1) << 2) | (len as u8 - 1) | 0x80
}
#[inline]
fn zero_byte(len: usize) -> u8 {
    (len - 1) as u8
}
#[inline]
fn xzero_bytes(len: usize) -> [u8; 2] {
    let l = len - 1;
    [((l >> 8) as u8) | 0x40, (l & 0xff) as u8]
}

/// Converts a sparse value to dense in place (a dense one is left alone). The header is
/// kept (magic, unused bytes, cached cardinality). Fails if the runs do not cover exactly
/// every register.
pub fn sparse_to_dense(s: &mut Vec<u8>) -> Result<(), Corrupt> {
    sparse_to_dense_inner(s)
}

/// Every register of a valid HLL, one value each (PFDEBUG GETREG turns the value dense first).
#[cfg(feature = "server")]
pub fn dense_registers(s: &[u8]) -> Vec<u8> {
    let regs = &s[HDR_SIZE..];
    (0..REGISTERS).map(|i| dense_get(regs, i)).collect()
}

/// PFDEBUG DECODE: a sparse value's opcodes as Redis prints them (`z:len`, `Z:len`,
/// `v:value,len`), or None for a dense one.
#[cfg(feature = "server")]
pub fn decode_sparse(s: &[u8]) -> Option<alloc::string::String> {
    use core::fmt::Write;
    if s[4] != ENC_SPARSE {
        return None;
    }
    let mut out = alloc::string::String::new();
    let mut p = HDR_SIZE;
    while p < s.len() {
        let b = s[p];
        let _ = if is_zero(b) {
            p += 1;
            write!(out, "z:{} ", zero_len(b))
        } else if is_xzero(b) {
            let len = if p + 1 < s.len() { xzero_len(s, p) } else { ((b & 0x3f) as usize) << 8 | 1 };
            p += 2;
            write!(out, "Z:{len} ")
        } else {
            p += 1;
            write!(out, "v:{},{} ", val_value(b), val_len(b))
        };
    }
    Some(alloc::string::String::from(out.trim_end()))
}

/// PFSELFTEST (Redis's pfselftestCommand): every dense register written and read back
/// through the 6-bit packing, and estimates of a sparse and a dense HLL fed the same
/// elements: equal to each other and within Redis's error bound. Err says what failed.
#[cfg(feature = "server")]
pub fn self_test(rng: &mut fastrand::Rng) -> Result<(), alloc::string::String> {
    let mut regs = vec![0u8; DENSE_SIZE - HDR_SIZE];
    let want: Vec<u8> = (0..REGISTERS).map(|_| rng.u8(0..=REGISTER_MAX)).collect();
    for (i, &v) in want.iter().enumerate() {
        dense_put(&mut regs, i, v);
    }
    for (i, &v) in want.iter().enumerate() {
        if dense_get(&regs, i) != v {
            return Err(alloc::format!("TESTFAILED Register error at index {i}"));
        }
    }
    let mut sparse = new_sparse();
    let mut dense = new_sparse();
    sparse_to_dense(&mut dense).map_err(|_| alloc::string::String::from("TESTFAILED dense conversion"))?;
    let mut checkpoint = 1u64;
    for n in 1..=100_000u64 {
        let ele = rng.u64(..).to_le_bytes();
        let (sp, de) = (add(&mut sparse, &ele, SPARSE_MAX_BYTES), add(&mut dense, &ele, SPARSE_MAX_BYTES));
        if sp.is_err() || de.is_err() {
            return Err(alloc::string::String::from("TESTFAILED corrupt HLL while adding"));
        }
        if n == checkpoint {
            let (a, b) = (count(&sparse), count(&dense));
            let (Ok(a), Ok(b)) = (a, b) else {
                return Err(alloc::string::String::from("TESTFAILED corrupt HLL while counting"));
            };
            // Both hold the same registers (the sparse one until it turns dense too).
            if a != b {
                return Err(alloc::format!("TESTFAILED sparse and dense estimates differ at {n}: {a} vs {b}"));
            }
            // Redis's bound: 5 standard errors (1.04/sqrt(m)), at least 1 for tiny sets.
            let err = (b as f64 - n as f64).abs();
            let bound = (n as f64 * 5.0 * 1.04 / libm::sqrt(REGISTERS as f64)).max(1.0);
            if err > bound {
                return Err(alloc::format!("TESTFAILED Too big error. card:{n} abserr:{err}"));
            }
            checkpoint *= 10;
        }
    }
    Ok(())
}

fn sparse_to_dense_inner(s: &mut Vec<u8>) -> Result<(), Corrupt> {
    if s[4] == ENC_DENSE {
        return Ok(());
    }
    let mut dense = vec![0u8; DENSE_SIZE];
    dense[..HDR_SIZE].copy_from_slice(&s[..HDR_SIZE]);
    dense[4] = ENC_DENSE;
    let regs = &mut dense[HDR_SIZE..];
    let mut idx = 0usize;
    let mut p = HDR_SIZE;
    while p < s.len() {
        let b = s[p];
        if is_zero(b) {
            idx += zero_len(b);
            p += 1;
        } else if is_xzero(b) {
            idx += xzero_len(s, p);
            p += 2;
        } else {
            let (runlen, val) = (val_len(b), val_value(b));
            if runlen + idx > REGISTERS {
                // A run past the last register: corrupted (Debian's 7.0.15 carries the
                // CVE-2025-32023 fix, which rejects it even when every register is covered).
                return Err(Corrupt);
            }
            for r in idx..idx + runlen {
                dense_put(regs, r, val);
            }
            idx += runlen;
            p += 1;
        }
    }
    if idx != REGISTERS {
        return Err(Corrupt);
    }
    *s = dense;
    Ok(())
}

/// Redis's `hllSparseSet`: raises register `index` to `count` in a sparse value, in place,
/// promoting it to dense when the value cannot be represented or the string would grow
/// beyond `max_bytes`. Ok(true) if the register changed.
pub fn sparse_set(
    s: &mut Vec<u8>,
    index: usize,
    count: u8,
    max_bytes: usize,
) -> Result<bool, Corrupt> {
    if count > SPARSE_VAL_MAX_VALUE {
        return promote(s, index, count);
    }
    // Step 1: find the opcode covering `index`.
    let end = s.len();
    let mut p = HDR_SIZE;
    let mut first = 0usize;
    let mut prev: Option<usize> = None;
    let mut span = 0usize;
    while p < end {
        let b = s[p];
        let oplen;
        if is_zero(b) {
            span = zero_len(b);
            oplen = 1;
        } else if is_val(b) {
            span = val_len(b);
            oplen = 1;
        } else {
            span = xzero_len(s, p);
            oplen = 2;
        }
        if index < first + span {
            break;
        }
        prev = Some(p);
        p += oplen;
        first += span;
    }
    if span == 0 || p >= end {
        return Err(Corrupt);
    }
    let b = s[p];
    let next = if is_xzero(b) { p + 2 } else { p + 1 };
    let next = if next >= end { None } else { Some(next) };
    let (op_zero, op_xzero) = (is_zero(b), is_xzero(b));
    let runlen = if op_zero {
        zero_len(b)
    } else if op_xzero {
        xzero_len(s, p)
    } else {
        val_len(b)
    };

    // Step 2: the trivial updates in place.
    let mut done = false;
    if !op_zero && !op_xzero {
        // A) already as large: nothing to do. B) a VAL of one register: overwrite it.
        if val_value(b) >= count {
            return Ok(false);
        }
        if runlen == 1 {
            s[p] = val_byte(count, 1);
            done = true;
        }
    }
    // C) a ZERO of one register becomes a VAL.
    if !done && op_zero && runlen == 1 {
        s[p] = val_byte(count, 1);
        done = true;
    }

    if !done {
        // D) split the opcode into up to three (at most 5 bytes).
        let mut seq = [0u8; 5];
        let mut n = 0;
        let last = first + span - 1;
        if op_zero || op_xzero {
            for (len, is_before) in [(index - first, true), (last - index, false)] {
                if !is_before {
                    seq[n] = val_byte(count, 1);
                    n += 1;
                }
                if len == 0 {
                    continue;
                }
                if len > SPARSE_ZERO_MAX_LEN {
                    seq[n..n + 2].copy_from_slice(&xzero_bytes(len));
                    n += 2;
                } else {
                    seq[n] = zero_byte(len);
                    n += 1;
                }
            }
        } else {
            let curval = val_value(b);
            if index != first {
                seq[n] = val_byte(curval, index - first);
                n += 1;
            }
            seq[n] = val_byte(count, 1);
            n += 1;
            if index != last {
                seq[n] = val_byte(curval, last - index);
                n += 1;
            }
        }
        // Step 3: substitute the sequence for the old opcode.
        let oldlen: isize = if op_xzero { 2 } else { 1 };
        let delta = n as isize - oldlen;
        if delta > 0 && s.len() + delta as usize > max_bytes {
            return promote(s, index, count);
        }
        let newlen = (s.len() as isize + delta) as usize;
        match next {
            Some(nx) => {
                s.splice(p..nx, seq[..n].iter().copied());
            }
            None => {
                // The opcode was the last one (possibly a truncated XZERO).
                s.truncate(p);
                s.extend_from_slice(&seq[..n]);
                s.truncate(newlen);
            }
        }
    }

    // Step 4: merge adjacent VAL opcodes of the same value, scanning up to 5 opcodes
    // from the one before the change.
    let mut p = prev.unwrap_or(HDR_SIZE);
    let mut scanlen = 5;
    while p < s.len() && scanlen > 0 {
        scanlen -= 1;
        let b = s[p];
        if is_xzero(b) {
            p += 2;
            continue;
        } else if is_zero(b) {
            p += 1;
            continue;
        }
        if p + 1 < s.len() && is_val(s[p + 1]) {
            let (v1, v2) = (val_value(b), val_value(s[p + 1]));
            if v1 == v2 {
                let len = val_len(b) + val_len(s[p + 1]);
                if len <= SPARSE_VAL_MAX_LEN {
                    s[p + 1] = val_byte(v1, len);
                    s.remove(p);
                    // Try again with the merged opcode and its right neighbour.
                    continue;
                }
            }
        }
        p += 1;
    }
    invalidate_cache(s);
    Ok(true)
}

fn promote(s: &mut Vec<u8>, index: usize, count: u8) -> Result<bool, Corrupt> {
    sparse_to_dense(s)?;
    // Promotion only happens for an update, so the register does grow.
    Ok(dense_set(s, index, count))
}

/// Register histogram of a sparse value; false if its runs do not cover exactly every register.
fn sparse_histo(s: &[u8], histo: &mut [u32; 64]) -> bool {
    let mut idx = 0usize;
    let mut p = HDR_SIZE;
    while p < s.len() {
        let b = s[p];
        if is_zero(b) {
            let r = zero_len(b);
            idx += r;
            histo[0] += r as u32;
            p += 1;
        } else if is_xzero(b) {
            let r = xzero_len(s, p);
            idx += r;
            histo[0] += r as u32;
            p += 2;
        } else {
            let r = val_len(b);
            idx += r;
            histo[val_value(b) as usize] += r as u32;
            p += 1;
        }
    }
    idx == REGISTERS
}

// ----- the public operations ---------------------------------------------------------------

/// Adds an element to a valid HLL value (Redis's `hllAdd`): Ok(true) if a register changed.
pub fn add(s: &mut Vec<u8>, ele: &[u8], max_bytes: usize) -> Result<bool, Corrupt> {
    let (index, count) = pat_len(ele);
    match s[4] {
        ENC_DENSE => Ok(dense_set(s, index, count)),
        ENC_SPARSE => sparse_set(s, index, count, max_bytes),
        _ => Err(Corrupt),
    }
}

/// Raises register `index` of a valid HLL value to `count` (PFMERGE's write-back).
pub fn set_register(
    s: &mut Vec<u8>,
    index: usize,
    count: u8,
    max_bytes: usize,
) -> Result<bool, Corrupt> {
    match s[4] {
        ENC_DENSE => Ok(dense_set(s, index, count)),
        _ => sparse_set(s, index, count, max_bytes),
    }
}

/// `max[i] = max(max[i], register i)` for a valid HLL value (Redis's `hllMerge`).
pub fn merge_into(max: &mut [u8; REGISTERS], s: &[u8]) -> Result<(), Corrupt> {
    if s[4] == ENC_DENSE {
        let regs = &s[HDR_SIZE..];
        for (i, m) in max.iter_mut().enumerate() {
            let v = dense_get(regs, i);
            if v > *m {
                *m = v;
            }
        }
        return Ok(());
    }
    let mut i = 0usize;
    let mut p = HDR_SIZE;
    while p < s.len() {
        let b = s[p];
        if is_zero(b) {
            i += zero_len(b);
            p += 1;
        } else if is_xzero(b) {
            i += xzero_len(s, p);
            p += 2;
        } else {
            let (runlen, val) = (val_len(b), val_value(b));
            if runlen + i > REGISTERS {
                return Err(Corrupt);
            }
            for m in &mut max[i..i + runlen] {
                if val > *m {
                    *m = val;
                }
            }
            i += runlen;
            p += 1;
        }
    }
    if i != REGISTERS {
        return Err(Corrupt);
    }
    Ok(())
}

/// The estimate of a valid HLL value; Err for a sparse value whose runs are inconsistent.
pub fn count(s: &[u8]) -> Result<u64, Corrupt> {
    let mut histo = [0u32; 64];
    if s[4] == ENC_DENSE {
        dense_histo(&s[HDR_SIZE..], &mut histo);
    } else if !sparse_histo(s, &mut histo) {
        return Err(Corrupt);
    }
    Ok(estimate(&histo))
}

/// The estimate of a union given as one byte per register (multi-key PFCOUNT).
pub fn count_registers(regs: &[u8; REGISTERS]) -> u64 {
    let mut histo = [0u32; 64];
    for &r in regs.iter() {
        histo[r as usize] += 1;
    }
    estimate(&histo)
}

/// Ertl's estimator from the register histogram, as Redis's `hllCount`.
fn estimate(histo: &[u32; 64]) -> u64 {
    let m = REGISTERS as f64;
    let mut z = m * tau((m - histo[Q + 1] as f64) / m);
    for j in (1..=Q).rev() {
        z += histo[j] as f64;
        z *= 0.5;
    }
    z += m * sigma(histo[0] as f64 / m);
    let e = llround(ALPHA_INF * m * m / z);
    // `(uint64_t)(double)llroundl(...)` as x86-64 compiles it.
    let d = e as f64;
    if d < 0.0 {
        e as u64
    } else {
        d as u64
    }
}

/// C `llroundl` of a double on x86-64: half away from zero; NaN and values out of range give
/// LLONG_MIN (the "integer indefinite" value).
fn llround(v: f64) -> i64 {
    const TWO63: f64 = 9_223_372_036_854_775_808.0;
    if !(-TWO63..TWO63).contains(&v) {
        return i64::MIN;
    }
    let t = v as i64; // truncates toward zero
    let frac = v - t as f64; // exact for |v| < 2^63
    if frac >= 0.5 {
        t + 1
    } else if frac <= -0.5 {
        t - 1
    } else {
        t
    }
}

fn sigma(mut x: f64) -> f64 {
    if x == 1.0 {
        return f64::INFINITY;
    }
    let mut y = 1.0;
    let mut z = x;
    loop {
        x *= x;
        let z_prime = z;
        z += x * y;
        y += y;
        if z_prime == z {
            return z;
        }
    }
}

fn tau(mut x: f64) -> f64 {
    if x == 0.0 || x == 1.0 {
        return 0.0;
    }
    let mut y = 1.0;
    let mut z = 1.0 - x;
    loop {
        x = sqrt(x);
        let z_prime = z;
        y *= 0.5;
        let d = 1.0 - x;
        z -= d * d * y;
        if z_prime == z {
            return z / 3.0;
        }
    }
}

/// Correctly rounded square root of a non-negative finite double (IEEE `sqrt`, which `core`
/// does not offer without std): integer square root of the significand.
fn sqrt(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return if x == 0.0 { x } else { f64::NAN };
    }
    let bits = x.to_bits();
    let exp_field = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    // x = m * 2^e with m an integer.
    let (m, e) = if exp_field == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp_field - 1075)
    };
    // Shift m so its top bit lands at 104 or 105 with an even exponent: the integer root
    // then has exactly 53 bits.
    let top = 63 - m.leading_zeros() as i32;
    let mut sh = 104 - top;
    if (e - sh) & 1 != 0 {
        sh += 1;
    }
    let big = (m as u128) << sh;
    let (mut r, rem) = isqrt(big);
    // Round to nearest: the exact root exceeds r + 1/2 iff rem > r (never exactly 1/2).
    if rem > r {
        r += 1;
    }
    let mut half = (e - sh) / 2;
    let mut r = r as u64;
    if r == 1u64 << 53 {
        r >>= 1;
        half += 1;
    }
    let exp = half + 52 + 1023;
    f64::from_bits(((exp as u64) << 52) | (r & ((1u64 << 52) - 1)))
}

/// Integer square root with remainder, digit by digit.
fn isqrt(n: u128) -> (u128, u128) {
    let mut rem = n;
    let mut root: u128 = 0;
    let mut bit: u128 = 1u128 << 126;
    while bit > n {
        bit >>= 2;
    }
    while bit != 0 {
        if rem >= root + bit {
            rem -= root + bit;
            root = (root >> 1) + bit;
        } else {
            root >>= 1;
        }
        bit >>= 2;
    }
    (root, rem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqrt_is_correctly_rounded() {
        for &(x, want) in &[
            (4.0, 2.0),
            (2.0, core::f64::consts::SQRT_2),
            (0.25, 0.5),
            (1.0, 1.0),
        ] {
            assert_eq!(sqrt(x), want);
        }
        // Compare with std's (hardware) sqrt on many values.
        let mut s: u64 = 0x1234_5678_9abc_def1;
        for _ in 0..200_000 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let x = f64::from_bits(s >> 2); // positive, any exponent
            if !x.is_finite() {
                continue;
            }
            assert_eq!(sqrt(x).to_bits(), std_sqrt(x).to_bits(), "{x:e}");
            let y = (s >> 11) as f64 / (1u64 << 53) as f64;
            assert_eq!(sqrt(y).to_bits(), std_sqrt(y).to_bits(), "{y:e}");
        }
    }

    #[cfg(feature = "std")]
    fn std_sqrt(x: f64) -> f64 {
        x.sqrt()
    }
    #[cfg(not(feature = "std"))]
    fn std_sqrt(x: f64) -> f64 {
        sqrt(x)
    }

    #[test]
    fn murmur_and_pattern_match_redis() {
        // Known values of MurmurHash64A (seed 0xadc83b19), checked against Redis's
        // register choices: PFADD of "a", "b", "c" gives the sparse bytes below.
        let mut s = new_sparse();
        for e in [&b"a"[..], b"b", b"c"] {
            assert_eq!(add(&mut s, e, SPARSE_MAX_BYTES), Ok(true));
        }
        assert_eq!(&s[16..], b"`\xf3\x80P\xb1\x84K\xfb\x80BZ");
        assert_eq!(count(&s), Ok(3));
    }

    #[test]
    fn empty_hll_layout() {
        let s = new_sparse();
        assert_eq!(
            s,
            b"HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x7f\xff"
        );
        assert!(is_valid(&s));
        assert_eq!(count(&s), Ok(0));
    }

    #[test]
    fn dense_registers_round_trip() {
        let mut s = vec![0u8; DENSE_SIZE];
        s[..4].copy_from_slice(b"HYLL");
        let mut x: u32 = 7;
        let mut want = vec![0u8; REGISTERS];
        for (i, w) in want.iter_mut().enumerate() {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            *w = ((x >> 16) & 63) as u8;
            dense_put(&mut s[HDR_SIZE..], i, *w);
        }
        for (i, w) in want.iter().enumerate() {
            assert_eq!(dense_get(&s[HDR_SIZE..], i), *w);
        }
        let mut histo = [0u32; 64];
        dense_histo(&s[HDR_SIZE..], &mut histo);
        for (v, &n) in histo.iter().enumerate() {
            assert_eq!(
                n as usize,
                want.iter().filter(|&&w| w as usize == v).count()
            );
        }
    }

    #[test]
    fn sparse_and_dense_agree() {
        // The same elements in a sparse HLL (promoted at some point) and in a dense one
        // give the same registers and estimate.
        let mut sp = new_sparse();
        let mut de = new_sparse();
        sparse_to_dense(&mut de).unwrap();
        for i in 0..5000u32 {
            let ele = alloc::format!("ele:{i}");
            let a = add(&mut sp, ele.as_bytes(), SPARSE_MAX_BYTES).unwrap();
            let b = add(&mut de, ele.as_bytes(), SPARSE_MAX_BYTES).unwrap();
            assert_eq!(a, b, "{i}");
            if i == 100 {
                assert_eq!(sp[4], ENC_SPARSE);
                let mut m1 = [0u8; REGISTERS];
                let mut m2 = [0u8; REGISTERS];
                merge_into(&mut m1, &sp).unwrap();
                merge_into(&mut m2, &de).unwrap();
                assert!(m1 == m2);
                assert_eq!(count(&sp), count(&de));
            }
        }
        assert_eq!(sp[4], ENC_DENSE);
        assert_eq!(sp.len(), DENSE_SIZE);
        // Headers differ only in the cache bits.
        assert_eq!(sp[HDR_SIZE..], de[HDR_SIZE..]);
    }

    #[test]
    fn alpha_is_redis_constant() {
        assert_eq!(ALPHA_INF, "0.721347520444481703680".parse::<f64>().unwrap());
    }

    #[test]
    fn llround_edges() {
        assert_eq!(llround(2.5), 3);
        assert_eq!(llround(2.4999), 2);
        assert_eq!(llround(f64::INFINITY), i64::MIN);
        assert_eq!(llround(f64::NAN), i64::MIN);
        assert_eq!(llround(1e300), i64::MIN);
    }
}
