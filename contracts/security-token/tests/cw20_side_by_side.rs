//! The same CW20 messages against cw20-base and the security token on one App: same observable
//! results, except the documented differences (mint/burn roles, minter query).

mod common;

use common::Suite;
use cosmwasm_std::{
    to_json_binary, Addr, Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdResult,
    Uint128,
};
use cw20::{Cw20ExecuteMsg, Cw20QueryMsg, Cw20ReceiveMsg, Expiration, MinterResponse};
use cw_multi_test::{AppResponse, ContractWrapper, Executor};
use security_token::ContractError;
use sto_interface::common::InvestorClass;
use sto_interface::token::{ExecuteMsg, ReasonCode};

#[cosmwasm_schema::cw_serde]
enum ReceiverMsg {
    Receive(Cw20ReceiveMsg),
}

fn receiver_execute(_: DepsMut, _: Env, _: MessageInfo, msg: ReceiverMsg) -> StdResult<Response> {
    let ReceiverMsg::Receive(msg) = msg;
    Ok(Response::new()
        .add_attribute("action", "received")
        .add_attribute("sender", msg.sender)
        .add_attribute("amount", msg.amount))
}
fn receiver_instantiate(_: DepsMut, _: Env, _: MessageInfo, _: Empty) -> StdResult<Response> {
    Ok(Response::new())
}
fn receiver_query(_: Deps, _: Env, _: Empty) -> StdResult<Binary> {
    to_json_binary(&Empty {})
}

struct Pair {
    s: Suite,
    base: Addr,
    receiver: Addr,
}

fn setup() -> (Pair, Addr, Addr, Addr) {
    let mut s = Suite::new();
    let alice = s.addr("alice");
    let bob = s.addr("bob");
    let spender = s.addr("spender");
    s.register("I-ALICE", &[&alice], "US", InvestorClass::Accredited);
    s.register("I-BOB", &[&bob], "DE", InvestorClass::Retail);
    s.register("I-SPENDER", &[&spender], "DE", InvestorClass::Retail);
    let code = s.app.store_code(Box::new(ContractWrapper::new(
        cw20_base::contract::execute,
        cw20_base::contract::instantiate,
        cw20_base::contract::query,
    )));
    let base = s
        .app
        .instantiate_contract(
            code,
            s.owner.clone(),
            &cw20_base::msg::InstantiateMsg {
                name: "Bond 2030".into(),
                symbol: "BND".into(),
                decimals: 6,
                initial_balances: vec![],
                mint: Some(MinterResponse {
                    minter: s.agent.to_string(),
                    cap: None,
                }),
                marketing: None,
            },
            &[],
            "cw20-base",
            None,
        )
        .unwrap();
    let rcode = s.app.store_code(Box::new(ContractWrapper::new(
        receiver_execute,
        receiver_instantiate,
        receiver_query,
    )));
    let receiver = s
        .app
        .instantiate_contract(rcode, s.owner.clone(), &Empty {}, &[], "receiver", None)
        .unwrap();
    let owner = s.owner.clone();
    s.exec(
        &owner,
        &ExecuteMsg::SetSystemAccount {
            address: receiver.to_string(),
            system: true,
        },
    )
    .unwrap();
    (Pair { s, base, receiver }, alice, bob, spender)
}

/// Run the same CW20 message on both; return both results.
fn both(
    p: &mut Pair,
    sender: &Addr,
    msg: &Cw20ExecuteMsg,
) -> (anyhow::Result<AppResponse>, anyhow::Result<AppResponse>) {
    let base = p.base.clone();
    let token = p.s.token.clone();
    let r1 = p.s.app.execute_contract(sender.clone(), base, msg, &[]);
    let r2 = p.s.app.execute_contract(sender.clone(), token, msg, &[]);
    (r1, r2)
}

