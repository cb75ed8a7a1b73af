//! THE compliance check. Every balance movement (transfer, send, the `_from` forms, mint and
//! issuance, forced transfer, recovery, redemption) and the `can_transfer` queries call
//! [`assess`]; execution then calls [`Assessment::execute`], which refuses with the first
//! failing rule or applies the plan built by the very same pass. Query and execution therefore
//! cannot disagree.
//!
//! The registry is read with raw storage reads only ([`IdentityRegistry::eligibility`]).

use cosmwasm_std::{Addr, Deps, Env, Storage, Uint128};
use cw20::AllowanceResponse;
use sto_interface::hold::HoldStatus;
use sto_interface::registry::{IdentityRegistry, Ineligibility, WalletRecord};
use sto_interface::token::{CanTransferResponse, ReasonCode};

use crate::error::ContractError;
use crate::state::{
    Account, Config, InvestorBook, ACCOUNTS, ALLOWANCES, ALLOWANCES_SPENDER, BALANCES,
    HOLDERS_BY_JURISDICTION, HOLDER_COUNT, HOLDS, INVESTOR_BOOKS, RECORD_BALANCES, RECORD_SUPPLY,
    TOTAL_SUPPLY,
};

/// What kind of movement is checked; decides which rules apply (see the README table).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A holder's transfer or send.
    Transfer,
    /// A spender's `transfer_from` / `send_from`, consuming an allowance.
    TransferFrom {
        /// The spender.
        spender: Addr,
    },
    /// Mint / issuance.
    Mint,
    /// Transfer agent's forced transfer.
    Forced,
    /// Transfer agent's recovery of a lost wallet.
    Recovery,
    /// Redemption (burn) by the transfer agent or a redeemer.
    Redeem,
    /// A notary's execution of an open hold to its payee: a holder movement whose
    /// availability ignores this hold (the owner's other holds still count).
    HoldExecution {
        /// The hold executed.
        hold_id: u64,
        /// Its remainder before this execution.
        remaining: Uint128,
        /// Whether this execution brings the remainder to zero.
        closes: bool,
    },
}

/// Part of an open hold cut by an agent movement (forced transfer, redemption, burn).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoldCut {
    /// The hold.
    pub id: u64,
    /// Units cut.
    pub amount: Uint128,
    /// Remainder left open.
    pub remaining: Uint128,
    /// The hold's reference.
    pub reference: String,
}

impl Kind {
    fn holder_initiated(&self) -> bool {
        matches!(
            self,
            Kind::Transfer | Kind::TransferFrom { .. } | Kind::HoldExecution { .. }
        )
    }
    fn pausable(&self) -> bool {
        self.holder_initiated() || *self == Kind::Mint
    }
    fn checks_sender_freeze(&self) -> bool {
        self.holder_initiated() || *self == Kind::Redeem
    }
    fn checks_locks(&self) -> bool {
        self.holder_initiated()
    }
    /// Agent movements out of a wallet that stays with its holder: locked units that leave
    /// shrink the locks (recovery moves the locks with the balance instead).
    fn takes_locked_units(&self) -> bool {
        matches!(self, Kind::Forced | Kind::Redeem)
    }
    fn checks_sender_registry(&self) -> bool {
        self.holder_initiated()
    }
    fn checks_recipient_freeze(&self) -> bool {
        self.holder_initiated() || matches!(self, Kind::Mint | Kind::Forced)
    }
    fn checks_acquisition(&self) -> bool {
        self.holder_initiated() || matches!(self, Kind::Mint | Kind::Forced)
    }
}

/// A movement to check: `from` absent for a mint, `to` absent for a redemption.
#[derive(Clone, Debug)]
pub struct Movement {
    /// Kind of movement.
    pub kind: Kind,
    /// Wallet debited.
    pub from: Option<Addr>,
    /// Wallet credited.
    pub to: Option<Addr>,
    /// Amount.
    pub amount: Uint128,
}

