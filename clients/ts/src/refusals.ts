// On-chain checks after `scripts/chain.sh deploy`: the chain's permissions and the token's
// refusals hold on a real wasmd node, and the gas the chain charges for a cw20-base transfer
// and a restricted transfer (codes pinned).
//
//   scripts/chain.sh check
//
// 1. upload by a key other than governance: refused (`unauthorized`, code 4);
// 2. instantiate a suite code by a key other than governance: refused (`unauthorized`, code 4);
// 3. a token transfer to a wallet the registry does not know: refused by the token (code 5,
//    codespace wasm) with `reason 40 recipient_unknown` in the transaction's log, the same first
//    refusal `can_transfer` answers, and no balance moved;
// 4. gas_used of a cw20-base transfer and of a restricted transfer between two verified
//    investors (existing holders), each sender primed beforehand (its public key stored), fixed
//    gas limit so the transaction size does not vary; fee-less and paying a fee.
// Writes chain/.localnet/check.json; exits 1 when an expectation fails.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StdFee } from "@cosmjs/amino";
import type { DeliverTxResponse } from "@cosmjs/stargate";
import { MsgStoreCode, MsgInstantiateContract } from "cosmjs-types/cosmwasm/wasm/v1/tx";
import { toUtf8 } from "@cosmjs/encoding";
import { IdentityRegistryClient } from "./contracts/IdentityRegistry.client";
import { SecurityTokenClient } from "./contracts/SecurityToken.client";
import type { CanTransferResponse } from "./contracts/SecurityToken.types";
import { LOCALNET, ROOT, FEE_DENOM, address, chainTime, loadDeployment, signer, timestamp, typed, type Actor } from "./localnet";

const FIXED_FEE: StdFee = { amount: [{ denom: FEE_DENOM, amount: "1000" }], gas: "1000000" };
const NO_FEE: StdFee = { amount: [], gas: "1000000" };
/** An upload pays 10 gas per byte of the transaction before anything else. */
const UPLOAD_FEE: StdFee = { amount: [{ denom: FEE_DENOM, amount: "10000" }], gas: "10000000" };
const ONE_YEAR = 365 * 24 * 3600;

const failures: string[] = [];
function expect(ok: boolean, what: string) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
}

async function broadcast(
  actor: Actor,
  messages: { typeUrl: string; value: unknown }[],
  fee: StdFee = FIXED_FEE,
): Promise<DeliverTxResponse> {
  const client = await signer(actor);
  return client.signAndBroadcast(address(actor), messages, fee);
}

/** Store the sender's public key on chain (an account's first transaction costs 13,334 more gas). */
async function prime(actor: Actor) {
  const client = await signer(actor);
  const account = await client.getAccount(address(actor));
  if (account?.pubkey) return;
  await client.sendTokens(address(actor), address(actor), [{ denom: FEE_DENOM, amount: "1" }], "auto");
}

