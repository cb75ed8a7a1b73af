//! Message handlers, one file per concern: check the caller, validate, mutate, respond.

pub mod admin;
pub mod announce;
pub mod claim;
pub mod close;
pub mod redirect;
pub mod surplus;

use cosmwasm_std::{Addr, Decimal, Env, QuerierWrapper, StdResult, Storage};
use sto_access::{HasRoleResponse, Role};
use sto_interface::actions::{Config, CorporateAction};
use sto_interface::cash::{CashAdapter, SubAccount};
use sto_interface::common::Jurisdiction;
use sto_interface::registry::IdentityRegistry;
use sto_interface::token;

use crate::error::ContractError;
use crate::state::{StoredAction, SubTotals, ACTIONS, SUB_TOTALS, WITHHOLDING_RATES};

/// Whether the token has retired the action's record height ([`token::RECORD_LIFE`] blocks
/// after it): its record balances are no longer kept, so no claim can be computed, and the
/// action may be closed even before its claim deadline.
pub fn record_height_retired(action: &CorporateAction, env: &Env) -> bool {
    token::record_height_retired(action.record_height, env.block.height)
}

/// Refuse a claim (or a redirect of one) once the record height is retired
/// ([`ContractError::RecordHeightRetired`]).
pub fn ensure_record_height_kept(action: &CorporateAction, env: &Env) -> Result<(), ContractError> {
    if record_height_retired(action, env) {
        return Err(ContractError::RecordHeightRetired {
            id: action.id,
            record_height: action.record_height,
            retired_at: token::record_height_retired_at(action.record_height),
            current: env.block.height,
        });
    }
    Ok(())
}

/// Load an action to act on it, or fail with [`ContractError::ActionNotFound`], or with
/// [`ContractError::PoolActionNotSupported`] for an action of the released version paid from
/// the distributor's pool (`migrate` refuses while one is open, so only closed or cancelled
/// ones remain, and nothing is left to do on them).
pub fn load_action(storage: &dyn Storage, id: u64) -> Result<CorporateAction, ContractError> {
    let stored = ACTIONS
        .may_load(storage, id)?
        .ok_or(ContractError::ActionNotFound { id })?;
    if stored.is_legacy_pool() {
        return Err(ContractError::PoolActionNotSupported {
            id,
            status: stored.status(),
        });
    }
    let mut action = stored.into_action();
    overlay_totals(storage, &mut action)?;
    Ok(action)
}

/// Load an action if it exists, with its running totals overlaid (queries).
pub fn may_load_action(storage: &dyn Storage, id: u64) -> StdResult<Option<CorporateAction>> {
    let Some(stored) = ACTIONS.may_load(storage, id)? else {
        return Ok(None);
    };
    let mut action = stored.into_action();
    overlay_totals(storage, &mut action)?;
    Ok(Some(action))
}

/// Overlay the running totals kept in [`SUB_TOTALS`] on the action, when present.
pub fn overlay_totals(storage: &dyn Storage, action: &mut CorporateAction) -> StdResult<()> {
    if let Some(totals) = SUB_TOTALS.may_load(storage, action.id)? {
        totals.apply(action);
    }
    Ok(())
}

/// Save `action` as changed from `before` (the action as loaded): its running totals in
/// [`SUB_TOTALS`], its terms and status in [`ACTIONS`], each only when it changed, so a claim
/// writes a few bytes.
pub fn save_action(
    storage: &mut dyn Storage,
    action: &CorporateAction,
    before: &CorporateAction,
) -> StdResult<()> {
    let totals = SubTotals::of(action);
    let stored = StoredAction::of(action);
    let rewrite = stored != StoredAction::of(before);
    // Rewriting a record of the released layout drops the totals it carried: keep them.
    if totals != SubTotals::of(before) || (rewrite && totals != SubTotals::default()) {
        SUB_TOTALS.save(storage, action.id, &totals)?;
    }
    if rewrite {
        ACTIONS.save(storage, action.id, &stored)?;
    }
    Ok(())
}

/// Save a new action: its terms, and its totals when not all zero.
pub fn save_new_action(storage: &mut dyn Storage, action: &CorporateAction) -> StdResult<()> {
    ACTIONS.save(storage, action.id, &StoredAction::of(action))?;
    let totals = SubTotals::of(action);
    if totals != SubTotals::default() {
        SUB_TOTALS.save(storage, action.id, &totals)?;
    }
    Ok(())
}

