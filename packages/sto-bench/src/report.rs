//! Sizes, targets, `BENCHMARKS.md` and the JSON report.

use std::fmt::Write as _;
use std::io::Write as _;

use serde::Serialize;

use crate::chain::Load;
use crate::gas::{GAS_MULTIPLIER, INSTANCE_COST, INSTANCE_COST_DISCOUNT};
use crate::scenarios::{Artifacts, Measurement, Results, CW20_BASELINE};

/// Largest artifact the targets allow, in bytes (600 KiB).
pub const MAX_ARTIFACT_BYTES: u64 = 600 * 1024;
/// Largest artifact size relative to cw20-base's.
pub const MAX_SIZE_RATIO: f64 = 1.5;
/// Largest transaction the targets allow, in SDK gas.
pub const MAX_TX_GAS: u64 = 3_000_000;
/// Smallest push-claims page that must fit under [`MAX_TX_GAS`] (at 100,000 holders).
pub const MIN_PUSH_CLAIMS_PAGE: u64 = 50;
/// Largest spread of a per-holder operation over the holder counts.
pub const MAX_SCALING_SPREAD: f64 = 0.05;

/// The target of one row: every bound given must hold (unpinned figures).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct RowTarget {
    /// Row id.
    pub id: &'static str,
    /// Most calls charged the full load.
    pub max_loads: Option<u32>,
    /// Most `variable` gas (everything but the load costs).
    pub max_variable: Option<u64>,
    /// Most total gas unpinned over the cw20-base transfer's.
    pub max_ratio: Option<f64>,
    /// Where the target comes from.
    pub source: &'static str,
}

const fn row(
    id: &'static str,
    max_loads: Option<u32>,
    max_variable: Option<u64>,
    max_ratio: Option<f64>,
    source: &'static str,
) -> RowTarget {
    RowTarget {
        id,
        max_loads,
        max_variable,
        max_ratio,
        source,
    }
}

/// The targets of the rows, measured today or not yet.
pub const ROW_TARGETS: &[RowTarget] = &[
    row(
        "restricted_transfer",
        None,
        Some(34_500),
        Some(1.3),
        "a compliant transfer costs about a cw20-base transfer",
    ),
    row(
        "coupon_claim",
        Some(2),
        Some(50_000),
        Some(2.5),
        "a claim reads the record balance raw and pays by book entry",
    ),
    row(
        "subscription",
        Some(2),
        None,
        None,
        "a subscription is a cash hold: the adapter and the offering",
    ),
    row(
        "token_hold",
        Some(2),
        None,
        None,
        "placing a hold: one token call plus the notary's call",
    ),
    row(
        "token_hold_execute",
        Some(1),
        Some(44_000),
        Some(1.5),
        "about a restricted transfer (34,500) plus one read and one write of the hold record; \
         at most 1.5x a cw20-base transfer",
    ),
    row(
        "cash_book_entry",
        Some(1),
        Some(30_000 + crate::gas::TOP_LEVEL_CALL_RECORDS),
        None,
        "under 30,000 of storage, events and VM, plus the call's record reads",
    ),
    row(
        "cash_deposit",
        Some(2),
        None,
        None,
        "at most the adapter and the USD1 CW20 (native: the adapter)",
    ),
    row(
        "cash_withdrawal",
        Some(2),
        None,
        None,
        "at most the adapter and the USD1 CW20 (native: the adapter)",
    ),
    row(
        "dvp_settle_on_holds",
        Some(3),
        Some(95_000),
        Some(4.5),
        "the settling transaction executes both legs' holds: settlement, token, adapter (aim \
         3.5x)",
    ),
    row(
        "dvp_trade_total",
        Some(5),
        Some(200_000),
        Some(7.5),
        "create-and-affirm plus the affirmation that settles, all transactions (aim 6x)",
    ),
    row(
        "dvp_netted_batch",
        None,
        None,
        Some(2.0),
        "per trade of a netted batch: cost per trade falls with batching, below a single \
         settlement",
    ),
    row(
        "vote",
        Some(1),
        Some(25_000),
        Some(1.3),
        "constant cost per voter: one call reading the record balance raw",
    ),
];

/// Size of one artifact.
#[derive(Clone, Debug, Serialize)]
pub struct Size {
    /// Crate name.
    pub name: String,
    /// Bytes of the optimized artifact.
    pub bytes: u64,
    /// Bytes gzipped (level 9).
    pub gzipped: u64,
    /// Relative to cw20-base's optimized size.
    pub ratio: Option<f64>,
}

