//! Actions funded in their own adapter sub-account (`announce_sub_account`), on the deployed
//! suite (`sto_testing::SuiteBuilder`: the real registry, token, adapter, escrow and
//! distributor, cw20-base as USD1): funded at the adapter (deposit with the hook, or book
//! entry), claimed in two contract calls, pushed in pages, reclaimed to the unit.

use anyhow::Result as AnyResult;
use cosmwasm_std::{Addr, Decimal, Uint128};
use cw_multi_test::{AppResponse, Executor};

use corporate_actions::ContractError;
use sto_interface::actions::{
    self, ActionKind, ActionStatus, AgentMsg, AmountBasis, ClaimStatusResponse, ExecuteMsg,
    WithholdingRateUpdate, MAX_PUSH_CLAIMS,
};
use sto_interface::cash::{self, AssetInfo, SubAccount};
use sto_interface::common::{EventRef, InvestorClass, Jurisdiction};
use sto_interface::registry;
use sto_interface::token;
use sto_testing::{attr, invariants, Suite, SuiteBuilder, YEAR};

const USD: u128 = 1_000_000;
const DAY: u64 = 24 * 3600;
/// A coupon of 25 USD1 per bond.
const COUPON: u128 = 25 * USD;

struct World {
    s: Suite,
    usd1_supply: Uint128,
}

impl World {
    /// The suite with investors ALICE (US), BRUNO (DE), ERIN (FR), the issuer and the paying
    /// agent; ALICE holds 100 bonds, BRUNO 40, ERIN 7. Withholding: US 0, DE 26.375%, default
    /// (FR) 30%.
    fn new() -> Self {
        let mut s = SuiteBuilder::new()
            .with_usd1("paying_agent", 100_000_000 * USD)
            .build()
            .unwrap();
        let usd1_supply = s.usd1.meta(&s.app.wrap()).unwrap().total_supply;
        for (id, wallet, j, class) in [
            ("INV-ALICE", "alice", "US", InvestorClass::Accredited),
            ("INV-BRUNO", "bruno", "DE", InvestorClass::Retail),
            ("INV-ERIN", "erin", "FR", InvestorClass::Accredited),
            (
                "ISSUER",
                "issuer",
                "US",
                InvestorClass::QualifiedInstitutional,
            ),
            (
                "PAYING-AGENT",
                "paying_agent",
                "US",
                InvestorClass::QualifiedInstitutional,
            ),
        ] {
            let w = s.addr(wallet);
            s.register_investor(id, &[&w], j, class, 2 * YEAR).unwrap();
        }
        let mut w = World { s, usd1_supply };
        w.issue("alice", 100);
        w.issue("bruno", 40);
        w.issue("erin", 7);
        let owner = w.s.owner.clone();
        w.s.distributor_exec(
            &owner,
            &ExecuteMsg::SetWithholdingRates {
                rates: vec![
                    WithholdingRateUpdate {
                        jurisdiction: Jurisdiction::parse("US").unwrap(),
                        rate: Some(Decimal::zero()),
                    },
                    WithholdingRateUpdate {
                        jurisdiction: Jurisdiction::parse("DE").unwrap(),
                        rate: Some(Decimal::from_ratio(26_375u128, 100_000u128)),
                    },
                ],
            },
        )
        .unwrap();
        w
    }

    fn a(&self, name: &str) -> Addr {
        self.s.addr(name)
    }

    fn issue(&mut self, to: &str, amount: u128) {
        let to = self.a(to);
        let agent = self.s.transfer_agent.clone();
        self.s
            .token_exec(
                &agent,
                &token::ExecuteMsg::Issue {
                    recipient: to.to_string(),
                    amount: Uint128::new(amount),
                    locked_until: None,
                    reference: Some(EventRef::External {
                        reference: "ISSUANCE-1".into(),
                    }),
                },
            )
            .unwrap();
    }

    /// Announce a sub-account action (record height 2 blocks ahead, payment in a day, deadline
    /// in 30 days); returns its id.
    fn announce(&mut self, kind: ActionKind, basis: AmountBasis, withholding: bool) -> u64 {
        let agent = self.s.paying_agent.clone();
        let now = self.s.now();
        let res = self
            .s
            .distributor_exec(
                &agent,
                &ExecuteMsg::Agent(AgentMsg::Announce {
                    token: self.s.token.0.to_string(),
                    kind,
                    record_height: self.s.height() + 2,
                    basis,
                    payment_time: now.plus_seconds(DAY),
                    claim_deadline: now.plus_seconds(30 * DAY),
                    withholding,
                    reclaim_address: self.s.issuer.to_string(),
                }),
            )
            .unwrap();
        let id: u64 = attr(&res, "action_id").unwrap().parse().unwrap();
        assert_eq!(
            attr(&res, "sub_account_reference"),
            Some(format!("action-{id}"))
        );
        id
    }

