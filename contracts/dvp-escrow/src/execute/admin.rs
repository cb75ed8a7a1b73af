//! Instantiation: configuration, owner and initial roles.

use cosmwasm_std::{DepsMut, MessageInfo, Response};
use sto_access::{grant_role, initialize_owner, validate_addr, Role};
use sto_interface::escrow::InstantiateMsg;

use crate::error::ContractError;
use crate::state::{Config, CONFIG};

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
