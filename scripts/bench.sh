#!/usr/bin/env bash
# Gas and size benchmark of the optimized artifacts on cosmwasm-vm 2.3.5, against cw20-base.
#
#   scripts/bench.sh              build the artifacts, run with 10 / 1,000 / 100,000 holders,
#                                 write BENCHMARKS.md and artifacts/bench.json
#   scripts/bench.sh --quick      CI form: build, run with 10 and 100 holders; writes no
#                                 tracked file (JSON to $TMPDIR/sto-bench-quick.json)
#   scripts/bench.sh --no-build   either form with the artifacts already in artifacts/
#
# Exit status: non-zero when an artifact the benchmark needs does not build or when an operation
# does not execute as expected. A missed gas or size target is reported in the output and in
# BENCHMARKS.md, never an error.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

quick=0
build=1
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --no-build) build=0 ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done

if [ "$build" = 1 ]; then
  # Every contract and the cw20-base baseline. The benchmark loads each artifact in
  # cosmwasm-vm 2.3.5, which rejects un-lowered code: that is the check, so cosmwasm-check is
  # left to scripts/build-wasm.sh's default run.
  scripts/build-wasm.sh --no-check
fi

args=()
if [ "$quick" = 1 ]; then
  args+=(--quick)
else
  args+=(--markdown BENCHMARKS.md --json artifacts/bench.json)
fi

# The `tool` profile: optimized like release, without LTO, so the VM builds in minutes.
echo "==> cargo run --profile tool --locked -p sto-bench -- ${args[*]}"
cargo run --profile tool --locked -p sto-bench -- "${args[@]}"
