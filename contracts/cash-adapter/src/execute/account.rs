//! Cash accounts: who acts for an account, deposits, operators, book entries, withdrawals,
//! off-ramp requests and the transfer agent's movements.
//!
//! An account is keyed by its investor's id (a registered client contract's by its address).
//! A wallet authenticates for its investor with one raw read of the registry's published
//! `wallet` record; an operator by the account's operator record.

use cosmwasm_std::{
    Addr, Attribute, Deps, DepsMut, Env, HexBinary, MessageInfo, Response, Storage, Uint128,
};
use sto_access::{assert_role, validate_addr, Role};
use sto_interface::cash::{CashAccount, Config, MAX_ACCOUNT_KEY_LEN, MAX_TEXT_LEN};
use sto_interface::hold::HoldRequest;
use sto_interface::registry::IdentityRegistry;

use crate::error::ContractError;
use crate::execute::funding::native_payment;
use crate::execute::hold::{hold_attributes, place};
use crate::execute::{ensure_positive, redemption, update_totals, validate_hash, validate_text};
use crate::state::{AccountOperator, ACCOUNTS, CLIENTS, CONFIG, OPERATORS};

/// Who acts for an account, as established by [`authenticate`].
#[derive(Debug, Clone)]
pub struct Actor {
    /// The account key.
    pub key: String,
    /// Whether the account's investor is blocked now (never for a client contract).
    pub blocked: bool,
    /// True when the sender acts as the account's operator rather than as its owner.
    pub operator: bool,
}

impl Actor {
    /// Refuse a payment out of a blocked investor's account.
    pub fn ensure_can_pay(&self) -> Result<(), ContractError> {
        if self.blocked {
            Err(ContractError::AccountBlocked {
                account: self.key.clone(),
            })
        } else {
            Ok(())
        }
    }
}

/// The sender's own account: its investor's (one raw registry read), for a registered client
/// contract its address, else the account credited under the sender's own address.
pub fn own_account(deps: Deps, cfg: &Config, sender: &Addr) -> Result<Actor, ContractError> {
    if let Some(record) =
        IdentityRegistry(cfg.registry.clone()).wallet_record(&deps.querier, sender)?
    {
        return Ok(Actor {
            key: record.investor_id,
            blocked: record.blocked,
            operator: false,
        });
    }
    if CLIENTS.has(deps.storage, sender) {
        return Ok(Actor {
            key: sender.to_string(),
            blocked: false,
            operator: false,
        });
    }
    // A wallet the registry does not know (a tax authority's withholding wallet, an issuer's
    // reclaim address) owns the account credited under its own address, so what a client paid
    // it there is never trapped.
    if ACCOUNTS.has(deps.storage, sender.as_str()) {
        return Ok(Actor {
            key: sender.to_string(),
            blocked: false,
            operator: false,
        });
    }
    Err(ContractError::NoAccount {
        address: sender.clone(),
    })
}

/// Establish that `sender` may act for `account` (its own when `None`): a wallet of the
/// account's investor, the client contract itself, or the account's operator.
pub fn authenticate(
    deps: Deps,
    cfg: &Config,
    sender: &Addr,
    account: Option<String>,
) -> Result<Actor, ContractError> {
    let Some(key) = account else {
        return own_account(deps, cfg, sender);
    };
    validate_key(&key)?;
    if key == sender.as_str() && CLIENTS.has(deps.storage, sender) {
        return Ok(Actor {
            key,
            blocked: false,
            operator: false,
        });
    }
    let registry = IdentityRegistry(cfg.registry.clone());
    if let Some(record) = registry.wallet_record(&deps.querier, sender)? {
        if record.investor_id == key {
            return Ok(Actor {
                key,
                blocked: record.blocked,
                operator: false,
            });
        }
    }
    match OPERATORS.may_load(deps.storage, &key)? {
        Some(grant) if grant.operator == *sender => {
            let blocked = grant_blocked(deps, cfg, &key, &grant)?;
            Ok(Actor {
                key,
                blocked,
                operator: true,
            })
        }
        _ => Err(ContractError::NotAccountOperator {
            account: key,
            sender: sender.clone(),
        }),
    }
}

/// An operator's hold placement or book entry of `amount` consumes its limit; the owner's own
/// acts consume nothing. Refused beyond the limit, with the values.
pub fn consume_operator_limit(
    storage: &mut dyn Storage,
    actor: &Actor,
    amount: Uint128,
) -> Result<(), ContractError> {
    if !actor.operator {
        return Ok(());
    }
    let mut grant =
        OPERATORS
            .may_load(storage, &actor.key)?
            .ok_or_else(|| ContractError::NoOperator {
                account: actor.key.clone(),
            })?;
    grant.limit =
        grant
            .limit
            .checked_sub(amount)
            .map_err(|_| ContractError::OperatorLimitExceeded {
                limit: grant.limit,
                needed: amount,
            })?;
    OPERATORS.save(storage, &actor.key, &grant)?;
    Ok(())
}

