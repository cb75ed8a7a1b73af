//! The distributor's arithmetic, pure and checked. Every division rounds **down** (towards the
//! holder receiving less); the dust stays in the action and is reclaimed at close.

use cosmwasm_std::{Decimal, OverflowError, OverflowOperation, Uint128};
use sto_interface::actions::AmountBasis;

use crate::error::ContractError;

/// USD1 an action needs to be payable: `floor(rate × supply)` per unit, or the total.
pub fn required_amount(basis: &AmountBasis, supply: Uint128) -> Result<Uint128, ContractError> {
    match basis {
        AmountBasis::PerUnit { rate } => per_unit(*rate, supply),
        AmountBasis::Total { amount } => Ok(*amount),
    }
}

/// Gross USD1 for `units` held at the record height out of `supply`:
/// `floor(rate × units)` per unit, `floor(total × units / supply)` for a total.
///
/// Because both round down, the gross of all holders together never exceeds
/// [`required_amount`] (for `units` summing to `supply`).
pub fn gross_amount(
    basis: &AmountBasis,
    units: Uint128,
    supply: Uint128,
) -> Result<Uint128, ContractError> {
    match basis {
        AmountBasis::PerUnit { rate } => per_unit(*rate, units),
        AmountBasis::Total { amount } => amount
            .checked_multiply_ratio(units, supply)
            .map_err(|_| ContractError::Overflow(OverflowError::new(OverflowOperation::Mul))),
    }
}

/// Split `gross` at a withholding `rate` (at most 1): `withheld = floor(gross × rate)`,
/// `net = gross - withheld`. Their sum is `gross` exactly.
pub fn split_withholding(
    gross: Uint128,
    rate: Decimal,
) -> Result<(Uint128, Uint128), ContractError> {
    let withheld = gross
        .checked_mul_floor(rate)
        .map_err(|_| ContractError::RateOverflow {
            rate,
            supply: gross,
        })?;
    let net = gross.checked_sub(withheld)?;
    Ok((withheld, net))
}

fn per_unit(rate: Decimal, units: Uint128) -> Result<Uint128, ContractError> {
    units
        .checked_mul_floor(rate)
        .map_err(|_| ContractError::RateOverflow {
            rate,
            supply: units,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn u(v: u128) -> Uint128 {
        Uint128::new(v)
    }

    #[test]
    fn per_unit_rounds_down() {
        let basis = AmountBasis::PerUnit {
            rate: Decimal::percent(150),
        };
        assert_eq!(gross_amount(&basis, u(3), u(10)).unwrap(), u(4));
        assert_eq!(required_amount(&basis, u(10)).unwrap(), u(15));
    }

    #[test]
    fn total_rounds_down() {
        let basis = AmountBasis::Total { amount: u(100) };
        assert_eq!(gross_amount(&basis, u(1), u(3)).unwrap(), u(33));
        assert_eq!(required_amount(&basis, u(3)).unwrap(), u(100));
    }

    #[test]
    fn rate_overflow_is_typed() {
        // Decimal::MAX is about 3.4e20, so the product overflows once the supply passes ~1e18.
        let basis = AmountBasis::PerUnit { rate: Decimal::MAX };
        let supply = u(10u128.pow(30));
        assert_eq!(
            required_amount(&basis, supply).unwrap_err(),
            ContractError::RateOverflow {
                rate: Decimal::MAX,
                supply
            }
        );
        // A large supply with an ordinary rate fits.
        let basis = AmountBasis::PerUnit {
            rate: Decimal::percent(5),
        };
        assert_eq!(
            required_amount(&basis, supply).unwrap(),
            u(5 * 10u128.pow(28))
        );
    }

    #[test]
    fn withholding_split_is_exact() {
        assert_eq!(
            split_withholding(u(101), Decimal::percent(15)).unwrap(),
            (u(15), u(86))
        );
        assert_eq!(
            split_withholding(u(101), Decimal::zero()).unwrap(),
            (u(0), u(101))
        );
        assert_eq!(
            split_withholding(u(101), Decimal::one()).unwrap(),
            (u(101), u(0))
        );
    }

    proptest! {
        /// Whatever the balances and rate, the holders' gross never exceeds the requirement,
        /// and the dust is smaller than one unit per holder.
        #[test]
        fn sum_of_claims_never_exceeds_requirement(
            balances in proptest::collection::vec(0u128..1_000_000_000_000, 1..40),
            rate_atomics in 1u128..10_000_000_000_000_000_000u128,
            total in 1u128..1_000_000_000_000_000,
            wht_permille in 0u64..=1000,
        ) {
            let supply: u128 = balances.iter().sum();
            prop_assume!(supply > 0);
            let wht = Decimal::permille(wht_permille);
            for basis in [
                AmountBasis::PerUnit { rate: Decimal::new(u(rate_atomics)) },
                AmountBasis::Total { amount: u(total) },
            ] {
                let required = required_amount(&basis, u(supply)).unwrap();
                let mut paid = Uint128::zero();
                for b in &balances {
                    let gross = gross_amount(&basis, u(*b), u(supply)).unwrap();
                    let (withheld, net) = split_withholding(gross, wht).unwrap();
                    prop_assert_eq!(withheld + net, gross);
                    paid += gross;
                }
                prop_assert!(paid <= required);
                prop_assert!(required - paid <= u(balances.len() as u128));
            }
        }
    }
}
