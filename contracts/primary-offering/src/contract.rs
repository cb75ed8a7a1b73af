//! Entry points: refuse funds, dispatch, seal every successful execute into the audit trail.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    to_json_binary, Attribute, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult,
};
use cw_utils::nonpayable;
use sto_access::validate_addr;
use sto_interface::audit::{self, AuditHead};
use sto_interface::offering::{Config, ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::error::ContractError;
use crate::execute::{admin, allocate, close, open, out_of_line, subscribe};
use crate::query;
use crate::state::{CONFIG, CONTRACT_NAME, CONTRACT_VERSION, LAST_OFFERING_ID};

/// Record the owner and the cash adapter.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let owner = msg.owner.unwrap_or_else(|| info.sender.to_string());
    sto_access::initialize_owner(deps.storage, deps.api, &owner)?;
    let cash_adapter = validate_addr(deps.api, &msg.cash_adapter)?;
    CONFIG.save(
        deps.storage,
        &Config {
            cash_adapter: cash_adapter.clone(),
        },
    )?;
    LAST_OFFERING_ID.save(deps.storage, &0)?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "instantiate"),
        Attribute::new("owner", owner),
        Attribute::new("cash_adapter", cash_adapter),
    ]))
}

/// Dispatch an execute message and seal its response into the audit trail.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    let response = dispatch(deps.branch(), env, info, msg)?;
    Ok(audit::seal(deps.storage, response)?)
}

fn dispatch(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::OpenOffering(terms) => open::open_offering(deps, env, info, terms),
        ExecuteMsg::HoldPlaced(placed) => subscribe::hold_placed(deps, env, info, placed),
        ExecuteMsg::Close { offering_id } => close::close(deps, env, info, offering_id),
        ExecuteMsg::Allocate {
            offering_id,
            investors,
        } => out_of_line(
            |(deps, env, info, offering_id, investors)| {
                allocate::allocate(deps, env, info, offering_id, investors)
            },
            (deps, env, info, offering_id, investors),
        ),
        ExecuteMsg::AllowToken { token, checksum } => {
            admin::allow_token(deps, env, info, token, checksum)
        }
        ExecuteMsg::DisallowToken { token } => admin::disallow_token(deps, info, token),
        ExecuteMsg::UpdateOwnership(action) => Ok(sto_access::execute_update_ownership(
            deps,
            &env.block,
            &info.sender,
            action,
        )?),
    }
}

/// Answer a query.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&CONFIG.load(deps.storage)?),
        QueryMsg::Offering { id } => to_json_binary(&query::offering(deps, id)?),
        QueryMsg::Offerings { start_after, limit } => {
            to_json_binary(&query::offerings(deps, start_after, limit)?)
        }
        QueryMsg::Subscription {
            offering_id,
            investor,
        } => to_json_binary(&query::subscription(deps, offering_id, investor)?),
        QueryMsg::Subscriptions {
            offering_id,
            start_after,
            limit,
        } => to_json_binary(&query::subscriptions(
            deps,
            offering_id,
            start_after,
            limit,
        )?),
        QueryMsg::AllowedTokens { start_after, limit } => {
            to_json_binary(&query::allowed_tokens(deps, start_after, limit)?)
        }
        QueryMsg::Audit {} => to_json_binary(&AuditHead::load(deps.storage)?.to_response()),
        QueryMsg::Ownership {} => to_json_binary(&sto_access::ownership(deps.storage)?),
    }
}

/// Migrate from an older version of this contract (never from another contract or a newer
/// version).
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    let from = cw2::ensure_from_older_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", from.to_string())
        .add_attribute("to_version", CONTRACT_VERSION))
}
