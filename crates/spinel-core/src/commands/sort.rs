//! SORT and SORT_RO, as Redis 7.0.15's sort.c.
//!
//! Notes on behaviour that is easy to get wrong:
//! - Options are parsed left to right before the key is looked up, so syntax and LIMIT
//!   integer errors win over WRONGTYPE. A `BY` pattern without `*` switches sorting off for
//!   good (a later `BY` with `*` does not switch it back on).
//! - A set with sorting off is sorted ALPHA anyway when STOREd (deterministic replication).
//! - Lists and sorted sets with sorting off keep their order (reversed by DESC) and LIMIT is
//!   applied while loading; a sorted set is converted to the skiplist encoding by any SORT
//!   (Redis does it destructively, even for SORT_RO).
//! - Numeric scores are C `strtod` on the C string (up to a NUL): leading whitespace is
//!   skipped, the empty string is 0, trailing garbage, NaN and out-of-range values give
//!   `ERR One or more scores can't be converted into double` (so do subnormal results, for
//!   which glibc sets ERANGE). Missing BY values score 0.
//!   Equal scores are ordered by the elements themselves (binary comparison).
//! - ALPHA compares with `strcoll` (C locale: bytes up to the first NUL) when replying and
//!   with a binary comparison when storing; missing BY values sort first.
//! - STORE writes a list (replacing any value and its TTL) or deletes the destination when
//!   the result is empty; the reply is the number of stored elements.

use super::{CommandSpec, Ctx, SYNTAX, WRONGTYPE};
use crate::engine::Engine;
use crate::notify::class;
use crate::num::parse_i64;
use crate::types::list::List;
use crate::value::Value;
use alloc::boxed::Box;
use alloc::vec::Vec;
use core::cmp::Ordering;

use super::acl as a;
use super::flags as f;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new(
        "sort",
        -2,
        f::WRITE | f::DENYOOM,
        a::WRITE | a::SET | a::SORTEDSET | a::LIST | a::SLOW | a::DANGEROUS,
        sort_command,
    )
    .keys(1, 1, 1),
    CommandSpec::new(
        "sort_ro",
        -2,
        f::READONLY,
        a::READ | a::SET | a::SORTEDSET | a::LIST | a::SLOW | a::DANGEROUS,
        sort_ro_command,
    )
    .keys(1, 1, 1),
];

fn sort_command(e: &mut Engine, ctx: &mut Ctx) {
    sort_generic(e, ctx, false);
}

fn sort_ro_command(e: &mut Engine, ctx: &mut Ctx) {
    sort_generic(e, ctx, true);
}

/// An argument as C sees it: up to its first NUL byte.
#[inline]
fn cstr(arg: &[u8]) -> &[u8] {
    match arg.iter().position(|&b| b == 0) {
        Some(i) => &arg[..i],
        None => arg,
    }
}

#[inline]
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// The score of a value as sort.c computes it with `strtod`; `None` is a conversion error.
fn strtod_score(v: &[u8]) -> Option<f64> {
    let s = cstr(v);
    if s.is_empty() {
        // strtod consumed nothing and the end pointer is at the terminating NUL.
        return Some(0.0);
    }
    let start = s.iter().position(|&b| !is_c_space(b)).unwrap_or(s.len());
    let t = &s[start..];
    if t.is_empty() {
        return None;
    }
    // glibc's strtod reports ERANGE for subnormal results too, which sort.c refuses.
    crate::num::parse_f64(t).filter(|v| !v.is_subnormal())
}

/// Binary comparison (`compareStringObjects`).
#[inline]
fn bin_cmp(a: &[u8], b: &[u8]) -> Ordering {
    a.cmp(b)
}

/// `strcoll` in the C locale: bytes up to the first NUL.
#[inline]
fn coll_cmp(a: &[u8], b: &[u8]) -> Ordering {
    cstr(a).cmp(cstr(b))
}

