//! DvP escrow: atomic secondary settlement of a security against USD1, primary offerings, and
//! immutable finality records.
//!
//! * **Settlement instruction**: token, seller, buyer, quantity, cash amount, deadline. The
//!   seller delivers the security leg with a CW20 `send` of the token carrying
//!   [`ReceiveMsg::DeliverSecurities`]; the buyer delivers the cash leg through the cash adapter
//!   (`fund` with [`EventRef::Settlement`]), which calls the escrow's
//!   [`ExecuteMsg::CashReceived`]. When the second leg arrives (and any required approval is
//!   valid) both legs move in the same transaction, or nothing moves.
//! * **Primary offering**: investors fund with [`EventRef::Offering`]; after close each
//!   subscriber claims its excess cash (always releasable) and its tokens (minted by the escrow
//!   when the token accepts; the issuer is paid each allocation's cost as it is issued).
//! * **Escrowed quantities** per (token, seller) are snapshotted every block, so the
//!   corporate-actions distributor can pay the seller of record for tokens sitting in the escrow
//!   at a record height ([`QueryMsg::EscrowedAt`], [`DvpEscrow::escrowed_at`]).

use std::fmt;

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{
    to_json_binary, Addr, Binary, CosmosMsg, CustomQuery, HexBinary, QuerierWrapper, StdResult,
    Timestamp, Uint128, WasmMsg,
};
use cw20::Cw20ReceiveMsg;

use crate::cash::{AssetInfo, AssetInfoUnchecked, CashReceipt};
use crate::common::EventRef;
use sto_access::{
    HasRoleResponse, Ownership, OwnershipAction, Role, RoleAction, RoleMembersResponse,
};

/// Longest accepted external trade reference and legal reference.
pub const MAX_REFERENCE_LEN: usize = 128;

// ---------------------------------------------------------------------------------------------
// Settlement instructions
// ---------------------------------------------------------------------------------------------

/// Seconds in a day.
const DAY: u64 = 86_400;
/// Default longest settlement window: an instruction's deadline is at most this long after its
/// creation.
pub const DEFAULT_MAX_SETTLEMENT_WINDOW: u64 = 60 * DAY;
/// Default longest offering window: an offering closes at most this long after it is opened.
pub const DEFAULT_MAX_OFFERING_WINDOW: u64 = 90 * DAY;
/// Longest holding-period lock an offering may put on the units it issues (three years).
pub const MAX_HOLDING_PERIOD: u64 = 3 * 365 * DAY;
/// Ceiling of either window the owner may configure (a year): money committed to an
/// instruction or a subscription is never held longer.
pub const MAX_WINDOW_CEILING: u64 = 365 * DAY;

/// How long the escrow may hold what parties commit: bounds every deadline it accepts.
/// Changed by the owner with [`ExecuteMsg::UpdateLimits`], each within
/// `1..=`[`MAX_WINDOW_CEILING`] seconds.
#[cw_serde]
#[derive(Copy, Eq)]
pub struct Limits {
    /// Longest time from an instruction's creation to its deadline, in seconds.
    pub max_settlement_window: u64,
    /// Longest time from an offering's opening (the `open_offering` message) to its
    /// `closes_at`, in seconds.
    pub max_offering_window: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_settlement_window: DEFAULT_MAX_SETTLEMENT_WINDOW,
            max_offering_window: DEFAULT_MAX_OFFERING_WINDOW,
        }
    }
}

/// Most subscribers one [`ExecuteMsg::PushClaims`] page handles. Each entry issues through the
/// token and releases cash through the adapter and USD1 (about five contract calls), so a page
/// of five stays well under 3,000,000 SDK gas (see `BENCHMARKS.md`).
pub const MAX_PUSH_CLAIMS: u32 = 5;

/// Life cycle of a settlement instruction. Only `open` instructions change.
#[cw_serde]
#[derive(Copy, Eq, Hash)]
pub enum InstructionStatus {
    /// Waiting for legs, agreement or approval.
    Open,
    /// Both legs moved; a [`FinalityRecord`] exists.
    Settled,
    /// Cancelled before settlement; funded legs refunded (or parked).
    Cancelled,
    /// Expired after the deadline; funded legs refunded (or parked).
    Expired,
}

impl InstructionStatus {
    /// Stable snake_case name used in events.
    pub const fn as_str(&self) -> &'static str {
        match self {
            InstructionStatus::Open => "open",
            InstructionStatus::Settled => "settled",
            InstructionStatus::Cancelled => "cancelled",
            InstructionStatus::Expired => "expired",
        }
    }
}

impl fmt::Display for InstructionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which of the two parties did something (agreed, asked to cancel).
#[cw_serde]
#[derive(Copy, Eq, Default)]
pub struct PartyFlags {
    /// The seller did.
    pub seller: bool,
    /// The buyer did.
    pub buyer: bool,
}

/// An approver's affirmation.
#[cw_serde]
pub struct Approval {
    /// Block time of the affirmation.
    pub approved_at: Timestamp,
    /// The approval is valid strictly before this time; `None` never expires.
    pub expires_at: Option<Timestamp>,
}

impl Approval {
    /// Whether the approval is valid at `now`.
    pub fn is_valid(&self, now: Timestamp) -> bool {
        self.expires_at.is_none_or(|e| now < e)
    }
}

