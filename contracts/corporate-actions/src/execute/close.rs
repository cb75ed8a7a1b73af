//! Close, cancel and the owner's reclaim of an orphan sub-account: what is left of an action's
//! sub-account goes back to its reclaim address's cash account and the action is final.

use cosmwasm_std::{Attribute, DepsMut, Env, MessageInfo, QuerierWrapper, Response, Uint128};
use sto_access::validate_addr;
use sto_interface::actions::{ActionStatus, Config, CorporateAction};
use sto_interface::cash::CashAdapter;

use crate::error::ContractError;
use crate::execute::{
    account_key, ensure_token_paying_agent, load_action, read_sub_account, save_action,
};
use crate::math;
use crate::state::{ACTIONS, CONFIG, LAST_ACTION_ID};
use sto_interface::actions::sub_account_reference;
use sto_interface::token::layout;

/// Close an action (any paying agent of the distributor): from the claim deadline (or once the
/// token retired the record height), reclaim what is left of the sub-account to the reclaim address's cash
/// account and close; afterwards `paid + withheld + reclaimed = funded` (the adapter enforces
/// it on the sub-account, the distributor checks it on the action). A closed or cancelled
/// action whose sub-account was funded afterwards is closed again: the late funding is
/// reclaimed the same way, so nothing stays trapped in the sub-account.
pub fn close(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    action_id: u64,
) -> Result<Response, ContractError> {
    let mut action = load_action(deps.storage, action_id)?;
    let before = action.clone();
    let id = action.id;
    let config = CONFIG.load(deps.storage)?;
    let sub = read_sub_account(&deps.querier, &config, &env, &action)?;
    let remaining = sub.balance();
    match action.status {
        ActionStatus::Announced | ActionStatus::Funded => {
            if env.block.time < action.claim_deadline
                && !crate::execute::record_height_retired(&action, &env)
            {
                return Err(ContractError::DeadlineNotPassed {
                    id,
                    claim_deadline: action.claim_deadline,
                    now: env.block.time,
                });
            }
        }
        status => {
            if remaining.is_zero() {
                return Err(ContractError::NothingToReclaim { id, status });
            }
        }
    }
    action.funded = sub.funded;
    action.reclaimed = action.reclaimed.checked_add(remaining)?;
    if matches!(
        action.status,
        ActionStatus::Announced | ActionStatus::Funded
    ) {
        action.status = ActionStatus::Closed;
    }
    let outflows = action
        .paid
        .checked_add(action.withheld)?
        .checked_add(action.reclaimed)?;
    if outflows != action.funded {
        return Err(ContractError::InsufficientActionFunds {
            id,
            needed: outflows,
            available: action.funded,
        });
    }
    save_action(deps.storage, &action, &before)?;

    let (response, reclaim_account) = reclaim_rest(&deps.querier, &config, &action, remaining)?;
    Ok(response.add_attributes([
        Attribute::new("action", "close_action"),
        Attribute::new("action_id", id.to_string()),
        Attribute::new("token", action.token.as_str()),
        Attribute::new("reclaim_address", action.reclaim_address.as_str()),
        Attribute::new("reclaim_account", reclaim_account),
        Attribute::new("reclaimed", remaining.to_string()),
        Attribute::new("funded", action.funded.to_string()),
        Attribute::new("paid", action.paid.to_string()),
        Attribute::new("withheld", action.withheld.to_string()),
        Attribute::new("claims", action.claims.to_string()),
        Attribute::new("sender", info.sender),
    ]))
}

