//! USD1 cash adapter: the one cash leg of the suite, for a CW20 or a native-denom USD1.
//!
//! * **Asset**: fixed at instantiate, either a CW20 contract ([`AssetInfo::Cw20`]) or a bank
//!   denom ([`AssetInfo::Native`]). Clients never need to know which: they receive a typed
//!   [`CashClientMsg::CashReceived`] callback and pay out with [`ExecuteMsg::Release`] through
//!   the [`CashAdapter`] handle.
//! * **Clients and pools**: the owner registers client contracts (escrow, distributor); each has
//!   its own pool and releases only from it.
//! * **Funding**: a payer sends USD1 naming a client and an [`EventRef`]; the adapter screens the
//!   payer in the registry, checks the cash leg is healthy, credits the pool and calls the client
//!   with [`CashReceipt`] as a plain message: a client that rejects reverts the whole funding.
//! * **Reserve attestations**, the **cash ledger**, **parked releases** and the **redemption
//!   (off-ramp) queue** are described on their messages below.
//! * **Cash accounts** ([`CashAccount`]), keyed by investor id (registered client contracts by
//!   address): deposits, book entries, withdrawals to the investor's own wallets, off-ramp
//!   requests, and **cash holds** ([`crate::hold::Hold`]) executed by a notary to the payee's
//!   account by book entry. The accounts and holds maps are a published layout ([`layout`]).

use std::fmt;

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{
    coins, to_json_binary, Addr, Attribute, BankMsg, CosmosMsg, CustomQuery, Decimal, HexBinary,
    QuerierWrapper, StdResult, Timestamp, Uint128, WasmMsg,
};
use cw20::{Cw20ExecuteMsg, Cw20QueryMsg, Cw20ReceiveMsg};

use crate::audit::AuditResponse;
use crate::common::EventRef;
use crate::hold::{Hold, HoldRequest, HoldsResponse};
use sto_access::{
    HasRoleResponse, Ownership, OwnershipAction, Role, RoleAction, RoleMembersResponse,
};

/// Length in bytes of a report hash and of a bank-instructions hash (SHA-256).
pub const HASH_LEN: usize = 32;
/// Longest accepted report URI.
pub const MAX_URI_LEN: usize = 512;
/// Longest accepted free-form reference: client label, payment reference, rejection reason,
/// halt reason, redirect reason and `EventRef::External` reference.
pub const MAX_TEXT_LEN: usize = 128;
/// Longest redemption service period, in seconds (one year): a request's deadline is always a
/// representable time, and a holder never waits longer than this to cancel.
pub const MAX_REDEMPTION_SERVICE_PERIOD: u64 = 365 * 24 * 3600;
/// Maximum hold duration set at instantiate (30 days); the owner may change it with
/// `update_config`, up to [`MAX_HOLD_DURATION_LIMIT`].
pub const DEFAULT_MAX_HOLD_DURATION: u64 = 30 * 24 * 3600;
/// Largest maximum hold duration the owner may configure (one year).
pub const MAX_HOLD_DURATION_LIMIT: u64 = 365 * 24 * 3600;
/// Longest account key: an investor id (at most 64 characters) or a client contract's address.
pub const MAX_ACCOUNT_KEY_LEN: usize = 128;
/// Longest reference naming an action sub-account (e.g. `action:7`).
pub const MAX_SUB_ACCOUNT_REFERENCE_LEN: usize = 64;
/// Most payments in one `pay_from_sub_account`.
pub const MAX_SUB_ACCOUNT_PAYMENTS: usize = 8;

// ---------------------------------------------------------------------------------------------
// Asset
// ---------------------------------------------------------------------------------------------

/// The USD1 asset as given at instantiate (addresses not yet validated).
#[cw_serde]
pub enum AssetInfoUnchecked {
    /// USD1 is a CW20 token contract.
    Cw20 {
        /// Bech32 address of the CW20 contract.
        address: String,
    },
    /// USD1 is a native bank denom.
    Native {
        /// The bank denom, e.g. `uusd1` or `factory/…/usd1`.
        denom: String,
    },
}

/// The USD1 asset the adapter holds (validated).
#[cw_serde]
#[derive(Eq, Hash)]
pub enum AssetInfo {
    /// USD1 is a CW20 token contract; fund with its `send` and a [`CashHookMsg`].
    Cw20 {
        /// The CW20 contract.
        address: Addr,
    },
    /// USD1 is a native bank denom; fund with [`ExecuteMsg::Fund`] and the coin attached.
    Native {
        /// The bank denom.
        denom: String,
    },
}

impl fmt::Display for AssetInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssetInfo::Cw20 { address } => write!(f, "cw20:{address}"),
            AssetInfo::Native { denom } => write!(f, "native:{denom}"),
        }
    }
}

impl AssetInfo {
    /// A message moving `amount` of this asset from the sending contract to `recipient`
    /// (CW20 `transfer` or bank `send`).
    pub fn transfer_msg(&self, recipient: &Addr, amount: Uint128) -> StdResult<CosmosMsg> {
        Ok(match self {
            AssetInfo::Cw20 { address } => WasmMsg::Execute {
                contract_addr: address.to_string(),
                msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                    recipient: recipient.to_string(),
                    amount,
                })?,
                funds: vec![],
            }
            .into(),
            AssetInfo::Native { denom } => BankMsg::Send {
                to_address: recipient.to_string(),
                amount: coins(amount.u128(), denom),
            }
            .into(),
        })
    }

    /// The balance of this asset held by `holder`.
    pub fn query_balance<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        holder: &Addr,
    ) -> StdResult<Uint128> {
        match self {
            AssetInfo::Cw20 { address } => {
                let res: cw20::BalanceResponse = querier.query_wasm_smart(
                    address.clone(),
                    &Cw20QueryMsg::Balance {
                        address: holder.to_string(),
                    },
                )?;
                Ok(res.balance)
            }
            AssetInfo::Native { denom } => Ok(querier.query_balance(holder, denom)?.amount),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Domain types
// ---------------------------------------------------------------------------------------------

/// Why a client pays out; recorded in the ledger and events.
///
/// The kind never changes what the adapter does: **no release of any kind is blocked by the
/// cash leg's health or by a halt**, because a release reduces exposure. Blocked recipients are
/// parked whatever the kind.
#[cw_serde]
#[derive(Copy, Eq, Hash)]
pub enum ReleaseKind {
    /// Cash leg of a settled trade, paid to the seller.
    Settlement,
    /// Money returned to whoever paid it (cancelled, expired or failed event, excess).
    Refund,
    /// Offering proceeds paid to the issuer.
    Proceeds,
    /// Coupon, dividend, redemption or principal paid to a holder.
    Distribution,
    /// Tax withheld, paid to the withholding account.
    Withholding,
    /// Unclaimed funds returned to the paying agent after a deadline.
    Reclaim,
}

impl ReleaseKind {
    /// Stable snake_case name used in events.
    pub const fn as_str(&self) -> &'static str {
        match self {
            ReleaseKind::Settlement => "settlement",
            ReleaseKind::Refund => "refund",
            ReleaseKind::Proceeds => "proceeds",
            ReleaseKind::Distribution => "distribution",
            ReleaseKind::Withholding => "withholding",
            ReleaseKind::Reclaim => "reclaim",
        }
    }
}

impl fmt::Display for ReleaseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a ledger entry records.
#[cw_serde]
#[derive(Copy, Eq, Hash)]
pub enum Movement {
    /// A payer funded a client's pool (`party` = payer).
    Funding,
    /// A client paid out of its pool (`party` = recipient).
    Release {
        /// Why.
        kind: ReleaseKind,
    },
    /// A release whose recipient was blocked: debited from the pool and parked
    /// (`party` = intended recipient).
    Parked {
        /// Why the client released.
        kind: ReleaseKind,
        /// The parked-release record.
        parked_id: u64,
    },
    /// A parked release paid out by the owner (`party` = who was paid: the original recipient or
    /// the redirect target).
    ParkedPaid {
        /// Why the client released originally.
        kind: ReleaseKind,
        /// The parked-release record.
        parked_id: u64,
    },
    /// A holder deposited USD1 into the redemption queue (`party` = holder).
    RedemptionDeposit,
    /// A redemption was confirmed and its USD1 forwarded (`party` = redemption address).
    RedemptionPayout,
    /// A redemption was rejected or cancelled and its USD1 returned (`party` = holder).
    RedemptionRefund,
    /// USD1 that reached the adapter outside its messages (a plain transfer or bank send),
    /// returned by the owner (`party` = recipient; no client pool moves).
    SurplusReturned,
}

impl Movement {
    /// Stable snake_case name used in events.
    pub const fn as_str(&self) -> &'static str {
        match self {
            Movement::Funding => "funding",
            Movement::Release { .. } => "release",
            Movement::Parked { .. } => "parked",
            Movement::ParkedPaid { .. } => "parked_paid",
            Movement::RedemptionDeposit => "redemption_deposit",
            Movement::RedemptionPayout => "redemption_payout",
            Movement::RedemptionRefund => "redemption_refund",
            Movement::SurplusReturned => "surplus_returned",
        }
    }

    /// The release kind, for releases and parked releases.
    pub const fn release_kind(&self) -> Option<ReleaseKind> {
        match self {
            Movement::Release { kind }
            | Movement::Parked { kind, .. }
            | Movement::ParkedPaid { kind, .. } => Some(*kind),
            _ => None,
        }
    }
}

