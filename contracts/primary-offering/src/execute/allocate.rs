//! Allocation: per subscriber, in one transaction, execute the allocated part of its cash hold
//! to the issuer's account, issue the units, release the rest; or release the whole hold when
//! the offering failed, the subscriber is refused by the token, or the deadline passed.
//!
//! Work per subscriber is constant: the subscription, one raw read of the hold at the adapter,
//! one `can_transfer` query of the token (issuances only) and at most three messages (execute,
//! issue, release). A page settles at most `MAX_ALLOCATION_PAGE` subscribers.

use cosmwasm_std::{
    Addr, Attribute, CosmosMsg, Deps, DepsMut, Env, Event, MessageInfo, Response, StdError, Uint128,
};
use sto_access::Role;
use sto_interface::cash::{self, layout as cash_layout, CashAdapter};
use sto_interface::common::EventRef;
use sto_interface::hold::HoldStatus;
use sto_interface::offering::{
    offering_reference, Offering, OfferingStatus, Settlement, SettlementOutcome, Subscription,
    MAX_ALLOCATION_PAGE,
};
use sto_interface::token::{ReasonCode, SecurityToken};

use crate::error::ContractError;
use crate::execute::{cost, load_offering, out_of_line, token_has_role};
use crate::state::{count_coming_holder, CONFIG, OFFERINGS, SUBSCRIPTIONS};

/// Whether a refusal of `can_transfer(offering contract -> wallet)` would refuse the issuance
/// itself: the recipient-side rules (the sender-side ones speak of this contract, which holds
/// no units; an issuance has no sender).
pub fn is_recipient_reason(reason: ReasonCode) -> bool {
    matches!(
        reason,
        ReasonCode::RecipientFrozen
            | ReasonCode::RecipientUnknown
            | ReasonCode::RecipientKycExpired
            | ReasonCode::RecipientBlocked
            | ReasonCode::RecipientReassigned
            | ReasonCode::JurisdictionNotAllowed
            | ReasonCode::JurisdictionDenied
            | ReasonCode::InvestorClassTooLow
            | ReasonCode::MaxHoldersReached
            | ReasonCode::MaxHoldersInJurisdictionReached
            | ReasonCode::MaxBalanceExceeded
    )
}

/// Settle the subscriptions of `investors` in a closed offering.
pub fn allocate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    offering_id: u64,
    investors: Vec<String>,
) -> Result<Response, ContractError> {
    if investors.is_empty() || investors.len() > MAX_ALLOCATION_PAGE {
        return Err(ContractError::InvalidPage {
            count: investors.len(),
            max: MAX_ALLOCATION_PAGE,
        });
    }
    let mut offering = load_offering(deps.storage, offering_id)?;
    if offering.close.is_none() {
        return Err(ContractError::NotClosed { offering_id });
    }
    // Issuing needs the issuer, the token's transfer agent or the subscriber; releasing (a
    // failed offering, or past the deadline) is open to anyone.
    let issuing = offering.status == OfferingStatus::Succeeded
        && env.block.time < offering.allocation_deadline;
    let mut agent: Option<bool> = None;
    let adapter = CashAdapter(CONFIG.load(deps.storage)?.cash_adapter);

    let mut messages: Vec<CosmosMsg> = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    for investor in investors {
        let mut sub = SUBSCRIPTIONS
            .may_load(deps.storage, (offering_id, investor.as_str()))?
            .ok_or_else(|| ContractError::SubscriptionNotFound {
                offering_id,
                investor: investor.clone(),
            })?;
        if sub.settlement.is_some() {
            return Err(ContractError::AlreadySettled {
                offering_id,
                investor,
            });
        }
        if issuing && info.sender != sub.wallet && info.sender != sub.placed_by {
            let allowed = match agent {
                Some(a) => a,
                None => {
                    let a = info.sender == offering.issuer
                        || token_has_role(
                            &deps.querier,
                            &offering.token,
                            Role::TransferAgent,
                            &info.sender,
                        )?;
                    agent = Some(a);
                    a
                }
            };
            if !allowed {
                return Err(ContractError::NotAllocator {
                    offering_id,
                    investor,
                    sender: info.sender,
                });
            }
        }

        let (settlement, mut msgs, event) =
            out_of_line(settle, (deps.as_ref(), &env, &adapter, &offering, &sub))?;
        messages.append(&mut msgs);
        events.push(event);
        offering.settled = offering.settled.saturating_add(1);
        offering.units_issued = offering.units_issued.checked_add(settlement.units)?;
        offering.executed = offering.executed.checked_add(settlement.executed)?;
        offering.released = offering.released.checked_add(settlement.released)?;
        if let SettlementOutcome::Skipped { .. } = settlement.outcome {
            offering.skipped = offering.skipped.saturating_add(1);
        }
        if let Some(j) = &sub.new_holder {
            count_coming_holder(deps.storage, &offering.token, j.as_str(), false)?;
        }
        sub.settlement = Some(settlement);
        SUBSCRIPTIONS.save(deps.storage, (offering_id, investor.as_str()), &sub)?;
    }
    OFFERINGS.save(deps.storage, offering_id, &offering)?;
    Ok(Response::new()
        .add_messages(messages)
        .add_events(events)
        .add_attributes([
            Attribute::new("action", "allocate"),
            Attribute::new("offering_id", offering_id.to_string()),
            Attribute::new("sender", info.sender),
            Attribute::new("settled", offering.settled.to_string()),
            Attribute::new("units_issued", offering.units_issued),
            Attribute::new("executed", offering.executed),
            Attribute::new("released", offering.released),
        ]))
}

