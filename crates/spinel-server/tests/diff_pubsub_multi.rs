//! Pub/Sub, transactions and keyspace notifications, played with several clients against
//! redis-server and spinel-server; every reply and every message must match.

mod common;
use common::Act::*;
use common::compare_scenario;

#[test]
fn pubsub_channels_patterns_and_shards() {
    compare_scenario(
        "pubsub",
        3,
        &[
            Run(0, "SUBSCRIBE news"),
            Run(0, "SUBSCRIBE news sport"),
            Run(1, "PSUBSCRIBE n* s?ort"),
            Run(2, "PUBLISH news hello"),
            Run(2, "PUBLISH sport goal"),
            Run(2, "PUBLISH nothing x"),
            Drain(0),
            Drain(1),
            Run(2, "PUBSUB NUMSUB news sport none"),
            Run(2, "PUBSUB NUMPAT"),
            Run(2, "PUBSUB CHANNELS n*"),
            Run(2, "PUBSUB CHANNELS nomatch*"),
            Run(2, "PUBSUB HELP"),
            // RESP2 subscribed mode: only the subscribe family, PING, QUIT and RESET.
            Run(0, "GET x"),
            Run(0, "PING"),
            Run(0, "PING hi"),
            Run(0, "UNSUBSCRIBE sport"),
            Run(0, "UNSUBSCRIBE nosuch"),
            Run(0, "UNSUBSCRIBE"),
            Run(0, "UNSUBSCRIBE"),
            Run(0, "GET x"),
            Run(1, "PUNSUBSCRIBE n*"),
            Run(1, "PUNSUBSCRIBE"),
            Run(1, "PUNSUBSCRIBE"),
            // Shard channels are their own namespace with their own counts.
            Run(0, "SSUBSCRIBE sh1 sh2"),
            Run(0, "SUBSCRIBE plain"),
            Run(2, "SPUBLISH sh1 m1"),
            Run(2, "PUBLISH sh1 m2"),
            Run(2, "PUBSUB SHARDNUMSUB sh1 sh2 sh3"),
            Run(2, "PUBSUB SHARDCHANNELS sh1"),
            Drain(0),
            Run(0, "SUNSUBSCRIBE sh1"),
            Run(0, "SUNSUBSCRIBE"),
            Run(0, "RESET"),
            Run(0, "GET x"),
            Run(2, "PUBSUB NUMSUB plain"),
            // Arity errors.
            Run(2, "SUBSCRIBE"),
            Run(2, "PUBLISH a"),
            Run(2, "PUBSUB NUMPAT x"),
            Run(2, "PUBSUB NOSUCH"),
        ],
    );
}

#[test]
fn pubsub_resp3_pushes() {
    compare_scenario(
        "pubsub resp3",
        2,
        &[
            Quiet(0, "HELLO 3"),
            Run(0, "SUBSCRIBE c"),
            Run(0, "PSUBSCRIBE c*"),
            // RESP3 clients may run anything while subscribed.
            Run(0, "SET k v"),
            Run(0, "GET k"),
            Run(1, "PUBLISH c m"),
            Drain(0),
            // A client publishing to itself gets the message before the reply.
            Run(0, "PUBLISH c self"),
            Drain(0),
            // Counts are a flat array in RESP3 too; one pattern at most.
            Run(0, "PUBSUB NUMSUB c nobody"),
            Run(0, "PUBSUB SHARDNUMSUB c"),
            Run(0, "PUBSUB CHANNELS c*"),
            Run(0, "PUBSUB CHANNELS c* d*"),
            Run(0, "PUBSUB shardchannels a b"),
            Run(0, "UNSUBSCRIBE"),
            Run(0, "PUNSUBSCRIBE"),
        ],
    );
}

