//! Glob-style pattern matching with the exact semantics of Redis 7.0's `stringmatchlen`
//! (used by KEYS, SCAN/HSCAN/SSCAN/ZSCAN MATCH, PSUBSCRIBE, CONFIG GET, ACL channel
//! patterns, ...).
//!
//! Rules, all verified against redis-server 7.0.15:
//! - `*` matches any run of bytes (adjacent stars collapse), `?` exactly one byte.
//! - `[...]` is a class, `[^...]` its negation. `a-z` is a range; a reversed range
//!   `[z-a]` is swapped. A range needs a byte after the `-` inside the pattern, so
//!   `[a-]` is the two literals `a` and `-`. Range bounds compare bytes as C's signed
//!   `char` (x86-64), so `[a-\xff]` is the signed interval `[-1, 'a']`: it matches `A`
//!   but not `b`, and not `\x90`.
//! - `\x` escapes `x` inside and outside classes. A backslash that is the last byte of
//!   the pattern (or the last byte of an unterminated class) is a literal backslash.
//!   Escaped bytes inside a class always compare case-sensitively.
//! - `]` right after `[` (or `[^`) closes the class: `[]` matches nothing, `[^]` any byte.
//! - An unterminated `[` takes the rest of the pattern as the class.
//! - In `nocase` mode ASCII letters are folded to lower case; range bounds are swapped
//!   first and folded afterwards, so `[Z-a]` matches nothing in `nocase` mode.
//! - The empty string is never matched by a non-empty pattern, not even by `*`
//!   (`stringmatchlen("*", "")` is 0 in Redis; KEYS and SCAN special-case a lone `*`
//!   before calling it, so `KEYS *` does list the key "", while a PSUBSCRIBE `*`
//!   subscriber does not receive PUBLISH "").
//! - Protection against abusive patterns: star recursion deeper than 1000 levels fails
//!   the match (`*a` repeated 1001 times does not match 1001 `a`s), and once the tail
//!   after a star fails at every position of the string, every enclosing star gives up
//!   too, which keeps matching polynomial (O(pattern × string)).

/// Returns whether `string` matches the glob `pattern`, exactly as Redis's
/// `stringmatchlen(pattern, string, nocase)`.
pub fn glob_match(pattern: &[u8], string: &[u8], nocase: bool) -> bool {
    let mut m = Matcher {
        pat: pattern,
        s: string,
        nocase,
        give_up: false,
    };
    m.run(0, 0, 0)
}

/// Redis returns 0 from any star recursion at a depth above this.
const MAX_NESTING: u32 = 1000;

struct Matcher<'a> {
    pat: &'a [u8],
    s: &'a [u8],
    nocase: bool,
    /// Set when the tail after some `*` failed from every position of the string:
    /// no enclosing `*` can do better by consuming more.
    give_up: bool,
}

#[inline]
fn fold(c: i32) -> i32 {
    if (b'A' as i32..=b'Z' as i32).contains(&c) {
        c + 32
    } else {
        c
    }
}

/// A byte as C's (signed, on x86-64) `char`, widened to `int`.
#[inline]
fn signed(b: u8) -> i32 {
    b as i8 as i32
}

