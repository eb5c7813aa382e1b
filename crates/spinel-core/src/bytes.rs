//! `ByteStr`: an immutable byte string stored inline when short (keys, small values).
//!
//! Most keys are short; keeping them inside the entry saves an allocation and a pointer
//! chase on every lookup.

use alloc::boxed::Box;
use core::borrow::Borrow;
use core::fmt;
use core::ops::Deref;

const INLINE: usize = 22;

#[derive(Clone)]
pub enum ByteStr {
    Inline { len: u8, data: [u8; INLINE] },
    Heap(Box<[u8]>),
}

impl ByteStr {
    #[inline]
    pub fn new(s: &[u8]) -> Self {
        if s.len() <= INLINE {
            let mut data = [0u8; INLINE];
            data[..s.len()].copy_from_slice(s);
            ByteStr::Inline { len: s.len() as u8, data }
        } else {
            ByteStr::Heap(s.into())
        }
    }

    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            ByteStr::Inline { len, data } => &data[..*len as usize],
            ByteStr::Heap(b) => b,
        }
    }

    /// Heap bytes this value owns beyond its own size (for MEMORY USAGE and INFO).
    pub fn heap_size(&self) -> usize {
        match self {
            ByteStr::Inline { .. } => 0,
            ByteStr::Heap(b) => b.len(),
        }
    }
}

/// `a == b` for byte strings, without a call to `memcmp` when they are short (<= 16 bytes):
/// two overlapping word compares. Keys, fields and members are found by scanning listpacks
/// and probing tables, comparing each candidate; in wasm `memcmp` is a byte loop behind a
/// call, so this saves most of the cost of each compare there (and a little natively).
#[inline(always)]
pub fn eq(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n >= 8 {
        if n > 16 {
            return a == b;
        }
        let word = |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().unwrap_or_default());
        return word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8);
    }
    if n >= 4 {
        let word = |s: &[u8], i: usize| u32::from_le_bytes(s[i..i + 4].try_into().unwrap_or_default());
        return word(a, 0) == word(b, 0) && word(a, n - 4) == word(b, n - 4);
    }
    // 0 to 3 bytes: the first, middle and last cover them all.
    n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1])
}

impl Deref for ByteStr {
    type Target = [u8];
    #[inline]
    fn deref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl Borrow<[u8]> for ByteStr {
    fn borrow(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl PartialEq for ByteStr {
    fn eq(&self, other: &Self) -> bool {
        eq(self.as_bytes(), other.as_bytes())
    }
}
impl Eq for ByteStr {}

impl fmt::Debug for ByteStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", alloc::string::String::from_utf8_lossy(self.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn inline_and_heap() {
        assert_eq!(core::mem::size_of::<ByteStr>(), 24);
        let a = ByteStr::new(b"short");
        assert!(matches!(a, ByteStr::Inline { .. }));
        assert_eq!(&*a, b"short");
        let long = [7u8; 40];
        let b = ByteStr::new(&long);
        assert!(matches!(b, ByteStr::Heap(_)));
        assert_eq!(&*b, &long[..]);
    }

    #[test]
    fn eq_agrees_with_slice_equality_at_every_length_and_position() {
        // Each length up to past the word paths, with a difference at every position.
        for n in 0..40usize {
            let a: alloc::vec::Vec<u8> = (0..n as u8).map(|i| i.wrapping_mul(37)).collect();
            assert!(eq(&a, &a.clone()));
            for i in 0..n {
                let mut b = a.clone();
                b[i] ^= 0x80;
                assert!(!eq(&a, &b), "length {n}, byte {i}");
            }
            assert!(!eq(&a, &a[..n.saturating_sub(1)]) || n == 0);
        }
    }
}
