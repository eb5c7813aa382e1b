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
const utf8 = new TextDecoder();
const str = (x) => (x instanceof Uint8Array ? utf8.decode(x) : String(x));
const bool = (r) => r === 1;
const num = (r) => (r === null ? null : Number(r));
// A score or float reply as a number; Redis spells infinities "inf" / "-inf" (node-redis:
// transformNumberInfinityReply, whose "+inf" check misses Redis's "inf": it gives NaN there).
const score = (r) => {
    if (r === null || typeof r === "number") return r;
    const s = str(r);
    if (s === "inf" || s === "+inf") return Infinity;
    if (s === "-inf") return -Infinity;
    return Number(s);
};
// A score or range bound argument: infinities as Redis spells them (transformStringNumberInfinityArgument).
const bound = (n) => (n === Infinity ? "+inf" : n === -Infinity ? "-inf" : typeof n === "number" ? String(n) : n);
// A flat [k1, v1, k2, v2...] reply as an object with null prototype (node-redis: hGetAll).
const object = (r) => {
    const o = Object.create(null);
    for (let i = 0; i < r.length; i += 2) o[typeof r[i] === "string" ? r[i] : str(r[i])] = r[i + 1];
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
    for (let i = 0; i < r.length; i += 2) out.push({ value: r[i], score: score(r[i + 1]) });
    return out;
};
const member = (r) => (r.length ? { value: r[0], score: score(r[1]) } : null);
const streamMessages = (r) => r.map((m) => (m === null ? null : { id: m[0], message: m[1] === null ? null : object(m[1]) }));
const streams = (r) => (r === null ? null : r.map(([name, messages]) => ({ name, messages: streamMessages(messages) })));
const keyElement = (r) => (r === null ? null : { key: r[0], element: r[1] });
const keyScore = (r) => (r === null ? null : { key: r[0], value: r[1], score: score(r[2]) });
const keys = (k) => (Array.isArray(k) ? k : [k]);
// numkeys and the keys (node-redis: pushVerdictArgument).
const numKeys = (k) => (Array.isArray(k) ? [String(k.length), ...k] : ["1", k]);
const range = ([start, end]) => ({ start, end });

// LMPOP / ZMPOP and their blocking forms: [timeout] numkeys keys side [COUNT n].
function mpopArgs(head, k, side, o) {
    const out = [...head, ...numKeys(k), side];
    if (o && o.COUNT) out.push("COUNT", String(o.COUNT));
    return out;
}
const zmpopReply = (r) => (r === null ? null : { key: r[0], elements: r[1].map((m) => ({ value: m[0], score: score(m[1]) })) });

// ZINTER / ZUNION (and their STORE forms): numkeys keys [WEIGHTS ...] [AGGREGATE ...].
function zCombineArgs(head, k, o) {
    const out = [...head, ...numKeys(k)];
    if (o && o.WEIGHTS) out.push("WEIGHTS", ...o.WEIGHTS.map(String));
    if (o && o.AGGREGATE) out.push("AGGREGATE", o.AGGREGATE);
    return out;
}

function scanArgs(head, cursor, o) {
    const out = [...head, String(cursor)];
    if (o && o.MATCH) out.push("MATCH", o.MATCH);
    if (o && o.COUNT) out.push("COUNT", String(o.COUNT));
    return out;
}

function setOptions(o, out) {
    if (!o) return out;
    // One expiry and one condition, in node-redis's order of precedence.
    if (o.EX !== undefined) out.push("EX", String(o.EX));
    else if (o.PX !== undefined) out.push("PX", String(o.PX));
    else if (o.EXAT !== undefined) out.push("EXAT", String(o.EXAT));
    else if (o.PXAT !== undefined) out.push("PXAT", String(o.PXAT));
    else if (o.KEEPTTL) out.push("KEEPTTL");
    if (o.NX) out.push("NX");
    else if (o.XX) out.push("XX");
    if (o.GET) out.push("GET");
    return out;
}

// EXAT / PXAT / EXPIREAT / PEXPIREAT: a number, or a Date (node-redis: transformEXAT, transformPXAT).
const unixSeconds = (t) => String(t instanceof Date ? Math.floor(t.getTime() / 1000) : t);
const unixMs = (t) => String(t instanceof Date ? t.getTime() : t);

