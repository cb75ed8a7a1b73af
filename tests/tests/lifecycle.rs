//! The main job's scenario, run as a test: every step must have its expected outcome.

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

    // The refusals an operator meets are reported with their typed codes.
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
            "missing_role",
            "wallet_already_owned",
            "invalid_jurisdiction",
            "kyc_not_in_future",
            "not_pending_owner"
        ]
    );

    // Final investor table: five investors, the sanctioned one blocked.
    assert_eq!(report.investors.len(), 5);
    let chen = report
        .investors
        .iter()
        .find(|i| i["investor_id"] == "INV-CHEN")
        .unwrap();
    assert_eq!(chen["status"], "blocked");
}
