//! Every storage key of the distributor.
//!
//! | key            | type                              | what |
//! |----------------|-----------------------------------|------|
//! | `contract_info`| cw2                               | contract name and version |
//! | `ownership`    | `Ownership<Addr>`                 | owner and pending owner (sto-access) |
//! | `roles`        | `(role, Addr) -> ()`              | role members (sto-access) |
//! | `config`       | `Config`                          | adapter, registry, escrow, withholding account, default rate |
//! | `next_id`      | `u64`                             | last action id handed out |
//! | `action`       | `u64 -> CorporateAction`          | actions with their running totals |
//! | `by_token`     | `(Addr, u64) -> ()`               | secondary index: actions of a token |
//! | `claim`        | `(u64, Addr) -> StoredClaim`      | one record per (action, holder), totals over its claims (compact `ClaimRecord`) |
//! | `sub_totals`   | `u64 -> SubTotals`                | running totals of an action funded in its sub-account |
//! | `redirect`     | `(u64, Addr) -> ClaimRedirect`    | a holder's claim redirected to another wallet of its investor |
//! | `wht`          | `jurisdiction -> Decimal`         | per-jurisdiction withholding rates |
//! | `surplus_returned` | `asset -> Uint128`            | surplus returned by the owner, per asset |

use cosmwasm_schema::cw_serde;
use cosmwasm_schema::serde::{Deserialize, Serialize};
use cosmwasm_std::{Addr, Decimal, Empty, StdResult, Storage, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};
use sto_interface::actions::{ClaimRecord, ClaimRedirect, ClaimStatus, Config, CorporateAction};
use sto_interface::common::Jurisdiction;

/// The configuration.
pub const CONFIG: Item<Config> = Item::new("config");
/// The last action id handed out (ids start at 1).
pub const LAST_ACTION_ID: Item<u64> = Item::new("next_id");
/// Actions by id.
pub const ACTIONS: Map<u64, CorporateAction> = Map::new("action");
/// The running totals of an action funded in its sub-account, kept apart from the action so
/// that a claim rewrites a few bytes instead of the whole action (absent: all zero, or the
/// totals stored in the action itself). Overlaid on the action by `execute::load_action`.
pub const SUB_TOTALS: Map<u64, SubTotals> = Map::new("sub_totals");

/// Running totals of a sub-account action (short field names: written at every claim).
#[cw_serde]
#[derive(Default)]
pub struct SubTotals {
    /// Funded (the sub-account's funding, read raw at the adapter).
    #[serde(rename = "f")]
    pub funded: Uint128,
    /// Net paid to holders' cash accounts.
    #[serde(rename = "p")]
    pub paid: Uint128,
    /// Tax withheld.
    #[serde(rename = "w")]
    pub withheld: Uint128,
    /// Reclaimed at close.
    #[serde(rename = "r")]
    pub reclaimed: Uint128,
    /// Record units claimed.
    #[serde(rename = "u")]
    pub claimed_units: Uint128,
    /// Units burnt (final redemption).
    #[serde(rename = "b")]
    pub burnt: Uint128,
    /// Settled claims.
    #[serde(rename = "c")]
    pub claims: u64,
}

impl SubTotals {
    /// The totals of `action`.
    pub fn of(action: &CorporateAction) -> Self {
        SubTotals {
            funded: action.funded,
            paid: action.paid,
            withheld: action.withheld,
            reclaimed: action.reclaimed,
            claimed_units: action.claimed_units,
            burnt: action.burnt,
            claims: action.claims,
        }
    }

    /// Write these totals into `action`.
    pub fn apply(&self, action: &mut CorporateAction) {
        action.funded = self.funded;
        action.paid = self.paid;
        action.withheld = self.withheld;
        action.reclaimed = self.reclaimed;
        action.claimed_units = self.claimed_units;
        action.burnt = self.burnt;
        action.claims = self.claims;
    }
}
/// Secondary index `(token, action id) -> ()` for `actions_by_token`.
pub const ACTIONS_BY_TOKEN: Map<(&Addr, u64), Empty> = Map::new("by_token");
/// Claims by `(action id, holder)`: totals and the record quantity settled so far (the guard
/// against paying a record unit twice).
pub const CLAIMS: Map<(u64, &Addr), StoredClaim> = Map::new("claim");

