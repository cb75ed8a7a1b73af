//! Randomized interleavings across the five contracts: subscriptions, offering closes and
//! claims, trades with either leg first, cancels, expiries, attestations going stale, freezes,
//! sanctions blocks, transfers, coupons and their claims and closes. After every step (accepted
//! or refused) the suite-wide invariants of `sto_testing::invariants` must hold, and no wallet
//! that was not eligible at that block may have been credited with tokens.

use cosmwasm_std::{Decimal, Uint128};
use proptest::prelude::*;
use sto_interface::actions::{self, ActionKind, AmountBasis};
use sto_interface::common::EventRef;
use sto_interface::escrow;
use sto_interface::registry;
use sto_interface::token;
use sto_suite_tests::{id_of, World, DAY, PRICE, USD};

/// Wallets that trade: alice, bruno, chen (SG: never eligible for the bond), erin, and the
/// custodian's two wallets.
const TRADERS: [&str; 6] = [
    "alice",
    "bruno",
    "chen",
    "erin",
    "custodian_a",
    "custodian_b",
];

#[derive(Debug, Clone)]
enum Step {
    OpenOffering,
    Subscribe {
        who: usize,
        units: u128,
    },
    CloseOffering,
    ClaimOffering {
        who: usize,
    },
    Create {
        seller: usize,
        buyer: usize,
        qty: u128,
        price: u128,
    },
    DeliverSecurity {
        pick: usize,
    },
    DeliverCash {
        pick: usize,
    },
    Cancel {
        pick: usize,
        by_seller: bool,
    },
    Expire {
        pick: usize,
    },
    Transfer {
        from: usize,
        to: usize,
        qty: u128,
    },
    Freeze {
        who: usize,
    },
    Unfreeze {
        who: usize,
    },
    Block {
        who: usize,
    },
    Unblock {
        who: usize,
    },
    Announce,
    FundAction,
    ClaimAction {
        who: usize,
    },
    CloseAction,
    Attest,
    Advance {
        seconds: u64,
    },
    /// Create a trade from a current holder and deliver both legs, cash first or not.
    Trade {
        seller: usize,
        buyer: usize,
        qty: u128,
        cash_first: bool,
    },
    /// A whole offering: open, subscriptions by the first `subscribers` traders, close a week
    /// later, claims.
    OfferingRound {
        subscribers: usize,
        units: u128,
    },
    /// A whole coupon round: announce, pass the record height and payment time, attest, fund,
    /// and claims by the first `claimants` traders.
    CouponRound {
        claimants: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let who = 0..TRADERS.len();
    prop_oneof![
        1 => Just(Step::OpenOffering),
        3 => (who.clone(), 1u128..80).prop_map(|(who, units)| Step::Subscribe { who, units }),
        1 => Just(Step::CloseOffering),
        2 => who.clone().prop_map(|who| Step::ClaimOffering { who }),
        4 => (who.clone(), who.clone(), 1u128..40, 900u128..1100)
            .prop_map(|(seller, buyer, qty, price)| Step::Create { seller, buyer, qty, price }),
        4 => (0usize..8).prop_map(|pick| Step::DeliverSecurity { pick }),
        4 => (0usize..8).prop_map(|pick| Step::DeliverCash { pick }),
        1 => (0usize..8, any::<bool>()).prop_map(|(pick, by_seller)| Step::Cancel { pick, by_seller }),
        1 => (0usize..8).prop_map(|pick| Step::Expire { pick }),
        2 => (who.clone(), who.clone(), 1u128..30)
            .prop_map(|(from, to, qty)| Step::Transfer { from, to, qty }),
        1 => who.clone().prop_map(|who| Step::Freeze { who }),
        1 => who.clone().prop_map(|who| Step::Unfreeze { who }),
        1 => who.clone().prop_map(|who| Step::Block { who }),
        1 => who.clone().prop_map(|who| Step::Unblock { who }),
        2 => Just(Step::Announce),
        3 => Just(Step::FundAction),
        4 => who.clone().prop_map(|who| Step::ClaimAction { who }),
        1 => Just(Step::CloseAction),
        3 => Just(Step::Attest),
        4 => (who.clone(), who.clone(), 1u128..30, any::<bool>())
            .prop_map(|(seller, buyer, qty, cash_first)| Step::Trade { seller, buyer, qty, cash_first }),
        1 => (0usize..=TRADERS.len()).prop_map(|claimants| Step::CouponRound { claimants }),
        1 => (1usize..=TRADERS.len(), 10u128..90)
            .prop_map(|(subscribers, units)| Step::OfferingRound { subscribers, units }),
        3 => prop_oneof![Just(600u64), Just(DAY / 2), Just(DAY), Just(3 * DAY), Just(11 * DAY)]
            .prop_map(|seconds| Step::Advance { seconds }),
    ]
}

/// Ids created so far, so that steps can pick existing ones.
#[derive(Default)]
struct Ids {
    offering: Option<u64>,
    instructions: Vec<u64>,
    action: Option<u64>,
}

fn investor_of(who: usize) -> &'static str {
    match TRADERS[who] {
        "alice" => "INV-ALICE",
        "bruno" => "INV-BRUNO",
        "chen" => "INV-CHEN",
        "erin" => "INV-ERIN",
        _ => "CUST-LUX",
    }
}

