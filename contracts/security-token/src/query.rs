//! Query handlers. CW20 queries keep cw20-base's shapes and page sizes (default 10, max 30).

use cosmwasm_std::{Deps, Env, Order, StdError, StdResult, Uint128};
use cw20::{
    AllAccountsResponse, AllAllowancesResponse, AllSpenderAllowancesResponse, AllowanceInfo,
    AllowanceResponse, BalanceResponse, DownloadLogoResponse, MarketingInfoResponse,
    MinterResponse, SpenderAllowanceInfo, TokenInfoResponse,
};
use cw_storage_plus::Bound;
use sto_interface::common::Jurisdiction;
use sto_interface::hold::{Hold, HoldsResponse};
use sto_interface::pagination::{finish_page, page_size};
use sto_interface::token::{
    AccountResponse, AvailableBalanceResponse, CanTransferResponse, CheckpointsResponse,
    ConfigResponse, Document, DocumentsResponse, HoldOperatorResponse, Holder, HolderCountResponse,
    HoldersResponse, InvestorBalanceResponse, NotariesResponse, SystemAccountsResponse,
    TotalSupplyResponse,
};

use crate::compliance::{assess, Kind, Movement};
use crate::error::ContractError;
use crate::state::{
    record_height_retired, ACCOUNTS, ALLOWANCES, ALLOWANCES_SPENDER, BALANCES, CHECKPOINTS, CONFIG,
    DOCUMENTS, HOLDERS_BY_JURISDICTION, HOLDER_COUNT, HOLDS, HOLDS_BY_OWNER, HOLD_OPERATORS,
    INVESTOR_BOOKS, MARKETING_INFO, NOTARIES, RECORD_BALANCES, RECORD_SUPPLY, SYSTEM_ACCOUNTS,
    TOKEN_INFO, TOTAL_SUPPLY,
};

const CW20_DEFAULT_LIMIT: u32 = 10;
const CW20_MAX_LIMIT: u32 = 30;

fn cw20_limit(limit: Option<u32>) -> usize {
    limit.unwrap_or(CW20_DEFAULT_LIMIT).min(CW20_MAX_LIMIT) as usize
}

pub fn balance(deps: Deps, address: String) -> StdResult<BalanceResponse> {
    let addr = deps.api.addr_validate(&address)?;
    let balance = BALANCES.may_load(deps.storage, &addr)?.unwrap_or_default();
    Ok(BalanceResponse { balance })
}

pub fn token_info(deps: Deps) -> StdResult<TokenInfoResponse> {
    let info = TOKEN_INFO.load(deps.storage)?;
    Ok(TokenInfoResponse {
        name: info.name,
        symbol: info.symbol,
        decimals: info.decimals,
        total_supply: TOTAL_SUPPLY.may_load(deps.storage)?.unwrap_or_default(),
    })
}

pub fn minter(deps: Deps) -> StdResult<Option<MinterResponse>> {
    Ok(sto_access::ownership(deps.storage)?
        .owner
        .map(|owner| MinterResponse {
            minter: owner.into_string(),
            cap: None,
        }))
}

pub fn allowance(deps: Deps, owner: String, spender: String) -> StdResult<AllowanceResponse> {
    let owner = deps.api.addr_validate(&owner)?;
    let spender = deps.api.addr_validate(&spender)?;
    Ok(ALLOWANCES
        .may_load(deps.storage, (&owner, &spender))?
        .unwrap_or_default())
}

