//! Test harness: one in-process chain with the real identity registry, the real security token,
//! the real cash adapter, cw20-base as USD1, the distributor and a small stand-in escrow (a
//! system account of the token, never paid).
//!
//! The chain's storage counts every read and write, so a test can measure the storage work of
//! one transaction across all contracts ([`Suite::count`]).
#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{
    Addr, Binary, Decimal, Deps, DepsMut, Empty, Env, HexBinary, MemoryStorage, MessageInfo, Order,
    Record, Response, StdError, StdResult, Storage, Timestamp, Uint128,
};
use cw20::Cw20Coin;
pub use cw_multi_test::Executor;
use cw_multi_test::{no_init, App, AppBuilder, AppResponse, BankKeeper, Contract, ContractWrapper};

use corporate_actions::ContractError;
use sto_access::{Role, RoleAction};
use sto_interface::actions::{
    self as actions, ActionKind, AgentMsg, AmountBasis, ClaimRecord, ClaimStatusResponse,
    ClaimsResponse, CorporateAction, EntitlementResponse, ExecuteMsg, ParsedClaimEvent, QueryMsg,
    WithholdingRateUpdate, CLAIM_EVENT,
};
use sto_interface::cash::{self, AssetInfo, AssetInfoUnchecked, CashAdapter};
use sto_interface::common::{InvestorClass, Jurisdiction};
use sto_interface::registry;
use sto_interface::token::{self, Issuance, SecurityToken, TransferRules};

/// One day in seconds.
pub const DAY: u64 = 86_400;
/// USD1 the issuer starts with.
pub const ISSUER_USD1: u128 = 1_000_000_000_000;
/// Default withholding rate (jurisdictions without an entry, wallets unknown to the registry).
pub fn default_rate() -> Decimal {
    Decimal::percent(30)
}
/// Germany's withholding rate in the suite.
pub fn de_rate() -> Decimal {
    Decimal::percent(25)
}
/// France's withholding rate in the suite.
pub fn fr_rate() -> Decimal {
    Decimal::permille(128)
}

// ---------------------------------------------------------------------------------------------
// Counting storage
// ---------------------------------------------------------------------------------------------

/// Storage operations seen by the chain's base storage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OpCount {
    /// `get` calls plus items yielded by `range`.
    pub reads: u64,
    /// `set` and `remove` calls.
    pub writes: u64,
}

/// A memory storage that counts its operations.
#[derive(Default)]
pub struct CountingStorage {
    inner: MemoryStorage,
    counts: Rc<RefCell<OpCount>>,
}

impl Storage for CountingStorage {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.counts.borrow_mut().reads += 1;
        self.inner.get(key)
    }

    fn range<'a>(
        &'a self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: Order,
    ) -> Box<dyn Iterator<Item = Record> + 'a> {
        let counts = self.counts.clone();
        Box::new(
            self.inner
                .range(start, end, order)
                .inspect(move |_| counts.borrow_mut().reads += 1),
        )
    }

    fn set(&mut self, key: &[u8], value: &[u8]) {
        self.counts.borrow_mut().writes += 1;
        self.inner.set(key, value)
    }

    fn remove(&mut self, key: &[u8]) {
        self.counts.borrow_mut().writes += 1;
        self.inner.remove(key)
    }
}

/// The test chain.
pub type TestApp = App<BankKeeper, MockApi, CountingStorage>;

// ---------------------------------------------------------------------------------------------
// Contracts
// ---------------------------------------------------------------------------------------------

/// A stand-in for the DvP escrow: a contract that accepts nothing and answers nothing. The
/// distributor never pays it (configured escrow and a system account of the token).
fn fake_escrow() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        |_deps: DepsMut, _env: Env, _info: MessageInfo, _msg: Empty| -> StdResult<Response> {
            Err(StdError::generic_err(
                "the stand-in escrow executes nothing",
            ))
        },
        |_deps: DepsMut, _env: Env, _info: MessageInfo, _msg: Empty| -> StdResult<Response> {
            Ok(Response::new())
        },
        |_deps: Deps, _env: Env, _msg: Empty| -> StdResult<Binary> {
            Err(StdError::generic_err("the stand-in escrow answers nothing"))
        },
    ))
}

