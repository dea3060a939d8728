# Sourced by the scripts: puts the npm wasm-opt (binaryen 132) on PATH for
# trunk (Debian's binaryen is older and miscompiles current wasm-bindgen
# output), and the tools setup installs with cargo (trunk, wasm-bindgen), in
# cargo's bin directory wherever CARGO_HOME puts it.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$root/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