/// One side of a movement as loaded by the check.
#[derive(Clone, Debug)]
struct Side {
    addr: Addr,
    balance: Uint128,
    account: Account,
    /// Registry record, when read and eligible.
    record: Option<WalletRecord>,
    /// Investor book of the booked investor, when the wallet is booked.
    book: Option<(String, Option<InvestorBook>)>,
}

/// The result of the check: every failing rule, and the plan to apply when there is none.
#[derive(Clone, Debug)]
pub struct Assessment {
    /// Failing rules, sorted by code, without duplicates.
    pub refusals: Vec<ReasonCode>,
    movement: Movement,
    from: Option<Side>,
    to: Option<Side>,
    /// Total supply before a mint or redemption.
    supply: Option<Uint128>,
    /// Allowance after deduction, for `transfer_from`.
    allowance: Option<AllowanceResponse>,
    /// Live record heights whose record balances this movement must preserve.
    records: Vec<u64>,
}

/// Check `mv` against every applicable rule at `env`'s block.
pub fn assess(
    deps: Deps,
    env: &Env,
    config: &Config,
    mv: Movement,
) -> Result<Assessment, ContractError> {
    let now = env.block.time;
    let amount = mv.amount;
    let registry = IdentityRegistry(config.registry.clone());
    let mut refusals: Vec<ReasonCode> = Vec::new();

    if amount.is_zero() {
        refusals.push(ReasonCode::ZeroAmount);
    }
    // A holder moving units to its own wallet changes nothing (as in cw20-base): the sender's
    // rules apply, the recipient's acquisition rules do not. Agents never move to the same wallet.
    let self_movement = mv.from.is_some() && mv.from == mv.to;
    if self_movement && !mv.kind.holder_initiated() {
        refusals.push(ReasonCode::SelfTransfer);
    }
    if config.paused && mv.kind.pausable() {
        refusals.push(ReasonCode::Paused);
    }

    // Sender side.
    let from = match &mv.from {
        None => None,
        Some(addr) => {
            let account = ACCOUNTS.may_load(deps.storage, addr)?.unwrap_or_default();
            let balance = BALANCES.may_load(deps.storage, addr)?.unwrap_or_default();
            if mv.kind.checks_sender_freeze() && account.frozen {
                refusals.push(ReasonCode::SenderFrozen);
            }
            if amount > balance {
                refusals.push(ReasonCode::InsufficientBalance);
            }
            if mv.kind.checks_sender_freeze()
                && !account.frozen_amount.is_zero()
                && amount > balance.saturating_sub(account.frozen_amount)
            {
                refusals.push(ReasonCode::AmountFrozen);
            }
            if mv.kind.checks_locks() {
                let locked = account.locked(now, balance);
                let unlocked = balance
                    .saturating_sub(account.frozen_amount)
                    .saturating_sub(locked);
                if !locked.is_zero() && amount > unlocked {
                    refusals.push(ReasonCode::HoldingPeriodLocked);
                }
                // Held units are not available; a hold's own execution spends its units.
                let held = match &mv.kind {
                    Kind::HoldExecution { remaining, .. } => {
                        account.held.saturating_sub(*remaining)
                    }
                    _ => account.held,
                };
                if !held.is_zero() && amount > unlocked.saturating_sub(held) {
                    refusals.push(ReasonCode::AmountHeld);
                }
            }
            let mut record = None;
            if mv.kind.checks_sender_registry() && !account.system {
                match registry.eligibility(&deps.querier, addr, now)? {
                    Ok(r) => {
                        // Tokens booked to another investor never move on the new investor's
                        // say: the transfer agent moves them (recovery or forced transfer).
                        if matches!(&account.investor_id, Some(prev) if *prev != r.investor_id)
                            && !balance.is_zero()
                        {
                            refusals.push(ReasonCode::SenderReassigned);
                        }
                        record = Some(r);
                    }
                    Err(why) => refusals.push(sender_reason(why)),
                }
            }
            let book = match &account.investor_id {
                Some(id) if !account.system => {
                    Some((id.clone(), INVESTOR_BOOKS.may_load(deps.storage, id)?))
                }
                _ => None,
            };
            Some(Side {
                addr: addr.clone(),
                balance,
                account,
                record,
                book,
            })
        }
    };

    // Recipient side.
    let to = match &mv.to {
        None => None,
        Some(addr) => {
            let account = ACCOUNTS.may_load(deps.storage, addr)?.unwrap_or_default();
            let balance = BALANCES.may_load(deps.storage, addr)?.unwrap_or_default();
            if mv.kind.checks_recipient_freeze() && account.frozen && !self_movement {
                refusals.push(ReasonCode::RecipientFrozen);
            }
            let mut record = None;
            let mut book = None;
            if !account.system {
                match registry.eligibility(&deps.querier, addr, now)? {
                    Err(why) => refusals.push(recipient_reason(why)),
                    Ok(r) => {
                        if matches!(&account.investor_id, Some(prev) if *prev != r.investor_id)
                            && !balance.is_zero()
                        {
                            refusals.push(ReasonCode::RecipientReassigned);
                        }
                        if mv.kind.checks_acquisition() && !self_movement {
                            acquisition_rules(config, &r, &mut refusals);
                        }
                        book = Some((
                            r.investor_id.clone(),
                            INVESTOR_BOOKS.may_load(deps.storage, &r.investor_id)?,
                        ));
                        record = Some(r);
                    }
                }
            }
            Some(Side {
                addr: addr.clone(),
                balance,
                account,
                record,
                book,
            })
        }
    };

    // Investor-level rules: holder caps and maximum balance.
    if mv.kind.checks_acquisition() {
        if let Some(Side {
            record: Some(record),
            book: Some((to_investor, to_book)),
            ..
        }) = &to
        {
            let from_book = from.as_ref().and_then(|s| s.book.as_ref());
            let same_investor = matches!(from_book, Some((id, _)) if id == to_investor);
            if !same_investor {
                let before = to_book.as_ref().map(|b| b.balance).unwrap_or_default();
                if let Some(max) = config.rules.max_balance_per_investor {
                    match before.checked_add(amount) {
                        Ok(after) if after <= max => {}
                        _ => refusals.push(ReasonCode::MaxBalanceExceeded),
                    }
                }
                let new_holder = before.is_zero() && !amount.is_zero();
                // A sender investor leaving (its whole balance moves) frees its place.
                let leaving = match from_book {
                    Some((_, Some(b))) if b.balance == amount => Some(&b.jurisdiction),
                    _ => None,
                };
                if new_holder {
                    if let Some(max) = config.rules.max_holders {
                        let count = HOLDER_COUNT.may_load(deps.storage)?.unwrap_or_default();
                        let after = count
                            .saturating_sub(u64::from(leaving.is_some()))
                            .saturating_add(1);
                        if after > max {
                            refusals.push(ReasonCode::MaxHoldersReached);
                        }
                    }
                }
                // A holder the registry moved to another jurisdiction is counted there at this
                // movement: it enters that jurisdiction's cap like a new holder.
                let moves_in = matches!(
                    to_book,
                    Some(book) if book.jurisdiction != record.jurisdiction
                );
                if new_holder || moves_in {
                    if let Some(cap) = config
                        .rules
                        .max_holders_per_jurisdiction
                        .iter()
                        .find(|c| c.jurisdiction == record.jurisdiction)
                    {
                        let count = HOLDERS_BY_JURISDICTION
                            .may_load(deps.storage, record.jurisdiction.as_str())?
                            .unwrap_or_default();
                        let frees = u64::from(leaving == Some(&record.jurisdiction));
                        let after = count.saturating_sub(frees).saturating_add(1);
                        if after > cap.max_holders {
                            refusals.push(ReasonCode::MaxHoldersInJurisdictionReached);
                        }
                    }
                }
            }
        }
    }

    // Allowance of a spender.
    let mut allowance = None;
    if let (Kind::TransferFrom { spender }, Some(owner)) = (&mv.kind, &mv.from) {
        match ALLOWANCES.may_load(deps.storage, (owner, spender))? {
            None => refusals.push(ReasonCode::AllowanceInsufficient),
            Some(a) if a.expires.is_expired(&env.block) => {
                refusals.push(ReasonCode::AllowanceExpired)
            }
            Some(mut a) => match a.allowance.checked_sub(amount) {
                Ok(left) => {
                    a.allowance = left;
                    allowance = Some(a);
                }
                Err(_) => refusals.push(ReasonCode::AllowanceInsufficient),
            },
        }
    }

    let supply = if mv.from.is_none() || mv.to.is_none() {
        Some(TOTAL_SUPPLY.may_load(deps.storage)?.unwrap_or_default())
    } else {
        None
    };

    refusals.sort_by_key(ReasonCode::code);
    refusals.dedup();
    Ok(Assessment {
        refusals,
        movement: mv,
        from,
        to,
        supply,
        allowance,
        records: config.live_record_heights(env.block.height),
    })
}

