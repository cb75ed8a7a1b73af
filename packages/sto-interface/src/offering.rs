//! Primary offerings paid in USD1 with subscriptions as cash holds at the cash adapter.
//!
//! * **Open** ([`ExecuteMsg::OpenOffering`]): a holder of the token's own `issuer` role names
//!   the token, the unit price, the units per investor, the soft and hard caps, the window
//!   `[start, end)`, a grace period for allocation and the issuer's cash account.
//! * **Subscribe**: the investor (or the operator of its cash account, e.g. a custodian) places
//!   a cash hold at the adapter ([`crate::cash::ExecuteMsg::PlaceHold`] or a deposit with a
//!   hold) naming this contract as notary, the issuer's cash account as payee,
//!   [`offering_reference`] as reference, `partial: true`, an expiry at or after the
//!   allocation deadline, `units x unit_price` as amount and a [`SubscriptionMsg`] as `msg`.
//!   The adapter calls [`ExecuteMsg::HoldPlaced`]; a refusal reverts the placement.
//! * **Close** ([`ExecuteMsg::Close`]): anyone, from `end`: the outcome and the allocation
//!   ratio `min(1, hard_cap / subscribed)` are recorded.
//! * **Allocate** ([`ExecuteMsg::Allocate`]): per subscriber, in one transaction, the hold is
//!   executed for `floor(units x hard_cap / subscribed) x unit_price` (all of it when not
//!   oversubscribed), the units are issued to the subscriber's wallet and the rest of the hold
//!   is released. A failed offering releases every hold.
//!
//! Every execute is sealed into the contract's audit trail ([`QueryMsg::Audit`]).

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{
    to_json_binary, Addr, Binary, CosmosMsg, CustomQuery, Decimal, HexBinary, QuerierWrapper,
    StdResult, Timestamp, Uint128, WasmMsg,
};

use crate::audit::AuditResponse;
use crate::common::Jurisdiction;
use crate::hold::HoldPlaced;
use crate::token::ReasonCode;
use sto_access::{Ownership, OwnershipAction};

/// Latest end of a subscription window, in seconds after the opening (one 365-day year).
pub const MAX_WINDOW_HORIZON: u64 = 365 * 24 * 3600;
/// Shortest grace period for allocation after the window (one hour).
pub const MIN_GRACE: u64 = 3600;
/// Longest grace period for allocation after the window (30 days).
pub const MAX_GRACE: u64 = 30 * 24 * 3600;
/// Latest end of an issuance lock, in seconds after the allocation deadline (ten 365-day
/// years).
pub const MAX_LOCK_HORIZON: u64 = 10 * 365 * 24 * 3600;
/// Longest offering reference, in bytes.
pub const MAX_REFERENCE_LEN: usize = 64;
/// Most subscribers one `allocate` settles.
pub const MAX_ALLOCATION_PAGE: usize = 20;

/// The reference every subscription hold of offering `id` carries (`primary_offering:<id>`);
/// the same text names the offering in the token's issuance events.
pub fn offering_reference(id: u64) -> String {
    format!("primary_offering:{id}")
}

/// Instantiate the primary-offering contract.
#[cw_serde]
pub struct InstantiateMsg {
    /// Owner (two-step ownership); the sender when absent.
    pub owner: Option<String>,
    /// The cash adapter keeping the subscription holds: the only sender of `hold_placed`.
    pub cash_adapter: String,
}

