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
//! | `claim`        | `(u64, Addr) -> ClaimRecord`      | one record per (action, holder), totals over its claims |
//! | `redirect`     | `(u64, Addr) -> ClaimRedirect`    | a holder's claim redirected to another wallet of its investor |
//! | `wht`          | `jurisdiction -> Decimal`         | per-jurisdiction withholding rates |
//! | `surplus_returned` | `asset -> Uint128`            | surplus returned by the owner, per asset |

use cosmwasm_std::{Addr, Decimal, Empty, Uint128};
use cw_storage_plus::{Item, Map};
use sto_interface::actions::{ClaimRecord, ClaimRedirect, Config, CorporateAction};

/// The configuration.
pub const CONFIG: Item<Config> = Item::new("config");
/// The last action id handed out (ids start at 1).
pub const LAST_ACTION_ID: Item<u64> = Item::new("next_id");
/// Actions by id.
pub const ACTIONS: Map<u64, CorporateAction> = Map::new("action");
/// Secondary index `(token, action id) -> ()` for `actions_by_token`.
pub const ACTIONS_BY_TOKEN: Map<(&Addr, u64), Empty> = Map::new("by_token");
/// Claims by `(action id, holder)`: totals and the record quantity settled so far (the guard
/// against paying a record unit twice).
pub const CLAIMS: Map<(u64, &Addr), ClaimRecord> = Map::new("claim");
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
