//! Geospatial commands, as Redis 7.0's geo.c, geohash.c and geohash_helper.c: GEOADD,
//! GEODIST, GEOHASH, GEOPOS, GEOSEARCH/GEOSEARCHSTORE and the older GEORADIUS family.
//!
//! A geo index is a sorted set whose scores are 52-bit interleaved geohashes (26 bits of
//! longitude over [-180, 180] and 26 of latitude over [-85.05112878, 85.05112878]). Every
//! step of Redis is reproduced with the same floating-point operations, so scores, decoded
//! positions (`%.17Lf` then trimmed), distances (`%.4f`), the 9 geohash boxes a search
//! scans, the order of ties (glibc's stable `qsort`, Redis's `pqsort` for `COUNT`) and the
//! stored results match redis-server to the last digit. The trigonometry comes from the
//! platform's libm when the `std` feature is on (as for redis-server), from the `libm`
//! crate otherwise (a last-bit difference is then possible, very rarely visible).
//!
//! GEOADD runs ZADD on a rewritten argument vector and is propagated as that `zadd`.

use super::keys::opt_eq;
use super::zsets::{
    delete_key, sort_by_score, store_zset, zadd_argv, zset_at, zset_for_result,
};
use super::{CommandSpec, Ctx, NOT_INTEGER, SYNTAX, WRONGTYPE};
use crate::engine::Engine;
use crate::num::parse_f64;
use crate::resp::writer::Reply;
use crate::types::zset::{ScoreRange, ZSet};
use crate::value::Value;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::acl as a;
use super::flags as f;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new(
        "geoadd",
        -5,
        f::WRITE | f::DENYOOM,
        a::WRITE | a::GEO | a::SLOW,
        geoadd_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "geodist",
        -4,
        f::READONLY,
        a::READ | a::GEO | a::SLOW,
        geodist_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "geohash",
        -2,
        f::READONLY,
        a::READ | a::GEO | a::SLOW,
        geohash_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "geopos",
        -2,
        f::READONLY,
        a::READ | a::GEO | a::SLOW,
        geopos_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "georadius",
        -6,
        f::WRITE | f::DENYOOM,
        a::WRITE | a::GEO | a::SLOW,
        georadius_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "georadius_ro",
        -6,
        f::READONLY,
        a::READ | a::GEO | a::SLOW,
        georadius_ro_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "georadiusbymember",
        -5,
        f::WRITE | f::DENYOOM,
        a::WRITE | a::GEO | a::SLOW,
        georadiusbymember_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "georadiusbymember_ro",
        -5,
        f::READONLY,
        a::READ | a::GEO | a::SLOW,
        georadiusbymember_ro_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "geosearch",
        -7,
        f::READONLY,
        a::READ | a::GEO | a::SLOW,
        geosearch_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "geosearchstore",
        -8,
        f::WRITE | f::DENYOOM,
        a::WRITE | a::GEO | a::SLOW,
        geosearchstore_command,
    )
    .keys(1, 2, 1),
];

// ----- floating-point math: the platform's libm when there is one -------------------------------

mod m {
    #[cfg(feature = "std")]
    mod imp {
        #[inline]
        pub fn sin(x: f64) -> f64 {
            x.sin()
        }
        #[inline]
        pub fn cos(x: f64) -> f64 {
            x.cos()
        }
        #[inline]
        pub fn asin(x: f64) -> f64 {
            x.asin()
        }
        #[inline]
        pub fn sqrt(x: f64) -> f64 {
            x.sqrt()
        }
    }
    #[cfg(not(feature = "std"))]
    mod imp {
        pub use libm::{asin, cos, sin, sqrt};
    }
    pub use imp::*;
}

// ----- geohash (geohash.c) ----------------------------------------------------------------------

