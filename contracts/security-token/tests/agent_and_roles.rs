//! Transfer-agent powers, issuance, redemption and role checks both ways.

mod common;

use common::{refused, Suite};
use cosmwasm_std::{Addr, Uint128};
use security_token::ContractError;
use sto_access::{AccessError, Role};
use sto_interface::common::{EventRef, InvestorClass};
use sto_interface::registry as reg;
use sto_interface::token::{AgentMsg, ExecuteMsg, Issuance, ReasonCode};

struct World {
    s: Suite,
    alice: Addr,
    alice2: Addr,
    bob: Addr,
    stranger: Addr,
}

fn world() -> World {
    let mut s = Suite::new();
    let alice = s.addr("alice");
    let alice2 = s.addr("alice2");
    let bob = s.addr("bob");
    let stranger = s.addr("stranger");
    s.register(
        "I-ALICE",
        &[&alice, &alice2],
        "US",
        InvestorClass::Accredited,
    );
    s.register("I-BOB", &[&bob], "DE", InvestorClass::Retail);
    s.mint(&alice, 1000);
    World {
        s,
        alice,
        alice2,
        bob,
        stranger,
    }
}

fn attr<'a>(res: &'a cw_multi_test::AppResponse, key: &str) -> Option<&'a str> {
    res.events
        .iter()
        .filter(|e| e.ty == "wasm")
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == key)
        .map(|a| a.value.as_str())
}

#[test]
fn forced_transfer_overrides_sender_freeze_and_lock_and_records_the_legal_reference() {
    let mut w = world();
    let (a, b) = (w.alice.clone(), w.bob.clone());
    w.s.agent(AgentMsg::Freeze {
        address: a.to_string(),
        amount: None,
        legal_reference: "hold".into(),
    })
    .unwrap();
    w.s.agent(AgentMsg::Freeze {
        address: a.to_string(),
        amount: Some(Uint128::new(800)),
        legal_reference: "lien".into(),
    })
    .unwrap();
    let res =
        w.s.agent(AgentMsg::ForcedTransfer {
            from: a.to_string(),
            to: b.to_string(),
            amount: Uint128::new(900),
            legal_reference: "court-order-42".into(),
            reference: Some(EventRef::External {
                reference: "T-9".into(),
            }),
        })
        .unwrap();
    assert_eq!(attr(&res, "action"), Some("forced_transfer"));
    assert_eq!(attr(&res, "legal_reference"), Some("court-order-42"));
    assert_eq!(attr(&res, "reference"), Some("external:T-9"));
    assert_eq!(w.s.balance(&a), 100);
    assert_eq!(w.s.balance(&b), 900);
    // The frozen amount never exceeds what is left.
    assert_eq!(w.s.account(&a).frozen_amount, Uint128::new(100));
    assert_eq!(w.s.investor_balance("I-ALICE"), 100);
    assert_eq!(w.s.investor_balance("I-BOB"), 900);
    assert_eq!(w.s.holders(), 2);
}

#[test]
fn forced_transfer_to_an_unverified_wallet_is_refused_and_changes_nothing() {
    let mut w = world();
    let (a, x) = (w.alice.clone(), w.stranger.clone());
    let agent = w.s.agent.clone();
    let err = w.s.exec_err(
        &agent,
        &ExecuteMsg::Agent(AgentMsg::ForcedTransfer {
            from: a.to_string(),
            to: x.to_string(),
            amount: Uint128::new(10),
            legal_reference: "c".into(),
            reference: None,
        }),
    );
    assert_eq!(err, refused(ReasonCode::RecipientUnknown));
    assert_eq!(w.s.balance(&a), 1000);
    assert_eq!(w.s.balance(&x), 0);
}

