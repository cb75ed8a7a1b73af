//! Record balances at exact keys `(record height, address)`: written once, at a wallet's first
//! change at or after a live record height; absent means the current balance stands.

mod common;

use common::{Suite, DAY};
use cosmwasm_std::{Addr, StdError, Uint128};
use security_token::ContractError;
use sto_interface::common::InvestorClass;
use sto_interface::token::{
    layout, ConfigResponse, ExecuteMsg, QueryMsg, TotalSupplyResponse, MAX_RECORD_HEIGHTS,
    RECORD_LIFE,
};

fn world() -> (Suite, Addr, Addr) {
    let mut s = Suite::new();
    let (a, b) = (s.addr("alice"), s.addr("bob"));
    s.register("I-ALICE", &[&a], "US", InvestorClass::Accredited);
    s.register("I-BOB", &[&b], "DE", InvestorClass::Retail);
    s.mint(&a, 1000);
    (s, a, b)
}

fn open(s: &mut Suite, height: u64) -> anyhow::Result<cw_multi_test::AppResponse> {
    let opener = s.opener.clone();
    s.exec(
        &opener,
        &ExecuteMsg::OpenCheckpoint {
            height,
            reference: None,
        },
    )
}

fn entry(s: &Suite, height: u64, addr: &Addr) -> Option<Uint128> {
    layout::RECORD_BALANCES
        .query(&s.app.wrap(), s.token.clone(), (height, addr))
        .unwrap()
}

fn balance_at(s: &Suite, addr: &Addr, height: u64) -> u128 {
    let r: cw20::BalanceResponse = s.query(&QueryMsg::BalanceAt {
        address: addr.to_string(),
        height,
    });
    r.balance.u128()
}

#[test]
fn the_first_change_after_a_record_height_writes_the_old_balance_once() {
    let (mut s, a, b) = world();
    let record = s.height() + 2;
    open(&mut s, record).unwrap();
    // Before the record height: no entry is written.
    s.transfer(&a, &b, 100).unwrap();
    assert_eq!(entry(&s, record, &a), None);
    s.next_block();
    s.next_block();
    // At the record height: absence means the current balance stands.
    assert_eq!(balance_at(&s, &a, record), 900);
    assert_eq!(
        layout::query_record_balance(&s.app.wrap(), &s.token, record, &a).unwrap(),
        Uint128::new(900)
    );
    s.transfer(&a, &b, 50).unwrap();
    assert_eq!(entry(&s, record, &a), Some(Uint128::new(900)));
    assert_eq!(entry(&s, record, &b), Some(Uint128::new(100)));
    s.next_block();
    s.transfer(&a, &b, 50).unwrap();
    // Written once: later changes leave the entry.
    assert_eq!(entry(&s, record, &a), Some(Uint128::new(900)));
    assert_eq!(balance_at(&s, &a, record), 900);
    assert_eq!(balance_at(&s, &b, record), 100);
    assert_eq!(s.balance(&a), 800);
    // Supply at the record height is kept at its first change too.
    let agent = s.agent.clone();
    s.exec(
        &agent,
        &ExecuteMsg::Mint {
            recipient: b.to_string(),
            amount: Uint128::new(7),
        },
    )
    .unwrap();
    let supply: TotalSupplyResponse = s.query(&QueryMsg::TotalSupplyAt { height: record });
    assert_eq!(supply.total_supply, Uint128::new(1000));
    assert_eq!(
        layout::query_record_supply(&s.app.wrap(), &s.token, record).unwrap(),
        Uint128::new(1000)
    );
}

#[test]
fn held_units_count_in_the_record_balance() {
    let (mut s, a, b) = world();
    let notary = s.notary();
    let req = s.hold_request(&notary, &b, 600, false);
    let id = s.place_hold(&a, req).unwrap();
    let record = s.height() + 1;
    open(&mut s, record).unwrap();
    s.next_block();
    s.execute_hold(&notary, id, None).unwrap();
    assert_eq!(balance_at(&s, &a, record), 1000);
    assert_eq!(balance_at(&s, &b, record), 0);
    assert_eq!(s.balance(&b), 600);
}

#[test]
fn at_most_eight_record_heights_live_and_a_retired_one_frees_its_slot() {
    let (mut s, a, _) = world();
    let first = s.height() + 1;
    for i in 0..MAX_RECORD_HEIGHTS as u64 {
        open(&mut s, first + i).unwrap();
    }
    let ninth = first + MAX_RECORD_HEIGHTS as u64;
    let err = open(&mut s, ninth)
        .unwrap_err()
        .downcast::<ContractError>()
        .unwrap();
    assert_eq!(
        err,
        ContractError::TooManyRecordHeights {
            height: ninth,
            max: MAX_RECORD_HEIGHTS,
            heights: (first..ninth).collect(),
        }
    );
    let config: ConfigResponse = s.query(&QueryMsg::Config {});
    assert_eq!(config.record_heights, (first..ninth).collect::<Vec<_>>());
    // Once the first retires, its slot is free and it answers no more.
    s.app.update_block(|b| {
        b.height = first + RECORD_LIFE;
        b.time = b.time.plus_seconds(DAY);
    });
    let next = s.height() + 1;
    open(&mut s, next).unwrap();
    let err = s
        .app
        .wrap()
        .query_wasm_smart::<cw20::BalanceResponse>(
            s.token.clone(),
            &QueryMsg::BalanceAt {
                address: a.to_string(),
                height: first,
            },
        )
        .unwrap_err();
    assert!(matches!(err, StdError::GenericErr { .. }));
    assert_eq!(balance_at(&s, &a, first + 1), 1000);
}

#[test]
fn a_height_never_opened_has_no_record_balance() {
    let (mut s, a, _) = world();
    s.next_block();
    let err = s
        .app
        .wrap()
        .query_wasm_smart::<cw20::BalanceResponse>(
            s.token.clone(),
            &QueryMsg::BalanceAt {
                address: a.to_string(),
                height: s.height() - 1,
            },
        )
        .unwrap_err();
    assert!(matches!(err, StdError::GenericErr { .. }));
}
