//! Metadata of the keyspace and expiry commands (Redis group `generic`).
//!
//! Sorted by full name. Since, group, arguments, key specs and tips are Redis 7.0's exactly;
//! summaries, complexities and history texts are Spinel's wording. See `commands/meta.rs`.

use super::key_flags::*;
use super::*;

#[cfg(feature = "server")]
/// MIGRATE's keys (Redis's migrateGetKeys): the key argument, or those after KEYS (skipping
/// AUTH's and AUTH2's arguments on the way); none when KEYS comes with a non-empty key.
fn migrate_get_keys(argv: &[&[u8]]) -> Vec<KeyRef> {
    let (mut first, mut num) = (3usize, 1usize);
    let mut i = 6;
    while i < argv.len() {
        let a = argv[i];
        if a.eq_ignore_ascii_case(b"keys") {
            if !argv[3].is_empty() {
                return Vec::new();
            }
            first = i + 1;
            num = argv.len() - first;
            break;
        } else if a.eq_ignore_ascii_case(b"auth") {
            i += 1;
        } else if a.eq_ignore_ascii_case(b"auth2") {
            i += 2;
        }
        i += 1;
    }
    (first..first + num).filter(|&pos| pos < argv.len()).map(|pos| KeyRef { pos, flags: RW | ACCESS | DELETE }).collect()
}

/// Redis's `sortGetKeys`: the sorted key, and the last `STORE` destination (skipping the
/// arguments of LIMIT, GET and BY).
fn sort_get_keys(argv: &[&[u8]]) -> Vec<KeyRef> {
    let mut keys = Vec::new();
    if argv.len() < 2 {
        return keys;
    }
    keys.push(KeyRef { pos: 1, flags: RO | ACCESS });
    let mut store = None;
    let mut i = 2;
    while i < argv.len() {
        let a = argv[i];
        if a.eq_ignore_ascii_case(b"limit") {
            i += 2;
        } else if a.eq_ignore_ascii_case(b"get") || a.eq_ignore_ascii_case(b"by") {
            i += 1;
        } else if a.eq_ignore_ascii_case(b"store") && i + 1 < argv.len() {
            store = Some(i + 1);
        }
        i += 1;
    }
    if let Some(pos) = store {
        keys.push(KeyRef { pos, flags: OW | UPDATE });
    }
    keys
}

/// SORT_RO's keys: only the sorted key.
fn sort_ro_get_keys(argv: &[&[u8]]) -> Vec<KeyRef> {
    if argv.len() < 2 {
        return Vec::new();
    }
    alloc::vec![KeyRef { pos: 1, flags: RO | ACCESS }]
}

