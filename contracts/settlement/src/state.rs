//! Every storage key of the settlement contract.
//!
//! | key | type | what |
//! |-----|------|------|
//! | `contract_info` | cw2 | contract name and version |
//! | `ownership` | `Ownership<Addr>` | owner and pending owner (sto-access) |
//! | `roles` | `(role, Addr) -> ()` | role members (sto-access) |
//! | `config` | `Config` | cash adapter, registry, longest settlement window |
//! | `tokens` | `token -> AllowedToken` | allow-list of tokens, pinned to their code |
//! | `trade_seq` | `u64` | last trade id |
//! | `trade` | `id -> TradeTerms` | immutable terms, written once at creation |
//! | `trade_st` | `id -> TradeState` | status, affirming hold per leg, cancel requests, finality |
//! | `trade_party` | `(party, id) -> ()` | index: trades by every wallet of their legs |

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Empty, StdResult, Storage, Timestamp};
use cw_storage_plus::{Item, Map};
use sto_interface::settlement::{AllowedToken, Config, Trade, TradeLeg, TradeStatus};

/// Contract name recorded by cw2.
pub const CONTRACT_NAME: &str = "crates.io:settlement";
/// Contract version recorded by cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The configuration.
pub const CONFIG: Item<Config> = Item::new("config");
/// Tokens that may be traded, with the code they ran when allowed.
pub const ALLOWED_TOKENS: Map<&Addr, AllowedToken> = Map::new("tokens");
/// Last trade id handed out (ids start at 1).
pub const TRADE_SEQ: Item<u64> = Item::new("trade_seq");

/// The immutable terms of a trade, written once at creation.
#[cw_serde]
pub struct TradeTerms {
    /// The legs.
    pub legs: Vec<TradeLeg>,
    /// Settlement strictly before this time.
    pub deadline: Timestamp,
    /// Settlement from this time, if set.
    pub settle_not_before: Option<Timestamp>,
    /// The approver, if any.
    pub approver: Option<Addr>,
    /// The venue's reference, if any.
    pub venue_reference: Option<String>,
    /// Who created it.
    pub created_by: Addr,
    /// Block time of creation.
    pub created_at: Timestamp,
}

/// What changes on a trade: a small record rewritten by affirmations and the close.
#[cw_serde]
pub struct TradeState {
    /// Where it stands.
    pub status: TradeStatus,
    /// Per leg, the hold that affirmed it.
    pub holds: Vec<Option<u64>>,
    /// Parties that asked to cancel once every leg was affirmed.
    pub cancel_requests: Vec<Addr>,
    /// Height of the settlement, cancel or expiry.
    pub closed_height: Option<u64>,
    /// Block time of the settlement, cancel or expiry.
    pub closed_at: Option<Timestamp>,
    /// Legal reference of a cancel by a token's transfer agent.
    pub legal_reference: Option<String>,
}

/// Terms of trades by id.
pub const TRADE_TERMS: Map<u64, TradeTerms> = Map::new("trade");
/// State of trades by id.
pub const TRADE_STATES: Map<u64, TradeState> = Map::new("trade_st");
/// Index of trades by every wallet of their legs.
pub const TRADES_BY_PARTY: Map<(&Addr, u64), Empty> = Map::new("trade_party");

/// Hand out the next trade id.
pub fn next_trade_id(storage: &mut dyn Storage) -> StdResult<u64> {
    let id = TRADE_SEQ
        .may_load(storage)?
        .unwrap_or_default()
        .saturating_add(1);
    TRADE_SEQ.save(storage, &id)?;
    Ok(id)
}

/// A trade as answered by the queries: its terms and its state.
pub fn trade(id: u64, terms: TradeTerms, state: TradeState) -> Trade {
    Trade {
        id,
        legs: terms.legs,
        deadline: terms.deadline,
        settle_not_before: terms.settle_not_before,
        approver: terms.approver,
        venue_reference: terms.venue_reference,
        created_by: terms.created_by,
        created_at: terms.created_at,
        status: state.status,
        holds: state.holds,
        cancel_requests: state.cancel_requests,
        closed_height: state.closed_height,
        closed_at: state.closed_at,
        legal_reference: state.legal_reference,
    }
}
