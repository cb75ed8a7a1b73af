//! The audit trail: every successful execute seals once (sequence number and rolling hash of
//! its events), a refused one seals nothing, and an auditor recomputes the head from the events.

use cosmwasm_std::Uint128;
use sto_access::Role;
use sto_interface::cash::ExecuteMsg;
use sto_interface::common::EventRef;

use crate::both_modes;

both_modes! {
    fn every_execute_seals_once_and_the_head_replays_from_the_events(s) {
        let (alice, bob, owner, notary, mallory) =
            (s.alice.clone(), s.bob.clone(), s.owner.clone(), s.notary.clone(), s.mallory.clone());
        // The setup's executions (attestation, clients, notary) are sealed already.
        assert_eq!(s.audit().seq, s.audit_log.len() as u64);
        s.assert_audit_replays();

        let before = s.audit().seq;
        let res = s.deposit(&alice, 500, None, None).unwrap();
        assert_eq!(s.attr(&res, "audit_seq"), Some((before + 1).to_string()));
        assert_eq!(s.attr(&res, "audit_hash"), Some(s.audit().hash.to_hex()));
        s.exec(&bob, &ExecuteMsg::OpenAccount {}).unwrap();
        s.place_hold(&alice, None, s.hold_request("INV-B", 200, 3_600, true)).unwrap();
        s.as_notary(&notary, &ExecuteMsg::ExecuteHold { id: 1, amount: Some(Uint128::new(50)) }).unwrap();
        s.as_notary(&notary, &ExecuteMsg::ReleaseHold { id: 1 }).unwrap();
        s.transfer_cash(&alice, None, "INV-B", 100).unwrap();
        s.withdraw(&bob, None, 150, None).unwrap();
        s.fund(&alice, &s.client_a.clone(), 10, EventRef::Settlement { id: 1 }).unwrap();
        s.grant(Role::TransferAgent, &mallory).unwrap();
        s.exec(&owner, &ExecuteMsg::HaltFundings { reason: "audit".into() }).unwrap();
        assert_eq!(s.audit().seq, before + 10);
        s.assert_audit_replays();

        // A refused execute seals nothing.
        let head = s.audit();
        s.transfer_cash(&alice, None, "INV-B", 1_000_000).unwrap_err();
        assert_eq!(s.audit(), head);

        // A missing or altered event gives another head.
        let mut altered = s.audit_log.clone();
        let withdrawal = altered.len() - 4;
        let amount = altered[withdrawal]
            .iter_mut()
            .find(|a| a.key == "amount")
            .unwrap();
        amount.value = "101".into();
        let forged = sto_interface::audit::replay(altered.iter().map(|a| (a.as_slice(), [].as_slice()))).unwrap();
        assert_ne!(forged.to_response(), s.audit());
        let skipped = sto_interface::audit::replay(
            s.audit_log.iter().skip(1).map(|a| (a.as_slice(), [].as_slice())),
        )
        .unwrap();
        assert_ne!(skipped.to_response(), s.audit());
        s.assert_invariant();
    }
}
