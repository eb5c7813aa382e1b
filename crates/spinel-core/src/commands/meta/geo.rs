//! Metadata of the geospatial commands (Redis group `geo`).
//!
//! Sorted by full name. Since, group, arguments, key specs and tips are Redis 7.0's exactly;
//! summaries, complexities and history texts are Spinel's wording. See `commands/meta.rs`.

use super::key_flags::*;
use super::*;

pub(super) static ENTRIES: &[(&str, Meta)] = &[
    (
        "geoadd",
        Meta::new("geo", "3.2.0", "Adds members with their longitude and latitude to a geospatial index (a sorted set).", "O(log(N)) per member, N being the size of the index.")
            .history(&[("6.2.0", "Options `CH`, `NX` and `XX` introduced.")])
            .keys(&[ks(RW | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::oneof("condition", &[
                    Arg::pure_token("nx", "NX"),
                    Arg::pure_token("xx", "XX"),
                ]).since("6.2.0").optional(),
                Arg::pure_token("change", "CH").since("6.2.0").optional(),
                Arg::block("longitude_latitude_member", &[
                    Arg::double("longitude"),
                    Arg::double("latitude"),
                    Arg::string("member"),
                ]).multiple(),
            ]),
    ),
    (
        "geodist",
        Meta::new("geo", "3.2.0", "Returns the distance between two members of a geospatial index.", "O(1)")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("member1"),
                Arg::string("member2"),
                Arg::oneof("unit", &[
                    Arg::pure_token("m", "M"),
                    Arg::pure_token("km", "KM"),
                    Arg::pure_token("ft", "FT"),
                    Arg::pure_token("mi", "MI"),
                ]).optional(),
            ]),
    ),
    (
        "geohash",
        Meta::new("geo", "3.2.0", "Returns the standard geohash strings of members of a geospatial index.", "O(1) per member.")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("member").multiple(),
            ]),
    ),
    (
        "geopos",
        Meta::new("geo", "3.2.0", "Returns the longitude and latitude of members of a geospatial index.", "O(1) per member.")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("member").multiple(),
            ]),
    ),
    (
        "georadius",
        Meta::new("geo", "3.2.0", "Returns, and can store, the members of a geospatial index within a distance of a point.", "O(N+log(M)): N members in the grid cells around the circle, M members in the index.")
            .deprecated("6.2.0", "`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` argument")
            .history(&[("6.2.0", "Option `ANY` for `COUNT` introduced."), ("7.0.0", "Units may be written in upper case.")])
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0)), ks(OW | UPDATE, keyword("STORE", 6), range(0, 1, 0)), ks(OW | UPDATE, keyword("STOREDIST", 6), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::double("longitude"),
                Arg::double("latitude"),
                Arg::double("radius"),
                Arg::oneof("unit", &[
                    Arg::pure_token("m", "M"),
                    Arg::pure_token("km", "KM"),
                    Arg::pure_token("ft", "FT"),
                    Arg::pure_token("mi", "MI"),
                ]),
                Arg::pure_token("withcoord", "WITHCOORD").optional(),
                Arg::pure_token("withdist", "WITHDIST").optional(),
                Arg::pure_token("withhash", "WITHHASH").optional(),
                Arg::block("count", &[
                    Arg::integer("count").token("COUNT"),
                    Arg::pure_token("any", "ANY").since("6.2.0").optional(),
                ]).optional(),
                Arg::oneof("order", &[
                    Arg::pure_token("asc", "ASC"),
                    Arg::pure_token("desc", "DESC"),
                ]).optional(),
                Arg::key("key", 1).token("STORE").optional(),
                Arg::key("key", 2).token("STOREDIST").optional(),
            ]),
    ),
    (
        "georadius_ro",
        Meta::new("geo", "3.2.10", "Returns the members of a geospatial index within a distance of a point.", "O(N+log(M)): N members in the grid cells around the circle, M members in the index.")
            .deprecated("6.2.0", "`GEOSEARCH` with the `BYRADIUS` argument")
            .history(&[("6.2.0", "Option `ANY` for `COUNT` introduced.")])
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::double("longitude"),
                Arg::double("latitude"),
                Arg::double("radius"),
                Arg::oneof("unit", &[
                    Arg::pure_token("m", "M"),
                    Arg::pure_token("km", "KM"),
                    Arg::pure_token("ft", "FT"),
                    Arg::pure_token("mi", "MI"),
                ]),
                Arg::pure_token("withcoord", "WITHCOORD").optional(),
                Arg::pure_token("withdist", "WITHDIST").optional(),
                Arg::pure_token("withhash", "WITHHASH").optional(),
                Arg::block("count", &[
                    Arg::integer("count").token("COUNT"),
                    Arg::pure_token("any", "ANY").since("6.2.0").optional(),
                ]).optional(),
                Arg::oneof("order", &[
                    Arg::pure_token("asc", "ASC"),
                    Arg::pure_token("desc", "DESC"),
                ]).optional(),
            ]),
    ),
    (
        "georadiusbymember",
        Meta::new("geo", "3.2.0", "Returns, and can store, the members of a geospatial index within a distance of another member.", "O(N+log(M)): N members in the grid cells around the circle, M members in the index.")
            .deprecated("6.2.0", "`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` and `FROMMEMBER` arguments")
            .history(&[("7.0.0", "Units may be written in upper case.")])
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0)), ks(OW | UPDATE, keyword("STORE", 5), range(0, 1, 0)), ks(OW | UPDATE, keyword("STOREDIST", 5), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("member"),
                Arg::double("radius"),
                Arg::oneof("unit", &[
                    Arg::pure_token("m", "M"),
                    Arg::pure_token("km", "KM"),
                    Arg::pure_token("ft", "FT"),
                    Arg::pure_token("mi", "MI"),
                ]),
                Arg::pure_token("withcoord", "WITHCOORD").optional(),
                Arg::pure_token("withdist", "WITHDIST").optional(),
                Arg::pure_token("withhash", "WITHHASH").optional(),
                Arg::block("count", &[
                    Arg::integer("count").token("COUNT"),
                    Arg::pure_token("any", "ANY").optional(),
                ]).optional(),
                Arg::oneof("order", &[
                    Arg::pure_token("asc", "ASC"),
                    Arg::pure_token("desc", "DESC"),
                ]).optional(),
                Arg::key("key", 1).token("STORE").optional(),
                Arg::key("key", 2).token("STOREDIST").optional(),
            ]),
    ),
    (
        "georadiusbymember_ro",
        Meta::new("geo", "3.2.10", "Returns the members of a geospatial index within a distance of another member.", "O(N+log(M)): N members in the grid cells around the circle, M members in the index.")
            .deprecated("6.2.0", "`GEOSEARCH` with the `BYRADIUS` and `FROMMEMBER` arguments")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::string("member"),
                Arg::double("radius"),
                Arg::oneof("unit", &[
                    Arg::pure_token("m", "M"),
                    Arg::pure_token("km", "KM"),
                    Arg::pure_token("ft", "FT"),
                    Arg::pure_token("mi", "MI"),
                ]),
                Arg::pure_token("withcoord", "WITHCOORD").optional(),
                Arg::pure_token("withdist", "WITHDIST").optional(),
                Arg::pure_token("withhash", "WITHHASH").optional(),
                Arg::block("count", &[
                    Arg::integer("count").token("COUNT"),
                    Arg::pure_token("any", "ANY").optional(),
                ]).optional(),
                Arg::oneof("order", &[
                    Arg::pure_token("asc", "ASC"),
                    Arg::pure_token("desc", "DESC"),
                ]).optional(),
            ]),
    ),
    (
        "geosearch",
        Meta::new("geo", "6.2.0", "Returns the members of a geospatial index inside a circle or a box.", "O(N+log(M)): N members in the grid cells around the shape, M members in the index.")
            .history(&[("7.0.0", "Units may be written in upper case.")])
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::oneof("from", &[
                    Arg::string("member").token("FROMMEMBER"),
                    Arg::block("longitude_latitude", &[
                        Arg::double("longitude"),
                        Arg::double("latitude"),
                    ]).token("FROMLONLAT"),
                ]),
                Arg::oneof("by", &[
                    Arg::block("circle", &[
                        Arg::double("radius").token("BYRADIUS"),
                        Arg::oneof("unit", &[
                            Arg::pure_token("m", "M"),
                            Arg::pure_token("km", "KM"),
                            Arg::pure_token("ft", "FT"),
                            Arg::pure_token("mi", "MI"),
                        ]),
                    ]),
                    Arg::block("box", &[
                        Arg::double("width").token("BYBOX"),
                        Arg::double("height"),
                        Arg::oneof("unit", &[
                            Arg::pure_token("m", "M"),
                            Arg::pure_token("km", "KM"),
                            Arg::pure_token("ft", "FT"),
                            Arg::pure_token("mi", "MI"),
                        ]),
                    ]),
                ]),
                Arg::oneof("order", &[
                    Arg::pure_token("asc", "ASC"),
                    Arg::pure_token("desc", "DESC"),
                ]).optional(),
                Arg::block("count", &[
                    Arg::integer("count").token("COUNT"),
                    Arg::pure_token("any", "ANY").optional(),
                ]).optional(),
                Arg::pure_token("withcoord", "WITHCOORD").optional(),
                Arg::pure_token("withdist", "WITHDIST").optional(),
                Arg::pure_token("withhash", "WITHHASH").optional(),
            ]),
    ),
    (
        "geosearchstore",
        Meta::new("geo", "6.2.0", "Stores at a key the members of a geospatial index inside a circle or a box.", "O(N+log(M)): N members in the grid cells around the shape, M members in the index.")
            .history(&[("7.0.0", "Units may be written in upper case.")])
            .keys(&[ks(OW | UPDATE, index(1), range(0, 1, 0)), ks(RO | ACCESS, index(2), range(0, 1, 0))])
            .args(&[
                Arg::key("destination", 0),
                Arg::key("source", 1),
                Arg::oneof("from", &[
                    Arg::string("member").token("FROMMEMBER"),
                    Arg::block("longitude_latitude", &[
                        Arg::double("longitude"),
                        Arg::double("latitude"),
                    ]).token("FROMLONLAT"),
                ]),
                Arg::oneof("by", &[
                    Arg::block("circle", &[
                        Arg::double("radius").token("BYRADIUS"),
                        Arg::oneof("unit", &[
                            Arg::pure_token("m", "M"),
                            Arg::pure_token("km", "KM"),
                            Arg::pure_token("ft", "FT"),
                            Arg::pure_token("mi", "MI"),
                        ]),
                    ]),
                    Arg::block("box", &[
                        Arg::double("width").token("BYBOX"),
                        Arg::double("height"),
                        Arg::oneof("unit", &[
                            Arg::pure_token("m", "M"),
                            Arg::pure_token("km", "KM"),
                            Arg::pure_token("ft", "FT"),
                            Arg::pure_token("mi", "MI"),
                        ]),
                    ]),
                ]),
                Arg::oneof("order", &[
                    Arg::pure_token("asc", "ASC"),
                    Arg::pure_token("desc", "DESC"),
                ]).optional(),
                Arg::block("count", &[
                    Arg::integer("count").token("COUNT"),
                    Arg::pure_token("any", "ANY").optional(),
                ]).optional(),
                Arg::pure_token("storedist", "STOREDIST").optional(),
            ]),
    ),
];
