//! Pure logic of a result: threshold, turnout and outcome from the counters.

use cosmwasm_std::{Decimal, StdError, StdResult, Uint128};
use sto_interface::ballots::{Ballot, BallotOutcome, BallotResult, OptionTally};

use crate::state::Tally;

/// Units that must vote: `quorum × record_supply`, rounded up (a 50 % quorum of 3 units needs
/// 2).
pub fn quorum_threshold(quorum: Decimal, record_supply: Uint128) -> StdResult<Uint128> {
    record_supply
        .checked_mul_ceil(quorum)
        .map_err(|e| StdError::generic_err(e.to_string()))
}

/// The option with strictly the most votes, a tie among the highest, or no votes.
pub fn outcome(counters: &[Uint128]) -> BallotOutcome {
    let top = counters.iter().copied().max().unwrap_or_default();
    if top.is_zero() {
        return BallotOutcome::NoVotes {};
    }
    let leaders: Vec<u8> = counters
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == top)
        .map(|(i, _)| i as u8)
        .collect();
    match leaders.as_slice() {
        [option] => BallotOutcome::Winner { option: *option },
        _ => BallotOutcome::Tie { options: leaders },
    }
}

/// The result of `ballot` from its counters and the supply at its record height.
pub fn result(
    ballot: &Ballot,
    tally: &Tally,
    record_supply: Uint128,
    is_final: bool,
) -> StdResult<BallotResult> {
    let turnout = tally
        .0
        .iter()
        .try_fold(Uint128::zero(), |sum, c| sum.checked_add(*c))?;
    let quorum_threshold = quorum_threshold(ballot.quorum, record_supply)?;
    Ok(BallotResult {
        ballot_id: ballot.id,
        is_final,
        closed: ballot.closed,
        record_supply,
        quorum_threshold,
        turnout,
        quorum_met: turnout >= quorum_threshold,
        tallies: ballot
            .options
            .iter()
            .zip(tally.0.iter())
            .enumerate()
            .map(|(i, (label, votes))| OptionTally {
                option: i as u8,
                label: label.clone(),
                votes: *votes,
            })
            .collect(),
        outcome: outcome(&tally.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(v: &[u128]) -> Vec<Uint128> {
        v.iter().map(|x| Uint128::new(*x)).collect()
    }

    #[test]
    fn the_quorum_threshold_rounds_up() {
        assert_eq!(
            quorum_threshold(Decimal::percent(50), Uint128::new(3)).unwrap(),
            Uint128::new(2)
        );
        assert_eq!(
            quorum_threshold(Decimal::percent(50), Uint128::new(4)).unwrap(),
            Uint128::new(2)
        );
        assert_eq!(
            quorum_threshold(Decimal::zero(), Uint128::new(4)).unwrap(),
            Uint128::zero()
        );
        assert_eq!(
            quorum_threshold(Decimal::one(), Uint128::MAX).unwrap(),
            Uint128::MAX
        );
    }

    #[test]
    fn the_outcome_is_a_strict_winner_a_tie_or_no_votes() {
        assert_eq!(outcome(&u(&[0, 0, 0])), BallotOutcome::NoVotes {});
        assert_eq!(outcome(&u(&[3, 5, 4])), BallotOutcome::Winner { option: 1 });
        assert_eq!(
            outcome(&u(&[5, 1, 5])),
            BallotOutcome::Tie {
                options: vec![0, 2]
            }
        );
    }
}
