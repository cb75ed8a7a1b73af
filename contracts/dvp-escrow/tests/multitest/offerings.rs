//! Primary offerings: subscribe through the adapter, close, pro-rata allocation, claims.

use cosmwasm_std::Uint128;
use dvp_escrow::ContractError;
use sto_access::{AccessError, Role, RoleAction};
use sto_interface::escrow::QueryMsg;
use sto_interface::escrow::{Allocation, ExecuteMsg, OfferingStatus, SubscriptionsResponse};
use sto_interface::token::{self, ReasonCode};

use crate::suite::*;

const DAY: u64 = 86_400;

fn claim(s: &mut Suite, who: &cosmwasm_std::Addr, offering_id: u64) {
    s.exec(who, &ExecuteMsg::Claim { offering_id }).unwrap();
}

#[test]
fn under_the_soft_cap_everyone_is_refunded() {
    let mut s = Suite::new();
    let (bob, carol, issuer) = (s.bob.clone(), s.carol.clone(), s.issuer.clone());
    let terms = s.terms(100, 200);
    let id = s.open_offering(terms).unwrap();
    s.subscribe(&bob, id, 300).unwrap();
    s.subscribe(&carol, id, 200).unwrap();
    assert_eq!(s.pool(), 500);
    let supply = s.supply();

    s.advance(DAY);
    s.exec(&bob, &ExecuteMsg::CloseOffering { id }).unwrap();
    let o = s.offering(id);
    assert_eq!(o.status, OfferingStatus::Failed);
    assert_eq!(o.close.unwrap().dust_bound, Uint128::zero());
    assert_eq!(
        s.subscription(id, &bob).allocation,
        Some(Allocation {
            units: Uint128::zero(),
            cost: Uint128::zero(),
            refund: Uint128::new(300),
        })
    );
    claim(&mut s, &bob, id);
    claim(&mut s, &carol, id);
    assert_eq!((s.usd1(&bob), s.usd1(&carol)), (START, START));
    assert_eq!((s.sec(&bob), s.sec(&carol)), (0, 0));
    assert_eq!(s.supply(), supply);
    assert_eq!((s.usd1(&issuer), s.pool()), (0, 0));
    let o = s.offering(id);
    assert_eq!((o.completed, o.cash_refunded), (2, Uint128::new(500)));
    assert_eq!(o.proceeds_released, Uint128::zero());
    assert_eq!(o.dust, Some(Uint128::zero()));
}

#[test]
fn exactly_at_the_hard_cap_everything_is_issued() {
    let mut s = Suite::new();
    let (bob, carol, issuer) = (s.bob.clone(), s.carol.clone(), s.issuer.clone());
    let terms = s.terms(50, 100);
    let id = s.open_offering(terms).unwrap();
    s.subscribe(&bob, id, 600).unwrap();
    s.subscribe(&carol, id, 400).unwrap();
    let supply = s.supply();

    s.advance(DAY);
    s.exec(&carol, &ExecuteMsg::CloseOffering { id }).unwrap();
    let o = s.offering(id);
    assert_eq!(o.status, OfferingStatus::Succeeded);
    let close = o.close.unwrap();
    assert!(!close.pro_rata);
    // Nothing moves at close: the issuer is paid each allocation's cost as it is issued.
    assert_eq!(s.usd1(&issuer), 0);

    claim(&mut s, &bob, id);
    assert_eq!(s.usd1(&issuer), 600);
    claim(&mut s, &carol, id);
    assert_eq!((s.sec(&bob), s.sec(&carol)), (60, 40));
    assert_eq!((s.usd1(&bob), s.usd1(&carol)), (START - 600, START - 400));
    assert_eq!(s.supply(), supply + 100);
    assert_eq!((s.usd1(&issuer), s.pool()), (1_000, 0));
    let o = s.offering(id);
    assert_eq!(
        (o.units_issued, o.dust),
        (Uint128::new(100), Some(Uint128::zero()))
    );
}