pub fn all_allowances(
    deps: Deps,
    owner: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<AllAllowancesResponse> {
    let owner = deps.api.addr_validate(&owner)?;
    let start = start_after.map(|s| Bound::ExclusiveRaw(s.into_bytes()));
    let allowances = ALLOWANCES
        .prefix(&owner)
        .range(deps.storage, start, None, Order::Ascending)
        .take(cw20_limit(limit))
        .map(|item| {
            item.map(|(spender, a)| AllowanceInfo {
                spender: spender.into(),
                allowance: a.allowance,
                expires: a.expires,
            })
        })
        .collect::<StdResult<_>>()?;
    Ok(AllAllowancesResponse { allowances })
}

pub fn all_spender_allowances(
    deps: Deps,
    spender: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<AllSpenderAllowancesResponse> {
    let spender = deps.api.addr_validate(&spender)?;
    let start = start_after.map(|s| Bound::ExclusiveRaw(s.into_bytes()));
    let allowances = ALLOWANCES_SPENDER
        .prefix(&spender)
        .range(deps.storage, start, None, Order::Ascending)
        .take(cw20_limit(limit))
        .map(|item| {
            item.map(|(owner, a)| SpenderAllowanceInfo {
                owner: owner.into(),
                allowance: a.allowance,
                expires: a.expires,
            })
        })
        .collect::<StdResult<_>>()?;
    Ok(AllSpenderAllowancesResponse { allowances })
}

pub fn all_accounts(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<AllAccountsResponse> {
    let start = start_after.map(|s| Bound::ExclusiveRaw(s.into_bytes()));
    let accounts = BALANCES
        .keys(deps.storage, start, None, Order::Ascending)
        .take(cw20_limit(limit))
        .map(|item| item.map(Into::into))
        .collect::<StdResult<_>>()?;
    Ok(AllAccountsResponse { accounts })
}

pub fn marketing_info(deps: Deps) -> StdResult<MarketingInfoResponse> {
    Ok(MARKETING_INFO.may_load(deps.storage)?.unwrap_or_default())
}

pub fn download_logo() -> StdResult<DownloadLogoResponse> {
    Err(StdError::not_found("logo"))
}

pub fn can_transfer(
    deps: Deps,
    env: &Env,
    spender: Option<String>,
    from: String,
    to: String,
    amount: Uint128,
) -> StdResult<CanTransferResponse> {
    let from = deps.api.addr_validate(&from)?;
    let to = deps.api.addr_validate(&to)?;
    let kind = match spender {
        None => Kind::Transfer,
        Some(s) => Kind::TransferFrom {
            spender: deps.api.addr_validate(&s)?,
        },
    };
    let config = CONFIG.load(deps.storage)?;
    let assessment = assess(
        deps,
        env,
        &config,
        Movement {
            kind,
            from: Some(from),
            to: Some(to),
            amount,
        },
    )
    .map_err(|e| StdError::generic_err(e.to_string()))?;
    Ok(assessment.response())
}

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let c = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        registry: c.registry,
        paused: c.paused,
        rules: c.rules,
        max_hold_duration: c.max_hold_duration,
        record_heights: c.record_heights,
    })
}

pub fn account(deps: Deps, env: &Env, address: String) -> StdResult<AccountResponse> {
    let addr = deps.api.addr_validate(&address)?;
    let account = ACCOUNTS.may_load(deps.storage, &addr)?.unwrap_or_default();
    let balance = BALANCES.may_load(deps.storage, &addr)?.unwrap_or_default();
    let now = env.block.time;
    Ok(AccountResponse {
        locked_amount: account.locked(now, balance),
        held: account.held,
        transferable: account.available(now, balance),
        locks: account
            .locks
            .iter()
            .filter(|l| l.until > now)
            .cloned()
            .collect(),
        address: addr,
        balance,
        frozen: account.frozen,
        frozen_amount: account.frozen_amount,
        investor_id: account.investor_id,
        system_account: account.system,
    })
}

