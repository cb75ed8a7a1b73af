//! Claims: a holder's own claim, the paying agent's and the transfer agent's push for a page of
//! holders, and the entitlement they settle.
//!
//! The action's cash lives in the adapter sub-account `(distributor, action-<id>)`. A claim makes
//! no contract call of its own: it reads the holder's record balance raw at its exact key
//! (`sto_interface::token::layout`), the payee's registry record raw, the token's account record
//! raw (system accounts, booked investor) and the sub-account's funding raw, and pays by book
//! entry with one `pay_from_sub_account` to the adapter: the holder's investor cash account
//! (paid) and the withholding account (withheld). Two contract calls per claim in all
//! (distributor + adapter); a final redemption adds the token's `redeem`.
//!
//! Final redemption: a claim burns and pays `min(outstanding record quantity, balance)` and,
//! while `live supply + units already paid <= record supply`, the balance beyond it (tokens
//! received after the record height). Every paid unit is burnt in the same transaction, so no
//! unit is paid twice, and the units paid never exceed the record supply.

use cosmwasm_std::{
    Addr, Attribute, CosmosMsg, Decimal, Deps, DepsMut, Env, Event, MessageInfo, OverflowError,
    OverflowOperation, Response, StdResult, Uint128,
};
use sto_access::{validate_addr, Role};
use sto_interface::actions::{
    ActionStatus, ClaimEvent, ClaimRecord, ClaimRedirect, Config, CorporateAction, MAX_PUSH_CLAIMS,
};
use sto_interface::cash::{
    CashAdapter, SubAccountPayment, SubAccountPaymentKind, MAX_SUB_ACCOUNT_PAYMENTS,
};
use sto_interface::common::Jurisdiction;
use sto_interface::registry::IdentityRegistry;
use sto_interface::token::{layout, SecurityToken};

use crate::error::ContractError;
use crate::execute::{
    account_key, ensure_payable, ensure_record_height_kept, ensure_token_paying_agent, load_action,
    read_sub_account, save_action, token_has_role, withholding_rate,
};
use crate::math;
use crate::state::{CONFIG, REDIRECTS};

/// Burns already planned in the current message (a push page), not yet executed by the token:
/// balances and the supply read from the token are reduced by them.
#[derive(Default)]
pub struct PendingBurns {
    burns: Vec<(Addr, Uint128)>,
    /// Sum of the planned burns.
    pub total: Uint128,
}

impl PendingBurns {
    /// Burns planned for `wallet`.
    pub fn of(&self, wallet: &Addr) -> Uint128 {
        self.burns
            .iter()
            .filter(|(w, _)| w == wallet)
            .map(|(_, a)| *a)
            .sum()
    }

    /// Plan a burn of `amount` from `wallet`.
    pub fn add(&mut self, wallet: &Addr, amount: Uint128) -> Result<(), ContractError> {
        self.total = self.total.checked_add(amount)?;
        self.burns.push((wallet.clone(), amount));
        Ok(())
    }
}

/// What a claim for `holder` would settle now, computed from raw reads of the record balance,
/// the holder's claims so far, its redirect, the paid wallet's balance (final redemption) and
/// the registry.
#[derive(Clone, Debug, PartialEq)]
pub struct Entitlement {
    /// The holder's own balance at the record height.
    pub record_balance: Uint128,
    /// Supply at the record height.
    pub record_supply: Uint128,
    /// Record quantity not settled yet.
    pub outstanding: Uint128,
    /// Record units this claim settles.
    pub units: Uint128,
    /// Units beyond the record quantity this claim redeems (final redemption only).
    pub later_units: Uint128,
    /// Units the paid wallet holds beyond the outstanding record quantity that cannot be
    /// redeemed now because the supply is above the record supply (final redemption only).
    pub later_refused: Uint128,
    /// The token's live supply (less burns pending in this message) when it was read (for
    /// units beyond the record quantity), else zero.
    pub live_supply: Uint128,
    /// The wallet paid (and burnt from).
    pub paid_to: Addr,
    /// Whether the paid wallet is frozen on the token (a final redemption cannot burn there).
    pub paid_frozen: bool,
    /// The redirect in force, if any.
    pub redirect: Option<ClaimRedirect>,
    /// The holder's claims so far.
    pub previous: Option<ClaimRecord>,
    /// Gross USD1 (rounded down).
    pub gross: Uint128,
    /// Withholding rate applied.
    pub withholding_rate: Decimal,
    /// USD1 withheld (rounded down).
    pub withheld: Uint128,
    /// USD1 to the payee's cash account.
    pub net: Uint128,
    /// The payee's jurisdiction in the registry now.
    pub jurisdiction: Option<Jurisdiction>,
    /// Whether the payee is blocked now.
    pub blocked: bool,
    /// The payee's investor cash account (registry, else the token's booking); `None`: the
    /// wallet has no investor, so nothing can be paid to it.
    pub account: Option<String>,
}