/// Cancel an announced action (paying agent of the distributor, checked at dispatch, and of
/// the action's token): cancelled, and what the sub-account holds reclaimed to the reclaim
/// address at once. No claim was accepted yet (the status is still `announced`); refused only
/// when holders could claim now or later: from the payment time on, once the record height is
/// reached and the sub-account holds the required amount
/// ([`ContractError::CancelAfterFunding`]). So a deposit by anyone (of one unit, or short of
/// the requirement) never keeps a mistaken or abandoned announcement alive.
pub fn cancel(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    action_id: u64,
) -> Result<Response, ContractError> {
    let mut action = load_action(deps.storage, action_id)?;
    ensure_token_paying_agent(&deps.querier, &action.token, &info.sender)?;
    if action.status != ActionStatus::Announced {
        return Err(ContractError::ActionNotOpen {
            id: action_id,
            status: action.status,
        });
    }
    let before = action.clone();
    let id = action.id;
    let config = CONFIG.load(deps.storage)?;
    let sub = read_sub_account(&deps.querier, &config, &env, &action)?;
    let remaining = sub.balance();
    if !remaining.is_zero()
        && env.block.time >= action.payment_time
        && env.block.height >= action.record_height
    {
        let required = match action.required {
            Some(required) => required,
            None => {
                let supply = layout::query_record_supply(
                    &deps.querier,
                    &action.token,
                    action.record_height,
                )?;
                math::required_amount(&action.basis, supply)?
            }
        };
        if remaining >= required {
            return Err(ContractError::CancelAfterFunding {
                id,
                funded: remaining,
            });
        }
    }
    action.status = ActionStatus::Cancelled;
    action.funded = sub.funded;
    action.reclaimed = action.reclaimed.checked_add(remaining)?;
    save_action(deps.storage, &action, &before)?;
    let (response, reclaim_account) = reclaim_rest(&deps.querier, &config, &action, remaining)?;
    Ok(response.add_attributes([
        Attribute::new("action", "cancel_action"),
        Attribute::new("action_id", id.to_string()),
        Attribute::new("token", action.token.as_str()),
        Attribute::new("reclaimed", remaining.to_string()),
        Attribute::new("reclaim_account", reclaim_account),
        Attribute::new("funded", action.funded.to_string()),
        Attribute::new("sender", info.sender),
    ]))
}

/// Most characters of an orphan reclaim's ticket.
pub const MAX_TICKET_LEN: usize = 128;

/// The owner reclaims an orphan sub-account of the distributor (see
/// `ExecuteMsg::ReclaimOrphanSubAccount`): its whole balance, read raw, to `recipient`'s cash
/// account with one `reclaim_sub_account` (the adapter keeps `paid + withheld + reclaimed =
/// funded` on it).
pub fn reclaim_orphan(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    reference: String,
    recipient: String,
    ticket: String,
) -> Result<Response, ContractError> {
    sto_access::assert_owner(deps.storage, &info.sender).map_err(ContractError::Access)?;
    let recipient = validate_addr(deps.api, &recipient)?;
    let len = ticket.chars().count();
    if len == 0 || len > MAX_TICKET_LEN {
        return Err(ContractError::InvalidTicket {
            max: MAX_TICKET_LEN,
        });
    }
    if let Some(id) = reference
        .strip_prefix("action-")
        .and_then(|n| n.parse::<u64>().ok())
        .filter(|id| sub_account_reference(*id) == reference)
    {
        // The sub-account of an action of this version: its close reclaims it. A pool action
        // of the released version never used its sub-account: a deposit there is an orphan.
        if let Some(stored) = ACTIONS.may_load(deps.storage, id)? {
            if !stored.is_legacy_pool() {
                return Err(ContractError::SubAccountInUse {
                    reference,
                    action_id: id,
                });
            }
        }
        // The sub-account of an action not announced yet: reclaiming it now would leave the
        // future action's sub-account with counters that are not its own.
        let last = LAST_ACTION_ID.may_load(deps.storage)?.unwrap_or_default();
        if id > last {
            return Err(ContractError::SubAccountReserved {
                reference,
                last_action_id: last,
            });
        }
    }
    let config = CONFIG.load(deps.storage)?;
    let adapter = CashAdapter(config.cash_adapter.clone());
    let balance = adapter
        .sub_account(&deps.querier, &env.contract.address, &reference)?
        .unwrap_or_default()
        .balance();
    if balance.is_zero() {
        return Err(ContractError::SubAccountEmpty { reference });
    }
    let account = account_key(&deps.querier, &config, &recipient)?;
    Ok(Response::new()
        .add_message(adapter.reclaim_sub_account(reference.clone(), account.as_str())?)
        .add_attributes([
            Attribute::new("action", "reclaim_orphan_sub_account"),
            Attribute::new("reference", reference),
            Attribute::new("recipient", recipient.as_str()),
            Attribute::new("cash_account", account),
            Attribute::new("amount", balance.to_string()),
            Attribute::new("ticket", ticket),
            Attribute::new("sender", info.sender),
        ]))
}

/// The response reclaiming `remaining` of the action's sub-account to its reclaim address's
/// cash account (no message when nothing remains), and that account's key.
fn reclaim_rest(
    querier: &QuerierWrapper,
    config: &Config,
    action: &CorporateAction,
    remaining: Uint128,
) -> Result<(Response, String), ContractError> {
    let account = account_key(querier, config, &action.reclaim_address)?;
    let mut response = Response::new();
    if !remaining.is_zero() {
        response = response.add_message(
            CashAdapter(config.cash_adapter.clone())
                .reclaim_sub_account(action.sub_account_reference(), account.as_str())?,
        );
    }
    Ok((response, account))
}
