use anyhow::Result as AnyResult;
use cosmwasm_std::{to_json_binary, Addr, Decimal, HexBinary, Timestamp, Uint128};
use cw20::{Cw20Coin, Cw20Contract, MinterResponse};
use cw_multi_test::{App, AppResponse, Executor};
use sto_access::{Role, RoleAction};
use sto_interface::actions::{self, CorporateActions};
use sto_interface::ballots::{self, Ballots};
use sto_interface::cash::{self, AssetInfoUnchecked, CashAdapter};
use sto_interface::common::{EventRef, InvestorClass, Jurisdiction};
use sto_interface::escrow::{self, DvpEscrow};
use sto_interface::registry::{self, IdentityRegistry, Investor, VerifyResponse};
use sto_interface::token::{self, SecurityToken, TransferRules};

use crate::contracts;

/// Seconds in a (365-day) year.
pub const YEAR: u64 = 365 * 24 * 3600;
/// USD1 has 6 decimals: 1 USD1 = 1_000_000 units.
pub const USD1_DECIMALS: u8 = 6;
/// The security token has 0 decimals: one unit is one bond of the face value.
pub const TOKEN_DECIMALS: u8 = 0;
/// Maximum age of the reserve attestation the adapter accepts (one day).
pub const MAX_ATTESTATION_AGE: u64 = 24 * 3600;
/// Redemption (off-ramp) service period (five days).
pub const REDEMPTION_SERVICE_PERIOD: u64 = 5 * 24 * 3600;
/// SHA-256 of the attestation reports posted by the suite (a fixed 32-byte value).
pub const REPORT_HASH: [u8; 32] = [0xab; 32];

/// Configures and deploys the suite.
pub struct SuiteBuilder {
    usd1_holders: Vec<(String, u128)>,
    rules: TransferRules,
}

impl Default for SuiteBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl SuiteBuilder {
    /// A suite with no USD1 balances yet.
    pub fn new() -> Self {
        SuiteBuilder {
            usd1_holders: vec![],
            rules: TransferRules::default(),
        }
    }

    /// Give the named account `amount` USD1 units at genesis.
    pub fn with_usd1(mut self, name: &str, amount: u128) -> Self {
        self.usd1_holders.push((name.to_string(), amount));
        self
    }

    /// The security token's transfer rules at instantiation.
    pub fn with_rules(mut self, rules: TransferRules) -> Self {
        self.rules = rules;
        self
    }

