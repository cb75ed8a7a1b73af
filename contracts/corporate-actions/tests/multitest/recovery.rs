//! A lost wallet recovered after the record height: the paying agent redirects its claim to
//! the investor's new wallet.

use cosmwasm_std::{Addr, Decimal, Uint128};
use cw_multi_test::Executor;
use sto_interface::actions::{ActionKind, AgentMsg};
use sto_interface::{registry, token};

use corporate_actions::ContractError;

use crate::suite::*;

/// Give alice (`INV-A`) a second wallet, announce `kind` at 1 USD1 per unit, recover alice's
/// wallet to the new one after the record height, fund, move to the payment time.
fn recovered(suite: &mut Suite, kind: ActionKind, remove_lost: bool) -> (u64, Addr) {
    let alice2 = suite.app.api().addr_make("alice2");
    let (officer, registry, ta) = (
        suite.officer.clone(),
        suite.registry.clone(),
        suite.transfer_agent.clone(),
    );
    suite
        .app
        .execute_contract(
            officer.clone(),
            registry.clone(),
            &registry::ExecuteMsg::AddWallet {
                investor_id: "INV-A".to_string(),
                wallet: alice2.to_string(),
            },
            &[],
        )
        .unwrap();
    let id = suite.announce(kind, per_unit(Decimal::one()), true);
    suite.next_block();
    let alice = suite.alice.clone();
    suite
        .token_exec(
            &ta,
            &token::ExecuteMsg::Agent(token::AgentMsg::RecoverWallet {
                lost: alice.to_string(),
                new_wallet: alice2.to_string(),
                legal_reference: "REC-2026-17".to_string(),
            }),
        )
        .unwrap();
    if remove_lost {
        suite
            .app
            .execute_contract(
                officer,
                registry,
                &registry::ExecuteMsg::RemoveWallet {
                    investor_id: "INV-A".to_string(),
                    wallet: alice.to_string(),
                },
                &[],
            )
            .unwrap();
    }
    let required = suite.required(id);
    suite.fund(id, required).unwrap();
    let payment = suite.action(id).payment_time;
    suite.advance_to(payment);
    (id, alice2)
}

fn redirect(suite: &mut Suite, id: u64, to: &Addr) -> cw_multi_test::AppResponse {
    let (agent, alice) = (suite.agent.clone(), suite.alice.clone());
    suite
        .agent_exec(
            &agent,
            AgentMsg::RedirectClaim {
                action_id: id,
                holder: alice.to_string(),
                to: to.to_string(),
                legal_reference: "REC-2026-17".to_string(),
            },
        )
        .unwrap()
}

#[test]
fn a_coupon_for_a_recovered_wallet_is_paid_to_the_new_wallet() {
    let mut suite = Suite::new();
    let (id, alice2) = recovered(&mut suite, ActionKind::Coupon, true);
    let alice = suite.alice.clone();
    // The lost wallet was removed from the registry: the token's booking names its investor.
    let res = redirect(&mut suite, id, &alice2);
    assert_eq!(attr(&res, "action").as_deref(), Some("redirect_claim"));
    assert_eq!(
        attr(&res, "legal_reference").as_deref(),
        Some("REC-2026-17")
    );
    assert_eq!(attr(&res, "investor_id").as_deref(), Some("INV-A"));

    let res = suite.push(id, &[&alice]).unwrap();
    let ev = &claim_events(&res)[0];
    assert_eq!(ev.holder, alice.to_string());
    assert_eq!(ev.paid_to, alice2.to_string());
    // US investor: no withholding, paid to the new wallet, nothing to the lost one.
    assert_eq!((suite.money(&alice2), suite.money(&alice)), (1_000, 0));
    let status = suite.claim_of(id, &alice).unwrap();
    assert_eq!(status.paid_to, alice2);
    // The redirect and its legal reference are kept and shown in the claim event.
    let redirect_ref = res
        .events
        .iter()
        .find(|e| e.ty == "wasm-corporate_action_claim")
        .and_then(|e| e.attributes.iter().find(|a| a.key == "redirect_reference"))
        .map(|a| a.value.clone());
    assert_eq!(redirect_ref.as_deref(), Some("REC-2026-17"));
    let before = suite.snapshot();
    let err = contract_err(suite.claim(&alice, id).unwrap_err());
    assert_eq!(
        err,
        ContractError::AlreadyClaimed {
            id,
            holder: alice.clone()
        }
    );
    assert_eq!(suite.snapshot(), before);
    suite.assert_books(id);
}

