//! Operator amount limits: the holds an account's operator places and the book entries it makes
//! (and the off-ramp requests it files) consume the limit its owner set; beyond it the operator is refused and nothing changes; the
//! owner's own acts consume nothing.

use cosmwasm_std::Uint128;
use sto_interface::cash::ExecuteMsg;

use crate::both_modes;
use crate::suite::*;
use cash_adapter::ContractError;

fn authorize(s: &mut Suite, operator: &cosmwasm_std::Addr, limit: u128) {
    let alice = s.alice.clone();
    let res = s
        .exec(
            &alice,
            &ExecuteMsg::AuthorizeOperator {
                account: None,
                operator: operator.to_string(),
                limit: Uint128::new(limit),
            },
        )
        .unwrap();
    assert_eq!(s.attr(&res, "limit"), Some(limit.to_string()));
}

fn limit_left(s: &Suite) -> Option<u128> {
    s.account("INV-A").operator_limit.map(|l| l.u128())
}

both_modes! {
    fn an_operators_holds_consume_its_limit_and_beyond_it_nothing_changes(s) {
        let (alice, bob) = (s.alice.clone(), s.bob.clone());
        let custodian = s.app.api().addr_make("custodian");
        s.deposit(&alice, 1_000, None, None).unwrap();
        s.exec(&bob, &ExecuteMsg::OpenAccount {}).unwrap();
        authorize(&mut s, &custodian, 300);
        assert_eq!(limit_left(&s), Some(300));

        s.place_hold(&custodian, Some("INV-A"), s.hold_request("INV-B", 200, 3_600, false)).unwrap();
        assert_eq!(limit_left(&s), Some(100));

        let before = s.snapshot();
        let err = s
            .place_hold(&custodian, Some("INV-A"), s.hold_request("INV-B", 101, 3_600, false))
            .unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::OperatorLimitExceeded { limit: Uint128::new(100), needed: Uint128::new(101) }
        );
        assert_eq!(s.snapshot(), before);
        assert_eq!(limit_left(&s), Some(100));

        // The owner's own holds consume nothing; the operator uses exactly what is left.
        s.place_hold(&alice, None, s.hold_request("INV-B", 400, 3_600, false)).unwrap();
        assert_eq!(limit_left(&s), Some(100));
        s.place_hold(&custodian, Some("INV-A"), s.hold_request("INV-B", 100, 3_600, false)).unwrap();
        assert_eq!(limit_left(&s), Some(0));
        assert_eq!(s.account("INV-A").held.u128(), 700);
        s.assert_invariant();
    }
}

both_modes! {
    fn an_operators_book_entries_consume_its_limit_and_beyond_it_nothing_changes(s) {
        let (alice, bob) = (s.alice.clone(), s.bob.clone());
        let custodian = s.app.api().addr_make("custodian");
        s.deposit(&alice, 1_000, None, None).unwrap();
        s.exec(&bob, &ExecuteMsg::OpenAccount {}).unwrap();
        authorize(&mut s, &custodian, 150);

        s.transfer_cash(&custodian, Some("INV-A"), "INV-B", 100).unwrap();
        assert_eq!(limit_left(&s), Some(50));
        let before = s.snapshot();
        let err = s.transfer_cash(&custodian, Some("INV-A"), "INV-B", 51).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::OperatorLimitExceeded { limit: Uint128::new(50), needed: Uint128::new(51) }
        );
        assert_eq!(s.snapshot(), before);
        assert_eq!(limit_left(&s), Some(50));

        // The owner's own book entry consumes nothing.
        s.transfer_cash(&alice, None, "INV-B", 300).unwrap();
        assert_eq!(limit_left(&s), Some(50));
        assert_eq!(s.account("INV-B").balance.u128(), 400);

        // Authorising again replaces the limit.
        authorize(&mut s, &custodian, 500);
        s.transfer_cash(&custodian, Some("INV-A"), "INV-B", 500).unwrap();
        assert_eq!(limit_left(&s), Some(0));
        assert_eq!(s.account("INV-A").balance.u128(), 100);
        s.assert_invariant();
    }
}

both_modes! {
    fn withdrawal_by_an_operator_to_the_investors_wallet_does_not_consume_its_limit(s) {
        let alice = s.alice.clone();
        let custodian = s.app.api().addr_make("custodian");
        s.deposit(&alice, 1_000, None, None).unwrap();
        authorize(&mut s, &custodian, 0);
        s.withdraw(&custodian, Some("INV-A"), 400, Some(&alice)).unwrap();
        assert_eq!(limit_left(&s), Some(0));
        assert_eq!(s.account("INV-A").balance.u128(), 600);
        s.assert_invariant();
    }
}

both_modes! {
    fn an_operators_off_ramp_requests_consume_its_limit_and_beyond_it_nothing_changes(s) {
        let alice = s.alice.clone();
        let custodian = s.app.api().addr_make("custodian");
        s.deposit(&alice, 1_000, None, None).unwrap();
        authorize(&mut s, &custodian, 100);

        let before = s.snapshot();
        let err = s
            .exec(
                &custodian,
                &ExecuteMsg::RequestOffRamp {
                    account: Some("INV-A".to_string()),
                    amount: Uint128::new(1_000),
                    instructions_hash: cosmwasm_std::HexBinary::from(vec![7u8; 32]),
                },
            )
            .unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::OperatorLimitExceeded { limit: Uint128::new(100), needed: Uint128::new(1_000) }
        );
        assert_eq!(s.snapshot(), before);

        s.exec(
            &custodian,
            &ExecuteMsg::RequestOffRamp {
                account: Some("INV-A".to_string()),
                amount: Uint128::new(100),
                instructions_hash: cosmwasm_std::HexBinary::from(vec![7u8; 32]),
            },
        )
        .unwrap();
        assert_eq!(limit_left(&s), Some(0));
        assert_eq!(s.account("INV-A").balance.u128(), 900);
        s.assert_invariant();
    }
}
