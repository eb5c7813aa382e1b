//! Metadata of the server commands (Redis group `server`).
//!
//! Sorted by full name. Since, group, arguments, key specs and tips are Redis 7.0's exactly;
//! summaries, complexities and history texts are Spinel's wording. See `commands/meta.rs`.

use super::key_flags::*;
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
        "config|rewrite",
        Meta::new("server", "2.8.0", "Writes the current configuration back to the config file.", "O(1)"),
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
        "debug",
        Meta::new("server", "1.0.0", "Debugging subcommands (enable-debug-command must allow them).", "Varies with the subcommand.")
            .syscmd(),
    ),
    (
        "failover",
        Meta::new("server", "6.2.0", "Hands the master role over to a replica (Spinel has none, so it is refused).", "O(1)")
            .args(&[
                Arg::block("target", &[Arg::string("host"), Arg::integer("port"), Arg::pure_token("force", "FORCE").optional()]).token("TO").optional(),
                Arg::pure_token("abort", "ABORT").optional(),
                Arg::integer("milliseconds").token("TIMEOUT").optional(),
            ]),
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
        "latency",
        Meta::new("server", "2.8.13", "Subcommands that report latency events and histograms.", "Varies with the subcommand."),
    ),
    (
        "latency|doctor",
        Meta::new("server", "2.8.13", "Describes the observed latency events in words.", "O(1)")
            .tips(&["nondeterministic_output", "request_policy:all_nodes", "response_policy:special"]),
    ),
    (
        "latency|graph",
        Meta::new("server", "2.8.13", "Draws one latency event's samples as text.", "O(1)")
            .tips(&["nondeterministic_output", "request_policy:all_nodes", "response_policy:special"])
            .args(&[
                Arg::string("event"),
            ]),
    ),
    (
        "latency|help",
        Meta::new("server", "2.8.13", "Describes the LATENCY subcommands.", "O(1)"),
    ),
    (
        "latency|histogram",
        Meta::new("server", "7.0.0", "Returns per-command latency histograms.", "O(N), N being the number of commands reported.")
            .tips(&["nondeterministic_output", "request_policy:all_nodes", "response_policy:special"])
            .args(&[
                Arg::string("command").optional().multiple(),
            ]),
    ),
    (
        "latency|history",
        Meta::new("server", "2.8.13", "Returns the samples of one latency event.", "O(1)")
            .tips(&["nondeterministic_output", "request_policy:all_nodes", "response_policy:special"])
            .args(&[
                Arg::string("event"),
            ]),
    ),
    (
        "latency|latest",
        Meta::new("server", "2.8.13", "Returns the latest sample of every latency event.", "O(1)")
            .tips(&["nondeterministic_output", "request_policy:all_nodes", "response_policy:special"]),
    ),
    (
        "latency|reset",
        Meta::new("server", "2.8.13", "Forgets the samples of some or all latency events.", "O(1)")
            .tips(&["request_policy:all_nodes", "response_policy:all_succeeded"])
            .args(&[
                Arg::string("event").optional().multiple(),
            ]),
    ),
    (
        "lolwut",
        Meta::new("server", "5.0.0", "Prints the server's version in a friendly way.", "")
            .args(&[
                Arg::integer("version").token("VERSION").optional(),
            ]),
    ),
    (
        "memory",
        Meta::new("server", "4.0.0", "Subcommands that report memory use.", "Varies with the subcommand."),
    ),
    (
        "memory|doctor",
        Meta::new("server", "4.0.0", "Describes memory problems in words.", "O(1)")
            .tips(&["nondeterministic_output", "request_policy:all_shards", "response_policy:special"]),
    ),
    (
        "memory|help",
        Meta::new("server", "4.0.0", "Describes the MEMORY subcommands.", "O(1)"),
    ),
    (
        "memory|malloc-stats",
        Meta::new("server", "4.0.0", "Returns the allocator's statistics, when it has some.", "O(1)")
            .tips(&["nondeterministic_output", "request_policy:all_shards", "response_policy:special"]),
    ),
    (
        "memory|purge",
        Meta::new("server", "4.0.0", "Asks the allocator to give memory back.", "O(1)")
            .tips(&["request_policy:all_shards", "response_policy:all_succeeded"]),
    ),
    (
        "memory|stats",
        Meta::new("server", "4.0.0", "Returns memory use figures of the server.", "O(1)")
            .tips(&["nondeterministic_output", "request_policy:all_shards", "response_policy:special"]),
    ),
    (
        "memory|usage",
        Meta::new("server", "4.0.0", "Returns the bytes a key and its value use.", "O(N), N being the number of elements of the value.")
            .keys(&[ks(RO, index(2), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("count").token("SAMPLES").optional(),
            ]),
    ),
    (
        "module",
        Meta::new("server", "4.0.0", "A container for the module commands; Spinel loads no modules.", "Depends on the subcommand."),
    ),
    (
        "module|help",
        Meta::new("server", "5.0.0", "Lists the MODULE subcommands.", "O(1)"),
    ),
    (
        "module|list",
        Meta::new("server", "4.0.0", "Lists the loaded modules: none in Spinel.", "O(N), N being the number of loaded modules.")
            .tips(&["nondeterministic_output_order"]),
    ),
    (
        "module|load",
        Meta::new("server", "4.0.0", "Loads a module (Spinel cannot: enable-module-command refuses it, or the load fails).", "O(1)")
            .args(&[
                Arg::string("path"),
                Arg::string("arg").optional().multiple(),
            ]),
    ),
    (
        "module|loadex",
        Meta::new("server", "7.0.0", "Loads a module with configuration (Spinel cannot: enable-module-command refuses it, or the load fails).", "O(1)")
            .args(&[
                Arg::string("path"),
                Arg::block("configs", &[Arg::string("name"), Arg::string("value")]).token("CONFIG").optional().multiple().multiple_token(),
                Arg::block("args", &[Arg::string("arg")]).token("ARGS").optional().multiple(),
            ]),
    ),
    (
        "module|unload",
        Meta::new("server", "4.0.0", "Unloads a module (Spinel has none).", "O(1)")
            .args(&[
                Arg::string("name"),
            ]),
    ),
    (
        "monitor",
        Meta::new("server", "1.0.0", "Streams every command the server runs, as it runs.", ""),
    ),
    (
        "psync",
        Meta::new("server", "2.8.0", "An internal command used in replication: starts the (always full) synchronization of a replica.", "")
            .args(&[Arg::string("replicationid"), Arg::integer("offset")]),
    ),
    (
        "replconf",
        Meta::new("server", "3.0.0", "An internal command for configuring the replication stream.", "O(1)").syscmd(),
    ),
    (
        "replicaof",
        Meta::new("server", "5.0.0", "Makes the server a replica of another, or (NO ONE) a master.", "O(1)")
            .args(&[
                Arg::oneof("args", &[Arg::block("host-port", &[Arg::string("host"), Arg::integer("port")]), Arg::block("no-one", &[Arg::pure_token("no", "NO"), Arg::pure_token("one", "ONE")])]),
            ]),
    ),
    (
        "role",
        Meta::new("server", "2.8.12", "Returns the replication role.", "O(1)"),
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
        "slaveof",
        Meta::new("server", "1.0.0", "Makes the server a replica of another, or (NO ONE) a master.", "O(1)")
            .deprecated("5.0.0", "`REPLICAOF`")
            .args(&[
                Arg::oneof("args", &[Arg::block("host-port", &[Arg::string("host"), Arg::integer("port")]), Arg::block("no-one", &[Arg::pure_token("no", "NO"), Arg::pure_token("one", "ONE")])]),
            ]),
    ),
    (
        "slowlog",
        Meta::new("server", "2.2.12", "Subcommands that read and reset the slow log.", "Varies with the subcommand."),
    ),
    (
        "slowlog|get",
        Meta::new("server", "2.2.12", "Returns the slow log's newest entries.", "O(N), N being the number of entries returned.")
            .history(&[("4.0.0", "Entries carry the client's address and name.")])
            .tips(&["request_policy:all_nodes", "nondeterministic_output"])
            .args(&[
                Arg::integer("count").optional(),
            ]),
    ),
    (
        "slowlog|help",
        Meta::new("server", "6.2.0", "Describes the SLOWLOG subcommands.", "O(1)"),
    ),
    (
        "slowlog|len",
        Meta::new("server", "2.2.12", "Returns the number of entries in the slow log.", "O(1)")
            .tips(&["request_policy:all_nodes", "response_policy:agg_sum", "nondeterministic_output"]),
    ),
    (
        "slowlog|reset",
        Meta::new("server", "2.2.12", "Empties the slow log.", "O(N), N being the number of entries.")
            .tips(&["request_policy:all_nodes", "response_policy:all_succeeded"]),
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
        "sync",
        Meta::new("server", "1.0.0", "An internal command used in replication: the keyspace as an RDB, then the stream of writes.", ""),
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
