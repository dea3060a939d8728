#!/usr/bin/env bash
# Installs everything building, the demo and the tests need, from the
# registries only (crates.io, npm, PyPI, Debian). Idempotent: a second run
# finds everything present and takes seconds.
#
#   scripts/setup.sh              # everything
#   scripts/setup.sh --no-browser # skip Chromium/ChromeDriver (demo only)
set -euo pipefail
cd "$(dirname "$0")/.."
# What is installed below must be found by the checks of a second run.
source scripts/env.sh

browser=1
[ "${1:-}" = "--no-browser" ] && browser=0
log() { printf 'setup: %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian packages ---------------------------------------------------------
need=()
command -v brotli >/dev/null || need+=(brotli)
command -v curl >/dev/null || need+=(curl)
if [ "$browser" = 1 ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  [ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
  # The server suite also runs against PostgreSQL.
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  # The load balancer in front of two server instances (scripts/instances-test.mjs).
  command -v haproxy >/dev/null || need+=(haproxy)
fi
if [ ${#need[@]} -gt 0 ]; then
  log "apt-get install ${need[*]}"
  apt_install() {
    as_root apt-get -o DPkg::Lock::Timeout=600 update -q &&
      as_root apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${need[@]}"
  }
  # Another apt run can hold the lock or a mirror can hiccup: try once more.
  apt_install >/dev/null || { sleep 5; apt_install >/dev/null; }
fi

# --- Rust: wasm target, trunk, wasm-bindgen-cli --------------------------------
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
# The test command checks formatting and lints first.
for component in rustfmt clippy; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done
# A fast build profile for the tools themselves (their own fat LTO takes twice as long).
tool_env=(env CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16)
if ! trunk --version 2>/dev/null | grep -q '0\.21\.14'; then
  log "cargo install trunk 0.21.14 (several minutes)"
  # No update_check: it would call the registry on every run.
  "${tool_env[@]}" cargo install trunk --version 0.21.14 --locked --no-default-features --features rustls
fi
wbg=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
grep -q "wasm_bindgen = \"$wbg\"" Trunk.toml || { echo "setup: Trunk.toml [tools] wasm_bindgen must equal Cargo.lock's $wbg" >&2; exit 1; }
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$"; then
  log "cargo install wasm-bindgen-cli $wbg (several minutes)"
  # --locked can fail against the registry mirror; the unlocked build works.
  "${tool_env[@]}" cargo install wasm-bindgen-cli --version "$wbg" --locked ||
    "${tool_env[@]}" cargo install wasm-bindgen-cli --version "$wbg"
fi

# --- npm: wasm-opt (binaryen), terser and Playwright, never a browser download -
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/@playwright/test ] || [ ! -d node_modules/terser ] ||
  [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi

# --- PyPI: localstripe (the fake Stripe API for tests and the demo), schemathesis
python3 -c 'import localstripe' 2>/dev/null || { log "pip install localstripe"; python3 -m pip install -q 'localstripe==1.15.10'; }
# Schemathesis: property-based API testing from server/openapi.json.
python3 -c 'import schemathesis' 2>/dev/null || { log "pip install schemathesis"; python3 -m pip install -q 'schemathesis==4.32.5'; }

# --- crates for offline builds (trunk runs cargo with --offline) --------------
cargo fetch --locked -q
# The opt-in build-std build (scripts/build-std.sh) compiles the standard
# library from rust-src. The component brings its sources, not the crates
# they depend on; fetch those too, or the offline build cannot find them.
rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src
RUSTC_BOOTSTRAP=1 cargo fetch -q --manifest-path "$(rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
log "ready"