/// Whether the investor of `key` is blocked, read through the wallet that authorised the
/// operator.
fn grant_blocked(
    deps: Deps,
    cfg: &Config,
    key: &str,
    grant: &AccountOperator,
) -> Result<bool, ContractError> {
    if grant.granted_by.as_str() == key {
        // A client contract's own account.
        return Ok(false);
    }
    match IdentityRegistry(cfg.registry.clone()).wallet_record(&deps.querier, &grant.granted_by)? {
        Some(record) if record.investor_id == key => Ok(record.blocked),
        _ => Err(ContractError::OperatorGrantLapsed {
            account: key.to_string(),
            granted_by: grant.granted_by.clone(),
        }),
    }
}

/// Whether the owner of `key` is blocked, for a hold placed by `placed_by` (the owner's
/// wallet, the client contract, or the operator).
pub fn owner_blocked(
    deps: Deps,
    cfg: &Config,
    key: &str,
    placed_by: &Addr,
) -> Result<bool, ContractError> {
    if placed_by.as_str() == key {
        return Ok(false);
    }
    if let Some(record) =
        IdentityRegistry(cfg.registry.clone()).wallet_record(&deps.querier, placed_by)?
    {
        if record.investor_id == key {
            return Ok(record.blocked);
        }
    }
    match OPERATORS.may_load(deps.storage, key)? {
        Some(grant) => grant_blocked(deps, cfg, key, &grant),
        None => Err(ContractError::OwnerUnverifiable {
            account: key.to_string(),
        }),
    }
}

/// An account key: 1 to [`MAX_ACCOUNT_KEY_LEN`] characters.
pub fn validate_key(key: &str) -> Result<(), ContractError> {
    if key.is_empty() || key.len() > MAX_ACCOUNT_KEY_LEN {
        Err(ContractError::InvalidAccountKey {
            key: key.to_string(),
            max: MAX_ACCOUNT_KEY_LEN,
        })
    } else {
        Ok(())
    }
}

/// Load an existing account.
pub fn load_account(storage: &dyn Storage, key: &str) -> Result<CashAccount, ContractError> {
    ACCOUNTS
        .may_load(storage, key)?
        .ok_or_else(|| ContractError::UnknownAccount {
            key: key.to_string(),
        })
}

/// Take `amount` out of the account's available cash.
pub fn debit_available(
    account: &mut CashAccount,
    key: &str,
    amount: Uint128,
) -> Result<(), ContractError> {
    let available = account.available();
    if amount > available {
        return Err(ContractError::InsufficientAvailable {
            account: key.to_string(),
            available,
            requested: amount,
        });
    }
    account.balance = account.balance.checked_sub(amount)?;
    Ok(())
}

/// Credit `amount` to `key`, creating the account if needed, and count it in the totals.
pub fn credit_new_cash(
    storage: &mut dyn Storage,
    key: &str,
    amount: Uint128,
) -> Result<CashAccount, ContractError> {
    let mut account = ACCOUNTS.may_load(storage, key)?.unwrap_or_default();
    account.balance = account.balance.checked_add(amount)?;
    ACCOUNTS.save(storage, key, &account)?;
    update_totals(storage, |t| {
        t.accounts = t.accounts.checked_add(amount)?;
        Ok(())
    })?;
    Ok(account)
}

/// Native mode `deposit`: the sender is the depositor.
pub fn deposit_native(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    account: Option<String>,
    hold: Option<HoldRequest>,
) -> Result<Response, ContractError> {
    let cfg = CONFIG.load(deps.storage)?;
    let amount = native_payment(&cfg, &info.funds)?;
    deposit(deps, env, cfg, info.sender, amount, account, hold)
}

/// Credit a deposit that has already arrived to an account the depositor owns or operates,
/// then place the optional hold from it (deposit-and-affirm).
pub fn deposit(
    mut deps: DepsMut,
    env: Env,
    cfg: Config,
    depositor: Addr,
    amount: Uint128,
    account: Option<String>,
    hold: Option<HoldRequest>,
) -> Result<Response, ContractError> {
    ensure_positive(amount)?;
    let actor = authenticate(deps.as_ref(), &cfg, &depositor, account)?;
    let mut acct = credit_new_cash(deps.storage, &actor.key, amount)?;
    let mut attrs = vec![
        Attribute::new("action", "deposit"),
        Attribute::new("account", actor.key.as_str()),
        Attribute::new("amount", amount.to_string()),
        Attribute::new("depositor", depositor.as_str()),
    ];
    let mut res = Response::new();
    if let Some(request) = hold {
        let (placed, msg) = place(
            deps.branch(),
            &env,
            &cfg,
            &actor,
            &depositor,
            request,
            &mut acct,
        )?;
        ACCOUNTS.save(deps.storage, &actor.key, &acct)?;
        attrs[0] = Attribute::new("action", "deposit_and_hold");
        attrs.extend(hold_attributes(&placed));
        res = res.add_message(msg);
    }
    attrs.push(Attribute::new("balance", acct.balance.to_string()));
    Ok(res.add_attributes(attrs))
}

