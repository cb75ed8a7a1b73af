//! Each transfer rule, allowed and refused, through execution and `can_transfer`.

mod common;

use std::collections::BTreeSet;

use common::{refused, Suite};
use cosmwasm_std::Uint128;
use cw20::Expiration;
use sto_interface::common::{InvestorClass, Jurisdiction};
use sto_interface::registry as reg;
use sto_interface::token::{
    AgentMsg, CanTransferResponse, ExecuteMsg, JurisdictionCap, QueryMsg, ReasonCode, TransferRules,
};

fn j(code: &str) -> Jurisdiction {
    Jurisdiction::parse(code).unwrap()
}

/// alice (US, accredited, two wallets), bob (DE, retail), carol (US, QIB); alice holds 1000.
struct World {
    s: Suite,
    alice: cosmwasm_std::Addr,
    alice2: cosmwasm_std::Addr,
    bob: cosmwasm_std::Addr,
    carol: cosmwasm_std::Addr,
    stranger: cosmwasm_std::Addr,
}

fn world(rules: TransferRules) -> World {
    let mut s = Suite::new();
    let alice = s.addr("alice");
    let alice2 = s.addr("alice2");
    let bob = s.addr("bob");
    let carol = s.addr("carol");
    let stranger = s.addr("stranger");
    s.register(
        "I-ALICE",
        &[&alice, &alice2],
        "US",
        InvestorClass::Accredited,
    );
    s.register("I-BOB", &[&bob], "DE", InvestorClass::Retail);
    s.register(
        "I-CAROL",
        &[&carol],
        "US",
        InvestorClass::QualifiedInstitutional,
    );
    s.mint(&alice, 1000);
    s.set_rules(rules);
    World {
        s,
        alice,
        alice2,
        bob,
        carol,
        stranger,
    }
}

fn assert_refused(
    w: &mut World,
    from: &cosmwasm_std::Addr,
    to: &cosmwasm_std::Addr,
    amount: u128,
    reason: ReasonCode,
) {
    let before = (w.s.balance(from), w.s.balance(to), w.s.holders());
    assert!(w.s.reasons(from, to, amount).contains(&reason));
    let err =
        w.s.exec(
            from,
            &ExecuteMsg::Transfer {
                recipient: to.to_string(),
                amount: Uint128::new(amount),
            },
        )
        .unwrap_err()
        .downcast::<security_token::ContractError>()
        .unwrap();
    let first = w.s.reasons(from, to, amount)[0];
    assert_eq!(err, refused(first));
    assert_eq!(before, (w.s.balance(from), w.s.balance(to), w.s.holders()));
}

#[test]
fn transfer_between_verified_investors_moves_balances_and_books() {
    let mut w = world(TransferRules::default());
    assert_eq!(
        w.s.can_transfer(&w.alice, &w.bob, 400),
        CanTransferResponse {
            allowed: true,
            refusals: vec![]
        }
    );
    let res = w.s.transfer(&w.alice.clone(), &w.bob.clone(), 400).unwrap();
    let wasm = res.events.iter().find(|e| e.ty == "wasm").unwrap();
    assert_eq!(wasm.attributes[1].key, "action");
    assert_eq!(wasm.attributes[1].value, "transfer");
    assert_eq!(w.s.balance(&w.alice), 600);
    assert_eq!(w.s.balance(&w.bob), 400);
    assert_eq!(w.s.investor_balance("I-ALICE"), 600);
    assert_eq!(w.s.investor_balance("I-BOB"), 400);
    assert_eq!(w.s.holders(), 2);
    assert_eq!(w.s.holders_in("US"), 1);
    assert_eq!(w.s.holders_in("DE"), 1);
}

#[test]
fn paused_token_refuses_transfers_and_mints_until_unpaused() {
    let mut w = world(TransferRules::default());
    let pauser = w.s.pauser.clone();
    w.s.exec(&pauser, &ExecuteMsg::Pause {}).unwrap();
    let (a, b) = (w.alice.clone(), w.bob.clone());
    assert_refused(&mut w, &a, &b, 10, ReasonCode::Paused);
    let agent = w.s.agent.clone();
    let err = w.s.exec_err(
        &agent,
        &ExecuteMsg::Mint {
            recipient: b.to_string(),
            amount: Uint128::new(1),
        },
    );
    assert_eq!(err, refused(ReasonCode::Paused));
    w.s.exec(&pauser, &ExecuteMsg::Unpause {}).unwrap();
    w.s.transfer(&a, &b, 10).unwrap();
    assert_eq!(w.s.balance(&b), 10);
}

