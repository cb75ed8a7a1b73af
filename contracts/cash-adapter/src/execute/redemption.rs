//! The redemption (off-ramp) queue: deposit, confirm, reject, cancel after the deadline.

use cosmwasm_std::{
    Addr, Attribute, DepsMut, Empty, Env, HexBinary, MessageInfo, Response, Storage, Uint128,
};
use sto_access::{assert_role, Role};
use sto_interface::cash::{
    Config, Movement, RedemptionRequest, RedemptionStatus, ReleaseKind, MAX_TEXT_LEN,
};
use sto_interface::common::EventRef;
use sto_interface::registry::IdentityRegistry;

use crate::error::ContractError;
use crate::execute::account::credit_new_cash;
use crate::execute::funding::native_payment;
use crate::execute::{
    ensure_positive, later, pay_out, record, update_totals, validate_hash, validate_text,
};
use crate::state::{next_id, CONFIG, REDEMPTIONS, REDEMPTIONS_BY_STATUS, REDEMPTION_SEQ};

/// Native mode `request_redemption`: the sender is the holder.
pub fn request_native(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    instructions_hash: HexBinary,
) -> Result<Response, ContractError> {
    let cfg = CONFIG.load(deps.storage)?;
    let amount = native_payment(&cfg, &info.funds)?;
    request(deps, env, cfg, info.sender, amount, instructions_hash)
}

/// Queue a deposit that has already arrived. Allowed while unhealthy or halted; the holder
/// must be eligible in the registry.
pub fn request(
    deps: DepsMut,
    env: Env,
    cfg: Config,
    holder: Addr,
    amount: Uint128,
    instructions_hash: HexBinary,
) -> Result<Response, ContractError> {
    ensure_positive(amount)?;
    validate_hash("instructions_hash", &instructions_hash)?;
    if let Err(reason) = IdentityRegistry(cfg.registry.clone()).eligibility(
        &deps.querier,
        &holder,
        env.block.time,
    )? {
        return Err(ContractError::HolderIneligible { holder, reason });
    }
    let queued = enqueue(
        deps.storage,
        &env,
        &cfg,
        holder,
        amount,
        instructions_hash,
        None,
    )?;
    let mut attrs = vec![
        Attribute::new("action", "request_redemption"),
        Attribute::new("redemption_id", queued.id.to_string()),
    ];
    attrs.extend(queued.attributes);
    Ok(Response::new().add_attributes(attrs))
}

/// A request just queued: its id and the attributes describing it (ledger entry, hash,
/// deadline).
pub struct Queued {
    /// Request id.
    pub id: u64,
    /// Attributes after `action` and `redemption_id`.
    pub attributes: Vec<Attribute>,
}

/// Store a pending request for USD1 already taken in (a deposit, or a debit of `account`).
pub fn enqueue(
    storage: &mut dyn Storage,
    env: &Env,
    cfg: &Config,
    holder: Addr,
    amount: Uint128,
    instructions_hash: HexBinary,
    account: Option<String>,
) -> Result<Queued, ContractError> {
    let id = next_id(storage, &REDEMPTION_SEQ)?;
    let deadline = later(env.block.time, cfg.redemption_service_period)?;
    let request = RedemptionRequest {
        id,
        holder: holder.clone(),
        amount,
        instructions_hash,
        status: RedemptionStatus::Pending,
        requested_at: env.block.time,
        deadline,
        resolved_at: None,
        payment_reference: None,
        rejection_reason: None,
        parked_id: None,
        account,
    };
    REDEMPTIONS.save(storage, id, &request)?;
    REDEMPTIONS_BY_STATUS.save(storage, (RedemptionStatus::Pending.as_str(), id), &Empty {})?;
    update_totals(storage, |t| {
        t.redemptions = t.redemptions.checked_add(amount)?;
        Ok(())
    })?;
    let entry = record(
        storage,
        env,
        Movement::RedemptionDeposit,
        None,
        EventRef::OffRamp { id },
        holder,
        amount,
    )?;
    let mut attributes = entry.attributes();
    attributes.push(Attribute::new(
        "instructions_hash",
        request.instructions_hash.to_hex(),
    ));
    attributes.push(Attribute::new("deadline", deadline.seconds().to_string()));
    Ok(Queued { id, attributes })
}

