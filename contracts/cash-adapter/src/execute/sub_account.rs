//! Action sub-accounts: one per corporate action, owned by a registered client contract (e.g.
//! the distributor) and named by the action's reference. Funded by deposit or by book entry
//! from a cash account (new commitments: gated by reserve health); paid out only by the owning
//! client, by book entry to cash accounts (paid or withheld), and reclaimed (never gated).
//!
//! A payment reads and writes the sub-account once and each payee's account once, and no
//! running total: sub-account balances count in `Totals::accounts` with the cash accounts.

use cosmwasm_std::{Addr, Attribute, DepsMut, Env, MessageInfo, Response, Uint128};
use sto_access::validate_addr;
use sto_interface::cash::{
    Config, SubAccountPayment, SubAccountPaymentKind, MAX_SUB_ACCOUNT_PAYMENTS,
    MAX_SUB_ACCOUNT_REFERENCE_LEN,
};
use sto_interface::registry::IdentityRegistry;

use crate::error::ContractError;
use crate::execute::account::{
    authenticate, consume_operator_limit, debit_available, load_account, validate_key,
};
use crate::execute::hold::ensure_healthy;
use crate::execute::{ensure_positive, update_totals, validate_text};
use crate::state::{ACCOUNTS, CLIENTS, CONFIG, SUB_ACCOUNTS};

/// The owning client of a sub-account being funded: registered and active.
fn funded_client(deps: &DepsMut, client: &str) -> Result<Addr, ContractError> {
    let client_addr = validate_addr(deps.api, client)?;
    let info = CLIENTS
        .may_load(deps.storage, &client_addr)?
        .ok_or_else(|| ContractError::UnknownClient {
            client: client.to_string(),
        })?;
    if !info.active {
        return Err(ContractError::ClientInactive {
            client: client_addr,
        });
    }
    Ok(client_addr)
}

/// Credit `amount` to the sub-account `(client, reference)`; returns its balance after.
fn credit(
    deps: &mut DepsMut,
    client: &Addr,
    reference: &str,
    amount: Uint128,
) -> Result<Uint128, ContractError> {
    let key = (client, reference);
    let mut sub = SUB_ACCOUNTS
        .may_load(deps.storage, key)?
        .unwrap_or_default();
    sub.funded = sub.funded.checked_add(amount)?;
    SUB_ACCOUNTS.save(deps.storage, key, &sub)?;
    Ok(sub.balance())
}

/// Checks shared by both ways of funding.
fn check_funding(
    deps: &DepsMut,
    env: &Env,
    cfg: &Config,
    client: &str,
    reference: &str,
    amount: Uint128,
) -> Result<Addr, ContractError> {
    ensure_positive(amount)?;
    validate_text("reference", reference, MAX_SUB_ACCOUNT_REFERENCE_LEN)?;
    let client_addr = funded_client(deps, client)?;
    ensure_healthy(deps.storage, cfg, env)?;
    Ok(client_addr)
}

/// Fund a sub-account with a deposit that has already arrived (CW20 hook or native coin).
/// The depositor is screened as a pool funding's payer: a registered client contract, or a
/// wallet the registry finds eligible (known, KYC current, not blocked).
pub fn fund_by_deposit(
    mut deps: DepsMut,
    env: Env,
    cfg: Config,
    depositor: Addr,
    amount: Uint128,
    client: String,
    reference: String,
) -> Result<Response, ContractError> {
    let client_addr = check_funding(&deps, &env, &cfg, &client, &reference, amount)?;
    if !CLIENTS.has(deps.storage, &depositor) {
        if let Err(reason) = IdentityRegistry(cfg.registry.clone()).eligibility(
            &deps.querier,
            &depositor,
            env.block.time,
        )? {
            return Err(ContractError::PayerIneligible {
                payer: depositor,
                reason,
            });
        }
    }
    let balance = credit(&mut deps, &client_addr, &reference, amount)?;
    update_totals(deps.storage, |t| {
        t.accounts = t.accounts.checked_add(amount)?;
        Ok(())
    })?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "fund_sub_account"),
        Attribute::new("client", client_addr.as_str()),
        Attribute::new("reference", reference),
        Attribute::new("account", depositor.as_str()),
        Attribute::new("amount", amount.to_string()),
        Attribute::new("kind", "deposit"),
        Attribute::new("balance", balance.to_string()),
    ]))
}

/// Native mode `fund_sub_account`: the sender is the depositor.
pub fn fund_native(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    client: String,
    reference: String,
) -> Result<Response, ContractError> {
    let cfg = CONFIG.load(deps.storage)?;
    let amount = crate::execute::funding::native_payment(&cfg, &info.funds)?;
    fund_by_deposit(deps, env, cfg, info.sender, amount, client, reference)
}

