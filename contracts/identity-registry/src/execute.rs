//! Message handlers: check the caller, validate, mutate, respond.

use cosmwasm_std::{Addr, Attribute, DepsMut, Env, MessageInfo, Response, Storage, Timestamp};
use sto_access::{assert_role, validate_addr, Role};
use sto_interface::common::{validate_investor_id, InvestorClass, Jurisdiction};
use sto_interface::registry::{
    Block, InstantiateMsg, Investor, WalletRecord, MAX_REASON_REF_LEN, MAX_WALLETS_PER_INVESTOR,
};

use crate::error::ContractError;
use crate::state::{INVESTORS, WALLET_RECORDS};

pub fn instantiate(
    deps: DepsMut,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    let owner = msg.owner.unwrap_or_else(|| info.sender.to_string());
    sto_access::initialize_owner(deps.storage, deps.api, &owner)?;
    let mut attrs = vec![
        Attribute::new("action", "instantiate"),
        Attribute::new("owner", owner),
    ];
    for officer in msg.compliance_officers {
        let addr = validate_addr(deps.api, &officer)?;
        sto_access::grant_role(deps.storage, Role::ComplianceOfficer, &addr)?;
        attrs.push(Attribute::new("compliance_officer", addr));
    }
    Ok(Response::new().add_attributes(attrs))
}

#[allow(clippy::too_many_arguments)]
pub fn register_investor(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    investor_id: String,
    wallets: Vec<String>,
    jurisdiction: Jurisdiction,
    class: InvestorClass,
    kyc_valid_until: Timestamp,
) -> Result<Response, ContractError> {
    assert_role(deps.storage, Role::ComplianceOfficer, &info.sender)?;
    validate_investor_id(&investor_id)?;
    let jurisdiction = jurisdiction.validated()?;
    ensure_kyc_in_future(kyc_valid_until, env.block.time)?;
    if INVESTORS.has(deps.storage, &investor_id) {
        return Err(ContractError::InvestorExists { investor_id });
    }
    if wallets.is_empty() {
        return Err(ContractError::NoWallets);
    }
    if wallets.len() > MAX_WALLETS_PER_INVESTOR {
        return Err(ContractError::TooManyWallets {
            max: MAX_WALLETS_PER_INVESTOR,
            count: wallets.len(),
        });
    }
    let mut addrs: Vec<Addr> = Vec::with_capacity(wallets.len());
    for wallet in &wallets {
        let addr = validate_addr(deps.api, wallet)?;
        if addrs.contains(&addr) {
            return Err(ContractError::DuplicateWallet {
                wallet: wallet.clone(),
            });
        }
        ensure_unowned(deps.storage, &addr)?;
        addrs.push(addr);
    }

    let investor = Investor {
        investor_id,
        jurisdiction,
        class,
        kyc_valid_until,
        wallets: addrs,
        block: None,
        registered_at: env.block.time,
        updated_at: env.block.time,
    };
    INVESTORS.save(deps.storage, &investor.investor_id, &investor)?;
    sync_wallet_records(deps.storage, &investor)?;

    let mut attrs = vec![
        Attribute::new("action", "register_investor"),
        Attribute::new("investor_id", &investor.investor_id),
        Attribute::new("jurisdiction", investor.jurisdiction.as_str()),
        Attribute::new("class", investor.class.as_str()),
        Attribute::new(
            "kyc_valid_until",
            investor.kyc_valid_until.seconds().to_string(),
        ),
        Attribute::new("sender", &info.sender),
    ];
    attrs.extend(investor.wallets.iter().map(|w| Attribute::new("wallet", w)));
    Ok(Response::new().add_attributes(attrs))
}

pub fn update_investor(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    investor_id: String,
    jurisdiction: Option<Jurisdiction>,
    class: Option<InvestorClass>,
    kyc_valid_until: Option<Timestamp>,
) -> Result<Response, ContractError> {
    assert_role(deps.storage, Role::ComplianceOfficer, &info.sender)?;
    if jurisdiction.is_none() && class.is_none() && kyc_valid_until.is_none() {
        return Err(ContractError::NothingToUpdate);
    }
    let mut investor = load_investor(deps.storage, &investor_id)?;
    if let Some(j) = jurisdiction {
        investor.jurisdiction = j.validated()?;
    }
    if let Some(c) = class {
        investor.class = c;
    }
    if let Some(until) = kyc_valid_until {
        ensure_kyc_in_future(until, env.block.time)?;
        investor.kyc_valid_until = until;
    }
    investor.updated_at = env.block.time;
    INVESTORS.save(deps.storage, &investor_id, &investor)?;
    sync_wallet_records(deps.storage, &investor)?;

    Ok(Response::new().add_attributes([
        Attribute::new("action", "update_investor"),
        Attribute::new("investor_id", &investor.investor_id),
        Attribute::new("jurisdiction", investor.jurisdiction.as_str()),
        Attribute::new("class", investor.class.as_str()),
        Attribute::new(
            "kyc_valid_until",
            investor.kyc_valid_until.seconds().to_string(),
        ),
        Attribute::new("sender", &info.sender),
    ]))
}

