//! Queries. Lists are paginated (`start_after` + `limit`, default 30, max 100) and answer
//! `has_more`.

use cosmwasm_std::{Deps, Env, Order, StdError, StdResult};
use cw_storage_plus::Bound;
use sto_interface::actions::{
    ActionStatus, ActionsResponse, ClaimStatusResponse, ClaimsResponse, Config, CorporateAction,
    EntitlementResponse, WithholdingRateEntry, WithholdingRateResponse, WithholdingRatesResponse,
};
use sto_interface::common::Jurisdiction;
use sto_interface::pagination::{finish_page, page_size};

use crate::error::ContractError;
use crate::execute::claim;
use crate::state::{ACTIONS, ACTIONS_BY_TOKEN, CLAIMS, CONFIG, REDIRECTS, WITHHOLDING_RATES};

fn std_err(e: ContractError) -> StdError {
    match e {
        ContractError::Std(e) => e,
        other => StdError::generic_err(other.to_string()),
    }
}

/// The configuration.
pub fn config(deps: Deps) -> StdResult<Config> {
    CONFIG.load(deps.storage)
}

/// One action.
pub fn action(deps: Deps, id: u64) -> StdResult<CorporateAction> {
    crate::execute::may_load_action(deps.storage, id)?
        .ok_or_else(|| std_err(ContractError::ActionNotFound { id }))
}

/// Actions in id order.
pub fn actions(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<ActionsResponse> {
    let size = page_size(limit);
    let mut actions = ACTIONS
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .map(|item| {
            item.and_then(|(_, stored)| {
                let mut a = stored.into_action();
                crate::execute::overlay_totals(deps.storage, &mut a)?;
                Ok(a)
            })
        })
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut actions, size);
    Ok(ActionsResponse { actions, has_more })
}

/// Actions of one token in id order.
pub fn actions_by_token(
    deps: Deps,
    token: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<ActionsResponse> {
    let token = deps.api.addr_validate(&token)?;
    let size = page_size(limit);
    let mut ids = ACTIONS_BY_TOKEN
        .prefix(&token)
        .keys(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .collect::<StdResult<Vec<u64>>>()?;
    let has_more = finish_page(&mut ids, size);
    let actions = ids
        .into_iter()
        .map(|id| {
            crate::execute::may_load_action(deps.storage, id)?
                .ok_or_else(|| StdError::not_found(format!("corporate action {id}")))
        })
        .collect::<StdResult<Vec<_>>>()?;
    Ok(ActionsResponse { actions, has_more })
}

/// What a holder is entitled to and what a claim now would settle, next to the record of what
/// was paid. Fails before the record height is reached.
pub fn entitlement(
    deps: Deps,
    env: &Env,
    action_id: u64,
    holder: String,
) -> StdResult<EntitlementResponse> {
    let holder = deps.api.addr_validate(&holder)?;
    let action = crate::execute::may_load_action(deps.storage, action_id)?
        .ok_or_else(|| std_err(ContractError::ActionNotFound { id: action_id }))?;
    if env.block.height < action.record_height {
        return Err(StdError::generic_err(format!(
            "the record height {} of corporate action {action_id} is not reached yet (current height {}); entitlements are not known",
            action.record_height, env.block.height
        )));
    }
    let config = CONFIG.load(deps.storage)?;
    let ent = claim::entitlement(
        deps,
        env,
        &config,
        &action,
        &holder,
        &claim::PendingBurns::default(),
    )
    .map_err(std_err)?;
    // A closed or cancelled action pays nothing more.
    let open = matches!(
        action.status,
        ActionStatus::Announced | ActionStatus::Funded
    );
    let ent = if open {
        ent
    } else {
        let zero = cosmwasm_std::Uint128::zero();
        claim::Entitlement {
            units: zero,
            later_units: zero,
            gross: zero,
            withheld: zero,
            net: zero,
            ..ent
        }
    };
    Ok(EntitlementResponse {
        action_id,
        holder,
        record_balance: ent.record_balance,
        outstanding: ent.outstanding,
        units: ent.units,
        later_units: ent.later_units,
        paid_to: ent.paid_to,
        gross: ent.gross,
        withholding_rate: ent.withholding_rate,
        withheld: ent.withheld,
        net: ent.net,
        jurisdiction: ent.jurisdiction,
        blocked: ent.blocked,
        claim: ent.previous,
        redirect: ent.redirect,
    })
}

/// Whether a holder claimed, and its redirect.
pub fn claim_status(deps: Deps, action_id: u64, holder: String) -> StdResult<ClaimStatusResponse> {
    let holder = deps.api.addr_validate(&holder)?;
    if !crate::state::ACTIONS.has(deps.storage, action_id) {
        return Err(std_err(ContractError::ActionNotFound { id: action_id }));
    }
    let claim = crate::state::load_claim(deps.storage, action_id, &holder)?;
    let redirect = REDIRECTS.may_load(deps.storage, (action_id, &holder))?;
    Ok(ClaimStatusResponse {
        action_id,
        holder,
        claimed: claim.is_some(),
        claim,
        redirect,
    })
}

/// Claims of an action in holder-address order.
pub fn claims(
    deps: Deps,
    action_id: u64,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<ClaimsResponse> {
    let start = start_after
        .map(|s| deps.api.addr_validate(&s))
        .transpose()?;
    let size = page_size(limit);
    let mut claims = CLAIMS
        .prefix(action_id)
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .map(|item| item.map(|(holder, c)| c.into_record(action_id, &holder)))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut claims, size);
    Ok(ClaimsResponse { claims, has_more })
}

/// The rate applied to a jurisdiction.
pub fn withholding_rate(
    deps: Deps,
    jurisdiction: Jurisdiction,
) -> StdResult<WithholdingRateResponse> {
    let jurisdiction = jurisdiction
        .validated()
        .map_err(|e| StdError::generic_err(e.to_string()))?;
    let entry = WITHHOLDING_RATES.may_load(deps.storage, jurisdiction.as_str())?;
    let (rate, is_default) = match entry {
        Some(rate) => (rate, false),
        None => (CONFIG.load(deps.storage)?.default_withholding_rate, true),
    };
    Ok(WithholdingRateResponse {
        jurisdiction,
        rate,
        is_default,
    })
}

/// Per-jurisdiction entries in code order.
pub fn withholding_rates(
    deps: Deps,
    start_after: Option<Jurisdiction>,
    limit: Option<u32>,
) -> StdResult<WithholdingRatesResponse> {
    let size = page_size(limit);
    let mut rates = WITHHOLDING_RATES
        .range(
            deps.storage,
            start_after.as_ref().map(|j| Bound::exclusive(j.as_str())),
            None,
            Order::Ascending,
        )
        .take(size.saturating_add(1))
        .map(|item| {
            let (code, rate) = item?;
            let jurisdiction =
                Jurisdiction::parse(&code).map_err(|e| StdError::generic_err(e.to_string()))?;
            Ok(WithholdingRateEntry { jurisdiction, rate })
        })
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = finish_page(&mut rates, size);
    Ok(WithholdingRatesResponse {
        rates,
        default_rate: CONFIG.load(deps.storage)?.default_withholding_rate,
        has_more,
    })
}