fn sender_reason(why: Ineligibility) -> ReasonCode {
    match why {
        Ineligibility::UnknownWallet => ReasonCode::SenderUnknown,
        Ineligibility::KycExpired => ReasonCode::SenderKycExpired,
        Ineligibility::Blocked => ReasonCode::SenderBlocked,
    }
}

fn recipient_reason(why: Ineligibility) -> ReasonCode {
    match why {
        Ineligibility::UnknownWallet => ReasonCode::RecipientUnknown,
        Ineligibility::KycExpired => ReasonCode::RecipientKycExpired,
        Ineligibility::Blocked => ReasonCode::RecipientBlocked,
    }
}

/// Jurisdiction and class rules on the acquiring investor.
fn acquisition_rules(config: &Config, record: &WalletRecord, refusals: &mut Vec<ReasonCode>) {
    let rules = &config.rules;
    if !rules.allowed_jurisdictions.is_empty()
        && !rules.allowed_jurisdictions.contains(&record.jurisdiction)
    {
        refusals.push(ReasonCode::JurisdictionNotAllowed);
    }
    if rules.denied_jurisdictions.contains(&record.jurisdiction) {
        refusals.push(ReasonCode::JurisdictionDenied);
    }
    if let Some(min) = rules.min_investor_class {
        if record.class.rank() < min.rank() {
            refusals.push(ReasonCode::InvestorClassTooLow);
        }
    }
}

