//! Every bad input of a settlement instruction: the exact typed error, and nothing moved.

use cosmwasm_std::{coins, to_json_binary, Uint128};
use cw20::Cw20ReceiveMsg;
use cw_utils::PaymentError;
use dvp_escrow::{ContractError, Leg};
use sto_access::AccessError;
use sto_interface::cash::CashReceipt;
use sto_interface::common::EventRef;
use sto_interface::escrow::{ExecuteMsg, InstructionStatus, ReceiveMsg};

use crate::suite::*;

/// Assert `f` fails with `expected` and that no balance, pool or instruction changed.
fn refused(
    s: &mut Suite,
    expected: ContractError,
    f: impl FnOnce(&mut Suite) -> anyhow::Result<cw_multi_test::AppResponse>,
) {
    let before = s.snapshot();
    let instructions: sto_interface::escrow::InstructionsResponse =
        s.query(&sto_interface::escrow::QueryMsg::Instructions {
            start_after: None,
            limit: Some(100),
        });
    let err = f(s).unwrap_err();
    assert_eq!(escrow_err(err), expected);
    assert_eq!(s.snapshot(), before);
    let after: sto_interface::escrow::InstructionsResponse =
        s.query(&sto_interface::escrow::QueryMsg::Instructions {
            start_after: None,
            limit: Some(100),
        });
    assert_eq!(after, instructions);
}

#[test]
fn wrong_token_on_the_receive_hook_is_refused() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let id = s.create(&alice, &alice, &bob, 10, 100).unwrap();
    let (token, other) = (s.token.clone(), s.other_token.clone());
    refused(
        &mut s,
        ContractError::WrongToken {
            id,
            expected: token.clone(),
            received: other.clone(),
        },
        |s| s.deliver_token(&alice, &other, id, 10),
    );
    // USD1 sent straight to the escrow is not a security either.
    let usd1 = s.usd1.clone();
    refused(
        &mut s,
        ContractError::WrongToken {
            id,
            expected: token.clone(),
            received: usd1.clone(),
        },
        |s| s.deliver_token(&alice, &usd1, id, 10),
    );
    // A forged hook called directly by a wallet.
    let msg = ExecuteMsg::Receive(Cw20ReceiveMsg {
        sender: alice.to_string(),
        amount: Uint128::new(10),
        msg: to_json_binary(&ReceiveMsg::DeliverSecurities { instruction_id: id }).unwrap(),
    });
    refused(
        &mut s,
        ContractError::WrongToken {
            id,
            expected: token,
            received: bob.clone(),
        },
        |s| s.exec(&bob, &msg),
    );
}

#[test]
fn wrong_amounts_and_wrong_parties_are_refused() {
    let mut s = Suite::new();
    let (alice, alice2, bob, carol) = (
        s.alice.clone(),
        s.alice2.clone(),
        s.bob.clone(),
        s.carol.clone(),
    );
    let id = s.create(&alice, &alice, &bob, 10, 100).unwrap();
    refused(
        &mut s,
        ContractError::WrongAmount {
            id,
            leg: Leg::Security,
            expected: Uint128::new(10),
            received: Uint128::new(9),
        },
        |s| s.deliver(&alice, id, 9),
    );
    refused(
        &mut s,
        ContractError::WrongAmount {
            id,
            leg: Leg::Cash,
            expected: Uint128::new(100),
            received: Uint128::new(101),
        },
        |s| s.pay(&bob, id, 101),
    );
    // Someone else than the seller delivers (alice2 holds tokens of the same investor).
    s.app
        .execute_contract(
            alice.clone(),
            s.token.clone(),
            &sto_interface::token::ExecuteMsg::Transfer {
                recipient: alice2.to_string(),
                amount: Uint128::new(10),
            },
            &[],
        )
        .unwrap();
    refused(
        &mut s,
        ContractError::NotSeller {
            id,
            expected: alice.clone(),
            sender: alice2.to_string(),
        },
        |s| s.deliver(&alice2, id, 10),
    );
    refused(
        &mut s,
        ContractError::NotBuyer {
            id,
            expected: bob.clone(),
            payer: carol.clone(),
        },
        |s| s.pay(&carol, id, 100),
    );
    refused(&mut s, ContractError::InstructionNotFound { id: 77 }, |s| {
        s.pay(&bob, 77, 100)
    });
    refused(&mut s, ContractError::InstructionNotFound { id: 77 }, |s| {
        s.deliver(&alice, 77, 10)
    });
}

