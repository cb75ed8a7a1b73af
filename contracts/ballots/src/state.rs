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
//! | `t`            | `u64 -> TallyRecord` (raw)    | the ballot's vote trail and per-option counters: `"<seq>;c0,c1,..."` then the 32-byte hash (an older `"c0,c1,..."` reads as seq 0, genesis hash) |
//! | `s`            | `u64 -> Uint128`              | supply at the record height, kept at the first vote |
//! | `result`       | `u64 -> BallotResult`         | final result recorded by `close` |
//!
//! The hot records (`bh`, `v`, `t`) are short keys with compact values: a vote reads `bh`, `v`
//! and `t` and writes `v` and `t`, whatever the number of holders or voters. A vote is not
//! sealed into `audit`: its trail is the ballot's own, in `t`.

use std::fmt;

use cosmwasm_std::{from_json, Addr, StdError, StdResult, Storage, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};
use serde::{Deserialize, Serialize};
use sto_interface::audit::AuditHead;
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
/// Key of a ballot's [`TallyRecord`] by id (the value is raw bytes, read and written by
/// [`TallyRecord::load`] and [`TallyRecord::save`], not as JSON).
const TALLY_KEYS: Map<u64, ()> = Map::new("t");
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

/// Per-option counters, written `c0,c1,...`.
#[derive(Clone, Debug, PartialEq)]
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

impl std::str::FromStr for Tally {
    type Err = StdError;
    fn from_str(s: &str) -> StdResult<Self> {
        s.split(',')
            .map(|c| {
                c.parse::<u128>()
                    .map(Uint128::new)
                    .map_err(|_| StdError::generic_err(format!("malformed tally `{s}`")))
            })
            .collect::<StdResult<Vec<_>>>()
            .map(Tally)
    }
}

/// Length of the trail's hash at the end of a [`TallyRecord`].
const HASH_LEN: usize = 32;

/// A ballot's record `t`: the head of its vote trail and its per-option counters, in one value
/// so that a vote reads and writes the trail with the counters it already reads and writes.
///
/// Stored raw as the ASCII text `<seq>;c0,c1,...` followed by the 32 bytes of the trail's
/// hash (a 1-digit seq and three counters of up to 4 digits: under 50 bytes). The record
/// written before the trail existed is the JSON string `"c0,c1,..."`: it starts with `"`
/// where the current one starts with a digit, and reads as seq 0 with the genesis hash, so
/// that state needs no migration step and the next vote advances it from genesis.
#[derive(Clone, Debug, PartialEq)]
pub struct TallyRecord {
    /// Head of the ballot's vote trail (the audit trail's step, per ballot).
    pub trail: AuditHead,
    /// Per-option counters.
    pub tally: Tally,
}

impl TallyRecord {
    /// A new ballot's record: no vote yet, `options` zero counters.
    pub fn new(options: usize) -> Self {
        TallyRecord {
            trail: AuditHead::GENESIS,
            tally: Tally(vec![Uint128::zero(); options]),
        }
    }

    /// The record of ballot `id`, if the ballot exists.
    pub fn may_load(storage: &dyn Storage, id: u64) -> StdResult<Option<Self>> {
        storage
            .get(&TALLY_KEYS.key(id))
            .map(|raw| Self::decode(&raw))
            .transpose()
    }

    /// The record of ballot `id` (not found is an error).
    pub fn load(storage: &dyn Storage, id: u64) -> StdResult<Self> {
        Self::may_load(storage, id)?.ok_or_else(|| StdError::not_found(format!("tally {id}")))
    }

    /// Write the record of ballot `id`.
    pub fn save(&self, storage: &mut dyn Storage, id: u64) {
        storage.set(&TALLY_KEYS.key(id), &self.encode());
    }

