//! Entry points: refuse funds, check the paying-agent role once for its sub-enum, dispatch.
//!
//! No message takes funds: an action's USD1 lives in its own sub-account at the cash adapter.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult};
use cw_utils::nonpayable;
use sto_access::Role;
use sto_interface::actions::{
    ActionStatus, AgentMsg, ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg,
};

use crate::error::ContractError;
use crate::execute::announce::Announcement;
use crate::execute::{admin, announce, claim, close, redirect, surplus};
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
        ExecuteMsg::Claim { action_id } => claim::claim(deps, env, info, action_id),
        ExecuteMsg::TransferAgentPushClaims { action_id, holders } => {
            claim::transfer_agent_push_claims(deps, env, info, action_id, holders)
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
        } => close::reclaim_orphan(deps, env, info, reference, recipient, ticket),
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
            },
        ),
        AgentMsg::Cancel { action_id } => close::cancel(deps, env, info, action_id),
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

/// Most open pool actions of the released version a refused migration names.
const MAX_NAMED_POOL_ACTIONS: usize = 10;

/// Migrate from an older version of this contract (never from another contract or a newer
/// version). The released version also paid actions from the distributor's pool at the
/// adapter; this version pays from sub-accounts only, so the migration is refused while a pool
/// action is still open (announced or funded): close or cancel those first
/// ([`ContractError::OpenPoolActions`]). Once none is open the distributor's pool at the adapter
/// is empty (every funding was credited to an action, and every close or claim released its
/// part). Closed and cancelled ones stay readable. The check reads every action record once (a
/// one-off governance transaction; an issuer's actions number in the hundreds).
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    let from = cw2::ensure_from_older_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let mut open = vec![];
    let mut count = 0u64;
    for item in
        crate::state::ACTIONS.range(deps.storage, None, None, cosmwasm_std::Order::Ascending)
    {
        let (id, stored) = item?;
        if stored.is_legacy_pool()
            && matches!(
                stored.status(),
                ActionStatus::Announced | ActionStatus::Funded
            )
        {
            count += 1;
            if open.len() < MAX_NAMED_POOL_ACTIONS {
                open.push(id);
            }
        }
    }
    if count > 0 {
        return Err(ContractError::OpenPoolActions { count, ids: open });
    }
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

    /// An action record as the released version wrote it (full names, totals inside, the
    /// escrow fields; a pool action has no `funding` field).
    fn released_action(id: u64, status: &str, funding: Option<&str>) -> String {
        let funding = funding
            .map(|f| format!(r#","funding":"{f}""#))
            .unwrap_or_default();
        format!(
            r#"{{"id":{id},"token":"token","kind":"coupon","basis":{{"per_unit":{{"rate":"1"}}}},"record_height":5,"payment_time":"100","claim_deadline":"200","withholding":false,"reclaim_address":"issuer","escrow":"escrow","status":"{status}","announced_by":"agent","announced_at":"50","record_supply":"10","required":"10","escrow_record_balance":"0","escrowed_claimed":"0","funded":"10","paid":"6","parked":"2","withheld":"1","reclaimed":"1","claimed_units":"9","burnt":"0","claims":3{funding}}}"#
        )
    }

    fn store_released(
        deps: &mut cosmwasm_std::OwnedDeps<
            cosmwasm_std::MemoryStorage,
            cosmwasm_std::testing::MockApi,
            cosmwasm_std::testing::MockQuerier,
        >,
        id: u64,
        json: &str,
    ) {
        let key = crate::state::ACTIONS.key(id);
        deps.as_mut().storage.set(&key, json.as_bytes());
    }

    #[test]
    fn migrate_refuses_while_a_pool_action_of_the_released_version_is_open() {
        let mut deps = mock_dependencies();
        cw2::set_contract_version(deps.as_mut().storage, CONTRACT_NAME, "0.1.0").unwrap();
        store_released(&mut deps, 1, &released_action(1, "closed", None));
        store_released(&mut deps, 2, &released_action(2, "funded", None));
        store_released(
            &mut deps,
            3,
            &released_action(3, "announced", Some("sub_account")),
        );
        store_released(&mut deps, 4, &released_action(4, "announced", None));
        let err = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err();
        assert_eq!(
            err,
            ContractError::OpenPoolActions {
                count: 2,
                ids: vec![2, 4]
            }
        );
        // Nothing changed: the version is the released one.
        assert_eq!(
            cw2::get_contract_version(deps.as_ref().storage)
                .unwrap()
                .version,
            "0.1.0"
        );
        // Once they are closed (or cancelled), the migration goes through.
        store_released(&mut deps, 2, &released_action(2, "closed", None));
        store_released(&mut deps, 4, &released_action(4, "cancelled", None));
        migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
        assert_eq!(
            cw2::get_contract_version(deps.as_ref().storage)
                .unwrap()
                .version,
            CONTRACT_VERSION
        );
    }

    #[test]
    fn a_released_pool_action_reads_with_its_totals_and_cannot_be_acted_on() {
        let mut deps = mock_dependencies();
        store_released(&mut deps, 1, &released_action(1, "closed", None));
        let action = crate::execute::may_load_action(deps.as_ref().storage, 1)
            .unwrap()
            .unwrap();
        // Parked amounts left the pool for their holders: counted as paid.
        assert_eq!(
            (
                action.funded.u128(),
                action.paid.u128(),
                action.withheld.u128(),
                action.reclaimed.u128(),
                action.claims
            ),
            (10, 8, 1, 1, 3)
        );
        assert_eq!(action.status, ActionStatus::Closed);
        assert_eq!(
            crate::execute::load_action(deps.as_ref().storage, 1).unwrap_err(),
            ContractError::PoolActionNotSupported {
                id: 1,
                status: ActionStatus::Closed
            }
        );
        // A sub-account action of the released version is acted on as usual; its record is
        // rewritten in the compact form when it changes.
        store_released(
            &mut deps,
            2,
            &released_action(2, "funded", Some("sub_account")),
        );
        let before = crate::execute::load_action(deps.as_ref().storage, 2).unwrap();
        let mut after = before.clone();
        after.status = ActionStatus::Closed;
        crate::execute::save_action(deps.as_mut().storage, &after, &before).unwrap();
        let raw = deps
            .as_ref()
            .storage
            .get(&crate::state::ACTIONS.key(2))
            .unwrap();
        let text = String::from_utf8(raw).unwrap();
        assert!(text.contains(r#""s":"closed""#), "{text}");
        assert!(!text.contains("escrow"), "{text}");
        let reread = crate::execute::load_action(deps.as_ref().storage, 2).unwrap();
        assert_eq!(reread, after);
    }
}
