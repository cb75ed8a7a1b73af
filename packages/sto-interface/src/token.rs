//! Restricted security token: a CW20 whose every balance movement passes one compliance check.
//!
//! The CW20 messages and queries keep `cw20-base`'s JSON shapes exactly (same variant and field
//! names, the `cw20` crate's response types), so a CW20 client works unchanged. The
//! security-specific messages (issuance, redemption, transfer-agent powers, rules, documents,
//! checkpoints) are added next to them.
//!
//! Refusals are explained by a [`ReasonCode`]: a stable number, a snake_case name and a readable
//! message. [`ReasonCode::ALL`] is the published table.

use std::fmt;

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{
    to_json_binary, Addr, Binary, CosmosMsg, CustomQuery, QuerierWrapper, StdResult, Timestamp,
    Uint128, WasmMsg,
};
use cw20::{
    AllAccountsResponse, AllAllowancesResponse, AllSpenderAllowancesResponse, AllowanceResponse,
    BalanceResponse, DownloadLogoResponse, Expiration, MarketingInfoResponse, MinterResponse,
    TokenInfoResponse,
};

use crate::common::{EventRef, InvestorClass, Jurisdiction};
use crate::hold::{Hold, HoldRequest, HoldsResponse};
use sto_access::{
    HasRoleResponse, Ownership, OwnershipAction, Role, RoleAction, RoleMembersResponse,
};

/// Most holding-period locks one wallet carries at a time (expired locks are pruned first).
pub const MAX_LOCKS_PER_WALLET: usize = 16;
/// Most entries of one `batch_issue`.
pub const MAX_BATCH_ISSUE: usize = 50;
/// Longest document name.
pub const MAX_DOCUMENT_NAME_LEN: usize = 64;
/// Longest document URI.
pub const MAX_DOCUMENT_URI_LEN: usize = 512;
/// Longest document content hash (hex or multihash text).
pub const MAX_DOCUMENT_HASH_LEN: usize = 128;
/// Longest legal reference of a forced transfer, recovery or freeze.
pub const MAX_LEGAL_REFERENCE_LEN: usize = 128;
/// How many blocks ahead a record checkpoint may be opened (about 170 days at 5-second blocks).
/// While a checkpoint is ahead, balance changes write changelog entries; the bound keeps that
/// period finite.
pub const MAX_CHECKPOINT_LEAD: u64 = 3_000_000;
/// Most record heights live at once (opened and not retired). Each live, reached record height
/// costs a movement one exact-key read per wallet (and a write at the wallet's first change
/// after it); the bound keeps that cost fixed.
pub const MAX_RECORD_HEIGHTS: usize = 8;
/// How many blocks after a record height its record balances are kept exact (about one year at
/// 5-second blocks). After that the height is retired: `balance_at` refuses it and its slot is
/// free for a new record height.
pub const RECORD_LIFE: u64 = 6_307_200;

/// The height from which record height `record` is retired (`record + RECORD_LIFE`).
pub fn record_height_retired_at(record: u64) -> u64 {
    record.saturating_add(RECORD_LIFE)
}

/// Whether record height `record` is retired at block `height`: its record balances are no
/// longer kept exact, so no claim or vote may be computed from them.
pub fn record_height_retired(record: u64, height: u64) -> bool {
    height >= record_height_retired_at(record)
}
/// Most open holds one wallet carries at a time; bounds the loops of agent cuts and recovery.
pub const MAX_OPEN_HOLDS: usize = 32;
/// Default maximum hold duration, in seconds (30 days).
pub const DEFAULT_MAX_HOLD_DURATION: u64 = 30 * 24 * 3600;
/// Upper bound of the owner-settable maximum hold duration, in seconds (one year).
pub const MAX_HOLD_DURATION_LIMIT: u64 = 365 * 24 * 3600;

/// Why a movement of the token is refused. The numeric code and the name are stable: they are
/// never reused or renumbered, so operators and clients can rely on them.
#[cw_serde]
#[derive(Copy, Eq, Hash, PartialOrd, Ord)]
pub enum ReasonCode {
    /// 1: the amount is zero.
    ZeroAmount,
    /// 2: sender and recipient are the same wallet.
    SelfTransfer,
    /// 10: the token is paused.
    Paused,
    /// 20: the sender's wallet is frozen as a whole.
    SenderFrozen,
    /// 21: the recipient's wallet is frozen as a whole.
    RecipientFrozen,
    /// 22: the amount exceeds the sender's balance.
    InsufficientBalance,
    /// 23: the amount exceeds the sender's balance minus its frozen amount.
    AmountFrozen,
    /// 24: the amount exceeds what is free of holding-period locks.
    HoldingPeriodLocked,
    /// 25: the amount exceeds the sender's available balance because part of it is on hold.
    AmountHeld,
    /// 30: the sender's wallet is not in the identity registry.
    SenderUnknown,
    /// 31: the sender's KYC has expired.
    SenderKycExpired,
    /// 32: the sender is blocked (sanctions).
    SenderBlocked,
    /// 33: the sender wallet holds tokens booked to another investor than the registry now
    /// names for it (it was moved between investors while holding).
    SenderReassigned,
    /// 40: the recipient's wallet is not in the identity registry.
    RecipientUnknown,
    /// 41: the recipient's KYC has expired.
    RecipientKycExpired,
    /// 42: the recipient is blocked (sanctions).
    RecipientBlocked,
    /// 43: the recipient wallet holds tokens booked to another investor (it was moved between
    /// investors in the registry); the transfer agent must recover them first.
    RecipientReassigned,
    /// 50: the recipient's jurisdiction is not in the allow list.
    JurisdictionNotAllowed,
    /// 51: the recipient's jurisdiction is in the deny list.
    JurisdictionDenied,
    /// 52: the recipient's investor class is below the minimum.
    InvestorClassTooLow,
    /// 60: the transfer would exceed the maximum number of holders (counted per investor).
    MaxHoldersReached,
    /// 61: the transfer would exceed the maximum number of holders in the recipient's
    /// jurisdiction.
    MaxHoldersInJurisdictionReached,
    /// 62: the recipient investor's balance would exceed the maximum balance per investor.
    MaxBalanceExceeded,
    /// 70: the spender's allowance is missing or smaller than the amount.
    AllowanceInsufficient,
    /// 71: the spender's allowance has expired.
    AllowanceExpired,
}

