//! USD1 cash adapter: the suite's one cash leg, for a CW20 or a native-denom USD1.
//!
//! See the crate README for roles, decisions and invariants. Messages live in
//! [`sto_interface::cash`].
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod contract;
pub mod error;
mod execute;
pub mod health;
mod query;
pub mod state;

pub use crate::error::ContractError;

#[cfg(test)]
mod unit_tests;