#[test]
fn recovery_moves_balance_locks_and_freezes_to_the_same_investors_new_wallet() {
    let mut w = world();
    let (a, a2) = (w.alice.clone(), w.alice2.clone());
    let agent = w.s.agent.clone();
    let until = w.s.now().plus_seconds(1000);
    w.s.exec(
        &agent,
        &ExecuteMsg::Issue {
            recipient: a.to_string(),
            amount: Uint128::new(200),
            locked_until: Some(until),
            reference: None,
        },
    )
    .unwrap();
    w.s.agent(AgentMsg::Freeze {
        address: a.to_string(),
        amount: Some(Uint128::new(300)),
        legal_reference: "lien".into(),
    })
    .unwrap();
    w.s.agent(AgentMsg::Freeze {
        address: a.to_string(),
        amount: None,
        legal_reference: "hold".into(),
    })
    .unwrap();
    // The lost wallet is taken out of the registry by compliance first.
    w.s.registry_exec(&reg::ExecuteMsg::RemoveWallet {
        investor_id: "I-ALICE".into(),
        wallet: a.to_string(),
    });
    let res =
        w.s.agent(AgentMsg::RecoverWallet {
            lost: a.to_string(),
            new_wallet: a2.to_string(),
            legal_reference: "affidavit-7".into(),
        })
        .unwrap();
    assert_eq!(attr(&res, "action"), Some("recover_wallet"));
    assert_eq!(attr(&res, "investor_id"), Some("I-ALICE"));
    let old = w.s.account(&a);
    assert_eq!(
        (old.balance, old.frozen, old.frozen_amount, old.locks.len()),
        (Uint128::zero(), false, Uint128::zero(), 0)
    );
    let new = w.s.account(&a2);
    assert_eq!(new.balance, Uint128::new(1200));
    assert!(new.frozen);
    assert_eq!(new.frozen_amount, Uint128::new(300));
    assert_eq!(new.locked_amount, Uint128::new(200));
    assert_eq!(w.s.investor_balance("I-ALICE"), 1200);
    assert_eq!(w.s.holders(), 1);
    assert_eq!(w.s.supply(), 1200);
}

#[test]
fn recovery_to_a_wallet_of_another_investor_is_refused() {
    let mut w = world();
    let (a, b) = (w.alice.clone(), w.bob.clone());
    let agent = w.s.agent.clone();
    let err = w.s.exec_err(
        &agent,
        &ExecuteMsg::Agent(AgentMsg::RecoverWallet {
            lost: a.to_string(),
            new_wallet: b.to_string(),
            legal_reference: "x".into(),
        }),
    );
    assert_eq!(
        err,
        ContractError::RecoveryToOtherInvestor {
            lost: a.to_string(),
            lost_investor: "I-ALICE".into(),
            new_wallet: b.to_string(),
            new_investor: "I-BOB".into(),
        }
    );
    assert_eq!(w.s.balance(&a), 1000);
    assert_eq!(w.s.balance(&b), 0);
}

#[test]
fn batch_issue_mints_all_or_nothing() {
    let mut w = world();
    let (a, b, x) = (w.alice.clone(), w.bob.clone(), w.stranger.clone());
    let minter = w.s.minter.clone();
    let batch = |third: &Addr| ExecuteMsg::BatchIssue {
        issuances: vec![
            Issuance {
                recipient: a.to_string(),
                amount: Uint128::new(5),
                locked_until: None,
            },
            Issuance {
                recipient: b.to_string(),
                amount: Uint128::new(7),
                locked_until: None,
            },
            Issuance {
                recipient: third.to_string(),
                amount: Uint128::new(9),
                locked_until: None,
            },
        ],
        reference: Some(EventRef::Offering { id: 3 }),
    };
    assert_eq!(
        w.s.exec_err(&minter, &batch(&x)),
        refused(ReasonCode::RecipientUnknown)
    );
    assert_eq!(
        (w.s.balance(&a), w.s.balance(&b), w.s.supply()),
        (1000, 0, 1000)
    );
    let res = w.s.exec(&minter, &batch(&b)).unwrap();
    assert_eq!(attr(&res, "total"), Some("21"));
    assert_eq!(
        (w.s.balance(&a), w.s.balance(&b), w.s.supply()),
        (1005, 16, 1021)
    );
    assert_eq!(
        w.s.exec_err(
            &minter,
            &ExecuteMsg::BatchIssue {
                issuances: vec![],
                reference: None
            }
        ),
        ContractError::InvalidBatchSize { max: 50, count: 0 }
    );
}

