//! Claims of a closed offering: each subscriber's tokens (minted by the escrow) and excess
//! cash, or its full refund. One claim costs the same whatever the number of subscribers; an
//! agent may push claims one page at a time.

use cosmwasm_std::{
    Addr, CosmosMsg, DepsMut, Env, Event, MessageInfo, Order, QuerierWrapper, Response, Uint128,
};
use cw_storage_plus::Bound;
use sto_access::{has_role, validate_addr, Role};
use sto_interface::cash::{CashAdapter, ReleaseKind};
use sto_interface::escrow::{Allocation, Offering, OfferingStatus, Subscription};
use sto_interface::pagination::page_size;
use sto_interface::token::SecurityToken;

use crate::error::ContractError;
use crate::execute::issuance_refusal;
use crate::execute::offerings::load_offering;
use crate::state::{CONFIG, OFFERINGS, SUBSCRIPTIONS};

/// What a subscription receives once `offering` is closed; `None` while it is open.
///
/// * failed: nothing issued, the whole cash refunded;
/// * succeeded, not oversubscribed: every unit subscribed, nothing refunded;
/// * oversubscribed: `floor(units × hard_cap / total_units)` units (rounded down), the cash
///   of the units not allotted refunded.
pub fn allocation(
    offering: &Offering,
    sub: &Subscription,
) -> Result<Option<Allocation>, ContractError> {
    let Some(close) = &offering.close else {
        return Ok(None);
    };
    let units = match offering.status {
        OfferingStatus::Open => return Ok(None),
        OfferingStatus::Failed => Uint128::zero(),
        OfferingStatus::Succeeded if close.pro_rata => sub
            .units
            .checked_multiply_ratio(offering.hard_cap, offering.total_units)?,
        OfferingStatus::Succeeded => sub.units,
    };
    let cost = units.checked_mul(offering.unit_price)?;
    let refund = sub.cash.checked_sub(cost)?;
    Ok(Some(Allocation {
        units,
        cost,
        refund,
    }))
}

/// Settle one subscription: mark it claimed, update the offering's totals, and return the
/// issuance, the refund and the event.
fn claim_one(
    offering: &mut Offering,
    mut sub: Subscription,
    adapter: &CashAdapter,
    by: &Addr,
) -> Result<(Subscription, Vec<CosmosMsg>, Event), ContractError> {
    let alloc =
        allocation(offering, &sub)?.ok_or(ContractError::OfferingNotClosed { id: offering.id })?;
    let reference = offering.reference();
    let mut messages = vec![];
    if !alloc.units.is_zero() {
        messages.push(SecurityToken(offering.token.clone()).issue_msg(
            sub.subscriber.as_str(),
            alloc.units,
            None,
            Some(reference.clone()),
        )?);
    }
    if !alloc.refund.is_zero() {
        messages.push(adapter.release(
            sub.subscriber.as_str(),
            alloc.refund,
            reference.clone(),
            ReleaseKind::Refund,
        )?);
    }
    offering.claims = offering.claims.saturating_add(1);
    offering.units_issued = offering.units_issued.checked_add(alloc.units)?;
    offering.cash_refunded = offering.cash_refunded.checked_add(alloc.refund)?;
    let event = Event::new("dvp_claim").add_attributes([
        ("action", "claim".to_string()),
        ("offering_id", offering.id.to_string()),
        ("subscriber", sub.subscriber.to_string()),
        ("claimed_by", by.to_string()),
        ("units", alloc.units.to_string()),
        ("cost", alloc.cost.to_string()),
        ("refund", alloc.refund.to_string()),
        ("reference", reference.to_string()),
    ]);
    sub.claimed = true;
    sub.allocation = Some(alloc);
    Ok((sub, messages, event))
}

/// After the last claim: fix the dust and release the rest of the proceeds to the issuer.
fn finish_if_complete(
    offering: &mut Offering,
    adapter: &CashAdapter,
) -> Result<Option<(CosmosMsg, Event)>, ContractError> {
    if offering.claims < offering.subscribers || offering.dust.is_some() {
        return Ok(None);
    }
    let pro_rata = offering.close.as_ref().is_some_and(|c| c.pro_rata);
    let dust = if pro_rata {
        offering.hard_cap.checked_sub(offering.units_issued)?
    } else {
        Uint128::zero()
    };
    offering.dust = Some(dust);
    let owed = offering.units_issued.checked_mul(offering.unit_price)?;
    let rest = owed.checked_sub(offering.proceeds_released)?;
    if rest.is_zero() {
        return Ok(None);
    }
    offering.proceeds_released = owed;
    let msg = adapter.release(
        offering.issuer.as_str(),
        rest,
        offering.reference(),
        ReleaseKind::Proceeds,
    )?;
    let event = Event::new("dvp_offering_complete").add_attributes([
        ("action", "release_remaining_proceeds".to_string()),
        ("offering_id", offering.id.to_string()),
        ("issuer", offering.issuer.to_string()),
        ("amount", rest.to_string()),
        ("units_issued", offering.units_issued.to_string()),
        ("dust", dust.to_string()),
        ("reference", offering.reference().to_string()),
    ]);
    Ok(Some((msg, event)))
}

