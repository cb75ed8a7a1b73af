//! Unit tests: every message allowed and refused, state unchanged on refusal.

use cosmwasm_std::testing::{
    message_info, mock_dependencies, mock_env, MockApi, MockQuerier, MockStorage,
};
use cosmwasm_std::{coins, from_json, Addr, Env, OwnedDeps, Timestamp};
use cw_utils::PaymentError;
use sto_access::{AccessError, OwnershipAction, OwnershipError, Role, RoleAction};
use sto_interface::common::{DomainError, InvestorClass, Jurisdiction};
use sto_interface::registry::{
    ExecuteMsg, Ineligibility, InstantiateMsg, Investor, InvestorsResponse, MigrateMsg, QueryMsg,
    VerifyBatchResponse, VerifyResponse, WalletsResponse, MAX_WALLETS_PER_INVESTOR,
};

use crate::contract::{execute, instantiate, migrate, query};
use crate::error::ContractError;
use crate::state::{CONTRACT_NAME, INVESTORS, WALLET_RECORDS};

type Deps = OwnedDeps<MockStorage, MockApi, MockQuerier>;

struct T {
    deps: Deps,
    env: Env,
    owner: Addr,
    officer: Addr,
}

const YEAR: u64 = 365 * 24 * 3600;

fn us() -> Jurisdiction {
    Jurisdiction::parse("US").unwrap()
}

fn setup() -> T {
    let mut deps = mock_dependencies();
    let env = mock_env();
    let owner = deps.api.addr_make("owner");
    let officer = deps.api.addr_make("officer");
    instantiate(
        deps.as_mut(),
        env.clone(),
        message_info(&owner, &[]),
        InstantiateMsg {
            owner: None,
            compliance_officers: vec![officer.to_string()],
        },
    )
    .unwrap();
    T {
        deps,
        env,
        owner,
        officer,
    }
}

impl T {
    fn addr(&self, name: &str) -> Addr {
        self.deps.api.addr_make(name)
    }

    fn exec(
        &mut self,
        sender: &Addr,
        msg: ExecuteMsg,
    ) -> Result<cosmwasm_std::Response, ContractError> {
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, &[]),
            msg,
        )
    }

    fn register(
        &mut self,
        id: &str,
        wallets: &[&Addr],
    ) -> Result<cosmwasm_std::Response, ContractError> {
        let officer = self.officer.clone();
        let msg = ExecuteMsg::RegisterInvestor {
            investor_id: id.to_string(),
            wallets: wallets.iter().map(|w| w.to_string()).collect(),
            jurisdiction: us(),
            class: InvestorClass::Accredited,
            kyc_valid_until: self.env.block.time.plus_seconds(YEAR),
        };
        self.exec(&officer, msg)
    }

    fn verify(&self, addr: &Addr) -> VerifyResponse {
        from_json(
            query(
                self.deps.as_ref(),
                self.env.clone(),
                QueryMsg::Verify {
                    address: addr.to_string(),
                },
            )
            .unwrap(),
        )
        .unwrap()
    }

    fn investor(&self, id: &str) -> Investor {
        INVESTORS.load(&self.deps.storage, id).unwrap()
    }

    /// Snapshot of the whole storage, to prove refusals change nothing.
    fn snapshot(&self) -> Vec<(Vec<u8>, Vec<u8>)> {
        use cosmwasm_std::{Order, Storage};
        self.deps
            .storage
            .range(None, None, Order::Ascending)
            .collect()
    }
}

#[test]
fn instantiate_sets_owner_officers_and_version() {
    let t = setup();
    assert_eq!(
        sto_access::ownership(&t.deps.storage).unwrap().owner,
        Some(t.owner.clone())
    );
    assert!(sto_access::has_role(
        &t.deps.storage,
        Role::ComplianceOfficer,
        &t.officer
    ));
    let v = cw2::get_contract_version(&t.deps.storage).unwrap();
    assert_eq!(v.contract, CONTRACT_NAME);
}