impl Assessment {
    /// The answer of `can_transfer`.
    pub fn response(&self) -> CanTransferResponse {
        CanTransferResponse {
            allowed: self.refusals.is_empty(),
            refusals: self.refusals.iter().map(ReasonCode::refusal).collect(),
        }
    }

    /// The debited wallet's balance and account as loaded, if any.
    pub fn sender(&self) -> Option<(&Addr, Uint128, &Account)> {
        self.from.as_ref().map(|s| (&s.addr, s.balance, &s.account))
    }

    /// Refuse with the first failing rule, or apply the movement: balances, record balances,
    /// investor books and holder counts, booking of the recipient wallet, supply, allowance,
    /// and for an agent movement the cuts of the sender's holds and locks. Returns the holds
    /// cut, newest first.
    pub fn execute(
        self,
        storage: &mut dyn Storage,
        env: &Env,
    ) -> Result<Vec<HoldCut>, ContractError> {
        if let Some(first) = self.refusals.first() {
            return Err(ContractError::refused(*first));
        }
        let amount = self.movement.amount;
        let mut cuts = vec![];
        if self.movement.from.is_some() && self.movement.from == self.movement.to {
            // A holder's movement to its own wallet: nothing moves but the allowance it uses
            // (and the hold it executes).
            if let Some(from) = &self.from {
                let mut account = from.account.clone();
                if self.settle_hold(&mut account, amount) {
                    ACCOUNTS.save(storage, &from.addr, &account)?;
                }
            }
            self.save_allowance(storage)?;
            return Ok(cuts);
        }

        if let Some(from) = &self.from {
            let left = from.balance.checked_sub(amount)?;
            self.preserve_record_balance(storage, &from.addr, from.balance)?;
            BALANCES.save(storage, &from.addr, &left)?;
            let mut account = from.account.clone();
            let mut changed = self.settle_hold(&mut account, amount);
            if self.movement.kind.takes_locked_units() {
                // An agent movement takes available units first, then cuts open holds (newest
                // first), then locked units: the locks shrink by the locked units that left,
                // so they never lock units received later.
                let now = env.block.time;
                let locked = account.locked(now, from.balance);
                let free = from
                    .balance
                    .saturating_sub(account.frozen_amount)
                    .saturating_sub(locked);
                let available = free.saturating_sub(account.held);
                let beyond = amount.saturating_sub(available);
                let from_held = beyond.min(account.held);
                if !from_held.is_zero() {
                    cuts = cut_holds(storage, &mut account, from_held)?;
                    changed = true;
                }
                let from_locked = beyond.saturating_sub(from_held).min(locked);
                if !from_locked.is_zero() || account.locks.iter().any(|l| l.until <= now) {
                    account.shrink_locks(now, from_locked);
                    changed = true;
                }
            }
            // A forced transfer may take frozen tokens: the frozen amount never
            // exceeds what is left.
            if account.frozen_amount > left {
                account.frozen_amount = left;
                changed = true;
            }
            if changed {
                ACCOUNTS.save(storage, &from.addr, &account)?;
            }
        }
        if let Some(to) = &self.to {
            let credited = to.balance.checked_add(amount)?;
            self.preserve_record_balance(storage, &to.addr, to.balance)?;
            BALANCES.save(storage, &to.addr, &credited)?;
            if let Some(record) = &to.record {
                if to.account.investor_id.as_deref() != Some(record.investor_id.as_str()) {
                    let mut account = to.account.clone();
                    account.investor_id = Some(record.investor_id.clone());
                    ACCOUNTS.save(storage, &to.addr, &account)?;
                }
            }
        }

        // Investor books: nothing moves between investors when both wallets are one investor's.
        let from_book = self.from.as_ref().and_then(|s| s.book.clone());
        let to_book = self.to.as_ref().and_then(|s| s.book.clone());
        let same = matches!((&from_book, &to_book), (Some((a, _)), Some((b, _))) if a == b);
        if !same {
            if let Some((id, book)) = from_book {
                debit_book(storage, &id, book, amount)?;
            }
            if let (Some((id, book)), Some(record)) =
                (to_book, self.to.as_ref().and_then(|s| s.record.as_ref()))
            {
                credit_book(storage, &id, book, record, amount)?;
            }
        }

        if let Some(supply) = self.supply {
            let new_supply = match (&self.from, &self.to) {
                (None, Some(_)) => supply.checked_add(amount)?,
                _ => supply.checked_sub(amount)?,
            };
            for h in &self.records {
                if !RECORD_SUPPLY.has(storage, *h) {
                    RECORD_SUPPLY.save(storage, *h, &supply)?;
                }
            }
            TOTAL_SUPPLY.save(storage, &new_supply)?;
        }

        self.save_allowance(storage)?;
        Ok(cuts)
    }

