//! Actions funded in their own adapter sub-account ([`FundingMode::SubAccount`]).
//!
//! The action's cash lives in the adapter sub-account `(distributor, action-<id>)`; the paying
//! agent funds it at the adapter directly and no USD1 passes through the distributor. A claim
//! makes no contract call of its own: it reads the holder's record balance raw at its exact key
//! (`sto_interface::token::layout`), the payee's registry record raw, the token's account
//! record raw (system accounts, booked investor) and the sub-account's funding raw, and pays by
//! book entry with one `pay_from_sub_account` to the adapter: the holder's investor cash account
//! (paid) and the withholding account (withheld). Two contract calls per claim in all
//! (distributor + adapter); a final redemption adds the token's `redeem`.
//!
//! [`FundingMode::SubAccount`]: sto_interface::actions::FundingMode::SubAccount

use cosmwasm_std::{
    Addr, Attribute, CosmosMsg, Decimal, Deps, DepsMut, Env, MessageInfo, QuerierWrapper, Response,
    StdResult, Uint128,
};
use sto_access::{validate_addr, Role};
use sto_interface::actions::{
    ActionStatus, ClaimEvent, ClaimRecord, ClaimStatus, Config, CorporateAction, FundingMode,
    MAX_PUSH_SUB_ACCOUNT_CLAIMS,
};
use sto_interface::cash::{
    CashAdapter, SubAccount, SubAccountPayment, SubAccountPaymentKind, MAX_SUB_ACCOUNT_PAYMENTS,
};
use sto_interface::registry::IdentityRegistry;
use sto_interface::token::{layout, SecurityToken};

use crate::error::ContractError;
use crate::execute::claim::PendingBurns;
use crate::execute::{load_action, save_action, token_has_role, withholding_rate};
use crate::math;
use crate::state::REDIRECTS;

/// The action's sub-account as the adapter stores it (one raw read; zeros when never funded).
pub fn read(
    querier: &QuerierWrapper,
    config: &Config,
    env: &Env,
    action: &CorporateAction,
) -> StdResult<SubAccount> {
    Ok(CashAdapter(config.cash_adapter.clone())
        .sub_account(
            querier,
            &env.contract.address,
            &action.sub_account_reference(),
        )?
        .unwrap_or_default())
}

/// What the action's sub-account was funded with so far (raw read).
pub fn funded(
    querier: &QuerierWrapper,
    config: &Config,
    env: &Env,
    action: &CorporateAction,
) -> StdResult<Uint128> {
    Ok(read(querier, config, env, action)?.funded)
}

/// The cash account key of a system-side wallet (withholding account, reclaim address): its
/// investor id when the registry knows the wallet, else the address itself.
fn account_key(querier: &QuerierWrapper, config: &Config, wallet: &Addr) -> StdResult<String> {
    Ok(
        match IdentityRegistry(config.registry.clone()).wallet_record(querier, wallet)? {
            Some(record) => record.investor_id,
            None => wallet.to_string(),
        },
    )
}

/// Claims are accepted on an open action from the payment time (inclusive) until the claim
/// deadline (exclusive), once the record height is reached and the sub-account's funding covers
/// the required amount. At the first claim the supply at the record height (raw) fixes the
/// required amount; every claim refreshes `funded` from the sub-account.
fn prepare(
    deps: Deps,
    env: &Env,
    config: &Config,
    action: &mut CorporateAction,
) -> Result<(), ContractError> {
    let id = action.id;
    match action.status {
        ActionStatus::Announced | ActionStatus::Funded => {}
        status => return Err(ContractError::ActionNotOpen { id, status }),
    }
    if env.block.time < action.payment_time {
        return Err(ContractError::ClaimBeforePaymentTime {
            id,
            payment_time: action.payment_time,
            now: env.block.time,
        });
    }
    if env.block.time >= action.claim_deadline {
        return Err(ContractError::ClaimAfterDeadline {
            id,
            claim_deadline: action.claim_deadline,
            now: env.block.time,
        });
    }
    crate::execute::ensure_record_height_kept(action, env)?;
    if env.block.height < action.record_height {
        return Err(ContractError::ClaimBeforeRecordHeight {
            id,
            record_height: action.record_height,
            current: env.block.height,
        });
    }
    let required = match action.required {
        Some(required) => required,
        None => {
            let supply =
                layout::query_record_supply(&deps.querier, &action.token, action.record_height)?;
            if supply.is_zero() {
                return Err(ContractError::ZeroRecordSupply {
                    id,
                    record_height: action.record_height,
                });
            }
            let required = math::required_amount(&action.basis, supply)?;
            if required.is_zero() {
                return Err(ContractError::ZeroAmount {
                    field: "required amount (rate × supply of record)".to_string(),
                });
            }
            action.record_supply = Some(supply);
            action.required = Some(required);
            required
        }
    };
    let funded = funded(&deps.querier, config, env, action)?;
    action.funded = funded;
    if funded < required {
        return Err(ContractError::NotFunded {
            id,
            required,
            funded,
        });
    }
    action.status = ActionStatus::Funded;
    Ok(())
}

