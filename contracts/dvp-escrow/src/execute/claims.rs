//! Claims of a closed offering. A subscription has two parts, resolved independently:
//!
//! * the **cash part** (the allocation's `refund`: excess cash, or everything when the offering
//!   failed) is released at the first claim whatever the token says; the adapter parks it
//!   itself if the wallet is blocked, so no cash is ever held back by the token;
//! * the **allotted units** are issued when the token accepts (and the escrow can still mint);
//!   the issuer is paid their cost in the same transaction. While refused they stay pending:
//!   claimable again later, or resolved by the transfer agent (issued to another wallet of the
//!   same investor, or cancelled with their cost refunded to the subscriber).
//!
//! A subscription is complete when both parts are resolved; the offering is complete when every
//! subscription is, and its dust is then fixed. One claim costs the same whatever the number of
//! subscribers; an agent may push claims one page at a time.

use cosmwasm_std::{
    Addr, CosmosMsg, DepsMut, Env, Event, MessageInfo, Order, QuerierWrapper, Response, Timestamp,
    Uint128,
};
use cw_storage_plus::Bound;
use sto_access::{has_role, validate_addr, HasRoleResponse, Role};
use sto_interface::cash::{CashAdapter, ReleaseKind};
use sto_interface::escrow::{
    Allocation, AllocationOutcome, Offering, OfferingStatus, Subscription, MAX_PUSH_CLAIMS,
    MAX_REFERENCE_LEN,
};
use sto_interface::registry::IdentityRegistry;
use sto_interface::token::{QueryMsg as TokenQueryMsg, ReasonCode, SecurityToken};

use crate::error::ContractError;
use crate::execute::offerings::load_offering;
use crate::execute::{
    ensure_token_transfer_agent, is_recipient_reason, time_after, token_has_role, validate_text,
};
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

/// Why the escrow cannot issue allotted units now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueBlock {
    /// The escrow no longer holds the token's `minter` role.
    NotMinter,
    /// The token would refuse the issuance (a recipient-side rule, or the pause).
    Token(ReasonCode),
}

impl IssueBlock {
    /// Code and name reported in events (`0` and `escrow_not_minter` for a missing role).
    fn code_and_name(&self) -> (u16, String) {
        match self {
            IssueBlock::NotMinter => (0, "escrow_not_minter".to_string()),
            IssueBlock::Token(r) => (r.code(), r.to_string()),
        }
    }

    /// The typed error of a refused issuance to `to`.
    fn into_error(self, token: &Addr, to: &Addr) -> ContractError {
        match self {
            IssueBlock::NotMinter => ContractError::NotMinter {
                token: token.clone(),
            },
            IssueBlock::Token(reason) => ContractError::IssuanceNotAllowed {
                subscriber: to.clone(),
                code: reason.code(),
                reason,
            },
        }
    }
}

/// The token of one offering as seen by one message: whether the escrow may mint is asked at
/// most once.
struct Minting {
    token: Addr,
    escrow: Addr,
    is_minter: Option<bool>,
}

impl Minting {
    fn new(offering: &Offering, env: &Env) -> Self {
        Minting {
            token: offering.token.clone(),
            escrow: env.contract.address.clone(),
            is_minter: None,
        }
    }

    /// Why the token would not let the escrow issue `amount` to `to` now, if it would not.
    /// Mirrors the token's mint check: the escrow's `minter` role, the pause, and every
    /// recipient-side rule (asked as `can_transfer(escrow, to, amount)`, sender-side reasons
    /// ignored since issuance has no sender).
    fn block(
        &mut self,
        querier: &QuerierWrapper,
        to: &Addr,
        amount: Uint128,
    ) -> Result<Option<IssueBlock>, ContractError> {
        let is_minter = match self.is_minter {
            Some(m) => m,
            None => {
                let res: HasRoleResponse = querier.query_wasm_smart(
                    self.token.clone(),
                    &TokenQueryMsg::HasRole {
                        role: Role::Minter,
                        address: self.escrow.to_string(),
                    },
                )?;
                self.is_minter = Some(res.has_role);
                res.has_role
            }
        };
        if !is_minter {
            return Ok(Some(IssueBlock::NotMinter));
        }
        let res =
            SecurityToken(self.token.clone()).can_transfer(querier, &self.escrow, to, amount)?;
        Ok(res
            .refusals
            .into_iter()
            .map(|r| r.reason)
            .find(|r| *r == ReasonCode::Paused || is_recipient_reason(*r))
            .map(IssueBlock::Token))
    }
}

