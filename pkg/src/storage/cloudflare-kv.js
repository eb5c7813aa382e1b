// cloudflareKV(namespace, { prefix }): Workers KV. Values are limited to 25 MiB; records are
// split below that. KV is eventually consistent and has no multi-key transactions: use one
// writer per prefix (e.g. one Worker instance or a Durable Object in front of it).
import { ChunkedStore } from "./chunked.js";
import { StoreAdapter } from "./memory.js";

const KV_MAX_VALUE = 24 * 1024 * 1024;

class KVBackend {
    constructor(ns, maxValue) {
        this.ns = ns;
        this.maxValue = maxValue;
    }
    async get(k) {
        const v = await this.ns.get(k, "arrayBuffer");
        return v ? new Uint8Array(v) : null;
    }
    async putMany(entries) {
        for (const [k, v] of entries) await this.ns.put(k, v);
    }
    async deleteMany(keys) {
        for (const k of keys) await this.ns.delete(k);
    }
    async listKeys(prefix) {
        const keys = [];
        let cursor;
        do {
            const page = await this.ns.list({ prefix, cursor });
            for (const k of page.keys) keys.push(k.name);
            cursor = page.list_complete ? undefined : page.cursor;
        } while (cursor);
        return keys.sort();
    }
}

export function cloudflareKV(namespace, { prefix = "spinel:", maxValue = KV_MAX_VALUE } = {}) {
    return new StoreAdapter(new ChunkedStore(new KVBackend(namespace, maxValue), prefix));
}
