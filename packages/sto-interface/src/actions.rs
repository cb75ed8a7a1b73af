//! Corporate-actions distributor: coupons, dividends, redemptions and principal repayments paid
//! in USD1 to the holders of a security token as of a record height.
//!
//! * **Announce** ([`AgentMsg::Announce`], paying agent): token, [`ActionKind`], record height
//!   (the distributor opens a checkpoint on the token), an [`AmountBasis`] (per token unit or a
//!   total), payment time, claim deadline, withholding on or off, reclaim address.
//! * **Fund** the action's own adapter sub-account `(distributor, action-<id>)` (see
//!   [`sub_account_reference`]) at the adapter directly: a deposit with the `fund_sub_account`
//!   hook or a book entry `transfer_to_sub_account`. No USD1 passes through the distributor.
//! * **Claim** ([`ExecuteMsg::Claim`] by a holder, [`AgentMsg::PushClaims`] by the agent and
//!   [`ExecuteMsg::TransferAgentPushClaims`] by the token's transfer agent for a page of
//!   holders): the record balance read raw at its exact key, withholding by jurisdiction, paid
//!   by book entry into the holder's investor cash account with one `pay_from_sub_account`
//!   (two contract calls). Once per holder for cash actions; final redemptions burn and pay
//!   what the wallet holds, in as many claims as needed until the deadline (see
//!   [`ActionKind::FinalRedemption`]).
//! * **Redirect** ([`AgentMsg::RedirectClaim`]): after a wallet recovery, a holder's claim is
//!   paid to another wallet of the same investor.
//! * **Close** ([`AgentMsg::Close`]) after the deadline, or once the token retired the record
//!   height: what is left of the sub-account goes to the reclaim address's cash account. `paid + withheld + reclaimed = funded`, to the last
//!   unit, enforced by the adapter on the sub-account.

use std::fmt;

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{
    to_json_binary, Addr, CosmosMsg, CustomQuery, Decimal, Event, QuerierWrapper, StdError,
    StdResult, Timestamp, Uint128, WasmMsg,
};

use crate::cash::AssetInfoUnchecked;
use crate::common::{EventRef, Jurisdiction};
pub use crate::escrow::SurplusResponse;
use sto_access::{
    HasRoleResponse, Ownership, OwnershipAction, Role, RoleAction, RoleMembersResponse,
};

/// Longest time from an announcement to its claim deadline (five years, in seconds): funded
/// cash waits in the action at most this long before the paying agent may reclaim it.
pub const MAX_CLAIM_WINDOW: u64 = 5 * 365 * 86_400;

/// Most holders one [`AgentMsg::PushClaims`] (or [`ExecuteMsg::TransferAgentPushClaims`])
/// pays. A pushed claim makes no contract call of its own (raw reads of the token and the
/// registry); the page's payments go to the adapter in `pay_from_sub_account` messages of up to
/// [`crate::cash::MAX_SUB_ACCOUNT_PAYMENTS`] payments each (holders' investor accounts merged,
/// the tax withheld summed into one payment), i.e. `ceil((investors + 1) / 8)` adapter calls
/// for the page (7 for 50 holders), under 3,000,000 gas (see `BENCHMARKS.md`).
pub const MAX_PUSH_CLAIMS: usize = 50;
/// Most entries one [`ExecuteMsg::SetWithholdingRates`] changes.
pub const MAX_RATE_UPDATES: usize = 50;
/// Type of the event emitted once per claim (`wasm-corporate_action_claim` on chain).
pub const CLAIM_EVENT: &str = "corporate_action_claim";

// ---------------------------------------------------------------------------------------------
// Domain types
// ---------------------------------------------------------------------------------------------

/// What kind of corporate action is paid.
#[cw_serde]
#[derive(Copy, Eq, Hash)]
pub enum ActionKind {
    /// Interest on a debt security.
    Coupon,
    /// Profit distribution on an equity or fund unit.
    Dividend,
    /// Principal paid back on part of the face value (amortization / pool factor). Cash only:
    /// no token is burnt; a reduction of units, if any, is the transfer agent's redemption.
    PartialRedemption,
    /// Redemption at maturity: a claim burns tokens the wallet holds now and pays their
    /// principal. A claim settles first the holder's outstanding record quantity (record
    /// balance less what it already redeemed), as far as the wallet holds it;
    /// tokens the wallet holds beyond that (received after the record height) are redeemed too
    /// while the supply is not above the record supply. Claims may be repeated (top-ups) until
    /// the deadline as tokens come back. Every unit is burnt when paid, so none is paid twice,
    /// and the units paid never exceed the record supply.
    FinalRedemption,
    /// Principal repayment without a change of units (cash only).
    PrincipalRepayment,
}

