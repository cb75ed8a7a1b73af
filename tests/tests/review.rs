//! Escrow and distributor rules that keep money and units where they belong: agent powers
//! scoped to the token they touch, cash following a redirected investor, bounded deadlines, only
//! registered tokens, no claim paid to a system account, surplus returnable by the owner.
//! Every scenario ends with the suite invariants.

use cosmwasm_std::{Addr, Uint128};
use cw_multi_test::Executor;
use sto_access::{Role, RoleAction};
use sto_interface::escrow;
use sto_interface::token::{self, AgentMsg};
use sto_suite_tests::{id_of, World};
use sto_testing::contracts;

/// A second security token (same code, same registry) whose transfer agent is `agent_b`; the
/// escrow's owner also made `agent_b` a transfer agent of the escrow (the escrow's role is
/// suite-wide, the token's role is per token).
fn second_token_with_its_agent(w: &mut World) -> (Addr, Addr) {
    let agent_b = w.a("agent_b");
    let owner = w.s.owner.clone();
    let code = w.s.app.store_code(contracts::security_token());
    let token_b =
        w.s.app
            .instantiate_contract(
                code,
                owner.clone(),
                &token::InstantiateMsg {
                    name: "Other bond".into(),
                    symbol: "OTHB".into(),
                    decimals: 0,
                    registry: w.s.registry.0.to_string(),
                    owner: None,
                    rules: token::TransferRules::default(),
                    marketing: None,
                },
                &[],
                "token-b",
                None,
            )
            .unwrap();
    w.s.app
        .execute_contract(
            owner.clone(),
            token_b.clone(),
            &token::ExecuteMsg::UpdateRoles(RoleAction::Grant {
                role: Role::TransferAgent,
                address: agent_b.to_string(),
            }),
            &[],
        )
        .unwrap();
    let escrow = w.s.escrow.0.clone();
    w.s.app
        .execute_contract(
            owner,
            escrow,
            &escrow::ExecuteMsg::UpdateRoles(RoleAction::Grant {
                role: Role::TransferAgent,
                address: agent_b.to_string(),
            }),
            &[],
        )
        .unwrap();
    (token_b, agent_b)
}

/// Alice delivers 10 bonds into instruction to bruno, is frozen, and the instruction expires:
/// the refund is parked. Returns the parked refund id.
fn parked_refund_of_alice(w: &mut World) -> u64 {
    w.issue("alice", 100);
    let id = w.instruction("alice", "bruno", 10, 10_000);
    let alice = w.a("alice");
    w.s.deliver(&alice, id, 10).unwrap();
    w.s.agent_exec(AgentMsg::Freeze {
        address: alice.to_string(),
        amount: None,
        legal_reference: "COURT-ORDER-7".into(),
    })
    .unwrap();
    w.s.advance(11 * 86_400);
    let res =
        w.s.escrow_exec(&alice, &escrow::ExecuteMsg::Expire { id })
            .unwrap();
    id_of(&res, "parked_id")
}

#[test]
fn the_agent_of_another_token_cannot_resolve_a_parked_refund() {
    let mut w = World::new();
    let (_token_b, agent_b) = second_token_with_its_agent(&mut w);
    let parked = parked_refund_of_alice(&mut w);
    let (alice, bruno) = (w.a("alice"), w.a("bruno"));

    let err =
        w.s.escrow_exec(
            &agent_b,
            &escrow::ExecuteMsg::ResolveParkedRefund {
                id: parked,
                recipient: bruno.to_string(),
                legal_reference: "NOT-MY-TOKEN".into(),
            },
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<dvp_escrow::ContractError>().unwrap(),
        dvp_escrow::ContractError::NotTokenTransferAgent {
            token: w.s.token.0.clone(),
            sender: agent_b.clone(),
        }
    );
    assert_eq!(w.s.tokens(&bruno), 0);
    assert_eq!(w.s.tokens(&w.s.escrow.0.clone()), 10);
    assert_eq!(w.s.tokens(&alice), 90);
    w.assert_invariants();

    // The token's own agent still resolves it.
    let agent = w.s.transfer_agent.clone();
    w.s.agent_exec(AgentMsg::Unfreeze {
        address: alice.to_string(),
        amount: None,
        legal_reference: "COURT-ORDER-7-LIFTED".into(),
    })
    .unwrap();
    w.s.escrow_exec(
        &agent,
        &escrow::ExecuteMsg::ResolveParkedRefund {
            id: parked,
            recipient: alice.to_string(),
            legal_reference: "COURT-ORDER-7-LIFTED".into(),
        },
    )
    .unwrap();
    assert_eq!(w.s.tokens(&alice), 100);
    w.assert_invariants();
}

