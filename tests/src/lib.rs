//! A deployed suite with onboarded investors, shared by the cross-contract tests in `tests/`.
//!
//! Investors: INV-ALICE (US, `alice`), INV-BRUNO (DE, `bruno`), INV-CHEN (SG, `chen`; SG is
//! denied by the bond's rules), INV-ERIN (FR, `erin`), CUST-LUX (LU custodian, `custodian_a`
//! and `custodian_b`), the issuer's treasury and the paying agent. Each starts with USD1.

use anyhow::Result as AnyResult;
use cosmwasm_std::{Addr, Decimal, Uint128};
use cw_multi_test::AppResponse;
use sto_interface::actions::{self, ActionKind, AmountBasis};
use sto_interface::common::{EventRef, InvestorClass, Jurisdiction};
use sto_interface::escrow::{self, OfferingTerms};
use sto_interface::token::{self, TransferRules};
use sto_testing::{attr, invariants, Suite, SuiteBuilder, YEAR};

/// One US dollar in USD1 units.
pub const USD: u128 = 1_000_000;
/// Price of one bond.
pub const PRICE: u128 = 1_000 * USD;
/// A day in seconds.
pub const DAY: u64 = 24 * 3600;
/// USD1 each investor wallet starts with.
pub const START_USD1: u128 = 2_000_000 * USD;
/// Investor wallets, funded with [`START_USD1`] each.
pub const WALLETS: [&str; 8] = [
    "alice",
    "bruno",
    "chen",
    "erin",
    "custodian_a",
    "custodian_b",
    "paying_agent",
    "issuer",
];

/// The deployed, onboarded suite.
pub struct World {
    /// The suite.
    pub s: Suite,
    /// USD1 supply at genesis (never changes).
    pub usd1_supply: Uint128,
}

impl World {
    /// Deploy and onboard; the bond denies Singapore.
    pub fn new() -> Self {
        let mut b = SuiteBuilder::new().with_rules(TransferRules {
            denied_jurisdictions: vec![Jurisdiction::parse("SG").unwrap()],
            ..TransferRules::default()
        });
        for w in WALLETS {
            b = b.with_usd1(w, START_USD1);
        }
        let mut s = b.build().unwrap();
        let usd1_supply = s.usd1.meta(&s.app.wrap()).unwrap().total_supply;
        let people: [(&str, &[&str], &str, InvestorClass); 7] = [
            ("INV-ALICE", &["alice"], "US", InvestorClass::Accredited),
            ("INV-BRUNO", &["bruno"], "DE", InvestorClass::Retail),
            ("INV-CHEN", &["chen"], "SG", InvestorClass::Accredited),
            ("INV-ERIN", &["erin"], "FR", InvestorClass::Accredited),
            (
                "CUST-LUX",
                &["custodian_a", "custodian_b"],
                "LU",
                InvestorClass::Custodian,
            ),
            (
                "ISSUER",
                &["issuer"],
                "US",
                InvestorClass::QualifiedInstitutional,
            ),
            (
                "PAYING-AGENT",
                &["paying_agent"],
                "US",
                InvestorClass::QualifiedInstitutional,
            ),
        ];
        for (id, wallets, j, class) in people {
            let addrs: Vec<Addr> = wallets.iter().map(|w| s.addr(w)).collect();
            let refs: Vec<&Addr> = addrs.iter().collect();
            s.register_investor(id, &refs, j, class, 2 * YEAR).unwrap();
        }
        World { s, usd1_supply }
    }

    /// Address of a named actor.
    pub fn a(&self, name: &str) -> Addr {
        self.s.addr(name)
    }

    /// Panic unless every suite-wide invariant holds.
    pub fn assert_invariants(&self) {
        invariants::check(&self.s, self.usd1_supply).unwrap();
    }

    /// Issue bonds directly (transfer agent), e.g. to set up a secondary market.
    pub fn issue(&mut self, to: &str, amount: u128) {
        let to = self.a(to);
        let agent = self.s.transfer_agent.clone();
        self.s
            .token_exec(
                &agent,
                &token::ExecuteMsg::Issue {
                    recipient: to.to_string(),
                    amount: Uint128::new(amount),
                    locked_until: None,
                    reference: Some(EventRef::External {
                        reference: "ISSUANCE-TICKET-1".into(),
                    }),
                },
            )
            .unwrap();
    }

