//! Suite-wide invariants, read from the contracts' public queries only (as an auditor would),
//! checked after every step of the main job and of the cross-contract property run.

use anyhow::{bail, Result as AnyResult};
use cosmwasm_std::{Addr, QuerierWrapper, Uint128};
use sto_interface::actions::{self, ActionsResponse};
use sto_interface::cash::{self, ClientInfo, ReconciliationResponse};
use sto_interface::common::EventRef;
use sto_interface::escrow::{self, InstructionStatus, InstructionsResponse, OfferingsResponse};
use sto_interface::hold::{HoldStatus, HoldsResponse};
use sto_interface::token::{self, HolderCountResponse, HoldersResponse};

use crate::suite::Suite;

const PAGE: u32 = 100;

/// Every USD1 account and its balance (cw20-base `all_accounts`, paginated).
pub fn usd1_accounts(s: &Suite) -> AnyResult<Vec<(String, Uint128)>> {
    let mut out = vec![];
    let mut start_after = None;
    loop {
        let page: cw20::AllAccountsResponse = s.app.wrap().query_wasm_smart(
            s.usd1.addr(),
            &cw20::Cw20QueryMsg::AllAccounts {
                start_after: start_after.clone(),
                limit: Some(PAGE),
            },
        )?;
        // cw20 pages are capped (30 in cw20-base): read until an empty page.
        if page.accounts.is_empty() {
            return Ok(out);
        }
        for a in page.accounts {
            let b = s.usd1.balance(&s.app.wrap(), a.clone())?;
            start_after = Some(a.clone());
            out.push((a, b));
        }
    }
}

/// Every token holder wallet and its balance (CW20 `all_accounts`, paginated).
pub fn token_accounts(s: &Suite) -> AnyResult<Vec<(String, Uint128)>> {
    let mut out = vec![];
    let mut start_after = None;
    loop {
        let page: cw20::AllAccountsResponse = s.token_query(&token::QueryMsg::AllAccounts {
            start_after: start_after.clone(),
            limit: Some(PAGE),
        })?;
        if page.accounts.is_empty() {
            return Ok(out);
        }
        for a in page.accounts {
            let b = s.token_balance(&Addr::unchecked(a.clone()))?;
            start_after = Some(a.clone());
            out.push((a, b));
        }
    }
}

