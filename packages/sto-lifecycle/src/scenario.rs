//! The lifecycle of one bond, from onboarding to maturity, through the suite's public messages
//! only: the flows 1-7 of the system design. Every step is recorded with its expected outcome,
//! and the suite-wide invariants are checked after each one.

use anyhow::Result as AnyResult;
use cosmwasm_std::{Addr, Decimal, Uint128};
use cw_multi_test::{AppResponse, Executor};
use sto_access::{OwnershipAction, Role, RoleAction};
use sto_interface::actions::{
    self, ActionKind, AmountBasis, CorporateAction, EntitlementResponse, WithholdingRateUpdate,
};
use sto_interface::ballots;
use sto_interface::cash::{self, AssetInfo, CashLegStatus, LedgerEntry, LedgerResponse};
use sto_interface::common::{EventRef, InvestorClass, Jurisdiction};
use sto_interface::escrow::{
    self, FinalityRecord, FinalityRecordsResponse, Offering, OfferingTerms, SettlementInstruction,
};
use sto_interface::registry::{self, InvestorsResponse};
use sto_interface::token::{self, HoldersResponse, TransferRules};
use sto_testing::{invariants, Suite, SuiteBuilder, YEAR};

use crate::report::{Expect, Outcome, Report};

const DAY: u64 = 24 * 3600;
/// One US dollar in USD1 units (6 decimals).
const USD: u128 = 1_000_000;
/// Face value and offering price of one bond (one token unit).
const PRICE: u128 = 1_000 * USD;

/// A refusal's code: the reason code a contract error carries (`reason: …`), else the error
/// variant, in snake_case.
fn refusal_code(err: &anyhow::Error) -> (String, String) {
    // anyhow's downcast walks the contexts of nested sub-message calls; the innermost
    // contract that refused is the one a wallet needs to hear from.
    let typed = [
        err.downcast_ref::<security_token::ContractError>()
            .map(|e| format!("{e:?}")),
        err.downcast_ref::<dvp_escrow::ContractError>()
            .map(|e| format!("{e:?}")),
        err.downcast_ref::<corporate_actions::ContractError>()
            .map(|e| format!("{e:?}")),
        err.downcast_ref::<cash_adapter::ContractError>()
            .map(|e| format!("{e:?}")),
        err.downcast_ref::<identity_registry::ContractError>()
            .map(|e| format!("{e:?}")),
        err.downcast_ref::<::ballots::ContractError>()
            .map(|e| format!("{e:?}")),
    ];
    let debug = typed
        .into_iter()
        .flatten()
        .next()
        .unwrap_or_else(|| format!("{:?}", err.root_cause()));
    let name = match debug.split_once("reason: ") {
        Some((_, rest)) => rest
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or_default()
            .to_string(),
        None => debug
            .split('{')
            .next()
            .unwrap_or_default()
            .split(|c: char| !c.is_alphanumeric())
            .rfind(|s| !s.is_empty())
            .unwrap_or("unknown")
            .to_string(),
    };
    (snake(&name), err.root_cause().to_string())
}

fn snake(name: &str) -> String {
    let mut code = String::new();
    for (i, ch) in name.chars().enumerate() {
        if ch.is_uppercase() {
            if i > 0 {
                code.push('_');
            }
            code.extend(ch.to_lowercase());
        } else {
            code.push(ch);
        }
    }
    code
}

fn kv(k: &str, v: impl ToString) -> (String, String) {
    (k.to_string(), v.to_string())
}

fn usd(units: Uint128) -> String {
    let u = units.u128();
    format!("{}.{:06} USD1", u / USD, u % USD)
}

/// The run: the suite, the report, and the USD1 supply that must never change.
struct Run {
    s: Suite,
    r: Report,
    usd1_supply: Uint128,
}

impl Run {
    fn flow(&self, title: &str) {
        if self.r.verbose {
            println!("\n== {title}");
        }
    }

    fn addr(&self, name: &str) -> Addr {
        self.s.addr(name)
    }

    /// The actor's name for a known address (the address itself otherwise).
    fn name(&self, addr: &Addr) -> String {
        const ACTORS: [&str; 13] = [
            "alice",
            "alice_new",
            "bruno",
            "chen",
            "erin",
            "dora",
            "custodian_a",
            "custodian_b",
            "lux_custodian",
            "issuer",
            "paying_agent",
            "broker",
            "transfer_agent",
        ];
        ACTORS
            .iter()
            .find(|n| self.s.addr(n) == *addr)
            .map_or_else(|| addr.to_string(), |n| n.to_string())
    }

    /// Record an action's outcome, then check the invariants.
    fn step(
        &mut self,
        flow: u8,
        actor: &str,
        action: &str,
        res: &AnyResult<AppResponse>,
        expect: Expect,
        details: Vec<(String, String)>,
    ) {
        let outcome = match res {
            Ok(_) => Outcome::Accepted,
            Err(e) => {
                let (code, message) = refusal_code(e);
                Outcome::Refused { code, message }
            }
        };
        self.r.record(flow, actor, action, outcome, expect, details);
        self.invariants(flow);
    }

    fn check(&mut self, flow: u8, what: &str, ok: bool, details: Vec<(String, String)>) {
        self.r.check(flow, what, ok, details);
    }

    fn invariants(&mut self, flow: u8) {
        if let Err(e) = invariants::check(&self.s, self.usd1_supply) {
            self.r.check(
                flow,
                "suite-wide invariants hold",
                false,
                vec![kv("violation", e)],
            );
        } else {
            self.r.invariant_checks += 1;
        }
    }

    /// `sender` creates a settlement instruction of the bond, with a deadline `seconds` ahead.
    #[allow(clippy::too_many_arguments)] // one parameter per term of the instruction
    fn create_instruction(
        &mut self,
        sender: &Addr,
        seller: &Addr,
        buyer: &Addr,
        quantity: u128,
        cash: u128,
        seconds: u64,
        trade_reference: Option<String>,
    ) -> AnyResult<AppResponse> {
        let msg = escrow::ExecuteMsg::CreateInstruction {
            token: self.s.token.0.to_string(),
            seller: seller.to_string(),
            buyer: buyer.to_string(),
            quantity: Uint128::new(quantity),
            cash_amount: Uint128::new(cash),
            deadline: self.s.now().plus_seconds(seconds),
            trade_reference,
            approver: None,
        };
        self.escrow_exec(sender, &msg)
    }

    fn fund(
        &mut self,
        payer: &Addr,
        client: &Addr,
        amount: u128,
        reference: EventRef,
    ) -> AnyResult<AppResponse> {
        self.s.fund(payer, client, amount, reference)
    }

    fn deliver(&mut self, seller: &Addr, id: u64, quantity: u128) -> AnyResult<AppResponse> {
        self.s.deliver(seller, id, quantity)
    }

    fn escrow_exec(&mut self, sender: &Addr, msg: &escrow::ExecuteMsg) -> AnyResult<AppResponse> {
        self.s.escrow_exec(sender, msg)
    }

    fn actions_exec(&mut self, sender: &Addr, msg: &actions::ExecuteMsg) -> AnyResult<AppResponse> {
        self.s.distributor_exec(sender, msg)
    }

    fn agent_exec(&mut self, msg: token::AgentMsg) -> AnyResult<AppResponse> {
        self.s.agent_exec(msg)
    }

    fn compliance_exec(&mut self, msg: &registry::ExecuteMsg) -> AnyResult<AppResponse> {
        self.s.compliance_exec(msg)
    }

    fn tokens(&self, who: &Addr) -> u128 {
        self.s.tokens(who)
    }

    fn usd1(&self, who: &Addr) -> u128 {
        self.s.usd1_units(who)
    }

    fn instruction(&self, id: u64) -> AnyResult<SettlementInstruction> {
        self.s.instruction(id)
    }

    fn offering(&self, id: u64) -> AnyResult<Offering> {
        self.s.offering(id)
    }