/// One settled claim: its event, the cash account paid and the burn (final redemption).
struct Settled {
    event: ClaimEvent,
    account: String,
    blocked: bool,
    burn: Option<CosmosMsg>,
}

/// Settle `holder`'s claim on `action` (checked by [`prepare`]): compute it from raw reads,
/// update the action's totals in memory, save the claim record. The caller saves the action
/// and sends the payments.
fn settle(
    deps: DepsMut,
    env: &Env,
    config: &Config,
    action: &mut CorporateAction,
    holder: &Addr,
    claimed_by: &Addr,
    pending: &mut PendingBurns,
) -> Result<Settled, ContractError> {
    let id = action.id;
    if action.escrow.as_ref() == Some(holder) {
        return Err(ContractError::EscrowNotPayable {
            id,
            escrow: holder.clone(),
        });
    }
    let holder_booking = layout::query_account(&deps.querier, &action.token, holder)?;
    crate::execute::ensure_payable(env, config, id, holder, &holder_booking)?;
    let burns = action.kind.burns_tokens();
    let previous = crate::state::load_claim(deps.storage, id, holder)?;
    if !burns && previous.is_some() {
        return Err(ContractError::AlreadyClaimed {
            id,
            holder: holder.clone(),
        });
    }
    // The record balance at its exact key; absent, the current balance stands (both raw).
    let record_balance = match &previous {
        Some(r) => r.record_balance,
        None => layout::query_record_balance(
            &deps.querier,
            &action.token,
            action.record_height,
            holder,
        )?,
    };
    let redirect = REDIRECTS.may_load(deps.storage, (id, holder))?;
    let paid_to = redirect
        .as_ref()
        .map(|r| r.to.clone())
        .unwrap_or_else(|| holder.clone());
    let record_supply = action.record_supply.unwrap_or_default();
    let (settled, settled_later) = previous
        .as_ref()
        .map(|r| (r.units, r.later_units))
        .unwrap_or_default();
    let outstanding = record_balance.saturating_sub(settled);

    let zero = Uint128::zero();
    let (units, later_units, later_refused, live_supply) = if burns {
        // As the pool path: the outstanding record quantity first, then (not for a redirect)
        // what the wallet holds beyond it while no net issuance happened after the record
        // height. Balance and supply are read raw.
        // The token refuses to redeem from a frozen wallet, or its frozen part: a frozen
        // wallet is refused here (a push skips it) and a partly frozen one redeems the rest.
        let paid_booking = if paid_to == *holder {
            holder_booking.clone()
        } else {
            layout::query_account(&deps.querier, &action.token, &paid_to)?
        };
        if paid_booking.frozen {
            return Err(ContractError::WalletFrozen {
                id,
                wallet: paid_to.clone(),
            });
        }
        let held = layout::BALANCES
            .query(&deps.querier, action.token.clone(), &paid_to)?
            .unwrap_or_default()
            .saturating_sub(paid_booking.frozen_amount)
            .saturating_sub(pending.of(&paid_to));
        let units = outstanding.min(held);
        let spare = held.checked_sub(units)?;
        if spare.is_zero() || redirect.is_some() {
            (units, zero, zero, zero)
        } else {
            let live = layout::TOTAL_SUPPLY
                .query(&deps.querier, action.token.clone())?
                .saturating_sub(pending.total);
            if live.checked_add(action.claimed_units)? <= record_supply {
                (units, spare, zero, live)
            } else {
                (units, zero, spare, live)
            }
        }
    } else if previous.is_some() {
        (zero, zero, zero, zero)
    } else {
        (record_balance, zero, zero, zero)
    };
    let paid_units = units.checked_add(later_units)?;
    if paid_units.is_zero() {
        return Err(if !later_refused.is_zero() {
            ContractError::SupplyAboveRecord {
                id,
                supply: live_supply,
                claimed: action.claimed_units,
                record_supply,
            }
        } else if record_balance.is_zero() {
            ContractError::NothingToClaim {
                id,
                holder: holder.clone(),
            }
        } else if outstanding.is_zero() {
            ContractError::AlreadyClaimed {
                id,
                holder: holder.clone(),
            }
        } else {
            ContractError::NothingToRedeem {
                id,
                holder: holder.clone(),
                wallet: paid_to.clone(),
                outstanding,
            }
        });
    }
    let claimed_units = action.claimed_units.checked_add(paid_units)?;
    if claimed_units > record_supply {
        return Err(ContractError::UnitsExceedRecord {
            id,
            claimed: action.claimed_units,
            units: paid_units,
            record_supply,
        });
    }
    let before = settled.checked_add(settled_later)?;
    let after = before.checked_add(paid_units)?;
    let gross = math::gross_amount(&action.basis, after, record_supply)?
        .checked_sub(math::gross_amount(&action.basis, before, record_supply)?)?;

    // The payee's investor cash account: from the registry, else the token's booking.
    let (account, jurisdiction, blocked) =
        match IdentityRegistry(config.registry.clone()).wallet_record(&deps.querier, &paid_to)? {
            Some(r) => (r.investor_id, Some(r.jurisdiction), r.blocked),
            None => {
                let booked = if paid_to == *holder {
                    holder_booking.investor_id
                } else {
                    layout::query_account(&deps.querier, &action.token, &paid_to)?.investor_id
                };
                match booked {
                    Some(investor) => (investor, None, false),
                    None => {
                        return Err(ContractError::NoCashAccount {
                            id,
                            wallet: paid_to,
                        })
                    }
                }
            }
        };
    let rate = if action.withholding {
        withholding_rate(deps.storage, config, jurisdiction.as_ref())?
    } else {
        Decimal::zero()
    };
    let (withheld, net) = math::split_withholding(gross, rate)?;
    let available = action.remaining();
    if gross > available {
        return Err(ContractError::InsufficientActionFunds {
            id,
            needed: gross,
            available,
        });
    }

    let burn = if burns {
        pending.add(&paid_to, paid_units)?;
        Some(SecurityToken(action.token.clone()).redeem_msg(
            paid_to.as_str(),
            paid_units,
            Some(action.reference()),
        )?)
    } else {
        None
    };
    let burnt = if burns { paid_units } else { zero };
    // A blocked investor's account receives: the net counts as paid (the sub-account's `paid`).
    action.paid = action.paid.checked_add(net)?;
    action.withheld = action.withheld.checked_add(withheld)?;
    action.claimed_units = claimed_units;
    action.burnt = action.burnt.checked_add(burnt)?;
    action.claims = action.claims.checked_add(1).ok_or_else(|| {
        ContractError::Overflow(cosmwasm_std::OverflowError::new(
            cosmwasm_std::OverflowOperation::Add,
        ))
    })?;

    let mut record = previous.unwrap_or_else(|| ClaimRecord {
        action_id: id,
        holder: holder.clone(),
        record_balance,
        escrowed: zero,
        units: zero,
        later_units: zero,
        gross: zero,
        withholding_rate: rate,
        withheld: zero,
        net: zero,
        parked: zero,
        jurisdiction: None,
        status: ClaimStatus::Paid,
        burnt: zero,
        paid_to: paid_to.clone(),
        settlements: 0,
        claimed_by: claimed_by.clone(),
        claimed_at: env.block.time,
        claimed_height: env.block.height,
    });
    record.units = record.units.checked_add(units)?;
    record.later_units = record.later_units.checked_add(later_units)?;
    record.gross = record.gross.checked_add(gross)?;
    record.withholding_rate = rate;
    record.withheld = record.withheld.checked_add(withheld)?;
    record.net = record.net.checked_add(net)?;
    record.jurisdiction = jurisdiction.clone();
    record.burnt = record.burnt.checked_add(burnt)?;
    record.paid_to = paid_to.clone();
    record.settlements = record.settlements.saturating_add(1);
    record.claimed_by = claimed_by.clone();
    record.claimed_at = env.block.time;
    record.claimed_height = env.block.height;
    crate::state::save_claim(deps.storage, &record)?;

    let event = ClaimEvent {
        action_id: id,
        token: action.token.clone(),
        holder: holder.clone(),
        paid_to,
        claimed_by: claimed_by.clone(),
        record_balance,
        escrowed: zero,
        units,
        later_units,
        gross,
        withholding_rate: rate,
        withheld,
        net,
        jurisdiction,
        status: ClaimStatus::Paid,
        burnt,
        redirect_reference: redirect.map(|r| r.legal_reference),
        claimed_height: env.block.height,
        claimed_at: env.block.time,
    };
    Ok(Settled {
        event,
        account,
        blocked,
        burn,
    })
}

