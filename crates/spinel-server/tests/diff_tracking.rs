//! Client-side caching (CLIENT TRACKING), played with several clients against redis-server and
//! spinel-server: every reply, invalidation push and `__redis__:invalidate` message must match.
//!
//! REDIRECT takes a client id, and ids count the connections a process has accepted. So that
//! scenarios can name ids literally, both servers are first brought to the same next id
//! (connections are opened and closed until it is [`FIRST_ID`]): client `n` of a scenario is
//! id `FIRST_ID + n` on both.

mod common;
use common::Act::{self, *};
use common::{Conn, Server};
use std::time::Duration;

const FIRST_ID: i64 = 100;

/// Opens and closes connections until the next one the server accepts gets [`FIRST_ID`].
fn align_client_ids(server: &Server) {
    loop {
        let mut probe = server.conn();
        let id = client_id(&mut probe);
        assert!(id < FIRST_ID, "{}: client id {id} already past {FIRST_ID}", server.name);
        if id == FIRST_ID - 1 {
            return;
        }
    }
}

fn client_id(conn: &mut Conn) -> i64 {
    let reply = conn.cmd(&["CLIENT", "ID"]);
    std::str::from_utf8(&reply[1..reply.len() - 2]).unwrap().parse().unwrap()
}

/// `common::compare_scenario` with aligned client ids.
fn compare(name: &str, clients: usize, acts: &[Act]) {
    common::compare_scenario_with(name, clients, acts, align_client_ids);
}

#[test]
fn default_mode_resp3_pushes() {
    compare(
        "default mode",
        2,
        &[
            Quiet(0, "HELLO 3"),
            Run(0, "CLIENT TRACKINGINFO"),
            Run(0, "CLIENT GETREDIR"),
            Run(0, "CLIENT TRACKING on"),
            Run(0, "CLIENT TRACKINGINFO"),
            Run(0, "CLIENT GETREDIR"),
            Run(0, "GET a"),
            Run(0, "MGET b c"),
            Run(0, "EXISTS h"),
            Run(0, "STRLEN s"),
            Run(0, "ZUNION 2 z1 z2"),
            Run(0, "GETRANGE n 0 1"),
            // Another client's writes: one push per key, and the key is forgotten.
            Run(1, "SET a 1"),
            Drain(0),
            Run(1, "MSET b 1 c 2 unread 3"),
            Drain(0),
            Run(1, "SET a 2"),
            Drain(0),
            Run(1, "SET h v"),
            Run(1, "APPEND s x"),
            Run(1, "SET z2 x"),
            Run(1, "INCR n"),
            Drain(0),
            // A failed write or a write that changes nothing invalidates nothing.
            Run(0, "GET s"),
            Run(0, "GET l"),
            Run(1, "INCR s"),
            Run(1, "DEL l"),
            Drain(0),
            // A write of the tracking client itself: the push follows the reply.
            Run(0, "GET a"),
            Run(0, "SET a 3"),
            Drain(0),
            Run(0, "GET a"),
            Run(0, "GET b"),
            Run(0, "MSET a 1 b 2"),
            Drain(0),
            // One table for all databases: a key read in db 1 is invalidated by a write in db 0.
            Run(0, "SELECT 1"),
            Run(0, "GET x"),
            Run(1, "SET x 1"),
            Drain(0),
            Run(0, "SELECT 0"),
            // Writes inside MULTI/EXEC, of the tracker and of another client.
            Run(0, "GET m1"),
            Run(0, "GET m2"),
            Run(0, "MULTI"),
            Run(0, "SET m1 x"),
            Run(0, "GET m2"),
            Run(0, "INCR m2"),
            Run(0, "EXEC"),
            Drain(0),
            Run(0, "GET m1"),
            Run(1, "MULTI"),
            Run(1, "DEL m1"),
            Run(1, "SET m2 y"),
            Run(1, "EXEC"),
            Drain(0),
            // Keys changed by expiry: set with a TTL, read, and let it run out.
            Run(1, "SET e 1 PX 300"),
            Run(0, "GET e"),
            Sleep(600),
            Run(1, "GET e"),
            Drain(0),
            Run(1, "SET e2 1"),
            Run(0, "GET e2"),
            Run(1, "EXPIRE e2 0"),
            Drain(0),
            Run(0, "GET r1"),
            Run(1, "SET r1 1"),
            Drain(0),
            Run(0, "GET r1"),
            Run(1, "RENAME r1 r2"),
            Drain(0),
            // Flushes: a null invalidation to every tracking client, whatever was read.
            Run(0, "GET f"),
            Run(1, "FLUSHDB"),
            Drain(0),
            Run(1, "SELECT 2"),
            Run(1, "FLUSHDB"),
            Drain(0),
            Run(0, "FLUSHALL"),
            Drain(0),
            Run(0, "GET f"),
            Run(1, "FLUSHALL"),
            Run(1, "SET f 1"),
            Drain(0),
            // OFF: nothing more arrives.
            Run(0, "CLIENT TRACKING off"),
            Run(0, "GET z"),
            Run(1, "SET z 1"),
            Run(1, "FLUSHALL"),
            Drain(0),
            Run(0, "CLIENT TRACKINGINFO"),
            // A RESP2 client without REDIRECT is tracked but cannot be told.
            Run(1, "CLIENT TRACKING on"),
            Run(1, "GET q"),
            Run(0, "SET q 1"),
            Drain(1),
            Run(1, "CLIENT TRACKINGINFO"),
            // RESET turns tracking off.
            Run(1, "RESET"),
            Run(1, "CLIENT TRACKINGINFO"),
            Run(1, "CLIENT GETREDIR"),
        ],
    );
}

