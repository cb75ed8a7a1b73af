//! Instantiation, owner administration (rules, system accounts, documents), pause and
//! checkpoints.

use cosmwasm_std::{Attribute, DepsMut, Empty, Env, MessageInfo, Response, Uint128};
use cw20::MarketingInfoResponse;
use sto_access::{assert_owner, assert_role, validate_addr, Role};
use sto_interface::common::EventRef;
use sto_interface::token::{
    Document, InstantiateMsg, RecordCheckpoint, TransferRules, DEFAULT_MAX_HOLD_DURATION,
    MAX_CHECKPOINT_LEAD, MAX_DOCUMENT_HASH_LEN, MAX_DOCUMENT_NAME_LEN, MAX_DOCUMENT_URI_LEN,
    MAX_RECORD_HEIGHTS,
};

use super::reference_attr;
use crate::error::ContractError;
use crate::state::{
    record_height_retired, Config, TokenInfo, ACCOUNTS, BALANCES, CHECKPOINTS, CONFIG, DOCUMENTS,
    HOLDER_COUNT, MARKETING_INFO, SYSTEM_ACCOUNTS, TOKEN_INFO, TOTAL_SUPPLY,
};

fn validate_token_info(msg: &InstantiateMsg) -> Result<(), ContractError> {
    let invalid = |reason: &str| ContractError::InvalidTokenInfo {
        reason: reason.to_string(),
    };
    if msg.name.len() < 3 || msg.name.len() > 50 {
        return Err(invalid("name must be 3 to 50 bytes"));
    }
    let symbol_ok = (3..=12).contains(&msg.symbol.len())
        && msg
            .symbol
            .bytes()
            .all(|b| b == b'-' || b.is_ascii_alphabetic());
    if !symbol_ok {
        return Err(invalid("symbol must be 3 to 12 characters of A-Z a-z -"));
    }
    if msg.decimals > 18 {
        return Err(invalid("decimals must not exceed 18"));
    }
    Ok(())
}

/// Check the jurisdictions and consistency of a rule set.
pub fn validate_rules(rules: TransferRules) -> Result<TransferRules, ContractError> {
    let allowed = rules
        .allowed_jurisdictions
        .into_iter()
        .map(|j| j.validated())
        .collect::<Result<Vec<_>, _>>()?;
    let denied = rules
        .denied_jurisdictions
        .into_iter()
        .map(|j| j.validated())
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(j) = allowed.iter().find(|j| denied.contains(j)) {
        return Err(ContractError::InvalidRules {
            reason: format!("{j} is both allowed and denied"),
        });
    }
    let mut caps = Vec::with_capacity(rules.max_holders_per_jurisdiction.len());
    for mut cap in rules.max_holders_per_jurisdiction {
        cap.jurisdiction = cap.jurisdiction.validated()?;
        if caps
            .iter()
            .any(|c: &sto_interface::token::JurisdictionCap| c.jurisdiction == cap.jurisdiction)
        {
            return Err(ContractError::InvalidRules {
                reason: format!("{} has more than one holder cap", cap.jurisdiction),
            });
        }
        caps.push(cap);
    }
    Ok(TransferRules {
        allowed_jurisdictions: allowed,
        denied_jurisdictions: denied,
        min_investor_class: rules.min_investor_class,
        max_holders: rules.max_holders,
        max_holders_per_jurisdiction: caps,
        max_balance_per_investor: rules.max_balance_per_investor,
    })
}

pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    validate_token_info(&msg)?;
    let registry = validate_addr(deps.api, &msg.registry)?;
    let owner = msg.owner.unwrap_or_else(|| info.sender.to_string());
    sto_access::initialize_owner(deps.storage, deps.api, &owner)?;
    let rules = validate_rules(msg.rules)?;
    TOKEN_INFO.save(
        deps.storage,
        &TokenInfo {
            name: msg.name.clone(),
            symbol: msg.symbol.clone(),
            decimals: msg.decimals,
        },
    )?;
    CONFIG.save(
        deps.storage,
        &Config {
            registry: registry.clone(),
            paused: false,
            rules,
            max_hold_duration: DEFAULT_MAX_HOLD_DURATION,
            record_heights: vec![],
        },
    )?;
    TOTAL_SUPPLY.save(deps.storage, &Uint128::zero())?;
    HOLDER_COUNT.save(deps.storage, &0)?;
    if let Some(m) = msg.marketing {
        let marketing = m
            .marketing
            .map(|a| validate_addr(deps.api, a.as_str()))
            .transpose()?;
        MARKETING_INFO.save(
            deps.storage,
            &MarketingInfoResponse {
                project: m.project,
                description: m.description,
                logo: None,
                marketing,
            },
        )?;
    }
    Ok(Response::new().add_attributes([
        Attribute::new("action", "instantiate"),
        Attribute::new("name", msg.name),
        Attribute::new("symbol", msg.symbol),
        Attribute::new("registry", registry),
        Attribute::new("owner", owner),
    ]))
}

pub fn pause(deps: DepsMut, info: MessageInfo, paused: bool) -> Result<Response, ContractError> {
    assert_role(deps.storage, Role::Pauser, &info.sender)?;
    let mut config = CONFIG.load(deps.storage)?;
    match (config.paused, paused) {
        (true, true) => return Err(ContractError::AlreadyPaused),
        (false, false) => return Err(ContractError::NotPaused),
        _ => {}
    }
    config.paused = paused;
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", if paused { "pause" } else { "unpause" }),
        Attribute::new("by", info.sender),
    ]))
}

pub fn update_rules(
    deps: DepsMut,
    info: MessageInfo,
    rules: TransferRules,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    let rules = validate_rules(rules)?;
    let mut config = CONFIG.load(deps.storage)?;
    config.rules = rules;
    CONFIG.save(deps.storage, &config)?;
    let r = &config.rules;
    let list = |js: &[sto_interface::common::Jurisdiction]| {
        js.iter().map(|j| j.as_str()).collect::<Vec<_>>().join(",")
    };
    Ok(Response::new().add_attributes([
        Attribute::new("action", "update_rules"),
        Attribute::new("allowed_jurisdictions", list(&r.allowed_jurisdictions)),
        Attribute::new("denied_jurisdictions", list(&r.denied_jurisdictions)),
        Attribute::new(
            "min_investor_class",
            r.min_investor_class.map(|c| c.as_str()).unwrap_or("none"),
        ),
        Attribute::new(
            "max_holders",
            r.max_holders
                .map(|m| m.to_string())
                .unwrap_or("none".into()),
        ),
        Attribute::new(
            "max_holders_per_jurisdiction",
            r.max_holders_per_jurisdiction
                .iter()
                .map(|c| format!("{}:{}", c.jurisdiction, c.max_holders))
                .collect::<Vec<_>>()
                .join(","),
        ),
        Attribute::new(
            "max_balance_per_investor",
            r.max_balance_per_investor
                .map(|m| m.to_string())
                .unwrap_or("none".into()),
        ),
        Attribute::new("by", info.sender),
    ]))
}

pub fn set_system_account(
    deps: DepsMut,
    info: MessageInfo,
    address: String,
    system: bool,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    let addr = validate_addr(deps.api, &address)?;
    let mut account = ACCOUNTS.may_load(deps.storage, &addr)?.unwrap_or_default();
    if account.system == system {
        return Err(ContractError::SystemAccountUnchanged {
            address: addr.to_string(),
            system,
        });
    }
    let balance = BALANCES.may_load(deps.storage, &addr)?.unwrap_or_default();
    if !balance.is_zero() {
        return Err(ContractError::SystemAccountHoldsTokens {
            address: addr.to_string(),
            balance,
        });
    }
    account.system = system;
    ACCOUNTS.save(deps.storage, &addr, &account)?;
    if system {
        SYSTEM_ACCOUNTS.save(deps.storage, &addr, &Empty {})?;
    } else {
        SYSTEM_ACCOUNTS.remove(deps.storage, &addr);
    }
    Ok(Response::new().add_attributes([
        Attribute::new("action", "set_system_account"),
        Attribute::new("address", addr),
        Attribute::new("system", system.to_string()),
        Attribute::new("by", info.sender),
    ]))
}

