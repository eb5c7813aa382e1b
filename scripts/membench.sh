#!/usr/bin/env bash
# Memory benchmark: loads the same data sets into spinel-server and redis-server, each started
# fresh for each data set, and reports INFO's used_memory and the process RSS (VmRSS from
# /proc/PID/status) for both, with the ratio spinel/redis.
#
#   scripts/membench.sh
#   MEMBENCH_SCALE=1 scripts/membench.sh          # the full sizes (1,000,000 of each kind)
#   DATASETS="strings hashes" scripts/membench.sh
#
# With N = 1,000,000 x MEMBENCH_SCALE (default 0.1), the data sets (scripts/membench_gen.py):
#   strings  N keys, key:I -> 10-byte value
#   hashes   N hashes of 10 fields (8-byte values)
#   sets     N sets of 10 integers
#   zsets    N/100 sorted sets of 100 members
#   stream   one stream of N entries (one field each); skipped, with a note, if spinel-server
#            answers XADD with an error
# They are loaded with `redis-cli --pipe` (pipelined RESP).
#
# Caveat when reading used_memory: Redis counts jemalloc's usable size of each allocation,
# spinel-server counts the bytes requested from its allocator, so spinel's figure leaves out
# allocator rounding that Redis's includes. RSS is the like-for-like figure (but includes
# allocator caches and fragmentation on both sides).
#
# Environment: MEMBENCH_SCALE (0.1), DATASETS ("strings hashes sets zsets stream"),
# SPINEL_BIN (default: the release build this script makes), PORT_MIN/PORT_SPAN (ports are
# picked at random in [PORT_MIN, PORT_MIN+PORT_SPAN), default 20000 and 30000).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

SCALE="${MEMBENCH_SCALE:-0.1}"
DATASETS="${DATASETS:-strings hashes sets zsets stream}"
PORT_MIN="${PORT_MIN:-20000}"
PORT_SPAN="${PORT_SPAN:-30000}"
TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
N=$(awk -v s="$SCALE" 'BEGIN { printf "%d", 1000000 * s }')
if [ "$N" -lt 100 ]; then
    echo "membench: MEMBENCH_SCALE=$SCALE gives $N items; need at least 100" >&2
    exit 2
fi

if [ -z "${SPINEL_BIN:-}" ]; then
    echo "membench: building spinel-server (release)"
    cargo build --release -p spinel-server
    SPINEL_BIN="$TARGET_DIR/release/spinel-server"
fi

