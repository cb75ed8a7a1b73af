//! Read-only answers. Every list is paginated (`start_after` + `limit`, default 30, max 100)
//! and answers `has_more`.

use cosmwasm_std::{Addr, Deps, Env, Order, StdError, StdResult};
use cw_storage_plus::{Bound, Map};
use sto_interface::escrow::{
    AllowedTokensResponse, ConfigResponse, EscrowedAtResponse, FinalityRecord,
    FinalityRecordsResponse, InstructionsResponse, Offering, OfferingsResponse,
    ParkedRefundsResponse, ParkedSecurityRefund, PartyPositionResponse, SecuritiesPosition,
    SettlementInstruction, Subscription, SubscriptionsResponse,
};
use sto_interface::pagination::{finish_page, page_size};

use crate::execute::claims::allocation;
use crate::state::{
    ALLOWED_TOKENS, CASH_POSITIONS, CONFIG, ESCROWED, FINALITY, FINALITY_BY_PARTY,
    FINALITY_BY_TOKEN, INSTRUCTIONS, INSTRUCTIONS_BY_PARTY, OFFERINGS, PARKED, PARKED_OPEN,
    SECURITY_POSITIONS, SUBSCRIPTIONS,
};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let cfg = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        cash_adapter: cfg.cash_adapter,
        registry: cfg.registry,
        limits: crate::state::limits(deps.storage)?,
    })
}

pub fn instruction(deps: Deps, id: u64) -> StdResult<SettlementInstruction> {
    INSTRUCTIONS
        .may_load(deps.storage, id)?
        .ok_or_else(|| StdError::not_found(format!("instruction {id}")))
}

pub fn instructions(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<InstructionsResponse> {
    let size = page_size(limit);
    let mut instructions = INSTRUCTIONS
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size + 1)
        .map(|r| r.map(|(_, v)| v))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut instructions, size);
    Ok(InstructionsResponse {
        instructions,
        has_more,
    })
}

/// One page of ids of an `(address, id)` index.
fn index_page(
    deps: Deps,
    index: &Map<(&Addr, u64), cosmwasm_std::Empty>,
    addr: &Addr,
    start_after: Option<u64>,
    size: usize,
) -> StdResult<(Vec<u64>, bool)> {
    let mut ids = index
        .prefix(addr)
        .keys(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size + 1)
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut ids, size);
    Ok((ids, has_more))
}