function zAddArgs(key, members, o) {
    const out = [key];
    if (o) {
        if (o.NX) out.push("NX");
        else {
            if (o.XX) out.push("XX");
            if (o.GT) out.push("GT");
            else if (o.LT) out.push("LT");
        }
        if (o.CH) out.push("CH");
        if (o.INCR) out.push("INCR");
    }
    for (const m of Array.isArray(members) ? members : [members]) out.push(bound(m.score), m.value);
    return out;
}

// ZRANGE / ZRANGESTORE options: { BY: "SCORE" | "LEX", REV, LIMIT: { offset, count } }.
function rangeOptions(o, out) {
    if (!o) return out;
    if (o.BY === "SCORE") out.push("BYSCORE");
    else if (o.BY === "LEX") out.push("BYLEX");
    if (o.REV) out.push("REV");
    if (o.LIMIT) out.push("LIMIT", String(o.LIMIT.offset), String(o.LIMIT.count));
    return out;
}
const zRangeArgs = (key, min, max, o) => rangeOptions(o, [key, bound(min), bound(max)]);
// ZRANGEBYSCORE / ZRANGEBYLEX: key min max [LIMIT offset count].
function byRangeArgs(key, min, max, o) {
    const out = [key, bound(min), bound(max)];
    if (o && o.LIMIT) out.push("LIMIT", String(o.LIMIT.offset), String(o.LIMIT.count));
    return out;
}

function xReadArgs(streamsArg, o, group) {
    const out = group ? ["GROUP", group.group, group.consumer] : [];
    if (o) {
        if (o.COUNT) out.push("COUNT", String(o.COUNT));
        if (typeof o.BLOCK === "number") out.push("BLOCK", String(o.BLOCK));
        if (o.NOACK) out.push("NOACK");
    }
    const list = Array.isArray(streamsArg) ? streamsArg : [streamsArg];
    out.push("STREAMS");
    for (const s of list) out.push(s.key);
    for (const s of list) out.push(s.id);
    return out;
}

function xClaimArgs(key, group, consumer, minIdle, id, o) {
    const out = flat(key, group, consumer, minIdle, id);
    if (o) {
        if (o.IDLE) out.push("IDLE", String(o.IDLE));
        if (o.TIME) out.push("TIME", unixMs(o.TIME));
        if (o.RETRYCOUNT) out.push("RETRYCOUNT", String(o.RETRYCOUNT));
        if (o.FORCE) out.push("FORCE");
    }
    return out;
}
function xAutoClaimArgs(key, group, consumer, minIdle, start, o) {
    const out = [key, group, consumer, String(minIdle), start];
    if (o && o.COUNT) out.push("COUNT", String(o.COUNT));
    return out;
}

// XINFO STREAM, as node-redis v4 reads it (the fields it knows).
function xInfoStream(r) {
    const out = {};
    const entry = (e) => (e ? { id: e[0], message: object(e[1]) } : null);
    for (let i = 0; i < r.length; i += 2) {
        const v = r[i + 1];
        switch (r[i]) {
            case "length": out.length = v; break;
            case "radix-tree-keys": out.radixTreeKeys = v; break;
            case "radix-tree-nodes": out.radixTreeNodes = v; break;
            case "groups": out.groups = v; break;
            case "last-generated-id": out.lastGeneratedId = v; break;
            case "first-entry": out.firstEntry = entry(v); break;
            case "last-entry": out.lastEntry = entry(v); break;
        }
    }
    return out;
}

/** What geoSearchWith / geoRadius*With add to each member (node-redis: GeoReplyWith). */
export const GeoReplyWith = Object.freeze({ DISTANCE: "WITHDIST", HASH: "WITHHASH", COORDINATES: "WITHCOORD" });

