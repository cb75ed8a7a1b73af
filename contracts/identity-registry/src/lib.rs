//! Identity registry: who may hold, pay and be paid.
//!
//! See the crate README for roles, decisions and invariants. Messages live in
//! [`sto_interface::registry`].
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod contract;
pub mod error;
mod execute;
mod query;
pub mod state;

pub use crate::error::ContractError;

#[cfg(test)]
mod tests;