/// Execute messages.
#[cw_serde]
pub enum ExecuteMsg {
    /// Open an offering of `token`. The sender must hold the token's own `issuer` role; this
    /// contract must hold the token's `minter` role.
    OpenOffering(OfferingTerms),
    /// The cash adapter notifies a subscription hold naming this contract as notary
    /// (`sto_interface::hold::NotaryExecuteMsg` wire shape). Refused unless the sender is the
    /// configured adapter and the hold matches the offering named in its [`SubscriptionMsg`].
    HoldPlaced(HoldPlaced),
    /// Record the outcome of an offering whose window is over (anyone, once, from `end`).
    Close {
        /// Offering id.
        offering_id: u64,
    },
    /// Settle subscriptions of a closed offering, each in full or not at all: execute the
    /// allocated part of the hold to the issuer's cash account, issue the units, release the
    /// rest. A subscriber the token refuses at issuance is skipped with its reason and its
    /// hold released. On a succeeded offering before the allocation deadline: the issuer, the
    /// token's transfer agent, or (for its own subscription) the subscriber's wallet or the
    /// hold's placer; on a failed offering or from the deadline on (release only): anyone.
    Allocate {
        /// Offering id.
        offering_id: u64,
        /// Subscribers (cash account keys), 1 to 20, each once.
        investors: Vec<String>,
    },
    /// Put a token on the allow-list (owner only), pinned to its current code: offerings and
    /// subscriptions are accepted only for allowed tokens whose code id has not changed, since
    /// subscriptions read the token's published storage layout raw.
    AllowToken {
        /// The token contract.
        token: String,
        /// The expected checksum (SHA-256) of the token's code.
        checksum: HexBinary,
    },
    /// Take a token off the allow-list (owner only): no new offering or subscription of it.
    /// Open offerings of it still close and settle.
    DisallowToken {
        /// The token contract.
        token: String,
    },
    /// Two-step ownership transfer: propose (owner), accept (pending owner), renounce (owner).
    UpdateOwnership(OwnershipAction),
}

/// The terms of an offering, as the issuer opens it.
#[cw_serde]
pub struct OfferingTerms {
    /// The security token issued.
    pub token: String,
    /// Price of one unit in USD1's smallest unit (> 0).
    pub unit_price: Uint128,
    /// Fewest units one investor subscribes (> 0).
    pub min_units: Uint128,
    /// Most units one investor subscribes (at least `min_units`, at most `hard_cap`).
    pub max_units: Uint128,
    /// Units that must be subscribed for the offering to succeed (at most `hard_cap`).
    pub soft_cap: Uint128,
    /// Most units issued (> 0); an oversubscribed offering is allocated pro rata.
    pub hard_cap: Uint128,
    /// First second of the subscription window (not before the current block time).
    pub start: Timestamp,
    /// End of the subscription window (exclusive): after `start`, at most one year after
    /// now.
    pub end: Timestamp,
    /// Seconds after `end` during which allocations execute holds (1 hour to 30 days).
    /// Subscription holds must expire at or after `end + grace`.
    pub grace: u64,
    /// The issuer's cash account at the adapter (investor id or client address): the
    /// payee of every subscription hold. Must exist.
    pub issuer_account: String,
    /// When set, issued units stay locked at the token until this time: after
    /// `end + grace`, at most ten years after it.
    pub lock_until: Option<Timestamp>,
    /// The issuer's reference for the offering (prospectus, ISIN), 1-64 bytes.
    pub reference: String,
}

/// The `msg` of a subscription hold, read by [`ExecuteMsg::HoldPlaced`].
#[cw_serde]
pub struct SubscriptionMsg {
    /// Offering id.
    pub offering_id: u64,
    /// Units subscribed; the hold amount must be `units x unit_price`.
    pub units: Uint128,
    /// The wallet issued to: a wallet of the investor owning the held cash account. The hold's
    /// placer when absent (then the placer must be such a wallet).
    pub wallet: Option<String>,
}

impl SubscriptionMsg {
    /// The JSON binary carried in the hold request's `msg`.
    pub fn to_binary(&self) -> StdResult<Binary> {
        to_json_binary(self)
    }
}

/// Query messages.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The configuration.
    #[returns(Config)]
    Config {},
    /// One offering.
    #[returns(Offering)]
    Offering {
        /// Offering id.
        id: u64,
    },
    /// Offerings in id order, one page.
    #[returns(OfferingsResponse)]
    Offerings {
        /// Last id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 30, at most 100).
        limit: Option<u32>,
    },
    /// One subscriber's subscription (absent when it has none).
    #[returns(SubscriptionResponse)]
    Subscription {
        /// Offering id.
        offering_id: u64,
        /// The subscriber's cash account key.
        investor: String,
    },
    /// Subscriptions of an offering in investor order, one page.
    #[returns(SubscriptionsResponse)]
    Subscriptions {
        /// Offering id.
        offering_id: u64,
        /// Last investor of the previous page.
        start_after: Option<String>,
        /// Page size (default 30, at most 100).
        limit: Option<u32>,
    },
    /// Tokens on the allow-list in address order, one page.
    #[returns(AllowedTokensResponse)]
    AllowedTokens {
        /// Last token of the previous page.
        start_after: Option<String>,
        /// Page size (default 30, at most 100).
        limit: Option<u32>,
    },
    /// Head of the contract's audit trail (sequence number and rolling hash).
    #[returns(AuditResponse)]
    Audit {},
    /// Current owner, pending owner and its expiry.
    #[returns(Ownership<String>)]
    Ownership {},
}