#[test]
fn noloop_and_own_changes() {
    compare(
        "noloop",
        2,
        &[
            Quiet(0, "HELLO 3"),
            Run(0, "CLIENT TRACKING on NOLOOP"),
            Run(0, "CLIENT TRACKINGINFO"),
            Run(0, "GET k"),
            Run(0, "SET k 1"),
            Drain(0),
            // The own write dropped the key: another client's write now says nothing.
            Run(1, "SET k 2"),
            Drain(0),
            Run(0, "GET k"),
            Run(1, "SET k 3"),
            Drain(0),
            // Flushes reach NOLOOP clients too, even their own.
            Run(0, "FLUSHALL"),
            Drain(0),
            // Re-enabling replaces the flags.
            Run(0, "CLIENT TRACKING on"),
            Run(0, "CLIENT TRACKINGINFO"),
            Run(0, "GET k"),
            Run(0, "SET k 4"),
            Drain(0),
        ],
    );
}

/// Keys read by a script's redis.call are tracked for the script's caller, as Redis tracks
/// them (Spinel did not remember them).
#[test]
fn keys_read_by_scripts_are_tracked() {
    compare(
        "scripts",
        2,
        &[
            Quiet(0, "HELLO 3"),
            Run(0, "CLIENT TRACKING on"),
            Run(1, "SET a 1"),
            Run(0, "EVAL \"return redis.call('get', KEYS[1])\" 1 a"),
            Run(0, "EVAL_RO \"return redis.call('exists', 'b')\" 0"),
            Run(0, "EVAL \"redis.call('set', 'c', '1') return redis.call('get', 'c')\" 0"),
            Run(1, "SET a 2"),
            Run(1, "SET b 2"),
            Run(1, "SET c 2"),
            Drain(0),
        ],
    );
}

#[test]
fn invalidations_caused_by_served_waiters() {
    compare(
        "served waiters",
        3,
        &[
            Quiet(0, "HELLO 3"),
            Run(0, "CLIENT TRACKING on"),
            Run(0, "GET dst"),
            Quiet(1, "HELLO 3"),
            Run(1, "CLIENT TRACKING on"),
            Run(1, "GET dst2"),
            Block(1, "BLMOVE src2 dst2 LEFT RIGHT 0", 1),
            Block(2, "BLMOVE src dst LEFT RIGHT 0", 2),
            // The writer tracks the destination its write made the waiter fill: the
            // invalidation comes between its reply and its next command's.
            Pipeline(0, &["RPUSH src x", "PING"]),
            Drain(0),
            Drain(2),
            // The served client tracks its own destination: it hears after its reply.
            Run(0, "RPUSH src2 y"),
            Drain(1),
            Drain(0),
        ],
    );
}

