//! The main job's scenario, run as a test: every step must have its expected outcome, the
//! suite-wide invariants must hold after every step, and the audit file's tables must tie out.

use sto_lifecycle::Outcome;

#[test]
fn main_job_scenario_runs_with_every_expected_outcome() {
    let report = sto_lifecycle::run(false).unwrap();
    let unexpected: Vec<_> = report
        .steps
        .iter()
        .filter(|s| s.unexpected.is_some())
        .collect();
    assert!(
        unexpected.is_empty(),
        "unexpected outcomes: {unexpected:#?}"
    );
    assert_eq!(report.failures, 0);

    // Every flow of the design is carried.
    for flow in 1..=7u8 {
        assert!(
            report.steps.iter().any(|s| s.flow == flow),
            "flow {flow} has no step"
        );
    }

    // The refusals an operator meets are reported with their typed codes, in order.
    let refused: Vec<&str> = report
        .steps
        .iter()
        .filter_map(|s| match &s.outcome {
            Outcome::Refused { code, .. } => Some(code.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        refused,
        [
            "kyc_not_in_future",
            "missing_role",
            "wallet_already_owned",
            "jurisdiction_denied",
            "offering_closed",
            "recipient_kyc_expired",
            "cash_leg_unhealthy",
            "missing_role",
            "no_balance_at_record_height",
            "claim_before_payment_time",
            "already_claimed",
            "voting_ended",
            "sender_blocked",
            "recovery_to_other_investor",
            "recipient_unknown",
            "account_blocked",
            "not_pending_owner",
        ]
    );

    // Invariants were checked after every action step (checks are observations, not actions).
    let actions = report.steps.iter().filter(|s| s.actor != "auditor").count();
    assert_eq!(
        report.invariant_checks,
        actions + 1,
        "after deploy and each action"
    );

    assert_eq!(report.steps.len(), 104);

    // Flow 5: the coupon paid from its sub-account ties out to the unit, and the ballot's
    // result is the one the votes give.
    let detail = |action: &str, key: &str| -> String {
        let step = report
            .steps
            .iter()
            .find(|s| s.action.starts_with(action))
            .unwrap_or_else(|| panic!("no step {action}"));
        step.details
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no {key} in {step:?}"))
    };
    let tie_out = "paid + withheld + reclaimed = funded";
    assert_eq!(detail(tie_out, "funded"), "24975.000000 USD1");
    assert_eq!(detail(tie_out, "paid"), "17110.750000 USD1");
    assert_eq!(detail(tie_out, "withheld"), "1489.250000 USD1");
    assert_eq!(detail(tie_out, "reclaimed"), "6375.000000 USD1");
    let closed = "close the ballot after its window";
    assert_eq!(detail(closed, "turnout"), "744");
    assert_eq!(detail(closed, "quorum_threshold"), "500");
    assert_eq!(detail(closed, "quorum_met"), "true");
    assert_eq!(
        ["for", "against", "abstain"].map(|o| detail(closed, o)),
        ["674", "40", "30"]
    );
    assert_eq!(detail(closed, "outcome"), "winner: for");
    assert_eq!(
        detail(
            "vote option 2 for client wallet custodian_b",
            "weight (record balance)"
        ),
        "30"
    );

    // Three trades settled; the refused one and the expired one left no finality record.
    assert_eq!(report.finality_records.len(), 3);
    // Cash by securities event: the offering and four instructions from the ledger, the coupon
    // and the final redemption from their adapter sub-accounts (paid by book entries); each
    // group's inflow is fully accounted for by its outflows.
    assert_eq!(report.cash_reconciliation.len(), 7);
    let redemption = report
        .cash_reconciliation
        .iter()
        .find(|g| g["sub_account"] == "action-2")
        .unwrap();
    assert_eq!(redemption["in"], (999 * 1_000 * 1_000_000u128).to_string());
    assert_eq!(redemption["reclaimed"], "0");
    for g in &report.cash_reconciliation {
        assert_eq!(g["in"], g["out"], "{g}");
    }

    // The cap table before maturity sums to the 999 bonds issued.
    let total: u128 = report
        .cap_table
        .iter()
        .map(|r| r["balance"].as_str().unwrap().parse::<u128>().unwrap())
        .sum();
    assert_eq!(total, 999);

    // Final investor table: the sanctioned investor is blocked.
    assert_eq!(report.investors.len(), 7);
    let erin = report
        .investors
        .iter()
        .find(|i| i["investor_id"] == "INV-ERIN")
        .unwrap();
    assert_eq!(erin["status"], "blocked");
}