#[test]
fn instantiate_refuses_funds_and_bad_officer_address() {
    let mut deps = mock_dependencies();
    let owner = deps.api.addr_make("owner");
    let err = instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&owner, &coins(1, "uusd")),
        InstantiateMsg {
            owner: None,
            compliance_officers: vec![],
        },
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));

    let err = instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&owner, &[]),
        InstantiateMsg {
            owner: None,
            compliance_officers: vec!["not-an-address".to_string()],
        },
    )
    .unwrap_err();
    assert!(matches!(
        err,
        ContractError::Access(AccessError::InvalidAddress { .. })
    ));
}

#[test]
fn officer_registers_investor_and_wallets_become_eligible() {
    let mut t = setup();
    let w1 = t.addr("w1");
    let w2 = t.addr("w2");
    let res = t.register("INV-1", &[&w1, &w2]).unwrap();
    assert_eq!(res.attributes[0].value, "register_investor");
    assert!(res
        .attributes
        .iter()
        .any(|a| a.key == "investor_id" && a.value == "INV-1"));
    assert_eq!(
        res.attributes.iter().filter(|a| a.key == "wallet").count(),
        2
    );

    for w in [&w1, &w2] {
        let v = t.verify(w);
        assert!(v.eligible);
        assert_eq!(v.investor_id.as_deref(), Some("INV-1"));
        assert_eq!(v.jurisdiction, Some(us()));
        assert_eq!(v.class, Some(InvestorClass::Accredited));
    }
    assert_eq!(t.investor("INV-1").wallets, vec![w1, w2]);
}

