//! Transfer-agent powers: forced transfer, recovery of a lost wallet, freeze and unfreeze.

use cosmwasm_std::{Attribute, DepsMut, Empty, Env, MessageInfo, Response, Uint128};
use sto_access::validate_addr;
use sto_interface::common::EventRef;
use sto_interface::registry::IdentityRegistry;
use sto_interface::token::{Lock, MAX_LOCKS_PER_WALLET, MAX_OPEN_HOLDS};

use super::{cut_events, reference_attr, run, validate_legal_reference};
use crate::compliance::{Kind, Movement};
use crate::error::ContractError;
use crate::state::{ACCOUNTS, BALANCES, CONFIG, HOLDS, HOLDS_BY_OWNER};

/// Moves `amount` from `from` to `to` on the agent's authority, through the same compliance check
/// (kind `Forced`: the recipient must still be verified).
#[allow(clippy::too_many_arguments)] // one parameter per message field
pub fn forced_transfer(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    from: String,
    to: String,
    amount: Uint128,
    legal_reference: String,
    reference: Option<EventRef>,
) -> Result<Response, ContractError> {
    validate_legal_reference(&legal_reference)?;
    let reference = reference_attr(&reference)?;
    let from = validate_addr(deps.api, &from)?;
    let to = validate_addr(deps.api, &to)?;
    let cuts = run(
        deps,
        &env,
        Movement {
            kind: Kind::Forced,
            from: Some(from.clone()),
            to: Some(to.clone()),
            amount,
        },
    )?;
    let events = cut_events(&from, cuts, &legal_reference);
    let mut attrs = vec![
        Attribute::new("action", "forced_transfer"),
        Attribute::new("from", from),
        Attribute::new("to", to),
        Attribute::new("amount", amount),
        Attribute::new("legal_reference", legal_reference),
    ];
    attrs.extend(reference);
    attrs.push(Attribute::new("by", info.sender));
    Ok(Response::new().add_attributes(attrs).add_events(events))
}

pub fn recover_wallet(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    lost: String,
    new_wallet: String,
    legal_reference: String,
) -> Result<Response, ContractError> {
    validate_legal_reference(&legal_reference)?;
    let lost_addr = validate_addr(deps.api, &lost)?;
    let new_addr = validate_addr(deps.api, &new_wallet)?;
    let lost_account = ACCOUNTS
        .may_load(deps.storage, &lost_addr)?
        .unwrap_or_default();
    let lost_investor = match (&lost_account.investor_id, lost_account.system) {
        (Some(id), false) => id.clone(),
        _ => {
            return Err(ContractError::NotAnInvestorWallet {
                wallet: lost_addr.to_string(),
            })
        }
    };
    let new_account = ACCOUNTS
        .may_load(deps.storage, &new_addr)?
        .unwrap_or_default();
    if new_account.system {
        return Err(ContractError::NotAnInvestorWallet {
            wallet: new_addr.to_string(),
        });
    }
    let registry = IdentityRegistry(CONFIG.load(deps.storage)?.registry);
    if let Some(record) = registry.wallet_record(&deps.querier, &new_addr)? {
        if record.investor_id != lost_investor {
            return Err(ContractError::RecoveryToOtherInvestor {
                lost: lost_addr.to_string(),
                lost_investor,
                new_wallet: new_addr.to_string(),
                new_investor: record.investor_id,
            });
        }
    }
    let carried = lost_account.holds.len();
    if new_account.holds.len().saturating_add(carried) > MAX_OPEN_HOLDS {
        return Err(ContractError::TooManyOpenHolds {
            address: new_addr.to_string(),
            max: MAX_OPEN_HOLDS,
        });
    }
    let amount = BALANCES
        .may_load(deps.storage, &lost_addr)?
        .unwrap_or_default();
    run(
        deps.branch(),
        &env,
        Movement {
            kind: Kind::Recovery,
            from: Some(lost_addr.clone()),
            to: Some(new_addr.clone()),
            amount,
        },
    )?;

    // Freezes and locks follow the tokens; the lost wallet ends empty.
    let mut new_account = ACCOUNTS
        .may_load(deps.storage, &new_addr)?
        .unwrap_or_default();
    new_account.frozen |= lost_account.frozen;
    new_account.frozen_amount = new_account
        .frozen_amount
        .checked_add(lost_account.frozen_amount)?;
    new_account.locks.extend(lost_account.locks.iter().cloned());
    new_account.locks.retain(|l| l.until > env.block.time);
    let locks_merged = merge_locks(&mut new_account.locks)?;
    // Open holds follow the units: same ids, the new wallet as owner.
    for id in &lost_account.holds {
        if let Some(mut hold) = HOLDS.may_load(deps.storage, *id)? {
            hold.owner = new_addr.to_string();
            HOLDS.save(deps.storage, *id, &hold)?;
        }
        HOLDS_BY_OWNER.remove(deps.storage, (&lost_addr, *id));
        HOLDS_BY_OWNER.save(deps.storage, (&new_addr, *id), &Empty {})?;
    }
    new_account.held = new_account.held.checked_add(lost_account.held)?;
    new_account.holds.extend(lost_account.holds.iter().copied());
    new_account.holds.sort_unstable();
    ACCOUNTS.save(deps.storage, &new_addr, &new_account)?;
    let mut emptied = lost_account.clone();
    emptied.frozen = false;
    emptied.frozen_amount = Uint128::zero();
    emptied.locks.clear();
    emptied.held = Uint128::zero();
    emptied.holds.clear();
    ACCOUNTS.save(deps.storage, &lost_addr, &emptied)?;

    Ok(Response::new().add_attributes([
        Attribute::new("action", "recover_wallet"),
        Attribute::new("investor_id", lost_investor),
        Attribute::new("lost", lost_addr),
        Attribute::new("new_wallet", new_addr),
        Attribute::new("amount", amount),
        Attribute::new("frozen", lost_account.frozen.to_string()),
        Attribute::new("frozen_amount", lost_account.frozen_amount),
        Attribute::new("locks", lost_account.locks.len().to_string()),
        Attribute::new("locks_merged", locks_merged.to_string()),
        Attribute::new("holds", carried.to_string()),
        Attribute::new("held", lost_account.held),
        Attribute::new("legal_reference", legal_reference),
        Attribute::new("by", info.sender),
    ]))
}

