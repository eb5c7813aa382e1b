//! Metadata of the scripting commands (Redis group `scripting`).
//!
//! Sorted by full name. Since, group, arguments, key specs and tips are Redis 7.0's exactly;
//! summaries, complexities and history texts are Spinel's wording. See `commands/meta.rs`.

use super::key_flags::*;
use super::*;

const RW_NOTE: &str = "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE";
const RO_NOTE: &str = "We cannot tell how the keys will be used so we assume the worst, RO and ACCESS";
const EVAL_ARGS: &[Arg] = &[
    Arg::string("script"),
    Arg::integer("numkeys"),
    Arg::key("key", 0).optional().multiple(),
    Arg::string("arg").optional().multiple(),
];
const EVALSHA_ARGS: &[Arg] = &[
    Arg::string("sha1"),
    Arg::integer("numkeys"),
    Arg::key("key", 0).optional().multiple(),
    Arg::string("arg").optional().multiple(),
];
const FCALL_ARGS: &[Arg] = &[
    Arg::string("function"),
    Arg::integer("numkeys"),
    Arg::key("key", 0).optional().multiple(),
    Arg::string("arg").optional().multiple(),
];
const SYNC_MODE: &[Arg] = &[Arg::pure_token("async", "ASYNC"), Arg::pure_token("sync", "SYNC")];