    /// Advance `seconds` and post a fresh attestation (fundings need a healthy cash leg).
    fn advance(&mut self, seconds: u64) {
        self.s.advance(seconds);
        self.s.attest(Decimal::percent(102)).unwrap();
    }

    /// The paying agent deposits `amount` into the action's sub-account (CW20 `send` with the
    /// `fund_sub_account` hook).
    fn fund(&mut self, id: u64, amount: u128) -> AnyResult<AppResponse> {
        let agent = self.s.paying_agent.clone();
        let msg = self.s.adapter.sub_account_funding_msg(
            &AssetInfo::Cw20 {
                address: self.s.usd1.addr(),
            },
            Uint128::new(amount),
            self.s.distributor.0.to_string(),
            actions::sub_account_reference(id),
        )?;
        self.s.app.execute(agent, msg)
    }

    fn claim(&mut self, who: &str, id: u64) -> AnyResult<AppResponse> {
        let who = self.a(who);
        self.s
            .distributor_exec(&who, &ExecuteMsg::Claim { action_id: id })
    }

    fn push(&mut self, id: u64, holders: Vec<String>) -> AnyResult<AppResponse> {
        let agent = self.s.paying_agent.clone();
        self.s.distributor_exec(
            &agent,
            &ExecuteMsg::Agent(AgentMsg::PushClaims {
                action_id: id,
                holders,
            }),
        )
    }

    fn close(&mut self, id: u64) -> AnyResult<AppResponse> {
        let agent = self.s.paying_agent.clone();
        self.s.distributor_exec(
            &agent,
            &ExecuteMsg::Agent(AgentMsg::Close { action_id: id }),
        )
    }

    fn sub(&self, id: u64) -> SubAccount {
        self.s
            .adapter
            .sub_account(
                &self.s.app.wrap(),
                &self.s.distributor.0,
                &actions::sub_account_reference(id),
            )
            .unwrap()
            .unwrap_or_default()
    }

    /// Balance of a cash account at the adapter (zero when absent).
    fn cash(&self, key: &str) -> u128 {
        self.s
            .adapter
            .account(&self.s.app.wrap(), key)
            .unwrap()
            .map(|a| a.balance.u128())
            .unwrap_or_default()
    }

    fn tax(&self) -> u128 {
        self.cash(self.s.withholding_account.as_str())
    }

    fn check(&self) {
        invariants::check(&self.s, self.usd1_supply).unwrap();
    }
}

fn err(e: &anyhow::Error) -> &ContractError {
    e.downcast_ref::<ContractError>()
        .unwrap_or_else(|| panic!("not a distributor error: {e:?}"))
}

/// Contract executions in a response (one `execute` event per contract call).
fn calls(res: &AppResponse) -> usize {
    res.events.iter().filter(|e| e.ty == "execute").count()
}

fn per_unit(amount: u128) -> AmountBasis {
    AmountBasis::PerUnit {
        rate: Decimal::from_ratio(amount, 1u128),
    }
}

