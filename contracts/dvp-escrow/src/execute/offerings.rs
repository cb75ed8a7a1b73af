//! Primary offerings: open, subscribe (through the cash adapter), close.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response, Uint128};
use sto_access::{assert_role, validate_addr, HasRoleResponse, Role};
use sto_interface::cash::CashReceipt;
use sto_interface::escrow::{
    Offering, OfferingClose, OfferingStatus, OfferingTerms, Subscription, MAX_HOLDING_PERIOD,
};
use sto_interface::registry::IdentityRegistry;
use sto_interface::token::QueryMsg as TokenQueryMsg;

use crate::error::ContractError;
use crate::execute::{ensure_positive, ensure_tradable, issuance_refusal, time_after};
use crate::state::{
    limits, next_id, Config, INVESTOR_UNITS, OFFERINGS, OFFERING_SEQ, SUBSCRIPTIONS,
};

/// Most fundings one wallet may make into one subscription (bounds the stored id list).
pub const MAX_FUNDINGS_PER_SUBSCRIPTION: usize = 20;

/// Load an offering or fail with `OfferingNotFound`.
pub fn load_offering(
    storage: &dyn cosmwasm_std::Storage,
    id: u64,
) -> Result<Offering, ContractError> {
    OFFERINGS
        .may_load(storage, id)?
        .ok_or(ContractError::OfferingNotFound { id })
}

fn invalid(reason: &str) -> ContractError {
    ContractError::InvalidOfferingTerms {
        reason: reason.to_string(),
    }
}

/// The issuer opens an offering; it will receive the proceeds. The sender must hold the
/// `issuer` role on the escrow and on the token (roles are granted per token by the token's
/// owner), so an issuer can never mint another issuer's securities.
pub fn open(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    terms: OfferingTerms,
) -> Result<Response, ContractError> {
    assert_role(deps.storage, Role::Issuer, &info.sender)?;
    let token = validate_addr(deps.api, &terms.token)?;
    ensure_tradable(deps.storage, &deps.querier, &token)?;
    let token_issuer: HasRoleResponse = deps.querier.query_wasm_smart(
        token.clone(),
        &TokenQueryMsg::HasRole {
            role: Role::Issuer,
            address: info.sender.to_string(),
        },
    )?;
    if !token_issuer.has_role {
        return Err(ContractError::NotTokenIssuer {
            token,
            sender: info.sender,
        });
    }
    ensure_positive("unit_price", terms.unit_price)?;
    ensure_positive("min_per_investor", terms.min_per_investor)?;
    ensure_positive("hard_cap", terms.hard_cap)?;
    if terms.max_per_investor < terms.min_per_investor {
        return Err(invalid("max_per_investor is below min_per_investor"));
    }
    if terms.soft_cap > terms.hard_cap {
        return Err(invalid("soft_cap is above hard_cap"));
    }
    if terms.min_per_investor > terms.hard_cap {
        return Err(invalid("min_per_investor is above hard_cap"));
    }
    if terms.opens_at >= terms.closes_at {
        return Err(invalid("opens_at must be before closes_at"));
    }
    let now = env.block.time;
    if terms.closes_at <= now {
        return Err(invalid("closes_at must be after the block time"));
    }
    let latest = time_after(now, limits(deps.storage)?.max_offering_window)?;
    if terms.closes_at > latest {
        return Err(ContractError::OfferingWindowTooLong {
            closes_at: terms.closes_at,
            latest,
        });
    }
    if let Some(p) = terms.holding_period {
        if p == 0 || p > MAX_HOLDING_PERIOD {
            return Err(ContractError::HoldingPeriodOutOfRange {
                holding_period: p,
                max: MAX_HOLDING_PERIOD,
            });
        }
    }
    // Cash of a full book must fit; checked again per subscription.
    terms.hard_cap.checked_mul(terms.unit_price)?;
    let minter: HasRoleResponse = deps.querier.query_wasm_smart(
        token.clone(),
        &TokenQueryMsg::HasRole {
            role: Role::Minter,
            address: env.contract.address.to_string(),
        },
    )?;
    if !minter.has_role {
        return Err(ContractError::NotMinter { token });
    }

    let id = next_id(deps.storage, &OFFERING_SEQ)?;
    let offering = Offering {
        id,
        issuer: info.sender.clone(),
        token: token.clone(),
        unit_price: terms.unit_price,
        min_per_investor: terms.min_per_investor,
        max_per_investor: terms.max_per_investor,
        soft_cap: terms.soft_cap,
        hard_cap: terms.hard_cap,
        opens_at: terms.opens_at,
        closes_at: terms.closes_at,
        holding_period: terms.holding_period,
        total_units: Uint128::zero(),
        total_cash: Uint128::zero(),
        subscribers: 0,
        status: OfferingStatus::Open,
        close: None,
        completed: 0,
        units_issued: Uint128::zero(),
        units_cancelled: Uint128::zero(),
        cash_refunded: Uint128::zero(),
        proceeds_released: Uint128::zero(),
        dust: None,
    };
    OFFERINGS.save(deps.storage, id, &offering)?;
    Ok(Response::new()
        .add_attribute("action", "open_offering")
        .add_attribute("offering_id", id.to_string())
        .add_attribute("issuer", info.sender)
        .add_attribute("token", token)
        .add_attribute("unit_price", terms.unit_price)
        .add_attribute("min_per_investor", terms.min_per_investor)
        .add_attribute("max_per_investor", terms.max_per_investor)
        .add_attribute("soft_cap", terms.soft_cap)
        .add_attribute("hard_cap", terms.hard_cap)
        .add_attribute("opens_at", terms.opens_at.seconds().to_string())
        .add_attribute("closes_at", terms.closes_at.seconds().to_string())
        .add_attribute(
            "holding_period",
            terms
                .holding_period
                .map_or_else(|| "none".to_string(), |p| p.to_string()),
        )
        .add_attribute("reference", offering.reference().to_string()))
}

