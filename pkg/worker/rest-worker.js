// The Cloudflare Worker of wrangler.toml: Upstash's Redis REST API (src/rest.js), each
// database a Durable Object (`SpinelDatabase`) that keeps a Spinel engine in memory and its
// data in the object's storage. Clients such as @upstash/redis work against it unchanged.
//
// Configuration (wrangler.toml and secrets):
// - SPINEL_REST_TOKEN (secret, required): the bearer token. Without it every request gets
//   HTTP 500 and nothing is served: the database is never open to anyone.
// - SPINEL_REST_READONLY_TOKEN (secret, optional): a token for read commands only.
// - SPINEL_DATABASE (var, optional): the name of the Durable Object to serve, "default".
// - SPINEL_REST_MAX_BODY_BYTES (var, optional): the largest request body, 1048576.
import { Spinel, durableObject } from "../src/worker.js";
import { restHandler, authorized, unauthorized } from "../src/rest.js";

function options(env) {
    const max = Number(env.SPINEL_REST_MAX_BODY_BYTES);
    return { token: env.SPINEL_REST_TOKEN, readOnlyToken: env.SPINEL_REST_READONLY_TOKEN || undefined, maxBodyBytes: max > 0 ? max : undefined };
}

function notConfigured() {
    return Response.json({ error: "ERR the worker has no SPINEL_REST_TOKEN secret: set one with `wrangler secret put SPINEL_REST_TOKEN`" }, { status: 500 });
}

/** One database: the engine, loaded from this object's storage before the first request. */
export class SpinelDatabase {
    constructor(state, env) {
        this.env = env;
        this.handler = null;
        state.blockConcurrencyWhile(async () => {
            // Durability "always": a write's reply is sent once the storage has it.
            const db = await Spinel.open({ storage: durableObject(state.storage), durability: "always" });
            this.handler = env.SPINEL_REST_TOKEN ? restHandler(db, options(env)) : null;
        });
    }

    fetch(request) {
        // The token is checked here too, so the class is safe behind any Worker.
        if (!this.handler) return notConfigured();
        return this.handler(request);
    }
}

export default {
    async fetch(request, env) {
        if (!env.SPINEL_REST_TOKEN) return notConfigured();
        // Requests without the token never wake the Durable Object.
        if (!authorized(request, env.SPINEL_REST_TOKEN) && !authorized(request, env.SPINEL_REST_READONLY_TOKEN)) return unauthorized();
        const ns = env.SPINEL_DB;
        return ns.get(ns.idFromName(env.SPINEL_DATABASE || "default")).fetch(request);
    },
};
