//! Keyspace notifications and WATCH for the data-type commands (lists, hashes, sets, sorted
//! sets, geo, bitmaps, HyperLogLog, streams, SORT ... STORE), played against redis-server
//! and spinel-server: client 0 writes, client 1 listens on `__key*__:*`, and every reply and
//! every event (name, class filter, order) must match.

mod common;
use common::Act::{self, *};
use common::compare_scenario;

/// Enables `flags`, subscribes client 1 to every keyspace/keyevent channel, then plays `acts`.
fn events(name: &str, flags: &'static str, acts: Vec<Act>) {
    let config: &'static str = Box::leak(format!("CONFIG SET notify-keyspace-events {flags}").into_boxed_str());
    let mut all = vec![Run(0, config), Run(1, "PSUBSCRIBE __key*__:*")];
    all.extend(acts);
    all.push(Drain(1));
    compare_scenario(name, 2, &all);
}

/// For each `(setup, write)`: client 0 runs `setup`, WATCHes `k`, client 1 runs `write`,
/// and client 0's MULTI/EXEC shows whether the write touched `k`.
fn watch(name: &str, cases: &[(&'static str, &'static str)]) {
    let mut acts = Vec::new();
    for &(setup, write) in cases {
        acts.push(Run(0, "DEL k k2 k3"));
        for cmd in setup.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            acts.push(Run(0, Box::leak(cmd.to_string().into_boxed_str())));
        }
        acts.push(Run(0, "WATCH k"));
        acts.push(Run(1, write));
        acts.push(Run(0, "MULTI"));
        acts.push(Run(0, "PING"));
        acts.push(Run(0, "EXEC"));
    }
    compare_scenario(name, 2, &acts);
}

#[test]
fn list_events() {
    events(
        "list events",
        "KEA",
        vec![
            Run(0, "LPUSH l a b c"),
            Run(0, "RPUSH l d"),
            Run(0, "LPUSHX l x"),
            Run(0, "RPUSHX l y"),
            Run(0, "LPUSHX nol x"),
            Run(0, "RPUSHX nol x"),
            Drain(1),
            Run(0, "LINSERT l BEFORE a z"),
            Run(0, "LINSERT l AFTER nosuch z"),
            Run(0, "LINSERT nol AFTER a z"),
            Run(0, "LSET l 0 q"),
            Run(0, "LSET l 100 q"),
            Run(0, "LREM l 0 z"),
            Run(0, "LREM l 0 nosuch"),
            Drain(1),
            Run(0, "LTRIM l 0 100"),
            Run(0, "LTRIM l 1 2"),
            Run(0, "LPOP l"),
            Run(0, "RPOP l"),
            Run(0, "LPOP nol"),
            Drain(1),
            Run(0, "RPUSH l 1 2 3 4 5"),
            Run(0, "LPOP l 0"),
            Run(0, "LPOP l 2"),
            Run(0, "RPOP l 10"),
            Run(0, "RPOP nol 2"),
            Drain(1),
            Run(0, "RPUSH l 1 2 3"),
            Run(0, "LTRIM l 5 10"),
            Run(0, "RPUSH l 1 2 3"),
            Run(0, "LREM l 0 2"),
            Run(0, "LREM l 0 1"),
            Run(0, "LREM l 0 3"),
            Drain(1),
            Run(0, "RPUSH src a b"),
            Run(0, "RPOPLPUSH src dst"),
            Run(0, "LMOVE src dst LEFT RIGHT"),
            Run(0, "LMOVE dst dst LEFT RIGHT"),
            Run(0, "LMOVE nosrc dst LEFT RIGHT"),
            Run(0, "LMOVE dst dst2 RIGHT LEFT"),
            Drain(1),
            Run(0, "RPUSH m1 a b c"),
            Run(0, "LMPOP 2 nol m1 LEFT COUNT 2"),
            Run(0, "LMPOP 1 m1 RIGHT COUNT 5"),
            Run(0, "LMPOP 1 m1 RIGHT"),
            Run(0, "SET str x"),
            Run(0, "LPUSH str x"),
            Run(0, "LPOP str"),
        ],
    );
}

#[test]
fn list_blocking_events_when_served() {
    let acts = [
        Run(0, "CONFIG SET notify-keyspace-events KEA"),
        Run(1, "PSUBSCRIBE __key*__:*"),
        Block(2, "BLPOP bl 0", 1),
        Run(0, "RPUSH bl a b"),
        Read(2),
        Drain(1),
        Block(2, "BLMOVE bs bd RIGHT LEFT 0", 1),
        Run(0, "LPUSH bs x"),
        Read(2),
        Drain(1),
        Block(2, "BRPOPLPUSH bs2 bd 0", 1),
        Run(0, "LPUSH bs2 y"),
        Read(2),
        Drain(1),
        Block(2, "BLMPOP 0 2 nol bm LEFT COUNT 3", 1),
        Run(0, "RPUSH bm 1 2"),
        Read(2),
        Drain(1),
        Block(2, "BRPOP bl2 0", 1),
        Block(3, "BRPOP bl2 0", 2),
        Run(0, "RPUSH bl2 1 2 3"),
        Read(2),
        Read(3),
        Drain(1),
        // A chain: the moved element wakes the client waiting on the destination.
        Block(2, "BLMOVE ca cb LEFT RIGHT 0", 1),
        Block(3, "BLPOP cb 0", 2),
        Run(0, "RPUSH ca x"),
        Read(2),
        Read(3),
        Drain(1),
        // Served inside a transaction: the events follow EXEC.
        Block(2, "BLPOP bl3 0", 1),
        Run(0, "MULTI"),
        Run(0, "RPUSH bl3 a"),
        Run(0, "RPUSH bl3 b"),
        Run(0, "EXEC"),
        Read(2),
        Drain(1),
        // Non-blocking calls of the blocking commands.
        Run(0, "RPUSH nb a"),
        Run(0, "BLPOP nb 1"),
        Run(0, "BLPOP nb 0.01"),
        Drain(1),
    ];
    compare_scenario("list blocking events", 4, &acts);
}