#[test]
fn transactions_queue_exec_discard() {
    compare_scenario(
        "multi",
        2,
        &[
            Run(0, "EXEC"),
            Run(0, "DISCARD"),
            Run(0, "MULTI"),
            Run(0, "MULTI"),
            Run(0, "SET a 1"),
            Run(0, "INCR a"),
            Run(0, "LPUSH a x"),
            Run(0, "GET a"),
            Run(0, "WATCH a"),
            Run(0, "EXEC"),
            // Errors while queueing doom the transaction.
            Run(0, "MULTI"),
            Run(0, "SET a 2"),
            Run(0, "NOSUCHCOMMAND x"),
            Run(0, "GET"),
            Run(0, "EXEC"),
            Run(0, "GET a"),
            Run(0, "MULTI"),
            Run(0, "INCR a"),
            Run(0, "DISCARD"),
            Run(0, "GET a"),
            // Blocking commands do not block inside MULTI.
            Run(0, "MULTI"),
            Run(0, "BLPOP nolist 0"),
            Run(0, "BZPOPMIN nozset 0"),
            Run(0, "EXEC"),
            // SSUBSCRIBE is refused inside MULTI (SUBSCRIBE and PSUBSCRIBE are not).
            Run(0, "MULTI"),
            Run(0, "SSUBSCRIBE z"),
            Run(0, "EXEC"),
            Run(0, "GET a"),
            // An empty transaction.
            Run(0, "MULTI"),
            Run(0, "EXEC"),
            // SELECT inside MULTI changes the database for what follows.
            Run(0, "MULTI"),
            Run(0, "SELECT 1"),
            Run(0, "SET indb1 x"),
            Run(0, "EXEC"),
            Run(0, "GET indb1"),
            Run(0, "SELECT 0"),
            Run(0, "GET indb1"),
            Run(0, "UNWATCH"),
            // A refused EXEC (here: wrong arity) aborts: EXECABORT with the reason, the
            // transaction discarded and every WATCH dropped, inside MULTI or not.
            Run(0, "EXEC x"),
            Run(0, "MULTI"),
            Run(0, "SET a 1"),
            Run(0, "EXEC x"),
            Run(0, "EXEC"),
            Run(0, "WATCH a"),
            Run(0, "EXEC x"),
            Run(1, "SET a 2"),
            Run(0, "MULTI"),
            Run(0, "PING"),
            Run(0, "EXEC"),
            // A subscribed RESP2 client's EXEC is refused the same way.
            Run(1, "SUBSCRIBE ch"),
            Run(1, "EXEC"),
            Run(1, "UNSUBSCRIBE ch"),
            Run(0, "INFO errorstats"),
        ],
    );
}

#[test]
fn transactions_watch() {
    compare_scenario(
        "watch",
        2,
        &[
            Run(0, "SET k 1"),
            Run(0, "WATCH k"),
            Run(1, "SET k 2"),
            Run(0, "MULTI"),
            Run(0, "SET k 3"),
            Run(0, "EXEC"),
            Run(0, "GET k"),
            // Untouched watched keys let EXEC through; UNWATCH forgets.
            Run(0, "WATCH k other"),
            Run(1, "SET unrelated 1"),
            Run(0, "MULTI"),
            Run(0, "INCR k"),
            Run(0, "EXEC"),
            Run(0, "WATCH k"),
            Run(1, "INCR k"),
            Run(0, "UNWATCH"),
            Run(0, "MULTI"),
            Run(0, "INCR k"),
            Run(0, "EXEC"),
            // Deleting, expiring and flushing all count as changes.
            Run(0, "WATCH k"),
            Run(1, "DEL k"),
            Run(0, "MULTI"),
            Run(0, "EXEC"),
            Run(1, "SET k v"),
            Run(0, "WATCH k"),
            Run(1, "EXPIRE k 100"),
            Run(0, "MULTI"),
            Run(0, "EXEC"),
            Run(0, "WATCH k"),
            Run(1, "FLUSHALL"),
            Run(0, "MULTI"),
            Run(0, "EXEC"),
            // Flushing a database without the watched key changes nothing.
            Run(0, "WATCH nokey"),
            Run(1, "FLUSHDB"),
            Run(0, "MULTI"),
            Run(0, "PING"),
            Run(0, "EXEC"),
            // A watched key that expires before EXEC aborts it.
            Run(1, "SET t v PX 30"),
            Run(0, "WATCH t"),
            Sleep(60),
            Run(0, "MULTI"),
            Run(0, "EXEC"),
            // A write that does not change the key (nothing to pop) does not touch it.
            Run(0, "WATCH l"),
            Run(1, "LPOP l"),
            Run(0, "MULTI"),
            Run(0, "EXEC"),
            // A failed write does not count either.
            Run(1, "SET s x"),
            Run(0, "WATCH s"),
            Run(1, "LPUSH s x"),
            Run(0, "MULTI"),
            Run(0, "EXEC"),
            // SWAPDB touches watched keys that exist in either database.
            Run(1, "SELECT 1"),
            Run(1, "SET inone 1"),
            Run(0, "WATCH inone"),
            Run(1, "SWAPDB 0 1"),
            Run(0, "MULTI"),
            Run(0, "EXEC"),
            // WATCH inside MULTI is refused but does not doom the transaction.
            Run(0, "MULTI"),
            Run(0, "WATCH x"),
            Run(0, "PING"),
            Run(0, "EXEC"),
        ],
    );
}

