//! Cash holds (`sto_interface::hold`): placement with notary notification, execution to the
//! payee's account by book entry, release; and the owner's notary register.

use cosmwasm_std::{Attribute, CosmosMsg, DepsMut, Empty, Env, MessageInfo, Response, Uint128};
use sto_access::{assert_owner, validate_addr};
use sto_interface::cash::{CashAccount, Config};
use sto_interface::hold::{Hold, HoldPlaced, HoldRequest, HoldStatus, MAX_HOLD_REFERENCE_LEN};

use crate::error::ContractError;
use crate::execute::account::{
    authenticate, consume_operator_limit, load_account, owner_blocked, validate_key, Actor,
};
use crate::execute::{ensure_positive, later, update_totals, validate_text};
use crate::health::cash_leg_status;
use crate::state::{next_id, ACCOUNTS, CONFIG, HOLDS, HOLDS_BY_OWNER, HOLD_SEQ, NOTARIES};

/// The attributes describing a hold just placed, after `action`.
pub fn hold_attributes(hold: &Hold) -> Vec<Attribute> {
    vec![
        Attribute::new("hold_id", hold.id.to_string()),
        Attribute::new("hold_account", hold.owner.as_str()),
        Attribute::new("payee", hold.payee.as_str()),
        Attribute::new("notary", hold.notary.as_str()),
        Attribute::new("hold_amount", hold.amount.to_string()),
        Attribute::new("expires", hold.expires.seconds().to_string()),
        Attribute::new("reference", hold.reference.as_str()),
        Attribute::new("partial", hold.partial.to_string()),
        Attribute::new("placed_by", hold.placed_by.as_str()),
    ]
}

/// Refuse a new commitment while the cash leg is unhealthy.
pub fn ensure_healthy(
    storage: &dyn cosmwasm_std::Storage,
    cfg: &Config,
    env: &Env,
) -> Result<(), ContractError> {
    let status = cash_leg_status(storage, cfg, env.block.time)?;
    if status.healthy {
        Ok(())
    } else {
        Err(ContractError::CashLegUnhealthy {
            reasons: status.reasons,
        })
    }
}

/// Check and store a hold on `account` (the actor's, already loaded; the caller saves it) and
/// build the notary's notification.
pub fn place(
    deps: DepsMut,
    env: &Env,
    cfg: &Config,
    actor: &Actor,
    sender: &cosmwasm_std::Addr,
    request: HoldRequest,
    account: &mut CashAccount,
) -> Result<(Hold, CosmosMsg), ContractError> {
    actor.ensure_can_pay()?;
    ensure_positive(request.amount)?;
    validate_text("reference", &request.reference, MAX_HOLD_REFERENCE_LEN)?;
    let notary = deps
        .api
        .addr_validate(&request.notary)
        .ok()
        .filter(|n| NOTARIES.has(deps.storage, n))
        .ok_or_else(|| ContractError::UnknownNotary {
            notary: request.notary.clone(),
        })?;
    let now = env.block.time;
    if request.expires <= now {
        return Err(ContractError::HoldExpiryPassed {
            expires: request.expires,
            now,
        });
    }
    let latest = later(now, cfg.max_hold_duration)?;
    if request.expires > latest {
        return Err(ContractError::HoldExpiryTooFar {
            expires: request.expires,
            latest,
        });
    }
    validate_key(&request.payee)?;
    if request.payee != actor.key && !ACCOUNTS.has(deps.storage, &request.payee) {
        return Err(ContractError::UnknownAccount { key: request.payee });
    }
    let available = account.available();
    if request.amount > available {
        return Err(ContractError::InsufficientAvailable {
            account: actor.key.clone(),
            available,
            requested: request.amount,
        });
    }
    ensure_healthy(deps.storage, cfg, env)?;
    consume_operator_limit(deps.storage, actor, request.amount)?;

    account.held = account.held.checked_add(request.amount)?;
    let id = next_id(deps.storage, &HOLD_SEQ)?;
    let hold = Hold {
        id,
        owner: actor.key.clone(),
        notary: notary.clone(),
        payee: request.payee,
        amount: request.amount,
        executed: Uint128::zero(),
        cut: Uint128::zero(),
        expires: request.expires,
        reference: request.reference,
        partial: request.partial,
        placed_by: sender.clone(),
        status: HoldStatus::Open,
    };
    HOLDS.save(deps.storage, id, &hold)?;
    HOLDS_BY_OWNER.save(deps.storage, (&actor.key, id), &Empty {})?;
    update_totals(deps.storage, |t| {
        t.held = t.held.checked_add(hold.amount)?;
        Ok(())
    })?;
    let msg = HoldPlaced {
        hold: hold.clone(),
        msg: request.msg,
    }
    .into_cosmos_msg(&notary)?;
    Ok((hold, msg))
}

pub fn place_hold(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    account: Option<String>,
    request: HoldRequest,
) -> Result<Response, ContractError> {
    let cfg = CONFIG.load(deps.storage)?;
    let actor = authenticate(deps.as_ref(), &cfg, &info.sender, account)?;
    actor.ensure_can_pay()?;
    let mut acct = load_account(deps.storage, &actor.key)?;
    let (hold, msg) = place(
        deps.branch(),
        &env,
        &cfg,
        &actor,
        &info.sender,
        request,
        &mut acct,
    )?;
    ACCOUNTS.save(deps.storage, &actor.key, &acct)?;
    let mut attrs = vec![Attribute::new("action", "place_hold")];
    attrs.extend(hold_attributes(&hold));
    attrs.push(Attribute::new("available", acct.available().to_string()));
    Ok(Response::new().add_message(msg).add_attributes(attrs))
}

