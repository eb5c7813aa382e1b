// The package in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core),
// pages served on 127.0.0.1: keys of every type with TTLs written to indexedDB storage
// survive a reload with their TTLs; a second tab on the same database gets
// StorageLockedError while the first has it open, and opens it once the first closed it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync, rmSync } from "node:fs";
import { join, dirname, extname, normalize } from "node:path";
import { fileURLToPath } from "node:url";

import { CHROMIUM, launchChromium } from "./chromium.mjs";
const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

let server;
let browser;
let base;
let profile;

before(async () => {
    if (!existsSync(CHROMIUM)) return;
    server = createServer(async (req, res) => {
        const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
        try {
            const body = await readFile(join(pkgDir, path));
            res.writeHead(200, { "content-type": TYPES[extname(path)] || "application/octet-stream" });
            res.end(body);
        } catch {
            res.writeHead(404).end();
        }
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${server.address().port}`;
    ({ browser, profile } = await launchChromium("spinel-chromium-"));
});

after(async () => {
    if (browser) await browser.close();
    if (server) server.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
});

async function openPage() {
    const page = await browser.newPage();
    page.on("pageerror", (e) => console.error("page error:", e));
    await page.goto(`${base}/test/browser/page.html`);
    await page.waitForFunction(() => window.ready === true);
    return page;
}

test("indexedDB storage: every type with TTLs survives a reload; a second tab is locked out", { skip: !existsSync(CHROMIUM) && `no ${CHROMIUM}` }, async () => {
    const page = await openPage();
    await page.evaluate(async () => {
        const { Spinel, indexedDB } = window.spinel;
        const db = await Spinel.open({ storage: indexedDB("t1") });
        await db.set("str", "v", { EX: 100 });
        await db.set("bin", new Uint8Array([0, 1, 255]));
        await db.hSet("hash", { f: "1", g: "é" });
        await db.expire("hash", 200);
        await db.rPush("list", ["a", "b"]);
        await db.pExpire("list", 300000);
        await db.sAdd("set", ["x", "y"]);
        await db.expire("set", 400);
        await db.zAdd("zset", [{ score: 2.5, value: "m" }]);
        await db.expire("zset", 500);
        await db.xAdd("stream", "1-1", { k: "v" });
        await db.expire("stream", 600);
        await db.pfAdd("hll", ["a", "b", "c"]);
        await db.set("short", "x", { PX: 200 });
        await db.set("plain", "p");
        window.db = db;
    });
    // A second tab while the first has the database open.
    const tab2 = await openPage();
    const second = await tab2.evaluate(async () => {
        const { Spinel, indexedDB, StorageLockedError } = window.spinel;
        try {
            await Spinel.open({ storage: indexedDB("t1") });
            return "opened";
        } catch (e) {
            return e instanceof StorageLockedError ? `locked: ${e.message}` : `other: ${e}`;
        }
    });
    assert.match(second, /^locked: spinel: IndexedDB database "t1" is open in another tab/);
    // One that waits for the lock gets it once the first tab goes away (reload).
    const waiting = tab2.evaluate(async () => {
        const { Spinel, indexedDB } = window.spinel;
        const db = await Spinel.open({ storage: indexedDB("t1", { wait: true }) });
        const v = await db.get("plain");
        await db.close();
        return v;
    });
    await new Promise((r) => setTimeout(r, 300));
    await page.reload();
    assert.equal(await waiting, "p");
    await page.waitForFunction(() => window.ready === true);
    const read = await page.evaluate(async () => {
        const { Spinel, indexedDB } = window.spinel;
        const db = await Spinel.open({ storage: indexedDB("t1") });
        const r = {
            str: await db.get("str"), strTtl: await db.ttl("str"),
            bin: Array.from(await db.withBuffers().get("bin")),
            hash: { ...(await db.hGetAll("hash")) }, hashTtl: await db.ttl("hash"),
            list: await db.lRange("list", 0, -1), listPttl: await db.pTTL("list"),
            set: (await db.sMembers("set")).sort(), setTtl: await db.ttl("set"),
            zset: await db.zRangeWithScores("zset", 0, -1), zsetTtl: await db.ttl("zset"),
            stream: (await db.xRange("stream", "-", "+")).map((m) => [m.id, m.message.k]), streamTtl: await db.ttl("stream"),
            hll: await db.pfCount("hll"),
            short: await db.exists("short"),
            plain: await db.get("plain"), plainTtl: await db.ttl("plain"),
            types: await Promise.all(["str", "hash", "list", "set", "zset", "stream"].map((k) => db.type(k))),
        };
        await db.close();
        return r;
    });
    assert.equal(read.str, "v");
    assert.deepEqual(read.bin, [0, 1, 255]);
    assert.deepEqual(read.hash, { f: "1", g: "é" });
    assert.deepEqual(read.list, ["a", "b"]);
    assert.deepEqual(read.set, ["x", "y"]);
    assert.deepEqual(read.zset, [{ value: "m", score: 2.5 }]);
    assert.deepEqual(read.stream, [["1-1", "v"]]);
    assert.equal(read.hll, 3);
    assert.equal(read.plain, "p");
    assert.equal(read.plainTtl, -1);
    assert.equal(read.short, 0, "a 200 ms key is gone after the reload");
    assert.deepEqual(read.types, ["string", "hash", "list", "set", "zset", "stream"]);
    // TTLs kept their absolute deadlines (a few seconds at most passed).
    for (const [k, full] of [["strTtl", 100], ["hashTtl", 200], ["setTtl", 400], ["zsetTtl", 500], ["streamTtl", 600]]) {
        assert.ok(read[k] <= full && read[k] >= full - 10, `${k} = ${read[k]}`);
    }
    assert.ok(read.listPttl <= 300000 && read.listPttl > 290000, `list pttl ${read.listPttl}`);

    // Automatic compaction in IndexedDB: rewrites make the log outgrow the snapshot; after a
    // reload the data is there and the stored log is small.
    const written = await page.evaluate(async () => {
        const { Spinel, indexedDB } = window.spinel;
        const storage = indexedDB("t2");
        const db = await Spinel.open({ storage, compactMinBytes: 10000 });
        let compactions = 0;
        const compact = storage.compact.bind(storage);
        storage.compact = (chunks) => (compactions++, compact(chunks));
        for (let i = 0; i < 2000; i++) await db.set(`k${i % 40}`, `value ${i}`);
        await db.close();
        return { compactions, ...storage.sizes() };
    });
    assert.ok(written.compactions >= 2, `compacted ${written.compactions} times`);
    assert.ok(written.log <= Math.max(written.snapshot, 10000), JSON.stringify(written));
    await page.reload();
    await page.waitForFunction(() => window.ready === true);
    const reread = await page.evaluate(async () => {
        const { Spinel, indexedDB } = window.spinel;
        const storage = indexedDB("t2");
        const db = await Spinel.open({ storage });
        const values = await db.mGet(["k0", "k39", "nope"]);
        const size = await db.dbSize();
        const sizes = storage.sizes();
        await db.close();
        return { values, size, ...sizes };
    });
    assert.deepEqual(reread.values, ["value 1960", "value 1999", null]);
    assert.equal(reread.size, 40);
    assert.ok(reread.log + reread.snapshot < 20000, JSON.stringify(reread));
});