#[test]
fn redemption_burns_and_keeps_books_exact() {
    let mut w = world();
    let a = w.alice.clone();
    let redeemer = w.s.redeemer.clone();
    let res =
        w.s.exec(
            &redeemer,
            &ExecuteMsg::Redeem {
                owner: a.to_string(),
                amount: Uint128::new(400),
                reference: Some(EventRef::CorporateAction { id: 1 }),
            },
        )
        .unwrap();
    assert_eq!(attr(&res, "reference"), Some("corporate_action:1"));
    assert_eq!(
        (
            w.s.balance(&a),
            w.s.supply(),
            w.s.investor_balance("I-ALICE")
        ),
        (600, 600, 600)
    );
    w.s.exec(
        &redeemer,
        &ExecuteMsg::BurnFrom {
            owner: a.to_string(),
            amount: Uint128::new(600),
        },
    )
    .unwrap();
    assert_eq!((w.s.balance(&a), w.s.supply(), w.s.holders()), (0, 0, 0));
}

#[test]
fn roles_are_checked_both_ways() {
    let mut w = world();
    let (a, b) = (w.alice.clone(), w.bob.clone());
    let mallory = w.s.addr("mallory");
    // Mint: transfer agent and minter yes, others no.
    let mint = ExecuteMsg::Mint {
        recipient: b.to_string(),
        amount: Uint128::new(1),
    };
    assert_eq!(
        w.s.exec_err(&mallory, &mint),
        ContractError::MissingAnyRole {
            roles: vec![Role::TransferAgent, Role::Minter],
            address: mallory.to_string()
        }
    );
    let minter = w.s.minter.clone();
    w.s.exec(&minter, &mint).unwrap();
    // Redeem: transfer agent and redeemer; a minter may not.
    let redeem = ExecuteMsg::Redeem {
        owner: b.to_string(),
        amount: Uint128::new(1),
        reference: None,
    };
    assert_eq!(
        w.s.exec_err(&minter, &redeem),
        ContractError::MissingAnyRole {
            roles: vec![Role::TransferAgent, Role::Redeemer],
            address: minter.to_string()
        }
    );
    let agent = w.s.agent.clone();
    w.s.exec(&agent, &redeem).unwrap();
    // Agent powers: transfer agent only.
    let freeze = ExecuteMsg::Agent(AgentMsg::Freeze {
        address: a.to_string(),
        amount: None,
        legal_reference: "x".into(),
    });
    assert_eq!(
        w.s.exec_err(&minter, &freeze),
        ContractError::Access(AccessError::MissingRole {
            role: Role::TransferAgent,
            address: minter.to_string()
        })
    );
    w.s.exec(&agent, &freeze).unwrap();
    // Pause: pauser only.
    assert_eq!(
        w.s.exec_err(&agent, &ExecuteMsg::Pause {}),
        ContractError::Access(AccessError::MissingRole {
            role: Role::Pauser,
            address: agent.to_string()
        })
    );
    // Checkpoints: opener only.
    let open = ExecuteMsg::OpenCheckpoint {
        height: w.s.height() + 5,
        reference: None,
    };
    assert_eq!(
        w.s.exec_err(&agent, &open),
        ContractError::Access(AccessError::MissingRole {
            role: Role::CheckpointOpener,
            address: agent.to_string()
        })
    );
    let opener = w.s.opener.clone();
    w.s.exec(&opener, &open).unwrap();
    // Holder burn: refused unless transfer agent.
    assert_eq!(
        w.s.exec_err(
            &a,
            &ExecuteMsg::Burn {
                amount: Uint128::new(1)
            }
        ),
        ContractError::Access(AccessError::MissingRole {
            role: Role::TransferAgent,
            address: a.to_string()
        })
    );
    // Rules and system accounts: owner only.
    let rules = ExecuteMsg::UpdateRules {
        rules: Default::default(),
    };
    assert_eq!(
        w.s.exec_err(&agent, &rules),
        ContractError::Access(AccessError::Ownership(sto_access::OwnershipError::NotOwner))
    );
    let owner = w.s.owner.clone();
    w.s.exec(&owner, &rules).unwrap();
    // An unused role cannot be granted.
    let err = w.s.exec_err(
        &owner,
        &ExecuteMsg::UpdateRoles(sto_access::RoleAction::Grant {
            role: Role::Attestor,
            address: a.to_string(),
        }),
    );
    assert!(matches!(
        err,
        ContractError::Access(AccessError::RoleNotUsed {
            role: Role::Attestor,
            ..
        })
    ));
}

