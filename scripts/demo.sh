#!/usr/bin/env bash
# The offline demo: localstripe (fake Stripe API) on 127.0.0.1 with fresh
# state and a signed webhook, the reference server with a fresh SQLite
# database and seeded users, and the built checkout page.
#
# With STRIPE_PUBLISHABLE_KEY, STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET
# set, it uses real Stripe test mode and real Stripe.js instead (forward
# webhooks yourself, e.g. `stripe listen`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

port="${DEMO_PORT:-8080}"
ls_port="${LOCALSTRIPE_PORT:-8420}"
scripts/setup.sh --no-browser
trunk build --release
node scripts/compress-dist.mjs
cargo build -q -p booking-server

rm -rf .demo && mkdir -p .demo
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

if [ -n "${STRIPE_SECRET_KEY:-}" ]; then
  : "${STRIPE_PUBLISHABLE_KEY:?set STRIPE_PUBLISHABLE_KEY too}" "${STRIPE_WEBHOOK_SECRET:?set STRIPE_WEBHOOK_SECRET too}"
  export STRIPE_API_BASE="https://api.stripe.com" OFFLINE_STRIPE_JS=0
else
  # Demo-only credentials for the local fake; they unlock nothing anywhere else.
  export STRIPE_SECRET_KEY="sk_test_demo_only" STRIPE_WEBHOOK_SECRET="whsec_demo_only"
  export STRIPE_PUBLISHABLE_KEY="pk_test_bookingCheckoutDemo" STRIPE_API_BASE="http://127.0.0.1:$ls_port" OFFLINE_STRIPE_JS=1
  python3 scripts/run_localstripe.py "$ls_port" > .demo/localstripe.log 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$ls_port/v1/payment_intents?key=x" -u "$STRIPE_SECRET_KEY:" && break; sleep 0.2; done
  # The events the server handles, one list for the demo, the end-to-end stack
  # and the server tests (scripts/stripe-events).
  events=(); while read -r e; do events+=(-d "events[]=$e"); done < scripts/stripe-events
  curl -sf -X POST "http://127.0.0.1:$ls_port/_config/webhooks/booking-demo" \
    -d "url=http://127.0.0.1:$port/api/payments/webhook" -d "secret=$STRIPE_WEBHOOK_SECRET" \
    "${events[@]}" >/dev/null
fi

DEMO=1 BIND="127.0.0.1:$port" DATABASE_URL="sqlite://.demo/booking.db" DIST_DIR=dist \
  target/debug/booking-server &
pids+=($!)
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
cat <<MSG

  Demo running: http://127.0.0.1:$port/
  Sign in as alice@example.com / alice-demo-password (or bob@example.com / bob-demo-password,
  booking ?booking=bk_demo_2), then pay with 4242 4242 4242 4242, any future date, any CVC.
  Press Ctrl-C to stop.

MSG
wait
