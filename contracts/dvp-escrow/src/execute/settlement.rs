//! The legs arriving, and atomic settlement when both are in.

use cosmwasm_std::{
    from_json, Addr, CosmosMsg, DepsMut, Empty, Env, Event, MessageInfo, QuerierWrapper, Response,
    Storage, Uint128,
};
use cw20::Cw20ReceiveMsg;
use sto_interface::cash::{CashAdapter, CashReceipt, ReleaseKind};
use sto_interface::common::EventRef;
use sto_interface::escrow::{
    FinalityRecord, FundedLeg, InstructionStatus, ReceiveMsg, SettlementInstruction,
};
use sto_interface::token::SecurityToken;

use crate::error::{ContractError, Leg};
use crate::execute::offerings::subscribe;
use crate::execute::{
    change_escrowed, load_open_instruction, update_cash_position, update_security_position,
};
use crate::state::{CONFIG, FINALITY, FINALITY_BY_PARTY, FINALITY_BY_TOKEN, INSTRUCTIONS};

/// The messages and event of a settlement decided in this transaction.
pub struct Settlement {
    /// Token transfer to the buyer, then cash release to the seller (plain messages: if either
    /// fails, the whole transaction fails).
    pub messages: Vec<CosmosMsg>,
    /// The `settle` event.
    pub event: Event,
}

/// CW20 hook: the seller delivers the security leg.
pub fn receive(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    wrapper: Cw20ReceiveMsg,
) -> Result<Response, ContractError> {
    let ReceiveMsg::DeliverSecurities { instruction_id: id } = from_json(&wrapper.msg)?;
    let mut instr = load_open_instruction(deps.storage, id)?;
    if info.sender != instr.token {
        return Err(ContractError::WrongToken {
            id,
            expected: instr.token,
            received: info.sender,
        });
    }
    if wrapper.sender != instr.seller.as_str() {
        return Err(ContractError::NotSeller {
            id,
            expected: instr.seller,
            sender: wrapper.sender,
        });
    }
    if wrapper.amount != instr.quantity {
        return Err(ContractError::WrongAmount {
            id,
            leg: Leg::Security,
            expected: instr.quantity,
            received: wrapper.amount,
        });
    }
    if instr.security_leg.is_some() {
        return Err(ContractError::LegAlreadyFunded {
            id,
            leg: Leg::Security,
        });
    }
    let now = env.block.time;
    if now >= instr.deadline {
        return Err(ContractError::DeadlinePassed {
            id,
            deadline: instr.deadline,
            now,
        });
    }

    instr.agreed.seller = true;
    instr.security_leg = Some(FundedLeg {
        funded_by: instr.seller.clone(),
        amount: wrapper.amount,
        funding_id: None,
        funded_height: env.block.height,
        funded_at: now,
        refund: None,
    });
    change_escrowed(
        deps.storage,
        env.block.height,
        &instr.token,
        &instr.seller,
        instr.quantity,
        true,
    )?;
    update_security_position(deps.storage, &instr.seller, &instr.token, |p| {
        p.to_deliver = p.to_deliver.checked_sub(instr.quantity)?;
        p.locked = p.locked.checked_add(instr.quantity)?;
        Ok(())
    })?;
    let res = Response::new()
        .add_attribute("action", "deliver_securities")
        .add_attribute("instruction_id", id.to_string())
        .add_attribute("token", instr.token.as_str())
        .add_attribute("seller", instr.seller.as_str())
        .add_attribute("quantity", instr.quantity)
        .add_attribute("reference", instr.reference().to_string());
    finish_funding(deps, &env, instr, res)
}

/// Adapter callback: USD1 credited to the escrow's pool.
pub fn cash_received(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    receipt: CashReceipt,
) -> Result<Response, ContractError> {
    let cfg = CONFIG.load(deps.storage)?;
    if info.sender != cfg.cash_adapter {
        return Err(ContractError::NotFromAdapter {
            sender: info.sender,
            adapter: cfg.cash_adapter,
        });
    }
    match receipt.reference {
        EventRef::Settlement { id } => fund_cash_leg(deps, env, id, receipt),
        EventRef::Offering { id } => subscribe(deps, env, cfg, id, receipt),
        reference => Err(ContractError::UnsupportedReference { reference }),
    }
}

