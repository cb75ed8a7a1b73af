//! Test harness: one in-process chain with the real identity registry, security token, cash
//! adapter (USD1 as cw20-base) and the escrow, wired as in production: the escrow is a system
//! account and a minter of the token, and a registered client of the adapter.

#![allow(dead_code)]

use cosmwasm_std::{Addr, Decimal, HexBinary, Timestamp, Uint128};
use cw20::Cw20Coin;
pub use cw_multi_test::Executor;
use cw_multi_test::{App, AppResponse};

use dvp_escrow::ContractError;
use sto_access::{Role, RoleAction};
use sto_interface::cash::{self, AssetInfo, AssetInfoUnchecked, CashAdapter};
use sto_interface::common::{EventRef, InvestorClass, Jurisdiction};
use sto_interface::escrow::{
    DvpEscrow, ExecuteMsg, FinalityRecordsResponse, InstantiateMsg, InstructionStatus, Offering,
    OfferingTerms, ParkedRefundsResponse, ParkedSecurityRefund, PartyPositionResponse, QueryMsg,
    SettlementInstruction, Subscription,
};
use sto_interface::registry as reg;
use sto_interface::token::{self, AgentMsg, SecurityToken, TransferRules};

/// What each investor wallet starts with, in USD1 and in the security (alice only).
pub const START: u128 = 1_000_000;
/// KYC validity of the registered investors, from the start.
pub const KYC_VALIDITY: u64 = 10 * 365 * 86_400;
/// Default settlement window of test instructions.
pub const WINDOW: u64 = 3_600;

/// The deployed test chain.
pub struct Suite {
    pub app: App,
    pub owner: Addr,
    pub officer: Addr,
    pub agent: Addr,
    pub attestor: Addr,
    pub issuer: Addr,
    pub operator: Addr,
    pub approver: Addr,
    /// Seller, investor `INV-A` (US), holds `START` of the security.
    pub alice: Addr,
    /// Second wallet of `INV-A`.
    pub alice2: Addr,
    /// Buyer, investor `INV-B` (US).
    pub bob: Addr,
    /// Investor `INV-C` (DE).
    pub carol: Addr,
    /// Investor `INV-D` (US).
    pub dave: Addr,
    /// Investor `INV-E` (US).
    pub erin: Addr,
    /// Investor `INV-F` (FR): the token denies France.
    pub frank: Addr,
    /// Not in the registry.
    pub mallory: Addr,
    pub registry: Addr,
    pub usd1: Addr,
    pub adapter: Addr,
    pub token: Addr,
    /// A second security token (for wrong-token tests); the escrow is a system account there.
    pub other_token: Addr,
    pub escrow: Addr,
    pub escrow_code: u64,
}