/// The token's issuance lock for units of `offering` issued now: the offering's holding period
/// from now (checked), or none.
fn issuance_lock(offering: &Offering, env: &Env) -> Result<Option<Timestamp>, ContractError> {
    offering
        .holding_period
        .map(|p| time_after(env.block.time, p))
        .transpose()
}

/// Whether allotted units of `sub` are still to be resolved.
fn units_pending(sub: &Subscription, alloc: &Allocation) -> bool {
    !alloc.units.is_zero() && sub.allocation_outcome.is_none()
}

/// Mark `sub` complete once its cash part is released and its units resolved.
fn mark_complete(offering: &mut Offering, sub: &mut Subscription, alloc: &Allocation) {
    if !sub.complete && sub.refund_released && !units_pending(sub, alloc) {
        sub.complete = true;
        offering.completed = offering.completed.saturating_add(1);
    }
}

/// Release the cash part of `sub` if still due: returns the message (none when zero) and the
/// amount released.
fn release_cash_part(
    offering: &mut Offering,
    sub: &mut Subscription,
    alloc: &Allocation,
    adapter: &CashAdapter,
    to: &Addr,
) -> Result<(Option<CosmosMsg>, Uint128), ContractError> {
    if sub.refund_released {
        return Ok((None, Uint128::zero()));
    }
    sub.refund_released = true;
    offering.cash_refunded = offering.cash_refunded.checked_add(alloc.refund)?;
    if alloc.refund.is_zero() {
        return Ok((None, Uint128::zero()));
    }
    let msg = adapter.release(
        to.as_str(),
        alloc.refund,
        offering.reference(),
        ReleaseKind::Refund,
    )?;
    Ok((Some(msg), alloc.refund))
}

/// What processing one subscription produced.
struct Processed {
    /// Refund release and issuance, in order.
    messages: Vec<CosmosMsg>,
    /// Cost of the units issued now, owed to the issuer.
    proceeds: Uint128,
    events: Vec<Event>,
    /// Why the units stay pending, when they do.
    refused: Option<IssueBlock>,
    /// Whether anything was released or issued.
    moved: bool,
}

/// Claim for one subscription: release its cash part if due, issue its units if pending and
/// accepted. The caller releases `proceeds` to the issuer and saves both records.
fn process(
    querier: &QuerierWrapper,
    env: &Env,
    offering: &mut Offering,
    sub: &mut Subscription,
    adapter: &CashAdapter,
    minting: &mut Minting,
    by: &Addr,
) -> Result<Processed, ContractError> {
    let alloc =
        allocation(offering, sub)?.ok_or(ContractError::OfferingNotClosed { id: offering.id })?;
    sub.allocation = Some(alloc.clone());
    let reference = offering.reference();
    let mut out = Processed {
        messages: vec![],
        proceeds: Uint128::zero(),
        events: vec![],
        refused: None,
        moved: false,
    };
    let subscriber = sub.subscriber.clone();
    let (refund_msg, refund) = release_cash_part(offering, sub, &alloc, adapter, &subscriber)?;
    out.moved |= !refund.is_zero();
    out.messages.extend(refund_msg);
    let mut units = Uint128::zero();
    if units_pending(sub, &alloc) {
        match minting.block(querier, &sub.subscriber, alloc.units)? {
            None => {
                out.messages
                    .push(SecurityToken(offering.token.clone()).issue_msg(
                        sub.subscriber.as_str(),
                        alloc.units,
                        issuance_lock(offering, env)?,
                        Some(reference.clone()),
                    )?);
                units = alloc.units;
                out.proceeds = alloc.cost;
                offering.units_issued = offering.units_issued.checked_add(alloc.units)?;
                offering.proceeds_released = offering.proceeds_released.checked_add(alloc.cost)?;
                sub.allocation_outcome = Some(AllocationOutcome::Issued { at: env.block.time });
                out.moved = true;
            }
            Some(block) => {
                let (code, name) = block.code_and_name();
                out.events
                    .push(Event::new("dvp_claim_skipped").add_attributes([
                        ("action", "claim_skipped".to_string()),
                        ("offering_id", offering.id.to_string()),
                        ("subscriber", sub.subscriber.to_string()),
                        ("units_pending", alloc.units.to_string()),
                        ("reason_code", code.to_string()),
                        ("reason", name),
                        ("reference", reference.to_string()),
                    ]));
                out.refused = Some(block);
            }
        }
    }
    mark_complete(offering, sub, &alloc);
    if out.moved || sub.complete {
        out.events.insert(
            0,
            Event::new("dvp_claim").add_attributes([
                ("action", "claim".to_string()),
                ("offering_id", offering.id.to_string()),
                ("subscriber", sub.subscriber.to_string()),
                ("claimed_by", by.to_string()),
                ("units", units.to_string()),
                (
                    "cost",
                    if units.is_zero() {
                        Uint128::zero()
                    } else {
                        alloc.cost
                    }
                    .to_string(),
                ),
                ("refund", refund.to_string()),
                ("complete", sub.complete.to_string()),
                ("reference", reference.to_string()),
            ]),
        );
    }
    Ok(out)
}

