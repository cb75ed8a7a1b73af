//! Message handlers, one file per concern: check the caller, validate, run the compliance
//! check, respond.

pub mod admin;
pub mod agent;
pub mod allowance;
pub mod cw20;
pub mod hold;
pub mod issuance;

use cosmwasm_std::{Addr, Attribute, DepsMut, Env, Event, Storage};
use sto_access::{has_role, Role};
use sto_interface::common::EventRef;
use sto_interface::token::MAX_LEGAL_REFERENCE_LEN;

use crate::compliance::{assess, HoldCut, Movement};
use crate::error::ContractError;
use crate::state::CONFIG;

/// Longest accepted `EventRef::External` reference.
const MAX_EXTERNAL_REF_LEN: usize = 128;

/// Run the one compliance check on `mv` and apply it, or refuse with the first reason.
/// Returns the holds an agent movement cut.
pub(crate) fn run(deps: DepsMut, env: &Env, mv: Movement) -> Result<Vec<HoldCut>, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    assess(deps.as_ref(), env, &config, mv)?.execute(deps.storage, env)
}

/// One `hold_cut` event per hold an agent movement cut, with the movement's legal basis.
pub(crate) fn cut_events(owner: &Addr, cuts: Vec<HoldCut>, legal_reference: &str) -> Vec<Event> {
    cuts.into_iter()
        .map(|c| {
            Event::new("hold_cut").add_attributes([
                Attribute::new("action", "hold_cut"),
                Attribute::new("id", c.id.to_string()),
                Attribute::new("owner", owner),
                Attribute::new("amount", c.amount),
                Attribute::new("remaining", c.remaining),
                Attribute::new("hold_reference", c.reference),
                Attribute::new("legal_reference", legal_reference),
            ])
        })
        .collect()
}

/// Fail unless `sender` holds at least one of `roles`.
pub(crate) fn assert_any_role(
    storage: &dyn Storage,
    roles: &[Role],
    sender: &Addr,
) -> Result<(), ContractError> {
    if roles.iter().any(|r| has_role(storage, *r, sender)) {
        Ok(())
    } else {
        Err(ContractError::MissingAnyRole {
            roles: roles.to_vec(),
            address: sender.to_string(),
        })
    }
}

/// Check a legal reference: 1 to 128 characters.
pub(crate) fn validate_legal_reference(reference: &str) -> Result<(), ContractError> {
    if reference.is_empty() || reference.len() > MAX_LEGAL_REFERENCE_LEN {
        Err(ContractError::InvalidLegalReference {
            max: MAX_LEGAL_REFERENCE_LEN,
        })
    } else {
        Ok(())
    }
}

/// Check an event reference and turn it into a `reference` attribute.
pub(crate) fn reference_attr(
    reference: &Option<EventRef>,
) -> Result<Option<Attribute>, ContractError> {
    match reference {
        None => Ok(None),
        Some(EventRef::External { reference: r })
            if r.is_empty() || r.len() > MAX_EXTERNAL_REF_LEN =>
        {
            Err(ContractError::InvalidLegalReference {
                max: MAX_EXTERNAL_REF_LEN,
            })
        }
        Some(r) => Ok(Some(Attribute::new("reference", r.to_string()))),
    }
}
