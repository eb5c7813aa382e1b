// The key browser: the terminal's database listed with SCAN (never KEYS), each key with its
// type and TTL; clicking a key shows its value as redis-cli prints it.
import { parseReplies, formatTTY, plain, repr, decodeText } from "./cli.js";

const LIMIT = 500; // keys listed at most

/** A key for display: as typed when it is printable text, else redis-cli's quoted form. */
function keyText(bytes) {
    const q = repr(bytes);
    return /\\/.test(q) || bytes.length === 0 ? q : q.slice(1, -1);
}

function ttlText(ms) {
    if (ms < 0) return "";
    if (ms < 10000) return `${(ms / 1000).toFixed(1)}s`;
    const s = Math.round(ms / 1000);
    if (s < 3600) return `${s}s`;
    if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
    return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

/** The command that shows a value of each type (the first 100 items of a collection). */
const VIEW = {
    string: (k) => ["GET", k],
    list: (k) => ["LRANGE", k, "0", "99"],
    hash: (k) => ["HGETALL", k],
    set: (k) => ["SMEMBERS", k],
    zset: (k) => ["ZRANGE", k, "0", "99", "WITHSCORES"],
    stream: (k) => ["XRANGE", k, "-", "+", "COUNT", "50"],
};

export class KeyBrowser {
    /** `conn`: a raw connection of its own (it SELECTs the terminal's database). */
    constructor({ conn, table, title, more, value, valueTitle, valueBody, refreshButton }) {
        Object.assign(this, { conn, table, title, more, value, valueTitle, valueBody });
        this.db = 0;
        this.selected = null; // key bytes
        this.running = null;
        this.again = false;
        refreshButton.addEventListener("click", () => this.refresh());
    }

    async #cmd(...args) {
        return parseReplies(await this.conn.sendCommand(args))[0];
    }

    async init() {
        // RESP3, so hashes show as maps and scores as doubles.
        await this.conn.sendCommand(["HELLO", "3"]);
    }

    /** Lists the keys of database `db` again (one refresh at a time; calls meanwhile coalesce). */
    refresh(db = this.db) {
        this.db = db;
        if (this.running) {
            this.again = true;
            return this.running;
        }
        this.running = this.#list().finally(() => {
            this.running = null;
            if (this.again) {
                this.again = false;
                this.refresh();
            }
        });
        return this.running;
    }

    async #list() {
        await this.#cmd("SELECT", String(this.db));
        const keys = [];
        let cursor = "0";
        do {
            const [next, batch] = (await this.#cmd("SCAN", cursor, "COUNT", "100")).items;
            cursor = decodeText(next.bytes);
            for (const k of batch.items) keys.push(k.bytes);
        } while (cursor !== "0" && keys.length < LIMIT);
        const size = plain(await this.#cmd("DBSIZE"));
        const rows = [];
        for (const k of keys.slice(0, LIMIT)) {
            const type = plain(await this.#cmd("TYPE", k));
            const pttl = plain(await this.#cmd("PTTL", k));
            if (type === "none") continue; // expired between SCAN and TYPE
            rows.push({ key: k, type, pttl });
        }
        rows.sort((a, b) => compareBytes(a.key, b.key));
        this.title.textContent = `db${this.db}: ${size} key${size === 1 ? "" : "s"}`;
        this.more.hidden = size <= rows.length;
        this.more.textContent = `(${rows.length} of ${size} listed)`;
        const body = this.table.tBodies[0];
        body.replaceChildren(...rows.map((r) => this.#row(r)));
        if (this.selected) await this.show(this.selected);
    }

    #row({ key, type, pttl }) {
        const tr = document.createElement("tr");
        tr.dataset.key = keyText(key);
        if (this.selected && compareBytes(key, this.selected) === 0) tr.className = "selected";
        for (const t of [keyText(key), type, ttlText(pttl)]) {
            const td = document.createElement("td");
            td.textContent = t;
            tr.append(td);
        }
        tr.addEventListener("click", () => {
            for (const other of this.table.querySelectorAll("tr.selected")) other.className = "";
            tr.className = "selected";
            this.show(key);
        });
        return tr;
    }

    /** Shows a key's type, TTL and value. */
    async show(key) {
        this.selected = key;
        const type = plain(await this.#cmd("TYPE", key));
        this.value.hidden = false;
        if (type === "none") {
            this.valueTitle.textContent = `${keyText(key)} (gone)`;
            this.valueBody.textContent = "";
            return;
        }
        const pttl = plain(await this.#cmd("PTTL", key));
        this.valueTitle.textContent = `${keyText(key)}  ${type}${pttl >= 0 ? `  TTL ${ttlText(pttl)}` : ""}`;
        const view = VIEW[type];
        this.valueBody.textContent = view ? formatTTY(await this.#cmd(...view(key))).trimEnd() : `(${type})`;
    }
}

function compareBytes(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
}
