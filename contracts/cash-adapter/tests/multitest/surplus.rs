//! USD1 sent to the adapter outside its messages is surplus: never part of a pool or an
//! account, and returnable by the owner only up to the surplus, only to a cash account, never
//! to a blocked investor.

use cosmwasm_std::{coins, Addr, Uint128};
use cw_multi_test::Executor;
use sto_interface::cash::{AssetInfo, ExecuteMsg, Movement, QueryMsg, ReconciliationResponse};
use sto_interface::common::EventRef;

use crate::both_modes;
use crate::suite::{Suite, DENOM};

/// A plain CW20 transfer or bank send to the adapter, bypassing its messages.
fn send_plain(s: &mut Suite, from: &Addr, amount: u128) {
    let adapter = s.adapter.clone();
    match s.asset.clone() {
        AssetInfo::Cw20 { address } => {
            s.app
                .execute_contract(
                    from.clone(),
                    address,
                    &cw20::Cw20ExecuteMsg::Transfer {
                        recipient: adapter.to_string(),
                        amount: Uint128::new(amount),
                    },
                    &[],
                )
                .unwrap();
        }
        AssetInfo::Native { .. } => {
            s.app
                .send_tokens(from.clone(), adapter, &coins(amount, DENOM))
                .unwrap();
        }
    }
}

fn surplus(s: &Suite) -> u128 {
    let rec: ReconciliationResponse = s.query(&QueryMsg::Reconciliation {});
    rec.surplus.u128()
}

both_modes! {
    fn the_owner_returns_a_mistaken_transfer_and_never_more(s) {
        let (alice, bob, a) = (s.alice.clone(), s.bob.clone(), s.client_a.clone());
        s.fund(&alice, &a, 300, EventRef::Settlement { id: 1 }).unwrap();
        send_plain(&mut s, &bob, 70);
        assert_eq!(surplus(&s), 70);
        assert_eq!(s.pool(&a), 300);

        let msg = |amount: u128| ExecuteMsg::ReturnSurplus {
            recipient: bob.to_string(),
            amount: Uint128::new(amount),
            reference: "TICKET-77".into(),
        };
        // Not the owner: refused.
        let mallory = s.mallory.clone();
        let err = s.exec(&mallory, &msg(70)).unwrap_err().downcast::<cash_adapter::ContractError>().unwrap();
        assert!(matches!(err, cash_adapter::ContractError::Access(_)), "{err:?}");
        // More than the surplus would touch the client's pool: refused, nothing moves.
        let owner = s.owner.clone();
        let before = s.snapshot();
        let err = s.exec(&owner, &msg(71)).unwrap_err().downcast::<cash_adapter::ContractError>().unwrap();
        assert_eq!(
            err,
            cash_adapter::ContractError::AboveSurplus {
                requested: Uint128::new(71),
                surplus: Uint128::new(70),
            }
        );
        assert_eq!(s.snapshot(), before);
        // Zero: refused.
        let err = s.exec(&owner, &msg(0)).unwrap_err().downcast::<cash_adapter::ContractError>().unwrap();
        assert_eq!(err, cash_adapter::ContractError::ZeroAmount);

        // Returned by crediting bob's investor's cash account, not his wallet.
        let bob_before = s.balance(&bob);
        let res = s.exec(&owner, &msg(70)).unwrap();
        assert_eq!(s.attr(&res, "movement").as_deref(), Some("surplus_returned"));
        assert_eq!(s.attr(&res, "account").as_deref(), Some("INV-B"));
        assert_eq!(s.balance(&bob), bob_before);
        assert_eq!(s.account("INV-B").balance.u128(), 70);
        assert_eq!(surplus(&s), 0);
        assert_eq!(s.pool(&a), 300);
        s.assert_invariant();
        let entries = s.ledger_of(EventRef::External { reference: "TICKET-77".into() });
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].movement, Movement::SurplusReturned);
        assert_eq!((entries[0].party.clone(), entries[0].amount.u128()), (bob, 70));
    }
}

both_modes! {
    fn surplus_is_never_returned_to_a_blocked_wallet(s) {
        let bob = s.bob.clone();
        send_plain(&mut s, &bob, 40);
        s.block("INV-B");
        let owner = s.owner.clone();
        let before = s.snapshot();
        let err = s
            .exec(&owner, &ExecuteMsg::ReturnSurplus {
                recipient: bob.to_string(),
                amount: Uint128::new(40),
                reference: "TICKET-78".into(),
            })
            .unwrap_err()
            .downcast::<cash_adapter::ContractError>()
            .unwrap();
        assert_eq!(err, cash_adapter::ContractError::RecipientBlocked { recipient: bob });
        assert_eq!(s.snapshot(), before);
        assert_eq!(surplus(&s), 40);
    }
}
