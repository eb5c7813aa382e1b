// The TypeScript declarations compile, and catch a wrongly typed use.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync, readFileSync, mkdtempSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const tsc = join(pkg, "node_modules", "typescript", "bin", "tsc");

test("index.d.ts types node-redis style usage", () => {
    execFileSync(process.execPath, [tsc, "-p", join(pkg, "test", "types", "tsconfig.json")], { cwd: pkg, stdio: "pipe" });
});

test("a reply used as the wrong type does not compile", () => {
    const dir = mkdtempSync(join(pkg, "test", "types", "tmp-"));
    try {
        const bad = readFileSync(join(pkg, "test", "types", "usage.ts"), "utf8")
            .replace('"../../src/index.js"', '"../../../src/index.js"')
            .replace("const v: string | null = await db.get", "const v: number = await db.get");
        writeFileSync(join(dir, "usage.ts"), bad);
        writeFileSync(join(dir, "tsconfig.json"), readFileSync(join(pkg, "test", "types", "tsconfig.json")));
        assert.throws(() => execFileSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")], { cwd: pkg, stdio: "pipe" }),
            (e) => /TS2322/.test(String(e.stdout)));
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
