//! Redirect a holder's claim to another wallet of the same investor (paying agent of the
//! distributor and of the action's token), after the transfer agent recovered a lost wallet.

use cosmwasm_std::{Addr, Attribute, DepsMut, Env, MessageInfo, QuerierWrapper, Response};
use sto_access::validate_addr;
use sto_interface::actions::{ActionStatus, ClaimRedirect, Config};
use sto_interface::registry::IdentityRegistry;
use sto_interface::token::{self, AccountResponse, MAX_LEGAL_REFERENCE_LEN};

use crate::error::ContractError;
use crate::execute::{ensure_not_system_account, ensure_token_paying_agent, load_action};
use crate::state::{CLAIMS, CONFIG, REDIRECTS};

/// The investor owning `wallet`: its registry record (raw read) or, for a wallet the registry
/// no longer knows (removed after a recovery), the investor the token booked it to.
fn investor_of(
    querier: &QuerierWrapper,
    config: &Config,
    token_addr: &Addr,
    wallet: &Addr,
    booked_fallback: bool,
) -> Result<String, ContractError> {
    if let Some(record) =
        IdentityRegistry(config.registry.clone()).wallet_record(querier, wallet)?
    {
        return Ok(record.investor_id);
    }
    if booked_fallback {
        let account: AccountResponse = querier.query_wasm_smart(
            token_addr,
            &token::QueryMsg::Account {
                address: wallet.to_string(),
            },
        )?;
        if let (Some(id), false) = (account.investor_id, account.system_account) {
            return Ok(id);
        }
    }
    Err(ContractError::RedirectUnknownWallet {
        wallet: wallet.clone(),
    })
}

/// Record that claims for `holder` on `action_id` are paid to `to`, a wallet of the same
/// investor; `to == holder` removes the redirect in force. Accepted on an open action strictly
/// before its claim deadline.
pub fn redirect_claim(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    action_id: u64,
    holder: String,
    to: String,
    legal_reference: String,
) -> Result<Response, ContractError> {
    let holder = validate_addr(deps.api, &holder)?;
    let to = validate_addr(deps.api, &to)?;
    let len = legal_reference.chars().count();
    if len == 0 || len > MAX_LEGAL_REFERENCE_LEN || legal_reference.trim().is_empty() {
        return Err(ContractError::InvalidLegalReference {
            max: MAX_LEGAL_REFERENCE_LEN,
            len,
        });
    }
    let action = load_action(deps.storage, action_id)?;
    match action.status {
        ActionStatus::Announced | ActionStatus::Funded => {}
        status => {
            return Err(ContractError::ActionNotOpen {
                id: action_id,
                status,
            })
        }
    }
    if env.block.time >= action.claim_deadline {
        return Err(ContractError::ClaimAfterDeadline {
            id: action_id,
            claim_deadline: action.claim_deadline,
            now: env.block.time,
        });
    }
    crate::execute::ensure_record_height_kept(&action, &env)?;
    ensure_token_paying_agent(&deps.querier, &action.token, &info.sender)?;
    if holder == to {
        // Naming the holder itself removes a redirect in force (and is refused without one).
        let Some(previous) = REDIRECTS.may_load(deps.storage, (action_id, &holder))? else {
            return Err(ContractError::RedirectToSameWallet { holder });
        };
        REDIRECTS.remove(deps.storage, (action_id, &holder));
        return Ok(Response::new().add_attributes([
            Attribute::new("action", "remove_claim_redirect"),
            Attribute::new("action_id", action_id.to_string()),
            Attribute::new("token", action.token.as_str()),
            Attribute::new("holder", holder.as_str()),
            Attribute::new("previous_to", previous.to.as_str()),
            Attribute::new("legal_reference", legal_reference),
            Attribute::new("sender", info.sender.as_str()),
        ]));
    }
    let config = CONFIG.load(deps.storage)?;
    for wallet in [&holder, &to] {
        ensure_not_system_account(
            &deps.querier,
            &env,
            &config,
            action_id,
            &action.token,
            wallet,
        )?;
    }
    // A cash action's claim is settled once: nothing left to redirect.
    if !action.kind.burns_tokens() && CLAIMS.has(deps.storage, (action_id, &holder)) {
        return Err(ContractError::AlreadyClaimed {
            id: action_id,
            holder,
        });
    }
    // The new wallet must be registered now; the holder may have been removed from the
    // registry after the recovery, so the token's booking answers for it.
    let to_investor = investor_of(&deps.querier, &config, &action.token, &to, false)?;
    let holder_investor = investor_of(&deps.querier, &config, &action.token, &holder, true)?;
    if holder_investor != to_investor {
        return Err(ContractError::RedirectToOtherInvestor {
            holder,
            holder_investor,
            to,
            to_investor,
        });
    }
    let previous = REDIRECTS.may_load(deps.storage, (action_id, &holder))?;
    let redirect = ClaimRedirect {
        action_id,
        holder: holder.clone(),
        to: to.clone(),
        investor_id: to_investor,
        legal_reference,
        redirected_by: info.sender.clone(),
        redirected_at: env.block.time,
    };
    REDIRECTS.save(deps.storage, (action_id, &holder), &redirect)?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "redirect_claim"),
        Attribute::new("action_id", action_id.to_string()),
        Attribute::new("token", action.token.as_str()),
        Attribute::new("holder", holder.as_str()),
        Attribute::new("to", to.as_str()),
        Attribute::new(
            "previous_to",
            previous.map(|p| p.to.to_string()).unwrap_or_default(),
        ),
        Attribute::new("investor_id", redirect.investor_id.as_str()),
        Attribute::new("legal_reference", redirect.legal_reference.as_str()),
        Attribute::new("sender", info.sender.as_str()),
    ]))
}
