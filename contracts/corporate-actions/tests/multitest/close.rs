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
    // Dave's entitlement on the closed action: his record balance, nothing to pay.
    let ent = suite.entitlement(id, &dave);
    assert_eq!(
        (ent.record_balance.u128(), ent.gross.u128(), ent.net.u128()),
        (667, 0, 0)
    );

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
fn from_the_payment_time_a_covered_action_cannot_be_cancelled_a_short_one_can() {
    let mut suite = Suite::new();
    let agent = suite.agent.clone();
    let cancel = |id: u64| sto_interface::actions::AgentMsg::Cancel { action_id: id };
    // Covered: holders may claim, the action runs to its close.
    let covered = suite.announce(ActionKind::Coupon, per_unit(Decimal::one()), false);
    // Short by one unit (a deposit by anyone cannot keep it alive).
    let short = suite.announce(ActionKind::Coupon, per_unit(Decimal::one()), false);
    suite.next_block();
    suite.fund(covered, 7_000).unwrap();
    suite.fund(short, 6_999).unwrap();
    let payment = suite.action(covered).payment_time;
    suite.advance_to(payment);

    let before = suite.snapshot();
    let err = contract_err(suite.agent_exec(&agent, cancel(covered)).unwrap_err());
    assert_eq!(
        err,
        ContractError::CancelAfterFunding {
            id: covered,
            funded: Uint128::new(7_000)
        }
    );
    assert_eq!(suite.snapshot(), before);

    let issuer = suite.issuer.clone();
    let issuer_before = suite.money(&issuer);
    let res = suite.agent_exec(&agent, cancel(short)).unwrap();
    assert_eq!(attr(&res, "reclaimed").as_deref(), Some("6999"));
    assert_eq!(suite.money(&issuer) - issuer_before, 6_999);
    assert_eq!(suite.action(short).status, ActionStatus::Cancelled);
    assert_eq!(suite.sub_balance(short), 0);
}

#[test]
fn a_partly_funded_action_refuses_claims_and_is_reclaimed_at_close() {
    let mut suite = Suite::new();
    let id = suite.announce(ActionKind::Coupon, per_unit(Decimal::one()), false);
    suite.next_block();
    suite.fund(id, 3_000).unwrap();
    let payment = suite.action(id).payment_time;
    suite.advance_to(payment);
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

/// A pool action of the released version (written in its layout into the distributor's store)
/// never used its sub-account: a deposit there is an orphan the owner reclaims, and the action
/// itself can only be queried.
#[test]
fn a_deposit_under_a_released_pool_actions_reference_is_an_orphan() {
    let mut suite = Suite::new();
    let (token, issuer, agent) = (
        suite.token.clone(),
        suite.issuer.clone(),
        suite.agent.clone(),
    );
    let json = format!(
        r#"{{"id":1,"token":"{token}","kind":"coupon","basis":{{"per_unit":{{"rate":"1"}}}},"record_height":5,"payment_time":"100","claim_deadline":"200","withholding":false,"reclaim_address":"{issuer}","escrow":null,"status":"closed","announced_by":"{agent}","announced_at":"50","record_supply":"7000","required":"7000","escrow_record_balance":"0","escrowed_claimed":"0","funded":"7000","paid":"6000","parked":"0","withheld":"0","reclaimed":"1000","claimed_units":"6000","burnt":"0","claims":3}}"#
    );
    let distributor = suite.distributor.clone();
    {
        let mut storage = suite.app.contract_storage_mut(&distributor);
        storage.set(
            &cw_storage_plus::Map::<u64, cosmwasm_std::Empty>::new("action").key(1),
            json.as_bytes(),
        );
        storage.set(b"next_id", b"1");
    }
    assert_eq!(suite.action(1).reclaimed, Uint128::new(1_000));
    let err = contract_err(suite.close(1).unwrap_err());
    assert_eq!(
        err,
        ContractError::PoolActionNotSupported {
            id: 1,
            status: ActionStatus::Closed
        }
    );
    // A deposit under `action-1` by mistake: the owner returns it.
    suite.fund(1, 500).unwrap();
    let owner = suite.owner.clone();
    let before = suite.money(&agent);
    suite
        .exec(
            &owner,
            &sto_interface::actions::ExecuteMsg::ReclaimOrphanSubAccount {
                reference: "action-1".into(),
                recipient: agent.to_string(),
                ticket: "TICKET-9".into(),
            },
        )
        .unwrap();
    assert_eq!(suite.money(&agent), before + 500);
    assert_eq!(suite.sub_balance(1), 0);
    // The next announcement gets the next id and its own sub-account.
    let id = suite.announce(ActionKind::Coupon, per_unit(Decimal::one()), false);
    assert_eq!(id, 2);
}