#[test]
fn hash_events() {
    events(
        "hash events",
        "KEA",
        vec![
            Run(0, "HSET h a 1 b 2"),
            Run(0, "HSET h a 1"),
            Run(0, "HMSET h c 3"),
            Run(0, "HSETNX h a 9"),
            Run(0, "HSETNX h d 4"),
            Run(0, "HSETNX h2 a 1"),
            Drain(1),
            Run(0, "HINCRBY h a 5"),
            Run(0, "HINCRBY h3 a 5"),
            Run(0, "HINCRBYFLOAT h a 1.5"),
            Run(0, "HINCRBYFLOAT h4 a 1.5"),
            Run(0, "HINCRBY h b notanumber"),
            Run(0, "HINCRBYFLOAT h b notanumber"),
            Drain(1),
            Run(0, "HDEL h nosuch"),
            Run(0, "HDEL noh a"),
            Run(0, "HDEL h a b"),
            Run(0, "HDEL h c d"),
            Run(0, "HDEL h2 a"),
            Run(0, "HGET h3 a"),
            Run(0, "SET str x"),
            Run(0, "HSET str a 1"),
        ],
    );
}

#[test]
fn set_events() {
    events(
        "set events",
        "KEA",
        vec![
            Run(0, "SADD s 1 2 3"),
            Run(0, "SADD s 1"),
            Run(0, "SADD s 4 4"),
            Run(0, "SREM s 9"),
            Run(0, "SREM nos 1"),
            Run(0, "SREM s 1 2"),
            Drain(1),
            Run(0, "SMOVE s d 3"),
            Run(0, "SMOVE s d 3"),
            Run(0, "SADD d 4"),
            Run(0, "SMOVE s d 4"),
            Run(0, "SMOVE d d 4"),
            Run(0, "SMOVE nos d 4"),
            Drain(1),
            Run(0, "SADD p 7"),
            Run(0, "SPOP p"),
            Run(0, "SPOP p"),
            Run(0, "SADD p 1 2 3"),
            Run(0, "SPOP p 0"),
            Run(0, "SPOP p 5"),
            Run(0, "SPOP nos 2"),
            Run(0, "SADD p 1 2 3 4 5"),
            // Which members go is random: only the reply's shape is the same.
            Quiet(0, "SPOP p 4"),
            Quiet(0, "SPOP p"),
            Run(0, "SCARD p"),
            Drain(1),
            Run(0, "SADD a 1 2 3"),
            Run(0, "SADD b 2 3 4"),
            Run(0, "SINTERSTORE i a b"),
            Run(0, "SUNIONSTORE u a b"),
            Run(0, "SDIFFSTORE df a b"),
            Run(0, "SINTERSTORE i a b"),
            Drain(1),
            Run(0, "SINTERSTORE i a nos"),
            Run(0, "SINTERSTORE i a nos"),
            Run(0, "SUNIONSTORE u nos nos2"),
            Run(0, "SDIFFSTORE df a a"),
            Run(0, "SDIFFSTORE df2 a a"),
            Run(0, "SINTERCARD 2 a b"),
            Run(0, "SET str x"),
            Run(0, "SADD str 1"),
            Run(0, "SINTERSTORE str a b"),
        ],
    );
}

