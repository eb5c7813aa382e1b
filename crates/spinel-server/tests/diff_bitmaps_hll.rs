//! Differential tests of the bitmap (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD,
//! BITFIELD_RO) and HyperLogLog (PFADD, PFCOUNT, PFMERGE) commands: the same commands go to
//! spinel-server and to a real redis-server and the replies must match byte for byte
//! (no accepted difference applies to these commands).
//!
//! - Scripted cases for the edges, and HLL values copied byte for byte from one server to the
//!   other (Redis's representation is Spinel's, in both directions).
//! - A seeded random run over few keys, so bitmaps, HLLs, plain strings and a list collide:
//!   bit commands corrupt HLLs, PFADD meets strings that are not HLLs, and so on. Every value
//!   is compared with GET along the way. `SPINEL_DIFF_SEED` and `SPINEL_DIFF_COUNT` (default
//!   6000) control it; the seed is printed with every failure.
//!
//! Offsets stay small for writes (Redis really allocates up to 512 MB for a bit at 2^32-1);
//! large offsets only appear in reads and in rejected arguments.

mod common;

use common::{split_command, Differ};

// ---------------------------------------------------------------------------------------------
// Scripted cases
// ---------------------------------------------------------------------------------------------

fn run_script(name: &str, script: &str) {
    let mut differ = Differ::start(format!("scripted `{name}`"));
    differ.run_str("FLUSHALL");
    for line in script.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        differ.run(&split_command(line));
    }
    differ.finish();
}

#[test]
fn scripted_bitmaps() {
    run_script(
        "bitmaps",
        r#"
        SETBIT k 7 1
        SETBIT k 7 1
        SETBIT k 100 0
        GET k
        GETBIT k 7
        GETBIT k 99999
        SETBIT k 4294967296 1
        SETBIT k -1 1
        SETBIT k 1 2
        SETBIT k x y
        GETBIT k x
        SETBIT k
        GETBIT k
        SET s "\x00\xff\x0f\xf0abc"
        BITCOUNT s
        BITCOUNT s 1 2
        BITCOUNT s -2 -1
        BITCOUNT s 3 29 BIT
        BITCOUNT s 0 0 byte
        BITCOUNT s 0 1 bits
        BITCOUNT s 0
        BITCOUNT nokey 0
        BITCOUNT
        BITPOS s 1
        BITPOS s 0
        BITPOS s 0 1
        BITPOS s 1 2 3
        BITPOS s 0 1 1
        BITPOS s 1 9 30 BIT
        BITPOS s 0 8 15 BIT
        BITPOS s 0 -1 -1 BIT
        BITPOS s 2
        BITPOS s 1 0 1 2 3
        BITPOS s
        BITPOS nokey 0 x
        SET n 1234
        BITCOUNT n
        BITPOS n 1
        GETBIT n 2
        OBJECT ENCODING n
        SETBIT n 2 1
        OBJECT ENCODING n
        GET n
        BITOP AND d s n
        GET d
        BITOP OR d s n nokey
        GET d
        BITOP XOR d s s
        GET d
        BITOP NOT d s
        GET d
        OBJECT ENCODING d
        BITOP NOT d s n
        BITOP nand d s
        BITOP AND d nokey
        EXISTS d
        BITOP AND d
        SET e ""
        BITOP OR d e
        EXISTS d
        BITFIELD f SET i8 0 -100 INCRBY i8 0 -100 GET i8 0 GET u8 0
        BITFIELD f OVERFLOW SAT INCRBY i8 0 -100 OVERFLOW FAIL INCRBY i8 0 -1 GET i8 0
        BITFIELD f SET u63 #1 9223372036854775807 INCRBY u63 #1 1 GET i64 #1
        BITFIELD f GET u64 0
        BITFIELD f GET i8 #-1
        BITFIELD f OVERFLOW MAYBE
        BITFIELD f GET
        BITFIELD_RO f GET u8 0 GET i4 #2
        BITFIELD_RO f SET u8 0 1
        BITFIELD_RO f
        BITFIELD_RO
        GET f
        LPUSH l x
        SETBIT l 0 1
        GETBIT l 0
        BITCOUNT l
        BITPOS l 1
        BITOP AND d l
        BITOP AND l s
        TYPE l
        BITFIELD l GET u8 0
        BITFIELD_RO l GET u8 0
        "#,
    );
}