/// The action's sub-account as the adapter stores it (one raw read; zeros when never funded).
pub fn read_sub_account(
    querier: &QuerierWrapper,
    config: &Config,
    env: &Env,
    action: &CorporateAction,
) -> StdResult<SubAccount> {
    Ok(CashAdapter(config.cash_adapter.clone())
        .sub_account(
            querier,
            &env.contract.address,
            &action.sub_account_reference(),
        )?
        .unwrap_or_default())
}

/// The cash account key of a system-side wallet (withholding account, reclaim address): its
/// investor id when the registry knows the wallet, else the address itself.
pub fn account_key(querier: &QuerierWrapper, config: &Config, wallet: &Addr) -> StdResult<String> {
    Ok(
        match IdentityRegistry(config.registry.clone()).wallet_record(querier, wallet)? {
            Some(record) => record.investor_id,
            None => wallet.to_string(),
        },
    )
}

/// The withholding rate of a jurisdiction: its entry, else the default. Wallets unknown to the
/// registry (`None`) pay the default rate.
pub fn withholding_rate(
    storage: &dyn Storage,
    config: &Config,
    jurisdiction: Option<&Jurisdiction>,
) -> Result<Decimal, ContractError> {
    Ok(match jurisdiction {
        Some(j) => WITHHOLDING_RATES
            .may_load(storage, j.as_str())?
            .unwrap_or(config.default_withholding_rate),
        None => config.default_withholding_rate,
    })
}

/// Fail unless `rate <= 1`.
pub fn ensure_rate_at_most_one(field: &str, rate: Decimal) -> Result<(), ContractError> {
    if rate > Decimal::one() {
        Err(ContractError::RateAboveOne {
            field: field.to_string(),
            rate,
        })
    } else {
        Ok(())
    }
}

/// Whether `address` holds `role` on `token` (a smart query to the token).
pub fn token_has_role(
    querier: &QuerierWrapper,
    token_addr: &Addr,
    role: Role,
    address: &Addr,
) -> Result<bool, ContractError> {
    let res: HasRoleResponse = querier.query_wasm_smart(
        token_addr,
        &token::QueryMsg::HasRole {
            role,
            address: address.to_string(),
        },
    )?;
    Ok(res.has_role)
}

/// Fail with [`ContractError::NotTokenPayingAgent`] unless `address` holds the token's own
/// `paying_agent` role: the distributor's role says who may act at all, the token's role says
/// for which token.
pub fn ensure_token_paying_agent(
    querier: &QuerierWrapper,
    token_addr: &Addr,
    address: &Addr,
) -> Result<(), ContractError> {
    if token_has_role(querier, token_addr, Role::PayingAgent, address)? {
        Ok(())
    } else {
        Err(ContractError::NotTokenPayingAgent {
            token: token_addr.clone(),
            address: address.clone(),
        })
    }
}

/// Fail with [`ContractError::SystemAccountNotPayable`] when `wallet` is the distributor, the
/// configured cash adapter or escrow, or a system account of `token` (one raw read of the
/// token's account record). Such accounts hold in transit for others; paying them would move
/// cash out of the action into an account that owes it to nobody.
pub fn ensure_not_system_account(
    querier: &QuerierWrapper,
    env: &Env,
    config: &Config,
    id: u64,
    token: &Addr,
    wallet: &Addr,
) -> Result<(), ContractError> {
    let account = token::layout::query_account(querier, token, wallet)?;
    ensure_payable(env, config, id, wallet, &account)
}

/// [`ensure_not_system_account`] with the wallet's token account record already read.
pub fn ensure_payable(
    env: &Env,
    config: &Config,
    id: u64,
    wallet: &Addr,
    account: &token::layout::AccountView,
) -> Result<(), ContractError> {
    if *wallet == env.contract.address
        || *wallet == config.cash_adapter
        || config.escrow.as_ref() == Some(wallet)
        || account.system
    {
        return Err(ContractError::SystemAccountNotPayable {
            id,
            account: wallet.clone(),
        });
    }
    Ok(())
}
