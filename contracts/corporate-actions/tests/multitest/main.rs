//! Multi-test suite of the corporate-actions distributor, with the real identity registry,
//! security token, cash adapter and cw20-base as USD1.

mod suite;

mod access;
mod bad_input;
mod claims;
mod close;
mod recovery;
mod redemption;
mod scaling;
mod sub_account;
