#!/usr/bin/env bash
# Gas and size benchmark of the optimized artifacts on cosmwasm-vm 2.3.5, against cw20-base.
#
#   scripts/bench.sh              build the artifacts, run with 10 / 1,000 / 100,000 holders,
#                                 write BENCHMARKS.md and artifacts/bench.json
#   scripts/bench.sh --quick      CI form: build, run with 10 and 100 holders; writes no
#                                 tracked file (JSON to $TMPDIR/sto-bench-quick.json)
#   scripts/bench.sh --check      drift check: the full run written to a temporary folder, then
#                                 compared with BENCHMARKS.md; fails when they differ in anything
#                                 but the date, machine and rustc lines (gas and sizes are
#                                 deterministic). Writes no tracked file.
#   scripts/bench.sh --no-build   any form with the artifacts already in artifacts/
#
# Exit status: non-zero when an artifact the benchmark needs does not build, when an operation
# does not execute as expected, or (--check) when BENCHMARKS.md is stale. A missed gas or size
# target is reported in the output and in BENCHMARKS.md, never an error.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

quick=0
check=0
build=1
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --check) check=1 ;;
    --no-build) build=0 ;;
    -h | --help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done

if [ "$build" = 1 ]; then
  # Every contract and the cw20-base baseline. The benchmark loads each artifact in
  # cosmwasm-vm 2.3.5, which rejects un-lowered code: that is the check, so cosmwasm-check is
  # left to scripts/build-wasm.sh's default run.
  scripts/build-wasm.sh --no-check
fi

if [ "$quick" = 1 ] && [ "$check" = 1 ]; then
  echo "--quick and --check exclude each other: the check regenerates the full run" >&2
  exit 2
fi

args=()
if [ "$quick" = 1 ]; then
  args+=(--quick)
elif [ "$check" = 1 ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  args+=(--markdown "$tmp/BENCHMARKS.md" --json "$tmp/bench.json" --command scripts/bench.sh)
else
  args+=(--markdown BENCHMARKS.md --json artifacts/bench.json)
fi

# The `tool` profile: optimized like release, without LTO, so the VM builds in minutes.
echo "==> cargo run --profile tool --locked -p sto-bench -- ${args[*]}"
cargo run --profile tool --locked -p sto-bench -- "${args[@]}"

if [ "$check" = 1 ]; then
  # Everything but the lines describing when and where the run happened must match.
  drop_run_lines() { grep -v -E '^\| (date \(UTC\)|machine|rustc) \|' "$1"; }
  if ! diff -u <(drop_run_lines BENCHMARKS.md) <(drop_run_lines "$tmp/BENCHMARKS.md"); then
    echo "BENCHMARKS.md is stale: run scripts/bench.sh and commit it" >&2
    exit 1
  fi
  echo "BENCHMARKS.md is up to date"
fi
