//! Trades on holds on the deployed suite (the real registry, token, adapter and cw20-base as
//! USD1): each leg affirmed by a hold its party places naming the settlement contract, settlement executing
//! every hold in one transaction, refusals, withdrawals, cancels and expiry releasing holds.

use anyhow::Result;
use cosmwasm_std::{to_json_binary, Addr, Timestamp, Uint128};
use cw_multi_test::{AppResponse, Executor};
use sto_interface::cash::{self, AssetInfo};
use sto_interface::common::InvestorClass;
use sto_interface::hold::{HoldRequest, HoldStatus};
use sto_interface::settlement::{
    Affirmation, ExecuteMsg, LegRequest, QueryMsg, Trade, TradeLeg, TradeStatus, TradesResponse,
};
use sto_interface::token;
use sto_testing::{attr, Suite, SuiteBuilder};

use settlement::ContractError;

const USD: u128 = 1_000_000;
const YEAR: u64 = 365 * 86_400;
const HOUR: u64 = 3_600;

struct World {
    s: Suite,
    alice: Addr,
    bob: Addr,
    carol: Addr,
}

/// Alice (US) holds 100 bonds; Bob (DE) and Carol (US) each have 10,000 USD1 in their cash
/// accounts; the settlement contract is a registered notary at the token and the adapter (the
/// suite wires it).
fn world() -> Result<World> {
    let mut s = SuiteBuilder::new()
        .with_usd1("bob", 10_000 * USD)
        .with_usd1("carol", 10_000 * USD)
        .build()?;
    let (alice, bob, carol) = (s.addr("alice"), s.addr("bob"), s.addr("carol"));
    for (id, w, j) in [
        ("INV-ALICE", &alice, "US"),
        ("INV-BOB", &bob, "DE"),
        ("INV-CAROL", &carol, "US"),
    ] {
        s.register_investor(id, &[w], j, InvestorClass::Accredited, YEAR)?;
    }
    let agent = s.transfer_agent.clone();
    s.token_exec(
        &agent,
        &token::ExecuteMsg::Issue {
            recipient: alice.to_string(),
            amount: Uint128::new(100),
            locked_until: None,
            reference: None,
        },
    )?;
    let asset = AssetInfo::Cw20 {
        address: s.usd1.addr(),
    };
    for w in [&bob, &carol] {
        let msg = s
            .adapter
            .account_deposit_msg(&asset, Uint128::new(10_000 * USD), None, None)?;
        s.app.execute(w.clone(), msg)?;
    }
    s.adapter_exec(&alice, &cash::ExecuteMsg::OpenAccount {})?;
    Ok(World {
        s,
        alice,
        bob,
        carol,
    })
}

impl World {
    fn settlement(&mut self, sender: &Addr, msg: &ExecuteMsg) -> Result<AppResponse> {
        self.s.settlement_exec(sender, msg)
    }

    /// Alice sells 10 bonds to Bob for 1,000 USD1: leg 0 security, leg 1 cash.
    fn create(&mut self, sender: &Addr, approver: Option<&Addr>) -> Result<u64> {
        let deadline = self.s.now().plus_seconds(HOUR);
        let msg = ExecuteMsg::CreateTrade {
            legs: vec![
                LegRequest::Security {
                    token: self.s.token.0.to_string(),
                    from: self.alice.to_string(),
                    to: self.bob.to_string(),
                    quantity: Uint128::new(10),
                },
                LegRequest::Cash {
                    from: self.bob.to_string(),
                    to: self.alice.to_string(),
                    amount: Uint128::new(1_000 * USD),
                },
            ],
            deadline,
            settle_not_before: None,
            approver: approver.map(Addr::to_string),
            venue_reference: Some("VENUE-T-1".into()),
        };
        let res = self.settlement(sender, &msg)?;
        Ok(attr(&res, "trade_id").unwrap().parse()?)
    }

    fn request(
        &self,
        trade_id: u64,
        leg: u8,
        settle: bool,
        payee: &str,
        amount: u128,
    ) -> HoldRequest {
        HoldRequest {
            notary: self.s.settlement.0.to_string(),
            payee: payee.to_string(),
            amount: Uint128::new(amount),
            expires: self.s.now().plus_seconds(2 * HOUR),
            reference: format!("settlement:{trade_id}"),
            partial: false,
            msg: Some(
                to_json_binary(&Affirmation {
                    trade_id,
                    leg,
                    settle,
                })
                .unwrap(),
            ),
        }
    }

