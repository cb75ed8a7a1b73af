//! Releases: own pool only, never blocked by health or halt, parked when the recipient is
//! blocked, and the owner's resolution of parked releases.

use sto_access::{AccessError, OwnershipError};
use sto_interface::cash::{
    ExecuteMsg, Movement, ParkedRelease, ParkedReleasesResponse, ParkedResolution, QueryMsg,
    ReleaseKind,
};
use sto_interface::common::EventRef;

use crate::both_modes;
use crate::suite::*;
use cash_adapter::ContractError;

both_modes! {
    fn a_client_releases_from_its_own_pool(s) {
        let (alice, carol, a) = (s.alice.clone(), s.carol.clone(), s.client_a.clone());
        let reference = EventRef::Settlement { id: 7 };
        s.fund(&alice, &a, 500, reference.clone()).unwrap();
        let res = s.release(&a, &carol, 200, reference.clone(), ReleaseKind::Settlement).unwrap();
        assert_eq!(s.balance(&carol), START + 200);
        assert_eq!(s.pool(&a), 300);
        assert_eq!(s.client(&a).released_total.u128(), 200);
        assert_eq!(s.attr(&res, "outcome").as_deref(), Some("paid"));
        assert_eq!(s.attr(&res, "kind").as_deref(), Some("settlement"));
        let entries = s.ledger_of(reference);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].movement, Movement::Release { kind: ReleaseKind::Settlement });
        assert_eq!(entries[1].party, carol);
        s.assert_invariant();
    }
}

both_modes! {
    fn a_release_above_the_pool_is_refused(s) {
        let (alice, a) = (s.alice.clone(), s.client_a.clone());
        s.fund(&alice, &a, 100, EventRef::Settlement { id: 1 }).unwrap();
        let before = s.snapshot();
        let err = s
            .release(&a, &alice, 101, EventRef::Settlement { id: 1 }, ReleaseKind::Refund)
            .unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::InsufficientPool {
                client: a.clone(),
                available: 100u128.into(),
                requested: 101u128.into(),
            }
        );
        assert_eq!(s.snapshot(), before);
    }
}

both_modes! {
    fn a_client_cannot_release_another_clients_pool(s) {
        let (alice, bob, a, b) = (s.alice.clone(), s.bob.clone(), s.client_a.clone(), s.client_b.clone());
        s.fund(&alice, &a, 10, EventRef::Settlement { id: 1 }).unwrap();
        s.fund(&bob, &b, 1_000, EventRef::Offering { id: 1 }).unwrap();
        let before = s.snapshot();
        // A names B's reference and asks for more than it holds: the pool is always the sender's.
        let err = s
            .release(&a, &alice, 500, EventRef::Offering { id: 1 }, ReleaseKind::Refund)
            .unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::InsufficientPool {
                client: a.clone(),
                available: 10u128.into(),
                requested: 500u128.into(),
            }
        );
        assert_eq!(s.snapshot(), before);
        assert_eq!(s.pool(&b), 1_000);
        s.assert_invariant();
    }
}

both_modes! {
    fn a_non_client_cannot_release(s) {
        let (alice, a) = (s.alice.clone(), s.client_a.clone());
        s.fund(&alice, &a, 100, EventRef::Settlement { id: 1 }).unwrap();
        let before = s.snapshot();
        let stranger = s.instantiate_client("stranger", true);
        for sender in [alice.clone(), stranger.clone()] {
            let msg = ExecuteMsg::Release {
                recipient: alice.to_string(),
                amount: 1u128.into(),
                reference: EventRef::Settlement { id: 1 },
                kind: ReleaseKind::Refund,
            };
            let err = s.exec(&sender, &msg).unwrap_err();
            assert_eq!(
                contract_err(err),
                ContractError::UnknownClient { client: sender.to_string() }
            );
        }
        let err = s
            .release(&stranger, &alice, 1, EventRef::Settlement { id: 1 }, ReleaseKind::Refund)
            .unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::UnknownClient { client: stranger.to_string() }
        );
        assert_eq!(s.snapshot(), before);
    }
}

