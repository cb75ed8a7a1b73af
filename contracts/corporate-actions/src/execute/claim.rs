//! Claims: a holder's own claim and the paying agent's push for a page of holders.
//!
//! A claim costs the same whatever the number of holders: it reads the action, the holder's
//! claim record and redirect, the configuration and one withholding entry; at the holder's
//! first claim it asks the token for one balance at the record height (and the escrow for one
//! escrowed quantity when the escrow held tokens at the record height); for a final
//! redemption it asks the paid wallet's current balance (and the token's supply when the wallet
//! holds more than its outstanding record quantity); it reads one registry record and writes
//! the claim record and the action.
//!
//! Final redemption: a claim burns and pays `min(outstanding record quantity, balance)` and,
//! while `live supply + units already paid <= record supply`, the balance beyond it (tokens
//! received after the record height). Every paid unit is burnt in the same transaction, so no
//! unit is paid twice, and the units paid never exceed the record supply.

use cosmwasm_std::{
    Addr, Attribute, CosmosMsg, Decimal, Deps, DepsMut, Env, MessageInfo, OverflowError,
    OverflowOperation, Response, Uint128,
};
use sto_access::validate_addr;
use sto_interface::actions::{
    ActionStatus, ClaimEvent, ClaimRecord, ClaimRedirect, ClaimStatus, Config, CorporateAction,
    FundingMode, MAX_PUSH_CLAIMS,
};
use sto_interface::cash::{CashAdapter, ReleaseKind};
use sto_interface::common::Jurisdiction;
use sto_interface::escrow::DvpEscrow;
use sto_interface::registry::IdentityRegistry;
use sto_interface::token::{self, SecurityToken};

use crate::error::ContractError;
use crate::execute::{
    ensure_not_system_account, ensure_token_paying_agent, load_action, sub_account,
    withholding_rate,
};
use crate::math;
use crate::state::{ACTIONS, CLAIMS, CONFIG, REDIRECTS};

/// What a claim for `holder` would settle now, computed from the record height, the holder's
/// claims so far, its redirect, the paid wallet's balance (final redemption) and the registry.
#[derive(Clone, Debug, PartialEq)]
pub struct Entitlement {
    /// The holder's own balance at the record height.
    pub record_balance: Uint128,
    /// Quantity in the escrow for the holder as seller at the record height.
    pub escrowed: Uint128,
    /// Whether the escrow answered (false: the escrow held tokens at the record height but
    /// does not answer `escrowed_at`; the escrowed quantity counts as zero).
    pub escrow_answered: bool,
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
    /// The token's live supply (less burns pending in this message) when it was asked (for
    /// units beyond the record quantity), else zero.
    pub live_supply: Uint128,
    /// The wallet paid (and burnt from).
    pub paid_to: Addr,
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
    /// USD1 to the payee.
    pub net: Uint128,
    /// The payee's jurisdiction in the registry now.
    pub jurisdiction: Option<Jurisdiction>,
    /// Whether the payee is blocked now.
    pub blocked: bool,
}

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

/// The holder's record quantity: own balance at the record height and, when the escrow held
/// tokens then, the quantity it held for the holder as seller.
fn record_quantity(
    deps: Deps,
    action: &CorporateAction,
    holder: &Addr,
    escrow_record_balance: Uint128,
) -> Result<(Uint128, Uint128, bool), ContractError> {
    let token = SecurityToken(action.token.clone());
    let record_balance = token.balance_at(&deps.querier, holder, action.record_height)?;
    // The escrow is asked only when it held tokens at the record height. Its `escrowed_at`
    // answers as of the end of a block; the token's checkpoint is the start of the record
    // block, i.e. the end of the block before it.
    let (escrowed, answered) = match &action.escrow {
        Some(escrow) if !escrow_record_balance.is_zero() => {
            match DvpEscrow(escrow.clone()).escrowed_at(
                &deps.querier,
                action.token.as_str(),
                holder.as_str(),
                action.record_height.saturating_sub(1),
            ) {
                Ok(amount) => (amount, true),
                Err(_) => (Uint128::zero(), false),
            }
        }
        _ => (Uint128::zero(), true),
    };
    Ok((record_balance, escrowed, answered))
}