    /// At a wallet's first balance change at or after each live record height, keep the
    /// balance it had (one exact-key read per live height; nothing without one).
    fn preserve_record_balance(
        &self,
        storage: &mut dyn Storage,
        addr: &Addr,
        before: Uint128,
    ) -> Result<(), ContractError> {
        for h in &self.records {
            if !RECORD_BALANCES.has(storage, (*h, addr)) {
                RECORD_BALANCES.save(storage, (*h, addr), &before)?;
            }
        }
        Ok(())
    }

    /// For a hold execution: take the executed units off the owner's held amount (and the hold
    /// off its open list when it closes). Returns whether the account changed.
    fn settle_hold(&self, account: &mut Account, amount: Uint128) -> bool {
        match &self.movement.kind {
            Kind::HoldExecution {
                hold_id, closes, ..
            } => {
                account.held = account.held.saturating_sub(amount);
                if *closes {
                    account.holds.retain(|id| id != hold_id);
                }
                true
            }
            _ => false,
        }
    }

    /// Store a spender's allowance after deduction. A fully used allowance stays at zero, as
    /// in cw20-base.
    fn save_allowance(&self, storage: &mut dyn Storage) -> Result<(), ContractError> {
        if let (Kind::TransferFrom { spender }, Some(from), Some(allowance)) =
            (&self.movement.kind, &self.from, &self.allowance)
        {
            ALLOWANCES.save(storage, (&from.addr, spender), allowance)?;
            ALLOWANCES_SPENDER.save(storage, (spender, &from.addr), allowance)?;
        }
        Ok(())
    }
}

