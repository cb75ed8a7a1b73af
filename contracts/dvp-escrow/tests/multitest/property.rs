//! Property run: random sequences of create / deliver / pay / approve / settle / cancel /
//! expire / freeze / time, against the real token, registry, adapter and cw20-base USD1.
//!
//! After every step: the escrow's token holding equals the security legs funded in open
//! instructions plus open parked refunds, and its USD1 pool equals the cash legs funded in open
//! instructions. At the end (everything expired, freezes lifted, parked refunds retried) every
//! instruction is settled or fully refunded, the escrow holds nothing, and each party's
//! balances equal its start plus its settled trades.

use cosmwasm_std::{Addr, Uint128};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use sto_interface::escrow::{
    ExecuteMsg, InstructionStatus, InstructionsResponse, LegRefund, QueryMsg,
};
use sto_interface::token;

use crate::suite::*;

#[derive(Debug, Clone)]
enum Step {
    Create {
        seller: usize,
        buyer: usize,
        by: usize,
        quantity: u128,
        cash: u128,
        window: u64,
        approver: bool,
    },
    Deliver {
        i: usize,
        exact: bool,
    },
    Pay {
        i: usize,
        exact: bool,
    },
    Approve {
        i: usize,
    },
    Settle {
        i: usize,
    },
    Cancel {
        i: usize,
        by: usize,
    },
    Expire {
        i: usize,
    },
    Freeze {
        party: usize,
        frozen: bool,
    },
    Advance {
        seconds: u64,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..4usize, 0..4usize, 0..3usize, 1..60u128, 1..600u128, 30..600u64, prop::bool::weighted(0.25))
            .prop_map(|(seller, buyer, by, quantity, cash, window, approver)| Step::Create {
                seller,
                buyer,
                by,
                quantity,
                cash,
                window,
                approver,
            }),
        3 => (any::<usize>(), prop::bool::weighted(0.9)).prop_map(|(i, exact)| Step::Deliver { i, exact }),
        3 => (any::<usize>(), prop::bool::weighted(0.9)).prop_map(|(i, exact)| Step::Pay { i, exact }),
        1 => any::<usize>().prop_map(|i| Step::Approve { i }),
        1 => any::<usize>().prop_map(|i| Step::Settle { i }),
        2 => (any::<usize>(), 0..3usize).prop_map(|(i, by)| Step::Cancel { i, by }),
        1 => any::<usize>().prop_map(|i| Step::Expire { i }),
        2 => (0..4usize, any::<bool>()).prop_map(|(party, frozen)| Step::Freeze { party, frozen }),
        2 => (1..300u64).prop_map(|seconds| Step::Advance { seconds }),
    ]
}

fn all_instructions(s: &Suite) -> Vec<sto_interface::escrow::SettlementInstruction> {
    let mut all = vec![];
    let mut start_after = None;
    loop {
        let page: InstructionsResponse = s.query(&QueryMsg::Instructions {
            start_after,
            limit: Some(100),
        });
        start_after = page.instructions.last().map(|i| i.id);
        all.extend(page.instructions);
        if !page.has_more {
            return all;
        }
    }
}

/// Escrow holdings equal the funded, unsettled legs (plus parked security refunds).
fn check_holdings(s: &Suite) {
    let instrs = all_instructions(s);
    let open = || {
        instrs
            .iter()
            .filter(|i| i.status == InstructionStatus::Open)
    };
    let sec: u128 = open()
        .filter(|i| i.security_leg.is_some())
        .map(|i| i.quantity.u128())
        .sum();
    let cash: u128 = open()
        .filter(|i| i.cash_leg.is_some())
        .map(|i| i.cash_amount.u128())
        .sum();
    let parked: u128 = s.open_parked().parked.iter().map(|p| p.amount.u128()).sum();
    assert_eq!(s.sec(&s.escrow), sec + parked, "escrow token holding");
    assert_eq!(s.pool(), cash, "escrow cash pool");
    assert_eq!(s.usd1(&s.adapter), cash, "adapter USD1");
}

