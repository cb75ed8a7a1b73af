//! Creating instructions, and the parties' and approver's affirmations.

use cosmwasm_std::{
    Addr, DepsMut, Empty, Env, MessageInfo, QuerierWrapper, Response, Timestamp, Uint128,
};
use sto_access::{has_role, validate_addr, Role};
use sto_interface::escrow::{
    Approval, InstructionStatus, PartyFlags, SettlementInstruction, MAX_REFERENCE_LEN,
};
use sto_interface::registry::IdentityRegistry;
use sto_interface::token::{AccountResponse, QueryMsg as TokenQueryMsg, SecurityToken};

use crate::error::ContractError;
use crate::execute::settlement::try_settle;
use crate::execute::{
    change_escrowed, ensure_positive, ensure_token_transfer_agent, ensure_tradable,
    load_open_instruction, time_after, update_cash_position, update_security_position,
    validate_text,
};
use crate::state::{limits, next_id, CONFIG, INSTRUCTIONS, INSTRUCTIONS_BY_PARTY, INSTRUCTION_SEQ};

/// The terms of a new instruction, as given.
pub struct NewInstruction {
    /// Token contract.
    pub token: String,
    /// Seller wallet.
    pub seller: String,
    /// Buyer wallet.
    pub buyer: String,
    /// Token quantity.
    pub quantity: Uint128,
    /// USD1 amount.
    pub cash_amount: Uint128,
    /// Deadline.
    pub deadline: Timestamp,
    /// External trade reference.
    pub trade_reference: Option<String>,
    /// Approver.
    pub approver: Option<String>,
}

/// Validate, ask the token `can_transfer(seller, buyer, quantity)`, and record.
pub fn create(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    terms: NewInstruction,
) -> Result<Response, ContractError> {
    let token = validate_addr(deps.api, &terms.token)?;
    let seller = validate_addr(deps.api, &terms.seller)?;
    let buyer = validate_addr(deps.api, &terms.buyer)?;
    let approver = terms
        .approver
        .as_deref()
        .map(|a| validate_addr(deps.api, a))
        .transpose()?;
    if seller == buyer {
        return Err(ContractError::SameParty { address: seller });
    }
    ensure_positive("quantity", terms.quantity)?;
    ensure_positive("cash_amount", terms.cash_amount)?;
    let now = env.block.time;
    if terms.deadline <= now {
        return Err(ContractError::DeadlineNotInFuture {
            deadline: terms.deadline,
            now,
        });
    }
    let latest = time_after(now, limits(deps.storage)?.max_settlement_window)?;
    if terms.deadline > latest {
        return Err(ContractError::DeadlineTooFar {
            deadline: terms.deadline,
            latest,
        });
    }
    if let Some(r) = &terms.trade_reference {
        validate_text("trade_reference", r, MAX_REFERENCE_LEN)?;
    }

    let sender = info.sender;
    let agreed = PartyFlags {
        seller: sender == seller,
        buyer: sender == buyer,
    };
    let created_by_operator = !agreed.seller && !agreed.buyer;
    if created_by_operator && !has_role(deps.storage, Role::SettlementOperator, &sender) {
        return Err(ContractError::NotPartyOrOperator { sender });
    }

    ensure_tradable(deps.storage, &deps.querier, &token)?;
    let check = SecurityToken(token.clone()).can_transfer(
        &deps.querier,
        seller.as_str(),
        buyer.as_str(),
        terms.quantity,
    )?;
    if let Some(first) = check.refusals.first() {
        return Err(ContractError::TransferNotAllowed {
            code: first.code,
            reason: first.reason,
        });
    }

    let id = next_id(deps.storage, &INSTRUCTION_SEQ)?;
    let instr = SettlementInstruction {
        id,
        token: token.clone(),
        seller: seller.clone(),
        buyer: buyer.clone(),
        quantity: terms.quantity,
        cash_amount: terms.cash_amount,
        deadline: terms.deadline,
        trade_reference: terms.trade_reference,
        approver,
        approval: None,
        created_by: sender.clone(),
        created_by_operator,
        created_at: now,
        agreed,
        cancel_requested: PartyFlags::default(),
        security_leg: None,
        cash_leg: None,
        status: InstructionStatus::Open,
        closed_at: None,
    };
    INSTRUCTIONS.save(deps.storage, id, &instr)?;
    INSTRUCTIONS_BY_PARTY.save(deps.storage, (&seller, id), &Empty {})?;
    INSTRUCTIONS_BY_PARTY.save(deps.storage, (&buyer, id), &Empty {})?;
    update_security_position(deps.storage, &seller, &token, |p| {
        p.to_deliver = p.to_deliver.checked_add(instr.quantity)?;
        Ok(())
    })?;
    update_cash_position(deps.storage, &buyer, |p| {
        p.to_deliver = p.to_deliver.checked_add(instr.cash_amount)?;
        Ok(())
    })?;

    let mut res = Response::new()
        .add_attribute("action", "create_instruction")
        .add_attribute("instruction_id", id.to_string())
        .add_attribute("token", token)
        .add_attribute("seller", seller)
        .add_attribute("buyer", buyer)
        .add_attribute("quantity", instr.quantity)
        .add_attribute("cash_amount", instr.cash_amount)
        .add_attribute("deadline", instr.deadline.seconds().to_string())
        .add_attribute("created_by", sender)
        .add_attribute("reference", instr.reference().to_string());
    if let Some(r) = &instr.trade_reference {
        res = res.add_attribute("trade_reference", r);
    }
    if let Some(a) = &instr.approver {
        res = res.add_attribute("approver", a);
    }
    Ok(res)
}

