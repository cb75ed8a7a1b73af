// Deploy the suite on the localnet of scripts/chain.sh, the way sto_testing::SuiteBuilder wires
// it in multi-test, and write the deployment record. Idempotent: a code already stored with the
// same checksum, a contract already instantiated under the same label, wiring already done
// and a fresh attestation are reused; running it twice changes nothing the second time.
//
//   scripts/chain.sh deploy
//
// Steps:
//  1. verify every artifact against artifacts/checksums.txt (scripts/build-wasm.sh);
//  2. upload each one as `governance` (the only key allowed to upload), instantiation
//     restricted to `governance`; the stored checksum must equal the artifact's;
//  3. pin the codes through a governance proposal (MsgPinCodes, authority the gov module),
//     voted by the validator;
//  4. instantiate, as `governance` and with `governance` as contract admin: the identity
//     registry, cw20-base as USD1, the security token, the cash adapter (USD1 as CW20), the
//     DvP escrow, the corporate-actions distributor, and a second cash adapter on the native
//     USD1 denom;
//  5. wire them in one transaction signed by `governance` (SuiteBuilder's wiring);
//  6. post a reserve attestation on both adapters (as `attestor`) when none is fresh;
//  7. write chain/.localnet/deployment.json.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { AccessType } from "cosmjs-types/cosmwasm/wasm/v1/types";
import { MsgPinCodes } from "cosmjs-types/cosmwasm/wasm/v1/tx";
import { QueryClientImpl as WasmQuery } from "cosmjs-types/cosmwasm/wasm/v1/query";
import { MsgSubmitProposal, MsgVote } from "cosmjs-types/cosmos/gov/v1/tx";
import { VoteOption, ProposalStatus } from "cosmjs-types/cosmos/gov/v1/gov";
import { QueryClientImpl as GovQuery } from "cosmjs-types/cosmos/gov/v1/query";
import { QueryClientImpl as BankQuery } from "cosmjs-types/cosmos/bank/v1beta1/query";
import {
  ROOT,
  CHAIN_ID,
  RPC,
  FEE_DENOM,
  NATIVE_USD1,
  DEPLOYMENT_FILE,
  address,
  attribute,
  chainTime,
  govModuleAddress,
  protobufRpc,
  signer,
  sleep,
  timestamp,
  type Actor,
  type Deployment,
} from "./localnet";
import type { InstantiateMsg as RegistryInit } from "./contracts/IdentityRegistry.types";
import type { InstantiateMsg as TokenInit, ExecuteMsg as TokenExec } from "./contracts/SecurityToken.types";
import type {
  InstantiateMsg as AdapterInit,
  ExecuteMsg as AdapterExec,
  CashLegStatus,
} from "./contracts/CashAdapter.types";
import type { InstantiateMsg as EscrowInit } from "./contracts/DvpEscrow.types";
import type { InstantiateMsg as DistributorInit } from "./contracts/CorporateActions.types";

/** The codes of the suite: artifact file name (without .wasm). */
const CODES = [
  "identity_registry",
  "cw20_baseline",
  "security_token",
  "cash_adapter",
  "dvp_escrow",
  "corporate_actions",
] as const;
type CodeName = (typeof CODES)[number];

/** Parameters of SuiteBuilder (packages/sto-testing/src/suite.rs). */
const USD1_DECIMALS = 6;
const TOKEN_DECIMALS = 0;
const MAX_ATTESTATION_AGE = 24 * 3600;
const REDEMPTION_SERVICE_PERIOD = 5 * 24 * 3600;
const REPORT_HASH = "ab".repeat(32);
/** Coverage of the attestations posted at deployment (SuiteBuilder: 102%). */
const COVERAGE_PERCENT = 102n;
/** USD1 (CW20) given at instantiation: 1,000,000 USD1 to each of these. */
const USD1_HOLDERS: Actor[] = ["issuer", "custodian", "investor_us", "investor_de", "investor_sg", "investor_fr", "outsider"];
const USD1_EACH = 1_000_000n * 10n ** BigInt(USD1_DECIMALS);
/** A fresh attestation is reposted at deployment when the latest is older than this. */
const REATTEST_AFTER = 3600;
/** Gas limit = simulated gas times this (cosmjs' "auto" uses 1.4, too tight for a first vote). */
const GAS_MULTIPLIER = 2;

const log = (msg: string) => console.log(msg);

