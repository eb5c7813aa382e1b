//! Differential tests of the list commands: the same commands go to spinel-server and to a
//! real redis-server, and the replies must match byte for byte (accepted differences:
//! `tests/differences.md`, applied only by `common::equivalent`).
//!
//! - `scripted_*`: hand-written sequences (error paths, edge indexes, blocking forms that
//!   answer at once or time out).
//! - `random_*`: a seeded generator over a few keys (three list keys and a string key, so
//!   WRONGTYPE comes up), with invalid arguments and wrong arities. `SPINEL_DIFF_SEED` and
//!   `SPINEL_DIFF_COUNT` (default 6000) control it; the seed is printed with every failure.
//! - `blocking_*`: several connections per server (a client blocks, another one pushes),
//!   the transcripts of both servers compared.

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

const PUSH_POP: &str = r#"
LPOP nokey
LPOP nokey 0
LPOP nokey 1
LPOP nokey -1
LPOP nokey abc
RPOP nokey 1
LPUSHX nokey a
RPUSHX nokey a b
EXISTS nokey
RPUSH l a b c
LPOP l 0
LPOP l -1
LPOP l 1 2
RPOP l 1 2
LPOP l 2
RPOP l 5
EXISTS l
RPUSH l 1 2 3 "" "\x00\xff" 9223372036854775807 -9223372036854775808 00 -0 +1 1.5
LRANGE l 0 -1
RPOP l
LPOP l 9223372036854775807
EXISTS l
LPUSH l a b c
LPUSHX l d
RPUSHX l e f
LRANGE l 0 -1
RPOP l 3
LPOP l
TYPE l
OBJECT ENCODING l
LPUSH l
RPUSH
LPOP
LPOP l "1\x00"
"#;

const RANGES: &str = r#"
LRANGE nokey 0 -1
LRANGE nokey a b
LLEN nokey
LINDEX nokey 0
LINDEX nokey x
RPUSH l a b c d e
LLEN l
LRANGE l 0 -1
LRANGE l -2 -1
LRANGE l -100 100
LRANGE l 3 1
LRANGE l 5 10
LRANGE l -9223372036854775808 9223372036854775807
LRANGE l 9223372036854775807 -9223372036854775808
LRANGE l 0 x
LRANGE l " 1" 2
LINDEX l 0
LINDEX l -1
LINDEX l 5
LINDEX l -6
LINDEX l -9223372036854775808
LINDEX l 1.0
LSET nokey 0 x
LSET l 5 x
LSET l -6 x
LSET l x x
LSET l -2 y
LSET l 0 z
LRANGE l 0 -1
LINSERT nokey before a x
LINSERT l middle a x
LINSERT l before zz x
LINSERT l before y x
LINSERT l AFTER b z
LINSERT l "after\x00junk" z w
LRANGE l 0 -1
LREM l x y
LREM nokey 1 y
LREM l 0 nothere
RPUSH l z z
LREM l -1 z
LREM l 2 z
LRANGE l 0 -1
LTRIM l a b
LTRIM nokey 0 1
LTRIM l 1 -2
LRANGE l 0 -1
LTRIM l 5 10
EXISTS l
RPUSH l a b a c a
LREM l -9223372036854775808 a
LTRIM l 1 0
EXISTS l
"#;

const LPOS: &str = r#"
LPOS nokey a
LPOS nokey a COUNT 0
LPOS nokey a RANK 0
LPOS nokey a FOO
RPUSH l a b c a b c a
LPOS l a
LPOS l a RANK 0
LPOS l a RANK -1
LPOS l a RANK -9223372036854775808
LPOS l a RANK -9223372036854775808 COUNT 1
LPOS l a COUNT 2 RANK -9223372036854775808 MAXLEN 5
LPOS l a RANK 9223372036854775807
LPOS l a RANK x
LPOS l a COUNT -1
LPOS l a COUNT x
LPOS l a COUNT 0
LPOS l a COUNT 2
LPOS l a COUNT 2 RANK -1
LPOS l a count 2 rank 2
LPOS l a MAXLEN -1
LPOS l a MAXLEN 1
LPOS l a MAXLEN 3 COUNT 0
LPOS l a MAXLEN 4 RANK -2
LPOS l a RANK
LPOS l a COUNT
LPOS l a RANK 1 RANK 2
LPOS l z
LPOS l z COUNT 1
LPOS l a COUNT 0 RANK 1 COUNT 1
LPOS l a rank 1 count 0 maxlen 0 rank -1
LPOS l
SET s x
LPOS s a
LPOS s a RANK 0
"#;