/// Fund a sub-account by book entry from a cash account (its owner or operator).
pub fn transfer_to_sub_account(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    from: Option<String>,
    client: String,
    reference: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let cfg = CONFIG.load(deps.storage)?;
    let client_addr = check_funding(&deps, &env, &cfg, &client, &reference, amount)?;
    let actor = authenticate(deps.as_ref(), &cfg, &info.sender, from)?;
    actor.ensure_can_pay()?;
    let mut source = load_account(deps.storage, &actor.key)?;
    debit_available(&mut source, &actor.key, amount)?;
    ACCOUNTS.save(deps.storage, &actor.key, &source)?;
    consume_operator_limit(deps.storage, &actor, amount)?;
    let balance = credit(&mut deps, &client_addr, &reference, amount)?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "fund_sub_account"),
        Attribute::new("client", client_addr.as_str()),
        Attribute::new("reference", reference),
        Attribute::new("account", actor.key),
        Attribute::new("amount", amount.to_string()),
        Attribute::new("kind", "book_entry"),
        Attribute::new("balance", balance.to_string()),
        Attribute::new("sender", info.sender),
    ]))
}

/// Credit `amount` to the cash account `key`, creating it when absent (a blocked investor's
/// account receives).
fn credit_account(deps: &mut DepsMut, key: &str, amount: Uint128) -> Result<(), ContractError> {
    let mut account = ACCOUNTS.may_load(deps.storage, key)?.unwrap_or_default();
    account.balance = account.balance.checked_add(amount)?;
    ACCOUNTS.save(deps.storage, key, &account)?;
    Ok(())
}

/// The owning client pays out of its sub-account: all payments or none. Attributes: `action`,
/// `client`, `reference`, then `account`, `amount`, `kind` for each payment in order, then the
/// `balance` left.
pub fn pay(
    mut deps: DepsMut,
    info: MessageInfo,
    reference: String,
    payments: Vec<SubAccountPayment>,
) -> Result<Response, ContractError> {
    if payments.is_empty() || payments.len() > MAX_SUB_ACCOUNT_PAYMENTS {
        return Err(ContractError::InvalidPaymentCount {
            count: payments.len(),
            max: MAX_SUB_ACCOUNT_PAYMENTS,
        });
    }
    let client = info.sender;
    let key = (&client, reference.as_str());
    let mut sub = SUB_ACCOUNTS.may_load(deps.storage, key)?.ok_or_else(|| {
        ContractError::SubAccountNotFound {
            client: client.clone(),
            reference: reference.clone(),
        }
    })?;
    let mut requested = Uint128::zero();
    for payment in &payments {
        ensure_positive(payment.amount)?;
        validate_key(&payment.account)?;
        requested = requested.checked_add(payment.amount)?;
    }
    let balance = sub.balance();
    if requested > balance {
        return Err(ContractError::SubAccountOverdrawn {
            client,
            reference,
            balance,
            requested,
        });
    }
    let mut attrs = Vec::with_capacity(4 + 3 * payments.len());
    attrs.push(Attribute::new("action", "pay_from_sub_account"));
    attrs.push(Attribute::new("client", client.as_str()));
    attrs.push(Attribute::new("reference", reference.as_str()));
    for payment in payments {
        match payment.kind {
            SubAccountPaymentKind::Paid => sub.paid = sub.paid.checked_add(payment.amount)?,
            SubAccountPaymentKind::Withheld => {
                sub.withheld = sub.withheld.checked_add(payment.amount)?
            }
        }
        credit_account(&mut deps, &payment.account, payment.amount)?;
        attrs.push(Attribute::new("account", payment.account));
        attrs.push(Attribute::new("amount", payment.amount.to_string()));
        attrs.push(Attribute::new("kind", payment.kind.as_str()));
    }
    SUB_ACCOUNTS.save(deps.storage, key, &sub)?;
    attrs.push(Attribute::new("balance", sub.balance().to_string()));
    Ok(Response::new().add_attributes(attrs))
}

/// The owning client reclaims everything left to a cash account.
pub fn reclaim(
    mut deps: DepsMut,
    info: MessageInfo,
    reference: String,
    account: String,
) -> Result<Response, ContractError> {
    validate_key(&account)?;
    let client = info.sender;
    let key = (&client, reference.as_str());
    let mut sub = SUB_ACCOUNTS.may_load(deps.storage, key)?.ok_or_else(|| {
        ContractError::SubAccountNotFound {
            client: client.clone(),
            reference: reference.clone(),
        }
    })?;
    let amount = sub.balance();
    if amount.is_zero() {
        return Err(ContractError::SubAccountEmpty { client, reference });
    }
    sub.reclaimed = sub.reclaimed.checked_add(amount)?;
    SUB_ACCOUNTS.save(deps.storage, key, &sub)?;
    credit_account(&mut deps, &account, amount)?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "reclaim_sub_account"),
        Attribute::new("client", client.as_str()),
        Attribute::new("reference", reference),
        Attribute::new("account", account),
        Attribute::new("amount", amount.to_string()),
        Attribute::new("kind", "reclaimed"),
        Attribute::new("funded", sub.funded.to_string()),
        Attribute::new("paid", sub.paid.to_string()),
        Attribute::new("withheld", sub.withheld.to_string()),
    ]))
}