#[test]
fn optin_optout_and_caching() {
    compare(
        "optin optout",
        2,
        &[
            Quiet(0, "HELLO 3"),
            Run(0, "CLIENT CACHING yes"),
            Run(0, "CLIENT CACHING maybe"),
            Run(0, "CLIENT TRACKING on"),
            Run(0, "CLIENT CACHING yes"),
            Run(0, "CLIENT CACHING no"),
            Run(0, "CLIENT CACHING maybe"),
            Run(0, "CLIENT TRACKING off"),
            Run(0, "CLIENT TRACKING on OPTIN"),
            Run(0, "CLIENT CACHING no"),
            Run(0, "CLIENT TRACKINGINFO"),
            // Only the command after CLIENT CACHING yes is tracked; other CLIENT
            // subcommands in between keep the flag.
            Run(0, "GET o1"),
            Run(0, "CLIENT CACHING yes"),
            Run(0, "CLIENT TRACKINGINFO"),
            Run(0, "CLIENT GETNAME"),
            Run(0, "GET o2"),
            Run(0, "GET o3"),
            Run(0, "CLIENT TRACKINGINFO"),
            Run(1, "MSET o1 1 o2 2 o3 3"),
            Drain(0),
            // ... or the whole transaction after it.
            Run(0, "CLIENT CACHING yes"),
            Run(0, "MULTI"),
            Run(0, "GET o1"),
            Run(0, "GET o2"),
            Run(0, "EXEC"),
            Run(0, "GET o3"),
            Run(1, "MSET o1 1 o2 2 o3 3"),
            Drain(0),
            // Any other command uses the flag up, even a failed one.
            Run(0, "CLIENT CACHING yes"),
            Run(0, "NOSUCHCOMMAND"),
            Run(0, "GET o1"),
            Run(0, "CLIENT CACHING yes"),
            Run(0, "GET"),
            Run(0, "GET o2"),
            Run(0, "CLIENT CACHING yes"),
            Run(0, "CLIENT NOSUCH"),
            Run(0, "GET o3"),
            Run(1, "MSET o1 1 o2 2 o3 3"),
            Drain(0),
            // Switching modes needs OFF first.
            Run(0, "CLIENT TRACKING on OPTOUT"),
            Run(0, "CLIENT TRACKING on"),
            Run(0, "CLIENT TRACKINGINFO"),
            Run(0, "CLIENT TRACKING off"),
            Run(0, "CLIENT TRACKING on OPTOUT"),
            Run(0, "CLIENT TRACKING on OPTIN"),
            Run(0, "CLIENT CACHING yes"),
            Run(0, "GET p1"),
            Run(0, "CLIENT CACHING no"),
            Run(0, "CLIENT TRACKINGINFO"),
            Run(0, "GET p2"),
            Run(0, "GET p3"),
            Run(1, "MSET p1 1 p2 2 p3 3"),
            Drain(0),
        ],
    );
}

