//! Queries: offerings, subscriptions and pages of them.

use cosmwasm_std::{Deps, Order, StdError, StdResult};
use cw_storage_plus::Bound;
use sto_interface::offering::{
    AllowedTokensResponse, Offering, OfferingsResponse, SubscriptionResponse, SubscriptionsResponse,
};
use sto_interface::pagination::{finish_page, page_size};

use crate::state::{ALLOWED_TOKENS, OFFERINGS, SUBSCRIPTIONS};

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
        .map(|item| item.map(|(_, o)| o))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut offerings, size);
    Ok(OfferingsResponse {
        offerings,
        has_more,
    })
}

pub fn subscription(
    deps: Deps,
    offering_id: u64,
    investor: String,
) -> StdResult<SubscriptionResponse> {
    Ok(SubscriptionResponse {
        subscription: SUBSCRIPTIONS.may_load(deps.storage, (offering_id, investor.as_str()))?,
    })
}

pub fn subscriptions(
    deps: Deps,
    offering_id: u64,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<SubscriptionsResponse> {
    let size = page_size(limit);
    let mut subscriptions = SUBSCRIPTIONS
        .prefix(offering_id)
        .range(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size + 1)
        .map(|item| item.map(|(_, s)| s))
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
        .map(|t| deps.api.addr_validate(&t))
        .transpose()?;
    let mut tokens = ALLOWED_TOKENS
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size + 1)
        .map(|item| item.map(|(_, t)| t))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut tokens, size);
    Ok(AllowedTokensResponse { tokens, has_more })
}
