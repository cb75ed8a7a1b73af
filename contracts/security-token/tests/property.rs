//! Randomized operation sequences against the real registry and token, with the token's books
//! checked after every step:
//! - the sum of all balances equals the total supply;
//! - the holder count equals the number of investors with a non-zero balance (overall and per
//!   jurisdiction), and each investor's booked balance is the sum of its wallets;
//! - no movement ever credited a wallet that was not eligible in the registry at that block;
//! - `can_transfer` and `transfer` never disagree: same outcome, and a refusal carries the first
//!   code the query lists;
//! - checkpoint balances and supply never change once their height is reached;
//! - holds: held <= balance and held = the sum of open remainders per wallet, every hold in one
//!   of open / executed / released / cut with every unit accounted for, an expired open hold can
//!   always be released by anyone, a placement only where a transfer could go;
//! - the audit head recomputed from the events of every execution equals the stored one.

mod common;

use common::{refused, Suite};
use cosmwasm_std::Attribute;
use cosmwasm_std::{Addr, Uint128};
use cw_multi_test::AppResponse;
use proptest::prelude::*;
use security_token::ContractError;
use sto_interface::audit::{self, AuditHead, AuditResponse};
use sto_interface::common::InvestorClass;
use sto_interface::hold::{HoldStatus, HoldsResponse};
use sto_interface::registry as reg;
use sto_interface::token::{AgentMsg, ExecuteMsg, QueryMsg, TotalSupplyResponse, TransferRules};

/// Wallets 0..=5: investors A (wallets 0, 1, US), B (2, DE), C (3, US), D (4, DE); wallet 5 is
/// never registered.
const WALLETS: usize = 6;
const INVESTORS: [(&str, &[usize], &str); 4] = [
    ("I-A", &[0, 1], "US"),
    ("I-B", &[2], "DE"),
    ("I-C", &[3], "US"),
    ("I-D", &[4], "DE"),
];

