//! Metadata of the Pub/Sub commands (Redis group `pubsub`).
//!
//! Sorted by full name. Since, group, arguments, key specs and tips are Redis 7.0's exactly;
//! summaries and complexities are Spinel's wording. See `commands/meta.rs`.

use super::key_flags::*;
use super::*;

pub(super) static ENTRIES: &[(&str, Meta)] = &[
    (
        "psubscribe",
        Meta::new("pubsub", "2.0.0", "Listens for messages on channels matching glob patterns.", "O(N), N being the number of patterns given.")
            .args(&[
                Arg::block("pattern", &[Arg::pattern("pattern")]).multiple(),
            ]),
    ),
    (
        "publish",
        Meta::new("pubsub", "2.0.0", "Posts a message to a channel.", "O(N+M), N being the subscribers of the channel and M the subscribed patterns.")
            .args(&[
                Arg::string("channel"),
                Arg::string("message"),
            ]),
    ),
    (
        "pubsub",
        Meta::new("pubsub", "2.8.0", "Subcommands that inspect the Pub/Sub state.", "Varies with the subcommand."),
    ),
    (
        "pubsub|channels",
        Meta::new("pubsub", "2.8.0", "Lists the channels with subscribers, optionally matching a pattern.", "O(N), N being the number of active channels.")
            .args(&[
                Arg::pattern("pattern").optional(),
            ]),
    ),
    (
        "pubsub|help",
        Meta::new("pubsub", "6.2.0", "Describes the PUBSUB subcommands.", "O(1)"),
    ),
    (
        "pubsub|numpat",
        Meta::new("pubsub", "2.8.0", "Counts the patterns with subscribers.", "O(1)"),
    ),
    (
        "pubsub|numsub",
        Meta::new("pubsub", "2.8.0", "Counts the subscribers of channels.", "O(N), N being the number of channels given.")
            .args(&[
                Arg::string("channel").optional().multiple(),
            ]),
    ),
    (
        "pubsub|shardchannels",
        Meta::new("pubsub", "7.0.0", "Lists the shard channels with subscribers, optionally matching a pattern.", "O(N), N being the number of active shard channels.")
            .args(&[
                Arg::pattern("pattern").optional(),
            ]),
    ),
    (
        "pubsub|shardnumsub",
        Meta::new("pubsub", "7.0.0", "Counts the subscribers of shard channels.", "O(N), N being the number of shard channels given.")
            .args(&[
                Arg::string("shardchannel").optional().multiple(),
            ]),
    ),
    (
        "punsubscribe",
        Meta::new("pubsub", "2.0.0", "Stops listening on channels matching patterns.", "O(N+M), N being the client's patterns and M all subscribed patterns.")
            .args(&[
                Arg::pattern("pattern").optional().multiple(),
            ]),
    ),
    (
        "spublish",
        Meta::new("pubsub", "7.0.0", "Posts a message to a shard channel.", "O(N), N being the subscribers of the shard channel.")
            .keys(&[ks(NOT_KEY, index(1), range(0, 1, 0))])
            .args(&[
                Arg::string("shardchannel"),
                Arg::string("message"),
            ]),
    ),
    (
        "ssubscribe",
        Meta::new("pubsub", "7.0.0", "Listens for messages on shard channels.", "O(N), N being the number of shard channels given.")
            .keys(&[ks(NOT_KEY, index(1), range(-1, 1, 0))])
            .args(&[
                Arg::string("shardchannel").multiple(),
            ]),
    ),
    (
        "subscribe",
        Meta::new("pubsub", "2.0.0", "Listens for messages on channels.", "O(N), N being the number of channels given.")
            .args(&[
                Arg::string("channel").multiple(),
            ]),
    ),
    (
        "sunsubscribe",
        Meta::new("pubsub", "7.0.0", "Stops listening on shard channels.", "O(N), N being the number of shard channels given.")
            .keys(&[ks(NOT_KEY, index(1), range(-1, 1, 0))])
            .args(&[
                Arg::string("shardchannel").optional().multiple(),
            ]),
    ),
    (
        "unsubscribe",
        Meta::new("pubsub", "2.0.0", "Stops listening on channels.", "O(N), N being the number of channels given.")
            .args(&[
                Arg::string("channel").optional().multiple(),
            ]),
    ),
];