/// What happened to a funded leg when its instruction was cancelled or expired.
#[cw_serde]
pub enum LegRefund {
    /// The refund was sent to whoever funded the leg. For the cash leg the adapter may itself
    /// have parked it (recipient blocked): see the adapter's parked releases.
    Sent {
        /// Block time of the refund.
        at: Timestamp,
    },
    /// The token refused the security refund; it is parked in the escrow under this id.
    Parked {
        /// Id of the [`ParkedSecurityRefund`].
        parked_id: u64,
    },
}

/// A delivered leg of an instruction.
#[cw_serde]
pub struct FundedLeg {
    /// Who delivered it (the seller for securities, the buyer for cash).
    pub funded_by: Addr,
    /// Amount delivered: the quantity (security leg) or the cash amount (cash leg).
    pub amount: Uint128,
    /// Cash leg: the adapter's ledger id of the funding. `None` for the security leg.
    pub funding_id: Option<u64>,
    /// Block height of the delivery.
    pub funded_height: u64,
    /// Block time of the delivery.
    pub funded_at: Timestamp,
    /// Set when the leg was refunded (instruction cancelled or expired).
    pub refund: Option<LegRefund>,
}

/// A settlement instruction and its current state.
#[cw_serde]
pub struct SettlementInstruction {
    /// Sequential id, from 1; movements carry `EventRef::Settlement { id }`.
    pub id: u64,
    /// The security token.
    pub token: Addr,
    /// Delivers `quantity` of the token, receives `cash_amount`.
    pub seller: Addr,
    /// Delivers `cash_amount` of USD1, receives `quantity`.
    pub buyer: Addr,
    /// Token quantity, in the token's smallest unit.
    pub quantity: Uint128,
    /// USD1 amount, in the USD1 smallest unit.
    pub cash_amount: Uint128,
    /// Legs are accepted and settlement runs strictly before this time; at and after it anyone
    /// may expire the instruction.
    pub deadline: Timestamp,
    /// External trade reference (venue or broker ticket), if given.
    pub trade_reference: Option<String>,
    /// Whose affirmation is required before settlement, if anyone.
    pub approver: Option<Addr>,
    /// The approver's affirmation, once given.
    pub approval: Option<Approval>,
    /// Who created the instruction.
    pub created_by: Addr,
    /// True when the creator was a settlement operator acting for the parties (it may then
    /// cancel alone).
    pub created_by_operator: bool,
    /// Block time of creation.
    pub created_at: Timestamp,
    /// Parties that agreed to the terms (by creating, affirming or funding a leg).
    pub agreed: PartyFlags,
    /// Parties that asked to cancel.
    pub cancel_requested: PartyFlags,
    /// The security leg, once delivered by the seller.
    pub security_leg: Option<FundedLeg>,
    /// The cash leg, once delivered by the buyer through the adapter.
    pub cash_leg: Option<FundedLeg>,
    /// Current state.
    pub status: InstructionStatus,
    /// Block time the instruction left `open`.
    pub closed_at: Option<Timestamp>,
}

impl SettlementInstruction {
    /// The securities event of every movement of this instruction.
    pub fn reference(&self) -> EventRef {
        EventRef::Settlement { id: self.id }
    }
}

/// Immutable record of a settled instruction: what moved, when, and the references to find
/// both legs in the token's and the adapter's records.
#[cw_serde]
pub struct FinalityRecord {
    /// The instruction id (one record per settled instruction).
    pub instruction_id: u64,
    /// `EventRef::Settlement { id }`: the reference of both legs' movements.
    pub reference: EventRef,
    /// External trade reference, if the instruction had one.
    pub trade_reference: Option<String>,
    /// The security token.
    pub token: Addr,
    /// Seller: delivered the securities, received the cash.
    pub seller: Addr,
    /// Buyer: delivered the cash, received the securities.
    pub buyer: Addr,
    /// Security leg: quantity moved from the escrow to the buyer.
    pub quantity: Uint128,
    /// Height at which the seller delivered the security leg into the escrow.
    pub security_funded_height: u64,
    /// Cash leg: USD1 released by the adapter to the seller.
    pub cash_amount: Uint128,
    /// The adapter's ledger id of the buyer's cash funding.
    pub cash_funding_id: u64,
    /// Height at which the buyer delivered the cash leg.
    pub cash_funded_height: u64,
    /// The approver, if one was required.
    pub approver: Option<Addr>,
    /// Block height of settlement.
    pub settled_height: u64,
    /// Block time of settlement.
    pub settled_time: Timestamp,
}

/// A security refund the token refused (seller frozen, blocked, token paused...). The tokens
/// stay in the escrow, still counted as the seller's escrowed quantity, until delivered.
#[cw_serde]
pub struct ParkedSecurityRefund {
    /// Sequential id, from 1.
    pub id: u64,
    /// The instruction whose security leg it is.
    pub instruction_id: u64,
    /// The token.
    pub token: Addr,
    /// Who should receive it (the seller who delivered the leg).
    pub recipient: Addr,
    /// Quantity held.
    pub amount: Uint128,
    /// The token's refusal, as reported.
    pub error: String,
    /// Block time it was parked.
    pub parked_at: Timestamp,
    /// `None` while parked; set once delivered.
    pub resolution: Option<ParkedResolution>,
}

