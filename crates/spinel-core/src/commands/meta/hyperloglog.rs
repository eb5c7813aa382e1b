//! Metadata of the HyperLogLog commands (Redis group `hyperloglog`).
//!
//! Sorted by full name. Since, group, arguments, key specs and tips are Redis 7.0's exactly;
//! summaries, complexities and history texts are Spinel's wording. See `commands/meta.rs`.

use super::key_flags::*;
use super::*;

pub(super) static ENTRIES: &[(&str, Meta)] = &[
    (
        "pfadd",
        Meta::new("hyperloglog", "2.8.9", "Adds elements to a HyperLogLog, creating it if needed.", "O(1) per element.")
            .keys(&[ks(RW | INSERT, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("element").optional().multiple(),
            ]),
    ),
    (
        "pfcount",
        Meta::new("hyperloglog", "2.8.9", "Estimates the number of distinct elements seen by a HyperLogLog, or by the union of several.", "O(1) for one key thanks to the cached estimate; O(N) for N keys, with a large constant.")
            .keys(&[ks(RW | ACCESS, index(1), range(-1, 1, 0)).notes("RW because it may change the internal representation of the key, and propagate to replicas")])
            .args(&[
                Arg::key("key", 0).multiple(),
            ]),
    ),
    #[cfg(feature = "server")]
    (
        "pfdebug",
        Meta::new("hyperloglog", "2.8.9", "Internal commands for debugging HyperLogLog values: registers, sparse opcodes, encoding, promotion to dense.", "N/A")
            .syscmd()
            .keys(&[ks(RW | ACCESS, index(2), range(0, 1, 0))])
            .args(&[
                Arg::string("subcommand"),
                Arg::key("key", 0),
            ]),
    ),
    (
        "pfmerge",
        Meta::new("hyperloglog", "2.8.9", "Merges HyperLogLogs into a destination that then estimates their union.", "O(N) for N HyperLogLogs, with a large constant.")
            .keys(&[
                ks(RW | ACCESS | INSERT, index(1), range(0, 1, 0)),
                ks(RO | ACCESS, index(2), range(-1, 1, 0)),
            ])
            .args(&[
                Arg::key("destkey", 0),
                Arg::key("sourcekey", 1).multiple(),
            ]),
    ),
    #[cfg(feature = "server")]
    (
        "pfselftest",
        Meta::new("hyperloglog", "2.8.9", "An internal command for testing the HyperLogLog implementation.", "N/A").syscmd(),
    ),
];