/// A holder's claim record as stored: short field names, zero amounts left out, the action and
/// the holder taken from the key, the payee and the claimant left out when they are the holder.
/// Records written in the full [`ClaimRecord`] form (before this layout) read the same: every
/// field also answers to its full name and the key fields are ignored.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(crate = "cosmwasm_schema::serde")]
pub struct StoredClaim {
    #[serde(rename = "rb", alias = "record_balance")]
    record_balance: Uint128,
    #[serde(
        rename = "e",
        alias = "escrowed",
        default,
        skip_serializing_if = "Uint128::is_zero"
    )]
    escrowed: Uint128,
    #[serde(
        rename = "u",
        alias = "units",
        default,
        skip_serializing_if = "Uint128::is_zero"
    )]
    units: Uint128,
    #[serde(
        rename = "lu",
        alias = "later_units",
        default,
        skip_serializing_if = "Uint128::is_zero"
    )]
    later_units: Uint128,
    #[serde(
        rename = "g",
        alias = "gross",
        default,
        skip_serializing_if = "Uint128::is_zero"
    )]
    gross: Uint128,
    #[serde(
        rename = "wr",
        alias = "withholding_rate",
        default,
        skip_serializing_if = "Decimal::is_zero"
    )]
    withholding_rate: Decimal,
    #[serde(
        rename = "w",
        alias = "withheld",
        default,
        skip_serializing_if = "Uint128::is_zero"
    )]
    withheld: Uint128,
    #[serde(
        rename = "n",
        alias = "net",
        default,
        skip_serializing_if = "Uint128::is_zero"
    )]
    net: Uint128,
    #[serde(
        rename = "pk",
        alias = "parked",
        default,
        skip_serializing_if = "Uint128::is_zero"
    )]
    parked: Uint128,
    #[serde(
        rename = "j",
        alias = "jurisdiction",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    jurisdiction: Option<Jurisdiction>,
    #[serde(rename = "s", alias = "status")]
    status: ClaimStatus,
    #[serde(
        rename = "b",
        alias = "burnt",
        default,
        skip_serializing_if = "Uint128::is_zero"
    )]
    burnt: Uint128,
    #[serde(
        rename = "pt",
        alias = "paid_to",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    paid_to: Option<Addr>,
    #[serde(rename = "c", alias = "settlements")]
    settlements: u32,
    #[serde(
        rename = "cb",
        alias = "claimed_by",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    claimed_by: Option<Addr>,
    #[serde(rename = "t", alias = "claimed_at")]
    claimed_at: Timestamp,
    #[serde(rename = "h", alias = "claimed_height")]
    claimed_height: u64,
}

impl StoredClaim {
    /// The compact form of `r`.
    pub fn of(r: &ClaimRecord) -> Self {
        let unless_holder = |a: &Addr| (a != r.holder).then(|| a.clone());
        StoredClaim {
            record_balance: r.record_balance,
            escrowed: r.escrowed,
            units: r.units,
            later_units: r.later_units,
            gross: r.gross,
            withholding_rate: r.withholding_rate,
            withheld: r.withheld,
            net: r.net,
            parked: r.parked,
            jurisdiction: r.jurisdiction.clone(),
            status: r.status,
            burnt: r.burnt,
            paid_to: unless_holder(&r.paid_to),
            settlements: r.settlements,
            claimed_by: unless_holder(&r.claimed_by),
            claimed_at: r.claimed_at,
            claimed_height: r.claimed_height,
        }
    }

