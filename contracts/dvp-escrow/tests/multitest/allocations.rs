//! Roles tied to the token, and a subscription's two parts resolved independently: the cash
//! part is always releasable, refused units stay pending until claimed, redirected to another
//! wallet of the same investor or cancelled by the transfer agent.

use cosmwasm_std::{Addr, Uint128};
use dvp_escrow::ContractError;
use sto_access::{AccessError, Role};
use sto_interface::escrow::{AllocationOutcome, ExecuteMsg, Offering};
use sto_interface::token::ReasonCode;

use crate::suite::*;

const DAY: u64 = 86_400;

/// `proceeds + refunds = subscribed cash` and `issued + cancelled + dust = units to issue`.
fn assert_accounts_exact(o: &Offering) {
    assert_eq!(o.completed, o.subscribers);
    assert_eq!(o.proceeds_released + o.cash_refunded, o.total_cash);
    assert_eq!(o.proceeds_released, o.units_issued * o.unit_price);
    let max = o.close.as_ref().unwrap().units_to_issue_max;
    assert_eq!(o.units_issued + o.units_cancelled + o.dust.unwrap(), max);
}

fn claim_msg(offering_id: u64) -> ExecuteMsg {
    ExecuteMsg::Claim { offering_id }
}

fn cancel_msg(offering_id: u64, subscriber: &Addr, legal: &str) -> ExecuteMsg {
    ExecuteMsg::CancelAllocation {
        offering_id,
        subscriber: subscriber.to_string(),
        refund_to: None,
        legal_reference: legal.into(),
    }
}

fn redirect_msg(offering_id: u64, subscriber: &Addr, to: &Addr, legal: &str) -> ExecuteMsg {
    ExecuteMsg::RedirectAllocation {
        offering_id,
        subscriber: subscriber.to_string(),
        recipient: to.to_string(),
        legal_reference: legal.into(),
    }
}

fn push_msg(offering_id: u64) -> ExecuteMsg {
    ExecuteMsg::PushClaims {
        offering_id,
        start_after: None,
        limit: None,
    }
}

#[test]
fn an_issuer_cannot_open_an_offering_of_a_token_it_is_not_issuer_of() {
    let mut s = Suite::new();
    let (issuer, other) = (s.issuer.clone(), s.other_token.clone());
    let mut terms = s.terms(10, 100);
    terms.token = other.to_string();
    // The escrow's `issuer` role and the escrow's `minter` role on the token are not enough.
    let before = s.snapshot();
    let err = s
        .exec(&issuer, &ExecuteMsg::OpenOffering(terms.clone()))
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::NotTokenIssuer {
            token: other.clone(),
            sender: issuer.clone()
        }
    );
    assert_eq!(s.snapshot(), before);
    assert!(s
        .query::<sto_interface::escrow::OfferingsResponse>(
            &sto_interface::escrow::QueryMsg::Offerings {
                start_after: None,
                limit: None
            }
        )
        .offerings
        .is_empty());

    // Granted by that token's owner: accepted.
    s.token_role(&other, Role::Issuer, &issuer, true);
    s.exec(&issuer, &ExecuteMsg::OpenOffering(terms.clone()))
        .unwrap();
    // Revoked again: refused again.
    s.token_role(&other, Role::Issuer, &issuer, false);
    let err = s
        .exec(&issuer, &ExecuteMsg::OpenOffering(terms))
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::NotTokenIssuer {
            token: other,
            sender: issuer
        }
    );
}