#[test]
fn oversubscribed_is_allotted_pro_rata_rounded_down_with_the_dust_accounted() {
    let mut s = Suite::new();
    let (bob, carol, dave, issuer) = (
        s.bob.clone(),
        s.carol.clone(),
        s.dave.clone(),
        s.issuer.clone(),
    );
    let terms = s.terms(10, 100);
    let id = s.open_offering(terms).unwrap();
    s.subscribe(&bob, id, 500).unwrap();
    s.subscribe(&carol, id, 700).unwrap();
    s.subscribe(&dave, id, 300).unwrap();
    let supply = s.supply();

    s.advance(DAY);
    s.exec(&issuer, &ExecuteMsg::CloseOffering { id }).unwrap();
    let close = s.offering(id).close.unwrap();
    assert!(close.pro_rata);
    // Dust is at most subscribers - 1 = 2 units: 98 units' proceeds are certain at close.
    assert_eq!(close.dust_bound, Uint128::new(2));
    assert_eq!(s.usd1(&issuer), 0);

    // floor(50×100/150)=33, floor(70×100/150)=46, floor(30×100/150)=20: 99 units, 1 of dust.
    let expected = [(&bob, 33u128, 500u128), (&carol, 46, 700), (&dave, 20, 300)];
    for (who, units, paid) in expected {
        assert_eq!(
            s.subscription(id, who).allocation,
            Some(Allocation {
                units: Uint128::new(units),
                cost: Uint128::new(units * 10),
                refund: Uint128::new(paid - units * 10),
            })
        );
    }
    claim(&mut s, &bob, id);
    assert_eq!(s.usd1(&issuer), 330);
    claim(&mut s, &carol, id);
    assert_eq!(s.offering(id).dust, None);
    claim(&mut s, &dave, id);
    for (who, units, paid) in expected {
        assert_eq!(s.sec(who), units);
        assert_eq!(s.usd1(who), START - units * 10);
        assert!(s.subscription(id, who).complete);
        let _ = paid;
    }
    let o = s.offering(id);
    assert_eq!(o.units_issued, Uint128::new(99));
    assert_eq!(o.dust, Some(Uint128::new(1)));
    assert_eq!(s.supply(), supply + 99);
    // The issuer is paid for issued units only; the dust's cash went back to subscribers.
    assert_eq!(s.usd1(&issuer), 990);
    assert_eq!(o.proceeds_released, Uint128::new(990));
    assert_eq!(o.cash_refunded, Uint128::new(510));
    assert_eq!(o.proceeds_released + o.cash_refunded, o.total_cash);
    assert_eq!(o.units_issued + o.dust.unwrap(), o.hard_cap);
    assert_eq!(s.pool(), 0);
}

#[test]
fn agent_pushes_claims_in_pages_and_skips_refused_subscribers() {
    let mut s = Suite::new();
    let (bob, carol, dave, erin, agent, issuer) = (
        s.bob.clone(),
        s.carol.clone(),
        s.dave.clone(),
        s.erin.clone(),
        s.agent.clone(),
        s.issuer.clone(),
    );
    let terms = s.terms(10, 100);
    let id = s.open_offering(terms).unwrap();
    for who in [&bob, &carol, &dave, &erin] {
        s.subscribe(who, id, 300).unwrap();
    }
    s.advance(DAY);
    s.exec(&agent, &ExecuteMsg::CloseOffering { id }).unwrap();
    s.set_frozen(&erin, true);

    let err = s
        .exec(
            &bob,
            &ExecuteMsg::PushClaims {
                offering_id: id,
                start_after: None,
                limit: None,
            },
        )
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::NotIssuerOrAgent {
            offering_id: id,
            sender: bob.clone(),
            role: Role::TransferAgent
        }
    );

    let subs: SubscriptionsResponse = s.query(&QueryMsg::Subscriptions {
        offering_id: id,
        start_after: None,
        limit: None,
    });
    let order: Vec<_> = subs
        .subscriptions
        .iter()
        .map(|x| x.subscriber.clone())
        .collect();
    let res = s
        .exec(
            &agent,
            &ExecuteMsg::PushClaims {
                offering_id: id,
                start_after: None,
                limit: Some(2),
            },
        )
        .unwrap();
    let last = attr(&res, "last").unwrap();
    assert_eq!(last, order[1].to_string());
    let skipped_first: u32 = attr(&res, "skipped_refused").unwrap().parse().unwrap();
    let res = s
        .exec(
            &issuer,
            &ExecuteMsg::PushClaims {
                offering_id: id,
                start_after: Some(last),
                limit: Some(2),
            },
        )
        .unwrap();
    let skipped_second: u32 = attr(&res, "skipped_refused").unwrap().parse().unwrap();
    assert_eq!(skipped_first + skipped_second, 1);
    assert_eq!(attr(&res, "has_more"), None);
    // 300 / 1200 of 100 = 25 units each.
    for who in [&bob, &carol, &dave] {
        assert_eq!(s.sec(who), 25);
        assert_eq!(s.usd1(who), START - 250);
    }
    // Erin's excess cash went out with the push; only her units wait.
    let sub = s.subscription(id, &erin);
    assert!(sub.refund_released && !sub.complete && sub.allocation_outcome.is_none());
    assert_eq!(s.usd1(&erin), START - 250);
    assert_eq!(s.usd1(&issuer), 750);
    let before = s.snapshot();
    let err = s
        .exec(&erin, &ExecuteMsg::Claim { offering_id: id })
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::IssuanceNotAllowed {
            subscriber: erin.clone(),
            code: ReasonCode::RecipientFrozen.code(),
            reason: ReasonCode::RecipientFrozen,
        }
    );
    assert_eq!(s.snapshot(), before);
    s.set_frozen(&erin, false);
    claim(&mut s, &erin, id);
    assert_eq!(s.sec(&erin), 25);
    let o = s.offering(id);
    assert_eq!((o.completed, o.dust), (4, Some(Uint128::zero())));
    assert_eq!(s.usd1(&issuer), 1_000);
    assert_eq!(s.pool(), 0);
}