/// Compute what a claim for `holder` settles now on an action whose record height is reached.
///
/// The record quantity is asked from the token (and the escrow) at the holder's first claim
/// and read from its claim record afterwards. For an action not yet funded, the supply and the
/// escrow's balance at the record height are asked from the token (a claim uses the values
/// fixed at funding).
pub fn entitlement(
    deps: Deps,
    config: &Config,
    action: &CorporateAction,
    holder: &Addr,
    pending: &PendingBurns,
) -> Result<Entitlement, ContractError> {
    let token = SecurityToken(action.token.clone());
    // An action paid from its sub-account never pays escrowed units to their seller of
    // record (they go to the reclaim), so its entitlements count none.
    let pays_escrowed = action.funding != FundingMode::SubAccount;
    let (record_supply, escrow_record_balance) = match action.record_supply {
        Some(supply) if pays_escrowed => (supply, action.escrow_record_balance),
        Some(supply) => (supply, Uint128::zero()),
        None => {
            let supply = token.total_supply_at(&deps.querier, action.record_height)?;
            let escrow_balance = match &action.escrow {
                Some(escrow) if pays_escrowed => {
                    token.balance_at(&deps.querier, escrow, action.record_height)?
                }
                _ => Uint128::zero(),
            };
            (supply, escrow_balance)
        }
    };
    let previous = crate::state::load_claim(deps.storage, action.id, holder)?;
    let (record_balance, escrowed, escrow_answered) = match &previous {
        Some(r) => (r.record_balance, r.escrowed, true),
        None => record_quantity(deps, action, holder, escrow_record_balance)?,
    };
    let redirect = REDIRECTS.may_load(deps.storage, (action.id, holder))?;
    let paid_to = redirect
        .as_ref()
        .map(|r| r.to.clone())
        .unwrap_or_else(|| holder.clone());

    let entitled = record_balance.checked_add(escrowed)?;
    let (settled, settled_later) = previous
        .as_ref()
        .map(|r| (r.units, r.later_units))
        .unwrap_or_default();
    let outstanding = entitled.saturating_sub(settled);

    let (units, later_units, later_refused, live_supply) = if action.kind.burns_tokens() {
        // Burn what the paid wallet holds: first the outstanding record quantity, then (not
        // for a redirect, whose wallet claims its own tokens itself) what it holds beyond.
        let held = token
            .balance(&deps.querier, &paid_to)?
            .saturating_sub(pending.of(&paid_to));
        let units = outstanding.min(held);
        let spare = held.checked_sub(units)?;
        if spare.is_zero() || redirect.is_some() {
            (units, Uint128::zero(), Uint128::zero(), Uint128::zero())
        } else {
            // Tokens beyond the record quantity are record units that moved after the record
            // height as long as no net issuance happened since: live supply plus the units
            // already paid stays within the record supply.
            let info: cw20::TokenInfoResponse = deps
                .querier
                .query_wasm_smart(&action.token, &token::QueryMsg::TokenInfo {})?;
            let live = info.total_supply.saturating_sub(pending.total);
            if live.checked_add(action.claimed_units)? <= record_supply {
                (units, spare, Uint128::zero(), live)
            } else {
                (units, Uint128::zero(), spare, live)
            }
        }
    } else if previous.is_some() {
        (
            Uint128::zero(),
            Uint128::zero(),
            Uint128::zero(),
            Uint128::zero(),
        )
    } else {
        (entitled, Uint128::zero(), Uint128::zero(), Uint128::zero())
    };

    // Gross on the holder's cumulative units, less what its earlier claims were paid: the
    // rounding never loses a unit of USD1 across top-ups.
    let gross =
        if record_supply.is_zero() {
            Uint128::zero()
        } else {
            let before = settled.checked_add(settled_later)?;
            let after = before.checked_add(units)?.checked_add(later_units)?;
            math::gross_amount(&action.basis, after, record_supply)?
                .checked_sub(math::gross_amount(&action.basis, before, record_supply)?)?
        };
    let record =
        IdentityRegistry(config.registry.clone()).wallet_record(&deps.querier, &paid_to)?;
    let (jurisdiction, blocked) = match record {
        Some(r) => (Some(r.jurisdiction), r.blocked),
        None => (None, false),
    };
    let rate = if action.withholding {
        withholding_rate(deps.storage, config, jurisdiction.as_ref())?
    } else {
        Decimal::zero()
    };
    let (withheld, net) = math::split_withholding(gross, rate)?;
    Ok(Entitlement {
        record_balance,
        escrowed,
        escrow_answered,
        record_supply,
        outstanding,
        units,
        later_units,
        later_refused,
        live_supply,
        paid_to,
        redirect,
        previous,
        gross,
        withholding_rate: rate,
        withheld,
        net,
        jurisdiction,
        blocked,
    })
}

