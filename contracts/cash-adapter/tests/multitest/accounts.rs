//! Cash accounts: deposits (own, operator, `send_from`), operators, book entries, withdrawals,
//! blocked accounts, the transfer agent and the off-ramp from an account.

use cosmwasm_std::{to_json_binary, Addr, Uint128};
use sto_access::{AccessError, Role};
use sto_interface::cash::{ExecuteMsg, QueryMsg, RedemptionRequest, RedemptionStatus};

use crate::both_modes;
use crate::suite::*;
use cash_adapter::ContractError;

/// `spender` deposits `amount` naming `account`: a CW20 `send_from` out of `owner`'s USD1 with
/// the owner's allowance (CW20 mode), or a native `deposit` with the spender's own coins.
fn deposit_as_spender(
    s: &mut Suite,
    owner: &Addr,
    spender: &Addr,
    amount: u128,
    account: &str,
) -> anyhow::Result<cw_multi_test::AppResponse> {
    match s.asset.clone() {
        sto_interface::cash::AssetInfo::Cw20 { address } => {
            s.app
                .execute_contract(
                    owner.clone(),
                    address.clone(),
                    &cw20::Cw20ExecuteMsg::IncreaseAllowance {
                        spender: spender.to_string(),
                        amount: Uint128::new(amount),
                        expires: None,
                    },
                    &[],
                )
                .unwrap();
            s.app.execute_contract(
                spender.clone(),
                address,
                &cw20::Cw20ExecuteMsg::SendFrom {
                    owner: owner.to_string(),
                    contract: s.adapter.to_string(),
                    amount: Uint128::new(amount),
                    msg: to_json_binary(&sto_interface::cash::CashHookMsg::Deposit {
                        account: Some(account.to_string()),
                        hold: None,
                    })
                    .unwrap(),
                },
                &[],
            )
        }
        sto_interface::cash::AssetInfo::Native { .. } => {
            s.deposit(spender, amount, Some(account), None)
        }
    }
}

both_modes! {
    fn a_deposit_credits_the_senders_investor_account(s) {
        let alice = s.alice.clone();
        let res = s.deposit(&alice, 500, None, None).unwrap();
        assert_eq!(s.attr(&res, "action").as_deref(), Some("deposit"));
        assert_eq!(s.attr(&res, "account").as_deref(), Some("INV-A"));
        assert_eq!(s.attr(&res, "amount").as_deref(), Some("500"));
        let acct = s.account("INV-A");
        assert_eq!((acct.balance.u128(), acct.held.u128(), acct.available.u128()), (500, 0, 500));
        assert!(!acct.blocked);
        assert_eq!(s.balance(&alice), START - 500);
        assert_eq!(s.balance(&s.adapter), 500);
        // Naming its own account explicitly is the same.
        s.deposit(&alice, 20, Some("INV-A"), None).unwrap();
        assert_eq!(s.account("INV-A").balance.u128(), 520);
        s.assert_invariant();
    }
}

both_modes! {
    fn a_zero_deposit_and_a_deposit_by_an_unknown_wallet_are_refused(s) {
        let (alice, mallory) = (s.alice.clone(), s.mallory.clone());
        let before = s.snapshot();
        let empty = sto_interface::cash::CashHookMsg::Deposit { account: None, hold: None };
        match s.asset.clone() {
            sto_interface::cash::AssetInfo::Cw20 { address } => {
                let err = s.fake_hook(&address, &alice, 0, &empty).unwrap_err();
                assert_eq!(contract_err(err), ContractError::ZeroAmount);
            }
            sto_interface::cash::AssetInfo::Native { .. } => {
                let err = s
                    .exec(&alice, &ExecuteMsg::Deposit { account: None, hold: None })
                    .unwrap_err();
                assert_eq!(contract_err(err), ContractError::NoFunds { expected: s.asset.clone() });
            }
        }
        let err = s.deposit(&mallory, 10, None, None).unwrap_err();
        assert_eq!(contract_err(err), ContractError::NoAccount { address: mallory.clone() });
        assert_eq!(s.snapshot(), before);
    }
}

