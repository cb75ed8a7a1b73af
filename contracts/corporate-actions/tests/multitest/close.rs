//! Close after the deadline, cancel before funding, and exact conservation.

use cosmwasm_std::{Decimal, Uint128};
use sto_interface::actions::{ActionKind, ActionStatus};

use corporate_actions::ContractError;

use crate::suite::*;

#[test]
fn reclaim_after_the_deadline_conserves_every_unit() {
    let mut suite = Suite::new();
    let id = suite.payable(ActionKind::Dividend, total(1_000_003), true);
    let (alice, bob, carol, issuer) = (
        suite.alice.clone(),
        suite.bob.clone(),
        suite.carol.clone(),
        suite.issuer.clone(),
    );
    suite.claim(&alice, id).unwrap();
    suite.claim(&bob, id).unwrap();
    // A blocked investor's cash account receives (and pays nothing out until unblocked).
    suite.block("INV-C");
    let res = suite.claim(&carol, id).unwrap();
    assert!(claim_events(&res)[0].blocked);
    // Dave never claims.
    let a = suite.action(id);
    assert!(a.paid > Uint128::zero() && a.withheld > Uint128::zero());

    let deadline = a.claim_deadline;
    suite.advance_to(deadline);
    let dave = suite.dave.clone();
    let err = contract_err(suite.claim(&dave, id).unwrap_err());
    assert_eq!(
        err,
        ContractError::ClaimAfterDeadline {
            id,
            claim_deadline: deadline,
            now: suite.now()
        }
    );

    let issuer_before = suite.money(&issuer);
    let res = suite.close(id).unwrap();
    let a = suite.action(id);
    // Dave's floor(1000003 × 667 / 7000) = 95286 plus the rounding dust of the others.
    let dave_gross = 1_000_003u128 * 667 / 7_000;
    assert_eq!(dave_gross, 95_286);
    let claimed_gross = [1_000u128, 2_000, 3_333]
        .iter()
        .map(|b| 1_000_003u128 * b / 7_000)
        .sum::<u128>();
    assert_eq!(a.reclaimed.u128(), 1_000_003 - claimed_gross);
    assert!(a.reclaimed.u128() > dave_gross);
    assert_eq!(attr(&res, "reclaimed"), Some(a.reclaimed.to_string()));
    assert_eq!(suite.money(&issuer) - issuer_before, a.reclaimed.u128());
    assert_eq!(a.paid + a.withheld + a.reclaimed, Uint128::new(1_000_003));
    assert_eq!(suite.sub_balance(id), 0);
    suite.assert_conserved(id);

    // A closed action whose sub-account is empty has nothing more to close.
    let before = suite.snapshot();
    let err = contract_err(suite.close(id).unwrap_err());
    assert_eq!(
        err,
        ContractError::NothingToReclaim {
            id,
            status: ActionStatus::Closed
        }
    );
    assert_eq!(suite.snapshot(), before);
}

#[test]
fn closing_before_the_deadline_is_refused() {
    let mut suite = Suite::new();
    let id = suite.payable(ActionKind::Coupon, per_unit(Decimal::one()), false);
    let deadline = suite.action(id).claim_deadline;
    let before = suite.snapshot();
    let err = contract_err(suite.close(id).unwrap_err());
    assert_eq!(
        err,
        ContractError::DeadlineNotPassed {
            id,
            claim_deadline: deadline,
            now: suite.now()
        }
    );
    assert_eq!(suite.snapshot(), before);
}

#[test]
fn cancel_before_funding_ends_the_action() {
    let mut suite = Suite::new();
    let id = suite.announce(ActionKind::Coupon, per_unit(Decimal::one()), false);
    let agent = suite.agent.clone();
    let res = suite
        .agent_exec(
            &agent,
            sto_interface::actions::AgentMsg::Cancel { action_id: id },
        )
        .unwrap();
    assert_eq!(attr(&res, "action").as_deref(), Some("cancel_action"));
    assert_eq!(suite.action(id).status, ActionStatus::Cancelled);

    suite.next_block();
    let before = suite.snapshot();
    let alice = suite.alice.clone();
    let err = contract_err(suite.claim(&alice, id).unwrap_err());
    assert_eq!(
        err,
        ContractError::ActionNotOpen {
            id,
            status: ActionStatus::Cancelled
        }
    );
    assert_eq!(suite.snapshot(), before);
}

#[test]
fn cancel_after_funding_from_the_payment_time_is_refused_and_a_partly_funded_action_is_reclaimed_at_close(
) {
    let mut suite = Suite::new();
    let id = suite.announce(ActionKind::Coupon, per_unit(Decimal::one()), false);
    suite.next_block();
    suite.fund(id, 3_000).unwrap();
    assert_eq!(suite.action(id).status, ActionStatus::Announced);
    let payment = suite.action(id).payment_time;
    suite.advance_to(payment);

    let agent = suite.agent.clone();
    let before = suite.snapshot();
    let err = contract_err(
        suite
            .agent_exec(
                &agent,
                sto_interface::actions::AgentMsg::Cancel { action_id: id },
            )
            .unwrap_err(),
    );
    assert_eq!(
        err,
        ContractError::CancelAfterFunding {
            id,
            funded: Uint128::new(3_000)
        }
    );
    assert_eq!(suite.snapshot(), before);

    // Never fully funded: claims are refused, and at the deadline the funding goes back.
    let alice = suite.alice.clone();
    let err = contract_err(suite.claim(&alice, id).unwrap_err());
    assert_eq!(
        err,
        ContractError::NotFunded {
            id,
            required: Uint128::new(7_000),
            funded: Uint128::new(3_000)
        }
    );
    let deadline = suite.action(id).claim_deadline;
    suite.advance_to(deadline);
    let issuer = suite.issuer.clone();
    let issuer_before = suite.money(&issuer);
    suite.close(id).unwrap();
    assert_eq!(suite.money(&issuer) - issuer_before, 3_000);
    suite.assert_conserved(id);
}
