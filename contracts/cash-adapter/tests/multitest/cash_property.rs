//! Property over cash accounts and holds: after any sequence of deposits, book entries, hold
//! placements, executions, releases, withdrawals, off-ramp requests and their resolutions,
//! blocks, stale attestations, time, and action sub-account fundings (deposit or book entry),
//! payments (paid and withheld, by the owner or another client) and reclaims, in either asset
//! mode: held <= balance per account, USD1 held >= Σ accounts + sub-accounts + queue + pools +
//! parked, paid + withheld + reclaimed <= funded per sub-account (= after the final reclaim),
//! every hold is
//! open, executed or released, a refused action changes nothing, every expired open hold can be
//! released by anyone, and the audit head recomputed from the events equals the stored one.

use cosmwasm_std::{Addr, Uint128};
use proptest::prelude::*;
use sto_interface::cash::{ExecuteMsg, SubAccountPayment, SubAccountPaymentKind};
use sto_interface::hold::HoldStatus;

use crate::suite::*;

const KEYS: [&str; 3] = ["INV-A", "INV-B", "INV-C"];

#[derive(Debug, Clone)]
enum Action {
    Deposit {
        who: usize,
        amount: u128,
    },
    Transfer {
        from: usize,
        to: usize,
        amount: u128,
    },
    Hold {
        owner: usize,
        payee: usize,
        amount: u128,
        ttl: u64,
        partial: bool,
    },
    DepositAndHold {
        owner: usize,
        payee: usize,
        amount: u128,
    },
    Execute {
        id: u64,
        percent: u128,
    },
    Release {
        id: u64,
        by_notary: bool,
    },
    Withdraw {
        who: usize,
        amount: u128,
    },
    OffRamp {
        who: usize,
        amount: u128,
    },
    Reject {
        id: u64,
    },
    Block {
        who: usize,
    },
    Unblock {
        who: usize,
    },
    Attest,
    Advance {
        seconds: u64,
    },
    FundSub {
        who: usize,
        action: usize,
        amount: u128,
        by_book_entry: bool,
    },
    PaySub {
        action: usize,
        payee: usize,
        amount: u128,
        withheld: u128,
        by_owner: bool,
    },
    ReclaimSub {
        action: usize,
        to: usize,
    },
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        6 => (0..3usize, 1..2_000u128).prop_map(|(who, amount)| Action::Deposit { who, amount }),
        4 => (0..3usize, 0..3usize, 1..1_500u128).prop_map(|(from, to, amount)| Action::Transfer { from, to, amount }),
        5 => (0..3usize, 0..3usize, 1..1_500u128, prop_oneof![Just(0u64), Just(60), Just(3_600), Just(86_400 * 31)], any::<bool>())
            .prop_map(|(owner, payee, amount, ttl, partial)| Action::Hold { owner, payee, amount, ttl, partial }),
        2 => (0..3usize, 0..3usize, 1..1_000u128).prop_map(|(owner, payee, amount)| Action::DepositAndHold { owner, payee, amount }),
        4 => (1..8u64, 1..=110u128).prop_map(|(id, percent)| Action::Execute { id, percent }),
        3 => (1..8u64, any::<bool>()).prop_map(|(id, by_notary)| Action::Release { id, by_notary }),
        3 => (0..3usize, 1..1_500u128).prop_map(|(who, amount)| Action::Withdraw { who, amount }),
        2 => (0..3usize, 1..800u128).prop_map(|(who, amount)| Action::OffRamp { who, amount }),
        1 => (1..4u64).prop_map(|id| Action::Reject { id }),
        1 => (0..3usize).prop_map(|who| Action::Block { who }),
        2 => (0..3usize).prop_map(|who| Action::Unblock { who }),
        1 => Just(Action::Attest),
        2 => prop_oneof![Just(30u64), Just(3_600), Just(MAX_AGE + 1)].prop_map(|seconds| Action::Advance { seconds }),
        3 => (0..3usize, 0..2usize, 1..1_500u128, any::<bool>())
            .prop_map(|(who, action, amount, by_book_entry)| Action::FundSub { who, action, amount, by_book_entry }),
        4 => (0..2usize, 0..3usize, 1..800u128, 0..200u128, prop::bool::weighted(0.85))
            .prop_map(|(action, payee, amount, withheld, by_owner)| Action::PaySub { action, payee, amount, withheld, by_owner }),
        1 => (0..2usize, 0..3usize).prop_map(|(action, to)| Action::ReclaimSub { action, to }),
    ]
}

fn wallets(s: &Suite) -> [Addr; 3] {
    [s.alice.clone(), s.bob.clone(), s.carol.clone()]
}

fn is_blocked(s: &Suite, who: usize) -> bool {
    s.account(KEYS[who]).blocked
}

