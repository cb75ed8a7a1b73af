//! `sto-lifecycle`: run the suite's lifecycle on an embedded chain and write an audit file.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
sto-lifecycle: deploy the tokenized-securities suite on an in-process chain and run its lifecycle

USAGE:
    cargo run --locked -p sto-lifecycle -- [OPTIONS]

OPTIONS:
    --audit <PATH>   where to write the JSON audit file [default: audit/lifecycle.json]
    --quiet          print only the summary
    -h, --help       print this help

Exit status 0 when every step had the expected outcome, 1 otherwise, 2 on bad arguments.";

fn main() -> ExitCode {
    let mut audit = PathBuf::from("audit/lifecycle.json");
    let mut quiet = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--quiet" => quiet = true,
            "--audit" => match args.next() {
                Some(p) => audit = PathBuf::from(p),
                None => {
                    eprintln!("--audit needs a path\n\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            other => {
                eprintln!("unknown argument `{other}`\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }

    let report = match sto_lifecycle::run(!quiet) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("lifecycle aborted: {e:#}");
            return ExitCode::FAILURE;
        }
    };

    println!("\n== Investors at the end of the run");
    for inv in &report.investors {
        println!(
            "   {:<16} {:<3} {:<24} {}",
            inv["investor_id"].as_str().unwrap_or_default(),
            inv["jurisdiction"].as_str().unwrap_or_default(),
            inv["class"].as_str().unwrap_or_default(),
            inv["status"].as_str().unwrap_or_default(),
        );
    }

    if let Some(dir) = audit.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("cannot create {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    }
    match serde_json::to_string_pretty(&report) {
        Ok(json) => {
            if let Err(e) = std::fs::write(&audit, json + "\n") {
                eprintln!("cannot write {}: {e}", audit.display());
                return ExitCode::FAILURE;
            }
        }
        Err(e) => {
            eprintln!("cannot serialize the report: {e}");
            return ExitCode::FAILURE;
        }
    }

    let steps = report.steps.len();
    if report.failures == 0 {
        println!(
            "\n{steps} steps, every outcome as expected. Audit file: {}",
            audit.display()
        );
        ExitCode::SUCCESS
    } else {
        println!(
            "\n{steps} steps, {} with an unexpected outcome. Audit file: {}",
            report.failures,
            audit.display()
        );
        ExitCode::FAILURE
    }
}