#[test]
fn zset_events() {
    events(
        "zset events",
        "KEA",
        vec![
            Run(0, "ZADD z 1 a 2 b 3 c"),
            Run(0, "ZADD z 1 a"),
            Run(0, "ZADD z XX 5 nosuch"),
            Run(0, "ZADD noz XX 5 a"),
            Run(0, "ZADD z NX 5 a"),
            Run(0, "ZADD z GT 0 a"),
            Run(0, "ZADD z CH 9 a"),
            Run(0, "ZADD z INCR 1 a"),
            Run(0, "ZADD z XX INCR 1 nosuch"),
            Run(0, "ZINCRBY z 2 b"),
            Run(0, "ZINCRBY z2 2 b"),
            Drain(1),
            Run(0, "ZREM z nosuch"),
            Run(0, "ZREM z a"),
            Run(0, "ZREM z2 b"),
            Run(0, "ZADD r 1 a 2 b 3 c 4 d 5 e 6 f"),
            Run(0, "ZREMRANGEBYRANK r 0 0"),
            Run(0, "ZREMRANGEBYRANK r 100 200"),
            Run(0, "ZREMRANGEBYSCORE r 2 2"),
            Run(0, "ZREMRANGEBYSCORE r 100 200"),
            Run(0, "ZREMRANGEBYLEX r [d [d"),
            Run(0, "ZREMRANGEBYLEX r [x [y"),
            Run(0, "ZREMRANGEBYRANK r 0 -1"),
            Drain(1),
            Run(0, "ZADD p 1 a 2 b 3 c"),
            Run(0, "ZPOPMIN p"),
            Run(0, "ZPOPMAX p"),
            Run(0, "ZPOPMIN p 0"),
            Run(0, "ZPOPMIN nop"),
            Run(0, "ZPOPMAX p 5"),
            Run(0, "ZADD p 1 a 2 b 3 c"),
            Run(0, "ZMPOP 2 nop p MIN COUNT 2"),
            Run(0, "ZMPOP 1 p MAX"),
            Run(0, "ZMPOP 1 p MAX"),
            Drain(1),
            Run(0, "ZADD a 1 x 2 y"),
            Run(0, "ZADD b 3 y 4 w"),
            Run(0, "ZUNIONSTORE u 2 a b"),
            Run(0, "ZINTERSTORE i 2 a b"),
            Run(0, "ZDIFFSTORE d 2 a b"),
            Run(0, "ZINTERSTORE i 2 a nob"),
            Run(0, "ZINTERSTORE i 2 a nob"),
            Run(0, "ZDIFFSTORE d 2 a a"),
            Run(0, "ZUNIONSTORE u2 2 noa nob"),
            Drain(1),
            Run(0, "ZRANGESTORE rs a 0 -1"),
            Run(0, "ZRANGESTORE rs a 5 10"),
            Run(0, "ZRANGESTORE rs a 0 -1"),
            Run(0, "ZRANGESTORE rs noa 0 -1"),
            Run(0, "ZRANGESTORE rs2 noa 0 -1"),
            Run(0, "SET str x"),
            Run(0, "ZADD str 1 a"),
            Run(0, "ZUNIONSTORE str 1 a"),
        ],
    );
}

#[test]
fn zset_blocking_events_when_served() {
    let acts = [
        Run(0, "CONFIG SET notify-keyspace-events KEA"),
        Run(1, "PSUBSCRIBE __key*__:*"),
        Block(2, "BZPOPMIN bz 0", 1),
        Run(0, "ZADD bz 1 a 2 b"),
        Read(2),
        Drain(1),
        Block(2, "BZPOPMAX bz2 0", 1),
        Run(0, "ZADD bz2 1 a"),
        Read(2),
        Drain(1),
        Block(2, "BZMPOP 0 1 bz3 MIN COUNT 5", 1),
        Run(0, "ZADD bz3 1 a 2 b"),
        Read(2),
        Drain(1),
    ];
    compare_scenario("zset blocking events", 3, &acts);
}

#[test]
fn geo_events() {
    events(
        "geo events",
        "KEA",
        vec![
            Run(0, "GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania"),
            Run(0, "GEOADD g 13.361389 38.115556 Palermo"),
            Run(0, "GEOADD g XX 1 1 nosuch"),
            Run(0, "GEOADD g CH 13.5 38.1 Palermo"),
            Drain(1),
            Run(0, "GEORADIUS g 15 37 200 km STORE st"),
            Run(0, "GEORADIUS g 15 37 200 km STOREDIST sd"),
            Run(0, "GEOSEARCHSTORE ss g FROMLONLAT 15 37 BYRADIUS 200 km"),
            Run(0, "GEOSEARCHSTORE ss g FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST"),
            Run(0, "GEORADIUSBYMEMBER g Palermo 10 km STORE st"),
            Drain(1),
            Run(0, "GEORADIUS g 0 0 1 km STORE st"),
            Run(0, "GEORADIUS g 0 0 1 km STORE st"),
            Run(0, "GEOSEARCHSTORE ss g FROMLONLAT 0 0 BYRADIUS 1 km"),
            Run(0, "GEOSEARCHSTORE ss2 nog FROMLONLAT 0 0 BYRADIUS 1 km"),
            Run(0, "GEORADIUS nog 0 0 1 km STORE st2"),
            Run(0, "GEOSEARCHSTORE g g FROMLONLAT 15 37 BYRADIUS 200 km"),
        ],
    );
}

