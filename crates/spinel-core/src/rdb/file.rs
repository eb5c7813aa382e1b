//! Whole keyspaces as RDB files (dump.rdb): `REDIS0010`, aux fields, then per database
//! SELECTDB, RESIZEDB and the keys (EXPIRETIME_MS before a key with a TTL), EOF and the
//! CRC-64 of everything before it. Redis 7 loads what [`write`] produces and [`load`] reads
//! what Redis 7.0 (and 7.2) writes. The host moves the bytes to and from files.

use super::decode::{self, Limits, Reader};
use super::encode::Encoder;
use super::{crc64, op, Error, RDB_VERSION, RDB_VERSION_MAX_READ};
use crate::config::opt;
use crate::engine::Engine;
use crate::keyspace::NO_EXPIRE;
use alloc::string::String;
use alloc::vec::Vec;

/// Output is handed to the sink in pieces of about this size.
const FLUSH_AT: usize = 1 << 20;

fn aux(enc: &mut Encoder, key: &str, value: &[u8]) {
    enc.out.push(op::AUX);
    enc.string(key.as_bytes());
    enc.string(value);
}

/// Serializes every database of `e` as an RDB file, passing the bytes to `sink` in pieces
/// (so a large keyspace never sits twice in memory). `now_s` goes into the `ctime` field.
pub fn write<E>(e: &Engine, now_s: u64, sink: &mut dyn FnMut(&[u8]) -> Result<(), E>) -> Result<(), E> {
    write_filtered(e, now_s, true, sink)
}

/// [`write`], with the keys left out when `with_keys` is false (a replica's `REPLCONF
/// rdb-filter-only`: the header, aux fields and EOF only).
pub fn write_filtered<E>(e: &Engine, now_s: u64, with_keys: bool, sink: &mut dyn FnMut(&[u8]) -> Result<(), E>) -> Result<(), E> {
    let mut enc = crate::commands::dump::encoder(e);
    let checksum = e.config.bool(opt::RDBCHECKSUM);
    let mut crc = 0u64;
    let flush = |enc: &mut Encoder, crc: &mut u64, sink: &mut dyn FnMut(&[u8]) -> Result<(), E>| -> Result<(), E> {
        if checksum {
            *crc = crc64(*crc, &enc.out);
        }
        sink(&enc.out)?;
        enc.out.clear();
        Ok(())
    };
    enc.out.extend_from_slice(alloc::format!("REDIS{:04}", RDB_VERSION).as_bytes());
    aux(&mut enc, "redis-ver", crate::commands::connection::REDIS_VERSION.as_bytes());
    aux(&mut enc, "redis-bits", alloc::format!("{}", e.host.arch_bits).as_bytes());
    aux(&mut enc, "ctime", alloc::format!("{now_s}").as_bytes());
    aux(&mut enc, "used-mem", alloc::format!("{}", e.used_memory()).as_bytes());
    // The replication history the data is at (Redis's rdbSaveInfo): which database the
    // stream has selected (a replica of a replica gets the stream verbatim, without a
    // SELECT of its own), its ID and offset (after a restart, PSYNC continues from them).
    #[cfg(feature = "server")]
    if let Some((db, replid, offset)) = e.replication_info() {
        aux(&mut enc, "repl-stream-db", itoa::Buffer::new().format(db).as_bytes());
        aux(&mut enc, "repl-id", replid.as_bytes());
        aux(&mut enc, "repl-offset", itoa::Buffer::new().format(offset).as_bytes());
    }
    aux(&mut enc, "aof-base", b"0");
    // Function libraries come before the keys, as Redis writes them (also for a replica
    // that asked for no keys: `redis-cli --functions-rdb`).
    for code in e.function_library_codes() {
        enc.out.push(op::FUNCTION2);
        enc.string(&code);
    }
    #[cfg(feature = "server")]
    let key_save_delay = e.config.int(opt::RDB_KEY_SAVE_DELAY);
    for (i, db) in e.dbs.iter().enumerate() {
        if db.is_empty() || !with_keys {
            continue;
        }
        enc.out.push(op::SELECTDB);
        enc.len(i as u64);
        enc.out.push(op::RESIZEDB);
        enc.len(db.len() as u64);
        enc.len(db.expires_len() as u64);
        #[cfg_attr(not(feature = "server"), allow(unused_variables))]
        for (n, entry) in db.iter().enumerate() {
            // rdb-key-save-delay (a test switch): microseconds after each key; negative is
            // one microsecond every that many keys.
            #[cfg(feature = "server")]
            match key_save_delay {
                0 => {}
                d if d > 0 => (e.host.sleep_us)(d as u64),
                d => {
                    if n as i64 % -d == 0 {
                        (e.host.sleep_us)(1);
                    }
                }
            }
            let expire = db.expire_of(entry);
            if expire != NO_EXPIRE {
                enc.out.push(op::EXPIRETIME_MS);
                enc.out.extend_from_slice(&expire.to_le_bytes());
            }
            match e.saved_access(entry.lru) {
                (Some(idle), _) => {
                    enc.out.push(op::IDLE);
                    enc.len(idle);
                }
                (_, Some(freq)) => enc.out.extend_from_slice(&[op::FREQ, freq]),
                _ => {}
            }
            enc.out.push(super::encode::type_byte(&entry.value));
            enc.string(entry.key.as_bytes());
            enc.value(&entry.value);
            if enc.out.len() >= FLUSH_AT {
                flush(&mut enc, &mut crc, sink)?;
            }
        }
    }
    enc.out.push(op::EOF);
    flush(&mut enc, &mut crc, sink)?;
    sink(&crc.to_le_bytes())
}