/// Bring `locks` within [`MAX_LOCKS_PER_WALLET`] so that a recovery never fails on the limit:
/// sorted by end time, the earliest lock is folded into the next one (its amount then stays
/// locked until the later time: stricter, never looser). Returns how many locks were folded.
fn merge_locks(locks: &mut Vec<Lock>) -> Result<usize, ContractError> {
    locks.sort_by_key(|l| l.until);
    let mut merged = 0;
    while locks.len() > MAX_LOCKS_PER_WALLET {
        let first = locks.remove(0);
        locks[0].amount = locks[0].amount.checked_add(first.amount)?;
        merged += 1;
    }
    Ok(merged)
}

pub fn freeze(
    deps: DepsMut,
    info: MessageInfo,
    address: String,
    amount: Option<Uint128>,
    legal_reference: String,
) -> Result<Response, ContractError> {
    validate_legal_reference(&legal_reference)?;
    let addr = validate_addr(deps.api, &address)?;
    let mut account = ACCOUNTS.may_load(deps.storage, &addr)?.unwrap_or_default();
    match amount {
        None => {
            if account.frozen {
                return Err(ContractError::AlreadyFrozen {
                    address: addr.to_string(),
                });
            }
            account.frozen = true;
        }
        Some(amount) => {
            if amount.is_zero() {
                return Err(ContractError::ZeroAmount);
            }
            let balance = BALANCES.may_load(deps.storage, &addr)?.unwrap_or_default();
            let available = balance.saturating_sub(account.frozen_amount);
            if amount > available {
                return Err(ContractError::FreezeExceedsBalance {
                    available,
                    requested: amount,
                });
            }
            account.frozen_amount = account.frozen_amount.checked_add(amount)?;
        }
    }
    ACCOUNTS.save(deps.storage, &addr, &account)?;
    Ok(Response::new().add_attributes(freeze_attrs(
        "freeze",
        &addr,
        amount,
        &account,
        legal_reference,
        &info,
    )))
}

pub fn unfreeze(
    deps: DepsMut,
    info: MessageInfo,
    address: String,
    amount: Option<Uint128>,
    legal_reference: String,
) -> Result<Response, ContractError> {
    validate_legal_reference(&legal_reference)?;
    let addr = validate_addr(deps.api, &address)?;
    let mut account = ACCOUNTS.may_load(deps.storage, &addr)?.unwrap_or_default();
    match amount {
        None => {
            if !account.frozen {
                return Err(ContractError::NotFrozen {
                    address: addr.to_string(),
                });
            }
            account.frozen = false;
        }
        Some(amount) => {
            if amount.is_zero() {
                return Err(ContractError::ZeroAmount);
            }
            if amount > account.frozen_amount {
                return Err(ContractError::UnfreezeExceedsFrozen {
                    frozen: account.frozen_amount,
                    requested: amount,
                });
            }
            account.frozen_amount = account.frozen_amount.checked_sub(amount)?;
        }
    }
    ACCOUNTS.save(deps.storage, &addr, &account)?;
    Ok(Response::new().add_attributes(freeze_attrs(
        "unfreeze",
        &addr,
        amount,
        &account,
        legal_reference,
        &info,
    )))
}

fn freeze_attrs(
    action: &str,
    addr: &cosmwasm_std::Addr,
    amount: Option<Uint128>,
    account: &crate::state::Account,
    legal_reference: String,
    info: &MessageInfo,
) -> Vec<Attribute> {
    let mut attrs = vec![
        Attribute::new("action", action),
        Attribute::new("address", addr),
    ];
    match amount {
        None => attrs.push(Attribute::new("scope", "wallet")),
        Some(a) => {
            attrs.push(Attribute::new("scope", "amount"));
            attrs.push(Attribute::new("amount", a));
        }
    }
    attrs.push(Attribute::new("frozen", account.frozen.to_string()));
    attrs.push(Attribute::new("frozen_amount", account.frozen_amount));
    attrs.push(Attribute::new("legal_reference", legal_reference));
    attrs.push(Attribute::new("by", &info.sender));
    attrs
}
