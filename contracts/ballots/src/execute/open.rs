//! Opening a ballot: the token's issuer or paying agent names the terms; the contract opens
//! the record height on the token.

use cosmwasm_std::Decimal;
use cosmwasm_std::{
    Attribute, DepsMut, Env, MessageInfo, OverflowError, OverflowOperation, Response, Timestamp,
};
use sto_access::{validate_addr, Role};
use sto_interface::ballots::{
    Ballot, MAX_LABEL_LEN, MAX_OPTIONS, MAX_TITLE_LEN, MAX_WINDOW_HORIZON, MIN_OPTIONS,
};
use sto_interface::common::EventRef;
use sto_interface::token::{SecurityToken, MAX_CHECKPOINT_LEAD};

use crate::error::ContractError;
use crate::execute::token_has_role;
use crate::state::{BallotHot, TallyRecord, BALLOTS, BALLOTS_HOT, LAST_BALLOT_ID};

/// The terms of `open_ballot` as sent.
pub struct Terms {
    pub token: String,
    pub record_height: u64,
    pub title: String,
    pub options: Vec<String>,
    pub start: Timestamp,
    pub end: Timestamp,
    pub quorum: Decimal,
}

/// Open a ballot (sender: the token's `issuer` or `paying_agent`).
pub fn open_ballot(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    terms: Terms,
) -> Result<Response, ContractError> {
    let token = validate_addr(deps.api, &terms.token)?;
    if !token_has_role(&deps.querier, &token, Role::Issuer, &info.sender)?
        && !token_has_role(&deps.querier, &token, Role::PayingAgent, &info.sender)?
    {
        return Err(ContractError::NotTokenIssuerOrPayingAgent {
            token,
            sender: info.sender,
        });
    }
    validate_terms(&env, &terms)?;

    let id = LAST_BALLOT_ID
        .may_load(deps.storage)?
        .unwrap_or_default()
        .checked_add(1)
        .ok_or(OverflowError::new(OverflowOperation::Add))?;
    LAST_BALLOT_ID.save(deps.storage, &id)?;
    let count = terms.options.len();
    let ballot = Ballot {
        id,
        token: token.clone(),
        record_height: terms.record_height,
        title: terms.title,
        options: terms.options,
        start: terms.start,
        end: terms.end,
        quorum: terms.quorum,
        opened_by: info.sender.clone(),
        closed: false,
    };
    BALLOTS.save(deps.storage, id, &ballot)?;
    BALLOTS_HOT.save(
        deps.storage,
        id,
        &BallotHot {
            token: token.clone(),
            record_height: ballot.record_height,
            start: ballot.start,
            end: ballot.end,
            options: count as u8,
        },
    )?;
    TallyRecord::new(count).save(deps.storage, id);

    let checkpoint = SecurityToken(token.clone()).open_checkpoint_msg(
        ballot.record_height,
        Some(EventRef::External {
            reference: format!("ballot:{id}"),
        }),
    )?;
    Ok(Response::new().add_message(checkpoint).add_attributes([
        Attribute::new("action", "ballot_opened"),
        Attribute::new("ballot_id", id.to_string()),
        Attribute::new("token", token),
        Attribute::new("record_height", ballot.record_height.to_string()),
        Attribute::new("options", count.to_string()),
        Attribute::new("start", ballot.start.to_string()),
        Attribute::new("end", ballot.end.to_string()),
        Attribute::new("quorum", ballot.quorum.to_string()),
        Attribute::new("title", ballot.title),
        Attribute::new("sender", info.sender),
    ]))
}

fn validate_terms(env: &Env, terms: &Terms) -> Result<(), ContractError> {
    let current = env.block.height;
    if terms.record_height <= current {
        return Err(ContractError::RecordHeightNotInFuture {
            record_height: terms.record_height,
            current,
        });
    }
    if terms.record_height - current > MAX_CHECKPOINT_LEAD {
        return Err(ContractError::RecordHeightTooFar {
            record_height: terms.record_height,
            current,
            max_lead: MAX_CHECKPOINT_LEAD,
        });
    }
    if terms.title.is_empty() || terms.title.len() > MAX_TITLE_LEN {
        return Err(ContractError::InvalidTitle {
            len: terms.title.len(),
            max: MAX_TITLE_LEN,
        });
    }
    let count = terms.options.len();
    if !(MIN_OPTIONS..=MAX_OPTIONS).contains(&count) {
        return Err(ContractError::InvalidOptionCount {
            count,
            min: MIN_OPTIONS,
            max: MAX_OPTIONS,
        });
    }
    for (index, label) in terms.options.iter().enumerate() {
        if label.is_empty() || label.len() > MAX_LABEL_LEN {
            return Err(ContractError::InvalidOptionLabel {
                index,
                label: label.clone(),
                max: MAX_LABEL_LEN,
            });
        }
        if terms.options[..index].contains(label) {
            return Err(ContractError::DuplicateOption {
                label: label.clone(),
            });
        }
    }
    let now = env.block.time;
    if terms.start < now {
        return Err(ContractError::WindowStartInPast {
            start: terms.start,
            now,
        });
    }
    if terms.end <= terms.start {
        return Err(ContractError::WindowEndNotAfterStart {
            start: terms.start,
            end: terms.end,
        });
    }
    let horizon_nanos = MAX_WINDOW_HORIZON
        .checked_mul(1_000_000_000)
        .ok_or(OverflowError::new(OverflowOperation::Mul))?;
    let latest = Timestamp::from_nanos(
        now.nanos()
            .checked_add(horizon_nanos)
            .ok_or(OverflowError::new(OverflowOperation::Add))?,
    );
    if terms.end > latest {
        return Err(ContractError::WindowTooFar {
            end: terms.end,
            latest,
        });
    }
    if terms.quorum > Decimal::one() {
        return Err(ContractError::QuorumAboveOne {
            quorum: terms.quorum,
        });
    }
    Ok(())
}
