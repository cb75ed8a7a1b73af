//! Every storage key of the token.
//!
//! | key | type | what |
//! |-----|------|------|
//! | `contract_info` | cw2 | contract name and version |
//! | `ownership` | `Ownership<Addr>` | owner and pending owner (sto-access) |
//! | `roles` | `(role, Addr) -> ()` | role members (sto-access) |
//! | `token_info` | [`TokenInfo`] | name, symbol, decimals |
//! | `config` | [`Config`] | registry, pause flag, transfer rules (one read per movement; registry, pause flag and rules published) |
//! | `marketing_info` | `MarketingInfoResponse` | CW20 marketing information (same key as cw20-base) |
//! | `balance` | `Addr -> Uint128` | CW20 balances (same key and encoding as cw20-base; published) |
//! | `total_supply` | `Uint128` | total supply (published) |
//! | `record_balance` | `(height, Addr) -> Uint128` | balance at a record height, written at the first change after it (published) |
//! | `record_supply` | `height -> Uint128` | supply at a record height, written at the first change after it (published) |
//! | `hold` | `u64 -> Hold` | holds by id, open and final (published) |
//! | `hold_seq` | `u64` | last hold id assigned |
//! | `hold_owner` | `(Addr, u64) -> ()` | hold ids per owner wallet, for listing |
//! | `hold_operator` | `(owner, operator) -> Uint128` | what an operator may still place on hold |
//! | `notary` | `Addr -> ()` | registered notaries |
//! | `audit` | raw 40 bytes | audit trail head (`sto_interface::audit`) |
//!
//! Retired keys, never to be reused: `balance__checkpoints`, `balance__changelog`,
//! `total_supply__checkpoints`, `total_supply__changelog` (the former snapshot bookkeeping).
//! | `allowance` | `(owner, spender) -> AllowanceResponse` | CW20 allowances (as cw20-base) |
//! | `allowance_spender` | `(spender, owner) -> AllowanceResponse` | reverse index (as cw20-base) |
//! | `account` | `Addr -> Account` | freezes, locks, booking investor, system flag per wallet |
//! | `system` | `Addr -> ()` | system accounts, for listing |
//! | `investor` | `investor_id -> InvestorBook` | balance per investor with a non-zero balance (published) |
//! | `holders` | `u64` | number of investors with a non-zero balance (published) |
//! | `holders_j` | `jurisdiction -> u64` | the same, per jurisdiction (published) |
//! | `document` | `name -> Document` | named documents |
//! | `checkpoint` | `height -> RecordCheckpoint` | opened record checkpoints, for listing |

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Empty, Timestamp, Uint128};
use cw20::{AllowanceResponse, MarketingInfoResponse};
use cw_storage_plus::{Item, Map};
use sto_interface::common::Jurisdiction;
use sto_interface::hold::Hold;
use sto_interface::token::{layout, Document, Lock, RecordCheckpoint, TransferRules};

/// Contract name recorded by cw2.
pub const CONTRACT_NAME: &str = "crates.io:security-token";
/// Contract version recorded by cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// CW20 token metadata (the supply lives in [`TOTAL_SUPPLY`]).
#[cw_serde]
pub struct TokenInfo {
    /// Name.
    pub name: String,
    /// Ticker.
    pub symbol: String,
    /// Decimal places.
    pub decimals: u8,
}

/// What every movement reads once (published in part as `layout::CONFIG`).
#[cw_serde]
pub struct Config {
    /// The identity registry (read raw).
    pub registry: Addr,
    /// True while paused.
    pub paused: bool,
    /// Transfer rules.
    pub rules: TransferRules,
    /// Longest time between a hold's placement and its expiry, in seconds.
    pub max_hold_duration: u64,
    /// Opened record heights not yet retired, ascending (at most `MAX_RECORD_HEIGHTS`). Read
    /// with the config, so a movement with none costs no extra storage access.
    pub record_heights: Vec<u64>,
}

impl Config {
    /// Record heights whose record balances a change at block `height` must preserve: reached
    /// (`h <= height`) and not retired.
    pub fn live_record_heights(&self, height: u64) -> Vec<u64> {
        self.record_heights
            .iter()
            .copied()
            .filter(|h| *h <= height && !record_height_retired(*h, height))
            .collect()
    }
}

