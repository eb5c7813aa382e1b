// The package's API under Node: node-redis style commands and replies, errors, duplicate(),
// blocking promises, transactions/pipelines, manual clock and active expiry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Spinel, manualClock, ReplyError, ClientClosedError } from "../src/index.js";

test("strings: set options, get, incr, Uint8Array values", async () => {
    const db = await Spinel.open();
    assert.equal(await db.set("k", "v"), "OK");
    assert.equal(await db.get("k"), "v");
    assert.equal(await db.get("missing"), null);
    assert.equal(await db.set("k", "w", { NX: true }), null);
    assert.equal(await db.set("k", "w", { XX: true, GET: true }), "v");
    assert.equal(await db.set("n", 10), "OK");
    assert.equal(await db.incr("n"), 11);
    assert.equal(await db.incrBy("n", 5), 16);
    assert.equal(await db.sendCommand(["INCR", "n"]), 17);
    assert.equal(await db.SET("u", "é✓"), "OK");
    assert.equal(await db.get("u"), "é✓");
    const bytes = new Uint8Array([0, 255, 13, 10, 128]);
    await db.set("b", bytes);
    assert.deepEqual(await db.withBuffers().get("b"), bytes);
    assert.equal(await db.strLen("b"), 5);
    const long = "x".repeat(100000);
    await db.set("long", long);
    assert.equal(await db.get("long"), long);
    assert.deepEqual(await db.mGet(["k", "n", "nope"]), ["w", "17", null]);
    assert.equal(await db.mSet({ m1: "a", m2: "b" }), "OK");
    assert.equal(await db.del(["m1", "m2", "nope"]), 2);
    assert.equal(await db.exists("k"), 1);
    await db.close();
});

test("errors are ReplyError with Redis's text", async () => {
    const db = await Spinel.open();
    await db.set("s", "x");
    await assert.rejects(db.lPush("s", "a"), (e) => e instanceof ReplyError && e instanceof Error &&
        e.message === "WRONGTYPE Operation against a key holding the wrong kind of value");
    await assert.rejects(db.sendCommand(["NOPE", "a"]), { message: "ERR unknown command 'NOPE', with args beginning with: 'a' " });
    await assert.rejects(db.incr("s"), { message: "ERR value is not an integer or out of range" });
    assert.throws(() => db.sendCommandSync(["GET"]), { message: "ERR wrong number of arguments for 'get' command" });
    await assert.rejects(db.sendCommand(["SET", "k", null]), TypeError);
    await db.close();
    await assert.rejects(db.get("s"), ClientClosedError);
});

test("hashes, lists, sets, sorted sets, streams in node-redis shapes", async () => {
    const db = await Spinel.open();
    assert.equal(await db.hSet("h", { a: 1, b: "two" }), 2);
    assert.equal(await db.hSet("h", "c", "3"), 1);
    assert.deepEqual({ ...(await db.hGetAll("h")) }, { a: "1", b: "two", c: "3" });
    assert.deepEqual({ ...(await db.hGetAll("none")) }, {});
    assert.equal(await db.hExists("h", "a"), true);
    assert.equal(await db.hGet("h", "b"), "two");
    assert.equal(await db.lPush("l", ["a", "b"]), 2);
    assert.equal(await db.rPush("l", "c"), 3);
    assert.deepEqual(await db.lRange("l", 0, -1), ["b", "a", "c"]);
    assert.equal(await db.sAdd("s", ["x", "y", "x"]), 2);
    assert.deepEqual((await db.sMembers("s")).sort(), ["x", "y"]);
    assert.equal(await db.sIsMember("s", "x"), true);
    assert.equal(await db.zAdd("z", [{ score: 2, value: "b" }, { score: 1.5, value: "a" }]), 2);
    assert.equal(await db.zAdd("z", { score: 3, value: "b" }, { XX: true, CH: true }), 1);
    assert.deepEqual(await db.zRange("z", 0, -1), ["a", "b"]);
    assert.deepEqual(await db.zRangeWithScores("z", 0, -1), [{ value: "a", score: 1.5 }, { value: "b", score: 3 }]);
    assert.equal(await db.zScore("z", "b"), 3);
    assert.equal(await db.zScore("z", "nope"), null);
    const id = await db.xAdd("st", "1-1", { f: "v", g: "w" });
    assert.equal(id, "1-1");
    assert.deepEqual(await db.xRange("st", "-", "+"), [{ id: "1-1", message: Object.assign(Object.create(null), { f: "v", g: "w" }) }]);
    const r = await db.xRead([{ key: "st", id: "0" }], { COUNT: 10 });
    assert.equal(r[0].name, "st");
    assert.equal(r[0].messages[0].message.g, "w");
    assert.equal(await db.xRead({ key: "st", id: "$" }), null);
    await db.close();
});

