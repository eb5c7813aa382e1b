//! Lua 5.1 patterns (string.find, match, gmatch, gsub): character classes, sets, `%b`, `%f`,
//! captures (including position captures and back-references), anchors, and the error texts
//! of Lua 5.1's lstrlib.c. Works on bytes, in the C locale.

const MAX_CAPTURES: usize = 32;
/// Recursion bound for patterns like `(.-)*` on long subjects (Lua: C stack, MAXCCALLS 200).
const MAX_DEPTH: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Capture {
    /// A substring (start, end) of the subject.
    Str(usize, usize),
    /// A position capture `()`: 1-based position.
    Pos(usize),
}

#[derive(Clone, Copy)]
enum Len {
    Unfinished,
    Position,
    Closed(usize),
}

struct State<'a> {
    src: &'a [u8],
    pat: &'a [u8],
    level: usize,
    capture: [(usize, Len); MAX_CAPTURES],
    depth: usize,
}

type R<T> = Result<T, String>;

fn class_end(ms: &State, mut p: usize) -> R<usize> {
    let pat = ms.pat;
    let c = pat[p];
    p += 1;
    if c == b'%' {
        if p >= pat.len() {
            return Err("malformed pattern (ends with '%')".into());
        }
        return Ok(p + 1);
    }
    if c == b'[' {
        if p < pat.len() && pat[p] == b'^' {
            p += 1;
        }
        loop {
            // Look for a ']' (the first one may be part of the set).
            if p >= pat.len() {
                return Err("malformed pattern (missing ']')".into());
            }
            let cc = pat[p];
            p += 1;
            if cc == b'%' {
                if p >= pat.len() {
                    return Err("malformed pattern (missing ']')".into());
                }
                p += 1;
            }
            if p < pat.len() && pat[p] == b']' {
                return Ok(p + 1);
            }
            if p >= pat.len() {
                return Err("malformed pattern (missing ']')".into());
            }
        }
    }
    Ok(p)
}

fn single_class(c: u8, cl: u8) -> bool {
    let res = match cl.to_ascii_lowercase() {
        b'a' => c.is_ascii_alphabetic(),
        b'c' => c.is_ascii_control(),
        b'd' => c.is_ascii_digit(),
        b'l' => c.is_ascii_lowercase(),
        b'p' => c.is_ascii_punctuation(),
        b's' => c == b' ' || (b'\t'..=b'\r').contains(&c),
        b'u' => c.is_ascii_uppercase(),
        b'w' => c.is_ascii_alphanumeric(),
        b'x' => c.is_ascii_hexdigit(),
        b'z' => c == 0,
        _ => return cl == c,
    };
    if cl.is_ascii_uppercase() {
        !res
    } else {
        res
    }
}

/// `[set]` between p (at '[') and ec (at the closing ']').
fn match_bracket_class(ms: &State, c: u8, mut p: usize, ec: usize) -> bool {
    let pat = ms.pat;
    let mut sig = true;
    if pat[p + 1] == b'^' {
        sig = false;
        p += 1;
    }
    p += 1;
    while p < ec {
        if pat[p] == b'%' {
            p += 1;
            if single_class(c, pat[p]) {
                return sig;
            }
        } else if p + 2 < ec && pat[p + 1] == b'-' {
            if pat[p] <= c && c <= pat[p + 2] {
                return sig;
            }
            p += 2;
        } else if pat[p] == c {
            return sig;
        }
        p += 1;
    }
    !sig
}

fn single_match(ms: &State, c: u8, p: usize, ep: usize) -> bool {
    match ms.pat[p] {
        b'.' => true,
        b'%' => single_class(c, ms.pat[p + 1]),
        b'[' => match_bracket_class(ms, c, p, ep - 1),
        pc => pc == c,
    }
}

fn do_match(ms: &mut State, mut s: usize, mut p: usize) -> R<Option<usize>> {
    ms.depth += 1;
    if ms.depth > MAX_DEPTH {
        return Err("pattern too complex".into());
    }
    let r = match_inner(ms, &mut s, &mut p);
    ms.depth -= 1;
    r
}

