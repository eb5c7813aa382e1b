// Lua in the package: eval/evalSha/evalRo/fCall/fCallRo/scriptLoad/functionLoad in
// node-redis v4 style, and scripts that run in slices (Core's OUTCOME_RUNNING).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Spinel, ReplyError } from "../src/index.js";

test("eval, evalRo, evalSha, scriptLoad with keys and arguments", async () => {
    const db = await Spinel.open();
    await db.set("k", "v");
    assert.equal(await db.eval("return redis.call('GET', KEYS[1])", { keys: ["k"] }), "v");
    assert.deepEqual(await db.eval("return {KEYS[1], ARGV[1], ARGV[2]}", { keys: ["a"], arguments: ["b", "c"] }), ["a", "b", "c"]);
    assert.equal(await db.eval("return 42"), 42);
    const sha = await db.scriptLoad("return redis.call('INCRBY', KEYS[1], ARGV[1])");
    assert.match(sha, /^[0-9a-f]{40}$/);
    assert.deepEqual(await db.scriptExists(sha, "0".repeat(40)), [true, false]);
    assert.equal(await db.evalSha(sha, { keys: ["n"], arguments: ["5"] }), 5);
    assert.equal(await db.evalRo("return redis.call('GET', KEYS[1])", { keys: ["k"] }), "v");
    await assert.rejects(db.evalRo("return redis.call('SET', KEYS[1], 'x')", { keys: ["k"] }), (e) => e instanceof ReplyError && /Write commands are not allowed from read-only scripts/.test(e.message));
    await assert.rejects(db.evalSha("0".repeat(40)), (e) => e instanceof ReplyError && e.message.startsWith("NOSCRIPT"));
    await assert.rejects(db.eval("return redis.call('NOPE')"), (e) => e instanceof ReplyError && /Unknown Redis command called from script/.test(e.message));
    assert.equal(await db.scriptFlush(), "OK");
    assert.deepEqual(await db.scriptExists(sha), [false]);
    await db.close();
});

test("functionLoad, fCall, fCallRo, functionDelete", async () => {
    const db = await Spinel.open();
    const lib = `#!lua name=mylib
redis.register_function('incr2', function(keys, args) return redis.call('INCRBY', keys[1], 2 * args[1]) end)
redis.register_function{function_name='get_ro', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}}`;
    assert.equal(await db.functionLoad(lib), "mylib");
    await assert.rejects(db.functionLoad(lib), /Library 'mylib' already exists/);
    assert.equal(await db.functionLoad(lib, { REPLACE: true }), "mylib");
    assert.equal(await db.fCall("incr2", { keys: ["c"], arguments: ["3"] }), 6);
    assert.equal(await db.fCallRo("get_ro", { keys: ["c"] }), "6");
    await assert.rejects(db.fCallRo("incr2", { keys: ["c"], arguments: ["1"] }), /Can not execute a script with write flag using \*_ro command/);
    assert.equal(await db.functionDelete("mylib"), "OK");
    await assert.rejects(db.fCall("incr2", { keys: ["c"], arguments: ["1"] }), /Function not found/);
    await db.close();
});

test("a long script runs to completion in slices; past busy-reply-threshold others get BUSY and SCRIPT KILL works", async () => {
    const db = await Spinel.open({ config: { "busy-reply-threshold": 50 } });
    const other = db.duplicate();
    // Short enough to finish before the threshold: one promise, the whole reply.
    assert.equal(await db.eval("local n = 0 for i = 1, 300000 do n = n + 1 end return n"), 300000);
    // The synchronous path runs a script to its end too.
    assert.equal(db.sendCommandSync(["EVAL", "local n = 0 for i = 1, 300000 do n = n + 1 end return n", "0"]), 300000);
    // An endless script: the event loop goes on, other connections are answered BUSY.
    const forever = db.eval("while true do end");
    await new Promise((r) => setTimeout(r, 120));
    await assert.rejects(other.get("k"), (e) => e instanceof ReplyError && e.message.startsWith("BUSY Redis is busy running a script"));
    assert.equal(await other.sendCommand(["SCRIPT", "KILL"]), "OK");
    await assert.rejects(forever, (e) => e instanceof ReplyError && e.message.startsWith("ERR Script killed by user"));
    // The connection goes on normally afterwards.
    assert.equal(await db.set("k", "v"), "OK");
    assert.equal(await other.get("k"), "v");
    await db.close();
});

test("commands queued behind a running script keep their order", async () => {
    const db = await Spinel.open({ config: { "busy-reply-threshold": 1 } });
    const a = db.eval("local n = 0 for i = 1, 3000000 do n = n + 1 end redis.call('SET', 'x', n) return n");
    const b = db.get("x");
    assert.equal(await a, 3000000);
    assert.equal(await b, "3000000");
    await db.close();
});
