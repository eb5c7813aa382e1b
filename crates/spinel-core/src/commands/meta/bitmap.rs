//! Metadata of the bitmap commands (Redis group `bitmap`).
//!
//! Sorted by full name. Since, group, arguments, key specs and tips are Redis 7.0's exactly;
//! summaries, complexities and history texts are Spinel's wording. See `commands/meta.rs`.

use super::key_flags::*;
use super::*;

/// BITFIELD's key flags depend on its operations (Redis's `bitfieldGetKeys`): only GETs
/// (and OVERFLOW) read the key; a SET, an INCRBY or anything unparsable writes it.
fn bitfield_get_keys(argv: &[&[u8]]) -> Vec<KeyRef> {
    let mut readonly = true;
    let mut i = 2;
    while i < argv.len() {
        let remargs = argv.len() - i - 1;
        let arg = argv[i];
        let is = |w: &str| {
            let end = arg.iter().position(|&b| b == 0).unwrap_or(arg.len());
            arg[..end].eq_ignore_ascii_case(w.as_bytes())
        };
        if is("get") && remargs >= 2 {
            i += 3;
        } else if (is("set") || is("incrby")) && remargs >= 3 {
            readonly = false;
            break;
        } else if is("overflow") && remargs >= 1 {
            i += 2;
        } else {
            readonly = false;
            break;
        }
    }
    let flags = if readonly {
        RO | ACCESS
    } else {
        RW | ACCESS | UPDATE
    };
    alloc::vec![KeyRef { pos: 1, flags }]
}

pub(super) static ENTRIES: &[(&str, Meta)] = &[
    (
        "bitcount",
        Meta::new("bitmap", "2.6.0", "Counts the bits set to 1 in a string, optionally within a byte or bit range.", "O(N), N being the number of bytes examined.")
            .history(&[("7.0.0", "Ranges may be given in bits with `BIT` (`BYTE` is the default).")])
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::block("index", &[
                    Arg::integer("start"),
                    Arg::integer("end"),
                    Arg::oneof("index_unit", &[
                        Arg::pure_token("byte", "BYTE"),
                        Arg::pure_token("bit", "BIT"),
                    ]).since("7.0.0").optional(),
                ]).optional(),
            ]),
    ),
    (
        "bitfield",
        Meta::new("bitmap", "3.2.0", "Reads, writes and increments integers of any width up to 64 bits at arbitrary bit offsets of a string.", "O(1) per operation.")
            .keys(&[ks(RW | ACCESS | UPDATE | VARIABLE_FLAGS, index(1), range(0, 1, 0)).notes("This command allows both access and modification of the key")])
            .get_keys(bitfield_get_keys)
            .args(&[
                Arg::key("key", 0),
                Arg::oneof("operation", &[
                    Arg::block("encoding_offset", &[
                        Arg::string("encoding"),
                        Arg::integer("offset"),
                    ]).token("GET"),
                    Arg::block("write", &[
                        Arg::oneof("wrap_sat_fail", &[
                            Arg::pure_token("wrap", "WRAP"),
                            Arg::pure_token("sat", "SAT"),
                            Arg::pure_token("fail", "FAIL"),
                        ]).token("OVERFLOW").optional(),
                        Arg::oneof("write_operation", &[
                            Arg::block("encoding_offset_value", &[
                                Arg::string("encoding"),
                                Arg::integer("offset"),
                                Arg::integer("value"),
                            ]).token("SET"),
                            Arg::block("encoding_offset_increment", &[
                                Arg::string("encoding"),
                                Arg::integer("offset"),
                                Arg::integer("increment"),
                            ]).token("INCRBY"),
                        ]),
                    ]),
                ]).optional().multiple(),
            ]),
    ),
    (
        "bitfield_ro",
        Meta::new("bitmap", "6.0.0", "Reads integers at arbitrary bit offsets of a string (the read-only form of BITFIELD).", "O(1) per operation.")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::block("encoding_offset", &[
                    Arg::string("encoding"),
                    Arg::integer("offset"),
                ]).token("GET").optional().multiple().multiple_token(),
            ]),
    ),
    (
        "bitop",
        Meta::new("bitmap", "2.6.0", "Stores the bitwise AND, OR, XOR or NOT of strings at a destination key.", "O(N), N being the length of the longest input string.")
            .keys(&[
                ks(OW | UPDATE, index(2), range(0, 1, 0)),
                ks(RO | ACCESS, index(3), range(-1, 1, 0)),
            ])
            .args(&[
                Arg::string("operation"),
                Arg::key("destkey", 0),
                Arg::key("key", 1).multiple(),
            ]),
    ),
    (
        "bitpos",
        Meta::new("bitmap", "2.8.7", "Finds the first bit set to 1 or 0 in a string, optionally within a byte or bit range.", "O(N), N being the number of bytes examined.")
            .history(&[("7.0.0", "Ranges may be given in bits with `BIT` (`BYTE` is the default).")])
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("bit"),
                Arg::block("index", &[
                    Arg::integer("start"),
                    Arg::block("end_index", &[
                        Arg::integer("end"),
                        Arg::oneof("index_unit", &[
                            Arg::pure_token("byte", "BYTE"),
                            Arg::pure_token("bit", "BIT"),
                        ]).since("7.0.0").optional(),
                    ]).optional(),
                ]).optional(),
            ]),
    ),
    (
        "getbit",
        Meta::new("bitmap", "2.2.0", "Returns the bit at an offset of a string (0 past its end).", "O(1)")
            .keys(&[ks(RO | ACCESS, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("offset"),
            ]),
    ),
    (
        "setbit",
        Meta::new("bitmap", "2.2.0", "Sets or clears the bit at an offset of a string, growing it with zero bytes as needed.", "O(1), plus the zero filling when the string grows.")
            .keys(&[ks(RW | ACCESS | UPDATE, index(1), range(0, 1, 0))])
            .args(&[
                Arg::key("key", 0),
                Arg::integer("offset"),
                Arg::integer("value"),
            ]),
    ),
];
