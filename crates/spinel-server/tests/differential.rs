//! Differential tests: the same commands go to spinel-server and to a real redis-server, and
//! the replies must match byte for byte, except the differences listed in
//! `tests/differences.md` (applied only by `common::equivalent`).
//!
//! - Scripted cases: one command per line (redis-cli quoting, see `common::split_command`).
//!   Directives: `@sleep MS` pauses; `@exact CMD...` compares with no accepted difference.
//! - Random cases: a seeded generator over few keys, so commands collide.
//!   `SPINEL_DIFF_SEED` (default below) and `SPINEL_DIFF_COUNT` (default 12000) control it;
//!   the seed is printed with every failure.
//! - `SPINEL_DIFF_AGAINST_REDIS=1` diffs redis-server against a second redis-server: it must
//!   give zero mismatches, which checks the harness and the generator.

mod common;

use common::{count_from_env, seed_from_env, split_command, Differ};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

// ---------------------------------------------------------------------------------------------
// Scripted cases
// ---------------------------------------------------------------------------------------------

/// Runs a script on a fresh pair of servers, starting with FLUSHALL, and fails on mismatches.
fn run_script(name: &str, script: &str) {
    let mut differ = Differ::start(format!("scripted `{name}`"));
    run_script_on(&mut differ, script);
    differ.finish();
}

fn run_script_on(differ: &mut Differ, script: &str) {
    differ.run_str("FLUSHALL");
    for line in script.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(ms) = line.strip_prefix("@sleep ") {
            std::thread::sleep(Duration::from_millis(ms.trim().parse().expect("@sleep MS")));
        } else if let Some(command) = line.strip_prefix("@exact ") {
            differ.run_exact(&split_command(command));
        } else {
            differ.run(&split_command(line));
        }
    }
}

const STRINGS_BASIC: &str = r#"
SET k v
GET k
GET missing
SET k ""
GET k
STRLEN k
SET "" empty-key
GET ""
SET k "hello world"
GET k
SET bin "\x00\x01\xff\r\n"
GET bin
STRLEN bin
SET k v extra
SET k
GET
GET k k
SETNX k v2
SETNX k2 v2
GET k2
SETNX k2
SETEX k3 100 v3
TTL k3
GET k3
SETEX k3 0 v
SETEX k3 -5 v
SETEX k3 abc v
SETEX k3 1.5 v
SETEX k3 100
SETEX k3 9223372036854775807 v
PSETEX k4 100000 v4
PTTL k4
PSETEX k4 0 v
PSETEX k4 -1 v
PSETEX k4 x v
PSETEX k4 2 v
@sleep 10
GET k4
GETSET k new
GETSET nokey val
GET nokey
GETSET k
GETSET k3 plain
TTL k3
GETDEL k
GETDEL k
EXISTS k
GETDEL
GETDEL a b
MSET a 1 b 2 c 3
MGET a b c d
MGET d
MSET a 1 b
MSET
MGET
MSETNX a 9 z 26
MGET a z
MSETNX y 25 z 26
MGET y z
MSETNX y 1 y 2
GET y
MSETNX x 1 x 2
GET x
MSETNX x
MSET x 1 x 2
GET x
APPEND a xyz
GET a
APPEND newkey abc
GET newkey
APPEND newkey ""
STRLEN newkey
APPEND newkey "\x00\xfe"
GET newkey
STRLEN nosuch
APPEND a
STRLEN
STRLEN a b
"#;

const SET_OPTIONS: &str = r#"
SET k v NX
SET k v2 NX
GET k
SET k v3 XX
GET k
SET nx v XX
EXISTS nx
SET k v NX XX
SET k v XX NX
SET k v EX 100
TTL k
SET k v PX 100000
PTTL k
SET k v EX 100 PX 100
SET k v EX 100 EX 100
SET k v EX 0
SET k v EX -1
SET k v PX 0
SET k v EX abc
SET k v EX 1.5
SET k v EX ""
SET k v EX
SET k v PX
SET k v EX 9223372036854775807
SET k v PX 9223372036854775807
SET k v EXAT 9223372036854775807
SET k v EX 9223372036854775
SET k v EX 9223372036854774
SET k v EXAT 4102444800
EXPIRETIME k
PEXPIRETIME k
TTL k
SET k v PXAT 4102444800123
PEXPIRETIME k
EXPIRETIME k
SET k v2 KEEPTTL
PEXPIRETIME k
GET k
SET k v3
TTL k
SET k v EX 100 KEEPTTL
SET k v KEEPTTL PX 5
SET k v KEEPTTL KEEPTTL
SET k v GET
SET k v3 GET
SET newk v GET
SET k v NX GET
SET k v XX GET
SET missing v XX GET
EXISTS missing
SET k v GET GET
SET k v ex 100
TTL k
SET k v Ex 200 nX
SET k v pxat 4102444800000 xx
PTTL k
SET k v EXAT 1
EXISTS k
SET k v PXAT 1
GET k
SET k v PX 2
@sleep 10
GET k
SET k v EX 100 GET
SET k v PERSIST
SET k v EXAT 0
SET k v PXAT -1
SET k v EXAT abc
SET k v NX EX 100 GET
GET k
SET k v FOO
SET k v EX 100 FOO
"#;

const GETEX: &str = r#"
SET k v
GETEX k
TTL k
GETEX k EX 100
TTL k
GETEX k PX 200000
PTTL k
GETEX k EXAT 4102444800
EXPIRETIME k
GETEX k PXAT 4102444800999
PEXPIRETIME k
GETEX k PERSIST
TTL k
GETEX k EX 0
GETEX k EX -1
GETEX k EX abc
GETEX k PX 9223372036854775807
GETEX k PERSIST EX 100
GETEX k EX 100 PX 100
GETEX k EX 100 PERSIST
GETEX k KEEPTTL
GETEX k NX
GETEX nokey EX 100
EXISTS nokey
GETEX nokey
GETEX
GETEX k EXAT 1
EXISTS k
SET k v
GETEX k PXAT 1
GET k
SET k v
GETEX k PX 2
@sleep 10
GET k
SET k v
GETEX k foo
GETEX k persist
GETEX k ex 100
TTL k
"#;