#[test]
fn bitmap_and_hll_events() {
    events(
        "bitmap and hll events",
        "KEA",
        vec![
            Run(0, "SETBIT b 7 1"),
            Run(0, "SETBIT b 7 1"),
            Run(0, "SETBIT b 100 0"),
            Run(0, "SETBIT b 7 2"),
            Drain(1),
            Run(0, "SET x abc"),
            Run(0, "BITOP AND dst b x"),
            Run(0, "BITOP NOT dst x"),
            Run(0, "BITOP OR dst nob noc"),
            Run(0, "BITOP OR dst nob noc"),
            Run(0, "BITOP OR dst2 nob"),
            Drain(1),
            Run(0, "BITFIELD bf SET u8 0 255"),
            Run(0, "BITFIELD bf GET u8 0"),
            Run(0, "BITFIELD bf INCRBY u8 0 10"),
            Run(0, "BITFIELD bf OVERFLOW FAIL INCRBY u8 0 255"),
            Run(0, "BITFIELD bf2 OVERFLOW FAIL INCRBY u8 0 300"),
            Run(0, "BITFIELD bf3 GET u8 0"),
            Run(0, "BITFIELD_RO bf GET u8 0"),
            Run(0, "EXISTS bf2 bf3"),
            Drain(1),
            Run(0, "PFADD h a b c"),
            Run(0, "PFADD h a"),
            Run(0, "PFADD h2"),
            Run(0, "PFADD h2"),
            Run(0, "PFCOUNT h"),
            Run(0, "PFMERGE m h h2"),
            Run(0, "PFMERGE m"),
            Run(0, "PFMERGE m2"),
            Run(0, "PFCOUNT h h2"),
            Run(0, "SET str x"),
            Run(0, "PFADD str a"),
        ],
    );
}

#[test]
fn stream_events() {
    events(
        "stream events",
        "KEA",
        vec![
            Run(0, "XADD s 1-1 f v"),
            Run(0, "XADD s 2-1 f v"),
            Run(0, "XADD s MAXLEN 1 3-1 f v"),
            Run(0, "XADD s MAXLEN 5 4-1 f v"),
            Run(0, "XADD nos NOMKSTREAM * f v"),
            Run(0, "XADD s 1-1 f v"),
            Drain(1),
            Run(0, "XTRIM s MAXLEN 1"),
            Run(0, "XTRIM s MAXLEN 1"),
            Run(0, "XTRIM nos MAXLEN 1"),
            Run(0, "XDEL s 1-1"),
            Run(0, "XDEL s 4-1"),
            Run(0, "XDEL nos 4-1"),
            Run(0, "XSETID s 10-0"),
            Run(0, "XSETID nos 10-0"),
            Drain(1),
            Run(0, "XGROUP CREATE s g 0"),
            Run(0, "XGROUP CREATE s g 0"),
            Run(0, "XGROUP CREATE s2 g $ MKSTREAM"),
            Run(0, "XGROUP CREATE nos g $"),
            Run(0, "XGROUP SETID s g 0"),
            Run(0, "XGROUP SETID s nog 0"),
            Run(0, "XGROUP CREATECONSUMER s g c1"),
            Run(0, "XGROUP CREATECONSUMER s g c1"),
            Drain(1),
            Run(0, "XADD s 20-1 f v"),
            Run(0, "XADD s 21-1 f v"),
            Run(0, "XREADGROUP GROUP g c2 COUNT 1 STREAMS s >"),
            Run(0, "XREADGROUP GROUP g c2 COUNT 1 STREAMS s >"),
            Run(0, "XREADGROUP GROUP g c2 STREAMS s 0"),
            Run(0, "XREADGROUP GROUP g c2 STREAMS s >"),
            Run(0, "XREADGROUP GROUP g c3 NOACK STREAMS s 0"),
            Drain(1),
            Run(0, "XACK s g 20-1"),
            Run(0, "XACK s g 20-1"),
            Run(0, "XCLAIM s g c4 0 21-1"),
            Run(0, "XCLAIM s g c4 0 99-1"),
            Run(0, "XCLAIM s g c5 0 21-1 JUSTID"),
            Run(0, "XAUTOCLAIM s g c6 0 0-0"),
            Run(0, "XAUTOCLAIM s g c6 0 0-0 JUSTID"),
            Run(0, "XPENDING s g"),
            Drain(1),
            // Consumers are created (and announced) only when something is claimed or read.
            Run(0, "XCLAIM s g new1 0 99-1"),
            Run(0, "XAUTOCLAIM s g new2 0 99-1"),
            Run(0, "XREADGROUP GROUP g new3 STREAMS s >"),
            Run(0, "XREADGROUP GROUP g new4 STREAMS s 0"),
            Run(0, "XGROUP CREATE s g2 0 MKSTREAM"),
            Run(0, "XADD s MAXLEN ~ 1 30-1 f v"),
            Run(0, "XADD s MINID 30 31-1 f v"),
            Run(0, "XADD s NOMKSTREAM 32-1 f v"),
            Run(0, "XTRIM s MINID 100"),
            Drain(1),
            Run(0, "XGROUP DELCONSUMER s g c6"),
            Run(0, "XGROUP DELCONSUMER s g c1"),
            Run(0, "XGROUP DELCONSUMER s g nosuch"),
            Run(0, "XGROUP DESTROY s g"),
            Run(0, "XGROUP DESTROY s g"),
            Run(0, "XDEL s 20-1 21-1"),
            Run(0, "XLEN s"),
            Run(0, "SET str x"),
            Run(0, "XADD str * f v"),
        ],
    );
}