/// A key already expired (but not yet deleted) when watched: its deletion, lazy or by a
/// flush, is no change, and SWAPDB bringing in another expired key is none either; a key
/// expired at WATCH that comes back to life is a change.
#[test]
fn transactions_watch_stale_keys() {
    common::compare_scenario_flags(
        "watch stale keys",
        2,
        &[
            Run(0, "DEBUG SET-ACTIVE-EXPIRE 0"),
            Run(0, "SET x foo PX 1"),
            Sleep(5),
            Run(0, "WATCH x"),
            Run(0, "EXISTS x"), // deletes it
            Run(0, "MULTI"),
            Run(0, "PING"),
            Run(0, "EXEC"),
            Run(0, "SET x foo PX 1"),
            Sleep(5),
            Run(0, "WATCH x"),
            Run(1, "FLUSHDB"),
            Run(0, "MULTI"),
            Run(0, "PING"),
            Run(0, "EXEC"),
            // SWAPDB: an expired key replaced by another expired key, or by nothing.
            Run(0, "SET x foo PX 1"),
            Run(1, "SELECT 1"),
            Run(1, "SET x bar PX 1"),
            Sleep(5),
            Run(0, "WATCH x"),
            Run(1, "SWAPDB 0 1"),
            Run(0, "MULTI"),
            Run(0, "PING"),
            Run(0, "EXEC"),
            Run(1, "FLUSHALL"),
            Run(1, "SET x bar PX 1"),
            Sleep(5),
            Run(0, "WATCH x"),
            Run(1, "SWAPDB 0 1"),
            Run(0, "MULTI"),
            Run(0, "PING"),
            Run(0, "EXEC"),
            // An expired key watched, then set again: a change.
            Run(1, "FLUSHALL"),
            Run(0, "SET y foo PX 1"),
            Sleep(5),
            Run(0, "WATCH y"),
            Run(1, "SELECT 0"),
            Run(1, "SET y new"),
            Run(0, "MULTI"),
            Run(0, "PING"),
            Run(0, "EXEC"),
            // A live key watched, expiring before EXEC (lazily, nobody deleted it): a change.
            Run(1, "SET z v PX 20"),
            Run(0, "WATCH z"),
            Sleep(40),
            Run(0, "MULTI"),
            Run(0, "PING"),
            Run(0, "EXEC"),
            Run(0, "DEBUG SET-ACTIVE-EXPIRE 1"),
        ],
        &["--enable-debug-command", "yes"],
    );
}

