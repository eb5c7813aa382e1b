// Serves the playground on 127.0.0.1 (Node's http only): www/ at /, and the package files
// it loads (pkg/src, pkg/dist) at /pkg/.
//   node www/serve.mjs [port]        (default 8080; 0 picks a free port)
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const WWW = dirname(fileURLToPath(import.meta.url));
const PKG = join(WWW, "..", "pkg");
const TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".ts": "text/plain; charset=utf-8",
};

/** The file a URL path names, or null if it is outside what is served. */
function fileOf(pathname) {
    const path = normalize(decodeURIComponent(pathname)).replace(/^[/\\]+/, "");
    if (path.split(sep).includes("..")) return null;
    if (path.startsWith(`pkg${sep}`)) {
        const rest = path.slice(4);
        if (!rest.startsWith(`src${sep}`) && !rest.startsWith(`dist${sep}`)) return null;
        return join(PKG, rest);
    }
    return join(WWW, path === "" ? "index.html" : path);
}

/** Starts the server; resolves with it and its base URL. */
export function serve({ port = 8080, host = "127.0.0.1" } = {}) {
    const server = createServer(async (req, res) => {
        let file;
        try {
            file = fileOf(new URL(req.url, "http://x").pathname);
        } catch {
            file = null;
        }
        if (!file || (req.method !== "GET" && req.method !== "HEAD")) {
            res.writeHead(file ? 405 : 404).end();
            return;
        }
        try {
            const body = await readFile(file);
            res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream", "cache-control": "no-cache" });
            res.end(req.method === "HEAD" ? undefined : body);
        } catch {
            res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
        }
    });
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve({ server, url: `http://${host}:${server.address().port}/` }));
    });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
    const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
    const { url } = await serve({ port });
    console.log(`Spinel playground: ${url}`);
}
