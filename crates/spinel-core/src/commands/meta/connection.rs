//! Metadata of the connection commands (Redis group `connection`).
//!
//! Sorted by full name. Since, group, arguments, key specs and tips are Redis 7.0's exactly;
//! summaries, complexities and history texts are Spinel's wording. See `commands/meta.rs`.

use super::*;

pub(super) static ENTRIES: &[(&str, Meta)] = &[
    (
        "auth",
        Meta::new("connection", "1.0.0", "Authenticates the connection.", "O(N), N being the number of passwords of the user.")
            .history(&[("6.0.0", "Username and password (ACL) form introduced.")])
            .args(&[
                Arg::string("username").since("6.0.0").optional(),
                Arg::string("password"),
            ]),
    ),
    (
        "client",
        Meta::new("connection", "2.4.0", "Subcommands that inspect and manage client connections.", "Varies with the subcommand."),
    ),
    (
        "client|caching",
        Meta::new("connection", "6.0.0", "Tells the server whether to track the keys read by the next command (OPTIN/OPTOUT tracking).", "O(1)")
            .args(&[
                Arg::oneof("mode", &[
                    Arg::pure_token("yes", "YES"),
                    Arg::pure_token("no", "NO"),
                ]),
            ]),
    ),
    (
        "client|getname",
        Meta::new("connection", "2.6.9", "Returns the name of the connection.", "O(1)"),
    ),
    (
        "client|getredir",
        Meta::new("connection", "6.0.0", "Returns the client ID invalidation messages are redirected to.", "O(1)"),
    ),
    (
        "client|help",
        Meta::new("connection", "5.0.0", "Describes the CLIENT subcommands.", "O(1)"),
    ),
    (
        "client|id",
        Meta::new("connection", "5.0.0", "Returns the ID of the connection.", "O(1)"),
    ),
    (
        "client|info",
        Meta::new("connection", "6.2.0", "Describes the current connection.", "O(1)")
            .tips(&["nondeterministic_output"]),
    ),
    (
        "client|kill",
        Meta::new("connection", "2.4.0", "Closes client connections chosen by address, ID or other filters.", "O(N), N being the number of connections.")
            .history(&[("2.8.12", "Filter form introduced."), ("2.8.12", "Filter `ID` introduced."), ("3.2.0", "Type `master` accepted by `TYPE`."), ("5.0.0", "Type `replica` accepted by `TYPE`; `slave` kept as an alias."), ("6.2.0", "Filter `LADDR` introduced.")])
            .args(&[
                Arg::oneof("filter", &[
                    Arg::string("ip:port").deprecated_since("2.8.12"),
                    Arg::oneof("new-format", &[
                        Arg::integer("client-id").token("ID").since("2.8.12").optional(),
                        Arg::oneof("normal_master_slave_pubsub", &[
                            Arg::pure_token("normal", "NORMAL"),
                            Arg::pure_token("master", "MASTER").since("3.2.0"),
                            Arg::pure_token("slave", "SLAVE"),
                            Arg::pure_token("replica", "REPLICA").since("5.0.0"),
                            Arg::pure_token("pubsub", "PUBSUB"),
                        ]).token("TYPE").since("2.8.12").optional(),
                        Arg::string("username").token("USER").optional(),
                        Arg::string("ip:port").token("ADDR").optional(),
                        Arg::string("ip:port").token("LADDR").since("6.2.0").optional(),
                        Arg::string("yes/no").token("SKIPME").optional(),
                    ]).multiple(),
                ]),
            ]),
    ),
    (
        "client|list",
        Meta::new("connection", "2.4.0", "Describes the connected clients, one line each.", "O(N), N being the number of connections.")
            .history(&[("2.8.12", "Field `id` introduced."), ("5.0.0", "Filter `TYPE` introduced."), ("6.0.0", "Field `user` introduced."), ("6.2.0", "Fields `argv-mem`, `tot-mem`, `laddr`, `redir` and filter `ID` introduced."), ("7.0.0", "Fields `resp`, `multi-mem`, `rbs` and `rbp` introduced."), ("7.0.3", "Field `ssub` introduced.")])
            .tips(&["nondeterministic_output"])
            .args(&[
                Arg::oneof("normal_master_replica_pubsub", &[
                    Arg::pure_token("normal", "NORMAL"),
                    Arg::pure_token("master", "MASTER"),
                    Arg::pure_token("replica", "REPLICA"),
                    Arg::pure_token("pubsub", "PUBSUB"),
                ]).token("TYPE").since("5.0.0").optional(),
                Arg::block("id", &[
                    Arg::integer("client-id").multiple(),
                ]).token("ID").since("6.2.0").optional(),
            ]),
    ),
    (
        "client|no-evict",
        Meta::new("connection", "7.0.0", "Marks the connection as exempt from client eviction.", "O(1)")
            .args(&[
                Arg::oneof("enabled", &[Arg::pure_token("on", "ON"), Arg::pure_token("off", "OFF")]),
            ]),
    ),
    (
        "client|no-touch",
        Meta::new("connection", "7.2.0", "Keeps this connection's reads from changing keys' LRU/LFU data.", "O(1)")
            .args(&[
                Arg::oneof("enabled", &[Arg::pure_token("on", "ON"), Arg::pure_token("off", "OFF")]),
            ]),
    ),
    (
        "client|pause",
        Meta::new("connection", "2.9.50", "Holds back clients' commands (all, or only writes) for a while.", "O(1)")
            .history(&[("6.2.0", "`WRITE` and `ALL` modes.")])
            .args(&[
                Arg::integer("timeout"),
                Arg::oneof("mode", &[Arg::pure_token("write", "WRITE"), Arg::pure_token("all", "ALL")]).since("6.2.0").optional(),
            ]),
    ),
    (
        "client|reply",
        Meta::new("connection", "3.2.0", "Turns the replies to this connection on, off, or off for the next command.", "O(1)")
            .args(&[
                Arg::oneof("on_off_skip", &[Arg::pure_token("on", "ON"), Arg::pure_token("off", "OFF"), Arg::pure_token("skip", "SKIP")]),
            ]),
    ),
    (
        "client|setinfo",
        Meta::new("connection", "7.2.0", "Records the client library name or version of the connection.", "O(1)")
            .tips(&["request_policy:all_nodes", "response_policy:all_succeeded"])
            .args(&[
                Arg::oneof("attr", &[
                    Arg::string("libname").token("lib-name"),
                    Arg::string("libver").token("lib-ver"),
                ]),
            ]),
    ),
    (
        "client|setname",
        Meta::new("connection", "2.6.9", "Names the connection.", "O(1)")
            .args(&[
                Arg::string("connection-name"),
            ]),
    ),
    (
        "client|tracking",
        Meta::new("connection", "6.0.0", "Turns server-assisted client-side caching on or off for the connection.", "O(1). Some options may introduce additional complexity.")
            .args(&[
                Arg::oneof("status", &[
                    Arg::pure_token("on", "ON"),
                    Arg::pure_token("off", "OFF"),
                ]),
                Arg::integer("client-id").token("REDIRECT").optional(),
                Arg::string("prefix").token("PREFIX").optional().multiple().multiple_token(),
                Arg::pure_token("bcast", "BCAST").optional(),
                Arg::pure_token("optin", "OPTIN").optional(),
                Arg::pure_token("optout", "OPTOUT").optional(),
                Arg::pure_token("noloop", "NOLOOP").optional(),
            ]),
    ),
    (
        "client|trackinginfo",
        Meta::new("connection", "6.2.0", "Describes the connection's client-side caching state.", "O(1)"),
    ),
    (
        "client|unblock",
        Meta::new("connection", "5.0.0", "Ends another client's blocking command, as a timeout or an error.", "O(log N), N being the number of blocked clients.")
            .args(&[
                Arg::integer("client-id"),
                Arg::oneof("timeout_error", &[Arg::pure_token("timeout", "TIMEOUT"), Arg::pure_token("error", "ERROR")]).optional(),
            ]),
    ),
    (
        "client|unpause",
        Meta::new("connection", "6.2.0", "Ends a CLIENT PAUSE.", "O(N), N being the number of held commands."),
    ),
    (
        "echo",
        Meta::new("connection", "1.0.0", "Replies with its argument.", "O(1)")
            .args(&[
                Arg::string("message"),
            ]),
    ),
    (
        "hello",
        Meta::new("connection", "6.0.0", "Negotiates the protocol version and optionally authenticates and names the connection.", "O(1)")
            .history(&[("6.2.0", "`protover` became optional; without arguments the reply describes the connection.")])
            .args(&[
                Arg::block("arguments", &[
                    Arg::integer("protover"),
                    Arg::block("username_password", &[
                        Arg::string("username"),
                        Arg::string("password"),
                    ]).token("AUTH").optional(),
                    Arg::string("clientname").token("SETNAME").optional(),
                ]).optional(),
            ]),
    ),
    (
        "ping",
        Meta::new("connection", "1.0.0", "Checks that the server answers.", "O(1)")
            .tips(&["request_policy:all_shards", "response_policy:all_succeeded"])
            .args(&[
                Arg::string("message").optional(),
            ]),
    ),
    (
        "quit",
        Meta::new("connection", "1.0.0", "Asks the server to close the connection.", "O(1)"),
    ),
    (
        "reset",
        Meta::new("connection", "6.2.0", "Returns the connection to its initial state.", "O(1)"),
    ),
    (
        "select",
        Meta::new("connection", "1.0.0", "Switches the connection to another database.", "O(1)")
            .args(&[
                Arg::integer("index"),
            ]),
    ),
];
