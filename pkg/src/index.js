// Spinel for JavaScript: the engine (WebAssembly) behind a node-redis v4 style API.
//
// One `Engine` (the wasm Core, its clock, storage and timers) is shared by a handle and
// its duplicates; each handle (`Spinel`) is one engine client with its own SELECT and
// blocking state. Commands run synchronously inside the engine; the promise API exists for
// node-redis compatibility, blocking commands and durable storage.
import { Core, loadWasm, setWasm } from "./wasm.js";
import { Decoder, PUSH, concat, frameBound, writeFrames, plainArgs, namedBound, writeNamed } from "./resp.js";
import { ReplyError, ClientClosedError, StorageLockedError, StorageFormatError } from "./errors.js";
import { TRANSFORMS, EXTRA_METHODS, GeoReplyWith, pushArg } from "./transforms.js";
import { realClock, manualClock } from "./clock.js";
import { COMMANDS } from "../dist/commands.js";
import { mayBlock } from "./names.js";

export { ReplyError, ClientClosedError, StorageLockedError, StorageFormatError, realClock, manualClock, setWasm, GeoReplyWith };
export { memory } from "./storage/memory.js";
export { indexedDB } from "./storage/indexeddb.js";
export { cloudflareKV } from "./storage/cloudflare-kv.js";
export { durableObject } from "./storage/durable-object.js";

// Outcome codes and flags of Core.exec (crates/spinel-wasm/src/lib.rs).
const BLOCKED = 1;
const RUNNING = 2;
const CLOSE = 3;
const READY = 16;
const CHANGES = 32;
const BLOCKED_MARK = Symbol("blocked");
// The reply mode of a raw connection (duplicate({ raw: true })): the engine's RESP bytes.
const RAW = "raw";
const RUNNING_MARK = Symbol("running");
// Real time a long script may run per turn of the event loop once it is past
// busy-reply-threshold (other connections are served, with BUSY, between turns).
const SCRIPT_TURN_MS = 5;
// Size of the engine's snapshot blobs; adapters split them further to their value limits.
const SNAPSHOT_BLOB = 64 * 1024;
// Pub/sub confirmations (their third element is the connection's subscription count).
const SUB_REPLIES = new Set(["subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe"]);
const nextTurn = typeof setImmediate === "function" ? setImmediate : (f) => setTimeout(f, 0);


function configText(config) {
    if (!config) return "";
    return Object.entries(config).map(([k, v]) => `${k} ${v}`).join("\n");
}

async function randomSeed() {
    const s = new Uint32Array(2);
    // Node 18 has Web Crypto only as a module, not as a global.
    const nodeCrypto = "node:crypto";
    const crypto = globalThis.crypto || (await import(/* webpackIgnore: true */ /* @vite-ignore */ nodeCrypto)).webcrypto;
    crypto.getRandomValues(s);
    return s;
}

/** The engine and what it shares between handles: clock, storage, timers, buffers. */
class Engine {
    constructor(core, options) {
        this.core = core;
        this.memory = Core.memory();
        this.u8 = new Uint8Array(this.memory.buffer);
        this.u32 = new Uint32Array(this.memory.buffer);
        this.statusPtr = core.status_ptr() >>> 2;
        this.inCap = 256;
        this.inPtr = core.input_ptr(this.inCap);
        this.decoder = new Decoder();
        this.handles = new Map();
        this.clock = options.clock || realClock();
        this.storage = options.storage || null;
        this.durability = options.durability || "always";
        this.flushDelay = options.flushDelayMs ?? 100;
        // Compact once the log is larger than both the snapshot and this many bytes.
        this.compactMinBytes = options.compactMinBytes ?? 1024 * 1024;
        this.unflushed = [];
        this.flushing = Promise.resolve();
        this.flushError = null;
        this.flushTimer = null;
        // While the storage fails: the engine refuses writes (MISCONF) and cron retries the
        // store once a second, as Redis retries a failed AOF write.
        this.storageFailing = false;
        this.nextStoreRetry = 0;
        // The stored log ends with a write cut short (found at open): nothing may be appended
        // after it, so the next store writes a snapshot instead.
        this.compactPending = false;
        // reply() found more values after the first one in `out`.
        this.more = false;
        this.closed = false;
        this.period = 1000 / core.hz();
        this.nextCron = this.clock.now() + this.period;
        this.clock.subscribe(this);
        this.interval = null;
        const timers = options.timers ?? !this.clock.manual;
        if (timers && typeof setInterval === "function") {
            this.interval = setInterval(() => this.tick(this.clock.now()), this.period);
            // A timer must not keep a Node process alive on its own.
            if (this.interval && typeof this.interval.unref === "function") this.interval.unref();
        }
    }

