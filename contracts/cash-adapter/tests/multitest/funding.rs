//! Funding: asset checks, payer screening, health, client callback and revert-on-reject.

use cosmwasm_std::{coin, StdError};
use sto_interface::cash::{
    AssetInfo, CashHookMsg, CashReceipt, ExecuteMsg, LedgerEntry, Movement, QueryMsg,
    UnhealthyReason,
};
use sto_interface::common::EventRef;
use sto_interface::registry::Ineligibility;

use crate::both_modes;
use crate::suite::*;
use cash_adapter::ContractError;

both_modes! {
    fn funding_credits_the_client_pool_and_calls_the_client(s) {
        let reference = EventRef::Settlement { id: 42 };
        let res = s.fund(&s.alice.clone(), &s.client_a.clone(), 250, reference.clone()).unwrap();

        assert_eq!(s.balance(&s.alice), START - 250);
        assert_eq!(s.balance(&s.adapter), 250);
        assert_eq!(s.pool(&s.client_a), 250);
        assert_eq!(s.pool(&s.client_b), 0);
        assert_eq!(
            s.receipts(&s.client_a),
            vec![CashReceipt {
                funding_id: 1,
                payer: s.alice.clone(),
                amount: 250u128.into(),
                reference: reference.clone(),
            }]
        );
        assert!(s.receipts(&s.client_b).is_empty());
        assert_eq!(s.attr(&res, "action").as_deref(), Some("fund"));
        assert_eq!(s.attr(&res, "ledger_id").as_deref(), Some("1"));
        assert_eq!(s.attr(&res, "party"), Some(s.alice.to_string()));
        assert_eq!(s.attr(&res, "reference").as_deref(), Some("settlement:42"));
        let entry: LedgerEntry = s.query(&QueryMsg::LedgerEntry { id: 1 });
        assert_eq!(entry.movement, Movement::Funding);
        assert_eq!(entry.client, Some(s.client_a.clone()));
        assert_eq!(entry.amount.u128(), 250);
        s.assert_invariant();
    }
}

both_modes! {
    fn a_client_rejecting_the_funding_reverts_everything(s) {
        let client = s.client_a.clone();
        s.set_accept(&client, false);
        let before = s.snapshot();
        let err = s
            .fund(&s.alice.clone(), &client, 100, EventRef::Offering { id: 1 })
            .unwrap_err();
        assert_eq!(err.downcast::<StdError>().unwrap(), client_rejection());
        assert_eq!(s.snapshot(), before);
        assert_eq!(s.balance(&s.alice), START);
        assert_eq!(s.client(&client).funded_total.u128(), 0);
        s.assert_invariant();
    }
}

both_modes! {
    fn funding_with_another_cw20_or_denom_is_refused(s) {
        let before = s.snapshot();
        let err = s
            .fund_with_wrong_asset(&s.alice.clone(), &s.client_a.clone(), 100, EventRef::Offering { id: 1 })
            .unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::WrongAsset { expected: s.asset.clone(), got: s.wrong_asset() }
        );
        assert_eq!(s.snapshot(), before);
    }
}

both_modes! {
    fn a_receive_hook_not_sent_by_the_configured_cw20_is_refused(s) {
        let before = s.snapshot();
        let hook = CashHookMsg::Fund {
            client: s.client_a.to_string(),
            reference: EventRef::Settlement { id: 1 },
        };
        // A wallet pretending to be a CW20, and the other CW20 contract itself.
        for impostor in [s.mallory.clone(), s.fake_cw20.clone()] {
            let err = s.fake_hook(&impostor, &s.alice.clone(), 100, &hook).unwrap_err();
            assert_eq!(
                contract_err(err),
                ContractError::WrongAsset {
                    expected: s.asset.clone(),
                    got: AssetInfo::Cw20 { address: impostor.clone() },
                }
            );
        }
        assert_eq!(s.snapshot(), before);
    }
}

