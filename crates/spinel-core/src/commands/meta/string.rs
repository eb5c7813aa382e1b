//! Metadata of the string commands (Redis group `string`).
//!
//! Sorted by full name. Since, group, arguments, key specs and tips are Redis 7.0's exactly;
//! summaries, complexities and history texts are Spinel's wording. See `commands/meta.rs`.

use super::key_flags::*;
use super::*;

/// SET's key flags depend on `GET`: with it the key is read too (Redis's `setGetKeys`).
fn set_get_keys(argv: &[&[u8]]) -> Vec<KeyRef> {
    let get = argv.iter().skip(3).any(|a| a.eq_ignore_ascii_case(b"get"));
    let flags = if get {
        RW | ACCESS | UPDATE
    } else {
        OW | UPDATE
    };
    alloc::vec![KeyRef { pos: 1, flags }]
}

pub(super) static ENTRIES: &[(&str, Meta)] = &[
    (
        "append",
        Meta::new("string", "2.0.0", "Appends a string to the value at a key, creating it if needed.", "O(1) amortized: the string grows geometrically, so appending a short value costs constant time whatever the current length.")
            .keys(&[ks(RW | INSERT, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("value"),
            ]),
    ),
    (
        "decr",
        Meta::new("string", "1.0.0", "Subtracts one from the integer stored at a key.", "O(1)")
            .keys(&[ks(RW | ACCESS | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
            ]),
    ),
    (
        "decrby",
        Meta::new("string", "1.0.0", "Subtracts an integer amount from the integer stored at a key.", "O(1)")
            .keys(&[ks(RW | ACCESS | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("decrement"),
            ]),
    ),
    (
        "get",
        Meta::new("string", "1.0.0", "Returns the string stored at a key.", "O(1)")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
            ]),
    ),
    (
        "getdel",
        Meta::new("string", "6.2.0", "Returns the string at a key and removes the key.", "O(1)")
            .keys(&[ks(RW | ACCESS | DELETE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
            ]),
    ),
    (
        "getex",
        Meta::new("string", "6.2.0", "Returns the string at a key and can change or clear its expiry.", "O(1)")
            .keys(&[ks(RW | ACCESS | UPDATE, index(1), range(0, 1, 0)).notes("RW and UPDATE because it changes the TTL")])
            .args(&[
                Arg::key("key", 0),
                Arg::oneof("expiration", &[
                    Arg::integer("seconds").token("EX"),
                    Arg::integer("milliseconds").token("PX"),
                    Arg::unix_time("unix-time-seconds").token("EXAT"),
                    Arg::unix_time("unix-time-milliseconds").token("PXAT"),
                    Arg::pure_token("persist", "PERSIST"),
                ]).optional(),
            ]),
    ),
    (
        "getrange",
        Meta::new("string", "2.4.0", "Returns a byte range of the string at a key.", "O(N), N being the length of the returned range; effectively O(1) for short ranges.")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("start"),
                Arg::integer("end"),
            ]),
    ),
    (
        "getset",
        Meta::new("string", "1.0.0", "Replaces the string at a key and returns the previous one.", "O(1)")
            .deprecated("6.2.0", "`SET` with `!GET`")
            .keys(&[ks(RW | ACCESS | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("value"),
            ]),
    ),
    (
        "incr",
        Meta::new("string", "1.0.0", "Adds one to the integer stored at a key.", "O(1)")
            .keys(&[ks(RW | ACCESS | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
            ]),
    ),
    (
        "incrby",
        Meta::new("string", "1.0.0", "Adds an integer amount to the integer stored at a key.", "O(1)")
            .keys(&[ks(RW | ACCESS | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("increment"),
            ]),
    ),
    (
        "incrbyfloat",
        Meta::new("string", "2.6.0", "Adds a floating-point amount to the number stored at a key.", "O(1)")
            .keys(&[ks(RW | ACCESS | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::double("increment"),
            ]),
    ),
    (
        "lcs",
        Meta::new("string", "7.0.0", "Computes the longest common subsequence of the strings at two keys.", "O(N*M), N and M being the lengths of the two strings.")
            .keys(&[ks(RO | ACCESS, index(1), range(1, 1, 0))])
            .args(&[
                Arg::key("key1", 0),
                Arg::key("key2", 0),
                Arg::pure_token("len", "LEN").optional(),
                Arg::pure_token("idx", "IDX").optional(),
                Arg::integer("len").token("MINMATCHLEN").optional(),
                Arg::pure_token("withmatchlen", "WITHMATCHLEN").optional(),
            ]),
    ),
    (
        "mget",
        Meta::new("string", "1.0.0", "Returns the strings stored at several keys.", "O(N), N being the number of keys requested.")
            .tips(&["request_policy:multi_shard"])
            .keys(&[ks(RO | ACCESS, index(1), range(-1, 1, 0))])
            .args(&[
                Arg::key("key", 0).multiple(),
            ]),
    ),
    (
        "mset",
        Meta::new("string", "1.0.1", "Stores several strings at several keys at once.", "O(N), N being the number of keys written.")
            .tips(&["request_policy:multi_shard", "response_policy:all_succeeded"])
            .keys(&[ks(OW | UPDATE, index(1), range(-1, 2, 0))])
            .args(&[
                Arg::block("key_value", &[
                    Arg::key("key", 0),
                    Arg::string("value"),
                ]).multiple(),
            ]),
    ),
    (
        "msetnx",
        Meta::new("string", "1.0.1", "Stores several strings at several keys at once, only when none of the keys exists.", "O(N), N being the number of keys written.")
            .tips(&["request_policy:multi_shard", "response_policy:agg_min"])
            .keys(&[ks(OW | INSERT, index(1), range(-1, 2, 0))])
            .args(&[
                Arg::block("key_value", &[
                    Arg::key("key", 0),
                    Arg::string("value"),
                ]).multiple(),
            ]),
    ),
    (
        "psetex",
        Meta::new("string", "2.6.0", "Stores a string at a key with a time to live in milliseconds.", "O(1)")
            .keys(&[ks(OW | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("milliseconds"),
                Arg::string("value"),
            ]),
    ),
    (
        "set",
        Meta::new("string", "1.0.0", "Stores a string at a key, optionally with an expiry and conditions.", "O(1)")
            .history(&[("2.6.12", "Options `EX`, `PX`, `NX` and `XX` introduced."), ("6.0.0", "Option `KEEPTTL` introduced."), ("6.2.0", "Options `GET`, `EXAT` and `PXAT` introduced."), ("7.0.0", "`NX` may be combined with `GET`.")])
            .keys(&[ks(RW | ACCESS | UPDATE | VARIABLE_FLAGS, index(1), range(0, 1, 0)).notes("RW and ACCESS due to the optional `GET` argument")])
            .get_keys(set_get_keys)
            .args(&[
                Arg::key("key", 0),
                Arg::string("value"),
                Arg::oneof("condition", &[
                    Arg::pure_token("nx", "NX"),
                    Arg::pure_token("xx", "XX"),
                ]).since("2.6.12").optional(),
                Arg::pure_token("get", "GET").since("6.2.0").optional(),
                Arg::oneof("expiration", &[
                    Arg::integer("seconds").token("EX").since("2.6.12"),
                    Arg::integer("milliseconds").token("PX").since("2.6.12"),
                    Arg::unix_time("unix-time-seconds").token("EXAT").since("6.2.0"),
                    Arg::unix_time("unix-time-milliseconds").token("PXAT").since("6.2.0"),
                    Arg::pure_token("keepttl", "KEEPTTL").since("6.0.0"),
                ]).optional(),
            ]),
    ),
    (
        "setex",
        Meta::new("string", "2.0.0", "Stores a string at a key with a time to live in seconds.", "O(1)")
            .keys(&[ks(OW | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("seconds"),
                Arg::string("value"),
            ]),
    ),
    (
        "setnx",
        Meta::new("string", "1.0.0", "Stores a string at a key unless the key already exists.", "O(1)")
            .keys(&[ks(OW | INSERT, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("value"),
            ]),
    ),
    (
        "setrange",
        Meta::new("string", "2.2.0", "Overwrites part of the string at a key, starting at a byte offset.", "O(1) plus the cost of copying the new bytes, O(M) with M the length of the value when it is large.")
            .keys(&[ks(RW | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("offset"),
                Arg::string("value"),
            ]),
    ),
    (
        "strlen",
        Meta::new("string", "2.2.0", "Returns the length in bytes of the string at a key.", "O(1)")
            .keys(&[ks(RO, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
            ]),
    ),
    (
        "substr",
        Meta::new("string", "1.0.0", "Returns a byte range of the string at a key (old name of GETRANGE).", "O(N), N being the length of the returned range; effectively O(1) for short ranges.")
            .deprecated("2.0.0", "`GETRANGE`")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("start"),
                Arg::integer("end"),
            ]),
    ),
];
