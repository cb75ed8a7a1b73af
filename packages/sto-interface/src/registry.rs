//! Identity registry: investors, their wallets, jurisdiction, class, KYC expiry, sanctions blocks.
//!
//! The per-wallet eligibility record ([`WalletRecord`] under [`WALLET_RECORDS`]) is a published
//! storage layout: other contracts read it with a raw storage query
//! ([`IdentityRegistry::wallet_record`]) instead of a smart query, so the token's transfer path
//! never loads the registry's code.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{
    to_json_binary, Addr, CosmosMsg, CustomQuery, QuerierWrapper, StdResult, Timestamp, WasmMsg,
};
use cw_storage_plus::Map;

use crate::common::{InvestorClass, Jurisdiction};
use sto_access::{
    HasRoleResponse, Ownership, OwnershipAction, Role, RoleAction, RoleMembersResponse,
};

/// Most wallets one investor may have. Bounds the work of an investor update, which rewrites
/// the eligibility record of each wallet.
pub const MAX_WALLETS_PER_INVESTOR: usize = 20;
/// Most addresses one `verify_batch` query answers.
pub const MAX_VERIFY_BATCH: usize = 100;
/// Longest accepted sanctions / reason reference.
pub const MAX_REASON_REF_LEN: usize = 128;

/// Published storage layout: eligibility record per wallet, key `wallet`, value JSON.
///
/// Read it from another contract with [`IdentityRegistry::wallet_record`]; the registry keeps it
/// in step with the investor on every change (KYC, jurisdiction, class, block).
pub const WALLET_RECORDS: Map<&Addr, WalletRecord> = Map::new("wallet");

/// What every other contract needs to know about a wallet, in one storage read.
#[cw_serde]
pub struct WalletRecord {
    /// The investor owning the wallet.
    pub investor_id: String,
    /// The investor's jurisdiction.
    pub jurisdiction: Jurisdiction,
    /// The investor's class.
    pub class: InvestorClass,
    /// KYC is valid strictly before this time.
    pub kyc_valid_until: Timestamp,
    /// True while the investor is blocked (sanctions).
    pub blocked: bool,
}

impl WalletRecord {
    /// Whether the wallet may hold, pay and be paid at `now`; blocked wins over expired KYC.
    pub fn check(&self, now: Timestamp) -> Result<(), Ineligibility> {
        if self.blocked {
            Err(Ineligibility::Blocked)
        } else if now >= self.kyc_valid_until {
            Err(Ineligibility::KycExpired)
        } else {
            Ok(())
        }
    }
}

/// Why a wallet is not eligible now.
#[cw_serde]
#[derive(Copy, Eq, Hash)]
pub enum Ineligibility {
    /// The wallet belongs to no registered investor.
    UnknownWallet,
    /// The investor's KYC expired (block time >= `kyc_valid_until`).
    KycExpired,
    /// The investor is blocked (sanctions).
    Blocked,
}

impl Ineligibility {
    /// Stable snake_case name used in events.
    pub const fn as_str(&self) -> &'static str {
        match self {
            Ineligibility::UnknownWallet => "unknown_wallet",
            Ineligibility::KycExpired => "kyc_expired",
            Ineligibility::Blocked => "blocked",
        }
    }
}

