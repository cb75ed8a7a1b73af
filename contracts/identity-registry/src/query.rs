//! Query handlers.

use cosmwasm_std::{Deps, Env, Order, StdError, StdResult};
use cw_storage_plus::Bound;
use sto_interface::pagination::{finish_page, page_size};
use sto_interface::registry::{
    Investor, InvestorsResponse, VerifyBatchResponse, VerifyResponse, WalletEntry, WalletsResponse,
    MAX_VERIFY_BATCH,
};

use crate::state::{INVESTORS, WALLET_RECORDS};

pub fn verify(deps: Deps, env: &Env, address: String) -> StdResult<VerifyResponse> {
    let addr = deps.api.addr_validate(&address)?;
    let record = WALLET_RECORDS.may_load(deps.storage, &addr)?;
    Ok(VerifyResponse::from_record(addr, record, env.block.time))
}

pub fn verify_batch(
    deps: Deps,
    env: &Env,
    addresses: Vec<String>,
) -> StdResult<VerifyBatchResponse> {
    if addresses.len() > MAX_VERIFY_BATCH {
        return Err(StdError::generic_err(format!(
            "verify_batch answers at most {MAX_VERIFY_BATCH} addresses; {} given, split the request",
            addresses.len()
        )));
    }
    let results = addresses
        .into_iter()
        .map(|a| verify(deps, env, a))
        .collect::<StdResult<Vec<_>>>()?;
    Ok(VerifyBatchResponse { results })
}

pub fn investor(deps: Deps, investor_id: String) -> StdResult<Investor> {
    INVESTORS
        .may_load(deps.storage, &investor_id)?
        .ok_or_else(|| StdError::not_found(format!("investor `{investor_id}`")))
}

pub fn investor_by_wallet(deps: Deps, address: String) -> StdResult<Investor> {
    let addr = deps.api.addr_validate(&address)?;
    let record = WALLET_RECORDS
        .may_load(deps.storage, &addr)?
        .ok_or_else(|| StdError::not_found(format!("investor of wallet {addr}")))?;
    investor(deps, record.investor_id)
}

pub fn investors(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<InvestorsResponse> {
    let size = page_size(limit);
    let mut investors = INVESTORS
        .range(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .map(|item| item.map(|(_, inv)| inv))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut investors, size);
    Ok(InvestorsResponse {
        investors,
        has_more,
    })
}

pub fn wallets(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<WalletsResponse> {
    let size = page_size(limit);
    let start = start_after
        .map(|s| deps.api.addr_validate(&s))
        .transpose()?;
    let mut wallets = WALLET_RECORDS
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .map(|item| item.map(|(address, record)| WalletEntry { address, record }))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut wallets, size);
    Ok(WalletsResponse { wallets, has_more })
}