#[test]
fn excess_cash_is_released_while_the_token_refuses_the_units_which_are_claimed_later() {
    let mut s = Suite::new();
    let (bob, erin, issuer) = (s.bob.clone(), s.erin.clone(), s.issuer.clone());
    let terms = s.terms(10, 100);
    let id = s.open_offering(terms).unwrap();
    s.subscribe(&bob, id, 1_000).unwrap();
    s.subscribe(&erin, id, 1_000).unwrap();
    s.advance(DAY);
    s.exec(&bob, &ExecuteMsg::CloseOffering { id }).unwrap();
    // Erin's KYC lapses after subscribing: the token refuses to issue to her.
    let until = s.now().plus_seconds(10);
    s.set_kyc("INV-E", until);
    s.advance(10);

    // 100 / 200 of 100 = 50 units each, 500 refunded each.
    let res = s.exec(&erin, &claim_msg(id)).unwrap();
    assert!(actions(&res).contains(&"claim_skipped".to_string()));
    assert_eq!(
        attr(&res, "reason_code").unwrap(),
        ReasonCode::RecipientKycExpired.code().to_string()
    );
    assert_eq!((s.usd1(&erin), s.sec(&erin)), (START - 500, 0));
    let sub = s.subscription(id, &erin);
    assert!(sub.refund_released && !sub.complete && sub.allocation_outcome.is_none());
    assert_eq!(s.usd1(&issuer), 0);

    // Nothing left to do but the units: refused with the token's reason, nothing moves.
    let before = s.snapshot();
    let err = s.exec(&erin, &claim_msg(id)).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::IssuanceNotAllowed {
            subscriber: erin.clone(),
            code: ReasonCode::RecipientKycExpired.code(),
            reason: ReasonCode::RecipientKycExpired,
        }
    );
    assert_eq!(s.snapshot(), before);

    s.exec(&bob, &claim_msg(id)).unwrap();
    assert_eq!(s.usd1(&issuer), 500);
    let o = s.offering(id);
    assert_eq!((o.completed, o.dust), (1, None));
    assert_eq!(s.pool(), 500);

    // KYC renewed: the units are claimed, the issuer is paid their cost.
    let until = s.now().plus_seconds(KYC_VALIDITY);
    s.set_kyc("INV-E", until);
    let res = s.exec(&erin, &claim_msg(id)).unwrap();
    assert!(actions(&res).contains(&"offering_complete".to_string()));
    assert_eq!((s.usd1(&erin), s.sec(&erin)), (START - 500, 50));
    assert_eq!(s.usd1(&issuer), 1_000);
    let sub = s.subscription(id, &erin);
    assert!(sub.complete);
    assert!(matches!(
        sub.allocation_outcome,
        Some(AllocationOutcome::Issued { .. })
    ));
    let o = s.offering(id);
    assert_accounts_exact(&o);
    assert_eq!(s.pool(), 0);
    let err = s.exec(&erin, &claim_msg(id)).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::AlreadyClaimed {
            offering_id: id,
            subscriber: erin
        }
    );
}

#[test]
fn transfer_agent_cancels_a_sanctioned_subscribers_allocation_and_refunds_its_cost() {
    let mut s = Suite::new();
    let (bob, carol, dave, agent, issuer) = (
        s.bob.clone(),
        s.carol.clone(),
        s.dave.clone(),
        s.agent.clone(),
        s.issuer.clone(),
    );
    let terms = s.terms(10, 100);
    let id = s.open_offering(terms).unwrap();
    s.subscribe(&bob, id, 500).unwrap();
    s.subscribe(&carol, id, 700).unwrap();
    s.subscribe(&dave, id, 300).unwrap();
    s.advance(DAY);
    s.exec(&carol, &ExecuteMsg::CloseOffering { id }).unwrap();
    // Dave is sanctioned after subscribing.
    s.block("INV-D");
    let supply = s.supply();

    // The page pays bob and carol; dave's cash part (100) leaves the pool (the adapter parks
    // it, dave being blocked) and his 20 units stay pending.
    let res = s.exec(&agent, &push_msg(id)).unwrap();
    assert_eq!(attr(&res, "skipped_refused").unwrap(), "1");
    assert_eq!(s.usd1(&issuer), 330 + 460);
    assert_eq!(s.usd1(&dave), START - 300);
    let o = s.offering(id);
    assert_eq!((o.completed, o.dust), (2, None));
    assert_eq!(o.cash_refunded, Uint128::new(170 + 240 + 100));
    assert_eq!(s.pool(), 200);

    // Role checked both ways; refused attempts move nothing.
    let before = s.snapshot();
    for who in [&bob, &issuer, &dave] {
        let err = s.exec(who, &cancel_msg(id, &dave, "COURT-7")).unwrap_err();
        assert_eq!(
            escrow_err(err),
            ContractError::Access(AccessError::MissingRole {
                role: Role::TransferAgent,
                address: who.to_string()
            })
        );
    }
    let err = s.exec(&agent, &cancel_msg(id, &dave, "")).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::InvalidReference {
            field: "legal_reference".into(),
            max: 128
        }
    );
    // An allocation already issued, or one the token would accept, is not the agent's.
    let err = s
        .exec(&agent, &cancel_msg(id, &bob, "COURT-7"))
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::NoPendingAllocation {
            offering_id: id,
            subscriber: bob.clone()
        }
    );
    assert_eq!(s.snapshot(), before);

    s.exec(&agent, &cancel_msg(id, &dave, "COURT-7")).unwrap();
    let sub = s.subscription(id, &dave);
    assert!(sub.complete);
    assert_eq!(
        sub.allocation_outcome,
        Some(AllocationOutcome::Cancelled {
            refunded: Uint128::new(200),
            by: agent.clone(),
            legal_reference: "COURT-7".into(),
            at: s.now(),
        })
    );
    // Nothing minted for dave, the issuer not paid for his units, the pool empty.
    assert_eq!(s.supply(), supply + 33 + 46);
    assert_eq!(s.usd1(&issuer), 790);
    assert_eq!(s.pool(), 0);
    let o = s.offering(id);
    assert_eq!(o.units_cancelled, Uint128::new(20));
    assert_eq!(o.dust, Some(Uint128::new(1)));
    assert_accounts_exact(&o);

    let err = s
        .exec(&agent, &cancel_msg(id, &dave, "COURT-7"))
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::NoPendingAllocation {
            offering_id: id,
            subscriber: dave
        }
    );
}