#[test]
fn frozen_wallets_can_neither_send_nor_receive() {
    let mut w = world(TransferRules::default());
    let (a, b) = (w.alice.clone(), w.bob.clone());
    w.s.agent(AgentMsg::Freeze {
        address: a.to_string(),
        amount: None,
        legal_reference: "court-1".into(),
    })
    .unwrap();
    assert_refused(&mut w, &a, &b, 10, ReasonCode::SenderFrozen);
    w.s.agent(AgentMsg::Unfreeze {
        address: a.to_string(),
        amount: None,
        legal_reference: "court-1".into(),
    })
    .unwrap();
    w.s.agent(AgentMsg::Freeze {
        address: b.to_string(),
        amount: None,
        legal_reference: "court-2".into(),
    })
    .unwrap();
    assert_refused(&mut w, &a, &b, 10, ReasonCode::RecipientFrozen);
    w.s.agent(AgentMsg::Unfreeze {
        address: b.to_string(),
        amount: None,
        legal_reference: "court-2".into(),
    })
    .unwrap();
    w.s.transfer(&a, &b, 10).unwrap();
}

#[test]
fn partial_freeze_limits_the_movable_amount() {
    let mut w = world(TransferRules::default());
    let (a, b) = (w.alice.clone(), w.bob.clone());
    w.s.agent(AgentMsg::Freeze {
        address: a.to_string(),
        amount: Some(Uint128::new(700)),
        legal_reference: "lien".into(),
    })
    .unwrap();
    assert_refused(&mut w, &a, &b, 301, ReasonCode::AmountFrozen);
    assert_refused(&mut w, &a, &b, 1001, ReasonCode::InsufficientBalance);
    w.s.transfer(&a, &b, 300).unwrap();
    assert_eq!(w.s.account(&a).transferable, Uint128::zero());
}

#[test]
fn holding_period_lock_blocks_until_it_expires() {
    let mut w = world(TransferRules::default());
    let (a, b) = (w.alice.clone(), w.bob.clone());
    let until = w.s.now().plus_seconds(3600);
    let agent = w.s.agent.clone();
    w.s.exec(
        &agent,
        &ExecuteMsg::Issue {
            recipient: a.to_string(),
            amount: Uint128::new(500),
            locked_until: Some(until),
            reference: None,
        },
    )
    .unwrap();
    assert_eq!(w.s.account(&a).locked_amount, Uint128::new(500));
    assert_refused(&mut w, &a, &b, 1001, ReasonCode::HoldingPeriodLocked);
    w.s.transfer(&a, &b, 1000).unwrap();
    w.s.advance_time(3600);
    w.s.transfer(&a, &b, 500).unwrap();
    assert_eq!(w.s.balance(&a), 0);
}

#[test]
fn unknown_expired_and_blocked_parties_are_refused() {
    let mut w = world(TransferRules::default());
    let (a, b, x) = (w.alice.clone(), w.bob.clone(), w.stranger.clone());
    assert_refused(&mut w, &a, &x, 1, ReasonCode::RecipientUnknown);
    w.s.block("I-BOB");
    assert_refused(&mut w, &a, &b, 1, ReasonCode::RecipientBlocked);
    w.s.transfer(&a, &b, 0).unwrap_err();
    w.s.registry_exec(&reg::ExecuteMsg::UnblockInvestor {
        investor_id: "I-BOB".into(),
        reason_ref: "lifted".into(),
    });
    w.s.transfer(&a, &b, 100).unwrap();
    w.s.block("I-ALICE");
    assert_refused(&mut w, &a, &b, 1, ReasonCode::SenderBlocked);
    assert_refused(&mut w, &b, &a, 1, ReasonCode::RecipientBlocked);
    // KYC expiry: bob's ends in an hour.
    let soon = w.s.now().plus_seconds(3600);
    w.s.registry_exec(&reg::ExecuteMsg::UpdateInvestor {
        investor_id: "I-BOB".into(),
        jurisdiction: None,
        class: None,
        kyc_valid_until: Some(soon),
    });
    let carol = w.carol.clone();
    w.s.transfer(&b, &carol, 10).unwrap();
    w.s.advance_time(3600);
    assert_refused(&mut w, &b, &carol, 1, ReasonCode::SenderKycExpired);
    assert_refused(&mut w, &carol, &b, 1, ReasonCode::RecipientKycExpired);
}