#[derive(Debug, Clone)]
enum Op {
    Mint {
        to: usize,
        amount: u128,
    },
    Transfer {
        from: usize,
        to: usize,
        amount: u128,
    },
    Forced {
        from: usize,
        to: usize,
        amount: u128,
    },
    Redeem {
        from: usize,
        amount: u128,
    },
    Freeze {
        wallet: usize,
        amount: Option<u128>,
    },
    Unfreeze {
        wallet: usize,
    },
    Block {
        investor: usize,
    },
    Unblock {
        investor: usize,
    },
    Pause,
    Unpause,
    Checkpoint,
    Advance {
        seconds: u64,
    },
    PlaceHold {
        owner: usize,
        payee: usize,
        amount: u128,
        partial: bool,
        seconds: u64,
    },
    ExecuteHold {
        pick: usize,
        amount: Option<u128>,
    },
    ReleaseHold {
        pick: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let w = 0..WALLETS;
    let amt = 0u128..400;
    prop_oneof![
        3 => (w.clone(), amt.clone()).prop_map(|(to, amount)| Op::Mint { to, amount }),
        6 => (w.clone(), w.clone(), amt.clone())
            .prop_map(|(from, to, amount)| Op::Transfer { from, to, amount }),
        1 => (w.clone(), w.clone(), amt.clone())
            .prop_map(|(from, to, amount)| Op::Forced { from, to, amount }),
        1 => (w.clone(), amt.clone()).prop_map(|(from, amount)| Op::Redeem { from, amount }),
        1 => (w.clone(), prop::option::of(1u128..300))
            .prop_map(|(wallet, amount)| Op::Freeze { wallet, amount }),
        1 => w.clone().prop_map(|wallet| Op::Unfreeze { wallet }),
        1 => (0..INVESTORS.len()).prop_map(|investor| Op::Block { investor }),
        1 => (0..INVESTORS.len()).prop_map(|investor| Op::Unblock { investor }),
        1 => Just(Op::Pause),
        1 => Just(Op::Unpause),
        1 => Just(Op::Checkpoint),
        1 => (1u64..120_000).prop_map(|seconds| Op::Advance { seconds }),
        3 => (w.clone(), w.clone(), amt.clone(), any::<bool>(), 1u64..200_000).prop_map(
            |(owner, payee, amount, partial, seconds)| Op::PlaceHold {
                owner,
                payee,
                amount,
                partial,
                seconds
            }
        ),
        2 => (0usize..8, prop::option::of(1u128..200))
            .prop_map(|(pick, amount)| Op::ExecuteHold { pick, amount }),
        1 => (0usize..8).prop_map(|pick| Op::ReleaseHold { pick }),
    ]
}

struct World {
    s: Suite,
    wallets: Vec<Addr>,
    /// (height, balances at that height, supply at that height), once the height is reached.
    reached: Vec<(u64, Vec<u128>, u128)>,
    /// Opened checkpoints whose height is not reached yet.
    pending: Vec<u64>,
    notary: Addr,
    /// Hold ids placed so far.
    holds: Vec<u64>,
    /// The audit head recomputed from the events of every execution since setup.
    audit: AuditHead,
}

impl World {
    fn new() -> Self {
        // Holder caps and a balance cap, so those rules take part in the sequences too.
        let mut s = Suite::with_rules(TransferRules {
            max_holders: Some(3),
            max_balance_per_investor: Some(Uint128::new(2_000)),
            ..TransferRules::default()
        });
        let wallets: Vec<Addr> = (0..WALLETS).map(|i| s.addr(&format!("w{i}"))).collect();
        for (id, ws, j) in INVESTORS {
            let refs: Vec<&Addr> = ws.iter().map(|i| &wallets[*i]).collect();
            s.register(id, &refs, j, InvestorClass::Accredited);
        }
        let notary = s.notary();
        let head: AuditResponse = s.query(&QueryMsg::Audit {});
        let mut hash = [0u8; 32];
        hash.copy_from_slice(head.hash.as_slice());
        World {
            s,
            wallets,
            reached: vec![],
            pending: vec![],
            notary,
            holds: vec![],
            audit: AuditHead {
                seq: head.seq,
                hash,
            },
        }
    }

    /// Execute on the token and fold a success into the recomputed audit head, as an auditor
    /// reading the events does.
    fn exec(&mut self, sender: &Addr, msg: &ExecuteMsg) -> anyhow::Result<AppResponse> {
        let res = self.s.exec(sender, msg)?;
        let token = self.s.token.to_string();
        let own = |e: &cosmwasm_std::Event| {
            e.attributes
                .iter()
                .any(|a| a.key == "_contract_address" && a.value == token)
        };
        let strip = |attrs: &[Attribute]| -> Vec<Attribute> {
            attrs
                .iter()
                .filter(|a| a.key != "_contract_address")
                .cloned()
                .collect()
        };
        let mut attributes = vec![];
        let mut events = vec![];
        for e in res.events.iter().filter(|e| own(e)) {
            if e.ty == "wasm" {
                attributes = strip(&e.attributes)
                    .into_iter()
                    .filter(|a| a.key != audit::AUDIT_SEQ_ATTR && a.key != audit::AUDIT_HASH_ATTR)
                    .collect();
            } else if let Some(ty) = e.ty.strip_prefix("wasm-") {
                events.push(cosmwasm_std::Event::new(ty).add_attributes(strip(&e.attributes)));
            }
        }
        self.audit = self.audit.next(&attributes, &events).unwrap();
        Ok(res)
    }

    fn agent(&mut self, msg: AgentMsg) -> anyhow::Result<AppResponse> {
        let agent = self.s.agent.clone();
        self.exec(&agent, &ExecuteMsg::Agent(msg))
    }

