//! Holds: placement, execution by the notary, release, operators, notaries, agent cuts and
//! recovery; every bad input a typed error that changes nothing.

mod common;

use common::{refused, Suite, DAY};
use cosmwasm_std::{Addr, Uint128};
use cw_multi_test::Executor;
use security_token::ContractError;
use sto_access::AccessError;
use sto_interface::common::{InvestorClass, Jurisdiction};
use sto_interface::hold::{HoldStatus, HoldsResponse};
use sto_interface::token::{
    AgentMsg, ExecuteMsg, HoldOperatorResponse, NotariesResponse, QueryMsg, ReasonCode,
    TransferRules, MAX_HOLD_DURATION_LIMIT, MAX_OPEN_HOLDS,
};
use sto_testing::notary::NotaryStubMsg;

struct World {
    s: Suite,
    notary: Addr,
    seller: Addr,
    buyer: Addr,
    stranger: Addr,
}

fn world() -> World {
    let mut s = Suite::new();
    let seller = s.addr("seller");
    let buyer = s.addr("buyer");
    let stranger = s.addr("stranger");
    s.register("I-SELLER", &[&seller], "US", InvestorClass::Accredited);
    s.register("I-BUYER", &[&buyer], "DE", InvestorClass::Retail);
    s.mint(&seller, 1000);
    let notary = s.notary();
    World {
        s,
        notary,
        seller,
        buyer,
        stranger,
    }
}

/// What a refused message must leave unchanged.
fn state(w: &World) -> (u128, u128, u128, Uint128, u64) {
    let holds: HoldsResponse = w.s.query(&QueryMsg::Holds {
        owner: w.seller.to_string(),
        start_after: None,
        limit: None,
    });
    let open = holds
        .holds
        .iter()
        .filter(|h| h.status == HoldStatus::Open)
        .count() as u64;
    (
        w.s.balance(&w.seller),
        w.s.balance(&w.buyer),
        w.s.available(&w.seller).available.u128(),
        w.s.available(&w.seller).held,
        open,
    )
}

fn hold_msg(w: &World, amount: u128, partial: bool) -> ExecuteMsg {
    ExecuteMsg::PlaceHold {
        owner: None,
        request: w.s.hold_request(&w.notary, &w.buyer, amount, partial),
    }
}

#[test]
fn a_hold_keeps_units_in_the_balance_until_the_notary_executes_them_to_the_payee() {
    let mut w = world();
    let req = w.s.hold_request(&w.notary, &w.buyer, 300, false);
    let seller = w.seller.clone();
    let id = w.s.place_hold(&seller, req).unwrap();
    assert_eq!(w.s.balance(&w.seller), 1000);
    let av = w.s.available(&w.seller);
    assert_eq!(
        (av.balance, av.held, av.available),
        (Uint128::new(1000), Uint128::new(300), Uint128::new(700))
    );
    // Held units cannot be transferred; available ones can.
    assert_eq!(
        w.s.transfer(&w.seller.clone(), &w.buyer.clone(), 701)
            .unwrap_err()
            .downcast::<ContractError>()
            .unwrap(),
        refused(ReasonCode::AmountHeld)
    );
    assert!(!w.s.can_transfer(&w.seller, &w.buyer, 701).allowed);
    assert!(w.s.can_transfer(&w.seller, &w.buyer, 700).allowed);
    // The notary was called with the stored hold.
    let notes: Vec<sto_testing::notary::Notification> =
        w.s.app
            .wrap()
            .query_wasm_smart(
                w.notary.clone(),
                &sto_testing::notary::NotaryStubQuery::Notifications {},
            )
            .unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].hold, w.s.hold(id));
    let notary = w.notary.clone();
    let res = w.s.execute_hold(&notary, id, None).unwrap();
    assert!(res.events.iter().any(|e| e
        .attributes
        .iter()
        .any(|a| a.key == "action" && a.value == "execute_hold")));
    assert_eq!(w.s.balance(&w.seller), 700);
    assert_eq!(w.s.balance(&w.buyer), 300);
    let hold = w.s.hold(id);
    assert_eq!(hold.status, HoldStatus::Executed);
    assert_eq!(hold.executed, Uint128::new(300));
    assert_eq!(w.s.available(&w.seller).held, Uint128::zero());
}

