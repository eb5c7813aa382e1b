#!/usr/bin/env bash
# Benchmarks spinel-server against redis-server in the same run with redis-benchmark, and
# reports ratios (not absolute numbers: they depend on the machine) plus the server CPU time
# per request, read from /proc/PID/stat. On a 2-core box the benchmark client itself is often
# the bottleneck, so a server that is more efficient can show lower throughput: read both.
#
#   scripts/bench.sh
#   TESTS=set,get REQUESTS=500000 CLIENTS=50 ROUNDS=3 scripts/bench.sh
#
# Environment: TESTS (default set,get,incr,mset), REQUESTS (200000), CLIENTS (50),
# ROUNDS (1), PIPELINES ("1 16"), SPINEL_BIN (default: the release build this script makes).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

TESTS="${TESTS:-set,get,incr,mset}"
REQUESTS="${REQUESTS:-200000}"
CLIENTS="${CLIENTS:-50}"
ROUNDS="${ROUNDS:-1}"
PIPELINES="${PIPELINES:-1 16}"
TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

SETUP_QUIET=1 bash scripts/setup.sh
if [ -z "${SPINEL_BIN:-}" ]; then
    echo "bench: building spinel-server (release)"
    cargo build --release -p spinel-server
    SPINEL_BIN="$TARGET_DIR/release/spinel-server"
fi

WORK=$(mktemp -d /tmp/spinel-bench.XXXXXX)
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
USED_PORTS=" "
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 30000))
        case "$USED_PORTS" in *" $port "*) continue ;; esac
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            USED_PORTS="$USED_PORTS$port "
            echo "$port"
            return
        fi
    done
}

# start_server NAME BINARY PORT: starts it in its own directory, sets SERVER_PID.
start_server() {
    local name=$1 bin=$2 port=$3 dir="$WORK/$1"
    mkdir -p "$dir"
    (cd "$dir" && exec "$bin" --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
        >"$dir/log" 2>&1) &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    local i
    for i in $(seq 1 200); do
        if [ "$(redis-cli -h 127.0.0.1 -p "$port" PING 2>/dev/null)" = PONG ]; then
            return
        fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            break
        fi
        sleep 0.05
    done
    echo "bench: $name did not start on port $port; its output:" >&2
    cat "$dir/log" >&2
    exit 1
}

# CPU ticks (user + system, all threads) used so far by PID. Fields after "(comm) " start
# at field 3 (state), so utime and stime (fields 14 and 15) are the 12th and 13th.
cpu_ticks() {
    sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}
CLK_TCK=$(getconf CLK_TCK)

REDIS_PORT=$(free_port)
SPINEL_PORT=$(free_port)
start_server redis redis-server "$REDIS_PORT"
REDIS_PID=$SERVER_PID
start_server spinel "$SPINEL_BIN" "$SPINEL_PORT"
SPINEL_PID=$SERVER_PID
echo "bench: redis-server $(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p') on $REDIS_PORT," \
    "spinel-server on $SPINEL_PORT; $CLIENTS clients, $REQUESTS requests, $ROUNDS round(s)"

# Totals per (test, pipeline, server): requests/s summed over rounds, CPU ticks.
declare -A RPS CPU

# bench_one SERVER TEST PIPELINE: one redis-benchmark run, adds to RPS and CPU.
bench_one() {
    local server=$1 test=$2 pipeline=$3 port pid before after csv rps
    if [ "$server" = redis ]; then port=$REDIS_PORT pid=$REDIS_PID; else port=$SPINEL_PORT pid=$SPINEL_PID; fi
    before=$(cpu_ticks "$pid")
    # --csv for parsing (it replaces -q's progress output): "SET","123456.79",...
    csv=$(redis-benchmark -h 127.0.0.1 -p "$port" -q --csv -c "$CLIENTS" -n "$REQUESTS" \
        -t "$test" -P "$pipeline" 2>/dev/null)
    after=$(cpu_ticks "$pid")
    rps=$(printf '%s\n' "$csv" | awk -F'","' 'NR > 1 || !/rps/ { gsub(/"/, "", $2); print $2; exit }')
    if [ -z "$rps" ]; then
        echo "bench: redis-benchmark gave no result for $test -P $pipeline against $server:" >&2
        printf '%s\n' "$csv" >&2
        kill -0 "$pid" 2>/dev/null || { echo "bench: $server died; its output:" >&2; cat "$WORK/$server/log" >&2; }
        exit 1
    fi
    local key="$test/$pipeline/$server"
    RPS[$key]=$(awk -v a="${RPS[$key]:-0}" -v b="$rps" 'BEGIN { print a + b }')
    CPU[$key]=$(( ${CPU[$key]:-0} + after - before ))
    printf '  round %d  %-6s -P %-3s %-7s %12.0f req/s\n' "$round" "$test" "$pipeline" "$server" "$rps"
}

IFS=, read -ra TEST_LIST <<<"$TESTS"
turn=0
for round in $(seq 1 "$ROUNDS"); do
    for test in "${TEST_LIST[@]}"; do
        for pipeline in $PIPELINES; do
            # Alternate which server goes first, so warm-up and drift favour neither.
            if [ $((turn % 2)) = 0 ]; then order="redis spinel"; else order="spinel redis"; fi
            turn=$((turn + 1))
            for server in $order; do
                bench_one "$server" "$test" "$pipeline"
            done
        done
    done
done

echo
printf '%-8s %8s %14s %14s %8s %14s %14s\n' test pipeline "redis req/s" "spinel req/s" ratio \
    "redis us/req" "spinel us/req"
for test in "${TEST_LIST[@]}"; do
    for pipeline in $PIPELINES; do
        r="${RPS[$test/$pipeline/redis]}" s="${RPS[$test/$pipeline/spinel]}"
        rc="${CPU[$test/$pipeline/redis]}" sc="${CPU[$test/$pipeline/spinel]}"
        awk -v t="$test" -v p="$pipeline" -v r="$r" -v s="$s" -v rc="$rc" -v sc="$sc" \
            -v n="$((REQUESTS * ROUNDS))" -v rounds="$ROUNDS" -v hz="$CLK_TCK" 'BEGIN {
            printf "%-8s %8s %14.0f %14.0f %7.2fx %14.3f %14.3f\n", t, p, r / rounds, s / rounds,
                (r > 0 ? s / r : 0), rc * 1e6 / hz / n, sc * 1e6 / hz / n
        }'
    done
done
echo "(ratio = spinel/redis throughput; us/req = server user+system CPU per request, ${CLK_TCK} Hz ticks)"
