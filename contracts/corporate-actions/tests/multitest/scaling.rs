//! A claim's storage work does not depend on the number of holders.
//!
//! The chain's storage counts every read (including each item a range yields) and every write
//! of every contract touched by the transaction: the distributor, the token's record balance and
//! account record, the registry record and the adapter's sub-account and cash accounts. The same
//! claim costs the same with 10 and with 10,000 holders, and a page of 50 grows linearly.

use cosmwasm_std::{Addr, Decimal};
use sto_interface::actions::ActionKind;
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

#[test]
fn a_page_of_fifty_holders_grows_linearly() {
    let (mut suite, wallets, id) = world(60);
    let (res, one) = suite.count(|s| s.push(id, &[&wallets[0]]));
    assert_eq!(claim_events(&res.unwrap()).len(), 1);
    let page: Vec<&Addr> = wallets[1..51].iter().collect();
    let (res, fifty) = suite.count(|s| s.push(id, &page));
    let res = res.unwrap();
    assert_eq!(claim_events(&res).len(), 50);
    // 50 wallets of 3 investors (20 wallets each): 3 paid payments and 1 withheld, one call.
    assert_eq!(attr(&res, "payment_messages").as_deref(), Some("1"));
    println!("push storage work, 1 holder: {one:?}; 50 holders: {fifty:?}");
    assert!(fifty.reads <= 50 * one.reads && fifty.writes <= 50 * one.writes);
}
