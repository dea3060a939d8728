#!/usr/bin/env bash
# The server's bounded load test (server/examples/load.rs): create-intent for
# distinct bookings, then every webhook event delivered twice, on loopback,
# SQLite or PostgreSQL, one or several instances, Stripe stubbed by the test
# suite's local stub. Prints throughput and p50/p99 per phase and fails if a
# commit was not durable, a booking got two intents or an event changed state
# twice. Not part of scripts/test.sh (it measures; it does not gate).
#
# Built optimised for speed (opt-level 3, the workspace's release profile is
# tuned for the wasm's size) into its own target directory, so the shared
# release artefacts are left alone.
#
# usage: scripts/load-test.sh [--bookings 5000] [--concurrency 32] [--users 50] [--max-secs 120]
#                             [--postgres URL [--instances 2]]
# --postgres runs on a fresh database of that server (created and dropped by
# the run); start one that fsyncs with
#   url=$(PG_FSYNC=on scripts/postgres.sh start DIR PORT)
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_TARGET_DIR=target/load-test CARGO_PROFILE_RELEASE_OPT_LEVEL=3 CARGO_PROFILE_RELEASE_LTO=false \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_PANIC=unwind \
  cargo run --locked --release -q -p booking-server --example load -- "$@"
