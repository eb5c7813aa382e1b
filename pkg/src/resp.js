// RESP (2 and 3) decoding straight from wasm memory, and argument encoding into it.
// Both avoid intermediate objects: short ASCII strings are read and written without
// TextDecoder/TextEncoder (slower for the few bytes most keys and values have).

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** An error reply from the engine, with Redis's text as `message`. */
export class ReplyError extends Error {
    constructor(message) {
        super(message);
        this.name = "ReplyError";
    }
}

const fcc = String.fromCharCode;

/**
 * Reads the text of bytes [s, e) of `u8`. Short ASCII (most keys and values) is built by one
 * String.fromCharCode call with the bytes as arguments: a flat string, several times faster
 * than TextDecoder or appending char by char for a few bytes.
 */
/** The bytes of `parts` one after the other (the one part itself when there is one). */
export function concat(parts) {
    if (parts.length === 1) return parts[0];
    let n = 0;
    for (const p of parts) n += p.length;
    const out = new Uint8Array(n);
    let pos = 0;
    for (const p of parts) {
        out.set(p, pos);
        pos += p.length;
    }
    return out;
}

export function text(u8, s, e) {
    const n = e - s;
    if (n > 16) return longText(u8, s, e);
    let high = 0;
    for (let i = s; i < e; i++) high |= u8[i];
    if (high >= 0x80) return decoder.decode(u8.subarray(s, e));
    switch (n) {
        case 0: return "";
        case 1: return fcc(u8[s]);
        case 2: return fcc(u8[s], u8[s + 1]);
        case 3: return fcc(u8[s], u8[s + 1], u8[s + 2]);
        case 4: return fcc(u8[s], u8[s + 1], u8[s + 2], u8[s + 3]);
        case 5: return fcc(u8[s], u8[s + 1], u8[s + 2], u8[s + 3], u8[s + 4]);
        case 6: return fcc(u8[s], u8[s + 1], u8[s + 2], u8[s + 3], u8[s + 4], u8[s + 5]);
        case 7: return fcc(u8[s], u8[s + 1], u8[s + 2], u8[s + 3], u8[s + 4], u8[s + 5], u8[s + 6]);
        case 8: return fcc(u8[s], u8[s + 1], u8[s + 2], u8[s + 3], u8[s + 4], u8[s + 5], u8[s + 6], u8[s + 7]);
        case 9: return fcc(u8[s], u8[s + 1], u8[s + 2], u8[s + 3], u8[s + 4], u8[s + 5], u8[s + 6], u8[s + 7], u8[s + 8]);
        case 10: return fcc(u8[s], u8[s + 1], u8[s + 2], u8[s + 3], u8[s + 4], u8[s + 5], u8[s + 6], u8[s + 7], u8[s + 8], u8[s + 9]);
        case 11: return fcc(u8[s], u8[s + 1], u8[s + 2], u8[s + 3], u8[s + 4], u8[s + 5], u8[s + 6], u8[s + 7], u8[s + 8], u8[s + 9], u8[s + 10]);
        case 12: return fcc(u8[s], u8[s + 1], u8[s + 2], u8[s + 3], u8[s + 4], u8[s + 5], u8[s + 6], u8[s + 7], u8[s + 8], u8[s + 9], u8[s + 10], u8[s + 11]);
        case 13: return fcc(u8[s], u8[s + 1], u8[s + 2], u8[s + 3], u8[s + 4], u8[s + 5], u8[s + 6], u8[s + 7], u8[s + 8], u8[s + 9], u8[s + 10], u8[s + 11], u8[s + 12]);
        case 14: return fcc(u8[s], u8[s + 1], u8[s + 2], u8[s + 3], u8[s + 4], u8[s + 5], u8[s + 6], u8[s + 7], u8[s + 8], u8[s + 9], u8[s + 10], u8[s + 11], u8[s + 12], u8[s + 13]);
        case 15: return fcc(u8[s], u8[s + 1], u8[s + 2], u8[s + 3], u8[s + 4], u8[s + 5], u8[s + 6], u8[s + 7], u8[s + 8], u8[s + 9], u8[s + 10], u8[s + 11], u8[s + 12], u8[s + 13], u8[s + 14]);
        case 16: return fcc(u8[s], u8[s + 1], u8[s + 2], u8[s + 3], u8[s + 4], u8[s + 5], u8[s + 6], u8[s + 7], u8[s + 8], u8[s + 9], u8[s + 10], u8[s + 11], u8[s + 12], u8[s + 13], u8[s + 14], u8[s + 15]);
        default: return longText(u8, s, e);
    }
}

function longText(u8, s, e) {
    if (e - s <= 24) {
        let r = "";
        for (let i = s; i < e; i++) {
            const c = u8[i];
            if (c >= 0x80) return decoder.decode(u8.subarray(s, e));
            r += fcc(c);
        }
        return r;
    }
    return decoder.decode(u8.subarray(s, e));
}

/**
 * Decodes RESP replies. `buffers`: bulk strings as Uint8Array copies instead of strings.
 * Errors inside arrays become ReplyError values; the caller throws a top-level one.
 */
/** Marks arrays that arrived as RESP3 pushes (pub/sub messages, invalidations). */
export const PUSH = Symbol("spinel.push");

export class Decoder {
    constructor() {
        this.u8 = null;
        this.pos = 0;
        this.buffers = false;
    }

    /** Decodes the reply at [pos, end) of `u8`; returns the value (this.pos moves past it). */
    decode(u8, pos, buffers) {
        this.u8 = u8;
        this.pos = pos;
        this.buffers = buffers;
        return this.value();
    }