fn match_inner(ms: &mut State, s: &mut usize, p: &mut usize) -> R<Option<usize>> {
    let (src, pat) = (ms.src, ms.pat);
    loop {
        if *p >= pat.len() {
            return Ok(Some(*s));
        }
        match pat[*p] {
            b'(' => {
                return if pat.get(*p + 1) == Some(&b')') {
                    start_capture(ms, *s, *p + 2, Len::Position)
                } else {
                    start_capture(ms, *s, *p + 1, Len::Unfinished)
                };
            }
            b')' => return end_capture(ms, *s, *p + 1),
            b'%' if pat.get(*p + 1) == Some(&b'b') => {
                match match_balance(ms, *s, *p + 2)? {
                    Some(e) => {
                        *s = e;
                        *p += 4;
                        continue;
                    }
                    None => return Ok(None),
                }
            }
            b'%' if pat.get(*p + 1) == Some(&b'f') => {
                *p += 2;
                if pat.get(*p) != Some(&b'[') {
                    return Err("missing '[' after '%f' in pattern".into());
                }
                let ep = class_end(ms, *p)?;
                let prev = if *s == 0 { 0 } else { src[*s - 1] };
                let cur = src.get(*s).copied().unwrap_or(0);
                if !match_bracket_class(ms, prev, *p, ep - 1) && match_bracket_class(ms, cur, *p, ep - 1) {
                    *p = ep;
                    continue;
                }
                return Ok(None);
            }
            b'%' if pat.get(*p + 1).is_some_and(u8::is_ascii_digit) => {
                match match_capture(ms, *s, pat[*p + 1])? {
                    Some(e) => {
                        *s = e;
                        *p += 2;
                        continue;
                    }
                    None => return Ok(None),
                }
            }
            b'$' if *p + 1 == pat.len() => {
                return Ok(if *s == src.len() { Some(*s) } else { None });
            }
            _ => {}
        }
        let ep = class_end(ms, *p)?;
        let m = *s < src.len() && single_match(ms, src[*s], *p, ep);
        match pat.get(ep) {
            Some(b'?') => {
                if m {
                    if let Some(r) = do_match(ms, *s + 1, ep + 1)? {
                        return Ok(Some(r));
                    }
                }
                *p = ep + 1;
            }
            Some(b'*') => return max_expand(ms, *s, *p, ep),
            Some(b'+') => return if m { max_expand(ms, *s + 1, *p, ep) } else { Ok(None) },
            Some(b'-') => return min_expand(ms, *s, *p, ep),
            _ => {
                if !m {
                    return Ok(None);
                }
                *s += 1;
                *p = ep;
            }
        }
    }
}

fn max_expand(ms: &mut State, s: usize, p: usize, ep: usize) -> R<Option<usize>> {
    let mut i = 0;
    while s + i < ms.src.len() && single_match(ms, ms.src[s + i], p, ep) {
        i += 1;
    }
    loop {
        if let Some(r) = do_match(ms, s + i, ep + 1)? {
            return Ok(Some(r));
        }
        if i == 0 {
            return Ok(None);
        }
        i -= 1;
    }
}

fn min_expand(ms: &mut State, mut s: usize, p: usize, ep: usize) -> R<Option<usize>> {
    loop {
        if let Some(r) = do_match(ms, s, ep + 1)? {
            return Ok(Some(r));
        }
        if s < ms.src.len() && single_match(ms, ms.src[s], p, ep) {
            s += 1;
        } else {
            return Ok(None);
        }
    }
}

fn start_capture(ms: &mut State, s: usize, p: usize, what: Len) -> R<Option<usize>> {
    if ms.level >= MAX_CAPTURES {
        return Err("too many captures".into());
    }
    ms.capture[ms.level] = (s, what);
    ms.level += 1;
    let r = do_match(ms, s, p)?;
    if r.is_none() {
        ms.level -= 1;
    }
    Ok(r)
}

fn end_capture(ms: &mut State, s: usize, p: usize) -> R<Option<usize>> {
    let l = capture_to_close(ms)?;
    ms.capture[l].1 = Len::Closed(s - ms.capture[l].0);
    let r = do_match(ms, s, p)?;
    if r.is_none() {
        ms.capture[l].1 = Len::Unfinished;
    }
    Ok(r)
}

fn capture_to_close(ms: &State) -> R<usize> {
    (0..ms.level).rev().find(|&l| matches!(ms.capture[l].1, Len::Unfinished)).ok_or_else(|| "invalid pattern capture".into())
}