    view() {
        // Growing wasm memory detaches the old buffer: its views read as empty.
        if (this.u8.length === 0) {
            this.u8 = new Uint8Array(this.memory.buffer);
            this.u32 = new Uint32Array(this.memory.buffer);
        }
        return this.u8;
    }

    /** Runs argv for `client`; returns Core.exec's code. The reply is read with reply(). */
    run(client, args) {
        if (this.closed) throw new ClientClosedError();
        // Overdue periodic work first: it may run other connections' queued commands,
        // which use the input buffer.
        const now = this.clock.now();
        if (now >= this.nextCron) this.cron(now);
        const need = frameBound(args);
        if (need > this.inCap) {
            this.inCap = Math.max(need, this.inCap * 2);
            this.inPtr = this.core.input_ptr(this.inCap);
        }
        const end = writeFrames(this.view(), this.inPtr, args);
        return this.core.exec(client, args.length, end - this.inPtr, now);
    }

    /** `run` for a command name and plain arguments (see resp.js writeNamed): no argv array. */
    runNamed(client, name, args) {
        if (this.closed) throw new ClientClosedError();
        const now = this.clock.now();
        if (now >= this.nextCron) this.cron(now);
        const need = namedBound(name, args);
        if (need > this.inCap) {
            this.inCap = Math.max(need, this.inCap * 2);
            this.inPtr = this.core.input_ptr(this.inCap);
        }
        const end = writeNamed(this.view(), this.inPtr, name, args);
        return this.core.exec(client, args.length + 1, end - this.inPtr, now);
    }

    /**
     * Runs several commands for `client` in one call (a pipeline); returns Core's code.
     * Their replies follow each other in `out` (read them with replies()).
     */
    runMany(client, commands) {
        if (this.closed) throw new ClientClosedError();
        const now = this.clock.now();
        if (now >= this.nextCron) this.cron(now);
        let need = 0;
        for (const c of commands) need += 4 + frameBound(c.args);
        if (need > this.inCap) {
            this.inCap = Math.max(need, this.inCap * 2);
            this.inPtr = this.core.input_ptr(this.inCap);
        }
        const u8 = this.view();
        let pos = this.inPtr;
        for (const c of commands) {
            const n = c.args.length;
            u8[pos] = n & 255;
            u8[pos + 1] = (n >>> 8) & 255;
            u8[pos + 2] = (n >>> 16) & 255;
            u8[pos + 3] = n >>> 24;
            pos = writeFrames(u8, pos + 4, c.args);
        }
        return this.core.exec_many(client, commands.length, pos - this.inPtr, now);
    }

    /**
     * Decodes the first value Core left in `out` (bulks as Uint8Array if `buffers`, except in
     * RESP3 pushes, which listeners get as text); `more` tells whether others follow it.
     */
    reply(buffers) {
        const u8 = this.view();
        if (buffers === RAW) {
            this.more = false;
            return this.rawOut(u8);
        }
        const start = this.u32[this.statusPtr];
        const value = this.decoder.decode(u8, start, buffers && u8[start] !== 62);
        this.more = this.decoder.pos < start + this.u32[this.statusPtr + 1];
        return value;
    }

    /** Reads every value in `out` (a client's pending output, or pushes and a reply). */
    replies(buffers = false) {
        const u8 = this.view();
        if (buffers === RAW) return [this.rawOut(u8)];
        const start = this.u32[this.statusPtr];
        const end = start + this.u32[this.statusPtr + 1];
        const values = [];
        let pos = start;
        while (pos < end) {
            values.push(this.decoder.decode(u8, pos, buffers && u8[pos] !== 62));
            pos = this.decoder.pos;
        }
        return values;
    }

    /** A copy of the bytes Core left in `out` (a raw connection's replies, RESP as sent on a socket). */
    rawOut(u8) {
        const start = this.u32[this.statusPtr];
        return u8.slice(start, start + this.u32[this.statusPtr + 1]);
    }

