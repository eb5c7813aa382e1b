//! Metadata of the list commands (Redis group `list`).
//!
//! Sorted by full name. Since, group, arguments, key specs and tips are Redis 7.0's exactly;
//! summaries, complexities and history texts are Spinel's wording. See `commands/meta.rs`.

use super::key_flags::*;
use super::*;

const LEFT_RIGHT: &[Arg] = &[
    Arg::pure_token("left", "LEFT"),
    Arg::pure_token("right", "RIGHT"),
];

/// Source and destination of the moving commands.
const MOVE_KEYS: &[KeySpec] = &[
    ks(RW | ACCESS | DELETE, index(1), range(0, 1, 0)),
    ks(RW | INSERT, index(2), range(0, 1, 0)),
];
const POP_KEY: &[KeySpec] = &[ks(RW | ACCESS | DELETE, index(1), range(0, 1, 0))];
const PUSH_KEY: &[KeySpec] = &[ks(RW | INSERT, index(1), range(0, 1, 0))];
const READ_KEY: &[KeySpec] = &[ks(RO | ACCESS, index(1), range(0, 1, 0))];
const TIMEOUT_AS_DOUBLE: &[(&str, &str)] = &[(
    "6.0.0",
    "The timeout became a double (fractions of a second) instead of an integer.",
)];
const MANY_ELEMENTS: &[(&str, &str)] = &[("2.4.0", "Several elements may be pushed at once.")];
const MANY_ELEMENTS_X: &[(&str, &str)] = &[("4.0.0", "Several elements may be pushed at once.")];
const POP_COUNT: &[(&str, &str)] = &[("6.2.0", "Optional `count` of elements to pop.")];