#[test]
fn a_final_redemption_for_a_recovered_wallet_burns_and_pays_the_new_wallet() {
    let mut suite = Suite::new();
    let (id, alice2) = recovered(&mut suite, ActionKind::FinalRedemption, false);
    let alice = suite.alice.clone();
    // Without the redirect the lost wallet has nothing to redeem.
    let before = suite.snapshot();
    let err = contract_err(suite.claim(&alice, id).unwrap_err());
    assert_eq!(
        err,
        ContractError::NothingToRedeem {
            id,
            holder: alice.clone(),
            wallet: alice.clone(),
            outstanding: Uint128::new(1_000),
        }
    );
    assert_eq!(suite.snapshot(), before);

    redirect(&mut suite, id, &alice2);
    let ent = suite.entitlement(id, &alice);
    assert_eq!(
        (ent.paid_to.clone(), ent.units.u128()),
        (alice2.clone(), 1_000)
    );
    assert!(ent.redirect.is_some());
    // Even a claim sent from the lost wallet pays (and burns from) the new wallet only.
    let res = suite.claim(&alice, id).unwrap();
    let ev = &claim_events(&res)[0];
    assert_eq!(
        (ev.paid_to.clone(), ev.burnt.u128()),
        (alice2.to_string(), 1_000)
    );
    // Both wallets are investor INV-A's: its cash account received the principal, no wallet
    // received USD1.
    assert_eq!((suite.units(&alice2), suite.cash(&alice2)), (0, 1_000));
    assert_eq!((suite.usd1(&alice), suite.usd1(&alice2)), (0, 0));
    // The rest of the holders: the supply ends at zero.
    let (bob, carol, dave) = (suite.bob.clone(), suite.carol.clone(), suite.dave.clone());
    suite.push(id, &[&bob, &carol, &dave, &alice2]).unwrap();
    assert_eq!(suite.supply(), 0);
    let a = suite.action(id);
    assert_eq!(a.claimed_units, a.record_supply.unwrap());
    suite.assert_books(id);
}

#[test]
fn a_redirect_can_be_replaced_or_removed_by_the_agent() {
    let mut suite = Suite::new();
    let (id, alice2) = recovered(&mut suite, ActionKind::FinalRedemption, false);
    let alice = suite.alice.clone();
    redirect(&mut suite, id, &alice2);
    // Naming the holder itself removes the redirect.
    let res = redirect(&mut suite, id, &alice);
    assert_eq!(
        attr(&res, "action").as_deref(),
        Some("remove_claim_redirect")
    );
    assert_eq!(attr(&res, "previous_to"), Some(alice2.to_string()));
    let status: sto_interface::actions::ClaimStatusResponse =
        suite.query(&sto_interface::actions::QueryMsg::ClaimStatus {
            action_id: id,
            holder: alice.to_string(),
        });
    assert_eq!(status.redirect, None);
    assert_eq!(suite.entitlement(id, &alice).paid_to, alice);
    // Redirected again, the claim is paid to the new wallet.
    redirect(&mut suite, id, &alice2);
    let status: sto_interface::actions::ClaimStatusResponse =
        suite.query(&sto_interface::actions::QueryMsg::ClaimStatus {
            action_id: id,
            holder: alice.to_string(),
        });
    let r = status.redirect.unwrap();
    assert_eq!((r.to, r.investor_id.as_str()), (alice2.clone(), "INV-A"));
    assert_eq!(r.legal_reference, "REC-2026-17");
    suite.push(id, &[&alice]).unwrap();
    assert_eq!(suite.money(&alice2), 1_000);
    suite.assert_books(id);
}

#[test]
fn a_redirect_to_a_wallet_that_became_never_payable_is_refused_at_claim() {
    let mut suite = Suite::new();
    let (id, alice2) = recovered(&mut suite, ActionKind::Coupon, false);
    redirect(&mut suite, id, &alice2);
    // After the redirect, the distributor's owner configures the new wallet as the escrow (a
    // never-payable account; the token refuses to make a holding wallet a system account).
    let owner = suite.owner.clone();
    suite
        .exec(
            &owner,
            &sto_interface::actions::ExecuteMsg::UpdateConfig {
                registry: None,
                escrow: Some(sto_interface::actions::EscrowUpdate::Set {
                    address: alice2.to_string(),
                }),
                withholding_account: None,
                default_withholding_rate: None,
            },
        )
        .unwrap();
    let alice = suite.alice.clone();
    let before = suite.snapshot();
    let err = contract_err(suite.claim(&alice, id).unwrap_err());
    assert_eq!(
        err,
        ContractError::SystemAccountNotPayable {
            id,
            account: alice2.clone()
        }
    );
    assert_eq!(suite.snapshot(), before);
    // A push skips it.
    let res = suite.push(id, &[&alice]).unwrap();
    assert_eq!(attr(&res, "skipped").as_deref(), Some(alice.as_str()));
    assert_eq!(suite.claim_of(id, &alice), None);
}