// ---------------------------------------------------------------------------------------------
// Suite
// ---------------------------------------------------------------------------------------------

/// The deployed test chain.
pub struct Suite {
    pub app: TestApp,
    counts: Rc<RefCell<OpCount>>,
    pub owner: Addr,
    pub officer: Addr,
    pub transfer_agent: Addr,
    pub attestor: Addr,
    /// Paying agent of the distributor and of the token; funds the actions (eligible in the
    /// registry, holds USD1).
    pub agent: Addr,
    /// Receives what is reclaimed (eligible in the registry, holds USD1).
    pub issuer: Addr,
    /// Receives withheld tax (not in the registry).
    pub tax: Addr,
    /// US investor `INV-A` (US rate 0), 1,000 units.
    pub alice: Addr,
    /// German investor `INV-B` (25 %), 2,000 units.
    pub bob: Addr,
    /// French investor `INV-C` (12.8 %), 3,333 units.
    pub carol: Addr,
    /// British investor `INV-D` (no entry: default 30 %), 667 units.
    pub dave: Addr,
    /// Registered US investor `INV-E` holding nothing.
    pub erin: Addr,
    /// Not in the registry, holds nothing.
    pub mallory: Addr,
    pub registry: Addr,
    pub usd1: Addr,
    pub adapter: Addr,
    pub token: Addr,
    pub distributor: Addr,
    pub escrow: Addr,
    pub distributor_code: u64,
}

impl Suite {
    /// Deploy everything; alice, bob, carol and dave hold 7,000 units in total.
    pub fn new() -> Self {
        let mut suite = Self::empty();
        let holders = [
            (suite.alice.clone(), 1_000),
            (suite.bob.clone(), 2_000),
            (suite.carol.clone(), 3_333),
            (suite.dave.clone(), 667),
        ];
        suite.issue(&holders);
        suite
    }