#[test]
fn a_partial_hold_executes_in_parts_and_the_other_holds_still_count() {
    let mut w = world();
    let seller = w.seller.clone();
    let notary = w.notary.clone();
    let a = w.s.hold_request(&notary, &w.buyer, 400, true);
    let id = w.s.place_hold(&seller, a).unwrap();
    let b = w.s.hold_request(&notary, &w.buyer, 600, false);
    let other = w.s.place_hold(&seller, b).unwrap();
    assert_eq!(w.s.available(&seller).available, Uint128::zero());
    w.s.execute_hold(&notary, id, Some(150)).unwrap();
    assert_eq!(w.s.hold(id).remaining(), Uint128::new(250));
    assert_eq!(w.s.available(&seller).held, Uint128::new(850));
    w.s.execute_hold(&notary, id, None).unwrap();
    assert_eq!(w.s.hold(id).status, HoldStatus::Executed);
    assert_eq!(w.s.hold(other).status, HoldStatus::Open);
    assert_eq!(w.s.balance(&w.buyer), 400);
    assert_eq!(w.s.available(&seller).held, Uint128::new(600));
}

#[test]
fn every_bad_placement_is_a_typed_error_and_changes_nothing() {
    let mut w = world();
    let seller = w.seller.clone();
    let before = state(&w);
    assert_eq!(
        w.s.exec_err(&seller, &hold_msg(&w, 1001, false)),
        ContractError::HoldExceedsAvailable {
            available: Uint128::new(1000),
            requested: Uint128::new(1001)
        }
    );
    assert_eq!(
        w.s.exec_err(&seller, &hold_msg(&w, 0, false)),
        ContractError::ZeroAmount
    );
    let now = w.s.now();
    let mut req = w.s.hold_request(&w.notary, &w.buyer, 10, false);
    req.expires = now;
    assert_eq!(
        w.s.exec_err(
            &seller,
            &ExecuteMsg::PlaceHold {
                owner: None,
                request: req.clone()
            }
        ),
        ContractError::HoldExpiryNotInFuture { expires: now, now }
    );
    req.expires = now.plus_seconds(31 * DAY);
    assert_eq!(
        w.s.exec_err(
            &seller,
            &ExecuteMsg::PlaceHold {
                owner: None,
                request: req.clone()
            }
        ),
        ContractError::HoldExpiryTooFar {
            expires: now.plus_seconds(31 * DAY),
            latest: now.plus_seconds(30 * DAY)
        }
    );
    let mut req = w.s.hold_request(&w.stranger, &w.buyer, 10, false);
    assert_eq!(
        w.s.exec_err(
            &seller,
            &ExecuteMsg::PlaceHold {
                owner: None,
                request: req.clone()
            }
        ),
        ContractError::UnknownNotary {
            notary: w.stranger.to_string()
        }
    );
    req.notary = w.notary.to_string();
    req.reference = String::new();
    assert_eq!(
        w.s.exec_err(
            &seller,
            &ExecuteMsg::PlaceHold {
                owner: None,
                request: req.clone()
            }
        ),
        ContractError::InvalidHoldReference { len: 0, max: 128 }
    );
    // The compliance pass owner -> payee refuses early with its code.
    req.reference = "settlement:1".into();
    req.payee = w.stranger.to_string();
    assert_eq!(
        w.s.exec_err(
            &seller,
            &ExecuteMsg::PlaceHold {
                owner: None,
                request: req
            }
        ),
        refused(ReasonCode::RecipientUnknown)
    );
    // Someone else's units without an operator authorisation.
    let stranger = w.stranger.clone();
    assert_eq!(
        w.s.exec_err(
            &stranger,
            &ExecuteMsg::PlaceHold {
                owner: Some(seller.to_string()),
                request: w.s.hold_request(&w.notary, &w.buyer, 10, false)
            }
        ),
        ContractError::NotHoldOperator {
            owner: seller.to_string(),
            operator: stranger.to_string()
        }
    );
    // The notary refusing the notification reverts the placement.
    let notary = w.notary.clone();
    w.s.app
        .execute_contract(
            seller.clone(),
            notary.clone(),
            &NotaryStubMsg::SetRefuse { refuse: true },
            &[],
        )
        .unwrap();
    assert!(w.s.exec(&seller, &hold_msg(&w, 10, false)).is_err());
    assert_eq!(state(&w), before);
}

