//! Tokens sitting in the DvP escrow at the record height are paid to their seller of record.

use cosmwasm_std::{Decimal, Uint128};
use sto_interface::actions::ActionKind;

use corporate_actions::ContractError;

use crate::suite::*;

/// Alice delivers 300 units into the escrow in the announcement block (before the record
/// height); the escrow reports them as hers as of the end of that block.
fn alice_delivers_300(suite: &mut Suite, kind: ActionKind) -> u64 {
    let (alice, escrow) = (suite.alice.clone(), suite.escrow.clone());
    let id = suite.announce(kind, per_unit(Decimal::one()), false);
    suite.transfer(&alice, &escrow, 300).unwrap();
    let record_height = suite.action(id).record_height;
    suite.set_escrowed(&alice, record_height - 1, 300);
    suite.next_block();
    let required = suite.required(id);
    suite.fund(id, required).unwrap();
    let payment = suite.action(id).payment_time;
    suite.advance_to(payment);
    id
}

#[test]
fn the_seller_of_record_is_paid_for_tokens_in_the_escrow() {
    let mut suite = Suite::new();
    let id = alice_delivers_300(&mut suite, ActionKind::Coupon);
    let (alice, escrow) = (suite.alice.clone(), suite.escrow.clone());
    assert_eq!(suite.action(id).escrow_record_balance.u128(), 300);

    let ent = suite.entitlement(id, &alice);
    assert_eq!((ent.record_balance.u128(), ent.escrowed.u128()), (700, 300));
    assert_eq!(ent.gross.u128(), 1_000);
    suite.claim(&alice, id).unwrap();
    assert_eq!(suite.usd1(&alice), 1_000);
    let record = suite.claim_of(id, &alice).unwrap();
    assert_eq!(record.escrowed.u128(), 300);
    assert_eq!(suite.action(id).escrowed_claimed.u128(), 300);

    // The escrow itself is never paid.
    let before = suite.snapshot();
    let err = contract_err(suite.claim(&escrow, id).unwrap_err());
    assert_eq!(
        err,
        ContractError::EscrowNotPayable {
            id,
            escrow: escrow.clone()
        }
    );
    assert_eq!(suite.snapshot(), before);
    // A push naming the escrow skips it.
    let res = suite.push(id, &[&escrow]).unwrap();
    assert_eq!(attr(&res, "skipped").as_deref(), Some(escrow.as_str()));
    suite.assert_books(id);
}

#[test]
fn escrowed_quantities_never_exceed_the_escrows_record_balance() {
    let mut suite = Suite::new();
    let id = alice_delivers_300(&mut suite, ActionKind::Coupon);
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    suite.claim(&alice, id).unwrap();
    // A wrong escrow answer for bob would pay 300 more units than the escrow held.
    let record_height = suite.action(id).record_height;
    suite.set_escrowed(&bob, record_height - 1, 300);
    let before = suite.snapshot();
    let err = contract_err(suite.claim(&bob, id).unwrap_err());
    assert_eq!(
        err,
        ContractError::UnitsExceedRecord {
            id,
            claimed: Uint128::new(1_000),
            units: Uint128::new(2_300),
            record_supply: Uint128::new(7_000),
        }
    );
    assert_eq!(suite.snapshot(), before);
}

#[test]
fn an_escrow_that_cannot_answer_leaves_the_escrowed_share_to_the_reclaim() {
    let mut suite = Suite::new();
    let id = alice_delivers_300(&mut suite, ActionKind::Coupon);
    suite.set_escrow_answers(false);
    let alice = suite.alice.clone();
    let res = suite.claim(&alice, id).unwrap();
    assert_eq!(attr(&res, "escrow_answered").as_deref(), Some("false"));
    assert_eq!(suite.usd1(&alice), 700);
    let deadline = suite.action(id).claim_deadline;
    suite.advance_to(deadline);
    suite.close(id).unwrap();
    // Everything not claimed, the escrow's 300 included, is reclaimed.
    assert_eq!(suite.action(id).reclaimed.u128(), 7_000 - 700);
    suite.assert_conserved(id);
}