/// The buyer's cash leg.
fn fund_cash_leg(
    deps: DepsMut,
    env: Env,
    id: u64,
    receipt: CashReceipt,
) -> Result<Response, ContractError> {
    let mut instr = load_open_instruction(deps.storage, id)?;
    if receipt.payer != instr.buyer {
        return Err(ContractError::NotBuyer {
            id,
            expected: instr.buyer,
            payer: receipt.payer,
        });
    }
    if receipt.amount != instr.cash_amount {
        return Err(ContractError::WrongAmount {
            id,
            leg: Leg::Cash,
            expected: instr.cash_amount,
            received: receipt.amount,
        });
    }
    if instr.cash_leg.is_some() {
        return Err(ContractError::LegAlreadyFunded { id, leg: Leg::Cash });
    }
    let now = env.block.time;
    if now >= instr.deadline {
        return Err(ContractError::DeadlinePassed {
            id,
            deadline: instr.deadline,
            now,
        });
    }

    instr.agreed.buyer = true;
    instr.cash_leg = Some(FundedLeg {
        funded_by: instr.buyer.clone(),
        amount: receipt.amount,
        funding_id: Some(receipt.funding_id),
        funded_height: env.block.height,
        funded_at: now,
        refund: None,
    });
    update_cash_position(deps.storage, &instr.buyer, |p| {
        p.to_deliver = p.to_deliver.checked_sub(instr.cash_amount)?;
        p.locked = p.locked.checked_add(instr.cash_amount)?;
        Ok(())
    })?;
    let res = Response::new()
        .add_attribute("action", "deliver_cash")
        .add_attribute("instruction_id", id.to_string())
        .add_attribute("funding_id", receipt.funding_id.to_string())
        .add_attribute("buyer", instr.buyer.as_str())
        .add_attribute("cash_amount", instr.cash_amount)
        .add_attribute("reference", instr.reference().to_string());
    finish_funding(deps, &env, instr, res)
}

/// After a leg arrived: settle when possible, else say what is still awaited.
fn finish_funding(
    deps: DepsMut,
    env: &Env,
    instr: SettlementInstruction,
    mut res: Response,
) -> Result<Response, ContractError> {
    let id = instr.id;
    let (instr, settle) = try_settle(deps.storage, &deps.querier, env, instr)?;
    match settle {
        Some(s) => res = res.add_messages(s.messages).add_event(s.event),
        None => {
            res = res.add_attribute("awaiting", missing_for_settlement(&instr, env).join(","));
        }
    }
    INSTRUCTIONS.save(deps.storage, id, &instr)?;
    Ok(res)
}

/// Anyone settles an instruction whose legs are in (e.g. once a separate approval arrived).
pub fn settle(deps: DepsMut, env: Env, id: u64) -> Result<Response, ContractError> {
    let instr = load_open_instruction(deps.storage, id)?;
    let now = env.block.time;
    if now >= instr.deadline {
        return Err(ContractError::DeadlinePassed {
            id,
            deadline: instr.deadline,
            now,
        });
    }
    let missing = missing_for_settlement(&instr, &env);
    if !missing.is_empty() {
        return Err(ContractError::NotReadyToSettle { id, missing });
    }
    let (instr, settle) = try_settle(deps.storage, &deps.querier, &env, instr)?;
    let Some(settle) = settle else {
        return Err(ContractError::NotReadyToSettle {
            id,
            missing: missing_for_settlement(&instr, &env),
        });
    };
    INSTRUCTIONS.save(deps.storage, id, &instr)?;
    Ok(Response::new()
        .add_attribute("action", "settle_request")
        .add_attribute("instruction_id", id.to_string())
        .add_messages(settle.messages)
        .add_event(settle.event))
}

/// What an open instruction still lacks to settle: `security_leg`, `cash_leg`, `approval`
/// or `approval_expired`.
pub fn missing_for_settlement(instr: &SettlementInstruction, env: &Env) -> Vec<String> {
    let mut missing = vec![];
    if instr.security_leg.is_none() {
        missing.push("security_leg".to_string());
    }
    if instr.cash_leg.is_none() {
        missing.push("cash_leg".to_string());
    }
    if instr.approver.is_some() {
        match &instr.approval {
            None => missing.push("approval".to_string()),
            Some(a) if !a.is_valid(env.block.time) => missing.push("approval_expired".to_string()),
            Some(_) => {}
        }
    }
    missing
}

