// durableObject(state.storage): a Durable Object's transactional storage. Values are limited
// to 128 KiB and one put() takes at most 128 keys; records are split to fit, and each put of
// up to 128 entries is atomic. A Durable Object is single-threaded: one writer by design.
import { ChunkedStore } from "./chunked.js";
import { StoreAdapter } from "./memory.js";

const DO_MAX_VALUE = 128 * 1024 - 64;
const DO_MAX_KEYS = 128;

class DOBackend {
    constructor(storage, maxValue) {
        this.storage = storage;
        this.maxValue = maxValue;
    }
    async get(k) {
        const v = await this.storage.get(k);
        return v === undefined ? null : v;
    }
    async putMany(entries) {
        for (let i = 0; i < entries.length; i += DO_MAX_KEYS) {
            const batch = {};
            for (const [k, v] of entries.slice(i, i + DO_MAX_KEYS)) batch[k] = typeof v === "string" ? v : v.slice();
            await this.storage.put(batch);
        }
    }
    async deleteMany(keys) {
        for (let i = 0; i < keys.length; i += DO_MAX_KEYS) await this.storage.delete(keys.slice(i, i + DO_MAX_KEYS));
    }
    async listKeys(prefix) {
        const m = await this.storage.list({ prefix });
        return [...m.keys()].sort();
    }
}

export function durableObject(storage, { prefix = "spinel:", maxValue = DO_MAX_VALUE } = {}) {
    return new StoreAdapter(new ChunkedStore(new DOBackend(storage, maxValue), prefix));
}
