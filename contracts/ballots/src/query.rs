//! Queries: terms, votes, results, vote trails and pages of them.

use cosmwasm_std::{Deps, Env, HexBinary, Order, StdError, StdResult};
use cw_storage_plus::Bound;
use sto_interface::ballots::{
    Ballot, BallotResult, BallotsResponse, VoteResponse, VoteTrailResponse, VotesResponse,
    WalletVote,
};
use sto_interface::pagination::{finish_page, page_size};

use crate::execute::record_supply;
use crate::state::{TallyRecord, BALLOTS, RESULTS, VOTES};
use crate::tally;

fn load(deps: Deps, id: u64) -> StdResult<Ballot> {
    BALLOTS
        .may_load(deps.storage, id)?
        .ok_or_else(|| StdError::not_found(format!("ballot {id}")))
}

pub fn ballot(deps: Deps, id: u64) -> StdResult<Ballot> {
    load(deps, id)
}

pub fn ballots(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<BallotsResponse> {
    let size = page_size(limit);
    let mut ballots = BALLOTS
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size + 1)
        .map(|item| item.map(|(_, b)| b))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut ballots, size);
    Ok(BallotsResponse { ballots, has_more })
}

pub fn vote(deps: Deps, ballot_id: u64, wallet: String) -> StdResult<VoteResponse> {
    let wallet = deps.api.addr_validate(&wallet)?;
    let vote = VOTES
        .may_load(deps.storage, (ballot_id, &wallet))?
        .map(|v| WalletVote {
            wallet,
            option: v.option,
            weight: v.weight,
        });
    Ok(VoteResponse { vote })
}

pub fn votes(
    deps: Deps,
    ballot_id: u64,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<VotesResponse> {
    let size = page_size(limit);
    let start = start_after
        .map(|w| deps.api.addr_validate(&w))
        .transpose()?;
    let mut votes = VOTES
        .prefix(ballot_id)
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size + 1)
        .map(|item| {
            item.map(|(wallet, v)| WalletVote {
                wallet,
                option: v.option,
                weight: v.weight,
            })
        })
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut votes, size);
    Ok(VotesResponse { votes, has_more })
}

/// The recorded result once closed; otherwise computed now from the counters and the supply at
/// the record height (final once the window is over).
pub fn result(deps: Deps, env: &Env, ballot_id: u64) -> StdResult<BallotResult> {
    if let Some(result) = RESULTS.may_load(deps.storage, ballot_id)? {
        return Ok(result);
    }
    let ballot = load(deps, ballot_id)?;
    let supply = record_supply(deps.storage, &deps.querier, &ballot)
        .map_err(|e| StdError::generic_err(e.to_string()))?;
    let counters = TallyRecord::load(deps.storage, ballot_id)?.tally;
    tally::result(&ballot, &counters, supply, env.block.time >= ballot.end)
}

/// The head of a ballot's vote trail.
pub fn vote_trail(deps: Deps, ballot_id: u64) -> StdResult<VoteTrailResponse> {
    let trail = TallyRecord::may_load(deps.storage, ballot_id)?
        .ok_or_else(|| StdError::not_found(format!("ballot {ballot_id}")))?
        .trail;
    Ok(VoteTrailResponse {
        seq: trail.seq,
        hash: HexBinary::from(trail.hash.as_slice()),
    })
}