/// What one subscriber's settlement needs.
type SettleArgs<'a> = (
    Deps<'a>,
    &'a Env,
    &'a CashAdapter,
    &'a Offering,
    &'a Subscription,
);

/// Decide one subscriber's settlement and build its messages (execute the allocated part of
/// the hold, issue, release the rest) and its event; the caller records it.
fn settle(
    (deps, env, adapter, offering, sub): SettleArgs,
) -> Result<(Settlement, Vec<CosmosMsg>, Event), ContractError> {
    let now = env.block.time;
    let succeeded = offering.status == OfferingStatus::Succeeded;
    let hold = cash_layout::query_cash_hold(&deps.querier, adapter.addr(), sub.hold_id)?
        .filter(|h| h.status == HoldStatus::Open);
    let (outcome, units) = match &hold {
        // Released at the adapter once expired (by anyone): nothing left to do.
        None => (SettlementOutcome::Lapsed {}, Uint128::zero()),
        Some(_) if !succeeded => (SettlementOutcome::Refunded {}, Uint128::zero()),
        Some(h) if now >= offering.allocation_deadline || !h.is_executable(now) => {
            (SettlementOutcome::Lapsed {}, Uint128::zero())
        }
        Some(_) => {
            let allotted = offering
                .close
                .as_ref()
                .map(|c| c.allotted_units)
                .unwrap_or_default();
            // floor(units x allotted / subscribed): payouts round down.
            let units = sub
                .units
                .checked_multiply_ratio(allotted, offering.subscribed_units)
                .map_err(|e| StdError::generic_err(e.to_string()))?;
            let refusal = if units.is_zero() {
                None
            } else {
                SecurityToken(offering.token.clone())
                    .can_transfer(&deps.querier, &env.contract.address, &sub.wallet, units)?
                    .refusals
                    .into_iter()
                    .map(|r| r.reason)
                    .find(|r| is_recipient_reason(*r))
            };
            match refusal {
                Some(reason) => (SettlementOutcome::Skipped { reason }, Uint128::zero()),
                None => (SettlementOutcome::Allocated {}, units),
            }
        }
    };
    let executed = cost(units, offering.unit_price)?;
    let released = sub.amount.checked_sub(executed)?;
    let mut messages = Vec::new();
    if hold.is_some() {
        if !units.is_zero() {
            messages.push(adapter.call(&cash::ExecuteMsg::ExecuteHold {
                id: sub.hold_id,
                amount: Some(executed),
            })?);
            messages.push(SecurityToken(offering.token.clone()).issue_msg(
                sub.wallet.clone(),
                units,
                offering.lock_until,
                Some(EventRef::External {
                    reference: offering_reference(offering.id),
                }),
            )?);
        }
        if !released.is_zero() {
            messages.push(adapter.call(&cash::ExecuteMsg::ReleaseHold { id: sub.hold_id })?);
        }
    }
    let event = settlement_event(
        offering.id,
        &sub.investor,
        &sub.wallet,
        sub.hold_id,
        &outcome,
        units,
        executed,
        released,
    );
    Ok((
        Settlement {
            outcome,
            units,
            executed,
            released,
            at: now,
        },
        messages,
        event,
    ))
}

/// The event of one settled subscription (`wasm-subscription_settled`).
#[allow(clippy::too_many_arguments)]
fn settlement_event(
    offering_id: u64,
    investor: &str,
    wallet: &Addr,
    hold_id: u64,
    outcome: &SettlementOutcome,
    units: Uint128,
    executed: Uint128,
    released: Uint128,
) -> Event {
    let mut event = Event::new("subscription_settled").add_attributes([
        Attribute::new("action", outcome.as_str()),
        Attribute::new("offering_id", offering_id.to_string()),
        Attribute::new("investor", investor),
        Attribute::new("wallet", wallet.as_str()),
        Attribute::new("hold_id", hold_id.to_string()),
        Attribute::new("units", units),
        Attribute::new("amount", executed),
        Attribute::new("released", released),
    ]);
    if let SettlementOutcome::Skipped { reason } = outcome {
        event = event.add_attribute("reason", reason.as_str());
    }
    event
}