/// Off-ramp operator: forward the USD1 to the redemption address.
pub fn confirm(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    payment_reference: String,
) -> Result<Response, ContractError> {
    assert_role(deps.storage, Role::OffRampOperator, &info.sender)?;
    validate_text("payment_reference", &payment_reference, MAX_TEXT_LEN)?;
    let mut request = load_pending(deps.storage, id)?;
    let cfg = CONFIG.load(deps.storage)?;
    leave_pending(
        deps.storage,
        &mut request,
        RedemptionStatus::Confirmed,
        &env,
    )?;
    request.payment_reference = Some(payment_reference.clone());
    REDEMPTIONS.save(deps.storage, id, &request)?;
    let entry = record(
        deps.storage,
        &env,
        Movement::RedemptionPayout,
        None,
        EventRef::OffRamp { id },
        cfg.redemption_address.clone(),
        request.amount,
    )?;
    let msg = cfg
        .asset
        .transfer_msg(&cfg.redemption_address, request.amount)?;
    let mut attrs = vec![
        Attribute::new("action", "confirm_redemption"),
        Attribute::new("redemption_id", id.to_string()),
    ];
    attrs.extend(entry.attributes());
    attrs.push(Attribute::new("holder", request.holder));
    attrs.push(Attribute::new("payment_reference", payment_reference));
    attrs.push(Attribute::new("operator", info.sender));
    Ok(Response::new().add_attributes(attrs).add_message(msg))
}

/// Off-ramp operator: refuse the request and refund the holder.
pub fn reject(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    reason: String,
) -> Result<Response, ContractError> {
    assert_role(deps.storage, Role::OffRampOperator, &info.sender)?;
    validate_text("reason", &reason, MAX_TEXT_LEN)?;
    let mut request = load_pending(deps.storage, id)?;
    request.rejection_reason = Some(reason.clone());
    let mut res = refund(
        deps,
        env,
        request,
        RedemptionStatus::Rejected,
        "reject_redemption",
    )?;
    res = res
        .add_attribute("reason", reason)
        .add_attribute("operator", info.sender);
    Ok(res)
}

/// Holder: cancel after the service deadline, for a refund.
pub fn cancel(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let request = load_pending(deps.storage, id)?;
    if info.sender != request.holder {
        return Err(ContractError::NotRedemptionHolder {
            id,
            holder: request.holder,
        });
    }
    if env.block.time <= request.deadline {
        return Err(ContractError::ServiceDeadlineNotPassed {
            id,
            deadline: request.deadline,
            now: env.block.time,
        });
    }
    refund(
        deps,
        env,
        request,
        RedemptionStatus::Cancelled,
        "cancel_redemption",
    )
}

fn refund(
    deps: DepsMut,
    env: Env,
    mut request: RedemptionRequest,
    status: RedemptionStatus,
    action: &str,
) -> Result<Response, ContractError> {
    let cfg = CONFIG.load(deps.storage)?;
    leave_pending(deps.storage, &mut request, status, &env)?;
    if let Some(key) = request.account.clone() {
        // Booked from an account: credited back to it (a blocked account still receives).
        credit_new_cash(deps.storage, &key, request.amount)?;
        REDEMPTIONS.save(deps.storage, request.id, &request)?;
        let entry = record(
            deps.storage,
            &env,
            Movement::RedemptionRefund,
            None,
            EventRef::OffRamp { id: request.id },
            request.holder.clone(),
            request.amount,
        )?;
        let mut attrs = vec![
            Attribute::new("action", action),
            Attribute::new("redemption_id", request.id.to_string()),
        ];
        attrs.extend(entry.attributes());
        attrs.push(Attribute::new("outcome", "credited"));
        attrs.push(Attribute::new("account", key));
        return Ok(Response::new().add_attributes(attrs));
    }
    let payout = pay_out(
        deps.storage,
        &deps.querier,
        &env,
        &cfg,
        None,
        request.holder.clone(),
        request.amount,
        EventRef::OffRamp { id: request.id },
        ReleaseKind::Refund,
        Movement::RedemptionRefund,
    )?;
    request.parked_id = payout.parked_id;
    REDEMPTIONS.save(deps.storage, request.id, &request)?;
    let mut attrs = vec![
        Attribute::new("action", action),
        Attribute::new("redemption_id", request.id.to_string()),
    ];
    attrs.extend(payout.entry.attributes());
    attrs.push(Attribute::new("outcome", payout.outcome()));
    Ok(Response::new()
        .add_attributes(attrs)
        .add_messages(payout.msg))
}

fn load_pending(storage: &dyn Storage, id: u64) -> Result<RedemptionRequest, ContractError> {
    let request = REDEMPTIONS
        .may_load(storage, id)?
        .ok_or(ContractError::RedemptionNotFound { id })?;
    if request.status != RedemptionStatus::Pending {
        return Err(ContractError::RedemptionNotPending {
            id,
            status: request.status,
        });
    }
    Ok(request)
}

/// Move a pending request to `status`: status index, resolution time, pending total.
fn leave_pending(
    storage: &mut dyn Storage,
    request: &mut RedemptionRequest,
    status: RedemptionStatus,
    env: &Env,
) -> Result<(), ContractError> {
    REDEMPTIONS_BY_STATUS.remove(storage, (RedemptionStatus::Pending.as_str(), request.id));
    REDEMPTIONS_BY_STATUS.save(storage, (status.as_str(), request.id), &Empty {})?;
    request.status = status;
    request.resolved_at = Some(env.block.time);
    let amount = request.amount;
    update_totals(storage, |t| {
        t.redemptions = t.redemptions.checked_sub(amount)?;
        Ok(())
    })
}