#[test]
fn register_by_non_officer_is_refused_and_changes_nothing() {
    let mut t = setup();
    let w = t.addr("w");
    let owner = t.owner.clone();
    let before = t.snapshot();
    let err = t
        .exec(
            &owner,
            ExecuteMsg::RegisterInvestor {
                investor_id: "INV-1".into(),
                wallets: vec![w.to_string()],
                jurisdiction: us(),
                class: InvestorClass::Retail,
                kyc_valid_until: t.env.block.time.plus_seconds(10),
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::Access(AccessError::MissingRole {
            role: Role::ComplianceOfficer,
            address: owner.to_string()
        })
    );
    assert_eq!(before, t.snapshot());
}

#[test]
fn register_refusals_are_typed_and_change_nothing() {
    let mut t = setup();
    let w1 = t.addr("w1");
    let w2 = t.addr("w2");
    t.register("INV-1", &[&w1]).unwrap();
    let before = t.snapshot();
    let now = t.env.block.time;
    let officer = t.officer.clone();
    let reg =
        |id: &str, wallets: Vec<String>, j: &str, until: Timestamp| ExecuteMsg::RegisterInvestor {
            investor_id: id.to_string(),
            wallets,
            jurisdiction: from_json(format!("\"{j}\"")).unwrap(),
            class: InvestorClass::Retail,
            kyc_valid_until: until,
        };
    let later = now.plus_seconds(YEAR);

    let cases: Vec<(ExecuteMsg, ContractError)> = vec![
        (
            reg("INV-1", vec![w2.to_string()], "US", later),
            ContractError::InvestorExists {
                investor_id: "INV-1".into(),
            },
        ),
        (
            reg("INV-2", vec![w1.to_string()], "US", later),
            ContractError::WalletAlreadyOwned {
                wallet: w1.to_string(),
                owner: "INV-1".into(),
            },
        ),
        (
            reg("INV-2", vec![w2.to_string(), w2.to_string()], "US", later),
            ContractError::DuplicateWallet {
                wallet: w2.to_string(),
            },
        ),
        (reg("INV-2", vec![], "US", later), ContractError::NoWallets),
        (
            reg("INV-2", vec![w2.to_string()], "US", now),
            ContractError::KycNotInFuture {
                kyc_valid_until: now,
                now,
            },
        ),
        (
            reg("INV-2", vec![w2.to_string()], "", later),
            ContractError::Domain(DomainError::InvalidJurisdiction { given: "".into() }),
        ),
        (
            reg("INV-2", vec![w2.to_string()], "usa", later),
            ContractError::Domain(DomainError::InvalidJurisdiction {
                given: "usa".into(),
            }),
        ),
        (
            reg("INV-2", vec![w2.to_string()], "XX", later),
            ContractError::Domain(DomainError::InvalidJurisdiction { given: "XX".into() }),
        ),
        (
            reg("bad id", vec![w2.to_string()], "US", later),
            ContractError::Domain(DomainError::InvalidInvestorId {
                given: "bad id".into(),
                max: 64,
            }),
        ),
    ];
    for (msg, expected) in cases {
        assert_eq!(t.exec(&officer, msg).unwrap_err(), expected);
        assert_eq!(before, t.snapshot());
    }

    // Invalid and upper-case bech32 addresses.
    for bad in [
        "cosmwasm1invalid".to_string(),
        w2.to_string().to_uppercase(),
    ] {
        let err = t
            .exec(&officer, reg("INV-2", vec![bad.clone()], "US", later))
            .unwrap_err();
        assert!(
            matches!(&err, ContractError::Access(AccessError::InvalidAddress { address, .. }) if *address == bad),
            "{err:?}"
        );
        assert_eq!(before, t.snapshot());
    }

    // Too many wallets.
    let many: Vec<String> = (0..=MAX_WALLETS_PER_INVESTOR)
        .map(|i| t.addr(&format!("m{i}")).to_string())
        .collect();
    assert_eq!(
        t.exec(&officer, reg("INV-2", many, "US", later))
            .unwrap_err(),
        ContractError::TooManyWallets {
            max: MAX_WALLETS_PER_INVESTOR,
            count: MAX_WALLETS_PER_INVESTOR + 1
        }
    );
    assert_eq!(before, t.snapshot());
}

#[test]
fn update_investor_rewrites_every_wallet_record() {
    let mut t = setup();
    let w1 = t.addr("w1");
    let w2 = t.addr("w2");
    t.register("INV-1", &[&w1, &w2]).unwrap();
    let officer = t.officer.clone();
    let until = t.env.block.time.plus_seconds(2 * YEAR);
    let res = t
        .exec(
            &officer,
            ExecuteMsg::UpdateInvestor {
                investor_id: "INV-1".into(),
                jurisdiction: Some(Jurisdiction::parse("DE").unwrap()),
                class: Some(InvestorClass::QualifiedInstitutional),
                kyc_valid_until: Some(until),
            },
        )
        .unwrap();
    assert_eq!(res.attributes[0].value, "update_investor");
    for w in [&w1, &w2] {
        let r = WALLET_RECORDS.load(&t.deps.storage, w).unwrap();
        assert_eq!(r.jurisdiction.as_str(), "DE");
        assert_eq!(r.class, InvestorClass::QualifiedInstitutional);
        assert_eq!(r.kyc_valid_until, until);
    }
}

#[test]
fn update_refusals() {
    let mut t = setup();
    let w1 = t.addr("w1");
    t.register("INV-1", &[&w1]).unwrap();
    let officer = t.officer.clone();
    let stranger = t.addr("stranger");
    let before = t.snapshot();
    let now = t.env.block.time;
    let upd = |id: &str, until: Option<Timestamp>| ExecuteMsg::UpdateInvestor {
        investor_id: id.into(),
        jurisdiction: None,
        class: None,
        kyc_valid_until: until,
    };
    assert_eq!(
        t.exec(&officer, upd("INV-1", None)).unwrap_err(),
        ContractError::NothingToUpdate
    );
    assert_eq!(
        t.exec(&officer, upd("NOPE", Some(now.plus_seconds(1))))
            .unwrap_err(),
        ContractError::InvestorNotFound {
            investor_id: "NOPE".into()
        }
    );
    assert_eq!(
        t.exec(&officer, upd("INV-1", Some(now.minus_seconds(1))))
            .unwrap_err(),
        ContractError::KycNotInFuture {
            kyc_valid_until: now.minus_seconds(1),
            now
        }
    );
    assert!(matches!(
        t.exec(&stranger, upd("INV-1", Some(now.plus_seconds(1))))
            .unwrap_err(),
        ContractError::Access(AccessError::MissingRole { .. })
    ));
    assert_eq!(before, t.snapshot());
}

#[test]
fn add_and_remove_wallet() {
    let mut t = setup();
    let w1 = t.addr("w1");
    let w2 = t.addr("w2");
    let other = t.addr("other");
    t.register("INV-1", &[&w1]).unwrap();
    t.register("INV-2", &[&other]).unwrap();
    let officer = t.officer.clone();

    t.exec(
        &officer,
        ExecuteMsg::AddWallet {
            investor_id: "INV-1".into(),
            wallet: w2.to_string(),
        },
    )
    .unwrap();
    assert!(t.verify(&w2).eligible);
    assert_eq!(t.investor("INV-1").wallets, vec![w1.clone(), w2.clone()]);

    let before = t.snapshot();
    // A wallet belongs to at most one investor.
    assert_eq!(
        t.exec(
            &officer,
            ExecuteMsg::AddWallet {
                investor_id: "INV-1".into(),
                wallet: other.to_string(),
            }
        )
        .unwrap_err(),
        ContractError::WalletAlreadyOwned {
            wallet: other.to_string(),
            owner: "INV-2".into()
        }
    );
    // Removing from the wrong investor.
    assert_eq!(
        t.exec(
            &officer,
            ExecuteMsg::RemoveWallet {
                investor_id: "INV-1".into(),
                wallet: other.to_string(),
            }
        )
        .unwrap_err(),
        ContractError::WalletNotOfInvestor {
            wallet: other.to_string(),
            investor_id: "INV-1".into()
        }
    );
    assert_eq!(before, t.snapshot());

    let res = t
        .exec(
            &officer,
            ExecuteMsg::RemoveWallet {
                investor_id: "INV-1".into(),
                wallet: w1.to_string(),
            },
        )
        .unwrap();
    assert_eq!(res.attributes[0].value, "remove_wallet");
    let v = t.verify(&w1);
    assert!(!v.eligible);
    assert_eq!(v.reason, Some(Ineligibility::UnknownWallet));
    assert_eq!(t.investor("INV-1").wallets, vec![w2]);
}

#[test]
fn add_wallet_beyond_the_maximum_is_refused() {
    let mut t = setup();
    let wallets: Vec<Addr> = (0..MAX_WALLETS_PER_INVESTOR)
        .map(|i| t.addr(&format!("w{i}")))
        .collect();
    let refs: Vec<&Addr> = wallets.iter().collect();
    t.register("INV-1", &refs).unwrap();
    let extra = t.addr("extra");
    let officer = t.officer.clone();
    assert_eq!(
        t.exec(
            &officer,
            ExecuteMsg::AddWallet {
                investor_id: "INV-1".into(),
                wallet: extra.to_string()
            }
        )
        .unwrap_err(),
        ContractError::TooManyWallets {
            max: MAX_WALLETS_PER_INVESTOR,
            count: MAX_WALLETS_PER_INVESTOR + 1
        }
    );
}

#[test]
fn block_and_unblock_flip_every_wallet() {
    let mut t = setup();
    let w1 = t.addr("w1");
    let w2 = t.addr("w2");
    t.register("INV-1", &[&w1, &w2]).unwrap();
    let officer = t.officer.clone();
    let res = t
        .exec(
            &officer,
            ExecuteMsg::BlockInvestor {
                investor_id: "INV-1".into(),
                reason_ref: "OFAC-2026-17".into(),
            },
        )
        .unwrap();
    assert!(res
        .attributes
        .iter()
        .any(|a| a.key == "reason_ref" && a.value == "OFAC-2026-17"));
    for w in [&w1, &w2] {
        assert_eq!(t.verify(w).reason, Some(Ineligibility::Blocked));
    }
    let block = t.investor("INV-1").block.unwrap();
    assert_eq!(block.blocked_by, officer);

    let before = t.snapshot();
    assert_eq!(
        t.exec(
            &officer,
            ExecuteMsg::BlockInvestor {
                investor_id: "INV-1".into(),
                reason_ref: "again".into(),
            }
        )
        .unwrap_err(),
        ContractError::AlreadyBlocked {
            investor_id: "INV-1".into(),
            reason_ref: "OFAC-2026-17".into()
        }
    );
    assert_eq!(before, t.snapshot());

    t.exec(
        &officer,
        ExecuteMsg::UnblockInvestor {
            investor_id: "INV-1".into(),
            reason_ref: "DELIST-1".into(),
        },
    )
    .unwrap();
    assert!(t.verify(&w1).eligible && t.verify(&w2).eligible);
    assert_eq!(
        t.exec(
            &officer,
            ExecuteMsg::UnblockInvestor {
                investor_id: "INV-1".into(),
                reason_ref: "DELIST-1".into(),
            }
        )
        .unwrap_err(),
        ContractError::NotBlocked {
            investor_id: "INV-1".into()
        }
    );
}

#[test]
fn block_refusals() {
    let mut t = setup();
    let w1 = t.addr("w1");
    t.register("INV-1", &[&w1]).unwrap();
    let officer = t.officer.clone();
    let stranger = t.addr("stranger");
    let before = t.snapshot();
    for reason in ["".to_string(), "x".repeat(129)] {
        assert_eq!(
            t.exec(
                &officer,
                ExecuteMsg::BlockInvestor {
                    investor_id: "INV-1".into(),
                    reason_ref: reason
                }
            )
            .unwrap_err(),
            ContractError::InvalidReasonRef { max: 128 }
        );
    }
    assert!(matches!(
        t.exec(
            &stranger,
            ExecuteMsg::BlockInvestor {
                investor_id: "INV-1".into(),
                reason_ref: "r".into()
            }
        )
        .unwrap_err(),
        ContractError::Access(AccessError::MissingRole { .. })
    ));
    assert_eq!(
        t.exec(
            &officer,
            ExecuteMsg::BlockInvestor {
                investor_id: "NOPE".into(),
                reason_ref: "r".into()
            }
        )
        .unwrap_err(),
        ContractError::InvestorNotFound {
            investor_id: "NOPE".into()
        }
    );
    assert_eq!(before, t.snapshot());
}

#[test]
fn kyc_expiry_makes_wallets_ineligible_over_time() {
    let mut t = setup();
    let w1 = t.addr("w1");
    t.register("INV-1", &[&w1]).unwrap();
    t.env.block.time = t.env.block.time.plus_seconds(YEAR);
    let v = t.verify(&w1);
    assert!(!v.eligible);
    assert_eq!(v.reason, Some(Ineligibility::KycExpired));
}

#[test]
fn execute_refuses_attached_funds() {
    let mut t = setup();
    let officer = t.officer.clone();
    let err = execute(
        t.deps.as_mut(),
        t.env.clone(),
        message_info(&officer, &coins(5, "uusd1")),
        ExecuteMsg::UnblockInvestor {
            investor_id: "x".into(),
            reason_ref: "r".into(),
        },
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}

#[test]
fn roles_are_administered_by_the_owner_only() {
    let mut t = setup();
    let owner = t.owner.clone();
    let officer2 = t.addr("officer2");
    let grant = ExecuteMsg::UpdateRoles(RoleAction::Grant {
        role: Role::ComplianceOfficer,
        address: officer2.to_string(),
    });
    let officer = t.officer.clone();
    assert_eq!(
        t.exec(&officer, grant.clone()).unwrap_err(),
        ContractError::Access(AccessError::Ownership(OwnershipError::NotOwner))
    );
    t.exec(&owner, grant).unwrap();
    assert!(sto_access::has_role(
        &t.deps.storage,
        Role::ComplianceOfficer,
        &officer2
    ));
    assert!(matches!(
        t.exec(
            &owner,
            ExecuteMsg::UpdateRoles(RoleAction::Grant {
                role: Role::TransferAgent,
                address: officer2.to_string()
            })
        )
        .unwrap_err(),
        ContractError::Access(AccessError::RoleNotUsed { .. })
    ));
}

#[test]
fn ownership_accept_by_wrong_address_is_refused() {
    let mut t = setup();
    let owner = t.owner.clone();
    let next = t.addr("next");
    let wrong = t.addr("wrong");
    t.exec(
        &owner,
        ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
            new_owner: next.to_string(),
            expiry: None,
        }),
    )
    .unwrap();
    let before = t.snapshot();
    assert_eq!(
        t.exec(
            &wrong,
            ExecuteMsg::UpdateOwnership(OwnershipAction::AcceptOwnership)
        )
        .unwrap_err(),
        ContractError::Access(AccessError::Ownership(OwnershipError::NotPendingOwner))
    );
    assert_eq!(before, t.snapshot());
    t.exec(
        &next,
        ExecuteMsg::UpdateOwnership(OwnershipAction::AcceptOwnership),
    )
    .unwrap();
    assert_eq!(
        sto_access::ownership(&t.deps.storage).unwrap().owner,
        Some(next)
    );
}

