//! Entry points: refuse funds, dispatch, seal every successful execute into the audit trail.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult};
use cw_utils::nonpayable;
use sto_access::Role;
use sto_interface::audit;
use sto_interface::settlement::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::error::ContractError;
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::trades::NewTrade;
use crate::{admin, query, trades};

/// Roles this contract uses.
pub const ROLES: &[Role] = &[Role::SettlementOperator];

/// Record the configuration, the owner and the first settlement operators.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    admin::instantiate(deps, info, msg)
}

/// Dispatch a message and seal its response into the audit trail.
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
        ExecuteMsg::CreateTrade {
            legs,
            deadline,
            settle_not_before,
            approver,
            venue_reference,
        } => trades::create(
            deps,
            env,
            info,
            NewTrade {
                legs,
                deadline,
                settle_not_before,
                approver,
                venue_reference,
            },
        ),
        ExecuteMsg::HoldPlaced(placed) => trades::hold_placed(deps, env, info, placed),
        ExecuteMsg::SettleTrade { trade_id } => trades::settle(deps, env, info, trade_id),
        ExecuteMsg::WithdrawAffirmation { trade_id, leg } => {
            trades::withdraw(deps, env, info, trade_id, leg)
        }
        ExecuteMsg::CancelTrade {
            trade_id,
            legal_reference,
        } => trades::cancel(deps, env, info, trade_id, legal_reference),
        ExecuteMsg::ExpireTrade { trade_id } => trades::expire(deps, env, info, trade_id),
        ExecuteMsg::AllowToken { token, checksum } => {
            admin::allow_token(deps, env, info, token, checksum)
        }
        ExecuteMsg::DisallowToken { token } => admin::disallow_token(deps, info, token),
        ExecuteMsg::SetMaxSettlementWindow { seconds } => admin::set_window(deps, info, seconds),
        ExecuteMsg::UpdateOwnership(action) => Ok(sto_access::execute_update_ownership(
            deps,
            &env.block,
            &info.sender,
            action,
        )?),
        ExecuteMsg::UpdateRoles(action) => Ok(sto_access::execute_update_roles(
            deps,
            &info.sender,
            action,
            ROLES,
        )?),
    }
}

/// Answer a query.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&crate::state::CONFIG.load(deps.storage)?),
        QueryMsg::Trade { id } => to_json_binary(&query::trade(deps, id)?),
        QueryMsg::TradesByParty {
            party,
            start_after,
            limit,
        } => to_json_binary(&query::trades_by_party(deps, party, start_after, limit)?),
        QueryMsg::AllowedTokens { start_after, limit } => {
            to_json_binary(&query::allowed_tokens(deps, start_after, limit)?)
        }
        QueryMsg::Ownership {} => to_json_binary(&sto_access::ownership(deps.storage)?),
        QueryMsg::RoleMembers {
            role,
            start_after,
            limit,
        } => to_json_binary(&sto_access::query_role_members(
            deps.storage,
            deps.api,
            role,
            start_after,
            limit,
        )?),
        QueryMsg::HasRole { role, address } => to_json_binary(&sto_access::query_has_role(
            deps.storage,
            deps.api,
            role,
            address,
        )?),
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

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::{mock_dependencies, mock_env};

    #[test]
    fn migrate_from_an_older_version_only() {
        let mut deps = mock_dependencies();
        cw2::set_contract_version(deps.as_mut().storage, CONTRACT_NAME, "0.0.1").unwrap();
        let res = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
        assert_eq!(res.attributes[1].value, "0.0.1");
        assert_eq!(
            cw2::get_contract_version(deps.as_ref().storage)
                .unwrap()
                .version,
            CONTRACT_VERSION
        );
        cw2::set_contract_version(deps.as_mut().storage, CONTRACT_NAME, "99.0.0").unwrap();
        assert!(migrate(deps.as_mut(), mock_env(), MigrateMsg {}).is_err());
        cw2::set_contract_version(deps.as_mut().storage, "crates.io:dvp-escrow", "0.0.1").unwrap();
        assert!(migrate(deps.as_mut(), mock_env(), MigrateMsg {}).is_err());
    }
}
