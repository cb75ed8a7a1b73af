//! CW20 movements: transfer, send, the `_from` forms, burn, burn-from and mint. Same attributes
//! as cw20-base; every one passes the compliance check.

use cosmwasm_std::{Binary, DepsMut, Env, MessageInfo, Response, Uint128};
use cw20::Cw20ReceiveMsg;
use sto_access::{assert_role, validate_addr, Role};

use super::{assert_any_role, cut_events, run};
use crate::compliance::{Kind, Movement};
use crate::error::ContractError;

/// Roles that may mint.
pub const MINT_ROLES: &[Role] = &[Role::TransferAgent, Role::Minter];
/// Roles that may redeem (burn from a holder).
pub const REDEEM_ROLES: &[Role] = &[Role::TransferAgent, Role::Redeemer];

pub fn transfer(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    recipient: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let to = validate_addr(deps.api, &recipient)?;
    run(
        deps,
        &env,
        Movement {
            kind: Kind::Transfer,
            from: Some(info.sender.clone()),
            to: Some(to.clone()),
            amount,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "transfer")
        .add_attribute("from", info.sender)
        .add_attribute("to", to)
        .add_attribute("amount", amount))
}

/// Fail unless `address` is a contract (the `Receive` hook needs one).
fn ensure_contract(deps: &DepsMut, address: &str) -> Result<(), ContractError> {
    deps.querier
        .query_wasm_contract_info(address)
        .map(|_| ())
        .map_err(|_| ContractError::NotAContract {
            address: address.to_string(),
        })
}

pub fn send(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    contract: String,
    amount: Uint128,
    msg: Binary,
) -> Result<Response, ContractError> {
    let to = validate_addr(deps.api, &contract)?;
    ensure_contract(&deps, to.as_str())?;
    run(
        deps,
        &env,
        Movement {
            kind: Kind::Transfer,
            from: Some(info.sender.clone()),
            to: Some(to.clone()),
            amount,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "send")
        .add_attribute("from", &info.sender)
        .add_attribute("to", &to)
        .add_attribute("amount", amount)
        .add_message(
            Cw20ReceiveMsg {
                sender: info.sender.into(),
                amount,
                msg,
            }
            .into_cosmos_msg(to)?,
        ))
}

pub fn transfer_from(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    owner: String,
    recipient: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let from = validate_addr(deps.api, &owner)?;
    let to = validate_addr(deps.api, &recipient)?;
    run(
        deps,
        &env,
        Movement {
            kind: Kind::TransferFrom {
                spender: info.sender.clone(),
            },
            from: Some(from.clone()),
            to: Some(to.clone()),
            amount,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "transfer_from")
        .add_attribute("from", from)
        .add_attribute("to", to)
        .add_attribute("by", info.sender)
        .add_attribute("amount", amount))
}

pub fn send_from(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    owner: String,
    contract: String,
    amount: Uint128,
    msg: Binary,
) -> Result<Response, ContractError> {
    let from = validate_addr(deps.api, &owner)?;
    let to = validate_addr(deps.api, &contract)?;
    ensure_contract(&deps, to.as_str())?;
    run(
        deps,
        &env,
        Movement {
            kind: Kind::TransferFrom {
                spender: info.sender.clone(),
            },
            from: Some(from.clone()),
            to: Some(to.clone()),
            amount,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "send_from")
        .add_attribute("from", &from)
        .add_attribute("to", &to)
        .add_attribute("by", &info.sender)
        .add_attribute("amount", amount)
        .add_message(
            Cw20ReceiveMsg {
                sender: info.sender.into(),
                amount,
                msg,
            }
            .into_cosmos_msg(to)?,
        ))
}

/// CW20 `burn`: only a transfer agent burning its own balance.
pub fn burn(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    amount: Uint128,
) -> Result<Response, ContractError> {
    assert_role(deps.storage, Role::TransferAgent, &info.sender)?;
    let cuts = run(
        deps,
        &env,
        Movement {
            kind: Kind::Redeem,
            from: Some(info.sender.clone()),
            to: None,
            amount,
        },
    )?;
    Ok(Response::new()
        .add_events(cut_events(&info.sender, cuts, "burn"))
        .add_attribute("action", "burn")
        .add_attribute("from", info.sender)
        .add_attribute("amount", amount))
}

/// CW20 `burn_from`: a redemption by a transfer agent or redeemer; no allowance is used.
pub fn burn_from(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    owner: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    assert_any_role(deps.storage, REDEEM_ROLES, &info.sender)?;
    let from = validate_addr(deps.api, &owner)?;
    let cuts = run(
        deps,
        &env,
        Movement {
            kind: Kind::Redeem,
            from: Some(from.clone()),
            to: None,
            amount,
        },
    )?;
    Ok(Response::new()
        .add_events(cut_events(&from, cuts, "burn_from"))
        .add_attribute("action", "burn_from")
        .add_attribute("from", from)
        .add_attribute("by", info.sender)
        .add_attribute("amount", amount))
}

/// CW20 `mint`: a transfer agent or minter; the recipient passes every recipient rule.
pub fn mint(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    recipient: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    assert_any_role(deps.storage, MINT_ROLES, &info.sender)?;
    let to = validate_addr(deps.api, &recipient)?;
    run(
        deps,
        &env,
        Movement {
            kind: Kind::Mint,
            from: None,
            to: Some(to.clone()),
            amount,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "mint")
        .add_attribute("to", to)
        .add_attribute("amount", amount))
}