pub fn add_wallet(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    investor_id: String,
    wallet: String,
) -> Result<Response, ContractError> {
    assert_role(deps.storage, Role::ComplianceOfficer, &info.sender)?;
    let mut investor = load_investor(deps.storage, &investor_id)?;
    let addr = validate_addr(deps.api, &wallet)?;
    ensure_unowned(deps.storage, &addr)?;
    let count = investor.wallets.len().saturating_add(1);
    if count > MAX_WALLETS_PER_INVESTOR {
        return Err(ContractError::TooManyWallets {
            max: MAX_WALLETS_PER_INVESTOR,
            count,
        });
    }
    investor.wallets.push(addr.clone());
    investor.updated_at = env.block.time;
    INVESTORS.save(deps.storage, &investor_id, &investor)?;
    WALLET_RECORDS.save(deps.storage, &addr, &wallet_record(&investor))?;

    Ok(Response::new().add_attributes([
        Attribute::new("action", "add_wallet"),
        Attribute::new("investor_id", &investor_id),
        Attribute::new("wallet", &addr),
        Attribute::new("sender", &info.sender),
    ]))
}

pub fn remove_wallet(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    investor_id: String,
    wallet: String,
) -> Result<Response, ContractError> {
    assert_role(deps.storage, Role::ComplianceOfficer, &info.sender)?;
    let mut investor = load_investor(deps.storage, &investor_id)?;
    let addr = validate_addr(deps.api, &wallet)?;
    let Some(pos) = investor.wallets.iter().position(|w| *w == addr) else {
        return Err(ContractError::WalletNotOfInvestor {
            wallet,
            investor_id,
        });
    };
    investor.wallets.remove(pos);
    investor.updated_at = env.block.time;
    INVESTORS.save(deps.storage, &investor_id, &investor)?;
    WALLET_RECORDS.remove(deps.storage, &addr);

    Ok(Response::new().add_attributes([
        Attribute::new("action", "remove_wallet"),
        Attribute::new("investor_id", &investor_id),
        Attribute::new("wallet", &addr),
        Attribute::new("sender", &info.sender),
    ]))
}

pub fn block_investor(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    investor_id: String,
    reason_ref: String,
) -> Result<Response, ContractError> {
    assert_role(deps.storage, Role::ComplianceOfficer, &info.sender)?;
    ensure_reason_ref(&reason_ref)?;
    let mut investor = load_investor(deps.storage, &investor_id)?;
    if let Some(block) = &investor.block {
        return Err(ContractError::AlreadyBlocked {
            investor_id,
            reason_ref: block.reason_ref.clone(),
        });
    }
    investor.block = Some(Block {
        reason_ref: reason_ref.clone(),
        blocked_at: env.block.time,
        blocked_by: info.sender.clone(),
    });
    investor.updated_at = env.block.time;
    INVESTORS.save(deps.storage, &investor_id, &investor)?;
    sync_wallet_records(deps.storage, &investor)?;

    Ok(Response::new().add_attributes([
        Attribute::new("action", "block_investor"),
        Attribute::new("investor_id", &investor_id),
        Attribute::new("reason_ref", reason_ref),
        Attribute::new("wallets", investor.wallets.len().to_string()),
        Attribute::new("sender", &info.sender),
    ]))
}

pub fn unblock_investor(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    investor_id: String,
    reason_ref: String,
) -> Result<Response, ContractError> {
    assert_role(deps.storage, Role::ComplianceOfficer, &info.sender)?;
    ensure_reason_ref(&reason_ref)?;
    let mut investor = load_investor(deps.storage, &investor_id)?;
    if investor.block.is_none() {
        return Err(ContractError::NotBlocked { investor_id });
    }
    investor.block = None;
    investor.updated_at = env.block.time;
    INVESTORS.save(deps.storage, &investor_id, &investor)?;
    sync_wallet_records(deps.storage, &investor)?;

    Ok(Response::new().add_attributes([
        Attribute::new("action", "unblock_investor"),
        Attribute::new("investor_id", &investor_id),
        Attribute::new("reason_ref", reason_ref),
        Attribute::new("sender", &info.sender),
    ]))
}

fn load_investor(storage: &dyn Storage, investor_id: &str) -> Result<Investor, ContractError> {
    INVESTORS
        .may_load(storage, investor_id)?
        .ok_or_else(|| ContractError::InvestorNotFound {
            investor_id: investor_id.to_string(),
        })
}

fn ensure_unowned(storage: &dyn Storage, wallet: &Addr) -> Result<(), ContractError> {
    match WALLET_RECORDS.may_load(storage, wallet)? {
        Some(record) => Err(ContractError::WalletAlreadyOwned {
            wallet: wallet.to_string(),
            owner: record.investor_id,
        }),
        None => Ok(()),
    }
}

fn ensure_kyc_in_future(until: Timestamp, now: Timestamp) -> Result<(), ContractError> {
    if until > now {
        Ok(())
    } else {
        Err(ContractError::KycNotInFuture {
            kyc_valid_until: until,
            now,
        })
    }
}

fn ensure_reason_ref(reason_ref: &str) -> Result<(), ContractError> {
    if reason_ref.is_empty() || reason_ref.len() > MAX_REASON_REF_LEN {
        Err(ContractError::InvalidReasonRef {
            max: MAX_REASON_REF_LEN,
        })
    } else {
        Ok(())
    }
}

fn wallet_record(investor: &Investor) -> WalletRecord {
    WalletRecord {
        investor_id: investor.investor_id.clone(),
        jurisdiction: investor.jurisdiction.clone(),
        class: investor.class,
        kyc_valid_until: investor.kyc_valid_until,
        blocked: investor.block.is_some(),
    }
}

/// Rewrite the eligibility record of every wallet of the investor (at most
/// `MAX_WALLETS_PER_INVESTOR` writes).
fn sync_wallet_records(
    storage: &mut dyn Storage,
    investor: &Investor,
) -> Result<(), ContractError> {
    let record = wallet_record(investor);
    for wallet in &investor.wallets {
        WALLET_RECORDS.save(storage, wallet, &record)?;
    }
    Ok(())
}