    /// The full record, with the action and the holder of its key.
    pub fn into_record(self, action_id: u64, holder: &Addr) -> ClaimRecord {
        ClaimRecord {
            action_id,
            holder: holder.clone(),
            record_balance: self.record_balance,
            escrowed: self.escrowed,
            units: self.units,
            later_units: self.later_units,
            gross: self.gross,
            withholding_rate: self.withholding_rate,
            withheld: self.withheld,
            net: self.net,
            parked: self.parked,
            jurisdiction: self.jurisdiction,
            status: self.status,
            burnt: self.burnt,
            paid_to: self.paid_to.unwrap_or_else(|| holder.clone()),
            settlements: self.settlements,
            claimed_by: self.claimed_by.unwrap_or_else(|| holder.clone()),
            claimed_at: self.claimed_at,
            claimed_height: self.claimed_height,
        }
    }
}

/// The claim record of `holder` on action `action_id`, if any.
pub fn load_claim(
    storage: &dyn Storage,
    action_id: u64,
    holder: &Addr,
) -> StdResult<Option<ClaimRecord>> {
    Ok(CLAIMS
        .may_load(storage, (action_id, holder))?
        .map(|c| c.into_record(action_id, holder)))
}

/// Store a claim record (in its compact form).
pub fn save_claim(storage: &mut dyn Storage, record: &ClaimRecord) -> StdResult<()> {
    CLAIMS.save(
        storage,
        (record.action_id, &record.holder),
        &StoredClaim::of(record),
    )
}
/// Redirected claims by `(action id, holder of record)`.
pub const REDIRECTS: Map<(u64, &Addr), ClaimRedirect> = Map::new("redirect");
/// Withholding rate by ISO 3166-1 alpha-2 jurisdiction code.
pub const WITHHOLDING_RATES: Map<&str, Decimal> = Map::new("wht");

/// Contract name recorded by cw2.
pub const CONTRACT_NAME: &str = "crates.io:corporate-actions";
/// Contract version recorded by cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");
/// Surplus returned by the owner, per asset (`cw20:<addr>` or `native:<denom>`).
pub const SURPLUS_RETURNED: Map<&str, Uint128> = Map::new("surplus_returned");

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;

    fn record(holder: &Addr, paid_to: &Addr) -> ClaimRecord {
        ClaimRecord {
            action_id: 7,
            holder: holder.clone(),
            record_balance: Uint128::new(40),
            escrowed: Uint128::zero(),
            units: Uint128::new(40),
            later_units: Uint128::zero(),
            gross: Uint128::new(1_000),
            withholding_rate: Decimal::percent(30),
            withheld: Uint128::new(300),
            net: Uint128::new(700),
            parked: Uint128::zero(),
            jurisdiction: Some(Jurisdiction::parse("FR").unwrap()),
            status: ClaimStatus::Paid,
            burnt: Uint128::zero(),
            paid_to: paid_to.clone(),
            settlements: 1,
            claimed_by: holder.clone(),
            claimed_at: Timestamp::from_seconds(1_700_000_000),
            claimed_height: 12_345,
        }
    }

    #[test]
    fn a_claim_record_round_trips_through_its_compact_form() {
        let mut storage = MockStorage::new();
        let (holder, other) = (Addr::unchecked("holder"), Addr::unchecked("other"));
        for r in [record(&holder, &holder), record(&holder, &other)] {
            save_claim(&mut storage, &r).unwrap();
            assert_eq!(load_claim(&storage, 7, &holder).unwrap(), Some(r));
        }
        assert_eq!(load_claim(&storage, 8, &holder).unwrap(), None);
    }

    #[test]
    fn a_claim_record_stored_in_the_full_form_still_reads() {
        let mut storage = MockStorage::new();
        let holder = Addr::unchecked("holder");
        let r = record(&holder, &Addr::unchecked("other"));
        // The layout of the released version: the full ClaimRecord as JSON.
        let full: Map<(u64, &Addr), ClaimRecord> = Map::new("claim");
        full.save(&mut storage, (7, &holder), &r).unwrap();
        assert_eq!(load_claim(&storage, 7, &holder).unwrap(), Some(r.clone()));
        // And the compact form is much smaller.
        let compact = cosmwasm_std::to_json_vec(&StoredClaim::of(&r)).unwrap();
        let old = cosmwasm_std::to_json_vec(&r).unwrap();
        assert!(
            compact.len() * 2 < old.len(),
            "{} vs {}",
            compact.len(),
            old.len()
        );
    }
}