#[test]
fn placement_beyond_the_open_hold_cap_is_refused() {
    let mut w = world();
    let seller = w.seller.clone();
    for _ in 0..MAX_OPEN_HOLDS {
        let req = w.s.hold_request(&w.notary, &w.buyer, 1, false);
        w.s.place_hold(&seller, req).unwrap();
    }
    let before = state(&w);
    assert_eq!(
        w.s.exec_err(&seller, &hold_msg(&w, 1, false)),
        ContractError::TooManyOpenHolds {
            address: seller.to_string(),
            max: MAX_OPEN_HOLDS
        }
    );
    assert_eq!(state(&w), before);
}

#[test]
fn every_bad_execution_or_release_is_a_typed_error_and_changes_nothing() {
    let mut w = world();
    let seller = w.seller.clone();
    let notary = w.notary.clone();
    let stranger = w.stranger.clone();
    let req = w.s.hold_request(&notary, &w.buyer, 300, false);
    let id = w.s.place_hold(&seller, req).unwrap();
    let before = state(&w);
    // Executed or released by a stranger.
    assert_eq!(
        w.s.exec_err(&stranger, &ExecuteMsg::ExecuteHold { id, amount: None }),
        ContractError::NotTheNotary {
            id,
            notary: notary.to_string(),
            sender: stranger.to_string()
        }
    );
    let expires = w.s.hold(id).expires;
    assert_eq!(
        w.s.exec_err(&stranger, &ExecuteMsg::ReleaseHold { id }),
        ContractError::ReleaseNotAllowed {
            id,
            notary: notary.to_string(),
            expires,
            now: w.s.now()
        }
    );
    // Above the remainder; a part of a hold that is not partial.
    assert_eq!(
        w.s.exec_err(
            &notary,
            &ExecuteMsg::ExecuteHold {
                id,
                amount: Some(Uint128::new(301))
            }
        ),
        ContractError::HoldExceedsRemainder {
            id,
            remaining: Uint128::new(300),
            requested: Uint128::new(301)
        }
    );
    assert_eq!(
        w.s.exec_err(
            &notary,
            &ExecuteMsg::ExecuteHold {
                id,
                amount: Some(Uint128::new(100))
            }
        ),
        ContractError::PartialExecutionNotAllowed {
            id,
            remaining: Uint128::new(300),
            requested: Uint128::new(100)
        }
    );
    assert_eq!(
        w.s.exec_err(
            &notary,
            &ExecuteMsg::ExecuteHold {
                id: 99,
                amount: None
            }
        ),
        ContractError::HoldNotFound { id: 99 }
    );
    assert_eq!(state(&w), before);
    // A frozen wallet's hold: execution refused (freeze wins), release allowed.
    w.s.agent(AgentMsg::Freeze {
        address: seller.to_string(),
        amount: None,
        legal_reference: "order-1".into(),
    })
    .unwrap();
    let frozen = state(&w);
    assert_eq!(
        w.s.exec_err(&notary, &ExecuteMsg::ExecuteHold { id, amount: None }),
        refused(ReasonCode::SenderFrozen)
    );
    assert_eq!(state(&w), frozen);
    w.s.exec(&notary, &ExecuteMsg::ReleaseHold { id }).unwrap();
    assert_eq!(w.s.hold(id).status, HoldStatus::Released);
    assert_eq!(w.s.available(&seller).held, Uint128::zero());
    // Double release or execution of a final hold.
    assert_eq!(
        w.s.exec_err(&notary, &ExecuteMsg::ExecuteHold { id, amount: None }),
        ContractError::HoldNotOpen {
            id,
            status: "released".into()
        }
    );
}

#[test]
fn a_hold_executes_once_and_only_before_its_expiry() {
    let mut w = world();
    let seller = w.seller.clone();
    let notary = w.notary.clone();
    let req = w.s.hold_request(&notary, &w.buyer, 100, false);
    let id = w.s.place_hold(&seller, req).unwrap();
    w.s.execute_hold(&notary, id, None).unwrap();
    assert_eq!(
        w.s.exec_err(&notary, &ExecuteMsg::ExecuteHold { id, amount: None }),
        ContractError::HoldNotOpen {
            id,
            status: "executed".into()
        }
    );
    let req = w.s.hold_request(&notary, &w.buyer, 100, false);
    let id = w.s.place_hold(&seller, req).unwrap();
    let expires = w.s.hold(id).expires;
    w.s.advance_time(DAY);
    assert_eq!(
        w.s.exec_err(&notary, &ExecuteMsg::ExecuteHold { id, amount: None }),
        ContractError::HoldExpired {
            id,
            expires,
            now: w.s.now()
        }
    );
    // Anyone releases an expired hold, even while paused.
    let pauser = w.s.pauser.clone();
    w.s.exec(&pauser, &ExecuteMsg::Pause {}).unwrap();
    let stranger = w.stranger.clone();
    w.s.exec(&stranger, &ExecuteMsg::ReleaseHold { id })
        .unwrap();
    assert_eq!(w.s.hold(id).status, HoldStatus::Released);
    assert_eq!(w.s.balance(&seller), 900);
    assert_eq!(w.s.available(&seller).available, Uint128::new(900));
}

