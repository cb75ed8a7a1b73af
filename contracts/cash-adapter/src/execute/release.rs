//! Releases out of a client's own pool, and the owner's resolution of parked releases.

use cosmwasm_std::{Attribute, DepsMut, Env, MessageInfo, Response, Uint128};
use sto_access::{assert_owner, validate_addr};
use sto_interface::cash::{Movement, ParkedOutcome, ParkedResolution, ReleaseKind, MAX_TEXT_LEN};
use sto_interface::common::EventRef;

use crate::error::ContractError;
use crate::execute::{
    ensure_positive, is_blocked, pay_out, record, update_totals, validate_reference, validate_text,
};
use crate::state::{CLIENTS, CONFIG, PARKED, PARKED_OPEN};

/// A client pays `amount` out of its own pool. Never blocked by health or halt; a blocked
/// recipient is parked.
pub fn release(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    recipient: String,
    amount: Uint128,
    reference: EventRef,
    kind: ReleaseKind,
) -> Result<Response, ContractError> {
    let recipient = validate_addr(deps.api, &recipient)?;
    ensure_positive(amount)?;
    validate_reference(&reference)?;
    // The pool is the sender's: no message can name another client's pool.
    let mut client = CLIENTS
        .may_load(deps.storage, &info.sender)?
        .ok_or_else(|| ContractError::UnknownClient {
            client: info.sender.to_string(),
        })?;
    if amount > client.pool {
        return Err(ContractError::InsufficientPool {
            client: info.sender,
            available: client.pool,
            requested: amount,
        });
    }
    client.pool = client.pool.checked_sub(amount)?;
    client.released_total = client.released_total.checked_add(amount)?;
    CLIENTS.save(deps.storage, &info.sender, &client)?;
    update_totals(deps.storage, |t| {
        t.pools = t.pools.checked_sub(amount)?;
        Ok(())
    })?;

    let cfg = CONFIG.load(deps.storage)?;
    let payout = pay_out(
        deps.storage,
        &deps.querier,
        &env,
        &cfg,
        Some(info.sender),
        recipient,
        amount,
        reference,
        kind,
        Movement::Release { kind },
    )?;
    let mut attrs = vec![Attribute::new("action", "release")];
    attrs.extend(payout.entry.attributes());
    attrs.push(Attribute::new("outcome", payout.outcome()));
    attrs.push(Attribute::new("pool", client.pool.to_string()));
    Ok(Response::new()
        .add_attributes(attrs)
        .add_messages(payout.msg))
}

/// The owner pays out a parked release: to the original recipient once unblocked, or to
/// another address that is not blocked.
pub fn resolve_parked(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    resolution: ParkedResolution,
) -> Result<Response, ContractError> {
    assert_owner(deps.storage, &info.sender)?;
    let mut parked = PARKED
        .may_load(deps.storage, id)?
        .ok_or(ContractError::ParkedNotFound { id })?;
    if parked.outcome.is_some() {
        return Err(ContractError::ParkedAlreadyResolved { id });
    }
    let (paid_to, reason_ref) = match resolution {
        ParkedResolution::Deliver {} => (parked.recipient.clone(), None),
        ParkedResolution::Redirect {
            recipient,
            reason_ref,
        } => {
            validate_text("reason_ref", &reason_ref, MAX_TEXT_LEN)?;
            (validate_addr(deps.api, &recipient)?, Some(reason_ref))
        }
    };
    let cfg = CONFIG.load(deps.storage)?;
    if is_blocked(&deps.querier, &cfg, &env, &paid_to)? {
        return Err(ContractError::RecipientBlocked { recipient: paid_to });
    }

    let entry = record(
        deps.storage,
        &env,
        Movement::ParkedPaid {
            kind: parked.kind,
            parked_id: id,
        },
        parked.client.clone(),
        parked.reference.clone(),
        paid_to.clone(),
        parked.amount,
    )?;
    let redirected = paid_to != parked.recipient;
    parked.outcome = Some(ParkedOutcome {
        paid_to: paid_to.clone(),
        redirected,
        reason_ref: reason_ref.clone(),
        resolved_at: env.block.time,
        ledger_id: entry.id,
    });
    PARKED.save(deps.storage, id, &parked)?;
    PARKED_OPEN.remove(deps.storage, id);
    update_totals(deps.storage, |t| {
        t.parked = t.parked.checked_sub(parked.amount)?;
        Ok(())
    })?;
    let msg = cfg.asset.transfer_msg(&paid_to, parked.amount)?;

    let mut attrs = vec![Attribute::new(
        "action",
        if redirected {
            "redirect_parked"
        } else {
            "deliver_parked"
        },
    )];
    attrs.extend(entry.attributes());
    attrs.push(Attribute::new("original_recipient", parked.recipient));
    if let Some(r) = reason_ref {
        attrs.push(Attribute::new("reason_ref", r));
    }
    attrs.push(Attribute::new("sender", info.sender));
    Ok(Response::new().add_attributes(attrs).add_message(msg))
}
