//! Metadata of the hash commands (Redis group `hash`).
//!
//! Sorted by full name. Since, group, arguments, key specs and tips are Redis 7.0's exactly;
//! summaries, complexities and history texts are Spinel's wording. See `commands/meta.rs`.

use super::key_flags::*;
use super::*;

const KEY_ONLY: &[Arg] = &[Arg::key("key", 0)];
const KEY_FIELD: &[Arg] = &[Arg::key("key", 0), Arg::string("field")];
const FIELD_VALUES: &[Arg] = &[
    Arg::key("key", 0),
    Arg::block("field_value", &[Arg::string("field"), Arg::string("value")]).multiple(),
];
const READ: &[KeySpec] = &[ks(RO | ACCESS, index(1), range(0, 1, 0))];
const READ_NO_ACCESS: &[KeySpec] = &[ks(RO, index(1), range(0, 1, 0))];
const INCREMENT: &[KeySpec] = &[ks(RW | ACCESS | UPDATE, index(1), range(0, 1, 0))];

pub(super) static ENTRIES: &[(&str, Meta)] = &[
    (
        "hdel",
        Meta::new("hash", "2.0.0", "Removes fields from a hash; the key goes when its last field does.", "O(N), N being the number of fields named.")
            .history(&[("2.4.0", "Several fields may be removed at once.")])
            .keys(&[ks(RW | DELETE, index(1), range(0, 1, 0))])
            .args(&[Arg::key("key", 0), Arg::string("field").multiple()]),
    ),
    (
        "hexists",
        Meta::new("hash", "2.0.0", "Tells whether a hash has a field.", "O(1)")
            .keys(READ_NO_ACCESS)
            .args(KEY_FIELD),
    ),
    (
        "hget",
        Meta::new("hash", "2.0.0", "Returns the value of one field of a hash.", "O(1)")
            .keys(READ)
            .args(KEY_FIELD),
    ),
    (
        "hgetall",
        Meta::new("hash", "2.0.0", "Returns every field of a hash with its value.", "O(N), N being the number of fields in the hash.")
            .tips(&["nondeterministic_output_order"])
            .keys(READ)
            .args(KEY_ONLY),
    ),
    (
        "hincrby",
        Meta::new("hash", "2.0.0", "Adds an integer amount to the integer held by a hash field, creating the field (and the hash) at 0 if needed.", "O(1)")
            .keys(INCREMENT)
            .args(&[Arg::key("key", 0), Arg::string("field"), Arg::integer("increment")]),
    ),
    (
        "hincrbyfloat",
        Meta::new("hash", "2.6.0", "Adds a floating-point amount to the number held by a hash field, creating the field (and the hash) at 0 if needed.", "O(1)")
            .keys(INCREMENT)
            .args(&[Arg::key("key", 0), Arg::string("field"), Arg::double("increment")]),
    ),
    (
        "hkeys",
        Meta::new("hash", "2.0.0", "Returns the field names of a hash.", "O(N), N being the number of fields in the hash.")
            .tips(&["nondeterministic_output_order"])
            .keys(READ)
            .args(KEY_ONLY),
    ),
    (
        "hlen",
        Meta::new("hash", "2.0.0", "Returns how many fields a hash has.", "O(1)")
            .keys(READ_NO_ACCESS)
            .args(KEY_ONLY),
    ),
    (
        "hmget",
        Meta::new("hash", "2.0.0", "Returns the values of several fields of a hash, null for missing ones.", "O(N), N being the number of fields named.")
            .keys(READ)
            .args(&[Arg::key("key", 0), Arg::string("field").multiple()]),
    ),
    (
        "hmset",
        Meta::new("hash", "2.0.0", "Sets several fields of a hash and replies OK.", "O(N), N being the number of field/value pairs given.")
            .deprecated("4.0.0", "`HSET`, which takes several field/value pairs too")
            .keys(&[ks(RW | UPDATE, index(1), range(0, 1, 0))])
            .args(FIELD_VALUES),
    ),
    (
        "hrandfield",
        Meta::new("hash", "6.2.0", "Returns random fields of a hash, optionally with their values; a negative count allows repeats.", "O(N), N being the number of fields returned.")
            .tips(&["nondeterministic_output"])
            .keys(READ)
            .args(&[
                Arg::key("key", 0),
                Arg::block("options", &[Arg::integer("count"), Arg::pure_token("withvalues", "WITHVALUES").optional()]).optional(),
            ]),
    ),
    (
        "hscan",
        Meta::new("hash", "2.8.0", "Walks the fields and values of a hash a few at a time, with a cursor.", "O(1) per call; O(N) for a complete iteration, N being the number of fields.")
            .tips(&["nondeterministic_output"])
            .keys(READ)
            .args(&[
                Arg::key("key", 0),
                Arg::integer("cursor"),
                Arg::pattern("pattern").token("MATCH").optional(),
                Arg::integer("count").token("COUNT").optional(),
            ]),
    ),
    (
        "hset",
        Meta::new("hash", "2.0.0", "Sets fields of a hash, creating it if needed, and counts the fields that are new.", "O(1) per field/value pair, so O(N) for N pairs.")
            .history(&[("4.0.0", "Several field/value pairs may be given.")])
            .keys(&[ks(RW | UPDATE, index(1), range(0, 1, 0))])
            .args(FIELD_VALUES),
    ),
    (
        "hsetnx",
        Meta::new("hash", "2.0.0", "Sets a field of a hash only if the field does not exist yet.", "O(1)")
            .keys(&[ks(RW | INSERT, index(1), range(0, 1, 0))])
            .args(&[Arg::key("key", 0), Arg::string("field"), Arg::string("value")]),
    ),
    (
        "hstrlen",
        Meta::new("hash", "3.2.0", "Returns the length in bytes of the value of a hash field.", "O(1)")
            .keys(READ_NO_ACCESS)
            .args(KEY_FIELD),
    ),
    (
        "hvals",
        Meta::new("hash", "2.0.0", "Returns the values of a hash.", "O(N), N being the number of fields in the hash.")
            .tips(&["nondeterministic_output_order"])
            .keys(READ)
            .args(KEY_ONLY),
    ),
];
