//! Opening an offering: a holder of the token's `issuer` role names the terms.

use cosmwasm_std::{
    Attribute, DepsMut, Env, MessageInfo, OverflowError, OverflowOperation, Response, Timestamp,
    Uint128,
};
use sto_access::{validate_addr, Role};
use sto_interface::cash::layout as cash_layout;
use sto_interface::offering::{
    offering_reference, Offering, OfferingStatus, OfferingTerms, MAX_GRACE, MAX_LOCK_HORIZON,
    MAX_REFERENCE_LEN, MAX_WINDOW_HORIZON, MIN_GRACE,
};

use crate::error::ContractError;
use crate::execute::admin::ensure_allowed;
use crate::execute::{cost, later, token_has_role};
use crate::state::{CONFIG, LAST_OFFERING_ID, OFFERINGS};

/// Open an offering (sender: the token's `issuer`; this contract: the token's `minter`).
pub fn open_offering(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    terms: OfferingTerms,
) -> Result<Response, ContractError> {
    let token = validate_addr(deps.api, &terms.token)?;
    ensure_allowed(deps.storage, &deps.querier, &token)?;
    if !token_has_role(&deps.querier, &token, Role::Issuer, &info.sender)? {
        return Err(ContractError::NotTokenIssuer {
            token,
            sender: info.sender,
        });
    }
    if !token_has_role(&deps.querier, &token, Role::Minter, &env.contract.address)? {
        return Err(ContractError::NotTokenMinter { token });
    }
    let deadline = validate_terms(&env, &terms)?;
    let cfg = CONFIG.load(deps.storage)?;
    if cash_layout::query_account(&deps.querier, &cfg.cash_adapter, &terms.issuer_account)?
        .is_none()
    {
        return Err(ContractError::UnknownIssuerAccount {
            account: terms.issuer_account,
        });
    }

    let id = LAST_OFFERING_ID
        .may_load(deps.storage)?
        .unwrap_or_default()
        .checked_add(1)
        .ok_or(OverflowError::new(OverflowOperation::Add))?;
    LAST_OFFERING_ID.save(deps.storage, &id)?;
    let offering = Offering {
        id,
        token: token.clone(),
        issuer: info.sender.clone(),
        issuer_account: terms.issuer_account,
        unit_price: terms.unit_price,
        min_units: terms.min_units,
        max_units: terms.max_units,
        soft_cap: terms.soft_cap,
        hard_cap: terms.hard_cap,
        start: terms.start,
        end: terms.end,
        grace: terms.grace,
        allocation_deadline: deadline,
        lock_until: terms.lock_until,
        reference: terms.reference,
        status: OfferingStatus::Open,
        subscribers: 0,
        subscribed_units: Uint128::zero(),
        held: Uint128::zero(),
        close: None,
        settled: 0,
        skipped: 0,
        units_issued: Uint128::zero(),
        executed: Uint128::zero(),
        released: Uint128::zero(),
    };
    OFFERINGS.save(deps.storage, id, &offering)?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "offering_opened"),
        Attribute::new("offering_id", id.to_string()),
        Attribute::new("token", token),
        Attribute::new("issuer", info.sender),
        Attribute::new("issuer_account", offering.issuer_account),
        Attribute::new("unit_price", offering.unit_price),
        Attribute::new("min_units", offering.min_units),
        Attribute::new("max_units", offering.max_units),
        Attribute::new("soft_cap", offering.soft_cap),
        Attribute::new("hard_cap", offering.hard_cap),
        Attribute::new("start", offering.start.seconds().to_string()),
        Attribute::new("end", offering.end.seconds().to_string()),
        Attribute::new("allocation_deadline", deadline.seconds().to_string()),
        Attribute::new(
            "lock_until",
            offering
                .lock_until
                .map_or_else(|| "none".to_string(), |t| t.seconds().to_string()),
        ),
        Attribute::new("reference", offering.reference),
        Attribute::new("hold_reference", offering_reference(id)),
    ]))
}

/// Check the terms; answer the allocation deadline `end + grace`.
fn validate_terms(env: &Env, terms: &OfferingTerms) -> Result<Timestamp, ContractError> {
    for (field, value) in [
        ("unit_price", terms.unit_price),
        ("min_units", terms.min_units),
        ("hard_cap", terms.hard_cap),
    ] {
        if value.is_zero() {
            return Err(ContractError::ZeroTerm {
                field: field.to_string(),
            });
        }
    }
    if terms.max_units < terms.min_units {
        return Err(ContractError::MaxBelowMin {
            min_units: terms.min_units,
            max_units: terms.max_units,
        });
    }
    if terms.max_units > terms.hard_cap {
        return Err(ContractError::MaxAboveHardCap {
            max_units: terms.max_units,
            hard_cap: terms.hard_cap,
        });
    }
    if terms.soft_cap > terms.hard_cap {
        return Err(ContractError::SoftCapAboveHardCap {
            soft_cap: terms.soft_cap,
            hard_cap: terms.hard_cap,
        });
    }
    // The cash of a full book must be representable; checked again per subscription.
    cost(terms.hard_cap, terms.unit_price)?;
    let now = env.block.time;
    if terms.start < now {
        return Err(ContractError::WindowStartInPast {
            start: terms.start,
            now,
        });
    }
    if terms.end <= terms.start {
        return Err(ContractError::WindowEndNotAfterStart {
            start: terms.start,
            end: terms.end,
        });
    }
    let latest = later(now, MAX_WINDOW_HORIZON)?;
    if terms.end > latest {
        return Err(ContractError::WindowTooFar {
            end: terms.end,
            latest,
        });
    }
    if !(MIN_GRACE..=MAX_GRACE).contains(&terms.grace) {
        return Err(ContractError::GraceOutOfRange {
            grace: terms.grace,
            min: MIN_GRACE,
            max: MAX_GRACE,
        });
    }
    let deadline = later(terms.end, terms.grace)?;
    if let Some(lock_until) = terms.lock_until {
        if lock_until <= deadline {
            return Err(ContractError::LockNotAfterDeadline {
                lock_until,
                deadline,
            });
        }
        let latest = later(deadline, MAX_LOCK_HORIZON)?;
        if lock_until > latest {
            return Err(ContractError::LockTooFar { lock_until, latest });
        }
    }
    if terms.reference.is_empty() || terms.reference.len() > MAX_REFERENCE_LEN {
        return Err(ContractError::InvalidReference {
            len: terms.reference.len(),
            max: MAX_REFERENCE_LEN,
        });
    }
    Ok(deadline)
}