/// Compute what a claim for `holder` settles now on an action whose record height is reached.
/// The supply of record is the action's (fixed at the first claim) or read raw at the token.
/// A system account is refused ([`ContractError::SystemAccountNotPayable`]).
pub fn entitlement(
    deps: Deps,
    env: &Env,
    config: &Config,
    action: &CorporateAction,
    holder: &Addr,
    pending: &PendingBurns,
) -> Result<Entitlement, ContractError> {
    let id = action.id;
    let holder_booking = layout::query_account(&deps.querier, &action.token, holder)?;
    ensure_payable(env, config, id, holder, &holder_booking)?;
    let record_supply = match action.record_supply {
        Some(supply) => supply,
        None => layout::query_record_supply(&deps.querier, &action.token, action.record_height)?,
    };
    let previous = crate::state::load_claim(deps.storage, id, holder)?;
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
    let paid_booking = if paid_to == *holder {
        holder_booking
    } else {
        // A redirect's wallet must still not be a system account (the configuration or the
        // token's system accounts may have changed since the redirect).
        let booking = layout::query_account(&deps.querier, &action.token, &paid_to)?;
        ensure_payable(env, config, id, &paid_to, &booking)?;
        booking
    };
    let (settled, settled_later) = previous
        .as_ref()
        .map(|r| (r.units, r.later_units))
        .unwrap_or_default();
    let outstanding = record_balance.saturating_sub(settled);

    let zero = Uint128::zero();
    let (units, later_units, later_refused, live_supply) = if action.kind.burns_tokens() {
        // The outstanding record quantity first, then (not for a redirect, whose wallet claims
        // its own tokens itself) what the wallet holds beyond it while no net issuance happened
        // after the record height. Balance and supply are read raw. The token refuses to redeem
        // a frozen part: only the unfrozen balance counts.
        let held = layout::BALANCES
            .query(&deps.querier, action.token.clone(), &paid_to)?
            .unwrap_or_default()
            .saturating_sub(paid_booking.frozen_amount)
            .saturating_sub(pending.of(&paid_to));
        let held = if paid_booking.frozen { zero } else { held };
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

    // Gross on the holder's cumulative units, less what its earlier claims were paid: the
    // rounding never loses a unit of USD1 across top-ups.
    let gross =
        if record_supply.is_zero() {
            zero
        } else {
            let before = settled.checked_add(settled_later)?;
            let after = before.checked_add(units)?.checked_add(later_units)?;
            math::gross_amount(&action.basis, after, record_supply)?
                .checked_sub(math::gross_amount(&action.basis, before, record_supply)?)?
        };

    // The payee's investor cash account: from the registry, else the token's booking.
    let (account, jurisdiction, blocked) =
        match IdentityRegistry(config.registry.clone()).wallet_record(&deps.querier, &paid_to)? {
            Some(r) => (Some(r.investor_id), Some(r.jurisdiction), r.blocked),
            None => (paid_booking.investor_id, None, false),
        };
    let rate = if action.withholding {
        withholding_rate(deps.storage, config, jurisdiction.as_ref())?
    } else {
        Decimal::zero()
    };
    let (withheld, net) = math::split_withholding(gross, rate)?;
    Ok(Entitlement {
        record_balance,
        record_supply,
        outstanding,
        units,
        later_units,
        later_refused,
        live_supply,
        paid_to,
        paid_frozen: paid_booking.frozen,
        redirect,
        previous,
        gross,
        withholding_rate: rate,
        withheld,
        net,
        jurisdiction,
        blocked,
        account,
    })
}

/// Claims are accepted on an open action from the payment time (inclusive) until the claim
/// deadline (exclusive), once the record height is reached and the sub-account covers the
/// required amount. At the first claim the supply at the record height (raw) fixes the
/// required amount; claims read the sub-account (raw) until one finds it covering the
/// requirement, which makes the action `funded`; later claims rely on the adapter, which refuses
/// any payment beyond the sub-account's balance.
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
    ensure_record_height_kept(action, env)?;
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
    // Once a claim found the sub-account funded, later claims do not read it again: the
    // adapter refuses any payment beyond its balance (`sub_account_overdrawn`), all or none.
    if action.status == ActionStatus::Funded {
        return Ok(());
    }
    // Before the first accepted claim nothing went out of the sub-account for this action: its
    // balance is what the action can pay.
    let sub = read_sub_account(&deps.querier, config, env, action)?;
    action.funded = sub.funded;
    let available = sub.balance();
    if available < required {
        return Err(ContractError::NotFunded {
            id,
            required,
            funded: available,
        });
    }
    action.status = ActionStatus::Funded;
    Ok(())
}