#[test]
fn an_operator_places_holds_within_its_limit_and_never_uses_allowances() {
    let mut w = world();
    let seller = w.seller.clone();
    let custodian = w.s.addr("custodian");
    w.s.exec(
        &seller,
        &ExecuteMsg::AuthorizeHoldOperator {
            operator: custodian.to_string(),
            limit: Uint128::new(100),
        },
    )
    .unwrap();
    let req = w.s.hold_request(&w.notary, &w.buyer, 60, false);
    let res =
        w.s.exec(
            &custodian,
            &ExecuteMsg::PlaceHold {
                owner: Some(seller.to_string()),
                request: req,
            },
        )
        .unwrap();
    assert!(res.events.iter().any(|e| e
        .attributes
        .iter()
        .any(|a| a.key == "placed_by" && a.value == custodian.as_str())));
    let op: HoldOperatorResponse = w.s.query(&QueryMsg::HoldOperator {
        owner: seller.to_string(),
        operator: custodian.to_string(),
    });
    assert_eq!(op.limit, Uint128::new(40));
    let before = state(&w);
    let req = w.s.hold_request(&w.notary, &w.buyer, 41, false);
    assert_eq!(
        w.s.exec_err(
            &custodian,
            &ExecuteMsg::PlaceHold {
                owner: Some(seller.to_string()),
                request: req
            }
        ),
        ContractError::HoldOperatorLimitExceeded {
            owner: seller.to_string(),
            operator: custodian.to_string(),
            limit: Uint128::new(40),
            requested: Uint128::new(41)
        }
    );
    assert_eq!(state(&w), before);
    // No allowance was created or used.
    let allowance: cw20::AllowanceResponse = w.s.query(&QueryMsg::Allowance {
        owner: seller.to_string(),
        spender: custodian.to_string(),
    });
    assert_eq!(allowance.allowance, Uint128::zero());
    w.s.exec(
        &seller,
        &ExecuteMsg::RevokeHoldOperator {
            operator: custodian.to_string(),
        },
    )
    .unwrap();
    let req = w.s.hold_request(&w.notary, &w.buyer, 1, false);
    assert_eq!(
        w.s.exec_err(
            &custodian,
            &ExecuteMsg::PlaceHold {
                owner: Some(seller.to_string()),
                request: req
            }
        ),
        ContractError::NotHoldOperator {
            owner: seller.to_string(),
            operator: custodian.to_string()
        }
    );
}

#[test]
fn agent_movements_take_available_units_first_then_cut_holds_newest_first() {
    let mut w = world();
    let seller = w.seller.clone();
    let buyer = w.buyer.clone();
    let notary = w.notary.clone();
    let r1 = w.s.hold_request(&notary, &buyer, 300, true);
    let old = w.s.place_hold(&seller, r1).unwrap();
    let r2 = w.s.hold_request(&notary, &buyer, 400, true);
    let new = w.s.place_hold(&seller, r2).unwrap();
    // 300 available, then 400 from the newest hold, then 100 from the older one.
    let res =
        w.s.agent(AgentMsg::ForcedTransfer {
            from: seller.to_string(),
            to: buyer.to_string(),
            amount: Uint128::new(800),
            legal_reference: "court-order-9".into(),
            reference: None,
        })
        .unwrap();
    let cuts: Vec<_> = res
        .events
        .iter()
        .filter(|e| e.ty == "wasm-hold_cut")
        .collect();
    assert_eq!(cuts.len(), 2);
    let value = |e: &cosmwasm_std::Event, k: &str| {
        e.attributes
            .iter()
            .find(|a| a.key == k)
            .map(|a| a.value.clone())
            .unwrap()
    };
    assert_eq!(value(cuts[0], "id"), new.to_string());
    assert_eq!(value(cuts[0], "amount"), "400");
    assert_eq!(value(cuts[0], "legal_reference"), "court-order-9");
    assert_eq!(value(cuts[1], "id"), old.to_string());
    assert_eq!(value(cuts[1], "amount"), "100");
    assert_eq!(w.s.hold(new).status, HoldStatus::Cut);
    assert_eq!(w.s.hold(old).status, HoldStatus::Open);
    assert_eq!(w.s.hold(old).remaining(), Uint128::new(200));
    assert_eq!(w.s.available(&seller).held, Uint128::new(200));
    assert_eq!(w.s.balance(&seller), 200);
    // A redemption of the rest cuts the last hold.
    let redeemer = w.s.redeemer.clone();
    w.s.exec(
        &redeemer,
        &ExecuteMsg::Redeem {
            owner: seller.to_string(),
            amount: Uint128::new(200),
            reference: None,
        },
    )
    .unwrap();
    assert_eq!(w.s.hold(old).status, HoldStatus::Cut);
    assert_eq!(w.s.available(&seller).held, Uint128::zero());
}

