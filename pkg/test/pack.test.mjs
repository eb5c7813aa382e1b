// `npm pack` of the package installs into an empty Node project, where
// `import { Spinel } from "spinel"` works, Lua included (the README's example).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

test("npm pack installs into an empty project and imports as `spinel`", () => {
    const dir = mkdtempSync(join(tmpdir(), "spinel-pack-"));
    try {
        const out = execFileSync(npm, ["pack", "--json", "--pack-destination", dir], { cwd: pkg, encoding: "utf8" });
        const [info] = JSON.parse(out);
        const files = info.files.map((f) => f.path);
        for (const f of ["package.json", "src/index.js", "src/index.d.ts", "src/worker.js", "dist/wasm/spinel_bg.wasm", "dist/commands.js"]) {
            assert.ok(files.includes(f), `${f} is in the package`);
        }
        assert.ok(!files.some((f) => f.startsWith("test/") || f.startsWith("node_modules/")));
        const app = join(dir, "app");
        execFileSync("mkdir", [app]);
        writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
        execFileSync(npm, ["install", "--no-audit", "--no-fund", "--offline", join(dir, info.filename)], { cwd: app, stdio: "pipe" });
        writeFileSync(join(app, "main.js"), `
import { Spinel } from "spinel";
const db = await Spinel.open();
await db.set("k", "v");
console.log(JSON.stringify([
    await db.get("k"),
    await db.sendCommand(["INCR", "n"]),
    await db.sendCommand(["INCR", "n"]),
    await db.eval("return redis.call('GET', KEYS[1])", { keys: ["k"] }),
]));
await db.close();
`);
        const printed = execFileSync(process.execPath, ["main.js"], { cwd: app, encoding: "utf8" });
        assert.deepEqual(JSON.parse(printed), ["v", 1, 2, "v"]);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
