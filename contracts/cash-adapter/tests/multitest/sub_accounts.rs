//! Action sub-accounts: funding by deposit and by book entry, payments (paid and withheld) and
//! the reclaim, to the unit; overpayment, non-owners and reserve health.

use cosmwasm_std::{Addr, Uint128};
use sto_interface::cash::{
    ExecuteMsg, QueryMsg, SubAccountPayment, SubAccountPaymentKind, SubAccountResponse,
    SubAccountsResponse, UnhealthyReason,
};
use sto_interface::registry::Ineligibility;

use crate::both_modes;
use crate::suite::*;
use cash_adapter::ContractError;

const ACTION: &str = "action:7";

fn fund_sub(
    s: &mut Suite,
    depositor: &Addr,
    amount: u128,
    client: &Addr,
    reference: &str,
) -> anyhow::Result<cw_multi_test::AppResponse> {
    let msg = s
        .handle()
        .sub_account_funding_msg(
            &s.asset,
            Uint128::new(amount),
            client.to_string(),
            reference,
        )
        .unwrap();
    let res = s.app.execute(depositor.clone(), msg);
    s.log(res)
}

fn transfer_to_sub(
    s: &mut Suite,
    sender: &Addr,
    from: Option<&str>,
    amount: u128,
    client: &Addr,
) -> anyhow::Result<cw_multi_test::AppResponse> {
    s.exec(
        sender,
        &ExecuteMsg::TransferToSubAccount {
            from: from.map(str::to_string),
            client: client.to_string(),
            reference: ACTION.to_string(),
            amount: Uint128::new(amount),
        },
    )
}

fn payment(account: &str, amount: u128, kind: SubAccountPaymentKind) -> SubAccountPayment {
    SubAccountPayment {
        account: account.to_string(),
        amount: Uint128::new(amount),
        kind,
    }
}

fn pay(
    s: &mut Suite,
    client: &Addr,
    payments: Vec<SubAccountPayment>,
) -> anyhow::Result<cw_multi_test::AppResponse> {
    s.exec(
        client,
        &ExecuteMsg::PayFromSubAccount {
            reference: ACTION.to_string(),
            payments,
        },
    )
}

fn reclaim(
    s: &mut Suite,
    client: &Addr,
    account: &str,
) -> anyhow::Result<cw_multi_test::AppResponse> {
    s.exec(
        client,
        &ExecuteMsg::ReclaimSubAccount {
            reference: ACTION.to_string(),
            account: account.to_string(),
        },
    )
}

fn sub(s: &Suite, client: &Addr) -> SubAccountResponse {
    s.query(&QueryMsg::SubAccount {
        client: client.to_string(),
        reference: ACTION.to_string(),
    })
}

fn attrs(res: &cw_multi_test::AppResponse, key: &str) -> Vec<String> {
    res.events
        .iter()
        .filter(|e| e.ty == "wasm")
        .flat_map(|e| e.attributes.iter())
        .filter(|a| a.key == key)
        .map(|a| a.value.clone())
        .collect()
}

