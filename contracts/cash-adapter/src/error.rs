use cosmwasm_std::{Addr, OverflowError, StdError, Timestamp, Uint128};
use cw_utils::PaymentError;
use sto_access::AccessError;
use sto_interface::cash::{AssetInfo, RedemptionStatus, UnhealthyReason};
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