impl ReasonCode {
    /// The published table, in code order.
    pub const ALL: [ReasonCode; 25] = [
        ReasonCode::ZeroAmount,
        ReasonCode::SelfTransfer,
        ReasonCode::Paused,
        ReasonCode::SenderFrozen,
        ReasonCode::RecipientFrozen,
        ReasonCode::InsufficientBalance,
        ReasonCode::AmountFrozen,
        ReasonCode::HoldingPeriodLocked,
        ReasonCode::AmountHeld,
        ReasonCode::SenderUnknown,
        ReasonCode::SenderKycExpired,
        ReasonCode::SenderBlocked,
        ReasonCode::SenderReassigned,
        ReasonCode::RecipientUnknown,
        ReasonCode::RecipientKycExpired,
        ReasonCode::RecipientBlocked,
        ReasonCode::RecipientReassigned,
        ReasonCode::JurisdictionNotAllowed,
        ReasonCode::JurisdictionDenied,
        ReasonCode::InvestorClassTooLow,
        ReasonCode::MaxHoldersReached,
        ReasonCode::MaxHoldersInJurisdictionReached,
        ReasonCode::MaxBalanceExceeded,
        ReasonCode::AllowanceInsufficient,
        ReasonCode::AllowanceExpired,
    ];

    /// The stable numeric code.
    pub const fn code(&self) -> u16 {
        match self {
            ReasonCode::ZeroAmount => 1,
            ReasonCode::SelfTransfer => 2,
            ReasonCode::Paused => 10,
            ReasonCode::SenderFrozen => 20,
            ReasonCode::RecipientFrozen => 21,
            ReasonCode::InsufficientBalance => 22,
            ReasonCode::AmountFrozen => 23,
            ReasonCode::HoldingPeriodLocked => 24,
            ReasonCode::AmountHeld => 25,
            ReasonCode::SenderUnknown => 30,
            ReasonCode::SenderKycExpired => 31,
            ReasonCode::SenderBlocked => 32,
            ReasonCode::SenderReassigned => 33,
            ReasonCode::RecipientUnknown => 40,
            ReasonCode::RecipientKycExpired => 41,
            ReasonCode::RecipientBlocked => 42,
            ReasonCode::RecipientReassigned => 43,
            ReasonCode::JurisdictionNotAllowed => 50,
            ReasonCode::JurisdictionDenied => 51,
            ReasonCode::InvestorClassTooLow => 52,
            ReasonCode::MaxHoldersReached => 60,
            ReasonCode::MaxHoldersInJurisdictionReached => 61,
            ReasonCode::MaxBalanceExceeded => 62,
            ReasonCode::AllowanceInsufficient => 70,
            ReasonCode::AllowanceExpired => 71,
        }
    }

    /// The stable snake_case name (same as the JSON form).
    pub const fn as_str(&self) -> &'static str {
        match self {
            ReasonCode::ZeroAmount => "zero_amount",
            ReasonCode::SelfTransfer => "self_transfer",
            ReasonCode::Paused => "paused",
            ReasonCode::SenderFrozen => "sender_frozen",
            ReasonCode::RecipientFrozen => "recipient_frozen",
            ReasonCode::InsufficientBalance => "insufficient_balance",
            ReasonCode::AmountFrozen => "amount_frozen",
            ReasonCode::HoldingPeriodLocked => "holding_period_locked",
            ReasonCode::AmountHeld => "amount_held",
            ReasonCode::SenderUnknown => "sender_unknown",
            ReasonCode::SenderKycExpired => "sender_kyc_expired",
            ReasonCode::SenderBlocked => "sender_blocked",
            ReasonCode::SenderReassigned => "sender_reassigned",
            ReasonCode::RecipientUnknown => "recipient_unknown",
            ReasonCode::RecipientKycExpired => "recipient_kyc_expired",
            ReasonCode::RecipientBlocked => "recipient_blocked",
            ReasonCode::RecipientReassigned => "recipient_reassigned",
            ReasonCode::JurisdictionNotAllowed => "jurisdiction_not_allowed",
            ReasonCode::JurisdictionDenied => "jurisdiction_denied",
            ReasonCode::InvestorClassTooLow => "investor_class_too_low",
            ReasonCode::MaxHoldersReached => "max_holders_reached",
            ReasonCode::MaxHoldersInJurisdictionReached => "max_holders_in_jurisdiction_reached",
            ReasonCode::MaxBalanceExceeded => "max_balance_exceeded",
            ReasonCode::AllowanceInsufficient => "allowance_insufficient",
            ReasonCode::AllowanceExpired => "allowance_expired",
        }
    }

    /// A readable explanation with the fix, for operators.
    pub const fn message(&self) -> &'static str {
        match self {
            ReasonCode::ZeroAmount => "the amount must be greater than zero",
            ReasonCode::SelfTransfer => "sender and recipient are the same wallet",
            ReasonCode::Paused => "the token is paused; wait for the pauser to unpause it",
            ReasonCode::SenderFrozen => {
                "the sender's wallet is frozen; only the transfer agent can unfreeze it"
            }
            ReasonCode::RecipientFrozen => {
                "the recipient's wallet is frozen; only the transfer agent can unfreeze it"
            }
            ReasonCode::InsufficientBalance => "the amount exceeds the sender's balance",
            ReasonCode::AmountFrozen => {
                "the amount exceeds the sender's unfrozen balance (part of it is frozen)"
            }
            ReasonCode::HoldingPeriodLocked => {
                "the amount exceeds the sender's balance free of holding-period locks"
            }
            ReasonCode::AmountHeld => {
                "the amount exceeds the sender's available balance (part of it is on hold for a settlement); the notary executes or releases the hold"
            }
            ReasonCode::SenderUnknown => {
                "the sender's wallet is not registered in the identity registry"
            }
            ReasonCode::SenderKycExpired => {
                "the sender's KYC has expired; the compliance officer must renew it"
            }
            ReasonCode::SenderBlocked => "the sender is blocked (sanctions)",
            ReasonCode::SenderReassigned => {
                "the sender wallet holds tokens booked to another investor than the registry now names; the transfer agent must move them (recovery or forced transfer)"
            }
            ReasonCode::RecipientUnknown => {
                "the recipient's wallet is not registered in the identity registry"
            }
            ReasonCode::RecipientKycExpired => {
                "the recipient's KYC has expired; the compliance officer must renew it"
            }
            ReasonCode::RecipientBlocked => "the recipient is blocked (sanctions)",
            ReasonCode::RecipientReassigned => {
                "the recipient wallet still holds tokens booked to another investor; the transfer agent must recover them first"
            }
            ReasonCode::JurisdictionNotAllowed => {
                "the recipient's jurisdiction is not among the allowed jurisdictions"
            }
            ReasonCode::JurisdictionDenied => "the recipient's jurisdiction is denied",
            ReasonCode::InvestorClassTooLow => {
                "the recipient's investor class is below the minimum required"
            }
            ReasonCode::MaxHoldersReached => {
                "the transfer would exceed the maximum number of holders"
            }
            ReasonCode::MaxHoldersInJurisdictionReached => {
                "the transfer would exceed the maximum number of holders in the recipient's jurisdiction"
            }
            ReasonCode::MaxBalanceExceeded => {
                "the recipient investor's balance would exceed the maximum balance per investor"
            }
            ReasonCode::AllowanceInsufficient => {
                "the spender's allowance is missing or smaller than the amount"
            }
            ReasonCode::AllowanceExpired => "the spender's allowance has expired",
        }
    }

    /// This reason as an entry of a `can_transfer` answer.
    pub fn refusal(&self) -> Refusal {
        Refusal {
            code: self.code(),
            reason: *self,
            message: self.message().to_string(),
        }
    }
}

