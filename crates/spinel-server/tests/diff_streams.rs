//! Differential tests of the stream commands: the same commands go to spinel-server and to a
//! real redis-server, and the replies must match byte for byte (accepted differences:
//! `tests/differences.md`, applied only by `common::equivalent`).
//!
//! - `scripted_*`: hand-written sequences (error paths, ID forms, trimming, groups).
//! - `random_*`: a seeded generator over a few keys (three stream keys and a string key, so
//!   WRONGTYPE comes up), two groups and three consumers, with invalid arguments and wrong
//!   arities. `SPINEL_DIFF_SEED` and `SPINEL_DIFF_COUNT` (default 6000) control it; the
//!   seed is printed with every failure.
//! - `blocking_*`: several connections per server (a client blocks, another one writes),
//!   the transcripts of both servers compared.
//!
//! Replies that depend on the clock are kept out, so the comparison stays exact: `*` IDs
//! (explicit and `<ms>-*` IDs instead), XPENDING's extended form and XINFO CONSUMERS
//! (idle times), XINFO STREAM FULL (delivery and seen times). Minimum idle times are 0 or
//! an hour, and XCLAIM's IDLE/TIME put deliveries an hour or decades back, so whether an
//! entry is claimed never depends on the milliseconds between the two servers.

mod common;

use common::{Rng, compare_scenario, split_command, Act, Differ};

// ---------------------------------------------------------------------------------------------
// Scripted cases
// ---------------------------------------------------------------------------------------------

fn run_script(name: &str, script: &str) {
    let mut differ = Differ::start(format!("scripted `{name}`"));
    differ.run_str("FLUSHALL");
    for line in script.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        differ.run(&split_command(line));
    }
    differ.finish();
}