fn load_closed(deps: &DepsMut, offering_id: u64) -> Result<Offering, ContractError> {
    let offering = load_offering(deps.storage, offering_id)?;
    if offering.status == OfferingStatus::Open {
        return Err(ContractError::OfferingNotClosed { id: offering_id });
    }
    Ok(offering)
}

/// Fail with `IssuanceNotAllowed` when the token would refuse to issue the allocation.
fn ensure_issuable(
    querier: &QuerierWrapper,
    env: &Env,
    offering: &Offering,
    sub: &Subscription,
) -> Result<(), ContractError> {
    let Some(alloc) = allocation(offering, sub)? else {
        return Ok(());
    };
    if alloc.units.is_zero() {
        return Ok(());
    }
    match issuance_refusal(
        querier,
        &offering.token,
        &env.contract.address,
        &sub.subscriber,
        alloc.units,
    )? {
        None => Ok(()),
        Some(reason) => Err(ContractError::IssuanceNotAllowed {
            subscriber: sub.subscriber.clone(),
            code: reason.code(),
            reason,
        }),
    }
}

/// A subscriber claims its own allocation.
pub fn claim(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    offering_id: u64,
) -> Result<Response, ContractError> {
    let mut offering = load_closed(&deps, offering_id)?;
    let subscriber = info.sender;
    let sub = SUBSCRIPTIONS
        .may_load(deps.storage, (offering_id, &subscriber))?
        .ok_or_else(|| ContractError::NotSubscribed {
            offering_id,
            subscriber: subscriber.clone(),
        })?;
    if sub.claimed {
        return Err(ContractError::AlreadyClaimed {
            offering_id,
            subscriber,
        });
    }
    ensure_issuable(&deps.querier, &env, &offering, &sub)?;
    let adapter = CashAdapter(CONFIG.load(deps.storage)?.cash_adapter);
    let (sub, messages, event) = claim_one(&mut offering, sub, &adapter, &subscriber)?;
    SUBSCRIPTIONS.save(deps.storage, (offering_id, &subscriber), &sub)?;
    let mut res = Response::new()
        .add_attribute("action", "claim")
        .add_attribute("offering_id", offering_id.to_string())
        .add_attribute("subscriber", subscriber)
        .add_messages(messages)
        .add_event(event);
    if let Some((msg, event)) = finish_if_complete(&mut offering, &adapter)? {
        res = res.add_message(msg).add_event(event);
    }
    OFFERINGS.save(deps.storage, offering_id, &offering)?;
    Ok(res)
}