#[test]
fn a_sub_account_coupon_is_claimed_in_two_contract_calls_with_withholding_and_refusals() {
    let mut w = World::new();
    let id = w.announce(ActionKind::Coupon, per_unit(COUPON), true);
    // Before the payment time.
    let e = w.claim("alice", id).unwrap_err();
    assert!(matches!(
        err(&e),
        ContractError::ClaimBeforePaymentTime { id: i, .. } if *i == id
    ));
    w.advance(DAY);

    // Required: 147 bonds × 25 USD1. Partly funded: claims wait for the rest.
    let required = 147 * COUPON;
    w.fund(id, required - 1).unwrap();
    let e = w.claim("alice", id).unwrap_err();
    assert_eq!(
        err(&e),
        &ContractError::NotFunded {
            id,
            required: Uint128::new(required),
            funded: Uint128::new(required - 1),
        }
    );
    w.fund(id, 1).unwrap();

    // ALICE (US, 0%): the distributor and the adapter, nothing else.
    let res = w.claim("alice", id).unwrap();
    assert_eq!(calls(&res), 2, "{:?}", res.events);
    assert_eq!(w.cash("INV-ALICE"), 100 * COUPON);
    assert_eq!(attr(&res, "cash_account").as_deref(), Some("INV-ALICE"));
    // BRUNO (DE, 26.375%): paid and withheld in one payment message.
    let res = w.claim("bruno", id).unwrap();
    assert_eq!(calls(&res), 2);
    let gross = 40 * COUPON;
    let withheld = gross * 26_375 / 100_000;
    assert_eq!(w.cash("INV-BRUNO"), gross - withheld);
    assert_eq!(w.tax(), withheld);
    assert_eq!(attr(&res, "withheld"), Some(withheld.to_string()));
    // No USD1 passed through the distributor or left the adapter.
    assert_eq!(w.s.usd1_units(&w.s.distributor.0), 0);
    assert_eq!(w.s.usd1_units(&w.a("alice")), 0);

    // Double claim, zero record balance, system accounts: typed refusals with values.
    let e = w.claim("bruno", id).unwrap_err();
    assert_eq!(
        err(&e),
        &ContractError::AlreadyClaimed {
            id,
            holder: w.a("bruno")
        }
    );
    let e = w.claim("issuer", id).unwrap_err();
    assert_eq!(
        err(&e),
        &ContractError::NothingToClaim {
            id,
            holder: w.a("issuer")
        }
    );
    let escrow = w.s.escrow.0.clone();
    let e =
        w.s.app
            .execute_contract(
                escrow.clone(),
                w.s.distributor.0.clone(),
                &ExecuteMsg::Claim { action_id: id },
                &[],
            )
            .unwrap_err();
    assert_eq!(
        err(&e),
        &ContractError::SystemAccountNotPayable {
            id,
            account: escrow
        }
    );
    let adapter = w.s.adapter.0.clone();
    let e =
        w.s.app
            .execute_contract(
                adapter.clone(),
                w.s.distributor.0.clone(),
                &ExecuteMsg::Claim { action_id: id },
                &[],
            )
            .unwrap_err();
    assert_eq!(
        err(&e),
        &ContractError::SystemAccountNotPayable {
            id,
            account: adapter
        }
    );
    let status: ClaimStatusResponse =
        w.s.app
            .wrap()
            .query_wasm_smart(
                &w.s.distributor.0,
                &actions::QueryMsg::ClaimStatus {
                    action_id: id,
                    holder: w.a("bruno").to_string(),
                },
            )
            .unwrap();
    assert!(status.claimed);
    assert_eq!(status.claim.unwrap().withheld.u128(), withheld);
    w.check();

    // After the deadline: claims refused, the close reclaims the rest to the issuer's account.
    w.advance(30 * DAY);
    let e = w.claim("erin", id).unwrap_err();
    assert!(matches!(
        err(&e),
        ContractError::ClaimAfterDeadline { id: i, .. } if *i == id
    ));
    let res = w.close(id).unwrap();
    assert_eq!(attr(&res, "reclaim_account").as_deref(), Some("ISSUER"));
    let sub = w.sub(id);
    assert_eq!(sub.funded.u128(), required);
    assert_eq!(sub.paid.u128(), 100 * COUPON + gross - withheld);
    assert_eq!(sub.withheld.u128(), withheld);
    assert_eq!(sub.reclaimed.u128(), 7 * COUPON);
    assert_eq!(sub.paid + sub.withheld + sub.reclaimed, sub.funded);
    assert_eq!(w.cash("ISSUER"), 7 * COUPON);
    let a = w.s.action(id).unwrap();
    assert_eq!(a.status, ActionStatus::Closed);
    assert_eq!(a.paid + a.withheld + a.reclaimed, a.funded);
    w.check();
}

