#!/usr/bin/env bash
# Benchmarks spinel-server against redis-server in the same run with redis-benchmark, and
# reports ratios (not absolute numbers: they depend on the machine) plus the server CPU time
# per request, read from /proc/PID/stat. On a 2-core box the benchmark client itself is often
# the bottleneck, so a server that is more efficient can show lower throughput: read both.
#
#   scripts/bench.sh
#   TESTS=set,get REQUESTS=500000 CLIENTS=50 ROUNDS=3 scripts/bench.sh
#
# Environment: TESTS (default: the foundation set set,get,incr,mset plus the data-type set
# lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100,lrange_600,xadd), REQUESTS
# (200000), CLIENTS (50), ROUNDS (1), PIPELINES ("1 16"), SPINEL_BIN (default: the release
# build this script makes), PORT_MIN/PORT_SPAN (ports are picked at random in
# [PORT_MIN, PORT_MIN+PORT_SPAN), default 20000 and 30000).
#
# Test names are redis-benchmark's -t names. A name that redis-benchmark 7.0 lacks (xadd came
# in 7.2) runs as an explicit command line instead (EXPLICIT below) and its row is labelled
# with a '*'. Before a test runs, one probe command is sent to spinel-server: a test whose
# command spinel answers with an error is reported as "skipped" rather than timed (an error
# reply is as fast as a real one, so its throughput would mean nothing). lrange_* runs include
# redis-benchmark's own preparatory LPUSHes (same count), so their us/req counts both.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

TESTS="${TESTS:-set,get,incr,mset,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100,lrange_600,xadd,evalsha}"
REQUESTS="${REQUESTS:-200000}"
CLIENTS="${CLIENTS:-50}"
ROUNDS="${ROUNDS:-1}"
PIPELINES="${PIPELINES:-1 16}"
PORT_MIN="${PORT_MIN:-20000}"
PORT_SPAN="${PORT_SPAN:-30000}"
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
        port=$((PORT_MIN + RANDOM % PORT_SPAN))
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

# Tests redis-benchmark 7.0 cannot select with -t: the command line to run instead
# (modelled on the built-in test of later versions).
# evalsha: a script doing GET, INCR and EXPIRE, loaded on both servers first.
EVAL_SCRIPT="local v = redis.call('GET', KEYS[1]) redis.call('INCR', KEYS[1]) redis.call('EXPIRE', KEYS[1], 3600) return v"
EVAL_SHA=$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" SCRIPT LOAD "$EVAL_SCRIPT")
redis-cli -h 127.0.0.1 -p "$SPINEL_PORT" SCRIPT LOAD "$EVAL_SCRIPT" >/dev/null 2>&1 || true
declare -A EXPLICIT=(
    [xadd]="XADD mystream * myfield xxx"
    [evalsha]="EVALSHA $EVAL_SHA 1 bench:evalsha"
)
# label TEST: the name shown in the tables.
label() {
    if [ -n "${EXPLICIT[$1]:-}" ]; then echo "$1*"; else echo "$1"; fi
}

# probe_cmd TEST: one command that exercises TEST's command on a key of its own.
probe_cmd() {
    local k="__bench_probe:$1"
    case "$1" in
        set) echo "SET $k v" ;;
        get) echo "GET $k" ;;
        incr) echo "INCR $k" ;;
        mset) echo "MSET $k v" ;;
        lpush | rpush) echo "${1^^} $k v" ;;
        lpop | rpop) echo "${1^^} $k" ;;
        sadd) echo "SADD $k v" ;;
        spop) echo "SPOP $k" ;;
        hset) echo "HSET $k f v" ;;
        zadd) echo "ZADD $k 1 m" ;;
        zpopmin) echo "ZPOPMIN $k" ;;
        lrange_*) echo "LRANGE $k 0 99" ;;
        xadd) echo "XADD $k * f v" ;;
        evalsha) echo "EVALSHA $EVAL_SHA 1 $k" ;;
        *) echo "" ;;
    esac
}

# supported TEST: true unless spinel-server answers TEST's probe command with an error.
supported() {
    local cmd reply
    local -a words
    cmd=$(probe_cmd "$1")
    [ -z "$cmd" ] && return 0
    read -ra words <<<"$cmd" # no pathname expansion of XADD's '*'
    reply=$(redis-cli -h 127.0.0.1 -p "$SPINEL_PORT" --no-raw "${words[@]}" 2>&1 | head -n 1)
    redis-cli -h 127.0.0.1 -p "$SPINEL_PORT" DEL "__bench_probe:$1" >/dev/null 2>&1 || true
    case "$reply" in
        "(error)"* | ERR* | *"unknown command"*)
            echo "bench: spinel-server cannot run $1 ($cmd -> $reply): skipped" >&2
            return 1 ;;
    esac
    return 0
}

# Totals per (test, pipeline, server): requests/s summed over rounds, CPU ticks.
declare -A RPS CPU SKIP

