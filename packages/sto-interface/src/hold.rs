//! Holds: units or cash earmarked for a settlement, left in the owner's balance until the notary
//! executes them to the payee or they are released.
//!
//! The token and the cash adapter share this shape, the notary callback and the boundary rule:
//! a hold is **executable iff `now < expires`** and **releasable by anyone iff `now >= expires`**.
//! Each contract assigns ids from its own sequence and publishes its holds at a raw-readable key
//! (see [`crate::token::layout`] and [`crate::cash::layout`]), so a notary reads a hold with one
//! exact-key read.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Addr, Binary, CosmosMsg, StdResult, Timestamp, Uint128, WasmMsg,
};

/// Longest hold reference.
pub const MAX_HOLD_REFERENCE_LEN: usize = 128;

/// Where a hold stands. `Open` is the only state from which it can change; the others are final.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum HoldStatus {
    /// Placed; the remainder may be executed (before expiry) or released.
    Open,
    /// Executed to the payee in full (the last execution brought the remainder to zero).
    Executed,
    /// Released: the remainder returned to the owner's available balance.
    Released,
    /// Cut to zero by an agent movement (forced transfer, redemption, burn) or a seizure.
    Cut,
}

impl HoldStatus {
    /// The snake_case name used in events.
    pub fn as_str(&self) -> &'static str {
        match self {
            HoldStatus::Open => "open",
            HoldStatus::Executed => "executed",
            HoldStatus::Released => "released",
            HoldStatus::Cut => "cut",
        }
    }
}

/// One hold, as stored and as answered by the queries.
#[cw_serde]
pub struct Hold {
    /// Id assigned by the contract that keeps the hold (never reused).
    pub id: u64,
    /// Whose units: a wallet address on the token, a cash account key at the adapter (an
    /// investor id, or a system contract's address).
    pub owner: String,
    /// The contract allowed to execute the hold (to the payee only) and to release it early.
    pub notary: Addr,
    /// Who receives the units when the hold is executed; fixed at placement.
    pub payee: String,
    /// Amount held at placement.
    pub amount: Uint128,
    /// Amount executed to the payee so far.
    pub executed: Uint128,
    /// Amount cut by agent movements so far.
    pub cut: Uint128,
    /// Executable strictly before this time; releasable by anyone from this time on.
    pub expires: Timestamp,
    /// The securities event the hold belongs to (e.g. `settlement:7`), 1-128 characters.
    pub reference: String,
    /// Whether the notary may execute part of the remainder (otherwise all of it at once).
    pub partial: bool,
    /// Who placed it: the owner's wallet, or an operator the owner authorised.
    pub placed_by: Addr,
    /// Where the hold stands.
    pub status: HoldStatus,
}

impl Hold {
    /// What is still held: `amount - executed - cut` (zero once the hold is final).
    pub fn remaining(&self) -> Uint128 {
        if self.status != HoldStatus::Open {
            return Uint128::zero();
        }
        self.amount
            .saturating_sub(self.executed)
            .saturating_sub(self.cut)
    }

    /// Whether the notary may execute it at `now` (open and `now < expires`).
    pub fn is_executable(&self, now: Timestamp) -> bool {
        self.status == HoldStatus::Open && now < self.expires
    }

    /// Whether anyone may release it at `now` (open and `now >= expires`).
    pub fn is_releasable_by_anyone(&self, now: Timestamp) -> bool {
        self.status == HoldStatus::Open && now >= self.expires
    }
}

/// What an owner (or its operator) asks for when placing a hold. The contract assigns the id,
/// stores the hold, then calls the notary with [`NotaryExecuteMsg::HoldPlaced`]; if the notary
/// fails the call, nothing is held.
#[cw_serde]
pub struct HoldRequest {
    /// The notary contract (must be registered with the contract keeping the hold).
    pub notary: String,
    /// Who receives the units on execution (a wallet on the token, a cash account key at the
    /// adapter).
    pub payee: String,
    /// Amount to hold (> 0, at most what is available).
    pub amount: Uint128,
    /// Expiry: after the block time and at most the contract's maximum hold duration ahead.
    pub expires: Timestamp,
    /// The securities event the hold belongs to, 1-128 characters.
    pub reference: String,
    /// Whether the notary may execute part of the remainder.
    pub partial: bool,
    /// Passed to the notary untouched (e.g. which instruction and leg the hold affirms).
    pub msg: Option<Binary>,
}

/// The notary's side of hold-and-notify: the message a notary contract receives when a hold
/// naming it is placed. `info.sender` is the contract keeping the hold (a token or the cash
/// adapter).
#[cw_serde]
pub enum NotaryExecuteMsg {
    /// A hold naming this notary was just placed; fail the call to refuse it (the placement is
    /// then reverted).
    HoldPlaced(HoldPlaced),
}

/// Payload of [`NotaryExecuteMsg::HoldPlaced`].
#[cw_serde]
pub struct HoldPlaced {
    /// The hold as stored.
    pub hold: Hold,
    /// The placer's message for the notary, untouched.
    pub msg: Option<Binary>,
}

impl HoldPlaced {
    /// The `WasmMsg` that notifies `notary`.
    pub fn into_cosmos_msg(self, notary: &Addr) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Execute {
            contract_addr: notary.to_string(),
            msg: to_json_binary(&NotaryExecuteMsg::HoldPlaced(self))?,
            funds: vec![],
        }
        .into())
    }
}

/// Answer of a paginated holds query.
#[cw_serde]
pub struct HoldsResponse {
    /// Holds in id order.
    pub holds: Vec<Hold>,
    /// Whether more holds follow the last one.
    pub has_more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hold() -> Hold {
        Hold {
            id: 1,
            owner: "alice".into(),
            notary: Addr::unchecked("notary"),
            payee: "bob".into(),
            amount: Uint128::new(100),
            executed: Uint128::new(30),
            cut: Uint128::new(20),
            expires: Timestamp::from_seconds(1_000),
            reference: "settlement:1".into(),
            partial: true,
            placed_by: Addr::unchecked("alice"),
            status: HoldStatus::Open,
        }
    }

    #[test]
    fn one_boundary_rule_for_execution_and_release() {
        let h = hold();
        assert!(h.is_executable(Timestamp::from_seconds(999)));
        assert!(!h.is_releasable_by_anyone(Timestamp::from_seconds(999)));
        assert!(!h.is_executable(Timestamp::from_seconds(1_000)));
        assert!(h.is_releasable_by_anyone(Timestamp::from_seconds(1_000)));
    }

    #[test]
    fn remaining_is_zero_once_final() {
        let mut h = hold();
        assert_eq!(h.remaining(), Uint128::new(50));
        h.status = HoldStatus::Released;
        assert_eq!(h.remaining(), Uint128::zero());
        assert!(!h.is_executable(Timestamp::from_seconds(0)));
        assert!(!h.is_releasable_by_anyone(Timestamp::from_seconds(2_000)));
    }
}