pub use sto_interface::token::record_height_retired;

/// Per-wallet state besides the balance. Absent means all defaults.
#[cw_serde]
#[derive(Default)]
pub struct Account {
    /// Investor the wallet's balance is booked to; set on the first credit and kept afterwards.
    pub investor_id: Option<String>,
    /// System account (escrow, distributor): holds in transit without a registry record.
    pub system: bool,
    /// Whole-wallet freeze.
    pub frozen: bool,
    /// Frozen part of the balance.
    pub frozen_amount: Uint128,
    /// Holding-period locks (expired ones pruned when a lock is added).
    pub locks: Vec<Lock>,
    /// Sum of the remainders of the wallet's open holds.
    #[serde(default)]
    pub held: Uint128,
    /// Ids of the wallet's open holds, oldest first (at most `MAX_OPEN_HOLDS`).
    #[serde(default)]
    pub holds: Vec<u64>,
}

impl Account {
    /// Sum of the locks still running at `now`, capped at `balance`.
    pub fn locked(&self, now: Timestamp, balance: Uint128) -> Uint128 {
        let sum = self
            .locks
            .iter()
            .filter(|l| l.until > now)
            .fold(Uint128::zero(), |acc, l| acc.saturating_add(l.amount));
        sum.min(balance)
    }

    /// Drop the locks ended at `now`, then release `amount` from the running ones, the
    /// earliest-ending first (the units left stay locked the longest: stricter, never looser).
    pub fn shrink_locks(&mut self, now: Timestamp, amount: Uint128) {
        self.locks.retain(|l| l.until > now);
        self.locks.sort_by_key(|l| l.until);
        let mut left = amount;
        for lock in self.locks.iter_mut() {
            let take = lock.amount.min(left);
            lock.amount = lock.amount.saturating_sub(take);
            left = left.saturating_sub(take);
        }
        self.locks.retain(|l| !l.amount.is_zero());
    }

    /// What the holder may move or place on hold at `now`: balance minus frozen, locked and
    /// held amounts (zero when the wallet is frozen).
    pub fn available(&self, now: Timestamp, balance: Uint128) -> Uint128 {
        if self.frozen {
            return Uint128::zero();
        }
        balance
            .saturating_sub(self.frozen_amount)
            .saturating_sub(self.locked(now, balance))
            .saturating_sub(self.held)
    }
}

/// An investor's holding over all its wallets.
#[cw_serde]
pub struct InvestorBook {
    /// Balance over all wallets booked to the investor (never zero: the entry is removed).
    pub balance: Uint128,
    /// Jurisdiction the investor is counted in (the registry's at the last movement).
    pub jurisdiction: Jurisdiction,
}

/// Token metadata.
pub const TOKEN_INFO: Item<TokenInfo> = Item::new("token_info");
/// Registry, pause flag, rules.
pub const CONFIG: Item<Config> = Item::new("config");
/// CW20 marketing information.
pub const MARKETING_INFO: Item<MarketingInfoResponse> = Item::new("marketing_info");
/// CW20 balances (published layout).
pub const BALANCES: Map<&Addr, Uint128> = layout::BALANCES;
/// Total supply (published layout).
pub const TOTAL_SUPPLY: Item<Uint128> = layout::TOTAL_SUPPLY;
/// Balance at a record height, written at the first change after it (published layout).
pub const RECORD_BALANCES: Map<(u64, &Addr), Uint128> = layout::RECORD_BALANCES;
/// Supply at a record height, written at the first change after it (published layout).
pub const RECORD_SUPPLY: Map<u64, Uint128> = layout::RECORD_SUPPLY;
/// Holds by id (published layout).
pub const HOLDS: Map<u64, Hold> = layout::HOLDS;
/// Last hold id assigned.
pub const HOLD_SEQ: Item<u64> = Item::new("hold_seq");
/// Hold ids per owner wallet, for listing.
pub const HOLDS_BY_OWNER: Map<(&Addr, u64), Empty> = Map::new("hold_owner");
/// What an operator may still place on hold, per owner.
pub const HOLD_OPERATORS: Map<(&Addr, &Addr), Uint128> = Map::new("hold_operator");
/// Registered notaries.
pub const NOTARIES: Map<&Addr, Empty> = Map::new("notary");
/// CW20 allowances by owner then spender.
pub const ALLOWANCES: Map<(&Addr, &Addr), AllowanceResponse> = Map::new("allowance");
/// CW20 allowances by spender then owner.
pub const ALLOWANCES_SPENDER: Map<(&Addr, &Addr), AllowanceResponse> =
    Map::new("allowance_spender");
