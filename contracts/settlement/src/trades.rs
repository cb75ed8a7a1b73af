//! Trades on holds: the settlement contract as notary. Nothing is delivered to it: each leg is
//! affirmed by a hold its delivering party places at the token (security leg) or the cash
//! adapter (cash leg) naming this contract, and settlement executes every hold in one transaction
//! (all or none). Cancel and expiry release the holds; the holds themselves become releasable
//! by anyone at their own expiry, so nothing can be trapped.
//!
//! Storage: immutable terms written once (`trade`), a small state record (`trade_st`) rewritten
//! by affirmations and the close. Affirmed-ness is read from the live holds (exact-key raw reads
//! of the token's and the adapter's published hold layouts), never from a stored flag.

use cosmwasm_std::{
    from_json, Addr, Attribute, CosmosMsg, Deps, DepsMut, Empty, Env, MessageInfo, Response,
    Timestamp,
};
use sto_access::{has_role, validate_addr, HasRoleResponse, Role};
use sto_interface::cash::{self, CashAdapter};
use sto_interface::common::EventRef;
use sto_interface::hold::{Hold, HoldPlaced, HoldStatus};
use sto_interface::registry::IdentityRegistry;
use sto_interface::settlement::{
    Affirmation, Config, LegRequest, TradeLeg, TradeStatus, MAX_REFERENCE_LEN, MAX_TRADE_LEGS,
};
use sto_interface::token::{self as token, layout, SecurityToken};

use crate::admin::ensure_tradable;
use crate::error::ContractError;
use crate::state::{
    next_trade_id, TradeState, TradeTerms, CONFIG, TRADES_BY_PARTY, TRADE_STATES, TRADE_TERMS,
};

/// A new trade as requested.
pub struct NewTrade {
    /// The legs.
    pub legs: Vec<LegRequest>,
    /// Settlement strictly before this time.
    pub deadline: Timestamp,
    /// Settlement from this time, if set.
    pub settle_not_before: Option<Timestamp>,
    /// The approver, if any.
    pub approver: Option<String>,
    /// The venue's reference, if any.
    pub venue_reference: Option<String>,
}

fn load(deps: Deps, id: u64) -> Result<(TradeTerms, TradeState), ContractError> {
    let terms = TRADE_TERMS
        .may_load(deps.storage, id)?
        .ok_or(ContractError::TradeNotFound { id })?;
    let state = TRADE_STATES.load(deps.storage, id)?;
    Ok((terms, state))
}

fn ensure_open(id: u64, state: &TradeState) -> Result<(), ContractError> {
    if state.status != TradeStatus::Open {
        return Err(ContractError::TradeClosed {
            id,
            status: state.status,
        });
    }
    Ok(())
}

/// The cash account key of a wallet at the adapter: its investor id, else its address.
fn account_of(deps: Deps, config: &Config, wallet: &Addr) -> Result<String, ContractError> {
    Ok(
        match IdentityRegistry(config.registry.clone()).wallet_record(&deps.querier, wallet)? {
            Some(record) => record.investor_id,
            None => wallet.to_string(),
        },
    )
}

