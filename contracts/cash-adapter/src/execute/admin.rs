//! Instantiate, clients, configuration and halts (owner).

use cosmwasm_std::{Attribute, Decimal, DepsMut, Env, MessageInfo, Response, Uint128};
use sto_access::{assert_owner, validate_addr, Role};
use sto_interface::cash::{
    AssetInfo, AssetInfoUnchecked, ClientInfo, Config, InstantiateMsg, Movement,
    DEFAULT_MAX_HOLD_DURATION, MAX_HOLD_DURATION_LIMIT, MAX_REDEMPTION_SERVICE_PERIOD,
    MAX_TEXT_LEN,
};
use sto_interface::common::EventRef;

use crate::error::ContractError;
use crate::execute::account::{credit_new_cash, own_account};
use crate::execute::{ensure_positive, record, validate_text};
use crate::query;
use crate::state::{Halt, Totals, CLIENTS, CONFIG, HALT, LAYOUT, LAYOUT_VERSION, TOTALS};

pub fn instantiate(
    deps: DepsMut,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    let owner = msg.owner.unwrap_or_else(|| info.sender.to_string());
    sto_access::initialize_owner(deps.storage, deps.api, &owner)?;
    let asset = match msg.asset {
        AssetInfoUnchecked::Cw20 { address } => AssetInfo::Cw20 {
            address: validate_addr(deps.api, &address)?,
        },
        AssetInfoUnchecked::Native { denom } => {
            validate_denom(&denom)?;
            AssetInfo::Native { denom }
        }
    };
    let cfg = Config {
        asset,
        registry: validate_addr(deps.api, &msg.registry)?,
        max_attestation_age: positive("max_attestation_age", msg.max_attestation_age)?,
        min_coverage: positive_ratio(msg.min_coverage)?,
        redemption_address: validate_addr(deps.api, &msg.redemption_address)?,
        redemption_service_period: service_period(msg.redemption_service_period)?,
        max_hold_duration: DEFAULT_MAX_HOLD_DURATION,
    };
    CONFIG.save(deps.storage, &cfg)?;
    LAYOUT.save(deps.storage, &LAYOUT_VERSION)?;
    TOTALS.save(deps.storage, &Totals::default())?;

    let mut attrs = vec![
        Attribute::new("action", "instantiate"),
        Attribute::new("owner", owner),
        Attribute::new("asset", cfg.asset.to_string()),
        Attribute::new("registry", cfg.registry.as_str()),
        Attribute::new("max_attestation_age", cfg.max_attestation_age.to_string()),
        Attribute::new("min_coverage", cfg.min_coverage.to_string()),
        Attribute::new("redemption_address", cfg.redemption_address.as_str()),
        Attribute::new(
            "redemption_service_period",
            cfg.redemption_service_period.to_string(),
        ),
        Attribute::new("max_hold_duration", cfg.max_hold_duration.to_string()),
    ];
    for (role, members) in [
        (Role::Attestor, msg.attestors),
        (Role::OffRampOperator, msg.off_ramp_operators),
    ] {
        for member in members {
            let addr = validate_addr(deps.api, &member)?;
            sto_access::grant_role(deps.storage, role, &addr)?;
            attrs.push(Attribute::new(role.as_str(), addr));
        }
    }
    Ok(Response::new().add_attributes(attrs))
}

pub fn register_client(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    address: String,
    label: String,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    let addr = validate_addr(deps.api, &address)?;
    validate_text("label", &label, MAX_TEXT_LEN)?;
    if deps.querier.query_wasm_contract_info(&addr).is_err() {
        return Err(ContractError::ClientNotAContract { address: addr });
    }
    let client = match CLIENTS.may_load(deps.storage, &addr)? {
        Some(existing) if existing.active => {
            return Err(ContractError::ClientAlreadyActive { client: addr })
        }
        Some(existing) => ClientInfo {
            active: true,
            label,
            ..existing
        },
        None => ClientInfo {
            address: addr.clone(),
            label,
            active: true,
            pool: Uint128::zero(),
            funded_total: Uint128::zero(),
            released_total: Uint128::zero(),
            registered_at: env.block.time,
        },
    };
    CLIENTS.save(deps.storage, &addr, &client)?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "register_client"),
        Attribute::new("client", addr),
        Attribute::new("label", client.label),
        Attribute::new("pool", client.pool.to_string()),
        Attribute::new("sender", info.sender),
    ]))
}

pub fn deactivate_client(
    deps: DepsMut,
    info: MessageInfo,
    address: String,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    let addr = validate_addr(deps.api, &address)?;
    let mut client = CLIENTS
        .may_load(deps.storage, &addr)?
        .ok_or(ContractError::UnknownClient { client: address })?;
    if !client.active {
        return Err(ContractError::ClientInactive { client: addr });
    }
    client.active = false;
    CLIENTS.save(deps.storage, &addr, &client)?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "deactivate_client"),
        Attribute::new("client", addr),
        Attribute::new("pool", client.pool.to_string()),
        Attribute::new("sender", info.sender),
    ]))
}

pub struct ConfigUpdate {
    pub registry: Option<String>,
    pub max_attestation_age: Option<u64>,
    pub min_coverage: Option<Decimal>,
    pub redemption_address: Option<String>,
    pub redemption_service_period: Option<u64>,
    pub max_hold_duration: Option<u64>,
}