#[test]
fn the_agent_of_another_token_cannot_push_redirect_or_cancel_allocations() {
    let mut w = World::new();
    let (_token_b, agent_b) = second_token_with_its_agent(&mut w);
    let offering = w.open_offering(100);
    let alice = w.a("alice");
    let escrow_addr = w.s.escrow.0.clone();
    w.s.fund(
        &alice,
        &escrow_addr,
        60 * sto_suite_tests::PRICE,
        sto_interface::common::EventRef::Offering { id: offering },
    )
    .unwrap();
    w.s.advance(8 * 86_400);
    w.s.escrow_exec(&alice, &escrow::ExecuteMsg::CloseOffering { id: offering })
        .unwrap();
    // Alice is frozen: her units stay pending.
    w.s.agent_exec(AgentMsg::Freeze {
        address: alice.to_string(),
        amount: None,
        legal_reference: "COURT-ORDER-8".into(),
    })
    .unwrap();

    let err =
        w.s.escrow_exec(
            &agent_b,
            &escrow::ExecuteMsg::PushClaims {
                offering_id: offering,
                start_after: None,
                limit: None,
            },
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<dvp_escrow::ContractError>().unwrap(),
        dvp_escrow::ContractError::NotIssuerOrAgent {
            offering_id: offering,
            sender: agent_b.clone(),
            role: Role::TransferAgent,
        }
    );
    let err =
        w.s.escrow_exec(
            &agent_b,
            &escrow::ExecuteMsg::CancelAllocation {
                offering_id: offering,
                subscriber: alice.to_string(),
                refund_to: None,
                legal_reference: "NOT-MY-TOKEN".into(),
            },
        )
        .unwrap_err();
    let expected = dvp_escrow::ContractError::NotTokenTransferAgent {
        token: w.s.token.0.clone(),
        sender: agent_b.clone(),
    };
    assert_eq!(
        err.downcast::<dvp_escrow::ContractError>().unwrap(),
        expected
    );
    let err =
        w.s.escrow_exec(
            &agent_b,
            &escrow::ExecuteMsg::RedirectAllocation {
                offering_id: offering,
                subscriber: alice.to_string(),
                recipient: w.a("bruno").to_string(),
                legal_reference: "NOT-MY-TOKEN".into(),
            },
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<dvp_escrow::ContractError>().unwrap(),
        expected
    );
    let sub: escrow::Subscription =
        w.s.app
            .wrap()
            .query_wasm_smart(
                &escrow_addr,
                &escrow::QueryMsg::Subscription {
                    offering_id: offering,
                    subscriber: alice.to_string(),
                },
            )
            .unwrap();
    assert!(sub.allocation_outcome.is_none() && !sub.refund_released);
    assert_eq!(
        w.s.offering(offering).unwrap().units_issued,
        Uint128::zero()
    );
    w.assert_invariants();
}

#[test]
fn the_distributor_holding_bonds_at_the_record_height_is_never_paid() {
    use cosmwasm_std::Decimal;
    use sto_interface::actions::{self, ActionKind, AmountBasis};
    use sto_suite_tests::USD;

    let mut w = World::new();
    w.issue("alice", 400);
    let (alice, distributor) = (w.a("alice"), w.s.distributor.0.clone());
    // Bonds sent to the distributor (a system account of the token) before the record height.
    w.s.token_exec(
        &alice,
        &token::ExecuteMsg::Transfer {
            recipient: distributor.to_string(),
            amount: Uint128::new(5),
        },
    )
    .unwrap();
    let res = w
        .announce(
            ActionKind::Coupon,
            AmountBasis::PerUnit {
                rate: Decimal::from_atomics(25 * USD, 0).unwrap(),
            },
            5,
            false,
        )
        .unwrap();
    let id = id_of(&res, "action_id");
    w.s.advance(60);
    w.attest();
    w.fund_action(id).unwrap();
    w.s.advance(86_400);

    let agent = w.s.paying_agent.clone();
    let res =
        w.s.distributor_exec(
            &agent,
            &actions::ExecuteMsg::Agent(actions::AgentMsg::PushClaims {
                action_id: id,
                holders: vec![distributor.to_string(), alice.to_string()],
            }),
        )
        .unwrap();
    assert_eq!(
        sto_testing::attr(&res, "skipped").as_deref(),
        Some(distributor.as_str())
    );
    assert_eq!(w.s.usd1_units(&distributor), 0);
    let a = w.s.action(id).unwrap();
    assert_eq!(a.paid.u128(), 395 * 25 * USD);
    w.assert_invariants();

    // Nor can a claim be redirected from or to a system account.
    let adapter = w.s.adapter.0.clone();
    for (holder, to, culprit) in [
        (&distributor, &alice, &distributor),
        (&alice, &adapter, &adapter),
    ] {
        let err =
            w.s.distributor_exec(
                &agent,
                &actions::ExecuteMsg::Agent(actions::AgentMsg::RedirectClaim {
                    action_id: id,
                    holder: holder.to_string(),
                    to: to.to_string(),
                    legal_reference: "REC-9".into(),
                }),
            )
            .unwrap_err();
        assert_eq!(
            err.downcast::<corporate_actions::ContractError>().unwrap(),
            corporate_actions::ContractError::SystemAccountNotPayable {
                id,
                account: culprit.clone(),
            }
        );
    }
    assert_eq!(w.s.usd1_units(&distributor), 0);
    w.assert_invariants();
}