/// Create a trade (a wallet of a leg, or a settlement operator).
pub fn create(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    t: NewTrade,
) -> Result<Response, ContractError> {
    if t.legs.is_empty() || t.legs.len() > MAX_TRADE_LEGS {
        return Err(ContractError::InvalidTradeLegs {
            count: t.legs.len(),
            max: MAX_TRADE_LEGS,
        });
    }
    let now = env.block.time;
    if t.deadline <= now {
        return Err(ContractError::DeadlineNotInFuture {
            deadline: t.deadline,
            now,
        });
    }
    let config = CONFIG.load(deps.storage)?;
    let latest = config
        .max_settlement_window
        .checked_mul(1_000_000_000)
        .and_then(|n| now.nanos().checked_add(n))
        .map(Timestamp::from_nanos)
        .ok_or(ContractError::Overflow(cosmwasm_std::OverflowError::new(
            cosmwasm_std::OverflowOperation::Add,
        )))?;
    if t.deadline > latest {
        return Err(ContractError::DeadlineTooFar {
            deadline: t.deadline,
            latest,
        });
    }
    if let Some(snb) = t.settle_not_before {
        if snb >= t.deadline {
            return Err(ContractError::SettleNotBeforeAfterDeadline {
                settle_not_before: snb,
                deadline: t.deadline,
            });
        }
    }
    if let Some(venue) = &t.venue_reference {
        if venue.is_empty() || venue.chars().count() > MAX_REFERENCE_LEN {
            return Err(ContractError::InvalidReference {
                field: "venue_reference".into(),
                max: MAX_REFERENCE_LEN,
            });
        }
    }
    let approver = t
        .approver
        .as_deref()
        .map(|a| validate_addr(deps.api, a))
        .transpose()?;
    let mut legs = Vec::with_capacity(t.legs.len());
    for (i, leg) in t.legs.into_iter().enumerate() {
        let field = format!("legs[{i}]");
        let leg = match leg {
            LegRequest::Security {
                token,
                from,
                to,
                quantity,
            } => {
                let token = validate_addr(deps.api, &token)?;
                ensure_tradable(deps.storage, &deps.querier, &token)?;
                TradeLeg::Security {
                    token,
                    from: validate_addr(deps.api, &from)?,
                    to: validate_addr(deps.api, &to)?,
                    quantity,
                }
            }
            LegRequest::Cash { from, to, amount } => {
                let from = validate_addr(deps.api, &from)?;
                let to = validate_addr(deps.api, &to)?;
                TradeLeg::Cash {
                    from_account: account_of(deps.as_ref(), &config, &from)?,
                    to_account: account_of(deps.as_ref(), &config, &to)?,
                    from,
                    to,
                    amount,
                }
            }
        };
        if leg.amount().is_zero() {
            return Err(ContractError::ZeroAmount { field });
        }
        let same = match &leg {
            TradeLeg::Security { from, to, .. } => from == to,
            TradeLeg::Cash {
                from_account,
                to_account,
                ..
            } => from_account == to_account,
        };
        if same {
            return Err(ContractError::SameParty {
                address: leg.from().clone(),
            });
        }
        legs.push(leg);
    }
    let is_party = legs
        .iter()
        .any(|l| *l.from() == info.sender || *l.to() == info.sender);
    if !is_party && !has_role(deps.storage, Role::SettlementOperator, &info.sender) {
        return Err(ContractError::NotPartyOrOperator {
            sender: info.sender,
        });
    }

    let id = next_trade_id(deps.storage)?;
    let terms = TradeTerms {
        legs,
        deadline: t.deadline,
        settle_not_before: t.settle_not_before,
        approver,
        venue_reference: t.venue_reference,
        created_by: info.sender.clone(),
        created_at: now,
    };
    let state = TradeState {
        status: TradeStatus::Open,
        holds: vec![None; terms.legs.len()],
        cancel_requests: vec![],
        closed_height: None,
        closed_at: None,
        legal_reference: None,
    };
    TRADE_TERMS.save(deps.storage, id, &terms)?;
    TRADE_STATES.save(deps.storage, id, &state)?;
    let trade = crate::state::trade(id, terms, state);
    for party in trade.parties() {
        TRADES_BY_PARTY.save(deps.storage, (&party, id), &Empty {})?;
    }
    let mut attrs = vec![
        Attribute::new("action", "create_trade"),
        Attribute::new("trade_id", id.to_string()),
        Attribute::new("reference", trade.reference().to_string()),
        Attribute::new("legs", trade.legs.len().to_string()),
        Attribute::new("deadline", trade.deadline.seconds().to_string()),
    ];
    for (i, leg) in trade.legs.iter().enumerate() {
        attrs.push(Attribute::new(format!("leg_{i}"), leg_summary(leg)));
    }
    attrs.push(Attribute::new("sender", info.sender));
    Ok(Response::new().add_attributes(attrs))
}

