//! The owner's allow-list of tokens, each pinned to the code it runs.

use cosmwasm_std::{Addr, Attribute, DepsMut, Env, HexBinary, MessageInfo, QuerierWrapper};
use cosmwasm_std::{Response, Storage};
use sto_access::{assert_owner, validate_addr};
use sto_interface::allowlist;

use crate::error::ContractError;
use crate::state::ALLOWED_TOKENS;

/// Fail unless `token` is allowed and still runs the code it was allowed with (a contract-info
/// query of the chain; the token's code is not loaded).
pub fn ensure_allowed(
    storage: &dyn Storage,
    querier: &QuerierWrapper,
    token: &Addr,
) -> Result<(), ContractError> {
    let allowed =
        ALLOWED_TOKENS
            .may_load(storage, token)?
            .ok_or_else(|| ContractError::TokenNotAllowed {
                token: token.clone(),
            })?;
    if let Some(code_id) = allowlist::changed_code(querier, &allowed)? {
        return Err(ContractError::TokenCodeChanged {
            token: token.clone(),
            allowed_code_id: allowed.code_id,
            code_id,
        });
    }
    Ok(())
}

/// Allow a token whose code has the expected checksum (owner only).
pub fn allow_token(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    token: String,
    checksum: HexBinary,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    let token = validate_addr(deps.api, &token)?;
    let allowed = match allowlist::pin(&deps.querier, &token, checksum.clone(), env.block.time)? {
        Ok(allowed) => allowed,
        Err(actual) => {
            return Err(ContractError::TokenChecksumMismatch {
                token,
                expected: checksum,
                actual,
            })
        }
    };
    ALLOWED_TOKENS.save(deps.storage, &token, &allowed)?;
    Ok(Response::new().add_attributes([
        Attribute::new("action", "allow_token"),
        Attribute::new("token", token),
        Attribute::new("code_id", allowed.code_id.to_string()),
        Attribute::new("checksum", checksum.to_hex()),
        Attribute::new("sender", info.sender),
    ]))
}

/// Take a token off the allow-list (owner only).
pub fn disallow_token(
    deps: DepsMut,
    info: MessageInfo,
    token: String,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    let token = validate_addr(deps.api, &token)?;
    if !ALLOWED_TOKENS.has(deps.storage, &token) {
        return Err(ContractError::TokenNotAllowed { token });
    }
    ALLOWED_TOKENS.remove(deps.storage, &token);
    Ok(Response::new().add_attributes([
        Attribute::new("action", "disallow_token"),
        Attribute::new("token", token),
        Attribute::new("sender", info.sender),
    ]))
}