/// One line of the cash ledger. Every USD1 movement in or out of the adapter has one.
#[cw_serde]
pub struct LedgerEntry {
    /// Sequential id, from 1. For a funding this is the `funding_id` of the [`CashReceipt`].
    pub id: u64,
    /// What moved.
    pub movement: Movement,
    /// The client whose pool moved; `None` for the redemption queue.
    pub client: Option<Addr>,
    /// The securities event the movement belongs to (`off_ramp` for redemptions).
    pub reference: EventRef,
    /// Counterparty: payer, recipient, holder or redemption address (see [`Movement`]).
    pub party: Addr,
    /// Amount in the asset's smallest unit.
    pub amount: Uint128,
    /// Block height of the movement.
    pub height: u64,
    /// Block time of the movement.
    pub time: Timestamp,
}

impl LedgerEntry {
    /// The attributes every event carrying this entry has, after `action`: `ledger_id`,
    /// `movement`, `client` (when any), `party`, `amount`, `reference`, `kind` (releases),
    /// `parked_id` (parked), `height`, `time` (seconds).
    pub fn attributes(&self) -> Vec<Attribute> {
        let mut attrs = vec![
            Attribute::new("ledger_id", self.id.to_string()),
            Attribute::new("movement", self.movement.as_str()),
        ];
        if let Some(client) = &self.client {
            attrs.push(Attribute::new("client", client.as_str()));
        }
        attrs.push(Attribute::new("party", self.party.as_str()));
        attrs.push(Attribute::new("amount", self.amount.to_string()));
        attrs.push(Attribute::new("reference", self.reference.to_string()));
        if let Some(kind) = self.movement.release_kind() {
            attrs.push(Attribute::new("kind", kind.as_str()));
        }
        if let Movement::Parked { parked_id, .. } | Movement::ParkedPaid { parked_id, .. } =
            self.movement
        {
            attrs.push(Attribute::new("parked_id", parked_id.to_string()));
        }
        attrs.push(Attribute::new("height", self.height.to_string()));
        attrs.push(Attribute::new("time", self.time.seconds().to_string()));
        attrs
    }
}

/// A cash account as stored under [`layout::ACCOUNTS`] (published layout, version
/// [`layout::LAYOUT_VERSION`]). Kept small because every book entry reads and writes two of
/// them: short field names, and zero fields left out (`{}` is an empty account).
#[cw_serde]
#[derive(Default, Copy, Eq)]
pub struct CashAccount {
    /// USD1 in the account, held units included, in the asset's smallest unit.
    #[serde(rename = "b", default, skip_serializing_if = "Uint128::is_zero")]
    pub balance: Uint128,
    /// Part of the balance earmarked by open cash holds.
    #[serde(rename = "h", default, skip_serializing_if = "Uint128::is_zero")]
    pub held: Uint128,
}

impl CashAccount {
    /// What the owner may commit, move or withdraw: `balance - held`.
    pub fn available(&self) -> Uint128 {
        self.balance.saturating_sub(self.held)
    }
}

/// An action sub-account as stored under [`layout::SUB_ACCOUNTS`] (published layout): what a
/// client's corporate action was funded with and what went out of it. Its balance is
/// `funded - paid - withheld - reclaimed`, and `paid + withheld + reclaimed <= funded` always
/// holds (equality after the final reclaim). Kept small because every payment reads and writes
/// it: short field names, zero fields left out.
#[cw_serde]
#[derive(Default, Copy, Eq)]
pub struct SubAccount {
    /// Sum of every funding (deposits and book entries in).
    #[serde(rename = "f", default, skip_serializing_if = "Uint128::is_zero")]
    pub funded: Uint128,
    /// Sum of payments of kind [`SubAccountPaymentKind::Paid`].
    #[serde(rename = "p", default, skip_serializing_if = "Uint128::is_zero")]
    pub paid: Uint128,
    /// Sum of payments of kind [`SubAccountPaymentKind::Withheld`].
    #[serde(rename = "w", default, skip_serializing_if = "Uint128::is_zero")]
    pub withheld: Uint128,
    /// Sum of reclaims.
    #[serde(rename = "r", default, skip_serializing_if = "Uint128::is_zero")]
    pub reclaimed: Uint128,
}

impl SubAccount {
    /// Everything that went out: `paid + withheld + reclaimed` (saturating; never beyond
    /// `funded` in a stored record).
    pub fn paid_out(&self) -> Uint128 {
        self.paid
            .saturating_add(self.withheld)
            .saturating_add(self.reclaimed)
    }

    /// What is left to pay: `funded - paid - withheld - reclaimed`.
    pub fn balance(&self) -> Uint128 {
        self.funded.saturating_sub(self.paid_out())
    }
}

/// How a payment out of an action sub-account counts.
#[cw_serde]
#[derive(Copy, Eq, Hash)]
pub enum SubAccountPaymentKind {
    /// Paid to the entitled holder (coupon, dividend, redemption, principal).
    Paid,
    /// Tax withheld, paid to the withholding account the client names (e.g. the tax
    /// authority's).
    Withheld,
}