/// `kind:asset:from:to:amount` of a leg, for events.
fn leg_summary(leg: &TradeLeg) -> String {
    match leg {
        TradeLeg::Security {
            token,
            from,
            to,
            quantity,
        } => format!("security:{token}:{from}:{to}:{quantity}"),
        TradeLeg::Cash {
            from_account,
            to_account,
            amount,
            ..
        } => format!("cash:{from_account}:{to_account}:{amount}"),
    }
}

/// The contract keeping a leg's hold and the hold's owner and payee there.
fn hold_keeper<'a>(config: &'a Config, leg: &'a TradeLeg) -> (&'a Addr, &'a str, &'a str) {
    match leg {
        TradeLeg::Security {
            token, from, to, ..
        } => (token, from.as_str(), to.as_str()),
        TradeLeg::Cash {
            from_account,
            to_account,
            ..
        } => (&config.cash_adapter, from_account, to_account),
    }
}

/// The hold `id` of a leg, read raw where it is kept.
fn read_hold(
    deps: Deps,
    config: &Config,
    leg: &TradeLeg,
    id: u64,
) -> Result<Option<Hold>, ContractError> {
    Ok(match leg {
        TradeLeg::Security { token, .. } => layout::query_hold(&deps.querier, token, id)?,
        TradeLeg::Cash { .. } => {
            cash::layout::query_cash_hold(&deps.querier, &config.cash_adapter, id)?
        }
    })
}

/// The hold affirming leg `i` if it is live: open, executable now, holding the leg's whole
/// amount for the leg's owner and payee.
fn live_hold(
    deps: Deps,
    config: &Config,
    terms: &TradeTerms,
    state: &TradeState,
    i: usize,
    now: Timestamp,
) -> Result<Option<Hold>, ContractError> {
    let leg = &terms.legs[i];
    let Some(id) = state.holds[i] else {
        return Ok(None);
    };
    let (_, owner, payee) = hold_keeper(config, leg);
    Ok(read_hold(deps, config, leg, id)?.filter(|h| {
        h.is_executable(now)
            && h.remaining() == leg.amount()
            && h.owner == owner
            && h.payee == payee
    }))
}

/// The notary notification: record the hold as the affirmation of its leg, and settle when
/// asked and it is the last one.
pub fn hold_placed(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    placed: HoldPlaced,
) -> Result<Response, ContractError> {
    let hold = placed.hold;
    let affirmation: Affirmation = match placed.msg {
        Some(msg) => from_json(&msg)?,
        None => return Err(ContractError::HoldWithoutAffirmation { hold_id: hold.id }),
    };
    let id = affirmation.trade_id;
    let (terms, mut state) = load(deps.as_ref(), id)?;
    ensure_open(id, &state)?;
    let now = env.block.time;
    if now >= terms.deadline {
        return Err(ContractError::TradeDeadlinePassed {
            id,
            deadline: terms.deadline,
            now,
        });
    }
    let leg_index = affirmation.leg;
    let i = usize::from(leg_index);
    let Some(leg) = terms.legs.get(i) else {
        return Err(ContractError::UnknownLeg {
            id,
            leg: leg_index,
            legs: terms.legs.len(),
        });
    };
    let config = CONFIG.load(deps.storage)?;
    let (keeper, owner, payee) = hold_keeper(&config, leg);
    if info.sender != *keeper {
        return Err(ContractError::HoldFromWrongContract {
            id,
            leg: leg_index,
            expected: keeper.clone(),
            sender: info.sender,
        });
    }
    let mismatch = |field: &str, expected: String, got: String| ContractError::HoldMismatch {
        id,
        leg: leg_index,
        field: field.into(),
        expected,
        got,
    };
    if hold.owner != owner {
        return Err(mismatch("owner", owner.into(), hold.owner));
    }
    if hold.payee != payee {
        return Err(mismatch("payee", payee.into(), hold.payee));
    }
    if hold.amount != leg.amount() {
        return Err(mismatch(
            "amount",
            leg.amount().to_string(),
            hold.amount.to_string(),
        ));
    }
    if hold.partial {
        return Err(mismatch("partial", "false".into(), "true".into()));
    }
    if hold.expires < terms.deadline {
        return Err(mismatch(
            "expires",
            format!("at or after {}", terms.deadline.seconds()),
            hold.expires.seconds().to_string(),
        ));
    }
    let reference = EventRef::Settlement { id }.to_string();
    if hold.reference != reference {
        return Err(mismatch("reference", reference, hold.reference));
    }
    if let Some(previous) = state.holds[i] {
        if live_hold(deps.as_ref(), &config, &terms, &state, i, now)?.is_some() {
            return Err(ContractError::LegAlreadyAffirmed {
                id,
                leg: leg_index,
                hold_id: previous,
            });
        }
    }
    state.holds[i] = Some(hold.id);

    let attrs = vec![
        Attribute::new("action", "affirm_trade"),
        Attribute::new("trade_id", id.to_string()),
        Attribute::new("leg", leg_index.to_string()),
        Attribute::new("hold_id", hold.id.to_string()),
        Attribute::new("keeper", keeper.as_str()),
        Attribute::new("owner", hold.owner.as_str()),
        Attribute::new("placed_by", hold.placed_by.as_str()),
        Attribute::new("amount", hold.amount.to_string()),
    ];
    let settle = affirmation.settle
        && terms.approver.is_none()
        && terms.settle_not_before.is_none_or(|snb| now >= snb)
        && all_affirmed(deps.as_ref(), &config, &terms, &state, now)?.is_ok();
    if settle {
        let response = settle_now(deps, &env, id, &config, &terms, state)?;
        return Ok(response.add_attributes(attrs));
    }
    TRADE_STATES.save(deps.storage, id, &state)?;
    Ok(Response::new().add_attributes(attrs))
}

