//! Record checkpoints, documents, pause flags, migration.

mod common;

use common::Suite;
use cosmwasm_std::Uint128;
use cw_multi_test::Executor;
use security_token::ContractError;
use sto_interface::common::{EventRef, InvestorClass};
use sto_interface::token::{
    CheckpointsResponse, Document, DocumentsResponse, ExecuteMsg, MigrateMsg, QueryMsg,
    SecurityToken,
};

#[test]
fn balances_at_a_record_height_ignore_later_transfers() {
    let mut s = Suite::new();
    let (a, b) = (s.addr("alice"), s.addr("bob"));
    s.register("I-ALICE", &[&a], "US", InvestorClass::Accredited);
    s.register("I-BOB", &[&b], "DE", InvestorClass::Retail);
    s.mint(&a, 1000);
    let record = s.height() + 2;
    let opener = s.opener.clone();
    s.exec(
        &opener,
        &ExecuteMsg::OpenCheckpoint {
            height: record,
            reference: Some(EventRef::CorporateAction { id: 1 }),
        },
    )
    .unwrap();
    // Opening the same height again is harmless.
    s.exec(
        &opener,
        &ExecuteMsg::OpenCheckpoint {
            height: record,
            reference: None,
        },
    )
    .unwrap();
    s.next_block();
    s.transfer(&a, &b, 100).unwrap(); // before the record height: counts
    s.next_block(); // at the record height
    s.transfer(&a, &b, 200).unwrap(); // at/after the record height: does not count
    s.mint(&b, 50);
    s.next_block();
    s.transfer(&b, &a, 10).unwrap();
    let t = SecurityToken(s.token.clone());
    let q = s.app.wrap();
    assert_eq!(
        t.balance_at(&q, a.to_string(), record).unwrap(),
        Uint128::new(900)
    );
    assert_eq!(
        t.balance_at(&q, b.to_string(), record).unwrap(),
        Uint128::new(100)
    );
    assert_eq!(t.total_supply_at(&q, record).unwrap(), Uint128::new(1000));
    assert_eq!(t.balance(&q, b.to_string()).unwrap(), Uint128::new(340));
    // Unopened height and future height are errors.
    assert!(t.balance_at(&q, a.to_string(), record - 1).is_err());
    let cps: CheckpointsResponse = s.query(&QueryMsg::Checkpoints {
        start_after: None,
        limit: None,
    });
    assert_eq!(cps.checkpoints.len(), 1);
    assert_eq!(
        cps.checkpoints[0].reference,
        Some(EventRef::CorporateAction { id: 1 })
    );
    let future = s.height() + 10;
    s.exec(
        &opener,
        &ExecuteMsg::OpenCheckpoint {
            height: future,
            reference: None,
        },
    )
    .unwrap();
    assert!(t.balance_at(&s.app.wrap(), a.to_string(), future).is_err());
    let now = s.height();
    assert_eq!(
        s.exec_err(
            &opener,
            &ExecuteMsg::OpenCheckpoint {
                height: now,
                reference: None
            }
        ),
        ContractError::CheckpointNotInFuture {
            height: now,
            current: now
        }
    );
    let far = now + sto_interface::token::MAX_CHECKPOINT_LEAD + 1;
    assert_eq!(
        s.exec_err(
            &opener,
            &ExecuteMsg::OpenCheckpoint {
                height: far,
                reference: None
            }
        ),
        ContractError::CheckpointTooFar {
            height: far,
            current: now,
            max_lead: sto_interface::token::MAX_CHECKPOINT_LEAD,
        }
    );
}

#[test]
fn documents_are_set_listed_and_removed_by_the_owner() {
    let mut s = Suite::new();
    let owner = s.owner.clone();
    s.exec(
        &owner,
        &ExecuteMsg::SetDocument {
            name: "prospectus".into(),
            uri: "ipfs://p".into(),
            content_hash: "ab12".into(),
        },
    )
    .unwrap();
    s.exec(
        &owner,
        &ExecuteMsg::SetDocument {
            name: "terms".into(),
            uri: "ipfs://t".into(),
            content_hash: "cd34".into(),
        },
    )
    .unwrap();
    let doc: Document = s.query(&QueryMsg::Document {
        name: "terms".into(),
    });
    assert_eq!((doc.uri.as_str(), doc.updated_at), ("ipfs://t", s.now()));
    let docs: DocumentsResponse = s.query(&QueryMsg::Documents {
        start_after: None,
        limit: Some(1),
    });
    assert_eq!((docs.documents.len(), docs.has_more), (1, true));
    s.exec(
        &owner,
        &ExecuteMsg::RemoveDocument {
            name: "terms".into(),
        },
    )
    .unwrap();
    assert_eq!(
        s.exec_err(
            &owner,
            &ExecuteMsg::RemoveDocument {
                name: "terms".into()
            }
        ),
        ContractError::DocumentNotFound {
            name: "terms".into()
        }
    );
    assert_eq!(
        s.exec_err(
            &owner,
            &ExecuteMsg::SetDocument {
                name: String::new(),
                uri: "u".into(),
                content_hash: "h".into()
            }
        ),
        ContractError::InvalidDocument {
            reason: "name must be 1 to 64 characters without control characters".into()
        }
    );
    let agent = s.agent.clone();
    assert!(matches!(
        s.exec_err(
            &agent,
            &ExecuteMsg::SetDocument {
                name: "x".into(),
                uri: "u".into(),
                content_hash: "h".into()
            }
        ),
        ContractError::Access(_)
    ));
}

#[test]
fn pause_twice_and_unpause_running_are_refused() {
    let mut s = Suite::new();
    let p = s.pauser.clone();
    assert_eq!(
        s.exec_err(&p, &ExecuteMsg::Unpause {}),
        ContractError::NotPaused
    );
    s.exec(&p, &ExecuteMsg::Pause {}).unwrap();
    assert_eq!(
        s.exec_err(&p, &ExecuteMsg::Pause {}),
        ContractError::AlreadyPaused
    );
}

#[test]
fn migrate_refuses_a_downgrade_and_accepts_the_same_version() {
    let mut s = Suite::new();
    let owner = s.owner.clone();
    let token = s.token.clone();
    let code = s.token_code;
    s.app
        .migrate_contract(owner, token, &MigrateMsg {}, code)
        .unwrap();
}
