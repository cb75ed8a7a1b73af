//! DvP settlement on holds: trades of up to 8 legs (security units and USD1) settled in one
//! transaction by executing holds the parties placed, or not at all.
//!
//! Nothing is delivered to the settlement contract: each party affirms its outgoing leg with a
//! hold naming the contract as notary (at the token for units, at the cash adapter for USD1),
//! the units and the cash stay in their owners' balances, and settlement executes every hold
//! in one transaction. A trade that does not settle releases holds; nothing is refunded.

use std::fmt;

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, HexBinary, Timestamp, Uint128};

use crate::common::EventRef;
use crate::hold::HoldPlaced;
use sto_access::{
    HasRoleResponse, Ownership, OwnershipAction, Role, RoleAction, RoleMembersResponse,
};

/// Longest venue and legal reference.
pub const MAX_REFERENCE_LEN: usize = 128;
/// Default longest time from a trade's creation to its deadline (30 days, in seconds).
pub const DEFAULT_MAX_SETTLEMENT_WINDOW: u64 = 30 * 86_400;
/// Largest settlement window the owner may set (one year, in seconds).
pub const MAX_SETTLEMENT_WINDOW_LIMIT: u64 = 365 * 86_400;

/// Most legs of a trade on holds.
pub const MAX_TRADE_LEGS: usize = 8;

/// One leg of a trade, as requested.
#[cw_serde]
pub enum LegRequest {
    /// `quantity` units of `token` (on the escrow's allow-list) from `from` to `to`.
    Security {
        /// The security token.
        token: String,
        /// The wallet delivering (places the token hold).
        from: String,
        /// The wallet receiving.
        to: String,
        /// Units (> 0).
        quantity: Uint128,
    },
    /// `amount` USD1 from `from`'s cash account to `to`'s at the cash adapter.
    Cash {
        /// The wallet paying: its investor's cash account (the account keyed by the wallet's
        /// address when the registry does not know it) places the cash hold.
        from: String,
        /// The wallet paid: its investor's cash account receives.
        to: String,
        /// USD1 smallest units (> 0).
        amount: Uint128,
    },
}

/// One leg of a trade, as stored (addresses validated, cash accounts resolved at creation).
#[cw_serde]
pub enum TradeLeg {
    /// Units of `token` from `from` to `to`.
    Security {
        /// The security token.
        token: Addr,
        /// The wallet delivering.
        from: Addr,
        /// The wallet receiving.
        to: Addr,
        /// Units.
        quantity: Uint128,
    },
    /// USD1 from `from_account` to `to_account` at the cash adapter.
    Cash {
        /// The wallet paying.
        from: Addr,
        /// The wallet paid.
        to: Addr,
        /// The cash account held and debited (the payer's investor id, or its address).
        from_account: String,
        /// The cash account credited (the payee's investor id, or its address).
        to_account: String,
        /// USD1 smallest units.
        amount: Uint128,
    },
}

impl TradeLeg {
    /// The wallet that affirms the leg (the one delivering or paying).
    pub fn from(&self) -> &Addr {
        match self {
            TradeLeg::Security { from, .. } | TradeLeg::Cash { from, .. } => from,
        }
    }

    /// The wallet receiving.
    pub fn to(&self) -> &Addr {
        match self {
            TradeLeg::Security { to, .. } | TradeLeg::Cash { to, .. } => to,
        }
    }

    /// The amount the leg's hold must hold: units or USD1.
    pub fn amount(&self) -> Uint128 {
        match self {
            TradeLeg::Security { quantity, .. } => *quantity,
            TradeLeg::Cash { amount, .. } => *amount,
        }
    }
}

/// Where a trade on holds stands. Only `open` changes; the others are final.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum TradeStatus {
    /// Created; legs are affirmed by holds until every one is, then settled.
    Open,
    /// Settled: every hold executed in one transaction.
    Settled,
    /// Cancelled; the holds the escrow notarised were released.
    Cancelled,
    /// Expired at its deadline without settlement; the holds were released.
    Expired,
}

impl TradeStatus {
    /// Stable snake_case name used in events.
    pub const fn as_str(&self) -> &'static str {
        match self {
            TradeStatus::Open => "open",
            TradeStatus::Settled => "settled",
            TradeStatus::Cancelled => "cancelled",
            TradeStatus::Expired => "expired",
        }
    }
}