const GEO_STEP_MAX: u8 = 26;
const GEO_LAT_MIN: f64 = -85.05112878;
const GEO_LAT_MAX: f64 = 85.05112878;
const GEO_LONG_MIN: f64 = -180.0;
const GEO_LONG_MAX: f64 = 180.0;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Range {
    min: f64,
    max: f64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct HashBits {
    bits: u64,
    step: u8,
}

impl HashBits {
    fn is_zero(&self) -> bool {
        self.bits == 0 && self.step == 0
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Area {
    longitude: Range,
    latitude: Range,
}

const LONG_RANGE: Range = Range {
    min: GEO_LONG_MIN,
    max: GEO_LONG_MAX,
};
const LAT_RANGE: Range = Range {
    min: GEO_LAT_MIN,
    max: GEO_LAT_MAX,
};

fn interleave64(xlo: u32, ylo: u32) -> u64 {
    const B: [u64; 5] = [
        0x5555555555555555,
        0x3333333333333333,
        0x0F0F0F0F0F0F0F0F,
        0x00FF00FF00FF00FF,
        0x0000FFFF0000FFFF,
    ];
    const S: [u32; 5] = [1, 2, 4, 8, 16];
    let mut x = xlo as u64;
    let mut y = ylo as u64;
    for i in (0..5).rev() {
        x = (x | (x << S[i])) & B[i];
        y = (y | (y << S[i])) & B[i];
    }
    x | (y << 1)
}

fn deinterleave64(interleaved: u64) -> u64 {
    const B: [u64; 6] = [
        0x5555555555555555,
        0x3333333333333333,
        0x0F0F0F0F0F0F0F0F,
        0x00FF00FF00FF00FF,
        0x0000FFFF0000FFFF,
        0x00000000FFFFFFFF,
    ];
    const S: [u32; 6] = [0, 1, 2, 4, 8, 16];
    let mut x = interleaved;
    let mut y = interleaved >> 1;
    for i in 0..6 {
        x = (x | (x >> S[i])) & B[i];
        y = (y | (y >> S[i])) & B[i];
    }
    x | (y << 32)
}

/// C's `(uint32_t)d` for the non-negative, in-range values geohashEncode produces.
#[inline]
fn to_u32(d: f64) -> u32 {
    d as u32
}

// Range checks written as in C, so that NaN compares as it does there.
#[allow(clippy::manual_range_contains)]
fn geohash_encode(
    long_range: &Range,
    lat_range: &Range,
    longitude: f64,
    latitude: f64,
    step: u8,
) -> Option<HashBits> {
    if step > 32
        || step == 0
        || (lat_range.max == 0.0 && lat_range.min == 0.0)
        || (long_range.max == 0.0 && long_range.min == 0.0)
    {
        return None;
    }
    if longitude > GEO_LONG_MAX
        || longitude < GEO_LONG_MIN
        || latitude > GEO_LAT_MAX
        || latitude < GEO_LAT_MIN
    {
        return None;
    }
    if latitude < lat_range.min
        || latitude > lat_range.max
        || longitude < long_range.min
        || longitude > long_range.max
    {
        return None;
    }
    let mut lat_offset = (latitude - lat_range.min) / (lat_range.max - lat_range.min);
    let mut long_offset = (longitude - long_range.min) / (long_range.max - long_range.min);
    let scale = (1u64 << step) as f64;
    lat_offset *= scale;
    long_offset *= scale;
    Some(HashBits {
        bits: interleave64(to_u32(lat_offset), to_u32(long_offset)),
        step,
    })
}

fn geohash_decode(long_range: Range, lat_range: Range, hash: HashBits) -> Option<Area> {
    if hash.is_zero()
        || (lat_range.max == 0.0 && lat_range.min == 0.0)
        || (long_range.max == 0.0 && long_range.min == 0.0)
    {
        return None;
    }
    let step = hash.step;
    let hash_sep = deinterleave64(hash.bits);
    let lat_scale = lat_range.max - lat_range.min;
    let long_scale = long_range.max - long_range.min;
    let ilato = hash_sep as u32;
    let ilono = (hash_sep >> 32) as u32;
    let div = (1u64 << step) as f64;
    Some(Area {
        latitude: Range {
            min: lat_range.min + (ilato as f64 * 1.0 / div) * lat_scale,
            max: lat_range.min + (ilato.wrapping_add(1) as f64 * 1.0 / div) * lat_scale,
        },
        longitude: Range {
            min: long_range.min + (ilono as f64 * 1.0 / div) * long_scale,
            max: long_range.min + (ilono.wrapping_add(1) as f64 * 1.0 / div) * long_scale,
        },
    })
}

fn area_to_lonlat(area: &Area) -> [f64; 2] {
    let mut x = (area.longitude.min + area.longitude.max) / 2.0;
    x = x.clamp(GEO_LONG_MIN, GEO_LONG_MAX);
    let mut y = (area.latitude.min + area.latitude.max) / 2.0;
    y = y.clamp(GEO_LAT_MIN, GEO_LAT_MAX);
    [x, y]
}

/// C's `(uint64_t)d` as gcc compiles it on x86-64 (any score can reach the decoder).
#[allow(clippy::manual_range_contains)]
fn double_to_u64(d: f64) -> u64 {
    const TWO63: f64 = 9_223_372_036_854_775_808.0;
    let cvt = |v: f64| -> u64 {
        // cvttsd2si: out of range or NaN gives the "integer indefinite" value.
        if v.is_nan() || v >= TWO63 || v < -TWO63 {
            0x8000_0000_0000_0000
        } else {
            (v as i64) as u64
        }
    };
    if d < TWO63 {
        cvt(d)
    } else {
        cvt(d - TWO63) ^ 0x8000_0000_0000_0000
    }
}

/// Redis's `decodeGeohash`: a score (as step-26 bits) to longitude and latitude.
fn decode_score(score: f64) -> Option<[f64; 2]> {
    let hash = HashBits {
        bits: double_to_u64(score),
        step: GEO_STEP_MAX,
    };
    geohash_decode(LONG_RANGE, LAT_RANGE, hash).map(|a| area_to_lonlat(&a))
}

fn move_x(hash: &mut HashBits, d: i8) {
    if d == 0 {
        return;
    }
    let mut x = hash.bits & 0xaaaaaaaaaaaaaaaa;
    let y = hash.bits & 0x5555555555555555;
    let zz = 0x5555555555555555u64 >> (64 - hash.step as u32 * 2);
    if d > 0 {
        x = x.wrapping_add(zz.wrapping_add(1));
    } else {
        x |= zz;
        x = x.wrapping_sub(zz.wrapping_add(1));
    }
    x &= 0xaaaaaaaaaaaaaaaau64 >> (64 - hash.step as u32 * 2);
    hash.bits = x | y;
}

fn move_y(hash: &mut HashBits, d: i8) {
    if d == 0 {
        return;
    }
    let x = hash.bits & 0xaaaaaaaaaaaaaaaa;
    let mut y = hash.bits & 0x5555555555555555;
    let zz = 0xaaaaaaaaaaaaaaaau64 >> (64 - hash.step as u32 * 2);
    if d > 0 {
        y = y.wrapping_add(zz.wrapping_add(1));
    } else {
        y |= zz;
        y = y.wrapping_sub(zz.wrapping_add(1));
    }
    y &= 0x5555555555555555u64 >> (64 - hash.step as u32 * 2);
    hash.bits = x | y;
}

/// The 8 neighbours, in Redis's `GeoHashNeighbors` field order:
/// north, south, east, west, north_east, north_west, south_east, south_west.
#[derive(Clone, Copy, Default)]
struct Neighbors {
    north: HashBits,
    south: HashBits,
    east: HashBits,
    west: HashBits,
    north_east: HashBits,
    north_west: HashBits,
    south_east: HashBits,
    south_west: HashBits,
}

fn neighbors(hash: &HashBits) -> Neighbors {
    let moved = |dx: i8, dy: i8| {
        let mut h = *hash;
        move_x(&mut h, dx);
        move_y(&mut h, dy);
        h
    };
    Neighbors {
        east: moved(1, 0),
        west: moved(-1, 0),
        south: moved(0, -1),
        north: moved(0, 1),
        north_west: moved(-1, 1),
        north_east: moved(1, 1),
        south_east: moved(1, -1),
        south_west: moved(-1, -1),
    }
}

// ----- geohash_helper.c -------------------------------------------------------------------------

const D_R: f64 = core::f64::consts::PI / 180.0;
const EARTH_RADIUS_IN_METERS: f64 = 6372797.560856;
const MERCATOR_MAX: f64 = 20037726.37;

#[inline]
fn deg_rad(ang: f64) -> f64 {
    ang * D_R
}

#[inline]
fn rad_deg(ang: f64) -> f64 {
    ang / D_R
}

fn estimate_steps_by_radius(range_meters: f64, lat: f64) -> u8 {
    if range_meters == 0.0 {
        return 26;
    }
    let mut range_meters = range_meters;
    let mut step: i32 = 1;
    while range_meters < MERCATOR_MAX {
        range_meters *= 2.0;
        step += 1;
    }
    step -= 2;
    if !(-66.0..=66.0).contains(&lat) {
        step -= 1;
        if !(-80.0..=80.0).contains(&lat) {
            step -= 1;
        }
    }
    step.clamp(1, 26) as u8
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum ShapeKind {
    Circle { radius: f64 },
    Rect { width: f64, height: f64 },
}

#[derive(Clone, Copy, Debug)]
struct Shape {
    kind: ShapeKind,
    xy: [f64; 2],
    /// Meters per unit.
    conversion: f64,
}

fn bounding_box(shape: &Shape) -> [f64; 4] {
    let longitude = shape.xy[0];
    let latitude = shape.xy[1];
    let (height, width) = match shape.kind {
        ShapeKind::Circle { radius } => (shape.conversion * radius, shape.conversion * radius),
        ShapeKind::Rect { width, height } => (
            shape.conversion * (height / 2.0),
            shape.conversion * (width / 2.0),
        ),
    };
    let lat_delta = rad_deg(height / EARTH_RADIUS_IN_METERS);
    let long_delta_top =
        rad_deg(width / EARTH_RADIUS_IN_METERS / m::cos(deg_rad(latitude + lat_delta)));
    let long_delta_bottom =
        rad_deg(width / EARTH_RADIUS_IN_METERS / m::cos(deg_rad(latitude - lat_delta)));
    let southern = latitude < 0.0;
    [
        if southern {
            longitude - long_delta_bottom
        } else {
            longitude - long_delta_top
        },
        latitude - lat_delta,
        if southern {
            longitude + long_delta_bottom
        } else {
            longitude + long_delta_top
        },
        latitude + lat_delta,
    ]
}

/// Redis's `geohashCalculateAreasByShapeWGS84`: the center box and its 8 neighbours (some
/// zeroed when outside the bounding box).
fn areas_by_shape(shape: &Shape) -> (HashBits, Neighbors) {
    let [min_lon, min_lat, max_lon, max_lat] = bounding_box(shape);
    let (longitude, latitude) = (shape.xy[0], shape.xy[1]);
    let radius_meters = match shape.kind {
        ShapeKind::Circle { radius } => radius,
        ShapeKind::Rect { width, height } => {
            m::sqrt((width / 2.0) * (width / 2.0) + (height / 2.0) * (height / 2.0))
        }
    } * shape.conversion;
    let mut steps = estimate_steps_by_radius(radius_meters, latitude);
    let encode = |steps: u8| {
        geohash_encode(&LONG_RANGE, &LAT_RANGE, longitude, latitude, steps).unwrap_or(HashBits {
            bits: 0,
            step: steps,
        })
    };
    let decode = |h: HashBits| geohash_decode(LONG_RANGE, LAT_RANGE, h).unwrap_or_default();
    let mut hash = encode(steps);
    let mut nb = neighbors(&hash);
    let mut area = decode(hash);
    let mut decrease_step = false;
    {
        let (north, south, east, west) = (
            decode(nb.north),
            decode(nb.south),
            decode(nb.east),
            decode(nb.west),
        );
        if north.latitude.max < max_lat {
            decrease_step = true;
        }
        if south.latitude.min > min_lat {
            decrease_step = true;
        }
        if east.longitude.max < max_lon {
            decrease_step = true;
        }
        if west.longitude.min > min_lon {
            decrease_step = true;
        }
    }
    if steps > 1 && decrease_step {
        steps -= 1;
        hash = encode(steps);
        nb = neighbors(&hash);
        area = decode(hash);
    }
    if steps >= 2 {
        let zero = HashBits::default();
        if area.latitude.min < min_lat {
            nb.south = zero;
            nb.south_west = zero;
            nb.south_east = zero;
        }
        if area.latitude.max > max_lat {
            nb.north = zero;
            nb.north_east = zero;
            nb.north_west = zero;
        }
        if area.longitude.min < min_lon {
            nb.west = zero;
            nb.south_west = zero;
            nb.north_west = zero;
        }
        if area.longitude.max > max_lon {
            nb.east = zero;
            nb.south_east = zero;
            nb.north_east = zero;
        }
    }
    (hash, nb)
}

fn align52(hash: HashBits) -> u64 {
    hash.bits << (52 - hash.step as u32 * 2)
}

fn lat_distance(lat1d: f64, lat2d: f64) -> f64 {
    EARTH_RADIUS_IN_METERS * (deg_rad(lat2d) - deg_rad(lat1d)).abs()
}

/// Haversine distance in meters (with Redis's shortcut for equal longitudes).
fn distance(lon1d: f64, lat1d: f64, lon2d: f64, lat2d: f64) -> f64 {
    let lon1r = deg_rad(lon1d);
    let lon2r = deg_rad(lon2d);
    let v = m::sin((lon2r - lon1r) / 2.0);
    if v == 0.0 {
        return lat_distance(lat1d, lat2d);
    }
    let lat1r = deg_rad(lat1d);
    let lat2r = deg_rad(lat2d);
    let u = m::sin((lat2r - lat1r) / 2.0);
    let a = u * u + m::cos(lat1r) * m::cos(lat2r) * v * v;
    2.0 * EARTH_RADIUS_IN_METERS * m::asin(m::sqrt(a))
}

fn distance_if_in_rectangle(
    width_m: f64,
    height_m: f64,
    x1: f64,
    y1: f64,
    x2: f64,
    y2: f64,
) -> Option<f64> {
    if lat_distance(y2, y1) > height_m / 2.0 {
        return None;
    }
    if distance(x2, y2, x1, y2) > width_m / 2.0 {
        return None;
    }
    Some(distance(x1, y1, x2, y2))
}

// ----- replies ----------------------------------------------------------------------------------

/// `%.4f`, as Redis's `addReplyDoubleDistance`.
fn reply_distance(out: &mut Reply, d: f64) {
    out.bulk(format!("{:.4}", d).as_bytes());
}

/// `addReplyHumanLongDouble` of a double: `%.17Lf` with trailing zeros (and dot) removed,
/// `-0` as `0`; a bulk string in RESP2, a double in RESP3.
fn reply_human(out: &mut Reply, d: f64) {
    let mut s = format!("{:.17}", d);
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s = String::from("0");
    }
    out.double_text(s.as_bytes());
}

// ----- argument helpers -------------------------------------------------------------------------

fn extract_lonlat(out: &mut Reply, args: &[&[u8]]) -> Option<[f64; 2]> {
    let mut xy = [0.0; 2];
    for i in 0..2 {
        match parse_f64(args[i]) {
            Some(v) => xy[i] = v,
            None => {
                out.error("ERR value is not a valid float");
                return None;
            }
        }
    }
    if xy[0] < GEO_LONG_MIN || xy[0] > GEO_LONG_MAX || xy[1] < GEO_LAT_MIN || xy[1] > GEO_LAT_MAX {
        out.error(&format!(
            "ERR invalid longitude,latitude pair {},{}",
            c_f(xy[0]),
            c_f(xy[1])
        ));
        return None;
    }
    Some(xy)
}

/// C's `%f`.
fn c_f(v: f64) -> String {
    if v.is_infinite() {
        return String::from(if v < 0.0 { "-inf" } else { "inf" });
    }
    format!("{:.6}", v)
}

fn extract_unit(out: &mut Reply, arg: &[u8]) -> Option<f64> {
    if opt_eq(arg, "m") {
        Some(1.0)
    } else if opt_eq(arg, "km") {
        Some(1000.0)
    } else if opt_eq(arg, "ft") {
        Some(0.3048)
    } else if opt_eq(arg, "mi") {
        Some(1609.34)
    } else {
        out.error("ERR unsupported unit provided. please use M, KM, FT, MI");
        None
    }
}

/// `<radius> <unit>`: (conversion, radius).
fn extract_distance(out: &mut Reply, args: &[&[u8]]) -> Option<(f64, f64)> {
    let Some(d) = parse_f64(args[0]) else {
        out.error("ERR need numeric radius");
        return None;
    };
    if d < 0.0 {
        out.error("ERR radius cannot be negative");
        return None;
    }
    let conv = extract_unit(out, args[1])?;
    Some((conv, d))
}

/// `<width> <height> <unit>`: (conversion, width, height).
fn extract_box(out: &mut Reply, args: &[&[u8]]) -> Option<(f64, f64, f64)> {
    let Some(w) = parse_f64(args[0]) else {
        out.error("ERR need numeric width");
        return None;
    };
    let Some(h) = parse_f64(args[1]) else {
        out.error("ERR need numeric height");
        return None;
    };
    if h < 0.0 || w < 0.0 {
        out.error("ERR height or width cannot be negative");
        return None;
    }
    let conv = extract_unit(out, args[2])?;
    Some((conv, w, h))
}

/// `lookupKeyRead` + `checkType`: `Err` after WRONGTYPE.
fn read_zset(e: &mut Engine, out: &mut Reply, db: usize, key: &[u8]) -> Result<Option<u32>, ()> {
    match e.lookup_read_slot(db, key) {
        None => Ok(None),
        Some(slot) if matches!(e.dbs[db].entry(slot).value, Value::ZSet(_)) => Ok(Some(slot)),
        Some(_) => {
            out.error(WRONGTYPE);
            Err(())
        }
    }
}

// ----- GEOADD, GEODIST, GEOHASH, GEOPOS -----------------------------------------------------------

// `% 3` rather than `is_multiple_of`, which is newer than the crate's minimum Rust.
#[allow(clippy::manual_is_multiple_of)]
fn geoadd_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let (mut xx, mut nx) = (false, false);
    let mut longidx = 2;
    while longidx < argv.len() {
        let o = argv[longidx];
        if opt_eq(o, "nx") {
            nx = true;
        } else if opt_eq(o, "xx") {
            xx = true;
        } else if opt_eq(o, "ch") {
        } else {
            break;
        }
        longidx += 1;
    }
    if (argv.len() - longidx) % 3 != 0 || (xx && nx) {
        ctx.out.error(SYNTAX);
        return;
    }
    let elements = (argv.len() - longidx) / 3;
    let mut scores: Vec<String> = Vec::with_capacity(elements);
    for i in 0..elements {
        let at = longidx + i * 3;
        let Some(xy) = extract_lonlat(&mut ctx.out, &argv[at..at + 2]) else {
            return;
        };
        let hash =
            geohash_encode(&LONG_RANGE, &LAT_RANGE, xy[0], xy[1], GEO_STEP_MAX).unwrap_or_default();
        let mut b = itoa::Buffer::new();
        scores.push(String::from(b.format(align52(hash))));
    }
    let mut zargv: Vec<&[u8]> = Vec::with_capacity(longidx + elements * 2);
    zargv.push(b"zadd");
    zargv.extend_from_slice(&argv[1..longidx]);
    for (i, s) in scores.iter().enumerate() {
        zargv.push(s.as_bytes());
        zargv.push(argv[longidx + i * 3 + 2]);
    }
    let dirty = e.dirty;
    zadd_argv(e, ctx, &zargv, 0);
    if e.dirty != dirty {
        let db = ctx.db(e);
        e.propagate(db, &zargv);
    }
    ctx.propagated = true;
}

fn geodist_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let mut to_meter = 1.0;
    if argv.len() == 5 {
        let Some(u) = extract_unit(&mut ctx.out, argv[4]) else {
            return;
        };
        to_meter = u;
    } else if argv.len() > 5 {
        ctx.out.error(SYNTAX);
        return;
    }
    let db = ctx.db(e);
    let Ok(found) = read_zset(e, &mut ctx.out, db, argv[1]) else {
        return;
    };
    let Some(slot) = found else {
        ctx.out.null();
        return;
    };
    let z = zset_at(e, db, slot);
    let (Some(s1), Some(s2)) = (z.score(argv[2]), z.score(argv[3])) else {
        ctx.out.null();
        return;
    };
    match (decode_score(s1), decode_score(s2)) {
        (Some(a), Some(b)) => {
            reply_distance(&mut ctx.out, distance(a[0], a[1], b[0], b[1]) / to_meter)
        }
        _ => ctx.out.null(),
    }
}

fn geohash_command(e: &mut Engine, ctx: &mut Ctx) {
    const ALPHABET: &[u8; 32] = b"0123456789bcdefghjkmnpqrstuvwxyz";
    let argv = ctx.argv;
    let db = ctx.db(e);
    let Ok(found) = read_zset(e, &mut ctx.out, db, argv[1]) else {
        return;
    };
    ctx.out.array(argv.len() - 2);
    for m in &argv[2..] {
        let score = found.and_then(|slot| zset_at(e, db, slot).score(m));
        let Some(xy) = score.and_then(decode_score) else {
            ctx.out.null();
            continue;
        };
        let r_lon = Range {
            min: -180.0,
            max: 180.0,
        };
        let r_lat = Range {
            min: -90.0,
            max: 90.0,
        };
        let hash = geohash_encode(&r_lon, &r_lat, xy[0], xy[1], 26).unwrap_or_default();
        let mut buf = [0u8; 11];
        for (i, c) in buf.iter_mut().enumerate() {
            let idx = if i == 10 {
                0
            } else {
                ((hash.bits >> (52 - (i + 1) * 5)) & 0x1f) as usize
            };
            *c = ALPHABET[idx];
        }
        ctx.out.bulk(&buf);
    }
}

fn geopos_command(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let db = ctx.db(e);
    let Ok(found) = read_zset(e, &mut ctx.out, db, argv[1]) else {
        return;
    };
    ctx.out.array(argv.len() - 2);
    for m in &argv[2..] {
        let score = found.and_then(|slot| zset_at(e, db, slot).score(m));
        match score.and_then(decode_score) {
            Some(xy) => {
                ctx.out.array(2);
                reply_human(&mut ctx.out, xy[0]);
                reply_human(&mut ctx.out, xy[1]);
            }
            None => ctx.out.null_array(),
        }
    }
}

// ----- searches ---------------------------------------------------------------------------------

const RADIUS_COORDS: u32 = 1 << 0;
const RADIUS_MEMBER: u32 = 1 << 1;
const RADIUS_NOSTORE: u32 = 1 << 2;
const GEOSEARCH: u32 = 1 << 3;
const GEOSEARCHSTORE: u32 = 1 << 4;

fn georadius_command(e: &mut Engine, ctx: &mut Ctx) {
    georadius_generic(e, ctx, 1, RADIUS_COORDS);
}

fn georadiusbymember_command(e: &mut Engine, ctx: &mut Ctx) {
    georadius_generic(e, ctx, 1, RADIUS_MEMBER);
}

fn georadius_ro_command(e: &mut Engine, ctx: &mut Ctx) {
    georadius_generic(e, ctx, 1, RADIUS_COORDS | RADIUS_NOSTORE);
}

fn georadiusbymember_ro_command(e: &mut Engine, ctx: &mut Ctx) {
    georadius_generic(e, ctx, 1, RADIUS_MEMBER | RADIUS_NOSTORE);
}

fn geosearch_command(e: &mut Engine, ctx: &mut Ctx) {
    georadius_generic(e, ctx, 1, GEOSEARCH);
}

fn geosearchstore_command(e: &mut Engine, ctx: &mut Ctx) {
    georadius_generic(e, ctx, 2, GEOSEARCH | GEOSEARCHSTORE);
}

/// A member found by a search.
#[derive(Clone, Copy)]
struct GeoPoint<'a> {
    longitude: f64,
    latitude: f64,
    dist: f64,
    score: f64,
    member: &'a [u8],
}