/// Check every suite-wide invariant; the error names the first one violated.
///
/// - USD1: no unit created or destroyed (supply equals `usd1_supply` and the sum of all
///   balances);
/// - adapter: USD1 held = Σ accounts + queued redemptions + pools + parked (no shortfall, no
///   surplus), and the cash account invariants of [`check_cash_accounts`];
/// - escrow: token held = Σ security legs of open instructions; its cash pool = Σ cash legs of
///   open instructions + the offerings' cash not yet released (proceeds) or refunded;
/// - distributor: its pool = Σ over pool-funded actions of funded − paid − parked − withheld −
///   reclaimed; an action funded in its sub-account paid, withheld and reclaimed exactly what
///   went out of its sub-account;
/// - token: supply = Σ balances; holder count = number of investors listed with a balance;
///   per wallet, held <= balance and held = Σ remainders of its open holds.
pub fn check(s: &Suite, usd1_supply: Uint128) -> AnyResult<()> {
    // USD1 conservation.
    let info = s.usd1.meta(&s.app.wrap())?;
    if info.total_supply != usd1_supply {
        bail!(
            "USD1 supply changed: {} instead of {usd1_supply}",
            info.total_supply
        );
    }
    let sum: Uint128 = usd1_accounts(s)?.iter().map(|(_, b)| *b).sum();
    if sum != usd1_supply {
        bail!("USD1 balances sum to {sum}, supply is {usd1_supply}");
    }

    // Adapter books.
    let rec: ReconciliationResponse = s.adapter_query(&cash::QueryMsg::Reconciliation {})?;
    if rec.held != rec.liabilities || !rec.shortfall.is_zero() || !rec.surplus.is_zero() {
        bail!(
            "adapter holds {} for liabilities {} (accounts {}, pools {}, parked {}, redemptions {})",
            rec.held,
            rec.liabilities,
            rec.accounts_total,
            rec.pools_total,
            rec.parked_total,
            rec.redemptions_pending_total
        );
    }
    check_cash_accounts(&s.app.wrap(), &s.adapter.0, &[], false)?;

    // Escrow holdings.
    let mut legs_tokens = Uint128::zero();
    let mut legs_cash = Uint128::zero();
    let mut start_after = None;
    loop {
        let page: InstructionsResponse = s.app.wrap().query_wasm_smart(
            &s.escrow.0,
            &escrow::QueryMsg::Instructions {
                start_after,
                limit: Some(PAGE),
            },
        )?;
        for i in &page.instructions {
            if i.status == InstructionStatus::Open {
                legs_tokens += i
                    .security_leg
                    .as_ref()
                    .map_or(Uint128::zero(), |l| l.amount);
                legs_cash += i.cash_leg.as_ref().map_or(Uint128::zero(), |l| l.amount);
            }
        }
        start_after = page.instructions.last().map(|i| i.id);
        if !page.has_more {
            break;
        }
    }
    let mut offerings_cash = Uint128::zero();
    let mut start_after = None;
    loop {
        let page: OfferingsResponse = s.app.wrap().query_wasm_smart(
            &s.escrow.0,
            &escrow::QueryMsg::Offerings {
                start_after,
                limit: Some(PAGE),
            },
        )?;
        for o in &page.offerings {
            offerings_cash += o.total_cash - o.proceeds_released - o.cash_refunded;
        }
        start_after = page.offerings.last().map(|o| o.id);
        if !page.has_more {
            break;
        }
    }
    let parked_tokens = escrow_parked_tokens(s)?;
    let escrow_tokens = s.token_balance(&s.escrow.0)?;
    if escrow_tokens != legs_tokens + parked_tokens {
        bail!(
            "escrow holds {escrow_tokens} tokens; open security legs {legs_tokens} + parked {parked_tokens}"
        );
    }
    let escrow_pool = client_pool(s, &s.escrow.0)?;
    if escrow_pool != legs_cash + offerings_cash {
        bail!(
            "escrow pool is {escrow_pool}; open cash legs {legs_cash} + offerings {offerings_cash}"
        );
    }

    // Distributor: every action's cash is in its own sub-account; what the action paid,
    // withheld and reclaimed is what went out of the sub-account, and the distributor's pool
    // at the adapter holds nothing.
    let mut start_after = None;
    loop {
        let page: ActionsResponse = s.app.wrap().query_wasm_smart(
            &s.distributor.0,
            &actions::QueryMsg::Actions {
                start_after,
                limit: Some(PAGE),
            },
        )?;
        for a in &page.actions {
            let sub = s
                .adapter
                .sub_account(&s.app.wrap(), &s.distributor.0, &a.sub_account_reference())?
                .unwrap_or_default();
            if (sub.paid, sub.withheld, sub.reclaimed) != (a.paid, a.withheld, a.reclaimed) {
                bail!(
                    "action {} paid/withheld/reclaimed {}/{}/{} but its sub-account {}/{}/{}",
                    a.id,
                    a.paid,
                    a.withheld,
                    a.reclaimed,
                    sub.paid,
                    sub.withheld,
                    sub.reclaimed
                );
            }
        }
        start_after = page.actions.last().map(|a| a.id);
        if !page.has_more {
            break;
        }
    }
    let distributor_pool = client_pool(s, &s.distributor.0)?;
    if !distributor_pool.is_zero() {
        bail!("distributor pool is {distributor_pool}; the distributor keeps no pool");
    }

    // Token books.
    let info: cw20::TokenInfoResponse = s.token_query(&token::QueryMsg::TokenInfo {})?;
    let supply = info.total_supply;
    let balances: Uint128 = token_accounts(s)?.iter().map(|(_, b)| *b).sum();
    if supply != balances {
        bail!("token supply {supply} but balances sum to {balances}");
    }
    let mut listed = 0u64;
    let mut booked = Uint128::zero();
    let mut start_after = None;
    loop {
        let page: HoldersResponse = s.token_query(&token::QueryMsg::Holders {
            start_after,
            limit: Some(PAGE),
        })?;
        for h in &page.holders {
            if h.balance.is_zero() {
                bail!("holder {} listed with a zero balance", h.investor_id);
            }
            listed += 1;
            booked += h.balance;
        }
        start_after = page.holders.last().map(|h| h.investor_id.clone());
        if !page.has_more {
            break;
        }
    }
    let count: HolderCountResponse =
        s.token_query(&token::QueryMsg::HolderCount { jurisdiction: None })?;
    if count.holders != listed {
        bail!(
            "holder count {} but {listed} investors hold tokens",
            count.holders
        );
    }
    // Investors' books plus what system accounts hold in transit make up the supply.
    let in_transit = escrow_tokens + s.token_balance(&s.distributor.0)?;
    if booked + in_transit != supply {
        bail!("investor books {booked} + in transit {in_transit} != supply {supply}");
    }
    check_token_holds(s)
}

