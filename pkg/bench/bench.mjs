// In-process throughput: Spinel (promise API and the synchronous fastest path) beside
// ioredis-mock on the same workload, with ratios. Not part of the tests: run it alone,
// on an otherwise idle machine:   npm run bench   (SPINEL_BENCH_SCALE=0.2 for a quick look)
// Both sides run the same number of the same commands, each awaited before the next, and
// start each measurement after a full GC (npm run bench passes --expose-gc), so neither pays
// for the other's garbage. Each line is measured in ROUNDS rounds that alternate the sides,
// and the best round of each side counts: on a shared machine, load comes and goes.
// bench/cost.mjs splits the cost of one GET into its parts.
import { Spinel } from "../src/index.js";
import RedisMock from "ioredis-mock";

const SCALE = Number(process.env.SPINEL_BENCH_SCALE || 1);
const N = Math.round(100_000 * SCALE);
const ROUNDS = Number(process.env.SPINEL_BENCH_ROUNDS || 5);
const KEYS = 10_000;
const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`);

async function once(fn, n) {
    if (globalThis.gc) globalThis.gc();
    const t0 = process.hrtime.bigint();
    await fn(n);
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    return n / s;
}

/** Ops/s of each function (the best of ROUNDS rounds, the functions taking turns). */
async function measure(fns, n) {
    for (const fn of fns) await fn(Math.min(n, 2000)); // warm-up
    const best = fns.map(() => 0);
    for (let r = 0; r < ROUNDS; r++) {
        for (let i = 0; i < fns.length; i++) best[i] = Math.max(best[i], await once(fns[i], n));
    }
    return best;
}

const db = await Spinel.open({ timers: false });
const mock = new RedisMock();
for (let i = 0; i < KEYS; i++) {
    await db.set(keys[i], "value");
    await mock.set(keys[i], "value");
}

const workloads = [
    ["SET", (c) => async (n) => { for (let i = 0; i < n; i++) await c.set(keys[i % KEYS], "value"); },
        (n) => { for (let i = 0; i < n; i++) db.sendCommandSync(["SET", keys[i % KEYS], "value"]); }],
    ["GET", (c) => async (n) => { for (let i = 0; i < n; i++) await c.get(keys[i % KEYS]); },
        (n) => { for (let i = 0; i < n; i++) db.sendCommandSync(["GET", keys[i % KEYS]]); }],
    ["INCR", (c) => async (n) => { for (let i = 0; i < n; i++) await c.incr(`n:${i % 100}`); },
        (n) => { for (let i = 0; i < n; i++) db.sendCommandSync(["INCR", `n:${i % 100}`]); }],
    ["HSET", (c) => async (n) => { for (let i = 0; i < n; i++) await c.hset(`h:${i % 100}`, `f${i % 1000}`, "v"); },
        (n) => { for (let i = 0; i < n; i++) db.sendCommandSync(["HSET", `h:${i % 100}`, `f${i % 1000}`, "v"]); }],
    ["ZADD", (c) => async (n) => { for (let i = 0; i < n; i++) await c.zadd(`z:${i % 100}`, String(i % 5000), `m${i % 5000}`); },
        (n) => { for (let i = 0; i < n; i++) db.sendCommandSync(["ZADD", `z:${i % 100}`, String(i % 5000), `m${i % 5000}`]); }],
    ["LPUSH", (c) => async (n) => { for (let i = 0; i < n; i++) await c.lpush(`l:${i % 100}`, "v"); },
        (n) => { for (let i = 0; i < n; i++) db.sendCommandSync(["LPUSH", `l:${i % 100}`, "v"]); }],
];

// Spinel's promise API uses node-redis names (hSet, zAdd); ioredis-mock uses ioredis's.
const spinelApi = {
    set: (k, v) => db.set(k, v), get: (k) => db.get(k), incr: (k) => db.incr(k),
    hset: (k, f, v) => db.hSet(k, f, v), zadd: (k, s, m) => db.zAdd(k, { score: s, value: m }),
    lpush: (k, v) => db.lPush(k, v),
};

const rows = [];
for (const [name, asyncFn, syncFn] of workloads) {
    for (const c of [mock, db]) await (c === db ? db.del(["l:0"]) : mock.del("l:0"));
    const [mockOps, promiseOps, syncOps] = await measure([asyncFn(mock), asyncFn(spinelApi), syncFn], N);
    rows.push([name, mockOps, promiseOps, syncOps]);
}

// A pipeline of 10 commands (5 SET + 5 GET), counted as commands per second.
const P = Math.round(N / 10);
const [mockPipe, spinelPipe] = await measure([
    async (n) => {
        for (let i = 0; i < n; i++) {
            const p = mock.pipeline();
            for (let j = 0; j < 5; j++) p.set(keys[(i + j) % KEYS], "v").get(keys[(i + j) % KEYS]);
            await p.exec();
        }
    },
    async (n) => {
        for (let i = 0; i < n; i++) {
            const p = db.pipeline();
            for (let j = 0; j < 5; j++) p.set(keys[(i + j) % KEYS], "v").get(keys[(i + j) % KEYS]);
            await p.execAsPipeline();
        }
    },
], P);
rows.push(["pipeline of 10", mockPipe * 10, spinelPipe * 10, NaN]);

const fmt = (x) => (Number.isNaN(x) ? "-" : Math.round(x).toLocaleString("en-US"));
const ratio = (a, b) => (Number.isNaN(a) ? "-" : (a / b).toFixed(1) + "x");
console.log(`node ${process.version}, ${N} operations per line, side and round, best of ${ROUNDS} rounds (ops/s; pipeline: commands/s)`);
console.log("command         ioredis-mock   spinel await   ratio   spinel sync   ratio");
for (const [name, m, p, s] of rows) {
    console.log(`${name.padEnd(15)} ${fmt(m).padStart(12)} ${fmt(p).padStart(14)} ${ratio(p, m).padStart(7)} ${fmt(s).padStart(13)} ${ratio(s, m).padStart(7)}`);
}
await db.close();
mock.disconnect();
