//! Shared multi-test suite: the real identity registry and the token on one App.
#![allow(dead_code)]

use cosmwasm_std::Empty;
use cosmwasm_std::{Addr, Timestamp, Uint128};
use cw_multi_test::{App, AppResponse, Executor};
use security_token::ContractError;
use sto_access::{Role, RoleAction};
use sto_interface::common::{InvestorClass, Jurisdiction};
use sto_interface::hold::{Hold, HoldRequest};
use sto_interface::registry as reg;
use sto_interface::token::{
    AccountResponse, AgentMsg, AvailableBalanceResponse, CanTransferResponse, ExecuteMsg,
    HolderCountResponse, InstantiateMsg, InvestorBalanceResponse, QueryMsg, ReasonCode,
    TransferRules,
};

pub const YEAR: u64 = 365 * 24 * 3600;

pub struct Suite {
    pub app: App,
    pub registry: Addr,
    pub token: Addr,
    pub token_code: u64,
    pub owner: Addr,
    pub officer: Addr,
    pub agent: Addr,
    pub pauser: Addr,
    pub minter: Addr,
    pub opener: Addr,
    pub redeemer: Addr,
}

impl Suite {
    pub fn new() -> Self {
        Self::with_rules(TransferRules::default())
    }

    pub fn with_rules(rules: TransferRules) -> Self {
        let mut app = App::default();
        let owner = app.api().addr_make("owner");
        let officer = app.api().addr_make("officer");
        let agent = app.api().addr_make("agent");
        let pauser = app.api().addr_make("pauser");
        let minter = app.api().addr_make("minter");
        let opener = app.api().addr_make("opener");
        let redeemer = app.api().addr_make("redeemer");
        let reg_code = app.store_code(sto_testing::contracts::identity_registry());
        let registry = app
            .instantiate_contract(
                reg_code,
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
        let token_code = app.store_code(sto_testing::contracts::security_token());
        let token = app
            .instantiate_contract(
                token_code,
                owner.clone(),
                &InstantiateMsg {
                    name: "Bond 2030".into(),
                    symbol: "BND".into(),
                    decimals: 6,
                    registry: registry.to_string(),
                    owner: None,
                    rules,
                    marketing: None,
                },
                &[],
                "token",
                Some(owner.to_string()),
            )
            .unwrap();
        let mut suite = Suite {
            app,
            registry,
            token,
            token_code,
            owner,
            officer,
            agent,
            pauser,
            minter,
            opener,
            redeemer,
        };
        for (role, who) in [
            (Role::TransferAgent, suite.agent.clone()),
            (Role::Pauser, suite.pauser.clone()),
            (Role::Minter, suite.minter.clone()),
            (Role::CheckpointOpener, suite.opener.clone()),
            (Role::Redeemer, suite.redeemer.clone()),
        ] {
            suite.grant(role, &who);
        }
        suite
    }

    pub fn addr(&self, name: &str) -> Addr {
        self.app.api().addr_make(name)
    }

    pub fn now(&self) -> Timestamp {
        self.app.block_info().time
    }

    pub fn height(&self) -> u64 {
        self.app.block_info().height
    }

    pub fn next_block(&mut self) {
        self.app.update_block(|b| {
            b.height += 1;
            b.time = b.time.plus_seconds(5);
        });
    }

    pub fn advance_time(&mut self, seconds: u64) {
        self.app.update_block(|b| {
            b.height += 1;
            b.time = b.time.plus_seconds(seconds);
        });
    }

    pub fn grant(&mut self, role: Role, who: &Addr) {
        let owner = self.owner.clone();
        self.exec(
            &owner,
            &ExecuteMsg::UpdateRoles(RoleAction::Grant {
                role,
                address: who.to_string(),
            }),
        )
        .unwrap();
    }

    /// Register an investor with wallets, KYC valid for a year.
    pub fn register(
        &mut self,
        id: &str,
        wallets: &[&Addr],
        jurisdiction: &str,
        class: InvestorClass,
    ) {
        let until = self.now().plus_seconds(YEAR);
        self.register_until(id, wallets, jurisdiction, class, until);
    }

    pub fn register_until(
        &mut self,
        id: &str,
        wallets: &[&Addr],
        jurisdiction: &str,
        class: InvestorClass,
        kyc_valid_until: Timestamp,
    ) {
        self.registry_exec(&reg::ExecuteMsg::RegisterInvestor {
            investor_id: id.into(),
            wallets: wallets.iter().map(|w| w.to_string()).collect(),
            jurisdiction: Jurisdiction::parse(jurisdiction).unwrap(),
            class,
            kyc_valid_until,
        });
    }

    pub fn registry_exec(&mut self, msg: &reg::ExecuteMsg) {
        let officer = self.officer.clone();
        let registry = self.registry.clone();
        self.app
            .execute_contract(officer, registry, msg, &[])
            .unwrap();
    }

    pub fn block(&mut self, id: &str) {
        self.registry_exec(&reg::ExecuteMsg::BlockInvestor {
            investor_id: id.into(),
            reason_ref: "OFAC-1".into(),
        });
    }

    pub fn exec(&mut self, sender: &Addr, msg: &ExecuteMsg) -> anyhow::Result<AppResponse> {
        let token = self.token.clone();
        self.app.execute_contract(sender.clone(), token, msg, &[])
    }

    /// Execute expecting a failure; return the typed error.
    pub fn exec_err(&mut self, sender: &Addr, msg: &ExecuteMsg) -> ContractError {
        self.exec(sender, msg)
            .expect_err("expected the message to fail")
            .downcast::<ContractError>()
            .expect("a token ContractError")
    }

    pub fn mint(&mut self, to: &Addr, amount: u128) {
        let agent = self.agent.clone();
        self.exec(
            &agent,
            &ExecuteMsg::Mint {
                recipient: to.to_string(),
                amount: Uint128::new(amount),
            },
        )
        .unwrap();
    }

    pub fn transfer(
        &mut self,
        from: &Addr,
        to: &Addr,
        amount: u128,
    ) -> anyhow::Result<AppResponse> {
        self.exec(
            from,
            &ExecuteMsg::Transfer {
                recipient: to.to_string(),
                amount: Uint128::new(amount),
            },
        )
    }

    pub fn agent(&mut self, msg: AgentMsg) -> anyhow::Result<AppResponse> {
        let agent = self.agent.clone();
        self.exec(&agent, &ExecuteMsg::Agent(msg))
    }

    pub fn set_rules(&mut self, rules: TransferRules) {
        let owner = self.owner.clone();
        self.exec(&owner, &ExecuteMsg::UpdateRules { rules })
            .unwrap();
    }

    pub fn query<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.app
            .wrap()
            .query_wasm_smart(self.token.clone(), msg)
            .unwrap()
    }