    /// Alice affirms the security leg with a token hold.
    fn affirm_security(&mut self, trade_id: u64, settle: bool) -> Result<AppResponse> {
        let request = self.request(trade_id, 0, settle, self.bob.as_str(), 10);
        let msg = self.s.token.hold_msg(None, request)?;
        let alice = self.alice.clone();
        self.s.app.execute(alice, msg)
    }

    /// Bob affirms the cash leg with a cash hold on his account.
    fn affirm_cash(&mut self, trade_id: u64, settle: bool) -> Result<AppResponse> {
        let request = self.request(trade_id, 1, settle, "INV-ALICE", 1_000 * USD);
        let bob = self.bob.clone();
        self.s.adapter_exec(
            &bob,
            &cash::ExecuteMsg::PlaceHold {
                account: None,
                hold: request,
            },
        )
    }

    fn trade(&self, id: u64) -> Trade {
        self.s
            .app
            .wrap()
            .query_wasm_smart(&self.s.settlement.0, &QueryMsg::Trade { id })
            .unwrap()
    }

    fn cash(&self, key: &str) -> u128 {
        self.s
            .adapter
            .account(&self.s.app.wrap(), key)
            .unwrap()
            .map(|a| a.balance.u128())
            .unwrap_or_default()
    }

    /// The suite-wide invariants (USD1 conserved, every hold within its owner's balance, cash
    /// accounts and holds at the adapter, token books).
    fn check(&self) {
        sto_testing::invariants::check(&self.s, Uint128::new(20_000 * USD)).unwrap();
        sto_testing::invariants::check_token_holds(&self.s).unwrap();
    }

    /// Balances that a refusal must leave unchanged.
    fn books(&self) -> (u128, u128, u128, u128) {
        (
            self.s.tokens(&self.alice),
            self.s.tokens(&self.bob),
            self.cash("INV-ALICE"),
            self.cash("INV-BOB"),
        )
    }
}

fn err(e: anyhow::Error) -> ContractError {
    e.downcast::<ContractError>()
        .unwrap_or_else(|e| panic!("not a settlement error: {e:?}"))
}

#[test]
fn the_last_affirmation_settles_both_legs_in_its_transaction() -> Result<()> {
    let mut w = world()?;
    let alice = w.alice.clone();
    let id = w.create(&alice, None)?;
    let t = w.trade(id);
    assert_eq!(t.status, TradeStatus::Open);
    assert!(
        matches!(&t.legs[1], TradeLeg::Cash { from_account, to_account, .. }
        if from_account == "INV-BOB" && to_account == "INV-ALICE")
    );

    // Alice's hold: her 10 bonds stay in her balance, earmarked for Bob.
    let res = w.affirm_security(id, true)?;
    assert_eq!(attr(&res, "action").as_deref(), Some("hold"));
    assert_eq!(w.s.tokens(&alice), 100);
    assert_eq!(w.trade(id).status, TradeStatus::Open);
    // Bob's hold is the last affirmation and asks to settle: both holds execute now.
    let res = w.affirm_cash(id, true)?;
    assert!(res
        .events
        .iter()
        .any(|e| e.attributes.iter().any(|a| a.value == "settle_trade")));
    let t = w.trade(id);
    assert_eq!(t.status, TradeStatus::Settled);
    assert_eq!(t.closed_height, Some(w.s.height()));
    assert_eq!(w.books(), (90, 10, 1_000 * USD, 9_000 * USD));
    w.check();
    // Both holds are executed.
    let sec =
        w.s.token
            .hold(&w.s.app.wrap(), t.holds[0].unwrap())?
            .unwrap();
    assert_eq!(sec.status, HoldStatus::Executed);
    // Indexed for both parties.
    let page: TradesResponse = w.s.app.wrap().query_wasm_smart(
        &w.s.settlement.0,
        &QueryMsg::TradesByParty {
            party: w.bob.to_string(),
            start_after: None,
            limit: None,
        },
    )?;
    assert_eq!(page.trades.len(), 1);
    // A settled trade accepts nothing more.
    let e = err(w
        .settlement(&alice, &ExecuteMsg::SettleTrade { trade_id: id })
        .unwrap_err());
    assert_eq!(
        e,
        ContractError::TradeClosed {
            id,
            status: TradeStatus::Settled
        }
    );
    Ok(())
}