    /// Deploy everything, register the named investors, issue nothing.
    pub fn empty() -> Self {
        let storage = CountingStorage::default();
        let counts = storage.counts.clone();
        let mut app: TestApp = AppBuilder::new().with_storage(storage).build(no_init);
        let api = *app.api();
        let owner = api.addr_make("owner");
        let officer = api.addr_make("officer");
        let transfer_agent = api.addr_make("transfer_agent");
        let attestor = api.addr_make("attestor");
        let agent = api.addr_make("agent");
        let issuer = api.addr_make("issuer");
        let tax = api.addr_make("tax");
        let alice = api.addr_make("alice");
        let bob = api.addr_make("bob");
        let carol = api.addr_make("carol");
        let dave = api.addr_make("dave");
        let erin = api.addr_make("erin");
        let mallory = api.addr_make("mallory");

        let registry_code = app.store_code(sto_testing::contracts::identity_registry());
        let cw20_code = app.store_code(sto_testing::contracts::cw20_base());
        let adapter_code = app.store_code(sto_testing::contracts::cash_adapter());
        let token_code = app.store_code(sto_testing::contracts::security_token());
        let distributor_code = app.store_code(sto_testing::contracts::corporate_actions());
        let escrow_code = app.store_code(fake_escrow());

        let registry = app
            .instantiate_contract(
                registry_code,
                owner.clone(),
                &registry::InstantiateMsg {
                    owner: None,
                    compliance_officers: vec![officer.to_string()],
                },
                &[],
                "registry",
                None,
            )
            .unwrap();
        let usd1 = app
            .instantiate_contract(
                cw20_code,
                owner.clone(),
                &cw20_base::msg::InstantiateMsg {
                    name: "USD1 stablecoin".to_string(),
                    symbol: "USDONE".to_string(),
                    decimals: 6,
                    initial_balances: vec![
                        Cw20Coin {
                            address: issuer.to_string(),
                            amount: Uint128::new(ISSUER_USD1),
                        },
                        Cw20Coin {
                            address: agent.to_string(),
                            amount: Uint128::new(ISSUER_USD1),
                        },
                    ],
                    mint: None,
                    marketing: None,
                },
                &[],
                "usd1",
                None,
            )
            .unwrap();
        let adapter = app
            .instantiate_contract(
                adapter_code,
                owner.clone(),
                &cash::InstantiateMsg {
                    owner: None,
                    asset: AssetInfoUnchecked::Cw20 {
                        address: usd1.to_string(),
                    },
                    registry: registry.to_string(),
                    max_attestation_age: 10 * 365 * DAY,
                    min_coverage: Decimal::one(),
                    redemption_address: api.addr_make("redemption").to_string(),
                    redemption_service_period: 7 * DAY,
                    attestors: vec![attestor.to_string()],
                    off_ramp_operators: vec![],
                },
                &[],
                "cash-adapter",
                None,
            )
            .unwrap();
        let token = app
            .instantiate_contract(
                token_code,
                owner.clone(),
                &token::InstantiateMsg {
                    name: "Bond 2030".to_string(),
                    symbol: "BND".to_string(),
                    decimals: 0,
                    registry: registry.to_string(),
                    owner: None,
                    rules: TransferRules::default(),
                    marketing: None,
                },
                &[],
                "token",
                None,
            )
            .unwrap();
        let escrow = app
            .instantiate_contract(escrow_code, owner.clone(), &Empty {}, &[], "escrow", None)
            .unwrap();
        let distributor = app
            .instantiate_contract(
                distributor_code,
                owner.clone(),
                &actions::InstantiateMsg {
                    owner: None,
                    cash_adapter: adapter.to_string(),
                    registry: registry.to_string(),
                    escrow: Some(escrow.to_string()),
                    withholding_account: tax.to_string(),
                    default_withholding_rate: default_rate(),
                    paying_agents: vec![agent.to_string()],
                },
                &[],
                "corporate-actions",
                Some(owner.to_string()),
            )
            .unwrap();

        let mut suite = Suite {
            app,
            counts,
            owner,
            officer,
            transfer_agent,
            attestor,
            agent,
            issuer,
            tax,
            alice,
            bob,
            carol,
            dave,
            erin,
            mallory,
            registry,
            usd1,
            adapter,
            token,
            distributor,
            escrow,
            distributor_code,
        };

        // Cash leg: a fresh attestation, the distributor as a client.
        let now = suite.now();
        let attestor = suite.attestor.clone();
        suite
            .adapter_exec(
                &attestor,
                &cash::ExecuteMsg::PostAttestation {
                    reserves: Uint128::new(1_000_000_000_000_000),
                    supply: Uint128::new(1_000_000_000_000_000),
                    as_of: now,
                    report_uri: "https://reports.example/usd1.pdf".to_string(),
                    report_hash: HexBinary::from(vec![7u8; 32]),
                },
            )
            .unwrap();
        let owner = suite.owner.clone();
        suite
            .adapter_exec(
                &owner,
                &cash::ExecuteMsg::RegisterClient {
                    address: suite.distributor.to_string(),
                    label: "corporate-actions".to_string(),
                },
            )
            .unwrap();

        // Token roles: the transfer agent issues; the distributor opens checkpoints and redeems.
        let ta = suite.transfer_agent.clone();
        let distributor = suite.distributor.clone();
        suite.token_grant(Role::TransferAgent, &ta).unwrap();
        suite
            .token_grant(Role::CheckpointOpener, &distributor)
            .unwrap();
        suite.token_grant(Role::Redeemer, &distributor).unwrap();
        // The token's owner authorizes the paying agent for this token.
        let agent = suite.agent.clone();
        suite.token_grant(Role::PayingAgent, &agent).unwrap();
        let escrow = suite.escrow.clone();
        suite
            .token_exec(
                &owner,
                &token::ExecuteMsg::SetSystemAccount {
                    address: escrow.to_string(),
                    system: true,
                },
            )
            .unwrap();

        // Investors.
        for (id, wallet, j) in [
            ("ISSUER", suite.issuer.clone(), "US"),
            ("PAYING-AGENT", suite.agent.clone(), "US"),
            ("INV-A", suite.alice.clone(), "US"),
            ("INV-B", suite.bob.clone(), "DE"),
            ("INV-C", suite.carol.clone(), "FR"),
            ("INV-D", suite.dave.clone(), "GB"),
            ("INV-E", suite.erin.clone(), "US"),
        ] {
            suite.register(id, &[wallet], j);
        }

        // Withholding: US by treaty 0, DE 25 %, FR 12.8 %; everything else 30 %.
        suite
            .set_rates(
                &owner,
                &[
                    ("US", Some(Decimal::zero())),
                    ("DE", Some(de_rate())),
                    ("FR", Some(fr_rate())),
                ],
            )
            .unwrap();
        suite
    }