both_modes! {
    fn a_send_from_deposit_by_a_non_operator_is_refused_and_accepted_once_authorised(s) {
        let (alice, mallory) = (s.alice.clone(), s.mallory.clone());
        s.deposit(&alice, 10, None, None).unwrap();
        let before = s.snapshot();
        let err = deposit_as_spender(&mut s, &alice, &mallory, 300, "INV-A").unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::NotAccountOperator { account: "INV-A".into(), sender: mallory.clone() }
        );
        assert_eq!(s.snapshot(), before);

        // Only the owner authorises (not a stranger, not the operator itself).
        let err = s
            .exec(&mallory, &ExecuteMsg::AuthorizeOperator { account: Some("INV-A".into()), operator: mallory.to_string(), limit: Uint128::new(1_000_000) })
            .unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::NotAccountOperator { account: "INV-A".into(), sender: mallory.clone() }
        );
        s.exec(&alice, &ExecuteMsg::AuthorizeOperator { account: None, operator: mallory.to_string(), limit: Uint128::new(1_000_000) }).unwrap();
        assert_eq!(s.account("INV-A").operator, Some(mallory.clone()));
        let err = s
            .exec(&mallory, &ExecuteMsg::AuthorizeOperator { account: Some("INV-A".into()), operator: mallory.to_string(), limit: Uint128::new(1_000_000) })
            .unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::NotAccountOwner { account: "INV-A".into(), sender: mallory.clone() }
        );

        let res = deposit_as_spender(&mut s, &alice, &mallory, 300, "INV-A").unwrap();
        assert_eq!(s.attr(&res, "account").as_deref(), Some("INV-A"));
        assert_eq!(s.account("INV-A").balance.u128(), 310);
        s.assert_invariant();

        // Revoked: refused again. Revoking twice is a typed error.
        let err = s.exec(&mallory, &ExecuteMsg::RevokeOperator { account: Some("INV-A".into()) }).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::NotAccountOwner { account: "INV-A".into(), sender: mallory.clone() }
        );
        s.exec(&alice, &ExecuteMsg::RevokeOperator { account: None }).unwrap();
        let err = s.exec(&alice, &ExecuteMsg::RevokeOperator { account: None }).unwrap_err();
        assert_eq!(contract_err(err), ContractError::NoOperator { account: "INV-A".into() });
        let err = deposit_as_spender(&mut s, &alice, &mallory, 5, "INV-A").unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::NotAccountOperator { account: "INV-A".into(), sender: mallory }
        );
    }
}

both_modes! {
    fn a_book_entry_moves_available_cash_to_an_existing_account(s) {
        let (alice, bob, mallory) = (s.alice.clone(), s.bob.clone(), s.mallory.clone());
        s.deposit(&alice, 400, None, None).unwrap();
        // The payee has no account yet.
        let before = s.snapshot();
        let err = s.transfer_cash(&alice, None, "INV-B", 100).unwrap_err();
        assert_eq!(contract_err(err), ContractError::UnknownAccount { key: "INV-B".into() });
        assert_eq!(s.snapshot(), before);
        s.exec(&bob, &ExecuteMsg::OpenAccount {}).unwrap();
        let err = s.exec(&bob, &ExecuteMsg::OpenAccount {}).unwrap_err();
        assert_eq!(contract_err(err), ContractError::AccountExists { key: "INV-B".into() });

        let res = s.transfer_cash(&alice, None, "INV-B", 150).unwrap();
        assert_eq!(s.attr(&res, "action").as_deref(), Some("transfer_cash"));
        assert_eq!(s.attr(&res, "from").as_deref(), Some("INV-A"));
        assert_eq!(s.attr(&res, "to").as_deref(), Some("INV-B"));
        assert_eq!(s.attr(&res, "amount").as_deref(), Some("150"));
        assert_eq!(s.attr(&res, "reference").as_deref(), Some("settlement:9"));
        assert_eq!(s.account("INV-A").balance.u128(), 250);
        assert_eq!(s.account("INV-B").balance.u128(), 150);
        assert_eq!(s.balance(&s.adapter), 400);
        s.assert_invariant();

        // Bad inputs: each typed, nothing moves.
        let before = s.snapshot();
        let err = s.transfer_cash(&alice, None, "INV-B", 251).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::InsufficientAvailable { account: "INV-A".into(), available: Uint128::new(250), requested: Uint128::new(251) }
        );
        let err = s.transfer_cash(&alice, None, "INV-B", 0).unwrap_err();
        assert_eq!(contract_err(err), ContractError::ZeroAmount);
        let err = s.transfer_cash(&alice, None, "INV-A", 1).unwrap_err();
        assert_eq!(contract_err(err), ContractError::SameAccount { account: "INV-A".into() });
        let err = s.transfer_cash(&mallory, Some("INV-A"), "INV-B", 1).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::NotAccountOperator { account: "INV-A".into(), sender: mallory.clone() }
        );
        let err = s.transfer_cash(&bob, Some("INV-A"), "INV-B", 1).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::NotAccountOperator { account: "INV-A".into(), sender: bob.clone() }
        );
        assert_eq!(s.snapshot(), before);

        // The operator moves it for the owner.
        s.exec(&alice, &ExecuteMsg::AuthorizeOperator { account: None, operator: mallory.to_string(), limit: Uint128::new(1_000_000) }).unwrap();
        s.transfer_cash(&mallory, Some("INV-A"), "INV-B", 50).unwrap();
        assert_eq!(s.account("INV-B").balance.u128(), 200);
        s.assert_invariant();
    }
}