/// The token's own wasm attributes (without `_contract_address`).
fn attrs(res: &AppResponse, contract: &Addr) -> Vec<(String, String)> {
    res.events
        .iter()
        .filter(|e| {
            e.ty == "wasm"
                && e.attributes
                    .iter()
                    .any(|a| a.key == "_contract_address" && a.value == contract.as_str())
        })
        .flat_map(|e| e.attributes.iter())
        .filter(|a| {
            a.key != "_contract_address"
                && a.key != sto_interface::audit::AUDIT_SEQ_ATTR
                && a.key != sto_interface::audit::AUDIT_HASH_ATTR
        })
        .map(|a| (a.key.clone(), a.value.clone()))
        .collect()
}

fn same_ok(p: &mut Pair, sender: &Addr, msg: Cw20ExecuteMsg) {
    let (r1, r2) = both(p, sender, &msg);
    let (r1, r2) = (r1.unwrap(), r2.unwrap());
    assert_eq!(
        attrs(&r1, &p.base),
        attrs(&r2, &p.s.token),
        "attributes differ for {msg:?}"
    );
}

fn same_query<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
    p: &Pair,
    q: Cw20QueryMsg,
) -> T {
    let a: T = p.s.app.wrap().query_wasm_smart(p.base.clone(), &q).unwrap();
    let b: T =
        p.s.app
            .wrap()
            .query_wasm_smart(p.s.token.clone(), &q)
            .unwrap();
    assert_eq!(a, b, "query {q:?} differs");
    a
}

#[test]
fn cw20_messages_and_queries_match_cw20_base() {
    let (mut p, alice, bob, spender) = setup();
    let agent = p.s.agent.clone();
    // Mint: same message, same attributes (the sender is a minter in both).
    same_ok(
        &mut p,
        &agent,
        Cw20ExecuteMsg::Mint {
            recipient: alice.to_string(),
            amount: Uint128::new(1000),
        },
    );
    same_ok(
        &mut p,
        &alice,
        Cw20ExecuteMsg::Transfer {
            recipient: bob.to_string(),
            amount: Uint128::new(100),
        },
    );
    let expiry = p.s.height() + 100;
    same_ok(
        &mut p,
        &alice,
        Cw20ExecuteMsg::IncreaseAllowance {
            spender: spender.to_string(),
            amount: Uint128::new(300),
            expires: Some(Expiration::AtHeight(expiry)),
        },
    );
    same_ok(
        &mut p,
        &alice,
        Cw20ExecuteMsg::DecreaseAllowance {
            spender: spender.to_string(),
            amount: Uint128::new(50),
            expires: None,
        },
    );
    same_ok(
        &mut p,
        &spender,
        Cw20ExecuteMsg::TransferFrom {
            owner: alice.to_string(),
            recipient: bob.to_string(),
            amount: Uint128::new(50),
        },
    );
    let receiver = p.receiver.clone();
    same_ok(
        &mut p,
        &alice,
        Cw20ExecuteMsg::Send {
            contract: receiver.to_string(),
            amount: Uint128::new(10),
            msg: to_json_binary(&"hook").unwrap(),
        },
    );
    same_ok(
        &mut p,
        &spender,
        Cw20ExecuteMsg::SendFrom {
            owner: alice.to_string(),
            contract: receiver.to_string(),
            amount: Uint128::new(20),
            msg: Binary::default(),
        },
    );
    // The receiver was called by both with the same hook.
    let (r1, r2) = both(
        &mut p,
        &alice,
        &Cw20ExecuteMsg::Send {
            contract: receiver.to_string(),
            amount: Uint128::new(1),
            msg: Binary::default(),
        },
    );
    assert_eq!(
        attrs(&r1.unwrap(), &receiver),
        attrs(&r2.unwrap(), &receiver)
    );

    let bal: cw20::BalanceResponse = same_query(
        &p,
        Cw20QueryMsg::Balance {
            address: alice.to_string(),
        },
    );
    assert_eq!(bal.balance, Uint128::new(819));
    let _: cw20::BalanceResponse = same_query(
        &p,
        Cw20QueryMsg::Balance {
            address: bob.to_string(),
        },
    );
    let info: cw20::TokenInfoResponse = same_query(&p, Cw20QueryMsg::TokenInfo {});
    assert_eq!(info.total_supply, Uint128::new(1000));
    let _: cw20::AllowanceResponse = same_query(
        &p,
        Cw20QueryMsg::Allowance {
            owner: alice.to_string(),
            spender: spender.to_string(),
        },
    );
    let all: cw20::AllAllowancesResponse = same_query(
        &p,
        Cw20QueryMsg::AllAllowances {
            owner: alice.to_string(),
            start_after: None,
            limit: None,
        },
    );
    assert_eq!(all.allowances[0].allowance, Uint128::new(180));
    let _: cw20::AllAccountsResponse = same_query(
        &p,
        Cw20QueryMsg::AllAccounts {
            start_after: None,
            limit: None,
        },
    );
    let _: cw20::MarketingInfoResponse = same_query(&p, Cw20QueryMsg::MarketingInfo {});
    let q = cw20_base::msg::QueryMsg::AllSpenderAllowances {
        spender: spender.to_string(),
        start_after: None,
        limit: None,
    };
    let a: cw20::AllSpenderAllowancesResponse =
        p.s.app.wrap().query_wasm_smart(p.base.clone(), &q).unwrap();
    let b: cw20::AllSpenderAllowancesResponse =
        p.s.app
            .wrap()
            .query_wasm_smart(p.s.token.clone(), &q)
            .unwrap();
    assert_eq!(a, b);

    // Failures agree in outcome (refused, nothing moved) though the error types differ.
    let (r1, r2) = both(
        &mut p,
        &bob,
        &Cw20ExecuteMsg::Transfer {
            recipient: alice.to_string(),
            amount: Uint128::new(10_000),
        },
    );
    assert!(r1.is_err() && r2.is_err());
    let (r1, r2) = both(
        &mut p,
        &bob,
        &Cw20ExecuteMsg::TransferFrom {
            owner: alice.to_string(),
            recipient: bob.to_string(),
            amount: Uint128::new(1),
        },
    );
    assert!(r1.is_err() && r2.is_err());
    let _: cw20::BalanceResponse = same_query(
        &p,
        Cw20QueryMsg::Balance {
            address: bob.to_string(),
        },
    );
}