/// The transfer agent or the offering's issuer claims for one page of subscribers, in
/// address order. Claimed subscribers are skipped; subscribers the token would refuse to
/// issue to are skipped and reported (`skipped_refused`).
pub fn push_claims(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    offering_id: u64,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<Response, ContractError> {
    let mut offering = load_closed(&deps, offering_id)?;
    if info.sender != offering.issuer && !has_role(deps.storage, Role::TransferAgent, &info.sender)
    {
        return Err(ContractError::NotIssuerOrAgent {
            offering_id,
            sender: info.sender,
            role: Role::TransferAgent,
        });
    }
    let start = start_after
        .map(|s| validate_addr(deps.api, &s))
        .transpose()?;
    let page: Vec<(Addr, Subscription)> = SUBSCRIPTIONS
        .prefix(offering_id)
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_size(limit))
        .collect::<Result<_, _>>()?;
    let last = page.last().map(|(a, _)| a.to_string());

    let adapter = CashAdapter(CONFIG.load(deps.storage)?.cash_adapter);
    let mut res = Response::new();
    let (mut claimed, mut skipped_claimed, mut skipped_refused) = (0u32, 0u32, 0u32);
    for (addr, sub) in page {
        if sub.claimed {
            skipped_claimed += 1;
            continue;
        }
        match ensure_issuable(&deps.querier, &env, &offering, &sub) {
            Ok(()) => {}
            Err(ContractError::IssuanceNotAllowed { code, reason, .. }) => {
                skipped_refused += 1;
                res = res.add_event(Event::new("dvp_claim_skipped").add_attributes([
                    ("action", "claim_skipped".to_string()),
                    ("offering_id", offering_id.to_string()),
                    ("subscriber", addr.to_string()),
                    ("reason_code", code.to_string()),
                    ("reason", reason.to_string()),
                ]));
                continue;
            }
            Err(e) => return Err(e),
        }
        let (sub, messages, event) = claim_one(&mut offering, sub, &adapter, &info.sender)?;
        SUBSCRIPTIONS.save(deps.storage, (offering_id, &addr), &sub)?;
        res = res.add_messages(messages).add_event(event);
        claimed += 1;
    }
    if let Some((msg, event)) = finish_if_complete(&mut offering, &adapter)? {
        res = res.add_message(msg).add_event(event);
    }
    OFFERINGS.save(deps.storage, offering_id, &offering)?;
    Ok(res
        .add_attribute("action", "push_claims")
        .add_attribute("offering_id", offering_id.to_string())
        .add_attribute("pushed_by", info.sender)
        .add_attribute("claimed", claimed.to_string())
        .add_attribute("skipped_claimed", skipped_claimed.to_string())
        .add_attribute("skipped_refused", skipped_refused.to_string())
        .add_attribute("last", last.unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{Addr, Timestamp};
    use sto_interface::escrow::OfferingClose;

    fn offering(status: OfferingStatus, total: u128, hard: u128, pro_rata: bool) -> Offering {
        Offering {
            id: 1,
            issuer: Addr::unchecked("issuer"),
            token: Addr::unchecked("token"),
            unit_price: Uint128::new(10),
            min_per_investor: Uint128::new(1),
            max_per_investor: Uint128::new(1_000),
            soft_cap: Uint128::new(1),
            hard_cap: Uint128::new(hard),
            opens_at: Timestamp::from_seconds(0),
            closes_at: Timestamp::from_seconds(10),
            total_units: Uint128::new(total),
            total_cash: Uint128::new(total * 10),
            subscribers: 3,
            status,
            close: (status != OfferingStatus::Open).then(|| OfferingClose {
                closed_height: 1,
                closed_at: Timestamp::from_seconds(10),
                closed_by: Addr::unchecked("closer"),
                pro_rata,
                units_to_issue_max: Uint128::new(hard.min(total)),
                proceeds_at_close: Uint128::zero(),
                dust_bound: Uint128::zero(),
            }),
            claims: 0,
            units_issued: Uint128::zero(),
            cash_refunded: Uint128::zero(),
            proceeds_released: Uint128::zero(),
            dust: None,
        }
    }

    fn sub(units: u128) -> Subscription {
        Subscription {
            offering_id: 1,
            subscriber: Addr::unchecked("s"),
            investor_id: "INV".into(),
            units: Uint128::new(units),
            cash: Uint128::new(units * 10),
            funding_ids: vec![1],
            allocation: None,
            claimed: false,
        }
    }

    #[test]
    fn pro_rata_rounds_down_and_refunds_the_rest() {
        let o = offering(OfferingStatus::Succeeded, 150, 100, true);
        let units: Vec<u128> = [50, 70, 30]
            .iter()
            .map(|u| allocation(&o, &sub(*u)).unwrap().unwrap().units.u128())
            .collect();
        assert_eq!(units, vec![33, 46, 20]);
        let a = allocation(&o, &sub(70)).unwrap().unwrap();
        assert_eq!((a.cost.u128(), a.refund.u128()), (460, 240));
    }

    #[test]
    fn no_allocation_while_open_full_refund_when_failed_all_when_not_oversubscribed() {
        let open = offering(OfferingStatus::Open, 10, 100, false);
        assert_eq!(allocation(&open, &sub(5)).unwrap(), None);
        let failed = offering(OfferingStatus::Failed, 10, 100, false);
        let a = allocation(&failed, &sub(5)).unwrap().unwrap();
        assert_eq!((a.units.u128(), a.refund.u128()), (0, 50));
        let ok = offering(OfferingStatus::Succeeded, 100, 100, false);
        let a = allocation(&ok, &sub(60)).unwrap().unwrap();
        assert_eq!(
            (a.units.u128(), a.cost.u128(), a.refund.u128()),
            (60, 600, 0)
        );
    }

    #[test]
    fn dust_never_exceeds_subscribers_minus_one() {
        // Σ floor(u_i × H / T) ≥ H − (n − 1) for any split of T into n positive parts.
        for (hard, parts) in [
            (100u128, vec![1u128, 1, 1, 198]),
            (7, vec![3, 3, 3]),
            (1, vec![1, 1]),
            (999, vec![333, 334, 335, 1, 2]),
        ] {
            let total: u128 = parts.iter().sum();
            let o = offering(OfferingStatus::Succeeded, total, hard, true);
            let issued: u128 = parts
                .iter()
                .map(|u| allocation(&o, &sub(*u)).unwrap().unwrap().units.u128())
                .sum();
            let n = parts.len() as u128;
            assert!(issued <= hard && hard - issued < n, "{hard} {parts:?}");
        }
    }
}