pub(super) static ENTRIES: &[(&str, Meta)] = &[
    (
        "copy",
        Meta::new("generic", "6.2.0", "Duplicates the value of a key under another key.", "O(N) for collections, N being the number of nested elements; O(1) for strings.")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0)), ks(OW | UPDATE, index(2), range(0, 1, 0))])
            .args(&[
                Arg::key("source", 0),
                Arg::key("destination", 1),
                Arg::integer("destination-db").token("DB").optional(),
                Arg::pure_token("replace", "REPLACE").optional(),
            ]),
    ),
    (
        "del",
        Meta::new("generic", "1.0.0", "Removes keys.", "O(N) in the number of keys; removing a collection costs O(M) in its number of elements, a string O(1).")
            .tips(&["request_policy:multi_shard", "response_policy:agg_sum"])
            .keys(&[ks(RM | DELETE, index(1), range(-1, 1, 0))])
            .args(&[
                Arg::key("key", 0).multiple(),
            ]),
    ),
    (
        "dump",
        Meta::new("generic", "2.6.0", "Returns the value of a key serialized in Redis's format (RDB encoding, version, CRC-64).", "O(1) to find the key, O(N*M) to serialize N elements of average size M.")
            .tips(&["nondeterministic_output"])
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
            ]),
    ),
    (
        "exists",
        Meta::new("generic", "1.0.0", "Counts how many of the given keys exist.", "O(N), N being the number of keys checked.")
            .history(&[("3.0.3", "Several keys may be given.")])
            .tips(&["request_policy:multi_shard", "response_policy:agg_sum"])
            .keys(&[ks(RO, index(1), range(-1, 1, 0))])
            .args(&[
                Arg::key("key", 0).multiple(),
            ]),
    ),
    (
        "expire",
        Meta::new("generic", "1.0.0", "Gives a key a time to live in seconds.", "O(1)")
            .history(&[("7.0.0", "Conditions `NX`, `XX`, `GT` and `LT` introduced.")])
            .keys(&[ks(RW | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("seconds"),
                Arg::oneof("condition", &[
                    Arg::pure_token("nx", "NX"),
                    Arg::pure_token("xx", "XX"),
                    Arg::pure_token("gt", "GT"),
                    Arg::pure_token("lt", "LT"),
                ]).since("7.0.0").optional(),
            ]),
    ),
    (
        "expireat",
        Meta::new("generic", "1.2.0", "Makes a key expire at a Unix time in seconds.", "O(1)")
            .history(&[("7.0.0", "Conditions `NX`, `XX`, `GT` and `LT` introduced.")])
            .keys(&[ks(RW | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::unix_time("unix-time-seconds"),
                Arg::oneof("condition", &[
                    Arg::pure_token("nx", "NX"),
                    Arg::pure_token("xx", "XX"),
                    Arg::pure_token("gt", "GT"),
                    Arg::pure_token("lt", "LT"),
                ]).since("7.0.0").optional(),
            ]),
    ),
    (
        "expiretime",
        Meta::new("generic", "7.0.0", "Returns the Unix time in seconds at which a key expires.", "O(1)")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
            ]),
    ),
    (
        "keys",
        Meta::new("generic", "1.0.0", "Lists the keys whose names match a glob pattern.", "O(N), N being the number of keys in the database (names and pattern assumed short).")
            .tips(&["request_policy:all_shards", "nondeterministic_output_order"])
            .args(&[
                Arg::pattern("pattern"),
            ]),
    ),
    #[cfg(feature = "server")]
    (
        "migrate",
        Meta::new("generic", "2.6.0", "Moves keys to another server (RESTORE of their DUMP payloads), deleting them here unless COPY.", "O(N) to serialize the values and the same on the target to restore them.")
            .history(&[("3.0.0", "Added the `COPY` and `REPLACE` options."), ("3.0.6", "Added the `KEYS` option."), ("4.0.7", "Added the `AUTH` option."), ("6.0.0", "Added the `AUTH2` option.")])
            .tips(&["nondeterministic_output"])
            .keys(&[ks(RW | ACCESS | DELETE, index(3), range(0, 1, 0)), ks(RW | ACCESS | DELETE | INCOMPLETE, keyword("KEYS", -2), range(-1, 1, 0))])
            .get_keys(migrate_get_keys)
            .args(&[
                Arg::string("host"),
                Arg::integer("port"),
                Arg::oneof("key_or_empty_string", &[Arg::key("key", 0), Arg::pure_token("empty_string", "")]),
                Arg::integer("destination-db"),
                Arg::integer("timeout"),
                Arg::pure_token("copy", "COPY").since("3.0.0").optional(),
                Arg::pure_token("replace", "REPLACE").since("3.0.0").optional(),
                Arg::oneof("authentication", &[Arg::string("password").token("AUTH").since("4.0.7").optional(), Arg::block("username_password", &[Arg::string("username"), Arg::string("password")]).token("AUTH2").since("6.0.0").optional()]).optional(),
                Arg::key("key", 1).token("KEYS").since("3.0.6").optional().multiple(),
            ]),
    ),
    (
        "move",
        Meta::new("generic", "1.0.0", "Moves a key to another database.", "O(1)")
            .keys(&[ks(RW | ACCESS | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("db"),
            ]),
    ),
    (
        "object",
        Meta::new("generic", "2.2.3", "Subcommands that inspect how a value is stored.", "Varies with the subcommand."),
    ),
    (
        "object|encoding",
        Meta::new("generic", "2.2.3", "Returns the internal representation of the value at a key.", "O(1)")
            .tips(&["nondeterministic_output"])
            .keys(&[ks(RO, index(2), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
            ]),
    ),
    (
        "object|freq",
        Meta::new("generic", "4.0.0", "Returns the logarithmic access-frequency counter of a key (LFU policies).", "O(1)")
            .tips(&["nondeterministic_output"])
            .keys(&[ks(RO, index(2), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
            ]),
    ),
    (
        "object|help",
        Meta::new("generic", "6.2.0", "Describes the OBJECT subcommands.", "O(1)"),
    ),
    (
        "object|idletime",
        Meta::new("generic", "2.2.3", "Returns the seconds since the value at a key was last read or written.", "O(1)")
            .tips(&["nondeterministic_output"])
            .keys(&[ks(RO, index(2), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
            ]),
    ),
    (
        "object|refcount",
        Meta::new("generic", "2.2.3", "Returns the reference count of the value at a key.", "O(1)")
            .tips(&["nondeterministic_output"])
            .keys(&[ks(RO, index(2), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
            ]),
    ),
    (
        "persist",
        Meta::new("generic", "2.2.0", "Clears the expiry of a key.", "O(1)")
            .keys(&[ks(RW | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
            ]),
    ),
    (
        "pexpire",
        Meta::new("generic", "2.6.0", "Gives a key a time to live in milliseconds.", "O(1)")
            .history(&[("7.0.0", "Conditions `NX`, `XX`, `GT` and `LT` introduced.")])
            .keys(&[ks(RW | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("milliseconds"),
                Arg::oneof("condition", &[
                    Arg::pure_token("nx", "NX"),
                    Arg::pure_token("xx", "XX"),
                    Arg::pure_token("gt", "GT"),
                    Arg::pure_token("lt", "LT"),
                ]).since("7.0.0").optional(),
            ]),
    ),
    (
        "pexpireat",
        Meta::new("generic", "2.6.0", "Makes a key expire at a Unix time in milliseconds.", "O(1)")
            .history(&[("7.0.0", "Conditions `NX`, `XX`, `GT` and `LT` introduced.")])
            .keys(&[ks(RW | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::unix_time("unix-time-milliseconds"),
                Arg::oneof("condition", &[
                    Arg::pure_token("nx", "NX"),
                    Arg::pure_token("xx", "XX"),
                    Arg::pure_token("gt", "GT"),
                    Arg::pure_token("lt", "LT"),
                ]).since("7.0.0").optional(),
            ]),
    ),
    (
        "pexpiretime",
        Meta::new("generic", "7.0.0", "Returns the Unix time in milliseconds at which a key expires.", "O(1)")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
            ]),
    ),
    (
        "pttl",
        Meta::new("generic", "2.6.0", "Returns the remaining time to live of a key in milliseconds.", "O(1)")
            .history(&[("2.8.0", "A missing key replies -2.")])
            .tips(&["nondeterministic_output"])
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
            ]),
    ),
    (
        "randomkey",
        Meta::new("generic", "1.0.0", "Returns the name of a key picked at random.", "O(1)")
            .tips(&["request_policy:all_shards", "nondeterministic_output"]),
    ),
    (
        "rename",
        Meta::new("generic", "1.0.0", "Gives a key a new name, replacing any key of that name.", "O(1)")
            .keys(&[ks(RW | ACCESS | DELETE, index(1), range(0, 1, 0)), ks(OW | UPDATE, index(2), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::key("newkey", 1),
            ]),
    ),
    (
        "renamenx",
        Meta::new("generic", "1.0.0", "Gives a key a new name unless that name is taken.", "O(1)")
            .history(&[("3.2.0", "Renaming a key to its own name is no longer an error.")])
            .keys(&[ks(RW | ACCESS | DELETE, index(1), range(0, 1, 0)), ks(OW | INSERT, index(2), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::key("newkey", 1),
            ]),
    ),
    (
        "restore",
        Meta::new("generic", "2.6.0", "Creates a key from a DUMP payload.", "O(1) to create the key, O(N*M) to deserialize N elements of average size M (O(N*M*log(N)) for sorted sets).")
            .history(&[("3.0.0", "`REPLACE` option."), ("5.0.0", "`ABSTTL` option."), ("5.0.0", "`IDLETIME` and `FREQ` options.")])
            .keys(&[ks(OW | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("ttl"),
                Arg::string("serialized-value"),
                Arg::pure_token("replace", "REPLACE").since("3.0.0").optional(),
                Arg::pure_token("absttl", "ABSTTL").since("5.0.0").optional(),
                Arg::integer("seconds").token("IDLETIME").since("5.0.0").optional(),
                Arg::integer("frequency").token("FREQ").since("5.0.0").optional(),
            ]),
    ),
    (
        "scan",
        Meta::new("generic", "2.8.0", "Walks the keyspace a batch at a time with a cursor.", "O(1) per call; O(N) for a full walk back to cursor 0, N being the number of keys.")
            .history(&[("6.0.0", "Option `TYPE` introduced.")])
            .tips(&["nondeterministic_output", "request_policy:special"])
            .args(&[
                Arg::integer("cursor"),
                Arg::pattern("pattern").token("MATCH").optional(),
                Arg::integer("count").token("COUNT").optional(),
                Arg::string("type").token("TYPE").since("6.0.0").optional(),
            ]),
    ),
    (
        "sort",
        Meta::new("generic", "1.0.0", "Sorts the elements of a list, set or sorted set, optionally by external keys, and returns or stores them.", "O(N+M*log(M)), N being the number of elements of the source and M the number returned; O(N) without sorting.")
            .keys(&[
                ks(RO | ACCESS, index(1), range(0, 1, 0)),
                ks(RO | ACCESS, BeginSearch::Unknown, FindKeys::Unknown).notes("For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort"),
                ks(OW | UPDATE, BeginSearch::Unknown, FindKeys::Unknown).notes("For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array"),
            ])
            .get_keys(sort_get_keys)
            .args(&[
                Arg::key("key", 0),
                // Redis gives these patterns key_spec_index 1; Spinel's Arg keeps -1 for non-keys.
                Arg::pattern("pattern").token("BY").optional(),
                Arg::block("offset_count", &[Arg::integer("offset"), Arg::integer("count")]).token("LIMIT").optional(),
                Arg::pattern("pattern").token("GET").optional().multiple().multiple_token(),
                Arg::oneof("order", &[
                    Arg::pure_token("asc", "ASC"),
                    Arg::pure_token("desc", "DESC"),
                ]).optional(),
                Arg::pure_token("sorting", "ALPHA").optional(),
                Arg::key("destination", 2).token("STORE").optional(),
            ]),
    ),
    (
        "sort_ro",
        Meta::new("generic", "7.0.0", "Sorts the elements of a list, set or sorted set and returns them; the read-only form of SORT.", "O(N+M*log(M)), N being the number of elements of the source and M the number returned; O(N) without sorting.")
            .keys(&[
                ks(RO | ACCESS, index(1), range(0, 1, 0)),
                ks(RO | ACCESS, BeginSearch::Unknown, FindKeys::Unknown).notes("For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort"),
            ])
            .get_keys(sort_ro_get_keys)
            .args(&[
                Arg::key("key", 0),
                // Redis gives these patterns key_spec_index 1; Spinel's Arg keeps -1 for non-keys.
                Arg::pattern("pattern").token("BY").optional(),
                Arg::block("offset_count", &[Arg::integer("offset"), Arg::integer("count")]).token("LIMIT").optional(),
                Arg::pattern("pattern").token("GET").optional().multiple().multiple_token(),
                Arg::oneof("order", &[
                    Arg::pure_token("asc", "ASC"),
                    Arg::pure_token("desc", "DESC"),
                ]).optional(),
                Arg::pure_token("sorting", "ALPHA").optional(),
            ]),
    ),
    (
        "touch",
        Meta::new("generic", "3.2.1", "Updates the access time of keys and counts those that exist.", "O(N), N being the number of keys given.")
            .tips(&["request_policy:multi_shard", "response_policy:agg_sum"])
            .keys(&[ks(RO, index(1), range(-1, 1, 0))])
            .args(&[
                Arg::key("key", 0).multiple(),
            ]),
    ),
    (
        "ttl",
        Meta::new("generic", "1.0.0", "Returns the remaining time to live of a key in seconds.", "O(1)")
            .history(&[("2.8.0", "A missing key replies -2.")])
            .tips(&["nondeterministic_output"])
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
            ]),
    ),
    (
        "type",
        Meta::new("generic", "1.0.0", "Returns the type of the value at a key.", "O(1)")
            .keys(&[ks(RO, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
            ]),
    ),
    (
        "unlink",
        Meta::new("generic", "4.0.0", "Removes keys, reclaiming the memory of large values lazily.", "O(1) per key at call time; freeing a large value costs O(N) in its number of allocations, done later.")
            .tips(&["request_policy:multi_shard", "response_policy:agg_sum"])
            .keys(&[ks(RM | DELETE, index(1), range(-1, 1, 0))])
            .args(&[
                Arg::key("key", 0).multiple(),
            ]),
    ),
    (
        "wait",
        Meta::new("generic", "3.0.0", "Waits for replicas to acknowledge writes (there are none: answers 0).", "O(1)")
            .tips(&["request_policy:all_shards", "response_policy:agg_min"])
            .args(&[
                Arg::integer("numreplicas"),
                Arg::integer("timeout"),
            ]),
    ),
];