#[test]
fn a_transfer_after_the_record_height_and_a_blocked_holder_do_not_change_who_is_paid() {
    let mut w = World::new();
    let id = w.announce(ActionKind::Coupon, per_unit(COUPON), false);
    w.advance(DAY);
    // After the record height ALICE sends 30 bonds to ERIN: the token writes ALICE's and
    // ERIN's record balances at their exact keys.
    let alice = w.a("alice");
    let erin = w.a("erin");
    w.s.token_exec(
        &alice,
        &token::ExecuteMsg::Transfer {
            recipient: erin.to_string(),
            amount: Uint128::new(30),
        },
    )
    .unwrap();
    // BRUNO is blocked (sanctions): his investor account receives all the same.
    w.s.compliance_exec(&registry::ExecuteMsg::BlockInvestor {
        investor_id: "INV-BRUNO".into(),
        reason_ref: "SANCTIONS-1".into(),
    })
    .unwrap();

    // Funded by book entry from the paying agent's cash account.
    let agent = w.s.paying_agent.clone();
    let msg = w.s.adapter.account_deposit_msg(
        &AssetInfo::Cw20 {
            address: w.s.usd1.addr(),
        },
        Uint128::new(147 * COUPON),
        None,
        None,
    );
    w.s.app.execute(agent.clone(), msg.unwrap()).unwrap();
    w.s.adapter_exec(
        &agent,
        &cash::ExecuteMsg::TransferToSubAccount {
            from: None,
            client: w.s.distributor.0.to_string(),
            reference: actions::sub_account_reference(id),
            amount: Uint128::new(147 * COUPON),
        },
    )
    .unwrap();
    assert_eq!(w.cash("PAYING-AGENT"), 0);

    let res = w.claim("alice", id).unwrap();
    assert_eq!(attr(&res, "record_balance").as_deref(), Some("100"));
    assert_eq!(w.cash("INV-ALICE"), 100 * COUPON);
    let res = w.claim("erin", id).unwrap();
    assert_eq!(attr(&res, "record_balance").as_deref(), Some("7"));
    assert_eq!(w.cash("INV-ERIN"), 7 * COUPON);
    let res = w.claim("bruno", id).unwrap();
    assert_eq!(attr(&res, "blocked").as_deref(), Some("true"));
    assert_eq!(w.cash("INV-BRUNO"), 40 * COUPON);
    let account: cash::AccountResponse =
        w.s.adapter_query(&cash::QueryMsg::Account {
            key: "INV-BRUNO".into(),
        })
        .unwrap();
    assert!(account.blocked);
    assert_eq!(w.sub(id).balance(), Uint128::zero());
    w.check();

    // Nothing left: the close reclaims nothing and the books balance.
    w.advance(30 * DAY);
    let res = w.close(id).unwrap();
    assert_eq!(attr(&res, "reclaimed").as_deref(), Some("0"));
    let a = w.s.action(id).unwrap();
    assert_eq!(a.paid + a.withheld + a.reclaimed, a.funded);
    w.check();
}

#[test]
fn a_page_of_fifty_holders_is_paid_in_seven_adapter_calls() {
    let mut w = World::new();
    let n = MAX_PUSH_CLAIMS;
    let mut holders = vec![];
    for i in 0..n {
        let name = format!("holder{i:02}");
        let wallet = w.a(&name);
        let j = if i % 2 == 0 { "FR" } else { "US" };
        w.s.register_investor(
            &format!("INV-{i:02}"),
            &[&wallet],
            j,
            InvestorClass::Accredited,
            2 * YEAR,
        )
        .unwrap();
        w.issue(&name, 1 + i as u128);
        holders.push(wallet.to_string());
    }
    let id = w.announce(ActionKind::Coupon, per_unit(COUPON), true);
    w.advance(DAY);
    let supply = w.s.token_supply().unwrap().u128();
    w.fund(id, supply * COUPON).unwrap();

    let mut too_many = holders.clone();
    too_many.push(w.a("alice").to_string());
    let e = w.push(id, too_many).unwrap_err();
    assert_eq!(
        err(&e),
        &ContractError::InvalidListLength {
            field: "holders".into(),
            max: n,
            count: n + 1
        }
    );

    // ALICE claimed herself already: pushed again, she is skipped.
    w.claim("alice", id).unwrap();
    let mut page = holders.clone();
    page[0] = w.a("alice").to_string();
    let res = w.push(id, page).unwrap();
    assert_eq!(attr(&res, "claimed").as_deref(), Some("49"));
    assert_eq!(
        attr(&res, "skipped").as_deref(),
        Some(w.a("alice").as_str())
    );
    // 49 investor accounts + 1 withholding payment = 50 payments, 8 per adapter call.
    assert_eq!(attr(&res, "payment_messages").as_deref(), Some("7"));
    // The distributor and seven adapter calls (the token role check is a query).
    assert_eq!(calls(&res), 1 + 7);
    let mut tax = 0;
    for i in 1..n {
        let gross = (1 + i as u128) * COUPON;
        let withheld = if i % 2 == 0 { gross * 3 / 10 } else { 0 };
        tax += withheld;
        assert_eq!(w.cash(&format!("INV-{i:02}")), gross - withheld);
    }
    assert_eq!(w.tax(), tax);
    // The rest of the page: holder00 in a second page, paid and withheld in one adapter call.
    let res = w.push(id, vec![holders[0].clone()]).unwrap();
    assert_eq!(attr(&res, "payment_messages").as_deref(), Some("1"));
    assert_eq!(w.cash("INV-00"), COUPON - COUPON * 3 / 10);
    w.check();
}