function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** artifacts/checksums.txt: file name -> sha256. */
function expectedChecksums(): Map<string, string> {
  const path = join(ROOT, "artifacts/checksums.txt");
  if (!existsSync(path)) throw new Error(`${path} is missing: run scripts/build-wasm.sh first`);
  const map = new Map<string, string>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const m = line.trim().match(/^([0-9a-f]{64})\s+\*?(\S+)$/);
    if (m) map.set(m[2], m[1]);
  }
  return map;
}

async function main() {
  const started = Date.now();
  const gov = await signer("governance");
  const governance = address("governance");
  const wasmQuery = new WasmQuery(await protobufRpc());
  const expected = expectedChecksums();

  // 1-2. Upload (or reuse by checksum).
  const stored = await gov.getCodes();
  const codes = {} as Deployment["codes"];
  for (const name of CODES) {
    const file = `${name}.wasm`;
    const checksum = expected.get(file);
    if (!checksum) throw new Error(`artifacts/checksums.txt has no ${file}`);
    const wasm = readFileSync(join(ROOT, "artifacts", file));
    const actual = sha256Hex(wasm);
    if (actual !== checksum) throw new Error(`artifacts/${file}: sha256 ${actual}, checksums.txt says ${checksum}`);
    const existing = stored.find((c) => c.checksum === checksum && c.creator === governance);
    let codeId: number;
    if (existing) {
      codeId = existing.id;
      log(`code ${name}: reused code id ${codeId}`);
    } else {
      const res = await gov.upload(governance, wasm, GAS_MULTIPLIER, `upload ${name}`, {
        permission: AccessType.ACCESS_TYPE_ANY_OF_ADDRESSES,
        addresses: [governance],
      });
      if (res.checksum !== checksum) throw new Error(`${file}: chain stored ${res.checksum}, expected ${checksum}`);
      codeId = res.codeId;
      log(`code ${name}: uploaded as code id ${codeId} (gas_used ${res.gasUsed})`);
    }
    const info = await wasmQuery.Code({ codeId: BigInt(codeId) });
    const permission = info.codeInfo?.instantiatePermission;
    codes[name] = {
      code_id: codeId,
      checksum,
      pinned: false,
      instantiate_permission: permission?.addresses ?? [],
    };
  }

  // 3. Pin by governance proposal.
  const pinned = async () => new Set((await wasmQuery.PinnedCodes({})).codeIds.map(Number));
  let alreadyPinned = await pinned();
  const toPin = CODES.map((n) => codes[n].code_id).filter((id) => !alreadyPinned.has(id));
  if (toPin.length > 0) {
    // A pinning proposal still in its voting period (an interrupted run) is voted, not repeated.
    const govQuery = new GovQuery(await protobufRpc());
    const open = await govQuery.Proposals({
      proposalStatus: ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD,
      voter: "",
      depositor: "",
    });
    const pending = open.proposals.find((p) =>
      p.messages.some(
        (m) =>
          m.typeUrl === "/cosmwasm.wasm.v1.MsgPinCodes" &&
          toPin.every((id) => MsgPinCodes.decode(m.value).codeIds.map(Number).includes(id)),
      ),
    );
    let proposalId: string;
    if (pending) {
      proposalId = pending.id.toString();
      log(`pinning code ids ${toPin.join(", ")}: proposal ${proposalId} is open`);
    } else {
      log(`pinning code ids ${toPin.join(", ")} by governance proposal`);
      const pinMsg = {
        typeUrl: "/cosmwasm.wasm.v1.MsgPinCodes",
        value: MsgPinCodes.encode(
          MsgPinCodes.fromPartial({ authority: govModuleAddress(), codeIds: toPin.map(BigInt) }),
        ).finish(),
      };
      const submit = await gov.signAndBroadcast(
        governance,
        [
          {
            typeUrl: "/cosmos.gov.v1.MsgSubmitProposal",
            value: MsgSubmitProposal.fromPartial({
              messages: [pinMsg],
              initialDeposit: [{ denom: FEE_DENOM, amount: "1000000" }],
              proposer: governance,
              metadata: "",
              title: "Pin the securities suite's codes",
              summary: `Pin code ids ${toPin.join(", ")} in the VM cache.`,
              expedited: false,
            }),
          },
        ],
        GAS_MULTIPLIER,
      );
      if (submit.code !== 0) throw new Error(`proposal refused: ${submit.rawLog}`);
      const id = attribute(submit, "submit_proposal", "proposal_id");
      if (!id) throw new Error("no proposal_id in the submit_proposal event");
      proposalId = id;
    }
    const validator = await signer("validator");
    const vote = await validator.signAndBroadcast(
      address("validator"),
      [
        {
          typeUrl: "/cosmos.gov.v1.MsgVote",
          value: MsgVote.fromPartial({
            proposalId: BigInt(proposalId),
            voter: address("validator"),
            option: VoteOption.VOTE_OPTION_YES,
            metadata: "",
          }),
        },
      ],
      GAS_MULTIPLIER,
    );
    if (vote.code !== 0) throw new Error(`vote refused: ${vote.rawLog}`);
    const deadline = Date.now() + 60_000;
    while (toPin.some((id) => !alreadyPinned.has(id))) {
      if (Date.now() > deadline) throw new Error(`proposal ${proposalId} did not pin the codes within 60 s`);
      await sleep(500);
      alreadyPinned = await pinned();
    }
    log(`proposal ${proposalId} passed: codes pinned`);
  } else {
    log("codes already pinned");
  }
  for (const name of CODES) codes[name].pinned = alreadyPinned.has(codes[name].code_id);

  // 4. Instantiate (or reuse by label).
  const contracts = {} as Deployment["contracts"];
  async function instantiate(key: string, code: CodeName, label: string, msg: object): Promise<string> {
    const codeId = codes[code].code_id;
    for (const addr of await gov.getContracts(codeId)) {
      const info = await gov.getContract(addr);
      if (info.label === label && info.creator === governance) {
        contracts[key] = { address: addr, code_id: codeId, label, admin: info.admin ?? "" };
        log(`contract ${label}: reused ${addr}`);
        return addr;
      }
    }
    const res = await gov.instantiate(governance, codeId, msg, label, GAS_MULTIPLIER, { admin: governance });
    contracts[key] = { address: res.contractAddress, code_id: codeId, label, admin: governance };
    log(`contract ${label}: instantiated ${res.contractAddress} (gas_used ${res.gasUsed})`);
    return res.contractAddress;
  }

  const registry = await instantiate("identity_registry", "identity_registry", "identity-registry", {
    owner: null,
    compliance_officers: [address("compliance")],
  } satisfies RegistryInit);
  const usd1 = await instantiate("usd1", "cw20_baseline", "usd1", {
    name: "USD1 Stablecoin",
    symbol: "USDONE",
    decimals: USD1_DECIMALS,
    initial_balances: USD1_HOLDERS.map((a) => ({ address: address(a), amount: USD1_EACH.toString() })),
    mint: { minter: address("usd1_issuer"), cap: null },
    marketing: null,
  });
  const token = await instantiate("security_token", "security_token", "security-token", {
    name: "ACME 5% Bond 2031",
    symbol: "ACMEB",
    decimals: TOKEN_DECIMALS,
    registry,
    owner: null,
    rules: {
      allowed_jurisdictions: [],
      denied_jurisdictions: [],
      max_balance_per_investor: null,
      max_holders: null,
      max_holders_per_jurisdiction: [],
      min_investor_class: null,
    },
    marketing: null,
  } satisfies TokenInit);
  const adapterInit = (asset: AdapterInit["asset"]): AdapterInit => ({
    owner: null,
    asset,
    registry,
    max_attestation_age: MAX_ATTESTATION_AGE,
    min_coverage: "1",
    redemption_address: address("usd1_redemption_account"),
    redemption_service_period: REDEMPTION_SERVICE_PERIOD,
    attestors: [address("attestor")],
    off_ramp_operators: [address("off_ramp")],
  });
  const adapter = await instantiate("cash_adapter", "cash_adapter", "cash-adapter", adapterInit({ cw20: { address: usd1 } }));
  const escrow = await instantiate("dvp_escrow", "dvp_escrow", "dvp-escrow", {
    owner: null,
    cash_adapter: adapter,
    registry,
    issuers: [address("issuer")],
    settlement_operators: [address("broker")],
    transfer_agents: [address("transfer_agent")],
  } satisfies EscrowInit);
  const distributor = await instantiate("corporate_actions", "corporate_actions", "corporate-actions", {
    owner: null,
    cash_adapter: adapter,
    registry,
    escrow,
    withholding_account: address("tax_withholding_account"),
    default_withholding_rate: "0.3",
    paying_agents: [address("paying_agent")],
  } satisfies DistributorInit);
  const nativeAdapter = await instantiate(
    "cash_adapter_native",
    "cash_adapter",
    "cash-adapter-native",
    adapterInit({ native: { denom: NATIVE_USD1 } }),
  );

  // 5. Wiring, in one transaction (all or nothing), as SuiteBuilder::build does it.
  const wired = await gov
    .queryContractSmart(adapter, { client: { address: escrow } })
    .then(() => true)
    .catch(() => false);
  if (wired) {
    log("wiring: already done");
  } else {
    const grant = (role: string, who: string): TokenExec => ({ update_roles: { grant: { role, address: who } } }) as TokenExec;
    const msgs: { contract: string; msg: TokenExec | AdapterExec }[] = [
      { contract: token, msg: grant("transfer_agent", address("transfer_agent")) },
      { contract: token, msg: grant("pauser", address("pauser")) },
    ];
    for (const [client, label] of [
      [escrow, "dvp-escrow"],
      [distributor, "corporate-actions"],
    ]) {
      msgs.push({ contract: adapter, msg: { register_client: { address: client, label } } });
      msgs.push({ contract: token, msg: { set_system_account: { address: client, system: true } } });
    }
    for (const [role, who] of [
      ["minter", escrow],
      ["checkpoint_opener", distributor],
      ["redeemer", distributor],
      ["issuer", address("issuer")],
      ["paying_agent", address("paying_agent")],
    ]) {
      msgs.push({ contract: token, msg: grant(role, who) });
    }
    const res = await gov.executeMultiple(
      governance,
      msgs.map(({ contract, msg }) => ({ contractAddress: contract, msg })),
      GAS_MULTIPLIER,
      "wire the suite",
    );
    log(`wiring: ${msgs.length} messages in one transaction (gas_used ${res.gasUsed})`);
  }

  // 6. Reserve attestations (as SuiteBuilder: coverage 102% of the supply).
  const attestor = await signer("attestor");
  const cw20Supply = BigInt(((await gov.queryContractSmart(usd1, { token_info: {} })) as { total_supply: string }).total_supply);
  const nativeSupply = await supplyOf(NATIVE_USD1);
  for (const [label, addr, supply] of [
    ["cash-adapter", adapter, cw20Supply],
    ["cash-adapter-native", nativeAdapter, nativeSupply],
  ] as const) {
    const status = (await gov.queryContractSmart(addr, { status: {} })) as CashLegStatus;
    if (status.latest_attestation && (status.age_seconds ?? Infinity) < REATTEST_AFTER) {
      log(`attestation on ${label}: fresh (${status.age_seconds} s old)`);
      continue;
    }
    const now = await chainTime(attestor);
    const msg: AdapterExec = {
      post_attestation: {
        as_of: timestamp(now - 1),
        supply: supply.toString(),
        reserves: ((supply * COVERAGE_PERCENT) / 100n).toString(),
        report_uri: `https://reserves.example/usd1/${now}`,
        report_hash: REPORT_HASH,
      },
    };
    const res = await attestor.execute(address("attestor"), addr, msg, GAS_MULTIPLIER);
    log(`attestation on ${label}: posted (supply ${supply}, gas_used ${res.gasUsed})`);
  }

  // 7. The deployment record.
  const actors: Record<string, string> = {};
  for (const a of [
    "governance",
    "validator",
    "compliance",
    "usd1_issuer",
    "transfer_agent",
    "pauser",
    "attestor",
    "off_ramp",
    "usd1_redemption_account",
    "issuer",
    "paying_agent",
    "broker",
    "tax_withholding_account",
    "custodian",
    "investor_us",
    "investor_de",
    "investor_sg",
    "investor_fr",
    "outsider",
  ] as Actor[]) {
    actors[a] = address(a);
  }
  const record: Deployment = {
    chain_id: CHAIN_ID,
    node: { rpc: RPC, wasmd: "v0.60.8" },
    governance,
    gov_module: govModuleAddress(),
    actors,
    native_usd1_denom: NATIVE_USD1,
    codes,
    contracts,
    pinning: "governance proposal (MsgPinCodes, authority the gov module) voted by the validator",
    updated_at_height: await gov.getHeight(),
  };
  writeFileSync(DEPLOYMENT_FILE, JSON.stringify(record, null, 2) + "\n");
  log(`deployment record: ${DEPLOYMENT_FILE} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/** The bank supply of a native denom. */
async function supplyOf(denom: string): Promise<bigint> {
  const bank = new BankQuery(await protobufRpc());
  const res = await bank.SupplyOf({ denom });
  return BigInt(res.amount?.amount ?? "0");
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
