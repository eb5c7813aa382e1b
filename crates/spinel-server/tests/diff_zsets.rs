//! Differential test of the sorted-set commands: seeded random commands over a few keys
//! (so they collide, including a string key for WRONGTYPE), with invalid arguments and wrong
//! arities, sent to spinel-server and to redis-server and compared byte for byte.
//!
//! `SPINEL_DIFF_SEED` and `SPINEL_DIFF_COUNT` override the defaults below. Replies that are
//! random in Redis are avoided rather than normalised: ZRANDMEMBER is only asked for the
//! whole set (or of a set of one member), and ZSCAN only of listpack-encoded sets (a
//! skiplist's ZSCAN order is its hash table's; `OBJECT ENCODING` is asked first, and compared
//! too). Part of each run lowers `zset-max-listpack-entries`/`-value` so conversions happen.

mod common;

use common::Differ;

const DEFAULT_SEED: u64 = 0x25E7_2026;
const DEFAULT_COUNT: usize = 12_000;

fn seed() -> u64 {
    std::env::var("SPINEL_DIFF_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED)
}

fn count() -> usize {
    std::env::var("SPINEL_DIFF_COUNT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_COUNT)
}

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
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
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

const ZKEYS: [&str; 5] = ["z1", "z2", "z3", "{z}4", "zdst"];
/// Keys only ever given members of score 0: lexicographical ranges assume equal scores, and
/// with mixed scores a skiplist's answer depends on its random levels.
const LEX_KEYS: [&str; 2] = ["lx1", "lx2"];
const STRING_KEY: &str = "zstr";
/// Plain sets: inputs of ZUNION/ZINTER/ZDIFF (members score 1), WRONGTYPE elsewhere.
const SET_KEYS: [&str; 2] = ["zset-s1", "zset-s2"];
/// A string key nothing but the first command writes.
const FIXED_STRING: &str = "zfixed";

const SCORES: [&str; 22] = [
    "0",
    "1",
    "-1",
    "2",
    "2.5",
    "3",
    "-3.75",
    "10",
    "100",
    "1e3",
    "0.1",
    "-0",
    "+inf",
    "-inf",
    "inf",
    "0x10",
    "1e17",
    "4611686018427387905",
    "5e-324",
    ".5",
    "7",
    "-12",
];
const BAD_SCORES: [&str; 8] = ["x", "nan", "", " 1", "1 ", "1e400", "--1", "0x"];
const RANGE_BOUNDS: [&str; 22] = [
    "-inf", "+inf", "inf", "0", "1", "(1", "2", "(2", "2.5", "(2.5", "3", "10", "(10", "-1", "(-1",
    "1e999", "(", "", " 2", "x", "nan", "(x",
];
const LEX_BOUNDS: [&str; 14] = [
    "-", "+", "[a", "(a", "[b", "(c", "[d", "(e", "[", "(", "a", "", "+x", "[zz",
];
const INDEXES: [&str; 14] = [
    "0",
    "1",
    "2",
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
];

fn member(rng: &mut Rng) -> String {
    match rng.below(20) {
        0 => "m".repeat(70),
        1 => String::new(),
        2 => "123".into(),
        _ => ["a", "b", "c", "d", "e", "f", "g", "aa", "ab", "b\u{0}x"][rng.below(10)].into(),
    }
}

fn score(rng: &mut Rng) -> String {
    if rng.chance(3) {
        rng.pick(&BAD_SCORES).into()
    } else {
        rng.pick(&SCORES).into()
    }
}

fn zkey(rng: &mut Rng) -> String {
    if rng.chance(6) {
        STRING_KEY.into()
    } else if rng.chance(5) {
        "nokey".into()
    } else {
        rng.pick(&ZKEYS).into()
    }
}

/// A key for a lex-range command: a lex key, or any key (then only used while it is a
/// listpack, whose answers for mixed scores are deterministic).
fn lexkey(rng: &mut Rng) -> String {
    if rng.chance(60) {
        rng.pick(&LEX_KEYS).into()
    } else {
        zkey(rng)
    }
}

fn range_args(rng: &mut Rng, kind: usize) -> (String, String) {
    match kind {
        0 => (rng.pick(&INDEXES).into(), rng.pick(&INDEXES).into()),
        1 => (
            rng.pick(&RANGE_BOUNDS).into(),
            rng.pick(&RANGE_BOUNDS).into(),
        ),
        _ => (rng.pick(&LEX_BOUNDS).into(), rng.pick(&LEX_BOUNDS).into()),
    }
}

fn limit(rng: &mut Rng, cmd: &mut Vec<String>) {
    cmd.push("LIMIT".into());
    cmd.push(rng.pick(&["0", "1", "2", "-1", "5", "x"]).into());
    cmd.push(rng.pick(&["0", "1", "2", "-1", "3", "100"]).into());
}

fn keys_args(rng: &mut Rng, cmd: &mut Vec<String>) -> usize {
    let n = 1 + rng.below(3);
    let numkeys = if rng.chance(4) {
        rng.pick(&["0", "-1", "x", "5"]).to_string()
    } else {
        n.to_string()
    };
    cmd.push(numkeys);
    for _ in 0..n {
        cmd.push(if rng.chance(15) {
            rng.pick(&SET_KEYS).to_string()
        } else {
            zkey(rng)
        });
    }
    n
}

/// One random sorted-set command.
fn next_command(rng: &mut Rng) -> Vec<String> {
    let s = |x: &str| x.to_string();
    let mut cmd: Vec<String> = Vec::new();
    match rng.below(34) {
        0..=5 => {
            cmd.push(s("ZADD"));
            let lex = rng.chance(25);
            cmd.push(if lex {
                rng.pick(&LEX_KEYS).into()
            } else {
                zkey(rng)
            });
            for o in ["NX", "XX", "GT", "LT", "CH", "INCR"] {
                if rng.chance(12) {
                    cmd.push(s(o));
                }
            }
            let pairs = if rng.chance(70) { 1 + rng.below(4) } else { 1 };
            for _ in 0..pairs {
                cmd.push(if lex { s("0") } else { score(rng) });
                cmd.push(member(rng));
            }
            if rng.chance(3) {
                cmd.push(score(rng));
            }
        }
        6 => {
            cmd.extend([s("ZINCRBY"), zkey(rng), score(rng), member(rng)]);
        }
        7 => {
            cmd.extend([s("ZREM"), zkey(rng)]);
            for _ in 0..1 + rng.below(3) {
                cmd.push(member(rng));
            }
        }
        8 => cmd.extend([s("ZCARD"), zkey(rng)]),
        9 => cmd.extend([s("ZSCORE"), zkey(rng), member(rng)]),
        10 => {
            cmd.extend([s("ZMSCORE"), zkey(rng)]);
            for _ in 0..1 + rng.below(3) {
                cmd.push(member(rng));
            }
        }
        11 => cmd.extend([s(rng.pick(&["ZRANK", "ZREVRANK"])), zkey(rng), member(rng)]),
        12 => {
            let (a, b) = range_args(rng, 1);
            cmd.extend([s("ZCOUNT"), zkey(rng), a, b]);
        }
        13 => {
            let (a, b) = range_args(rng, 2);
            cmd.extend([s("ZLEXCOUNT"), lexkey(rng), a, b]);
        }
        14..=17 => {
            let store = rng.chance(20);
            if store {
                cmd.extend([s("ZRANGESTORE"), zkey(rng)]);
            } else {
                cmd.push(s("ZRANGE"));
            }
            let kind = rng.below(3);
            cmd.push(if kind == 2 { lexkey(rng) } else { zkey(rng) });
            let argkind = if rng.chance(10) { rng.below(3) } else { kind };
            let (a, b) = range_args(rng, argkind);
            cmd.push(a);
            cmd.push(b);
            let mut opts: Vec<Vec<String>> = Vec::new();
            match kind {
                1 => opts.push(vec![s("BYSCORE")]),
                2 => opts.push(vec![s("BYLEX")]),
                _ => {}
            }
            if rng.chance(40) {
                opts.push(vec![s("REV")]);
            }
            if rng.chance(40) && (kind != 0 || rng.chance(10)) {
                let mut l = Vec::new();
                limit(rng, &mut l);
                opts.push(l);
            }
            if rng.chance(40) && (kind != 2 || rng.chance(10)) {
                opts.push(vec![s("WITHSCORES")]);
            }
            if rng.chance(3) {
                opts.push(vec![s(rng.pick(&["BYSCORE", "REV", "foo", "LIMIT"]))]);
            }
            // Any order, as Redis accepts.
            while !opts.is_empty() {
                let i = rng.below(opts.len());
                cmd.extend(opts.remove(i));
            }
        }
        18 => {
            let rev = rng.chance(50);
            cmd.extend([
                s(if rev {
                    "ZREVRANGEBYSCORE"
                } else {
                    "ZRANGEBYSCORE"
                }),
                zkey(rng),
            ]);
            let (a, b) = range_args(rng, 1);
            cmd.extend([a, b]);
            if rng.chance(40) {
                cmd.push(s("WITHSCORES"));
            }
            if rng.chance(40) {
                limit(rng, &mut cmd);
            }
        }
        19 => {
            let rev = rng.chance(50);
            cmd.extend([
                s(if rev { "ZREVRANGEBYLEX" } else { "ZRANGEBYLEX" }),
                lexkey(rng),
            ]);
            let (a, b) = range_args(rng, 2);
            cmd.extend([a, b]);
            if rng.chance(40) {
                limit(rng, &mut cmd);
            }
            if rng.chance(5) {
                cmd.push(s("WITHSCORES"));
            }
        }
        20 => {
            cmd.extend([s("ZREVRANGE"), zkey(rng)]);
            let (a, b) = range_args(rng, 0);
            cmd.extend([a, b]);
            if rng.chance(40) {
                cmd.push(s("WITHSCORES"));
            }
        }
        21 => {
            let kind = rng.below(3);
            cmd.extend([
                s(["ZREMRANGEBYRANK", "ZREMRANGEBYSCORE", "ZREMRANGEBYLEX"][kind]),
                if kind == 2 { lexkey(rng) } else { zkey(rng) },
            ]);
            let (a, b) = range_args(rng, kind);
            cmd.extend([a, b]);
        }
        22 | 23 => {
            cmd.extend([s(rng.pick(&["ZPOPMIN", "ZPOPMAX"])), zkey(rng)]);
            if rng.chance(60) {
                cmd.push(s(rng.pick(&["0", "1", "2", "5", "-1", "x"])));
            }
            if rng.chance(3) {
                cmd.push(s("1"));
            }
        }
        24 => {
            cmd.push(s("ZMPOP"));
            keys_args(rng, &mut cmd);
            cmd.push(s(rng.pick(&["MIN", "MAX", "MAX", "MIN", "mid"])));
            if rng.chance(50) {
                cmd.push(s("COUNT"));
                cmd.push(s(rng.pick(&["1", "2", "10", "0", "-1", "x"])));
            }
        }
        25 => {
            // Blocking forms: a short timeout, so an empty key answers (null) quickly.
            match rng.below(3) {
                0 | 1 => {
                    cmd.push(s(if rng.chance(50) {
                        "BZPOPMIN"
                    } else {
                        "BZPOPMAX"
                    }));
                    for _ in 0..1 + rng.below(2) {
                        cmd.push(zkey(rng));
                    }
                    cmd.push(s(rng.pick(&["0.01", "0.01", "0.02", "-1", "x"])));
                }
                _ => {
                    cmd.extend([s("BZMPOP"), s(rng.pick(&["0.01", "0.01", "-1", "x"]))]);
                    keys_args(rng, &mut cmd);
                    cmd.push(s(rng.pick(&["MIN", "MAX", "foo"])));
                    if rng.chance(50) {
                        cmd.push(s("COUNT"));
                        cmd.push(s(rng.pick(&["1", "3", "0"])));
                    }
                }
            }
        }
        26..=29 => {
            let (name, store) = *rng.pick(&[
                &("ZUNION", false),
                &("ZINTER", false),
                &("ZDIFF", false),
                &("ZUNIONSTORE", true),
                &("ZINTERSTORE", true),
                &("ZDIFFSTORE", true),
                &("ZINTERCARD", false),
            ]);
            cmd.push(s(name));
            if store {
                cmd.push(zkey(rng));
            }
            let n = keys_args(rng, &mut cmd);
            if name == "ZINTERCARD" {
                if rng.chance(50) {
                    cmd.push(s("LIMIT"));
                    cmd.push(s(rng.pick(&["0", "1", "2", "-1", "x"])));
                }
            } else {
                if rng.chance(40) {
                    cmd.push(s("WEIGHTS"));
                    let w = if rng.chance(10) { n + 1 } else { n };
                    for _ in 0..w {
                        cmd.push(s(rng.pick(&[
                            "1", "2", "0", "-1", "0.5", "inf", "-inf", "x", "1e308",
                        ])));
                    }
                }
                if rng.chance(40) {
                    cmd.push(s("AGGREGATE"));
                    cmd.push(s(rng.pick(&["SUM", "MIN", "MAX", "max", "avg"])));
                }
                if !store && rng.chance(50) {
                    cmd.push(s("WITHSCORES"));
                }
            }
        }
        30 => {
            cmd.extend([s("ZRANDMEMBER"), zkey(rng)]);
            match rng.below(5) {
                0 => {}
                1 => cmd.push(s(rng.pick(&["1000", "0", "x", "-9223372036854775808"]))),
                2 => cmd.extend([s("1000"), s("WITHSCORES")]),
                3 => cmd.extend([s("1000"), s("foo")]),
                _ => cmd.extend([s("0"), s("WITHSCORES"), s("x")]),
            }
            if cmd.len() == 2 {
                // Random member: only deterministic on a missing or wrong-typed key.
                cmd[1] = s(rng.pick(&["never-written", FIXED_STRING]));
            }
        }
        31 => {
            // Wrong arities.
            let name = rng.pick(&[
                "ZADD",
                "ZCARD",
                "ZSCORE",
                "ZRANGE",
                "ZINCRBY",
                "ZREM",
                "ZPOPMIN",
                "BZPOPMIN",
                "ZUNIONSTORE",
                "ZRANGESTORE",
                "ZMPOP",
                "ZLEXCOUNT",
                "ZSCAN",
            ]);
            cmd.push(s(name));
            for _ in 0..rng.below(2) {
                cmd.push(zkey(rng));
            }
        }
        32 => {
            if rng.chance(50) {
                cmd.extend([s("SET"), s(STRING_KEY), s("v")]);
            } else {
                cmd.extend([s("SADD"), s(rng.pick(&SET_KEYS))]);
                for _ in 0..1 + rng.below(3) {
                    cmd.push(member(rng));
                }
            }
        }
        _ => {
            cmd.extend([s("DEL"), zkey(rng)]);
        }
    }
    cmd
}

fn run(label: &str, seed: u64, count: usize, resp3: bool) {
    let mut d = Differ::start(format!(
        "{label} seed={seed} count={count} (reproduce: SPINEL_DIFF_SEED={seed} SPINEL_DIFF_COUNT={count} \
         cargo test -p spinel-server --test diff_zsets {label})"
    ));
    d.run_str("FLUSHALL");
    d.run(&["SET", FIXED_STRING, "v"]);
    if resp3 {
        d.run_str("HELLO 3");
    }
    let mut rng = Rng::new(seed);
    let mut sent = 0;
    let mut small_limits = false;
    while sent < count {
        // Every ~1500 commands switch between the default limits and tiny ones.
        if sent % 1500 == 0 {
            small_limits = !small_limits && sent > 0;
            let (n, v) = if small_limits {
                ("4", "3")
            } else {
                ("128", "64")
            };
            d.run_str(&format!("CONFIG SET zset-max-listpack-entries {n}"));
            d.run_str(&format!("CONFIG SET zset-max-listpack-value {v}"));
        }
        if rng.chance(2) {
            // ZSCAN, only of a listpack (see the module comment).
            let key = rng.pick(&ZKEYS);
            let enc = d.run(&["OBJECT", "ENCODING", key]);
            sent += 1;
            if enc.windows(8).any(|w| w == b"listpack") {
                let mut c = vec![
                    "ZSCAN".to_string(),
                    key.to_string(),
                    rng.pick(&["0", "5", "x"]).to_string(),
                ];
                if rng.chance(40) {
                    c.extend([
                        "MATCH".into(),
                        rng.pick(&["*", "a*", "?", "[a-c]", "m*"]).to_string(),
                    ]);
                }
                if rng.chance(30) {
                    c.extend([
                        "COUNT".into(),
                        rng.pick(&["1", "0", "100", "x"]).to_string(),
                    ]);
                }
                d.run(&c);
                sent += 1;
            }
            continue;
        }
        let cmd = next_command(&mut rng);
        // A lex range over a set that may have mixed scores: only while it is a listpack.
        let lexy = cmd.iter().any(|a| a.eq_ignore_ascii_case("BYLEX"))
            || cmd[0].to_ascii_uppercase().contains("LEX");
        let src = if cmd[0] == "ZRANGESTORE" { 2 } else { 1 };
        if lexy && cmd.len() > src && !LEX_KEYS.contains(&cmd[src].as_str()) {
            let key = cmd[src].clone();
            let enc = d.run(&["OBJECT", "ENCODING", key.as_str()]);
            sent += 1;
            if enc.windows(8).any(|w| w == b"skiplist") {
                continue;
            }
        }
        d.run(&cmd);
        sent += 1;
    }
    d.run_str("CONFIG SET zset-max-listpack-entries 128");
    d.run_str("CONFIG SET zset-max-listpack-value 64");
    for key in ZKEYS
        .iter()
        .chain(LEX_KEYS.iter())
        .chain([&STRING_KEY, &"nokey"])
    {
        d.run(&["TYPE", key]);
        d.run(&["OBJECT", "ENCODING", key]);
        d.run(&["ZRANGE", key, "0", "-1", "WITHSCORES"]);
    }
    d.finish();
}

#[test]
fn random_zsets() {
    run("random_zsets", seed(), count(), false);
}

#[test]
fn random_zsets_resp3() {
    run(
        "random_zsets_resp3",
        seed().wrapping_add(1),
        count() / 3,
        true,
    );
}

/// ZRANDMEMBER's count bounds, which answer before any member is picked: WITHSCORES refuses
/// counts whose double overflows (checked before the key is looked up, so for missing and
/// wrong-type keys too), and huge negative counts are refused rather than built
/// (tests/differences.md D22: checked here below Redis's own limit only where Redis agrees).
#[test]
fn zrandmember_count_bounds() {
    let mut d = Differ::start("ZRANDMEMBER count bounds");
    d.run_str("FLUSHALL");
    for key in ["nokey", "str", "z"] {
        if key == "str" {
            d.run_str("SET str x");
        }
        if key == "z" {
            d.run_str("ZADD z 1 a 2 b");
        }
        for count in ["9223372036854775807", "4611686018427387904", "-4611686018427387904", "-9223372036854775807", "-9223372036854775808", "x"] {
            d.run(&["ZRANDMEMBER", key, count, "WITHSCORES"]);
        }
        d.run(&["ZRANDMEMBER", key, "4611686018427387903", "WITHSCORES"]);
        d.run(&["ZRANDMEMBER", key, "0", "WITHSCORES"]);
    }
    d.finish();
    // Past D22's bound: an error at once, where Redis would build the reply.
    let server = common::Server::spinel(&[]);
    let mut c = server.conn();
    c.cmd(&["ZADD", "z", "1", "a"]);
    assert_eq!(c.cmd(&["ZRANDMEMBER", "z", "-4611686018427387903", "WITHSCORES"]), b"-ERR value is out of range\r\n");
    assert_eq!(c.cmd(&["ZRANDMEMBER", "z", "-100000000"]), b"-ERR value is out of range\r\n");
    assert_eq!(c.cmd(&["PING"]), b"+PONG\r\n");
}
