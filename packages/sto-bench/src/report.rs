//! Sizes, targets, `BENCHMARKS.md` and the JSON report.

use std::fmt::Write as _;
use std::io::Write as _;

use serde::Serialize;

use crate::gas::{GAS_MULTIPLIER, INSTANCE_COST, INSTANCE_COST_PINNED};
use crate::scenarios::{Artifacts, Measurement, Results, CW20_BASELINE};

/// Largest artifact the targets allow, in bytes (600 KiB).
pub const MAX_ARTIFACT_BYTES: u64 = 600 * 1024;
/// Largest artifact size relative to cw20-base's.
pub const MAX_SIZE_RATIO: f64 = 1.5;
/// Largest transaction the targets allow, in SDK gas.
pub const MAX_TX_GAS: u64 = 3_000_000;
/// Restricted transfer vs cw20-base transfer.
pub const MAX_TRANSFER_RATIO: f64 = 1.3;
/// Adapter funding or release vs cw20-base transfer.
pub const MAX_ADAPTER_RATIO: f64 = 1.2;
/// DvP settlement of both legs vs cw20-base transfer.
pub const MAX_DVP_RATIO: f64 = 3.5;
/// Most contract loads of a DvP settlement of both legs.
pub const MAX_DVP_LOADS: u32 = 3;
/// Largest spread of a per-holder operation over the holder counts.
pub const MAX_SCALING_SPREAD: f64 = 0.05;

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

impl Verdict {
    fn text(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Miss => "**miss**",
            Verdict::Pending => "pending",
        }
    }
}

/// One target of the issue, evaluated.
#[derive(Clone, Debug, Serialize)]
pub struct Target {
    /// The target as stated.
    pub target: String,
    /// What was measured.
    pub measured: String,
    /// Met, missed, or not measured.
    pub verdict: Verdict,
    /// For a miss: by how much, and where the gas goes.
    pub note: Option<String>,
}

fn ratio(a: u64, b: u64) -> f64 {
    a as f64 / b as f64
}

/// Where the gas of `m` goes, for a miss note.
fn breakdown(m: &Measurement) -> String {
    let r = &m.report;
    format!(
        "{} contract load(s) = {} unpinned; VM {}; storage {} ({} reads, {} writes, {} deletes, \
         {} iterator steps); events {}; results {}",
        r.loads,
        fmt_gas(u64::from(r.loads) * INSTANCE_COST),
        fmt_gas(r.vm_gas),
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
            let load = if c.load { INSTANCE_COST } else { 0 };
            format!(
                "{}.{} {}",
                c.contract,
                c.entry,
                fmt_gas(c.vm_sdk_gas + c.kv_gas + c.event_gas + c.result_gas + load)
            )
        })
        .collect();
    parts.join(", ")
}

/// What would close a missed gas ratio, from the figures of the run.
fn remedy(results: &Results, m: &Measurement, allowed: u64) -> String {
    let loads = u64::from(m.report.loads) * INSTANCE_COST;
    let mut text = if loads >= allowed {
        format!(
            "The {} contract loads alone ({}) exceed the budget of {}: no storage or code \
             saving can meet it; only fewer contract calls per operation can",
            m.report.loads,
            fmt_gas(loads),
            fmt_gas(allowed)
        )
    } else {
        format!(
            "Without its loads ({}) the operation has {} left for storage and execution and \
             uses {}: {} of storage to save (each write avoided saves 2,000 + 30/byte, each \
             read 1,000 + 3/byte)",
            fmt_gas(loads),
            fmt_gas(allowed - loads),
            fmt_gas(m.report.variable()),
            fmt_gas(m.total(false).saturating_sub(allowed))
        )
    };
    let queries: Vec<u64> = m
        .report
        .calls
        .iter()
        .filter(|c| c.entry == "query")
        .map(|c| {
            c.vm_sdk_gas
                + c.kv_gas
                + c.event_gas
                + c.result_gas
                + if c.load { INSTANCE_COST } else { 0 }
        })
        .collect();
    if !queries.is_empty() {
        let _ = write!(
            text,
            ". Its {} smart {} {} (each a contract load); a raw read of a published \
             storage layout instead costs about 1,000-1,500 and loads nothing",
            queries.len(),
            if queries.len() == 1 {
                "query costs"
            } else {
                "queries cost"
            },
            fmt_gas(queries.iter().sum())
        );
    }
    let native_id = format!("{}_native", m.id);
    if let Some(native) = results.op(&native_id) {
        let _ = write!(
            text,
            ". With USD1 as a native denom (no CW20 hop) the same operation costs {} ({} \
             contract load{}{})",
            fmt_gas(native.total(false)),
            native.report.loads,
            if native.report.loads == 1 { "" } else { "s" },
            results
                .op("cw20_transfer")
                .map(|b| format!(
                    ", {:.2}x cw20-base transfer",
                    ratio(native.total(false), b.total(false))
                ))
                .unwrap_or_default()
        );
    }
    text.push('.');
    text
}