/// One settled claim: its event, the cash account paid and the burn (final redemption).
struct Settled {
    event: ClaimEvent,
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
    let burns = action.kind.burns_tokens();
    let ent = entitlement(deps.as_ref(), env, config, action, holder, pending)?;
    if !burns && ent.previous.is_some() {
        return Err(ContractError::AlreadyClaimed {
            id,
            holder: holder.clone(),
        });
    }
    if burns && ent.paid_frozen {
        // The token refuses to burn from a frozen wallet: refused here (a push skips it).
        return Err(ContractError::WalletFrozen {
            id,
            wallet: ent.paid_to,
        });
    }
    let paid_units = ent.units.checked_add(ent.later_units)?;
    if paid_units.is_zero() {
        return Err(if !ent.later_refused.is_zero() {
            ContractError::SupplyAboveRecord {
                id,
                supply: ent.live_supply,
                claimed: action.claimed_units,
                record_supply: ent.record_supply,
            }
        } else if ent.record_balance.is_zero() {
            ContractError::NothingToClaim {
                id,
                holder: holder.clone(),
            }
        } else if ent.outstanding.is_zero() {
            ContractError::AlreadyClaimed {
                id,
                holder: holder.clone(),
            }
        } else {
            ContractError::NothingToRedeem {
                id,
                holder: holder.clone(),
                wallet: ent.paid_to.clone(),
                outstanding: ent.outstanding,
            }
        });
    }
    let Some(account) = ent.account.clone() else {
        return Err(ContractError::NoCashAccount {
            id,
            wallet: ent.paid_to,
        });
    };
    // Guards against a token answer that would pay more than the record allows.
    let claimed_units = action.claimed_units.checked_add(paid_units)?;
    if claimed_units > ent.record_supply {
        return Err(ContractError::UnitsExceedRecord {
            id,
            claimed: action.claimed_units,
            units: paid_units,
            record_supply: ent.record_supply,
        });
    }
    let available = action.remaining();
    if ent.gross > available {
        return Err(ContractError::InsufficientActionFunds {
            id,
            needed: ent.gross,
            available,
        });
    }

    let burn = if burns {
        pending.add(&ent.paid_to, paid_units)?;
        Some(SecurityToken(action.token.clone()).redeem_msg(
            ent.paid_to.as_str(),
            paid_units,
            Some(action.reference()),
        )?)
    } else {
        None
    };
    let burnt = if burns { paid_units } else { Uint128::zero() };
    // A blocked investor's account receives: the net counts as paid (the sub-account's `paid`).
    action.paid = action.paid.checked_add(ent.net)?;
    action.withheld = action.withheld.checked_add(ent.withheld)?;
    action.claimed_units = claimed_units;
    action.burnt = action.burnt.checked_add(burnt)?;
    action.claims = action
        .claims
        .checked_add(1)
        .ok_or_else(|| ContractError::Overflow(OverflowError::new(OverflowOperation::Add)))?;

    let zero = Uint128::zero();
    let mut record = ent.previous.clone().unwrap_or_else(|| ClaimRecord {
        action_id: id,
        holder: holder.clone(),
        record_balance: ent.record_balance,
        units: zero,
        later_units: zero,
        gross: zero,
        withholding_rate: ent.withholding_rate,
        withheld: zero,
        net: zero,
        jurisdiction: None,
        burnt: zero,
        paid_to: ent.paid_to.clone(),
        settlements: 0,
        claimed_by: claimed_by.clone(),
        claimed_at: env.block.time,
        claimed_height: env.block.height,
    });
    record.units = record.units.checked_add(ent.units)?;
    record.later_units = record.later_units.checked_add(ent.later_units)?;
    record.gross = record.gross.checked_add(ent.gross)?;
    record.withholding_rate = ent.withholding_rate;
    record.withheld = record.withheld.checked_add(ent.withheld)?;
    record.net = record.net.checked_add(ent.net)?;
    record.jurisdiction = ent.jurisdiction.clone();
    record.burnt = record.burnt.checked_add(burnt)?;
    record.paid_to = ent.paid_to.clone();
    record.settlements = record.settlements.saturating_add(1);
    record.claimed_by = claimed_by.clone();
    record.claimed_at = env.block.time;
    record.claimed_height = env.block.height;
    crate::state::save_claim(deps.storage, &record)?;

