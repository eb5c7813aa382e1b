import { ReplyError } from "./resp.js";

export { ReplyError };

/** The handle (or its engine) was closed. */
export class ClientClosedError extends Error {
    constructor() {
        super("The client is closed");
        this.name = "ClientClosedError";
    }
}

/** The storage is in use by another opener (another tab, another process). */
export class StorageLockedError extends Error {
    constructor(message) {
        super(message);
        this.name = "StorageLockedError";
    }
}

/** Stored data this release cannot read (a newer format, or damage). */
export class StorageFormatError extends Error {
    constructor(message) {
        super(message);
        this.name = "StorageFormatError";
    }
}
