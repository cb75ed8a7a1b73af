#!/usr/bin/env bash
# The TypeScript client of clients/ts: regenerate it from schema/, or check it.
#
#   scripts/client.sh           regenerate clients/ts/src/contracts/ from schema/ (ts-codegen 1.14.1)
#   scripts/client.sh --check   fail when src/contracts/ is stale, then type-check (tsc --noEmit)
#
# Installs the pinned dependencies (npm ci from package-lock.json) when they are missing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root/clients/ts"
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
if [ "${1:-}" = "--check" ]; then
  node scripts/codegen.mjs --check
  node_modules/.bin/tsc --noEmit -p .
  echo "clients/ts type-checks"
else
  node scripts/codegen.mjs
fi
