//! Queries. Lists are paginated (`start_after` + `limit`, default 30, max 100) and answer
//! `has_more`.

use cosmwasm_std::{Deps, Order, StdError, StdResult};
use cw_storage_plus::Bound;
use sto_interface::pagination::{finish_page, page_size};
use sto_interface::settlement::{AllowedTokensResponse, Trade, TradesResponse};

use crate::state::{ALLOWED_TOKENS, TRADES_BY_PARTY, TRADE_STATES, TRADE_TERMS};

/// One trade.
pub fn trade(deps: Deps, id: u64) -> StdResult<Trade> {
    let terms = TRADE_TERMS
        .may_load(deps.storage, id)?
        .ok_or_else(|| StdError::not_found(format!("trade {id}")))?;
    let state = TRADE_STATES.load(deps.storage, id)?;
    Ok(crate::state::trade(id, terms, state))
}

/// Trades of a wallet, in id order.
pub fn trades_by_party(
    deps: Deps,
    party: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<TradesResponse> {
    let party = deps.api.addr_validate(&party)?;
    let size = page_size(limit);
    let mut ids = TRADES_BY_PARTY
        .prefix(&party)
        .keys(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .collect::<StdResult<Vec<u64>>>()?;
    let has_more = finish_page(&mut ids, size);
    let trades = ids
        .into_iter()
        .map(|id| trade(deps, id))
        .collect::<StdResult<Vec<_>>>()?;
    Ok(TradesResponse { trades, has_more })
}

/// Allowed tokens in address order.
pub fn allowed_tokens(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<AllowedTokensResponse> {
    let start = start_after
        .map(|s| deps.api.addr_validate(&s))
        .transpose()?;
    let size = page_size(limit);
    let mut tokens = ALLOWED_TOKENS
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .map(|item| item.map(|(_, t)| t))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut tokens, size);
    Ok(AllowedTokensResponse { tokens, has_more })
}
