//! Role and ownership checks, both ways.

use cosmwasm_std::{Addr, Decimal};
use cw_multi_test::Executor;
use sto_access::{AccessError, OwnershipAction, OwnershipError, Role, RoleAction};
use sto_interface::actions::{
    ActionKind, AgentMsg, Config, EscrowUpdate, ExecuteMsg, MigrateMsg, QueryMsg,
};

use corporate_actions::ContractError;

use crate::suite::*;

fn missing_agent(who: &Addr) -> ContractError {
    ContractError::Access(AccessError::MissingRole {
        role: Role::PayingAgent,
        address: who.to_string(),
    })
}

fn not_owner() -> ContractError {
    ContractError::Access(AccessError::Ownership(OwnershipError::NotOwner))
}

#[test]
fn the_owner_grants_and_revokes_the_paying_agent_role() {
    let mut suite = Suite::new();
    let (owner, alice) = (suite.owner.clone(), suite.alice.clone());
    let grant = ExecuteMsg::UpdateRoles(RoleAction::Grant {
        role: Role::PayingAgent,
        address: alice.to_string(),
    });
    // Not the owner: refused.
    let err = contract_err(suite.exec(&alice, &grant).unwrap_err());
    assert_eq!(err, not_owner());
    // Roles this contract does not use: refused.
    let err = contract_err(
        suite
            .exec(
                &owner,
                &ExecuteMsg::UpdateRoles(RoleAction::Grant {
                    role: Role::CheckpointOpener,
                    address: alice.to_string(),
                }),
            )
            .unwrap_err(),
    );
    assert_eq!(
        err,
        ContractError::Access(AccessError::RoleNotUsed {
            role: Role::CheckpointOpener,
            used: "paying_agent".to_string(),
        })
    );

    suite.exec(&owner, &grant).unwrap();
    suite.token_grant(Role::PayingAgent, &alice).unwrap();
    let msg = suite.announcement(ActionKind::Coupon, per_unit(Decimal::one()), false);
    suite.agent_exec(&alice, msg).unwrap();

    suite
        .exec(
            &owner,
            &ExecuteMsg::UpdateRoles(RoleAction::Revoke {
                role: Role::PayingAgent,
                address: alice.to_string(),
            }),
        )
        .unwrap();
    let msg = suite.announcement(ActionKind::Coupon, per_unit(Decimal::one()), false);
    let err = contract_err(suite.agent_exec(&alice, msg).unwrap_err());
    assert_eq!(err, missing_agent(&alice));
}

#[test]
fn agent_messages_need_the_paying_agent_role() {
    let mut suite = Suite::new();
    let id = suite.payable(ActionKind::Coupon, per_unit(Decimal::one()), false);
    let (alice, bob, agent) = (suite.alice.clone(), suite.bob.clone(), suite.agent.clone());
    let deadline = suite.action(id).claim_deadline;
    for msg in [
        AgentMsg::PushClaims {
            action_id: id,
            holders: vec![bob.to_string()],
        },
        AgentMsg::Cancel { action_id: id },
        AgentMsg::Close { action_id: id },
    ] {
        let before = suite.snapshot();
        let err = contract_err(suite.agent_exec(&alice, msg).unwrap_err());
        assert_eq!(err, missing_agent(&alice));
        assert_eq!(suite.snapshot(), before);
    }
    // The agent may.
    suite.push(id, &[&bob]).unwrap();
    suite.advance_to(deadline);
    suite
        .agent_exec(&agent, AgentMsg::Close { action_id: id })
        .unwrap();
}