    /// Deploy: the identity registry (owner `owner`, compliance officer `compliance`),
    /// cw20-base as USD1 (minter `usd1_issuer`), the security token (transfer agent
    /// `transfer_agent`, pauser `pauser`) and the cash adapter (attestor `attestor`, off-ramp
    /// operator `off_ramp`), the DvP escrow (issuer `issuer`, settlement operator `broker`),
    /// the corporate-actions distributor (paying agent `paying_agent`) and the ballots contract
    /// (the token's `checkpoint_opener`), wired together, with a fresh attestation covering the
    /// USD1 supply (when any USD1 exists).
    pub fn build(self) -> AnyResult<Suite> {
        let mut app = App::default();
        let api = app.api();
        let owner = api.addr_make("owner");
        let compliance = api.addr_make("compliance");
        let usd1_issuer = api.addr_make("usd1_issuer");
        let transfer_agent = api.addr_make("transfer_agent");
        let pauser = api.addr_make("pauser");
        let attestor = api.addr_make("attestor");
        let off_ramp = api.addr_make("off_ramp");
        let redemption_account = api.addr_make("usd1_redemption_account");
        let issuer = api.addr_make("issuer");
        let paying_agent = api.addr_make("paying_agent");
        let broker = api.addr_make("broker");
        let withholding_account = api.addr_make("tax_withholding_account");

        let registry_code = app.store_code(contracts::identity_registry());
        let registry = app.instantiate_contract(
            registry_code,
            owner.clone(),
            &registry::InstantiateMsg {
                owner: None,
                compliance_officers: vec![compliance.to_string()],
            },
            &[],
            "identity-registry",
            Some(owner.to_string()),
        )?;

        let cw20_code = app.store_code(contracts::cw20_base());
        let initial_balances = self
            .usd1_holders
            .iter()
            .map(|(name, amount)| Cw20Coin {
                address: app.api().addr_make(name).to_string(),
                amount: Uint128::new(*amount),
            })
            .collect();
        let usd1 = app.instantiate_contract(
            cw20_code,
            usd1_issuer.clone(),
            &cw20_base::msg::InstantiateMsg {
                name: "USD1 Stablecoin".to_string(),
                symbol: "USDONE".to_string(),
                decimals: USD1_DECIMALS,
                initial_balances,
                mint: Some(MinterResponse {
                    minter: usd1_issuer.to_string(),
                    cap: None,
                }),
                marketing: None,
            },
            &[],
            "usd1",
            Some(owner.to_string()),
        )?;

        let token_code = app.store_code(contracts::security_token());
        let token = app.instantiate_contract(
            token_code,
            owner.clone(),
            &token::InstantiateMsg {
                name: "ACME 5% Bond 2031".to_string(),
                symbol: "ACMEB".to_string(),
                decimals: TOKEN_DECIMALS,
                registry: registry.to_string(),
                owner: None,
                rules: self.rules,
                marketing: None,
            },
            &[],
            "security-token",
            Some(owner.to_string()),
        )?;
        for (role, who) in [
            (Role::TransferAgent, &transfer_agent),
            (Role::Pauser, &pauser),
        ] {
            app.execute_contract(
                owner.clone(),
                token.clone(),
                &token::ExecuteMsg::UpdateRoles(RoleAction::Grant {
                    role,
                    address: who.to_string(),
                }),
                &[],
            )?;
        }

        let adapter_code = app.store_code(contracts::cash_adapter());
        let adapter = app.instantiate_contract(
            adapter_code,
            owner.clone(),
            &cash::InstantiateMsg {
                owner: None,
                asset: AssetInfoUnchecked::Cw20 {
                    address: usd1.to_string(),
                },
                registry: registry.to_string(),
                max_attestation_age: MAX_ATTESTATION_AGE,
                min_coverage: Decimal::one(),
                redemption_address: redemption_account.to_string(),
                redemption_service_period: REDEMPTION_SERVICE_PERIOD,
                attestors: vec![attestor.to_string()],
                off_ramp_operators: vec![off_ramp.to_string()],
            },
            &[],
            "cash-adapter",
            Some(owner.to_string()),
        )?;

        let escrow_code = app.store_code(contracts::dvp_escrow());
        let escrow = app.instantiate_contract(
            escrow_code,
            owner.clone(),
            &escrow::InstantiateMsg {
                owner: None,
                cash_adapter: adapter.to_string(),
                registry: registry.to_string(),
                issuers: vec![issuer.to_string()],
                settlement_operators: vec![broker.to_string()],
                transfer_agents: vec![transfer_agent.to_string()],
            },
            &[],
            "dvp-escrow",
            Some(owner.to_string()),
        )?;
        let distributor_code = app.store_code(contracts::corporate_actions());
        let distributor = app.instantiate_contract(
            distributor_code,
            owner.clone(),
            &actions::InstantiateMsg {
                owner: None,
                cash_adapter: adapter.to_string(),
                registry: registry.to_string(),
                escrow: Some(escrow.to_string()),
                withholding_account: withholding_account.to_string(),
                default_withholding_rate: Decimal::percent(30),
                paying_agents: vec![paying_agent.to_string()],
            },
            &[],
            "corporate-actions",
            Some(owner.to_string()),
        )?;

        let ballots_code = app.store_code(contracts::ballots());
        let ballots = app.instantiate_contract(
            ballots_code,
            owner.clone(),
            &ballots::InstantiateMsg { owner: None },
            &[],
            "ballots",
            Some(owner.to_string()),
        )?;

        let settlement_code = app.store_code(contracts::settlement());
        let settlement = app.instantiate_contract(
            settlement_code,
            owner.clone(),
            &sto_interface::settlement::InstantiateMsg {
                owner: None,
                cash_adapter: adapter.to_string(),
                registry: registry.to_string(),
                max_settlement_window: None,
                settlement_operators: vec![broker.to_string()],
            },
            &[],
            "settlement",
            Some(owner.to_string()),
        )?;

        // Wiring: both are clients of the adapter and system accounts of the token.
        for (client, label) in [(&escrow, "dvp-escrow"), (&distributor, "corporate-actions")] {
            app.execute_contract(
                owner.clone(),
                adapter.clone(),
                &cash::ExecuteMsg::RegisterClient {
                    address: client.to_string(),
                    label: label.to_string(),
                },
                &[],
            )?;
            app.execute_contract(
                owner.clone(),
                token.clone(),
                &token::ExecuteMsg::SetSystemAccount {
                    address: client.to_string(),
                    system: true,
                },
                &[],
            )?;
        }
        // The escrow's owner allows the token (its audited code checksum), now that the token
        // registered the escrow as a system account.
        let checksum = app.wrap().query_wasm_code_info(token_code)?.checksum;
        app.execute_contract(
            owner.clone(),
            escrow.clone(),
            &escrow::ExecuteMsg::AllowToken {
                token: token.to_string(),
                checksum: HexBinary::from(checksum.as_slice()),
            },
            &[],
        )?;
        // The settlement contract is a notary of the token and of the adapter (parties' holds
        // name it) and settles the token (its audited code checksum).
        app.execute_contract(
            owner.clone(),
            token.clone(),
            &token::ExecuteMsg::RegisterNotary {
                notary: settlement.to_string(),
            },
            &[],
        )?;
        app.execute_contract(
            owner.clone(),
            adapter.clone(),
            &cash::ExecuteMsg::RegisterNotary {
                address: settlement.to_string(),
            },
            &[],
        )?;
        app.execute_contract(
            owner.clone(),
            settlement.clone(),
            &sto_interface::settlement::ExecuteMsg::AllowToken {
                token: token.to_string(),
                checksum: HexBinary::from(checksum.as_slice()),
            },
            &[],
        )?;
        // The token's owner authorizes, for this token, the escrow to mint, the distributor to
        // open checkpoints and redeem, the ballots contract to open the record heights of its
        // ballots, the issuer to run offerings and the paying agent to pay (both may open
        // ballots on the token).
        for (role, who) in [
            (Role::Minter, &escrow),
            (Role::CheckpointOpener, &distributor),
            (Role::CheckpointOpener, &ballots),
            (Role::Redeemer, &distributor),
            (Role::Issuer, &issuer),
            (Role::PayingAgent, &paying_agent),
        ] {
            app.execute_contract(
                owner.clone(),
                token.clone(),
                &token::ExecuteMsg::UpdateRoles(RoleAction::Grant {
                    role,
                    address: who.to_string(),
                }),
                &[],
            )?;
        }

        let funded = self.usd1_holders.iter().any(|(_, amount)| *amount > 0);
        let mut suite = Suite {
            app,
            owner,
            compliance,
            usd1_issuer,
            transfer_agent,
            pauser,
            attestor,
            off_ramp,
            redemption_account,
            issuer,
            paying_agent,
            broker,
            withholding_account,
            registry: IdentityRegistry(registry),
            usd1: Cw20Contract(usd1),
            token: SecurityToken(token),
            adapter: CashAdapter(adapter),
            escrow: DvpEscrow(escrow),
            distributor: CorporateActions(distributor),
            settlement: sto_interface::settlement::Settlement(settlement),
            ballots: Ballots(ballots),
        };
        if funded {
            suite.attest(Decimal::percent(102))?;
        }
        Ok(suite)
    }
}

