//! Message handlers, one file per concern: check the caller, validate, mutate, respond.

pub mod admin;
pub mod announce;
pub mod claim;
pub mod close;
pub mod funding;

use cosmwasm_std::{Decimal, Storage};
use sto_interface::actions::{Config, CorporateAction};
use sto_interface::common::Jurisdiction;

use crate::error::ContractError;
use crate::state::{ACTIONS, WITHHOLDING_RATES};

/// Load an action or fail with [`ContractError::ActionNotFound`].
pub fn load_action(storage: &dyn Storage, id: u64) -> Result<CorporateAction, ContractError> {
    ACTIONS
        .may_load(storage, id)?
        .ok_or(ContractError::ActionNotFound { id })
}

/// The withholding rate of a jurisdiction: its entry, else the default. Wallets unknown to the
/// registry (`None`) pay the default rate.
pub fn withholding_rate(
    storage: &dyn Storage,
    config: &Config,
    jurisdiction: Option<&Jurisdiction>,
) -> Result<Decimal, ContractError> {
    Ok(match jurisdiction {
        Some(j) => WITHHOLDING_RATES
            .may_load(storage, j.as_str())?
            .unwrap_or(config.default_withholding_rate),
        None => config.default_withholding_rate,
    })
}

/// Fail unless `rate <= 1`.
pub fn ensure_rate_at_most_one(field: &str, rate: Decimal) -> Result<(), ContractError> {
    if rate > Decimal::one() {
        Err(ContractError::RateAboveOne {
            field: field.to_string(),
            rate,
        })
    } else {
        Ok(())
    }
}
