//! Gas and size benchmark of the suite's optimized artifacts on the real CosmWasm VM
//! (`cosmwasm-vm` 2.3.5, the engine inside the chains' libwasmvm), against cw20-base.
//!
//! - [`gas`]: wasmd's gas schedule (SDK KV gas, multiplier, load costs, event gas);
//! - [`storage`]: the storage backend charging Cosmos SDK KV gas, reported in `GasInfo`, with
//!   a journal that rolls failed transactions and sub-messages back;
//! - [`api`]: bech32 addresses and wasmd's gas for address calls;
//! - [`chain`]: a minimal wasmd running transactions, sub-messages and queries on the callee's
//!   instance and adding their cost;
//! - [`client`]: the stand-in cash client contract of the adapter funding row;
//! - [`scenarios`]: the named operations measured and the scaling runs;
//! - [`report`]: sizes, targets, `BENCHMARKS.md` and the JSON.

pub mod api;
pub mod chain;
pub mod client;
pub mod gas;
pub mod report;
pub mod scenarios;
pub mod storage;
