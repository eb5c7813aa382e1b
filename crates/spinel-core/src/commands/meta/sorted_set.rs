//! Metadata of the sorted-set commands (Redis group `sorted-set`).
//!
//! Sorted by full name. Since, group, arguments, key specs and tips are Redis 7.0's exactly;
//! summaries, complexities and history texts are Spinel's wording. See `commands/meta.rs`.

use super::key_flags::*;
use super::*;

pub(super) static ENTRIES: &[(&str, Meta)] = &[
    (
        "bzmpop",
        Meta::new("sorted-set", "7.0.0", "Pops members with the lowest or highest scores from the first non-empty sorted set among several keys, waiting for one when all are empty.", "O(K) + O(M*log(N)): K keys checked, M members popped from a set of N.")
            .keys(&[ks(RW | ACCESS | DELETE, index(2), keynum(0, 1, 1))])
            .args(&[
                Arg::double("timeout"),
                Arg::integer("numkeys"),
                Arg::key("key", 0).multiple(),
                Arg::oneof("where", &[
                    Arg::pure_token("min", "MIN"),
                    Arg::pure_token("max", "MAX"),
                ]),
                Arg::integer("count").token("COUNT").optional(),
            ]),
    ),
    (
        "bzpopmax",
        Meta::new("sorted-set", "5.0.0", "Pops the member with the highest score from the first non-empty sorted set among several keys, waiting for one when all are empty.", "O(log(N)) for a set of N members.")
            .history(&[("6.0.0", "The timeout is a number of seconds with a fraction, no longer an integer.")])
            .keys(&[ks(RW | ACCESS | DELETE, index(1), range(-2, 1, 0))])
            .args(&[
                Arg::key("key", 0).multiple(),
                Arg::double("timeout"),
            ]),
    ),
    (
        "bzpopmin",
        Meta::new("sorted-set", "5.0.0", "Pops the member with the lowest score from the first non-empty sorted set among several keys, waiting for one when all are empty.", "O(log(N)) for a set of N members.")
            .history(&[("6.0.0", "The timeout is a number of seconds with a fraction, no longer an integer.")])
            .keys(&[ks(RW | ACCESS | DELETE, index(1), range(-2, 1, 0))])
            .args(&[
                Arg::key("key", 0).multiple(),
                Arg::double("timeout"),
            ]),
    ),
    (
        "zadd",
        Meta::new("sorted-set", "1.2.0", "Adds members with scores to a sorted set, or updates the scores of present members.", "O(log(N)) per member, N being the size of the set.")
            .history(&[("2.4.0", "Takes several score-member pairs."), ("3.0.2", "Options `XX`, `NX`, `CH` and `INCR` introduced."), ("6.2.0", "Options `GT` and `LT` introduced.")])
            .keys(&[ks(RW | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::oneof("condition", &[
                    Arg::pure_token("nx", "NX"),
                    Arg::pure_token("xx", "XX"),
                ]).since("3.0.2").optional(),
                Arg::oneof("comparison", &[
                    Arg::pure_token("gt", "GT"),
                    Arg::pure_token("lt", "LT"),
                ]).since("6.2.0").optional(),
                Arg::pure_token("change", "CH").since("3.0.2").optional(),
                Arg::pure_token("increment", "INCR").since("3.0.2").optional(),
                Arg::block("score_member", &[
                    Arg::double("score"),
                    Arg::string("member"),
                ]).multiple(),
            ]),
    ),
    (
        "zcard",
        Meta::new("sorted-set", "1.2.0", "Returns the number of members of a sorted set.", "O(1)")
            .keys(&[ks(RO, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
            ]),
    ),
    (
        "zcount",
        Meta::new("sorted-set", "2.0.0", "Counts the members of a sorted set whose scores fall in a range.", "O(log(N)), N being the size of the set.")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::double("min"),
                Arg::double("max"),
            ]),
    ),
    (
        "zdiff",
        Meta::new("sorted-set", "6.2.0", "Returns the members of the first sorted set that are in none of the others.", "O(L + (N-K)log(N)) worst case: L members in all the inputs, N in the first set, K in the result.")
            .keys(&[ks(RO | ACCESS, index(1), keynum(0, 1, 1))])
            .args(&[
                Arg::integer("numkeys"),
                Arg::key("key", 0).multiple(),
                Arg::pure_token("withscores", "WITHSCORES").optional(),
            ]),
    ),
    (
        "zdiffstore",
        Meta::new("sorted-set", "6.2.0", "Stores at a key the members of the first sorted set that are in none of the others.", "O(L + (N-K)log(N)) worst case: L members in all the inputs, N in the first set, K in the result.")
            .keys(&[ks(OW | UPDATE, index(1), range(0, 1, 0)), ks(RO | ACCESS, index(2), keynum(0, 1, 1))])
            .args(&[
                Arg::key("destination", 0),
                Arg::integer("numkeys"),
                Arg::key("key", 1).multiple(),
            ]),
    ),
    (
        "zincrby",
        Meta::new("sorted-set", "1.2.0", "Adds an increment to the score of a member of a sorted set, creating it if needed.", "O(log(N)), N being the size of the set.")
            .keys(&[ks(RW | ACCESS | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("increment"),
                Arg::string("member"),
            ]),
    ),
    (
        "zinter",
        Meta::new("sorted-set", "6.2.0", "Returns the intersection of several sorted sets, with aggregated scores.", "O(N*K)+O(M*log(M)) worst case: N members in the smallest input, K inputs, M members in the result.")
            .keys(&[ks(RO | ACCESS, index(1), keynum(0, 1, 1))])
            .args(&[
                Arg::integer("numkeys"),
                Arg::key("key", 0).multiple(),
                Arg::integer("weight").token("WEIGHTS").optional().multiple(),
                Arg::oneof("aggregate", &[
                    Arg::pure_token("sum", "SUM"),
                    Arg::pure_token("min", "MIN"),
                    Arg::pure_token("max", "MAX"),
                ]).token("AGGREGATE").optional(),
                Arg::pure_token("withscores", "WITHSCORES").optional(),
            ]),
    ),
    (
        "zintercard",
        Meta::new("sorted-set", "7.0.0", "Returns the number of members in the intersection of several sorted sets.", "O(N*K) worst case: N members in the smallest input, K inputs.")
            .keys(&[ks(RO | ACCESS, index(1), keynum(0, 1, 1))])
            .args(&[
                Arg::integer("numkeys"),
                Arg::key("key", 0).multiple(),
                Arg::integer("limit").token("LIMIT").optional(),
            ]),
    ),
    (
        "zinterstore",
        Meta::new("sorted-set", "2.0.0", "Stores at a key the intersection of several sorted sets, with aggregated scores.", "O(N*K)+O(M*log(M)) worst case: N members in the smallest input, K inputs, M members in the result.")
            .keys(&[ks(OW | UPDATE, index(1), range(0, 1, 0)), ks(RO | ACCESS, index(2), keynum(0, 1, 1))])
            .args(&[
                Arg::key("destination", 0),
                Arg::integer("numkeys"),
                Arg::key("key", 1).multiple(),
                Arg::integer("weight").token("WEIGHTS").optional().multiple(),
                Arg::oneof("aggregate", &[
                    Arg::pure_token("sum", "SUM"),
                    Arg::pure_token("min", "MIN"),
                    Arg::pure_token("max", "MAX"),
                ]).token("AGGREGATE").optional(),
            ]),
    ),
    (
        "zlexcount",
        Meta::new("sorted-set", "2.8.9", "Counts the members of a sorted set within a lexicographical range.", "O(log(N)), N being the size of the set.")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("min"),
                Arg::string("max"),
            ]),
    ),
    (
        "zmpop",
        Meta::new("sorted-set", "7.0.0", "Pops members with the lowest or highest scores from the first non-empty sorted set among several keys.", "O(K) + O(M*log(N)): K keys checked, M members popped from a set of N.")
            .keys(&[ks(RW | ACCESS | DELETE, index(1), keynum(0, 1, 1))])
            .args(&[
                Arg::integer("numkeys"),
                Arg::key("key", 0).multiple(),
                Arg::oneof("where", &[
                    Arg::pure_token("min", "MIN"),
                    Arg::pure_token("max", "MAX"),
                ]),
                Arg::integer("count").token("COUNT").optional(),
            ]),
    ),
    (
        "zmscore",
        Meta::new("sorted-set", "6.2.0", "Returns the scores of several members of a sorted set.", "O(N), N being the number of members asked for.")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("member").multiple(),
            ]),
    ),
    (
        "zpopmax",
        Meta::new("sorted-set", "5.0.0", "Removes and returns the members with the highest scores of a sorted set.", "O(log(N)*M): M members popped from a set of N.")
            .keys(&[ks(RW | ACCESS | DELETE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("count").optional(),
            ]),
    ),
    (
        "zpopmin",
        Meta::new("sorted-set", "5.0.0", "Removes and returns the members with the lowest scores of a sorted set.", "O(log(N)*M): M members popped from a set of N.")
            .keys(&[ks(RW | ACCESS | DELETE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("count").optional(),
            ]),
    ),
    (
        "zrandmember",
        Meta::new("sorted-set", "6.2.0", "Returns random members of a sorted set, optionally with their scores.", "O(N), N being the number of members returned.")
            .tips(&["nondeterministic_output"])
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::block("options", &[
                    Arg::integer("count"),
                    Arg::pure_token("withscores", "WITHSCORES").optional(),
                ]).optional(),
            ]),
    ),
    (
        "zrange",
        Meta::new("sorted-set", "1.2.0", "Returns members of a sorted set by rank, score or lexicographical range.", "O(log(N)+M): N members in the set, M returned.")
            .history(&[("6.2.0", "Options `REV`, `BYSCORE`, `BYLEX` and `LIMIT` introduced.")])
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("start"),
                Arg::string("stop"),
                Arg::oneof("sortby", &[
                    Arg::pure_token("byscore", "BYSCORE"),
                    Arg::pure_token("bylex", "BYLEX"),
                ]).since("6.2.0").optional(),
                Arg::pure_token("rev", "REV").since("6.2.0").optional(),
                Arg::block("offset_count", &[
                    Arg::integer("offset"),
                    Arg::integer("count"),
                ]).token("LIMIT").since("6.2.0").optional(),
                Arg::pure_token("withscores", "WITHSCORES").optional(),
            ]),
    ),
    (
        "zrangebylex",
        Meta::new("sorted-set", "2.8.9", "Returns members of a sorted set within a lexicographical range.", "O(log(N)+M): N members in the set, M returned (constant-time limits when LIMIT has a small offset).")
            .deprecated("6.2.0", "`ZRANGE` with the `BYLEX` argument")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("min"),
                Arg::string("max"),
                Arg::block("offset_count", &[
                    Arg::integer("offset"),
                    Arg::integer("count"),
                ]).token("LIMIT").optional(),
            ]),
    ),
    (
        "zrangebyscore",
        Meta::new("sorted-set", "1.0.5", "Returns members of a sorted set whose scores fall in a range.", "O(log(N)+M): N members in the set, M returned (constant-time limits when LIMIT has a small offset).")
            .deprecated("6.2.0", "`ZRANGE` with the `BYSCORE` argument")
            .history(&[("2.0.0", "`WITHSCORES` introduced.")])
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::double("min"),
                Arg::double("max"),
                Arg::pure_token("withscores", "WITHSCORES").since("2.0.0").optional(),
                Arg::block("offset_count", &[
                    Arg::integer("offset"),
                    Arg::integer("count"),
                ]).token("LIMIT").optional(),
            ]),
    ),
    (
        "zrangestore",
        Meta::new("sorted-set", "6.2.0", "Stores at a key a range of members of a sorted set, by rank, score or lexicographical order.", "O(log(N)+M): N members in the source, M stored.")
            .keys(&[ks(OW | UPDATE, index(1), range(0, 1, 0)), ks(RO | ACCESS, index(2), range(0, 1, 0))])
            .args(&[
                Arg::key("dst", 0),
                Arg::key("src", 1),
                Arg::string("min"),
                Arg::string("max"),
                Arg::oneof("sortby", &[
                    Arg::pure_token("byscore", "BYSCORE"),
                    Arg::pure_token("bylex", "BYLEX"),
                ]).optional(),
                Arg::pure_token("rev", "REV").optional(),
                Arg::block("offset_count", &[
                    Arg::integer("offset"),
                    Arg::integer("count"),
                ]).token("LIMIT").optional(),
            ]),
    ),
    (
        "zrank",
        Meta::new("sorted-set", "2.0.0", "Returns the position of a member in a sorted set ordered by ascending score.", "O(log(N))")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("member"),
            ]),
    ),
    (
        "zrem",
        Meta::new("sorted-set", "1.2.0", "Removes members from a sorted set, deleting the key when it becomes empty.", "O(M*log(N)): M members removed from a set of N.")
            .history(&[("2.4.0", "Takes several members.")])
            .keys(&[ks(RW | DELETE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("member").multiple(),
            ]),
    ),
    (
        "zremrangebylex",
        Meta::new("sorted-set", "2.8.9", "Removes the members of a sorted set within a lexicographical range.", "O(log(N)+M): N members in the set, M removed.")
            .keys(&[ks(RW | DELETE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("min"),
                Arg::string("max"),
            ]),
    ),
    (
        "zremrangebyrank",
        Meta::new("sorted-set", "2.0.0", "Removes the members of a sorted set within a range of positions.", "O(log(N)+M): N members in the set, M removed.")
            .keys(&[ks(RW | DELETE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("start"),
                Arg::integer("stop"),
            ]),
    ),
    (
        "zremrangebyscore",
        Meta::new("sorted-set", "1.2.0", "Removes the members of a sorted set whose scores fall in a range.", "O(log(N)+M): N members in the set, M removed.")
            .keys(&[ks(RW | DELETE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::double("min"),
                Arg::double("max"),
            ]),
    ),
    (
        "zrevrange",
        Meta::new("sorted-set", "1.2.0", "Returns members of a sorted set by rank, from the highest score down.", "O(log(N)+M): N members in the set, M returned.")
            .deprecated("6.2.0", "`ZRANGE` with the `REV` argument")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("start"),
                Arg::integer("stop"),
                Arg::pure_token("withscores", "WITHSCORES").optional(),
            ]),
    ),
    (
        "zrevrangebylex",
        Meta::new("sorted-set", "2.8.9", "Returns members of a sorted set within a lexicographical range, in reverse order.", "O(log(N)+M): N members in the set, M returned (constant-time limits when LIMIT has a small offset).")
            .deprecated("6.2.0", "`ZRANGE` with the `REV` and `BYLEX` arguments")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("max"),
                Arg::string("min"),
                Arg::block("offset_count", &[
                    Arg::integer("offset"),
                    Arg::integer("count"),
                ]).token("LIMIT").optional(),
            ]),
    ),
    (
        "zrevrangebyscore",
        Meta::new("sorted-set", "2.2.0", "Returns members of a sorted set whose scores fall in a range, from the highest score down.", "O(log(N)+M): N members in the set, M returned (constant-time limits when LIMIT has a small offset).")
            .deprecated("6.2.0", "`ZRANGE` with the `REV` and `BYSCORE` arguments")
            .history(&[("2.1.6", "`min` and `max` may be exclusive.")])
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::double("max"),
                Arg::double("min"),
                Arg::pure_token("withscores", "WITHSCORES").optional(),
                Arg::block("offset_count", &[
                    Arg::integer("offset"),
                    Arg::integer("count"),
                ]).token("LIMIT").optional(),
            ]),
    ),
    (
        "zrevrank",
        Meta::new("sorted-set", "2.0.0", "Returns the position of a member in a sorted set ordered by descending score.", "O(log(N))")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("member"),
            ]),
    ),
    (
        "zscan",
        Meta::new("sorted-set", "2.8.0", "Iterates over the members and scores of a sorted set.", "O(1) per call; O(N) for a complete iteration, N being the size of the set.")
            .tips(&["nondeterministic_output"])
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("cursor"),
                Arg::pattern("pattern").token("MATCH").optional(),
                Arg::integer("count").token("COUNT").optional(),
            ]),
    ),
    (
        "zscore",
        Meta::new("sorted-set", "1.2.0", "Returns the score of a member of a sorted set.", "O(1)")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("member"),
            ]),
    ),
    (
        "zunion",
        Meta::new("sorted-set", "6.2.0", "Returns the union of several sorted sets, with aggregated scores.", "O(N)+O(M*log(M)): N members in all the inputs, M in the result.")
            .keys(&[ks(RO | ACCESS, index(1), keynum(0, 1, 1))])
            .args(&[
                Arg::integer("numkeys"),
                Arg::key("key", 0).multiple(),
                Arg::integer("weight").token("WEIGHTS").optional().multiple(),
                Arg::oneof("aggregate", &[
                    Arg::pure_token("sum", "SUM"),
                    Arg::pure_token("min", "MIN"),
                    Arg::pure_token("max", "MAX"),
                ]).token("AGGREGATE").optional(),
                Arg::pure_token("withscores", "WITHSCORES").optional(),
            ]),
    ),
    (
        "zunionstore",
        Meta::new("sorted-set", "2.0.0", "Stores at a key the union of several sorted sets, with aggregated scores.", "O(N)+O(M*log(M)): N members in all the inputs, M in the result.")
            .keys(&[ks(OW | UPDATE, index(1), range(0, 1, 0)), ks(RO | ACCESS, index(2), keynum(0, 1, 1))])
            .args(&[
                Arg::key("destination", 0),
                Arg::integer("numkeys"),
                Arg::key("key", 1).multiple(),
                Arg::integer("weight").token("WEIGHTS").optional().multiple(),
                Arg::oneof("aggregate", &[
                    Arg::pure_token("sum", "SUM"),
                    Arg::pure_token("min", "MIN"),
                    Arg::pure_token("max", "MAX"),
                ]).token("AGGREGATE").optional(),
            ]),
    ),
];
