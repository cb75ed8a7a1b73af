//! Every refusal of the issue: the exact typed error, and nothing moved.

use cosmwasm_std::Api;
use cosmwasm_std::{coins, Addr, Decimal, Uint128};
use cw_multi_test::Executor;
use sto_access::{AccessError, Role};
use sto_interface::actions::{ActionKind, AgentMsg, ExecuteMsg, MAX_PUSH_CLAIMS};
use sto_interface::cash::{AssetInfo, CashAdapter};

use corporate_actions::ContractError;

use crate::suite::*;

/// Run `f`, which must fail with `expected` and move nothing.
fn refused(
    suite: &mut Suite,
    expected: ContractError,
    f: impl FnOnce(&mut Suite) -> anyhow::Result<cw_multi_test::AppResponse>,
) {
    let before = suite.snapshot();
    let err = contract_err(f(suite).unwrap_err());
    assert_eq!(err, expected);
    assert_eq!(suite.snapshot(), before, "a refusal moved something");
}

fn with_announce(
    suite: &Suite,
    edit: impl FnOnce(&mut u64, &mut cosmwasm_std::Timestamp, &mut cosmwasm_std::Timestamp),
) -> AgentMsg {
    let mut msg = suite.announcement(ActionKind::Coupon, per_unit(Decimal::one()), false);
    if let AgentMsg::Announce {
        record_height,
        payment_time,
        claim_deadline,
        ..
    } = &mut msg
    {
        edit(record_height, payment_time, claim_deadline);
    }
    msg
}

#[test]
fn a_record_height_in_the_past_or_now_is_refused() {
    let mut suite = Suite::new();
    suite.next_block();
    let agent = suite.agent.clone();
    let current = suite.height();
    for record_height in [current, current - 1] {
        let msg = with_announce(&suite, |h, _, _| *h = record_height);
        refused(
            &mut suite,
            ContractError::RecordHeightNotInFuture {
                record_height,
                current,
            },
            |s| s.agent_exec(&agent, msg),
        );
    }
}

#[test]
fn payment_time_and_deadline_must_be_in_order() {
    let mut suite = Suite::new();
    let agent = suite.agent.clone();
    let now = suite.now();
    let msg = with_announce(&suite, |_, p, _| *p = now);
    refused(
        &mut suite,
        ContractError::PaymentTimeNotInFuture {
            payment_time: now,
            now,
        },
        |s| s.agent_exec(&agent, msg),
    );
    let msg = with_announce(&suite, |_, p, d| *d = *p);
    let payment = now.plus_seconds(DAY);
    refused(
        &mut suite,
        ContractError::DeadlineNotAfterPayment {
            payment_time: payment,
            claim_deadline: payment,
        },
        |s| s.agent_exec(&agent, msg),
    );
}

#[test]
fn zero_rates_and_totals_are_refused() {
    let mut suite = Suite::new();
    let agent = suite.agent.clone();
    let msg = suite.announcement(ActionKind::Coupon, per_unit(Decimal::zero()), false);
    refused(
        &mut suite,
        ContractError::ZeroAmount {
            field: "rate".to_string(),
        },
        |s| s.agent_exec(&agent, msg),
    );
    let msg = suite.announcement(ActionKind::Dividend, total(0), false);
    refused(
        &mut suite,
        ContractError::ZeroAmount {
            field: "amount".to_string(),
        },
        |s| s.agent_exec(&agent, msg),
    );
}

#[test]
fn a_rate_overflowing_the_supply_is_refused() {
    let mut suite = Suite::new();
    // A supply of about 1e30 units: Decimal::MAX (about 3.4e20) per unit cannot be paid.
    let alice = suite.alice.clone();
    suite.issue(&[(alice, 10u128.pow(30) - 7_000)]);
    let agent = suite.agent.clone();
    let msg = suite.announcement(ActionKind::Coupon, per_unit(Decimal::MAX), false);
    refused(
        &mut suite,
        ContractError::RateOverflow {
            rate: Decimal::MAX,
            supply: Uint128::new(10u128.pow(30)),
        },
        |s| s.agent_exec(&agent, msg),
    );
}