/// `Ok` when every leg is affirmed by a live hold, else the first leg that is not.
fn all_affirmed(
    deps: Deps,
    config: &Config,
    terms: &TradeTerms,
    state: &TradeState,
    now: Timestamp,
) -> Result<Result<(), u8>, ContractError> {
    for i in 0..terms.legs.len() {
        if live_hold(deps, config, terms, state, i, now)?.is_none() {
            return Ok(Err(i as u8));
        }
    }
    Ok(Ok(()))
}

/// Settle a fully affirmed trade (by the approver when it has one, else by anyone).
pub fn settle(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let (terms, state) = load(deps.as_ref(), id)?;
    ensure_open(id, &state)?;
    if let Some(approver) = &terms.approver {
        if *approver != info.sender {
            return Err(ContractError::NotApprover {
                id,
                sender: info.sender,
            });
        }
    }
    let now = env.block.time;
    if now >= terms.deadline {
        return Err(ContractError::TradeDeadlinePassed {
            id,
            deadline: terms.deadline,
            now,
        });
    }
    if let Some(snb) = terms.settle_not_before {
        if now < snb {
            return Err(ContractError::SettleTooEarly {
                id,
                settle_not_before: snb,
                now,
            });
        }
    }
    let config = CONFIG.load(deps.storage)?;
    if let Err(leg) = all_affirmed(deps.as_ref(), &config, &terms, &state, now)? {
        return Err(ContractError::LegNotAffirmed { id, leg });
    }
    Ok(settle_now(deps, &env, id, &config, &terms, state)?.add_attribute("sender", info.sender))
}

