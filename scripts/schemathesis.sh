#!/usr/bin/env bash
# Schemathesis against the reference server on loopback, from the checked-in
# description (server/openapi.json): a bounded number of generated requests
# per operation (SCHEMATHESIS_EXAMPLES, default 40) and a time budget
# (SCHEMATHESIS_MAX_TIME, default 90 s). Fails on any 5xx, any answer the
# description does not list, any body its schema refuses, any valid input
# refused or invalid input accepted, and any internal detail in a body
# (scripts/schemathesis_hooks.py). Per-operation exceptions, each with its
# reason: server/schemathesis.toml. Stripe is localstripe. Stops everything on exit.
#
# usage: scripts/schemathesis.sh            (ports 8750 and 8751)
#        SCHEMATHESIS_PORT=8760 scripts/schemathesis.sh
set -euo pipefail
cd "$(dirname "$0")/.."
port="${SCHEMATHESIS_PORT:-8750}"
ls_port=$((port + 1))
examples="${SCHEMATHESIS_EXAMPLES:-40}"
max_time="${SCHEMATHESIS_MAX_TIME:-90}"
dir=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$dir"' EXIT INT TERM

python3 scripts/run_localstripe.py "$ls_port" > "$dir/localstripe.log" 2>&1 &
for _ in $(seq 100); do curl -sf -o /dev/null -u sk_test_api_fuzz_only: "http://127.0.0.1:$ls_port/v1/payment_intents" && break; sleep 0.1; done

# The same build as the test step (same features), so nothing recompiles.
cargo test --locked --workspace --no-run -q
mkdir -p "$dir/dist"
printf '%s' '<!doctype html><html><head></head><body><booking-checkout publishable-key="pk_test_bookingCheckoutDemo"></booking-checkout></body></html>' > "$dir/dist/index.html"
DEMO=1 BIND="127.0.0.1:$port" DATABASE_URL="sqlite://$dir/api.db" DIST_DIR="$dir/dist" \
  STRIPE_SECRET_KEY=sk_test_api_fuzz_only STRIPE_WEBHOOK_SECRET=whsec_api_fuzz_only \
  STRIPE_API_BASE="http://127.0.0.1:$ls_port" CREATE_INTENT_BURST=100000 CONSENT_BURST=100000 RUST_LOG=warn \
  target/debug/booking-server > "$dir/server.log" 2>&1 &
for _ in $(seq 200); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/session" || true)" = 401 ] && break
  sleep 0.1
done

# A bearer token for Alice (seeded by DEMO=1), written the way the server
# stores it (SHA-256 only): a generated sign-out cannot end it mid-run.
token=$(python3 - "$dir/api.db" <<'PY'
import hashlib, secrets, sqlite3, sys
token = secrets.token_urlsafe(32)
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO api_tokens (token_hash, user_id) SELECT ?, id FROM users WHERE email = 'alice@example.com'",
           (hashlib.sha256(token.encode()).hexdigest(),))
db.commit()
print(token)
PY
)

status=0
SCHEMATHESIS_API_TOKEN="$token" PYTHONPATH=scripts SCHEMATHESIS_HOOKS=schemathesis_hooks \
  schemathesis --config-file server/schemathesis.toml run server/openapi.json \
  --url "http://127.0.0.1:$port" \
  --phases examples,coverage,fuzzing \
  --max-examples "$examples" --max-time "$max_time" --seed 11 \
  --workers 2 --request-timeout 10 --no-color \
  --report junit --report-dir target/schemathesis || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- server log (last 20 lines)"
  tail -n 20 "$dir/server.log"
fi
exit "$status"
