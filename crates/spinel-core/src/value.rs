//! Values stored in the keyspace and their Redis encodings.
//!
//! Each data type lives in its own module (strings here for now; lists, hashes, sets,
//! sorted sets and streams get theirs) and reports the encoding name Redis would.

use crate::bytes::ByteStr;
use crate::num;
use crate::types::{hash::Hash, list::List, set::Set, stream::Stream, zset::ZSet};
use alloc::boxed::Box;
use alloc::vec::Vec;

/// Strings up to this length are "embstr" in Redis when created whole.
pub const EMBSTR_MAX: usize = 44;

/// A string value in the representation Redis would pick.
#[derive(Clone, Debug)]
pub enum StrValue {
    /// A canonical decimal integer that fits in i64 ("int").
    Int(i64),
    /// Created whole and short ("embstr").
    Emb(ByteStr),
    /// Long, or modified in place by APPEND/SETRANGE/SETBIT ("raw").
    Raw(Vec<u8>),
}

impl StrValue {
    /// The encoding Redis would choose for a string value created from `s` by SET.
    pub fn from_bytes(s: &[u8]) -> Self {
        if s.len() <= 20 {
            if let Some(n) = num::parse_i64(s) {
                return StrValue::Int(n);
            }
        }
        if s.len() <= EMBSTR_MAX {
            StrValue::Emb(ByteStr::new(s))
        } else {
            StrValue::Raw(s.to_vec())
        }
    }

    /// A value created by a command that builds a new string object without trying the
    /// integer encoding (as Redis's createStringObject does, e.g. INCRBYFLOAT, GETRANGE results stored).
    pub fn from_bytes_no_int(s: &[u8]) -> Self {
        if s.len() <= EMBSTR_MAX {
            StrValue::Emb(ByteStr::new(s))
        } else {
            StrValue::Raw(s.to_vec())
        }
    }

    /// Calls `f` with the string's bytes (integers are formatted on the stack).
    #[inline]
    pub fn with_bytes<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        match self {
            StrValue::Int(n) => {
                let mut b = itoa::Buffer::new();
                f(b.format(*n).as_bytes())
            }
            StrValue::Emb(s) => f(s),
            StrValue::Raw(v) => f(v),
        }
    }

    pub fn to_vec(&self) -> Vec<u8> {
        self.with_bytes(|b| b.to_vec())
    }

    pub fn len(&self) -> usize {
        match self {
            StrValue::Int(n) => num::i64_len(*n),
            StrValue::Emb(s) => s.len(),
            StrValue::Raw(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Turns the value into the "raw" encoding (for in-place modification) and returns it.
    pub fn make_raw(&mut self) -> &mut Vec<u8> {
        if !matches!(self, StrValue::Raw(_)) {
            *self = StrValue::Raw(self.to_vec());
        }
        match self {
            StrValue::Raw(v) => v,
            _ => unreachable!(),
        }
    }

    pub fn encoding(&self) -> &'static str {
        match self {
            StrValue::Int(_) => "int",
            StrValue::Emb(_) => "embstr",
            StrValue::Raw(_) => "raw",
        }
    }

    /// Heap bytes owned by the value.
    pub fn heap_size(&self) -> usize {
        match self {
            StrValue::Int(_) => 0,
            StrValue::Emb(s) => s.heap_size(),
            StrValue::Raw(v) => v.capacity(),
        }
    }
}

/// A value of any Redis type. Collections are boxed so an entry stays small.
#[derive(Clone, Debug)]
pub enum Value {
    Str(StrValue),
    List(Box<List>),
    Hash(Box<Hash>),
    Set(Set),
    ZSet(Box<ZSet>),
    Stream(Box<Stream>),
}

impl Value {
    /// The name TYPE reports.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "string",
            Value::List(_) => "list",
            Value::Hash(_) => "hash",
            Value::Set(_) => "set",
            Value::ZSet(_) => "zset",
            Value::Stream(_) => "stream",
        }
    }

    /// The name OBJECT ENCODING reports.
    pub fn encoding(&self) -> &'static str {
        match self {
            Value::Str(s) => s.encoding(),
            Value::List(v) => v.encoding(),
            Value::Hash(v) => v.encoding(),
            Value::Set(v) => v.encoding(),
            Value::ZSet(v) => v.encoding(),
            Value::Stream(v) => v.encoding(),
        }
    }

    pub fn heap_size(&self) -> usize {
        match self {
            Value::Str(s) => s.heap_size(),
            Value::List(v) => v.heap_size(),
            Value::Hash(v) => v.heap_size(),
            Value::Set(v) => v.heap_size(),
            Value::ZSet(v) => v.heap_size(),
            Value::Stream(v) => v.heap_size(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn encodings_follow_redis() {
        assert_eq!(StrValue::from_bytes(b"123").encoding(), "int");
        assert_eq!(StrValue::from_bytes(b"0123").encoding(), "embstr");
        assert_eq!(StrValue::from_bytes(b"-9223372036854775808").encoding(), "int");
        assert_eq!(StrValue::from_bytes(b"9223372036854775808").encoding(), "embstr");
        assert_eq!(StrValue::from_bytes(&[b'a'; 44]).encoding(), "embstr");
        assert_eq!(StrValue::from_bytes(&[b'a'; 45]).encoding(), "raw");
        let mut v = StrValue::from_bytes(b"42");
        v.make_raw().push(b'x');
        assert_eq!(v.encoding(), "raw");
        assert_eq!(v.to_vec(), b"42x");
    }
}

#[cfg(test)]
mod size_tests {
    /// Every key pays for a `Value` in its slab entry: sets are held inline, not boxed, so
    /// they must not make the enum any larger than a string value is.
    #[test]
    fn value_stays_small() {
        assert!(core::mem::size_of::<super::Value>() <= 32, "{}", core::mem::size_of::<super::Value>());
        assert!(core::mem::size_of::<crate::types::set::Set>() <= 24);
    }
}