pub(super) static ENTRIES: &[(&str, Meta)] = &[
    (
        "blmove",
        Meta::new("list", "6.2.0", "Moves an element from one end of a list to an end of another and returns it, waiting for one if the source is empty.", "O(1)")
            .keys(MOVE_KEYS)
            .args(&[
                Arg::key("source", 0),
                Arg::key("destination", 1),
                Arg::oneof("wherefrom", LEFT_RIGHT),
                Arg::oneof("whereto", LEFT_RIGHT),
                Arg::double("timeout"),
            ]),
    ),
    (
        "blmpop",
        Meta::new("list", "7.0.0", "Pops elements from the first non-empty list among several keys, waiting for one if all are empty.", "O(N+M): N keys looked at, M elements popped.")
            .keys(&[ks(RW | ACCESS | DELETE, index(2), keynum(0, 1, 1))])
            .args(&[
                Arg::double("timeout"),
                Arg::integer("numkeys"),
                Arg::key("key", 0).multiple(),
                Arg::oneof("where", LEFT_RIGHT),
                Arg::integer("count").token("COUNT").optional(),
            ]),
    ),
    (
        "blpop",
        Meta::new("list", "2.0.0", "Pops the head of the first non-empty list among several keys, waiting for one if all are empty.", "O(N), N being the number of keys given.")
            .history(TIMEOUT_AS_DOUBLE)
            .keys(&[ks(RW | ACCESS | DELETE, index(1), range(-2, 1, 0))])
            .args(&[
                Arg::key("key", 0).multiple(),
                Arg::double("timeout"),
            ]),
    ),
    (
        "brpop",
        Meta::new("list", "2.0.0", "Pops the tail of the first non-empty list among several keys, waiting for one if all are empty.", "O(N), N being the number of keys given.")
            .history(TIMEOUT_AS_DOUBLE)
            .keys(&[ks(RW | ACCESS | DELETE, index(1), range(-2, 1, 0))])
            .args(&[
                Arg::key("key", 0).multiple(),
                Arg::double("timeout"),
            ]),
    ),
    (
        "brpoplpush",
        Meta::new("list", "2.2.0", "Moves the tail of a list to the head of another and returns it, waiting for one if the source is empty.", "O(1)")
            .deprecated("6.2.0", "`BLMOVE` with `RIGHT` and `LEFT`")
            .history(TIMEOUT_AS_DOUBLE)
            .keys(MOVE_KEYS)
            .args(&[
                Arg::key("source", 0),
                Arg::key("destination", 1),
                Arg::double("timeout"),
            ]),
    ),
    (
        "lindex",
        Meta::new("list", "1.0.0", "Returns the element at an index of a list.", "O(N) in the distance from the nearer end; O(1) for the first and last elements.")
            .keys(READ_KEY)
            .args(&[
                Arg::key("key", 0),
                Arg::integer("index"),
            ]),
    ),
    (
        "linsert",
        Meta::new("list", "2.2.0", "Inserts an element before or after the first occurrence of another in a list.", "O(N), N being the number of elements before the pivot.")
            .keys(PUSH_KEY)
            .args(&[
                Arg::key("key", 0),
                Arg::oneof("where", &[Arg::pure_token("before", "BEFORE"), Arg::pure_token("after", "AFTER")]),
                Arg::string("pivot"),
                Arg::string("element"),
            ]),
    ),
    (
        "llen",
        Meta::new("list", "1.0.0", "Returns the number of elements of a list.", "O(1)")
            .keys(&[ks(RO, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
            ]),
    ),
    (
        "lmove",
        Meta::new("list", "6.2.0", "Moves an element from one end of a list to an end of another and returns it.", "O(1)")
            .keys(MOVE_KEYS)
            .args(&[
                Arg::key("source", 0),
                Arg::key("destination", 1),
                Arg::oneof("wherefrom", LEFT_RIGHT),
                Arg::oneof("whereto", LEFT_RIGHT),
            ]),
    ),
    (
        "lmpop",
        Meta::new("list", "7.0.0", "Pops elements from the first non-empty list among several keys.", "O(N+M): N keys looked at, M elements popped.")
            .keys(&[ks(RW | ACCESS | DELETE, index(1), keynum(0, 1, 1))])
            .args(&[
                Arg::integer("numkeys"),
                Arg::key("key", 0).multiple(),
                Arg::oneof("where", LEFT_RIGHT),
                Arg::integer("count").token("COUNT").optional(),
            ]),
    ),
    (
        "lpop",
        Meta::new("list", "1.0.0", "Removes and returns the first element, or the first elements, of a list.", "O(N), N being the number of elements returned.")
            .history(POP_COUNT)
            .keys(POP_KEY)
            .args(&[
                Arg::key("key", 0),
                Arg::integer("count").since("6.2.0").optional(),
            ]),
    ),
    (
        "lpos",
        Meta::new("list", "6.0.6", "Returns the positions of the elements of a list equal to a value.", "O(N) in the number of elements scanned; MAXLEN bounds it.")
            .keys(READ_KEY)
            .args(&[
                Arg::key("key", 0),
                Arg::string("element"),
                Arg::integer("rank").token("RANK").optional(),
                Arg::integer("num-matches").token("COUNT").optional(),
                Arg::integer("len").token("MAXLEN").optional(),
            ]),
    ),
    (
        "lpush",
        Meta::new("list", "1.0.0", "Adds elements at the head of a list, creating it if needed.", "O(1) per element added.")
            .history(MANY_ELEMENTS)
            .keys(PUSH_KEY)
            .args(&[
                Arg::key("key", 0),
                Arg::string("element").multiple(),
            ]),
    ),
    (
        "lpushx",
        Meta::new("list", "2.2.0", "Adds elements at the head of a list, only if the list exists.", "O(1) per element added.")
            .history(MANY_ELEMENTS_X)
            .keys(PUSH_KEY)
            .args(&[
                Arg::key("key", 0),
                Arg::string("element").multiple(),
            ]),
    ),
    (
        "lrange",
        Meta::new("list", "1.0.0", "Returns the elements of a list between two indexes.", "O(S+N): S to reach the start from the nearer end, N elements returned.")
            .keys(READ_KEY)
            .args(&[
                Arg::key("key", 0),
                Arg::integer("start"),
                Arg::integer("stop"),
            ]),
    ),
    (
        "lrem",
        Meta::new("list", "1.0.0", "Removes elements equal to a value from a list.", "O(N+M): N elements scanned, M removed.")
            .keys(&[ks(RW | DELETE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("count"),
                Arg::string("element"),
            ]),
    ),
    (
        "lset",
        Meta::new("list", "1.0.0", "Replaces the element at an index of a list.", "O(N) in the distance from the nearer end; O(1) for the first and last elements.")
            .keys(&[ks(RW | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("index"),
                Arg::string("element"),
            ]),
    ),
    (
        "ltrim",
        Meta::new("list", "1.0.0", "Keeps only the elements of a list between two indexes.", "O(N), N being the number of elements removed.")
            .keys(&[ks(RW | DELETE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("start"),
                Arg::integer("stop"),
            ]),
    ),
    (
        "rpop",
        Meta::new("list", "1.0.0", "Removes and returns the last element, or the last elements, of a list.", "O(N), N being the number of elements returned.")
            .history(POP_COUNT)
            .keys(POP_KEY)
            .args(&[
                Arg::key("key", 0),
                Arg::integer("count").since("6.2.0").optional(),
            ]),
    ),
    (
        "rpoplpush",
        Meta::new("list", "1.2.0", "Moves the tail of a list to the head of another and returns it.", "O(1)")
            .deprecated("6.2.0", "`LMOVE` with `RIGHT` and `LEFT`")
            .keys(MOVE_KEYS)
            .args(&[
                Arg::key("source", 0),
                Arg::key("destination", 1),
            ]),
    ),
    (
        "rpush",
        Meta::new("list", "1.0.0", "Adds elements at the tail of a list, creating it if needed.", "O(1) per element added.")
            .history(MANY_ELEMENTS)
            .keys(PUSH_KEY)
            .args(&[
                Arg::key("key", 0),
                Arg::string("element").multiple(),
            ]),
    ),
    (
        "rpushx",
        Meta::new("list", "2.2.0", "Adds elements at the tail of a list, only if the list exists.", "O(1) per element added.")
            .history(MANY_ELEMENTS_X)
            .keys(PUSH_KEY)
            .args(&[
                Arg::key("key", 0),
                Arg::string("element").multiple(),
            ]),
    ),
];