#[test]
fn bcast_prefixes() {
    compare(
        "bcast",
        2,
        &[
            Quiet(0, "HELLO 3"),
            Run(0, "CLIENT TRACKING on BCAST PREFIX a PREFIX b"),
            Run(0, "CLIENT TRACKINGINFO"),
            Run(1, "SET a1 1"),
            Run(1, "SET b1 1"),
            Run(1, "SET c1 1"),
            Drain(0),
            // Keys changed by one command travel together, in byte order, one message per prefix.
            Run(1, "MSET a2 1 b3 3 a0 2 c2 0"),
            Drain(0),
            Run(1, "DEL nosuch"),
            Drain(0),
            // No read is needed, and the own writes come back after the reply.
            Run(0, "SET a5 1"),
            Drain(0),
            Run(1, "SET a6 1 PX 300"),
            Drain(0),
            Sleep(600),
            Run(1, "GET a6"),
            Drain(0),
            Run(1, "FLUSHALL"),
            Drain(0),
            // Enabling again without PREFIX adds the empty prefix; flags are replaced.
            Run(0, "CLIENT TRACKING on BCAST NOLOOP"),
            Run(0, "CLIENT TRACKINGINFO"),
            Run(0, "SET a7 1"),
            Run(0, "SET zz 1"),
            Drain(0),
            Run(1, "SET a7 2"),
            Drain(0),
            Run(1, "MULTI"),
            Run(1, "SET b9 1"),
            Run(1, "SET zz 2"),
            Run(1, "EXEC"),
            Drain(0),
            // Prefix rules and errors.
            Run(0, "CLIENT TRACKING on BCAST PREFIX z"),
            Run(0, "CLIENT TRACKING on"),
            Run(0, "CLIENT TRACKING on BCAST OPTIN"),
            Run(0, "CLIENT TRACKING off"),
            Run(0, "CLIENT TRACKINGINFO"),
            Run(1, "SET a8 1"),
            Drain(0),
            Run(0, "CLIENT TRACKING on PREFIX a"),
            Run(0, "CLIENT TRACKING on BCAST PREFIX a PREFIX ab"),
            Run(0, "CLIENT TRACKING on BCAST PREFIX ab PREFIX a"),
            Run(0, "CLIENT TRACKING on BCAST PREFIX x PREFIX x"),
            Run(0, "CLIENT TRACKING on BCAST OPTOUT"),
            Run(0, "CLIENT TRACKING on BCAST PREFIX user: PREFIX obj:"),
            Run(0, "CLIENT TRACKING on BCAST PREFIX us"),
            Run(0, "CLIENT TRACKING on BCAST PREFIX user:1:x"),
            Run(0, "CLIENT TRACKING on BCAST PREFIX cfg PREFIX cf"),
            Run(0, "CLIENT TRACKING on BCAST PREFIX cfg PREFIX list"),
            Run(0, "CLIENT TRACKINGINFO"),
            Run(1, "MSET user:1 a obj:2 b cfg:x c list d other e"),
            Drain(0),
            // Two BCAST clients on one prefix: both hear it, and the prefix stays while one does.
            Quiet(1, "HELLO 3"),
            Run(1, "CLIENT TRACKING on BCAST PREFIX user:"),
            Run(0, "SET user:2 x"),
            Drain(0),
            Drain(1),
            Run(0, "CLIENT TRACKING off"),
            Run(0, "SET user:3 x"),
            Drain(0),
            Drain(1),
        ],
    );
}

