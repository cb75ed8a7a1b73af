//! One test per flow of the system design (2-7; flow 1 is `onboarding.rs`), each on the real
//! registry, token, adapter, escrow, distributor and ballots with cw20-base as USD1, asserting the
//! balances, events and queries an auditor would check, and the suite-wide invariants.

use cosmwasm_std::{Decimal, Uint128};
use cw_multi_test::Executor;
use sto_interface::actions::{
    self, ActionKind, AmountBasis, ClaimStatusResponse, WithholdingRateUpdate,
};
use sto_interface::ballots;
use sto_interface::cash::{self, AssetInfo, CashLegStatus, LedgerResponse, Movement, ReleaseKind};
use sto_interface::common::{EventRef, Jurisdiction};
use sto_interface::escrow::{self, FinalityRecord, InstructionStatus};
use sto_interface::registry;
use sto_interface::token::{self, ReasonCode};
use sto_suite_tests::{find_err, id_of, World, DAY, PRICE, START_USD1, USD};
use sto_testing::attr;

fn ledger_of(w: &World, reference: EventRef) -> Vec<cash::LedgerEntry> {
    let page: LedgerResponse =
        w.s.adapter_query(&cash::QueryMsg::LedgerByReference {
            reference,
            start_after: None,
            limit: Some(100),
        })
        .unwrap();
    page.entries
}

#[test]
fn flow2_oversubscribed_offering_allocates_pro_rata_refuses_a_denied_investor_and_pays_the_issuer()
{
    let mut w = World::new();
    let id = w.open_offering(1_000);
    let escrow = w.s.escrow.0.clone();
    for (who, units) in [("alice", 500u128), ("bruno", 300), ("custodian_a", 400)] {
        let payer = w.a(who);
        w.s.fund(&payer, &escrow, units * PRICE, EventRef::Offering { id })
            .unwrap();
    }
    // Singapore is denied by the bond's rules: the subscription reverts, chen keeps his USD1.
    let chen = w.a("chen");
    let err =
        w.s.fund(&chen, &escrow, 100 * PRICE, EventRef::Offering { id })
            .unwrap_err();
    assert_eq!(
        find_err::<dvp_escrow::ContractError>(&err),
        Some(&dvp_escrow::ContractError::IssuanceNotAllowed {
            subscriber: chen.clone(),
            code: ReasonCode::JurisdictionDenied.code(),
            reason: ReasonCode::JurisdictionDenied,
        })
    );
    assert_eq!(w.s.usd1_units(&chen), START_USD1);
    w.assert_invariants();

    w.s.advance(7 * DAY);
    let issuer = w.s.issuer.clone();
    w.s.escrow_exec(&issuer, &escrow::ExecuteMsg::CloseOffering { id })
        .unwrap();
    let alice = w.a("alice");
    w.s.escrow_exec(&alice, &escrow::ExecuteMsg::Claim { offering_id: id })
        .unwrap();
    let ta = w.s.transfer_agent.clone();
    w.s.escrow_exec(
        &ta,
        &escrow::ExecuteMsg::PushClaims {
            offering_id: id,
            start_after: None,
            limit: None,
        },
    )
    .unwrap();
    w.assert_invariants();

    // floor(units x 1000 / 1200); one unit of dust is never issued.
    assert_eq!(w.s.tokens(&alice), 416);
    assert_eq!(w.s.tokens(&w.a("bruno")), 250);
    assert_eq!(w.s.tokens(&w.a("custodian_a")), 333);
    assert_eq!(w.s.token_supply().unwrap().u128(), 999);
    let o = w.s.offering(id).unwrap();
    assert_eq!(o.dust, Some(Uint128::new(1)));
    // Each subscriber paid exactly its allocation; the issuer got exactly the 999 bonds.
    assert_eq!(w.s.usd1_units(&alice), START_USD1 - 416 * PRICE);
    assert_eq!(w.s.usd1_units(&issuer), START_USD1 + 999 * PRICE);
    // The ledger of the offering ties out: 1,200 bonds of cash in, proceeds and refunds out.
    let entries = ledger_of(&w, EventRef::Offering { id });
    let funded: u128 = entries
        .iter()
        .filter(|e| e.movement == Movement::Funding)
        .map(|e| e.amount.u128())
        .sum();
    let proceeds: u128 = entries
        .iter()
        .filter(|e| {
            e.movement
                == Movement::Release {
                    kind: ReleaseKind::Proceeds,
                }
        })
        .map(|e| e.amount.u128())
        .sum();
    let refunds: u128 = entries
        .iter()
        .filter(|e| {
            e.movement
                == Movement::Release {
                    kind: ReleaseKind::Refund,
                }
        })
        .map(|e| e.amount.u128())
        .sum();
    assert_eq!(funded, 1_200 * PRICE);
    assert_eq!(proceeds, 999 * PRICE);
    assert_eq!(refunds, 201 * PRICE);
}