    fn eligible(&self, wallet: &Addr) -> bool {
        let v: reg::VerifyResponse = self
            .s
            .app
            .wrap()
            .query_wasm_smart(
                self.s.registry.clone(),
                &reg::QueryMsg::Verify {
                    address: wallet.to_string(),
                },
            )
            .unwrap();
        v.eligible
    }

    fn balances(&self) -> Vec<u128> {
        self.wallets.iter().map(|w| self.s.balance(w)).collect()
    }

    fn step(&mut self, op: &Op) {
        let before = self.balances();
        let eligible: Vec<bool> = self.wallets.iter().map(|w| self.eligible(w)).collect();
        let agent = self.s.agent.clone();
        let w = self.wallets.clone();
        match *op {
            Op::Mint { to, amount } => {
                let _ = self.exec(
                    &agent,
                    &ExecuteMsg::Mint {
                        recipient: w[to].to_string(),
                        amount: Uint128::new(amount),
                    },
                );
            }
            Op::Transfer { from, to, amount } => {
                let answer = self.s.can_transfer(&w[from], &w[to], amount);
                let result = self.exec(
                    &w[from],
                    &ExecuteMsg::Transfer {
                        recipient: w[to].to_string(),
                        amount: Uint128::new(amount),
                    },
                );
                match (answer.allowed, result) {
                    (true, Ok(_)) => {}
                    (false, Err(err)) => {
                        let err = err.downcast::<ContractError>().unwrap();
                        assert_eq!(
                            err,
                            refused(answer.refusals[0].reason),
                            "a refused transfer reports the first code can_transfer lists"
                        );
                    }
                    (allowed, result) => {
                        panic!("can_transfer said {allowed} but the transfer gave {result:?}")
                    }
                }
            }
            Op::Forced { from, to, amount } => {
                let _ = self.agent(AgentMsg::ForcedTransfer {
                    from: w[from].to_string(),
                    to: w[to].to_string(),
                    amount: Uint128::new(amount),
                    legal_reference: "order-1".into(),
                    reference: None,
                });
            }
            Op::Redeem { from, amount } => {
                let _ = self.exec(
                    &agent,
                    &ExecuteMsg::Redeem {
                        owner: w[from].to_string(),
                        amount: Uint128::new(amount),
                        reference: None,
                    },
                );
            }
            Op::Freeze { wallet, amount } => {
                let _ = self.agent(AgentMsg::Freeze {
                    address: w[wallet].to_string(),
                    amount: amount.map(Uint128::new),
                    legal_reference: "lien".into(),
                });
            }
            Op::Unfreeze { wallet } => {
                let _ = self.agent(AgentMsg::Unfreeze {
                    address: w[wallet].to_string(),
                    amount: None,
                    legal_reference: "release".into(),
                });
            }
            Op::Block { investor } | Op::Unblock { investor } => {
                let id = INVESTORS[investor].0.to_string();
                let msg = if matches!(op, Op::Block { .. }) {
                    reg::ExecuteMsg::BlockInvestor {
                        investor_id: id,
                        reason_ref: "OFAC-1".into(),
                    }
                } else {
                    reg::ExecuteMsg::UnblockInvestor {
                        investor_id: id,
                        reason_ref: "cleared".into(),
                    }
                };
                let (officer, registry) = (self.s.officer.clone(), self.s.registry.clone());
                let _ = cw_multi_test::Executor::execute_contract(
                    &mut self.s.app,
                    officer,
                    registry,
                    &msg,
                    &[],
                );
            }
            Op::Pause | Op::Unpause => {
                let pauser = self.s.pauser.clone();
                let msg = if matches!(op, Op::Pause) {
                    ExecuteMsg::Pause {}
                } else {
                    ExecuteMsg::Unpause {}
                };
                let _ = self.exec(&pauser, &msg);
            }
            Op::Checkpoint => {
                let height = self.s.height() + 1;
                let opener = self.s.opener.clone();
                match self.exec(
                    &opener,
                    &ExecuteMsg::OpenCheckpoint {
                        height,
                        reference: None,
                    },
                ) {
                    Ok(_) => {
                        if !self.pending.contains(&height) {
                            self.pending.push(height);
                        }
                    }
                    Err(err) => assert!(matches!(
                        err.downcast::<ContractError>().unwrap(),
                        ContractError::TooManyRecordHeights { .. }
                    )),
                }
            }
            Op::Advance { seconds } => self.s.advance_time(seconds),
            Op::PlaceHold {
                owner,
                payee,
                amount,
                partial,
                seconds,
            } => {
                let mut request = self
                    .s
                    .hold_request(&self.notary, &w[payee], amount, partial);
                request.expires = self.s.now().plus_seconds(seconds);
                // The placement's compliance pass is the transfer's: it agrees with can_transfer
                // whenever the amount is available.
                let answer = self.s.can_transfer(&w[owner], &w[payee], amount);
                let result = self.exec(
                    &w[owner],
                    &ExecuteMsg::PlaceHold {
                        owner: None,
                        request,
                    },
                );
                if result.is_ok() {
                    assert!(
                        answer.allowed,
                        "a hold was placed that a transfer could not make"
                    );
                    let holds: HoldsResponse = self.s.query(&QueryMsg::Holds {
                        owner: w[owner].to_string(),
                        start_after: None,
                        limit: Some(100),
                    });
                    let id = holds.holds.iter().map(|h| h.id).max().unwrap();
                    self.holds.push(id);
                }
            }
            Op::ExecuteHold { pick, amount } => {
                if let Some(id) = self.holds.get(pick).copied() {
                    let notary = self.notary.clone();
                    let _ = self.exec(
                        &notary,
                        &ExecuteMsg::ExecuteHold {
                            id,
                            amount: amount.map(Uint128::new),
                        },
                    );
                }
            }
            Op::ReleaseHold { pick } => {
                if let Some(id) = self.holds.get(pick).copied() {
                    let notary = self.notary.clone();
                    let _ = self.exec(&notary, &ExecuteMsg::ReleaseHold { id });
                }
            }
        }

        // No wallet that was not eligible at this block was credited (system accounts aside,
        // none exist here).
        let after = self.balances();
        for i in 0..WALLETS {
            if after[i] > before[i] {
                assert!(eligible[i], "{op:?} credited ineligible wallet w{i}");
            }
        }
        self.s.next_block();
        self.check_books();
        self.check_checkpoints();
        self.check_holds();
        let head: AuditResponse = self.s.query(&QueryMsg::Audit {});
        assert_eq!(
            head,
            self.audit.to_response(),
            "audit head = replay of the events"
        );
    }