#[test]
fn stream_blocking_events_when_served() {
    let acts = [
        Run(0, "CONFIG SET notify-keyspace-events KEA"),
        Run(1, "PSUBSCRIBE __key*__:*"),
        Run(0, "XGROUP CREATE s g $ MKSTREAM"),
        Block(2, "XREADGROUP GROUP g c1 BLOCK 0 STREAMS s >", 1),
        Run(0, "XADD s 1-1 f v"),
        Read(2),
        Drain(1),
        Block(2, "XREAD BLOCK 0 STREAMS s $", 1),
        Run(0, "XADD s 2-1 f v"),
        Read(2),
        Drain(1),
    ];
    compare_scenario("stream blocking events", 3, &acts);
}

#[test]
fn sort_store_events() {
    events(
        "sort store events",
        "KEA",
        vec![
            Run(0, "RPUSH l 3 1 2"),
            Run(0, "SORT l STORE dst"),
            Run(0, "SORT l STORE dst"),
            Run(0, "SORT nol STORE dst"),
            Run(0, "SORT nol STORE dst"),
            Run(0, "SORT l LIMIT 5 10 STORE dst2"),
            Run(0, "SORT l"),
            Run(0, "SORT_RO l"),
        ],
    );
}

#[test]
fn class_filters_and_new_keys() {
    events(
        "class filters",
        "El",
        vec![
            Run(0, "LPUSH l a"),
            Run(0, "HSET h a 1"),
            Run(0, "LPOP l"),
            Run(0, "SADD s 1"),
        ],
    );
    events(
        "hash class only",
        "Kh",
        vec![
            Run(0, "LPUSH l a"),
            Run(0, "HSET h a 1"),
            Run(0, "HDEL h a"),
            Run(0, "ZADD z 1 a"),
        ],
    );
    events(
        "new keys",
        "KEAn",
        vec![
            Run(0, "LPUSH l a"),
            Run(0, "LPUSH l b"),
            Run(0, "RPOPLPUSH l l2"),
            Run(0, "HSET h a 1"),
            Run(0, "HINCRBY h2 a 1"),
            Run(0, "SADD s 1"),
            Run(0, "SMOVE s s2 1"),
            Run(0, "SADD a 1"),
            Run(0, "SUNIONSTORE u a"),
            Run(0, "SUNIONSTORE u a"),
            Drain(1),
            Run(0, "ZADD z 1 a"),
            Run(0, "ZINCRBY z2 1 a"),
            Run(0, "ZUNIONSTORE zu 1 z"),
            Run(0, "ZRANGESTORE zr z 0 -1"),
            Run(0, "GEOADD g 1 1 m"),
            Run(0, "GEOSEARCHSTORE gs g FROMLONLAT 1 1 BYRADIUS 10 km"),
            Drain(1),
            Run(0, "SETBIT b 1 1"),
            Run(0, "BITOP NOT bn b"),
            Run(0, "BITFIELD bf SET u8 0 1"),
            // Created, but nothing written: only `new`.
            Run(0, "BITFIELD bf2 OVERFLOW FAIL INCRBY u8 0 300"),
            Run(0, "PFADD p a"),
            Run(0, "PFMERGE pm p"),
            Run(0, "XADD x 1-1 f v"),
            Run(0, "XGROUP CREATE x2 g $ MKSTREAM"),
            Run(0, "SORT l ALPHA STORE sl"),
        ],
    );
    events(
        "sets zsets streams only",
        "Kszt",
        vec![
            Run(0, "SADD s 1"),
            Run(0, "SREM s 1"),
            Run(0, "ZADD z 1 a"),
            Run(0, "ZPOPMIN z"),
            Run(0, "XADD x 1-1 f v"),
            Run(0, "SETBIT b 1 1"),
            Run(0, "PFADD p a"),
        ],
    );
}

#[test]
fn watch_lists() {
    watch(
        "watch lists",
        &[
            ("", "LPUSH k a"),
            ("", "LPUSHX k a"),
            ("", "LPOP k"),
            ("RPUSH k a b", "LPOP k 0"),
            ("RPUSH k a b", "RPOP k"),
            ("RPUSH k a", "LINSERT k BEFORE nosuch b"),
            ("RPUSH k a", "LINSERT k BEFORE a b"),
            ("RPUSH k a", "LREM k 0 nosuch"),
            ("RPUSH k a", "LREM k 0 a"),
            ("RPUSH k a", "LSET k 0 a"),
            ("RPUSH k a", "LTRIM k 0 -1"),
            ("RPUSH k a", "RPOPLPUSH k k2"),
            ("RPUSH k2 a", "RPOPLPUSH k2 k"),
            ("", "RPOPLPUSH k2 k"),
            ("RPUSH k a", "LMPOP 1 k LEFT"),
            ("RPUSH k a", "BLPOP k 0"),
            ("RPUSH k 1", "SORT k STORE k2"),
            ("RPUSH k2 1", "SORT k2 STORE k"),
            ("RPUSH k 1", "SORT k2 STORE k"),
            ("", "SORT k2 STORE k"),
        ],
    );
}

