// Upstash's Redis REST API over a Spinel engine, as a fetch-style handler:
// `(request: Request) => Promise<Response>`, usable in a Worker, a Durable Object or any
// server with the web Request/Response classes (Node 18+). Clients such as @upstash/redis
// work unchanged against it.
//
//   POST /                 ["SET", "k", "v", "EX", 100]        -> {"result": "OK"}
//   GET|POST /set/k/v      path style (segments URL-decoded; a POST body is the last
//                          argument, query parameters follow it: /set/k?EX=100)
//   POST /pipeline         [[...], [...]] -> [{"result": ...} | {"error": ...}, ...] (not atomic)
//   POST /multi-exec       the same, as one MULTI/EXEC; a command refused while queueing
//                          discards the whole transaction: {"error": ...} with HTTP 400
//
// Every request runs on a connection of its own (a pipeline or transaction on one), so no
// connection state (SELECT, MULTI, WATCH, subscriptions) outlives a request; commands that
// need such state are refused. Blocking commands do not block: they run as inside MULTI,
// answering at once (nil when nothing is ready), as Upstash's REST API does.
import { ReplyError, concat } from "./resp.js";
import { commandName, mayBlock } from "./names.js";

const DEFAULT_MAX_BODY = 1024 * 1024;
// Commands that need a connection which lives longer than a request, or that would stop
// the database for every client. Upstash's REST API refuses the same families (pub/sub
// except PUBLISH/PUBSUB, connection commands except PING/ECHO, MULTI/EXEC/WATCH outside
// /multi-exec).
const REFUSED = new Set([
    "subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe",
    "monitor", "multi", "exec", "discard", "watch", "unwatch",
    "auth", "hello", "select", "client", "quit", "reset", "shutdown",
    "sync", "psync", "replconf", "replicaof", "slaveof", "failover",
]);

const UNAUTHORIZED = "WRONGPASS invalid or missing auth token";
// The ACL user of read-only requests: read commands, none of the dangerous ones (KEYS...),
// and MULTI/EXEC for /multi-exec and blocking reads.
const READONLY_USER = "spinel-rest-readonly";
const READONLY_RULES = ["reset", "on", "nopass", "~*", "resetchannels", "-@all", "+@read", "-@dangerous", "+ping", "+echo", "+multi", "+exec", "+discard"];
const utf8 = new TextDecoder(); // replaces invalid UTF-8 with U+FFFD, as Upstash does
const encoder = new TextEncoder();

class BadRequest extends Error {
    constructor(message, status = 400) {
        super(message);
        this.status = status;
    }
}

function json(body, status = 200) {
    return new Response(JSON.stringify(body), {
        status,
        headers: { "content-type": "application/json" },
    });
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard base64 (with padding) of bytes. */
export function base64(bytes) {
    let out = "";
    const n = bytes.length;
    let i = 0;
    for (; i + 2 < n; i += 3) {
        const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
        out += B64[v >> 18] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63] + B64[v & 63];
    }
    if (i < n) {
        const v = (bytes[i] << 16) | (i + 1 < n ? bytes[i + 1] << 8 : 0);
        out += B64[v >> 18] + B64[(v >> 12) & 63] + (i + 1 < n ? B64[(v >> 6) & 63] : "=") + "=";
    }
    return out;
}

/**
 * A reply as Upstash's JSON: integers as numbers, nil as null, arrays as arrays, strings as
 * text (or base64 with `Upstash-Encoding: base64`, except a top-level "OK" status reply,
 * which the clients read as is).
 */
function toJson(v, b64, top) {
    if (v === null || v === undefined) return null;
    if (v instanceof Uint8Array) return b64 ? base64(v) : utf8.decode(v);
    if (typeof v === "string") {
        if (!b64 || (top && v === "OK")) return v;
        return base64(encoder.encode(v));
    }
    if (typeof v === "number") return v;
    if (v instanceof ReplyError) return toJson(v.message, b64, false);
    if (Array.isArray(v)) return v.map((x) => toJson(x, b64, false));
    // RESP3 types cannot occur (HELLO is refused, connections stay RESP2).
    return toJson(String(v), b64, false);
}

/** Compares secrets in time independent of where they differ. */
function sameSecret(a, b) {
    const x = encoder.encode(a);
    const y = encoder.encode(b);
    let diff = x.length ^ y.length;
    for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i % (y.length || 1)];
    return diff === 0;
}

/** The token a request carries: `Authorization: Bearer <token>` or `?_token=<token>`. */
export function requestToken(request, url = new URL(request.url)) {
    const h = request.headers.get("authorization");
    if (h) {
        const m = /^Bearer\s+(.+)$/i.exec(h.trim());
        if (m) return m[1].trim();
    }
    return url.searchParams.get("_token");
}

/** True if the request carries `token` (a non-empty string). */
export function authorized(request, token) {
    if (typeof token !== "string" || token === "") return false;
    const t = requestToken(request);
    return t !== null && sameSecret(t, token);
}

