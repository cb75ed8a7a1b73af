//! Cash holds: placement and its refusals, hold-and-notify, execution by the notary to the
//! payee's account, partial execution, release (notary any time, anyone once expired),
//! deposit-and-affirm, reserve health gating and the notary register.

use cosmwasm_std::{StdError, Uint128};
use sto_access::{AccessError, OwnershipError};
use sto_interface::cash::{ExecuteMsg, NotariesResponse, QueryMsg, DEFAULT_MAX_HOLD_DURATION};
use sto_interface::hold::HoldStatus;
use sto_testing::notary::{NotaryStubMsg, NotaryStubQuery, Notification};

use crate::both_modes;
use crate::suite::*;
use cash_adapter::ContractError;

/// Alice (`INV-A`) with 1,000 in her account and Bob (`INV-B`) with an empty one.
fn funded(s: &mut Suite) {
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    s.deposit(&alice, 1_000, None, None).unwrap();
    s.exec(&bob, &ExecuteMsg::OpenAccount {}).unwrap();
}

fn execute(id: u64, amount: Option<u128>) -> ExecuteMsg {
    ExecuteMsg::ExecuteHold {
        id,
        amount: amount.map(Uint128::new),
    }
}

fn notifications(s: &Suite) -> Vec<Notification> {
    s.app
        .wrap()
        .query_wasm_smart(&s.notary, &NotaryStubQuery::Notifications {})
        .unwrap()
}

both_modes! {
    fn a_hold_is_stored_the_notary_notified_and_executed_to_the_payee(s) {
        funded(&mut s);
        let alice = s.alice.clone();
        let notary = s.notary.clone();
        let res = s.place_hold(&alice, None, s.hold_request("INV-B", 400, 3_600, false)).unwrap();
        assert_eq!(s.attr(&res, "action").as_deref(), Some("place_hold"));
        assert_eq!(s.attr(&res, "hold_id").as_deref(), Some("1"));
        let acct = s.account("INV-A");
        assert_eq!((acct.balance.u128(), acct.held.u128(), acct.available.u128()), (1_000, 400, 600));
        let hold = s.cash_hold(1);
        assert_eq!(hold.owner, "INV-A");
        assert_eq!(hold.payee, "INV-B");
        assert_eq!(hold.placed_by, alice);
        assert_eq!(hold.status, HoldStatus::Open);
        // The published raw layout answers the same hold.
        let raw = sto_interface::cash::layout::query_cash_hold(&s.app.wrap(), &s.adapter, 1).unwrap();
        assert_eq!(raw, Some(hold.clone()));
        let notes = notifications(&s);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].from, s.adapter.to_string());
        assert_eq!(notes[0].hold, hold);
        s.assert_invariant();

        let res = s.as_notary(&notary, &execute(1, None)).unwrap();
        assert_eq!(s.attr(&res, "action").as_deref(), Some("execute_hold"));
        assert_eq!(s.attr(&res, "status").as_deref(), Some("executed"));
        assert_eq!(s.account("INV-A").balance.u128(), 600);
        assert_eq!(s.account("INV-A").held.u128(), 0);
        assert_eq!(s.account("INV-B").balance.u128(), 400);
        assert_eq!(s.cash_hold(1).status, HoldStatus::Executed);
        assert_eq!(s.balance(&s.adapter), 1_000);
        s.assert_invariant();

        // Double execution.
        let before = s.snapshot();
        let err = s.as_notary(&notary, &execute(1, None)).unwrap_err();
        assert_eq!(contract_err(err), ContractError::HoldNotOpen { id: 1, status: HoldStatus::Executed });
        assert_eq!(s.snapshot(), before);
    }
}

both_modes! {
    fn a_notary_refusing_the_hold_reverts_its_placement(s) {
        funded(&mut s);
        let (alice, owner, notary) = (s.alice.clone(), s.owner.clone(), s.notary.clone());
        s.app.execute_contract(owner, notary, &NotaryStubMsg::SetRefuse { refuse: true }, &[]).unwrap();
        let before = s.snapshot();
        let err = s.place_hold(&alice, None, s.hold_request("INV-B", 400, 3_600, false)).unwrap_err();
        assert_eq!(err.downcast::<StdError>().unwrap(), StdError::generic_err("notary refuses the hold"));
        assert_eq!(s.snapshot(), before);
        assert_eq!(s.account("INV-A").held.u128(), 0);
    }
}

