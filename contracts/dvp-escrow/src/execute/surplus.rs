//! The owner returns what the escrow holds beyond what it owes (assets sent to it outside its
//! messages), never beyond the surplus, recorded.

use cosmwasm_std::{Addr, Api, Deps, DepsMut, Env, MessageInfo, Response, Uint128};
use sto_access::{assert_owner, validate_addr};
use sto_interface::cash::{AssetInfo, AssetInfoUnchecked};
use sto_interface::escrow::{SurplusResponse, MAX_REFERENCE_LEN};

use crate::error::ContractError;
use crate::execute::{ensure_positive, validate_text};
use crate::state::{OWED_TOKENS, SURPLUS_RETURNED};

/// Validate an asset named in a message.
pub fn checked_asset(api: &dyn Api, asset: AssetInfoUnchecked) -> Result<AssetInfo, ContractError> {
    Ok(match asset {
        AssetInfoUnchecked::Cw20 { address } => AssetInfo::Cw20 {
            address: validate_addr(api, &address)?,
        },
        AssetInfoUnchecked::Native { denom } => {
            if denom.trim().is_empty() {
                return Err(ContractError::EmptyDenom);
            }
            AssetInfo::Native { denom }
        }
    })
}

/// Held, owed, surplus and returned of `asset`. The escrow owes securities only (legs of open
/// instructions and open parked refunds); its cash lives in the adapter, so any USD1 or coin
/// it holds itself is surplus.
pub fn surplus(deps: Deps, env: &Env, asset: AssetInfo) -> Result<SurplusResponse, ContractError> {
    let held = asset.query_balance(&deps.querier, &env.contract.address)?;
    let owed = match &asset {
        AssetInfo::Cw20 { address } => owed_of(deps, address)?,
        AssetInfo::Native { .. } => Uint128::zero(),
    };
    let returned = SURPLUS_RETURNED
        .may_load(deps.storage, &asset.to_string())?
        .unwrap_or_default();
    Ok(SurplusResponse {
        asset,
        held,
        owed,
        surplus: held.saturating_sub(owed),
        returned,
    })
}

fn owed_of(deps: Deps, token: &Addr) -> Result<Uint128, ContractError> {
    Ok(OWED_TOKENS
        .may_load(deps.storage, token)?
        .unwrap_or_default())
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
    assert_owner(deps.storage, &info.sender)?;
    let asset = checked_asset(deps.api, asset)?;
    let recipient = validate_addr(deps.api, &recipient)?;
    ensure_positive("amount", amount)?;
    validate_text("reference", &reference, MAX_REFERENCE_LEN)?;
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
        .add_attribute("action", "return_surplus")
        .add_attribute("asset", key)
        .add_attribute("recipient", recipient)
        .add_attribute("amount", amount)
        .add_attribute("owed", figures.owed)
        .add_attribute("returned_total", returned)
        .add_attribute("reference", reference)
        .add_attribute("sender", info.sender))
}