#[test]
fn with_an_approver_only_the_approver_settles_and_a_refused_settlement_moves_nothing() -> Result<()>
{
    let mut w = world()?;
    let (alice, bob, carol) = (w.alice.clone(), w.bob.clone(), w.carol.clone());
    let approver = w.s.addr("venue");
    let id = w.create(&bob, Some(&approver))?;
    w.affirm_security(id, true)?;
    w.affirm_cash(id, true)?;
    // The settle flag does not settle a trade with an approver.
    assert_eq!(w.trade(id).status, TradeStatus::Open);
    let before = w.books();
    let e = err(w
        .settlement(&carol, &ExecuteMsg::SettleTrade { trade_id: id })
        .unwrap_err());
    assert_eq!(
        e,
        ContractError::NotApprover {
            id,
            sender: carol.clone()
        }
    );
    // Bob's KYC lapses before settlement: the token refuses the delivery, nothing moves.
    let compliance = w.s.compliance.clone();
    w.s.registry_exec(
        &compliance,
        &sto_interface::registry::ExecuteMsg::UpdateInvestor {
            investor_id: "INV-BOB".into(),
            jurisdiction: None,
            class: None,
            kyc_valid_until: Some(w.s.now().plus_seconds(60)),
        },
    )?;
    w.s.advance(120);
    assert!(w
        .settlement(&approver, &ExecuteMsg::SettleTrade { trade_id: id })
        .is_err());
    assert_eq!(w.books(), before);
    assert_eq!(w.trade(id).status, TradeStatus::Open);
    // Once every leg is affirmed nobody withdraws alone; the approver cancels and the holds
    // are released.
    let e = err(w
        .settlement(
            &alice,
            &ExecuteMsg::WithdrawAffirmation {
                trade_id: id,
                leg: 0,
            },
        )
        .unwrap_err());
    assert_eq!(e, ContractError::TradeFullyAffirmed { id });
    w.settlement(
        &approver,
        &ExecuteMsg::CancelTrade {
            trade_id: id,
            legal_reference: None,
        },
    )?;
    let t = w.trade(id);
    assert_eq!(t.status, TradeStatus::Cancelled);
    let sec =
        w.s.token
            .hold(&w.s.app.wrap(), t.holds[0].unwrap())?
            .unwrap();
    assert_eq!(sec.status, HoldStatus::Released);
    let cash_hold =
        cash::layout::query_cash_hold(&w.s.app.wrap(), &w.s.adapter.0, t.holds[1].unwrap())?
            .unwrap();
    assert_eq!(cash_hold.status, HoldStatus::Released);
    assert_eq!(w.books(), before);
    w.check();
    Ok(())
}

#[test]
fn a_hold_that_does_not_match_its_leg_is_refused_and_nothing_is_held() -> Result<()> {
    let mut w = world()?;
    let alice = w.alice.clone();
    let id = w.create(&alice, None)?;
    let bob = w.bob.clone();
    let cases: Vec<(HoldRequest, ContractError)> = vec![
        (
            w.request(id, 0, false, w.carol.as_str(), 10),
            ContractError::HoldMismatch {
                id,
                leg: 0,
                field: "payee".into(),
                expected: bob.to_string(),
                got: w.carol.to_string(),
            },
        ),
        (
            w.request(id, 0, false, bob.as_str(), 9),
            ContractError::HoldMismatch {
                id,
                leg: 0,
                field: "amount".into(),
                expected: "10".into(),
                got: "9".into(),
            },
        ),
        (
            HoldRequest {
                expires: w.s.now().plus_seconds(HOUR - 1),
                ..w.request(id, 0, false, bob.as_str(), 10)
            },
            ContractError::HoldMismatch {
                id,
                leg: 0,
                field: "expires".into(),
                expected: format!("at or after {}", w.s.now().plus_seconds(HOUR).seconds()),
                got: w.s.now().plus_seconds(HOUR - 1).seconds().to_string(),
            },
        ),
        (
            w.request(id, 5, false, bob.as_str(), 10),
            ContractError::UnknownLeg {
                id,
                leg: 5,
                legs: 2,
            },
        ),
        (
            // A token hold naming the cash leg: that leg is held at the adapter.
            w.request(id, 1, false, bob.as_str(), 10),
            ContractError::HoldFromWrongContract {
                id,
                leg: 1,
                expected: w.s.adapter.0.clone(),
                sender: w.s.token.0.clone(),
            },
        ),
        (
            HoldRequest {
                msg: None,
                ..w.request(id, 0, false, bob.as_str(), 10)
            },
            ContractError::HoldWithoutAffirmation { hold_id: 1 },
        ),
    ];
    for (i, (request, expected)) in cases.into_iter().enumerate() {
        let before = w.books();
        let msg = w.s.token.hold_msg(None, request)?;
        let e = w.s.app.execute(alice.clone(), msg).unwrap_err();
        let got = e
            .downcast_ref::<ContractError>()
            .unwrap_or_else(|| panic!("case {i}: {e:?}"));
        // The refused placement was reverted, so each case sees hold id 1 again.
        assert_eq!(got, &expected, "case {i}");
        assert_eq!(w.books(), before);
    }
    assert_eq!(w.trade(id).holds, vec![None, None]);
    // A hold notification from anything but the leg's token is refused.
    let e = err(w
        .settlement(
            &alice,
            &ExecuteMsg::HoldPlaced(sto_interface::hold::HoldPlaced {
                hold: w.s.token.hold(&w.s.app.wrap(), 1).ok().flatten().unwrap_or(
                    sto_interface::hold::Hold {
                        id: 1,
                        owner: alice.to_string(),
                        notary: w.s.settlement.0.clone(),
                        payee: bob.to_string(),
                        amount: Uint128::new(10),
                        executed: Uint128::zero(),
                        cut: Uint128::zero(),
                        expires: w.s.now().plus_seconds(2 * HOUR),
                        reference: format!("settlement:{id}"),
                        partial: false,
                        placed_by: alice.clone(),
                        status: HoldStatus::Open,
                    },
                ),
                msg: Some(to_json_binary(&Affirmation {
                    trade_id: id,
                    leg: 0,
                    settle: true,
                })?),
            }),
        )
        .unwrap_err());
    assert_eq!(
        e,
        ContractError::HoldFromWrongContract {
            id,
            leg: 0,
            expected: w.s.token.0.clone(),
            sender: alice.clone(),
        }
    );
    Ok(())
}