#[test]
fn watch_hashes_and_sets() {
    watch(
        "watch hashes and sets",
        &[
            ("", "HSET k a 1"),
            ("HSET k a 1", "HSET k a 1"),
            ("HSET k a 1", "HSETNX k a 2"),
            ("HSET k a 1", "HDEL k b"),
            ("HSET k a 1", "HDEL k a"),
            ("HSET k a 1", "HINCRBY k a 0"),
            ("HSET k a 1", "HINCRBYFLOAT k a 0"),
            ("HSET k a 1", "HINCRBY k a x"),
            ("", "SADD k a"),
            ("SADD k a", "SADD k a"),
            ("SADD k a", "SREM k b"),
            ("SADD k a", "SREM k a"),
            ("SADD k a", "SPOP k"),
            ("SADD k a", "SPOP k 0"),
            ("SADD k a", "SMOVE k k2 b"),
            ("SADD k a", "SMOVE k k2 a"),
            ("SADD k2 a", "SMOVE k2 k a"),
            ("SADD k2 a; SADD k a", "SMOVE k2 k a"),
            ("SADD k a", "SMOVE k k a"),
            ("", "SINTERSTORE k k2 k3"),
            ("SADD k a", "SINTERSTORE k k2 k3"),
            ("SADD k2 a", "SUNIONSTORE k k2"),
            ("SADD k a", "SDIFFSTORE k k"),
        ],
    );
}

#[test]
fn watch_zsets_and_geo() {
    watch(
        "watch zsets and geo",
        &[
            ("", "ZADD k 1 a"),
            ("ZADD k 1 a", "ZADD k 1 a"),
            ("ZADD k 1 a", "ZADD k XX 1 b"),
            ("ZADD k 1 a", "ZADD k NX 2 a"),
            ("ZADD k 1 a", "ZINCRBY k 0 a"),
            ("ZADD k 1 a", "ZREM k b"),
            ("ZADD k 1 a", "ZREM k a"),
            ("ZADD k 1 a", "ZREMRANGEBYSCORE k 5 6"),
            ("ZADD k 1 a", "ZREMRANGEBYRANK k 0 0"),
            ("ZADD k 1 a", "ZREMRANGEBYLEX k [x [y"),
            ("ZADD k 1 a", "ZPOPMIN k 0"),
            ("ZADD k 1 a", "ZPOPMAX k"),
            ("ZADD k 1 a", "BZPOPMIN k 0"),
            ("ZADD k 1 a", "ZMPOP 1 k MIN"),
            ("", "ZUNIONSTORE k 1 k2"),
            ("ZADD k 1 a", "ZUNIONSTORE k 1 k2"),
            ("ZADD k2 1 a", "ZINTERSTORE k 1 k2"),
            ("ZADD k 1 a", "ZRANGESTORE k k 5 6"),
            ("ZADD k 1 a", "ZRANGESTORE k2 k 0 -1"),
            ("", "GEOADD k 1 1 m"),
            ("GEOADD k 1 1 m", "GEOADD k 1 1 m"),
            ("GEOADD k2 1 1 m", "GEOSEARCHSTORE k k2 FROMLONLAT 1 1 BYRADIUS 1 km"),
            ("GEOADD k 1 1 m", "GEOSEARCHSTORE k k2 FROMLONLAT 1 1 BYRADIUS 1 km"),
            ("GEOADD k 1 1 m", "GEORADIUS k2 1 1 1 km STORE k"),
        ],
    );
}

#[test]
fn watch_bitmaps_hll_streams() {
    watch(
        "watch bitmaps hll streams",
        &[
            ("", "SETBIT k 1 1"),
            ("SETBIT k 1 1", "SETBIT k 1 1"),
            ("SET k a", "BITFIELD k GET u8 0"),
            ("SET k a", "BITFIELD k SET u8 0 97"),
            ("SET k a", "BITFIELD k OVERFLOW FAIL INCRBY u8 0 255"),
            // Creates the key, writes nothing: no signal.
            ("", "BITFIELD k OVERFLOW FAIL INCRBY u8 0 300"),
            ("", "BITOP OR k k2"),
            ("SET k a", "BITOP OR k k2"),
            ("SET k2 a", "BITOP NOT k k2"),
            ("SET k a", "BITCOUNT k"),
            ("", "PFADD k a"),
            ("PFADD k a", "PFADD k a"),
            ("PFADD k a", "PFCOUNT k"),
            ("PFADD k a; PFCOUNT k", "PFCOUNT k"),
            ("PFADD k a", "PFMERGE k"),
            ("PFADD k2 a", "PFMERGE k k2"),
            ("", "XADD k 1-1 f v"),
            ("", "XADD k NOMKSTREAM 1-1 f v"),
            ("XADD k 1-1 f v", "XDEL k 2-1"),
            ("XADD k 1-1 f v", "XDEL k 1-1"),
            ("XADD k 1-1 f v", "XTRIM k MAXLEN 5"),
            ("XADD k 1-1 f v; XADD k 2-1 f v", "XTRIM k MAXLEN 1"),
            ("XADD k 1-1 f v", "XSETID k 5-0"),
            ("XADD k 1-1 f v", "XGROUP CREATE k g 0"),
            ("XGROUP CREATE k g 0 MKSTREAM", "XGROUP CREATE k g 0"),
            ("", "XGROUP CREATE k g 0 MKSTREAM"),
            ("XADD k 1-1 f v", "XGROUP CREATE k g 0 MKSTREAM"),
            ("XGROUP CREATE k g 0 MKSTREAM", "XGROUP SETID k g 0"),
            ("XGROUP CREATE k g 0 MKSTREAM", "XGROUP CREATECONSUMER k g c"),
            ("XGROUP CREATE k g 0 MKSTREAM", "XGROUP DELCONSUMER k g c"),
            ("XGROUP CREATE k g 0 MKSTREAM", "XGROUP DESTROY k g"),
            ("XGROUP CREATE k g 0 MKSTREAM", "XGROUP DESTROY k nog"),
            ("XADD k 1-1 f v; XGROUP CREATE k g 0", "XREADGROUP GROUP g c STREAMS k >"),
            ("XADD k 1-1 f v; XGROUP CREATE k g $", "XREADGROUP GROUP g c STREAMS k >"),
            ("XADD k 1-1 f v; XGROUP CREATE k g 0; XREADGROUP GROUP g c STREAMS k >", "XACK k g 1-1"),
            ("XADD k 1-1 f v; XGROUP CREATE k g 0; XREADGROUP GROUP g c STREAMS k >", "XCLAIM k g c2 0 1-1"),
            ("XADD k 1-1 f v; XGROUP CREATE k g 0", "XCLAIM k g c2 0 1-1"),
            ("XADD k 1-1 f v; XGROUP CREATE k g 0; XREADGROUP GROUP g c STREAMS k >", "XAUTOCLAIM k g c2 0 0"),
            ("XADD k 1-1 f v; XGROUP CREATE k g 0", "XAUTOCLAIM k g c2 0 0"),
            ("XADD k 1-1 f v", "XREAD STREAMS k 0"),
        ],
    );
}

