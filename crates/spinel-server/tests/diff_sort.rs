//! Differential tests of SORT and SORT_RO: the same commands go to spinel-server and to a
//! real redis-server, and the replies must match byte for byte.
//!
//! - `scripted_sort`: hand-written cases (every option, BY/GET patterns, errors).
//! - `random_sort*`: a seeded generator over two lists, two sets (an intset and a hashtable
//!   set), two sorted sets, a string and a hash (WRONGTYPE), with weights in string keys
//!   `w_*` / `x_*` and hash fields `h_*->f` / `h_*->g`, random option lists, invalid
//!   arguments and wrong arities, interleaved with writes to the sources. `SPINEL_DIFF_SEED`
//!   and `SPINEL_DIFF_COUNT` (default 5000) control it.
//!
//! Cases where Redis's own output is not deterministic are not generated: a hashtable set
//! read without sorting and without STORE (dict order), and ALPHA sorting BY a pattern
//! whose values tie (Redis's qsort/pqsort order of equal elements). For that the `w_*` and
//! `h_*->f` weights exist and are distinct for every element; the sparse `x_*`/`h_*->g`
//! ones are only used for numeric sorts (missing values score 0, ties go by the element),
//! and GET results (which have no weights) are only stored into `dst`, never sorted ALPHA
//! BY a pattern.
//! Values that overflow `strtod` (ERANGE) are not generated either: Redis does not clear
//! `errno` before its `strtod`, so one overflow makes later numeric sorts of that server
//! fail until something else resets `errno`.

mod common;

use common::{Rng, split_command, Differ};

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

const SCRIPT: &str = r##"
SORT
SORT_RO
SORT missing
SORT missing STORE dst
RPUSH l 3 1 2 10 -5 2.5 "" " 7" 0x10 inf -inf
SORT l
SORT l DESC
SORT l ALPHA
SORT l ALPHA DESC LIMIT 1 3
SORT l LIMIT -1 2
SORT l LIMIT 2 -1
SORT l LIMIT 20 1
SORT l LIMIT 0 0
SORT l LIMIT 3 9223372036854775807
SORT l LIMIT 1 x
SORT l LIMIT 1
SORT l LIMIT 01 2
SORT l BY nosort
SORT l BY nosort DESC LIMIT 2 3
SORT l BY nosort BY w_*
SORT l BY "x\x00*"
RPUSH bad 1 x
SORT bad
SORT bad ALPHA
RPUSH nul "3\x00x" 2
SORT nul
RPUSH k a b c d
MSET w_a 3 w_b 1 w_c 2 o_a A
HSET h_a f 30 g x
HSET h_b f 10
HSET h_c f 20 g z
SORT k BY w_*
SORT k BY w_* GET # GET o_* GET h_*->g GET h_*-> GET nostar GET o_*->f
SORT k BY h_*->f DESC LIMIT 0 2
SORT k BY h_*->g ALPHA
SORT k BY w_* ALPHA DESC
SORT k BY "w_*\x00x"
SORT k ALPHA GET "#\x00x"
SORT k BY w_* STORE dst
LRANGE dst 0 -1
SORT k BY w_* GET nope STORE dst
LRANGE dst 0 -1
SET dst x
PEXPIRE dst 100000
SORT k ALPHA STORE dst
PTTL dst
SORT k LIMIT 0 0 STORE dst
EXISTS dst
SORT k ALPHA STORE dst STORE dst2
EXISTS dst dst2
SORT_RO k ALPHA STORE dst
SORT_RO k ALPHA
SADD si 5 3 10 1
SORT si BY nosort
SORT si BY nosort DESC
SADD ss b a c
SORT ss BY nosort STORE dst
LRANGE dst 0 -1
SORT ss BY nosort DESC LIMIT 1 1 STORE dst
LRANGE dst 0 -1
SORT ss
ZADD z 3 a 1 b 2 c 0 d
OBJECT ENCODING z
SORT_RO z BY nosort
OBJECT ENCODING z
SORT z BY nosort DESC LIMIT 1 2
SORT z BY nosort LIMIT 3 5 DESC
SORT z ALPHA DESC
SET str x
SORT str
SORT_RO str
SORT str LIMIT x 1
SORT str foo
SORT hh
HSET hh f v
SORT hh
XADD xs 1-1 a 1
SORT xs
SORT k GET
SORT k BY
SORT k STORE
SORT k ALPHA junk
"##;