    fn action(&self, id: u64) -> AnyResult<CorporateAction> {
        self.s.action(id)
    }

    fn required(&self, id: u64) -> AnyResult<Uint128> {
        self.s.required(id)
    }

    fn supply(&self) -> u128 {
        self.s.token_supply().map(|s| s.u128()).unwrap_or(u128::MAX)
    }

    fn height(&self) -> u64 {
        self.s.height()
    }

    fn next_id_from(res: &AnyResult<AppResponse>, key: &str) -> u64 {
        res.as_ref()
            .ok()
            .and_then(|r| {
                r.events
                    .iter()
                    .flat_map(|e| e.attributes.iter())
                    .find(|a| a.key == key)
                    .and_then(|a| a.value.parse().ok())
            })
            .unwrap_or(0)
    }
}

/// Run the lifecycle, recording every step in the returned report.
pub fn run(verbose: bool) -> AnyResult<Report> {
    let s = SuiteBuilder::new()
        .with_usd1("alice", 2_000_000 * USD)
        .with_usd1("bruno", 1_000_000 * USD)
        .with_usd1("chen", 500_000 * USD)
        .with_usd1("custodian_a", 1_000_000 * USD)
        .with_usd1("custodian_b", 500_000 * USD)
        .with_usd1("erin", 300_000 * USD)
        .with_usd1("paying_agent", 1_500_000 * USD)
        .build()?;
    let usd1_supply = s.usd1.meta(&s.app.wrap())?.total_supply;
    let mut run = Run {
        r: Report::new(verbose),
        s,
        usd1_supply,
    };
    run.r.contracts = vec![
        (
            "identity-registry".into(),
            run.s.registry.addr().to_string(),
        ),
        ("usd1 (cw20-base)".into(), run.s.usd1.addr().to_string()),
        ("security-token".into(), run.s.token.0.to_string()),
        ("cash-adapter".into(), run.s.adapter.0.to_string()),
        ("dvp-escrow".into(), run.s.escrow.0.to_string()),
        ("corporate-actions".into(), run.s.distributor.0.to_string()),
        ("ballots".into(), run.s.ballots.0.to_string()),
    ];
    if verbose {
        println!("== Suite deployed on an in-process chain");
        for (name, addr) in &run.r.contracts {
            println!("   {name:<20} {addr}");
        }
    }
    run.invariants(0);

    run.flow("Flow 1: onboarding of the issuer, the transfer agent, investors and a custodian");
    onboarding(&mut run)?;
    run.flow("Flow 2: primary offering of the bond, paid in USD1");
    primary_offering(&mut run)?;
    run.flow("Flow 3: secondary trades settled delivery versus payment");
    let expiring = secondary_trades(&mut run)?;
    run.flow("Flow 4: the reserve attestation goes stale");
    stale_attestation(&mut run, expiring)?;
    run.flow("Flow 5: coupon at a record date paid from its cash sub-account, withholding, reclaim of the unclaimed; a ballot at the record height");
    coupon(&mut run)?;
    run.flow("Flow 6: sanctions block, lost-wallet recovery, forced transfer");
    sanctions_recovery_forced(&mut run)?;
    run.r.cap_table = cap_table(&run)?;
    if verbose {
        print_cap_table(&run.r.cap_table, "Cap table before maturity");
    }
    run.flow("Flow 7: maturity, final redemption paid from its cash sub-account");
    maturity(&mut run)?;
    run.flow("Governance: two-step ownership transfer of the registry");
    ownership(&mut run)?;

    finish(&mut run)?;
    Ok(run.r)
}

fn onboarding(run: &mut Run) -> AnyResult<()> {
    let owner = run.s.owner.clone();
    let ta = run.s.transfer_agent.clone();
    let res = run.s.registry_exec(
        &owner,
        &registry::ExecuteMsg::UpdateRoles(RoleAction::Grant {
            role: Role::ComplianceOfficer,
            address: ta.to_string(),
        }),
    );
    run.step(
        1,
        "owner",
        "grant compliance_officer on the registry to the transfer agent",
        &res,
        Expect::Accept,
        vec![kv("transfer_agent", &ta)],
    );

    let people: [(&str, &[&str], &str, InvestorClass, u64); 8] = [
        (
            "ISSUER-TREASURY",
            &["issuer"],
            "US",
            InvestorClass::QualifiedInstitutional,
            5 * YEAR,
        ),
        (
            "PAYING-AGENT",
            &["paying_agent"],
            "US",
            InvestorClass::QualifiedInstitutional,
            5 * YEAR,
        ),
        (
            "INV-ALICE",
            &["alice"],
            "US",
            InvestorClass::Accredited,
            2 * YEAR,
        ),
        (
            "INV-BRUNO",
            &["bruno"],
            "DE",
            InvestorClass::Retail,
            45 * DAY,
        ),
        (
            "INV-CHEN",
            &["chen"],
            "SG",
            InvestorClass::Accredited,
            2 * YEAR,
        ),
        (
            "INV-ERIN",
            &["erin"],
            "FR",
            InvestorClass::Accredited,
            2 * YEAR,
        ),
        (
            "CUST-LUX",
            &["custodian_a", "custodian_b"],
            "LU",
            InvestorClass::Custodian,
            3 * YEAR,
        ),
        ("INV-DORA", &["dora"], "FR", InvestorClass::Retail, 0),
    ];
    for (id, wallets, j, class, kyc) in people {
        let addrs: Vec<_> = wallets.iter().map(|w| run.addr(w)).collect();
        let refs: Vec<_> = addrs.iter().collect();
        let res = run.s.register_investor(id, &refs, j, class, kyc);
        let expect = if kyc == 0 {
            Expect::Refuse("kyc_not_in_future".into())
        } else {
            Expect::Accept
        };
        run.step(
            1,
            "compliance",
            &format!("register {id}"),
            &res,
            expect,
            vec![
                kv("jurisdiction", j),
                kv("class", class),
                kv("wallets", wallets.join(", ")),
                kv("kyc_valid_days", kyc / DAY),
            ],
        );
    }

    let mallory = run.addr("mallory");
    let msg = registry::ExecuteMsg::RegisterInvestor {
        investor_id: "INV-MALLORY".into(),
        wallets: vec![mallory.to_string()],
        jurisdiction: Jurisdiction::parse("US")?,
        class: InvestorClass::Retail,
        kyc_valid_until: run.s.now().plus_seconds(YEAR),
    };
    let res = run.s.registry_exec(&mallory, &msg);
    run.step(
        1,
        "mallory",
        "register herself without the compliance role",
        &res,
        Expect::Refuse("missing_role".into()),
        vec![],
    );
    let bruno = run.addr("bruno");
    let res = run
        .s
        .register_investor("INV-BRUNO-2", &[&bruno], "DE", InvestorClass::Retail, YEAR);
    run.step(
        1,
        "compliance",
        "register bruno's wallet for a second investor",
        &res,
        Expect::Refuse("wallet_already_owned".into()),
        vec![],
    );

    // The issuer's offering rules: no holders in Singapore.
    let rules = TransferRules {
        denied_jurisdictions: vec![Jurisdiction::parse("SG")?],
        max_holders: Some(500),
        ..TransferRules::default()
    };
    let res = run
        .s
        .token_exec(&owner, &token::ExecuteMsg::UpdateRules { rules });
    run.step(
        1,
        "owner",
        "set the bond's transfer rules: SG denied, at most 500 holders",
        &res,
        Expect::Accept,
        vec![],
    );
    let res = run.s.token_exec(
        &owner,
        &token::ExecuteMsg::SetDocument {
            name: "prospectus".into(),
            uri: "https://issuer.example/acme-2031/prospectus.pdf".into(),
            content_hash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        },
    );
    run.step(
        1,
        "owner",
        "publish the prospectus (URI and SHA-256)",
        &res,
        Expect::Accept,
        vec![],
    );

    let mut all_ok = true;
    let mut details = vec![];
    for w in [
        "issuer",
        "alice",
        "bruno",
        "chen",
        "erin",
        "custodian_a",
        "custodian_b",
        "dora",
    ] {
        let v = run.s.verify(&run.addr(w))?;
        all_ok &= v.eligible == (w != "dora");
        details.push(kv(w, v.reason.map_or("eligible".into(), |x| x.to_string())));
    }
    run.check(
        1,
        "every onboarded wallet verifies; dora stays unknown",
        all_ok,
        details,
    );
    Ok(())
}

