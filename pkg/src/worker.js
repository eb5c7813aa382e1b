// Entry for Cloudflare Workers (export conditions "workerd"/"worker"): the Workers bundler
// turns a .wasm import into a compiled WebAssembly.Module, which is instantiated here
// synchronously, so Spinel.open() does not fetch anything.
import wasmModule from "../dist/wasm/spinel_bg.wasm";
import { setWasm } from "./wasm.js";

setWasm(wasmModule);

export * from "./index.js";