#[test]
fn subscription_bad_inputs_are_refused_and_nothing_moves() {
    let mut s = Suite::new();
    let (alice, alice2, bob, carol, frank) = (
        s.alice.clone(),
        s.alice2.clone(),
        s.bob.clone(),
        s.carol.clone(),
        s.frank.clone(),
    );
    let mut terms = s.terms(10, 100);
    terms.min_per_investor = Uint128::new(5);
    terms.opens_at = s.now().plus_seconds(100);
    let (opens_at, closes_at) = (terms.opens_at, terms.closes_at);
    let id = s.open_offering(terms).unwrap();
    let before = s.snapshot();

    let err = s.subscribe(&bob, id, 100).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::OutsideSubscriptionWindow {
            id,
            opens_at,
            closes_at,
            now: s.now()
        }
    );
    s.advance(100);
    let err = s.subscribe(&bob, id, 15).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::NotWholeUnits {
            amount: Uint128::new(15),
            unit_price: Uint128::new(10)
        }
    );
    let err = s.subscribe(&bob, id, 40).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::BelowInvestorMinimum {
            investor_id: "INV-B".into(),
            min: Uint128::new(5),
            total: Uint128::new(4)
        }
    );
    let err = s.subscribe(&bob, id, 1_010).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::AboveInvestorMaximum {
            investor_id: "INV-B".into(),
            max: Uint128::new(100),
            total: Uint128::new(101)
        }
    );
    let err = s.subscribe(&frank, id, 100).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::IssuanceNotAllowed {
            subscriber: frank.clone(),
            code: ReasonCode::JurisdictionDenied.code(),
            reason: ReasonCode::JurisdictionDenied,
        }
    );
    let err = s.subscribe(&bob, 99, 100).unwrap_err();
    assert_eq!(escrow_err(err), ContractError::OfferingNotFound { id: 99 });
    assert_eq!(s.snapshot(), before);

    // The maximum counts every wallet of the investor.
    s.subscribe(&alice, id, 600).unwrap();
    let before = s.snapshot();
    let err = s.subscribe(&alice2, id, 500).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::AboveInvestorMaximum {
            investor_id: "INV-A".into(),
            max: Uint128::new(100),
            total: Uint128::new(110)
        }
    );
    // A second investor wallet may top up to the maximum; later top-ups below the minimum
    // count the investor's total.
    s.subscribe(&alice2, id, 400).unwrap();
    assert_eq!(s.offering(id).subscribers, 2);
    assert_ne!(s.snapshot(), before);

    let err = s
        .exec(&carol, &ExecuteMsg::Claim { offering_id: id })
        .unwrap_err();
    assert_eq!(escrow_err(err), ContractError::OfferingNotClosed { id });
    let err = s
        .exec(&carol, &ExecuteMsg::CloseOffering { id })
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::OfferingStillOpen {
            id,
            closes_at,
            now: s.now()
        }
    );

    s.advance(closes_at.seconds() - s.now().seconds());
    let before = s.snapshot();
    let err = s.subscribe(&bob, id, 100).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::OutsideSubscriptionWindow {
            id,
            opens_at,
            closes_at,
            now: s.now()
        }
    );
    assert_eq!(s.snapshot(), before);

    s.exec(&carol, &ExecuteMsg::CloseOffering { id }).unwrap();
    let before = s.snapshot();
    let err = s
        .exec(&carol, &ExecuteMsg::CloseOffering { id })
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::OfferingClosed {
            id,
            status: OfferingStatus::Succeeded
        }
    );
    let err = s.subscribe(&bob, id, 100).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::OfferingClosed {
            id,
            status: OfferingStatus::Succeeded
        }
    );
    let err = s
        .exec(&carol, &ExecuteMsg::Claim { offering_id: id })
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::NotSubscribed {
            offering_id: id,
            subscriber: carol.clone()
        }
    );
    assert_eq!(s.snapshot(), before);

    claim(&mut s, &alice, id);
    let before = s.snapshot();
    let err = s
        .exec(&alice, &ExecuteMsg::Claim { offering_id: id })
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::AlreadyClaimed {
            offering_id: id,
            subscriber: alice.clone()
        }
    );
    assert_eq!(s.snapshot(), before);
    assert_eq!(s.sec(&alice), START + 60);
}

