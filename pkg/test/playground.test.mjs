// The playground (www/) in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core), served by www/serve.mjs on 127.0.0.1: its terminal's output compared line
// for line with redis-cli's for the same lines typed against a real redis-server; history,
// completion, HELP, the prompt, Pub/Sub, blocking; data and TTLs in IndexedDB across a
// reload, the key browser; a second tab waits for the first.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { serve } from "../../www/serve.mjs";
import { parseReplies, formatTTY, formatRaw, splitArgs, repr } from "../../www/cli.js";

import { CHROMIUM, launchChromium } from "./chromium.mjs";
const REDIS_SERVER = "/usr/bin/redis-server";
const REDIS_CLI = "/usr/bin/redis-cli";
const noChromium = !existsSync(CHROMIUM) && `no ${CHROMIUM}`;
const noRedis = (!existsSync(REDIS_SERVER) || !existsSync(REDIS_CLI)) && "no redis-server/redis-cli (scripts/setup.sh installs them)";

let site;
let browser;
let profile;
let redis;
let redisPort;

async function freePort() {
    const s = createServer();
    await new Promise((r) => s.listen(0, "127.0.0.1", r));
    const { port } = s.address();
    await new Promise((r) => s.close(r));
    return port;
}

before(async () => {
    if (noChromium) return;
    site = await serve({ port: 0 });
    ({ browser, profile } = await launchChromium("spinel-playground-"));
    if (!noRedis) {
        redisPort = await freePort();
        redis = spawn(REDIS_SERVER, ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--enable-debug-command", "yes"], { stdio: "ignore" });
        for (let i = 0; i < 100; i++) {
            if (spawnSync(REDIS_CLI, ["-p", String(redisPort), "ping"]).stdout?.toString().trim() === "PONG") break;
            await new Promise((r) => setTimeout(r, 50));
        }
    }
});

after(async () => {
    if (browser) await browser.close();
    if (site) site.server.close();
    if (redis) redis.kill();
    if (profile) rmSync(profile, { recursive: true, force: true });
});

const pages = new Set();
afterEach(async () => {
    // A failed test's tab would hold the database's lock for the next test.
    for (const p of pages) if (!p.isClosed()) await p.close();
    pages.clear();
});

async function newPage() {
    const page = await browser.newPage();
    pages.add(page);
    return page;
}

async function openPlayground() {
    const page = await newPage();
    page.on("pageerror", (e) => console.error("page error:", e));
    await page.goto(site.url);
    await page.waitForFunction(() => window.playground && window.playground.ready === true);
    return page;
}

const idle = (page) => page.waitForFunction(() => !document.getElementById("terminal").dataset.busy);

/** The output printed after the last command line. */
const lastOutput = (page) =>
    page.evaluate(() => {
        const all = [...document.querySelectorAll("#output > pre")];
        let i = all.length - 1;
        while (i >= 0 && !all[i].classList.contains("entry")) i--;
        return all.slice(i + 1).map((e) => e.textContent).join("\n");
    });

/** Types a line into the terminal, presses Enter, and returns what it printed. */
async function type(page, line) {
    await page.fill("#input", line);
    await page.press("#input", "Enter");
    await idle(page);
    return lastOutput(page);
}

const prompt = (page) => page.textContent("#prompt");

// Lines typed into both redis-cli and the playground. Deterministic on both servers: no
// replies in dictionary order, no times, no ids. `skip`: run, but the output is not compared.
const SESSION = [
    "flushall",
    "set k v", "get k", "get nope", "incr n", "incrby n 41", "incr k", "decrby n 1.5",
    'set "sp ace" "two\\nlines\\r\\tand \\"quotes\\""', 'get "sp ace"',
    'set bin "\\x00\\xff\\x7f\\x80\\\\"', "get bin", "strlen bin",
    "set utf8 é", "get utf8", "append k 'it\\'s'", "get k",
    "rpush l a b c d e f g h i j k", "lrange l 0 -1", "lrange nope 0 -1", "lindex l 99",
    "hset h f1 v1 f2 v2", "hget h f1", "hmget h f1 nope f2", "hgetall h",
    "sadd s m1", "smembers s", "sismember s m1",
    "zadd z 1 a 2.5 b 3 c", "zrange z 0 -1 withscores", "zscore z b", "zincrby z 0.1 a",
    "xadd st 1-1 f v", "xadd st 2-1 f v2 g w", "xrange st - +", "xrange nope - +",
    "exists k nope l", "type l", "type nope", "object encoding l",
    '"unbalanced', "'bad'quote", 'set a"b c', 'set "a"b', "   ",
    "del nope", "ttl k", "expire nope 10",
    "eval \"return {1,{2,{3,'x'}},{}}\" 0", "eval \"return redis.error_reply('MY err')\" 0",
    "eval \"return redis.status_reply('FINE')\" 0", "eval 'return false' 0",
    "nosuchcommand a b", "get", "lpush k x",
    "select 1", "get k", "set k db1", "dbsize", "select 0",
    "multi", "incr n", "get k", "lpush k x", "exec", "multi", "discard",
    'echo "tab\\there"', "3 incr rep", "info keyspace",
    "debug protocol verbatim", "debug protocol null", "debug protocol double", "debug protocol map", "debug protocol set",
    "debug protocol array", "debug protocol integer", "debug protocol true",
    { line: "hello 3", skip: true },
    "hgetall h", "hgetall nope", "smembers s", "smembers nope", "zscore z b", "zrange z 0 -1 withscores",
    "zrange z 0 -1 withscores rev limit 0 1 byscore", "xrange st - +", "config get maxmemory", "hmget h f1 nope",
    "eval \"redis.setresp(3); return {double=1.5}\" 0", "eval \"redis.setresp(3); return {map={a=1}}\" 0",
    "eval \"redis.setresp(3); return {set={x=true}}\" 0", "eval \"redis.setresp(3); return true\" 0",
    "eval \"redis.setresp(3); return false\" 0", "eval \"return {1,{map={a={1,2}}}}\" 0",
    "debug protocol verbatim", "debug protocol null", "debug protocol double", "debug protocol map",
    "debug protocol set", "debug protocol true", "debug protocol false",
    "lpos l c", "getdel k", "get k", "select 1", "get k",
];
const MARK = /^"@@(\d+)"$/;

/** The session with an ECHO marker after each line: "echo @@<i>" prints "@@<i>" in both. */
function marked() {
    const lines = [];
    SESSION.forEach((s, i) => lines.push(typeof s === "string" ? s : s.line, `echo @@${i}`));
    return lines;
}

/** Output split at the markers: segment i is what line i printed. */
function segments(textOut) {
    const segs = [];
    let cur = [];
    for (const l of textOut.replace(/\r/g, "").split("\n")) {
        const m = MARK.exec(l);
        if (m) {
            segs[Number(m[1])] = cur;
            cur = [];
        } else cur.push(l);
    }
    return segs;
}

test("terminal output equals redis-cli's, line for line, for every reply type (RESP2 and RESP3)", { skip: noChromium || noRedis }, async () => {
    const lines = marked();
    const cli = spawnSync(REDIS_CLI, ["--no-raw", "-p", String(redisPort)], { input: lines.join("\n") + "\n", timeout: 20000 });
    assert.equal(cli.status, 0, cli.stderr.toString());
    const expected = segments(cli.stdout.toString());
    const page = await openPlayground();
    let printed = "";
    for (const line of lines) {
        const out = await type(page, line);
        printed += out === "" ? "" : out + "\n";
    }
    const actual = segments(printed);
    assert.equal(expected.length, SESSION.length, "redis-cli printed every marker");
    assert.equal(actual.length, SESSION.length, "the playground printed every marker");
    let compared = 0;
    SESSION.forEach((s, i) => {
        if (typeof s !== "string") return;
        assert.deepEqual(actual[i], expected[i], `output of ${JSON.stringify(s)}`);
        compared++;
    });
    assert.ok(compared > 100);
    // The prompt followed SELECT: the session ended in database 1.
    assert.equal(await prompt(page), "127.0.0.1:6379[1]> ");
    await type(page, "select 0");
    await page.close();
});

test("formatting corners without a server: RESP3 verbatim, pushes, empty aggregates, big numbers, raw output", () => {
    const enc = (s) => new TextEncoder().encode(s);
    const fmt = (s) => parseReplies(enc(s)).map((r) => formatTTY(r)).join("");
    assert.equal(fmt("=15\r\ntxt:two\nlines!!\r\n"), "two\nlines!!\n");
    assert.equal(fmt(">2\r\n$7\r\nmessage\r\n:1\r\n"), '1) "message"\n2) (integer) 1\n');
    assert.equal(fmt("*0\r\n%0\r\n~0\r\n>0\r\n"), "(empty array)\n(empty hash)\n(empty set)\n(empty push)\n");
    assert.equal(fmt("(12345678901234567890\r\n"), "(big number) 12345678901234567890\n");
    assert.equal(fmt("*-1\r\n_\r\n$-1\r\n"), "(nil)\n(nil)\n(nil)\n");
    assert.equal(fmt("!5\r\nERR x\r\n"), "(error) ERR x\n");
    assert.equal(fmt(":-9223372036854775808\r\n"), "(integer) -9223372036854775808\n");
    assert.equal(fmt("%1\r\n$1\r\nk\r\n*2\r\n:1\r\n:2\r\n"), '1# "k" => \n   1) (integer) 1\n   2) (integer) 2\n');
    assert.equal(formatRaw(parseReplies(enc("*2\r\n$1\r\na\r\n%1\r\n$1\r\nb\r\n:1\r\n"))[0]), "a\nb 1");
    const args = (l) => splitArgs(l)?.map(repr).join(" ") ?? null;
    assert.equal(args('set "a b" \'c d\' "\\x41\\n" e\\x41'), '"set" "a b" "c d" "A\\n" "e\\\\x41"');
    assert.equal(args('"a"b'), null);
    assert.equal(args("'a"), null);
    assert.equal(args('""'), '""');
    assert.equal(args("é"), '"\\xc3\\xa9"');
});

test("history, completion, HELP, prompt, CLEAR, Pub/Sub and blocking in the terminal", { skip: noChromium }, async () => {
    const page = await openPlayground();
    await type(page, "set hist1 1");
    await type(page, "get hist1");
    await page.press("#input", "ArrowUp");
    assert.equal(await page.inputValue("#input"), "get hist1");
    await page.press("#input", "ArrowUp");
    assert.equal(await page.inputValue("#input"), "set hist1 1");
    await page.press("#input", "ArrowDown");
    assert.equal(await page.inputValue("#input"), "get hist1");
    await page.press("#input", "ArrowDown");
    assert.equal(await page.inputValue("#input"), "");

    // Tab completes command names from the engine's COMMAND table, cycling through matches.
    await page.fill("#input", "lran");
    await page.press("#input", "Tab");
    assert.equal(await page.inputValue("#input"), "LRANGE");
    await page.fill("#input", "config ge");
    await page.press("#input", "Tab");
    assert.equal(await page.inputValue("#input"), "CONFIG GET");
    await page.fill("#input", "zrangeb");
    await page.press("#input", "Tab");
    assert.equal(await page.inputValue("#input"), "ZRANGEBYLEX");
    await page.press("#input", "Tab");
    assert.equal(await page.inputValue("#input"), "ZRANGEBYSCORE");
    await page.press("#input", "Tab");
    assert.equal(await page.inputValue("#input"), "zrangeb");
    await page.fill("#input", "help @stri");
    await page.press("#input", "Tab");
    assert.equal(await page.inputValue("#input"), "help @string");
    await page.fill("#input", "");

    const help = await type(page, "help get");
    for (const part of ["  GET key", "  group: string", "  arity: 2", "  flags: readonly, fast", "  ACL categories: @read, @string, @fast",
        "  key spec 1: flags: RO access, begin_search: {type: index, spec: {index: 1}}"]) {
        assert.ok(help.includes(part), `HELP GET shows ${JSON.stringify(part)}:\n${help}`);
    }
    assert.match(await type(page, "help config set"), /CONFIG SET.*\n[^]*arity: -4/);
    assert.match(await type(page, "help @hyperloglog"), /PFADD key/);
    assert.equal(await type(page, '"oops'), "Invalid argument(s)");

    assert.equal(await type(page, "select 2"), "OK");
    assert.equal(await prompt(page), "127.0.0.1:6379[2]> ");
    assert.equal(await type(page, "multi"), "OK");
    assert.equal(await prompt(page), "127.0.0.1:6379[2](TX)> ");
    assert.equal(await type(page, "select 0"), "QUEUED");
    assert.equal(await type(page, "exec"), "1) OK");
    assert.equal(await prompt(page), "127.0.0.1:6379> ");

    await type(page, "clear");
    assert.equal(await page.evaluate(() => document.querySelectorAll("#output > pre").length), 0);

    // SUBSCRIBE: "Reading messages...", then messages as they arrive, until Ctrl-C.
    await page.fill("#input", "subscribe news");
    await page.press("#input", "Enter");
    await page.waitForFunction(() => document.getElementById("output").textContent.includes("(integer) 1"));
    assert.equal(await lastOutput(page), 'Reading messages... (press Ctrl-C to quit)\n1) "subscribe"\n2) "news"\n3) (integer) 1');
    assert.equal(await page.evaluate(() => window.playground.db.publish("news", "hello\x00")), 1);
    await page.waitForFunction(() => document.getElementById("output").textContent.includes('"message"'));
    assert.match(await lastOutput(page), /\n1\) "message"\n2\) "news"\n3\) "hello\\x00"$/);
    assert.equal(await page.isVisible("#input"), false);
    await page.keyboard.press("Control+c");
    await idle(page);
    assert.equal(await type(page, "publish news x"), "(integer) 0");

    // A blocking command waits for another connection's write (or Ctrl-C).
    await page.fill("#input", "blpop jobs 0");
    await page.press("#input", "Enter");
    await page.evaluate(() => window.playground.db.rPush("jobs", "build"));
    await idle(page);
    assert.equal(await lastOutput(page), '1) "jobs"\n2) "build"');
    await page.fill("#input", "blpop jobs 0");
    await page.press("#input", "Enter");
    await page.keyboard.press("Control+c");
    await idle(page);
    assert.equal(await lastOutput(page), "^C\n(nil)");
    await page.close();
});

