//! Every storage key of the distributor.
//!
//! | key            | type                              | what |
//! |----------------|-----------------------------------|------|
//! | `contract_info`| cw2                               | contract name and version |
//! | `ownership`    | `Ownership<Addr>`                 | owner and pending owner (sto-access) |
//! | `roles`        | `(role, Addr) -> ()`              | role members (sto-access) |
//! | `config`       | `Config`                          | adapter, registry, escrow, withholding account, default rate |
//! | `next_id`      | `u64`                             | last action id handed out |
//! | `action`       | `u64 -> StoredAction`             | an action's terms and status (compact names; records of the released layout read too) |
//! | `by_token`     | `(Addr, u64) -> ()`               | secondary index: actions of a token |
//! | `claim`        | `(u64, Addr) -> StoredClaim`      | one record per (action, holder), totals over its claims (compact `ClaimRecord`) |
//! | `sub_totals`   | `u64 -> SubTotals`                | an action's running totals, rewritten by each claim |
//! | `redirect`     | `(u64, Addr) -> ClaimRedirect`    | a holder's claim redirected to another wallet of its investor |
//! | `wht`          | `jurisdiction -> Decimal`         | per-jurisdiction withholding rates |
//! | `surplus_returned` | `asset -> Uint128`            | surplus returned by the owner, per asset |

use cosmwasm_schema::serde::{Deserialize, Serialize};
use cosmwasm_std::{Addr, Decimal, Empty, StdResult, Storage, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};
use sto_interface::actions::{
    ActionKind, ActionStatus, AmountBasis, ClaimRecord, ClaimRedirect, Config, CorporateAction,
};
use sto_interface::common::Jurisdiction;

/// The configuration.
pub const CONFIG: Item<Config> = Item::new("config");
/// The last action id handed out (ids start at 1).
pub const LAST_ACTION_ID: Item<u64> = Item::new("next_id");
/// Actions by id (terms and status; the running totals live in [`SUB_TOTALS`]).
pub const ACTIONS: Map<u64, StoredAction> = Map::new("action");
/// The running totals of an action, kept apart from its terms so that a claim rewrites a few
/// bytes instead of the whole action (absent: all zero, or the totals stored in the action
/// record of the released layout). Overlaid on the action by `execute::load_action`.
pub const SUB_TOTALS: Map<u64, SubTotals> = Map::new("sub_totals");

/// An action as stored: short field names (a claim reads it), the running totals left out
/// (they live in [`SUB_TOTALS`]). A record written in the released layout (full field names,
/// totals inside, the escrow and pool fields of that version) reads the same: every field
/// answers to its full name, and unknown fields are ignored.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(crate = "cosmwasm_schema::serde")]
pub struct StoredAction {
    #[serde(rename = "i", alias = "id")]
    id: u64,
    #[serde(rename = "t", alias = "token")]
    token: Addr,
    #[serde(rename = "k", alias = "kind")]
    kind: ActionKind,
    #[serde(rename = "b", alias = "basis")]
    basis: AmountBasis,
    #[serde(rename = "h", alias = "record_height")]
    record_height: u64,
    #[serde(rename = "p", alias = "payment_time")]
    payment_time: Timestamp,
    #[serde(rename = "d", alias = "claim_deadline")]
    claim_deadline: Timestamp,
    #[serde(rename = "w", alias = "withholding")]
    withholding: bool,
    #[serde(rename = "r", alias = "reclaim_address")]
    reclaim_address: Addr,
    #[serde(rename = "s", alias = "status")]
    status: ActionStatus,
    #[serde(rename = "ab", alias = "announced_by")]
    announced_by: Addr,
    #[serde(rename = "at", alias = "announced_at")]
    announced_at: Timestamp,
    #[serde(
        rename = "rs",
        alias = "record_supply",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    record_supply: Option<Uint128>,
    #[serde(
        rename = "rq",
        alias = "required",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    required: Option<Uint128>,
    // The running totals and the mode of a record in the released layout: read, never
    // written (overlaid by `SUB_TOTALS` when present). No `funding` field there: a pool action.
    #[serde(rename = "funded", default, skip_serializing_if = "Option::is_none")]
    legacy_funded: Option<Uint128>,
    #[serde(rename = "paid", default, skip_serializing_if = "Option::is_none")]
    legacy_paid: Option<Uint128>,
    #[serde(rename = "parked", default, skip_serializing_if = "Option::is_none")]
    legacy_parked: Option<Uint128>,
    #[serde(rename = "withheld", default, skip_serializing_if = "Option::is_none")]
    legacy_withheld: Option<Uint128>,
    #[serde(rename = "reclaimed", default, skip_serializing_if = "Option::is_none")]
    legacy_reclaimed: Option<Uint128>,
    #[serde(
        rename = "claimed_units",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    legacy_claimed_units: Option<Uint128>,
    #[serde(rename = "burnt", default, skip_serializing_if = "Option::is_none")]
    legacy_burnt: Option<Uint128>,
    #[serde(rename = "claims", default, skip_serializing_if = "Option::is_none")]
    legacy_claims: Option<u64>,
    #[serde(rename = "funding", default, skip_serializing_if = "Option::is_none")]
    legacy_funding: Option<String>,
}