#[test]
fn a_final_redemption_from_a_sub_account_burns_the_claimed_units() {
    let mut w = World::new();
    // 1,000 USD1 principal per bond.
    let id = w.announce(ActionKind::FinalRedemption, per_unit(1_000 * USD), false);
    w.advance(DAY);
    w.fund(id, 147 * 1_000 * USD).unwrap();
    let res = w.claim("alice", id).unwrap();
    assert_eq!(attr(&res, "burnt").as_deref(), Some("100"));
    // distributor, token (redeem), adapter
    assert_eq!(calls(&res), 3);
    assert_eq!(w.s.tokens(&w.a("alice")), 0);
    assert_eq!(w.cash("INV-ALICE"), 100 * 1_000 * USD);
    let bruno = w.a("bruno").to_string();
    let erin = w.a("erin").to_string();
    w.push(id, vec![bruno, erin]).unwrap();
    assert_eq!(w.s.token_supply().unwrap(), Uint128::zero());
    assert_eq!(w.cash("INV-ERIN"), 7 * 1_000 * USD);
    let a = w.s.action(id).unwrap();
    assert_eq!(a.burnt, Uint128::new(147));
    assert_eq!(w.sub(id).balance(), Uint128::zero());
    w.check();
}

#[test]
fn a_late_funding_of_a_closed_or_cancelled_sub_account_action_is_reclaimed() {
    let mut w = World::new();
    // Cancelled before any funding, then funded by mistake: a close reclaims it.
    let cancelled = w.announce(ActionKind::Dividend, per_unit(USD), false);
    let agent = w.s.paying_agent.clone();
    w.s.distributor_exec(
        &agent,
        &ExecuteMsg::Agent(AgentMsg::Cancel {
            action_id: cancelled,
        }),
    )
    .unwrap();
    w.advance(DAY);
    w.fund(cancelled, 5 * USD).unwrap();
    w.close(cancelled).unwrap();
    assert_eq!(w.cash("ISSUER"), 5 * USD);
    let e = w.close(cancelled).unwrap_err();
    assert_eq!(
        err(&e),
        &ContractError::NothingToReclaim {
            id: cancelled,
            status: ActionStatus::Cancelled
        }
    );

    // A funded action cannot be cancelled; closed, then topped up: the top-up is reclaimed.
    let id = w.announce(ActionKind::Dividend, per_unit(USD), false);
    w.advance(DAY);
    w.fund(id, 147 * USD).unwrap();
    let e =
        w.s.distributor_exec(
            &agent,
            &ExecuteMsg::Agent(AgentMsg::Cancel { action_id: id }),
        )
        .unwrap_err();
    assert_eq!(
        err(&e),
        &ContractError::CancelAfterFunding {
            id,
            funded: Uint128::new(147 * USD)
        }
    );
    w.claim("alice", id).unwrap();
    let e = w.close(id).unwrap_err();
    assert!(matches!(err(&e), ContractError::DeadlineNotPassed { .. }));
    w.advance(30 * DAY);
    w.close(id).unwrap();
    w.fund(id, 3 * USD).unwrap();
    w.close(id).unwrap();
    let sub = w.sub(id);
    assert_eq!(sub.funded.u128(), 150 * USD);
    assert_eq!(sub.paid.u128(), 100 * USD);
    assert_eq!(sub.reclaimed.u128(), 50 * USD);
    assert_eq!(sub.paid + sub.withheld + sub.reclaimed, sub.funded);
    let a = w.s.action(id).unwrap();
    assert_eq!(a.paid + a.withheld + a.reclaimed, a.funded);
    assert_eq!(a.funded.u128(), 150 * USD);
    w.check();
}

