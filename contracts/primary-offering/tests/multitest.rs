//! Primary offerings on the deployed suite (`sto_testing::SuiteBuilder`: the real registry,
//! token and cash adapter, cw20-base as USD1): subscriptions placed as cash holds at the
//! adapter (by the investor or its account operator), refused placements reverted, close,
//! pro-rata allocation pulled and pushed, skipped subscribers, failed and lapsed offerings,
//! roles both ways, and the conservation of every offering's cash and units.

use anyhow::Result;
use cosmwasm_std::{Addr, Decimal, HexBinary, Uint128};
use cw_multi_test::{AppResponse, Executor};
use primary_offering::ContractError;
use sto_access::{OwnershipAction, Role, RoleAction};
use sto_interface::cash::{self, AssetInfo, CashAccount};
use sto_interface::common::{InvestorClass, Jurisdiction};
use sto_interface::hold::{Hold, HoldPlaced, HoldRequest, HoldStatus};
use sto_interface::offering::{
    offering_reference, AllowedTokensResponse, Config, ExecuteMsg, InstantiateMsg, MigrateMsg,
    Offering, OfferingStatus, OfferingTerms, OfferingsResponse, PrimaryOffering, QueryMsg,
    SettlementOutcome, Subscription, SubscriptionMsg, SubscriptionsResponse, MAX_ALLOCATION_PAGE,
    MAX_GRACE, MIN_GRACE,
};
use sto_interface::registry::Ineligibility;
use sto_interface::token::{self, ReasonCode, TransferRules};
use sto_testing::{contracts, Suite, SuiteBuilder, YEAR};

const USD: u128 = 1_000_000;
const DAY: u64 = 24 * 3600;
/// 100 USD1 per unit.
const PRICE: u128 = 100 * USD;
const WINDOW: u64 = 7 * DAY;
const GRACE: u64 = 2 * DAY;

/// Investors: (investor id, wallet name, jurisdiction).
const INVESTORS: [(&str, &str, &str); 5] = [
    ("INV-ALICE", "alice", "US"),
    ("INV-BOB", "bob", "DE"),
    ("INV-CAROL", "carol", "US"),
    ("INV-DAVE", "dave", "FR"),
    ("INV-CUST", "client1", "GB"),
];

struct World {
    s: Suite,
    offering: PrimaryOffering,
    code_id: u64,
    custodian: Addr,
}

impl World {
    /// The suite with the token's `rules`, the investors of [`INVESTORS`] each with 10,000
    /// USD1 in its cash account (the custodian is the operator of `INV-CUST`'s account), the
    /// issuer's empty cash account `ISSUER`, and the offering contract deployed: registered as
    /// a notary at the adapter and holding the token's `minter` role.
    fn new(rules: TransferRules) -> Result<Self> {
        let mut builder = SuiteBuilder::new().with_rules(rules);
        for (_, wallet, _) in INVESTORS {
            builder = builder.with_usd1(wallet, 10_000 * USD);
        }
        let mut s = builder.build()?;
        for (id, wallet, j) in INVESTORS {
            let w = s.addr(wallet);
            s.register_investor(id, &[&w], j, InvestorClass::Accredited, 2 * YEAR)?;
        }
        let issuer = s.issuer.clone();
        s.register_investor(
            "ISSUER",
            &[&issuer],
            "US",
            InvestorClass::QualifiedInstitutional,
            2 * YEAR,
        )?;
        s.adapter_exec(&issuer, &cash::ExecuteMsg::OpenAccount {})?;
        let asset = AssetInfo::Cw20 {
            address: s.usd1.addr(),
        };
        for (_, wallet, _) in INVESTORS {
            let w = s.addr(wallet);
            let msg =
                s.adapter
                    .account_deposit_msg(&asset, Uint128::new(10_000 * USD), None, None)?;
            s.app.execute(w, msg)?;
        }
        let custodian = s.addr("custodian");
        let client1 = s.addr("client1");
        s.adapter_exec(
            &client1,
            &cash::ExecuteMsg::AuthorizeOperator {
                account: None,
                operator: custodian.to_string(),
                limit: Uint128::new(10_000 * USD),
            },
        )?;

        let owner = s.owner.clone();
        let code_id = s.app.store_code(contracts::primary_offering());
        let addr = s.app.instantiate_contract(
            code_id,
            owner.clone(),
            &InstantiateMsg {
                owner: None,
                cash_adapter: s.adapter.0.to_string(),
            },
            &[],
            "primary-offering",
            Some(owner.to_string()),
        )?;
        s.adapter_exec(
            &owner,
            &cash::ExecuteMsg::RegisterNotary {
                address: addr.to_string(),
            },
        )?;
        s.token_exec(
            &owner,
            &token::ExecuteMsg::UpdateRoles(RoleAction::Grant {
                role: Role::Minter,
                address: addr.to_string(),
            }),
        )?;
        let mut w = World {
            s,
            offering: PrimaryOffering(addr),
            code_id,
            custodian,
        };
        let allow = w.allow_msg(None);
        w.exec(&owner, &allow)?;
        Ok(w)
    }

    /// `allow_token` for the suite's token with its code checksum (or `checksum`).
    fn allow_msg(&self, checksum: Option<HexBinary>) -> ExecuteMsg {
        let info = self
            .s
            .app
            .wrap()
            .query_wasm_contract_info(&self.s.token.0)
            .unwrap();
        let actual = self
            .s
            .app
            .wrap()
            .query_wasm_code_info(info.code_id)
            .unwrap()
            .checksum;
        ExecuteMsg::AllowToken {
            token: self.s.token.0.to_string(),
            checksum: checksum.unwrap_or_else(|| HexBinary::from(actual.as_slice())),
        }
    }

    fn a(&self, name: &str) -> Addr {
        self.s.addr(name)
    }

    /// Advance `seconds` and post a fresh attestation (holds and executions need a healthy
    /// cash leg).
    fn advance(&mut self, seconds: u64) {
        self.s.advance(seconds);
        self.s.attest(Decimal::percent(102)).unwrap();
    }

    fn exec(&mut self, sender: &Addr, msg: &ExecuteMsg) -> Result<AppResponse> {
        self.s
            .app
            .execute_contract(sender.clone(), self.offering.0.clone(), msg, &[])
    }