#[test]
fn bad_trades_are_refused_with_their_values() -> Result<()> {
    let mut w = world()?;
    let (alice, bob, carol) = (w.alice.clone(), w.bob.clone(), w.carol.clone());
    let token = w.s.token.0.to_string();
    let now = w.s.now();
    let leg = |from: &Addr, to: &Addr, quantity: u128| LegRequest::Security {
        token: token.clone(),
        from: from.to_string(),
        to: to.to_string(),
        quantity: Uint128::new(quantity),
    };
    let create = |legs: Vec<LegRequest>, deadline: Timestamp, snb: Option<Timestamp>| {
        ExecuteMsg::CreateTrade {
            legs,
            deadline,
            settle_not_before: snb,
            approver: None,
            venue_reference: None,
        }
    };
    let later = now.plus_seconds(HOUR);
    let cases = vec![
        (
            create(vec![], later, None),
            ContractError::InvalidTradeLegs { count: 0, max: 8 },
        ),
        (
            create((0..9).map(|_| leg(&alice, &bob, 1)).collect(), later, None),
            ContractError::InvalidTradeLegs { count: 9, max: 8 },
        ),
        (
            create(vec![leg(&alice, &bob, 0)], later, None),
            ContractError::ZeroAmount {
                field: "legs[0]".into(),
            },
        ),
        (
            create(vec![leg(&alice, &alice, 1)], later, None),
            ContractError::SameParty {
                address: alice.clone(),
            },
        ),
        (
            create(vec![leg(&alice, &bob, 1)], now, None),
            ContractError::DeadlineNotInFuture { deadline: now, now },
        ),
        (
            create(vec![leg(&alice, &bob, 1)], later, Some(later)),
            ContractError::SettleNotBeforeAfterDeadline {
                settle_not_before: later,
                deadline: later,
            },
        ),
        (
            create(
                vec![LegRequest::Security {
                    token: w.s.usd1.addr().to_string(),
                    from: alice.to_string(),
                    to: bob.to_string(),
                    quantity: Uint128::one(),
                }],
                later,
                None,
            ),
            ContractError::TokenNotAllowed {
                token: w.s.usd1.addr(),
            },
        ),
    ];
    for (msg, expected) in cases {
        assert_eq!(err(w.settlement(&alice, &msg).unwrap_err()), expected);
    }
    // Neither a party nor a settlement operator.
    let e = err(w
        .settlement(&carol, &create(vec![leg(&alice, &bob, 1)], later, None))
        .unwrap_err());
    assert_eq!(e, ContractError::NotPartyOrOperator { sender: carol });
    // The broker (settlement operator) creates for clients.
    let broker = w.s.broker.clone();
    w.settlement(&broker, &create(vec![leg(&alice, &bob, 1)], later, None))?;
    Ok(())
}