const MOVES: &str = r#"
LMOVE a b middle left
LMOVE a b left middle
LMOVE nokey b left right
SET s x
LMOVE s b left right
RPUSH src 1 2 3
LMOVE src s left right
LMOVE src dst left right
LMOVE src dst RIGHT LEFT
LMOVE src src left right
LRANGE src 0 -1
LRANGE dst 0 -1
RPOPLPUSH src dst
RPOPLPUSH nokey dst
RPOPLPUSH s dst
RPOPLPUSH dst s
EXISTS src
RPOPLPUSH dst dst
LRANGE dst 0 -1
LMOVE dst x "left\x00junk" right
RPUSH l a b c d
LMPOP 0 l left
LMPOP -1 l left
LMPOP x l left
LMPOP 1 l
LMPOP 2 l left
LMPOP 9223372036854775807 l left
LMPOP 1 l middle
LMPOP 1 l left count
LMPOP 1 l left count 0
LMPOP 1 l left count x
LMPOP 1 l left count 1 count 1
LMPOP 1 l left foo
LMPOP 1 nokey left
LMPOP 2 nokey l right count 2
LMPOP 2 nokey l LEFT COUNT 10
EXISTS l
LMPOP 2 nokey s left
RPUSH l2 a
LMPOP 2 l2 s left
"#;

const BLOCKING_AT_ONCE: &str = r#"
BLMPOP x 0 l left
BLMPOP x 1 l middle
BLMPOP x 1 l left count 0
BLMPOP x 1 l left
BLMPOP -1 1 l left
BLMPOP 0 1 l
BLMOVE a b middle left x
BLMOVE a b left left x
BLMOVE a b left left -1
BRPOPLPUSH a b x
BLPOP l 0 l
BLPOP l
BLPOP l inf
BLPOP l nan
BLPOP l 1e400
BLPOP l " 1"
BLPOP l ""
BLPOP l 9223372036854775807
SET s x
BLPOP s 0
BLPOP nokey s 0
BRPOP s 0.01
BLMOVE s b left left 0
BRPOPLPUSH s b 0
BLMPOP 0 1 s left
BLMPOP 0 2 nokey s left
RPUSH l a b c d e f g h
BLPOP nokey l 0
BRPOP nokey l 0
BLMPOP 0 1 l left count 2
BLMOVE l d right left 0
BRPOPLPUSH l d 0
BLMOVE l s right left 0
LRANGE l 0 -1
LRANGE d 0 -1
BLPOP nokey 0.01
BRPOP nokey 0.001
BLMOVE nokey d left left 0.01
BRPOPLPUSH nokey d 0.01
BLMPOP 0.01 2 nokey nokey2 left count 3
BLMOVE nokey s left left 0.01
"#;

#[test]
fn scripted_push_pop() {
    run_script("push_pop", PUSH_POP);
}

#[test]
fn scripted_ranges() {
    run_script("ranges", RANGES);
}

#[test]
fn scripted_lpos() {
    run_script("lpos", LPOS);
}

#[test]
fn scripted_moves() {
    run_script("moves", MOVES);
}

#[test]
fn scripted_blocking_at_once() {
    run_script("blocking_at_once", BLOCKING_AT_ONCE);
}

#[test]
fn scripted_resp3() {
    let mut script = String::from("HELLO 3\n");
    for part in [PUSH_POP, LPOS, MOVES, BLOCKING_AT_ONCE] {
        script.push_str(part);
        script.push_str("\nFLUSHALL\n");
    }
    run_script("resp3", &script);
}

/// Long lists span many chunks: indexes, ranges and edits in the middle.
#[test]
fn scripted_long_lists() {
    let mut differ = Differ::start("scripted `long_lists`");
    differ.run_str("FLUSHALL");
    for i in 0..3000 {
        let v = format!("v{i}-{}", "x".repeat(i % 40));
        if i % 3 == 0 {
            differ.run(&["LPUSH", "big", &v]);
        } else {
            differ.run(&["RPUSH", "big", &v]);
        }
    }
    differ.run(&["RPUSH", "big", &"L".repeat(20_000)]);
    for line in [
        "LLEN big",
        "LINDEX big 0",
        "LINDEX big 1500",
        "LINDEX big -1",
        "LINDEX big -2",
        "LRANGE big 1000 1099",
        "LRANGE big -600 -1",
        "LSET big 1234 changed",
        "LINSERT big BEFORE changed inserted",
        "LPOS big changed",
        "LPOS big v30-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx RANK -1",
        "LREM big 0 inserted",
        "LTRIM big 100 -100",
        "LLEN big",
        "LRANGE big 0 10",
        "RPOP big 50",
        "LPOP big 50",
        "LMPOP 1 big right count 10",
        "LRANGE big 0 -1",
    ] {
        differ.run_str(line);
    }
    differ.finish();
}

