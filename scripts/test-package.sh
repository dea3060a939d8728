#!/usr/bin/env bash
# The npm package as integrators get it: builds and packs it
# (scripts/package.sh), installs the tarball into a fresh site
# (tests/package/prepare.mjs: the guide's pages and snippets, the README's
# integrator test), type-checks it as a consumer both ways, builds a Vite
# app from it, pays in Chromium on the plain page and the Vite app with the
# test kit, runs every guide snippet and the README test, and runs
# Lighthouse on the demo page (>= 95 each for performance, accessibility and
# best practices).
#
#   scripts/test-package.sh            # needs dist/ (trunk build --release) for Lighthouse
#   SKIP_LIGHTHOUSE=1 scripts/test-package.sh
# Ports: PKG_PORT (8900) for the site, LH_PORT and LH_PORT+1 (8910, 8911) for Lighthouse's server.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
started=$(date +%s)
step() { printf '\n=== package: %s (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

step "build and pack"
tarball=$(scripts/package.sh | tail -n 1)
ls -l "$tarball"

step "install the tarball into a fresh site, with the guide's and the README's snippets"
node tests/package/prepare.mjs "$tarball"

step "types: tsc --strict over a consumer (must pass) and over mistakes (must fail); types match the source"
node tests/package/static-checks.mjs

step "a Vite app built from the package"
(cd target/pkg-consumer/vite && vite build --logLevel warn --base /vite-dist/ --outDir ../vite-dist --emptyOutDir)

step "Playwright: plain page, JS API, Vite app, guide exchanges and failure specs, the README's integrator test"
PKG_PORT="${PKG_PORT:-8900}" npx playwright test -c tests/package/playwright.config.mjs --reporter=list

if [ "${SKIP_LIGHTHOUSE:-}" = 1 ]; then
  echo "Lighthouse SKIPPED (SKIP_LIGHTHOUSE=1)"
else
  step "Lighthouse on the demo page"
  node scripts/lighthouse.mjs
fi
step "package checks passed"