#[test]
fn flow3_dvp_settles_atomically_refuses_with_nothing_moved_and_refunds_on_expiry() {
    let mut w = World::new();
    w.issue("alice", 100);
    w.issue("custodian_a", 100);
    let escrow = w.s.escrow.0.clone();

    // Settlement: the second leg settles in the same transaction.
    let (alice, erin) = (w.a("alice"), w.a("erin"));
    let t1 = w.instruction("alice", "erin", 40, 40_400 * USD);
    w.s.deliver(&alice, t1, 40).unwrap();
    let res =
        w.s.fund(
            &erin,
            &escrow,
            40_400 * USD,
            EventRef::Settlement { id: t1 },
        )
        .unwrap();
    assert!(res.events.iter().any(|e| e
        .attributes
        .iter()
        .any(|a| a.key == "action" && a.value.contains("settle"))));
    assert_eq!(w.s.tokens(&erin), 40);
    assert_eq!(w.s.usd1_units(&alice), START_USD1 + 40_400 * USD);
    let f: FinalityRecord =
        w.s.app
            .wrap()
            .query_wasm_smart(&escrow, &escrow::QueryMsg::Finality { id: t1 })
            .unwrap();
    assert_eq!(
        (f.quantity.u128(), f.cash_amount.u128()),
        (40, 40_400 * USD)
    );
    assert_eq!(f.settled_height, w.s.height());
    w.assert_invariants();

    // Refusal: the buyer is blocked before the second leg arrives; nothing moves.
    let (cust, bruno) = (w.a("custodian_a"), w.a("bruno"));
    let t2 = w.instruction("custodian_a", "bruno", 20, 20_400 * USD);
    w.s.fund(
        &bruno,
        &escrow,
        20_400 * USD,
        EventRef::Settlement { id: t2 },
    )
    .unwrap();
    w.s.compliance_exec(&registry::ExecuteMsg::BlockInvestor {
        investor_id: "INV-BRUNO".into(),
        reason_ref: "OFAC-2026-9".into(),
    })
    .unwrap();
    let err = w.s.deliver(&cust, t2, 20).unwrap_err();
    assert_eq!(
        find_err::<dvp_escrow::ContractError>(&err),
        Some(&dvp_escrow::ContractError::SettlementRefused {
            id: t2,
            code: ReasonCode::RecipientBlocked.code(),
            reason: ReasonCode::RecipientBlocked,
        })
    );
    assert_eq!((w.s.tokens(&cust), w.s.tokens(&bruno)), (100, 0));
    assert!(w.s.instruction(t2).unwrap().security_leg.is_none());
    w.assert_invariants();

    // Expiry: anyone expires it after the deadline; bruno is blocked, so his cash refund is
    // parked at the adapter, visible and not lost.
    w.s.advance(11 * DAY);
    let keeper = w.a("keeper");
    w.s.escrow_exec(&keeper, &escrow::ExecuteMsg::Expire { id: t2 })
        .unwrap();
    assert_eq!(
        w.s.instruction(t2).unwrap().status,
        InstructionStatus::Expired
    );
    let parked: cash::ParkedReleasesResponse =
        w.s.adapter_query(&cash::QueryMsg::ParkedReleases {
            start_after: None,
            limit: None,
        })
        .unwrap();
    assert_eq!(parked.parked.len(), 1);
    assert_eq!(parked.parked[0].recipient, bruno);
    assert_eq!(parked.parked[0].amount.u128(), 20_400 * USD);
    w.assert_invariants();
}