both_modes! {
    fn every_bad_placement_is_refused_with_its_values_and_nothing_changes(s) {
        funded(&mut s);
        let (alice, mallory) = (s.alice.clone(), s.mallory.clone());
        let now = s.now();
        let before = s.snapshot();

        let err = s.place_hold(&alice, None, s.hold_request("INV-B", 1_001, 3_600, false)).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::InsufficientAvailable { account: "INV-A".into(), available: Uint128::new(1_000), requested: Uint128::new(1_001) }
        );
        let err = s.place_hold(&alice, None, s.hold_request("INV-B", 0, 3_600, false)).unwrap_err();
        assert_eq!(contract_err(err), ContractError::ZeroAmount);
        let mut past = s.hold_request("INV-B", 10, 0, false);
        past.expires = now;
        let err = s.place_hold(&alice, None, past).unwrap_err();
        assert_eq!(contract_err(err), ContractError::HoldExpiryPassed { expires: now, now });
        let err = s
            .place_hold(&alice, None, s.hold_request("INV-B", 10, DEFAULT_MAX_HOLD_DURATION + 1, false))
            .unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::HoldExpiryTooFar {
                expires: now.plus_seconds(DEFAULT_MAX_HOLD_DURATION + 1),
                latest: now.plus_seconds(DEFAULT_MAX_HOLD_DURATION),
            }
        );
        let mut unknown = s.hold_request("INV-B", 10, 3_600, false);
        unknown.notary = s.stranger_notary.to_string();
        let err = s.place_hold(&alice, None, unknown).unwrap_err();
        assert_eq!(contract_err(err), ContractError::UnknownNotary { notary: s.stranger_notary.to_string() });
        let err = s.place_hold(&alice, None, s.hold_request("INV-C", 10, 3_600, false)).unwrap_err();
        assert_eq!(contract_err(err), ContractError::UnknownAccount { key: "INV-C".into() });
        let err = s.place_hold(&mallory, Some("INV-A"), s.hold_request("INV-B", 10, 3_600, false)).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::NotAccountOperator { account: "INV-A".into(), sender: mallory.clone() }
        );
        assert_eq!(s.snapshot(), before);

        // The maximum duration itself is accepted.
        s.place_hold(&alice, None, s.hold_request("INV-B", 10, DEFAULT_MAX_HOLD_DURATION, false)).unwrap();
        s.assert_invariant();
    }
}