/// Redis's `lookupKeyByPattern`: `#` is the element itself; the first `*` is replaced by
/// the element; `->field` after it reads a hash field. Only strings (or hashes with a
/// field) give a value.
fn lookup_by_pattern(e: &mut Engine, db: usize, pattern: &[u8], subst: &[u8]) -> Option<Vec<u8>> {
    let cpat = cstr(pattern);
    if cpat == b"#" {
        return Some(subst.to_vec());
    }
    let p = cpat.iter().position(|&b| b == b'*')?;
    let after = &cpat[p + 1..];
    let arrow = after.windows(2).position(|w| w == b"->").map(|i| p + 1 + i);
    let (postfix, field) = match arrow {
        Some(f) if f + 2 < cpat.len() => (&pattern[p + 1..f], Some(&pattern[f + 2..])),
        _ => (&pattern[p + 1..], None),
    };
    let mut key = Vec::with_capacity(p + subst.len() + postfix.len());
    key.extend_from_slice(&pattern[..p]);
    key.extend_from_slice(subst);
    key.extend_from_slice(postfix);
    let entry = e.lookup_read(db, &key)?;
    match (&entry.value, field) {
        (Value::Str(s), None) => Some(s.to_vec()),
        (Value::Hash(h), Some(field)) => h.get(field).map(|v| v.to_vec()),
        _ => None,
    }
}

struct Item {
    obj: Vec<u8>,
    score: f64,
    cmpobj: Option<Vec<u8>>,
}

/// Whether the client's user may read every key through this command: BY and GET patterns
/// name keys that no key spec lists, so Redis allows them only then.
fn reads_every_key(e: &Engine, ctx: &Ctx) -> bool {
    let Some(uid) = e.clients.get(ctx.client).map(|c| c.user) else { return true };
    let (Some(user), Some(spec)) = (e.acl.user(uid), e.lookup_command(ctx.argv)) else { return true };
    user.reads_every_key(&e.acl.ids, spec, ctx.argv)
}