    fn query<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.s
            .app
            .wrap()
            .query_wasm_smart(&self.offering.0, msg)
            .unwrap()
    }

    /// Default terms: 100 USD1 per unit, 1 to 60 units per investor, soft cap 50, hard cap
    /// 100, window of 7 days from now, 2 days of grace, paid to `ISSUER`.
    fn terms(&self) -> OfferingTerms {
        let now = self.s.now();
        OfferingTerms {
            token: self.s.token.0.to_string(),
            unit_price: Uint128::new(PRICE),
            min_units: Uint128::new(1),
            max_units: Uint128::new(60),
            soft_cap: Uint128::new(50),
            hard_cap: Uint128::new(100),
            start: now,
            end: now.plus_seconds(WINDOW),
            grace: GRACE,
            issuer_account: "ISSUER".into(),
            lock_until: Some(now.plus_seconds(YEAR)),
            reference: "ACME 5% 2031".into(),
        }
    }

    fn open(&mut self, terms: OfferingTerms) -> Result<u64> {
        let issuer = self.s.issuer.clone();
        let res = self.exec(&issuer, &ExecuteMsg::OpenOffering(terms))?;
        Ok(sto_testing::attr(&res, "offering_id").unwrap().parse()?)
    }

    fn offering(&self, id: u64) -> Offering {
        self.offering.offering(&self.s.app.wrap(), id).unwrap()
    }

    fn subscription(&self, id: u64, investor: &str) -> Option<Subscription> {
        self.offering
            .subscription(&self.s.app.wrap(), id, investor)
            .unwrap()
    }

    /// The hold request a subscriber signs for `units` of offering `id`.
    fn request(&self, id: u64, units: u128, wallet: Option<&Addr>) -> HoldRequest {
        let o = self.offering(id);
        HoldRequest {
            notary: self.offering.0.to_string(),
            payee: o.issuer_account.clone(),
            amount: Uint128::new(units * o.unit_price.u128()),
            expires: o.allocation_deadline,
            reference: offering_reference(id),
            partial: true,
            msg: Some(
                SubscriptionMsg {
                    offering_id: id,
                    units: Uint128::new(units),
                    wallet: wallet.map(Addr::to_string),
                }
                .to_binary()
                .unwrap(),
            ),
        }
    }

    /// `sender` places `hold` on `account` (its own when absent) at the adapter.
    fn place(
        &mut self,
        sender: &Addr,
        account: Option<&str>,
        hold: HoldRequest,
    ) -> Result<AppResponse> {
        self.s.adapter_exec(
            sender,
            &cash::ExecuteMsg::PlaceHold {
                account: account.map(str::to_string),
                hold,
            },
        )
    }

    /// The wallet `name` subscribes `units` of offering `id` for its own account.
    fn subscribe(&mut self, name: &str, id: u64, units: u128) -> Result<AppResponse> {
        let wallet = self.a(name);
        let hold = self.request(id, units, None);
        self.place(&wallet, None, hold)
    }

    fn close(&mut self, id: u64) -> Result<AppResponse> {
        let anyone = self.a("anyone");
        self.exec(&anyone, &ExecuteMsg::Close { offering_id: id })
    }

    fn allocate(&mut self, sender: &Addr, id: u64, investors: &[&str]) -> Result<AppResponse> {
        self.exec(
            sender,
            &ExecuteMsg::Allocate {
                offering_id: id,
                investors: investors.iter().map(|i| i.to_string()).collect(),
            },
        )
    }

    fn account(&self, key: &str) -> CashAccount {
        self.s
            .adapter
            .account(&self.s.app.wrap(), key)
            .unwrap()
            .unwrap_or_default()
    }

    fn hold(&self, id: u64) -> Hold {
        self.s
            .adapter_query(&cash::QueryMsg::CashHold { id })
            .unwrap()
    }

    fn tokens(&self, name: &str) -> u128 {
        self.s.token_balance(&self.a(name)).unwrap().u128()
    }

    fn all_subscriptions(&self, id: u64) -> Vec<Subscription> {
        let mut out = Vec::new();
        let mut start_after = None;
        loop {
            let page: SubscriptionsResponse = self.query(&QueryMsg::Subscriptions {
                offering_id: id,
                start_after: start_after.clone(),
                limit: Some(2),
            });
            start_after = page.subscriptions.last().map(|s| s.investor.clone());
            out.extend(page.subscriptions);
            if !page.has_more {
                return out;
            }
        }
    }

    /// The conservation invariant of a fully settled offering: every hold is final,
    /// executed + released = held, the issuer's account was credited units issued x price,
    /// the token minted exactly the units issued, at most the hard cap, and the
    /// subscriptions add up to the offering's totals.
    fn assert_conserved(&self, id: u64, issuer_before: u128, supply_before: u128) {
        let o = self.offering(id);
        let subs = self.all_subscriptions(id);
        assert_eq!(subs.len() as u64, o.subscribers);
        assert_eq!(o.settled, o.subscribers, "every subscription settled");
        let (mut held, mut executed, mut released, mut units) = (0u128, 0u128, 0u128, 0u128);
        for sub in &subs {
            let st = sub.settlement.as_ref().unwrap();
            assert_eq!(st.executed.u128() + st.released.u128(), sub.amount.u128());
            assert_eq!(st.executed.u128(), st.units.u128() * o.unit_price.u128());
            let hold = self.hold(sub.hold_id);
            assert_ne!(hold.status, HoldStatus::Open, "hold {} final", hold.id);
            assert_eq!(hold.executed, st.executed);
            held += sub.amount.u128();
            executed += st.executed.u128();
            released += st.released.u128();
            units += st.units.u128();
        }
        assert_eq!(held, o.held.u128());
        assert_eq!(executed, o.executed.u128());
        assert_eq!(released, o.released.u128());
        assert_eq!(units, o.units_issued.u128());
        assert_eq!(o.executed.u128() + o.released.u128(), o.held.u128());
        assert_eq!(
            self.account("ISSUER").balance.u128() - issuer_before,
            o.units_issued.u128() * o.unit_price.u128()
        );
        assert_eq!(
            self.s.token_supply().unwrap().u128() - supply_before,
            o.units_issued.u128()
        );
        assert!(o.units_issued <= o.hard_cap);
    }
}

fn err(res: Result<AppResponse>) -> ContractError {
    res.unwrap_err().downcast::<ContractError>().unwrap()
}

