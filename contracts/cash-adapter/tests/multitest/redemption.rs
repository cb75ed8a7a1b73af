//! The redemption (off-ramp) queue.

use sto_access::{AccessError, Role};
use sto_interface::cash::{
    ExecuteMsg, Movement, QueryMsg, RedemptionRequest, RedemptionStatus, RedemptionsResponse,
};
use sto_interface::common::EventRef;
use sto_interface::registry::Ineligibility;

use crate::both_modes;
use crate::suite::*;
use cash_adapter::ContractError;

fn confirm(id: u64) -> ExecuteMsg {
    ExecuteMsg::ConfirmRedemption {
        id,
        payment_reference: "WIRE-2024-0001".into(),
    }
}

fn reject(id: u64) -> ExecuteMsg {
    ExecuteMsg::RejectRedemption {
        id,
        reason: "bank instructions do not match".into(),
    }
}

both_modes! {
    fn the_operator_confirms_and_the_usd1_goes_to_the_redemption_address(s) {
        let (alice, operator) = (s.alice.clone(), s.operator.clone());
        let res = s.request_redemption(&alice, 700).unwrap();
        assert_eq!(s.attr(&res, "redemption_id").as_deref(), Some("1"));
        assert_eq!(s.balance(&alice), START - 700);
        assert_eq!(s.balance(&s.adapter), 700);
        s.assert_invariant();
        let res = s.exec(&operator, &confirm(1)).unwrap();
        assert_eq!(s.attr(&res, "action").as_deref(), Some("confirm_redemption"));
        assert_eq!(s.attr(&res, "payment_reference").as_deref(), Some("WIRE-2024-0001"));
        assert_eq!(s.balance(&s.redemption_addr), 700);
        assert_eq!(s.balance(&s.adapter), 0);
        let req: RedemptionRequest = s.query(&QueryMsg::Redemption { id: 1 });
        assert_eq!(req.status, RedemptionStatus::Confirmed);
        assert_eq!(req.payment_reference.as_deref(), Some("WIRE-2024-0001"));
        assert_eq!(req.instructions_hash, hash(1));
        let movements: Vec<_> =
            s.ledger_of(EventRef::OffRamp { id: 1 }).into_iter().map(|e| (e.movement, e.party)).collect();
        assert_eq!(
            movements,
            vec![
                (Movement::RedemptionDeposit, alice.clone()),
                (Movement::RedemptionPayout, s.redemption_addr.clone()),
            ]
        );
        // Only once.
        let err = s.exec(&operator, &confirm(1)).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::RedemptionNotPending { id: 1, status: RedemptionStatus::Confirmed }
        );
        s.assert_invariant();
    }
}

both_modes! {
    fn the_operator_rejects_and_the_holder_is_refunded(s) {
        let (bob, operator) = (s.bob.clone(), s.operator.clone());
        s.request_redemption(&bob, 300).unwrap();
        let res = s.exec(&operator, &reject(1)).unwrap();
        assert_eq!(s.attr(&res, "outcome").as_deref(), Some("paid"));
        assert_eq!(s.balance(&bob), START);
        let req: RedemptionRequest = s.query(&QueryMsg::Redemption { id: 1 });
        assert_eq!(req.status, RedemptionStatus::Rejected);
        assert_eq!(req.rejection_reason.as_deref(), Some("bank instructions do not match"));
        let err = s.exec(&s.bob.clone(), &ExecuteMsg::CancelRedemption { id: 1 }).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::RedemptionNotPending { id: 1, status: RedemptionStatus::Rejected }
        );
        s.assert_invariant();
    }
}