/** The 401 answer Upstash gives for a missing or wrong token. */
export function unauthorized() {
    return json({ error: UNAUTHORIZED }, 401);
}

/** Reads the body as bytes, refusing more than `max` (413). */
async function readBody(request, max) {
    const declared = Number(request.headers.get("content-length"));
    if (declared > max) throw new BadRequest(`ERR max request size exceeded (limit ${max} bytes)`, 413);
    if (!request.body) return new Uint8Array(0);
    const reader = request.body.getReader();
    const parts = [];
    let n = 0;
    for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        n += value.length;
        if (n > max) {
            reader.cancel().catch(() => {});
            throw new BadRequest(`ERR max request size exceeded (limit ${max} bytes)`, 413);
        }
        parts.push(value);
    }
    return concat(parts);
}

const SHAPE = "the body must be a JSON array: a command name and its arguments (strings or numbers)";

/** One command from JSON: a non-empty array of strings, numbers (and booleans, as text). */
function commandOf(v, where = "") {
    if (!Array.isArray(v) || v.length === 0) throw new BadRequest(`ERR invalid command${where}: ${SHAPE}`);
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
        const a = v[i];
        if (typeof a === "string") out[i] = a;
        else if (typeof a === "number" && Number.isFinite(a)) out[i] = String(a);
        else if (typeof a === "boolean") out[i] = String(a);
        else throw new BadRequest(`ERR invalid command${where}: ${SHAPE}`);
    }
    if (out[0] === "") throw new BadRequest(`ERR invalid command${where}: empty command name`);
    return out;
}

function parseJson(bytes) {
    try {
        return JSON.parse(utf8.decode(bytes));
    } catch {
        throw new BadRequest(`ERR invalid request body: not JSON; ${SHAPE}`);
    }
}

/** A list of commands (/pipeline, /multi-exec): a non-empty JSON array of commands. */
function commandsOf(bytes) {
    const v = parseJson(bytes);
    if (!Array.isArray(v) || v.length === 0) {
        throw new BadRequest("ERR invalid request body: the body must be a non-empty JSON array of commands, each an array of strings or numbers");
    }
    return v.map((c, i) => commandOf(c, ` #${i + 1}`));
}

/** Percent-decodes a path segment to bytes (binary-safe, unlike decodeURIComponent). */
function percentDecode(s) {
    const raw = encoder.encode(s);
    if (!raw.includes(37)) return raw;
    const out = new Uint8Array(raw.length);
    let n = 0;
    for (let i = 0; i < raw.length; i++) {
        const c = raw[i];
        if (c === 37) {
            const hex = i + 2 < raw.length ? String.fromCharCode(raw[i + 1], raw[i + 2]) : "";
            if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new BadRequest("ERR invalid percent-encoding in the request path");
            out[n++] = parseInt(hex, 16);
            i += 2;
        } else out[n++] = c;
    }
    return out.slice(0, n);
}

function refusal(args) {
    const name = commandName(args[0]);
    if (REFUSED.has(name)) {
        const shown = typeof args[0] === "string" ? args[0] : name;
        return `ERR Command is not available over the REST API: '${shown}'`;
    }
    return null;
}

/**
 * Runs one command on connection `conn` (a withBuffers() handle): `{ result }` or
 * `{ error }`, the result still in engine form.
 */
async function run(conn, args) {
    const refused = refusal(args);
    if (refused) return { error: refused };
    try {
        if (mayBlock(args[0])) {
            // As inside MULTI: a blocking command answers at once (nil if nothing is ready).
            await conn.sendCommand(["MULTI"]);
            try {
                await conn.sendCommand(args);
            } catch (e) {
                await conn.sendCommand(["DISCARD"]).catch(() => {});
                throw e;
            }
            const replies = await conn.sendCommand(["EXEC"]);
            const r = replies[0];
            return r instanceof ReplyError ? { error: r.message } : { result: r };
        }
        return { result: await conn.sendCommand(args) };
    } catch (e) {
        if (e instanceof ReplyError) return { error: e.message };
        throw e;
    }
}

/** A reply entry as JSON (`top`: the entry's own reply, where "OK" stays as is). */
function entry(r, b64) {
    return "error" in r ? { error: r.error } : { result: toJson(r.result, b64, true) };
}

/**
 * The REST handler over `db` (a Spinel handle from `Spinel.open`). Options:
 * - `token`: the bearer token every request must carry (header or `?_token=`). Required:
 *   pass `token: false` only when the caller authenticates requests itself.
 * - `readOnlyToken`: optional; requests with it run as an ACL user allowed read commands
 *   only (`+@read -@dangerous`, PING, ECHO); others get Redis's NOPERM error.
 * - `maxBodyBytes`: the largest request body accepted (default 1 MiB; larger: HTTP 413).
 */
