//! Unit tests of the entry points with mock dependencies: the payment shapes multi-test cannot
//! send (a zero coin) and migration from older and newer versions.

use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env};
use cosmwasm_std::{coin, Decimal};
use sto_interface::cash::{AssetInfoUnchecked, ExecuteMsg, InstantiateMsg, MigrateMsg};
use sto_interface::common::EventRef;

use crate::contract::{execute, instantiate, migrate};
use crate::error::ContractError;
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};

fn setup() -> cosmwasm_std::OwnedDeps<
    cosmwasm_std::MemoryStorage,
    cosmwasm_std::testing::MockApi,
    cosmwasm_std::testing::MockQuerier,
> {
    let mut deps = mock_dependencies();
    let owner = deps.api.addr_make("owner");
    let msg = InstantiateMsg {
        owner: None,
        asset: AssetInfoUnchecked::Native {
            denom: "uusd1".into(),
        },
        registry: deps.api.addr_make("registry").to_string(),
        max_attestation_age: 60,
        min_coverage: Decimal::one(),
        redemption_address: deps.api.addr_make("redemption").to_string(),
        redemption_service_period: 60,
        attestors: vec![],
        off_ramp_operators: vec![],
    };
    instantiate(deps.as_mut(), mock_env(), message_info(&owner, &[]), msg).unwrap();
    deps
}

#[test]
fn a_zero_coin_of_the_configured_denom_is_refused() {
    let mut deps = setup();
    let payer = deps.api.addr_make("payer");
    let client = deps.api.addr_make("client");
    let err = execute(
        deps.as_mut(),
        mock_env(),
        message_info(&payer, &[coin(0, "uusd1")]),
        ExecuteMsg::Fund {
            client: client.to_string(),
            reference: EventRef::Settlement { id: 1 },
        },
    )
    .unwrap_err();
    assert_eq!(err, ContractError::ZeroAmount);
}

#[test]
fn an_invalid_denom_or_zero_parameters_are_refused_at_instantiate() {
    let mut deps = mock_dependencies();
    let owner = deps.api.addr_make("owner");
    let base = InstantiateMsg {
        owner: None,
        asset: AssetInfoUnchecked::Native {
            denom: "u$d".into(),
        },
        registry: deps.api.addr_make("registry").to_string(),
        max_attestation_age: 60,
        min_coverage: Decimal::one(),
        redemption_address: deps.api.addr_make("redemption").to_string(),
        redemption_service_period: 60,
        attestors: vec![],
        off_ramp_operators: vec![],
    };
    let err = instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&owner, &[]),
        base.clone(),
    )
    .unwrap_err();
    assert!(matches!(err, ContractError::InvalidConfig { field, .. } if field == "denom"));
    let err = instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&owner, &[]),
        InstantiateMsg {
            asset: AssetInfoUnchecked::Native {
                denom: "uusd1".into(),
            },
            redemption_service_period: 0,
            ..base
        },
    )
    .unwrap_err();
    assert!(
        matches!(err, ContractError::InvalidConfig { field, .. } if field == "redemption_service_period")
    );
}

#[test]
fn migrate_accepts_an_older_version_and_refuses_a_newer_one() {
    let mut deps = setup();
    cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "0.0.1").unwrap();
    let res = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
    assert_eq!(res.attributes[1].value, "0.0.1");
    assert_eq!(
        cw2::get_contract_version(&deps.storage).unwrap().version,
        CONTRACT_VERSION
    );

    cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
    assert!(matches!(
        migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err(),
        ContractError::Std(_)
    ));
    cw2::set_contract_version(&mut deps.storage, "crates.io:other", "0.0.1").unwrap();
    assert!(matches!(
        migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err(),
        ContractError::Std(_)
    ));
}
