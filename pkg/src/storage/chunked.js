// The storage format every adapter shares, over a small key-value backend:
//
//   <prefix>meta              JSON {format, generation, snapshotChunks, logFrom}
//   <prefix>snap:<gen>:<i>    snapshot chunk i of generation gen (RESP commands)
//   <prefix>log:<seq>         change-stream records (RESP commands, AOF format), in order
//
// Values larger than the backend's limit are split over several records; loading
// concatenates them, and replay reads RESP across the boundaries. `format` is checked on
// load: a later release keeps reading format 1 and refuses what it does not know.
// Compaction writes a new snapshot generation, then commits it in `meta` (with `logFrom`,
// so log records it covers are ignored even if deleting them was cut short), then deletes
// the old records.
import { StorageFormatError } from "../errors.js";

// 1: snapshot chunks are RESP commands (still read); 2: they are the engine's snapshot
// blobs (spinel-core snapshot.rs: RDB-encoded records, checksummed), split to value limits.
export const FORMAT = 2;
const READABLE = new Set([1, 2]);
const pad = (n, w) => String(n).padStart(w, "0");

export class ChunkedStore {
    /**
     * backend: { get(key), putMany([[key, value]]), deleteMany(keys), listKeys(prefix), maxValue }
     * values are Uint8Array (records) or strings (meta).
     */
    constructor(backend, prefix = "") {
        this.backend = backend;
        this.prefix = prefix;
        this.meta = null;
        this.nextSeq = 0;
        // Log records at or past nextSeq that a failed append may have stored: a compaction
        // must cover them too (its logFrom past them), or a load would replay them.
        this.writtenUpTo = 0;
        this.logBytes = 0;
        this.snapshotBytes = 0;
    }

    key(k) {
        return this.prefix + k;
    }

    async load() {
        const raw = await this.backend.get(this.key("meta"));
        let meta = { format: FORMAT, generation: 0, snapshotChunks: 0, logFrom: 0 };
        if (raw) {
            const text = typeof raw === "string" ? raw : new TextDecoder().decode(raw);
            try {
                meta = JSON.parse(text);
            } catch {
                throw new StorageFormatError("spinel: unreadable storage metadata");
            }
            if (!READABLE.has(meta.format)) {
                throw new StorageFormatError(`spinel: storage format ${meta.format} is not supported (this release reads formats 1 and ${FORMAT})`);
            }
        }
        this.meta = meta;
        const snapshot = [];
        for (let i = 0; i < meta.snapshotChunks; i++) {
            const c = await this.backend.get(this.key(`snap:${pad(meta.generation, 6)}:${pad(i, 6)}`));
            if (!c) throw new StorageFormatError(`spinel: snapshot chunk ${i} is missing`);
            snapshot.push(c);
            this.snapshotBytes += c.length;
        }
        const logPrefix = this.key("log:");
        const keys = (await this.backend.listKeys(logPrefix)).sort();
        const log = [];
        let last = meta.logFrom - 1;
        for (const k of keys) {
            const seq = Number(k.slice(logPrefix.length));
            if (seq < meta.logFrom) continue;
            const v = await this.backend.get(k);
            if (v) {
                log.push(v);
                this.logBytes += v.length;
            }
            last = Math.max(last, seq);
        }
        this.nextSeq = last + 1;
        return { snapshot, log, snapshotFormat: meta.format === 1 ? "resp" : "engine" };
    }

    async append(bytes) {
        const entries = [];
        const max = this.backend.maxValue;
        const first = this.nextSeq;
        for (let pos = 0; pos < bytes.length; pos += max) {
            entries.push([this.key(`log:${pad(this.nextSeq++, 12)}`), bytes.subarray(pos, Math.min(bytes.length, pos + max))]);
        }
        try {
            await this.backend.putMany(entries);
        } catch (e) {
            // Some records may be stored. The engine retries with these bytes first (and
            // maybe more), so the retry writes the same records again under the same keys.
            this.writtenUpTo = Math.max(this.writtenUpTo, this.nextSeq);
            this.nextSeq = first;
            throw e;
        }
        this.logBytes += bytes.length;
    }

    /** Replaces the snapshot with `chunks` (covering everything logged so far). */
    async compact(chunks) {
        const old = this.meta;
        const generation = old.generation + 1;
        const entries = [];
        const max = this.backend.maxValue;
        let i = 0;
        let bytes = 0;
        for (const c of chunks) {
            for (let pos = 0; pos < c.length || (pos === 0 && c.length === 0); pos += max) {
                entries.push([this.key(`snap:${pad(generation, 6)}:${pad(i++, 6)}`), c.subarray(pos, Math.min(c.length, pos + max))]);
                if (c.length === 0) break;
            }
            bytes += c.length;
        }
        await this.backend.putMany(entries);
        const logFrom = Math.max(this.nextSeq, this.writtenUpTo);
        const meta = { format: FORMAT, generation, snapshotChunks: i, logFrom };
        await this.backend.putMany([[this.key("meta"), JSON.stringify(meta)]]);
        this.meta = meta;
        this.nextSeq = logFrom;
        this.snapshotBytes = bytes;
        this.logBytes = 0;
        // Committed. What the new meta no longer names is deleted: older generations (and
        // chunks of a compaction that failed half way) and the log it covers. If deleting
        // fails, those records stay ignored, and the next compaction deletes them.
        try {
            const current = this.key(`snap:${pad(generation, 6)}:`);
            const stale = (await this.backend.listKeys(this.key("snap:"))).filter((k) => !k.startsWith(current) || Number(k.slice(current.length)) >= i);
            for (const k of await this.backend.listKeys(this.key("log:"))) {
                if (Number(k.slice(this.key("log:").length)) < logFrom) stale.push(k);
            }
            await this.backend.deleteMany(stale);
        } catch {
            // See above.
        }
    }
}
