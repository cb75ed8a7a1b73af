//! Bad input: typed errors and nothing changed.

mod common;

use common::{refused, Suite};
use cosmwasm_std::{to_json_binary, Addr, Uint128};
use cw20::Expiration;
use security_token::ContractError;
use sto_access::AccessError;
use sto_interface::common::InvestorClass;
use sto_interface::token::{AgentMsg, ExecuteMsg, ReasonCode, TransferRules};

fn world() -> (Suite, Addr, Addr) {
    let mut s = Suite::new();
    let alice = s.addr("alice");
    let bob = s.addr("bob");
    s.register("I-ALICE", &[&alice], "US", InvestorClass::Accredited);
    s.register("I-BOB", &[&bob], "DE", InvestorClass::Retail);
    s.mint(&alice, 1000);
    (s, alice, bob)
}

fn snapshot(s: &Suite, a: &Addr, b: &Addr) -> (u128, u128, u128, u64) {
    (s.balance(a), s.balance(b), s.supply(), s.holders())
}

#[test]
fn zero_amount_and_an_agent_movement_to_the_same_wallet_are_refused() {
    let (mut s, a, b) = world();
    let before = snapshot(&s, &a, &b);
    assert_eq!(
        s.exec_err(
            &a,
            &ExecuteMsg::Transfer {
                recipient: b.to_string(),
                amount: Uint128::zero()
            }
        ),
        refused(ReasonCode::ZeroAmount)
    );
    let agent = s.agent.clone();
    assert_eq!(
        s.exec_err(
            &agent,
            &ExecuteMsg::Agent(AgentMsg::ForcedTransfer {
                from: a.to_string(),
                to: a.to_string(),
                amount: Uint128::new(1),
                legal_reference: "court-order-1".into(),
                reference: None,
            })
        ),
        refused(ReasonCode::SelfTransfer)
    );
    assert_eq!(
        s.exec_err(
            &agent,
            &ExecuteMsg::Mint {
                recipient: b.to_string(),
                amount: Uint128::zero()
            }
        ),
        refused(ReasonCode::ZeroAmount)
    );
    assert_eq!(
        s.exec_err(
            &agent,
            &ExecuteMsg::Agent(AgentMsg::Freeze {
                address: a.to_string(),
                amount: Some(Uint128::zero()),
                legal_reference: "x".into()
            })
        ),
        ContractError::ZeroAmount
    );
    assert_eq!(before, snapshot(&s, &a, &b));
}

#[test]
fn mint_overflowing_the_supply_is_refused() {
    let (mut s, a, b) = world();
    let before = snapshot(&s, &a, &b);
    let agent = s.agent.clone();
    let err = s.exec_err(
        &agent,
        &ExecuteMsg::Mint {
            recipient: b.to_string(),
            amount: Uint128::MAX,
        },
    );
    assert!(matches!(err, ContractError::Overflow(_)), "{err:?}");
    assert_eq!(before, snapshot(&s, &a, &b));
}

#[test]
fn invalid_and_upper_case_addresses_are_refused() {
    let (mut s, a, b) = world();
    let before = snapshot(&s, &a, &b);
    for bad in [
        b.to_string().to_uppercase(),
        "not-an-address".to_string(),
        String::new(),
    ] {
        let err = s.exec_err(
            &a,
            &ExecuteMsg::Transfer {
                recipient: bad.clone(),
                amount: Uint128::new(1),
            },
        );
        assert!(
            matches!(err, ContractError::Access(AccessError::InvalidAddress { ref address, .. }) if *address == bad),
            "{err:?}"
        );
    }
    assert_eq!(before, snapshot(&s, &a, &b));
}

#[test]
fn expired_allowance_and_past_expiry_are_refused() {
    let (mut s, a, b) = world();
    let spender = s.addr("spender");
    let past = Expiration::AtHeight(s.height() - 1);
    assert_eq!(
        s.exec_err(
            &a,
            &ExecuteMsg::IncreaseAllowance {
                spender: spender.to_string(),
                amount: Uint128::new(5),
                expires: Some(past)
            }
        ),
        ContractError::InvalidExpiration
    );
    assert_eq!(
        s.exec_err(
            &a,
            &ExecuteMsg::IncreaseAllowance {
                spender: a.to_string(),
                amount: Uint128::new(5),
                expires: None
            }
        ),
        ContractError::CannotSetOwnAccount
    );
    assert_eq!(
        s.exec_err(
            &a,
            &ExecuteMsg::DecreaseAllowance {
                spender: spender.to_string(),
                amount: Uint128::new(5),
                expires: None
            }
        ),
        ContractError::NoAllowance {
            owner: a.to_string(),
            spender: spender.to_string()
        }
    );
    s.exec(
        &a,
        &ExecuteMsg::IncreaseAllowance {
            spender: spender.to_string(),
            amount: Uint128::new(5),
            expires: Some(Expiration::AtHeight(s.height() + 1)),
        },
    )
    .unwrap();
    s.next_block();
    let before = snapshot(&s, &a, &b);
    assert_eq!(
        s.exec_err(
            &spender,
            &ExecuteMsg::TransferFrom {
                owner: a.to_string(),
                recipient: b.to_string(),
                amount: Uint128::new(1)
            }
        ),
        refused(ReasonCode::AllowanceExpired)
    );
    assert_eq!(before, snapshot(&s, &a, &b));
}