fn settlement_events(res: &AppResponse) -> Vec<(String, String, String)> {
    res.events
        .iter()
        .filter(|e| e.ty == "wasm-subscription_settled")
        .map(|e| {
            let get = |k: &str| {
                e.attributes
                    .iter()
                    .find(|a| a.key == k)
                    .map(|a| a.value.clone())
                    .unwrap_or_default()
            };
            (get("investor"), get("action"), get("units"))
        })
        .collect()
}

#[test]
fn an_oversubscribed_offering_is_allocated_pro_rata_and_the_dust_is_never_issued() -> Result<()> {
    let mut w = World::new(TransferRules::default())?;
    let supply_before = w.s.token_supply()?.u128();
    let id = w.open(w.terms())?;
    w.subscribe("alice", id, 60)?;
    w.subscribe("bob", id, 50)?;
    w.subscribe("carol", id, 45)?;
    // The custodian places the hold on its client's account and names the client's wallet.
    let client1 = w.a("client1");
    let custodian = w.custodian.clone();
    let hold = w.request(id, 20, Some(&client1));
    let res = w.place(&custodian, Some("INV-CUST"), hold)?;
    assert_eq!(
        sto_testing::attr(&res, "action").as_deref(),
        Some("place_hold")
    );
    let sub = w.subscription(id, "INV-CUST").unwrap();
    assert_eq!(sub.wallet, client1);
    assert_eq!(sub.placed_by, custodian);
    // Subscribing moves no cash: it is held in the subscriber's account.
    assert_eq!(w.account("INV-ALICE").held.u128(), 60 * PRICE);
    assert_eq!(w.account("INV-ALICE").balance.u128(), 10_000 * USD);
    let o = w.offering(id);
    assert_eq!((o.subscribers, o.subscribed_units.u128()), (4, 175));
    assert_eq!(o.held.u128(), 175 * PRICE);

    w.advance(WINDOW);
    let res = w.close(id)?;
    assert_eq!(
        sto_testing::attr(&res, "status").as_deref(),
        Some("succeeded")
    );
    let close = w.offering(id).close.unwrap();
    assert_eq!(close.allotted_units.u128(), 100);
    assert_eq!(close.ratio, Decimal::from_ratio(100u128, 175u128));

    // Alice pulls her own allocation; the issuer pushes the others in one page.
    let alice = w.a("alice");
    let res = w.allocate(&alice, id, &["INV-ALICE"])?;
    assert_eq!(
        settlement_events(&res),
        vec![("INV-ALICE".into(), "allocated".into(), "34".into())]
    );
    let issuer = w.s.issuer.clone();
    let res = w.allocate(&issuer, id, &["INV-BOB", "INV-CAROL", "INV-CUST"])?;
    assert_eq!(
        settlement_events(&res),
        vec![
            ("INV-BOB".into(), "allocated".into(), "28".into()),
            ("INV-CAROL".into(), "allocated".into(), "25".into()),
            ("INV-CUST".into(), "allocated".into(), "11".into()),
        ]
    );
    // floor(60·100/175) = 34, floor(50·100/175) = 28, floor(45·100/175) = 25,
    // floor(20·100/175) = 11: 98 issued, 2 units of dust never issued.
    assert_eq!(
        (
            w.tokens("alice"),
            w.tokens("bob"),
            w.tokens("carol"),
            w.tokens("client1")
        ),
        (34, 28, 25, 11)
    );
    let o = w.offering(id);
    assert_eq!(o.units_issued.u128(), 98);
    // Each subscriber paid exactly its units; the rest of its hold is available again.
    assert_eq!(
        w.account("INV-ALICE"),
        CashAccount {
            balance: Uint128::new(10_000 * USD - 34 * PRICE),
            held: Uint128::zero(),
        }
    );
    assert_eq!(w.account("ISSUER").balance.u128(), 98 * PRICE);
    // The issued units carry the offering's lock.
    let can: token::CanTransferResponse = w.s.token_query(&token::QueryMsg::CanTransfer {
        from: alice.to_string(),
        to: w.a("bob").to_string(),
        amount: Uint128::one(),
    })?;
    assert_eq!(can.refusals[0].reason, ReasonCode::HoldingPeriodLocked);
    w.assert_conserved(id, 0, supply_before);
    Ok(())
}

#[test]
fn an_offering_filled_below_the_hard_cap_is_allocated_in_full() -> Result<()> {
    let mut w = World::new(TransferRules::default())?;
    let id = w.open(w.terms())?;
    w.subscribe("alice", id, 40)?;
    w.subscribe("bob", id, 30)?;
    w.advance(WINDOW);
    w.close(id)?;
    assert_eq!(w.offering(id).close.unwrap().ratio, Decimal::one());
    let ta = w.s.transfer_agent.clone();
    w.allocate(&ta, id, &["INV-ALICE", "INV-BOB"])?;
    assert_eq!((w.tokens("alice"), w.tokens("bob")), (40, 30));
    // Fully executed holds: nothing to release.
    assert_eq!(w.hold(1).status, HoldStatus::Executed);
    w.assert_conserved(id, 0, 0);
    Ok(())
}

#[test]
fn a_failed_offering_releases_every_hold_on_anyones_request() -> Result<()> {
    let mut w = World::new(TransferRules::default())?;
    let id = w.open(w.terms())?;
    w.subscribe("alice", id, 20)?;
    w.subscribe("bob", id, 10)?;
    w.advance(WINDOW);
    let res = w.close(id)?;
    assert_eq!(sto_testing::attr(&res, "status").as_deref(), Some("failed"));
    assert_eq!(w.offering(id).status, OfferingStatus::Failed);
    let anyone = w.a("anyone");
    let res = w.allocate(&anyone, id, &["INV-ALICE", "INV-BOB"])?;
    assert_eq!(
        settlement_events(&res),
        vec![
            ("INV-ALICE".into(), "refunded".into(), "0".into()),
            ("INV-BOB".into(), "refunded".into(), "0".into()),
        ]
    );
    for key in ["INV-ALICE", "INV-BOB"] {
        assert_eq!(w.account(key).available().u128(), 10_000 * USD);
    }
    assert_eq!(w.hold(1).status, HoldStatus::Released);
    assert_eq!(w.tokens("alice"), 0);
    let o = w.offering(id);
    assert_eq!((o.executed.u128(), o.released.u128()), (0, 30 * PRICE));
    w.assert_conserved(id, 0, 0);
    Ok(())
}