#[test]
fn funding_a_leg_twice_is_refused() {
    let mut s = Suite::new();
    let (alice, bob, approver) = (s.alice.clone(), s.bob.clone(), s.approver.clone());
    let deadline = s.now().plus_seconds(WINDOW);
    let id = s
        .create_full(&alice, &alice, &bob, 10, 100, deadline, Some(&approver))
        .unwrap();
    s.deliver(&alice, id, 10).unwrap();
    s.pay(&bob, id, 100).unwrap();
    refused(
        &mut s,
        ContractError::LegAlreadyFunded {
            id,
            leg: Leg::Security,
        },
        |s| s.deliver(&alice, id, 10),
    );
    refused(
        &mut s,
        ContractError::LegAlreadyFunded { id, leg: Leg::Cash },
        |s| s.pay(&bob, id, 100),
    );
}

#[test]
fn funding_or_settling_after_the_deadline_is_refused() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let id = s.create(&alice, &alice, &bob, 10, 100).unwrap();
    let deadline = s.instruction(id).deadline;
    s.deliver(&alice, id, 10).unwrap();
    s.advance(WINDOW);
    let now = s.now();
    refused(
        &mut s,
        ContractError::DeadlinePassed { id, deadline, now },
        |s| s.pay(&bob, id, 100),
    );
    refused(
        &mut s,
        ContractError::DeadlinePassed { id, deadline, now },
        |s| s.exec(&bob, &ExecuteMsg::Settle { id }),
    );
}

#[test]
fn settling_twice_and_cancelling_a_settled_instruction_are_refused() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let id = s.create(&alice, &alice, &bob, 10, 100).unwrap();
    s.deliver(&alice, id, 10).unwrap();
    s.pay(&bob, id, 100).unwrap();
    let closed = || ContractError::InstructionClosed {
        id,
        status: InstructionStatus::Settled,
    };
    refused(&mut s, closed(), |s| {
        s.exec(&bob, &ExecuteMsg::Settle { id })
    });
    refused(&mut s, closed(), |s| {
        s.exec(&alice, &ExecuteMsg::Cancel { id })
    });
    s.advance(WINDOW);
    refused(&mut s, closed(), |s| {
        s.exec(&alice, &ExecuteMsg::Expire { id })
    });
    refused(&mut s, closed(), |s| s.pay(&bob, id, 100));

    // Settle on an open instruction lacking legs says what is missing.
    let id = s.create(&alice, &alice, &bob, 10, 100).unwrap();
    refused(
        &mut s,
        ContractError::NotReadyToSettle {
            id,
            missing: vec!["security_leg".into(), "cash_leg".into()],
        },
        |s| s.exec(&bob, &ExecuteMsg::Settle { id }),
    );
}

