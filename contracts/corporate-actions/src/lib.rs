//! Corporate-actions distributor: coupons, dividends, redemptions and principal repayments paid
//! in USD1 to holders of record, without any transaction that loops over all holders.
//!
//! See the crate README for roles, decisions and invariants. Messages live in
//! [`sto_interface::actions`].
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod contract;
pub mod error;
mod execute;
pub mod math;
mod query;
pub mod state;

pub use crate::error::ContractError;
