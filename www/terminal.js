// The terminal: redis-cli's interactive mode on a raw connection to the engine in the page.
// Prompt with the selected database and (TX) inside MULTI, history, Tab completion, HELP,
// CLEAR, repeat counts ("3 INCR n"), Pub/Sub's "Reading messages..." mode, Ctrl-C.
import { splitArgs, parseReplies, formatTTY, formatRaw, formatPush, printsRaw, plain, decodeText } from "./cli.js";

const HISTORY_KEY = "spinel-playground:history";
const HISTORY_MAX = 100; // linenoise's default
const SUBSCRIBE = new Set(["subscribe", "psubscribe", "ssubscribe"]);

export class Terminal {
    /**
     * `conn`: a raw connection (duplicate({ raw: true })); `meta`: a decoding-free connection for
     * COMMAND/COMMAND DOCS and CLIENT UNBLOCK; `onCommand(state)` runs after each command.
     */
    constructor({ root, output, input, prompt, conn, meta, onCommand }) {
        Object.assign(this, { root, output, input, promptEl: prompt, conn, meta, onCommand });
        this.db = 0;
        this.inMulti = false;
        this.preMultiDb = 0;
        this.pubsub = false;
        this.blocked = false;
        this.busy = false;
        this.history = loadHistory();
        this.historyIndex = this.history.length;
        this.draft = "";
        this.completion = null;
        this.commands = []; // "GET", "CONFIG GET", ... sorted
        this.info = new Map(); // "get" / "config|get" -> COMMAND INFO entry (parsed node)
        this.docs = new Map(); // same keys -> COMMAND DOCS map as [k, v, ...] nodes
        this.groups = new Set();
        conn.onPush((bytes) => this.#pushed(bytes));
        input.addEventListener("keydown", (e) => this.#key(e));
        input.addEventListener("input", () => {
            this.completion = null;
        });
        // In Pub/Sub mode and while a command blocks there is no prompt to type into.
        root.ownerDocument.addEventListener("keydown", (e) => {
            if (e.target !== input && e.ctrlKey && (e.key === "c" || e.key === "C") && (this.pubsub || this.blocked)) {
                e.preventDefault();
                this.#interrupt();
            }
        });
        root.addEventListener("click", () => {
            if (!window.getSelection().toString()) input.focus();
        });
        this.#refreshPrompt();
    }

    /** Reads the command table (names for completion, COMMAND INFO and DOCS for HELP). */
    async loadCommands() {
        this.clientId = plain(parseReplies(await this.conn.sendCommand(["CLIENT", "ID"]))[0]);
        const [table] = parseReplies(await this.meta.sendCommand(["COMMAND"]));
        const names = [];
        const add = (entry) => {
            const name = decodeText(entry.items[0].bytes);
            this.info.set(name, entry);
            names.push(name.replace("|", " ").toUpperCase());
            const subs = entry.items[9];
            if (subs) for (const s of subs.items) add(s);
        };
        for (const entry of table.items) add(entry);
        this.commands = names.sort();
        const [docs] = parseReplies(await this.meta.sendCommand(["COMMAND", "DOCS"]));
        const addDocs = (pairs) => {
            for (let i = 0; i < pairs.length; i += 2) {
                const name = decodeText(pairs[i].bytes);
                const fields = pairs[i + 1].items;
                this.docs.set(name, fields);
                const group = field(fields, "group");
                if (group) this.groups.add(decodeText(group.bytes));
                const subs = field(fields, "subcommands");
                if (subs) addDocs(subs.items);
            }
        };
        addDocs(docs.items);
    }

    start() {
        this.input.disabled = false;
        this.input.focus();
    }

    promptText() {
        return `127.0.0.1:6379${this.db ? `[${this.db}]` : ""}${this.inMulti ? "(TX)" : ""}> `;
    }

    #refreshPrompt() {
        this.promptEl.textContent = this.promptText();
    }

    /** Appends text to the output (`cls`: entry, reply, push, note). */
    print(textOut, cls = "reply") {
        const el = document.createElement("pre");
        el.className = cls;
        el.textContent = textOut.endsWith("\n") ? textOut.slice(0, -1) : textOut;
        this.output.append(el);
        this.root.scrollTop = this.root.scrollHeight;
        return el;
    }

    #setBusy(busy) {
        this.busy = busy;
        this.root.classList.toggle("busy", busy);
        this.root.dataset.busy = busy ? "1" : "";
        if (!busy) {
            this.#refreshPrompt();
            this.input.focus();
        }
    }

