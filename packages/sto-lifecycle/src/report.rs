use serde::Serialize;

/// What happened at a step.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Outcome {
    /// The action was accepted.
    Accepted,
    /// The action was refused, with the contract's typed reason.
    Refused {
        /// The refusal's stable code (error variant or reason code).
        code: String,
        /// The contract's message.
        message: String,
    },
    /// A check (query) was made.
    Observed,
}

/// One step of the lifecycle.
#[derive(Serialize, Debug, Clone)]
pub struct Step {
    /// Sequence number.
    pub n: usize,
    /// The flow of SYSTEM.md it belongs to (1-7).
    pub flow: u8,
    /// Who acted.
    pub actor: String,
    /// What was attempted.
    pub action: String,
    /// What happened.
    pub outcome: Outcome,
    /// What was expected to happen, when it differs (the run fails).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unexpected: Option<String>,
    /// Details worth an auditor's eye.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<(String, String)>,
}

/// The whole run: steps, final tables, and whether every expectation held.
#[derive(Serialize, Debug, Default)]
pub struct Report {
    /// Deployed contracts, by name.
    pub contracts: Vec<(String, String)>,
    /// Every step, in order.
    pub steps: Vec<Step>,
    /// Final investor table: id, jurisdiction, class, wallets, eligibility.
    pub investors: Vec<serde_json::Value>,
    /// Cap table before maturity: holders by investor, balances per wallet, share.
    pub cap_table: Vec<serde_json::Value>,
    /// USD1 movements grouped by the securities event they belong to, with totals.
    pub cash_reconciliation: Vec<serde_json::Value>,
    /// Every entry of the cash adapter's ledger.
    pub cash_ledger: Vec<serde_json::Value>,
    /// Finality records of every settled DvP instruction.
    pub finality_records: Vec<serde_json::Value>,
    /// Number of steps after which the suite-wide invariants were checked and held.
    pub invariant_checks: usize,
    /// Number of steps whose outcome was not the expected one.
    pub failures: usize,
    /// Print steps as they happen.
    #[serde(skip)]
    pub verbose: bool,
}

impl Report {
    /// A report that prints as it goes when `verbose`.
    pub fn new(verbose: bool) -> Self {
        Report {
            verbose,
            ..Default::default()
        }
    }

    /// Record a step and print it. `expected_ok` says whether acceptance was expected.
    pub fn record(
        &mut self,
        flow: u8,
        actor: &str,
        action: &str,
        outcome: Outcome,
        expected: Expect,
        details: Vec<(String, String)>,
    ) {
        let unexpected = match (&expected, &outcome) {
            (Expect::Accept, Outcome::Accepted) | (Expect::Observe, Outcome::Observed) => None,
            (Expect::Refuse(code), Outcome::Refused { code: got, .. }) if code == got => None,
            (Expect::Refuse(code), _) => Some(format!("expected refusal `{code}`")),
            (Expect::Accept, _) => Some("expected acceptance".to_string()),
            (Expect::Observe, _) => Some("expected an observation".to_string()),
        };
        if unexpected.is_some() {
            self.failures += 1;
        }
        let step = Step {
            n: self.steps.len() + 1,
            flow,
            actor: actor.to_string(),
            action: action.to_string(),
            outcome,
            unexpected,
            details,
        };
        if self.verbose {
            print_step(&step);
        }
        self.steps.push(step);
    }

    /// Record an observation whose truth is `ok` (a failed check counts as a failure).
    pub fn check(&mut self, flow: u8, what: &str, ok: bool, details: Vec<(String, String)>) {
        let outcome = if ok {
            Outcome::Observed
        } else {
            Outcome::Refused {
                code: "check_failed".into(),
                message: what.to_string(),
            }
        };
        self.record(flow, "auditor", what, outcome, Expect::Observe, details);
    }
}

/// What a step is expected to do.
#[derive(Debug, Clone)]
pub enum Expect {
    /// Be accepted.
    Accept,
    /// Be refused with this code.
    Refuse(String),
    /// Be an observation that holds.
    Observe,
}

fn print_step(step: &Step) {
    let (mark, what) = match &step.outcome {
        Outcome::Accepted => ("ok     ", String::new()),
        Outcome::Observed => ("check  ", String::new()),
        Outcome::Refused { code, message } => ("refused", format!(" [{code}] {message}")),
    };
    println!(
        "{:>3}. [flow {}] {:<8} {:<18} {}{}",
        step.n, step.flow, mark, step.actor, step.action, what
    );
    for (k, v) in &step.details {
        println!("         {k}: {v}");
    }
    if let Some(u) = &step.unexpected {
        println!("         !! UNEXPECTED: {u}");
    }
}