#[test]
fn a_deadline_beyond_the_settlement_window_is_refused_and_the_window_is_bounded() {
    let mut w = World::new();
    w.issue("alice", 100);
    let (alice, bruno, owner) = (w.a("alice"), w.a("bruno"), w.s.owner.clone());
    let now = w.s.now();
    let fifty_years = now.plus_seconds(50 * 365 * 86_400);
    let create = |deadline| escrow::ExecuteMsg::CreateInstruction {
        token: w.s.token.0.to_string(),
        seller: alice.to_string(),
        buyer: bruno.to_string(),
        quantity: Uint128::new(10),
        cash_amount: Uint128::new(10_000),
        deadline,
        trade_reference: None,
        approver: None,
    };
    let (far, limit) = (
        create(fifty_years),
        create(now.plus_seconds(escrow::DEFAULT_MAX_SETTLEMENT_WINDOW)),
    );
    let err = w.s.escrow_exec(&alice, &far).unwrap_err();
    assert_eq!(
        err.downcast::<dvp_escrow::ContractError>().unwrap(),
        dvp_escrow::ContractError::DeadlineTooFar {
            deadline: fifty_years,
            latest: now.plus_seconds(escrow::DEFAULT_MAX_SETTLEMENT_WINDOW),
        }
    );
    // Exactly at the window is accepted.
    w.s.escrow_exec(&alice, &limit).unwrap();

    // The owner may shorten or lengthen the window, never beyond a year.
    let err =
        w.s.escrow_exec(
            &owner,
            &escrow::ExecuteMsg::UpdateLimits {
                max_settlement_window: Some(escrow::MAX_WINDOW_CEILING + 1),
                max_offering_window: None,
            },
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<dvp_escrow::ContractError>().unwrap(),
        dvp_escrow::ContractError::LimitOutOfRange {
            field: "max_settlement_window".into(),
            value: escrow::MAX_WINDOW_CEILING + 1,
            max: escrow::MAX_WINDOW_CEILING,
        }
    );
    // An offering closing 50 years out is refused too.
    let issuer = w.s.issuer.clone();
    let err =
        w.s.escrow_exec(
            &issuer,
            &escrow::ExecuteMsg::OpenOffering(escrow::OfferingTerms {
                token: w.s.token.0.to_string(),
                unit_price: Uint128::new(sto_suite_tests::PRICE),
                min_per_investor: Uint128::new(1),
                max_per_investor: Uint128::new(10),
                soft_cap: Uint128::new(1),
                hard_cap: Uint128::new(10),
                opens_at: now,
                closes_at: fifty_years,
                holding_period: None,
            }),
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<dvp_escrow::ContractError>().unwrap(),
        dvp_escrow::ContractError::OfferingWindowTooLong {
            closes_at: fifty_years,
            latest: now.plus_seconds(escrow::DEFAULT_MAX_OFFERING_WINDOW),
        }
    );
    w.assert_invariants();
}