/// The seller or the buyer agrees to the terms without funding.
pub fn affirm(deps: DepsMut, info: MessageInfo, id: u64) -> Result<Response, ContractError> {
    let mut instr = load_open_instruction(deps.storage, id)?;
    let flag = if info.sender == instr.seller {
        &mut instr.agreed.seller
    } else if info.sender == instr.buyer {
        &mut instr.agreed.buyer
    } else {
        return Err(ContractError::NotAParty {
            id,
            sender: info.sender,
        });
    };
    if *flag {
        return Err(ContractError::AlreadyAgreed {
            id,
            party: info.sender,
        });
    }
    *flag = true;
    INSTRUCTIONS.save(deps.storage, id, &instr)?;
    Ok(Response::new()
        .add_attribute("action", "affirm")
        .add_attribute("instruction_id", id.to_string())
        .add_attribute("party", info.sender)
        .add_attribute("reference", instr.reference().to_string()))
}

/// The approver affirms; settles at once when both legs are in.
pub fn approve(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    expires_at: Option<Timestamp>,
) -> Result<Response, ContractError> {
    let mut instr = load_open_instruction(deps.storage, id)?;
    if instr.approver.as_ref() != Some(&info.sender) {
        return Err(ContractError::NotApprover {
            id,
            sender: info.sender,
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
    if let Some(e) = expires_at {
        if e <= now {
            return Err(ContractError::ApprovalExpiryNotInFuture { expires_at: e, now });
        }
    }
    instr.approval = Some(Approval {
        approved_at: now,
        expires_at,
    });
    let mut res = Response::new()
        .add_attribute("action", "approve")
        .add_attribute("instruction_id", id.to_string())
        .add_attribute("approver", info.sender)
        .add_attribute(
            "expires_at",
            expires_at.map_or_else(|| "never".to_string(), |e| e.seconds().to_string()),
        )
        .add_attribute("reference", instr.reference().to_string());
    let (instr, settle) = try_settle(deps.storage, &deps.querier, &env, instr)?;
    INSTRUCTIONS.save(deps.storage, id, &instr)?;
    if let Some(settle) = settle {
        res = res.add_messages(settle.messages).add_event(settle.event);
    }
    Ok(res)
}

/// The investor owning `wallet`: its registry record (raw read) or, for a wallet the registry no
/// longer knows (removed after a recovery), the investor the token booked it to.
fn investor_of(
    querier: &QuerierWrapper,
    registry: &Addr,
    token: &Addr,
    wallet: &Addr,
) -> Result<Option<String>, ContractError> {
    if let Some(r) = IdentityRegistry(registry.clone()).wallet_record(querier, wallet)? {
        return Ok(Some(r.investor_id));
    }
    let account: AccountResponse = querier.query_wasm_smart(
        token.clone(),
        &TokenQueryMsg::Account {
            address: wallet.to_string(),
        },
    )?;
    Ok(account.investor_id.filter(|_| !account.system_account))
}

/// The transfer agent of the instruction's token replaces a party by another wallet of the same
/// investor: the party's legs, positions, escrowed quantity and index entry follow.
pub fn redirect_party(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    party: String,
    to: String,
    legal_reference: String,
) -> Result<Response, ContractError> {
    let party = validate_addr(deps.api, &party)?;
    let to = validate_addr(deps.api, &to)?;
    validate_text("legal_reference", &legal_reference, MAX_REFERENCE_LEN)?;
    let mut instr = load_open_instruction(deps.storage, id)?;
    ensure_token_transfer_agent(deps.storage, &deps.querier, &instr.token, &info.sender)?;
    let is_seller = party == instr.seller;
    if !is_seller && party != instr.buyer {
        return Err(ContractError::NotAParty { id, sender: party });
    }
    if to == instr.seller || to == instr.buyer {
        return Err(ContractError::SameParty { address: to });
    }
    let registry = CONFIG.load(deps.storage)?.registry;
    let investor =
        investor_of(&deps.querier, &registry, &instr.token, &party)?.ok_or_else(|| {
            ContractError::PartyInvestorUnknown {
                wallet: party.clone(),
            }
        })?;
    let to_investor = IdentityRegistry(registry)
        .wallet_record(&deps.querier, &to)?
        .map(|r| r.investor_id);
    if to_investor.as_deref() != Some(investor.as_str()) {
        return Err(ContractError::NotSameInvestor {
            investor_id: investor,
            recipient: to,
        });
    }

    let token = instr.token.clone();
    if is_seller {
        let quantity = instr.quantity;
        let funded = instr.security_leg.is_some();
        if let Some(leg) = instr.security_leg.as_mut() {
            leg.funded_by = to.clone();
            change_escrowed(
                deps.storage,
                env.block.height,
                &token,
                &party,
                quantity,
                false,
            )?;
            change_escrowed(deps.storage, env.block.height, &token, &to, quantity, true)?;
        }
        for (wallet, up) in [(&party, false), (&to, true)] {
            update_security_position(deps.storage, wallet, &token, |p| {
                let slot = if funded {
                    &mut p.locked
                } else {
                    &mut p.to_deliver
                };
                *slot = if up {
                    slot.checked_add(quantity)?
                } else {
                    slot.checked_sub(quantity)?
                };
                Ok(())
            })?;
        }
        instr.seller = to.clone();
    } else {
        let cash = instr.cash_amount;
        let funded = instr.cash_leg.is_some();
        if let Some(leg) = instr.cash_leg.as_mut() {
            leg.funded_by = to.clone();
        }
        for (wallet, up) in [(&party, false), (&to, true)] {
            update_cash_position(deps.storage, wallet, |p| {
                let slot = if funded {
                    &mut p.locked
                } else {
                    &mut p.to_deliver
                };
                *slot = if up {
                    slot.checked_add(cash)?
                } else {
                    slot.checked_sub(cash)?
                };
                Ok(())
            })?;
        }
        instr.buyer = to.clone();
    }
    INSTRUCTIONS_BY_PARTY.remove(deps.storage, (&party, id));
    INSTRUCTIONS_BY_PARTY.save(deps.storage, (&to, id), &Empty {})?;
    INSTRUCTIONS.save(deps.storage, id, &instr)?;
    Ok(Response::new()
        .add_attribute("action", "redirect_party")
        .add_attribute("instruction_id", id.to_string())
        .add_attribute("role", if is_seller { "seller" } else { "buyer" })
        .add_attribute("from", party)
        .add_attribute("to", to)
        .add_attribute("investor_id", investor)
        .add_attribute("legal_reference", legal_reference)
        .add_attribute("resolved_by", info.sender)
        .add_attribute("reference", instr.reference().to_string()))
}