// ---------------------------------------------------------------------------------------------
// Random cases
// ---------------------------------------------------------------------------------------------

const DEFAULT_SEED: u64 = 0x5EED_2026;
const DEFAULT_COUNT: usize = 6_000;

/// Three list keys and a string key (WRONGTYPE), so commands keep colliding.
const LIST_KEYS: [&str; 3] = ["l1", "l2", "l3"];
const STRING_KEY: &str = "s";

const VALUES: [&[u8]; 12] = [
    b"a",
    b"b",
    b"c",
    b"a",
    b"1",
    b"23",
    b"-5",
    b"",
    b"xyz",
    b"\x00\xff",
    b"9223372036854775808",
    b"b",
];

const INDEXES: [&str; 16] = [
    "0",
    "1",
    "2",
    "3",
    "-1",
    "-2",
    "-3",
    "5",
    "10",
    "-10",
    "-100",
    "100",
    "x",
    "9223372036854775807",
    "-9223372036854775808",
    "1.5",
];

const COUNTS: [&str; 10] = [
    "0",
    "1",
    "2",
    "3",
    "5",
    "-1",
    "-2",
    "x",
    "9223372036854775807",
    "-9223372036854775808",
];

/// Timeouts: mostly tiny (a blocked client times out quickly), some invalid.
const TIMEOUTS: [&str; 8] = ["0.01", "0.01", "0.02", "0.001", "-1", "x", "inf", "nan"];

struct Gen {
    rng: Rng,
}