    /** Handles Core's flags after a call: changes to persist, output for other clients. */
    after(code) {
        if (code & CHANGES && this.storage) {
            this.unflushed.push(this.core.take_changes());
            if (this.durability !== "always") this.scheduleFlush();
        }
        if (code & READY) this.deliver();
    }

    /**
     * Runs slices of a script that yielded (Core code RUNNING). Until busy-reply-threshold it
     * runs on at once, as Redis serves nobody else meanwhile; past it (or with `untilDone`
     * false) it stops, and `continueScript` runs it in later turns of the event loop.
     */
    resumeScript(client, code, untilDone) {
        while ((code & 15) === RUNNING && (untilDone || !this.core.script_busy())) {
            code = this.core.resume(client, this.clock.now());
        }
        return code;
    }

    /** Runs a busy script in turns of the event loop, then hands its reply to `handle`. */
    continueScript(handle, client) {
        nextTurn(() => {
            if (this.closed) return;
            const stop = Date.now() + SCRIPT_TURN_MS;
            let code = RUNNING;
            do code = this.core.resume(client, this.clock.now());
            while ((code & 15) === RUNNING && Date.now() < stop);
            if ((code & 15) === RUNNING) {
                if (code & (READY | CHANGES)) this.after(code);
                this.continueScript(handle, client);
                return;
            }
            const value = this.reply(handle._waitingBuffers);
            if (code & (READY | CHANGES)) this.after(code);
            handle._receive(value);
        });
    }

    deliver() {
        for (const id of this.core.take_ready()) {
            const close = this.core.take_pending(id);
            const handle = this.handles.get(id);
            const values = this.replies(handle ? handle._waitingBuffers : false);
            if (handle) {
                for (const v of values) handle._receive(v);
                if (close) handle._closedByEngine();
            }
        }
    }

    cron(now) {
        this.nextCron = now + this.period;
        this.after(this.core.cron(now));
        if (this.storageFailing && now >= this.nextStoreRetry) {
            this.nextStoreRetry = now + 1000;
            this.flush().catch(() => {});
        }
    }

    tick(now) {
        if (!this.closed && now >= this.nextCron) this.cron(now);
    }

    /** Manual clock: runs cron at each period boundary up to `end` (bounded). */
    tickUntil(end) {
        let steps = 0;
        while (!this.closed && this.nextCron <= end && steps++ < 100000) this.cron(this.nextCron);
    }

    scheduleFlush() {
        if (this.flushTimer === null && typeof setTimeout === "function") {
            this.flushTimer = setTimeout(() => {
                this.flushTimer = null;
                this.flush().catch((e) => {
                    this.flushError = e;
                });
            }, this.flushDelay);
        }
    }

    /**
     * Appends every change not yet stored; resolves when the storage has it. If the storage
     * fails, the changes stay queued (in order) for the next try, and the promise rejects.
     */
    flush() {
        if (this.flushError) {
            const e = this.flushError;
            this.flushError = null;
            return Promise.reject(e);
        }
        if (!this.storage) return Promise.resolve();
        return this.chain(() => {
            if (this.compactPending) {
                return this.compactNow().then(
                    () => {
                        this.compactPending = false;
                        this.storageOk();
                    },
                    (err) => {
                        throw this.storageFailed(err);
                    },
                );
            }
            if (!this.unflushed.length) return undefined;
            const bytes = concat(this.unflushed.splice(0));
            return this.storage.append(bytes).then(
                () => {
                    this.storageOk();
                    // The write is stored; a compaction that fails is tried again later.
                    return this.compactDue() ? this.compactNow().catch(() => {}) : undefined;
                },
                (err) => {
                    this.unflushed.unshift(bytes);
                    throw this.storageFailed(err);
                },
            );
        });
    }

    /**
     * Whether a command's promise waits for the storage: with durability "always", when it
     * left changes to store. Not while the storage fails: writes are refused then, and
     * reads answer without waiting for cron's retry.
     */
    mustStore() {
        return this.unflushed.length > 0 && this.durability === "always" && !this.storageFailing;
    }

    /** Runs `store` after every earlier store; a failed one does not stop later ones. */
    chain(store) {
        const run = this.flushing.then(store);
        this.flushing = run.catch(() => {});
        return run;
    }

    storageFailed(err) {
        if (!this.storageFailing) this.nextStoreRetry = this.clock.now() + 1000;
        this.storageFailing = true;
        if (!this.closed) this.core.set_storage_error(String((err && err.message) || err));
        return err;
    }