/// Mark the trade settled and execute every leg's hold (checked live by the caller).
fn settle_now(
    deps: DepsMut,
    env: &Env,
    id: u64,
    config: &Config,
    terms: &TradeTerms,
    mut state: TradeState,
) -> Result<Response, ContractError> {
    let mut messages: Vec<CosmosMsg> = Vec::with_capacity(terms.legs.len());
    let mut attrs = vec![
        Attribute::new("action", "settle_trade"),
        Attribute::new("trade_id", id.to_string()),
        Attribute::new("reference", EventRef::Settlement { id }.to_string()),
    ];
    for (i, leg) in terms.legs.iter().enumerate() {
        let hold_id = state.holds[i].ok_or(ContractError::LegNotAffirmed { id, leg: i as u8 })?;
        messages.push(match leg {
            TradeLeg::Security { token, .. } => {
                SecurityToken(token.clone()).execute_hold_msg(hold_id, None)?
            }
            TradeLeg::Cash { .. } => {
                CashAdapter(config.cash_adapter.clone()).call(&cash::ExecuteMsg::ExecuteHold {
                    id: hold_id,
                    amount: None,
                })?
            }
        });
        attrs.push(Attribute::new(
            format!("leg_{i}"),
            format!("{}:hold:{hold_id}", leg_summary(leg)),
        ));
    }
    state.status = TradeStatus::Settled;
    state.closed_height = Some(env.block.height);
    state.closed_at = Some(env.block.time);
    TRADE_STATES.save(deps.storage, id, &state)?;
    Ok(Response::new()
        .add_messages(messages)
        .add_attributes(attrs)
        .add_attribute("settled_height", env.block.height.to_string()))
}

/// The release messages of every leg hold that is still open (this contract is their notary).
fn release_open_holds(
    deps: Deps,
    config: &Config,
    terms: &TradeTerms,
    state: &TradeState,
) -> Result<Vec<CosmosMsg>, ContractError> {
    let mut messages = vec![];
    for (i, leg) in terms.legs.iter().enumerate() {
        let Some(hold_id) = state.holds[i] else {
            continue;
        };
        let open =
            read_hold(deps, config, leg, hold_id)?.is_some_and(|h| h.status == HoldStatus::Open);
        if open {
            messages.push(release_msg(config, leg, hold_id)?);
        }
    }
    Ok(messages)
}

fn release_msg(config: &Config, leg: &TradeLeg, hold_id: u64) -> Result<CosmosMsg, ContractError> {
    Ok(match leg {
        TradeLeg::Security { token, .. } => {
            SecurityToken(token.clone()).release_hold_msg(hold_id)?
        }
        TradeLeg::Cash { .. } => CashAdapter(config.cash_adapter.clone())
            .call(&cash::ExecuteMsg::ReleaseHold { id: hold_id })?,
    })
}

/// The delivering party of a leg takes back its affirmation before every leg is affirmed.
pub fn withdraw(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    leg_index: u8,
) -> Result<Response, ContractError> {
    let (terms, mut state) = load(deps.as_ref(), id)?;
    ensure_open(id, &state)?;
    let i = usize::from(leg_index);
    let Some(leg) = terms.legs.get(i) else {
        return Err(ContractError::UnknownLeg {
            id,
            leg: leg_index,
            legs: terms.legs.len(),
        });
    };
    if *leg.from() != info.sender {
        return Err(ContractError::NotLegParty {
            id,
            leg: leg_index,
            sender: info.sender,
        });
    }
    let config = CONFIG.load(deps.storage)?;
    let now = env.block.time;
    if all_affirmed(deps.as_ref(), &config, &terms, &state, now)?.is_ok() {
        return Err(ContractError::TradeFullyAffirmed { id });
    }
    let Some(hold) = live_hold(deps.as_ref(), &config, &terms, &state, i, now)? else {
        return Err(ContractError::LegNotAffirmed { id, leg: leg_index });
    };
    state.holds[i] = None;
    TRADE_STATES.save(deps.storage, id, &state)?;
    Ok(Response::new()
        .add_message(release_msg(&config, leg, hold.id)?)
        .add_attributes([
            Attribute::new("action", "withdraw_affirmation"),
            Attribute::new("trade_id", id.to_string()),
            Attribute::new("leg", leg_index.to_string()),
            Attribute::new("hold_id", hold.id.to_string()),
            Attribute::new("sender", info.sender),
        ]))
}