/// How a parked security refund was delivered.
#[cw_serde]
pub struct ParkedResolution {
    /// Who received the tokens (the seller, or the transfer agent's redirect target).
    pub paid_to: Addr,
    /// Who delivered it (anyone retrying, or the transfer agent).
    pub resolved_by: Addr,
    /// The transfer agent's legal reference, when redirected.
    pub legal_reference: Option<String>,
    /// Block time of delivery.
    pub resolved_at: Timestamp,
}

// ---------------------------------------------------------------------------------------------
// Offerings
// ---------------------------------------------------------------------------------------------

/// Life cycle of a primary offering.
#[cw_serde]
#[derive(Copy, Eq, Hash)]
pub enum OfferingStatus {
    /// Not closed yet (subscriptions accepted between `opens_at` and `closes_at`).
    Open,
    /// Closed at or above the soft cap: subscribers claim tokens and excess cash.
    Succeeded,
    /// Closed below the soft cap: subscribers claim a full refund.
    Failed,
}

impl OfferingStatus {
    /// Stable snake_case name used in events.
    pub const fn as_str(&self) -> &'static str {
        match self {
            OfferingStatus::Open => "open",
            OfferingStatus::Succeeded => "succeeded",
            OfferingStatus::Failed => "failed",
        }
    }
}

impl fmt::Display for OfferingStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Terms of a primary offering. Quantities in token units (smallest unit), prices and cash in
/// USD1 smallest units.
#[cw_serde]
pub struct OfferingTerms {
    /// The security token. The escrow must hold its `minter` role and the sender its `issuer`
    /// role (granted per token by the token's owner).
    pub token: String,
    /// Price of one token unit in USD1 units (> 0). A subscription must be a whole number of
    /// units: its cash amount a multiple of this price.
    pub unit_price: Uint128,
    /// Least units one investor (all its wallets) must have subscribed in total (> 0).
    pub min_per_investor: Uint128,
    /// Most units one investor (all its wallets) may subscribe in total (>= min).
    pub max_per_investor: Uint128,
    /// Below this many units subscribed at close, the offering fails and everyone is refunded.
    pub soft_cap: Uint128,
    /// Most units issued (>= soft cap). Above it subscriptions are scaled down pro-rata.
    pub hard_cap: Uint128,
    /// Subscriptions accepted from this time (inclusive).
    pub opens_at: Timestamp,
    /// Subscriptions accepted strictly before this time; anyone may close at or after it. At
    /// most `max_offering_window` seconds after the block time of opening.
    pub closes_at: Timestamp,
    /// Holding period, in seconds (1 to [`MAX_HOLDING_PERIOD`]): units issued by the offering
    /// are locked in the receiving wallet until this long after their issuance (the token's
    /// issuance lock). `None`: no lock.
    pub holding_period: Option<u64>,
}

/// Outcome fixed at close.
#[cw_serde]
pub struct OfferingClose {
    /// Block height of the close.
    pub closed_height: u64,
    /// Block time of the close.
    pub closed_at: Timestamp,
    /// Who closed it.
    pub closed_by: Addr,
    /// True when oversubscribed: allocations are `floor(units × hard_cap / total_units)`.
    pub pro_rata: bool,
    /// Most units that will be issued: the total subscribed when not oversubscribed (exact),
    /// the hard cap when oversubscribed (the exact number, hard cap minus the rounding dust,
    /// is known once every subscription is complete; see [`Offering::dust`]). Zero when failed.
    pub units_to_issue_max: Uint128,
    /// Upper bound of the rounding dust in units, `min(subscribers − 1, hard_cap)` when
    /// oversubscribed, else 0. Nothing is released at close: the issuer is paid each
    /// allocation's cost when that allocation is issued.
    pub dust_bound: Uint128,
}

/// A primary offering and its running totals.
#[cw_serde]
pub struct Offering {
    /// Sequential id, from 1; movements carry `EventRef::Offering { id }`.
    pub id: u64,
    /// The issuer that opened it; receives the proceeds.
    pub issuer: Addr,
    /// The security token.
    pub token: Addr,
    /// Price of one unit in USD1 units.
    pub unit_price: Uint128,
    /// Least units per investor.
    pub min_per_investor: Uint128,
    /// Most units per investor.
    pub max_per_investor: Uint128,
    /// Soft cap in units.
    pub soft_cap: Uint128,
    /// Hard cap in units.
    pub hard_cap: Uint128,
    /// Subscriptions accepted from this time.
    pub opens_at: Timestamp,
    /// Subscriptions accepted strictly before this time.
    pub closes_at: Timestamp,
    /// Holding period applied at issuance, in seconds: issued units are locked until this long
    /// after their issuance. `None`: no lock.
    pub holding_period: Option<u64>,
    /// Units subscribed in total.
    pub total_units: Uint128,
    /// USD1 received in total (`total_units × unit_price`).
    pub total_cash: Uint128,
    /// Number of subscriber wallets.
    pub subscribers: u64,
    /// Current state.
    pub status: OfferingStatus,
    /// Fixed at close.
    pub close: Option<OfferingClose>,
    /// Subscriptions complete: cash part released and allocation resolved (issued, redirected
    /// or cancelled). The offering is complete when this reaches `subscribers`.
    pub completed: u64,
    /// Units issued so far (to subscribers, or redirected to another wallet of the same
    /// investor by the transfer agent).
    pub units_issued: Uint128,
    /// Allotted units cancelled by the transfer agent (never issued, cost refunded).
    pub units_cancelled: Uint128,
    /// USD1 refunded to subscribers so far: full refunds of a failed offering, excess cash, and
    /// the cost of cancelled allocations.
    pub cash_refunded: Uint128,
    /// USD1 released to the issuer so far: always `units_issued × unit_price` (each
    /// allocation's cost is released when it is issued).
    pub proceeds_released: Uint128,
    /// Units never allotted because of pro-rata rounding,
    /// `units_to_issue_max − units_issued − units_cancelled`, fixed once every subscription is
    /// complete.
    pub dust: Option<Uint128>,
}

