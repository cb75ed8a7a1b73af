//! Cancel and expiry, the refunds of funded legs, and parked security refunds.
//!
//! A cash refund is an adapter release of kind `refund`: the adapter never blocks it and parks
//! it itself when the buyer is blocked. A security refund is a token transfer out of the
//! escrow, which the token may refuse (seller frozen, blocked, token paused...). The escrow asks
//! `can_transfer(escrow, seller, quantity)` first and, on a refusal, does not send: it parks the
//! quantity under a [`ParkedSecurityRefund`] still counted as the seller's escrowed quantity,
//! so the cancel or expiry always succeeds and nothing is lost.

use cosmwasm_std::{
    Addr, CosmosMsg, DepsMut, Empty, Env, Event, MessageInfo, QuerierWrapper, Response, Storage,
};
use sto_access::{has_role, validate_addr, Role};
use sto_interface::cash::{CashAdapter, ReleaseKind};
use sto_interface::escrow::{
    InstructionStatus, LegRefund, ParkedResolution, ParkedSecurityRefund, SettlementInstruction,
    MAX_REFERENCE_LEN,
};
use sto_interface::token::SecurityToken;

use crate::error::ContractError;
use crate::execute::{
    change_escrowed, ensure_token_transfer_agent, load_open_instruction, update_cash_position,
    update_security_position, validate_text,
};
use crate::state::{next_id, CONFIG, INSTRUCTIONS, PARKED, PARKED_OPEN, PARKED_SEQ};

/// A party cancels alone while its counterparty has not delivered its leg; once it has, a party
/// asks to cancel (cancelled once every party that agreed asked). The operator that created the
/// instruction cancels alone while it still holds `settlement_operator`.
pub fn cancel(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let mut instr = load_open_instruction(deps.storage, id)?;
    let sender = info.sender;
    let operator_cancel = instr.created_by_operator
        && sender == instr.created_by
        && has_role(deps.storage, Role::SettlementOperator, &sender);
    let is_seller = sender == instr.seller;
    let is_buyer = sender == instr.buyer;
    if !operator_cancel && !is_seller && !is_buyer {
        return Err(ContractError::CannotCancel { id, sender });
    }
    if !operator_cancel {
        let flag = if is_seller {
            &mut instr.cancel_requested.seller
        } else {
            &mut instr.cancel_requested.buyer
        };
        if *flag {
            return Err(ContractError::CancelAlreadyRequested { id, party: sender });
        }
        *flag = true;
    }
    // A party whose counterparty has not delivered withdraws alone: a delivered leg is never
    // held hostage by a counterparty that agreed and then never pays or delivers.
    let counterparty_delivered = if is_seller {
        instr.cash_leg.is_some()
    } else {
        instr.security_leg.is_some()
    };
    let everyone_asked = (!instr.agreed.seller || instr.cancel_requested.seller)
        && (!instr.agreed.buyer || instr.cancel_requested.buyer);
    if !operator_cancel && counterparty_delivered && !everyone_asked {
        INSTRUCTIONS.save(deps.storage, id, &instr)?;
        return Ok(Response::new()
            .add_attribute("action", "request_cancel")
            .add_attribute("instruction_id", id.to_string())
            .add_attribute("party", sender)
            .add_attribute("reference", instr.reference().to_string()));
    }
    close_and_refund(
        deps,
        &env,
        instr,
        InstructionStatus::Cancelled,
        "cancel",
        &sender,
    )
}

/// Anyone expires an open instruction at or after its deadline.
pub fn expire(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let instr = load_open_instruction(deps.storage, id)?;
    let now = env.block.time;
    if now < instr.deadline {
        return Err(ContractError::DeadlineNotReached {
            id,
            deadline: instr.deadline,
            now,
        });
    }
    close_and_refund(
        deps,
        &env,
        instr,
        InstructionStatus::Expired,
        "expire",
        &info.sender,
    )
}

