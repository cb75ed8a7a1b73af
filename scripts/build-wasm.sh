#!/usr/bin/env bash
# Build every contract for wasm32-unknown-unknown, optimize it the way the CosmWasm optimizer
# does, lower post-MVP features the CosmWasm 2.x VM rejects, and check each artifact.
#
#   scripts/build-wasm.sh                     build every contract and the cw20-base baseline,
#                                             optimize, write artifacts/, run cosmwasm-check
#   scripts/build-wasm.sh --no-check          the same without cosmwasm-check
#   scripts/build-wasm.sh [--no-check] PKG..  only the packages named (e.g. security-token
#                                             cw20-baseline); other artifacts are kept
#
# Output: artifacts/<contract>.wasm, artifacts/checksums.txt (sha256 of every artifact present),
# artifacts/build-info.txt (rustc, binaryen and flags). Reproducible: --locked, and source paths
# remapped so that two clones in different folders produce identical checksums.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
check=1
selected=()
for arg in "$@"; do
  case "$arg" in
    --no-check) check=0 ;;
    -*) echo "unknown option $arg" >&2; exit 2 ;;
    *) selected+=("$arg") ;;
  esac
done

tools="$root/scripts/tools"
wasm_opt="$tools/node_modules/.bin/wasm-opt"
[ -x "$wasm_opt" ] || "$root/scripts/setup.sh"

cargo_home="${CARGO_HOME:-$HOME/.cargo}"
# Remap the checkout and the cargo registry so absolute paths never reach the binary.
flags="-C link-arg=-s --remap-path-prefix=$root=/code --remap-path-prefix=$cargo_home=/cargo"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$flags"
# rustc >= 1.82 emits bulk-memory and sign-ext instructions: let wasm-opt read them, optimize
# for size, then lower both (in that order) to the MVP instructions the 2.x VM accepts.
opt_flags=(--enable-bulk-memory --enable-bulk-memory-opt --enable-sign-ext
  -Os --signext-lowering --llvm-memory-copy-fill-lowering --strip-debug)

# Every contract, plus the cw20-base baseline of scripts/bench.sh (built the same way), unless
# packages are named.
if [ "${#selected[@]}" -gt 0 ]; then
  contracts=("${selected[@]}")
else
  mapfile -t contracts < <({ find contracts -mindepth 2 -maxdepth 2 -name Cargo.toml -printf '%h\n'; echo packages/cw20-baseline; } | xargs -n1 basename | sort)
fi
packages=()
for c in "${contracts[@]}"; do packages+=(-p "$c"); done

echo "==> cargo build --release --target wasm32-unknown-unknown ${contracts[*]}"
cargo build --release --locked --lib --target wasm32-unknown-unknown "${packages[@]}"

target_dir="${CARGO_TARGET_DIR:-$root/target}"
mkdir -p artifacts
if [ "${#selected[@]}" -gt 0 ]; then
  for c in "${contracts[@]}"; do rm -f "artifacts/${c//-/_}.wasm"; done
else
  rm -f artifacts/*.wasm
fi
for c in "${contracts[@]}"; do
  file="${c//-/_}.wasm"
  "$wasm_opt" "${opt_flags[@]}" "$target_dir/wasm32-unknown-unknown/release/$file" -o "artifacts/$file"
done

(cd artifacts && sha256sum -- *.wasm > checksums.txt)
{
  echo "rustc: $(rustc --version)"
  echo "binaryen: $("$wasm_opt" --version)"
  echo "rustflags: -C link-arg=-s --remap-path-prefix=<checkout>=/code --remap-path-prefix=<cargo home>=/cargo"
  echo "profile: release (opt-level 3, lto, codegen-units 1, panic abort, overflow-checks)"
  echo "wasm-opt: ${opt_flags[*]}"
} > artifacts/build-info.txt

echo "==> artifacts"
for c in "${contracts[@]}"; do
  f="artifacts/${c//-/_}.wasm"
  printf '%-40s %8d bytes  %8d gzipped\n' "$f" "$(stat -c %s "$f")" "$(gzip -9 -c "$f" | wc -c)"
done
cat artifacts/checksums.txt

if [ "$check" = 1 ]; then
  command -v cosmwasm-check >/dev/null || "$root/scripts/setup.sh"
  echo "==> cosmwasm-check $(cosmwasm-check --version 2>/dev/null | head -1)"
  checked=()
  for c in "${contracts[@]}"; do checked+=("artifacts/${c//-/_}.wasm"); done
  cosmwasm-check "${checked[@]}"
fi