/// The issuer's proceeds for units issued in this message, if any.
fn proceeds_msg(
    offering: &Offering,
    adapter: &CashAdapter,
    amount: Uint128,
) -> Result<Option<CosmosMsg>, ContractError> {
    if amount.is_zero() {
        return Ok(None);
    }
    Ok(Some(adapter.release(
        offering.issuer.as_str(),
        amount,
        offering.reference(),
        ReleaseKind::Proceeds,
    )?))
}

/// Once every subscription is complete: fix the dust and report the final accounts. Nothing
/// is left in the pool for the offering: `proceeds_released + cash_refunded = total_cash`.
fn finish_if_complete(offering: &mut Offering) -> Result<Option<Event>, ContractError> {
    if offering.completed < offering.subscribers || offering.dust.is_some() {
        return Ok(None);
    }
    let (pro_rata, max) = offering
        .close
        .as_ref()
        .map_or((false, Uint128::zero()), |c| {
            (c.pro_rata, c.units_to_issue_max)
        });
    let dust = if pro_rata {
        max.checked_sub(offering.units_issued)?
            .checked_sub(offering.units_cancelled)?
    } else {
        Uint128::zero()
    };
    offering.dust = Some(dust);
    Ok(Some(Event::new("dvp_offering_complete").add_attributes([
        ("action", "offering_complete".to_string()),
        ("offering_id", offering.id.to_string()),
        ("issuer", offering.issuer.to_string()),
        ("units_issued", offering.units_issued.to_string()),
        ("units_cancelled", offering.units_cancelled.to_string()),
        ("dust", dust.to_string()),
        ("proceeds_released", offering.proceeds_released.to_string()),
        ("cash_refunded", offering.cash_refunded.to_string()),
        ("total_cash", offering.total_cash.to_string()),
        ("reference", offering.reference().to_string()),
    ])))
}

fn load_closed(deps: &DepsMut, offering_id: u64) -> Result<Offering, ContractError> {
    let offering = load_offering(deps.storage, offering_id)?;
    if offering.status == OfferingStatus::Open {
        return Err(ContractError::OfferingNotClosed { id: offering_id });
    }
    Ok(offering)
}

fn load_subscription(
    deps: &DepsMut,
    offering_id: u64,
    subscriber: &Addr,
) -> Result<Subscription, ContractError> {
    SUBSCRIPTIONS
        .may_load(deps.storage, (offering_id, subscriber))?
        .ok_or_else(|| ContractError::NotSubscribed {
            offering_id,
            subscriber: subscriber.clone(),
        })
}

/// A subscriber claims its own subscription: cash part if due, units if the token accepts.
pub fn claim(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    offering_id: u64,
) -> Result<Response, ContractError> {
    let mut offering = load_closed(&deps, offering_id)?;
    let subscriber = info.sender;
    let mut sub = load_subscription(&deps, offering_id, &subscriber)?;
    if sub.complete {
        return Err(ContractError::AlreadyClaimed {
            offering_id,
            subscriber,
        });
    }
    let adapter = CashAdapter(CONFIG.load(deps.storage)?.cash_adapter);
    let mut minting = Minting::new(&offering, &env);
    let out = process(
        &deps.querier,
        &env,
        &mut offering,
        &mut sub,
        &adapter,
        &mut minting,
        &subscriber,
    )?;
    if !out.moved && !sub.complete {
        // Only the units were left and the token still refuses: nothing to do.
        return Err(match out.refused {
            Some(block) => block.into_error(&offering.token, &subscriber),
            None => ContractError::AlreadyClaimed {
                offering_id,
                subscriber,
            },
        });
    }
    SUBSCRIPTIONS.save(deps.storage, (offering_id, &subscriber), &sub)?;
    let mut res = Response::new()
        .add_attribute("action", "claim")
        .add_attribute("offering_id", offering_id.to_string())
        .add_attribute("subscriber", subscriber)
        .add_messages(out.messages)
        .add_messages(proceeds_msg(&offering, &adapter, out.proceeds)?)
        .add_events(out.events);
    if let Some(event) = finish_if_complete(&mut offering)? {
        res = res.add_event(event);
    }
    OFFERINGS.save(deps.storage, offering_id, &offering)?;
    Ok(res)
}

