//! The cash ledger: every movement, matchable to its reference, paginated, mirrored in events.

use sto_interface::cash::{LedgerResponse, Movement, QueryMsg, ReleaseKind};
use sto_interface::common::EventRef;

use crate::both_modes;

both_modes! {
    fn every_ledger_entry_matches_its_reference(s) {
        let (alice, bob, carol, a, b) =
            (s.alice.clone(), s.bob.clone(), s.carol.clone(), s.client_a.clone(), s.client_b.clone());
        let trade = EventRef::Settlement { id: 1 };
        let offering = EventRef::Offering { id: 2 };
        let ticket = EventRef::External { reference: "TA-ticket-9".into() };
        s.fund(&alice, &a, 100, trade.clone()).unwrap();
        s.fund(&bob, &b, 200, offering.clone()).unwrap();
        s.fund(&carol, &b, 300, offering.clone()).unwrap();
        s.release(&a, &carol, 100, trade.clone(), ReleaseKind::Settlement).unwrap();
        s.release(&b, &bob, 50, offering.clone(), ReleaseKind::Refund).unwrap();
        s.release(&b, &s.treasury.clone(), 450, offering.clone(), ReleaseKind::Proceeds).unwrap();
        s.fund(&alice, &a, 5, ticket.clone()).unwrap();
        s.request_redemption(&bob, 20).unwrap();

        let all = s.ledger();
        assert_eq!(all.len(), 8);
        assert_eq!(all.iter().map(|e| e.id).collect::<Vec<_>>(), (1..=8).collect::<Vec<_>>());
        // Each entry is found under its own reference, and only there.
        for entry in &all {
            let same = s.ledger_of(entry.reference.clone());
            assert!(same.contains(entry), "{entry:?} not under its reference");
            assert!(same.iter().all(|e| e.reference == entry.reference));
        }
        let offering_entries = s.ledger_of(offering);
        assert_eq!(
            offering_entries.iter().map(|e| (e.movement, e.party.clone(), e.amount.u128())).collect::<Vec<_>>(),
            vec![
                (Movement::Funding, bob.clone(), 200),
                (Movement::Funding, carol.clone(), 300),
                (Movement::Release { kind: ReleaseKind::Refund }, bob.clone(), 50),
                (Movement::Release { kind: ReleaseKind::Proceeds }, s.treasury.clone(), 450),
            ]
        );
        assert!(offering_entries.iter().all(|e| e.client == Some(b.clone())));
        // Funded minus released per reference is what the pool still holds for it.
        assert_eq!(s.pool(&b), 0);
        assert_eq!(s.ledger_of(ticket).len(), 1);
        let redemption = s.ledger_of(EventRef::OffRamp { id: 1 });
        assert_eq!(redemption[0].client, None);

        // Pagination by id, and by reference.
        let page: LedgerResponse = s.query(&QueryMsg::Ledger { start_after: Some(2), limit: Some(3) });
        assert_eq!(page.entries.iter().map(|e| e.id).collect::<Vec<_>>(), vec![3, 4, 5]);
        assert!(page.has_more);
        let page: LedgerResponse = s.query(&QueryMsg::LedgerByReference {
            reference: EventRef::Offering { id: 2 },
            start_after: Some(3),
            limit: Some(2),
        });
        assert_eq!(page.entries.iter().map(|e| e.id).collect::<Vec<_>>(), vec![5, 6]);
        assert!(!page.has_more);
        s.assert_invariant();
    }
}

both_modes! {
    fn events_carry_the_ledger_fields(s) {
        let (alice, carol, a) = (s.alice.clone(), s.carol.clone(), s.client_a.clone());
        s.advance(5);
        let block = s.app.block_info();
        let res = s.fund(&alice, &a, 100, EventRef::Settlement { id: 3 }).unwrap();
        let expected = [
            ("action", "fund".to_string()),
            ("ledger_id", "1".to_string()),
            ("movement", "funding".to_string()),
            ("client", a.to_string()),
            ("party", alice.to_string()),
            ("amount", "100".to_string()),
            ("reference", "settlement:3".to_string()),
            ("height", block.height.to_string()),
            ("time", block.time.seconds().to_string()),
        ];
        for (k, v) in expected {
            assert_eq!(s.attr(&res, k), Some(v), "{k}");
        }
        let res = s.release(&a, &carol, 40, EventRef::Settlement { id: 3 }, ReleaseKind::Settlement).unwrap();
        let keys: Vec<String> = res
            .events
            .iter()
            .filter(|e| e.ty == "wasm" && e.attributes.iter().any(|a| a.value == "release"))
            .flat_map(|e| e.attributes.iter().map(|a| a.key.clone()))
            .collect();
        assert_eq!(
            keys,
            [
                "_contract_address", "action", "ledger_id", "movement", "client", "party", "amount",
                "reference", "kind", "height", "time", "outcome", "pool", "audit_seq", "audit_hash"
            ]
        );
    }
}