/// Redis's `geoAppendIfWithinShape`.
fn append_if_within<'a>(ga: &mut Vec<GeoPoint<'a>>, shape: &Shape, score: f64, member: &'a [u8]) {
    let Some(xy) = decode_score(score) else {
        return;
    };
    let dist = match shape.kind {
        ShapeKind::Circle { radius } => {
            let d = distance(shape.xy[0], shape.xy[1], xy[0], xy[1]);
            if d > radius * shape.conversion {
                return;
            }
            d
        }
        ShapeKind::Rect { width, height } => match distance_if_in_rectangle(
            width * shape.conversion,
            height * shape.conversion,
            shape.xy[0],
            shape.xy[1],
            xy[0],
            xy[1],
        ) {
            Some(d) => d,
            None => return,
        },
    };
    ga.push(GeoPoint {
        longitude: xy[0],
        latitude: xy[1],
        dist,
        score,
        member,
    });
}

/// Redis's `membersOfAllNeighbors`: the members of the 9 boxes (skipping zeroed ones and a
/// box equal to the previously processed one), stopping early at `limit` (COUNT ANY).
fn members_of_all_neighbors<'a>(
    z: &'a ZSet,
    hash: HashBits,
    nb: &Neighbors,
    shape: &Shape,
    limit: usize,
) -> Vec<GeoPoint<'a>> {
    let boxes = [
        hash,
        nb.north,
        nb.south,
        nb.east,
        nb.west,
        nb.north_east,
        nb.north_west,
        nb.south_east,
        nb.south_west,
    ];
    let mut ga: Vec<GeoPoint<'a>> = Vec::new();
    let mut last_processed = 0usize;
    for (i, b) in boxes.iter().enumerate() {
        if b.is_zero() {
            continue;
        }
        if last_processed != 0
            && b.bits == boxes[last_processed].bits
            && b.step == boxes[last_processed].step
        {
            continue;
        }
        if !ga.is_empty() && limit != 0 && ga.len() >= limit {
            break;
        }
        // Scores in [min, max): the box's 52-bit prefix range.
        let min = align52(*b);
        let max = align52(HashBits {
            bits: b.bits.wrapping_add(1),
            step: b.step,
        });
        let range = ScoreRange {
            min: min as f64,
            max: max as f64,
            minex: false,
            maxex: true,
        };
        if let Some((first, last)) = z.score_range_ranks(&range) {
            let mut n = last - first + 1;
            z.walk(first, false, |m, s| {
                append_if_within(&mut ga, shape, s, m);
                n -= 1;
                n > 0 && !(!ga.is_empty() && limit != 0 && ga.len() >= limit)
            });
        }
        last_processed = i;
    }
    ga
}

