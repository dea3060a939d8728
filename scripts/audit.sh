#!/usr/bin/env bash
# The conformance audit (booking-checkout-audit) against real backends:
#
# 1. audit/fixture/vulnerable-server.mjs with the payments audit's four
#    faults: the run must report exactly those four findings with their
#    severities (critical, high, medium, medium) and exit 1;
# 2. the same fixture once per fault that shows only when an intent is
#    created, the booking id is sent another way, or a booking is cancelled
#    or acted on by staff (ownership-alias, amount-on-create,
#    key-field-on-create, cancel-any-owner, staff-guest-session,
#    refund-from-request, refund-every-cancel), each alone: exactly its one
#    finding at its severity, exit 1;
# 3. the reference server (demo users, fresh database, a staff token, two
#    bookings of Alice's paid before the run): the run must report no
#    finding and nothing inconclusive, and exit 0.
#
# All talk to localstripe through audit/fixture/stripe-key-proxy.mjs, which
# refuses any key but the configured one as Stripe does, so a server that
# hands a client's key to Stripe fails visibly. No run may print a
# credential or secret it was given. Ports: AUDIT_PORT_BASE (default 8650)
# to +10, on 127.0.0.1. Stops everything it started on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${AUDIT_PORT_BASE:-8650}"
ls_port=$base proxy_port=$((base + 1)) fixture_port=$((base + 2)) ref_port=$((base + 3))
# One fixture instance per fault that is checked alone (fresh state each).
faults=(ownership-alias amount-on-create key-field-on-create
  cancel-any-owner staff-guest-session refund-from-request refund-every-cancel)
dist="${AUDIT_DIST:-dist}"
# Test-only values for the local fake; they unlock nothing anywhere else.
key=sk_test_audit_only whsec=whsec_audit_only staff=staff_audit_only_token
dir=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$dir"; }
trap cleanup EXIT INT TERM

[ -f "$dist/index.html" ] || { echo "audit.sh: no $dist/index.html: run trunk build --release first" >&2; exit 1; }
# The same build the test step made (same features), so nothing recompiles.
cargo test --locked --workspace --no-run -q

wait_for() { for _ in $(seq 300); do curl -s -o /dev/null "$@" && return 0; sleep 0.1; done; echo "audit.sh: $* did not come up" >&2; exit 1; }

python3 scripts/run_localstripe.py "$ls_port" > "$dir/localstripe.log" 2>&1 &
pids+=($!)
STRIPE_KEY=$key node audit/fixture/stripe-key-proxy.mjs "$proxy_port" "$ls_port" > "$dir/proxy.log" 2>&1 &
pids+=($!)
wait_for -f -u "$key:" "http://127.0.0.1:$proxy_port/v1/payment_intents"

fixture() { # port log [faults]
  PORT=$1 STRIPE_API_BASE="http://127.0.0.1:$proxy_port" STRIPE_SECRET_KEY=$key STRIPE_WEBHOOK_SECRET=$whsec STAFF_TOKEN=$staff \
    FIXTURE_FAULTS="${3-key-header,optional-auth,error-details,raw-error-logs}" \
    node audit/fixture/vulnerable-server.mjs > "$2" 2>&1 &
  pids+=($!)
}
fixture "$fixture_port" "$dir/fixture.log"
for i in "${!faults[@]}"; do fixture $((base + 4 + i)) "$dir/${faults[$i]}.log" "${faults[$i]}"; done
# localstripe tells the reference server of payments and refunds, signed,
# as Stripe would (the events it handles: scripts/stripe-events).
events=(); while read -r e; do events+=(-d "events[]=$e"); done < scripts/stripe-events
curl -sSf -o /dev/null -X POST "http://127.0.0.1:$ls_port/_config/webhooks/audit-reference" \
  -d "url=http://127.0.0.1:$ref_port/api/payments/webhook" -d "secret=$whsec" "${events[@]}"
DEMO=1 BIND="127.0.0.1:$ref_port" DATABASE_URL="sqlite://$dir/reference.db" DIST_DIR="$dist" STAFF_TOKEN=$staff \
  STRIPE_SECRET_KEY=$key STRIPE_WEBHOOK_SECRET=$whsec STRIPE_PUBLISHABLE_KEY=pk_test_bookingCheckoutDemo \
  STRIPE_API_BASE="http://127.0.0.1:$proxy_port" CREATE_INTENT_BURST=1000 RUST_LOG=info \
  target/debug/booking-server > "$dir/reference.log" 2>&1 &