pub(super) static ENTRIES: &[(&str, Meta)] = &[
    (
        "eval",
        Meta::new("scripting", "2.6.0", "Runs a Lua script on the server.", "Depends on the script.")
            .keys(&[ks(RW | ACCESS | UPDATE, index(2), keynum(0, 1, 1)).notes(RW_NOTE)])
            .args(EVAL_ARGS),
    ),
    (
        "eval_ro",
        Meta::new("scripting", "7.0.0", "Runs a read-only Lua script on the server.", "Depends on the script.")
            .keys(&[ks(RO | ACCESS, index(2), keynum(0, 1, 1)).notes(RO_NOTE)])
            .args(EVAL_ARGS),
    ),
    (
        "evalsha",
        Meta::new("scripting", "2.6.0", "Runs a cached Lua script by its SHA1 digest.", "Depends on the script.")
            .keys(&[ks(RW | ACCESS | UPDATE, index(2), keynum(0, 1, 1))])
            .args(EVALSHA_ARGS),
    ),
    (
        "evalsha_ro",
        Meta::new("scripting", "7.0.0", "Runs a cached read-only Lua script by its SHA1 digest.", "Depends on the script.")
            .keys(&[ks(RO | ACCESS, index(2), keynum(0, 1, 1))])
            .args(EVALSHA_ARGS),
    ),
    (
        "fcall",
        Meta::new("scripting", "7.0.0", "Calls a function of a loaded library.", "Depends on the function.")
            .keys(&[ks(RW | ACCESS | UPDATE, index(2), keynum(0, 1, 1)).notes(RW_NOTE)])
            .args(FCALL_ARGS),
    ),
    (
        "fcall_ro",
        Meta::new("scripting", "7.0.0", "Calls a read-only function of a loaded library.", "Depends on the function.")
            .keys(&[ks(RO | ACCESS, index(2), keynum(0, 1, 1)).notes(RO_NOTE)])
            .args(FCALL_ARGS),
    ),
    ("function", Meta::new("scripting", "7.0.0", "A container for function commands.", "Depends on the subcommand.")),
    (
        "function|delete",
        Meta::new("scripting", "7.0.0", "Deletes a library and its functions.", "O(1)")
            .tips(&["request_policy:all_shards", "response_policy:all_succeeded"])
            .args(&[Arg::string("library-name")]),
    ),
    ("function|dump", Meta::new("scripting", "7.0.0", "Serializes every library.", "O(N) where N is the number of functions")),
    (
        "function|flush",
        Meta::new("scripting", "7.0.0", "Deletes every library.", "O(N) where N is the number of functions deleted")
            .tips(&["request_policy:all_shards", "response_policy:all_succeeded"])
            .args(&[Arg::oneof("flush-type", SYNC_MODE).optional()]),
    ),
    ("function|help", Meta::new("scripting", "7.0.0", "Shows help about the FUNCTION subcommands.", "O(1)")),
    (
        "function|kill",
        Meta::new("scripting", "7.0.0", "Stops the function that is running, if it wrote nothing.", "O(1)")
            .tips(&["request_policy:all_shards", "response_policy:one_succeeded"]),
    ),
    (
        "function|list",
        Meta::new("scripting", "7.0.0", "Lists libraries and their functions.", "O(N) where N is the number of functions")
            .tips(&["nondeterministic_output_order"])
            .args(&[
                Arg::pattern("library-name-pattern").token("LIBRARYNAME").optional(),
                Arg::pure_token("withcode", "WITHCODE").optional(),
            ]),
    ),
    (
        "function|load",
        Meta::new("scripting", "7.0.0", "Loads a library of functions.", "O(1) (considering compilation time is redundant)")
            .tips(&["request_policy:all_shards", "response_policy:all_succeeded"])
            .args(&[Arg::pure_token("replace", "REPLACE").optional(), Arg::string("function-code")]),
    ),
    (
        "function|restore",
        Meta::new("scripting", "7.0.0", "Restores libraries from a FUNCTION DUMP payload.", "O(N) where N is the number of functions on the payload")
            .tips(&["request_policy:all_shards", "response_policy:all_succeeded"])
            .args(&[
                Arg::string("serialized-value"),
                Arg::oneof("policy", &[Arg::pure_token("flush", "FLUSH"), Arg::pure_token("append", "APPEND"), Arg::pure_token("replace", "REPLACE")]).optional(),
            ]),
    ),
    (
        "function|stats",
        Meta::new("scripting", "7.0.0", "Says which function runs and which engines exist.", "O(1)")
            .tips(&["nondeterministic_output", "request_policy:all_shards", "response_policy:special"]),
    ),
    ("script", Meta::new("scripting", "2.6.0", "A container for script commands.", "Depends on the subcommand.")),
    (
        "script|debug",
        Meta::new("scripting", "3.2.0", "Sets the debug mode of the scripts that follow.", "O(1)")
            .args(&[Arg::oneof("mode", &[Arg::pure_token("yes", "YES"), Arg::pure_token("sync", "SYNC"), Arg::pure_token("no", "NO")])]),
    ),
    (
        "script|exists",
        Meta::new("scripting", "2.6.0", "Says which scripts are in the script cache.", "O(N) for N scripts checked")
            .tips(&["request_policy:all_shards", "response_policy:agg_logical_and"])
            .args(&[Arg::string("sha1").multiple()]),
    ),
    (
        "script|flush",
        Meta::new("scripting", "2.6.0", "Empties the script cache.", "O(N) for N cached scripts")
            .history(&[("6.2.0", "Added the `ASYNC` and `SYNC` flushing mode modifiers.")])
            .tips(&["request_policy:all_nodes", "response_policy:all_succeeded"])
            .args(&[Arg::oneof("async", SYNC_MODE).since("6.2.0").optional()]),
    ),
    ("script|help", Meta::new("scripting", "5.0.0", "Shows help about the SCRIPT subcommands.", "O(1)")),
    (
        "script|kill",
        Meta::new("scripting", "2.6.0", "Stops the script that is running, if it wrote nothing.", "O(1)")
            .tips(&["request_policy:all_shards", "response_policy:one_succeeded"]),
    ),
    (
        "script|load",
        Meta::new("scripting", "2.6.0", "Puts a script in the script cache without running it.", "O(N) for a script of N bytes")
            .tips(&["request_policy:all_nodes", "response_policy:all_succeeded"])
            .args(&[Arg::string("script")]),
    ),
];
