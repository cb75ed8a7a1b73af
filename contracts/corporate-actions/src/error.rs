use cosmwasm_std::{Addr, Decimal, OverflowError, StdError, Timestamp, Uint128};
use cw_utils::PaymentError;
use sto_access::{AccessError, Role};
use sto_interface::actions::ActionStatus;
use sto_interface::common::DomainError;
use thiserror::Error;

/// Every way a distributor message can be refused. Nothing changes when one is returned.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    /// Storage, serialization or a failed query of another contract.
    #[error(transparent)]
    Std(#[from] StdError),

    /// Checked arithmetic overflowed.
    #[error(transparent)]
    Overflow(#[from] OverflowError),

    /// Ownership, role or address check failed.
    #[error(transparent)]
    Access(#[from] AccessError),

    /// Funds were attached to a message that takes none (USD1 arrives through the adapter).
    #[error(transparent)]
    Payment(#[from] PaymentError),

    /// A malformed jurisdiction.
    #[error(transparent)]
    Domain(#[from] DomainError),

    /// No action with this id.
    #[error("corporate action {id} does not exist")]
    ActionNotFound { id: u64 },

    /// Announcing with a record height that is not in the future.
    #[error("record height {record_height} is not after the current height {current}")]
    RecordHeightNotInFuture { record_height: u64, current: u64 },

    /// Announcing with a payment time that is not in the future.
    #[error("payment time {payment_time} is not after the block time {now}")]
    PaymentTimeNotInFuture {
        payment_time: Timestamp,
        now: Timestamp,
    },

    /// Announcing with a claim deadline not after the payment time.
    #[error("claim deadline {claim_deadline} is not after the payment time {payment_time}")]
    DeadlineNotAfterPayment {
        payment_time: Timestamp,
        claim_deadline: Timestamp,
    },

    /// A zero rate or total.
    #[error("{field} must be greater than zero")]
    ZeroAmount { field: String },

    /// `rate × supply` does not fit in 128 bits.
    #[error(
        "rate {rate} × supply {supply} overflows 128 bits; the rate is too large for this token"
    )]
    RateOverflow { rate: Decimal, supply: Uint128 },

    /// A rate outside `0..=1`.
    #[error("{field} {rate} is above 1")]
    RateAboveOne { field: String, rate: Decimal },

    /// The distributor lacks a role on the token it needs for this action.
    #[error("the distributor does not hold the token's `{role}` role on {token}; ask the token owner to grant it")]
    MissingTokenRole { token: Addr, role: Role },

    /// The action is cancelled or closed (or otherwise not in a state for this message).
    #[error("corporate action {id} is {status}")]
    ActionNotOpen { id: u64, status: ActionStatus },

    /// Cancelling an action whose holders can claim: from its payment time, with the record
    /// height reached and its sub-account holding the required amount (`funded` is that balance).
    #[error("corporate action {id} holds {funded}, enough to pay its holders, who may claim from its payment time; it can no longer be cancelled: close it after the deadline to reclaim the rest")]
    CancelAfterFunding { id: u64, funded: Uint128 },

    /// The token's supply at the record height is zero: nobody can be paid.
    #[error("corporate action {id}: the supply at record height {record_height} is zero")]
    ZeroRecordSupply { id: u64, record_height: u64 },

    /// Claiming before the action is fully funded.
    #[error("corporate action {id} is not fully funded ({funded} of {required})")]
    NotFunded {
        id: u64,
        required: Uint128,
        funded: Uint128,
    },

    /// Claiming before the payment time.
    #[error("claims on corporate action {id} open at {payment_time} (now {now})")]
    ClaimBeforePaymentTime {
        id: u64,
        payment_time: Timestamp,
        now: Timestamp,
    },

    /// Claiming at or after the claim deadline.
    #[error("claims on corporate action {id} closed at {claim_deadline} (now {now})")]
    ClaimAfterDeadline {
        id: u64,
        claim_deadline: Timestamp,
        now: Timestamp,
    },

    /// A second claim of the same holder.
    #[error("{holder} already claimed corporate action {id}")]
    AlreadyClaimed { id: u64, holder: Addr },

    /// A claim by a wallet with no record quantity.
    #[error("{holder} held nothing of the token at the record height of corporate action {id}")]
    NothingToClaim { id: u64, holder: Addr },

    /// A system account of the token (the distributor itself, the escrow, the cash adapter, or
    /// any account the token's owner registered as system) named as claimant or redirect
    /// target: those hold in transit for others and are never paid.
    #[error("{account} is a system account and is never paid by corporate action {id}")]
    SystemAccountNotPayable { id: u64, account: Addr },

    /// A final-redemption claim that finds nothing to redeem in the paid wallet now (its
    /// tokens are elsewhere: moved, frozen); it may claim again once they are back, until the
    /// deadline.
    #[error("final redemption {id}: {holder} still has {outstanding} record units to redeem but {wallet} holds none now")]
    NothingToRedeem {
        id: u64,
        holder: Addr,
        wallet: Addr,
        outstanding: Uint128,
    },

    /// A final-redemption claim for tokens beyond the wallet's record quantity while the supply
    /// is above the record supply (tokens were issued after the record height): they cannot
    /// be told apart from the record units and are not redeemed by this action.
    #[error("final redemption {id}: the supply {supply} plus the {claimed} units already redeemed exceeds the record supply {record_supply}; only record quantities can be redeemed")]
    SupplyAboveRecord {
        id: u64,
        supply: Uint128,
        claimed: Uint128,
        record_supply: Uint128,
    },

    /// The sender of an agent message lacks the token's own `paying_agent` role.
    #[error("{address} does not hold the `paying_agent` role on the token {token}; ask the token owner to grant it")]
    NotTokenPayingAgent { token: Addr, address: Addr },

    /// A redirect to the wallet itself while no redirect is in force (naming the holder
    /// removes a redirect in force).
    #[error("the claim of {holder} is not redirected; it cannot be redirected to itself")]
    RedirectToSameWallet { holder: Addr },

    /// A redirect naming a wallet whose investor cannot be established.
    #[error("{wallet} belongs to no investor known to the registry or booked by the token")]
    RedirectUnknownWallet { wallet: Addr },

    /// A redirect to a wallet of another investor.
    #[error("the claim of {holder} (investor {holder_investor}) cannot be redirected to {to} of investor {to_investor}")]
    RedirectToOtherInvestor {
        holder: Addr,
        holder_investor: String,
        to: Addr,
        to_investor: String,
    },

    /// An empty or over-long legal reference.
    #[error("legal_reference must be 1 to {max} characters; got {len}")]
    InvalidLegalReference { max: usize, len: usize },

    /// A claim larger than what is left of the action (a broken token or escrow answer).
    #[error("corporate action {id}: a claim of {needed} exceeds the {available} left")]
    InsufficientActionFunds {
        id: u64,
        needed: Uint128,
        available: Uint128,
    },

    /// A claim whose record quantity would take the claimed total past the supply of record
    /// (or the escrowed total past the escrow's balance of record): a broken token or escrow
    /// answer.
    #[error("corporate action {id}: {claimed} units already claimed plus {units} would exceed the record supply {record_supply} or the escrow's record balance")]
    UnitsExceedRecord {
        id: u64,
        claimed: Uint128,
        units: Uint128,
        record_supply: Uint128,
    },

    /// Closing before the claim deadline.
    #[error(
        "corporate action {id} can be closed from its claim deadline {claim_deadline} (now {now})"
    )]
    DeadlineNotPassed {
        id: u64,
        claim_deadline: Timestamp,
        now: Timestamp,
    },

    /// An empty or over-long list.
    #[error("{field} must list 1 to {max} entries; got {count}")]
    InvalidListLength {
        field: String,
        max: usize,
        count: usize,
    },

    /// An update that names no field.
    #[error("update_config names no field to change")]
    NothingToUpdate,

    /// Returning more than the surplus of an asset.
    #[error("only {surplus} of {asset} is surplus; {requested} requested")]
    AboveSurplus {
        asset: String,
        requested: Uint128,
        surplus: Uint128,
    },

    /// An empty bank denom.
    #[error("the bank denom must not be empty")]
    EmptyDenom,

    /// An empty or over-long reference.
    #[error("`reference` must be 1 to {max} characters")]
    InvalidSurplusReference { max: usize },

    /// A claim deadline beyond `MAX_CLAIM_WINDOW` from the announcement.
    #[error("claim deadline {claim_deadline} is beyond {latest}, the latest accepted (`MAX_CLAIM_WINDOW`)")]
    ClaimDeadlineTooFar {
        claim_deadline: Timestamp,
        latest: Timestamp,
    },

    /// A claim for a wallet whose investor is known neither to the registry nor to the token's
    /// booking: in sub-account mode the payment goes to an investor's cash account.
    #[error("corporate action {id}: {wallet} belongs to no investor known to the registry or booked by the token, so it has no cash account to pay")]
    NoCashAccount { id: u64, wallet: Addr },

    /// The token no longer keeps the record balances of the action's record height (retired
    /// `RECORD_LIFE` blocks after it): claims are over and the action may be closed.
    #[error("corporate action {id}: record height {record_height} was retired at height {retired_at} (current {current}); claims are over and the action may be closed")]
    RecordHeightRetired {
        id: u64,
        record_height: u64,
        retired_at: u64,
        current: u64,
    },

    /// An orphan reclaim naming the sub-account of an action funded there (its close reclaims it).
    #[error("sub-account {reference} belongs to corporate action {action_id}, funded in it; its close reclaims it")]
    SubAccountInUse { reference: String, action_id: u64 },

    /// An orphan reclaim of a sub-account that holds nothing.
    #[error("sub-account {reference} holds nothing to reclaim")]
    SubAccountEmpty { reference: String },

    /// A ticket of 0 or more than `max` characters.
    #[error("ticket must be 1 to {max} characters")]
    InvalidTicket { max: usize },

    /// A final redemption from a frozen wallet (the token refuses to redeem from it; a push
    /// skips it).
    #[error("corporate action {id}: wallet {wallet} is frozen on the token; its units cannot be redeemed until unfrozen")]
    WalletFrozen { id: u64, wallet: Addr },

    /// A claim in sub-account mode before the record height is reached.
    #[error("corporate action {id} cannot be claimed before its record height {record_height} (current {current})")]
    ClaimBeforeRecordHeight {
        id: u64,
        record_height: u64,
        current: u64,
    },

    /// Closing an action in sub-account mode that is already final and whose sub-account holds
    /// nothing (a late funding of a closed or cancelled action is reclaimed by a new close).
    #[error("corporate action {id} is {status} and its sub-account holds nothing to reclaim")]
    NothingToReclaim { id: u64, status: ActionStatus },

    /// `transfer_agent_push_claims` by a wallet without the token's `transfer_agent` role.
    #[error("{address} does not hold the `transfer_agent` role on the token {token}")]
    NotTokenTransferAgent { token: Addr, address: Addr },

    /// An action of the released version paid from the distributor's pool: this version pays
    /// from sub-accounts only (the migration refused while one was open, so it is closed or
    /// cancelled and nothing is left to do on it).
    #[error("corporate action {id} ({status}) was paid from the distributor's pool by an earlier version; it can only be queried")]
    PoolActionNotSupported { id: u64, status: ActionStatus },

    /// A migration while actions of the released version paid from the distributor's pool are
    /// still open: close (after their deadline) or cancel them first.
    #[error("{count} corporate actions paid from the distributor's pool are still open (first ids {ids:?}); close or cancel them before migrating")]
    OpenPoolActions { count: u64, ids: Vec<u64> },

    /// An orphan reclaim naming the sub-account of an action id not handed out yet (`action-<n>`
    /// with `n` above the last id): the action announced under that id will use it.
    #[error("sub-account {reference} belongs to an action not announced yet (last action id {last_action_id}); it is not an orphan")]
    SubAccountReserved {
        reference: String,
        last_action_id: u64,
    },
}
