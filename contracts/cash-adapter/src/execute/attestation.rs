//! Reserve attestations (attestor role).

use cosmwasm_std::{Attribute, DepsMut, Env, HexBinary, MessageInfo, Response, Timestamp, Uint128};
use sto_access::{assert_role, Role};
use sto_interface::cash::{Attestation, MAX_URI_LEN};

use crate::error::ContractError;
use crate::execute::{validate_hash, validate_text};
use crate::health::{cash_leg_status, latest_attestation};
use crate::state::{next_id, ATTESTATIONS, ATTESTATION_SEQ, CONFIG};

pub struct AttestationInput {
    pub reserves: Uint128,
    pub supply: Uint128,
    pub as_of: Timestamp,
    pub report_uri: String,
    pub report_hash: HexBinary,
}

pub fn post_attestation(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    input: AttestationInput,
) -> Result<Response, ContractError> {
    assert_role(deps.storage, Role::Attestor, &info.sender)?;
    let now = env.block.time;
    if input.as_of > now {
        return Err(ContractError::AttestationInFuture {
            as_of: input.as_of,
            now,
        });
    }
    if let Some(newest) = latest_attestation(deps.storage)? {
        if input.as_of <= newest.as_of {
            return Err(ContractError::AttestationNotNewer {
                as_of: input.as_of,
                newest: newest.as_of,
            });
        }
    }
    if input.supply.is_zero() {
        return Err(ContractError::ZeroSupply);
    }
    validate_text("report_uri", &input.report_uri, MAX_URI_LEN)?;
    validate_hash("report_hash", &input.report_hash)?;

    let id = next_id(deps.storage, &ATTESTATION_SEQ)?;
    let att = Attestation {
        id,
        reserves: input.reserves,
        supply: input.supply,
        as_of: input.as_of,
        report_uri: input.report_uri,
        report_hash: input.report_hash,
        attestor: info.sender,
        posted_at: now,
    };
    ATTESTATIONS.save(deps.storage, id, &att)?;
    let status = cash_leg_status(deps.storage, &CONFIG.load(deps.storage)?, now)?;

    Ok(Response::new().add_attributes([
        Attribute::new("action", "post_attestation"),
        Attribute::new("attestation_id", id.to_string()),
        Attribute::new("attestor", att.attestor.as_str()),
        Attribute::new("reserves", att.reserves.to_string()),
        Attribute::new("supply", att.supply.to_string()),
        Attribute::new("as_of", att.as_of.seconds().to_string()),
        Attribute::new("report_uri", att.report_uri),
        Attribute::new("report_hash", att.report_hash.to_hex()),
        Attribute::new(
            "coverage",
            status
                .coverage
                .map(|c| c.to_string())
                .unwrap_or_else(|| "overflow".to_string()),
        ),
        Attribute::new("healthy", status.healthy.to_string()),
    ]))
}