    storageOk() {
        if (!this.storageFailing) return;
        this.storageFailing = false;
        if (!this.closed) this.core.set_storage_error(undefined);
    }

    /** The log outgrew the last snapshot (and the minimum): time to compact. */
    compactDue() {
        if (this.compactMinBytes === Infinity || !this.storage.compact || !this.storage.sizes) return false;
        const { log, snapshot } = this.storage.sizes();
        return log > Math.max(snapshot, this.compactMinBytes);
    }

    /**
     * Replaces the stored snapshot and log with the engine's snapshot of now (inside the
     * storage chain, so after every earlier append). Changes not yet stored are in it.
     */
    compactNow() {
        if (this.closed) return Promise.resolve();
        // The snapshot holds the changes not yet stored. If storing it fails, the stored
        // snapshot and log are as they were, and those changes are appended instead.
        const pending = this.unflushed.splice(0);
        const sizes = this.storage.sizes ? this.storage.sizes() : {};
        const snap = this.core.snapshot(SNAPSHOT_BLOB, (sizes.generation || 0) + 1);
        return this.storage.compact([snap]).catch((err) => {
            this.unflushed.unshift(...pending);
            throw err;
        });
    }

    /** Compacts now (after pending stores); a no-op without storage. */
    compact() {
        if (!this.storage || !this.storage.compact) return Promise.resolve();
        return this.chain(() => this.compactNow());
    }

    hasCommand(name) {
        return COMMANDS.some((c) => c[0] === name);
    }

    async close() {
        if (this.closed) return;
        await this.flush();
        this.closed = true;
        if (this.interval) clearInterval(this.interval);
        if (this.flushTimer) clearTimeout(this.flushTimer);
        this.clock.unsubscribe(this);
        for (const h of this.handles.values()) h._closedByEngine();
        if (this.storage && this.storage.close) await this.storage.close();
        this.core.free();
    }
}

/** A command's argv: its name, then its arguments flattened (arrays) and as text (numbers). */
function argvOf(name, rest) {
    const n = rest.length;
    if (plainArgs(rest)) {
        // The common case (strings and numbers): one array of the final size.
        const out = new Array(n + 1);
        out[0] = name;
        for (let i = 0; i < n; i++) out[i + 1] = typeof rest[i] === "string" ? rest[i] : String(rest[i]);
        return out;
    }
    const out = [name];
    for (let i = 0; i < n; i++) pushArg(out, rest[i]);
    return out;
}

/** One engine client: what a handle and its withBuffers() view share. */
class Connection {
    constructor(id) {
        this.id = id;
        // The command whose reply comes later (blocked, or a busy script), and the commands
        // sent meanwhile, which run after it in order.
        this.waiting = null;
        this.queue = [];
        this.closed = false;
        this.pushListener = null;
        // Pub/sub listeners: channel (pattern, shard channel) -> Set of functions.
        this.subs = { message: new Map(), pmessage: new Map(), smessage: new Map() };
    }
}

/** A connection to a Spinel engine (node-redis v4 style). */
export class Spinel {
    #engine;
    // The engine client, shared with this handle's withBuffers() view.
    #c;
    #buffers;

    constructor(engine, conn, buffers = false) {
        this.#engine = engine;
        this.#buffers = buffers;
        if (typeof conn === "number") {
            this.#c = new Connection(conn);
            engine.handles.set(conn, this);
        } else this.#c = conn;
    }

    /**
     * Opens an engine: `{ storage, clock, durability: "always" | "batched", config, timers, wasm }`.
     * With storage, the stored data is loaded first.
     */
    static async open(options = {}) {
        await loadWasm(options.wasm);
        const clock = options.clock || realClock();
        const seed = await randomSeed();
        const core = new Core(seed[0], seed[1], clock.now(), configText(options.config));
        const storage = options.storage || null;
        // The stored log ends with a write cut short: the next store must not append after it.
        let tornTail = false;
        if (storage) {
            if (storage.open) await storage.open();
            try {
                const { snapshot, log, snapshotFormat } = await storage.load();
                if (snapshotFormat === "engine") {
                    // The engine's snapshot blobs, then the log of writes since.
                    const snap = concat(snapshot || []);
                    if (snap.length) core.restore_snapshot(snap);
                    const data = concat(log || []);
                    if (data.length) tornTail = core.replay(data, clock.now()) < data.length;
                } else {
                    // Format 1 (and adapters without snapshots): RESP commands throughout.
                    const data = concat([...(snapshot || []), ...(log || [])]);
                    if (data.length) tornTail = core.replay(data, clock.now()) < data.length;
                }
            } catch (e) {
                // Give the storage (and its lock) back: the caller may retry or open elsewhere.
                core.free();
                if (storage.close) await storage.close();
                throw e;
            }
            core.set_change_stream(true);
        }
        const engine = new Engine(core, { ...options, clock });
        if (tornTail && storage.compact) engine.compactPending = true;
        return new Spinel(engine, core.connect(clock.now()));
    }

