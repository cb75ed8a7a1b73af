//! The operations measured: a small suite deployed from the artifacts, each operation run as one
//! real transaction (or query) on the benchmark chain, and the scaling runs with holder state
//! written directly into the contracts' stores.

use std::collections::BTreeMap;
use std::path::Path;
use std::rc::Rc;

use anyhow::{anyhow, bail, Context};
use cosmwasm_std::{coin, to_json_binary, Addr, Decimal, HexBinary, Uint128};
use cw20::{Cw20Coin, MinterResponse};
use serde::Serialize;
use sto_access::{Role, RoleAction};
use sto_interface::actions;
use sto_interface::ballots;
use sto_interface::cash::{self, AssetInfoUnchecked, CashHookMsg, ReleaseKind};
use sto_interface::common::{EventRef, InvestorClass, Jurisdiction};
use sto_interface::escrow;
use sto_interface::hold::HoldRequest;
use sto_interface::offering;
use sto_interface::registry::{self, Investor, WalletRecord, WALLET_RECORDS};
use sto_interface::settlement;
use sto_interface::token::{self, AgentMsg, TransferRules};

use crate::chain::{Chain, Code, TxReport};
use crate::client;
use crate::report::MAX_TX_GAS;

/// Crate names of the artifacts the benchmark needs, as in `artifacts/<name>.wasm`.
pub const CW20_BASELINE: &str = "cw20_baseline";
/// The identity registry artifact.
pub const REGISTRY: &str = "identity_registry";
/// The security token artifact.
pub const TOKEN: &str = "security_token";
/// The cash adapter artifact.
pub const ADAPTER: &str = "cash_adapter";
/// The DvP escrow artifact (measured once it is built).
pub const ESCROW: &str = "dvp_escrow";
/// The corporate-actions artifact (measured once it is built).
pub const ACTIONS: &str = "corporate_actions";
/// The ballots artifact (measured once it is built).
pub const BALLOTS: &str = "ballots";
/// The settlement artifact, DvP on holds (measured once it is built).
pub const SETTLEMENT: &str = "settlement";
/// The primary-offering artifact (measured once it is built).
pub const OFFERING: &str = "primary_offering";

/// Balance every holder starts with (ten digits, so amounts keep their length while moving).
const START_BALANCE: u128 = 5_000_000_000;
/// Amount moved by the measured transfers.
const AMOUNT: u128 = 100;
/// Largest page of the admin batches measured.
const PAGE: usize = if actions::MAX_PUSH_CLAIMS > token::MAX_BATCH_ISSUE {
    actions::MAX_PUSH_CLAIMS
} else {
    token::MAX_BATCH_ISSUE
};
/// Seconds in a year (KYC validity of the benchmark investors).
const YEAR: u64 = 365 * 24 * 3600;

/// The optimized artifacts found in a directory.
pub struct Artifacts {
    codes: BTreeMap<String, Rc<Code>>,
}

impl Artifacts {
    /// Every `*.wasm` of `dir`.
    pub fn load(dir: &Path) -> anyhow::Result<Self> {
        let mut codes = BTreeMap::new();
        let entries =
            std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
        for entry in entries {
            let path = entry?.path();
            if path.extension().and_then(|e| e.to_str()) != Some("wasm") {
                continue;
            }
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .ok_or_else(|| anyhow!("bad artifact name {}", path.display()))?
                .to_string();
            let wasm =
                std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            codes.insert(name.clone(), Rc::new(Code { name, wasm }));
        }
        Ok(Artifacts { codes })
    }

    /// The artifact `name`, if present.
    pub fn get(&self, name: &str) -> Option<&Rc<Code>> {
        self.codes.get(name)
    }

    /// The artifact `name`, or an error naming the build step.
    pub fn need(&self, name: &str) -> anyhow::Result<&Rc<Code>> {
        self.get(name)
            .ok_or_else(|| anyhow!("artifacts/{name}.wasm missing: run scripts/build-wasm.sh"))
    }

    /// Names and bytes of every artifact.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.codes
            .iter()
            .map(|(n, c)| (n.as_str(), c.wasm.as_slice()))
    }
}

/// One measured operation.
#[derive(Clone, Debug, Serialize)]
pub struct Measurement {
    /// Stable snake_case row id (JSON key, target table of `report`).
    pub id: String,
    /// What was measured, for the table.
    pub label: String,
    /// Holders in the token (scaling rows), if relevant.
    pub holders: Option<u64>,
    /// Entries of an admin batch (one page), if the operation is one.
    pub page: Option<u64>,
    /// Whether the transaction was expected to succeed (false: a refusal is measured).
    pub expect_ok: bool,
    /// Remarks printed under the table (e.g. which client contract was called).
    pub note: Option<String>,
    /// Calls charged the full load (60,000 unpinned): the first call to each code checksum.
    pub loads: u32,
    /// Calls charged the discounted load (2,000): a code already called in the transaction,
    /// or a reply.
    pub discounted_loads: u32,
    /// Everything but the load costs: what a pinned chain pays beyond 2,000 a call.
    pub variable: u64,
    /// Total SDK gas, every code unpinned.
    pub total_unpinned: u64,
    /// Total SDK gas, every code pinned.
    pub total_pinned: u64,
    /// `total_unpinned` over the cw20-base transfer's (set once the run is complete).
    pub vs_cw20_transfer: Option<f64>,
    /// `total_pinned` over the cw20-base transfer's, pinned.
    pub vs_cw20_transfer_pinned: Option<f64>,
    /// The cost, broken down.
    pub report: TxReport,
}

impl Measurement {
    /// A measured transaction (`expect_ok` false: a refusal is measured).
    pub fn new(id: &str, label: &str, expect_ok: bool, report: TxReport) -> Self {
        let mut m = Measurement {
            id: id.into(),
            label: label.into(),
            holders: None,
            page: None,
            expect_ok,
            note: None,
            loads: 0,
            discounted_loads: 0,
            variable: 0,
            total_unpinned: 0,
            total_pinned: 0,
            vs_cw20_transfer: None,
            vs_cw20_transfer_pinned: None,
            report,
        };
        m.summarize();
        m
    }

    /// Copy the report's figures into the row's summary fields.
    fn summarize(&mut self) {
        self.loads = self.report.loads;
        self.discounted_loads = self.report.discounted_loads;
        self.variable = self.report.variable();
        self.total_unpinned = self.report.total(false);
        self.total_pinned = self.report.total(true);
    }

    /// Total SDK gas, unpinned (`false`) or pinned (`true`).
    pub fn total(&self, pinned: bool) -> u64 {
        self.report.total(pinned)
    }

