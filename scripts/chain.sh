#!/usr/bin/env bash
# A single-node permissioned wasmd localnet for the suite, bound to 127.0.0.1 only.
#
#   scripts/chain.sh build     build wasmd v0.60.8 from chain/go.mod + go.sum (pinned), cached in
#                              chain/.cache/wasmd-<hash of go.mod and go.sum>/ (skipped when there)
#   scripts/chain.sh up        build if needed, create the chain on first use (keys, genesis,
#                              permissioned wasm parameters), start the node, wait for a block
#   scripts/chain.sh status    running or not, chain id, latest height
#   scripts/chain.sh deploy    upload the artifacts of scripts/build-wasm.sh (checksums verified),
#                              pin them by governance proposal, instantiate and wire the suite,
#                              write chain/.localnet/deployment.json (idempotent)
#   scripts/chain.sh check     on-chain refusals and gas figures (after deploy)
#   scripts/chain.sh custodian-day   the custodian example program (after deploy)
#   scripts/chain.sh down      stop the node by its PID
#   scripts/chain.sh reset     stop the node and delete the chain's data (keys included)
#
# Everything lives in chain/.localnet (HOME points there: every wasmd call writes
# $HOME/.wasmd/config/client.toml). Ports (loopback only) can be moved with STO_RPC_PORT,
# STO_P2P_PORT, STO_GRPC_PORT, STO_ABCI_PORT.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
chain_dir="$root/chain"
net="$chain_dir/.localnet"
home_dir="$net/.wasmd"
pid_file="$net/wasmd.pid"
log_file="$net/node.log"
chain_id="sto-localnet-1"
rpc_port="${STO_RPC_PORT:-26657}"
p2p_port="${STO_P2P_PORT:-26656}"
grpc_port="${STO_GRPC_PORT:-9090}"
abci_port="${STO_ABCI_PORT:-26658}"
rpc="http://127.0.0.1:$rpc_port"

# The accounts of the localnet. `governance` uploads, instantiates and administers the suite
# (admin of every contract, owner in the contracts' two-step ownership); `validator` runs the
# node and votes on governance proposals; the others are the actors of the system design.
actors=(governance validator compliance usd1_issuer transfer_agent pauser attestor off_ramp
  usd1_redemption_account issuer paying_agent broker tax_withholding_account
  custodian investor_us investor_de investor_sg investor_fr outsider)
# Native USD1 of the native-denom adapter variant.
native_usd1="uusd1"

hash=$(cat "$chain_dir/go.mod" "$chain_dir/go.sum" | sha256sum | cut -c1-16)
bin_dir="$chain_dir/.cache/wasmd-$hash"
wasmd_bin="$bin_dir/wasmd"

log() { printf '==> %s\n' "$*" >&2; }

build() {
  if [ -x "$wasmd_bin" ]; then
    log "wasmd cached: $wasmd_bin"
    return
  fi
  command -v go >/dev/null || { echo "go is required to build wasmd" >&2; exit 1; }
  log "building wasmd v0.60.8 (chain/go.mod, one-off: about 4 minutes and 1.8 GB of memory)"
  local tmp="$bin_dir.tmp.$$"
  mkdir -p "$tmp"
  (cd "$chain_dir" && nice -n 10 go build -mod=readonly -ldflags '-s -w' \
    -o "$tmp/wasmd" github.com/CosmWasm/wasmd/cmd/wasmd)
  # libwasmvm ships inside the wasmvm module: keep a copy beside the binary so the cache does
  # not depend on the Go module cache staying in place.
  local vm_dir
  vm_dir=$(cd "$chain_dir" && go list -m -f '{{.Dir}}' github.com/CosmWasm/wasmvm/v2)
  cp "$vm_dir/internal/api/libwasmvm.$(uname -m).so" "$tmp/"
  rm -rf "$bin_dir"
  mv "$tmp" "$bin_dir"
  log "wasmd built: $wasmd_bin"
}

wasmd() {
  HOME="$net" LD_LIBRARY_PATH="$bin_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    "$wasmd_bin" --home "$home_dir" "$@"
}

