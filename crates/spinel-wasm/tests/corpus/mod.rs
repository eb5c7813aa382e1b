//! The Lua script corpus of spinel-server's differential test (its replies were compared
//! with redis-server's byte for byte there), run through the binding. Natively
//! (tests/script_corpus.rs) the replies must equal `expected.txt`; compiled to wasm32 (node.rs,
//! browser.rs) they must equal it too, so the wasm build answers every script as the native
//! engine, hence as Redis. `SPINEL_BLESS=1 cargo test -p spinel-wasm --test script_corpus`
//! rewrites `expected.txt` from the native engine after the corpus changes.
//!
//! Each case runs as diff_scripting.rs runs it: FLUSHALL, HELLO 3 for `resp3` cases, the
//! `>` setup commands, the script by EVAL (EVAL_RO), then SCRIPT LOAD + EVALSHA (EVALSHA_RO),
//! each followed by the `<` check commands.
use spinel_wasm::{frames, Core, OUTCOME_RUNNING};

pub const CORPUS: &str = include_str!("../../../spinel-server/tests/scripts/corpus.txt");
pub const EXPECTED: &str = include_str!("expected.txt");

const T0: f64 = 1_700_000_000_000.0;

#[path = "../../../spinel-server/tests/scripts/corpus.rs"]
mod format;
use format::{split_command, Case};

fn cases() -> Vec<Case> {
    format::parse(CORPUS)
}

/// Runs a command to its end (a script that yields is resumed) and returns its reply.
fn run(c: &mut Core, client: u32, args: &[Vec<u8>]) -> Vec<u8> {
    let refs: Vec<&[u8]> = args.iter().map(Vec::as_slice).collect();
    let mut code = c.exec_frames(client, &frames(&refs), refs.len(), T0);
    while code & 15 == OUTCOME_RUNNING {
        code = c.resume(client, T0);
    }
    c.out()
}

/// Every reply of the corpus, one line each: `case name<TAB>reply` (reply bytes escaped).
pub fn run_corpus() -> String {
    let mut c = Core::new(11, 13, T0, "").unwrap_or_else(|_| panic!("engine"));
    let a = c.connect(T0);
    let mut out = String::new();
    let mut record = |name: &str, reply: &[u8]| {
        out.push_str(name);
        out.push('\t');
        out.push_str(&reply.escape_ascii().to_string());
        out.push('\n');
    };
    for case in cases() {
        record(&case.name, &run(&mut c, a, &[b"FLUSHALL".to_vec()]));
        if case.resp3 {
            record(&case.name, &run(&mut c, a, &[b"HELLO".to_vec(), b"3".to_vec()]));
        }
        for s in &case.setup {
            record(&case.name, &run(&mut c, a, &split_command(s)));
        }
        for by_sha in [false, true] {
            let name = match (by_sha, case.ro) {
                (false, false) => "EVAL",
                (false, true) => "EVAL_RO",
                (true, false) => "EVALSHA",
                (true, true) => "EVALSHA_RO",
            };
            let mut cmd: Vec<Vec<u8>> = vec![name.into()];
            if by_sha {
                let sha = run(&mut c, a, &[b"SCRIPT".to_vec(), b"LOAD".to_vec(), case.body.clone().into_bytes()]);
                record(&case.name, &sha);
                if sha.len() < 45 {
                    continue; // a compile error, recorded already
                }
                cmd.push(sha[5..45].to_vec());
            } else {
                cmd.push(case.body.clone().into_bytes());
            }
            cmd.push(case.keys.len().to_string().into_bytes());
            cmd.extend(case.keys.iter().map(|k| k.clone().into_bytes()));
            cmd.extend(case.args.iter().map(|a| a.clone().into_bytes()));
            record(&case.name, &run(&mut c, a, &cmd));
            for s in &case.checks {
                record(&case.name, &run(&mut c, a, &split_command(s)));
            }
        }
        if case.resp3 {
            record(&case.name, &run(&mut c, a, &[b"HELLO".to_vec(), b"2".to_vec()]));
        }
    }
    out
}

/// Panics at the first reply that differs from `expected.txt`, naming its case.
pub fn assert_matches_expected() {
    let got = run_corpus();
    let cases = got.lines().filter(|l| !l.is_empty()).count();
    assert!(cases > 1000, "the corpus gave only {cases} replies");
    for (i, (g, e)) in got.lines().zip(EXPECTED.lines()).enumerate() {
        assert_eq!(g, e, "reply {} differs from the native engine's (expected.txt)", i + 1);
    }
    assert_eq!(got.lines().count(), EXPECTED.lines().count(), "number of replies differs from expected.txt");
}
