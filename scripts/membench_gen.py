#!/usr/bin/env python3
"""Writes one membench data set as RESP commands on stdout, for `redis-cli --pipe`.

    membench_gen.py DATASET N

DATASET is one of:
  strings  N keys        key:I -> a 10-byte value (SET)
  hashes   N keys        hash:I with 10 fields f0..f9 -> 8-byte values (one HSET each)
  sets     N keys        set:I with 10 integers (one SADD each)
  zsets    N/100 keys    zset:I with 100 members m:J and integer-ish scores (one ZADD each)
  stream   1 key         N entries, each one field -> 10-byte value (XADD stream * ...)

Everything is deterministic, so both servers get byte-identical input.
"""
import sys


def resp(out, args):
    parts = [b"*%d\r\n" % len(args)]
    for a in args:
        parts.append(b"$%d\r\n%s\r\n" % (len(a), a))
    out.append(b"".join(parts))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    dataset, n = sys.argv[1], int(sys.argv[2])
    w = sys.stdout.buffer
    buf = []

    def flush(force=False):
        if force or len(buf) >= 10000:
            w.write(b"".join(buf))
            buf.clear()

    if dataset == "strings":
        for i in range(n):
            resp(buf, [b"SET", b"key:%d" % i, b"v%09d" % i])
            flush()
    elif dataset == "hashes":
        for i in range(n):
            args = [b"HSET", b"hash:%d" % i]
            for f in range(10):
                args += [b"f%d" % f, b"v%07d" % ((i * 10 + f) % 10000000)]
            resp(buf, args)
            flush()
    elif dataset == "sets":
        for i in range(n):
            args = [b"SADD", b"set:%d" % i]
            args += [b"%d" % (i * 10 + j) for j in range(10)]
            resp(buf, args)
            flush()
    elif dataset == "zsets":
        for i in range(max(1, n // 100)):
            args = [b"ZADD", b"zset:%d" % i]
            for j in range(100):
                args += [b"%d" % ((i * 37 + j * 101) % 100000), b"m:%d" % j]
            resp(buf, args)
            flush()
    elif dataset == "stream":
        for i in range(n):
            resp(buf, [b"XADD", b"stream", b"*", b"field", b"v%09d" % i])
            flush()
    else:
        sys.exit("membench_gen.py: unknown data set %r" % dataset)
    flush(True)


if __name__ == "__main__":
    main()