/// Close an open instruction with `status`, release the parties' positions and refund each
/// funded leg to whoever funded it (parking a security refund the token would refuse).
fn close_and_refund(
    deps: DepsMut,
    env: &Env,
    mut instr: SettlementInstruction,
    status: InstructionStatus,
    action: &str,
    by: &Addr,
) -> Result<Response, ContractError> {
    let id = instr.id;
    let now = env.block.time;
    let reference = instr.reference();
    instr.status = status;
    instr.closed_at = Some(now);

    let mut messages: Vec<CosmosMsg> = vec![];
    let mut events: Vec<Event> = vec![];

    // Security leg.
    let quantity = instr.quantity;
    let sec_funded = instr.security_leg.is_some();
    update_security_position(deps.storage, &instr.seller, &instr.token, |p| {
        if sec_funded {
            p.locked = p.locked.checked_sub(quantity)?;
        } else {
            p.to_deliver = p.to_deliver.checked_sub(quantity)?;
        }
        Ok(())
    })?;
    if let Some(mut leg) = instr.security_leg.take() {
        let refusal = SecurityToken(instr.token.clone())
            .can_transfer(
                &deps.querier,
                env.contract.address.as_str(),
                leg.funded_by.as_str(),
                leg.amount,
            )?
            .refusals
            .into_iter()
            .next();
        match refusal {
            None => {
                change_escrowed(
                    deps.storage,
                    env.block.height,
                    &instr.token,
                    &instr.seller,
                    leg.amount,
                    false,
                )?;
                messages.push(
                    SecurityToken(instr.token.clone())
                        .transfer_msg(leg.funded_by.as_str(), leg.amount)?,
                );
                leg.refund = Some(LegRefund::Sent { at: now });
                events.push(Event::new("dvp_refund").add_attributes([
                    ("action", "refund_securities".to_string()),
                    ("instruction_id", id.to_string()),
                    ("token", instr.token.to_string()),
                    ("recipient", leg.funded_by.to_string()),
                    ("quantity", leg.amount.to_string()),
                    ("reference", reference.to_string()),
                ]));
            }
            Some(refusal) => {
                let parked_id = next_id(deps.storage, &PARKED_SEQ)?;
                let parked = ParkedSecurityRefund {
                    id: parked_id,
                    instruction_id: id,
                    token: instr.token.clone(),
                    recipient: leg.funded_by.clone(),
                    amount: leg.amount,
                    error: format!(
                        "reason {} `{}`: {}",
                        refusal.code, refusal.reason, refusal.message
                    ),
                    parked_at: now,
                    resolution: None,
                };
                PARKED.save(deps.storage, parked_id, &parked)?;
                PARKED_OPEN.save(deps.storage, parked_id, &Empty {})?;
                leg.refund = Some(LegRefund::Parked { parked_id });
                events.push(Event::new("dvp_refund").add_attributes([
                    ("action", "park_security_refund".to_string()),
                    ("instruction_id", id.to_string()),
                    ("parked_id", parked_id.to_string()),
                    ("token", instr.token.to_string()),
                    ("recipient", leg.funded_by.to_string()),
                    ("quantity", leg.amount.to_string()),
                    ("reason_code", refusal.code.to_string()),
                    ("reason", refusal.reason.to_string()),
                    ("reference", reference.to_string()),
                ]));
            }
        }
        instr.security_leg = Some(leg);
    }

    // Cash leg.
    let cash_amount = instr.cash_amount;
    let cash_funded = instr.cash_leg.is_some();
    update_cash_position(deps.storage, &instr.buyer, |p| {
        if cash_funded {
            p.locked = p.locked.checked_sub(cash_amount)?;
        } else {
            p.to_deliver = p.to_deliver.checked_sub(cash_amount)?;
        }
        Ok(())
    })?;
    if let Some(mut leg) = instr.cash_leg.take() {
        let cfg = CONFIG.load(deps.storage)?;
        messages.push(CashAdapter(cfg.cash_adapter).release(
            leg.funded_by.as_str(),
            leg.amount,
            reference.clone(),
            ReleaseKind::Refund,
        )?);
        leg.refund = Some(LegRefund::Sent { at: now });
        events.push(Event::new("dvp_refund").add_attributes([
            ("action", "refund_cash".to_string()),
            ("instruction_id", id.to_string()),
            ("recipient", leg.funded_by.to_string()),
            ("cash_amount", leg.amount.to_string()),
            ("reference", reference.to_string()),
        ]));
        instr.cash_leg = Some(leg);
    }

    INSTRUCTIONS.save(deps.storage, id, &instr)?;
    Ok(Response::new()
        .add_attribute("action", action)
        .add_attribute("instruction_id", id.to_string())
        .add_attribute("status", status.as_str())
        .add_attribute("by", by.as_str())
        .add_attribute("seller", instr.seller.as_str())
        .add_attribute("buyer", instr.buyer.as_str())
        .add_attribute("reference", reference.to_string())
        .add_messages(messages)
        .add_events(events))
}

