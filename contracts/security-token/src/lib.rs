//! Restricted security token: CW20-compatible, one compliance check on every movement.
//!
//! See the crate README for roles, rules, decisions and invariants. Messages live in
//! [`sto_interface::token`].
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod compliance;
pub mod contract;
pub mod error;
mod execute;
mod query;
pub mod state;

pub use crate::error::ContractError;
