//! Every storage key of the registry.
//!
//! | key         | type                          | what |
//! |-------------|-------------------------------|------|
//! | `contract_info` | cw2 | contract name and version |
//! | `ownership` | `Ownership<Addr>`             | owner and pending owner (sto-access) |
//! | `roles`     | `(role, Addr) -> ()`          | role members (sto-access) |
//! | `investor`  | `investor_id -> Investor`     | investor records |
//! | `wallet`    | `Addr -> WalletRecord`        | **published**: per-wallet eligibility, read raw by other contracts |

use cw_storage_plus::Map;
use sto_interface::registry::Investor;

pub use sto_interface::registry::WALLET_RECORDS;

/// Investors by id.
pub const INVESTORS: Map<&str, Investor> = Map::new("investor");

/// Contract name recorded by cw2.
pub const CONTRACT_NAME: &str = "crates.io:identity-registry";
/// Contract version recorded by cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");