impl Suite {
    /// Deploy and wire everything.
    pub fn new() -> Self {
        let mut app = App::default();
        let api = *app.api();
        let mk = |n: &str| api.addr_make(n);
        let owner = mk("owner");
        let officer = mk("officer");
        let agent = mk("agent");
        let attestor = mk("attestor");
        let issuer = mk("issuer");
        let operator = mk("operator");
        let approver = mk("approver");
        let alice = mk("alice");
        let alice2 = mk("alice2");
        let bob = mk("bob");
        let carol = mk("carol");
        let dave = mk("dave");
        let erin = mk("erin");
        let frank = mk("frank");
        let mallory = mk("mallory");

        let registry_code = app.store_code(sto_testing::contracts::identity_registry());
        let cw20_code = app.store_code(sto_testing::contracts::cw20_base());
        let token_code = app.store_code(sto_testing::contracts::security_token());
        let adapter_code = app.store_code(sto_testing::contracts::cash_adapter());
        let escrow_code = app.store_code(sto_testing::contracts::dvp_escrow());

        let registry = app
            .instantiate_contract(
                registry_code,
                owner.clone(),
                &reg::InstantiateMsg {
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
                    name: "USD1 stablecoin".into(),
                    symbol: "USDONE".into(),
                    decimals: 6,
                    initial_balances: [
                        &alice, &alice2, &bob, &carol, &dave, &erin, &frank, &mallory,
                    ]
                    .iter()
                    .map(|w| Cw20Coin {
                        address: w.to_string(),
                        amount: Uint128::new(START),
                    })
                    .collect(),
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
                    max_attestation_age: 20 * 365 * 86_400,
                    min_coverage: Decimal::one(),
                    redemption_address: mk("redemption").to_string(),
                    redemption_service_period: 86_400,
                    attestors: vec![attestor.to_string()],
                    off_ramp_operators: vec![],
                },
                &[],
                "cash-adapter",
                None,
            )
            .unwrap();
        let make_token = |app: &mut App, symbol: &str| {
            app.instantiate_contract(
                token_code,
                owner.clone(),
                &token::InstantiateMsg {
                    name: format!("{symbol} bond 2030"),
                    symbol: symbol.into(),
                    decimals: 0,
                    registry: registry.to_string(),
                    owner: None,
                    rules: TransferRules {
                        denied_jurisdictions: vec![Jurisdiction::parse("FR").unwrap()],
                        ..TransferRules::default()
                    },
                    marketing: None,
                },
                &[],
                symbol,
                None,
            )
            .unwrap()
        };
        let token = make_token(&mut app, "BND");
        let other_token = make_token(&mut app, "OTH");
        let escrow = app
            .instantiate_contract(
                escrow_code,
                owner.clone(),
                &InstantiateMsg {
                    owner: None,
                    cash_adapter: adapter.to_string(),
                    registry: registry.to_string(),
                    issuers: vec![issuer.to_string()],
                    settlement_operators: vec![operator.to_string()],
                    transfer_agents: vec![agent.to_string()],
                },
                &[],
                "dvp-escrow",
                Some(owner.to_string()),
            )
            .unwrap();

        let mut suite = Suite {
            app,
            owner,
            officer,
            agent,
            attestor,
            issuer,
            operator,
            approver,
            alice,
            alice2,
            bob,
            carol,
            dave,
            erin,
            frank,
            mallory,
            registry,
            usd1,
            adapter,
            token,
            other_token,
            escrow,
            escrow_code,
        };

        let until = suite.now().plus_seconds(KYC_VALIDITY);
        let (a, a2) = (suite.alice.clone(), suite.alice2.clone());
        suite.register("INV-A", &[&a, &a2], "US", until);
        for (id, w, j) in [
            ("INV-B", suite.bob.clone(), "US"),
            ("INV-C", suite.carol.clone(), "DE"),
            ("INV-D", suite.dave.clone(), "US"),
            ("INV-E", suite.erin.clone(), "US"),
            ("INV-F", suite.frank.clone(), "FR"),
        ] {
            suite.register(id, &[&w], j, until);
        }

        // Tokens: transfer agent, escrow as system account and minter; alice holds START. The
        // issuer holds the `issuer` role of the main token only (granted per token by its
        // owner): it may not run offerings of the other token.
        for t in [suite.token.clone(), suite.other_token.clone()] {
            let (owner, agent, escrow) = (
                suite.owner.clone(),
                suite.agent.clone(),
                suite.escrow.clone(),
            );
            for msg in [
                token::ExecuteMsg::UpdateRoles(RoleAction::Grant {
                    role: Role::TransferAgent,
                    address: agent.to_string(),
                }),
                token::ExecuteMsg::UpdateRoles(RoleAction::Grant {
                    role: Role::Minter,
                    address: escrow.to_string(),
                }),
                token::ExecuteMsg::SetSystemAccount {
                    address: escrow.to_string(),
                    system: true,
                },
            ] {
                suite
                    .app
                    .execute_contract(owner.clone(), t.clone(), &msg, &[])
                    .unwrap();
            }
            let token_code = suite
                .app
                .wrap()
                .query_wasm_contract_info(&t)
                .unwrap()
                .code_id;
            let checksum = suite
                .app
                .wrap()
                .query_wasm_code_info(token_code)
                .unwrap()
                .checksum;
            suite
                .app
                .execute_contract(
                    owner.clone(),
                    suite.escrow.clone(),
                    &ExecuteMsg::AllowToken {
                        token: t.to_string(),
                        checksum: HexBinary::from(checksum.as_slice()),
                    },
                    &[],
                )
                .unwrap();
            if t == suite.token {
                let issuer = suite.issuer.clone();
                suite.token_role(&t, Role::Issuer, &issuer, true);
            }
            suite
                .app
                .execute_contract(
                    agent.clone(),
                    t.clone(),
                    &token::ExecuteMsg::Issue {
                        recipient: suite.alice.to_string(),
                        amount: Uint128::new(START),
                        locked_until: None,
                        reference: None,
                    },
                    &[],
                )
                .unwrap();
        }

        // Adapter: the escrow is a client; a fresh full-coverage attestation.
        let (owner, attestor) = (suite.owner.clone(), suite.attestor.clone());
        suite
            .app
            .execute_contract(
                owner,
                suite.adapter.clone(),
                &cash::ExecuteMsg::RegisterClient {
                    address: suite.escrow.to_string(),
                    label: "dvp-escrow".into(),
                },
                &[],
            )
            .unwrap();
        let as_of = suite.now();
        suite
            .app
            .execute_contract(
                attestor,
                suite.adapter.clone(),
                &cash::ExecuteMsg::PostAttestation {
                    reserves: Uint128::new(1_000_000_000_000),
                    supply: Uint128::new(1_000_000_000_000),
                    as_of,
                    report_uri: "https://reports.example/usd1.pdf".into(),
                    report_hash: HexBinary::from(vec![7u8; 32]),
                },
                &[],
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

    /// Move time forward by `seconds` and the height by one block.
    pub fn advance(&mut self, seconds: u64) {
        self.app.update_block(|b| {
            b.time = b.time.plus_seconds(seconds);
            b.height += 1;
        });
    }

    // ----- registry and token administration -----------------------------------------------

    /// Register an investor.
    pub fn register(&mut self, id: &str, wallets: &[&Addr], jurisdiction: &str, until: Timestamp) {
        self.app
            .execute_contract(
                self.officer.clone(),
                self.registry.clone(),
                &reg::ExecuteMsg::RegisterInvestor {
                    investor_id: id.into(),
                    wallets: wallets.iter().map(|w| w.to_string()).collect(),
                    jurisdiction: Jurisdiction::parse(jurisdiction).unwrap(),
                    class: InvestorClass::Accredited,
                    kyc_valid_until: until,
                },
                &[],
            )
            .unwrap();
    }

    /// Grant (`true`) or revoke a role on a security token, as its owner.
    pub fn token_role(&mut self, token: &Addr, role: Role, address: &Addr, grant: bool) {
        let action = if grant {
            RoleAction::Grant {
                role,
                address: address.to_string(),
            }
        } else {
            RoleAction::Revoke {
                role,
                address: address.to_string(),
            }
        };
        self.app
            .execute_contract(
                self.owner.clone(),
                token.clone(),
                &token::ExecuteMsg::UpdateRoles(action),
                &[],
            )
            .unwrap();
    }

    /// Set an investor's KYC expiry.
    pub fn set_kyc(&mut self, id: &str, until: Timestamp) {
        self.app
            .execute_contract(
                self.officer.clone(),
                self.registry.clone(),
                &reg::ExecuteMsg::UpdateInvestor {
                    investor_id: id.into(),
                    jurisdiction: None,
                    class: None,
                    kyc_valid_until: Some(until),
                },
                &[],
            )
            .unwrap();
    }

    /// Freeze (or unfreeze) a whole wallet on the main token, as the transfer agent.
    pub fn set_frozen(&mut self, wallet: &Addr, frozen: bool) {
        let agent = AgentMsg::Freeze {
            address: wallet.to_string(),
            amount: None,
            legal_reference: "ORDER-1".into(),
        };
        let msg = if frozen {
            agent
        } else {
            AgentMsg::Unfreeze {
                address: wallet.to_string(),
                amount: None,
                legal_reference: "ORDER-1-lifted".into(),
            }
        };
        self.app
            .execute_contract(
                self.agent.clone(),
                self.token.clone(),
                &token::ExecuteMsg::Agent(msg),
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
                &reg::ExecuteMsg::BlockInvestor {
                    investor_id: id.into(),
                    reason_ref: "OFAC-1".into(),
                },
                &[],
            )
            .unwrap();
    }

    // ----- escrow actions -----------------------------------------------------------------

    /// Execute an escrow message.
    pub fn exec(&mut self, sender: &Addr, msg: &ExecuteMsg) -> anyhow::Result<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.escrow.clone(), msg, &[])
    }