#[test]
fn a_subscriber_refused_at_issuance_is_skipped_and_its_hold_released() -> Result<()> {
    let mut w = World::new(TransferRules::default())?;
    let id = w.open(w.terms())?;
    w.subscribe("alice", id, 60)?;
    w.subscribe("bob", id, 60)?;
    // After subscribing, Bob's wallet is frozen by legal order.
    w.s.agent_exec(token::AgentMsg::Freeze {
        address: w.a("bob").to_string(),
        amount: None,
        legal_reference: "COURT-1".into(),
    })?;
    w.advance(WINDOW);
    w.close(id)?;
    let issuer = w.s.issuer.clone();
    let res = w.allocate(&issuer, id, &["INV-ALICE", "INV-BOB"])?;
    assert_eq!(
        settlement_events(&res),
        vec![
            ("INV-ALICE".into(), "allocated".into(), "50".into()),
            ("INV-BOB".into(), "skipped".into(), "0".into()),
        ]
    );
    let reason = res
        .events
        .iter()
        .flat_map(|e| &e.attributes)
        .find(|a| a.key == "reason")
        .map(|a| a.value.clone());
    assert_eq!(reason.as_deref(), Some("recipient_frozen"));
    let bob = w.subscription(id, "INV-BOB").unwrap().settlement.unwrap();
    assert_eq!(
        bob.outcome,
        SettlementOutcome::Skipped {
            reason: ReasonCode::RecipientFrozen
        }
    );
    assert_eq!(w.account("INV-BOB").available().u128(), 10_000 * USD);
    assert_eq!(w.tokens("bob"), 0);
    let o = w.offering(id);
    assert_eq!((o.skipped, o.units_issued.u128()), (1, 50));
    w.assert_conserved(id, 0, 0);
    Ok(())
}

#[test]
fn holds_not_allocated_before_the_deadline_lapse_and_are_released() -> Result<()> {
    let mut w = World::new(TransferRules::default())?;
    let id = w.open(w.terms())?;
    w.subscribe("alice", id, 30)?;
    w.subscribe("bob", id, 30)?;
    w.advance(WINDOW);
    w.close(id)?;
    w.advance(GRACE);
    // Expired: anyone releases Bob's hold at the adapter; anyone settles both here.
    let anyone = w.a("anyone");
    w.s.adapter_exec(&anyone, &cash::ExecuteMsg::ReleaseHold { id: 2 })?;
    let res = w.allocate(&anyone, id, &["INV-ALICE", "INV-BOB"])?;
    assert_eq!(
        settlement_events(&res),
        vec![
            ("INV-ALICE".into(), "lapsed".into(), "0".into()),
            ("INV-BOB".into(), "lapsed".into(), "0".into()),
        ]
    );
    assert_eq!(w.account("INV-ALICE").held.u128(), 0);
    assert_eq!(w.account("INV-BOB").held.u128(), 0);
    w.assert_conserved(id, 0, 0);
    Ok(())
}

#[test]
fn new_holders_are_counted_at_subscription_against_the_holder_cap() -> Result<()> {
    let mut w = World::new(TransferRules {
        max_holders: Some(2),
        max_holders_per_jurisdiction: vec![token::JurisdictionCap {
            jurisdiction: Jurisdiction::parse("DE")?,
            max_holders: 0,
        }],
        ..TransferRules::default()
    })?;
    let id = w.open(w.terms())?;
    w.subscribe("alice", id, 10)?;
    let res = w.subscribe("bob", id, 10);
    assert_eq!(
        err(res),
        ContractError::IssuanceRefused {
            wallet: w.a("bob"),
            units: Uint128::new(10),
            reason: ReasonCode::MaxHoldersInJurisdictionReached,
        }
    );
    w.subscribe("carol", id, 10)?;
    // Two coming holders fill the cap of two: the third is refused now, not at issuance.
    let res = w.subscribe("dave", id, 10);
    assert_eq!(
        err(res),
        ContractError::IssuanceRefused {
            wallet: w.a("dave"),
            units: Uint128::new(10),
            reason: ReasonCode::MaxHoldersReached,
        }
    );
    assert_eq!(w.account("INV-DAVE").held.u128(), 0);

    // Settling gives the places back: the offering fails (20 < soft cap 50), both holds are
    // released, and Dave subscribes to the next offering.
    w.advance(WINDOW);
    w.close(id)?;
    let anyone = w.a("anyone");
    w.allocate(&anyone, id, &["INV-ALICE", "INV-CAROL"])?;
    let next = w.open(w.terms())?;
    w.subscribe("dave", next, 10)?;
    assert_eq!(
        w.subscription(next, "INV-DAVE").unwrap().new_holder,
        Some(Jurisdiction::parse("FR")?)
    );
    Ok(())
}

#[test]
fn a_deposit_can_place_the_subscription_hold_in_the_same_transaction() -> Result<()> {
    let mut w = World::new(TransferRules::default())?;
    let id = w.open(w.terms())?;
    let hold = w.request(id, 5, None);
    let alice = w.a("alice");
    let asset = AssetInfo::Cw20 {
        address: w.s.usd1.addr(),
    };
    // Alice's wallet still holds no USD1 outside the adapter: fund it first.
    let minter = w.s.usd1_issuer.clone();
    w.s.app.execute_contract(
        minter,
        w.s.usd1.addr(),
        &cw20::Cw20ExecuteMsg::Mint {
            recipient: alice.to_string(),
            amount: Uint128::new(5 * PRICE),
        },
        &[],
    )?;
    let msg =
        w.s.adapter
            .account_deposit_msg(&asset, Uint128::new(5 * PRICE), None, Some(hold))?;
    w.s.app.execute(alice, msg)?;
    let sub = w.subscription(id, "INV-ALICE").unwrap();
    assert_eq!(sub.units.u128(), 5);
    assert_eq!(w.account("INV-ALICE").held.u128(), 5 * PRICE);
    Ok(())
}