fn apply(s: &mut Suite, action: &Action) -> anyhow::Result<()> {
    let w = wallets(s);
    let notary = s.notary.clone();
    let operator = s.operator.clone();
    let mallory = s.mallory.clone();
    match action.clone() {
        Action::Deposit { who, amount } => {
            s.deposit(&w[who], amount, None, None)?;
        }
        Action::Transfer { from, to, amount } => {
            s.transfer_cash(&w[from], None, KEYS[to], amount)?;
        }
        Action::Hold {
            owner,
            payee,
            amount,
            ttl,
            partial,
        } => {
            let hold = s.hold_request(KEYS[payee], amount, ttl, partial);
            s.place_hold(&w[owner], None, hold)?;
        }
        Action::DepositAndHold {
            owner,
            payee,
            amount,
        } => {
            let hold = s.hold_request(KEYS[payee], amount, 3_600, false);
            s.deposit(&w[owner], amount, None, Some(hold))?;
        }
        Action::Execute { id, percent } => {
            let remaining = s
                .app
                .wrap()
                .query_wasm_smart::<sto_interface::hold::Hold>(
                    &s.adapter,
                    &sto_interface::cash::QueryMsg::CashHold { id },
                )
                .map(|h| h.remaining().u128())
                .unwrap_or(1);
            let amount = (remaining * percent / 100).max(1);
            s.as_notary(
                &notary,
                &ExecuteMsg::ExecuteHold {
                    id,
                    amount: Some(Uint128::new(amount)),
                },
            )?;
        }
        Action::Release { id, by_notary } => {
            if by_notary {
                s.as_notary(&notary, &ExecuteMsg::ReleaseHold { id })?;
            } else {
                s.exec(&mallory, &ExecuteMsg::ReleaseHold { id })?;
            }
        }
        Action::Withdraw { who, amount } => {
            s.withdraw(&w[who], None, amount, None)?;
        }
        Action::OffRamp { who, amount } => {
            s.exec(
                &w[who],
                &ExecuteMsg::RequestOffRamp {
                    account: None,
                    amount: Uint128::new(amount),
                    instructions_hash: hash(1),
                },
            )?;
        }
        Action::Reject { id } => {
            s.exec(
                &operator,
                &ExecuteMsg::RejectRedemption {
                    id,
                    reason: "R".into(),
                },
            )?;
        }
        Action::Block { who } => {
            if !is_blocked(s, who) {
                s.block(KEYS[who]);
            }
        }
        Action::Unblock { who } => {
            if is_blocked(s, who) {
                s.unblock(KEYS[who]);
            }
        }
        Action::Attest => {
            s.advance(1);
            let now = s.now();
            s.attest(1_000, 1_000, now)?;
        }
        Action::Advance { seconds } => s.advance(seconds),
        Action::FundSub {
            who,
            action,
            amount,
            by_book_entry,
        } => {
            let (client, reference) = (s.client_a.clone(), SUB_ACCOUNT_REFERENCES[action]);
            if by_book_entry {
                s.exec(
                    &w[who],
                    &ExecuteMsg::TransferToSubAccount {
                        from: None,
                        client: client.to_string(),
                        reference: reference.to_string(),
                        amount: Uint128::new(amount),
                    },
                )?;
            } else {
                let msg = s.handle().sub_account_funding_msg(
                    &s.asset,
                    Uint128::new(amount),
                    client.to_string(),
                    reference,
                )?;
                let res = s.app.execute(w[who].clone(), msg);
                s.log(res)?;
            }
        }
        Action::PaySub {
            action,
            payee,
            amount,
            withheld,
            by_owner,
        } => {
            let sender = if by_owner {
                s.client_a.clone()
            } else {
                s.client_b.clone()
            };
            let mut payments = vec![SubAccountPayment {
                account: KEYS[payee].to_string(),
                amount: Uint128::new(amount),
                kind: SubAccountPaymentKind::Paid,
            }];
            if withheld > 0 {
                payments.push(SubAccountPayment {
                    account: TAX_AUTHORITY.to_string(),
                    amount: Uint128::new(withheld),
                    kind: SubAccountPaymentKind::Withheld,
                });
            }
            s.exec(
                &sender,
                &ExecuteMsg::PayFromSubAccount {
                    reference: SUB_ACCOUNT_REFERENCES[action].to_string(),
                    payments,
                },
            )?;
        }
        Action::ReclaimSub { action, to } => {
            let client = s.client_a.clone();
            s.exec(
                &client,
                &ExecuteMsg::ReclaimSubAccount {
                    reference: SUB_ACCOUNT_REFERENCES[action].to_string(),
                    account: KEYS[to].to_string(),
                },
            )?;
        }
    }
    Ok(())
}

