// node-redis v4 style arguments and replies for the common commands. Every other command
// takes its arguments as given (arrays flattened, numbers as text) and returns the raw reply.
// Each entry: { args(...userArgs) -> argv without the name, reply?(raw) -> value }.

/** Flattens arrays, turns numbers/bigints into text; strings and Uint8Array pass as is. */
export function pushArg(out, a) {
    if (typeof a === "string" || a instanceof Uint8Array) out.push(a);
    else if (typeof a === "number" || typeof a === "bigint") out.push(String(a));
    else if (Array.isArray(a)) for (const x of a) pushArg(out, x);
    else if (a === undefined || a === null) throw new TypeError("spinel: undefined or null command argument");
    else out.push(String(a));
}

const flat = (...a) => {
    const out = [];
    for (const x of a) pushArg(out, x);
    return out;
};
const bool = (r) => r === 1;
const num = (r) => (r === null ? null : Number(r));
// A flat [k1, v1, k2, v2...] reply as an object with null prototype (node-redis: hGetAll).
const object = (r) => {
    const o = Object.create(null);
    for (let i = 0; i < r.length; i += 2) o[r[i]] = r[i + 1];
    return o;
};
const entries = (obj) => {
    const out = [];
    if (obj instanceof Map) for (const [k, v] of obj) out.push(k, v);
    else if (Array.isArray(obj)) pushArg(out, obj);
    else for (const k of Object.keys(obj)) out.push(k, obj[k]);
    return out.map((x) => (typeof x === "number" ? String(x) : x));
};
const withScores = (r) => {
    const out = [];
    for (let i = 0; i < r.length; i += 2) out.push({ value: r[i], score: Number(r[i + 1]) });
    return out;
};
const streamMessages = (r) => r.map(([id, fields]) => ({ id, message: fields === null ? null : object(fields) }));
const streams = (r) => (r === null ? null : r.map(([name, messages]) => ({ name, messages: streamMessages(messages) })));
const keyElement = (r) => (r === null ? null : { key: r[0], element: r[1] });
const keys = (k) => (Array.isArray(k) ? k : [k]);

function setOptions(o, out) {
    if (!o) return out;
    if (o.EX !== undefined) out.push("EX", String(o.EX));
    if (o.PX !== undefined) out.push("PX", String(o.PX));
    if (o.EXAT !== undefined) out.push("EXAT", String(o.EXAT));
    if (o.PXAT !== undefined) out.push("PXAT", String(o.PXAT));
    if (o.KEEPTTL) out.push("KEEPTTL");
    if (o.NX) out.push("NX");
    if (o.XX) out.push("XX");
    if (o.GET) out.push("GET");
    return out;
}

function zAddArgs(key, members, o) {
    const out = [key];
    if (o) {
        if (o.NX) out.push("NX");
        if (o.XX) out.push("XX");
        if (o.GT) out.push("GT");
        if (o.LT) out.push("LT");
        if (o.CH) out.push("CH");
        if (o.INCR) out.push("INCR");
    }
    for (const m of Array.isArray(members) ? members : [members]) out.push(String(m.score), m.value);
    return out;
}

function rangeOptions(o, out) {
    if (!o) return out;
    if (o.BY) out.push(o.BY);
    if (o.REV) out.push("REV");
    if (o.LIMIT) out.push("LIMIT", String(o.LIMIT.offset), String(o.LIMIT.count));
    return out;
}

function xReadArgs(streamsArg, o, group) {
    const out = group ? ["GROUP", group.group, group.consumer] : [];
    if (o) {
        if (o.COUNT !== undefined) out.push("COUNT", String(o.COUNT));
        if (o.BLOCK !== undefined) out.push("BLOCK", String(o.BLOCK));
        if (o.NOACK) out.push("NOACK");
    }
    const list = Array.isArray(streamsArg) ? streamsArg : [streamsArg];
    out.push("STREAMS");
    for (const s of list) out.push(s.key);
    for (const s of list) out.push(s.id);
    return out;
}