#[test]
fn withdraw_before_full_affirmation_and_expiry_release_the_holds() -> Result<()> {
    let mut w = world()?;
    let (alice, bob) = (w.alice.clone(), w.bob.clone());
    let id = w.create(&alice, None)?;
    w.affirm_security(id, false)?;
    // Settling before every leg is affirmed names the missing leg.
    let e = err(w
        .settlement(&bob, &ExecuteMsg::SettleTrade { trade_id: id })
        .unwrap_err());
    assert_eq!(e, ContractError::LegNotAffirmed { id, leg: 1 });
    // Only the leg's party withdraws its affirmation.
    let e = err(w
        .settlement(
            &bob,
            &ExecuteMsg::WithdrawAffirmation {
                trade_id: id,
                leg: 0,
            },
        )
        .unwrap_err());
    assert_eq!(
        e,
        ContractError::NotLegParty {
            id,
            leg: 0,
            sender: bob.clone()
        }
    );
    w.settlement(
        &alice,
        &ExecuteMsg::WithdrawAffirmation {
            trade_id: id,
            leg: 0,
        },
    )?;
    assert_eq!(w.trade(id).holds, vec![None, None]);
    // Affirm again, twice on the same leg is refused.
    w.affirm_security(id, false)?;
    let e = w.affirm_security(id, false).unwrap_err();
    assert!(matches!(
        e.downcast_ref::<ContractError>(),
        Some(ContractError::LegAlreadyAffirmed { leg: 0, .. })
    ));
    w.affirm_cash(id, false)?;
    // Expiry: not before the deadline; from it, anyone, and every hold is released.
    let stranger = w.s.addr("stranger");
    let e = err(w
        .settlement(&stranger, &ExecuteMsg::ExpireTrade { trade_id: id })
        .unwrap_err());
    assert!(matches!(e, ContractError::TradeDeadlineNotReached { .. }));
    w.s.advance(HOUR);
    let e = err(w
        .settlement(&bob, &ExecuteMsg::SettleTrade { trade_id: id })
        .unwrap_err());
    assert!(matches!(e, ContractError::TradeDeadlinePassed { .. }));
    w.settlement(&stranger, &ExecuteMsg::ExpireTrade { trade_id: id })?;
    let t = w.trade(id);
    assert_eq!(t.status, TradeStatus::Expired);
    assert_eq!(w.books(), (100, 0, 0, 10_000 * USD));
    let cash_hold =
        cash::layout::query_cash_hold(&w.s.app.wrap(), &w.s.adapter.0, t.holds[1].unwrap())?
            .unwrap();
    assert_eq!(cash_hold.status, HoldStatus::Released);
    Ok(())
}

#[test]
fn after_full_affirmation_a_cancel_needs_every_party_or_the_tokens_transfer_agent() -> Result<()> {
    let mut w = world()?;
    let (alice, bob, carol) = (w.alice.clone(), w.bob.clone(), w.carol.clone());
    let id = w.create(&alice, None)?;
    w.affirm_security(id, false)?;
    w.affirm_cash(id, false)?;
    let cancel = |legal_reference: Option<&str>| ExecuteMsg::CancelTrade {
        trade_id: id,
        legal_reference: legal_reference.map(str::to_string),
    };
    // A party alone only records its request.
    let res = w.settlement(&alice, &cancel(None))?;
    assert_eq!(
        attr(&res, "action").as_deref(),
        Some("request_trade_cancel")
    );
    assert_eq!(w.trade(id).status, TradeStatus::Open);
    let e = err(w.settlement(&alice, &cancel(None)).unwrap_err());
    assert_eq!(
        e,
        ContractError::CancelAlreadyRequested {
            id,
            party: alice.clone()
        }
    );
    // A stranger cannot, even with a legal reference.
    let e = err(w.settlement(&carol, &cancel(Some("COURT-1"))).unwrap_err());
    assert_eq!(
        e,
        ContractError::CannotCancelTrade {
            id,
            sender: carol.clone()
        }
    );
    // The token's transfer agent cancels with a legal reference.
    let ta = w.s.transfer_agent.clone();
    let res = w.settlement(&ta, &cancel(Some("COURT-2026-4")))?;
    assert_eq!(attr(&res, "by").as_deref(), Some("transfer_agent"));
    let t = w.trade(id);
    assert_eq!(t.status, TradeStatus::Cancelled);
    assert_eq!(t.legal_reference.as_deref(), Some("COURT-2026-4"));
    assert_eq!(w.books(), (100, 0, 0, 10_000 * USD));

    // A second trade: both parties ask, the second request cancels.
    let id = w.create(&alice, None)?;
    w.affirm_security(id, false)?;
    w.affirm_cash(id, false)?;
    let cancel = |trade_id: u64| ExecuteMsg::CancelTrade {
        trade_id,
        legal_reference: None,
    };
    w.settlement(&bob, &cancel(id))?;
    let res = w.settlement(&alice, &cancel(id))?;
    assert_eq!(attr(&res, "by").as_deref(), Some("all_parties"));
    assert_eq!(w.trade(id).status, TradeStatus::Cancelled);
    assert_eq!(w.books(), (100, 0, 0, 10_000 * USD));
    w.check();
    Ok(())
}

