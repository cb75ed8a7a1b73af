//! Query handlers.

use cosmwasm_std::{Deps, Env, Order, StdError, StdResult};
use cw_storage_plus::Bound;
use sto_interface::cash::{
    AccountResponse, Attestation, AttestationsResponse, CashLegStatus, ClientInfo, ClientsResponse,
    Config, LedgerEntry, LedgerResponse, NotariesResponse, ParkedRelease, ParkedReleasesResponse,
    ReconciliationResponse, RedemptionRequest, RedemptionStatus, RedemptionsResponse,
    SubAccountResponse, SubAccountsResponse,
};
use sto_interface::common::EventRef;
use sto_interface::hold::{Hold, HoldsResponse};
use sto_interface::pagination::{finish_page, page_size};
use sto_interface::registry::{self, Investor};

use crate::health::cash_leg_status;
use crate::state::{
    ACCOUNTS, ATTESTATIONS, CLIENTS, CONFIG, HOLDS, HOLDS_BY_OWNER, LEDGER, LEDGER_BY_REF,
    NOTARIES, OPERATORS, PARKED, PARKED_OPEN, REDEMPTIONS, REDEMPTIONS_BY_STATUS, SUB_ACCOUNTS,
    TOTALS,
};

pub fn config(deps: Deps) -> StdResult<Config> {
    CONFIG.load(deps.storage)
}

pub fn status(deps: Deps, env: &Env) -> StdResult<CashLegStatus> {
    cash_leg_status(deps.storage, &CONFIG.load(deps.storage)?, env.block.time)
}

pub fn client(deps: Deps, address: String) -> StdResult<ClientInfo> {
    let addr = deps.api.addr_validate(&address)?;
    CLIENTS
        .may_load(deps.storage, &addr)?
        .ok_or_else(|| StdError::not_found(format!("client {addr}")))
}

pub fn clients(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<ClientsResponse> {
    let size = page_size(limit);
    let start = start_after
        .map(|s| deps.api.addr_validate(&s))
        .transpose()?;
    let mut clients = CLIENTS
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .map(|item| item.map(|(_, c)| c))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut clients, size);
    Ok(ClientsResponse { clients, has_more })
}

pub fn reconciliation(deps: Deps, env: &Env) -> StdResult<ReconciliationResponse> {
    let cfg = CONFIG.load(deps.storage)?;
    let totals = TOTALS.may_load(deps.storage)?.unwrap_or_default();
    let liabilities = totals
        .accounts
        .checked_add(totals.redemptions)?
        .checked_add(totals.pools)?
        .checked_add(totals.parked)?;
    let held = cfg
        .asset
        .query_balance(&deps.querier, &env.contract.address)?;
    Ok(ReconciliationResponse {
        asset: cfg.asset,
        pools_total: totals.pools,
        parked_total: totals.parked,
        redemptions_pending_total: totals.redemptions,
        accounts_total: totals.accounts,
        held_total: totals.held,
        liabilities,
        held,
        surplus: held.saturating_sub(liabilities),
        shortfall: liabilities.saturating_sub(held),
    })
}

pub fn attestation(deps: Deps, id: u64) -> StdResult<Attestation> {
    ATTESTATIONS
        .may_load(deps.storage, id)?
        .ok_or_else(|| StdError::not_found(format!("attestation {id}")))
}

pub fn attestations(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<AttestationsResponse> {
    let size = page_size(limit);
    let mut attestations = ATTESTATIONS
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .map(|item| item.map(|(_, a)| a))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut attestations, size);
    Ok(AttestationsResponse {
        attestations,
        has_more,
    })
}

pub fn ledger_entry(deps: Deps, id: u64) -> StdResult<LedgerEntry> {
    LEDGER
        .may_load(deps.storage, id)?
        .ok_or_else(|| StdError::not_found(format!("ledger entry {id}")))
}

pub fn ledger(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<LedgerResponse> {
    let size = page_size(limit);
    let mut entries = LEDGER
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .map(|item| item.map(|(_, e)| e))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut entries, size);
    Ok(LedgerResponse { entries, has_more })
}