WORK=$(mktemp -d /tmp/spinel-membench.XXXXXX)
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A loopback port nobody listens on (bash's /dev/tcp connect fails on a free port).
free_port() {
    local port
    while :; do
        port=$((PORT_MIN + RANDOM % PORT_SPAN))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

# start_server NAME BINARY: starts it fresh in its own directory; sets SERVER_PID, PORT.
start_server() {
    local name=$1 bin=$2 dir="$WORK/$1" i
    rm -rf "$dir"
    mkdir -p "$dir"
    PORT=$(free_port)
    (cd "$dir" && exec "$bin" --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no \
        >"$dir/log" 2>&1) &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    for i in $(seq 1 200); do
        if [ "$(redis-cli -h 127.0.0.1 -p "$PORT" PING 2>/dev/null)" = PONG ]; then
            return
        fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            break
        fi
        sleep 0.05
    done
    echo "membench: $name did not start on port $PORT; its output:" >&2
    cat "$dir/log" >&2
    exit 1
}

stop_server() {
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
}

used_memory() {
    redis-cli -h 127.0.0.1 -p "$PORT" INFO memory | tr -d '\r' | awk -F: '$1 == "used_memory" { print $2 }'
}
rss_bytes() {
    awk '$1 == "VmRSS:" { print $2 * 1024 }' "/proc/$SERVER_PID/status"
}

# Per data set: the argument for the generator and the number of items the B/item column
# divides by (keys, or entries for the stream).
declare -A GEN_N ITEMS
GEN_N=([strings]=$N [hashes]=$N [sets]=$N [zsets]=$N [stream]=$N)
ITEMS=([strings]=$N [hashes]=$N [sets]=$N [zsets]=$((N / 100)) [stream]=$N)
declare -A DESC=(
    [strings]="$N string keys, 10-byte values"
    [hashes]="$N hashes x 10 fields"
    [sets]="$N sets x 10 integers"
    [zsets]="$((N / 100)) zsets x 100 members"
    [stream]="1 stream x $N entries"
)

# Results per (data set, server): used_memory, RSS, their values on the empty server.
declare -A USED RSS USED0 RSS0 NOTE

echo "membench: redis-server $(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p')" \
    "vs $SPINEL_BIN; MEMBENCH_SCALE=$SCALE (N=$N)"
for ds in $DATASETS; do
    if [ -z "${GEN_N[$ds]:-}" ]; then
        echo "membench: unknown data set $ds" >&2
        exit 2
    fi
    input="$WORK/$ds.resp"
    python3 scripts/membench_gen.py "$ds" "${GEN_N[$ds]}" >"$input"
    for server in redis spinel; do
        if [ "$server" = redis ]; then bin=redis-server; else bin=$SPINEL_BIN; fi
        start_server "$server" "$bin"
        if [ "$ds" = stream ]; then
            probe=$(redis-cli -h 127.0.0.1 -p "$PORT" --no-raw XADD __membench_probe '*' f v 2>&1 | head -n 1)
            case "$probe" in
                "(error)"* | ERR*)
                    NOTE[$ds/$server]="XADD answered: $probe"
                    echo "membench: $ds: $server answers XADD with an error ($probe): skipped"
                    stop_server
                    continue ;;
            esac
            redis-cli -h 127.0.0.1 -p "$PORT" DEL __membench_probe >/dev/null
        fi
        USED0[$ds/$server]=$(used_memory)
        RSS0[$ds/$server]=$(rss_bytes)
        start=$(date +%s.%N)
        out=$(redis-cli -h 127.0.0.1 -p "$PORT" --pipe <"$input" 2>&1 | tr -d '\r')
        secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
        errors=$(printf '%s\n' "$out" | sed -n 's/.*errors: \([0-9]*\).*/\1/p' | tail -n 1)
        if [ "${errors:-x}" != 0 ]; then
            echo "membench: $ds: redis-cli --pipe against $server reported errors:" >&2
            printf '%s\n' "$out" >&2
            NOTE[$ds/$server]="load errors: ${errors:-?}"
        fi
        # Let lazy frees and the allocator settle before reading the figures.
        sleep 0.5
        USED[$ds/$server]=$(used_memory)
        RSS[$ds/$server]=$(rss_bytes)
        dbsize=$(redis-cli -h 127.0.0.1 -p "$PORT" DBSIZE)
        printf '  %-8s %-7s loaded in %5ss  dbsize %-8s used_memory %12s  rss %12s\n' "$ds" \
            "$server" "$secs" "$dbsize" "${USED[$ds/$server]}" "${RSS[$ds/$server]}"
        stop_server
    done
    rm -f "$input"
done

mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
ratio() { awk -v s="$1" -v r="$2" 'BEGIN { if (r > 0) printf "%.2fx", s / r; else print "-" }'; }
per() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.1f", (a - b) / n }'; }

echo
fmt='%-34s %11s %11s %7s %11s %11s %7s %8s %8s %8s %8s\n'
printf "$fmt" "data set" "redis used" "spinel used" ratio "redis rss" "spinel rss" ratio \
    "r usd/it" "s usd/it" "r rss/it" "s rss/it"
first=""
for ds in $DATASETS; do
    if [ -n "${USED0[$ds/redis]:-}" ] && [ -n "${USED0[$ds/spinel]:-}" ]; then first=$ds; break; fi
done
if [ -n "$first" ]; then
    ru=${USED0[$first/redis]} su=${USED0[$first/spinel]} rr=${RSS0[$first/redis]} sr=${RSS0[$first/spinel]}
    printf "$fmt" "(empty server)" "$(mib "$ru")M" "$(mib "$su")M" "$(ratio "$su" "$ru")" \
        "$(mib "$rr")M" "$(mib "$sr")M" "$(ratio "$sr" "$rr")" - - - -
fi
for ds in $DATASETS; do
    if [ -z "${USED[$ds/redis]:-}" ] || [ -z "${USED[$ds/spinel]:-}" ]; then
        printf '%-34s skipped: %s\n' "${DESC[$ds]}" "${NOTE[$ds/spinel]:-${NOTE[$ds/redis]:-}}"
        continue
    fi
    ru=${USED[$ds/redis]} su=${USED[$ds/spinel]} rr=${RSS[$ds/redis]} sr=${RSS[$ds/spinel]}
    printf "$fmt" "${DESC[$ds]}" \
        "$(mib "$ru")M" "$(mib "$su")M" "$(ratio "$su" "$ru")" \
        "$(mib "$rr")M" "$(mib "$sr")M" "$(ratio "$sr" "$rr")" \
        "$(per "$ru" "${USED0[$ds/redis]}" "${ITEMS[$ds]}")" \
        "$(per "$su" "${USED0[$ds/spinel]}" "${ITEMS[$ds]}")" \
        "$(per "$rr" "${RSS0[$ds/redis]}" "${ITEMS[$ds]}")" \
        "$(per "$sr" "${RSS0[$ds/spinel]}" "${ITEMS[$ds]}")"
    if [ -n "${NOTE[$ds/spinel]:-}${NOTE[$ds/redis]:-}" ]; then
        echo "    note: ${NOTE[$ds/spinel]:-}${NOTE[$ds/redis]:-}"
    fi
done
echo "(M = MiB; ratio = spinel/redis; usd/it and rss/it = bytes of used_memory and of RSS per key"
echo " (per entry for the stream) over the same server empty; r = redis, s = spinel. used_memory"
echo " is not like-for-like, see the header of this script)"
