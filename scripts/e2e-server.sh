#!/usr/bin/env bash
# The stack the Playwright suite runs against: localstripe with a signed
# webhook and the reference server (seeded users, fresh database) serving
# the release build (E2E_DIST=dist-std: the opt-in build-std build). Real
# Stripe.js is what the page asks for; the suite answers js.stripe.com with
# the test double. Stops everything on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${E2E_PORT:-8181}"
ls_port="${E2E_LOCALSTRIPE_PORT:-8421}"
dir=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$dir"' EXIT INT TERM

python3 scripts/run_localstripe.py "$ls_port" > "$dir/localstripe.log" 2>&1 &
for _ in $(seq 100); do curl -sf -o /dev/null -u sk_test_e2e_only: "http://127.0.0.1:$ls_port/v1/payment_intents" && break; sleep 0.1; done
# The events the server handles, one list for the demo, the end-to-end stack
# and the server tests (scripts/stripe-events).
events=(); while read -r e; do events+=(-d "events[]=$e"); done < scripts/stripe-events
curl -sf -X POST "http://127.0.0.1:$ls_port/_config/webhooks/e2e" \
  -d "url=http://127.0.0.1:$port/api/payments/webhook" -d "secret=whsec_e2e_only" \
  "${events[@]}" >/dev/null

# The same build the test step made (same features), so nothing recompiles.
# SERVER_BIN: a server binary built elsewhere (then nothing is built here).
server_bin="${SERVER_BIN:-target/debug/booking-server}"
[ -n "${SERVER_BIN:-}" ] || cargo test --locked --workspace --no-run -q
DEMO=1 BIND="127.0.0.1:$port" DATABASE_URL="sqlite://$dir/e2e.db" DIST_DIR="${E2E_DIST:-dist}" \
  STRIPE_SECRET_KEY=sk_test_e2e_only STRIPE_WEBHOOK_SECRET=whsec_e2e_only STRIPE_PUBLISHABLE_KEY=pk_test_bookingCheckoutDemo \
  STRIPE_API_BASE="http://127.0.0.1:$ls_port" CREATE_INTENT_BURST=1000 CONSENT_BURST=1000 RUST_LOG=warn \
  "$server_bin" &
wait
