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
        self.as_bytes() == other.as_bytes()
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
}