    /// A fresh reserve attestation (102%).
    pub fn attest(&mut self) {
        self.s.attest(Decimal::percent(102)).unwrap();
    }

    /// Open an offering of `hard_cap` bonds (soft cap half of it) for a week.
    pub fn open_offering(&mut self, hard_cap: u128) -> u64 {
        let issuer = self.s.issuer.clone();
        let now = self.s.now();
        let res = self
            .s
            .escrow_exec(
                &issuer,
                &escrow::ExecuteMsg::OpenOffering(OfferingTerms {
                    token: self.s.token.0.to_string(),
                    unit_price: Uint128::new(PRICE),
                    min_per_investor: Uint128::new(1),
                    max_per_investor: Uint128::new(hard_cap),
                    soft_cap: Uint128::new(hard_cap / 2),
                    hard_cap: Uint128::new(hard_cap),
                    opens_at: now,
                    closes_at: now.plus_seconds(7 * DAY),
                    holding_period: None,
                }),
            )
            .unwrap();
        id_of(&res, "offering_id")
    }

    /// A settlement instruction created by the seller.
    pub fn instruction(&mut self, seller: &str, buyer: &str, quantity: u128, cash: u128) -> u64 {
        let (seller, buyer) = (self.a(seller), self.a(buyer));
        let deadline = self.s.now().plus_seconds(10 * DAY);
        let res = self
            .s
            .escrow_exec(
                &seller,
                &escrow::ExecuteMsg::CreateInstruction {
                    token: self.s.token.0.to_string(),
                    seller: seller.to_string(),
                    buyer: buyer.to_string(),
                    quantity: Uint128::new(quantity),
                    cash_amount: Uint128::new(cash),
                    deadline,
                    trade_reference: None,
                    approver: None,
                },
            )
            .unwrap();
        id_of(&res, "instruction_id")
    }

    /// The paying agent announces an action with a record height `blocks` ahead.
    pub fn announce(
        &mut self,
        kind: ActionKind,
        basis: AmountBasis,
        blocks: u64,
        withholding: bool,
    ) -> AnyResult<AppResponse> {
        let agent = self.s.paying_agent.clone();
        let now = self.s.now();
        let msg = actions::ExecuteMsg::Agent(actions::AgentMsg::Announce {
            token: self.s.token.0.to_string(),
            kind,
            record_height: self.s.height() + blocks,
            basis,
            payment_time: now.plus_seconds(DAY),
            claim_deadline: now.plus_seconds(30 * DAY),
            withholding,
            reclaim_address: self.s.issuer.to_string(),
        });
        self.s.distributor_exec(&agent, &msg)
    }

    /// The paying agent deposits exactly what an action requires into its sub-account at the
    /// adapter (CW20 `send` with the `fund_sub_account` hook).
    pub fn fund_action(&mut self, id: u64) -> AnyResult<AppResponse> {
        let required = self.s.required(id)?;
        let agent = self.s.paying_agent.clone();
        let msg = self.s.adapter.sub_account_funding_msg(
            &sto_interface::cash::AssetInfo::Cw20 {
                address: self.s.usd1.addr(),
            },
            required,
            self.s.distributor.0.to_string(),
            sto_interface::actions::sub_account_reference(id),
        )?;
        cw_multi_test::Executor::execute(&mut self.s.app, agent, msg)
    }
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}

/// The numeric id in attribute `key` of a response.
pub fn id_of(res: &AppResponse, key: &str) -> u64 {
    attr(res, key)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no `{key}` attribute in {:?}", res.events))
}

/// The contract error of type `E` in an error (contract errors of sub-messages are nested
/// under the outer calls' contexts; anyhow's downcast walks them).
pub fn find_err<E: std::fmt::Display + std::fmt::Debug + Send + Sync + 'static>(
    err: &anyhow::Error,
) -> Option<&E> {
    err.downcast_ref::<E>()
}
