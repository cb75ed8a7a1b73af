use cosmwasm_std::{Addr, HexBinary, OverflowError, StdError, Timestamp, Uint128};
use cw_utils::PaymentError;
use sto_access::AccessError;
use sto_interface::offering::OfferingStatus;
use sto_interface::registry::Ineligibility;
use sto_interface::token::ReasonCode;
use thiserror::Error;

/// Every way a primary-offering message can be refused. Nothing changes when one is returned
/// (a refused `hold_placed` reverts the hold's placement at the adapter).
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    /// Storage, serialization or a failed query.
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

    // ---- allow-list ----
    /// A token not on the allow-list.
    #[error("token {token} is not on the allow-list")]
    TokenNotAllowed { token: Addr },

    /// A token whose code changed since it was allowed.
    #[error("token {token} runs code {code_id}; code {allowed_code_id} was allowed")]
    TokenCodeChanged {
        token: Addr,
        allowed_code_id: u64,
        code_id: u64,
    },

    /// Allowing a token whose code does not have the expected checksum.
    #[error("token {token} has code checksum {actual}, not {expected}")]
    TokenChecksumMismatch {
        token: Addr,
        expected: HexBinary,
        actual: HexBinary,
    },

    // ---- open ----
    /// Opening without the token's own `issuer` role.
    #[error("{sender} does not hold the issuer role of token {token}")]
    NotTokenIssuer { token: Addr, sender: Addr },

    /// This contract cannot issue the token (it lacks the token's `minter` role).
    #[error("the offering contract does not hold the minter role of token {token}")]
    NotTokenMinter { token: Addr },

    /// A zero price, minimum or hard cap.
    #[error("{field} must be greater than zero")]
    ZeroTerm { field: String },

    /// `max_units` below `min_units`.
    #[error("max_units {max_units} is below min_units {min_units}")]
    MaxBelowMin {
        min_units: Uint128,
        max_units: Uint128,
    },

    /// `max_units` above `hard_cap`.
    #[error("max_units {max_units} is above the hard cap {hard_cap}")]
    MaxAboveHardCap {
        max_units: Uint128,
        hard_cap: Uint128,
    },

    /// `soft_cap` above `hard_cap`.
    #[error("the soft cap {soft_cap} is above the hard cap {hard_cap}")]
    SoftCapAboveHardCap {
        soft_cap: Uint128,
        hard_cap: Uint128,
    },

    /// A window starting before the current block time.
    #[error("the window starts at {start}, before the block time {now}")]
    WindowStartInPast { start: Timestamp, now: Timestamp },

    /// A window whose end is not after its start.
    #[error("the window ends at {end}, not after its start {start}")]
    WindowEndNotAfterStart { start: Timestamp, end: Timestamp },

    /// A window ending more than a year after now.
    #[error("the window ends at {end}, after the latest accepted end {latest}")]
    WindowTooFar { end: Timestamp, latest: Timestamp },

    /// A grace period out of bounds.
    #[error("grace {grace}s is outside {min}s to {max}s")]
    GraceOutOfRange { grace: u64, min: u64, max: u64 },

    /// An issuance lock ending at or before the allocation deadline.
    #[error("the lock ends at {lock_until}, not after the allocation deadline {deadline}")]
    LockNotAfterDeadline {
        lock_until: Timestamp,
        deadline: Timestamp,
    },

    /// An issuance lock ending too far ahead.
    #[error("the lock ends at {lock_until}, after the latest accepted {latest}")]
    LockTooFar {
        lock_until: Timestamp,
        latest: Timestamp,
    },

    /// An empty or too long reference.
    #[error("the reference has {len} bytes; 1 to {max} are accepted")]
    InvalidReference { len: usize, max: usize },

    /// The issuer's cash account does not exist at the adapter.
    #[error("cash account `{account}` does not exist at the adapter")]
    UnknownIssuerAccount { account: String },

    // ---- subscription (hold_placed) ----
    /// `hold_placed` from another sender than the configured cash adapter.
    #[error("hold_placed from {sender}; only the cash adapter {adapter} notifies holds")]
    NotCashAdapter { sender: Addr, adapter: Addr },

    /// A subscription hold without a `SubscriptionMsg`.
    #[error("hold {hold_id} carries no subscription message")]
    MissingSubscriptionMsg { hold_id: u64 },

    /// No offering with this id.
    #[error("offering {offering_id} does not exist")]
    OfferingNotFound { offering_id: u64 },

    /// A subscription outside the window `[start, end)`.
    #[error(
        "offering {offering_id}: subscriptions are accepted from {start} until {end} (now {now})"
    )]
    OutsideWindow {
        offering_id: u64,
        start: Timestamp,
        end: Timestamp,
        now: Timestamp,
    },

    /// A hold naming another notary.
    #[error("hold {hold_id} names notary {notary}, not this contract")]
    WrongNotary { hold_id: u64, notary: Addr },

    /// A hold paying another account than the issuer's.
    #[error("hold {hold_id} pays `{payee}`; the offering pays `{expected}`")]
    WrongPayee {
        hold_id: u64,
        payee: String,
        expected: String,
    },

    /// A hold whose reference does not name the offering.
    #[error("hold {hold_id} has reference `{reference}`; expected `{expected}`")]
    WrongReference {
        hold_id: u64,
        reference: String,
        expected: String,
    },

    /// A hold placed without `partial: true`.
    #[error("hold {hold_id} must be placed with partial: true")]
    HoldNotPartial { hold_id: u64 },

    /// A hold expiring before the allocation deadline.
    #[error("hold {hold_id} expires at {expires}, before the allocation deadline {deadline}")]
    HoldExpiresTooEarly {
        hold_id: u64,
        expires: Timestamp,
        deadline: Timestamp,
    },

    /// Fewer units than the minimum per investor.
    #[error("{units} units is below the minimum {min_units} per investor")]
    BelowMinimum { units: Uint128, min_units: Uint128 },

    /// More units than the maximum per investor.
    #[error("{units} units is above the maximum {max_units} per investor")]
    AboveMaximum { units: Uint128, max_units: Uint128 },

    /// A hold amount other than `units x unit_price`.
    #[error("hold {hold_id} holds {amount}; {units} units cost {expected}")]
    WrongHoldAmount {
        hold_id: u64,
        units: Uint128,
        amount: Uint128,
        expected: Uint128,
    },

    /// A second subscription of the same investor (one per investor and offering).
    #[error("investor `{investor}` already subscribed to offering {offering_id}")]
    AlreadySubscribed { offering_id: u64, investor: String },

    /// The wallet to issue to is not eligible in the registry.
    #[error("wallet {wallet} is not eligible: {reason:?}")]
    WalletIneligible { wallet: Addr, reason: Ineligibility },

    /// The wallet belongs to another investor than the held cash account's.
    #[error("wallet {wallet} belongs to investor `{wallet_investor}`, not to `{investor}`")]
    WalletNotOfInvestor {
        wallet: Addr,
        wallet_investor: String,
        investor: String,
    },

    /// The token would refuse to issue the units to the wallet (coming holders counted).
    #[error("the token would refuse issuing {units} units to {wallet}: {reason}")]
    IssuanceRefused {
        wallet: Addr,
        units: Uint128,
        reason: ReasonCode,
    },

    // ---- close and allocate ----
    /// Closing before the window ends.
    #[error("offering {offering_id}: the window ends at {end} (now {now})")]
    WindowNotEnded {
        offering_id: u64,
        end: Timestamp,
        now: Timestamp,
    },

    /// Closing an offering twice.
    #[error("offering {offering_id} is already closed ({status:?})")]
    AlreadyClosed {
        offering_id: u64,
        status: OfferingStatus,
    },

    /// Allocating before the offering is closed.
    #[error("offering {offering_id} is not closed")]
    NotClosed { offering_id: u64 },

    /// An empty or too long page of subscribers.
    #[error("{count} subscribers; one allocation settles 1 to {max}")]
    InvalidPage { count: usize, max: usize },

    /// No subscription of this investor.
    #[error("investor `{investor}` has no subscription in offering {offering_id}")]
    SubscriptionNotFound { offering_id: u64, investor: String },

    /// A subscription settled already (or listed twice).
    #[error("the subscription of `{investor}` in offering {offering_id} is already settled")]
    AlreadySettled { offering_id: u64, investor: String },

    /// Allocating someone else's subscription without being the issuer or the token's
    /// transfer agent.
    #[error(
        "{sender} may not allocate the subscription of `{investor}` in offering {offering_id}"
    )]
    NotAllocator {
        offering_id: u64,
        investor: String,
        sender: Addr,
    },
}