/// Load an undelivered parked refund.
fn load_open_parked(storage: &dyn Storage, id: u64) -> Result<ParkedSecurityRefund, ContractError> {
    let parked = PARKED
        .may_load(storage, id)?
        .ok_or(ContractError::ParkedRefundNotFound { id })?;
    if let Some(r) = &parked.resolution {
        return Err(ContractError::ParkedRefundResolved {
            id,
            paid_to: r.paid_to.clone(),
        });
    }
    Ok(parked)
}

/// Fail with `ParkedRefundStillRefused` when the token would refuse the delivery now.
fn ensure_deliverable(
    querier: &QuerierWrapper,
    env: &Env,
    parked: &ParkedSecurityRefund,
    recipient: &Addr,
) -> Result<(), ContractError> {
    let check = SecurityToken(parked.token.clone()).can_transfer(
        querier,
        env.contract.address.as_str(),
        recipient.as_str(),
        parked.amount,
    )?;
    match check.refusals.first() {
        None => Ok(()),
        Some(first) => Err(ContractError::ParkedRefundStillRefused {
            id: parked.id,
            recipient: recipient.clone(),
            code: first.code,
            reason: first.reason,
        }),
    }
}

/// Deliver a parked refund to `recipient` and record how.
fn deliver_parked(
    deps: DepsMut,
    env: &Env,
    mut parked: ParkedSecurityRefund,
    recipient: Addr,
    resolved_by: Addr,
    legal_reference: Option<String>,
) -> Result<Response, ContractError> {
    ensure_deliverable(&deps.querier, env, &parked, &recipient)?;
    change_escrowed(
        deps.storage,
        env.block.height,
        &parked.token,
        &parked.recipient,
        parked.amount,
        false,
    )?;
    parked.resolution = Some(ParkedResolution {
        paid_to: recipient.clone(),
        resolved_by: resolved_by.clone(),
        legal_reference: legal_reference.clone(),
        resolved_at: env.block.time,
    });
    PARKED.save(deps.storage, parked.id, &parked)?;
    PARKED_OPEN.remove(deps.storage, parked.id);
    let msg =
        SecurityToken(parked.token.clone()).transfer_msg(recipient.as_str(), parked.amount)?;
    let mut res = Response::new()
        .add_message(msg)
        .add_attribute(
            "action",
            if legal_reference.is_some() {
                "resolve_parked_refund"
            } else {
                "retry_parked_refund"
            },
        )
        .add_attribute("parked_id", parked.id.to_string())
        .add_attribute("instruction_id", parked.instruction_id.to_string())
        .add_attribute("token", parked.token.as_str())
        .add_attribute("original_recipient", parked.recipient.as_str())
        .add_attribute("paid_to", recipient)
        .add_attribute("quantity", parked.amount)
        .add_attribute("resolved_by", resolved_by);
    if let Some(r) = legal_reference {
        res = res.add_attribute("legal_reference", r);
    }
    Ok(res)
}

/// Anyone delivers a parked refund to its recipient once the token accepts it.
pub fn retry_parked(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let parked = load_open_parked(deps.storage, id)?;
    let recipient = parked.recipient.clone();
    deliver_parked(deps, &env, parked, recipient, info.sender, None)
}

/// The transfer agent delivers a parked refund to another wallet, with a legal reference.
pub fn resolve_parked(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    recipient: String,
    legal_reference: String,
) -> Result<Response, ContractError> {
    let recipient = validate_addr(deps.api, &recipient)?;
    validate_text("legal_reference", &legal_reference, MAX_REFERENCE_LEN)?;
    let parked = load_open_parked(deps.storage, id)?;
    ensure_token_transfer_agent(deps.storage, &deps.querier, &parked.token, &info.sender)?;
    deliver_parked(
        deps,
        &env,
        parked,
        recipient,
        info.sender,
        Some(legal_reference),
    )
}
