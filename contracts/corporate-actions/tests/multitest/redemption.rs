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
    // The sub-account holds the required amount; the action fixes it at the first claim.
    assert_eq!(suite.sub(id).funded, Uint128::new(700_000));
    let (alice, bob, carol, dave) = (
        suite.alice.clone(),
        suite.bob.clone(),
        suite.carol.clone(),
        suite.dave.clone(),
    );

    let res = suite.claim(&alice, id).unwrap();
    assert_eq!(claim_events(&res)[0].burnt, Uint128::new(1_000));
    assert_eq!(suite.units(&alice), 0);
    assert_eq!(suite.money(&alice), 100_000);
    assert_eq!(suite.supply(), 6_000);

    suite.claim(&bob, id).unwrap();
    // The agent redeems the rest in one page.
    let res = suite.push(id, &[&carol, &dave]).unwrap();
    assert_eq!(claim_events(&res).len(), 2);

    assert_eq!(suite.supply(), 0);
    for (holder, units) in [(&bob, 2_000u128), (&carol, 3_333), (&dave, 667)] {
        assert_eq!(suite.units(holder), 0);
        assert_eq!(suite.money(holder), units * 100);
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

/// Announce a final redemption at 1 USD1 per unit, run `after_record` once the record height
/// is reached, fund it and move to the payment time.
fn redemption_with(suite: &mut Suite, after_record: impl FnOnce(&mut Suite)) -> u64 {
    let id = suite.announce(ActionKind::FinalRedemption, per_unit(Decimal::one()), false);
    suite.next_block();
    after_record(suite);
    let required = suite.required(id);
    suite.fund(id, required).unwrap();
    let payment = suite.action(id).payment_time;
    suite.advance_to(payment);
    id
}

#[test]
fn a_holder_short_of_its_record_quantity_redeems_what_it_holds_and_tops_up_later() {
    let mut suite = Suite::new();
    let (alice, erin) = (suite.alice.clone(), suite.erin.clone());
    let id = redemption_with(&mut suite, |s| {
        s.transfer(&alice, &erin, 100).unwrap();
    });
    // Erin redeems the 100 units it received after the record height.
    let res = suite.claim(&erin, id).unwrap();
    let ev = &claim_events(&res)[0];
    assert_eq!((ev.units.u128(), ev.later_units.u128()), (0, 100));
    // Alice redeems the 900 it holds, not nothing.
    let res = suite.claim(&alice, id).unwrap();
    let ev = &claim_events(&res)[0];
    assert_eq!(
        (ev.units.u128(), ev.burnt.u128(), ev.net.u128()),
        (900, 900, 900)
    );
    assert_eq!((suite.units(&alice), suite.money(&alice)), (0, 900));
    let record = suite.claim_of(id, &alice).unwrap();
    assert_eq!((record.units.u128(), record.settlements), (900, 1));

    // Nothing left in the wallet: refused, nothing moves.
    let before = suite.snapshot();
    let err = contract_err(suite.claim(&alice, id).unwrap_err());
    assert_eq!(
        err,
        ContractError::NothingToRedeem {
            id,
            holder: alice.clone(),
            wallet: alice.clone(),
            outstanding: Uint128::new(100),
        }
    );
    assert_eq!(suite.snapshot(), before);
    // Erin, paid already for its 100, has nothing more to claim.
    let err = contract_err(suite.claim(&erin, id).unwrap_err());
    assert_eq!(
        err,
        ContractError::NothingToClaim {
            id,
            holder: erin.clone()
        }
    );
    assert_eq!(suite.snapshot(), before);

    // Tokens coming back are redeemed by a top-up claim until the deadline (here 40 units
    // bob sends it: within alice's outstanding record quantity).
    let bob = suite.bob.clone();
    suite.transfer(&bob, &alice, 40).unwrap();
    let res = suite.claim(&alice, id).unwrap();
    assert_eq!(claim_events(&res)[0].units.u128(), 40);
    let record = suite.claim_of(id, &alice).unwrap();
    assert_eq!(
        (record.units.u128(), record.net.u128(), record.settlements),
        (940, 940, 2)
    );
    let a = suite.action(id);
    assert_eq!(
        (a.claimed_units.u128(), a.burnt.u128(), a.claims),
        (1_040, 1_040, 3)
    );
    suite.assert_books(id);
}

#[test]
fn tokens_moved_after_the_record_height_are_redeemed_once_by_whoever_holds_them() {
    let mut suite = Suite::new();
    let (alice, bob, carol, dave, erin) = (
        suite.alice.clone(),
        suite.bob.clone(),
        suite.carol.clone(),
        suite.dave.clone(),
        suite.erin.clone(),
    );
    let id = redemption_with(&mut suite, |s| {
        s.transfer(&alice, &erin, 300).unwrap();
        s.transfer(&bob, &alice, 500).unwrap();
    });
    // Alice holds 1,200: its 1,000 of record first, the 200 beyond it as later units.
    let res = suite.claim(&alice, id).unwrap();
    let ev = &claim_events(&res)[0];
    assert_eq!((ev.units.u128(), ev.later_units.u128()), (1_000, 200));
    assert_eq!(suite.money(&alice), 1_200);
    // The agent pushes the rest in one page; alice (nothing left) is skipped.
    let res = suite
        .push(id, &[&erin, &bob, &alice, &carol, &dave])
        .unwrap();
    assert_eq!(attr(&res, "skipped").as_deref(), Some(alice.as_str()));
    assert_eq!(suite.money(&erin), 300);
    assert_eq!(suite.money(&bob), 1_500);
    assert_eq!(suite.supply(), 0);
    let a = suite.action(id);
    // Every unit paid once: exactly the record supply, whoever held it.
    assert_eq!(a.claimed_units, a.record_supply.unwrap());
    assert_eq!(a.paid.u128(), 7_000);
    let deadline = a.claim_deadline;
    suite.advance_to(deadline);
    suite.close(id).unwrap();
    assert_eq!(suite.action(id).reclaimed, Uint128::zero());
    suite.assert_conserved(id);
}

#[test]
fn units_beyond_the_record_quantity_are_refused_while_the_supply_is_above_record() {
    let mut suite = Suite::new();
    let (alice, erin) = (suite.alice.clone(), suite.erin.clone());
    let id = redemption_with(&mut suite, |s| {
        s.issue(&[(erin.clone(), 500)]);
    });
    let before = suite.snapshot();
    let err = contract_err(suite.claim(&erin, id).unwrap_err());
    assert_eq!(
        err,
        ContractError::SupplyAboveRecord {
            id,
            supply: Uint128::new(7_500),
            claimed: Uint128::zero(),
            record_supply: Uint128::new(7_000),
        }
    );
    assert_eq!(suite.snapshot(), before);
    // Record quantities are redeemed all the same.
    suite.claim(&alice, id).unwrap();
    assert_eq!(suite.money(&alice), 1_000);
    suite.assert_books(id);
}

#[test]
fn a_push_page_counts_burns_it_already_planned() {
    let mut suite = Suite::new();
    let (alice, erin) = (suite.alice.clone(), suite.erin.clone());
    let id = redemption_with(&mut suite, |s| {
        s.transfer(&alice, &erin, 100).unwrap();
    });
    // Alice twice in one page: the second finds its wallet emptied by the first.
    let res = suite.push(id, &[&alice, &erin, &alice]).unwrap();
    assert_eq!(attr(&res, "claimed").as_deref(), Some("2"));
    assert_eq!(attr(&res, "skipped").as_deref(), Some(alice.as_str()));
    assert_eq!((suite.units(&alice), suite.units(&erin)), (0, 0));
    assert_eq!((suite.money(&alice), suite.money(&erin)), (900, 100));
    suite.assert_books(id);
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