#[test]
fn redirect_to_resp2_subscriber_and_resp3_client() {
    // Ids: client n is FIRST_ID + n (100, 101, ...).
    compare(
        "redirect",
        7,
        &[
            Run(1, "SUBSCRIBE __redis__:invalidate"),
            Run(0, "CLIENT TRACKING on REDIRECT 101"),
            Run(0, "CLIENT GETREDIR"),
            Run(0, "CLIENT TRACKINGINFO"),
            Run(0, "GET k"),
            Run(0, "GET j"),
            Run(2, "SET k 1"),
            Drain(1),
            // The tracker's own write is also redirected.
            Run(0, "SET j 1"),
            Drain(1),
            Drain(0),
            // Flush: a RESP2 tracker's null.
            Run(2, "FLUSHDB"),
            Drain(1),
            Run(0, "CLIENT TRACKING on REDIRECT 101 NOLOOP"),
            Run(0, "GET k"),
            Run(0, "SET k 2"),
            Run(0, "GET k"),
            Run(2, "SET k 3"),
            Drain(1),
            // BCAST through a redirect.
            Run(0, "CLIENT TRACKING off"),
            Run(0, "CLIENT TRACKING on BCAST PREFIX pre: REDIRECT 101"),
            Run(2, "MSET pre:1 1 pre:2 2 other 3"),
            Drain(1),
            Run(0, "CLIENT TRACKING off"),
            // A RESP3 target needs no subscription.
            Quiet(3, "HELLO 3"),
            Run(0, "CLIENT TRACKING on REDIRECT 103"),
            Run(0, "GET r"),
            Run(2, "SET r 1"),
            Drain(3),
            // The target's own write: its push comes before its reply, as any message would.
            Run(0, "GET r"),
            Run(3, "SET r 5"),
            Drain(3),
            // A RESP2 target that is not subscribed gets nothing.
            Run(0, "CLIENT TRACKING on REDIRECT 102"),
            Run(0, "GET r"),
            Run(4, "SET r 2"),
            Drain(2),
            // A RESP3 tracker redirecting to a RESP2 subscriber: flushes carry the tracker's null.
            Quiet(5, "HELLO 3"),
            Run(6, "SUBSCRIBE __redis__:invalidate"),
            Run(5, "CLIENT TRACKING on REDIRECT 106"),
            Run(5, "GET s"),
            Run(4, "SET s 1"),
            Drain(6),
            Run(4, "FLUSHALL"),
            Drain(6),
            Drain(5),
            Drain(1),
            Drain(3),
            // The redirect client goes away: RESP3 trackers are told, RESP2 ones are not.
            Run(0, "CLIENT TRACKING on REDIRECT 101"),
            Run(0, "GET k"),
            Run(5, "GET k"),
            Run(5, "CLIENT TRACKING on REDIRECT 106"),
            Run(1, "QUIT"),
            Run(6, "QUIT"),
            Sleep(50),
            Run(4, "SET k 1"),
            Drain(0),
            Drain(5),
            Run(0, "CLIENT TRACKINGINFO"),
            Run(0, "CLIENT GETREDIR"),
            Run(5, "CLIENT TRACKINGINFO"),
            Run(5, "GET k"),
            Run(4, "FLUSHALL"),
            Drain(5),
            // Enabling again clears the broken flag, even with the same dead id.
            Run(5, "CLIENT TRACKING on"),
            Run(5, "CLIENT TRACKINGINFO"),
            Run(5, "CLIENT TRACKING on REDIRECT 106"),
            // REDIRECT errors.
            Run(4, "CLIENT TRACKING on REDIRECT 99999"),
            Run(4, "CLIENT TRACKING on REDIRECT 0"),
            Run(4, "CLIENT TRACKING on REDIRECT -3"),
            Run(4, "CLIENT TRACKING on REDIRECT x"),
            Run(4, "CLIENT TRACKING on REDIRECT 102 REDIRECT 103"),
            Run(4, "CLIENT TRACKING on REDIRECT 102 REDIRECT 99999"),
            Run(4, "CLIENT TRACKINGINFO"),
            // Redirecting to itself.
            Quiet(4, "HELLO 3"),
            Run(4, "CLIENT TRACKING on REDIRECT 104"),
            Run(4, "GET t"),
            Run(4, "SET t 1"),
            Drain(4),
        ],
    );
}

#[test]
fn option_errors_and_resp2_replies() {
    compare(
        "errors",
        2,
        &[
            Run(0, "CLIENT TRACKING"),
            Run(0, "CLIENT TRACKING maybe"),
            Run(0, "CLIENT TRACKING on FOO"),
            Run(0, "CLIENT TRACKING on REDIRECT"),
            Run(0, "CLIENT TRACKING on PREFIX"),
            Run(0, "CLIENT TRACKING off FOO"),
            Run(0, "CLIENT TRACKING maybe BCAST"),
            Run(0, "CLIENT TRACKING on OPTIN OPTOUT"),
            Run(0, "CLIENT TRACKING on BCAST OPTIN OPTOUT"),
            Run(0, "CLIENT TRACKING on PREFIX a OPTIN OPTOUT"),
            Run(0, "CLIENT TRACKING off PREFIX a"),
            Run(0, "CLIENT TRACKINGINFO"),
            Run(0, "CLIENT CACHING"),
            Run(0, "CLIENT CACHING yes no"),
            Run(0, "CLIENT TRACKINGINFO x"),
            Run(0, "CLIENT GETREDIR x"),
            Run(0, "CLIENT TRACKING ON bcast prefix a prefix B noloop"),
            Run(0, "CLIENT TRACKINGINFO"),
            Run(0, "CLIENT GETREDIR"),
            Run(0, "CLIENT TRACKING OFF"),
            Run(0, "CLIENT TRACKING on optin"),
            Run(0, "CLIENT caching YES"),
            Run(0, "CLIENT TRACKINGINFO"),
            Run(0, "COMMAND INFO client|tracking client|caching client|trackinginfo client|getredir"),
            Run(0, "CONFIG GET tracking-table-max-keys"),
            Run(0, "CONFIG SET tracking-table-max-keys -1"),
            Run(0, "CONFIG SET tracking-table-max-keys 4294967296"),
            Run(0, "CONFIG SET tracking-table-max-keys 1k"),
            Run(0, "CONFIG SET tracking-table-max-keys 10"),
            Run(0, "CONFIG GET tracking-table-max-keys"),
        ],
    );
}