#[test]
fn scripted_sort() {
    run_script("sort", SCRIPT);
}

// ---------------------------------------------------------------------------------------------
// Random cases
// ---------------------------------------------------------------------------------------------

const DEFAULT_SEED: u64 = 0x5EED_2026;
const DEFAULT_COUNT: usize = 5_000;

const LISTS: [&str; 2] = ["l1", "l2"];
/// Integers only: stays an intset, whose order is deterministic.
const INTSET: &str = "si";
/// Strings: a hashtable set.
const STRSET: &str = "ss";
const ZSETS: [&str; 2] = ["z1", "z2"];
const STRING_KEY: &str = "str";
const HASH_KEY: &str = "hh";

/// Numbers (in several spellings) and words; no NULs, nothing out of double range.
const ELEMS: [&str; 20] = [
    "1", "2", "3", "10", "-5", "2.5", "0", "01", "1.0", "+1", " 7", "0x10", "inf", "-inf", "", "a",
    "b", "c", "xyz", "B",
];
const INTS: [&str; 8] = ["1", "2", "3", "10", "-5", "0", "100", "42"];
const WORDS: [&str; 8] = ["a", "b", "c", "xyz", "B", "1", "2.5", "apple"];

/// Sparse weights: missing, non-numeric, duplicates.
const SPARSE: [&str; 6] = ["1", "1", "-2", "x", "3.5", ""];

const SORT_PATTERNS: [&str; 4] = ["w_*", "h_*->f", "x_*", "h_*->g"];
const NOSORT_PATTERNS: [&str; 3] = ["nosort", "constant", "h->f"];
const GET_PATTERNS: [&str; 9] = [
    "#", "w_*", "h_*->f", "h_*->g", "x_*", "nostar", "o_*->f", "h_*->", "h_*",
];
const LIMIT_NUMS: [&str; 12] = [
    "0",
    "1",
    "2",
    "3",
    "5",
    "-1",
    "-3",
    "100",
    "x",
    "1.5",
    "9223372036854775807",
    "",
];

/// Parses the options as Redis does: true when the reply would depend on Redis's hash
/// table order or on how its qsort orders ties.
fn nondeterministic(cmd: &[String]) -> bool {
    if cmd.len() < 2 {
        return false;
    }
    let ro = cmd[0] == "SORT_RO";
    let (mut alpha, mut nosort, mut store, mut get) = (false, false, false, false);
    let mut store_to_list = false;
    let mut by: Option<&str> = None;
    let mut j = 2;
    while j < cmd.len() {
        let left = cmd.len() - j - 1;
        let a = cmd[j].to_ascii_lowercase();
        match a.as_str() {
            "asc" | "desc" => {}
            "alpha" => alpha = true,
            "limit" if left >= 2 => j += 2,
            "store" if !ro && left >= 1 => {
                store = true;
                store_to_list = cmd[j + 1] != "dst";
                j += 1;
            }
            "by" if left >= 1 => {
                by = Some(&cmd[j + 1]);
                if !cmd[j + 1].contains('*') {
                    nosort = true;
                }
                j += 1;
            }
            "get" if left >= 1 => {
                get = true;
                j += 1;
            }
            _ => return false, // syntax error
        }
        j += 1;
    }
    let strset = cmd[1] == STRSET;
    if nosort && strset && !store {
        return true;
    }
    // GET values have no weights: only `dst` may hold them.
    if (get || cmd[1] == "dst") && store_to_list {
        return true;
    }
    let sparse = matches!(by, Some("x_*") | Some("h_*->g")) || (by.is_some() && cmd[1] == "dst");
    !nosort && alpha && sparse
}

struct Gen {
    rng: Rng,
}