    // ----- chain --------------------------------------------------------------------------

    /// Block time.
    pub fn now(&self) -> Timestamp {
        self.app.block_info().time
    }

    /// Block height.
    pub fn height(&self) -> u64 {
        self.app.block_info().height
    }

    /// Next block (5 s later).
    pub fn next_block(&mut self) {
        self.app.update_block(|b| {
            b.height += 1;
            b.time = b.time.plus_seconds(5);
        });
    }

    /// Move time forward by `seconds`, one block.
    pub fn advance(&mut self, seconds: u64) {
        self.app.update_block(|b| {
            b.height += 1;
            b.time = b.time.plus_seconds(seconds);
        });
    }

    /// Move to `time` (one block later).
    pub fn advance_to(&mut self, time: Timestamp) {
        let now = self.now();
        assert!(time >= now, "cannot go back in time");
        self.advance(time.seconds() - now.seconds());
    }

    /// Storage operations of everything `f` does on the chain.
    pub fn count<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> (T, OpCount) {
        *self.counts.borrow_mut() = OpCount::default();
        let out = f(self);
        let counts = *self.counts.borrow();
        (out, counts)
    }

    // ----- registry and token -------------------------------------------------------------

    /// Register an investor with wallets.
    pub fn register(&mut self, id: &str, wallets: &[Addr], jurisdiction: &str) {
        let until = self.now().plus_seconds(20 * 365 * DAY);
        self.app
            .execute_contract(
                self.officer.clone(),
                self.registry.clone(),
                &registry::ExecuteMsg::RegisterInvestor {
                    investor_id: id.to_string(),
                    wallets: wallets.iter().map(|w| w.to_string()).collect(),
                    jurisdiction: Jurisdiction::parse(jurisdiction).unwrap(),
                    class: InvestorClass::Accredited,
                    kyc_valid_until: until,
                },
                &[],
            )
            .unwrap();
    }

    /// Block an investor (sanctions).
    pub fn block(&mut self, id: &str) {
        self.app
            .execute_contract(
                self.officer.clone(),
                self.registry.clone(),
                &registry::ExecuteMsg::BlockInvestor {
                    investor_id: id.to_string(),
                    reason_ref: "OFAC-1".to_string(),
                },
                &[],
            )
            .unwrap();
    }

    /// Lift a block.
    pub fn unblock(&mut self, id: &str) {
        self.app
            .execute_contract(
                self.officer.clone(),
                self.registry.clone(),
                &registry::ExecuteMsg::UnblockInvestor {
                    investor_id: id.to_string(),
                    reason_ref: "OFAC-1-lifted".to_string(),
                },
                &[],
            )
            .unwrap();
    }

