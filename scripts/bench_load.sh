#!/usr/bin/env bash
# Restart time: loads 1,000,000 keys from a snapshot in spinel-server and in redis-server and
# prints both (the figure each server logs, "DB loaded from disk: N seconds", plus the wall
# time from start until it answers PING). Not part of scripts/test.sh.
#
#   scripts/bench_load.sh
#   KEYS=2000000 scripts/bench_load.sh
#
# The data is made by redis-server's DEBUG POPULATE (string keys and values); Redis saves it,
# Spinel loads Redis's file, saves its own snapshot and loads that; Redis loads both.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

KEYS="${KEYS:-1000000}"
TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
if [ -z "${SPINEL_BIN:-}" ]; then
    cargo build --release -p spinel-server >/dev/null 2>&1
    SPINEL_BIN="$TARGET_DIR/release/spinel-server"
fi
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
    for p in "${PIDS[@]:-}"; do kill -9 "$p" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start NAME BIN DIR EXTRA... : starts a server in DIR, waits for PING, prints the wall time.
start() {
    local name=$1 bin=$2 dir=$3; shift 3
    local p; p=$(port)
    local t0; t0=$(date +%s.%N)
    "$bin" --port "$p" --bind 127.0.0.1 --dir "$dir" --save "" --appendonly no "$@" >"$dir/$name.log" 2>&1 &
    PIDS+=($!)
    until [ "$(redis-cli -p "$p" ping 2>/dev/null)" = PONG ]; do sleep 0.01; done
    local t1; t1=$(date +%s.%N)
    PORT=$p
    WALL=$(python3 -c "print(f'{$t1-$t0:.3f}')")
}

loaded() { grep -o 'DB loaded from disk: [0-9.]* seconds' "$1" | grep -o '[0-9.]*' | head -1; }

mkdir -p "$WORK/redis" "$WORK/spinel-from-redis" "$WORK/spinel-own" "$WORK/redis-from-spinel"
echo "bench_load: $KEYS keys (DEBUG POPULATE), release spinel-server vs redis-server $(redis-server --version | grep -o 'v=[0-9.]*')"
start make redis-server "$WORK/redis" --enable-debug-command yes
redis-cli -p "$PORT" debug populate "$KEYS" key 10 >/dev/null
redis-cli -p "$PORT" save >/dev/null
redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
ls -l "$WORK/redis/dump.rdb" | awk '{print "  Redis dump.rdb: " $5 " bytes"}'

start load redis-server "$WORK/redis"
echo "  redis-server loads its RDB:          $(loaded "$WORK/redis/load.log") s (until PING: $WALL s)"
redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true

cp "$WORK/redis/dump.rdb" "$WORK/spinel-from-redis/"
start load "$SPINEL_BIN" "$WORK/spinel-from-redis"
echo "  spinel-server loads Redis's RDB:     $(loaded "$WORK/spinel-from-redis/load.log") s (until PING: $WALL s)"
redis-cli -p "$PORT" save >/dev/null
cp "$WORK/spinel-from-redis/dump.rdb" "$WORK/spinel-own/"
cp "$WORK/spinel-from-redis/dump.rdb" "$WORK/redis-from-spinel/"
redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
ls -l "$WORK/spinel-own/dump.rdb" | awk '{print "  Spinel dump.rdb: " $5 " bytes"}'

start load "$SPINEL_BIN" "$WORK/spinel-own"
echo "  spinel-server loads its snapshot:    $(loaded "$WORK/spinel-own/load.log") s (until PING: $WALL s)"
redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true

start load redis-server "$WORK/redis-from-spinel"
echo "  redis-server loads Spinel's snapshot: $(loaded "$WORK/redis-from-spinel/load.log") s (until PING: $WALL s)"
redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