/// The whole file in memory (tests, small keyspaces).
pub fn write_to_vec(e: &Engine, now_s: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = write::<()>(e, now_s, &mut |b| {
        out.extend_from_slice(b);
        Ok(())
    });
    out
}

/// What a load did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub version: u16,
    pub keys_loaded: u64,
    /// Keys whose TTL had passed: not loaded (as Redis does on a primary).
    pub keys_expired: u64,
    /// Empty collections (Redis skips them too).
    pub empty_keys_skipped: u64,
    /// Function libraries loaded.
    pub functions_loaded: u64,
    /// Function libraries skipped: the engine has no script VM (file checks).
    pub functions_skipped: u64,
    /// Bytes consumed, checksum included (an AOF with an RDB preamble continues there).
    pub consumed: usize,
    /// The `repl-stream-db` aux field: the database the sender's replication stream has
    /// selected (an RDB from a master's replica).
    pub stream_db: Option<usize>,
    /// The `repl-id` and `repl-offset` aux fields: the replication history the data is at.
    pub repl_id: Option<String>,
    pub repl_offset: Option<i64>,
    /// Keys not loaded because their TTL had passed, (database, key): from an RDB with
    /// `repl-id` only (a restarted master sends their DELs to its replicas).
    pub expired: Vec<(usize, Vec<u8>)>,
}

/// Why a file could not be loaded, in words for the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError(pub String);

impl From<Error> for LoadError {
    fn from(e: Error) -> Self {
        LoadError(alloc::format!("{e}"))
    }
}

/// Loads an RDB file into `e`'s (empty) databases. Keys already expired at `now_ms` are
/// skipped. On error the engine may hold part of the data: the host refuses to start.
pub fn load(e: &mut Engine, data: &[u8], now_ms: u64) -> Result<LoadReport, LoadError> {
    load_with(e, data, now_ms, false)
}

