//! Allow-lists of security tokens pinned to their audited code, shared by the contracts that
//! trade or issue them (DvP escrow, settlement, primary offering): the owner allows a token
//! with the checksum of its audited code, and business of a token whose code changed since is
//! refused. Each contract keeps its own list and its own typed errors.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, CustomQuery, HexBinary, QuerierWrapper, StdResult, Timestamp};

/// A token on an allow-list, pinned to the code it ran when allowed.
#[cw_serde]
pub struct AllowedToken {
    /// The token contract.
    pub token: Addr,
    /// Its code id when allowed; new business of the token is refused once it changes.
    pub code_id: u64,
    /// Its code checksum when allowed.
    pub checksum: HexBinary,
    /// Block time it was allowed.
    pub allowed_at: Timestamp,
}

/// One page of allowed tokens.
#[cw_serde]
pub struct AllowedTokensResponse {
    /// Tokens in address order.
    pub tokens: Vec<AllowedToken>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// Pin `token` to the code it runs now if that code's checksum is `checksum` (a contract-info
/// and a code-info query): the entry to store, or `Err(actual checksum)`.
pub fn pin<C: CustomQuery>(
    querier: &QuerierWrapper<C>,
    token: &Addr,
    checksum: HexBinary,
    now: Timestamp,
) -> StdResult<Result<AllowedToken, HexBinary>> {
    let code_id = querier.query_wasm_contract_info(token)?.code_id;
    let actual = HexBinary::from(querier.query_wasm_code_info(code_id)?.checksum.as_slice());
    if actual != checksum {
        return Ok(Err(actual));
    }
    Ok(Ok(AllowedToken {
        token: token.clone(),
        code_id,
        checksum,
        allowed_at: now,
    }))
}

/// The code id `allowed.token` runs now when it is not the one it was allowed with (one
/// contract-info query; the token's code is not loaded).
pub fn changed_code<C: CustomQuery>(
    querier: &QuerierWrapper<C>,
    allowed: &AllowedToken,
) -> StdResult<Option<u64>> {
    let code_id = querier.query_wasm_contract_info(&allowed.token)?.code_id;
    Ok((code_id != allowed.code_id).then_some(code_id))
}