/// The sender claims its own entitlement (paid to its redirect, if any).
pub fn claim(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    action_id: u64,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut action = load_action(deps.storage, action_id)?;
    if action.funding == FundingMode::SubAccount {
        return sub_account::claim(deps, env, info, config, action);
    }
    ensure_claimable(&env, &action)?;
    let holder = info.sender.clone();
    let mut pending = PendingBurns::default();
    let outcome = claim_one(
        deps.branch(),
        &env,
        &config,
        &mut action,
        &holder,
        &info.sender,
        &mut pending,
    )?;
    ACTIONS.save(deps.storage, action_id, &action)?;
    Ok(outcome.into_response(&action, &info.sender, "claim"))
}

/// The paying agent (of the distributor and of the action's token) claims for up to
/// [`MAX_PUSH_CLAIMS`] holders, each paid to its own wallet or its redirect. Holders with
/// nothing to claim now (already claimed, no record quantity, nothing to redeem in the wallet,
/// only units that cannot be redeemed while the supply is above record) and the escrow itself
/// are skipped and reported; any other refusal reverts the whole page.
pub fn push_claims(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    action_id: u64,
    holders: Vec<String>,
) -> Result<Response, ContractError> {
    let loaded = crate::execute::may_load_action(deps.storage, action_id)?;
    if let Some(action) = loaded.as_ref() {
        if action.funding == FundingMode::SubAccount {
            let config = CONFIG.load(deps.storage)?;
            let action = action.clone();
            ensure_token_paying_agent(&deps.querier, &action.token, &info.sender)?;
            return sub_account::push_claims(deps, env, info, config, action, holders);
        }
    }
    if holders.is_empty() || holders.len() > MAX_PUSH_CLAIMS {
        return Err(ContractError::InvalidListLength {
            field: "holders".to_string(),
            max: MAX_PUSH_CLAIMS,
            count: holders.len(),
        });
    }
    let config = CONFIG.load(deps.storage)?;
    let mut action = loaded.ok_or(ContractError::ActionNotFound { id: action_id })?;
    ensure_claimable(&env, &action)?;
    // A push burns holders' tokens in a final redemption: only a paying agent of this token.
    ensure_token_paying_agent(&deps.querier, &action.token, &info.sender)?;

    let mut outcomes = Vec::with_capacity(holders.len());
    let mut skipped: Vec<Attribute> = vec![];
    let mut pending = PendingBurns::default();
    for holder in holders {
        let holder = validate_addr(deps.api, &holder)?;
        match claim_one(
            deps.branch(),
            &env,
            &config,
            &mut action,
            &holder,
            &info.sender,
            &mut pending,
        ) {
            Ok(outcome) => outcomes.push(outcome),
            Err(
                ContractError::AlreadyClaimed { .. }
                | ContractError::NothingToClaim { .. }
                | ContractError::NothingToRedeem { .. }
                | ContractError::SupplyAboveRecord { .. }
                | ContractError::EscrowNotPayable { .. }
                | ContractError::SystemAccountNotPayable { .. },
            ) => skipped.push(Attribute::new("skipped", holder.as_str())),
            Err(e) => return Err(e),
        }
    }
    ACTIONS.save(deps.storage, action_id, &action)?;

    let mut response = Response::new().add_attributes([
        Attribute::new("action", "push_claims"),
        Attribute::new("action_id", action_id.to_string()),
        Attribute::new("token", action.token.as_str()),
        Attribute::new("claimed", outcomes.len().to_string()),
        Attribute::new("skipped_count", skipped.len().to_string()),
    ]);
    response = response.add_attributes(skipped);
    for outcome in outcomes {
        response = response
            .add_messages(outcome.messages)
            .add_event(outcome.event);
    }
    Ok(response.add_attribute("sender", info.sender))
}