impl SubAccountPaymentKind {
    /// Stable snake_case name used in events.
    pub const fn as_str(&self) -> &'static str {
        match self {
            SubAccountPaymentKind::Paid => "paid",
            SubAccountPaymentKind::Withheld => "withheld",
        }
    }
}

/// One payment out of an action sub-account, by book entry to a cash account.
#[cw_serde]
pub struct SubAccountPayment {
    /// The cash account credited: an investor id or a client contract's address (created when
    /// absent; a blocked investor's account receives).
    pub account: String,
    /// Amount (> 0).
    pub amount: Uint128,
    /// Paid or withheld.
    pub kind: SubAccountPaymentKind,
}

/// Answer of the `sub_account` query and one row of `sub_accounts`.
#[cw_serde]
pub struct SubAccountResponse {
    /// The client contract owning the sub-account.
    pub client: Addr,
    /// The action reference naming it.
    pub reference: String,
    /// Sum of every funding.
    pub funded: Uint128,
    /// Sum paid to holders.
    pub paid: Uint128,
    /// Sum withheld.
    pub withheld: Uint128,
    /// Sum reclaimed.
    pub reclaimed: Uint128,
    /// `funded - paid - withheld - reclaimed`.
    pub balance: Uint128,
}

impl SubAccountResponse {
    /// The answer for a stored record.
    pub fn new(client: Addr, reference: String, sub: &SubAccount) -> Self {
        SubAccountResponse {
            client,
            reference,
            funded: sub.funded,
            paid: sub.paid,
            withheld: sub.withheld,
            reclaimed: sub.reclaimed,
            balance: sub.balance(),
        }
    }
}

/// One page of a client's sub-accounts.
#[cw_serde]
pub struct SubAccountsResponse {
    /// Sub-accounts in reference order.
    pub sub_accounts: Vec<SubAccountResponse>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// Answer of the `account` query.
#[cw_serde]
pub struct AccountResponse {
    /// The account key (investor id, or a client contract's address).
    pub key: String,
    /// USD1 in the account, held units included.
    pub balance: Uint128,
    /// Part of the balance held by open cash holds.
    pub held: Uint128,
    /// `balance - held`.
    pub available: Uint128,
    /// The operator (custodian) the owner authorised, if any.
    pub operator: Option<Addr>,
    /// What the operator may still place on hold or move by book entry (`None` without an
    /// operator).
    pub operator_limit: Option<Uint128>,
    /// Whether the account's investor is blocked in the registry now (always false for a
    /// client contract's account): a blocked account receives but cannot pay.
    pub blocked: bool,
}

/// One page of registered notaries.
#[cw_serde]
pub struct NotariesResponse {
    /// Notary contracts in address order.
    pub notaries: Vec<Addr>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// Published storage layout of the cash accounts and cash holds, for exact-key raw reads by
/// other contracts (a notary reads a hold, a client reads an account) without loading the
/// adapter's code.
pub mod layout {
    use cosmwasm_std::{Addr, CustomQuery, QuerierWrapper, StdResult};
    use cw_storage_plus::{Item, Map};

    use super::{CashAccount, SubAccount};
    use crate::hold::Hold;

    /// Version of this layout; bumped whenever a key or a value type below changes (2 added
    /// the action sub-accounts).
    pub const LAYOUT_VERSION: u32 = 2;
    /// The layout version as stored by the adapter (key `cash_layout`).
    pub const LAYOUT: Item<u32> = Item::new("cash_layout");
    /// Cash accounts: key `acct`, account key (investor id or client address) ->
    /// [`CashAccount`] (JSON). Absent means no account.
    pub const ACCOUNTS: Map<&str, CashAccount> = Map::new("acct");
    /// Cash holds: key `hold`, hold id (u64, big-endian) -> [`Hold`] (JSON), open and final.
    pub const HOLDS: Map<u64, Hold> = Map::new("hold");
    /// Action sub-accounts: key `sub`, (client contract address, action reference) ->
    /// [`SubAccount`] (JSON, zeros omitted). Absent means never funded.
    pub const SUB_ACCOUNTS: Map<(&Addr, &str), SubAccount> = Map::new("sub");

    /// Raw read of one account (`None` when the key has no account).
    pub fn query_account<C: CustomQuery>(
        querier: &QuerierWrapper<C>,
        adapter: &Addr,
        key: &str,
    ) -> StdResult<Option<CashAccount>> {
        ACCOUNTS.query(querier, adapter.clone(), key)
    }

    /// Raw read of one cash hold (`None` when no hold has this id).
    pub fn query_cash_hold<C: CustomQuery>(
        querier: &QuerierWrapper<C>,
        adapter: &Addr,
        id: u64,
    ) -> StdResult<Option<Hold>> {
        HOLDS.query(querier, adapter.clone(), id)
    }

    /// Raw read of one action sub-account (`None` when it was never funded).
    pub fn query_sub_account<C: CustomQuery>(
        querier: &QuerierWrapper<C>,
        adapter: &Addr,
        client: &Addr,
        reference: &str,
    ) -> StdResult<Option<SubAccount>> {
        SUB_ACCOUNTS.query(querier, adapter.clone(), (client, reference))
    }