/// Compares by distance as Redis's `sort_gp_asc`.
fn cmp_asc(a: &GeoPoint, b: &GeoPoint) -> i32 {
    if a.dist > b.dist {
        1
    } else if a.dist == b.dist {
        0
    } else {
        -1
    }
}

/// Redis's `pqsort` (NetBSD's qsort, partial: only the `lrange..=rrange` positions are
/// guaranteed sorted; 7.0.15's version, without the switch to insertion sort after a
/// partition with no swap), reproduced swap for swap so that ties come out in Redis's order.
fn pqsort<T: Copy>(v: &mut [T], cmp: &dyn Fn(&T, &T) -> i32, lrange: usize, rrange: usize) {
    fn med3<T>(v: &[T], a: usize, b: usize, c: usize, cmp: &dyn Fn(&T, &T) -> i32) -> usize {
        if cmp(&v[a], &v[b]) < 0 {
            if cmp(&v[b], &v[c]) < 0 {
                b
            } else if cmp(&v[a], &v[c]) < 0 {
                c
            } else {
                a
            }
        } else if cmp(&v[b], &v[c]) > 0 {
            b
        } else if cmp(&v[a], &v[c]) < 0 {
            a
        } else {
            c
        }
    }
    fn vecswap<T>(v: &mut [T], a: usize, b: usize, n: usize) {
        for i in 0..n {
            v.swap(a + i, b + i);
        }
    }
    fn insertion<T>(v: &mut [T], a: usize, n: usize, cmp: &dyn Fn(&T, &T) -> i32) {
        for pm in a + 1..a + n {
            let mut pl = pm;
            while pl > a && cmp(&v[pl - 1], &v[pl]) > 0 {
                v.swap(pl, pl - 1);
                pl -= 1;
            }
        }
    }
    fn go<T>(
        v: &mut [T],
        mut a: usize,
        mut n: usize,
        cmp: &dyn Fn(&T, &T) -> i32,
        lr: usize,
        rr: usize,
    ) {
        loop {
            if n < 7 {
                insertion(v, a, n, cmp);
                return;
            }
            let mut pm = a + n / 2;
            if n > 7 {
                let mut pl = a;
                let mut pn = a + n - 1;
                if n > 40 {
                    let d = n / 8;
                    pl = med3(v, pl, pl + d, pl + 2 * d, cmp);
                    pm = med3(v, pm - d, pm, pm + d, cmp);
                    pn = med3(v, pn - 2 * d, pn - d, pn, cmp);
                }
                pm = med3(v, pl, pm, pn, cmp);
            }
            v.swap(a, pm);
            let mut pa = a + 1;
            let mut pb = a + 1;
            let mut pc = (a + n - 1) as isize;
            let mut pd = (a + n - 1) as isize;
            loop {
                while pb as isize <= pc {
                    let r = cmp(&v[pb], &v[a]);
                    if r > 0 {
                        break;
                    }
                    if r == 0 {
                        v.swap(pa, pb);
                        pa += 1;
                    }
                    pb += 1;
                }
                while pb as isize <= pc {
                    let r = cmp(&v[pc as usize], &v[a]);
                    if r < 0 {
                        break;
                    }
                    if r == 0 {
                        v.swap(pc as usize, pd as usize);
                        pd -= 1;
                    }
                    pc -= 1;
                }
                if pb as isize > pc {
                    break;
                }
                v.swap(pb, pc as usize);
                pb += 1;
                pc -= 1;
            }
            let pn = a + n;
            let r = (pa - a).min(pb - pa);
            vecswap(v, a, pb - r, r);
            let r = ((pd - pc) as usize).min(pn - pd as usize - 1);
            vecswap(v, pb, pn - r, r);
            let r = pb - pa;
            if r > 1 {
                let (s, len) = (a, r);
                if !((lr < s && rr < s) || (lr >= s + len && rr >= s + len)) {
                    go(v, a, r, cmp, lr, rr);
                }
            }
            let r = (pd - pc) as usize;
            if r > 1 {
                a = pn - r;
                n = r;
                if !((lr < a && rr < a) || (lr >= a + n && rr >= a + n)) {
                    continue;
                }
            }
            return;
        }
    }
    let n = v.len();
    go(v, 0, n, cmp, lrange, rrange);
}