#[test]
fn invalid_addresses_are_refused() {
    let mut suite = Suite::new();
    let agent = suite.agent.clone();
    let reason = suite
        .app
        .api()
        .addr_validate("not-an-address")
        .unwrap_err()
        .to_string();
    let mut msg = suite.announcement(ActionKind::Coupon, per_unit(Decimal::one()), false);
    if let AgentMsg::Announce { token, .. } = &mut msg {
        *token = "not-an-address".to_string();
    }
    refused(
        &mut suite,
        ContractError::Access(AccessError::InvalidAddress {
            address: "not-an-address".to_string(),
            reason: reason.clone(),
        }),
        |s| s.agent_exec(&agent, msg),
    );
    let mut msg = suite.announcement(ActionKind::Coupon, per_unit(Decimal::one()), false);
    if let AgentMsg::Announce {
        reclaim_address, ..
    } = &mut msg
    {
        *reclaim_address = "not-an-address".to_string();
    }
    refused(
        &mut suite,
        ContractError::Access(AccessError::InvalidAddress {
            address: "not-an-address".to_string(),
            reason,
        }),
        |s| s.agent_exec(&agent, msg),
    );
}

#[test]
fn announcing_by_a_non_agent_is_refused() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    let msg = suite.announcement(ActionKind::Coupon, per_unit(Decimal::one()), false);
    refused(
        &mut suite,
        ContractError::Access(AccessError::MissingRole {
            role: Role::PayingAgent,
            address: alice.to_string(),
        }),
        |s| s.agent_exec(&alice, msg),
    );
}

#[test]
fn a_claim_before_the_payment_time_is_refused() {
    let mut suite = Suite::new();
    let id = suite.announce(ActionKind::Coupon, per_unit(Decimal::one()), false);
    suite.next_block();
    suite.fund(id, 7_000).unwrap();
    let payment_time = suite.action(id).payment_time;
    let alice = suite.alice.clone();
    let now = suite.now();
    refused(
        &mut suite,
        ContractError::ClaimBeforePaymentTime {
            id,
            payment_time,
            now,
        },
        |s| s.claim(&alice, id),
    );
    // From the payment time on, it is accepted.
    suite.advance_to(payment_time);
    suite.claim(&alice, id).unwrap();
}

#[test]
fn a_claim_at_or_after_the_deadline_is_refused() {
    let mut suite = Suite::new();
    let id = suite.payable(ActionKind::Coupon, per_unit(Decimal::one()), false);
    let claim_deadline = suite.action(id).claim_deadline;
    suite.advance_to(claim_deadline);
    let alice = suite.alice.clone();
    refused(
        &mut suite,
        ContractError::ClaimAfterDeadline {
            id,
            claim_deadline,
            now: claim_deadline,
        },
        |s| s.claim(&alice, id),
    );
    let bob = suite.bob.clone();
    refused(
        &mut suite,
        ContractError::ClaimAfterDeadline {
            id,
            claim_deadline,
            now: claim_deadline,
        },
        |s| s.push(id, &[&bob]),
    );
}

#[test]
fn a_second_claim_is_refused() {
    let mut suite = Suite::new();
    let id = suite.payable(ActionKind::Coupon, per_unit(Decimal::one()), false);
    let alice = suite.alice.clone();
    suite.claim(&alice, id).unwrap();
    refused(
        &mut suite,
        ContractError::AlreadyClaimed {
            id,
            holder: alice.clone(),
        },
        |s| s.claim(&alice, id),
    );
}

#[test]
fn a_claim_by_a_non_holder_is_refused() {
    let mut suite = Suite::new();
    let id = suite.payable(ActionKind::Coupon, per_unit(Decimal::one()), false);
    // Erin is registered but held nothing; mallory is unknown to the registry.
    for holder in [suite.erin.clone(), suite.mallory.clone()] {
        refused(
            &mut suite,
            ContractError::NothingToClaim {
                id,
                holder: holder.clone(),
            },
            |s| s.claim(&holder, id),
        );
    }
    let alice = suite.alice.clone();
    refused(&mut suite, ContractError::ActionNotFound { id: 99 }, |s| {
        s.claim(&alice, 99)
    });
}

#[test]
fn funding_in_the_wrong_asset_is_refused_by_the_adapter() {
    let mut suite = Suite::new();
    let id = suite.announce(ActionKind::Coupon, per_unit(Decimal::one()), false);
    suite.next_block();
    let code = suite.app.store_code(sto_testing::contracts::cw20_base());
    let issuer = suite.issuer.clone();
    let fake = suite
        .app
        .instantiate_contract(
            code,
            issuer.clone(),
            &cw20_base::msg::InstantiateMsg {
                name: "Fake dollar".to_string(),
                symbol: "FAKE".to_string(),
                decimals: 6,
                initial_balances: vec![cw20::Cw20Coin {
                    address: issuer.to_string(),
                    amount: Uint128::new(1_000_000),
                }],
                mint: None,
                marketing: None,
            },
            &[],
            "fake",
            None,
        )
        .unwrap();
    let wrong = AssetInfo::Cw20 {
        address: fake.clone(),
    };
    let msg = CashAdapter(suite.adapter.clone())
        .sub_account_funding_msg(
            &wrong,
            Uint128::new(7_000),
            suite.distributor.to_string(),
            sto_interface::actions::sub_account_reference(id),
        )
        .unwrap();
    let before = suite.snapshot();
    let err = suite.app.execute(issuer, msg).unwrap_err();
    assert_eq!(
        err.downcast::<cash_adapter::ContractError>().unwrap(),
        cash_adapter::ContractError::WrongAsset {
            expected: suite.asset(),
            got: wrong,
        }
    );
    assert_eq!(suite.snapshot(), before);
    assert_eq!(suite.sub(id).funded, Uint128::zero());
}