/// A subscription arrived through the adapter (`offering:<id>`): the payer subscribes
/// `amount / unit_price` units.
pub fn subscribe(
    deps: DepsMut,
    env: Env,
    cfg: Config,
    id: u64,
    receipt: CashReceipt,
) -> Result<Response, ContractError> {
    let mut offering = load_offering(deps.storage, id)?;
    if offering.status != OfferingStatus::Open {
        return Err(ContractError::OfferingClosed {
            id,
            status: offering.status,
        });
    }
    let now = env.block.time;
    if now < offering.opens_at || now >= offering.closes_at {
        return Err(ContractError::OutsideSubscriptionWindow {
            id,
            opens_at: offering.opens_at,
            closes_at: offering.closes_at,
            now,
        });
    }
    ensure_positive("amount", receipt.amount)?;
    if !(receipt.amount % offering.unit_price).is_zero() {
        return Err(ContractError::NotWholeUnits {
            amount: receipt.amount,
            unit_price: offering.unit_price,
        });
    }
    let units = receipt.amount / offering.unit_price;
    let subscriber = receipt.payer;

    let record = IdentityRegistry(cfg.registry)
        .eligibility(&deps.querier, &subscriber, now)?
        .map_err(|reason| ContractError::SubscriberIneligible {
            subscriber: subscriber.clone(),
            reason,
        })?;
    let investor_id = record.investor_id;
    let before = INVESTOR_UNITS
        .may_load(deps.storage, (id, &investor_id))?
        .unwrap_or_default();
    let total = before.checked_add(units)?;
    if total > offering.max_per_investor {
        return Err(ContractError::AboveInvestorMaximum {
            investor_id,
            max: offering.max_per_investor,
            total,
        });
    }
    if total < offering.min_per_investor {
        return Err(ContractError::BelowInvestorMinimum {
            investor_id,
            min: offering.min_per_investor,
            total,
        });
    }

    let mut sub = SUBSCRIPTIONS
        .may_load(deps.storage, (id, &subscriber))?
        .unwrap_or_else(|| Subscription {
            offering_id: id,
            subscriber: subscriber.clone(),
            investor_id: investor_id.clone(),
            units: Uint128::zero(),
            cash: Uint128::zero(),
            funding_ids: vec![],
            allocation: None,
            refund_released: false,
            allocation_outcome: None,
            complete: false,
        });
    let new_subscriber = sub.funding_ids.is_empty();
    if sub.funding_ids.len() >= MAX_FUNDINGS_PER_SUBSCRIPTION {
        return Err(ContractError::TooManyFundings {
            offering_id: id,
            subscriber,
            max: MAX_FUNDINGS_PER_SUBSCRIPTION,
        });
    }
    sub.units = sub.units.checked_add(units)?;
    sub.cash = sub.cash.checked_add(receipt.amount)?;
    sub.funding_ids.push(receipt.funding_id);

    if let Some(reason) = issuance_refusal(
        &deps.querier,
        &offering.token,
        &env.contract.address,
        &subscriber,
        sub.units,
    )? {
        return Err(ContractError::IssuanceNotAllowed {
            subscriber,
            code: reason.code(),
            reason,
        });
    }

    offering.total_units = offering.total_units.checked_add(units)?;
    offering.total_cash = offering.total_cash.checked_add(receipt.amount)?;
    if new_subscriber {
        offering.subscribers = offering.subscribers.saturating_add(1);
    }
    SUBSCRIPTIONS.save(deps.storage, (id, &subscriber), &sub)?;
    INVESTOR_UNITS.save(deps.storage, (id, &investor_id), &total)?;
    OFFERINGS.save(deps.storage, id, &offering)?;
    Ok(Response::new()
        .add_attribute("action", "subscribe")
        .add_attribute("offering_id", id.to_string())
        .add_attribute("funding_id", receipt.funding_id.to_string())
        .add_attribute("subscriber", subscriber)
        .add_attribute("investor_id", investor_id)
        .add_attribute("units", units)
        .add_attribute("cash", receipt.amount)
        .add_attribute("investor_units", total)
        .add_attribute("total_units", offering.total_units)
        .add_attribute("reference", offering.reference().to_string()))
}