fn run(steps: Vec<Step>) {
    let mut s = Suite::new();
    let parties: Vec<Addr> = vec![
        s.alice.clone(),
        s.bob.clone(),
        s.carol.clone(),
        s.dave.clone(),
    ];
    for p in &parties[1..] {
        s.app
            .execute_contract(
                s.agent.clone(),
                s.token.clone(),
                &token::ExecuteMsg::Issue {
                    recipient: p.to_string(),
                    amount: Uint128::new(START),
                    locked_until: None,
                    reference: None,
                },
                &[],
            )
            .unwrap();
    }
    let (operator, approver) = (s.operator.clone(), s.approver.clone());
    let start_sec: Vec<u128> = parties.iter().map(|p| s.sec(p)).collect();
    let start_usd1: Vec<u128> = parties.iter().map(|p| s.usd1(p)).collect();
    let mut ids: Vec<u64> = vec![];
    let mut frozen = [false; 4];

    for st in steps {
        // Mostly one of the three newest instructions, so legs meet often.
        let pick = |i: usize, ids: &Vec<u64>| {
            let n = ids.len();
            (n > 0).then(|| ids[n - 1 - i % n.min(3)])
        };
        match st {
            Step::Create {
                seller,
                buyer,
                by,
                quantity,
                cash,
                window,
                approver: with_approver,
            } => {
                let (sl, bu) = (parties[seller].clone(), parties[buyer].clone());
                let sender = match by {
                    0 => sl.clone(),
                    1 => bu.clone(),
                    _ => operator.clone(),
                };
                let deadline = s.now().plus_seconds(window);
                let appr = with_approver.then_some(&approver);
                if let Ok(id) = s.create_full(&sender, &sl, &bu, quantity, cash, deadline, appr) {
                    ids.push(id);
                }
            }
            Step::Deliver { i, exact } => {
                if let Some(id) = pick(i, &ids) {
                    let instr = s.instruction(id);
                    let q = instr.quantity.u128() + u128::from(!exact);
                    let _ = s.deliver(&instr.seller, id, q);
                }
            }
            Step::Pay { i, exact } => {
                if let Some(id) = pick(i, &ids) {
                    let instr = s.instruction(id);
                    let c = instr.cash_amount.u128() + u128::from(!exact);
                    let _ = s.pay(&instr.buyer, id, c);
                }
            }
            Step::Approve { i } => {
                if let Some(id) = pick(i, &ids) {
                    let _ = s.exec(
                        &approver,
                        &ExecuteMsg::Approve {
                            id,
                            expires_at: None,
                        },
                    );
                }
            }
            Step::Settle { i } => {
                if let Some(id) = pick(i, &ids) {
                    let _ = s.exec(&operator, &ExecuteMsg::Settle { id });
                }
            }
            Step::Cancel { i, by } => {
                if let Some(id) = pick(i, &ids) {
                    let instr = s.instruction(id);
                    let sender = match by {
                        0 => instr.seller,
                        1 => instr.buyer,
                        _ => operator.clone(),
                    };
                    let _ = s.exec(&sender, &ExecuteMsg::Cancel { id });
                }
            }
            Step::Expire { i } => {
                if let Some(id) = pick(i, &ids) {
                    let _ = s.exec(&operator, &ExecuteMsg::Expire { id });
                }
            }
            Step::Freeze { party, frozen: f } => {
                if frozen[party] != f {
                    s.set_frozen(&parties[party].clone(), f);
                    frozen[party] = f;
                }
            }
            Step::Advance { seconds } => s.advance(seconds),
        }
        check_holdings(&s);
    }

    // Wind down: expire everything open (frozen sellers' refunds park), lift the freezes,
    // retry every parked refund.
    s.advance(1_000);
    for id in &ids {
        if s.status(*id) == InstructionStatus::Open {
            s.exec(&operator, &ExecuteMsg::Expire { id: *id }).unwrap();
        }
    }
    check_holdings(&s);
    for (p, f) in frozen.iter().enumerate() {
        if *f {
            s.set_frozen(&parties[p].clone(), false);
        }
    }
    for p in s.open_parked().parked {
        s.exec(&operator, &ExecuteMsg::RetryParkedRefund { id: p.id })
            .unwrap();
    }
    check_holdings(&s);
    assert_eq!((s.sec(&s.escrow), s.pool()), (0, 0));

    let mut exp_sec = start_sec.clone();
    let mut exp_usd1 = start_usd1.clone();
    let idx = |a: &Addr| parties.iter().position(|p| p == a).unwrap();
    for instr in all_instructions(&s) {
        match instr.status {
            InstructionStatus::Settled => {
                let (si, bi) = (idx(&instr.seller), idx(&instr.buyer));
                exp_sec[si] -= instr.quantity.u128();
                exp_sec[bi] += instr.quantity.u128();
                exp_usd1[bi] -= instr.cash_amount.u128();
                exp_usd1[si] += instr.cash_amount.u128();
                let _: sto_interface::escrow::FinalityRecord =
                    s.query(&QueryMsg::Finality { id: instr.id });
            }
            InstructionStatus::Cancelled | InstructionStatus::Expired => {
                for leg in [&instr.security_leg, &instr.cash_leg].into_iter().flatten() {
                    match &leg.refund {
                        Some(LegRefund::Sent { .. }) => {}
                        Some(LegRefund::Parked { parked_id }) => {
                            assert!(s.parked(*parked_id).resolution.is_some());
                        }
                        None => panic!("instruction {} has an unrefunded leg", instr.id),
                    }
                }
            }
            InstructionStatus::Open => panic!("instruction {} still open", instr.id),
        }
    }
    let sec: Vec<u128> = parties.iter().map(|p| s.sec(p)).collect();
    let usd1: Vec<u128> = parties.iter().map(|p| s.usd1(p)).collect();
    assert_eq!(sec, exp_sec, "security balances");
    assert_eq!(usd1, exp_usd1, "USD1 balances");
    for p in &parties {
        let pos = s.position(p);
        assert!(
            pos.securities.is_empty() && pos.cash_locked.is_zero() && pos.cash_to_deliver.is_zero()
        );
    }
}

#[test]
fn escrow_holdings_match_funded_legs_and_every_instruction_ends_settled_or_refunded() {
    let mut runner = TestRunner::new(Config {
        cases: 64,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&prop::collection::vec(step(), 1..30), |steps| {
            run(steps);
            Ok(())
        })
        .unwrap();
}

/// A fixed sequence exercising every branch once, replayable without proptest.
#[test]
fn replay_fixed_sequence() {
    run(vec![
        Step::Create {
            seller: 0,
            buyer: 1,
            by: 0,
            quantity: 10,
            cash: 100,
            window: 100,
            approver: true,
        },
        Step::Deliver { i: 0, exact: true },
        Step::Pay { i: 0, exact: true },
        Step::Freeze {
            party: 0,
            frozen: true,
        },
        Step::Cancel { i: 0, by: 0 },
        Step::Cancel { i: 0, by: 1 },
        Step::Create {
            seller: 2,
            buyer: 3,
            by: 2,
            quantity: 5,
            cash: 50,
            window: 50,
            approver: false,
        },
        Step::Pay { i: 1, exact: true },
        Step::Deliver { i: 1, exact: true },
        Step::Advance { seconds: 120 },
        Step::Expire { i: 0 },
        Step::Approve { i: 0 },
        Step::Settle { i: 1 },
    ]);
}