#[test]
fn flow4_stale_attestation_refuses_new_funding_but_not_refunds_until_a_fresh_one() {
    let mut w = World::new();
    w.issue("alice", 100);
    let escrow = w.s.escrow.0.clone();
    let (alice, bruno, erin) = (w.a("alice"), w.a("bruno"), w.a("erin"));
    let t1 = w.instruction("alice", "bruno", 10, 10_000 * USD);
    w.s.fund(
        &bruno,
        &escrow,
        10_000 * USD,
        EventRef::Settlement { id: t1 },
    )
    .unwrap();

    // Two days later the attestation is stale.
    w.s.advance(2 * DAY);
    let status: CashLegStatus = w.s.adapter_query(&cash::QueryMsg::Status {}).unwrap();
    assert!(!status.healthy);
    let t2 = w.instruction("alice", "erin", 5, 5_000 * USD);
    let err =
        w.s.fund(&erin, &escrow, 5_000 * USD, EventRef::Settlement { id: t2 })
            .unwrap_err();
    assert!(
        matches!(
            find_err::<cash_adapter::ContractError>(&err),
            Some(cash_adapter::ContractError::CashLegUnhealthy { .. })
        ),
        "{err:?}"
    );
    assert_eq!(w.s.usd1_units(&erin), START_USD1);

    // A refund still works: both parties cancel and bruno's cash leg comes back.
    w.s.escrow_exec(&alice, &escrow::ExecuteMsg::Cancel { id: t1 })
        .unwrap();
    w.s.escrow_exec(&bruno, &escrow::ExecuteMsg::Cancel { id: t1 })
        .unwrap();
    assert_eq!(
        w.s.instruction(t1).unwrap().status,
        InstructionStatus::Cancelled
    );
    assert_eq!(w.s.usd1_units(&bruno), START_USD1);
    w.assert_invariants();

    // A fresh attestation restores new fundings.
    w.attest();
    w.s.fund(&erin, &escrow, 5_000 * USD, EventRef::Settlement { id: t2 })
        .unwrap();
    w.s.deliver(&alice, t2, 5).unwrap();
    assert_eq!(w.s.tokens(&erin), 5);
    w.assert_invariants();
}

