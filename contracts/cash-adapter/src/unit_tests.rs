//! Unit tests of the entry points with mock dependencies: the payment shapes multi-test cannot
//! send (a zero coin), migration from older and newer versions, and the storage gas of a book
//! entry under the Cosmos SDK KV gas model.

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

/// Storage wrapper charging Cosmos SDK KV gas: read 1,000 + 3/byte, write 2,000 + 30/byte
/// (key including a 33-byte contract prefix, and value).
struct Metered<'a> {
    inner: &'a mut dyn cosmwasm_std::Storage,
    gas: std::cell::Cell<u64>,
}

const PREFIX: u64 = 33;

impl cosmwasm_std::Storage for Metered<'_> {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        let value = self.inner.get(key);
        let bytes = PREFIX + key.len() as u64 + value.as_ref().map_or(0, |v| v.len() as u64);
        self.gas.set(self.gas.get() + 1_000 + 3 * bytes);
        value
    }
    fn range<'a>(
        &'a self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: cosmwasm_std::Order,
    ) -> Box<dyn Iterator<Item = cosmwasm_std::Record> + 'a> {
        self.inner.range(start, end, order)
    }
    fn set(&mut self, key: &[u8], value: &[u8]) {
        let bytes = PREFIX + key.len() as u64 + value.len() as u64;
        self.gas.set(self.gas.get() + 2_000 + 30 * bytes);
        self.inner.set(key, value)
    }
    fn remove(&mut self, key: &[u8]) {
        self.gas.set(self.gas.get() + 1_000);
        self.inner.remove(key)
    }
}

/// The storage gas of a book entry (two account reads and writes, one registry raw read, the
/// config, the audit record) stays well under the 30,000 budget left for storage, events and VM.
#[test]
fn a_book_entry_stays_within_its_storage_gas_budget() {
    use cosmwasm_std::{
        to_json_binary, ContractResult, QuerierWrapper, SystemResult, Uint128, WasmQuery,
    };
    use sto_interface::cash::CashAccount;
    use sto_interface::common::{InvestorClass, Jurisdiction};
    use sto_interface::registry::WalletRecord;

    let mut deps = setup();
    // A bech32 address of a 32-byte account, as wallets have on a chain.
    let alice = deps.api.addr_make("alice");
    let record = to_json_binary(&WalletRecord {
        investor_id: "INV-A".into(),
        jurisdiction: Jurisdiction::parse("US").unwrap(),
        class: InvestorClass::Accredited,
        kyc_valid_until: cosmwasm_std::Timestamp::from_seconds(4_000_000_000),
        blocked: false,
    })
    .unwrap();
    let registry_gas = std::rc::Rc::new(std::cell::Cell::new(0u64));
    let seen = registry_gas.clone();
    let wallet = alice.to_string();
    deps.querier.update_wasm(move |q| match q {
        WasmQuery::Raw { key, .. } => {
            let value = key
                .as_slice()
                .ends_with(wallet.as_bytes())
                .then(|| record.clone());
            let bytes = PREFIX + key.len() as u64 + value.as_ref().map_or(0, |v| v.len() as u64);
            seen.set(seen.get() + 1_000 + 3 * bytes);
            SystemResult::Ok(ContractResult::Ok(value.unwrap_or_default()))
        }
        _ => SystemResult::Ok(ContractResult::Err("unexpected query".into())),
    });
    for (key, balance) in [("INV-A", 1_000_000_000_000u128), ("INV-B", 500_000_000_000)] {
        crate::state::ACCOUNTS
            .save(
                &mut deps.storage,
                key,
                &CashAccount {
                    balance: Uint128::new(balance),
                    held: Uint128::zero(),
                },
            )
            .unwrap();
    }
    let mut metered = Metered {
        inner: &mut deps.storage,
        gas: std::cell::Cell::new(0),
    };
    let res = execute(
        cosmwasm_std::DepsMut {
            storage: &mut metered,
            api: &deps.api,
            querier: QuerierWrapper::new(&deps.querier),
        },
        mock_env(),
        message_info(&alice, &[]),
        ExecuteMsg::TransferCash {
            from: None,
            to: "INV-B".into(),
            amount: Uint128::new(250_000_000),
            reference: "settlement:9".into(),
        },
    )
    .unwrap();
    let storage = metered.gas.get() + registry_gas.get();
    let attribute_bytes: usize = res
        .attributes
        .iter()
        .map(|a| a.key.len() + a.value.len())
        .sum();
    println!(
        "book entry: storage gas {} (adapter {}, registry raw read {}), {} attributes, {attribute_bytes} attribute bytes",
        storage,
        metered.gas.get(),
        registry_gas.get(),
        res.attributes.len()
    );
    assert!(storage < 25_000, "book entry storage gas {storage}");
}

