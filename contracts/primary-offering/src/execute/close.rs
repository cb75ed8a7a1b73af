//! Closing: anyone records the outcome and the allocation ratio once the window is over, in
//! constant time.

use cosmwasm_std::{Attribute, Decimal, DepsMut, Env, MessageInfo, Response, Uint128};
use sto_interface::offering::{OfferingClose, OfferingStatus};

use crate::error::ContractError;
use crate::execute::load_offering;
use crate::state::OFFERINGS;

/// Record the outcome of an offering whose window is over (anyone, once).
///
/// Succeeded when at least the soft cap (and at least one unit) was subscribed; the units to
/// allot are `min(hard_cap, subscribed)` and the ratio `min(1, hard_cap / subscribed)`.
pub fn close(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    offering_id: u64,
) -> Result<Response, ContractError> {
    let mut offering = load_offering(deps.storage, offering_id)?;
    if offering.status != OfferingStatus::Open {
        return Err(ContractError::AlreadyClosed {
            offering_id,
            status: offering.status,
        });
    }
    let now = env.block.time;
    if now < offering.end {
        return Err(ContractError::WindowNotEnded {
            offering_id,
            end: offering.end,
            now,
        });
    }
    let subscribed = offering.subscribed_units;
    let succeeded = !subscribed.is_zero() && subscribed >= offering.soft_cap;
    let (status, allotted_units, ratio) = if succeeded {
        let allotted = subscribed.min(offering.hard_cap);
        // Rounded down; allocations use the exact fraction allotted / subscribed.
        let ratio = Decimal::checked_from_ratio(allotted, subscribed)
            .map_err(|e| cosmwasm_std::StdError::generic_err(e.to_string()))?;
        (OfferingStatus::Succeeded, allotted, ratio)
    } else {
        (OfferingStatus::Failed, Uint128::zero(), Decimal::zero())
    };
    offering.status = status;
    offering.close = Some(OfferingClose {
        closed_at: now,
        closed_by: info.sender.clone(),
        allotted_units,
        ratio,
    });
    OFFERINGS.save(deps.storage, offering_id, &offering)?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "offering_closed"),
        Attribute::new("offering_id", offering_id.to_string()),
        Attribute::new("status", status.as_str()),
        Attribute::new("closed_by", info.sender),
        Attribute::new("subscribers", offering.subscribers.to_string()),
        Attribute::new("subscribed_units", subscribed),
        Attribute::new("held", offering.held),
        Attribute::new("allotted_units", allotted_units),
        Attribute::new("ratio", ratio.to_string()),
    ]))
}
