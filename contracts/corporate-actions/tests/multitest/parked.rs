//! Holders blocked at claim time: not paid, not lost, resolvable.

use cosmwasm_std::{Decimal, Uint128};
use sto_interface::actions::{ActionKind, ClaimStatus};
use sto_interface::cash::{self, ParkedResolution, ReleaseKind};
use sto_interface::common::EventRef;

use crate::suite::*;

#[test]
fn a_blocked_holder_is_parked_then_delivered_once_unblocked() {
    let mut suite = Suite::new();
    let id = suite.payable(ActionKind::Coupon, per_unit(Decimal::one()), true);
    let (bob, tax, owner) = (suite.bob.clone(), suite.tax.clone(), suite.owner.clone());
    suite.block("INV-B");
    assert!(suite.entitlement(id, &bob).blocked);

    let res = suite.claim(&bob, id).unwrap();
    let ev = &claim_events(&res)[0];
    assert_eq!(ev.status, "parked");
    assert_eq!(
        (ev.gross.u128(), ev.withheld.u128(), ev.net.u128()),
        (2_000, 500, 1_500)
    );
    // Not paid: the net sits in the adapter as a parked release under the action's reference.
    assert_eq!(suite.usd1(&bob), 0);
    assert_eq!(suite.usd1(&tax), 500);
    let parked = suite.parked();
    assert_eq!(parked.len(), 1);
    assert_eq!(parked[0].recipient, bob);
    assert_eq!(parked[0].amount, Uint128::new(1_500));
    assert_eq!(parked[0].reference, EventRef::CorporateAction { id });
    assert_eq!(parked[0].kind, ReleaseKind::Distribution);
    let a = suite.action(id);
    assert_eq!((a.parked.u128(), a.paid.u128()), (1_500, 0));
    assert_eq!(
        suite.claim_of(id, &bob).unwrap().status,
        ClaimStatus::Parked
    );
    suite.assert_books(id);

    // Resolved by the adapter's owner once the block is lifted.
    suite.unblock("INV-B");
    suite
        .adapter_exec(
            &owner,
            &cash::ExecuteMsg::ResolveParked {
                id: parked[0].id,
                resolution: ParkedResolution::Deliver {},
            },
        )
        .unwrap();
    assert_eq!(suite.usd1(&bob), 1_500);
    assert!(suite.parked().is_empty());
    suite.assert_books(id);
}

#[test]
fn a_pushed_claim_for_a_blocked_holder_is_parked_too() {
    let mut suite = Suite::new();
    let id = suite.payable(ActionKind::Dividend, total(7_000), false);
    let (alice, carol) = (suite.alice.clone(), suite.carol.clone());
    suite.block("INV-C");
    let res = suite.push(id, &[&alice, &carol]).unwrap();
    let statuses: Vec<_> = claim_events(&res).into_iter().map(|e| e.status).collect();
    assert_eq!(statuses, vec!["paid".to_string(), "parked".to_string()]);
    assert_eq!(suite.usd1(&alice), 1_000);
    assert_eq!(suite.usd1(&carol), 0);
    assert_eq!(suite.parked()[0].amount.u128(), 3_333);
    suite.assert_books(id);
}

#[test]
fn a_blocked_holder_is_redeemed_and_its_principal_parked() {
    let mut suite = Suite::new();
    let id = suite.payable(ActionKind::FinalRedemption, per_unit(Decimal::one()), false);
    let dave = suite.dave.clone();
    suite.block("INV-D");
    let res = suite.push(id, &[&dave]).unwrap();
    let ev = &claim_events(&res)[0];
    assert_eq!(
        (ev.status.as_str(), ev.burnt.u128(), ev.net.u128()),
        ("parked", 667, 667)
    );
    assert_eq!(suite.units(&dave), 0);
    assert_eq!(suite.usd1(&dave), 0);
    assert_eq!(suite.parked()[0].amount.u128(), 667);
    assert_eq!(suite.supply(), 7_000 - 667);
    suite.assert_books(id);
}
