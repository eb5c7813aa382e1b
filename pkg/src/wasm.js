// Loads the engine's WebAssembly once per realm, in whatever environment we run in:
// Node (read the file next to this module), browsers and bundlers (fetch the URL),
// Workers (the worker entry hands over the module its bundler imported), or a module,
// bytes or URL the application passes to Spinel.open({ wasm }).
import init, { initSync, Core } from "../dist/wasm/spinel.js";

let loading = null;

export { Core };

export function setWasm(module) {
    if (!loading) {
        initSync({ module });
        loading = Promise.resolve();
    }
}

export function loadWasm(source) {
    if (loading) return loading;
    loading = (async () => {
        if (source) {
            await init({ module_or_path: source });
            return;
        }
        const url = new URL("../dist/wasm/spinel_bg.wasm", import.meta.url);
        if (url.protocol === "file:") {
            // Node. The module name is a variable so that bundlers for browsers and Workers
            // do not try to include Node's fs (this branch never runs there).
            const nodeFs = "node:fs/promises";
            const fs = await import(/* webpackIgnore: true */ /* @vite-ignore */ nodeFs);
            await init({ module_or_path: await fs.readFile(url) });
        } else {
            await init({ module_or_path: url });
        }
    })();
    loading.catch(() => {
        loading = null;
    });
    return loading;
}
