use anyhow::Result as AnyResult;
use cosmwasm_std::{Addr, Timestamp, Uint128};
use cw20::{Cw20Coin, Cw20Contract, MinterResponse};
use cw_multi_test::{App, AppResponse, Executor};
use sto_interface::common::{InvestorClass, Jurisdiction};
use sto_interface::registry::{self, IdentityRegistry, Investor, VerifyResponse};

use crate::contracts;

/// Seconds in a (365-day) year.
pub const YEAR: u64 = 365 * 24 * 3600;
/// USD1 has 6 decimals: 1 USD1 = 1_000_000 units.
pub const USD1_DECIMALS: u8 = 6;

/// Configures and deploys the suite.
pub struct SuiteBuilder {
    usd1_holders: Vec<(String, u128)>,
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
        }
    }

    /// Give the named account `amount` USD1 units at genesis.
    pub fn with_usd1(mut self, name: &str, amount: u128) -> Self {
        self.usd1_holders.push((name.to_string(), amount));
        self
    }

    /// Deploy: the identity registry (owner `owner`, compliance officer `compliance`) and
    /// cw20-base as USD1 (minter `usd1_issuer`).
    pub fn build(self) -> AnyResult<Suite> {
        let mut app = App::default();
        let api = app.api();
        let owner = api.addr_make("owner");
        let compliance = api.addr_make("compliance");
        let usd1_issuer = api.addr_make("usd1_issuer");

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

        Ok(Suite {
            app,
            owner,
            compliance,
            usd1_issuer,
            registry: IdentityRegistry(registry),
            usd1: Cw20Contract(usd1),
        })
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
    /// cw20-base playing USD1.
    pub usd1: Cw20Contract,
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
}
