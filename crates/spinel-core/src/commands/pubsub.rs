//! Pub/Sub commands: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH and PUBSUB.
//! The subscription tables and message delivery are in `crate::pubsub`.

use super::connection::reply_help;
use super::{acl, flags::*, CommandSpec, Ctx};
use crate::engine::Engine;
use crate::glob::glob_match;
use crate::pubsub::Kind;
use crate::Reply;
use alloc::vec::Vec;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new("subscribe", -2, PUBSUB | NOSCRIPT | LOADING | STALE, acl::PUBSUB | acl::SLOW, subscribe),
    CommandSpec::new("unsubscribe", -1, PUBSUB | NOSCRIPT | LOADING | STALE, acl::PUBSUB | acl::SLOW, unsubscribe),
    CommandSpec::new("psubscribe", -2, PUBSUB | NOSCRIPT | LOADING | STALE, acl::PUBSUB | acl::SLOW, psubscribe),
    CommandSpec::new("punsubscribe", -1, PUBSUB | NOSCRIPT | LOADING | STALE, acl::PUBSUB | acl::SLOW, punsubscribe),
    CommandSpec::new("ssubscribe", -2, PUBSUB | NOSCRIPT | LOADING | STALE, acl::PUBSUB | acl::SLOW, ssubscribe).keys(1, -1, 1),
    CommandSpec::new("sunsubscribe", -1, PUBSUB | NOSCRIPT | LOADING | STALE, acl::PUBSUB | acl::SLOW, sunsubscribe).keys(1, -1, 1),
    CommandSpec::new("publish", 3, PUBSUB | LOADING | STALE | FAST | MAY_REPLICATE, acl::PUBSUB | acl::FAST, publish),
    CommandSpec::new("spublish", 3, PUBSUB | LOADING | STALE | FAST | MAY_REPLICATE, acl::PUBSUB | acl::FAST, spublish).keys(1, 1, 1),
    CommandSpec::new("pubsub", -2, 0, acl::SLOW, super::container).with_subcommands(PUBSUB_SUBCOMMANDS),
];

const PUBSUB_SUBCOMMANDS: &[CommandSpec] = &[
    CommandSpec::sub("pubsub|channels", "channels", -2, PUBSUB | LOADING | STALE, acl::PUBSUB | acl::SLOW, pubsub_channels),
    CommandSpec::sub("pubsub|numsub", "numsub", -2, PUBSUB | LOADING | STALE, acl::PUBSUB | acl::SLOW, pubsub_numsub),
    CommandSpec::sub("pubsub|numpat", "numpat", 2, PUBSUB | LOADING | STALE, acl::PUBSUB | acl::SLOW, pubsub_numpat),
    CommandSpec::sub("pubsub|shardchannels", "shardchannels", -2, PUBSUB | LOADING | STALE, acl::PUBSUB | acl::SLOW, pubsub_shardchannels),
    CommandSpec::sub("pubsub|shardnumsub", "shardnumsub", -2, PUBSUB | LOADING | STALE, acl::PUBSUB | acl::SLOW, pubsub_shardnumsub),
    CommandSpec::sub("pubsub|help", "help", 2, LOADING | STALE, acl::SLOW, pubsub_help),
];

/// What a RESP2 client in subscribed mode may still run.
pub(crate) fn allowed_when_subscribed(spec: &CommandSpec) -> bool {
    matches!(
        spec.full_name,
        "ping" | "subscribe" | "ssubscribe" | "unsubscribe" | "sunsubscribe" | "psubscribe" | "punsubscribe" | "quit" | "reset"
    )
}

/// Subscription confirmations are pushes: they reach the client even under CLIENT REPLY
/// OFF|SKIP, as in Redis (its CLIENT_PUSHING), so they go out beside the silenced reply.
fn confirming(e: &mut Engine, ctx: &mut Ctx, f: impl FnOnce(&mut Engine, &mut Reply)) {
    if !e.clients.get(ctx.client).is_some_and(|c| c.reply_off || c.reply_skip) {
        return f(e, &mut ctx.out);
    }
    let mut buf = Vec::new();
    f(e, &mut Reply::new(&mut buf, ctx.out.proto));
    e.self_pushes.extend_from_slice(&buf);
}