fn add_count(storage: &mut dyn Storage, jurisdiction: &str, up: bool) -> Result<(), ContractError> {
    let count = HOLDER_COUNT.may_load(storage)?.unwrap_or_default();
    let j = HOLDERS_BY_JURISDICTION
        .may_load(storage, jurisdiction)?
        .unwrap_or_default();
    let (count, j) = if up {
        (count.saturating_add(1), j.saturating_add(1))
    } else {
        (count.saturating_sub(1), j.saturating_sub(1))
    };
    HOLDER_COUNT.save(storage, &count)?;
    if j == 0 {
        HOLDERS_BY_JURISDICTION.remove(storage, jurisdiction);
    } else {
        HOLDERS_BY_JURISDICTION.save(storage, jurisdiction, &j)?;
    }
    Ok(())
}

fn debit_book(
    storage: &mut dyn Storage,
    investor_id: &str,
    book: Option<InvestorBook>,
    amount: Uint128,
) -> Result<(), ContractError> {
    let Some(mut book) = book else {
        // A booked wallet with a balance always has a book; an empty movement changes nothing.
        return Ok(());
    };
    book.balance = book.balance.checked_sub(amount)?;
    if book.balance.is_zero() {
        INVESTOR_BOOKS.remove(storage, investor_id);
        add_count(storage, book.jurisdiction.as_str(), false)?;
    } else {
        INVESTOR_BOOKS.save(storage, investor_id, &book)?;
    }
    Ok(())
}

fn credit_book(
    storage: &mut dyn Storage,
    investor_id: &str,
    book: Option<InvestorBook>,
    record: &WalletRecord,
    amount: Uint128,
) -> Result<(), ContractError> {
    let book = match book {
        None => {
            add_count(storage, record.jurisdiction.as_str(), true)?;
            InvestorBook {
                balance: amount,
                jurisdiction: record.jurisdiction.clone(),
            }
        }
        Some(mut book) => {
            if book.jurisdiction != record.jurisdiction {
                // The investor moved in the registry: count it where it lives now.
                add_count(storage, book.jurisdiction.as_str(), false)?;
                add_count(storage, record.jurisdiction.as_str(), true)?;
                book.jurisdiction = record.jurisdiction.clone();
            }
            book.balance = book.balance.checked_add(amount)?;
            book
        }
    };
    INVESTOR_BOOKS
        .save(storage, investor_id, &book)
        .map_err(ContractError::from)
}

/// Cut `amount` from the wallet's open holds, newest first; a hold cut to zero becomes `Cut`
/// and leaves the open list. At most `MAX_OPEN_HOLDS` holds are read.
fn cut_holds(
    storage: &mut dyn Storage,
    account: &mut Account,
    amount: Uint128,
) -> Result<Vec<HoldCut>, ContractError> {
    let mut left = amount;
    let mut cuts = vec![];
    let mut closed = vec![];
    for id in account.holds.iter().rev() {
        if left.is_zero() {
            break;
        }
        let Some(mut hold) = HOLDS.may_load(storage, *id)? else {
            continue;
        };
        let take = hold.remaining().min(left);
        if take.is_zero() {
            continue;
        }
        hold.cut = hold.cut.checked_add(take)?;
        left = left.saturating_sub(take);
        let remaining = hold.remaining();
        if remaining.is_zero() {
            hold.status = HoldStatus::Cut;
            closed.push(*id);
        }
        HOLDS.save(storage, *id, &hold)?;
        cuts.push(HoldCut {
            id: *id,
            amount: take,
            remaining: hold.remaining(),
            reference: hold.reference,
        });
    }
    account.held = account.held.saturating_sub(amount.saturating_sub(left));
    account.holds.retain(|id| !closed.contains(id));
    Ok(cuts)
}
