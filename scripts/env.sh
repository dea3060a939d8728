# Sourced by the scripts: puts the npm wasm-opt (binaryen 132) on PATH for
# trunk. Debian's binaryen is older and miscompiles current wasm-bindgen output.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