#[test]
fn rule_change_by_non_owner_is_refused_and_rules_stay() {
    let (mut s, a, _) = world();
    let rules = TransferRules {
        max_holders: Some(1),
        ..Default::default()
    };
    assert_eq!(
        s.exec_err(&a, &ExecuteMsg::UpdateRules { rules }),
        ContractError::Access(AccessError::Ownership(sto_access::OwnershipError::NotOwner))
    );
    let cfg: sto_interface::token::ConfigResponse =
        s.query(&sto_interface::token::QueryMsg::Config {});
    assert_eq!(cfg.rules, TransferRules::default());
}

#[test]
fn inconsistent_rules_are_refused() {
    let (mut s, _, _) = world();
    let us = sto_interface::common::Jurisdiction::parse("US").unwrap();
    let owner = s.owner.clone();
    let err = s.exec_err(
        &owner,
        &ExecuteMsg::UpdateRules {
            rules: TransferRules {
                allowed_jurisdictions: vec![us.clone()],
                denied_jurisdictions: vec![us],
                ..Default::default()
            },
        },
    );
    assert_eq!(
        err,
        ContractError::InvalidRules {
            reason: "US is both allowed and denied".into()
        }
    );
    let raw: sto_interface::common::Jurisdiction = cosmwasm_std::from_json(br#""ZZ""#).unwrap();
    let err = s.exec_err(
        &owner,
        &ExecuteMsg::UpdateRules {
            rules: TransferRules {
                denied_jurisdictions: vec![raw],
                ..Default::default()
            },
        },
    );
    assert!(matches!(err, ContractError::Domain(_)));
}

#[test]
fn send_to_a_non_contract_is_refused() {
    let (mut s, a, b) = world();
    let before = snapshot(&s, &a, &b);
    let err = s.exec_err(
        &a,
        &ExecuteMsg::Send {
            contract: b.to_string(),
            amount: Uint128::new(1),
            msg: to_json_binary(&"hi").unwrap(),
        },
    );
    assert_eq!(
        err,
        ContractError::NotAContract {
            address: b.to_string()
        }
    );
    assert_eq!(before, snapshot(&s, &a, &b));
}

#[test]
fn lock_in_the_past_and_long_legal_references_are_refused() {
    let (mut s, a, b) = world();
    let agent = s.agent.clone();
    let now = s.now();
    assert_eq!(
        s.exec_err(
            &agent,
            &ExecuteMsg::Issue {
                recipient: b.to_string(),
                amount: Uint128::new(1),
                locked_until: Some(now),
                reference: None
            }
        ),
        ContractError::LockNotInFuture {
            locked_until: now,
            now
        }
    );
    assert_eq!(
        s.exec_err(
            &agent,
            &ExecuteMsg::Agent(AgentMsg::ForcedTransfer {
                from: a.to_string(),
                to: b.to_string(),
                amount: Uint128::new(1),
                legal_reference: "x".repeat(129),
                reference: None
            })
        ),
        ContractError::InvalidLegalReference { max: 128 }
    );
    assert_eq!(
        s.exec_err(
            &agent,
            &ExecuteMsg::Agent(AgentMsg::Unfreeze {
                address: a.to_string(),
                amount: None,
                legal_reference: "x".into()
            })
        ),
        ContractError::NotFrozen {
            address: a.to_string()
        }
    );
    assert_eq!(
        s.exec_err(
            &agent,
            &ExecuteMsg::Agent(AgentMsg::Freeze {
                address: a.to_string(),
                amount: Some(Uint128::new(1001)),
                legal_reference: "x".into()
            })
        ),
        ContractError::FreezeExceedsBalance {
            available: Uint128::new(1000),
            requested: Uint128::new(1001)
        }
    );
    assert_eq!(s.balance(&b), 0);
}
