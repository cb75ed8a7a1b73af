//! Entry points: refuse funds, then dispatch. No escrow message takes funds: USD1 arrives
//! through the cash adapter and securities through the token's CW20 `send`.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult};
use cw_utils::nonpayable;
use sto_access::Role;
use sto_interface::escrow::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::error::ContractError;
use crate::execute::instructions::NewInstruction;
use crate::execute::{admin, claims, instructions, offerings, refunds, settlement, surplus};
use crate::query;
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};

/// Roles this contract uses.
pub const ROLES: &[Role] = &[Role::Issuer, Role::SettlementOperator, Role::TransferAgent];

/// Record the adapter, the registry, the owner and the initial role holders.
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

/// Dispatch an escrow action.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::CreateInstruction {
            token,
            seller,
            buyer,
            quantity,
            cash_amount,
            deadline,
            trade_reference,
            approver,
        } => instructions::create(
            deps,
            env,
            info,
            NewInstruction {
                token,
                seller,
                buyer,
                quantity,
                cash_amount,
                deadline,
                trade_reference,
                approver,
            },
        ),
        ExecuteMsg::Affirm { id } => instructions::affirm(deps, info, id),
        ExecuteMsg::Approve { id, expires_at } => {
            instructions::approve(deps, env, info, id, expires_at)
        }
        ExecuteMsg::Receive(wrapper) => settlement::receive(deps, env, info, wrapper),
        ExecuteMsg::CashReceived(receipt) => settlement::cash_received(deps, env, info, receipt),
        ExecuteMsg::Settle { id } => settlement::settle(deps, env, id),
        ExecuteMsg::Cancel { id } => refunds::cancel(deps, env, info, id),
        ExecuteMsg::Expire { id } => refunds::expire(deps, env, info, id),
        ExecuteMsg::RetryParkedRefund { id } => refunds::retry_parked(deps, env, info, id),
        ExecuteMsg::ResolveParkedRefund {
            id,
            recipient,
            legal_reference,
        } => refunds::resolve_parked(deps, env, info, id, recipient, legal_reference),
        ExecuteMsg::RedirectParty {
            id,
            party,
            to,
            legal_reference,
        } => instructions::redirect_party(deps, env, info, id, party, to, legal_reference),
        ExecuteMsg::OpenOffering(terms) => offerings::open(deps, env, info, terms),
        ExecuteMsg::CloseOffering { id } => offerings::close(deps, env, info, id),
        ExecuteMsg::Claim { offering_id } => claims::claim(deps, env, info, offering_id),
        ExecuteMsg::PushClaims {
            offering_id,
            start_after,
            limit,
        } => claims::push_claims(deps, env, info, offering_id, start_after, limit),
        ExecuteMsg::RedirectAllocation {
            offering_id,
            subscriber,
            recipient,
            legal_reference,
        } => claims::redirect_allocation(
            deps,
            env,
            info,
            offering_id,
            subscriber,
            recipient,
            legal_reference,
        ),
        ExecuteMsg::CancelAllocation {
            offering_id,
            subscriber,
            refund_to,
            legal_reference,
        } => claims::cancel_allocation(
            deps,
            env,
            info,
            offering_id,
            subscriber,
            refund_to,
            legal_reference,
        ),
        ExecuteMsg::UpdateLimits {
            max_settlement_window,
            max_offering_window,
        } => admin::update_limits(deps, info, max_settlement_window, max_offering_window),
        ExecuteMsg::AllowToken { token, checksum } => {
            admin::allow_token(deps, env, info, token, checksum)
        }
        ExecuteMsg::DisallowToken { token } => admin::disallow_token(deps, info, token),
        ExecuteMsg::ReturnSurplus {
            asset,
            recipient,
            amount,
            reference,
        } => surplus::return_surplus(deps, env, info, asset, recipient, amount, reference),
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

/// Answer an escrow query.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Instruction { id } => to_json_binary(&query::instruction(deps, id)?),
        QueryMsg::Instructions { start_after, limit } => {
            to_json_binary(&query::instructions(deps, start_after, limit)?)
        }
        QueryMsg::InstructionsByParty {
            party,
            start_after,
            limit,
        } => to_json_binary(&query::instructions_by_party(
            deps,
            party,
            start_after,
            limit,
        )?),
        QueryMsg::Finality { id } => to_json_binary(&query::finality(deps, id)?),
        QueryMsg::FinalitiesByParty {
            party,
            start_after,
            limit,
        } => to_json_binary(&query::finalities_by_party(
            deps,
            party,
            start_after,
            limit,
        )?),
        QueryMsg::FinalitiesByToken {
            token,
            start_after,
            limit,
        } => to_json_binary(&query::finalities_by_token(
            deps,
            token,
            start_after,
            limit,
        )?),
        QueryMsg::ParkedRefund { id } => to_json_binary(&query::parked_refund(deps, id)?),
        QueryMsg::ParkedRefunds { start_after, limit } => {
            to_json_binary(&query::parked_refunds(deps, start_after, limit)?)
        }
        QueryMsg::PartyPosition {
            party,
            start_after,
            limit,
        } => to_json_binary(&query::party_position(deps, party, start_after, limit)?),
        QueryMsg::EscrowedAt {
            token,
            seller,
            height,
        } => to_json_binary(&query::escrowed_at(deps, &env, token, seller, height)?),
        QueryMsg::Offering { id } => to_json_binary(&query::offering(deps, id)?),
        QueryMsg::Offerings { start_after, limit } => {
            to_json_binary(&query::offerings(deps, start_after, limit)?)
        }
        QueryMsg::Subscription {
            offering_id,
            subscriber,
        } => to_json_binary(&query::subscription(deps, offering_id, subscriber)?),
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
        QueryMsg::Surplus { asset } => {
            let asset = surplus::checked_asset(deps.api, asset)
                .map_err(|e| cosmwasm_std::StdError::generic_err(e.to_string()))?;
            to_json_binary(
                &surplus::surplus(deps, &env, asset)
                    .map_err(|e| cosmwasm_std::StdError::generic_err(e.to_string()))?,
            )
        }
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

/// Migrate from an older version of this contract (refuses a downgrade or another contract).
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    let from = cw2::ensure_from_older_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", from.to_string())
        .add_attribute("to_version", CONTRACT_VERSION))
}
