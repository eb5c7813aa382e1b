// Storage: the change stream persisted through each adapter and replayed on open, with
// TTLs as absolute times; durability modes; chunking under value limits; compaction;
// the format version check. KV and Durable Object adapters run here against in-memory
// stand-ins with the same API subset (get/put/delete/list); the Workers test runs them on workerd.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Spinel, manualClock, memory, cloudflareKV, durableObject, StorageFormatError, ReplyError } from "../src/index.js";

class FakeKV {
    constructor() {
        this.map = new Map();
        this.puts = 0;
    }
    async get(k, type) {
        assert.equal(type, "arrayBuffer");
        const v = this.map.get(k);
        return v === undefined ? null : v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength);
    }
    async put(k, v) {
        this.puts++;
        // As KV does: text is stored as its UTF-8 bytes.
        const bytes = typeof v === "string" ? new TextEncoder().encode(v) : new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
        this.map.set(k, bytes);
    }
    async delete(k) {
        this.map.delete(k);
    }
    async list({ prefix, cursor }) {
        // Pages of 2 keys, to exercise the cursor.
        const all = [...this.map.keys()].filter((k) => k.startsWith(prefix)).sort();
        const start = cursor ? Number(cursor) : 0;
        const keys = all.slice(start, start + 2).map((name) => ({ name }));
        const done = start + 2 >= all.length;
        return { keys, list_complete: done, cursor: done ? undefined : String(start + 2) };
    }
}

class FakeDOStorage {
    constructor() {
        this.map = new Map();
    }
    async get(k) {
        return this.map.get(k);
    }
    async put(entries) {
        assert.ok(Object.keys(entries).length <= 128, "at most 128 keys per put");
        for (const [k, v] of Object.entries(entries)) {
            assert.ok(typeof v === "string" || v.length <= 128 * 1024, "value over 128 KiB");
            this.map.set(k, structuredClone(v));
        }
    }
    async delete(keys) {
        for (const k of keys) this.map.delete(k);
    }
    async list({ prefix }) {
        return new Map([...this.map].filter(([k]) => k.startsWith(prefix)).sort());
    }
}

async function writeEveryType(db) {
    await db.set("str", "v", { EX: 100 });
    await db.set("plain", "p");
    await db.hSet("hash", { f: "1", g: "2" });
    await db.expire("hash", 200);
    await db.rPush("list", ["a", "b", "c"]);
    await db.sAdd("set", ["x", "y"]);
    await db.zAdd("zset", [{ score: 1, value: "m" }]);
    await db.pExpire("zset", 300500);
    await db.xAdd("stream", "1-1", { k: "v" });
    await db.incr("counter");
    await db.incr("counter");
    await db.set("gone", "x", { PX: 10 });
    await db.select(3);
    await db.set("in3", "three");
    await db.select(0);
}

async function checkEveryType(db) {
    assert.equal(await db.get("str"), "v");
    assert.equal(await db.get("plain"), "p");
    assert.equal((await db.hGetAll("hash")).g, "2");
    assert.deepEqual(await db.lRange("list", 0, -1), ["a", "b", "c"]);
    assert.deepEqual((await db.sMembers("set")).sort(), ["x", "y"]);
    assert.equal(await db.zScore("zset", "m"), 1);
    assert.equal((await db.xRange("stream", "-", "+"))[0].message.k, "v");
    assert.equal(await db.get("counter"), "2");
    assert.equal(await db.exists("gone"), 0);
    await db.select(3);
    assert.equal(await db.get("in3"), "three");
    await db.select(0);
}

async function checkEveryTypeAfter60s(db) {
    assert.equal(await db.exists("str"), 0, "expired while closed");
    assert.equal(await db.ttl("hash"), 90);
    assert.equal(await db.get("counter"), "2");
    assert.equal(await db.get("later"), "1");
    assert.equal((await db.xRange("stream", "-", "+"))[0].message.k, "v");
    await db.select(3);
    assert.equal(await db.get("in3"), "three");
    await db.select(0);
}

