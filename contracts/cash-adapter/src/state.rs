//! Every storage key of the cash adapter.
//!
//! | key | type | what |
//! |-----|------|------|
//! | `contract_info` | cw2 | contract name and version |
//! | `ownership` | `Ownership<Addr>` | owner and pending owner (sto-access) |
//! | `roles` | `(role, Addr) -> ()` | role members (sto-access) |
//! | `config` | `Config` | asset, registry, health parameters, redemption address and period |
//! | `halt` | `Halt` | present while the owner halts new fundings |
//! | `clients` | `Addr -> ClientInfo` | registered clients and their pools |
//! | `totals` | `Totals` | sums of pools, open parked releases and pending redemptions |
//! | `att_seq` | `u64` | last attestation id |
//! | `att` | `u64 -> Attestation` | attestations by id (the newest is `att_seq`) |
//! | `led_seq` | `u64` | last ledger id |
//! | `led` | `u64 -> LedgerEntry` | the cash ledger |
//! | `led_ref` | `(reference, u64) -> ()` | ledger ids by reference (`EventRef` display form) |
//! | `prk_seq` | `u64` | last parked-release id |
//! | `prk` | `u64 -> ParkedRelease` | parked releases, open and resolved |
//! | `prk_open` | `u64 -> ()` | ids of open parked releases |
//! | `rdm_seq` | `u64` | last redemption request id |
//! | `rdm` | `u64 -> RedemptionRequest` | redemption requests |
//! | `rdm_st` | `(status, u64) -> ()` | redemption ids by status |
//! | `cash_layout` | `u32` | **published**: version of the accounts and holds layout |
//! | `acct` | `key -> CashAccount` | **published**: cash accounts by investor id or client address |
//! | `hold` | `u64 -> Hold` | **published**: cash holds by id, open and final |
//! | `sub` | `(Addr, reference) -> SubAccount` | **published**: action sub-accounts by client and reference |
//! | `hold_seq` | `u64` | last cash hold id |
//! | `hold_own` | `(key, u64) -> ()` | cash hold ids by owner account |
//! | `aop` | `key -> AccountOperator` | the operator an account owner authorised and its remaining limit |
//! | `notary` | `Addr -> ()` | registered notaries |
//! | `audit` | raw 40 bytes | audit trail head (`sto_interface::audit`) |

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Empty, StdResult, Storage, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};
use sto_interface::cash::{
    Attestation, ClientInfo, Config, LedgerEntry, ParkedRelease, RedemptionRequest,
};

pub use sto_interface::cash::layout::{ACCOUNTS, HOLDS, LAYOUT, LAYOUT_VERSION, SUB_ACCOUNTS};

/// Contract name recorded by cw2.
pub const CONTRACT_NAME: &str = "crates.io:cash-adapter";
/// Contract version recorded by cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The configuration.
pub const CONFIG: Item<Config> = Item::new("config");
/// Present while new fundings are halted by the owner.
pub const HALT: Item<Halt> = Item::new("halt");
/// Registered clients and their pools.
pub const CLIENTS: Map<&Addr, ClientInfo> = Map::new("clients");
/// Running sums of what the adapter owes; `accounts + redemptions + pools + parked` is at most
/// the held balance (invariant).
pub const TOTALS: Item<Totals> = Item::new("totals");

/// Last attestation id (0 before the first).
pub const ATTESTATION_SEQ: Item<u64> = Item::new("att_seq");
/// Attestations by id.
pub const ATTESTATIONS: Map<u64, Attestation> = Map::new("att");

/// Last ledger id (0 before the first).
pub const LEDGER_SEQ: Item<u64> = Item::new("led_seq");
/// The cash ledger by id.
pub const LEDGER: Map<u64, LedgerEntry> = Map::new("led");
/// Ledger ids by the display form of their `EventRef` (e.g. `settlement:7`).
pub const LEDGER_BY_REF: Map<(&str, u64), Empty> = Map::new("led_ref");

/// Last parked-release id (0 before the first).
pub const PARKED_SEQ: Item<u64> = Item::new("prk_seq");
/// Parked releases, open and resolved.
pub const PARKED: Map<u64, ParkedRelease> = Map::new("prk");
/// Ids of open parked releases.
pub const PARKED_OPEN: Map<u64, Empty> = Map::new("prk_open");

/// Last redemption request id (0 before the first).
pub const REDEMPTION_SEQ: Item<u64> = Item::new("rdm_seq");
/// Redemption requests by id.
pub const REDEMPTIONS: Map<u64, RedemptionRequest> = Map::new("rdm");
/// Redemption ids by status name.
pub const REDEMPTIONS_BY_STATUS: Map<(&str, u64), Empty> = Map::new("rdm_st");

/// Last cash hold id (0 before the first).
pub const HOLD_SEQ: Item<u64> = Item::new("hold_seq");
/// Cash hold ids by owner account, for the paginated `account_holds` query.
pub const HOLDS_BY_OWNER: Map<(&str, u64), Empty> = Map::new("hold_own");
/// The operator each account owner authorised (at most one per account).
pub const OPERATORS: Map<&str, AccountOperator> = Map::new("aop");
/// Notary contracts cash holds may name.
pub const NOTARIES: Map<&Addr, Empty> = Map::new("notary");

/// An operator authorisation.
#[cw_serde]
pub struct AccountOperator {
    /// The operator (e.g. a custodian).
    pub operator: Addr,
    /// The owner's wallet that authorised it (the client contract itself for a contract
    /// account): its registry record tells whether the account's investor is blocked when the
    /// operator acts.
    pub granted_by: Addr,
    /// What the operator may still place on hold or move by book entry; each placement or
    /// book entry it makes consumes it.
    pub limit: Uint128,
}

/// An owner's halt of new fundings.
#[cw_serde]
pub struct Halt {
    /// Why.
    pub reason: String,
    /// When.
    pub halted_at: Timestamp,
}

/// Running sums of the adapter's liabilities.
#[cw_serde]
#[derive(Default)]
pub struct Totals {
    /// Sum of all client pools.
    pub pools: Uint128,
    /// Sum of open parked releases.
    pub parked: Uint128,
    /// Sum of pending redemption requests.
    pub redemptions: Uint128,
    /// Sum of all cash account and action sub-account balances (book-entry cash: moving cash
    /// between them leaves it unchanged, so a payment out of a sub-account writes no total).
    #[serde(default)]
    pub accounts: Uint128,
    /// Sum of what open cash holds still hold.
    #[serde(default)]
    pub held: Uint128,
}

/// Increment a sequence and return the new id (ids start at 1).
pub fn next_id(storage: &mut dyn Storage, seq: &Item<u64>) -> StdResult<u64> {
    let id = seq
        .may_load(storage)?
        .unwrap_or_default()
        .checked_add(1)
        .ok_or_else(|| cosmwasm_std::StdError::generic_err("id sequence exhausted"))?;
    seq.save(storage, &id)?;
    Ok(id)
}
