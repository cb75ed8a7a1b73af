//! Message handlers, one file per message: check the caller, validate, mutate, respond.

pub mod admin;
pub mod allocate;
pub mod close;
pub mod open;
pub mod subscribe;

use cosmwasm_std::{
    Addr, OverflowError, OverflowOperation, QuerierWrapper, Storage, Timestamp, Uint128,
};
use sto_access::{HasRoleResponse, Role};
use sto_interface::offering::Offering;
use sto_interface::token;

use crate::error::ContractError;
use crate::state::OFFERINGS;

/// Load an offering or fail with [`ContractError::OfferingNotFound`].
pub fn load_offering(storage: &dyn Storage, offering_id: u64) -> Result<Offering, ContractError> {
    OFFERINGS
        .may_load(storage, offering_id)?
        .ok_or(ContractError::OfferingNotFound { offering_id })
}

/// Whether `address` holds `role` on `token` (a smart query; used when opening and by an
/// allocation pushed by someone other than the issuer or the subscriber).
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

/// `t + seconds`, checked.
pub fn later(t: Timestamp, seconds: u64) -> Result<Timestamp, ContractError> {
    let nanos = seconds
        .checked_mul(1_000_000_000)
        .and_then(|n| t.nanos().checked_add(n))
        .ok_or(OverflowError::new(OverflowOperation::Add))?;
    Ok(Timestamp::from_nanos(nanos))
}

/// The cash cost of `units`: `units x unit_price`, checked.
pub fn cost(units: Uint128, unit_price: Uint128) -> Result<Uint128, ContractError> {
    Ok(units.checked_mul(unit_price)?)
}

/// Call `f(args)` through a function pointer the optimizers cannot see through, so that `f`
/// stays a function of its own in the artifact. The wasm optimizer inlines every function
/// called from one place; inlined together, the handlers' locals would exceed the 100 per
/// function the VM accepts.
pub fn out_of_line<A, R>(f: fn(A) -> R, args: A) -> R {
    std::hint::black_box(f)(args)
}