export function restHandler(db, options = {}) {
    const { token, readOnlyToken, maxBodyBytes = DEFAULT_MAX_BODY } = options;
    if (token !== false && (typeof token !== "string" || token === "")) {
        throw new TypeError("spinel/rest: a token is required (or token: false when the caller authenticates requests)");
    }

    async function withConnection(readOnly, f) {
        const conn = db.duplicate();
        try {
            if (readOnly) {
                // The user is (re)made each time: an ACL command of a full-access request may
                // have changed it. ACL changes are not stored; the engine starts without it.
                await conn.sendCommand(["ACL", "SETUSER", READONLY_USER, ...READONLY_RULES]);
                await conn.sendCommand(["AUTH", READONLY_USER, "-"]);
            }
            return await f(conn.withBuffers());
        } finally {
            await conn.disconnect().catch(() => {});
        }
    }

    async function handle(request) {
        const url = new URL(request.url);
        const method = request.method.toUpperCase();
        if (!["GET", "HEAD", "POST", "PUT"].includes(method)) {
            return json({ error: `ERR HTTP method ${method} is not allowed; use GET, HEAD, POST or PUT` }, 405);
        }
        let readOnly = false;
        if (token !== false && !authorized(request, token)) {
            if (!authorized(request, readOnlyToken)) return unauthorized();
            readOnly = true;
        }
        const format = request.headers.get("upstash-response-format");
        if (format !== null && format.toLowerCase() !== "json") {
            throw new BadRequest(format.toLowerCase() === "resp2"
                ? "ERR Upstash-Response-Format resp2 is not supported; use json"
                : `ERR invalid Upstash-Response-Format '${format}'; use json`);
        }
        const b64 = (request.headers.get("upstash-encoding") || "").toLowerCase() === "base64";
        const path = url.pathname;
        const hasBody = method === "POST" || method === "PUT";

        if (path === "/pipeline" || path === "/multi-exec") {
            if (!hasBody) return json({ error: `ERR ${path} takes a POST with a JSON array of commands` }, 405);
            const commands = commandsOf(await readBody(request, maxBodyBytes));
            if (path === "/pipeline") {
                const out = await withConnection(readOnly, async (conn) => {
                    const entries = [];
                    for (const args of commands) entries.push(entry(await run(conn, args), b64));
                    return entries;
                });
                return json(out);
            }
            return transaction(commands, b64, readOnly);
        }

        let args;
        if (path === "/" || path === "") {
            if (!hasBody) throw new BadRequest("ERR no command given: POST / with a JSON array (command name and arguments), or GET /COMMAND/arg1/arg2");
            args = commandOf(parseJson(await readBody(request, maxBodyBytes)));
        } else {
            const segments = path.slice(1).split("/");
            if (segments.length > 1 && segments[segments.length - 1] === "") segments.pop();
            args = segments.map(percentDecode);
            args[0] = utf8.decode(args[0]);
            if (args[0] === "") throw new BadRequest("ERR invalid command: empty command name");
            if (hasBody) {
                const body = await readBody(request, maxBodyBytes);
                if (body.length) args.push(body);
            }
            for (const [k, v] of url.searchParams) {
                if (k === "_token") continue;
                args.push(k);
                if (v !== "") args.push(v);
            }
        }
        const r = await withConnection(readOnly, (conn) => run(conn, args));
        return json(entry(r, b64), "error" in r ? 400 : 200);
    }

    /** /multi-exec: MULTI, the commands, EXEC on one connection. */
    async function transaction(commands, b64, readOnly) {
        for (const args of commands) {
            const refused = refusal(args);
            if (refused) return json({ error: refused }, 400);
        }
        return withConnection(readOnly, async (conn) => {
            try {
                await conn.sendCommand(["MULTI"]);
            } catch (e) {
                if (!(e instanceof ReplyError)) throw e;
                return json({ error: e.message }, 400);
            }
            let queueError = null;
            for (const args of commands) {
                try {
                    await conn.sendCommand(args);
                } catch (e) {
                    if (!(e instanceof ReplyError)) throw e;
                    queueError ??= e.message;
                }
            }
            let replies;
            try {
                replies = await conn.sendCommand(["EXEC"]);
            } catch (e) {
                if (!(e instanceof ReplyError)) throw e;
                // Discarded as a whole: the error of the command that could not be queued.
                return json({ error: queueError ?? e.message }, 400);
            }
            return json(replies.map((r) => (r instanceof ReplyError ? { error: r.message } : { result: toJson(r, b64, true) })));
        });
    }

    return async function restFetch(request) {
        let response;
        try {
            response = await handle(request);
        } catch (e) {
            if (e instanceof BadRequest) response = json({ error: e.message }, e.status);
            else response = json({ error: `ERR internal error: ${(e && e.message) || e}` }, 500);
        }
        if (request.method.toUpperCase() === "HEAD") return new Response(null, { status: response.status, headers: response.headers });
        return response;
    };
}
