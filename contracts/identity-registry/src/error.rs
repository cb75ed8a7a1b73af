use cosmwasm_std::{StdError, Timestamp};
use cw_utils::PaymentError;
use sto_access::AccessError;
use sto_interface::common::DomainError;
use thiserror::Error;

/// Every way a registry message can be refused. Nothing changes when one is returned.
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

    /// A malformed jurisdiction or investor id.
    #[error(transparent)]
    Domain(#[from] DomainError),

    /// Registering an id that is taken.
    #[error("investor `{investor_id}` is already registered; use update_investor or add_wallet")]
    InvestorExists { investor_id: String },

    /// Naming an investor that does not exist.
    #[error("investor `{investor_id}` is not registered")]
    InvestorNotFound { investor_id: String },

    /// A wallet can belong to at most one investor.
    #[error("wallet {wallet} already belongs to investor `{owner}`; remove it there first")]
    WalletAlreadyOwned { wallet: String, owner: String },

    /// Removing a wallet from an investor it does not belong to.
    #[error("wallet {wallet} does not belong to investor `{investor_id}`")]
    WalletNotOfInvestor { wallet: String, investor_id: String },

    /// The same wallet twice in one registration.
    #[error("wallet {wallet} is listed more than once")]
    DuplicateWallet { wallet: String },

    /// Registration without any wallet.
    #[error("an investor is registered with at least one wallet")]
    NoWallets,

    /// Too many wallets for one investor.
    #[error("an investor may have at most {max} wallets; this would make {count}")]
    TooManyWallets { max: usize, count: usize },

    /// KYC expiry not after the block time.
    #[error("kyc_valid_until {kyc_valid_until} is not after the block time {now}; KYC must be valid in the future")]
    KycNotInFuture {
        kyc_valid_until: Timestamp,
        now: Timestamp,
    },

    /// Blocking an investor already blocked.
    #[error("investor `{investor_id}` is already blocked (reference `{reason_ref}`)")]
    AlreadyBlocked {
        investor_id: String,
        reason_ref: String,
    },

    /// Unblocking an investor that is not blocked.
    #[error("investor `{investor_id}` is not blocked")]
    NotBlocked { investor_id: String },

    /// Empty or over-long reason reference.
    #[error("reason_ref must be 1 to {max} characters")]
    InvalidReasonRef { max: usize },

    /// An update that names no field.
    #[error(
        "update_investor names no field to change; give jurisdiction, class or kyc_valid_until"
    )]
    NothingToUpdate,
}
