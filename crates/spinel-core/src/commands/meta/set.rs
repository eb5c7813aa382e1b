//! Metadata of the set commands (Redis group `set`).
//!
//! Sorted by full name. Since, group, arguments, key specs and tips are Redis 7.0's exactly;
//! summaries, complexities and history texts are Spinel's wording. See `commands/meta.rs`.

use super::key_flags::*;
use super::*;

const KEY_MEMBER: &[Arg] = &[Arg::key("key", 0), Arg::string("member")];
const KEY_MEMBERS: &[Arg] = &[Arg::key("key", 0), Arg::string("member").multiple()];
const KEYS: &[Arg] = &[Arg::key("key", 0).multiple()];
const DEST_KEYS: &[Arg] = &[Arg::key("destination", 0), Arg::key("key", 1).multiple()];
const READ: &[KeySpec] = &[ks(RO | ACCESS, index(1), range(0, 1, 0))];
const READ_NO_ACCESS: &[KeySpec] = &[ks(RO, index(1), range(0, 1, 0))];
const READ_ALL: &[KeySpec] = &[ks(RO | ACCESS, index(1), range(-1, 1, 0))];
const STORE_OW: &[KeySpec] = &[
    ks(OW | UPDATE, index(1), range(0, 1, 0)),
    ks(RO | ACCESS, index(2), range(-1, 1, 0)),
];
const MANY_MEMBERS: &[(&str, &str)] = &[("2.4.0", "Several members may be given at once.")];

pub(super) static ENTRIES: &[(&str, Meta)] = &[
    (
        "sadd",
        Meta::new("set", "1.0.0", "Adds members to a set, creating it if needed, and counts the ones that are new.", "O(1) per member, so O(N) for N members.")
            .history(MANY_MEMBERS)
            .keys(&[ks(RW | INSERT, index(1), range(0, 1, 0))])
            .args(KEY_MEMBERS),
    ),
    (
        "scard",
        Meta::new("set", "1.0.0", "Returns how many members a set has.", "O(1)")
            .keys(READ_NO_ACCESS)
            .args(&[Arg::key("key", 0)]),
    ),
    (
        "sdiff",
        Meta::new("set", "1.0.0", "Returns the members of the first set that none of the other sets has.", "O(N), N being the total number of members of all the sets.")
            .tips(&["nondeterministic_output_order"])
            .keys(READ_ALL)
            .args(KEYS),
    ),
    (
        "sdiffstore",
        Meta::new("set", "1.0.0", "Stores the difference of sets at a key, replacing what was there.", "O(N), N being the total number of members of all the sets.")
            .keys(STORE_OW)
            .args(DEST_KEYS),
    ),
    (
        "sinter",
        Meta::new("set", "1.0.0", "Returns the members that all the given sets have.", "O(N*M) at worst, N being the size of the smallest set and M the number of sets.")
            .tips(&["nondeterministic_output_order"])
            .keys(READ_ALL)
            .args(KEYS),
    ),
    (
        "sintercard",
        Meta::new("set", "7.0.0", "Counts the members that all the given sets have, optionally stopping at a limit.", "O(N*M) at worst, N being the size of the smallest set and M the number of sets.")
            .keys(&[ks(RO | ACCESS, index(1), keynum(0, 1, 1))])
            .args(&[
                Arg::integer("numkeys"),
                Arg::key("key", 0).multiple(),
                Arg::integer("limit").token("LIMIT").optional(),
            ]),
    ),
    (
        "sinterstore",
        Meta::new("set", "1.0.0", "Stores the intersection of sets at a key, replacing what was there.", "O(N*M) at worst, N being the size of the smallest set and M the number of sets.")
            .keys(&[ks(RW | UPDATE, index(1), range(0, 1, 0)), ks(RO | ACCESS, index(2), range(-1, 1, 0))])
            .args(DEST_KEYS),
    ),
    (
        "sismember",
        Meta::new("set", "1.0.0", "Tells whether a value is a member of a set.", "O(1)")
            .keys(READ_NO_ACCESS)
            .args(KEY_MEMBER),
    ),
    (
        "smembers",
        Meta::new("set", "1.0.0", "Returns every member of a set.", "O(N), N being the size of the set.")
            .tips(&["nondeterministic_output_order"])
            .keys(READ)
            .args(&[Arg::key("key", 0)]),
    ),
    (
        "smismember",
        Meta::new("set", "6.2.0", "Tells, for each of several values, whether it is a member of a set.", "O(N), N being the number of values asked about.")
            .keys(READ)
            .args(KEY_MEMBERS),
    ),
    (
        "smove",
        Meta::new("set", "1.0.0", "Moves a member from one set to another.", "O(1)")
            .keys(&[ks(RW | ACCESS | DELETE, index(1), range(0, 1, 0)), ks(RW | INSERT, index(2), range(0, 1, 0))])
            .args(&[Arg::key("source", 0), Arg::key("destination", 1), Arg::string("member")]),
    ),
    (
        "spop",
        Meta::new("set", "1.0.0", "Removes random members from a set and returns them.", "O(1) without a count, else O(N) for N members popped.")
            .history(&[("3.2.0", "Optional `count` of members to pop.")])
            .tips(&["nondeterministic_output"])
            .keys(&[ks(RW | ACCESS | DELETE, index(1), range(0, 1, 0))])
            .args(&[Arg::key("key", 0), Arg::integer("count").since("3.2.0").optional()]),
    ),
    (
        "srandmember",
        Meta::new("set", "1.0.0", "Returns random members of a set without removing them; a negative count allows repeats.", "O(1) without a count, else O(N) for N members returned.")
            .history(&[("2.6.0", "Optional `count` of members to return.")])
            .tips(&["nondeterministic_output"])
            .keys(READ)
            .args(&[Arg::key("key", 0), Arg::integer("count").since("2.6.0").optional()]),
    ),
    (
        "srem",
        Meta::new("set", "1.0.0", "Removes members from a set; the key goes when its last member does.", "O(N), N being the number of members named.")
            .history(MANY_MEMBERS)
            .keys(&[ks(RW | DELETE, index(1), range(0, 1, 0))])
            .args(KEY_MEMBERS),
    ),
    (
        "sscan",
        Meta::new("set", "2.8.0", "Walks the members of a set a few at a time, with a cursor.", "O(1) per call; O(N) for a complete iteration, N being the size of the set.")
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
        "sunion",
        Meta::new("set", "1.0.0", "Returns the members that any of the given sets has.", "O(N), N being the total number of members of all the sets.")
            .tips(&["nondeterministic_output_order"])
            .keys(READ_ALL)
            .args(KEYS),
    ),
    (
        "sunionstore",
        Meta::new("set", "1.0.0", "Stores the union of sets at a key, replacing what was there.", "O(N), N being the total number of members of all the sets.")
            .keys(STORE_OW)
            .args(DEST_KEYS),
    ),
];
