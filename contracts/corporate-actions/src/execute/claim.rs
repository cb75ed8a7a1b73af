//! Claims: a holder's own claim and the paying agent's push for a page of holders.
//!
//! A claim costs the same whatever the number of holders: it reads the action, the holder's
//! claim marker, the configuration and one withholding entry, asks the token for one balance
//! at the record height (and the escrow for one escrowed quantity when the escrow held tokens
//! at the record height, and for a final redemption the holder's current balance), reads one
//! registry record, and writes the claim record and the action.

use cosmwasm_std::{
    Addr, Attribute, CosmosMsg, Decimal, Deps, DepsMut, Env, MessageInfo, Response, Uint128,
};
use sto_access::validate_addr;
use sto_interface::actions::{
    ActionStatus, ClaimEvent, ClaimRecord, ClaimStatus, Config, CorporateAction, MAX_PUSH_CLAIMS,
};
use sto_interface::cash::{CashAdapter, ReleaseKind};
use sto_interface::common::Jurisdiction;
use sto_interface::escrow::DvpEscrow;
use sto_interface::registry::IdentityRegistry;
use sto_interface::token::SecurityToken;

use crate::error::ContractError;
use crate::execute::{load_action, withholding_rate};
use crate::math;
use crate::state::{ACTIONS, CLAIMS, CONFIG};

/// What a claim by `holder` would pay now, computed from the record height and the registry.
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
    /// Gross USD1 (rounded down).
    pub gross: Uint128,
    /// Withholding rate applied.
    pub withholding_rate: Decimal,
    /// USD1 withheld (rounded down).
    pub withheld: Uint128,
    /// USD1 to the holder.
    pub net: Uint128,
    /// The holder's jurisdiction in the registry now.
    pub jurisdiction: Option<Jurisdiction>,
    /// Whether the holder is blocked now.
    pub blocked: bool,
}

impl Entitlement {
    /// Record quantity the claim pays for: own balance plus escrowed quantity.
    pub fn units(&self) -> Result<Uint128, ContractError> {
        Ok(self.record_balance.checked_add(self.escrowed)?)
    }
}

/// Compute a holder's entitlement on an action whose record height is reached.
///
/// For an action not yet funded, the supply and the escrow's balance at the record height are
/// asked from the token (a claim uses the values fixed at funding).
pub fn entitlement(
    deps: Deps,
    config: &Config,
    action: &CorporateAction,
    holder: &Addr,
) -> Result<Entitlement, ContractError> {
    let token = SecurityToken(action.token.clone());
    let record_balance = token.balance_at(&deps.querier, holder, action.record_height)?;
    let (record_supply, escrow_record_balance) = match action.record_supply {
        Some(supply) => (supply, action.escrow_record_balance),
        None => {
            let supply = token.total_supply_at(&deps.querier, action.record_height)?;
            let escrow_balance = match &action.escrow {
                Some(escrow) => token.balance_at(&deps.querier, escrow, action.record_height)?,
                None => Uint128::zero(),
            };
            (supply, escrow_balance)
        }
    };

    // The escrow is asked only when it held tokens at the record height. Its `escrowed_at`
    // answers as of the end of a block; the token's checkpoint is the start of the record
    // block, i.e. the end of the block before it.
    let (escrowed, escrow_answered) = match &action.escrow {
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

    let units = record_balance.checked_add(escrowed)?;
    let gross = if record_supply.is_zero() {
        Uint128::zero()
    } else {
        math::gross_amount(&action.basis, units, record_supply)?
    };
    let record = IdentityRegistry(config.registry.clone()).wallet_record(&deps.querier, holder)?;
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
        gross,
        withholding_rate: rate,
        withheld,
        net,
        jurisdiction,
        blocked,
    })
}

/// The sender claims its own entitlement.
pub fn claim(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    action_id: u64,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut action = load_action(deps.storage, action_id)?;
    ensure_claimable(&env, &action)?;
    let holder = info.sender.clone();
    let outcome = claim_one(
        deps.branch(),
        &env,
        &config,
        &mut action,
        &holder,
        &info.sender,
    )?;
    ACTIONS.save(deps.storage, action_id, &action)?;
    Ok(outcome.into_response(&action, &info.sender, "claim"))
}