/// Sizes of every artifact.
pub fn sizes(artifacts: &Artifacts) -> anyhow::Result<Vec<Size>> {
    let mut sizes = Vec::new();
    for (name, wasm) in artifacts.iter() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(wasm)?;
        let gzipped = gz.finish()?.len() as u64;
        sizes.push(Size {
            name: name.to_string(),
            bytes: wasm.len() as u64,
            gzipped,
            ratio: None,
        });
    }
    let base = sizes
        .iter()
        .find(|s| s.name == CW20_BASELINE)
        .map(|s| s.bytes);
    if let Some(base) = base {
        for s in &mut sizes {
            s.ratio = Some(s.bytes as f64 / base as f64);
        }
    }
    Ok(sizes)
}

/// Outcome of one target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Met.
    Pass,
    /// Missed.
    Miss,
    /// Not measured in this run.
    Pending,
}

/// One target, evaluated.
#[derive(Clone, Debug, Serialize)]
pub struct Target {
    /// Row id (or what the target is about).
    pub id: String,
    /// The target as stated.
    pub target: String,
    /// What was measured.
    pub measured: String,
    /// Met, missed, or not measured.
    pub verdict: Verdict,
    /// For a miss: by how much.
    pub missed_by: Option<String>,
    /// For a miss: where the gas goes.
    pub note: Option<String>,
}