    /// Create an instruction on the main token, `WINDOW` seconds to settle.
    pub fn create(
        &mut self,
        sender: &Addr,
        seller: &Addr,
        buyer: &Addr,
        quantity: u128,
        cash: u128,
    ) -> anyhow::Result<u64> {
        let deadline = self.now().plus_seconds(WINDOW);
        self.create_full(sender, seller, buyer, quantity, cash, deadline, None)
    }

    /// Create an instruction with every term.
    #[allow(clippy::too_many_arguments)]
    pub fn create_full(
        &mut self,
        sender: &Addr,
        seller: &Addr,
        buyer: &Addr,
        quantity: u128,
        cash: u128,
        deadline: Timestamp,
        approver: Option<&Addr>,
    ) -> anyhow::Result<u64> {
        let res = self.exec(
            sender,
            &ExecuteMsg::CreateInstruction {
                token: self.token.to_string(),
                seller: seller.to_string(),
                buyer: buyer.to_string(),
                quantity: Uint128::new(quantity),
                cash_amount: Uint128::new(cash),
                deadline,
                trade_reference: Some("VENUE-T-1".into()),
                approver: approver.map(|a| a.to_string()),
            },
        )?;
        Ok(attr(&res, "instruction_id").unwrap().parse().unwrap())
    }

