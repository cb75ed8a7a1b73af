//! Flow 1 of SYSTEM.md on the deployed suite: onboarding issuer, investors in two
//! jurisdictions and a custodian, as an auditor would check it.

use sto_interface::common::InvestorClass;
use sto_interface::registry::{Ineligibility, QueryMsg, WalletsResponse};
use sto_testing::{SuiteBuilder, YEAR};

#[test]
fn onboarding_two_jurisdictions_and_a_custodian() {
    let mut s = SuiteBuilder::new()
        .with_usd1("alice", 1_000_000_000)
        .build()
        .unwrap();
    let alice = s.addr("alice");
    let bruno = s.addr("bruno");
    let cust_a = s.addr("custodian_a");
    let cust_b = s.addr("custodian_b");
    s.register_investor(
        "INV-ALICE",
        &[&alice],
        "US",
        InvestorClass::Accredited,
        YEAR,
    )
    .unwrap();
    s.register_investor("INV-BRUNO", &[&bruno], "DE", InvestorClass::Retail, YEAR)
        .unwrap();
    s.register_investor(
        "CUST-LUX",
        &[&cust_a, &cust_b],
        "LU",
        InvestorClass::Custodian,
        YEAR,
    )
    .unwrap();

    // Each wallet verifies with its investor's attributes.
    let v = s.verify(&bruno).unwrap();
    assert!(v.eligible);
    assert_eq!(v.jurisdiction.unwrap().as_str(), "DE");
    let v = s.verify(&cust_b).unwrap();
    assert_eq!(v.investor_id.as_deref(), Some("CUST-LUX"));
    assert_eq!(v.class, Some(InvestorClass::Custodian));
    assert_eq!(
        s.investor("CUST-LUX").unwrap().wallets,
        vec![cust_a, cust_b]
    );

    // The published wallet records list exactly the four wallets.
    let page: WalletsResponse = s
        .app
        .wrap()
        .query_wasm_smart(
            s.registry.addr(),
            &QueryMsg::Wallets {
                start_after: None,
                limit: None,
            },
        )
        .unwrap();
    assert_eq!(page.wallets.len(), 4);
    assert!(!page.has_more);

    // USD1 (cw20-base) is deployed beside it with the genesis balance.
    assert_eq!(s.usd1_balance(&alice).unwrap().u128(), 1_000_000_000);

    // A year later every KYC has lapsed.
    s.advance(YEAR);
    assert_eq!(
        s.verify(&alice).unwrap().reason,
        Some(Ineligibility::KycExpired)
    );
}