both_modes! {
    fn a_sub_account_is_funded_paid_withheld_and_reclaimed_to_the_unit(s) {
        let (alice, bob, mallory, client) =
            (s.alice.clone(), s.bob.clone(), s.mallory.clone(), s.client_a.clone());
        // A depositor is screened as a pool funding's payer: mallory (in no registry) is
        // refused and nothing changes; an eligible wallet funds by deposit; an account by
        // book entry.
        let before = s.snapshot();
        let err = fund_sub(&mut s, &mallory, 600, &client, ACTION).unwrap_err();
        assert!(
            matches!(contract_err(err), ContractError::PayerIneligible { ref payer, .. } if *payer == mallory)
        );
        assert_eq!(s.snapshot(), before);
        let res = fund_sub(&mut s, &alice, 600, &client, ACTION).unwrap();
        assert_eq!(s.attr(&res, "action").as_deref(), Some("fund_sub_account"));
        assert_eq!(s.attr(&res, "client"), Some(client.to_string()));
        assert_eq!(s.attr(&res, "reference").as_deref(), Some(ACTION));
        assert_eq!(s.attr(&res, "account"), Some(alice.to_string()));
        assert_eq!(s.attr(&res, "kind").as_deref(), Some("deposit"));
        s.deposit(&bob, 500, None, None).unwrap();
        let res = transfer_to_sub(&mut s, &bob, None, 401, &client).unwrap();
        assert_eq!(s.attr(&res, "account").as_deref(), Some("INV-B"));
        assert_eq!(s.attr(&res, "kind").as_deref(), Some("book_entry"));
        assert_eq!(s.attr(&res, "balance").as_deref(), Some("1001"));
        assert_eq!(s.account("INV-B").balance.u128(), 99);
        s.assert_invariant();

        // A claim: paid to the holder and withheld to the tax authority's account in one message.
        let res = pay(&mut s, &client, vec![
            payment("INV-A", 300, SubAccountPaymentKind::Paid),
            payment(TAX_AUTHORITY, 45, SubAccountPaymentKind::Withheld),
        ]).unwrap();
        assert_eq!(s.attr(&res, "action").as_deref(), Some("pay_from_sub_account"));
        assert_eq!(attrs(&res, "account"), vec!["INV-A".to_string(), TAX_AUTHORITY.to_string()]);
        assert_eq!(attrs(&res, "amount"), vec!["300".to_string(), "45".to_string()]);
        assert_eq!(attrs(&res, "kind"), vec!["paid".to_string(), "withheld".to_string()]);
        assert_eq!(s.attr(&res, "balance").as_deref(), Some("656"));
        pay(&mut s, &client, vec![payment("INV-C", 200, SubAccountPaymentKind::Paid)]).unwrap();
        assert_eq!(s.account("INV-A").balance.u128(), 300);
        assert_eq!(s.account(TAX_AUTHORITY).balance.u128(), 45);
        assert_eq!(s.account("INV-C").balance.u128(), 200);
        s.assert_invariant();

        // The reclaim takes exactly what is left.
        let res = reclaim(&mut s, &client, client.as_str()).unwrap();
        assert_eq!(s.attr(&res, "action").as_deref(), Some("reclaim_sub_account"));
        assert_eq!(s.attr(&res, "amount").as_deref(), Some("456"));
        assert_eq!(s.attr(&res, "kind").as_deref(), Some("reclaimed"));
        let after = sub(&s, &client);
        assert_eq!(
            (after.funded.u128(), after.paid.u128(), after.withheld.u128(), after.reclaimed.u128(), after.balance.u128()),
            (1_001, 500, 45, 456, 0)
        );
        assert_eq!(after.paid + after.withheld + after.reclaimed, after.funded);
        assert_eq!(s.account(client.as_str()).balance.u128(), 456);
        // The raw record (published layout) agrees.
        let raw = s.handle().sub_account(&s.app.wrap(), &client, ACTION).unwrap().unwrap();
        assert_eq!(SubAccountResponse::new(client.clone(), ACTION.to_string(), &raw), after);
        let page: SubAccountsResponse = s.query(&QueryMsg::SubAccounts { client: client.to_string(), start_after: None, limit: None });
        assert_eq!(page.sub_accounts, vec![after]);
        assert!(!page.has_more);
        s.assert_invariant();
    }
}

