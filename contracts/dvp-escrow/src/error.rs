use cosmwasm_std::{
    Addr, CheckedMultiplyRatioError, HexBinary, OverflowError, StdError, Timestamp, Uint128,
};
use cw_utils::PaymentError;
use sto_access::{AccessError, Role};
use sto_interface::common::EventRef;
use sto_interface::escrow::{InstructionStatus, OfferingStatus};
use sto_interface::registry::Ineligibility;
use sto_interface::token::ReasonCode;
use thiserror::Error;

/// The two legs of an instruction, named in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leg {
    /// The seller's securities.
    Security,
    /// The buyer's USD1.
    Cash,
}

impl std::fmt::Display for Leg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Leg::Security => "security",
            Leg::Cash => "cash",
        })
    }
}

/// Every way an escrow message can be refused. Nothing changes when one is returned.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    /// Storage or serialization failure.
    #[error(transparent)]
    Std(#[from] StdError),

    /// Ownership, role or address check failed.
    #[error(transparent)]
    Access(#[from] AccessError),

    /// Funds were attached to a message that takes none.
    #[error(transparent)]
    Payment(#[from] PaymentError),

    /// Checked arithmetic overflowed.
    #[error(transparent)]
    Overflow(#[from] OverflowError),

    /// A pro-rata computation overflowed or divided by zero.
    #[error(transparent)]
    MultiplyRatio(#[from] CheckedMultiplyRatioError),

    /// A zero amount where a positive one is needed.
    #[error("`{field}` must be greater than zero")]
    ZeroAmount { field: String },

    /// Seller and buyer are the same wallet.
    #[error("seller and buyer are the same wallet {address}")]
    SameParty { address: Addr },

    /// A deadline not after the block time.
    #[error("deadline {deadline} is not after the block time {now}")]
    DeadlineNotInFuture { deadline: Timestamp, now: Timestamp },

    /// An empty or over-long reference.
    #[error("`{field}` must be 1 to {max} characters")]
    InvalidReference { field: String, max: usize },

    /// The token's `can_transfer(seller, buyer, quantity)` refused; first reason reported.
    #[error("the token refuses the transfer from seller to buyer, reason {code} `{reason}`: {}", reason.message())]
    TransferNotAllowed { code: u16, reason: ReasonCode },

    /// Creating an instruction for others without the operator role.
    #[error("{sender} is neither the seller, the buyer nor a `settlement_operator`")]
    NotPartyOrOperator { sender: Addr },

    /// No instruction with this id.
    #[error("instruction {id} does not exist")]
    InstructionNotFound { id: u64 },

    /// The instruction is no longer open.
    #[error("instruction {id} is {status}, not open; nothing can change it")]
    InstructionClosed { id: u64, status: InstructionStatus },

    /// The sender is not the instruction's seller or buyer.
    #[error("{sender} is not a party (seller or buyer) of instruction {id}")]
    NotAParty { id: u64, sender: Addr },

    /// A party affirms twice.
    #[error("{party} already agreed to instruction {id}")]
    AlreadyAgreed { id: u64, party: Addr },

    /// The sender is not the instruction's approver (or it names none).
    #[error("{sender} is not the approver of instruction {id}")]
    NotApprover { id: u64, sender: Addr },

    /// An approval expiry not after the block time.
    #[error("approval expiry {expires_at} is not after the block time {now}")]
    ApprovalExpiryNotInFuture {
        expires_at: Timestamp,
        now: Timestamp,
    },

    /// The receive hook came from another contract than the instruction's token.
    #[error("instruction {id} settles token {expected}, not {received}")]
    WrongToken {
        id: u64,
        expected: Addr,
        received: Addr,
    },

    /// The security leg was sent by someone else than the seller.
    #[error(
        "only the seller {expected} delivers the security leg of instruction {id}, not {sender}"
    )]
    NotSeller {
        id: u64,
        expected: Addr,
        sender: String,
    },

    /// The cash leg was paid by someone else than the buyer.
    #[error("only the buyer {expected} pays the cash leg of instruction {id}, not {payer}")]
    NotBuyer {
        id: u64,
        expected: Addr,
        payer: Addr,
    },

    /// A leg amount different from the instruction's.
    #[error("the {leg} leg of instruction {id} is exactly {expected}, {received} delivered")]
    WrongAmount {
        id: u64,
        leg: Leg,
        expected: Uint128,
        received: Uint128,
    },

    /// A leg delivered twice.
    #[error("the {leg} leg of instruction {id} is already funded")]
    LegAlreadyFunded { id: u64, leg: Leg },

    /// Funding or settling at or after the deadline.
    #[error("instruction {id} passed its deadline {deadline} (now {now}); expire it to refund")]
    DeadlinePassed {
        id: u64,
        deadline: Timestamp,
        now: Timestamp,
    },

    /// Expiring before the deadline.
    #[error("instruction {id} runs until {deadline} (now {now}); it cannot expire yet")]
    DeadlineNotReached {
        id: u64,
        deadline: Timestamp,
        now: Timestamp,
    },

    /// A `cash_received` not sent by the configured adapter.
    #[error("cash_received must come from the cash adapter {adapter}, not {sender}")]
    NotFromAdapter { sender: Addr, adapter: Addr },

    /// A cash reference the escrow does not handle.
    #[error(
        "the escrow accepts cash for `settlement:<id>` and `offering:<id>` only, not `{reference}`"
    )]
    UnsupportedReference { reference: EventRef },

    /// Settling an instruction that lacks something.
    #[error("instruction {id} cannot settle yet, missing: {}", missing.join(", "))]
    NotReadyToSettle { id: u64, missing: Vec<String> },

    /// Cancelling without the right to.
    #[error("{sender} may not cancel instruction {id}: only its parties or the operator that created it")]
    CannotCancel { id: u64, sender: Addr },

    /// A party asks to cancel twice.
    #[error("{party} already asked to cancel instruction {id}")]
    CancelAlreadyRequested { id: u64, party: Addr },

    /// No parked refund with this id.
    #[error("parked refund {id} does not exist")]
    ParkedRefundNotFound { id: u64 },

    /// The parked refund was already delivered.
    #[error("parked refund {id} was already delivered to {paid_to}")]
    ParkedRefundResolved { id: u64, paid_to: Addr },

    /// Offering terms that do not hold together.
    #[error("invalid offering terms: {reason}")]
    InvalidOfferingTerms { reason: String },

    /// No offering with this id.
    #[error("offering {id} does not exist")]
    OfferingNotFound { id: u64 },

    /// Subscribing outside the window.
    #[error("offering {id} accepts subscriptions from {opens_at} until before {closes_at}; now is {now}")]
    OutsideSubscriptionWindow {
        id: u64,
        opens_at: Timestamp,
        closes_at: Timestamp,
        now: Timestamp,
    },

    /// Subscribing to an offering already closed.
    #[error("offering {id} is closed ({status})")]
    OfferingClosed { id: u64, status: OfferingStatus },

    /// The subscriber is not eligible in the registry.
    #[error("subscriber {subscriber} is not eligible: {reason}")]
    SubscriberIneligible {
        subscriber: Addr,
        reason: Ineligibility,
    },

    /// The token would refuse to issue to the subscriber.
    #[error("the token would refuse to issue to {subscriber}, reason {code} `{reason}`: {}", reason.message())]
    IssuanceNotAllowed {
        subscriber: Addr,
        code: u16,
        reason: ReasonCode,
    },

    /// A subscription that is not a whole number of units.
    #[error("a subscription pays whole units: {amount} is not a multiple of the unit price {unit_price}")]
    NotWholeUnits {
        amount: Uint128,
        unit_price: Uint128,
    },

    /// The investor's total would stay below the minimum.
    #[error(
        "investor `{investor_id}` would hold {total} units subscribed, below the minimum {min}"
    )]
    BelowInvestorMinimum {
        investor_id: String,
        min: Uint128,
        total: Uint128,
    },

    /// The investor's total would exceed the maximum.
    #[error(
        "investor `{investor_id}` would hold {total} units subscribed, above the maximum {max}"
    )]
    AboveInvestorMaximum {
        investor_id: String,
        max: Uint128,
        total: Uint128,
    },

    /// Closing before the close time.
    #[error("offering {id} closes at {closes_at}; now is {now}")]
    OfferingStillOpen {
        id: u64,
        closes_at: Timestamp,
        now: Timestamp,
    },

    /// Claiming before close.
    #[error("offering {id} is not closed yet; close it first")]
    OfferingNotClosed { id: u64 },

    /// Claiming without a subscription.
    #[error("{subscriber} has no subscription in offering {offering_id}")]
    NotSubscribed { offering_id: u64, subscriber: Addr },

    /// Claiming a subscription already complete (cash released, allocation resolved).
    #[error("the subscription of {subscriber} in offering {offering_id} is complete: cash released, allocation resolved")]
    AlreadyClaimed { offering_id: u64, subscriber: Addr },

    /// Pushing claims without being a transfer agent or the offering's issuer still holding
    /// the `issuer` role on the escrow and on the token.
    #[error("{sender} is neither the issuer of offering {offering_id} nor a `{role}`")]
    NotIssuerOrAgent {
        offering_id: u64,
        sender: Addr,
        role: Role,
    },

    /// The token refuses to deliver the security leg to the buyer at settlement (e.g. the
    /// buyer's KYC expired); the transaction that tried to settle is refused, nothing moves.
    #[error("instruction {id} cannot settle: the token refuses delivery to the buyer, reason {code} `{reason}`: {}; the parties may cancel, or let it expire, for refunds", reason.message())]
    SettlementRefused {
        id: u64,
        code: u16,
        reason: ReasonCode,
    },

    /// The token still refuses to deliver a parked security refund.
    #[error("parked refund {id} cannot be delivered to {recipient} yet, reason {code} `{reason}`: {}; a `transfer_agent` may redirect it", reason.message())]
    ParkedRefundStillRefused {
        id: u64,
        recipient: Addr,
        code: u16,
        reason: ReasonCode,
    },

    /// The escrow cannot mint the offering's token.
    #[error("the escrow does not hold the `minter` role of token {token}; ask the token owner to grant it before opening an offering")]
    NotMinter { token: Addr },

    /// The sender holds the escrow's `issuer` role but not the token's: the token's owner
    /// authorizes issuers per token.
    #[error("{sender} does not hold the `issuer` role of token {token}; the token's owner grants it per token")]
    NotTokenIssuer { token: Addr, sender: Addr },

    /// The subscription has no allotted units left to resolve (none allotted, or already
    /// issued, redirected or cancelled).
    #[error("{subscriber} has no pending allocation in offering {offering_id}")]
    NoPendingAllocation { offering_id: u64, subscriber: Addr },

    /// The transfer agent tried to redirect or cancel an allocation the token would issue to
    /// the subscriber now: the subscriber claims it instead.
    #[error("the token would issue the allocation of {subscriber} in offering {offering_id} now; it is claimable, not to be redirected or cancelled")]
    AllocationIssuable { offering_id: u64, subscriber: Addr },

    /// A redirect to a wallet that is not the subscribing investor's in the registry.
    #[error("{recipient} is not a wallet of investor `{investor_id}` in the registry")]
    NotSameInvestor {
        investor_id: String,
        recipient: Addr,
    },

    /// The token would refuse to issue a redirected allocation to the wallet named.
    #[error("the token would refuse to issue to {recipient}, reason {code} `{reason}`: {}", reason.message())]
    RedirectNotAllowed {
        recipient: Addr,
        code: u16,
        reason: ReasonCode,
    },

    /// A wallet funded its subscription too many times.
    #[error("subscription of {subscriber} in offering {offering_id} already has {max} fundings; subscribe from another wallet of the investor or in fewer, larger fundings")]
    TooManyFundings {
        offering_id: u64,
        subscriber: Addr,
        max: usize,
    },

    /// An agent power used by someone who does not hold the `transfer_agent` role of the token
    /// it touches (the escrow's role says who may act at all, the token's role for which token).
    #[error("{sender} does not hold the `transfer_agent` role of token {token}")]
    NotTokenTransferAgent { token: Addr, sender: Addr },

    /// A deadline beyond the longest window the escrow accepts.
    #[error("deadline {deadline} is beyond {latest}, the latest the escrow accepts (`max_settlement_window`)")]
    DeadlineTooFar {
        deadline: Timestamp,
        latest: Timestamp,
    },

    /// An offering closing beyond the longest offering window.
    #[error("offering closes at {closes_at}, beyond {latest}, the latest the escrow accepts (`max_offering_window`)")]
    OfferingWindowTooLong {
        closes_at: Timestamp,
        latest: Timestamp,
    },

    /// A configured limit outside its range.
    #[error("`{field}` must be 1 to {max} seconds, not {value}")]
    LimitOutOfRange { field: String, value: u64, max: u64 },

    /// `update_limits` without any limit.
    #[error("nothing to update")]
    NothingToUpdate,

    /// An offering holding period outside 1 to `MAX_HOLDING_PERIOD` seconds.
    #[error("holding period {holding_period} must be 1 to {max} seconds")]
    HoldingPeriodOutOfRange { holding_period: u64, max: u64 },

    /// A token that is not on the escrow's allow-list.
    #[error("token {token} is not on the escrow's allow-list; its owner must allow it first")]
    TokenNotAllowed { token: Addr },

    /// An allowed token whose contract now runs other code than when it was allowed.
    #[error("token {token} was allowed with code {allowed_code_id} and now runs code {code_id}; its owner must allow it again")]
    TokenCodeChanged {
        token: Addr,
        allowed_code_id: u64,
        code_id: u64,
    },

    /// The token's code is not the one the owner named.
    #[error("token {token} runs code with checksum {actual}, not {expected}")]
    TokenChecksumMismatch {
        token: Addr,
        expected: HexBinary,
        actual: HexBinary,
    },

    /// The token has not registered the escrow as a system account.
    #[error("the escrow is not a system account of token {token}; the token's owner must register it first")]
    EscrowNotSystemAccount { token: Addr },

    /// Returning more than the surplus of an asset.
    #[error("only {surplus} of {asset} is surplus; {requested} would touch what the escrow owes")]
    AboveSurplus {
        asset: String,
        requested: Uint128,
        surplus: Uint128,
    },

    /// An empty bank denom.
    #[error("the bank denom must not be empty")]
    EmptyDenom,

    /// The investor of a wallet is known neither to the registry nor to the token.
    #[error("{wallet} belongs to no known investor")]
    PartyInvestorUnknown { wallet: Addr },
}