#[test]
fn edge_cases_other_databases_and_expired_keys() {
    events(
        "edge cases",
        "KEAn",
        vec![
            // Writes that fail or change nothing announce nothing.
            Run(0, "SET str x"),
            Run(0, "RPUSH l a"),
            Run(0, "LMOVE l str LEFT RIGHT"),
            Run(0, "RPOPLPUSH str l"),
            Run(0, "LMOVE l l LEFT LEFT"),
            Run(0, "BLMOVE l l2 LEFT RIGHT 0"),
            Run(0, "BLMPOP 0 1 l2 RIGHT"),
            Run(0, "LPUSH l2 x"),
            Run(0, "BRPOPLPUSH l2 l3 0"),
            Drain(1),
            Run(0, "ZADD z INCR +inf a"),
            Run(0, "ZADD z INCR -inf a"),
            Run(0, "BZPOPMIN z 0"),
            Run(0, "ZADD z 1 a 2 b"),
            Run(0, "BZMPOP 0 1 z MAX COUNT 5"),
            Run(0, "SMOVE str s a"),
            Run(0, "SADD s a a b"),
            Run(0, "SREM s a a"),
            Run(0, "HSET h a 1 a 2"),
            Drain(1),
            Run(0, "XADD x MAXLEN 0 1-1 f v"),
            Run(0, "XLEN x"),
            Run(0, "XADD x 2-1 f v"),
            Run(0, "XADD x 3-1 f v"),
            Run(0, "XTRIM x MAXLEN = 1"),
            Run(0, "XTRIM x MAXLEN ~ 0"),
            Run(0, "XACK x nog 1-1"),
            Run(0, "GEOADD g 1 1 m"),
            Run(0, "GEOSEARCHSTORE dst g FROMLONLAT 1 1 BYRADIUS 1 km"),
            Run(0, "GEORADIUS nog 1 1 1 km STORE dst"),
            Drain(1),
            // Another database: the channel names carry its number.
            Run(0, "SELECT 3"),
            Run(0, "RPUSH l a"),
            Run(0, "HSET h a 1"),
            Run(0, "ZADD z 1 a"),
            Run(0, "XADD x 1-1 f v"),
            Run(0, "LPOP l"),
            Run(0, "SELECT 0"),
            Drain(1),
            // A write to an expired key: `expired`, then the key is created anew.
            // (One key at a time: whether active or lazy expiry deletes it, the order holds.)
            Run(0, "RPUSH ex a"),
            Run(0, "PEXPIRE ex 5"),
            Sleep(30),
            Run(0, "RPUSH ex b"),
            Run(0, "LRANGE ex 0 -1"),
            Run(0, "SADD exs a"),
            Run(0, "PEXPIRE exs 5"),
            Sleep(30),
            Run(0, "SADD exs b"),
        ],
    );
}

#[test]
fn events_in_transactions() {
    events(
        "events in transactions",
        "KEA",
        vec![
            Run(0, "MULTI"),
            Run(0, "RPUSH l a b"),
            Run(0, "LPOP l 2"),
            Run(0, "HSET h a 1"),
            Run(0, "ZADD z 1 a"),
            Run(0, "BLPOP nol 0"),
            Run(0, "EXEC"),
            Drain(1),
        ],
    );
}

