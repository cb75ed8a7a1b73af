//! Funding a client's pool: the CW20 hook, the native `fund`, and the shared path that screens
//! the payer, checks health, credits the pool and calls the client.

use cosmwasm_std::{
    from_json, Addr, Attribute, Coin, DepsMut, Env, MessageInfo, Response, Uint128,
};
use cw_utils::nonpayable;
use sto_access::validate_addr;
use sto_interface::cash::{AssetInfo, CashHookMsg, CashReceipt, Config, Movement};
use sto_interface::common::EventRef;
use sto_interface::registry::IdentityRegistry;

use crate::error::ContractError;
use crate::execute::{
    account, ensure_positive, record, redemption, sub_account, update_totals, validate_reference,
};
use crate::health::cash_leg_status;
use crate::state::{CLIENTS, CONFIG};

/// CW20 mode: the configured CW20 delivers `amount` from `sender` with a hook message.
pub fn receive(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    wrapper: cw20::Cw20ReceiveMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    let cfg = CONFIG.load(deps.storage)?;
    match &cfg.asset {
        AssetInfo::Cw20 { address } if *address == info.sender => {}
        expected => {
            return Err(ContractError::WrongAsset {
                expected: expected.clone(),
                got: AssetInfo::Cw20 {
                    address: info.sender,
                },
            })
        }
    }
    ensure_positive(wrapper.amount)?;
    let sender = validate_addr(deps.api, &wrapper.sender)?;
    match from_json::<CashHookMsg>(&wrapper.msg)? {
        CashHookMsg::Fund { client, reference } => {
            fund(deps, env, cfg, sender, wrapper.amount, client, reference)
        }
        CashHookMsg::RequestRedemption { instructions_hash } => {
            redemption::request(deps, env, cfg, sender, wrapper.amount, instructions_hash)
        }
        CashHookMsg::Deposit { account, hold } => {
            account::deposit(deps, env, cfg, sender, wrapper.amount, account, hold)
        }
        CashHookMsg::FundSubAccount { client, reference } => {
            sub_account::fund_by_deposit(deps, env, cfg, sender, wrapper.amount, client, reference)
        }
    }
}

/// Native mode: exactly one coin of the configured denom, non-zero. Returns the amount.
pub fn native_payment(cfg: &Config, funds: &[Coin]) -> Result<Uint128, ContractError> {
    let denom = match &cfg.asset {
        AssetInfo::Cw20 { address } => {
            return Err(ContractError::UseCw20Send {
                cw20: address.clone(),
            })
        }
        AssetInfo::Native { denom } => denom,
    };
    let coin = match funds {
        [] => {
            return Err(ContractError::NoFunds {
                expected: cfg.asset.clone(),
            })
        }
        [coin] => coin,
        several => {
            return Err(ContractError::SeveralDenoms {
                denoms: several
                    .iter()
                    .map(|c| c.denom.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        }
    };
    if coin.denom != *denom {
        return Err(ContractError::WrongAsset {
            expected: cfg.asset.clone(),
            got: AssetInfo::Native {
                denom: coin.denom.clone(),
            },
        });
    }
    ensure_positive(coin.amount)?;
    Ok(coin.amount)
}

/// Native mode `fund`: the sender is the payer.
pub fn fund_native(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    client: String,
    reference: EventRef,
) -> Result<Response, ContractError> {
    let cfg = CONFIG.load(deps.storage)?;
    let amount = native_payment(&cfg, &info.funds)?;
    fund(deps, env, cfg, info.sender, amount, client, reference)
}

/// Screen, credit, record and call the client. The asset has already arrived.
fn fund(
    deps: DepsMut,
    env: Env,
    cfg: Config,
    payer: Addr,
    amount: Uint128,
    client: String,
    reference: EventRef,
) -> Result<Response, ContractError> {
    validate_reference(&reference)?;
    let client_addr = validate_addr(deps.api, &client)?;
    let mut info = CLIENTS
        .may_load(deps.storage, &client_addr)?
        .ok_or(ContractError::UnknownClient { client })?;
    if !info.active {
        return Err(ContractError::ClientInactive {
            client: client_addr,
        });
    }
    if let Err(reason) =
        IdentityRegistry(cfg.registry.clone()).eligibility(&deps.querier, &payer, env.block.time)?
    {
        return Err(ContractError::PayerIneligible { payer, reason });
    }
    let status = cash_leg_status(deps.storage, &cfg, env.block.time)?;
    if !status.healthy {
        return Err(ContractError::CashLegUnhealthy {
            reasons: status.reasons,
        });
    }

    info.pool = info.pool.checked_add(amount)?;
    info.funded_total = info.funded_total.checked_add(amount)?;
    CLIENTS.save(deps.storage, &client_addr, &info)?;
    update_totals(deps.storage, |t| {
        t.pools = t.pools.checked_add(amount)?;
        Ok(())
    })?;
    let entry = record(
        deps.storage,
        &env,
        Movement::Funding,
        Some(client_addr.clone()),
        reference.clone(),
        payer.clone(),
        amount,
    )?;
    // A plain message, not a sub-message: a client that rejects reverts the whole funding.
    let callback = CashReceipt {
        funding_id: entry.id,
        payer,
        amount,
        reference,
    }
    .into_cosmos_msg(client_addr)?;

    let mut attrs = vec![Attribute::new("action", "fund")];
    attrs.extend(entry.attributes());
    attrs.push(Attribute::new("pool", info.pool.to_string()));
    Ok(Response::new().add_attributes(attrs).add_message(callback))
}