both_modes! {
    fn execution_is_the_notarys_before_expiry_within_the_remainder(s) {
        funded(&mut s);
        let (alice, mallory, notary) = (s.alice.clone(), s.mallory.clone(), s.notary.clone());
        let stranger = s.stranger_notary.clone();
        s.place_hold(&alice, None, s.hold_request("INV-B", 300, 3_600, false)).unwrap();
        s.place_hold(&alice, None, s.hold_request("INV-B", 200, 3_600, true)).unwrap();
        let before = s.snapshot();

        // Strangers: a wallet and another contract.
        let err = s.exec(&mallory, &execute(1, None)).unwrap_err();
        assert_eq!(contract_err(err), ContractError::NotHoldNotary { id: 1, notary: notary.clone() });
        let err = s.as_notary(&stranger, &execute(1, None)).unwrap_err();
        assert_eq!(contract_err(err), ContractError::NotHoldNotary { id: 1, notary: notary.clone() });
        // Above the remainder; part of a non-partial hold; zero; unknown hold.
        let err = s.as_notary(&notary, &execute(1, Some(301))).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::AboveHoldRemainder { id: 1, remaining: Uint128::new(300), requested: Uint128::new(301) }
        );
        let err = s.as_notary(&notary, &execute(1, Some(100))).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::PartialExecutionRefused { id: 1, remaining: Uint128::new(300), requested: Uint128::new(100) }
        );
        let err = s.as_notary(&notary, &execute(1, Some(0))).unwrap_err();
        assert_eq!(contract_err(err), ContractError::ZeroAmount);
        let err = s.as_notary(&notary, &execute(9, None)).unwrap_err();
        assert_eq!(contract_err(err), ContractError::HoldNotFound { id: 9 });
        assert_eq!(s.snapshot(), before);

        // A partial hold executes in parts, then is executed.
        s.as_notary(&notary, &execute(2, Some(50))).unwrap();
        let hold = s.cash_hold(2);
        assert_eq!((hold.executed.u128(), hold.remaining().u128(), hold.status), (50, 150, HoldStatus::Open));
        let err = s.as_notary(&notary, &execute(2, Some(151))).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::AboveHoldRemainder { id: 2, remaining: Uint128::new(150), requested: Uint128::new(151) }
        );
        s.as_notary(&notary, &execute(2, Some(150))).unwrap();
        assert_eq!(s.cash_hold(2).status, HoldStatus::Executed);
        assert_eq!(s.account("INV-B").balance.u128(), 200);
        s.assert_invariant();

        // At expiry: no longer executable (the one boundary rule), releasable by anyone.
        let expires = s.cash_hold(1).expires;
        s.advance(3_600);
        assert_eq!(s.now(), expires);
        let err = s.as_notary(&notary, &execute(1, None)).unwrap_err();
        assert_eq!(contract_err(err), ContractError::HoldExpired { id: 1, expires, now: expires });
        let res = s.exec(&mallory, &ExecuteMsg::ReleaseHold { id: 1 }).unwrap();
        assert_eq!(s.attr(&res, "action").as_deref(), Some("release_hold"));
        assert_eq!(s.attr(&res, "amount").as_deref(), Some("300"));
        assert_eq!(s.cash_hold(1).status, HoldStatus::Released);
        assert_eq!(s.account("INV-A").held.u128(), 0);
        assert_eq!(s.account("INV-A").available.u128(), 800);
        s.assert_invariant();
    }
}

both_modes! {
    fn release_is_the_notarys_before_expiry_and_anyones_after(s) {
        funded(&mut s);
        let (alice, mallory, notary) = (s.alice.clone(), s.mallory.clone(), s.notary.clone());
        s.place_hold(&alice, None, s.hold_request("INV-B", 300, 100, false)).unwrap();
        s.place_hold(&alice, None, s.hold_request("INV-B", 200, 100, false)).unwrap();
        let before = s.snapshot();
        let err = s.exec(&mallory, &ExecuteMsg::ReleaseHold { id: 1 }).unwrap_err();
        assert_eq!(contract_err(err), ContractError::NotHoldNotary { id: 1, notary: notary.clone() });
        let err = s.exec(&alice, &ExecuteMsg::ReleaseHold { id: 1 }).unwrap_err();
        assert_eq!(contract_err(err), ContractError::NotHoldNotary { id: 1, notary: notary.clone() });
        assert_eq!(s.snapshot(), before);
        s.as_notary(&notary, &ExecuteMsg::ReleaseHold { id: 1 }).unwrap();
        assert_eq!(s.account("INV-A").held.u128(), 200);
        let err = s.as_notary(&notary, &ExecuteMsg::ReleaseHold { id: 1 }).unwrap_err();
        assert_eq!(contract_err(err), ContractError::HoldNotOpen { id: 1, status: HoldStatus::Released });
        // One second before expiry a stranger still cannot; at expiry it can, even while the
        // cash leg is unhealthy and halted.
        s.advance(99);
        let err = s.exec(&mallory, &ExecuteMsg::ReleaseHold { id: 2 }).unwrap_err();
        assert_eq!(contract_err(err), ContractError::NotHoldNotary { id: 2, notary });
        s.advance(MAX_AGE);
        let owner = s.owner.clone();
        s.exec(&owner, &ExecuteMsg::HaltFundings { reason: "stop".into() }).unwrap();
        s.exec(&mallory, &ExecuteMsg::ReleaseHold { id: 2 }).unwrap();
        assert_eq!(s.account("INV-A").held.u128(), 0);
        s.assert_invariant();
    }
}