/// Anyone closes an offering at or after its close time: the outcome is fixed; nothing moves.
///
/// * Below the soft cap: `failed`, every subscriber claims a full refund.
/// * Up to the hard cap: `succeeded`, every subscription is allotted in full.
/// * Above the hard cap (oversubscribed): `succeeded` pro-rata, each wallet gets
///   `floor(units × hard_cap / total_units)` units. The rounding dust is below the number of
///   subscribers (`dust_bound`) and fixed once every subscription is complete.
///
/// The issuer is paid each allocation's cost when that allocation is issued (a claim, a pushed
/// claim or a redirect), never before: an allocation the transfer agent cancels is refunded to
/// its subscriber out of cash the issuer was never paid.
pub fn close(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let mut offering = load_offering(deps.storage, id)?;
    if offering.status != OfferingStatus::Open {
        return Err(ContractError::OfferingClosed {
            id,
            status: offering.status,
        });
    }
    let now = env.block.time;
    if now < offering.closes_at {
        return Err(ContractError::OfferingStillOpen {
            id,
            closes_at: offering.closes_at,
            now,
        });
    }
    let failed = offering.total_units < offering.soft_cap || offering.total_units.is_zero();
    let pro_rata = !failed && offering.total_units > offering.hard_cap;
    let (status, units_to_issue_max, dust_bound) = if failed {
        (OfferingStatus::Failed, Uint128::zero(), Uint128::zero())
    } else if pro_rata {
        let bound = Uint128::from(offering.subscribers.saturating_sub(1)).min(offering.hard_cap);
        (OfferingStatus::Succeeded, offering.hard_cap, bound)
    } else {
        (
            OfferingStatus::Succeeded,
            offering.total_units,
            Uint128::zero(),
        )
    };
    offering.status = status;
    offering.close = Some(OfferingClose {
        closed_height: env.block.height,
        closed_at: now,
        closed_by: info.sender.clone(),
        pro_rata,
        units_to_issue_max,
        dust_bound,
    });
    if offering.subscribers == 0 {
        offering.dust = Some(Uint128::zero());
    }
    OFFERINGS.save(deps.storage, id, &offering)?;

    Ok(Response::new()
        .add_attribute("action", "close_offering")
        .add_attribute("offering_id", id.to_string())
        .add_attribute("status", status.as_str())
        .add_attribute("closed_by", info.sender)
        .add_attribute("issuer", offering.issuer.as_str())
        .add_attribute("total_units", offering.total_units)
        .add_attribute("total_cash", offering.total_cash)
        .add_attribute("subscribers", offering.subscribers.to_string())
        .add_attribute("pro_rata", pro_rata.to_string())
        .add_attribute("units_to_issue_max", units_to_issue_max)
        .add_attribute("dust_bound", dust_bound)
        .add_attribute("reference", offering.reference().to_string()))
}
