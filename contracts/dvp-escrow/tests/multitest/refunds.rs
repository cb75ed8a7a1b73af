//! Cancel, expiry and parked security refunds.

use cosmwasm_std::Uint128;
use dvp_escrow::ContractError;
use sto_access::{AccessError, Role};
use sto_interface::escrow::{
    EscrowedAtResponse, ExecuteMsg, InstructionStatus, LegRefund, QueryMsg,
};
use sto_interface::token::ReasonCode;

use crate::suite::*;

#[test]
fn cancel_needs_every_party_that_agreed_and_refunds_the_funded_leg() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let id = s.create(&alice, &alice, &bob, 100, 5_000).unwrap();
    s.exec(&bob, &ExecuteMsg::Affirm { id }).unwrap();
    s.deliver(&alice, id, 100).unwrap();

    // The seller's leg is in: the buyer alone only asks.
    let res = s.exec(&bob, &ExecuteMsg::Cancel { id }).unwrap();
    assert_eq!(attr(&res, "action").unwrap(), "request_cancel");
    assert_eq!(s.status(id), InstructionStatus::Open);
    let err = s.exec(&bob, &ExecuteMsg::Cancel { id }).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::CancelAlreadyRequested {
            id,
            party: bob.clone()
        }
    );

    s.exec(&alice, &ExecuteMsg::Cancel { id }).unwrap();
    let instr = s.instruction(id);
    assert_eq!(instr.status, InstructionStatus::Cancelled);
    assert!(matches!(
        instr.security_leg.unwrap().refund,
        Some(LegRefund::Sent { .. })
    ));
    assert_eq!(s.sec(&alice), START);
    assert_eq!(s.sec(&s.escrow), 0);
    assert!(s.position(&alice).securities.is_empty());
    assert_eq!(s.position(&bob).cash_to_deliver, Uint128::zero());
}

#[test]
fn a_party_alone_cancels_when_the_other_never_agreed() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let id = s.create(&bob, &alice, &bob, 10, 100).unwrap();
    s.pay(&bob, id, 100).unwrap();
    s.exec(&bob, &ExecuteMsg::Cancel { id }).unwrap();
    assert_eq!(s.status(id), InstructionStatus::Cancelled);
    assert_eq!(s.usd1(&bob), START);
    assert_eq!(s.pool(), 0);
}

#[test]
fn the_creating_operator_cancels_alone_others_may_not() {
    let mut s = Suite::new();
    let (alice, bob, carol, op) = (
        s.alice.clone(),
        s.bob.clone(),
        s.carol.clone(),
        s.operator.clone(),
    );
    let id = s.create(&op, &alice, &bob, 10, 100).unwrap();
    s.deliver(&alice, id, 10).unwrap();
    s.exec(&bob, &ExecuteMsg::Affirm { id }).unwrap();
    let err = s.exec(&carol, &ExecuteMsg::Cancel { id }).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::CannotCancel {
            id,
            sender: carol.clone()
        }
    );
    // Another operator did not create it.
    s.grant(Role::SettlementOperator, &carol).unwrap();
    let err = s.exec(&carol, &ExecuteMsg::Cancel { id }).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::CannotCancel { id, sender: carol }
    );
    s.exec(&op, &ExecuteMsg::Cancel { id }).unwrap();
    assert_eq!(s.status(id), InstructionStatus::Cancelled);
    assert_eq!(s.sec(&alice), START);
}

#[test]
fn expiry_after_the_deadline_refunds_both_legs_to_whoever_funded() {
    let mut s = Suite::new();
    let (alice, bob, approver, carol) = (
        s.alice.clone(),
        s.bob.clone(),
        s.approver.clone(),
        s.carol.clone(),
    );
    // An approver that never approves keeps both legs in the escrow.
    let deadline = s.now().plus_seconds(WINDOW);
    let id = s
        .create_full(&alice, &alice, &bob, 100, 5_000, deadline, Some(&approver))
        .unwrap();
    s.deliver(&alice, id, 100).unwrap();
    s.pay(&bob, id, 5_000).unwrap();
    assert_eq!((s.sec(&s.escrow), s.pool()), (100, 5_000));

    s.advance(WINDOW - 1);
    let before = s.snapshot();
    let err = s.exec(&carol, &ExecuteMsg::Expire { id }).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::DeadlineNotReached {
            id,
            deadline,
            now: s.now()
        }
    );
    assert_eq!(s.snapshot(), before);

    s.advance(1);
    let res = s.exec(&carol, &ExecuteMsg::Expire { id }).unwrap();
    let acts = actions(&res);
    assert_eq!(acts[0], "expire");
    assert!(acts.contains(&"refund_securities".to_string()));
    assert!(acts.contains(&"refund_cash".to_string()));
    assert_eq!(s.status(id), InstructionStatus::Expired);
    assert_eq!((s.sec(&alice), s.usd1(&bob)), (START, START));
    assert_eq!((s.sec(&s.escrow), s.pool()), (0, 0));

    let err = s.exec(&carol, &ExecuteMsg::Expire { id }).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::InstructionClosed {
            id,
            status: InstructionStatus::Expired
        }
    );
}