/// Claims are accepted on a fully funded action, from the payment time (inclusive) until the
/// claim deadline (exclusive).
fn ensure_claimable(env: &Env, action: &CorporateAction) -> Result<(), ContractError> {
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
    if action.status != ActionStatus::Funded {
        return Err(ContractError::NotFunded {
            id,
            required: action.required.unwrap_or_default(),
            funded: action.funded,
        });
    }
    Ok(())
}

/// One settled claim: its event and the messages paying it.
struct ClaimOutcome {
    event: ClaimEvent,
    messages: Vec<CosmosMsg>,
    escrow_answered: bool,
}

impl ClaimOutcome {
    fn into_response(self, action: &CorporateAction, sender: &Addr, name: &str) -> Response {
        let e = &self.event;
        let attrs = vec![
            Attribute::new("action", name),
            Attribute::new("action_id", action.id.to_string()),
            Attribute::new("token", action.token.as_str()),
            Attribute::new("holder", e.holder.as_str()),
            Attribute::new("paid_to", e.paid_to.as_str()),
            Attribute::new("sender", sender.as_str()),
            Attribute::new("record_balance", e.record_balance.to_string()),
            Attribute::new("escrowed", e.escrowed.to_string()),
            Attribute::new("escrow_answered", self.escrow_answered.to_string()),
            Attribute::new("units", e.units.to_string()),
            Attribute::new("later_units", e.later_units.to_string()),
            Attribute::new("gross", e.gross.to_string()),
            Attribute::new("withholding_rate", e.withholding_rate.to_string()),
            Attribute::new("withheld", e.withheld.to_string()),
            Attribute::new("net", e.net.to_string()),
            Attribute::new("status", e.status.as_str()),
            Attribute::new("burnt", e.burnt.to_string()),
        ];
        Response::new()
            .add_attributes(attrs)
            .add_messages(self.messages)
            .add_event(self.event)
    }
}

fn add_one(n: u64) -> Result<u64, ContractError> {
    n.checked_add(1)
        .ok_or_else(|| ContractError::Overflow(OverflowError::new(OverflowOperation::Add)))
}