#[test]
fn scripted_bitmaps_resp3() {
    run_script(
        "bitmaps over RESP3",
        r#"
        HELLO 3
        BITFIELD k OVERFLOW FAIL SET u8 0 300 SET u8 0 5 INCRBY u8 0 255 GET u8 0
        BITFIELD_RO k GET u8 0 GET i64 3
        BITPOS k 1
        BITCOUNT k
        "#,
    );
}

#[test]
fn scripted_hyperloglog() {
    run_script(
        "hyperloglog",
        r#"
        PFADD h
        PFADD h
        GET h
        PFADD h a b c d e f g
        PFCOUNT h
        PFCOUNT h
        GET h
        PFADD h2 f g h i
        PFCOUNT h h2
        PFCOUNT h h2 nokey
        PFMERGE m h h2
        GET m
        PFCOUNT m
        PFMERGE m
        PFMERGE new
        GET new
        OBJECT ENCODING new
        PFADD
        PFCOUNT
        PFMERGE
        SET s hello
        PFADD s a
        PFCOUNT s
        PFCOUNT h s
        PFMERGE s h
        PFMERGE h s
        SET i 42
        PFCOUNT i
        SET hdr "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80"
        PFADD hdr a
        PFCOUNT hdr
        SET short "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xfe"
        PFADD short a
        GET short
        PFCOUNT short
        PFCOUNT short h
        PFMERGE z short
        EXISTS z
        SET emb "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff"
        OBJECT ENCODING emb
        PFCOUNT emb emb
        OBJECT ENCODING emb
        PFCOUNT emb
        OBJECT ENCODING emb
        GET emb
        LPUSH l x
        PFADD l a
        PFCOUNT l
        PFCOUNT h l
        PFMERGE l h
        PFMERGE h l
        "#,
    );
}

// ---------------------------------------------------------------------------------------------
// HLL values copied between the servers
// ---------------------------------------------------------------------------------------------

/// The payload of a bulk reply.
fn bulk_payload(reply: &[u8]) -> Vec<u8> {
    assert_eq!(
        reply[0],
        b'$',
        "not a bulk reply: {:?}",
        String::from_utf8_lossy(reply)
    );
    let start = reply.iter().position(|&b| b == b'\n').unwrap() + 1;
    reply[start..reply.len() - 2].to_vec()
}

fn pfadd_args(key: &str, from: usize, to: usize) -> Vec<Vec<u8>> {
    let mut args = vec![b"PFADD".to_vec(), key.as_bytes().to_vec()];
    args.extend((from..to).map(|i| format!("el:{i}").into_bytes()));
    args
}

/// PFADD on one server only, GET its bytes, SET them on the other: from then on both hold
/// the same value and every command on it must agree, byte for byte.
#[test]
fn hll_values_move_between_servers() {
    let mut differ = Differ::start("HLL values copied between servers");
    differ.run_str("FLUSHALL");
    // Sizes: tiny sparse, large sparse, just promoted, dense.
    for (i, &n) in [3usize, 900, 1700, 20_000].iter().enumerate() {
        for redis_first in [true, false] {
            let key = format!("hll:{i}:{redis_first}");
            let (src, dst) = if redis_first {
                (&mut differ.redis, &mut differ.spinel)
            } else {
                (&mut differ.spinel, &mut differ.redis)
            };
            for start in (0..n).step_by(1000) {
                src.cmd(&pfadd_args(&key, start, n.min(start + 1000)));
            }
            let bytes = bulk_payload(&src.cmd(&[b"GET", key.as_bytes()]));
            assert_eq!(
                dst.cmd(&[b"SET".as_slice(), key.as_bytes(), &bytes]),
                b"+OK\r\n"
            );
            differ.run(&[&b"GET"[..], key.as_bytes()]);
            differ.run(&[&b"PFCOUNT"[..], key.as_bytes()]);
            differ.run(&[&b"GET"[..], key.as_bytes()]);
            differ.run(&pfadd_args(&key, n, n + 500));
            differ.run(&[&b"GET"[..], key.as_bytes()]);
            differ.run(&[&b"PFCOUNT"[..], key.as_bytes()]);
            differ.run(&[&b"STRLEN"[..], key.as_bytes()]);
        }
    }
    differ.run_str("PFCOUNT hll:0:true hll:1:false hll:2:true hll:3:false");
    differ.run_str("PFMERGE merged hll:0:false hll:1:true hll:2:false");
    differ.run_str("GET merged");
    differ.run_str("PFMERGE merged hll:3:true");
    differ.run_str("GET merged");
    differ.run_str("PFCOUNT merged");
    differ.finish();
}