    /// held <= balance; held = sum of open remainders; every expired open hold is releasable
    /// by anyone (and is released here).
    fn check_holds(&mut self) {
        let now = self.s.now();
        let stranger = self.s.addr("anyone");
        for w in self.wallets.clone() {
            let av = self.s.available(&w);
            assert!(av.held <= av.balance, "held <= balance of {w}");
            let holds: HoldsResponse = self.s.query(&QueryMsg::Holds {
                owner: w.to_string(),
                start_after: None,
                limit: Some(100),
            });
            let open: Uint128 = holds
                .holds
                .iter()
                .filter(|h| h.status == HoldStatus::Open)
                .map(|h| h.remaining())
                .sum();
            assert_eq!(open, av.held, "held = open remainders of {w}");
            for h in &holds.holds {
                assert!(matches!(
                    h.status,
                    HoldStatus::Open
                        | HoldStatus::Executed
                        | HoldStatus::Released
                        | HoldStatus::Cut
                ));
                if h.status != HoldStatus::Released {
                    assert_eq!(
                        h.amount,
                        h.executed + h.cut + h.remaining(),
                        "hold {} accounts for every unit",
                        h.id
                    );
                }
                if h.is_releasable_by_anyone(now) {
                    self.exec(&stranger, &ExecuteMsg::ReleaseHold { id: h.id })
                        .expect("an expired open hold can always be released");
                }
            }
        }
    }