#[test]
fn every_execute_is_sealed_into_the_audit_trail() -> Result<()> {
    let mut w = World::new(TransferRules::default())?;
    let id = w.open(w.terms())?;
    w.subscribe("alice", id, 50)?;
    // allow_token (seq 1), open_offering (2), hold_placed (3).
    let head: sto_interface::audit::AuditResponse = w.query(&QueryMsg::Audit {});
    assert_eq!(head.seq, 3);
    w.advance(WINDOW);
    w.close(id)?;
    let alice = w.a("alice");
    w.allocate(&alice, id, &["INV-ALICE"])?;
    let head: sto_interface::audit::AuditResponse = w.query(&QueryMsg::Audit {});
    assert_eq!(head.seq, 5);
    Ok(())
}

#[test]
fn every_bad_subscription_is_refused_with_its_error_and_nothing_is_held() -> Result<()> {
    let mut w = World::new(TransferRules {
        denied_jurisdictions: vec![Jurisdiction::parse("FR")?],
        ..TransferRules::default()
    })?;
    let mut terms = w.terms();
    terms.start = w.s.now().plus_seconds(DAY);
    terms.min_units = Uint128::new(5);
    let id = w.open(terms)?;
    let o = w.offering(id);
    let alice = w.a("alice");

    // Before the window.
    let hold = w.request(id, 10, None);
    assert_eq!(
        err(w.place(&alice, None, hold)),
        ContractError::OutsideWindow {
            offering_id: id,
            start: o.start,
            end: o.end,
            now: w.s.now(),
        }
    );
    w.advance(DAY);

    // Refused placements are reverted with the adapter's id sequence: each would be hold 1.
    type Tweak = fn(&mut HoldRequest);
    let cases: Vec<(Tweak, ContractError)> = vec![
        (
            |h| h.payee = "INV-BOB".into(),
            ContractError::WrongPayee {
                hold_id: 1,
                payee: "INV-BOB".into(),
                expected: "ISSUER".into(),
            },
        ),
        (
            |h| h.reference = "primary_offering:99".into(),
            ContractError::WrongReference {
                hold_id: 1,
                reference: "primary_offering:99".into(),
                expected: offering_reference(1),
            },
        ),
        (
            |h| h.partial = false,
            ContractError::HoldNotPartial { hold_id: 1 },
        ),
        (
            |h| h.expires = h.expires.minus_seconds(1),
            ContractError::HoldExpiresTooEarly {
                hold_id: 1,
                expires: o.allocation_deadline.minus_seconds(1),
                deadline: o.allocation_deadline,
            },
        ),
        (
            |h| h.amount -= Uint128::one(),
            ContractError::WrongHoldAmount {
                hold_id: 1,
                units: Uint128::new(10),
                amount: Uint128::new(10 * PRICE - 1),
                expected: Uint128::new(10 * PRICE),
            },
        ),
        (
            |h| h.msg = None,
            ContractError::MissingSubscriptionMsg { hold_id: 1 },
        ),
    ];
    for (tweak, expected) in cases {
        let mut hold = w.request(id, 10, None);
        tweak(&mut hold);
        assert_eq!(err(w.place(&alice, None, hold)), expected);
    }
    // Units out of bounds.
    let hold = w.request(id, 4, None);
    assert_eq!(
        err(w.place(&alice, None, hold)),
        ContractError::BelowMinimum {
            units: Uint128::new(4),
            min_units: Uint128::new(5),
        }
    );
    let hold = w.request(id, 61, None);
    assert_eq!(
        err(w.place(&alice, None, hold)),
        ContractError::AboveMaximum {
            units: Uint128::new(61),
            max_units: Uint128::new(60),
        }
    );
    // A wallet of another investor, an ineligible jurisdiction.
    let bob = w.a("bob");
    let hold = w.request(id, 10, Some(&bob));
    assert_eq!(
        err(w.place(&alice, None, hold)),
        ContractError::WalletNotOfInvestor {
            wallet: bob.clone(),
            wallet_investor: "INV-BOB".into(),
            investor: "INV-ALICE".into(),
        }
    );
    assert_eq!(
        err(w.subscribe("dave", id, 10)),
        ContractError::IssuanceRefused {
            wallet: w.a("dave"),
            units: Uint128::new(10),
            reason: ReasonCode::JurisdictionDenied,
        }
    );
    // Nothing was held or recorded by any refusal.
    assert_eq!(w.account("INV-ALICE").held.u128(), 0);
    assert_eq!(w.account("INV-DAVE").held.u128(), 0);
    let o = w.offering(id);
    assert_eq!((o.subscribers, o.subscribed_units.u128()), (0, 0));

    // One subscription per investor.
    w.subscribe("alice", id, 10)?;
    assert_eq!(
        err(w.subscribe("alice", id, 6)),
        ContractError::AlreadySubscribed {
            offering_id: id,
            investor: "INV-ALICE".into(),
        }
    );
    assert_eq!(w.account("INV-ALICE").held.u128(), 10 * PRICE);

    w.advance(WINDOW - DAY);
    // After the window.
    let hold = w.request(id, 10, None);
    let now = w.s.now();
    assert_eq!(
        err(w.place(&bob, None, hold)),
        ContractError::OutsideWindow {
            offering_id: id,
            start: o.start,
            end: o.end,
            now,
        }
    );
    Ok(())
}

#[test]
fn hold_placed_is_accepted_from_the_cash_adapter_only() -> Result<()> {
    let mut w = World::new(TransferRules::default())?;
    let id = w.open(w.terms())?;
    let o = w.offering(id);
    let alice = w.a("alice");
    let placed = HoldPlaced {
        hold: Hold {
            id: 77,
            owner: "INV-ALICE".into(),
            notary: w.offering.0.clone(),
            payee: "ISSUER".into(),
            amount: Uint128::new(10 * PRICE),
            executed: Uint128::zero(),
            cut: Uint128::zero(),
            expires: o.allocation_deadline,
            reference: offering_reference(id),
            partial: true,
            placed_by: alice.clone(),
            status: HoldStatus::Open,
        },
        msg: Some(
            SubscriptionMsg {
                offering_id: id,
                units: Uint128::new(10),
                wallet: None,
            }
            .to_binary()?,
        ),
    };
    assert_eq!(
        err(w.exec(&alice, &ExecuteMsg::HoldPlaced(placed.clone()))),
        ContractError::NotCashAdapter {
            sender: alice.clone(),
            adapter: w.s.adapter.0.clone(),
        }
    );
    // A hold naming another notary (only a forged notification could carry one).
    let adapter = w.s.adapter.0.clone();
    let mut forged = placed.clone();
    forged.hold.notary = w.a("other_notary");
    assert_eq!(
        err(w.exec(&adapter, &ExecuteMsg::HoldPlaced(forged))),
        ContractError::WrongNotary {
            hold_id: 77,
            notary: w.a("other_notary"),
        }
    );
    let mut unknown = placed;
    unknown.msg = Some(
        SubscriptionMsg {
            offering_id: 9,
            units: Uint128::new(10),
            wallet: None,
        }
        .to_binary()?,
    );
    assert_eq!(
        err(w.exec(&adapter, &ExecuteMsg::HoldPlaced(unknown))),
        ContractError::OfferingNotFound { offering_id: 9 }
    );
    assert_eq!(w.offering(id).subscribers, 0);
    Ok(())
}

