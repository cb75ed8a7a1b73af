//! A claim's storage work does not depend on the number of holders.
//!
//! The chain's storage counts every read (including each item a range yields) and every write
//! of every contract touched by the transaction: the distributor, the token's checkpoint read,
//! the registry record, the adapter's ledger and the USD1 transfer. The same claim costs the
//! same with 10 and with 10,000 holders.

use cosmwasm_std::{Addr, Decimal, Uint128};
use sto_interface::actions::{sub_account_reference, ActionKind};
use sto_interface::cash::CashAdapter;
use sto_interface::registry::MAX_WALLETS_PER_INVESTOR;

use crate::suite::*;

/// A chain with `n` holder wallets of 100 units each (British investors of up to 20 wallets,
/// withheld at the default rate), and a payable coupon with withholding on.
fn world(n: usize) -> (Suite, Vec<Addr>, u64) {
    let mut suite = Suite::empty();
    let api = *suite.app.api();
    let wallets: Vec<Addr> = (0..n)
        .map(|i| api.addr_make(&format!("holder{i}")))
        .collect();
    for (k, group) in wallets.chunks(MAX_WALLETS_PER_INVESTOR).enumerate() {
        suite.register(&format!("H-{k}"), group, "GB");
    }
    let issuances: Vec<(Addr, u128)> = wallets.iter().map(|w| (w.clone(), 100)).collect();
    suite.issue(&issuances);
    assert_eq!(suite.supply(), 100 * n as u128);
    let id = suite.payable(ActionKind::Coupon, per_unit(Decimal::percent(250)), true);
    (suite, wallets, id)
}

/// Storage work of: a first claim, a later claim, and a push of two holders.
fn claim_work(n: usize) -> Vec<OpCount> {
    let (mut suite, wallets, id) = world(n);
    let mut work = vec![];
    for holder in [&wallets[3], &wallets[7]] {
        let (res, ops) = suite.count(|s| s.claim(holder, id));
        let ev = &claim_events(&res.unwrap())[0];
        // 100 × 2.5 = 250, 30 % withheld.
        assert_eq!(
            (ev.gross.u128(), ev.withheld.u128(), ev.net.u128()),
            (250, 75, 175)
        );
        work.push(ops);
    }
    let (res, ops) = suite.count(|s| s.push(id, &[&wallets[4], &wallets[5]]));
    assert_eq!(claim_events(&res.unwrap()).len(), 2);
    work.push(ops);
    suite.assert_books(id);
    work
}

#[test]
fn claim_storage_work_is_the_same_with_10_and_10_000_holders() {
    let small = claim_work(10);
    let large = claim_work(10_000);
    println!("claim storage work, 10 holders: {small:?}; 10,000 holders: {large:?}");
    assert!(small.iter().all(|ops| ops.reads > 0 && ops.writes > 0));
    assert_eq!(
        small, large,
        "claim storage work depends on the number of holders"
    );
}

/// The same chain with a coupon funded in its adapter sub-account (deposit with the
/// `fund_sub_account` hook), at its payment time.
fn sub_account_world(n: usize) -> (Suite, Vec<Addr>, u64) {
    let (mut suite, wallets, _) = world(n);
    let msg = suite.announcement(ActionKind::Coupon, per_unit(Decimal::percent(250)), true);
    let agent = suite.agent.clone();
    let res = suite.agent_exec(&agent, msg).unwrap();
    let id: u64 = attr(&res, "action_id").unwrap().parse().unwrap();
    suite.next_block();
    let required = suite.required(id);
    let msg = CashAdapter(suite.adapter.clone())
        .sub_account_funding_msg(
            &suite.asset(),
            Uint128::new(required),
            suite.distributor.as_str(),
            sub_account_reference(id),
        )
        .unwrap();
    suite.app.execute(agent, msg).unwrap();
    let payment = suite.action(id).payment_time;
    suite.advance_to(payment);
    (suite, wallets, id)
}

/// Storage work of sub-account claims: a first claim, a later claim, a push of two holders.
fn sub_account_claim_work(n: usize) -> Vec<OpCount> {
    let (mut suite, wallets, id) = sub_account_world(n);
    let mut work = vec![];
    for holder in [&wallets[3], &wallets[7]] {
        let (res, ops) = suite.count(|s| s.claim(holder, id));
        let ev = &claim_events(&res.unwrap())[0];
        assert_eq!(
            (ev.gross.u128(), ev.withheld.u128(), ev.net.u128()),
            (250, 75, 175)
        );
        work.push(ops);
    }
    let (res, ops) = suite.count(|s| s.push(id, &[&wallets[4], &wallets[5]]));
    assert_eq!(claim_events(&res.unwrap()).len(), 2);
    work.push(ops);
    work
}

#[test]
fn a_sub_account_claim_does_less_storage_work_than_a_pool_claim_whatever_the_holders() {
    let small = sub_account_claim_work(10);
    let large = sub_account_claim_work(10_000);
    let pool = claim_work(10);
    println!("sub-account claim storage work, 10 holders: {small:?}; 10,000 holders: {large:?}; pool claims: {pool:?}");
    assert_eq!(
        small, large,
        "sub-account claim storage work depends on the number of holders"
    );
    for (sub, pool) in small.iter().zip(&pool) {
        assert!(sub.reads <= pool.reads && sub.writes <= pool.writes);
    }
}

#[test]
fn a_sub_account_page_of_fifty_holders_grows_linearly() {
    let (mut suite, wallets, id) = sub_account_world(60);
    let (res, one) = suite.count(|s| s.push(id, &[&wallets[0]]));
    assert_eq!(claim_events(&res.unwrap()).len(), 1);
    let page: Vec<&Addr> = wallets[1..51].iter().collect();
    let (res, fifty) = suite.count(|s| s.push(id, &page));
    let res = res.unwrap();
    assert_eq!(claim_events(&res).len(), 50);
    // 50 wallets of 3 investors (20 wallets each): 3 paid payments and 1 withheld, one call.
    assert_eq!(attr(&res, "payment_messages").as_deref(), Some("1"));
    println!("sub-account push storage work, 1 holder: {one:?}; 50 holders: {fifty:?}");
    assert!(fifty.reads <= 50 * one.reads && fifty.writes <= 50 * one.writes);
}