fn primary_offering(run: &mut Run) -> AnyResult<()> {
    let issuer = run.s.issuer.clone();
    let now = run.s.now();
    let terms = OfferingTerms {
        token: run.s.token.0.to_string(),
        unit_price: Uint128::new(PRICE),
        min_per_investor: Uint128::new(1),
        max_per_investor: Uint128::new(600),
        soft_cap: Uint128::new(500),
        hard_cap: Uint128::new(1_000),
        opens_at: now,
        closes_at: now.plus_seconds(7 * DAY),
        holding_period: None,
    };
    let res = run.escrow_exec(&issuer, &escrow::ExecuteMsg::OpenOffering(terms));
    let id = Run::next_id_from(&res, "offering_id").max(1);
    run.step(
        2,
        "issuer",
        "open offering: 1,000 bonds at 1,000 USD1, soft cap 500, 7 days",
        &res,
        Expect::Accept,
        vec![kv("offering_id", id)],
    );

    let escrow = run.s.escrow.0.clone();
    for (who, units) in [("alice", 500u128), ("bruno", 300), ("custodian_a", 400)] {
        let payer = run.addr(who);
        let res = run.fund(&payer, &escrow, units * PRICE, EventRef::Offering { id });
        run.step(
            2,
            who,
            &format!("subscribe {units} bonds through the cash adapter"),
            &res,
            Expect::Accept,
            vec![kv("cash", usd(Uint128::new(units * PRICE)))],
        );
    }
    let chen = run.addr("chen");
    let before = run.usd1(&chen);
    let res = run.fund(&chen, &escrow, 100 * PRICE, EventRef::Offering { id });
    run.step(
        2,
        "chen",
        "subscribe 100 bonds (Singapore is denied by the bond's rules)",
        &res,
        Expect::Refuse("jurisdiction_denied".into()),
        vec![],
    );
    run.check(
        2,
        "chen's USD1 did not move",
        run.usd1(&chen) == before,
        vec![kv("chen", usd(Uint128::new(run.usd1(&chen))))],
    );

    run.s.advance(7 * DAY);
    let res = run.escrow_exec(&issuer, &escrow::ExecuteMsg::CloseOffering { id });
    run.step(
        2,
        "issuer",
        "close the offering: 1,200 subscribed for 1,000, allocated pro-rata",
        &res,
        Expect::Accept,
        vec![],
    );
    let res = run.escrow_exec(&issuer, &escrow::ExecuteMsg::CloseOffering { id });
    run.step(
        2,
        "issuer",
        "close the offering a second time",
        &res,
        Expect::Refuse("offering_closed".into()),
        vec![],
    );

    let alice = run.addr("alice");
    let res = run.escrow_exec(&alice, &escrow::ExecuteMsg::Claim { offering_id: id });
    run.step(
        2,
        "alice",
        "claim her allocation and excess cash",
        &res,
        Expect::Accept,
        vec![],
    );
    let ta = run.s.transfer_agent.clone();
    let res = run.escrow_exec(
        &ta,
        &escrow::ExecuteMsg::PushClaims {
            offering_id: id,
            start_after: None,
            limit: Some(10),
        },
    );
    run.step(
        2,
        "transfer_agent",
        "push the remaining claims (one page)",
        &res,
        Expect::Accept,
        vec![],
    );

    let offering = run.offering(id)?;
    let (a, b, c) = (
        run.tokens(&alice),
        run.tokens(&run.addr("bruno")),
        run.tokens(&run.addr("custodian_a")),
    );
    run.check(
        2,
        "allocations are floor(units x 1000 / 1200): 416, 250, 333; 1 unit of dust unissued",
        (a, b, c) == (416, 250, 333) && run.supply() == 999,
        vec![
            kv("alice", a),
            kv("bruno", b),
            kv("custodian_a", c),
            kv("supply", run.supply()),
            kv("dust", format!("{:?}", offering.dust)),
        ],
    );
    let proceeds = run.usd1(&issuer);
    run.check(
        2,
        "the issuer received exactly the price of the 999 bonds issued",
        proceeds == 999 * PRICE,
        vec![kv("proceeds", usd(Uint128::new(proceeds)))],
    );
    Ok(())
}

/// Returns the id of the instruction that will expire in flow 4.
fn secondary_trades(run: &mut Run) -> AnyResult<u64> {
    let res = run.s.attest(Decimal::percent(102));
    run.step(
        3,
        "attestor",
        "post the daily reserve attestation (102% coverage)",
        &res,
        Expect::Accept,
        vec![],
    );
    let alice = run.addr("alice");
    let erin = run.addr("erin");
    let broker = run.s.broker.clone();
    let escrow = run.s.escrow.0.clone();

    // Trade 1: alice sells 40 bonds to erin at 1,010.
    let res = run.create_instruction(
        &alice,
        &alice,
        &erin,
        40,
        40 * 1_010 * USD,
        3 * DAY,
        Some("OTC-2026-0001".into()),
    );
    let t1 = Run::next_id_from(&res, "instruction_id").max(1);
    run.step(
        3,
        "alice",
        "create instruction: sell 40 bonds to erin for 40,400 USD1",
        &res,
        Expect::Accept,
        vec![kv("instruction_id", t1)],
    );
    let res = run.deliver(&alice, t1, 40);
    run.step(
        3,
        "alice",
        "deliver the security leg (CW20 send to the escrow)",
        &res,
        Expect::Accept,
        vec![],
    );
    let before = (run.usd1(&alice), run.tokens(&erin));
    let res = run.fund(
        &erin,
        &escrow,
        40 * 1_010 * USD,
        EventRef::Settlement { id: t1 },
    );
    run.step(
        3,
        "erin",
        "deliver the cash leg through the adapter: settles in the same transaction",
        &res,
        Expect::Accept,
        vec![],
    );
    let finality: AnyResult<FinalityRecord> = run
        .s
        .app
        .wrap()
        .query_wasm_smart(&escrow, &escrow::QueryMsg::Finality { id: t1 })
        .map_err(Into::into);
    run.check(
        3,
        "settled: erin holds 40 bonds, alice got 40,400 USD1, finality recorded",
        run.tokens(&erin) == before.1 + 40
            && run.usd1(&alice) == before.0 + 40 * 1_010 * USD
            && finality.is_ok(),
        vec![kv(
            "settled_height",
            finality.map(|f| f.settled_height).unwrap_or_default(),
        )],
    );

    // Trade 2: custodian_a sells 20 to bruno, created by the broker; bruno pays at once, the
    // custodian delivers after bruno's KYC has lapsed.
    let custodian = run.addr("custodian_a");
    let bruno = run.addr("bruno");
    let res = run.create_instruction(
        &broker,
        &custodian,
        &bruno,
        20,
        20 * 1_020 * USD,
        42 * DAY,
        Some("VENUE-77-000418".into()),
    );
    let t2 = Run::next_id_from(&res, "instruction_id").max(2);
    run.step(
        3,
        "broker",
        "create instruction for clients: custodian_a sells 20 bonds to bruno",
        &res,
        Expect::Accept,
        vec![kv("instruction_id", t2)],
    );
    let res = run.fund(
        &bruno,
        &escrow,
        20 * 1_020 * USD,
        EventRef::Settlement { id: t2 },
    );
    run.step(
        3,
        "bruno",
        "deliver the cash leg (20,400 USD1)",
        &res,
        Expect::Accept,
        vec![],
    );
    run.s.advance(40 * DAY);
    let v = run.s.verify(&bruno)?;
    run.check(
        3,
        "bruno's KYC has lapsed",
        v.reason == Some(registry::Ineligibility::KycExpired),
        vec![],
    );
    let before = (run.tokens(&custodian), run.tokens(&bruno));
    let res = run.deliver(&custodian, t2, 20);
    run.step(
        3,
        "custodian_a",
        "deliver the security leg: the token refuses the buyer, nothing moves",
        &res,
        Expect::Refuse("recipient_kyc_expired".into()),
        vec![],
    );
    let i = run.instruction(t2)?;
    run.check(
        3,
        "no security moved; bruno's cash leg is still held for the instruction",
        (run.tokens(&custodian), run.tokens(&bruno)) == before
            && i.security_leg.is_none()
            && i.cash_leg.is_some(),
        vec![kv("status", format!("{:?}", i.status))],
    );
    Ok(t2)
}