fn run(mode: Mode, actions: &[Action]) -> Suite {
    let mut s = Suite::new(mode);
    for w in wallets(&s) {
        s.exec(&w, &ExecuteMsg::OpenAccount {}).unwrap();
    }
    for action in actions {
        let before = s.snapshot();
        if apply(&mut s, action).is_err() {
            assert_eq!(
                s.snapshot(),
                before,
                "a refused {action:?} changed something"
            );
        }
        s.assert_invariant();
    }
    // Every open hold, once expired, is released by anyone, whatever the health or blocks.
    s.advance(sto_interface::cash::DEFAULT_MAX_HOLD_DURATION + 1);
    let mallory = s.mallory.clone();
    for key in KEYS {
        for hold in s.holds_of(key) {
            if hold.status == HoldStatus::Open {
                s.exec(&mallory, &ExecuteMsg::ReleaseHold { id: hold.id })
                    .unwrap();
            }
        }
        assert_eq!(s.account(key).held.u128(), 0);
    }
    // Every funded sub-account is reclaimed, whatever the health or blocks, and then accounts
    // for its funding to the unit.
    let client = s.client_a.clone();
    for reference in SUB_ACCOUNT_REFERENCES {
        let Some(sub) = s
            .handle()
            .sub_account(&s.app.wrap(), &client, reference)
            .unwrap()
        else {
            continue;
        };
        if !sub.balance().is_zero() {
            s.exec(
                &client,
                &ExecuteMsg::ReclaimSubAccount {
                    reference: reference.to_string(),
                    account: client.to_string(),
                },
            )
            .unwrap();
        }
        let sub = s
            .handle()
            .sub_account(&s.app.wrap(), &client, reference)
            .unwrap()
            .unwrap();
        assert_eq!(
            sub.paid + sub.withheld + sub.reclaimed,
            sub.funded,
            "{reference}: {sub:?}"
        );
    }
    s.assert_invariant();
    s.assert_audit_replays();
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn accounts_and_holds_keep_the_cash_invariants_cw20(actions in prop::collection::vec(action(), 1..30)) {
        run(Mode::Cw20, &actions);
    }


    #[test]
    fn accounts_and_holds_keep_the_cash_invariants_native(actions in prop::collection::vec(action(), 1..30)) {
        run(Mode::Native, &actions);
    }
}

/// A fixed sequence touching every action, replayed as a plain test in both modes.
#[test]
fn a_fixed_sequence_of_every_cash_action_keeps_the_invariants() {
    let actions = [
        Action::Deposit {
            who: 0,
            amount: 1_000,
        },
        Action::Deposit {
            who: 1,
            amount: 500,
        },
        Action::Hold {
            owner: 0,
            payee: 1,
            amount: 400,
            ttl: 3_600,
            partial: true,
        },
        Action::Execute { id: 1, percent: 50 },
        Action::Transfer {
            from: 1,
            to: 2,
            amount: 300,
        },
        Action::DepositAndHold {
            owner: 2,
            payee: 0,
            amount: 100,
        },
        Action::Block { who: 2 },
        Action::Execute {
            id: 2,
            percent: 100,
        },
        Action::Release {
            id: 2,
            by_notary: true,
        },
        Action::OffRamp {
            who: 0,
            amount: 100,
        },
        Action::Reject { id: 1 },
        Action::Withdraw {
            who: 1,
            amount: 450,
        },
        Action::Advance {
            seconds: MAX_AGE + 1,
        },
        Action::Hold {
            owner: 0,
            payee: 1,
            amount: 10,
            ttl: 60,
            partial: false,
        },
        Action::Attest,
        Action::Hold {
            owner: 0,
            payee: 1,
            amount: 10,
            ttl: 60,
            partial: false,
        },
        Action::Advance { seconds: 3_600 },
        Action::Release {
            id: 1,
            by_notary: false,
        },
        Action::Release {
            id: 3,
            by_notary: false,
        },
        Action::Unblock { who: 2 },
        Action::Withdraw {
            who: 2,
            amount: 300,
        },
        Action::Attest,
        Action::FundSub {
            who: 0,
            action: 0,
            amount: 300,
            by_book_entry: true,
        },
        Action::FundSub {
            who: 1,
            action: 0,
            amount: 200,
            by_book_entry: false,
        },
        Action::PaySub {
            action: 0,
            payee: 2,
            amount: 150,
            withheld: 20,
            by_owner: true,
        },
        Action::PaySub {
            action: 0,
            payee: 2,
            amount: 10,
            withheld: 0,
            by_owner: false,
        },
        Action::PaySub {
            action: 0,
            payee: 1,
            amount: 400,
            withheld: 0,
            by_owner: true,
        },
        Action::Block { who: 1 },
        Action::Advance {
            seconds: MAX_AGE + 1,
        },
        Action::PaySub {
            action: 0,
            payee: 1,
            amount: 200,
            withheld: 30,
            by_owner: true,
        },
        Action::FundSub {
            who: 0,
            action: 1,
            amount: 10,
            by_book_entry: false,
        },
        Action::ReclaimSub { action: 0, to: 0 },
        Action::ReclaimSub { action: 0, to: 0 },
    ];
    for mode in [Mode::Cw20, Mode::Native] {
        let s = run(mode, &actions);
        // action:1 was funded 300 + 200, paid 150 + 200 (the latter to a blocked account while
        // stale), withheld 20 + 30, and reclaimed the rest; the other client's payment, the
        // overdraw of 400 and the second reclaim were refused.
        let sub = s
            .handle()
            .sub_account(&s.app.wrap(), &s.client_a, "action:1")
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                sub.funded.u128(),
                sub.paid.u128(),
                sub.withheld.u128(),
                sub.reclaimed.u128()
            ),
            (500, 350, 50, 100)
        );
    }
}
