//! Secondary settlement: both legs in, atomic settlement, finality records, refusal at
//! settlement with nothing moved, approvals, the pre-funding view.

use cosmwasm_std::Uint128;
use dvp_escrow::ContractError;
use sto_interface::common::EventRef;
use sto_interface::escrow::{
    ExecuteMsg, FinalityRecord, FinalityRecordsResponse, InstructionStatus, InstructionsResponse,
    QueryMsg, SecuritiesPosition,
};
use sto_interface::token::ReasonCode;

use crate::suite::*;

#[test]
fn seller_then_buyer_settles_in_the_buyers_transaction() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let id = s.create(&alice, &alice, &bob, 100, 5_000).unwrap();
    let before = s.snapshot();

    s.deliver(&alice, id, 100).unwrap();
    assert_eq!(s.status(id), InstructionStatus::Open);
    assert_eq!(s.sec(&s.escrow), 100);

    let res = s.pay(&bob, id, 5_000).unwrap();
    assert!(actions(&res).contains(&"settle".to_string()));
    assert_eq!(s.status(id), InstructionStatus::Settled);
    assert_eq!(s.sec(&bob), 100);
    assert_eq!(s.sec(&alice), START - 100);
    assert_eq!(s.usd1(&alice), START + 5_000);
    assert_eq!(s.usd1(&bob), START - 5_000);
    assert_eq!(s.sec(&s.escrow), 0);
    assert_eq!(s.pool(), 0);
    assert_eq!(s.supply(), before.supply);

    let record: FinalityRecord = s.query(&QueryMsg::Finality { id });
    assert_eq!(record.instruction_id, id);
    assert_eq!(record.reference, EventRef::Settlement { id });
    assert_eq!(record.trade_reference.as_deref(), Some("VENUE-T-1"));
    assert_eq!((record.seller.clone(), record.buyer.clone()), (alice, bob));
    assert_eq!(record.quantity, Uint128::new(100));
    assert_eq!(record.cash_amount, Uint128::new(5_000));
    assert_eq!(record.settled_height, s.height());
    assert_eq!(record.settled_time, s.now());
    assert!(record.cash_funding_id > 0);
}

#[test]
fn buyer_then_seller_settles_in_the_sellers_transaction() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let id = s.create(&bob, &alice, &bob, 10, 700).unwrap();
    s.pay(&bob, id, 700).unwrap();
    assert_eq!(s.pool(), 700);
    assert_eq!(s.status(id), InstructionStatus::Open);
    let res = s.deliver(&alice, id, 10).unwrap();
    assert_eq!(attr(&res, "instruction_id").unwrap(), id.to_string());
    assert_eq!(s.status(id), InstructionStatus::Settled);
    assert_eq!((s.sec(&bob), s.usd1(&alice)), (10, START + 700));
    assert_eq!(s.pool(), 0);
}

#[test]
fn operator_creates_for_both_parties_and_funding_counts_as_agreement() {
    let mut s = Suite::new();
    let (alice, bob, op) = (s.alice.clone(), s.bob.clone(), s.operator.clone());
    let id = s.create(&op, &alice, &bob, 10, 100).unwrap();
    let instr = s.instruction(id);
    assert!(instr.created_by_operator);
    assert!(!instr.agreed.seller && !instr.agreed.buyer);
    s.deliver(&alice, id, 10).unwrap();
    assert!(s.instruction(id).agreed.seller);
    s.pay(&bob, id, 100).unwrap();
    assert_eq!(s.status(id), InstructionStatus::Settled);
}

#[test]
fn buyer_kyc_expired_at_settlement_refuses_and_nothing_moves() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let until = s.now().plus_seconds(100);
    s.set_kyc("INV-B", until);
    let id = s.create(&alice, &alice, &bob, 100, 5_000).unwrap();
    s.pay(&bob, id, 5_000).unwrap();
    s.advance(200);

    let before = s.snapshot();
    let instr_before = s.instruction(id);
    let err = s.deliver(&alice, id, 100).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::SettlementRefused {
            id,
            code: ReasonCode::RecipientKycExpired.code(),
            reason: ReasonCode::RecipientKycExpired,
        }
    );
    assert_eq!(s.snapshot(), before);
    assert_eq!(s.instruction(id), instr_before);
    assert!(s.finalities_of(&alice).records.is_empty());

    // KYC renewed: the same delivery settles.
    let until = s.now().plus_seconds(KYC_VALIDITY);
    s.set_kyc("INV-B", until);
    s.deliver(&alice, id, 100).unwrap();
    assert_eq!(s.status(id), InstructionStatus::Settled);
}