#[test]
fn only_the_owner_sets_withholding_rates_and_configuration() {
    let mut suite = Suite::new();
    let (owner, alice, agent) = (
        suite.owner.clone(),
        suite.alice.clone(),
        suite.agent.clone(),
    );
    for sender in [&alice, &agent] {
        let err = contract_err(
            suite
                .set_rates(sender, &[("DE", Some(Decimal::percent(10)))])
                .unwrap_err(),
        );
        assert_eq!(err, not_owner());
        let err = contract_err(
            suite
                .exec(
                    sender,
                    &ExecuteMsg::UpdateConfig {
                        registry: None,
                        escrow: Some(EscrowUpdate::Remove {}),
                        withholding_account: None,
                        default_withholding_rate: None,
                    },
                )
                .unwrap_err(),
        );
        assert_eq!(err, not_owner());
    }
    let err = contract_err(
        suite
            .set_rates(&owner, &[("DE", Some(Decimal::percent(101)))])
            .unwrap_err(),
    );
    assert_eq!(
        err,
        ContractError::RateAboveOne {
            field: "withholding rate".to_string(),
            rate: Decimal::percent(101),
        }
    );
    let err = contract_err(
        suite
            .exec(
                &owner,
                &ExecuteMsg::UpdateConfig {
                    registry: None,
                    escrow: None,
                    withholding_account: None,
                    default_withholding_rate: None,
                },
            )
            .unwrap_err(),
    );
    assert_eq!(err, ContractError::NothingToUpdate);

    suite
        .set_rates(&owner, &[("DE", Some(Decimal::percent(10))), ("FR", None)])
        .unwrap();
    let tax2 = suite.app.api().addr_make("tax2");
    suite
        .exec(
            &owner,
            &ExecuteMsg::UpdateConfig {
                registry: None,
                escrow: Some(EscrowUpdate::Remove {}),
                withholding_account: Some(tax2.to_string()),
                default_withholding_rate: Some(Decimal::percent(20)),
            },
        )
        .unwrap();
    let config: Config = suite.query(&QueryMsg::Config {});
    assert_eq!(config.escrow, None);
    assert_eq!(config.withholding_account, tax2);
    assert_eq!(config.default_withholding_rate, Decimal::percent(20));

    // The new rates apply to the next claims: DE 10 %, FR falls back to the default 20 %.
    let id = suite.payable(ActionKind::Coupon, per_unit(Decimal::one()), true);
    let (bob, carol) = (suite.bob.clone(), suite.carol.clone());
    suite.claim(&bob, id).unwrap();
    suite.claim(&carol, id).unwrap();
    // floor(2000 × 0.1) + floor(3333 × 0.2)
    assert_eq!(suite.money(&tax2), 200 + 666);
}

#[test]
fn ownership_moves_in_two_steps() {
    let mut suite = Suite::new();
    let (owner, alice) = (suite.owner.clone(), suite.alice.clone());
    suite
        .exec(
            &owner,
            &ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
                new_owner: alice.to_string(),
                expiry: None,
            }),
        )
        .unwrap();
    // Until accepted, the old owner keeps the powers.
    suite
        .set_rates(&owner, &[("IT", Some(Decimal::percent(26)))])
        .unwrap();
    let err = contract_err(
        suite
            .set_rates(&alice, &[("IT", Some(Decimal::percent(1)))])
            .unwrap_err(),
    );
    assert_eq!(err, not_owner());

    suite
        .exec(
            &alice,
            &ExecuteMsg::UpdateOwnership(OwnershipAction::AcceptOwnership),
        )
        .unwrap();
    suite
        .set_rates(&alice, &[("IT", Some(Decimal::percent(1)))])
        .unwrap();
    let err = contract_err(
        suite
            .set_rates(&owner, &[("IT", Some(Decimal::percent(2)))])
            .unwrap_err(),
    );
    assert_eq!(err, not_owner());
}

#[test]
fn migrate_accepts_the_same_version() {
    let mut suite = Suite::new();
    let (owner, distributor, code) = (
        suite.owner.clone(),
        suite.distributor.clone(),
        suite.distributor_code,
    );
    let res = suite
        .app
        .migrate_contract(owner, distributor, &MigrateMsg {}, code)
        .unwrap();
    assert_eq!(attr(&res, "action").as_deref(), Some("migrate"));
}