fn stale_attestation(run: &mut Run, expiring: u64) -> AnyResult<()> {
    let status: CashLegStatus = run.s.adapter_query(&cash::QueryMsg::Status {})?;
    run.check(
        4,
        "the cash leg is unhealthy: the attestation is stale",
        !status.healthy,
        vec![
            kv("reasons", format!("{:?}", status.reasons)),
            kv("age_seconds", format!("{:?}", status.age_seconds)),
        ],
    );

    // Refunds still work: the instruction expires and bruno gets his cash back.
    run.s.advance(3 * DAY);
    let bruno = run.addr("bruno");
    let before = run.usd1(&bruno);
    let keeper = run.addr("keeper");
    let res = run.escrow_exec(&keeper, &escrow::ExecuteMsg::Expire { id: expiring });
    run.step(
        4,
        "keeper",
        "expire instruction 2 after its deadline: bruno's cash leg is refunded",
        &res,
        Expect::Accept,
        vec![],
    );
    run.check(
        4,
        "bruno got 20,400 USD1 back while the cash leg is unhealthy",
        run.usd1(&bruno) == before + 20 * 1_020 * USD,
        vec![],
    );

    // New exposure is refused.
    let alice = run.addr("alice");
    let custodian_b = run.addr("custodian_b");
    let broker = run.s.broker.clone();
    let escrow = run.s.escrow.0.clone();
    let res = run.create_instruction(
        &broker,
        &alice,
        &custodian_b,
        30,
        30 * 1_010 * USD,
        5 * DAY,
        Some("VENUE-77-000502".into()),
    );
    let t3 = Run::next_id_from(&res, "instruction_id").max(3);
    run.step(
        4,
        "broker",
        "create instruction: alice sells 30 bonds to custodian_b",
        &res,
        Expect::Accept,
        vec![kv("instruction_id", t3)],
    );
    let before = run.usd1(&custodian_b);
    let res = run.fund(
        &custodian_b,
        &escrow,
        30 * 1_010 * USD,
        EventRef::Settlement { id: t3 },
    );
    run.step(
        4,
        "custodian_b",
        "deliver the cash leg while the attestation is stale",
        &res,
        Expect::Refuse("cash_leg_unhealthy".into()),
        vec![],
    );
    run.check(
        4,
        "custodian_b's USD1 did not move",
        run.usd1(&custodian_b) == before,
        vec![],
    );

    let attestor = run.s.attestor.clone();
    let res = run.s.attest(Decimal::percent(101));
    run.step(
        4,
        "attestor",
        "post a fresh reserve attestation (101% coverage)",
        &res,
        Expect::Accept,
        vec![kv("attestor", attestor)],
    );
    let res = run.fund(
        &custodian_b,
        &escrow,
        30 * 1_010 * USD,
        EventRef::Settlement { id: t3 },
    );
    run.step(
        4,
        "custodian_b",
        "deliver the cash leg again: accepted",
        &res,
        Expect::Accept,
        vec![],
    );
    let res = run.deliver(&alice, t3, 30);
    run.step(
        4,
        "alice",
        "deliver the security leg: settles",
        &res,
        Expect::Accept,
        vec![],
    );
    run.check(
        4,
        "custodian_b holds 30 bonds",
        run.tokens(&custodian_b) == 30,
        vec![],
    );
    Ok(())
}