impl Target {
    fn result(&self) -> String {
        match (self.verdict, &self.missed_by) {
            (Verdict::Pass, _) => "met".into(),
            (Verdict::Miss, Some(by)) => format!("**missed** by {by}"),
            (Verdict::Miss, None) => "**missed**".into(),
            (Verdict::Pending, _) => "not measured yet".into(),
        }
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    a as f64 / b.max(1) as f64
}

/// Where the gas of `m` goes, for a miss note.
fn breakdown(m: &Measurement) -> String {
    let r = &m.report;
    format!(
        "{} full-price load(s) = {}, {} discounted = {}; VM {}; records {}; storage {} ({} \
         reads, {} writes, {} deletes, {} iterator steps); events {}; results and bank {}",
        r.loads,
        fmt_gas(u64::from(r.loads) * INSTANCE_COST),
        r.discounted_loads,
        fmt_gas(u64::from(r.discounted_loads) * INSTANCE_COST_DISCOUNT),
        fmt_gas(r.vm_gas),
        fmt_gas(r.records_gas),
        fmt_gas(r.kv_gas),
        r.kv_ops.reads,
        r.kv_ops.writes,
        r.kv_ops.deletes,
        r.kv_ops.iter_steps,
        fmt_gas(r.event_gas),
        fmt_gas(r.result_gas + r.bank_gas),
    )
}

/// Each call of `m` with its own total (its load included, unpinned).
fn per_call(m: &Measurement) -> String {
    let parts: Vec<String> = m
        .report
        .calls
        .iter()
        .map(|c| {
            format!(
                "{}.{} {}{}",
                c.contract,
                c.entry,
                fmt_gas(c.total(false)),
                if c.load == Load::Discounted {
                    " (discounted)"
                } else {
                    ""
                }
            )
        })
        .collect();
    parts.join(", ")
}

/// The bounds of `t` as text.
fn row_target_text(t: &RowTarget) -> String {
    let mut parts = Vec::new();
    if let Some(l) = t.max_loads {
        parts.push(format!("<= {l} full-price loads"));
    }
    if let Some(v) = t.max_variable {
        parts.push(format!("variable <= {}", fmt_gas(v)));
    }
    if let Some(r) = t.max_ratio {
        parts.push(format!("<= {r}x cw20-base transfer (unpinned)"));
    }
    format!("{} ({})", parts.join(", "), t.source)
}

/// One row's target evaluated on its measurement (if any).
pub fn row_target(t: &RowTarget, m: Option<&Measurement>, base: Option<&Measurement>) -> Target {
    let target = row_target_text(t);
    let Some(m) = m else {
        return Target {
            id: t.id.into(),
            target,
            measured: "not measured yet".into(),
            verdict: Verdict::Pending,
            missed_by: None,
            note: None,
        };
    };
    let mut measured = vec![
        format!("{} full-price loads", m.report.loads),
        format!("variable {}", fmt_gas(m.report.variable())),
    ];
    let mut misses = Vec::new();
    if let Some(l) = t.max_loads {
        if m.report.loads > l {
            misses.push(format!("{} load(s)", m.report.loads - l));
        }
    }
    if let Some(v) = t.max_variable {
        if m.report.variable() > v {
            misses.push(format!("{} variable", fmt_gas(m.report.variable() - v)));
        }
    }
    let mut pending = false;
    if let Some(max) = t.max_ratio {
        match base {
            Some(b) => {
                let r = ratio(m.total(false), b.total(false));
                measured.push(format!(
                    "{} / {} = {r:.2}x",
                    fmt_gas(m.total(false)),
                    fmt_gas(b.total(false))
                ));
                if r > max {
                    let allowed = (b.total(false) as f64 * max).floor() as u64;
                    misses.push(format!(
                        "{r:.2}x vs {max}x ({} over {})",
                        fmt_gas(m.total(false).saturating_sub(allowed)),
                        fmt_gas(allowed)
                    ));
                }
            }
            None => pending = true,
        }
    }
    let verdict = if !misses.is_empty() {
        Verdict::Miss
    } else if pending {
        Verdict::Pending
    } else {
        Verdict::Pass
    };
    let failed = m.report.error.is_some() && m.expect_ok;
    Target {
        id: t.id.into(),
        target,
        measured: format!(
            "{}{}",
            measured.join("; "),
            if failed { " (**FAILED**)" } else { "" }
        ),
        verdict: if failed { Verdict::Miss } else { verdict },
        missed_by: (!misses.is_empty()).then(|| misses.join(", ")),
        note: (verdict == Verdict::Miss)
            .then(|| format!("`{}`: {}. Per call: {}", t.id, breakdown(m), per_call(m))),
    }
}

fn spread_target(results: &Results, prefix: &str, what: &str) -> Target {
    let rows: Vec<&Measurement> = results
        .scaling
        .iter()
        .filter(|m| m.id.starts_with(prefix))
        .collect();
    let target = format!(
        "{what} gas constant within {:.0}% over the holder counts",
        MAX_SCALING_SPREAD * 100.0
    );
    let id = format!("{prefix}*");
    if rows.len() < 2 {
        return Target {
            id,
            target,
            measured: "not measured yet".into(),
            verdict: Verdict::Pending,
            missed_by: None,
            note: None,
        };
    }
    let totals: Vec<u64> = rows.iter().map(|m| m.total(false)).collect();
    let (min, max) = (
        totals.iter().copied().min().unwrap_or(0),
        totals.iter().copied().max().unwrap_or(0),
    );
    let spread = ratio(max - min, min.max(1));
    let counts: Vec<String> = rows
        .iter()
        .map(|m| fmt_gas(m.holders.unwrap_or(0)))
        .collect();
    let verdict = if spread <= MAX_SCALING_SPREAD {
        Verdict::Pass
    } else {
        Verdict::Miss
    };
    Target {
        id,
        target,
        measured: format!(
            "{} to {} gas over {} holders: spread {:.2}%",
            fmt_gas(min),
            fmt_gas(max),
            counts.join(" / "),
            spread * 100.0
        ),
        verdict,
        missed_by: (verdict == Verdict::Miss)
            .then(|| format!("{:.2} points", (spread - MAX_SCALING_SPREAD) * 100.0)),
        note: None,
    }
}

/// The page target of the push-claims search (`row`: the full-page row).
fn push_claims_target(results: &Results, row: &str) -> Target {
    let target = format!(
        "a page of >= {MIN_PUSH_CLAIMS_PAGE} holders under {} gas unpinned, at 100,000 holders",
        fmt_gas(MAX_TX_GAS)
    );
    let Some(fit) = results.push_claims_fits.iter().find(|f| f.row == row) else {
        return Target {
            id: row.into(),
            target,
            measured: "not measured yet".into(),
            verdict: Verdict::Pending,
            missed_by: None,
            note: None,
        };
    };
    let how = if fit.measured {
        "executed".to_string()
    } else {
        format!(
            "extrapolated: {} for one holder, {} per further holder{}",
            fmt_gas(fit.first),
            fmt_gas(fit.per_holder),
            fit.cap
                .map(|c| format!("; the distributor refuses pages above {c}"))
                .unwrap_or_default()
        )
    };
    let verdict = if fit.largest_page >= MIN_PUSH_CLAIMS_PAGE {
        Verdict::Pass
    } else {
        Verdict::Miss
    };
    Target {
        id: row.into(),
        target,
        measured: format!(
            "largest page under {}: {} holders at {} holders ({how})",
            fmt_gas(MAX_TX_GAS),
            fit.largest_page,
            fmt_gas(fit.holders)
        ),
        verdict,
        missed_by: (verdict == Verdict::Miss)
            .then(|| format!("{} holders", MIN_PUSH_CLAIMS_PAGE - fit.largest_page)),
        note: None,
    }
}

/// Every target, evaluated on this run: the row table, the push-claims page, the artifact
/// sizes, then the run's checks (refusal cost, scaling, largest transaction).
pub fn targets(results: &Results, sizes: &[Size]) -> Vec<Target> {
    let base = results.op("cw20_transfer");
    let mut targets: Vec<Target> = ROW_TARGETS
        .iter()
        .map(|t| row_target(t, results.op(t.id), base))
        .collect();
    targets.push(push_claims_target(results, "push_claims_page"));

    let base_size = sizes.iter().find(|s| s.name == CW20_BASELINE);
    for s in sizes.iter().filter(|s| s.name != CW20_BASELINE) {
        let target = format!(
            "`{}.wasm` < 600 KiB and <= {MAX_SIZE_RATIO}x cw20-base",
            s.name
        );
        let id = format!("size_{}", s.name);
        let Some(base_size) = base_size else {
            targets.push(Target {
                id,
                target,
                measured: "cw20-base artifact missing".into(),
                verdict: Verdict::Pending,
                missed_by: None,
                note: None,
            });
            continue;
        };
        let r = ratio(s.bytes, base_size.bytes);
        let allowed =
            ((base_size.bytes as f64 * MAX_SIZE_RATIO).floor() as u64).min(MAX_ARTIFACT_BYTES - 1);
        let ok = s.bytes <= allowed;
        targets.push(Target {
            id,
            target,
            measured: format!(
                "{} bytes = {r:.2}x ({} KiB)",
                fmt_gas(s.bytes),
                s.bytes / 1024
            ),
            verdict: if ok { Verdict::Pass } else { Verdict::Miss },
            missed_by: (!ok).then(|| {
                format!(
                    "{} bytes ({:.0}% over {})",
                    fmt_gas(s.bytes - allowed),
                    (ratio(s.bytes, allowed) - 1.0) * 100.0,
                    fmt_gas(allowed)
                )
            }),
            note: None,
        });
    }

    let target = "a refused transfer costs no more than an allowed one".to_string();
    targets.push(
        match (
            results.op("refused_transfer"),
            results.op("restricted_transfer"),
        ) {
            (Some(refused), Some(allowed)) => {
                let ok = refused.total(false) <= allowed.total(false);
                Target {
                    id: "refused_transfer".into(),
                    target,
                    measured: format!(
                        "{} refused vs {} allowed ({:.2}x)",
                        fmt_gas(refused.total(false)),
                        fmt_gas(allowed.total(false)),
                        ratio(refused.total(false), allowed.total(false))
                    ),
                    verdict: if ok { Verdict::Pass } else { Verdict::Miss },
                    missed_by: (!ok).then(|| fmt_gas(refused.total(false) - allowed.total(false))),
                    note: (!ok).then(|| breakdown(refused)),
                }
            }
            _ => Target {
                id: "refused_transfer".into(),
                target,
                measured: "not measured yet".into(),
                verdict: Verdict::Pending,
                missed_by: None,
                note: None,
            },
        },
    );
    targets.push(spread_target(
        results,
        "scaling_coupon_claim_",
        "coupon claim",
    ));
    targets.push(spread_target(
        results,
        "scaling_restricted_transfer_",
        "restricted transfer",
    ));
    targets.push(spread_target(results, "scaling_vote_", "vote"));

    let largest = &results.largest;
    let ok = largest.gas <= MAX_TX_GAS;
    targets.push(Target {
        id: "largest_transaction".into(),
        target: format!(
            "no single transaction above {} SDK gas unpinned (every transaction of the run, \
             setup included, the pages of the push-claims search over it excluded)",
            fmt_gas(MAX_TX_GAS)
        ),
        measured: format!(
            "largest: {} ({} unpinned)",
            largest.label,
            fmt_gas(largest.gas)
        ),
        verdict: if ok { Verdict::Pass } else { Verdict::Miss },
        missed_by: (!ok).then(|| fmt_gas(largest.gas - MAX_TX_GAS)),
        note: None,
    });
    targets
}

/// The machine and toolchain of the run.
#[derive(Clone, Debug, Serialize)]
pub struct Machine {
    /// Logical CPUs (`nproc`).
    pub nproc: usize,
    /// CPU model from `/proc/cpuinfo`.
    pub cpu: String,
    /// `rustc --version`.
    pub rustc: String,
    /// `artifacts/build-info.txt`, when present.
    pub build_info: Vec<String>,
    /// Start of the run (UTC, RFC 3339).
    pub date: String,
}

impl Machine {
    /// Describe this machine.
    pub fn detect(artifacts_dir: &std::path::Path) -> Self {
        let nproc = std::thread::available_parallelism().map_or(0, usize::from);
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("model name"))
                    .and_then(|l| l.split_once(':'))
                    .map(|(_, v)| v.trim().to_string())
            })
            .unwrap_or_else(|| "unknown".into());
        let rustc = std::process::Command::new("rustc")
            .arg("--version")
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_else(|| "unknown".into());
        let build_info = std::fs::read_to_string(artifacts_dir.join("build-info.txt"))
            .map(|s| s.lines().map(str::to_string).collect())
            .unwrap_or_default();
        let date = std::process::Command::new("date")
            .args(["-u", "+%Y-%m-%dT%H:%M:%SZ"])
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default();
        Machine {
            nproc,
            cpu,
            rustc,
            build_info,
            date,
        }
    }
}

