use cosmwasm_std::{Addr, Decimal, OverflowError, StdError, Timestamp};
use cw_utils::PaymentError;
use sto_access::AccessError;
use thiserror::Error;

/// Every way a ballots message can be refused. Nothing changes when one is returned.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    /// Storage, serialization or a failed query of the token.
    #[error(transparent)]
    Std(#[from] StdError),

    /// Checked arithmetic overflowed.
    #[error(transparent)]
    Overflow(#[from] OverflowError),

    /// Ownership or address check failed.
    #[error(transparent)]
    Access(#[from] AccessError),

    /// Funds were attached (no message takes any).
    #[error(transparent)]
    Payment(#[from] PaymentError),

    /// Opening a ballot without the token's own `issuer` or `paying_agent` role.
    #[error("{sender} holds neither the issuer nor the paying_agent role of token {token}")]
    NotTokenIssuerOrPayingAgent { token: Addr, sender: Addr },

    /// A record height that is not after the current height.
    #[error("record height {record_height} is not after the current height {current}")]
    RecordHeightNotInFuture { record_height: u64, current: u64 },

    /// A record height further ahead than the token accepts.
    #[error("record height {record_height} is more than {max_lead} blocks after {current}")]
    RecordHeightTooFar {
        record_height: u64,
        current: u64,
        max_lead: u64,
    },

    /// An empty or too long title.
    #[error("the title has {len} bytes; 1 to {max} are accepted")]
    InvalidTitle { len: usize, max: usize },

    /// Too few or too many options.
    #[error("{count} options; a ballot has {min} to {max}")]
    InvalidOptionCount {
        count: usize,
        min: usize,
        max: usize,
    },

    /// An empty or too long option label.
    #[error("option {index} `{label}` must have 1 to {max} bytes")]
    InvalidOptionLabel {
        index: usize,
        label: String,
        max: usize,
    },

    /// Two options with the same label.
    #[error("option `{label}` appears twice")]
    DuplicateOption { label: String },

    /// A voting window starting before the current block time.
    #[error("the window starts at {start}, before the block time {now}")]
    WindowStartInPast { start: Timestamp, now: Timestamp },

    /// A voting window whose end is not after its start.
    #[error("the window ends at {end}, not after its start {start}")]
    WindowEndNotAfterStart { start: Timestamp, end: Timestamp },

    /// A voting window ending more than a year after now.
    #[error("the window ends at {end}, after the latest accepted end {latest}")]
    WindowTooFar { end: Timestamp, latest: Timestamp },

    /// A quorum above 100 %.
    #[error("quorum {quorum} is above 1")]
    QuorumAboveOne { quorum: Decimal },

    /// No ballot with this id.
    #[error("ballot {ballot_id} does not exist")]
    BallotNotFound { ballot_id: u64 },

    /// A vote before the chain reached the record height.
    #[error("ballot {ballot_id}: record height {record_height} not reached (current {current})")]
    RecordHeightNotReached {
        ballot_id: u64,
        record_height: u64,
        current: u64,
    },

    /// A vote after the token retired the record height (its record balances are no longer
    /// kept exact).
    #[error("ballot {ballot_id}: record height {record_height} retired at {retired_at} (current {current})")]
    RecordHeightRetired {
        ballot_id: u64,
        record_height: u64,
        retired_at: u64,
        current: u64,
    },

    /// A vote before the window opens.
    #[error("ballot {ballot_id}: voting starts at {start} (now {now})")]
    VotingNotStarted {
        ballot_id: u64,
        start: Timestamp,
        now: Timestamp,
    },

    /// A vote at or after the end of the window.
    #[error("ballot {ballot_id}: voting ended at {end} (now {now})")]
    VotingEnded {
        ballot_id: u64,
        end: Timestamp,
        now: Timestamp,
    },

    /// A vote for an option the ballot does not have.
    #[error("ballot {ballot_id} has {options} options; option {option} does not exist")]
    UnknownOption {
        ballot_id: u64,
        option: u8,
        options: u8,
    },

    /// A vote for a wallet by a sender that is neither the wallet nor its hold operator.
    #[error("{sender} is neither wallet {wallet} nor its hold operator on token {token}")]
    NotWalletOperator {
        token: Addr,
        wallet: Addr,
        sender: Addr,
    },

    /// A vote by a wallet that held nothing at the record height.
    #[error("ballot {ballot_id}: {wallet} held no units at record height {record_height}")]
    NoBalanceAtRecordHeight {
        ballot_id: u64,
        wallet: Addr,
        record_height: u64,
    },

    /// Closing before the window ends.
    #[error("ballot {ballot_id}: voting ends at {end} (now {now})")]
    VotingNotEnded {
        ballot_id: u64,
        end: Timestamp,
        now: Timestamp,
    },

    /// Closing a ballot twice.
    #[error("ballot {ballot_id} is already closed")]
    BallotAlreadyClosed { ballot_id: u64 },
}
