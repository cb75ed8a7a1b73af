//! Health of the cash leg, computed from the newest attestation, the configuration and a halt.
//!
//! Healthy means all of:
//! * an attestation exists and its age (`now - as_of`) is at most `max_attestation_age`;
//! * `reserves >= supply × min_coverage`, where the right side is rounded **up** (so an
//!   attestation one unit short of the ratio is short) and an overflow counts as short;
//! * the owner has not halted new fundings.
//!
//! The reported `coverage` is `reserves / supply` rounded down.

use cosmwasm_std::{Decimal, StdResult, Storage, Timestamp};
use sto_interface::cash::{Attestation, CashLegStatus, Config, UnhealthyReason};

use crate::state::{ATTESTATIONS, ATTESTATION_SEQ, HALT};

/// The newest attestation, if any.
pub fn latest_attestation(storage: &dyn Storage) -> StdResult<Option<Attestation>> {
    match ATTESTATION_SEQ.may_load(storage)? {
        None | Some(0) => Ok(None),
        Some(id) => ATTESTATIONS.may_load(storage, id),
    }
}

/// Reserves over supply, rounded down; `None` when the supply is zero or the ratio does not
/// fit a `Decimal`.
pub fn coverage(att: &Attestation) -> Option<Decimal> {
    Decimal::checked_from_ratio(att.reserves, att.supply).ok()
}

/// Whether the attestation's reserves cover its supply at `min_coverage`.
pub fn is_covered(att: &Attestation, min_coverage: Decimal) -> bool {
    match att.supply.checked_mul_ceil(min_coverage) {
        Ok(required) => att.reserves >= required,
        Err(_) => false,
    }
}

/// The full status of the cash leg at `now`.
pub fn cash_leg_status(
    storage: &dyn Storage,
    cfg: &Config,
    now: Timestamp,
) -> StdResult<CashLegStatus> {
    let latest = latest_attestation(storage)?;
    let halt = HALT.may_load(storage)?;
    let mut reasons = Vec::new();
    let mut age_seconds = None;
    let mut coverage_now = None;
    match &latest {
        None => reasons.push(UnhealthyReason::NoAttestation),
        Some(att) => {
            // `as_of <= posted_at <= now` always holds; saturate anyway.
            let age = now.seconds().saturating_sub(att.as_of.seconds());
            age_seconds = Some(age);
            coverage_now = coverage(att);
            if age > cfg.max_attestation_age {
                reasons.push(UnhealthyReason::Stale {
                    age_seconds: age,
                    max_age_seconds: cfg.max_attestation_age,
                });
            }
            if !is_covered(att, cfg.min_coverage) {
                reasons.push(UnhealthyReason::Undercollateralized {
                    coverage: coverage_now,
                    min_coverage: cfg.min_coverage,
                });
            }
        }
    }
    if let Some(h) = &halt {
        reasons.push(UnhealthyReason::Halted {
            reason: h.reason.clone(),
        });
    }
    Ok(CashLegStatus {
        healthy: reasons.is_empty(),
        reasons,
        coverage: coverage_now,
        min_coverage: cfg.min_coverage,
        age_seconds,
        max_age_seconds: cfg.max_attestation_age,
        halted: halt.is_some(),
        latest_attestation: latest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{Addr, HexBinary, Uint128};

    fn att(reserves: u128, supply: u128) -> Attestation {
        Attestation {
            id: 1,
            reserves: Uint128::new(reserves),
            supply: Uint128::new(supply),
            as_of: Timestamp::from_seconds(0),
            report_uri: "u".into(),
            report_hash: HexBinary::from(vec![0; 32]),
            attestor: Addr::unchecked("a"),
            posted_at: Timestamp::from_seconds(0),
        }
    }

    #[test]
    fn coverage_is_exact_at_the_boundary_and_rounds_against_the_leg() {
        let min = Decimal::percent(102);
        assert!(is_covered(&att(102, 100), min));
        assert!(!is_covered(&att(101, 100), min));
        // 3 × 1.02 = 3.06 → 4 required: 3.99 reserves would not do, so 3 is short.
        assert!(!is_covered(&att(3, 3), min));
        assert!(is_covered(&att(4, 3), min));
        assert_eq!(
            coverage(&att(2, 3)),
            Some(Decimal::from_ratio(2u128, 3u128))
        );
    }

    #[test]
    fn overflowing_requirement_counts_as_short() {
        assert!(!is_covered(
            &att(u128::MAX, u128::MAX),
            Decimal::percent(200)
        ));
        assert_eq!(coverage(&att(u128::MAX, 1)), None);
    }
}