fn load_open(deps: &DepsMut, id: u64) -> Result<Hold, ContractError> {
    let hold = HOLDS
        .may_load(deps.storage, id)?
        .ok_or(ContractError::HoldNotFound { id })?;
    if hold.status != HoldStatus::Open {
        return Err(ContractError::HoldNotOpen {
            id,
            status: hold.status,
        });
    }
    Ok(hold)
}

/// The notary executes (all or, when `partial`, part of) the remainder to the payee's account.
pub fn execute_hold(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    amount: Option<Uint128>,
) -> Result<Response, ContractError> {
    let mut hold = load_open(&deps, id)?;
    if info.sender != hold.notary {
        return Err(ContractError::NotHoldNotary {
            id,
            notary: hold.notary,
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
    ensure_positive(amount)?;
    if amount > remaining {
        return Err(ContractError::AboveHoldRemainder {
            id,
            remaining,
            requested: amount,
        });
    }
    if !hold.partial && amount != remaining {
        return Err(ContractError::PartialExecutionRefused {
            id,
            remaining,
            requested: amount,
        });
    }
    let cfg = CONFIG.load(deps.storage)?;
    ensure_healthy(deps.storage, &cfg, &env)?;
    if owner_blocked(deps.as_ref(), &cfg, &hold.owner, &hold.placed_by)? {
        return Err(ContractError::AccountBlocked {
            account: hold.owner,
        });
    }

    let mut owner = load_account(deps.storage, &hold.owner)?;
    owner.balance = owner.balance.checked_sub(amount)?;
    owner.held = owner.held.checked_sub(amount)?;
    ACCOUNTS.save(deps.storage, &hold.owner, &owner)?;
    let mut payee = ACCOUNTS
        .may_load(deps.storage, &hold.payee)?
        .unwrap_or_default();
    payee.balance = payee.balance.checked_add(amount)?;
    ACCOUNTS.save(deps.storage, &hold.payee, &payee)?;
    hold.executed = hold.executed.checked_add(amount)?;
    if hold.remaining().is_zero() {
        hold.status = HoldStatus::Executed;
    }
    HOLDS.save(deps.storage, id, &hold)?;
    update_totals(deps.storage, |t| {
        t.held = t.held.checked_sub(amount)?;
        Ok(())
    })?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "execute_hold"),
        Attribute::new("hold_id", id.to_string()),
        Attribute::new("from", hold.owner.as_str()),
        Attribute::new("to", hold.payee.as_str()),
        Attribute::new("amount", amount.to_string()),
        Attribute::new("remaining", hold.remaining().to_string()),
        Attribute::new("status", hold.status.as_str()),
        Attribute::new("reference", hold.reference.as_str()),
    ]))
}

/// Release the remainder: the notary at any time, anyone once expired.
pub fn release_hold(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let mut hold = load_open(&deps, id)?;
    if info.sender != hold.notary && !hold.is_releasable_by_anyone(env.block.time) {
        return Err(ContractError::NotHoldNotary {
            id,
            notary: hold.notary,
        });
    }
    let remaining = hold.remaining();
    let mut owner = load_account(deps.storage, &hold.owner)?;
    owner.held = owner.held.checked_sub(remaining)?;
    ACCOUNTS.save(deps.storage, &hold.owner, &owner)?;
    hold.status = HoldStatus::Released;
    HOLDS.save(deps.storage, id, &hold)?;
    update_totals(deps.storage, |t| {
        t.held = t.held.checked_sub(remaining)?;
        Ok(())
    })?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "release_hold"),
        Attribute::new("hold_id", id.to_string()),
        Attribute::new("account", hold.owner.as_str()),
        Attribute::new("amount", remaining.to_string()),
        Attribute::new("reference", hold.reference.as_str()),
        Attribute::new("released_by", info.sender.as_str()),
    ]))
}

pub fn register_notary(
    deps: DepsMut,
    info: MessageInfo,
    address: String,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    let notary = validate_addr(deps.api, &address)?;
    if deps.querier.query_wasm_contract_info(&notary).is_err() {
        return Err(ContractError::NotaryNotAContract { address: notary });
    }
    if NOTARIES.has(deps.storage, &notary) {
        return Err(ContractError::NotaryAlreadyRegistered { notary });
    }
    NOTARIES.save(deps.storage, &notary, &Empty {})?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "register_notary"),
        Attribute::new("notary", notary),
        Attribute::new("sender", info.sender),
    ]))
}

pub fn deregister_notary(
    deps: DepsMut,
    info: MessageInfo,
    address: String,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    let notary = validate_addr(deps.api, &address)?;
    if !NOTARIES.has(deps.storage, &notary) {
        return Err(ContractError::UnknownNotary { notary: address });
    }
    NOTARIES.remove(deps.storage, &notary);
    Ok(Response::new().add_attributes([
        Attribute::new("action", "deregister_notary"),
        Attribute::new("notary", notary),
        Attribute::new("sender", info.sender),
    ]))
}
