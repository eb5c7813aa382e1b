// Transactions through the engine's MULTI/EXEC (EXECABORT, WATCH) and pub/sub to listeners:
// SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE, unsubscribing, keyspace notifications, RESP3 pushes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Spinel, ReplyError, WatchError } from "../src/index.js";

test("multi().exec() runs in the engine's MULTI/EXEC; EXECABORT; errors in place", async () => {
    const db = await Spinel.open();
    assert.deepEqual(await db.multi().set("a", "1").incr("a").get("a").hSet("h", { f: 1 }).exec(), ["OK", 2, "2", 1]);
    // A command refused at queueing time dooms the transaction, as in Redis.
    await assert.rejects(db.multi().set("a", "x").addCommand(["SET", "a"]).exec(),
        (e) => e instanceof ReplyError && e.message === "EXECABORT Transaction discarded because of previous errors.");
    assert.equal(await db.get("a"), "2");
    // A runtime error stays in place; the other commands ran.
    const [err, ok] = await db.multi().lPush("a", "x").set("b", "y").exec();
    assert.ok(err instanceof ReplyError && err.message.startsWith("WRONGTYPE"));
    assert.equal(ok, "OK");
    assert.equal(await db.get("b"), "y");
    await db.close();
});

test("watch(): a write by another connection aborts exec() with WatchError; unwatch clears it", async () => {
    const db = await Spinel.open();
    const other = db.duplicate();
    await db.set("k", "1");
    assert.equal(await db.watch("k"), "OK");
    await other.set("k", "2");
    await assert.rejects(db.multi().set("k", "3").exec(), WatchError);
    assert.equal(await db.get("k"), "2");
    // After EXEC the watch is gone; a new one with no interference commits.
    await db.watch("k");
    assert.deepEqual(await db.multi().incr("k").exec(), [3]);
    await db.watch("k");
    assert.equal(await db.unwatch(), "OK");
    await other.set("k", "9");
    assert.deepEqual(await db.multi().incr("k").exec(), [10]);
    await db.close();
});

test("subscribe, pSubscribe, sSubscribe deliver to listeners; unsubscribe stops them", async () => {
    const db = await Spinel.open();
    const sub = db.duplicate();
    const got = [];
    const onNews = (message, channel) => got.push(["news", channel, message]);
    await sub.subscribe("news", onNews);
    await sub.pSubscribe("user:*", (message, channel) => got.push(["user:*", channel, message]));
    await sub.sSubscribe("shard", (message, channel) => got.push(["shard", channel, message]));
    assert.equal(await db.publish("news", "hello"), 1);
    assert.equal(await db.publish("user:7", "login"), 1);
    assert.equal(await db.sendCommand(["SPUBLISH", "shard", "s1"]), 1);
    assert.equal(await db.publish("other", "nobody"), 0);
    assert.deepEqual(got, [["news", "news", "hello"], ["user:*", "user:7", "login"], ["shard", "shard", "s1"]]);
    // Subscriber mode as in Redis (RESP2): other commands are refused.
    await assert.rejects(sub.get("k"), /only \(P\|S\)SUBSCRIBE \/ \(P\|S\)UNSUBSCRIBE \/ PING \/ QUIT \/ RESET are allowed in this context/);
    // A second listener on the same channel; removing one keeps the channel subscribed.
    const second = [];
    const other = (m) => second.push(m);
    await sub.subscribe("news", other);
    await db.publish("news", "two");
    await sub.unsubscribe("news", onNews);
    assert.equal(await db.publish("news", "three"), 1);
    assert.deepEqual(second, ["two", "three"]);
    assert.deepEqual(got.slice(3), [["news", "news", "two"]]);
    await sub.unsubscribe();
    await sub.pUnsubscribe("user:*");
    await sub.sUnsubscribe();
    assert.equal(await db.publish("news", "four"), 0);
    assert.equal(await db.publish("user:1", "x"), 0);
    assert.deepEqual(await db.pubSubNumSub?.("news") ?? await db.sendCommand(["PUBSUB", "NUMSUB", "news"]), ["news", 0]);
    // Out of subscriber mode again.
    assert.equal(await sub.get("k"), null);
    await db.close();
});

test("keyspace notifications reach pSubscribe listeners", async () => {
    const db = await Spinel.open();
    const sub = db.duplicate();
    const events = [];
    await db.configSet?.("notify-keyspace-events", "KEA") ?? await db.sendCommand(["CONFIG", "SET", "notify-keyspace-events", "KEA"]);
    await sub.pSubscribe("__keyspace@0__:*", (event, channel) => events.push([channel, event]));
    await sub.pSubscribe("__keyevent@0__:expired", (key) => events.push(["expired", key]));
    await db.set("k", "v");
    await db.lPush("l", "a");
    await db.del("k");
    await db.set("t", "v", { PX: 1 });
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(await db.get("t"), null); // lazy expiry fires the event
    assert.deepEqual(events, [
        ["__keyspace@0__:k", "set"],
        ["__keyspace@0__:l", "lpush"],
        ["__keyspace@0__:k", "del"],
        ["__keyspace@0__:t", "set"],
        ["__keyspace@0__:t", "expire"],
        ["__keyspace@0__:t", "expired"],
        ["expired", "t"],
    ]);
    await db.close();
});

test("RESP3 pushes: a connection that said HELLO 3 gets messages and its own notifications through listeners", async () => {
    const db = await Spinel.open();
    await db.sendCommand(["CONFIG", "SET", "notify-keyspace-events", "K$"]);
    const r3 = db.duplicate();
    await r3.sendCommand(["HELLO", "3"]);
    const got = [];
    await r3.subscribe("ch", (m, c) => got.push([c, m]));
    await r3.pSubscribe("__keyspace@0__:*", (m, c) => got.push([c, m]));
    // RESP3 allows other commands while subscribed; notifications of its own write come as
    // pushes before the reply, and the reply is still the command's.
    assert.equal(await r3.set("mine", "1"), "OK");
    assert.equal(await db.publish("ch", "hi"), 1);
    assert.equal(await r3.get("mine"), "1");
    assert.deepEqual(got, [["__keyspace@0__:mine", "set"], ["ch", "hi"]]);
    // In a pipeline too: each command's reply in its place, the pushes to the listeners.
    got.length = 0;
    assert.deepEqual(await r3.pipeline().set("p1", "a").get("p1").set("p2", "b").execAsPipeline(), ["OK", "a", "OK"]);
    assert.deepEqual(got, [["__keyspace@0__:p1", "set"], ["__keyspace@0__:p2", "set"]]);
    // Pushes no listener takes (tracking invalidations) go to onPush.
    const pushed = [];
    r3.onPush((v) => pushed.push(v));
    await r3.sendCommand(["CLIENT", "TRACKING", "ON"]);
    await r3.get("mine");
    await db.set("mine", "2");
    assert.deepEqual(pushed.map((v) => [...v]), [["invalidate", ["mine"]]]);
    await db.close();
});