fn not_token_agent(suite: &Suite, who: &Addr) -> ContractError {
    ContractError::NotTokenPayingAgent {
        token: suite.token.clone(),
        address: who.clone(),
    }
}

/// Grant `who` the distributor's `paying_agent` role only (not the token's).
fn distributor_agent_only(suite: &mut Suite, who: &Addr) {
    let owner = suite.owner.clone();
    suite
        .exec(
            &owner,
            &ExecuteMsg::UpdateRoles(RoleAction::Grant {
                role: Role::PayingAgent,
                address: who.to_string(),
            }),
        )
        .unwrap();
}

#[test]
fn announcing_needs_the_paying_agent_role_on_the_token_too() {
    let mut suite = Suite::new();
    let mallory = suite.mallory.clone();
    distributor_agent_only(&mut suite, &mallory);
    // A paying agent of the distributor, not of this token, cannot announce on it, not even a
    // final redemption for a total of 1 unit.
    for kind in [ActionKind::FinalRedemption, ActionKind::Coupon] {
        let msg = suite.announcement(kind, total(1), false);
        let before = suite.snapshot();
        let err = contract_err(suite.agent_exec(&mallory, msg).unwrap_err());
        assert_eq!(err, not_token_agent(&suite, &mallory));
        assert_eq!(suite.snapshot(), before);
    }
    // Once the token's owner grants it the token's role, it may.
    suite.token_grant(Role::PayingAgent, &mallory).unwrap();
    let msg = suite.announcement(ActionKind::Coupon, per_unit(Decimal::one()), false);
    suite.agent_exec(&mallory, msg).unwrap();
    // And the suite's agent loses it when the token's owner revokes it.
    let agent = suite.agent.clone();
    suite.token_revoke(Role::PayingAgent, &agent).unwrap();
    let msg = suite.announcement(ActionKind::Coupon, per_unit(Decimal::one()), false);
    let err = contract_err(suite.agent_exec(&agent, msg).unwrap_err());
    assert_eq!(err, not_token_agent(&suite, &agent));
}

#[test]
fn cancel_push_and_redirect_re_check_the_tokens_role_and_close_does_not() {
    let mut suite = Suite::new();
    let mallory = suite.mallory.clone();
    distributor_agent_only(&mut suite, &mallory);
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());

    // Cancel of an action announced by the token's agent.
    let pending = suite.announce(ActionKind::Coupon, per_unit(Decimal::one()), false);
    let before = suite.snapshot();
    let err = contract_err(
        suite
            .agent_exec(&mallory, AgentMsg::Cancel { action_id: pending })
            .unwrap_err(),
    );
    assert_eq!(err, not_token_agent(&suite, &mallory));
    assert_eq!(suite.snapshot(), before);

    // Push (it burns holders' tokens in a final redemption) and redirect.
    let id = suite.payable(ActionKind::FinalRedemption, per_unit(Decimal::one()), false);
    for msg in [
        AgentMsg::PushClaims {
            action_id: id,
            holders: vec![bob.to_string()],
        },
        AgentMsg::RedirectClaim {
            action_id: id,
            holder: alice.to_string(),
            to: bob.to_string(),
            legal_reference: "REC-1".to_string(),
        },
    ] {
        let before = suite.snapshot();
        let err = contract_err(suite.agent_exec(&mallory, msg).unwrap_err());
        assert_eq!(err, not_token_agent(&suite, &mallory));
        assert_eq!(suite.snapshot(), before);
    }
    assert_eq!(suite.units(&bob), 2_000);
    // The token's agent may push.
    suite.push(id, &[&bob]).unwrap();
    assert_eq!(suite.units(&bob), 0);

    // Close only returns the remainder to the reclaim address fixed at announce: any paying
    // agent of the distributor may, so the remainder is never trapped by a token role change.
    let deadline = suite.action(id).claim_deadline;
    suite.advance_to(deadline);
    suite
        .agent_exec(&mallory, AgentMsg::Close { action_id: id })
        .unwrap();
    suite.assert_conserved(id);
}