#[test]
fn creation_is_refused_early_with_the_tokens_reason() {
    let mut s = Suite::new();
    let (alice, mallory, frank) = (s.alice.clone(), s.mallory.clone(), s.frank.clone());
    let err = s.create(&alice, &alice, &mallory, 10, 100).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::TransferNotAllowed {
            code: ReasonCode::RecipientUnknown.code(),
            reason: ReasonCode::RecipientUnknown,
        }
    );
    let err = s.create(&alice, &alice, &frank, 10, 100).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::TransferNotAllowed {
            code: ReasonCode::JurisdictionDenied.code(),
            reason: ReasonCode::JurisdictionDenied,
        }
    );
    let bob = s.bob.clone();
    let err = s.create(&alice, &alice, &bob, START + 1, 100).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::TransferNotAllowed {
            code: ReasonCode::InsufficientBalance.code(),
            reason: ReasonCode::InsufficientBalance,
        }
    );
    let all: InstructionsResponse = s.query(&QueryMsg::Instructions {
        start_after: None,
        limit: None,
    });
    assert!(all.instructions.is_empty());
}

#[test]
fn approver_affirmation_is_required_and_can_expire() {
    let mut s = Suite::new();
    let (alice, bob, approver) = (s.alice.clone(), s.bob.clone(), s.approver.clone());
    let deadline = s.now().plus_seconds(WINDOW);
    let id = s
        .create_full(&alice, &alice, &bob, 10, 100, deadline, Some(&approver))
        .unwrap();
    s.deliver(&alice, id, 10).unwrap();
    let res = s.pay(&bob, id, 100).unwrap();
    assert_eq!(attr(&res, "awaiting").unwrap(), "approval");
    assert_eq!(s.status(id), InstructionStatus::Open);

    let err = s
        .exec(
            &bob,
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
            sender: bob.clone()
        }
    );
    s.exec(
        &approver,
        &ExecuteMsg::Approve {
            id,
            expires_at: None,
        },
    )
    .unwrap();
    assert_eq!(s.status(id), InstructionStatus::Settled);
    assert_eq!(s.sec(&bob), 10);

    // An approval given first and expired before the legs arrive does not count.
    let deadline = s.now().plus_seconds(WINDOW);
    let id = s
        .create_full(&alice, &alice, &bob, 10, 100, deadline, Some(&approver))
        .unwrap();
    let expires_at = Some(s.now().plus_seconds(60));
    s.exec(&approver, &ExecuteMsg::Approve { id, expires_at })
        .unwrap();
    s.advance(60);
    s.deliver(&alice, id, 10).unwrap();
    let res = s.pay(&bob, id, 100).unwrap();
    assert_eq!(attr(&res, "awaiting").unwrap(), "approval_expired");
    let err = s.exec(&bob, &ExecuteMsg::Settle { id }).unwrap_err();
    assert_eq!(
        escrow_err(err),
        ContractError::NotReadyToSettle {
            id,
            missing: vec!["approval_expired".to_string()]
        }
    );
    // A fresh approval settles at once.
    s.exec(
        &approver,
        &ExecuteMsg::Approve {
            id,
            expires_at: None,
        },
    )
    .unwrap();
    assert_eq!(s.status(id), InstructionStatus::Settled);
    assert_eq!(s.sec(&bob), 20);
}