#[test]
fn malformed_instructions_are_refused() {
    let mut s = Suite::new();
    let (alice, carol) = (s.alice.clone(), s.carol.clone());
    let now = s.now();
    let good = |s: &Suite| ExecuteMsg::CreateInstruction {
        token: s.token.to_string(),
        seller: s.alice.to_string(),
        buyer: s.bob.to_string(),
        quantity: Uint128::new(10),
        cash_amount: Uint128::new(100),
        deadline: s.now().plus_seconds(WINDOW),
        trade_reference: None,
        approver: None,
    };
    let with = |s: &Suite, f: &dyn Fn(&mut ExecuteMsg)| {
        let mut m = good(s);
        f(&mut m);
        m
    };
    let cases: Vec<(ExecuteMsg, ContractError)> = vec![
        (
            with(&s, &|m| {
                if let ExecuteMsg::CreateInstruction { quantity, .. } = m {
                    *quantity = Uint128::zero();
                }
            }),
            ContractError::ZeroAmount {
                field: "quantity".into(),
            },
        ),
        (
            with(&s, &|m| {
                if let ExecuteMsg::CreateInstruction { cash_amount, .. } = m {
                    *cash_amount = Uint128::zero();
                }
            }),
            ContractError::ZeroAmount {
                field: "cash_amount".into(),
            },
        ),
        (
            with(&s, &|m| {
                if let ExecuteMsg::CreateInstruction { buyer, seller, .. } = m {
                    *buyer = seller.clone();
                }
            }),
            ContractError::SameParty {
                address: alice.clone(),
            },
        ),
        (
            with(&s, &|m| {
                if let ExecuteMsg::CreateInstruction { deadline, .. } = m {
                    *deadline = now;
                }
            }),
            ContractError::DeadlineNotInFuture { deadline: now, now },
        ),
        (
            with(&s, &|m| {
                if let ExecuteMsg::CreateInstruction {
                    trade_reference, ..
                } = m
                {
                    *trade_reference = Some("x".repeat(129));
                }
            }),
            ContractError::InvalidReference {
                field: "trade_reference".into(),
                max: 128,
            },
        ),
        (
            with(&s, &|m| {
                if let ExecuteMsg::CreateInstruction { buyer, .. } = m {
                    *buyer = "Not-An-Address".into();
                }
            }),
            ContractError::Access(AccessError::InvalidAddress {
                address: "Not-An-Address".into(),
                reason: String::new(),
            }),
        ),
    ];
    for (msg, expected) in cases {
        let before = s.snapshot();
        let err = escrow_err(s.exec(&alice, &msg).unwrap_err());
        match (&err, &expected) {
            // The reason text is the chain's; the address is what matters.
            (
                ContractError::Access(AccessError::InvalidAddress { address: a, .. }),
                ContractError::Access(AccessError::InvalidAddress { address: b, .. }),
            ) => assert_eq!(a, b),
            _ => assert_eq!(err, expected),
        }
        assert_eq!(s.snapshot(), before);
    }

    // Neither party nor operator.
    let msg = good(&s);
    let err = s.exec(&carol, &msg).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::NotPartyOrOperator {
            sender: carol.clone()
        }
    );
    // Funds attached to a message that takes none.
    s.app
        .init_modules(|router, _, storage| {
            router
                .bank
                .init_balance(storage, &alice, coins(10, "uatom"))
        })
        .unwrap();
    let err = s
        .app
        .execute_contract(alice.clone(), s.escrow.clone(), &msg, &coins(10, "uatom"))
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::Payment(PaymentError::NonPayable {})
    );
}

#[test]
fn cash_callbacks_come_only_from_the_adapter_with_known_references() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let id = s.create(&alice, &alice, &bob, 10, 100).unwrap();
    let receipt = CashReceipt {
        funding_id: 1,
        payer: bob.clone(),
        amount: Uint128::new(100),
        reference: EventRef::Settlement { id },
    };
    let adapter = s.adapter.clone();
    refused(
        &mut s,
        ContractError::NotFromAdapter {
            sender: bob.clone(),
            adapter,
        },
        |s| s.exec(&bob, &ExecuteMsg::CashReceived(receipt)),
    );
    let reference = EventRef::CorporateAction { id: 1 };
    refused(
        &mut s,
        ContractError::UnsupportedReference {
            reference: reference.clone(),
        },
        |s| s.fund(&bob, 100, reference),
    );
}

#[test]
fn affirming_twice_or_by_a_stranger_is_refused() {
    let mut s = Suite::new();
    let (alice, bob, carol) = (s.alice.clone(), s.bob.clone(), s.carol.clone());
    let id = s.create(&alice, &alice, &bob, 10, 100).unwrap();
    let err = s.exec(&alice, &ExecuteMsg::Affirm { id }).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::AlreadyAgreed {
            id,
            party: alice.clone()
        }
    );
    let err = s.exec(&carol, &ExecuteMsg::Affirm { id }).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::NotAParty {
            id,
            sender: carol.clone()
        }
    );
    s.exec(&bob, &ExecuteMsg::Affirm { id }).unwrap();
    assert!(s.instruction(id).agreed.buyer);
    let approver = s.approver.clone();
    let err = s
        .exec(
            &approver,
            &ExecuteMsg::Approve {
                id,
                expires_at: None,
            },
        )
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::NotApprover {
            id,
            sender: approver
        }
    );
}
