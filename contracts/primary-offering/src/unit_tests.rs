//! Entry-point tests without the suite: migration and the payment guard.

use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env};
use cosmwasm_std::{coins, StdError};
use cw_utils::PaymentError;
use sto_interface::offering::{ExecuteMsg, InstantiateMsg, MigrateMsg};

use crate::contract::{execute, instantiate, migrate};
use crate::error::ContractError;
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};

#[test]
fn migrate_accepts_an_older_version_and_refuses_a_newer_one_or_another_contract() {
    let mut deps = mock_dependencies();
    let owner = deps.api.addr_make("owner");
    let adapter = deps.api.addr_make("adapter");
    instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&owner, &[]),
        InstantiateMsg {
            owner: None,
            cash_adapter: adapter.to_string(),
        },
    )
    .unwrap();
    cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "0.0.1").unwrap();
    let res = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
    assert_eq!(res.attributes[1].value, "0.0.1");
    assert_eq!(
        cw2::get_contract_version(&deps.storage).unwrap().version,
        CONTRACT_VERSION
    );
    cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
    assert_eq!(
        migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err(),
        ContractError::Std(StdError::generic_err(format!(
            "Cannot migrate from newer version (99.0.0) to older ({CONTRACT_VERSION})"
        )))
    );
    cw2::set_contract_version(&mut deps.storage, "crates.io:other", "0.0.1").unwrap();
    assert_eq!(
        migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err(),
        ContractError::Std(StdError::generic_err(format!(
            "Cannot migrate from crates.io:other to {CONTRACT_NAME}"
        )))
    );
}

#[test]
fn no_message_takes_funds() {
    let mut deps = mock_dependencies();
    let owner = deps.api.addr_make("owner");
    let adapter = deps.api.addr_make("adapter");
    let msg = InstantiateMsg {
        owner: None,
        cash_adapter: adapter.to_string(),
    };
    assert_eq!(
        instantiate(
            deps.as_mut(),
            mock_env(),
            message_info(&owner, &coins(1, "uusd1")),
            msg.clone()
        )
        .unwrap_err(),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    instantiate(deps.as_mut(), mock_env(), message_info(&owner, &[]), msg).unwrap();
    assert_eq!(
        execute(
            deps.as_mut(),
            mock_env(),
            message_info(&owner, &coins(1, "uusd1")),
            ExecuteMsg::Close { offering_id: 1 }
        )
        .unwrap_err(),
        ContractError::Payment(PaymentError::NonPayable {})
    );
}
