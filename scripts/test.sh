#!/usr/bin/env bash
# The project's whole test gate, as CI runs it:
#   formatting, clippy (-D warnings), every test of the workspace, schema drift,
#   the wasm build with cosmwasm-check on every contract, and the benchmark's drift check
#   (BENCHMARKS.md regenerated on the VM and compared).
# Missing tools (wasm target, cosmwasm-check 2.3.5, binaryen 132) are installed first by
# scripts/setup.sh, so this one command works on a fresh machine with rustup, cargo and npm.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

step() { printf '\n==> %s\n' "$*"; }

step "setup"
scripts/setup.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --workspace --all-targets -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test --workspace"
cargo test --workspace --locked

step "schema drift"
scripts/schema.sh --check

step "typed TypeScript client: drift and tsc"
scripts/client.sh --check

step "wasm build + cosmwasm-check"
scripts/build-wasm.sh

step "benchmark drift: BENCHMARKS.md regenerated on cosmwasm-vm (every operation executes on the real artifacts)"
scripts/bench.sh --check --no-build