    /// Execute a token message.
    pub fn token_exec(
        &mut self,
        sender: &Addr,
        msg: &token::ExecuteMsg,
    ) -> anyhow::Result<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.token.clone(), msg, &[])
    }

    /// Grant a token role as the token owner.
    pub fn token_grant(&mut self, role: Role, who: &Addr) -> anyhow::Result<AppResponse> {
        let owner = self.owner.clone();
        self.token_exec(
            &owner,
            &token::ExecuteMsg::UpdateRoles(RoleAction::Grant {
                role,
                address: who.to_string(),
            }),
        )
    }

    /// Revoke a token role as the token owner.
    pub fn token_revoke(&mut self, role: Role, who: &Addr) -> anyhow::Result<AppResponse> {
        let owner = self.owner.clone();
        self.token_exec(
            &owner,
            &token::ExecuteMsg::UpdateRoles(RoleAction::Revoke {
                role,
                address: who.to_string(),
            }),
        )
    }

    /// Issue tokens (batches of up to 50) as the transfer agent.
    pub fn issue(&mut self, holders: &[(Addr, u128)]) {
        let ta = self.transfer_agent.clone();
        for chunk in holders.chunks(token::MAX_BATCH_ISSUE) {
            self.token_exec(
                &ta,
                &token::ExecuteMsg::BatchIssue {
                    issuances: chunk
                        .iter()
                        .map(|(w, a)| Issuance {
                            recipient: w.to_string(),
                            amount: Uint128::new(*a),
                            locked_until: None,
                        })
                        .collect(),
                    reference: None,
                },
            )
            .unwrap();
        }
    }

    /// A holder's token transfer.
    pub fn transfer(
        &mut self,
        from: &Addr,
        to: &Addr,
        amount: u128,
    ) -> anyhow::Result<AppResponse> {
        self.token_exec(
            from,
            &token::ExecuteMsg::Transfer {
                recipient: to.to_string(),
                amount: Uint128::new(amount),
            },
        )
    }

    /// Current token balance.
    pub fn units(&self, who: &Addr) -> u128 {
        SecurityToken(self.token.clone())
            .balance(&self.app.wrap(), who)
            .unwrap()
            .u128()
    }

    /// Current token supply.
    pub fn supply(&self) -> u128 {
        let info: cw20::TokenInfoResponse = self
            .app
            .wrap()
            .query_wasm_smart(&self.token, &token::QueryMsg::TokenInfo {})
            .unwrap();
        info.total_supply.u128()
    }

    // ----- cash ---------------------------------------------------------------------------

    /// Execute an adapter message.
    pub fn adapter_exec(
        &mut self,
        sender: &Addr,
        msg: &cash::ExecuteMsg,
    ) -> anyhow::Result<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.adapter.clone(), msg, &[])
    }

    /// The USD1 asset.
    pub fn asset(&self) -> AssetInfo {
        AssetInfo::Cw20 {
            address: self.usd1.clone(),
        }
    }

    /// The paying agent deposits `amount` into action `id`'s sub-account at the adapter.
    pub fn fund(&mut self, id: u64, amount: u128) -> anyhow::Result<AppResponse> {
        let agent = self.agent.clone();
        self.fund_as(&agent, id, amount)
    }

    /// `payer` deposits `amount` into action `id`'s sub-account (CW20 `send` to the adapter
    /// with the `fund_sub_account` hook).
    pub fn fund_as(&mut self, payer: &Addr, id: u64, amount: u128) -> anyhow::Result<AppResponse> {
        let msg = CashAdapter(self.adapter.clone()).sub_account_funding_msg(
            &self.asset(),
            Uint128::new(amount),
            self.distributor.to_string(),
            actions::sub_account_reference(id),
        )?;
        self.app.execute(payer.clone(), msg)
    }

    /// USD1 in a wallet.
    pub fn usd1(&self, who: &Addr) -> u128 {
        self.asset()
            .query_balance(&self.app.wrap(), who)
            .unwrap()
            .u128()
    }

    /// The cash account key of `who` at the adapter: its investor id when registered, else its
    /// address.
    pub fn account_key(&self, who: &Addr) -> String {
        let record: Option<registry::WalletRecord> =
            sto_interface::registry::IdentityRegistry(self.registry.clone())
                .wallet_record(&self.app.wrap(), who)
                .unwrap();
        record
            .map(|r| r.investor_id)
            .unwrap_or_else(|| who.to_string())
    }

    /// Balance of `who`'s cash account at the adapter (zero when absent): where claims,
    /// withholding and reclaims are paid by book entry.
    pub fn cash(&self, who: &Addr) -> u128 {
        CashAdapter(self.adapter.clone())
            .account(&self.app.wrap(), &self.account_key(who))
            .unwrap()
            .map(|a| a.balance.u128())
            .unwrap_or_default()
    }

    /// USD1 at `who`'s disposal: its wallet plus its cash account.
    pub fn money(&self, who: &Addr) -> u128 {
        self.usd1(who) + self.cash(who)
    }

    /// Action `id`'s sub-account at the adapter (zeros when never funded).
    pub fn sub(&self, id: u64) -> cash::SubAccount {
        CashAdapter(self.adapter.clone())
            .sub_account(
                &self.app.wrap(),
                &self.distributor,
                &actions::sub_account_reference(id),
            )
            .unwrap()
            .unwrap_or_default()
    }

    /// What action `id`'s sub-account still holds.
    pub fn sub_balance(&self, id: u64) -> u128 {
        self.sub(id).balance().u128()
    }

    // ----- distributor --------------------------------------------------------------------

    /// Execute a distributor message.
    pub fn exec(&mut self, sender: &Addr, msg: &ExecuteMsg) -> anyhow::Result<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.distributor.clone(), msg, &[])
    }

    /// Execute a paying-agent message as `sender`.
    pub fn agent_exec(&mut self, sender: &Addr, msg: AgentMsg) -> anyhow::Result<AppResponse> {
        self.exec(sender, &ExecuteMsg::Agent(msg))
    }

    /// The standard announcement: record height next block, payment in one day, deadline in 30.
    pub fn announcement(
        &self,
        kind: ActionKind,
        basis: AmountBasis,
        withholding: bool,
    ) -> AgentMsg {
        AgentMsg::Announce {
            token: self.token.to_string(),
            kind,
            record_height: self.height() + 1,
            basis,
            payment_time: self.now().plus_seconds(DAY),
            claim_deadline: self.now().plus_seconds(30 * DAY),
            withholding,
            reclaim_address: self.issuer.to_string(),
        }
    }

    /// Announce as the agent; returns the new id.
    pub fn announce(&mut self, kind: ActionKind, basis: AmountBasis, withholding: bool) -> u64 {
        let msg = self.announcement(kind, basis, withholding);
        let agent = self.agent.clone();
        let res = self.agent_exec(&agent, msg).unwrap();
        attr(&res, "action_id").unwrap().parse().unwrap()
    }

    /// Announce, pass the record height, fund the required amount and move to the payment
    /// time. Returns the id.
    pub fn payable(&mut self, kind: ActionKind, basis: AmountBasis, withholding: bool) -> u64 {
        let id = self.announce(kind, basis, withholding);
        self.next_block();
        let required = self.required(id);
        self.fund(id, required).unwrap();
        let payment = self.action(id).payment_time;
        self.advance_to(payment);
        id
    }

    /// The amount an action requires, computed like the contract from the supply at record.
    pub fn required(&self, id: u64) -> u128 {
        let action = self.action(id);
        let supply = SecurityToken(self.token.clone())
            .total_supply_at(&self.app.wrap(), action.record_height)
            .unwrap();
        corporate_actions::math::required_amount(&action.basis, supply)
            .unwrap()
            .u128()
    }

    /// `holder` claims action `id`.
    pub fn claim(&mut self, holder: &Addr, id: u64) -> anyhow::Result<AppResponse> {
        self.exec(holder, &ExecuteMsg::Claim { action_id: id })
    }

    /// The agent pushes claims.
    pub fn push(&mut self, id: u64, holders: &[&Addr]) -> anyhow::Result<AppResponse> {
        let agent = self.agent.clone();
        self.agent_exec(
            &agent,
            AgentMsg::PushClaims {
                action_id: id,
                holders: holders.iter().map(|h| h.to_string()).collect(),
            },
        )
    }

    /// The agent closes action `id`.
    pub fn close(&mut self, id: u64) -> anyhow::Result<AppResponse> {
        let agent = self.agent.clone();
        self.agent_exec(&agent, AgentMsg::Close { action_id: id })
    }

    /// Set withholding rates as `sender`.
    pub fn set_rates(
        &mut self,
        sender: &Addr,
        rates: &[(&str, Option<Decimal>)],
    ) -> anyhow::Result<AppResponse> {
        self.exec(
            sender,
            &ExecuteMsg::SetWithholdingRates {
                rates: rates
                    .iter()
                    .map(|(j, r)| WithholdingRateUpdate {
                        jurisdiction: Jurisdiction::parse(j).unwrap(),
                        rate: *r,
                    })
                    .collect(),
            },
        )
    }

    /// Distributor query.
    pub fn query<T: cosmwasm_schema::serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.app
            .wrap()
            .query_wasm_smart(&self.distributor, msg)
            .unwrap()
    }

    /// One action.
    pub fn action(&self, id: u64) -> CorporateAction {
        self.query(&QueryMsg::Action { id })
    }

    /// A holder's entitlement.
    pub fn entitlement(&self, id: u64, holder: &Addr) -> EntitlementResponse {
        self.query(&QueryMsg::Entitlement {
            action_id: id,
            holder: holder.to_string(),
        })
    }

    /// A holder's claim, if made.
    pub fn claim_of(&self, id: u64, holder: &Addr) -> Option<ClaimRecord> {
        let res: ClaimStatusResponse = self.query(&QueryMsg::ClaimStatus {
            action_id: id,
            holder: holder.to_string(),
        });
        assert_eq!(res.claimed, res.claim.is_some());
        res.claim
    }

    /// Every claim of an action (pages of 2, to exercise pagination).
    pub fn all_claims(&self, id: u64) -> Vec<ClaimRecord> {
        let mut all: Vec<ClaimRecord> = vec![];
        let mut start_after = None;
        loop {
            let page: ClaimsResponse = self.query(&QueryMsg::Claims {
                action_id: id,
                start_after,
                limit: Some(2),
            });
            start_after = page.claims.last().map(|c| c.holder.to_string());
            all.extend(page.claims);
            if !page.has_more {
                return all;
            }
        }
    }

    /// Everything that could move, to prove that nothing did.
    pub fn snapshot(&self) -> Snapshot {
        let wallets = [
            &self.agent,
            &self.issuer,
            &self.tax,
            &self.alice,
            &self.bob,
            &self.carol,
            &self.dave,
            &self.erin,
            &self.mallory,
            &self.adapter,
            &self.distributor,
            &self.escrow,
        ];
        let actions: actions::ActionsResponse = self.query(&QueryMsg::Actions {
            start_after: None,
            limit: Some(100),
        });
        let claims = actions
            .actions
            .iter()
            .map(|a| self.all_claims(a.id))
            .collect();
        Snapshot {
            money: wallets.iter().map(|w| self.money(w)).collect(),
            units: wallets.iter().map(|w| self.units(w)).collect(),
            supply: self.supply(),
            subs: actions
                .actions
                .iter()
                .map(|a| self.sub_balance(a.id))
                .collect(),
            actions: actions.actions,
            claims,
        }
    }

    /// The action's books: outflows never exceed funding, the sub-account's outflows are the
    /// action's, and each total equals the sum of its claim records.
    pub fn assert_books(&self, id: u64) {
        let a = self.action(id);
        let claims = self.all_claims(id);
        let sum = |f: fn(&ClaimRecord) -> Uint128| claims.iter().map(f).sum::<Uint128>();
        assert_eq!(a.paid, sum(|c| c.net));
        assert_eq!(
            a.claims,
            claims.iter().map(|c| u64::from(c.settlements)).sum::<u64>()
        );
        assert_eq!(a.withheld, sum(|c| c.withheld));
        assert_eq!(a.burnt, sum(|c| c.burnt));
        assert_eq!(
            a.claimed_units,
            claims
                .iter()
                .map(|c| c.units + c.later_units)
                .sum::<Uint128>()
        );
        assert!(a.claimed_units <= a.record_supply.unwrap_or_default());
        for c in &claims {
            assert_eq!(c.withheld + c.net, c.gross, "{c:?}");
            assert!(c.units <= c.record_balance, "{c:?}");
            if a.kind.burns_tokens() {
                assert_eq!(c.burnt, c.units + c.later_units, "{c:?}");
            } else {
                assert_eq!(c.settlements, 1, "{c:?}");
                assert_eq!(c.units, c.record_balance, "{c:?}");
            }
        }
        assert!(a.paid + a.withheld + a.reclaimed <= a.funded);
        // The sub-account (the adapter's books) moved exactly what the action says.
        let sub = self.sub(id);
        assert_eq!(
            (sub.paid, sub.withheld, sub.reclaimed),
            (a.paid, a.withheld, a.reclaimed)
        );
        assert!(a.funded <= sub.funded);
    }

    /// The exact conservation after close: `paid + withheld + reclaimed = funded`, on the action
    /// and on its sub-account.
    pub fn assert_conserved(&self, id: u64) {
        self.assert_books(id);
        let a = self.action(id);
        assert_eq!(a.status, actions::ActionStatus::Closed);
        assert_eq!(a.paid + a.withheld + a.reclaimed, a.funded);
        assert_eq!(self.sub(id).funded, a.funded);
        assert_eq!(self.sub_balance(id), 0);
    }
}