/// Freezes, locks, booking and system flag per wallet.
pub const ACCOUNTS: Map<&Addr, Account> = Map::new("account");
/// System accounts, for listing (the hot path reads `Account::system`).
pub const SYSTEM_ACCOUNTS: Map<&Addr, Empty> = Map::new("system");
/// Investors with a non-zero balance (published as `layout::INVESTOR_BOOKS`).
pub const INVESTOR_BOOKS: Map<&str, InvestorBook> = Map::new("investor");
/// Number of investors with a non-zero balance (published layout).
pub const HOLDER_COUNT: Item<u64> = layout::HOLDER_COUNT;
/// Number of investors with a non-zero balance per jurisdiction (published layout).
pub const HOLDERS_BY_JURISDICTION: Map<&str, u64> = layout::HOLDERS_BY_JURISDICTION;
/// Named documents.
pub const DOCUMENTS: Map<&str, Document> = Map::new("document");
/// Opened record checkpoints.
pub const CHECKPOINTS: Map<u64, RecordCheckpoint> = Map::new("checkpoint");

#[cfg(test)]
mod layout_tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;
    use sto_interface::token::layout::AccountView;

    /// Other contracts read the account record through `layout::ACCOUNTS`: it must read
    /// exactly what the token writes, whatever else the record holds.
    #[test]
    fn the_published_account_view_reads_what_the_token_writes() {
        let mut storage = MockStorage::new();
        let wallet = Addr::unchecked("wallet");
        let account = Account {
            investor_id: Some("INV-1".into()),
            system: true,
            frozen: true,
            frozen_amount: Uint128::new(7),
            locks: vec![Lock {
                amount: Uint128::new(3),
                until: Timestamp::from_seconds(9),
            }],
            held: Uint128::new(5),
            holds: vec![1, 2],
        };
        ACCOUNTS.save(&mut storage, &wallet, &account).unwrap();
        let view = layout::ACCOUNTS.load(&storage, &wallet).unwrap();
        assert_eq!(
            view,
            AccountView {
                investor_id: Some("INV-1".into()),
                system: true,
                frozen: true,
                frozen_amount: Uint128::new(7),
            }
        );
    }

    /// The primary offering pre-checks an issuance with raw reads of the configuration and the
    /// investor books: the published views must read what the token writes.
    #[test]
    fn the_published_rules_and_investor_views_read_what_the_token_writes() {
        use sto_interface::common::Jurisdiction;
        let mut storage = MockStorage::new();
        let rules = TransferRules {
            max_holders: Some(3),
            ..TransferRules::default()
        };
        let config = Config {
            registry: Addr::unchecked("registry"),
            paused: true,
            rules: rules.clone(),
            max_hold_duration: 60,
            record_heights: vec![12],
        };
        CONFIG.save(&mut storage, &config).unwrap();
        let view = layout::CONFIG.load(&storage).unwrap();
        assert_eq!(view.registry, config.registry);
        assert!(view.paused);
        assert_eq!(view.rules, rules);

        let us = Jurisdiction::parse("US").unwrap();
        let book = InvestorBook {
            balance: Uint128::new(40),
            jurisdiction: us.clone(),
        };
        INVESTOR_BOOKS.save(&mut storage, "INV-1", &book).unwrap();
        let view = layout::INVESTOR_BOOKS.load(&storage, "INV-1").unwrap();
        assert_eq!(view.balance, Uint128::new(40));
        assert_eq!(view.jurisdiction, us);
    }
}