pub fn instructions_by_party(
    deps: Deps,
    party: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<InstructionsResponse> {
    let party = deps.api.addr_validate(&party)?;
    let (ids, has_more) = index_page(
        deps,
        &INSTRUCTIONS_BY_PARTY,
        &party,
        start_after,
        page_size(limit),
    )?;
    let instructions = ids
        .into_iter()
        .map(|id| INSTRUCTIONS.load(deps.storage, id))
        .collect::<StdResult<Vec<_>>>()?;
    Ok(InstructionsResponse {
        instructions,
        has_more,
    })
}

pub fn finality(deps: Deps, id: u64) -> StdResult<FinalityRecord> {
    FINALITY
        .may_load(deps.storage, id)?
        .ok_or_else(|| StdError::not_found(format!("finality record of instruction {id}")))
}

fn finality_page(
    deps: Deps,
    index: &Map<(&Addr, u64), cosmwasm_std::Empty>,
    addr: &Addr,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<FinalityRecordsResponse> {
    let (ids, has_more) = index_page(deps, index, addr, start_after, page_size(limit))?;
    let records = ids
        .into_iter()
        .map(|id| FINALITY.load(deps.storage, id))
        .collect::<StdResult<Vec<_>>>()?;
    Ok(FinalityRecordsResponse { records, has_more })
}

pub fn finalities_by_party(
    deps: Deps,
    party: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<FinalityRecordsResponse> {
    let party = deps.api.addr_validate(&party)?;
    finality_page(deps, &FINALITY_BY_PARTY, &party, start_after, limit)
}

pub fn finalities_by_token(
    deps: Deps,
    token: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<FinalityRecordsResponse> {
    let token = deps.api.addr_validate(&token)?;
    finality_page(deps, &FINALITY_BY_TOKEN, &token, start_after, limit)
}

pub fn parked_refund(deps: Deps, id: u64) -> StdResult<ParkedSecurityRefund> {
    PARKED
        .may_load(deps.storage, id)?
        .ok_or_else(|| StdError::not_found(format!("parked refund {id}")))
}

pub fn parked_refunds(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<ParkedRefundsResponse> {
    let size = page_size(limit);
    let mut ids = PARKED_OPEN
        .keys(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size + 1)
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut ids, size);
    let parked = ids
        .into_iter()
        .map(|id| PARKED.load(deps.storage, id))
        .collect::<StdResult<Vec<_>>>()?;
    Ok(ParkedRefundsResponse { parked, has_more })
}

pub fn party_position(
    deps: Deps,
    party: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<PartyPositionResponse> {
    let party = deps.api.addr_validate(&party)?;
    let cash = CASH_POSITIONS
        .may_load(deps.storage, &party)?
        .unwrap_or_default();
    let start = start_after
        .map(|s| deps.api.addr_validate(&s))
        .transpose()?;
    let size = page_size(limit);
    let mut securities = SECURITY_POSITIONS
        .prefix(&party)
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size + 1)
        .map(|r| {
            r.map(|(token, p)| SecuritiesPosition {
                token,
                locked: p.locked,
                to_deliver: p.to_deliver,
            })
        })
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut securities, size);
    Ok(PartyPositionResponse {
        party,
        cash_locked: cash.locked,
        cash_to_deliver: cash.to_deliver,
        securities,
        has_more,
    })
}

pub fn escrowed_at(
    deps: Deps,
    env: &Env,
    token: String,
    seller: String,
    height: u64,
) -> StdResult<EscrowedAtResponse> {
    let token = deps.api.addr_validate(&token)?;
    let seller = deps.api.addr_validate(&seller)?;
    // `may_load_at_height(h)` answers the value at the start of block `h`: the end of block
    // `height` is the start of `height + 1`. Heights not finished answer the current value.
    let amount = if height >= env.block.height {
        ESCROWED.may_load(deps.storage, (&token, &seller))?
    } else {
        ESCROWED.may_load_at_height(deps.storage, (&token, &seller), height + 1)?
    };
    Ok(EscrowedAtResponse {
        amount: amount.unwrap_or_default(),
    })
}

/// An offering as stored.
pub fn offering(deps: Deps, id: u64) -> StdResult<Offering> {
    OFFERINGS
        .may_load(deps.storage, id)?
        .ok_or_else(|| StdError::not_found(format!("offering {id}")))
}

pub fn offerings(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<OfferingsResponse> {
    let size = page_size(limit);
    let mut offerings = OFFERINGS
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size + 1)
        .map(|r| r.map(|(_, v)| v))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut offerings, size);
    Ok(OfferingsResponse {
        offerings,
        has_more,
    })
}

/// A subscription with its allocation filled in once the offering is closed.
fn with_allocation(offering: &Offering, mut sub: Subscription) -> StdResult<Subscription> {
    if sub.allocation.is_none() {
        sub.allocation =
            allocation(offering, &sub).map_err(|e| StdError::generic_err(e.to_string()))?;
    }
    Ok(sub)
}

pub fn subscription(deps: Deps, offering_id: u64, subscriber: String) -> StdResult<Subscription> {
    let subscriber = deps.api.addr_validate(&subscriber)?;
    let offering = offering(deps, offering_id)?;
    let sub = SUBSCRIPTIONS
        .may_load(deps.storage, (offering_id, &subscriber))?
        .ok_or_else(|| {
            StdError::not_found(format!(
                "subscription of {subscriber} in offering {offering_id}"
            ))
        })?;
    with_allocation(&offering, sub)
}

pub fn subscriptions(
    deps: Deps,
    offering_id: u64,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<SubscriptionsResponse> {
    let offering = offering(deps, offering_id)?;
    let start = start_after
        .map(|s| deps.api.addr_validate(&s))
        .transpose()?;
    let size = page_size(limit);
    let mut subscriptions = SUBSCRIPTIONS
        .prefix(offering_id)
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size + 1)
        .map(|r| r.and_then(|(_, s)| with_allocation(&offering, s)))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut subscriptions, size);
    Ok(SubscriptionsResponse {
        subscriptions,
        has_more,
    })
}

pub fn allowed_tokens(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<AllowedTokensResponse> {
    let size = page_size(limit);
    let start = start_after
        .map(|s| deps.api.addr_validate(&s))
        .transpose()?;
    let mut tokens = ALLOWED_TOKENS
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size + 1)
        .map(|r| r.map(|(_, v)| v))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut tokens, size);
    Ok(AllowedTokensResponse { tokens, has_more })
}
