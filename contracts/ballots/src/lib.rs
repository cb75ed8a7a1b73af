//! Ballots at a record height: the holders of a security token vote with their balance at a
//! record height the contract opens on the token; a custodian votes for the client wallets it
//! operates; a vote can be changed until the window ends, at a constant cost per vote.
//!
//! See the crate README for roles, decisions and invariants. Messages live in
//! [`sto_interface::ballots`].
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod contract;
pub mod error;
mod execute;
mod query;
pub mod state;
pub mod tally;

#[cfg(test)]
mod unit_tests;

pub use crate::error::ContractError;
