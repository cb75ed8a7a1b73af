#!/usr/bin/env bash
# Install what the test gate needs on a fresh machine, pinned; idempotent (skips what is there).
#   - rustfmt, clippy and the wasm32-unknown-unknown target (rustup)
#   - cosmwasm-check 2.3.5 (cargo install --locked)
#   - binaryen 132 for wasm-opt (npm ci from scripts/tools/package-lock.json)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

rustup component add rustfmt clippy >/dev/null 2>&1 || true
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
if ! cosmwasm-check --version 2>/dev/null | grep -q '2\.3\.5'; then
  echo "==> installing cosmwasm-check 2.3.5 (one-off, a few minutes)"
  cargo install cosmwasm-check --version =2.3.5 --locked
fi
if [ ! -x "$root/scripts/tools/node_modules/.bin/wasm-opt" ]; then
  echo "==> installing binaryen 132 (scripts/tools/package-lock.json)"
  (cd "$root/scripts/tools" && npm ci --no-audit --no-fund --loglevel=error)
fi
