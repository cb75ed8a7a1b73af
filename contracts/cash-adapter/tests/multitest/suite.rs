//! Test harness: one in-process chain with the real identity registry, the adapter, USD1 in the
//! chosen asset mode (cw20-base or a bank denom), a second "wrong" asset, and two test clients.
//!
//! Every behavioural test is written once and run in both modes with [`both_modes!`].

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    coin, coins, to_json_binary, Addr, Coin, CosmosMsg, Decimal, DepsMut, Empty, Env, HexBinary,
    MessageInfo, Response, StdError, StdResult, Timestamp, Uint128, WasmMsg,
};
use cw20::{Cw20Coin, Cw20ReceiveMsg};
pub use cw_multi_test::Executor;
use cw_multi_test::{App, AppResponse, Contract, ContractWrapper};
use cw_storage_plus::Item;

use cash_adapter::ContractError;
use sto_access::{Role, RoleAction};
use sto_interface::audit::AuditResponse;
use sto_interface::cash::{
    AccountResponse, AssetInfo, AssetInfoUnchecked, CashAdapter, CashHookMsg, CashLegStatus,
    CashReceipt, ClientInfo, ClientsResponse, ExecuteMsg, InstantiateMsg, LedgerEntry,
    LedgerResponse, ParkedReleasesResponse, QueryMsg, ReconciliationResponse, RedemptionStatus,
    RedemptionsResponse, ReleaseKind,
};
use sto_interface::common::{EventRef, InvestorClass, Jurisdiction};
use sto_interface::hold::{Hold, HoldRequest, HoldsResponse};
use sto_interface::registry;
use sto_testing::notary::NotaryStubMsg;

/// The bank denom of USD1 in native mode.
pub const DENOM: &str = "uusd1";
/// Another denom everybody holds in native mode.
pub const OTHER_DENOM: &str = "uatom";
/// What each wallet starts with, in each asset.
pub const START: u128 = 1_000_000;
/// Configured maximum attestation age.
pub const MAX_AGE: u64 = 86_400;
/// Configured redemption service period.
pub const SERVICE_PERIOD: u64 = 7 * 86_400;
/// KYC validity of the registered investors, from the start.
pub const KYC_VALIDITY: u64 = 365 * 86_400;

/// How USD1 exists on the test chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// cw20-base contract.
    Cw20,
    /// Bank denom.
    Native,
}

/// Run a test body once per asset mode: `both_modes!(fn name(suite) { ... })` creates
/// `name::cw20` and `name::native`.
#[macro_export]
macro_rules! both_modes {
    ($(#[$meta:meta])* fn $name:ident($suite:ident) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[allow(unused_mut)]
            fn run(mut $suite: $crate::suite::Suite) $body

            #[test]
            fn cw20() {
                run($crate::suite::Suite::new($crate::suite::Mode::Cw20));
            }

            #[test]
            fn native() {
                run($crate::suite::Suite::new($crate::suite::Mode::Native));
            }
        }
    };
}

// ---------------------------------------------------------------------------------------------
// Test client: a tiny contract built from closures
// ---------------------------------------------------------------------------------------------

/// Test client instantiate message.
#[cw_serde]
pub struct ClientInit {
    /// The adapter it trusts.
    pub adapter: String,
    /// Whether it accepts fundings.
    pub accept: bool,
}

/// Test client messages: the adapter's callback plus test controls.
#[cw_serde]
pub enum ClientExec {
    /// The adapter's callback (same wire shape as `CashClientMsg::CashReceived`).
    CashReceived(CashReceipt),
    /// Accept or reject future fundings.
    SetAccept { accept: bool },
    /// Release from this client's pool through the adapter.
    Release {
        recipient: String,
        amount: Uint128,
        reference: EventRef,
        kind: ReleaseKind,
    },
}

/// Test client queries.
#[cw_serde]
pub enum ClientQuery {
    /// Every receipt accepted, in order.
    Receipts {},
}

const CLIENT_ADAPTER: Item<Addr> = Item::new("adapter");
const CLIENT_ACCEPT: Item<bool> = Item::new("accept");
const CLIENT_RECEIPTS: Item<Vec<CashReceipt>> = Item::new("receipts");

