//! Entry points: refuse funds, dispatch, seal every successful execute but a vote into the
//! audit trail (a vote advances its ballot's own vote trail instead).

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    to_json_binary, Attribute, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult,
};
use cw_utils::nonpayable;
use sto_interface::audit::{self, AuditHead};
use sto_interface::ballots::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::error::ContractError;
use crate::execute::{close, open, vote};
use crate::query;
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION, LAST_BALLOT_ID};

/// Record the owner.
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
    LAST_BALLOT_ID.save(deps.storage, &0)?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "instantiate"),
        Attribute::new("owner", owner),
    ]))
}

/// Dispatch an execute message and seal its response into the audit trail, except a vote:
/// a vote moves no asset and is chained in its ballot's own vote trail (`vote_seq`,
/// `vote_hash`), read and written with the counters it already updates.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    let sealed = !matches!(msg, ExecuteMsg::Vote { .. });
    let response = dispatch(deps.branch(), env, info, msg)?;
    if sealed {
        Ok(audit::seal(deps.storage, response)?)
    } else {
        Ok(response)
    }
}

fn dispatch(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::OpenBallot {
            token,
            record_height,
            title,
            options,
            start,
            end,
            quorum,
        } => open::open_ballot(
            deps,
            env,
            info,
            open::Terms {
                token,
                record_height,
                title,
                options,
                start,
                end,
                quorum,
            },
        ),
        ExecuteMsg::Vote {
            ballot_id,
            option,
            wallet,
        } => vote::vote(deps, env, info, ballot_id, option, wallet),
        ExecuteMsg::Close { ballot_id } => close::close(deps, env, info, ballot_id),
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
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Ballot { id } => to_json_binary(&query::ballot(deps, id)?),
        QueryMsg::Ballots { start_after, limit } => {
            to_json_binary(&query::ballots(deps, start_after, limit)?)
        }
        QueryMsg::VoteOf { ballot_id, wallet } => {
            to_json_binary(&query::vote(deps, ballot_id, wallet)?)
        }
        QueryMsg::Votes {
            ballot_id,
            start_after,
            limit,
        } => to_json_binary(&query::votes(deps, ballot_id, start_after, limit)?),
        QueryMsg::Result { ballot_id } => to_json_binary(&query::result(deps, &env, ballot_id)?),
        QueryMsg::Audit {} => to_json_binary(&AuditHead::load(deps.storage)?.to_response()),
        QueryMsg::VoteTrail { ballot_id } => to_json_binary(&query::vote_trail(deps, ballot_id)?),
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