pub fn update_config(
    deps: DepsMut,
    info: MessageInfo,
    update: ConfigUpdate,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    let mut cfg = CONFIG.load(deps.storage)?;
    let mut attrs = vec![Attribute::new("action", "update_config")];
    if let Some(registry) = update.registry {
        cfg.registry = validate_addr(deps.api, &registry)?;
        attrs.push(Attribute::new("registry", cfg.registry.as_str()));
    }
    if let Some(age) = update.max_attestation_age {
        cfg.max_attestation_age = positive("max_attestation_age", age)?;
        attrs.push(Attribute::new("max_attestation_age", age.to_string()));
    }
    if let Some(min) = update.min_coverage {
        cfg.min_coverage = positive_ratio(min)?;
        attrs.push(Attribute::new("min_coverage", min.to_string()));
    }
    if let Some(addr) = update.redemption_address {
        cfg.redemption_address = validate_addr(deps.api, &addr)?;
        attrs.push(Attribute::new(
            "redemption_address",
            cfg.redemption_address.as_str(),
        ));
    }
    if let Some(period) = update.redemption_service_period {
        cfg.redemption_service_period = service_period(period)?;
        attrs.push(Attribute::new(
            "redemption_service_period",
            period.to_string(),
        ));
    }
    if let Some(duration) = update.max_hold_duration {
        if duration == 0 || duration > MAX_HOLD_DURATION_LIMIT {
            return Err(ContractError::HoldDurationOutOfRange {
                duration,
                max: MAX_HOLD_DURATION_LIMIT,
            });
        }
        cfg.max_hold_duration = duration;
        attrs.push(Attribute::new("max_hold_duration", duration.to_string()));
    }
    if attrs.len() == 1 {
        return Err(ContractError::NothingToUpdate);
    }
    CONFIG.save(deps.storage, &cfg)?;
    attrs.push(Attribute::new("sender", info.sender));
    Ok(Response::new().add_attributes(attrs))
}

pub fn halt_fundings(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    reason: String,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    validate_text("reason", &reason, MAX_TEXT_LEN)?;
    if let Some(h) = HALT.may_load(deps.storage)? {
        return Err(ContractError::AlreadyHalted { reason: h.reason });
    }
    HALT.save(
        deps.storage,
        &Halt {
            reason: reason.clone(),
            halted_at: env.block.time,
        },
    )?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "halt_fundings"),
        Attribute::new("reason", reason),
        Attribute::new("sender", info.sender),
    ]))
}

/// Return USD1 held beyond every liability (sent outside the adapter's messages) by crediting
/// the cash account of `recipient`'s investor (or of a client contract), recorded in the ledger
/// under `external:<reference>`. Never to a blocked investor.
pub fn return_surplus(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    recipient: String,
    amount: Uint128,
    reference: String,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    ensure_positive(amount)?;
    validate_text("reference", &reference, MAX_TEXT_LEN)?;
    let recipient = validate_addr(deps.api, &recipient)?;
    let surplus = query::reconciliation(deps.as_ref(), &env)?.surplus;
    if amount > surplus {
        return Err(ContractError::AboveSurplus {
            requested: amount,
            surplus,
        });
    }
    let cfg = CONFIG.load(deps.storage)?;
    let owner = own_account(deps.as_ref(), &cfg, &recipient)?;
    // Never to a sanctioned party, whatever the owner decides.
    if owner.blocked {
        return Err(ContractError::RecipientBlocked { recipient });
    }
    let account = credit_new_cash(deps.storage, &owner.key, amount)?;
    let entry = record(
        deps.storage,
        &env,
        Movement::SurplusReturned,
        None,
        EventRef::External { reference },
        recipient,
        amount,
    )?;
    Ok(Response::new()
        .add_attribute("action", "return_surplus")
        .add_attributes(entry.attributes())
        .add_attribute("account", owner.key)
        .add_attribute("balance", account.balance.to_string())
        .add_attribute("sender", info.sender))
}

pub fn resume_fundings(deps: DepsMut, info: MessageInfo) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    if !HALT.exists(deps.storage) {
        return Err(ContractError::NotHalted);
    }
    HALT.remove(deps.storage);
    Ok(Response::new().add_attributes([
        Attribute::new("action", "resume_fundings"),
        Attribute::new("sender", info.sender),
    ]))
}

fn positive(field: &str, value: u64) -> Result<u64, ContractError> {
    if value == 0 {
        Err(ContractError::InvalidConfig {
            field: field.to_string(),
            reason: "must be greater than zero seconds".to_string(),
        })
    } else {
        Ok(value)
    }
}

/// A redemption service period: more than zero, at most [`MAX_REDEMPTION_SERVICE_PERIOD`].
fn service_period(period: u64) -> Result<u64, ContractError> {
    positive("redemption_service_period", period)?;
    if period > MAX_REDEMPTION_SERVICE_PERIOD {
        return Err(ContractError::ServicePeriodTooLong {
            period,
            max: MAX_REDEMPTION_SERVICE_PERIOD,
        });
    }
    Ok(period)
}

fn positive_ratio(value: Decimal) -> Result<Decimal, ContractError> {
    if value.is_zero() {
        Err(ContractError::InvalidConfig {
            field: "min_coverage".to_string(),
            reason: "must be greater than zero (e.g. \"1\" for full backing)".to_string(),
        })
    } else {
        Ok(value)
    }
}

/// A bank denom as the Cosmos SDK accepts it: 3-128 characters, a letter first, then letters,
/// digits and `/ : . _ -`.
fn validate_denom(denom: &str) -> Result<(), ContractError> {
    let mut bytes = denom.bytes();
    let ok = (3..=128).contains(&denom.len())
        && bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b':' | b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(ContractError::InvalidConfig {
            field: "denom".to_string(),
            reason: format!(
                "`{denom}` is not a bank denom (3-128 characters, a letter first, then letters, digits and / : . _ -)"
            ),
        })
    }
}
