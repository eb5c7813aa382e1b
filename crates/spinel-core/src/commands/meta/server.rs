//! Metadata of the server commands (Redis group `server`).
//!
//! Sorted by full name. Since, group, arguments, key specs and tips are Redis 7.0's exactly;
//! summaries, complexities and history texts are Spinel's wording. See `commands/meta.rs`.

use super::*;

pub(super) static ENTRIES: &[(&str, Meta)] = &[
    (
        "bgrewriteaof",
        Meta::new("server", "1.0.0", "Rewrites the append-only file in the background.", "O(1)"),
    ),
    (
        "bgsave",
        Meta::new("server", "1.0.0", "Writes a snapshot of every database to disk in the background.", "O(1)")
            .history(&[("3.2.2", "`SCHEDULE` option.")])
            .args(&[Arg::pure_token("schedule", "SCHEDULE").since("3.2.2").optional()]),
    ),
    (
        "command",
        Meta::new(
            "server",
            "2.8.13",
            "Describes every command the server knows.",
            "O(N), N being the number of commands.",
        )
        .tips(&["nondeterministic_output_order"]),
    ),
    (
        "command|count",
        Meta::new(
            "server",
            "2.8.13",
            "Returns how many commands the server knows.",
            "O(1)",
        ),
    ),
    (
        "command|docs",
        Meta::new(
            "server",
            "7.0.0",
            "Returns the documentation of the given commands, or of all of them.",
            "O(N), N being the number of commands described.",
        )
        .tips(&["nondeterministic_output_order"])
        .args(&[Arg::string("command-name").optional().multiple()]),
    ),
    (
        "command|getkeys",
        Meta::new(
            "server",
            "2.8.13",
            "Returns the key arguments of a full command line.",
            "O(N), N being the number of arguments of the command line.",
        ),
    ),
    (
        "command|getkeysandflags",
        Meta::new(
            "server",
            "7.0.0",
            "Returns the key arguments of a full command line with their access flags.",
            "O(N), N being the number of arguments of the command line.",
        ),
    ),
    (
        "command|help",
        Meta::new(
            "server",
            "5.0.0",
            "Describes the COMMAND subcommands.",
            "O(1)",
        ),
    ),
    (
        "command|info",
        Meta::new(
            "server",
            "2.8.13",
            "Describes the given commands, or all of them without arguments.",
            "O(N), N being the number of commands described.",
        )
        .history(&[("7.0.0", "Without arguments, describes every command.")])
        .tips(&["nondeterministic_output_order"])
        .args(&[Arg::string("command-name").optional().multiple()]),
    ),
    (
        "command|list",
        Meta::new(
            "server",
            "7.0.0",
            "Lists command names, optionally filtered.",
            "O(N), N being the number of commands.",
        )
        .tips(&["nondeterministic_output_order"])
        .args(&[Arg::oneof(
            "filterby",
            &[
                Arg::string("module-name").token("MODULE"),
                Arg::string("category").token("ACLCAT"),
                Arg::pattern("pattern").token("PATTERN"),
            ],
        )
        .token("FILTERBY")
        .optional()]),
    ),
    (
        "config",
        Meta::new(
            "server",
            "2.0.0",
            "Subcommands that read and change the server configuration.",
            "Varies with the subcommand.",
        ),
    ),
    (
        "config|get",
        Meta::new(
            "server",
            "2.0.0",
            "Returns the configuration parameters matching glob patterns.",
            "O(N), N being the number of parameters requested.",
        )
        .history(&[("7.0.0", "Several patterns may be given.")])
        .args(&[Arg::block("parameter", &[Arg::string("parameter")]).multiple()]),
    ),
    (
        "config|help",
        Meta::new(
            "server",
            "5.0.0",
            "Describes the CONFIG subcommands.",
            "O(1)",
        ),
    ),
    (
        "config|resetstat",
        Meta::new(
            "server",
            "2.0.0",
            "Zeroes the statistics that INFO reports.",
            "O(1)",
        ),
    ),
    (
        "config|set",
        Meta::new(
            "server",
            "2.0.0",
            "Changes configuration parameters at run time.",
            "O(N), N being the number of parameters given.",
        )
        .history(&[("7.0.0", "Several parameters may be set at once.")])
        .tips(&["request_policy:all_nodes", "response_policy:all_succeeded"])
        .args(&[Arg::block(
            "parameter_value",
            &[Arg::string("parameter"), Arg::string("value")],
        )
        .multiple()]),
    ),
    (
        "dbsize",
        Meta::new(
            "server",
            "1.0.0",
            "Returns how many keys the current database holds.",
            "O(1)",
        )
        .tips(&["request_policy:all_shards", "response_policy:agg_sum"]),
    ),
    (
        "flushall",
        Meta::new(
            "server",
            "1.0.0",
            "Deletes every key of every database.",
            "O(N), N being the number of keys across all databases.",
        )
        .history(&[
            ("4.0.0", "Modifier `ASYNC` introduced."),
            ("6.2.0", "Modifier `SYNC` introduced."),
        ])
        .tips(&["request_policy:all_shards", "response_policy:all_succeeded"])
        .args(&[Arg::oneof(
            "async",
            &[
                Arg::pure_token("async", "ASYNC").since("4.0.0"),
                Arg::pure_token("sync", "SYNC").since("6.2.0"),
            ],
        )
        .optional()]),
    ),
    (
        "flushdb",
        Meta::new(
            "server",
            "1.0.0",
            "Deletes every key of the current database.",
            "O(N), N being the number of keys in the database.",
        )
        .history(&[
            ("4.0.0", "Modifier `ASYNC` introduced."),
            ("6.2.0", "Modifier `SYNC` introduced."),
        ])
        .tips(&["request_policy:all_shards", "response_policy:all_succeeded"])
        .args(&[Arg::oneof(
            "async",
            &[
                Arg::pure_token("async", "ASYNC").since("4.0.0"),
                Arg::pure_token("sync", "SYNC").since("6.2.0"),
            ],
        )
        .optional()]),
    ),
    (
        "info",
        Meta::new(
            "server",
            "1.0.0",
            "Reports server information and statistics by section.",
            "O(1)",
        )
        .history(&[("7.0.0", "Several sections may be requested.")])
        .tips(&[
            "nondeterministic_output",
            "request_policy:all_shards",
            "response_policy:special",
        ])
        .args(&[Arg::string("section").optional().multiple()]),
    ),
    (
        "lastsave",
        Meta::new("server", "1.0.0", "Returns the unix time of the last successful snapshot.", "O(1)")
            .tips(&["nondeterministic_output"]),
    ),
    (
        "save",
        Meta::new("server", "1.0.0", "Writes a snapshot of every database to disk, blocking the server meanwhile.", "O(N), N being the number of keys in all databases."),
    ),
    (
        "shutdown",
        Meta::new(
            "server",
            "1.0.0",
            "Stops the server, saving the data first unless told otherwise.",
            "O(N) when saving, N being the number of keys in all databases; O(1) otherwise.",
        )
        .history(&[("7.0.0", "Modifiers `NOW`, `FORCE` and `ABORT` introduced.")])
        .args(&[
            Arg::oneof(
                "nosave_save",
                &[
                    Arg::pure_token("nosave", "NOSAVE"),
                    Arg::pure_token("save", "SAVE"),
                ],
            )
            .optional(),
            Arg::pure_token("now", "NOW").since("7.0.0").optional(),
            Arg::pure_token("force", "FORCE").since("7.0.0").optional(),
            Arg::pure_token("abort", "ABORT").since("7.0.0").optional(),
        ]),
    ),
    (
        "swapdb",
        Meta::new(
            "server",
            "4.0.0",
            "Exchanges the contents of two databases.",
            "O(N), N being the number of clients watching or blocked on keys of either database.",
        )
        .args(&[Arg::integer("index1"), Arg::integer("index2")]),
    ),
    (
        "time",
        Meta::new(
            "server",
            "2.6.0",
            "Returns the server clock as seconds and microseconds.",
            "O(1)",
        )
        .tips(&["nondeterministic_output"]),
    ),
];