impl fmt::Display for ReasonCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One failing rule.
#[cw_serde]
pub struct Refusal {
    /// Stable numeric code.
    pub code: u16,
    /// Stable name.
    pub reason: ReasonCode,
    /// Readable explanation.
    pub message: String,
}

/// Answer of `can_transfer` and `can_transfer_from`.
#[cw_serde]
pub struct CanTransferResponse {
    /// True when the movement would be executed now.
    pub allowed: bool,
    /// Every failing rule, in code order; the first is the one a refused execution reports.
    pub refusals: Vec<Refusal>,
}

/// A cap on holders in one jurisdiction.
#[cw_serde]
pub struct JurisdictionCap {
    /// The jurisdiction.
    pub jurisdiction: Jurisdiction,
    /// Most investors of this jurisdiction that may hold at once.
    pub max_holders: u64,
}

/// The offering's transfer restrictions, configurable per token by the owner.
#[cw_serde]
#[derive(Default)]
pub struct TransferRules {
    /// When not empty, only recipients of these jurisdictions may acquire.
    pub allowed_jurisdictions: Vec<Jurisdiction>,
    /// Recipients of these jurisdictions may never acquire.
    pub denied_jurisdictions: Vec<Jurisdiction>,
    /// Lowest investor class that may acquire (by rank), if any.
    pub min_investor_class: Option<InvestorClass>,
    /// Most investors (not wallets) holding at once, if any.
    pub max_holders: Option<u64>,
    /// Per-jurisdiction caps on holders (at most one entry per jurisdiction).
    pub max_holders_per_jurisdiction: Vec<JurisdictionCap>,
    /// Largest balance one investor (all its wallets together) may reach through a transfer,
    /// issuance or forced transfer, if any.
    pub max_balance_per_investor: Option<Uint128>,
}

/// Optional CW20 marketing information given at instantiation.
#[cw_serde]
pub struct MarketingInit {
    /// Project URL or name.
    pub project: Option<String>,
    /// Free-text description.
    pub description: Option<String>,
    /// Address shown as the marketing contact.
    pub marketing: Option<String>,
}

/// Instantiate the token.
#[cw_serde]
pub struct InstantiateMsg {
    /// Token name, 3 to 50 bytes.
    pub name: String,
    /// Ticker, 3 to 12 characters of `A-Z a-z -`.
    pub symbol: String,
    /// Decimal places shown by wallets, at most 18.
    pub decimals: u8,
    /// The identity registry whose published wallet records the token reads.
    pub registry: String,
    /// Owner (administers rules, roles, system accounts, documents); defaults to the sender.
    pub owner: Option<String>,
    /// Initial transfer rules.
    pub rules: TransferRules,
    /// CW20 marketing information.
    pub marketing: Option<MarketingInit>,
}

/// One recipient of a batch issuance.
#[cw_serde]
pub struct Issuance {
    /// Recipient wallet.
    pub recipient: String,
    /// Amount to mint.
    pub amount: Uint128,
    /// When set, the minted amount is locked (not transferable) until this time.
    pub locked_until: Option<Timestamp>,
}

