//! Instantiation and the owner's administration: the token allow-list and the settlement window.

use cosmwasm_std::{
    Addr, CustomQuery, DepsMut, Env, HexBinary, MessageInfo, QuerierWrapper, Response, Storage,
};
use sto_access::{assert_owner, validate_addr, Role};
use sto_interface::allowlist;
use sto_interface::settlement::{
    Config, InstantiateMsg, DEFAULT_MAX_SETTLEMENT_WINDOW, MAX_SETTLEMENT_WINDOW_LIMIT,
};

use crate::error::ContractError;
use crate::state::{ALLOWED_TOKENS, CONFIG};

/// Record the configuration, the owner and the first settlement operators.
pub fn instantiate(
    deps: DepsMut,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    let max_settlement_window = msg
        .max_settlement_window
        .unwrap_or(DEFAULT_MAX_SETTLEMENT_WINDOW);
    ensure_window(max_settlement_window)?;
    let config = Config {
        cash_adapter: validate_addr(deps.api, &msg.cash_adapter)?,
        registry: validate_addr(deps.api, &msg.registry)?,
        max_settlement_window,
    };
    CONFIG.save(deps.storage, &config)?;
    let owner = match msg.owner {
        Some(owner) => validate_addr(deps.api, &owner)?,
        None => info.sender.clone(),
    };
    sto_access::initialize_owner(deps.storage, deps.api, owner.as_str())?;
    for operator in &msg.settlement_operators {
        let operator = validate_addr(deps.api, operator)?;
        sto_access::grant_role(deps.storage, Role::SettlementOperator, &operator)?;
    }
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("owner", owner)
        .add_attribute("cash_adapter", config.cash_adapter)
        .add_attribute("registry", config.registry)
        .add_attribute(
            "max_settlement_window",
            config.max_settlement_window.to_string(),
        ))
}

fn ensure_window(seconds: u64) -> Result<(), ContractError> {
    if seconds == 0 || seconds > MAX_SETTLEMENT_WINDOW_LIMIT {
        return Err(ContractError::WindowOutOfRange {
            value: seconds,
            max: MAX_SETTLEMENT_WINDOW_LIMIT,
        });
    }
    Ok(())
}

/// The owner changes the longest settlement window (new trades only).
pub fn set_window(
    deps: DepsMut,
    info: MessageInfo,
    seconds: u64,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    ensure_window(seconds)?;
    let mut config = CONFIG.load(deps.storage)?;
    config.max_settlement_window = seconds;
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "set_max_settlement_window")
        .add_attribute("seconds", seconds.to_string())
        .add_attribute("sender", info.sender))
}

/// The owner allows a token whose code has the audited checksum.
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
    ALLOWED_TOKENS.save(deps.storage, &token, &allowed)?;
    Ok(Response::new()
        .add_attribute("action", "allow_token")
        .add_attribute("token", token)
        .add_attribute("code_id", allowed.code_id.to_string())
        .add_attribute("checksum", allowed.checksum.to_hex())
        .add_attribute("sender", info.sender))
}

/// The owner takes a token off the allow-list (new trades only).
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

/// Fail unless `token` is on the allow-list and still runs the code it was allowed with (one
/// contract-info query).
pub fn ensure_tradable<C: CustomQuery>(
    storage: &dyn Storage,
    querier: &QuerierWrapper<C>,
    token: &Addr,
) -> Result<(), ContractError> {
    let Some(allowed) = ALLOWED_TOKENS.may_load(storage, token)? else {
        return Err(ContractError::TokenNotAllowed {
            token: token.clone(),
        });
    };
    if let Some(code_id) = allowlist::changed_code(querier, &allowed)? {
        return Err(ContractError::TokenCodeChanged {
            token: token.clone(),
            allowed_code_id: allowed.code_id,
            code_id,
        });
    }
    Ok(())
}