    /// Raw read of the layout version the adapter publishes (`None` before version 1).
    pub fn query_layout_version<C: CustomQuery>(
        querier: &QuerierWrapper<C>,
        adapter: &Addr,
    ) -> StdResult<Option<u32>> {
        querier
            .query_wasm_raw(adapter.clone(), LAYOUT.as_slice().to_vec())?
            .map(|raw| cosmwasm_std::from_json(&raw))
            .transpose()
    }
}

/// A registered client contract and its pool.
#[cw_serde]
pub struct ClientInfo {
    /// The client contract.
    pub address: Addr,
    /// Human label (e.g. `dvp-escrow`), 1-128 characters.
    pub label: String,
    /// Whether new fundings for this client are accepted. Releases are allowed either way, so
    /// deactivating a client never traps its pool.
    pub active: bool,
    /// USD1 held for the client now.
    pub pool: Uint128,
    /// Sum of all fundings credited to the client.
    pub funded_total: Uint128,
    /// Sum of all releases debited from the client (paid or parked).
    pub released_total: Uint128,
    /// When the client was registered.
    pub registered_at: Timestamp,
}

/// A reserve attestation of the USD1 stablecoin.
#[cw_serde]
pub struct Attestation {
    /// Sequential id, from 1.
    pub id: u64,
    /// Reserves backing the stablecoin, in the asset's smallest unit.
    pub reserves: Uint128,
    /// Circulating supply at the same instant, in the asset's smallest unit.
    pub supply: Uint128,
    /// The instant the report speaks about; never in the future, strictly after the previous
    /// attestation's.
    pub as_of: Timestamp,
    /// Where the report can be read.
    pub report_uri: String,
    /// SHA-256 of the report (32 bytes).
    pub report_hash: HexBinary,
    /// The attestor who posted it.
    pub attestor: Addr,
    /// Block time it was posted.
    pub posted_at: Timestamp,
}

/// Why the cash leg is not healthy now.
#[cw_serde]
pub enum UnhealthyReason {
    /// No attestation was ever posted.
    NoAttestation,
    /// The newest attestation is older than the configured maximum age.
    Stale {
        /// Age of the newest attestation, in seconds.
        age_seconds: u64,
        /// Configured maximum age, in seconds.
        max_age_seconds: u64,
    },
    /// Reserves are below supply × minimum coverage.
    Undercollateralized {
        /// Reserves / supply, rounded down (`None` when it does not fit a `Decimal`).
        coverage: Option<Decimal>,
        /// Configured minimum coverage.
        min_coverage: Decimal,
    },
    /// The owner halted new fundings.
    Halted {
        /// The owner's reason.
        reason: String,
    },
}

/// Health of the cash leg: the answer the escrow and distributor show to users.
#[cw_serde]
pub struct CashLegStatus {
    /// True when new fundings are accepted: fresh, sufficient attestation and not halted.
    pub healthy: bool,
    /// Every reason it is not healthy (empty when healthy).
    pub reasons: Vec<UnhealthyReason>,
    /// Reserves / supply of the newest attestation, rounded down; `None` without attestation
    /// or when the ratio does not fit a `Decimal`.
    pub coverage: Option<Decimal>,
    /// Configured minimum coverage.
    pub min_coverage: Decimal,
    /// Age of the newest attestation in seconds (`None` without attestation).
    pub age_seconds: Option<u64>,
    /// Configured maximum attestation age in seconds.
    pub max_age_seconds: u64,
    /// Whether the owner halted new fundings.
    pub halted: bool,
    /// The newest attestation, if any.
    pub latest_attestation: Option<Attestation>,
}

/// How the owner resolves a parked release.
#[cw_serde]
pub enum ParkedResolution {
    /// Pay the original recipient, which must no longer be blocked.
    Deliver {},
    /// Pay another address instead (e.g. an account named by the authority that ordered the
    /// block, or another wallet of the same investor). It must not be blocked.
    Redirect {
        /// Bech32 address paid instead.
        recipient: String,
        /// Reference of the decision (1-128 characters), recorded and emitted.
        reason_ref: String,
    },
}

/// How a parked release was resolved.
#[cw_serde]
pub struct ParkedOutcome {
    /// Who was paid.
    pub paid_to: Addr,
    /// True when paid to another address than the original recipient.
    pub redirected: bool,
    /// The redirect decision's reference, when redirected.
    pub reason_ref: Option<String>,
    /// Block time of the resolution.
    pub resolved_at: Timestamp,
    /// The ledger entry of the payment.
    pub ledger_id: u64,
}

/// A release (or redemption refund) held back because its recipient was blocked.
#[cw_serde]
pub struct ParkedRelease {
    /// Sequential id, from 1.
    pub id: u64,
    /// The client that released; `None` for a redemption refund.
    pub client: Option<Addr>,
    /// The intended recipient (blocked when parked).
    pub recipient: Addr,
    /// Amount held, in the asset's smallest unit.
    pub amount: Uint128,
    /// The securities event of the release.
    pub reference: EventRef,
    /// Why the client released.
    pub kind: ReleaseKind,
    /// Block time it was parked.
    pub parked_at: Timestamp,
    /// The ledger entry of the parking.
    pub ledger_id: u64,
    /// `None` while parked; set when the owner resolved it.
    pub outcome: Option<ParkedOutcome>,
}

/// State of a redemption request.
#[cw_serde]
#[derive(Copy, Eq, Hash)]
pub enum RedemptionStatus {
    /// Deposited, waiting for the off-ramp operator.
    Pending,
    /// Confirmed: the USD1 went to the redemption address and bank dollars to the holder.
    Confirmed,
    /// Rejected by the operator: the USD1 went back to the holder.
    Rejected,
    /// Cancelled by the holder after the service deadline: the USD1 went back to the holder.
    Cancelled,
}

impl RedemptionStatus {
    /// Stable snake_case name used in events and as storage key.
    pub const fn as_str(&self) -> &'static str {
        match self {
            RedemptionStatus::Pending => "pending",
            RedemptionStatus::Confirmed => "confirmed",
            RedemptionStatus::Rejected => "rejected",
            RedemptionStatus::Cancelled => "cancelled",
        }
    }
}

impl fmt::Display for RedemptionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A holder's request to turn USD1 into bank dollars.
#[cw_serde]
pub struct RedemptionRequest {
    /// Sequential id, from 1; the reference of its ledger entries is `off_ramp:<id>`.
    pub id: u64,
    /// The holder who deposited and gets any refund.
    pub holder: Addr,
    /// USD1 deposited, in the asset's smallest unit.
    pub amount: Uint128,
    /// SHA-256 of the holder's bank instructions (32 bytes), given to the operator off-chain.
    pub instructions_hash: HexBinary,
    /// Current state.
    pub status: RedemptionStatus,
    /// Block time of the deposit.
    pub requested_at: Timestamp,
    /// Past this instant (strictly) the holder may cancel for a refund while still pending.
    pub deadline: Timestamp,
    /// Block time the request left `pending`.
    pub resolved_at: Option<Timestamp>,
    /// The operator's bank payment reference, when confirmed.
    pub payment_reference: Option<String>,
    /// The operator's reason, when rejected.
    pub rejection_reason: Option<String>,
    /// Set when the refund of a rejected or cancelled request was parked (holder blocked).
    pub parked_id: Option<u64>,
    /// The cash account the request was booked from (`request_off_ramp`); a rejection or
    /// cancellation credits it back. `None` for a deposit from a wallet.
    pub account: Option<String>,
}

/// The adapter's configuration.
#[cw_serde]
pub struct Config {
    /// The USD1 asset.
    pub asset: AssetInfo,
    /// The identity registry screening payers, recipients and holders (raw reads).
    pub registry: Addr,
    /// Newest attestation must be at most this old (seconds) for the leg to be healthy.
    pub max_attestation_age: u64,
    /// Reserves must be at least supply × this for the leg to be healthy.
    pub min_coverage: Decimal,
    /// Where confirmed redemptions' USD1 goes (the off-ramp's account with the issuer).
    pub redemption_address: Addr,
    /// Service deadline of a redemption request: seconds after its deposit.
    pub redemption_service_period: u64,
    /// Longest cash hold: a hold's expiry is at most this many seconds after its placement.
    pub max_hold_duration: u64,
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

/// Instantiate the adapter.
#[cw_serde]
pub struct InstantiateMsg {
    /// Owner (configuration, clients, halts, roles, parked releases); defaults to the sender.
    pub owner: Option<String>,
    /// The USD1 asset, fixed for the life of the contract.
    pub asset: AssetInfoUnchecked,
    /// The identity registry.
    pub registry: String,
    /// Maximum attestation age in seconds (> 0).
    pub max_attestation_age: u64,
    /// Minimum reserves / supply (> 0), e.g. `"1"` for full backing.
    pub min_coverage: Decimal,
    /// Address receiving confirmed redemptions.
    pub redemption_address: String,
    /// Redemption service deadline in seconds after deposit (> 0, at most
    /// [`MAX_REDEMPTION_SERVICE_PERIOD`]).
    pub redemption_service_period: u64,
    /// Addresses granted the `attestor` role at once.
    pub attestors: Vec<String>,
    /// Addresses granted the `off_ramp_operator` role at once.
    pub off_ramp_operators: Vec<String>,
}

/// The hook message inside a CW20 `send` to the adapter (CW20 mode).
#[cw_serde]
pub enum CashHookMsg {
    /// Fund `client`'s pool for `reference`; the CW20 `sender` is the payer.
    Fund {
        /// The registered client to credit.
        client: String,
        /// The securities event paid for.
        reference: EventRef,
    },
    /// Deposit into the redemption queue; the CW20 `sender` is the holder.
    RequestRedemption {
        /// SHA-256 of the bank instructions (32 bytes).
        instructions_hash: HexBinary,
    },
    /// Deposit into a cash account. The CW20 `sender` must own the account (a wallet of its
    /// investor, or the client contract itself) or be its authorised operator: for a
    /// `send_from` the sender is the spender, so only the account it operates is credited.
    Deposit {
        /// The account credited; the sender's own account when absent.
        account: Option<String>,
        /// Deposit-and-affirm: place this cash hold from the deposit and notify its notary in
        /// the same transaction.
        hold: Option<HoldRequest>,
    },
    /// Fund the action sub-account `(client, reference)`; the CW20 `sender` is the depositor
    /// (any wallet not blocked; the client decides what it accepts from the figures). Refused
    /// while the cash leg is unhealthy.
    FundSubAccount {
        /// The registered, active client contract owning the sub-account.
        client: String,
        /// The action reference, 1-64 characters (e.g. `action:7`).
        reference: String,
    },
}

/// Adapter actions.
#[cw_serde]
pub enum ExecuteMsg {
    /// CW20 mode: the configured CW20 delivers USD1 with a [`CashHookMsg`]. Any other CW20 is
    /// refused.
    Receive(Cw20ReceiveMsg),
    /// Native mode: fund `client`'s pool for `reference` with exactly one coin of the configured
    /// denom attached; the sender is the payer. The payer must be eligible in the registry and
    /// the cash leg healthy; the client is then called with [`CashClientMsg::CashReceived`]
    /// and may reject, reverting everything.
    Fund {
        /// The registered client to credit.
        client: String,
        /// The securities event paid for.
        reference: EventRef,
    },
    /// Native mode: deposit the attached coin into the redemption queue. Allowed while the leg
    /// is unhealthy or halted (it is an exit, not new exposure); the holder must be eligible.
    RequestRedemption {
        /// SHA-256 of the bank instructions (32 bytes).
        instructions_hash: HexBinary,
    },
    /// Pay out of the sender's own pool (registered clients only, active or not). Never blocked
    /// by health or halt. A blocked recipient is not paid: the amount is parked (see
    /// [`ParkedRelease`]). Unknown or KYC-expired recipients are paid: the adapter screens
    /// sanctions only, eligibility to be paid for a security is the client's decision.
    Release {
        /// Bech32 address paid.
        recipient: String,
        /// Amount (> 0, at most the sender's pool).
        amount: Uint128,
        /// The securities event the payment belongs to.
        reference: EventRef,
        /// Why.
        kind: ReleaseKind,
    },
    /// Post a reserve attestation. Attestor only. `as_of` must not be in the future and must be
    /// strictly after the newest attestation's.
    PostAttestation {
        /// Reserves in the asset's smallest unit.
        reserves: Uint128,
        /// Circulating supply in the asset's smallest unit (> 0).
        supply: Uint128,
        /// The instant the report speaks about.
        as_of: Timestamp,
        /// Where the report can be read (1-512 characters).
        report_uri: String,
        /// SHA-256 of the report (32 bytes).
        report_hash: HexBinary,
    },
    /// Confirm a pending redemption: its USD1 goes to the redemption address. Off-ramp operator
    /// only. Allowed past the deadline as long as the holder has not cancelled.
    ConfirmRedemption {
        /// Request id.
        id: u64,
        /// The bank payment reference (1-128 characters).
        payment_reference: String,
    },
    /// Reject a pending redemption: its USD1 goes back to the holder (parked if the holder is
    /// blocked). Off-ramp operator only.
    RejectRedemption {
        /// Request id.
        id: u64,
        /// Why (1-128 characters).
        reason: String,
    },
    /// Cancel one's own pending redemption after its deadline, for a refund. Holder only.
    CancelRedemption {
        /// Request id.
        id: u64,
    },
    /// Register a client contract with an empty pool, or re-activate a deactivated one. Owner
    /// only.
    RegisterClient {
        /// The client contract.
        address: String,
        /// Human label (1-128 characters).
        label: String,
    },
    /// Stop new fundings for a client; its releases keep working. Owner only.
    DeactivateClient {
        /// The client contract.
        address: String,
    },
    /// Change configuration (the fields given). Owner only. The asset never changes.
    UpdateConfig {
        /// New registry.
        registry: Option<String>,
        /// New maximum attestation age in seconds (> 0).
        max_attestation_age: Option<u64>,
        /// New minimum coverage (> 0).
        min_coverage: Option<Decimal>,
        /// New redemption address.
        redemption_address: Option<String>,
        /// New service period for requests made from now on (> 0, at most
        /// [`MAX_REDEMPTION_SERVICE_PERIOD`]).
        redemption_service_period: Option<u64>,
        /// New maximum hold duration for holds placed from now on, in seconds (> 0, at most
        /// [`MAX_HOLD_DURATION_LIMIT`]).
        max_hold_duration: Option<u64>,
    },
    /// Refuse new fundings whatever the attestation says. Owner only. Releases, redemptions
    /// and refunds continue.
    HaltFundings {
        /// Why (1-128 characters), shown in the status.
        reason: String,
    },
    /// Lift a halt. Owner only.
    ResumeFundings {},
    /// Return USD1 that reached the adapter outside its messages (what `reconciliation` reports
    /// as `surplus`) by crediting the cash account of `recipient`'s investor (or of a client
    /// contract), e.g. the sender of a mistaken plain transfer. Owner only; at most the surplus,
    /// so no account, pool, parked release or redemption is ever touched; never to a blocked
    /// investor.
    ReturnSurplus {
        /// A wallet of the investor credited (or a registered client contract).
        recipient: String,
        /// How much (> 0, at most the current surplus).
        amount: Uint128,
        /// The decision or ticket, 1-128 characters; recorded as the ledger reference
        /// `external:<reference>`.
        reference: String,
    },
    /// Pay out a parked release. Owner only.
    ResolveParked {
        /// Parked-release id.
        id: u64,
        /// Deliver to the original recipient or redirect.
        resolution: ParkedResolution,
    },
    /// Native mode: deposit the attached coin into a cash account (see
    /// [`CashHookMsg::Deposit`]; the sender is the depositor).
    Deposit {
        /// The account credited; the sender's own account when absent.
        account: Option<String>,
        /// Deposit-and-affirm: place this cash hold from the deposit and notify its notary.
        hold: Option<HoldRequest>,
    },
    /// Open an empty cash account for the sender (its investor's, or a client contract's own),
    /// so that it can be paid by book entry before its first deposit.
    OpenAccount {},
    /// Authorise `operator` (e.g. a custodian) to act for the account: deposit by `send_from`,
    /// place holds, book entries, withdrawals to the investor's wallets, off-ramp requests.
    /// The holds it places and the book entries it makes (to another account or to an action
    /// sub-account) consume `limit`; beyond it they are refused. Account owner only (a wallet
    /// of the investor, or the client contract); replaces any previous operator and limit.
    AuthorizeOperator {
        /// The account; the sender's own when absent.
        account: Option<String>,
        /// The operator's address.
        operator: String,
        /// Total amount the operator may still place on hold or move by book entry.
        limit: Uint128,
    },
    /// Remove the account's operator. Account owner only.
    RevokeOperator {
        /// The account; the sender's own when absent.
        account: Option<String>,
    },
    /// Place a cash hold on an account for a notary (hold-and-notify): stored, then the notary
    /// is called with `hold_placed` and may refuse, reverting the placement. By a wallet of the
    /// owner or its operator; the owner must not be blocked and the cash leg must be healthy.
    PlaceHold {
        /// The account held; the sender's own when absent.
        account: Option<String>,
        /// What to hold, for whom, until when.
        hold: HoldRequest,
    },
    /// Execute a cash hold to its payee's account by book entry. The hold's notary only, while
    /// `now < expires`, with a healthy cash leg and an owner that is not blocked.
    ExecuteHold {
        /// Hold id.
        id: u64,
        /// Amount to execute (> 0, at most the remainder; the whole remainder when absent, and
        /// required to be the whole remainder unless the hold is `partial`).
        amount: Option<Uint128>,
    },
    /// Release an open cash hold: by its notary at any time, by anyone once `now >= expires`.
    ReleaseHold {
        /// Hold id.
        id: u64,
    },
    /// Book entry: move available cash from an account to another existing account. By a
    /// wallet of the owner or its operator; refused while the owner is blocked.
    TransferCash {
        /// The account debited; the sender's own when absent.
        from: Option<String>,
        /// The account credited (must exist).
        to: String,
        /// Amount (> 0, at most what is available).
        amount: Uint128,
        /// The securities event or payment reference, 1-128 characters.
        reference: String,
    },
    /// Withdraw available cash to a wallet of the account's own investor (a client contract
    /// withdraws to itself). Needs only that the investor is not blocked: lapsed KYC, an
    /// unhealthy cash leg or a halt never trap cash.
    Withdraw {
        /// The account debited; the sender's own when absent.
        account: Option<String>,
        /// Amount (> 0, at most what is available).
        amount: Uint128,
        /// A wallet of the same investor; the sender when absent.
        recipient: Option<String>,
    },
    /// Off-ramp from an account: a book entry into the redemption queue. A rejection or
    /// cancellation credits the account back. Refused while the owner is blocked.
    RequestOffRamp {
        /// The account debited; the sender's own when absent.
        account: Option<String>,
        /// Amount (> 0, at most what is available).
        amount: Uint128,
        /// SHA-256 of the bank instructions (32 bytes).
        instructions_hash: HexBinary,
    },
    /// Move available cash out of any account (e.g. a blocked investor's) by legal order.
    /// `transfer_agent` role only.
    AgentTransfer {
        /// The account debited.
        from: String,
        /// The account credited (must exist).
        to: String,
        /// Amount (> 0, at most what is available in `from`).
        amount: Uint128,
        /// The legal order or decision, 1-128 characters.
        legal_reference: String,
    },
    /// Native mode: fund the action sub-account `(client, reference)` with the attached coin
    /// (see [`CashHookMsg::FundSubAccount`]; the sender is the depositor).
    FundSubAccount {
        /// The registered, active client contract owning the sub-account.
        client: String,
        /// The action reference, 1-64 characters (e.g. `action:7`).
        reference: String,
    },
    /// Fund the action sub-account `(client, reference)` by book entry from a cash account. By
    /// a wallet of the owner or its operator (consuming its limit); refused while the owner is
    /// blocked or the cash leg is unhealthy.
    TransferToSubAccount {
        /// The account debited; the sender's own when absent.
        from: Option<String>,
        /// The registered, active client contract owning the sub-account.
        client: String,
        /// The action reference, 1-64 characters.
        reference: String,
        /// Amount (> 0, at most what is available).
        amount: Uint128,
    },
    /// Pay out of the sender's own sub-account `(sender, reference)` by book entry to cash
    /// accounts, each payment paid or withheld. Owning client only; never gated by health or
    /// halt; all or nothing, at most the sub-account's balance in total.
    PayFromSubAccount {
        /// The action reference.
        reference: String,
        /// 1 to 8 payments.
        payments: Vec<SubAccountPayment>,
    },
    /// Reclaim everything left in the sender's own sub-account `(sender, reference)` to a cash
    /// account: afterwards `paid + withheld + reclaimed = funded`. Owning client only; never
    /// gated by health or halt.
    ReclaimSubAccount {
        /// The action reference.
        reference: String,
        /// The cash account credited (investor id or client address; created when absent).
        account: String,
    },
    /// Register a notary contract that cash holds may name. Owner only.
    RegisterNotary {
        /// The notary contract.
        address: String,
    },
    /// Stop new holds naming a notary; its open holds stay executable and releasable by it.
    /// Owner only.
    DeregisterNotary {
        /// The notary contract.
        address: String,
    },
    /// Two-step ownership transfer: propose (owner), accept (pending owner), renounce (owner).
    UpdateOwnership(OwnershipAction),
    /// Grant or revoke (owner) or renounce (holder) a role. Roles used: `attestor`,
    /// `off_ramp_operator`.
    UpdateRoles(RoleAction),
}

/// Adapter queries.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The configuration.
    #[returns(Config)]
    Config {},
    /// Health of the cash leg: healthy, or every reason it is not, with coverage and age.
    #[returns(CashLegStatus)]
    Status {},
    /// One client and its pool. (Named `client_info`, not `client`: generated TypeScript
    /// clients reserve the `client` member.)
    #[returns(ClientInfo)]
    ClientInfo {
        /// The client contract.
        address: String,
    },
    /// Clients in address order, one page.
    #[returns(ClientsResponse)]
    Clients {
        /// Last address of the previous page.
        start_after: Option<String>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// Pools, parked releases and queued redemptions against the asset balance actually held.
    #[returns(ReconciliationResponse)]
    Reconciliation {},
    /// One attestation.
    #[returns(Attestation)]
    Attestation {
        /// Attestation id.
        id: u64,
    },
    /// Attestations in id order, one page.
    #[returns(AttestationsResponse)]
    Attestations {
        /// Last id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// One ledger entry.
    #[returns(LedgerEntry)]
    LedgerEntry {
        /// Entry id.
        id: u64,
    },
    /// Ledger entries in id order, one page.
    #[returns(LedgerResponse)]
    Ledger {
        /// Last id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// Ledger entries of one securities event, in id order, one page.
    #[returns(LedgerResponse)]
    LedgerByReference {
        /// The securities event.
        reference: EventRef,
        /// Last id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// One parked release (open or resolved).
    #[returns(ParkedRelease)]
    ParkedRelease {
        /// Parked-release id.
        id: u64,
    },
    /// Open (unresolved) parked releases in id order, one page.
    #[returns(ParkedReleasesResponse)]
    ParkedReleases {
        /// Last id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// One redemption request.
    #[returns(RedemptionRequest)]
    Redemption {
        /// Request id.
        id: u64,
    },
    /// Redemption requests in id order, optionally of one status, one page.
    #[returns(RedemptionsResponse)]
    Redemptions {
        /// Only this status; all when absent.
        status: Option<RedemptionStatus>,
        /// Last id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// One cash account: balance, held, available, operator, blocked.
    #[returns(AccountResponse)]
    Account {
        /// Account key (investor id, or a client contract's address).
        key: String,
    },
    /// Cash holds of one account (open and final) in id order, one page.
    #[returns(HoldsResponse)]
    AccountHolds {
        /// Account key.
        key: String,
        /// Last id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// One cash hold.
    #[returns(Hold)]
    CashHold {
        /// Hold id.
        id: u64,
    },
    /// Registered notaries in address order, one page.
    #[returns(NotariesResponse)]
    Notaries {
        /// Last address of the previous page.
        start_after: Option<String>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// One action sub-account: funded, paid, withheld, reclaimed, balance.
    #[returns(SubAccountResponse)]
    SubAccount {
        /// The owning client contract.
        client: String,
        /// The action reference.
        reference: String,
    },
    /// A client's sub-accounts in reference order, one page.
    #[returns(SubAccountsResponse)]
    SubAccounts {
        /// The owning client contract.
        client: String,
        /// Last reference of the previous page.
        start_after: Option<String>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// Head of the audit trail (sequence number and rolling hash).
    #[returns(AuditResponse)]
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

/// Migrate the adapter (no parameters; state layout changes are handled by version).
#[cw_serde]
pub struct MigrateMsg {}

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

/// One page of clients.
#[cw_serde]
pub struct ClientsResponse {
    /// Clients in address order.
    pub clients: Vec<ClientInfo>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// What the adapter owes against what it holds.
#[cw_serde]
pub struct ReconciliationResponse {
    /// The asset.
    pub asset: AssetInfo,
    /// Sum of all client pools.
    pub pools_total: Uint128,
    /// Sum of open parked releases.
    pub parked_total: Uint128,
    /// Sum of pending redemption requests.
    pub redemptions_pending_total: Uint128,
    /// Sum of all cash account balances (held units included) and action sub-account
    /// balances: the book-entry cash (a payment out of a sub-account moves cash within it).
    pub accounts_total: Uint128,
    /// Sum of what open cash holds still hold (part of `accounts_total`).
    pub held_total: Uint128,
    /// `accounts_total + redemptions_pending_total + pools_total + parked_total`.
    pub liabilities: Uint128,
    /// The asset balance the adapter actually holds.
    pub held: Uint128,
    /// `held - liabilities` when positive (USD1 sent to the adapter outside its messages).
    pub surplus: Uint128,
    /// `liabilities - held` when positive; must always be zero.
    pub shortfall: Uint128,
}

/// One page of attestations.
#[cw_serde]
pub struct AttestationsResponse {
    /// Attestations in id order.
    pub attestations: Vec<Attestation>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// One page of ledger entries.
#[cw_serde]
pub struct LedgerResponse {
    /// Entries in id order.
    pub entries: Vec<LedgerEntry>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// One page of open parked releases.
#[cw_serde]
pub struct ParkedReleasesResponse {
    /// Parked releases in id order.
    pub parked: Vec<ParkedRelease>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// One page of redemption requests.
#[cw_serde]
pub struct RedemptionsResponse {
    /// Requests in id order.
    pub redemptions: Vec<RedemptionRequest>,
    /// Whether another page follows.
    pub has_more: bool,
}

// ---------------------------------------------------------------------------------------------
// Client callback
// ---------------------------------------------------------------------------------------------

/// A funding credited to the client's pool, delivered to the client.
#[cw_serde]
pub struct CashReceipt {
    /// The ledger id of the funding.
    pub funding_id: u64,
    /// Who paid (screened in the registry).
    pub payer: Addr,
    /// Amount credited to the client's pool, in the asset's smallest unit.
    pub amount: Uint128,
    /// The securities event the payer named.
    pub reference: EventRef,
}

/// The message the adapter sends to its clients, in the manner of cw20's `ReceiverExecuteMsg`.
///
/// A client adds the same variant to its own `ExecuteMsg`
/// (`CashReceived(sto_interface::cash::CashReceipt)`), checks that `info.sender` is the adapter
/// and returns an error to refuse the funding: the adapter calls it with a plain message, so the
/// whole transaction reverts and the payer keeps the USD1.
#[cw_serde]
pub enum CashClientMsg {
    /// USD1 was credited to the client's pool.
    CashReceived(CashReceipt),
}

impl CashReceipt {
    /// Serialize as the client's `cash_received` message.
    pub fn into_json_binary(self) -> StdResult<cosmwasm_std::Binary> {
        to_json_binary(&CashClientMsg::CashReceived(self))
    }

    /// The message calling `contract_addr` with this receipt (no funds attached).
    pub fn into_cosmos_msg(self, contract_addr: impl Into<String>) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Execute {
            contract_addr: contract_addr.into(),
            msg: self.into_json_binary()?,
            funds: vec![],
        }
        .into())
    }
}

// ---------------------------------------------------------------------------------------------
// Typed handle
// ---------------------------------------------------------------------------------------------

/// Typed handle on a deployed cash adapter.
#[cw_serde]
pub struct CashAdapter(pub Addr);

impl CashAdapter {
    /// The adapter's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// A message executing `msg` on the adapter without funds.
    pub fn call(&self, msg: &ExecuteMsg) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Execute {
            contract_addr: self.0.to_string(),
            msg: to_json_binary(msg)?,
            funds: vec![],
        }
        .into())
    }

    /// A client's release of `amount` from its own pool to `recipient`.
    pub fn release(
        &self,
        recipient: impl Into<String>,
        amount: Uint128,
        reference: EventRef,
        kind: ReleaseKind,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Release {
            recipient: recipient.into(),
            amount,
            reference,
            kind,
        })
    }

    /// The message a payer signs to fund `client` for `reference` with `amount`, for the
    /// adapter's `asset` (from [`Self::config`]): a CW20 `send` with the hook, or a native
    /// `fund` with the coin attached.
    pub fn funding_msg(
        &self,
        asset: &AssetInfo,
        client: impl Into<String>,
        amount: Uint128,
        reference: EventRef,
    ) -> StdResult<CosmosMsg> {
        self.deposit_msg(
            asset,
            amount,
            CashHookMsg::Fund {
                client: client.into(),
                reference,
            },
        )
    }

    /// The message a holder signs to deposit `amount` into the redemption queue.
    pub fn redemption_msg(
        &self,
        asset: &AssetInfo,
        amount: Uint128,
        instructions_hash: HexBinary,
    ) -> StdResult<CosmosMsg> {
        self.deposit_msg(
            asset,
            amount,
            CashHookMsg::RequestRedemption { instructions_hash },
        )
    }

    /// The message a depositor signs to credit `amount` to a cash account (the sender's own
    /// when `account` is `None`), optionally placing a hold from it (deposit-and-affirm): a
    /// CW20 `send` with the hook, or a native `deposit` with the coin attached.
    pub fn account_deposit_msg(
        &self,
        asset: &AssetInfo,
        amount: Uint128,
        account: Option<String>,
        hold: Option<HoldRequest>,
    ) -> StdResult<CosmosMsg> {
        self.deposit_msg(asset, amount, CashHookMsg::Deposit { account, hold })
    }

    /// The message funding the action sub-account `(client, reference)` with `amount`: a CW20
    /// `send` with the hook, or the native `fund_sub_account` with the coin attached.
    pub fn sub_account_funding_msg(
        &self,
        asset: &AssetInfo,
        amount: Uint128,
        client: impl Into<String>,
        reference: impl Into<String>,
    ) -> StdResult<CosmosMsg> {
        self.deposit_msg(
            asset,
            amount,
            CashHookMsg::FundSubAccount {
                client: client.into(),
                reference: reference.into(),
            },
        )
    }

    /// The message a client sends to pay out of its own sub-account `reference`.
    pub fn pay_from_sub_account(
        &self,
        reference: impl Into<String>,
        payments: Vec<SubAccountPayment>,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::PayFromSubAccount {
            reference: reference.into(),
            payments,
        })
    }

    /// The message a client sends to reclaim what is left in its sub-account `reference`.
    pub fn reclaim_sub_account(
        &self,
        reference: impl Into<String>,
        account: impl Into<String>,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::ReclaimSubAccount {
            reference: reference.into(),
            account: account.into(),
        })
    }

    /// Raw read of an action sub-account (see [`layout::query_sub_account`]).
    pub fn sub_account<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        client: &Addr,
        reference: &str,
    ) -> StdResult<Option<SubAccount>> {
        layout::query_sub_account(querier, &self.0, client, reference)
    }

    /// Raw read of a cash account (see [`layout::query_account`]).
    pub fn account<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        key: &str,
    ) -> StdResult<Option<CashAccount>> {
        layout::query_account(querier, &self.0, key)
    }

    fn deposit_msg(
        &self,
        asset: &AssetInfo,
        amount: Uint128,
        hook: CashHookMsg,
    ) -> StdResult<CosmosMsg> {
        Ok(match asset {
            AssetInfo::Cw20 { address } => WasmMsg::Execute {
                contract_addr: address.to_string(),
                msg: to_json_binary(&Cw20ExecuteMsg::Send {
                    contract: self.0.to_string(),
                    amount,
                    msg: to_json_binary(&hook)?,
                })?,
                funds: vec![],
            }
            .into(),
            AssetInfo::Native { denom } => {
                let msg = match hook {
                    CashHookMsg::Fund { client, reference } => {
                        ExecuteMsg::Fund { client, reference }
                    }
                    CashHookMsg::RequestRedemption { instructions_hash } => {
                        ExecuteMsg::RequestRedemption { instructions_hash }
                    }
                    CashHookMsg::Deposit { account, hold } => ExecuteMsg::Deposit { account, hold },
                    CashHookMsg::FundSubAccount { client, reference } => {
                        ExecuteMsg::FundSubAccount { client, reference }
                    }
                };
                WasmMsg::Execute {
                    contract_addr: self.0.to_string(),
                    msg: to_json_binary(&msg)?,
                    funds: coins(amount.u128(), denom),
                }
                .into()
            }
        })
    }

    /// The adapter's configuration (asset, registry, health parameters).
    pub fn config<C: CustomQuery>(&self, querier: &QuerierWrapper<C>) -> StdResult<Config> {
        querier.query_wasm_smart(self.0.clone(), &QueryMsg::Config {})
    }

    /// Health of the cash leg.
    pub fn status<C: CustomQuery>(&self, querier: &QuerierWrapper<C>) -> StdResult<CashLegStatus> {
        querier.query_wasm_smart(self.0.clone(), &QueryMsg::Status {})
    }

    /// A registered client with its pool.
    pub fn client_info<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        client: impl Into<String>,
    ) -> StdResult<ClientInfo> {
        querier.query_wasm_smart(
            self.0.clone(),
            &QueryMsg::ClientInfo {
                address: client.into(),
            },
        )
    }

    /// USD1 held in `client`'s pool.
    pub fn pool_balance<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        client: impl Into<String>,
    ) -> StdResult<Uint128> {
        Ok(self.client_info(querier, client)?.pool)
    }

    /// Ledger entries of one securities event, one page.
    pub fn ledger_by_reference<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        reference: EventRef,
        start_after: Option<u64>,
        limit: Option<u32>,
    ) -> StdResult<LedgerResponse> {
        querier.query_wasm_smart(
            self.0.clone(),
            &QueryMsg::LedgerByReference {
                reference,
                start_after,
                limit,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{from_json, Binary};

    #[test]
    fn cash_received_has_the_client_wire_shape() {
        let receipt = CashReceipt {
            funding_id: 3,
            payer: Addr::unchecked("payer"),
            amount: Uint128::new(5),
            reference: EventRef::Settlement { id: 9 },
        };
        let json = receipt.clone().into_json_binary().unwrap();
        assert_eq!(
            json,
            Binary::from(
                br#"{"cash_received":{"funding_id":3,"payer":"payer","amount":"5","reference":{"settlement":{"id":9}}}}"#
                    .as_slice()
            )
        );
        let back: CashClientMsg = from_json(&json).unwrap();
        assert_eq!(back, CashClientMsg::CashReceived(receipt));
    }

    #[test]
    fn funding_msg_matches_asset_mode() {
        let adapter = CashAdapter(Addr::unchecked("adapter"));
        let cw20 = AssetInfo::Cw20 {
            address: Addr::unchecked("usd1"),
        };
        let msg = adapter
            .funding_msg(
                &cw20,
                "escrow",
                Uint128::new(7),
                EventRef::Offering { id: 1 },
            )
            .unwrap();
        let CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr,
            msg,
            funds,
        }) = msg
        else {
            panic!("not a wasm execute: {msg:?}");
        };
        assert_eq!(contract_addr, "usd1");
        assert!(funds.is_empty());
        let Cw20ExecuteMsg::Send {
            contract,
            amount,
            msg,
        } = from_json(&msg).unwrap()
        else {
            panic!("not a send");
        };
        assert_eq!((contract.as_str(), amount.u128()), ("adapter", 7));
        assert_eq!(
            from_json::<CashHookMsg>(&msg).unwrap(),
            CashHookMsg::Fund {
                client: "escrow".into(),
                reference: EventRef::Offering { id: 1 }
            }
        );

        let native = AssetInfo::Native {
            denom: "uusd1".into(),
        };
        let msg = adapter
            .funding_msg(
                &native,
                "escrow",
                Uint128::new(7),
                EventRef::Offering { id: 1 },
            )
            .unwrap();
        let CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr,
            msg,
            funds,
        }) = msg
        else {
            panic!("not a wasm execute");
        };
        assert_eq!(contract_addr, "adapter");
        assert_eq!(funds, coins(7, "uusd1"));
        assert_eq!(
            from_json::<ExecuteMsg>(&msg).unwrap(),
            ExecuteMsg::Fund {
                client: "escrow".into(),
                reference: EventRef::Offering { id: 1 }
            }
        );
    }

    #[test]
    fn ledger_attributes_carry_every_field() {
        let entry = LedgerEntry {
            id: 4,
            movement: Movement::Parked {
                kind: ReleaseKind::Refund,
                parked_id: 2,
            },
            client: Some(Addr::unchecked("escrow")),
            reference: EventRef::Settlement { id: 1 },
            party: Addr::unchecked("bob"),
            amount: Uint128::new(10),
            height: 12,
            time: Timestamp::from_seconds(100),
        };
        let keys: Vec<_> = entry.attributes().into_iter().map(|a| a.key).collect();
        assert_eq!(
            keys,
            [
                "ledger_id",
                "movement",
                "client",
                "party",
                "amount",
                "reference",
                "kind",
                "parked_id",
                "height",
                "time"
            ]
        );
    }
}
