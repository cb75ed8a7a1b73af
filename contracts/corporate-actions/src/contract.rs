//! Entry points: refuse funds, check the paying-agent role once for its sub-enum, dispatch.
//!
//! No message takes funds: USD1 reaches the distributor's pool through the cash adapter, which
//! calls `cash_received` without funds.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult};
use cw_utils::nonpayable;
use sto_access::Role;
use sto_interface::actions::{
    AgentMsg, ExecuteMsg, FundingMode, InstantiateMsg, MigrateMsg, QueryMsg,
};

use crate::error::ContractError;
use crate::execute::announce::Announcement;
use crate::execute::{admin, announce, claim, close, funding, redirect, sub_account, surplus};
use crate::query;
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};

/// Roles this contract uses.
pub const ROLES: &[Role] = &[Role::PayingAgent];

/// Record the configuration, the owner and the first paying agents.
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

/// Dispatch an execute message.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::CashReceived(receipt) => funding::cash_received(deps, env, info, receipt),
        ExecuteMsg::Claim { action_id } => claim::claim(deps, env, info, action_id),
        ExecuteMsg::TransferAgentPushClaims { action_id, holders } => {
            sub_account::transfer_agent_push_claims(deps, env, info, action_id, holders)
        }
        ExecuteMsg::Agent(msg) => {
            sto_access::assert_role(deps.storage, Role::PayingAgent, &info.sender)?;
            execute_agent(deps, env, info, msg)
        }
        ExecuteMsg::ReturnSurplus {
            asset,
            recipient,
            amount,
            reference,
        } => surplus::return_surplus(deps, env, info, asset, recipient, amount, reference),
        ExecuteMsg::ReclaimOrphanSubAccount {
            reference,
            recipient,
            ticket,
        } => sub_account::reclaim_orphan(deps, env, info, reference, recipient, ticket),
        ExecuteMsg::SetWithholdingRates { rates } => {
            admin::set_withholding_rates(deps, info, rates)
        }
        ExecuteMsg::UpdateConfig {
            registry,
            escrow,
            withholding_account,
            default_withholding_rate,
        } => admin::update_config(
            deps,
            info,
            registry,
            escrow,
            withholding_account,
            default_withholding_rate,
        ),
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

fn execute_agent(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: AgentMsg,
) -> Result<Response, ContractError> {
    match msg {
        AgentMsg::Announce {
            token,
            kind,
            record_height,
            basis,
            payment_time,
            claim_deadline,
            withholding,
            reclaim_address,
        } => announce::announce(
            deps,
            env,
            info,
            Announcement {
                token,
                kind,
                record_height,
                basis,
                payment_time,
                claim_deadline,
                withholding,
                reclaim_address,
                funding: FundingMode::Pool,
            },
        ),
        AgentMsg::AnnounceSubAccount {
            token,
            kind,
            record_height,
            basis,
            payment_time,
            claim_deadline,
            withholding,
            reclaim_address,
        } => announce::announce(
            deps,
            env,
            info,
            Announcement {
                token,
                kind,
                record_height,
                basis,
                payment_time,
                claim_deadline,
                withholding,
                reclaim_address,
                funding: FundingMode::SubAccount,
            },
        ),
        AgentMsg::Cancel { action_id } => announce::cancel(deps, env, info, action_id),
        AgentMsg::PushClaims { action_id, holders } => {
            claim::push_claims(deps, env, info, action_id, holders)
        }
        AgentMsg::Close { action_id } => close::close(deps, env, info, action_id),
        AgentMsg::RedirectClaim {
            action_id,
            holder,
            to,
            legal_reference,
        } => redirect::redirect_claim(deps, env, info, action_id, holder, to, legal_reference),
    }
}

/// Answer a query.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Surplus { asset } => {
            let figures = surplus::checked_asset(deps, asset)
                .and_then(|asset| surplus::surplus(deps, &env, asset))
                .map_err(|e| cosmwasm_std::StdError::generic_err(e.to_string()))?;
            to_json_binary(&figures)
        }
        QueryMsg::Action { id } => to_json_binary(&query::action(deps, id)?),
        QueryMsg::Actions { start_after, limit } => {
            to_json_binary(&query::actions(deps, start_after, limit)?)
        }
        QueryMsg::ActionsByToken {
            token,
            start_after,
            limit,
        } => to_json_binary(&query::actions_by_token(deps, token, start_after, limit)?),
        QueryMsg::Entitlement { action_id, holder } => {
            to_json_binary(&query::entitlement(deps, &env, action_id, holder)?)
        }
        QueryMsg::ClaimStatus { action_id, holder } => {
            to_json_binary(&query::claim_status(deps, action_id, holder)?)
        }
        QueryMsg::Claims {
            action_id,
            start_after,
            limit,
        } => to_json_binary(&query::claims(deps, action_id, start_after, limit)?),
        QueryMsg::WithholdingRate { jurisdiction } => {
            to_json_binary(&query::withholding_rate(deps, jurisdiction)?)
        }
        QueryMsg::WithholdingRates { start_after, limit } => {
            to_json_binary(&query::withholding_rates(deps, start_after, limit)?)
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
    use cosmwasm_std::StdError;

    #[test]
    fn migrate_from_an_older_version_records_the_new_one() {
        let mut deps = mock_dependencies();
        cw2::set_contract_version(deps.as_mut().storage, CONTRACT_NAME, "0.0.1").unwrap();
        let res = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
        assert_eq!(res.attributes[1].value, "0.0.1");
        let stored = cw2::get_contract_version(deps.as_ref().storage).unwrap();
        assert_eq!(stored.version, CONTRACT_VERSION);
    }

    #[test]
    fn migrate_refuses_a_newer_version_or_another_contract() {
        let mut deps = mock_dependencies();
        cw2::set_contract_version(deps.as_mut().storage, CONTRACT_NAME, "99.0.0").unwrap();
        let err = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err();
        assert_eq!(
            err,
            ContractError::Std(StdError::generic_err(format!(
                "Cannot migrate from newer version (99.0.0) to older ({CONTRACT_VERSION})"
            )))
        );

        cw2::set_contract_version(deps.as_mut().storage, "crates.io:cw20-base", "0.0.1").unwrap();
        let err = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err();
        assert_eq!(
            err,
            ContractError::Std(StdError::generic_err(format!(
                "Cannot migrate from crates.io:cw20-base to {CONTRACT_NAME}"
            )))
        );
    }
}