#[test]
fn a_sub_account_claim_waits_for_the_record_height_and_the_entitlement_query_answers() {
    let mut w = World::new();
    let agent = w.s.paying_agent.clone();
    let now = w.s.now();
    let record_height = w.s.height() + 1_000_000;
    let res =
        w.s.distributor_exec(
            &agent,
            &ExecuteMsg::Agent(AgentMsg::Announce {
                token: w.s.token.0.to_string(),
                kind: ActionKind::Coupon,
                record_height,
                basis: per_unit(COUPON),
                payment_time: now.plus_seconds(60),
                claim_deadline: now.plus_seconds(30 * DAY),
                withholding: true,
                reclaim_address: w.s.issuer.to_string(),
            }),
        )
        .unwrap();
    let id: u64 = attr(&res, "action_id").unwrap().parse().unwrap();
    w.advance(120);
    w.fund(id, 147 * COUPON).unwrap();
    let current = w.s.height();
    let e = w.claim("alice", id).unwrap_err();
    assert_eq!(
        err(&e),
        &ContractError::ClaimBeforeRecordHeight {
            id,
            record_height,
            current
        }
    );

    // A reachable record height: the entitlement query gives what the claim pays.
    let id = w.announce(ActionKind::Coupon, per_unit(COUPON), true);
    w.advance(DAY);
    w.fund(id, 147 * COUPON).unwrap();
    let ent: actions::EntitlementResponse =
        w.s.app
            .wrap()
            .query_wasm_smart(
                &w.s.distributor.0,
                &actions::QueryMsg::Entitlement {
                    action_id: id,
                    holder: w.a("erin").to_string(),
                },
            )
            .unwrap();
    let res = w.claim("erin", id).unwrap();
    assert_eq!(attr(&res, "gross"), Some(ent.gross.to_string()));
    assert_eq!(attr(&res, "withheld"), Some(ent.withheld.to_string()));
    assert_eq!(w.cash("INV-ERIN"), ent.net.u128());
    w.check();
}

#[test]
fn the_tokens_transfer_agent_pushes_sub_account_claims_and_nobody_else_without_a_role() {
    let mut w = World::new();
    let id = w.announce(ActionKind::Coupon, per_unit(COUPON), true);
    w.advance(DAY);
    w.fund(id, 147 * COUPON).unwrap();
    let page = vec![w.a("alice").to_string(), w.a("bruno").to_string()];
    let msg = ExecuteMsg::TransferAgentPushClaims {
        action_id: id,
        holders: page.clone(),
    };

    // A holder without the token's role is refused.
    let alice = w.a("alice");
    let e = w.s.distributor_exec(&alice, &msg).unwrap_err();
    assert_eq!(
        err(&e),
        &ContractError::NotTokenTransferAgent {
            token: w.s.token.0.clone(),
            address: alice
        }
    );
    // The token's transfer agent pushes: one distributor call, one adapter call.
    let ta = w.s.transfer_agent.clone();
    let res = w.s.distributor_exec(&ta, &msg).unwrap();
    assert_eq!(attr(&res, "claimed").as_deref(), Some("2"));
    assert_eq!(calls(&res), 2);
    // Each holder's claim event names the cash account its net went to.
    let credited: Vec<(String, String)> = res
        .events
        .iter()
        .filter(|e| e.ty == format!("wasm-{}", actions::CLAIM_EVENT))
        .map(|e| {
            let get = |k: &str| {
                e.attributes
                    .iter()
                    .find(|a| a.key == k)
                    .map(|a| a.value.clone())
                    .unwrap_or_default()
            };
            (get("cash_account"), get("blocked"))
        })
        .collect();
    assert_eq!(
        credited,
        vec![
            ("INV-ALICE".to_string(), "false".to_string()),
            ("INV-BRUNO".to_string(), "false".to_string())
        ]
    );
    assert_eq!(w.cash("INV-ALICE"), 100 * COUPON);
    let gross = 40 * COUPON;
    assert_eq!(w.cash("INV-BRUNO"), gross - gross * 26_375 / 100_000);
    w.check();
}