#[test]
fn close_and_allocate_follow_the_offering_lifecycle() -> Result<()> {
    let mut w = World::new(TransferRules::default())?;
    let id = w.open(w.terms())?;
    w.subscribe("alice", id, 60)?;
    let alice = w.a("alice");
    assert_eq!(
        err(w.allocate(&alice, id, &["INV-ALICE"])),
        ContractError::NotClosed { offering_id: id }
    );
    let end = w.offering(id).end;
    let now = w.s.now();
    assert_eq!(
        err(w.close(id)),
        ContractError::WindowNotEnded {
            offering_id: id,
            end,
            now,
        }
    );
    w.advance(WINDOW);
    w.close(id)?;
    assert_eq!(
        err(w.close(id)),
        ContractError::AlreadyClosed {
            offering_id: id,
            status: OfferingStatus::Succeeded,
        }
    );
    assert_eq!(
        err(w.allocate(&alice, id, &[])),
        ContractError::InvalidPage {
            count: 0,
            max: MAX_ALLOCATION_PAGE,
        }
    );
    let many: Vec<String> = (0..=MAX_ALLOCATION_PAGE).map(|i| format!("I{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    assert_eq!(
        err(w.allocate(&alice, id, &many)),
        ContractError::InvalidPage {
            count: MAX_ALLOCATION_PAGE + 1,
            max: MAX_ALLOCATION_PAGE,
        }
    );
    assert_eq!(
        err(w.allocate(&alice, id, &["INV-BOB"])),
        ContractError::SubscriptionNotFound {
            offering_id: id,
            investor: "INV-BOB".into(),
        }
    );
    // Listing a subscriber twice settles it once and refuses the page.
    assert_eq!(
        err(w.allocate(&alice, id, &["INV-ALICE", "INV-ALICE"])),
        ContractError::AlreadySettled {
            offering_id: id,
            investor: "INV-ALICE".into(),
        }
    );
    assert_eq!(w.tokens("alice"), 0);
    w.allocate(&alice, id, &["INV-ALICE"])?;
    assert_eq!(w.tokens("alice"), 60);
    assert_eq!(
        err(w.allocate(&alice, id, &["INV-ALICE"])),
        ContractError::AlreadySettled {
            offering_id: id,
            investor: "INV-ALICE".into(),
        }
    );
    assert_eq!(w.tokens("alice"), 60);
    w.assert_conserved(id, 0, 0);
    Ok(())
}

#[test]
fn roles_are_checked_both_ways() -> Result<()> {
    let mut w = World::new(TransferRules::default())?;
    // Opening: the token's issuer only.
    let bob = w.a("bob");
    let terms = ExecuteMsg::OpenOffering(w.terms());
    assert_eq!(
        err(w.exec(&bob, &terms)),
        ContractError::NotTokenIssuer {
            token: w.s.token.0.clone(),
            sender: bob.clone(),
        }
    );
    let id = w.open(w.terms())?;
    w.subscribe("alice", id, 30)?;
    w.subscribe("bob", id, 30)?;
    w.subscribe("carol", id, 30)?;
    w.advance(WINDOW);
    w.close(id)?;
    // Allocation of a succeeded offering: not a stranger, not another subscriber.
    let stranger = w.a("stranger");
    assert_eq!(
        err(w.allocate(&stranger, id, &["INV-ALICE"])),
        ContractError::NotAllocator {
            offering_id: id,
            investor: "INV-ALICE".into(),
            sender: stranger.clone(),
        }
    );
    assert_eq!(
        err(w.allocate(&bob, id, &["INV-ALICE"])),
        ContractError::NotAllocator {
            offering_id: id,
            investor: "INV-ALICE".into(),
            sender: bob.clone(),
        }
    );
    // The subscriber, the issuer and the token's transfer agent may.
    w.allocate(&bob, id, &["INV-BOB"])?;
    let issuer = w.s.issuer.clone();
    w.allocate(&issuer, id, &["INV-ALICE"])?;
    let ta = w.s.transfer_agent.clone();
    w.allocate(&ta, id, &["INV-CAROL"])?;
    w.assert_conserved(id, 0, 0);

    // Without the token's minter role the contract cannot open an offering.
    let owner = w.s.owner.clone();
    w.s.token_exec(
        &owner,
        &token::ExecuteMsg::UpdateRoles(RoleAction::Revoke {
            role: Role::Minter,
            address: w.offering.0.to_string(),
        }),
    )?;
    let terms = w.terms();
    assert_eq!(
        err(w.open(terms).map(|_| AppResponse::default())),
        ContractError::NotTokenMinter {
            token: w.s.token.0.clone(),
        }
    );

    // Two-step ownership: only the owner proposes, only the proposed owner accepts.
    let new_owner = w.a("new_owner");
    let propose = ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
        new_owner: new_owner.to_string(),
        expiry: None,
    });
    assert!(matches!(
        err(w.exec(&stranger, &propose)),
        ContractError::Access(_)
    ));
    w.exec(&owner, &propose)?;
    assert!(matches!(
        err(w.exec(
            &stranger,
            &ExecuteMsg::UpdateOwnership(OwnershipAction::AcceptOwnership)
        )),
        ContractError::Access(_)
    ));
    w.exec(
        &new_owner,
        &ExecuteMsg::UpdateOwnership(OwnershipAction::AcceptOwnership),
    )?;
    let ownership: sto_access::Ownership<String> = w.query(&QueryMsg::Ownership {});
    assert_eq!(ownership.owner, Some(new_owner.to_string()));
    Ok(())
}

