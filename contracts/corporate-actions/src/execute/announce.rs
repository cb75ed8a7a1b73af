//! Announce and cancel (paying agent).

use cosmwasm_std::{
    Addr, Attribute, DepsMut, Env, MessageInfo, OverflowError, OverflowOperation, QuerierWrapper,
    Response, Timestamp, Uint128,
};
use sto_access::{validate_addr, Role};
use sto_interface::actions::{
    ActionKind, ActionStatus, AmountBasis, CorporateAction, MAX_CLAIM_WINDOW,
};
use sto_interface::token::{self, SecurityToken};

use crate::error::ContractError;
use crate::execute::{ensure_token_paying_agent, save_new_action, token_has_role};
use crate::math;
use crate::state::{ACTIONS_BY_TOKEN, LAST_ACTION_ID};

/// The announcement as given.
pub struct Announcement {
    /// The security token (unchecked).
    pub token: String,
    /// Kind of action.
    pub kind: ActionKind,
    /// Record height, strictly in the future.
    pub record_height: u64,
    /// Rate per unit or total amount.
    pub basis: AmountBasis,
    /// Claims open at this time.
    pub payment_time: Timestamp,
    /// Claims close at this time.
    pub claim_deadline: Timestamp,
    /// Withhold by jurisdiction.
    pub withholding: bool,
    /// Receives what is left at close (unchecked).
    pub reclaim_address: String,
}

/// Validate an announcement, record the action and open its record checkpoint on the token
/// (paying agent; the distributor's role is checked at dispatch, the token's `paying_agent`
/// role here).
pub fn announce(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    a: Announcement,
) -> Result<Response, ContractError> {
    let token_addr = validate_addr(deps.api, &a.token)?;
    let reclaim_address = validate_addr(deps.api, &a.reclaim_address)?;
    if a.record_height <= env.block.height {
        return Err(ContractError::RecordHeightNotInFuture {
            record_height: a.record_height,
            current: env.block.height,
        });
    }
    if a.payment_time <= env.block.time {
        return Err(ContractError::PaymentTimeNotInFuture {
            payment_time: a.payment_time,
            now: env.block.time,
        });
    }
    if a.claim_deadline <= a.payment_time {
        return Err(ContractError::DeadlineNotAfterPayment {
            payment_time: a.payment_time,
            claim_deadline: a.claim_deadline,
        });
    }
    // Checked: `now + MAX_CLAIM_WINDOW` in nanoseconds.
    let latest = MAX_CLAIM_WINDOW
        .checked_mul(1_000_000_000)
        .and_then(|n| env.block.time.nanos().checked_add(n))
        .map(Timestamp::from_nanos)
        .ok_or(ContractError::Overflow(OverflowError::new(
            OverflowOperation::Add,
        )))?;
    if a.claim_deadline > latest {
        return Err(ContractError::ClaimDeadlineTooFar {
            claim_deadline: a.claim_deadline,
            latest,
        });
    }
    match a.basis {
        AmountBasis::PerUnit { rate } if rate.is_zero() => {
            return Err(ContractError::ZeroAmount {
                field: "rate".to_string(),
            })
        }
        AmountBasis::Total { amount } if amount.is_zero() => {
            return Err(ContractError::ZeroAmount {
                field: "amount".to_string(),
            })
        }
        _ => {}
    }

    // The token: a token answering `token_info`, whose current supply the rate fits, and on
    // which the distributor holds the roles the action needs.
    let info_res: cw20::TokenInfoResponse = deps
        .querier
        .query_wasm_smart(&token_addr, &token::QueryMsg::TokenInfo {})?;
    math::required_amount(&a.basis, info_res.total_supply)?;
    // The sender must be a paying agent of this token, not only of the distributor.
    ensure_token_paying_agent(&deps.querier, &token_addr, &info.sender)?;
    ensure_token_role(
        &deps.querier,
        &token_addr,
        Role::CheckpointOpener,
        &env.contract.address,
    )?;
    if a.kind.burns_tokens() {
        ensure_token_role(
            &deps.querier,
            &token_addr,
            Role::Redeemer,
            &env.contract.address,
        )?;
    }

    let id = LAST_ACTION_ID
        .load(deps.storage)?
        .checked_add(1)
        .ok_or_else(|| {
            ContractError::Overflow(cosmwasm_std::OverflowError::new(
                cosmwasm_std::OverflowOperation::Add,
            ))
        })?;
    LAST_ACTION_ID.save(deps.storage, &id)?;
    let action = CorporateAction {
        id,
        token: token_addr.clone(),
        kind: a.kind,
        basis: a.basis,
        record_height: a.record_height,
        payment_time: a.payment_time,
        claim_deadline: a.claim_deadline,
        withholding: a.withholding,
        reclaim_address,
        status: ActionStatus::Announced,
        announced_by: info.sender.clone(),
        announced_at: env.block.time,
        record_supply: None,
        required: None,
        funded: Uint128::zero(),
        paid: Uint128::zero(),
        withheld: Uint128::zero(),
        reclaimed: Uint128::zero(),
        claimed_units: Uint128::zero(),
        burnt: Uint128::zero(),
        claims: 0,
    };
    save_new_action(deps.storage, &action)?;
    ACTIONS_BY_TOKEN.save(deps.storage, (&token_addr, id), &cosmwasm_std::Empty {})?;

    let checkpoint = SecurityToken(token_addr.clone())
        .open_checkpoint_msg(a.record_height, Some(action.reference()))?;
    let mut attrs = vec![
        Attribute::new("action", "announce_action"),
        Attribute::new("action_id", id.to_string()),
        Attribute::new("token", token_addr.as_str()),
        Attribute::new("kind", a.kind.as_str()),
        Attribute::new("basis", a.basis.as_str()),
    ];
    match a.basis {
        AmountBasis::PerUnit { rate } => attrs.push(Attribute::new("rate", rate.to_string())),
        AmountBasis::Total { amount } => {
            attrs.push(Attribute::new("total_amount", amount.to_string()))
        }
    }
    attrs.extend([
        Attribute::new("record_height", a.record_height.to_string()),
        Attribute::new("payment_time", a.payment_time.seconds().to_string()),
        Attribute::new("claim_deadline", a.claim_deadline.seconds().to_string()),
        Attribute::new("withholding", a.withholding.to_string()),
        Attribute::new("reclaim_address", action.reclaim_address.as_str()),
        Attribute::new("reference", action.reference().to_string()),
        Attribute::new("sub_account_reference", action.sub_account_reference()),
        Attribute::new("sender", info.sender),
    ]);
    Ok(Response::new()
        .add_message(checkpoint)
        .add_attributes(attrs))
}

fn ensure_token_role(
    querier: &QuerierWrapper,
    token: &Addr,
    role: Role,
    me: &Addr,
) -> Result<(), ContractError> {
    if token_has_role(querier, token, role, me)? {
        Ok(())
    } else {
        Err(ContractError::MissingTokenRole {
            token: token.clone(),
            role,
        })
    }
}
