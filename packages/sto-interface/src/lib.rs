//! The suite's wire interface: every contract's messages and responses, the shared domain
//! types, the storage layouts other contracts read with raw queries, and typed handles for
//! calling each contract.
//!
//! Contracts depend on this crate, never on each other, and talk only through these types.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
// Response types named only in `#[returns(..)]` are used by the schema derive, which emits
// nothing when building for the chain.
#![cfg_attr(target_arch = "wasm32", allow(unused_imports))]

pub mod actions;
pub mod allowlist;
pub mod audit;
pub mod ballots;
pub mod cash;
#[cfg(test)]
mod client_names;
pub mod common;
pub mod escrow;
pub mod hold;
pub mod offering;
pub mod pagination;
pub mod registry;
pub mod settlement;
pub mod token;

pub use sto_access::{HasRoleResponse, OwnershipAction, Role, RoleAction, RoleMembersResponse};
