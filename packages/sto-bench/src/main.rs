//! `sto-bench`: run the gas and size benchmark on the optimized artifacts.
//!
//! ```text
//! sto-bench [--quick] [--artifacts DIR] [--holders N,N,..] [--markdown FILE] [--json FILE]
//! ```
//!
//! Full run (what `scripts/bench.sh` does): holders 10, 1,000 and 100,000; writes
//! `BENCHMARKS.md` and `artifacts/bench.json`. `--quick` (CI): holders 10 and 100, writes only
//! the JSON, to the system's temporary directory. Exit status 1 when an operation does not
//! execute as expected (a missed gas target is reported, not an error); 2 when the run cannot
//! start (missing artifact, bad argument).

use std::path::PathBuf;
use std::process::ExitCode;

use sto_bench::report::{self, fmt_gas, Machine, Report, Schedule, Verdict};
use sto_bench::scenarios::{self, Artifacts, Results};

struct Args {
    quick: bool,
    artifacts: PathBuf,
    holders: Vec<u64>,
    markdown: Option<PathBuf>,
    json: PathBuf,
    command: String,
}

const USAGE: &str = "usage: sto-bench [--quick] [--artifacts DIR] [--holders N,N,..] \
                     [--markdown FILE] [--json FILE] [--command TEXT]";

fn parse_args() -> Result<Args, String> {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let quick = raw.iter().any(|a| a == "--quick");
    let mut args = Args {
        quick,
        artifacts: PathBuf::from("artifacts"),
        holders: if quick {
            vec![10, 100]
        } else {
            vec![10, 1_000, 100_000]
        },
        markdown: (!quick).then(|| PathBuf::from("BENCHMARKS.md")),
        json: if quick {
            std::env::temp_dir().join("sto-bench-quick.json")
        } else {
            PathBuf::from("artifacts/bench.json")
        },
        command: if quick {
            "scripts/bench.sh --quick".into()
        } else {
            "scripts/bench.sh".into()
        },
    };
    let mut it = raw.into_iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--quick" => {}
            "--artifacts" => args.artifacts = PathBuf::from(value("--artifacts")?),
            "--markdown" => args.markdown = Some(PathBuf::from(value("--markdown")?)),
            "--json" => args.json = PathBuf::from(value("--json")?),
            "--command" => args.command = value("--command")?,
            "--holders" => {
                args.holders = value("--holders")?
                    .split(',')
                    .map(|n| n.trim().replace('_', "").parse::<u64>())
                    .collect::<Result<_, _>>()
                    .map_err(|e| format!("--holders: {e}"))?;
            }
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(args)
}

fn run(args: &Args) -> anyhow::Result<bool> {
    let started = std::time::Instant::now();
    println!(
        "sto-bench: {} run, holders {:?}, artifacts {}",
        if args.quick { "quick" } else { "full" },
        args.holders,
        args.artifacts.display()
    );
    let machine = Machine::detect(&args.artifacts);
    let artifacts = Artifacts::load(&args.artifacts)?;
    let mut results = Results::default();
    scenarios::operations(&artifacts, &mut results)?;
    scenarios::scaling(&artifacts, &mut results, &args.holders)?;
    results.pending = scenarios::pending(&artifacts);
    results.finish();
    let sizes = report::sizes(&artifacts)?;
    let targets = report::targets(&results, &sizes);
    let report = Report {
        command: args.command.clone(),
        machine,
        schedule: Schedule::default(),
        results: &results,
        sizes,
        targets,
    };

    println!(
        "{:<40} {:>5} {:>5} {:>11} {:>11} {:>11}",
        "id", "loads", "disc", "variable", "unpinned", "pinned"
    );
    for m in results.operations.iter().chain(&results.scaling) {
        println!(
            "{:<40} {:>5} {:>5} {:>11} {:>11} {:>11}{}",
            m.id,
            m.report.loads,
            m.report.discounted_loads,
            fmt_gas(m.report.variable()),
            fmt_gas(m.total(false)),
            fmt_gas(m.total(true)),
            match (&m.report.error, m.expect_ok) {
                (Some(e), true) => format!("  FAILED: {e}"),
                (None, false) => "  FAILED: not refused".to_string(),
                _ => String::new(),
            }
        );
    }
    println!();
    for s in &report.sizes {
        println!(
            "{:<40} {:>9} bytes {:>9} gzipped",
            format!("{}.wasm", s.name),
            fmt_gas(s.bytes),
            fmt_gas(s.gzipped)
        );
    }
    println!();
    for t in &report.targets {
        let v = match t.verdict {
            Verdict::Pass => "pass",
            Verdict::Miss => "MISS",
            Verdict::Pending => "pending",
        };
        println!(
            "[{v:>7}] {}: {}: {}{}",
            t.id,
            t.target,
            t.measured,
            t.missed_by
                .as_deref()
                .map(|b| format!(" (missed by {b})"))
                .unwrap_or_default()
        );
    }

    if let Some(parent) = args.json.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&args.json, serde_json::to_string_pretty(&report)?)?;
    println!("\nwrote {}", args.json.display());
    if let Some(md) = &args.markdown {
        std::fs::write(md, report::markdown(&report))?;
        println!("wrote {}", md.display());
    }
    for f in &results.failures {
        eprintln!("FAILED {}: {}", f.id, f.error);
    }
    println!("done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(results.failures.is_empty())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("sto-bench: {e:#}");
            ExitCode::from(2)
        }
    }
}