fn coupon(run: &mut Run) -> AnyResult<()> {
    let owner = run.s.owner.clone();
    let agent = run.s.paying_agent.clone();
    let distributor = run.s.distributor.0.clone();
    let mut rates = vec![];
    for (j, pct) in [
        ("US", "0"),
        ("LU", "0.15"),
        ("DE", "0.26375"),
        ("FR", "0.128"),
    ] {
        rates.push(WithholdingRateUpdate {
            jurisdiction: Jurisdiction::parse(j)?,
            rate: Some(pct.parse()?),
        });
    }
    let res = run.actions_exec(&owner, &actions::ExecuteMsg::SetWithholdingRates { rates });
    run.step(
        5,
        "owner",
        "set withholding rates: US 0%, LU 15%, DE 26.375%, FR 12.8%",
        &res,
        Expect::Accept,
        vec![],
    );

    // Alice has 5 bonds sitting in the escrow for a pending sale at the record height.
    let alice = run.addr("alice");
    let custodian_b = run.addr("custodian_b");
    let escrow = run.s.escrow.0.clone();
    let res = run.create_instruction(
        &alice,
        &alice,
        &custodian_b,
        5,
        5 * 1_005 * USD,
        10 * DAY,
        None,
    );
    let t4 = Run::next_id_from(&res, "instruction_id").max(4);
    run.step(
        5,
        "alice",
        "create instruction: sell 5 bonds to custodian_b",
        &res,
        Expect::Accept,
        vec![kv("instruction_id", t4)],
    );
    let res = run.deliver(&alice, t4, 5);
    run.step(
        5,
        "alice",
        "deliver the 5 bonds into the escrow (they sit there over the record height)",
        &res,
        Expect::Accept,
        vec![],
    );

    // The coupon's cash lives in its own sub-account at the adapter.
    let record_height = run.height() + 10;
    let now = run.s.now();
    let res = run.actions_exec(
        &agent,
        &actions::ExecuteMsg::Agent(actions::AgentMsg::Announce {
            token: run.s.token.0.to_string(),
            kind: ActionKind::Coupon,
            record_height,
            basis: AmountBasis::PerUnit {
                rate: Decimal::from_atomics(25 * USD, 0)?,
            },
            payment_time: now.plus_seconds(2 * DAY),
            claim_deadline: now.plus_seconds(32 * DAY),
            withholding: true,
            reclaim_address: run.s.issuer.to_string(),
        }),
    );
    let coupon_id = Run::next_id_from(&res, "action_id").max(1);
    let reference = actions::sub_account_reference(coupon_id);
    run.step(
        5,
        "paying_agent",
        "announce a 25 USD1 coupon per bond paid from its cash sub-account, record height in 10 blocks",
        &res,
        Expect::Accept,
        vec![
            kv("action_id", coupon_id),
            kv("record_height", record_height),
            kv("sub_account", &reference),
        ],
    );

    // A ballot of the holders at the same record height (it shares the coupon's slot).
    let issuer = run.s.issuer.clone();
    let window_end = now.plus_seconds(7 * DAY);
    let res = run.s.ballots_exec(
        &issuer,
        &ballots::ExecuteMsg::OpenBallot {
            token: run.s.token.0.to_string(),
            record_height,
            title: "Extend the bond's maturity by two years".into(),
            options: vec!["for".into(), "against".into(), "abstain".into()],
            start: now,
            end: window_end,
            quorum: Decimal::percent(50),
        },
    );
    let ballot_id = Run::next_id_from(&res, "ballot_id").max(1);
    run.step(
        5,
        "issuer",
        "open a ballot at the coupon's record height: for / against / abstain, 7-day window, quorum 50%",
        &res,
        Expect::Accept,
        vec![
            kv("ballot_id", ballot_id),
            kv("record_height", record_height),
        ],
    );
    // The custodian's operating wallet votes for its two client wallets once each client has
    // made it hold operator on the token.
    let lux = run.addr("lux_custodian");
    for client in ["custodian_a", "custodian_b"] {
        let wallet = run.addr(client);
        let limit = Uint128::new(run.tokens(&wallet));
        let res = run.s.token_exec(
            &wallet,
            &token::ExecuteMsg::AuthorizeHoldOperator {
                operator: lux.to_string(),
                limit,
            },
        );
        run.step(
            5,
            client,
            "authorise the custodian (lux_custodian) as hold operator on the bond",
            &res,
            Expect::Accept,
            vec![kv("limit", limit)],
        );
    }

    let stranger = run.addr("mallory");
    let res = run.actions_exec(
        &stranger,
        &actions::ExecuteMsg::Agent(actions::AgentMsg::Cancel {
            action_id: coupon_id,
        }),
    );
    run.step(
        5,
        "mallory",
        "cancel the coupon without the paying-agent role",
        &res,
        Expect::Refuse("missing_role".into()),
        vec![],
    );

    // Past the record height: a trade after it does not change entitlements.
    run.s.advance(DAY);
    let erin = run.addr("erin");
    let res = run.s.token_exec(
        &erin,
        &token::ExecuteMsg::Transfer {
            recipient: alice.to_string(),
            amount: Uint128::new(10),
        },
    );
    run.step(
        5,
        "erin",
        "transfer 10 bonds to alice after the record height",
        &res,
        Expect::Accept,
        vec![],
    );
    let custodian_b_cash = 5 * 1_005 * USD;
    let res = run.fund(
        &custodian_b,
        &escrow,
        custodian_b_cash,
        EventRef::Settlement { id: t4 },
    );
    run.step(
        5,
        "custodian_b",
        "pay for alice's 5 escrowed bonds: the sale settles after the record height",
        &res,
        Expect::Accept,
        vec![],
    );

    // Holders vote with their record balance; the custodian votes for its clients.
    for (sender, wallet, option) in [
        ("alice", None, 0u8),
        ("erin", None, 1),
        ("lux_custodian", Some("custodian_a"), 0),
        ("lux_custodian", Some("custodian_b"), 2),
    ] {
        let from = run.addr(sender);
        let res = run.s.ballots_exec(
            &from,
            &ballots::ExecuteMsg::Vote {
                ballot_id,
                option,
                wallet: wallet.map(|w| run.addr(w).to_string()),
            },
        );
        let weight = attr_of(&res, "weight");
        let what = match wallet {
            Some(w) => format!("vote option {option} for client wallet {w}"),
            None => format!("vote option {option}"),
        };
        run.step(
            5,
            sender,
            &what,
            &res,
            Expect::Accept,
            vec![kv("weight (record balance)", weight)],
        );
    }
    let res = run.s.ballots_exec(
        &stranger,
        &ballots::ExecuteMsg::Vote {
            ballot_id,
            option: 1,
            wallet: None,
        },
    );
    run.step(
        5,
        "mallory",
        "vote without a balance at the record height",
        &res,
        Expect::Refuse("no_balance_at_record_height".into()),
        vec![],
    );

    let required = run.required(coupon_id)?;
    let funding = run.s.adapter.sub_account_funding_msg(
        &AssetInfo::Cw20 {
            address: run.s.usd1.addr(),
        },
        required,
        distributor.to_string(),
        reference.clone(),
    )?;
    let res = run.s.app.execute(agent.clone(), funding);
    run.step(
        5,
        "paying_agent",
        "fund the coupon's sub-account at the adapter: 25 USD1 x 999 bonds at the record height",
        &res,
        Expect::Accept,
        vec![kv("required", usd(required)), kv("sub_account", &reference)],
    );

    let ent: EntitlementResponse = run.s.app.wrap().query_wasm_smart(
        &distributor,
        &actions::QueryMsg::Entitlement {
            action_id: coupon_id,
            holder: alice.to_string(),
        },
    )?;
    let res = run.actions_exec(
        &alice,
        &actions::ExecuteMsg::Claim {
            action_id: coupon_id,
        },
    );
    run.step(
        5,
        "alice",
        "claim before the payment time",
        &res,
        Expect::Refuse("claim_before_payment_time".into()),
        vec![],
    );
    run.s.advance(DAY);
    let mut alice_net = String::new();
    for (who, account) in [("alice", "INV-ALICE"), ("erin", "INV-ERIN")] {
        let holder = run.addr(who);
        let res = run.actions_exec(
            &holder,
            &actions::ExecuteMsg::Claim {
                action_id: coupon_id,
            },
        );
        let calls = res
            .as_ref()
            .map_or(0, |r| r.events.iter().filter(|e| e.ty == "execute").count());
        if who == "alice" {
            alice_net = attr_of(&res, "net");
        }
        let details = vec![
            kv("contract calls", calls),
            kv("net to cash account", account),
            kv("net", usd_attr(&res, "net")),
            kv("withheld", usd_attr(&res, "withheld")),
        ];
        run.step(
            5,
            who,
            "claim the coupon into the investor's cash account",
            &res,
            Expect::Accept,
            details,
        );
        run.check(
            5,
            &format!("{who}'s claim is two contract calls (distributor, adapter)"),
            calls == 2,
            vec![kv("contract calls", calls)],
        );
    }
    // The distributor does not ask the escrow: the 5 bonds it held at the record height are not
    // paid to alice (their share goes to the reclaim), nor are the 10 she received later.
    run.check(
        5,
        "alice is paid on her own record balance only (not the 10 bonds received later nor the 5 the escrow held), as the entitlement query said",
        ent.record_balance == Uint128::new(416 - 40 - 30 - 5)
            && alice_net == ent.net.to_string()
            && alice_net == (ent.record_balance.u128() * 25 * USD).to_string(),
        vec![
            kv("record_balance", ent.record_balance),
            kv("net paid", usd(Uint128::new(alice_net.parse().unwrap_or_default()))),
        ],
    );
    let res = run.actions_exec(
        &alice,
        &actions::ExecuteMsg::Claim {
            action_id: coupon_id,
        },
    );
    run.step(
        5,
        "alice",
        "claim the coupon a second time",
        &res,
        Expect::Refuse("already_claimed".into()),
        vec![],
    );
    let res = run.actions_exec(
        &agent,
        &actions::ExecuteMsg::Agent(actions::AgentMsg::PushClaims {
            action_id: coupon_id,
            holders: vec![
                run.addr("custodian_a").to_string(),
                run.addr("custodian_b").to_string(),
            ],
        }),
    );
    let details = vec![
        kv("net to cash account", "CUST-LUX"),
        kv("adapter calls", attr_of(&res, "payment_messages")),
    ];
    run.step(
        5,
        "paying_agent",
        "push the custodian's client wallets' claims (LU, 15% withheld)",
        &res,
        Expect::Accept,
        details,
    );
    let tax = cash_account(run, run.s.withholding_account.as_str());
    run.check(
        5,
        "tax withheld for LU (15%) and FR (12.8%) reached the withholding cash account",
        tax > 0,
        vec![kv("withheld", usd(Uint128::new(tax)))],
    );

    // After the window: a late vote is refused and the result is closed.
    run.s.advance(window_end.seconds() - run.s.now().seconds());
    let bruno = run.addr("bruno");
    let res = run.s.ballots_exec(
        &bruno,
        &ballots::ExecuteMsg::Vote {
            ballot_id,
            option: 1,
            wallet: None,
        },
    );
    run.step(
        5,
        "bruno",
        "vote after the window ended",
        &res,
        Expect::Refuse("voting_ended".into()),
        vec![],
    );
    let res = run
        .s
        .ballots_exec(&agent, &ballots::ExecuteMsg::Close { ballot_id });
    let result = run.s.ballot_result(ballot_id)?;
    let outcome = match &result.outcome {
        ballots::BallotOutcome::Winner { option } => {
            format!("winner: {}", result.tallies[usize::from(*option)].label)
        }
        ballots::BallotOutcome::Tie { options } => format!("tie: {options:?}"),
        ballots::BallotOutcome::NoVotes {} => "no votes".into(),
    };
    let mut details = vec![
        kv("record_supply", result.record_supply),
        kv("turnout", result.turnout),
        kv("quorum_threshold", result.quorum_threshold),
        kv("quorum_met", result.quorum_met),
    ];
    for t in &result.tallies {
        details.push(kv(&t.label, t.votes));
    }
    details.push(kv("outcome", &outcome));
    run.step(
        5,
        "paying_agent",
        "close the ballot after its window: the result is recorded",
        &res,
        Expect::Accept,
        details,
    );
    let tallied: Uint128 = result.tallies.iter().map(|t| t.votes).sum();
    run.check(
        5,
        "ballot: turnout = sum of the tally, quorum reached, final and closed",
        result.turnout == tallied && result.quorum_met && result.is_final && result.closed,
        vec![kv("turnout", result.turnout), kv("tally", tallied)],
    );

    // Bruno never claims: after the deadline the agent reclaims his coupon and the share of the
    // bonds the escrow held at the record height.
    let bruno_gross = run
        .s
        .app
        .wrap()
        .query_wasm_smart::<EntitlementResponse>(
            &distributor,
            &actions::QueryMsg::Entitlement {
                action_id: coupon_id,
                holder: bruno.to_string(),
            },
        )?
        .gross;
    run.s.advance(26 * DAY);
    let res = run.actions_exec(
        &agent,
        &actions::ExecuteMsg::Agent(actions::AgentMsg::Close {
            action_id: coupon_id,
        }),
    );
    run.step(
        5,
        "paying_agent",
        "close the coupon after the deadline: the sub-account's rest goes to the issuer's cash account",
        &res,
        Expect::Accept,
        vec![],
    );
    let sub = run
        .s
        .adapter
        .sub_account(&run.s.app.wrap(), &distributor, &reference)?
        .unwrap_or_default();
    run.check(
        5,
        "paid + withheld + reclaimed = funded, to the unit (adapter's sub-account)",
        sub.paid + sub.withheld + sub.reclaimed == sub.funded && sub.funded == required,
        vec![
            kv("funded", usd(sub.funded)),
            kv("paid", usd(sub.paid)),
            kv("withheld", usd(sub.withheld)),
            kv("reclaimed", usd(sub.reclaimed)),
        ],
    );
    let escrowed_share = Uint128::new(5 * 25 * USD);
    run.check(
        5,
        "reclaimed = bruno's unclaimed coupon + the 5 bonds the escrow held at the record height",
        sub.reclaimed == bruno_gross + escrowed_share,
        vec![
            kv("bruno", usd(bruno_gross)),
            kv("escrow's 5 bonds", usd(escrowed_share)),
        ],
    );
    let a = run.action(coupon_id)?;
    run.check(
        5,
        "the action's figures equal its sub-account's",
        a.paid == sub.paid
            && a.withheld == sub.withheld
            && a.reclaimed == sub.reclaimed
            && a.funded == sub.funded,
        vec![],
    );
    Ok(())
}