/// The deployed suite and the actors that administer it.
pub struct Suite {
    /// The in-process chain.
    pub app: App,
    /// Owner of every contract (administers roles and configuration).
    pub owner: Addr,
    /// Holder of the registry's `compliance_officer` role.
    pub compliance: Addr,
    /// Minter of the USD1 stand-in.
    pub usd1_issuer: Addr,
    /// The identity registry.
    pub registry: IdentityRegistry,
    /// Holder of the token's `transfer_agent` role.
    pub transfer_agent: Addr,
    /// Holder of the token's `pauser` role.
    pub pauser: Addr,
    /// Holder of the adapter's `attestor` role.
    pub attestor: Addr,
    /// Holder of the adapter's `off_ramp_operator` role.
    pub off_ramp: Addr,
    /// Where confirmed off-ramp redemptions are forwarded.
    pub redemption_account: Addr,
    /// The issuer's treasury wallet: the escrow's `issuer`, receives offering proceeds.
    pub issuer: Addr,
    /// The distributor's `paying_agent`.
    pub paying_agent: Addr,
    /// The escrow's `settlement_operator` (a broker creating instructions for clients).
    pub broker: Addr,
    /// Receives tax withheld by the distributor.
    pub withholding_account: Addr,
    /// cw20-base playing USD1.
    pub usd1: Cw20Contract,
    /// The restricted security token.
    pub token: SecurityToken,
    /// The USD1 cash adapter.
    pub adapter: CashAdapter,
    /// The DvP escrow.
    pub escrow: DvpEscrow,
    /// The corporate-actions distributor.
    pub distributor: CorporateActions,
    /// The settlement contract (DvP on holds): a notary of the token and the adapter.
    pub settlement: sto_interface::settlement::Settlement,
    /// The ballots contract (the token's `checkpoint_opener`, like the distributor).
    pub ballots: Ballots,
}

impl Suite {
    /// The deterministic address of a named actor.
    pub fn addr(&self, name: &str) -> Addr {
        self.app.api().addr_make(name)
    }