#[test]
fn system_account_holds_in_transit_but_recipients_are_still_checked() {
    let mut w = world();
    let (a, b, x) = (w.alice.clone(), w.bob.clone(), w.stranger.clone());
    let escrow = w.s.addr("escrow");
    let owner = w.s.owner.clone();
    assert_eq!(
        w.s.reasons(&a, &escrow, 1),
        vec![ReasonCode::RecipientUnknown]
    );
    w.s.exec(
        &owner,
        &ExecuteMsg::SetSystemAccount {
            address: escrow.to_string(),
            system: true,
        },
    )
    .unwrap();
    w.s.transfer(&a, &escrow, 300).unwrap();
    assert_eq!(w.s.investor_balance("I-ALICE"), 700);
    assert_eq!(w.s.holders(), 1);
    assert_eq!(
        w.s.exec_err(
            &escrow,
            &ExecuteMsg::Transfer {
                recipient: x.to_string(),
                amount: Uint128::new(1)
            }
        ),
        refused(ReasonCode::RecipientUnknown)
    );
    w.s.transfer(&escrow, &b, 300).unwrap();
    assert_eq!(w.s.investor_balance("I-BOB"), 300);
    assert_eq!(w.s.holders(), 2);
    // A system account changes only while empty.
    w.s.transfer(&b, &escrow, 1).unwrap();
    assert_eq!(
        w.s.exec_err(
            &owner,
            &ExecuteMsg::SetSystemAccount {
                address: escrow.to_string(),
                system: false
            }
        ),
        ContractError::SystemAccountHoldsTokens {
            address: escrow.to_string(),
            balance: Uint128::new(1)
        }
    );
}

#[test]
fn recovery_folds_locks_beyond_the_limit_into_later_ones_and_never_unlocks_early() {
    let mut w = world();
    let (a, a2) = (w.alice.clone(), w.alice2.clone());
    let agent = w.s.agent.clone();
    let now = w.s.now();
    // Ten running locks on each wallet of alice: 20 together, above the limit of 16.
    for i in 0..10u64 {
        for (wallet, offset) in [(&a, 100u64), (&a2, 200)] {
            w.s.exec(
                &agent,
                &ExecuteMsg::Issue {
                    recipient: wallet.to_string(),
                    amount: Uint128::new(10),
                    locked_until: Some(now.plus_seconds(offset + i * 1000)),
                    reference: None,
                },
            )
            .unwrap();
        }
    }
    w.s.registry_exec(&reg::ExecuteMsg::RemoveWallet {
        investor_id: "I-ALICE".into(),
        wallet: a.to_string(),
    });
    let res =
        w.s.agent(AgentMsg::RecoverWallet {
            lost: a.to_string(),
            new_wallet: a2.to_string(),
            legal_reference: "affidavit-8".into(),
        })
        .unwrap();
    assert_eq!(attr(&res, "locks_merged"), Some("4"));
    let acc = w.s.account(&a2);
    assert_eq!(acc.locks.len(), sto_interface::token::MAX_LOCKS_PER_WALLET);
    // Every locked unit is still locked, none earlier than before: the four earliest locks
    // (ending at +100, +200, +1100, +1200) now end with the fifth, at +2100.
    let locked: u128 = acc.locks.iter().map(|l| l.amount.u128()).sum();
    assert_eq!(locked, 200);
    let first = acc.locks.iter().min_by_key(|l| l.until).unwrap();
    assert_eq!(first.until, now.plus_seconds(2100));
    assert_eq!(first.amount, Uint128::new(50));
    assert_eq!(
        acc.locks.iter().map(|l| l.until).max(),
        Some(now.plus_seconds(200 + 9 * 1000))
    );
    assert_eq!(w.s.balance(&a), 0);
    assert_eq!(w.s.balance(&a2), 1200);
}