#[test]
fn recovery_carries_open_holds_to_the_new_wallet() {
    let mut w = world();
    let seller = w.seller.clone();
    let seller2 = w.s.addr("seller2");
    w.s.registry_exec(&sto_interface::registry::ExecuteMsg::AddWallet {
        investor_id: "I-SELLER".into(),
        wallet: seller2.to_string(),
    });
    let notary = w.notary.clone();
    let req = w.s.hold_request(&notary, &w.buyer, 250, false);
    let id = w.s.place_hold(&seller, req).unwrap();
    w.s.agent(AgentMsg::RecoverWallet {
        lost: seller.to_string(),
        new_wallet: seller2.to_string(),
        legal_reference: "lost-key-1".into(),
    })
    .unwrap();
    assert_eq!(w.s.hold(id).owner, seller2.to_string());
    assert_eq!(w.s.available(&seller2).held, Uint128::new(250));
    assert_eq!(w.s.available(&seller).held, Uint128::zero());
    let listed: HoldsResponse = w.s.query(&QueryMsg::Holds {
        owner: seller2.to_string(),
        start_after: None,
        limit: None,
    });
    assert_eq!(listed.holds.len(), 1);
    w.s.execute_hold(&notary, id, None).unwrap();
    assert_eq!(w.s.balance(&w.buyer), 250);
    assert_eq!(w.s.balance(&seller2), 750);
}

#[test]
fn notary_and_hold_duration_messages_are_the_owners_only() {
    let mut w = world();
    let stranger = w.stranger.clone();
    let owner = w.s.owner.clone();
    let other = w.s.addr("other-notary");
    for msg in [
        ExecuteMsg::RegisterNotary {
            notary: other.to_string(),
        },
        ExecuteMsg::RemoveNotary {
            notary: w.notary.to_string(),
        },
        ExecuteMsg::SetMaxHoldDuration { seconds: 3600 },
    ] {
        assert_eq!(
            w.s.exec_err(&stranger, &msg),
            ContractError::Access(AccessError::Ownership(sto_access::OwnershipError::NotOwner))
        );
        w.s.exec(&owner, &msg).unwrap();
    }
    let list: NotariesResponse = w.s.query(&QueryMsg::Notaries {
        start_after: None,
        limit: None,
    });
    assert_eq!(list.notaries, vec![other.clone()]);
    assert_eq!(
        w.s.exec_err(
            &owner,
            &ExecuteMsg::RegisterNotary {
                notary: other.to_string()
            }
        ),
        ContractError::NotaryAlreadyRegistered {
            notary: other.to_string()
        }
    );
    assert_eq!(
        w.s.exec_err(
            &owner,
            &ExecuteMsg::SetMaxHoldDuration {
                seconds: MAX_HOLD_DURATION_LIMIT + 1
            }
        ),
        ContractError::InvalidMaxHoldDuration {
            seconds: MAX_HOLD_DURATION_LIMIT + 1,
            max: MAX_HOLD_DURATION_LIMIT
        }
    );
}