    /// `<seq>;c0,c1,...` then the hash.
    pub fn encode(&self) -> Vec<u8> {
        let mut raw = format!("{};{}", self.trail.seq, self.tally).into_bytes();
        raw.extend_from_slice(&self.trail.hash);
        raw
    }

    /// The current layout, or the JSON string `"c0,c1,..."` written before the trail.
    pub fn decode(raw: &[u8]) -> StdResult<Self> {
        let malformed = || StdError::generic_err("malformed tally record");
        if raw.first() == Some(&b'"') {
            return Ok(TallyRecord {
                trail: AuditHead::GENESIS,
                tally: from_json::<String>(raw)?.parse()?,
            });
        }
        let split = raw.len().checked_sub(HASH_LEN).ok_or_else(malformed)?;
        let (text, hash) = raw.split_at(split);
        let (seq, counters) = std::str::from_utf8(text)
            .ok()
            .and_then(|t| t.split_once(';'))
            .ok_or_else(malformed)?;
        if !seq.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed());
        }
        let mut head = [0u8; HASH_LEN];
        head.copy_from_slice(hash);
        Ok(TallyRecord {
            trail: AuditHead {
                seq: seq.parse().map_err(|_| malformed())?,
                hash: head,
            },
            tally: counters.parse()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;
    use cosmwasm_std::to_json_vec;

    #[test]
    fn votes_and_tally_records_round_trip_as_short_values() {
        let vote = StoredVote {
            option: 15,
            weight: Uint128::new(1_000_000),
        };
        let raw = to_json_vec(&vote).unwrap();
        assert_eq!(raw, b"\"15:1000000\"");
        assert_eq!(from_json::<StoredVote>(&raw).unwrap(), vote);
        assert!(from_json::<StoredVote>(b"\"1-2\"").is_err());

        let record = TallyRecord {
            trail: AuditHead {
                seq: 42,
                hash: [b';'; 32],
            },
            tally: Tally(vec![Uint128::new(7), Uint128::zero(), Uint128::MAX]),
        };
        let raw = record.encode();
        let text = format!("42;7,0,{}", u128::MAX);
        assert_eq!(&raw[..raw.len() - 32], text.as_bytes());
        assert_eq!(&raw[raw.len() - 32..], &[b';'; 32]);
        assert_eq!(TallyRecord::decode(&raw).unwrap(), record);
        let fresh = TallyRecord::new(3);
        assert_eq!(fresh.encode().len(), "0;0,0,0".len() + 32);
        assert_eq!(TallyRecord::decode(&fresh.encode()).unwrap(), fresh);

        let mut storage = MockStorage::new();
        record.save(&mut storage, 9);
        assert_eq!(TallyRecord::load(&storage, 9).unwrap(), record);
        assert_eq!(TallyRecord::may_load(&storage, 8).unwrap(), None);
        assert!(TallyRecord::load(&storage, 8).is_err());
    }

    #[test]
    fn a_tally_written_before_the_trail_reads_as_the_genesis_head() {
        let old = TallyRecord::decode(b"\"5,0,12\"").unwrap();
        assert_eq!(old.trail, AuditHead::GENESIS);
        assert_eq!(
            old.tally,
            Tally(vec![Uint128::new(5), Uint128::zero(), Uint128::new(12)])
        );
    }

    #[test]
    fn a_malformed_tally_record_is_an_error() {
        let hash = [0u8; 32];
        let with_hash = |text: &[u8]| [text, hash.as_slice()].concat();
        for raw in [
            b"\"1,x\"".to_vec(),
            b"\"1,2".to_vec(),
            b"1;2,3".to_vec(),
            with_hash(b"1;2,x"),
            with_hash(b"12,3"),
            with_hash(b"+1;2,3"),
            with_hash(b";2,3"),
            with_hash(b"99999999999999999999;2,3"),
            with_hash(b"1;"),
            Vec::new(),
        ] {
            assert!(TallyRecord::decode(&raw).is_err(), "{raw:?}");
        }
    }
}
