//! Instantiation and the owner's configuration: withholding rates, registry, escrow,
//! withholding account.

use cosmwasm_std::{Attribute, Decimal, DepsMut, MessageInfo, Response};
use sto_access::{assert_owner, validate_addr, Role};
use sto_interface::actions::{
    Config, EscrowUpdate, InstantiateMsg, WithholdingRateUpdate, MAX_RATE_UPDATES,
};

use crate::error::ContractError;
use crate::execute::ensure_rate_at_most_one;
use crate::state::{CONFIG, LAST_ACTION_ID, WITHHOLDING_RATES};

/// Record the owner, the configuration and the first paying agents.
pub fn instantiate(
    deps: DepsMut,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    let owner = msg.owner.unwrap_or_else(|| info.sender.to_string());
    sto_access::initialize_owner(deps.storage, deps.api, &owner)?;
    ensure_rate_at_most_one("default_withholding_rate", msg.default_withholding_rate)?;
    let config = Config {
        cash_adapter: validate_addr(deps.api, &msg.cash_adapter)?,
        registry: validate_addr(deps.api, &msg.registry)?,
        escrow: msg
            .escrow
            .as_deref()
            .map(|e| validate_addr(deps.api, e))
            .transpose()?,
        withholding_account: validate_addr(deps.api, &msg.withholding_account)?,
        default_withholding_rate: msg.default_withholding_rate,
    };
    CONFIG.save(deps.storage, &config)?;
    LAST_ACTION_ID.save(deps.storage, &0)?;

    let mut attrs = vec![
        Attribute::new("action", "instantiate"),
        Attribute::new("owner", owner),
        Attribute::new("cash_adapter", config.cash_adapter.as_str()),
        Attribute::new("registry", config.registry.as_str()),
        Attribute::new(
            "escrow",
            config.escrow.as_ref().map(|e| e.as_str()).unwrap_or(""),
        ),
        Attribute::new("withholding_account", config.withholding_account.as_str()),
        Attribute::new(
            "default_withholding_rate",
            config.default_withholding_rate.to_string(),
        ),
    ];
    for agent in msg.paying_agents {
        let addr = validate_addr(deps.api, &agent)?;
        sto_access::grant_role(deps.storage, Role::PayingAgent, &addr)?;
        attrs.push(Attribute::new("paying_agent", addr));
    }
    Ok(Response::new().add_attributes(attrs))
}

/// Set or remove per-jurisdiction withholding rates (owner only, 1 to 50 entries, each at
/// most 1). They apply to claims made from then on.
pub fn set_withholding_rates(
    deps: DepsMut,
    info: MessageInfo,
    rates: Vec<WithholdingRateUpdate>,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender).map_err(ContractError::Access)?;
    if rates.is_empty() || rates.len() > MAX_RATE_UPDATES {
        return Err(ContractError::InvalidListLength {
            field: "rates".to_string(),
            max: MAX_RATE_UPDATES,
            count: rates.len(),
        });
    }
    let mut attrs = vec![Attribute::new("action", "set_withholding_rates")];
    for update in rates {
        let jurisdiction = update.jurisdiction.validated()?;
        match update.rate {
            Some(rate) => {
                ensure_rate_at_most_one("withholding rate", rate)?;
                WITHHOLDING_RATES.save(deps.storage, jurisdiction.as_str(), &rate)?;
                attrs.push(Attribute::new("jurisdiction", jurisdiction.as_str()));
                attrs.push(Attribute::new("rate", rate.to_string()));
            }
            None => {
                WITHHOLDING_RATES.remove(deps.storage, jurisdiction.as_str());
                attrs.push(Attribute::new("jurisdiction", jurisdiction.as_str()));
                attrs.push(Attribute::new("rate", "default"));
            }
        }
    }
    attrs.push(Attribute::new("sender", info.sender));
    Ok(Response::new().add_attributes(attrs))
}

/// Change the registry, escrow, withholding account or default rate (owner only). The escrow
/// change applies to actions announced afterwards.
pub fn update_config(
    deps: DepsMut,
    info: MessageInfo,
    registry: Option<String>,
    escrow: Option<EscrowUpdate>,
    withholding_account: Option<String>,
    default_withholding_rate: Option<Decimal>,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender).map_err(ContractError::Access)?;
    if registry.is_none()
        && escrow.is_none()
        && withholding_account.is_none()
        && default_withholding_rate.is_none()
    {
        return Err(ContractError::NothingToUpdate);
    }
    let mut config = CONFIG.load(deps.storage)?;
    let mut attrs = vec![Attribute::new("action", "update_config")];
    if let Some(registry) = registry {
        config.registry = validate_addr(deps.api, &registry)?;
        attrs.push(Attribute::new("registry", config.registry.as_str()));
    }
    if let Some(escrow) = escrow {
        config.escrow = match escrow {
            EscrowUpdate::Set { address } => Some(validate_addr(deps.api, &address)?),
            EscrowUpdate::Remove {} => None,
        };
        attrs.push(Attribute::new(
            "escrow",
            config.escrow.as_ref().map(|e| e.as_str()).unwrap_or(""),
        ));
    }
    if let Some(account) = withholding_account {
        config.withholding_account = validate_addr(deps.api, &account)?;
        attrs.push(Attribute::new(
            "withholding_account",
            config.withholding_account.as_str(),
        ));
    }
    if let Some(rate) = default_withholding_rate {
        ensure_rate_at_most_one("default_withholding_rate", rate)?;
        config.default_withholding_rate = rate;
        attrs.push(Attribute::new("default_withholding_rate", rate.to_string()));
    }
    CONFIG.save(deps.storage, &config)?;
    attrs.push(Attribute::new("sender", info.sender));
    Ok(Response::new().add_attributes(attrs))
}