both_modes! {
    fn funding_an_unknown_client_is_refused(s) {
        let stranger = s.instantiate_client("stranger", true);
        let before = s.snapshot();
        let err = s
            .fund(&s.alice.clone(), &stranger, 100, EventRef::Settlement { id: 1 })
            .unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::UnknownClient { client: stranger.to_string() }
        );
        assert_eq!(s.snapshot(), before);
    }
}

both_modes! {
    fn a_deactivated_client_takes_no_funding_but_still_releases(s) {
        let (alice, a) = (s.alice.clone(), s.client_a.clone());
        s.fund(&alice, &a, 300, EventRef::Settlement { id: 1 }).unwrap();
        s.exec(&s.owner.clone(), &ExecuteMsg::DeactivateClient { address: a.to_string() }).unwrap();
        let err = s.fund(&alice, &a, 100, EventRef::Settlement { id: 2 }).unwrap_err();
        assert_eq!(contract_err(err), ContractError::ClientInactive { client: a.clone() });
        s.release(&a, &alice, 300, EventRef::Settlement { id: 1 }, sto_interface::cash::ReleaseKind::Refund)
            .unwrap();
        assert_eq!(s.balance(&alice), START);
        // Re-registering re-activates with the same (empty) pool.
        s.exec(
            &s.owner.clone(),
            &ExecuteMsg::RegisterClient { address: a.to_string(), label: "again".into() },
        )
        .unwrap();
        s.fund(&alice, &a, 100, EventRef::Settlement { id: 3 }).unwrap();
        assert_eq!(s.pool(&a), 100);
        s.assert_invariant();
    }
}

both_modes! {
    fn unknown_blocked_and_kyc_expired_payers_are_refused(s) {
        let a = s.client_a.clone();
        let before = s.snapshot();
        let err = s.fund(&s.mallory.clone(), &a, 100, EventRef::Settlement { id: 1 }).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::PayerIneligible { payer: s.mallory.clone(), reason: Ineligibility::UnknownWallet }
        );

        s.block("INV-A");
        let err = s.fund(&s.alice.clone(), &a, 100, EventRef::Settlement { id: 1 }).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::PayerIneligible { payer: s.alice.clone(), reason: Ineligibility::Blocked }
        );
        assert_eq!(s.snapshot(), before);

        // KYC of a new investor runs out; keep the attestation fresh meanwhile.
        let dave = s.app.api().addr_make("dave");
        let until = s.now().plus_seconds(100);
        s.register_investor("INV-D", &dave, until);
        s.advance(100);
        let now = s.now();
        s.attest(1_000_000_000, 1_000_000_000, now).unwrap();
        let reference = EventRef::Settlement { id: 1 };
        let msg = s.handle().funding_msg(&s.asset, &a, 1u128.into(), reference).unwrap();
        // Dave holds nothing: fund him first in the asset's own way (bank or CW20 transfer).
        match s.mode {
            Mode::Native => s.app.send_tokens(s.bob.clone(), dave.clone(), &[coin(10, DENOM)]).unwrap(),
            Mode::Cw20 => {
                let transfer = s.asset.transfer_msg(&dave, 10u128.into()).unwrap();
                s.app.execute(s.bob.clone(), transfer).unwrap()
            }
        };
        let err = s.app.execute(dave.clone(), msg).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::PayerIneligible { payer: dave.clone(), reason: Ineligibility::KycExpired }
        );
        assert_eq!(s.balance(&dave), 10);
        s.assert_invariant();
    }
}

