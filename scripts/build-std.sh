#!/usr/bin/env bash
# Opt-in smallest build, into dist-std/: the standard library is rebuilt for
# the wasm with the `immediate-abort` panic strategy, so no panic message,
# source location or formatting machinery is linked (about 15 % fewer brotli
# bytes of wasm; see BENCHMARKS.md).
#
# It needs unstable cargo/rustc flags, enabled here on the stable toolchain
# with RUSTC_BOOTSTRAP=1, and the rust-src component. The default build
# (`trunk build --release`, dist/) uses stable features only; the reference
# server serves this one with DIST_DIR=dist-std.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src
# A target dir of its own: these flags would otherwise invalidate the
# default build's cache on every switch.
# RUSTFLAGS replaces the target's flags from env.sh, so they are passed on
# here (the path remapping: no build machine path in the wasm).
RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
  RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort $CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS" \
  CARGO_TARGET_DIR=target/build-std \
  trunk build --release --dist dist-std
node scripts/compress-dist.mjs dist-std