/// Redis's `georadiusGeneric` for GEORADIUS[BYMEMBER][_RO] and GEOSEARCH[STORE].
fn georadius_generic(e: &mut Engine, ctx: &mut Ctx, src_idx: usize, flags: u32) {
    let argv = ctx.argv;
    let db = ctx.db(e);
    let Ok(zslot) = read_zset(e, &mut ctx.out, db, argv[src_idx]) else {
        return;
    };
    let mut storekey: Option<&[u8]> = None;
    let mut storedist = false;
    let mut shape = Shape {
        kind: ShapeKind::Circle { radius: 0.0 },
        xy: [0.0; 2],
        conversion: 0.0,
    };
    let base_args;
    if flags & RADIUS_COORDS != 0 {
        base_args = 6;
        let Some(xy) = extract_lonlat(&mut ctx.out, &argv[2..4]) else {
            return;
        };
        shape.xy = xy;
        let Some((conv, radius)) = extract_distance(&mut ctx.out, &argv[4..6]) else {
            return;
        };
        shape.conversion = conv;
        shape.kind = ShapeKind::Circle { radius };
    } else if flags & RADIUS_MEMBER != 0 && zslot.is_none() {
        base_args = 5;
    } else if flags & RADIUS_MEMBER != 0 {
        base_args = 5;
        let z = zset_at(e, db, zslot.unwrap());
        let Some(xy) = z.score(argv[2]).and_then(decode_score) else {
            ctx.out.error("ERR could not decode requested zset member");
            return;
        };
        shape.xy = xy;
        let Some((conv, radius)) = extract_distance(&mut ctx.out, &argv[3..5]) else {
            return;
        };
        shape.conversion = conv;
        shape.kind = ShapeKind::Circle { radius };
    } else {
        // GEOSEARCH / GEOSEARCHSTORE
        base_args = if flags & GEOSEARCHSTORE != 0 { 3 } else { 2 };
        if flags & GEOSEARCHSTORE != 0 {
            storekey = Some(argv[1]);
        }
    }
    let (mut withdist, mut withhash, mut withcoords) = (false, false, false);
    let (mut frommember, mut fromloc, mut byradius, mut bybox) = (false, false, false, false);
    #[derive(PartialEq)]
    enum Sort {
        None,
        Asc,
        Desc,
    }
    let mut sort = Sort::None;
    let mut any = false;
    let mut count: i64 = 0;
    if argv.len() > base_args {
        let remaining = argv.len() - base_args;
        let mut i = 0;
        while i < remaining {
            let arg = argv[base_args + i];
            let at = base_args + i;
            if opt_eq(arg, "withdist") {
                withdist = true;
            } else if opt_eq(arg, "withhash") {
                withhash = true;
            } else if opt_eq(arg, "withcoord") {
                withcoords = true;
            } else if opt_eq(arg, "any") {
                any = true;
            } else if opt_eq(arg, "asc") {
                sort = Sort::Asc;
            } else if opt_eq(arg, "desc") {
                sort = Sort::Desc;
            } else if opt_eq(arg, "count") && i + 1 < remaining {
                let Some(n) = crate::num::parse_i64(argv[at + 1]) else {
                    ctx.out.error(NOT_INTEGER);
                    return;
                };
                if n <= 0 {
                    ctx.out.error("ERR COUNT must be > 0");
                    return;
                }
                count = n;
                i += 1;
            } else if opt_eq(arg, "store")
                && i + 1 < remaining
                && flags & RADIUS_NOSTORE == 0
                && flags & GEOSEARCH == 0
            {
                storekey = Some(argv[at + 1]);
                storedist = false;
                i += 1;
            } else if opt_eq(arg, "storedist")
                && i + 1 < remaining
                && flags & RADIUS_NOSTORE == 0
                && flags & GEOSEARCH == 0
            {
                storekey = Some(argv[at + 1]);
                storedist = true;
                i += 1;
            } else if opt_eq(arg, "storedist")
                && flags & GEOSEARCH != 0
                && flags & GEOSEARCHSTORE != 0
            {
                storedist = true;
            } else if opt_eq(arg, "frommember")
                && i + 1 < remaining
                && flags & GEOSEARCH != 0
                && !fromloc
            {
                if let Some(slot) = zslot {
                    let z = zset_at(e, db, slot);
                    let Some(xy) = z.score(argv[at + 1]).and_then(decode_score) else {
                        ctx.out.error("ERR could not decode requested zset member");
                        return;
                    };
                    shape.xy = xy;
                }
                frommember = true;
                i += 1;
            } else if opt_eq(arg, "fromlonlat")
                && i + 2 < remaining
                && flags & GEOSEARCH != 0
                && !frommember
            {
                let Some(xy) = extract_lonlat(&mut ctx.out, &argv[at + 1..at + 3]) else {
                    return;
                };
                shape.xy = xy;
                fromloc = true;
                i += 2;
            } else if opt_eq(arg, "byradius")
                && i + 2 < remaining
                && flags & GEOSEARCH != 0
                && !bybox
            {
                let Some((conv, radius)) = extract_distance(&mut ctx.out, &argv[at + 1..at + 3])
                else {
                    return;
                };
                shape.conversion = conv;
                shape.kind = ShapeKind::Circle { radius };
                byradius = true;
                i += 2;
            } else if opt_eq(arg, "bybox")
                && i + 3 < remaining
                && flags & GEOSEARCH != 0
                && !byradius
            {
                let Some((conv, width, height)) = extract_box(&mut ctx.out, &argv[at + 1..at + 4])
                else {
                    return;
                };
                shape.conversion = conv;
                shape.kind = ShapeKind::Rect { width, height };
                bybox = true;
                i += 3;
            } else {
                ctx.out.error(SYNTAX);
                return;
            }
            i += 1;
        }
    }
    if storekey.is_some() && (withdist || withhash || withcoords) {
        let what = if flags & GEOSEARCHSTORE != 0 {
            "GEOSEARCHSTORE"
        } else {
            "STORE option in GEORADIUS"
        };
        ctx.out.error(&format!(
            "ERR {what} is not compatible with WITHDIST, WITHHASH and WITHCOORD options"
        ));
        return;
    }
    let name = String::from_utf8_lossy(argv[0]);
    if flags & GEOSEARCH != 0 && !(frommember || fromloc) {
        ctx.out.error(&format!(
            "ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for {name}"
        ));
        return;
    }
    if flags & GEOSEARCH != 0 && !(byradius || bybox) {
        ctx.out.error(&format!(
            "ERR exactly one of BYRADIUS and BYBOX can be specified for {name}"
        ));
        return;
    }
    if any && count == 0 {
        ctx.out
            .error("ERR the ANY argument requires COUNT argument");
        return;
    }
    let Some(slot) = zslot else {
        match storekey {
            Some(dst) => {
                if delete_key(e, db, dst) {
                    e.dirty += 1;
                }
                ctx.out.int(0);
            }
            None => ctx.out.array(0),
        }
        return;
    };
    if count != 0 && sort == Sort::None && !any {
        sort = Sort::Asc;
    }
    let z = zset_at(e, db, slot);
    let (hash, nb) = areas_by_shape(&shape);
    let limit = if any { count as usize } else { 0 };
    let mut ga = members_of_all_neighbors(z, hash, &nb, &shape, limit);
    if ga.is_empty() && storekey.is_none() {
        ctx.out.array(0);
        return;
    }
    let result_length = ga.len();
    let returned = if count == 0 || (result_length as i64) < count {
        result_length
    } else {
        count as usize
    };
    if sort != Sort::None {
        let desc = sort == Sort::Desc;
        let cmp =
            move |a: &GeoPoint, b: &GeoPoint| if desc { -cmp_asc(a, b) } else { cmp_asc(a, b) };
        if returned == result_length {
            // glibc's qsort is a stable merge sort.
            ga.sort_by(|a, b| cmp(a, b).cmp(&0));
        } else {
            pqsort(&mut ga, &cmp, 0, returned - 1);
        }
    }
    match storekey {
        None => {
            let options = withdist as usize + withcoords as usize + withhash as usize;
            let out = &mut ctx.out;
            out.array(returned);
            for gp in &ga[..returned] {
                let dist = gp.dist / shape.conversion;
                if options > 0 {
                    out.array(options + 1);
                }
                out.bulk(gp.member);
                if withdist {
                    reply_distance(out, dist);
                }
                if withhash {
                    out.int(gp.score as i64);
                }
                if withcoords {
                    out.array(2);
                    reply_human(out, gp.longitude);
                    reply_human(out, gp.latitude);
                }
            }
        }
        Some(dst) => {
            let mut items: Vec<(Vec<u8>, f64)> = ga[..returned]
                .iter()
                .map(|gp| {
                    let dist = gp.dist / shape.conversion;
                    (gp.member.to_vec(), if storedist { dist } else { gp.score })
                })
                .collect();
            if returned > 0 {
                sort_by_score(&mut items);
                let zs = zset_for_result(e, &items);
                let event = if flags & GEOSEARCH != 0 { "geosearchstore" } else { "georadiusstore" };
                store_zset(e, db, dst, zs, event);
                e.dirty += returned as u64;
            } else if delete_key(e, db, dst) {
                e.dirty += 1;
            }
            ctx.out.int(returned as i64);
        }
    }
}