both_modes! {
    fn withdrawal_goes_only_to_a_wallet_of_the_same_investor_even_with_lapsed_kyc(s) {
        let (alice, bob, carol) = (s.alice.clone(), s.bob.clone(), s.carol.clone());
        let alice2 = s.app.api().addr_make("alice-2");
        s.add_wallet("INV-A", &alice2);
        s.deposit(&alice, 600, None, None).unwrap();
        let before = s.snapshot();
        let err = s.withdraw(&alice, None, 10, Some(&bob)).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::NotOwnWallet { account: "INV-A".into(), recipient: bob.clone() }
        );
        let err = s.withdraw(&alice, None, 601, None).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::InsufficientAvailable { account: "INV-A".into(), available: Uint128::new(600), requested: Uint128::new(601) }
        );
        let err = s.withdraw(&alice, None, 0, None).unwrap_err();
        assert_eq!(contract_err(err), ContractError::ZeroAmount);
        let err = s.withdraw(&carol, Some("INV-A"), 10, Some(&carol)).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::NotAccountOperator { account: "INV-A".into(), sender: carol.clone() }
        );
        assert_eq!(s.snapshot(), before);

        // KYC lapses, the attestation goes stale and fundings are halted: withdrawal still works,
        // to the other wallet of the same investor.
        s.advance(KYC_VALIDITY + 1);
        let owner = s.owner.clone();
        s.exec(&owner, &ExecuteMsg::HaltFundings { reason: "stop".into() }).unwrap();
        let res = s.withdraw(&alice, None, 250, Some(&alice2)).unwrap();
        assert_eq!(s.attr(&res, "action").as_deref(), Some("withdraw"));
        assert_eq!(s.attr(&res, "recipient"), Some(alice2.to_string()));
        assert_eq!(s.balance(&alice2), 250);
        s.withdraw(&alice, None, 350, None).unwrap();
        assert_eq!(s.balance(&alice), START - 250);
        assert_eq!(s.account("INV-A").balance.u128(), 0);
        s.assert_invariant();
    }
}

both_modes! {
    fn a_blocked_account_receives_but_cannot_pay(s) {
        let (alice, bob, operator) = (s.alice.clone(), s.bob.clone(), s.operator.clone());
        let custodian = s.app.api().addr_make("custodian");
        s.deposit(&alice, 500, None, None).unwrap();
        s.deposit(&bob, 300, None, None).unwrap();
        s.exec(&alice, &ExecuteMsg::AuthorizeOperator { account: None, operator: custodian.to_string(), limit: Uint128::new(1_000_000) }).unwrap();
        s.block("INV-A");
        assert!(s.account("INV-A").blocked);

        let before = s.snapshot();
        let blocked = || ContractError::AccountBlocked { account: "INV-A".into() };
        let err = s.transfer_cash(&alice, None, "INV-B", 10).unwrap_err();
        assert_eq!(contract_err(err), blocked());
        let err = s.transfer_cash(&custodian, Some("INV-A"), "INV-B", 10).unwrap_err();
        assert_eq!(contract_err(err), blocked());
        let err = s.withdraw(&alice, None, 10, None).unwrap_err();
        assert_eq!(contract_err(err), blocked());
        let err = s.withdraw(&custodian, Some("INV-A"), 10, Some(&alice)).unwrap_err();
        assert_eq!(contract_err(err), blocked());
        let hold = s.hold_request("INV-B", 10, 3_600, false);
        let err = s.place_hold(&alice, None, hold.clone()).unwrap_err();
        assert_eq!(contract_err(err), blocked());
        let err = s.place_hold(&custodian, Some("INV-A"), hold).unwrap_err();
        assert_eq!(contract_err(err), blocked());
        let err = s
            .exec(&alice, &ExecuteMsg::RequestOffRamp { account: None, amount: Uint128::new(10), instructions_hash: hash(1) })
            .unwrap_err();
        assert_eq!(contract_err(err), blocked());
        assert_eq!(s.snapshot(), before);

        // It receives: a book entry and a deposit.
        s.transfer_cash(&bob, None, "INV-A", 100).unwrap();
        s.deposit(&alice, 1, None, None).unwrap();
        assert_eq!(s.account("INV-A").balance.u128(), 601);

        // Only the adapter's transfer agent moves it, with a legal reference.
        let agent_move = |amount: u128| ExecuteMsg::AgentTransfer {
            from: "INV-A".into(),
            to: "INV-B".into(),
            amount: Uint128::new(amount),
            legal_reference: "COURT-ORDER-7".into(),
        };
        let err = s.exec(&operator, &agent_move(601)).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::Access(AccessError::MissingRole { role: Role::TransferAgent, address: operator.to_string() })
        );
        s.grant(Role::TransferAgent, &operator).unwrap();
        let err = s.exec(&operator, &agent_move(602)).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::InsufficientAvailable { account: "INV-A".into(), available: Uint128::new(601), requested: Uint128::new(602) }
        );
        let res = s.exec(&operator, &agent_move(601)).unwrap();
        assert_eq!(s.attr(&res, "action").as_deref(), Some("agent_transfer"));
        assert_eq!(s.attr(&res, "legal_reference").as_deref(), Some("COURT-ORDER-7"));
        assert_eq!(s.account("INV-A").balance.u128(), 0);
        assert_eq!(s.account("INV-B").balance.u128(), 200 + 601);
        s.assert_invariant();

        // Unblocked: it pays again.
        s.unblock("INV-A");
        s.transfer_cash(&bob, None, "INV-A", 5).unwrap();
        s.withdraw(&alice, None, 5, None).unwrap();
        s.assert_invariant();
    }
}