// eval/evalSha/fCall (node-redis v4): (script | sha | function, { keys, arguments }).
function scriptArgs(script, o) {
    const keys = (o && o.keys) || [];
    const out = [script, String(keys.length)];
    pushArg(out, keys);
    if (o && o.arguments) pushArg(out, o.arguments);
    return out;
}

function expireArgs(key, t, mode) {
    const out = [key, String(t)];
    if (mode) out.push(mode);
    return out;
}

export const TRANSFORMS = {
    set: { args: (key, value, o) => setOptions(o, [key, typeof value === "number" ? String(value) : value]) },
    setNX: { args: flat, reply: bool },
    setEx: { args: flat },
    getEx: {
        args: (key, o) => {
            const out = [key];
            if (o) {
                if (o.EX !== undefined) out.push("EX", String(o.EX));
                if (o.PX !== undefined) out.push("PX", String(o.PX));
                if (o.EXAT !== undefined) out.push("EXAT", String(o.EXAT));
                if (o.PXAT !== undefined) out.push("PXAT", String(o.PXAT));
                if (o.PERSIST) out.push("PERSIST");
            }
            return out;
        },
    },
    mSet: { args: (kv) => entries(kv) },
    mSetNX: { args: (kv) => entries(kv), reply: bool },
    mGet: { args: (k) => flat(k) },
    incrBy: { args: flat },
    decrBy: { args: flat },
    del: { args: (...k) => flat(...k) },
    unlink: { args: (...k) => flat(...k) },
    exists: { args: (...k) => flat(...k) },
    expire: { args: expireArgs, reply: bool },
    pExpire: { args: expireArgs, reply: bool },
    expireAt: { args: (k, t, m) => expireArgs(k, t instanceof Date ? Math.floor(t.getTime() / 1000) : t, m), reply: bool },
    pExpireAt: { args: (k, t, m) => expireArgs(k, t instanceof Date ? t.getTime() : t, m), reply: bool },
    persist: { args: flat, reply: bool },
    renameNX: { args: flat, reply: bool },
    hSet: {
        args: (key, a, b) => (typeof a === "object" && !(a instanceof Uint8Array) ? [key, ...entries(a)] : flat(key, a, b)),
    },
    hSetNX: { args: flat, reply: bool },
    hGetAll: { args: flat, reply: object },
    hExists: { args: flat, reply: bool },
    hmGet: { args: (key, fields) => flat(key, fields) },
    hDel: { args: (key, ...f) => flat(key, ...f) },
    sAdd: { args: (key, ...m) => flat(key, ...m) },
    sRem: { args: (key, ...m) => flat(key, ...m) },
    sIsMember: { args: flat, reply: bool },
    smIsMember: { args: (key, m) => flat(key, m), reply: (r) => r.map(bool) },
    sMove: { args: flat, reply: bool },
    lPush: { args: (key, ...e) => flat(key, ...e) },
    rPush: { args: (key, ...e) => flat(key, ...e) },
    lPushX: { args: (key, ...e) => flat(key, ...e) },
    rPushX: { args: (key, ...e) => flat(key, ...e) },
    blPop: { args: (k, timeout) => [...keys(k), String(timeout)], reply: keyElement },
    brPop: { args: (k, timeout) => [...keys(k), String(timeout)], reply: keyElement },
    zAdd: { args: zAddArgs, reply: num },
    zIncrBy: { args: flat, reply: num },
    zScore: { args: flat, reply: num },
    zmScore: { args: (key, m) => flat(key, m), reply: (r) => r.map(num) },
    zRange: { args: (key, min, max, o) => rangeOptions(o, flat(key, min, max)) },
    zRangeWithScores: {
        name: "ZRANGE",
        args: (key, min, max, o) => [...rangeOptions(o, flat(key, min, max)), "WITHSCORES"],
        reply: withScores,
    },
    zRangeByScore: {
        args: (key, min, max, o) => {
            const out = flat(key, min, max);
            if (o && o.LIMIT) out.push("LIMIT", String(o.LIMIT.offset), String(o.LIMIT.count));
            return out;
        },
    },
    zRem: { args: (key, ...m) => flat(key, ...m) },
    zPopMin: { args: (key) => [key], reply: (r) => (r.length ? withScores(r)[0] : null) },
    zPopMax: { args: (key) => [key], reply: (r) => (r.length ? withScores(r)[0] : null) },
    bzPopMin: { args: (k, t) => [...keys(k), String(t)], reply: (r) => (r === null ? null : { key: r[0], value: r[1], score: Number(r[2]) }) },
    bzPopMax: { args: (k, t) => [...keys(k), String(t)], reply: (r) => (r === null ? null : { key: r[0], value: r[1], score: Number(r[2]) }) },
    xAdd: {
        args: (key, id, message, o) => {
            const out = [key];
            if (o && o.NOMKSTREAM) out.push("NOMKSTREAM");
            if (o && o.TRIM) {
                out.push(o.TRIM.strategy || "MAXLEN");
                if (o.TRIM.strategyModifier) out.push(o.TRIM.strategyModifier);
                out.push(String(o.TRIM.threshold));
                if (o.TRIM.limit !== undefined) out.push("LIMIT", String(o.TRIM.limit));
            }
            out.push(id, ...entries(message));
            return out;
        },
    },
    xRange: {
        args: (key, start, end, o) => (o && o.COUNT !== undefined ? [key, start, end, "COUNT", String(o.COUNT)] : [key, start, end]),
        reply: streamMessages,
    },
    xRevRange: {
        args: (key, start, end, o) => (o && o.COUNT !== undefined ? [key, start, end, "COUNT", String(o.COUNT)] : [key, start, end]),
        reply: streamMessages,
    },
    xRead: { args: (s, o) => xReadArgs(s, o), reply: streams },
    xReadGroup: { args: (group, consumer, s, o) => xReadArgs(s, o, { group, consumer }), reply: streams },
    eval: { args: scriptArgs },
    evalRo: { args: scriptArgs },
    evalSha: { args: scriptArgs },
    evalShaRo: { args: scriptArgs },
    fCall: { args: scriptArgs },
    fCallRo: { args: scriptArgs },
    scriptLoad: { name: "SCRIPT", args: (script) => ["LOAD", script] },
    scriptExists: { name: "SCRIPT", args: (...sha) => flat("EXISTS", ...sha), reply: (r) => r.map(bool) },
    scriptFlush: { name: "SCRIPT", args: (mode) => (mode ? ["FLUSH", mode] : ["FLUSH"]) },
    functionLoad: { name: "FUNCTION", args: (code, o) => (o && o.REPLACE ? ["LOAD", "REPLACE", code] : ["LOAD", code]) },
    functionDelete: { name: "FUNCTION", args: (library) => ["DELETE", library] },
    functionFlush: { name: "FUNCTION", args: (mode) => (mode ? ["FLUSH", mode] : ["FLUSH"]) },
    scan: {
        args: (cursor, o) => {
            const out = [String(cursor)];
            if (o && o.MATCH) out.push("MATCH", o.MATCH);
            if (o && o.COUNT !== undefined) out.push("COUNT", String(o.COUNT));
            if (o && o.TYPE) out.push("TYPE", o.TYPE);
            return out;
        },
        reply: ([cursor, keys]) => ({ cursor: Number(cursor), keys }),
    },
};

/** Extra methods that are variants of a command (node-redis: zRangeWithScores). */
export const EXTRA_METHODS = [
    "zRangeWithScores", "scriptLoad", "scriptExists", "scriptFlush", "functionLoad", "functionDelete", "functionFlush",
];