fn match_balance(ms: &State, s: usize, p: usize) -> R<Option<usize>> {
    if p + 1 >= ms.pat.len() {
        return Err("unbalanced pattern".into());
    }
    let (b, e) = (ms.pat[p], ms.pat[p + 1]);
    if ms.src.get(s) != Some(&b) {
        return Ok(None);
    }
    let mut cont = 1;
    let mut i = s + 1;
    while i < ms.src.len() {
        let c = ms.src[i];
        if c == e {
            cont -= 1;
            if cont == 0 {
                return Ok(Some(i + 1));
            }
        } else if c == b {
            cont += 1;
        }
        i += 1;
    }
    Ok(None)
}

fn match_capture(ms: &State, s: usize, d: u8) -> R<Option<usize>> {
    let l = (d - b'1') as usize;
    let (start, len) = match ms.capture.get(l) {
        Some(&(start, Len::Closed(len))) if l < ms.level => (start, len),
        // A position capture: Lua 5.1 compares (size_t)-2 bytes, which never fit: no match.
        Some(&(_, Len::Position)) if l < ms.level => return Ok(None),
        _ => return Err("invalid capture index".into()),
    };
    let cap = &ms.src[start..start + len];
    if ms.src.len() - s >= len && &ms.src[s..s + len] == cap {
        Ok(Some(s + len))
    } else {
        Ok(None)
    }
}

/// A successful match: where it is, and its captures (none given: the whole match).
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub captures: Vec<Capture>,
}

impl Match {
    /// The captures as Lua returns them (the whole match when the pattern has none).
    pub fn values(&self) -> Vec<Capture> {
        if self.captures.is_empty() {
            vec![Capture::Str(self.start, self.end)]
        } else {
            self.captures.clone()
        }
    }
}

/// Tries to match `pat` at exactly `s` (no anchor handling).
pub fn match_at(src: &[u8], pat: &[u8], s: usize) -> R<Option<Match>> {
    let mut ms = State { src, pat, level: 0, capture: [(0, Len::Unfinished); MAX_CAPTURES], depth: 0 };
    let Some(end) = do_match(&mut ms, s, 0)? else { return Ok(None) };
    let mut captures = Vec::with_capacity(ms.level);
    for i in 0..ms.level {
        match ms.capture[i] {
            (start, Len::Closed(len)) => captures.push(Capture::Str(start, start + len)),
            (start, Len::Position) => captures.push(Capture::Pos(start + 1)),
            (_, Len::Unfinished) => return Err("unfinished capture".into()),
        }
    }
    Ok(Some(Match { start: s, end, captures }))
}

/// Searches from `init` (0-based); `^` anchors.
pub fn find(src: &[u8], pat: &[u8], init: usize) -> R<Option<Match>> {
    let (anchor, pat) = match pat.first() {
        Some(b'^') => (true, &pat[1..]),
        _ => (false, pat),
    };
    let mut s = init;
    loop {
        if let Some(m) = match_at(src, pat, s)? {
            return Ok(Some(m));
        }
        s += 1;
        if anchor || s > src.len() {
            return Ok(None);
        }
    }
}

/// True if the pattern has no magic characters (plain search is then enough).
pub fn is_plain(pat: &[u8]) -> bool {
    !pat.iter().any(|c| b"^$*+?.([%-".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str, p: &str) -> Option<(usize, usize)> {
        find(s.as_bytes(), p.as_bytes(), 0).unwrap().map(|m| (m.start, m.end))
    }

    #[test]
    fn lua_patterns() {
        assert_eq!(m("hello world", "o w"), Some((4, 7)));
        assert_eq!(m("hello", "^h.-l"), Some((0, 3)));
        assert_eq!(m("hello", "l+"), Some((2, 4)));
        assert_eq!(m("THE (quick) fox", "%((%a+)%)"), Some((4, 11)));
        assert_eq!(m("x = f(a(b)c) + 1", "%b()"), Some((5, 12)));
        assert_eq!(m("THE quick", "%f[%a]%a+"), Some((0, 3)));
        assert_eq!(m("abc", "$"), Some((3, 3)));
        assert_eq!(m("aXb", "[%u]"), Some((1, 2)));
        assert_eq!(m("a.b", "[^%a]"), Some((1, 2)));
        assert_eq!(m("abab", "(ab)%1"), Some((0, 4)));
        assert!(find(b"a", b"%", 0).is_err());
        assert!(find(b"a", b"[a", 0).is_err());
        let r = find(b"key=val", b"(%w+)=()(%w+)", 0).unwrap().unwrap();
        assert_eq!(r.captures, vec![Capture::Str(0, 3), Capture::Pos(5), Capture::Str(4, 7)]);
    }
}