    /// The seller's CW20 `send` of `quantity` of `token` with the delivery hook.
    pub fn deliver_token(
        &mut self,
        seller: &Addr,
        token: &Addr,
        id: u64,
        quantity: u128,
    ) -> anyhow::Result<AppResponse> {
        let msg = DvpEscrow(self.escrow.clone())
            .deliver_securities_msg(token, id, Uint128::new(quantity))
            .unwrap();
        self.app.execute(seller.clone(), msg)
    }

    /// Deliver the security leg of `id` on the main token.
    pub fn deliver(
        &mut self,
        seller: &Addr,
        id: u64,
        quantity: u128,
    ) -> anyhow::Result<AppResponse> {
        let token = self.token.clone();
        self.deliver_token(seller, &token, id, quantity)
    }

    /// Pay USD1 to the escrow through the adapter for `reference`.
    pub fn fund(
        &mut self,
        payer: &Addr,
        amount: u128,
        reference: EventRef,
    ) -> anyhow::Result<AppResponse> {
        let msg = CashAdapter(self.adapter.clone())
            .funding_msg(
                &AssetInfo::Cw20 {
                    address: self.usd1.clone(),
                },
                &self.escrow,
                Uint128::new(amount),
                reference,
            )
            .unwrap();
        self.app.execute(payer.clone(), msg)
    }

    /// Pay the cash leg of `id`.
    pub fn pay(&mut self, buyer: &Addr, id: u64, amount: u128) -> anyhow::Result<AppResponse> {
        self.fund(buyer, amount, EventRef::Settlement { id })
    }

    /// Subscribe to offering `id` with `amount` of USD1.
    pub fn subscribe(&mut self, who: &Addr, id: u64, amount: u128) -> anyhow::Result<AppResponse> {
        self.fund(who, amount, EventRef::Offering { id })
    }

    /// Open an offering as the issuer on the main token.
    pub fn open_offering(&mut self, terms: OfferingTerms) -> anyhow::Result<u64> {
        let issuer = self.issuer.clone();
        let res = self.exec(&issuer, &ExecuteMsg::OpenOffering(terms))?;
        Ok(attr(&res, "offering_id").unwrap().parse().unwrap())
    }

    /// Terms on the main token: price 10, per investor 1..=100 units, soft cap `soft`, hard
    /// cap `hard`, open from now for a day.
    pub fn terms(&self, soft: u128, hard: u128) -> OfferingTerms {
        OfferingTerms {
            token: self.token.to_string(),
            unit_price: Uint128::new(10),
            min_per_investor: Uint128::new(1),
            max_per_investor: Uint128::new(100),
            soft_cap: Uint128::new(soft),
            hard_cap: Uint128::new(hard),
            opens_at: self.now(),
            closes_at: self.now().plus_seconds(86_400),
            holding_period: None,
        }
    }

    /// Revoke an escrow role as the owner.
    pub fn revoke(&mut self, role: Role, address: &Addr) -> anyhow::Result<AppResponse> {
        let owner = self.owner.clone();
        self.exec(
            &owner,
            &ExecuteMsg::UpdateRoles(RoleAction::Revoke {
                role,
                address: address.to_string(),
            }),
        )
    }

    /// Grant an escrow role as the owner.
    pub fn grant(&mut self, role: Role, address: &Addr) -> anyhow::Result<AppResponse> {
        let owner = self.owner.clone();
        self.exec(
            &owner,
            &ExecuteMsg::UpdateRoles(RoleAction::Grant {
                role,
                address: address.to_string(),
            }),
        )
    }

    // ----- queries ------------------------------------------------------------------------