/// Open an empty account for the sender.
pub fn open_account(deps: DepsMut, info: MessageInfo) -> Result<Response, ContractError> {
    let cfg = CONFIG.load(deps.storage)?;
    let actor = own_account(deps.as_ref(), &cfg, &info.sender)?;
    if ACCOUNTS.has(deps.storage, &actor.key) {
        return Err(ContractError::AccountExists { key: actor.key });
    }
    ACCOUNTS.save(deps.storage, &actor.key, &CashAccount::default())?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "open_account"),
        Attribute::new("account", actor.key),
        Attribute::new("sender", info.sender),
    ]))
}

/// The account's owner (not its operator) for operator changes.
fn owner_of(
    deps: Deps,
    cfg: &Config,
    sender: &Addr,
    account: Option<String>,
) -> Result<Actor, ContractError> {
    let actor = authenticate(deps, cfg, sender, account)?;
    if actor.operator {
        return Err(ContractError::NotAccountOwner {
            account: actor.key,
            sender: sender.clone(),
        });
    }
    Ok(actor)
}

pub fn authorize_operator(
    deps: DepsMut,
    info: MessageInfo,
    account: Option<String>,
    operator: String,
    limit: Uint128,
) -> Result<Response, ContractError> {
    let cfg = CONFIG.load(deps.storage)?;
    let actor = owner_of(deps.as_ref(), &cfg, &info.sender, account)?;
    let operator = validate_addr(deps.api, &operator)?;
    OPERATORS.save(
        deps.storage,
        &actor.key,
        &AccountOperator {
            operator: operator.clone(),
            granted_by: info.sender.clone(),
            limit,
        },
    )?;
    if !ACCOUNTS.has(deps.storage, &actor.key) {
        ACCOUNTS.save(deps.storage, &actor.key, &CashAccount::default())?;
    }
    Ok(Response::new().add_attributes([
        Attribute::new("action", "authorize_operator"),
        Attribute::new("account", actor.key),
        Attribute::new("operator", operator),
        Attribute::new("limit", limit.to_string()),
        Attribute::new("sender", info.sender),
    ]))
}

pub fn revoke_operator(
    deps: DepsMut,
    info: MessageInfo,
    account: Option<String>,
) -> Result<Response, ContractError> {
    let cfg = CONFIG.load(deps.storage)?;
    let actor = owner_of(deps.as_ref(), &cfg, &info.sender, account)?;
    let grant = OPERATORS
        .may_load(deps.storage, &actor.key)?
        .ok_or_else(|| ContractError::NoOperator {
            account: actor.key.clone(),
        })?;
    OPERATORS.remove(deps.storage, &actor.key);
    Ok(Response::new().add_attributes([
        Attribute::new("action", "revoke_operator"),
        Attribute::new("account", actor.key),
        Attribute::new("operator", grant.operator),
        Attribute::new("sender", info.sender),
    ]))
}

/// Move `amount` of `from`'s available cash to the existing account `to`. Returns both
/// accounts after the move.
fn book(
    storage: &mut dyn Storage,
    from: &str,
    to: &str,
    amount: Uint128,
) -> Result<(CashAccount, CashAccount), ContractError> {
    if from == to {
        return Err(ContractError::SameAccount {
            account: from.to_string(),
        });
    }
    let mut source = load_account(storage, from)?;
    debit_available(&mut source, from, amount)?;
    let mut target = load_account(storage, to)?;
    target.balance = target.balance.checked_add(amount)?;
    ACCOUNTS.save(storage, from, &source)?;
    ACCOUNTS.save(storage, to, &target)?;
    Ok((source, target))
}

/// Book entry by the owner or its operator.
pub fn transfer_cash(
    deps: DepsMut,
    info: MessageInfo,
    from: Option<String>,
    to: String,
    amount: Uint128,
    reference: String,
) -> Result<Response, ContractError> {
    ensure_positive(amount)?;
    validate_text("reference", &reference, MAX_TEXT_LEN)?;
    let cfg = CONFIG.load(deps.storage)?;
    let actor = authenticate(deps.as_ref(), &cfg, &info.sender, from)?;
    actor.ensure_can_pay()?;
    book(deps.storage, &actor.key, &to, amount)?;
    consume_operator_limit(deps.storage, &actor, amount)?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "transfer_cash"),
        Attribute::new("from", actor.key),
        Attribute::new("to", to),
        Attribute::new("amount", amount.to_string()),
        Attribute::new("reference", reference),
        Attribute::new("sender", info.sender),
    ]))
}

