//! Holds: placement (owner or hold operator, then the notary is called), execution by the
//! notary to the payee, release, hold operators and notaries.

use cosmwasm_std::{
    Addr, Attribute, DepsMut, Empty, Env, MessageInfo, Response, StdError, Uint128,
};
use sto_access::{assert_owner, validate_addr};
use sto_interface::hold::{Hold, HoldPlaced, HoldRequest, HoldStatus, MAX_HOLD_REFERENCE_LEN};
use sto_interface::token::{MAX_HOLD_DURATION_LIMIT, MAX_OPEN_HOLDS};

use super::run;
use crate::compliance::{assess, Kind, Movement};
use crate::error::ContractError;
use crate::state::{ACCOUNTS, CONFIG, HOLDS, HOLDS_BY_OWNER, HOLD_OPERATORS, HOLD_SEQ, NOTARIES};

/// Place a hold on `owner`'s available units (the sender's own when `owner` is absent).
pub fn place(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    owner: Option<String>,
    request: HoldRequest,
) -> Result<Response, ContractError> {
    let owner_addr = match owner {
        Some(o) => validate_addr(deps.api, &o)?,
        None => info.sender.clone(),
    };
    let notary = validate_addr(deps.api, &request.notary)?;
    let payee = validate_addr(deps.api, &request.payee)?;
    let amount = request.amount;
    let now = env.block.time;
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount);
    }
    if !NOTARIES.has(deps.storage, &notary) {
        return Err(ContractError::UnknownNotary {
            notary: notary.to_string(),
        });
    }
    let config = CONFIG.load(deps.storage)?;
    if request.expires <= now {
        return Err(ContractError::HoldExpiryNotInFuture {
            expires: request.expires,
            now,
        });
    }
    let latest = now.plus_seconds(config.max_hold_duration);
    if request.expires > latest {
        return Err(ContractError::HoldExpiryTooFar {
            expires: request.expires,
            latest,
        });
    }
    let len = request.reference.chars().count();
    if len == 0 || len > MAX_HOLD_REFERENCE_LEN {
        return Err(ContractError::InvalidHoldReference {
            len,
            max: MAX_HOLD_REFERENCE_LEN,
        });
    }
    // An operator's placement consumes its limit.
    let operator_limit_left =
        if owner_addr != info.sender {
            let key = (&owner_addr, &info.sender);
            let limit = HOLD_OPERATORS.may_load(deps.storage, key)?.ok_or_else(|| {
                ContractError::NotHoldOperator {
                    owner: owner_addr.to_string(),
                    operator: info.sender.to_string(),
                }
            })?;
            Some(limit.checked_sub(amount).map_err(|_| {
                ContractError::HoldOperatorLimitExceeded {
                    owner: owner_addr.to_string(),
                    operator: info.sender.to_string(),
                    limit,
                    requested: amount,
                }
            })?)
        } else {
            None
        };

    // The read-only compliance pass owner -> payee, as for a transfer of the held amount.
    let assessment = assess(
        deps.as_ref(),
        &env,
        &config,
        Movement {
            kind: Kind::Transfer,
            from: Some(owner_addr.clone()),
            to: Some(payee.clone()),
            amount,
        },
    )?;
    let Some((_, balance, account)) = assessment.sender() else {
        return Err(StdError::generic_err("a hold placement has an owner").into());
    };
    let mut account = account.clone();
    let available = account.available(now, balance);
    if !account.frozen && amount > available {
        return Err(ContractError::HoldExceedsAvailable {
            available,
            requested: amount,
        });
    }
    if let Some(first) = assessment.refusals.first() {
        return Err(ContractError::refused(*first));
    }
    if account.holds.len() >= MAX_OPEN_HOLDS {
        return Err(ContractError::TooManyOpenHolds {
            address: owner_addr.to_string(),
            max: MAX_OPEN_HOLDS,
        });
    }

    let id = HOLD_SEQ
        .may_load(deps.storage)?
        .unwrap_or_default()
        .checked_add(1)
        .ok_or_else(|| StdError::generic_err("hold ids exhausted"))?;
    HOLD_SEQ.save(deps.storage, &id)?;
    let hold = Hold {
        id,
        owner: owner_addr.to_string(),
        notary: notary.clone(),
        payee: payee.to_string(),
        amount,
        executed: Uint128::zero(),
        cut: Uint128::zero(),
        expires: request.expires,
        reference: request.reference,
        partial: request.partial,
        placed_by: info.sender.clone(),
        status: HoldStatus::Open,
    };
    HOLDS.save(deps.storage, id, &hold)?;
    HOLDS_BY_OWNER.save(deps.storage, (&owner_addr, id), &Empty {})?;
    account.held = account.held.checked_add(amount)?;
    account.holds.push(id);
    ACCOUNTS.save(deps.storage, &owner_addr, &account)?;
    if let Some(left) = operator_limit_left {
        HOLD_OPERATORS.save(deps.storage, (&owner_addr, &info.sender), &left)?;
    }

    let attrs = vec![
        Attribute::new("action", "hold"),
        Attribute::new("id", id.to_string()),
        Attribute::new("owner", &owner_addr),
        Attribute::new("notary", &notary),
        Attribute::new("payee", &payee),
        Attribute::new("amount", amount),
        Attribute::new("expires", hold.expires.seconds().to_string()),
        Attribute::new("reference", &hold.reference),
        Attribute::new("partial", hold.partial.to_string()),
        Attribute::new("placed_by", &info.sender),
    ];
    let notify = HoldPlaced {
        hold,
        msg: request.msg,
    }
    .into_cosmos_msg(&notary)?;
    Ok(Response::new().add_attributes(attrs).add_message(notify))
}

