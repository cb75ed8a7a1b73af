//! Message handlers, one file per concern, and the bookkeeping they share.

pub mod admin;
pub mod claims;
pub mod instructions;
pub mod offerings;
pub mod refunds;
pub mod settlement;
pub mod surplus;

use cosmwasm_std::{
    Addr, CustomQuery, OverflowError, OverflowOperation, QuerierWrapper, StdResult, Storage,
    Timestamp, Uint128,
};
use sto_access::{assert_role, HasRoleResponse, Role};
use sto_interface::allowlist;
use sto_interface::escrow::{InstructionStatus, SettlementInstruction};
use sto_interface::token::{QueryMsg as TokenQueryMsg, ReasonCode, SecurityToken};

use crate::error::ContractError;
use crate::state::{
    CashPosition, SecurityPosition, ALLOWED_TOKENS, CASH_POSITIONS, ESCROWED, INSTRUCTIONS,
    OWED_TOKENS, SECURITY_POSITIONS,
};

/// Load an instruction or fail with `InstructionNotFound`.
pub fn load_instruction(
    storage: &dyn Storage,
    id: u64,
) -> Result<SettlementInstruction, ContractError> {
    INSTRUCTIONS
        .may_load(storage, id)?
        .ok_or(ContractError::InstructionNotFound { id })
}

/// Load an instruction that must still be open.
pub fn load_open_instruction(
    storage: &dyn Storage,
    id: u64,
) -> Result<SettlementInstruction, ContractError> {
    let instr = load_instruction(storage, id)?;
    if instr.status != InstructionStatus::Open {
        return Err(ContractError::InstructionClosed {
            id,
            status: instr.status,
        });
    }
    Ok(instr)
}

/// Check a free-form reference: 1 to `max` characters.
pub fn validate_text(field: &str, value: &str, max: usize) -> Result<(), ContractError> {
    if value.is_empty() || value.chars().count() > max {
        return Err(ContractError::InvalidReference {
            field: field.to_string(),
            max,
        });
    }
    Ok(())
}

/// Fail with `ZeroAmount` when `amount` is zero.
pub fn ensure_positive(field: &str, amount: Uint128) -> Result<(), ContractError> {
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {
            field: field.to_string(),
        });
    }
    Ok(())
}

/// Add (`up`) or remove `amount` of `token` held for `seller`, snapshotted at `height`.
pub fn change_escrowed(
    storage: &mut dyn Storage,
    height: u64,
    token: &Addr,
    seller: &Addr,
    amount: Uint128,
    up: bool,
) -> Result<Uint128, ContractError> {
    let current = ESCROWED
        .may_load(storage, (token, seller))?
        .unwrap_or_default();
    let next = if up {
        current.checked_add(amount)?
    } else {
        current.checked_sub(amount)?
    };
    let owed = OWED_TOKENS.may_load(storage, token)?.unwrap_or_default();
    let owed = if up {
        owed.checked_add(amount)?
    } else {
        owed.checked_sub(amount)?
    };
    if owed.is_zero() {
        OWED_TOKENS.remove(storage, token);
    } else {
        OWED_TOKENS.save(storage, token, &owed)?;
    }
    if next.is_zero() {
        ESCROWED.remove(storage, (token, seller), height)?;
    } else {
        ESCROWED.save(storage, (token, seller), &next, height)?;
    }
    Ok(next)
}

/// Update a party's cash position (removed when it returns to zero).
pub fn update_cash_position(
    storage: &mut dyn Storage,
    party: &Addr,
    f: impl FnOnce(&mut CashPosition) -> Result<(), ContractError>,
) -> Result<(), ContractError> {
    let mut pos = CASH_POSITIONS.may_load(storage, party)?.unwrap_or_default();
    f(&mut pos)?;
    if pos == CashPosition::default() {
        CASH_POSITIONS.remove(storage, party);
    } else {
        CASH_POSITIONS.save(storage, party, &pos)?;
    }
    Ok(())
}

/// Update a party's securities position in one token (removed when it returns to zero).
pub fn update_security_position(
    storage: &mut dyn Storage,
    party: &Addr,
    token: &Addr,
    f: impl FnOnce(&mut SecurityPosition) -> Result<(), ContractError>,
) -> Result<(), ContractError> {
    let mut pos = SECURITY_POSITIONS
        .may_load(storage, (party, token))?
        .unwrap_or_default();
    f(&mut pos)?;
    if pos == SecurityPosition::default() {
        SECURITY_POSITIONS.remove(storage, (party, token));
    } else {
        SECURITY_POSITIONS.save(storage, (party, token), &pos)?;
    }
    Ok(())
}