both_modes! {
    fn overpaying_a_sub_account_is_refused_with_the_values_and_changes_nothing(s) {
        let (alice, client) = (s.alice.clone(), s.client_a.clone());
        fund_sub(&mut s, &alice, 100, &client, ACTION).unwrap();
        let before = (s.snapshot(), sub(&s, &client));
        let err = pay(&mut s, &client, vec![
            payment("INV-B", 60, SubAccountPaymentKind::Paid),
            payment(TAX_AUTHORITY, 41, SubAccountPaymentKind::Withheld),
        ]).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::SubAccountOverdrawn { client: client.clone(), reference: ACTION.into(), balance: Uint128::new(100), requested: Uint128::new(101) }
        );
        let err = pay(&mut s, &client, vec![payment("INV-B", 0, SubAccountPaymentKind::Paid)]).unwrap_err();
        assert_eq!(contract_err(err), ContractError::ZeroAmount);
        let err = pay(&mut s, &client, vec![]).unwrap_err();
        assert_eq!(contract_err(err), ContractError::InvalidPaymentCount { count: 0, max: 8 });
        let nine = (0..9).map(|_| payment("INV-B", 1, SubAccountPaymentKind::Paid)).collect();
        let err = pay(&mut s, &client, nine).unwrap_err();
        assert_eq!(contract_err(err), ContractError::InvalidPaymentCount { count: 9, max: 8 });
        assert_eq!((s.snapshot(), sub(&s, &client)), before);

        // Paying exactly the balance is allowed; then nothing is left to pay or reclaim.
        pay(&mut s, &client, vec![payment("INV-B", 100, SubAccountPaymentKind::Paid)]).unwrap();
        let err = pay(&mut s, &client, vec![payment("INV-B", 1, SubAccountPaymentKind::Paid)]).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::SubAccountOverdrawn { client: client.clone(), reference: ACTION.into(), balance: Uint128::zero(), requested: Uint128::new(1) }
        );
        let err = reclaim(&mut s, &client, "INV-A").unwrap_err();
        assert_eq!(contract_err(err), ContractError::SubAccountEmpty { client: client.clone(), reference: ACTION.into() });
        s.assert_invariant();
    }
}

both_modes! {
    fn only_the_owning_client_pays_or_reclaims_its_sub_account(s) {
        let (alice, mallory, client, other) = (s.alice.clone(), s.mallory.clone(), s.client_a.clone(), s.client_b.clone());
        fund_sub(&mut s, &alice, 100, &client, ACTION).unwrap();
        let before = (s.snapshot(), sub(&s, &client));
        for sender in [&other, &mallory] {
            let not_found = ContractError::SubAccountNotFound { client: sender.clone(), reference: ACTION.into() };
            let err = pay(&mut s, sender, vec![payment("INV-B", 10, SubAccountPaymentKind::Paid)]).unwrap_err();
            assert_eq!(contract_err(err), not_found);
            let err = reclaim(&mut s, sender, "INV-B").unwrap_err();
            assert_eq!(contract_err(err), not_found);
        }
        assert_eq!((s.snapshot(), sub(&s, &client)), before);
        // The owner can.
        pay(&mut s, &client, vec![payment("INV-B", 10, SubAccountPaymentKind::Paid)]).unwrap();
        reclaim(&mut s, &client, "INV-A").unwrap();
        assert_eq!(s.account("INV-A").balance.u128(), 90);
        s.assert_invariant();
    }
}

both_modes! {
    fn payments_and_reclaims_work_while_unhealthy_but_funding_is_refused(s) {
        let (alice, owner, client) = (s.alice.clone(), s.owner.clone(), s.client_a.clone());
        fund_sub(&mut s, &alice, 500, &client, ACTION).unwrap();
        s.deposit(&alice, 200, None, None).unwrap();
        s.advance(MAX_AGE + 1);
        let unhealthy = ContractError::CashLegUnhealthy {
            reasons: vec![UnhealthyReason::Stale { age_seconds: MAX_AGE + 1, max_age_seconds: MAX_AGE }],
        };
        let before = (s.snapshot(), sub(&s, &client));
        let err = fund_sub(&mut s, &alice, 50, &client, ACTION).unwrap_err();
        assert_eq!(contract_err(err), unhealthy);
        let err = transfer_to_sub(&mut s, &alice, None, 50, &client).unwrap_err();
        assert_eq!(contract_err(err), unhealthy);
        assert_eq!((s.snapshot(), sub(&s, &client)), before);

        // Claims on the funded action go on, to a blocked investor's account too, and the rest
        // is reclaimed while fundings are halted.
        s.block("INV-B");
        pay(&mut s, &client, vec![
            payment("INV-B", 120, SubAccountPaymentKind::Paid),
            payment(TAX_AUTHORITY, 30, SubAccountPaymentKind::Withheld),
        ]).unwrap();
        assert_eq!(s.account("INV-B").balance.u128(), 120);
        assert!(s.account("INV-B").blocked);
        s.exec(&owner, &ExecuteMsg::HaltFundings { reason: "stop".into() }).unwrap();
        reclaim(&mut s, &client, client.as_str()).unwrap();
        let after = sub(&s, &client);
        assert_eq!(after.paid + after.withheld + after.reclaimed, after.funded);
        assert_eq!(after.reclaimed.u128(), 350);
        s.assert_invariant();
    }
}