pub fn ledger_by_reference(
    deps: Deps,
    reference: EventRef,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<LedgerResponse> {
    let size = page_size(limit);
    let key = reference.to_string();
    let mut entries = LEDGER_BY_REF
        .prefix(&key)
        .keys(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .map(|id| id.and_then(|id| LEDGER.load(deps.storage, id)))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut entries, size);
    Ok(LedgerResponse { entries, has_more })
}

pub fn parked_release(deps: Deps, id: u64) -> StdResult<ParkedRelease> {
    PARKED
        .may_load(deps.storage, id)?
        .ok_or_else(|| StdError::not_found(format!("parked release {id}")))
}

pub fn parked_releases(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<ParkedReleasesResponse> {
    let size = page_size(limit);
    let mut parked = PARKED_OPEN
        .keys(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .map(|id| id.and_then(|id| PARKED.load(deps.storage, id)))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut parked, size);
    Ok(ParkedReleasesResponse { parked, has_more })
}

pub fn redemption(deps: Deps, id: u64) -> StdResult<RedemptionRequest> {
    REDEMPTIONS
        .may_load(deps.storage, id)?
        .ok_or_else(|| StdError::not_found(format!("redemption request {id}")))
}

pub fn redemptions(
    deps: Deps,
    status: Option<RedemptionStatus>,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<RedemptionsResponse> {
    let size = page_size(limit);
    let start = start_after.map(Bound::exclusive);
    let mut redemptions = match status {
        None => REDEMPTIONS
            .range(deps.storage, start, None, Order::Ascending)
            .take(size.saturating_add(1))
            .map(|item| item.map(|(_, r)| r))
            .collect::<StdResult<Vec<_>>>()?,
        Some(status) => REDEMPTIONS_BY_STATUS
            .prefix(status.as_str())
            .keys(deps.storage, start, None, Order::Ascending)
            .take(size.saturating_add(1))
            .map(|id| id.and_then(|id| REDEMPTIONS.load(deps.storage, id)))
            .collect::<StdResult<Vec<_>>>()?,
    };
    let has_more = finish_page(&mut redemptions, size);
    Ok(RedemptionsResponse {
        redemptions,
        has_more,
    })
}

pub fn account(deps: Deps, key: String) -> StdResult<AccountResponse> {
    let acct = ACCOUNTS
        .may_load(deps.storage, &key)?
        .ok_or_else(|| StdError::not_found(format!("cash account {key}")))?;
    let grant = OPERATORS.may_load(deps.storage, &key)?;
    let operator_limit = grant.as_ref().map(|g| g.limit);
    let operator = grant.map(|g| g.operator);
    // Not a hot path: a smart query of the investor (a client contract's key is no investor).
    let registry = CONFIG.load(deps.storage)?.registry;
    let blocked = deps
        .querier
        .query_wasm_smart::<Investor>(
            registry,
            &registry::QueryMsg::Investor {
                investor_id: key.clone(),
            },
        )
        .map(|investor| investor.block.is_some())
        .unwrap_or(false);
    Ok(AccountResponse {
        key,
        balance: acct.balance,
        held: acct.held,
        available: acct.available(),
        operator,
        operator_limit,
        blocked,
    })
}

pub fn sub_account(deps: Deps, client: String, reference: String) -> StdResult<SubAccountResponse> {
    let client = deps.api.addr_validate(&client)?;
    let sub = SUB_ACCOUNTS
        .may_load(deps.storage, (&client, &reference))?
        .ok_or_else(|| StdError::not_found(format!("sub-account {reference} of {client}")))?;
    Ok(SubAccountResponse::new(client, reference, &sub))
}

pub fn sub_accounts(
    deps: Deps,
    client: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<SubAccountsResponse> {
    let client = deps.api.addr_validate(&client)?;
    let size = page_size(limit);
    let mut sub_accounts = SUB_ACCOUNTS
        .prefix(&client)
        .range(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size + 1)
        .map(|item| {
            item.map(|(reference, sub)| SubAccountResponse::new(client.clone(), reference, &sub))
        })
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut sub_accounts, size);
    Ok(SubAccountsResponse {
        sub_accounts,
        has_more,
    })
}

pub fn account_holds(
    deps: Deps,
    key: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<HoldsResponse> {
    let size = page_size(limit);
    let mut holds = HOLDS_BY_OWNER
        .prefix(&key)
        .keys(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .map(|id| id.and_then(|id| HOLDS.load(deps.storage, id)))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut holds, size);
    Ok(HoldsResponse { holds, has_more })
}

pub fn cash_hold(deps: Deps, id: u64) -> StdResult<Hold> {
    HOLDS
        .may_load(deps.storage, id)?
        .ok_or_else(|| StdError::not_found(format!("cash hold {id}")))
}

pub fn notaries(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<NotariesResponse> {
    let size = page_size(limit);
    let start = start_after
        .map(|s| deps.api.addr_validate(&s))
        .transpose()?;
    let mut notaries = NOTARIES
        .keys(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut notaries, size);
    Ok(NotariesResponse { notaries, has_more })
}