#[test]
fn jurisdiction_allow_and_deny_lists_apply_to_the_recipient() {
    let mut w = world(TransferRules {
        allowed_jurisdictions: vec![j("US")],
        ..Default::default()
    });
    let (a, b, c) = (w.alice.clone(), w.bob.clone(), w.carol.clone());
    assert_refused(&mut w, &a, &b, 1, ReasonCode::JurisdictionNotAllowed);
    w.s.transfer(&a, &c, 1).unwrap();
    w.s.set_rules(TransferRules {
        denied_jurisdictions: vec![j("DE")],
        ..Default::default()
    });
    assert_refused(&mut w, &a, &b, 1, ReasonCode::JurisdictionDenied);
    w.s.set_rules(TransferRules::default());
    w.s.transfer(&a, &b, 1).unwrap();
}

#[test]
fn minimum_investor_class_is_enforced() {
    let mut w = world(TransferRules {
        min_investor_class: Some(InvestorClass::Accredited),
        ..Default::default()
    });
    let (a, b, c) = (w.alice.clone(), w.bob.clone(), w.carol.clone());
    assert_refused(&mut w, &a, &b, 1, ReasonCode::InvestorClassTooLow);
    w.s.transfer(&a, &c, 1).unwrap();
}

#[test]
fn max_holders_counts_investors_not_wallets() {
    let mut w = world(TransferRules {
        max_holders: Some(1),
        ..Default::default()
    });
    let (a, a2, b) = (w.alice.clone(), w.alice2.clone(), w.bob.clone());
    // Another wallet of the same investor does not add a holder.
    w.s.transfer(&a, &a2, 100).unwrap();
    assert_eq!(w.s.holders(), 1);
    assert_refused(&mut w, &a, &b, 1, ReasonCode::MaxHoldersReached);
    // Leaving entirely frees the place: alice2 sends all of its 100 after alice moves hers.
    w.s.transfer(&a, &a2, 900).unwrap();
    w.s.transfer(&a2, &b, 1000).unwrap();
    assert_eq!(w.s.holders(), 1);
    assert_eq!(w.s.investor_balance("I-BOB"), 1000);
}

#[test]
fn max_holders_per_jurisdiction_is_enforced() {
    let mut w = world(TransferRules {
        max_holders_per_jurisdiction: vec![JurisdictionCap {
            jurisdiction: j("US"),
            max_holders: 1,
        }],
        ..Default::default()
    });
    let (a, b, c) = (w.alice.clone(), w.bob.clone(), w.carol.clone());
    assert_refused(
        &mut w,
        &a,
        &c,
        1,
        ReasonCode::MaxHoldersInJurisdictionReached,
    );
    w.s.transfer(&a, &b, 1).unwrap();
    assert_eq!(w.s.holders_in("US"), 1);
}

#[test]
fn max_balance_per_investor_sums_all_wallets() {
    let mut w = world(TransferRules {
        max_balance_per_investor: Some(Uint128::new(600)),
        ..Default::default()
    });
    let (a, b) = (w.alice.clone(), w.bob.clone());
    assert_refused(&mut w, &a, &b, 601, ReasonCode::MaxBalanceExceeded);
    w.s.transfer(&a, &b, 600).unwrap();
    // Between one investor's wallets the cap does not apply (the investor's total is unchanged).
    let a2 = w.alice2.clone();
    w.s.transfer(&a, &a2, 400).unwrap();
}