impl ActionKind {
    /// Stable snake_case name used in events.
    pub const fn as_str(&self) -> &'static str {
        match self {
            ActionKind::Coupon => "coupon",
            ActionKind::Dividend => "dividend",
            ActionKind::PartialRedemption => "partial_redemption",
            ActionKind::FinalRedemption => "final_redemption",
            ActionKind::PrincipalRepayment => "principal_repayment",
        }
    }

    /// Whether a claim burns the tokens it pays for (and may be repeated).
    pub const fn burns_tokens(&self) -> bool {
        matches!(self, ActionKind::FinalRedemption)
    }
}

impl fmt::Display for ActionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much an action pays in total and per holder.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum AmountBasis {
    /// USD1 smallest units per token smallest unit. Required funding is
    /// `floor(rate × supply at record)`; a holder's gross is `floor(rate × record balance)`.
    PerUnit {
        /// The rate (> 0).
        rate: Decimal,
    },
    /// A total in USD1 smallest units shared pro rata. A holder's gross is
    /// `floor(amount × record balance / supply at record)`.
    Total {
        /// The total (> 0).
        amount: Uint128,
    },
}

impl AmountBasis {
    /// Stable snake_case name used in events.
    pub const fn as_str(&self) -> &'static str {
        match self {
            AmountBasis::PerUnit { .. } => "per_unit",
            AmountBasis::Total { .. } => "total",
        }
    }
}

/// The adapter sub-account reference of action `id`: `action-<id>` (the sub-account's key is
/// `(distributor address, reference)`).
pub fn sub_account_reference(id: u64) -> String {
    format!("action-{id}")
}

/// Life cycle of an action.
#[cw_serde]
#[derive(Copy, Eq, Hash)]
pub enum ActionStatus {
    /// Announced; its sub-account not yet seen funded by a claim. Cancellable while nothing is
    /// funded, or before the payment time.
    Announced,
    /// A claim found the sub-account funded to the required amount: claims are accepted from
    /// the payment time until the claim deadline.
    Funded,
    /// Cancelled while no claim was accepted and holders could not claim (before the payment
    /// time, or the sub-account short of the requirement); its funding reclaimed. Final.
    Cancelled,
    /// Closed after the deadline (or once the record height retired); what was left went to
    /// the reclaim address. Final.
    Closed,
}

impl ActionStatus {
    /// Stable snake_case name used in events.
    pub const fn as_str(&self) -> &'static str {
        match self {
            ActionStatus::Announced => "announced",
            ActionStatus::Funded => "funded",
            ActionStatus::Cancelled => "cancelled",
            ActionStatus::Closed => "closed",
        }
    }
}

impl fmt::Display for ActionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An announced corporate action with its running totals.
///
/// Its cash lives in the adapter sub-account `(distributor, action-<id>)`; the adapter keeps
/// `paid + withheld + reclaimed <= funded` on it at every moment and after `close` the sum
/// equals `funded` exactly.
#[cw_serde]
pub struct CorporateAction {
    /// Sequential id, from 1; its cash reference is `corporate_action:<id>`, its sub-account
    /// reference `action-<id>`.
    pub id: u64,
    /// The security token.
    pub token: Addr,
    /// Kind of action.
    pub kind: ActionKind,
    /// Rate per unit or total amount.
    pub basis: AmountBasis,
    /// Record height: balances as of the start of this block are entitled.
    pub record_height: u64,
    /// Claims are accepted from this time (inclusive).
    pub payment_time: Timestamp,
    /// Claims are accepted strictly before this time; the action can be closed from it.
    pub claim_deadline: Timestamp,
    /// Whether tax is withheld by the holder's jurisdiction.
    pub withholding: bool,
    /// Receives what is left at close: its investor's cash account when the registry knows it,
    /// else the cash account keyed by this address.
    pub reclaim_address: Addr,
    /// Current status.
    pub status: ActionStatus,
    /// The paying agent who announced it.
    pub announced_by: Addr,
    /// Block time of the announcement.
    pub announced_at: Timestamp,
    /// Total supply at the record height, fixed at the first claim (read raw at the token).
    pub record_supply: Option<Uint128>,
    /// USD1 required to be payable, fixed at the first claim.
    pub required: Option<Uint128>,
    /// The sub-account's funding as the distributor last read it (by claims until one found it
    /// covering the requirement, by a cancel or the close); the adapter's `sub_account` query
    /// is authoritative.
    pub funded: Uint128,
    /// Net USD1 paid to holders' cash accounts (an account of a blocked investor receives and
    /// cannot pay out until unblocked).
    pub paid: Uint128,
    /// USD1 paid to the withholding account's cash account.
    pub withheld: Uint128,
    /// USD1 returned to the reclaim address's cash account (close or cancel).
    pub reclaimed: Uint128,
    /// Token units paid for so far (record quantities settled plus, in a final redemption,
    /// units redeemed beyond them); never more than `record_supply`.
    pub claimed_units: Uint128,
    /// Tokens burnt by claims (final redemption).
    pub burnt: Uint128,
    /// Number of claims settled (a final redemption may settle one holder more than once).
    pub claims: u64,
}

