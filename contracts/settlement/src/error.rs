use cosmwasm_std::{Addr, HexBinary, OverflowError, StdError, Timestamp};
use cw_utils::PaymentError;
use sto_access::AccessError;
use sto_interface::settlement::TradeStatus;
use thiserror::Error;

/// Every way a settlement message can be refused. Nothing changes when one is returned.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    /// A storage or serialization error.
    #[error(transparent)]
    Std(#[from] StdError),

    /// Ownership or role refusal.
    #[error(transparent)]
    Access(#[from] AccessError),

    /// Funds sent to a message that takes none.
    #[error(transparent)]
    Payment(#[from] PaymentError),

    /// Checked arithmetic overflow.
    #[error(transparent)]
    Overflow(#[from] OverflowError),

    /// A zero amount where a positive one is required.
    #[error("`{field}` must be greater than zero")]
    ZeroAmount { field: String },

    /// A leg from a wallet (or cash account) to itself.
    #[error("a leg cannot go from {address} to itself")]
    SameParty { address: Addr },

    /// A deadline not after the block time.
    #[error("deadline {deadline} is not after the block time {now}")]
    DeadlineNotInFuture { deadline: Timestamp, now: Timestamp },

    /// A deadline beyond the longest settlement window.
    #[error(
        "deadline {deadline} is beyond {latest}, the latest accepted (`max_settlement_window`)"
    )]
    DeadlineTooFar {
        deadline: Timestamp,
        latest: Timestamp,
    },

    /// An empty or over-long reference.
    #[error("`{field}` must be 1 to {max} characters")]
    InvalidReference { field: String, max: usize },

    /// Creating a trade without being one of its wallets or a settlement operator.
    #[error("{sender} is neither a wallet of the trade nor a settlement operator")]
    NotPartyOrOperator { sender: Addr },

    /// Settling a trade with an approver by someone else.
    #[error("trade {id} is settled by its approver only, not {sender}")]
    NotApprover { id: u64, sender: Addr },

    /// A party asks to cancel twice.
    #[error("{party} already asked to cancel trade {id}")]
    CancelAlreadyRequested { id: u64, party: Addr },

    /// A token not on the allow-list.
    #[error("token {token} is not on the allow-list")]
    TokenNotAllowed { token: Addr },

    /// A token whose code changed since it was allowed.
    #[error(
        "token {token} runs code {code_id}, not the code {allowed_code_id} it was allowed with"
    )]
    TokenCodeChanged {
        token: Addr,
        allowed_code_id: u64,
        code_id: u64,
    },

    /// Allowing a token whose code is not the audited one.
    #[error("token {token} runs code with checksum {actual}, not {expected}")]
    TokenChecksumMismatch {
        token: Addr,
        expected: HexBinary,
        actual: HexBinary,
    },

    /// A settlement window beyond the limit.
    #[error("max_settlement_window {value} s is above the limit {max} s")]
    WindowOutOfRange { value: u64, max: u64 },

    /// A trade with no legs or more than the most.
    #[error("a trade has 1 to {max} legs, not {count}")]
    InvalidTradeLegs { count: usize, max: usize },

    /// No trade with this id.
    #[error("trade {id} does not exist")]
    TradeNotFound { id: u64 },

    /// A trade that is no longer open.
    #[error("trade {id} is {status}")]
    TradeClosed { id: u64, status: TradeStatus },

    /// Affirming or settling a trade at or after its deadline.
    #[error(
        "trade {id} passed its deadline {deadline} (now {now}); expire it to release its holds"
    )]
    TradeDeadlinePassed {
        id: u64,
        deadline: Timestamp,
        now: Timestamp,
    },

    /// Expiring a trade before its deadline.
    #[error("trade {id} runs until {deadline} (now {now}); it cannot expire yet")]
    TradeDeadlineNotReached {
        id: u64,
        deadline: Timestamp,
        now: Timestamp,
    },

    /// An earliest settlement time not before the deadline.
    #[error("settle_not_before {settle_not_before} must be before the deadline {deadline}")]
    SettleNotBeforeAfterDeadline {
        settle_not_before: Timestamp,
        deadline: Timestamp,
    },

    /// Settling before the earliest settlement time.
    #[error("trade {id} settles from {settle_not_before} (now {now})")]
    SettleTooEarly {
        id: u64,
        settle_not_before: Timestamp,
        now: Timestamp,
    },

    /// A leg index the trade does not have.
    #[error("trade {id} has {legs} legs; there is no leg {leg}")]
    UnknownLeg { id: u64, leg: u8, legs: usize },

    /// A hold naming the escrow without an affirmation message.
    #[error("hold {hold_id} names the escrow as notary but no trade and leg (message `{{\"trade_id\",\"leg\",\"settle\"}}`)")]
    HoldWithoutAffirmation { hold_id: u64 },

    /// A hold notification from another contract than the leg's token or the cash adapter.
    #[error(
        "leg {leg} of trade {id} is held at {expected}; a notification from {sender} is refused"
    )]
    HoldFromWrongContract {
        id: u64,
        leg: u8,
        expected: Addr,
        sender: Addr,
    },

    /// A hold whose terms do not match its leg.
    #[error(
        "the hold for leg {leg} of trade {id} has {field} `{got}`, the leg needs `{expected}`"
    )]
    HoldMismatch {
        id: u64,
        leg: u8,
        field: String,
        expected: String,
        got: String,
    },

    /// A leg already affirmed by a live hold.
    #[error("leg {leg} of trade {id} is already affirmed by hold {hold_id}")]
    LegAlreadyAffirmed { id: u64, leg: u8, hold_id: u64 },

    /// A leg without a live hold affirming it.
    #[error("leg {leg} of trade {id} is not affirmed by a live hold")]
    LegNotAffirmed { id: u64, leg: u8 },

    /// Withdrawing a leg's affirmation by someone else than its delivering party.
    #[error("{sender} does not deliver leg {leg} of trade {id}")]
    NotLegParty { id: u64, leg: u8, sender: Addr },

    /// Withdrawing an affirmation once every leg is affirmed.
    #[error("every leg of trade {id} is affirmed: nobody withdraws alone (joint cancel, the approver, the token's transfer agent, or expiry)")]
    TradeFullyAffirmed { id: u64 },

    /// Cancelling a trade without the right to.
    #[error("{sender} may not cancel trade {id}")]
    CannotCancelTrade { id: u64, sender: Addr },
}
