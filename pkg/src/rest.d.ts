// Upstash's Redis REST API over a Spinel engine (src/rest.js).
import type { Spinel } from "./index.js";

export interface RestHandlerOptions {
    /**
     * The bearer token every request must carry (`Authorization: Bearer <token>` or
     * `?_token=<token>`). Required; `false` only when the caller authenticates requests itself.
     */
    token: string | false;
    /**
     * Optional second token: its requests run as an ACL user allowed read commands only
     * (`+@read -@dangerous`, PING, ECHO); writes get Redis's NOPERM error.
     */
    readOnlyToken?: string;
    /** The largest request body accepted, in bytes (default 1 MiB; larger bodies get HTTP 413). */
    maxBodyBytes?: number;
}

/** A fetch-style handler: `POST /`, path-style commands, `/pipeline`, `/multi-exec`. */
export type RestHandler = (request: Request) => Promise<Response>;

/** The REST handler over `db` (a handle from `Spinel.open`). */
export function restHandler(db: Spinel, options: RestHandlerOptions): RestHandler;

/** True if the request carries `token` (header or `?_token=`), compared in constant time. */
export function authorized(request: Request, token: string | undefined | null): boolean;

/** The token a request carries, or null. */
export function requestToken(request: Request, url?: URL): string | null;

/** Upstash's 401 answer: `{"error": "WRONGPASS invalid or missing auth token"}`. */
export function unauthorized(): Response;

/** Standard base64 of bytes. */
export function base64(bytes: Uint8Array): string;