async function main() {
  const d = loadDeployment();
  const token = d.contracts.security_token.address;
  const registry = d.contracts.identity_registry.address;
  const usd1 = d.contracts.usd1.address;
  const report: Record<string, unknown> = { chain_id: d.chain_id };

  // 1. Upload by a non-governance key.
  const wasm = readFileSync(join(ROOT, "artifacts/cw20_baseline.wasm"));
  const upload = await broadcast("issuer", [
    {
      typeUrl: "/cosmwasm.wasm.v1.MsgStoreCode",
      value: MsgStoreCode.fromPartial({ sender: address("issuer"), wasmByteCode: wasm }),
    },
  ], UPLOAD_FEE);
  expect(
    upload.code === 4 && /can not create code: unauthorized/.test(upload.rawLog ?? ""),
    `upload by issuer refused: code ${upload.code}, log "${upload.rawLog}"`,
  );

  // 2. Instantiate a suite code by a non-governance key.
  const instantiate = await broadcast("issuer", [
    {
      typeUrl: "/cosmwasm.wasm.v1.MsgInstantiateContract",
      value: MsgInstantiateContract.fromPartial({
        sender: address("issuer"),
        admin: address("issuer"),
        codeId: BigInt(d.codes.cw20_baseline.code_id),
        label: "rogue-usd1",
        msg: toUtf8(JSON.stringify({ name: "Rogue", symbol: "ROGUE", decimals: 6, initial_balances: [] })),
        funds: [],
      }),
    },
  ]);
  expect(
    instantiate.code === 4 && /unauthorized/.test(instantiate.rawLog ?? ""),
    `instantiate by issuer refused: code ${instantiate.code}, log "${instantiate.rawLog}"`,
  );
  report.refused_upload = { code: upload.code, log: upload.rawLog };
  report.refused_instantiate = { code: instantiate.code, log: instantiate.rawLog };

  // Two verified investors holding bonds (set up once; reruns reuse them).
  const compliance = new IdentityRegistryClient(await typed("compliance"), address("compliance"), registry);
  const now = await chainTime(await signer("compliance"));
  for (const [actor, id, jurisdiction] of [
    ["investor_us", "INV-US-1", "US"],
    ["investor_de", "INV-DE-1", "DE"],
  ] as const) {
    const verified = await compliance.verify({ address: address(actor) });
    if (verified.investor_id) continue;
    await compliance.registerInvestor({
      investorId: id,
      wallets: [address(actor)],
      jurisdiction,
      class: "accredited",
      kycValidUntil: timestamp(now + ONE_YEAR),
    });
  }
  const agent = new SecurityTokenClient(await typed("transfer_agent"), address("transfer_agent"), token);
  for (const actor of ["investor_us", "investor_de"] as const) {
    const { balance } = await agent.balance({ address: address(actor) });
    if (BigInt(balance) < 100n) await agent.issue({ recipient: address(actor), amount: "1000" });
  }
  await prime("investor_us");

  // 3. A transfer to a wallet the registry does not know.
  const us = new SecurityTokenClient(await typed("investor_us"), address("investor_us"), token);
  const answer: CanTransferResponse = await us.canTransfer({ from: address("investor_us"), to: address("outsider"), amount: "1" });
  expect(
    !answer.allowed && answer.refusals[0]?.code === 40 && answer.refusals[0]?.reason === "recipient_unknown",
    `can_transfer to an unknown wallet answers ${JSON.stringify(answer.refusals.map((r) => [r.code, r.reason]))}`,
  );
  const before = (await us.balance({ address: address("investor_us") })).balance;
  const refused = await broadcast("investor_us", [
    {
      typeUrl: "/cosmwasm.wasm.v1.MsgExecuteContract",
      value: {
        sender: address("investor_us"),
        contract: token,
        msg: toUtf8(JSON.stringify({ transfer: { recipient: address("outsider"), amount: "1" } })),
        funds: [],
      },
    },
  ]);
  const reason = (refused.rawLog ?? "").match(/reason (\d+) `?([a-z_]+)`?/);
  expect(
    refused.code === 5 && reason?.[1] === "40" && reason?.[2] === "recipient_unknown",
    `transfer to an unknown wallet refused: code ${refused.code}, log "${refused.rawLog}"`,
  );
  const after = (await us.balance({ address: address("investor_us") })).balance;
  const outsider = (await us.balance({ address: address("outsider") })).balance;
  expect(before === after && outsider === "0", `nothing moved (sender ${before} -> ${after}, outsider ${outsider})`);
  report.refused_transfer = { code: refused.code, log: refused.rawLog, gas_used: Number(refused.gasUsed) };

  // 4. Gas of a cw20-base transfer and of a restricted transfer (existing holders, pinned codes).
  const exec = (contract: string, msg: object) => ({
    typeUrl: "/cosmwasm.wasm.v1.MsgExecuteContract",
    value: { sender: address("investor_us"), contract, msg: toUtf8(JSON.stringify(msg)), funds: [] },
  });
  // Fee-less (the node's minimum gas price is 0) as the benchmark's model counts it, then
  // paying a fee: deducting it costs the chain about 18,000 gas more.
  const measured: Record<string, number> = {};
  for (const [label, fee] of [
    ["no_fee", NO_FEE],
    ["fee_1000stake", FIXED_FEE],
  ] as const) {
    const cw20 = await broadcast("investor_us", [exec(usd1, { transfer: { recipient: address("investor_de"), amount: "1000000" } })], fee);
    const restricted = await broadcast("investor_us", [exec(token, { transfer: { recipient: address("investor_de"), amount: "1" } })], fee);
    expect(cw20.code === 0, `cw20-base transfer accepted (${label}): gas_used ${cw20.gasUsed}`);
    expect(restricted.code === 0, `restricted transfer accepted (${label}): gas_used ${restricted.gasUsed}`);
    measured[`cw20_base_transfer_${label}`] = Number(cw20.gasUsed);
    measured[`restricted_transfer_${label}`] = Number(restricted.gasUsed);
  }
  const pinned = d.codes.cw20_baseline.pinned && d.codes.security_token.pinned;
  report.gas_used = {
    pinned,
    ...measured,
    refused_transfer_recipient_unknown_fee_1000stake: Number(refused.gasUsed),
    gas_limit: FIXED_FEE.gas,
  };
  console.log(`gas_used (codes pinned: ${pinned}): ${JSON.stringify(measured)}, refused transfer ${refused.gasUsed}`);
  report.failures = failures;
  writeFileSync(join(LOCALNET, "check.json"), JSON.stringify(report, null, 2) + "\n");
  if (failures.length > 0) {
    console.error(`${failures.length} check(s) failed`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