/// Issue `amount` to `to`, locked for a year.
fn issue_locked(s: &mut Suite, to: &Addr, amount: u128) {
    let agent = s.agent.clone();
    let until = s.now().plus_seconds(common::YEAR);
    s.exec(
        &agent,
        &ExecuteMsg::Issue {
            recipient: to.to_string(),
            amount: Uint128::new(amount),
            locked_until: Some(until),
            reference: None,
        },
    )
    .unwrap();
}

#[test]
fn locks_shrink_when_locked_units_leave_by_a_forced_transfer() {
    let mut s = Suite::new();
    let (carol, dave, erin) = (s.addr("carol"), s.addr("dave"), s.addr("erin"));
    s.register("I-CAROL", &[&carol], "US", InvestorClass::Retail);
    s.register("I-DAVE", &[&dave], "US", InvestorClass::Retail);
    s.register("I-ERIN", &[&erin], "US", InvestorClass::Retail);
    issue_locked(&mut s, &carol, 100);
    s.agent(AgentMsg::ForcedTransfer {
        from: carol.to_string(),
        to: dave.to_string(),
        amount: Uint128::new(100),
        legal_reference: "court-order-7".into(),
        reference: None,
    })
    .unwrap();
    assert_eq!(s.account(&carol).locks, vec![]);
    // 50 free units received afterwards are free.
    s.mint(&carol, 50);
    assert_eq!(s.account(&carol).transferable, Uint128::new(50));
    s.transfer(&carol, &erin, 50).unwrap();
    assert_eq!(s.balance(&erin), 50);
}

#[test]
fn locks_shrink_when_locked_units_are_redeemed_free_units_first() {
    let mut s = Suite::new();
    let (carol, erin) = (s.addr("carol"), s.addr("erin"));
    s.register("I-CAROL", &[&carol], "US", InvestorClass::Retail);
    s.register("I-ERIN", &[&erin], "US", InvestorClass::Retail);
    s.mint(&carol, 30);
    issue_locked(&mut s, &carol, 100);
    let redeemer = s.redeemer.clone();
    // 30 free units go first, then 50 locked ones: 50 stay locked.
    s.exec(
        &redeemer,
        &ExecuteMsg::Redeem {
            owner: carol.to_string(),
            amount: Uint128::new(80),
            reference: None,
        },
    )
    .unwrap();
    assert_eq!(s.account(&carol).locked_amount, Uint128::new(50));
    s.mint(&carol, 50);
    assert_eq!(s.account(&carol).transferable, Uint128::new(50));
    assert_eq!(
        s.transfer(&carol, &erin, 51)
            .unwrap_err()
            .downcast::<ContractError>()
            .unwrap(),
        refused(ReasonCode::HoldingPeriodLocked)
    );
    s.transfer(&carol, &erin, 50).unwrap();
}
