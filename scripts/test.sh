#!/usr/bin/env bash
# Every test: formatting and lints first, then host unit and server
# integration tests (cargo, SQLite and PostgreSQL), two server instances
# behind a load balancer on PostgreSQL, schemathesis against the
# server's OpenAPI description, browser tests of the component
# (wasm-bindgen-test in headless Chromium), the release build with its
# secret scan and size budget, the conformance audit (a vulnerable fixture
# and the reference server), the Playwright end-to-end suite against the
# reference server and localstripe, the npm package as integrators use it
# (types, tarball, Vite, guide snippets, Lighthouse), and the opt-in
# build-std build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh

started=$(date +%s)
step() { printf '\n=== %s (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

step "tidy: cargo fmt --check and clippy (host, wasm, wasm with the leptos feature)"
# First, so a formatting slip or a lint fails in seconds, not at the end.
cargo fmt --all --check
# Every crate's modules import one way only: no cycle, a parent and its
# children included (the server: leaves -> db -> state -> auth -> routes -> lib).
python3 scripts/module_graph.py --all > /dev/null
cargo clippy --locked --workspace --all-targets -q -- -D warnings
cargo clippy --locked -p booking-checkout --target wasm32-unknown-unknown --all-targets -q -- -D warnings
cargo clippy --locked -p booking-checkout --target wasm32-unknown-unknown --all-targets --features leptos -q -- -D warnings

step "host: cargo test (pure logic, contract, server integration against localstripe)"
# Every request the server makes to Stripe is logged, for the check below.
export STRIPE_REQUEST_LOG="$PWD/target/stripe-requests.jsonl"
rm -f "$STRIPE_REQUEST_LOG"
cargo test --workspace --locked

step "host: the server integration tests again, against PostgreSQL"
pg_dir=$(mktemp -d)
if pg_url=$(scripts/postgres.sh start "$pg_dir" 2>"$pg_dir.err"); then
  trap 'scripts/postgres.sh stop "$pg_dir"' EXIT
  # The same command as above, so nothing recompiles (a narrower target
  # selection resolves other features and rebuilds the proc-macro crates);
  # the unit tests run again in well under a second.
  TEST_POSTGRES_URL="$pg_url" cargo test --locked --workspace
  scripts/postgres.sh stop "$pg_dir"
  trap - EXIT
else
  echo "SKIPPED (PostgreSQL could not start on this machine): $(tail -n 3 "$pg_dir.err" "$pg_dir"/*.log 2>/dev/null)"
fi

step "server: every parameter sent to Stripe is a name of Stripe's API (npm stripe's types)"
node scripts/stripe-params.mjs "$STRIPE_REQUEST_LOG"
unset STRIPE_REQUEST_LOG

step "server: two instances on PostgreSQL behind haproxy, Stripe 300 ms away (bounded)"
# Its own PostgreSQL, localstripe and processes, all stopped by PID.
node scripts/instances-test.mjs

step "server: schemathesis from server/openapi.json against the running server (bounded)"
SCHEMATHESIS_MAX_TIME=30 scripts/schemathesis.sh

step "browser: wasm-bindgen-test in headless Chromium"
# --release: the dependencies are then built once for these tests and the
# trunk release build below (same profile, same features).
# The Stripe.js boundary and the embed API (browser), the Leptos component (leptos).
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test --locked --release -p booking-checkout --target wasm32-unknown-unknown --test browser --test leptos

step "release build: trunk build --release"
trunk build --release
node scripts/compress-dist.mjs
node scripts/check-dist.mjs

step "conformance audit: the vulnerable fixture (four findings) and the reference server (clean)"
scripts/audit.sh

step "end-to-end: Playwright against the reference server"
PLAYWRIGHT_JSON_OUTPUT_NAME=target/playwright-results.json npx playwright test --reporter=list,json ||
  { node scripts/playwright-summary.mjs target/playwright-results.json; exit 1; }
node scripts/playwright-summary.mjs target/playwright-results.json

step "npm package: types, tarball in a plain page and a Vite app, guide snippets, integrator test, Lighthouse"
scripts/test-package.sh

step "opt-in build-std build: secret scan, size budget, payment flows and script inventory"
scripts/build-std.sh
node scripts/check-dist.mjs dist-std
E2E_DIST=dist-std npx playwright test tests/e2e/pay.spec.mjs tests/e2e/security.spec.mjs --reporter=list

step "all tests passed"
