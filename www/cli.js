// What redis-cli does to text, without a DOM: it splits a typed line into arguments
// (sdssplitargs), reads RESP replies, and prints them as in a terminal
// (cliFormatReplyTTY) or raw (cliFormatReplyRaw, for INFO and the like).
// Runs in browsers and in Node (the tests import it).

const utf8 = new TextEncoder();
const text = new TextDecoder();

const isHex = (c) => /^[0-9a-fA-F]$/.test(c);

/**
 * Splits a line into arguments as redis-cli does (sdssplitargs): spaces separate, "double
 * quotes" take \n \r \t \b \a \xHH and \<char> escapes, 'single quotes' take \'. A closing
 * quote must be followed by a space or the end. Returns Uint8Array arguments, or null when
 * the quotes do not balance (redis-cli: "Invalid argument(s)").
 */
export function splitArgs(line) {
    const args = [];
    let i = 0;
    const n = line.length;
    const isSpace = (c) => c === " " || c === "\n" || c === "\r" || c === "\t" || c === "\v" || c === "\f";
    for (;;) {
        while (i < n && isSpace(line[i])) i++;
        if (i >= n) return args;
        const bytes = [];
        const put = (s) => {
            for (const b of utf8.encode(s)) bytes.push(b);
        };
        let inq = false;
        let insq = false;
        let done = false;
        while (!done) {
            const c = i < n ? String.fromCodePoint(line.codePointAt(i)) : undefined;
            if (inq) {
                if (i >= n) return null;
                if (c === "\\" && line[i + 1] === "x" && isHex(line[i + 2] || "") && isHex(line[i + 3] || "")) {
                    bytes.push(parseInt(line.slice(i + 2, i + 4), 16));
                    i += 3;
                } else if (c === "\\" && i + 1 < n) {
                    i++;
                    const e = line[i];
                    put(e === "n" ? "\n" : e === "r" ? "\r" : e === "t" ? "\t" : e === "b" ? "\b" : e === "a" ? "\x07" : e);
                } else if (c === '"') {
                    // The closing quote must be followed by a space or nothing.
                    if (i + 1 < n && !isSpace(line[i + 1])) return null;
                    done = true;
                } else put(c);
            } else if (insq) {
                if (i >= n) return null;
                if (c === "\\" && line[i + 1] === "'") {
                    i++;
                    bytes.push(39);
                } else if (c === "'") {
                    if (i + 1 < n && !isSpace(line[i + 1])) return null;
                    done = true;
                } else put(c);
            } else if (i >= n || isSpace(c)) {
                done = true;
            } else if (c === '"') inq = true;
            else if (c === "'") insq = true;
            else put(c);
            // A character outside the BMP is two string units.
            if (i < n) i += c.length;
        }
        args.push(new Uint8Array(bytes));
    }
}

/** redis-cli's sdscatrepr: a quoted string, bytes outside printable ASCII as \xHH. */
export function repr(bytes) {
    let s = '"';
    for (const b of bytes) {
        if (b === 92 || b === 34) s += "\\" + String.fromCharCode(b);
        else if (b === 10) s += "\\n";
        else if (b === 13) s += "\\r";
        else if (b === 9) s += "\\t";
        else if (b === 7) s += "\\a";
        else if (b === 8) s += "\\b";
        else if (b >= 32 && b <= 126) s += String.fromCharCode(b);
        else s += "\\x" + b.toString(16).padStart(2, "0");
    }
    return s + '"';
}

/**
 * Reads every RESP2/RESP3 reply in `bytes` into nodes { type, ... } that keep what redis-cli
 * needs: status vs bulk, map vs set vs array vs push, doubles as sent.
 * Types: status, error, integer, double, bignum (text in `str`); bulk, verbatim (bytes in
 * `bytes`); nil; bool (`value`); array, map, set, push (`items`; a map's are k, v, k, v...).
 */
export function parseReplies(bytes) {
    let pos = 0;
    const line = () => {
        let e = pos;
        while (e < bytes.length && !(bytes[e] === 13 && bytes[e + 1] === 10)) e++;
        if (e >= bytes.length) throw new Error("incomplete RESP reply");
        const s = text.decode(bytes.subarray(pos, e));
        pos = e + 2;
        return s;
    };
    const blob = (len) => {
        const b = bytes.slice(pos, pos + len);
        pos += len + 2;
        return b;
    };
    const aggregate = (type, n) => {
        const items = [];
        for (let i = 0; i < n; i++) items.push(value());
        return { type, items };
    };
    const value = () => {
        const t = String.fromCharCode(bytes[pos++]);
        switch (t) {
            case "+": return { type: "status", str: line() };
            case "-": return { type: "error", str: line() };
            case ":": return { type: "integer", str: BigInt(line()).toString() };
            case ",": return { type: "double", str: line() };
            case "(": return { type: "bignum", str: line() };
            case "#": return { type: "bool", value: line() === "t" };
            case "_": line(); return { type: "nil" };
            case "$": {
                const len = Number(line());
                return len < 0 ? { type: "nil" } : { type: "bulk", bytes: blob(len) };
            }
            case "!": return { type: "error", str: text.decode(blob(Number(line()))) };
            case "=": return { type: "verbatim", bytes: blob(Number(line())).subarray(4) };
            case "*": {
                const n = Number(line());
                return n < 0 ? { type: "nil" } : aggregate("array", n);
            }
            case "~": return aggregate("set", Number(line()));
            case ">": return aggregate("push", Number(line()));
            case "%": return aggregate("map", Number(line()) * 2);
            case "|": {
                // An attribute: metadata before the reply it describes (hiredis skips it too).
                aggregate("map", Number(line()) * 2);
                return value();
            }
            default:
                throw new Error(`unknown RESP type ${JSON.stringify(t)}`);
        }
    };
    const out = [];
    while (pos < bytes.length) out.push(value());
    return out;
}

