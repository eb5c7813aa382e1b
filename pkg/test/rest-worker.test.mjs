// The REST Worker (wrangler.toml -> pkg/worker/rest-worker.js) under the local Workers
// runtime (miniflare driving workerd, offline, on 127.0.0.1), with the Durable Object's
// storage persisted to a temporary folder: the real @upstash/redis client and raw fetches
// against it, then a restart of the runtime.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { Redis } from "@upstash/redis";
import { Spinel } from "../src/index.js";
import { restHandler } from "../src/rest.js";

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(pkg);
const TOKEN = "test-token-0123456789";
const RO_TOKEN = "read-only-token-9876";

/**
 * The few TOML forms wrangler.toml uses: `key = "string"`, `key = ["a", "b"]`, `[table]`,
 * `[[array.of.tables]]`, comments.
 */
function readToml(text) {
    const doc = {};
    let target = doc;
    const parseValue = (v) => (v.startsWith("[") ? JSON.parse(v) : JSON.parse(v));
    for (const raw of text.split("\n")) {
        const line = raw.replace(/^\s+|\s+$/g, "");
        if (!line || line.startsWith("#")) continue;
        let m;
        if ((m = /^\[\[([\w.]+)\]\]$/.exec(line))) {
            const path = m[1].split(".");
            let o = doc;
            for (const p of path.slice(0, -1)) o = o[p] ??= {};
            const list = (o[path.at(-1)] ??= []);
            list.push((target = {}));
        } else if ((m = /^\[([\w.]+)\]$/.exec(line))) {
            target = doc;
            for (const p of m[1].split(".")) target = target[p] ??= {};
        } else if ((m = /^([\w-]+)\s*=\s*(.+?)(\s+#.*)?$/.exec(line))) {
            target[m[1]] = parseValue(m[2]);
        } else throw new Error(`wrangler.toml: cannot read ${line}`);
    }
    return doc;
}

const wrangler = readToml(readFileSync(join(root, "wrangler.toml"), "utf8"));
const binding = wrangler.durable_objects.bindings[0];

// The modules wrangler would bundle: the entry, the package's files, the .wasm as a compiled module.
const SOURCES = ["pkg/src/index.js", "pkg/src/worker.js", "pkg/src/wasm.js", "pkg/src/resp.js", "pkg/src/errors.js",
    "pkg/src/transforms.js", "pkg/src/clock.js", "pkg/src/names.js", "pkg/src/rest.js", "pkg/src/storage/chunked.js", "pkg/src/storage/memory.js",
    "pkg/src/storage/indexeddb.js", "pkg/src/storage/cloudflare-kv.js", "pkg/src/storage/durable-object.js",
    "pkg/dist/commands.js", "pkg/dist/wasm/spinel.js"];

function runtime(persist, { token = TOKEN } = {}) {
    return new Miniflare({
        host: "127.0.0.1",
        port: 0,
        compatibilityDate: wrangler.compatibility_date,
        modulesRoot: root,
        modules: [
            { type: "ESModule", path: join(root, wrangler.main) },
            ...SOURCES.map((f) => ({ type: "ESModule", path: join(root, f) })),
            { type: "CompiledWasm", path: join(pkg, "dist/wasm/spinel_bg.wasm") },
        ],
        bindings: { ...wrangler.vars, ...(token ? { SPINEL_REST_TOKEN: token, SPINEL_REST_READONLY_TOKEN: RO_TOKEN } : {}) },
        durableObjects: {
            [binding.name]: { className: binding.class_name, useSQLite: wrangler.migrations[0].new_sqlite_classes.includes(binding.class_name) },
        },
        durableObjectsPersist: join(persist, "do"),
    });
}

let persist;
let mf;
let url;
let redis;

async function raw(path, { method = "GET", token = TOKEN, headers = {}, body } = {}) {
    const h = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    const res = await fetch(url + path, { method, headers: h, body });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
}

before(async () => {
    persist = mkdtempSync(join(tmpdir(), "spinel-rest-"));
    mf = runtime(persist);
    url = (await mf.ready).origin;
    redis = new Redis({ url, token: TOKEN, enableTelemetry: false, retry: false });
});

after(async () => {
    if (mf) await mf.dispose();
    rmSync(persist, { recursive: true, force: true });
});

test("wrangler.toml names the entry's Durable Object class and a SQLite migration for it", async () => {
    assert.equal(wrangler.main, "pkg/worker/rest-worker.js");
    assert.equal(binding.name, "SPINEL_DB");
    assert.equal(binding.class_name, "SpinelDatabase");
    assert.deepEqual(wrangler.migrations[0].new_sqlite_classes, ["SpinelDatabase"]);
    const entry = readFileSync(join(root, wrangler.main), "utf8");
    assert.match(entry, new RegExp(`export class ${binding.class_name}\\b`));
    assert.match(entry, new RegExp(`env\\.${binding.name}\\b`));
});

test("@upstash/redis: strings with EX, INCR, hashes, sorted sets, lists", async () => {
    assert.equal(await redis.set("s", "v", { ex: 100 }), "OK");
    assert.equal(await redis.get("s"), "v");
    const ttl = await redis.ttl("s");
    assert.ok(ttl > 95 && ttl <= 100, `ttl ${ttl}`);
    assert.equal(await redis.incr("n"), 1);
    assert.equal(await redis.incrby("n", 41), 42);
    assert.equal(await redis.hset("h", { name: "Ada", visits: 1 }), 2);
    assert.deepEqual(await redis.hgetall("h"), { name: "Ada", visits: 1 });
    assert.equal(await redis.zadd("z", { score: 1.5, member: "a" }, { score: 10, member: "b" }), 2);
    assert.deepEqual(await redis.zrange("z", 0, -1, { withScores: true }), ["a", 1.5, "b", 10]);
    assert.equal(await redis.zscore("z", "a"), 1.5);
    assert.equal(await redis.lpush("l", "x", "y", "z"), 3);
    assert.deepEqual(await redis.lrange("l", 0, -1), ["z", "y", "x"]);
    assert.equal(await redis.get("missing"), null);
});

test("@upstash/redis: JSON values, binary-unsafe strings, EVAL", async () => {
    const doc = { a: [1, 2, { b: null }], s: "text", t: true };
    await redis.set("json", doc);
    assert.deepEqual(await redis.get("json"), doc);
    const odd = "nul\u0000 crlf\r\n quote\" backslash\\ é € 😀 %2F/ end";
    await redis.set("odd", odd);
    assert.equal(await redis.get("odd"), odd);
    assert.equal(await redis.strlen("odd"), new TextEncoder().encode(odd).length);
    await redis.hset("oddh", { [odd]: odd });
    assert.deepEqual(await redis.hgetall("oddh"), { [odd]: odd });
    assert.deepEqual(await redis.eval("return {KEYS[1], ARGV[1], 7, redis.call('GET', KEYS[1])}", ["odd"], ["arg"]), ["odd", "arg", 7, odd]);
    const sha = await redis.scriptLoad("return redis.call('INCR', KEYS[1])");
    assert.equal(await redis.evalsha(sha, ["evalsha"], []), 1);
});

test("@upstash/redis: an error reply is the client's error with Redis's text", async () => {
    await redis.set("str", "v");
    await assert.rejects(redis.hget("str", "f"), (e) => {
        assert.equal(e.name, "UpstashError");
        assert.match(e.message, /WRONGTYPE Operation against a key holding the wrong kind of value/);
        return true;
    });
    await assert.rejects(redis.incr("str"), /ERR value is not an integer or out of range/);
});

test("@upstash/redis: a pipeline runs every command, errors in place", async () => {
    const p = redis.pipeline();
    p.set("p1", "a").incr("p2").hget("p1", "f").get("p1");
    const out = await p.exec({ keepErrors: true });
    assert.deepEqual(out.map((r) => r.result), ["OK", 1, undefined, "a"]);
    assert.match(out[2].error, /^WRONGTYPE /);
    assert.deepEqual(await redis.pipeline().incr("p2").get("p2").exec(), [2, 2]);
});

test("@upstash/redis: a transaction with a failing command applies the others", async () => {
    await redis.set("tx", "s");
    const tx = redis.multi();
    tx.set("tx1", "one").hget("tx", "f").incr("tx2").get("tx1");
    await assert.rejects(tx.exec(), /Command 2 \[ hget \] failed: WRONGTYPE/);
    assert.equal(await redis.get("tx1"), "one");
    assert.equal(await redis.get("tx2"), 1);
    const kept = await redis.multi().incr("tx2").hget("tx", "f").exec({ keepErrors: true });
    assert.equal(kept[0].result, 2);
    assert.match(kept[1].error, /^WRONGTYPE /);
});

test("/multi-exec: a command refused while queueing discards the whole transaction", async () => {
    const r = await raw("/multi-exec", { method: "POST", body: JSON.stringify([["SET", "discarded", "1"], ["NOSUCHCMD", "x"]]) });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, { error: "ERR unknown command 'NOSUCHCMD', with args beginning with: 'x' " });
    const arity = await raw("/multi-exec", { method: "POST", body: JSON.stringify([["SET", "discarded", "1"], ["GET"]]) });
    assert.deepEqual(arity, { status: 400, body: { error: "ERR wrong number of arguments for 'get' command" } });
    assert.deepEqual(await raw("/get/discarded"), { status: 200, body: { result: null } });
    const ok = await raw("/multi-exec", { method: "POST", body: JSON.stringify([["SET", "m1", "v"], ["INCR", "m1"], ["GET", "m1"], ["BLPOP", "nolist", 0]]) });
    assert.deepEqual(ok, { status: 200, body: [{ result: "OK" }, { error: "ERR value is not an integer or out of range" }, { result: "v" }, { result: null }] });
});

test("path-style commands: URL-decoded segments, a POST body as the last argument, query arguments", async () => {
    assert.deepEqual(await raw("/set/path%20key/caf%C3%A9%2Fx"), { status: 200, body: { result: "OK" } });
    assert.deepEqual(await raw("/get/path%20key"), { status: 200, body: { result: "café/x" } });
    assert.deepEqual(await raw("/GET/path%20key/"), { status: 200, body: { result: "café/x" } });
    // A binary value in the body, EX as a query parameter.
    const bytes = new Uint8Array([0, 255, 13, 10, 128, 42]);
    assert.deepEqual(await raw("/set/bin?EX=100", { method: "POST", body: bytes }), { status: 200, body: { result: "OK" } });
    const ttl = await raw("/ttl/bin");
    assert.ok(ttl.body.result > 95 && ttl.body.result <= 100, JSON.stringify(ttl));
    const got = await raw("/get/bin", { headers: { "Upstash-Encoding": "base64" } });
    assert.deepEqual(got.body, { result: Buffer.from(bytes).toString("base64") });
    // Percent escapes are bytes, not only UTF-8.
    await raw("/set/pct/%00%FF");
    assert.deepEqual((await raw("/get/pct", { headers: { "Upstash-Encoding": "base64" } })).body, { result: "AP8=" });
    assert.deepEqual(await raw("/get/bad%zzescape"), { status: 400, body: { error: "ERR invalid percent-encoding in the request path" } });
    // The whole command in a JSON body.
    assert.deepEqual(await raw("/", { method: "POST", body: JSON.stringify(["SET", "jb", "v", "EX", 100]) }), { status: 200, body: { result: "OK" } });
    assert.deepEqual(await raw("/", { method: "POST", body: JSON.stringify(["EXISTS", "jb", "nokey"]) }), { status: 200, body: { result: 1 } });
    assert.deepEqual(await raw("/zadd/pz/1.5/a/2/b"), { status: 200, body: { result: 2 } });
    assert.deepEqual(await raw("/zrange/pz/0/-1/WITHSCORES"), { status: 200, body: { result: ["a", "1.5", "b", "2"] } });
    assert.deepEqual(await raw("/hget/pz/f"), { status: 400, body: { error: "WRONGTYPE Operation against a key holding the wrong kind of value" } });
});

test("Upstash-Encoding: base64 encodes every string but a top-level OK", async () => {
    const b64 = { "Upstash-Encoding": "base64" };
    const enc = (s) => Buffer.from(s).toString("base64");
    assert.deepEqual((await raw("/set/e/é", { headers: b64 })).body, { result: "OK" });
    assert.deepEqual((await raw("/get/e", { headers: b64 })).body, { result: enc("é") });
    assert.deepEqual((await raw("/ping", { headers: b64 })).body, { result: enc("PONG") });
    assert.deepEqual((await raw("/type/e", { headers: b64 })).body, { result: enc("string") });
    assert.deepEqual((await raw("/strlen/e", { headers: b64 })).body, { result: 2 });
    assert.deepEqual((await raw("/mget/e/none", { headers: b64 })).body, { result: [enc("é"), null] });
    // An OK inside an array is encoded: clients decode every string in an array.
    const tx = await raw("/multi-exec", { method: "POST", headers: b64, body: JSON.stringify([["SET", "e2", "x"], ["EVAL", "return {redis.status_reply('OK')}", 0]]) });
    assert.deepEqual(tx.body, [{ result: "OK" }, { result: [enc("OK")] }]);
    const pl = await raw("/pipeline", { method: "POST", headers: b64, body: JSON.stringify([["GET", "e"], ["INCR", "e"]]) });
    assert.deepEqual(pl.body, [{ result: enc("é") }, { error: "ERR value is not an integer or out of range" }]);
    // Without the header, invalid UTF-8 becomes U+FFFD.
    await raw("/set/inv/%FFa");
    assert.deepEqual((await raw("/get/inv")).body, { result: "\uFFFDa" });
});

test("authentication: Bearer header or ?_token=, 401 otherwise", async () => {
    const denied = { status: 401, body: { error: "WRONGPASS invalid or missing auth token" } };
    assert.deepEqual(await raw("/get/s", { token: null }), denied);
    assert.deepEqual(await raw("/get/s", { token: "wrong" }), denied);
    assert.deepEqual(await raw("/pipeline", { token: `${TOKEN}x`, method: "POST", body: "[[\"PING\"]]" }), denied);
    assert.deepEqual(await raw(`/ping?_token=${TOKEN}`, { token: null }), { status: 200, body: { result: "PONG" } });
    const wrong = new Redis({ url, token: "wrong", enableTelemetry: false, retry: false });
    await assert.rejects(wrong.get("s"), /WRONGPASS invalid or missing auth token/);
});

test("a read-only token runs read commands only (ACL), with Redis's NOPERM text", async () => {
    await redis.set("ro", "v");
    assert.deepEqual(await raw("/get/ro", { token: RO_TOKEN }), { status: 200, body: { result: "v" } });
    assert.deepEqual(await raw("/set/ro/w", { token: RO_TOKEN }), { status: 400, body: { error: "NOPERM this user has no permissions to run the 'set' command" } });
    assert.deepEqual(await raw("/keys/*", { token: RO_TOKEN }), { status: 400, body: { error: "NOPERM this user has no permissions to run the 'keys' command" } });
    const pl = await raw("/pipeline", { token: RO_TOKEN, method: "POST", body: JSON.stringify([["GET", "ro"], ["DEL", "ro"], ["PING"]]) });
    assert.deepEqual(pl.body, [{ result: "v" }, { error: "NOPERM this user has no permissions to run the 'del' command" }, { result: "PONG" }]);
    const tx = await raw("/multi-exec", { token: RO_TOKEN, method: "POST", body: JSON.stringify([["GET", "ro"], ["INCR", "ro"]]) });
    assert.deepEqual(tx, { status: 400, body: { error: "NOPERM this user has no permissions to run the 'incr' command" } });
    const reader = new Redis({ url, token: RO_TOKEN, enableTelemetry: false, retry: false });
    assert.equal(await reader.get("ro"), "v");
    await assert.rejects(reader.set("ro", "x"), /NOPERM/);
    // A full-access request may change the ACL user; read-only requests remake it.
    await redis.exec(["ACL", "SETUSER", "spinel-rest-readonly", "+@all"]);
    assert.equal((await raw("/set/ro/w", { token: RO_TOKEN })).status, 400);
    assert.equal(await redis.get("ro"), "v");
});

test("bad requests: malformed bodies, oversize bodies, refused and blocking commands, methods", async () => {
    const post = (body, path = "/") => raw(path, { method: "POST", body });
    for (const body of ["{", "{\"a\":1}", "[]", "[[\"GET\",\"k\"]]", "[\"GET\",null]", "[\"GET\",{\"k\":1}]", "[\"\"]", "\"GET\""]) {
        const r = await post(body);
        assert.equal(r.status, 400, body);
        assert.match(r.body.error, /^ERR invalid (request body|command)/, body);
    }
    for (const body of ["[]", "[\"GET\",\"k\"]", "[[\"GET\"],[1,{}]]"]) {
        const r = await post(body, "/pipeline");
        assert.equal(r.status, 400, body);
        assert.match(r.body.error, /^ERR invalid (request body|command)/, body);
    }
    // The 413 may arrive while the client still uploads; a reset upload is retried.
    let big;
    for (let attempt = 0; !big; attempt++) {
        try {
            big = await post(JSON.stringify(["SET", "big", "x".repeat(1024 * 1024)]));
        } catch (e) {
            if (attempt === 2) throw e;
        }
    }
    assert.equal(big.status, 413);
    assert.match(big.body.error, /^ERR max request size exceeded/);
    assert.deepEqual(await raw("/subscribe/chan"), { status: 400, body: { error: "ERR Command is not available over the REST API: 'subscribe'" } });
    assert.deepEqual(await post(JSON.stringify(["MULTI"])), { status: 400, body: { error: "ERR Command is not available over the REST API: 'MULTI'" } });
    assert.deepEqual(await raw("/select/1"), { status: 400, body: { error: "ERR Command is not available over the REST API: 'select'" } });
    assert.equal((await raw("/publish/chan/hi")).body.result, 0);
    // Blocking commands answer at once, as inside MULTI.
    const t0 = Date.now();
    assert.deepEqual(await raw("/blpop/nolist/0"), { status: 200, body: { result: null } });
    assert.ok(Date.now() - t0 < 5000);
    await raw("/rpush/jobs/a");
    assert.deepEqual(await raw("/blpop/jobs/0"), { status: 200, body: { result: ["jobs", "a"] } });
    assert.deepEqual(await raw("/blpop/jobs"), { status: 400, body: { error: "ERR wrong number of arguments for 'blpop' command" } });
    assert.equal((await raw("/get/s", { method: "DELETE" })).status, 405);
    assert.equal((await raw("/pipeline")).status, 405);
    assert.deepEqual(await raw("/get/s", { headers: { "Upstash-Response-Format": "resp2" } }), { status: 400, body: { error: "ERR Upstash-Response-Format resp2 is not supported; use json" } });
});

test("keys expire on time, also without being read (active expiry)", async () => {
    await redis.flushdb();
    await redis.set("short", "v", { px: 300 });
    await redis.set("long", "v", { ex: 100 });
    assert.equal(await redis.dbsize(), 2);
    await new Promise((r) => setTimeout(r, 700));
    // DBSIZE does not touch "short": only the engine's cron can have removed it.
    assert.equal(await redis.dbsize(), 1);
    assert.equal(await redis.get("short"), null);
});

test("data survives a restart of the runtime", async () => {
    await redis.set("kept", "v", { ex: 1000 });
    await redis.hset("kepth", { f: "1" });
    await redis.rpush("keptl", "a", "b");
    await redis.zadd("keptz", { score: 2.5, member: "m" });
    await mf.dispose();
    mf = runtime(persist);
    url = (await mf.ready).origin;
    redis = new Redis({ url, token: TOKEN, enableTelemetry: false, retry: false });
    assert.equal(await redis.get("kept"), "v");
    const ttl = await redis.ttl("kept");
    assert.ok(ttl > 990 && ttl <= 1000, `ttl ${ttl}`);
    assert.deepEqual(await redis.hgetall("kepth"), { f: 1 });
    assert.deepEqual(await redis.lrange("keptl", 0, -1), ["a", "b"]);
    assert.deepEqual(await redis.zrange("keptz", 0, -1, { withScores: true }), ["m", 2.5]);
    assert.equal(await redis.get("long"), "v");
});

test("without SPINEL_REST_TOKEN the worker serves nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spinel-rest-open-"));
    const open = runtime(dir, { token: null });
    try {
        const origin = (await open.ready).origin;
        for (const init of [{}, { headers: { authorization: "Bearer " } }, { headers: { authorization: "Bearer undefined" } }]) {
            const res = await fetch(`${origin}/ping`, init);
            assert.equal(res.status, 500);
            assert.match((await res.json()).error, /SPINEL_REST_TOKEN/);
        }
    } finally {
        await open.dispose();
        rmSync(dir, { recursive: true, force: true });
    }
});

test("restHandler requires a token (or token: false) and works in Node", async () => {
    const db = await Spinel.open();
    try {
        assert.throws(() => restHandler(db), /a token is required/);
        assert.throws(() => restHandler(db, { token: "" }), /a token is required/);
        const open = restHandler(db, { token: false });
        const res = await open(new Request("http://local/incr/c", { method: "POST" }));
        assert.deepEqual(await res.json(), { result: 1 });
        const head = await open(new Request("http://local/get/c", { method: "HEAD" }));
        assert.equal(head.status, 200);
        assert.equal(await head.text(), "");
    } finally {
        await db.close();
    }
});