/// The value of attribute `key` in a response ("-" when absent or refused).
fn attr_of(res: &AnyResult<AppResponse>, key: &str) -> String {
    res.as_ref()
        .ok()
        .and_then(|r| sto_testing::attr(r, key))
        .unwrap_or_else(|| "-".into())
}

/// A USD1 amount attribute of a response, formatted ("-" when absent or refused).
fn usd_attr(res: &AnyResult<AppResponse>, key: &str) -> String {
    attr_of(res, key)
        .parse()
        .map_or_else(|_| "-".into(), |u: u128| usd(Uint128::new(u)))
}

/// Balance of a cash account at the adapter (zero when absent).
fn cash_account(run: &Run, key: &str) -> u128 {
    run.s
        .adapter
        .account(&run.s.app.wrap(), key)
        .ok()
        .flatten()
        .map(|a| a.balance.u128())
        .unwrap_or_default()
}

fn sanctions_recovery_forced(run: &mut Run) -> AnyResult<()> {
    // Sanctions block mid-life.
    let res = run.compliance_exec(&registry::ExecuteMsg::BlockInvestor {
        investor_id: "INV-ERIN".into(),
        reason_ref: "SANCTIONS-LIST-2026-114".into(),
    });
    run.step(
        6,
        "compliance",
        "block INV-ERIN (sanctions list)",
        &res,
        Expect::Accept,
        vec![kv("reason_ref", "SANCTIONS-LIST-2026-114")],
    );
    let erin = run.addr("erin");
    let alice = run.addr("alice");
    let res = run.s.token_exec(
        &erin,
        &token::ExecuteMsg::Transfer {
            recipient: alice.to_string(),
            amount: Uint128::new(5),
        },
    );
    run.step(
        6,
        "erin",
        "transfer 5 bonds while blocked",
        &res,
        Expect::Refuse("sender_blocked".into()),
        vec![],
    );

    // Lost-wallet recovery: alice's new wallet is added, the lost one removed, then recovered.
    let alice_new = run.addr("alice_new");
    let res = run.compliance_exec(&registry::ExecuteMsg::AddWallet {
        investor_id: "INV-ALICE".into(),
        wallet: alice_new.to_string(),
    });
    run.step(
        6,
        "compliance",
        "add alice's new wallet to INV-ALICE",
        &res,
        Expect::Accept,
        vec![],
    );
    let res = run.compliance_exec(&registry::ExecuteMsg::RemoveWallet {
        investor_id: "INV-ALICE".into(),
        wallet: alice.to_string(),
    });
    run.step(
        6,
        "compliance",
        "remove alice's lost wallet",
        &res,
        Expect::Accept,
        vec![],
    );
    let chen = run.addr("chen");
    let res = run.agent_exec(token::AgentMsg::RecoverWallet {
        lost: alice.to_string(),
        new_wallet: chen.to_string(),
        legal_reference: "AFFIDAVIT-2026-0042".into(),
    });
    run.step(
        6,
        "transfer_agent",
        "recover alice's lost wallet to chen's wallet",
        &res,
        Expect::Refuse("recovery_to_other_investor".into()),
        vec![],
    );
    let held = run.tokens(&alice);
    let res = run.agent_exec(token::AgentMsg::RecoverWallet {
        lost: alice.to_string(),
        new_wallet: alice_new.to_string(),
        legal_reference: "AFFIDAVIT-2026-0042".into(),
    });
    run.step(
        6,
        "transfer_agent",
        "recover alice's lost wallet to her new wallet",
        &res,
        Expect::Accept,
        vec![kv("bonds", held)],
    );
    run.check(
        6,
        "the lost wallet is empty and the new one holds everything",
        run.tokens(&alice) == 0 && run.tokens(&alice_new) == held,
        vec![],
    );

    // Forced transfer by court order; the recipient must still be verified.
    let bruno = run.addr("bruno");
    let custodian_b = run.addr("custodian_b");
    let dora = run.addr("dora");
    let res = run.agent_exec(token::AgentMsg::ForcedTransfer {
        from: bruno.to_string(),
        to: dora.to_string(),
        amount: Uint128::new(10),
        legal_reference: "COURT-ORDER-DE-2026-311".into(),
        reference: None,
    });
    run.step(
        6,
        "transfer_agent",
        "forced transfer of 10 bonds from bruno to an unregistered wallet",
        &res,
        Expect::Refuse("recipient_unknown".into()),
        vec![],
    );
    let res = run.agent_exec(token::AgentMsg::ForcedTransfer {
        from: bruno.to_string(),
        to: custodian_b.to_string(),
        amount: Uint128::new(10),
        legal_reference: "COURT-ORDER-DE-2026-311".into(),
        reference: Some(EventRef::External {
            reference: "COURT-ORDER-DE-2026-311".into(),
        }),
    });
    run.step(
        6,
        "transfer_agent",
        "forced transfer of 10 bonds from bruno to custodian_b (court order)",
        &res,
        Expect::Accept,
        vec![kv("legal_reference", "COURT-ORDER-DE-2026-311")],
    );
    let res = run.compliance_exec(&registry::ExecuteMsg::UpdateInvestor {
        investor_id: "INV-BRUNO".into(),
        jurisdiction: None,
        class: None,
        kyc_valid_until: Some(run.s.now().plus_seconds(YEAR)),
    });
    run.step(
        6,
        "compliance",
        "renew INV-BRUNO's KYC for a year",
        &res,
        Expect::Accept,
        vec![],
    );
    Ok(())
}

