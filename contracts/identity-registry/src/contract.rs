//! Entry points: validate the payment shape, then dispatch.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult};
use cw_utils::nonpayable;
use sto_access::Role;
use sto_interface::registry::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::error::ContractError;
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::{execute, query};

/// Roles this contract uses.
pub const ROLES: &[Role] = &[Role::ComplianceOfficer];

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    execute::instantiate(deps, info, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::RegisterInvestor {
            investor_id,
            wallets,
            jurisdiction,
            class,
            kyc_valid_until,
        } => execute::register_investor(
            deps,
            env,
            info,
            investor_id,
            wallets,
            jurisdiction,
            class,
            kyc_valid_until,
        ),
        ExecuteMsg::UpdateInvestor {
            investor_id,
            jurisdiction,
            class,
            kyc_valid_until,
        } => execute::update_investor(
            deps,
            env,
            info,
            investor_id,
            jurisdiction,
            class,
            kyc_valid_until,
        ),
        ExecuteMsg::AddWallet {
            investor_id,
            wallet,
        } => execute::add_wallet(deps, env, info, investor_id, wallet),
        ExecuteMsg::RemoveWallet {
            investor_id,
            wallet,
        } => execute::remove_wallet(deps, env, info, investor_id, wallet),
        ExecuteMsg::BlockInvestor {
            investor_id,
            reason_ref,
        } => execute::block_investor(deps, env, info, investor_id, reason_ref),
        ExecuteMsg::UnblockInvestor {
            investor_id,
            reason_ref,
        } => execute::unblock_investor(deps, env, info, investor_id, reason_ref),
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

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Verify { address } => to_json_binary(&query::verify(deps, &env, address)?),
        QueryMsg::VerifyBatch { addresses } => {
            to_json_binary(&query::verify_batch(deps, &env, addresses)?)
        }
        QueryMsg::Investor { investor_id } => to_json_binary(&query::investor(deps, investor_id)?),
        QueryMsg::InvestorByWallet { address } => {
            to_json_binary(&query::investor_by_wallet(deps, address)?)
        }
        QueryMsg::Investors { start_after, limit } => {
            to_json_binary(&query::investors(deps, start_after, limit)?)
        }
        QueryMsg::Wallets { start_after, limit } => {
            to_json_binary(&query::wallets(deps, start_after, limit)?)
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

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    let from = cw2::ensure_from_older_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", from.to_string())
        .add_attribute("to_version", CONTRACT_VERSION))
}