/// A claim deadline may lie beyond the token's record life (`RECORD_LIFE` blocks after the
/// record height): once the token retires the record height, claims are refused with the
/// retirement's values (never computed from a current balance), and the paying agent may close
/// the action before its deadline, so nothing waits for a claim that can no longer come.
#[test]
fn once_the_record_height_is_retired_claims_end_and_the_action_closes_before_its_deadline() {
    let mut w = World::new();
    let agent = w.s.paying_agent.clone();
    let now = w.s.now();
    let record_height = w.s.height() + 2;
    let claim_deadline = now.plus_seconds(3 * YEAR);
    let res =
        w.s.distributor_exec(
            &agent,
            &ExecuteMsg::Agent(AgentMsg::Announce {
                token: w.s.token.0.to_string(),
                kind: ActionKind::Coupon,
                record_height,
                basis: per_unit(COUPON),
                payment_time: now.plus_seconds(DAY),
                claim_deadline,
                withholding: true,
                reclaim_address: w.s.issuer.to_string(),
            }),
        )
        .unwrap();
    let id: u64 = attr(&res, "action_id").unwrap().parse().unwrap();
    w.advance(2 * DAY);
    w.fund(id, 147 * COUPON).unwrap();
    w.claim("alice", id).unwrap();

    // Past the record life (about a year at five-second blocks), before the deadline.
    w.advance(token::RECORD_LIFE * 5);
    assert!(w.s.now() < claim_deadline);
    let current = w.s.height();
    let e = w.claim("bruno", id).unwrap_err();
    assert_eq!(
        err(&e),
        &ContractError::RecordHeightRetired {
            id,
            record_height,
            retired_at: record_height + token::RECORD_LIFE,
            current,
        }
    );
    assert_eq!(w.cash("INV-BRUNO"), 0);
    // Nor is a claim redirected then.
    let e =
        w.s.distributor_exec(
            &agent,
            &ExecuteMsg::Agent(AgentMsg::RedirectClaim {
                action_id: id,
                holder: w.a("bruno").to_string(),
                to: w.a("alice").to_string(),
                legal_reference: "recovery 1".into(),
            }),
        )
        .unwrap_err();
    assert!(matches!(
        err(&e),
        ContractError::RecordHeightRetired { id: i, record_height: r, .. } if *i == id && *r == record_height
    ));

    // The paying agent closes now: funded = paid + withheld + reclaimed, to the unit.
    w.close(id).unwrap();
    let sub = w.sub(id);
    assert_eq!(
        sub.paid + sub.withheld + sub.reclaimed,
        Uint128::new(147 * COUPON)
    );
    assert_eq!(sub.paid, Uint128::new(100 * COUPON));
    w.check();
}

/// The withholding wallet is not in the registry: the tax withheld into the cash account kept
/// under its address is its own, and it withdraws it (nothing is trapped there).
#[test]
fn the_withholding_wallet_withdraws_the_tax_credited_to_its_cash_account() {
    let mut w = World::new();
    let id = w.announce(ActionKind::Coupon, per_unit(COUPON), true);
    w.advance(DAY);
    w.fund(id, 147 * COUPON).unwrap();
    w.claim("bruno", id).unwrap();
    let withheld = w.tax();
    assert_eq!(withheld, 40 * COUPON * 26_375 / 100_000);

    let tax = w.s.withholding_account.clone();
    assert_eq!(w.s.usd1_units(&tax), 0);
    w.s.adapter_exec(
        &tax,
        &cash::ExecuteMsg::Withdraw {
            account: None,
            amount: Uint128::new(withheld),
            recipient: None,
        },
    )
    .unwrap();
    assert_eq!(w.s.usd1_units(&tax), withheld);
    assert_eq!(w.tax(), 0);
    w.check();
}

/// Before its payment time a funded sub-account action can still be cancelled (no holder can
/// have claimed): the deposit is reclaimed to the reclaim address at once, so a deposit made
/// by anyone never keeps a mistaken announcement alive. From the payment time on, refused.
#[test]
fn a_sub_account_action_funded_before_its_payment_time_is_cancelled_and_reclaimed() {
    let mut w = World::new();
    let agent = w.s.paying_agent.clone();
    let id = w.announce(ActionKind::Dividend, per_unit(USD), false);
    w.fund(id, 7 * USD).unwrap();
    let res =
        w.s.distributor_exec(
            &agent,
            &ExecuteMsg::Agent(AgentMsg::Cancel { action_id: id }),
        )
        .unwrap();
    assert_eq!(attr(&res, "reclaimed"), Some((7 * USD).to_string()));
    assert_eq!(w.cash("ISSUER"), 7 * USD);
    let a = w.s.action(id).unwrap();
    assert_eq!(a.status, ActionStatus::Cancelled);
    assert_eq!((a.funded.u128(), a.reclaimed.u128()), (7 * USD, 7 * USD));
    let sub = w.sub(id);
    assert_eq!(sub.paid + sub.withheld + sub.reclaimed, sub.funded);
    let e = w.claim("alice", id).unwrap_err();
    assert!(matches!(err(&e), ContractError::ActionNotOpen { .. }));
    w.check();
}

