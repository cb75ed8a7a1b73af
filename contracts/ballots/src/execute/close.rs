//! Closing: anyone records the final result once the window is over.

use cosmwasm_std::{Attribute, DepsMut, Env, MessageInfo, Response};
use sto_interface::ballots::BallotOutcome;

use crate::error::ContractError;
use crate::execute::{load_ballot, record_supply};
use crate::state::{TallyRecord, BALLOTS, RESULTS};
use crate::tally;

/// Record the final result of a ballot whose window is over (anyone, once).
pub fn close(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    ballot_id: u64,
) -> Result<Response, ContractError> {
    let mut ballot = load_ballot(deps.storage, ballot_id)?;
    if ballot.closed {
        return Err(ContractError::BallotAlreadyClosed { ballot_id });
    }
    let now = env.block.time;
    if now < ballot.end {
        return Err(ContractError::VotingNotEnded {
            ballot_id,
            end: ballot.end,
            now,
        });
    }
    ballot.closed = true;
    let supply = record_supply(deps.storage, &deps.querier, &ballot)?;
    let counters = TallyRecord::load(deps.storage, ballot_id)?.tally;
    let result = tally::result(&ballot, &counters, supply, true)?;
    BALLOTS.save(deps.storage, ballot_id, &ballot)?;
    RESULTS.save(deps.storage, ballot_id, &result)?;

    let outcome = match &result.outcome {
        BallotOutcome::NoVotes {} => "no_votes".to_string(),
        BallotOutcome::Winner { option } => format!("winner:{option}"),
        BallotOutcome::Tie { options } => format!(
            "tie:{}",
            options
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join(",")
        ),
    };
    Ok(Response::new().add_attributes([
        Attribute::new("action", "ballot_closed"),
        Attribute::new("ballot_id", ballot_id.to_string()),
        Attribute::new("sender", info.sender),
        Attribute::new("turnout", result.turnout),
        Attribute::new("record_supply", result.record_supply),
        Attribute::new("quorum_threshold", result.quorum_threshold),
        Attribute::new("quorum_met", result.quorum_met.to_string()),
        Attribute::new("outcome", outcome),
        Attribute::new("tally", counters.to_string()),
    ]))
}
