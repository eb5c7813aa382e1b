// What one GET costs, split by part (CPU time per operation, the best of several rounds, so
// that a busy machine distorts it less than the wall-clock figures of bench.mjs):
//   node bench/cost.mjs
// The parts are measured one by one in isolation; their sum is close to, not exactly, the
// whole (caches and inlining differ).
import { Spinel } from "../src/index.js";
import { Core } from "../src/wasm.js";
import { Decoder, writeNamed } from "../src/resp.js";
import RedisMock from "ioredis-mock";

const N = Math.round(300_000 * Number(process.env.SPINEL_BENCH_SCALE || 1));
const ROUNDS = 5;
const KEYS = 10_000;
const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`);

async function cost(fn) {
    await fn(Math.min(N, 20_000));
    let best = Infinity;
    for (let r = 0; r < ROUNDS; r++) {
        const c0 = process.cpuUsage();
        await fn(N);
        const c = process.cpuUsage(c0);
        best = Math.min(best, ((c.user + c.system) * 1000) / N);
    }
    return best;
}

const db = await Spinel.open({ timers: false });
const mock = new RedisMock();
for (let i = 0; i < KEYS; i++) {
    db.sendCommandSync(["SET", keys[i], "value"]);
    await mock.set(keys[i], "value");
}

// A bare engine for the wasm call alone: one GET written once into its input buffer.
const core = new Core(1, 2, Date.now(), "");
const client = core.connect(Date.now());
for (let i = 0; i < KEYS; i++) {
    const p = core.input_ptr(64);
    const end = writeNamed(new Uint8Array(Core.memory().buffer), p, "SET", [keys[i], "value"]);
    core.exec(client, 3, end - p, Date.now());
}
const inPtr = core.input_ptr(64);
const getLen = writeNamed(new Uint8Array(Core.memory().buffer), inPtr, "GET", [keys[1]]) - inPtr;
const scratch = new Uint8Array(256);
const replyBytes = new TextEncoder().encode("$5\r\nvalue\r\n");
const decoder = new Decoder();
let sink = 0;

const rows = [
    ["await of a settled promise", (n) => (async () => { for (let i = 0; i < n; i++) sink += await Promise.resolve(i); })()],
    ["clock read (Date.now)", (n) => { for (let i = 0; i < n; i++) sink += Date.now(); }],
    ["argument encoding", (n) => { for (let i = 0; i < n; i++) sink += writeNamed(scratch, 0, "GET", [keys[i % KEYS]]); }],
    ["wasm call: engine runs GET", (n) => { for (let i = 0; i < n; i++) sink += core.exec(client, 2, getLen, 1e12); }],
    ["encoding + wasm call, 10k keys", (n) => {
        const u8 = new Uint8Array(Core.memory().buffer);
        for (let i = 0; i < n; i++) sink += core.exec(client, 2, writeNamed(u8, inPtr, "GET", [keys[i % KEYS]]) - inPtr, 1e12);
    }],
    ["reply decoding", (n) => { for (let i = 0; i < n; i++) sink += decoder.decode(replyBytes, 0, false).length; }],
    ["whole: sendCommandSync", (n) => { for (let i = 0; i < n; i++) db.sendCommandSync(["GET", keys[i % KEYS]]); }],
    ["whole: await db.get", async (n) => { for (let i = 0; i < n; i++) await db.get(keys[i % KEYS]); }],
    ["ioredis-mock: await get", async (n) => { for (let i = 0; i < n; i++) await mock.get(keys[i % KEYS]); }],
];
console.log(`node ${process.version}; CPU ns per GET (best of ${ROUNDS} x ${N})`);
for (const [name, fn] of rows) console.log(`${name.padEnd(30)} ${(await cost(fn)).toFixed(0).padStart(6)}`);
await db.close();
mock.disconnect();
if (sink === -1) console.log(sink);
