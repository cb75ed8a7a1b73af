//! Test support for the suite: multi-test wrappers of every contract and a [`SuiteBuilder`]
//! that deploys the whole suite on an in-process chain (cw-multi-test), with cw20-base playing
//! the USD1 stablecoin.
//!
//! Used by the contracts' cross-contract tests (`tests/`) and by the main job
//! (`sto-lifecycle`). Everything goes through the contracts' public messages.

pub mod contracts;
mod suite;

pub use suite::{Suite, SuiteBuilder, USD1_DECIMALS, YEAR};