fn b(s: impl AsRef<[u8]>) -> Vec<u8> {
    s.as_ref().to_vec()
}

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen {
            rng: Rng::new(seed),
        }
    }

    /// Mostly list keys, sometimes the string key or a missing one.
    fn key(&mut self) -> Vec<u8> {
        match self.rng.below(20) {
            0 | 1 => b(STRING_KEY),
            2 => b("missing"),
            _ => b(*self.rng.pick(&LIST_KEYS)),
        }
    }

    fn value(&mut self) -> Vec<u8> {
        if self.rng.chance(3) {
            return b("v".repeat(100 + self.rng.below(200) as usize));
        }
        b(*self.rng.pick(&VALUES))
    }

    fn index(&mut self) -> Vec<u8> {
        b(*self.rng.pick(&INDEXES))
    }

    fn count(&mut self) -> Vec<u8> {
        b(*self.rng.pick(&COUNTS))
    }

    fn side(&mut self) -> Vec<u8> {
        b(*self
            .rng
            .pick(&["LEFT", "RIGHT", "left", "right", "Left", "middle"]))
    }

    fn timeout(&mut self) -> Vec<u8> {
        b(*self.rng.pick(&TIMEOUTS))
    }

    fn keys(&mut self, max: u64) -> Vec<Vec<u8>> {
        (0..1 + self.rng.below(max)).map(|_| self.key()).collect()
    }

    fn next_command(&mut self) -> Vec<Vec<u8>> {
        let k = self.key();
        let mut c = match self.rng.below(100) {
            0..=11 => {
                let name = *self
                    .rng
                    .pick(&["LPUSH", "RPUSH", "LPUSH", "RPUSH", "LPUSHX", "RPUSHX"]);
                let mut c = vec![b(name), k];
                for _ in 0..self.rng.below(4) {
                    c.push(self.value());
                }
                c
            }
            12..=21 => {
                let name = *self.rng.pick(&["LPOP", "RPOP"]);
                let mut c = vec![b(name), k];
                if self.rng.chance(50) {
                    c.push(self.count());
                }
                c
            }
            22..=29 => vec![b("LRANGE"), k, self.index(), self.index()],
            30..=33 => vec![b("LLEN"), k],
            34..=38 => vec![b("LINDEX"), k, self.index()],
            39..=42 => vec![b("LSET"), k, self.index(), self.value()],
            43..=46 => {
                let side = b(*self
                    .rng
                    .pick(&["BEFORE", "AFTER", "before", "after", "inside"]));
                vec![b("LINSERT"), k, side, self.value(), self.value()]
            }
            47..=50 => vec![b("LREM"), k, self.count(), self.value()],
            51..=53 => vec![b("LTRIM"), k, self.index(), self.index()],
            54..=59 => {
                let mut c = vec![b("LPOS"), k, self.value()];
                for _ in 0..self.rng.below(4) {
                    match self.rng.below(7) {
                        0 | 1 => {
                            c.push(b("RANK"));
                            c.push(b(*self.rng.pick(&[
                                "1",
                                "2",
                                "-1",
                                "-2",
                                "0",
                                "3",
                                "x",
                                "-9223372036854775808",
                            ])));
                        }
                        2 | 3 => {
                            c.push(b("COUNT"));
                            c.push(self.count());
                        }
                        4 | 5 => {
                            c.push(b("MAXLEN"));
                            c.push(self.count());
                        }
                        _ => c.push(b(*self.rng.pick(&["RANK", "FOO", "COUNT"]))),
                    }
                }
                c
            }
            60..=65 => vec![b("LMOVE"), k, self.key(), self.side(), self.side()],
            66..=68 => vec![b("RPOPLPUSH"), k, self.key()],
            69..=74 => {
                let keys = self.keys(3);
                let numkeys = if self.rng.chance(90) {
                    b(keys.len().to_string())
                } else {
                    b(*self.rng.pick(&["0", "-1", "x", "5", "9223372036854775807"]))
                };
                let mut c = vec![b("LMPOP"), numkeys];
                c.extend(keys);
                c.push(self.side());
                if self.rng.chance(50) {
                    c.push(b("COUNT"));
                    c.push(self.count());
                }
                c
            }
            75..=78 => {
                let name = *self.rng.pick(&["BLPOP", "BRPOP"]);
                let mut c = vec![b(name)];
                c.extend(self.keys(3));
                c.push(self.timeout());
                c
            }
            79..=80 => vec![
                b("BLMOVE"),
                k,
                self.key(),
                self.side(),
                self.side(),
                self.timeout(),
            ],
            81 => vec![b("BRPOPLPUSH"), k, self.key(), self.timeout()],
            82..=84 => {
                let keys = self.keys(3);
                let mut c = vec![b("BLMPOP"), self.timeout(), b(keys.len().to_string())];
                c.extend(keys);
                c.push(self.side());
                if self.rng.chance(50) {
                    c.push(b("COUNT"));
                    c.push(self.count());
                }
                c
            }
            85..=87 => vec![b("TYPE"), k],
            88 => vec![b("OBJECT"), b("ENCODING"), k],
            89..=91 => vec![b("EXISTS"), k],
            92..=93 => vec![b("DEL"), k],
            94..=95 => vec![b("SET"), b(STRING_KEY), self.value()],
            _ => vec![b("LLEN"), k],
        };
        // Wrong arities now and then: drop or add an argument.
        if self.rng.chance(3) && c.len() > 1 {
            c.pop();
        } else if self.rng.chance(2) {
            // A blocking command's extra argument may become its timeout: keep it short.
            let extra = if c[0][0] == b'B' {
                self.timeout()
            } else {
                self.value()
            };
            c.push(extra);
        }
        c
    }
}

fn random_run(label: &str, seed: u64, count: usize, resp3: bool) {
    let mut differ = Differ::start(format!(
        "{label} seed={seed} count={count} \
         (reproduce: SPINEL_DIFF_SEED={seed} SPINEL_DIFF_COUNT={count} \
         cargo test -p spinel-server --test diff_lists {label})"
    ));
    differ.run_str("FLUSHALL");
    if resp3 {
        differ.run_str("HELLO 3");
    }
    differ.run(&["SET", STRING_KEY, "x"]);
    let mut gen = Gen::new(seed);
    for _ in 0..count {
        let cmd = gen.next_command();
        differ.run(&cmd);
    }
    // Final state.
    for key in LIST_KEYS.iter().chain([&STRING_KEY, &"missing"]) {
        differ.run(&["TYPE", key]);
        differ.run(&["LRANGE", key, "0", "-1"]);
    }
    differ.finish();
}

#[test]
fn random_lists() {
    random_run("random_lists", common::seed_from_env(DEFAULT_SEED), common::count_from_env(DEFAULT_COUNT), false);
}

