//! Metadata of the ACL commands (Redis group `server`).
//!
//! Sorted by full name. Since, group and arguments are Redis 7.0's exactly; summaries,
//! complexities and history texts are Spinel's wording. See `commands/meta.rs`.

use super::*;

pub(super) static ENTRIES: &[(&str, Meta)] = &[
    ("acl", Meta::new("server", "6.0.0", "A container for the access control commands.", "Depends on the subcommand.")),
    (
        "acl|cat",
        Meta::new("server", "6.0.0", "Lists the ACL categories, or the commands of one category.", "O(1), the table of commands being fixed.")
            .args(&[Arg::string("categoryname").optional()]),
    ),
    (
        "acl|deluser",
        Meta::new("server", "6.0.0", "Deletes users and disconnects the clients using them.", "O(1) amortized per user; O(N) in the connected clients.")
            .args(&[Arg::string("username").multiple()]),
    ),
    (
        "acl|dryrun",
        Meta::new("server", "7.0.0", "Tells whether a user could run a command, without running it.", "O(1).")
            .args(&[Arg::string("username"), Arg::string("command"), Arg::string("arg").optional().multiple()]),
    ),
    (
        "acl|genpass",
        Meta::new("server", "6.0.0", "Generates a random password (256 bits unless told otherwise).", "O(N), N being the number of bits.")
            .args(&[Arg::integer("bits").optional()]),
    ),
    (
        "acl|getuser",
        Meta::new("server", "6.0.0", "Describes one user: flags, password hashes, commands, keys, channels and selectors.", "O(N), N being the number of password, key and channel patterns.")
            .history(&[("6.2.0", "Pub/Sub channel patterns added."), ("7.0.0", "Selectors added; key patterns may carry read/write permissions.")])
            .args(&[Arg::string("username")]),
    ),
    ("acl|help", Meta::new("server", "6.0.0", "Describes the ACL subcommands.", "O(1).")),
    ("acl|list", Meta::new("server", "6.0.0", "Lists every user as an ACL file line.", "O(N), N being the number of users.")),
    ("acl|load", Meta::new("server", "6.0.0", "Replaces every user with the contents of the ACL file.", "O(N), N being the number of users.")),
    (
        "acl|log",
        Meta::new("server", "6.0.0", "Lists the latest refused commands, keys, channels and logins.", "O(N), N being the number of entries shown.")
            .args(&[Arg::oneof("operation", &[Arg::integer("count"), Arg::pure_token("reset", "RESET")]).optional()]),
    ),
    ("acl|save", Meta::new("server", "6.0.0", "Writes every user to the ACL file.", "O(N), N being the number of users.")),
    (
        "acl|setuser",
        Meta::new("server", "6.0.0", "Creates or changes a user from a list of rules.", "O(N), N being the number of rules.")
            .history(&[("6.2.0", "Pub/Sub channel patterns added."), ("7.0.0", "Selectors and read/write key permissions added.")])
            .args(&[Arg::string("username"), Arg::string("rule").optional().multiple()]),
    ),
    ("acl|users", Meta::new("server", "6.0.0", "Lists the user names.", "O(N), N being the number of users.")),
    ("acl|whoami", Meta::new("server", "6.0.0", "Returns the user of the current connection.", "O(1).")),
];
