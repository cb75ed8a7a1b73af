//! CW20 allowances, with cw20-base's semantics (zero amounts accepted, expiry checked).

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response, Uint128};
use cw20::{AllowanceResponse, Expiration};
use sto_access::validate_addr;

use crate::error::ContractError;
use crate::state::{ALLOWANCES, ALLOWANCES_SPENDER};

pub fn increase(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    spender: String,
    amount: Uint128,
    expires: Option<Expiration>,
) -> Result<Response, ContractError> {
    let spender_addr = validate_addr(deps.api, &spender)?;
    if spender_addr == info.sender {
        return Err(ContractError::CannotSetOwnAccount);
    }
    let key = (&info.sender, &spender_addr);
    let mut allowance: AllowanceResponse =
        ALLOWANCES.may_load(deps.storage, key)?.unwrap_or_default();
    if let Some(exp) = expires {
        if exp.is_expired(&env.block) {
            return Err(ContractError::InvalidExpiration);
        }
        allowance.expires = exp;
    }
    allowance.allowance = allowance.allowance.checked_add(amount)?;
    ALLOWANCES.save(deps.storage, key, &allowance)?;
    ALLOWANCES_SPENDER.save(deps.storage, (&spender_addr, &info.sender), &allowance)?;
    Ok(Response::new()
        .add_attribute("action", "increase_allowance")
        .add_attribute("owner", info.sender)
        .add_attribute("spender", spender_addr)
        .add_attribute("amount", amount))
}

pub fn decrease(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    spender: String,
    amount: Uint128,
    expires: Option<Expiration>,
) -> Result<Response, ContractError> {
    let spender_addr = validate_addr(deps.api, &spender)?;
    if spender_addr == info.sender {
        return Err(ContractError::CannotSetOwnAccount);
    }
    let key = (&info.sender, &spender_addr);
    let Some(mut allowance) = ALLOWANCES.may_load(deps.storage, key)? else {
        return Err(ContractError::NoAllowance {
            owner: info.sender.to_string(),
            spender: spender_addr.to_string(),
        });
    };
    if amount < allowance.allowance {
        allowance.allowance = allowance.allowance.checked_sub(amount)?;
        if let Some(exp) = expires {
            if exp.is_expired(&env.block) {
                return Err(ContractError::InvalidExpiration);
            }
            allowance.expires = exp;
        }
        ALLOWANCES.save(deps.storage, key, &allowance)?;
        ALLOWANCES_SPENDER.save(deps.storage, (&spender_addr, &info.sender), &allowance)?;
    } else {
        ALLOWANCES.remove(deps.storage, key);
        ALLOWANCES_SPENDER.remove(deps.storage, (&spender_addr, &info.sender));
    }
    Ok(Response::new()
        .add_attribute("action", "decrease_allowance")
        .add_attribute("owner", info.sender)
        .add_attribute("spender", spender_addr)
        .add_attribute("amount", amount))
}