fn ratio_target(
    results: &Results,
    id: &str,
    what: &str,
    max: f64,
    base: Option<&Measurement>,
) -> Target {
    let target = format!("{what} <= {max}x cw20-base transfer (total gas, unpinned)");
    match (results.op(id), base) {
        (Some(m), Some(base)) => {
            let r = ratio(m.total(false), base.total(false));
            let pinned = ratio(m.total(true), base.total(true));
            let verdict = if r <= max {
                Verdict::Pass
            } else {
                Verdict::Miss
            };
            let note = (verdict == Verdict::Miss).then(|| {
                let allowed = (base.total(false) as f64 * max).floor() as u64;
                format!(
                    "{what}: {} over the {} allowed ({:.0}% over). Where it goes: {} (per \
                     call: {}). Pinned it is {pinned:.2}x. {}",
                    fmt_gas(m.total(false).saturating_sub(allowed)),
                    fmt_gas(allowed),
                    (r / max - 1.0) * 100.0,
                    breakdown(m),
                    per_call(m),
                    remedy(results, m, allowed)
                )
            });
            Target {
                target,
                measured: format!(
                    "{} / {} = {r:.2}x (pinned {pinned:.2}x)",
                    fmt_gas(m.total(false)),
                    fmt_gas(base.total(false))
                ),
                verdict,
                note,
            }
        }
        _ => Target {
            target,
            measured: "not measured".into(),
            verdict: Verdict::Pending,
            note: None,
        },
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
    if rows.len() < 2 {
        return Target {
            target,
            measured: "not measured".into(),
            verdict: Verdict::Pending,
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
        target,
        measured: format!(
            "{} to {} gas over {} holders: spread {:.2}%",
            fmt_gas(min),
            fmt_gas(max),
            counts.join(" / "),
            spread * 100.0
        ),
        verdict,
        note: (verdict == Verdict::Miss).then(|| {
            format!(
                "{what}: spread {:.2}% exceeds {:.0}%",
                spread * 100.0,
                MAX_SCALING_SPREAD * 100.0
            )
        }),
    }
}

/// Every target of the issue, evaluated on this run.
pub fn targets(results: &Results, sizes: &[Size]) -> Vec<Target> {
    let base = results.op("cw20_transfer");
    let mut targets = vec![ratio_target(
        results,
        "restricted_transfer",
        "restricted transfer (eligible)",
        MAX_TRANSFER_RATIO,
        base,
    )];

    let target = "a refused transfer costs no more than an allowed one".to_string();
    targets.push(
        match (
            results.op("refused_transfer"),
            results.op("restricted_transfer"),
        ) {
            (Some(refused), Some(allowed)) => {
                let verdict = if refused.total(false) <= allowed.total(false) {
                    Verdict::Pass
                } else {
                    Verdict::Miss
                };
                Target {
                    target,
                    measured: format!(
                        "{} refused vs {} allowed ({:.2}x)",
                        fmt_gas(refused.total(false)),
                        fmt_gas(allowed.total(false)),
                        ratio(refused.total(false), allowed.total(false))
                    ),
                    verdict,
                    note: (verdict == Verdict::Miss).then(|| {
                        format!(
                            "refused transfer: {} more than the allowed one; {}",
                            fmt_gas(refused.total(false) - allowed.total(false)),
                            breakdown(refused)
                        )
                    }),
                }
            }
            _ => Target {
                target,
                measured: "not measured".into(),
                verdict: Verdict::Pending,
                note: None,
            },
        },
    );

    targets.push(ratio_target(
        results,
        "adapter_funding",
        "adapter funding",
        MAX_ADAPTER_RATIO,
        base,
    ));
    targets.push(ratio_target(
        results,
        "adapter_release",
        "adapter release",
        MAX_ADAPTER_RATIO,
        base,
    ));
    targets.push(match results.op("dvp_settlement") {
        Some(m) => {
            let mut t = ratio_target(
                results,
                "dvp_settlement",
                "DvP settlement of both legs",
                MAX_DVP_RATIO,
                base,
            );
            t.target
                .push_str(&format!(", at most {MAX_DVP_LOADS} contract loads"));
            t.measured
                .push_str(&format!("; {} contract loads", m.report.loads));
            if m.report.loads > MAX_DVP_LOADS && t.verdict != Verdict::Pending {
                t.verdict = Verdict::Miss;
                let loads_note = format!(
                    "It makes {} contract loads, {} more than {MAX_DVP_LOADS}",
                    m.report.loads,
                    m.report.loads - MAX_DVP_LOADS,
                );
                t.note = Some(match t.note.take() {
                    Some(n) => format!("{n} {loads_note}."),
                    None => loads_note,
                });
            }
            t
        }
        None => Target {
            target: "DvP settlement of both legs <= 3.5x cw20-base transfer, at most 3 contract \
                     loads"
                .into(),
            measured: "not measured (dvp-escrow not benchmarked yet)".into(),
            verdict: Verdict::Pending,
            note: None,
        },
    });
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

    let largest = &results.largest;
    let verdict = if largest.gas <= MAX_TX_GAS {
        Verdict::Pass
    } else {
        Verdict::Miss
    };
    // For every admin batch over the limit: the page size that would fit.
    let pages: Vec<String> = results
        .operations
        .iter()
        .filter_map(|m| {
            let page = m.page?;
            let total = m.total(false);
            let per_entry = total / page.max(1);
            let fits = MAX_TX_GAS / per_entry.max(1);
            (total > MAX_TX_GAS).then(|| {
                format!(
                    "{}: {} for {page} entries, about {} per entry ({} contract loads per \
                     entry); a page of at most {fits} entries stays under {} unpinned, {} \
                     pinned ({} per page of {page} pinned)",
                    m.label,
                    fmt_gas(total),
                    fmt_gas(per_entry),
                    m.report.loads as u64 / page.max(1),
                    fmt_gas(MAX_TX_GAS),
                    MAX_TX_GAS / (m.total(true) / page.max(1)).max(1),
                    fmt_gas(m.total(true)),
                )
            })
        })
        .collect();
    targets.push(Target {
        target: format!(
            "no single transaction above {} SDK gas (every transaction of the run, setup \
             included)",
            fmt_gas(MAX_TX_GAS)
        ),
        measured: format!(
            "largest: {} ({} unpinned)",
            largest.label,
            fmt_gas(largest.gas)
        ),
        verdict,
        note: (verdict == Verdict::Miss).then(|| {
            let mut note = format!(
                "largest transaction, {}: {} over the {} limit ({:.1}x)",
                largest.label,
                fmt_gas(largest.gas - MAX_TX_GAS),
                fmt_gas(MAX_TX_GAS),
                ratio(largest.gas, MAX_TX_GAS)
            );
            for p in &pages {
                note.push_str(". ");
                note.push_str(p);
            }
            note
        }),
    });

    let base_size = sizes.iter().find(|s| s.name == CW20_BASELINE);
    for s in sizes.iter().filter(|s| s.name != CW20_BASELINE) {
        let target = format!(
            "`{}.wasm` <= {MAX_SIZE_RATIO}x cw20-base and under 600 KiB",
            s.name
        );
        let Some(base_size) = base_size else {
            targets.push(Target {
                target,
                measured: "cw20-base artifact missing".into(),
                verdict: Verdict::Pending,
                note: None,
            });
            continue;
        };
        let r = ratio(s.bytes, base_size.bytes);
        let ok = r <= MAX_SIZE_RATIO && s.bytes < MAX_ARTIFACT_BYTES;
        let verdict = if ok { Verdict::Pass } else { Verdict::Miss };
        targets.push(Target {
            target,
            measured: format!(
                "{} bytes = {r:.2}x ({} KiB)",
                fmt_gas(s.bytes),
                s.bytes / 1024
            ),
            verdict,
            note: (!ok).then(|| {
                let allowed = ((base_size.bytes as f64 * MAX_SIZE_RATIO).floor() as u64)
                    .min(MAX_ARTIFACT_BYTES - 1);
                format!(
                    "`{}.wasm`: {} bytes over the {} allowed ({:.0}% over; gzipped {} vs \
                     cw20-base {}). Closing it means removing that much code from the \
                     artifact: fewer message variants and queries compiled in (each carries \
                     its own serde code), or shared logic instead of duplicated paths; \
                     the size is re-measured on every run",
                    s.name,
                    fmt_gas(s.bytes - allowed),
                    fmt_gas(allowed),
                    (ratio(s.bytes, allowed) - 1.0) * 100.0,
                    fmt_gas(s.gzipped),
                    fmt_gas(base_size.gzipped)
                )
            }),
        });
    }
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
    /// SDK gas per contract load, unpinned.
    pub instance_cost: u64,
    /// SDK gas per contract load, pinned.
    pub instance_cost_pinned: u64,
    /// Bytes of wasmd's contract store prefix counted in every key.
    pub contract_prefix_len: u64,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            gas_multiplier: GAS_MULTIPLIER,
            instance_cost: INSTANCE_COST,
            instance_cost_pinned: INSTANCE_COST_PINNED,
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
         (`packages/sto-bench`): every contract call is a fresh instance of the artifact in \
         cosmwasm-vm, sub-messages and smart queries run on the callee's instance and their \
         cost is added, raw storage queries are charged as reads of the callee's store. All \
         figures are Cosmos SDK gas:\n\n\
         - **VM**: the instance's metered wasm gas / {} (wasmd's multiplier for CosmWasm 2), \
         per call;\n\
         - **storage**: SDK KV gas on every access, keys counted with wasmd's 33-byte contract \
         prefix: read 1,000 + 3/byte (key and value), write 2,000 + 30/byte, has and delete \
         1,000, iterator step 30 + 3/byte;\n\
         - **other**: wasmd's event gas (10 per attribute, 1 per byte above 100 free bytes per \
         response, 20 per custom event), 1 per byte of each JSON result the chain reads back, \
         x/bank KV gas for native coins (`0x02 || address || denom` balances, read and \
         written for both sides), and one read of wasmd's contract record for a contract-info \
         query (its value length taken as that of the JSON answer);\n\
         - **loads**: {} per contract call unpinned, {} pinned (`total = variable + loads × \
         load cost`).\n\n\
         The fixed costs of a Cosmos transaction outside the contracts (signature, transaction \
         bytes, wasmd's contract-record reads) are the same for every row and not counted.\n",
        fmt_gas(GAS_MULTIPLIER),
        fmt_gas(INSTANCE_COST),
        fmt_gas(INSTANCE_COST_PINNED),
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
        "| operation | contract calls | loads | raw reads | VM | storage | other | variable \
         | total unpinned | total pinned | vs cw20 transfer (unpinned / pinned) |\n\
         | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
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
            "| {}{status} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} / {} |",
            op.label,
            op.path(),
            rep.loads,
            rep.raw_queries,
            fmt_gas(rep.vm_gas),
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
         two existing holders is executed. Cosmos SDK KV gas has no term for the size of the \
         store, so equal figures at every holder count mean that no step of the operation \
         grows with the holders (no iteration over holders, no per-holder bookkeeping).\n"
    );
    let _ = writeln!(
        md,
        "| operation | holders | loads | VM | storage | variable | total unpinned | total \
         pinned |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
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
            "| {label}{} | {} | {} | {} | {} | {} | {} | {} |",
            if rep.error.is_some() {
                " **FAILED**"
            } else {
                ""
            },
            fmt_gas(op.holders.unwrap_or(0)),
            rep.loads,
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

    let _ = writeln!(md, "\n## Targets\n");
    let _ = writeln!(md, "| target | measured | result |\n| --- | --- | --- |");
    for t in &report.targets {
        let _ = writeln!(
            md,
            "| {} | {} | {} |",
            t.target,
            t.measured,
            t.verdict.text()
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
            let _ = writeln!(md, "- {}", t.note.as_deref().unwrap_or(&t.target));
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::TxReport;
    use crate::storage::KvOps;

    fn row(id: &str, holders: u64, kv_gas: u64) -> Measurement {
        Measurement {
            id: id.into(),
            label: id.into(),
            holders: Some(holders),
            page: None,
            expect_ok: true,
            note: None,
            report: TxReport {
                error: None,
                calls: vec![],
                loads: 1,
                raw_queries: 0,
                vm_gas: 0,
                kv_gas,
                event_gas: 0,
                result_gas: 0,
                bank_gas: 0,
                kv_ops: KvOps::default(),
            },
        }
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
