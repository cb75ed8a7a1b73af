//! Multi-test wrappers: each contract's entry points, as the chain would call them.

use cosmwasm_std::Empty;
use cw_multi_test::{Contract, ContractWrapper};

/// The identity registry.
pub fn identity_registry() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            identity_registry::contract::execute,
            identity_registry::contract::instantiate,
            identity_registry::contract::query,
        )
        .with_migrate(identity_registry::contract::migrate),
    )
}

/// cw20-base 2.x, the real CW20 that plays the USD1 stablecoin.
pub fn cw20_base() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            cw20_base::contract::execute,
            cw20_base::contract::instantiate,
            cw20_base::contract::query,
        )
        .with_migrate(cw20_base::contract::migrate),
    )
}

/// The restricted security token.
pub fn security_token() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            security_token::contract::execute,
            security_token::contract::instantiate,
            security_token::contract::query,
        )
        .with_migrate(security_token::contract::migrate),
    )
}

/// The USD1 cash adapter.
pub fn cash_adapter() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            cash_adapter::contract::execute,
            cash_adapter::contract::instantiate,
            cash_adapter::contract::query,
        )
        .with_migrate(cash_adapter::contract::migrate),
    )
}

/// The DvP escrow.
pub fn dvp_escrow() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            dvp_escrow::contract::execute,
            dvp_escrow::contract::instantiate,
            dvp_escrow::contract::query,
        )
        .with_migrate(dvp_escrow::contract::migrate),
    )
}

/// The corporate-actions distributor.
pub fn corporate_actions() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            corporate_actions::contract::execute,
            corporate_actions::contract::instantiate,
            corporate_actions::contract::query,
        )
        .with_migrate(corporate_actions::contract::migrate),
    )
}

/// The ballots contract.
pub fn ballots() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            ballots::contract::execute,
            ballots::contract::instantiate,
            ballots::contract::query,
        )
        .with_migrate(ballots::contract::migrate),
    )
}

/// The primary-offering contract.
pub fn primary_offering() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            primary_offering::contract::execute,
            primary_offering::contract::instantiate,
            primary_offering::contract::query,
        )
        .with_migrate(primary_offering::contract::migrate),
    )
}

/// The settlement contract (DvP on holds).
pub fn settlement() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            settlement::contract::execute,
            settlement::contract::instantiate,
            settlement::contract::query,
        )
        .with_migrate(settlement::contract::migrate),
    )
}