    line() {
        const u8 = this.u8;
        const s = this.pos;
        let i = s;
        while (u8[i] !== 13) i++;
        this.pos = i + 2;
        return i;
    }

    int() {
        const u8 = this.u8;
        let i = this.pos;
        let neg = false;
        if (u8[i] === 45) {
            neg = true;
            i++;
        }
        const s = i;
        let n = 0;
        let c;
        while ((c = u8[i]) !== 13) {
            n = n * 10 + (c - 48);
            i++;
        }
        this.pos = i + 2;
        // Past 15 digits the sum above may round differently from the number's nearest double.
        if (i - s > 15) n = Number(text(u8, s, i));
        return neg ? -n : n;
    }

    value() {
        const u8 = this.u8;
        const type = u8[this.pos++];
        switch (type) {
            case 36: { // $ bulk
                const len = this.int();
                if (len < 0) return null;
                const s = this.pos;
                this.pos = s + len + 2;
                return this.buffers ? u8.slice(s, s + len) : text(u8, s, s + len);
            }
            case 43: { // + simple
                const s = this.pos;
                return text(u8, s, this.line());
            }
            case 58: // : integer
                return this.int();
            case 42: // * array
            case 126: { // ~ set
                const n = this.int();
                if (n < 0) return null;
                const a = new Array(n);
                for (let i = 0; i < n; i++) a[i] = this.value();
                return a;
            }
            case 62: { // > push (marked, so hosts route it to listeners)
                const n = this.int();
                const a = new Array(n);
                for (let i = 0; i < n; i++) a[i] = this.value();
                a[PUSH] = true;
                return a;
            }
            case 45: { // - error
                const s = this.pos;
                return new ReplyError(text(u8, s, this.line()));
            }
            case 95: // _ null
                this.line();
                return null;
            case 44: { // , double
                const s = this.pos;
                const t = text(u8, s, this.line());
                return t === "inf" ? Infinity : t === "-inf" ? -Infinity : Number(t);
            }
            case 35: { // # boolean
                const v = u8[this.pos] === 116;
                this.line();
                return v;
            }
            case 37: { // % map
                const n = this.int();
                const o = {};
                for (let i = 0; i < n; i++) {
                    const k = this.value();
                    o[k] = this.value();
                }
                return o;
            }
            case 61: { // = verbatim "txt:..."
                const len = this.int();
                const s = this.pos;
                this.pos = s + len + 2;
                return text(u8, s + 4, s + len);
            }
            case 40: { // ( big number
                const s = this.pos;
                return BigInt(text(u8, s, this.line()));
            }
            case 33: { // ! bulk error
                const len = this.int();
                const s = this.pos;
                this.pos = s + len + 2;
                return new ReplyError(text(u8, s, s + len));
            }
            default:
                throw new Error(`spinel: bad RESP type byte ${type}`);
        }
    }
}

/** Upper bound of the frame bytes `args` need (`[u32 length][bytes]` each). */
export function frameBound(args) {
    let n = 0;
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        n += 4 + (typeof a === "string" ? a.length * 3 : a.length);
    }
    return n;
}

/** Writes string `a` as UTF-8 at `start` (3 bytes of room per UTF-16 unit); returns the end. */
function writeText(u8, start, a) {
    const n = a.length;
    if (n <= 32) {
        let end = start;
        for (let j = 0; j < n; j++) {
            const c = a.charCodeAt(j);
            if (c >= 0x80) return start + encoder.encodeInto(a, u8.subarray(start, start + n * 3)).written;
            u8[end++] = c;
        }
        return end;
    }
    return start + encoder.encodeInto(a, u8.subarray(start, start + n * 3)).written;
}

function writeLength(u8, pos, len) {
    u8[pos] = len & 255;
    u8[pos + 1] = (len >>> 8) & 255;
    u8[pos + 2] = (len >>> 16) & 255;
    u8[pos + 3] = len >>> 24;
}

/**
 * Writes `args` (strings or Uint8Array) as frames at `pos` of `u8`; returns the end.
 * There must be frameBound(args) bytes of room.
 */
export function writeFrames(u8, pos, args) {
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        const start = pos + 4;
        let end;
        if (typeof a === "string") end = writeText(u8, start, a);
        else {
            u8.set(a, start);
            end = start + a.length;
        }
        writeLength(u8, pos, end - start);
        pos = end;
    }
    return pos;
}

/** True if every argument is a string or a number (what `writeNamed` takes). */
export function plainArgs(args) {
    for (let i = 0; i < args.length; i++) {
        const t = typeof args[i];
        if (t !== "string" && t !== "number") return false;
    }
    return true;
}

/** Upper bound of the frame bytes of `name` and plain `args` (numbers: at most 24 characters). */
export function namedBound(name, args) {
    let n = 4 + name.length;
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        n += 4 + (typeof a === "string" ? a.length * 3 : 24);
    }
    return n;
}

/**
 * Writes an ASCII command name and plain arguments (numbers as String(n) gives them) as
 * frames, without building an argv array first; returns the end.
 */
export function writeNamed(u8, pos, name, args) {
    const n = name.length;
    writeLength(u8, pos, n);
    pos += 4;
    for (let j = 0; j < n; j++) u8[pos++] = name.charCodeAt(j);
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        const end = writeText(u8, pos + 4, typeof a === "string" ? a : String(a));
        writeLength(u8, pos, end - pos - 4);
        pos = end;
    }
    return pos;
}
