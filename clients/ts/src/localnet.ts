// Connection to the localnet of scripts/chain.sh: its keys, signing clients per actor, and the
// deployment record written by deploy.ts.
import { readFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { CosmWasmClient, SigningCosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { GasPrice, QueryClient, createProtobufRpcClient, type DeliverTxResponse } from "@cosmjs/stargate";
import { sha256 } from "@cosmjs/crypto";
import { toBech32, toUtf8 } from "@cosmjs/encoding";
import { connectComet } from "@cosmjs/tendermint-rpc";
import type { ISigningCosmWasmClient } from "./contracts/baseClient";

export const ROOT = resolve(process.env.STO_ROOT ?? join(import.meta.dirname, "../../.."));
export const LOCALNET = resolve(process.env.STO_LOCALNET ?? join(ROOT, "chain/.localnet"));
export const RPC = process.env.STO_RPC ?? "http://127.0.0.1:26657";
export const CHAIN_ID = process.env.STO_CHAIN_ID ?? "sto-localnet-1";
export const PREFIX = "wasm";
export const FEE_DENOM = "stake";
/** The native-denom USD1 of the native cash-adapter variant (given at genesis). */
export const NATIVE_USD1 = "uusd1";
export const DEPLOYMENT_FILE = join(LOCALNET, "deployment.json");
/** cosmjs polls every 3 s for inclusion by default; blocks come every ~0.3 s here. */
const POLL_MS = 100;

/** The accounts created by `scripts/chain.sh up`. */
export type Actor =
  | "governance"
  | "validator"
  | "compliance"
  | "usd1_issuer"
  | "transfer_agent"
  | "pauser"
  | "attestor"
  | "off_ramp"
  | "usd1_redemption_account"
  | "issuer"
  | "paying_agent"
  | "broker"
  | "tax_withholding_account"
  | "custodian"
  | "investor_us"
  | "investor_de"
  | "investor_sg"
  | "investor_fr"
  | "outsider";

interface KeyFile {
  [name: string]: { address: string; mnemonic: string };
}

let keyFile: KeyFile | undefined;
function keys(): KeyFile {
  if (!keyFile) {
    const path = join(LOCALNET, "keys.json");
    if (!existsSync(path)) throw new Error(`${path} is missing: run scripts/chain.sh up first`);
    keyFile = JSON.parse(readFileSync(path, "utf8")) as KeyFile;
  }
  return keyFile;
}

/** The address of an actor. */
export function address(actor: Actor): string {
  const key = keys()[actor];
  if (!key) throw new Error(`no key ${actor} in ${LOCALNET}/keys.json`);
  return key.address;
}

/** The gov module account: the authority of MsgPinCodes. */
export function govModuleAddress(): string {
  return toBech32(PREFIX, sha256(toUtf8("gov")).slice(0, 20));
}

const signers = new Map<Actor, SigningCosmWasmClient>();

/** A signing client for an actor (cached). */
export async function signer(actor: Actor): Promise<SigningCosmWasmClient> {
  const cached = signers.get(actor);
  if (cached) return cached;
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(keys()[actor].mnemonic, { prefix: PREFIX });
  const client = await SigningCosmWasmClient.connectWithSigner(RPC, wallet, {
    gasPrice: GasPrice.fromString(`0.001${FEE_DENOM}`),
    broadcastPollIntervalMs: POLL_MS,
  });
  signers.set(actor, client);
  return client;
}

/** An actor's signing client in the shape the generated typed clients take (`fee` optional,
 * "auto" by default). */
export async function typed(actor: Actor): Promise<ISigningCosmWasmClient> {
  const client = await signer(actor);
  return {
    queryContractSmart: (contract, query) => client.queryContractSmart(contract, query),
    execute: (sender, contract, msg, fee = "auto", memo, funds) => client.execute(sender, contract, msg, fee, memo, funds),
  };
}

/** A read-only client. */
export async function reader(): Promise<CosmWasmClient> {
  return CosmWasmClient.connect(RPC);
}

/** A protobuf RPC client for queries cosmjs has no helper for (pinned codes, proposals). */
export async function protobufRpc() {
  const comet = await connectComet(RPC);
  return createProtobufRpcClient(new QueryClient(comet));
}

/** The deployment record written by deploy.ts. */
export interface Deployment {
  chain_id: string;
  node: { rpc: string; wasmd: string };
  governance: string;
  gov_module: string;
  actors: Record<string, string>;
  native_usd1_denom: string;
  codes: Record<string, { code_id: number; checksum: string; pinned: boolean; instantiate_permission: string[] }>;
  contracts: Record<string, { address: string; code_id: number; label: string; admin: string }>;
  pinning: string;
  updated_at_height: number;
}

export function loadDeployment(): Deployment {
  if (!existsSync(DEPLOYMENT_FILE)) throw new Error(`${DEPLOYMENT_FILE} is missing: run scripts/chain.sh deploy`);
  return JSON.parse(readFileSync(DEPLOYMENT_FILE, "utf8")) as Deployment;
}

/** An attribute of the transaction's events (first match). */
export function attribute(tx: DeliverTxResponse | { events: readonly { type: string; attributes: readonly { key: string; value: string }[] }[] }, type: string, key: string): string | undefined {
  for (const event of tx.events) {
    if (event.type !== type) continue;
    for (const attr of event.attributes) if (attr.key === key) return attr.value;
  }
  return undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Nanoseconds since the epoch as CosmWasm's `Timestamp` JSON (a string). */
export function timestamp(seconds: number): string {
  return `${BigInt(Math.floor(seconds)) * 1_000_000_000n}`;
}

/** The latest block's time in seconds. */
export async function chainTime(client: CosmWasmClient): Promise<number> {
  const block = await client.getBlock();
  return Math.floor(new Date(block.header.time).getTime() / 1000);
}
