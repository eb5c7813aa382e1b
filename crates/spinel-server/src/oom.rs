//! The process's Linux OOM-killer score (`/proc/self/oom_score_adj`), set as the engine's
//! oom.rs decides, the way Redis's setOOMScoreAdj does: before the first change the score
//! the process had is kept as the base (relative values add to it, `no` restores it), and
//! a forked child takes the third value (`set_for_child`).

use std::sync::Mutex;
use tracing::warn;

const PATH: &str = "/proc/self/oom_score_adj";

struct State {
    /// The score before Spinel first changed it; None while Spinel leaves it alone.
    base: Option<i64>,
    /// What a forked child sets (None: oom-score-adj no).
    child: Option<i64>,
}

static STATE: Mutex<State> = Mutex::new(State { base: None, child: None });

/// The engine's `HostInfo::oom_score`.
pub fn set(mode: &str, values: [i64; 3], class: usize) -> Result<(), String> {
    let mut state = STATE.lock().unwrap_or_else(|p| p.into_inner());
    let score = if mode == "no" {
        state.child = None;
        match state.base.take() {
            Some(base) => base,
            None => return Ok(()),
        }
    } else {
        let base = match state.base {
            Some(base) => base,
            None => {
                let text = std::fs::read_to_string(PATH).map_err(|err| unable("read", &err))?;
                *state.base.insert(text.trim().parse().unwrap_or(0))
            }
        };
        let score_of = |class: usize| {
            let value = values[class] + if mode == "absolute" { 0 } else { base };
            value.clamp(-1000, 1000)
        };
        state.child = Some(score_of(spinel_core::oom::CHILD_CLASS));
        score_of(class)
    };
    write(score)
}

fn unable(what: &str, err: &std::io::Error) -> String {
    warn!("Unable to {what} oom_score_adj: {}", crate::config::os_error_text(err));
    String::from("Failed to set current oom_score_adj. Check server logs.")
}

fn write(score: i64) -> Result<(), String> {
    std::fs::write(PATH, format!("{score}\n")).map_err(|err| unable("write", &err))
}

/// In a forked child: the score for background children, when oom-score-adj is on.
pub fn set_for_child() {
    let child = STATE.lock().map(|s| s.child).unwrap_or(None);
    if let Some(score) = child {
        let _ = write(score);
    }
}
