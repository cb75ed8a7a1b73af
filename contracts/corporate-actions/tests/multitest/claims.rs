//! Coupons and dividends: entitlements at the record height, rounding, withholding, pushes.

use cosmwasm_std::{Decimal, Uint128};
use sto_interface::actions::{
    ActionKind, ActionStatus, ActionsResponse, ParsedClaimEvent, QueryMsg, WithholdingRateResponse,
    WithholdingRatesResponse,
};
use sto_interface::common::Jurisdiction;

use crate::suite::*;

fn rate(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn coupon_pays_balance_at_record_times_rate_rounded_down() {
    let mut suite = Suite::new();
    let id = suite.payable(ActionKind::Coupon, per_unit(rate("1.2345")), false);
    // The sub-account holds floor(7000 × 1.2345) = floor(8641.5); the action learns it, the
    // supply of record and the required amount at its first claim.
    assert_eq!(suite.sub_balance(id), 8_641);
    assert_eq!(suite.action(id).status, ActionStatus::Announced);
    assert_eq!(suite.action(id).required, None);

    // floor(1000 × 1.2345), floor(2000 × …), floor(3333 × …) = floor(4114.6885),
    // floor(667 × …) = floor(823.4115)
    let expected = [
        (suite.alice.clone(), 1_234u128, 1_000u128),
        (suite.bob.clone(), 2_469, 2_000),
        (suite.carol.clone(), 4_114, 3_333),
        (suite.dave.clone(), 823, 667),
    ];
    for (holder, gross, units) in &expected {
        let ent = suite.entitlement(id, holder);
        assert_eq!(
            (ent.gross.u128(), ent.withheld.u128(), ent.net.u128()),
            (*gross, 0, *gross)
        );
        let before = suite.money(holder);
        let res = suite.claim(holder, id).unwrap();
        assert_eq!(suite.money(holder), before + gross);
        assert_eq!(
            claim_events(&res),
            vec![ParsedClaimEvent {
                action_id: id,
                holder: holder.to_string(),
                paid_to: holder.to_string(),
                units: Uint128::new(*units),
                later_units: Uint128::zero(),
                gross: Uint128::new(*gross),
                withheld: Uint128::zero(),
                net: Uint128::new(*gross),
                cash_account: suite.account_key(holder),
                blocked: false,
                burnt: Uint128::zero(),
            }]
        );
        assert_eq!(attr(&res, "action").as_deref(), Some("claim"));
        let record = suite.claim_of(id, holder).unwrap();
        assert_eq!(record.claimed_by, *holder);
        let a = suite.action(id);
        assert_eq!(a.status, ActionStatus::Funded);
        assert_eq!(a.record_supply, Some(Uint128::new(7_000)));
        assert_eq!(a.required, Some(Uint128::new(8_641)));
        assert_eq!(a.funded.u128(), 8_641);
    }
    let a = suite.action(id);
    assert_eq!(a.paid.u128(), 8_640);
    assert_eq!(a.remaining().u128(), 1, "one unit of rounding dust stays");
    assert_eq!(a.claimed_units.u128(), 7_000);
    suite.assert_books(id);

    // The dust goes back to the issuer at close.
    let deadline = a.claim_deadline;
    suite.advance_to(deadline);
    let issuer_before = suite.money(&suite.issuer.clone());
    suite.close(id).unwrap();
    assert_eq!(suite.money(&suite.issuer.clone()), issuer_before + 1);
    assert_eq!(suite.sub_balance(id), 0);
    suite.assert_conserved(id);
}

#[test]
fn dividend_by_total_amount_is_shared_pro_rata_rounded_down() {
    let mut suite = Suite::new();
    let id = suite.payable(ActionKind::Dividend, total(10_000), false);
    // The sub-account holds the required amount; the action fixes it at the first claim.
    assert_eq!(suite.sub(id).funded, Uint128::new(10_000));
    // floor(10000 × balance / 7000)
    for (holder, gross) in [
        (suite.alice.clone(), 1_428u128),
        (suite.bob.clone(), 2_857),
        (suite.carol.clone(), 4_761),
        (suite.dave.clone(), 952),
    ] {
        let before = suite.money(&holder);
        suite.claim(&holder, id).unwrap();
        assert_eq!(suite.money(&holder) - before, gross);
    }
    let a = suite.action(id);
    assert_eq!(a.paid.u128(), 9_998);
    assert_eq!(a.remaining().u128(), 2);
    suite.assert_books(id);
}

#[test]
fn withholding_for_two_jurisdictions_goes_to_the_withholding_account() {
    let mut suite = Suite::new();
    let id = suite.payable(ActionKind::Coupon, per_unit(Decimal::percent(200)), true);
    let tax = suite.tax.clone();
    // (holder, gross, rate, withheld, net): US 0 %, DE 25 %, FR 12.8 %, GB default 30 %.
    let cases = [
        (
            suite.alice.clone(),
            2_000u128,
            Decimal::zero(),
            0u128,
            2_000u128,
            "US",
        ),
        (suite.bob.clone(), 4_000, de_rate(), 1_000, 3_000, "DE"),
        // floor(6666 × 0.128) = floor(853.248)
        (suite.carol.clone(), 6_666, fr_rate(), 853, 5_813, "FR"),
        // floor(1334 × 0.3) = floor(400.2)
        (suite.dave.clone(), 1_334, default_rate(), 400, 934, "GB"),
    ];
    let mut tax_expected = 0;
    for (holder, gross, wht, withheld, net, j) in cases {
        let ent = suite.entitlement(id, &holder);
        assert_eq!(ent.withholding_rate, wht);
        assert_eq!(ent.jurisdiction, Some(Jurisdiction::parse(j).unwrap()));
        let before = suite.money(&holder);
        let res = suite.claim(&holder, id).unwrap();
        let ev = &claim_events(&res)[0];
        assert_eq!(
            (ev.gross.u128(), ev.withheld.u128(), ev.net.u128()),
            (gross, withheld, net)
        );
        assert_eq!(suite.money(&holder) - before, net);
        tax_expected += withheld;
        assert_eq!(suite.money(&tax), tax_expected);
        let record = suite.claim_of(id, &holder).unwrap();
        assert_eq!(record.withholding_rate, wht);
        assert_eq!(record.jurisdiction, Some(Jurisdiction::parse(j).unwrap()));
    }
    assert_eq!(tax_expected, 2_253);
    // The withholding account (not in the registry) has a cash account keyed by its address,
    // credited by book entry; its wallet received nothing.
    assert_eq!(suite.cash(&tax), 2_253);
    assert_eq!(suite.usd1(&tax), 0);
    assert_eq!(suite.sub(id).withheld.u128(), 2_253);
    let a = suite.action(id);
    assert_eq!(a.withheld.u128(), 2_253);
    assert_eq!(a.paid.u128(), 14_000 - 2_253);
    suite.assert_books(id);
}

#[test]
fn withholding_off_pays_the_gross_to_everybody() {
    let mut suite = Suite::new();
    let id = suite.payable(ActionKind::Coupon, per_unit(Decimal::one()), false);
    let bob = suite.bob.clone();
    let before = suite.money(&bob);
    suite.claim(&bob, id).unwrap();
    assert_eq!(suite.money(&bob) - before, 2_000);
    assert_eq!(suite.money(&suite.tax.clone()), 0);
}

#[test]
fn a_transfer_after_the_record_height_does_not_change_entitlements() {
    let mut suite = Suite::new();
    let (alice, bob, erin) = (suite.alice.clone(), suite.bob.clone(), suite.erin.clone());
    let id = suite.announce(ActionKind::Coupon, per_unit(Decimal::one()), false);
    // Same block as the announcement, before the record height: counts.
    suite.transfer(&alice, &erin, 100).unwrap();
    suite.next_block();
    assert_eq!(suite.height(), suite.action(id).record_height);
    // At and after the record height: does not count.
    suite.transfer(&bob, &erin, 500).unwrap();
    suite.next_block();
    suite.transfer(&erin, &alice, 50).unwrap();
    let required = suite.required(id);
    assert_eq!(required, 7_000);
    suite.fund(id, required).unwrap();
    let payment = suite.action(id).payment_time;
    suite.advance_to(payment);

    for (holder, record) in [(&alice, 900u128), (&bob, 2_000), (&erin, 100)] {
        assert_eq!(suite.entitlement(id, holder).record_balance.u128(), record);
        let before = suite.money(holder);
        suite.claim(holder, id).unwrap();
        assert_eq!(suite.money(holder) - before, record);
    }
    assert_eq!(suite.units(&bob), 1_500);
    assert_eq!(suite.units(&erin), 550);
    suite.assert_books(id);
}

#[test]
fn the_agent_pushes_claims_for_a_page_and_skips_claimed_and_non_holders() {
    let mut suite = Suite::new();
    let id = suite.payable(ActionKind::Coupon, per_unit(Decimal::one()), true);
    let (alice, bob, carol, mallory) = (
        suite.alice.clone(),
        suite.bob.clone(),
        suite.carol.clone(),
        suite.mallory.clone(),
    );
    suite.claim(&alice, id).unwrap();
    let before = (suite.money(&bob), suite.money(&carol));
    let res = suite
        .push(id, &[&alice, &bob, &mallory, &carol, &bob])
        .unwrap();
    assert_eq!(attr(&res, "action").as_deref(), Some("push_claims"));
    assert_eq!(attr(&res, "claimed").as_deref(), Some("2"));
    assert_eq!(attr(&res, "skipped_count").as_deref(), Some("3"));
    let events = claim_events(&res);
    assert_eq!(
        events.iter().map(|e| e.holder.clone()).collect::<Vec<_>>(),
        vec![bob.to_string(), carol.to_string()]
    );
    // Each holder is paid to its own wallet, net of its own withholding.
    assert_eq!(suite.money(&bob) - before.0, 1_500);
    assert_eq!(suite.money(&carol) - before.1, 3_333 - 426);
    let record = suite.claim_of(id, &bob).unwrap();
    assert_eq!(record.claimed_by, suite.agent);
    assert_eq!(suite.action(id).claims, 3);
    suite.assert_books(id);
}

#[test]
fn queries_page_actions_by_token_and_list_withholding_rates() {
    let mut suite = Suite::new();
    let ids: Vec<u64> = (0..3)
        .map(|_| suite.announce(ActionKind::Coupon, per_unit(Decimal::one()), false))
        .collect();
    assert_eq!(ids, vec![1, 2, 3]);
    let page: ActionsResponse = suite.query(&QueryMsg::ActionsByToken {
        token: suite.token.to_string(),
        start_after: None,
        limit: Some(2),
    });
    assert_eq!(
        page.actions.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert!(page.has_more);
    let page: ActionsResponse = suite.query(&QueryMsg::ActionsByToken {
        token: suite.token.to_string(),
        start_after: Some(2),
        limit: None,
    });
    assert_eq!(
        page.actions.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![3]
    );
    assert!(!page.has_more);
    let other: ActionsResponse = suite.query(&QueryMsg::ActionsByToken {
        token: suite.usd1.to_string(),
        start_after: None,
        limit: None,
    });
    assert!(other.actions.is_empty());

    let rates: WithholdingRatesResponse = suite.query(&QueryMsg::WithholdingRates {
        start_after: None,
        limit: None,
    });
    assert_eq!(
        rates
            .rates
            .iter()
            .map(|r| (r.jurisdiction.to_string(), r.rate))
            .collect::<Vec<_>>(),
        vec![
            ("DE".to_string(), de_rate()),
            ("FR".to_string(), fr_rate()),
            ("US".to_string(), Decimal::zero())
        ]
    );
    assert_eq!(rates.default_rate, default_rate());
    let gb: WithholdingRateResponse = suite.query(&QueryMsg::WithholdingRate {
        jurisdiction: Jurisdiction::parse("GB").unwrap(),
    });
    assert_eq!((gb.rate, gb.is_default), (default_rate(), true));
}
