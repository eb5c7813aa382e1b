#!/usr/bin/env python3
"""maxmemory benchmark: spinel-server and redis-server side by side, same workload.

Each server gets `maxmemory 100mb` and a policy (default allkeys-lru). Then:
  1. writes 1 GB (1,000,000 keys x 1000-byte values, pipelined) while sampling INFO
     used_memory and the latency of a PING on a second connection (responsiveness);
  2. runs a Zipf-distributed cache-aside mix (GET; on a miss, SET) and prints the hit rate.
A program that prints figures, not a test. Usage:
  scripts/evictbench.py [--policy allkeys-lru] [--keys 1000000] [--ops 500000] [--zipf 1.0]
Needs target/release/spinel-server (cargo build --release -p spinel-server) and redis-server.
"""
import argparse
import bisect
import os
import random
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def enc(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if not isinstance(a, bytes):
            a = str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


class Conn:
    def __init__(self, port):
        for _ in range(100):
            try:
                self.s = socket.create_connection(("127.0.0.1", port))
                break
            except OSError:
                time.sleep(0.05)
        self.f = self.s.makefile("rb")

    def read(self):
        line = self.f.readline()
        t = line[:1]
        if t == b"$":
            n = int(line[1:])
            if n < 0:
                return None
            d = self.f.read(n + 2)
            return d[:-2]
        if t == b"*":
            return [self.read() for _ in range(int(line[1:]))]
        if t == b":":
            return int(line[1:])
        if t == b"-":
            raise RuntimeError(line.decode().strip())
        return line[1:].strip()

    def cmd(self, *args):
        self.s.sendall(enc(*args))
        return self.read()

    def pipeline(self, cmds):
        self.s.sendall(b"".join(enc(*c) for c in cmds))
        return [self.read() for _ in cmds]


def info_field(conn, section, field):
    text = conn.cmd("INFO", section).decode()
    for line in text.split("\r\n"):
        if line.startswith(field + ":"):
            return line.split(":", 1)[1]
    return None


def start(kind, port, policy):
    args = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--maxmemory", "100mb", "--maxmemory-policy", policy]
    exe = os.path.join(ROOT, "target/release/spinel-server") if kind == "spinel" else "redis-server"
    return subprocess.Popen([exe] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def zipf_cdf(n, s):
    weights = [1.0 / (i ** s) for i in range(1, n + 1)]
    total = sum(weights)
    cdf, acc = [], 0.0
    for w in weights:
        acc += w / total
        cdf.append(acc)
    return cdf


def run(kind, a, cdf):
    port = free_port()
    proc = start(kind, port, a.policy)
    try:
        c, probe = Conn(port), Conn(port)
        value = b"v" * 1000
        max_used, worst_ping, batch = 0, 0.0, 1000
        t0 = time.time()
        for base in range(0, a.keys, batch):
            c.pipeline([("SET", b"key:%d" % i, value) for i in range(base, min(base + batch, a.keys))])
            if (base // batch) % 20 == 0:
                p0 = time.time()
                probe.cmd("PING")
                worst_ping = max(worst_ping, time.time() - p0)
                max_used = max(max_used, int(info_field(probe, "memory", "used_memory")))
        write_s = time.time() - t0
        rng = random.Random(42)
        hits = 0
        t0 = time.time()
        for _ in range(a.ops // batch):
            keys = [b"key:%d" % bisect.bisect_left(cdf, rng.random()) for _ in range(batch)]
            got = c.pipeline([("GET", k) for k in keys])
            misses = [k for k, v in zip(keys, got) if v is None]
            hits += batch - len(misses)
            if misses:
                c.pipeline([("SET", k, value) for k in misses])
        mix_s = time.time() - t0
        used = int(info_field(probe, "memory", "used_memory"))
        evicted = int(info_field(probe, "stats", "evicted_keys"))
        dbsize = c.cmd("DBSIZE")
        return dict(write_s=write_s, max_used=max_used, used=used, worst_ping_ms=worst_ping * 1000,
                    evicted=evicted, dbsize=dbsize, hit=hits / (a.ops // batch * batch), mix_s=mix_s)
    finally:
        proc.kill()
        proc.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--policy", default="allkeys-lru")
    ap.add_argument("--keys", type=int, default=1_000_000)
    ap.add_argument("--ops", type=int, default=500_000)
    ap.add_argument("--zipf", type=float, default=1.0)
    a = ap.parse_args()
    cdf = zipf_cdf(a.keys, a.zipf)
    limit = 100 * 1024 * 1024
    print(f"maxmemory 100mb, {a.policy}, {a.keys} keys x 1000 B written, then {a.ops} Zipf(s={a.zipf}) cache-aside ops")
    res = {k: run(k, a, cdf) for k in ("spinel", "redis")}
    print(f"{'':14}{'spinel':>14}{'redis':>14}")
    for field, fmt in [("max_used", "{:,}"), ("used", "{:,}"), ("evicted", "{:,}"), ("dbsize", "{:,}"),
                       ("worst_ping_ms", "{:.1f}"), ("write_s", "{:.1f}"), ("hit", "{:.3f}"), ("mix_s", "{:.1f}")]:
        print(f"{field:14}{fmt.format(res['spinel'][field]):>14}{fmt.format(res['redis'][field]):>14}")
    for k in res:
        if res[k]["max_used"] > limit * 1.05:
            print(f"WARNING: {k} went {res[k]['max_used'] - limit:,} bytes over maxmemory")
    print(f"hit rate difference (spinel - redis): {100 * (res['spinel']['hit'] - res['redis']['hit']):+.1f} points")


if __name__ == "__main__":
    sys.exit(main())