const COUNTERS: &str = r#"
SET n 10
INCR n
DECR n
INCRBY n 5
DECRBY n 3
INCRBY n -20
DECRBY n -20
INCR newc
DECR newc2
INCRBY newc3 7
DECRBY newc4 7
GET n
OBJECT ENCODING n
SET n 9223372036854775807
INCR n
INCRBY n 1
DECRBY n -1
INCRBY n 0
GET n
SET n -9223372036854775808
DECR n
DECRBY n 1
INCRBY n -1
GET n
SET n 0
DECRBY n -9223372036854775808
DECRBY n 9223372036854775807
DECRBY n 2
INCRBY n 9223372036854775808
INCRBY n -9223372036854775809
INCRBY n 99999999999999999999
INCRBY n abc
INCRBY n 1.5
INCRBY n ""
INCRBY n " 1"
INCRBY n "1 "
INCRBY n +1
INCRBY n 01
INCRBY n -0
INCRBY n 0x10
GET n
SET s abc
INCR s
SET s 1.5
INCR s
SET s " 1"
INCR s
SET s ""
INCR s
SET s 00012
INCR s
SET s -0
INCR s
SET s +5
INCR s
SET s 12345678901234567890
INCR s
SET s "1\x00"
INCR s
INCR
INCR a b
INCRBY n
INCRBY n 1 2
DECRBY n
DECR
INCRBYFLOAT f 1.5
INCRBYFLOAT f 0.1
INCRBYFLOAT f -1.6
INCRBYFLOAT f 1e3
INCRBYFLOAT f 5.0e3
GET f
INCRBYFLOAT f 1.23456789012345678
INCRBYFLOAT f abc
INCRBYFLOAT f inf
INCRBYFLOAT f -inf
INCRBYFLOAT f nan
INCRBYFLOAT f ""
INCRBYFLOAT f " 1"
INCRBYFLOAT f "1 "
INCRBYFLOAT f 0x10
INCRBYFLOAT f 1.7976931348623157e308
INCRBYFLOAT f 1e400
GET f
SET f 10
INCRBYFLOAT f 0.1
SET f 3.0
INCRBYFLOAT f 0
SET f 1e5
INCRBYFLOAT f 1
SET f 5
INCRBYFLOAT f -5
INCRBYFLOAT f -0.0
SET f 1.5e-10
INCRBYFLOAT f 0
SET f 0.1
INCRBYFLOAT f 0.2
SET f 1e20
INCRBYFLOAT f 1
SET f 123456789012345678901234567890
INCRBYFLOAT f 1
SET f -1e-5
INCRBYFLOAT f 0
SET f abc
INCRBYFLOAT f 1
SET f inf
INCRBYFLOAT f 1
INCRBYFLOAT
INCRBYFLOAT f
INCRBYFLOAT f 1 2
SET n 10
INCRBYFLOAT n 2.5
INCR n
OBJECT ENCODING n
INCRBYFLOAT new 3
GET new
INCR new
"#;

const RANGES_AND_LCS: &str = r#"
SET s "Hello World"
GETRANGE s 0 4
GETRANGE s -5 -1
GETRANGE s 0 -1
GETRANGE s 5 2
GETRANGE s 100 200
GETRANGE s -100 3
GETRANGE s 0 100
GETRANGE s -1 -5
GETRANGE s 0 0
GETRANGE s -1 -1
GETRANGE s x 1
GETRANGE s 0 1.5
GETRANGE s 0 9223372036854775807
GETRANGE s -9223372036854775808 2
GETRANGE s 0 9223372036854775808
GETRANGE nokey 0 -1
GETRANGE s 0
GETRANGE s 0 1 2
SET e ""
GETRANGE e 0 -1
GETRANGE e 0 0
SUBSTR s 0 4
SUBSTR s -3 -1
SUBSTR s 1
SETRANGE s 6 Redis
GET s
SETRANGE s 20 x
GET s
STRLEN s
SETRANGE s -1 x
SETRANGE s 0 ""
SETRANGE nokey 0 ""
EXISTS nokey
SETRANGE nokey 5 ""
EXISTS nokey
SETRANGE nokey 3 ab
GET nokey
SETRANGE s 536870912 x
SETRANGE s 536870911 ""
SETRANGE s 9223372036854775807 x
SETRANGE s abc x
SETRANGE s 0
SETRANGE s 0 a b
SET n 12345
SETRANGE n 0 9
GET n
OBJECT ENCODING n
SET a ohmytext
SET b mynewtext
LCS a b
LCS a b LEN
LCS a b IDX
LCS a b IDX MINMATCHLEN 4
LCS a b IDX MINMATCHLEN 4 WITHMATCHLEN
LCS a b IDX WITHMATCHLEN
LCS a b WITHMATCHLEN IDX
LCS a b LEN IDX
LCS a b IDX LEN
LCS a nokey
LCS nokey a
LCS nokey1 nokey2
LCS nokey1 nokey2 IDX
LCS nokey1 nokey2 LEN
LCS a b IDX MINMATCHLEN abc
LCS a b IDX MINMATCHLEN -1
LCS a b IDX MINMATCHLEN 0
LCS a b IDX MINMATCHLEN 100
LCS a b IDX MINMATCHLEN
LCS a b MINMATCHLEN 2
LCS a b WITHMATCHLEN
LCS a b foo
LCS a
LCS
SET c ""
LCS a c
LCS a c IDX
LCS a c LEN
SET d "\x00\x01\x02abc"
SET e "\x01abc\x00"
LCS d e IDX WITHMATCHLEN
LCS d e
LCS a a
LCS a a IDX
LCS a b idx withmatchlen minmatchlen 2
SET x ABCBDAB
SET y BDCABA
LCS x y
LCS x y IDX WITHMATCHLEN
LCS y x
LCS y x LEN
"#;

const KEYSPACE: &str = r#"
MSET a 1 b 2 c 3
DEL a
DEL a
DEL b c d
DEL
UNLINK x
MSET a 1 b 2
UNLINK a b a
EXISTS a b
UNLINK
SET a 1
EXISTS a a a nokey
EXISTS
TYPE a
TYPE nokey
TYPE
TYPE a b
RENAME a b
GET b
EXISTS a
RENAME nokey x
RENAME b b
RENAMENX b b
RENAMENX nokey b
SET c 3
RENAMENX b c
RENAMENX b d
GET d
RENAME
RENAME a
RENAME a b c
SET t v EX 100
RENAME t t2
TTL t2
SET t3 v
RENAME t3 t2
TTL t2
COPY d e
GET e
COPY d e
COPY d e REPLACE
COPY nokey z
COPY d d
COPY d e DB 1
SELECT 1
GET e
SELECT 0
COPY d e DB 1
COPY d e DB 1 REPLACE
COPY d e DB 16
COPY d e DB abc
COPY d e DB -1
COPY d e REPLACE DB 1 REPLACE
COPY d e foo
COPY d e DB
COPY d
COPY d d DB 1
COPY d d DB 0
SET t4 v PX 100000
COPY t4 t5
PTTL t5
DBSIZE
DBSIZE x
TOUCH d e nokey
TOUCH nokey
TOUCH
FLUSHDB
DBSIZE
SET a 1
FLUSHDB ASYNC
DBSIZE
FLUSHDB SYNC
FLUSHDB foo
FLUSHDB SYNC ASYNC
FLUSHALL foo
SET a 1
FLUSHALL ASYNC
DBSIZE
FLUSHALL SYNC
FLUSHALL SYNC x
flushall
RANDOMKEY
SET only 1
RANDOMKEY
RANDOMKEY x
DEL only
RANDOMKEY
SET e v PX 1
@sleep 10
RANDOMKEY
DBSIZE
"#;