// ----- what a scenario cannot compare ------------------------------------------------------------

/// The fields of INFO and CLIENT INFO that tracking changes, from one connection's point of view.
fn tracking_fields(conn: &mut Conn) -> Vec<String> {
    let info = String::from_utf8(conn.cmd(&["INFO"])).unwrap();
    let mut out: Vec<String> = info.lines().filter(|l| l.starts_with("tracking_")).map(str::to_string).collect();
    let me = String::from_utf8(conn.cmd(&["CLIENT", "INFO"])).unwrap();
    for field in me.split_whitespace() {
        if field.starts_with("flags=") || field.starts_with("redir=") {
            out.push(field.to_string());
        }
    }
    out
}

/// INFO's tracking fields and CLIENT LIST's flags/redir through a sequence, read on both
/// servers (the rest of those replies describes the process and cannot be compared).
#[test]
fn info_fields_and_client_flags() {
    let run = |server: &Server| -> Vec<String> {
        align_client_ids(server);
        let mut a = server.conn();
        let mut b = server.conn();
        let mut log = Vec::new();
        let mut step = |a: &mut Conn, b: &mut Conn, label: &str| {
            log.push(format!("{label}: a {:?}", tracking_fields(a)));
            log.push(format!("{label}: b {:?}", tracking_fields(b)));
        };
        step(&mut a, &mut b, "start");
        a.cmd(&["CLIENT", "TRACKING", "on"]);
        a.cmd(&["MGET", "k1", "k2", "k3"]);
        b.cmd(&["CLIENT", "TRACKING", "on"]);
        b.cmd(&["GET", "k1"]);
        step(&mut a, &mut b, "two trackers");
        b.cmd(&["SET", "k1", "x"]);
        step(&mut a, &mut b, "k1 changed");
        // Keys stay counted after OFF, until they change.
        a.cmd(&["CLIENT", "TRACKING", "off"]);
        step(&mut a, &mut b, "a off");
        b.cmd(&["DEL", "k2"]);
        b.cmd(&["SET", "k2", "1"]);
        step(&mut a, &mut b, "k2 changed");
        a.cmd(&["CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "p", "PREFIX", "q"]);
        b.cmd(&["CLIENT", "TRACKING", "off"]);
        b.cmd(&["CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "q", "REDIRECT", &(FIRST_ID).to_string()]);
        step(&mut a, &mut b, "bcast");
        // Inside MULTI b's own commands are queued: a looks at it.
        b.cmd(&["MULTI"]);
        let list = String::from_utf8(a.cmd(&["CLIENT", "LIST", "ID", &(FIRST_ID + 1).to_string()])).unwrap();
        let fields: Vec<&str> = list.split_whitespace().filter(|f| f.starts_with("flags=") || f.starts_with("redir=")).collect();
        log.push(format!("multi: b seen by a {fields:?}"));
        b.cmd(&["DISCARD"]);
        a.cmd(&["QUIT"]);
        std::thread::sleep(Duration::from_millis(50));
        b.cmd(&["SET", "q1", "x"]);
        std::thread::sleep(Duration::from_millis(50));
        log.push(format!("a gone: b {:?}", tracking_fields(&mut b)));
        b.cmd(&["FLUSHALL"]);
        b.cmd(&["RESET"]);
        log.push(format!("reset: b {:?}", tracking_fields(&mut b)));
        log
    };
    let redis = Server::redis(&[]);
    let spinel = Server::spinel(&[]);
    assert_eq!(run(&spinel), run(&redis));
}

/// tracking-table-max-keys: keys over the limit are dropped with an invalidation each. Redis
/// picks them by a random walk of its table (differences.md D9), so the test checks how many
/// go and that each was tracked, not which.
#[test]
fn table_limit_evicts_with_invalidations() {
    let run = |server: &Server| -> (Vec<String>, usize) {
        let mut a = server.conn();
        let mut b = server.conn();
        a.cmd(&["HELLO", "3"]);
        b.cmd(&["CONFIG", "SET", "tracking-table-max-keys", "2"]);
        a.cmd(&["CLIENT", "TRACKING", "on"]);
        a.cmd(&["MGET", "k1", "k2", "k3", "k4", "k5"]);
        // The limit is applied before the next command of anyone (and from cron).
        b.cmd(&["PING"]);
        let mut invalidated = Vec::new();
        a.send_raw(&common::encode_command(&["PING"]));
        loop {
            let frame = a.read_reply_raw();
            if frame == b"+PONG\r\n" {
                break;
            }
            invalidated.push(common::render(&frame));
        }
        let info = String::from_utf8(b.cmd(&["INFO"])).unwrap();
        let keys = info.lines().find_map(|l| l.strip_prefix("tracking_total_keys:")).unwrap().parse().unwrap();
        invalidated.sort();
        (invalidated, keys)
    };
    let redis = Server::redis(&[]);
    let spinel = Server::spinel(&[]);
    let (want, want_keys) = run(&redis);
    let (mut got, got_keys) = run(&spinel);
    assert_eq!((got.len(), got_keys), (want.len(), want_keys), "redis {want:?}, spinel {got:?}");
    assert_eq!(got_keys, 2);
    let tracked: Vec<String> = ["k1", "k2", "k3", "k4", "k5"].iter().map(|k| format!(">[\"invalidate\", [\"{k}\"]]")).collect();
    for line in want.iter().chain(&got) {
        assert!(tracked.contains(line), "unexpected frame {line}");
    }
    got.dedup();
    assert_eq!(got.len(), want.len(), "a key was invalidated twice: {got:?}");
}

/// A tracked key evicted before a command runs: its invalidation comes before that
/// command's reply (Redis's tracking.tcl). Both servers.
#[test]
fn invalidation_of_an_evicted_key_precedes_the_reply() {
    for server in [Server::redis(&[]), Server::spinel(&[])] {
        let mut c = server.conn();
        c.cmd(&["HELLO", "3"]);
        c.cmd(&["CLIENT", "TRACKING", "on"]);
        let info = String::from_utf8(c.cmd(&["INFO", "memory"])).unwrap();
        let field = |name: &str| -> u64 { info.lines().find_map(|l| l.strip_prefix(name)).unwrap().trim().parse().unwrap() };
        let limit = field("used_memory:") - field("mem_not_counted_for_evict:") + 100 * 1024;
        c.cmd(&["CONFIG", "SET", "maxmemory", &limit.to_string()]);
        c.cmd(&["CONFIG", "SET", "maxmemory-policy", "volatile-random"]);
        c.cmd(&["SETEX", "volatile-key", "10000", "x"]);
        c.cmd(&["GET", "volatile-key"]);
        // 200 KB: the next command evicts the only volatile key first.
        assert_eq!(c.cmd(&["SETBIT", "big-key", "1600000", "0"]), b":0\r\n");
        let first = c.cmd(&["GETBIT", "big-key", "0"]);
        assert_eq!(first, b">2\r\n$10\r\ninvalidate\r\n*1\r\n$12\r\nvolatile-key\r\n", "{}", server.name);
        assert_eq!(c.read_reply_raw(), b":0\r\n", "{}", server.name);
    }
}
