//! Metadata of the cluster commands (Redis group `cluster`), which Spinel answers as a Redis
//! with cluster mode off.
//!
//! Sorted by full name. Since, group, arguments, key specs and tips are Redis 7.0's exactly;
//! summaries and complexities are Spinel's wording. See `commands/meta.rs`.

use super::*;

pub(super) static ENTRIES: &[(&str, Meta)] = &[
    (
        "asking",
        Meta::new("cluster", "3.0.0", "Lets the next command reach a slot being imported (cluster mode only).", "O(1)"),
    ),
    (
        "cluster",
        Meta::new("cluster", "3.0.0", "A container for the Redis Cluster commands; Spinel answers them all as a Redis with cluster mode off.", "Depends on the subcommand."),
    ),
    (
        "cluster|addslots",
        Meta::new("cluster", "3.0.0", "Assigns hash slots to the node (cluster mode only).", "O(N), N being the number of slots.")
            .args(&[
                Arg::integer("slot").multiple(),
            ]),
    ),
    (
        "cluster|addslotsrange",
        Meta::new("cluster", "7.0.0", "Assigns ranges of hash slots to the node (cluster mode only).", "O(N), N being the number of slots in the ranges.")
            .args(&[
                Arg::block("start-slot_end-slot", &[Arg::integer("start-slot"), Arg::integer("end-slot")]).multiple(),
            ]),
    ),
    (
        "cluster|bumpepoch",
        Meta::new("cluster", "3.0.0", "Advances the node's configuration epoch (cluster mode only).", "O(1)")
            .tips(&["nondeterministic_output"]),
    ),
    (
        "cluster|count-failure-reports",
        Meta::new("cluster", "3.0.0", "Counts the failure reports about a node (cluster mode only).", "O(N), N being the number of reports.")
            .tips(&["nondeterministic_output"])
            .args(&[
                Arg::string("node-id"),
            ]),
    ),
    (
        "cluster|countkeysinslot",
        Meta::new("cluster", "3.0.0", "Counts the keys of a hash slot (cluster mode only).", "O(1)")
            .args(&[
                Arg::integer("slot"),
            ]),
    ),
    (
        "cluster|delslots",
        Meta::new("cluster", "3.0.0", "Unassigns hash slots from the node (cluster mode only).", "O(N), N being the number of slots.")
            .args(&[
                Arg::integer("slot").multiple(),
            ]),
    ),
    (
        "cluster|delslotsrange",
        Meta::new("cluster", "7.0.0", "Unassigns ranges of hash slots from the node (cluster mode only).", "O(N), N being the number of slots in the ranges.")
            .args(&[
                Arg::block("start-slot_end-slot", &[Arg::integer("start-slot"), Arg::integer("end-slot")]).multiple(),
            ]),
    ),
    (
        "cluster|failover",
        Meta::new("cluster", "3.0.0", "Makes a replica take over from its master (cluster mode only).", "O(1)")
            .args(&[
                Arg::oneof("options", &[Arg::pure_token("force", "FORCE"), Arg::pure_token("takeover", "TAKEOVER")]).optional(),
            ]),
    ),
    (
        "cluster|flushslots",
        Meta::new("cluster", "3.0.0", "Unassigns every hash slot of the node (cluster mode only).", "O(1)"),
    ),
    (
        "cluster|forget",
        Meta::new("cluster", "3.0.0", "Removes a node from the node table (cluster mode only).", "O(1)")
            .args(&[
                Arg::string("node-id"),
            ]),
    ),
    (
        "cluster|getkeysinslot",
        Meta::new("cluster", "3.0.0", "Lists keys of a hash slot (cluster mode only).", "O(N), N being the number of keys returned.")
            .tips(&["nondeterministic_output"])
            .args(&[
                Arg::integer("slot"),
                Arg::integer("count"),
            ]),
    ),
    (
        "cluster|help",
        Meta::new("cluster", "5.0.0", "Lists the CLUSTER subcommands (cluster mode only).", "O(1)"),
    ),
    (
        "cluster|info",
        Meta::new("cluster", "3.0.0", "Describes the cluster's state (cluster mode only).", "O(1)")
            .tips(&["nondeterministic_output"]),
    ),
    (
        "cluster|keyslot",
        Meta::new("cluster", "3.0.0", "Gives the hash slot of a key (cluster mode only).", "O(N), N being the key's length.")
            .args(&[
                Arg::string("key"),
            ]),
    ),
    (
        "cluster|links",
        Meta::new("cluster", "7.0.0", "Lists the node's links on the cluster bus (cluster mode only).", "O(N), N being the number of links.")
            .tips(&["nondeterministic_output"]),
    ),
    (
        "cluster|meet",
        Meta::new("cluster", "3.0.0", "Joins a node to the cluster (cluster mode only).", "O(1)")
            .history(&[("4.0.0", "Added the cluster bus port.")])
            .args(&[
                Arg::string("ip"),
                Arg::integer("port"),
                Arg::integer("cluster_bus_port").since("4.0.0").optional(),
            ]),
    ),
    (
        "cluster|myid",
        Meta::new("cluster", "3.0.0", "Gives the node's ID (cluster mode only).", "O(1)"),
    ),
    (
        "cluster|nodes",
        Meta::new("cluster", "3.0.0", "Describes every node of the cluster (cluster mode only).", "O(N), N being the number of nodes.")
            .tips(&["nondeterministic_output"]),
    ),
    (
        "cluster|replicas",
        Meta::new("cluster", "5.0.0", "Lists the replicas of a master node (cluster mode only).", "O(N), N being the number of replicas.")
            .tips(&["nondeterministic_output"])
            .args(&[
                Arg::string("node-id"),
            ]),
    ),
    (
        "cluster|replicate",
        Meta::new("cluster", "3.0.0", "Makes the node a replica of another (cluster mode only).", "O(1)")
            .args(&[
                Arg::string("node-id"),
            ]),
    ),
    (
        "cluster|reset",
        Meta::new("cluster", "3.0.0", "Resets the node's cluster state (cluster mode only).", "O(N), N being the number of known nodes.")
            .args(&[
                Arg::oneof("hard_soft", &[Arg::pure_token("hard", "HARD"), Arg::pure_token("soft", "SOFT")]).optional(),
            ]),
    ),
    (
        "cluster|saveconfig",
        Meta::new("cluster", "3.0.0", "Writes the cluster configuration to disk (cluster mode only).", "O(1)"),
    ),
    (
        "cluster|set-config-epoch",
        Meta::new("cluster", "3.0.0", "Sets the configuration epoch of a new node (cluster mode only).", "O(1)")
            .args(&[
                Arg::integer("config-epoch"),
            ]),
    ),
    (
        "cluster|setslot",
        Meta::new("cluster", "3.0.0", "Binds a hash slot to a node, or marks it migrating or importing (cluster mode only).", "O(1)")
            .args(&[
                Arg::integer("slot"),
                Arg::oneof("subcommand", &[Arg::string("node-id").token("IMPORTING"), Arg::string("node-id").token("MIGRATING"), Arg::string("node-id").token("NODE"), Arg::pure_token("stable", "STABLE")]),
            ]),
    ),
    (
        "cluster|shards",
        Meta::new("cluster", "7.0.0", "Describes the cluster's shards (cluster mode only).", "O(N), N being the number of nodes.")
            .tips(&["nondeterministic_output"]),
    ),
    (
        "cluster|slaves",
        Meta::new("cluster", "3.0.0", "Lists the replicas of a master node (cluster mode only).", "O(N), N being the number of replicas.")
            .deprecated("5.0.0", "`CLUSTER REPLICAS`")
            .tips(&["nondeterministic_output"])
            .args(&[
                Arg::string("node-id"),
            ]),
    ),
    (
        "cluster|slots",
        Meta::new("cluster", "3.0.0", "Maps hash slot ranges to nodes (cluster mode only).", "O(N), N being the number of nodes.")
            .deprecated("7.0.0", "`CLUSTER SHARDS`")
            .history(&[("4.0.0", "Added the node's ID."), ("7.0.0", "Added the node's hostname and other networking metadata.")])
            .tips(&["nondeterministic_output"]),
    ),
    (
        "readonly",
        Meta::new("cluster", "3.0.0", "Lets a cluster replica serve reads on this connection (cluster mode only).", "O(1)"),
    ),
    (
        "readwrite",
        Meta::new("cluster", "3.0.0", "Ends READONLY on this connection (cluster mode only).", "O(1)"),
    ),
];
