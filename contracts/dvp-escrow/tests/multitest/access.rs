//! Roles both ways, two-step ownership, configuration and migration.

use dvp_escrow::ContractError;
use sto_access::{AccessError, Role, RoleAction};
use sto_access::{OwnershipAction as Action, OwnershipError};
use sto_interface::escrow::{ConfigResponse, ExecuteMsg, InstructionStatus, QueryMsg};
use sto_interface::HasRoleResponse;

use crate::suite::*;

#[test]
fn settlement_operator_role_is_checked_both_ways() {
    let mut s = Suite::new();
    let (alice, bob, carol, owner) = (
        s.alice.clone(),
        s.bob.clone(),
        s.carol.clone(),
        s.owner.clone(),
    );
    let err = s.create(&carol, &alice, &bob, 10, 100).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::NotPartyOrOperator {
            sender: carol.clone()
        }
    );
    s.grant(Role::SettlementOperator, &carol).unwrap();
    let id = s.create(&carol, &alice, &bob, 10, 100).unwrap();
    assert!(s.instruction(id).created_by_operator);
    s.exec(
        &owner,
        &ExecuteMsg::UpdateRoles(RoleAction::Revoke {
            role: Role::SettlementOperator,
            address: carol.to_string(),
        }),
    )
    .unwrap();
    let err = s.create(&carol, &alice, &bob, 10, 100).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::NotPartyOrOperator {
            sender: carol.clone()
        }
    );
    let has: HasRoleResponse = s.query(&QueryMsg::HasRole {
        role: Role::SettlementOperator,
        address: carol.to_string(),
    });
    assert!(!has.has_role);
    // The right to cancel alone is the role's: checked at the call, not at creation.
    let before = s.snapshot();
    let err = s.exec(&carol, &ExecuteMsg::Cancel { id }).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::CannotCancel {
            id,
            sender: carol.clone()
        }
    );
    assert_eq!(s.status(id), InstructionStatus::Open);
    assert_eq!(s.snapshot(), before);
    // Another operator cannot cancel what it did not create.
    let operator = s.operator.clone();
    let err = s.exec(&operator, &ExecuteMsg::Cancel { id }).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::CannotCancel {
            id,
            sender: operator
        }
    );
    s.grant(Role::SettlementOperator, &carol).unwrap();
    s.exec(&carol, &ExecuteMsg::Cancel { id }).unwrap();
    assert_eq!(s.status(id), InstructionStatus::Cancelled);
}

#[test]
fn only_the_owner_administers_roles_and_only_used_roles() {
    let mut s = Suite::new();
    let (bob, owner) = (s.bob.clone(), s.owner.clone());
    let err = s
        .exec(
            &bob,
            &ExecuteMsg::UpdateRoles(RoleAction::Grant {
                role: Role::Issuer,
                address: bob.to_string(),
            }),
        )
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::Access(AccessError::Ownership(OwnershipError::NotOwner))
    );
    let err = s
        .exec(
            &owner,
            &ExecuteMsg::UpdateRoles(RoleAction::Grant {
                role: Role::Minter,
                address: bob.to_string(),
            }),
        )
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::Access(AccessError::RoleNotUsed {
            role: Role::Minter,
            used: "issuer, settlement_operator, transfer_agent".into(),
        })
    );
}

#[test]
fn ownership_moves_in_two_steps() {
    let mut s = Suite::new();
    let (bob, carol, owner) = (s.bob.clone(), s.carol.clone(), s.owner.clone());
    s.exec(
        &owner,
        &ExecuteMsg::UpdateOwnership(Action::TransferOwnership {
            new_owner: bob.to_string(),
            expiry: None,
        }),
    )
    .unwrap();
    let err = s
        .exec(
            &carol,
            &ExecuteMsg::UpdateOwnership(Action::AcceptOwnership),
        )
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::Access(AccessError::Ownership(OwnershipError::NotPendingOwner))
    );
    s.exec(&bob, &ExecuteMsg::UpdateOwnership(Action::AcceptOwnership))
        .unwrap();
    s.exec(
        &bob,
        &ExecuteMsg::UpdateRoles(RoleAction::Grant {
            role: Role::Issuer,
            address: carol.to_string(),
        }),
    )
    .unwrap();
    let err = s
        .exec(
            &owner,
            &ExecuteMsg::UpdateRoles(RoleAction::Grant {
                role: Role::Issuer,
                address: owner.to_string(),
            }),
        )
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::Access(AccessError::Ownership(OwnershipError::NotOwner))
    );
}

#[test]
fn config_and_migration() {
    let mut s = Suite::new();
    let cfg: ConfigResponse = s.query(&QueryMsg::Config {});
    assert_eq!(
        (cfg.cash_adapter, cfg.registry),
        (s.adapter.clone(), s.registry.clone())
    );
    let res = s.migrate().unwrap();
    assert_eq!(attr(&res, "action").unwrap(), "migrate");
    assert_eq!(
        attr(&res, "to_version").unwrap(),
        env!("CARGO_PKG_VERSION").to_string()
    );
}

#[test]
fn migration_accepts_an_older_version_and_refuses_a_downgrade() {
    let mut s = Suite::new();
    let escrow = s.escrow.clone();
    cw2::set_contract_version(
        s.app.contract_storage_mut(&escrow).as_mut(),
        "crates.io:dvp-escrow",
        "0.0.1",
    )
    .unwrap();
    let res = s.migrate().unwrap();
    assert_eq!(attr(&res, "from_version").unwrap(), "0.0.1");

    cw2::set_contract_version(
        s.app.contract_storage_mut(&escrow).as_mut(),
        "crates.io:dvp-escrow",
        "99.0.0",
    )
    .unwrap();
    let err = escrow_err(s.migrate().unwrap_err());
    assert!(
        matches!(&err, ContractError::Std(cosmwasm_std::StdError::GenericErr { msg, .. })
            if msg.contains("newer version")),
        "{err:?}"
    );
}
