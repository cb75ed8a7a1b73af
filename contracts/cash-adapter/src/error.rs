use cosmwasm_std::{Addr, OverflowError, StdError, Timestamp, Uint128};
use cw_utils::PaymentError;
use sto_access::AccessError;
use sto_interface::cash::{AssetInfo, RedemptionStatus, UnhealthyReason};
use sto_interface::hold::HoldStatus;
use sto_interface::registry::Ineligibility;
use thiserror::Error;

/// Every way an adapter message can be refused. Nothing changes and nothing moves when one is
/// returned.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    /// Storage or serialization failure.
    #[error(transparent)]
    Std(#[from] StdError),

    /// Arithmetic overflow (an amount beyond `Uint128`).
    #[error(transparent)]
    Overflow(#[from] OverflowError),

    /// Ownership, role or address check failed.
    #[error(transparent)]
    Access(#[from] AccessError),

    /// Funds were attached to a message that takes none.
    #[error(transparent)]
    Payment(#[from] PaymentError),

    /// USD1 of another kind than the configured asset: another CW20 contract, another denom, or
    /// a CW20 hook while the adapter is in native mode.
    #[error("this adapter holds {expected}; {got} is refused")]
    WrongAsset { expected: AssetInfo, got: AssetInfo },

    /// A native funding message while USD1 is a CW20.
    #[error("this adapter's USD1 is the CW20 {cw20}: fund with its `send` and the hook message")]
    UseCw20Send { cw20: Addr },

    /// A native funding message without coins.
    #[error("attach exactly one coin of {expected}")]
    NoFunds { expected: AssetInfo },

    /// Several denoms attached to a native funding message.
    #[error("attach exactly one coin; {denoms} were attached")]
    SeveralDenoms { denoms: String },

    /// A zero amount funded, released or deposited.
    #[error("the amount must be greater than zero")]
    ZeroAmount,

    /// Returning more than the surplus (USD1 held beyond every pool, parked release and
    /// pending redemption).
    #[error("only {surplus} is surplus; {requested} would touch money held for clients, parked releases or redemptions")]
    AboveSurplus {
        requested: Uint128,
        surplus: Uint128,
    },

    /// Naming, or releasing as, an address that is not a registered client.
    #[error("{client} is not a registered client of the adapter")]
    UnknownClient { client: String },

    /// Funding a deactivated client.
    #[error("client {client} is deactivated and takes no new fundings")]
    ClientInactive { client: Addr },

    /// Registering a client that is registered and active.
    #[error("client {client} is already registered and active")]
    ClientAlreadyActive { client: Addr },

    /// Registering an address that is not a contract.
    #[error("{address} is not a contract; only contracts can be clients")]
    ClientNotAContract { address: Addr },

    /// The payer may not pay now (registry).
    #[error("payer {payer} is not eligible: {reason}")]
    PayerIneligible { payer: Addr, reason: Ineligibility },

    /// The holder may not redeem now (registry).
    #[error("holder {holder} is not eligible: {reason}")]
    HolderIneligible { holder: Addr, reason: Ineligibility },

    /// New fundings refused: the cash leg is not healthy.
    #[error("the USD1 cash leg is not healthy ({}); new fundings are refused, refunds still work", describe(.reasons))]
    CashLegUnhealthy { reasons: Vec<UnhealthyReason> },

    /// A release above the client's pool.
    #[error("client {client} holds {available} in its pool; cannot release {requested}")]
    InsufficientPool {
        client: Addr,
        available: Uint128,
        requested: Uint128,
    },

    /// An attestation about the future.
    #[error("attestation as_of {as_of} is after the block time {now}")]
    AttestationInFuture { as_of: Timestamp, now: Timestamp },

    /// An attestation not newer than the newest one.
    #[error("attestation as_of {as_of} is not after the newest attestation's {newest}")]
    AttestationNotNewer { as_of: Timestamp, newest: Timestamp },

    /// An attestation with zero supply.
    #[error("an attestation's circulating supply must be greater than zero")]
    ZeroSupply,

    /// A hash that is not 32 bytes.
    #[error("{field} must be a 32-byte SHA-256 hash; {len} bytes given")]
    InvalidHash { field: String, len: usize },

    /// Empty or over-long text.
    #[error("{field} must be 1 to {max} characters")]
    InvalidText { field: String, max: usize },

    /// A configuration value out of range.
    #[error("{field} {reason}")]
    InvalidConfig { field: String, reason: String },

    /// A redemption service period beyond the maximum.
    #[error("redemption_service_period {period}s is above the maximum of {max}s")]
    ServicePeriodTooLong { period: u64, max: u64 },

    /// A time beyond what a timestamp can represent.
    #[error("{time} plus {seconds}s is beyond the latest representable time")]
    TimeOverflow { time: Timestamp, seconds: u64 },

    /// An update naming no field.
    #[error("update_config names no field to change")]
    NothingToUpdate,

    /// Halting while halted.
    #[error("new fundings are already halted ({reason})")]
    AlreadyHalted { reason: String },

    /// Resuming while not halted.
    #[error("new fundings are not halted")]
    NotHalted,

    /// No redemption request with this id.
    #[error("redemption request {id} does not exist")]
    RedemptionNotFound { id: u64 },

    /// Acting on a request that is no longer pending.
    #[error("redemption request {id} is {status}, not pending")]
    RedemptionNotPending { id: u64, status: RedemptionStatus },

    /// Cancelling someone else's request.
    #[error("only the holder {holder} may cancel redemption request {id}")]
    NotRedemptionHolder { id: u64, holder: Addr },

    /// Cancelling before the service deadline.
    #[error("redemption request {id} may be cancelled after {deadline}; it is {now}")]
    ServiceDeadlineNotPassed {
        id: u64,
        deadline: Timestamp,
        now: Timestamp,
    },

    /// No parked release with this id.
    #[error("parked release {id} does not exist")]
    ParkedNotFound { id: u64 },

    /// Resolving a parked release twice.
    #[error("parked release {id} was already resolved")]
    ParkedAlreadyResolved { id: u64 },

    /// Paying a parked release, or returning surplus, to an address that is blocked.
    #[error("{recipient} is blocked in the registry; it cannot be paid")]
    RecipientBlocked { recipient: Addr },

    /// A maximum hold duration of zero or beyond the limit.
    #[error("max_hold_duration {duration}s must be between 1s and {max}s")]
    HoldDurationOutOfRange { duration: u64, max: u64 },

    /// The sender has no cash account of its own: it is neither a registered wallet nor a
    /// registered client contract.
    #[error(
        "{address} is neither a registered wallet nor a client contract; it has no cash account"
    )]
    NoAccount { address: Addr },

    /// No cash account has this key.
    #[error("no cash account {key}")]
    UnknownAccount { key: String },

    /// Opening an account that exists.
    #[error("cash account {key} already exists")]
    AccountExists { key: String },

    /// The sender neither owns the account nor is its authorised operator (this is also the
    /// answer to a `send_from` deposit by a spender that does not operate the account).
    #[error(
        "{sender} is neither a wallet of the owner of cash account {account} nor its operator"
    )]
    NotAccountOperator { account: String, sender: Addr },

    /// Operator management by anyone but the account's owner.
    #[error("only the owner of cash account {account} may change its operator; {sender} is not")]
    NotAccountOwner { account: String, sender: Addr },

    /// Revoking an operator that was never authorised.
    #[error("cash account {account} has no operator")]
    NoOperator { account: String },

    /// The wallet that authorised the operator no longer belongs to the account's investor:
    /// the owner must authorise the operator again.
    #[error("the operator of cash account {account} was authorised by {granted_by}, no longer a wallet of its investor")]
    OperatorGrantLapsed { account: String, granted_by: Addr },

    /// A hold placement or book entry by the account's operator above what it may still
    /// place or move (its remaining limit).
    #[error("the operator may place or move {limit} more; {needed} needed")]
    OperatorLimitExceeded { limit: Uint128, needed: Uint128 },

    /// A payment or reclaim naming a sub-account the sender does not own (never funded under
    /// `(sender, reference)`).
    #[error("{client} has no sub-account {reference}")]
    SubAccountNotFound { client: Addr, reference: String },

    /// Payments beyond what is left in the sub-account.
    #[error("sub-account {reference} of {client} has {balance} left; {requested} requested")]
    SubAccountOverdrawn {
        client: Addr,
        reference: String,
        balance: Uint128,
        requested: Uint128,
    },

    /// A reclaim of a sub-account with nothing left.
    #[error("sub-account {reference} of {client} has nothing left to reclaim")]
    SubAccountEmpty { client: Addr, reference: String },

    /// No payments, or more than one message may carry.
    #[error("a sub-account payment message carries 1 to {max} payments; {count} given")]
    InvalidPaymentCount { count: usize, max: usize },

    /// No wallet of the hold owner's investor could be found to check its block status.
    #[error("cannot verify the owner of cash account {account} in the registry")]
    OwnerUnverifiable { account: String },

    /// A payment out of the account of a blocked investor (hold, execution of its hold, book
    /// entry, withdrawal, off-ramp). The account still receives.
    #[error("cash account {account} belongs to a blocked investor: it receives but cannot pay")]
    AccountBlocked { account: String },

    /// More than the account's available cash (`balance - held`).
    #[error("cash account {account} has {available} available; {requested} requested")]
    InsufficientAvailable {
        account: String,
        available: Uint128,
        requested: Uint128,
    },

    /// A book entry from an account to itself.
    #[error("a book entry needs two different accounts; {account} was named twice")]
    SameAccount { account: String },

    /// A withdrawal to a wallet that is not the account's investor's.
    #[error("{recipient} is not a wallet of the owner of cash account {account}")]
    NotOwnWallet { account: String, recipient: Addr },

    /// An account key that is empty or too long.
    #[error("account key `{key}` must be 1 to {max} characters")]
    InvalidAccountKey { key: String, max: usize },

    /// A hold naming a notary that is not registered.
    #[error("{notary} is not a registered notary")]
    UnknownNotary { notary: String },

    /// Registering a notary twice.
    #[error("{notary} is already a registered notary")]
    NotaryAlreadyRegistered { notary: Addr },

    /// Registering an address that is not a contract as a notary.
    #[error("{address} is not a contract; only contracts can be notaries")]
    NotaryNotAContract { address: Addr },

    /// A hold whose expiry is not after the block time.
    #[error("hold expiry {expires} is not after the block time {now}")]
    HoldExpiryPassed { expires: Timestamp, now: Timestamp },

    /// A hold whose expiry is beyond the maximum hold duration.
    #[error("hold expiry {expires} is after the latest allowed {latest}")]
    HoldExpiryTooFar {
        expires: Timestamp,
        latest: Timestamp,
    },

    /// No cash hold with this id.
    #[error("cash hold {id} does not exist")]
    HoldNotFound { id: u64 },

    /// Acting on a hold that is no longer open.
    #[error("cash hold {id} is {}, not open", .status.as_str())]
    HoldNotOpen { id: u64, status: HoldStatus },

    /// Executing, or releasing before expiry, by anyone but the hold's notary.
    #[error(
        "only the notary {notary} may do this to cash hold {id} (before its expiry, for a release)"
    )]
    NotHoldNotary { id: u64, notary: Addr },

    /// Executing at or after the hold's expiry.
    #[error("cash hold {id} expired at {expires}; it is {now}: release it instead")]
    HoldExpired {
        id: u64,
        expires: Timestamp,
        now: Timestamp,
    },

    /// Executing more than the hold's remainder.
    #[error("cash hold {id} has {remaining} left; cannot execute {requested}")]
    AboveHoldRemainder {
        id: u64,
        remaining: Uint128,
        requested: Uint128,
    },

    /// Executing part of a hold that is not `partial`.
    #[error("cash hold {id} is not partial: execute all of its {remaining}, not {requested}")]
    PartialExecutionRefused {
        id: u64,
        remaining: Uint128,
        requested: Uint128,
    },
}

fn describe(reasons: &[UnhealthyReason]) -> String {
    reasons
        .iter()
        .map(|r| match r {
            UnhealthyReason::NoAttestation => "no reserve attestation".to_string(),
            UnhealthyReason::Stale {
                age_seconds,
                max_age_seconds,
            } => format!("attestation is {age_seconds}s old, maximum {max_age_seconds}s"),
            UnhealthyReason::Undercollateralized {
                coverage,
                min_coverage,
            } => match coverage {
                Some(c) => format!("coverage {c} below minimum {min_coverage}"),
                None => format!("coverage below minimum {min_coverage}"),
            },
            UnhealthyReason::Halted { reason } => format!("halted by the owner: {reason}"),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
