//! Ownership, roles and owner-only messages, each checked both ways; migration.

use cosmwasm_std::Decimal;
use sto_access::{AccessError, OwnershipAction, OwnershipError, Role, RoleAction};
use sto_interface::cash::{ExecuteMsg, ParkedResolution, QueryMsg};
use sto_interface::{HasRoleResponse, RoleMembersResponse};

use crate::both_modes;
use crate::suite::*;
use cash_adapter::ContractError;

fn not_owner() -> ContractError {
    ContractError::Access(AccessError::Ownership(OwnershipError::NotOwner))
}

both_modes! {
    fn owner_only_messages_refuse_everyone_else(s) {
        let mallory = s.mallory.clone();
        let stranger = s.instantiate_client("stranger", true);
        let msgs = [
            ExecuteMsg::RegisterClient { address: stranger.to_string(), label: "x".into() },
            ExecuteMsg::DeactivateClient { address: s.client_a.to_string() },
            ExecuteMsg::UpdateConfig {
                registry: None,
                max_attestation_age: Some(1),
                min_coverage: None,
                redemption_address: None,
                redemption_service_period: None,
                max_hold_duration: None,
            },
            ExecuteMsg::HaltFundings { reason: "x".into() },
            ExecuteMsg::ResumeFundings {},
            ExecuteMsg::ResolveParked { id: 1, resolution: ParkedResolution::Deliver {} },
            ExecuteMsg::UpdateRoles(RoleAction::Grant { role: Role::Attestor, address: mallory.to_string() }),
        ];
        for msg in &msgs {
            let err = s.exec(&mallory, msg).unwrap_err();
            assert_eq!(contract_err(err), not_owner(), "{msg:?}");
        }
        // The owner may.
        let owner = s.owner.clone();
        s.exec(&owner, &msgs[0]).unwrap();
        s.exec(&owner, &msgs[3]).unwrap();
        s.exec(&owner, &msgs[4]).unwrap();
        s.exec(&owner, &msgs[6]).unwrap();
    }
}

both_modes! {
    fn roles_are_granted_and_revoked_by_the_owner_and_checked_both_ways(s) {
        let (owner, mallory) = (s.owner.clone(), s.mallory.clone());
        let now = s.now();
        s.advance(10);
        s.grant(Role::Attestor, &mallory).unwrap();
        let has: HasRoleResponse =
            s.query(&QueryMsg::HasRole { role: Role::Attestor, address: mallory.to_string() });
        assert!(has.has_role);
        s.attest_as(&mallory, 10, 10, now.plus_seconds(1)).unwrap();
        s.exec(&owner, &ExecuteMsg::UpdateRoles(RoleAction::Revoke {
            role: Role::Attestor,
            address: mallory.to_string(),
        }))
        .unwrap();
        let err = s.attest_as(&mallory, 10, 10, now.plus_seconds(2)).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::Access(AccessError::MissingRole { role: Role::Attestor, address: mallory.to_string() })
        );
        // Operators likewise; a role the adapter does not use is refused.
        s.grant(Role::OffRampOperator, &mallory).unwrap();
        let members: RoleMembersResponse = s.query(&QueryMsg::RoleMembers {
            role: Role::OffRampOperator,
            start_after: None,
            limit: None,
        });
        assert_eq!(members.members.len(), 2);
        let err = s.grant(Role::Pauser, &mallory).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::Access(AccessError::RoleNotUsed {
                role: Role::Pauser,
                used: "attestor, off_ramp_operator, transfer_agent".into(),
            })
        );
    }
}

both_modes! {
    fn ownership_moves_in_two_steps(s) {
        let (owner, next) = (s.owner.clone(), s.carol.clone());
        s.exec(&owner, &ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
            new_owner: next.to_string(),
            expiry: None,
        }))
        .unwrap();
        // Not yet.
        let err = s.exec(&next, &ExecuteMsg::ResumeFundings {}).unwrap_err();
        assert_eq!(contract_err(err), not_owner());
        s.exec(&next, &ExecuteMsg::UpdateOwnership(OwnershipAction::AcceptOwnership)).unwrap();
        s.exec(&next, &ExecuteMsg::HaltFundings { reason: "new owner".into() }).unwrap();
        let err = s.exec(&owner, &ExecuteMsg::ResumeFundings {}).unwrap_err();
        assert_eq!(contract_err(err), not_owner());
    }
}

both_modes! {
    fn invalid_configuration_is_refused(s) {
        let owner = s.owner.clone();
        let update = |age: Option<u64>, min: Option<Decimal>| ExecuteMsg::UpdateConfig {
            registry: None,
            max_attestation_age: age,
            min_coverage: min,
            redemption_address: None,
            redemption_service_period: None,
            max_hold_duration: None,
        };
        assert_eq!(
            contract_err(s.exec(&owner, &update(None, None)).unwrap_err()),
            ContractError::NothingToUpdate
        );
        assert!(matches!(
            contract_err(s.exec(&owner, &update(Some(0), None)).unwrap_err()),
            ContractError::InvalidConfig { field, .. } if field == "max_attestation_age"
        ));
        assert!(matches!(
            contract_err(s.exec(&owner, &update(None, Some(Decimal::zero()))).unwrap_err()),
            ContractError::InvalidConfig { field, .. } if field == "min_coverage"
        ));
        // A wallet cannot be a client.
        let err = s
            .exec(&owner, &ExecuteMsg::RegisterClient { address: s.alice.to_string(), label: "w".into() })
            .unwrap_err();
        assert_eq!(contract_err(err), ContractError::ClientNotAContract { address: s.alice.clone() });
        let err = s
            .exec(&owner, &ExecuteMsg::RegisterClient { address: s.client_a.to_string(), label: "a".into() })
            .unwrap_err();
        assert_eq!(contract_err(err), ContractError::ClientAlreadyActive { client: s.client_a.clone() });
    }
}

both_modes! {
    fn migrate_keeps_state_and_records_the_version(s) {
        let (alice, a) = (s.alice.clone(), s.client_a.clone());
        s.fund(&alice, &a, 100, sto_interface::common::EventRef::Settlement { id: 1 }).unwrap();
        let res = s.migrate().unwrap();
        assert_eq!(s.attr(&res, "action").as_deref(), Some("migrate"));
        assert_eq!(s.pool(&a), 100);
        s.assert_invariant();
    }
}
