// Compiled by test/types.test.mjs with `tsc --strict`: the declarations accept node-redis
// style calls and give their replies' types.
import { Spinel, manualClock, memory, ReplyError, GeoReplyWith, type StorageAdapter } from "../../src/index.js";
import { restHandler, authorized, type RestHandler } from "../../src/rest.js";

export async function usage(): Promise<unknown[]> {
    const clock = manualClock();
    const storage: StorageAdapter = memory();
    const db = await Spinel.open({ storage, clock, durability: "batched", config: { hz: 50 } });
    const v: string | null = await db.get("k");
    const ok: string | null = await db.set("k", "v", { EX: 10, NX: true });
    const h: Record<string, string> = await db.hGetAll("h");
    const z = await db.zRangeWithScores("z", 0, -1);
    const score: number = z[0].score;
    const len = await db.lLen("l"); // generated from the command table
    const id = await db.XADD("s", "*", "f", "v");
    const replies = await db.multi().set("a", "1").incr("a").hSet("h", { a: 1 }).exec();
    const popped = await db.duplicate().blPop(["q"], 0);
    const element: string | undefined = popped?.element;
    clock.advance(10);
    const sync = db.sendCommandSync(["GET", "k"]);
    const sha: string = await db.scriptLoad("return 1");
    const evaluated = await db.eval("return redis.call('GET', KEYS[1])", { keys: ["k"], arguments: ["x", 1] });
    const called = await db.fCall("f", { keys: ["k"] });
    const lib: string = await db.functionLoad("#!lua name=l", { REPLACE: true });
    const pos: number | null = await db.lPos("l", "a", { RANK: -1 });
    const mpop = await db.zmPop(["z", "z2"], "MIN", { COUNT: 2 });
    const firstScore: number | undefined = mpop?.elements[0].score;
    const near = await db.geoSearchWith("g", { longitude: 15, latitude: 37 }, { radius: 200, unit: "km" }, [GeoReplyWith.DISTANCE], { SORT: "ASC" });
    const distance: string | undefined = near[0].distance;
    const groups = await db.xInfoGroups("s");
    const copied: boolean = await db.copy("a", "b", { replace: true });
    const queued = await db.multi().lPopCount("l", 2).zPopMinCount("z", 1).geoAdd("g", { longitude: 1, latitude: 2, member: "m" }).exec();
    try {
        await db.incr("k");
    } catch (e) {
        if (e instanceof ReplyError) console.log(e.message);
    }
    const rest: RestHandler = restHandler(db, { token: "secret", maxBodyBytes: 65536 });
    const request = new Request("http://localhost/get/k", { headers: { authorization: "Bearer secret" } });
    const answered: Response = await rest(request);
    const allowed: boolean = authorized(request, "secret");
    await db.flush();
    await db.close();
    return [answered, allowed, v, ok, h, score, len, id, replies, element, sync, sha, evaluated, called, lib, pos, firstScore, distance, groups, copied, queued];
}