/// Settle `instr` now if nothing is missing (the caller checked status and deadline): mark it
/// settled, write the finality record and its indexes, and return the two movements. The
/// caller saves the instruction.
///
/// Before deciding, the token is asked `can_transfer(escrow, buyer, quantity)`: a refusal
/// fails with [`ContractError::SettlementRefused`] and the token's first reason, so the
/// transaction that tried to settle (a funding, an approval, a `settle`) reverts and nothing
/// moves.
pub fn try_settle(
    storage: &mut dyn Storage,
    querier: &QuerierWrapper,
    env: &Env,
    mut instr: SettlementInstruction,
) -> Result<(SettlementInstruction, Option<Settlement>), ContractError> {
    if !missing_for_settlement(&instr, env).is_empty() {
        return Ok((instr, None));
    }
    let (Some(sec), Some(cash)) = (instr.security_leg.clone(), instr.cash_leg.clone()) else {
        return Ok((instr, None));
    };
    let check = SecurityToken(instr.token.clone()).can_transfer(
        querier,
        env.contract.address.as_str(),
        instr.buyer.as_str(),
        instr.quantity,
    )?;
    if let Some(first) = check.refusals.first() {
        return Err(ContractError::SettlementRefused {
            id: instr.id,
            code: first.code,
            reason: first.reason,
        });
    }
    let cfg = CONFIG.load(storage)?;
    let reference = instr.reference();

    instr.status = InstructionStatus::Settled;
    instr.closed_at = Some(env.block.time);
    change_escrowed(
        storage,
        env.block.height,
        &instr.token,
        &instr.seller,
        instr.quantity,
        false,
    )?;
    unlock(
        storage,
        &instr.seller,
        &instr.token,
        instr.quantity,
        &instr.buyer,
        instr.cash_amount,
    )?;

    let record = FinalityRecord {
        instruction_id: instr.id,
        reference: reference.clone(),
        trade_reference: instr.trade_reference.clone(),
        token: instr.token.clone(),
        seller: instr.seller.clone(),
        buyer: instr.buyer.clone(),
        quantity: instr.quantity,
        security_funded_height: sec.funded_height,
        cash_amount: instr.cash_amount,
        cash_funding_id: cash.funding_id.unwrap_or_default(),
        cash_funded_height: cash.funded_height,
        approver: instr.approver.clone(),
        settled_height: env.block.height,
        settled_time: env.block.time,
    };
    FINALITY.save(storage, instr.id, &record)?;
    FINALITY_BY_PARTY.save(storage, (&instr.seller, instr.id), &Empty {})?;
    FINALITY_BY_PARTY.save(storage, (&instr.buyer, instr.id), &Empty {})?;
    FINALITY_BY_TOKEN.save(storage, (&instr.token, instr.id), &Empty {})?;

    let messages = vec![
        SecurityToken(instr.token.clone()).transfer_msg(instr.buyer.as_str(), instr.quantity)?,
        CashAdapter(cfg.cash_adapter).release(
            instr.seller.as_str(),
            instr.cash_amount,
            reference.clone(),
            ReleaseKind::Settlement,
        )?,
    ];
    let event = Event::new("dvp_settle").add_attributes([
        ("action", "settle".to_string()),
        ("instruction_id", instr.id.to_string()),
        ("token", instr.token.to_string()),
        ("seller", instr.seller.to_string()),
        ("buyer", instr.buyer.to_string()),
        ("quantity", instr.quantity.to_string()),
        ("cash_amount", instr.cash_amount.to_string()),
        ("cash_funding_id", record.cash_funding_id.to_string()),
        ("settled_height", env.block.height.to_string()),
        ("reference", reference.to_string()),
    ]);
    Ok((instr, Some(Settlement { messages, event })))
}

/// Release both legs from the parties' pre-funding positions at settlement.
fn unlock(
    storage: &mut dyn Storage,
    seller: &Addr,
    token: &Addr,
    quantity: Uint128,
    buyer: &Addr,
    cash: Uint128,
) -> Result<(), ContractError> {
    update_security_position(storage, seller, token, |p| {
        p.locked = p.locked.checked_sub(quantity)?;
        Ok(())
    })?;
    update_cash_position(storage, buyer, |p| {
        p.locked = p.locked.checked_sub(cash)?;
        Ok(())
    })
}