    let event = ClaimEvent {
        action_id: id,
        token: action.token.clone(),
        holder: holder.clone(),
        paid_to: ent.paid_to,
        claimed_by: claimed_by.clone(),
        record_balance: ent.record_balance,
        units: ent.units,
        later_units: ent.later_units,
        gross: ent.gross,
        withholding_rate: ent.withholding_rate,
        withheld: ent.withheld,
        net: ent.net,
        jurisdiction: ent.jurisdiction,
        cash_account: account,
        blocked: ent.blocked,
        burnt,
        redirect_reference: ent.redirect.map(|r| r.legal_reference),
        claimed_height: env.block.height,
        claimed_at: env.block.time,
    };
    Ok(Settled { event, burn })
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
    querier: &cosmwasm_std::QuerierWrapper,
    config: &Config,
    withheld: Uint128,
) -> StdResult<Option<String>> {
    if withheld.is_zero() {
        Ok(None)
    } else {
        account_key(querier, config, &config.withholding_account).map(Some)
    }
}

/// The sender claims its own entitlement: one `pay_from_sub_account` (and the burn of a final
/// redemption).
pub fn claim(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    action_id: u64,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut action = load_action(deps.storage, action_id)?;
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
        &[(e.cash_account.clone(), e.net)],
        withholding_key(&deps.querier, &config, e.withheld)?,
        e.withheld,
    )?;
    let attrs = vec![
        Attribute::new("action", "claim"),
        Attribute::new("action_id", action.id.to_string()),
        Attribute::new("token", action.token.as_str()),
        Attribute::new("holder", e.holder.as_str()),
        Attribute::new("paid_to", e.paid_to.as_str()),
        Attribute::new("cash_account", e.cash_account.as_str()),
        Attribute::new("blocked", e.blocked.to_string()),
        Attribute::new("sender", info.sender.as_str()),
        Attribute::new("record_balance", e.record_balance.to_string()),
        Attribute::new("units", e.units.to_string()),
        Attribute::new("later_units", e.later_units.to_string()),
        Attribute::new("gross", e.gross.to_string()),
        Attribute::new("withholding_rate", e.withholding_rate.to_string()),
        Attribute::new("withheld", e.withheld.to_string()),
        Attribute::new("net", e.net.to_string()),
        Attribute::new("burnt", e.burnt.to_string()),
    ];
    Ok(Response::new()
        .add_attributes(attrs)
        .add_messages(s.burn)
        .add_messages(payments)
        .add_event(Event::from(s.event)))
}

/// The paying agent (of the distributor, checked at dispatch, and of the action's token)
/// pushes claims for a page of holders.
pub fn push_claims(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    action_id: u64,
    holders: Vec<String>,
) -> Result<Response, ContractError> {
    let action = load_action(deps.storage, action_id)?;
    // A push burns holders' tokens in a final redemption: only a paying agent of this token.
    ensure_token_paying_agent(&deps.querier, &action.token, &info.sender)?;
    push_page(deps, env, info, action, holders)
}

/// The token's transfer agent pushes claims for a page of holders
/// (`transfer_agent_push_claims`).
pub fn transfer_agent_push_claims(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    action_id: u64,
    holders: Vec<String>,
) -> Result<Response, ContractError> {
    let action = load_action(deps.storage, action_id)?;
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
    push_page(deps, env, info, action, holders)
}

/// Claim for up to [`MAX_PUSH_CLAIMS`] holders of `action` (the sender's role checked by the
/// caller). Holders with nothing to claim now, system accounts, wallets without an investor and
/// frozen wallets of a final redemption are skipped and reported; any other refusal reverts the
/// page. The page's payments go in `ceil((accounts + 1) / 8)` `pay_from_sub_account` messages.
fn push_page(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    mut action: CorporateAction,
    holders: Vec<String>,
) -> Result<Response, ContractError> {
    let before = action.clone();
    if holders.is_empty() || holders.len() > MAX_PUSH_CLAIMS {
        return Err(ContractError::InvalidListLength {
            field: "holders".to_string(),
            max: MAX_PUSH_CLAIMS,
            count: holders.len(),
        });
    }
    let config = CONFIG.load(deps.storage)?;
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
        paid.push((s.event.cash_account.clone(), s.event.net));
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
        Attribute::new("claimed", settled.len().to_string()),
        Attribute::new("skipped_count", skipped.len().to_string()),
        Attribute::new("payment_messages", payments.len().to_string()),
    ]);
    response = response.add_attributes(skipped);
    for s in settled {
        response = response
            .add_messages(s.burn)
            .add_event(Event::from(s.event));
    }
    Ok(response
        .add_messages(payments)
        .add_attribute("sender", info.sender))
}