running() {
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

height() {
  curl -sf "$rpc/status" | jq -r '.result.sync_info.latest_block_height' 2>/dev/null || echo 0
}

# toml_set FILE SECTION KEY VALUE: set KEY in [SECTION] ("" for the top level) to VALUE (raw).
toml_set() {
  python3 - "$@" <<'EOF'
import re, sys
path, section, key, value = sys.argv[1:5]
lines = open(path).read().split("\n")
current = ""
for i, line in enumerate(lines):
    m = re.match(r"^\[([^\]]+)\]\s*$", line)
    if m:
        current = m.group(1)
        continue
    if current == section and re.match(rf"^{re.escape(key)}\s*=", line):
        lines[i] = f"{key} = {value}"
        break
else:
    sys.exit(f"{path}: no {key} in [{section}]")
open(path, "w").write("\n".join(lines))
EOF
}

init_chain() {
  log "creating chain $chain_id in $net"
  rm -rf "$net"
  mkdir -p "$net"
  wasmd init localnet --chain-id "$chain_id" --default-denom stake >/dev/null 2>&1
  local keys="{}"
  for name in "${actors[@]}"; do
    local out
    out=$(wasmd keys add "$name" --keyring-backend test --output json 2>/dev/null)
    keys=$(jq -c --arg n "$name" --argjson k "$out" '. + {($n): {address: $k.address, mnemonic: $k.mnemonic}}' <<<"$keys")
  done
  # The mnemonics of this throwaway localnet, read by the TypeScript programs.
  jq . <<<"$keys" >"$net/keys.json"
  for name in "${actors[@]}"; do
    local addr coins="1000000000000stake"
    addr=$(jq -r --arg n "$name" '.[$n].address' "$net/keys.json")
    case "$name" in
      custodian | investor_* | issuer | outsider) coins="$coins,1000000000000$native_usd1" ;;
    esac
    wasmd genesis add-genesis-account "$addr" "$coins" >/dev/null
  done
  wasmd genesis gentx validator 100000000000stake --chain-id "$chain_id" --keyring-backend test >/dev/null 2>&1
  wasmd genesis collect-gentxs >/dev/null 2>&1

  local gov genesis="$home_dir/config/genesis.json"
  gov=$(jq -r '.governance.address' "$net/keys.json")
  # Permissioned wasm: only governance uploads code; code uploaded without an explicit
  # permission is instantiable by its uploader only (governance). Governance proposals vote
  # in 6 s (pinning codes goes through one).
  jq --arg gov "$gov" '
    .app_state.wasm.params.code_upload_access = {permission: "AnyOfAddresses", addresses: [$gov]}
    | .app_state.wasm.params.instantiate_default_permission = "AnyOfAddresses"
    | .app_state.gov.params.voting_period = "6s"
    | .app_state.gov.params.expedited_voting_period = "5s"
    | .app_state.gov.params.max_deposit_period = "60s"
    | .app_state.gov.params.min_deposit = [{denom: "stake", amount: "1000000"}]
    | .app_state.gov.params.expedited_min_deposit = [{denom: "stake", amount: "2000000"}]
  ' "$genesis" >"$genesis.tmp"
  mv "$genesis.tmp" "$genesis"
  wasmd genesis validate-genesis >/dev/null

  local config="$home_dir/config/config.toml" app="$home_dir/config/app.toml"
  toml_set "$config" "" proxy_app "\"tcp://127.0.0.1:$abci_port\""
  toml_set "$config" "" moniker '"localnet"'
  toml_set "$config" rpc laddr "\"tcp://127.0.0.1:$rpc_port\""
  toml_set "$config" rpc pprof_laddr '""'
  toml_set "$config" p2p laddr "\"tcp://127.0.0.1:$p2p_port\""
  toml_set "$config" p2p pex false
  toml_set "$config" p2p addr_book_strict false
  toml_set "$config" consensus timeout_commit '"300ms"'
  toml_set "$config" consensus timeout_propose '"1s"'
  toml_set "$config" instrumentation prometheus false
  toml_set "$app" "" minimum-gas-prices '"0stake"'
  toml_set "$app" api enable false
  toml_set "$app" api address "\"tcp://127.0.0.1:1317\""
  toml_set "$app" grpc address "\"127.0.0.1:$grpc_port\""
  toml_set "$app" telemetry enabled false
  local client="$home_dir/config/client.toml"
  toml_set "$client" "" chain-id "\"$chain_id\""
  toml_set "$client" "" keyring-backend '"test"'
  toml_set "$client" "" node "\"tcp://127.0.0.1:$rpc_port\""
  # Written last: a creation interrupted before this point is redone by the next `up`.
  echo "$chain_id" >"$net/initialized"
}

up() {
  build
  if running; then
    log "already running (pid $(cat "$pid_file")), height $(height)"
    return
  fi
  [ -f "$net/initialized" ] || init_chain
  log "starting wasmd (rpc $rpc, log $log_file)"
  HOME="$net" LD_LIBRARY_PATH="$bin_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    setsid "$wasmd_bin" start --home "$home_dir" >>"$log_file" 2>&1 </dev/null &
  echo $! >"$pid_file"
  local i
  for i in $(seq 1 300); do
    if ! running; then
      tail -20 "$log_file" >&2
      echo "wasmd exited; log: $log_file" >&2
      rm -f "$pid_file"
      exit 1
    fi
    if [ "$(height)" -ge 1 ] 2>/dev/null; then
      log "up: chain $chain_id, pid $(cat "$pid_file"), height $(height)"
      return
    fi
    sleep 0.2
  done
  echo "no block within 60 s; log: $log_file" >&2
  down
  exit 1
}

down() {
  if ! running; then
    log "not running"
    rm -f "$pid_file"
    return
  fi
  local pid i
  pid=$(cat "$pid_file")
  kill -TERM "$pid"
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid still running after 10 s: SIGKILL"
    kill -KILL "$pid"
  fi
  rm -f "$pid_file"
  log "stopped (pid $pid)"
}

status() {
  if running; then
    echo "running: chain $chain_id, pid $(cat "$pid_file"), height $(height), rpc $rpc"
  else
    echo "not running"
    return 3
  fi
}

# Run one of the TypeScript programs of clients/ts against the running node.
ts() {
  running || { echo "the chain is not running: scripts/chain.sh up" >&2; exit 1; }
  local client="$root/clients/ts"
  if [ ! -d "$client/node_modules" ]; then
    log "installing clients/ts dependencies (package-lock.json)"
    (cd "$client" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  (cd "$client" && STO_ROOT="$root" STO_LOCALNET="$net" STO_RPC="$rpc" STO_CHAIN_ID="$chain_id" \
    node_modules/.bin/tsx "src/$1.ts" "${@:2}")
}

case "${1:-}" in
  build) build ;;
  up) up ;;
  down) down ;;
  status) status ;;
  deploy) ts deploy "${@:2}" ;;
  check) ts refusals "${@:2}" ;;
  custodian-day) ts custodian-day "${@:2}" ;;
  reset) down; rm -rf "$net"; log "deleted $net" ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