/// Token actions. The first nine are the CW20 messages with `cw20-base`'s exact shapes.
#[cw_serde]
pub enum ExecuteMsg {
    /// CW20 transfer from the sender to `recipient`.
    Transfer {
        /// Recipient wallet.
        recipient: String,
        /// Amount.
        amount: Uint128,
    },
    /// CW20 burn of the sender's own tokens. Restricted: only a holder of the
    /// `transfer_agent` role may burn its own balance (holders redeem through the issuer).
    Burn {
        /// Amount.
        amount: Uint128,
    },
    /// CW20 send to a contract, which is called with `Cw20ReceiveMsg`.
    Send {
        /// Receiving contract (must be a contract).
        contract: String,
        /// Amount.
        amount: Uint128,
        /// Message passed to the receiving contract.
        msg: Binary,
    },
    /// CW20: let `spender` move up to `amount` more of the sender's tokens.
    IncreaseAllowance {
        /// Spender.
        spender: String,
        /// Amount added.
        amount: Uint128,
        /// New expiry, if given.
        expires: Option<Expiration>,
    },
    /// CW20: reduce `spender`'s allowance (removed when it reaches zero).
    DecreaseAllowance {
        /// Spender.
        spender: String,
        /// Amount removed.
        amount: Uint128,
        /// New expiry, if given.
        expires: Option<Expiration>,
    },
    /// CW20: move `owner`'s tokens using the sender's allowance.
    TransferFrom {
        /// Holder whose tokens move.
        owner: String,
        /// Recipient wallet.
        recipient: String,
        /// Amount.
        amount: Uint128,
    },
    /// CW20: send `owner`'s tokens to a contract using the sender's allowance.
    SendFrom {
        /// Holder whose tokens move.
        owner: String,
        /// Receiving contract.
        contract: String,
        /// Amount.
        amount: Uint128,
        /// Message passed to the receiving contract.
        msg: Binary,
    },
    /// CW20 burn-from. Restricted: a redemption by a `transfer_agent` or `redeemer`; no
    /// allowance is used.
    BurnFrom {
        /// Holder whose tokens are burnt.
        owner: String,
        /// Amount.
        amount: Uint128,
    },
    /// CW20 mint. `transfer_agent` or `minter` only; passes the compliance check.
    Mint {
        /// Recipient wallet.
        recipient: String,
        /// Amount.
        amount: Uint128,
    },
    /// Issuance with an optional holding-period lock and event reference. `transfer_agent` or
    /// `minter` only.
    Issue {
        /// Recipient wallet.
        recipient: String,
        /// Amount to mint.
        amount: Uint128,
        /// When set (in the future), the minted amount is not transferable until this time.
        locked_until: Option<Timestamp>,
        /// The securities event this issuance belongs to.
        reference: Option<EventRef>,
    },
    /// Issuance to many recipients at once (at most 50); all or nothing. `transfer_agent` or
    /// `minter` only.
    BatchIssue {
        /// Recipients.
        issuances: Vec<Issuance>,
        /// The securities event this issuance run belongs to.
        reference: Option<EventRef>,
    },
    /// Redeem (burn) a holder's tokens, e.g. at maturity. `transfer_agent` or `redeemer` only.
    Redeem {
        /// Holder whose tokens are burnt.
        owner: String,
        /// Amount.
        amount: Uint128,
        /// The securities event (e.g. the corporate action) of the redemption.
        reference: Option<EventRef>,
    },
    /// Transfer-agent powers. `transfer_agent` only.
    Agent(AgentMsg),
    /// Open a record checkpoint at a future `height`: `balance_at` and `total_supply_at`
    /// answer as of the start of that block. `checkpoint_opener` only. Opening an open height
    /// again succeeds and changes nothing.
    OpenCheckpoint {
        /// Record height, strictly greater than the current block height and at most
        /// `MAX_CHECKPOINT_LEAD` (3,000,000) blocks ahead.
        height: u64,
        /// The securities event (e.g. the corporate action) the record date belongs to.
        reference: Option<EventRef>,
    },
    /// Place a hold on the owner's available units for a registered notary, payable to a
    /// payee fixed now (the units stay in the owner's balance). Sent by the owner, or by an
    /// operator the owner authorised (the hold amount is taken from its limit). The token runs
    /// its compliance pass owner -> payee, stores the hold, then calls the notary with
    /// `hold_placed`; the notary failing the call reverts the placement.
    PlaceHold {
        /// Whose units: absent for the sender's own; an owner who authorised the sender as hold
        /// operator otherwise.
        owner: Option<String>,
        /// Notary, payee, amount, expiry, reference, partial flag and the notary's message.
        request: HoldRequest,
    },
    /// Execute an open hold to its payee (the payee fixed at placement). The hold's notary
    /// only, strictly before the expiry; the full compliance pass runs and binds.
    ExecuteHold {
        /// Hold id.
        id: u64,
        /// Amount to execute; absent executes the whole remainder. Less than the remainder
        /// only for a `partial` hold.
        amount: Option<Uint128>,
    },
    /// Release an open hold: its remainder returns to the owner's available units. The
    /// notary at any time; anyone from the expiry on. Works while paused.
    ReleaseHold {
        /// Hold id.
        id: u64,
    },
    /// Authorise `operator` (e.g. a custodian) to place holds on the sender's units, up to
    /// `limit` in total (each placement consumes it). Replaces any previous limit.
    AuthorizeHoldOperator {
        /// The operator.
        operator: String,
        /// Total amount the operator may still place on hold.
        limit: Uint128,
    },
    /// Withdraw a hold operator's authorisation (its open holds stay).
    RevokeHoldOperator {
        /// The operator.
        operator: String,
    },
    /// Register a notary contract that holds may name. Owner only.
    RegisterNotary {
        /// The notary contract.
        notary: String,
    },
    /// Remove a registered notary (its open holds stay executable and releasable by it).
    /// Owner only.
    RemoveNotary {
        /// The notary contract.
        notary: String,
    },
    /// Set the maximum hold duration (1 second to one year). Owner only.
    SetMaxHoldDuration {
        /// Longest time between placement and expiry, in seconds.
        seconds: u64,
    },
    /// Stop every holder, spender and issuance movement. `pauser` only.
    Pause {},
    /// Resume movements. `pauser` only.
    Unpause {},
    /// Replace the transfer rules. Owner only.
    UpdateRules {
        /// The new rules.
        rules: TransferRules,
    },
    /// Mark or unmark a system account (escrow, distributor) that may hold in transit without
    /// being in the registry. Owner only. The account must hold no tokens when it changes.
    SetSystemAccount {
        /// The account.
        address: String,
        /// True to mark, false to unmark.
        system: bool,
    },
    /// Set or replace a named document. Owner only.
    SetDocument {
        /// Name, 1 to 64 characters (e.g. `prospectus`).
        name: String,
        /// Where the document is published, 1 to 512 characters.
        uri: String,
        /// Hash of the content (e.g. hex sha-256), 1 to 128 characters.
        content_hash: String,
    },
    /// Remove a named document. Owner only.
    RemoveDocument {
        /// Name of the document.
        name: String,
    },
    /// Two-step ownership transfer: propose (owner), accept (pending owner), renounce (owner).
    UpdateOwnership(OwnershipAction),
    /// Grant or revoke (owner) or renounce (holder) a role. Roles used: `transfer_agent`,
    /// `pauser`, `minter`, `checkpoint_opener`, `redeemer`, and two that authorize a party for
    /// this token in other contracts of the suite: `issuer` (may open primary offerings of this
    /// token on the DvP escrow) and `paying_agent` (may announce corporate actions of this
    /// token on the distributor).
    UpdateRoles(RoleAction),
}