    /// The entry points called, in order (`a.execute → b.query`); for long transactions the
    /// distinct entry points with their counts (`b.query ×50`), in order of first call.
    pub fn path(&self) -> String {
        let calls: Vec<String> = self
            .report
            .calls
            .iter()
            .map(|c| format!("{}.{}", c.contract, c.entry))
            .collect();
        if calls.len() <= 10 {
            return calls.join(" → ");
        }
        let mut counts: Vec<(String, usize)> = Vec::new();
        for call in calls {
            match counts.iter_mut().find(|(c, _)| *c == call) {
                Some((_, n)) => *n += 1,
                None => counts.push((call, 1)),
            }
        }
        counts
            .iter()
            .map(|(c, n)| {
                if *n > 1 {
                    format!("{c} ×{n}")
                } else {
                    c.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// An operation that did not execute as expected.
#[derive(Clone, Debug, Serialize)]
pub struct Failure {
    /// The operation.
    pub id: String,
    /// What went wrong.
    pub error: String,
}

/// The largest transaction seen (setup included).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Largest {
    /// What it was.
    pub label: String,
    /// Total SDK gas, unpinned.
    pub gas: u64,
}

/// One push-claims page of the page-size search.
#[derive(Clone, Debug, Serialize)]
pub struct PageRun {
    /// Holders in the page.
    pub page: u64,
    /// Total SDK gas unpinned, `None` when the distributor refused the page.
    pub total_unpinned: Option<u64>,
    /// Total SDK gas pinned.
    pub total_pinned: Option<u64>,
    /// Full-price loads.
    pub loads: u32,
    /// The refusal, if any.
    pub error: Option<String>,
}

/// The largest push-claims page under the transaction limit.
#[derive(Clone, Debug, Serialize)]
pub struct PageFit {
    /// Row id of the full page (`push_claims_page`).
    pub row: String,
    /// Holders in the largest page whose total stays under the limit (unpinned).
    pub largest_page: u64,
    /// Whether that page was executed (`false`: extrapolated from the largest pages accepted).
    pub measured: bool,
    /// Largest page the distributor accepts (`None`: no refusal met).
    pub cap: Option<u64>,
    /// Gas per additional holder (unpinned), from the two largest pages executed.
    pub per_holder: u64,
    /// Gas of a page of one holder (unpinned).
    pub first: u64,
    /// Holders in the scaling run.
    pub holders: u64,
}

/// Everything the scenarios produced.
#[derive(Debug, Default, Serialize)]
pub struct Results {
    /// Single operations on the small suite.
    pub operations: Vec<Measurement>,
    /// Transfers (and claims) at growing holder counts.
    pub scaling: Vec<Measurement>,
    /// Operations not measured, with the reason (e.g. an artifact not built yet).
    pub pending: Vec<(String, String)>,
    /// Operations that did not execute as expected.
    pub failures: Vec<Failure>,
    /// The largest transaction of the run, setup included (the page-size search excluded).
    pub largest: Largest,
    /// Push-claims pages of growing size, at the largest holder count, in each funding mode.
    pub push_claims_pages: Vec<PageRun>,
    /// The largest push-claims page under the transaction limit, per funding mode.
    pub push_claims_fits: Vec<PageFit>,
}

impl Results {
    /// The operation `id`, if measured.
    pub fn op(&self, id: &str) -> Option<&Measurement> {
        self.operations.iter().find(|m| m.id == id)
    }

    /// Set each row's ratio to the cw20-base transfer, once every row is measured.
    pub fn finish(&mut self) {
        let base = self
            .op("cw20_transfer")
            .map(|b| (b.total_unpinned, b.total_pinned));
        for m in self.operations.iter_mut().chain(self.scaling.iter_mut()) {
            m.summarize();
            if let Some((unpinned, pinned)) = base {
                m.vs_cw20_transfer = Some(m.total_unpinned as f64 / unpinned.max(1) as f64);
                m.vs_cw20_transfer_pinned = Some(m.total_pinned as f64 / pinned.max(1) as f64);
            }
        }
    }

    fn observe(&mut self, label: &str, report: &TxReport) {
        let gas = report.total(false);
        if gas > self.largest.gas {
            self.largest = Largest {
                label: label.to_string(),
                gas,
            };
        }
    }

    /// Record a measured operation, checking its outcome.
    fn push(&mut self, scaling: bool, m: Measurement) {
        self.observe(&m.label, &m.report);
        match (&m.report.error, m.expect_ok) {
            (Some(e), true) => self.failures.push(Failure {
                id: m.id.clone(),
                error: e.clone(),
            }),
            (None, false) => self.failures.push(Failure {
                id: m.id.clone(),
                error: "expected a refusal, the transaction succeeded".into(),
            }),
            _ => {}
        }
        if scaling {
            self.scaling.push(m);
        } else {
            self.operations.push(m);
        }
    }
}

/// A setup transaction that must succeed.
fn must(results: &mut Results, label: &str, report: TxReport) -> anyhow::Result<TxReport> {
    results.observe(label, &report);
    match &report.error {
        None => Ok(report),
        Some(e) => bail!("setup step `{label}` failed: {e}"),
    }
}

fn instantiate<M: Serialize>(
    results: &mut Results,
    chain: &Chain,
    code: &Rc<Code>,
    sender: &str,
    msg: &M,
) -> anyhow::Result<String> {
    let (addr, report) = chain.instantiate(code, sender, msg, &[]);
    results.observe(&format!("instantiate {}", code.name), &report);
    addr.map_err(|e| anyhow!("instantiating {}: {e}", code.name))
}

fn jurisdiction(code: &str) -> anyhow::Result<Jurisdiction> {
    Jurisdiction::parse(code).map_err(|e| anyhow!("{e}"))
}

/// The token's rules in every run: a jurisdiction allow list, a minimum class and a holder
/// cap, so the compliance check evaluates every kind of rule.
fn rules() -> anyhow::Result<TransferRules> {
    Ok(TransferRules {
        allowed_jurisdictions: ["CH", "DE", "FR", "GB", "US"]
            .iter()
            .map(|j| jurisdiction(j))
            .collect::<anyhow::Result<_>>()?,
        denied_jurisdictions: vec![],
        min_investor_class: Some(InvestorClass::Retail),
        max_holders: Some(1_000_000),
        max_holders_per_jurisdiction: vec![],
        max_balance_per_investor: None,
    })
}

/// Registry, token and cw20-base deployed, with the admin holding every role needed.
struct Base {
    chain: Chain,
    admin: String,
    registry: String,
    token: String,
    cw20: String,
}

fn deploy_base(
    results: &mut Results,
    artifacts: &Artifacts,
    cw20_holders: &[String],
) -> anyhow::Result<Base> {
    let chain = Chain::new();
    let admin = chain.account(1);
    let registry = instantiate(
        results,
        &chain,
        artifacts.need(REGISTRY)?,
        &admin,
        &registry::InstantiateMsg {
            owner: None,
            compliance_officers: vec![admin.clone()],
        },
    )?;
    let token = instantiate(
        results,
        &chain,
        artifacts.need(TOKEN)?,
        &admin,
        &token::InstantiateMsg {
            name: "Bench Bond 2030".into(),
            symbol: "BBND".into(),
            decimals: 6,
            registry: registry.clone(),
            owner: None,
            rules: rules()?,
            marketing: None,
        },
    )?;
    for role in [Role::TransferAgent, Role::CheckpointOpener] {
        let r = chain.execute(
            &admin,
            &token,
            &token::ExecuteMsg::UpdateRoles(RoleAction::Grant {
                role,
                address: admin.clone(),
            }),
            &[],
        );
        must(results, "grant token role", r)?;
    }
    let cw20 = instantiate(
        results,
        &chain,
        artifacts.need(CW20_BASELINE)?,
        &admin,
        &cw20_base::msg::InstantiateMsg {
            name: "Bench Dollar".into(),
            symbol: "USDX".into(),
            decimals: 6,
            initial_balances: cw20_holders
                .iter()
                .map(|a| Cw20Coin {
                    address: a.clone(),
                    amount: Uint128::new(START_BALANCE),
                })
                .collect(),
            mint: Some(MinterResponse {
                minter: admin.clone(),
                cap: None,
            }),
            marketing: None,
        },
    )?;
    Ok(Base {
        chain,
        admin,
        registry,
        token,
        cw20,
    })
}

fn register(
    results: &mut Results,
    base: &Base,
    investor_id: &str,
    wallets: &[&String],
) -> anyhow::Result<()> {
    let until = base.chain.block_time().plus_seconds(YEAR);
    let r = base.chain.execute(
        &base.admin,
        &base.registry,
        &registry::ExecuteMsg::RegisterInvestor {
            investor_id: investor_id.into(),
            wallets: wallets.iter().map(|w| (*w).clone()).collect(),
            jurisdiction: jurisdiction("US")?,
            class: InvestorClass::Accredited,
            kyc_valid_until: until,
        },
        &[],
    );
    must(results, "register investor", r).map(drop)
}

fn mint(results: &mut Results, base: &Base, to: &str) -> anyhow::Result<()> {
    let r = base.chain.execute(
        &base.admin,
        &base.token,
        &token::ExecuteMsg::Mint {
            recipient: to.into(),
            amount: Uint128::new(START_BALANCE),
        },
        &[],
    );
    must(results, "mint", r).map(drop)
}

fn cw20_transfer(to: &str) -> cw20::Cw20ExecuteMsg {
    cw20::Cw20ExecuteMsg::Transfer {
        recipient: to.into(),
        amount: Uint128::new(AMOUNT),
    }
}

fn token_transfer(to: &str) -> token::ExecuteMsg {
    token::ExecuteMsg::Transfer {
        recipient: to.into(),
        amount: Uint128::new(AMOUNT),
    }
}

fn measured(id: &str, label: &str, expect_ok: bool, report: TxReport) -> Measurement {
    Measurement::new(id, label, expect_ok, report)
}

/// The single operations on a small suite.
pub fn operations(artifacts: &Artifacts, results: &mut Results) -> anyhow::Result<()> {
    let probe = Chain::new();
    let alice = probe.account(1001);
    let alice_spare = probe.account(1002);
    let bob = probe.account(1003);
    let carol = probe.account(1004);
    let dave = probe.account(1005);
    let unknown = probe.account(1999);
    let fresh = probe.account(1006);

    let base = deploy_base(results, artifacts, &[alice.clone(), bob.clone()])?;
    let chain = &base.chain;

    // cw20-base: a warm-up transfer, then the measured one between two existing holders.
    let r = chain.execute(&bob, &base.cw20, &cw20_transfer(&alice), &[]);
    must(results, "cw20 warm-up", r)?;
    let r = chain.execute(&alice, &base.cw20, &cw20_transfer(&bob), &[]);
    results.push(
        false,
        measured(
            "cw20_transfer",
            "cw20-base transfer (existing recipient)",
            true,
            r,
        ),
    );
    let r = chain.execute(&alice, &base.cw20, &cw20_transfer(&fresh), &[]);
    results.push(
        false,
        measured(
            "cw20_transfer_new_holder",
            "cw20-base transfer (new recipient)",
            true,
            r,
        ),
    );

    // The security token: four investors, alice with a spare wallet for the recovery.
    register(results, &base, "INV-ALICE", &[&alice, &alice_spare])?;
    register(results, &base, "INV-BOB", &[&bob])?;
    register(results, &base, "INV-CAROL", &[&carol])?;
    register(results, &base, "INV-DAVE", &[&dave])?;
    mint(results, &base, &alice)?;
    mint(results, &base, &bob)?;
    let r = chain.execute(&bob, &base.token, &token_transfer(&alice), &[]);
    must(results, "token warm-up", r)?;

    let r = chain.execute(&alice, &base.token, &token_transfer(&bob), &[]);
    results.push(
        false,
        measured(
            "restricted_transfer",
            "restricted transfer, eligible (existing holders)",
            true,
            r,
        ),
    );
    let r = chain.execute(&alice, &base.token, &token_transfer(&carol), &[]);
    results.push(
        false,
        measured(
            "restricted_transfer_new_holder",
            "restricted transfer, eligible (new holder)",
            true,
            r,
        ),
    );
    let r = chain.execute(&alice, &base.token, &token_transfer(&unknown), &[]);
    let mut m = measured(
        "refused_transfer",
        "refused transfer (recipient not in the registry)",
        false,
        r,
    );
    m.note = Some("refused with reason code 40 (`recipient_unknown`); state rolled back".into());
    results.push(false, m);

    let (answer, r) = chain.query(
        &base.token,
        &token::QueryMsg::CanTransfer {
            from: alice.clone(),
            to: bob.clone(),
            amount: Uint128::new(AMOUNT),
        },
    );
    let mut m = measured(
        "can_transfer",
        "`can_transfer` query (smart query by a contract)",
        true,
        r,
    );
    match answer.map(|b| cosmwasm_std::from_json::<token::CanTransferResponse>(&b)) {
        Ok(Ok(a)) if a.allowed => {}
        other => {
            m.report.error = Some(format!("unexpected answer: {other:?}"));
        }
    }
    results.push(false, m);

    // Record checkpoint, then the first transfer touching both balances after it.
    let height = chain.height() + 3;
    let r = chain.execute(
        &base.admin,
        &base.token,
        &token::ExecuteMsg::OpenCheckpoint {
            height,
            reference: Some(EventRef::CorporateAction { id: 1 }),
        },
        &[],
    );
    results.push(
        false,
        measured("record_checkpoint", "record checkpoint (open)", true, r),
    );
    let r = chain.execute(&alice, &base.token, &token_transfer(&bob), &[]);
    let mut m = measured(
        "restricted_transfer_after_checkpoint",
        "restricted transfer, first after a record checkpoint",
        true,
        r,
    );
    m.note = Some(
        "the first change of each balance after an opened checkpoint also records its old \
         value in the changelog"
            .into(),
    );
    results.push(false, m);

    let r = chain.execute(
        &base.admin,
        &base.token,
        &token::ExecuteMsg::Agent(AgentMsg::RecoverWallet {
            lost: alice.clone(),
            new_wallet: alice_spare.clone(),
            legal_reference: "court-order-2026-0117".into(),
        }),
        &[],
    );
    results.push(
        false,
        measured(
            "wallet_recovery",
            "wallet recovery (transfer agent)",
            true,
            r,
        ),
    );

    adapter_operations(artifacts, results, &base, &bob, &dave)?;
    if artifacts.get(ACTIONS).is_some() {
        if let Err(e) = coupon_operations(artifacts, results, &base, &[&carol, &bob]) {
            results.failures.push(Failure {
                id: "corporate_actions".into(),
                error: format!("{e:#}"),
            });
        }
    }
    if artifacts.get(ESCROW).is_some() {
        if let Err(e) = escrow_operations(artifacts, results, &base, &bob, &dave, &carol) {
            results.failures.push(Failure {
                id: "dvp_escrow".into(),
                error: format!("{e:#}"),
            });
        }
    }
    if let Err(e) = account_operations(artifacts, results) {
        results.failures.push(Failure {
            id: "holds_and_cash_accounts".into(),
            error: format!("{e:#}"),
        });
    }
    Ok(())
}

/// Two investors holding the token and USD1 (cw20-base), on a chain of their own with no record
/// checkpoint open: the first with a spare wallet (the withdrawals' recipient), the second the
/// payee. Returns `(base, owner, owner_spare, payee)`.
fn account_suite(
    artifacts: &Artifacts,
    results: &mut Results,
) -> anyhow::Result<(Base, String, String, String)> {
    let probe = Chain::new();
    let owner = probe.account(2001);
    let owner_spare = probe.account(2002);
    let payee = probe.account(2003);
    let base = deploy_base(results, artifacts, &[owner.clone(), payee.clone()])?;
    register(results, &base, "INV-ERIN", &[&owner, &owner_spare])?;
    register(results, &base, "INV-FRANK", &[&payee])?;
    mint(results, &base, &owner)?;
    mint(results, &base, &payee)?;
    let r = base
        .chain
        .execute(&payee, &base.token, &token_transfer(&owner), &[]);
    must(results, "token warm-up", r)?;
    Ok((base, owner, owner_spare, payee))
}

/// The stand-in contract accepting every message (cash client, notary), instantiated.
fn instantiate_stub(results: &mut Results, base: &Base) -> anyhow::Result<String> {
    let stub = Rc::new(Code {
        name: client::NAME.into(),
        wasm: client::wasm(),
    });
    let (addr, r) = base
        .chain
        .instantiate(&stub, &base.admin, &cosmwasm_std::Empty {}, &[]);
    results.observe("instantiate stub", &r);
    addr.map_err(|e| anyhow!("instantiating the stub contract: {e}"))
}

/// Token holds, cash accounts (both USD1 modes) and a vote, on a suite of their own.
fn account_operations(artifacts: &Artifacts, results: &mut Results) -> anyhow::Result<()> {
    let (base, owner, owner_spare, payee) = account_suite(artifacts, results)?;
    hold_operations(results, &base, &owner, &payee)?;
    for mode in [Usd1::Cw20, Usd1::Native] {
        cash_account_operations(
            artifacts,
            results,
            &base,
            &owner,
            &owner_spare,
            &payee,
            mode,
        )?;
    }
    if artifacts.get(SETTLEMENT).is_some() {
        settlement_operations(artifacts, results, &base, &owner, &payee)?;
    }
    if artifacts.get(BALLOTS).is_some() {
        let ballots = deploy_ballots(artifacts, results, &base)?;
        open_ballot(results, &base, &ballots)?;
        must(results, "vote warm-up", vote(&base, &ballots, &payee, 1))?;
        let mut m = measured(
            "vote",
            "vote (holder, after the record height)",
            true,
            vote(&base, &ballots, &owner, 1),
        );
        m.note = Some(
            "a first vote on a ballot of three options: the wallet's record balance read raw \
             at the token (record entry, else the balance); another holder voted before"
                .into(),
        );
        results.push(false, m);
    }
    if artifacts.get(OFFERING).is_some() {
        subscription_operations(artifacts, results, &base, &owner, &payee)?;
    }
    Ok(())
}

/// Deposits of 1,000,000 USD1 (CW20 `send` with the `deposit` hook) by each wallet
/// into its own cash account at `adapter`.
fn deposit_to_accounts(
    results: &mut Results,
    base: &Base,
    adapter: &str,
    wallets: &[&str],
) -> anyhow::Result<()> {
    for wallet in wallets {
        let r = base.chain.execute(
            wallet,
            &base.cw20,
            &cw20::Cw20ExecuteMsg::Send {
                contract: adapter.into(),
                amount: Uint128::new(1_000_000),
                msg: to_json_binary(&CashHookMsg::Deposit {
                    account: None,
                    hold: None,
                })?,
            },
            &[],
        );
        must(results, "deposit into a cash account", r)?;
    }
    Ok(())
}

/// The checksum of the token's artifact, which allow-lists pin.
fn token_checksum(artifacts: &Artifacts) -> anyhow::Result<HexBinary> {
    Ok(HexBinary::from(
        cosmwasm_std::Checksum::generate(&artifacts.need(TOKEN)?.wasm).as_slice(),
    ))
}

/// A primary offering on the token: the issuer's cash account is `first`'s investor account, a
/// warm-up subscription by `first`, then the measured one by `second`: a cash hold at the adapter
/// naming the offering as notary, whose `hold_placed` records the subscription.
fn subscription_operations(
    artifacts: &Artifacts,
    results: &mut Results,
    base: &Base,
    first: &str,
    second: &str,
) -> anyhow::Result<()> {
    let chain = &base.chain;
    let adapter = deploy_adapter(artifacts, results, base, Usd1::Cw20)?;
    let contract = instantiate(
        results,
        chain,
        artifacts.need(OFFERING)?,
        &base.admin,
        &offering::InstantiateMsg {
            owner: None,
            cash_adapter: adapter.clone(),
        },
    )?;
    let r = chain.execute(
        &base.admin,
        &adapter,
        &cash::ExecuteMsg::RegisterNotary {
            address: contract.clone(),
        },
        &[],
    );
    must(results, "offering contract as the adapter's notary", r)?;
    for (role, address) in [(Role::Minter, &contract), (Role::Issuer, &base.admin)] {
        let (held, _) = chain.query(
            &base.token,
            &token::QueryMsg::HasRole {
                role,
                address: address.clone(),
            },
        );
        let held = cosmwasm_std::from_json::<sto_access::HasRoleResponse>(
            &held.map_err(|e| anyhow!("has_role: {e}"))?,
        )?
        .has_role;
        if held {
            continue;
        }
        let r = chain.execute(
            &base.admin,
            &base.token,
            &token::ExecuteMsg::UpdateRoles(RoleAction::Grant {
                role,
                address: address.clone(),
            }),
            &[],
        );
        must(results, "grant token role for the offering", r)?;
    }
    let r = chain.execute(
        &base.admin,
        &contract,
        &offering::ExecuteMsg::AllowToken {
            token: base.token.clone(),
            checksum: token_checksum(artifacts)?,
        },
        &[],
    );
    must(results, "allow the token at the offering contract", r)?;
    deposit_to_accounts(results, base, &adapter, &[first, second])?;
    let now = chain.block_time();
    let (price, units, day) = (Uint128::new(100), Uint128::new(50), 86_400);
    let r = chain.execute(
        &base.admin,
        &contract,
        &offering::ExecuteMsg::OpenOffering(offering::OfferingTerms {
            token: base.token.clone(),
            unit_price: price,
            min_units: Uint128::one(),
            max_units: Uint128::new(1_000),
            soft_cap: Uint128::one(),
            hard_cap: Uint128::new(10_000),
            start: now,
            end: now.plus_seconds(day),
            grace: day,
            issuer_account: "INV-ERIN".into(),
            lock_until: None,
            reference: "OFFER-1".into(),
        }),
        &[],
    );
    must(results, "open an offering", r)?;
    let subscribe = |wallet: &str| -> anyhow::Result<TxReport> {
        Ok(chain.execute(
            wallet,
            &adapter,
            &cash::ExecuteMsg::PlaceHold {
                account: None,
                hold: HoldRequest {
                    notary: contract.clone(),
                    payee: "INV-ERIN".into(),
                    amount: price * units,
                    expires: now.plus_seconds(3 * day),
                    reference: offering::offering_reference(1),
                    partial: true,
                    msg: Some(to_json_binary(&offering::SubscriptionMsg {
                        offering_id: 1,
                        units,
                        wallet: None,
                    })?),
                },
            },
            &[],
        ))
    };
    must(results, "subscription warm-up", subscribe(first)?)?;
    let mut m = measured(
        "subscription",
        "subscription to a primary offering (a cash hold naming the offering)",
        true,
        subscribe(second)?,
    );
    m.note = Some(
        "adapter `place_hold` → offering `hold_placed` (the token's rules and books read raw): \
         the subscriber's USD1 stays in its cash account until allocation"
            .into(),
    );
    results.push(false, m);
    Ok(())
}

/// A two-leg trade on holds (the seller's units against the buyer's USD1) with the settlement
/// contract as notary: a warm-up trade, then the measured one. The seller creates the trade
/// and affirms its security leg with a token hold in one transaction; the buyer's cash hold is
/// the last affirmation and settles the trade in its transaction (both holds executed).
fn settlement_operations(
    artifacts: &Artifacts,
    results: &mut Results,
    base: &Base,
    seller: &str,
    buyer: &str,
) -> anyhow::Result<()> {
    let chain = &base.chain;
    let adapter = deploy_adapter(artifacts, results, base, Usd1::Cw20)?;
    let contract = instantiate(
        results,
        chain,
        artifacts.need(SETTLEMENT)?,
        &base.admin,
        &settlement::InstantiateMsg {
            owner: None,
            cash_adapter: adapter.clone(),
            registry: base.registry.clone(),
            max_settlement_window: None,
            settlement_operators: vec![],
        },
    )?;
    let r = chain.execute(
        &base.admin,
        &base.token,
        &token::ExecuteMsg::RegisterNotary {
            notary: contract.clone(),
        },
        &[],
    );
    must(results, "settlement contract as the token's notary", r)?;
    let r = chain.execute(
        &base.admin,
        &adapter,
        &cash::ExecuteMsg::RegisterNotary {
            address: contract.clone(),
        },
        &[],
    );
    must(results, "settlement contract as the adapter's notary", r)?;
    let r = chain.execute(
        &base.admin,
        &contract,
        &settlement::ExecuteMsg::AllowToken {
            token: base.token.clone(),
            checksum: token_checksum(artifacts)?,
        },
        &[],
    );
    must(results, "allow the token at the settlement contract", r)?;
    // Both parties keep USD1 in their cash accounts.
    deposit_to_accounts(results, base, &adapter, &[seller, buyer])?;
    let price = Uint128::new(10_000);
    // Trade 1 warms up; trade 2 settles by `settle_trade` once both legs are on hold; trade 3
    // settles in the buyer's affirmation.
    let mut settle_alone = None;
    let mut whole_trade = None;
    for trade_id in 1..=3u64 {
        let now = chain.block_time();
        let deadline = now.plus_seconds(3_600);
        let hold = |payee: &str, amount: Uint128, leg: u8, settle: bool| -> anyhow::Result<_> {
            Ok(HoldRequest {
                notary: contract.clone(),
                payee: payee.into(),
                amount,
                expires: now.plus_seconds(7_200),
                reference: format!("settlement:{trade_id}"),
                partial: false,
                msg: Some(to_json_binary(&settlement::Affirmation {
                    trade_id,
                    leg,
                    settle,
                })?),
            })
        };
        let create = serde_json::to_value(&settlement::ExecuteMsg::CreateTrade {
            legs: vec![
                settlement::LegRequest::Security {
                    token: base.token.clone(),
                    from: seller.into(),
                    to: buyer.into(),
                    quantity: Uint128::new(AMOUNT),
                },
                settlement::LegRequest::Cash {
                    from: buyer.into(),
                    to: seller.into(),
                    amount: price,
                },
            ],
            deadline,
            settle_not_before: None,
            approver: None,
            venue_reference: None,
        })?;
        let affirm_security = serde_json::to_value(&token::ExecuteMsg::PlaceHold {
            owner: None,
            request: hold(buyer, Uint128::new(AMOUNT), 0, false)?,
        })?;
        let first = chain.execute_msgs(
            seller,
            &[
                (contract.as_str(), create),
                (base.token.as_str(), affirm_security),
            ],
        );
        must(
            results,
            "create a trade and affirm its security leg",
            first.clone(),
        )?;
        let last_affirmation = chain.execute(
            buyer,
            &adapter,
            &cash::ExecuteMsg::PlaceHold {
                account: None,
                hold: hold("INV-ERIN", price, 1, trade_id != 2)?,
            },
            &[],
        );
        must(results, "affirm the cash leg", last_affirmation.clone())?;
        match trade_id {
            1 => {}
            2 => {
                let settle = chain.execute(
                    buyer,
                    &contract,
                    &settlement::ExecuteMsg::SettleTrade { trade_id },
                    &[],
                );
                settle_alone = Some(settle);
            }
            _ => whole_trade = Some(TxReport::combine(&[&first, &last_affirmation])),
        }
    }
    let (Some(settle), Some(total)) = (settle_alone, whole_trade) else {
        bail!("no trade on holds measured");
    };
    let mut m = measured(
        "dvp_settle_on_holds",
        "DvP on holds: `settle_trade` with both legs on hold",
        true,
        settle,
    );
    m.note = Some(
        "settlement `settle_trade` (both holds read raw) → token `execute_hold` and adapter \
         `execute_hold`: units and USD1 move in one transaction; nothing was delivered to the \
         settlement contract"
            .into(),
    );
    results.push(false, m);
    let mut m = measured(
        "dvp_trade_total",
        "DvP on holds: create-and-affirm plus the affirmation that settles (all transactions)",
        true,
        total,
    );
    m.note = Some(
        "the seller's transaction (settlement `create_trade` + token `place_hold` → \
         `hold_placed`) and the buyer's (adapter `place_hold` → `hold_placed`, which settles: \
         token and adapter `execute_hold`)"
            .into(),
    );
    results.push(false, m);
    Ok(())
}

/// A hold on the token, placed by its owner for the stub notary and executed by it to an
/// existing holder: a warm-up pair, then the measured pair.
fn hold_operations(
    results: &mut Results,
    base: &Base,
    owner: &str,
    payee: &str,
) -> anyhow::Result<()> {
    let chain = &base.chain;
    let notary = instantiate_stub(results, base)?;
    let r = chain.execute(
        &base.admin,
        &base.token,
        &token::ExecuteMsg::RegisterNotary {
            notary: notary.clone(),
        },
        &[],
    );
    must(results, "register notary", r)?;
    let place = |id: u64| {
        chain.execute(
            owner,
            &base.token,
            &token::ExecuteMsg::PlaceHold {
                owner: None,
                request: HoldRequest {
                    notary: notary.clone(),
                    payee: payee.into(),
                    amount: Uint128::new(AMOUNT),
                    expires: chain.block_time().plus_seconds(24 * 3600),
                    reference: format!("settlement:{id}"),
                    partial: false,
                    msg: None,
                },
            },
            &[],
        )
    };
    let execute = |id: u64| {
        chain.execute(
            &notary,
            &base.token,
            &token::ExecuteMsg::ExecuteHold { id, amount: None },
            &[],
        )
    };
    must(results, "hold warm-up: place", place(1))?;
    must(results, "hold warm-up: execute", execute(1))?;
    let mut m = measured(
        "token_hold",
        "token hold placed by its owner (token → notary callback)",
        true,
        place(2),
    );
    m.note = Some(format!(
        "the notary called back is `{}`, the minimal contract accepting every message, \
         registered on the token by its owner; the payee is an eligible existing holder and the \
         compliance pass owner → payee runs at placement",
        client::NAME
    ));
    results.push(false, m);
    let mut m = measured(
        "token_hold_execute",
        "token hold executed by the notary (existing holder)",
        true,
        execute(2),
    );
    m.note = Some(
        "executed with the notary's address as sender, as its own call would be; the full \
         compliance pass runs again and the units move to the payee"
            .into(),
    );
    results.push(false, m);
    Ok(())
}

/// Deposit, book entry and withdrawal of cash accounts at an adapter in `mode`: each a warm-up,
/// then the measured one. `owner`'s investor has the spare wallet `owner_spare` (withdrawals go
/// there); `payee`'s investor receives the book entries.
fn cash_account_operations(
    artifacts: &Artifacts,
    results: &mut Results,
    base: &Base,
    owner: &str,
    owner_spare: &str,
    payee: &str,
    mode: Usd1,
) -> anyhow::Result<()> {
    let chain = &base.chain;
    let adapter = deploy_adapter(artifacts, results, base, mode)?;
    if mode == Usd1::Native {
        for wallet in [owner, payee] {
            chain.set_balance(wallet, &coin(START_BALANCE, USD1_DENOM));
        }
    }
    let amount = Uint128::new(1_000_000);
    let deposit = |depositor: &str| -> anyhow::Result<TxReport> {
        Ok(match mode {
            Usd1::Cw20 => chain.execute(
                depositor,
                &base.cw20,
                &cw20::Cw20ExecuteMsg::Send {
                    contract: adapter.clone(),
                    amount,
                    msg: to_json_binary(&CashHookMsg::Deposit {
                        account: None,
                        hold: None,
                    })?,
                },
                &[],
            ),
            Usd1::Native => chain.execute(
                depositor,
                &adapter,
                &cash::ExecuteMsg::Deposit {
                    account: None,
                    hold: None,
                },
                &[coin(amount.u128(), USD1_DENOM)],
            ),
        })
    };
    let (suffix, deposit_mode, withdraw_mode) = match mode {
        Usd1::Cw20 => (
            "",
            "USD1 CW20 `send` → adapter",
            "adapter → USD1 CW20 transfer",
        ),
        Usd1::Native => (
            "_native",
            "native USD1: adapter `deposit` with coins",
            "native USD1: adapter → bank send",
        ),
    };
    // The first deposit of each investor opens its account.
    must(results, "deposit warm-up", deposit(owner)?)?;
    must(results, "deposit of the payee", deposit(payee)?)?;
    let mut m = measured(
        &format!("cash_deposit{suffix}"),
        &format!("cash deposit into an existing account ({deposit_mode})"),
        true,
        deposit(owner)?,
    );
    m.note = Some(
        "the depositor's wallet authenticates for its investor's account with one raw read of \
         the registry's wallet record"
            .into(),
    );
    results.push(false, m);

    let book = |id: u64| {
        chain.execute(
            owner,
            &adapter,
            &cash::ExecuteMsg::TransferCash {
                from: None,
                to: "INV-FRANK".into(),
                amount: Uint128::new(1_000),
                reference: format!("settlement:{id}"),
            },
            &[],
        )
    };
    must(results, "book entry warm-up", book(1))?;
    let mut m = measured(
        &format!("cash_book_entry{suffix}"),
        &format!(
            "cash book entry between two existing accounts, by the owner ({})",
            match mode {
                Usd1::Cw20 => "USD1 CW20 mode",
                Usd1::Native => "native USD1 mode",
            }
        ),
        true,
        book(2),
    );
    m.note = Some(
        "`transfer_cash`: no USD1 moves, both accounts are read and written at the adapter".into(),
    );
    results.push(false, m);

    let withdraw = || {
        chain.execute(
            owner,
            &adapter,
            &cash::ExecuteMsg::Withdraw {
                account: None,
                amount: Uint128::new(1_000),
                recipient: Some(owner_spare.into()),
            },
            &[],
        )
    };
    must(results, "withdrawal warm-up", withdraw())?;
    let mut m = measured(
        &format!("cash_withdrawal{suffix}"),
        &format!("cash withdrawal to another wallet of the investor ({withdraw_mode})"),
        true,
        withdraw(),
    );
    m.note = Some(
        "the recipient wallet, the investor's second one, already holds USD1 (warm-up \
         withdrawal)"
            .into(),
    );
    results.push(false, m);
    Ok(())
}

/// The ballots contract, with the token's `checkpoint_opener` role, and the admin as the
/// token's issuer (who opens ballots).
fn deploy_ballots(
    artifacts: &Artifacts,
    results: &mut Results,
    base: &Base,
) -> anyhow::Result<String> {
    let chain = &base.chain;
    let ballots = instantiate(
        results,
        chain,
        artifacts.need(BALLOTS)?,
        &base.admin,
        &ballots::InstantiateMsg { owner: None },
    )?;
    for (role, address) in [
        (Role::CheckpointOpener, &ballots),
        (Role::Issuer, &base.admin),
    ] {
        let r = chain.execute(
            &base.admin,
            &base.token,
            &token::ExecuteMsg::UpdateRoles(RoleAction::Grant {
                role,
                address: address.clone(),
            }),
            &[],
        );
        must(results, "grant token role for the ballots", r)?;
    }
    Ok(ballots)
}

/// Open ballot 1 (three options, a week's window) with its record height two blocks ahead,
/// then move the chain past the record height.
fn open_ballot(results: &mut Results, base: &Base, ballots: &str) -> anyhow::Result<()> {
    let chain = &base.chain;
    let now = chain.block_time();
    let r = chain.execute(
        &base.admin,
        ballots,
        &ballots::ExecuteMsg::OpenBallot {
            token: base.token.clone(),
            record_height: chain.height() + 2,
            title: "Resolution 1: approval of the 2026 accounts".into(),
            options: vec!["for".into(), "against".into(), "abstain".into()],
            start: now,
            end: now.plus_seconds(7 * 24 * 3600),
            quorum: Decimal::percent(10),
        },
        &[],
    );
    must(results, "open ballot", r)?;
    chain.advance(3, 15);
    Ok(())
}

fn vote(base: &Base, ballots: &str, wallet: &str, ballot_id: u64) -> TxReport {
    base.chain.execute(
        wallet,
        ballots,
        &ballots::ExecuteMsg::Vote {
            ballot_id,
            option: 0,
            wallet: None,
        },
        &[],
    )
}

/// DvP settlement and subscription through the escrow, USD1 being the cw20-base artifact.
fn escrow_operations(
    artifacts: &Artifacts,
    results: &mut Results,
    base: &Base,
    seller: &str,
    buyer: &str,
    subscriber: &str,
) -> anyhow::Result<()> {
    let chain = &base.chain;
    let adapter = deploy_adapter(artifacts, results, base, Usd1::Cw20)?;
    let escrow = instantiate(
        results,
        chain,
        artifacts.need(ESCROW)?,
        &base.admin,
        &escrow::InstantiateMsg {
            owner: None,
            cash_adapter: adapter.clone(),
            registry: base.registry.clone(),
            issuers: vec![base.admin.clone()],
            settlement_operators: vec![base.admin.clone()],
            transfer_agents: vec![base.admin.clone()],
        },
    )?;
    register_client(results, base, &adapter, &escrow)?;
    let r = chain.execute(
        &base.admin,
        &base.token,
        &token::ExecuteMsg::SetSystemAccount {
            address: escrow.clone(),
            system: true,
        },
        &[],
    );
    must(results, "escrow as system account", r)?;
    // The escrow trades only tokens its owner allowed, with the token's audited code checksum.
    let r = chain.execute(
        &base.admin,
        &escrow,
        &escrow::ExecuteMsg::AllowToken {
            token: base.token.clone(),
            checksum: token_checksum(artifacts)?,
        },
        &[],
    );
    must(results, "allow the token at the escrow", r)?;
    for (role, address) in [(Role::Minter, &escrow), (Role::Issuer, &base.admin)] {
        let r = chain.execute(
            &base.admin,
            &base.token,
            &token::ExecuteMsg::UpdateRoles(RoleAction::Grant {
                role,
                address: address.clone(),
            }),
            &[],
        );
        must(results, "grant token role for the escrow", r)?;
    }
    for payer in [buyer, subscriber] {
        let r = chain.execute(
            &base.admin,
            &base.cw20,
            &cw20::Cw20ExecuteMsg::Mint {
                recipient: payer.into(),
                amount: Uint128::new(START_BALANCE),
            },
            &[],
        );
        must(results, "mint USD1 for the escrow rows", r)?;
    }

    // Two instructions: the first settles as a warm-up, the second is measured.
    let mut legs = Vec::new();
    for id in 1..=2u64 {
        let deadline = chain.block_time().plus_seconds(24 * 3600);
        let create = chain.execute(
            seller,
            &escrow,
            &escrow::ExecuteMsg::CreateInstruction {
                token: base.token.clone(),
                seller: seller.into(),
                buyer: buyer.into(),
                quantity: Uint128::new(1_000),
                cash_amount: Uint128::new(50_000),
                deadline,
                trade_reference: Some(format!("TRADE-2026-{id:06}")),
                approver: None,
            },
            &[],
        );
        let deliver = chain.execute(
            seller,
            &base.token,
            &token::ExecuteMsg::Send {
                contract: escrow.clone(),
                amount: Uint128::new(1_000),
                msg: to_json_binary(&escrow::ReceiveMsg::DeliverSecurities { instruction_id: id })?,
            },
            &[],
        );
        let pay = chain.execute(
            buyer,
            &base.cw20,
            &cw20::Cw20ExecuteMsg::Send {
                contract: adapter.clone(),
                amount: Uint128::new(50_000),
                msg: to_json_binary(&CashHookMsg::Fund {
                    client: escrow.clone(),
                    reference: EventRef::Settlement { id },
                })?,
            },
            &[],
        );
        if id == 1 {
            must(results, "instruction warm-up: create", create)?;
            must(results, "instruction warm-up: deliver", deliver)?;
            must(results, "instruction warm-up: pay", pay)?;
        } else {
            legs = vec![create, deliver, pay];
        }
    }
    let [create, deliver, pay] = <[TxReport; 3]>::try_from(legs)
        .map_err(|_| anyhow!("the measured instruction did not run"))?;
    let mut m = measured(
        "dvp_settle",
        "DvP settlement of both legs (security delivery + cash funding that settles)",
        true,
        TxReport::combine(&[&deliver, &pay]),
    );
    m.note = Some(format!(
        "the seller's token `send` into the escrow ({} loads, {} gas) plus the buyer's USD1 \
         `send` through the adapter, whose callback settles both legs ({} loads, {} gas); \
         creating the instruction is the row below",
        deliver.loads,
        fmt(deliver.total(false)),
        pay.loads,
        fmt(pay.total(false)),
    ));
    results.push(false, m);
    results.push(
        false,
        measured(
            "dvp_create_instruction",
            "DvP instruction created by the seller (checks `can_transfer`)",
            true,
            create,
        ),
    );

    // Primary offering: two subscriptions, the second measured.
    let now = chain.block_time();
    let r = chain.execute(
        &base.admin,
        &escrow,
        &escrow::ExecuteMsg::OpenOffering(escrow::OfferingTerms {
            token: base.token.clone(),
            unit_price: Uint128::new(100),
            min_per_investor: Uint128::new(1),
            max_per_investor: Uint128::new(1_000_000_000),
            soft_cap: Uint128::new(1),
            hard_cap: Uint128::new(1_000_000_000_000),
            opens_at: now,
            closes_at: now.plus_seconds(7 * 24 * 3600),
            holding_period: None,
        }),
        &[],
    );
    must(results, "open offering", r)?;
    let subscribe = |payer: &str| -> anyhow::Result<TxReport> {
        Ok(chain.execute(
            payer,
            &base.cw20,
            &cw20::Cw20ExecuteMsg::Send {
                contract: adapter.clone(),
                amount: Uint128::new(100_000),
                msg: to_json_binary(&CashHookMsg::Fund {
                    client: escrow.clone(),
                    reference: EventRef::Offering { id: 1 },
                })?,
            },
            &[],
        ))
    };
    must(results, "subscription warm-up", subscribe(buyer)?)?;
    // `subscription_funding`: the id `subscription` is the target of a subscription placed as
    // a cash hold, not measured yet.
    let mut m = measured(
        "subscription_funding",
        "subscription (USD1 `send` → adapter → escrow)",
        true,
        subscribe(subscriber)?,
    );
    m.note = Some("an investor's first subscription to an open offering".into());
    results.push(false, m);
    Ok(())
}

fn fmt(v: u64) -> String {
    crate::report::fmt_gas(v)
}

/// Announce and claim of a coupon on the small suite.
fn coupon_operations(
    artifacts: &Artifacts,
    results: &mut Results,
    base: &Base,
    claimants: &[&String],
) -> anyhow::Result<()> {
    let (adapter, distributor) = deploy_distributor(artifacts, results, base)?;
    let (announce, action_id) = coupon(results, base, &adapter, &distributor)?;
    let mut m = measured(
        "announce",
        "announce (coupon; opens the record checkpoint on the token)",
        true,
        announce,
    );
    m.note =
        Some("paying agent → distributor, which queries the token and opens the checkpoint".into());
    results.push(false, m);
    if action_id == 0 {
        return Ok(());
    }
    let Some((last, warm)) = claimants.split_last() else {
        return Ok(());
    };
    for holder in warm {
        let r = claim(base, &distributor, holder, action_id);
        must(results, "coupon claim warm-up", r)?;
    }
    let account = cash_account_state(base, &adapter, last)?;
    let mut m = measured(
        "coupon_claim",
        "coupon claim (holder; 10% withholding)",
        true,
        claim(base, &distributor, last, action_id),
    );
    m.note = Some(format!(
        "distributor (raw reads of the record balance, the token account, the registry record \
         and the sub-account) → one adapter `pay_from_sub_account`: the net to the holder's \
         investor cash account ({account}) and the withholding to the withholding account's, \
         by book entry; no USD1 moves"
    ));
    results.push(false, m);
    Ok(())
}

/// Whether `wallet`'s investor cash account exists at the adapter, as a note says it (a claim
/// in the sub-account mode credits it, opening it when absent).
fn cash_account_state(base: &Base, adapter: &str, wallet: &str) -> anyhow::Result<&'static str> {
    let record = base
        .chain
        .with_store(&base.registry, |store| {
            WALLET_RECORDS.may_load(store, &Addr::unchecked(wallet))
        })??
        .ok_or_else(|| anyhow!("{wallet} is not in the registry"))?;
    let account = base.chain.with_store(adapter, |store| {
        cash::layout::ACCOUNTS.may_load(store, &record.investor_id)
    })??;
    Ok(match account {
        Some(_) => "an existing account",
        None => "absent before the claim, which opens it",
    })
}

/// Native denom of USD1 in the native-mode adapter rows.
const USD1_DENOM: &str = "uusd1";

/// Which USD1 the adapter is set up with.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Usd1 {
    /// The cw20-base artifact.
    Cw20,
    /// A bank denom.
    Native,
}

/// Funding and release through the cash adapter, for USD1 as the cw20-base artifact and as a
/// native denom.
fn adapter_operations(
    artifacts: &Artifacts,
    results: &mut Results,
    base: &Base,
    payer: &str,
    recipient: &str,
) -> anyhow::Result<()> {
    for mode in [Usd1::Cw20, Usd1::Native] {
        adapter_mode(artifacts, results, base, payer, recipient, mode)?;
    }
    Ok(())
}

fn adapter_mode(
    artifacts: &Artifacts,
    results: &mut Results,
    base: &Base,
    payer: &str,
    recipient: &str,
    mode: Usd1,
) -> anyhow::Result<()> {
    let chain = &base.chain;
    let adapter = deploy_adapter(artifacts, results, base, mode)?;
    let stub = Rc::new(Code {
        name: client::NAME.into(),
        wasm: client::wasm(),
    });
    let (client_addr, r) = chain.instantiate(&stub, &base.admin, &cosmwasm_std::Empty {}, &[]);
    results.observe("instantiate client", &r);
    let client_addr = client_addr.map_err(|e| anyhow!("instantiating the client stub: {e}"))?;
    register_client(results, base, &adapter, &client_addr)?;
    if mode == Usd1::Native {
        chain.set_balance(payer, &coin(START_BALANCE, USD1_DENOM));
    }

    let fund = |id| -> anyhow::Result<TxReport> {
        let reference = EventRef::Settlement { id };
        let amount = Uint128::new(1_000_000);
        Ok(match mode {
            Usd1::Cw20 => chain.execute(
                payer,
                &base.cw20,
                &cw20::Cw20ExecuteMsg::Send {
                    contract: adapter.clone(),
                    amount,
                    msg: to_json_binary(&CashHookMsg::Fund {
                        client: client_addr.clone(),
                        reference,
                    })?,
                },
                &[],
            ),
            Usd1::Native => chain.execute(
                payer,
                &adapter,
                &cash::ExecuteMsg::Fund {
                    client: client_addr.clone(),
                    reference,
                },
                &[coin(amount.u128(), USD1_DENOM)],
            ),
        })
    };
    let (suffix, label_mode) = match mode {
        Usd1::Cw20 => ("", "USD1 CW20 `send` → adapter → client callback"),
        Usd1::Native => (
            "_native",
            "native USD1: adapter `fund` with coins → client callback",
        ),
    };
    must(results, "funding warm-up", fund(1)?)?;
    let mut m = measured(
        &format!("adapter_funding{suffix}"),
        &format!("adapter funding ({label_mode})"),
        true,
        fund(2)?,
    );
    m.note = Some(format!(
        "the client called back is `{}`, a minimal contract accepting every message \
         (no storage, no attributes), so the row measures USD1 and the adapter",
        client::NAME
    ));
    results.push(false, m);

    let release = |id| cash::ExecuteMsg::Release {
        recipient: recipient.to_string(),
        amount: Uint128::new(1_000),
        reference: EventRef::Settlement { id },
        kind: ReleaseKind::Settlement,
    };
    let label_mode = match mode {
        Usd1::Cw20 => "client → adapter → USD1 CW20 transfer",
        Usd1::Native => "native USD1: client → adapter → bank send",
    };
    let r = chain.execute(&client_addr, &adapter, &release(1), &[]);
    must(results, "release warm-up", r)?;
    let r = chain.execute(&client_addr, &adapter, &release(2), &[]);
    let mut m = measured(
        &format!("adapter_release{suffix}"),
        &format!("adapter release ({label_mode})"),
        true,
        r,
    );
    m.note = Some(
        "executed with the registered client as sender, as its own call would be; the \
         recipient is screened by a raw read of the registry"
            .into(),
    );
    results.push(false, m);
    Ok(())
}

/// A cash adapter for `mode`, with a fresh healthy reserve attestation.
fn deploy_adapter(
    artifacts: &Artifacts,
    results: &mut Results,
    base: &Base,
    mode: Usd1,
) -> anyhow::Result<String> {
    let chain = &base.chain;
    let asset = match mode {
        Usd1::Cw20 => AssetInfoUnchecked::Cw20 {
            address: base.cw20.clone(),
        },
        Usd1::Native => AssetInfoUnchecked::Native {
            denom: USD1_DENOM.into(),
        },
    };
    let adapter = instantiate(
        results,
        chain,
        artifacts.need(ADAPTER)?,
        &base.admin,
        &cash::InstantiateMsg {
            owner: None,
            asset,
            registry: base.registry.clone(),
            max_attestation_age: 30 * 24 * 3600,
            min_coverage: Decimal::one(),
            redemption_address: base.admin.clone(),
            redemption_service_period: 5 * 24 * 3600,
            attestors: vec![base.admin.clone()],
            off_ramp_operators: vec![base.admin.clone()],
        },
    )?;
    let r = chain.execute(
        &base.admin,
        &adapter,
        &cash::ExecuteMsg::PostAttestation {
            reserves: Uint128::new(1_000_000_000_000_000_000),
            supply: Uint128::new(1_000_000_000_000_000_000),
            as_of: chain.block_time(),
            report_uri: "https://reserves.example/2026-01.pdf".into(),
            report_hash: HexBinary::from([7u8; 32]),
        },
        &[],
    );
    must(results, "post attestation", r)?;
    Ok(adapter)
}

fn register_client(
    results: &mut Results,
    base: &Base,
    adapter: &str,
    client: &str,
) -> anyhow::Result<()> {
    let r = base.chain.execute(
        &base.admin,
        adapter,
        &cash::ExecuteMsg::RegisterClient {
            address: client.into(),
            label: "bench client".into(),
        },
        &[],
    );
    must(results, "register client", r).map(drop)
}

/// The corporate-actions distributor, client of a CW20-mode adapter, allowed to open
/// checkpoints on the token. Returns the distributor's address.
fn deploy_distributor(
    artifacts: &Artifacts,
    results: &mut Results,
    base: &Base,
) -> anyhow::Result<(String, String)> {
    let chain = &base.chain;
    let adapter = deploy_adapter(artifacts, results, base, Usd1::Cw20)?;
    let distributor = instantiate(
        results,
        chain,
        artifacts.need(ACTIONS)?,
        &base.admin,
        &actions::InstantiateMsg {
            owner: None,
            cash_adapter: adapter.clone(),
            registry: base.registry.clone(),
            escrow: None,
            withholding_account: chain.account(7),
            default_withholding_rate: Decimal::percent(10),
            paying_agents: vec![base.admin.clone()],
        },
    )?;
    register_client(results, base, &adapter, &distributor)?;
    // The paying agent funds the coupons: the adapter wants it verified in the registry.
    register(results, base, "PAYING-AGENT", &[&base.admin])?;
    // The distributor opens checkpoints; the paying agent announces on this token.
    for (role, address) in [
        (Role::CheckpointOpener, &distributor),
        (Role::PayingAgent, &base.admin),
    ] {
        let r = chain.execute(
            &base.admin,
            &base.token,
            &token::ExecuteMsg::UpdateRoles(RoleAction::Grant {
                role,
                address: address.clone(),
            }),
            &[],
        );
        must(results, "grant token role for the distributor", r)?;
    }
    Ok((adapter, distributor))
}

/// Announce a 1% coupon on the token, fund its adapter sub-account fully by the paying agent (USD1
/// CW20 `send` with the `fund_sub_account` hook) once the record height is reached, and open its
/// claim window. Returns the announcement's cost and the action id (0
/// when the announcement failed; nothing else is done then).
fn coupon(
    results: &mut Results,
    base: &Base,
    adapter: &str,
    distributor: &str,
) -> anyhow::Result<(TxReport, u64)> {
    let chain = &base.chain;
    let payer = base.admin.as_str();
    let (info, _) = chain.query(&base.token, &token::QueryMsg::TokenInfo {});
    let supply = cosmwasm_std::from_json::<cw20::TokenInfoResponse>(
        &info.map_err(|e| anyhow!("token_info: {e}"))?,
    )?
    .total_supply;
    let now = chain.block_time();
    let announce = chain.execute(
        &base.admin,
        distributor,
        &actions::ExecuteMsg::Agent(actions::AgentMsg::Announce {
            token: base.token.clone(),
            kind: actions::ActionKind::Coupon,
            record_height: chain.height() + 2,
            basis: actions::AmountBasis::PerUnit {
                rate: Decimal::percent(1),
            },
            payment_time: now.plus_seconds(60),
            claim_deadline: now.plus_seconds(30 * 24 * 3600),
            withholding: true,
            reclaim_address: base.admin.clone(),
        }),
        &[],
    );
    if announce.error.is_some() {
        return Ok((announce, 0));
    }
    let action_id = 1;
    chain.advance(3, 15);
    let required = supply.multiply_ratio(1u128, 100u128);
    let r = chain.execute(
        &base.admin,
        &base.cw20,
        &cw20::Cw20ExecuteMsg::Mint {
            recipient: payer.into(),
            amount: required,
        },
        &[],
    );
    must(results, "mint USD1 for the coupon", r)?;
    let r = chain.execute(
        payer,
        &base.cw20,
        &cw20::Cw20ExecuteMsg::Send {
            contract: adapter.into(),
            amount: required,
            msg: to_json_binary(&CashHookMsg::FundSubAccount {
                client: distributor.into(),
                reference: actions::sub_account_reference(action_id),
            })?,
        },
        &[],
    );
    must(results, "fund the coupon", r)?;
    chain.advance(1, 120);
    Ok((announce, action_id))
}

fn claim(base: &Base, distributor: &str, holder: &str, action_id: u64) -> TxReport {
    base.chain.execute(
        holder,
        distributor,
        &actions::ExecuteMsg::Claim { action_id },
        &[],
    )
}

/// Wallet of holder `i` of a scaling run.
fn holder_wallet(chain: &Chain, i: u64) -> String {
    chain.account(100_000_000 + i)
}

/// Investor id of holder `i` (fixed width, so every record has the same length).
fn holder_id(i: u64) -> String {
    format!("HOLDER-{i:07}")
}

/// Write `n` investors, each with one wallet holding [`START_BALANCE`] of the token and of
/// cw20-base, straight into the contracts' stores in their own layouts.
fn write_holders(base: &Base, n: u64) -> anyhow::Result<()> {
    let chain = &base.chain;
    let now = chain.block_time();
    let us = jurisdiction("US")?;
    let until = now.plus_seconds(YEAR);
    let wallets: Vec<Addr> = (0..n)
        .map(|i| Addr::unchecked(holder_wallet(chain, i)))
        .collect();
    chain.with_store(&base.registry, |store| -> anyhow::Result<()> {
        for (i, wallet) in wallets.iter().enumerate() {
            let id = holder_id(i as u64);
            let investor = Investor {
                investor_id: id.clone(),
                jurisdiction: us.clone(),
                class: InvestorClass::Accredited,
                kyc_valid_until: until,
                wallets: vec![wallet.clone()],
                block: None,
                registered_at: now,
                updated_at: now,
            };
            identity_registry::state::INVESTORS.save(store, &id, &investor)?;
            let record = WalletRecord {
                investor_id: id,
                jurisdiction: us.clone(),
                class: InvestorClass::Accredited,
                kyc_valid_until: until,
                blocked: false,
            };
            WALLET_RECORDS.save(store, wallet, &record)?;
        }
        Ok(())
    })??;
    chain.with_store(&base.token, |store| -> anyhow::Result<()> {
        use security_token::state::{
            Account, InvestorBook, ACCOUNTS, BALANCES, HOLDERS_BY_JURISDICTION, HOLDER_COUNT,
            INVESTOR_BOOKS, TOTAL_SUPPLY,
        };
        let amount = Uint128::new(START_BALANCE);
        for (i, wallet) in wallets.iter().enumerate() {
            let id = holder_id(i as u64);
            BALANCES.save(store, wallet, &amount)?;
            let account = Account {
                investor_id: Some(id.clone()),
                ..Account::default()
            };
            ACCOUNTS.save(store, wallet, &account)?;
            let book = InvestorBook {
                balance: amount,
                jurisdiction: us.clone(),
            };
            INVESTOR_BOOKS.save(store, &id, &book)?;
        }
        HOLDER_COUNT.save(store, &n)?;
        HOLDERS_BY_JURISDICTION.save(store, us.as_str(), &n)?;
        TOTAL_SUPPLY.save(store, &(amount * Uint128::from(n)))?;
        Ok(())
    })??;
    chain.with_store(&base.cw20, |store| -> anyhow::Result<()> {
        let amount = Uint128::new(START_BALANCE);
        for wallet in &wallets {
            cw20_base::state::BALANCES.save(store, wallet, &amount)?;
        }
        let mut info = cw20_base::state::TOKEN_INFO.load(store)?;
        info.total_supply += amount * Uint128::from(n);
        cw20_base::state::TOKEN_INFO.save(store, &info)?;
        Ok(())
    })??;
    Ok(())
}

/// Transfers between two existing holders at each holder count.
pub fn scaling(
    artifacts: &Artifacts,
    results: &mut Results,
    holder_counts: &[u64],
) -> anyhow::Result<()> {
    for &n in holder_counts {
        if n < 2 {
            bail!("a scaling run needs at least 2 holders, got {n}");
        }
        let base = deploy_base(results, artifacts, &[])?;
        write_holders(&base, n)?;
        let chain = &base.chain;
        // Two holders in the middle of the key space, far apart.
        let from = holder_wallet(chain, n / 3);
        let to = holder_wallet(chain, 2 * n / 3);
        let r = chain.execute(&from, &base.token, &token_transfer(&to), &[]);
        let mut m = measured(
            &format!("scaling_restricted_transfer_{n}"),
            &format!("restricted transfer at {} holders", fmt(n)),
            true,
            r,
        );
        m.holders = Some(n);
        results.push(true, m);
        let r = chain.execute(&from, &base.cw20, &cw20_transfer(&to), &[]);
        let mut m = measured(
            &format!("scaling_cw20_transfer_{n}"),
            &format!("cw20-base transfer at {} holders", fmt(n)),
            true,
            r,
        );
        m.holders = Some(n);
        results.push(true, m);

        if artifacts.get(ACTIONS).is_some() {
            if let Err(e) = scaling_coupon(artifacts, results, &base, n, holder_counts) {
                results.failures.push(Failure {
                    id: format!("scaling_coupon_claim_{n}"),
                    error: format!("{e:#}"),
                });
            }
        }
        if artifacts.get(BALLOTS).is_some() {
            if let Err(e) = scaling_vote(artifacts, results, &base, n) {
                results.failures.push(Failure {
                    id: format!("scaling_vote_{n}"),
                    error: format!("{e:#}"),
                });
            }
        }
    }
    Ok(())
}

/// A vote on a ballot opened on a scaling chain (after its other rows): a warm-up vote, then
/// the measured one, by holders whose balances did not move.
fn scaling_vote(
    artifacts: &Artifacts,
    results: &mut Results,
    base: &Base,
    n: u64,
) -> anyhow::Result<()> {
    let chain = &base.chain;
    let ballots = deploy_ballots(artifacts, results, base)?;
    open_ballot(results, base, &ballots)?;
    let warm = holder_wallet(chain, n / 4);
    must(results, "vote warm-up", vote(base, &ballots, &warm, 1))?;
    let holder = holder_wallet(chain, n / 2);
    let mut m = measured(
        &format!("scaling_vote_{n}"),
        &format!("vote at {} holders", fmt(n)),
        true,
        vote(base, &ballots, &holder, 1),
    );
    m.holders = Some(n);
    results.push(true, m);
    Ok(())
}

/// Coupon claims (and, at the largest count, the admin batches) on a scaling chain.
fn scaling_coupon(
    artifacts: &Artifacts,
    results: &mut Results,
    base: &Base,
    n: u64,
    holder_counts: &[u64],
) -> anyhow::Result<()> {
    let chain = &base.chain;
    let (adapter, distributor) = deploy_distributor(artifacts, results, base)?;
    let (announce, action_id) = coupon(results, base, &adapter, &distributor)?;
    if let Some(e) = announce.error {
        bail!("announce failed: {e}");
    }
    // A warm-up claim, then the measured one, by holders that did not move.
    let warm = holder_wallet(chain, n / 4);
    must(
        results,
        "coupon claim warm-up",
        claim(base, &distributor, &warm, action_id),
    )?;
    let holder = holder_wallet(chain, n / 2);
    let account = cash_account_state(base, &adapter, &holder)?;
    let mut m = measured(
        &format!("scaling_coupon_claim_{n}"),
        &format!("coupon claim at {} holders", fmt(n)),
        true,
        claim(base, &distributor, &holder, action_id),
    );
    m.holders = Some(n);
    m.note = Some(format!(
        "holders written into the stores have no cash account at the adapter: the holder's \
         investor cash account is {account}, as at a real holder's first credit; the \
         withholding account's exists (warm-up claim)"
    ));
    results.push(true, m);

    // Admin batches at the largest holder count, holders taken in key order past the two
    // claimants: push-claims pages of growing size on holders no earlier transaction touched,
    // then one full page of batch issuance (while the coupon's checkpoint is open).
    let largest = holder_counts.iter().copied().max().unwrap_or(n);
    if n == largest && n >= 2 * PAGE as u64 {
        let mut next = (1..n).filter(|i| *i != n / 4 && *i != n / 2);
        let mut take = |k: u64| -> Vec<String> {
            next.by_ref()
                .take(k as usize)
                .map(|i| holder_wallet(chain, i))
                .collect()
        };
        push_claims_pages(results, base, &distributor, action_id, n, &mut take)?;
        batch_issue_page(results, base, n, take(token::MAX_BATCH_ISSUE as u64));
    }
    Ok(())
}

/// One full page of batch issuance to `page` (existing holders) at `n` holders.
fn batch_issue_page(results: &mut Results, base: &Base, n: u64, page: Vec<String>) {
    let r = base.chain.execute(
        &base.admin,
        &base.token,
        &token::ExecuteMsg::BatchIssue {
            issuances: page
                .iter()
                .map(|w| token::Issuance {
                    recipient: w.clone(),
                    amount: Uint128::new(AMOUNT),
                    locked_until: None,
                })
                .collect(),
            reference: Some(EventRef::Offering { id: 1 }),
        },
        &[],
    );
    let mut m = measured(
        "batch_issue_page",
        &format!(
            "batch issue, one full page of {} recipients (at {} holders)",
            token::MAX_BATCH_ISSUE,
            fmt(n)
        ),
        true,
        r,
    );
    m.holders = Some(n);
    m.page = Some(token::MAX_BATCH_ISSUE as u64);
    results.push(false, m);
}

/// Page sizes tried by the push-claims search, in order, until the distributor refuses one or
/// one exceeds [`MAX_TX_GAS`].
const PUSH_CLAIMS_PAGES: &[u64] = &[1, 2, 3, 4, 5, 10, 20, 50, 100, 200, 500, 1_000];

/// Push-claims pages of growing size on a funded coupon at `n` holders: the full-page row
/// (`push_claims_page`: a page of [`actions::MAX_PUSH_CLAIMS`]) and the largest page whose total
/// stays under [`MAX_TX_GAS`] unpinned. Past the distributor's page cap the size is
/// extrapolated from the two largest pages executed (every holder after the first costs about
/// the same: same key and value lengths, every code already loaded in the transaction; one more
/// adapter call per 8 payments, which the average over the two pages spreads).
fn push_claims_pages(
    results: &mut Results,
    base: &Base,
    distributor: &str,
    action_id: u64,
    n: u64,
    take: &mut dyn FnMut(u64) -> Vec<String>,
) -> anyhow::Result<()> {
    let chain = &base.chain;
    let (row, max_page) = ("push_claims_page", actions::MAX_PUSH_CLAIMS as u64);
    let push = |holders: Vec<String>| {
        chain.execute(
            &base.admin,
            distributor,
            &actions::ExecuteMsg::Agent(actions::AgentMsg::PushClaims { action_id, holders }),
            &[],
        )
    };
    // (page, unpinned total) of the pages executed.
    let mut done: Vec<(u64, u64)> = Vec::new();
    let mut cap = None;
    let mut over = None;
    let mut pages = PUSH_CLAIMS_PAGES.to_vec();
    pages.push(max_page);
    pages.sort_unstable();
    pages.dedup();
    for page in pages {
        let holders = take(page);
        if (holders.len() as u64) < page {
            // Not enough holders left in this run for a larger page.
            break;
        }
        let r = push(holders);
        results.push_claims_pages.push(PageRun {
            page,
            total_unpinned: r.ok().then(|| r.total(false)),
            total_pinned: r.ok().then(|| r.total(true)),
            loads: r.loads,
            error: r.error.clone(),
        });
        if page == max_page {
            let mut m = measured(
                row,
                &format!(
                    "push claims, one full page of {page} holders (at {} holders)",
                    fmt(n)
                ),
                true,
                r.clone(),
            );
            m.holders = Some(n);
            m.page = Some(page);
            m.note = Some(format!(
                "one distributor call, then `pay_from_sub_account` calls of at most {} \
                     payments (one per holder's investor account, the page's withholding in \
                     one): {} adapter calls; the holders' cash accounts are opened by the page \
                     (holders written into the stores have none)",
                cash::MAX_SUB_ACCOUNT_PAYMENTS,
                r.calls
                    .iter()
                    .filter(|c| c.contract == ADAPTER && c.entry == "execute")
                    .count()
            ));
            results.push(false, m);
        }
        if !r.ok() {
            if done.is_empty() {
                bail!("push claims of one holder failed: {:?}", r.error);
            }
            cap = done.last().map(|d| d.0);
            break;
        }
        if r.total(false) > MAX_TX_GAS {
            over = Some((page, r.total(false)));
            break;
        }
        results.observe(&format!("push claims, page of {page}"), &r);
        done.push((page, r.total(false)));
    }
    let &[.., (p1, g1), (p2, g2)] = done.as_slice() else {
        bail!("push claims: fewer than two pages executed");
    };
    let per_holder = (g2 - g1) / (p2 - p1).max(1);
    let first = done[0].1;
    let (largest_page, measured_fit) = match over {
        // A page over the limit was executed: search between the last page under it and it.
        Some((mut hi, _)) => {
            let mut lo = p2;
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                let holders = take(mid);
                if (holders.len() as u64) < mid {
                    bail!("push claims: not enough holders left for a page of {mid}");
                }
                let r = push(holders);
                if !r.ok() {
                    bail!("push claims of {mid} holders failed: {:?}", r.error);
                }
                let gas = r.total(false);
                results.push_claims_pages.push(PageRun {
                    page: mid,
                    total_unpinned: Some(gas),
                    total_pinned: Some(r.total(true)),
                    loads: r.loads,
                    error: None,
                });
                if gas > MAX_TX_GAS {
                    hi = mid;
                } else {
                    results.observe(&format!("push claims, page of {mid}"), &r);
                    lo = mid;
                }
            }
            (lo, true)
        }
        None => (
            p2 + MAX_TX_GAS.saturating_sub(g2) / per_holder.max(1),
            false,
        ),
    };
    results.push_claims_fits.push(PageFit {
        row: row.into(),
        largest_page,
        measured: measured_fit,
        cap,
        per_holder,
        first,
        holders: n,
    });
    Ok(())
}

/// Operations of the issue whose contracts are not measured in this run, and why.
pub fn pending(artifacts: &Artifacts) -> Vec<(String, String)> {
    let mut pending = Vec::new();
    if artifacts.get(ESCROW).is_none() {
        let escrow = "artifacts/dvp_escrow.wasm not built (the contract does not compile yet)";
        for what in [
            "DvP settlement of both legs",
            "subscription (primary offering)",
        ] {
            pending.push((what.to_string(), escrow.to_string()));
        }
    }
    if artifacts.get(ACTIONS).is_none() {
        let actions = "artifacts/corporate_actions.wasm not built (the contract does not \
                       compile yet)";
        for what in [
            "coupon claim",
            "announce (corporate action)",
            "coupon claim scaling (10 / 1,000 / 100,000 holders)",
        ] {
            pending.push((what.to_string(), actions.to_string()));
        }
    }
    if artifacts.get(BALLOTS).is_none() {
        let ballots = "artifacts/ballots.wasm not built";
        for what in ["vote", "vote scaling (10 / 1,000 / 100,000 holders)"] {
            pending.push((what.to_string(), ballots.to_string()));
        }
    }
    pending
}