fn run(w: &mut World, ids: &mut Ids, step: &Step) {
    let a = |w: &World, i: usize| w.a(TRADERS[i]);
    let escrow = w.s.escrow.0.clone();
    // Mostly the newest instructions, so that both legs of one trade often meet.
    let pick = |ids: &Ids, p: usize| {
        let n = ids.instructions.len();
        (n > 0).then(|| ids.instructions[n - 1 - (p % n.min(3))])
    };
    // Refusals are part of the game: only the invariants decide.
    match *step {
        Step::OpenOffering => {
            if ids.offering.is_none() {
                ids.offering = Some(w.open_offering(200));
            }
        }
        Step::Subscribe { who, units } => {
            if let Some(id) = ids.offering {
                let payer = a(w, who);
                let _ =
                    w.s.fund(&payer, &escrow, units * PRICE, EventRef::Offering { id });
            }
        }
        Step::CloseOffering => {
            if let Some(id) = ids.offering {
                let keeper = w.a("keeper");
                let _ =
                    w.s.escrow_exec(&keeper, &escrow::ExecuteMsg::CloseOffering { id });
            }
        }
        Step::ClaimOffering { who } => {
            if let Some(id) = ids.offering {
                let sender = a(w, who);
                let _ =
                    w.s.escrow_exec(&sender, &escrow::ExecuteMsg::Claim { offering_id: id });
            }
        }
        Step::Create {
            seller,
            buyer,
            qty,
            price,
        } => {
            let (s_addr, b_addr) = (a(w, seller), a(w, buyer));
            let res = w.s.escrow_exec(
                &s_addr,
                &escrow::ExecuteMsg::CreateInstruction {
                    token: w.s.token.0.to_string(),
                    seller: s_addr.to_string(),
                    buyer: b_addr.to_string(),
                    quantity: Uint128::new(qty),
                    cash_amount: Uint128::new(qty * price * USD),
                    deadline: w.s.now().plus_seconds(5 * DAY),
                    trade_reference: None,
                    approver: None,
                },
            );
            if let Ok(res) = res {
                ids.instructions.push(id_of(&res, "instruction_id"));
            }
        }
        Step::DeliverSecurity { pick: p } => {
            if let Some(id) = pick(ids, p) {
                let i = w.s.instruction(id).unwrap();
                let _ = w.s.deliver(&i.seller, id, i.quantity.u128());
            }
        }
        Step::DeliverCash { pick: p } => {
            if let Some(id) = pick(ids, p) {
                let i = w.s.instruction(id).unwrap();
                let _ = w.s.fund(
                    &i.buyer,
                    &escrow,
                    i.cash_amount.u128(),
                    EventRef::Settlement { id },
                );
            }
        }
        Step::Cancel { pick: p, by_seller } => {
            if let Some(id) = pick(ids, p) {
                let i = w.s.instruction(id).unwrap();
                for party in if by_seller {
                    vec![i.seller.clone(), i.buyer.clone()]
                } else {
                    vec![i.buyer.clone()]
                } {
                    let _ = w.s.escrow_exec(&party, &escrow::ExecuteMsg::Cancel { id });
                }
            }
        }
        Step::Expire { pick: p } => {
            if let Some(id) = pick(ids, p) {
                let keeper = w.a("keeper");
                let _ = w.s.escrow_exec(&keeper, &escrow::ExecuteMsg::Expire { id });
            }
        }
        Step::Transfer { from, to, qty } => {
            let (f, t) = (a(w, from), a(w, to));
            let _ = w.s.token_exec(
                &f,
                &token::ExecuteMsg::Transfer {
                    recipient: t.to_string(),
                    amount: Uint128::new(qty),
                },
            );
        }
        Step::Freeze { who } | Step::Unfreeze { who } => {
            let address = a(w, who).to_string();
            let msg = if matches!(step, Step::Freeze { .. }) {
                token::AgentMsg::Freeze {
                    address,
                    amount: None,
                    legal_reference: "LIEN-1".into(),
                }
            } else {
                token::AgentMsg::Unfreeze {
                    address,
                    amount: None,
                    legal_reference: "LIEN-1".into(),
                }
            };
            let _ = w.s.agent_exec(msg);
        }
        Step::Block { who } | Step::Unblock { who } => {
            let investor_id = investor_of(who).to_string();
            let msg = if matches!(step, Step::Block { .. }) {
                registry::ExecuteMsg::BlockInvestor {
                    investor_id,
                    reason_ref: "LIST-1".into(),
                }
            } else {
                registry::ExecuteMsg::UnblockInvestor {
                    investor_id,
                    reason_ref: "CLEARED-1".into(),
                }
            };
            let _ = w.s.compliance_exec(&msg);
        }
        Step::Announce => {
            if let Ok(res) = w.announce(
                ActionKind::Coupon,
                AmountBasis::PerUnit {
                    rate: Decimal::from_atomics(7 * USD, 0).unwrap(),
                },
                2,
                true,
            ) {
                ids.action = Some(id_of(&res, "action_id"));
            }
        }
        Step::FundAction => {
            if let Some(id) = ids.action {
                let _ = w.fund_action(id);
            }
        }
        Step::ClaimAction { who } => {
            if let Some(id) = ids.action {
                let holder = a(w, who);
                let _ =
                    w.s.distributor_exec(&holder, &actions::ExecuteMsg::Claim { action_id: id });
            }
        }
        Step::CloseAction => {
            if let Some(id) = ids.action {
                let agent = w.s.paying_agent.clone();
                let _ = w.s.distributor_exec(
                    &agent,
                    &actions::ExecuteMsg::Agent(actions::AgentMsg::Close { action_id: id }),
                );
            }
        }
        Step::Trade {
            seller,
            buyer,
            qty,
            cash_first,
        } => {
            let holders: Vec<usize> = (0..TRADERS.len())
                .filter(|i| w.s.tokens(&a(w, *i)) > 0)
                .collect();
            if holders.is_empty() {
                return;
            }
            let seller = holders[seller % holders.len()];
            let create = Step::Create {
                seller,
                buyer,
                qty,
                price: 1_000,
            };
            let before = ids.instructions.len();
            run(w, ids, &create);
            if ids.instructions.len() > before {
                let legs = if cash_first {
                    [
                        Step::DeliverCash { pick: 0 },
                        Step::DeliverSecurity { pick: 0 },
                    ]
                } else {
                    [
                        Step::DeliverSecurity { pick: 0 },
                        Step::DeliverCash { pick: 0 },
                    ]
                };
                for leg in &legs {
                    run(w, ids, leg);
                }
            }
        }
        Step::OfferingRound { subscribers, units } => {
            if ids.offering.is_some() {
                return;
            }
            let _ = w.s.attest(Decimal::percent(102));
            run(w, ids, &Step::OpenOffering);
            for who in 0..subscribers {
                run(w, ids, &Step::Subscribe { who, units });
            }
            run(w, ids, &Step::Advance { seconds: 8 * DAY });
            run(w, ids, &Step::CloseOffering);
            for who in 0..subscribers {
                run(w, ids, &Step::ClaimOffering { who });
            }
        }
        Step::CouponRound { claimants } => {
            run(w, ids, &Step::Announce);
            run(w, ids, &Step::Advance { seconds: DAY + 60 });
            let _ = w.s.attest(Decimal::percent(102));
            run(w, ids, &Step::FundAction);
            for who in 0..claimants {
                run(w, ids, &Step::ClaimAction { who });
            }
        }
        Step::Attest => {
            // Refused when one was already posted at this block time.
            let _ = w.s.attest(Decimal::percent(102));
        }
        Step::Advance { seconds } => w.s.advance(seconds),
    }
}