/// Fail with `NotIssuerOrAgent` unless `sender` is a transfer agent of the escrow and of the
/// offering's token, or the offering's issuer still holding the `issuer` role on the escrow
/// and on the token.
fn ensure_issuer_or_agent(
    deps: &DepsMut,
    offering: &Offering,
    sender: &Addr,
) -> Result<(), ContractError> {
    if has_role(deps.storage, Role::TransferAgent, sender)
        && token_has_role(&deps.querier, &offering.token, Role::TransferAgent, sender)?
    {
        return Ok(());
    }
    if *sender == offering.issuer && has_role(deps.storage, Role::Issuer, sender) {
        let on_token: HasRoleResponse = deps.querier.query_wasm_smart(
            offering.token.clone(),
            &TokenQueryMsg::HasRole {
                role: Role::Issuer,
                address: sender.to_string(),
            },
        )?;
        if on_token.has_role {
            return Ok(());
        }
    }
    Err(ContractError::NotIssuerOrAgent {
        offering_id: offering.id,
        sender: sender.clone(),
        role: Role::TransferAgent,
    })
}

/// Subscribers one `push_claims` page handles: the requested limit, at least 1, at most
/// [`MAX_PUSH_CLAIMS`] (each entry mints and releases through other contracts; the cap keeps a
/// page well under the chain's per-transaction gas).
fn push_page_size(limit: Option<u32>) -> usize {
    limit.unwrap_or(MAX_PUSH_CLAIMS).clamp(1, MAX_PUSH_CLAIMS) as usize
}