#[test]
fn queries_paginate_and_batch() {
    let mut t = setup();
    let mut wallets = vec![];
    for i in 0..5 {
        let w = t.addr(&format!("w{i}"));
        t.register(&format!("INV-{i}"), &[&w]).unwrap();
        wallets.push(w);
    }
    let page: InvestorsResponse = from_json(
        query(
            t.deps.as_ref(),
            t.env.clone(),
            QueryMsg::Investors {
                start_after: None,
                limit: Some(2),
            },
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(page.investors.len(), 2);
    assert!(page.has_more);
    let page2: InvestorsResponse = from_json(
        query(
            t.deps.as_ref(),
            t.env.clone(),
            QueryMsg::Investors {
                start_after: Some(page.investors[1].investor_id.clone()),
                limit: Some(10),
            },
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(page2.investors.len(), 3);
    assert!(!page2.has_more);

    let all: WalletsResponse = from_json(
        query(
            t.deps.as_ref(),
            t.env.clone(),
            QueryMsg::Wallets {
                start_after: None,
                limit: None,
            },
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(all.wallets.len(), 5);

    let unknown = t.addr("unknown");
    let batch: VerifyBatchResponse = from_json(
        query(
            t.deps.as_ref(),
            t.env.clone(),
            QueryMsg::VerifyBatch {
                addresses: vec![wallets[0].to_string(), unknown.to_string()],
            },
        )
        .unwrap(),
    )
    .unwrap();
    assert!(batch.results[0].eligible);
    assert_eq!(batch.results[1].reason, Some(Ineligibility::UnknownWallet));

    let too_many = (0..101).map(|_| unknown.to_string()).collect();
    assert!(query(
        t.deps.as_ref(),
        t.env.clone(),
        QueryMsg::VerifyBatch {
            addresses: too_many
        }
    )
    .is_err());

    let by_wallet: Investor = from_json(
        query(
            t.deps.as_ref(),
            t.env.clone(),
            QueryMsg::InvestorByWallet {
                address: wallets[3].to_string(),
            },
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(by_wallet.investor_id, "INV-3");
}

#[test]
fn migrate_accepts_older_version_and_refuses_other_contract() {
    let mut t = setup();
    cw2::set_contract_version(&mut t.deps.storage, CONTRACT_NAME, "0.0.1").unwrap();
    let res = migrate(t.deps.as_mut(), t.env.clone(), MigrateMsg {}).unwrap();
    assert!(res
        .attributes
        .iter()
        .any(|a| a.key == "from_version" && a.value == "0.0.1"));

    cw2::set_contract_version(&mut t.deps.storage, "crates.io:other", "0.0.1").unwrap();
    assert!(matches!(
        migrate(t.deps.as_mut(), t.env.clone(), MigrateMsg {}).unwrap_err(),
        ContractError::Std(_)
    ));

    cw2::set_contract_version(&mut t.deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
    assert!(matches!(
        migrate(t.deps.as_mut(), t.env.clone(), MigrateMsg {}).unwrap_err(),
        ContractError::Std(_)
    ));
}