impl CorporateAction {
    /// The cash and token reference of this action.
    pub fn reference(&self) -> EventRef {
        EventRef::CorporateAction { id: self.id }
    }

    /// The reference of this action's adapter sub-account (see [`sub_account_reference`]).
    pub fn sub_account_reference(&self) -> String {
        sub_account_reference(self.id)
    }

    /// USD1 of this action not yet paid, withheld or reclaimed by the distributor's count:
    /// `funded - paid - withheld - reclaimed` (saturating).
    pub fn remaining(&self) -> Uint128 {
        self.funded
            .saturating_sub(self.paid)
            .saturating_sub(self.withheld)
            .saturating_sub(self.reclaimed)
    }
}

/// The record of one holder's claims on one action (at most one record per pair). Amounts
/// are totals over the holder's claims; a cash action has exactly one claim per holder, a
/// final redemption may have several (top-ups).
#[cw_serde]
pub struct ClaimRecord {
    /// The action.
    pub action_id: u64,
    /// The holder of record (the entitlement's owner, also when paid to a redirect).
    pub holder: Addr,
    /// The holder's own balance at the record height.
    pub record_balance: Uint128,
    /// Record quantity settled so far (at most `record_balance`).
    pub units: Uint128,
    /// Units redeemed beyond the record quantity: tokens the wallet received after the record
    /// height (final redemption only).
    pub later_units: Uint128,
    /// Gross USD1 before withholding, in total.
    pub gross: Uint128,
    /// Withholding rate applied by the latest claim (zero when withholding is off).
    pub withholding_rate: Decimal,
    /// USD1 withheld in total (each claim `floor(gross × withholding_rate)`).
    pub withheld: Uint128,
    /// USD1 paid to the holder's cash account in total (`gross - withheld`). For a claim of the
    /// released version on a pool action, the net released (paid, or parked for a payee blocked
    /// then).
    pub net: Uint128,
    /// The payee's jurisdiction in the registry at the latest claim (`None` for an unknown
    /// wallet).
    pub jurisdiction: Option<Jurisdiction>,
    /// Tokens burnt in total (final redemption; zero otherwise).
    pub burnt: Uint128,
    /// The wallet paid (and burnt from) by the latest claim: the holder, or the wallet its
    /// claim was redirected to.
    pub paid_to: Addr,
    /// Number of claims settled for this holder.
    pub settlements: u32,
    /// The holder, its payee or the paying agent who made the latest claim.
    pub claimed_by: Addr,
    /// Block time of the latest claim.
    pub claimed_at: Timestamp,
    /// Block height of the latest claim.
    pub claimed_height: u64,
}

/// A holder's claim redirected to another wallet of the same investor (after a wallet
/// recovery). Claims for `holder` made after it are paid to `to`, and in a final redemption
/// burn the tokens `to` holds.
#[cw_serde]
pub struct ClaimRedirect {
    /// The action.
    pub action_id: u64,
    /// The holder of record (typically the lost wallet).
    pub holder: Addr,
    /// The wallet paid instead (same investor).
    pub to: Addr,
    /// The investor owning both wallets.
    pub investor_id: String,
    /// The legal basis (recovery ticket, court order), 1 to 128 characters.
    pub legal_reference: String,
    /// The paying agent who redirected.
    pub redirected_by: Addr,
    /// Block time of the redirect.
    pub redirected_at: Timestamp,
}