both_modes! {
    fn a_zero_release_is_refused(s) {
        let (alice, a) = (s.alice.clone(), s.client_a.clone());
        s.fund(&alice, &a, 100, EventRef::Settlement { id: 1 }).unwrap();
        let err = s
            .release(&a, &alice, 0, EventRef::Settlement { id: 1 }, ReleaseKind::Refund)
            .unwrap_err();
        assert_eq!(contract_err(err), ContractError::ZeroAmount);
    }
}

both_modes! {
    fn releases_work_while_stale_short_or_halted(s) {
        let (alice, carol, a, owner) = (s.alice.clone(), s.carol.clone(), s.client_a.clone(), s.owner.clone());
        s.fund(&alice, &a, 900, EventRef::Settlement { id: 1 }).unwrap();
        // Short: reserves below supply.
        let now = s.now();
        s.advance(10);
        s.attest(90, 100, now.plus_seconds(5)).unwrap();
        assert!(!s.status().healthy);
        s.release(&a, &alice, 100, EventRef::Settlement { id: 1 }, ReleaseKind::Refund).unwrap();
        // Stale as well.
        s.advance(MAX_AGE + 1);
        s.release(&a, &alice, 100, EventRef::Settlement { id: 1 }, ReleaseKind::Refund).unwrap();
        // Halted as well; a settlement payout too.
        s.exec(&owner, &ExecuteMsg::HaltFundings { reason: "incident".into() }).unwrap();
        assert_eq!(s.status().reasons.len(), 3);
        s.release(&a, &alice, 100, EventRef::Settlement { id: 1 }, ReleaseKind::Refund).unwrap();
        s.release(&a, &carol, 100, EventRef::Settlement { id: 1 }, ReleaseKind::Settlement).unwrap();
        assert_eq!(s.balance(&alice), START - 900 + 300);
        assert_eq!(s.balance(&carol), START + 100);
        assert_eq!(s.pool(&a), 500);
        s.assert_invariant();
    }
}

both_modes! {
    fn unknown_and_kyc_expired_recipients_are_paid(s) {
        let (alice, treasury, a) = (s.alice.clone(), s.treasury.clone(), s.client_a.clone());
        s.fund(&alice, &a, 300, EventRef::Offering { id: 3 }).unwrap();
        // A system account outside the registry (issuer treasury, withholding account).
        s.release(&a, &treasury, 100, EventRef::Offering { id: 3 }, ReleaseKind::Proceeds).unwrap();
        assert_eq!(s.balance(&treasury), 100);
        // The payer's KYC expires: its refund still goes through.
        s.advance(KYC_VALIDITY + 1);
        s.release(&a, &alice, 200, EventRef::Offering { id: 3 }, ReleaseKind::Refund).unwrap();
        assert_eq!(s.balance(&alice), START - 100);
        s.assert_invariant();
    }
}

