//! Differential test of the geo commands: seeded random GEOADD/GEOSEARCH/GEORADIUS...
//! over a few keys (plus a string key for WRONGTYPE and plain ZADDs of arbitrary scores),
//! sent to spinel-server and to redis-server and compared byte for byte: scores, decoded
//! positions, distances, the members each search finds and their order (ties included).
//!
//! `SPINEL_DIFF_SEED` and `SPINEL_DIFF_COUNT` override the defaults below.

mod common;

use common::Differ;

const DEFAULT_SEED: u64 = 0x06E0_2026;
const DEFAULT_COUNT: usize = 8_000;

fn seed() -> u64 {
    std::env::var("SPINEL_DIFF_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED)
}

fn count() -> usize {
    std::env::var("SPINEL_DIFF_COUNT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_COUNT)
}

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

const GKEYS: [&str; 3] = ["g1", "g2", "{g}3"];
const STRING_KEY: &str = "gstr";
/// Centers points gather around: ordinary places, the antimeridian, near the poles' limits.
const CENTERS: [(f64, f64); 7] = [
    (13.36, 38.11),
    (-0.12, 51.5),
    (179.9, 0.0),
    (-179.95, -10.0),
    (2.35, 84.9),
    (100.0, -84.8),
    (0.0, 0.0),
];

fn member(rng: &mut Rng) -> String {
    format!("p{}", rng.below(40))
}

/// A coordinate pair near a center (or a few fixed ones, so that points coincide).
fn lonlat(rng: &mut Rng) -> (String, String) {
    if rng.chance(15) {
        let (a, b) = *rng.pick(&[
            &("13.5", "38"),
            &("-0.1", "51.5"),
            &("180", "85.05112878"),
            &("-180", "-85.05112878"),
            &("0", "0"),
        ]);
        return (a.into(), b.into());
    }
    if rng.chance(3) {
        let (a, b) = *rng.pick(&[
            &("181", "0"),
            &("0", "86"),
            &("x", "0"),
            &("0", ""),
            &("inf", "0"),
            &("-180.0000001", "0"),
        ]);
        return (a.into(), b.into());
    }
    let (cx, cy) = CENTERS[rng.below(CENTERS.len())];
    let spread = *rng.pick(&[&0.001, &0.05, &1.0, &10.0]);
    let x = (cx + (rng.unit() - 0.5) * spread).clamp(-180.0, 180.0);
    let y = (cy + (rng.unit() - 0.5) * spread).clamp(-85.05, 85.05);
    (format!("{x:.6}"), format!("{y:.6}"))
}

fn gkey(rng: &mut Rng) -> String {
    if rng.chance(5) {
        STRING_KEY.into()
    } else if rng.chance(4) {
        "gnone".into()
    } else {
        rng.pick(&GKEYS).into()
    }
}

fn radius(rng: &mut Rng) -> (String, String) {
    let r = rng.pick(&[
        "0", "1", "50", "500", "5000", "100000", "0.5", "2e4", "-1", "x", "inf",
    ]);
    let unit = rng.pick(&["m", "km", "km", "mi", "ft", "KM", "yd"]);
    (r.into(), unit.into())
}

fn options(rng: &mut Rng, cmd: &mut Vec<String>, store_ok: bool) {
    let mut opts: Vec<Vec<String>> = Vec::new();
    for o in ["WITHDIST", "WITHCOORD", "WITHHASH"] {
        if !store_ok && rng.chance(35) {
            opts.push(vec![o.into()]);
        }
    }
    if rng.chance(50) {
        opts.push(vec![rng.pick(&["ASC", "DESC", "asc", "desc"]).into()]);
    }
    if rng.chance(45) {
        let mut c = vec![
            "COUNT".to_string(),
            rng.pick(&["1", "2", "3", "5", "10", "0", "-1", "x"]).into(),
        ];
        if rng.chance(30) {
            c.push("ANY".into());
        }
        opts.push(c);
    }
    if rng.chance(3) {
        opts.push(vec![rng.pick(&["ANY", "foo", "COUNT", "STORE"]).into()]);
    }
    while !opts.is_empty() {
        let i = rng.below(opts.len());
        cmd.extend(opts.remove(i));
    }
}

fn next_command(rng: &mut Rng) -> Vec<String> {
    let s = |x: &str| x.to_string();
    let mut cmd: Vec<String> = Vec::new();
    match rng.below(20) {
        0..=5 => {
            cmd.extend([s("GEOADD"), gkey(rng)]);
            for o in ["NX", "XX", "CH"] {
                if rng.chance(8) {
                    cmd.push(s(o));
                }
            }
            for _ in 0..1 + rng.below(4) {
                let (x, y) = lonlat(rng);
                cmd.extend([x, y, member(rng)]);
            }
            if rng.chance(3) {
                cmd.pop();
            }
        }
        6 => {
            cmd.extend([s("GEOPOS"), gkey(rng)]);
            for _ in 0..1 + rng.below(3) {
                cmd.push(member(rng));
            }
        }
        7 => {
            cmd.extend([s("GEOHASH"), gkey(rng)]);
            for _ in 0..1 + rng.below(3) {
                cmd.push(member(rng));
            }
        }
        8 => {
            cmd.extend([s("GEODIST"), gkey(rng), member(rng), member(rng)]);
            if rng.chance(60) {
                cmd.push(s(rng.pick(&["m", "km", "mi", "ft", "Km", "x"])));
            }
            if rng.chance(3) {
                cmd.push(s("km"));
            }
        }
        9..=11 => {
            // GEOSEARCH / GEOSEARCHSTORE
            let store = rng.chance(25);
            if store {
                cmd.extend([s("GEOSEARCHSTORE"), gkey(rng), gkey(rng)]);
            } else {
                cmd.extend([s("GEOSEARCH"), gkey(rng)]);
            }
            let mut parts: Vec<Vec<String>> = Vec::new();
            if rng.chance(50) {
                parts.push(vec![s("FROMMEMBER"), member(rng)]);
            } else {
                let (x, y) = lonlat(rng);
                parts.push(vec![s("FROMLONLAT"), x, y]);
            }
            if rng.chance(50) {
                let (r, u) = radius(rng);
                parts.push(vec![s("BYRADIUS"), r, u]);
            } else {
                let (w, u) = radius(rng);
                let (h, _) = radius(rng);
                parts.push(vec![s("BYBOX"), w, h, u]);
            }
            if rng.chance(3) {
                parts.pop();
            }
            let mut rest = Vec::new();
            options(rng, &mut rest, store);
            if store && rng.chance(30) {
                rest.push(s("STOREDIST"));
            }
            parts.push(rest);
            while !parts.is_empty() {
                let i = rng.below(parts.len());
                cmd.extend(parts.remove(i));
            }
        }
        12..=14 => {
            // GEORADIUS[_RO]
            let ro = rng.chance(30);
            cmd.extend([s(if ro { "GEORADIUS_RO" } else { "GEORADIUS" }), gkey(rng)]);
            let (x, y) = lonlat(rng);
            let (r, u) = radius(rng);
            cmd.extend([x, y, r, u]);
            let store = !ro && rng.chance(25);
            options(rng, &mut cmd, store);
            if store {
                cmd.extend([s(rng.pick(&["STORE", "STOREDIST"])), gkey(rng)]);
            }
        }
        15 | 16 => {
            let ro = rng.chance(30);
            cmd.extend([
                s(if ro {
                    "GEORADIUSBYMEMBER_RO"
                } else {
                    "GEORADIUSBYMEMBER"
                }),
                gkey(rng),
                member(rng),
            ]);
            let (r, u) = radius(rng);
            cmd.extend([r, u]);
            let store = !ro && rng.chance(25);
            options(rng, &mut cmd, store);
            if store {
                cmd.extend([s(rng.pick(&["STORE", "STOREDIST"])), gkey(rng)]);
            }
        }
        17 => {
            // Plain sorted-set writes on geo keys: arbitrary scores decode too.
            cmd.extend([
                s("ZADD"),
                gkey(rng),
                s(rng.pick(&[
                    "-1",
                    "1.5",
                    "0",
                    "4503599627370496",
                    "1e20",
                    "inf",
                    "-inf",
                    "3471579339700058",
                ])),
                member(rng),
            ]);
        }
        18 => cmd.extend([s("ZREM"), gkey(rng), member(rng)]),
        _ => {
            let name = rng.pick(&[
                "GEOADD",
                "GEOPOS",
                "GEODIST",
                "GEOSEARCH",
                "GEORADIUS",
                "GEORADIUSBYMEMBER",
                "GEOSEARCHSTORE",
                "GEOHASH",
            ]);
            cmd.push(s(name));
            for _ in 0..rng.below(3) {
                cmd.push(gkey(rng));
            }
        }
    }
    cmd
}

fn run(label: &str, seed: u64, count: usize, resp3: bool) {
    let mut d = Differ::start(format!(
        "{label} seed={seed} count={count} (reproduce: SPINEL_DIFF_SEED={seed} SPINEL_DIFF_COUNT={count} \
         cargo test -p spinel-server --test diff_geo {label})"
    ));
    d.run_str("FLUSHALL");
    d.run(&["SET", STRING_KEY, "v"]);
    if resp3 {
        d.run_str("HELLO 3");
    }
    let mut rng = Rng::new(seed);
    for _ in 0..count {
        if rng.chance(1) {
            // Every key becomes a skiplist or a listpack now and then.
            let n = rng.pick(&["128", "3"]);
            d.run(&["CONFIG", "SET", "zset-max-listpack-entries", n]);
        }
        let cmd = next_command(&mut rng);
        d.run(&cmd);
    }
    d.run_str("CONFIG SET zset-max-listpack-entries 128");
    for key in GKEYS.iter().chain([&"gnone", &STRING_KEY]) {
        d.run(&["TYPE", key]);
        d.run(&["ZRANGE", key, "0", "-1", "WITHSCORES"]);
    }
    d.finish();
}

#[test]
fn random_geo() {
    run("random_geo", seed(), count(), false);
}

#[test]
fn random_geo_resp3() {
    run(
        "random_geo_resp3",
        seed().wrapping_add(1),
        count() / 3,
        true,
    );
}