/// The `pay_from_sub_account` messages paying `paid` (cash account, net) and the tax withheld
/// to the withholding account: payments to the same account merged, zeros left out, the
/// withheld sum one payment, at most [`MAX_SUB_ACCOUNT_PAYMENTS`] payments a message (the
/// adapter's cap), so `ceil((accounts + 1) / 8)` messages.
fn payment_messages(
    adapter: &CashAdapter,
    reference: &str,
    paid: &[(String, Uint128)],
    withholding_account: Option<String>,
    withheld: Uint128,
) -> Result<Vec<CosmosMsg>, ContractError> {
    let mut payments: Vec<SubAccountPayment> = vec![];
    for (account, amount) in paid.iter().filter(|(_, a)| !a.is_zero()) {
        match payments.iter_mut().find(|p| &p.account == account) {
            Some(p) => p.amount = p.amount.checked_add(*amount)?,
            None => payments.push(SubAccountPayment {
                account: account.clone(),
                amount: *amount,
                kind: SubAccountPaymentKind::Paid,
            }),
        }
    }
    if let (Some(account), false) = (withholding_account, withheld.is_zero()) {
        payments.push(SubAccountPayment {
            account,
            amount: withheld,
            kind: SubAccountPaymentKind::Withheld,
        });
    }
    Ok(payments
        .chunks(MAX_SUB_ACCOUNT_PAYMENTS)
        .map(|chunk| adapter.pay_from_sub_account(reference, chunk.to_vec()))
        .collect::<StdResult<Vec<_>>>()?)
}