const KEYS_GLOB: &str = r#"
MSET hello 1 hallo 2 hxllo 3 hllo 4 heeeello 5 "h*llo" 6 "h?llo" 7 "h[a]llo" 8 "h\\llo" 9
MSET k1 10 k2 11 k10 12 "a b" 13 "" 14 "\x00z" 15 "h-llo" 16 "h^llo" 17 "h]llo" 18
KEYS *
KEYS h?llo
KEYS h*llo
KEYS h[ae]llo
KEYS h[^e]llo
KEYS h[^ae]llo
KEYS h[a-b]llo
KEYS h[b-a]llo
KEYS h[a-]llo
KEYS h[-a]llo
KEYS h[\]]llo
KEYS h[]]llo
KEYS h[\-]llo
KEYS h\*llo
KEYS h\?llo
KEYS h\[a\]llo
KEYS "h\\\\llo"
KEYS h\hllo
KEYS k?
KEYS k*
KEYS k[0-9]
KEYS k[0-9]*
KEYS nomatch*
KEYS ""
KEYS "a b"
KEYS a*
KEYS "\x00*"
KEYS *z
KEYS [
KEYS h[
KEYS h[a
KEYS h[^
KEYS "*\\"
KEYS "h\\"
KEYS ?
KEYS ??
KEYS *o
KEYS *l*o
KEYS **llo
KEYS *h*e*l*l*o*
KEYS [a-z]*
KEYS [!a]*
KEYS [A-Z]*
KEYS H*
KEYS
KEYS a b
SET hello 1 PX 1
@sleep 10
KEYS h*llo
EXISTS hello
DBSIZE
"#;

const DATABASES: &str = r#"
SELECT 0
SET a db0
SELECT 1
GET a
SET a db1
SELECT 15
DBSIZE
SELECT 16
SELECT -1
SELECT abc
SELECT 1.0
SELECT
SELECT 1 2
SELECT 0
GET a
SWAPDB 0 1
GET a
SELECT 1
GET a
SELECT 0
SWAPDB 0 0
SWAPDB 0 16
SWAPDB -1 0
SWAPDB a 0
SWAPDB 0 b
SWAPDB 0
SWAPDB 0 1 2
MOVE a 1
SET m 1
MOVE m 1
EXISTS m
MOVE m 1
MOVE nokey 1
MOVE a 0
MOVE a 16
MOVE a -1
MOVE a x
MOVE a
MOVE a 1 2
SET ttlkey v EX 100
MOVE ttlkey 2
TTL ttlkey
SELECT 2
TTL ttlkey
DBSIZE
SWAPDB 2 3
DBSIZE
SELECT 3
KEYS *
FLUSHDB
SELECT 1
DBSIZE
FLUSHALL
DBSIZE
SELECT 0
DBSIZE
"#;

const EXPIRY: &str = r#"
SET k v
EXPIRE k 100
TTL k
PTTL k
EXPIRE k 100 NX
EXPIRE k 200 XX
TTL k
@sleep 2
EXPIRE k 200 GT
EXPIRE k 100 GT
EXPIRE k 100 LT
EXPIRE k 300 LT
EXPIRE k 300 NX XX
EXPIRE k 300 GT LT
EXPIRE k 300 NX GT
EXPIRE k 300 XX GT
EXPIRE k 300 FOO
EXPIRE k 300 nx
EXPIRE k abc
EXPIRE k 1.5
EXPIRE k ""
EXPIRE k
EXPIRE
EXPIRE nokey 100
EXPIRE nokey 100 XX
PERSIST k
PERSIST k
PERSIST nokey
TTL k
EXPIRE k 100 XX
EXPIRE k 100 GT
EXPIRE k 100 LT
TTL k
PERSIST k
EXPIRE k 100 NX
PERSIST k
PEXPIRE k 100000
PTTL k
PEXPIRE k 100000 NX
PEXPIRE k 200000 XX
PEXPIRE k abc
PEXPIRE k 100000 LT GT
EXPIREAT k 4102444800
EXPIRETIME k
PEXPIRETIME k
TTL k
EXPIREAT k 4102444800 GT
EXPIREAT k 4102444801 GT
EXPIREAT k 4102444800 LT
EXPIREAT k 4102444800 NX
EXPIREAT k 4102444900 XX
PEXPIREAT k 4102444800500
PEXPIRETIME k
EXPIRETIME k
PEXPIREAT k 4102444800499
EXPIRETIME k
PEXPIREAT k 4102444800499 GT
PEXPIREAT k 4102444800498 LT
PEXPIRETIME k
EXPIREAT k abc
EXPIREAT k
PEXPIREAT k
EXPIREAT k 1
EXISTS k
SET k v
PEXPIREAT k 1
EXISTS k
SET k v
EXPIREAT k 0
EXISTS k
SET k v
EXPIRE k 0
EXISTS k
SET k v
EXPIRE k -100
GET k
SET k v
PEXPIRE k -1
GET k
SET k v
EXPIRE k 9223372036854775807
PEXPIRE k 9223372036854775807
EXPIREAT k 9223372036854775807
EXPIRE k -9223372036854775808
EXPIREAT k -9223372036854775808
PEXPIRE k 9223372036854775000
TTL k
PEXPIREAT k 9223372036854775807
PEXPIRETIME k
EXPIRETIME k
SET k v
EXPIRE k 9223372036854775
EXPIRE k 9223372036854
TTL k
EXPIRETIME nokey
PEXPIRETIME nokey
TTL nokey
PTTL nokey
SET k v
EXPIRETIME k
PEXPIRETIME k
TTL
TTL a b
PTTL
PERSIST
PERSIST a b
EXPIRETIME
PEXPIRETIME a b
SET k v PX 2
@sleep 10
TTL k
EXISTS k
SET k v
PEXPIRE k 2
@sleep 10
PTTL k
EXISTS k
SET k v EX 100
SET k v2
TTL k
SET k v EX 100
APPEND k x
TTL k
INCR k
SET n 5 EX 100
INCR n
TTL n
SETRANGE n 0 7
TTL n
GETSET n 8
TTL n
"#;

const OBJECT: &str = r#"
SET i 12345
OBJECT ENCODING i
SET e short
OBJECT ENCODING e
SET r 01234567890123456789012345678901234567890123456789
OBJECT ENCODING r
SET b44 01234567890123456789012345678901234567890123
OBJECT ENCODING b44
SET b45 012345678901234567890123456789012345678901234
OBJECT ENCODING b45
APPEND e x
OBJECT ENCODING e
SET big 12345678901234567890
OBJECT ENCODING big
SET neg -5
OBJECT ENCODING neg
SET sp " 5"
OBJECT ENCODING sp
SET zero 0
OBJECT ENCODING zero
SET lead 05
OBJECT ENCODING lead
SET max 9223372036854775807
OBJECT ENCODING max
SET min -9223372036854775808
OBJECT ENCODING min
OBJECT ENCODING nokey
OBJECT REFCOUNT i
SET small 100
OBJECT REFCOUNT small
SET s10k 10000
OBJECT REFCOUNT s10k
SET s9999 9999
OBJECT REFCOUNT s9999
OBJECT REFCOUNT e
OBJECT REFCOUNT nokey
COPY small small-copy
OBJECT REFCOUNT small-copy
OBJECT ENCODING small-copy
GETSET small 7
OBJECT REFCOUNT small
OBJECT HELP
OBJECT help
OBJECT HELP extra
OBJECT FOO
OBJECT FOO bar
OBJECT
OBJECT ENCODING
OBJECT ENCODING a b
OBJECT REFCOUNT
INCR i
OBJECT ENCODING i
SETRANGE small 0 1
OBJECT ENCODING small
INCRBYFLOAT f 1.5
OBJECT ENCODING f
SET f2 1.5
OBJECT ENCODING f2
"#;

const CONNECTION_AND_ERRORS: &str = r#"
PING
PING hello
PING "hello world"
PING ""
PING a b
ECHO hi
ECHO ""
ECHO "\x00\xff"
ECHO
ECHO a b
FOO
FOO bar baz
""
GETT k
get k
gEt k
sEt k v
GeT k
UNKNOWNCOMMAND a b c d e f g h i j k l m n o p q r s t u v w x y z
FOO "a'b"
FOO "x\r\ny"
FOO "a\x00b" "\xff\xfe"
"G\xffT" k
FOO 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789
FOO 01234567890123456789012345678901234567890123456789012345678901234567890123456789 0123456789012345678901234567890123456789012345678901234567890123456789
012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789
SET k v EX 100 junk
GET "k\x00"
"GET k"
MGET
DEL
EXISTS
SET
GETRANGE
SETRANGE
APPEND
STRLEN
SETNX
SETEX
PSETEX
GETSET
MSETNX
LCS
SUBSTR
COPY
MOVE
SWAPDB
TOUCH
UNLINK
"#;

/// Cluster commands, answered as a Redis with cluster mode off answers them.
const CLUSTER_COMMANDS: &str = r#"
READONLY
READWRITE
ASKING
READONLY x
ASKING x
CLUSTER
CLUSTER INFO
CLUSTER HELP
CLUSTER help
CLUSTER foo
CLUSTER INFO x
CLUSTER KEYSLOT
CLUSTER KEYSLOT a
CLUSTER SLOTS
CLUSTER NODES
CLUSTER RESET HARD
CLUSTER SETSLOT 1 NODE abc
COMMAND INFO readonly readwrite asking cluster|info cluster|reset cluster|slaves
COMMAND GETKEYS CLUSTER KEYSLOT a
MULTI
READONLY
CLUSTER INFO
EXEC
EVAL "return redis.pcall('readonly')" 0
EVAL "return redis.pcall('cluster', 'info')" 0
EVAL "return redis.pcall('cluster', 'reset')" 0
EVAL "return redis.call('asking')" 0
"#;

/// MODULE, answered as a Redis with no modules and enable-module-command no.
const MODULE_COMMANDS: &str = r#"
MODULE LIST
MODULE list
MODULE
MODULE HELP
MODULE LIST x
MODULE foo
MODULE LOAD /nonexistent.so
MODULE LOADEX /nonexistent.so CONFIG a b ARGS c
MODULE UNLOAD foo
MODULE UNLOAD
COMMAND INFO module|list module|load module|help
CONFIG GET enable-module-command
CONFIG SET enable-module-command yes
EVAL "return redis.pcall('module', 'list')" 0
"#;

/// Replication commands, answered as a master with no replicas answers them (REPLICAOF
/// host port excepted: tests/differences.md D27).
const REPLICATION_COMMANDS: &str = r#"
ROLE
REPLICAOF NO ONE
REPLICAOF no one
SLAVEOF NO ONE
REPLICAOF no
REPLICAOF localhost abc
REPLICAOF localhost 70000
REPLICAOF localhost -1
SLAVEOF localhost x
FAILOVER
FAILOVER ABORT
FAILOVER abort
FAILOVER TO localhost 6379
FAILOVER TO localhost x
FAILOVER TO localhost
FAILOVER FORCE
FAILOVER FORCE FORCE
FAILOVER TIMEOUT -1
FAILOVER TIMEOUT 0
FAILOVER TIMEOUT abc
FAILOVER TIMEOUT 10 TIMEOUT 20
FAILOVER foo
FAILOVER TO localhost 6379 FORCE TIMEOUT 10
FAILOVER ABORT TIMEOUT 5
COMMAND INFO replicaof slaveof failover role
MULTI
REPLICAOF NO ONE
EXEC
EVAL "return redis.pcall('replicaof', 'no', 'one')" 0
"#;

/// Argument corners a spec-driven fuzz run found (each answered otherwise before).
const ARGUMENT_CORNERS: &str = r#"
BZPOPMIN nokey 0.001
BZPOPMAX nokey 0.0009
BZMPOP 0.001 1 nokey MIN
EVALSHA abc abc
EVALSHA 0123456789012345678901234567890123456789x abc
CLIENT LIST ID 0
CLIENT LIST ID 999999 -9223372036854775808
CLIENT LIST ID x
SLOWLOG GET 2 2
SLOWLOG GET abc 5
CLIENT UNBLOCK 5 abc extra
CLIENT PAUSE 5 WRITE extra
FUNCTION RESTORE x FLUSH extra
SET src v
RESTORE dst 9223372036854775807 "\x00\x01v\x0a\x00\x91\x08\xce\xb2\x198\x8a\xce"
EXISTS dst
RESTORE dst 9000000000000000000 "\x00\x01v\x0a\x00\x91\x08\xce\xb2\x198\x8a\xce"
EXISTS dst
LOLWUT VERSION abc
LOLWUT VERSION 2e9
LOLWUT VERSION 6 1 abc
LOLWUT VERSION 5 1 2 x
WAIT 2147483648 10
WAIT 9223372036854775807 0
"#;

const RESP3: &str = r#"
HELLO 3
PING
PING hi
ECHO hi
GET nokey
SET k v
GET k
MGET k nokey
SET k2 v GET
SET k v GET
GETEX nokey
GETDEL nokey
INCRBYFLOAT f 1.5
INCRBYFLOAT f 0.25
INCR n
SET a ohmytext
SET b mynewtext
LCS a b
LCS a b LEN
LCS a b IDX
LCS a b IDX WITHMATCHLEN
LCS a b IDX MINMATCHLEN 4 WITHMATCHLEN
LCS nokey1 nokey2 IDX
EXISTS k
OBJECT ENCODING nokey
OBJECT ENCODING k
KEYS *
TYPE k
TTL k
EXPIRE k 100
TTL k
FOO bar
GET
SET k v EX abc
INCR k
SELECT 1
RANDOMKEY
SELECT 0
HELLO
HELLO 2
GET nokey
MGET k nokey
LCS a b IDX WITHMATCHLEN
HELLO 4
HELLO abc
HELLO 3 SETNAME diff-client
HELLO 3 AUTH default anything
HELLO 3 FOO
HELLO 3
GET nokey
OBJECT HELP
"#;

#[test]
fn scripted_strings_basic() {
    run_script("strings_basic", STRINGS_BASIC);
}

#[test]
fn scripted_set_options() {
    run_script("set_options", SET_OPTIONS);
}

#[test]
fn scripted_getex() {
    run_script("getex", GETEX);
}

#[test]
fn scripted_counters() {
    run_script("counters", COUNTERS);
}

#[test]
fn scripted_ranges_and_lcs() {
    run_script("ranges_and_lcs", RANGES_AND_LCS);
}

#[test]
fn scripted_keyspace() {
    run_script("keyspace", KEYSPACE);
}

#[test]
fn scripted_keys_glob() {
    run_script("keys_glob", KEYS_GLOB);
}

#[test]
fn scripted_databases() {
    run_script("databases", DATABASES);
}

#[test]
fn scripted_expiry() {
    run_script("expiry", EXPIRY);
}

#[test]
fn scripted_object() {
    run_script("object", OBJECT);
}

#[test]
fn scripted_connection_and_errors() {
    run_script("connection_and_errors", CONNECTION_AND_ERRORS);
}

#[test]
fn scripted_cluster_commands() {
    run_script("cluster_commands", CLUSTER_COMMANDS);
}

#[test]
fn scripted_module_commands() {
    run_script("module_commands", MODULE_COMMANDS);
}

#[test]
fn scripted_replication_commands() {
    run_script("replication_commands", REPLICATION_COMMANDS);
}

#[test]
fn scripted_argument_corners() {
    run_script("argument_corners", ARGUMENT_CORNERS);
}

#[test]
fn scripted_resp3() {
    run_script("resp3", RESP3);
}

/// The same string scripts again over RESP3 (null replies and LCS maps change shape).
#[test]
fn scripted_strings_over_resp3() {
    let mut differ = Differ::start("scripted strings over RESP3");
    differ.run_str("HELLO 3");
    run_script_on(&mut differ, STRINGS_BASIC);
    run_script_on(&mut differ, SET_OPTIONS);
    run_script_on(&mut differ, GETEX);
    run_script_on(&mut differ, COUNTERS);
    run_script_on(&mut differ, RANGES_AND_LCS);
    differ.finish();
}

/// D1 in tests/differences.md allows TTLs a tolerance; these cases are built so the exact
/// reply is certain (absolute expiries, or relative ones read well within the rounding
/// margin), so rounding must match Redis's `(ms + 500) / 1000` exactly.
#[test]
fn ttl_rounding_is_exact() {
    run_script(
        "ttl_rounding_is_exact",
        r#"
        SET k v PX 99900
        @exact TTL k
        SET k v EX 100
        @exact TTL k
        SET k v PX 1700
        @exact TTL k
        SET k v PXAT 4102444800499
        @exact EXPIRETIME k
        @exact PEXPIRETIME k
        SET k v PXAT 4102444800500
        @exact EXPIRETIME k
        @exact PEXPIRETIME k
        EXPIREAT k 4102444800
        @exact PEXPIRETIME k
        @exact EXPIRETIME k
        "#,
    );
}

// ---------------------------------------------------------------------------------------------
// Random cases
// ---------------------------------------------------------------------------------------------

const DEFAULT_SEED: u64 = 0x5EED_2026;
const DEFAULT_COUNT: usize = 12_000;

/// xorshift64*: tiny, deterministic for a seed, good enough to pick test commands.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // splitmix64 so that nearby seeds give unrelated streams (and 0 is a valid seed).
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// One thing the generator asks for.
enum Step {
    Cmd(Vec<Vec<u8>>),
    SleepMs(u64),
}

/// Few keys, so commands keep landing on each other's keys; two need glob escapes or are
/// binary, to exercise KEYS and binary safety.
const KEYS: [&[u8]; 6] = [b"k1", b"k2", b"k3", b"key:4", b"h*llo", b"b\x00\xffn"];

const KEY_PATTERNS: [&str; 22] = [
    "*",
    "k*",
    "k?",
    "k[12]",
    "k[^1]",
    "k[a-z0-9]",
    "h\\*llo",
    "h*llo",
    "h?llo",
    "*:*",
    "key:\\4",
    "b*",
    "*n",
    "[",
    "k[",
    "\\",
    "",
    "k[3-1]",
    "*[*]*",
    "??",
    "???*",
    "[bhk]*",
];

/// Relative expiries, all >= 100 s so nothing expires during a run (differences.md).
const REL_SECONDS: [i64; 6] = [100, 200, 300, 1000, 86_400, 1_000_000];
/// Offsets from the run's start for absolute expiries: distinct from REL_SECONDS so GT/LT
/// between a relative and an absolute expiry is decided by far more than the clock skew.
const ABS_OFFSETS: [i64; 5] = [150, 250, 350, 5_000, 100_000];
/// Expiry arguments that Redis rejects or that overflow.
const BAD_EXPIRIES: [&str; 10] = [
    "0",
    "-1",
    "abc",
    "1.5",
    "",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854776",
    " 100",
    "100abc",
];

struct Gen {
    rng: Rng,
    /// The database both connections have selected.
    db: i64,
    /// Unix time (s) when the run started; absolute expiries are offsets from it.
    base_s: i64,
}

fn b(s: impl AsRef<[u8]>) -> Vec<u8> {
    s.as_ref().to_vec()
}

impl Gen {
    fn new(seed: u64) -> Gen {
        let base_s = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        Gen::with_base(seed, base_s)
    }

    fn with_base(seed: u64, base_s: i64) -> Gen {
        Gen {
            rng: Rng::new(seed),
            db: 0,
            base_s,
        }
    }

    fn key(&mut self) -> Vec<u8> {
        b(self.rng.pick(&KEYS))
    }

    /// Values: integers (small, boundary, overflowing), floats, odd numerics, empty, binary,
    /// words, and lengths on both sides of Redis's 44-byte embstr limit.
    fn value(&mut self) -> Vec<u8> {
        let r = &mut self.rng;
        match r.below(12) {
            0 | 1 => b(r.range(-100, 100).to_string()),
            2 => b(r.range(-1_000_000, 1_000_000_000).to_string()),
            3 => b(*r.pick(&[
                "9223372036854775807",
                "-9223372036854775808",
                "9223372036854775806",
                "-9223372036854775807",
                "9223372036854775808",
                "99999999999999999999999",
                "10000",
                "9999",
            ])),
            4 => b(*r.pick(&[
                "1.5",
                "-0.25",
                "3.0",
                "1e3",
                "0.1",
                "inf",
                "-inf",
                "nan",
                "1.7976931348623157e308",
                "5e-324",
                "1e400",
                "-0",
                "0x10",
                "+1",
                "01",
                " 1",
                "1 ",
                "1_000",
                "3.14159265358979",
            ])),
            5 => Vec::new(),
            6 => (0..r.range(1, 8)).map(|_| r.below(256) as u8).collect(),
            7 => b(*r.pick(&[
                "hello",
                "world",
                "foo",
                "a",
                "ohmytext",
                "mynewtext",
                "Hello World",
            ])),
            8 => {
                let len = *r.pick(&[43, 44, 45, 60]);
                (0..len).map(|_| b'a' + r.below(26) as u8).collect()
            }
            _ => (0..r.range(1, 20))
                .map(|_| b'a' + r.below(4) as u8)
                .collect(),
        }
    }

    /// Short values for APPEND/SETRANGE, so strings stay small (LCS is quadratic).
    fn short_value(&mut self) -> Vec<u8> {
        let r = &mut self.rng;
        match r.below(5) {
            0 => Vec::new(),
            1 => b(r.range(0, 99).to_string()),
            2 => (0..r.range(1, 3)).map(|_| r.below(256) as u8).collect(),
            _ => (0..r.range(1, 6))
                .map(|_| b'a' + r.below(4) as u8)
                .collect(),
        }
    }

    fn int_arg(&mut self) -> Vec<u8> {
        let r = &mut self.rng;
        match r.below(10) {
            0..=5 => b(r.range(-50, 50).to_string()),
            6 => b(r.range(-1_000_000_000, 1_000_000_000).to_string()),
            7 => b(*r.pick(&[
                "9223372036854775807",
                "-9223372036854775808",
                "9223372036854775808",
                "-9223372036854775809",
                "4611686018427387904",
            ])),
            _ => b(*r.pick(&["abc", "1.5", "", " 1", "+1", "01", "-0", "1e3", "0x10"])),
        }
    }

    fn float_arg(&mut self) -> Vec<u8> {
        let r = &mut self.rng;
        match r.below(4) {
            0 => b(r.range(-100, 100).to_string()),
            1 => b(format!("{}.{}", r.range(-100, 100), r.range(0, 999))),
            _ => b(*r.pick(&[
                "0.1",
                "-0.1",
                "1e3",
                "2.5e-3",
                "1.7976931348623157e308",
                "-1.7976931348623157e308",
                "inf",
                "-inf",
                "nan",
                "abc",
                "",
                "5.0e3",
                "1e400",
                "0",
                "-0.0",
                "1.23456789012345678",
                " 1",
                "0x10",
            ])),
        }
    }

    fn db_arg(&mut self) -> Vec<u8> {
        let r = &mut self.rng;
        if r.chance(85) {
            b(r.range(0, 2).to_string())
        } else {
            b(*r.pick(&["16", "-1", "x", "99999999999999999999", "1.0"]))
        }
    }

    fn index_arg(&mut self) -> Vec<u8> {
        let r = &mut self.rng;
        if r.chance(85) {
            b(r.range(-25, 25).to_string())
        } else {
            b(*r.pick(&[
                "9223372036854775807",
                "-9223372036854775808",
                "100000",
                "x",
                "1.5",
            ]))
        }
    }

    fn rel_seconds(&mut self) -> i64 {
        *self.rng.pick(&REL_SECONDS)
    }

    fn abs_seconds(&mut self) -> i64 {
        self.base_s + *self.rng.pick(&ABS_OFFSETS)
    }

    /// Absolute times in the past: the key is gone at once (or at the next access).
    fn past_seconds(&mut self) -> i64 {
        *self.rng.pick(&[1, 1000, self.base_s - 1000])
    }

    /// An expiry option for SET or GETEX. Returns the arguments and whether the key may now
    /// be expired-but-present (a past or tiny expiry), which the caller must settle.
    fn expiry_option(&mut self, for_getex: bool) -> (Vec<Vec<u8>>, bool) {
        let r = self.rng.below(100);
        let (opt, val, settle): (&str, String, bool) = match r {
            0..=19 => ("EX", self.rel_seconds().to_string(), false),
            20..=34 => (
                "PX",
                (self.rel_seconds() * 1000 + self.rng.range(0, 999)).to_string(),
                false,
            ),
            35..=49 => ("EXAT", self.abs_seconds().to_string(), false),
            50..=59 => (
                "PXAT",
                (self.abs_seconds() * 1000 + self.rng.range(0, 999)).to_string(),
                false,
            ),
            60..=64 => ("EXAT", self.past_seconds().to_string(), true),
            65..=69 => ("PXAT", (self.past_seconds() * 1000).to_string(), true),
            70..=75 => ("PX", self.rng.range(1, 3).to_string(), true),
            76..=85 => {
                let opt = *self.rng.pick(&["EX", "PX", "EXAT", "PXAT"]);
                (opt, self.rng.pick(&BAD_EXPIRIES).to_string(), false)
            }
            86..=92 => {
                let opt = if for_getex { "PERSIST" } else { "KEEPTTL" };
                return (vec![b(opt)], false);
            }
            _ => {
                // A lone option with no value, or an option the command does not take.
                let opt = *self.rng.pick(&["EX", "PX", "KEEPTTL", "PERSIST", "NX"]);
                return (vec![b(opt)], false);
            }
        };
        (vec![b(opt), b(val)], settle)
    }

    /// A relative expiry argument for EXPIRE (seconds) or PEXPIRE (ms).
    fn expire_arg(&mut self, millis: bool) -> (Vec<u8>, bool) {
        let r = self.rng.below(100);
        let scale = if millis { 1000 } else { 1 };
        match r {
            0..=64 => (b((self.rel_seconds() * scale).to_string()), false),
            65..=74 => (b(self.rng.range(-100, 0).to_string()), false), // deletes at once
            75..=84 if millis => (b(self.rng.range(1, 3).to_string()), true),
            _ => (b(*self.rng.pick(&BAD_EXPIRIES)), false),
        }
    }

    /// An absolute expiry argument for EXPIREAT (s) or PEXPIREAT (ms).
    fn expireat_arg(&mut self, millis: bool) -> Vec<u8> {
        let r = self.rng.below(100);
        let secs = match r {
            0..=69 => self.abs_seconds(),
            70..=84 => self.past_seconds(),
            _ => return b(*self.rng.pick(&BAD_EXPIRIES)),
        };
        if millis {
            b((secs * 1000 + *self.rng.pick(&[0, 499, 500, 999])).to_string())
        } else {
            b(secs.to_string())
        }
    }

    /// The steps for one generated command (plus sleeps and settling commands it needs).
    fn next_steps(&mut self) -> Vec<Step> {
        let mut steps = Vec::new();
        // A key that may hold an expired-but-not-yet-deleted value after this command.
        let mut settle: Option<Vec<u8>> = None;
        let k = self.key();
        let r = self.rng.below(1000);
        let mut cmd: Vec<Vec<u8>> = match r {
            // --- strings ---
            0..=59 => vec![b("GET"), k],
            60..=139 => {
                let mut c = vec![b("SET"), k.clone(), self.value()];
                for _ in 0..self.rng.below(3) {
                    match self.rng.below(5) {
                        0 => c.push(b(*self.rng.pick(&["NX", "XX"]))),
                        1 => c.push(b("GET")),
                        _ => {
                            let (opt, s) = self.expiry_option(false);
                            c.extend(opt);
                            if s {
                                settle = Some(k.clone());
                            }
                        }
                    }
                }
                c
            }
            140..=159 => vec![b("SETNX"), k, self.value()],
            160..=179 => {
                let (ttl, s) = self.expire_arg(false);
                if s {
                    settle = Some(k.clone());
                }
                vec![b("SETEX"), k, ttl, self.value()]
            }
            180..=194 => {
                let (ttl, s) = self.expire_arg(true);
                if s {
                    settle = Some(k.clone());
                }
                vec![b("PSETEX"), k, ttl, self.value()]
            }
            195..=214 => vec![b("GETSET"), k, self.value()],
            215..=234 => vec![b("GETDEL"), k],
            235..=264 => {
                let mut c = vec![b("GETEX"), k.clone()];
                if self.rng.chance(80) {
                    let (opt, s) = self.expiry_option(true);
                    c.extend(opt);
                    if s {
                        settle = Some(k);
                    }
                }
                c
            }
            265..=289 => {
                let mut c = vec![b("MGET")];
                for _ in 0..self.rng.range(1, 4) {
                    c.push(self.key());
                }
                c
            }
            290..=314 => {
                let name = if self.rng.chance(60) {
                    "MSET"
                } else {
                    "MSETNX"
                };
                let mut c = vec![b(name)];
                for _ in 0..self.rng.range(1, 3) {
                    c.push(self.key());
                    c.push(self.value());
                }
                c
            }
            315..=339 => vec![b("APPEND"), k, self.short_value()],
            340..=354 => vec![b("STRLEN"), k],
            355..=384 => vec![b("INCR"), k],
            385..=404 => vec![b("DECR"), k],
            405..=424 => vec![b("INCRBY"), k, self.int_arg()],
            425..=439 => vec![b("DECRBY"), k, self.int_arg()],
            440..=464 => vec![b("INCRBYFLOAT"), k, self.float_arg()],
            465..=484 => {
                let name = if self.rng.chance(80) {
                    "GETRANGE"
                } else {
                    "SUBSTR"
                };
                vec![b(name), k, self.index_arg(), self.index_arg()]
            }
            485..=499 => {
                let offset = match self.rng.below(10) {
                    0 => b(*self
                        .rng
                        .pick(&["-1", "536870912", "x", "9223372036854775807"])),
                    _ => b(self.rng.pick(&[0, 1, 2, 5, 10, 50, 100, 300]).to_string()),
                };
                vec![b("SETRANGE"), k, offset, self.short_value()]
            }
            500..=514 => {
                let mut c = vec![b("LCS"), k, self.key()];
                for _ in 0..self.rng.below(3) {
                    match self.rng.below(5) {
                        0 => c.push(b("LEN")),
                        1 | 2 => c.push(b("IDX")),
                        3 => c.push(b("WITHMATCHLEN")),
                        _ => {
                            c.push(b("MINMATCHLEN"));
                            c.push(b(self.rng.pick(&["0", "1", "2", "4", "-1", "x"])));
                        }
                    }
                }
                c
            }
            // --- keyspace ---
            515..=544 => {
                let name = if self.rng.chance(70) { "DEL" } else { "UNLINK" };
                let mut c = vec![b(name)];
                for _ in 0..self.rng.range(1, 3) {
                    c.push(self.key());
                }
                c
            }
            545..=569 => {
                let mut c = vec![b("EXISTS")];
                for _ in 0..self.rng.range(1, 3) {
                    c.push(self.key());
                }
                c
            }
            570..=584 => vec![b("TYPE"), k],
            585..=604 => {
                let name = if self.rng.chance(60) {
                    "RENAME"
                } else {
                    "RENAMENX"
                };
                vec![b(name), k, self.key()]
            }
            605..=624 => {
                let mut c = vec![b("COPY"), k, self.key()];
                if self.rng.chance(40) {
                    c.push(b("DB"));
                    c.push(self.db_arg());
                }
                if self.rng.chance(40) {
                    c.push(b("REPLACE"));
                }
                c
            }
            625..=639 => vec![b("KEYS"), b(*self.rng.pick(&KEY_PATTERNS))],
            640..=654 => vec![b("DBSIZE")],
            655..=669 => vec![b("SELECT"), self.db_arg()],
            670..=679 => vec![b("SWAPDB"), self.db_arg(), self.db_arg()],
            680..=694 => vec![b("MOVE"), k, self.db_arg()],
            695..=699 => {
                let mut c = vec![b("FLUSHDB")];
                if self.rng.chance(30) {
                    c.push(b(*self.rng.pick(&["ASYNC", "SYNC", "FOO"])));
                }
                c
            }
            700..=701 => vec![b("FLUSHALL")],
            702..=709 => return self.randomkey_steps(),
            710..=724 => {
                let mut c = vec![b("TOUCH")];
                for _ in 0..self.rng.range(1, 3) {
                    c.push(self.key());
                }
                c
            }
            725..=744 => {
                let sub = match self.rng.below(20) {
                    0 => "HELP",
                    1 => "FOO",
                    2..=10 => "ENCODING",
                    _ => "REFCOUNT",
                };
                vec![b("OBJECT"), b(sub), k]
            }
            // --- expiry ---
            745..=839 => {
                let (name, millis, absolute) = *self.rng.pick(&[
                    ("EXPIRE", false, false),
                    ("PEXPIRE", true, false),
                    ("EXPIREAT", false, true),
                    ("PEXPIREAT", true, true),
                ]);
                let arg = if absolute {
                    self.expireat_arg(millis)
                } else {
                    let (arg, s) = self.expire_arg(millis);
                    if s {
                        settle = Some(k.clone());
                    }
                    arg
                };
                let mut c = vec![b(name), k, arg];
                if self.rng.chance(50) {
                    let flag = *self.rng.pick(&["NX", "XX", "GT", "LT", "nx", "gt", "FOO"]);
                    c.push(b(flag));
                    if self.rng.chance(10) {
                        c.push(b(*self.rng.pick(&["NX", "XX", "GT", "LT"])));
                    }
                }
                // GT/LT against an equal relative expiry set in the same millisecond would be
                // a tie on one server and not the other (differences.md, "kept deterministic").
                if c[3..]
                    .iter()
                    .any(|f| matches!(f.to_ascii_uppercase().as_slice(), b"GT" | b"LT"))
                {
                    steps.push(Step::SleepMs(2));
                }
                c
            }
            840..=904 => {
                let name = *self.rng.pick(&["TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"]);
                vec![b(name), k]
            }
            905..=929 => vec![b("PERSIST"), k],
            // --- connection ---
            930..=944 => {
                let mut c = vec![b("PING")];
                if self.rng.chance(50) {
                    c.push(self.value());
                }
                c
            }
            945..=959 => vec![b("ECHO"), self.value()],
            // --- unknown commands ---
            960..=969 => {
                let name = *self
                    .rng
                    .pick(&["FOO", "GETT", "", "SETT", "EXPIRES", "KEY"]);
                vec![b(name), k, self.value()]
            }
            _ => vec![b("SET"), k, self.value()],
        };

        // Mutations: wrong arity (a missing or an extra argument) and mixed-case names.
        match self.rng.below(100) {
            0..=3 if cmd.len() > 1 => {
                cmd.pop();
            }
            4..=6 => {
                // No numbers here: `SET k v PX` + `1` would be a valid 1 ms (or, with EX, a
                // 1 s) expiry that nothing settles. Appending to an expiring command can still
                // complete an option, so settle those anyway.
                cmd.push(b(*self.rng.pick(&["junk", "NX", "EX", "x1", ""])));
                if cmd.len() > 1
                    && [&b"SET"[..], b"GETEX"]
                        .iter()
                        .any(|n| cmd[0].eq_ignore_ascii_case(n))
                {
                    settle = Some(cmd[1].clone());
                }
            }
            7..=14 => {
                let name = &mut cmd[0];
                for c in name.iter_mut() {
                    if self.rng.chance(50) {
                        *c = c.to_ascii_lowercase();
                    }
                }
            }
            _ => {}
        }
        // Track the selected database after mutation: a mutated SELECT fails.
        if cmd.len() == 2 && cmd[0].eq_ignore_ascii_case(b"SELECT") {
            match std::str::from_utf8(&cmd[1])
                .ok()
                .and_then(|s| s.parse::<i64>().ok())
            {
                Some(n) if (0..16).contains(&n) => self.db = n,
                _ => {}
            }
        }
        steps.push(Step::Cmd(cmd));

        if let Some(key) = settle {
            // Let a tiny expiry pass, then touch the key so both servers delete it now rather
            // than whenever their background expiry gets to it (DBSIZE would show the
            // difference). See tests/differences.md.
            steps.push(Step::SleepMs(5));
            steps.push(Step::Cmd(vec![b("EXISTS"), key]));
        }
        steps
    }

    /// RANDOMKEY on a database with zero or one key, where the answer is deterministic:
    /// database 9 is used for nothing else.
    fn randomkey_steps(&mut self) -> Vec<Step> {
        let mut steps = vec![
            Step::Cmd(vec![b("SELECT"), b("9")]),
            Step::Cmd(vec![b("RANDOMKEY")]),
        ];
        if self.rng.chance(60) {
            steps.push(Step::Cmd(vec![b("SET"), self.key(), self.value()]));
            steps.push(Step::Cmd(vec![b("RANDOMKEY")]));
        }
        steps.push(Step::Cmd(vec![b("FLUSHDB")]));
        steps.push(Step::Cmd(vec![b("SELECT"), b(self.db.to_string())]));
        steps
    }
}

/// Runs `count` generated commands (plus their settling steps), then compares the whole
/// final state: every key of databases 0-2 with its value and TTL.
fn random_run(label: &str, seed: u64, count: usize, resp3: bool) {
    let mut differ = Differ::start(format!(
        "{label} seed={seed} count={count} \
         (reproduce: SPINEL_DIFF_SEED={seed} SPINEL_DIFF_COUNT={count} \
         cargo test -p spinel-server --test differential {label})"
    ));
    differ.run_str("FLUSHALL");
    if resp3 {
        differ.run_str("HELLO 3");
    }
    let mut gen = Gen::new(seed);
    let mut sent = 0;
    while sent < count {
        for step in gen.next_steps() {
            match step {
                Step::Cmd(cmd) => {
                    differ.run(&cmd);
                    sent += 1;
                }
                Step::SleepMs(ms) => std::thread::sleep(Duration::from_millis(ms)),
            }
        }
    }
    // Final state: the same keys, values and TTLs everywhere.
    for db in 0..3 {
        differ.run_str(&format!("SELECT {db}"));
        differ.run_str("DBSIZE");
        differ.run_str("KEYS *");
        for key in KEYS {
            differ.run(&[b"GET".as_slice(), key]);
            differ.run(&[b"PTTL".as_slice(), key]);
        }
    }
    differ.finish();
}

#[test]
fn random() {
    random_run("random", seed_from_env(DEFAULT_SEED), count_from_env(DEFAULT_COUNT), false);
}

/// A shorter random run over RESP3, from a different seed.
#[test]
fn random_resp3() {
    let seed = seed_from_env(DEFAULT_SEED).wrapping_add(1);
    random_run("random_resp3", seed, count_from_env(DEFAULT_COUNT) / 3, true);
}

/// The generator must be deterministic for a seed, or a printed seed reproduces nothing.
#[test]
fn generator_is_deterministic() {
    let render = |seed| {
        let mut gen = Gen::with_base(seed, 1_800_000_000);
        let mut out = Vec::new();
        for _ in 0..500 {
            for step in gen.next_steps() {
                match step {
                    Step::Cmd(c) => out.push(common::render_command(&c)),
                    Step::SleepMs(ms) => out.push(format!("@sleep {ms}")),
                }
            }
        }
        out
    };
    assert_eq!(render(7), render(7));
    assert_ne!(render(7), render(8));
}

/// The harness must see a difference when there is one: make the two servers' states differ
/// behind the Differ's back and check it records exactly the replies that differ.
#[test]
fn harness_detects_mismatches() {
    let mut differ = Differ::start("harness self-check");
    differ.run_str("FLUSHALL");
    differ.spinel.cmd_str("SET only-on-spinel 1");
    differ.run_str("GET only-on-spinel");
    differ.run_str("EXISTS only-on-spinel");
    differ.run_str("GET other");
    differ.run_str("KEYS *");
    assert_eq!(differ.mismatches.len(), 3, "{}", differ.report());
    let report = differ.report();
    assert!(
        report.contains("GET only-on-spinel") && report.contains("\"1\""),
        "{report}"
    );
}