#[test]
fn keyspace_notifications_generic_and_strings() {
    compare_scenario(
        "notifications",
        2,
        &[
            Run(0, "CONFIG SET notify-keyspace-events KEA"),
            Run(0, "CONFIG GET notify-keyspace-events"),
            Run(1, "PSUBSCRIBE __key*__:*"),
            Run(0, "SET a 1"),
            Run(0, "SET a 2 EX 100"),
            Run(0, "SET a 3 KEEPTTL"),
            Run(0, "SET a 3 NX"),
            Run(0, "SETEX b 100 x"),
            Run(0, "PSETEX b 100000 x"),
            Run(0, "SETNX c 1"),
            Run(0, "SETNX c 2"),
            Run(0, "GETSET c 3"),
            Drain(1),
            Run(0, "MSET m1 1 m2 2"),
            Run(0, "MSETNX m1 1 m3 3"),
            Run(0, "MSETNX m4 1 m5 3"),
            Run(0, "APPEND a x"),
            Run(0, "APPEND newa x"),
            Run(0, "SETRANGE a 5 yy"),
            Run(0, "INCR n"),
            Run(0, "INCRBY n 5"),
            Run(0, "DECR n"),
            Run(0, "INCRBYFLOAT n 1.5"),
            Drain(1),
            Run(0, "GETDEL m1"),
            Run(0, "GETEX m2 EX 100"),
            Run(0, "GETEX m2 PERSIST"),
            Run(0, "GETEX m2 PXAT 1"),
            Run(0, "EXPIRE c 100"),
            Run(0, "PERSIST c"),
            Run(0, "PERSIST c"),
            Run(0, "EXPIRE c -1"),
            Run(0, "DEL m3 m4 nokey"),
            Run(0, "UNLINK m5"),
            Drain(1),
            Run(0, "SET r1 x"),
            Run(0, "RENAME r1 r2"),
            Run(0, "SET r3 y"),
            Run(0, "RENAME r2 r3"),
            Run(0, "RENAMENX r3 a"),
            Run(0, "COPY r3 r4"),
            Run(0, "MOVE r4 1"),
            Run(0, "SET gone x PX 20"),
            Sleep(50),
            Run(0, "GET gone"),
            Drain(1),
            // Only the enabled classes and channels.
            Run(0, "CONFIG SET notify-keyspace-events E$"),
            Run(0, "SET a 1"),
            Run(0, "DEL a"),
            Run(0, "CONFIG SET notify-keyspace-events Kg"),
            Run(0, "SET a 1"),
            Run(0, "DEL a"),
            Run(0, "CONFIG SET notify-keyspace-events KEn"),
            Run(0, "SET fresh 1"),
            Run(0, "SET fresh 2"),
            Run(0, "CONFIG SET notify-keyspace-events KEm"),
            Run(0, "GET missing"),
            Run(0, "CONFIG SET notify-keyspace-events Ex"),
            Run(0, "SET gone2 x PX 20"),
            Sleep(50),
            Run(0, "EXISTS gone2"),
            Drain(1),
            Run(0, "CONFIG SET notify-keyspace-events xyz"),
            Run(0, "CONFIG GET notify-keyspace-events"),
        ],
    );
}

#[test]
fn pushes_still_arrive_with_replies_off() {
    compare_scenario(
        "reply off pushes",
        1,
        &[
            Quiet(0, "HELLO 3"),
            Run(0, "SUBSCRIBE c"),
            Send(0, "CLIENT REPLY OFF"),
            Send(0, "PUBLISH c m"),
            Send(0, "SET k v"),
            Run(0, "CLIENT REPLY ON"),
            Run(0, "GET k"),
        ],
    );
    // Subscription confirmations are pushes too, in RESP3 and RESP2 alike.
    for hello in ["HELLO 3", "HELLO 2"] {
        compare_scenario(
            "reply off confirmations",
            2,
            &[
                Quiet(0, hello),
                Send(0, "CLIENT REPLY OFF"),
                Send(0, "SUBSCRIBE channel"),
                Read(0),
                Send(0, "PSUBSCRIBE ch*"),
                Read(0),
                Run(1, "PUBLISH channel hello"),
                Read(0),
                Read(0),
                Send(0, "UNSUBSCRIBE channel"),
                Read(0),
                Send(0, "PUNSUBSCRIBE ch*"),
                Read(0),
                Send(0, "SSUBSCRIBE s"),
                Read(0),
                Send(0, "SUNSUBSCRIBE"),
                Read(0),
                Send(0, "CLIENT REPLY ON"),
                Run(0, "PING"),
            ],
        );
    }
}