/// The transfer agent or the offering's issuer claims for one page of subscribers, in address
/// order, exactly as each would claim. Complete subscriptions are skipped; units the token
/// refuses stay pending and are reported (`skipped_refused`), their cash part released anyway.
pub fn push_claims(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    offering_id: u64,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<Response, ContractError> {
    let mut offering = load_closed(&deps, offering_id)?;
    ensure_issuer_or_agent(&deps, &offering, &info.sender)?;
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
        .take(push_page_size(limit))
        .collect::<Result<_, _>>()?;
    let last = page.last().map(|(a, _)| a.to_string());

    let adapter = CashAdapter(CONFIG.load(deps.storage)?.cash_adapter);
    let mut minting = Minting::new(&offering, &env);
    let mut res = Response::new();
    let mut proceeds = Uint128::zero();
    let (mut claimed, mut skipped_complete, mut skipped_refused) = (0u32, 0u32, 0u32);
    for (addr, mut sub) in page {
        if sub.complete {
            skipped_complete += 1;
            continue;
        }
        let out = process(
            &deps.querier,
            &env,
            &mut offering,
            &mut sub,
            &adapter,
            &mut minting,
            &info.sender,
        )?;
        if out.refused.is_some() {
            skipped_refused += 1;
        }
        if out.moved || sub.complete {
            claimed += 1;
        }
        proceeds = proceeds.checked_add(out.proceeds)?;
        SUBSCRIPTIONS.save(deps.storage, (offering_id, &addr), &sub)?;
        res = res.add_messages(out.messages).add_events(out.events);
    }
    res = res.add_messages(proceeds_msg(&offering, &adapter, proceeds)?);
    if let Some(event) = finish_if_complete(&mut offering)? {
        res = res.add_event(event);
    }
    OFFERINGS.save(deps.storage, offering_id, &offering)?;
    Ok(res
        .add_attribute("action", "push_claims")
        .add_attribute("offering_id", offering_id.to_string())
        .add_attribute("pushed_by", info.sender)
        .add_attribute("claimed", claimed.to_string())
        .add_attribute("skipped_complete", skipped_complete.to_string())
        .add_attribute("skipped_refused", skipped_refused.to_string())
        .add_attribute("last", last.unwrap_or_default()))
}

/// A pending allocation the transfer agent may resolve: the offering, the subscription, its
/// allocation; refused unless the units are pending and the token refuses the subscriber.
struct Pending {
    offering: Offering,
    sub: Subscription,
    alloc: Allocation,
    minting: Minting,
    /// Why the token refuses the subscriber.
    block: IssueBlock,
}

fn load_pending(
    deps: &DepsMut,
    env: &Env,
    info: &MessageInfo,
    offering_id: u64,
    subscriber: &str,
    legal_reference: &str,
) -> Result<Pending, ContractError> {
    let subscriber = validate_addr(deps.api, subscriber)?;
    validate_text("legal_reference", legal_reference, MAX_REFERENCE_LEN)?;
    let offering = load_closed(deps, offering_id)?;
    ensure_token_transfer_agent(deps.storage, &deps.querier, &offering.token, &info.sender)?;
    let sub = load_subscription(deps, offering_id, &subscriber)?;
    let alloc =
        allocation(&offering, &sub)?.ok_or(ContractError::OfferingNotClosed { id: offering_id })?;
    if !units_pending(&sub, &alloc) {
        return Err(ContractError::NoPendingAllocation {
            offering_id,
            subscriber,
        });
    }
    let mut minting = Minting::new(&offering, env);
    let Some(block) = minting.block(&deps.querier, &subscriber, alloc.units)? else {
        return Err(ContractError::AllocationIssuable {
            offering_id,
            subscriber,
        });
    };
    Ok(Pending {
        offering,
        sub,
        alloc,
        minting,
        block,
    })
}

/// Fail with `NotSameInvestor` unless the registry names `wallet` a wallet of the investor
/// recorded at subscription.
fn ensure_same_investor(
    deps: &DepsMut,
    registry: &Addr,
    sub: &Subscription,
    wallet: &Addr,
) -> Result<(), ContractError> {
    let same_investor = IdentityRegistry(registry.clone())
        .wallet_record(&deps.querier, wallet)?
        .is_some_and(|r| r.investor_id == sub.investor_id);
    if !same_investor {
        return Err(ContractError::NotSameInvestor {
            investor_id: sub.investor_id.clone(),
            recipient: wallet.clone(),
        });
    }
    Ok(())
}

/// The transfer agent issues a pending allocation the token refuses for the subscriber to
/// another wallet of the same registry investor, with a legal reference.
pub fn redirect_allocation(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    offering_id: u64,
    subscriber: String,
    recipient: String,
    legal_reference: String,
) -> Result<Response, ContractError> {
    let Pending {
        mut offering,
        mut sub,
        alloc,
        mut minting,
        block,
    } = load_pending(
        &deps,
        &env,
        &info,
        offering_id,
        &subscriber,
        &legal_reference,
    )?;
    if block == IssueBlock::NotMinter {
        return Err(block.into_error(&offering.token, &sub.subscriber));
    }
    let recipient = validate_addr(deps.api, &recipient)?;
    ensure_same_investor(
        &deps,
        &CONFIG.load(deps.storage)?.registry,
        &sub,
        &recipient,
    )?;
    match minting.block(&deps.querier, &recipient, alloc.units)? {
        None => {}
        Some(IssueBlock::Token(reason)) => {
            return Err(ContractError::RedirectNotAllowed {
                recipient,
                code: reason.code(),
                reason,
            })
        }
        Some(b @ IssueBlock::NotMinter) => return Err(b.into_error(&offering.token, &recipient)),
    }

    let adapter = CashAdapter(CONFIG.load(deps.storage)?.cash_adapter);
    sub.allocation = Some(alloc.clone());
    // Cash follows the redirect: the cash part goes to the wallet receiving the units.
    let (refund_msg, refund) =
        release_cash_part(&mut offering, &mut sub, &alloc, &adapter, &recipient)?;
    let issue = SecurityToken(offering.token.clone()).issue_msg(
        recipient.as_str(),
        alloc.units,
        issuance_lock(&offering, &env)?,
        Some(offering.reference()),
    )?;
    offering.units_issued = offering.units_issued.checked_add(alloc.units)?;
    offering.proceeds_released = offering.proceeds_released.checked_add(alloc.cost)?;
    sub.allocation_outcome = Some(AllocationOutcome::Redirected {
        to: recipient.clone(),
        by: info.sender.clone(),
        legal_reference: legal_reference.clone(),
        at: env.block.time,
    });
    mark_complete(&mut offering, &mut sub, &alloc);
    SUBSCRIPTIONS.save(deps.storage, (offering_id, &sub.subscriber), &sub)?;
    let (code, name) = block.code_and_name();
    let mut res = Response::new()
        .add_messages(refund_msg)
        .add_message(issue)
        .add_messages(proceeds_msg(&offering, &adapter, alloc.cost)?)
        .add_attribute("action", "redirect_allocation")
        .add_attribute("offering_id", offering_id.to_string())
        .add_attribute("subscriber", sub.subscriber.as_str())
        .add_attribute("investor_id", sub.investor_id.as_str())
        .add_attribute("paid_to", recipient)
        .add_attribute("units", alloc.units)
        .add_attribute("cost", alloc.cost)
        .add_attribute("refund", refund)
        .add_attribute("refused_reason_code", code.to_string())
        .add_attribute("refused_reason", name)
        .add_attribute("legal_reference", legal_reference)
        .add_attribute("resolved_by", info.sender)
        .add_attribute("reference", offering.reference().to_string());
    if let Some(event) = finish_if_complete(&mut offering)? {
        res = res.add_event(event);
    }
    OFFERINGS.save(deps.storage, offering_id, &offering)?;
    Ok(res)
}

/// The transfer agent cancels a pending allocation the token refuses (or the escrow can no
/// longer mint): its cost, plus the cash part if still due, is refunded to the subscriber; the
/// issuer is not paid for it.
pub fn cancel_allocation(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    offering_id: u64,
    subscriber: String,
    refund_to: Option<String>,
    legal_reference: String,
) -> Result<Response, ContractError> {
    let Pending {
        mut offering,
        mut sub,
        alloc,
        block,
        ..
    } = load_pending(
        &deps,
        &env,
        &info,
        offering_id,
        &subscriber,
        &legal_reference,
    )?;
    let cfg = CONFIG.load(deps.storage)?;
    let refund_to = match refund_to {
        None => sub.subscriber.clone(),
        Some(wallet) => {
            let wallet = validate_addr(deps.api, &wallet)?;
            ensure_same_investor(&deps, &cfg.registry, &sub, &wallet)?;
            wallet
        }
    };
    let adapter = CashAdapter(cfg.cash_adapter);
    sub.allocation = Some(alloc.clone());
    let excess = if sub.refund_released {
        Uint128::zero()
    } else {
        alloc.refund
    };
    sub.refund_released = true;
    let refund = alloc.cost.checked_add(excess)?;
    offering.cash_refunded = offering.cash_refunded.checked_add(refund)?;
    offering.units_cancelled = offering.units_cancelled.checked_add(alloc.units)?;
    sub.allocation_outcome = Some(AllocationOutcome::Cancelled {
        refunded: alloc.cost,
        by: info.sender.clone(),
        legal_reference: legal_reference.clone(),
        at: env.block.time,
    });
    mark_complete(&mut offering, &mut sub, &alloc);
    SUBSCRIPTIONS.save(deps.storage, (offering_id, &sub.subscriber), &sub)?;
    let (code, name) = block.code_and_name();
    let mut res = Response::new()
        .add_message(adapter.release(
            refund_to.as_str(),
            refund,
            offering.reference(),
            ReleaseKind::Refund,
        )?)
        .add_attribute("action", "cancel_allocation")
        .add_attribute("offering_id", offering_id.to_string())
        .add_attribute("subscriber", sub.subscriber.as_str())
        .add_attribute("refund_to", refund_to.as_str())
        .add_attribute("units_cancelled", alloc.units)
        .add_attribute("cost_refunded", alloc.cost)
        .add_attribute("refund", refund)
        .add_attribute("refused_reason_code", code.to_string())
        .add_attribute("refused_reason", name)
        .add_attribute("legal_reference", legal_reference)
        .add_attribute("resolved_by", info.sender)
        .add_attribute("reference", offering.reference().to_string());
    if let Some(event) = finish_if_complete(&mut offering)? {
        res = res.add_event(event);
    }
    OFFERINGS.save(deps.storage, offering_id, &offering)?;
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::Addr;
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
            holding_period: None,
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
                dust_bound: Uint128::zero(),
            }),
            completed: 0,
            units_issued: Uint128::zero(),
            units_cancelled: Uint128::zero(),
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
            refund_released: false,
            allocation_outcome: None,
            complete: false,
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