impl std::fmt::Display for Ineligibility {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A sanctions block on an investor.
#[cw_serde]
pub struct Block {
    /// Reference of the decision (e.g. sanctions list entry or case number).
    pub reason_ref: String,
    /// Block time of the decision.
    pub blocked_at: Timestamp,
    /// Compliance officer who blocked.
    pub blocked_by: Addr,
}

/// A registered investor.
#[cw_serde]
pub struct Investor {
    /// The investor's id (the transfer agent's reference; no personal data).
    pub investor_id: String,
    /// Jurisdiction of residence (ISO 3166-1 alpha-2).
    pub jurisdiction: Jurisdiction,
    /// Investor class.
    pub class: InvestorClass,
    /// KYC is valid strictly before this time.
    pub kyc_valid_until: Timestamp,
    /// The investor's wallets, in the order they were added.
    pub wallets: Vec<Addr>,
    /// Present while the investor is blocked.
    pub block: Option<Block>,
    /// When the investor was registered.
    pub registered_at: Timestamp,
    /// When the investor record last changed.
    pub updated_at: Timestamp,
}

/// Instantiate the registry.
#[cw_serde]
pub struct InstantiateMsg {
    /// Owner (administers roles); defaults to the instantiating sender.
    pub owner: Option<String>,
    /// Addresses granted the `compliance_officer` role at once.
    pub compliance_officers: Vec<String>,
}

/// Registry actions.
#[cw_serde]
pub enum ExecuteMsg {
    /// Register a new investor with one or more wallets. Compliance officer only.
    /// Each wallet must not belong to another investor; KYC must be valid in the future.
    RegisterInvestor {
        /// New, unused investor id (1-64 chars of `A-Z a-z 0-9 . _ : -`).
        investor_id: String,
        /// Wallets (bech32, lower-case), at most 20, no duplicates.
        wallets: Vec<String>,
        /// ISO 3166-1 alpha-2 code, e.g. `US`.
        jurisdiction: Jurisdiction,
        /// Investor class.
        class: InvestorClass,
        /// KYC is valid strictly before this time; must be later than the block time.
        kyc_valid_until: Timestamp,
    },
    /// Change an investor's jurisdiction, class or KYC expiry (the fields given). Compliance
    /// officer only. Every wallet record of the investor is updated in the same transaction.
    UpdateInvestor {
        /// Existing investor id.
        investor_id: String,
        /// New jurisdiction, if it changes.
        jurisdiction: Option<Jurisdiction>,
        /// New class, if it changes.
        class: Option<InvestorClass>,
        /// New KYC expiry, if it changes; must be later than the block time.
        kyc_valid_until: Option<Timestamp>,
    },
    /// Attach a wallet to an investor. Compliance officer only. The wallet must be unowned.
    AddWallet {
        /// Existing investor id.
        investor_id: String,
        /// Wallet to add.
        wallet: String,
    },
    /// Detach a wallet from its investor. Compliance officer only. The wallet becomes unknown
    /// (ineligible) at once; balances it holds elsewhere are not moved.
    RemoveWallet {
        /// Investor owning the wallet.
        investor_id: String,
        /// Wallet to remove.
        wallet: String,
    },
    /// Block an investor (sanctions): all its wallets become ineligible at once.
    /// Compliance officer only.
    BlockInvestor {
        /// Investor to block.
        investor_id: String,
        /// Reference of the decision (1-128 chars), recorded and emitted.
        reason_ref: String,
    },
    /// Lift a block. Compliance officer only.
    UnblockInvestor {
        /// Blocked investor.
        investor_id: String,
        /// Reference of the decision lifting the block (1-128 chars).
        reason_ref: String,
    },
    /// Two-step ownership transfer: propose (owner), accept (pending owner), renounce (owner).
    UpdateOwnership(OwnershipAction),
    /// Grant or revoke (owner) or renounce (holder) a role. Roles used: `compliance_officer`.
    UpdateRoles(RoleAction),
}

/// Registry queries.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// Whether `address` may hold, pay and be paid now, and if not why; with the investor's
    /// id, jurisdiction and class when the wallet is known.
    #[returns(VerifyResponse)]
    Verify {
        /// Wallet to check.
        address: String,
    },
    /// `verify` for up to 100 addresses, answered in the same order.
    #[returns(VerifyBatchResponse)]
    VerifyBatch {
        /// Wallets to check.
        addresses: Vec<String>,
    },
    /// One investor by id.
    #[returns(Investor)]
    Investor {
        /// Investor id.
        investor_id: String,
    },
    /// The investor owning a wallet.
    #[returns(Investor)]
    InvestorByWallet {
        /// Wallet address.
        address: String,
    },
    /// Investors in id order, one page.
    #[returns(InvestorsResponse)]
    Investors {
        /// Last investor id of the previous page.
        start_after: Option<String>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// Wallet eligibility records in address order, one page.
    #[returns(WalletsResponse)]
    Wallets {
        /// Last address of the previous page.
        start_after: Option<String>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// Current owner, pending owner and its expiry.
    #[returns(Ownership<String>)]
    Ownership {},
    /// Members of a role, one page.
    #[returns(RoleMembersResponse)]
    RoleMembers {
        /// Role listed.
        role: Role,
        /// Last address of the previous page.
        start_after: Option<String>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// Whether an address holds a role.
    #[returns(HasRoleResponse)]
    HasRole {
        /// Role asked about.
        role: Role,
        /// Address asked about.
        address: String,
    },
}

/// Migrate the registry (no parameters; state layout changes are handled by version).
#[cw_serde]
pub struct MigrateMsg {}

/// Answer of `verify`.
#[cw_serde]
pub struct VerifyResponse {
    /// The wallet checked.
    pub address: Addr,
    /// True when the wallet may hold, pay and be paid now.
    pub eligible: bool,
    /// Why not, when `eligible` is false.
    pub reason: Option<Ineligibility>,
    /// The wallet's investor, when known.
    pub investor_id: Option<String>,
    /// The investor's jurisdiction, when known.
    pub jurisdiction: Option<Jurisdiction>,
    /// The investor's class, when known.
    pub class: Option<InvestorClass>,
    /// The investor's KYC expiry, when known.
    pub kyc_valid_until: Option<Timestamp>,
}

impl VerifyResponse {
    /// Build the answer for `address` from its record (if any) at time `now`.
    pub fn from_record(address: Addr, record: Option<WalletRecord>, now: Timestamp) -> Self {
        match record {
            None => VerifyResponse {
                address,
                eligible: false,
                reason: Some(Ineligibility::UnknownWallet),
                investor_id: None,
                jurisdiction: None,
                class: None,
                kyc_valid_until: None,
            },
            Some(r) => {
                let reason = r.check(now).err();
                VerifyResponse {
                    address,
                    eligible: reason.is_none(),
                    reason,
                    investor_id: Some(r.investor_id),
                    jurisdiction: Some(r.jurisdiction),
                    class: Some(r.class),
                    kyc_valid_until: Some(r.kyc_valid_until),
                }
            }
        }
    }
}

/// Answer of `verify_batch`, in request order.
#[cw_serde]
pub struct VerifyBatchResponse {
    /// One answer per address asked.
    pub results: Vec<VerifyResponse>,
}

/// One page of investors.
#[cw_serde]
pub struct InvestorsResponse {
    /// Investors in id order.
    pub investors: Vec<Investor>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// A wallet and its eligibility record.
#[cw_serde]
pub struct WalletEntry {
    /// The wallet.
    pub address: Addr,
    /// Its record.
    pub record: WalletRecord,
}

/// One page of wallet records.
#[cw_serde]
pub struct WalletsResponse {
    /// Wallets in address order.
    pub wallets: Vec<WalletEntry>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// Typed handle on a deployed identity registry.
#[cw_serde]
pub struct IdentityRegistry(pub Addr);

impl IdentityRegistry {
    /// The registry's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// Raw storage read of a wallet's eligibility record (no contract code is loaded).
    pub fn wallet_record<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        wallet: &Addr,
    ) -> StdResult<Option<WalletRecord>> {
        WALLET_RECORDS.query(querier, self.0.clone(), wallet)
    }

    /// Raw read plus eligibility check at `now`: the record when eligible, else why not.
    pub fn eligibility<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        wallet: &Addr,
        now: Timestamp,
    ) -> StdResult<Result<WalletRecord, Ineligibility>> {
        Ok(match self.wallet_record(querier, wallet)? {
            None => Err(Ineligibility::UnknownWallet),
            Some(record) => record.check(now).map(|()| record),
        })
    }

    /// Smart query `verify` (for clients; contracts use [`Self::eligibility`]).
    pub fn verify<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        address: impl Into<String>,
    ) -> StdResult<VerifyResponse> {
        querier.query_wasm_smart(
            self.0.clone(),
            &QueryMsg::Verify {
                address: address.into(),
            },
        )
    }

    /// A message executing `msg` on the registry.
    pub fn call(&self, msg: &ExecuteMsg) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Execute {
            contract_addr: self.0.to_string(),
            msg: to_json_binary(msg)?,
            funds: vec![],
        }
        .into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(blocked: bool, until: u64) -> WalletRecord {
        WalletRecord {
            investor_id: "I1".into(),
            jurisdiction: Jurisdiction::parse("US").unwrap(),
            class: InvestorClass::Retail,
            kyc_valid_until: Timestamp::from_seconds(until),
            blocked,
        }
    }

    #[test]
    fn kyc_expires_at_the_valid_until_instant() {
        let r = record(false, 100);
        assert_eq!(r.check(Timestamp::from_seconds(99)), Ok(()));
        assert_eq!(
            r.check(Timestamp::from_seconds(100)),
            Err(Ineligibility::KycExpired)
        );
    }

    #[test]
    fn blocked_wins_over_expired() {
        let r = record(true, 100);
        assert_eq!(
            r.check(Timestamp::from_seconds(50)),
            Err(Ineligibility::Blocked)
        );
        assert_eq!(
            r.check(Timestamp::from_seconds(500)),
            Err(Ineligibility::Blocked)
        );
    }

    #[test]
    fn verify_response_for_unknown_and_known() {
        let a = Addr::unchecked("a");
        let v = VerifyResponse::from_record(a.clone(), None, Timestamp::from_seconds(1));
        assert!(!v.eligible);
        assert_eq!(v.reason, Some(Ineligibility::UnknownWallet));
        let v = VerifyResponse::from_record(a, Some(record(false, 10)), Timestamp::from_seconds(1));
        assert!(v.eligible);
        assert_eq!(v.investor_id.as_deref(), Some("I1"));
    }
}
