// Clocks: real time by default; manualClock() for tests, whose advance() drives the engines
// that use it (cron runs for every `1000/hz` ms step, so active expiry follows the clock).

export function realClock() {
    return { now: Date.now, manual: false, subscribe() {}, unsubscribe() {} };
}

/** A clock that only moves when told: `clock.advance(ms)`, `clock.set(ms)`. */
export function manualClock(startMs = Date.now()) {
    let now = startMs;
    const engines = new Set();
    return {
        manual: true,
        now: () => now,
        advance(ms) {
            if (!(ms >= 0)) throw new RangeError("manualClock.advance: ms must be >= 0");
            const end = now + ms;
            for (const e of engines) e.tickUntil(end, () => now);
            now = end;
            for (const e of engines) e.tick(now);
        },
        set(ms) {
            if (ms > now) this.advance(ms - now);
            else now = ms;
        },
        subscribe(e) {
            engines.add(e);
        },
        unsubscribe(e) {
            engines.delete(e);
        },
    };
}
