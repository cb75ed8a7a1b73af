//! Entry points: validate the payment shape, then dispatch.
//!
//! Only `receive` (CW20 hook), `fund`, `request_redemption`, `deposit` and `fund_sub_account`
//! (native) take funds;
//! their handlers check the asset themselves. Every other message is `nonpayable`.
//!
//! Every successful execute is sealed into the audit trail here, after dispatch, so that no
//! path can forget it (`sto_interface::audit::seal`).

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult};
use cw_utils::nonpayable;
use sto_access::Role;
use sto_interface::audit::{self, AuditHead};
use sto_interface::cash::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::error::ContractError;
use crate::execute::{
    account, admin, attestation, funding, hold, redemption, release, sub_account,
};
use crate::query;
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION, LAYOUT, LAYOUT_VERSION};

/// Roles this contract uses.
pub const ROLES: &[Role] = &[Role::Attestor, Role::OffRampOperator, Role::TransferAgent];

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
    // Only the funding messages take funds; their handlers check the asset themselves.
    let payable = matches!(
        msg,
        ExecuteMsg::Receive(_)
            | ExecuteMsg::Fund { .. }
            | ExecuteMsg::RequestRedemption { .. }
            | ExecuteMsg::Deposit { .. }
            | ExecuteMsg::FundSubAccount { .. }
    );
    if !payable {
        nonpayable(&info)?;
    }
    match msg {
        ExecuteMsg::Deposit { account, hold } => {
            account::deposit_native(deps, env, info, account, hold)
        }
        ExecuteMsg::OpenAccount {} => account::open_account(deps, info),
        ExecuteMsg::AuthorizeOperator {
            account,
            operator,
            limit,
        } => account::authorize_operator(deps, info, account, operator, limit),
        ExecuteMsg::RevokeOperator { account } => account::revoke_operator(deps, info, account),
        ExecuteMsg::PlaceHold { account, hold } => hold::place_hold(deps, env, info, account, hold),
        ExecuteMsg::ExecuteHold { id, amount } => hold::execute_hold(deps, env, info, id, amount),
        ExecuteMsg::ReleaseHold { id } => hold::release_hold(deps, env, info, id),
        ExecuteMsg::TransferCash {
            from,
            to,
            amount,
            reference,
        } => account::transfer_cash(deps, info, from, to, amount, reference),
        ExecuteMsg::Withdraw {
            account,
            amount,
            recipient,
        } => account::withdraw(deps, info, account, amount, recipient),
        ExecuteMsg::RequestOffRamp {
            account,
            amount,
            instructions_hash,
        } => account::request_off_ramp(deps, env, info, account, amount, instructions_hash),
        ExecuteMsg::AgentTransfer {
            from,
            to,
            amount,
            legal_reference,
        } => account::agent_transfer(deps, info, from, to, amount, legal_reference),
        ExecuteMsg::FundSubAccount { client, reference } => {
            sub_account::fund_native(deps, env, info, client, reference)
        }
        ExecuteMsg::TransferToSubAccount {
            from,
            client,
            reference,
            amount,
        } => sub_account::transfer_to_sub_account(deps, env, info, from, client, reference, amount),
        ExecuteMsg::PayFromSubAccount {
            reference,
            payments,
        } => sub_account::pay(deps, info, reference, payments),
        ExecuteMsg::ReclaimSubAccount { reference, account } => {
            sub_account::reclaim(deps, info, reference, account)
        }
        ExecuteMsg::RegisterNotary { address } => hold::register_notary(deps, info, address),
        ExecuteMsg::DeregisterNotary { address } => hold::deregister_notary(deps, info, address),
        ExecuteMsg::Receive(wrapper) => funding::receive(deps, env, info, wrapper),
        ExecuteMsg::Fund { client, reference } => {
            funding::fund_native(deps, env, info, client, reference)
        }
        ExecuteMsg::RequestRedemption { instructions_hash } => {
            redemption::request_native(deps, env, info, instructions_hash)
        }
        ExecuteMsg::Release {
            recipient,
            amount,
            reference,
            kind,
        } => release::release(deps, env, info, recipient, amount, reference, kind),
        ExecuteMsg::PostAttestation {
            reserves,
            supply,
            as_of,
            report_uri,
            report_hash,
        } => attestation::post_attestation(
            deps,
            env,
            info,
            attestation::AttestationInput {
                reserves,
                supply,
                as_of,
                report_uri,
                report_hash,
            },
        ),
        ExecuteMsg::ConfirmRedemption {
            id,
            payment_reference,
        } => redemption::confirm(deps, env, info, id, payment_reference),
        ExecuteMsg::RejectRedemption { id, reason } => {
            redemption::reject(deps, env, info, id, reason)
        }
        ExecuteMsg::CancelRedemption { id } => redemption::cancel(deps, env, info, id),
        ExecuteMsg::RegisterClient { address, label } => {
            admin::register_client(deps, env, info, address, label)
        }
        ExecuteMsg::DeactivateClient { address } => admin::deactivate_client(deps, info, address),
        ExecuteMsg::UpdateConfig {
            registry,
            max_attestation_age,
            min_coverage,
            redemption_address,
            redemption_service_period,
            max_hold_duration,
        } => admin::update_config(
            deps,
            info,
            admin::ConfigUpdate {
                registry,
                max_attestation_age,
                min_coverage,
                redemption_address,
                redemption_service_period,
                max_hold_duration,
            },
        ),
        ExecuteMsg::HaltFundings { reason } => admin::halt_fundings(deps, env, info, reason),
        ExecuteMsg::ResumeFundings {} => admin::resume_fundings(deps, info),
        ExecuteMsg::ReturnSurplus {
            recipient,
            amount,
            reference,
        } => admin::return_surplus(deps, env, info, recipient, amount, reference),
        ExecuteMsg::ResolveParked { id, resolution } => {
            release::resolve_parked(deps, env, info, id, resolution)
        }
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
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Status {} => to_json_binary(&query::status(deps, &env)?),
        QueryMsg::ClientInfo { address } => to_json_binary(&query::client(deps, address)?),
        QueryMsg::Clients { start_after, limit } => {
            to_json_binary(&query::clients(deps, start_after, limit)?)
        }
        QueryMsg::Reconciliation {} => to_json_binary(&query::reconciliation(deps, &env)?),
        QueryMsg::Attestation { id } => to_json_binary(&query::attestation(deps, id)?),
        QueryMsg::Attestations { start_after, limit } => {
            to_json_binary(&query::attestations(deps, start_after, limit)?)
        }
        QueryMsg::LedgerEntry { id } => to_json_binary(&query::ledger_entry(deps, id)?),
        QueryMsg::Ledger { start_after, limit } => {
            to_json_binary(&query::ledger(deps, start_after, limit)?)
        }
        QueryMsg::LedgerByReference {
            reference,
            start_after,
            limit,
        } => to_json_binary(&query::ledger_by_reference(
            deps,
            reference,
            start_after,
            limit,
        )?),
        QueryMsg::ParkedRelease { id } => to_json_binary(&query::parked_release(deps, id)?),
        QueryMsg::ParkedReleases { start_after, limit } => {
            to_json_binary(&query::parked_releases(deps, start_after, limit)?)
        }
        QueryMsg::Redemption { id } => to_json_binary(&query::redemption(deps, id)?),
        QueryMsg::Redemptions {
            status,
            start_after,
            limit,
        } => to_json_binary(&query::redemptions(deps, status, start_after, limit)?),
        QueryMsg::Account { key } => to_json_binary(&query::account(deps, key)?),
        QueryMsg::AccountHolds {
            key,
            start_after,
            limit,
        } => to_json_binary(&query::account_holds(deps, key, start_after, limit)?),
        QueryMsg::CashHold { id } => to_json_binary(&query::cash_hold(deps, id)?),
        QueryMsg::Notaries { start_after, limit } => {
            to_json_binary(&query::notaries(deps, start_after, limit)?)
        }
        QueryMsg::SubAccount { client, reference } => {
            to_json_binary(&query::sub_account(deps, client, reference)?)
        }
        QueryMsg::SubAccounts {
            client,
            start_after,
            limit,
        } => to_json_binary(&query::sub_accounts(deps, client, start_after, limit)?),
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
    LAYOUT.save(deps.storage, &LAYOUT_VERSION)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", from.to_string())
        .add_attribute("to_version", CONTRACT_VERSION))
}