both_modes! {
    fn a_release_to_a_blocked_recipient_is_parked_then_delivered_after_unblock(s) {
        let (alice, bob, a, owner) = (s.alice.clone(), s.bob.clone(), s.client_a.clone(), s.owner.clone());
        let reference = EventRef::CorporateAction { id: 5 };
        s.fund(&alice, &a, 400, reference.clone()).unwrap();
        s.block("INV-B");
        let res = s.release(&a, &bob, 150, reference.clone(), ReleaseKind::Distribution).unwrap();
        assert_eq!(s.attr(&res, "outcome").as_deref(), Some("parked"));
        assert_eq!(s.attr(&res, "parked_id").as_deref(), Some("1"));
        assert_eq!(s.balance(&bob), START);
        assert_eq!(s.pool(&a), 250);
        let open: ParkedReleasesResponse =
            s.query(&QueryMsg::ParkedReleases { start_after: None, limit: None });
        assert_eq!(open.parked.len(), 1);
        assert_eq!(open.parked[0].recipient, bob);
        assert_eq!(open.parked[0].amount.u128(), 150);
        assert_eq!(open.parked[0].client, Some(a.clone()));
        s.assert_invariant();

        // Still blocked: delivery is refused.
        let deliver = ExecuteMsg::ResolveParked { id: 1, resolution: ParkedResolution::Deliver {} };
        let err = s.exec(&owner, &deliver).unwrap_err();
        assert_eq!(contract_err(err), ContractError::RecipientBlocked { recipient: bob.clone() });

        s.unblock("INV-B");
        // Only the owner resolves.
        let err = s.exec(&alice, &deliver).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::Access(AccessError::Ownership(OwnershipError::NotOwner))
        );
        let res = s.exec(&owner, &deliver).unwrap();
        assert_eq!(s.attr(&res, "action").as_deref(), Some("deliver_parked"));
        assert_eq!(s.balance(&bob), START + 150);
        let parked: ParkedRelease = s.query(&QueryMsg::ParkedRelease { id: 1 });
        let outcome = parked.outcome.unwrap();
        assert_eq!(outcome.paid_to, bob);
        assert!(!outcome.redirected);
        let open: ParkedReleasesResponse =
            s.query(&QueryMsg::ParkedReleases { start_after: None, limit: None });
        assert!(open.parked.is_empty());
        let err = s.exec(&owner, &deliver).unwrap_err();
        assert_eq!(contract_err(err), ContractError::ParkedAlreadyResolved { id: 1 });

        let movements: Vec<_> = s.ledger_of(reference).into_iter().map(|e| e.movement).collect();
        assert_eq!(
            movements,
            vec![
                Movement::Funding,
                Movement::Parked { kind: ReleaseKind::Distribution, parked_id: 1 },
                Movement::ParkedPaid { kind: ReleaseKind::Distribution, parked_id: 1 },
            ]
        );
        s.assert_invariant();
    }
}

both_modes! {
    fn a_parked_release_can_be_redirected_to_an_unblocked_address(s) {
        let (alice, bob, treasury, a, owner) =
            (s.alice.clone(), s.bob.clone(), s.treasury.clone(), s.client_a.clone(), s.owner.clone());
        s.fund(&bob, &a, 400, EventRef::Settlement { id: 9 }).unwrap();
        s.block("INV-B");
        s.block("INV-A");
        s.release(&a, &bob, 400, EventRef::Settlement { id: 9 }, ReleaseKind::Refund).unwrap();
        let redirect = |to: &cosmwasm_std::Addr| ExecuteMsg::ResolveParked {
            id: 1,
            resolution: ParkedResolution::Redirect {
                recipient: to.to_string(),
                reason_ref: "court-order-17".into(),
            },
        };
        let err = s.exec(&owner, &redirect(&alice)).unwrap_err();
        assert_eq!(contract_err(err), ContractError::RecipientBlocked { recipient: alice.clone() });
        let res = s.exec(&owner, &redirect(&treasury)).unwrap();
        assert_eq!(s.attr(&res, "action").as_deref(), Some("redirect_parked"));
        assert_eq!(s.attr(&res, "reason_ref").as_deref(), Some("court-order-17"));
        assert_eq!(s.balance(&treasury), 400);
        assert_eq!(s.balance(&bob), START - 400);
        let parked: ParkedRelease = s.query(&QueryMsg::ParkedRelease { id: 1 });
        let outcome = parked.outcome.unwrap();
        assert!(outcome.redirected);
        assert_eq!(outcome.reason_ref.as_deref(), Some("court-order-17"));
        assert_eq!(
            contract_err(
                s.exec(&owner, &ExecuteMsg::ResolveParked {
                    id: 2,
                    resolution: ParkedResolution::Deliver {}
                })
                .unwrap_err()
            ),
            ContractError::ParkedNotFound { id: 2 }
        );
        s.assert_invariant();
    }
}