#[test]
fn refused_security_refund_is_parked_visible_and_delivered_later() {
    let mut s = Suite::new();
    let (alice, bob, carol) = (s.alice.clone(), s.bob.clone(), s.carol.clone());
    let id = s.create(&alice, &alice, &bob, 100, 5_000).unwrap();
    s.deliver(&alice, id, 100).unwrap();
    s.set_frozen(&alice, true);
    s.advance(WINDOW);

    // The expiry succeeds: the refund is parked, not lost.
    let res = s.exec(&carol, &ExecuteMsg::Expire { id }).unwrap();
    assert!(actions(&res).contains(&"park_security_refund".to_string()));
    assert_eq!(s.status(id), InstructionStatus::Expired);
    let instr = s.instruction(id);
    assert_eq!(
        instr.security_leg.unwrap().refund,
        Some(LegRefund::Parked { parked_id: 1 })
    );
    let open = s.open_parked();
    assert_eq!(open.parked.len(), 1);
    let parked = &open.parked[0];
    assert_eq!(
        (parked.instruction_id, parked.amount),
        (id, Uint128::new(100))
    );
    assert_eq!(parked.recipient, alice);
    assert_eq!(s.sec(&s.escrow), 100);
    let escrowed: EscrowedAtResponse = s.query(&QueryMsg::EscrowedAt {
        token: s.token.to_string(),
        seller: alice.to_string(),
        height: s.height(),
    });
    assert_eq!(escrowed.amount, Uint128::new(100));

    // Still frozen: a retry is refused with the token's reason, nothing moves.
    let before = s.snapshot();
    let err = s
        .exec(&carol, &ExecuteMsg::RetryParkedRefund { id: 1 })
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::ParkedRefundStillRefused {
            id: 1,
            recipient: alice.clone(),
            code: ReasonCode::RecipientFrozen.code(),
            reason: ReasonCode::RecipientFrozen,
        }
    );
    assert_eq!(s.snapshot(), before);

    s.set_frozen(&alice, false);
    let res = s
        .exec(&carol, &ExecuteMsg::RetryParkedRefund { id: 1 })
        .unwrap();
    assert_eq!(attr(&res, "action").unwrap(), "retry_parked_refund");
    assert_eq!((s.sec(&alice), s.sec(&s.escrow)), (START, 0));
    assert!(s.open_parked().parked.is_empty());
    let resolved = s.parked(1).resolution.unwrap();
    assert_eq!(
        (resolved.paid_to, resolved.resolved_by),
        (alice.clone(), carol.clone())
    );

    let err = s
        .exec(&carol, &ExecuteMsg::RetryParkedRefund { id: 1 })
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::ParkedRefundResolved {
            id: 1,
            paid_to: alice
        }
    );
    let err = s
        .exec(&carol, &ExecuteMsg::RetryParkedRefund { id: 2 })
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::ParkedRefundNotFound { id: 2 }
    );
}

#[test]
fn transfer_agent_redirects_a_parked_refund_to_another_wallet() {
    let mut s = Suite::new();
    let (alice, alice2, bob, agent) = (
        s.alice.clone(),
        s.alice2.clone(),
        s.bob.clone(),
        s.agent.clone(),
    );
    let id = s.create(&alice, &alice, &bob, 40, 400).unwrap();
    s.deliver(&alice, id, 40).unwrap();
    s.set_frozen(&alice, true);
    s.exec(&alice, &ExecuteMsg::Cancel { id }).unwrap();
    assert_eq!(s.status(id), InstructionStatus::Cancelled);
    assert_eq!(s.open_parked().parked.len(), 1);

    let msg = ExecuteMsg::ResolveParkedRefund {
        id: 1,
        recipient: alice2.to_string(),
        legal_reference: "COURT-7".into(),
    };
    let before = s.snapshot();
    let err = s.exec(&bob, &msg).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::Access(AccessError::MissingRole {
            role: Role::TransferAgent,
            address: bob.to_string()
        })
    );
    let err = s
        .exec(
            &agent,
            &ExecuteMsg::ResolveParkedRefund {
                id: 1,
                recipient: alice2.to_string(),
                legal_reference: String::new(),
            },
        )
        .unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::InvalidReference {
            field: "legal_reference".into(),
            max: 128
        }
    );
    assert_eq!(s.snapshot(), before);

    let res = s.exec(&agent, &msg).unwrap();
    assert_eq!(attr(&res, "legal_reference").unwrap(), "COURT-7");
    assert_eq!((s.sec(&alice2), s.sec(&s.escrow)), (40, 0));
    let resolution = s.parked(1).resolution.unwrap();
    assert_eq!(resolution.paid_to, alice2);
    assert_eq!(resolution.legal_reference.as_deref(), Some("COURT-7"));
}

#[test]
fn cash_refund_to_a_blocked_buyer_is_parked_by_the_adapter() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let id = s.create(&bob, &alice, &bob, 10, 100).unwrap();
    s.pay(&bob, id, 100).unwrap();
    s.block("INV-B");
    s.advance(WINDOW);
    s.exec(&alice, &ExecuteMsg::Expire { id }).unwrap();
    assert_eq!(s.status(id), InstructionStatus::Expired);
    assert_eq!(s.pool(), 0);
    assert_eq!(s.usd1(&bob), START - 100);
    // The adapter holds it as a parked release, visible there.
    let parked: sto_interface::cash::ParkedReleasesResponse = s
        .app
        .wrap()
        .query_wasm_smart(
            &s.adapter,
            &sto_interface::cash::QueryMsg::ParkedReleases {
                start_after: None,
                limit: None,
            },
        )
        .unwrap();
    assert_eq!(parked.parked.len(), 1);
    assert_eq!(parked.parked[0].recipient, bob);
    assert_eq!(parked.parked[0].amount, Uint128::new(100));
}