/// Money, units, supply, sub-accounts and the distributor's records at one instant.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    pub money: Vec<u128>,
    pub units: Vec<u128>,
    pub supply: u128,
    pub subs: Vec<u128>,
    pub actions: Vec<CorporateAction>,
    pub claims: Vec<Vec<ClaimRecord>>,
}

/// The distributor's typed error inside a multi-test error.
pub fn contract_err(err: anyhow::Error) -> ContractError {
    match err.downcast::<ContractError>() {
        Ok(e) => e,
        Err(other) => panic!("not a corporate-actions ContractError: {other:?}"),
    }
}

/// Value of the first attribute `key` in any wasm event of a response.
pub fn attr(res: &AppResponse, key: &str) -> Option<String> {
    res.events
        .iter()
        .filter(|e| e.ty == "wasm")
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
}

/// The claim events of a response, parsed.
pub fn claim_events(res: &AppResponse) -> Vec<ParsedClaimEvent> {
    res.events
        .iter()
        .filter(|e| e.ty == format!("wasm-{CLAIM_EVENT}"))
        .map(|e| ParsedClaimEvent::try_from(e).unwrap())
        .collect()
}

/// A per-unit basis.
pub fn per_unit(rate: Decimal) -> AmountBasis {
    AmountBasis::PerUnit { rate }
}

/// A total basis.
pub fn total(amount: u128) -> AmountBasis {
    AmountBasis::Total {
        amount: Uint128::new(amount),
    }
}
