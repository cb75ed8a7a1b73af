//! The owner returns what the distributor holds itself (assets sent to it outside its
//! messages). Its cash lives in its adapter sub-accounts and it owes no asset directly, so its whole
//! balance of any asset is surplus; returned amounts are recorded.

use cosmwasm_std::{Attribute, Deps, DepsMut, Env, MessageInfo, Response, Uint128};
use sto_access::{assert_owner, validate_addr};
use sto_interface::actions::SurplusResponse;
use sto_interface::cash::{AssetInfo, AssetInfoUnchecked};

use crate::error::ContractError;
use crate::state::SURPLUS_RETURNED;

/// Longest accepted reference of a surplus return.
const MAX_REFERENCE_LEN: usize = 128;

/// Validate an asset named in a message.
pub fn checked_asset(deps: Deps, asset: AssetInfoUnchecked) -> Result<AssetInfo, ContractError> {
    Ok(match asset {
        AssetInfoUnchecked::Cw20 { address } => AssetInfo::Cw20 {
            address: validate_addr(deps.api, &address)?,
        },
        AssetInfoUnchecked::Native { denom } => {
            if denom.trim().is_empty() {
                return Err(ContractError::EmptyDenom);
            }
            AssetInfo::Native { denom }
        }
    })
}

/// Held, owed (zero), surplus and returned of `asset`.
pub fn surplus(deps: Deps, env: &Env, asset: AssetInfo) -> Result<SurplusResponse, ContractError> {
    let held = asset.query_balance(&deps.querier, &env.contract.address)?;
    let returned = SURPLUS_RETURNED
        .may_load(deps.storage, &asset.to_string())?
        .unwrap_or_default();
    Ok(SurplusResponse {
        asset,
        held,
        owed: Uint128::zero(),
        surplus: held,
        returned,
    })
}

/// The owner returns `amount` of `asset` (at most its surplus) to `recipient`.
pub fn return_surplus(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    asset: AssetInfoUnchecked,
    recipient: String,
    amount: Uint128,
    reference: String,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender).map_err(ContractError::Access)?;
    let asset = checked_asset(deps.as_ref(), asset)?;
    let recipient = validate_addr(deps.api, &recipient)?;
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {
            field: "amount".to_string(),
        });
    }
    let len = reference.chars().count();
    if len == 0 || len > MAX_REFERENCE_LEN {
        return Err(ContractError::InvalidSurplusReference {
            max: MAX_REFERENCE_LEN,
        });
    }
    let figures = surplus(deps.as_ref(), &env, asset.clone())?;
    if amount > figures.surplus {
        return Err(ContractError::AboveSurplus {
            asset: asset.to_string(),
            requested: amount,
            surplus: figures.surplus,
        });
    }
    let key = asset.to_string();
    let returned = figures.returned.checked_add(amount)?;
    SURPLUS_RETURNED.save(deps.storage, &key, &returned)?;
    Ok(Response::new()
        .add_message(asset.transfer_msg(&recipient, amount)?)
        .add_attributes([
            Attribute::new("action", "return_surplus"),
            Attribute::new("asset", key),
            Attribute::new("recipient", recipient.as_str()),
            Attribute::new("amount", amount.to_string()),
            Attribute::new("returned_total", returned.to_string()),
            Attribute::new("reference", reference),
            Attribute::new("sender", info.sender.as_str()),
        ]))
}