#[test]
fn flow5_coupon_from_a_sub_account_with_withholding_late_transfer_push_reclaim_and_a_ballot() {
    let mut w = World::new();
    w.issue("alice", 400);
    w.issue("bruno", 100);
    w.issue("erin", 300);
    w.issue("custodian_a", 120);
    w.issue("custodian_b", 80);
    let owner = w.s.owner.clone();
    let rates = [("US", "0"), ("DE", "0.25"), ("FR", "0.128"), ("LU", "0.15")]
        .into_iter()
        .map(|(j, r)| WithholdingRateUpdate {
            jurisdiction: Jurisdiction::parse(j).unwrap(),
            rate: Some(r.parse().unwrap()),
        })
        .collect();
    w.s.distributor_exec(&owner, &actions::ExecuteMsg::SetWithholdingRates { rates })
        .unwrap();
    let agent = w.s.paying_agent.clone();
    let now = w.s.now();
    let record_height = w.s.height() + 5;
    let res =
        w.s.distributor_exec(
            &agent,
            &actions::ExecuteMsg::Agent(actions::AgentMsg::Announce {
                token: w.s.token.0.to_string(),
                kind: ActionKind::Coupon,
                record_height,
                basis: AmountBasis::PerUnit {
                    rate: Decimal::from_atomics(25 * USD, 0).unwrap(),
                },
                payment_time: now.plus_seconds(DAY),
                claim_deadline: now.plus_seconds(30 * DAY),
                withholding: true,
                reclaim_address: w.s.issuer.to_string(),
            }),
        )
        .unwrap();
    let id = id_of(&res, "action_id");
    let reference = actions::sub_account_reference(id);

    // A ballot at the coupon's record height; the custodian votes for its two client wallets
    // once each has made it hold operator on the token.
    let window_end = now.plus_seconds(7 * DAY);
    let res =
        w.s.ballots_exec(
            &agent,
            &ballots::ExecuteMsg::OpenBallot {
                token: w.s.token.0.to_string(),
                record_height,
                title: "Extend the maturity by two years".into(),
                options: vec!["for".into(), "against".into(), "abstain".into()],
                start: now,
                end: window_end,
                quorum: Decimal::percent(50),
            },
        )
        .unwrap();
    let ballot_id = id_of(&res, "ballot_id");
    let lux = w.a("lux_custodian");
    for (client, units) in [("custodian_a", 120u128), ("custodian_b", 80)] {
        let client = w.a(client);
        w.s.token_exec(
            &client,
            &token::ExecuteMsg::AuthorizeHoldOperator {
                operator: lux.to_string(),
                limit: Uint128::new(units),
            },
        )
        .unwrap();
    }

    // Past the record height, alice sells 100 to erin: entitlements and votes do not change.
    w.s.advance(60);
    let (alice, erin) = (w.a("alice"), w.a("erin"));
    w.s.token_exec(
        &alice,
        &token::ExecuteMsg::Transfer {
            recipient: erin.to_string(),
            amount: Uint128::new(100),
        },
    )
    .unwrap();
    w.attest();
    // Funding goes to the sub-account at the adapter.
    let distributor = w.s.distributor.0.clone();
    let required = w.s.required(id).unwrap();
    assert_eq!(required.u128(), 1_000 * 25 * USD);
    let msg =
        w.s.adapter
            .sub_account_funding_msg(
                &AssetInfo::Cw20 {
                    address: w.s.usd1.addr(),
                },
                required,
                distributor.to_string(),
                reference.clone(),
            )
            .unwrap();
    w.s.app.execute(agent.clone(), msg).unwrap();

    let vote = |w: &mut World, sender: &str, option: u8, wallet: Option<&str>| {
        let sender = w.a(sender);
        let wallet = wallet.map(|x| w.a(x).to_string());
        w.s.ballots_exec(
            &sender,
            &ballots::ExecuteMsg::Vote {
                ballot_id,
                option,
                wallet,
            },
        )
    };
    for (sender, option, wallet, weight) in [
        ("alice", 0, None, "400"),
        ("erin", 1, None, "300"),
        ("lux_custodian", 0, Some("custodian_a"), "120"),
        ("lux_custodian", 2, Some("custodian_b"), "80"),
    ] {
        let res = vote(&mut w, sender, option, wallet).unwrap();
        assert_eq!(attr(&res, "weight").as_deref(), Some(weight));
    }
    let e = vote(&mut w, "mallory", 1, None).unwrap_err();
    assert!(matches!(
        find_err::<::ballots::ContractError>(&e),
        Some(::ballots::ContractError::NoBalanceAtRecordHeight { .. })
    ));

    // Claims: two contract calls each, net into the investors' cash accounts.
    w.s.advance(DAY);
    for who in ["alice", "erin"] {
        let holder = w.a(who);
        let res =
            w.s.distributor_exec(&holder, &actions::ExecuteMsg::Claim { action_id: id })
                .unwrap();
        assert_eq!(res.events.iter().filter(|e| e.ty == "execute").count(), 2);
    }
    // The custodian's client wallets are paid by a push into the custodian's account.
    w.s.distributor_exec(
        &agent,
        &actions::ExecuteMsg::Agent(actions::AgentMsg::PushClaims {
            action_id: id,
            holders: vec![
                w.a("custodian_a").to_string(),
                w.a("custodian_b").to_string(),
            ],
        }),
    )
    .unwrap();
    let cash = |w: &World, key: &str| {
        w.s.adapter
            .account(&w.s.app.wrap(), key)
            .unwrap()
            .map(|a| a.balance.u128())
            .unwrap_or_default()
    };
    // alice (US, 0%): 400 x 25; erin (FR, 12.8%) on 300, not 400; the custodian (LU, 15%) on
    // 200. No USD1 left the adapter.
    assert_eq!(cash(&w, "INV-ALICE"), 400 * 25 * USD);
    assert_eq!(w.s.usd1_units(&alice), START_USD1);
    let erin_gross = 300 * 25 * USD;
    let erin_withheld = erin_gross * 128 / 1000;
    assert_eq!(cash(&w, "INV-ERIN"), erin_gross - erin_withheld);
    let cust_gross = 200 * 25 * USD;
    let cust_withheld = cust_gross * 15 / 100;
    assert_eq!(cash(&w, "CUST-LUX"), cust_gross - cust_withheld);
    assert_eq!(
        cash(&w, w.s.withholding_account.as_str()),
        erin_withheld + cust_withheld
    );
    let status: ClaimStatusResponse =
        w.s.app
            .wrap()
            .query_wasm_smart(
                &w.s.distributor.0,
                &actions::QueryMsg::ClaimStatus {
                    action_id: id,
                    holder: erin.to_string(),
                },
            )
            .unwrap();
    assert!(status.claimed);
    w.assert_invariants();

    // After the window: a late vote is refused; the closed result.
    w.s.advance(window_end.seconds() - w.s.now().seconds());
    let e = vote(&mut w, "bruno", 1, None).unwrap_err();
    assert!(matches!(
        find_err::<::ballots::ContractError>(&e),
        Some(::ballots::ContractError::VotingEnded { .. })
    ));
    let bruno = w.a("bruno");
    w.s.ballots_exec(&bruno, &ballots::ExecuteMsg::Close { ballot_id })
        .unwrap();
    let result = w.s.ballot_result(ballot_id).unwrap();
    assert!(result.closed && result.is_final && result.quorum_met);
    assert_eq!(result.record_supply.u128(), 1_000);
    assert_eq!(result.quorum_threshold.u128(), 500);
    assert_eq!(result.turnout.u128(), 900);
    assert_eq!(
        result
            .tallies
            .iter()
            .map(|t| t.votes.u128())
            .collect::<Vec<_>>(),
        [520, 300, 80]
    );
    assert_eq!(result.outcome, ballots::BallotOutcome::Winner { option: 0 });

    // Bruno never claims: at the deadline his share goes back to the issuer's cash account.
    w.s.advance(30 * DAY);
    let res =
        w.s.distributor_exec(
            &agent,
            &actions::ExecuteMsg::Agent(actions::AgentMsg::Close { action_id: id }),
        )
        .unwrap();
    assert!(attr(&res, "reclaimed").is_some());
    let sub =
        w.s.adapter
            .sub_account(&w.s.app.wrap(), &distributor, &reference)
            .unwrap()
            .unwrap();
    assert_eq!(sub.reclaimed.u128(), 100 * 25 * USD);
    assert_eq!(sub.paid + sub.withheld + sub.reclaimed, sub.funded);
    assert_eq!(sub.funded, required);
    let a = w.s.action(id).unwrap();
    assert_eq!(
        (a.paid, a.withheld, a.reclaimed, a.funded),
        (sub.paid, sub.withheld, sub.reclaimed, sub.funded)
    );
    assert_eq!(cash(&w, "ISSUER"), 100 * 25 * USD);
    w.assert_invariants();
}