/// The storage gas of a coupon claim's payment out of an action sub-account (one sub-account
/// read and write, each payee account's read and write, the audit record; no registry read, no
/// running total), under the same KV gas model: the adapter's share of a claim.
#[test]
fn a_sub_account_payment_stays_within_its_storage_gas_budget() {
    use cosmwasm_std::Uint128;
    use sto_interface::cash::{SubAccount, SubAccountPayment, SubAccountPaymentKind};

    let mut deps = setup();
    // A bech32 address of a 32-byte contract, as the distributor has on a chain.
    let distributor = deps.api.addr_make("distributor");
    crate::state::SUB_ACCOUNTS
        .save(
            &mut deps.storage,
            (&distributor, "action:7"),
            &SubAccount {
                funded: Uint128::new(1_000_000_000_000),
                paid: Uint128::new(400_000_000_000),
                withheld: Uint128::new(60_000_000_000),
                reclaimed: Uint128::zero(),
            },
        )
        .unwrap();
    for key in ["INV-A", "TAX-AUTHORITY"] {
        crate::state::ACCOUNTS
            .save(
                &mut deps.storage,
                key,
                &sto_interface::cash::CashAccount {
                    balance: Uint128::new(5_000_000_000),
                    held: Uint128::zero(),
                },
            )
            .unwrap();
    }
    let mut measure = |payments: Vec<SubAccountPayment>| {
        let mut metered = Metered {
            inner: &mut deps.storage,
            gas: std::cell::Cell::new(0),
        };
        let res = execute(
            cosmwasm_std::DepsMut {
                storage: &mut metered,
                api: &deps.api,
                querier: cosmwasm_std::QuerierWrapper::new(&deps.querier),
            },
            mock_env(),
            message_info(&distributor, &[]),
            ExecuteMsg::PayFromSubAccount {
                reference: "action:7".into(),
                payments,
            },
        )
        .unwrap();
        let attribute_bytes: usize = res
            .attributes
            .iter()
            .map(|a| a.key.len() + a.value.len())
            .sum();
        (metered.gas.get(), res.attributes.len(), attribute_bytes)
    };
    let paid = SubAccountPayment {
        account: "INV-A".into(),
        amount: Uint128::new(8_500_000),
        kind: SubAccountPaymentKind::Paid,
    };
    let withheld = SubAccountPayment {
        account: "TAX-AUTHORITY".into(),
        amount: Uint128::new(1_500_000),
        kind: SubAccountPaymentKind::Withheld,
    };
    let (one, one_attrs, one_bytes) = measure(vec![paid.clone()]);
    let (two, two_attrs, two_bytes) = measure(vec![paid, withheld]);
    println!(
        "sub-account payment: storage gas {one} for one payee ({one_attrs} attributes, {one_bytes} bytes), {two} for a paid and a withheld payee ({two_attrs} attributes, {two_bytes} bytes)"
    );
    assert!(one < 20_000, "one-payee payment storage gas {one}");
    assert!(two < 25_000, "two-payee payment storage gas {two}");
}