// GEOSEARCH / GEORADIUS*: where from (a member, or { longitude, latitude }), then the shape.
function geoFrom(out, from, search) {
    if (typeof from === "string" || from instanceof Uint8Array) {
        if (search) out.push("FROMMEMBER");
        out.push(from);
    } else {
        if (search) out.push("FROMLONLAT");
        out.push(String(from.longitude), String(from.latitude));
    }
}
function geoCount(out, count) {
    if (typeof count === "number") out.push("COUNT", String(count));
    else if (count) {
        out.push("COUNT", String(count.value));
        if (count.ANY) out.push("ANY");
    }
}
function geoSearchArgs(head, key, from, by, o) {
    const out = [...head, key];
    geoFrom(out, from, true);
    if ("radius" in by) out.push("BYRADIUS", String(by.radius));
    else out.push("BYBOX", String(by.width), String(by.height));
    out.push(by.unit);
    if (o && o.SORT) out.push(o.SORT);
    geoCount(out, o && o.COUNT);
    return out;
}
function geoRadiusArgs(key, from, radius, unit, o) {
    const out = [key];
    geoFrom(out, from, false);
    out.push(String(radius), unit);
    if (o && o.SORT) out.push(o.SORT);
    geoCount(out, o && o.COUNT);
    return out;
}
function geoRadiusStoreArgs(key, from, radius, unit, destination, o) {
    const out = geoRadiusArgs(key, from, radius, unit, o);
    out.push(o && o.STOREDIST ? "STOREDIST" : "STORE", destination);
    return out;
}
// The *With variants: the user's replyWith list (WITHDIST, WITHHASH, WITHCOORD) is the last
// argument but one (GEOSEARCH_WITH, GEORADIUS_WITH); replies as node-redis's
// transformGeoMembersWithReply gives them.
function geoWithReply(reply, replyWith) {
    const set = new Set(replyWith);
    let i = 0;
    const dist = set.has("WITHDIST") && ++i;
    const hash = set.has("WITHHASH") && ++i;
    const coord = set.has("WITHCOORD") && ++i;
    return reply.map((m) => {
        const out = { member: m[0] };
        if (dist) out.distance = m[dist];
        if (hash) out.hash = m[hash];
        if (coord) out.coordinates = { longitude: m[coord][0], latitude: m[coord][1] };
        return out;
    });
}

// SORT / SORT_RO options: { BY, LIMIT: { offset, count }, GET: pattern(s), DIRECTION, ALPHA }.
function sortArgs(key, o) {
    const out = [key];
    if (!o) return out;
    if (o.BY) out.push("BY", o.BY);
    if (o.LIMIT) out.push("LIMIT", String(o.LIMIT.offset), String(o.LIMIT.count));
    if (o.GET) for (const g of typeof o.GET === "string" ? [o.GET] : o.GET) out.push("GET", g);
    if (o.DIRECTION) out.push(o.DIRECTION);
    if (o.ALPHA) out.push("ALPHA");
    return out;
}

