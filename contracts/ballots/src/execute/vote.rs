//! Casting and changing a vote: constant work whatever the number of holders or voters.
//!
//! Storage: the ballot's hot record, the wallet's vote and the tally record (counters and vote
//! trail) are read; the vote and the tally record are written. At the token: the hold-operator
//! entry (custodian votes only) and the record balance (one or two exact-key raw reads).
//!
//! A vote is not sealed into the contract's audit trail: it advances the ballot's own vote
//! trail, kept in the tally record, over its attributes (the audit trail's step), and answers
//! the new head as `vote_seq` and `vote_hash`.

use cosmwasm_std::{Attribute, DepsMut, Env, HexBinary, MessageInfo, Response, StdError, Uint128};
use sto_access::validate_addr;
use sto_interface::ballots::{VOTE_HASH_ATTR, VOTE_SEQ_ATTR};
use sto_interface::token::{layout, record_height_retired_at};

use crate::error::ContractError;
use crate::state::{StoredVote, Tally, TallyRecord, BALLOTS_HOT, RECORD_SUPPLIES, VOTES};

/// Cast or change the vote of `wallet` (the sender when absent) for `option`.
pub fn vote(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    ballot_id: u64,
    option: u8,
    wallet: Option<String>,
) -> Result<Response, ContractError> {
    let ballot = BALLOTS_HOT
        .may_load(deps.storage, ballot_id)?
        .ok_or(ContractError::BallotNotFound { ballot_id })?;
    let current = env.block.height;
    if current < ballot.record_height {
        return Err(ContractError::RecordHeightNotReached {
            ballot_id,
            record_height: ballot.record_height,
            current,
        });
    }
    let retired_at = record_height_retired_at(ballot.record_height);
    if current >= retired_at {
        return Err(ContractError::RecordHeightRetired {
            ballot_id,
            record_height: ballot.record_height,
            retired_at,
            current,
        });
    }
    let now = env.block.time;
    if now < ballot.start {
        return Err(ContractError::VotingNotStarted {
            ballot_id,
            start: ballot.start,
            now,
        });
    }
    if now >= ballot.end {
        return Err(ContractError::VotingEnded {
            ballot_id,
            end: ballot.end,
            now,
        });
    }
    if option >= ballot.options {
        return Err(ContractError::UnknownOption {
            ballot_id,
            option,
            options: ballot.options,
        });
    }
    let wallet = match wallet {
        None => info.sender.clone(),
        Some(wallet) => validate_addr(deps.api, &wallet)?,
    };
    if wallet != info.sender
        && !layout::query_is_hold_operator(&deps.querier, &ballot.token, &wallet, &info.sender)?
    {
        return Err(ContractError::NotWalletOperator {
            token: ballot.token,
            wallet,
            sender: info.sender,
        });
    }
    let weight =
        layout::query_record_balance(&deps.querier, &ballot.token, ballot.record_height, &wallet)?;
    if weight.is_zero() {
        return Err(ContractError::NoBalanceAtRecordHeight {
            ballot_id,
            wallet,
            record_height: ballot.record_height,
        });
    }

    let previous = VOTES.may_load(deps.storage, (ballot_id, &wallet))?;
    let mut record = TallyRecord::load(deps.storage, ballot_id)?;
    let tally = &mut record.tally;
    if tally.0.iter().all(Uint128::is_zero) && !RECORD_SUPPLIES.has(deps.storage, ballot_id) {
        // The first vote keeps the supply of record (the record height is live here).
        let supply =
            layout::query_record_supply(&deps.querier, &ballot.token, ballot.record_height)?;
        RECORD_SUPPLIES.save(deps.storage, ballot_id, &supply)?;
    }
    if let Some(old) = previous {
        let counter = counter_mut(tally, old.option)?;
        *counter = counter.checked_sub(old.weight)?;
    }
    let counter = counter_mut(tally, option)?;
    *counter = counter.checked_add(weight)?;
    VOTES.save(
        deps.storage,
        (ballot_id, &wallet),
        &StoredVote { option, weight },
    )?;

    let mut attrs = vec![
        Attribute::new(
            "action",
            if previous.is_some() {
                "vote_changed"
            } else {
                "vote_cast"
            },
        ),
        Attribute::new("ballot_id", ballot_id.to_string()),
        Attribute::new("wallet", wallet),
        Attribute::new("sender", info.sender),
        Attribute::new("option", option.to_string()),
        Attribute::new("weight", weight),
    ];
    if let Some(old) = previous {
        attrs.push(Attribute::new("previous_option", old.option.to_string()));
        attrs.push(Attribute::new("previous_weight", old.weight));
    }
    record.trail = record.trail.next(&attrs, &[])?;
    record.save(deps.storage, ballot_id);
    attrs.push(Attribute::new(VOTE_SEQ_ATTR, record.trail.seq.to_string()));
    attrs.push(Attribute::new(
        VOTE_HASH_ATTR,
        HexBinary::from(record.trail.hash.as_slice()).to_hex(),
    ));
    Ok(Response::new().add_attributes(attrs))
}

/// The counter of `option` (the ballot's option count bounds it; a stored tally of another
/// length is corrupt state, refused rather than indexed).
fn counter_mut(tally: &mut Tally, option: u8) -> Result<&mut Uint128, ContractError> {
    tally
        .0
        .get_mut(option as usize)
        .ok_or_else(|| StdError::generic_err(format!("no counter for option {option}")).into())
}
