//! Metadata of the transaction commands (Redis group `transactions`).
//!
//! Sorted by full name. Since, group, arguments, key specs and tips are Redis 7.0's exactly;
//! summaries and complexities are Spinel's wording. See `commands/meta.rs`.

use super::key_flags::*;
use super::*;

pub(super) static ENTRIES: &[(&str, Meta)] = &[
    (
        "discard",
        Meta::new("transactions", "2.0.0", "Drops the commands queued since MULTI.", "O(N), N being the number of queued commands."),
    ),
    (
        "exec",
        Meta::new("transactions", "1.2.0", "Runs the commands queued since MULTI.", "The sum of the queued commands' complexities."),
    ),
    (
        "multi",
        Meta::new("transactions", "1.2.0", "Starts a transaction.", "O(1)"),
    ),
    (
        "unwatch",
        Meta::new("transactions", "2.2.0", "Forgets every watched key.", "O(1)"),
    ),
    (
        "watch",
        Meta::new("transactions", "2.2.0", "Watches keys: EXEC fails if any of them changes first.", "O(1) for each key.")
            .keys(&[ks(RO, index(1), range(-1, 1, 0))])
            .args(&[
                Arg::key("key", 0).multiple(),
            ]),
    ),
];
