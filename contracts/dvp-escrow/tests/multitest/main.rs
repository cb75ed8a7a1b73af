//! Multi-test suite of the DvP escrow with the real identity registry, security token, cash
//! adapter and cw20-base as USD1.

mod suite;

mod access;
mod allocations;
mod bad_input;
mod offerings;
mod property;
mod refunds;
mod settlement;