#[test]
fn flow6_sanctions_block_lost_wallet_recovery_and_forced_transfer() {
    let mut w = World::new();
    w.issue("alice", 100);
    w.issue("erin", 50);
    let (alice, erin, bruno) = (w.a("alice"), w.a("erin"), w.a("bruno"));

    // Sanctions block mid-life: erin can neither send nor receive.
    w.s.compliance_exec(&registry::ExecuteMsg::BlockInvestor {
        investor_id: "INV-ERIN".into(),
        reason_ref: "EU-2026-77".into(),
    })
    .unwrap();
    let err =
        w.s.token_exec(
            &erin,
            &token::ExecuteMsg::Transfer {
                recipient: alice.to_string(),
                amount: Uint128::new(1),
            },
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<security_token::ContractError>().unwrap(),
        security_token::ContractError::refused(ReasonCode::SenderBlocked)
    );

    // Lost wallet: the new wallet joins INV-ALICE, the lost one leaves, the agent recovers.
    let alice_new = w.a("alice_new");
    w.s.compliance_exec(&registry::ExecuteMsg::AddWallet {
        investor_id: "INV-ALICE".into(),
        wallet: alice_new.to_string(),
    })
    .unwrap();
    w.s.compliance_exec(&registry::ExecuteMsg::RemoveWallet {
        investor_id: "INV-ALICE".into(),
        wallet: alice.to_string(),
    })
    .unwrap();
    let res =
        w.s.agent_exec(token::AgentMsg::RecoverWallet {
            lost: alice.to_string(),
            new_wallet: alice_new.to_string(),
            legal_reference: "AFFIDAVIT-1".into(),
        })
        .unwrap();
    assert_eq!(
        attr(&res, "legal_reference").as_deref(),
        Some("AFFIDAVIT-1")
    );
    assert_eq!((w.s.tokens(&alice), w.s.tokens(&alice_new)), (0, 100));

    // Forced transfer by court order: to an eligible recipient only.
    let err =
        w.s.agent_exec(token::AgentMsg::ForcedTransfer {
            from: alice_new.to_string(),
            to: erin.to_string(),
            amount: Uint128::new(10),
            legal_reference: "COURT-1".into(),
            reference: None,
        })
        .unwrap_err();
    assert_eq!(
        err.downcast::<security_token::ContractError>().unwrap(),
        security_token::ContractError::refused(ReasonCode::RecipientBlocked)
    );
    w.s.agent_exec(token::AgentMsg::ForcedTransfer {
        from: alice_new.to_string(),
        to: bruno.to_string(),
        amount: Uint128::new(10),
        legal_reference: "COURT-1".into(),
        reference: None,
    })
    .unwrap();
    assert_eq!((w.s.tokens(&alice_new), w.s.tokens(&bruno)), (90, 10));
    let count: token::HolderCountResponse =
        w.s.token_query(&token::QueryMsg::HolderCount { jurisdiction: None })
            .unwrap();
    assert_eq!(count.holders, 3);
    w.assert_invariants();
}