const AGGREGATES = new Set(["array", "map", "set", "push"]);

/** cliIsMultilineValueTTY. */
function multiline(r) {
    if (r.type === "map") return r.items.length > 2 || (r.items.length === 2 && multiline(r.items[1]));
    if (AGGREGATES.has(r.type)) return r.items.length > 1 || (r.items.length === 1 && multiline(r.items[0]));
    return false;
}

/** redis-cli's interactive output of a reply (cliFormatReplyTTY); ends with a newline. */
export function formatTTY(r, prefix = "") {
    switch (r.type) {
        case "error": return `(error) ${r.str}\n`;
        case "status": return `${r.str}\n`;
        case "integer": return `(integer) ${r.str}\n`;
        case "double": return `(double) ${r.str}\n`;
        case "bignum": return `(big number) ${r.str}\n`;
        case "bulk": return `${repr(r.bytes)}\n`;
        case "verbatim": return `${text.decode(r.bytes)}\n`;
        case "nil": return "(nil)\n";
        case "bool": return r.value ? "(true)\n" : "(false)\n";
        default: break;
    }
    const items = r.items;
    if (items.length === 0) {
        return { array: "(empty array)\n", map: "(empty hash)\n", set: "(empty set)\n", push: "(empty push)\n" }[r.type];
    }
    const isMap = r.type === "map";
    const count = isMap ? items.length / 2 : items.length;
    const width = String(count).length;
    const inner = prefix + " ".repeat(width + 2);
    const sep = r.type === "set" ? "~" : isMap ? "#" : ")";
    let out = "";
    for (let i = 0; i < items.length; i++) {
        const index = (isMap ? i / 2 : i) + 1;
        out += `${i === 0 ? "" : prefix}${String(index).padStart(width)}${sep} `;
        out += formatTTY(items[i], inner);
        if (isMap) {
            i++;
            out = out.slice(0, -1) + " => ";
            if (multiline(items[i])) out += "\n" + inner;
            out += formatTTY(items[i], inner);
        }
    }
    return out;
}

/** cliFormatReplyRaw: what redis-cli prints for INFO, CLIENT LIST... (no newline added). */
export function formatRaw(r) {
    switch (r.type) {
        case "nil": return "";
        case "error": return `${r.str}\n`;
        case "status": case "integer": case "double": case "bignum": return r.str;
        case "bulk": case "verbatim": return text.decode(r.bytes);
        case "bool": return r.value ? "(true)" : "(false)";
        case "map": {
            const parts = [];
            for (let i = 0; i < r.items.length; i += 2) parts.push(`${formatRaw(r.items[i])} ${formatRaw(r.items[i + 1])}`);
            return parts.join("\n");
        }
        default: return r.items.map(formatRaw).join("\n");
    }
}

/** The commands whose replies redis-cli prints raw even on a terminal (cliSendCommand). */
export function printsRaw(argv) {
    const [c, a, n] = [argv[0].toLowerCase(), (argv[1] || "").toLowerCase(), argv.length];
    return c === "info" || c === "lolwut" ||
        (n >= 2 && c === "debug" && (a === "htstats" || a === "htstats-key")) ||
        (n >= 2 && c === "memory" && (a === "malloc-stats" || a === "doctor")) ||
        (n === 2 && c === "cluster" && (a === "nodes" || a === "info")) ||
        (n >= 2 && c === "client" && (a === "list" || a === "info")) ||
        (n === 3 && c === "latency" && a === "graph") ||
        (n === 2 && c === "latency" && a === "doctor");
}

/** A RESP3 push of client-side caching, as redis-cli prints it (cliFormatInvalidateTTY). */
export function formatPush(r) {
    const [kind, keys] = r.items;
    if (r.items.length === 2 && kind.type === "bulk" && text.decode(kind.bytes) === "invalidate" && keys.type === "array") {
        return `-> invalidate: ${keys.items.map((k) => `'${text.decode(k.bytes)}'`).join(", ")}\n`;
    }
    return formatTTY(r);
}

/** A node as a plain value: bulk/status text, numbers, arrays (maps as [k, v, ...]). */
export function plain(r) {
    switch (r.type) {
        case "bulk": case "verbatim": return text.decode(r.bytes);
        case "status": case "double": case "bignum": return r.str;
        case "integer": return Number(r.str);
        case "nil": return null;
        case "bool": return r.value;
        case "error": return new Error(r.str);
        default: return r.items.map(plain);
    }
}

export const decodeText = (bytes) => text.decode(bytes);
export const encodeText = (s) => utf8.encode(s);