#[test]
fn random_lists_resp3() {
    let seed = common::seed_from_env(DEFAULT_SEED).wrapping_add(1);
    random_run("random_lists_resp3", seed, common::count_from_env(DEFAULT_COUNT) / 2, true);
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
fn blocking_waiters_are_served_in_order() {
    use Act::*;
    compare_scenario(
        "fifo",
        4,
        &[
            Block(0, "BLPOP k1 k2 0", 1),
            Block(1, "BRPOP k2 0", 2),
            Block(2, "BLMOVE k2 dst right LEFT 0", 3),
            Run(3, "RPUSH k2 x y z"),
            Read(0),
            Read(1),
            Read(2),
            Run(3, "LRANGE dst 0 -1"),
            Run(3, "EXISTS k2"),
            Block(0, "BLMPOP 0 2 k1 k2 right COUNT 5", 1),
            Run(3, "RPUSH k2 1 2 3"),
            Read(0),
            Block(0, "BRPOPLPUSH k3 dst 0", 1),
            Run(3, "RPUSH k3 a b c"),
            Read(0),
            Run(3, "LRANGE dst 0 -1"),
            Block(0, "BLPOP q 0", 1),
            Block(1, "BLPOP q 0", 2),
            Block(2, "BLPOP q 0", 3),
            Run(3, "LPUSH q a b"),
            Read(0),
            Read(1),
            Run(3, "LPUSH q c"),
            Read(2),
            Run(3, "EXISTS q"),
            // A BLMOVE served into a key another client waits on serves that one too.
            Block(0, "BLMOVE a b left right 0", 1),
            Block(1, "BLPOP b 0", 2),
            Run(3, "RPUSH a 1 2 3"),
            Read(0),
            Read(1),
            Run(3, "LRANGE a 0 -1"),
            Run(3, "EXISTS b"),
        ],
    );
}

#[test]
fn blocking_timeouts() {
    use Act::*;
    compare_scenario(
        "timeouts",
        2,
        &[
            Block(0, "BLPOP nokey 0.05", 1),
            Read(0),
            Block(0, "BLMOVE nokey d left left 0.05", 1),
            Read(0),
            Block(0, "BRPOPLPUSH nokey d 0.05", 1),
            Read(0),
            Block(0, "BLMPOP 0.05 1 nokey left", 1),
            Read(0),
            Quiet(0, "HELLO 3"),
            Block(0, "BRPOP nokey 0.05", 1),
            Read(0),
            Block(0, "BLMOVE nokey d left left 0.05", 1),
            Read(0),
            Block(0, "BLMPOP 0.05 1 nokey left COUNT 2", 1),
            Read(0),
            Run(1, "RPUSH k v"),
            Block(0, "BLMPOP 0 2 nokey k left COUNT 2", 0),
            Read(0),
        ],
    );
}

#[test]
fn blocking_when_the_key_changes_type() {
    use Act::*;
    compare_scenario(
        "type_change",
        2,
        &[
            Block(0, "BLPOP k 0", 1),
            Run(1, "SET k str"),
            Run(1, "DEL k"),
            Run(1, "RPUSH k x"),
            Read(0),
            Block(0, "BLPOP k3 k4 0", 1),
            Run(1, "SET k3 s"),
            Run(1, "RPUSH k4 v"),
            Read(0),
            Block(0, "BLMOVE src dst left left 0", 1),
            Run(1, "SET dst str"),
            Run(1, "RPUSH src v"),
            Read(0),
            Run(1, "LRANGE src 0 -1"),
            Block(0, "BRPOPLPUSH src2 dst 0", 1),
            Run(1, "RPUSH src2 w"),
            Read(0),
            Run(1, "LRANGE src2 0 -1"),
        ],
    );
}

/// A transaction that pushes to a key a client waits on, then lets the key's TTL pass (DEBUG
/// SLEEP): the waiter is not served an expired key and stays blocked, as in Redis.
#[test]
fn a_key_that_expired_inside_exec_does_not_serve_its_waiter() {
    use common::Act::{Block, Masked, Read, Run};
    common::compare_scenario_flags(
        "expired inside exec",
        2,
        &[
            Run(0, "DEBUG SET-ACTIVE-EXPIRE 0"),
            Block(1, "BRPOP k 0", 1),
            Run(0, "MULTI"),
            Run(0, "RPUSH k hello"),
            Run(0, "PEXPIRE k 100"),
            Run(0, "DEBUG SLEEP 0.2"),
            Run(0, "EXEC"),
            Masked(0, "CLIENT LIST ID {id1}"),
            Run(0, "CLIENT UNBLOCK {id1}"),
            Read(1),
            Run(0, "EXISTS k"),
        ],
        &["--enable-debug-command", "yes"],
    );
}