#[test]
fn transfer_from_checks_allowance_and_expiry() {
    let mut w = world(TransferRules::default());
    let (a, b, c) = (w.alice.clone(), w.bob.clone(), w.carol.clone());
    let from_q = |w: &World, amount: u128| -> Vec<ReasonCode> {
        let r: CanTransferResponse = w.s.query(&QueryMsg::CanTransferFrom {
            spender: c.to_string(),
            from: a.to_string(),
            to: b.to_string(),
            amount: Uint128::new(amount),
        });
        r.refusals.into_iter().map(|r| r.reason).collect()
    };
    let tf = |amount: u128| ExecuteMsg::TransferFrom {
        owner: a.to_string(),
        recipient: b.to_string(),
        amount: Uint128::new(amount),
    };
    assert_eq!(from_q(&w, 10), vec![ReasonCode::AllowanceInsufficient]);
    assert_eq!(
        w.s.exec_err(&c, &tf(10)),
        refused(ReasonCode::AllowanceInsufficient)
    );
    let expiry = w.s.height() + 2;
    w.s.exec(
        &a,
        &ExecuteMsg::IncreaseAllowance {
            spender: c.to_string(),
            amount: Uint128::new(50),
            expires: Some(Expiration::AtHeight(expiry)),
        },
    )
    .unwrap();
    assert_eq!(from_q(&w, 51), vec![ReasonCode::AllowanceInsufficient]);
    assert!(from_q(&w, 50).is_empty());
    w.s.exec(&c, &tf(20)).unwrap();
    assert_eq!(w.s.balance(&b), 20);
    w.s.next_block();
    w.s.next_block();
    assert_eq!(from_q(&w, 1), vec![ReasonCode::AllowanceExpired]);
    assert_eq!(
        w.s.exec_err(&c, &tf(1)),
        refused(ReasonCode::AllowanceExpired)
    );
    assert_eq!(w.s.balance(&b), 20);
}

#[test]
fn recipient_wallet_moved_to_another_investor_while_holding_is_refused() {
    let mut w = world(TransferRules::default());
    let (a, a2, b) = (w.alice.clone(), w.alice2.clone(), w.bob.clone());
    w.s.transfer(&a, &a2, 100).unwrap();
    w.s.registry_exec(&reg::ExecuteMsg::RemoveWallet {
        investor_id: "I-ALICE".into(),
        wallet: a2.to_string(),
    });
    w.s.registry_exec(&reg::ExecuteMsg::AddWallet {
        investor_id: "I-BOB".into(),
        wallet: a2.to_string(),
    });
    assert_refused(&mut w, &b, &a2, 0, ReasonCode::RecipientReassigned);
}

#[test]
fn sender_wallet_moved_to_another_investor_while_holding_is_refused() {
    let mut w = world(TransferRules::default());
    let (a, a2, b, c) = (
        w.alice.clone(),
        w.alice2.clone(),
        w.bob.clone(),
        w.carol.clone(),
    );
    w.s.transfer(&a, &a2, 100).unwrap();
    // The registry moves alice2 to carol while it still holds alice's 100.
    w.s.registry_exec(&reg::ExecuteMsg::RemoveWallet {
        investor_id: "I-ALICE".into(),
        wallet: a2.to_string(),
    });
    w.s.registry_exec(&reg::ExecuteMsg::AddWallet {
        investor_id: "I-CAROL".into(),
        wallet: a2.to_string(),
    });
    // Neither to carol's other wallet nor to anyone else: the books would mix investors.
    assert_refused(&mut w, &a2, &c, 10, ReasonCode::SenderReassigned);
    assert_refused(&mut w, &a2, &b, 10, ReasonCode::SenderReassigned);
    assert_eq!(w.s.investor_balance("I-ALICE"), 1000);
    assert_eq!(w.s.investor_balance("I-CAROL"), 0);
    // The transfer agent moves them back to alice by forced transfer; then the wallet is free.
    w.s.agent(AgentMsg::ForcedTransfer {
        from: a2.to_string(),
        to: a.to_string(),
        amount: Uint128::new(100),
        legal_reference: "registry-correction-1".into(),
        reference: None,
    })
    .unwrap();
    assert_eq!(w.s.balance(&a2), 0);
    w.s.transfer(&a, &a2, 5).unwrap();
    assert_eq!(w.s.investor_balance("I-CAROL"), 5);
    assert_eq!(w.s.investor_balance("I-ALICE"), 995);
}