/// Settle `holder`'s claim on `action` (already checked claimable), updating the action's
/// totals in memory and saving the claim record. The caller saves the action.
fn claim_one(
    deps: DepsMut,
    env: &Env,
    config: &Config,
    action: &mut CorporateAction,
    holder: &Addr,
    claimed_by: &Addr,
    pending: &mut PendingBurns,
) -> Result<ClaimOutcome, ContractError> {
    let id = action.id;
    if action.escrow.as_ref() == Some(holder) {
        return Err(ContractError::EscrowNotPayable {
            id,
            escrow: holder.clone(),
        });
    }
    ensure_not_system_account(&deps.querier, env, config, id, &action.token, holder)?;
    if !action.kind.burns_tokens() && CLAIMS.has(deps.storage, (id, holder)) {
        return Err(ContractError::AlreadyClaimed {
            id,
            holder: holder.clone(),
        });
    }
    let ent = entitlement(deps.as_ref(), config, action, holder, pending)?;
    let entitled = ent.record_balance.checked_add(ent.escrowed)?;
    let paid_units = ent.units.checked_add(ent.later_units)?;
    if paid_units.is_zero() {
        return Err(if !ent.later_refused.is_zero() {
            ContractError::SupplyAboveRecord {
                id,
                supply: ent.live_supply,
                claimed: action.claimed_units,
                record_supply: ent.record_supply,
            }
        } else if entitled.is_zero() {
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

    // Guards against a token or escrow answer that would pay more than the record allows.
    let claimed_units = action.claimed_units.checked_add(paid_units)?;
    let first = ent.previous.is_none();
    let escrowed_claimed = if first {
        action.escrowed_claimed.checked_add(ent.escrowed)?
    } else {
        action.escrowed_claimed
    };
    if claimed_units > ent.record_supply || escrowed_claimed > action.escrow_record_balance {
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

    let mut messages: Vec<CosmosMsg> = vec![];
    // Final redemption: the units leave the paid wallet in the same transaction as their
    // principal is paid.
    let burnt = if action.kind.burns_tokens() {
        let token = SecurityToken(action.token.clone());
        messages.push(token.redeem_msg(
            ent.paid_to.as_str(),
            paid_units,
            Some(action.reference()),
        )?);
        pending.add(&ent.paid_to, paid_units)?;
        paid_units
    } else {
        Uint128::zero()
    };

    let adapter = CashAdapter(config.cash_adapter.clone());
    if !ent.net.is_zero() {
        messages.push(adapter.release(
            ent.paid_to.as_str(),
            ent.net,
            action.reference(),
            ReleaseKind::Distribution,
        )?);
    }
    if !ent.withheld.is_zero() {
        messages.push(adapter.release(
            config.withholding_account.as_str(),
            ent.withheld,
            action.reference(),
            ReleaseKind::Withholding,
        )?);
    }

    // A blocked payee's net is released all the same: the adapter parks it (visible under
    // the action's reference, resolvable by the adapter's owner).
    let (status, parked) = if ent.blocked {
        action.parked = action.parked.checked_add(ent.net)?;
        (ClaimStatus::Parked, ent.net)
    } else {
        action.paid = action.paid.checked_add(ent.net)?;
        (ClaimStatus::Paid, Uint128::zero())
    };
    action.withheld = action.withheld.checked_add(ent.withheld)?;
    action.claimed_units = claimed_units;
    action.escrowed_claimed = escrowed_claimed;
    action.burnt = action.burnt.checked_add(burnt)?;
    action.claims = add_one(action.claims)?;

    let mut record = ent.previous.clone().unwrap_or_else(|| ClaimRecord {
        action_id: id,
        holder: holder.clone(),
        record_balance: ent.record_balance,
        escrowed: ent.escrowed,
        units: Uint128::zero(),
        later_units: Uint128::zero(),
        gross: Uint128::zero(),
        withholding_rate: ent.withholding_rate,
        withheld: Uint128::zero(),
        net: Uint128::zero(),
        parked: Uint128::zero(),
        jurisdiction: None,
        status: ClaimStatus::Paid,
        burnt: Uint128::zero(),
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
    record.parked = record.parked.checked_add(parked)?;
    record.jurisdiction = ent.jurisdiction.clone();
    if !record.parked.is_zero() {
        record.status = ClaimStatus::Parked;
    }
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
        escrowed: ent.escrowed,
        units: ent.units,
        later_units: ent.later_units,
        gross: ent.gross,
        withholding_rate: ent.withholding_rate,
        withheld: ent.withheld,
        net: ent.net,
        jurisdiction: ent.jurisdiction,
        status,
        burnt,
        redirect_reference: ent.redirect.map(|r| r.legal_reference),
        claimed_height: env.block.height,
        claimed_at: env.block.time,
    };
    Ok(ClaimOutcome {
        event,
        messages,
        escrow_answered: ent.escrow_answered,
    })
}
