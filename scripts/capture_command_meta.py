#!/usr/bin/env python3
"""Prints fixture lines for crates/spinel-core/src/commands/meta/redis_7_0_15.rs: the raw
RESP3 replies of a real Redis 7.0 to COMMAND INFO and COMMAND DOCS for the named commands,
with DOCS prose (summary, complexity, history texts, replaced_by) blanked as the fixture
keeps it. Usage: scripts/capture_command_meta.py PORT name [name...]   (names like pubsub|numsub)
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


def main():
    c = Conn(int(sys.argv[1]))
    c.cmd("HELLO", "3")
    info, docs = [], []
    for name in sys.argv[2:]:
        info.append('    ("%s", %s),' % (name, rust_bytes(encode(c.cmd("COMMAND", "INFO", name)))))
        docs.append('    ("%s", %s),' % (name, rust_bytes(encode(blank(c.cmd("COMMAND", "DOCS", name))))))
    print("// INFO entries\n" + "\n".join(info))
    print("// DOCS entries\n" + "\n".join(docs))


main()
