//! Access control shared by every contract of the suite.
//!
//! * **Ownership** is two-step (propose, then accept by the new owner, optionally with an expiry),
//!   provided by [`cw_ownable`]. The owner administers configuration and roles.
//! * **Roles** are named capabilities ([`Role`]) granted to addresses by the owner. A contract
//!   declares which roles it uses; granting any other role is refused so that a typo never
//!   produces a silent no-op grant.
//!
//! Every failure is an [`AccessError`]; contracts wrap it in their own `ContractError` with
//! `#[from]`, so callers see one error type for all access checks.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::fmt;

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    Addr, Api, Attribute, BlockInfo, DepsMut, Empty, Order, Response, StdResult, Storage,
};
use cw_storage_plus::{Bound, Map};

pub use cw_ownable::{Action as OwnershipAction, Ownership, OwnershipError};

/// Storage key of the ownership record (shared with `cw_ownable`).
pub const OWNERSHIP_KEY: &str = cw_ownable::OWNERSHIP_KEY;
/// Role membership: `(role, address) -> ()`. Storage key `roles`.
pub const ROLE_MEMBERS: Map<(&str, &Addr), Empty> = Map::new("roles");

/// Default page size of role listings.
pub const DEFAULT_LIMIT: u32 = 30;
/// Largest page size of role listings.
pub const MAX_LIMIT: u32 = 100;

/// A named capability. Each contract documents which of these it uses.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Registers, updates, blocks and unblocks investors (identity registry).
    ComplianceOfficer,
    /// Issues, redeems, freezes, force-transfers and recovers the security (security token).
    TransferAgent,
    /// May pause and unpause a contract.
    Pauser,
    /// May mint in an issuance without the other transfer-agent powers (e.g. the DvP escrow).
    Minter,
    /// May open balance checkpoints for record dates (e.g. the corporate-actions contract).
    CheckpointOpener,
    /// Posts reserve attestations of the USD1 stablecoin (cash adapter).
    Attestor,
    /// Confirms or rejects off-ramp redemptions of USD1 into bank dollars (cash adapter).
    OffRampOperator,
    /// Opens primary offerings (DvP escrow).
    Issuer,
    /// A broker or trading venue creating settlement instructions on behalf of parties.
    SettlementOperator,
    /// Announces, funds and closes corporate actions (corporate-actions distributor).
    PayingAgent,
    /// May burn a holder's tokens in a redemption (e.g. the corporate-actions contract at
    /// maturity) without the other transfer-agent powers.
    Redeemer,
}

impl Role {
    /// Every role, in declaration order.
    pub const ALL: [Role; 11] = [
        Role::ComplianceOfficer,
        Role::TransferAgent,
        Role::Pauser,
        Role::Minter,
        Role::CheckpointOpener,
        Role::Attestor,
        Role::OffRampOperator,
        Role::Issuer,
        Role::SettlementOperator,
        Role::PayingAgent,
        Role::Redeemer,
    ];