both_modes! {
    fn an_off_ramp_from_an_account_is_queued_and_a_rejection_credits_it_back(s) {
        let (alice, operator) = (s.alice.clone(), s.operator.clone());
        s.deposit(&alice, 900, None, None).unwrap();
        let before = s.snapshot();
        let err = s
            .exec(&alice, &ExecuteMsg::RequestOffRamp { account: None, amount: Uint128::new(901), instructions_hash: hash(1) })
            .unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::InsufficientAvailable { account: "INV-A".into(), available: Uint128::new(900), requested: Uint128::new(901) }
        );
        assert_eq!(s.snapshot(), before);
        let res = s
            .exec(&alice, &ExecuteMsg::RequestOffRamp { account: None, amount: Uint128::new(600), instructions_hash: hash(1) })
            .unwrap();
        assert_eq!(s.attr(&res, "action").as_deref(), Some("request_off_ramp"));
        assert_eq!(s.attr(&res, "account").as_deref(), Some("INV-A"));
        assert_eq!(s.account("INV-A").balance.u128(), 300);
        let req: RedemptionRequest = s.query(&QueryMsg::Redemption { id: 1 });
        assert_eq!(req.account.as_deref(), Some("INV-A"));
        assert_eq!(req.holder, alice);
        s.assert_invariant();

        // Rejected (even while blocked): back into the account, not the wallet.
        s.block("INV-A");
        let res = s
            .exec(&operator, &ExecuteMsg::RejectRedemption { id: 1, reason: "mismatch".into() })
            .unwrap();
        assert_eq!(s.attr(&res, "outcome").as_deref(), Some("credited"));
        assert_eq!(s.account("INV-A").balance.u128(), 900);
        assert_eq!(s.balance(&alice), START - 900);
        s.unblock("INV-A");

        // Cancelled after the deadline: back into the account; confirmed: paid out.
        s.exec(&alice, &ExecuteMsg::RequestOffRamp { account: None, amount: Uint128::new(100), instructions_hash: hash(1) }).unwrap();
        s.advance(SERVICE_PERIOD + 1);
        s.exec(&alice, &ExecuteMsg::CancelRedemption { id: 2 }).unwrap();
        assert_eq!(s.account("INV-A").balance.u128(), 900);
        s.exec(&alice, &ExecuteMsg::RequestOffRamp { account: None, amount: Uint128::new(200), instructions_hash: hash(1) }).unwrap();
        s.exec(&operator, &ExecuteMsg::ConfirmRedemption { id: 3, payment_reference: "WIRE".into() }).unwrap();
        let req: RedemptionRequest = s.query(&QueryMsg::Redemption { id: 3 });
        assert_eq!(req.status, RedemptionStatus::Confirmed);
        assert_eq!(s.balance(&s.redemption_addr), 200);
        assert_eq!(s.account("INV-A").balance.u128(), 700);
        s.assert_invariant();
    }
}

both_modes! {
    fn a_client_contract_has_an_account_by_its_address(s) {
        let client = s.client_a.clone();
        let alice = s.alice.clone();
        s.exec(&client, &ExecuteMsg::OpenAccount {}).unwrap();
        s.deposit(&alice, 50, None, None).unwrap();
        s.transfer_cash(&alice, None, client.as_str(), 50).unwrap();
        assert_eq!(s.account(client.as_str()).balance.u128(), 50);
        assert!(!s.account(client.as_str()).blocked);
        s.withdraw(&client, None, 50, None).unwrap();
        assert_eq!(s.balance(&client), 50);
        s.assert_invariant();
    }
}