both_modes! {
    fn reserve_health_gates_placement_and_execution_never_release_or_withdrawal(s) {
        funded(&mut s);
        let (alice, notary) = (s.alice.clone(), s.notary.clone());
        s.place_hold(&alice, None, s.hold_request("INV-B", 100, DEFAULT_MAX_HOLD_DURATION, false)).unwrap();
        s.place_hold(&alice, None, s.hold_request("INV-B", 100, DEFAULT_MAX_HOLD_DURATION, false)).unwrap();
        s.advance(MAX_AGE + 1);
        let reasons = s.status().reasons;
        assert!(!reasons.is_empty());
        let before = s.snapshot();
        let err = s.place_hold(&alice, None, s.hold_request("INV-B", 10, 3_600, false)).unwrap_err();
        assert_eq!(contract_err(err), ContractError::CashLegUnhealthy { reasons: reasons.clone() });
        let hold = s.hold_request("INV-B", 10, 3_600, false);
        let err = s.deposit(&alice, 10, None, Some(hold)).unwrap_err();
        assert_eq!(contract_err(err), ContractError::CashLegUnhealthy { reasons: reasons.clone() });
        let err = s.as_notary(&notary, &execute(1, None)).unwrap_err();
        assert_eq!(contract_err(err), ContractError::CashLegUnhealthy { reasons });
        assert_eq!(s.snapshot(), before);
        // Releases, book entries, withdrawals and plain deposits go on.
        s.as_notary(&notary, &ExecuteMsg::ReleaseHold { id: 2 }).unwrap();
        s.deposit(&alice, 10, None, None).unwrap();
        s.transfer_cash(&alice, None, "INV-B", 10).unwrap();
        s.withdraw(&alice, None, 10, None).unwrap();
        // A fresh attestation restores execution.
        let now = s.now();
        s.attest(1_000, 1_000, now).unwrap();
        s.as_notary(&notary, &execute(1, None)).unwrap();
        assert_eq!(s.account("INV-B").balance.u128(), 110);
        s.assert_invariant();
    }
}

both_modes! {
    fn deposit_and_affirm_places_the_hold_from_the_deposit_in_one_transaction(s) {
        let (alice, bob) = (s.alice.clone(), s.bob.clone());
        s.exec(&bob, &ExecuteMsg::OpenAccount {}).unwrap();
        let hold = s.hold_request("INV-B", 250, 3_600, false);
        let res = s.deposit(&alice, 250, None, Some(hold)).unwrap();
        assert_eq!(s.attr(&res, "action").as_deref(), Some("deposit_and_hold"));
        assert_eq!(s.attr(&res, "hold_id").as_deref(), Some("1"));
        let acct = s.account("INV-A");
        assert_eq!((acct.balance.u128(), acct.held.u128()), (250, 250));
        assert_eq!(notifications(&s).len(), 1);
        s.assert_invariant();
        // A hold above the deposit (nothing else available) reverts the deposit too.
        let before = s.snapshot();
        let hold = s.hold_request("INV-B", 251, 3_600, false);
        let err = s.deposit(&alice, 250, None, Some(hold)).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::InsufficientAvailable { account: "INV-A".into(), available: Uint128::new(250), requested: Uint128::new(251) }
        );
        assert_eq!(s.snapshot(), before);
    }
}

both_modes! {
    fn a_blocked_owners_hold_cannot_be_executed_but_can_be_released(s) {
        funded(&mut s);
        let (alice, notary) = (s.alice.clone(), s.notary.clone());
        s.place_hold(&alice, None, s.hold_request("INV-B", 300, 3_600, false)).unwrap();
        s.block("INV-A");
        let before = s.snapshot();
        let err = s.as_notary(&notary, &execute(1, None)).unwrap_err();
        assert_eq!(contract_err(err), ContractError::AccountBlocked { account: "INV-A".into() });
        assert_eq!(s.snapshot(), before);
        s.as_notary(&notary, &ExecuteMsg::ReleaseHold { id: 1 }).unwrap();
        // A hold paying a blocked payee is executed: the account receives.
        s.unblock("INV-A");
        s.place_hold(&alice, None, s.hold_request("INV-B", 300, 3_600, false)).unwrap();
        s.block("INV-B");
        s.as_notary(&notary, &execute(2, None)).unwrap();
        assert_eq!(s.account("INV-B").balance.u128(), 300);
        s.assert_invariant();
    }
}