both_modes! {
    fn funding_a_sub_account_needs_an_active_client_a_valid_reference_and_a_payer_that_may_pay(s) {
        let (alice, bob, owner, client) = (s.alice.clone(), s.bob.clone(), s.owner.clone(), s.client_a.clone());
        let custodian = s.app.api().addr_make("custodian");
        s.deposit(&alice, 500, None, None).unwrap();
        let before = s.snapshot();
        let stranger = s.instantiate_client("stranger", true);
        let err = fund_sub(&mut s, &alice, 10, &stranger, ACTION).unwrap_err();
        assert_eq!(contract_err(err), ContractError::UnknownClient { client: stranger.to_string() });
        let err = fund_sub(&mut s, &alice, 10, &client, "").unwrap_err();
        assert_eq!(contract_err(err), ContractError::InvalidText { field: "reference".into(), max: 64 });
        let err = transfer_to_sub(&mut s, &alice, None, 501, &client).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::InsufficientAvailable { account: "INV-A".into(), available: Uint128::new(500), requested: Uint128::new(501) }
        );
        let err = transfer_to_sub(&mut s, &bob, Some("INV-A"), 10, &client).unwrap_err();
        assert_eq!(contract_err(err), ContractError::NotAccountOperator { account: "INV-A".into(), sender: bob.clone() });

        assert_eq!(s.snapshot(), before);

        // The operator's book entry into a sub-account consumes its limit.
        s.exec(&alice, &ExecuteMsg::AuthorizeOperator { account: None, operator: custodian.to_string(), limit: Uint128::new(40) }).unwrap();
        let before_op = s.snapshot();
        let err = transfer_to_sub(&mut s, &custodian, Some("INV-A"), 41, &client).unwrap_err();
        assert_eq!(contract_err(err), ContractError::OperatorLimitExceeded { limit: Uint128::new(40), needed: Uint128::new(41) });
        assert_eq!(s.snapshot(), before_op);
        transfer_to_sub(&mut s, &custodian, Some("INV-A"), 40, &client).unwrap();
        assert_eq!(s.account("INV-A").operator_limit, Some(Uint128::zero()));
        assert_eq!(sub(&s, &client).funded.u128(), 40);

        // A blocked investor funds neither by deposit nor from its account.
        s.block("INV-A");
        let err = fund_sub(&mut s, &alice, 10, &client, ACTION).unwrap_err();
        assert_eq!(contract_err(err), ContractError::PayerIneligible { payer: alice.clone(), reason: Ineligibility::Blocked });
        let err = transfer_to_sub(&mut s, &alice, None, 10, &client).unwrap_err();
        assert_eq!(contract_err(err), ContractError::AccountBlocked { account: "INV-A".into() });
        s.unblock("INV-A");

        // A deactivated client's sub-accounts take no new funding; their payments go on.
        s.exec(&owner, &ExecuteMsg::DeactivateClient { address: client.to_string() }).unwrap();
        let err = fund_sub(&mut s, &alice, 10, &client, ACTION).unwrap_err();
        assert_eq!(contract_err(err), ContractError::ClientInactive { client: client.clone() });
        pay(&mut s, &client, vec![payment("INV-B", 40, SubAccountPaymentKind::Paid)]).unwrap();
        assert_eq!(s.account("INV-B").balance.u128(), 40);
        s.assert_invariant();
    }
}
