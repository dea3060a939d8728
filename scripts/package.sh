#!/usr/bin/env bash
# Builds the npm package `booking-checkout` into target/pkg/booking-checkout
# and packs it (npm pack) into dist-pkg/booking-checkout-<version>.tgz.
#
# The package: the release wasm (wasm-bindgen --target web, wasm-opt -Oz),
# its glue and snippets minified, the ES module entry and hand-written types
# from pkg/, the component's stylesheet, and the Stripe.js test double as
# `booking-checkout/testing` (copied from tests/stripe-double/ now, so the
# package always ships the double the repository tests with).
#
#   scripts/package.sh        # prints the tarball's path last
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

out=target/pkg/booking-checkout
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
rm -rf "$out"
mkdir -p "$out/testing" dist-pkg

# The same command as the release build's, so a built tree is reused as is.
cargo build --locked --release --target wasm32-unknown-unknown -p booking-checkout -q
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name booking_checkout \
  target/wasm32-unknown-unknown/release/booking_checkout.wasm
wasm-opt -Oz "$out/booking_checkout_bg.wasm" -o "$out/booking_checkout_bg.wasm"

cp pkg/index.js pkg/index.d.ts pkg/README.md "$out/"
cp pkg/testing/index.js pkg/testing/index.d.ts "$out/testing/"
cp tests/stripe-double/stripe.js "$out/testing/stripe.js"
cp www/checkout.css "$out/checkout.css"
node scripts/package-finish.mjs "$out" "$version"

rm -f dist-pkg/booking-checkout-*.tgz
tarball=$(cd "$out" && npm pack --silent --pack-destination "$OLDPWD/dist-pkg")
echo "dist-pkg/$tarball"
