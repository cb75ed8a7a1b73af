//! A subscription is a cash hold at the adapter naming this contract as notary: the adapter
//! stores the hold, then calls `hold_placed`; a refusal here reverts the placement.
//!
//! Reads: the configuration, the offering and the investor's (absent) subscription here; the
//! registry's wallet record and the token's published configuration, account, investor book
//! and holder counts by exact-key raw reads (no contract code loaded: the subscription costs
//! the adapter and this contract only).

use cosmwasm_std::Uint128;
use cosmwasm_std::{from_json, Addr, Attribute, Deps, DepsMut, Env, MessageInfo, Response};
use sto_access::validate_addr;
use sto_interface::common::Jurisdiction;
use sto_interface::hold::HoldPlaced;
use sto_interface::offering::{offering_reference, Offering, Subscription, SubscriptionMsg};
use sto_interface::registry::{IdentityRegistry, WalletRecord};
use sto_interface::token::{layout as token_layout, ReasonCode};

use crate::error::ContractError;
use crate::execute::admin::ensure_allowed;
use crate::execute::{cost, load_offering};
use crate::state::{
    count_coming_holder, COMING_HOLDERS, COMING_HOLDERS_J, CONFIG, OFFERINGS, SUBSCRIPTIONS,
};

/// Check a subscription hold against its offering and record it.
pub fn hold_placed(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    placed: HoldPlaced,
) -> Result<Response, ContractError> {
    let cfg = CONFIG.load(deps.storage)?;
    if info.sender != cfg.cash_adapter {
        return Err(ContractError::NotCashAdapter {
            sender: info.sender,
            adapter: cfg.cash_adapter,
        });
    }
    let hold = placed.hold;
    let msg: SubscriptionMsg = from_json(
        placed
            .msg
            .ok_or(ContractError::MissingSubscriptionMsg { hold_id: hold.id })?,
    )?;
    let offering_id = msg.offering_id;
    let mut offering = load_offering(deps.storage, offering_id)?;
    let now = env.block.time;
    if offering.close.is_some() || now < offering.start || now >= offering.end {
        return Err(ContractError::OutsideWindow {
            offering_id,
            start: offering.start,
            end: offering.end,
            now,
        });
    }
    if hold.notary != env.contract.address {
        return Err(ContractError::WrongNotary {
            hold_id: hold.id,
            notary: hold.notary,
        });
    }
    if hold.payee != offering.issuer_account {
        return Err(ContractError::WrongPayee {
            hold_id: hold.id,
            payee: hold.payee,
            expected: offering.issuer_account,
        });
    }
    let expected = offering_reference(offering_id);
    if hold.reference != expected {
        return Err(ContractError::WrongReference {
            hold_id: hold.id,
            reference: hold.reference,
            expected,
        });
    }
    if !hold.partial {
        return Err(ContractError::HoldNotPartial { hold_id: hold.id });
    }
    if hold.expires < offering.allocation_deadline {
        return Err(ContractError::HoldExpiresTooEarly {
            hold_id: hold.id,
            expires: hold.expires,
            deadline: offering.allocation_deadline,
        });
    }
    let units = msg.units;
    if units < offering.min_units {
        return Err(ContractError::BelowMinimum {
            units,
            min_units: offering.min_units,
        });
    }
    if units > offering.max_units {
        return Err(ContractError::AboveMaximum {
            units,
            max_units: offering.max_units,
        });
    }
    let amount = cost(units, offering.unit_price)?;
    if hold.amount != amount {
        return Err(ContractError::WrongHoldAmount {
            hold_id: hold.id,
            units,
            amount: hold.amount,
            expected: amount,
        });
    }
    let investor = hold.owner;
    if SUBSCRIPTIONS.has(deps.storage, (offering_id, investor.as_str())) {
        return Err(ContractError::AlreadySubscribed {
            offering_id,
            investor,
        });
    }
    let wallet = match msg.wallet {
        Some(wallet) => validate_addr(deps.api, &wallet)?,
        None => hold.placed_by.clone(),
    };

    ensure_allowed(deps.storage, &deps.querier, &offering.token)?;
    let rules = token_layout::CONFIG.query(&deps.querier, offering.token.clone())?;
    let record = IdentityRegistry(rules.registry.clone())
        .eligibility(&deps.querier, &wallet, now)?
        .map_err(|reason| ContractError::WalletIneligible {
            wallet: wallet.clone(),
            reason,
        })?;
    if record.investor_id != investor {
        return Err(ContractError::WalletNotOfInvestor {
            wallet,
            wallet_investor: record.investor_id,
            investor,
        });
    }
    let new_holder = issuance_precheck(deps.as_ref(), &offering, &rules, &wallet, &record, units)?;

    offering.subscribers = offering.subscribers.saturating_add(1);
    offering.subscribed_units = offering.subscribed_units.checked_add(units)?;
    offering.held = offering.held.checked_add(amount)?;
    OFFERINGS.save(deps.storage, offering_id, &offering)?;
    if let Some(j) = &new_holder {
        count_coming_holder(deps.storage, &offering.token, j.as_str(), true)?;
    }
    let subscription = Subscription {
        offering_id,
        investor: investor.clone(),
        wallet: wallet.clone(),
        hold_id: hold.id,
        placed_by: hold.placed_by.clone(),
        units,
        amount,
        new_holder: new_holder.clone(),
        settlement: None,
    };
    SUBSCRIPTIONS.save(
        deps.storage,
        (offering_id, investor.as_str()),
        &subscription,
    )?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "subscribed"),
        Attribute::new("offering_id", offering_id.to_string()),
        Attribute::new("investor", investor),
        Attribute::new("wallet", wallet),
        Attribute::new("units", units),
        Attribute::new("amount", amount),
        Attribute::new("hold_id", hold.id.to_string()),
        Attribute::new("placed_by", hold.placed_by),
        Attribute::new("new_holder", new_holder.is_some().to_string()),
        Attribute::new("subscribed_units", offering.subscribed_units),
        Attribute::new("subscribers", offering.subscribers.to_string()),
    ]))
}