/// The withholding account's cash account key, read only when something is withheld.
fn withholding_key(
    querier: &QuerierWrapper,
    config: &Config,
    withheld: Uint128,
) -> StdResult<Option<String>> {
    if withheld.is_zero() {
        Ok(None)
    } else {
        account_key(querier, config, &config.withholding_account).map(Some)
    }
}

/// The sender claims its own entitlement on an action funded in its sub-account: one
/// `pay_from_sub_account` (and the burn of a final redemption).
pub fn claim(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    config: Config,
    mut action: CorporateAction,
) -> Result<Response, ContractError> {
    let before = action.clone();
    prepare(deps.as_ref(), &env, &config, &mut action)?;
    let mut pending = PendingBurns::default();
    let s = settle(
        deps.branch(),
        &env,
        &config,
        &mut action,
        &info.sender,
        &info.sender,
        &mut pending,
    )?;
    save_action(deps.storage, &action, &before)?;

    let e = &s.event;
    let adapter = CashAdapter(config.cash_adapter.clone());
    let payments = payment_messages(
        &adapter,
        &action.sub_account_reference(),
        &[(s.account.clone(), e.net)],
        withholding_key(&deps.querier, &config, e.withheld)?,
        e.withheld,
    )?;
    let attrs = vec![
        Attribute::new("action", "claim"),
        Attribute::new("action_id", action.id.to_string()),
        Attribute::new("token", action.token.as_str()),
        Attribute::new("funding", action.funding.as_str()),
        Attribute::new("holder", e.holder.as_str()),
        Attribute::new("paid_to", e.paid_to.as_str()),
        Attribute::new("cash_account", s.account.as_str()),
        Attribute::new("blocked", s.blocked.to_string()),
        Attribute::new("sender", info.sender.as_str()),
        Attribute::new("record_balance", e.record_balance.to_string()),
        Attribute::new("units", e.units.to_string()),
        Attribute::new("later_units", e.later_units.to_string()),
        Attribute::new("gross", e.gross.to_string()),
        Attribute::new("withholding_rate", e.withholding_rate.to_string()),
        Attribute::new("withheld", e.withheld.to_string()),
        Attribute::new("net", e.net.to_string()),
        Attribute::new("status", e.status.as_str()),
        Attribute::new("burnt", e.burnt.to_string()),
    ];
    Ok(Response::new()
        .add_attributes(attrs)
        .add_messages(s.burn)
        .add_messages(payments)
        .add_event(s.event))
}

