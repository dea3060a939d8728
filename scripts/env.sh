# Sourced by the scripts: puts the npm wasm-opt (binaryen 132) on PATH for
# trunk (Debian's binaryen is older and miscompiles current wasm-bindgen
# output), and the tools setup installs with cargo (trunk, wasm-bindgen), in
# cargo's bin directory wherever CARGO_HOME puts it.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
export PATH="$root/node_modules/.bin:$cargo_home/bin:$PATH"
# The wasm a page downloads names no build machine's paths, and its bytes do
# not depend on where CARGO_HOME, RUSTUP_HOME or this checkout sit: source
# paths in panic locations are cut to the crate (same size on every machine).
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=$cargo_home/registry/src/=crates/ --remap-path-prefix=${RUSTUP_HOME:-$HOME/.rustup}/=rustup/ --remap-path-prefix=$root/=booking-checkout/"
