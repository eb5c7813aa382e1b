//! Metadata of the stream commands (Redis group `stream`).
//!
//! Sorted by full name. Since, group, arguments, key specs and tips are Redis 7.0's exactly;
//! summaries, complexities and history texts are Spinel's wording. See `commands/meta.rs`.

use super::key_flags::*;
use super::*;

/// XADD/XTRIM's trimming block.
const TRIM_ARGS: &[Arg] = &[
    Arg::oneof(
        "strategy",
        &[
            Arg::pure_token("maxlen", "MAXLEN"),
            Arg::pure_token("minid", "MINID").since("6.2.0"),
        ],
    ),
    Arg::oneof(
        "operator",
        &[
            Arg::pure_token("equal", "="),
            Arg::pure_token("approximately", "~"),
        ],
    )
    .optional(),
    Arg::string("threshold"),
    Arg::integer("count")
        .token("LIMIT")
        .since("6.2.0")
        .optional(),
];

/// XREAD/XREADGROUP's STREAMS block.
const STREAMS_ARGS: &[Arg] = &[Arg::key("key", 0).multiple(), Arg::string("id").multiple()];

pub(super) static ENTRIES: &[(&str, Meta)] = &[
    (
        "xack",
        Meta::new("stream", "5.0.0", "Acknowledges entries of a consumer group, removing them from its pending entries list.", "O(1) per ID.")
            .keys(&[ks(RW | UPDATE, index(1), range(0, 1, 0))])
            .args(&[Arg::key("key", 0), Arg::string("group"), Arg::string("id").multiple()]),
    ),
    (
        "xadd",
        Meta::new("stream", "5.0.0", "Appends an entry to a stream, creating the stream if needed.", "O(1) to append; trimming adds O(N) for the N entries it removes.")
            .history(&[("6.2.0", "NOMKSTREAM, the MINID strategy and LIMIT were added."), ("7.0.0", "IDs of the form `<ms>-*` were added.")])
            .tips(&["nondeterministic_output"])
            .keys(&[ks(RW | UPDATE, index(1), range(0, 1, 0)).notes("UPDATE instead of INSERT because of the optional trimming feature")])
            .args(&[
                Arg::key("key", 0),
                Arg::pure_token("nomkstream", "NOMKSTREAM").since("6.2.0").optional(),
                Arg::block("trim", TRIM_ARGS).optional(),
                Arg::oneof("id_or_auto", &[Arg::pure_token("auto_id", "*"), Arg::string("id")]),
                Arg::block("field_value", &[Arg::string("field"), Arg::string("value")]).multiple(),
            ]),
    ),
    (
        "xautoclaim",
        Meta::new("stream", "6.2.0", "Transfers to a consumer the pending entries idle for long enough, scanning the PEL from a cursor.", "O(1) when COUNT is small.")
            .history(&[("7.0.0", "The reply gained a third element: the IDs of deleted entries dropped from the PEL.")])
            .tips(&["nondeterministic_output"])
            .keys(&[ks(RW | DELETE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("group"),
                Arg::string("consumer"),
                Arg::string("min-idle-time"),
                Arg::string("start"),
                Arg::integer("count").token("COUNT").optional(),
                Arg::pure_token("justid", "JUSTID").optional(),
            ]),
    ),
    (
        "xclaim",
        Meta::new("stream", "5.0.0", "Transfers pending entries to a consumer, as if they had been delivered to it.", "O(log N) per ID, N being the size of the group's PEL.")
            .tips(&["nondeterministic_output"])
            .keys(&[ks(RW | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("group"),
                Arg::string("consumer"),
                Arg::string("min-idle-time"),
                Arg::string("id").multiple(),
                Arg::integer("ms").token("IDLE").optional(),
                Arg::unix_time("unix-time-milliseconds").token("TIME").optional(),
                Arg::integer("count").token("RETRYCOUNT").optional(),
                Arg::pure_token("force", "FORCE").optional(),
                Arg::pure_token("justid", "JUSTID").optional(),
                Arg::string("id").token("LASTID").optional(),
            ]),
    ),
    (
        "xdel",
        Meta::new("stream", "5.0.0", "Deletes entries from a stream and returns how many existed.", "O(1) per ID, whatever the stream's size.")
            .keys(&[ks(RW | DELETE, index(1), range(0, 1, 0))])
            .args(&[Arg::key("key", 0), Arg::string("id").multiple()]),
    ),
    ("xgroup", Meta::new("stream", "5.0.0", "Subcommands that manage consumer groups.", "Varies with the subcommand.")),
    (
        "xgroup|create",
        Meta::new("stream", "5.0.0", "Creates a consumer group.", "O(1)")
            .history(&[("7.0.0", "The ENTRIESREAD argument was added.")])
            .keys(&[ks(RW | INSERT, index(2), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("groupname"),
                Arg::oneof("id", &[Arg::string("id"), Arg::pure_token("new_id", "$")]),
                Arg::pure_token("mkstream", "MKSTREAM").optional(),
                Arg::integer("entries_read").token("ENTRIESREAD").optional(),
            ]),
    ),
    (
        "xgroup|createconsumer",
        Meta::new("stream", "6.2.0", "Creates a consumer in a consumer group.", "O(1)")
            .keys(&[ks(RW | INSERT, index(2), range(0, 1, 0))])
            .args(&[Arg::key("key", 0), Arg::string("groupname"), Arg::string("consumername")]),
    ),
    (
        "xgroup|delconsumer",
        Meta::new("stream", "5.0.0", "Deletes a consumer from a consumer group, with its pending entries.", "O(1)")
            .keys(&[ks(RW | DELETE, index(2), range(0, 1, 0))])
            .args(&[Arg::key("key", 0), Arg::string("groupname"), Arg::string("consumername")]),
    ),
    (
        "xgroup|destroy",
        Meta::new("stream", "5.0.0", "Deletes a consumer group.", "O(N), N being the number of entries in the group's PEL.")
            .keys(&[ks(RW | DELETE, index(2), range(0, 1, 0))])
            .args(&[Arg::key("key", 0), Arg::string("groupname")]),
    ),
    ("xgroup|help", Meta::new("stream", "5.0.0", "Lists the XGROUP subcommands.", "O(1)")),
    (
        "xgroup|setid",
        Meta::new("stream", "5.0.0", "Moves a consumer group's last delivered ID.", "O(1)")
            .history(&[("7.0.0", "The ENTRIESREAD argument was added.")])
            .keys(&[ks(RW | UPDATE, index(2), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("groupname"),
                Arg::oneof("id", &[Arg::string("id"), Arg::pure_token("new_id", "$")]),
                Arg::integer("entries_read").token("ENTRIESREAD").optional(),
            ]),
    ),
    ("xinfo", Meta::new("stream", "5.0.0", "Subcommands that describe streams, groups and consumers.", "Varies with the subcommand.")),
    (
        "xinfo|consumers",
        Meta::new("stream", "5.0.0", "Lists the consumers of a consumer group.", "O(1)")
            .tips(&["nondeterministic_output"])
            .keys(&[ks(RO | ACCESS, index(2), range(0, 1, 0))])
            .args(&[Arg::key("key", 0), Arg::string("groupname")]),
    ),
    (
        "xinfo|groups",
        Meta::new("stream", "5.0.0", "Lists the consumer groups of a stream.", "O(1)")
            .history(&[("7.0.0", "The entries-read and lag fields were added.")])
            .keys(&[ks(RO | ACCESS, index(2), range(0, 1, 0))])
            .args(&[Arg::key("key", 0)]),
    ),
    ("xinfo|help", Meta::new("stream", "5.0.0", "Lists the XINFO subcommands.", "O(1)")),
    (
        "xinfo|stream",
        Meta::new("stream", "5.0.0", "Describes a stream, or with FULL dumps its entries, groups and consumers.", "O(1); FULL is O(N) in what it returns.")
            .history(&[
                ("6.0.0", "The FULL modifier was added."),
                ("7.0.0", "The max-deleted-entry-id, entries-added, recorded-first-entry-id, entries-read and lag fields were added."),
            ])
            .keys(&[ks(RO | ACCESS, index(2), range(0, 1, 0))])
            .args(&[Arg::key("key", 0), Arg::block("full", &[Arg::integer("count").token("COUNT").optional()]).token("FULL").optional()]),
    ),
    (
        "xlen",
        Meta::new("stream", "5.0.0", "Returns the number of entries in a stream.", "O(1)")
            .keys(&[ks(RO, index(1), range(0, 1, 0))])
            .args(&[Arg::key("key", 0)]),
    ),
    (
        "xpending",
        Meta::new("stream", "5.0.0", "Summarizes or lists the entries a consumer group delivered and nobody acknowledged yet.", "O(N) in the entries returned (O(M) in the entries scanned with IDLE); the summary is O(1) plus one step per consumer.")
            .history(&[("6.2.0", "IDLE and exclusive ranges were added.")])
            .tips(&["nondeterministic_output"])
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("group"),
                Arg::block(
                    "filters",
                    &[
                        Arg::integer("min-idle-time").token("IDLE").since("6.2.0").optional(),
                        Arg::string("start"),
                        Arg::string("end"),
                        Arg::integer("count"),
                        Arg::string("consumer").optional(),
                    ],
                )
                .optional(),
            ]),
    ),
    (
        "xrange",
        Meta::new("stream", "5.0.0", "Returns the entries of a stream between two IDs.", "O(N) in the entries returned; O(log N) to find the start.")
            .history(&[("6.2.0", "Exclusive ranges were added.")])
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[Arg::key("key", 0), Arg::string("start"), Arg::string("end"), Arg::integer("count").token("COUNT").optional()]),
    ),
    (
        "xread",
        Meta::new("stream", "5.0.0", "Returns entries after given IDs from one or more streams, optionally waiting for new ones.", "O(N) per stream in the entries returned; a waiting client costs the writer O(1) to wake.")
            .keys(&[ks(RO | ACCESS, keyword("STREAMS", 1), range(-1, 1, 2))])
            .args(&[
                Arg::integer("count").token("COUNT").optional(),
                Arg::integer("milliseconds").token("BLOCK").optional(),
                Arg::block("streams", STREAMS_ARGS).token("STREAMS"),
            ]),
    ),
    (
        "xreadgroup",
        Meta::new("stream", "5.0.0", "Reads new entries for a consumer of a group (or its own pending history), optionally waiting for new ones.", "O(M) per stream in the entries returned; a waiting client costs the writer O(1) to wake.")
            .keys(&[ks(RO | ACCESS, keyword("STREAMS", 4), range(-1, 1, 2))])
            .args(&[
                Arg::block("group_consumer", &[Arg::string("group"), Arg::string("consumer")]).token("GROUP"),
                Arg::integer("count").token("COUNT").optional(),
                Arg::integer("milliseconds").token("BLOCK").optional(),
                Arg::pure_token("noack", "NOACK").optional(),
                Arg::block("streams", STREAMS_ARGS).token("STREAMS"),
            ]),
    ),
    (
        "xrevrange",
        Meta::new("stream", "5.0.0", "Returns the entries of a stream between two IDs, newest first.", "O(N) in the entries returned; O(log N) to find the end.")
            .history(&[("6.2.0", "Exclusive ranges were added.")])
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[Arg::key("key", 0), Arg::string("end"), Arg::string("start"), Arg::integer("count").token("COUNT").optional()]),
    ),
    (
        "xsetid",
        Meta::new("stream", "5.0.0", "Sets a stream's last ID and counters (used to replicate streams).", "O(1)")
            .history(&[("7.0.0", "ENTRIESADDED and MAXDELETEDID were added.")])
            .keys(&[ks(RW | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("last-id"),
                Arg::integer("entries_added").token("ENTRIESADDED").since("7.0.0").optional(),
                Arg::string("max_deleted_entry_id").token("MAXDELETEDID").since("7.0.0").optional(),
            ]),
    ),
    (
        "xtrim",
        Meta::new("stream", "5.0.0", "Removes the oldest entries of a stream, by count or by ID, exactly or (with ~) by whole nodes.", "O(N) in the entries removed, cheap per entry since whole nodes go at once.")
            .history(&[("6.2.0", "The MINID strategy and LIMIT were added.")])
            .tips(&["nondeterministic_output"])
            .keys(&[ks(RW | DELETE, index(1), range(0, 1, 0))])
            .args(&[Arg::key("key", 0), Arg::block("trim", TRIM_ARGS)]),
    ),
];