/// The token's transfer agent pushes claims for a page of holders of an action funded in its
/// sub-account (`transfer_agent_push_claims`).
pub fn transfer_agent_push_claims(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    action_id: u64,
    holders: Vec<String>,
) -> Result<Response, ContractError> {
    let action = load_action(deps.storage, action_id)?;
    if action.funding != FundingMode::SubAccount {
        return Err(ContractError::NotSubAccountAction { id: action_id });
    }
    if !token_has_role(
        &deps.querier,
        &action.token,
        Role::TransferAgent,
        &info.sender,
    )? {
        return Err(ContractError::NotTokenTransferAgent {
            token: action.token,
            address: info.sender,
        });
    }
    let config = crate::state::CONFIG.load(deps.storage)?;
    push_claims(deps, env, info, config, action, holders)
}

/// The paying agent (of the distributor and of the action's token; checked by the caller) or
/// the token's transfer agent claims for up to
/// [`MAX_PUSH_SUB_ACCOUNT_CLAIMS`] holders of an action funded in its sub-account. Holders
/// with nothing to claim now, system accounts and wallets without an investor are skipped and
/// reported; any other refusal reverts the page. The page's payments go in
/// `ceil((accounts + 1) / 8)` `pay_from_sub_account` messages.
pub fn push_claims(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    config: Config,
    mut action: CorporateAction,
    holders: Vec<String>,
) -> Result<Response, ContractError> {
    let before = action.clone();
    if holders.is_empty() || holders.len() > MAX_PUSH_SUB_ACCOUNT_CLAIMS {
        return Err(ContractError::InvalidListLength {
            field: "holders".to_string(),
            max: MAX_PUSH_SUB_ACCOUNT_CLAIMS,
            count: holders.len(),
        });
    }
    prepare(deps.as_ref(), &env, &config, &mut action)?;

    let mut settled = Vec::with_capacity(holders.len());
    let mut skipped: Vec<Attribute> = vec![];
    let mut pending = PendingBurns::default();
    for holder in holders {
        let holder = validate_addr(deps.api, &holder)?;
        match settle(
            deps.branch(),
            &env,
            &config,
            &mut action,
            &holder,
            &info.sender,
            &mut pending,
        ) {
            Ok(s) => settled.push(s),
            Err(
                ContractError::AlreadyClaimed { .. }
                | ContractError::NothingToClaim { .. }
                | ContractError::NothingToRedeem { .. }
                | ContractError::SupplyAboveRecord { .. }
                | ContractError::EscrowNotPayable { .. }
                | ContractError::SystemAccountNotPayable { .. }
                | ContractError::NoCashAccount { .. }
                | ContractError::WalletFrozen { .. },
            ) => skipped.push(Attribute::new("skipped", holder.as_str())),
            Err(e) => return Err(e),
        }
    }
    save_action(deps.storage, &action, &before)?;

    let mut withheld = Uint128::zero();
    let mut paid = Vec::with_capacity(settled.len());
    for s in &settled {
        withheld = withheld.checked_add(s.event.withheld)?;
        paid.push((s.account.clone(), s.event.net));
    }
    let adapter = CashAdapter(config.cash_adapter.clone());
    let payments = payment_messages(
        &adapter,
        &action.sub_account_reference(),
        &paid,
        withholding_key(&deps.querier, &config, withheld)?,
        withheld,
    )?;
    let mut response = Response::new().add_attributes([
        Attribute::new("action", "push_claims"),
        Attribute::new("action_id", action.id.to_string()),
        Attribute::new("token", action.token.as_str()),
        Attribute::new("funding", action.funding.as_str()),
        Attribute::new("claimed", settled.len().to_string()),
        Attribute::new("skipped_count", skipped.len().to_string()),
        Attribute::new("payment_messages", payments.len().to_string()),
    ]);
    response = response.add_attributes(skipped);
    for s in settled {
        // The cash account credited and whether it is blocked: payments are merged per account
        // in the adapter messages, so each holder's event names where its net went.
        let event = cosmwasm_std::Event::from(s.event).add_attributes([
            Attribute::new("cash_account", s.account),
            Attribute::new("blocked", s.blocked.to_string()),
        ]);
        response = response.add_messages(s.burn).add_event(event);
    }
    Ok(response
        .add_messages(payments)
        .add_attribute("sender", info.sender))
}