pids+=($!)
for port in "$fixture_port" $(seq $((base + 4)) $((base + 3 + ${#faults[@]}))) "$ref_port"; do
  wait_for "http://127.0.0.1:$port/"
done

# Signs in; prints the session cookie as name=value.
sign_in() {
  curl -s -D - -o /dev/null -H 'content-type: application/json' \
    -d "{\"email\":\"$2\",\"password\":\"$3\"}" "http://127.0.0.1:$1/api/session" |
    sed -n 's/^[Ss]et-[Cc]ookie: *\([^;]*\).*/\1/p' | head -n 1
}

# Runs the audit; credentials go through the environment, never argv.
audit() { # port a-cookie b-cookie a-booking b-booking a-fresh-bookings a-paid-bookings log json
  AUDIT_A_COOKIE="$2" AUDIT_B_COOKIE="$3" AUDIT_WEBHOOK_SECRET=$whsec AUDIT_STAFF_TOKEN=$staff \
    target/debug/booking-checkout-audit --base-url "http://127.0.0.1:$1" \
    --a-booking "$4" --b-booking "$5" --a-fresh-bookings "$6" --a-paid-bookings "$7" --log-file "$8" --json-file "$9"
}

# Checks a run's JSON: $1 file, $2 exit code, $3 expected findings as
# "rule=severity,…" (empty for none), then the secrets that must not show.
check() {
  python3 - "$@" <<'PY'
import json, sys
path, code, expected, secrets = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
doc = json.load(open(path))
want = dict(p.split("=") for p in expected.split(",") if p)
got = {p["rule"]: p["severity"] for p in doc["probes"] if p["result"] == "fail"}
inconclusive = [p["rule"] for p in doc["probes"] if p["result"] == "inconclusive"]
problems = []
if got != want:
    problems.append(f"findings {got}, expected {want}")
if inconclusive:
    problems.append(f"inconclusive: {inconclusive}")
if code != doc["exit_code"] or code != (1 if any(s in ("critical", "high") for s in want.values()) else 0):
    problems.append(f"exit code {code}")
text = open(path).read()
problems += [f"a secret it was given shows in the output" for s in secrets if s and s in text]
print(f"{doc['target']}: {len(doc['probes'])} probes, {doc['requests']} requests, {doc['duration_ms'] / 1000:.1f} s")
if problems:
    sys.exit("audit.sh: " + "; ".join(problems))
PY
}

# Audits a fixture instance: $1 port, $2 name, $3 expected findings.
audit_fixture() {
  local fa fb code
  fa=$(sign_in "$1" ana@fixture.test ana-fixture-password)
  fb=$(sign_in "$1" ben@fixture.test ben-fixture-password)
  set +e
  audit "$1" "$fa" "$fb" bk_fixture_1 bk_fixture_2 bk_fixture_3,bk_fixture_4,bk_fixture_5 bk_fixture_6,bk_fixture_7 \
    "$dir/$2.log" "$dir/$2.json" > "$dir/$2.out"
  code=$?
  set -e
  check "$dir/$2.json" "$code" "$3" "${fa#*=}" "${fb#*=}" "$whsec" "$staff" || { cat "$dir/$2.out"; exit 1; }
  ! grep -qF -e "${fa#*=}" -e "${fb#*=}" -e "$whsec" -e "$staff" "$dir/$2.out" || { echo "audit.sh: a secret in the table" >&2; exit 1; }
}

echo "--- the vulnerable fixture (four findings expected)"
audit_fixture "$fixture_port" fixture \
  "secret.key_headers=critical,auth.required=high,errors.generic_shape=medium,logs.raw_errors=medium"
cat "$dir/fixture.out"

echo "--- the fixture with one fault at a time (its one finding expected)"
expected=(auth.ownership_aliases=high auth.amount_ignored=high secret.key_fields=critical
  cancel.ownership=high staff.guest_refused=high refund.amount_ignored=high cancel.once=high)
for i in "${!faults[@]}"; do
  echo -n "${faults[$i]} → ${expected[$i]}: "
  audit_fixture $((base + 4 + i)) "${faults[$i]}" "${expected[$i]}"
done

echo "--- the reference server (clean expected)"
ra=$(sign_in "$ref_port" alice@example.com alice-demo-password)
rb=$(sign_in "$ref_port" bob@example.com bob-demo-password)
# Three new bookings of Alice's, through the API, for the probes of intent creation.
fresh=$(for _ in 1 2 3; do
  printf 'cookie: %s\n' "$ra" | curl -sSf -w '\n' -H @- -H 'content-type: application/json' -d '{"room":"garden","nights":1}' \
    "http://127.0.0.1:$ref_port/api/bookings" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p'
done | paste -sd, -)
# Two more, paid as a guest's card would pay them, for the probes of
# cancellation: create-intent through the API, the PaymentIntent confirmed
# with a test card at the Stripe API, and the server told by the webhook.
pay_new() {
  local id cs pi
  id=$(printf 'cookie: %s\n' "$ra" | curl -sSf -w '\n' -H @- -H 'content-type: application/json' -d '{"room":"sea-view","nights":1}' \
    "http://127.0.0.1:$ref_port/api/bookings" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
  cs=$(printf 'cookie: %s\n' "$ra" | curl -sSf -w '\n' -H @- -H 'content-type: application/json' -d "{\"booking_id\":\"$id\"}" \
    "http://127.0.0.1:$ref_port/api/payments/create-intent" | sed -n 's/.*"client_secret":"\([^"]*\)".*/\1/p')
  pi=${cs%%_secret_*}
  curl -sSf -o /dev/null -u "$key:" -d payment_method=pm_card_visa "http://127.0.0.1:$proxy_port/v1/payment_intents/$pi"
  curl -sSf -o /dev/null -u "$key:" -X POST "http://127.0.0.1:$proxy_port/v1/payment_intents/$pi/confirm"
  echo "$id"
}
paid=$(for _ in 1 2; do pay_new; done | paste -sd, -)
for id in ${paid//,/ }; do
  for _ in $(seq 100); do
    status=$(printf 'cookie: %s\n' "$ra" | curl -s -H @- "http://127.0.0.1:$ref_port/api/bookings/$id")
    [[ $status == *'"status":"paid"'* ]] && continue 2
    sleep 0.1
  done
  echo "audit.sh: booking $id was not marked paid" >&2; exit 1
done
set +e
audit "$ref_port" "$ra" "$rb" bk_demo_1 bk_demo_2 "$fresh" "$paid" "$dir/reference.log" "$dir/reference.json" | tee "$dir/reference.out"
code=${PIPESTATUS[0]}
set -e
check "$dir/reference.json" "$code" "" "${ra#*=}" "${rb#*=}" "$whsec" "$staff"
! grep -qF -e "${ra#*=}" -e "${rb#*=}" -e "$whsec" -e "$staff" "$dir/reference.out" || { echo "audit.sh: a secret in the table" >&2; exit 1; }
echo "audit: the fixture's four findings and each fault shown alone caught, the reference server clean"