/// The token refuses to redeem from a frozen wallet: a final-redemption claim from it is
/// refused with its values, and a push page skips it instead of failing for every holder.
#[test]
fn a_frozen_wallet_is_skipped_by_a_final_redemption_push_and_refused_alone() {
    let mut w = World::new();
    let id = w.announce(ActionKind::FinalRedemption, per_unit(1_000 * USD), false);
    w.advance(DAY);
    w.fund(id, 147 * 1_000 * USD).unwrap();
    let erin = w.a("erin");
    let agent = w.s.transfer_agent.clone();
    w.s.token_exec(
        &agent,
        &token::ExecuteMsg::Agent(token::AgentMsg::Freeze {
            address: erin.to_string(),
            amount: None,
            legal_reference: "court order 42".into(),
        }),
    )
    .unwrap();

    let e = w.claim("erin", id).unwrap_err();
    assert_eq!(
        err(&e),
        &ContractError::WalletFrozen {
            id,
            wallet: erin.clone()
        }
    );
    let res = w
        .push(id, vec![w.a("bruno").to_string(), erin.to_string()])
        .unwrap();
    assert_eq!(attr(&res, "claimed").as_deref(), Some("1"));
    assert_eq!(attr(&res, "skipped").as_deref(), Some(erin.as_str()));
    assert_eq!(w.s.tokens(&w.a("bruno")), 0);
    assert_eq!(w.s.tokens(&erin), 7);
    assert_eq!(w.cash("INV-BRUNO"), 40 * 1_000 * USD);
    w.check();
}

/// A deposit under a reference no sub-account action uses (a typo) is not trapped: the
/// distributor's owner reclaims it to the depositor's cash account; the sub-account of a live
/// sub-account action is refused (its close reclaims it), as are strangers and empty ones.
#[test]
fn the_owner_reclaims_a_deposit_under_a_reference_no_action_uses() {
    let mut w = World::new();
    let agent = w.s.paying_agent.clone();
    let owner = w.s.owner.clone();
    let id = w.announce(ActionKind::Coupon, per_unit(COUPON), true);
    let msg =
        w.s.adapter
            .sub_account_funding_msg(
                &AssetInfo::Cw20 {
                    address: w.s.usd1.addr(),
                },
                Uint128::new(5 * USD),
                w.s.distributor.0.to_string(),
                "action:1",
            )
            .unwrap();
    w.s.app.execute(agent.clone(), msg).unwrap();
    w.fund(id, 3 * USD).unwrap();
    let reclaim = |reference: &str| ExecuteMsg::ReclaimOrphanSubAccount {
        reference: reference.to_string(),
        recipient: agent.to_string(),
        ticket: "TICKET-7".to_string(),
    };

    let e =
        w.s.distributor_exec(&agent, &reclaim("action:1"))
            .unwrap_err();
    assert!(matches!(err(&e), ContractError::Access(_)));
    let e =
        w.s.distributor_exec(&owner, &reclaim(&actions::sub_account_reference(id)))
            .unwrap_err();
    assert_eq!(
        err(&e),
        &ContractError::SubAccountInUse {
            reference: actions::sub_account_reference(id),
            action_id: id
        }
    );
    let e =
        w.s.distributor_exec(
            &owner,
            &ExecuteMsg::ReclaimOrphanSubAccount {
                reference: "action:1".into(),
                recipient: agent.to_string(),
                ticket: String::new(),
            },
        )
        .unwrap_err();
    assert_eq!(err(&e), &ContractError::InvalidTicket { max: 128 });
    // The sub-account of an id not handed out yet belongs to the action announced under it.
    let e =
        w.s.distributor_exec(&owner, &reclaim("action-99"))
            .unwrap_err();
    assert_eq!(
        err(&e),
        &ContractError::SubAccountReserved {
            reference: "action-99".to_string(),
            last_action_id: id,
        }
    );
    let e =
        w.s.distributor_exec(&owner, &reclaim("action-0001"))
            .unwrap_err();
    assert_eq!(
        err(&e),
        &ContractError::SubAccountEmpty {
            reference: "action-0001".to_string()
        }
    );

    let before = w.cash("PAYING-AGENT");
    let res = w.s.distributor_exec(&owner, &reclaim("action:1")).unwrap();
    assert_eq!(attr(&res, "amount"), Some((5 * USD).to_string()));
    assert_eq!(w.cash("PAYING-AGENT"), before + 5 * USD);
    let sub =
        w.s.adapter
            .sub_account(&w.s.app.wrap(), &w.s.distributor.0, "action:1")
            .unwrap()
            .unwrap();
    assert_eq!(sub.reclaimed, sub.funded);
    // The action's own sub-account is untouched.
    assert_eq!(w.sub(id).balance(), Uint128::new(3 * USD));
    w.check();
}