/// Close an action funded in its sub-account (any paying agent of the distributor): from the
/// claim deadline, reclaim what is left of the sub-account to the reclaim address's cash
/// account and close; afterwards `paid + withheld + reclaimed = funded` (the adapter enforces
/// it on the sub-account, the distributor checks it on the action). A closed or cancelled
/// action whose sub-account was funded afterwards is closed again: the late funding is
/// reclaimed the same way, so nothing stays trapped in the sub-account.
pub fn close(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    mut action: CorporateAction,
) -> Result<Response, ContractError> {
    let before = action.clone();
    let id = action.id;
    let config = crate::state::CONFIG.load(deps.storage)?;
    let sub = read(&deps.querier, &config, &env, &action)?;
    let remaining = sub.balance();
    match action.status {
        ActionStatus::Announced | ActionStatus::Funded => {
            if env.block.time < action.claim_deadline
                && !crate::execute::record_height_retired(&action, &env)
            {
                return Err(ContractError::DeadlineNotPassed {
                    id,
                    claim_deadline: action.claim_deadline,
                    now: env.block.time,
                });
            }
        }
        status => {
            if remaining.is_zero() {
                return Err(ContractError::NothingToReclaim { id, status });
            }
        }
    }
    action.funded = sub.funded;
    action.reclaimed = action.reclaimed.checked_add(remaining)?;
    if matches!(
        action.status,
        ActionStatus::Announced | ActionStatus::Funded
    ) {
        action.status = ActionStatus::Closed;
    }
    let outflows = action
        .paid
        .checked_add(action.parked)?
        .checked_add(action.withheld)?
        .checked_add(action.reclaimed)?;
    if outflows != action.funded {
        return Err(ContractError::InsufficientActionFunds {
            id,
            needed: outflows,
            available: action.funded,
        });
    }
    save_action(deps.storage, &action, &before)?;

    let (response, reclaim_account) = reclaim_rest(&deps.querier, &config, &action, remaining)?;
    Ok(response.add_attributes([
        Attribute::new("action", "close_action"),
        Attribute::new("action_id", id.to_string()),
        Attribute::new("token", action.token.as_str()),
        Attribute::new("funding", action.funding.as_str()),
        Attribute::new("reclaim_address", action.reclaim_address.as_str()),
        Attribute::new("reclaim_account", reclaim_account),
        Attribute::new("reclaimed", remaining.to_string()),
        Attribute::new("funded", action.funded.to_string()),
        Attribute::new("paid", action.paid.to_string()),
        Attribute::new("withheld", action.withheld.to_string()),
        Attribute::new("claims", action.claims.to_string()),
        Attribute::new("sender", info.sender),
    ]))
}