/// As [`load`]; with `merge` (DEBUG RELOAD MERGE) a key or function library already present
/// is replaced instead of failing the load.
pub fn load_with(e: &mut Engine, data: &[u8], now_ms: u64, merge: bool) -> Result<LoadReport, LoadError> {
    let mut report = LoadReport::default();
    if data.len() < 9 || &data[..5] != b"REDIS" {
        return Err(LoadError("Wrong signature trying to load DB from file".into()));
    }
    let version = core::str::from_utf8(&data[5..9]).ok().and_then(|v| v.parse::<u16>().ok()).unwrap_or(0);
    if !(1..=RDB_VERSION_MAX_READ).contains(&version) {
        return Err(LoadError(alloc::format!("Can't handle RDB format version {version}")));
    }
    report.version = version;
    let lim = Limits::from_config(&e.config, e.rng.u64(..));
    let mut r = Reader::new(data);
    r.take(9)?;
    let mut db = 0usize;
    let mut expire: u64 = NO_EXPIRE;
    let mut idle: Option<u64> = None;
    let mut freq: Option<u8> = None;
    let mut libraries: Vec<Vec<u8>> = Vec::new();
    loop {
        let t = r.byte()?;
        match t {
            op::EXPIRETIME_MS => {
                expire = r.i64_le()?.max(1) as u64;
                continue;
            }
            op::EXPIRETIME => {
                expire = (r.u32_le()? as u64 * 1000).max(1);
                continue;
            }
            op::FREQ => {
                freq = Some(r.byte()?);
                continue;
            }
            op::IDLE => {
                idle = Some(r.length()?);
                continue;
            }
            op::EOF => break,
            op::SELECTDB => {
                let n = r.length()?;
                if n >= e.dbs.len() as u64 {
                    return Err(LoadError(alloc::format!(
                        "FATAL: Data file was created with a Redis server configured to handle more than {} databases. Exiting",
                        e.dbs.len()
                    )));
                }
                db = n as usize;
                continue;
            }
            op::RESIZEDB => {
                r.length()?;
                r.length()?;
                continue;
            }
            op::AUX => {
                let key = r.string()?;
                let value = r.string()?;
                let number = || core::str::from_utf8(&value).ok().and_then(|v| v.parse::<i64>().ok());
                match &*key {
                    b"repl-stream-db" => report.stream_db = number().and_then(|db| usize::try_from(db).ok()).filter(|&db| db < e.dbs.len()),
                    b"repl-id" if value.len() == 40 => report.repl_id = core::str::from_utf8(&value).ok().map(String::from),
                    b"repl-offset" => report.repl_offset = number(),
                    _ => {}
                }
                continue;
            }
            op::FUNCTION2 => {
                libraries.push(r.string()?.into_owned());
                continue;
            }
            op::MODULE_AUX | op::FUNCTION => {
                return Err(LoadError("The RDB file holds module or pre-release function data Spinel cannot load".into()));
            }
            _ => {}
        }
        let key = r.string()?;
        let value = match decode::value(&mut r, t, lim) {
            Ok(v) => Some(v),
            Err(Error::Empty) => None,
            Err(err) => return Err(err.into()),
        };
        let (at, idle_s, freq) = (core::mem::replace(&mut expire, NO_EXPIRE), idle.take(), freq.take());
        let Some(value) = value else {
            report.empty_keys_skipped += 1;
            continue;
        };
        if at != NO_EXPIRE && at < now_ms {
            report.keys_expired += 1;
            // (Only an RDB with a replication history needs them: its DELs go to replicas.)
            if report.repl_id.is_some() {
                report.expired.push((db, key.to_vec()));
            }
            continue;
        }
        if let Some(old) = e.dbs[db].find(&key) {
            if merge {
                e.dbs[db].remove_slot(old);
            } else {
                return Err(LoadError(alloc::format!("RDB has duplicated key '{}' in DB {db}", String::from_utf8_lossy(&key))));
            }
        }
        let lru = e.loaded_lru(idle_s, freq);
        let slot = e.dbs[db].insert_new(&key, value, lru);
        if at != NO_EXPIRE {
            e.dbs[db].set_expire(slot, at);
        }
        report.keys_loaded += 1;
    }
    let end = r.pos;
    if version >= 5 {
        let mut c = [0u8; 8];
        c.copy_from_slice(r.take(8)?);
        let expected = u64::from_le_bytes(c);
        let computed = crc64(0, &data[..end]);
        if expected != 0 && e.config.bool(opt::RDBCHECKSUM) && !e.skip_checksum_validation && expected != computed {
            // Redis's two log lines.
            return Err(LoadError(alloc::format!("Wrong RDB checksum expected: ({computed:x}) but got ({expected:x}). Aborting now.\nInternal error in RDB reading offset {end} -> RDB CRC error")));
        }
    }
    report.consumed = r.pos;
    for code in libraries {
        match e.restore_function_library(&code, merge) {
            Some(Ok(())) => report.functions_loaded += 1,
            Some(Err(why)) => return Err(LoadError(alloc::format!("Failed loading library: {}", why.trim_start_matches("ERR ")))),
            None => report.functions_skipped += 1,
        }
    }
    e.persist.last_load_keys_loaded = report.keys_loaded;
    e.persist.last_load_keys_expired = report.keys_expired;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::*;

    #[test]
    fn a_snapshot_loads_back_key_by_key() {
        let (mut e, c) = engine();
        for cmd in ["SET a 1", "SET b hello PX 100000", "RPUSH l x y z", "SELECT 3", "HSET h f v", "ZADD z 1 m", "SADD s 1 2", "XADD x 1-1 f v"] {
            run(&mut e, c, cmd);
        }
        let file = write_to_vec(&e, 1_700_000_000);
        assert_eq!(&file[..9], b"REDIS0010");
        let (mut f, c2) = engine();
        let report = load(&mut f, &file, T0 / 1000).unwrap();
        assert_eq!(report.keys_loaded, 7);
        assert_eq!(report.consumed, file.len());
        for (db, key) in [(0, "a"), (0, "b"), (0, "l"), (3, "h"), (3, "z"), (3, "s"), (3, "x")] {
            run(&mut e, c, &alloc::format!("SELECT {db}"));
            run(&mut f, c2, &alloc::format!("SELECT {db}"));
            let dump = alloc::format!("DUMP {key}");
            assert_eq!(run(&mut f, c2, &dump), run(&mut e, c, &dump), "{key}");
        }
        run(&mut f, c2, "SELECT 0");
        assert_eq!(run(&mut f, c2, "PTTL b"), b":100000\r\n");
        // Corruption anywhere is caught by the checksum; expired keys are not loaded.
        let mut bad = file.clone();
        bad[20] ^= 1;
        assert!(load(&mut engine().0, &bad, T0 / 1000).is_err());
        let later = load(&mut engine().0, &file, T0 / 1000 + 200_000).unwrap();
        assert_eq!((later.keys_loaded, later.keys_expired), (6, 1));
        assert!(load(&mut engine().0, &file[..file.len() - 3], T0 / 1000).is_err());
    }
}