#[test]
fn transfer_agent_redirects_a_refused_allocation_only_to_a_wallet_of_the_same_investor() {
    let mut s = Suite::new();
    let (alice, alice2, bob, mallory, agent, issuer) = (
        s.alice.clone(),
        s.alice2.clone(),
        s.bob.clone(),
        s.mallory.clone(),
        s.agent.clone(),
        s.issuer.clone(),
    );
    let terms = s.terms(10, 100);
    let id = s.open_offering(terms).unwrap();
    s.subscribe(&alice, id, 400).unwrap();
    s.subscribe(&bob, id, 600).unwrap();
    s.advance(DAY);
    s.exec(&bob, &ExecuteMsg::CloseOffering { id }).unwrap();

    // Bob's allocation is issuable: not the agent's to redirect.
    let err = s
        .exec(&agent, &redirect_msg(id, &bob, &alice2, "LOST-KEY-1"))
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::AllocationIssuable {
            offering_id: id,
            subscriber: bob.clone()
        }
    );

    // Alice's wallet is frozen on the token: her units stay pending.
    s.set_frozen(&alice, true);
    let before = s.snapshot();
    let err = s.exec(&alice, &claim_msg(id)).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::IssuanceNotAllowed {
            subscriber: alice.clone(),
            code: ReasonCode::RecipientFrozen.code(),
            reason: ReasonCode::RecipientFrozen,
        }
    );
    assert_eq!(s.snapshot(), before);

    let err = s
        .exec(&bob, &redirect_msg(id, &alice, &alice2, "LOST-KEY-1"))
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::Access(AccessError::MissingRole {
            role: Role::TransferAgent,
            address: bob.to_string()
        })
    );
    for wrong in [&bob, &mallory] {
        let err = s
            .exec(&agent, &redirect_msg(id, &alice, wrong, "LOST-KEY-1"))
            .unwrap_err();
        assert_eq!(
            escrow_err(err),
            ContractError::NotSameInvestor {
                investor_id: "INV-A".into(),
                recipient: wrong.clone()
            }
        );
    }
    s.set_frozen(&alice2, true);
    let err = s
        .exec(&agent, &redirect_msg(id, &alice, &alice2, "LOST-KEY-1"))
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::RedirectNotAllowed {
            recipient: alice2.clone(),
            code: ReasonCode::RecipientFrozen.code(),
            reason: ReasonCode::RecipientFrozen,
        }
    );
    assert_eq!(s.snapshot(), before);
    s.set_frozen(&alice2, false);

    let alice2_sec = s.sec(&alice2);
    let res = s
        .exec(&agent, &redirect_msg(id, &alice, &alice2, "LOST-KEY-1"))
        .unwrap();
    assert_eq!(attr(&res, "paid_to").unwrap(), alice2.to_string());
    assert_eq!(s.sec(&alice2), alice2_sec + 40);
    assert_eq!(s.usd1(&issuer), 400);
    let sub = s.subscription(id, &alice);
    assert!(sub.complete);
    assert!(matches!(
        sub.allocation_outcome,
        Some(AllocationOutcome::Redirected { ref to, .. }) if *to == alice2
    ));
    s.exec(&bob, &claim_msg(id)).unwrap();
    let o = s.offering(id);
    assert_eq!(o.units_issued, Uint128::new(100));
    assert_accounts_exact(&o);
    assert_eq!((s.usd1(&issuer), s.pool()), (1_000, 0));
}