fn key_kind(key: &str) -> &'static str {
    if LISTS.contains(&key) {
        "list"
    } else if key == STRSET {
        "strset"
    } else {
        "other"
    }
}

impl Gen {
    /// A SORT command whose reply Redis determines (see the module notes).
    fn sort_command(&mut self) -> Vec<String> {
        loop {
            let cmd = self.sort_candidate();
            if !nondeterministic(&cmd) {
                return cmd;
            }
        }
    }

    fn sort_candidate(&mut self) -> Vec<String> {
        let r = &mut self.rng;
        let ro = r.chance(25);
        let mut cmd = vec![if ro { "SORT_RO" } else { "SORT" }.to_string()];
        if r.chance(1) {
            return cmd; // wrong arity
        }
        let all_keys = [
            "l1", "l2", "si", "ss", "z1", "z2", "str", "hh", "missing", "dst",
        ];
        let key = *r.pick(&all_keys);
        cmd.push(key.to_string());
        let nopts = r.below(5);
        let mut alpha = false;
        let mut sparse_by = false;
        let mut nosort = false;
        let mut store = false;
        for _ in 0..nopts {
            match r.below(9) {
                0 => cmd.push(r.pick(&["ASC", "desc", "DESC"]).to_string()),
                1 => {
                    alpha = true;
                    cmd.push("ALPHA".into());
                }
                2 => {
                    cmd.push("LIMIT".into());
                    let a = if r.chance(80) {
                        *r.pick(&LIMIT_NUMS[..8])
                    } else {
                        *r.pick(&LIMIT_NUMS)
                    };
                    cmd.push(a.into());
                    if r.chance(97) {
                        let b = if r.chance(85) {
                            *r.pick(&LIMIT_NUMS[..8])
                        } else {
                            *r.pick(&LIMIT_NUMS)
                        };
                        cmd.push(b.into());
                    }
                }
                3 | 4 => {
                    cmd.push("BY".into());
                    if r.chance(25) {
                        nosort = true;
                        cmd.push(r.pick(&NOSORT_PATTERNS).to_string());
                    } else {
                        let p = *r.pick(&SORT_PATTERNS);
                        if p == "x_*" || p == "h_*->g" {
                            sparse_by = true;
                        }
                        cmd.push(p.into());
                    }
                }
                5 | 6 => {
                    cmd.push("GET".into());
                    cmd.push(r.pick(&GET_PATTERNS).to_string());
                }
                7 => {
                    store = true;
                    cmd.push("STORE".into());
                    cmd.push(r.pick(&["dst", "dst", "l2"]).to_string());
                }
                _ => {
                    // Invalid or dangling arguments.
                    cmd.push(
                        r.pick(&["junk", "BY", "GET", "STORE", "LIMIT", "ALPHAX"])
                            .to_string(),
                    );
                }
            }
        }
        let store_effective = store && !ro;
        // Keep Redis deterministic (see the module notes).
        if alpha && sparse_by {
            for a in cmd.iter_mut() {
                if a == "x_*" || a == "h_*->g" {
                    *a = "w_*".into();
                }
            }
        }
        if nosort && key_kind(key) == "strset" && !store_effective {
            for a in cmd.iter_mut() {
                if NOSORT_PATTERNS.contains(&a.as_str()) {
                    *a = "w_*".into();
                }
            }
        }
        cmd
    }