impl Matcher<'_> {
    /// Pattern byte at `i`; reading one past the end yields the NUL terminator Redis's
    /// strings carry, which the C code relies on.
    #[inline]
    fn p(&self, i: usize) -> u8 {
        self.pat.get(i).copied().unwrap_or(0)
    }

    #[inline]
    fn eq(&self, a: u8, b: u8) -> bool {
        if self.nocase {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    }

    /// Matches `pat[pi..]` against `s[si..]`.
    fn run(&mut self, mut pi: usize, mut si: usize, depth: u32) -> bool {
        if depth > MAX_NESTING {
            return false;
        }
        let plen = self.pat.len();
        let slen = self.s.len();
        while pi < plen && si < slen {
            let c = self.s[si];
            match self.pat[pi] {
                b'*' => {
                    while pi + 1 < plen && self.pat[pi + 1] == b'*' {
                        pi += 1;
                    }
                    if pi + 1 == plen {
                        return true;
                    }
                    for start in si..slen {
                        if self.run(pi + 1, start, depth + 1) {
                            return true;
                        }
                        if self.give_up {
                            return false;
                        }
                    }
                    self.give_up = true;
                    return false;
                }
                b'?' => {}
                b'[' => {
                    pi += 1;
                    let negate = self.p(pi) == b'^';
                    if negate {
                        pi += 1;
                    }
                    let mut hit = false;
                    loop {
                        let left = plen.saturating_sub(pi);
                        let pc = self.p(pi);
                        if pc == b'\\' && left >= 2 {
                            pi += 1;
                            if self.pat[pi] == c {
                                hit = true;
                            }
                        } else if pc == b']' {
                            break;
                        } else if left == 0 {
                            // Unterminated class: stay on its last byte, which the
                            // common advance below consumes.
                            pi -= 1;
                            break;
                        } else if left >= 3 && self.pat[pi + 1] == b'-' {
                            let (mut lo, mut hi) = (signed(pc), signed(self.pat[pi + 2]));
                            let mut ch = signed(c);
                            if lo > hi {
                                core::mem::swap(&mut lo, &mut hi);
                            }
                            if self.nocase {
                                lo = fold(lo);
                                hi = fold(hi);
                                ch = fold(ch);
                            }
                            pi += 2;
                            if lo <= ch && ch <= hi {
                                hit = true;
                            }
                        } else if self.eq(pc, c) {
                            hit = true;
                        }
                        pi += 1;
                    }
                    if hit == negate {
                        return false;
                    }
                }
                pc => {
                    let lit = if pc == b'\\' && pi + 1 < plen {
                        pi += 1;
                        self.pat[pi]
                    } else {
                        pc
                    };
                    if !self.eq(lit, c) {
                        return false;
                    }
                }
            }
            pi += 1;
            si += 1;
            if si == slen {
                while pi < plen && self.pat[pi] == b'*' {
                    pi += 1;
                }
                break;
            }
        }
        pi >= plen && si == slen
    }
}

#[cfg(test)]
mod tests {
    use super::glob_match;
    use alloc::vec::Vec;

    /// (pattern, string, matches) — every row checked with `SET string 1; KEYS pattern`
    /// on redis-server 7.0.15.
    const KEYS_CASES: &[(&[u8], &[u8], bool)] = &[
        (b"*", b"hello", true),
        (b"**", b"", false),
        (b"*", b"x", true),
        (b"h?llo", b"hello", true),
        (b"h?llo", b"hllo", false),
        (b"h*llo", b"hllo", true),
        (b"h*llo", b"heeeello", true),
        (b"h[ae]llo", b"hello", true),
        (b"h[ae]llo", b"hillo", false),
        (b"h[^e]llo", b"hallo", true),
        (b"h[^e]llo", b"hello", false),
        (b"h[a-b]llo", b"hbllo", true),
        (b"h[a-b]llo", b"hcllo", false),
        (b"[z-a]", b"m", true),
        (b"[z-a]", b"A", false),
        (b"[a-z]", b"-", false),
        (b"[a-]", b"-", false),
        (b"[a-]", b"a", true),
        (b"[-a]", b"-", true),
        (b"[]]", b"]", false),
        (b"[]a]", b"a", false),
        (b"[]a]", b"]a]", false),
        (b"[^]", b"x", true),
        (b"[^]]", b"x", false),
        (b"[^]]", b"]", false),
        (b"[^", b"x", true),
        (b"[^", b"", false),
        (b"[", b"[", false),
        (b"[", b"", false),
        (b"[abc", b"c", true),
        (b"[abc", b"[", false),
        (b"a[", b"a", false),
        (b"a[", b"a[", false),
        (b"[a-", b"-", true),
        (b"[a-", b"a", true),
        (b"[a-", b"b", false),
        (b"[\\]]", b"]", true),
        (b"[\\]", b"\\", false),
        (b"[\\", b"\\", true),
        (b"[a\\-z]", b"-", true),
        (b"[a\\-z]", b"b", false),
        (b"[\\a-z]", b"b", false),
        (b"[\\^a]", b"^", true),
        (b"\\*", b"*", true),
        (b"\\*", b"x", false),
        (b"\\?", b"?", true),
        (b"\\?", b"a", false),
        (b"\\[a]", b"[a]", true),
        (b"\\[a]", b"a", false),
        (b"a\\", b"a\\", true),
        (b"a\\", b"a", false),
        (b"\\", b"\\", true),
        (b"\\\\", b"\\", true),
        (b"\\a", b"a", true),
        (b"a*", b"a", true),
        (b"a*b", b"ab", true),
        (b"a*b", b"acb", true),
        (b"a*b", b"acbd", false),
        (b"*b*", b"abc", true),
        (b"*?", b"", false),
        (b"?*", b"a", true),
        (b"a**", b"a", true),
        (b"a*?*", b"a", false),
        (b"a*?", b"ab", true),
        (b"[a-c]*[x-z]", b"bxxz", true),
        (b"h[a-z]*", b"hello", true),
        (b"[0-9][0-9]", b"42", true),
        (b"[0-9][0-9]", b"4a", false),
        (b"[\x80-\xff]", b"\x90", true),
        (b"[a-\xff]", b"b", false),
        (b"[a-\xff]", b"A", true),
        (b"[a-\xff]", b"\x90", false),
        (b"[\x00-a]", b"\x90", false),
        (b"?", b"\xe9", true),
        (b"\xe9", b"\xe9", true),
        (b"user:*:name", b"user:42:name", true),
        (b"user:*:name", b"user:42:age", false),
        (b"*:*", b"a:b", true),
        (b"*[", b"a[", false),
        (b"[*]", b"*", true),
        (b"[*]", b"a", false),
        (b"[?]", b"?", true),
        (b"[?]", b"a", false),
        (b"a[b-]c", b"a-c", false),
        (b"a[-]c", b"a-c", true),
        (b"[!a]", b"b", false),
        (b"[!a]", b"!", true),
        (b"{a,b}", b"a", false),
        (b"{a,b}", b"{a,b}", true),
    ];