    /// Escrow query.
    pub fn query<T: cosmwasm_schema::serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.app.wrap().query_wasm_smart(&self.escrow, msg).unwrap()
    }

    /// One instruction.
    pub fn instruction(&self, id: u64) -> SettlementInstruction {
        self.query(&QueryMsg::Instruction { id })
    }

    /// Status of an instruction.
    pub fn status(&self, id: u64) -> InstructionStatus {
        self.instruction(id).status
    }

    /// One offering.
    pub fn offering(&self, id: u64) -> Offering {
        self.query(&QueryMsg::Offering { id })
    }

    /// One subscription.
    pub fn subscription(&self, id: u64, who: &Addr) -> Subscription {
        self.query(&QueryMsg::Subscription {
            offering_id: id,
            subscriber: who.to_string(),
        })
    }

    /// One parked refund.
    pub fn parked(&self, id: u64) -> ParkedSecurityRefund {
        self.query(&QueryMsg::ParkedRefund { id })
    }

    /// Open parked refunds (first page of 100).
    pub fn open_parked(&self) -> ParkedRefundsResponse {
        self.query(&QueryMsg::ParkedRefunds {
            start_after: None,
            limit: Some(100),
        })
    }

    /// Finality records of a party (first page of 100).
    pub fn finalities_of(&self, party: &Addr) -> FinalityRecordsResponse {
        self.query(&QueryMsg::FinalitiesByParty {
            party: party.to_string(),
            start_after: None,
            limit: Some(100),
        })
    }

    /// Pre-funding view of a party.
    pub fn position(&self, party: &Addr) -> PartyPositionResponse {
        self.query(&QueryMsg::PartyPosition {
            party: party.to_string(),
            start_after: None,
            limit: None,
        })
    }

    /// Balance of the main security token.
    pub fn sec(&self, addr: &Addr) -> u128 {
        SecurityToken(self.token.clone())
            .balance(&self.app.wrap(), addr)
            .unwrap()
            .u128()
    }

    /// Balance of the other security token.
    pub fn other_sec(&self, addr: &Addr) -> u128 {
        SecurityToken(self.other_token.clone())
            .balance(&self.app.wrap(), addr)
            .unwrap()
            .u128()
    }

    /// USD1 balance.
    pub fn usd1(&self, addr: &Addr) -> u128 {
        AssetInfo::Cw20 {
            address: self.usd1.clone(),
        }
        .query_balance(&self.app.wrap(), addr)
        .unwrap()
        .u128()
    }

    /// The escrow's pool at the adapter.
    pub fn pool(&self) -> u128 {
        CashAdapter(self.adapter.clone())
            .pool_balance(&self.app.wrap(), &self.escrow)
            .unwrap()
            .u128()
    }

    /// Total supply of the main token.
    pub fn supply(&self) -> u128 {
        let info: cw20::TokenInfoResponse = self
            .app
            .wrap()
            .query_wasm_smart(&self.token, &token::QueryMsg::TokenInfo {})
            .unwrap();
        info.total_supply.u128()
    }

    /// Everything that could move, to prove that nothing did.
    pub fn snapshot(&self) -> Snapshot {
        let wallets = [
            &self.alice,
            &self.alice2,
            &self.bob,
            &self.carol,
            &self.dave,
            &self.erin,
            &self.frank,
            &self.issuer,
            &self.escrow,
            &self.adapter,
        ];
        Snapshot {
            sec: wallets.iter().map(|w| self.sec(w)).collect(),
            other_sec: wallets.iter().map(|w| self.other_sec(w)).collect(),
            usd1: wallets.iter().map(|w| self.usd1(w)).collect(),
            pool: self.pool(),
            supply: self.supply(),
        }
    }

    /// Migrate the escrow as its admin.
    pub fn migrate(&mut self) -> anyhow::Result<AppResponse> {
        self.app.migrate_contract(
            self.owner.clone(),
            self.escrow.clone(),
            &sto_interface::escrow::MigrateMsg {},
            self.escrow_code,
        )
    }
}

/// Balances, pool and supply at one instant.
#[derive(Debug, PartialEq, Eq, Clone)]
pub struct Snapshot {
    pub sec: Vec<u128>,
    pub other_sec: Vec<u128>,
    pub usd1: Vec<u128>,
    pub pool: u128,
    pub supply: u128,
}

/// The first value of attribute `key` in any event of the response.
pub fn attr(res: &AppResponse, key: &str) -> Option<String> {
    res.events
        .iter()
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
}

/// Every `action` attribute of the response, in order.
pub fn actions(res: &AppResponse) -> Vec<String> {
    res.events
        .iter()
        .flat_map(|e| e.attributes.iter())
        .filter(|a| a.key == "action")
        .map(|a| a.value.clone())
        .collect()
}

/// The escrow's typed error inside a multi-test error.
pub fn escrow_err(err: anyhow::Error) -> ContractError {
    match err.downcast::<ContractError>() {
        Ok(e) => e,
        Err(other) => panic!("not a dvp-escrow ContractError: {other:?}"),
    }
}