test("expiry follows the manual clock: TTLs, lazy and active expiry", async () => {
    const clock = manualClock(1_700_000_000_000);
    const db = await Spinel.open({ clock });
    await db.set("a", "1", { EX: 10 });
    await db.set("b", "1", { PX: 1500 });
    assert.equal(await db.expire("c", 5), false);
    await db.set("c", "1");
    assert.equal(await db.expire("c", 5), true);
    assert.equal(await db.ttl("a"), 10);
    clock.advance(4000);
    assert.equal(await db.ttl("a"), 6);
    assert.equal(await db.pTTL("a"), 6000);
    // b expired: active expiry removed it without anyone reading it.
    const info = await db.info("stats");
    assert.match(info, /expired_keys:1\r\n/);
    assert.equal(await db.exists("b"), 0);
    // Redis expires a key once the clock is past its time, not at it.
    clock.advance(6000);
    assert.equal(await db.pTTL("a"), 0);
    clock.advance(1);
    // DBSIZE counts a key until active expiry (the next cron, 1000/hz ms) removes it.
    assert.equal(await db.dbSize(), 1);
    clock.advance(100);
    assert.equal(await db.dbSize(), 0);
    assert.equal(await db.ttl("a"), -2);
    await db.close();
});

test("blocking commands resolve when another handle writes, or at their timeout", async () => {
    const clock = manualClock(1_700_000_000_000);
    const db = await Spinel.open({ clock });
    const other = db.duplicate();
    const waiting = other.blPop("q", 0);
    let settled = false;
    waiting.then(() => (settled = true));
    // Commands on the blocked connection wait behind it, as on a real connection.
    const after = other.get("after");
    await db.set("after", "x");
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false);
    assert.equal(await db.rPush("q", ["a", "b"]), 2);
    assert.deepEqual(await waiting, { key: "q", element: "a" });
    assert.equal(await after, "x");
    assert.deepEqual(await db.lRange("q", 0, -1), ["b"]);
    // A timeout is answered when the clock passes it.
    const t = other.brPop(["none1", "none2"], 1.5);
    clock.advance(1000);
    await new Promise((r) => setImmediate(r));
    clock.advance(600);
    assert.equal(await t, null);
    // XREAD BLOCK is answered by an XADD.
    const xr = other.xRead({ key: "s", id: "$" }, { BLOCK: 0 });
    await db.xAdd("s", "5-1", { k: "v" });
    assert.equal((await xr)[0].messages[0].id, "5-1");
    assert.throws(() => db.sendCommandSync(["BLPOP", "q", "0"]), TypeError);
    // However the name is spelled: a blocking command never runs on the synchronous path.
    assert.throws(() => db.sendCommandSync([new TextEncoder().encode("blpop"), "q", "0"]), TypeError);
    assert.throws(() => db.sendCommandSync(["bLpOp", "q", "0"]), TypeError);
    await db.close();
    await assert.rejects(other.get("x"), ClientClosedError);
});

test("withBuffers() is the same connection: a blocked command's reply comes in its form, in order", async () => {
    const db = await Spinel.open();
    const other = db.duplicate();
    const bytes = other.withBuffers();
    const waiting = bytes.blPop("q", 0);
    // Sent on the plain handle while the view waits: it runs after the blocked command.
    const after = other.get("k");
    await db.set("k", "v");
    await db.lPush("q", "x");
    assert.deepEqual(await waiting, { key: new Uint8Array([113]), element: new Uint8Array([120]) });
    assert.equal(await after, "v");
    // A command queued on the view behind a blocked one keeps the view's form.
    const first = other.blPop("q", 0);
    const second = bytes.get("k");
    await db.rPush("q", "y");
    assert.deepEqual(await first, { key: "q", element: "y" });
    assert.deepEqual(await second, new Uint8Array([118]));
    // Disconnecting the view closes the connection.
    await bytes.disconnect();
    assert.equal(other.isOpen, false);
    await db.close();
});

test("MONITOR: lines go to onPush, the connection's own commands still get their replies", async () => {
    const db = await Spinel.open();
    const mon = db.duplicate();
    const lines = [];
    mon.onPush((line) => lines.push(line));
    assert.equal(await mon.sendCommand(["MONITOR"]), "OK");
    await db.set("a", "1");
    // Its own command is shown to it before its reply, as Redis does.
    assert.equal(await mon.sendCommand(["PING"]), "PONG");
    assert.equal(await mon.sendCommand(["ECHO", "hi"]), "hi");
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^\d+\.\d{6} \[0 .*\] "set" "a" "1"$/i);
    assert.match(lines[1], /"PING"$/);
    assert.match(lines[2], /"ECHO" "hi"$/);
    await db.close();
});