/// Cancel an open trade (see `ExecuteMsg::CancelTrade` for who may).
pub fn cancel(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    legal_reference: Option<String>,
) -> Result<Response, ContractError> {
    let (terms, mut state) = load(deps.as_ref(), id)?;
    ensure_open(id, &state)?;
    let config = CONFIG.load(deps.storage)?;
    let now = env.block.time;
    let parties = sto_interface::settlement::parties(&terms.legs);
    let is_party = parties.contains(&info.sender);
    let fully = all_affirmed(deps.as_ref(), &config, &terms, &state, now)?.is_ok();
    let by = if let Some(reference) = legal_reference {
        if reference.is_empty() || reference.chars().count() > MAX_REFERENCE_LEN {
            return Err(ContractError::InvalidReference {
                field: "legal_reference".into(),
                max: MAX_REFERENCE_LEN,
            });
        }
        let mut agent = false;
        for leg in &terms.legs {
            if let TradeLeg::Security { token, .. } = leg {
                if token_has_role(&deps.querier, token, Role::TransferAgent, &info.sender)? {
                    agent = true;
                    break;
                }
            }
        }
        if !agent {
            return Err(ContractError::CannotCancelTrade {
                id,
                sender: info.sender,
            });
        }
        state.legal_reference = Some(reference);
        "transfer_agent"
    } else if !fully && is_party {
        "party"
    } else if terms.approver.as_ref() == Some(&info.sender) {
        "approver"
    } else if is_party {
        if state.cancel_requests.contains(&info.sender) {
            return Err(ContractError::CancelAlreadyRequested {
                id,
                party: info.sender,
            });
        }
        state.cancel_requests.push(info.sender.clone());
        if !parties.iter().all(|p| state.cancel_requests.contains(p)) {
            TRADE_STATES.save(deps.storage, id, &state)?;
            return Ok(Response::new().add_attributes([
                Attribute::new("action", "request_trade_cancel"),
                Attribute::new("trade_id", id.to_string()),
                Attribute::new("party", info.sender.as_str()),
                Attribute::new("requests", state.cancel_requests.len().to_string()),
                Attribute::new("parties", parties.len().to_string()),
            ]));
        }
        "all_parties"
    } else {
        return Err(ContractError::CannotCancelTrade {
            id,
            sender: info.sender,
        });
    };
    let messages = release_open_holds(deps.as_ref(), &config, &terms, &state)?;
    state.status = TradeStatus::Cancelled;
    state.closed_height = Some(env.block.height);
    state.closed_at = Some(now);
    TRADE_STATES.save(deps.storage, id, &state)?;
    let mut response = Response::new().add_messages(messages).add_attributes([
        Attribute::new("action", "cancel_trade"),
        Attribute::new("trade_id", id.to_string()),
        Attribute::new("by", by),
        Attribute::new("sender", info.sender.as_str()),
    ]);
    if let Some(reference) = &state.legal_reference {
        response = response.add_attribute("legal_reference", reference);
    }
    Ok(response)
}

/// From the deadline, anyone expires an open trade and its holds are released.
pub fn expire(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let (terms, mut state) = load(deps.as_ref(), id)?;
    ensure_open(id, &state)?;
    let now = env.block.time;
    if now < terms.deadline {
        return Err(ContractError::TradeDeadlineNotReached {
            id,
            deadline: terms.deadline,
            now,
        });
    }
    let config = CONFIG.load(deps.storage)?;
    let messages = release_open_holds(deps.as_ref(), &config, &terms, &state)?;
    state.status = TradeStatus::Expired;
    state.closed_height = Some(env.block.height);
    state.closed_at = Some(now);
    TRADE_STATES.save(deps.storage, id, &state)?;
    Ok(Response::new().add_messages(messages).add_attributes([
        Attribute::new("action", "expire_trade"),
        Attribute::new("trade_id", id.to_string()),
        Attribute::new("sender", info.sender),
    ]))
}

/// Whether `address` holds `role` on `token` (a smart query to the token's access list).
fn token_has_role(
    querier: &cosmwasm_std::QuerierWrapper,
    token: &Addr,
    role: Role,
    address: &Addr,
) -> Result<bool, ContractError> {
    let res: HasRoleResponse = querier.query_wasm_smart(
        token.clone(),
        &token::QueryMsg::HasRole {
            role,
            address: address.to_string(),
        },
    )?;
    Ok(res.has_role)
}