fn load_open(deps: &DepsMut, id: u64) -> Result<Hold, ContractError> {
    let hold = HOLDS
        .may_load(deps.storage, id)?
        .ok_or(ContractError::HoldNotFound { id })?;
    if hold.status != HoldStatus::Open {
        return Err(ContractError::HoldNotOpen {
            id,
            status: hold.status.as_str().to_string(),
        });
    }
    Ok(hold)
}

/// The notary executes an open hold to its payee, through the full compliance pass.
pub fn execute(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    amount: Option<Uint128>,
) -> Result<Response, ContractError> {
    let mut hold = load_open(&deps, id)?;
    if info.sender != hold.notary {
        return Err(ContractError::NotTheNotary {
            id,
            notary: hold.notary.to_string(),
            sender: info.sender.to_string(),
        });
    }
    let now = env.block.time;
    if !hold.is_executable(now) {
        return Err(ContractError::HoldExpired {
            id,
            expires: hold.expires,
            now,
        });
    }
    let remaining = hold.remaining();
    let amount = amount.unwrap_or(remaining);
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount);
    }
    if amount > remaining {
        return Err(ContractError::HoldExceedsRemainder {
            id,
            remaining,
            requested: amount,
        });
    }
    if !hold.partial && amount != remaining {
        return Err(ContractError::PartialExecutionNotAllowed {
            id,
            remaining,
            requested: amount,
        });
    }
    let owner = Addr::unchecked(&hold.owner);
    let payee = Addr::unchecked(&hold.payee);
    let closes = amount == remaining;
    run(
        deps.branch(),
        &env,
        Movement {
            kind: Kind::HoldExecution {
                hold_id: id,
                remaining,
                closes,
            },
            from: Some(owner.clone()),
            to: Some(payee.clone()),
            amount,
        },
    )?;
    hold.executed = hold.executed.checked_add(amount)?;
    if closes {
        hold.status = HoldStatus::Executed;
    }
    HOLDS.save(deps.storage, id, &hold)?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "execute_hold"),
        Attribute::new("id", id.to_string()),
        Attribute::new("owner", owner),
        Attribute::new("payee", payee),
        Attribute::new("amount", amount),
        Attribute::new("remaining", hold.remaining()),
        Attribute::new("status", hold.status.as_str()),
        Attribute::new("reference", &hold.reference),
        Attribute::new("by", info.sender),
    ]))
}