impl Offering {
    /// The securities event of every movement of this offering.
    pub fn reference(&self) -> EventRef {
        EventRef::Offering { id: self.id }
    }
}

/// What a subscription is allotted at close.
#[cw_serde]
pub struct Allocation {
    /// Units allotted to the subscriber.
    pub units: Uint128,
    /// USD1 paid for them (`units × unit_price`): the issuer's proceeds once issued, refunded
    /// to the subscriber if the transfer agent cancels the allocation.
    pub cost: Uint128,
    /// USD1 returned to the subscriber in any case (`subscribed cash − cost`; all of it when
    /// failed). Always releasable, independently of the token.
    pub refund: Uint128,
}

/// How a subscription's allotted units (more than zero) were resolved.
#[cw_serde]
pub enum AllocationOutcome {
    /// Issued to the subscriber wallet (its claim, or a pushed claim).
    Issued {
        /// Block time of issuance.
        at: Timestamp,
    },
    /// Issued by the transfer agent to another wallet of the same registry investor, because
    /// the token kept refusing the subscriber wallet.
    Redirected {
        /// The wallet that received the units.
        to: Addr,
        /// The transfer agent.
        by: Addr,
        /// Legal basis, as given.
        legal_reference: String,
        /// Block time of issuance.
        at: Timestamp,
    },
    /// Cancelled by the transfer agent: nothing issued, the cost refunded to the subscriber,
    /// the issuer not paid for it.
    Cancelled {
        /// USD1 refunded for the cancelled units (the allocation's cost).
        refunded: Uint128,
        /// The transfer agent.
        by: Addr,
        /// Legal basis, as given.
        legal_reference: String,
        /// Block time of cancellation.
        at: Timestamp,
    },
}