// ---------------------------------------------------------------------------------------------
// Random cases
// ---------------------------------------------------------------------------------------------

const DEFAULT_SEED: u64 = 0xB17_5EED;
const DEFAULT_COUNT: usize = 6000;

/// xorshift64* seeded through splitmix64: deterministic for a seed.
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
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Few keys so everything collides: `l` is a list (WRONGTYPE), `s` starts as a plain
/// string, `n` as an integer, the others are bitmaps and HLLs by turns.
const KEYS: [&str; 8] = ["b1", "b2", "h1", "h2", "h3", "s", "n", "l"];

const TYPES: [&str; 21] = [
    "i1", "i3", "i8", "i13", "i16", "i32", "i63", "i64", "u1", "u2", "u8", "u15", "u16", "u32",
    "u62", "u63", // invalid
    "u64", "i65", "i0", "I8", "x8",
];

const UNITS: [&str; 6] = ["BYTE", "BIT", "bit", "byte", "BITS", "bit\0junk"];

fn b(s: impl AsRef<[u8]>) -> Vec<u8> {
    s.as_ref().to_vec()
}

struct Gen {
    rng: Rng,
}

impl Gen {
    fn key(&mut self) -> Vec<u8> {
        if self.rng.chance(3) {
            return b("missing");
        }
        b(self.rng.pick(&KEYS))
    }

    /// Mostly a bitmap key; now and then any key.
    fn bkey(&mut self) -> Vec<u8> {
        if self.rng.chance(80) {
            b(*self.rng.pick(&["b1", "b2", "b2", "s", "n"]))
        } else {
            self.key()
        }
    }

    /// Mostly an HLL key; now and then any key (a bitmap, a list, a missing key).
    fn hkey(&mut self) -> Vec<u8> {
        if self.rng.chance(85) {
            b(*self.rng.pick(&["h1", "h2", "h3"]))
        } else {
            self.key()
        }
    }

    fn bitfield_type(&mut self) -> Vec<u8> {
        if self.rng.chance(93) {
            b(*self.rng.pick(&TYPES[..16]))
        } else {
            b(*self.rng.pick(&TYPES[16..]))
        }
    }

    /// A range index for BITCOUNT/BITPOS.
    fn index(&mut self) -> Vec<u8> {
        match self.rng.below(20) {
            0 => b(*self.rng.pick(&[
                "9223372036854775807",
                "-9223372036854775808",
                "x",
                "1.5",
                "",
                "+1",
                "01",
            ])),
            1..=4 => b(self.rng.range(-400, 400).to_string()),
            _ => b(self.rng.range(-20, 40).to_string()),
        }
    }

    /// A bit offset for a write: small, sometimes a few kilobytes in.
    fn write_offset(&mut self) -> Vec<u8> {
        match self.rng.below(30) {
            0 => b(*self
                .rng
                .pick(&["-1", "x", "4294967296", "01", "", "18446744073709551616"])),
            1 => b(self.rng.range(0, 80_000).to_string()),
            _ => b(self.rng.range(0, 300).to_string()),
        }
    }

    /// A bit offset for a read: may be far beyond the string.
    fn read_offset(&mut self) -> Vec<u8> {
        if self.rng.chance(5) {
            return b(*self.rng.pick(&["4294967295", "4294967296", "99999999"]));
        }
        self.write_offset()
    }

    /// A BITFIELD offset: plain, `#N`, or invalid.
    fn field_offset(&mut self, write: bool) -> Vec<u8> {
        match self.rng.below(12) {
            0 => b(*self.rng.pick(&[
                "#-1",
                "#",
                "##1",
                "-1",
                "x",
                "#x",
                "4294967296",
                "#4294967296",
            ])),
            1..=3 => b(format!("#{}", self.rng.range(0, 12))),
            // Far offsets only for reads: a write there really allocates (up to 512 MB).
            4 if !write => b(*self
                .rng
                .pick(&["4294967295", "#67108863", "99999", "#536870912"])),
            _ => b(self.rng.range(0, 200).to_string()),
        }
    }

