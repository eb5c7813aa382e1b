// The package's size budget: the release .wasm, Lua included, under 600 KB gzipped (600,000
// bytes, so the figure holds in decimal and binary kilobytes alike).
// scripts/build.mjs records the figure it prints in dist/wasm-size.json.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const size = JSON.parse(readFileSync(new URL("../dist/wasm-size.json", import.meta.url), "utf8"));

test("the release wasm stays under 600 KB gzipped", { skip: size.debug && "debug build" }, () => {
    assert.ok(size.gzipped > 100 * 1024, `implausibly small: ${size.gzipped} bytes`);
    assert.ok(size.gzipped < 600_000, `gzipped wasm is ${size.gzipped} bytes, over the 600,000-byte budget`);
});