#[test]
fn a_seller_withdraws_its_delivered_leg_while_the_buyer_has_not_paid() {
    let mut w = World::new();
    w.issue("alice", 100);
    let (alice, bruno) = (w.a("alice"), w.a("bruno"));
    let id = w.instruction("alice", "bruno", 10, 10_000);
    // The buyer agrees, the seller delivers, the buyer never pays.
    w.s.escrow_exec(&bruno, &escrow::ExecuteMsg::Affirm { id })
        .unwrap();
    w.s.deliver(&alice, id, 10).unwrap();
    assert_eq!(w.s.tokens(&alice), 90);

    let res =
        w.s.escrow_exec(&alice, &escrow::ExecuteMsg::Cancel { id })
            .unwrap();
    assert_eq!(sto_testing::attr(&res, "action").as_deref(), Some("cancel"));
    assert_eq!(
        w.s.instruction(id).unwrap().status,
        escrow::InstructionStatus::Cancelled
    );
    assert_eq!(w.s.tokens(&alice), 100);
    w.assert_invariants();

    // The other way round: the buyer paid, the seller never delivers.
    let id = w.instruction("alice", "bruno", 10, 10_000);
    let escrow_addr = w.s.escrow.0.clone();
    w.s.escrow_exec(&bruno, &escrow::ExecuteMsg::Affirm { id })
        .unwrap();
    w.s.fund(
        &bruno,
        &escrow_addr,
        10_000,
        sto_interface::common::EventRef::Settlement { id },
    )
    .unwrap();
    // The seller faces a delivered counterparty leg: its cancel is only a request. The buyer,
    // whose counterparty never delivered, withdraws its cash alone.
    let res =
        w.s.escrow_exec(&alice, &escrow::ExecuteMsg::Cancel { id })
            .unwrap();
    assert_eq!(
        sto_testing::attr(&res, "action").as_deref(),
        Some("request_cancel")
    );
    let bruno_usd1 = w.s.usd1_units(&bruno);
    w.s.escrow_exec(&bruno, &escrow::ExecuteMsg::Cancel { id })
        .unwrap();
    assert_eq!(
        w.s.instruction(id).unwrap().status,
        escrow::InstructionStatus::Cancelled
    );
    assert_eq!(w.s.usd1_units(&bruno), bruno_usd1 + 10_000);
    w.assert_invariants();
}

#[test]
fn an_offering_holding_period_locks_the_units_it_issues() {
    use sto_interface::common::EventRef;
    use sto_interface::token::ReasonCode;
    use sto_suite_tests::PRICE;

    let mut w = World::new();
    let (alice, bruno, issuer) = (w.a("alice"), w.a("bruno"), w.s.issuer.clone());
    let now = w.s.now();
    let terms = |holding_period| escrow::OfferingTerms {
        token: w.s.token.0.to_string(),
        unit_price: Uint128::new(PRICE),
        min_per_investor: Uint128::new(1),
        max_per_investor: Uint128::new(100),
        soft_cap: Uint128::new(1),
        hard_cap: Uint128::new(100),
        opens_at: now,
        closes_at: now.plus_seconds(7 * 86_400),
        holding_period,
    };
    let (too_long, half_year) = (
        terms(Some(escrow::MAX_HOLDING_PERIOD + 1)),
        terms(Some(180 * 86_400)),
    );
    let err =
        w.s.escrow_exec(&issuer, &escrow::ExecuteMsg::OpenOffering(too_long))
            .unwrap_err();
    assert_eq!(
        err.downcast::<dvp_escrow::ContractError>().unwrap(),
        dvp_escrow::ContractError::HoldingPeriodOutOfRange {
            holding_period: escrow::MAX_HOLDING_PERIOD + 1,
            max: escrow::MAX_HOLDING_PERIOD,
        }
    );
    let res =
        w.s.escrow_exec(&issuer, &escrow::ExecuteMsg::OpenOffering(half_year))
            .unwrap();
    let id = id_of(&res, "offering_id");
    let escrow_addr = w.s.escrow.0.clone();
    w.s.fund(&alice, &escrow_addr, 10 * PRICE, EventRef::Offering { id })
        .unwrap();
    w.s.advance(8 * 86_400);
    w.s.escrow_exec(&alice, &escrow::ExecuteMsg::CloseOffering { id })
        .unwrap();
    w.s.escrow_exec(&alice, &escrow::ExecuteMsg::Claim { offering_id: id })
        .unwrap();
    let claimed_at = w.s.now();

    let account: token::AccountResponse =
        w.s.token_query(&token::QueryMsg::Account {
            address: alice.to_string(),
        })
        .unwrap();
    assert_eq!(account.balance, Uint128::new(10));
    assert_eq!(
        account.locks,
        vec![token::Lock {
            amount: Uint128::new(10),
            until: claimed_at.plus_seconds(180 * 86_400),
        }]
    );
    let err =
        w.s.token_exec(
            &alice,
            &token::ExecuteMsg::Transfer {
                recipient: bruno.to_string(),
                amount: Uint128::new(1),
            },
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<security_token::ContractError>().unwrap(),
        security_token::ContractError::refused(ReasonCode::HoldingPeriodLocked)
    );
    w.assert_invariants();
}