/// Token holds, per wallet that ever held: held <= balance, and held = the sum of the
/// remainders of the wallet's open holds.
pub fn check_token_holds(s: &Suite) -> AnyResult<()> {
    for (wallet, balance) in token_accounts(s)? {
        let av: token::AvailableBalanceResponse =
            s.token_query(&token::QueryMsg::AvailableBalance {
                address: wallet.clone(),
            })?;
        if av.held > balance {
            bail!("{wallet} holds {balance} but {} is on hold", av.held);
        }
        let mut open = Uint128::zero();
        let mut start_after = None;
        loop {
            let page: HoldsResponse = s.token_query(&token::QueryMsg::Holds {
                owner: wallet.clone(),
                start_after,
                limit: Some(PAGE),
            })?;
            open += page
                .holds
                .iter()
                .filter(|h| h.status == HoldStatus::Open)
                .map(|h| h.remaining())
                .sum::<Uint128>();
            start_after = page.holds.last().map(|h| h.id);
            if !page.has_more {
                break;
            }
        }
        if open != av.held {
            bail!(
                "{wallet}: open holds leave {open} held, the account says {}",
                av.held
            );
        }
    }
    Ok(())
}

/// USD1 held by the adapter for one client.
pub fn client_pool(s: &Suite, client: &Addr) -> AnyResult<Uint128> {
    let info: ClientInfo = s.adapter_query(&cash::QueryMsg::ClientInfo {
        address: client.to_string(),
    })?;
    Ok(info.pool)
}

/// Tokens the escrow holds for refunds it could not deliver yet.
fn escrow_parked_tokens(s: &Suite) -> AnyResult<Uint128> {
    let mut total = Uint128::zero();
    let mut start_after = None;
    loop {
        let page: escrow::ParkedRefundsResponse = s.app.wrap().query_wasm_smart(
            &s.escrow.0,
            &escrow::QueryMsg::ParkedRefunds {
                start_after,
                limit: Some(PAGE),
            },
        )?;
        for p in &page.parked {
            total += p.amount;
        }
        start_after = page.parked.last().map(|p| p.id);
        if !page.has_more {
            return Ok(total);
        }
    }
}