#[test]
fn documented_differences_from_cw20_base() {
    let (mut p, alice, bob, spender) = setup();
    let agent = p.s.agent.clone();
    same_ok(
        &mut p,
        &agent,
        Cw20ExecuteMsg::Mint {
            recipient: alice.to_string(),
            amount: Uint128::new(1000),
        },
    );
    // 1. A holder cannot burn: cw20-base accepts, the token refuses.
    let (r1, r2) = both(
        &mut p,
        &alice,
        &Cw20ExecuteMsg::Burn {
            amount: Uint128::new(1),
        },
    );
    assert!(r1.is_ok() && r2.is_err());
    // 2. burn_from is a redemption by role: an allowance is not enough.
    same_ok(
        &mut p,
        &alice,
        Cw20ExecuteMsg::IncreaseAllowance {
            spender: spender.to_string(),
            amount: Uint128::new(5),
            expires: None,
        },
    );
    let (r1, r2) = both(
        &mut p,
        &spender,
        &Cw20ExecuteMsg::BurnFrom {
            owner: alice.to_string(),
            amount: Uint128::new(1),
        },
    );
    assert!(r1.is_ok() && r2.is_err());
    // 3. A transfer to a wallet outside the registry moves in cw20-base only.
    let stranger = p.s.addr("stranger");
    let (r1, r2) = both(
        &mut p,
        &alice,
        &Cw20ExecuteMsg::Transfer {
            recipient: stranger.to_string(),
            amount: Uint128::new(1),
        },
    );
    assert!(r1.is_ok() && r2.is_err());
    // 4. The minter query names the owner (roles decide who mints); no cap.
    let m: Option<MinterResponse> =
        p.s.app
            .wrap()
            .query_wasm_smart(p.s.token.clone(), &Cw20QueryMsg::Minter {})
            .unwrap();
    assert_eq!(
        m,
        Some(MinterResponse {
            minter: p.s.owner.to_string(),
            cap: None
        })
    );
    let _ = bob;
}