/// The whole report, as written to JSON.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    /// Command that produced it.
    pub command: String,
    /// Machine and toolchain.
    pub machine: Machine,
    /// Gas schedule used.
    pub schedule: Schedule,
    /// Measured operations, scaling rows, pending rows, failures, largest transaction.
    pub results: &'a Results,
    /// Artifact sizes.
    pub sizes: Vec<Size>,
    /// Targets of the issue.
    pub targets: Vec<Target>,
}

/// The gas schedule, recorded in the JSON.
#[derive(Debug, Serialize)]
pub struct Schedule {
    /// CosmWasm gas per SDK gas.
    pub gas_multiplier: u64,
    /// SDK gas of the first call to a code checksum in a transaction, unpinned.
    pub instance_cost: u64,
    /// SDK gas of a call to a code already called in the transaction, of a reply, or of any
    /// call to a pinned code.
    pub instance_cost_discount: u64,
    /// Record reads and checks of a transaction's own execute message.
    pub top_level_call_records: u64,
    /// The same for an execute sub-message.
    pub sub_message_call_records: u64,
    /// The same for a smart query.
    pub smart_query_records: u64,
    /// The same for a reply.
    pub reply_records: u64,
    /// Bytes of wasmd's contract store prefix counted in every key.
    pub contract_prefix_len: u64,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            gas_multiplier: GAS_MULTIPLIER,
            instance_cost: INSTANCE_COST,
            instance_cost_discount: INSTANCE_COST_DISCOUNT,
            top_level_call_records: crate::gas::TOP_LEVEL_CALL_RECORDS,
            sub_message_call_records: crate::gas::SUB_MESSAGE_CALL_RECORDS,
            smart_query_records: crate::gas::SMART_QUERY_RECORDS,
            reply_records: crate::gas::REPLY_RECORDS,
            contract_prefix_len: crate::gas::CONTRACT_PREFIX_LEN,
        }
    }
}

