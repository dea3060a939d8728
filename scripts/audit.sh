#!/usr/bin/env bash
# The conformance audit (booking-checkout-audit) against two backends:
#
# 1. audit/fixture/vulnerable-server.mjs, a backend with the payments
#    audit's four faults: the run must report exactly those four findings
#    with their severities (critical, high, medium, medium) and exit 1;
# 2. the reference server (demo users, fresh database): the run must report
#    no finding and nothing inconclusive, and exit 0.
#
# Both talk to localstripe through audit/fixture/stripe-key-proxy.mjs, which
# refuses any key but the configured one as Stripe does, so a server that
# hands a client's key to Stripe fails visibly. Neither run may print a
# credential or secret it was given. Ports: AUDIT_PORT_BASE (default 8650)
# to +3, on 127.0.0.1. Stops everything on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${AUDIT_PORT_BASE:-8650}"
ls_port=$base proxy_port=$((base + 1)) fixture_port=$((base + 2)) ref_port=$((base + 3))
dist="${AUDIT_DIST:-dist}"
# Test-only values for the local fake; they unlock nothing anywhere else.
key=sk_test_audit_only whsec=whsec_audit_only
dir=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$dir"; }
trap cleanup EXIT INT TERM

[ -f "$dist/index.html" ] || { echo "audit.sh: no $dist/index.html: run trunk build --release first" >&2; exit 1; }
# The same build the test step made (same features), so nothing recompiles.
cargo test --locked --workspace --no-run -q

wait_for() { for _ in $(seq 100); do curl -s -o /dev/null "$@" && return 0; sleep 0.1; done; echo "audit.sh: $* did not come up" >&2; exit 1; }

python3 scripts/run_localstripe.py "$ls_port" > "$dir/localstripe.log" 2>&1 &
pids+=($!)
STRIPE_KEY=$key node audit/fixture/stripe-key-proxy.mjs "$proxy_port" "$ls_port" > "$dir/proxy.log" 2>&1 &
pids+=($!)
wait_for -f -u "$key:" "http://127.0.0.1:$proxy_port/v1/payment_intents"

PORT=$fixture_port STRIPE_API_BASE="http://127.0.0.1:$proxy_port" STRIPE_SECRET_KEY=$key STRIPE_WEBHOOK_SECRET=$whsec \
  node audit/fixture/vulnerable-server.mjs > "$dir/fixture.log" 2>&1 &
pids+=($!)
DEMO=1 BIND="127.0.0.1:$ref_port" DATABASE_URL="sqlite://$dir/reference.db" DIST_DIR="$dist" \
  STRIPE_SECRET_KEY=$key STRIPE_WEBHOOK_SECRET=$whsec STRIPE_PUBLISHABLE_KEY=pk_test_bookingCheckoutDemo \
  STRIPE_API_BASE="http://127.0.0.1:$proxy_port" CREATE_INTENT_BURST=1000 RUST_LOG=info \
  target/debug/booking-server > "$dir/reference.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$fixture_port/"
wait_for "http://127.0.0.1:$ref_port/"

# Signs in; prints the session cookie as name=value.
sign_in() {
  curl -s -D - -o /dev/null -H 'content-type: application/json' \
    -d "{\"email\":\"$2\",\"password\":\"$3\"}" "http://127.0.0.1:$1/api/session" |
    sed -n 's/^[Ss]et-[Cc]ookie: *\([^;]*\).*/\1/p' | head -n 1
}

# Runs the audit; credentials go through the environment, never argv.
audit() { # port a-cookie b-cookie a-booking b-booking log json
  AUDIT_A_COOKIE="$2" AUDIT_B_COOKIE="$3" AUDIT_WEBHOOK_SECRET=$whsec \
    target/debug/booking-checkout-audit --base-url "http://127.0.0.1:$1" \
    --a-booking "$4" --b-booking "$5" --log-file "$6" --json-file "$7"
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

echo "--- the vulnerable fixture (four findings expected)"
fa=$(sign_in "$fixture_port" ana@fixture.test ana-fixture-password)
fb=$(sign_in "$fixture_port" ben@fixture.test ben-fixture-password)
set +e
audit "$fixture_port" "$fa" "$fb" bk_fixture_1 bk_fixture_2 "$dir/fixture.log" "$dir/fixture.json" | tee "$dir/fixture.out"
code=${PIPESTATUS[0]}
set -e
check "$dir/fixture.json" "$code" \
  "secret.key_headers=critical,auth.required=high,errors.generic_shape=medium,logs.raw_errors=medium" "${fa#*=}" "${fb#*=}" "$whsec"
! grep -qF -e "${fa#*=}" -e "${fb#*=}" -e "$whsec" "$dir/fixture.out" || { echo "audit.sh: a secret in the table" >&2; exit 1; }

echo "--- the reference server (clean expected)"
ra=$(sign_in "$ref_port" alice@example.com alice-demo-password)
rb=$(sign_in "$ref_port" bob@example.com bob-demo-password)
set +e
audit "$ref_port" "$ra" "$rb" bk_demo_1 bk_demo_2 "$dir/reference.log" "$dir/reference.json" | tee "$dir/reference.out"
code=${PIPESTATUS[0]}
set -e
check "$dir/reference.json" "$code" "" "${ra#*=}" "${rb#*=}" "$whsec"
! grep -qF -e "${ra#*=}" -e "${rb#*=}" -e "$whsec" "$dir/reference.out" || { echo "audit.sh: a secret in the table" >&2; exit 1; }
echo "audit: the fixture's four findings caught, the reference server clean"
