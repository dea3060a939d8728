#!/usr/bin/env bash
# Benchmark: our release build against the React + react-stripe-js peer, in
# the same run, through the same harness, Stripe.js stand-in and stub server
# (../shared/bench). Two conditions, one after the other, each with the peer:
# loopback (no network model) and a modelled mobile network (the app's own
# requests over Lighthouse's slow-4G profile; Stripe.js, create-intent,
# Stripe's API and the Element's frame each 300 ms away). Prints our/peer ratios and each build's critical path
# (with the network's physical limit for the modelled one), writes JSON.
#
#   bench/run.sh                 # 15 loads per target at 1x and 4x CPU, both conditions
#   RUNS=5 CPU=1 bench/run.sh    # quicker
#   CONDITIONS=mobile bench/run.sh    # one condition only (loopback | mobile)
#   NETWORK=slow4g SCRIPT_LATENCY=300 INTENT_LATENCY=300 STRIPE_LATENCY=300 FRAME_LATENCY=300
#                                # the mobile condition (defaults): Stripe.js, create-intent,
#                                # Stripe's API (confirm) and the Element's frame each 300 ms away
#   PEER=/path/to/bench bench/run.sh
#   BUILD_STD=0 bench/run.sh     # skip the opt-in build-std build (scripts/build-std.sh)
#   DEFERRED=1 bench/run.sh      # also our page in the deferred flow (amount on the page,
#                                # create-intent at Pay), target "ours-deferred"
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh

peer_src="${PEER:-../shared/bench}"
[ -f "$peer_src/measure.mjs" ] || { echo "bench: no harness at $peer_src (set PEER=)" >&2; exit 1; }
work=target/bench/harness
mkdir -p "$work" bench/results
# The harness is read-only where it lives; work on a copy with its own node_modules.
(cd "$peer_src" && tar --exclude=node_modules --exclude=dist --exclude=results -cf - .) | (cd "$work" && tar -xf -)
# The copy also records when each asset arrived, when Stripe.js was asked for
# and the page's marks, for the critical-path table (nothing measured changes).
node bench/harness-timing.mjs "$work/measure.mjs"
[ -d "$work/node_modules/playwright-core" ] || (cd "$work" && npm ci --no-audit --no-fund --loglevel=error)
if [ ! -f "$work/peer-react/dist/index.html" ]; then
  (cd "$work/peer-react" && npm ci --no-audit --no-fund --loglevel=error && npx vite build --logLevel error)
fi

trunk build --release
node scripts/compress-dist.mjs
targets=("react=$work/peer-react/dist" "ours=$PWD/dist")
if [ "${DEFERRED:-0}" = 1 ]; then
  # The same build; only the element's attributes differ. The amount is the
  # one the harness's create-intent stub prices (12500 eur), as the component
  # refuses to confirm an intent for another amount than it showed.
  rm -rf target/bench/dist-deferred && cp -r dist target/bench/dist-deferred
  sed -i 's|<booking-checkout|<booking-checkout flow="deferred" amount="12500" currency="eur"|' target/bench/dist-deferred/index.html
  rm -f target/bench/dist-deferred/index.html.br target/bench/dist-deferred/index.html.gz
  targets+=("ours-deferred=$PWD/target/bench/dist-deferred")
fi
if [ "${BUILD_STD:-1}" != 0 ]; then
  scripts/build-std.sh
  targets+=("ours-std=$PWD/dist-std")
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
args=()
for t in "${targets[@]}"; do args+=(--target "$t"); done
for condition in ${CONDITIONS:-loopback mobile}; do
  case "$condition" in
    loopback) net=(--network none --script-latency 0 --intent-latency 0) ;;
    mobile) net=(--network "${NETWORK:-slow4g}" --script-latency "${SCRIPT_LATENCY:-300}" --intent-latency "${INTENT_LATENCY:-300}"
      --stripe-latency "${STRIPE_LATENCY:-300}" --frame-latency "${FRAME_LATENCY:-300}") ;;
    *) echo "bench: unknown condition $condition (loopback | mobile)" >&2; exit 1 ;;
  esac
  out="bench/results/bench-$stamp-$condition.json"
  node "$(realpath "$work/measure.mjs")" "${args[@]}" "${net[@]}" \
    --runs "${RUNS:-15}" --cpu "${CPU:-1,4}" --quiet-wait "${QUIET_WAIT:-10}" --retries 1 --out "$out"
  echo "## $condition"
  node bench/report.mjs "$out" "${targets[@]}" | tee "bench/results/bench-$stamp-$condition.md"
done
