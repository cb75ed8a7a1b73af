//! Message handlers, one file per concern, and the helpers they share: input checks, the cash
//! ledger and the pay-out path (which parks payments to blocked recipients).

pub mod account;
pub mod admin;
pub mod attestation;
pub mod funding;
pub mod hold;
pub mod redemption;
pub mod release;
pub mod sub_account;

use cosmwasm_std::{
    Addr, CosmosMsg, Empty, Env, HexBinary, QuerierWrapper, Storage, Timestamp, Uint128,
};
use sto_interface::cash::{
    Config, LedgerEntry, Movement, ParkedRelease, ReleaseKind, HASH_LEN, MAX_TEXT_LEN,
};
use sto_interface::common::EventRef;
use sto_interface::registry::{IdentityRegistry, Ineligibility};

use crate::error::ContractError;
use crate::state::{
    next_id, Totals, LEDGER, LEDGER_BY_REF, LEDGER_SEQ, PARKED, PARKED_OPEN, PARKED_SEQ, TOTALS,
};

/// Check a free-form text field: 1 to `max` characters.
pub fn validate_text(field: &str, value: &str, max: usize) -> Result<(), ContractError> {
    if value.is_empty() || value.chars().count() > max {
        Err(ContractError::InvalidText {
            field: field.to_string(),
            max,
        })
    } else {
        Ok(())
    }
}

/// Check a reference: an external reference is 1 to 128 characters.
pub fn validate_reference(reference: &EventRef) -> Result<(), ContractError> {
    match reference {
        EventRef::External { reference } => validate_text("reference", reference, MAX_TEXT_LEN),
        _ => Ok(()),
    }
}

/// Check a SHA-256 hash field.
pub fn validate_hash(field: &str, hash: &HexBinary) -> Result<(), ContractError> {
    if hash.len() == HASH_LEN {
        Ok(())
    } else {
        Err(ContractError::InvalidHash {
            field: field.to_string(),
            len: hash.len(),
        })
    }
}

/// `time + seconds`, refused rather than wrapped or panicking when it does not fit.
pub fn later(time: Timestamp, seconds: u64) -> Result<Timestamp, ContractError> {
    seconds
        .checked_mul(1_000_000_000)
        .and_then(|nanos| time.nanos().checked_add(nanos))
        .map(Timestamp::from_nanos)
        .ok_or(ContractError::TimeOverflow { time, seconds })
}

/// Refuse a zero amount.
pub fn ensure_positive(amount: Uint128) -> Result<(), ContractError> {
    if amount.is_zero() {
        Err(ContractError::ZeroAmount)
    } else {
        Ok(())
    }
}

/// Whether `addr` is blocked (sanctions) in the registry. Unknown and KYC-expired addresses
/// are not blocked.
pub fn is_blocked(
    querier: &QuerierWrapper,
    cfg: &Config,
    env: &Env,
    addr: &Addr,
) -> Result<bool, ContractError> {
    let eligibility =
        IdentityRegistry(cfg.registry.clone()).eligibility(querier, addr, env.block.time)?;
    Ok(matches!(eligibility, Err(Ineligibility::Blocked)))
}

/// Apply `change` to the running totals.
pub fn update_totals(
    storage: &mut dyn Storage,
    change: impl FnOnce(&mut Totals) -> Result<(), ContractError>,
) -> Result<(), ContractError> {
    let mut totals = TOTALS.may_load(storage)?.unwrap_or_default();
    change(&mut totals)?;
    TOTALS.save(storage, &totals)?;
    Ok(())
}

/// Append an entry to the cash ledger (and its reference index).
pub fn record(
    storage: &mut dyn Storage,
    env: &Env,
    movement: Movement,
    client: Option<Addr>,
    reference: EventRef,
    party: Addr,
    amount: Uint128,
) -> Result<LedgerEntry, ContractError> {
    let id = next_id(storage, &LEDGER_SEQ)?;
    let entry = LedgerEntry {
        id,
        movement,
        client,
        reference,
        party,
        amount,
        height: env.block.height,
        time: env.block.time,
    };
    LEDGER.save(storage, id, &entry)?;
    LEDGER_BY_REF.save(storage, (&entry.reference.to_string(), id), &Empty {})?;
    Ok(entry)
}

/// What happened to a payment out of the adapter.
pub struct Payout {
    /// The transfer, when paid; `None` when parked.
    pub msg: Option<CosmosMsg>,
    /// The ledger entry written.
    pub entry: LedgerEntry,
    /// The parked-release id, when parked.
    pub parked_id: Option<u64>,
}

impl Payout {
    /// `paid` or `parked`, for the `outcome` attribute.
    pub fn outcome(&self) -> &'static str {
        if self.parked_id.is_some() {
            "parked"
        } else {
            "paid"
        }
    }
}

/// Pay `amount` (already debited from its source) to `recipient`, or park it when the
/// recipient is blocked. `paid` is the ledger movement of a payment that goes through.
#[allow(clippy::too_many_arguments)]
pub fn pay_out(
    storage: &mut dyn Storage,
    querier: &QuerierWrapper,
    env: &Env,
    cfg: &Config,
    client: Option<Addr>,
    recipient: Addr,
    amount: Uint128,
    reference: EventRef,
    kind: ReleaseKind,
    paid: Movement,
) -> Result<Payout, ContractError> {
    if !is_blocked(querier, cfg, env, &recipient)? {
        let msg = cfg.asset.transfer_msg(&recipient, amount)?;
        let entry = record(storage, env, paid, client, reference, recipient, amount)?;
        return Ok(Payout {
            msg: Some(msg),
            entry,
            parked_id: None,
        });
    }
    let parked_id = next_id(storage, &PARKED_SEQ)?;
    let entry = record(
        storage,
        env,
        Movement::Parked { kind, parked_id },
        client.clone(),
        reference.clone(),
        recipient.clone(),
        amount,
    )?;
    let parked = ParkedRelease {
        id: parked_id,
        client,
        recipient,
        amount,
        reference,
        kind,
        parked_at: env.block.time,
        ledger_id: entry.id,
        outcome: None,
    };
    PARKED.save(storage, parked_id, &parked)?;
    PARKED_OPEN.save(storage, parked_id, &Empty {})?;
    update_totals(storage, |t| {
        t.parked = t.parked.checked_add(amount)?;
        Ok(())
    })?;
    Ok(Payout {
        msg: None,
        entry,
        parked_id: Some(parked_id),
    })
}