#[test]
fn finality_records_are_listed_by_party_and_token_in_pages() {
    let mut s = Suite::new();
    let (alice, bob, carol) = (s.alice.clone(), s.bob.clone(), s.carol.clone());
    let mut ids = vec![];
    for buyer in [&bob, &carol, &bob] {
        let id = s.create(&alice, &alice, buyer, 5, 50).unwrap();
        s.deliver(&alice, id, 5).unwrap();
        s.pay(buyer, id, 50).unwrap();
        ids.push(id);
    }
    let page: FinalityRecordsResponse = s.query(&QueryMsg::FinalitiesByParty {
        party: alice.to_string(),
        start_after: None,
        limit: Some(2),
    });
    assert!(page.has_more);
    assert_eq!(
        page.records
            .iter()
            .map(|r| r.instruction_id)
            .collect::<Vec<_>>(),
        ids[..2]
    );
    let page: FinalityRecordsResponse = s.query(&QueryMsg::FinalitiesByParty {
        party: alice.to_string(),
        start_after: Some(ids[1]),
        limit: Some(2),
    });
    assert!(!page.has_more);
    assert_eq!(page.records.len(), 1);
    let bobs = s.finalities_of(&bob);
    assert_eq!(
        bobs.records
            .iter()
            .map(|r| r.instruction_id)
            .collect::<Vec<_>>(),
        vec![ids[0], ids[2]]
    );
    let by_token: FinalityRecordsResponse = s.query(&QueryMsg::FinalitiesByToken {
        token: s.token.to_string(),
        start_after: None,
        limit: None,
    });
    assert_eq!(by_token.records.len(), 3);
    let other: FinalityRecordsResponse = s.query(&QueryMsg::FinalitiesByToken {
        token: s.other_token.to_string(),
        start_after: None,
        limit: None,
    });
    assert!(other.records.is_empty());
    let by_party: InstructionsResponse = s.query(&QueryMsg::InstructionsByParty {
        party: carol.to_string(),
        start_after: None,
        limit: None,
    });
    assert_eq!(by_party.instructions.len(), 1);
    assert_eq!(by_party.instructions[0].id, ids[1]);
}

#[test]
fn pre_funding_view_tracks_locked_and_to_deliver() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let a = s.create(&alice, &alice, &bob, 10, 100).unwrap();
    let b = s.create(&alice, &alice, &bob, 20, 300).unwrap();
    let pos = s.position(&alice);
    assert_eq!(
        pos.securities,
        vec![SecuritiesPosition {
            token: s.token.clone(),
            locked: Uint128::zero(),
            to_deliver: Uint128::new(30),
        }]
    );
    assert_eq!(s.position(&bob).cash_to_deliver, Uint128::new(400));

    s.deliver(&alice, a, 10).unwrap();
    s.pay(&bob, b, 300).unwrap();
    let pos = s.position(&alice);
    assert_eq!(pos.securities[0].locked, Uint128::new(10));
    assert_eq!(pos.securities[0].to_deliver, Uint128::new(20));
    let pos = s.position(&bob);
    assert_eq!(
        (pos.cash_locked, pos.cash_to_deliver),
        (Uint128::new(300), Uint128::new(100))
    );

    s.pay(&bob, a, 100).unwrap();
    s.deliver(&alice, b, 20).unwrap();
    let pos = s.position(&alice);
    assert!(pos.securities.is_empty());
    let pos = s.position(&bob);
    assert_eq!(
        (pos.cash_locked, pos.cash_to_deliver),
        (Uint128::zero(), Uint128::zero())
    );
}

#[test]
fn escrowed_quantity_is_snapshotted_per_block() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let id = s.create(&alice, &alice, &bob, 10, 100).unwrap();
    let h0 = s.height();
    s.advance(5);
    s.deliver(&alice, id, 10).unwrap();
    let h1 = s.height();
    s.advance(5);
    s.pay(&bob, id, 100).unwrap();
    let h2 = s.height();
    s.advance(5);
    let at = |s: &Suite, h: u64| -> u128 {
        let r: sto_interface::escrow::EscrowedAtResponse = s.query(&QueryMsg::EscrowedAt {
            token: s.token.to_string(),
            seller: alice.to_string(),
            height: h,
        });
        r.amount.u128()
    };
    assert_eq!((at(&s, h0), at(&s, h1), at(&s, h2)), (0, 10, 0));
}

#[test]
fn instruction_lists_page_with_a_default_and_a_maximum_size() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    for _ in 0..31 {
        s.create(&alice, &alice, &bob, 1, 1).unwrap();
    }
    let page: InstructionsResponse = s.query(&QueryMsg::Instructions {
        start_after: None,
        limit: None,
    });
    assert_eq!((page.instructions.len(), page.has_more), (30, true));
    let page: InstructionsResponse = s.query(&QueryMsg::Instructions {
        start_after: Some(30),
        limit: None,
    });
    assert_eq!((page.instructions.len(), page.has_more), (1, false));
    let page: InstructionsResponse = s.query(&QueryMsg::InstructionsByParty {
        party: bob.to_string(),
        start_after: None,
        limit: Some(1_000),
    });
    assert_eq!((page.instructions.len(), page.has_more), (31, false));
    let page: InstructionsResponse = s.query(&QueryMsg::InstructionsByParty {
        party: bob.to_string(),
        start_after: None,
        limit: Some(0),
    });
    assert_eq!((page.instructions.len(), page.has_more), (1, true));
}