/// A contract that answers like a token (every transfer allowed, every role held) and refuses
/// every message: traded, it would make a cancel or an expiry revert and trap the other leg.
fn hostile_token(w: &mut World) -> Addr {
    use cosmwasm_std::{
        to_json_binary, Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdError,
        StdResult,
    };
    use cw_multi_test::ContractWrapper;
    fn instantiate(_: DepsMut, _: Env, _: MessageInfo, _: Empty) -> StdResult<Response> {
        Ok(Response::new())
    }
    fn execute(_: DepsMut, _: Env, _: MessageInfo, _: token::ExecuteMsg) -> StdResult<Response> {
        Err(StdError::generic_err("hostile token refuses everything"))
    }
    fn query(_: Deps, _: Env, msg: token::QueryMsg) -> StdResult<Binary> {
        match msg {
            token::QueryMsg::CanTransfer { .. } => to_json_binary(&token::CanTransferResponse {
                allowed: true,
                refusals: vec![],
            }),
            token::QueryMsg::HasRole { role, address } => {
                to_json_binary(&sto_access::HasRoleResponse {
                    role,
                    address: Addr::unchecked(address),
                    has_role: true,
                })
            }
            _ => Err(StdError::generic_err("hostile token answers nothing else")),
        }
    }
    let code =
        w.s.app
            .store_code(Box::new(ContractWrapper::new(execute, instantiate, query)));
    let owner = w.s.owner.clone();
    w.s.app
        .instantiate_contract(code, owner, &Empty {}, &[], "hostile", None)
        .unwrap()
}

#[test]
fn a_contract_that_is_not_an_allowed_token_is_never_traded_or_offered() {
    use cosmwasm_std::HexBinary;

    let mut w = World::new();
    let hostile = hostile_token(&mut w);
    let (token_b, _) = second_token_with_its_agent(&mut w);
    let (alice, bruno, owner, issuer) = (
        w.a("alice"),
        w.a("bruno"),
        w.s.owner.clone(),
        w.s.issuer.clone(),
    );
    let deadline = w.s.now().plus_seconds(86_400);
    let create = |token: &Addr| escrow::ExecuteMsg::CreateInstruction {
        token: token.to_string(),
        seller: alice.to_string(),
        buyer: bruno.to_string(),
        quantity: Uint128::new(10),
        cash_amount: Uint128::new(10_000),
        deadline,
        trade_reference: None,
        approver: None,
    };
    let not_allowed = |token: &Addr| dvp_escrow::ContractError::TokenNotAllowed {
        token: token.clone(),
    };
    for token in [&hostile, &token_b] {
        let err = w.s.escrow_exec(&bruno, &create(token)).unwrap_err();
        assert_eq!(
            err.downcast::<dvp_escrow::ContractError>().unwrap(),
            not_allowed(token)
        );
    }
    let now = w.s.now();
    let err =
        w.s.escrow_exec(
            &issuer,
            &escrow::ExecuteMsg::OpenOffering(escrow::OfferingTerms {
                token: hostile.to_string(),
                unit_price: Uint128::new(10),
                min_per_investor: Uint128::new(1),
                max_per_investor: Uint128::new(10),
                soft_cap: Uint128::new(1),
                hard_cap: Uint128::new(10),
                opens_at: now,
                closes_at: now.plus_seconds(86_400),
                holding_period: None,
            }),
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<dvp_escrow::ContractError>().unwrap(),
        not_allowed(&hostile)
    );

    // The owner cannot allow it under the audited token code's checksum...
    let token_code =
        w.s.app
            .wrap()
            .query_wasm_contract_info(w.s.token.0.clone())
            .unwrap()
            .code_id;
    let audited = HexBinary::from(
        w.s.app
            .wrap()
            .query_wasm_code_info(token_code)
            .unwrap()
            .checksum
            .as_slice(),
    );
    let hostile_code =
        w.s.app
            .wrap()
            .query_wasm_contract_info(hostile.clone())
            .unwrap()
            .code_id;
    let actual = HexBinary::from(
        w.s.app
            .wrap()
            .query_wasm_code_info(hostile_code)
            .unwrap()
            .checksum
            .as_slice(),
    );
    let err =
        w.s.escrow_exec(
            &owner,
            &escrow::ExecuteMsg::AllowToken {
                token: hostile.to_string(),
                checksum: audited.clone(),
            },
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<dvp_escrow::ContractError>().unwrap(),
        dvp_escrow::ContractError::TokenChecksumMismatch {
            token: hostile.clone(),
            expected: audited.clone(),
            actual,
        }
    );
    // ... nor a genuine token that has not registered the escrow as a system account.
    let b_code =
        w.s.app
            .wrap()
            .query_wasm_contract_info(token_b.clone())
            .unwrap()
            .code_id;
    let b_checksum = HexBinary::from(
        w.s.app
            .wrap()
            .query_wasm_code_info(b_code)
            .unwrap()
            .checksum
            .as_slice(),
    );
    let err =
        w.s.escrow_exec(
            &owner,
            &escrow::ExecuteMsg::AllowToken {
                token: token_b.to_string(),
                checksum: b_checksum,
            },
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<dvp_escrow::ContractError>().unwrap(),
        dvp_escrow::ContractError::EscrowNotSystemAccount {
            token: token_b.clone()
        }
    );
    let allowed: escrow::AllowedTokensResponse =
        w.s.app
            .wrap()
            .query_wasm_smart(
                &w.s.escrow.0,
                &escrow::QueryMsg::AllowedTokens {
                    start_after: None,
                    limit: None,
                },
            )
            .unwrap();
    assert_eq!(allowed.tokens.len(), 1);
    assert_eq!(allowed.tokens[0].token, w.s.token.0);
    w.assert_invariants();
}

