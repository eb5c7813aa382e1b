// Debian's Chromium driven by playwright-core, for the browser tests (browser.test.mjs,
// playground.test.mjs).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

/**
 * Headless Chromium with a persistent profile in a fresh temporary directory (IndexedDB and
 * localStorage outlive a page reload, as in a real browser): `{ browser, profile }`; the
 * caller closes the browser and removes the profile.
 */
export async function launchChromium(prefix) {
    const { chromium } = await import("playwright-core");
    const profile = mkdtempSync(join(tmpdir(), prefix));
    const browser = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"],
    });
    return { browser, profile };
}
