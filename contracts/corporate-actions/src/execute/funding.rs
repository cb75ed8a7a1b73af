//! Funding through the cash adapter: the `cash_received` callback.

use cosmwasm_std::{Attribute, DepsMut, Env, MessageInfo, Response};
use sto_access::Role;
use sto_interface::actions::{ActionStatus, FundingMode};
use sto_interface::cash::CashReceipt;
use sto_interface::common::EventRef;
use sto_interface::token::SecurityToken;

use crate::error::ContractError;
use crate::execute::{ensure_token_paying_agent, load_action};
use crate::math;
use crate::state::{ACTIONS, CONFIG};

/// The adapter credited `receipt.amount` to the distributor's pool for an action. Returning an
/// error reverts the whole funding: the payer keeps the USD1.
///
/// The payer must hold the distributor's and the token's `paying_agent` role. The required
/// amount is fixed at the first funding, which is refused before the record
/// height is reached (the supply of record is not known before).
pub fn cash_received(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    receipt: CashReceipt,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    if info.sender != config.cash_adapter {
        return Err(ContractError::NotCashAdapter {
            sender: info.sender,
            adapter: config.cash_adapter,
        });
    }
    let id = match receipt.reference {
        EventRef::CorporateAction { id } => id,
        reference => return Err(ContractError::UnexpectedReference { reference }),
    };
    let mut action = load_action(deps.storage, id)?;
    if action.funding == FundingMode::SubAccount {
        return Err(ContractError::FundedBySubAccount {
            id,
            reference: action.sub_account_reference(),
        });
    }
    // Only a paying agent of the distributor and of the action's token funds an action, so
    // nobody else can block its cancellation or its exact funding.
    if !sto_access::has_role(deps.storage, Role::PayingAgent, &receipt.payer) {
        return Err(ContractError::PayerNotPayingAgent {
            id,
            payer: receipt.payer,
        });
    }
    ensure_token_paying_agent(&deps.querier, &action.token, &receipt.payer)?;
    match action.status {
        ActionStatus::Announced => {}
        ActionStatus::Funded => return Err(ContractError::AlreadyFunded { id }),
        status => return Err(ContractError::ActionNotOpen { id, status }),
    }
    if env.block.height < action.record_height {
        return Err(ContractError::RecordHeightNotReached {
            id,
            record_height: action.record_height,
            current: env.block.height,
        });
    }
    if env.block.time >= action.claim_deadline {
        return Err(ContractError::FundingAfterDeadline {
            id,
            claim_deadline: action.claim_deadline,
            now: env.block.time,
        });
    }
    let required = match action.required {
        Some(required) => required,
        None => {
            let supply = SecurityToken(action.token.clone())
                .total_supply_at(&deps.querier, action.record_height)?;
            if supply.is_zero() {
                return Err(ContractError::ZeroRecordSupply {
                    id,
                    record_height: action.record_height,
                });
            }
            let required = math::required_amount(&action.basis, supply)?;
            if required.is_zero() {
                return Err(ContractError::ZeroAmount {
                    field: "required amount (rate × supply of record)".to_string(),
                });
            }
            if let Some(escrow) = &action.escrow {
                action.escrow_record_balance = SecurityToken(action.token.clone()).balance_at(
                    &deps.querier,
                    escrow,
                    action.record_height,
                )?;
            }
            action.record_supply = Some(supply);
            action.required = Some(required);
            required
        }
    };
    let funded = action.funded.checked_add(receipt.amount)?;
    if funded > required {
        return Err(ContractError::OverFunding {
            id,
            required,
            funded: action.funded,
            offered: receipt.amount,
        });
    }
    action.funded = funded;
    if funded == required {
        action.status = ActionStatus::Funded;
    }
    ACTIONS.save(deps.storage, id, &action)?;

    Ok(Response::new().add_attributes([
        Attribute::new("action", "fund_action"),
        Attribute::new("action_id", id.to_string()),
        Attribute::new("funding_id", receipt.funding_id.to_string()),
        Attribute::new("payer", receipt.payer.as_str()),
        Attribute::new("amount", receipt.amount.to_string()),
        Attribute::new("funded", funded.to_string()),
        Attribute::new("required", required.to_string()),
        Attribute::new(
            "record_supply",
            action
                .record_supply
                .map(|s| s.to_string())
                .unwrap_or_default(),
        ),
        Attribute::new("status", action.status.as_str()),
    ]))
}
