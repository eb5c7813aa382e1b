// Command names as the package meets them: strings or bytes in any case. Shared by the
// connection API (index.js) and the REST handler (rest.js).
import { COMMANDS } from "../dist/commands.js";

const utf8 = new TextDecoder();
const BLOCKING = new Set(COMMANDS.filter((c) => c[3]).map((c) => c[0]));
// Command names as callers spell them -> blocking?, so the hot path skips toLowerCase.
const BLOCKING_BY_SPELLING = new Map();

/** A command name (string or bytes) as lower-case text. */
export function commandName(name) {
    return (name instanceof Uint8Array ? utf8.decode(name) : String(name)).toLowerCase();
}

/** True if the command named `name` (any case) may block. */
export function mayBlock(name) {
    let blocking = BLOCKING_BY_SPELLING.get(name);
    if (blocking === undefined) {
        blocking = BLOCKING.has(commandName(name));
        if (typeof name === "string" && BLOCKING_BY_SPELLING.size < 1000) BLOCKING_BY_SPELLING.set(name, blocking);
    }
    return blocking;
}