/// The distributor's configuration.
#[cw_serde]
pub struct Config {
    /// The cash adapter keeping the actions' sub-accounts. Fixed for the life of the contract.
    pub cash_adapter: Addr,
    /// The identity registry giving each holder's jurisdiction and block state (raw reads).
    pub registry: Addr,
    /// The DvP escrow: never paid (it holds units in transit for others), like the token's
    /// system accounts; `None`: none.
    pub escrow: Option<Addr>,
    /// Receives withheld tax.
    pub withholding_account: Addr,
    /// Rate for holders whose jurisdiction has no entry and for wallets unknown to the registry.
    pub default_withholding_rate: Decimal,
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

/// Instantiate the distributor.
#[cw_serde]
pub struct InstantiateMsg {
    /// Owner (configuration, withholding rates, roles); defaults to the sender.
    pub owner: Option<String>,
    /// The cash adapter (fixed).
    pub cash_adapter: String,
    /// The identity registry.
    pub registry: String,
    /// The DvP escrow, if any.
    pub escrow: Option<String>,
    /// The withholding account.
    pub withholding_account: String,
    /// Default withholding rate, at most 1.
    pub default_withholding_rate: Decimal,
    /// Addresses granted the `paying_agent` role at once.
    pub paying_agents: Vec<String>,
}

/// One withholding-rate change.
#[cw_serde]
pub struct WithholdingRateUpdate {
    /// The jurisdiction.
    pub jurisdiction: Jurisdiction,
    /// The new rate (at most 1); `None` removes the entry (the default rate applies again).
    pub rate: Option<Decimal>,
}

/// A change of the configured escrow.
#[cw_serde]
pub enum EscrowUpdate {
    /// Treat this escrow as never payable.
    Set {
        /// Bech32 address of the DvP escrow.
        address: String,
    },
    /// Configure no escrow.
    Remove {},
}

/// Distributor actions.
#[cw_serde]
pub enum ExecuteMsg {
    /// The sender claims its entitlement on an action: from the payment time, strictly before
    /// the claim deadline; once for a cash action, as often as it has tokens to redeem for a
    /// final redemption. Paid by book entry to the sender's investor cash account, or to that of
    /// the wallet its claim was redirected to.
    Claim {
        /// The action.
        action_id: u64,
    },
    /// The token's transfer agent (role `transfer_agent` on the action's token) claims for a
    /// page of holders, as the paying agent's [`AgentMsg::PushClaims`] does: each holder paid
    /// to its investor cash account, skipped holders reported.
    TransferAgentPushClaims {
        /// The action.
        action_id: u64,
        /// Holder wallets, 1 to `MAX_PUSH_CLAIMS` (50).
        holders: Vec<String>,
    },
    /// Paying-agent actions.
    Agent(AgentMsg),
    /// Return an asset the distributor holds itself (USD1, security tokens or coins sent by a
    /// plain transfer: its cash lives in the adapter's sub-accounts and it owes no asset
    /// directly) to `recipient`. Owner only; at most the surplus (`AboveSurplus`).
    /// Recorded (`return_surplus` event, [`QueryMsg::Surplus`]).
    ReturnSurplus {
        /// The asset: a CW20 contract (USD1, a security token) or a bank denom.
        asset: AssetInfoUnchecked,
        /// Who receives it, e.g. the sender of the mistaken transfer.
        recipient: String,
        /// How much (> 0, at most the surplus).
        amount: Uint128,
        /// The decision or ticket, 1 to 128 characters.
        reference: String,
    },
    /// Reclaim what the distributor's adapter sub-account `reference` holds when no action
    /// funded in its sub-account uses that reference (a deposit under a mistyped reference, or
    /// under `action-<id>` of an action that does not exist), to
    /// `recipient`'s cash account (its investor id when registered, else its address). Owner
    /// only. Refused for the sub-account of an action funded there (its `close` reclaims it)
    /// and for an empty sub-account.
    ReclaimOrphanSubAccount {
        /// The sub-account's reference at the adapter.
        reference: String,
        /// Who receives the balance, e.g. the depositor of the mistaken deposit.
        recipient: String,
        /// The decision or ticket, 1 to 128 characters.
        ticket: String,
    },
    /// Set or remove per-jurisdiction withholding rates (at most 50 entries). Owner only.
    SetWithholdingRates {
        /// The changes, applied in order.
        rates: Vec<WithholdingRateUpdate>,
    },
    /// Change configuration (the fields given). Owner only. The cash adapter never changes.
    UpdateConfig {
        /// New identity registry.
        registry: Option<String>,
        /// New or no escrow.
        escrow: Option<EscrowUpdate>,
        /// New withholding account.
        withholding_account: Option<String>,
        /// New default withholding rate (at most 1).
        default_withholding_rate: Option<Decimal>,
    },
    /// Two-step ownership transfer: propose (owner), accept (pending owner), renounce (owner).
    UpdateOwnership(OwnershipAction),
    /// Grant or revoke (owner) or renounce (holder) a role. Roles used: `paying_agent`.
    UpdateRoles(RoleAction),
}

/// Actions of the `paying_agent` role.
#[cw_serde]
pub enum AgentMsg {
    /// Announce an action and open the record checkpoint on the token. The action's cash lives
    /// in its own adapter sub-account (reference `action-<id>`, see [`sub_account_reference`]),
    /// which the paying agent funds at the adapter directly; each claim is one
    /// `pay_from_sub_account` to the holder's investor cash account (paid) and the withholding
    /// account (withheld), and the close reclaims the sub-account. Claims are accepted once the
    /// sub-account's funding (read raw) covers the required amount. The sender must also hold
    /// the token's own `paying_agent` role (granted by the token's owner for this token); the
    /// distributor must hold the token's `checkpoint_opener` role, and `redeemer` for a final
    /// redemption.
    Announce {
        /// The security token.
        token: String,
        /// Kind of action.
        kind: ActionKind,
        /// Record height, strictly greater than the current height.
        record_height: u64,
        /// Rate per unit or total amount (> 0); `rate × current supply` must fit 128 bits.
        basis: AmountBasis,
        /// Claims open at this time; strictly after the block time.
        payment_time: Timestamp,
        /// Claims close at this time; strictly after `payment_time`, at most five years after
        /// the announcement.
        claim_deadline: Timestamp,
        /// Withhold tax by jurisdiction.
        withholding: bool,
        /// Receives what is left at close: its investor's cash account when the registry
        /// knows it, else the cash account keyed by this address.
        reclaim_address: String,
    },
    /// Cancel an announced action (no claim accepted yet); what its sub-account holds is
    /// reclaimed at once. Refused (`CancelAfterFunding`) only when holders can claim: from the
    /// payment time, with the record height reached and the sub-account holding the required
    /// amount. The sender must hold the token's `paying_agent` role.
    Cancel {
        /// The action.
        action_id: u64,
    },
    /// Claim on behalf of holders (e.g. custodians' segregated client wallets); each is paid to
    /// its investor's cash account, or its redirect's. The sender must hold the token's
    /// `paying_agent` role. Holders already claimed, holders without a record quantity, system
    /// accounts, wallets without an investor and (final redemption) holders with nothing to
    /// redeem now, only units that cannot be redeemed while the supply is above the record
    /// supply, or a frozen wallet are skipped and reported (`skipped` attributes); any other
    /// refusal reverts the whole page.
    PushClaims {
        /// The action.
        action_id: u64,
        /// Holder wallets, 1 to `MAX_PUSH_CLAIMS` (50).
        holders: Vec<String>,
    },
    /// At or after the claim deadline (or once the token retired the record height): reclaim
    /// what is left of the action's sub-account (unclaimed and rounding dust) to its reclaim
    /// address's cash account and close it; a closed or cancelled action funded again later is
    /// closed again the same way. Any paying agent of the distributor
    /// may close (the remainder goes only to the reclaim address fixed at announce), so a
    /// change of the token's roles never traps the remainder.
    Close {
        /// The action.
        action_id: u64,
    },
    /// Redirect `holder`'s claim on an open action, until its deadline, to another wallet of
    /// the same investor (after the transfer agent recovered a lost wallet). The sender must
    /// hold the token's `paying_agent` role. Both wallets must belong to the same investor: `to`
    /// by its registry record, `holder` by its registry record or, once removed from the
    /// registry, by the investor the token booked it to. Claims for `holder` made afterwards
    /// (its own or pushed) are paid to `to`'s investor cash account, withheld by `to`'s registry
    /// record, and
    /// in a final redemption burn `to`'s tokens (record quantity only). A later redirect
    /// replaces an earlier one; naming the holder itself as `to` removes the redirect in force.
    /// The legal reference is emitted in the event and kept with the redirect.
    RedirectClaim {
        /// The action.
        action_id: u64,
        /// The holder of record whose claim is redirected.
        holder: String,
        /// The wallet paid instead (the holder itself removes the redirect).
        to: String,
        /// The legal basis, 1 to 128 characters.
        legal_reference: String,
    },
}

/// Distributor queries.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The configuration.
    #[returns(Config)]
    Config {},
    /// What the distributor holds of an asset, what it owes of it (nothing: its cash lives in
    /// the adapter), the surplus and what the owner returned so far.
    #[returns(SurplusResponse)]
    Surplus {
        /// The asset: a CW20 contract or a bank denom.
        asset: AssetInfoUnchecked,
    },
    /// One action.
    #[returns(CorporateAction)]
    Action {
        /// Action id.
        id: u64,
    },
    /// Actions in id order, one page.
    #[returns(ActionsResponse)]
    Actions {
        /// Last id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// Actions of one token in id order, one page.
    #[returns(ActionsResponse)]
    ActionsByToken {
        /// The security token.
        token: String,
        /// Last id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// What `holder` is entitled to on an action and what a claim now would settle (zero when
    /// nothing is left to claim, and for a closed or cancelled action). Fails before the record
    /// height is reached and for a system account.
    #[returns(EntitlementResponse)]
    Entitlement {
        /// Action id.
        action_id: u64,
        /// Holder wallet.
        holder: String,
    },
    /// Whether `holder` claimed, its claim record and its redirect.
    #[returns(ClaimStatusResponse)]
    ClaimStatus {
        /// Action id.
        action_id: u64,
        /// Holder wallet.
        holder: String,
    },
    /// Claims of an action in holder-address order, one page.
    #[returns(ClaimsResponse)]
    Claims {
        /// Action id.
        action_id: u64,
        /// Last holder of the previous page.
        start_after: Option<String>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
    /// The withholding rate applied to a jurisdiction (its entry or the default).
    #[returns(WithholdingRateResponse)]
    WithholdingRate {
        /// The jurisdiction.
        jurisdiction: Jurisdiction,
    },
    /// Per-jurisdiction withholding entries in code order, one page.
    #[returns(WithholdingRatesResponse)]
    WithholdingRates {
        /// Last jurisdiction of the previous page.
        start_after: Option<Jurisdiction>,
        /// Page size (default 30, max 100).
        limit: Option<u32>,
    },
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

/// Migrate the distributor (no parameters; state layout changes are handled by version).
#[cw_serde]
pub struct MigrateMsg {}

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

/// One page of actions.
#[cw_serde]
pub struct ActionsResponse {
    /// Actions in id order.
    pub actions: Vec<CorporateAction>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// Answer of `entitlement`.
#[cw_serde]
pub struct EntitlementResponse {
    /// The action.
    pub action_id: u64,
    /// The holder.
    pub holder: Addr,
    /// The holder's own balance at the record height.
    pub record_balance: Uint128,
    /// Record quantity not settled yet (`record_balance` less what was settled).
    pub outstanding: Uint128,
    /// Record units a claim now would settle (a final redemption: as far as the paid wallet
    /// holds them).
    pub units: Uint128,
    /// Units beyond the record quantity a claim now would redeem (final redemption only).
    pub later_units: Uint128,
    /// The wallet a claim now would pay (the holder, or the redirect's wallet).
    pub paid_to: Addr,
    /// Gross USD1 a claim now would pay.
    pub gross: Uint128,
    /// Withholding rate that a claim now would apply.
    pub withholding_rate: Decimal,
    /// USD1 that a claim now would withhold.
    pub withheld: Uint128,
    /// USD1 that a claim now would pay the holder.
    pub net: Uint128,
    /// The holder's jurisdiction in the registry now, if known.
    pub jurisdiction: Option<Jurisdiction>,
    /// True when the paid wallet is blocked now (its cash account receives the claim and pays
    /// nothing out until unblocked).
    pub blocked: bool,
    /// The claims already made, if any (its amounts are what was actually paid).
    pub claim: Option<ClaimRecord>,
    /// The redirect of the holder's claim, if any.
    pub redirect: Option<ClaimRedirect>,
}

/// Answer of `claim_status`.
#[cw_serde]
pub struct ClaimStatusResponse {
    /// The action.
    pub action_id: u64,
    /// The holder.
    pub holder: Addr,
    /// True once a claim of the holder was settled.
    pub claimed: bool,
    /// The claim record, once made.
    pub claim: Option<ClaimRecord>,
    /// The redirect of the holder's claim, if any.
    pub redirect: Option<ClaimRedirect>,
}

/// One page of claims.
#[cw_serde]
pub struct ClaimsResponse {
    /// Claims in holder-address order.
    pub claims: Vec<ClaimRecord>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// Answer of `withholding_rate`.
#[cw_serde]
pub struct WithholdingRateResponse {
    /// The jurisdiction.
    pub jurisdiction: Jurisdiction,
    /// The rate applied.
    pub rate: Decimal,
    /// True when the default rate applies (no entry).
    pub is_default: bool,
}

/// A per-jurisdiction withholding entry.
#[cw_serde]
pub struct WithholdingRateEntry {
    /// The jurisdiction.
    pub jurisdiction: Jurisdiction,
    /// Its rate.
    pub rate: Decimal,
}

/// One page of withholding entries.
#[cw_serde]
pub struct WithholdingRatesResponse {
    /// Entries in jurisdiction order.
    pub rates: Vec<WithholdingRateEntry>,
    /// The default rate.
    pub default_rate: Decimal,
    /// Whether another page follows.
    pub has_more: bool,
}

// ---------------------------------------------------------------------------------------------
// Typed event
// ---------------------------------------------------------------------------------------------

/// The event emitted once per settled claim (type [`CLAIM_EVENT`]): attributes `action_id`,
/// `token`, `holder`, `paid_to`, `claimed_by`, `record_balance`, `units`, `later_units`,
/// `gross`, `withholding_rate`, `withheld`, `net`, `jurisdiction` (empty when unknown),
/// `cash_account`, `blocked`, `burnt`, `redirect_reference` (empty unless redirected),
/// `claimed_height`, `claimed_at`. Amounts are those of this claim (not the holder's totals).
#[cw_serde]
pub struct ClaimEvent {
    /// The action.
    pub action_id: u64,
    /// The security token.
    pub token: Addr,
    /// The holder of record.
    pub holder: Addr,
    /// The wallet paid (and burnt from): the holder or its redirect.
    pub paid_to: Addr,
    /// Who made the claim.
    pub claimed_by: Addr,
    /// The holder's own balance at the record height.
    pub record_balance: Uint128,
    /// Record units settled by this claim.
    pub units: Uint128,
    /// Units beyond the record quantity redeemed by this claim.
    pub later_units: Uint128,
    /// Gross USD1 of this claim.
    pub gross: Uint128,
    /// Withholding rate applied.
    pub withholding_rate: Decimal,
    /// USD1 withheld.
    pub withheld: Uint128,
    /// USD1 paid to the payee's cash account.
    pub net: Uint128,
    /// The payee's jurisdiction, if known.
    pub jurisdiction: Option<Jurisdiction>,
    /// The adapter cash account credited with the net (the payee's investor id).
    pub cash_account: String,
    /// Whether the payee was blocked at claim time (its account receives and pays nothing out
    /// until unblocked).
    pub blocked: bool,
    /// Tokens burnt by this claim.
    pub burnt: Uint128,
    /// The legal reference of the redirect, when paid to a redirect.
    pub redirect_reference: Option<String>,
    /// Block height of the claim.
    pub claimed_height: u64,
    /// Block time of the claim.
    pub claimed_at: Timestamp,
}

impl From<ClaimEvent> for Event {
    fn from(e: ClaimEvent) -> Self {
        Event::new(CLAIM_EVENT).add_attributes([
            ("action_id", e.action_id.to_string()),
            ("token", e.token.to_string()),
            ("holder", e.holder.to_string()),
            ("paid_to", e.paid_to.to_string()),
            ("claimed_by", e.claimed_by.to_string()),
            ("record_balance", e.record_balance.to_string()),
            ("units", e.units.to_string()),
            ("later_units", e.later_units.to_string()),
            ("gross", e.gross.to_string()),
            ("withholding_rate", e.withholding_rate.to_string()),
            ("withheld", e.withheld.to_string()),
            ("net", e.net.to_string()),
            (
                "jurisdiction",
                e.jurisdiction
                    .as_ref()
                    .map(|j| j.to_string())
                    .unwrap_or_default(),
            ),
            ("cash_account", e.cash_account),
            ("blocked", e.blocked.to_string()),
            ("burnt", e.burnt.to_string()),
            (
                "redirect_reference",
                e.redirect_reference.unwrap_or_default(),
            ),
            ("claimed_height", e.claimed_height.to_string()),
            ("claimed_at", e.claimed_at.seconds().to_string()),
        ])
    }
}

/// The parts of a claim event an indexer reads back (amounts and parties).
#[cw_serde]
pub struct ParsedClaimEvent {
    /// The action.
    pub action_id: u64,
    /// The holder of record.
    pub holder: String,
    /// The wallet paid.
    pub paid_to: String,
    /// Record units settled.
    pub units: Uint128,
    /// Units beyond the record quantity redeemed.
    pub later_units: Uint128,
    /// Gross USD1.
    pub gross: Uint128,
    /// USD1 withheld.
    pub withheld: Uint128,
    /// USD1 to the payee.
    pub net: Uint128,
    /// The cash account credited.
    pub cash_account: String,
    /// Whether the payee was blocked at claim time.
    pub blocked: bool,
    /// Tokens burnt.
    pub burnt: Uint128,
}

impl TryFrom<&Event> for ParsedClaimEvent {
    type Error = StdError;

    /// Parse a claim event; the type may carry the chain's `wasm-` prefix.
    fn try_from(event: &Event) -> StdResult<Self> {
        let ty = event.ty.strip_prefix("wasm-").unwrap_or(&event.ty);
        if ty != CLAIM_EVENT {
            return Err(StdError::generic_err(format!(
                "event `{}` is not a `{CLAIM_EVENT}` event",
                event.ty
            )));
        }
        let get = |key: &str| -> StdResult<&str> {
            event
                .attributes
                .iter()
                .find(|a| a.key == key)
                .map(|a| a.value.as_str())
                .ok_or_else(|| StdError::generic_err(format!("claim event lacks `{key}`")))
        };
        let amount = |key: &str| -> StdResult<Uint128> {
            get(key)?
                .parse::<u128>()
                .map(Uint128::new)
                .map_err(|e| StdError::generic_err(format!("claim event `{key}`: {e}")))
        };
        Ok(ParsedClaimEvent {
            action_id: get("action_id")?
                .parse()
                .map_err(|e| StdError::generic_err(format!("claim event `action_id`: {e}")))?,
            holder: get("holder")?.to_string(),
            paid_to: get("paid_to")?.to_string(),
            units: amount("units")?,
            later_units: amount("later_units")?,
            gross: amount("gross")?,
            withheld: amount("withheld")?,
            net: amount("net")?,
            cash_account: get("cash_account")?.to_string(),
            blocked: get("blocked")? == "true",
            burnt: amount("burnt")?,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Typed handle
// ---------------------------------------------------------------------------------------------

/// Typed handle on a deployed corporate-actions distributor.
#[cw_serde]
pub struct CorporateActions(pub Addr);

impl CorporateActions {
    /// The distributor's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// The adapter sub-account reference a paying agent funds for action `id`.
    pub fn funding_reference(id: u64) -> String {
        sub_account_reference(id)
    }

    /// A message executing `msg` on the distributor.
    pub fn call(&self, msg: &ExecuteMsg) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Execute {
            contract_addr: self.0.to_string(),
            msg: to_json_binary(msg)?,
            funds: vec![],
        }
        .into())
    }

    /// The sender's claim on action `action_id`.
    pub fn claim_msg(&self, action_id: u64) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Claim { action_id })
    }

    /// One action.
    pub fn action<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        id: u64,
    ) -> StdResult<CorporateAction> {
        querier.query_wasm_smart(self.0.clone(), &QueryMsg::Action { id })
    }

    /// A holder's entitlement on an action.
    pub fn entitlement<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        action_id: u64,
        holder: impl Into<String>,
    ) -> StdResult<EntitlementResponse> {
        querier.query_wasm_smart(
            self.0.clone(),
            &QueryMsg::Entitlement {
                action_id,
                holder: holder.into(),
            },
        )
    }

    /// Whether a holder claimed an action.
    pub fn claim_status<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        action_id: u64,
        holder: impl Into<String>,
    ) -> StdResult<ClaimStatusResponse> {
        querier.query_wasm_smart(
            self.0.clone(),
            &QueryMsg::ClaimStatus {
                action_id,
                holder: holder.into(),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_event_round_trips() {
        let event: Event = ClaimEvent {
            action_id: 3,
            token: Addr::unchecked("t"),
            holder: Addr::unchecked("h"),
            paid_to: Addr::unchecked("h2"),
            claimed_by: Addr::unchecked("h"),
            record_balance: Uint128::new(10),
            units: Uint128::new(10),
            later_units: Uint128::new(2),
            gross: Uint128::new(100),
            withholding_rate: Decimal::percent(15),
            withheld: Uint128::new(15),
            net: Uint128::new(85),
            jurisdiction: Some(Jurisdiction::parse("DE").unwrap()),
            cash_account: "INV-1".into(),
            blocked: true,
            burnt: Uint128::new(12),
            redirect_reference: Some("REC-1".into()),
            claimed_height: 7,
            claimed_at: Timestamp::from_seconds(5),
        }
        .into();
        assert_eq!(event.ty, CLAIM_EVENT);
        let mut wasm = event.clone();
        wasm.ty = format!("wasm-{CLAIM_EVENT}");
        let parsed = ParsedClaimEvent::try_from(&wasm).unwrap();
        assert_eq!(
            parsed,
            ParsedClaimEvent {
                action_id: 3,
                holder: "h".into(),
                paid_to: "h2".into(),
                units: Uint128::new(10),
                later_units: Uint128::new(2),
                gross: Uint128::new(100),
                withheld: Uint128::new(15),
                net: Uint128::new(85),
                cash_account: "INV-1".into(),
                blocked: true,
                burnt: Uint128::new(12),
            }
        );
        assert!(ParsedClaimEvent::try_from(&Event::new("other")).is_err());
    }

    #[test]
    fn remaining_is_funded_minus_outflows() {
        let action = CorporateAction {
            id: 1,
            token: Addr::unchecked("t"),
            kind: ActionKind::Coupon,
            basis: AmountBasis::Total {
                amount: Uint128::new(100),
            },
            record_height: 10,
            payment_time: Timestamp::from_seconds(1),
            claim_deadline: Timestamp::from_seconds(2),
            withholding: false,
            reclaim_address: Addr::unchecked("i"),
            status: ActionStatus::Funded,
            announced_by: Addr::unchecked("a"),
            announced_at: Timestamp::from_seconds(0),
            record_supply: Some(Uint128::new(10)),
            required: Some(Uint128::new(100)),
            funded: Uint128::new(100),
            paid: Uint128::new(50),
            withheld: Uint128::new(5),
            reclaimed: Uint128::zero(),
            claimed_units: Uint128::new(7),
            burnt: Uint128::zero(),
            claims: 2,
        };
        assert_eq!(action.remaining(), Uint128::new(45));
        assert_eq!(action.reference().to_string(), "corporate_action:1");
        assert_eq!(action.sub_account_reference(), "action-1");
    }
}