#[test]
fn refunds_stay_releasable_after_the_escrow_lost_the_minter_role() {
    let mut s = Suite::new();
    let (bob, carol, agent, issuer, owner) = (
        s.bob.clone(),
        s.carol.clone(),
        s.agent.clone(),
        s.issuer.clone(),
        s.owner.clone(),
    );
    let token = s.token.clone();
    let terms = s.terms(10, 100);
    let id = s.open_offering(terms).unwrap();
    s.subscribe(&bob, id, 900).unwrap();
    s.subscribe(&carol, id, 600).unwrap();
    s.advance(DAY);
    s.exec(&bob, &ExecuteMsg::CloseOffering { id }).unwrap();
    let escrow = s.escrow.clone();
    s.token_role(&token, Role::Minter, &escrow, false);
    let _ = owner;

    // 90 / 150 of 100 = 60 units (300 back), 60 / 150 = 40 units (200 back).
    let res = s.exec(&bob, &claim_msg(id)).unwrap();
    assert_eq!(attr(&res, "reason").unwrap(), "escrow_not_minter");
    assert_eq!((s.usd1(&bob), s.sec(&bob)), (START - 600, 0));
    let before = s.snapshot();
    let err = s.exec(&bob, &claim_msg(id)).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::NotMinter {
            token: token.clone()
        }
    );
    let err = s
        .exec(&agent, &redirect_msg(id, &carol, &carol, "ORDER-9"))
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::NotMinter {
            token: token.clone()
        }
    );
    assert_eq!(s.snapshot(), before);

    // The agent cancels carol's allocation: her whole cash comes back at once.
    s.exec(&agent, &cancel_msg(id, &carol, "ORDER-9")).unwrap();
    assert_eq!((s.usd1(&carol), s.sec(&carol)), (START, 0));
    // Minter restored: bob's units are claimed and the issuer paid for them only.
    s.token_role(&token, Role::Minter, &escrow, true);
    s.exec(&bob, &claim_msg(id)).unwrap();
    assert_eq!((s.usd1(&bob), s.sec(&bob)), (START - 600, 60));
    assert_eq!(s.usd1(&issuer), 600);
    let o = s.offering(id);
    assert_eq!(o.dust, Some(Uint128::zero()));
    assert_accounts_exact(&o);
    assert_eq!(s.pool(), 0);
}

#[test]
fn a_failed_offering_refunds_a_sanctioned_subscriber_in_full() {
    let mut s = Suite::new();
    let (dave, issuer) = (s.dave.clone(), s.issuer.clone());
    let terms = s.terms(100, 200);
    let id = s.open_offering(terms).unwrap();
    s.subscribe(&dave, id, 300).unwrap();
    s.advance(DAY);
    s.exec(&dave, &ExecuteMsg::CloseOffering { id }).unwrap();
    s.block("INV-D");
    // The adapter parks the refund (dave is blocked); the escrow holds nothing back.
    s.exec(&issuer, &push_msg(id)).unwrap();
    assert_eq!(s.pool(), 0);
    let o = s.offering(id);
    assert_eq!(o.cash_refunded, Uint128::new(300));
    assert_accounts_exact(&o);
}

#[test]
fn push_claims_rechecks_the_issuer_role_at_use() {
    let mut s = Suite::new();
    let (bob, agent, issuer) = (s.bob.clone(), s.agent.clone(), s.issuer.clone());
    let token = s.token.clone();
    let terms = s.terms(10, 100);
    let id = s.open_offering(terms).unwrap();
    s.subscribe(&bob, id, 500).unwrap();
    s.advance(DAY);
    s.exec(&bob, &ExecuteMsg::CloseOffering { id }).unwrap();
    let refused = ContractError::NotIssuerOrAgent {
        offering_id: id,
        sender: issuer.clone(),
        role: Role::TransferAgent,
    };

    let before = s.snapshot();
    s.revoke(Role::Issuer, &issuer).unwrap();
    let err = s.exec(&issuer, &push_msg(id)).unwrap_err();
    assert_eq!(escrow_err(err), refused);
    s.grant(Role::Issuer, &issuer).unwrap();
    s.token_role(&token, Role::Issuer, &issuer, false);
    let err = s.exec(&issuer, &push_msg(id)).unwrap_err();
    assert_eq!(escrow_err(err), refused);
    assert_eq!(s.snapshot(), before);

    s.token_role(&token, Role::Issuer, &issuer, true);
    s.exec(&issuer, &push_msg(id)).unwrap();
    assert_eq!(s.sec(&bob), 50);
    // The agent may always push (here: nothing left, complete subscriptions skipped).
    let res = s.exec(&agent, &push_msg(id)).unwrap();
    assert_eq!(attr(&res, "skipped_complete").unwrap(), "1");
}