#[test]
fn the_escrow_is_not_asked_when_it_held_nothing_at_the_record_height() {
    let mut suite = Suite::new();
    suite.set_escrow_answers(false);
    let id = suite.payable(ActionKind::Coupon, per_unit(Decimal::one()), false);
    assert_eq!(suite.action(id).escrow_record_balance, Uint128::zero());
    let alice = suite.alice.clone();
    let res = suite.claim(&alice, id).unwrap();
    assert_eq!(attr(&res, "escrow_answered").as_deref(), Some("true"));
    assert_eq!(suite.usd1(&alice), 1_000);
}

/// The escrow moves `amount` of its tokens to `to` (a settlement to a buyer, or a refund to the
/// seller), as the transfer agent's forced transfer: the stand-in escrow cannot transfer.
fn escrow_moves(suite: &mut Suite, to: &cosmwasm_std::Addr, amount: u128) {
    let (ta, escrow) = (suite.transfer_agent.clone(), suite.escrow.clone());
    suite
        .token_exec(
            &ta,
            &sto_interface::token::ExecuteMsg::Agent(
                sto_interface::token::AgentMsg::ForcedTransfer {
                    from: escrow.to_string(),
                    to: to.to_string(),
                    amount: Uint128::new(amount),
                    legal_reference: "DVP-7".to_string(),
                    reference: None,
                },
            ),
        )
        .unwrap();
}

#[test]
fn a_seller_redeems_what_it_holds_while_its_escrowed_tokens_are_away_and_the_buyer_the_rest() {
    let mut suite = Suite::new();
    let id = alice_delivers_300(&mut suite, ActionKind::FinalRedemption);
    let (alice, erin) = (suite.alice.clone(), suite.erin.clone());
    // The escrowed 300 are still in the escrow (a parked refund, a pending trade): alice
    // redeems the 700 in its wallet instead of nothing.
    let res = suite.claim(&alice, id).unwrap();
    let ev = &claim_events(&res)[0];
    assert_eq!((ev.units.u128(), ev.burnt.u128()), (700, 700));
    assert_eq!(suite.claim_of(id, &alice).unwrap().escrowed.u128(), 300);
    assert_eq!(suite.usd1(&alice), 700);
    // 100 come back to alice (a refund): a top-up claim redeems them.
    escrow_moves(&mut suite, &alice, 100);
    let res = suite.claim(&alice, id).unwrap();
    assert_eq!(claim_events(&res)[0].units.u128(), 100);
    // 200 settle to buyer erin after the record height: erin redeems them.
    escrow_moves(&mut suite, &erin, 200);
    let res = suite.claim(&erin, id).unwrap();
    let ev = &claim_events(&res)[0];
    assert_eq!((ev.units.u128(), ev.later_units.u128()), (0, 200));
    assert_eq!(suite.usd1(&erin), 200);
    // Alice's remaining 200 of record are not in its wallet: nothing more to redeem.
    let before = suite.snapshot();
    let err = contract_err(suite.claim(&alice, id).unwrap_err());
    assert_eq!(
        err,
        ContractError::NothingToRedeem {
            id,
            holder: alice.clone(),
            wallet: alice.clone(),
            outstanding: Uint128::new(200),
        }
    );
    assert_eq!(suite.snapshot(), before);
    let (bob, carol, dave) = (suite.bob.clone(), suite.carol.clone(), suite.dave.clone());
    suite.push(id, &[&bob, &carol, &dave]).unwrap();
    assert_eq!(suite.supply(), 0);
    let a = suite.action(id);
    assert_eq!(a.claimed_units.u128(), 7_000);
    assert_eq!(a.escrowed_claimed.u128(), 300);
    let deadline = a.claim_deadline;
    suite.advance_to(deadline);
    suite.close(id).unwrap();
    suite.assert_conserved(id);
}
