// The package under the local Workers runtime (miniflare driving workerd, offline, on
// 127.0.0.1): a Worker with Workers KV storage and a Durable Object with its own storage
// write keys of every type with TTLs; after a restart of the runtime the data is still there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
// The modules a bundler (wrangler) would collect: the package's own files, the .wasm as a
// compiled module (what `import m from "x.wasm"` gives in Workers).
const SOURCES = ["src/index.js", "src/worker.js", "src/wasm.js", "src/resp.js", "src/errors.js", "src/transforms.js",
    "src/clock.js", "src/names.js", "src/storage/chunked.js", "src/storage/memory.js", "src/storage/indexeddb.js",
    "src/storage/cloudflare-kv.js", "src/storage/durable-object.js", "dist/commands.js", "dist/wasm/spinel.js"];

function runtime(persist) {
    return new Miniflare({
        host: "127.0.0.1",
        compatibilityDate: "2025-01-01",
        modulesRoot: pkg,
        modules: [
            { type: "ESModule", path: join(pkg, "test/worker/worker.js") },
            ...SOURCES.map((f) => ({ type: "ESModule", path: join(pkg, f) })),
            { type: "CompiledWasm", path: join(pkg, "dist/wasm/spinel_bg.wasm") },
        ],
        kvNamespaces: ["CACHE"],
        durableObjects: { STORE: "Store" },
        kvPersist: join(persist, "kv"),
        durableObjectsPersist: join(persist, "do"),
    });
}

async function get(mf, path) {
    const res = await mf.dispatchFetch(`http://localhost${path}`);
    const text = await res.text();
    assert.equal(res.status, 200, text);
    return JSON.parse(text);
}

test("Workers KV and Durable Object storage keep data across a runtime restart", async () => {
    const persist = mkdtempSync(join(tmpdir(), "spinel-workers-"));
    try {
        let mf = runtime(persist);
        try {
            assert.equal(await get(mf, "/kv/write"), "written");
            assert.equal(await get(mf, "/do/write"), "written");
            for (const kind of ["kv", "do"]) {
                const r = await get(mf, `/${kind}/read`);
                assert.equal(r.count, 1, kind);
            }
        } finally {
            await mf.dispose();
        }
        mf = runtime(persist);
        try {
            for (const kind of ["kv", "do"]) {
                const r = await get(mf, `/${kind}/read`);
                assert.equal(r.str, "v", kind);
                assert.ok(r.strTtl > 900 && r.strTtl <= 1000, `${kind} ttl ${r.strTtl}`);
                assert.deepEqual(r.hash, { f: "1", g: "2" }, kind);
                assert.ok(r.hashTtl > 1900 && r.hashTtl <= 2000, `${kind} hash ttl ${r.hashTtl}`);
                assert.deepEqual(r.list, ["a", "b"], kind);
                assert.deepEqual(r.set, ["x"], kind);
                assert.equal(r.zset, 1.5, kind);
                assert.deepEqual(r.stream, ["1-1"], kind);
                // The INCR of the first run's read was stored too.
                assert.equal(r.count, 2, kind);
            }
        } finally {
            await mf.dispose();
        }
    } finally {
        rmSync(persist, { recursive: true, force: true });
    }
});