test("data, TTLs and history survive a reload; the key browser lists keys with type and TTL", { skip: noChromium }, async () => {
    const page = await openPlayground();
    await type(page, "flushall");
    await type(page, "set kept 'still here'");
    await type(page, "rpush kept:list a b c");
    await type(page, "hset kept:hash f 1");
    await type(page, "set kept:ttl x ex 500");
    await type(page, 'set "bin\\x01" y');
    await page.reload();
    await page.waitForFunction(() => window.playground && window.playground.ready === true);
    assert.equal(await type(page, "get kept"), '"still here"');
    const ttl = Number((await type(page, "ttl kept:ttl")).replace("(integer) ", ""));
    assert.ok(ttl > 490 && ttl <= 500, `TTL ${ttl}`);
    assert.equal(await type(page, "lrange kept:list 0 -1"), '1) "a"\n2) "b"\n3) "c"');
    await page.press("#input", "ArrowUp");
    assert.equal(await page.inputValue("#input"), "lrange kept:list 0 -1");
    await page.fill("#input", "");

    await page.waitForFunction(() => document.querySelectorAll("#keys tbody tr").length === 5);
    const rows = await page.$$eval("#keys tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(rows.map((r) => r.slice(0, 2)), [
        ['"bin\\x01"', "string"], ["kept", "string"], ["kept:hash", "hash"], ["kept:list", "list"], ["kept:ttl", "string"],
    ]);
    assert.match(rows[4][2], /^(49\d|500)s$/);
    assert.equal(rows[1][2], "");
    assert.equal(await page.textContent("#keys-title"), "db0: 5 keys");
    await page.click('#keys tr[data-key="kept:hash"]');
    await page.waitForFunction(() => document.getElementById("value-body").textContent !== "");
    assert.equal(await page.textContent("#value-body"), '1# "f" => "1"');
    assert.match(await page.textContent("#value-title"), /^kept:hash {2}hash$/);
    // The browser follows the terminal's writes and database.
    await type(page, "del kept");
    await page.waitForFunction(() => document.querySelectorAll("#keys tbody tr").length === 4);
    await type(page, "select 3");
    await page.waitForFunction(() => document.getElementById("keys-title").textContent === "db3: 0 keys");
    await type(page, "select 0");
    await page.close();
});

test("a second tab waits for the first: it says so, and opens the data once the first is closed", { skip: noChromium }, async () => {
    const first = await openPlayground();
    assert.equal(await type(first, "set owner first"), "OK");
    const second = await newPage();
    await second.goto(site.url);
    await second.waitForFunction(() => document.getElementById("notice").dataset.state === "locked");
    assert.match(await second.textContent("#notice"), /open in another tab/);
    assert.equal(await second.isDisabled("#input"), true);
    assert.equal(await second.evaluate(() => window.playground === undefined), true);
    await first.close({ runBeforeUnload: true });
    await second.waitForFunction(() => window.playground && window.playground.ready === true);
    assert.equal(await second.isHidden("#notice"), true);
    assert.equal(await type(second, "get owner"), '"first"');
    await second.close();
});