    fn field_value(&mut self) -> Vec<u8> {
        match self.rng.below(12) {
            0 => b(*self.rng.pick(&["x", "1.5", "", "9223372036854775808"])),
            1 => b(*self.rng.pick(&[
                "9223372036854775807",
                "-9223372036854775808",
                "-9223372036854775807",
            ])),
            2 => b((self.rng.next() as i64).to_string()),
            3 => b(*self.rng.pick(&[
                "127", "128", "-128", "-129", "255", "256", "32767", "-32768", "65535", "65536",
            ])),
            _ => b(self.rng.range(-300, 300).to_string()),
        }
    }

    fn element(&mut self) -> Vec<u8> {
        if self.rng.chance(5) {
            return (0..self.rng.range(0, 12))
                .map(|_| self.rng.below(256) as u8)
                .collect();
        }
        b(format!("e{}", self.rng.below(3000)))
    }

    fn value(&mut self) -> Vec<u8> {
        match self.rng.below(8) {
            0 => b(""),
            1 => b(self.rng.range(-1000, 100_000).to_string()),
            2 => b(b"HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff"),
            3 => b(b"HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xfe"),
            4 => b("HYLL"),
            5 => (0..self.rng.range(1, 60))
                .map(|_| self.rng.below(256) as u8)
                .collect(),
            _ => b("hello world"),
        }
    }

    /// An HLL value: empty, or corrupted in one of the ways Redis detects. (Not a truncated
    /// final XZERO opcode: Redis then reads the byte past the end of the string, which after
    /// an in-place update is a leftover of the update instead of the terminator; Spinel
    /// reads 0. Only hand-made values can end that way.)
    fn value_hll(&mut self) -> Vec<u8> {
        let hdr = b"HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80";
        let ops: &[u8] = match self.rng.below(8) {
            0 => b"\x7f\xfe",
            1 => b"\x7f\xff\x80",
            2 => b"\x7f\xff\x00",
            3 => b"\x5f\xff\x93\x5f\xfb",
            _ => b"\x7f\xff",
        };
        [&hdr[..], ops].concat()
    }

    fn bitfield(&mut self, ro: bool) -> Vec<Vec<u8>> {
        let mut cmd = vec![b(if ro { "BITFIELD_RO" } else { "BITFIELD" }), self.bkey()];
        for _ in 0..self.rng.range(0, 4) {
            let (ty, write) = (self.bitfield_type(), !ro || self.rng.chance(5));
            match self.rng.below(10) {
                0 if write => {
                    cmd.push(b("OVERFLOW"));
                    cmd.push(b(*self
                        .rng
                        .pick(&["WRAP", "SAT", "FAIL", "wrap", "sat", "fail", "BAD"])));
                }
                1..=3 if write => {
                    cmd.push(b(*self.rng.pick(&["SET", "set"])));
                    cmd.push(ty);
                    cmd.push(self.field_offset(true));
                    cmd.push(self.field_value());
                }
                4..=5 if write => {
                    cmd.push(b(*self.rng.pick(&["INCRBY", "incrby"])));
                    cmd.push(ty);
                    cmd.push(self.field_offset(true));
                    cmd.push(self.field_value());
                }
                6 => {
                    // A truncated or unknown operation.
                    cmd.push(b(*self
                        .rng
                        .pick(&["GET", "SET", "FOO", "OVERFLOW", "INCRBY"])));
                    if self.rng.chance(50) {
                        cmd.push(ty);
                    }
                }
                _ => {
                    cmd.push(b(*self.rng.pick(&["GET", "get"])));
                    cmd.push(ty);
                    cmd.push(self.field_offset(false));
                }
            }
        }
        cmd
    }