# bench_one SERVER TEST PIPELINE: one redis-benchmark run, adds to RPS and CPU.
bench_one() {
    local server=$1 test=$2 pipeline=$3 port pid before after csv rps
    if [ "$server" = redis ]; then port=$REDIS_PORT pid=$REDIS_PID; else port=$SPINEL_PORT pid=$SPINEL_PID; fi
    before=$(cpu_ticks "$pid")
    # --csv for parsing (it replaces -q's progress output): "SET","123456.79",...
    local -a what
    if [ -n "${EXPLICIT[$test]:-}" ]; then
        read -ra what <<<"${EXPLICIT[$test]}"
    else
        what=(-t "$test")
    fi
    csv=$(redis-benchmark -h 127.0.0.1 -p "$port" -q --csv -c "$CLIENTS" -n "$REQUESTS" \
        -P "$pipeline" "${what[@]}" 2>/dev/null)
    after=$(cpu_ticks "$pid")
    # The last data row: lrange_* first prints a row for its preparatory LPUSHes.
    rps=$(printf '%s\n' "$csv" | awk -F'","' '!/^"test","rps"/ && NF > 1 { gsub(/"/, "", $2); v = $2 } END { print v }')
    if [ -z "$rps" ]; then
        echo "bench: redis-benchmark gave no result for $test -P $pipeline against $server:" >&2
        printf '%s\n' "$csv" >&2
        kill -0 "$pid" 2>/dev/null || { echo "bench: $server died; its output:" >&2; cat "$WORK/$server/log" >&2; }
        exit 1
    fi
    local key="$test/$pipeline/$server"
    RPS[$key]=$(awk -v a="${RPS[$key]:-0}" -v b="$rps" 'BEGIN { print a + b }')
    CPU[$key]=$(( ${CPU[$key]:-0} + after - before ))
    printf '  round %d  %-11s -P %-3s %-7s %12.0f req/s\n' "$round" "$(label "$test")" "$pipeline" "$server" "$rps"
}

IFS=, read -ra TEST_LIST <<<"$TESTS"
for test in "${TEST_LIST[@]}"; do
    supported "$test" || SKIP[$test]=1
done
turn=0
for round in $(seq 1 "$ROUNDS"); do
    for test in "${TEST_LIST[@]}"; do
        [ -n "${SKIP[$test]:-}" ] && continue
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
printf '%-11s %8s %14s %14s %8s %14s %14s\n' test pipeline "redis req/s" "spinel req/s" ratio \
    "redis us/req" "spinel us/req"
# Sum of ln(ratio) and count per pipeline, for the geometric means.
declare -A LNSUM LNCOUNT
for test in "${TEST_LIST[@]}"; do
    for pipeline in $PIPELINES; do
        if [ -n "${SKIP[$test]:-}" ]; then
            printf '%-11s %8s %14s %14s %8s %14s %14s\n' "$(label "$test")" "$pipeline" - \
                skipped - - -
            continue
        fi
        r="${RPS[$test/$pipeline/redis]}" s="${RPS[$test/$pipeline/spinel]}"
        rc="${CPU[$test/$pipeline/redis]}" sc="${CPU[$test/$pipeline/spinel]}"
        awk -v t="$(label "$test")" -v p="$pipeline" -v r="$r" -v s="$s" -v rc="$rc" -v sc="$sc" \
            -v n="$((REQUESTS * ROUNDS))" -v rounds="$ROUNDS" -v hz="$CLK_TCK" 'BEGIN {
            printf "%-11s %8s %14.0f %14.0f %7.2fx %14.3f %14.3f\n", t, p, r / rounds, s / rounds,
                (r > 0 ? s / r : 0), rc * 1e6 / hz / n, sc * 1e6 / hz / n
        }'
        if awk -v r="$r" -v s="$s" 'BEGIN { exit !(r > 0 && s > 0) }'; then
            LNSUM[$pipeline]=$(awk -v a="${LNSUM[$pipeline]:-0}" -v r="$r" -v s="$s" \
                'BEGIN { printf "%.12f", a + log(s / r) }')
            LNCOUNT[$pipeline]=$(( ${LNCOUNT[$pipeline]:-0} + 1 ))
        fi
    done
done
geo="geomean"
for pipeline in $PIPELINES; do
    if [ "${LNCOUNT[$pipeline]:-0}" -gt 0 ]; then
        geo="$geo  -P $pipeline: $(awk -v a="${LNSUM[$pipeline]}" -v n="${LNCOUNT[$pipeline]}" \
            'BEGIN { printf "%.2fx", exp(a / n) }') (${LNCOUNT[$pipeline]} tests)"
    else
        geo="$geo  -P $pipeline: -"
    fi
done
echo "(ratio = spinel/redis throughput; us/req = server user+system CPU per request, ${CLK_TCK} Hz ticks)"
for test in "${TEST_LIST[@]}"; do
    if [ -n "${EXPLICIT[$test]:-}" ]; then
        echo "($(label "$test") = not a redis-benchmark $(redis-benchmark --version | awk '{print $2}') test; run as: ${EXPLICIT[$test]})"
    fi
done
echo "$geo"