    fn check_books(&self) {
        let balances = self.balances();
        let sum: u128 = balances.iter().sum();
        assert_eq!(sum, self.s.supply(), "sum of balances = total supply");
        let mut holders = 0;
        let mut holders_by_j = std::collections::BTreeMap::<&str, u64>::new();
        for (id, ws, j) in INVESTORS {
            let total: u128 = ws.iter().map(|i| balances[*i]).sum();
            assert_eq!(self.s.investor_balance(id), total, "book of {id}");
            if total > 0 {
                holders += 1;
                *holders_by_j.entry(j).or_default() += 1;
            }
        }
        assert_eq!(self.s.holders(), holders, "holder count");
        for j in ["US", "DE"] {
            assert_eq!(
                self.s.holders_in(j),
                holders_by_j.get(j).copied().unwrap_or(0),
                "holders in {j}"
            );
        }
        assert_eq!(balances[5], 0, "the unregistered wallet never holds");
    }

    /// Record each checkpoint once its height is reached, then check it never changes.
    fn check_checkpoints(&mut self) {
        let now = self.s.height();
        let (reached, pending): (Vec<u64>, Vec<u64>) =
            self.pending.iter().partition(|h| **h <= now);
        self.pending = pending;
        for height in reached {
            let snapshot = self.snapshot(height);
            self.reached.push((height, snapshot.0, snapshot.1));
        }
        for (height, balances, supply) in &self.reached {
            let (b, s) = self.snapshot(*height);
            assert_eq!(&b, balances, "balances at checkpoint {height} changed");
            assert_eq!(s, *supply, "supply at checkpoint {height} changed");
        }
    }

    fn snapshot(&self, height: u64) -> (Vec<u128>, u128) {
        let balances = self
            .wallets
            .iter()
            .map(|w| {
                let r: cw20::BalanceResponse = self.s.query(&QueryMsg::BalanceAt {
                    address: w.to_string(),
                    height,
                });
                r.balance.u128()
            })
            .collect();
        let supply: TotalSupplyResponse = self.s.query(&QueryMsg::TotalSupplyAt { height });
        (balances, supply.total_supply.u128())
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn books_stay_exact_and_checks_agree_over_random_sequences(
        ops in prop::collection::vec(op(), 1..40)
    ) {
        let mut world = World::new();
        for op in &ops {
            world.step(op);
        }
    }
}

/// A fixed sequence touching every kind of operation, run as a plain test.
#[test]
fn a_fixed_sequence_keeps_the_books_exact() {
    let mut world = World::new();
    for op in [
        Op::Mint { to: 0, amount: 300 },
        Op::Mint { to: 2, amount: 200 },
        Op::Checkpoint,
        Op::Transfer {
            from: 0,
            to: 1,
            amount: 100,
        },
        Op::Transfer {
            from: 0,
            to: 3,
            amount: 50,
        },
        Op::Transfer {
            from: 2,
            to: 4,
            amount: 10,
        },
        Op::Transfer {
            from: 0,
            to: 5,
            amount: 1,
        },
        Op::Freeze {
            wallet: 1,
            amount: Some(60),
        },
        Op::Forced {
            from: 1,
            to: 2,
            amount: 70,
        },
        Op::Block { investor: 1 },
        Op::Transfer {
            from: 3,
            to: 2,
            amount: 5,
        },
        Op::Unblock { investor: 1 },
        Op::Pause,
        Op::Mint { to: 3, amount: 5 },
        Op::Unpause,
        Op::Redeem {
            from: 3,
            amount: 50,
        },
        Op::Unfreeze { wallet: 1 },
        Op::Advance { seconds: 60 },
    ] {
        world.step(&op);
    }
    assert_eq!(world.s.holders(), 2);
    assert!(world.s.supply() > 0);
}