/// The transfer agent moves available cash out of any account by legal order.
pub fn agent_transfer(
    deps: DepsMut,
    info: MessageInfo,
    from: String,
    to: String,
    amount: Uint128,
    legal_reference: String,
) -> Result<Response, ContractError> {
    assert_role(deps.storage, Role::TransferAgent, &info.sender)?;
    ensure_positive(amount)?;
    validate_text("legal_reference", &legal_reference, MAX_TEXT_LEN)?;
    book(deps.storage, &from, &to, amount)?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "agent_transfer"),
        Attribute::new("from", from),
        Attribute::new("to", to),
        Attribute::new("amount", amount.to_string()),
        Attribute::new("legal_reference", legal_reference),
        Attribute::new("agent", info.sender),
    ]))
}

/// Withdraw to a wallet of the account's own investor (a client contract to itself).
pub fn withdraw(
    deps: DepsMut,
    info: MessageInfo,
    account: Option<String>,
    amount: Uint128,
    recipient: Option<String>,
) -> Result<Response, ContractError> {
    ensure_positive(amount)?;
    let cfg = CONFIG.load(deps.storage)?;
    let actor = authenticate(deps.as_ref(), &cfg, &info.sender, account)?;
    let recipient = match recipient {
        Some(r) => validate_addr(deps.api, &r)?,
        None => info.sender.clone(),
    };
    let blocked = if recipient.as_str() == actor.key && CLIENTS.has(deps.storage, &recipient) {
        false
    } else if recipient == info.sender && !actor.operator {
        actor.blocked
    } else {
        match IdentityRegistry(cfg.registry.clone()).wallet_record(&deps.querier, &recipient)? {
            Some(record) if record.investor_id == actor.key => record.blocked || actor.blocked,
            _ => {
                return Err(ContractError::NotOwnWallet {
                    account: actor.key,
                    recipient,
                })
            }
        }
    };
    if blocked {
        return Err(ContractError::AccountBlocked { account: actor.key });
    }
    let mut acct = load_account(deps.storage, &actor.key)?;
    debit_available(&mut acct, &actor.key, amount)?;
    ACCOUNTS.save(deps.storage, &actor.key, &acct)?;
    update_totals(deps.storage, |t| {
        t.accounts = t.accounts.checked_sub(amount)?;
        Ok(())
    })?;
    let msg = cfg.asset.transfer_msg(&recipient, amount)?;
    Ok(Response::new().add_message(msg).add_attributes([
        Attribute::new("action", "withdraw"),
        Attribute::new("account", actor.key),
        Attribute::new("recipient", recipient),
        Attribute::new("amount", amount.to_string()),
        Attribute::new("balance", acct.balance.to_string()),
        Attribute::new("sender", info.sender),
    ]))
}

/// Off-ramp from an account: a book entry into the redemption queue.
pub fn request_off_ramp(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    account: Option<String>,
    amount: Uint128,
    instructions_hash: HexBinary,
) -> Result<Response, ContractError> {
    ensure_positive(amount)?;
    validate_hash("instructions_hash", &instructions_hash)?;
    let cfg = CONFIG.load(deps.storage)?;
    let actor = authenticate(deps.as_ref(), &cfg, &info.sender, account)?;
    actor.ensure_can_pay()?;
    // An off-ramp pays out of the chain on instructions the requester gives: an operator's
    // request consumes its limit like a book entry.
    consume_operator_limit(deps.storage, &actor, amount)?;
    let mut acct = load_account(deps.storage, &actor.key)?;
    debit_available(&mut acct, &actor.key, amount)?;
    ACCOUNTS.save(deps.storage, &actor.key, &acct)?;
    update_totals(deps.storage, |t| {
        t.accounts = t.accounts.checked_sub(amount)?;
        Ok(())
    })?;
    let queued = redemption::enqueue(
        deps.storage,
        &env,
        &cfg,
        info.sender,
        amount,
        instructions_hash,
        Some(actor.key.clone()),
    )?;
    let mut attrs = vec![
        Attribute::new("action", "request_off_ramp"),
        Attribute::new("redemption_id", queued.id.to_string()),
        Attribute::new("account", actor.key),
    ];
    attrs.extend(queued.attributes);
    Ok(Response::new().add_attributes(attrs))
}
