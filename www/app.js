// The playground page: opens Spinel on IndexedDB "spinel-playground", then the terminal and
// the key browser, each on a connection of its own. IndexedDB is held by one tab at a time
// (the package's Web Lock): a second tab says so and opens the data once the first is gone.
import { Spinel, indexedDB } from "spinel";
import { Terminal } from "./terminal.js";
import { KeyBrowser } from "./keys.js";

const DATABASE = "spinel-playground";
// DEBUG (OBJECT, PROTOCOL, ...) is allowed: the engine is this page's own.
const CONFIG = { "enable-debug-command": "yes" };
const $ = (id) => document.getElementById(id);

async function open() {
    try {
        return await Spinel.open({ storage: indexedDB(DATABASE), config: CONFIG });
    } catch (e) {
        if (e.name !== "StorageLockedError") throw e;
        const notice = $("notice");
        notice.hidden = false;
        notice.dataset.state = "locked";
        notice.textContent =
            "The playground's data is open in another tab. One tab at a time uses it (so no write is lost); " +
            "this tab opens it as soon as the other tab is closed or reloaded.";
        const db = await Spinel.open({ storage: indexedDB(DATABASE, { wait: true }), config: CONFIG });
        notice.hidden = true;
        notice.dataset.state = "";
        return db;
    }
}

async function main() {
    const db = await open();
    const keys = new KeyBrowser({
        conn: db.duplicate({ raw: true }),
        table: $("keys"), title: $("keys-title"), more: $("keys-more"),
        value: $("value"), valueTitle: $("value-title"), valueBody: $("value-body"), refreshButton: $("refresh"),
    });
    const terminal = new Terminal({
        root: $("terminal"), output: $("output"), input: $("input"), prompt: $("prompt"),
        conn: db.duplicate({ raw: true }), meta: db.duplicate({ raw: true }),
        onCommand: (t) => keys.refresh(t.db),
    });
    await keys.init();
    await terminal.loadCommands();
    await keys.refresh(0);
    terminal.start();
    // Close the engine with the page: its last writes are stored and the lock is released.
    addEventListener("pagehide", () => db.close());
    // TTLs count down; keys expire.
    setInterval(() => {
        if (!document.hidden && !terminal.busy) keys.refresh(terminal.db);
    }, 2000);
    window.playground = { db, terminal, keys, ready: true };
}

main().catch((e) => {
    const notice = $("notice");
    notice.hidden = false;
    notice.dataset.state = "error";
    notice.textContent = `The playground could not start: ${e && e.message ? e.message : e}`;
    console.error(e);
});