for (const [name, make] of [
    ["memory", () => memory()],
    ["memory, 7-byte values", () => memory({ maxValue: 7 })],
    ["cloudflareKV", () => cloudflareKV(new FakeKV(), { prefix: "app1:" })],
    ["cloudflareKV, 5-byte values", () => cloudflareKV(new FakeKV(), { maxValue: 5 })],
    ["durableObject", () => durableObject(new FakeDOStorage())],
    ["durableObject, 3-byte values", () => durableObject(new FakeDOStorage(), { maxValue: 3 })],
]) {
    test(`${name}: data of every type and TTLs survive a reopen`, async () => {
        const storage = make();
        const clock = manualClock(1_700_000_000_000);
        let db = await Spinel.open({ storage, clock });
        await writeEveryType(db);
        await db.close();
        clock.advance(50_000);
        db = await Spinel.open({ storage, clock });
        await checkEveryType(db);
        // TTLs were stored as absolute times: 50 s passed while closed.
        assert.equal(await db.ttl("str"), 50);
        assert.equal(await db.ttl("hash"), 150);
        assert.equal(await db.pTTL("zset"), 250_500);
        assert.equal(await db.ttl("plain"), -1);
        await db.set("later", "1");
        await db.close();
        // Compaction by hand: the engine's snapshot replaces the log.
        db = await Spinel.open({ storage, clock });
        await db.compact();
        await db.close();
        const sizes = storage.sizes();
        assert.equal(sizes.log, 0);
        assert.ok(sizes.snapshot > 0);
        clock.advance(60_000);
        db = await Spinel.open({ storage, clock });
        await checkEveryTypeAfter60s(db);
        await db.close();
        db = await Spinel.open({ storage, clock });
        assert.equal(await db.get("later"), "1");
        assert.equal(await db.exists("str"), 0, "expired while closed");
        assert.equal(await db.ttl("hash"), 90);
        assert.equal(await db.get("counter"), "2", "compaction applied nothing twice");
        await db.close();
    });
}

test("function libraries survive compaction and reopening", async () => {
    const storage = memory();
    const lib = "#!lua name=mylib\nredis.register_function('answer', function() return 42 end)";
    let db = await Spinel.open({ storage });
    assert.equal(await db.functionLoad(lib), "mylib");
    await db.set("k", "v");
    await db.compact();
    await db.close();
    assert.equal(storage.sizes().log, 0, "the snapshot holds everything");
    db = await Spinel.open({ storage });
    assert.equal(await db.fCall("answer"), 42);
    assert.equal(await db.get("k"), "v");
    await db.close();
});

test("durability always: a write's promise resolves after the storage has it", async () => {
    const storage = memory();
    const appends = [];
    const append = storage.append.bind(storage);
    storage.append = async (bytes) => {
        appends.push(new TextDecoder().decode(bytes));
        return append(bytes);
    };
    const db = await Spinel.open({ storage });
    await db.set("a", "1");
    assert.equal(appends.length, 1);
    assert.match(appends[0], /SET\r\n\$1\r\na\r\n\$1\r\n1\r\n$/);
    await db.get("a");
    await db.get("nope");
    assert.equal(appends.length, 1, "reads store nothing");
    await db.set("k", "v", { EX: 5 });
    assert.match(appends[1], /PXAT|EXAT/, "relative expiry stored as absolute time");
    await db.close();
});

test("durability batched: writes are stored together at flush()", async () => {
    const storage = memory();
    let appends = 0;
    const append = storage.append.bind(storage);
    storage.append = async (b) => {
        appends++;
        return append(b);
    };
    const db = await Spinel.open({ storage, durability: "batched", flushDelayMs: 60_000 });
    for (let i = 0; i < 100; i++) await db.incr("n");
    db.sendCommandSync(["SET", "sync", "yes"]);
    assert.equal(appends, 0);
    await db.flush();
    assert.equal(appends, 1);
    await db.close();
    const again = await Spinel.open({ storage });
    assert.equal(await again.get("n"), "100");
    assert.equal(await again.get("sync"), "yes");
    await again.close();
});

test("a storage format from a later release is refused with a clear error", async () => {
    const storage = memory();
    await storage.backend.putMany([["meta", JSON.stringify({ format: 99, generation: 0, snapshotChunks: 0, logFrom: 0 })]]);
    let closed = 0;
    storage.close = async () => {
        closed++;
    };
    await assert.rejects(Spinel.open({ storage }), StorageFormatError);
    assert.equal(closed, 1, "the storage (and its lock) is released");
});

