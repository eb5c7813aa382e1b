//! Representations of the collection types, one module each (strings live in `value.rs`).
//! Each chooses a compact encoding for small values and a scalable one for large values,
//! and reports the encoding name Redis 7.0 would (OBJECT ENCODING).

pub mod hash;
pub mod list;
pub mod set;
pub mod stream;
pub mod zset;
