// A custodian's day on the localnet, with the generated typed clients only: read the position,
// answer a client's "can I move these bonds?" before instructing, then move them.
//
//   scripts/chain.sh custodian-day
//
// Set-up on first run (as the compliance officer and the transfer agent would do it): the
// custodian is registered (Luxembourg, class custodian) and holds 500 bonds; a German investor
// is registered as the counterparty.
import { IdentityRegistryClient } from "./contracts/IdentityRegistry.client";
import { SecurityTokenClient, SecurityTokenQueryClient } from "./contracts/SecurityToken.client";
import { address, chainTime, loadDeployment, reader, signer, timestamp, typed } from "./localnet";

const YEAR = 365 * 24 * 3600;

async function main() {
  const d = loadDeployment();
  const tokenAddr = d.contracts.security_token.address;
  const custodian = address("custodian");
  const counterparty = address("investor_de");

  // Set-up (skipped when already done).
  const compliance = new IdentityRegistryClient(await typed("compliance"), address("compliance"), d.contracts.identity_registry.address);
  const now = await chainTime(await signer("compliance"));
  for (const [wallet, id, jurisdiction, cls] of [
    [custodian, "CUST-LU-1", "LU", "custodian"],
    [counterparty, "INV-DE-1", "DE", "accredited"],
  ] as const) {
    if ((await compliance.verify({ address: wallet })).investor_id) continue;
    await compliance.registerInvestor({ investorId: id, wallets: [wallet], jurisdiction, class: cls, kycValidUntil: timestamp(now + YEAR) });
  }
  const agent = new SecurityTokenClient(await typed("transfer_agent"), address("transfer_agent"), tokenAddr);
  if (BigInt((await agent.balance({ address: custodian })).balance) < 10n) {
    await agent.issue({ recipient: custodian, amount: "500" });
  }

  // 1. Morning: the position (read-only client, no key needed).
  const view = new SecurityTokenQueryClient(await reader(), tokenAddr);
  const info = await view.tokenInfo();
  const account = await view.account({ address: custodian });
  console.log(`position in ${info.symbol} (${info.name}), wallet ${custodian}`);
  console.log(`  balance ${account.balance}, transferable ${account.transferable}, locked ${account.locked_amount}, frozen ${account.frozen ? "yes" : account.frozen_amount}`);
  if (account.investor_id) {
    const book = await view.investorBalance({ investorId: account.investor_id });
    console.log(`  investor ${book.investor_id} holds ${book.balance} across its wallets; ${(await view.holderCount({})).holders} holders in total`);
  }

  // 2. A client asks to deliver 10 bonds to two wallets: answer before instructing.
  for (const [who, to] of [
    ["the German investor", counterparty],
    ["an unknown wallet", address("outsider")],
  ] as const) {
    const answer = await view.canTransfer({ from: custodian, to, amount: "10" });
    console.log(
      `can_transfer 10 to ${who}: ${answer.allowed ? "yes" : "no"}` +
        answer.refusals.map((r) => `\n  refused: ${r.code} ${r.reason} (${r.message})`).join(""),
    );
  }

  // 3. Move the bonds the answer allowed.
  const token = new SecurityTokenClient(await typed("custodian"), custodian, tokenAddr);
  const res = await token.transfer({ recipient: counterparty, amount: "10" });
  console.log(`transferred 10 to the German investor: tx ${res.transactionHash} at height ${res.height}, gas_used ${res.gasUsed}`);
  console.log(`  custodian now ${(await view.balance({ address: custodian })).balance}, counterparty ${(await view.balance({ address: counterparty })).balance}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