/// Powers of the transfer agent.
#[cw_serde]
pub enum AgentMsg {
    /// Move tokens out of a wallet without its consent (court order, estate). The recipient
    /// must still pass every recipient rule; the sender's freezes, locks and KYC are overridden.
    ForcedTransfer {
        /// Wallet the tokens leave.
        from: String,
        /// Wallet the tokens go to.
        to: String,
        /// Amount.
        amount: Uint128,
        /// The legal basis (court order, ticket), 1 to 128 characters; emitted in the event.
        legal_reference: String,
        /// The securities event, if any.
        reference: Option<EventRef>,
    },
    /// Move everything a lost wallet holds (balance, locks, frozen state) to another verified
    /// wallet of the same investor. The lost wallet ends empty.
    RecoverWallet {
        /// The lost wallet.
        lost: String,
        /// The replacement wallet (same investor, verified now).
        new_wallet: String,
        /// The legal basis, 1 to 128 characters; emitted in the event.
        legal_reference: String,
    },
    /// Freeze a whole wallet (`amount` absent) or an extra `amount` of its balance.
    Freeze {
        /// The wallet.
        address: String,
        /// Amount to freeze in addition to what is frozen; absent freezes the whole wallet.
        amount: Option<Uint128>,
        /// The legal basis, 1 to 128 characters.
        legal_reference: String,
    },
    /// Lift a whole-wallet freeze (`amount` absent) or unfreeze part of the frozen amount.
    Unfreeze {
        /// The wallet.
        address: String,
        /// Amount to unfreeze; absent lifts the whole-wallet freeze.
        amount: Option<Uint128>,
        /// The legal basis, 1 to 128 characters.
        legal_reference: String,
    },
}

