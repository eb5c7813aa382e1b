// indexedDB(name): browser storage. One object store of records in the shared format
// (chunked.js). Two tabs must not write one database at once: the opener takes the Web Lock
// `spinel:<name>` for as long as the engine is open; a second opener gets a
// StorageLockedError (or waits for the lock with `{ wait: true }`).
import { ChunkedStore } from "./chunked.js";
import { StoreAdapter } from "./memory.js";
import { StorageLockedError } from "../errors.js";

const STORE = "records";

const done = (req) =>
    new Promise((resolve, reject) => {
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
    });

const complete = (tx) =>
    new Promise((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error || new Error("spinel: IndexedDB transaction aborted"));
    });

class IDBBackend {
    constructor(db) {
        this.db = db;
        this.maxValue = 4 * 1024 * 1024;
    }
    async get(k) {
        const v = await done(this.db.transaction(STORE, "readonly").objectStore(STORE).get(k));
        return v === undefined ? null : v;
    }
    async putMany(entries) {
        const tx = this.db.transaction(STORE, "readwrite", { durability: "strict" });
        const s = tx.objectStore(STORE);
        for (const [k, v] of entries) s.put(typeof v === "string" ? v : v.slice(), k);
        await complete(tx);
    }
    async deleteMany(keys) {
        if (!keys.length) return;
        const tx = this.db.transaction(STORE, "readwrite");
        const s = tx.objectStore(STORE);
        for (const k of keys) s.delete(k);
        await complete(tx);
    }
    async listKeys(prefix) {
        const range = IDBKeyRange.bound(prefix, prefix + "\uffff");
        const keys = await done(this.db.transaction(STORE, "readonly").objectStore(STORE).getAllKeys(range));
        return keys.map(String).sort();
    }
}

class IndexedDBAdapter extends StoreAdapter {
    constructor(name, options) {
        super(null);
        this.name = name;
        this.options = options;
        this.release = null;
        this.db = null;
    }

    async open() {
        const locks = globalThis.navigator && globalThis.navigator.locks;
        if (locks) {
            await new Promise((resolve, reject) => {
                locks
                    .request(`spinel:${this.name}`, { ifAvailable: !this.options.wait }, (lock) => {
                        if (!lock) {
                            reject(new StorageLockedError(`spinel: IndexedDB database "${this.name}" is open in another tab or worker`));
                            return undefined;
                        }
                        resolve();
                        return new Promise((release) => {
                            this.release = release;
                        });
                    })
                    .catch(reject);
            });
        }
        const req = globalThis.indexedDB.open(this.name, 1);
        req.onupgradeneeded = () => req.result.createObjectStore(STORE);
        try {
            this.db = await done(req);
        } catch (e) {
            this.#unlock();
            throw e;
        }
        this.store = new ChunkedStore(new IDBBackend(this.db));
    }

    #unlock() {
        if (this.release) this.release();
        this.release = null;
    }

    async close() {
        if (this.db) this.db.close();
        this.db = null;
        this.#unlock();
    }
}

export function indexedDB(name, options = {}) {
    return new IndexedDBAdapter(name, options);
}