both_modes! {
    fn halted_fundings_are_refused_until_resumed(s) {
        let (owner, alice, a) = (s.owner.clone(), s.alice.clone(), s.client_a.clone());
        s.exec(&owner, &ExecuteMsg::HaltFundings { reason: "issuer incident".into() }).unwrap();
        let before = s.snapshot();
        let err = s.fund(&alice, &a, 100, EventRef::Settlement { id: 1 }).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::CashLegUnhealthy {
                reasons: vec![UnhealthyReason::Halted { reason: "issuer incident".into() }]
            }
        );
        assert_eq!(s.snapshot(), before);
        let err = s
            .exec(&owner, &ExecuteMsg::HaltFundings { reason: "again".into() })
            .unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::AlreadyHalted { reason: "issuer incident".into() }
        );
        s.exec(&owner, &ExecuteMsg::ResumeFundings {}).unwrap();
        assert_eq!(
            contract_err(s.exec(&owner, &ExecuteMsg::ResumeFundings {}).unwrap_err()),
            ContractError::NotHalted
        );
        s.fund(&alice, &a, 100, EventRef::Settlement { id: 1 }).unwrap();
        assert_eq!(s.pool(&a), 100);
    }
}

both_modes! {
    fn a_zero_amount_hook_from_the_configured_cw20_is_refused(s) {
        // In CW20 mode the token itself is the sender; in native mode any hook is the wrong asset.
        let hook = CashHookMsg::Fund {
            client: s.client_a.to_string(),
            reference: EventRef::Settlement { id: 1 },
        };
        let token = match &s.asset {
            AssetInfo::Cw20 { address } => address.clone(),
            AssetInfo::Native { .. } => s.fake_cw20.clone(),
        };
        let before = s.snapshot();
        let err = contract_err(s.fake_hook(&token, &s.alice.clone(), 0, &hook).unwrap_err());
        match s.mode {
            Mode::Cw20 => assert_eq!(err, ContractError::ZeroAmount),
            Mode::Native => assert_eq!(
                err,
                ContractError::WrongAsset {
                    expected: s.asset.clone(),
                    got: AssetInfo::Cw20 { address: token },
                }
            ),
        }
        assert_eq!(s.snapshot(), before);
    }
}

/// Native-only refusals: the coin shape of a native funding.
mod native_coins {
    use super::*;

    fn suite() -> Suite {
        Suite::new(Mode::Native)
    }

    #[test]
    fn several_denoms_at_once_are_refused() {
        let mut s = suite();
        let (alice, a) = (s.alice.clone(), s.client_a.clone());
        let before = s.snapshot();
        let err = s
            .fund_native_coins(&alice, &a, &[coin(10, OTHER_DENOM), coin(10, DENOM)])
            .unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::SeveralDenoms {
                denoms: format!("{OTHER_DENOM}, {DENOM}")
            }
        );
        assert_eq!(s.snapshot(), before);
    }

    #[test]
    fn funding_without_coins_is_refused() {
        let mut s = suite();
        let (alice, a) = (s.alice.clone(), s.client_a.clone());
        let err = s.fund_native_coins(&alice, &a, &[]).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::NoFunds {
                expected: s.asset.clone()
            }
        );
    }

    #[test]
    fn funds_attached_to_a_non_funding_message_are_refused() {
        let mut s = suite();
        let msg = s.adapter_msg(&ExecuteMsg::ResumeFundings {}, s.usd1_coins(5));
        let err = s.app.execute(s.alice.clone(), msg).unwrap_err();
        assert_eq!(
            contract_err(err),
            ContractError::Payment(cw_utils::PaymentError::NonPayable {})
        );
    }
}

/// CW20-only refusal: the native funding message when USD1 is a CW20.
#[test]
fn native_funding_is_refused_when_usd1_is_a_cw20() {
    let mut s = Suite::new(Mode::Cw20);
    let (alice, a) = (s.alice.clone(), s.client_a.clone());
    let err = s.fund_native_coins(&alice, &a, &[]).unwrap_err();
    let AssetInfo::Cw20 { address } = s.asset.clone() else {
        unreachable!()
    };
    assert_eq!(
        contract_err(err),
        ContractError::UseCw20Send { cw20: address }
    );
}
