//! Final redemption: each claim burns the holder's record quantity and pays the principal.

use cosmwasm_std::{Decimal, Uint128};
use sto_access::Role;
use sto_interface::actions::{ActionKind, ActionStatus};

use corporate_actions::ContractError;

use crate::suite::*;

#[test]
fn final_redemption_burns_every_holder_to_zero_supply() {
    let mut suite = Suite::new();
    assert_eq!(suite.supply(), 7_000);
    // Principal of 100 USD1 units per token unit.
    let id = suite.payable(
        ActionKind::FinalRedemption,
        per_unit(Decimal::from_ratio(100u128, 1u128)),
        false,
    );
    assert_eq!(suite.action(id).required, Some(Uint128::new(700_000)));
    let (alice, bob, carol, dave) = (
        suite.alice.clone(),
        suite.bob.clone(),
        suite.carol.clone(),
        suite.dave.clone(),
    );

    let res = suite.claim(&alice, id).unwrap();
    assert_eq!(claim_events(&res)[0].burnt, Uint128::new(1_000));
    assert_eq!(suite.units(&alice), 0);
    assert_eq!(suite.usd1(&alice), 100_000);
    assert_eq!(suite.supply(), 6_000);

    suite.claim(&bob, id).unwrap();
    // The agent redeems the rest in one page.
    let res = suite.push(id, &[&carol, &dave]).unwrap();
    assert_eq!(claim_events(&res).len(), 2);

    assert_eq!(suite.supply(), 0);
    for (holder, units) in [(&bob, 2_000u128), (&carol, 3_333), (&dave, 667)] {
        assert_eq!(suite.units(holder), 0);
        assert_eq!(suite.usd1(holder), units * 100);
        assert_eq!(suite.claim_of(id, holder).unwrap().burnt.u128(), units);
    }
    let a = suite.action(id);
    assert_eq!(a.burnt.u128(), 7_000);
    assert_eq!(a.paid.u128(), 700_000);
    assert_eq!(a.remaining(), Uint128::zero());

    let deadline = a.claim_deadline;
    suite.advance_to(deadline);
    let res = suite.close(id).unwrap();
    assert_eq!(attr(&res, "reclaimed").as_deref(), Some("0"));
    assert_eq!(suite.action(id).status, ActionStatus::Closed);
    suite.assert_conserved(id);
}

#[test]
fn a_holder_short_of_its_record_quantity_cannot_redeem_and_nothing_moves() {
    let mut suite = Suite::new();
    let (alice, erin) = (suite.alice.clone(), suite.erin.clone());
    let id = suite.announce(ActionKind::FinalRedemption, per_unit(Decimal::one()), false);
    suite.next_block();
    suite.transfer(&alice, &erin, 100).unwrap();
    let required = suite.required(id);
    suite.fund(id, required).unwrap();
    let payment = suite.action(id).payment_time;
    suite.advance_to(payment);

    let before = suite.snapshot();
    let err = contract_err(suite.claim(&alice, id).unwrap_err());
    assert_eq!(
        err,
        ContractError::RedemptionBalanceShort {
            id,
            holder: alice.clone(),
            record: Uint128::new(1_000),
            current: Uint128::new(900),
        }
    );
    assert_eq!(suite.snapshot(), before);
    // Once the quantity is back, the claim goes through.
    suite.transfer(&erin, &alice, 100).unwrap();
    suite.claim(&alice, id).unwrap();
    assert_eq!(suite.units(&alice), 0);
}

#[test]
fn announcing_needs_the_distributor_to_hold_the_token_roles() {
    let mut suite = Suite::new();
    let distributor = suite.distributor.clone();
    let agent = suite.agent.clone();
    suite.token_revoke(Role::Redeemer, &distributor).unwrap();
    let before = suite.snapshot();
    let msg = suite.announcement(ActionKind::FinalRedemption, per_unit(Decimal::one()), false);
    let err = contract_err(suite.agent_exec(&agent, msg).unwrap_err());
    assert_eq!(
        err,
        ContractError::MissingTokenRole {
            token: suite.token.clone(),
            role: Role::Redeemer
        }
    );
    assert_eq!(suite.snapshot(), before);
    // A coupon needs only the checkpoint role.
    suite.announce(ActionKind::Coupon, per_unit(Decimal::one()), false);

    suite
        .token_revoke(Role::CheckpointOpener, &distributor)
        .unwrap();
    let before = suite.snapshot();
    let msg = suite.announcement(ActionKind::Coupon, per_unit(Decimal::one()), false);
    let err = contract_err(suite.agent_exec(&agent, msg).unwrap_err());
    assert_eq!(
        err,
        ContractError::MissingTokenRole {
            token: suite.token.clone(),
            role: Role::CheckpointOpener
        }
    );
    assert_eq!(suite.snapshot(), before);
}
