#!/usr/bin/env python3
"""Prints fixture lines for crates/spinel-core/src/commands/meta/redis_7_0_15.rs: the raw
RESP3 replies of a real Redis 7.0 to COMMAND INFO and COMMAND DOCS for the named commands,
with DOCS prose (summary, complexity, history texts, replaced_by) blanked as the fixture
keeps it. Usage: scripts/capture_command_meta.py PORT name [name...]   (names like pubsub|numsub)
       scripts/capture_command_meta.py PORT --meta name [name...]  (Meta entry skeletons)
"""
import socket
import sys


def enc(args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a.encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    return out


class Conn:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port))
        self.buf = b""

    def line(self):
        while b"\r\n" not in self.buf:
            self.buf += self.s.recv(65536)
        l, self.buf = self.buf.split(b"\r\n", 1)
        return l

    def exact(self, n):
        while len(self.buf) < n + 2:
            self.buf += self.s.recv(65536)
        d, self.buf = self.buf[:n], self.buf[n + 2:]
        return d

    def read(self):
        l = self.line()
        t, rest = l[:1], l[1:]
        if t in b"$=":
            n = int(rest)
            return (t, None) if n < 0 else (t, self.exact(n))
        if t in b"*~%>":
            n = int(rest)
            if t == b"%":
                n *= 2
            return (t, [self.read() for _ in range(n)])
        return (t, rest)

    def cmd(self, *args):
        self.s.sendall(enc(args))
        return self.read()


def encode(v):
    t, x = v
    if t in b"$=":
        return b"$-1\r\n" if x is None else t + b"%d\r\n" % len(x) + x + b"\r\n"
    if t in b"*~%>":
        n = len(x) // 2 if t == b"%" else len(x)
        return t + b"%d\r\n" % n + b"".join(encode(i) for i in x)
    return t + x + b"\r\n"


BLANK = {b"summary", b"complexity", b"replaced_by"}


def blank(v):
    t, x = v
    if t == b"%":
        out = []
        for k, val in zip(x[0::2], x[1::2]):
            if k[1] in BLANK:
                val = (b"$", b"")
            elif k[1] == b"history":
                val = (val[0], [(h[0], [h[1][0], (b"$", b"")]) for h in val[1]])
            elif k[1] == b"subcommands":
                continue
            else:
                val = blank(val)
            out += [k, val]
        return (t, out)
    if t in b"*~":
        return (t, [blank(i) for i in x])
    return v


def rust_bytes(b):
    return 'b"' + "".join(chr(c) if 32 <= c < 127 and c not in (34, 92) else "\\x%02x" % c if c not in (13, 10) else ("\\r" if c == 13 else "\\n") for c in b) + '"'


def as_map(v):
    t, x = v
    if t != b"%":
        return {}
    return {k[1].decode(): val for k, val in zip(x[0::2], x[1::2])}


def arg_code(a):
    m = as_map(a)
    name = m["name"][1].decode()
    typ = m["type"][1].decode()
    if typ == "key":
        code = 'Arg::key("%s", %d)' % (name, int(m["key_spec_index"][1]))
    elif typ == "pure-token":
        code = 'Arg::pure_token("%s", "%s")' % (name, m["token"][1].decode())
    elif typ in ("oneof", "block"):
        inner = ", ".join(arg_code(x) for x in m["arguments"][1])
        code = 'Arg::%s("%s", &[%s])' % (typ, name, inner)
    else:
        code = 'Arg::%s("%s")' % ({"unix-time": "unix_time"}.get(typ, typ), name)
    if "token" in m and typ != "pure-token":
        code += '.token("%s")' % m["token"][1].decode()
    if "since" in m:
        code += '.since("%s")' % m["since"][1].decode()
    if "deprecated_since" in m:
        code += '.deprecated_since("%s")' % m["deprecated_since"][1].decode()
    flags = [f[1].decode() for f in m.get("flags", (b"~", []))[1]]
    for f in ("optional", "multiple", "multiple_token"):
        if f in flags:
            code += ".%s()" % f
    return code


def meta_mode(c, names):
    """Prints Meta entries (summaries and complexities left as TODO for Spinel's words)."""
    for name in names:
        docs = as_map(c.cmd("COMMAND", "DOCS", name)[1][1])
        info = c.cmd("COMMAND", "INFO", name)[1][0][1]
        tips = [t[1].decode() for t in info[7][1]]
        specs = info[8][1]
        out = '    (\n        "%s",\n        Meta::new("%s", "%s", "TODO", "TODO")' % (name, docs["group"][1].decode(), docs["since"][1].decode())
        if "doc_flags" in docs and any(f[1] == b"syscmd" for f in docs["doc_flags"][1]):
            out += "\n            .syscmd()"
        if "history" in docs:
            out += "\n            .history(&[%s])" % ", ".join('("%s", "TODO")' % h[1][0][1].decode() for h in docs["history"][1])
        if tips:
            out += "\n            .tips(&[%s])" % ", ".join('"%s"' % t for t in tips)
        if specs:
            ks = []
            for sp in specs:
                m = as_map(sp)
                flags = " | ".join(f[1].decode().upper() if f[1].decode() in ("RO", "RW", "OW", "RM") else f[1].decode().upper() for f in m["flags"][1]) or "0"
                bs, fk = as_map(m["begin_search"]), as_map(m["find_keys"])
                bspec, fspec = as_map(bs["spec"]), as_map(fk["spec"])
                n = lambda v: int(v[1])
                b = "index(%d)" % n(bspec["index"]) if bs["type"][1] == b"index" else 'keyword("%s", %d)' % (bspec["keyword"][1].decode(), n(bspec["startfrom"]))
                f = "range(%d, %d, %d)" % (n(fspec["lastkey"]), n(fspec["keystep"]), n(fspec["limit"])) if fk["type"][1] == b"range" else "keynum(%d, %d, %d)" % (n(fspec["keynumidx"]), n(fspec["firstkey"]), n(fspec["keystep"]))
                ks.append("ks(%s, %s, %s)" % (flags, b, f))
            out += "\n            .keys(&[%s])" % ", ".join(ks)
        if "arguments" in docs:
            out += "\n            .args(&[\n" + "".join("                %s,\n" % arg_code(a) for a in docs["arguments"][1]) + "            ])"
        print(out + ",\n    ),")


def main():
    c = Conn(int(sys.argv[1]))
    if sys.argv[2] == "--meta":
        c.cmd("HELLO", "3")
        return meta_mode(c, sys.argv[3:])
    c.cmd("HELLO", "3")
    info, docs = [], []
    for name in sys.argv[2:]:
        info.append('    ("%s", %s),' % (name, rust_bytes(encode(c.cmd("COMMAND", "INFO", name)))))
        docs.append('    ("%s", %s),' % (name, rust_bytes(encode(blank(c.cmd("COMMAND", "DOCS", name))))))
    print("// INFO entries\n" + "\n".join(info))
    print("// DOCS entries\n" + "\n".join(docs))


main()
