//! The registry deployed on an in-process chain: messages through the real router, the
//! published raw layout read from outside, time passing, and migration by the admin.

use cosmwasm_std::{Addr, Empty, Timestamp};
use cw_multi_test::{App, AppResponse, Contract, ContractWrapper, Executor};
use identity_registry::ContractError;
use sto_access::{AccessError, Role};
use sto_interface::common::{InvestorClass, Jurisdiction};
use sto_interface::registry::{
    ExecuteMsg, IdentityRegistry, Ineligibility, InstantiateMsg, MigrateMsg, QueryMsg,
    VerifyResponse,
};

const YEAR: u64 = 365 * 24 * 3600;

fn registry_code() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            identity_registry::contract::execute,
            identity_registry::contract::instantiate,
            identity_registry::contract::query,
        )
        .with_migrate(identity_registry::contract::migrate),
    )
}

struct Chain {
    app: App,
    owner: Addr,
    officer: Addr,
    registry: IdentityRegistry,
    code_id: u64,
}

fn deploy() -> Chain {
    let mut app = App::default();
    let owner = app.api().addr_make("owner");
    let officer = app.api().addr_make("officer");
    let code_id = app.store_code(registry_code());
    let addr = app
        .instantiate_contract(
            code_id,
            owner.clone(),
            &InstantiateMsg {
                owner: None,
                compliance_officers: vec![officer.to_string()],
            },
            &[],
            "identity-registry",
            Some(owner.to_string()),
        )
        .unwrap();
    Chain {
        app,
        owner,
        officer,
        registry: IdentityRegistry(addr),
        code_id,
    }
}

impl Chain {
    fn register(
        &mut self,
        id: &str,
        wallet: &Addr,
        j: &str,
        until: Timestamp,
    ) -> anyhow::Result<AppResponse> {
        self.app.execute_contract(
            self.officer.clone(),
            self.registry.addr().clone(),
            &ExecuteMsg::RegisterInvestor {
                investor_id: id.into(),
                wallets: vec![wallet.to_string()],
                jurisdiction: Jurisdiction::parse(j).unwrap(),
                class: InvestorClass::Retail,
                kyc_valid_until: until,
            },
            &[],
        )
    }
}

#[test]
fn published_wallet_record_is_readable_raw_from_outside() {
    let mut c = deploy();
    let w = c.app.api().addr_make("alice");
    let until = c.app.block_info().time.plus_seconds(YEAR);
    c.register("ALICE", &w, "DE", until).unwrap();

    // What another contract does: a raw storage read against the registry address.
    let record = c
        .registry
        .wallet_record(&c.app.wrap(), &w)
        .unwrap()
        .unwrap();
    assert_eq!(record.investor_id, "ALICE");
    assert_eq!(record.jurisdiction.as_str(), "DE");
    assert_eq!(record.kyc_valid_until, until);
    assert!(!record.blocked);
    let stranger = c.app.api().addr_make("stranger");
    assert_eq!(
        c.registry.wallet_record(&c.app.wrap(), &stranger).unwrap(),
        None
    );

    // The raw read and the smart query agree.
    let now = c.app.block_info().time;
    let smart = c.registry.verify(&c.app.wrap(), w.to_string()).unwrap();
    assert!(smart.eligible);
    assert_eq!(
        c.registry.eligibility(&c.app.wrap(), &w, now).unwrap(),
        Ok(record)
    );
}

#[test]
fn events_carry_action_ids_and_parties() {
    let mut c = deploy();
    let w = c.app.api().addr_make("bob");
    let until = c.app.block_info().time.plus_seconds(YEAR);
    let res = c.register("BOB", &w, "US", until).unwrap();
    let wasm = res.events.iter().find(|e| e.ty == "wasm").unwrap();
    let get = |k: &str| {
        wasm.attributes
            .iter()
            .find(|a| a.key == k)
            .map(|a| a.value.clone())
    };
    assert_eq!(get("action").as_deref(), Some("register_investor"));
    assert_eq!(get("investor_id").as_deref(), Some("BOB"));
    assert_eq!(get("wallet"), Some(w.to_string()));
    assert_eq!(get("jurisdiction").as_deref(), Some("US"));
    assert_eq!(get("sender"), Some(c.officer.to_string()));
}

#[test]
fn kyc_expires_with_block_time_and_renewal_restores() {
    let mut c = deploy();
    let w = c.app.api().addr_make("carol");
    let until = c.app.block_info().time.plus_seconds(100);
    c.register("CAROL", &w, "US", until).unwrap();
    c.app.update_block(|b| b.time = b.time.plus_seconds(100));
    let v: VerifyResponse = c
        .app
        .wrap()
        .query_wasm_smart(
            c.registry.addr(),
            &QueryMsg::Verify {
                address: w.to_string(),
            },
        )
        .unwrap();
    assert_eq!(v.reason, Some(Ineligibility::KycExpired));

    let renewed = c.app.block_info().time.plus_seconds(YEAR);
    c.app
        .execute_contract(
            c.officer.clone(),
            c.registry.addr().clone(),
            &ExecuteMsg::UpdateInvestor {
                investor_id: "CAROL".into(),
                jurisdiction: None,
                class: None,
                kyc_valid_until: Some(renewed),
            },
            &[],
        )
        .unwrap();
    assert!(
        c.registry
            .verify(&c.app.wrap(), w.to_string())
            .unwrap()
            .eligible
    );
}

#[test]
fn unauthorized_register_through_the_chain_is_a_typed_error() {
    let mut c = deploy();
    let w = c.app.api().addr_make("dave");
    let owner = c.owner.clone();
    let err = c
        .app
        .execute_contract(
            owner.clone(),
            c.registry.addr().clone(),
            &ExecuteMsg::RegisterInvestor {
                investor_id: "DAVE".into(),
                wallets: vec![w.to_string()],
                jurisdiction: Jurisdiction::parse("US").unwrap(),
                class: InvestorClass::Retail,
                kyc_valid_until: c.app.block_info().time.plus_seconds(YEAR),
            },
            &[],
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<ContractError>().unwrap(),
        ContractError::Access(AccessError::MissingRole {
            role: Role::ComplianceOfficer,
            address: owner.to_string()
        })
    );
    assert_eq!(c.registry.wallet_record(&c.app.wrap(), &w).unwrap(), None);
}

#[test]
fn admin_migrates_to_new_code_and_state_survives() {
    let mut c = deploy();
    let w = c.app.api().addr_make("erin");
    let until = c.app.block_info().time.plus_seconds(YEAR);
    c.register("ERIN", &w, "FR", until).unwrap();
    let new_code = c.app.store_code(registry_code());
    assert_ne!(new_code, c.code_id);
    let res = c
        .app
        .migrate_contract(
            c.owner.clone(),
            c.registry.addr().clone(),
            &MigrateMsg {},
            new_code,
        )
        .unwrap();
    assert!(res.events.iter().any(|e| e
        .attributes
        .iter()
        .any(|a| a.key == "action" && a.value == "migrate")));
    assert!(
        c.registry
            .verify(&c.app.wrap(), w.to_string())
            .unwrap()
            .eligible
    );
}