#[test]
fn assets_sent_to_the_escrow_or_the_distributor_by_plain_transfer_are_returned_never_beyond_the_surplus(
) {
    use sto_interface::actions;
    use sto_interface::cash::AssetInfoUnchecked;
    use sto_interface::common::EventRef;

    let mut w = World::new();
    w.issue("alice", 100);
    let (alice, bruno, owner) = (w.a("alice"), w.a("bruno"), w.s.owner.clone());
    let (escrow_addr, distributor) = (w.s.escrow.0.clone(), w.s.distributor.0.clone());
    let (bond, usd1) = (w.s.token.0.clone(), w.s.usd1.addr());
    let id = w.instruction("alice", "bruno", 10, 10_000);
    w.s.deliver(&alice, id, 10).unwrap();

    // Mistaken plain transfers: bonds and USD1 to the escrow, USD1 to the distributor.
    w.s.token_exec(
        &alice,
        &token::ExecuteMsg::Transfer {
            recipient: escrow_addr.to_string(),
            amount: Uint128::new(5),
        },
    )
    .unwrap();
    for (to, amount) in [(&escrow_addr, 1_000u128), (&distributor, 700)] {
        w.s.app
            .execute_contract(
                bruno.clone(),
                usd1.clone(),
                &cw20::Cw20ExecuteMsg::Transfer {
                    recipient: to.to_string(),
                    amount: Uint128::new(amount),
                },
                &[],
            )
            .unwrap();
    }
    let bond_asset = AssetInfoUnchecked::Cw20 {
        address: bond.to_string(),
    };
    let usd1_asset = AssetInfoUnchecked::Cw20 {
        address: usd1.to_string(),
    };
    let figures: escrow::SurplusResponse =
        w.s.app
            .wrap()
            .query_wasm_smart(
                &escrow_addr,
                &escrow::QueryMsg::Surplus {
                    asset: bond_asset.clone(),
                },
            )
            .unwrap();
    assert_eq!(
        (
            figures.held.u128(),
            figures.owed.u128(),
            figures.surplus.u128()
        ),
        (15, 10, 5)
    );

    // Never beyond the surplus: the open leg stays whole.
    let give_back =
        |asset: &AssetInfoUnchecked, to: &Addr, amount: u128| escrow::ExecuteMsg::ReturnSurplus {
            asset: asset.clone(),
            recipient: to.to_string(),
            amount: Uint128::new(amount),
            reference: "MISTAKEN-TRANSFER-1".into(),
        };
    let err =
        w.s.escrow_exec(&owner, &give_back(&bond_asset, &alice, 6))
            .unwrap_err();
    assert_eq!(
        err.downcast::<dvp_escrow::ContractError>().unwrap(),
        dvp_escrow::ContractError::AboveSurplus {
            asset: format!("cw20:{bond}"),
            requested: Uint128::new(6),
            surplus: Uint128::new(5),
        }
    );
    // Only the owner returns.
    let err =
        w.s.escrow_exec(&alice, &give_back(&bond_asset, &alice, 5))
            .unwrap_err();
    assert_eq!(
        err.downcast::<dvp_escrow::ContractError>().unwrap(),
        dvp_escrow::ContractError::Access(sto_access::AccessError::Ownership(
            sto_access::OwnershipError::NotOwner
        ))
    );

    w.s.escrow_exec(&owner, &give_back(&bond_asset, &alice, 5))
        .unwrap();
    w.s.escrow_exec(&owner, &give_back(&usd1_asset, &bruno, 1_000))
        .unwrap();
    let before = w.s.usd1_units(&bruno);
    w.s.distributor_exec(
        &owner,
        &actions::ExecuteMsg::ReturnSurplus {
            asset: usd1_asset.clone(),
            recipient: bruno.to_string(),
            amount: Uint128::new(700),
            reference: "MISTAKEN-TRANSFER-2".into(),
        },
    )
    .unwrap();
    assert_eq!(w.s.usd1_units(&bruno), before + 700);
    assert_eq!(w.s.tokens(&alice), 90);
    let figures: escrow::SurplusResponse =
        w.s.app
            .wrap()
            .query_wasm_smart(
                &escrow_addr,
                &escrow::QueryMsg::Surplus { asset: bond_asset },
            )
            .unwrap();
    assert_eq!((figures.surplus.u128(), figures.returned.u128()), (0, 5));
    let figures: escrow::SurplusResponse =
        w.s.app
            .wrap()
            .query_wasm_smart(
                &distributor,
                &actions::QueryMsg::Surplus { asset: usd1_asset },
            )
            .unwrap();
    assert_eq!((figures.held.u128(), figures.returned.u128()), (0, 700));
    w.assert_invariants();

    // The open instruction still settles with the escrowed leg.
    w.s.fund(&bruno, &escrow_addr, 10_000, EventRef::Settlement { id })
        .unwrap();
    assert_eq!(w.s.tokens(&bruno), 10);
    w.assert_invariants();
}