impl StoredAction {
    /// The stored form of `action` (its totals go to [`SUB_TOTALS`]).
    pub fn of(action: &CorporateAction) -> Self {
        StoredAction {
            id: action.id,
            token: action.token.clone(),
            kind: action.kind,
            basis: action.basis,
            record_height: action.record_height,
            payment_time: action.payment_time,
            claim_deadline: action.claim_deadline,
            withholding: action.withholding,
            reclaim_address: action.reclaim_address.clone(),
            status: action.status,
            announced_by: action.announced_by.clone(),
            announced_at: action.announced_at,
            record_supply: action.record_supply,
            required: action.required,
            legacy_funded: None,
            legacy_paid: None,
            legacy_parked: None,
            legacy_withheld: None,
            legacy_reclaimed: None,
            legacy_claimed_units: None,
            legacy_burnt: None,
            legacy_claims: None,
            legacy_funding: None,
        }
    }

    /// Whether this record was written by the released version for an action paid from the
    /// distributor's pool (its running totals inside, no `funding` field). Such an action can
    /// no longer be claimed or closed here: `migrate` refuses while one is open.
    pub fn is_legacy_pool(&self) -> bool {
        self.legacy_funded.is_some() && self.legacy_funding.is_none()
    }

    /// The status.
    pub fn status(&self) -> ActionStatus {
        self.status
    }

    /// The action with the running totals of the record (released layout) or zero; the caller
    /// overlays [`SUB_TOTALS`]. A legacy pool action's parked amounts count as paid (they left
    /// the pool for the holders).
    pub fn into_action(self) -> CorporateAction {
        let zero = Uint128::zero();
        CorporateAction {
            id: self.id,
            token: self.token,
            kind: self.kind,
            basis: self.basis,
            record_height: self.record_height,
            payment_time: self.payment_time,
            claim_deadline: self.claim_deadline,
            withholding: self.withholding,
            reclaim_address: self.reclaim_address,
            status: self.status,
            announced_by: self.announced_by,
            announced_at: self.announced_at,
            record_supply: self.record_supply,
            required: self.required,
            funded: self.legacy_funded.unwrap_or(zero),
            paid: self
                .legacy_paid
                .unwrap_or(zero)
                .saturating_add(self.legacy_parked.unwrap_or(zero)),
            withheld: self.legacy_withheld.unwrap_or(zero),
            reclaimed: self.legacy_reclaimed.unwrap_or(zero),
            claimed_units: self.legacy_claimed_units.unwrap_or(zero),
            burnt: self.legacy_burnt.unwrap_or(zero),
            claims: self.legacy_claims.unwrap_or_default(),
        }
    }
}

/// Running totals of an action (short field names, zero amounts left out: written at every
/// claim). Records written before zeros were left out read the same.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(crate = "cosmwasm_schema::serde")]
pub struct SubTotals {
    /// Funded (the sub-account's funding, read raw at the adapter).
    #[serde(rename = "f", default, skip_serializing_if = "Uint128::is_zero")]
    pub funded: Uint128,
    /// Net paid to holders' cash accounts.
    #[serde(rename = "p", default, skip_serializing_if = "Uint128::is_zero")]
    pub paid: Uint128,
    /// Tax withheld.
    #[serde(rename = "w", default, skip_serializing_if = "Uint128::is_zero")]
    pub withheld: Uint128,
    /// Reclaimed at close.
    #[serde(rename = "r", default, skip_serializing_if = "Uint128::is_zero")]
    pub reclaimed: Uint128,
    /// Record units claimed.
    #[serde(rename = "u", default, skip_serializing_if = "Uint128::is_zero")]
    pub claimed_units: Uint128,
    /// Units burnt (final redemption).
    #[serde(rename = "b", default, skip_serializing_if = "Uint128::is_zero")]
    pub burnt: Uint128,
    /// Settled claims.
    #[serde(rename = "c", default, skip_serializing_if = "is_zero_u64")]
    pub claims: u64,
}

fn is_zero_u64(n: &u64) -> bool {
    *n == 0
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
        rename = "j",
        alias = "jurisdiction",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    jurisdiction: Option<Jurisdiction>,
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
            units: r.units,
            later_units: r.later_units,
            gross: r.gross,
            withholding_rate: r.withholding_rate,
            withheld: r.withheld,
            net: r.net,
            jurisdiction: r.jurisdiction.clone(),
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
            units: self.units,
            later_units: self.later_units,
            gross: self.gross,
            withholding_rate: self.withholding_rate,
            withheld: self.withheld,
            net: self.net,
            jurisdiction: self.jurisdiction,
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
            units: Uint128::new(40),
            later_units: Uint128::zero(),
            gross: Uint128::new(1_000),
            withholding_rate: Decimal::percent(30),
            withheld: Uint128::new(300),
            net: Uint128::new(700),
            jurisdiction: Some(Jurisdiction::parse("FR").unwrap()),
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

    #[test]
    fn a_claim_record_of_the_released_layout_with_escrow_and_parked_fields_reads() {
        let mut storage = MockStorage::new();
        let holder = Addr::unchecked("holder");
        let json = r#"{"action_id":7,"holder":"holder","record_balance":"40","escrowed":"0","units":"40","later_units":"0","gross":"1000","withholding_rate":"0.3","withheld":"300","net":"700","parked":"700","jurisdiction":"FR","status":"parked","burnt":"0","paid_to":"other","settlements":1,"claimed_by":"holder","claimed_at":"1700000000000000000","claimed_height":12345}"#;
        storage.set(&CLAIMS.key((7, &holder)), json.as_bytes());
        assert_eq!(
            load_claim(&storage, 7, &holder).unwrap(),
            Some(record(&holder, &Addr::unchecked("other")))
        );
    }
}