/// Every cash movement of the adapter's ledger names a securities event that exists: a
/// settlement instruction or an offering of the escrow, a corporate action of the distributor,
/// an off-ramp request of the adapter, or an external reference (a ticket, 1-128 characters).
pub fn check_references(s: &Suite) -> AnyResult<()> {
    let mut start_after = None;
    loop {
        let page: cash::LedgerResponse = s.adapter_query(&cash::QueryMsg::Ledger {
            start_after,
            limit: Some(PAGE),
        })?;
        for e in &page.entries {
            let known = match &e.reference {
                EventRef::Settlement { id } => s.instruction(*id).is_ok(),
                EventRef::Offering { id } => s.offering(*id).is_ok(),
                EventRef::CorporateAction { id } => s.action(*id).is_ok(),
                EventRef::OffRamp { id } => s
                    .adapter_query::<cash::RedemptionRequest>(&cash::QueryMsg::Redemption {
                        id: *id,
                    })
                    .is_ok(),
                EventRef::External { reference } => {
                    !reference.is_empty() && reference.chars().count() <= 128
                }
            };
            if !known {
                bail!(
                    "ledger entry {} names an unknown event {}",
                    e.id,
                    e.reference
                );
            }
        }
        start_after = page.entries.last().map(|e| e.id);
        if !page.has_more {
            return Ok(());
        }
    }
}

/// The cash adapter's account invariants, read from its public queries and its published raw
/// layout (`sto_interface::cash::layout`):
///
/// - USD1 held >= Σ accounts + sub-accounts + queued redemptions + pools + parked, and
///   `liabilities` is that
///   sum; what open holds hold is part of the accounts (`held_total <= accounts_total`);
/// - for each account in `keys`: the raw record equals the `account` query, `held <= balance`,
///   `held` = Σ remainders of its open holds, every hold is its own and is open, executed (in
///   full) or released, never beyond its amount;
/// - every action sub-account of every client keeps `paid + withheld + reclaimed <= funded`
///   ([`check_sub_accounts`]); `accounts_total` covers the accounts and the sub-accounts;
/// - when `complete` (the keys name every account): Σ balances + Σ sub-account balances =
///   `accounts_total` and Σ held = `held_total`.
pub fn check_cash_accounts(
    querier: &QuerierWrapper,
    adapter: &Addr,
    keys: &[String],
    complete: bool,
) -> AnyResult<()> {
    let rec: ReconciliationResponse =
        querier.query_wasm_smart(adapter, &cash::QueryMsg::Reconciliation {})?;
    let owed =
        rec.accounts_total + rec.redemptions_pending_total + rec.pools_total + rec.parked_total;
    if rec.liabilities != owed {
        bail!(
            "liabilities {} are not the sum of their parts {owed}",
            rec.liabilities
        );
    }
    if rec.held < rec.liabilities {
        bail!(
            "adapter holds {} for liabilities {}",
            rec.held,
            rec.liabilities
        );
    }
    if rec.held_total > rec.accounts_total {
        bail!(
            "holds hold {} but accounts only have {}",
            rec.held_total,
            rec.accounts_total
        );
    }
    let (mut balances, mut held) = (Uint128::zero(), Uint128::zero());
    for key in keys {
        let Some(raw) = cash::layout::query_account(querier, adapter, key)? else {
            continue;
        };
        let answered: cash::AccountResponse =
            querier.query_wasm_smart(adapter, &cash::QueryMsg::Account { key: key.clone() })?;
        if (answered.balance, answered.held) != (raw.balance, raw.held)
            || answered.available != raw.available()
        {
            bail!("account {key}: query {answered:?} differs from the raw record {raw:?}");
        }
        if raw.held > raw.balance {
            bail!(
                "account {key} holds {} of a balance of {}",
                raw.held,
                raw.balance
            );
        }
        let mut open = Uint128::zero();
        let mut start_after = None;
        loop {
            let page: HoldsResponse = querier.query_wasm_smart(
                adapter,
                &cash::QueryMsg::AccountHolds {
                    key: key.clone(),
                    start_after,
                    limit: Some(PAGE),
                },
            )?;
            for h in &page.holds {
                if h.owner != *key {
                    bail!("hold {} of {} listed under {key}", h.id, h.owner);
                }
                if h.executed + h.cut > h.amount {
                    bail!("hold {} executed {} of {}", h.id, h.executed, h.amount);
                }
                match h.status {
                    HoldStatus::Open => open += h.remaining(),
                    HoldStatus::Executed if h.executed != h.amount => {
                        bail!(
                            "hold {} executed but {} of {} moved",
                            h.id,
                            h.executed,
                            h.amount
                        )
                    }
                    HoldStatus::Executed | HoldStatus::Released => {}
                    HoldStatus::Cut => bail!("cash hold {} is cut; the adapter never cuts", h.id),
                }
                if cash::layout::query_cash_hold(querier, adapter, h.id)?.as_ref() != Some(h) {
                    bail!("hold {} differs from its raw record", h.id);
                }
            }
            start_after = page.holds.last().map(|h| h.id);
            if !page.has_more {
                break;
            }
        }
        if open != raw.held {
            bail!(
                "account {key} holds {} but its open holds hold {open}",
                raw.held
            );
        }
        balances += raw.balance;
        held += raw.held;
    }
    let subs = check_sub_accounts(querier, adapter)?;
    if balances + subs > rec.accounts_total || held > rec.held_total {
        bail!(
            "listed accounts have {balances} (held {held}) and sub-accounts {subs}, beyond the totals {} (held {})",
            rec.accounts_total,
            rec.held_total
        );
    }
    if complete && (balances + subs != rec.accounts_total || held != rec.held_total) {
        bail!(
            "accounts sum to {balances} (held {held}) and sub-accounts to {subs} but the totals are {} (held {})",
            rec.accounts_total,
            rec.held_total
        );
    }
    Ok(())
}