fn check_step(w: &mut World, ids: &mut Ids, step: &Step) {
    let before: Vec<u128> = (0..TRADERS.len())
        .map(|i| w.s.tokens(&w.a(TRADERS[i])))
        .collect();
    let eligible: Vec<bool> = (0..TRADERS.len())
        .map(|i| w.s.verify(&w.a(TRADERS[i])).unwrap().eligible)
        .collect();
    run(w, ids, step);
    for (i, name) in TRADERS.iter().enumerate() {
        let after = w.s.tokens(&w.a(name));
        assert!(
            after <= before[i] || eligible[i],
            "{step:?} credited {name}, who was not eligible"
        );
    }
    w.assert_invariants();
}

/// What the random runs reached, so that a generator drifting into refusals only is caught.
#[derive(Default, Debug)]
struct Coverage {
    cases: usize,
    steps: usize,
    settled: usize,
    offerings_closed: usize,
    coupon_claims: u64,
}

#[test]
fn invariants_hold_over_random_interleavings() {
    use proptest::test_runner::{Config, TestRunner};
    let mut runner = TestRunner::new(Config {
        cases: 200,
        failure_persistence: None,
        // A fixed seed, so the gate runs the same cases every time (the coverage checks at the
        // end never fail by chance); PROPTEST_RNG_SEED=<n> explores other ones.
        rng_seed: std::env::var("PROPTEST_RNG_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(proptest::test_runner::RngSeed::Fixed(0x1e4f_0001)),
        ..Config::default()
    });
    let coverage = std::cell::RefCell::new(Coverage::default());
    runner
        .run(&prop::collection::vec(step(), 1..40), |steps| {
            let mut w = World::new();
            w.issue("alice", 200);
            w.issue("custodian_a", 100);
            let mut ids = Ids::default();
            for s in &steps {
                check_step(&mut w, &mut ids, s);
            }
            // Every cash movement of the case names a securities event that exists.
            sto_testing::invariants::check_references(&w.s).unwrap();
            let mut c = coverage.borrow_mut();
            c.cases += 1;
            c.steps += steps.len();
            for id in &ids.instructions {
                if w.s.instruction(*id).unwrap().status == escrow::InstructionStatus::Settled {
                    c.settled += 1;
                }
            }
            if let Some(id) = ids.offering {
                if w.s.offering(id).unwrap().close.is_some() {
                    c.offerings_closed += 1;
                }
            }
            if let Some(id) = ids.action {
                c.coupon_claims += w.s.action(id).unwrap().claims;
            }
            Ok(())
        })
        .unwrap();
    let c = coverage.into_inner();
    eprintln!("random interleavings: {c:?}");
    assert_eq!(c.cases, 200);
    assert!(
        c.settled > 0 && c.offerings_closed > 0 && c.coupon_claims > 0,
        "{c:?}"
    );
}

/// A fixed interleaving touching every step kind, as a plain test.
#[test]
fn a_fixed_interleaving_keeps_every_invariant() {
    let mut w = World::new();
    w.issue("alice", 200);
    w.issue("custodian_a", 100);
    let mut ids = Ids::default();
    let steps = [
        Step::OpenOffering,
        Step::Subscribe { who: 1, units: 50 },
        Step::Subscribe { who: 2, units: 10 },
        Step::Subscribe { who: 4, units: 180 },
        Step::Create {
            seller: 0,
            buyer: 3,
            qty: 10,
            price: 1000,
        },
        Step::DeliverCash { pick: 0 },
        Step::DeliverSecurity { pick: 0 },
        Step::Create {
            seller: 4,
            buyer: 1,
            qty: 5,
            price: 990,
        },
        Step::DeliverSecurity { pick: 1 },
        Step::Block { who: 1 },
        Step::DeliverCash { pick: 1 },
        Step::Cancel {
            pick: 1,
            by_seller: true,
        },
        Step::Unblock { who: 1 },
        Step::Advance { seconds: 11 * DAY },
        Step::CloseOffering,
        Step::ClaimOffering { who: 1 },
        Step::ClaimOffering { who: 4 },
        Step::Attest,
        Step::Announce,
        Step::Advance { seconds: 600 },
        Step::Transfer {
            from: 0,
            to: 5,
            qty: 10,
        },
        Step::FundAction,
        Step::Freeze { who: 3 },
        Step::Advance { seconds: DAY / 2 },
        Step::Advance { seconds: DAY / 2 },
        Step::ClaimAction { who: 0 },
        Step::ClaimAction { who: 3 },
        Step::Unfreeze { who: 3 },
        Step::Expire { pick: 0 },
        Step::Advance { seconds: 11 * DAY },
        Step::Advance { seconds: 11 * DAY },
        Step::Advance { seconds: 11 * DAY },
        Step::CloseAction,
    ];
    for s in &steps {
        check_step(&mut w, &mut ids, s);
    }
    // The trade settled, the offering closed and was claimed, the coupon was paid and closed.
    assert_eq!(w.s.tokens(&w.a("erin")), 10);
    let action = w.s.action(ids.action.unwrap()).unwrap();
    assert!(!action.paid.is_zero());
    assert_eq!(
        action.paid + action.withheld + action.reclaimed,
        action.funded
    );
}