fn check_text(field: &str, value: &str, max: usize) -> Result<(), ContractError> {
    if value.is_empty() || value.len() > max || value.chars().any(char::is_control) {
        Err(ContractError::InvalidDocument {
            reason: format!("{field} must be 1 to {max} characters without control characters"),
        })
    } else {
        Ok(())
    }
}

pub fn set_document(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    name: String,
    uri: String,
    content_hash: String,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    check_text("name", &name, MAX_DOCUMENT_NAME_LEN)?;
    check_text("uri", &uri, MAX_DOCUMENT_URI_LEN)?;
    check_text("content_hash", &content_hash, MAX_DOCUMENT_HASH_LEN)?;
    let doc = Document {
        name,
        uri,
        content_hash,
        updated_at: env.block.time,
    };
    DOCUMENTS.save(deps.storage, &doc.name, &doc)?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "set_document"),
        Attribute::new("name", doc.name),
        Attribute::new("uri", doc.uri),
        Attribute::new("content_hash", doc.content_hash),
        Attribute::new("by", info.sender),
    ]))
}

pub fn remove_document(
    deps: DepsMut,
    info: MessageInfo,
    name: String,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    if !DOCUMENTS.has(deps.storage, &name) {
        return Err(ContractError::DocumentNotFound { name });
    }
    DOCUMENTS.remove(deps.storage, &name);
    Ok(Response::new().add_attributes([
        Attribute::new("action", "remove_document"),
        Attribute::new("name", name),
        Attribute::new("by", info.sender),
    ]))
}

pub fn open_checkpoint(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    height: u64,
    reference: Option<EventRef>,
) -> Result<Response, ContractError> {
    assert_role(deps.storage, Role::CheckpointOpener, &info.sender)?;
    let reference_attr = reference_attr(&reference)?;
    if height <= env.block.height {
        return Err(ContractError::CheckpointNotInFuture {
            height,
            current: env.block.height,
        });
    }
    if height - env.block.height > MAX_CHECKPOINT_LEAD {
        return Err(ContractError::CheckpointTooFar {
            height,
            current: env.block.height,
            max_lead: MAX_CHECKPOINT_LEAD,
        });
    }
    let mut config = CONFIG.load(deps.storage)?;
    let already_open = config.record_heights.contains(&height);
    if !already_open {
        // Retired record heights free their slot.
        let current = env.block.height;
        config
            .record_heights
            .retain(|h| !record_height_retired(*h, current));
        if config.record_heights.len() >= MAX_RECORD_HEIGHTS {
            return Err(ContractError::TooManyRecordHeights {
                height,
                max: MAX_RECORD_HEIGHTS,
                heights: config.record_heights,
            });
        }
        config.record_heights.push(height);
        config.record_heights.sort_unstable();
        CONFIG.save(deps.storage, &config)?;
        CHECKPOINTS.save(
            deps.storage,
            height,
            &RecordCheckpoint {
                height,
                opened_by: info.sender.clone(),
                opened_at_height: env.block.height,
                reference,
            },
        )?;
    }
    let mut attrs = vec![
        Attribute::new("action", "open_checkpoint"),
        Attribute::new("height", height.to_string()),
        Attribute::new("already_open", already_open.to_string()),
    ];
    attrs.extend(reference_attr);
    attrs.push(Attribute::new("by", info.sender));
    Ok(Response::new().add_attributes(attrs))
}
