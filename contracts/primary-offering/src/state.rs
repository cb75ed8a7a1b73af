//! Every storage key of the primary-offering contract.
//!
//! | key            | type                               | what |
//! |----------------|------------------------------------|------|
//! | `contract_info`| cw2                                | contract name and version |
//! | `ownership`    | `Ownership<Addr>`                  | owner and pending owner (sto-access) |
//! | `audit`        | raw 40 bytes                       | audit trail head (`sto_interface::audit`) |
//! | `config`       | `Config`                           | the cash adapter |
//! | `tok`          | `Addr -> AllowedToken`             | allow-listed tokens, pinned to a code id |
//! | `last_id`      | `u64`                              | last offering id handed out |
//! | `o`            | `u64 -> Offering`                  | terms and running totals |
//! | `s`            | `(u64, investor) -> Subscription`  | subscriptions by offering and cash account key |
//! | `ph`           | `token -> u64`                     | coming holders: open subscriptions of investors holding none of the token |
//! | `pj`           | `(token, jurisdiction) -> u64`     | the same per jurisdiction |
//!
//! A subscription reads `config`, `tok`, `o`, `s` (absent), `ph` and `pj` and writes `o`, `s`, `ph`,
//! `pj` and `audit`, whatever the number of subscribers.

use cosmwasm_std::{Addr, StdResult, Storage};
use cw_storage_plus::{Item, Map};
use sto_interface::offering::{AllowedToken, Config, Offering, Subscription};

/// Contract name recorded by cw2.
pub const CONTRACT_NAME: &str = "crates.io:primary-offering";
/// Contract version recorded by cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The cash adapter.
pub const CONFIG: Item<Config> = Item::new("config");
/// Allow-listed tokens.
pub const ALLOWED_TOKENS: Map<&Addr, AllowedToken> = Map::new("tok");
/// The last offering id handed out (ids start at 1).
pub const LAST_OFFERING_ID: Item<u64> = Item::new("last_id");
/// Offerings by id.
pub const OFFERINGS: Map<u64, Offering> = Map::new("o");
/// Subscriptions by `(offering id, investor)`.
pub const SUBSCRIPTIONS: Map<(u64, &str), Subscription> = Map::new("s");
/// Coming holders per token: subscriptions not yet settled whose investor held none of the
/// token when subscribing.
pub const COMING_HOLDERS: Map<&Addr, u64> = Map::new("ph");
/// Coming holders per token and jurisdiction.
pub const COMING_HOLDERS_J: Map<(&Addr, &str), u64> = Map::new("pj");

/// Add `delta` (+1 or -1) to the coming holders of `token`, overall and in `jurisdiction`.
pub fn count_coming_holder(
    storage: &mut dyn Storage,
    token: &Addr,
    jurisdiction: &str,
    add: bool,
) -> StdResult<()> {
    let step = |n: Option<u64>| -> StdResult<u64> {
        let n = n.unwrap_or_default();
        Ok(if add {
            n.saturating_add(1)
        } else {
            n.saturating_sub(1)
        })
    };
    COMING_HOLDERS.update(storage, token, step)?;
    COMING_HOLDERS_J.update(storage, (token, jurisdiction), step)?;
    Ok(())
}
