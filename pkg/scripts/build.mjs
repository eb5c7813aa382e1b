// `npm run build`: everything the package ships, from the Rust sources.
//   1. cargo builds crates/spinel-wasm for wasm32-unknown-unknown (profile wasm-release);
//   2. wasm-opt (Debian's binaryen) optimises cargo's output for size (-Oz; cargo's profile
//      already chose speed or size per crate, see the root Cargo.toml), BEFORE wasm-bindgen:
//      binaryen 108 run after wasm-bindgen rewires the table export and the module no longer loads;
//   3. wasm-bindgen (pinned to the crate's version, see scripts/setup.sh) writes dist/wasm/;
//   4. the command table is read from the engine (COMMAND) into dist/commands.js + .d.ts,
//      so every command gets a camelCase method;
//   5. prints the gzipped .wasm size (budget: under 600 KB, Lua included).
// Environment: SPINEL_WASM_DEBUG=1 builds the debug profile (panic hook, no wasm-opt).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { generateCommands } from "./gen-commands.mjs";

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(pkg);
const debug = process.env.SPINEL_WASM_DEBUG === "1";

// wasm-bindgen from scripts/setup.sh's tool cache (the version Cargo.lock pins), if present.
const wbVersion = /name = "wasm-bindgen"\nversion = "([^"]+)"/.exec(readFileSync(join(root, "Cargo.lock"), "utf8"))?.[1];
const toolsDir = process.env.SPINEL_TOOLS_DIR || join(process.env.HOME || join(root, "target"), ".cache", "spinel", "tools");
const wbBin = join(toolsDir, `wasm-bindgen-${wbVersion}`, "bin");
if (wbVersion && existsSync(wbBin)) process.env.PATH = `${wbBin}:${process.env.PATH}`;
const profile = debug ? "dev" : "wasm-release";
const targetDir = process.env.CARGO_TARGET_DIR || join(root, "target");
const run = (cmd, args) => execFileSync(cmd, args, { stdio: "inherit", cwd: root });

run("cargo", ["build", "-p", "spinel-wasm", "--target", "wasm32-unknown-unknown", "--profile", profile]);
const built = join(targetDir, "wasm32-unknown-unknown", debug ? "debug" : "wasm-release", "spinel_wasm.wasm");
let input = built;
if (!debug) {
    input = built.replace(/\.wasm$/, ".opt.wasm");
    // The features rustc enables by default for wasm32-unknown-unknown.
    run("wasm-opt", ["-Oz", "--strip-debug", "--strip-producers",
        "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
        "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue",
        built, "-o", input]);
}
const out = join(pkg, "dist", "wasm");
mkdirSync(out, { recursive: true });
run("wasm-bindgen", ["--target", "web", ...(debug ? [] : ["--remove-name-section"]), "--out-dir", out, "--out-name", "spinel", input]);

const wasm = readFileSync(join(out, "spinel_bg.wasm"));
const gz = gzipSync(wasm, { level: 9 }).length;
await generateCommands(pkg, wasm);
const kb = (n) => (n / 1024).toFixed(0) + " KB";
console.log(`spinel wasm: ${kb(wasm.length)}, gzipped ${kb(gz)} (${debug ? "debug" : "release"})`);
writeFileSync(join(pkg, "dist", "wasm-size.json"), JSON.stringify({ bytes: wasm.length, gzipped: gz, debug }) + "\n");