#[cfg(test)]
mod tests {
    //! Expected replies are the bytes redis-server 7.0.15 sent for the same commands (the
    //! same script gives the same bytes whether the sets are listpacks or skiplists).
    use super::*;
    use crate::client::ClientId;
    use crate::engine::testing::{engine, run};
    use crate::resp::writer::Protocol;

    fn text(b: Vec<u8>) -> String {
        String::from_utf8(b).unwrap()
    }

    fn script(steps: &[(&str, &str)], skiplist: bool) -> (Engine, ClientId) {
        let (mut e, c) = engine();
        if skiplist {
            assert_eq!(
                text(run(&mut e, c, "CONFIG SET zset-max-listpack-entries 0")),
                "+OK\r\n"
            );
        }
        for (cmd, want) in steps {
            if *cmd == "!3" {
                e.client_mut(c).unwrap().proto = Protocol::Resp3;
                continue;
            }
            assert_eq!(text(run(&mut e, c, cmd)), *want, "{}", cmd);
        }
        (e, c)
    }

    const GEO: &[(&str, &str)] = &[
        ("geoadd g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 13.5 38 A 13.5 38 B 13.5 38 C", ":5\r\n"),
        ("zrange g 0 -1 withscores", "*10\r\n$1\r\nA\r\n$16\r\n3479097324432493\r\n$1\r\nB\r\n$16\r\n3479097324432493\r\n$1\r\nC\r\n$16\r\n3479097324432493\r\n$7\r\nPalermo\r\n$16\r\n3479099956230698\r\n$7\r\nCatania\r\n$16\r\n3479447370796909\r\n"),
        ("geopos g Palermo Catania A nosuch", "*4\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n*2\r\n$20\r\n13.50000053644180298\r\n$19\r\n38.0000009925631943\r\n*-1\r\n"),
        ("geohash g Palermo Catania A nosuch", "*4\r\n$11\r\nsqc8b49rny0\r\n$11\r\nsqdtr74hyu0\r\n$11\r\nsqc85jwqhc0\r\n$-1\r\n"),
        ("geodist g Palermo Catania", "$11\r\n166274.1516\r\n"),
        ("geodist g Palermo Catania km", "$8\r\n166.2742\r\n"),
        ("geodist g Palermo Catania mi", "$8\r\n103.3182\r\n"),
        ("geodist g Palermo Catania ft", "$11\r\n545518.8700\r\n"),
        ("geodist g Palermo Catania foo", "-ERR unsupported unit provided. please use M, KM, FT, MI\r\n"),
        ("geodist g Palermo nosuch", "$-1\r\n"),
        ("georadius g 15 37 200 km", "*5\r\n$1\r\nA\r\n$1\r\nB\r\n$1\r\nC\r\n$7\r\nPalermo\r\n$7\r\nCatania\r\n"),
        ("georadius g 15 37 200 km withdist withcoord withhash asc", "*5\r\n*4\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n:3479447370796909\r\n*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n*4\r\n$1\r\nA\r\n$8\r\n172.8860\r\n:3479097324432493\r\n*2\r\n$20\r\n13.50000053644180298\r\n$19\r\n38.0000009925631943\r\n*4\r\n$1\r\nB\r\n$8\r\n172.8860\r\n:3479097324432493\r\n*2\r\n$20\r\n13.50000053644180298\r\n$19\r\n38.0000009925631943\r\n*4\r\n$1\r\nC\r\n$8\r\n172.8860\r\n:3479097324432493\r\n*2\r\n$20\r\n13.50000053644180298\r\n$19\r\n38.0000009925631943\r\n*4\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n:3479099956230698\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n"),
        ("georadius g 15 37 200 km withdist desc", "*5\r\n*2\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n*2\r\n$1\r\nA\r\n$8\r\n172.8860\r\n*2\r\n$1\r\nB\r\n$8\r\n172.8860\r\n*2\r\n$1\r\nC\r\n$8\r\n172.8860\r\n*2\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n"),
        ("georadius g 15 37 200 km count 2", "*2\r\n$7\r\nCatania\r\n$1\r\nA\r\n"),
        ("georadius g 15 37 200 km count 2 any", "*2\r\n$1\r\nA\r\n$1\r\nB\r\n"),
        ("georadius g 15 37 200 km count 4 desc withdist", "*4\r\n*2\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n*2\r\n$1\r\nA\r\n$8\r\n172.8860\r\n*2\r\n$1\r\nB\r\n$8\r\n172.8860\r\n*2\r\n$1\r\nC\r\n$8\r\n172.8860\r\n"),
        ("georadius g 15 37 200 km any", "-ERR the ANY argument requires COUNT argument\r\n"),
        ("georadius g 15 37 200 km count 0", "-ERR COUNT must be > 0\r\n"),
        ("georadius g 15 37 200 km count x", "-ERR value is not an integer or out of range\r\n"),
        ("georadius g 15 37 -1 km", "-ERR radius cannot be negative\r\n"),
        ("georadius g 15 37 x km", "-ERR need numeric radius\r\n"),
        ("georadius g 15 37 200 foo", "-ERR unsupported unit provided. please use M, KM, FT, MI\r\n"),
        ("georadius g 200 37 200 km", "-ERR invalid longitude,latitude pair 200.000000,37.000000\r\n"),
        ("georadius g 15 37 200 km store d withdist", "-ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options\r\n"),
        ("georadius g 15 37 200 km store", "-ERR syntax error\r\n"),
        ("georadius g 15 37 200 km store d", ":5\r\n"),
        ("zrange d 0 -1 withscores", "*10\r\n$1\r\nA\r\n$16\r\n3479097324432493\r\n$1\r\nB\r\n$16\r\n3479097324432493\r\n$1\r\nC\r\n$16\r\n3479097324432493\r\n$7\r\nPalermo\r\n$16\r\n3479099956230698\r\n$7\r\nCatania\r\n$16\r\n3479447370796909\r\n"),
        ("georadius g 15 37 200 km storedist d desc", ":5\r\n"),
        ("zrange d 0 -1 withscores", "*10\r\n$7\r\nCatania\r\n$18\r\n56.441257870158204\r\n$1\r\nA\r\n$18\r\n172.88599581603299\r\n$1\r\nB\r\n$18\r\n172.88599581603299\r\n$1\r\nC\r\n$18\r\n172.88599581603299\r\n$7\r\nPalermo\r\n$18\r\n190.44242984775784\r\n"),
        ("georadius_ro g 15 37 200 km store d", "-ERR syntax error\r\n"),
        ("georadius nokey 15 37 200 km", "*0\r\n"),
        ("georadius nokey 15 37 200 km store d", ":0\r\n"),
        ("exists d", ":0\r\n"),
        ("georadiusbymember g Palermo 200 km", "*5\r\n$1\r\nA\r\n$1\r\nB\r\n$1\r\nC\r\n$7\r\nPalermo\r\n$7\r\nCatania\r\n"),
        ("georadiusbymember g nosuch 200 km", "-ERR could not decode requested zset member\r\n"),
        ("georadiusbymember nokey nosuch 200 km", "*0\r\n"),
        ("georadiusbymember nokey nosuch 200 foo", "*0\r\n"),
        ("georadiusbymember g Palermo 200 km withdist desc count 3", "*3\r\n*2\r\n$7\r\nCatania\r\n$8\r\n166.2742\r\n*2\r\n$1\r\nA\r\n$7\r\n17.6793\r\n*2\r\n$1\r\nB\r\n$7\r\n17.6793\r\n"),
        ("georadiusbymember g Palermo 200 km withdist asc count 3", "*3\r\n*2\r\n$7\r\nPalermo\r\n$6\r\n0.0000\r\n*2\r\n$1\r\nA\r\n$7\r\n17.6793\r\n*2\r\n$1\r\nB\r\n$7\r\n17.6793\r\n"),
        ("georadiusbymember_ro g Palermo 200 km storedist x", "-ERR syntax error\r\n"),
        ("geosearch g frommember Palermo byradius 100 km", "*4\r\n$1\r\nA\r\n$1\r\nB\r\n$1\r\nC\r\n$7\r\nPalermo\r\n"),
        ("geosearch g fromlonlat 15 37 bybox 400 400 km withdist asc", "*5\r\n*2\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n*2\r\n$1\r\nA\r\n$8\r\n172.8860\r\n*2\r\n$1\r\nB\r\n$8\r\n172.8860\r\n*2\r\n$1\r\nC\r\n$8\r\n172.8860\r\n*2\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n"),
        ("geosearch g fromlonlat 15 37 bybox 400 400 km withdist asc count 3", "*3\r\n*2\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n*2\r\n$1\r\nA\r\n$8\r\n172.8860\r\n*2\r\n$1\r\nB\r\n$8\r\n172.8860\r\n"),
        ("geosearch g frommember Palermo fromlonlat 1 1 byradius 1 km", "-ERR syntax error\r\n"),
        ("geosearch g frommember Palermo byradius 1 km bybox 1 1 km", "-ERR syntax error\r\n"),
        ("geosearch g frommember x byradius 1 km", "-ERR could not decode requested zset member\r\n"),
        ("geosearch nokey frommember x byradius 1 km", "*0\r\n"),
        ("geosearch g fromlonlat 15 37 bybox -1 1 km", "-ERR height or width cannot be negative\r\n"),
        ("geosearch g fromlonlat 15 37 bybox x 1 km", "-ERR need numeric width\r\n"),
        ("geosearch g fromlonlat 15 37 bybox 1 x km", "-ERR need numeric height\r\n"),
        ("geosearch g fromlonlat 15 37 byradius x km", "-ERR need numeric radius\r\n"),
        ("geosearch g fromlonlat 15 37 byradius 1 km store d", "-ERR syntax error\r\n"),
        ("geosearch g fromlonlat 15 37 byradius 1 km storedist", "-ERR syntax error\r\n"),
        ("geosearch g fromlonlat 15 37 byradius 1 km withcoord", "*0\r\n"),
        ("geosearch g withdist fromlonlat 15 37 byradius 1 km", "*0\r\n"),
        ("geosearch g withdist byradius 1 km asc", "-ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for geosearch\r\n"),
        ("geosearch g fromlonlat 15 37 withdist asc", "-ERR exactly one of BYRADIUS and BYBOX can be specified for geosearch\r\n"),
        ("GEOSEARCH g fromlonlat 15 37 withdist asc", "-ERR exactly one of BYRADIUS and BYBOX can be specified for GEOSEARCH\r\n"),
        ("geosearchstore d g fromlonlat 15 37 byradius 200 km storedist", ":5\r\n"),
        ("zrange d 0 -1 withscores", "*10\r\n$7\r\nCatania\r\n$18\r\n56.441257870158204\r\n$1\r\nA\r\n$18\r\n172.88599581603299\r\n$1\r\nB\r\n$18\r\n172.88599581603299\r\n$1\r\nC\r\n$18\r\n172.88599581603299\r\n$7\r\nPalermo\r\n$18\r\n190.44242984775784\r\n"),
        ("geosearchstore d g fromlonlat 15 37 byradius 200 km withdist", "-ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options\r\n"),
        ("geosearchstore d g fromlonlat 15 37 byradius 200 km store x", "-ERR syntax error\r\n"),
        ("geosearch g fromlonlat 15 37 byradius 200 km any", "-ERR the ANY argument requires COUNT argument\r\n"),
        ("geosearchstore d nokey fromlonlat 15 37 byradius 200 km", ":0\r\n"),
        ("exists d", ":0\r\n"),
        ("geoadd g 180 85.05112878 edge -180 -85.05112878 edge2", ":2\r\n"),
        ("geopos g edge edge2", "*2\r\n*2\r\n$3\r\n180\r\n$19\r\n85.0511287799999991\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n"),
        ("geohash g edge edge2", "*2\r\n$11\r\nbp05b5048p0\r\n$11\r\n00bh0hbj200\r\n"),
        ("geoadd g -180.0000001 0 q", "-ERR invalid longitude,latitude pair -180.000000,0.000000\r\n"),
        ("geoadd g 1e400 0 q", "-ERR value is not a valid float\r\n"),
        ("geoadd g inf 0 q", "-ERR invalid longitude,latitude pair inf,0.000000\r\n"),
        ("geoadd g -inf 0 q", "-ERR invalid longitude,latitude pair -inf,0.000000\r\n"),
        ("geoadd g 0 -0 q", ":1\r\n"),
        ("geopos g q", "*1\r\n*2\r\n$19\r\n0.00000268220901489\r\n$19\r\n0.00000126736058093\r\n"),
        ("zadd g -1 neg 1.5 frac inf inf -inf ninf 4503599627370496 big 1e300 huge", ":6\r\n"),
        ("geopos g neg frac inf ninf big huge", "*6\r\n*2\r\n$3\r\n180\r\n$19\r\n85.0511287799999991\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112497791824921\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$3\r\n180\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$19\r\n85.0511287799999991\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n"),
        ("geohash g neg frac inf ninf big huge", "*6\r\n$11\r\nbp05b5048p0\r\n$11\r\n00bh0hbj210\r\n$11\r\n00bh0hbj200\r\n$11\r\n00bh0hbj200\r\n$11\r\nbp05b5048p0\r\n$11\r\n00bh0hbj200\r\n"),
        ("geodist g neg frac", "$13\r\n18919844.3072\r\n"),
        ("geoadd g xx ch 1 1 A 2 2 new", ":1\r\n"),
        ("geoadd g nx ch 1 1 A 2 2 new2", ":1\r\n"),
        ("geoadd g nx xx 1 1 A", "-ERR syntax error\r\n"),
        ("geoadd g ch", "-ERR wrong number of arguments for 'geoadd' command\r\n"),
        ("geoadd g 1 1", "-ERR wrong number of arguments for 'geoadd' command\r\n"),
        ("set s x", "+OK\r\n"),
        ("geoadd s 1 1 a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("geopos s a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("georadius s 1 1 1 km", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("geosearch s frommember a byradius 1 km", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("georadius g 0 0 20000 km count 3", "*3\r\n$1\r\nq\r\n$1\r\nA\r\n$4\r\nnew2\r\n"),
        ("georadius g 0 0 inf km count 3", "*3\r\n$1\r\nq\r\n$1\r\nA\r\n$4\r\nnew2\r\n"),
        ("georadius g 0 0 0 km", "*0\r\n"),
        ("georadius g 13.5 38 0 km", "*0\r\n"),
        ("geosearch g fromlonlat 13.5 38 bybox 0 0 km withdist", "*0\r\n"),
        ("georadius g 13.5 38 100 m withdist", "*2\r\n*2\r\n$1\r\nB\r\n$6\r\n0.1200\r\n*2\r\n$1\r\nC\r\n$6\r\n0.1200\r\n"),
        ("!3", ""),
        ("geopos g Palermo nosuch", "*2\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n_\r\n"),
        ("geodist g Palermo Catania", "$11\r\n166274.1516\r\n"),
        ("geodist g Palermo nosuch", "_\r\n"),
        ("geohash g Palermo nosuch", "*2\r\n$11\r\nsqc8b49rny0\r\n_\r\n"),
        ("georadius g 15 37 200 km withdist withcoord withhash asc count 2", "*2\r\n*4\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n:3479447370796909\r\n*2\r\n,15.08726745843887329\r\n,37.50266842333162032\r\n*4\r\n$1\r\nB\r\n$8\r\n172.8860\r\n:3479097324432493\r\n*2\r\n,13.50000053644180298\r\n,38.0000009925631943\r\n"),
        ("geosearch g frommember Palermo byradius 100 km withcoord", "*3\r\n*2\r\n$1\r\nB\r\n*2\r\n,13.50000053644180298\r\n,38.0000009925631943\r\n*2\r\n$1\r\nC\r\n*2\r\n,13.50000053644180298\r\n,38.0000009925631943\r\n*2\r\n$7\r\nPalermo\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n"),
        ("georadius nokey 15 37 200 km", "*0\r\n"),
    ];

    #[test]
    fn geo_commands_match_redis() {
        script(GEO, false);
        script(GEO, true);
    }

    #[test]
    fn geoadd_is_propagated_as_zadd_and_stores_count_dirty() {
        let (mut e, c) = engine();
        e.set_change_stream(true);
        let d0 = e.dirty;
        run(
            &mut e,
            c,
            "GEOADD g CH 13.361389 38.115556 Palermo 15.087269 37.502669 Catania",
        );
        assert_eq!(e.dirty - d0, 2);
        // Nothing changes: nothing recorded.
        run(&mut e, c, "GEOADD g 13.361389 38.115556 Palermo");
        run(
            &mut e,
            c,
            "GEOSEARCHSTORE d g FROMLONLAT 15 37 BYRADIUS 200 KM",
        );
        assert_eq!(e.dirty - d0, 4);
        let mut out = Vec::new();
        e.take_changes(&mut out);
        let out = text(out).replace("\r\n", " ");
        assert_eq!(
            out,
            "*2 $6 SELECT $1 0 *7 $4 zadd $1 g $2 CH $16 3479099956230698 $7 Palermo $16 3479447370796909 $7 Catania \
             *9 $14 GEOSEARCHSTORE $1 d $1 g $10 FROMLONLAT $2 15 $2 37 $8 BYRADIUS $3 200 $2 KM "
        );
    }

    #[test]
    fn geohash_at_the_corners_of_the_index() {
        // At the north-east corner the offsets reach 2^26, one bit past the 52: Redis keeps
        // that overflowing score, and decodes it back to the corner.
        let (mut e, c) = engine();
        run(
            &mut e,
            c,
            "GEOADD g 180 85.05112878 ne -180 -85.05112878 sw 0 0 o",
        );
        assert_eq!(
            text(run(&mut e, c, "ZSCORE g ne")),
            "$17\r\n13510798882111488\r\n"
        );
        assert_eq!(text(run(&mut e, c, "ZSCORE g sw")), "$1\r\n0\r\n");
        assert_eq!(
            text(run(&mut e, c, "GEOHASH g o ne sw")),
            "*3\r\n$11\r\ns0000000000\r\n$11\r\nbp05b5048p0\r\n$11\r\n00bh0hbj200\r\n"
        );
    }

    #[test]
    fn pqsort_keeps_redis_tie_order() {
        // Ids of the 5 nearest of 21 points, 7 at distance 0, as redis-server answers.
        let d = [
            0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 8347.68, 16017.35, 16290.19, 16290.34, 16288.97,
            10560.79, 10560.81, 723.86, 14423.84, 14774.14, 16084.36, 19953.26, 19992.31, 19997.67,
        ];
        let mut v: Vec<(f64, usize)> = d.iter().copied().zip(0..).collect();
        let cmp = |a: &(f64, usize), b: &(f64, usize)| {
            if a.0 > b.0 {
                1
            } else if a.0 == b.0 {
                0
            } else {
                -1
            }
        };
        pqsort(&mut v, &cmp, 0, 4);
        assert_eq!(
            v[..5].iter().map(|x| x.1).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4]
        );
    }
}