/// The error a rejecting test client returns.
pub fn client_rejection() -> StdError {
    StdError::generic_err("test client rejects the funding")
}

fn test_client() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        |deps: DepsMut, _env: Env, info: MessageInfo, msg: ClientExec| -> StdResult<Response> {
            match msg {
                ClientExec::CashReceived(receipt) => {
                    if info.sender != CLIENT_ADAPTER.load(deps.storage)? {
                        return Err(StdError::generic_err(
                            "only the adapter calls cash_received",
                        ));
                    }
                    if !CLIENT_ACCEPT.load(deps.storage)? {
                        return Err(client_rejection());
                    }
                    let mut receipts = CLIENT_RECEIPTS.load(deps.storage)?;
                    receipts.push(receipt);
                    CLIENT_RECEIPTS.save(deps.storage, &receipts)?;
                    Ok(Response::new().add_attribute("action", "client_cash_received"))
                }
                ClientExec::SetAccept { accept } => {
                    CLIENT_ACCEPT.save(deps.storage, &accept)?;
                    Ok(Response::new())
                }
                ClientExec::Release {
                    recipient,
                    amount,
                    reference,
                    kind,
                } => {
                    let adapter = CashAdapter(CLIENT_ADAPTER.load(deps.storage)?);
                    Ok(Response::new()
                        .add_message(adapter.release(recipient, amount, reference, kind)?))
                }
            }
        },
        |deps: DepsMut, _env: Env, _info: MessageInfo, msg: ClientInit| -> StdResult<Response> {
            CLIENT_ADAPTER.save(deps.storage, &deps.api.addr_validate(&msg.adapter)?)?;
            CLIENT_ACCEPT.save(deps.storage, &msg.accept)?;
            CLIENT_RECEIPTS.save(deps.storage, &vec![])?;
            Ok(Response::new())
        },
        |deps: cosmwasm_std::Deps,
         _env: Env,
         msg: ClientQuery|
         -> StdResult<cosmwasm_std::Binary> {
            match msg {
                ClientQuery::Receipts {} => to_json_binary(&CLIENT_RECEIPTS.load(deps.storage)?),
            }
        },
    ))
}

// ---------------------------------------------------------------------------------------------
// Suite
// ---------------------------------------------------------------------------------------------

/// The deployed test chain.
pub struct Suite {
    pub app: App,
    pub mode: Mode,
    pub owner: Addr,
    pub officer: Addr,
    pub attestor: Addr,
    pub operator: Addr,
    /// Eligible investor `INV-A`.
    pub alice: Addr,
    /// Eligible investor `INV-B`.
    pub bob: Addr,
    /// Eligible investor `INV-C`.
    pub carol: Addr,
    /// Not in the registry.
    pub mallory: Addr,
    /// A system account (e.g. issuer treasury), not in the registry.
    pub treasury: Addr,
    /// Where confirmed redemptions go.
    pub redemption_addr: Addr,
    pub registry: Addr,
    pub adapter: Addr,
    pub asset: AssetInfo,
    /// Another CW20 (CW20 mode) that must be refused.
    pub fake_cw20: Addr,
    pub client_a: Addr,
    pub client_b: Addr,
    /// A registered test notary (`sto_testing::notary::notary_stub`).
    pub notary: Addr,
    /// A second test notary, not registered.
    pub stranger_notary: Addr,
    /// The adapter's attributes of every successful execution made through the suite's
    /// helpers, in order since instantiation: what an auditor replays.
    pub audit_log: Vec<Vec<cosmwasm_std::Attribute>>,
    client_code: u64,
    pub adapter_code: u64,
}