// The nested `if` in the dontsort arms must not fall through to the sorting arms.
#[allow(clippy::collapsible_match)]
fn sort_generic(e: &mut Engine, ctx: &mut Ctx, readonly: bool) {
    let argv = ctx.argv;
    let mut desc = false;
    let mut alpha = false;
    let mut limit_start: i64 = 0;
    let mut limit_count: i64 = -1;
    let mut dontsort = false;
    let mut sortby: Option<&[u8]> = None;
    let mut storekey: Option<&[u8]> = None;
    let mut gets: Vec<&[u8]> = Vec::new();
    let mut j = 2;
    while j < argv.len() {
        let left = argv.len() - j - 1;
        let opt = cstr(argv[j]);
        if opt.eq_ignore_ascii_case(b"asc") {
            desc = false;
        } else if opt.eq_ignore_ascii_case(b"desc") {
            desc = true;
        } else if opt.eq_ignore_ascii_case(b"alpha") {
            alpha = true;
        } else if opt.eq_ignore_ascii_case(b"limit") && left >= 2 {
            let (Some(s), Some(c)) = (parse_i64(argv[j + 1]), parse_i64(argv[j + 2])) else {
                ctx.out.error(super::NOT_INTEGER);
                return;
            };
            limit_start = s;
            limit_count = c;
            j += 2;
        } else if !readonly && opt.eq_ignore_ascii_case(b"store") && left >= 1 {
            storekey = Some(argv[j + 1]);
            j += 1;
        } else if opt.eq_ignore_ascii_case(b"by") && left >= 1 {
            sortby = Some(argv[j + 1]);
            if !cstr(argv[j + 1]).contains(&b'*') {
                dontsort = true;
            } else if !reads_every_key(e, ctx) {
                ctx.out.error("ERR BY option of SORT denied due to insufficient ACL permissions.");
                return;
            }
            j += 1;
        } else if opt.eq_ignore_ascii_case(b"get") && left >= 1 {
            if !reads_every_key(e, ctx) {
                ctx.out.error("ERR GET option of SORT denied due to insufficient ACL permissions.");
                return;
            }
            gets.push(argv[j + 1]);
            j += 1;
        } else {
            ctx.out.error(SYNTAX);
            return;
        }
        j += 1;
    }

    let db = ctx.db(e);
    let key = argv[1];
    let mut items: Vec<Item> = Vec::new();
    let (mut start, mut end): (i64, i64);
    {
        let entry = e.lookup_read(db, key);
        let empty = List::new();
        enum Src<'a> {
            List(&'a List),
            Set,
            ZSet,
        }
        let src = match entry {
            None => None,
            Some(en) => match &mut en.value {
                Value::List(_) | Value::Set(_) => Some(en),
                Value::ZSet(z) => {
                    if z.is_listpack() {
                        z.convert_to_skiplist();
                    }
                    Some(en)
                }
                _ => {
                    ctx.out.error(WRONGTYPE);
                    return;
                }
            },
        };
        let value: Option<&Value> = src.map(|en| &en.value);
        let kind = match value {
            None => Src::List(&empty),
            Some(Value::List(l)) => Src::List(l),
            Some(Value::Set(_)) => Src::Set,
            _ => Src::ZSet,
        };
        if dontsort && matches!(kind, Src::Set) && storekey.is_some() {
            dontsort = false;
            alpha = true;
            sortby = None;
        }
        let len = match (&kind, value) {
            (Src::List(l), _) => l.len(),
            (Src::Set, Some(Value::Set(s))) => s.len(),
            (Src::ZSet, Some(Value::ZSet(z))) => z.len(),
            _ => 0,
        } as i64;
        start = limit_start.max(0);
        end = if limit_count < 0 {
            len - 1
        } else {
            (start as i128 + limit_count as i128 - 1).min(i64::MAX as i128) as i64
        };
        if start >= len {
            start = len - 1;
            end = len - 2;
        }
        if end >= len {
            end = len - 1;
        }
        let mut vlen = len;
        if !matches!(kind, Src::Set) && dontsort && (start != 0 || end != len - 1) {
            vlen = end - start + 1;
        }
        let take = vlen.max(0) as usize;
        let mk = |obj: &[u8]| Item {
            obj: obj.to_vec(),
            score: 0.0,
            cmpobj: None,
        };
        match (&kind, value) {
            (Src::List(l), _) if dontsort => {
                if end >= start {
                    let s = start as usize;
                    if desc {
                        items.extend(l.iter_rev_from(len as usize - 1 - s).take(take).map(mk));
                    } else {
                        items.extend(l.iter_from(s).take(take).map(mk));
                    }
                    end -= start;
                    start = 0;
                }
            }
            (Src::List(l), _) => l.for_each(|m| items.push(mk(m))),
            (Src::Set, Some(Value::Set(s))) => s.for_each(|m| items.push(mk(m))),
            (Src::ZSet, Some(Value::ZSet(z))) if dontsort => {
                if take > 0 {
                    let (from, rev) = if desc {
                        ((len - 1 - start) as usize, true)
                    } else {
                        (start as usize, false)
                    };
                    let mut n = take;
                    z.walk(from, rev, |m, _| {
                        items.push(mk(m));
                        n -= 1;
                        n > 0
                    });
                }
                end -= start;
                start = 0;
            }
            (Src::ZSet, Some(Value::ZSet(z))) => z.for_each(|m, _| items.push(mk(m))),
            _ => {}
        }
    }

    let mut conversion_error = false;
    if !dontsort {
        for it in items.iter_mut() {
            let byval: Vec<u8>;
            let by: &[u8] = match sortby {
                Some(pat) => match lookup_by_pattern(e, db, pat, &it.obj) {
                    Some(v) => {
                        byval = v;
                        &byval
                    }
                    None => continue,
                },
                None => &it.obj,
            };
            if alpha {
                if sortby.is_some() {
                    it.cmpobj = Some(by.to_vec());
                }
            } else {
                match strtod_score(by) {
                    Some(s) => it.score = s,
                    None => conversion_error = true,
                }
            }
        }
        let by_pattern = sortby.is_some();
        let store = storekey.is_some();
        items.sort_by(|x, y| {
            let c = if !alpha {
                match x.score.partial_cmp(&y.score) {
                    Some(Ordering::Equal) | None => bin_cmp(&x.obj, &y.obj),
                    Some(o) => o,
                }
            } else if by_pattern {
                match (&x.cmpobj, &y.cmpobj) {
                    (None, None) => Ordering::Equal,
                    (None, Some(_)) => Ordering::Less,
                    (Some(_), None) => Ordering::Greater,
                    (Some(a), Some(b)) => {
                        if store {
                            bin_cmp(a, b)
                        } else {
                            coll_cmp(a, b)
                        }
                    }
                }
            } else if store {
                bin_cmp(&x.obj, &y.obj)
            } else {
                coll_cmp(&x.obj, &y.obj)
            };
            if desc {
                c.reverse()
            } else {
                c
            }
        });
    }

    let count = (end - start + 1).max(0) as usize;
    let outputlen = if gets.is_empty() {
        count
    } else {
        gets.len() * count
    };
    if conversion_error {
        ctx.out
            .error("ERR One or more scores can't be converted into double");
        return;
    }
    let range = if count == 0 {
        &items[0..0]
    } else {
        &items[start as usize..=end as usize]
    };
    match storekey {
        None => {
            ctx.out.array(outputlen);
            for it in range {
                if gets.is_empty() {
                    ctx.out.bulk(&it.obj);
                }
                for g in &gets {
                    match lookup_by_pattern(e, db, g, &it.obj) {
                        Some(v) => ctx.out.bulk(&v),
                        None => ctx.out.null(),
                    }
                }
            }
        }
        Some(dest) => {
            let mut list = List::new();
            for it in range {
                if gets.is_empty() {
                    list.push_back(&it.obj);
                }
                for g in &gets {
                    match lookup_by_pattern(e, db, g, &it.obj) {
                        Some(v) => list.push_back(&v),
                        None => list.push_back(b""),
                    }
                }
            }
            if outputlen > 0 {
                let value = Value::List(Box::new(list));
                match e.lookup_write(db, dest) {
                    Some(slot) => {
                        let d = &mut e.dbs[db];
                        d.entry_mut(slot).value = value;
                        d.clear_expire(slot);
                    }
                    None => {
                        e.add_key(db, dest, value);
                    }
                }
                e.dirty += outputlen as u64;
                e.modified(class::LIST, "sortstore", db, dest);
                e.signal_ready(db, dest);
            } else if let Some(slot) = e.lookup_write(db, dest) {
                e.dbs[db].remove_slot(slot);
                e.dirty += 1;
                e.modified(class::GENERIC, "del", db, dest);
            }
            ctx.out.int(outputlen as i64);
        }
    }
}

