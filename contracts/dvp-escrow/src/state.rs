//! Every storage key of the escrow.
//!
//! | key | type | what |
//! |-----|------|------|
//! | `contract_info` | cw2 | contract name and version |
//! | `ownership` | `Ownership<Addr>` | owner and pending owner (sto-access) |
//! | `roles` | `(role, Addr) -> ()` | role members (sto-access) |
//! | `config` | [`Config`] | cash adapter and registry |
//! | `limits` | `Limits` | longest settlement and offering windows (defaults when absent) |
//! | `tokens` | `token -> AllowedToken` | allow-list of tradable tokens |
//! | `owed_tokens` | `token -> Uint128` | securities owed: open legs plus open parked refunds |
//! | `surplus_returned` | `asset -> Uint128` | surplus returned by the owner, per asset |
//! | `instr_seq` | `u64` | last instruction id |
//! | `instr` | `id -> SettlementInstruction` | instructions |
//! | `instr_party` | `(party, id) -> ()` | index: instructions by seller and by buyer |
//! | `final` | `id -> FinalityRecord` | immutable finality records of settled instructions |
//! | `final_party` | `(party, id) -> ()` | index: finality records by seller and by buyer |
//! | `final_token` | `(token, id) -> ()` | index: finality records by token |
//! | `escrowed`, `escrowed__check`, `escrowed__change` | `(token, seller) -> Uint128` | snapshot per block of securities held for a seller |
//! | `cash_pos` | `party -> CashPosition` | cash locked / to deliver in open instructions |
//! | `sec_pos` | `(party, token) -> SecurityPosition` | securities locked / to deliver in open instructions |
//! | `parked_seq` | `u64` | last parked security refund id |
//! | `parked` | `id -> ParkedSecurityRefund` | parked security refunds (open and resolved) |
//! | `parked_open` | `id -> ()` | index: parked refunds not yet delivered |
//! | `offer_seq` | `u64` | last offering id |
//! | `offer` | `id -> Offering` | offerings |
//! | `sub` | `(offering id, subscriber) -> Subscription` | subscriptions per wallet |
//! | `sub_investor` | `(offering id, investor id) -> Uint128` | units subscribed per investor (all wallets) |

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Empty, Uint128};
use cw_storage_plus::{Item, Map, SnapshotMap, Strategy};
use sto_interface::escrow::{
    AllowedToken, FinalityRecord, Limits, Offering, ParkedSecurityRefund, SettlementInstruction,
    Subscription,
};

/// Contract name recorded by cw2.
pub const CONTRACT_NAME: &str = "crates.io:dvp-escrow";
/// Contract version recorded by cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The contracts the escrow calls.
#[cw_serde]
pub struct Config {
    /// The USD1 cash adapter (the escrow is one of its clients).
    pub cash_adapter: Addr,
    /// The identity registry (raw eligibility reads).
    pub registry: Addr,
}

/// A party's cash in open instructions (as buyer).
#[cw_serde]
#[derive(Default)]
pub struct CashPosition {
    /// Cash legs delivered, waiting for settlement.
    pub locked: Uint128,
    /// Cash legs still to deliver.
    pub to_deliver: Uint128,
}

/// A party's securities of one token in open instructions (as seller).
#[cw_serde]
#[derive(Default)]
pub struct SecurityPosition {
    /// Security legs delivered, waiting for settlement.
    pub locked: Uint128,
    /// Security legs still to deliver.
    pub to_deliver: Uint128,
}

/// Cash adapter and registry.
pub const CONFIG: Item<Config> = Item::new("config");

/// Longest settlement and offering windows; [`Limits::default`] until the owner changes them.
pub const LIMITS: Item<Limits> = Item::new("limits");

/// The limits in force.
pub fn limits(storage: &dyn cosmwasm_std::Storage) -> cosmwasm_std::StdResult<Limits> {
    Ok(LIMITS.may_load(storage)?.unwrap_or_default())
}

/// Tokens that may be traded and offered, with the code they ran when allowed.
pub const ALLOWED_TOKENS: Map<&Addr, AllowedToken> = Map::new("tokens");

/// Securities of each token the escrow owes: funded legs of open instructions plus open parked
/// refunds (the sum of `escrowed` over sellers, kept in step by every change of it).
pub const OWED_TOKENS: Map<&Addr, Uint128> = Map::new("owed_tokens");
/// Surplus returned by the owner, per asset (`cw20:<addr>` or `native:<denom>`).
pub const SURPLUS_RETURNED: Map<&str, Uint128> = Map::new("surplus_returned");

/// Last instruction id handed out (ids start at 1).
pub const INSTRUCTION_SEQ: Item<u64> = Item::new("instr_seq");
/// Instructions by id.
pub const INSTRUCTIONS: Map<u64, SettlementInstruction> = Map::new("instr");
/// Index of instructions by party (seller and buyer each get an entry).
pub const INSTRUCTIONS_BY_PARTY: Map<(&Addr, u64), Empty> = Map::new("instr_party");

/// Finality records by instruction id; written once at settlement, never changed.
pub const FINALITY: Map<u64, FinalityRecord> = Map::new("final");
/// Index of finality records by party (seller and buyer).
pub const FINALITY_BY_PARTY: Map<(&Addr, u64), Empty> = Map::new("final_party");
/// Index of finality records by token.
pub const FINALITY_BY_TOKEN: Map<(&Addr, u64), Empty> = Map::new("final_token");

/// Securities held in the escrow for a seller, per `(token, seller)`, snapshotted every block
/// (answers `escrowed_at`). Includes parked security refunds (still owed to the seller).
/// Zero entries are removed.
pub const ESCROWED: SnapshotMap<(&Addr, &Addr), Uint128> = SnapshotMap::new(
    "escrowed",
    "escrowed__check",
    "escrowed__change",
    Strategy::EveryBlock,
);

/// Cash per buyer in open instructions (pre-funding view).
pub const CASH_POSITIONS: Map<&Addr, CashPosition> = Map::new("cash_pos");
/// Securities per `(seller, token)` in open instructions (pre-funding view).
pub const SECURITY_POSITIONS: Map<(&Addr, &Addr), SecurityPosition> = Map::new("sec_pos");

/// Last parked security refund id handed out (ids start at 1).
pub const PARKED_SEQ: Item<u64> = Item::new("parked_seq");
/// Parked security refunds by id, open and resolved.
pub const PARKED: Map<u64, ParkedSecurityRefund> = Map::new("parked");
/// Index of parked security refunds not yet delivered.
pub const PARKED_OPEN: Map<u64, Empty> = Map::new("parked_open");

/// Last offering id handed out (ids start at 1).
pub const OFFERING_SEQ: Item<u64> = Item::new("offer_seq");
/// Offerings by id.
pub const OFFERINGS: Map<u64, Offering> = Map::new("offer");
/// Subscriptions by `(offering id, subscriber wallet)`.
pub const SUBSCRIPTIONS: Map<(u64, &Addr), Subscription> = Map::new("sub");
/// Units subscribed per `(offering id, investor id)`, over all the investor's wallets.
pub const INVESTOR_UNITS: Map<(u64, &str), Uint128> = Map::new("sub_investor");

/// Hand out the next id of a sequence.
pub fn next_id(
    storage: &mut dyn cosmwasm_std::Storage,
    seq: &Item<u64>,
) -> cosmwasm_std::StdResult<u64> {
    let id = seq.may_load(storage)?.unwrap_or_default().saturating_add(1);
    seq.save(storage, &id)?;
    Ok(id)
}