fn maturity(run: &mut Run) -> AnyResult<()> {
    let res = run.s.attest(Decimal::percent(102));
    run.step(
        7,
        "attestor",
        "post the daily reserve attestation (102% coverage)",
        &res,
        Expect::Accept,
        vec![],
    );
    let agent = run.s.paying_agent.clone();
    let distributor = run.s.distributor.0.clone();
    let record_height = run.height() + 5;
    let now = run.s.now();
    let res = run.actions_exec(
        &agent,
        &actions::ExecuteMsg::Agent(actions::AgentMsg::Announce {
            token: run.s.token.0.to_string(),
            kind: ActionKind::FinalRedemption,
            record_height,
            basis: AmountBasis::PerUnit {
                rate: Decimal::from_atomics(PRICE, 0)?,
            },
            payment_time: now.plus_seconds(DAY),
            claim_deadline: now.plus_seconds(60 * DAY),
            withholding: false,
            reclaim_address: run.s.issuer.to_string(),
        }),
    );
    let id = Run::next_id_from(&res, "action_id").max(2);
    let reference = actions::sub_account_reference(id);
    run.step(
        7,
        "paying_agent",
        "announce the final redemption at 1,000 USD1 per bond, paid from its cash sub-account",
        &res,
        Expect::Accept,
        vec![
            kv("action_id", id),
            kv("record_height", record_height),
            kv("sub_account", &reference),
        ],
    );
    run.s.advance(DAY);
    let required = run.required(id)?;
    let funding = run.s.adapter.sub_account_funding_msg(
        &AssetInfo::Cw20 {
            address: run.s.usd1.addr(),
        },
        required,
        distributor.to_string(),
        reference.clone(),
    )?;
    let res = run.s.app.execute(agent.clone(), funding);
    run.step(
        7,
        "paying_agent",
        "fund the principal's sub-account at the adapter: 1,000 USD1 x 999 bonds",
        &res,
        Expect::Accept,
        vec![kv("required", usd(required)), kv("sub_account", &reference)],
    );
    for (who, account) in [
        ("alice_new", "INV-ALICE"),
        ("bruno", "INV-BRUNO"),
        ("erin", "INV-ERIN"),
    ] {
        let holder = run.addr(who);
        let res = run.actions_exec(&holder, &actions::ExecuteMsg::Claim { action_id: id });
        let what = if who == "erin" {
            "claim the principal while blocked: bonds burnt, principal credited to her blocked cash account"
        } else {
            "claim the principal: bonds burnt, principal credited to the investor's cash account"
        };
        let details = vec![
            kv("burnt", attr_of(&res, "burnt")),
            kv("net to cash account", account),
            kv("blocked", attr_of(&res, "blocked")),
        ];
        run.step(7, who, what, &res, Expect::Accept, details);
    }
    let res = run.actions_exec(
        &agent,
        &actions::ExecuteMsg::Agent(actions::AgentMsg::PushClaims {
            action_id: id,
            holders: vec![
                run.addr("custodian_a").to_string(),
                run.addr("custodian_b").to_string(),
            ],
        }),
    );
    let details = vec![kv("net to cash account", "CUST-LUX")];
    run.step(
        7,
        "paying_agent",
        "push the custodian's client wallets' principal claims",
        &res,
        Expect::Accept,
        details,
    );
    run.check(
        7,
        "every bond is redeemed: supply is zero",
        run.supply() == 0,
        vec![kv("supply", run.supply())],
    );
    let erin = run.addr("erin");
    let erin_cash = cash_account(run, "INV-ERIN");
    let res = run.s.adapter_exec(
        &erin,
        &cash::ExecuteMsg::Withdraw {
            account: Some("INV-ERIN".into()),
            amount: Uint128::new(erin_cash),
            recipient: None,
        },
    );
    run.step(
        7,
        "erin",
        "withdraw her principal while blocked: it stays in her cash account, visible and not lost",
        &res,
        Expect::Refuse("account_blocked".into()),
        vec![kv("cash account INV-ERIN", usd(Uint128::new(erin_cash)))],
    );
    run.s.advance(60 * DAY);
    let res = run.actions_exec(
        &agent,
        &actions::ExecuteMsg::Agent(actions::AgentMsg::Close { action_id: id }),
    );
    run.step(
        7,
        "paying_agent",
        "close the redemption after its deadline",
        &res,
        Expect::Accept,
        vec![],
    );
    let sub = run
        .s
        .adapter
        .sub_account(&run.s.app.wrap(), &distributor, &reference)?
        .unwrap_or_default();
    let a = run.action(id)?;
    run.check(
        7,
        "paid + withheld + reclaimed = funded, to the unit (adapter's sub-account)",
        sub.paid + sub.withheld + sub.reclaimed == sub.funded
            && sub.funded == required
            && a.paid == sub.paid
            && a.reclaimed == sub.reclaimed,
        vec![
            kv("funded", usd(sub.funded)),
            kv("paid", usd(sub.paid)),
            kv("reclaimed", usd(sub.reclaimed)),
            kv("burnt", a.burnt),
        ],
    );
    Ok(())
}

fn ownership(run: &mut Run) -> AnyResult<()> {
    let owner = run.s.owner.clone();
    let board = run.addr("governance_board");
    let intruder = run.addr("intruder");
    let res = run.s.registry_exec(
        &owner,
        &registry::ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
            new_owner: board.to_string(),
            expiry: None,
        }),
    );
    run.step(
        0,
        "owner",
        "propose the governance board as owner",
        &res,
        Expect::Accept,
        vec![],
    );
    let res = run.s.registry_exec(
        &intruder,
        &registry::ExecuteMsg::UpdateOwnership(OwnershipAction::AcceptOwnership),
    );
    run.step(
        0,
        "intruder",
        "accept the pending ownership",
        &res,
        Expect::Refuse("not_pending_owner".into()),
        vec![],
    );
    let res = run.s.registry_exec(
        &board,
        &registry::ExecuteMsg::UpdateOwnership(OwnershipAction::AcceptOwnership),
    );
    run.step(
        0,
        "board",
        "accept the pending ownership",
        &res,
        Expect::Accept,
        vec![],
    );
    Ok(())
}

/// Holders by investor, with each wallet's balance.
fn cap_table(run: &Run) -> AnyResult<Vec<serde_json::Value>> {
    let page: HoldersResponse = run.s.token_query(&token::QueryMsg::Holders {
        start_after: None,
        limit: Some(100),
    })?;
    let supply = run.supply().max(1);
    let mut rows = vec![];
    for h in page.holders {
        let investor: registry::Investor = run.s.investor(&h.investor_id)?;
        let wallets: Vec<serde_json::Value> = investor
            .wallets
            .iter()
            .map(|w| {
                serde_json::json!({
                    "wallet": w,
                    "name": run.name(w),
                    "balance": run.tokens(w).to_string(),
                })
            })
            .collect();
        rows.push(serde_json::json!({
            "investor_id": h.investor_id,
            "jurisdiction": h.jurisdiction.as_str(),
            "balance": h.balance.to_string(),
            "share_bps": (h.balance.u128() * 10_000 / supply) as u64,
            "wallets": wallets,
        }));
    }
    Ok(rows)
}