    /** node-redis compatibility: the handle is connected already. */
    async connect() {
        return this;
    }

    get isOpen() {
        return !this.#c.closed;
    }

    get isReady() {
        return !this.#c.closed;
    }

    /**
     * A second connection to the same data (its own SELECT, blocking state, MULTI).
     * `{ raw: true }`: a connection whose replies are the engine's RESP bytes (Uint8Array), as
     * a socket would carry them: `sendCommand` resolves with every byte its command produced
     * (error replies included, not rejected; several replies for SUBSCRIBE a b), and output
     * outside its commands (pub/sub messages, RESP3 pushes) goes to `onPush` as bytes.
     */
    duplicate(options = {}) {
        const e = this.#engine;
        if (e.closed) throw new ClientClosedError();
        return new Spinel(e, e.core.connect(e.clock.now()), options.raw ? RAW : false);
    }

    /** This connection, returning bulk strings as Uint8Array instead of text. */
    withBuffers() {
        return new Spinel(this.#engine, this.#c, true);
    }

    /** Any command: `await db.sendCommand(["SET", "k", "v"])`. */
    sendCommand(args, transform) {
        if (this.#c.waiting || this.#c.queue.length) {
            return new Promise((resolve, reject) => this.#c.queue.push({ args, transform, resolve, reject, buffers: this.#buffers }));
        }
        let value;
        try {
            value = this.#call(args, transform);
        } catch (e) {
            return Promise.reject(e);
        }
        return this.#promise(value, transform);
    }

    /**
     * The typed methods (`db.get(key)`): the command name and its arguments after the
     * method's node-redis transform. Plain ones (strings, numbers) are written straight into
     * wasm memory; anything else goes through sendCommand's argv, with the same result.
     */
    _command(name, rest, transform) {
        if (!plainArgs(rest) || this.#c.waiting || this.#c.queue.length) return this.sendCommand(argvOf(name, rest), transform);
        let value;
        try {
            if (this.#c.closed) throw new ClientClosedError();
            value = this.#result(this.#engine.runNamed(this.#c.id, name, rest), transform, false, this.#buffers);
        } catch (e) {
            return Promise.reject(e);
        }
        return this.#promise(value, transform);
    }

    /** A command's promise, from #call's value (settled, or the marks of a wait). */
    #promise(value, transform) {
        if (value === BLOCKED_MARK || value === RUNNING_MARK) {
            const p = new Promise((resolve, reject) => {
                this.#c.waiting = { resolve, reject, transform, buffers: this.#buffers };
            });
            if (value === RUNNING_MARK) this.#engine.continueScript(this, this.#c.id);
            return p;
        }
        const e = this.#engine;
        if (e.mustStore()) return e.flush().then(() => value);
        return Promise.resolve(value);
    }

    /**
     * The fastest path: runs a command and returns its reply synchronously (or throws its
     * ReplyError). Not for blocking commands; with durable storage, call `flush()` to store.
     */
    sendCommandSync(args) {
        if (this.#c.waiting || this.#c.queue.length) throw new Error("spinel: this connection waits for a blocking command");
        if (mayBlock(args[0])) throw new TypeError(`spinel: ${args[0]} may block; use sendCommand`);
        return this.#call(args, undefined, true);
    }

    /** How the reply awaited now decodes bulk strings (as Uint8Array or text). */
    get _waitingBuffers() {
        const w = this.#c.waiting;
        return w ? w.buffers : this.#buffers;
    }

    /**
     * Runs one command. A script that yields runs on here until done when `sync` (or until
     * busy-reply-threshold otherwise: then RUNNING_MARK, and the engine finishes it in later
     * turns of the event loop).
     */
    #call(args, transform, sync = false, buffers = this.#buffers) {
        if (this.#c.closed) throw new ClientClosedError();
        return this.#result(this.#engine.run(this.#c.id, args), transform, sync, buffers);
    }

    /** The reply of the command the engine just ran (Core code `code`), as #call returns it. */
    #result(code, transform, sync, buffers) {
        const e = this.#engine;
        if ((code & 15) === RUNNING) code = e.resumeScript(this.#c.id, code, sync);
        const outcome = code & 15;
        let value;
        if (outcome === BLOCKED) value = BLOCKED_MARK;
        else if (outcome === RUNNING) return RUNNING_MARK;
        else {
            value = e.reply(buffers);
            // Output for this client that came before the reply: RESP3 pushes (notifications
            // of its own write), MONITOR lines of its own command.
            if (e.more) value = this.#afterOutOfBand(e.replies(buffers));
        }
        if (code & (READY | CHANGES)) e.after(code);
        if (outcome === CLOSE) this.#closeHandle();
        if (value instanceof ReplyError) throw value;
        return transform && value !== BLOCKED_MARK ? transform(value) : value;
    }

    /** Output the engine produced for this client outside its own commands. */
    _receive(value) {
        if (Array.isArray(value) && (value[PUSH] || this.#subscribed())) {
            this.#dispatch(value);
            return;
        }
        const w = this.#c.waiting;
        if (w) {
            this.#c.waiting = null;
            const settle = () => {
                if (value instanceof ReplyError) w.reject(value);
                else {
                    try {
                        w.resolve(w.transform ? w.transform(value) : value);
                    } catch (err) {
                        w.reject(err);
                    }
                }
                this.#drain();
            };
            const e = this.#engine;
            if (e.mustStore()) e.flush().then(settle, (err) => w.reject(err));
            else settle();
        } else if (this.#c.pushListener) {
            // Pub/sub messages and keyspace notifications arrive here once the engine has them.
            this.#c.pushListener(value);
        }
    }

    /** Receives pushed values no pub/sub listener took (e.g. RESP3 tracking invalidations). */
    onPush(listener) {
        this.#c.pushListener = listener;
    }

    #subscribed() {
        const s = this.#c.subs;
        return s.message.size + s.pmessage.size + s.smessage.size > 0;
    }

    /** A pub/sub message to its listeners (listener(message, channel)); anything else to onPush. */
    #dispatch(v) {
        if (!Array.isArray(v)) {
            // A MONITOR line.
            if (this.#c.pushListener) this.#c.pushListener(v);
            return;
        }
        const kind = v[0];
        let set;
        let channel;
        let message;
        if (kind === "message" || kind === "smessage") {
            set = this.#c.subs[kind].get(v[1]);
            channel = v[1];
            message = v[2];
        } else if (kind === "pmessage") {
            set = this.#c.subs.pmessage.get(v[1]);
            channel = v[2];
            message = v[3];
        } else if (SUB_REPLIES.has(kind)) {
            return; // confirmations: the subscribe/unsubscribe promise covers them
        } else {
            if (this.#c.pushListener) this.#c.pushListener(v);
            return;
        }
        if (set) for (const fn of set) fn(message, channel);
    }

    /** Runs a (P|S)(UN)SUBSCRIBE: its confirmations (one per channel) are read, not returned. */
    #pubsubCommand(args) {
        const run = () => {
            if (this.#c.closed) throw new ClientClosedError();
            const e = this.#engine;
            const code = e.run(this.#c.id, args);
            const values = e.replies(false);
            if (code & (READY | CHANGES)) e.after(code);
            for (const v of values) {
                if (v instanceof ReplyError) throw v;
                this.#dispatch(v);
            }
        };
        if (this.#c.waiting || this.#c.queue.length) return this.sendCommand(["PING"]).then(run);
        try {
            run();
            return Promise.resolve();
        } catch (err) {
            return Promise.reject(err);
        }
    }

    #subscribe(command, kind, channels, listener) {
        if (typeof listener !== "function") return Promise.reject(new TypeError("spinel: a listener function is required"));
        const map = this.#c.subs[kind];
        const fresh = [];
        for (const c of Array.isArray(channels) ? channels : [channels]) {
            let set = map.get(c);
            if (!set) {
                map.set(c, (set = new Set()));
                fresh.push(c);
            }
            set.add(listener);
        }
        if (!fresh.length) return Promise.resolve();
        return this.#pubsubCommand([command, ...fresh]).catch((err) => {
            for (const c of fresh) map.delete(c);
            throw err;
        });
    }

    #unsubscribe(command, kind, channels, listener) {
        const map = this.#c.subs[kind];
        let gone;
        if (channels === undefined || channels === null) {
            gone = [...map.keys()];
            map.clear();
            if (!gone.length) return this.#pubsubCommand([command]);
        } else {
            gone = [];
            for (const c of Array.isArray(channels) ? channels : [channels]) {
                const set = map.get(c);
                if (!set) continue;
                if (listener) set.delete(listener);
                if (!listener || set.size === 0) {
                    map.delete(c);
                    gone.push(c);
                }
            }
            if (!gone.length) return Promise.resolve();
        }
        return this.#pubsubCommand([command, ...gone]);
    }

    /** node-redis v4: `await db.subscribe("news", (message, channel) => ...)`. */
    subscribe(channels, listener) {
        return this.#subscribe("SUBSCRIBE", "message", channels, listener);
    }

    /** Without arguments: every channel; with a listener: only that listener. */
    unsubscribe(channels, listener) {
        return this.#unsubscribe("UNSUBSCRIBE", "message", channels, listener);
    }

    pSubscribe(patterns, listener) {
        return this.#subscribe("PSUBSCRIBE", "pmessage", patterns, listener);
    }

    pUnsubscribe(patterns, listener) {
        return this.#unsubscribe("PUNSUBSCRIBE", "pmessage", patterns, listener);
    }

    sSubscribe(channels, listener) {
        return this.#subscribe("SSUBSCRIBE", "smessage", channels, listener);
    }

    sUnsubscribe(channels, listener) {
        return this.#unsubscribe("SUNSUBSCRIBE", "smessage", channels, listener);
    }

    #drain() {
        while (this.#c.queue.length && !this.#c.waiting) {
            const { args, transform, resolve, reject, buffers } = this.#c.queue.shift();
            let value;
            try {
                value = this.#call(args, transform, false, buffers);
            } catch (err) {
                reject(err);
                continue;
            }
            if (value === BLOCKED_MARK || value === RUNNING_MARK) {
                this.#c.waiting = { resolve, reject, transform, buffers };
                if (value === RUNNING_MARK) this.#engine.continueScript(this, this.#c.id);
            } else resolve(value);
        }
    }

    /** The last of `values` is the reply; those before it go to listeners. */
    #afterOutOfBand(values) {
        const reply = values.pop();
        for (const v of values) this.#dispatch(v);
        return reply;
    }

    _closedByEngine() {
        this.#closeHandle();
    }

    #closeHandle() {
        const c = this.#c;
        if (c.closed) return;
        c.closed = true;
        const err = new ClientClosedError();
        if (c.waiting) c.waiting.reject(err);
        c.waiting = null;
        for (const q of c.queue.splice(0)) q.reject(err);
        const e = this.#engine;
        e.handles.delete(c.id);
        if (!e.closed) e.core.disconnect(c.id);
    }