#[test]
fn funds_attached_to_a_message_are_refused() {
    let mut suite = Suite::new();
    let id = suite.payable(ActionKind::Coupon, per_unit(Decimal::one()), false);
    let alice = suite.alice.clone();
    suite.app.init_modules(|router, _, storage| {
        router
            .bank
            .init_balance(storage, &alice, coins(10, "uatom"))
            .unwrap()
    });
    let distributor = suite.distributor.clone();
    refused(
        &mut suite,
        ContractError::Payment(cw_utils::PaymentError::NonPayable {}),
        |s| {
            s.app.execute_contract(
                alice.clone(),
                distributor,
                &ExecuteMsg::Claim { action_id: id },
                &coins(10, "uatom"),
            )
        },
    );
}

#[test]
fn a_push_of_no_holders_or_too_many_is_refused() {
    let mut suite = Suite::new();
    let id = suite.payable(ActionKind::Coupon, per_unit(Decimal::one()), false);
    refused(
        &mut suite,
        ContractError::InvalidListLength {
            field: "holders".to_string(),
            max: MAX_PUSH_CLAIMS,
            count: 0,
        },
        |s| s.push(id, &[]),
    );
    let many: Vec<Addr> = (0..=MAX_PUSH_CLAIMS)
        .map(|i| suite.app.api().addr_make(&format!("h{i}")))
        .collect();
    let refs: Vec<&Addr> = many.iter().collect();
    refused(
        &mut suite,
        ContractError::InvalidListLength {
            field: "holders".to_string(),
            max: MAX_PUSH_CLAIMS,
            count: MAX_PUSH_CLAIMS + 1,
        },
        |s| s.push(id, &refs),
    );
}

#[test]
fn a_redirect_needs_a_wallet_of_the_same_investor_and_a_legal_reference() {
    let mut suite = Suite::new();
    let id = suite.payable(ActionKind::Coupon, per_unit(Decimal::one()), false);
    let (agent, alice, bob, mallory, escrow) = (
        suite.agent.clone(),
        suite.alice.clone(),
        suite.bob.clone(),
        suite.mallory.clone(),
        suite.escrow.clone(),
    );
    let redirect = |to: &Addr, reference: &str| AgentMsg::RedirectClaim {
        action_id: id,
        holder: alice.to_string(),
        to: to.to_string(),
        legal_reference: reference.to_string(),
    };
    let cases = [
        (
            redirect(&bob, "REC-1"),
            ContractError::RedirectToOtherInvestor {
                holder: alice.clone(),
                holder_investor: "INV-A".to_string(),
                to: bob.clone(),
                to_investor: "INV-B".to_string(),
            },
        ),
        (
            redirect(&mallory, "REC-1"),
            ContractError::RedirectUnknownWallet {
                wallet: mallory.clone(),
            },
        ),
        (
            redirect(&alice, "REC-1"),
            ContractError::RedirectToSameWallet {
                holder: alice.clone(),
            },
        ),
        (
            redirect(&escrow, "REC-1"),
            ContractError::SystemAccountNotPayable {
                id,
                account: escrow.clone(),
            },
        ),
        (
            redirect(&bob, ""),
            ContractError::InvalidLegalReference { max: 128, len: 0 },
        ),
        (
            redirect(&bob, &"x".repeat(129)),
            ContractError::InvalidLegalReference { max: 128, len: 129 },
        ),
    ];
    for (msg, expected) in cases {
        refused(&mut suite, expected, |s| s.agent_exec(&agent, msg));
    }
    // A cash action already claimed has nothing left to redirect.
    let erin = suite.erin.clone();
    suite.claim(&alice, id).unwrap();
    refused(
        &mut suite,
        ContractError::AlreadyClaimed {
            id,
            holder: alice.clone(),
        },
        |s| s.agent_exec(&agent, redirect(&erin, "REC-1")),
    );
}