fn subscribe_each(e: &mut Engine, ctx: &mut Ctx, kind: Kind) {
    let (client, names) = (ctx.client, ctx.argv);
    confirming(e, ctx, |e, out| {
        for name in &names[1..] {
            e.subscribe(client, kind, name, out);
        }
    });
}

fn subscribe(e: &mut Engine, ctx: &mut Ctx) {
    subscribe_each(e, ctx, Kind::Channel);
}

fn psubscribe(e: &mut Engine, ctx: &mut Ctx) {
    subscribe_each(e, ctx, Kind::Pattern);
}

fn ssubscribe(e: &mut Engine, ctx: &mut Ctx) {
    // Unlike SUBSCRIBE and PSUBSCRIBE, Redis 7.0 refuses it inside MULTI too.
    if ctx.no_block {
        return ctx.out.error("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
    }
    subscribe_each(e, ctx, Kind::Shard);
}

fn unsubscribe(e: &mut Engine, ctx: &mut Ctx) {
    let (client, names) = (ctx.client, ctx.argv);
    confirming(e, ctx, |e, out| e.unsubscribe(client, Kind::Channel, &names[1..], Some(out)));
}

fn punsubscribe(e: &mut Engine, ctx: &mut Ctx) {
    let (client, names) = (ctx.client, ctx.argv);
    confirming(e, ctx, |e, out| e.unsubscribe(client, Kind::Pattern, &names[1..], Some(out)));
}

fn sunsubscribe(e: &mut Engine, ctx: &mut Ctx) {
    let (client, names) = (ctx.client, ctx.argv);
    confirming(e, ctx, |e, out| e.unsubscribe(client, Kind::Shard, &names[1..], Some(out)));
}

fn publish(e: &mut Engine, ctx: &mut Ctx) {
    let n = e.publish(ctx.argv[1], ctx.argv[2]);
    e.dirty += 1; // as Redis: a PUBLISH is propagated (replicas and the AOF carry it)
    ctx.out.int(n as i64);
}

fn spublish(e: &mut Engine, ctx: &mut Ctx) {
    let n = e.spublish(ctx.argv[1], ctx.argv[2]);
    e.dirty += 1;
    ctx.out.int(n as i64);
}

/// Names of `table` matching the optional pattern in argv[2].
fn list_names(ctx: &mut Ctx, names: Vec<&[u8]>) {
    if ctx.argv.len() > 3 {
        // One pattern at most: the handler refuses more, as Redis's does.
        return super::subcommand_syntax_error(&mut ctx.out, ctx.argv);
    }
    let pattern = ctx.argv.get(2).copied();
    let names: Vec<&[u8]> = names.into_iter().filter(|n| pattern.is_none_or(|p| glob_match(p, n, false))).collect();
    ctx.out.array(names.len());
    for n in names {
        ctx.out.bulk(n);
    }
}

fn pubsub_channels(e: &mut Engine, ctx: &mut Ctx) {
    let names = e.pubsub.channels.keys().map(|k| k.as_slice()).collect();
    list_names(ctx, names);
}

fn pubsub_shardchannels(e: &mut Engine, ctx: &mut Ctx) {
    let names = e.pubsub.shard_channels.keys().map(|k| k.as_slice()).collect();
    list_names(ctx, names);
}

fn numsub(ctx: &mut Ctx, count: impl Fn(&[u8]) -> usize) {
    let names = &ctx.argv[2..];
    // A flat array of name, count pairs in both protocols, as Redis 7.0 replies.
    ctx.out.array(names.len() * 2);
    for n in names {
        ctx.out.bulk(n);
        ctx.out.int(count(n) as i64);
    }
}

fn pubsub_numsub(e: &mut Engine, ctx: &mut Ctx) {
    let table = &e.pubsub.channels;
    numsub(ctx, |n| table.get(n).map_or(0, |l| l.len()));
}

fn pubsub_shardnumsub(e: &mut Engine, ctx: &mut Ctx) {
    let table = &e.pubsub.shard_channels;
    numsub(ctx, |n| table.get(n).map_or(0, |l| l.len()));
}

fn pubsub_numpat(e: &mut Engine, ctx: &mut Ctx) {
    ctx.out.int(e.pubsub.pattern_count() as i64);
}

fn pubsub_help(_e: &mut Engine, ctx: &mut Ctx) {
    reply_help(
        &mut ctx.out,
        "PUBSUB",
        &[
            "CHANNELS [<pattern>]",
            "    Return the currently active channels matching a <pattern> (default: '*').",
            "NUMPAT",
            "    Return number of subscriptions to patterns.",
            "NUMSUB [<channel> ...]",
            "    Return the number of subscribers for the specified channels, excluding",
            "    pattern subscriptions(default: no channels).",
            "SHARDCHANNELS [<pattern>]",
            "    Return the currently active shard level channels matching a <pattern> (default: '*').",
            "SHARDNUMSUB [<shardchannel> ...]",
            "    Return the number of subscribers for the specified shard level channel(s)",
        ],
    );
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::{engine, run};
    use crate::client::ConnInfo;

    #[test]
    fn subscribe_publish_and_counts() {
        let (mut e, a) = engine();
        let b = e.connect(ConnInfo::default(), 0);
        assert_eq!(run(&mut e, a, "SUBSCRIBE news sport"), b"*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$5\r\nsport\r\n:2\r\n");
        assert_eq!(run(&mut e, a, "PSUBSCRIBE n*"), b"*3\r\n$10\r\npsubscribe\r\n$2\r\nn*\r\n:3\r\n");
        assert_eq!(run(&mut e, b, "PUBLISH news hi"), b":2\r\n");
        assert_eq!(e.take_ready(), [a]);
        let mut out = alloc::vec::Vec::new();
        e.take_pending(a, &mut out);
        assert_eq!(out, b"*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$2\r\nhi\r\n*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$2\r\nhi\r\n");
        assert_eq!(run(&mut e, b, "PUBSUB NUMSUB news none"), b"*4\r\n$4\r\nnews\r\n:1\r\n$4\r\nnone\r\n:0\r\n");
        assert_eq!(run(&mut e, b, "PUBSUB NUMPAT"), b":1\r\n");
        assert_eq!(run(&mut e, a, "GET x"), b"-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n");
        assert_eq!(run(&mut e, a, "PING"), b"*2\r\n$4\r\npong\r\n$0\r\n\r\n");
        assert_eq!(run(&mut e, a, "UNSUBSCRIBE news"), b"*3\r\n$11\r\nunsubscribe\r\n$4\r\nnews\r\n:2\r\n");
        assert_eq!(run(&mut e, a, "PUNSUBSCRIBE"), b"*3\r\n$12\r\npunsubscribe\r\n$2\r\nn*\r\n:1\r\n");
        e.disconnect(a);
        assert_eq!(run(&mut e, b, "PUBLISH sport x"), b":0\r\n");
        assert_eq!(run(&mut e, b, "UNSUBSCRIBE"), b"*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n");
    }

    #[test]
    fn resp3_self_publish_push_comes_before_the_reply() {
        let (mut e, a) = engine();
        run(&mut e, a, "HELLO 3");
        assert_eq!(run(&mut e, a, "SUBSCRIBE c"), b">3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n");
        assert_eq!(run(&mut e, a, "PUBLISH c m"), b">3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nm\r\n:1\r\n");
        assert_eq!(run(&mut e, a, "GET x"), b"_\r\n");
    }
}
