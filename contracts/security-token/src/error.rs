use cosmwasm_std::{OverflowError, StdError, Timestamp, Uint128};
use cw_utils::PaymentError;
use sto_access::{AccessError, Role};
use sto_interface::common::DomainError;
use sto_interface::token::ReasonCode;
use thiserror::Error;

/// Every way a token message can be refused. Nothing changes when one is returned.
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

    /// A malformed jurisdiction in the rules.
    #[error(transparent)]
    Domain(#[from] DomainError),

    /// Checked arithmetic overflowed (e.g. a mint beyond `Uint128::MAX`).
    #[error(transparent)]
    Overflow(#[from] OverflowError),

    /// The compliance check refused the movement; `reason` is the first failing rule
    /// (query `can_transfer` for all of them).
    #[error("movement refused, reason {code} `{reason}`: {}", reason.message())]
    Refused { code: u16, reason: ReasonCode },

    /// The sender holds none of the roles the action accepts.
    #[error("{address} holds none of the roles this action accepts ({})", roles.iter().map(Role::as_str).collect::<Vec<_>>().join(", "))]
    MissingAnyRole { roles: Vec<Role>, address: String },

    /// A zero amount where a positive one is needed (freeze, unfreeze).
    #[error("the amount must be greater than zero")]
    ZeroAmount,

    /// Name, symbol or decimals out of the CW20 bounds.
    #[error("invalid token info: {reason}")]
    InvalidTokenInfo { reason: String },

    /// An allowance to oneself.
    #[error("cannot set an allowance for your own account")]
    CannotSetOwnAccount,

    /// An allowance expiry already in the past.
    #[error("the allowance expiry is already expired")]
    InvalidExpiration,

    /// Decreasing an allowance that does not exist.
    #[error("{spender} has no allowance from {owner}")]
    NoAllowance { owner: String, spender: String },

    /// `send` to an address that is not a contract (the `Receive` hook cannot be delivered).
    #[error("{address} is not a contract; use transfer to send to a wallet")]
    NotAContract { address: String },

    /// A holding-period lock that ends at or before now.
    #[error("locked_until {locked_until} is not after the block time {now}")]
    LockNotInFuture {
        locked_until: Timestamp,
        now: Timestamp,
    },

    /// Too many running locks on one wallet.
    #[error("{address} already carries {max} running holding-period locks")]
    TooManyLocks { address: String, max: usize },

    /// A batch issuance that is empty or too large.
    #[error("a batch issuance has 1 to {max} entries; {count} given")]
    InvalidBatchSize { max: usize, count: usize },

    /// A checkpoint height that is not in the future.
    #[error("checkpoint height {height} must be greater than the current height {current}")]
    CheckpointNotInFuture { height: u64, current: u64 },

    /// A checkpoint height too far ahead.
    #[error("checkpoint height {height} is more than {max_lead} blocks after the current height {current}")]
    CheckpointTooFar {
        height: u64,
        current: u64,
        max_lead: u64,
    },

    /// Empty or over-long legal reference.
    #[error("legal_reference must be 1 to {max} characters")]
    InvalidLegalReference { max: usize },

    /// Recovery to a wallet of another investor (or of none).
    #[error("recovery moves tokens between wallets of one investor; {lost} is booked to `{lost_investor}`, {new_wallet} belongs to `{new_investor}`")]
    RecoveryToOtherInvestor {
        lost: String,
        lost_investor: String,
        new_wallet: String,
        new_investor: String,
    },

    /// Recovery from a wallet that was never booked to an investor (e.g. a system account).
    #[error("{wallet} is not booked to any investor; nothing can be recovered from it")]
    NotAnInvestorWallet { wallet: String },

    /// Freezing a wallet already frozen as a whole.
    #[error("{address} is already frozen")]
    AlreadyFrozen { address: String },

    /// Lifting a whole-wallet freeze that is not there.
    #[error("{address} is not frozen")]
    NotFrozen { address: String },

    /// Freezing more than the unfrozen balance.
    #[error("cannot freeze {requested}: only {available} of the balance is unfrozen")]
    FreezeExceedsBalance {
        available: Uint128,
        requested: Uint128,
    },

    /// Unfreezing more than is frozen.
    #[error("cannot unfreeze {requested}: only {frozen} is frozen")]
    UnfreezeExceedsFrozen { frozen: Uint128, requested: Uint128 },

    /// Marking or unmarking a system account that holds tokens.
    #[error("{address} holds {balance}; a system account can only change while empty")]
    SystemAccountHoldsTokens { address: String, balance: Uint128 },

    /// Marking a system account that is one, or unmarking one that is not.
    #[error("{address} already has system = {system}")]
    SystemAccountUnchanged { address: String, system: bool },

    /// A malformed document.
    #[error("invalid document: {reason}")]
    InvalidDocument { reason: String },

    /// Removing a document that does not exist.
    #[error("no document named `{name}`")]
    DocumentNotFound { name: String },

    /// Inconsistent rules.
    #[error("invalid rules: {reason}")]
    InvalidRules { reason: String },

    /// Pausing a paused token.
    #[error("the token is already paused")]
    AlreadyPaused,

    /// Unpausing a running token.
    #[error("the token is not paused")]
    NotPaused,

    /// A checkpoint beyond the number of live record heights.
    #[error(
        "{max} record heights are live ({heights:?}); one must retire before {height} can open"
    )]
    TooManyRecordHeights {
        height: u64,
        max: usize,
        heights: Vec<u64>,
    },

    /// A record height that was never opened, or is retired.
    #[error("{height} is not a kept record height (opened, reached, not retired)")]
    NotARecordHeight { height: u64 },

    /// A hold naming a notary the owner did not register.
    #[error("{notary} is not a registered notary")]
    UnknownNotary { notary: String },

    /// Registering a notary twice.
    #[error("{notary} is already a registered notary")]
    NotaryAlreadyRegistered { notary: String },

    /// A hold larger than the owner's available units.
    #[error("cannot hold {requested}: only {available} is available")]
    HoldExceedsAvailable {
        available: Uint128,
        requested: Uint128,
    },

    /// A hold expiry at or before now.
    #[error("hold expiry {expires} is not after the block time {now}")]
    HoldExpiryNotInFuture { expires: Timestamp, now: Timestamp },

    /// A hold expiry beyond the maximum hold duration.
    #[error("hold expiry {expires} is after the latest allowed {latest}")]
    HoldExpiryTooFar {
        expires: Timestamp,
        latest: Timestamp,
    },

    /// A hold reference that is empty or too long.
    #[error("a hold reference has 1 to {max} characters; {len} given")]
    InvalidHoldReference { len: usize, max: usize },

    /// A placement beyond the open-hold cap of a wallet.
    #[error("{address} already has {max} open holds")]
    TooManyOpenHolds { address: String, max: usize },

    /// A placement on someone else's units by a sender that is not its hold operator.
    #[error("{operator} is not a hold operator of {owner}")]
    NotHoldOperator { owner: String, operator: String },

    /// A placement above what the operator may still place.
    #[error("operator {operator} may place {limit} more on hold for {owner}; {requested} asked")]
    HoldOperatorLimitExceeded {
        owner: String,
        operator: String,
        limit: Uint128,
        requested: Uint128,
    },

    /// A hold operator that is the owner itself.
    #[error("an owner places its own holds; it cannot be its own hold operator")]
    OwnHoldOperator,

    /// A hold id that does not exist.
    #[error("no hold with id {id}")]
    HoldNotFound { id: u64 },

    /// Executing or releasing a hold that is final.
    #[error("hold {id} is {status}, not open")]
    HoldNotOpen { id: u64, status: String },

    /// Executing a hold by someone other than its notary.
    #[error("only the notary {notary} executes hold {id}; {sender} is not it")]
    NotTheNotary {
        id: u64,
        notary: String,
        sender: String,
    },

    /// Executing a hold at or after its expiry.
    #[error("hold {id} expired at {expires} (now {now}); it can only be released")]
    HoldExpired {
        id: u64,
        expires: Timestamp,
        now: Timestamp,
    },

    /// Executing more than a hold's remainder.
    #[error("hold {id} has {remaining} left; {requested} asked")]
    HoldExceedsRemainder {
        id: u64,
        remaining: Uint128,
        requested: Uint128,
    },

    /// A partial execution of a hold that is not partial.
    #[error("hold {id} executes whole: {remaining} at once, not {requested}")]
    PartialExecutionNotAllowed {
        id: u64,
        remaining: Uint128,
        requested: Uint128,
    },

    /// Releasing before expiry by someone other than the notary.
    #[error(
        "hold {id} can be released by its notary {notary}, or by anyone from {expires} (now {now})"
    )]
    ReleaseNotAllowed {
        id: u64,
        notary: String,
        expires: Timestamp,
        now: Timestamp,
    },

    /// A maximum hold duration out of bounds.
    #[error("the maximum hold duration is 1 to {max} seconds; {seconds} given")]
    InvalidMaxHoldDuration { seconds: u64, max: u64 },
}

impl ContractError {
    /// The refusal for the first failing rule.
    pub fn refused(reason: ReasonCode) -> Self {
        ContractError::Refused {
            code: reason.code(),
            reason,
        }
    }
}