    fn next_cmd(&mut self) -> Vec<Vec<u8>> {
        match self.rng.below(100) {
            0..=9 => {
                let mut cmd = vec![b("SETBIT"), self.bkey(), self.write_offset()];
                cmd.push(b(*self.rng.pick(&["0", "1", "1", "0", "2", "-1", "x"])));
                if self.rng.chance(2) {
                    cmd.pop();
                }
                cmd
            }
            10..=14 => vec![b("GETBIT"), self.bkey(), self.read_offset()],
            15..=21 => {
                let mut cmd = vec![b("BITCOUNT"), self.bkey()];
                let n = *self.rng.pick(&[0usize, 2, 2, 3, 1, 4]);
                for i in 0..n {
                    cmd.push(if i < 2 {
                        self.index()
                    } else {
                        b(*self.rng.pick(&UNITS))
                    });
                }
                cmd
            }
            22..=30 => {
                let mut cmd = vec![
                    b("BITPOS"),
                    self.bkey(),
                    b(*self.rng.pick(&["0", "1", "0", "1", "2", "x"])),
                ];
                let n = *self.rng.pick(&[0usize, 1, 2, 2, 3, 3, 4]);
                for i in 0..n {
                    cmd.push(if i < 2 {
                        self.index()
                    } else {
                        b(*self.rng.pick(&UNITS))
                    });
                }
                cmd
            }
            31..=37 => {
                let op = b(*self.rng.pick(&[
                    "AND", "OR", "XOR", "NOT", "and", "or", "xor", "not", "NAND", "not\0x",
                ]));
                let mut cmd = vec![b("BITOP"), op, self.bkey()];
                for _ in 0..self.rng.range(0, 3) {
                    cmd.push(self.bkey());
                }
                cmd
            }
            38..=47 => self.bitfield(false),
            48..=51 => self.bitfield(true),
            52..=63 => {
                let mut cmd = vec![b("PFADD"), self.hkey()];
                let n = match self.rng.below(20) {
                    0 => self.rng.range(200, 1500),
                    1..=4 => self.rng.range(10, 100),
                    _ => self.rng.range(0, 5),
                };
                for _ in 0..n {
                    cmd.push(self.element());
                }
                cmd
            }
            64..=70 => {
                let mut cmd = vec![b("PFCOUNT")];
                for _ in 0..*self.rng.pick(&[1, 1, 1, 2, 3, 0]) {
                    cmd.push(self.hkey());
                }
                cmd
            }
            71..=75 => {
                let mut cmd = vec![b("PFMERGE")];
                for _ in 0..*self.rng.pick(&[1, 2, 2, 3, 4, 0]) {
                    cmd.push(self.hkey());
                }
                cmd
            }
            76..=88 => vec![b("GET"), self.key()],
            89..=90 => vec![b("OBJECT"), b("ENCODING"), self.key()],
            91 => vec![b("STRLEN"), self.key()],
            92..=93 => {
                let key = self.key();
                if key == b"l" {
                    return vec![b("LPUSH"), key, b("x")];
                }
                if key.starts_with(b"h") {
                    // Back to an HLL (or nothing) most of the time.
                    return match self.rng.below(10) {
                        0..=3 => vec![b("DEL"), key],
                        4..=7 => vec![b("SET"), key, self.value_hll()],
                        _ => vec![b("SET"), key, self.value()],
                    };
                }
                vec![b("SET"), key, self.value()]
            }
            94 => vec![b("DEL"), self.key()],
            95 => vec![b("APPEND"), self.bkey(), self.value()],
            96 => vec![
                b("SETRANGE"),
                self.bkey(),
                b(self.rng.range(0, 40).to_string()),
                self.value(),
            ],
            97 => vec![b("TYPE"), self.key()],
            _ => {
                // Wrong arities.
                let name = *self.rng.pick(&[
                    "SETBIT",
                    "GETBIT",
                    "BITCOUNT",
                    "BITPOS",
                    "BITOP",
                    "BITFIELD",
                    "BITFIELD_RO",
                    "PFADD",
                    "PFCOUNT",
                    "PFMERGE",
                ]);
                let mut cmd = vec![b(name)];
                for _ in 0..self.rng.range(0, 2) {
                    cmd.push(self.key());
                }
                cmd
            }
        }
    }
}

