#!/usr/bin/env bash
# Regenerate every contract's JSON schema into schema/, or with --check fail when schema/ is
# stale (differs from what the message types in packages/sto-interface generate).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

if [ "${1:-}" = "--check" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  cargo run --quiet --locked -p sto-interface --example schema -- "$tmp" >/dev/null
  if ! diff -ru schema "$tmp"; then
    echo "schema/ is stale: run scripts/schema.sh and commit the result" >&2
    exit 1
  fi
  echo "schema/ is current"
else
  rm -rf schema
  cargo run --quiet --locked -p sto-interface --example schema -- schema
fi