/// A seller puts its whole position on hold for a trade with `max_holders = 2`; another
/// holder takes the second slot; the seller's jurisdiction is denied; the hold expires and
/// anyone releases it: the seller still owns every unit, nothing is trapped.
#[test]
fn an_expired_hold_released_by_anyone_leaves_the_seller_owning_every_unit() {
    let mut s = Suite::with_rules(TransferRules {
        max_holders: Some(2),
        ..Default::default()
    });
    let (seller, buyer, holder, newcomer) = (
        s.addr("seller"),
        s.addr("buyer"),
        s.addr("holder"),
        s.addr("newcomer"),
    );
    s.register("I-SELLER", &[&seller], "FR", InvestorClass::Retail);
    s.register("I-BUYER", &[&buyer], "US", InvestorClass::Retail);
    s.register("I-HOLDER", &[&holder], "US", InvestorClass::Retail);
    s.register("I-NEW", &[&newcomer], "US", InvestorClass::Retail);
    s.mint(&seller, 500);
    s.mint(&holder, 1);
    let notary = s.notary();
    // The seller's whole position: its leaving frees the place the buyer would take.
    let req = s.hold_request(&notary, &buyer, 500, false);
    let id = s.place_hold(&seller, req).unwrap();
    // The other holder's single unit goes to a new investor, who takes that slot.
    s.transfer(&holder, &newcomer, 1).unwrap();
    assert_eq!(s.holders(), 2);
    s.set_rules(TransferRules {
        max_holders: Some(2),
        denied_jurisdictions: vec![Jurisdiction::parse("FR").unwrap()],
        ..Default::default()
    });
    s.advance_time(DAY);
    let anyone = s.addr("anyone");
    s.exec(&anyone, &ExecuteMsg::ReleaseHold { id }).unwrap();
    assert_eq!(s.hold(id).status, HoldStatus::Released);
    assert_eq!(s.balance(&seller), 500);
    let av = s.available(&seller);
    assert_eq!(
        (av.held, av.available),
        (Uint128::zero(), Uint128::new(500))
    );
    assert_eq!(s.investor_balance("I-SELLER"), 500);
    assert_eq!(s.holders(), 2);
}

#[test]
fn an_execution_cannot_name_another_recipient_than_the_payee() {
    let mut w = world();
    let seller = w.seller.clone();
    let notary = w.notary.clone();
    let req = w.s.hold_request(&notary, &w.buyer, 100, false);
    let id = w.s.place_hold(&seller, req).unwrap();
    // The message has no recipient field: a notary naming another recipient still pays only
    // the payee fixed at placement.
    let stranger = w.stranger.clone();
    let token = w.s.token.clone();
    #[cosmwasm_schema::cw_serde]
    enum Forged {
        ExecuteHold {
            id: u64,
            amount: Option<Uint128>,
            recipient: String,
        },
    }
    let forged = Forged::ExecuteHold {
        id,
        amount: None,
        recipient: stranger.to_string(),
    };
    let _ =
        w.s.app
            .execute_contract(notary.clone(), token, &forged, &[]);
    assert_eq!(w.s.balance(&stranger), 0);
    assert_eq!(w.s.balance(&w.buyer), 100);
    assert_eq!(w.s.hold(id).status, HoldStatus::Executed);
    // The raw reader of the published layout answers the same hold.
    let raw = sto_interface::token::layout::query_hold(&w.s.app.wrap(), &w.s.token, id).unwrap();
    assert_eq!(raw, Some(w.s.hold(id)));
}

#[test]
fn recovery_that_would_exceed_the_open_hold_cap_is_refused_and_changes_nothing() {
    let mut w = world();
    let seller = w.seller.clone();
    let seller2 = w.s.addr("seller2");
    w.s.registry_exec(&sto_interface::registry::ExecuteMsg::AddWallet {
        investor_id: "I-SELLER".into(),
        wallet: seller2.to_string(),
    });
    w.s.mint(&seller2, 1);
    let req = w.s.hold_request(&w.notary, &w.buyer, 1, false);
    w.s.place_hold(&seller2, req).unwrap();
    for _ in 0..MAX_OPEN_HOLDS {
        let req = w.s.hold_request(&w.notary, &w.buyer, 1, false);
        w.s.place_hold(&seller, req).unwrap();
    }
    let before = state(&w);
    assert_eq!(
        w.s.agent(AgentMsg::RecoverWallet {
            lost: seller.to_string(),
            new_wallet: seller2.to_string(),
            legal_reference: "lost-key-2".into(),
        })
        .unwrap_err()
        .downcast::<ContractError>()
        .unwrap(),
        ContractError::TooManyOpenHolds {
            address: seller2.to_string(),
            max: MAX_OPEN_HOLDS
        }
    );
    assert_eq!(state(&w), before);
    assert_eq!(w.s.balance(&seller2), 1);
}