impl fmt::Display for TradeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A trade on holds: its immutable terms and where it stands. Every leg is affirmed by a hold
/// its delivering party places (at the token for a security leg, at the cash adapter for a cash
/// leg) naming the escrow as notary, the leg's receiver as payee, the leg's amount, an expiry at
/// or after the deadline and the trade's reference `settlement:<id>`; affirmed-ness is read from
/// the live holds at settlement, never from a stored flag.
#[cw_serde]
pub struct Trade {
    /// Sequential id, from 1; its reference is `settlement:<id>`.
    pub id: u64,
    /// The legs, 1 to [`MAX_TRADE_LEGS`].
    pub legs: Vec<TradeLeg>,
    /// Settlement is accepted strictly before this time; from it the trade expires.
    pub deadline: Timestamp,
    /// Settlement is accepted from this time (inclusive), if set.
    pub settle_not_before: Option<Timestamp>,
    /// The approver: the only one who settles when set, and who may cancel alone once every
    /// leg is affirmed.
    pub approver: Option<Addr>,
    /// The venue's reference for the trade (e.g. its trade id), if any.
    pub venue_reference: Option<String>,
    /// Who created it.
    pub created_by: Addr,
    /// Block time of creation.
    pub created_at: Timestamp,
    /// Where it stands.
    pub status: TradeStatus,
    /// Per leg, the hold that affirmed it (it may since have been released or expired).
    pub holds: Vec<Option<u64>>,
    /// Parties that asked to cancel once every leg was affirmed (a joint cancel needs all).
    pub cancel_requests: Vec<Addr>,
    /// Height of the settlement or the cancel / expiry.
    pub closed_height: Option<u64>,
    /// Block time of the settlement or the cancel / expiry.
    pub closed_at: Option<Timestamp>,
    /// Legal reference of a cancel by the token's transfer agent.
    pub legal_reference: Option<String>,
}

impl Trade {
    /// The trade's securities-event reference.
    pub fn reference(&self) -> EventRef {
        EventRef::Settlement { id: self.id }
    }

    /// The distinct wallets of the legs (delivering and receiving), in leg order.
    pub fn parties(&self) -> Vec<Addr> {
        parties(&self.legs)
    }
}

/// The distinct wallets of `legs` (delivering and receiving), in leg order.
pub fn parties(legs: &[TradeLeg]) -> Vec<Addr> {
    let mut parties: Vec<Addr> = vec![];
    for leg in legs {
        for party in [leg.from(), leg.to()] {
            if !parties.contains(party) {
                parties.push(party.clone());
            }
        }
    }
    parties
}

/// The placer's message in a hold naming the escrow as notary (`HoldRequest::msg`): which
/// trade and leg the hold affirms, and whether to settle in the same transaction when it is the
/// last affirmation.
#[cw_serde]
pub struct Affirmation {
    /// The trade.
    pub trade_id: u64,
    /// The leg index (0-based).
    pub leg: u8,
    /// Settle now if every leg is then affirmed (ignored when the trade has an approver).
    pub settle: bool,
}

/// One page of trades.
#[cw_serde]
pub struct TradesResponse {
    /// Trades in id order.
    pub trades: Vec<Trade>,
    /// Whether another page follows.
    pub has_more: bool,
}

pub use crate::allowlist::{AllowedToken, AllowedTokensResponse};

/// The contract's configuration.
#[cw_serde]
pub struct Config {
    /// The USD1 cash adapter keeping the cash holds.
    pub cash_adapter: Addr,
    /// The identity registry (cash accounts of the legs' wallets, read raw).
    pub registry: Addr,
    /// Longest time from a trade's creation to its deadline, in seconds.
    pub max_settlement_window: u64,
}

/// Instantiate the settlement contract.
#[cw_serde]
pub struct InstantiateMsg {
    /// Owner (allow-list, configuration, roles); defaults to the sender.
    pub owner: Option<String>,
    /// The USD1 cash adapter.
    pub cash_adapter: String,
    /// The identity registry.
    pub registry: String,
    /// Longest settlement window in seconds (default 30 days, at most one year).
    pub max_settlement_window: Option<u64>,
    /// Addresses granted the `settlement_operator` role at once (brokers creating trades for
    /// their clients).
    pub settlement_operators: Vec<String>,
}

