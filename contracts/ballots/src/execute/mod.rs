//! Message handlers, one file per message: check the caller, validate, mutate, respond.

pub mod close;
pub mod open;
pub mod vote;

use cosmwasm_std::{Addr, QuerierWrapper};
use cosmwasm_std::{Storage, Uint128};
use sto_access::{HasRoleResponse, Role};
use sto_interface::ballots::Ballot;
use sto_interface::token;

use crate::error::ContractError;
use crate::state::BALLOTS;

/// Load a ballot's terms or fail with [`ContractError::BallotNotFound`].
pub fn load_ballot(storage: &dyn Storage, ballot_id: u64) -> Result<Ballot, ContractError> {
    BALLOTS
        .may_load(storage, ballot_id)?
        .ok_or(ContractError::BallotNotFound { ballot_id })
}

/// Whether `address` holds `role` on `token` (a smart query; used only when opening).
pub fn token_has_role(
    querier: &QuerierWrapper,
    token_addr: &Addr,
    role: Role,
    address: &Addr,
) -> Result<bool, ContractError> {
    let res: HasRoleResponse = querier.query_wasm_smart(
        token_addr,
        &token::QueryMsg::HasRole {
            role,
            address: address.to_string(),
        },
    )?;
    Ok(res.has_role)
}

/// The supply at a ballot's record height (raw read of the token's published layout).
pub fn record_supply(
    storage: &dyn Storage,
    querier: &QuerierWrapper,
    ballot: &Ballot,
) -> Result<Uint128, ContractError> {
    if let Some(supply) = crate::state::RECORD_SUPPLIES.may_load(storage, ballot.id)? {
        return Ok(supply);
    }
    Ok(token::layout::query_record_supply(
        querier,
        &ballot.token,
        ballot.record_height,
    )?)
}