test("duplicate() is a second client: its own SELECT, same data", async () => {
    const db = await Spinel.open();
    const d = db.duplicate();
    await d.connect();
    await db.set("k", "db0");
    assert.equal(await d.select(1), "OK");
    assert.equal(await d.get("k"), null);
    await d.set("k", "db1");
    assert.equal(await db.get("k"), "db0");
    assert.notEqual(await db.client("ID"), await d.client("ID"));
    await d.disconnect();
    assert.equal(db.isOpen, true);
    assert.equal(await db.get("k"), "db0");
    await db.disconnect();
    await assert.rejects(db.get("k"), ClientClosedError);
});

test("duplicate({ raw: true }): replies, errors, blocked replies and pushes as RESP bytes", async () => {
    const db = await Spinel.open();
    const raw = db.duplicate({ raw: true });
    const text = (b) => {
        assert.ok(b instanceof Uint8Array);
        return new TextDecoder().decode(b);
    };
    assert.equal(text(await raw.sendCommand(["SET", "k", "v"])), "+OK\r\n");
    assert.equal(text(await raw.sendCommand(["GET", "k"])), "$1\r\nv\r\n");
    assert.equal(text(await raw.sendCommand(["GET", "nope"])), "$-1\r\n");
    assert.equal(text(await raw.sendCommand(["INCR", "k"])), "-ERR value is not an integer or out of range\r\n");
    assert.equal(text(await raw.sendCommand(["HELLO", "3"])).slice(0, 1), "%");
    assert.equal(text(await raw.sendCommand(["SISMEMBER", "s", "x"])), ":0\r\n");
    assert.equal(text(await raw.sendCommand(["SMISMEMBER", "s", "x"])), "*1\r\n:0\r\n");
    assert.equal(text(await raw.sendCommand(["INCRBYFLOAT", "f", "1.5"])), "$3\r\n1.5\r\n");
    assert.equal(text(await raw.sendCommand(["ZADD", "z", "1.5", "m"])), ":1\r\n");
    assert.equal(text(await raw.sendCommand(["ZSCORE", "z", "m"])), ",1.5\r\n");
    // A blocked command's reply arrives as bytes too.
    const popped = raw.sendCommand(["BLPOP", "q", "0"]);
    await db.rPush("q", "job");
    assert.equal(text(await popped), "*2\r\n$1\r\nq\r\n$3\r\njob\r\n");
    // SUBSCRIBE a b: both confirmations; messages go to onPush.
    const pushed = [];
    raw.onPush((b) => pushed.push(text(b)));
    assert.equal(text(await raw.sendCommand(["SUBSCRIBE", "a", "b"])),
        ">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n>3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n");
    assert.equal(await db.publish("b", "hi"), 1);
    assert.deepEqual(pushed, [">3\r\n$7\r\nmessage\r\n$1\r\nb\r\n$2\r\nhi\r\n"]);
    // The decoding handle is unchanged.
    assert.equal(await db.get("k"), "v");
    await raw.disconnect();
    assert.equal(await db.get("k"), "v");
    await db.close();
});