impl Suite {
    /// Deploy everything, register three investors, post a fresh full-coverage attestation and
    /// register two accepting clients.
    pub fn new(mode: Mode) -> Self {
        let mut app = App::default();
        let api = app.api();
        let owner = api.addr_make("owner");
        let officer = api.addr_make("officer");
        let attestor = api.addr_make("attestor");
        let operator = api.addr_make("operator");
        let alice = api.addr_make("alice");
        let bob = api.addr_make("bob");
        let carol = api.addr_make("carol");
        let mallory = api.addr_make("mallory");
        let treasury = api.addr_make("treasury");
        let redemption_addr = api.addr_make("redemption");
        let wallets = [&alice, &bob, &carol, &mallory];

        let registry_code = app.store_code(sto_testing::contracts::identity_registry());
        let cw20_code = app.store_code(sto_testing::contracts::cw20_base());
        let adapter_code = app.store_code(sto_testing::contracts::cash_adapter());
        let client_code = app.store_code(test_client());

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

        let initial_balances: Vec<Cw20Coin> = wallets
            .iter()
            .map(|w| Cw20Coin {
                address: w.to_string(),
                amount: Uint128::new(START),
            })
            .collect();
        let make_cw20 = |app: &mut App, name: &str, symbol: &str| {
            app.instantiate_contract(
                cw20_code,
                owner.clone(),
                &cw20_base::msg::InstantiateMsg {
                    name: name.to_string(),
                    symbol: symbol.to_string(),
                    decimals: 6,
                    initial_balances: initial_balances.clone(),
                    mint: None,
                    marketing: None,
                },
                &[],
                symbol,
                None,
            )
            .unwrap()
        };
        let usd1 = make_cw20(&mut app, "USD1 stablecoin", "USDONE");
        let fake_cw20 = make_cw20(&mut app, "Fake dollar", "FAKE");
        if mode == Mode::Native {
            app.init_modules(|router, _, storage| {
                for w in wallets {
                    router
                        .bank
                        .init_balance(
                            storage,
                            w,
                            vec![coin(START, DENOM), coin(START, OTHER_DENOM)],
                        )
                        .unwrap();
                }
            });
        }
        let asset = match mode {
            Mode::Cw20 => AssetInfoUnchecked::Cw20 {
                address: usd1.to_string(),
            },
            Mode::Native => AssetInfoUnchecked::Native {
                denom: DENOM.to_string(),
            },
        };

        let adapter = app
            .instantiate_contract(
                adapter_code,
                owner.clone(),
                &InstantiateMsg {
                    owner: None,
                    asset,
                    registry: registry.to_string(),
                    max_attestation_age: MAX_AGE,
                    min_coverage: Decimal::one(),
                    redemption_address: redemption_addr.to_string(),
                    redemption_service_period: SERVICE_PERIOD,
                    attestors: vec![attestor.to_string()],
                    off_ramp_operators: vec![operator.to_string()],
                },
                &[],
                "cash-adapter",
                Some(owner.to_string()),
            )
            .unwrap();
        let asset = match mode {
            Mode::Cw20 => AssetInfo::Cw20 { address: usd1 },
            Mode::Native => AssetInfo::Native {
                denom: DENOM.to_string(),
            },
        };

        let mut suite = Suite {
            app,
            mode,
            owner,
            officer,
            attestor,
            operator,
            alice,
            bob,
            carol,
            mallory,
            treasury,
            redemption_addr,
            registry,
            adapter,
            asset,
            fake_cw20,
            client_a: Addr::unchecked(""),
            client_b: Addr::unchecked(""),
            notary: Addr::unchecked(""),
            stranger_notary: Addr::unchecked(""),
            audit_log: vec![],
            client_code,
            adapter_code,
        };
        let kyc_until = suite.now().plus_seconds(KYC_VALIDITY);
        for (id, wallet) in [
            ("INV-A", suite.alice.clone()),
            ("INV-B", suite.bob.clone()),
            ("INV-C", suite.carol.clone()),
        ] {
            suite.register_investor(id, &wallet, kyc_until);
        }
        let now = suite.now();
        suite.attest(1_000_000_000, 1_000_000_000, now).unwrap();
        suite.client_a = suite.new_client("client-a", true);
        suite.client_b = suite.new_client("client-b", true);
        let notary_code = suite.app.store_code(sto_testing::notary::notary_stub());
        let owner = suite.owner.clone();
        for label in ["notary", "stranger-notary"] {
            let addr = suite
                .app
                .instantiate_contract(notary_code, owner.clone(), &Empty {}, &[], label, None)
                .unwrap();
            if label == "notary" {
                suite.notary = addr;
            } else {
                suite.stranger_notary = addr;
            }
        }
        let notary = suite.notary.to_string();
        suite
            .exec(&owner, &ExecuteMsg::RegisterNotary { address: notary })
            .unwrap();
        suite
    }

