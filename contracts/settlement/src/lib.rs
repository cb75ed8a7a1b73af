//! DvP settlement on holds: trades of up to 8 legs (security units on allowed tokens and USD1
//! between cash accounts) settled in one transaction by executing the holds the parties placed
//! naming this contract as notary, or not at all.
//!
//! See the crate README for roles, decisions and invariants. Messages live in
//! [`sto_interface::settlement`].
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod admin;
pub mod contract;
pub mod error;
mod query;
pub mod state;
mod trades;

pub use crate::error::ContractError;
