//! Close (paying agent): after the claim deadline, what is left of an action goes back to its
//! reclaim address and the action is final.

use cosmwasm_std::{Attribute, DepsMut, Env, MessageInfo, Response};
use sto_interface::actions::{ActionStatus, FundingMode};
use sto_interface::cash::{CashAdapter, ReleaseKind};

use crate::error::ContractError;
use crate::execute::{load_action, sub_account};
use crate::state::{ACTIONS, CONFIG};

/// Release `funded - paid - parked - withheld - reclaimed` (unclaimed entitlements plus the
/// rounding dust) to the reclaim address and close the action. A partly funded action (never
/// fully funded before the deadline) is closed the same way: its funding goes back.
///
/// After it, `paid + parked + withheld + reclaimed = funded` exactly.
pub fn close(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    action_id: u64,
) -> Result<Response, ContractError> {
    let mut action = load_action(deps.storage, action_id)?;
    if action.funding == FundingMode::SubAccount {
        return sub_account::close(deps, env, info, action);
    }
    match action.status {
        ActionStatus::Announced | ActionStatus::Funded => {}
        status => {
            return Err(ContractError::ActionNotOpen {
                id: action_id,
                status,
            })
        }
    }
    if env.block.time < action.claim_deadline
        && !crate::execute::record_height_retired(&action, &env)
    {
        return Err(ContractError::DeadlineNotPassed {
            id: action_id,
            claim_deadline: action.claim_deadline,
            now: env.block.time,
        });
    }
    let config = CONFIG.load(deps.storage)?;
    let remaining = action.remaining();
    action.reclaimed = action.reclaimed.checked_add(remaining)?;
    action.status = ActionStatus::Closed;
    // The books balance to the last unit, whatever happened before.
    let outflows = action
        .paid
        .checked_add(action.parked)?
        .checked_add(action.withheld)?
        .checked_add(action.reclaimed)?;
    if outflows != action.funded {
        return Err(ContractError::InsufficientActionFunds {
            id: action_id,
            needed: outflows,
            available: action.funded,
        });
    }
    ACTIONS.save(deps.storage, action_id, &action)?;

    let mut response = Response::new();
    if !remaining.is_zero() {
        response = response.add_message(CashAdapter(config.cash_adapter).release(
            action.reclaim_address.as_str(),
            remaining,
            action.reference(),
            ReleaseKind::Reclaim,
        )?);
    }
    Ok(response.add_attributes([
        Attribute::new("action", "close_action"),
        Attribute::new("action_id", action_id.to_string()),
        Attribute::new("token", action.token.as_str()),
        Attribute::new("reclaim_address", action.reclaim_address.as_str()),
        Attribute::new("reclaimed", remaining.to_string()),
        Attribute::new("funded", action.funded.to_string()),
        Attribute::new("paid", action.paid.to_string()),
        Attribute::new("parked", action.parked.to_string()),
        Attribute::new("withheld", action.withheld.to_string()),
        Attribute::new("claims", action.claims.to_string()),
        Attribute::new("sender", info.sender),
    ]))
}