/// One subscriber wallet's subscription.
#[cw_serde]
pub struct Subscription {
    /// The offering.
    pub offering_id: u64,
    /// The subscriber wallet (the adapter payer; receives tokens and refunds).
    pub subscriber: Addr,
    /// The registry investor the wallet belonged to at subscription.
    pub investor_id: String,
    /// Units subscribed.
    pub units: Uint128,
    /// USD1 paid.
    pub cash: Uint128,
    /// The adapter's ledger ids of its fundings.
    pub funding_ids: Vec<u64>,
    /// What it gets (known once the offering closed).
    pub allocation: Option<Allocation>,
    /// True once the cash part (the allocation's `refund`, possibly zero) was released.
    pub refund_released: bool,
    /// How the allotted units were resolved; `None` while pending (or when none are allotted).
    pub allocation_outcome: Option<AllocationOutcome>,
    /// True once complete: cash part released and the allotted units (if any) resolved.
    pub complete: bool,
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

/// Instantiate the escrow.
#[cw_serde]
pub struct InstantiateMsg {
    /// Owner (administers roles); defaults to the instantiating sender.
    pub owner: Option<String>,
    /// The USD1 cash adapter; the escrow must be registered there as a client.
    pub cash_adapter: String,
    /// The identity registry (raw eligibility reads at subscription).
    pub registry: String,
    /// Addresses granted the `issuer` role at once.
    pub issuers: Vec<String>,
    /// Addresses granted the `settlement_operator` role at once.
    pub settlement_operators: Vec<String>,
    /// Addresses granted the `transfer_agent` role at once.
    pub transfer_agents: Vec<String>,
}

/// The hook message inside the CW20 `send` of a security token to the escrow.
#[cw_serde]
pub enum ReceiveMsg {
    /// Deliver the security leg of an instruction. The sending contract must be the
    /// instruction's token, the CW20 `sender` its seller and the amount its quantity.
    DeliverSecurities {
        /// The instruction id.
        instruction_id: u64,
    },
}

/// Escrow actions. None takes funds.
#[cw_serde]
pub enum ExecuteMsg {
    /// Create a settlement instruction. The sender must be the seller, the buyer, or hold the
    /// `settlement_operator` role. The token is asked `can_transfer(seller, buyer, quantity)`
    /// first; a refusal is returned with the token's first reason code.
    CreateInstruction {
        /// The security token.
        token: String,
        /// Seller wallet.
        seller: String,
        /// Buyer wallet (different from the seller).
        buyer: String,
        /// Token quantity (> 0).
        quantity: Uint128,
        /// USD1 amount (> 0).
        cash_amount: Uint128,
        /// Settlement deadline, later than the block time and at most `max_settlement_window`
        /// seconds after it (`deadline_too_far`).
        deadline: Timestamp,
        /// External trade reference, 1 to 128 characters, if any.
        trade_reference: Option<String>,
        /// An approver (transfer agent, broker-dealer) whose affirmation is required before
        /// settlement, if any.
        approver: Option<String>,
    },
    /// The seller or the buyer agrees to the instruction's terms without funding yet.
    Affirm {
        /// Instruction id.
        id: u64,
    },
    /// The instruction's approver affirms it, optionally until a time. Settles at once when
    /// both legs are in.
    Approve {
        /// Instruction id.
        id: u64,
        /// The approval is valid strictly before this time (later than the block time).
        expires_at: Option<Timestamp>,
    },
    /// CW20 hook: a security token delivers a leg ([`ReceiveMsg`]). Settles at once when it is
    /// the second leg and any approval is valid.
    Receive(Cw20ReceiveMsg),
    /// Cash adapter callback: a payer funded the escrow's pool. References
    /// `settlement:<id>` (the cash leg of an instruction, payer = buyer, exact amount) and
    /// `offering:<id>` (a subscription) are accepted; anything else is refused.
    CashReceived(CashReceipt),
    /// Settle an open instruction whose legs are both in (e.g. after the approval came
    /// separately). Anyone may call it.
    Settle {
        /// Instruction id.
        id: u64,
    },
    /// Cancel an open instruction. A party whose counterparty has not delivered its leg
    /// cancels alone (it withdraws its own commitment: nobody can hold a delivered leg hostage).
    /// Once the counterparty delivered, a party's call records its request; the instruction is
    /// cancelled once every party that agreed has asked. The settlement operator that created it may cancel alone while it still
    /// holds the `settlement_operator` role (checked at the call). Funded legs are
    /// refunded to whoever funded them; a security refund the token would refuse is parked.
    Cancel {
        /// Instruction id.
        id: u64,
    },
    /// Expire an open instruction at or after its deadline; anyone may call it. Funded legs are
    /// refunded to whoever funded them; a security refund the token would refuse is parked.
    Expire {
        /// Instruction id.
        id: u64,
    },
    /// Deliver a parked security refund to its recipient; anyone may call it. While the token
    /// would still refuse the delivery it fails with the token's reason and nothing moves.
    RetryParkedRefund {
        /// Parked refund id.
        id: u64,
    },
    /// Deliver a parked security refund to another wallet (e.g. the same investor's new wallet,
    /// or as ordered by an authority). `transfer_agent` only; the token still checks the
    /// recipient.
    ResolveParkedRefund {
        /// Parked refund id.
        id: u64,
        /// Wallet receiving the tokens.
        recipient: String,
        /// Legal basis, 1 to 128 characters; recorded and emitted.
        legal_reference: String,
    },
    /// Replace a party of an open instruction by another wallet of the **same registry
    /// investor**, e.g. after a lost-wallet recovery: from then on the party's proceeds and
    /// refunds go to that wallet (cash and securities follow the investor). The escrow's and
    /// the instruction token's `transfer_agent` only (`not_token_transfer_agent`). The party's
    /// investor is read from the registry or, for a wallet removed from it, from the token's
    /// booking; the new wallet must be in the registry under the same investor
    /// (`not_same_investor`).
    RedirectParty {
        /// Instruction id.
        id: u64,
        /// The seller or buyer wallet being replaced.
        party: String,
        /// The investor's wallet taking its place.
        to: String,
        /// Legal basis, 1 to 128 characters; emitted.
        legal_reference: String,
    },
    /// Open a primary offering. The sender must hold the escrow's `issuer` role **and** the
    /// token's `issuer` role (`not_token_issuer` otherwise); the escrow must hold the token's
    /// `minter` role (`not_minter`). The sender receives the proceeds.
    OpenOffering(OfferingTerms),
    /// Close an offering at or after its close time; anyone may call it. Fixes the outcome;
    /// nothing moves (proceeds are released as allocations are issued).
    CloseOffering {
        /// Offering id.
        id: u64,
    },
    /// Claim one's own subscription of a closed offering. Its cash part (excess cash, or the
    /// full refund when the offering failed) is released at the first claim whatever the
    /// token says (the adapter parks it if the wallet is blocked). Its allotted units are
    /// issued when the token accepts (the issuer is paid their cost in the same transaction);
    /// while the token refuses (frozen, KYC expired, blocked, paused) or the escrow lost the
    /// `minter` role they stay pending and can be claimed again later. Refused, with nothing
    /// moved, when complete (`already_claimed`) or when only the units are left and the token
    /// still refuses (`issuance_not_allowed`, `not_minter`).
    Claim {
        /// Offering id.
        offering_id: u64,
    },
    /// Push claims for one page of subscribers (in address order), exactly as each would
    /// claim: cash parts released, units issued where the token accepts, refused units left
    /// pending and reported (`claim_skipped` events). `transfer_agent`, or the offering's
    /// issuer while it still holds the `issuer` role on the escrow and on the token.
    PushClaims {
        /// Offering id.
        offering_id: u64,
        /// Last subscriber of the previous page.
        start_after: Option<String>,
        /// Page size (default and max `MAX_PUSH_CLAIMS` = 5).
        limit: Option<u32>,
    },
    /// Issue a pending allocation the token keeps refusing for the subscriber wallet to
    /// another wallet of the **same registry investor** (the investor recorded at
    /// subscription), with a legal reference. `transfer_agent` only. Refused while the token
    /// would still issue to the subscriber (`allocation_issuable`: let it claim), for a wallet
    /// of another investor (`not_same_investor`), when the token refuses the wallet
    /// (`redirect_not_allowed`) or the escrow cannot mint (`not_minter`). Also releases the
    /// subscription's cash part if still due, to the same wallet (cash follows the redirect);
    /// the issuer is paid the cost.
    RedirectAllocation {
        /// Offering id.
        offering_id: u64,
        /// The subscriber wallet whose allocation is pending.
        subscriber: String,
        /// Wallet of the same investor receiving the units.
        recipient: String,
        /// Legal basis, 1 to 128 characters; recorded and emitted.
        legal_reference: String,
    },
    /// Cancel a pending allocation the token keeps refusing (or that the escrow can no longer
    /// mint), with a legal reference. `transfer_agent` only. Nothing is issued; the
    /// allocation's cost (plus the cash part if still due) is refunded to the subscriber, and
    /// the issuer is not paid for it. Refused while the token would issue to the subscriber
    /// (`allocation_issuable`).
    CancelAllocation {
        /// Offering id.
        offering_id: u64,
        /// The subscriber wallet whose allocation is pending.
        subscriber: String,
        /// Another wallet of the **same registry investor** receiving the refund instead of
        /// the subscriber wallet (e.g. after a lost-wallet recovery; `not_same_investor`
        /// otherwise). `None`: the subscriber wallet.
        refund_to: Option<String>,
        /// Legal basis, 1 to 128 characters; recorded and emitted.
        legal_reference: String,
    },
    /// Change the longest settlement and offering windows (owner only); each within
    /// `1..=`[`MAX_WINDOW_CEILING`] seconds (`limit_out_of_range`). They apply to instructions
    /// created and offerings opened afterwards.
    UpdateLimits {
        /// New longest time from an instruction's creation to its deadline, in seconds.
        max_settlement_window: Option<u64>,
        /// New longest time from opening an offering to its close, in seconds.
        max_offering_window: Option<u64>,
    },
    /// Put a security token on the escrow's allow-list (owner only). Only allowed tokens can be
    /// traded (`create_instruction`) or offered (`open_offering`): `token_not_allowed`
    /// otherwise. The token's code checksum must equal `checksum` (the audited code:
    /// `token_checksum_mismatch`) and the escrow must already be a system account of the
    /// token, i.e. the token registered the escrow (`escrow_not_system_account`). The code id
    /// is recorded: a token migrated to other code is refused until allowed again
    /// (`token_code_changed`).
    AllowToken {
        /// The token contract.
        token: String,
        /// The expected checksum (SHA-256) of the token's code.
        checksum: HexBinary,
    },
    /// Take a token off the allow-list (owner only): no new instruction or offering of it.
    /// Open instructions and offerings of it still settle, cancel, expire and are claimed.
    DisallowToken {
        /// The token contract.
        token: String,
    },
    /// Return an asset the escrow holds beyond what it owes (e.g. USD1, in either mode, or
    /// security tokens sent by a plain transfer) to `recipient`. Owner only; at most the
    /// surplus (`above_surplus`): for a security token, its balance minus the legs of open
    /// instructions and the open parked refunds; for anything else (the escrow's cash lives in
    /// the adapter), the whole balance. Recorded (`return_surplus` event, [`QueryMsg::Surplus`]).
    ReturnSurplus {
        /// The asset: a CW20 contract (USD1, a security token) or a bank denom.
        asset: AssetInfoUnchecked,
        /// Who receives it, e.g. the sender of the mistaken transfer.
        recipient: String,
        /// How much (> 0, at most the surplus).
        amount: Uint128,
        /// The decision or ticket, 1 to 128 characters.
        reference: String,
    },
    /// Two-step ownership transfer: propose (owner), accept (pending owner), renounce (owner).
    UpdateOwnership(OwnershipAction),
    /// Grant or revoke (owner) or renounce (holder) a role. Roles used: `issuer`,
    /// `settlement_operator`, `transfer_agent`.
    UpdateRoles(RoleAction),
}

/// Escrow queries.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// Cash adapter and registry.
    #[returns(ConfigResponse)]
    Config {},
    /// One instruction.
    #[returns(SettlementInstruction)]
    Instruction {
        /// Instruction id.
        id: u64,
    },
    /// Instructions in id order, one page.
    #[returns(InstructionsResponse)]
    Instructions {
        /// Last id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// Instructions where `party` is seller or buyer, in id order, one page.
    #[returns(InstructionsResponse)]
    InstructionsByParty {
        /// Seller or buyer wallet.
        party: String,
        /// Last id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// The finality record of a settled instruction.
    #[returns(FinalityRecord)]
    Finality {
        /// Instruction id.
        id: u64,
    },
    /// Finality records where `party` was seller or buyer, in id order, one page.
    #[returns(FinalityRecordsResponse)]
    FinalitiesByParty {
        /// Seller or buyer wallet.
        party: String,
        /// Last instruction id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// Finality records of one token, in id order, one page.
    #[returns(FinalityRecordsResponse)]
    FinalitiesByToken {
        /// Token contract.
        token: String,
        /// Last instruction id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// One parked security refund (open or resolved).
    #[returns(ParkedSecurityRefund)]
    ParkedRefund {
        /// Parked refund id.
        id: u64,
    },
    /// Open (undelivered) parked security refunds in id order, one page.
    #[returns(ParkedRefundsResponse)]
    ParkedRefunds {
        /// Last id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// Pre-funding view: what `party` has locked in open instructions and still has to
    /// deliver, in cash and per token (tokens in address order, one page).
    #[returns(PartyPositionResponse)]
    PartyPosition {
        /// Wallet.
        party: String,
        /// Last token of the previous page.
        start_after: Option<String>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// Quantity of `token` that `seller` had delivered into the escrow (security leg funded,
    /// not yet settled, refunded or delivered from parking) as of the end of block `height`.
    /// For a height not yet finished, the current quantity.
    #[returns(EscrowedAtResponse)]
    EscrowedAt {
        /// Token contract.
        token: String,
        /// Seller wallet.
        seller: String,
        /// Block height.
        height: u64,
    },
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
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// One subscriber's subscription, with its allocation once closed.
    #[returns(Subscription)]
    Subscription {
        /// Offering id.
        offering_id: u64,
        /// Subscriber wallet.
        subscriber: String,
    },
    /// Subscriptions of an offering in subscriber address order, one page.
    #[returns(SubscriptionsResponse)]
    Subscriptions {
        /// Offering id.
        offering_id: u64,
        /// Last subscriber of the previous page.
        start_after: Option<String>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// What the contract holds of an asset, what it owes of it, the surplus returnable by the
    /// owner and what was returned so far.
    #[returns(SurplusResponse)]
    Surplus {
        /// The asset: a CW20 contract or a bank denom.
        asset: AssetInfoUnchecked,
    },
    /// Tokens on the allow-list, in address order, one page.
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

/// Migrate the escrow (no parameters; state layout changes are handled by version).
#[cw_serde]
pub struct MigrateMsg {}

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

/// Answer of `config`.
#[cw_serde]
pub struct ConfigResponse {
    /// The USD1 cash adapter.
    pub cash_adapter: Addr,
    /// The identity registry.
    pub registry: Addr,
    /// How long the escrow may hold what parties commit.
    pub limits: Limits,
}

/// Answer of `surplus` (escrow and distributor alike).
#[cw_serde]
pub struct SurplusResponse {
    /// The asset.
    pub asset: AssetInfo,
    /// The contract's balance of it.
    pub held: Uint128,
    /// What the contract owes of it (open legs and parked refunds of a security token; zero
    /// for anything else).
    pub owed: Uint128,
    /// `held − owed` (zero when `held < owed`): what the owner may return.
    pub surplus: Uint128,
    /// Returned by the owner so far, in total.
    pub returned: Uint128,
}

pub use crate::allowlist::{AllowedToken, AllowedTokensResponse};

/// One page of instructions.
#[cw_serde]
pub struct InstructionsResponse {
    /// Instructions in id order.
    pub instructions: Vec<SettlementInstruction>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// One page of finality records.
#[cw_serde]
pub struct FinalityRecordsResponse {
    /// Records in instruction id order.
    pub records: Vec<FinalityRecord>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// One page of open parked security refunds.
#[cw_serde]
pub struct ParkedRefundsResponse {
    /// Parked refunds in id order.
    pub parked: Vec<ParkedSecurityRefund>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// A party's securities of one token in open instructions.
#[cw_serde]
pub struct SecuritiesPosition {
    /// The token.
    pub token: Addr,
    /// Delivered into the escrow as seller, waiting for settlement.
    pub locked: Uint128,
    /// Still to deliver as seller.
    pub to_deliver: Uint128,
}

/// Answer of `party_position`: the party's settlement liquidity.
#[cw_serde]
pub struct PartyPositionResponse {
    /// The party.
    pub party: Addr,
    /// USD1 delivered as buyer into open instructions.
    pub cash_locked: Uint128,
    /// USD1 still to deliver as buyer in open instructions.
    pub cash_to_deliver: Uint128,
    /// Per token, in token address order (one page).
    pub securities: Vec<SecuritiesPosition>,
    /// Whether another page of tokens follows.
    pub has_more: bool,
}

/// Answer of `escrowed_at`.
#[cw_serde]
pub struct EscrowedAtResponse {
    /// Quantity held in the escrow for the seller at the end of the block.
    pub amount: Uint128,
}

/// One page of offerings.
#[cw_serde]
pub struct OfferingsResponse {
    /// Offerings in id order.
    pub offerings: Vec<Offering>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// One page of subscriptions.
#[cw_serde]
pub struct SubscriptionsResponse {
    /// Subscriptions in subscriber address order.
    pub subscriptions: Vec<Subscription>,
    /// Whether another page follows.
    pub has_more: bool,
}

// ---------------------------------------------------------------------------------------------
// Raw read of the token's account record
// ---------------------------------------------------------------------------------------------

/// Whether `wallet` is a system account of `token` (escrow, distributor), registered by the
/// token's owner: one exact-key raw read of the token's published account record
/// ([`crate::token::layout::query_account`]); a wallet the token has no record of is not.
pub fn is_token_system_account<C: CustomQuery>(
    querier: &QuerierWrapper<C>,
    token: &Addr,
    wallet: &Addr,
) -> StdResult<bool> {
    Ok(crate::token::layout::query_account(querier, token, wallet)?.system)
}

// ---------------------------------------------------------------------------------------------
// Typed handle
// ---------------------------------------------------------------------------------------------

/// Typed handle on a deployed DvP escrow.
#[cw_serde]
pub struct DvpEscrow(pub Addr);

impl DvpEscrow {
    /// The escrow's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// A message executing `msg` on the escrow.
    pub fn call(&self, msg: &ExecuteMsg) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Execute {
            contract_addr: self.0.to_string(),
            msg: to_json_binary(msg)?,
            funds: vec![],
        }
        .into())
    }

    /// The message a seller signs to deliver the security leg of `instruction_id`: a CW20
    /// `send` of `quantity` of `token` to the escrow with [`ReceiveMsg::DeliverSecurities`].
    pub fn deliver_securities_msg(
        &self,
        token: impl Into<String>,
        instruction_id: u64,
        quantity: Uint128,
    ) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Execute {
            contract_addr: token.into(),
            msg: to_json_binary(&cw20::Cw20ExecuteMsg::Send {
                contract: self.0.to_string(),
                amount: quantity,
                msg: Self::deliver_hook(instruction_id)?,
            })?,
            funds: vec![],
        }
        .into())
    }

    /// The hook message of a security delivery, for callers building the `send` themselves.
    pub fn deliver_hook(instruction_id: u64) -> StdResult<Binary> {
        to_json_binary(&ReceiveMsg::DeliverSecurities { instruction_id })
    }

    /// Quantity of `token` that `seller` had delivered into the escrow (funded, not settled or
    /// refunded) at the end of block `height`.
    pub fn escrowed_at<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        token: impl Into<String>,
        seller: impl Into<String>,
        height: u64,
    ) -> StdResult<Uint128> {
        let res: EscrowedAtResponse = querier.query_wasm_smart(
            self.0.clone(),
            &QueryMsg::EscrowedAt {
                token: token.into(),
                seller: seller.into(),
                height,
            },
        )?;
        Ok(res.amount)
    }

    /// One instruction.
    pub fn instruction<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        id: u64,
    ) -> StdResult<SettlementInstruction> {
        querier.query_wasm_smart(self.0.clone(), &QueryMsg::Instruction { id })
    }

    /// One offering.
    pub fn offering<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        id: u64,
    ) -> StdResult<Offering> {
        querier.query_wasm_smart(self.0.clone(), &QueryMsg::Offering { id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::from_json;

    #[test]
    fn approval_expires_at_its_instant() {
        let a = Approval {
            approved_at: Timestamp::from_seconds(1),
            expires_at: Some(Timestamp::from_seconds(10)),
        };
        assert!(a.is_valid(Timestamp::from_seconds(9)));
        assert!(!a.is_valid(Timestamp::from_seconds(10)));
        let forever = Approval {
            approved_at: Timestamp::from_seconds(1),
            expires_at: None,
        };
        assert!(forever.is_valid(Timestamp::from_nanos(u64::MAX)));
    }

    #[test]
    fn receive_hook_and_escrowed_at_wire_shapes() {
        let hook = DvpEscrow::deliver_hook(7).unwrap();
        assert_eq!(
            hook,
            Binary::from(br#"{"deliver_securities":{"instruction_id":7}}"#.as_slice())
        );
        let q = cosmwasm_std::to_json_string(&QueryMsg::EscrowedAt {
            token: "t".into(),
            seller: "s".into(),
            height: 5,
        })
        .unwrap();
        assert_eq!(
            q,
            r#"{"escrowed_at":{"token":"t","seller":"s","height":5}}"#
        );
        let back: ReceiveMsg = from_json(&hook).unwrap();
        assert_eq!(back, ReceiveMsg::DeliverSecurities { instruction_id: 7 });
    }

    #[test]
    fn allocation_resolution_wire_shapes() {
        let redirect = cosmwasm_std::to_json_string(&ExecuteMsg::RedirectAllocation {
            offering_id: 1,
            subscriber: "s".into(),
            recipient: "r".into(),
            legal_reference: "L".into(),
        })
        .unwrap();
        assert_eq!(
            redirect,
            r#"{"redirect_allocation":{"offering_id":1,"subscriber":"s","recipient":"r","legal_reference":"L"}}"#
        );
        let cancel = cosmwasm_std::to_json_string(&ExecuteMsg::CancelAllocation {
            offering_id: 1,
            subscriber: "s".into(),
            refund_to: None,
            legal_reference: "L".into(),
        })
        .unwrap();
        assert_eq!(
            cancel,
            r#"{"cancel_allocation":{"offering_id":1,"subscriber":"s","refund_to":null,"legal_reference":"L"}}"#
        );
    }
}