for (const [name, make] of [
    ["memory", () => memory()],
    ["memory, 700-byte values", () => memory({ maxValue: 700 })],
    ["cloudflareKV", () => cloudflareKV(new FakeKV(), { prefix: "c:" })],
    ["durableObject, 1000-byte values", () => durableObject(new FakeDOStorage(), { maxValue: 1000 })],
]) {
    test(`${name}: the log is compacted automatically once it outgrows the snapshot`, async () => {
        const storage = make();
        const clock = manualClock(1_700_000_000_000);
        const compactMinBytes = 20_000;
        let db = await Spinel.open({ storage, clock, compactMinBytes });
        const compactions = [];
        const compact = storage.compact.bind(storage);
        storage.compact = async (chunks) => {
            compactions.push(storage.sizes().log);
            return compact(chunks);
        };
        // Rewrites of the same few keys: the log grows, the data does not.
        for (let i = 0; i < 3000; i++) {
            await db.set(`k${i % 50}`, `value ${i}`);
            await db.hSet("h", `f${i % 20}`, i);
            if (i % 100 === 0) await db.set(`ttl${i}`, "t", { EX: 1000 });
        }
        await db.incrBy("n", 5);
        await db.sendCommand(["SELECT", "4"]);
        await db.set("in4", "four");
        await db.close();
        assert.ok(compactions.length >= 2, `compacted ${compactions.length} times`);
        for (const logBytes of compactions) assert.ok(logBytes > compactMinBytes);
        const { log, snapshot } = storage.sizes();
        assert.ok(log <= Math.max(snapshot, compactMinBytes), `log ${log} bytes, snapshot ${snapshot}`);
        // The log shrank: what is stored is far smaller than everything written.
        assert.ok(log + snapshot < 3000 * 30, `stored ${log + snapshot} bytes`);
        clock.advance(10_000);
        db = await Spinel.open({ storage, clock });
        for (let j = 0; j < 50; j++) assert.equal(await db.get(`k${j}`), `value ${2950 + j}`);
        assert.equal(await db.hGet("h", "f7"), "2987");
        assert.equal(await db.hLen("h"), 20);
        assert.equal(await db.ttl("ttl2900"), 990);
        assert.equal(await db.get("n"), "5");
        await db.select(4);
        assert.equal(await db.get("in4"), "four");
        await db.close();
    });
}

test("a store written in format 1 (RESP snapshot) still loads, and compaction moves it to format 2", async () => {
    const storage = memory();
    const enc = (s) => new TextEncoder().encode(s);
    await storage.backend.putMany([
        ["meta", JSON.stringify({ format: 1, generation: 1, snapshotChunks: 1, logFrom: 0 })],
        ["snap:000001:000000", enc("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$3\r\nold\r\n")],
        ["log:000000000000", enc("*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$3\r\nnew\r\n")],
    ]);
    let db = await Spinel.open({ storage });
    assert.deepEqual(await db.mGet(["a", "b"]), ["old", "new"]);
    await db.compact();
    await db.close();
    assert.equal(JSON.parse(await storage.backend.get("meta")).format, 2);
    db = await Spinel.open({ storage });
    assert.deepEqual(await db.mGet(["a", "b"]), ["old", "new"]);
    await db.close();
});

/**
 * A memory() store whose backend fails on demand: `fail.after = n` stores the next n records
 * of a putMany, then throws (a write cut short; 0 stores nothing); `fail.on` picks which
 * puts fail (by their first key).
 */
