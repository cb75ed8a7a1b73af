//! Instantiation: configuration, owner and initial roles.

use cosmwasm_std::{DepsMut, Env, HexBinary, MessageInfo, Response};
use sto_access::{assert_owner, grant_role, initialize_owner, validate_addr, Role};
use sto_interface::allowlist;
use sto_interface::escrow::{is_token_system_account, InstantiateMsg, MAX_WINDOW_CEILING};

use crate::error::ContractError;
use crate::state::{limits, Config, ALLOWED_TOKENS, CONFIG, LIMITS};

/// Record the adapter and registry, the owner and the initial role holders.
pub fn instantiate(
    deps: DepsMut,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    let owner = msg.owner.unwrap_or_else(|| info.sender.to_string());
    initialize_owner(deps.storage, deps.api, &owner)?;
    let config = Config {
        cash_adapter: validate_addr(deps.api, &msg.cash_adapter)?,
        registry: validate_addr(deps.api, &msg.registry)?,
    };
    CONFIG.save(deps.storage, &config)?;
    for (role, list) in [
        (Role::Issuer, &msg.issuers),
        (Role::SettlementOperator, &msg.settlement_operators),
        (Role::TransferAgent, &msg.transfer_agents),
    ] {
        for address in list {
            let addr = validate_addr(deps.api, address)?;
            grant_role(deps.storage, role, &addr)?;
        }
    }
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("owner", owner)
        .add_attribute("cash_adapter", config.cash_adapter)
        .add_attribute("registry", config.registry))
}

/// The owner changes the longest settlement and offering windows, each within
/// `1..=MAX_WINDOW_CEILING` seconds. Instructions and offerings already open keep their dates.
pub fn update_limits(
    deps: DepsMut,
    info: MessageInfo,
    max_settlement_window: Option<u64>,
    max_offering_window: Option<u64>,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    if max_settlement_window.is_none() && max_offering_window.is_none() {
        return Err(ContractError::NothingToUpdate);
    }
    let mut l = limits(deps.storage)?;
    for (field, value, slot) in [
        (
            "max_settlement_window",
            max_settlement_window,
            &mut l.max_settlement_window,
        ),
        (
            "max_offering_window",
            max_offering_window,
            &mut l.max_offering_window,
        ),
    ] {
        if let Some(v) = value {
            if v == 0 || v > MAX_WINDOW_CEILING {
                return Err(ContractError::LimitOutOfRange {
                    field: field.to_string(),
                    value: v,
                    max: MAX_WINDOW_CEILING,
                });
            }
            *slot = v;
        }
    }
    LIMITS.save(deps.storage, &l)?;
    Ok(Response::new()
        .add_attribute("action", "update_limits")
        .add_attribute("max_settlement_window", l.max_settlement_window.to_string())
        .add_attribute("max_offering_window", l.max_offering_window.to_string())
        .add_attribute("sender", info.sender))
}

/// The owner allows a token: its code checksum must be `checksum` and the escrow must be a
/// system account of it (raw read of the token's account record). The code id is recorded.
pub fn allow_token(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    token: String,
    checksum: HexBinary,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    let token = validate_addr(deps.api, &token)?;
    let allowed = match allowlist::pin(&deps.querier, &token, checksum.clone(), env.block.time)? {
        Ok(allowed) => allowed,
        Err(actual) => {
            return Err(ContractError::TokenChecksumMismatch {
                token,
                expected: checksum,
                actual,
            })
        }
    };
    if !is_token_system_account(&deps.querier, &token, &env.contract.address)? {
        return Err(ContractError::EscrowNotSystemAccount { token });
    }
    ALLOWED_TOKENS.save(deps.storage, &token, &allowed)?;
    Ok(Response::new()
        .add_attribute("action", "allow_token")
        .add_attribute("token", token)
        .add_attribute("code_id", allowed.code_id.to_string())
        .add_attribute("checksum", allowed.checksum.to_hex())
        .add_attribute("sender", info.sender))
}

/// The owner takes a token off the allow-list (new instructions and offerings only).
pub fn disallow_token(
    deps: DepsMut,
    info: MessageInfo,
    token: String,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    let token = validate_addr(deps.api, &token)?;
    if !ALLOWED_TOKENS.has(deps.storage, &token) {
        return Err(ContractError::TokenNotAllowed { token });
    }
    ALLOWED_TOKENS.remove(deps.storage, &token);
    Ok(Response::new()
        .add_attribute("action", "disallow_token")
        .add_attribute("token", token)
        .add_attribute("sender", info.sender))
}