/// `1234567` as `1,234,567`.
pub fn fmt_gas(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn x(a: u64, b: Option<u64>) -> String {
    b.map_or_else(|| "–".into(), |b| format!("{:.2}x", ratio(a, b)))
}

/// The markdown written to `BENCHMARKS.md`.
pub fn markdown(report: &Report) -> String {
    let mut md = String::new();
    let r = report.results;
    let m = &report.machine;
    let _ = writeln!(md, "# Benchmarks: gas and size on the CosmWasm VM\n");
    let _ = writeln!(
        md,
        "Generated from the optimized artifacts by `{}` (do not edit by hand; run it again \
         to regenerate). Machine-readable results: `artifacts/bench.json`.\n",
        report.command
    );
    let _ = writeln!(md, "| run | |\n| --- | --- |");
    let _ = writeln!(md, "| date (UTC) | {} |", m.date);
    let _ = writeln!(md, "| machine | `nproc` = {}, {} |", m.nproc, m.cpu);
    let _ = writeln!(md, "| rustc | {} |", m.rustc);
    for line in &m.build_info {
        if let Some((k, v)) = line.split_once(": ") {
            let _ = writeln!(md, "| artifacts: {k} | `{v}` |");
        }
    }
    let _ = writeln!(
        md,
        "| VM | cosmwasm-vm 2.3.5 (singlepass, metering as libwasmvm) |\n"
    );

    let _ = writeln!(md, "## How gas is counted\n");
    let _ = writeln!(
        md,
        "Each operation runs as one transaction of real messages on the benchmark chain \
         (`packages/sto-bench`), charged as wasmd v0.60.8 charges it: every contract call is a \
         fresh instance of the artifact in cosmwasm-vm, sub-messages and smart queries run on \
         the callee's instance and their cost is added, raw storage queries are charged as \
         reads of the callee's store. All figures are Cosmos SDK gas:\n\n\
         - **loads**: {} for the first call to a code checksum in the transaction (execute, \
         sub-message execute or smart query: wasmd's `checkDiscountEligibility` with the \
         `TxContracts` ante decorator), {} for a code already called in the same transaction \
         (another contract of the same code included) and for every reply; a pinned code \
         always pays {}. *Full-price loads* count the former, *discounted loads* the latter;\n\
         - **records**: wasmd's reads on every call: the contract record (`0x02 || address`) \
         and the code record (`0x01 || code id`), {} together; the pinned flag ({}) on \
         executes and smart queries; x/circuit's check ({}) twice for the transaction's own \
         message (ante handler and message router), once for each routed sub-message (wasm \
         or bank). That is {} per message of the transaction, {} per execute sub-message, {} \
         per smart query, {} per reply;\n\
         - **VM**: the instance's metered wasm gas / {} (wasmd's multiplier for CosmWasm 2), \
         per call;\n\
         - **storage**: SDK KV gas on every access, keys counted with wasmd's 33-byte contract \
         prefix: read 1,000 + 3/byte (key and value), write 2,000 + 30/byte, has and delete \
         1,000, iterator step 30 + 3/byte;\n\
         - **other**: wasmd's event gas (10 per attribute, 1 per byte above 100 free bytes per \
         response, 20 per custom event; a reply also pays for the events of the result it \
         receives), 1 per byte of each JSON result the chain reads back, x/bank KV gas for \
         native coins (`0x02 || address || denom` balances, read and written for both sides), \
         and one read of wasmd's contract record for a contract-info query.\n\n\
         `variable` is everything but the load costs (what a pinned chain pays beyond {} a \
         call); `total unpinned = variable + full-price loads × {} + discounted loads × {}`, \
         `total pinned = variable + every load × {}`. The transaction's own cost outside the \
         messages (29,329 + 10 per transaction byte on wasmd v0.60.8: signature, bytes, ante \
         handler) is the same for every row and not counted.\n",
        fmt_gas(INSTANCE_COST),
        fmt_gas(INSTANCE_COST_DISCOUNT),
        fmt_gas(INSTANCE_COST_DISCOUNT),
        fmt_gas(crate::gas::CONTRACT_RECORDS_READ),
        fmt_gas(crate::gas::PINNED_CHECK_COST),
        fmt_gas(crate::gas::CIRCUIT_BREAKER_CHECK_COST),
        fmt_gas(crate::gas::TOP_LEVEL_CALL_RECORDS),
        fmt_gas(crate::gas::SUB_MESSAGE_CALL_RECORDS),
        fmt_gas(crate::gas::SMART_QUERY_RECORDS),
        fmt_gas(crate::gas::REPLY_RECORDS),
        fmt_gas(GAS_MULTIPLIER),
        fmt_gas(INSTANCE_COST_DISCOUNT),
        fmt_gas(INSTANCE_COST),
        fmt_gas(INSTANCE_COST_DISCOUNT),
        fmt_gas(INSTANCE_COST_DISCOUNT),
    );

    let base = r.op("cw20_transfer");
    let _ = writeln!(md, "## Operations\n");
    let _ = writeln!(
        md,
        "The suite: identity registry, security token (rules: jurisdiction allow list of five, \
         minimum investor class, holder cap), cash adapter; cw20-base (the `cw20_baseline` \
         artifact) is both the baseline and USD1 in CW20 mode. Transfers move 100 units between \
         wallets holding 5,000,000,000; rows marked (existing) follow a warm-up of the same \
         kind.\n"
    );
    let _ = writeln!(
        md,
        "| id | operation | contract calls | full-price loads | discounted loads | raw reads | \
         VM | records | storage | other | variable | total unpinned | total pinned | vs cw20 \
         transfer (unpinned / pinned) |\n\
         | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: \
         | ---: |"
    );
    for op in &r.operations {
        let rep = &op.report;
        let status = if rep.error.is_some() && op.expect_ok {
            " **FAILED**"
        } else {
            ""
        };
        let _ = writeln!(
            md,
            "| `{}` | {}{status} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} / {} \
             |",
            op.id,
            op.label,
            op.path(),
            rep.loads,
            rep.discounted_loads,
            rep.raw_queries,
            fmt_gas(rep.vm_gas),
            fmt_gas(rep.records_gas),
            fmt_gas(rep.kv_gas),
            fmt_gas(rep.event_gas + rep.result_gas + rep.bank_gas),
            fmt_gas(rep.variable()),
            fmt_gas(op.total(false)),
            fmt_gas(op.total(true)),
            x(op.total(false), base.map(|b| b.total(false))),
            x(op.total(true), base.map(|b| b.total(true))),
        );
    }
    let notes: Vec<String> = r
        .operations
        .iter()
        .filter_map(|op| op.note.as_ref().map(|n| format!("- {}: {n}.", op.label)))
        .collect();
    if !notes.is_empty() {
        let _ = writeln!(md, "\n{}", notes.join("\n"));
    }
    let _ = writeln!(
        md,
        "\nStorage operations per row (reads / writes / deletes / iterator steps):\n"
    );
    for op in &r.operations {
        let o = op.report.kv_ops;
        let _ = writeln!(
            md,
            "- {}: {} / {} / {} / {}",
            op.label, o.reads, o.writes, o.deletes, o.iter_steps
        );
    }

    let _ = writeln!(md, "\n## Scaling with the number of holders\n");
    let _ = writeln!(
        md,
        "Holder state (registry investors and wallet records, token balances, accounts, \
         investor books, holder counts; cw20-base balances) is written directly into the \
         contracts' stores in their own cw-storage-plus layouts; then one transfer between \
         two existing holders is executed, and (where built) a coupon claim and a vote on a \
         ballot, each by a holder whose balance did not move. Cosmos SDK KV gas has no term for the size of the \
         store, so equal figures at every holder count mean that no step of the operation \
         grows with the holders (no iteration over holders, no per-holder bookkeeping).\n"
    );
    let _ = writeln!(
        md,
        "| id | operation | holders | full-price loads | discounted loads | VM | storage | \
         variable | total unpinned | total pinned |\n| --- | --- | ---: | ---: | ---: | ---: | \
         ---: | ---: | ---: | ---: |"
    );
    for op in &r.scaling {
        let rep = &op.report;
        let label = op
            .label
            .split(" at ")
            .next()
            .unwrap_or(op.label.as_str())
            .to_string();
        let _ = writeln!(
            md,
            "| `{}` | {label}{} | {} | {} | {} | {} | {} | {} | {} | {} |",
            op.id,
            if rep.error.is_some() {
                " **FAILED**"
            } else {
                ""
            },
            fmt_gas(op.holders.unwrap_or(0)),
            rep.loads,
            rep.discounted_loads,
            fmt_gas(rep.vm_gas),
            fmt_gas(rep.kv_gas),
            fmt_gas(rep.variable()),
            fmt_gas(op.total(false)),
            fmt_gas(op.total(true)),
        );
    }

    let _ = writeln!(md, "\n## Artifact sizes\n");
    let _ = writeln!(
        md,
        "| artifact | bytes | gzipped | vs cw20-base |\n| --- | ---: | ---: | ---: |"
    );
    for s in &report.sizes {
        let _ = writeln!(
            md,
            "| `{}.wasm`{} | {} | {} | {} |",
            s.name,
            if s.name == CW20_BASELINE {
                " (cw20-base)"
            } else {
                ""
            },
            fmt_gas(s.bytes),
            fmt_gas(s.gzipped),
            s.ratio.map_or_else(|| "–".into(), |r| format!("{r:.2}x")),
        );
    }

    if !r.push_claims_pages.is_empty() {
        let _ = writeln!(md, "\n## Push-claims page size\n");
        let _ = writeln!(
            md,
            "Pages of growing size pushed on a funded coupon at the largest holder count, each \
             page a transaction of its own, until the distributor refuses a page or one exceeds \
             {} unpinned.\n",
            fmt_gas(MAX_TX_GAS)
        );
        let _ = writeln!(
            md,
            "| holders in the page | full-price loads | total unpinned | total pinned | result \
             |\n| ---: | ---: | ---: | ---: | --- |"
        );
        for p in &r.push_claims_pages {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} |",
                p.page,
                p.loads,
                p.total_unpinned.map_or_else(|| "–".into(), fmt_gas),
                p.total_pinned.map_or_else(|| "–".into(), fmt_gas),
                match &p.error {
                    Some(e) => format!("refused: {}", e.replace('|', "/")),
                    None => "executed".into(),
                }
            );
        }
        let _ = writeln!(md);
        for fit in &r.push_claims_fits {
            let _ = writeln!(
                md,
                "- largest page under {} unpinned: **{} holders** ({}; {} per holder after the \
                 first).",
                fmt_gas(MAX_TX_GAS),
                fit.largest_page,
                if fit.measured {
                    "executed".to_string()
                } else {
                    format!(
                        "extrapolated from the two largest pages executed{}",
                        fit.cap
                            .map(|c| format!(", the distributor refusing pages above {c}"))
                            .unwrap_or_default()
                    )
                },
                fmt_gas(fit.per_holder)
            );
        }
    }

    let _ = writeln!(md, "\n## Targets\n");
    let _ = writeln!(
        md,
        "Generated from `ROW_TARGETS` and the checks in `packages/sto-bench/src/report.rs`; \
         every figure unpinned. A row that does not exist yet is listed as not measured yet \
         with its target.\n"
    );
    let _ = writeln!(
        md,
        "| id | target | measured | result |\n| --- | --- | --- | --- |"
    );
    for t in &report.targets {
        let _ = writeln!(
            md,
            "| `{}` | {} | {} | {} |",
            t.id,
            t.target,
            t.measured,
            t.result()
        );
    }

    if !r.pending.is_empty() {
        let _ = writeln!(md, "\n## Not yet measured\n");
        for (what, why) in &r.pending {
            let _ = writeln!(md, "- {what}: {why}.");
        }
    }
    if !r.failures.is_empty() {
        let _ = writeln!(md, "\n## Failures\n");
        for f in &r.failures {
            let _ = writeln!(md, "- `{}`: {}", f.id, f.error);
        }
    }

    let _ = writeln!(md, "\n## Closing note\n");
    let misses: Vec<&Target> = report
        .targets
        .iter()
        .filter(|t| t.verdict == Verdict::Miss)
        .collect();
    if misses.is_empty() {
        let _ = writeln!(md, "Every target measured in this run is met.");
    } else {
        let _ = writeln!(md, "Missed in this run:\n");
        for t in misses {
            let _ = writeln!(
                md,
                "- `{}`: {}, missed by {}.{}",
                t.id,
                t.target,
                t.missed_by.as_deref().unwrap_or("–"),
                t.note
                    .as_deref()
                    .map(|n| format!(" {n}."))
                    .unwrap_or_default()
            );
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::TxReport;
    use crate::storage::KvOps;

    fn report(loads: u32, discounted_loads: u32, kv_gas: u64) -> TxReport {
        TxReport {
            error: None,
            calls: vec![],
            loads,
            discounted_loads,
            raw_queries: 0,
            vm_gas: 0,
            records_gas: 0,
            kv_gas,
            event_gas: 0,
            result_gas: 0,
            bank_gas: 0,
            kv_ops: KvOps::default(),
        }
    }

    fn row(id: &str, holders: u64, kv_gas: u64) -> Measurement {
        let mut m = Measurement::new(id, id, true, report(1, 0, kv_gas));
        m.holders = Some(holders);
        m
    }

    #[test]
    fn a_row_target_reports_each_bound_missed_and_by_how_much() {
        let t = RowTarget {
            id: "claim",
            max_loads: Some(2),
            max_variable: Some(50_000),
            max_ratio: Some(2.5),
            source: "test",
        };
        let base = Measurement::new("cw20_transfer", "base", true, report(1, 0, 20_000));
        // 80,000 total for the base; 2.5x allows 200,000.
        // 3 full loads (180,000) + 1 discounted (2,000) + 50,001 variable = 232,001.
        let m = Measurement::new("claim", "claim", true, report(3, 1, 50_001));
        let t1 = row_target(&t, Some(&m), Some(&base));
        assert_eq!(t1.verdict, Verdict::Miss);
        assert_eq!(
            t1.missed_by.as_deref(),
            Some("1 load(s), 1 variable, 2.90x vs 2.5x (32,001 over 200,000)")
        );
        // Within every bound: 2 full loads + 3 discounted + 50,000 = 176,000 = 2.2x.
        let m = Measurement::new("claim", "claim", true, report(2, 3, 50_000));
        assert_eq!(row_target(&t, Some(&m), Some(&base)).verdict, Verdict::Pass);
        // A row that does not exist yet.
        let t3 = row_target(&t, None, Some(&base));
        assert_eq!(t3.verdict, Verdict::Pending);
        assert_eq!(t3.result(), "not measured yet");
    }

    #[test]
    fn every_row_target_names_a_distinct_row() {
        let mut ids: Vec<&str> = ROW_TARGETS.iter().map(|t| t.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ROW_TARGETS.len());
        assert!(ROW_TARGETS
            .iter()
            .all(|t| t.max_loads.is_some() || t.max_variable.is_some() || t.max_ratio.is_some()));
    }

    #[test]
    fn gas_figures_are_grouped_by_thousands() {
        assert_eq!(fmt_gas(0), "0");
        assert_eq!(fmt_gas(999), "999");
        assert_eq!(fmt_gas(1_000), "1,000");
        assert_eq!(fmt_gas(3_000_000), "3,000,000");
    }

    #[test]
    fn the_scaling_spread_is_measured_on_unpinned_totals() {
        // 60,000 + 40,000 = 100,000 vs 60,000 + 44,999 = 104,999: 4.999% spread.
        let mut results = Results {
            scaling: vec![
                row("scaling_restricted_transfer_10", 10, 40_000),
                row("scaling_restricted_transfer_100000", 100_000, 44_999),
            ],
            ..Results::default()
        };
        let t = spread_target(&results, "scaling_restricted_transfer_", "transfer");
        assert_eq!(t.verdict, Verdict::Pass);
        results.scaling[1] = row("scaling_restricted_transfer_100000", 100_000, 45_001);
        let t = spread_target(&results, "scaling_restricted_transfer_", "transfer");
        assert_eq!(t.verdict, Verdict::Miss);
        // One holder count only: nothing to compare.
        results.scaling.truncate(1);
        let t = spread_target(&results, "scaling_restricted_transfer_", "transfer");
        assert_eq!(t.verdict, Verdict::Pending);
    }
}
