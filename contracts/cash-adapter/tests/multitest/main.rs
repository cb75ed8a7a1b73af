//! Multi-test suite of the cash adapter. Every behavioural test runs twice: with USD1 as a
//! cw20-base contract (`::cw20`) and as a bank denom (`::native`).

mod suite;

mod access;
mod accounts;
mod attestation;
mod audit;
mod cash_property;
mod funding;
mod holds;
mod invariant;
mod ledger;
mod operator_limit;
mod redemption;
mod release;
mod sub_accounts;
mod surplus;
