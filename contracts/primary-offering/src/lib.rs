//! Primary offerings paid in USD1: a subscription is a cash hold at the cash adapter naming
//! this contract as notary; close records the outcome and the pro-rata ratio in constant time;
//! each subscriber's allocation executes its hold, issues its units and releases the rest in
//! one transaction.
//!
//! See the crate README for roles, decisions and invariants. Messages live in
//! [`sto_interface::offering`].
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod contract;
pub mod error;
mod execute;
mod query;
pub mod state;

#[cfg(test)]
mod unit_tests;

pub use crate::error::ContractError;