#[test]
fn opening_needs_the_issuer_role_sound_terms_and_the_minter_role() {
    let mut s = Suite::new();
    let (bob, issuer, owner) = (s.bob.clone(), s.issuer.clone(), s.owner.clone());
    let terms = s.terms(10, 100);
    let err = s
        .exec(&bob, &ExecuteMsg::OpenOffering(terms.clone()))
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::Access(AccessError::MissingRole {
            role: Role::Issuer,
            address: bob.to_string()
        })
    );
    // The escrow's role alone is not enough: the token's owner authorizes issuers per token.
    s.grant(Role::Issuer, &bob).unwrap();
    let before = s.snapshot();
    let err = s
        .exec(&bob, &ExecuteMsg::OpenOffering(terms.clone()))
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::NotTokenIssuer {
            token: s.token.clone(),
            sender: bob.clone()
        }
    );
    assert_eq!(s.snapshot(), before);
    let token_addr = s.token.clone();
    s.token_role(&token_addr, Role::Issuer, &bob, true);
    s.exec(&bob, &ExecuteMsg::OpenOffering(terms.clone()))
        .unwrap();

    let mut bad = terms.clone();
    bad.soft_cap = Uint128::new(101);
    let err = s.exec(&issuer, &ExecuteMsg::OpenOffering(bad)).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::InvalidOfferingTerms {
            reason: "soft_cap is above hard_cap".into()
        }
    );
    let mut bad = terms.clone();
    bad.unit_price = Uint128::zero();
    let err = s.exec(&issuer, &ExecuteMsg::OpenOffering(bad)).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::ZeroAmount {
            field: "unit_price".into()
        }
    );
    let mut bad = terms.clone();
    bad.max_per_investor = Uint128::zero();
    let err = s.exec(&issuer, &ExecuteMsg::OpenOffering(bad)).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::InvalidOfferingTerms {
            reason: "max_per_investor is below min_per_investor".into()
        }
    );
    let mut bad = terms.clone();
    bad.closes_at = bad.opens_at;
    let err = s.exec(&issuer, &ExecuteMsg::OpenOffering(bad)).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::InvalidOfferingTerms {
            reason: "opens_at must be before closes_at".into()
        }
    );

    // Without the token's minter role the escrow could not issue: refused at open.
    let other = s.other_token.clone();
    s.app
        .execute_contract(
            owner.clone(),
            other.clone(),
            &token::ExecuteMsg::UpdateRoles(RoleAction::Revoke {
                role: Role::Minter,
                address: s.escrow.to_string(),
            }),
            &[],
        )
        .unwrap();
    let mut bad = terms;
    bad.token = other.to_string();
    s.token_role(&other, Role::Issuer, &issuer, true);
    let err = s.exec(&issuer, &ExecuteMsg::OpenOffering(bad)).unwrap_err();
    assert_eq!(escrow_err(err), ContractError::NotMinter { token: other });
}

#[test]
fn a_wallet_funds_one_subscription_at_most_twenty_times() {
    let mut s = Suite::new();
    let dave = s.dave.clone();
    let terms = s.terms(1, 100);
    let id = s.open_offering(terms).unwrap();
    for _ in 0..20 {
        s.subscribe(&dave, id, 10).unwrap();
    }
    let sub = s.subscription(id, &dave);
    assert_eq!((sub.units, sub.funding_ids.len()), (Uint128::new(20), 20));
    let before = s.snapshot();
    let err = s.subscribe(&dave, id, 10).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::TooManyFundings {
            offering_id: id,
            subscriber: dave.clone(),
            max: 20
        }
    );
    assert_eq!(s.snapshot(), before);
    assert_eq!(s.offering(id).subscribers, 1);
}