    #[test]
    fn matches_redis_keys() {
        for &(p, s, want) in KEYS_CASES {
            assert_eq!(
                glob_match(p, s, false),
                want,
                "pattern {:?} string {:?}",
                p,
                s
            );
        }
    }

    /// Checked with CONFIG GET, which matches config names with nocase=1.
    #[test]
    fn nocase_like_config_get() {
        assert!(glob_match(b"MAXMEMOR[!-Z]", b"maxmemory", true));
        assert!(!glob_match(b"MAXMEMOR[!-Z]", b"maxmemory", false));
        assert!(glob_match(b"maxmemor[Y-z]", b"maxmemory", true));
        assert!(!glob_match(b"maxmemor[Z-a]", b"maxmemory", true));
        assert!(!glob_match(b"[Z-a]", b"_", true));
        assert!(glob_match(b"[Z-a]", b"_", false));
        assert!(!glob_match(b"MAXMEMOR[^Y]", b"maxmemory", true));
        assert!(glob_match(b"*MEMORY*", b"maxmemory-policy", true));
        assert!(!glob_match(b"maxmemor[a-Y]", b"maxmemory", true));
        // An escaped byte inside a class compares case-sensitively even in nocase mode.
        assert!(!glob_match(b"maxmemor[\\Y]", b"maxmemory", true));
        // (Not observable through CONFIG GET, which looks names without `[*?` up
        // directly.) An escape outside a class folds case like any literal.
        assert!(glob_match(b"maxmemor\\Y", b"maxmemory", true));
    }

    fn rep(unit: &[u8], n: usize) -> Vec<u8> {
        let mut v = Vec::new();
        for _ in 0..n {
            v.extend_from_slice(unit);
        }
        v
    }

    /// Checked with KEYS: star recursion deeper than 1000 fails the match.
    #[test]
    fn nesting_limit() {
        for (n, want) in [(999, true), (1000, true), (1001, false), (1002, false)] {
            assert_eq!(
                glob_match(&rep(b"*a", n), &rep(b"a", n), false),
                want,
                "*a x{}",
                n
            );
            let mut p = rep(b"a*", n);
            p.push(b'b');
            let mut s = rep(b"a", n);
            s.push(b'b');
            assert_eq!(glob_match(&p, &s, false), want, "a* x{} b", n);
        }
    }

    #[test]
    fn pathological_patterns_are_fast() {
        let p = b"*a*a*a*a*a*a*a*a*a*a*a*b";
        let mut s = rep(b"a", 60);
        assert!(!glob_match(p, &s, false));
        s.push(b'b');
        assert!(glob_match(p, &s, false));
        // Far larger inputs: must still finish instantly.
        let p = rep(b"*a", 500);
        let s = rep(b"a", 20000);
        assert!(glob_match(&p, &s, false));
        let mut p2 = p.clone();
        p2.extend_from_slice(b"*b");
        assert!(!glob_match(&p2, &s, false));
        let p3 = rep(b"*?", 800);
        assert!(!glob_match(&p3, &rep(b"x", 700), false));
        assert!(glob_match(&p3, &rep(b"x", 900), false));
    }
}