both_modes! {
    fn the_holder_may_cancel_only_after_the_service_deadline(s) {
        let (alice, bob) = (s.alice.clone(), s.bob.clone());
        let requested_at = s.now();
        s.request_redemption(&alice, 500).unwrap();
        let deadline = requested_at.plus_seconds(SERVICE_PERIOD);
        s.advance(SERVICE_PERIOD);
        let cancel = ExecuteMsg::CancelRedemption { id: 1 };
        let err = s.exec(&alice, &cancel).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::ServiceDeadlineNotPassed { id: 1, deadline, now: deadline }
        );
        s.advance(1);
        let err = s.exec(&bob, &cancel).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::NotRedemptionHolder { id: 1, holder: alice.clone() }
        );
        // Past the deadline, with a stale attestation: the refund still works.
        assert!(!s.status().healthy);
        let res = s.exec(&alice, &cancel).unwrap();
        assert_eq!(s.attr(&res, "action").as_deref(), Some("cancel_redemption"));
        assert_eq!(s.balance(&alice), START);
        let req: RedemptionRequest = s.query(&QueryMsg::Redemption { id: 1 });
        assert_eq!(req.status, RedemptionStatus::Cancelled);
        s.assert_invariant();
    }
}

both_modes! {
    fn only_the_off_ramp_operator_confirms_or_rejects(s) {
        let (alice, attestor) = (s.alice.clone(), s.attestor.clone());
        s.request_redemption(&alice, 100).unwrap();
        let before = s.snapshot();
        for msg in [confirm(1), reject(1)] {
            for sender in [alice.clone(), attestor.clone()] {
                let err = s.exec(&sender, &msg).unwrap_err();
                assert_eq!(
                    contract_err(err),
                    ContractError::Access(AccessError::MissingRole {
                        role: Role::OffRampOperator,
                        address: sender.to_string(),
                    })
                );
            }
        }
        assert_eq!(s.snapshot(), before);
        let err = s.exec(&s.operator.clone(), &confirm(9)).unwrap_err();
        assert_eq!(contract_err(err), ContractError::RedemptionNotFound { id: 9 });
    }
}

both_modes! {
    fn redemptions_are_open_while_unhealthy_but_closed_to_ineligible_holders(s) {
        let (alice, mallory, owner) = (s.alice.clone(), s.mallory.clone(), s.owner.clone());
        s.exec(&owner, &ExecuteMsg::HaltFundings { reason: "incident".into() }).unwrap();
        s.advance(MAX_AGE + 1);
        s.request_redemption(&alice, 100).unwrap();
        let before = s.snapshot();
        let err = s.request_redemption(&mallory, 100).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::HolderIneligible { holder: mallory.clone(), reason: Ineligibility::UnknownWallet }
        );
        s.block("INV-A");
        let err = s.request_redemption(&alice, 100).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::HolderIneligible { holder: alice.clone(), reason: Ineligibility::Blocked }
        );
        assert_eq!(s.snapshot(), before);
    }
}

both_modes! {
    fn a_rejected_redemption_of_a_blocked_holder_is_parked(s) {
        let (alice, operator, owner) = (s.alice.clone(), s.operator.clone(), s.owner.clone());
        s.request_redemption(&alice, 250).unwrap();
        s.block("INV-A");
        let res = s.exec(&operator, &reject(1)).unwrap();
        assert_eq!(s.attr(&res, "outcome").as_deref(), Some("parked"));
        let req: RedemptionRequest = s.query(&QueryMsg::Redemption { id: 1 });
        assert_eq!(req.parked_id, Some(1));
        assert_eq!(s.balance(&alice), START - 250);
        s.assert_invariant();
        s.unblock("INV-A");
        s.exec(&owner, &ExecuteMsg::ResolveParked {
            id: 1,
            resolution: sto_interface::cash::ParkedResolution::Deliver {},
        })
        .unwrap();
        assert_eq!(s.balance(&alice), START);
        s.assert_invariant();
    }
}