    // ----- chain --------------------------------------------------------------------------

    /// Block time.
    pub fn now(&self) -> Timestamp {
        self.app.block_info().time
    }

    /// Move time forward (and the height by one block per 5 s, at least one).
    pub fn advance(&mut self, seconds: u64) {
        self.app.update_block(|b| {
            b.time = b.time.plus_seconds(seconds);
            b.height += (seconds / 5).max(1);
        });
    }

    /// A handle on the adapter.
    pub fn handle(&self) -> CashAdapter {
        CashAdapter(self.adapter.clone())
    }

    // ----- registry -----------------------------------------------------------------------

    /// Register an investor with one wallet.
    pub fn register_investor(&mut self, id: &str, wallet: &Addr, kyc_valid_until: Timestamp) {
        self.app
            .execute_contract(
                self.officer.clone(),
                self.registry.clone(),
                &registry::ExecuteMsg::RegisterInvestor {
                    investor_id: id.to_string(),
                    wallets: vec![wallet.to_string()],
                    jurisdiction: Jurisdiction::parse("US").unwrap(),
                    class: InvestorClass::Accredited,
                    kyc_valid_until,
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

    /// Attach another wallet to an investor.
    pub fn add_wallet(&mut self, id: &str, wallet: &Addr) {
        self.app
            .execute_contract(
                self.officer.clone(),
                self.registry.clone(),
                &registry::ExecuteMsg::AddWallet {
                    investor_id: id.to_string(),
                    wallet: wallet.to_string(),
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

    // ----- clients ------------------------------------------------------------------------

    /// Instantiate a test client and register it with the adapter.
    pub fn new_client(&mut self, label: &str, accept: bool) -> Addr {
        let client = self.instantiate_client(label, accept);
        self.exec(
            &self.owner.clone(),
            &ExecuteMsg::RegisterClient {
                address: client.to_string(),
                label: label.to_string(),
            },
        )
        .unwrap();
        client
    }

    /// Instantiate a test client without registering it.
    pub fn instantiate_client(&mut self, label: &str, accept: bool) -> Addr {
        self.app
            .instantiate_contract(
                self.client_code,
                self.owner.clone(),
                &ClientInit {
                    adapter: self.adapter.to_string(),
                    accept,
                },
                &[],
                label,
                None,
            )
            .unwrap()
    }

    /// Make a test client accept or reject fundings.
    pub fn set_accept(&mut self, client: &Addr, accept: bool) {
        self.app
            .execute_contract(
                self.owner.clone(),
                client.clone(),
                &ClientExec::SetAccept { accept },
                &[],
            )
            .unwrap();
    }

    /// Receipts a test client accepted.
    pub fn receipts(&self, client: &Addr) -> Vec<CashReceipt> {
        self.app
            .wrap()
            .query_wasm_smart(client, &ClientQuery::Receipts {})
            .unwrap()
    }

    // ----- adapter actions ----------------------------------------------------------------

    /// Execute an adapter message without funds.
    pub fn exec(&mut self, sender: &Addr, msg: &ExecuteMsg) -> anyhow::Result<AppResponse> {
        let res = self
            .app
            .execute_contract(sender.clone(), self.adapter.clone(), msg, &[]);
        self.log(res)
    }

    /// Record the adapter's executions in a successful response into [`Self::audit_log`].
    pub fn log(&mut self, res: anyhow::Result<AppResponse>) -> anyhow::Result<AppResponse> {
        if let Ok(r) = &res {
            let adapter = self.adapter.to_string();
            for e in &r.events {
                if e.ty == "wasm"
                    && e.attributes
                        .iter()
                        .any(|a| a.key == "_contract_address" && a.value == adapter)
                {
                    self.audit_log.push(
                        e.attributes
                            .iter()
                            .filter(|a| a.key != "_contract_address")
                            .cloned()
                            .collect(),
                    );
                }
            }
        }
        res
    }

    /// Fund `client` as `payer`, built with the handle's funding message for the mode.
    pub fn fund(
        &mut self,
        payer: &Addr,
        client: &Addr,
        amount: u128,
        reference: EventRef,
    ) -> anyhow::Result<AppResponse> {
        let msg = self
            .handle()
            .funding_msg(&self.asset, client, Uint128::new(amount), reference)
            .unwrap();
        let res = self.app.execute(payer.clone(), msg);
        self.log(res)
    }

    /// The asset the adapter must refuse: the fake CW20, or the other denom.
    pub fn wrong_asset(&self) -> AssetInfo {
        match self.mode {
            Mode::Cw20 => AssetInfo::Cw20 {
                address: self.fake_cw20.clone(),
            },
            Mode::Native => AssetInfo::Native {
                denom: OTHER_DENOM.to_string(),
            },
        }
    }

    /// Fund with the wrong asset (same message shape, other CW20 or denom).
    pub fn fund_with_wrong_asset(
        &mut self,
        payer: &Addr,
        client: &Addr,
        amount: u128,
        reference: EventRef,
    ) -> anyhow::Result<AppResponse> {
        let msg = self
            .handle()
            .funding_msg(&self.wrong_asset(), client, Uint128::new(amount), reference)
            .unwrap();
        self.app.execute(payer.clone(), msg)
    }

    /// Call the adapter's `receive` hook directly as `sender` (simulating a CW20 contract).
    pub fn fake_hook(
        &mut self,
        sender: &Addr,
        payer: &Addr,
        amount: u128,
        hook: &CashHookMsg,
    ) -> anyhow::Result<AppResponse> {
        let msg = ExecuteMsg::Receive(Cw20ReceiveMsg {
            sender: payer.to_string(),
            amount: Uint128::new(amount),
            msg: to_json_binary(hook).unwrap(),
        });
        self.exec(sender, &msg)
    }

    /// Execute the native `fund` with explicit coins.
    pub fn fund_native_coins(
        &mut self,
        payer: &Addr,
        client: &Addr,
        funds: &[Coin],
    ) -> anyhow::Result<AppResponse> {
        self.app.execute_contract(
            payer.clone(),
            self.adapter.clone(),
            &ExecuteMsg::Fund {
                client: client.to_string(),
                reference: EventRef::Settlement { id: 1 },
            },
            funds,
        )
    }

    /// Make `client` release through the adapter (the test client forwards the message).
    pub fn release(
        &mut self,
        client: &Addr,
        recipient: &Addr,
        amount: u128,
        reference: EventRef,
        kind: ReleaseKind,
    ) -> anyhow::Result<AppResponse> {
        let res = self.app.execute_contract(
            self.owner.clone(),
            client.clone(),
            &ClientExec::Release {
                recipient: recipient.to_string(),
                amount: Uint128::new(amount),
                reference,
                kind,
            },
            &[],
        );
        self.log(res)
    }

    /// Post an attestation as the attestor.
    pub fn attest(
        &mut self,
        reserves: u128,
        supply: u128,
        as_of: Timestamp,
    ) -> anyhow::Result<AppResponse> {
        self.attest_as(&self.attestor.clone(), reserves, supply, as_of)
    }

    /// Post an attestation as `sender`.
    pub fn attest_as(
        &mut self,
        sender: &Addr,
        reserves: u128,
        supply: u128,
        as_of: Timestamp,
    ) -> anyhow::Result<AppResponse> {
        self.exec(
            sender,
            &ExecuteMsg::PostAttestation {
                reserves: Uint128::new(reserves),
                supply: Uint128::new(supply),
                as_of,
                report_uri: "https://reports.example/usd1/latest.pdf".to_string(),
                report_hash: hash(7),
            },
        )
    }

    /// Deposit into the redemption queue as `holder`.
    pub fn request_redemption(
        &mut self,
        holder: &Addr,
        amount: u128,
    ) -> anyhow::Result<AppResponse> {
        let msg = self
            .handle()
            .redemption_msg(&self.asset, Uint128::new(amount), hash(1))
            .unwrap();
        let res = self.app.execute(holder.clone(), msg);
        self.log(res)
    }

    /// Grant a role as the owner.
    pub fn grant(&mut self, role: Role, address: &Addr) -> anyhow::Result<AppResponse> {
        self.exec(
            &self.owner.clone(),
            &ExecuteMsg::UpdateRoles(RoleAction::Grant {
                role,
                address: address.to_string(),
            }),
        )
    }

    /// Deposit `amount` into a cash account as `sender` (CW20 `send` with the hook, or native
    /// `deposit`), optionally placing a hold from it.
    pub fn deposit(
        &mut self,
        sender: &Addr,
        amount: u128,
        account: Option<&str>,
        hold: Option<HoldRequest>,
    ) -> anyhow::Result<AppResponse> {
        let msg = self
            .handle()
            .account_deposit_msg(
                &self.asset,
                Uint128::new(amount),
                account.map(str::to_string),
                hold,
            )
            .unwrap();
        let res = self.app.execute(sender.clone(), msg);
        self.log(res)
    }

    /// A hold request for the registered notary.
    pub fn hold_request(&self, payee: &str, amount: u128, ttl: u64, partial: bool) -> HoldRequest {
        HoldRequest {
            notary: self.notary.to_string(),
            payee: payee.to_string(),
            amount: Uint128::new(amount),
            expires: self.now().plus_seconds(ttl),
            reference: "settlement:1".to_string(),
            partial,
            msg: None,
        }
    }

    /// Place a hold on `account` (the sender's own when `None`).
    pub fn place_hold(
        &mut self,
        sender: &Addr,
        account: Option<&str>,
        hold: HoldRequest,
    ) -> anyhow::Result<AppResponse> {
        self.exec(
            sender,
            &ExecuteMsg::PlaceHold {
                account: account.map(str::to_string),
                hold,
            },
        )
    }

    /// Have `notary` send `msg` to the adapter (the test notary forwards it as itself).
    pub fn as_notary(&mut self, notary: &Addr, msg: &ExecuteMsg) -> anyhow::Result<AppResponse> {
        let res = self.app.execute_contract(
            self.owner.clone(),
            notary.clone(),
            &NotaryStubMsg::Forward {
                contract: self.adapter.to_string(),
                msg: to_json_binary(msg).unwrap(),
            },
            &[],
        );
        self.log(res)
    }

    /// Book entry.
    pub fn transfer_cash(
        &mut self,
        sender: &Addr,
        from: Option<&str>,
        to: &str,
        amount: u128,
    ) -> anyhow::Result<AppResponse> {
        self.exec(
            sender,
            &ExecuteMsg::TransferCash {
                from: from.map(str::to_string),
                to: to.to_string(),
                amount: Uint128::new(amount),
                reference: "settlement:9".to_string(),
            },
        )
    }

    /// Withdraw from an account.
    pub fn withdraw(
        &mut self,
        sender: &Addr,
        account: Option<&str>,
        amount: u128,
        recipient: Option<&Addr>,
    ) -> anyhow::Result<AppResponse> {
        self.exec(
            sender,
            &ExecuteMsg::Withdraw {
                account: account.map(str::to_string),
                amount: Uint128::new(amount),
                recipient: recipient.map(|r| r.to_string()),
            },
        )
    }

    // ----- queries ------------------------------------------------------------------------

    /// One cash account (panics when absent).
    pub fn account(&self, key: &str) -> AccountResponse {
        self.query(&QueryMsg::Account {
            key: key.to_string(),
        })
    }

    /// One cash hold.
    pub fn cash_hold(&self, id: u64) -> Hold {
        self.query(&QueryMsg::CashHold { id })
    }

    /// Every cash hold of an account.
    pub fn holds_of(&self, key: &str) -> Vec<Hold> {
        let mut all = vec![];
        let mut start_after = None;
        loop {
            let page: HoldsResponse = self.query(&QueryMsg::AccountHolds {
                key: key.to_string(),
                start_after,
                limit: Some(100),
            });
            start_after = page.holds.last().map(|h| h.id);
            all.extend(page.holds);
            if !page.has_more {
                return all;
            }
        }
    }

    /// The audit trail's head.
    pub fn audit(&self) -> AuditResponse {
        self.query(&QueryMsg::Audit {})
    }

    /// The account keys the tests use.
    pub fn account_keys(&self) -> Vec<String> {
        vec![
            "INV-A".to_string(),
            "INV-B".to_string(),
            "INV-C".to_string(),
            self.client_a.to_string(),
            self.client_b.to_string(),
            TAX_AUTHORITY.to_string(),
        ]
    }

    /// Adapter query.
    pub fn query<T: cosmwasm_schema::serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.app
            .wrap()
            .query_wasm_smart(&self.adapter, msg)
            .unwrap()
    }

    /// USD1 balance of `addr`.
    pub fn balance(&self, addr: &Addr) -> u128 {
        self.asset
            .query_balance(&self.app.wrap(), addr)
            .unwrap()
            .u128()
    }

    /// Pool of a client.
    pub fn pool(&self, client: &Addr) -> u128 {
        self.handle()
            .pool_balance(&self.app.wrap(), client)
            .unwrap()
            .u128()
    }

    /// Client record.
    pub fn client(&self, client: &Addr) -> ClientInfo {
        self.handle().client_info(&self.app.wrap(), client).unwrap()
    }

    /// Cash leg status.
    pub fn status(&self) -> CashLegStatus {
        self.handle().status(&self.app.wrap()).unwrap()
    }

    /// The whole ledger.
    pub fn ledger(&self) -> Vec<LedgerEntry> {
        let mut all = vec![];
        let mut start_after = None;
        loop {
            let page: LedgerResponse = self.query(&QueryMsg::Ledger {
                start_after,
                limit: Some(100),
            });
            start_after = page.entries.last().map(|e| e.id);
            all.extend(page.entries);
            if !page.has_more {
                return all;
            }
        }
    }

    /// Ledger entries of one reference (first page of 100).
    pub fn ledger_of(&self, reference: EventRef) -> Vec<LedgerEntry> {
        self.handle()
            .ledger_by_reference(&self.app.wrap(), reference, None, Some(100))
            .unwrap()
            .entries
    }

    /// Everything that could move, to prove that nothing did.
    pub fn snapshot(&self) -> Snapshot {
        let wallets = [
            &self.alice,
            &self.bob,
            &self.carol,
            &self.mallory,
            &self.treasury,
            &self.redemption_addr,
            &self.adapter,
        ];
        Snapshot {
            balances: wallets.iter().map(|w| self.balance(w)).collect(),
            pools: [&self.client_a, &self.client_b]
                .iter()
                .map(|c| self.pool(c))
                .collect(),
            ledger_len: self.ledger().len(),
            accounts: self
                .account_keys()
                .iter()
                .map(|k| {
                    self.handle()
                        .account(&self.app.wrap(), k)
                        .unwrap()
                        .map(|a| (a.balance.u128(), a.held.u128()))
                })
                .collect(),
            holds: self
                .account_keys()
                .iter()
                .flat_map(|k| self.holds_of(k))
                .collect(),
            audit: self.audit(),
            sub_accounts: [&self.client_a, &self.client_b]
                .iter()
                .flat_map(|c| SUB_ACCOUNT_REFERENCES.map(|r| (*c, r)))
                .map(|(c, r)| self.handle().sub_account(&self.app.wrap(), c, r).unwrap())
                .collect(),
        }
    }

    /// The balance invariant: accounts + pending redemptions + pools + open parked == held
    /// (the tests send no surplus unless they say so), each running total equals the sum of its
    /// records, and the cash invariants of `sto_testing::invariants` hold.
    pub fn assert_invariant(&self) {
        let rec: ReconciliationResponse = self.query(&QueryMsg::Reconciliation {});
        assert_eq!(rec.held.u128(), self.balance(&self.adapter));
        assert_eq!(rec.liabilities, rec.held, "liabilities != held: {rec:?}");
        assert!(rec.shortfall.is_zero() && rec.surplus.is_zero(), "{rec:?}");

        let clients: ClientsResponse = self.query(&QueryMsg::Clients {
            start_after: None,
            limit: Some(100),
        });
        let pools: Uint128 = clients.clients.iter().map(|c| c.pool).sum();
        assert_eq!(pools, rec.pools_total);
        for c in &clients.clients {
            assert_eq!(c.funded_total - c.released_total, c.pool);
        }

        let parked: ParkedReleasesResponse = self.query(&QueryMsg::ParkedReleases {
            start_after: None,
            limit: Some(100),
        });
        let parked: Uint128 = parked.parked.iter().map(|p| p.amount).sum();
        assert_eq!(parked, rec.parked_total);

        let pending: RedemptionsResponse = self.query(&QueryMsg::Redemptions {
            status: Some(RedemptionStatus::Pending),
            start_after: None,
            limit: Some(100),
        });
        let pending: Uint128 = pending.redemptions.iter().map(|r| r.amount).sum();
        assert_eq!(pending, rec.redemptions_pending_total);

        sto_testing::invariants::check_cash_accounts(
            &self.app.wrap(),
            &self.adapter,
            &self.account_keys(),
            true,
        )
        .unwrap();
    }

    /// Migrate the adapter as the owner (its admin).
    pub fn migrate(&mut self) -> anyhow::Result<AppResponse> {
        self.app.migrate_contract(
            self.owner.clone(),
            self.adapter.clone(),
            &sto_interface::cash::MigrateMsg {},
            self.adapter_code,
        )
    }

    /// A CosmosMsg executing `msg` on the adapter with `funds`.
    pub fn adapter_msg(&self, msg: &ExecuteMsg, funds: Vec<Coin>) -> CosmosMsg {
        WasmMsg::Execute {
            contract_addr: self.adapter.to_string(),
            msg: to_json_binary(msg).unwrap(),
            funds,
        }
        .into()
    }

    /// Value of the first attribute `key` of the adapter's own wasm events.
    pub fn attr(&self, res: &AppResponse, key: &str) -> Option<String> {
        res.events
            .iter()
            .filter(|e| {
                e.ty == "wasm"
                    && e.attributes
                        .iter()
                        .any(|a| a.key == "_contract_address" && a.value == self.adapter.as_str())
            })
            .flat_map(|e| e.attributes.iter())
            .find(|a| a.key == key)
            .map(|a| a.value.clone())
    }

    /// Recompute the audit head from the events of every execution since instantiation
    /// (`audit::replay`, as an auditor does) and compare it with the stored one.
    pub fn assert_audit_replays(&self) {
        let replayed = sto_interface::audit::replay(
            self.audit_log
                .iter()
                .map(|attrs| (attrs.as_slice(), [].as_slice())),
        )
        .unwrap();
        assert_eq!(replayed.to_response(), self.audit());
    }

    /// Coins of USD1 (native mode helper).
    pub fn usd1_coins(&self, amount: u128) -> Vec<Coin> {
        coins(amount, DENOM)
    }
}

/// Balances, pools and ledger length at one instant.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    pub balances: Vec<u128>,
    pub pools: Vec<u128>,
    pub ledger_len: usize,
    /// `(balance, held)` of each test account, `None` when it has none.
    pub accounts: Vec<Option<(u128, u128)>>,
    /// Every hold of the test accounts.
    pub holds: Vec<Hold>,
    /// The audit trail's head: a refused action seals nothing.
    pub audit: AuditResponse,
    /// The raw records of the test clients' sub-accounts named in [`SUB_ACCOUNT_REFERENCES`].
    pub sub_accounts: Vec<Option<sto_interface::cash::SubAccount>>,
}

/// The action references the tests fund sub-accounts under.
pub const SUB_ACCOUNT_REFERENCES: [&str; 3] = ["action:1", "action:2", "action:7"];

/// The withholding account sub-account payments name (a system account key).
pub const TAX_AUTHORITY: &str = "TAX-AUTHORITY";

/// A 32-byte hash filled with `b`.
pub fn hash(b: u8) -> HexBinary {
    HexBinary::from(vec![b; 32])
}

/// The adapter's typed error inside a multi-test error.
pub fn contract_err(err: anyhow::Error) -> ContractError {
    match err.downcast::<ContractError>() {
        Ok(e) => e,
        Err(other) => panic!("not a cash-adapter ContractError: {other:?}"),
    }
}
