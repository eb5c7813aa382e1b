//! Redis's RDB serialization: values as DUMP/RESTORE carry them and whole keyspaces as
//! dump.rdb files hold them, byte-compatible with Redis 7.0 (RDB version 10).
//!
//! [`encode`] writes every type in the encoding Redis 7.0 writes (int/LZF strings,
//! quicklist-2 lists of listpacks, listpack or hashtable hashes, intset or hashtable sets,
//! listpack or skiplist sorted sets, listpack-v2 streams with groups). [`decode`] reads
//! those plus the older encodings Redis 7 still loads (ziplist, zipmap, quicklist v1,
//! linked lists, v1 streams) and 7.2's listpack sets and v3 streams. Decoding checks every
//! length against its input: corrupt or hostile bytes give an error, never a panic.
//! Files and fsync are the host's business; this module works on byte buffers.

pub mod decode;
pub mod encode;
pub mod file;
pub mod lzf;
pub mod packed;

/// The RDB version Spinel writes (Redis 7.0's).
pub const RDB_VERSION: u16 = 10;
/// The newest version Spinel reads (Redis 7.2's; its new types are read too).
pub const RDB_VERSION_MAX_READ: u16 = 11;

/// Value type bytes.
pub mod ty {
    pub const STRING: u8 = 0;
    pub const LIST: u8 = 1;
    pub const SET: u8 = 2;
    pub const ZSET: u8 = 3;
    pub const HASH: u8 = 4;
    pub const ZSET_2: u8 = 5;
    pub const HASH_ZIPMAP: u8 = 9;
    pub const LIST_ZIPLIST: u8 = 10;
    pub const SET_INTSET: u8 = 11;
    pub const ZSET_ZIPLIST: u8 = 12;
    pub const HASH_ZIPLIST: u8 = 13;
    pub const LIST_QUICKLIST: u8 = 14;
    pub const STREAM_LISTPACKS: u8 = 15;
    pub const HASH_LISTPACK: u8 = 16;
    pub const ZSET_LISTPACK: u8 = 17;
    pub const LIST_QUICKLIST_2: u8 = 18;
    pub const STREAM_LISTPACKS_2: u8 = 19;
    pub const SET_LISTPACK: u8 = 20;
    pub const STREAM_LISTPACKS_3: u8 = 21;
}

/// File opcodes (they share the byte space with type bytes).
pub mod op {
    pub const FUNCTION2: u8 = 245;
    pub const FUNCTION: u8 = 246;
    pub const MODULE_AUX: u8 = 247;
    pub const IDLE: u8 = 248;
    pub const FREQ: u8 = 249;
    pub const AUX: u8 = 250;
    pub const RESIZEDB: u8 = 251;
    pub const EXPIRETIME_MS: u8 = 252;
    pub const EXPIRETIME: u8 = 253;
    pub const SELECTDB: u8 = 254;
    pub const EOF: u8 = 255;
}

/// Why bytes could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// Malformed input (what was wrong, for logs).
    Corrupt(&'static str),
    /// A type byte Spinel does not know (module types, newer Redis versions).
    UnknownType(u8),
    /// A well-formed but empty collection: files skip such keys, RESTORE refuses them.
    Empty,
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Error::Corrupt(what) => write!(f, "corrupt RDB data: {what}"),
            Error::UnknownType(t) => write!(f, "unknown RDB value type {t}"),
            Error::Empty => f.write_str("empty collection"),
        }
    }
}

/// 16 bytes at a time (a 32 KB table) where RDB files can be large; on wasm a byte at a time
/// (2 KB): the bigger table, incompressible, was 4% of the npm package's gzipped module.
#[cfg(not(target_arch = "wasm32"))]
type CrcTable = crc::Table<16>;
#[cfg(target_arch = "wasm32")]
type CrcTable = crc::Table<1>;

/// CRC-64 as Redis's crc64.c computes it (Jones polynomial, reflected, no xor): the
/// footer of DUMP payloads and RDB files.
pub fn crc64(crc: u64, data: &[u8]) -> u64 {
    // The catalog's CRC-64/REDIS, table-driven. Continuing from a previous value: the
    // algorithm has init 0 and no final xor, so the state is the crc.
    const CRC: crc::Crc<u64, CrcTable> = crc::Crc::<u64, CrcTable>::new(&crc::CRC_64_REDIS);
    // `digest_with_initial` reflects its argument for this reflected algorithm: undo that.
    let mut d = CRC.digest_with_initial(crc.reverse_bits());
    d.update(data);
    d.finalize()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc64_matches_redis() {
        // crc64.c's own test vector.
        assert_eq!(crc64(0, b"123456789"), 0xe9c6d914c4b8d9ca);
        let whole = crc64(0, b"hello world, hello crc");
        assert_eq!(crc64(crc64(0, b"hello world"), b", hello crc"), whole);
    }
}