#[test]
fn a_holder_moved_into_a_full_jurisdiction_is_refused_more_tokens() {
    let mut w = world(TransferRules::default());
    let (a, b, c) = (w.alice.clone(), w.bob.clone(), w.carol.clone());
    w.s.transfer(&a, &b, 10).unwrap();
    w.s.transfer(&a, &c, 10).unwrap();
    w.s.set_rules(TransferRules {
        max_holders_per_jurisdiction: vec![JurisdictionCap {
            jurisdiction: j("DE"),
            max_holders: 1,
        }],
        ..Default::default()
    });
    // Carol (a US holder) moves to Germany, where bob already fills the one place.
    w.s.registry_exec(&reg::ExecuteMsg::UpdateInvestor {
        investor_id: "I-CAROL".into(),
        jurisdiction: Some(j("DE")),
        class: None,
        kyc_valid_until: None,
    });
    assert_refused(
        &mut w,
        &a,
        &c,
        1,
        ReasonCode::MaxHoldersInJurisdictionReached,
    );
    assert_eq!(w.s.holders_in("DE"), 1);
    // Once bob leaves, carol may receive and is counted in Germany.
    w.s.transfer(&b, &a, 10).unwrap();
    w.s.transfer(&a, &c, 1).unwrap();
    assert_eq!(w.s.holders_in("DE"), 1);
    assert_eq!(w.s.holders_in("US"), 1);
}

#[test]
fn can_transfer_lists_every_failing_rule_in_code_order() {
    let mut w = world(TransferRules {
        min_investor_class: Some(InvestorClass::Accredited),
        denied_jurisdictions: vec![j("DE")],
        ..Default::default()
    });
    let (a, b) = (w.alice.clone(), w.bob.clone());
    let pauser = w.s.pauser.clone();
    w.s.exec(&pauser, &ExecuteMsg::Pause {}).unwrap();
    let r = w.s.can_transfer(&a, &b, 5000);
    assert!(!r.allowed);
    let codes: Vec<u16> = r.refusals.iter().map(|r| r.code).collect();
    assert_eq!(codes, vec![10, 22, 51, 52]);
    assert_eq!(r.refusals[0].message, ReasonCode::Paused.message());
    let err = w.s.exec_err(
        &a,
        &ExecuteMsg::Transfer {
            recipient: b.to_string(),
            amount: Uint128::new(5000),
        },
    );
    assert_eq!(
        err,
        security_token::ContractError::Refused {
            code: 10,
            reason: ReasonCode::Paused
        }
    );
}

