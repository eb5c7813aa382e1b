// memory(): keeps the stored format in a Map. Data lives as long as the adapter object:
// open a second engine with the same adapter (after closing the first) to reload it.
import { ChunkedStore } from "./chunked.js";

class MapBackend {
    constructor(maxValue) {
        this.map = new Map();
        this.maxValue = maxValue;
    }
    async get(k) {
        return this.map.get(k) ?? null;
    }
    async putMany(entries) {
        for (const [k, v] of entries) this.map.set(k, typeof v === "string" ? v : v.slice());
    }
    async deleteMany(keys) {
        for (const k of keys) this.map.delete(k);
    }
    async listKeys(prefix) {
        return [...this.map.keys()].filter((k) => k.startsWith(prefix)).sort();
    }
}

export class StoreAdapter {
    constructor(store) {
        this.store = store;
    }
    load() {
        return this.store.load();
    }
    append(bytes) {
        return this.store.append(bytes);
    }
    compact(chunks) {
        return this.store.compact(chunks);
    }
    /** Bytes of log and snapshot, for deciding when to compact. */
    sizes() {
        const generation = this.store.meta ? this.store.meta.generation : 0;
        return { log: this.store.logBytes, snapshot: this.store.snapshotBytes, generation };
    }
}

/** In-memory storage. `maxValue` splits records as a size-limited store would (tests). */
export function memory({ maxValue = Infinity } = {}) {
    const backend = new MapBackend(maxValue);
    const adapter = new StoreAdapter(new ChunkedStore(backend));
    adapter.backend = backend;
    return adapter;
}
