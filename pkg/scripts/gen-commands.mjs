// Reads the engine's command table (COMMAND) and writes dist/commands.js (name, arity,
// flags, camelCase method name) and dist/commands.d.ts, so every command the engine has
// gets a method, and new commands appear without touching the package.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Decoder } from "../src/resp.js";

// Method-name prefixes by COMMAND DOCS group, as node-redis names them (hSet, zAdd, xRead).
const GROUP_PREFIX = { hash: "h", "sorted-set": "z", set: "s", stream: "x", hyperloglog: "pf", geo: "geo" };
// Words for splitting the rest of a name into camelCase, longest match first.
const WORDS = ("get set all range by score lex rank rev incr decr float exists keys key vals len del rand field " +
    "str scan push pop x index insert pos rem trim move card diff inter union store is member members m add " +
    "count min max mpop ex nx at expire time persist type rename copy object dump restore sort ro unlink " +
    "select swap db flush size info config client command echo ping quit reset hello auth shutdown last save " +
    "bit op field fields search radius dist hash merge ack claim auto group info trim pending " +
    "read write zero len append setrange getrange sub lcs inter card strlen wait readonly range store " +
    "mset msetnx append subscribe publish eval sha f call script function multi exec watch unwatch discard " +
    "object encoding freq idle help memory usage stats lolwut role time debug").split(" ");
// Names node-redis spells differently from the rule.
const OVERRIDES = {
    mset: "mSet", msetnx: "mSetNX", setnx: "setNX", hsetnx: "hSetNX", getex: "getEx", getdel: "getDel",
    mget: "mGet", hmget: "hmGet", hmset: "hmSet", incrbyfloat: "incrByFloat", hincrbyfloat: "hIncrByFloat",
    blpop: "blPop", brpop: "brPop", blmove: "blMove", blmpop: "blmPop", lmpop: "lmPop", brpoplpush: "brPopLPush",
    rpoplpush: "rPopLPush", lpush: "lPush", rpush: "rPush", lpushx: "lPushX", rpushx: "rPushX", lpop: "lPop",
    rpop: "rPop", lrange: "lRange", llen: "lLen", lindex: "lIndex", linsert: "lInsert", lpos: "lPos", lrem: "lRem",
    lset: "lSet", ltrim: "lTrim", lmove: "lMove", bzpopmin: "bzPopMin", bzpopmax: "bzPopMax", bzmpop: "bzmPop",
    zmpop: "zmPop", setex: "setEx", psetex: "pSetEx", pexpire: "pExpire", pexpireat: "pExpireAt",
    pexpiretime: "pExpireTime", pttl: "pTTL", ttl: "ttl", expireat: "expireAt", expiretime: "expireTime",
    getrange: "getRange", setrange: "setRange", incrby: "incrBy", decrby: "decrBy",
    randomkey: "randomKey", renamenx: "renameNX", dbsize: "dbSize", flushdb: "flushDb", flushall: "flushAll",
    swapdb: "swapDb", setbit: "setBit", getbit: "getBit", bitcount: "bitCount", bitop: "bitOp", bitpos: "bitPos",
    bitfield: "bitField", bitfield_ro: "bitFieldRo", pfadd: "pfAdd", pfcount: "pfCount", pfmerge: "pfMerge",
    sinter: "sInter", sintercard: "sInterCard", sinterstore: "sInterStore", smismember: "smIsMember",
    zmscore: "zmScore", georadius_ro: "geoRadiusRo", georadiusbymember_ro: "geoRadiusByMemberRo",
    eval_ro: "evalRo", evalsha_ro: "evalShaRo", fcall_ro: "fCallRo", psubscribe: "pSubscribe",
    punsubscribe: "pUnsubscribe", ssubscribe: "sSubscribe", sunsubscribe: "sUnsubscribe",
    xautoclaim: "xAutoClaim", xreadgroup: "xReadGroup", lcs: "lcs", xsetid: "xSetId", hstrlen: "hStrLen", strlen: "strLen", sort_ro: "sortRo", pubsub: "pubSub",
};

function camel(name, group) {
    if (OVERRIDES[name]) return OVERRIDES[name];
    let prefix = "";
    let rest = name;
    const p = GROUP_PREFIX[group];
    if (p && name.startsWith(p) && name !== p) {
        prefix = p;
        rest = name.slice(p.length);
    }
    const words = [];
    while (rest.length) {
        let w = null;
        for (let n = rest.length; n > 0; n--) {
            if (WORDS.includes(rest.slice(0, n))) {
                w = rest.slice(0, n);
                break;
            }
        }
        if (!w) {
            // No clean split: keep the name as it is after the prefix (touch, not tOuch).
            return prefix + (prefix ? name[p.length].toUpperCase() + name.slice(p.length + 1) : name);
        }
        words.push(w);
        rest = rest.slice(w.length);
    }
    const parts = words.map((w, i) => (i === 0 && !prefix ? w : w[0].toUpperCase() + w.slice(1)));
    return prefix + parts.join("");
}

export async function generateCommands(pkg, wasmBytes) {
    const { initSync, Core } = await import(join(pkg, "dist", "wasm", "spinel.js"));
    initSync({ module: wasmBytes });
    const core = new Core(0, 1, Date.now(), "");
    const client = core.connect(Date.now());
    const dec = new Decoder();
    const call = (args) => {
        const enc = new TextEncoder();
        const parts = args.map((a) => enc.encode(a));
        const frames = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0));
        const view = new DataView(frames.buffer);
        let pos = 0;
        for (const p of parts) {
            view.setUint32(pos, p.length, true);
            frames.set(p, pos + 4);
            pos += 4 + p.length;
        }
        core.exec_frames(client, frames, args.length, Date.now());
        return dec.decode(core.out(), 0, false);
    };
    const info = call(["COMMAND"]);
    const docs = call(["COMMAND", "DOCS"]);
    const groups = {};
    for (let i = 0; i < docs.length; i += 2) {
        const d = docs[i + 1];
        for (let j = 0; j < d.length; j += 2) if (d[j] === "group") groups[docs[i]] = d[j + 1];
    }
    const table = info
        .map(([name, arity, flags, firstKey]) => ({
            name, arity, method: camel(name, groups[name]),
            blocking: flags.includes("blocking"), write: flags.includes("write"), firstKey,
        }))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
    const seen = new Set();
    for (const c of table) {
        if (seen.has(c.method)) throw new Error(`two commands map to method ${c.method}`);
        seen.add(c.method);
    }
    const rows = table.map((c) => `  [${JSON.stringify(c.name)}, ${JSON.stringify(c.method)}, ${c.arity}, ${c.blocking}],`);
    writeFileSync(join(pkg, "dist", "commands.js"),
        "// Generated by scripts/gen-commands.mjs from the engine's COMMAND table. Do not edit.\n" +
        "// [name, method, arity, blocking]\nexport const COMMANDS = [\n" + rows.join("\n") + "\n];\n");
    const dts = table.map((c) => `    ${c.method}(...args: RedisArgument[]): Promise<Reply>;\n    ${c.name.toUpperCase()}(...args: RedisArgument[]): Promise<Reply>;`);
    writeFileSync(join(pkg, "dist", "commands.d.ts"),
        "// Generated by scripts/gen-commands.mjs. Do not edit.\nimport type { RedisArgument, Reply } from \"../src/index.js\";\n" +
        "export type CommandName = " + table.map((c) => JSON.stringify(c.name)).join(" | ") + ";\n" +
        "export interface GeneratedCommands {\n" + dts.join("\n") + "\n}\n");
    core.free();
    return table;
}