#[test]
fn cash_follows_a_redirected_or_cancelled_allocation_to_the_investors_new_wallet() {
    use sto_interface::common::EventRef;
    use sto_interface::registry;
    use sto_suite_tests::PRICE;

    let mut w = World::new();
    let (alice, bruno, agent) = (w.a("alice"), w.a("bruno"), w.s.transfer_agent.clone());
    let (alice_new, bruno_new) = (w.a("alice_new"), w.a("bruno_new"));
    for (investor, wallet) in [("INV-ALICE", &alice_new), ("INV-BRUNO", &bruno_new)] {
        w.s.compliance_exec(&registry::ExecuteMsg::AddWallet {
            investor_id: investor.into(),
            wallet: wallet.to_string(),
        })
        .unwrap();
    }
    // Oversubscribed two to one: each is allotted 50 and owed the cash of 50 back.
    let offering = w.open_offering(100);
    let escrow_addr = w.s.escrow.0.clone();
    for who in [&alice, &bruno] {
        w.s.fund(
            who,
            &escrow_addr,
            100 * PRICE,
            EventRef::Offering { id: offering },
        )
        .unwrap();
    }
    w.s.advance(8 * 86_400);
    w.s.escrow_exec(&alice, &escrow::ExecuteMsg::CloseOffering { id: offering })
        .unwrap();
    // Both wallets are lost: the transfer agent freezes them.
    for lost in [&alice, &bruno] {
        w.s.agent_exec(AgentMsg::Freeze {
            address: lost.to_string(),
            amount: None,
            legal_reference: "LOST-KEY-1".into(),
        })
        .unwrap();
    }
    let (alice_usd1, bruno_usd1) = (w.s.usd1_units(&alice), w.s.usd1_units(&bruno));

    w.s.escrow_exec(
        &agent,
        &escrow::ExecuteMsg::RedirectAllocation {
            offering_id: offering,
            subscriber: alice.to_string(),
            recipient: alice_new.to_string(),
            legal_reference: "LOST-KEY-1".into(),
        },
    )
    .unwrap();
    assert_eq!(w.s.tokens(&alice_new), 50);
    assert_eq!(w.s.usd1_units(&alice_new), 50 * PRICE);
    assert_eq!(w.s.usd1_units(&alice), alice_usd1);

    // A refund to a wallet of another investor is refused; to the investor's new one, paid.
    let cancel = |to: &Addr| escrow::ExecuteMsg::CancelAllocation {
        offering_id: offering,
        subscriber: bruno.to_string(),
        refund_to: Some(to.to_string()),
        legal_reference: "LOST-KEY-2".into(),
    };
    let err = w.s.escrow_exec(&agent, &cancel(&alice_new)).unwrap_err();
    assert_eq!(
        err.downcast::<dvp_escrow::ContractError>().unwrap(),
        dvp_escrow::ContractError::NotSameInvestor {
            investor_id: "INV-BRUNO".into(),
            recipient: alice_new.clone(),
        }
    );
    w.s.escrow_exec(&agent, &cancel(&bruno_new)).unwrap();
    assert_eq!(w.s.usd1_units(&bruno_new), 100 * PRICE);
    assert_eq!(w.s.usd1_units(&bruno), bruno_usd1);
    w.assert_invariants();
}