both_modes! {
    fn an_operator_places_holds_for_the_account_and_its_block_status_is_checked(s) {
        funded(&mut s);
        let (alice, notary) = (s.alice.clone(), s.notary.clone());
        let custodian = s.app.api().addr_make("custodian");
        s.exec(&alice, &ExecuteMsg::AuthorizeOperator { account: None, operator: custodian.to_string(), limit: Uint128::new(1_000_000) }).unwrap();
        s.place_hold(&custodian, Some("INV-A"), s.hold_request("INV-B", 100, 3_600, false)).unwrap();
        assert_eq!(s.cash_hold(1).placed_by, custodian);
        s.block("INV-A");
        let err = s.as_notary(&notary, &execute(1, None)).unwrap_err();
        assert_eq!(contract_err(err), ContractError::AccountBlocked { account: "INV-A".into() });
        s.unblock("INV-A");
        s.as_notary(&notary, &execute(1, None)).unwrap();
        assert_eq!(s.account("INV-B").balance.u128(), 100);
        s.assert_invariant();
    }
}

both_modes! {
    fn notaries_and_the_hold_duration_are_the_owners_checked_both_ways(s) {
        let (owner, mallory) = (s.owner.clone(), s.mallory.clone());
        let stranger = s.stranger_notary.clone();
        let not_owner = || ContractError::Access(AccessError::Ownership(OwnershipError::NotOwner));
        let register = ExecuteMsg::RegisterNotary { address: stranger.to_string() };
        let err = s.exec(&mallory, &register).unwrap_err();
        assert_eq!(contract_err(err), not_owner());
        let err = s.exec(&owner, &ExecuteMsg::RegisterNotary { address: mallory.to_string() }).unwrap_err();
        assert_eq!(contract_err(err), ContractError::NotaryNotAContract { address: mallory.clone() });
        s.exec(&owner, &register).unwrap();
        let err = s.exec(&owner, &register).unwrap_err();
        assert_eq!(contract_err(err), ContractError::NotaryAlreadyRegistered { notary: stranger.clone() });
        let page: NotariesResponse = s.query(&QueryMsg::Notaries { start_after: None, limit: None });
        assert_eq!(page.notaries.len(), 2);
        let deregister = ExecuteMsg::DeregisterNotary { address: stranger.to_string() };
        let err = s.exec(&mallory, &deregister).unwrap_err();
        assert_eq!(contract_err(err), not_owner());
        s.exec(&owner, &deregister).unwrap();
        let err = s.exec(&owner, &deregister).unwrap_err();
        assert_eq!(contract_err(err), ContractError::UnknownNotary { notary: stranger.to_string() });

        let update = |duration: u64| ExecuteMsg::UpdateConfig {
            registry: None,
            max_attestation_age: None,
            min_coverage: None,
            redemption_address: None,
            redemption_service_period: None,
            max_hold_duration: Some(duration),
        };
        let err = s.exec(&mallory, &update(60)).unwrap_err();
        assert_eq!(contract_err(err), not_owner());
        let err = s.exec(&owner, &update(0)).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::HoldDurationOutOfRange { duration: 0, max: sto_interface::cash::MAX_HOLD_DURATION_LIMIT }
        );
        s.exec(&owner, &update(60)).unwrap();
        funded(&mut s);
        let alice = s.alice.clone();
        let now = s.now();
        let err = s.place_hold(&alice, None, s.hold_request("INV-B", 1, 61, false)).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::HoldExpiryTooFar { expires: now.plus_seconds(61), latest: now.plus_seconds(60) }
        );
    }
}
