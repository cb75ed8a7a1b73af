//! The main job: deploy the suite on an embedded in-process chain and carry it through the
//! lifecycle of `SYSTEM.md`, as wallets, custodians and agents would, using only the
//! contracts' public messages. Every step is recorded in a [`Report`] that is printed as it
//! goes and written as a JSON audit file; any outcome that differs from what is expected makes
//! the run fail.

mod report;
mod scenario;

pub use report::{Outcome, Report, Step};
pub use scenario::run;
