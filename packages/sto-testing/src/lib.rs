//! Test support for the suite: multi-test wrappers of every contract and a [`SuiteBuilder`]
//! that deploys the whole suite on an in-process chain (cw-multi-test), with cw20-base playing
//! the USD1 stablecoin.
//!
//! Used by the contracts' cross-contract tests (`tests/`) and by the main job
//! (`sto-lifecycle`). Everything goes through the contracts' public messages.

pub mod contracts;
pub mod invariants;
pub mod notary;
mod suite;

pub use suite::{
    attr, Suite, SuiteBuilder, MAX_ATTESTATION_AGE, REDEMPTION_SERVICE_PERIOD, TOKEN_DECIMALS,
    USD1_DECIMALS, YEAR,
};
