//! Issuance (optionally with a holding-period lock) and redemption.

use cosmwasm_std::{Addr, Attribute, DepsMut, Env, MessageInfo, Response, Timestamp, Uint128};
use sto_access::validate_addr;
use sto_interface::common::EventRef;
use sto_interface::token::{Issuance, Lock, MAX_BATCH_ISSUE, MAX_LOCKS_PER_WALLET};

use super::cw20::{MINT_ROLES, REDEEM_ROLES};
use super::{assert_any_role, cut_events, reference_attr, run};
use crate::compliance::{Kind, Movement};
use crate::error::ContractError;
use crate::state::ACCOUNTS;

/// Mint `amount` to `to` through the compliance check, then lock it if asked.
fn mint_locked(
    mut deps: DepsMut,
    env: &Env,
    to: &Addr,
    amount: Uint128,
    locked_until: Option<Timestamp>,
) -> Result<(), ContractError> {
    if let Some(until) = locked_until {
        if until <= env.block.time {
            return Err(ContractError::LockNotInFuture {
                locked_until: until,
                now: env.block.time,
            });
        }
    }
    run(
        deps.branch(),
        env,
        Movement {
            kind: Kind::Mint,
            from: None,
            to: Some(to.clone()),
            amount,
        },
    )?;
    if let Some(until) = locked_until {
        let mut account = ACCOUNTS.may_load(deps.storage, to)?.unwrap_or_default();
        account.locks.retain(|l| l.until > env.block.time);
        if account.locks.len() >= MAX_LOCKS_PER_WALLET {
            return Err(ContractError::TooManyLocks {
                address: to.to_string(),
                max: MAX_LOCKS_PER_WALLET,
            });
        }
        account.locks.push(Lock { amount, until });
        ACCOUNTS.save(deps.storage, to, &account)?;
    }
    Ok(())
}

pub fn issue(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    recipient: String,
    amount: Uint128,
    locked_until: Option<Timestamp>,
    reference: Option<EventRef>,
) -> Result<Response, ContractError> {
    assert_any_role(deps.storage, MINT_ROLES, &info.sender)?;
    let reference = reference_attr(&reference)?;
    let to = validate_addr(deps.api, &recipient)?;
    mint_locked(deps, &env, &to, amount, locked_until)?;
    let mut attrs = vec![
        Attribute::new("action", "issue"),
        Attribute::new("to", &to),
        Attribute::new("amount", amount),
    ];
    if let Some(until) = locked_until {
        attrs.push(Attribute::new("locked_until", until.seconds().to_string()));
    }
    attrs.extend(reference);
    attrs.push(Attribute::new("by", info.sender));
    Ok(Response::new().add_attributes(attrs))
}

pub fn batch_issue(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    issuances: Vec<Issuance>,
    reference: Option<EventRef>,
) -> Result<Response, ContractError> {
    assert_any_role(deps.storage, MINT_ROLES, &info.sender)?;
    let reference = reference_attr(&reference)?;
    if issuances.is_empty() || issuances.len() > MAX_BATCH_ISSUE {
        return Err(ContractError::InvalidBatchSize {
            max: MAX_BATCH_ISSUE,
            count: issuances.len(),
        });
    }
    let mut total = Uint128::zero();
    let mut attrs = vec![Attribute::new("action", "batch_issue")];
    attrs.extend(reference);
    for issuance in &issuances {
        let to = validate_addr(deps.api, &issuance.recipient)?;
        mint_locked(
            deps.branch(),
            &env,
            &to,
            issuance.amount,
            issuance.locked_until,
        )?;
        total = total.checked_add(issuance.amount)?;
        attrs.push(Attribute::new("to", &to));
        attrs.push(Attribute::new("amount", issuance.amount));
    }
    attrs.push(Attribute::new("count", issuances.len().to_string()));
    attrs.push(Attribute::new("total", total));
    attrs.push(Attribute::new("by", info.sender));
    Ok(Response::new().add_attributes(attrs))
}

pub fn redeem(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    owner: String,
    amount: Uint128,
    reference: Option<EventRef>,
) -> Result<Response, ContractError> {
    assert_any_role(deps.storage, REDEEM_ROLES, &info.sender)?;
    let reference = reference_attr(&reference)?;
    let from = validate_addr(deps.api, &owner)?;
    let legal = reference
        .as_ref()
        .map(|r| r.value.clone())
        .unwrap_or_else(|| "redemption".to_string());
    let cuts = run(
        deps,
        &env,
        Movement {
            kind: Kind::Redeem,
            from: Some(from.clone()),
            to: None,
            amount,
        },
    )?;
    let events = cut_events(&from, cuts, &legal);
    let mut attrs = vec![
        Attribute::new("action", "redeem"),
        Attribute::new("from", from),
        Attribute::new("amount", amount),
    ];
    attrs.extend(reference);
    attrs.push(Attribute::new("by", info.sender));
    Ok(Response::new().add_attributes(attrs).add_events(events))
}