/// Would the token issue `units` to `wallet` at the end, given the subscriptions already
/// accepted? The token's recipient-side rules for an issuance, read raw, with the coming
/// holders of every open subscription of the token counted against the holder caps. Answers
/// the jurisdiction the investor is counted in when it holds none of the token yet.
fn issuance_precheck(
    deps: Deps,
    offering: &Offering,
    view: &token_layout::RulesView,
    wallet: &Addr,
    record: &WalletRecord,
    units: Uint128,
) -> Result<Option<Jurisdiction>, ContractError> {
    let token = &offering.token;
    let rules = &view.rules;
    let mut refusals: Vec<ReasonCode> = Vec::new();
    if view.paused {
        refusals.push(ReasonCode::Paused);
    }
    let account = token_layout::query_account(&deps.querier, token, wallet)?;
    if account.frozen {
        refusals.push(ReasonCode::RecipientFrozen);
    }
    if matches!(&account.investor_id, Some(prev) if *prev != record.investor_id)
        && !token_layout::BALANCES
            .query(&deps.querier, token.clone(), wallet)?
            .unwrap_or_default()
            .is_zero()
    {
        refusals.push(ReasonCode::RecipientReassigned);
    }
    let j = &record.jurisdiction;
    if !rules.allowed_jurisdictions.is_empty() && !rules.allowed_jurisdictions.contains(j) {
        refusals.push(ReasonCode::JurisdictionNotAllowed);
    }
    if rules.denied_jurisdictions.contains(j) {
        refusals.push(ReasonCode::JurisdictionDenied);
    }
    if let Some(min) = rules.min_investor_class {
        if record.class.rank() < min.rank() {
            refusals.push(ReasonCode::InvestorClassTooLow);
        }
    }
    let book = token_layout::INVESTOR_BOOKS.query(
        &deps.querier,
        token.clone(),
        record.investor_id.as_str(),
    )?;
    let before = book.as_ref().map(|b| b.balance).unwrap_or_default();
    if let Some(max) = rules.max_balance_per_investor {
        if before.checked_add(units).map_or(true, |after| after > max) {
            refusals.push(ReasonCode::MaxBalanceExceeded);
        }
    }
    let new_holder = before.is_zero();
    if new_holder {
        if let Some(max) = rules.max_holders {
            let holders: u64 = deps
                .querier
                .query_wasm_raw(
                    token.clone(),
                    token_layout::HOLDER_COUNT.as_slice().to_vec(),
                )?
                .map(|raw| from_json(&raw))
                .transpose()?
                .unwrap_or_default();
            let coming = COMING_HOLDERS
                .may_load(deps.storage, token)?
                .unwrap_or_default();
            if holders.saturating_add(coming).saturating_add(1) > max {
                refusals.push(ReasonCode::MaxHoldersReached);
            }
        }
        if let Some(cap) = rules
            .max_holders_per_jurisdiction
            .iter()
            .find(|c| &c.jurisdiction == j)
        {
            let holders = token_layout::HOLDERS_BY_JURISDICTION
                .query(&deps.querier, token.clone(), j.as_str())?
                .unwrap_or_default();
            let coming = COMING_HOLDERS_J
                .may_load(deps.storage, (token, j.as_str()))?
                .unwrap_or_default();
            if holders.saturating_add(coming).saturating_add(1) > cap.max_holders {
                refusals.push(ReasonCode::MaxHoldersInJurisdictionReached);
            }
        }
    }
    if let Some(reason) = refusals.into_iter().min_by_key(ReasonCode::code) {
        return Err(ContractError::IssuanceRefused {
            wallet: wallet.clone(),
            units,
            reason,
        });
    }
    Ok(new_holder.then(|| j.clone()))
}