/// Migrate the contract (no parameters).
#[cw_serde]
pub struct MigrateMsg {}

/// The configuration.
#[cw_serde]
pub struct Config {
    /// The cash adapter keeping the subscription holds.
    pub cash_adapter: Addr,
}

pub use crate::allowlist::{AllowedToken, AllowedTokensResponse};

/// Where an offering stands.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum OfferingStatus {
    /// Accepting subscriptions inside its window; not closed yet.
    Open,
    /// Closed with at least the soft cap subscribed: allocations issue units.
    Succeeded,
    /// Closed below the soft cap (or with nothing subscribed): every hold is released.
    Failed,
}

impl OfferingStatus {
    /// The snake_case name used in events.
    pub fn as_str(&self) -> &'static str {
        match self {
            OfferingStatus::Open => "open",
            OfferingStatus::Succeeded => "succeeded",
            OfferingStatus::Failed => "failed",
        }
    }
}

/// An offering: its terms and running totals.
#[cw_serde]
pub struct Offering {
    /// Offering id (from 1).
    pub id: u64,
    /// The security token issued.
    pub token: Addr,
    /// Who opened it (a holder of the token's `issuer` role).
    pub issuer: Addr,
    /// The issuer's cash account: payee of every subscription hold.
    pub issuer_account: String,
    /// Price of one unit in USD1's smallest unit.
    pub unit_price: Uint128,
    /// Fewest units per investor.
    pub min_units: Uint128,
    /// Most units per investor.
    pub max_units: Uint128,
    /// Units needed to succeed.
    pub soft_cap: Uint128,
    /// Most units issued.
    pub hard_cap: Uint128,
    /// First second of the window.
    pub start: Timestamp,
    /// End of the window (exclusive).
    pub end: Timestamp,
    /// Grace period for allocation after `end`, in seconds.
    pub grace: u64,
    /// `end + grace`: allocations execute holds strictly before it; subscription holds expire
    /// at or after it.
    pub allocation_deadline: Timestamp,
    /// Issued units are locked at the token until this time, when set.
    pub lock_until: Option<Timestamp>,
    /// The issuer's reference.
    pub reference: String,
    /// Where it stands.
    pub status: OfferingStatus,
    /// Number of subscriptions.
    pub subscribers: u64,
    /// Units subscribed in total.
    pub subscribed_units: Uint128,
    /// Cash held by the subscriptions in total (`subscribed_units x unit_price`).
    pub held: Uint128,
    /// The close record, once closed.
    pub close: Option<OfferingClose>,
    /// Number of subscriptions settled by `allocate`.
    pub settled: u64,
    /// Of them, skipped because the token refused the issuance.
    pub skipped: u64,
    /// Units issued so far.
    pub units_issued: Uint128,
    /// Cash executed to the issuer's account so far (`units_issued x unit_price`).
    pub executed: Uint128,
    /// Cash released back to subscribers so far (released by this contract, or found released
    /// at the adapter after expiry).
    pub released: Uint128,
}

/// What `close` recorded.
#[cw_serde]
pub struct OfferingClose {
    /// Block time of the close.
    pub closed_at: Timestamp,
    /// Who closed it.
    pub closed_by: Addr,
    /// Units to allot: `min(hard_cap, subscribed)` when succeeded, zero when failed.
    pub allotted_units: Uint128,
    /// `min(1, hard_cap / subscribed)`, rounded down to 18 decimals (zero when failed). For
    /// display: allocations use the exact fraction `allotted_units / subscribed_units`.
    pub ratio: Decimal,
}

/// How a subscription was settled.
#[cw_serde]
pub enum SettlementOutcome {
    /// Units issued (possibly zero after pro-rata rounding), the rest of the hold released.
    Allocated {},
    /// The token refused the issuance: nothing issued, the hold released.
    Skipped {
        /// The token's first recipient-side reason.
        reason: ReasonCode,
    },
    /// The offering failed: the hold released.
    Refunded {},
    /// The allocation deadline or the hold's expiry passed before allocation: the hold
    /// released (by this contract, or found already released at the adapter).
    Lapsed {},
}