// BITFIELD operations: { operation: "GET" | "SET" | "INCRBY" | "OVERFLOW", encoding, offset, value, increment, behavior }.
function bitFieldArgs(key, ops) {
    const out = [key];
    for (const o of ops) {
        switch (o.operation) {
            case "GET": out.push("GET", o.encoding, String(o.offset)); break;
            case "SET": out.push("SET", o.encoding, String(o.offset), String(o.value)); break;
            case "INCRBY": out.push("INCRBY", o.encoding, String(o.offset), String(o.increment)); break;
            case "OVERFLOW": out.push("OVERFLOW", o.behavior); break;
        }
    }
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

// GEORADIUS* with WITHCOORD/WITHDIST/WITHHASH (`replyWith`, the 5th argument), replies shaped by it.
function geoRadiusWith(name) {
    return {
        name,
        args: (key, from, radius, unit, replyWith, o) => [...geoRadiusArgs(key, from, radius, unit, o), ...replyWith],
        reply: (r, a) => geoWithReply(r, a[4]),
    };
}

export const TRANSFORMS = {
    // strings
    set: { args: (key, value, o) => setOptions(o, [key, typeof value === "number" ? String(value) : value]) },
    setNX: { args: flat, reply: bool },
    setEx: { args: flat },
    getEx: {
        args: (key, o) => {
            const out = [key];
            if (!o) return out;
            if ("EX" in o) out.push("EX", String(o.EX));
            else if ("PX" in o) out.push("PX", String(o.PX));
            else if ("EXAT" in o) out.push("EXAT", unixSeconds(o.EXAT));
            else if ("PXAT" in o) out.push("PXAT", unixMs(o.PXAT));
            else out.push("PERSIST");
            return out;
        },
    },
    mSet: { args: (kv) => entries(kv) },
    mSetNX: { args: (kv) => entries(kv), reply: bool },
    mGet: { args: (k) => flat(k) },
    incrBy: { args: flat },
    decrBy: { args: flat },
    lcsLen: { name: "LCS", args: (a, b) => [a, b, "LEN"] },
    lcsIdx: {
        name: "LCS",
        args: (a, b) => [a, b, "IDX"],
        reply: (r) => ({ matches: r[1].map(([k1, k2]) => ({ key1: range(k1), key2: range(k2) })), length: r[3] }),
    },
    lcsIdxWithMatchLen: {
        name: "LCS",
        args: (a, b) => [a, b, "IDX", "WITHMATCHLEN"],
        reply: (r) => ({ matches: r[1].map(([k1, k2, length]) => ({ key1: range(k1), key2: range(k2), length })), length: r[3] }),
    },
    // keys
    del: { args: (...k) => flat(...k) },
    unlink: { args: (...k) => flat(...k) },
    exists: { args: (...k) => flat(...k) },
    expire: { args: expireArgs, reply: bool },
    pExpire: { args: expireArgs, reply: bool },
    expireAt: { args: (k, t, m) => expireArgs(k, unixSeconds(t), m), reply: bool },
    pExpireAt: { args: (k, t, m) => expireArgs(k, unixMs(t), m), reply: bool },
    persist: { args: flat, reply: bool },
    renameNX: { args: flat, reply: bool },
    move: { args: flat, reply: bool },
    copy: {
        args: (src, dst, o) => {
            const out = [src, dst];
            if (o && o.destinationDb) out.push("DB", String(o.destinationDb));
            if (o && o.replace) out.push("REPLACE");
            return out;
        },
        reply: bool,
    },
    objectEncoding: { name: "OBJECT", args: (key) => ["ENCODING", key] },
    objectFreq: { name: "OBJECT", args: (key) => ["FREQ", key] },
    objectIdleTime: { name: "OBJECT", args: (key) => ["IDLETIME", key] },
    objectRefCount: { name: "OBJECT", args: (key) => ["REFCOUNT", key] },
    sort: { args: sortArgs },
    sortRo: { args: sortArgs },
    sortStore: { name: "SORT", args: (src, dst, o) => [...sortArgs(src, o), "STORE", dst] },
    scan: {
        args: (cursor, o) => {
            const out = scanArgs([], cursor, o);
            if (o && o.TYPE) out.push("TYPE", o.TYPE);
            return out;
        },
        reply: ([cursor, keys]) => ({ cursor: Number(cursor), keys }),
    },
    // hashes
    hSet: {
        args: (key, a, b) => (typeof a === "object" && !(a instanceof Uint8Array) ? [key, ...entries(a)] : flat(key, a, b)),
    },
    hSetNX: { args: flat, reply: bool },
    hGetAll: { args: flat, reply: object },
    hExists: { args: flat, reply: bool },
    hmGet: { args: (key, fields) => flat(key, fields) },
    hDel: { args: (key, ...f) => flat(key, ...f) },
    hRandFieldCount: { name: "HRANDFIELD", args: flat },
    hRandFieldCountWithValues: { name: "HRANDFIELD", args: (key, count) => [key, String(count), "WITHVALUES"], reply: object },
    hScan: {
        args: (key, cursor, o) => scanArgs([key], cursor, o),
        reply: ([cursor, r]) => {
            const tuples = [];
            for (let i = 0; i < r.length; i += 2) tuples.push({ field: r[i], value: r[i + 1] });
            return { cursor: Number(cursor), tuples };
        },
    },
    // sets
    sAdd: { args: (key, ...m) => flat(key, ...m) },
    sRem: { args: (key, ...m) => flat(key, ...m) },
    sIsMember: { args: flat, reply: bool },
    smIsMember: { args: (key, m) => flat(key, m), reply: (r) => r.map(bool) },
    sMove: { args: flat, reply: bool },
    sInterCard: { args: (k, limit) => (limit ? [...numKeys(k), "LIMIT", String(limit)] : numKeys(k)) },
    sRandMemberCount: { name: "SRANDMEMBER", args: flat },
    sScan: { args: (key, cursor, o) => scanArgs([key], cursor, o), reply: ([cursor, members]) => ({ cursor: Number(cursor), members }) },
    // lists
    lPush: { args: (key, ...e) => flat(key, ...e) },
    rPush: { args: (key, ...e) => flat(key, ...e) },
    lPushX: { args: (key, ...e) => flat(key, ...e) },
    rPushX: { args: (key, ...e) => flat(key, ...e) },
    lPopCount: { name: "LPOP", args: flat },
    rPopCount: { name: "RPOP", args: flat },
    lPos: {
        args: (key, element, o) => {
            const out = [key, element];
            if (o && typeof o.RANK === "number") out.push("RANK", String(o.RANK));
            if (o && typeof o.MAXLEN === "number") out.push("MAXLEN", String(o.MAXLEN));
            return out;
        },
    },
    lPosCount: {
        name: "LPOS",
        args: (key, element, count, o) => {
            const out = [key, element];
            if (o && typeof o.RANK === "number") out.push("RANK", String(o.RANK));
            out.push("COUNT", String(count));
            if (o && typeof o.MAXLEN === "number") out.push("MAXLEN", String(o.MAXLEN));
            return out;
        },
    },
    lmPop: { args: (k, side, o) => mpopArgs([], k, side, o) },
    blmPop: { args: (timeout, k, side, o) => mpopArgs([String(timeout)], k, side, o) },
    blPop: { args: (k, timeout) => [...keys(k), String(timeout)], reply: keyElement },
    brPop: { args: (k, timeout) => [...keys(k), String(timeout)], reply: keyElement },
    // sorted sets
    zAdd: { args: zAddArgs, reply: score },
    zIncrBy: { args: (key, by, m) => [key, bound(by), m], reply: score },
    zScore: { args: flat, reply: score },
    zmScore: { args: (key, m) => flat(key, m), reply: (r) => r.map(score) },
    zCount: { args: (key, min, max) => [key, bound(min), bound(max)] },
    zRemRangeByScore: { args: (key, min, max) => [key, bound(min), bound(max)] },
    zRange: { args: zRangeArgs },
    zRangeWithScores: { name: "ZRANGE", args: (...a) => [...zRangeArgs(...a), "WITHSCORES"], reply: withScores },
    zRangeStore: {
        args: (dst, src, min, max, o) => {
            const out = [dst, ...zRangeArgs(src, min, max, o)];
            if (o && o.WITHSCORES) out.push("WITHSCORES");
            return out;
        },
    },
    zRangeByScore: { args: byRangeArgs },
    zRangeByScoreWithScores: { name: "ZRANGEBYSCORE", args: (...a) => [...byRangeArgs(...a), "WITHSCORES"], reply: withScores },
    zRangeByLex: { args: byRangeArgs },
    zRem: { args: (key, ...m) => flat(key, ...m) },
    zPopMin: { args: (key) => [key], reply: member },
    zPopMax: { args: (key) => [key], reply: member },
    zPopMinCount: { name: "ZPOPMIN", args: flat, reply: withScores },
    zPopMaxCount: { name: "ZPOPMAX", args: flat, reply: withScores },
    zmPop: { args: (k, side, o) => mpopArgs([], k, side, o), reply: zmpopReply },
    bzmPop: { args: (timeout, k, side, o) => mpopArgs([String(timeout)], k, side, o), reply: zmpopReply },
    bzPopMin: { args: (k, t) => [...keys(k), String(t)], reply: keyScore },
    bzPopMax: { args: (k, t) => [...keys(k), String(t)], reply: keyScore },
    zInter: { args: (k, o) => zCombineArgs([], k, o) },
    zInterWithScores: { name: "ZINTER", args: (k, o) => [...zCombineArgs([], k, o), "WITHSCORES"], reply: withScores },
    zUnion: { args: (k, o) => zCombineArgs([], k, o) },
    zUnionWithScores: { name: "ZUNION", args: (k, o) => [...zCombineArgs([], k, o), "WITHSCORES"], reply: withScores },
    zDiff: { args: (k) => numKeys(k) },
    zDiffWithScores: { name: "ZDIFF", args: (k) => [...numKeys(k), "WITHSCORES"], reply: withScores },
    zInterStore: { args: (dst, k, o) => zCombineArgs([dst], k, o) },
    zUnionStore: { args: (dst, k, o) => zCombineArgs([dst], k, o) },
    zDiffStore: { args: (dst, k) => [dst, ...numKeys(k)] },
    zInterCard: { args: (k, limit) => (limit ? [...numKeys(k), "LIMIT", String(limit)] : numKeys(k)) },
    zRandMemberCount: { name: "ZRANDMEMBER", args: flat },
    zRandMemberCountWithScores: { name: "ZRANDMEMBER", args: (key, count) => [key, String(count), "WITHSCORES"], reply: withScores },
    zScan: {
        args: (key, cursor, o) => scanArgs([key], cursor, o),
        reply: ([cursor, r]) => ({ cursor: Number(cursor), members: withScores(r) }),
    },
    // geo
    geoAdd: {
        args: (key, toAdd, o) => {
            const out = [key];
            if (o && o.NX) out.push("NX");
            else if (o && o.XX) out.push("XX");
            if (o && o.CH) out.push("CH");
            for (const p of Array.isArray(toAdd) ? toAdd : [toAdd]) out.push(String(p.longitude), String(p.latitude), p.member);
            return out;
        },
    },
    geoDist: { args: (key, a, b, unit) => (unit ? [key, a, b, unit] : [key, a, b]), reply: num },
    geoPos: {
        args: (key, m) => flat(key, m),
        reply: (r) => r.map((p) => (p === null ? null : { longitude: p[0], latitude: p[1] })),
    },
    geoHash: { args: (key, m) => flat(key, m) },
    geoSearch: { args: (key, from, by, o) => geoSearchArgs([], key, from, by, o) },
    geoSearchWith: {
        name: "GEOSEARCH",
        args: (key, from, by, replyWith, o) => [...geoSearchArgs([], key, from, by, o), ...replyWith],
        reply: (r, a) => geoWithReply(r, a[3]),
    },
    geoSearchStore: {
        args: (dst, src, from, by, o) => {
            const out = geoSearchArgs([dst], src, from, by, o);
            if (o && o.STOREDIST) out.push("STOREDIST");
            return out;
        },
    },
    geoRadius: { args: geoRadiusArgs },
    geoRadiusRo: { args: geoRadiusArgs },
    geoRadiusByMember: { args: geoRadiusArgs },
    geoRadiusByMemberRo: { args: geoRadiusArgs },
    geoRadiusWith: geoRadiusWith("GEORADIUS"),
    geoRadiusRoWith: geoRadiusWith("GEORADIUS_RO"),
    geoRadiusByMemberWith: geoRadiusWith("GEORADIUSBYMEMBER"),
    geoRadiusByMemberRoWith: geoRadiusWith("GEORADIUSBYMEMBER_RO"),
    geoRadiusStore: { name: "GEORADIUS", args: geoRadiusStoreArgs },
    geoRadiusByMemberStore: { name: "GEORADIUSBYMEMBER", args: geoRadiusStoreArgs },
    // streams
    xAdd: {
        args: (key, id, message, o) => {
            const out = [key];
            if (o && o.NOMKSTREAM) out.push("NOMKSTREAM");
            if (o && o.TRIM) {
                out.push(o.TRIM.strategy || "MAXLEN");
                if (o.TRIM.strategyModifier) out.push(o.TRIM.strategyModifier);
                out.push(String(o.TRIM.threshold));
                if (o.TRIM.limit) out.push("LIMIT", String(o.TRIM.limit));
            }
            out.push(id, ...entries(message));
            return out;
        },
    },
    xTrim: {
        args: (key, strategy, threshold, o) => {
            const out = [key, strategy];
            if (o && o.strategyModifier) out.push(o.strategyModifier);
            out.push(String(threshold));
            if (o && o.LIMIT) out.push("LIMIT", String(o.LIMIT));
            return out;
        },
    },
    xRange: {
        args: (key, start, end, o) => (o && o.COUNT ? [key, start, end, "COUNT", String(o.COUNT)] : [key, start, end]),
        reply: streamMessages,
    },
    xRevRange: {
        args: (key, start, end, o) => (o && o.COUNT ? [key, start, end, "COUNT", String(o.COUNT)] : [key, start, end]),
        reply: streamMessages,
    },
    xRead: { args: (s, o) => xReadArgs(s, o), reply: streams },
    xReadGroup: { args: (group, consumer, s, o) => xReadArgs(s, o, { group, consumer }), reply: streams },
    xDel: { args: (key, id) => flat(key, id) },
    xAck: { args: (key, group, id) => flat(key, group, id) },
    xSetId: {
        args: (key, lastId, o) => {
            const out = [key, lastId];
            if (o && o.ENTRIESADDED) out.push("ENTRIESADDED", String(o.ENTRIESADDED));
            if (o && o.MAXDELETEDID) out.push("MAXDELETEDID", o.MAXDELETEDID);
            return out;
        },
    },
    xGroupCreate: {
        name: "XGROUP",
        args: (key, group, id, o) => (o && o.MKSTREAM ? ["CREATE", key, group, id, "MKSTREAM"] : ["CREATE", key, group, id]),
    },
    xGroupCreateConsumer: { name: "XGROUP", args: (key, group, consumer) => ["CREATECONSUMER", key, group, consumer], reply: bool },
    xGroupDelConsumer: { name: "XGROUP", args: (key, group, consumer) => ["DELCONSUMER", key, group, consumer] },
    xGroupDestroy: { name: "XGROUP", args: (key, group) => ["DESTROY", key, group], reply: bool },
    xGroupSetId: { name: "XGROUP", args: (key, group, id) => ["SETID", key, group, id] },
    xPending: {
        args: (key, group) => [key, group],
        reply: (r) => ({
            pending: r[0],
            firstId: r[1],
            lastId: r[2],
            consumers: r[3] === null ? null : r[3].map(([name, n]) => ({ name, deliveriesCounter: Number(n) })),
        }),
    },
    xPendingRange: {
        name: "XPENDING",
        args: (key, group, start, end, count, o) => {
            const out = [key, group];
            if (o && o.IDLE) out.push("IDLE", String(o.IDLE));
            out.push(start, end, String(count));
            if (o && o.consumer) out.push(o.consumer);
            return out;
        },
        reply: (r) => r.map(([id, owner, millisecondsSinceLastDelivery, deliveriesCounter]) =>
            ({ id, owner, millisecondsSinceLastDelivery, deliveriesCounter })),
    },
    xClaim: { args: xClaimArgs, reply: streamMessages },
    xClaimJustId: { name: "XCLAIM", args: (...a) => [...xClaimArgs(...a), "JUSTID"] },
    xAutoClaim: { args: xAutoClaimArgs, reply: (r) => ({ nextId: r[0], messages: streamMessages(r[1]) }) },
    xAutoClaimJustId: { name: "XAUTOCLAIM", args: (...a) => [...xAutoClaimArgs(...a), "JUSTID"], reply: (r) => ({ nextId: r[0], messages: r[1] }) },
    xInfoStream: { name: "XINFO", args: (key) => ["STREAM", key], reply: xInfoStream },
    xInfoGroups: {
        name: "XINFO",
        args: (key) => ["GROUPS", key],
        reply: (r) => r.map((g) => ({ name: g[1], consumers: g[3], pending: g[5], lastDeliveredId: g[7] })),
    },
    xInfoConsumers: {
        name: "XINFO",
        args: (key, group) => ["CONSUMERS", key, group],
        reply: (r) => r.map((c) => ({ name: c[1], pending: c[3], idle: c[5], inactive: c[7] })),
    },
    // bitmaps, HyperLogLog
    bitCount: {
        args: (key, r) => {
            const out = [key];
            if (r) {
                out.push(String(r.start), String(r.end));
                if (r.mode) out.push(r.mode);
            }
            return out;
        },
    },
    bitField: { args: bitFieldArgs },
    bitFieldRo: { args: (key, ops) => bitFieldArgs(key, ops.map((o) => ({ ...o, operation: "GET" }))) },
    pfAdd: { args: (key, e) => flat(key, e), reply: bool },
    // scripting
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
};

/**
 * Methods that are variants of a command (node-redis: zRangeWithScores, lPopCount,
 * xInfoStream): the entries naming their command.
 */
export const EXTRA_METHODS = Object.keys(TRANSFORMS).filter((m) => TRANSFORMS[m].name);