const ADD_AND_READ: &str = r#"
SET str x
XADD s 1-1 a 1
XADD s 1-1 a 1
XADD s 1 b 2
XADD s 0-0 a 1
XADD s 0 a 1
XADD s 1-* c 3
XADD s 5-* c 3 d 4
XADD s "00006-01" a 1
XADD s "+7-1" a 1
XADD s " 8-1" a 1
XADD s "9-1\x00junk" a 1
XADD s 10--1 a 1
XADD s - a 1
XADD s + a 1
XADD s x a 1
XADD s 11-1 "" ""
XADD s 12-1 f
XADD s * * a 1
XADD str 1-1 a 1
XADD nokey NOMKSTREAM 1-1 a 1
EXISTS nokey
XADD m 18446744073709551615-18446744073709551615 a 1
XADD m 18446744073709551615-18446744073709551615 a 1
XADD m2 5-18446744073709551615 a 1
XADD m2 5-* a 1
XLEN s
XLEN str
XLEN nokey
XRANGE s - +
XRANGE s - + COUNT 3
XRANGE s - + COUNT 0
XRANGE s - + COUNT -1
XRANGE s 5 5
XRANGE s (5-0 (9-1
XRANGE s ( +
XRANGE s - (0-0
XRANGE s (18446744073709551615-18446744073709551615 +
XREVRANGE s + - COUNT 2
XREVRANGE s (9-1 (5-0
XREVRANGE s - +
XRANGE nokey - +
XRANGE str - +
XREAD STREAMS s 5
XREAD COUNT 2 STREAMS s m 0 0
XREAD STREAMS s $
XREAD STREAMS s >
XREAD STREAMS s s2 0
XREAD STREAMS str 0
XREAD BLOCK 10 STREAMS nokey $
XREAD BLOCK -1 STREAMS s 0
XREAD BLOCK x STREAMS s 0
XREAD NOACK STREAMS s 0
XREAD GROUP g c STREAMS s 0
TYPE s
OBJECT ENCODING s
"#;

const TRIM_AND_DELETE: &str = r#"
CONFIG SET stream-node-max-entries 4
XADD s 1-1 a 1
XADD s 2-1 a 1
XADD s 3-1 b 1
XADD s 4-1 a 1 b 2
XADD s 5-1 a 1
XADD s 6-1 a 1
XADD s 7-1 a 1
XADD s 8-1 a 1
XADD s 9-1 a 1
XINFO STREAM s
XTRIM s MAXLEN ~ 7
XTRIM s MAXLEN ~ 5
XINFO STREAM s
XTRIM s MAXLEN 4
XRANGE s - +
XDEL s 7-1 7-1 100-1
XDEL s x
XINFO STREAM s
XTRIM s MINID 8-1
XINFO STREAM s
XADD s MAXLEN ~ 1 10-1 a 1
XADD s MINID = 9 11-1 a 1
XADD s MINID ~ 9 LIMIT 2 12-1 a 1
XADD s MAXLEN 1 LIMIT 2 13-1 a 1
XADD s LIMIT 2 13-1 a 1
XADD s MAXLEN 1 MINID 1 13-1 a 1
XADD s MAXLEN -1 13-1 a 1
XTRIM s
XTRIM s FOO 1
XTRIM s MAXLEN x
XTRIM s MINID ~ 1000
XINFO STREAM s
XLEN s
EXISTS s
XADD s 14-1 a 1
XDEL s 14-1
XINFO STREAM s
XSETID s 1-1
XSETID s 20-1 ENTRIESADDED 100 MAXDELETEDID 15-0
XSETID s 20-1 MAXDELETEDID 25-0
XSETID nokey 1-1
XINFO STREAM s
CONFIG SET stream-node-max-entries 100
"#;

const GROUPS: &str = r#"
SET str x
XGROUP CREATE s g $
XGROUP CREATE s g $ MKSTREAM
XGROUP CREATE s g $ MKSTREAM
XGROUP CREATE s g2 0 ENTRIESREAD 3
XGROUP CREATE s g3 0 ENTRIESREAD -2
XGROUP CREATE s g3 0 FOO
XGROUP CREATE str g 0
XGROUP HELP
XGROUP FOO
XADD s 1-1 a 1
XADD s 2-1 b 2
XADD s 3-1 c 3
XREADGROUP GROUP g alice COUNT 1 STREAMS s >
XREADGROUP GROUP g bob STREAMS s >
XREADGROUP GROUP g bob STREAMS s >
XREADGROUP GROUP g alice STREAMS s 0
XREADGROUP GROUP g carol STREAMS s 0
XREADGROUP GROUP nog alice STREAMS s >
XREADGROUP GROUP g alice STREAMS s $
XREADGROUP GROUP g alice STREAMS nokey >
XREADGROUP GROUP g alice BLOCK 10 STREAMS s >
XPENDING s g
XPENDING s nog
XPENDING s g - + 10 nobody
XPENDING s g IDLE 3600000 - + 10
XACK s g 1-1 9-9
XACK s g x
XACK s nog 1-1
XCLAIM s g carol 3600000 2-1
XCLAIM s g carol 0 2-1 3-1 9-9 JUSTID
XCLAIM s g dave 0 2-1 IDLE 3600000 RETRYCOUNT 7
XCLAIM s g erin 3600000 2-1
XCLAIM s g erin 0 1-1 FORCE
XCLAIM s g erin 0 x
XCLAIM s g erin 0 1-1 LASTID 9-9
XPENDING s g
XINFO GROUPS s
XDEL s 2-1
XAUTOCLAIM s g frank 0 0 COUNT 1
XAUTOCLAIM s g frank 0 0
XAUTOCLAIM s g frank 3600000 0 JUSTID
XAUTOCLAIM s g frank 0 0 COUNT 0
XPENDING s g
XGROUP SETID s g 0 ENTRIESREAD 0
XREADGROUP GROUP g gina NOACK STREAMS s >
XPENDING s g
XGROUP CREATECONSUMER s g hank
XGROUP CREATECONSUMER s g hank
XGROUP DELCONSUMER s g frank
XGROUP DELCONSUMER s g nobody
XGROUP DESTROY s g
XGROUP DESTROY s g
XINFO GROUPS s
XINFO STREAM s
XINFO STREAM nokey
XINFO HELP
"#;

#[test]
fn scripted_add_and_read() {
    run_script("add_and_read", ADD_AND_READ);
}

#[test]
fn scripted_trim_and_delete() {
    run_script("trim_and_delete", TRIM_AND_DELETE);
}

#[test]
fn scripted_groups() {
    run_script("groups", GROUPS);
}

#[test]
fn scripted_resp3() {
    let mut script = String::from("HELLO 3\n");
    for part in [ADD_AND_READ, TRIM_AND_DELETE, GROUPS] {
        script.push_str(part);
        script.push_str("\nFLUSHALL\n");
    }
    run_script("resp3", &script);
}

/// Node limits: unlimited entries or bytes, one entry per node, and the LIMIT default that
/// follows stream-node-max-entries.
#[test]
fn scripted_node_limits() {
    let mut differ = Differ::start("scripted `node_limits`");
    differ.run_str("FLUSHALL");
    for (entries, bytes) in [("0", "0"), ("1", "4096"), ("0", "300"), ("7", "0"), ("100", "1")] {
        differ.run(&["CONFIG", "SET", "stream-node-max-entries", entries]);
        differ.run(&["CONFIG", "SET", "stream-node-max-bytes", bytes]);
        differ.run_str("DEL s");
        for i in 1..=250u64 {
            let v = if i % 10 == 0 { "x".repeat(70) } else { i.to_string() };
            differ.run(&["XADD", "s", &format!("{i}-1"), "field", &v, "n", &(i * 1000).to_string()]);
        }
        for line in [
            "XINFO STREAM s",
            "XTRIM s MAXLEN ~ 200 LIMIT 5",
            "XTRIM s MAXLEN ~ 200",
            "XINFO STREAM s",
            "XDEL s 150-1 151-1 240-1",
            "XTRIM s MINID ~ 160",
            "XTRIM s MINID 165",
            "XINFO STREAM s",
            "XADD s MAXLEN ~ 50 LIMIT 1000 300-1 a 1",
            "XINFO STREAM s",
            "XRANGE s - + COUNT 3",
            "XREVRANGE s + - COUNT 3",
        ] {
            differ.run_str(line);
        }
    }
    differ.run_str("CONFIG SET stream-node-max-entries 100");
    differ.run_str("CONFIG SET stream-node-max-bytes 4096");
    differ.finish();
}

/// A long stream spans many nodes: ranges across them, trims, deletes and XINFO's counts
/// (nodes, radix tree size) must agree.
#[test]
fn scripted_long_stream() {
    let mut differ = Differ::start("scripted `long_stream`");
    differ.run_str("FLUSHALL");
    for i in 1..=3000u64 {
        let id = format!("{}-{}", 1000 + i / 3, i % 3);
        let v = format!("v{i}-{}", "x".repeat((i % 50) as usize));
        if i % 7 == 0 {
            differ.run(&["XADD", "big", &id, "other", &v, "f2", "2"]);
        } else {
            differ.run(&["XADD", "big", &id, "field", &v]);
        }
    }
    differ.run(&["XADD", "big", "2500-0", "huge", &"L".repeat(5000)]);
    for line in [
        "XLEN big",
        "XINFO STREAM big",
        "XRANGE big 1500 1510",
        "XREVRANGE big + - COUNT 25",
        "XRANGE big (1500-1 1600 COUNT 10",
        "XDEL big 1500-0 1500-1 1500-2 1700-1",
        "XRANGE big 1499 1501",
        "XTRIM big MAXLEN ~ 2000",
        "XINFO STREAM big",
        "XTRIM big MINID ~ 1800",
        "XTRIM big MINID 1850-1",
        "XINFO STREAM big",
        "XGROUP CREATE big g 1900",
        "XREADGROUP GROUP g c COUNT 20 STREAMS big >",
        "XINFO GROUPS big",
        "XREAD COUNT 3 STREAMS big 2000",
        "XTRIM big MAXLEN 10",
        "XRANGE big - +",
        "XINFO STREAM big",
    ] {
        differ.run_str(line);
    }
    differ.finish();
}

// ---------------------------------------------------------------------------------------------
// Random cases
// ---------------------------------------------------------------------------------------------

const DEFAULT_SEED: u64 = 0x5EED_5713;
const DEFAULT_COUNT: usize = 6_000;

/// Three stream keys and a string key (WRONGTYPE), so commands keep colliding.
const STREAM_KEYS: [&str; 3] = ["s1", "s2", "s3"];
const STRING_KEY: &str = "str";
const GROUPS_: [&str; 3] = ["g1", "g2", "g1"];
const CONSUMERS: [&str; 3] = ["alice", "bob", "carol"];

const FIELDS: [&[u8]; 6] = [b"f", b"f", b"g", b"field", b"", b"\x00\xff"];
const VALUES: [&[u8]; 10] = [
    b"v",
    b"1",
    b"23",
    b"-5",
    b"",
    b"xyz",
    b"\x00\xff",
    b"9223372036854775808",
    b"v",
    b"hello world",
];
/// Minimum idle times that never depend on the elapsed milliseconds.
const MIN_IDLE: [&str; 6] = ["0", "0", "3600000", "99999999999", "-5", "x"];
const COUNTS: [&str; 9] = [
    "1",
    "2",
    "3",
    "5",
    "10",
    "0",
    "-1",
    "x",
    "9223372036854775807",
];

struct Gen {
    rng: Rng,
    /// The millisecond part of generated IDs grows, so most XADDs succeed.
    clock: u64,
}

fn b(s: impl AsRef<[u8]>) -> Vec<u8> {
    s.as_ref().to_vec()
}

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen {
            rng: Rng::new(seed),
            clock: 1,
        }
    }

    /// Mostly stream keys, sometimes the string key or a missing one.
    fn key(&mut self) -> Vec<u8> {
        match self.rng.below(20) {
            0 => b(STRING_KEY),
            1 => b("missing"),
            _ => b(*self.rng.pick(&STREAM_KEYS)),
        }
    }

    fn group(&mut self) -> Vec<u8> {
        if self.rng.chance(5) {
            return b("nogroup");
        }
        b(*self.rng.pick(&GROUPS_))
    }

    fn consumer(&mut self) -> Vec<u8> {
        b(*self.rng.pick(&CONSUMERS))
    }

    /// An ID near the current clock (so ranges and claims hit entries), or an odd form.
    fn id(&mut self) -> Vec<u8> {
        match self.rng.below(30) {
            0 => b(*self.rng.pick(&[
                "-",
                "+",
                "x",
                "0",
                "0-0",
                "18446744073709551615-18446744073709551615",
                "1-",
                " 3",
                "00002-1",
            ])),
            1..=5 => b(self.clock.saturating_sub(self.rng.below(10)).to_string()),
            _ => {
                let ms = self.clock.saturating_sub(self.rng.below(12));
                format!("{ms}-{}", self.rng.below(3)).into_bytes()
            }
        }
    }

    /// A range bound: an ID, maybe exclusive.
    fn bound(&mut self, end: bool) -> Vec<u8> {
        match self.rng.below(10) {
            0 => b(if end { "+" } else { "-" }),
            1 => {
                let mut v = b("(");
                v.extend(self.id());
                v
            }
            _ => self.id(),
        }
    }

    fn count(&mut self) -> Vec<u8> {
        b(*self.rng.pick(&COUNTS))
    }

    fn fields(&mut self, c: &mut Vec<Vec<u8>>) {
        for _ in 0..1 + self.rng.below(3) {
            c.push(b(*self.rng.pick(&FIELDS)));
            if self.rng.chance(3) {
                c.push(b("v".repeat(100 + self.rng.below(300) as usize)));
            } else {
                c.push(b(*self.rng.pick(&VALUES)));
            }
        }
    }

    fn trim_args(&mut self, c: &mut Vec<Vec<u8>>) {
        if self.rng.chance(50) {
            c.push(b(*self.rng.pick(&["MAXLEN", "maxlen"])));
            if self.rng.chance(60) {
                c.push(b(*self.rng.pick(&["~", "=", "~"])));
            }
            c.push(b(*self
                .rng
                .pick(&["0", "1", "3", "5", "10", "20", "-1", "x"])));
        } else {
            c.push(b(*self.rng.pick(&["MINID", "minid"])));
            if self.rng.chance(60) {
                c.push(b(*self.rng.pick(&["~", "=", "~"])));
            }
            c.push(self.id());
        }
        if self.rng.chance(20) {
            c.push(b("LIMIT"));
            c.push(b(*self.rng.pick(&["0", "1", "5", "100", "-1", "x"])));
        }
    }

    fn next_command(&mut self) -> Vec<Vec<u8>> {
        let k = self.key();
        let mut c = match self.rng.below(100) {
            0..=24 => {
                self.clock += self.rng.below(3);
                let mut c = vec![b("XADD"), k];
                if self.rng.chance(5) {
                    c.push(b("NOMKSTREAM"));
                }
                if self.rng.chance(20) {
                    self.trim_args(&mut c);
                }
                if self.rng.chance(15) {
                    c.push(format!("{}-*", self.clock).into_bytes());
                } else if self.rng.chance(80) {
                    c.push(format!("{}-{}", self.clock, self.rng.below(4)).into_bytes());
                } else {
                    c.push(self.id());
                }
                self.fields(&mut c);
                c
            }
            25..=31 => {
                let name = *self.rng.pick(&["XRANGE", "XREVRANGE"]);
                let (lo, hi) = (self.bound(false), self.bound(true));
                let mut c = if name == "XRANGE" {
                    vec![b(name), k, lo, hi]
                } else {
                    vec![b(name), k, hi, lo]
                };
                if self.rng.chance(40) {
                    c.push(b("COUNT"));
                    c.push(self.count());
                }
                c
            }
            32..=33 => vec![b("XLEN"), k],
            34..=37 => {
                let mut c = vec![b("XDEL"), k];
                for _ in 0..1 + self.rng.below(3) {
                    c.push(self.id());
                }
                c
            }
            38..=40 => {
                let mut c = vec![b("XTRIM"), k];
                self.trim_args(&mut c);
                c
            }
            41..=46 => {
                let mut c = vec![b("XREAD")];
                if self.rng.chance(40) {
                    c.push(b("COUNT"));
                    c.push(self.count());
                }
                if self.rng.chance(10) {
                    c.push(b("BLOCK"));
                    c.push(b(*self.rng.pick(&["1", "5", "-1", "x"])));
                }
                c.push(b("STREAMS"));
                let n = 1 + self.rng.below(2);
                let keys: Vec<Vec<u8>> = (0..n).map(|_| self.key()).collect();
                c.extend(keys);
                for _ in 0..n {
                    c.push(if self.rng.chance(15) {
                        b(*self.rng.pick(&["$", ">"]))
                    } else {
                        self.id()
                    });
                }
                c
            }
            47..=56 => {
                let mut c = vec![b("XREADGROUP"), b("GROUP"), self.group(), self.consumer()];
                if self.rng.chance(40) {
                    c.push(b("COUNT"));
                    c.push(self.count());
                }
                if self.rng.chance(15) {
                    c.push(b("NOACK"));
                }
                if self.rng.chance(8) {
                    c.push(b("BLOCK"));
                    c.push(b(*self.rng.pick(&["1", "5", "x"])));
                }
                c.push(b("STREAMS"));
                let n = 1 + self.rng.below(2);
                let keys: Vec<Vec<u8>> = (0..n).map(|_| self.key()).collect();
                c.extend(keys);
                for _ in 0..n {
                    c.push(match self.rng.below(10) {
                        0..=5 => b(">"),
                        6 => b("$"),
                        7 => b("0"),
                        _ => self.id(),
                    });
                }
                c
            }
            57..=64 => {
                let sub = *self.rng.pick(&[
                    "CREATE",
                    "CREATE",
                    "CREATE",
                    "create",
                    "SETID",
                    "SETID",
                    "DESTROY",
                    "CREATECONSUMER",
                    "DELCONSUMER",
                    "HELP",
                    "FOO",
                ]);
                let mut c = vec![b("XGROUP"), b(sub)];
                match sub {
                    "CREATE" | "create" | "SETID" => {
                        c.extend([k, self.group()]);
                        c.push(if self.rng.chance(30) {
                            b("$")
                        } else {
                            self.id()
                        });
                        if sub != "SETID" && self.rng.chance(60) {
                            c.push(b("MKSTREAM"));
                        }
                        if self.rng.chance(20) {
                            c.push(b("ENTRIESREAD"));
                            c.push(b(*self.rng.pick(&["0", "3", "-1", "-2", "x", "100"])));
                        }
                    }
                    "DESTROY" => c.extend([k, self.group()]),
                    "CREATECONSUMER" | "DELCONSUMER" => {
                        c.extend([k, self.group(), self.consumer()])
                    }
                    _ => {}
                }
                c
            }
            65..=67 => {
                let mut c = vec![b("XACK"), k, self.group()];
                for _ in 0..1 + self.rng.below(3) {
                    c.push(self.id());
                }
                c
            }
            68..=70 => {
                // The summary only: the extended form reports idle times.
                vec![b("XPENDING"), k, self.group()]
            }
            71..=75 => {
                let mut c = vec![
                    b("XCLAIM"),
                    k,
                    self.group(),
                    self.consumer(),
                    b(*self.rng.pick(&MIN_IDLE)),
                ];
                for _ in 0..1 + self.rng.below(3) {
                    c.push(self.id());
                }
                for _ in 0..self.rng.below(3) {
                    match self.rng.below(8) {
                        0 => c.push(b("FORCE")),
                        1 => c.push(b("JUSTID")),
                        2 => c.extend([b("IDLE"), b(*self.rng.pick(&["0", "3600000", "x"]))]),
                        3 => c.extend([
                            b("TIME"),
                            b(*self.rng.pick(&["1000", "99999999999999", "x"])),
                        ]),
                        4 => c.extend([b("RETRYCOUNT"), b(*self.rng.pick(&["0", "5", "-1", "x"]))]),
                        5 => {
                            let id = self.id();
                            c.extend([b("LASTID"), id]);
                        }
                        _ => c.push(b("FOO")),
                    }
                }
                c
            }
            76..=79 => {
                let start = self.bound(false);
                let mut c = vec![
                    b("XAUTOCLAIM"),
                    k,
                    self.group(),
                    self.consumer(),
                    b(*self.rng.pick(&MIN_IDLE)),
                    start,
                ];
                if self.rng.chance(50) {
                    c.push(b("COUNT"));
                    c.push(self.count());
                }
                if self.rng.chance(30) {
                    c.push(b("JUSTID"));
                }
                c
            }
            80..=84 => match self.rng.below(4) {
                0 | 1 => vec![b("XINFO"), b("STREAM"), k],
                2 => vec![b("XINFO"), b("GROUPS"), k],
                _ => vec![b("XINFO"), b(*self.rng.pick(&["HELP", "FOO", "STREAM"]))],
            },
            85..=86 => {
                let mut c = vec![b("XSETID"), k, self.id()];
                if self.rng.chance(30) {
                    c.push(b("ENTRIESADDED"));
                    c.push(b(*self.rng.pick(&["0", "5", "100", "-1", "x"])));
                }
                if self.rng.chance(30) {
                    let id = self.id();
                    c.extend([b("MAXDELETEDID"), id]);
                }
                c
            }
            87..=88 => vec![b("TYPE"), k],
            89 => vec![b("OBJECT"), b("ENCODING"), k],
            90..=91 => vec![b("EXISTS"), k],
            92 if self.rng.chance(25) => vec![b("DEL"), k],
            92..=93 => {
                let id = if self.rng.chance(50) {
                    b("0")
                } else {
                    self.id()
                };
                vec![b("XGROUP"), b("CREATE"), k, self.group(), id, b("MKSTREAM")]
            }
            94 => vec![b("SET"), b(STRING_KEY), b("x")],
            _ => vec![b("XLEN"), k],
        };
        // Wrong arities now and then: drop or add an argument.
        if self.rng.chance(3) && c.len() > 1 {
            c.pop();
        } else if self.rng.chance(2) {
            c.push(b(*self.rng.pick(&VALUES)));
        }
        c
    }
}

fn random_run(label: &str, seed: u64, count: usize, resp3: bool) {
    let mut differ = Differ::start(format!(
        "{label} seed={seed} count={count} \
         (reproduce: SPINEL_DIFF_SEED={seed} SPINEL_DIFF_COUNT={count} \
         cargo test -p spinel-server --test diff_streams {label})"
    ));
    differ.run_str("FLUSHALL");
    if resp3 {
        differ.run_str("HELLO 3");
    }
    // Small nodes, so trimming by whole nodes and XINFO's node counts come into play.
    let mut rng = Rng::new(seed ^ 0xA5A5);
    let node_entries = *rng.pick(&["3", "5", "10", "100"]);
    differ.run(&["CONFIG", "SET", "stream-node-max-entries", node_entries]);
    differ.run(&[
        "CONFIG",
        "SET",
        "stream-node-max-bytes",
        *rng.pick(&["512", "4096"]),
    ]);
    differ.run(&["SET", STRING_KEY, "x"]);
    let mut gen = Gen::new(seed);
    for _ in 0..count {
        let cmd = gen.next_command();
        differ.run(&cmd);
    }
    // Final state.
    for key in STREAM_KEYS.iter().chain([&STRING_KEY, &"missing"]) {
        differ.run(&["TYPE", key]);
        differ.run(&["XRANGE", key, "-", "+"]);
        differ.run(&["XINFO", "STREAM", key]);
        differ.run(&["XINFO", "GROUPS", key]);
        for g in ["g1", "g2"] {
            differ.run(&["XPENDING", key, g]);
        }
    }
    differ.run(&["CONFIG", "SET", "stream-node-max-entries", "100"]);
    differ.run(&["CONFIG", "SET", "stream-node-max-bytes", "4096"]);
    differ.finish();
}

#[test]
fn random_streams() {
    random_run("random_streams", common::seed_from_env(DEFAULT_SEED), common::count_from_env(DEFAULT_COUNT), false);
}

#[test]
fn random_streams_resp3() {
    let seed = common::seed_from_env(DEFAULT_SEED).wrapping_add(1);
    random_run("random_streams_resp3", seed, common::count_from_env(DEFAULT_COUNT) / 2, true);
}

#[test]
fn generator_is_deterministic() {
    let render = |seed| {
        let mut gen = Gen::new(seed);
        (0..300)
            .map(|_| common::render_command(&gen.next_command()))
            .collect::<Vec<_>>()
    };
    assert_eq!(render(7), render(7));
    assert_ne!(render(7), render(8));
}

// ---------------------------------------------------------------------------------------------
// Several clients: blocking
// ---------------------------------------------------------------------------------------------

#[test]
fn blocking_xread_and_xreadgroup() {
    use Act::*;
    compare_scenario(
        "xread",
        4,
        &[
            Run(3, "XADD s 1-1 a 1"),
            Block(0, "XREAD BLOCK 0 STREAMS s $", 1),
            Block(1, "XREAD COUNT 1 BLOCK 0 STREAMS other s $ 1-1", 2),
            Run(3, "XADD s 2-1 b 2"),
            Read(0),
            Read(1),
            Block(0, "XREAD BLOCK 0 STREAMS new $", 1),
            Run(3, "XADD new 5-1 c 3"),
            Read(0),
            Run(3, "XGROUP CREATE s g $"),
            Block(0, "XREADGROUP GROUP g alice BLOCK 0 STREAMS s >", 1),
            Block(1, "XREADGROUP GROUP g bob COUNT 1 BLOCK 0 STREAMS s >", 2),
            Run(3, "XINFO CONSUMERS s g"),
            Run(3, "XADD s 3-1 d 4"),
            Read(0),
            Run(3, "XADD s 4-1 e 5"),
            Read(1),
            Run(3, "XPENDING s g"),
            Run(3, "XINFO GROUPS s"),
            Block(0, "XREADGROUP GROUP g alice NOACK BLOCK 0 STREAMS s >", 1),
            Run(3, "XADD s 5-1 f 6"),
            Read(0),
            Run(3, "XPENDING s g"),
            Block(0, "XREADGROUP GROUP g alice BLOCK 0 STREAMS s >", 1),
            Run(3, "XGROUP DESTROY s g"),
            Read(0),
            Quiet(0, "HELLO 3"),
            Block(0, "XREAD BLOCK 0 STREAMS s $", 1),
            Run(3, "XADD s 6-1 g 7"),
            Read(0),
            Block(0, "XREAD BLOCK 30 STREAMS s $", 1),
            Read(0),
            // Woken when the last ID moves, even if trimming left nothing to read.
            Block(0, "XREAD BLOCK 0 STREAMS s $", 1),
            Run(3, "XADD s MAXLEN 0 7-1 h 8"),
            Read(0),
            Run(3, "XGROUP CREATE s g2 $"),
            Block(0, "XREADGROUP GROUP g2 c BLOCK 30 STREAMS s >", 1),
            Read(0),
        ],
    );
}

/// Needs DEL (and SET over a stream) to signal the key to blocked clients, as Redis's
/// `signalDeletedKeyAsReady` does: keys.rs does not yet.
#[test]
fn blocking_xreadgroup_when_the_key_goes() {
    use Act::*;
    compare_scenario(
        "key_goes",
        2,
        &[
            Run(1, "XGROUP CREATE s g $ MKSTREAM"),
            Block(0, "XREADGROUP GROUP g c BLOCK 0 STREAMS s >", 1),
            Run(1, "DEL s"),
            Read(0),
            Run(1, "XGROUP CREATE s g $ MKSTREAM"),
            Block(0, "XREADGROUP GROUP g c BLOCK 0 STREAMS s >", 1),
            Run(1, "SET s x"),
            Read(0),
            Run(1, "DEL s"),
            Block(0, "XREAD BLOCK 0 STREAMS s $", 1),
            Run(1, "SET s x"),
            Run(1, "DEL s"),
            Run(1, "XADD s 1-1 a 1"),
            Read(0),
            // Flushing and swapping databases reach the waiters too.
            Run(1, "XGROUP CREATE s2 g $ MKSTREAM"),
            Block(0, "XREADGROUP GROUP g c BLOCK 0 STREAMS s2 >", 1),
            Run(1, "FLUSHDB"),
            Read(0),
            Run(1, "XGROUP CREATE s3 g $ MKSTREAM"),
            Block(0, "XREADGROUP GROUP g c BLOCK 0 STREAMS s3 >", 1),
            Run(1, "SWAPDB 0 5"),
            Read(0),
            Run(1, "SWAPDB 0 5"),
            Block(0, "XREADGROUP GROUP g c BLOCK 0 STREAMS s3 >", 1),
            Run(1, "FLUSHALL"),
            Read(0),
        ],
    );
}

/// Waiters served as Redis 7.0 serves them: the stream that became ready is the one answered
/// (not another named first whose entries were deleted); XDEL wakes nobody; deleting a stream
/// fails every XREADGROUP waiting on it, not only the first.
#[test]
fn stream_waiters_are_served_by_the_key_that_became_ready() {
    use Act::*;
    compare_scenario(
        "stream waiters",
        4,
        &[
            Run(0, "XADD emptied 5-1 f v"),
            Run(0, "XADD emptied MAXLEN 0 6-1 f v"),
            Run(0, "XADD other 1-1 f v"),
            Block(1, "XREAD BLOCK 0 STREAMS emptied other 1-1 $", 1),
            Run(0, "XADD other 2-1 f v"),
            Read(1),
            Run(0, "XADD s 1-1 f v"),
            Run(0, "XADD s 2-1 f v"),
            Run(0, "XDEL s 2-1"),
            Block(1, "XREAD BLOCK 0 STREAMS s 1-1", 1),
            Run(0, "XDEL s 1-1"),
            Run(0, "XADD s 3-1 f v"),
            Read(1),
            Run(0, "XGROUP CREATE g grp $ MKSTREAM"),
            Block(1, "XREADGROUP GROUP grp c1 BLOCK 0 STREAMS g >", 1),
            Block(2, "XREADGROUP GROUP grp c2 BLOCK 0 STREAMS g >", 2),
            Block(3, "XREADGROUP GROUP grp c3 BLOCK 0 STREAMS g >", 3),
            Run(0, "DEL g"),
            Read(1),
            Read(2),
            Read(3),
        ],
    );
}
