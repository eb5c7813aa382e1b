//! oom-score-adj (feature `server`): which Linux OOM-killer score the host gives the
//! process, as Redis's setOOMScoreAdj decides it: the value of `oom-score-adj-values` for the
//! server's role (master, replica; the third is for forked children), relative to the score
//! the process had before (`yes`, `relative`) or as is (`absolute`); `no` gives back that
//! earlier score. Applied when either option is set and when the role changes.

use crate::config::opt;
use crate::engine::Engine;

/// The value for forked children in `oom-score-adj-values`.
pub const CHILD_CLASS: usize = 2;

/// `oom-score-adj-values` as numbers (the config checked them).
pub fn class_values(values: &str) -> [i64; 3] {
    let mut out = [0; 3];
    for (slot, w) in out.iter_mut().zip(values.split_ascii_whitespace()) {
        *slot = crate::num::parse_i64(w.as_bytes()).unwrap_or(0);
    }
    out
}

impl Engine {
    /// Hands the host the score for the current role; Err: why it could not set it.
    pub fn apply_oom_score(&self) -> Result<(), alloc::string::String> {
        self.apply_oom_score_of(&self.config)
    }

    /// As `apply_oom_score`, with the options of `config` (CONFIG SET's before it is kept).
    pub(crate) fn apply_oom_score_of(&self, config: &crate::config::Config) -> Result<(), alloc::string::String> {
        let class = usize::from(self.is_replica_of_master());
        (self.host.oom_score)(config.str(opt::OOM_SCORE_ADJ), class_values(config.str(opt::OOM_SCORE_ADJ_VALUES)), class)
    }
}