fn print_cap_table(rows: &[serde_json::Value], title: &str) {
    println!("\n== {title}");
    println!(
        "   {:<16} {:<3} {:>8} {:>8}",
        "investor", "jur", "bonds", "share"
    );
    for r in rows {
        let bps = r["share_bps"].as_u64().unwrap_or_default();
        println!(
            "   {:<16} {:<3} {:>8} {:>5}.{:02}%",
            r["investor_id"].as_str().unwrap_or_default(),
            r["jurisdiction"].as_str().unwrap_or_default(),
            r["balance"].as_str().unwrap_or_default(),
            bps / 100,
            bps % 100
        );
    }
}

/// The cash ledger grouped by securities event, the finality records, the investor table.
fn finish(run: &mut Run) -> AnyResult<()> {
    // Cash reconciliation from the adapter's ledger.
    let mut entries: Vec<LedgerEntry> = vec![];
    let mut start_after = None;
    loop {
        let page: LedgerResponse = run.s.adapter_query(&cash::QueryMsg::Ledger {
            start_after,
            limit: Some(100),
        })?;
        start_after = page.entries.last().map(|e| e.id);
        entries.extend(page.entries);
        if !page.has_more {
            break;
        }
    }
    let mut groups: Vec<(String, u128, u128, u64)> = vec![];
    for e in &entries {
        let reference = e.reference.to_string();
        let idx = match groups.iter().position(|g| g.0 == reference) {
            Some(i) => i,
            None => {
                groups.push((reference, 0, 0, 0));
                groups.len() - 1
            }
        };
        let g = &mut groups[idx];
        g.3 += 1;
        match &e.movement {
            cash::Movement::Funding | cash::Movement::RedemptionDeposit => g.1 += e.amount.u128(),
            cash::Movement::ParkedPaid { .. } => {}
            _ => g.2 += e.amount.u128(),
        }
    }
    let (total_in, total_out) = groups
        .iter()
        .fold((0u128, 0u128), |(a, b), g| (a + g.1, b + g.2));
    let rec: cash::ReconciliationResponse =
        run.s.adapter_query(&cash::QueryMsg::Reconciliation {})?;
    let parked_total = rec.parked_total.u128();
    run.check(
        0,
        "cash reconciliation ties out: funded - released = held for clients, parked and queued",
        total_in == total_out + rec.pools_total.u128() + rec.redemptions_pending_total.u128()
            && rec.held == rec.liabilities,
        vec![
            kv("funded", usd(Uint128::new(total_in))),
            kv("released_or_parked", usd(Uint128::new(total_out))),
            kv("pools", usd(rec.pools_total)),
            kv("parked", usd(Uint128::new(parked_total))),
            kv("held", usd(rec.held)),
        ],
    );
    let references = invariants::check_references(&run.s);
    run.check(
        0,
        "every cash movement names a securities event that exists",
        references.is_ok(),
        references
            .err()
            .map(|e| vec![kv("violation", e)])
            .unwrap_or_default(),
    );
    run.r.cash_reconciliation = groups
        .iter()
        .map(|(reference, cash_in, cash_out, n)| {
            serde_json::json!({
                "reference": reference,
                "movements": n,
                "in": cash_in.to_string(),
                "out": cash_out.to_string(),
                "net": (cash_in - cash_out.min(cash_in)).to_string(),
            })
        })
        .collect();
    // Actions pay from their own sub-account by book entries inside the adapter, not through
    // the ledger: their figures come from the adapter's sub-account.
    let mut subs = vec![];
    for id in 1.. {
        if run.action(id).is_err() {
            break;
        }
        let reference = actions::sub_account_reference(id);
        let sub = run
            .s
            .adapter
            .sub_account(&run.s.app.wrap(), &run.s.distributor.0, &reference)?
            .unwrap_or_default();
        let out = sub.paid + sub.withheld + sub.reclaimed;
        run.r.cash_reconciliation.push(serde_json::json!({
            "reference": EventRef::CorporateAction { id }.to_string(),
            "sub_account": reference,
            "in": sub.funded.to_string(),
            "out": out.to_string(),
            "paid": sub.paid.to_string(),
            "withheld": sub.withheld.to_string(),
            "reclaimed": sub.reclaimed.to_string(),
            "net": (sub.funded - out.min(sub.funded)).to_string(),
        }));
        subs.push((id, reference, sub));
    }
    run.r.cash_ledger = entries
        .iter()
        .map(|e| serde_json::to_value(e).unwrap_or_default())
        .collect();

    let records: FinalityRecordsResponse = run.s.app.wrap().query_wasm_smart(
        &run.s.escrow.0,
        &escrow::QueryMsg::FinalitiesByToken {
            token: run.s.token.0.to_string(),
            start_after: None,
            limit: Some(100),
        },
    )?;
    run.r.finality_records = records
        .records
        .iter()
        .map(|f| serde_json::to_value(f).unwrap_or_default())
        .collect();

    if run.r.verbose {
        println!("\n== Cash reconciliation (USD1 by securities event, from the adapter's ledger)");
        println!(
            "   {:<22} {:>4} {:>22} {:>22}",
            "reference", "mvts", "in", "out"
        );
        for (reference, cash_in, cash_out, n) in &groups {
            println!(
                "   {:<22} {:>4} {:>22} {:>22}",
                reference,
                n,
                usd(Uint128::new(*cash_in)),
                usd(Uint128::new(*cash_out))
            );
        }
        println!(
            "   {:<22} {:>4} {:>22} {:>22}",
            "total",
            entries.len(),
            usd(Uint128::new(total_in)),
            usd(Uint128::new(total_out))
        );
        println!(
            "   held by the adapter: {} (pools {}, parked {}, redemptions {}, cash accounts and sub-accounts {})",
            usd(rec.held),
            usd(rec.pools_total),
            usd(rec.parked_total),
            usd(rec.redemptions_pending_total),
            usd(rec.accounts_total)
        );
        for (id, reference, sub) in &subs {
            println!(
                "   corporate_action:{id} in sub-account {reference}: funded {} = paid {} + withheld {} + reclaimed {}",
                usd(sub.funded),
                usd(sub.paid),
                usd(sub.withheld),
                usd(sub.reclaimed)
            );
        }
        println!("\n== Finality records");
        for f in &records.records {
            println!(
                "   #{} {} -> {}: {} bonds for {} at height {} ({})",
                f.instruction_id,
                run.name(&f.seller),
                run.name(&f.buyer),
                f.quantity,
                usd(f.cash_amount),
                f.settled_height,
                f.trade_reference.clone().unwrap_or_default()
            );
        }
        println!(
            "   supply at the end: {} bonds; invariants checked after {} steps",
            run.supply(),
            run.r.invariant_checks
        );
    }

    let page: InvestorsResponse = run.s.app.wrap().query_wasm_smart(
        run.s.registry.addr(),
        &registry::QueryMsg::Investors {
            start_after: None,
            limit: Some(100),
        },
    )?;
    for inv in page.investors {
        let eligibility = match inv.wallets.first() {
            Some(w) => {
                let v = run.s.verify(w)?;
                v.reason.map_or("eligible".to_string(), |x| x.to_string())
            }
            None => "no wallet".to_string(),
        };
        run.r.investors.push(serde_json::json!({
            "investor_id": inv.investor_id,
            "jurisdiction": inv.jurisdiction.as_str(),
            "class": inv.class.as_str(),
            "kyc_valid_until": inv.kyc_valid_until.seconds(),
            "wallets": inv.wallets,
            "status": eligibility,
        }));
    }
    Ok(())
}
