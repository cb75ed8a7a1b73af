//! DvP escrow: atomic secondary settlement of security tokens against USD1, primary offerings
//! and immutable finality records.
//!
//! See the crate README for roles, decisions and invariants. Messages live in
//! [`sto_interface::escrow`].
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

/// Entry points.
pub mod contract;
/// Typed errors.
pub mod error;
/// Message handlers, one file per concern.
pub mod execute;
mod query;
/// Storage layout.
pub mod state;

pub use crate::error::{ContractError, Leg};