    /// The role's stable snake_case name, used as storage key and in events.
    pub const fn as_str(&self) -> &'static str {
        match self {
            Role::ComplianceOfficer => "compliance_officer",
            Role::TransferAgent => "transfer_agent",
            Role::Pauser => "pauser",
            Role::Minter => "minter",
            Role::CheckpointOpener => "checkpoint_opener",
            Role::Attestor => "attestor",
            Role::OffRampOperator => "off_ramp_operator",
            Role::Issuer => "issuer",
            Role::SettlementOperator => "settlement_operator",
            Role::PayingAgent => "paying_agent",
            Role::Redeemer => "redeemer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Role administration. Grant and revoke are owner-only; renounce is done by the holder.
#[cw_serde]
pub enum RoleAction {
    /// Give `role` to `address`. Owner only.
    Grant {
        /// The role to grant; must be one this contract uses.
        role: Role,
        /// Bech32 address receiving the role.
        address: String,
    },
    /// Take `role` away from `address`. Owner only.
    Revoke {
        /// The role to revoke.
        role: Role,
        /// Bech32 address losing the role.
        address: String,
    },
    /// The sender gives up `role` it holds.
    Renounce {
        /// The role to give up.
        role: Role,
    },
}

/// Members of one role, one page.
#[cw_serde]
pub struct RoleMembersResponse {
    /// The role listed.
    pub role: Role,
    /// Members, in address order.
    pub members: Vec<Addr>,
    /// Whether another page follows (pass the last member as `start_after`).
    pub has_more: bool,
}

/// Whether an address holds a role.
#[cw_serde]
pub struct HasRoleResponse {
    /// The role asked about.
    pub role: Role,
    /// The address asked about.
    pub address: Addr,
    /// True when the address holds the role.
    pub has_role: bool,
}

/// The one error type of all access checks.
#[derive(thiserror::Error, Debug, PartialEq)]
pub enum AccessError {
    /// A storage or serialization failure.
    #[error(transparent)]
    Std(#[from] cosmwasm_std::StdError),

    /// Ownership checks and transfers (not owner, not pending owner, expired, renounced).
    #[error(transparent)]
    Ownership(#[from] OwnershipError),

    /// The sender does not hold the role the action needs.
    #[error(
        "{address} does not hold the `{role}` role this action requires; ask the owner to grant it"
    )]
    MissingRole {
        /// The role required.
        role: Role,
        /// The address that tried.
        address: String,
    },

    /// The role is not one this contract uses.
    #[error("role `{role}` is not used by this contract; roles used here: {used}")]
    RoleNotUsed {
        /// The role asked for.
        role: Role,
        /// Comma-separated roles this contract uses.
        used: String,
    },

    /// Granting a role the address already holds.
    #[error("{address} already holds the `{role}` role")]
    AlreadyGranted {
        /// The role.
        role: Role,
        /// The address.
        address: String,
    },

    /// Revoking or renouncing a role the address does not hold.
    #[error("{address} does not hold the `{role}` role")]
    NotGranted {
        /// The role.
        role: Role,
        /// The address.
        address: String,
    },

    /// An address that is not a valid, normalized bech32 address of this chain.
    #[error("invalid address `{address}`: {reason}; use the lower-case bech32 form of this chain")]
    InvalidAddress {
        /// The address as given.
        address: String,
        /// Why it was rejected.
        reason: String,
    },
}

/// Validate an address, turning the failure into [`AccessError::InvalidAddress`].
pub fn validate_addr(api: &dyn Api, address: &str) -> Result<Addr, AccessError> {
    api.addr_validate(address)
        .map_err(|e| AccessError::InvalidAddress {
            address: address.to_string(),
            reason: e.to_string(),
        })
}

/// Record the initial owner (defaults to the instantiating sender at the call site).
pub fn initialize_owner(
    storage: &mut dyn Storage,
    api: &dyn Api,
    owner: &str,
) -> Result<Ownership<Addr>, AccessError> {
    validate_addr(api, owner)?;
    Ok(cw_ownable::initialize_owner(storage, api, Some(owner))?)
}

/// Fail unless `sender` is the current owner.
pub fn assert_owner(storage: &dyn Storage, sender: &Addr) -> Result<(), AccessError> {
    Ok(cw_ownable::assert_owner(storage, sender)?)
}

/// The current ownership record.
pub fn ownership(storage: &dyn Storage) -> StdResult<Ownership<Addr>> {
    cw_ownable::get_ownership(storage)
}

/// Whether `address` holds `role`.
pub fn has_role(storage: &dyn Storage, role: Role, address: &Addr) -> bool {
    ROLE_MEMBERS.has(storage, (role.as_str(), address))
}

/// Fail unless `sender` holds `role`.
pub fn assert_role(storage: &dyn Storage, role: Role, sender: &Addr) -> Result<(), AccessError> {
    if has_role(storage, role, sender) {
        Ok(())
    } else {
        Err(AccessError::MissingRole {
            role,
            address: sender.to_string(),
        })
    }
}

/// Give `role` to `address` without an owner check (instantiate-time setup).
pub fn grant_role(storage: &mut dyn Storage, role: Role, address: &Addr) -> StdResult<()> {
    ROLE_MEMBERS.save(storage, (role.as_str(), address), &Empty {})
}

fn ensure_used(role: Role, used: &[Role]) -> Result<(), AccessError> {
    if used.contains(&role) {
        Ok(())
    } else {
        Err(AccessError::RoleNotUsed {
            role,
            used: used.iter().map(Role::as_str).collect::<Vec<_>>().join(", "),
        })
    }
}

/// Handle `UpdateOwnership`: propose, accept or renounce ownership.
///
/// Emits `action = update_ownership` plus the new owner, pending owner and expiry.
pub fn execute_update_ownership(
    deps: DepsMut,
    block: &BlockInfo,
    sender: &Addr,
    action: OwnershipAction,
) -> Result<Response, AccessError> {
    if let OwnershipAction::TransferOwnership { new_owner, .. } = &action {
        validate_addr(deps.api, new_owner)?;
    }
    let ownership = cw_ownable::update_ownership(deps, block, sender, action)?;
    Ok(Response::new()
        .add_attribute("action", "update_ownership")
        .add_attribute("sender", sender.as_str())
        .add_attributes(ownership.into_attributes()))
}

/// Handle `UpdateRoles`. `used` lists the roles the calling contract knows.
///
/// Emits `action = grant_role | revoke_role | renounce_role`, `role`, `address`, `sender`.
pub fn execute_update_roles(
    deps: DepsMut,
    sender: &Addr,
    action: RoleAction,
    used: &[Role],
) -> Result<Response, AccessError> {
    let (name, role, address) = match action {
        RoleAction::Grant { role, address } => {
            assert_owner(deps.storage, sender)?;
            ensure_used(role, used)?;
            let addr = validate_addr(deps.api, &address)?;
            if has_role(deps.storage, role, &addr) {
                return Err(AccessError::AlreadyGranted { role, address });
            }
            grant_role(deps.storage, role, &addr)?;
            ("grant_role", role, addr)
        }
        RoleAction::Revoke { role, address } => {
            assert_owner(deps.storage, sender)?;
            ensure_used(role, used)?;
            let addr = validate_addr(deps.api, &address)?;
            if !has_role(deps.storage, role, &addr) {
                return Err(AccessError::NotGranted { role, address });
            }
            ROLE_MEMBERS.remove(deps.storage, (role.as_str(), &addr));
            ("revoke_role", role, addr)
        }
        RoleAction::Renounce { role } => {
            ensure_used(role, used)?;
            if !has_role(deps.storage, role, sender) {
                return Err(AccessError::NotGranted {
                    role,
                    address: sender.to_string(),
                });
            }
            ROLE_MEMBERS.remove(deps.storage, (role.as_str(), sender));
            ("renounce_role", role, sender.clone())
        }
    };
    Ok(Response::new().add_attributes([
        Attribute::new("action", name),
        Attribute::new("role", role.as_str()),
        Attribute::new("address", address.as_str()),
        Attribute::new("sender", sender.as_str()),
    ]))
}

/// One page of the members of `role`.
pub fn query_role_members(
    storage: &dyn Storage,
    api: &dyn Api,
    role: Role,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<RoleMembersResponse> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT) as usize;
    let start = start_after.map(|s| api.addr_validate(&s)).transpose()?;
    let mut members = ROLE_MEMBERS
        .prefix(role.as_str())
        .keys(
            storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(limit.saturating_add(1))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = members.len() > limit;
    members.truncate(limit);
    Ok(RoleMembersResponse {
        role,
        members,
        has_more,
    })
}

/// Whether `address` holds `role`, as a query answer.
pub fn query_has_role(
    storage: &dyn Storage,
    api: &dyn Api,
    role: Role,
    address: String,
) -> StdResult<HasRoleResponse> {
    let address = api.addr_validate(&address)?;
    Ok(HasRoleResponse {
        role,
        has_role: has_role(storage, role, &address),
        address,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::{mock_dependencies, mock_env};

    const USED: &[Role] = &[Role::ComplianceOfficer, Role::Pauser];

    #[test]
    fn owner_grants_and_revokes_a_used_role() {
        let mut deps = mock_dependencies();
        let owner = deps.api.addr_make("owner");
        let officer = deps.api.addr_make("officer");
        initialize_owner(&mut deps.storage, &deps.api, owner.as_str()).unwrap();

        let res = execute_update_roles(
            deps.as_mut(),
            &owner,
            RoleAction::Grant {
                role: Role::ComplianceOfficer,
                address: officer.to_string(),
            },
            USED,
        )
        .unwrap();
        assert_eq!(res.attributes[0], Attribute::new("action", "grant_role"));
        assert!(has_role(&deps.storage, Role::ComplianceOfficer, &officer));
        assert_role(&deps.storage, Role::ComplianceOfficer, &officer).unwrap();

        execute_update_roles(
            deps.as_mut(),
            &owner,
            RoleAction::Revoke {
                role: Role::ComplianceOfficer,
                address: officer.to_string(),
            },
            USED,
        )
        .unwrap();
        assert_eq!(
            assert_role(&deps.storage, Role::ComplianceOfficer, &officer).unwrap_err(),
            AccessError::MissingRole {
                role: Role::ComplianceOfficer,
                address: officer.to_string()
            }
        );
    }

    #[test]
    fn non_owner_cannot_grant_and_unused_role_is_refused() {
        let mut deps = mock_dependencies();
        let owner = deps.api.addr_make("owner");
        let mallory = deps.api.addr_make("mallory");
        initialize_owner(&mut deps.storage, &deps.api, owner.as_str()).unwrap();

        let err = execute_update_roles(
            deps.as_mut(),
            &mallory,
            RoleAction::Grant {
                role: Role::Pauser,
                address: mallory.to_string(),
            },
            USED,
        )
        .unwrap_err();
        assert_eq!(err, AccessError::Ownership(OwnershipError::NotOwner));
        assert!(!has_role(&deps.storage, Role::Pauser, &mallory));

        let err = execute_update_roles(
            deps.as_mut(),
            &owner,
            RoleAction::Grant {
                role: Role::Attestor,
                address: mallory.to_string(),
            },
            USED,
        )
        .unwrap_err();
        assert_eq!(
            err,
            AccessError::RoleNotUsed {
                role: Role::Attestor,
                used: "compliance_officer, pauser".to_string()
            }
        );
    }

    #[test]
    fn double_grant_revoke_missing_and_renounce() {
        let mut deps = mock_dependencies();
        let owner = deps.api.addr_make("owner");
        let p = deps.api.addr_make("pauser");
        initialize_owner(&mut deps.storage, &deps.api, owner.as_str()).unwrap();
        let grant = RoleAction::Grant {
            role: Role::Pauser,
            address: p.to_string(),
        };
        execute_update_roles(deps.as_mut(), &owner, grant.clone(), USED).unwrap();
        assert_eq!(
            execute_update_roles(deps.as_mut(), &owner, grant, USED).unwrap_err(),
            AccessError::AlreadyGranted {
                role: Role::Pauser,
                address: p.to_string()
            }
        );
        execute_update_roles(
            deps.as_mut(),
            &p,
            RoleAction::Renounce { role: Role::Pauser },
            USED,
        )
        .unwrap();
        assert!(!has_role(&deps.storage, Role::Pauser, &p));
        assert_eq!(
            execute_update_roles(
                deps.as_mut(),
                &p,
                RoleAction::Renounce { role: Role::Pauser },
                USED
            )
            .unwrap_err(),
            AccessError::NotGranted {
                role: Role::Pauser,
                address: p.to_string()
            }
        );
    }

    #[test]
    fn ownership_is_two_step_and_only_the_pending_owner_accepts() {
        let mut deps = mock_dependencies();
        let env = mock_env();
        let owner = deps.api.addr_make("owner");
        let next = deps.api.addr_make("next");
        let other = deps.api.addr_make("other");
        initialize_owner(&mut deps.storage, &deps.api, owner.as_str()).unwrap();

        execute_update_ownership(
            deps.as_mut(),
            &env.block,
            &owner,
            OwnershipAction::TransferOwnership {
                new_owner: next.to_string(),
                expiry: None,
            },
        )
        .unwrap();
        // Still the old owner until accepted.
        assert_eq!(ownership(&deps.storage).unwrap().owner, Some(owner.clone()));
        assert_eq!(
            execute_update_ownership(
                deps.as_mut(),
                &env.block,
                &other,
                OwnershipAction::AcceptOwnership
            )
            .unwrap_err(),
            AccessError::Ownership(OwnershipError::NotPendingOwner)
        );
        execute_update_ownership(
            deps.as_mut(),
            &env.block,
            &next,
            OwnershipAction::AcceptOwnership,
        )
        .unwrap();
        assert_eq!(ownership(&deps.storage).unwrap().owner, Some(next));
    }

    #[test]
    fn invalid_addresses_are_typed_errors() {
        let mut deps = mock_dependencies();
        let owner = deps.api.addr_make("owner");
        initialize_owner(&mut deps.storage, &deps.api, owner.as_str()).unwrap();
        let upper = owner.as_str().to_uppercase();
        let err = execute_update_roles(
            deps.as_mut(),
            &owner,
            RoleAction::Grant {
                role: Role::Pauser,
                address: upper.clone(),
            },
            USED,
        )
        .unwrap_err();
        assert!(matches!(err, AccessError::InvalidAddress { address, .. } if address == upper));
    }

    #[test]
    fn members_are_paginated() {
        let mut deps = mock_dependencies();
        let mut addrs: Vec<Addr> = (0..5)
            .map(|i| deps.api.addr_make(&format!("m{i}")))
            .collect();
        for a in &addrs {
            grant_role(&mut deps.storage, Role::Pauser, a).unwrap();
        }
        addrs.sort();
        let page =
            query_role_members(&deps.storage, &deps.api, Role::Pauser, None, Some(3)).unwrap();
        assert_eq!(page.members, addrs[..3].to_vec());
        assert!(page.has_more);
        let page = query_role_members(
            &deps.storage,
            &deps.api,
            Role::Pauser,
            Some(addrs[2].to_string()),
            Some(3),
        )
        .unwrap();
        assert_eq!(page.members, addrs[3..].to_vec());
        assert!(!page.has_more);
    }
}