both_modes! {
    fn redemptions_are_paginated_by_status(s) {
        let (alice, bob, operator) = (s.alice.clone(), s.bob.clone(), s.operator.clone());
        for i in 0..5 {
            let holder = if i % 2 == 0 { &alice } else { &bob };
            s.request_redemption(holder, 10 + i).unwrap();
        }
        s.exec(&operator, &confirm(2)).unwrap();
        s.exec(&operator, &reject(4)).unwrap();
        let ids = |s: &Suite, status, start_after, limit| {
            let page: RedemptionsResponse =
                s.query(&QueryMsg::Redemptions { status, start_after, limit });
            (page.redemptions.iter().map(|r| r.id).collect::<Vec<_>>(), page.has_more)
        };
        assert_eq!(ids(&s, Some(RedemptionStatus::Pending), None, Some(2)), (vec![1, 3], true));
        assert_eq!(ids(&s, Some(RedemptionStatus::Pending), Some(3), Some(2)), (vec![5], false));
        assert_eq!(ids(&s, Some(RedemptionStatus::Confirmed), None, None), (vec![2], false));
        assert_eq!(ids(&s, Some(RedemptionStatus::Rejected), None, None), (vec![4], false));
        assert_eq!(ids(&s, Some(RedemptionStatus::Cancelled), None, None), (vec![], false));
        assert_eq!(ids(&s, None, Some(1), Some(3)), (vec![2, 3, 4], true));
        s.assert_invariant();
    }
}

both_modes! {
    fn a_malformed_instructions_hash_is_refused(s) {
        let alice = s.alice.clone();
        let msg = s
            .handle()
            .redemption_msg(&s.asset, 10u128.into(), cosmwasm_std::HexBinary::from(vec![1, 2, 3]))
            .unwrap();
        let err = s.app.execute(alice, msg).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::InvalidHash { field: "instructions_hash".into(), len: 3 }
        );
    }
}

both_modes! {
    fn a_service_period_beyond_the_maximum_is_refused_at_instantiate_and_update(s) {
        use cosmwasm_std::Decimal;
        use sto_interface::cash::{
            AssetInfo, AssetInfoUnchecked, Config, InstantiateMsg, MAX_REDEMPTION_SERVICE_PERIOD,
        };
        let owner = s.owner.clone();
        let asset = match s.asset.clone() {
            AssetInfo::Cw20 { address } => AssetInfoUnchecked::Cw20 { address: address.to_string() },
            AssetInfo::Native { denom } => AssetInfoUnchecked::Native { denom },
        };
        let init = InstantiateMsg {
            owner: None,
            asset,
            registry: s.registry.to_string(),
            max_attestation_age: MAX_AGE,
            min_coverage: Decimal::one(),
            redemption_address: s.redemption_addr.to_string(),
            redemption_service_period: u64::MAX,
            attestors: vec![],
            off_ramp_operators: vec![],
        };
        let code = s.adapter_code;
        let err = s
            .app
            .instantiate_contract(code, owner.clone(), &init, &[], "adapter-2", None)
            .unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::ServicePeriodTooLong { period: u64::MAX, max: MAX_REDEMPTION_SERVICE_PERIOD }
        );

        let update = |period: u64| ExecuteMsg::UpdateConfig {
            registry: None,
            max_attestation_age: None,
            min_coverage: None,
            redemption_address: None,
            redemption_service_period: Some(period),
            max_hold_duration: None,
        };
        let before: Config = s.query(&QueryMsg::Config {});
        let err = s.exec(&owner, &update(MAX_REDEMPTION_SERVICE_PERIOD + 1)).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::ServicePeriodTooLong {
                period: MAX_REDEMPTION_SERVICE_PERIOD + 1,
                max: MAX_REDEMPTION_SERVICE_PERIOD,
            }
        );
        let after: Config = s.query(&QueryMsg::Config {});
        assert_eq!(after, before);

        // The maximum itself is accepted and a request's deadline is exactly that far ahead.
        s.exec(&owner, &update(MAX_REDEMPTION_SERVICE_PERIOD)).unwrap();
        let alice = s.alice.clone();
        s.request_redemption(&alice, 10).unwrap();
        let req: RedemptionRequest = s.query(&QueryMsg::Redemption { id: 1 });
        assert_eq!(req.deadline, s.now().plus_seconds(MAX_REDEMPTION_SERVICE_PERIOD));
        s.assert_invariant();
    }
}