impl SettlementOutcome {
    /// The snake_case name used in events.
    pub fn as_str(&self) -> &'static str {
        match self {
            SettlementOutcome::Allocated {} => "allocated",
            SettlementOutcome::Skipped { .. } => "skipped",
            SettlementOutcome::Refunded {} => "refunded",
            SettlementOutcome::Lapsed {} => "lapsed",
        }
    }
}

/// A settled subscription's figures.
#[cw_serde]
pub struct Settlement {
    /// How it was settled.
    pub outcome: SettlementOutcome,
    /// Units issued.
    pub units: Uint128,
    /// Cash executed to the issuer's account (`units x unit_price`).
    pub executed: Uint128,
    /// Cash released to the subscriber's account.
    pub released: Uint128,
    /// Block time of the settlement.
    pub at: Timestamp,
}

/// One subscription.
#[cw_serde]
pub struct Subscription {
    /// Offering id.
    pub offering_id: u64,
    /// The subscriber: the held cash account's key (its investor id).
    pub investor: String,
    /// The wallet issued to.
    pub wallet: Addr,
    /// The cash hold at the adapter.
    pub hold_id: u64,
    /// Who placed the hold (the wallet or the account's operator).
    pub placed_by: Addr,
    /// Units subscribed.
    pub units: Uint128,
    /// Cash held (`units x unit_price`).
    pub amount: Uint128,
    /// Set when the investor held none of the token at subscription: the jurisdiction it is
    /// counted in as a coming holder against the token's holder caps until settled.
    pub new_holder: Option<Jurisdiction>,
    /// The settlement, once allocated.
    pub settlement: Option<Settlement>,
}

/// One page of offerings.
#[cw_serde]
pub struct OfferingsResponse {
    /// Offerings in id order.
    pub offerings: Vec<Offering>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// Answer of `subscription`.
#[cw_serde]
pub struct SubscriptionResponse {
    /// The subscription, absent when the investor has none in the offering.
    pub subscription: Option<Subscription>,
}

/// One page of subscriptions.
#[cw_serde]
pub struct SubscriptionsResponse {
    /// Subscriptions in investor order.
    pub subscriptions: Vec<Subscription>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// Typed handle on a deployed primary-offering contract.
#[cw_serde]
pub struct PrimaryOffering(pub Addr);

impl PrimaryOffering {
    /// The contract's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// A message executing `msg` on the contract.
    pub fn call(&self, msg: &ExecuteMsg) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Execute {
            contract_addr: self.0.to_string(),
            msg: to_json_binary(msg)?,
            funds: vec![],
        }
        .into())
    }

    /// One offering.
    pub fn offering<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        id: u64,
    ) -> StdResult<Offering> {
        querier.query_wasm_smart(self.0.clone(), &QueryMsg::Offering { id })
    }

    /// One subscriber's subscription.
    pub fn subscription<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        offering_id: u64,
        investor: impl Into<String>,
    ) -> StdResult<Option<Subscription>> {
        let res: SubscriptionResponse = querier.query_wasm_smart(
            self.0.clone(),
            &QueryMsg::Subscription {
                offering_id,
                investor: investor.into(),
            },
        )?;
        Ok(res.subscription)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::from_json;

    #[test]
    fn the_reference_names_the_offering() {
        assert_eq!(offering_reference(7), "primary_offering:7");
    }

    #[test]
    fn hold_placed_has_the_notary_wire_shape() {
        use crate::hold::{Hold, HoldStatus, NotaryExecuteMsg};
        let placed = HoldPlaced {
            hold: Hold {
                id: 1,
                owner: "INV-1".into(),
                notary: Addr::unchecked("notary"),
                payee: "ISSUER".into(),
                amount: Uint128::new(100),
                executed: Uint128::zero(),
                cut: Uint128::zero(),
                expires: Timestamp::from_seconds(10),
                reference: offering_reference(1),
                partial: true,
                placed_by: Addr::unchecked("wallet"),
                status: HoldStatus::Open,
            },
            msg: None,
        };
        let wire = to_json_binary(&NotaryExecuteMsg::HoldPlaced(placed.clone())).unwrap();
        assert_eq!(
            from_json::<ExecuteMsg>(&wire).unwrap(),
            ExecuteMsg::HoldPlaced(placed)
        );
    }
}