    /** Stores every change not yet stored (durability "batched"); a no-op without storage. */
    flush() {
        return this.#engine.flush();
    }

    /**
     * Replaces the stored log with a snapshot of the data now. Done automatically when the
     * log outgrows the last snapshot (and `compactMinBytes`, default 1 MiB).
     */
    compact() {
        return this.#engine.compact();
    }

    /** Runs the engine's periodic work now (e.g. at the end of a Worker request). */
    tick() {
        this.#engine.tick(this.#engine.clock.now());
    }

    /** Closes this connection; the engine closes with its last connection. */
    async disconnect() {
        this.#closeHandle();
        const e = this.#engine;
        if (e.handles.size === 0) await e.close();
    }

    async quit() {
        return this.disconnect();
    }

    /** Closes the engine and every connection to it, after storing pending changes. */
    async close() {
        await this.#engine.close();
    }

    /** A transaction: queued commands run together (`.exec()`), or as a pipeline. */
    multi() {
        return new Multi(this, this.#engine);
    }

    /** Queued commands sent together, without a transaction. */
    pipeline() {
        return new Multi(this, this.#engine);
    }

    /** Runs queued commands: inside MULTI/EXEC when the engine has them (internal). */
    _execMulti(queue, atomic) {
        const e = this.#engine;
        if (atomic && e.hasCommand("multi")) {
            return this.sendCommand(["MULTI"]).then(async () => {
                for (const q of queue) await this.sendCommand(q.args).catch((err) => err);
                const replies = await this.sendCommand(["EXEC"]);
                if (replies === null) throw new WatchError();
                return replies.map((r, i) => (r instanceof ReplyError || !queue[i].transform ? r : queue[i].transform(r)));
            });
        }
        // A pipeline (or an engine without MULTI): the queued commands run back to back in
        // this turn of the event loop, so no other connection's command comes between them.
        const replies = [];
        const run = () => {
            let blocking = false;
            for (let i = 0; i < queue.length; i++) if (queue[i].blocking) blocking = true;
            if (!blocking) {
                // One call into the engine for the whole batch.
                const code = e.runMany(this.#c.id, queue);
                const values = e.replies(this.#buffers);
                if (code & (READY | CHANGES)) e.after(code);
                for (let i = 0; i < values.length; i++) {
                    const v = values[i];
                    if (typeof v === "object" && v !== null && v[PUSH] === true) {
                        // RESP3 pushes the engine put before a reply go to the listeners.
                        this.#dispatch(v);
                        continue;
                    }
                    const t = queue[replies.length].transform;
                    replies.push(v instanceof ReplyError || !t ? v : t(v));
                }
                if (e.mustStore()) return e.flush().then(() => replies);
                return replies;
            }
            // A blocking command holds the commands after it until it is served, as on a
            // Redis connection: they queue behind it in order.
            const keepReplyError = (err) => {
                if (!(err instanceof ReplyError)) throw err;
                return err;
            };
            return Promise.all(queue.map((q) => this.sendCommand(q.args, q.transform).catch(keepReplyError)));
        };
        if (this.#c.waiting || this.#c.queue.length) {
            return this.sendCommand(["PING"]).then(run);
        }
        try {
            return Promise.resolve(run());
        } catch (err) {
            return Promise.reject(err);
        }
    }
}

/** EXEC aborted because a WATCHed key changed. */
export class WatchError extends Error {
    constructor() {
        super("One (or more) of the watched keys has been changed");
        this.name = "WatchError";
    }
}

/** Commands queued for `exec()` (transaction) or `execAsPipeline()`. */
export class Multi {
    #handle;
    #queue = [];

    constructor(handle) {
        this.#handle = handle;
    }

    addCommand(args, transform) {
        return this._queue(args, transform, mayBlock(args[0]));
    }

    /** addCommand for the typed methods, which know whether their command may block. */
    _queue(args, transform, blocking) {
        this.#queue.push({ args, transform, blocking });
        return this;
    }

    exec() {
        return this.#handle._execMulti(this.#take(), true);
    }

    execAsPipeline() {
        return this.#handle._execMulti(this.#take(), false);
    }

    /** The queued commands; the queue starts over empty. */
    #take() {
        const queue = this.#queue;
        this.#queue = [];
        return queue;
    }
}

// One method per command, camelCase (node-redis) and UPPERCASE, from the engine's table.
function defineCommand(name, method) {
    const t = TRANSFORMS[method];
    const reply = t && t.reply;
    const upper = (t && t.name) || name.toUpperCase();
    // A reply transform taking a second parameter reads the call's arguments (geoSearchWith).
    const withArgs = reply && reply.length > 1;
    const command = !t
        ? function (...args) {
            return this._command(upper, args, reply);
        }
        : withArgs
            ? function (...args) {
                return this._command(upper, t.args.apply(null, args), (r) => reply(r, args));
            }
            : function (...args) {
                return this._command(upper, t.args.apply(null, args), reply);
            };
    const blocking = mayBlock(upper);
    function queued(...args) {
        return this._queue(argvOf(upper, t ? t.args.apply(null, args) : args), withArgs ? (r) => reply(r, args) : reply, blocking);
    }
    Object.defineProperty(command, "name", { value: method });
    for (const [proto, fn] of [[Spinel.prototype, command], [Multi.prototype, queued]]) {
        if (!(method in proto)) proto[method] = fn;
        if (!t || !t.name) {
            const up = name.toUpperCase();
            if (!(up in proto)) proto[up] = fn;
        }
    }
}
for (const [name, method] of COMMANDS) defineCommand(name, method);
for (const method of EXTRA_METHODS) defineCommand(TRANSFORMS[method].name.toLowerCase(), method);
