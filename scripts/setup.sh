#!/usr/bin/env bash
# Installs what Spinel's tests need on a fresh Debian bookworm machine (run as root, or with
# sudo available). Idempotent and fast when everything is present: it only checks.
# It starts no service: the tests start their own servers on free loopback ports.
#
#   scripts/setup.sh            # install what is missing
#   SETUP_QUIET=1 scripts/setup.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { [ "${SETUP_QUIET:-0}" = 1 ] || echo "setup: $*"; }
die() { echo "setup: ERROR: $*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null && SUDO="sudo" || SUDO="need-root"
fi

# --- Debian packages ------------------------------------------------------------------------
# command -> package that provides it. Add entries here, not new apt-get calls.
declare -A APT_FOR=(
    [redis-server]=redis-server        # the reference for differential tests (7.0.15 on bookworm)
    [redis-cli]=redis-tools            # redis-cli and redis-benchmark
    [redis-benchmark]=redis-tools
    [node]=nodejs [npm]=npm            # the npm package (pkg/): build script and node --test
    [chromium]=chromium                # wasm-bindgen tests in a browser, pkg/ browser test
    [chromedriver]=chromium-driver
    # wasm-opt for the package's release wasm. Debian's binaryen (108) is only safe on cargo's
    # output, before wasm-bindgen (pkg/scripts/build.mjs does it in that order).
    [wasm-opt]=binaryen
)

missing=()
for cmd in "${!APT_FOR[@]}"; do
    command -v "$cmd" >/dev/null || missing+=("${APT_FOR[$cmd]}")
done
if [ ${#missing[@]} -gt 0 ]; then
    # Deduplicate (redis-tools provides two commands).
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    [ "$SUDO" = need-root ] && die "missing ${missing[*]}: run as root or install sudo"
    say "installing ${missing[*]}"
    # Debian's maintainer scripts would start redis-server as a system service on 6379; the
    # tests start their own. policy-rc.d (exit 101) tells invoke-rc.d not to start anything.
    policy=/usr/sbin/policy-rc.d
    added_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
        $SUDO chmod +x "$policy"
        added_policy=1
    fi
    trap 'if [ "$added_policy" = 1 ]; then $SUDO rm -f "$policy"; fi' EXIT
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
redis_version=$(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p')
case "$redis_version" in
    7.*) ;;
    *) echo "setup: warning: redis-server $redis_version; the differential tests expect Redis 7.0" >&2 ;;
esac

# --- Rust -----------------------------------------------------------------------------------
command -v cargo >/dev/null || die "cargo not found: install Rust (rustup) first"
if command -v rustup >/dev/null; then
    # spinel-core must build for the browser/edge target.
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        say "adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
    # clippy is optional (scripts/test.sh runs it with CLIPPY=1).
else
    rustc --print target-list >/dev/null
    say "no rustup: assuming the toolchain already has wasm32-unknown-unknown"
fi

# --- wasm-bindgen-cli --------------------------------------------------------------------------
# Must equal the wasm-bindgen crate version in Cargo.lock. Installed into a per-version cache
# that is checked first, so reruns and later checkouts on the same machine are instant (it takes
# 2.5-5 min to build once; `--locked` fails: its lock pins a crate version the registry does not
# serve). The cache is outside the checkout ($SPINEL_TOOLS_DIR, default ~/.cache/spinel/tools)
# so a fresh clone does not rebuild it; scripts/test.sh puts it on PATH.
WB_VERSION=$(sed -n '/^name = "wasm-bindgen"$/{n;s/version = "\(.*\)"/\1/p}' Cargo.lock)
[ -n "$WB_VERSION" ] || die "no wasm-bindgen in Cargo.lock"
TOOLS_DIR="${SPINEL_TOOLS_DIR:-${HOME:-$PWD/target}/.cache/spinel/tools}"
WB_ROOT="$TOOLS_DIR/wasm-bindgen-$WB_VERSION"
if [ ! -x "$WB_ROOT/bin/wasm-bindgen" ] || [ ! -x "$WB_ROOT/bin/wasm-bindgen-test-runner" ]; then
    say "installing wasm-bindgen-cli $WB_VERSION into $WB_ROOT"
    # Without CARGO_TARGET_DIR (scripts/test.sh sets it) cargo builds in a temporary directory
    # and removes it afterwards, instead of leaving ~0.5 GB of build artefacts under target/.
    env -u CARGO_TARGET_DIR cargo install wasm-bindgen-cli --version "$WB_VERSION" --root "$WB_ROOT" --quiet
fi

# --- npm packages of pkg/ (playwright-core, ioredis-mock) -----------------------------------------
# Reinstalled only when package-lock.json changed since the last install.
if [ ! -f pkg/node_modules/.package-lock.json ] || [ pkg/package-lock.json -nt pkg/node_modules/.package-lock.json ]; then
    say "npm ci in pkg/"
    (cd pkg && npm ci --no-audit --no-fund --loglevel=error)
fi

say "ok (redis-server $redis_version, $(cargo --version), node $(node --version), wasm-bindgen $WB_VERSION)"