#[test]
fn dvp_proceeds_follow_a_recovered_seller_to_its_new_wallet() {
    use sto_interface::common::EventRef;
    use sto_interface::registry;

    let mut w = World::new();
    w.issue("alice", 100);
    let (alice, bruno, agent) = (w.a("alice"), w.a("bruno"), w.s.transfer_agent.clone());
    let alice_new = w.a("alice_new");
    let id = w.instruction("alice", "bruno", 10, 10_000);
    w.s.deliver(&alice, id, 10).unwrap();
    // Alice loses her key: a new wallet joins her investor, the old one leaves, the agent
    // recovers her holdings.
    w.s.compliance_exec(&registry::ExecuteMsg::AddWallet {
        investor_id: "INV-ALICE".into(),
        wallet: alice_new.to_string(),
    })
    .unwrap();
    w.s.compliance_exec(&registry::ExecuteMsg::RemoveWallet {
        investor_id: "INV-ALICE".into(),
        wallet: alice.to_string(),
    })
    .unwrap();
    w.s.agent_exec(AgentMsg::RecoverWallet {
        lost: alice.to_string(),
        new_wallet: alice_new.to_string(),
        legal_reference: "AFFIDAVIT-9".into(),
    })
    .unwrap();

    let redirect = |to: &Addr| escrow::ExecuteMsg::RedirectParty {
        id,
        party: alice.to_string(),
        to: to.to_string(),
        legal_reference: "AFFIDAVIT-9".into(),
    };
    let erin = w.a("erin");
    let err = w.s.escrow_exec(&agent, &redirect(&erin)).unwrap_err();
    assert_eq!(
        err.downcast::<dvp_escrow::ContractError>().unwrap(),
        dvp_escrow::ContractError::NotSameInvestor {
            investor_id: "INV-ALICE".into(),
            recipient: erin.clone(),
        }
    );
    w.s.escrow_exec(&agent, &redirect(&alice_new)).unwrap();
    let instr = w.s.instruction(id).unwrap();
    assert_eq!(instr.seller, alice_new);
    w.assert_invariants();

    // The buyer pays: the trade settles and the cash goes to the investor's new wallet.
    let escrow_addr = w.s.escrow.0.clone();
    let alice_usd1 = w.s.usd1_units(&alice);
    let new_usd1 = w.s.usd1_units(&alice_new);
    w.s.fund(&bruno, &escrow_addr, 10_000, EventRef::Settlement { id })
        .unwrap();
    assert_eq!(
        w.s.instruction(id).unwrap().status,
        escrow::InstructionStatus::Settled
    );
    assert_eq!(w.s.usd1_units(&alice_new), new_usd1 + 10_000);
    assert_eq!(w.s.usd1_units(&alice), alice_usd1);
    assert_eq!(w.s.tokens(&bruno), 10);
    w.assert_invariants();
}

#[test]
fn a_claim_deadline_beyond_the_claim_window_is_refused() {
    use sto_interface::actions::{self, ActionKind, AmountBasis, MAX_CLAIM_WINDOW};

    let mut w = World::new();
    w.issue("alice", 100);
    let agent = w.s.paying_agent.clone();
    let now = w.s.now();
    let fifty_years = now.plus_seconds(50 * 365 * 86_400);
    let err =
        w.s.distributor_exec(
            &agent,
            &actions::ExecuteMsg::Agent(actions::AgentMsg::Announce {
                token: w.s.token.0.to_string(),
                kind: ActionKind::Coupon,
                record_height: w.s.height() + 5,
                basis: AmountBasis::Total {
                    amount: Uint128::new(1_000),
                },
                payment_time: now.plus_seconds(86_400),
                claim_deadline: fifty_years,
                withholding: false,
                reclaim_address: w.s.issuer.to_string(),
            }),
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<corporate_actions::ContractError>().unwrap(),
        corporate_actions::ContractError::ClaimDeadlineTooFar {
            claim_deadline: fifty_years,
            latest: now.plus_seconds(MAX_CLAIM_WINDOW),
        }
    );
    w.assert_invariants();
}