#[test]
fn time_bounds_references_and_unknown_trades_are_refused_with_their_values() -> Result<()> {
    let mut w = world()?;
    let (alice, bob) = (w.alice.clone(), w.bob.clone());
    let now = w.s.now();
    let legs = vec![LegRequest::Security {
        token: w.s.token.0.to_string(),
        from: alice.to_string(),
        to: bob.to_string(),
        quantity: Uint128::new(10),
    }];
    let create = |deadline: Timestamp, snb: Option<Timestamp>, venue: Option<String>| {
        ExecuteMsg::CreateTrade {
            legs: legs.clone(),
            deadline,
            settle_not_before: snb,
            approver: None,
            venue_reference: venue,
        }
    };
    // Beyond the settlement window (30 days by default).
    let far = now.plus_seconds(31 * 86_400);
    let e = err(w.settlement(&alice, &create(far, None, None)).unwrap_err());
    assert_eq!(
        e,
        ContractError::DeadlineTooFar {
            deadline: far,
            latest: now.plus_seconds(30 * 86_400),
        }
    );
    for venue in [String::new(), "v".repeat(129)] {
        let e = err(w
            .settlement(&alice, &create(now.plus_seconds(HOUR), None, Some(venue)))
            .unwrap_err());
        assert_eq!(
            e,
            ContractError::InvalidReference {
                field: "venue_reference".into(),
                max: 128,
            }
        );
    }
    // Settling before `settle_not_before`, even fully affirmed.
    let snb = now.plus_seconds(HOUR / 2);
    let res = w.settlement(&alice, &create(now.plus_seconds(HOUR), Some(snb), None))?;
    let id: u64 = attr(&res, "trade_id").unwrap().parse()?;
    w.affirm_security(id, true)?;
    // The affirmation asked to settle, but too early: recorded, not settled.
    assert_eq!(w.trade(id).status, TradeStatus::Open);
    let e = err(w
        .settlement(&bob, &ExecuteMsg::SettleTrade { trade_id: id })
        .unwrap_err());
    assert_eq!(
        e,
        ContractError::SettleTooEarly {
            id,
            settle_not_before: snb,
            now,
        }
    );
    w.s.advance(HOUR / 2);
    w.settlement(&bob, &ExecuteMsg::SettleTrade { trade_id: id })?;
    assert_eq!(w.trade(id).status, TradeStatus::Settled);
    assert_eq!(w.s.tokens(&bob), 10);

    // An affirmation at or after the deadline is refused (nothing held).
    let id = w.create(&alice, None)?;
    w.s.advance(HOUR);
    let e = w.affirm_security(id, false).unwrap_err();
    assert_eq!(
        e.downcast_ref::<ContractError>(),
        Some(&ContractError::TradeDeadlinePassed {
            id,
            deadline: now.plus_seconds(3 * HOUR / 2),
            now: w.s.now(),
        })
    );
    // Unknown leg and unknown trade.
    let e = err(w
        .settlement(
            &alice,
            &ExecuteMsg::WithdrawAffirmation {
                trade_id: id,
                leg: 2,
            },
        )
        .unwrap_err());
    assert_eq!(
        e,
        ContractError::UnknownLeg {
            id,
            leg: 2,
            legs: 2
        }
    );
    let e = err(w
        .settlement(&alice, &ExecuteMsg::ExpireTrade { trade_id: 99 })
        .unwrap_err());
    assert_eq!(e, ContractError::TradeNotFound { id: 99 });
    Ok(())
}
