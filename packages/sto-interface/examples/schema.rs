//! Writes every contract's JSON schema under `<out>/<contract>/` (default `schema/`).
//!
//! Run with `cargo schema` (alias) or `scripts/schema.sh`; `scripts/schema.sh --check` fails
//! when the committed schema differs from what the messages generate.

use std::fs;
use std::path::{Path, PathBuf};

use cosmwasm_schema::{generate_api, Api};

fn write(out: &Path, name: &str, api: Api) -> Result<(), Box<dyn std::error::Error>> {
    let api = api.render();
    let dir = out.join(name);
    let raw = dir.join("raw");
    fs::create_dir_all(&raw)?;
    fs::write(dir.join(format!("{name}.json")), api.to_string()? + "\n")?;
    for (name, json) in api.to_schema_files()? {
        fs::write(raw.join(name), json + "\n")?;
    }
    println!("wrote {}", dir.display());
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("schema"));

    {
        use sto_interface::registry::*;
        write(
            &out,
            "identity-registry",
            generate_api! {
                name: "identity-registry",
                instantiate: InstantiateMsg,
                execute: ExecuteMsg,
                query: QueryMsg,
                migrate: MigrateMsg,
            },
        )?;
    }

    {
        use sto_interface::token::*;
        write(
            &out,
            "security-token",
            generate_api! {
                name: "security-token",
                instantiate: InstantiateMsg,
                execute: ExecuteMsg,
                query: QueryMsg,
                migrate: MigrateMsg,
            },
        )?;
    }

    {
        use sto_interface::escrow::*;
        write(
            &out,
            "dvp-escrow",
            generate_api! {
                name: "dvp-escrow",
                instantiate: InstantiateMsg,
                execute: ExecuteMsg,
                query: QueryMsg,
                migrate: MigrateMsg,
            },
        )?;
    }

    {
        use sto_interface::cash::*;
        write(
            &out,
            "cash-adapter",
            generate_api! {
                name: "cash-adapter",
                instantiate: InstantiateMsg,
                execute: ExecuteMsg,
                query: QueryMsg,
                migrate: MigrateMsg,
            },
        )?;
    }

    {
        use sto_interface::actions::*;
        write(
            &out,
            "corporate-actions",
            generate_api! {
                name: "corporate-actions",
                instantiate: InstantiateMsg,
                execute: ExecuteMsg,
                query: QueryMsg,
                migrate: MigrateMsg,
            },
        )?;
    }

    {
        use sto_interface::ballots::*;
        write(
            &out,
            "ballots",
            generate_api! {
                name: "ballots",
                instantiate: InstantiateMsg,
                execute: ExecuteMsg,
                query: QueryMsg,
                migrate: MigrateMsg,
            },
        )?;
    }

    {
        use sto_interface::offering::*;
        write(
            &out,
            "primary-offering",
            generate_api! {
                name: "primary-offering",
                instantiate: InstantiateMsg,
                execute: ExecuteMsg,
                query: QueryMsg,
                migrate: MigrateMsg,
            },
        )?;
    }

    {
        use sto_interface::settlement::*;
        write(
            &out,
            "settlement",
            generate_api! {
                name: "settlement",
                instantiate: InstantiateMsg,
                execute: ExecuteMsg,
                query: QueryMsg,
                migrate: MigrateMsg,
            },
        )?;
    }

    Ok(())
}