#[cfg(test)]
mod tests {
    //! Expected replies are the bytes redis-server 7.0.15 sent for the same commands.
    use super::*;
    use crate::client::ClientId;
    use crate::engine::testing::{engine, run_args};
    use crate::resp::writer::Protocol;
    use alloc::string::String;

    /// Splits a line on spaces; `\0` in a word is a NUL byte and `\s` a space.
    fn words(line: &str) -> Vec<Vec<u8>> {
        line.split(' ')
            .map(|w| w.replace("\\0", "\0").replace("\\s", " ").into_bytes())
            .collect()
    }

    fn run(e: &mut Engine, c: ClientId, line: &str) -> String {
        let w = words(line);
        let args: Vec<&[u8]> = w.iter().map(|v| v.as_slice()).collect();
        String::from_utf8(run_args(e, c, &args)).unwrap()
    }

    fn script(steps: &[(&str, &str)]) {
        let (mut e, c) = engine();
        for (cmd, want) in steps {
            assert_eq!(run(&mut e, c, cmd), *want, "{}", cmd);
        }
    }

    #[test]
    fn numeric_alpha_limit_nosort_on_lists() {
        script(&[
            // numeric and alpha on a list
            ("rpush l 3 1 2 10 -5 2.5", ":6\r\n"),
            ("sort l", "*6\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n2\r\n$3\r\n2.5\r\n$1\r\n3\r\n$2\r\n10\r\n"),
            ("sort l desc", "*6\r\n$2\r\n10\r\n$1\r\n3\r\n$3\r\n2.5\r\n$1\r\n2\r\n$1\r\n1\r\n$2\r\n-5\r\n"),
            ("sort l alpha", "*6\r\n$2\r\n-5\r\n$1\r\n1\r\n$2\r\n10\r\n$1\r\n2\r\n$3\r\n2.5\r\n$1\r\n3\r\n"),
            ("sort l alpha desc", "*6\r\n$1\r\n3\r\n$3\r\n2.5\r\n$1\r\n2\r\n$2\r\n10\r\n$1\r\n1\r\n$2\r\n-5\r\n"),
            ("sort l limit 1 2", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n"),
            ("sort l limit -3 2", "*2\r\n$2\r\n-5\r\n$1\r\n1\r\n"),
            ("sort l limit 2 -1", "*4\r\n$1\r\n2\r\n$3\r\n2.5\r\n$1\r\n3\r\n$2\r\n10\r\n"),
            ("sort l limit 6 1", "*0\r\n"),
            ("sort l limit 0 0", "*0\r\n"),
            ("sort l limit 5 9223372036854775807", "*1\r\n$2\r\n10\r\n"),
            ("sort l limit 2 9223372036854775807", "*4\r\n$1\r\n2\r\n$3\r\n2.5\r\n$1\r\n3\r\n$2\r\n10\r\n"),
            ("sort l ASC DESC asc", "*6\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n2\r\n$3\r\n2.5\r\n$1\r\n3\r\n$2\r\n10\r\n"),
            ("sort missing", "*0\r\n"),
            ("sort missing alpha limit 0 5 get #", "*0\r\n"),
            // nosort keeps list order
            ("sort l by nosort", "*6\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$2\r\n10\r\n$2\r\n-5\r\n$3\r\n2.5\r\n"),
            ("sort l by nosort desc", "*6\r\n$3\r\n2.5\r\n$2\r\n-5\r\n$2\r\n10\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\n3\r\n"),
            ("sort l by nosort limit 1 3", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$2\r\n10\r\n"),
            ("sort l by nosort limit 1 3 desc", "*3\r\n$2\r\n-5\r\n$2\r\n10\r\n$1\r\n2\r\n"),
            ("sort l by nosort limit 4 10 desc", "*2\r\n$1\r\n1\r\n$1\r\n3\r\n"),
            ("sort l by nosort limit 10 10", "*0\r\n"),
            ("sort l by nosort by w_*", "*6\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$2\r\n10\r\n$2\r\n-5\r\n$3\r\n2.5\r\n"),
            // conversion errors
            ("rpush bad 1 x 3", ":3\r\n"),
            ("sort bad", "-ERR One or more scores can't be converted into double\r\n"),
            ("sort bad alpha", "*3\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\nx\r\n"),
            ("sort bad by nosort", "*3\r\n$1\r\n1\r\n$1\r\nx\r\n$1\r\n3\r\n"),
            ("rpush sp \\s5 1e1 0x10 inf -inf 3\\0x", ":6\r\n"),
            ("sort sp", "*6\r\n$4\r\n-inf\r\n$3\r\n3\0x\r\n$2\r\n 5\r\n$3\r\n1e1\r\n$4\r\n0x10\r\n$3\r\ninf\r\n"),
            ("rpush emp 2 ", ":2\r\n"),
            ("sort emp", "*2\r\n$0\r\n\r\n$1\r\n2\r\n"),
            ("rpush nan nan 1", ":2\r\n"),
            ("sort nan", "-ERR One or more scores can't be converted into double\r\n"),
            ("rpush wsonly \\s 1", ":2\r\n"),
            ("rpush dn 1e-310 1", ":2\r\n"),
            ("sort dn", "-ERR One or more scores can't be converted into double\r\n"),
            ("sort wsonly", "-ERR One or more scores can't be converted into double\r\n"),
            // equal scores ordered by the element
            ("rpush eq 1.0 1 01 +1 b", ":5\r\n"),
            ("sort eq by nokey_*", "*5\r\n$2\r\n+1\r\n$2\r\n01\r\n$1\r\n1\r\n$3\r\n1.0\r\n$1\r\nb\r\n"),
            ("sort eq by nokey_* desc", "*5\r\n$1\r\nb\r\n$3\r\n1.0\r\n$1\r\n1\r\n$2\r\n01\r\n$2\r\n+1\r\n"),
        ]);
    }

    #[test]
    fn by_and_get_patterns() {
        script(&[
            // BY and GET with string keys and hash fields
            ("rpush l a b c d", ":4\r\n"),
            ("mset w_a 3 w_b 1 w_c 2 o_a A o_b B", "+OK\r\n"),
            ("hset h_a f 30 g x", ":2\r\n"),
            ("hset h_b f 10", ":1\r\n"),
            ("hset h_c f 20 g z", ":2\r\n"),
            ("sort l by w_*", "*4\r\n$1\r\nd\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n"),
            ("sort l by w_* desc", "*4\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\nd\r\n"),
            ("sort l by w_* get #", "*4\r\n$1\r\nd\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n"),
            ("sort l by w_* get o_* get # get h_*->g", "*12\r\n$-1\r\n$1\r\nd\r\n$-1\r\n$1\r\nB\r\n$1\r\nb\r\n$-1\r\n$-1\r\n$1\r\nc\r\n$1\r\nz\r\n$1\r\nA\r\n$1\r\na\r\n$1\r\nx\r\n"),
            ("sort l by h_*->f", "*4\r\n$1\r\nd\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n"),
            ("sort l by h_*->f desc limit 0 2", "*2\r\n$1\r\na\r\n$1\r\nc\r\n"),
            ("sort l by w_* alpha", "*4\r\n$1\r\nd\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n"),
            ("sort l by h_*->g alpha", "*4\r\n$1\r\nb\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nc\r\n"),
            ("sort l by h_*->g alpha desc", "*4\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nd\r\n"),
            ("sort l alpha get h_*->", "*4\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n"),
            ("sort l alpha get h_*->nofield", "*4\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n"),
            ("sort l alpha get nostar", "*4\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n"),
            ("sort l alpha get o_*->f", "*4\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n"),
            ("sort l alpha get h_*", "*4\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n"),
            ("sort l alpha get #\\0x", "*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n"),
            ("sort l alpha get pre*post", "*4\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n"),
            ("set pre_a_post P", "+OK\r\n"),
            ("sort l alpha get pre_*_post", "*4\r\n$1\r\nP\r\n$-1\r\n$-1\r\n$-1\r\n"),
            ("sort l by w_*\\0x", "*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n"),
            ("sort l by x\\0*", "*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n"),
            ("sort l by w_* limit 1 2 get # get w_*", "*4\r\n$1\r\nb\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n2\r\n"),
            ("set w_d notnum", "+OK\r\n"),
            ("sort l by w_*", "-ERR One or more scores can't be converted into double\r\n"),
            ("sort l by w_* alpha", "*4\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nd\r\n"),
            ("set w_d -1", "+OK\r\n"),
            ("sort l by w_*", "*4\r\n$1\r\nd\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n"),
            ("rpush wl 1", ":1\r\n"),
            ("sort l by wl get #", "*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n"),
            ("sort l by nosort get w_* get #", "*8\r\n$1\r\n3\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$2\r\n-1\r\n$1\r\nd\r\n"),
        ]);
    }

    #[test]
    fn sets_zsets_store_and_errors() {
        script(&[
            // sets and sorted sets
            ("sadd si 5 3 10 1", ":4\r\n"),
            (
                "sort si",
                "*4\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n$2\r\n10\r\n",
            ),
            (
                "sort si by nosort",
                "*4\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n$2\r\n10\r\n",
            ),
            (
                "sort si by nosort desc",
                "*4\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n$2\r\n10\r\n",
            ),
            ("sort si by nosort store dst", ":4\r\n"),
            (
                "lrange dst 0 -1",
                "*4\r\n$1\r\n1\r\n$2\r\n10\r\n$1\r\n3\r\n$1\r\n5\r\n",
            ),
            ("sadd ss b a c", ":3\r\n"),
            ("sort ss alpha", "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n"),
            (
                "sort ss",
                "-ERR One or more scores can't be converted into double\r\n",
            ),
            ("sort ss by nosort store dst", ":3\r\n"),
            ("lrange dst 0 -1", "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n"),
            ("sort ss by nosort desc limit 1 1 store dst", ":1\r\n"),
            ("lrange dst 0 -1", "*1\r\n$1\r\nb\r\n"),
            ("zadd z 3 a 1 b 2 c 0 d", ":4\r\n"),
            ("object encoding z", "$8\r\nlistpack\r\n"),
            (
                "sort z by nosort",
                "*4\r\n$1\r\nd\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n",
            ),
            ("object encoding z", "$8\r\nskiplist\r\n"),
            (
                "sort z by nosort desc",
                "*4\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\nd\r\n",
            ),
            ("sort z by nosort limit 1 2", "*2\r\n$1\r\nb\r\n$1\r\nc\r\n"),
            (
                "sort z by nosort limit 1 2 desc",
                "*2\r\n$1\r\nc\r\n$1\r\nb\r\n",
            ),
            ("sort z by nosort limit 3 5 desc", "*1\r\n$1\r\nd\r\n"),
            ("sort z by nosort limit 4 1", "*0\r\n"),
            (
                "sort z alpha",
                "*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n",
            ),
            (
                "sort z alpha desc limit 1 2",
                "*2\r\n$1\r\nc\r\n$1\r\nb\r\n",
            ),
            ("zadd zn 1 10 2 9 3 8", ":3\r\n"),
            ("sort zn", "*3\r\n$1\r\n8\r\n$1\r\n9\r\n$2\r\n10\r\n"),
            (
                "sort zn by nosort get #",
                "*3\r\n$2\r\n10\r\n$1\r\n9\r\n$1\r\n8\r\n",
            ),
            (
                "sort_ro zn by nosort",
                "*3\r\n$2\r\n10\r\n$1\r\n9\r\n$1\r\n8\r\n",
            ),
            // store
            ("rpush l 3 1 2", ":3\r\n"),
            ("sort l store dst", ":3\r\n"),
            ("lrange dst 0 -1", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            ("type dst", "+list\r\n"),
            ("sort l get nope store dst", ":3\r\n"),
            ("lrange dst 0 -1", "*3\r\n$0\r\n\r\n$0\r\n\r\n$0\r\n\r\n"),
            ("set dst x", "+OK\r\n"),
            ("pexpire dst 100000", ":1\r\n"),
            ("sort l store dst", ":3\r\n"),
            ("pttl dst", ":-1\r\n"),
            ("sort l limit 0 0 store dst", ":0\r\n"),
            ("exists dst", ":0\r\n"),
            ("sort l limit 0 0 store dst", ":0\r\n"),
            ("sort missing store dst", ":0\r\n"),
            ("sort l store dst store dst2", ":3\r\n"),
            ("exists dst dst2", ":1\r\n"),
            ("sort l store l", ":3\r\n"),
            ("lrange l 0 -1", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            ("sort_ro l store dst", "-ERR syntax error\r\n"),
            ("sort_ro l", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            // errors
            ("set str x", "+OK\r\n"),
            (
                "sort str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "sort_ro str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "sort str limit x 1",
                "-ERR value is not an integer or out of range\r\n",
            ),
            ("sort str by", "-ERR syntax error\r\n"),
            ("sort str nope", "-ERR syntax error\r\n"),
            ("hset hh f v", ":1\r\n"),
            (
                "sort hh",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            ("xadd xs 1-1 a 1", "$3\r\n1-1\r\n"),
            (
                "sort xs",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            ("sort l limit 1", "-ERR syntax error\r\n"),
            ("sort l limit 1 2 3", "-ERR syntax error\r\n"),
            (
                "sort l limit 1.5 2",
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                "sort l limit 1 x",
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                "sort l limit 01 2",
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                "sort l limit -0 2",
                "-ERR value is not an integer or out of range\r\n",
            ),
            ("sort l get", "-ERR syntax error\r\n"),
            ("sort l by", "-ERR syntax error\r\n"),
            ("sort l store", "-ERR syntax error\r\n"),
            (
                "sort l alpha\\0x",
                "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n",
            ),
            (
                "sort l limit 1 99999999999999999999",
                "-ERR value is not an integer or out of range\r\n",
            ),
        ]);
    }

    #[test]
    fn resp3_nulls_and_keys_from_command_getkeys() {
        let (mut e, c) = engine();
        run(&mut e, c, "RPUSH l b a");
        e.client_mut(c).unwrap().proto = Protocol::Resp3;
        assert_eq!(
            run(&mut e, c, "SORT l ALPHA GET # GET nope_*"),
            "*4\r\n$1\r\na\r\n_\r\n$1\r\nb\r\n_\r\n"
        );
        assert_eq!(
            run(&mut e, c, "COMMAND GETKEYSANDFLAGS sort k limit 1 2 get store by store store d1 store d2"),
            "*2\r\n*2\r\n$1\r\nk\r\n~2\r\n+RO\r\n+access\r\n*2\r\n$2\r\nd2\r\n~2\r\n+OW\r\n+update\r\n"
        );
        e.client_mut(c).unwrap().proto = Protocol::Resp2;
        assert_eq!(
            run(&mut e, c, "COMMAND GETKEYS sort k store"),
            "*1\r\n$1\r\nk\r\n"
        );
        assert_eq!(
            run(&mut e, c, "COMMAND GETKEYS sort_ro k by x get y"),
            "*1\r\n$1\r\nk\r\n"
        );
    }

    #[test]
    fn dirty_and_propagation() {
        let (mut e, c) = engine();
        run(&mut e, c, "RPUSH l 3 1 2");
        e.set_change_stream(true);
        let mut buf = Vec::new();
        e.take_changes(&mut buf);
        buf.clear();
        let d0 = e.dirty;
        assert_eq!(
            run(&mut e, c, "SORT l"),
            "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"
        );
        assert_eq!(
            run(&mut e, c, "SORT_RO l"),
            "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"
        );
        assert_eq!(e.dirty, d0);
        // Storing adds the number of stored elements.
        assert_eq!(run(&mut e, c, "SORT l GET # GET # STORE dst"), ":6\r\n");
        assert_eq!(e.dirty, d0 + 6);
        // Empty result: the destination is deleted (one change), or nothing happens.
        assert_eq!(run(&mut e, c, "SORT l LIMIT 0 0 STORE dst"), ":0\r\n");
        assert_eq!(e.dirty, d0 + 7);
        assert_eq!(run(&mut e, c, "SORT l LIMIT 0 0 STORE dst"), ":0\r\n");
        assert_eq!(e.dirty, d0 + 7);
        e.take_changes(&mut buf);
        let want = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n\
            *8\r\n$4\r\nSORT\r\n$1\r\nl\r\n$3\r\nGET\r\n$1\r\n#\r\n$3\r\nGET\r\n$1\r\n#\r\n$5\r\nSTORE\r\n$3\r\ndst\r\n\
            *7\r\n$4\r\nSORT\r\n$1\r\nl\r\n$5\r\nLIMIT\r\n$1\r\n0\r\n$1\r\n0\r\n$5\r\nSTORE\r\n$3\r\ndst\r\n";
        assert_eq!(String::from_utf8(buf).unwrap(), want);
    }

    #[test]
    fn zset_is_converted_and_store_wakes_blocked_pop() {
        let (mut e, c) = engine();
        run(&mut e, c, "ZADD z 1 a 2 b");
        assert_eq!(run(&mut e, c, "OBJECT ENCODING z"), "$8\r\nlistpack\r\n");
        assert_eq!(
            run(&mut e, c, "SORT_RO z ALPHA"),
            "*2\r\n$1\r\na\r\n$1\r\nb\r\n"
        );
        assert_eq!(run(&mut e, c, "OBJECT ENCODING z"), "$8\r\nskiplist\r\n");
        assert_eq!(run(&mut e, c, "OBJECT ENCODING z"), "$8\r\nskiplist\r\n");
        // A client blocked on the destination list gets the stored elements.
        let b = e.connect(
            crate::client::ConnInfo::default(),
            crate::engine::testing::T0,
        );
        let mut out = Vec::new();
        let now = e.now_ms() * 1000;
        let o = e.execute(b, &[b"BLPOP", b"dst", b"0"], now, &mut out);
        assert_eq!(o, crate::Outcome::Blocked);
        assert_eq!(run(&mut e, c, "SORT z BY nosort DESC STORE dst"), ":2\r\n");
        assert_eq!(e.take_ready(), [b]);
        let mut reply = Vec::new();
        e.take_pending(b, &mut reply);
        assert_eq!(reply, b"*2\r\n$3\r\ndst\r\n$1\r\nb\r\n");
        assert_eq!(run(&mut e, c, "LRANGE dst 0 -1"), "*1\r\n$1\r\na\r\n");
    }

    #[test]
    fn command_info_matches_redis() {
        let (mut e, c) = engine();
        assert_eq!(run(&mut e, c, "COMMAND INFO sort"), "*1\r\n*10\r\n$4\r\nsort\r\n:-2\r\n*3\r\n+write\r\n+denyoom\r\n+movablekeys\r\n:1\r\n:1\r\n:1\r\n*6\r\n+@write\r\n+@set\r\n+@sortedset\r\n+@list\r\n+@slow\r\n+@dangerous\r\n*0\r\n*3\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*8\r\n$5\r\nnotes\r\n$120\r\nFor the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n*8\r\n$5\r\nnotes\r\n$116\r\nFor the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array\r\n$5\r\nflags\r\n*2\r\n+OW\r\n+update\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n*0\r\n");
        assert_eq!(run(&mut e, c, "COMMAND INFO sort_ro"), "*1\r\n*10\r\n$7\r\nsort_ro\r\n:-2\r\n*2\r\n+readonly\r\n+movablekeys\r\n:1\r\n:1\r\n:1\r\n*6\r\n+@read\r\n+@set\r\n+@sortedset\r\n+@list\r\n+@slow\r\n+@dangerous\r\n*0\r\n*2\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*8\r\n$5\r\nnotes\r\n$120\r\nFor the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n*0\r\n");
    }
}