    /// Current block time.
    pub fn now(&self) -> Timestamp {
        self.app.block_info().time
    }

    /// Advance the chain by `seconds` (and one block per 5 seconds).
    pub fn advance(&mut self, seconds: u64) {
        self.app.update_block(|b| {
            b.time = b.time.plus_seconds(seconds);
            b.height += seconds.div_ceil(5).max(1);
        });
    }

    /// Execute a registry message as `sender`.
    pub fn registry_exec(
        &mut self,
        sender: &Addr,
        msg: &registry::ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.registry.addr().clone(), msg, &[])
    }

    /// Register an investor as the compliance officer, KYC valid for `kyc_seconds` from now.
    pub fn register_investor(
        &mut self,
        investor_id: &str,
        wallets: &[&Addr],
        jurisdiction: &str,
        class: InvestorClass,
        kyc_seconds: u64,
    ) -> AnyResult<AppResponse> {
        let msg = registry::ExecuteMsg::RegisterInvestor {
            investor_id: investor_id.to_string(),
            wallets: wallets.iter().map(|w| w.to_string()).collect(),
            jurisdiction: Jurisdiction::parse(jurisdiction)?,
            class,
            kyc_valid_until: self.now().plus_seconds(kyc_seconds),
        };
        let officer = self.compliance.clone();
        self.registry_exec(&officer, &msg)
    }

    /// The registry's `verify` answer for a wallet.
    pub fn verify(&self, wallet: &Addr) -> AnyResult<VerifyResponse> {
        Ok(self.registry.verify(&self.app.wrap(), wallet.to_string())?)
    }

    /// An investor record by id.
    pub fn investor(&self, investor_id: &str) -> AnyResult<Investor> {
        Ok(self.app.wrap().query_wasm_smart(
            self.registry.addr(),
            &registry::QueryMsg::Investor {
                investor_id: investor_id.to_string(),
            },
        )?)
    }

    /// USD1 balance of an account.
    pub fn usd1_balance(&self, who: &Addr) -> AnyResult<Uint128> {
        Ok(self.usd1.balance(&self.app.wrap(), who)?)
    }

    /// Execute a token message as `sender`.
    pub fn token_exec(&mut self, sender: &Addr, msg: &token::ExecuteMsg) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.token.0.clone(), msg, &[])
    }

    /// Execute an adapter message as `sender`.
    pub fn adapter_exec(
        &mut self,
        sender: &Addr,
        msg: &cash::ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.adapter.0.clone(), msg, &[])
    }

    /// Post a reserve attestation as of now covering the USD1 supply at `coverage`.
    pub fn attest(&mut self, coverage: Decimal) -> AnyResult<AppResponse> {
        let supply = self.usd1.meta(&self.app.wrap())?.total_supply;
        let msg = cash::ExecuteMsg::PostAttestation {
            reserves: supply.mul_floor(coverage),
            supply,
            as_of: self.now(),
            report_uri: format!("https://reserves.example/usd1/{}", self.now().seconds()),
            report_hash: HexBinary::from(REPORT_HASH.as_slice()),
        };
        let attestor = self.attestor.clone();
        self.adapter_exec(&attestor, &msg)
    }

    /// Security-token balance of a wallet.
    pub fn token_balance(&self, who: &Addr) -> AnyResult<Uint128> {
        let res: cw20::BalanceResponse = self.app.wrap().query_wasm_smart(
            &self.token.0,
            &token::QueryMsg::Balance {
                address: who.to_string(),
            },
        )?;
        Ok(res.balance)
    }

    /// A token query.
    pub fn token_query<T: serde::de::DeserializeOwned>(
        &self,
        msg: &token::QueryMsg,
    ) -> AnyResult<T> {
        Ok(self.app.wrap().query_wasm_smart(&self.token.0, msg)?)
    }

    /// An adapter query.
    pub fn adapter_query<T: serde::de::DeserializeOwned>(
        &self,
        msg: &cash::QueryMsg,
    ) -> AnyResult<T> {
        Ok(self.app.wrap().query_wasm_smart(&self.adapter.0, msg)?)
    }

    /// A payer sends `amount` USD1 to the adapter for `client`, naming the securities event
    /// (CW20 `send` with the adapter's hook).
    pub fn fund(
        &mut self,
        payer: &Addr,
        client: &Addr,
        amount: u128,
        reference: EventRef,
    ) -> AnyResult<AppResponse> {
        let msg = cw20::Cw20ExecuteMsg::Send {
            contract: self.adapter.0.to_string(),
            amount: Uint128::new(amount),
            msg: to_json_binary(&cash::CashHookMsg::Fund {
                client: client.to_string(),
                reference,
            })?,
        };
        self.app
            .execute_contract(payer.clone(), self.usd1.addr(), &msg, &[])
    }

    /// A seller delivers the security leg of instruction `id` (CW20 `send` to the escrow).
    pub fn deliver(&mut self, seller: &Addr, id: u64, quantity: u128) -> AnyResult<AppResponse> {
        let msg = token::ExecuteMsg::Send {
            contract: self.escrow.0.to_string(),
            amount: Uint128::new(quantity),
            msg: to_json_binary(&escrow::ReceiveMsg::DeliverSecurities { instruction_id: id })?,
        };
        self.token_exec(seller, &msg)
    }

    /// Execute an escrow message as `sender`.
    pub fn escrow_exec(
        &mut self,
        sender: &Addr,
        msg: &escrow::ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.escrow.0.clone(), msg, &[])
    }

    /// Execute a settlement message as `sender`.
    pub fn settlement_exec(
        &mut self,
        sender: &Addr,
        msg: &sto_interface::settlement::ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.settlement.0.clone(), msg, &[])
    }

    /// Execute a distributor message as `sender`.
    pub fn distributor_exec(
        &mut self,
        sender: &Addr,
        msg: &actions::ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.distributor.0.clone(), msg, &[])
    }

    /// Execute a ballots message as `sender`.
    pub fn ballots_exec(
        &mut self,
        sender: &Addr,
        msg: &ballots::ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.ballots.0.clone(), msg, &[])
    }

    /// A ballot's result.
    pub fn ballot_result(&self, ballot_id: u64) -> AnyResult<ballots::BallotResult> {
        Ok(self.ballots.result(&self.app.wrap(), ballot_id)?)
    }

    /// Execute a transfer-agent message on the token as the transfer agent.
    pub fn agent_exec(&mut self, msg: token::AgentMsg) -> AnyResult<AppResponse> {
        let agent = self.transfer_agent.clone();
        self.token_exec(&agent, &token::ExecuteMsg::Agent(msg))
    }

    /// Execute a registry message as the compliance officer.
    pub fn compliance_exec(&mut self, msg: &registry::ExecuteMsg) -> AnyResult<AppResponse> {
        let officer = self.compliance.clone();
        self.registry_exec(&officer, msg)
    }

    /// Token balance of a wallet in units.
    pub fn tokens(&self, who: &Addr) -> u128 {
        self.token_balance(who)
            .map(|b| b.u128())
            .unwrap_or_default()
    }

    /// USD1 balance of an account in units.
    pub fn usd1_units(&self, who: &Addr) -> u128 {
        self.usd1_balance(who).map(|b| b.u128()).unwrap_or_default()
    }

    /// The token's total supply.
    pub fn token_supply(&self) -> AnyResult<Uint128> {
        let info: cw20::TokenInfoResponse = self.token_query(&token::QueryMsg::TokenInfo {})?;
        Ok(info.total_supply)
    }

    /// Current block height.
    pub fn height(&self) -> u64 {
        self.app.block_info().height
    }

    /// One settlement instruction.
    pub fn instruction(&self, id: u64) -> AnyResult<escrow::SettlementInstruction> {
        Ok(self
            .app
            .wrap()
            .query_wasm_smart(&self.escrow.0, &escrow::QueryMsg::Instruction { id })?)
    }

    /// One primary offering.
    pub fn offering(&self, id: u64) -> AnyResult<escrow::Offering> {
        Ok(self
            .app
            .wrap()
            .query_wasm_smart(&self.escrow.0, &escrow::QueryMsg::Offering { id })?)
    }

    /// One corporate action.
    pub fn action(&self, id: u64) -> AnyResult<actions::CorporateAction> {
        Ok(self
            .app
            .wrap()
            .query_wasm_smart(&self.distributor.0, &actions::QueryMsg::Action { id })?)
    }

    /// What a corporate action needs to be payable: its rate times the supply at its record
    /// height (rounded down), or its total.
    pub fn required(&self, id: u64) -> AnyResult<Uint128> {
        let action = self.action(id)?;
        let at: token::TotalSupplyResponse = self.token_query(&token::QueryMsg::TotalSupplyAt {
            height: action.record_height,
        })?;
        Ok(match action.basis {
            actions::AmountBasis::PerUnit { rate } => at.total_supply.mul_floor(rate),
            actions::AmountBasis::Total { amount } => amount,
        })
    }
}

/// The value of attribute `key` in any event of a response.
pub fn attr(res: &AppResponse, key: &str) -> Option<String> {
    res.events
        .iter()
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
}