/// True for a sparse HLL whose opcodes end with the first byte of an XZERO: reading it, Redis
/// reads one byte past the end of the string. That byte is the terminator (0, which Spinel
/// assumes) until an in-place update of such a value leaves a byte of its own there, which
/// Spinel does not keep (see the report of this test's author; only bit-level edits of an
/// HLL, never Redis or Spinel themselves, produce such values).
fn ends_in_truncated_xzero(v: &[u8]) -> bool {
    if v.len() < 17 || &v[..4] != b"HYLL" || v[4] != 1 {
        return false;
    }
    let mut p = 16;
    while p < v.len() {
        if v[p] & 0xc0 == 0x40 {
            if p + 1 == v.len() {
                return true;
            }
            p += 2;
        } else {
            p += 1;
        }
    }
    false
}

/// Before a PF command, deletes (on both servers) any key it reads that
/// [`ends_in_truncated_xzero`].
fn avoid_bytes_past_the_end(differ: &mut Differ, cmd: &[Vec<u8>]) {
    let keys = match cmd[0].as_slice() {
        b"PFADD" => &cmd[1..cmd.len().min(2)],
        b"PFCOUNT" | b"PFMERGE" => &cmd[1..],
        _ => return,
    };
    for key in keys {
        let reply = differ.redis.cmd(&[b"GET".as_slice(), key]);
        if reply.starts_with(b"$")
            && reply != b"$-1\r\n"
            && ends_in_truncated_xzero(&bulk_payload(&reply))
        {
            differ.run(&[b"DEL".as_slice(), key]);
        }
    }
}

fn random_run(label: &str, seed: u64, count: usize, resp3: bool) {
    let mut differ = Differ::start(format!(
        "{label} seed={seed} count={count} \
         (reproduce: SPINEL_DIFF_SEED={seed} SPINEL_DIFF_COUNT={count} \
         cargo test -p spinel-server --test diff_bitmaps_hll {label})"
    ));
    differ.run_str("FLUSHALL");
    if resp3 {
        differ.run_str("HELLO 3");
    }
    differ.run_str("LPUSH l x");
    differ.run_str("SET s \"hello world\"");
    differ.run_str("SET n 12345");
    let mut gen = Gen {
        rng: Rng::new(seed),
    };
    for _ in 0..count {
        let cmd = gen.next_cmd();
        avoid_bytes_past_the_end(&mut differ, &cmd);
        differ.run(&cmd);
    }
    // Final state: every value, byte for byte.
    differ.run_str("DBSIZE");
    for key in KEYS {
        differ.run(&[&b"TYPE"[..], key.as_bytes()]);
        differ.run(&[&b"GET"[..], key.as_bytes()]);
        differ.run(&[&b"OBJECT"[..], b"ENCODING", key.as_bytes()]);
    }
    differ.finish();
}

#[test]
fn random() {
    random_run("random", common::seed_from_env(DEFAULT_SEED), common::count_from_env(DEFAULT_COUNT), false);
}

#[test]
fn random_resp3() {
    random_run(
        "random_resp3",
        common::seed_from_env(DEFAULT_SEED).wrapping_add(1),
        common::count_from_env(DEFAULT_COUNT) / 3,
        true,
    );
}

#[test]
fn generator_is_deterministic() {
    let render = |seed| {
        let mut gen = Gen {
            rng: Rng::new(seed),
        };
        (0..300).map(|_| gen.next_cmd()).collect::<Vec<_>>()
    };
    assert_eq!(render(7), render(7));
    assert_ne!(render(7), render(8));
}

/// PFDEBUG (GETREG, DECODE, ENCODING, TODENSE, errors) and PFSELFTEST, beside Redis: the
/// same registers, sparse opcodes and encodings byte for byte.
#[test]
fn pfdebug_and_pfselftest_match_redis() {
    run_script(
        "pfdebug",
        r#"
        PFSELFTEST
        PFDEBUG ENCODING nokey
        PFADD h a b c d e f g
        PFDEBUG ENCODING h
        PFDEBUG DECODE h
        PFDEBUG GETREG h
        PFDEBUG ENCODING h
        PFDEBUG DECODE h
        PFDEBUG TODENSE h
        GET h
        PFCOUNT h
        PFADD s x y
        PFDEBUG TODENSE s
        PFDEBUG TODENSE s
        PFCOUNT s
        PFADD e
        PFDEBUG DECODE e
        PFDEBUG BOGUS h
        SET str hello
        PFDEBUG ENCODING str
        PFDEBUG ENCODING
        PFSELFTEST extra
        "#,
    );
}