/// Whether a reason code is about the recipient (who may acquire), not about the sender's
/// balance, freezes or the pause.
pub fn is_recipient_reason(reason: ReasonCode) -> bool {
    matches!(
        reason,
        ReasonCode::RecipientFrozen
            | ReasonCode::RecipientUnknown
            | ReasonCode::RecipientKycExpired
            | ReasonCode::RecipientBlocked
            | ReasonCode::RecipientReassigned
            | ReasonCode::JurisdictionNotAllowed
            | ReasonCode::JurisdictionDenied
            | ReasonCode::InvestorClassTooLow
            | ReasonCode::MaxHoldersReached
            | ReasonCode::MaxHoldersInJurisdictionReached
            | ReasonCode::MaxBalanceExceeded
    )
}

/// The first recipient-side rule that would stop the token issuing `amount` to `to` now, if
/// any. Asks `can_transfer(escrow, to, amount)` and ignores sender-side reasons (the escrow
/// holds no balance of an offering's token; issuance has no sender).
pub fn issuance_refusal<C: CustomQuery>(
    querier: &QuerierWrapper<C>,
    token: &Addr,
    escrow: &Addr,
    to: &Addr,
    amount: Uint128,
) -> StdResult<Option<ReasonCode>> {
    let res = SecurityToken(token.clone()).can_transfer(querier, escrow, to, amount)?;
    Ok(res
        .refusals
        .into_iter()
        .map(|r| r.reason)
        .find(|r| is_recipient_reason(*r)))
}

/// Whether `address` holds `role` on `token` (a smart query to the token's access list).
pub fn token_has_role<C: CustomQuery>(
    querier: &QuerierWrapper<C>,
    token: &Addr,
    role: Role,
    address: &Addr,
) -> StdResult<bool> {
    let res: HasRoleResponse = querier.query_wasm_smart(
        token.clone(),
        &TokenQueryMsg::HasRole {
            role,
            address: address.to_string(),
        },
    )?;
    Ok(res.has_role)
}

/// Fail unless `sender` holds `transfer_agent` on the escrow **and** on `token`: every agent
/// power is checked against the role of the token it touches, so the agent of one token can
/// never move, redirect or cancel another token's units or cash.
pub fn ensure_token_transfer_agent<C: CustomQuery>(
    storage: &dyn Storage,
    querier: &QuerierWrapper<C>,
    token: &Addr,
    sender: &Addr,
) -> Result<(), ContractError> {
    assert_role(storage, Role::TransferAgent, sender)?;
    if token_has_role(querier, token, Role::TransferAgent, sender)? {
        Ok(())
    } else {
        Err(ContractError::NotTokenTransferAgent {
            token: token.clone(),
            sender: sender.clone(),
        })
    }
}

/// `now + seconds`, checked (an overflow is refused, never wrapped or panicking).
pub fn time_after(now: Timestamp, seconds: u64) -> Result<Timestamp, ContractError> {
    let nanos = seconds
        .checked_mul(1_000_000_000)
        .and_then(|n| now.nanos().checked_add(n))
        .ok_or(ContractError::Overflow(OverflowError::new(
            OverflowOperation::Add,
        )))?;
    Ok(Timestamp::from_nanos(nanos))
}

/// Fail unless `token` is on the allow-list and still runs the code it was allowed with (one
/// contract-info query): a contract that is not a registered security token can never be
/// traded or offered, so it can never make a cancel or an expiry revert.
pub fn ensure_tradable<C: CustomQuery>(
    storage: &dyn Storage,
    querier: &QuerierWrapper<C>,
    token: &Addr,
) -> Result<(), ContractError> {
    let Some(allowed) = ALLOWED_TOKENS.may_load(storage, token)? else {
        return Err(ContractError::TokenNotAllowed {
            token: token.clone(),
        });
    };
    if let Some(code_id) = allowlist::changed_code(querier, &allowed)? {
        return Err(ContractError::TokenCodeChanged {
            token: token.clone(),
            allowed_code_id: allowed.code_id,
            code_id,
        });
    }
    Ok(())
}