    #key(e) {
        if (e.key !== "Tab") this.completion = null;
        if (e.ctrlKey && (e.key === "c" || e.key === "C")) {
            e.preventDefault();
            this.#interrupt();
        } else if (e.ctrlKey && (e.key === "l" || e.key === "L")) {
            e.preventDefault();
            this.output.replaceChildren();
        } else if (this.busy) {
            e.preventDefault();
        } else if (e.key === "Enter") {
            e.preventDefault();
            const line = this.input.value;
            this.input.value = "";
            this.run(line);
        } else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
            e.preventDefault();
            this.#walkHistory(e.key === "ArrowUp" ? -1 : 1);
        } else if (e.key === "Tab") {
            e.preventDefault();
            this.#complete();
        }
    }

    #walkHistory(step) {
        const next = this.historyIndex + step;
        if (next < 0 || next > this.history.length) return;
        if (this.historyIndex === this.history.length) this.draft = this.input.value;
        this.historyIndex = next;
        this.input.value = next === this.history.length ? this.draft : this.history[next];
        const end = this.input.value.length;
        this.input.setSelectionRange(end, end);
    }

    #remember(line) {
        if (!line.trim()) return;
        if (this.history[this.history.length - 1] !== line) {
            this.history.push(line);
            if (this.history.length > HISTORY_MAX) this.history.splice(0, this.history.length - HISTORY_MAX);
            try {
                localStorage.setItem(HISTORY_KEY, JSON.stringify(this.history));
            } catch {
                // History is a convenience: a full or disabled localStorage only loses it.
            }
        }
        this.historyIndex = this.history.length;
        this.draft = "";
    }

    /** linenoise's completion: each Tab shows the next match, then the line as typed. */
    #complete() {
        if (!this.completion) {
            const typed = this.input.value;
            const help = /^help\s+/i.exec(typed);
            const start = help ? help[0].length : 0;
            const word = typed.slice(start).toUpperCase();
            const pool = help ? [...this.commands, ...[...this.groups].map((g) => `@${g}`)] : this.commands;
            const matches = pool.filter((c) => c.toUpperCase().startsWith(word)).map((c) => typed.slice(0, start) + c);
            if (!matches.length) return;
            this.completion = { options: [...matches, typed], index: -1 };
        }
        const c = this.completion;
        c.index = (c.index + 1) % c.options.length;
        this.input.value = c.options[c.index];
    }

    /** Runs a typed line as redis-cli's REPL does. */
    async run(line) {
        this.print(this.promptText() + line, "entry");
        this.#remember(line);
        const argv = splitArgs(line);
        if (argv === null) {
            this.print("Invalid argument(s)");
            return;
        }
        if (!argv.length) return;
        const words = argv.map(decodeText);
        const name = words[0].toLowerCase();
        if (name === "quit" || name === "exit") {
            this.print("(the playground has no connection to close: reload the page to start over)", "note");
            return;
        }
        if (argv.length === 1 && name === "clear") {
            this.output.replaceChildren();
            return;
        }
        let repeat = 1;
        if (argv.length > 1 && /^\s*[+-]?\d+$/.test(words[0])) {
            repeat = Number(words[0]);
            if (!(repeat > 0) || !Number.isSafeInteger(repeat)) {
                this.print("Invalid redis-cli repeat command option value.");
                return;
            }
            argv.shift();
            words.shift();
        }
        this.#setBusy(true);
        try {
            for (let i = 0; i < repeat; i++) await this.#send(argv, words);
        } catch (e) {
            this.print(`(error) ${e.message}`);
        } finally {
            this.#setBusy(false);
            if (this.onCommand) this.onCommand(this);
        }
    }

    async #send(argv, words) {
        const name = words[0].toLowerCase();
        if (name === "help" || name === "?") {
            this.print(this.help(words.slice(1)));
            return;
        }
        const subscribing = SUBSCRIBE.has(name);
        if (subscribing) this.print("Reading messages... (press Ctrl-C to quit)");
        this.blocked = true;
        let bytes;
        try {
            bytes = await this.conn.sendCommand(argv);
        } finally {
            this.blocked = false;
        }
        const replies = parseReplies(bytes);
        const raw = printsRaw(words);
        let failed = false;
        for (const r of replies) {
            if (r.type === "error") failed = true;
            this.print(raw ? formatRaw(r) : formatTTY(r), r.type === "push" ? "push" : "reply");
        }
        const ok = !failed && replies.length > 0;
        const argc = argv.length;
        // What redis-cli's cliSendCommand tracks after a reply.
        if (name === "select" && argc === 2 && ok) this.db = parseInt(words[1], 10) || 0;
        else if (name === "multi" && argc === 1 && ok) {
            this.inMulti = true;
            this.preMultiDb = this.db;
        } else if (name === "exec" && argc === 1 && this.inMulti) {
            this.inMulti = false;
            if (failed || replies[0].type === "nil") this.db = this.preMultiDb;
        } else if (name === "discard" && argc === 1 && ok) {
            this.inMulti = false;
            this.db = this.preMultiDb;
        } else if (name === "reset" && argc === 1 && ok) {
            this.inMulti = false;
            this.db = 0;
        }
        if (subscribing && ok) {
            this.pubsub = true;
            this.root.dataset.pubsub = "1";
            // Stays busy (no prompt) until Ctrl-C, as redis-cli.
            await new Promise((resolve) => {
                this.leavePubsub = resolve;
            });
        }
    }

    /** Messages and pushes that arrive outside a command (Pub/Sub, RESP3 invalidations). */
    #pushed(bytes) {
        for (const r of parseReplies(bytes)) this.print(this.pubsub ? formatTTY(r) : formatPush(r), "push");
    }

    /** Ctrl-C: leaves Pub/Sub mode or a blocked command; otherwise drops the line. */
    async #interrupt() {
        if (this.pubsub) {
            this.pubsub = false;
            this.root.dataset.pubsub = "";
            // Unsubscribed quietly: redis-cli would close its connection here.
            for (const c of ["UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE"]) await this.conn.sendCommand([c]);
            this.print("^C", "note");
            const leave = this.leavePubsub;
            this.leavePubsub = null;
            if (leave) leave();
        } else if (this.blocked) {
            this.print("^C", "note");
            await this.meta.sendCommand(["CLIENT", "UNBLOCK", String(this.clientId)]);
        } else if (!this.busy) {
            this.print(this.promptText() + this.input.value + "^C", "entry");
            this.input.value = "";
        }
    }

    /** HELP, HELP <command> [subcommand], HELP @group: from COMMAND INFO and COMMAND DOCS. */
    help(topic) {
        if (!topic.length) {
            return [
                "Spinel playground (redis-cli in the page)",
                "To get help about commands type:",
                '      "help @<group>" to get a list of commands in <group>',
                '      "help <command>" for help on <command>',
                '      "help <tab>" to get a list of possible help topics',
                '      "clear" to clear the screen (or Ctrl-L)',
                "Ctrl-C leaves Pub/Sub mode and unblocks a blocking command.",
                `${this.commands.length} commands, from the engine's COMMAND table.`,
            ].join("\n");
        }
        if (topic[0].startsWith("@")) {
            const group = topic[0].slice(1).toLowerCase();
            const names = [...this.docs.entries()]
                .filter(([, f]) => { const g = field(f, "group"); return g && decodeText(g.bytes) === group; })
                .map(([n]) => this.#usage(n));
            return names.length ? names.sort().map((u) => `  ${u}`).join("\n") : `No commands in group @${group}`;
        }
        const first = topic[0].toLowerCase();
        const full = topic.length > 1 && this.info.has(`${first}|${topic[1].toLowerCase()}`) ? `${first}|${topic[1].toLowerCase()}` : first;
        const info = this.info.get(full);
        if (!info) return `No help for ${topic.join(" ")}`;
        const [, arity, flags, firstKey, lastKey, step, acl, tips, keySpecs, subs] = info.items;
        const docs = this.docs.get(full) || [];
        const out = ["", `  ${this.#usage(full)}`];
        const summary = field(docs, "summary");
        if (summary) out.push(`  summary: ${decodeText(summary.bytes)}`);
        for (const k of ["since", "group", "complexity", "deprecated_since", "replaced_by"]) {
            const v = field(docs, k);
            if (v) out.push(`  ${k.replace("_", " ")}: ${decodeText(v.bytes)}`);
        }
        out.push(`  arity: ${arity.str}`);
        out.push(`  flags: ${flags.items.map((f) => f.str).join(", ") || "(none)"}`);
        out.push(`  ACL categories: ${acl.items.map((f) => f.str).join(", ") || "(none)"}`);
        out.push(`  keys: first ${firstKey.str}, last ${lastKey.str}, step ${step.str}`);
        if (tips && tips.items.length) out.push(`  tips: ${tips.items.map((t) => plain(t)).join(", ")}`);
        if (keySpecs) keySpecs.items.forEach((spec, i) => out.push(`  key spec ${i + 1}: ${specText(spec, true)}`));
        if (subs && subs.items.length) {
            out.push(`  subcommands: ${subs.items.map((s) => decodeText(s.items[0].bytes).split("|")[1].toUpperCase()).join(", ")}`);
        }
        return out.join("\n") + "\n";
    }

    /** "GET key": the arguments from COMMAND DOCS, or as redis-cli guesses them from the arity. */
    #usage(full) {
        const name = full.replace("|", " ").toUpperCase();
        const args = field(this.docs.get(full) || [], "arguments");
        if (args) return `${name} ${args.items.map(argumentText).join(" ")}`.trim();
        const info = this.info.get(full);
        if (!info) return name;
        const arity = Number(info.items[1].str);
        let n = Math.abs(arity) - (full.includes("|") ? 2 : 1);
        const params = [];
        if (info.items[3].str === "1" && n > 0) {
            params.push("key");
            n--;
        }
        while (n-- > 0) params.push("arg");
        if (arity < 0) params.push("...options...");
        return `${name} ${params.join(" ")}`.trim();
    }
}