#[test]
fn every_reason_code_is_reachable() {
    let mut seen = BTreeSet::new();
    let mut w = world(TransferRules::default());
    let (a, a2, b, c, x) = (
        w.alice.clone(),
        w.alice2.clone(),
        w.bob.clone(),
        w.carol.clone(),
        w.stranger.clone(),
    );
    let note = |w: &World,
                from: &cosmwasm_std::Addr,
                to: &cosmwasm_std::Addr,
                amount: u128,
                seen: &mut BTreeSet<ReasonCode>| {
        seen.extend(w.s.reasons(from, to, amount));
    };
    note(&w, &a, &b, 0, &mut seen); // zero
                                    // Self: only agents are refused a movement to the same wallet (holders follow cw20-base).
    assert_eq!(
        w.s.agent(AgentMsg::ForcedTransfer {
            from: a.to_string(),
            to: a.to_string(),
            amount: Uint128::new(1),
            legal_reference: "x".into(),
            reference: None,
        })
        .unwrap_err()
        .downcast::<security_token::ContractError>()
        .unwrap(),
        refused(ReasonCode::SelfTransfer)
    );
    seen.insert(ReasonCode::SelfTransfer);
    note(&w, &a, &b, 5000, &mut seen); // insufficient
    note(&w, &x, &x, 1, &mut seen);
    note(&w, &x, &b, 1, &mut seen); // sender unknown
    note(&w, &a, &x, 1, &mut seen); // recipient unknown
                                    // Allowances.
    let r: CanTransferResponse = w.s.query(&QueryMsg::CanTransferFrom {
        spender: c.to_string(),
        from: a.to_string(),
        to: b.to_string(),
        amount: Uint128::new(1),
    });
    seen.extend(r.refusals.into_iter().map(|r| r.reason));
    w.s.exec(
        &a,
        &ExecuteMsg::IncreaseAllowance {
            spender: c.to_string(),
            amount: Uint128::new(5),
            expires: Some(Expiration::AtTime(w.s.now().plus_seconds(1))),
        },
    )
    .unwrap();
    w.s.next_block();
    let r: CanTransferResponse = w.s.query(&QueryMsg::CanTransferFrom {
        spender: c.to_string(),
        from: a.to_string(),
        to: b.to_string(),
        amount: Uint128::new(1),
    });
    seen.extend(r.refusals.into_iter().map(|r| r.reason));
    // Freezes and locks.
    w.s.agent(AgentMsg::Freeze {
        address: b.to_string(),
        amount: None,
        legal_reference: "x".into(),
    })
    .unwrap();
    w.s.agent(AgentMsg::Freeze {
        address: a.to_string(),
        amount: Some(Uint128::new(100)),
        legal_reference: "x".into(),
    })
    .unwrap();
    let agent = w.s.agent.clone();
    w.s.exec(
        &agent,
        &ExecuteMsg::Issue {
            recipient: a.to_string(),
            amount: Uint128::new(100),
            locked_until: Some(w.s.now().plus_seconds(99)),
            reference: None,
        },
    )
    .unwrap();
    note(&w, &a, &b, 1050, &mut seen); // recipient frozen, amount frozen, locked
    note(&w, &b, &a, 1, &mut seen); // sender frozen
    w.s.agent(AgentMsg::Unfreeze {
        address: b.to_string(),
        amount: None,
        legal_reference: "x".into(),
    })
    .unwrap();
    // Pause.
    let pauser = w.s.pauser.clone();
    w.s.exec(&pauser, &ExecuteMsg::Pause {}).unwrap();
    note(&w, &a, &b, 1, &mut seen);
    w.s.exec(&pauser, &ExecuteMsg::Unpause {}).unwrap();
    // Rules.
    w.s.set_rules(TransferRules {
        allowed_jurisdictions: vec![j("US")],
        min_investor_class: Some(InvestorClass::Accredited),
        max_holders: Some(1),
        max_holders_per_jurisdiction: vec![JurisdictionCap {
            jurisdiction: j("US"),
            max_holders: 1,
        }],
        max_balance_per_investor: Some(Uint128::new(10)),
        ..Default::default()
    });
    note(&w, &a, &b, 50, &mut seen);
    note(&w, &a, &c, 50, &mut seen);
    w.s.set_rules(TransferRules {
        denied_jurisdictions: vec![j("DE")],
        ..Default::default()
    });
    note(&w, &a, &b, 1, &mut seen);
    w.s.set_rules(TransferRules::default());
    // Holds: held units are not available.
    let notary = w.s.notary();
    let available = w.s.available(&a).available.u128();
    let request = w.s.hold_request(&notary, &c, available - 20, false);
    w.s.place_hold(&a, request).unwrap();
    note(&w, &a, &c, 21, &mut seen);
    // Registry states.
    w.s.transfer(&a, &a2, 10).unwrap();
    w.s.registry_exec(&reg::ExecuteMsg::RemoveWallet {
        investor_id: "I-ALICE".into(),
        wallet: a2.to_string(),
    });
    w.s.registry_exec(&reg::ExecuteMsg::AddWallet {
        investor_id: "I-CAROL".into(),
        wallet: a2.to_string(),
    });
    note(&w, &c, &a2, 1, &mut seen); // recipient reassigned
    note(&w, &a2, &c, 1, &mut seen); // sender reassigned
    w.s.block("I-BOB");
    note(&w, &b, &b, 1, &mut seen);
    note(&w, &b, &a, 1, &mut seen);
    note(&w, &a, &b, 1, &mut seen);
    let soon = w.s.now().plus_seconds(10);
    w.s.registry_exec(&reg::ExecuteMsg::UpdateInvestor {
        investor_id: "I-CAROL".into(),
        jurisdiction: None,
        class: None,
        kyc_valid_until: Some(soon),
    });
    w.s.advance_time(10);
    note(&w, &c, &a, 1, &mut seen);
    note(&w, &a, &c, 1, &mut seen);
    let all: BTreeSet<ReasonCode> = ReasonCode::ALL.into_iter().collect();
    let missing: Vec<_> = all.difference(&seen).collect();
    assert!(missing.is_empty(), "unreached reason codes: {missing:?}");
}