/** Lets every pending promise callback run (stores in memory() take no real time). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function failingMemory(maxValue) {
    const storage = memory({ maxValue });
    const backend = storage.backend;
    const putMany = backend.putMany.bind(backend);
    const fail = { after: -1, on: () => true, errors: 0 };
    backend.putMany = async (entries) => {
        if (fail.after < 0 || !fail.on(entries[0][0])) return putMany(entries);
        fail.errors++;
        await putMany(entries.slice(0, fail.after));
        throw new Error("disk full");
    };
    return { storage, fail };
}

test("storage that fails: writes get MISCONF until cron stores the queued changes; nothing lost or stored twice", async () => {
    const { storage, fail } = failingMemory(16);
    const clock = manualClock(1_700_000_000_000);
    const db = await Spinel.open({ storage, clock });
    await db.set("a", "1");
    await db.incr("n");
    fail.after = 1; // the INCR's record is stored in part
    await assert.rejects(db.incr("n"), /disk full/, "the write's promise rejects");
    await assert.rejects(db.set("b", "x"), (e) => e instanceof ReplyError && e.message === "MISCONF Errors writing to the AOF file: disk full");
    assert.equal(await db.get("n"), "2", "reads work; the failed INCR ran in memory");
    assert.match(await db.info("persistence"), /aof_last_write_status:err/);
    clock.advance(500);
    await settle();
    assert.equal(fail.errors, 1, "no retry before a second has passed");
    clock.advance(500); // cron retries, and fails again
    await settle();
    assert.equal(fail.errors, 2);
    await assert.rejects(db.set("b", "x"), /MISCONF/);
    fail.after = -1;
    clock.advance(1000); // the storage is back: the retry stores the INCR
    await settle();
    await db.set("b", "x");
    await db.incr("n");
    await db.close();
    const again = await Spinel.open({ storage, clock });
    assert.deepEqual(await again.mGet(["a", "b", "n"]), ["1", "x", "3"]);
    await again.close();
});

test("a write cut short before a crash: the torn tail is dropped, and the next store compacts past it", async () => {
    const { storage, fail } = failingMemory(8);
    const db = await Spinel.open({ storage });
    await db.set("a", "1");
    fail.after = 2;
    await assert.rejects(db.set("long", "a value of some length"), /disk full/);
    fail.after = -1;
    // The process dies here (no close): the log ends with part of the SET.
    let again = await Spinel.open({ storage });
    assert.deepEqual(await again.mGet(["a", "long"]), ["1", null]);
    await again.incr("n");
    await again.set("c", "3");
    await again.close();
    again = await Spinel.open({ storage });
    assert.deepEqual(await again.mGet(["a", "long", "n", "c"]), ["1", null, "1", "3"]);
    await again.close();
});

test("a compaction that fails leaves the stored data as it was; the changes are appended instead", async () => {
    const { storage, fail } = failingMemory(64);
    const db = await Spinel.open({ storage, durability: "batched", flushDelayMs: 60_000 });
    await db.set("a", "1");
    await db.flush();
    await db.set("b", "2"); // not stored yet: it goes into the snapshot
    fail.after = 1;
    fail.on = (key) => key.startsWith("snap:");
    await assert.rejects(db.compact(), /disk full/);
    await db.set("c", "3"); // a failed compaction does not refuse writes
    await db.flush();
    await db.close();
    let again = await Spinel.open({ storage });
    assert.deepEqual(await again.mGet(["a", "b", "c"]), ["1", "2", "3"]);
    fail.after = -1;
    await again.compact();
    await again.close();
    assert.deepEqual([...storage.backend.map.keys()].filter((k) => k.startsWith("snap:")).map((k) => k.slice(0, 12)), ["snap:000001:"], "the half-written chunks are gone");
    again = await Spinel.open({ storage });
    assert.deepEqual(await again.mGet(["a", "b", "c"]), ["1", "2", "3"]);
    await again.close();
});

test("a TTL that passed before reopening but was extended or removed later in the log keeps its key", async () => {
    const clock = manualClock(1_700_000_000_000);
    const storage = memory();
    let db = await Spinel.open({ storage, clock });
    await db.set("snap", "v", { PX: 100 });
    // A snapshot holds "snap" with its short TTL; the log after it removes the TTL.
    await db.compact();
    await db.persist("snap");
    await db.set("k", "v", { PX: 100 });
    await db.persist("k");
    await db.rPush("l", "a");
    await db.pExpire("l", 100);
    await db.expire("l", 1000);
    await db.set("gone", "v", { PX: 100 });
    await db.close();
    clock.advance(500);
    db = await Spinel.open({ storage, clock });
    assert.deepEqual(await db.mGet(["snap", "k", "gone"]), ["v", "v", null]);
    assert.deepEqual([await db.ttl("snap"), await db.ttl("k"), await db.ttl("gone")], [-1, -1, -2]);
    assert.ok((await db.ttl("l")) > 900);
    await db.close();
});