/// Token queries. The first nine are CW20 queries with `cw20-base`'s exact shapes.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// CW20 balance of an address.
    #[returns(BalanceResponse)]
    Balance {
        /// Address.
        address: String,
    },
    /// CW20 name, symbol, decimals, total supply.
    #[returns(TokenInfoResponse)]
    TokenInfo {},
    /// CW20 minter: the owner (who grants the `minter` and `transfer_agent` roles); null once
    /// ownership is renounced. No cap.
    #[returns(Option<MinterResponse>)]
    Minter {},
    /// CW20 allowance of `spender` over `owner`'s tokens.
    #[returns(AllowanceResponse)]
    Allowance {
        /// Holder.
        owner: String,
        /// Spender.
        spender: String,
    },
    /// CW20: allowances granted by `owner`, one page.
    #[returns(AllAllowancesResponse)]
    AllAllowances {
        /// Holder.
        owner: String,
        /// Last spender of the previous page.
        start_after: Option<String>,
        /// Page size (default 10, max 30, as cw20-base).
        limit: Option<u32>,
    },
    /// CW20: allowances granted to `spender`, one page.
    #[returns(AllSpenderAllowancesResponse)]
    AllSpenderAllowances {
        /// Spender.
        spender: String,
        /// Last owner of the previous page.
        start_after: Option<String>,
        /// Page size (default 10, max 30, as cw20-base).
        limit: Option<u32>,
    },
    /// CW20: accounts that ever held a balance, one page.
    #[returns(AllAccountsResponse)]
    AllAccounts {
        /// Last account of the previous page.
        start_after: Option<String>,
        /// Page size (default 10, max 30, as cw20-base).
        limit: Option<u32>,
    },
    /// CW20 marketing information.
    #[returns(MarketingInfoResponse)]
    MarketingInfo {},
    /// CW20 logo download. The token stores no logo: always "not found".
    #[returns(DownloadLogoResponse)]
    DownloadLogo {},
    /// Would `from` be able to transfer `amount` to `to` now? Every failing rule is listed.
    #[returns(CanTransferResponse)]
    CanTransfer {
        /// Sender.
        from: String,
        /// Recipient.
        to: String,
        /// Amount.
        amount: Uint128,
    },
    /// Would `spender` be able to move `amount` of `from`'s tokens to `to` now (allowance
    /// included)?
    #[returns(CanTransferResponse)]
    CanTransferFrom {
        /// Spender using the allowance.
        spender: String,
        /// Holder.
        from: String,
        /// Recipient.
        to: String,
        /// Amount.
        amount: Uint128,
    },
    /// Registry, pause flag and transfer rules.
    #[returns(ConfigResponse)]
    Config {},
    /// A wallet's balance, freezes, locks and booking.
    #[returns(AccountResponse)]
    Account {
        /// Wallet.
        address: String,
    },
    /// Holders (investors with a non-zero balance) in investor-id order, one page.
    #[returns(HoldersResponse)]
    Holders {
        /// Last investor id of the previous page.
        start_after: Option<String>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// Number of holders (investors), overall and in one jurisdiction if given.
    #[returns(HolderCountResponse)]
    HolderCount {
        /// Jurisdiction to count in.
        jurisdiction: Option<Jurisdiction>,
    },
    /// One investor's balance over all its wallets.
    #[returns(InvestorBalanceResponse)]
    InvestorBalance {
        /// Investor id.
        investor_id: String,
    },
    /// System accounts in address order, one page.
    #[returns(SystemAccountsResponse)]
    SystemAccounts {
        /// Last address of the previous page.
        start_after: Option<String>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// One document by name.
    #[returns(Document)]
    Document {
        /// Name.
        name: String,
    },
    /// Documents in name order, one page.
    #[returns(DocumentsResponse)]
    Documents {
        /// Last name of the previous page.
        start_after: Option<String>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// Balance of `address` at the start of block `height` (a checkpoint that has been reached).
    #[returns(BalanceResponse)]
    BalanceAt {
        /// Address.
        address: String,
        /// Checkpoint height.
        height: u64,
    },
    /// Total supply at the start of block `height` (a checkpoint that has been reached).
    #[returns(TotalSupplyResponse)]
    TotalSupplyAt {
        /// Checkpoint height.
        height: u64,
    },
    /// Opened checkpoints in height order, one page.
    #[returns(CheckpointsResponse)]
    Checkpoints {
        /// Last height of the previous page.
        start_after: Option<u64>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// One hold by id (open or final).
    #[returns(Hold)]
    Hold {
        /// Hold id.
        id: u64,
    },
    /// Holds placed on `owner`'s units (open and final) in id order, one page.
    #[returns(HoldsResponse)]
    Holds {
        /// The owner wallet.
        owner: String,
        /// Last id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// A wallet's balance split into held, frozen, locked and available units.
    #[returns(AvailableBalanceResponse)]
    AvailableBalance {
        /// Wallet.
        address: String,
    },
    /// What `operator` may still place on hold for `owner` (zero when not authorised).
    #[returns(HoldOperatorResponse)]
    HoldOperator {
        /// Owner wallet.
        owner: String,
        /// Operator.
        operator: String,
    },
    /// Registered notaries in address order, one page.
    #[returns(NotariesResponse)]
    Notaries {
        /// Last address of the previous page.
        start_after: Option<String>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// Head of the audit trail: number of state-changing executions and the rolling hash of
    /// their events (see [`crate::audit`]).
    #[returns(crate::audit::AuditResponse)]
    Audit {},
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

/// Migrate the token (no parameters; state layout changes are handled by version).
#[cw_serde]
pub struct MigrateMsg {}

/// Answer of `config`.
#[cw_serde]
pub struct ConfigResponse {
    /// The identity registry read on every movement.
    pub registry: Addr,
    /// True while paused.
    pub paused: bool,
    /// The transfer rules.
    pub rules: TransferRules,
    /// Longest time between a hold's placement and its expiry, in seconds.
    pub max_hold_duration: u64,
    /// Record heights whose record balances are kept (opened, not retired), ascending.
    pub record_heights: Vec<u64>,
}

/// Answer of `available_balance`.
#[cw_serde]
pub struct AvailableBalanceResponse {
    /// The wallet.
    pub address: Addr,
    /// CW20 balance (held units included).
    pub balance: Uint128,
    /// Sum of the remainders of the wallet's open holds.
    pub held: Uint128,
    /// Frozen amount.
    pub frozen: Uint128,
    /// True when the whole wallet is frozen (nothing is available).
    pub wallet_frozen: bool,
    /// Units under running holding-period locks.
    pub locked: Uint128,
    /// What transfers and new holds may use: balance - frozen - locked - held (zero when the
    /// wallet is frozen).
    pub available: Uint128,
}

/// Answer of `hold_operator`.
#[cw_serde]
pub struct HoldOperatorResponse {
    /// Owner wallet.
    pub owner: Addr,
    /// Operator.
    pub operator: Addr,
    /// What the operator may still place on hold (zero when not authorised).
    pub limit: Uint128,
}

/// One page of registered notaries.
#[cw_serde]
pub struct NotariesResponse {
    /// Notaries in address order.
    pub notaries: Vec<Addr>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// A holding-period lock on part of a wallet's balance.
#[cw_serde]
pub struct Lock {
    /// Amount locked.
    pub amount: Uint128,
    /// Not transferable before this time (free at and after it).
    pub until: Timestamp,
}

/// Answer of `account`.
#[cw_serde]
pub struct AccountResponse {
    /// The wallet.
    pub address: Addr,
    /// Its balance.
    pub balance: Uint128,
    /// True when the whole wallet is frozen.
    pub frozen: bool,
    /// Amount frozen (not movable by the holder).
    pub frozen_amount: Uint128,
    /// Holding-period locks not yet expired.
    pub locks: Vec<Lock>,
    /// Sum of the unexpired locks, capped at the balance.
    pub locked_amount: Uint128,
    /// Sum of the remainders of the wallet's open holds.
    pub held: Uint128,
    /// What the holder may move now: balance minus frozen, locked and held amounts (zero when
    /// frozen).
    pub transferable: Uint128,
    /// Investor the balance is booked to, once the wallet has received tokens.
    pub investor_id: Option<String>,
    /// True for a system account (escrow, distributor).
    pub system_account: bool,
}

/// One holder.
#[cw_serde]
pub struct Holder {
    /// Investor id.
    pub investor_id: String,
    /// Balance over all its wallets.
    pub balance: Uint128,
    /// Jurisdiction it is counted in.
    pub jurisdiction: Jurisdiction,
}

/// One page of holders.
#[cw_serde]
pub struct HoldersResponse {
    /// Holders in investor-id order.
    pub holders: Vec<Holder>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// Answer of `holder_count`.
#[cw_serde]
pub struct HolderCountResponse {
    /// Investors with a non-zero balance.
    pub holders: u64,
    /// Those counted in the jurisdiction asked about, when one was given.
    pub in_jurisdiction: Option<u64>,
}

/// Answer of `investor_balance`.
#[cw_serde]
pub struct InvestorBalanceResponse {
    /// Investor id.
    pub investor_id: String,
    /// Balance over all its wallets (zero when it holds nothing).
    pub balance: Uint128,
}

/// One page of system accounts.
#[cw_serde]
pub struct SystemAccountsResponse {
    /// System accounts in address order.
    pub accounts: Vec<Addr>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// A named document (prospectus, terms).
#[cw_serde]
pub struct Document {
    /// Name.
    pub name: String,
    /// Where it is published.
    pub uri: String,
    /// Hash of its content.
    pub content_hash: String,
    /// When it was last set.
    pub updated_at: Timestamp,
}

/// One page of documents.
#[cw_serde]
pub struct DocumentsResponse {
    /// Documents in name order.
    pub documents: Vec<Document>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// Answer of `total_supply_at`.
#[cw_serde]
pub struct TotalSupplyResponse {
    /// Total supply at the checkpoint.
    pub total_supply: Uint128,
}

/// An opened record checkpoint.
#[cw_serde]
pub struct RecordCheckpoint {
    /// Record height: balances as of the start of this block.
    pub height: u64,
    /// Who opened it.
    pub opened_by: Addr,
    /// Block height when it was opened.
    pub opened_at_height: u64,
    /// The securities event it belongs to.
    pub reference: Option<EventRef>,
}

/// One page of checkpoints.
#[cw_serde]
pub struct CheckpointsResponse {
    /// Checkpoints in height order.
    pub checkpoints: Vec<RecordCheckpoint>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// The token's published storage layout: other contracts (the DvP escrow, the distributor) read
/// holds and record balances with exact-key raw reads, never by smart query.
pub mod layout {
    use cosmwasm_std::{Addr, CustomQuery, QuerierWrapper, StdResult, Uint128};
    use cw_storage_plus::{Item, Map};

    use crate::hold::Hold;

    /// Version of this layout; bumped on any change of a key or value below.
    pub const LAYOUT_VERSION: u32 = 1;
    /// CW20 balances: `balance` + address -> `Uint128` (JSON), as cw20-base.
    pub const BALANCES: Map<&Addr, Uint128> = Map::new("balance");
    /// Total supply (JSON `Uint128`).
    pub const TOTAL_SUPPLY: Item<Uint128> = Item::new("total_supply");
    /// Holds by id: `hold` + `u64_be(id)` -> [`Hold`] (JSON). Final holds stay.
    pub const HOLDS: Map<u64, Hold> = Map::new("hold");
    /// Record balances: `record_balance` + `(u64_be(record height), address)` -> the wallet's
    /// balance at the start of the record height, written at the wallet's first balance change
    /// at or after that height. Absent: the current balance still is the record balance.
    pub const RECORD_BALANCES: Map<(u64, &Addr), Uint128> = Map::new("record_balance");
    /// Total supply at a record height, written at the first supply change at or after it
    /// (absent: the current supply stands).
    pub const RECORD_SUPPLY: Map<u64, Uint128> = Map::new("record_supply");
    /// Hold operators: `hold_operator` + `(owner, operator)` -> what the operator may still place on hold (present: the operator acts for the owner, e.g. a custodian).
    pub const HOLD_OPERATORS: Map<(&Addr, &Addr), Uint128> = Map::new("hold_operator");

    /// Whether `operator` is a hold operator of `owner` on the token (one exact-key read).
    pub fn query_is_hold_operator<C: CustomQuery>(
        querier: &QuerierWrapper<C>,
        token: &Addr,
        owner: &Addr,
        operator: &Addr,
    ) -> StdResult<bool> {
        Ok(HOLD_OPERATORS
            .query(querier, token.clone(), (owner, operator))?
            .is_some())
    }

    /// One hold by id (one exact-key read).
    pub fn query_hold<C: CustomQuery>(
        querier: &QuerierWrapper<C>,
        token: &Addr,
        id: u64,
    ) -> StdResult<Option<Hold>> {
        HOLDS.query(querier, token.clone(), id)
    }

    /// A wallet's balance at a record height the token keeps (opened, reached, not retired):
    /// the exact-key entry, else the current balance (at most two exact-key reads). The caller
    /// checks that `height` is such a record height (e.g. it opened it).
    pub fn query_record_balance<C: CustomQuery>(
        querier: &QuerierWrapper<C>,
        token: &Addr,
        height: u64,
        addr: &Addr,
    ) -> StdResult<Uint128> {
        match RECORD_BALANCES.query(querier, token.clone(), (height, addr))? {
            Some(balance) => Ok(balance),
            None => Ok(BALANCES
                .query(querier, token.clone(), addr)?
                .unwrap_or_default()),
        }
    }

    /// Total supply at a record height the token keeps: the entry, else the current supply.
    pub fn query_record_supply<C: CustomQuery>(
        querier: &QuerierWrapper<C>,
        token: &Addr,
        height: u64,
    ) -> StdResult<Uint128> {
        match RECORD_SUPPLY.query(querier, token.clone(), height)? {
            Some(supply) => Ok(supply),
            None => TOTAL_SUPPLY.query(querier, token.clone()),
        }
    }

    /// The part of the token's per-wallet account record (`account` + address, JSON) other
    /// contracts read raw; the record's other fields are ignored.
    #[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq, Default)]
    pub struct AccountView {
        /// Investor the wallet's balance is booked to (set on its first credit).
        #[serde(default)]
        pub investor_id: Option<String>,
        /// System account of the token (escrow, distributor): holds in transit.
        #[serde(default)]
        pub system: bool,
        /// Whole-wallet freeze.
        #[serde(default)]
        pub frozen: bool,
        /// Frozen part of the balance.
        #[serde(default)]
        pub frozen_amount: Uint128,
    }

    /// The token's account records by wallet.
    pub const ACCOUNTS: Map<&Addr, AccountView> = Map::new("account");

    /// The part of the token's configuration (`config`, JSON) other contracts read raw to
    /// pre-check an issuance (the primary offering at subscription); the other fields are
    /// ignored.
    #[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
    pub struct RulesView {
        /// The identity registry the token reads.
        pub registry: Addr,
        /// True while the token is paused (issuance refused).
        pub paused: bool,
        /// The transfer rules.
        pub rules: super::TransferRules,
    }

    /// The token's configuration.
    pub const CONFIG: Item<RulesView> = Item::new("config");

    /// The part of the token's per-investor book (`investor` + investor id, JSON) other
    /// contracts read raw: present only while the investor holds a non-zero balance.
    #[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
    pub struct InvestorBookView {
        /// Balance over all the investor's wallets.
        pub balance: Uint128,
        /// Jurisdiction the investor is counted in.
        pub jurisdiction: crate::common::Jurisdiction,
    }

    /// Investors with a non-zero balance.
    pub const INVESTOR_BOOKS: Map<&str, InvestorBookView> = Map::new("investor");
    /// Number of investors with a non-zero balance.
    pub const HOLDER_COUNT: Item<u64> = Item::new("holders");
    /// Number of investors with a non-zero balance, per jurisdiction code.
    pub const HOLDERS_BY_JURISDICTION: Map<&str, u64> = Map::new("holders_j");

    /// A wallet's account record (one exact-key raw read; the default for a wallet the token
    /// has no record of).
    pub fn query_account<C: CustomQuery>(
        querier: &QuerierWrapper<C>,
        token: &Addr,
        wallet: &Addr,
    ) -> StdResult<AccountView> {
        Ok(ACCOUNTS
            .query(querier, token.clone(), wallet)?
            .unwrap_or_default())
    }
}

/// Typed handle on a deployed security token.
#[cw_serde]
pub struct SecurityToken(pub Addr);

impl SecurityToken {
    /// The token's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// A message executing `msg` on the token.
    pub fn call(&self, msg: &ExecuteMsg) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Execute {
            contract_addr: self.0.to_string(),
            msg: to_json_binary(msg)?,
            funds: vec![],
        }
        .into())
    }

    /// Would `from` be able to transfer `amount` to `to` now, and if not every reason why.
    pub fn can_transfer<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        from: impl Into<String>,
        to: impl Into<String>,
        amount: Uint128,
    ) -> StdResult<CanTransferResponse> {
        querier.query_wasm_smart(
            self.0.clone(),
            &QueryMsg::CanTransfer {
                from: from.into(),
                to: to.into(),
                amount,
            },
        )
    }

    /// Current CW20 balance of `address`.
    pub fn balance<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        address: impl Into<String>,
    ) -> StdResult<Uint128> {
        let res: BalanceResponse = querier.query_wasm_smart(
            self.0.clone(),
            &QueryMsg::Balance {
                address: address.into(),
            },
        )?;
        Ok(res.balance)
    }

    /// Balance of `address` at a reached checkpoint `height`.
    pub fn balance_at<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        address: impl Into<String>,
        height: u64,
    ) -> StdResult<Uint128> {
        let res: BalanceResponse = querier.query_wasm_smart(
            self.0.clone(),
            &QueryMsg::BalanceAt {
                address: address.into(),
                height,
            },
        )?;
        Ok(res.balance)
    }

    /// Total supply at a reached checkpoint `height`.
    pub fn total_supply_at<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        height: u64,
    ) -> StdResult<Uint128> {
        let res: TotalSupplyResponse =
            querier.query_wasm_smart(self.0.clone(), &QueryMsg::TotalSupplyAt { height })?;
        Ok(res.total_supply)
    }

    /// CW20 transfer of the caller's tokens.
    pub fn transfer_msg(
        &self,
        recipient: impl Into<String>,
        amount: Uint128,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Transfer {
            recipient: recipient.into(),
            amount,
        })
    }

    /// CW20 send of the caller's tokens to a contract with a `Receive` hook message.
    pub fn send_msg(
        &self,
        contract: impl Into<String>,
        amount: Uint128,
        msg: Binary,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Send {
            contract: contract.into(),
            amount,
            msg,
        })
    }

    /// Issuance (caller holds `minter` or `transfer_agent`), optionally locked until a time.
    pub fn issue_msg(
        &self,
        recipient: impl Into<String>,
        amount: Uint128,
        locked_until: Option<Timestamp>,
        reference: Option<EventRef>,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Issue {
            recipient: recipient.into(),
            amount,
            locked_until,
            reference,
        })
    }

    /// Redemption: burn `amount` of `owner`'s tokens (caller holds `redeemer` or
    /// `transfer_agent`).
    pub fn redeem_msg(
        &self,
        owner: impl Into<String>,
        amount: Uint128,
        reference: Option<EventRef>,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Redeem {
            owner: owner.into(),
            amount,
            reference,
        })
    }

    /// Place a hold on the caller's units (`owner` absent) or, as its hold operator, on
    /// `owner`'s units.
    pub fn hold_msg(&self, owner: Option<String>, request: HoldRequest) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::PlaceHold { owner, request })
    }

    /// Execute hold `id` to its payee (caller is the hold's notary); `amount` absent executes
    /// the whole remainder.
    pub fn execute_hold_msg(&self, id: u64, amount: Option<Uint128>) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::ExecuteHold { id, amount })
    }

    /// Release hold `id` (the notary at any time, anyone once expired).
    pub fn release_hold_msg(&self, id: u64) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::ReleaseHold { id })
    }

    /// One hold by id, by an exact-key raw read of the published layout.
    pub fn hold<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        id: u64,
    ) -> StdResult<Option<Hold>> {
        layout::query_hold(querier, &self.0, id)
    }

    /// Open a record checkpoint at a future `height` (caller holds `checkpoint_opener`).
    pub fn open_checkpoint_msg(
        &self,
        height: u64,
        reference: Option<EventRef>,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::OpenCheckpoint { height, reference })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_codes_are_unique_sorted_and_named_like_their_json() {
        let codes: Vec<u16> = ReasonCode::ALL.iter().map(ReasonCode::code).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
        for r in ReasonCode::ALL {
            let json = cosmwasm_std::to_json_string(&r).unwrap();
            assert_eq!(json, format!("\"{}\"", r.as_str()));
            assert!(!r.message().is_empty());
        }
    }

    #[test]
    fn cw20_messages_keep_cw20_json_shapes() {
        let ours = ExecuteMsg::Transfer {
            recipient: "r".into(),
            amount: Uint128::new(5),
        };
        let theirs = cw20::Cw20ExecuteMsg::Transfer {
            recipient: "r".into(),
            amount: Uint128::new(5),
        };
        assert_eq!(
            cosmwasm_std::to_json_string(&ours).unwrap(),
            cosmwasm_std::to_json_string(&theirs).unwrap()
        );
        let ours = ExecuteMsg::IncreaseAllowance {
            spender: "s".into(),
            amount: Uint128::new(1),
            expires: Some(Expiration::AtHeight(9)),
        };
        let theirs = cw20::Cw20ExecuteMsg::IncreaseAllowance {
            spender: "s".into(),
            amount: Uint128::new(1),
            expires: Some(Expiration::AtHeight(9)),
        };
        assert_eq!(
            cosmwasm_std::to_json_string(&ours).unwrap(),
            cosmwasm_std::to_json_string(&theirs).unwrap()
        );
    }
}
