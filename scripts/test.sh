#!/usr/bin/env bash
# THE test command: installs what is missing (scripts/setup.sh), then builds and tests
# everything. Exits non-zero if any step fails, after running the others, and ends with a
# summary of every step. CI runs it through .ci/run.
#
#   scripts/test.sh
#
# Environment:
#   CLIPPY=1                  also run cargo clippy (off by default: it costs a full check)
#   SPINEL_DIFF_SEED=N        seed of the random differential test (default: fixed)
#   SPINEL_DIFF_COUNT=N       commands in the random differential test (default 12000)
#   SPINEL_DIFF_AGAINST_REDIS=1  diff redis-server against itself (checks the harness)
#   STEP_TIMEOUT=SECONDS      per-step limit (default 600); a hung step fails, not hangs CI
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
if [ "${CI:-}" = true ]; then
    # A clean clone builds once: incremental artefacts only cost time and disk.
    export CARGO_INCREMENTAL=0
fi
# Test threads inside one test binary; the servers they start need CPU too.
export RUST_TEST_THREADS="${RUST_TEST_THREADS:-2}"
STEP_TIMEOUT="${STEP_TIMEOUT:-600}"

LOG_DIR="$CARGO_TARGET_DIR/test-logs"
mkdir -p "$LOG_DIR"

names=()
results=()
times=()
failed=0
run_start=$SECONDS

# step NAME COMMAND...: runs one step (output also saved to $LOG_DIR), records its result
# and duration, and returns its status; never exits the script.
step() {
    local name=$1
    shift
    local log="$LOG_DIR/$(echo "$name" | tr -c 'a-zA-Z0-9\n' '_').log"
    echo
    echo "==> $name: $*"
    local start=$SECONDS status
    timeout --kill-after=10 "$STEP_TIMEOUT" "$@" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    [ "$status" = 124 ] && echo "==> $name: timed out after ${STEP_TIMEOUT}s"
    names+=("$name")
    times+=("$((SECONDS - start))s")
    if [ "$status" = 0 ]; then
        results+=("ok")
    else
        results+=("FAILED (exit $status)")
        failed=1
    fi
    # For test steps: the totals, and the test targets that failed (cargo --no-fail-fast
    # lists them as `-p crate --test name`).
    local totals
    # cargo's "test result:" lines, and node --test's TAP totals ("# pass N", "# fail N").
    totals=$(awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
                  /^# pass [0-9]+$/ { p += $3 } /^# fail [0-9]+$/ { f += $3 }
                  END { if (p + f > 0) printf "%d passed, %d failed", p, f }' "$log")
    [ -n "$totals" ] && results[-1]="${results[-1]}  [$totals]"
    grep -E '^ +`-p .*`$' "$log" | sed 's/^ */      failed target: /' >>"$LOG_DIR/failed-targets" || true
    return "$status"
}

summary() {
    echo
    echo "================ scripts/test.sh summary ================"
    local i
    for i in "${!names[@]}"; do
        printf '  %-28s %-8s %s\n' "${names[$i]}" "${times[$i]}" "${results[$i]}"
    done
    [ -s "$LOG_DIR/failed-targets" ] && cat "$LOG_DIR/failed-targets"
    echo "  total time: $((SECONDS - run_start))s; logs in $LOG_DIR"
    if [ $failed = 0 ]; then
        echo "RESULT: PASS"
    else
        echo "RESULT: FAIL"
    fi
    echo "========================================================="
}
rm -f "$LOG_DIR/failed-targets"
trap summary EXIT

# Without the tools nothing else can be judged: stop here if setup fails.
if ! step "setup" bash scripts/setup.sh; then
    exit 1
fi

step "build" cargo build --workspace --all-targets
# Three test steps, each with its own time limit, so a hung unit test cannot keep the
# end-to-end and differential tests from running. --no-fail-fast: one failing suite must
# not hide the results of the others.
step "unit tests" cargo test --workspace --no-fail-fast --lib --bins
# tests/*.rs of every crate: real clients and the differential tests against redis-server.
step "integration tests" cargo test --workspace --no-fail-fast --test '*'
step "doc tests" cargo test --workspace --doc
# The engine must stay no_std-compatible and build for the browser/edge target.
step "wasm32 check (no_std core)" \
    cargo check -p spinel-core --no-default-features --target wasm32-unknown-unknown
# spinel-lua builds for wasm32 as part of spinel-wasm (the wasm tests and the pkg build below).
if [ "${CLIPPY:-0}" = 1 ]; then
    step "clippy" cargo clippy --workspace --all-targets -- -D warnings
fi
# The npm package: one release wasm build (wasm-opt, wasm-bindgen, command table), shared by
# the package's tests; the binding's wasm-bindgen tests under Node and in headless Chromium.
WB_VERSION=$(sed -n '/^name = "wasm-bindgen"$/{n;s/version = "\(.*\)"/\1/p}' Cargo.lock)
TOOLS_DIR="${SPINEL_TOOLS_DIR:-${HOME:-$PWD/target}/.cache/spinel/tools}"
export PATH="$TOOLS_DIR/wasm-bindgen-$WB_VERSION/bin:$PATH"
wasm_test() {
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
        cargo test -p spinel-wasm --target wasm32-unknown-unknown --tests "$@"
}
step "wasm tests (node)" env WASM_BINDGEN_TEST_ONLY_NODE=1 bash -c "$(declare -f wasm_test); wasm_test"
step "wasm tests (chromium)" env WASM_BINDGEN_TEST_ONLY_WEB=1 CHROMEDRIVER=/usr/bin/chromedriver \
    bash -c "$(declare -f wasm_test); wasm_test"
if step "pkg build" npm --prefix pkg run build; then
    step "pkg tests" npm --prefix pkg test
fi

exit $failed