/// Every action sub-account of every registered client: `paid + withheld + reclaimed <=
/// funded`, the balance is the difference, and the raw record (published layout) equals the
/// `sub_account` query. Returns the sum of their balances.
pub fn check_sub_accounts(querier: &QuerierWrapper, adapter: &Addr) -> AnyResult<Uint128> {
    let mut total = Uint128::zero();
    let mut clients_after = None;
    loop {
        let clients: cash::ClientsResponse = querier.query_wasm_smart(
            adapter,
            &cash::QueryMsg::Clients {
                start_after: clients_after,
                limit: Some(PAGE),
            },
        )?;
        for client in &clients.clients {
            let mut start_after = None;
            loop {
                let page: cash::SubAccountsResponse = querier.query_wasm_smart(
                    adapter,
                    &cash::QueryMsg::SubAccounts {
                        client: client.address.to_string(),
                        start_after,
                        limit: Some(PAGE),
                    },
                )?;
                for sub in &page.sub_accounts {
                    let out = sub.paid + sub.withheld + sub.reclaimed;
                    if out > sub.funded || sub.balance != sub.funded - out {
                        bail!(
                            "sub-account {} of {}: funded {}, paid {}, withheld {}, reclaimed {}, balance {}",
                            sub.reference, sub.client, sub.funded, sub.paid, sub.withheld, sub.reclaimed, sub.balance
                        );
                    }
                    let raw = cash::layout::query_sub_account(
                        querier,
                        adapter,
                        &client.address,
                        &sub.reference,
                    )?;
                    if raw
                        .map(|r| {
                            cash::SubAccountResponse::new(
                                client.address.clone(),
                                sub.reference.clone(),
                                &r,
                            )
                        })
                        .as_ref()
                        != Some(sub)
                    {
                        bail!(
                            "sub-account {} of {} differs from its raw record",
                            sub.reference,
                            sub.client
                        );
                    }
                    total += sub.balance;
                }
                start_after = page.sub_accounts.last().map(|s| s.reference.clone());
                if !page.has_more {
                    break;
                }
            }
        }
        clients_after = clients.clients.last().map(|c| c.address.to_string());
        if !clients.has_more {
            return Ok(total);
        }
    }
}