#[test]
fn every_bad_term_is_refused_with_its_error_and_nothing_is_opened() -> Result<()> {
    let mut w = World::new(TransferRules::default())?;
    let now = w.s.now();
    let base = w.terms();
    macro_rules! term {
        ($field:ident = $value:expr) => {{
            let mut t = base.clone();
            t.$field = $value;
            t
        }};
    }
    let end = now.plus_seconds(WINDOW);
    let deadline = end.plus_seconds(GRACE);
    let cases = vec![
        (
            term!(unit_price = Uint128::zero()),
            ContractError::ZeroTerm {
                field: "unit_price".into(),
            },
        ),
        (
            term!(min_units = Uint128::zero()),
            ContractError::ZeroTerm {
                field: "min_units".into(),
            },
        ),
        (
            term!(max_units = Uint128::zero()),
            ContractError::MaxBelowMin {
                min_units: Uint128::one(),
                max_units: Uint128::zero(),
            },
        ),
        (
            term!(max_units = Uint128::new(101)),
            ContractError::MaxAboveHardCap {
                max_units: Uint128::new(101),
                hard_cap: Uint128::new(100),
            },
        ),
        (
            term!(soft_cap = Uint128::new(101)),
            ContractError::SoftCapAboveHardCap {
                soft_cap: Uint128::new(101),
                hard_cap: Uint128::new(100),
            },
        ),
        (
            term!(start = now.minus_seconds(1)),
            ContractError::WindowStartInPast {
                start: now.minus_seconds(1),
                now,
            },
        ),
        (
            term!(end = now),
            ContractError::WindowEndNotAfterStart {
                start: now,
                end: now,
            },
        ),
        (
            term!(end = now.plus_seconds(YEAR + 1)),
            ContractError::WindowTooFar {
                end: now.plus_seconds(YEAR + 1),
                latest: now.plus_seconds(YEAR),
            },
        ),
        (
            term!(grace = MIN_GRACE - 1),
            ContractError::GraceOutOfRange {
                grace: MIN_GRACE - 1,
                min: MIN_GRACE,
                max: MAX_GRACE,
            },
        ),
        (
            term!(grace = MAX_GRACE + 1),
            ContractError::GraceOutOfRange {
                grace: MAX_GRACE + 1,
                min: MIN_GRACE,
                max: MAX_GRACE,
            },
        ),
        (
            term!(lock_until = Some(deadline)),
            ContractError::LockNotAfterDeadline {
                lock_until: deadline,
                deadline,
            },
        ),
        (
            term!(lock_until = Some(deadline.plus_seconds(10 * YEAR + 1))),
            ContractError::LockTooFar {
                lock_until: deadline.plus_seconds(10 * YEAR + 1),
                latest: deadline.plus_seconds(10 * YEAR),
            },
        ),
        (
            term!(reference = String::new()),
            ContractError::InvalidReference { len: 0, max: 64 },
        ),
        (
            term!(reference = "x".repeat(65)),
            ContractError::InvalidReference { len: 65, max: 64 },
        ),
        (
            term!(issuer_account = "NOBODY".into()),
            ContractError::UnknownIssuerAccount {
                account: "NOBODY".into(),
            },
        ),
        (
            term!(unit_price = Uint128::MAX),
            ContractError::Overflow(cosmwasm_std::OverflowError::new(
                cosmwasm_std::OverflowOperation::Mul,
            )),
        ),
    ];
    let issuer = w.s.issuer.clone();
    for (terms, expected) in cases {
        let msg = ExecuteMsg::OpenOffering(terms);
        assert_eq!(err(w.exec(&issuer, &msg)), expected);
    }
    let page: OfferingsResponse = w.query(&QueryMsg::Offerings {
        start_after: None,
        limit: None,
    });
    assert!(page.offerings.is_empty());
    // The defaults open; ids count from 1 and pages list them.
    w.open(base.clone())?;
    w.open(base)?;
    let page: OfferingsResponse = w.query(&QueryMsg::Offerings {
        start_after: None,
        limit: Some(1),
    });
    assert_eq!((page.offerings[0].id, page.has_more), (1, true));
    let page: OfferingsResponse = w.query(&QueryMsg::Offerings {
        start_after: Some(1),
        limit: Some(1),
    });
    assert_eq!((page.offerings[0].id, page.has_more), (2, false));
    let cfg: Config = w.query(&QueryMsg::Config {});
    assert_eq!(cfg.cash_adapter, w.s.adapter.0);
    Ok(())
}

#[test]
fn the_contract_migrates_to_its_own_version_only() -> Result<()> {
    let mut w = World::new(TransferRules::default())?;
    let owner = w.s.owner.clone();
    let addr = w.offering.0.clone();
    let code_id = w.code_id;
    let res =
        w.s.app
            .migrate_contract(owner, addr, &MigrateMsg {}, code_id)?;
    assert_eq!(
        sto_testing::attr(&res, "to_version").as_deref(),
        Some(env!("CARGO_PKG_VERSION"))
    );
    Ok(())
}

#[test]
fn a_wallet_ineligible_in_the_registry_cannot_subscribe() -> Result<()> {
    let mut w = World::new(TransferRules::default())?;
    let id = w.open(w.terms())?;
    // The custodian names a wallet the registry does not know.
    let unknown = w.a("unknown_wallet");
    let custodian = w.custodian.clone();
    let hold = w.request(id, 10, Some(&unknown));
    assert_eq!(
        err(w.place(&custodian, Some("INV-CUST"), hold)),
        ContractError::WalletIneligible {
            wallet: unknown,
            reason: Ineligibility::UnknownWallet,
        }
    );
    assert_eq!(w.account("INV-CUST").held.u128(), 0);
    Ok(())
}

