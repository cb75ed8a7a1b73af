//! Every storage key of the ballots contract.
//!
//! | key            | type                          | what |
//! |----------------|-------------------------------|------|
//! | `contract_info`| cw2                           | contract name and version |
//! | `ownership`    | `Ownership<Addr>`             | owner and pending owner (sto-access) |
//! | `audit`        | raw 40 bytes                  | audit trail head (`sto_interface::audit`) |
//! | `last_id`      | `u64`                         | last ballot id handed out |
//! | `ballot`       | `u64 -> Ballot`               | full terms (title, labels), read by queries and `close` |
//! | `bh`           | `u64 -> BallotHot`            | what a vote needs: token, record height, window, option count |
//! | `v`            | `(u64, Addr) -> StoredVote`   | a wallet's vote: `"option:weight"` |
//! | `t`            | `u64 -> Tally`                | per-option counters: `"c0,c1,..."` |
//! | `result`       | `u64 -> BallotResult`         | final result recorded by `close` |
//!
//! The hot records (`bh`, `v`, `t`) are short keys with compact values: a vote reads `bh`, `v`
//! and `t` and writes `v` and `t`, whatever the number of holders or voters.

use std::fmt;

use cosmwasm_std::{Addr, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};
use serde::{Deserialize, Serialize};
use sto_interface::ballots::{Ballot, BallotResult};

/// Contract name recorded by cw2.
pub const CONTRACT_NAME: &str = "crates.io:ballots";
/// Contract version recorded by cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The last ballot id handed out (ids start at 1).
pub const LAST_BALLOT_ID: Item<u64> = Item::new("last_id");
/// Full ballot terms by id.
pub const BALLOTS: Map<u64, Ballot> = Map::new("ballot");
/// What a vote reads of a ballot, by id.
pub const BALLOTS_HOT: Map<u64, BallotHot> = Map::new("bh");
/// Votes by `(ballot id, wallet)`.
pub const VOTES: Map<(u64, &Addr), StoredVote> = Map::new("v");
/// Per-option counters by ballot id.
pub const TALLIES: Map<u64, Tally> = Map::new("t");
/// The supply at the record height, read raw at the ballot's first vote and kept, so the
/// quorum of a ballot closed after the token retired its record height (when the token no
/// longer keeps that supply) is still computed on the supply of record.
pub const RECORD_SUPPLIES: Map<u64, Uint128> = Map::new("s");
/// Final results recorded by `close`, by ballot id.
pub const RESULTS: Map<u64, BallotResult> = Map::new("result");

/// The part of a ballot a vote reads (short field names keep the record small).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct BallotHot {
    /// Token.
    #[serde(rename = "t")]
    pub token: Addr,
    /// Record height.
    #[serde(rename = "h")]
    pub record_height: u64,
    /// Window start.
    #[serde(rename = "s")]
    pub start: Timestamp,
    /// Window end (exclusive).
    #[serde(rename = "e")]
    pub end: Timestamp,
    /// Number of options.
    #[serde(rename = "n")]
    pub options: u8,
}

/// A wallet's vote, stored as the JSON string `"option:weight"`.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
#[serde(into = "String", try_from = "String")]
pub struct StoredVote {
    /// Option index.
    pub option: u8,
    /// Weight (record balance).
    pub weight: Uint128,
}

impl From<StoredVote> for String {
    fn from(v: StoredVote) -> String {
        format!("{}:{}", v.option, v.weight)
    }
}

impl TryFrom<String> for StoredVote {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let (option, weight) = s
            .split_once(':')
            .ok_or_else(|| format!("malformed vote `{s}`"))?;
        Ok(StoredVote {
            option: option
                .parse()
                .map_err(|_| format!("malformed vote `{s}`"))?,
            weight: weight
                .parse::<u128>()
                .map(Uint128::new)
                .map_err(|_| format!("malformed vote `{s}`"))?,
        })
    }
}

/// Per-option counters, stored as the JSON string `"c0,c1,..."`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(into = "String", try_from = "String")]
pub struct Tally(pub Vec<Uint128>);

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, c) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

impl From<Tally> for String {
    fn from(t: Tally) -> String {
        t.to_string()
    }
}

impl TryFrom<String> for Tally {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.split(',')
            .map(|c| {
                c.parse::<u128>()
                    .map(Uint128::new)
                    .map_err(|_| format!("malformed tally `{s}`"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Tally)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{from_json, to_json_vec};

    #[test]
    fn votes_and_tallies_round_trip_as_short_strings() {
        let vote = StoredVote {
            option: 15,
            weight: Uint128::new(1_000_000),
        };
        let raw = to_json_vec(&vote).unwrap();
        assert_eq!(raw, b"\"15:1000000\"");
        assert_eq!(from_json::<StoredVote>(&raw).unwrap(), vote);

        let tally = Tally(vec![Uint128::new(7), Uint128::zero(), Uint128::MAX]);
        let raw = to_json_vec(&tally).unwrap();
        assert_eq!(from_json::<Tally>(&raw).unwrap(), tally);
        assert!(from_json::<Tally>(b"\"1,x\"").is_err());
        assert!(from_json::<StoredVote>(b"\"1-2\"").is_err());
    }
}
