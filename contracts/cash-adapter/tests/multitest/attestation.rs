//! Reserve attestations and the health of the cash leg.

use cosmwasm_std::Decimal;
use sto_access::{AccessError, Role};
use sto_interface::cash::{
    Attestation, AttestationsResponse, ExecuteMsg, QueryMsg, UnhealthyReason,
};
use sto_interface::common::EventRef;

use crate::both_modes;
use crate::suite::*;
use cash_adapter::ContractError;

both_modes! {
    fn the_attestor_posts_and_the_status_reports_coverage_and_age(s) {
        let as_of = s.now();
        s.advance(60);
        let res = s.attest(1_050, 1_000, as_of.plus_seconds(30)).unwrap();
        assert_eq!(s.attr(&res, "action").as_deref(), Some("post_attestation"));
        assert_eq!(s.attr(&res, "attestation_id").as_deref(), Some("2"));
        assert_eq!(s.attr(&res, "coverage").as_deref(), Some("1.05"));
        let status = s.status();
        assert!(status.healthy);
        assert!(status.reasons.is_empty());
        assert_eq!(status.coverage, Some(Decimal::percent(105)));
        assert_eq!(status.age_seconds, Some(30));
        assert_eq!(status.max_age_seconds, MAX_AGE);
        let latest = status.latest_attestation.unwrap();
        assert_eq!((latest.id, latest.attestor), (2, s.attestor.clone()));
        let page: AttestationsResponse =
            s.query(&QueryMsg::Attestations { start_after: None, limit: Some(1) });
        assert_eq!(page.attestations.len(), 1);
        assert!(page.has_more);
        let first: Attestation = s.query(&QueryMsg::Attestation { id: 1 });
        assert_eq!(first.as_of, as_of);
    }
}

both_modes! {
    fn a_non_attestor_cannot_attest(s) {
        let mallory = s.mallory.clone();
        let now = s.now();
        s.advance(1);
        let err = s.attest_as(&mallory, 1, 1, now.plus_seconds(1)).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::Access(AccessError::MissingRole {
                role: Role::Attestor,
                address: mallory.to_string(),
            })
        );
        assert_eq!(s.status().latest_attestation.unwrap().id, 1);
    }
}

both_modes! {
    fn an_attestation_in_the_future_or_not_newer_is_refused(s) {
        let now = s.now();
        let err = s.attest(1, 1, now.plus_seconds(1)).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::AttestationInFuture { as_of: now.plus_seconds(1), now }
        );
        // The setup attestation is as of `now`: the same instant and earlier are refused.
        s.advance(100);
        for as_of in [now, now.minus_seconds(1)] {
            let err = s.attest(1, 1, as_of).unwrap_err();
            assert_eq!(contract_err(err), ContractError::AttestationNotNewer { as_of, newest: now });
        }
        let err = s.attest(1, 0, now.plus_seconds(1)).unwrap_err();
        assert_eq!(contract_err(err), ContractError::ZeroSupply);
        assert_eq!(s.status().latest_attestation.unwrap().id, 1);
    }
}

both_modes! {
    fn a_stale_attestation_blocks_fundings_until_a_fresh_one_arrives(s) {
        let (alice, a) = (s.alice.clone(), s.client_a.clone());
        s.advance(MAX_AGE);
        // Exactly the maximum age is still fresh.
        s.fund(&alice, &a, 100, EventRef::Settlement { id: 1 }).unwrap();
        s.advance(1);
        let before = s.snapshot();
        let err = s.fund(&alice, &a, 100, EventRef::Settlement { id: 2 }).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::CashLegUnhealthy {
                reasons: vec![UnhealthyReason::Stale { age_seconds: MAX_AGE + 1, max_age_seconds: MAX_AGE }]
            }
        );
        assert_eq!(s.snapshot(), before);
        // Refunds still work.
        s.release(&a, &alice, 100, EventRef::Settlement { id: 1 }, sto_interface::cash::ReleaseKind::Refund)
            .unwrap();
        let now = s.now();
        s.attest(1_000, 1_000, now).unwrap();
        s.fund(&alice, &a, 100, EventRef::Settlement { id: 2 }).unwrap();
        assert_eq!(s.pool(&a), 100);
        s.assert_invariant();
    }
}

both_modes! {
    fn a_short_attestation_blocks_fundings_and_reports_the_coverage(s) {
        let (alice, a) = (s.alice.clone(), s.client_a.clone());
        let now = s.now();
        s.advance(10);
        s.attest(999, 1_000, now.plus_seconds(10)).unwrap();
        let status = s.status();
        assert!(!status.healthy);
        assert_eq!(status.coverage, Some(Decimal::permille(999)));
        let err = s.fund(&alice, &a, 100, EventRef::Settlement { id: 1 }).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::CashLegUnhealthy {
                reasons: vec![UnhealthyReason::Undercollateralized {
                    coverage: Some(Decimal::permille(999)),
                    min_coverage: Decimal::one(),
                }]
            }
        );
        // The owner may lower the bar; the status follows.
        s.exec(&s.owner.clone(), &ExecuteMsg::UpdateConfig {
            registry: None,
            max_attestation_age: None,
            min_coverage: Some(Decimal::permille(990)),
            redemption_address: None,
            redemption_service_period: None,
            max_hold_duration: None,
        })
        .unwrap();
        assert!(s.status().healthy);
        s.fund(&alice, &a, 100, EventRef::Settlement { id: 1 }).unwrap();
    }
}

both_modes! {
    fn the_status_lists_every_reason_at_once(s) {
        let now = s.now();
        s.advance(10);
        s.attest(1, 1_000, now.plus_seconds(1)).unwrap();
        s.advance(MAX_AGE + 100);
        s.exec(&s.owner.clone(), &ExecuteMsg::HaltFundings { reason: "audit".into() }).unwrap();
        let status = s.status();
        assert!(!status.healthy && status.halted);
        assert_eq!(
            status.reasons,
            vec![
                UnhealthyReason::Stale { age_seconds: MAX_AGE + 109, max_age_seconds: MAX_AGE },
                UnhealthyReason::Undercollateralized {
                    coverage: Some(Decimal::permille(1)),
                    min_coverage: Decimal::one(),
                },
                UnhealthyReason::Halted { reason: "audit".into() },
            ]
        );
    }
}