#[test]
fn only_allowed_tokens_are_offered_and_subscribed() -> Result<()> {
    let mut w = World::new(TransferRules::default())?;
    let owner = w.s.owner.clone();
    let stranger = w.a("stranger");
    let token = w.s.token.0.clone();
    let page: AllowedTokensResponse = w.query(&QueryMsg::AllowedTokens {
        start_after: None,
        limit: None,
    });
    assert_eq!(page.tokens.len(), 1);
    assert_eq!(page.tokens[0].token, token);

    // Only the owner allows, and only the expected code.
    let allow = w.allow_msg(None);
    assert!(matches!(
        err(w.exec(&stranger, &allow)),
        ContractError::Access(_)
    ));
    let wrong = HexBinary::from([0u8; 32].as_slice());
    let expected_actual = page.tokens[0].checksum.clone();
    assert_eq!(
        err(w.exec(&owner, &w.allow_msg(Some(wrong.clone())))),
        ContractError::TokenChecksumMismatch {
            token: token.clone(),
            expected: wrong,
            actual: expected_actual,
        }
    );

    let id = w.open(w.terms())?;
    w.subscribe("alice", id, 60)?;
    let disallow = ExecuteMsg::DisallowToken {
        token: token.to_string(),
    };
    assert!(matches!(
        err(w.exec(&stranger, &disallow)),
        ContractError::Access(_)
    ));
    w.exec(&owner, &disallow)?;
    // Off the list: no new offering, no new subscription...
    let terms = ExecuteMsg::OpenOffering(w.terms());
    let issuer = w.s.issuer.clone();
    assert_eq!(
        err(w.exec(&issuer, &terms)),
        ContractError::TokenNotAllowed {
            token: token.clone()
        }
    );
    assert_eq!(
        err(w.subscribe("bob", id, 10)),
        ContractError::TokenNotAllowed {
            token: token.clone()
        }
    );
    assert_eq!(
        err(w.exec(&owner, &disallow)),
        ContractError::TokenNotAllowed { token }
    );
    // ...but the open offering still closes and settles.
    w.advance(WINDOW);
    w.close(id)?;
    let alice = w.a("alice");
    w.allocate(&alice, id, &["INV-ALICE"])?;
    assert_eq!(w.tokens("alice"), 60);
    w.assert_conserved(id, 0, 0);
    Ok(())
}

/// Smart queries answered by the token's and the registry's code (raw reads do not run it).
static CODE_QUERIES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn counted_token_query(
    deps: cosmwasm_std::Deps,
    env: cosmwasm_std::Env,
    msg: token::QueryMsg,
) -> cosmwasm_std::StdResult<cosmwasm_std::Binary> {
    CODE_QUERIES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    security_token::contract::query(deps, env, msg)
}

fn counted_registry_query(
    deps: cosmwasm_std::Deps,
    env: cosmwasm_std::Env,
    msg: sto_interface::registry::QueryMsg,
) -> cosmwasm_std::StdResult<cosmwasm_std::Binary> {
    CODE_QUERIES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    identity_registry::contract::query(deps, env, msg)
}

#[test]
fn a_subscription_runs_the_code_of_the_adapter_and_this_contract_only() -> Result<()> {
    use cw_multi_test::ContractWrapper;
    let mut w = World::new(TransferRules {
        max_holders: Some(10),
        ..TransferRules::default()
    })?;
    // The token and the registry run the same code, wrapped to count the smart queries it
    // answers.
    let owner = w.s.owner.clone();
    let token_code = w.s.app.store_code(Box::new(
        ContractWrapper::new(
            security_token::contract::execute,
            security_token::contract::instantiate,
            counted_token_query,
        )
        .with_migrate(security_token::contract::migrate),
    ));
    let registry_code = w.s.app.store_code(Box::new(
        ContractWrapper::new(
            identity_registry::contract::execute,
            identity_registry::contract::instantiate,
            counted_registry_query,
        )
        .with_migrate(identity_registry::contract::migrate),
    ));
    let token = w.s.token.0.clone();
    let registry = w.s.registry.addr().clone();
    w.s.app
        .migrate_contract(owner.clone(), token, &token::MigrateMsg {}, token_code)?;
    w.s.app.migrate_contract(
        owner.clone(),
        registry,
        &sto_interface::registry::MigrateMsg {},
        registry_code,
    )?;
    let allow = w.allow_msg(None);
    w.exec(&owner, &allow)?;
    let id = w.open(w.terms())?;

    CODE_QUERIES.store(0, std::sync::atomic::Ordering::SeqCst);
    let res = w.subscribe("alice", id, 10)?;
    assert_eq!(CODE_QUERIES.load(std::sync::atomic::Ordering::SeqCst), 0);
    let mut executed: Vec<String> = res
        .events
        .iter()
        .filter(|e| e.ty == "execute")
        .flat_map(|e| &e.attributes)
        .filter(|a| a.key == "_contract_address")
        .map(|a| a.value.clone())
        .collect();
    executed.dedup();
    assert_eq!(
        executed,
        vec![w.s.adapter.0.to_string(), w.offering.0.to_string()]
    );
    assert_eq!(w.offering(id).subscribers, 1);
    Ok(())
}

#[test]
fn a_sanctioned_subscriber_is_skipped_and_its_custodian_pulls_the_others_allocation() -> Result<()>
{
    let mut w = World::new(TransferRules::default())?;
    let id = w.open(w.terms())?;
    w.subscribe("bob", id, 40)?;
    let client1 = w.a("client1");
    let custodian = w.custodian.clone();
    let hold = w.request(id, 30, Some(&client1));
    w.place(&custodian, Some("INV-CUST"), hold)?;
    // Bob's investor is blocked after subscribing: the account can no longer pay, but its
    // hold is still released.
    let officer = w.s.compliance.clone();
    w.s.registry_exec(
        &officer,
        &sto_interface::registry::ExecuteMsg::BlockInvestor {
            investor_id: "INV-BOB".into(),
            reason_ref: "OFAC-1".into(),
        },
    )?;
    w.advance(WINDOW);
    w.close(id)?;
    let issuer = w.s.issuer.clone();
    let res = w.allocate(&issuer, id, &["INV-BOB"])?;
    assert_eq!(
        settlement_events(&res),
        vec![("INV-BOB".into(), "skipped".into(), "0".into())]
    );
    assert_eq!(
        w.subscription(id, "INV-BOB")
            .unwrap()
            .settlement
            .unwrap()
            .outcome,
        SettlementOutcome::Skipped {
            reason: ReasonCode::RecipientBlocked
        }
    );
    assert_eq!(w.account("INV-BOB").held.u128(), 0);
    // The custodian, which placed its client's hold, pulls that allocation.
    let res = w.allocate(&custodian, id, &["INV-CUST"])?;
    assert_eq!(
        settlement_events(&res),
        vec![("INV-CUST".into(), "allocated".into(), "30".into())]
    );
    assert_eq!(w.tokens("client1"), 30);
    w.assert_conserved(id, 0, 0);
    Ok(())
}