test("multi().exec() and pipelines return every reply in order, errors in place", async () => {
    const db = await Spinel.open();
    const replies = await db.multi().set("a", "1").incr("a").lPush("a", "x").get("a").exec();
    assert.equal(replies.length, 4);
    assert.deepEqual([replies[0], replies[1], replies[3]], ["OK", 2, "2"]);
    assert.ok(replies[2] instanceof ReplyError);
    const p = await db.pipeline().hSet("h", { f: "v" }).hGetAll("h").execAsPipeline();
    assert.equal(p[0], 1);
    assert.equal(p[1].f, "v");
    const m = db.multi();
    for (let i = 0; i < 10; i++) m.incr("c");
    assert.deepEqual(await m.exec(), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // A blocking command in a pipeline holds the commands after it until it is served.
    const other = db.duplicate();
    const held = other.pipeline().set("p", "1").blPop("pq", 0).get("p").lPush("a", "x").execAsPipeline();
    await db.set("p", "2");
    await db.rPush("pq", "v");
    const [ok, popped, got, err] = await held;
    assert.deepEqual([ok, popped, got], ["OK", { key: "pq", element: "v" }, "2"]);
    assert.ok(err instanceof ReplyError && err.message.startsWith("WRONGTYPE"));
    await db.close();
});

test("the real clock's timer drives active expiry in a long-lived process", async () => {
    const db = await Spinel.open({ config: { hz: 100 } });
    await db.set("t", "1", { PX: 30 });
    await new Promise((r) => setTimeout(r, 150));
    assert.match(await db.info("stats"), /expired_keys:1\r\n/);
    await db.close();
});

test("every command of the engine has a camelCase and an UPPERCASE method", async () => {
    const { COMMANDS } = await import("../dist/commands.js");
    const db = await Spinel.open();
    assert.ok(COMMANDS.length > 150);
    for (const [name, method] of COMMANDS) {
        assert.equal(typeof db[method], "function", method);
        assert.equal(typeof db[name.toUpperCase()], "function", name);
    }
    assert.equal(await db.PING(), "PONG");
    assert.equal(await db.zRangeByScore("nope", 0, 1).then((r) => r.length), 0);
    await db.close();
});

test("a clock that moves on its own: the next command runs overdue cron first (Workers between requests)", async () => {
    let t = 1_700_000_000_000;
    const clock = { now: () => t, manual: true, subscribe() {}, unsubscribe() {} };
    const db = await Spinel.open({ clock });
    const other = db.duplicate();
    const popped = other.blPop("q", 1);
    const queued = other.set("x", "queued");
    await db.set("gone", "1", { PX: 500 });
    t += 1500;
    // Before GET runs, cron answers the BLPOP's timeout, and the command queued behind it
    // runs; then GET sees its write.
    assert.equal(await db.get("x"), "queued");
    assert.equal(await popped, null);
    assert.equal(await queued, "OK");
    assert.match(await db.info("stats"), /expired_keys:1\r\n/);
    await db.close();
});

test("typed methods take strings, numbers, arrays and bytes as sendCommand does; replies of any text round-trip", async () => {
    const db = await Spinel.open();
    // Numbers are sent as their text, arrays flattened, Uint8Array as bytes.
    assert.equal(await db.set("n", 10), "OK");
    assert.equal(await db.incrBy("n", 5), 15);
    assert.equal(await db.incrBy("n", -2.5e1), -10);
    assert.equal(await db.rPush("l", ["a", ["b", 3]]), 3);
    assert.deepEqual(await db.lRange("l", 0, -1), ["a", "b", "3"]);
    await db.set(new Uint8Array([107, 98]), "bytes-key");
    assert.equal(await db.get("kb"), "bytes-key");
    // Bad arguments fail as before: synchronously, with a TypeError.
    assert.throws(() => db.get(null), TypeError);
    assert.throws(() => db.set("k", undefined), TypeError);
    // Texts of every length and alphabet, through the short and long paths both ways.
    const texts = ["", "v", "sixteen-chars-16", "seventeen-chars17", "x".repeat(24), "y".repeat(33),
        "héllo", "日本語のキー", "€".repeat(20), "emoji 😀 in a value", "\u0000\u007f"];
    for (const [i, t] of texts.entries()) {
        assert.equal(await db.set(`t:${t}`, t), "OK");
        assert.equal(await db.get(`t:${t}`), t, `text ${i}`);
        assert.equal(db.sendCommandSync(["GET", `t:${t}`]), t);
        assert.equal(await db.strLen(`t:${t}`), new TextEncoder().encode(t).length);
    }
    assert.deepEqual(await db.mGet(texts.map((t) => `t:${t}`)), texts);
    // While a blocking command waits, typed methods queue behind it and keep their order.
    const other = db.duplicate();
    const popped = db.blPop("q", 0);
    const after = db.get("t:v");
    await other.rPush("q", "item");
    assert.deepEqual(await popped, { key: "q", element: "item" });
    assert.equal(await after, "v");
    await db.close();
});

test("commands are counted but not timed (tests/differences.md D21)", async () => {
    const db = await Spinel.open();
    await db.set("k", "v");
    await db.get("k");
    await db.get("k");
    await assert.rejects(db.sendCommand(["INCR", "k"]), ReplyError);
    const stats = await db.sendCommand(["INFO", "commandstats"]);
    assert.match(stats, /cmdstat_get:calls=2,usec=0,usec_per_call=0\.00,rejected_calls=0,failed_calls=0/);
    assert.match(stats, /cmdstat_incr:calls=1,usec=0,usec_per_call=0\.00,rejected_calls=0,failed_calls=1/);
    assert.deepEqual(await db.sendCommand(["SLOWLOG", "GET"]), []);
    await db.sendCommand(["CONFIG", "SET", "slowlog-log-slower-than", "0"]);
    await db.get("k");
    const [entry] = await db.sendCommand(["SLOWLOG", "GET", "1"]);
    assert.equal(entry[2], 0);
    assert.deepEqual(entry[3], ["GET", "k"]);
    await db.close();
});