/** The value of `key` in a COMMAND DOCS field list [k, v, k, v, ...]. */
function field(pairs, key) {
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i].type === "bulk" && decodeText(pairs[i].bytes) === key) return pairs[i + 1];
    return null;
}

/** An argument of COMMAND DOCS as redis-cli's cliAddArgument writes it. */
function argumentText(arg) {
    const f = arg.items;
    const get = (k) => field(f, k);
    const s = (k) => (get(k) ? plain(get(k)) : null);
    const type = s("type");
    const flags = get("flags") ? get("flags").items.map(plain) : [];
    const token = s("token");
    const tokenPart = token === null ? "" : token === "" ? '""' : token;
    let repeat = "";
    if (type === "oneof") repeat = get("arguments").items.map(argumentText).join("|");
    else if (type === "block") repeat = get("arguments").items.map(argumentText).join(" ");
    else if (type !== "pure-token") repeat = s("name") || '""';
    let out = tokenPart && type !== "pure-token" ? `${tokenPart} ${repeat}` : tokenPart + repeat;
    if (flags.includes("multiple")) out += ` [${flags.includes("multiple_token") && tokenPart ? `${tokenPart} ` : ""}${repeat} ...]`;
    return flags.includes("optional") ? `[${out}]` : out;
}

/** A key spec of COMMAND INFO on one line: "flags: RO access, begin_search: {type: index, ...}". */
function specText(node, top = false) {
    if (!node.items) return String(plain(node));
    const items = node.items;
    const isMap = node.type === "map" || (items.length % 2 === 0 && items.every((x, i) => i % 2 || x.type === "bulk"));
    if (!isMap || !items.length) return items.map((x) => specText(x)).join(" ");
    const parts = [];
    for (let i = 0; i < items.length; i += 2) parts.push(`${plain(items[i])}: ${specText(items[i + 1])}`);
    return top ? parts.join(", ") : `{${parts.join(", ")}}`;
}

function loadHistory() {
    try {
        const h = JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]");
        return Array.isArray(h) ? h.filter((l) => typeof l === "string") : [];
    } catch {
        return [];
    }
}