/// Cancel an announced action funded in its sub-account (the caller's roles checked by the
/// caller). Nothing funded: cancelled. Funded before its payment time (no holder can have
/// claimed; a deposit by anyone must not keep a mistaken announcement alive): cancelled and
/// what the sub-account holds reclaimed to the reclaim address at once. Funded from its payment
/// time on: refused with [`ContractError::CancelAfterFunding`].
pub fn cancel(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    mut action: CorporateAction,
) -> Result<Response, ContractError> {
    let before = action.clone();
    let id = action.id;
    let config = crate::state::CONFIG.load(deps.storage)?;
    let sub = read(&deps.querier, &config, &env, &action)?;
    if !sub.funded.is_zero() && env.block.time >= action.payment_time {
        return Err(ContractError::CancelAfterFunding {
            id,
            funded: sub.funded,
        });
    }
    let remaining = sub.balance();
    action.status = ActionStatus::Cancelled;
    action.funded = sub.funded;
    action.reclaimed = action.reclaimed.checked_add(remaining)?;
    save_action(deps.storage, &action, &before)?;
    let (response, reclaim_account) = reclaim_rest(&deps.querier, &config, &action, remaining)?;
    Ok(response.add_attributes([
        Attribute::new("action", "cancel_action"),
        Attribute::new("action_id", id.to_string()),
        Attribute::new("token", action.token.as_str()),
        Attribute::new("funding", action.funding.as_str()),
        Attribute::new("reclaimed", remaining.to_string()),
        Attribute::new("reclaim_account", reclaim_account),
        Attribute::new("funded", action.funded.to_string()),
        Attribute::new("sender", info.sender),
    ]))
}

/// Most characters of an orphan reclaim's ticket.
pub const MAX_TICKET_LEN: usize = 128;

/// The owner reclaims an orphan sub-account of the distributor (see
/// `ExecuteMsg::ReclaimOrphanSubAccount`): its whole balance, read raw, to `recipient`'s cash
/// account with one `reclaim_sub_account` (the adapter keeps `paid + withheld + reclaimed =
/// funded` on it).
pub fn reclaim_orphan(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    reference: String,
    recipient: String,
    ticket: String,
) -> Result<Response, ContractError> {
    sto_access::assert_owner(deps.storage, &info.sender).map_err(ContractError::Access)?;
    let recipient = validate_addr(deps.api, &recipient)?;
    let len = ticket.chars().count();
    if len == 0 || len > MAX_TICKET_LEN {
        return Err(ContractError::InvalidTicket {
            max: MAX_TICKET_LEN,
        });
    }
    if let Some(id) = reference
        .strip_prefix("action-")
        .and_then(|n| n.parse::<u64>().ok())
    {
        if let Some(action) = crate::execute::may_load_action(deps.storage, id)? {
            if action.funding == FundingMode::SubAccount
                && action.sub_account_reference() == reference
            {
                return Err(ContractError::SubAccountInUse {
                    reference,
                    action_id: id,
                });
            }
        }
    }
    let config = crate::state::CONFIG.load(deps.storage)?;
    let adapter = CashAdapter(config.cash_adapter.clone());
    let balance = adapter
        .sub_account(&deps.querier, &env.contract.address, &reference)?
        .unwrap_or_default()
        .balance();
    if balance.is_zero() {
        return Err(ContractError::SubAccountEmpty { reference });
    }
    let account = account_key(&deps.querier, &config, &recipient)?;
    Ok(Response::new()
        .add_message(adapter.reclaim_sub_account(reference.clone(), account.as_str())?)
        .add_attributes([
            Attribute::new("action", "reclaim_orphan_sub_account"),
            Attribute::new("reference", reference),
            Attribute::new("recipient", recipient.as_str()),
            Attribute::new("cash_account", account),
            Attribute::new("amount", balance.to_string()),
            Attribute::new("ticket", ticket),
            Attribute::new("sender", info.sender),
        ]))
}

/// The response reclaiming `remaining` of the action's sub-account to its reclaim address's
/// cash account (no message when nothing remains), and that account's key.
fn reclaim_rest(
    querier: &QuerierWrapper,
    config: &Config,
    action: &CorporateAction,
    remaining: Uint128,
) -> Result<(Response, String), ContractError> {
    let account = account_key(querier, config, &action.reclaim_address)?;
    let mut response = Response::new();
    if !remaining.is_zero() {
        response = response.add_message(
            CashAdapter(config.cash_adapter.clone())
                .reclaim_sub_account(action.sub_account_reference(), account.as_str())?,
        );
    }
    Ok((response, account))
}