/// Release an open hold: the notary at any time, anyone from the expiry on. Works while paused.
pub fn release(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let mut hold = load_open(&deps, id)?;
    let now = env.block.time;
    if info.sender != hold.notary && !hold.is_releasable_by_anyone(now) {
        return Err(ContractError::ReleaseNotAllowed {
            id,
            notary: hold.notary.to_string(),
            expires: hold.expires,
            now,
        });
    }
    let released = hold.remaining();
    let owner = Addr::unchecked(&hold.owner);
    let mut account = ACCOUNTS.may_load(deps.storage, &owner)?.unwrap_or_default();
    account.held = account.held.saturating_sub(released);
    account.holds.retain(|h| *h != id);
    ACCOUNTS.save(deps.storage, &owner, &account)?;
    hold.status = HoldStatus::Released;
    HOLDS.save(deps.storage, id, &hold)?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "release_hold"),
        Attribute::new("id", id.to_string()),
        Attribute::new("owner", owner),
        Attribute::new("amount", released),
        Attribute::new("reference", &hold.reference),
        Attribute::new("by", info.sender),
    ]))
}

/// The sender authorises `operator` to place holds on its units up to `limit`.
pub fn authorize_operator(
    deps: DepsMut,
    info: MessageInfo,
    operator: String,
    limit: Uint128,
) -> Result<Response, ContractError> {
    let operator = validate_addr(deps.api, &operator)?;
    if operator == info.sender {
        return Err(ContractError::OwnHoldOperator);
    }
    HOLD_OPERATORS.save(deps.storage, (&info.sender, &operator), &limit)?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "authorize_hold_operator"),
        Attribute::new("owner", info.sender),
        Attribute::new("operator", operator),
        Attribute::new("limit", limit),
    ]))
}

/// The sender withdraws `operator`'s authorisation.
pub fn revoke_operator(
    deps: DepsMut,
    info: MessageInfo,
    operator: String,
) -> Result<Response, ContractError> {
    let operator = validate_addr(deps.api, &operator)?;
    if !HOLD_OPERATORS.has(deps.storage, (&info.sender, &operator)) {
        return Err(ContractError::NotHoldOperator {
            owner: info.sender.to_string(),
            operator: operator.to_string(),
        });
    }
    HOLD_OPERATORS.remove(deps.storage, (&info.sender, &operator));
    Ok(Response::new().add_attributes([
        Attribute::new("action", "revoke_hold_operator"),
        Attribute::new("owner", info.sender),
        Attribute::new("operator", operator),
    ]))
}

/// Owner: register a notary.
pub fn register_notary(
    deps: DepsMut,
    info: MessageInfo,
    notary: String,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    let notary = validate_addr(deps.api, &notary)?;
    if NOTARIES.has(deps.storage, &notary) {
        return Err(ContractError::NotaryAlreadyRegistered {
            notary: notary.to_string(),
        });
    }
    NOTARIES.save(deps.storage, &notary, &Empty {})?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "register_notary"),
        Attribute::new("notary", notary),
        Attribute::new("by", info.sender),
    ]))
}

/// Owner: remove a notary (its open holds stay executable and releasable by it).
pub fn remove_notary(
    deps: DepsMut,
    info: MessageInfo,
    notary: String,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    let notary = validate_addr(deps.api, &notary)?;
    if !NOTARIES.has(deps.storage, &notary) {
        return Err(ContractError::UnknownNotary {
            notary: notary.to_string(),
        });
    }
    NOTARIES.remove(deps.storage, &notary);
    Ok(Response::new().add_attributes([
        Attribute::new("action", "remove_notary"),
        Attribute::new("notary", notary),
        Attribute::new("by", info.sender),
    ]))
}

/// Owner: set the maximum hold duration.
pub fn set_max_hold_duration(
    deps: DepsMut,
    info: MessageInfo,
    seconds: u64,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    if seconds == 0 || seconds > MAX_HOLD_DURATION_LIMIT {
        return Err(ContractError::InvalidMaxHoldDuration {
            seconds,
            max: MAX_HOLD_DURATION_LIMIT,
        });
    }
    let mut config = CONFIG.load(deps.storage)?;
    config.max_hold_duration = seconds;
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "set_max_hold_duration"),
        Attribute::new("seconds", seconds.to_string()),
        Attribute::new("by", info.sender),
    ]))
}