pub fn holders(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<HoldersResponse> {
    let size = page_size(limit);
    let mut holders = INVESTOR_BOOKS
        .range(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .map(|item| {
            item.map(|(investor_id, book)| Holder {
                investor_id,
                balance: book.balance,
                jurisdiction: book.jurisdiction,
            })
        })
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut holders, size);
    Ok(HoldersResponse { holders, has_more })
}

pub fn holder_count(
    deps: Deps,
    jurisdiction: Option<Jurisdiction>,
) -> StdResult<HolderCountResponse> {
    let in_jurisdiction = jurisdiction
        .map(|j| {
            HOLDERS_BY_JURISDICTION
                .may_load(deps.storage, j.as_str())
                .map(Option::unwrap_or_default)
        })
        .transpose()?;
    Ok(HolderCountResponse {
        holders: HOLDER_COUNT.may_load(deps.storage)?.unwrap_or_default(),
        in_jurisdiction,
    })
}

pub fn investor_balance(deps: Deps, investor_id: String) -> StdResult<InvestorBalanceResponse> {
    let balance = INVESTOR_BOOKS
        .may_load(deps.storage, &investor_id)?
        .map(|b| b.balance)
        .unwrap_or_default();
    Ok(InvestorBalanceResponse {
        investor_id,
        balance,
    })
}

pub fn system_accounts(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<SystemAccountsResponse> {
    let size = page_size(limit);
    let start = start_after
        .map(|s| deps.api.addr_validate(&s))
        .transpose()?;
    let mut accounts = SYSTEM_ACCOUNTS
        .keys(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut accounts, size);
    Ok(SystemAccountsResponse { accounts, has_more })
}

pub fn document(deps: Deps, name: String) -> StdResult<Document> {
    DOCUMENTS
        .may_load(deps.storage, &name)?
        .ok_or_else(|| StdError::not_found(format!("document `{name}`")))
}

pub fn documents(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<DocumentsResponse> {
    let size = page_size(limit);
    let mut documents = DOCUMENTS
        .range(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .map(|item| item.map(|(_, d)| d))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut documents, size);
    Ok(DocumentsResponse {
        documents,
        has_more,
    })
}

/// A record height answers once reached, while kept (opened and not retired).
fn ensure_record_height(deps: Deps, env: &Env, height: u64) -> StdResult<()> {
    if height > env.block.height {
        return Err(StdError::generic_err(format!(
            "checkpoint height {height} is not reached yet (current height {}); balances may still change",
            env.block.height
        )));
    }
    let config = CONFIG.load(deps.storage)?;
    if !config.record_heights.contains(&height) || record_height_retired(height, env.block.height) {
        return Err(StdError::generic_err(
            ContractError::NotARecordHeight { height }.to_string(),
        ));
    }
    Ok(())
}

pub fn balance_at(
    deps: Deps,
    env: &Env,
    address: String,
    height: u64,
) -> StdResult<BalanceResponse> {
    ensure_record_height(deps, env, height)?;
    let addr = deps.api.addr_validate(&address)?;
    let balance = match RECORD_BALANCES.may_load(deps.storage, (height, &addr))? {
        Some(b) => b,
        None => BALANCES.may_load(deps.storage, &addr)?.unwrap_or_default(),
    };
    Ok(BalanceResponse { balance })
}

pub fn total_supply_at(deps: Deps, env: &Env, height: u64) -> StdResult<TotalSupplyResponse> {
    ensure_record_height(deps, env, height)?;
    let total_supply = match RECORD_SUPPLY.may_load(deps.storage, height)? {
        Some(s) => s,
        None => TOTAL_SUPPLY.may_load(deps.storage)?.unwrap_or_default(),
    };
    Ok(TotalSupplyResponse { total_supply })
}

pub fn checkpoints(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<CheckpointsResponse> {
    let size = page_size(limit);
    let mut checkpoints = CHECKPOINTS
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .map(|item| item.map(|(_, c)| c))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut checkpoints, size);
    Ok(CheckpointsResponse {
        checkpoints,
        has_more,
    })
}

pub fn hold(deps: Deps, id: u64) -> StdResult<Hold> {
    HOLDS
        .may_load(deps.storage, id)?
        .ok_or_else(|| StdError::not_found(format!("hold {id}")))
}

pub fn holds(
    deps: Deps,
    owner: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<HoldsResponse> {
    let owner = deps.api.addr_validate(&owner)?;
    let size = page_size(limit);
    let ids = HOLDS_BY_OWNER
        .prefix(&owner)
        .keys(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .collect::<StdResult<Vec<u64>>>()?;
    let mut holds = ids
        .into_iter()
        .map(|id| HOLDS.load(deps.storage, id))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut holds, size);
    Ok(HoldsResponse { holds, has_more })
}

pub fn available_balance(
    deps: Deps,
    env: &Env,
    address: String,
) -> StdResult<AvailableBalanceResponse> {
    let addr = deps.api.addr_validate(&address)?;
    let account = ACCOUNTS.may_load(deps.storage, &addr)?.unwrap_or_default();
    let balance = BALANCES.may_load(deps.storage, &addr)?.unwrap_or_default();
    let now = env.block.time;
    Ok(AvailableBalanceResponse {
        address: addr,
        balance,
        held: account.held,
        frozen: account.frozen_amount,
        wallet_frozen: account.frozen,
        locked: account.locked(now, balance),
        available: account.available(now, balance),
    })
}

pub fn hold_operator(
    deps: Deps,
    owner: String,
    operator: String,
) -> StdResult<HoldOperatorResponse> {
    let owner = deps.api.addr_validate(&owner)?;
    let operator = deps.api.addr_validate(&operator)?;
    let limit = HOLD_OPERATORS
        .may_load(deps.storage, (&owner, &operator))?
        .unwrap_or_default();
    Ok(HoldOperatorResponse {
        owner,
        operator,
        limit,
    })
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