    fn next_command(&mut self) -> Vec<String> {
        let r = &mut self.rng;
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        match r.below(20) {
            0..=11 => self.sort_command(),
            12 => {
                let key = *r.pick(&LISTS);
                let e1 = *r.pick(&ELEMS);
                let e2 = *r.pick(&ELEMS);
                s(&[*r.pick(&["RPUSH", "LPUSH"]), key, e1, e2])
            }
            13 => s(&[*r.pick(&["LPOP", "RPOP"]), *r.pick(&LISTS)]),
            14 => {
                if r.chance(50) {
                    s(&["SADD", INTSET, *r.pick(&INTS), *r.pick(&INTS)])
                } else {
                    s(&["SADD", STRSET, *r.pick(&WORDS), *r.pick(&WORDS)])
                }
            }
            15 => {
                if r.chance(50) {
                    s(&["SREM", INTSET, *r.pick(&INTS)])
                } else {
                    s(&["SREM", STRSET, *r.pick(&WORDS)])
                }
            }
            16 => {
                let score = *r.pick(&["1", "2", "2", "-1", "0", "3.5"]);
                s(&["ZADD", *r.pick(&ZSETS), score, *r.pick(&ELEMS)])
            }
            17 => s(&["ZREM", *r.pick(&ZSETS), *r.pick(&ELEMS)]),
            18 => {
                let e = *r.pick(&ELEMS);
                if r.chance(50) {
                    s(&["SET", &format!("x_{e}"), *r.pick(&SPARSE)])
                } else if r.chance(50) {
                    s(&["HSET", &format!("h_{e}"), "g", *r.pick(&SPARSE)])
                } else {
                    s(&["DEL", &format!("x_{e}")])
                }
            }
            _ => match r.below(4) {
                0 => s(&["LRANGE", "dst", "0", "-1"]),
                1 => s(&["TYPE", "dst"]),
                2 => s(&["OBJECT", "ENCODING", *r.pick(&ZSETS)]),
                _ => s(&["DEL", "dst"]),
            },
        }
    }
}

fn random_run(label: &str, seed: u64, count: usize, resp3: bool) {
    let mut differ = Differ::start(format!(
        "{label} seed={seed} count={count} \
         (reproduce: SPINEL_DIFF_SEED={seed} SPINEL_DIFF_COUNT={count} \
         cargo test -p spinel-server --test diff_sort {label})"
    ));
    differ.run_str("FLUSHALL");
    if resp3 {
        differ.run_str("HELLO 3");
    }
    differ.run(&["SET", STRING_KEY, "x"]);
    differ.run(&["HSET", HASH_KEY, "f", "v"]);
    differ.run(&["SET", "o_a", "A"]);
    // Distinct weights for every element: w_* (numbers) and h_*->f (words for ALPHA).
    let mut rng = Rng::new(seed ^ 0xABCD);
    let mut order: Vec<usize> = (0..ELEMS.len() + WORDS.len() + INTS.len()).collect();
    for i in (1..order.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        order.swap(i, j);
    }
    let universe: Vec<&str> = ELEMS
        .iter()
        .chain(WORDS.iter())
        .chain(INTS.iter())
        .copied()
        .collect();
    let mut seen = std::collections::HashSet::new();
    for (i, e) in universe.iter().enumerate() {
        if !seen.insert(*e) {
            continue;
        }
        let w = order[i];
        differ.run(&[
            "SET".to_string(),
            format!("w_{e}"),
            format!("{}", w as i64 * 3 - 20),
        ]);
        differ.run(&[
            "HSET".to_string(),
            format!("h_{e}"),
            "f".into(),
            format!("f{:03}", w),
        ]);
    }
    for key in LISTS {
        differ.run(&["RPUSH", key, "3", "1", "2"]);
    }
    differ.run(&["SADD", INTSET, "5", "3", "10"]);
    differ.run(&["SADD", STRSET, "b", "a", "c"]);
    differ.run(&["ZADD", "z1", "1", "b", "2", "a", "2", "10"]);
    let mut gen = Gen {
        rng: Rng::new(seed),
    };
    for _ in 0..count {
        let cmd = gen.next_command();
        differ.run(&cmd);
    }
    for key in ["l1", "l2", "dst", "str", "z1", "z2"] {
        differ.run(&["TYPE", key]);
        differ.run(&["SORT", key, "ALPHA"]);
    }
    differ.finish();
}

#[test]
fn random_sort() {
    random_run("random_sort", common::seed_from_env(DEFAULT_SEED), common::count_from_env(DEFAULT_COUNT), false);
}

#[test]
fn random_sort_resp3() {
    let seed = common::seed_from_env(DEFAULT_SEED).wrapping_add(1);
    random_run("random_sort_resp3", seed, common::count_from_env(DEFAULT_COUNT) / 2, true);
}