/// Settlement messages.
#[cw_serde]
pub enum ExecuteMsg {
    /// Create a trade on holds: 1 to 8 legs (security units on allowed tokens, USD1 between
    /// cash accounts), a deadline (bounded by the settlement window), an optional approver,
    /// venue reference and earliest settlement time. By a wallet of one of the legs or a holder
    /// of the contract's `settlement_operator` role. Each leg is then affirmed by a hold its
    /// delivering party places naming the escrow (see [`Trade`], [`Affirmation`]).
    CreateTrade {
        /// The legs.
        legs: Vec<LegRequest>,
        /// Settlement strictly before this time.
        deadline: Timestamp,
        /// Settlement from this time, if set (before the deadline).
        settle_not_before: Option<Timestamp>,
        /// An approver (e.g. the venue), if any.
        approver: Option<String>,
        /// The venue's reference, 1 to 128 characters, if any.
        venue_reference: Option<String>,
    },
    /// The notary notification of hold-and-notify (sent by an allowed token or the cash adapter
    /// when a hold naming the escrow is placed): the hold affirms the leg its message names, if
    /// it matches the leg (owner, payee, amount, whole execution, expiry at or after the
    /// deadline, reference `settlement:<id>`); anything else is refused, which reverts the
    /// placement. Settles the trade when it is the last affirmation and the message asks so.
    HoldPlaced(HoldPlaced),
    /// Settle a trade whose every leg is affirmed by a live hold: executes every hold in this
    /// transaction (all or none). By the approver when the trade has one, else by anyone; from
    /// `settle_not_before`, strictly before the deadline. A refused execution (the receiver no
    /// longer eligible, a frozen wallet, an unhealthy cash leg) reverts the whole settlement.
    SettleTrade {
        /// The trade.
        trade_id: u64,
    },
    /// The delivering party of a leg takes its affirmation back before every leg is affirmed:
    /// the escrow releases the leg's hold.
    WithdrawAffirmation {
        /// The trade.
        trade_id: u64,
        /// The leg index.
        leg: u8,
    },
    /// Cancel an open trade, releasing every hold the escrow notarised for it. Before every leg
    /// is affirmed: any party. Once every leg is affirmed nobody withdraws alone: the approver;
    /// the transfer agent of a security leg's token with a legal reference; or every party
    /// (each call records one party's request; the last one cancels).
    CancelTrade {
        /// The trade.
        trade_id: u64,
        /// Required of the token's transfer agent (1 to 128 characters).
        legal_reference: Option<String>,
    },
    /// From the deadline, anyone expires an open trade: every hold the escrow notarised for it
    /// is released (the holds also become releasable by anyone at their own expiry).
    ExpireTrade {
        /// The trade.
        trade_id: u64,
    },
    /// Put a security token on the allow-list (owner only) with the checksum of its audited
    /// code, which must match the code the token runs now; a trade of it is refused once its
    /// code changes.
    AllowToken {
        /// The token contract.
        token: String,
        /// The expected checksum (SHA-256) of the token's code.
        checksum: HexBinary,
    },
    /// Take a token off the allow-list (owner only): no new trade of it. Open trades still
    /// settle, cancel and expire.
    DisallowToken {
        /// The token contract.
        token: String,
    },
    /// Change the longest settlement window (owner only; at most one year).
    SetMaxSettlementWindow {
        /// Seconds.
        seconds: u64,
    },
    /// Two-step ownership transfer: propose (owner), accept (pending owner), renounce (owner).
    UpdateOwnership(OwnershipAction),
    /// Grant or revoke (owner) or renounce (holder) a role. Roles used: `settlement_operator`.
    UpdateRoles(RoleAction),
}

/// Settlement queries.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The configuration.
    #[returns(Config)]
    Config {},
    /// A trade on holds.
    #[returns(Trade)]
    Trade {
        /// Trade id.
        id: u64,
    },
    /// Trades on holds where `party` delivers or receives a leg, in id order, one page.
    #[returns(TradesResponse)]
    TradesByParty {
        /// The wallet.
        party: String,
        /// Last id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// Allowed tokens in address order, one page.
    #[returns(AllowedTokensResponse)]
    AllowedTokens {
        /// Last token of the previous page.
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

/// Migrate the settlement contract (no parameters).
#[cw_serde]
pub struct MigrateMsg {}

/// Typed handle on a deployed settlement contract.
#[cw_serde]
pub struct Settlement(pub Addr);