    pub fn balance(&self, addr: &Addr) -> u128 {
        let r: cw20::BalanceResponse = self.query(&QueryMsg::Balance {
            address: addr.to_string(),
        });
        r.balance.u128()
    }

    pub fn supply(&self) -> u128 {
        let r: cw20::TokenInfoResponse = self.query(&QueryMsg::TokenInfo {});
        r.total_supply.u128()
    }

    pub fn account(&self, addr: &Addr) -> AccountResponse {
        self.query(&QueryMsg::Account {
            address: addr.to_string(),
        })
    }

    pub fn holders(&self) -> u64 {
        let r: HolderCountResponse = self.query(&QueryMsg::HolderCount { jurisdiction: None });
        r.holders
    }

    pub fn holders_in(&self, j: &str) -> u64 {
        let r: HolderCountResponse = self.query(&QueryMsg::HolderCount {
            jurisdiction: Some(Jurisdiction::parse(j).unwrap()),
        });
        r.in_jurisdiction.unwrap()
    }

    pub fn investor_balance(&self, id: &str) -> u128 {
        let r: InvestorBalanceResponse = self.query(&QueryMsg::InvestorBalance {
            investor_id: id.into(),
        });
        r.balance.u128()
    }

    pub fn can_transfer(&self, from: &Addr, to: &Addr, amount: u128) -> CanTransferResponse {
        self.query(&QueryMsg::CanTransfer {
            from: from.to_string(),
            to: to.to_string(),
            amount: Uint128::new(amount),
        })
    }

    /// Reasons of a `can_transfer` answer.
    pub fn reasons(&self, from: &Addr, to: &Addr, amount: u128) -> Vec<ReasonCode> {
        self.can_transfer(from, to, amount)
            .refusals
            .into_iter()
            .map(|r| r.reason)
            .collect()
    }
}

impl Suite {
    /// Deploy the test notary and register it with the token.
    pub fn notary(&mut self) -> Addr {
        let code = self.app.store_code(sto_testing::notary::notary_stub());
        let owner = self.owner.clone();
        let notary = self
            .app
            .instantiate_contract(code, owner.clone(), &Empty {}, &[], "notary", None)
            .unwrap();
        self.exec(
            &owner,
            &ExecuteMsg::RegisterNotary {
                notary: notary.to_string(),
            },
        )
        .unwrap();
        notary
    }

    /// A hold request for `notary`, payable to `payee`, expiring in a day.
    pub fn hold_request(
        &self,
        notary: &Addr,
        payee: &Addr,
        amount: u128,
        partial: bool,
    ) -> HoldRequest {
        HoldRequest {
            notary: notary.to_string(),
            payee: payee.to_string(),
            amount: Uint128::new(amount),
            expires: self.now().plus_seconds(DAY),
            reference: "settlement:1".into(),
            partial,
            msg: None,
        }
    }

    /// `owner` places a hold on its own units; returns the id.
    pub fn place_hold(&mut self, owner: &Addr, request: HoldRequest) -> anyhow::Result<u64> {
        let res = self.exec(
            owner,
            &ExecuteMsg::PlaceHold {
                owner: None,
                request,
            },
        )?;
        let id = res
            .events
            .iter()
            .flat_map(|e| e.attributes.iter())
            .find(|a| a.key == "id")
            .map(|a| a.value.parse::<u64>().unwrap())
            .unwrap();
        Ok(id)
    }

    /// The notary executes hold `id` (all of it when `amount` is absent).
    pub fn execute_hold(
        &mut self,
        notary: &Addr,
        id: u64,
        amount: Option<u128>,
    ) -> anyhow::Result<AppResponse> {
        self.exec(
            notary,
            &ExecuteMsg::ExecuteHold {
                id,
                amount: amount.map(Uint128::new),
            },
        )
    }

    pub fn hold(&self, id: u64) -> Hold {
        self.query(&QueryMsg::Hold { id })
    }

    pub fn available(&self, addr: &Addr) -> AvailableBalanceResponse {
        self.query(&QueryMsg::AvailableBalance {
            address: addr.to_string(),
        })
    }
}

pub const DAY: u64 = 24 * 3600;

/// The refusal error for `reason`.
pub fn refused(reason: ReasonCode) -> ContractError {
    ContractError::refused(reason)
}
