// A Worker and a Durable Object using the package with Workers KV and Durable Object storage
// (run by test/workers.test.mjs under miniflare/workerd, offline, on 127.0.0.1).
import { Spinel, cloudflareKV, durableObject } from "../../src/worker.js";

async function writeKeys(db) {
    await db.set("str", "v", { EX: 1000 });
    await db.hSet("hash", { f: "1", g: "2" });
    await db.expire("hash", 2000);
    await db.rPush("list", ["a", "b"]);
    await db.sAdd("set", ["x"]);
    await db.zAdd("zset", [{ score: 1.5, value: "m" }]);
    await db.xAdd("stream", "1-1", { k: "v" });
    return "written";
}

async function readKeys(db) {
    return {
        str: await db.get("str"),
        strTtl: await db.ttl("str"),
        hash: { ...(await db.hGetAll("hash")) },
        hashTtl: await db.ttl("hash"),
        list: await db.lRange("list", 0, -1),
        set: await db.sMembers("set"),
        zset: await db.zScore("zset", "m"),
        stream: (await db.xRange("stream", "-", "+")).map((m) => m.id),
        count: await db.incr("opens"),
    };
}

export class Store {
    constructor(state) {
        this.state = state;
        this.db = null;
    }
    async fetch(request) {
        // One engine per Durable Object instance, loaded from its storage on first use.
        this.db ??= await Spinel.open({ storage: durableObject(this.state.storage) });
        const op = new URL(request.url).pathname.split("/").pop();
        const result = op === "write" ? await writeKeys(this.db) : await readKeys(this.db);
        return Response.json(result);
    }
}

export default {
    async fetch(request, env) {
        const url = new URL(request.url);
        const [, kind, op] = url.pathname.split("/");
        if (kind === "do") {
            const stub = env.STORE.get(env.STORE.idFromName("one"));
            return stub.fetch(`http://do/${op}`);
        }
        // KV: an engine per request, loaded from KV and closed (flushed) before answering.
        const db = await Spinel.open({ storage: cloudflareKV(env.CACHE, { prefix: "t:" }) });
        const result = op === "write" ? await writeKeys(db) : await readKeys(db);
        await db.close();
        return Response.json(result);
    },
};