#[test]
fn watch_strings_and_keys() {
    watch(
        "watch strings and keys",
        &[
            ("SET k a", "SETRANGE k 0 \"\""),
            ("", "SETRANGE k 0 \"\""),
            ("SET k a", "SETRANGE k 0 a"),
            ("SET k a", "APPEND k \"\""),
            ("SET k a", "GETEX k"),
            ("SET k a", "GETEX k PERSIST"),
            ("SET k a EX 100", "GETEX k PERSIST"),
            ("", "GETDEL k"),
            ("SET k a", "GETDEL k"),
            ("SET k a", "SETNX k b"),
            ("SET k a", "MSETNX k2 b k b"),
            ("SET k a", "SET k b NX"),
            ("", "SET k b XX"),
            ("SET k a", "SET k a GET"),
            ("SET k a", "INCRBYFLOAT k 1"),
            ("SET k 1", "INCRBYFLOAT k 0"),
            ("SET k 1", "INCRBY k 0"),
            ("", "EXPIRE k 100"),
            ("SET k a", "PERSIST k"),
            ("SET k a", "EXPIRE k 100 XX"),
            ("SET k a", "EXPIRE k 0"),
            ("SET k a", "RENAME k k"),
            ("SET k a", "RENAMENX k k"),
            ("SET k a; SET k2 b", "RENAMENX k2 k"),
            ("SET k a", "COPY k k2"),
            ("SET k2 a", "COPY k2 k"),
            ("SET k2 a; SET k b", "COPY k2 k"),
            ("SET k a", "MOVE k 1"),
            ("", "DEL k"),
            ("SET k a", "TOUCH k"),
            ("SET k a", "UNLINK k"),
        ],
    );
}

#[test]
fn string_and_key_edge_events() {
    events(
        "string and key edge events",
        "KEAn",
        vec![
            Run(0, "SET k a"),
            Run(0, "SETRANGE k 0 \"\""),
            Run(0, "SETRANGE nok 0 \"\""),
            Run(0, "APPEND k \"\""),
            Run(0, "GETEX k"),
            Run(0, "GETEX k PERSIST"),
            Run(0, "SET k b GET"),
            Run(0, "SET k2 b XX"),
            Run(0, "EXPIRE k 0"),
            Run(0, "EXISTS k"),
            Drain(1),
            Run(0, "RPUSH l a"),
            Run(0, "RENAME l l2"),
            Run(0, "COPY l2 l3"),
            Run(0, "COPY l2 l3 REPLACE"),
            Run(0, "HSET h a 1"),
            Run(0, "MOVE h 2"),
            Run(0, "RENAME l2 h"),
            Run(0, "EXPIRE h 100"),
            Run(0, "PEXPIREAT h 1"),
            Run(0, "EXISTS h"),
        ],
    );
}

/// `keymiss` events (flag `m`): every read command that looks a missing key up announces it,
/// as Redis's lookupKeyRead does (one event per missing key).
#[test]
fn keymiss_events_of_read_commands() {
    let reads = [
        "GET nx", "EXISTS nx nx2", "TYPE nx", "TTL nx", "PTTL nx", "GETEX nx", "GETDEL nx", "STRLEN nx", "LCS nx nx2",
        "BITOP AND dest nx nx2", "BITCOUNT nx", "GETBIT nx 1",
        "SMEMBERS nx", "SISMEMBER nx a", "SMISMEMBER nx a", "SRANDMEMBER nx", "SCARD nx", "SSCAN nx 0",
        "SINTER nx nx2", "SUNION nx", "SDIFF nx nx2", "SINTERSTORE dest nx", "SINTERCARD 1 nx",
        "ZSCORE nx a", "ZMSCORE nx a", "ZRANK nx a", "ZCARD nx", "ZCOUNT nx 0 1", "ZLEXCOUNT nx - +", "ZRANDMEMBER nx",
        "ZRANGE nx 0 -1", "ZINTER 2 nx nx2", "ZINTERCARD 1 nx", "ZUNIONSTORE dest 1 nx", "ZRANGESTORE dest nx 0 -1",
        "HGET nx f", "HGETALL nx", "HRANDFIELD nx", "HLEN nx",
        "LRANGE nx 0 -1", "LLEN nx", "LINDEX nx 0",
        "GEOPOS nx a", "GEODIST nx a b", "GEOSEARCH nx FROMLONLAT 0 0 BYRADIUS 1 km", "GEORADIUS nx 0 0 1 km",
        "XRANGE nx - +", "XLEN nx", "PFCOUNT nx", "DUMP nx", "OBJECT ENCODING nx", "SORT nx",
    ];
    let acts: Vec<Act> = reads.iter().map(|&r| Run(0, r)).collect();
    events("keymiss", "KEm", acts);
}

/// Lowering maxmemory evicts at once, as Redis's CONFIG SET does: the `evicted` event comes
/// without another command.
#[test]
fn config_set_maxmemory_evicts_at_once() {
    compare_scenario(
        "evicted at config set",
        2,
        &[
            Run(0, "CONFIG SET notify-keyspace-events Ee"),
            Run(0, "CONFIG SET maxmemory-policy allkeys-lru"),
            Run(1, "PSUBSCRIBE *"),
            Run(0, "SET foo bar"),
            Run(0, "CONFIG SET maxmemory 1"),
            Read(1),
            Run(0, "CONFIG SET maxmemory 0"),
            Run(0, "EXISTS foo"),
        ],
    );
}