#[test]
fn transfer_to_oneself_moves_nothing_as_in_cw20_base() {
    let (mut p, alice, _bob, spender) = setup();
    let agent = p.s.agent.clone();
    same_ok(
        &mut p,
        &agent,
        Cw20ExecuteMsg::Mint {
            recipient: alice.to_string(),
            amount: Uint128::new(100),
        },
    );
    same_ok(
        &mut p,
        &alice,
        Cw20ExecuteMsg::Transfer {
            recipient: alice.to_string(),
            amount: Uint128::new(40),
        },
    );
    same_ok(
        &mut p,
        &alice,
        Cw20ExecuteMsg::IncreaseAllowance {
            spender: spender.to_string(),
            amount: Uint128::new(10),
            expires: None,
        },
    );
    same_ok(
        &mut p,
        &spender,
        Cw20ExecuteMsg::TransferFrom {
            owner: alice.to_string(),
            recipient: alice.to_string(),
            amount: Uint128::new(4),
        },
    );
    let bal: cw20::BalanceResponse = same_query(
        &p,
        Cw20QueryMsg::Balance {
            address: alice.to_string(),
        },
    );
    assert_eq!(bal.balance, Uint128::new(100));
    let a: cw20::AllowanceResponse = same_query(
        &p,
        Cw20QueryMsg::Allowance {
            owner: alice.to_string(),
            spender: spender.to_string(),
        },
    );
    assert_eq!(a.allowance, Uint128::new(6));
    // More than the balance is refused by both.
    let (r1, r2) = both(
        &mut p,
        &alice,
        &Cw20ExecuteMsg::Transfer {
            recipient: alice.to_string(),
            amount: Uint128::new(101),
        },
    );
    assert!(r1.is_err());
    assert_eq!(
        r2.unwrap_err().downcast::<ContractError>().unwrap(),
        ContractError::refused(ReasonCode::InsufficientBalance)
    );
}

#[test]
fn a_fully_used_allowance_stays_listed_at_zero_as_in_cw20_base() {
    let (mut p, alice, bob, spender) = setup();
    let agent = p.s.agent.clone();
    same_ok(
        &mut p,
        &agent,
        Cw20ExecuteMsg::Mint {
            recipient: alice.to_string(),
            amount: Uint128::new(100),
        },
    );
    let expiry = p.s.height() + 100;
    same_ok(
        &mut p,
        &alice,
        Cw20ExecuteMsg::IncreaseAllowance {
            spender: spender.to_string(),
            amount: Uint128::new(30),
            expires: Some(Expiration::AtHeight(expiry)),
        },
    );
    same_ok(
        &mut p,
        &spender,
        Cw20ExecuteMsg::TransferFrom {
            owner: alice.to_string(),
            recipient: bob.to_string(),
            amount: Uint128::new(30),
        },
    );
    let a: cw20::AllowanceResponse = same_query(
        &p,
        Cw20QueryMsg::Allowance {
            owner: alice.to_string(),
            spender: spender.to_string(),
        },
    );
    assert_eq!(a.allowance, Uint128::zero());
    assert_eq!(a.expires, Expiration::AtHeight(expiry));
    let all: cw20::AllAllowancesResponse = same_query(
        &p,
        Cw20QueryMsg::AllAllowances {
            owner: alice.to_string(),
            start_after: None,
            limit: None,
        },
    );
    assert_eq!(all.allowances.len(), 1);
    let q = cw20_base::msg::QueryMsg::AllSpenderAllowances {
        spender: spender.to_string(),
        start_after: None,
        limit: None,
    };
    let x: cw20::AllSpenderAllowancesResponse =
        p.s.app.wrap().query_wasm_smart(p.base.clone(), &q).unwrap();
    let y: cw20::AllSpenderAllowancesResponse =
        p.s.app
            .wrap()
            .query_wasm_smart(p.s.token.clone(), &q)
            .unwrap();
    assert_eq!(x, y);
    assert_eq!(x.allowances.len(), 1);
}
