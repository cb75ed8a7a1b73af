//! Entry points: validate the payment shape, check the role of role-only sub-messages, then
//! dispatch.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult};
use cw_utils::nonpayable;
use sto_access::{assert_role, Role};
use sto_interface::audit::{self, AuditHead};
use sto_interface::token::{AgentMsg, ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::error::ContractError;
use crate::execute::{admin, agent, allowance, cw20, hold, issuance};
use crate::query;
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};

/// Roles this contract uses.
pub const ROLES: &[Role] = &[
    Role::TransferAgent,
    Role::Pauser,
    Role::Minter,
    Role::CheckpointOpener,
    Role::Redeemer,
    Role::Issuer,
    Role::PayingAgent,
];

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    admin::instantiate(deps, env, info, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    let response = dispatch(deps.branch(), env, info, msg)?;
    // Every successful state change advances the audit trail, here so no path forgets it.
    Ok(audit::seal(deps.storage, response)?)
}

fn dispatch(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::Transfer { recipient, amount } => {
            cw20::transfer(deps, env, info, recipient, amount)
        }
        ExecuteMsg::Burn { amount } => cw20::burn(deps, env, info, amount),
        ExecuteMsg::Send {
            contract,
            amount,
            msg,
        } => cw20::send(deps, env, info, contract, amount, msg),
        ExecuteMsg::IncreaseAllowance {
            spender,
            amount,
            expires,
        } => allowance::increase(deps, env, info, spender, amount, expires),
        ExecuteMsg::DecreaseAllowance {
            spender,
            amount,
            expires,
        } => allowance::decrease(deps, env, info, spender, amount, expires),
        ExecuteMsg::TransferFrom {
            owner,
            recipient,
            amount,
        } => cw20::transfer_from(deps, env, info, owner, recipient, amount),
        ExecuteMsg::SendFrom {
            owner,
            contract,
            amount,
            msg,
        } => cw20::send_from(deps, env, info, owner, contract, amount, msg),
        ExecuteMsg::BurnFrom { owner, amount } => cw20::burn_from(deps, env, info, owner, amount),
        ExecuteMsg::Mint { recipient, amount } => cw20::mint(deps, env, info, recipient, amount),
        ExecuteMsg::Issue {
            recipient,
            amount,
            locked_until,
            reference,
        } => issuance::issue(deps, env, info, recipient, amount, locked_until, reference),
        ExecuteMsg::BatchIssue {
            issuances,
            reference,
        } => issuance::batch_issue(deps, env, info, issuances, reference),
        ExecuteMsg::Redeem {
            owner,
            amount,
            reference,
        } => issuance::redeem(deps, env, info, owner, amount, reference),
        ExecuteMsg::Agent(msg) => {
            assert_role(deps.storage, Role::TransferAgent, &info.sender)?;
            execute_agent(deps, env, info, msg)
        }
        ExecuteMsg::OpenCheckpoint { height, reference } => {
            admin::open_checkpoint(deps, env, info, height, reference)
        }
        ExecuteMsg::PlaceHold { owner, request } => hold::place(deps, env, info, owner, request),
        ExecuteMsg::ExecuteHold { id, amount } => hold::execute(deps, env, info, id, amount),
        ExecuteMsg::ReleaseHold { id } => hold::release(deps, env, info, id),
        ExecuteMsg::AuthorizeHoldOperator { operator, limit } => {
            hold::authorize_operator(deps, info, operator, limit)
        }
        ExecuteMsg::RevokeHoldOperator { operator } => hold::revoke_operator(deps, info, operator),
        ExecuteMsg::RegisterNotary { notary } => hold::register_notary(deps, info, notary),
        ExecuteMsg::RemoveNotary { notary } => hold::remove_notary(deps, info, notary),
        ExecuteMsg::SetMaxHoldDuration { seconds } => {
            hold::set_max_hold_duration(deps, info, seconds)
        }
        ExecuteMsg::Pause {} => admin::pause(deps, info, true),
        ExecuteMsg::Unpause {} => admin::pause(deps, info, false),
        ExecuteMsg::UpdateRules { rules } => admin::update_rules(deps, info, rules),
        ExecuteMsg::SetSystemAccount { address, system } => {
            admin::set_system_account(deps, info, address, system)
        }
        ExecuteMsg::SetDocument {
            name,
            uri,
            content_hash,
        } => admin::set_document(deps, env, info, name, uri, content_hash),
        ExecuteMsg::RemoveDocument { name } => admin::remove_document(deps, info, name),
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

/// Transfer-agent messages; the role was checked by the caller.
fn execute_agent(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: AgentMsg,
) -> Result<Response, ContractError> {
    match msg {
        AgentMsg::ForcedTransfer {
            from,
            to,
            amount,
            legal_reference,
            reference,
        } => agent::forced_transfer(
            deps,
            env,
            info,
            from,
            to,
            amount,
            legal_reference,
            reference,
        ),
        AgentMsg::RecoverWallet {
            lost,
            new_wallet,
            legal_reference,
        } => agent::recover_wallet(deps, env, info, lost, new_wallet, legal_reference),
        AgentMsg::Freeze {
            address,
            amount,
            legal_reference,
        } => agent::freeze(deps, info, address, amount, legal_reference),
        AgentMsg::Unfreeze {
            address,
            amount,
            legal_reference,
        } => agent::unfreeze(deps, info, address, amount, legal_reference),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Balance { address } => to_json_binary(&query::balance(deps, address)?),
        QueryMsg::TokenInfo {} => to_json_binary(&query::token_info(deps)?),
        QueryMsg::Minter {} => to_json_binary(&query::minter(deps)?),
        QueryMsg::Allowance { owner, spender } => {
            to_json_binary(&query::allowance(deps, owner, spender)?)
        }
        QueryMsg::AllAllowances {
            owner,
            start_after,
            limit,
        } => to_json_binary(&query::all_allowances(deps, owner, start_after, limit)?),
        QueryMsg::AllSpenderAllowances {
            spender,
            start_after,
            limit,
        } => to_json_binary(&query::all_spender_allowances(
            deps,
            spender,
            start_after,
            limit,
        )?),
        QueryMsg::AllAccounts { start_after, limit } => {
            to_json_binary(&query::all_accounts(deps, start_after, limit)?)
        }
        QueryMsg::MarketingInfo {} => to_json_binary(&query::marketing_info(deps)?),
        QueryMsg::DownloadLogo {} => to_json_binary(&query::download_logo()?),
        QueryMsg::CanTransfer { from, to, amount } => {
            to_json_binary(&query::can_transfer(deps, &env, None, from, to, amount)?)
        }
        QueryMsg::CanTransferFrom {
            spender,
            from,
            to,
            amount,
        } => to_json_binary(&query::can_transfer(
            deps,
            &env,
            Some(spender),
            from,
            to,
            amount,
        )?),
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Account { address } => to_json_binary(&query::account(deps, &env, address)?),
        QueryMsg::Holders { start_after, limit } => {
            to_json_binary(&query::holders(deps, start_after, limit)?)
        }
        QueryMsg::HolderCount { jurisdiction } => {
            to_json_binary(&query::holder_count(deps, jurisdiction)?)
        }
        QueryMsg::InvestorBalance { investor_id } => {
            to_json_binary(&query::investor_balance(deps, investor_id)?)
        }
        QueryMsg::SystemAccounts { start_after, limit } => {
            to_json_binary(&query::system_accounts(deps, start_after, limit)?)
        }
        QueryMsg::Document { name } => to_json_binary(&query::document(deps, name)?),
        QueryMsg::Documents { start_after, limit } => {
            to_json_binary(&query::documents(deps, start_after, limit)?)
        }
        QueryMsg::BalanceAt { address, height } => {
            to_json_binary(&query::balance_at(deps, &env, address, height)?)
        }
        QueryMsg::TotalSupplyAt { height } => {
            to_json_binary(&query::total_supply_at(deps, &env, height)?)
        }
        QueryMsg::Checkpoints { start_after, limit } => {
            to_json_binary(&query::checkpoints(deps, start_after, limit)?)
        }
        QueryMsg::Hold { id } => to_json_binary(&query::hold(deps, id)?),
        QueryMsg::Holds {
            owner,
            start_after,
            limit,
        } => to_json_binary(&query::holds(deps, owner, start_after, limit)?),
        QueryMsg::AvailableBalance { address } => {
            to_json_binary(&query::available_balance(deps, &env, address)?)
        }
        QueryMsg::HoldOperator { owner, operator } => {
            to_json_binary(&query::hold_operator(deps, owner, operator)?)
        }
        QueryMsg::Notaries { start_after, limit } => {
            to_json_binary(&query::notaries(deps, start_after, limit)?)
        }
        QueryMsg::Audit {} => to_json_binary(&AuditHead::load(deps.storage)?.to_response()),
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