/// The paying agent claims for up to [`MAX_PUSH_CLAIMS`] holders, each paid to its own wallet.
/// Holders that already claimed, that held nothing at the record height, and the escrow
/// itself are skipped and reported; any other refusal reverts the whole page.
pub fn push_claims(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    action_id: u64,
    holders: Vec<String>,
) -> Result<Response, ContractError> {
    if holders.is_empty() || holders.len() > MAX_PUSH_CLAIMS {
        return Err(ContractError::InvalidListLength {
            field: "holders".to_string(),
            max: MAX_PUSH_CLAIMS,
            count: holders.len(),
        });
    }
    let config = CONFIG.load(deps.storage)?;
    let mut action = load_action(deps.storage, action_id)?;
    ensure_claimable(&env, &action)?;

    let mut outcomes = Vec::with_capacity(holders.len());
    let mut skipped: Vec<Attribute> = vec![];
    for holder in holders {
        let holder = validate_addr(deps.api, &holder)?;
        match claim_one(
            deps.branch(),
            &env,
            &config,
            &mut action,
            &holder,
            &info.sender,
        ) {
            Ok(outcome) => outcomes.push(outcome),
            Err(
                ContractError::AlreadyClaimed { .. }
                | ContractError::NothingToClaim { .. }
                | ContractError::EscrowNotPayable { .. },
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
            .add_event(ClaimEvent {
                action_id,
                token: action.token.clone(),
                claim: outcome.record,
            });
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
    if action.status != ActionStatus::Funded {
        return Err(ContractError::NotFunded {
            id,
            required: action.required.unwrap_or_default(),
            funded: action.funded,
        });
    }
    Ok(())
}

/// One settled claim: its record and the messages paying it.
struct ClaimOutcome {
    record: ClaimRecord,
    messages: Vec<CosmosMsg>,
    escrow_answered: bool,
}

impl ClaimOutcome {
    fn into_response(self, action: &CorporateAction, sender: &Addr, name: &str) -> Response {
        let r = &self.record;
        let attrs = vec![
            Attribute::new("action", name),
            Attribute::new("action_id", action.id.to_string()),
            Attribute::new("token", action.token.as_str()),
            Attribute::new("holder", r.holder.as_str()),
            Attribute::new("sender", sender.as_str()),
            Attribute::new("record_balance", r.record_balance.to_string()),
            Attribute::new("escrowed", r.escrowed.to_string()),
            Attribute::new("escrow_answered", self.escrow_answered.to_string()),
            Attribute::new("gross", r.gross.to_string()),
            Attribute::new("withholding_rate", r.withholding_rate.to_string()),
            Attribute::new("withheld", r.withheld.to_string()),
            Attribute::new("net", r.net.to_string()),
            Attribute::new("status", r.status.as_str()),
            Attribute::new("burnt", r.burnt.to_string()),
        ];
        Response::new()
            .add_attributes(attrs)
            .add_messages(self.messages)
            .add_event(ClaimEvent {
                action_id: action.id,
                token: action.token.clone(),
                claim: self.record,
            })
    }
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
) -> Result<ClaimOutcome, ContractError> {
    let id = action.id;
    if action.escrow.as_ref() == Some(holder) {
        return Err(ContractError::EscrowNotPayable {
            id,
            escrow: holder.clone(),
        });
    }
    if CLAIMS.has(deps.storage, (id, holder)) {
        return Err(ContractError::AlreadyClaimed {
            id,
            holder: holder.clone(),
        });
    }
    let ent = entitlement(deps.as_ref(), config, action, holder)?;
    let units = ent.units()?;
    if units.is_zero() {
        return Err(ContractError::NothingToClaim {
            id,
            holder: holder.clone(),
        });
    }

    // Guards against a token or escrow answer that would pay more than the record allows.
    let claimed_units = action.claimed_units.checked_add(units)?;
    let escrowed_claimed = action.escrowed_claimed.checked_add(ent.escrowed)?;
    if claimed_units > ent.record_supply || escrowed_claimed > action.escrow_record_balance {
        return Err(ContractError::UnitsExceedRecord {
            id,
            claimed: action.claimed_units,
            units,
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
    // Final redemption: the record quantity leaves the holder's wallet in the same
    // transaction as the principal is paid.
    let burnt = if action.kind.burns_tokens() {
        let token = SecurityToken(action.token.clone());
        let current = token.balance(&deps.querier, holder)?;
        if current < units {
            return Err(ContractError::RedemptionBalanceShort {
                id,
                holder: holder.clone(),
                record: units,
                current,
            });
        }
        messages.push(token.redeem_msg(holder.as_str(), units, Some(action.reference()))?);
        units
    } else {
        Uint128::zero()
    };

    let adapter = CashAdapter(config.cash_adapter.clone());
    if !ent.net.is_zero() {
        messages.push(adapter.release(
            holder.as_str(),
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

    // A blocked holder's net is released all the same: the adapter parks it (visible under
    // the action's reference, resolvable by the adapter's owner).
    let status = if ent.blocked {
        action.parked = action.parked.checked_add(ent.net)?;
        ClaimStatus::Parked
    } else {
        action.paid = action.paid.checked_add(ent.net)?;
        ClaimStatus::Paid
    };
    action.withheld = action.withheld.checked_add(ent.withheld)?;
    action.claimed_units = claimed_units;
    action.escrowed_claimed = escrowed_claimed;
    action.burnt = action.burnt.checked_add(burnt)?;
    action.claims = action.claims.checked_add(1).ok_or_else(|| {
        ContractError::Overflow(cosmwasm_std::OverflowError::new(
            cosmwasm_std::OverflowOperation::Add,
        ))
    })?;

    let record = ClaimRecord {
        action_id: id,
        holder: holder.clone(),
        record_balance: ent.record_balance,
        escrowed: ent.escrowed,
        gross: ent.gross,
        withholding_rate: ent.withholding_rate,
        withheld: ent.withheld,
        net: ent.net,
        jurisdiction: ent.jurisdiction,
        status,
        burnt,
        claimed_by: claimed_by.clone(),
        claimed_at: env.block.time,
        claimed_height: env.block.height,
    };
    CLAIMS.save(deps.storage, (id, holder), &record)?;
    Ok(ClaimOutcome {
        record,
        messages,
        escrow_answered: ent.escrow_answered,
    })
}