#[test]
fn flow7_final_redemption_from_a_sub_account_burns_every_bond_and_credits_the_principal() {
    let mut w = World::new();
    w.issue("alice", 600);
    w.issue("custodian_a", 300);
    w.issue("custodian_b", 100);
    let agent = w.s.paying_agent.clone();
    let now = w.s.now();
    let res =
        w.s.distributor_exec(
            &agent,
            &actions::ExecuteMsg::Agent(actions::AgentMsg::Announce {
                token: w.s.token.0.to_string(),
                kind: ActionKind::FinalRedemption,
                record_height: w.s.height() + 3,
                basis: AmountBasis::PerUnit {
                    rate: Decimal::from_atomics(PRICE, 0).unwrap(),
                },
                payment_time: now.plus_seconds(DAY),
                claim_deadline: now.plus_seconds(30 * DAY),
                withholding: false,
                reclaim_address: w.s.issuer.to_string(),
            }),
        )
        .unwrap();
    let id = id_of(&res, "action_id");
    let reference = actions::sub_account_reference(id);
    w.s.advance(DAY);
    w.attest();
    let required = w.s.required(id).unwrap();
    assert_eq!(required.u128(), 1_000 * PRICE);
    let distributor = w.s.distributor.0.clone();
    let msg =
        w.s.adapter
            .sub_account_funding_msg(
                &AssetInfo::Cw20 {
                    address: w.s.usd1.addr(),
                },
                required,
                distributor.to_string(),
                reference.clone(),
            )
            .unwrap();
    w.s.app.execute(agent.clone(), msg).unwrap();
    let alice = w.a("alice");
    let res =
        w.s.distributor_exec(&alice, &actions::ExecuteMsg::Claim { action_id: id })
            .unwrap();
    // distributor, token (redeem), adapter
    assert_eq!(res.events.iter().filter(|e| e.ty == "execute").count(), 3);
    w.s.distributor_exec(
        &agent,
        &actions::ExecuteMsg::Agent(actions::AgentMsg::PushClaims {
            action_id: id,
            holders: vec![
                w.a("custodian_a").to_string(),
                w.a("custodian_b").to_string(),
            ],
        }),
    )
    .unwrap();
    assert_eq!(w.s.token_supply().unwrap().u128(), 0);
    let cash = |w: &World, key: &str| {
        w.s.adapter
            .account(&w.s.app.wrap(), key)
            .unwrap()
            .map(|a| a.balance.u128())
            .unwrap_or_default()
    };
    // The principal is credited to the investors' cash accounts; no USD1 left the adapter.
    assert_eq!(cash(&w, "INV-ALICE"), 600 * PRICE);
    assert_eq!(cash(&w, "CUST-LUX"), 400 * PRICE);
    assert_eq!(w.s.usd1_units(&alice), START_USD1);
    let count: token::HolderCountResponse =
        w.s.token_query(&token::QueryMsg::HolderCount { jurisdiction: None })
            .unwrap();
    assert_eq!(count.holders, 0);
    let a = w.s.action(id).unwrap();
    assert_eq!(a.burnt.u128(), 1_000);
    let sub =
        w.s.adapter
            .sub_account(&w.s.app.wrap(), &distributor, &reference)
            .unwrap()
            .unwrap();
    assert_eq!(sub.paid, sub.funded);
    assert_eq!(a.paid, sub.paid);
    w.assert_invariants();
}
