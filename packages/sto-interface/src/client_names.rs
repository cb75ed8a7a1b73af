//! Names a generated TypeScript client can carry.
//!
//! `@cosmwasm/ts-codegen` turns every message and query variant into a method of one class per
//! contract: the execute client extends the query client and keeps the chain client in a
//! `client` member. So no variant may be named `client`, and no execute variant may share its
//! name with a query variant (the two methods would collide). Checked for every contract.

use schemars::schema::{RootSchema, Schema};

/// The variant names of a message enum, from its JSON schema.
fn variants(root: RootSchema) -> Vec<String> {
    root.schema
        .subschemas
        .and_then(|s| s.one_of)
        .unwrap_or_default()
        .into_iter()
        .flat_map(|v| match v {
            Schema::Object(o) => {
                let mut names: Vec<String> = o
                    .object
                    .map(|ob| ob.required.into_iter().collect())
                    .unwrap_or_default();
                names.extend(
                    o.enum_values
                        .unwrap_or_default()
                        .into_iter()
                        .filter_map(|e| e.as_str().map(str::to_string)),
                );
                names
            }
            Schema::Bool(_) => vec![],
        })
        .collect()
}

/// Every name clash of one contract's messages and queries.
fn clashes(contract: &str, execute: RootSchema, query: RootSchema) -> Vec<String> {
    let messages = variants(execute);
    let queries = variants(query);
    assert!(
        !messages.is_empty() && !queries.is_empty(),
        "{contract}: no variants read"
    );
    let mut found = Vec::new();
    for name in messages.iter().chain(&queries) {
        if name == "client" {
            found.push(format!("{contract}: a variant is named `client`"));
        }
    }
    for name in &messages {
        if queries.contains(name) {
            found.push(format!(
                "{contract}: `{name}` is both a message and a query"
            ));
        }
    }
    found
}

#[test]
fn every_contract_keeps_names_a_generated_client_can_carry() {
    use cosmwasm_schema::schema_for;
    let mut found = Vec::new();
    found.extend(clashes(
        "identity-registry",
        schema_for!(crate::registry::ExecuteMsg),
        schema_for!(crate::registry::QueryMsg),
    ));
    found.extend(clashes(
        "security-token",
        schema_for!(crate::token::ExecuteMsg),
        schema_for!(crate::token::QueryMsg),
    ));
    found.extend(clashes(
        "cash-adapter",
        schema_for!(crate::cash::ExecuteMsg),
        schema_for!(crate::cash::QueryMsg),
    ));
    found.extend(clashes(
        "dvp-escrow",
        schema_for!(crate::escrow::ExecuteMsg),
        schema_for!(crate::escrow::QueryMsg),
    ));
    found.extend(clashes(
        "corporate-actions",
        schema_for!(crate::actions::ExecuteMsg),
        schema_for!(crate::actions::QueryMsg),
    ));
    found.extend(clashes(
        "ballots",
        schema_for!(crate::ballots::ExecuteMsg),
        schema_for!(crate::ballots::QueryMsg),
    ));
    found.extend(clashes(
        "primary-offering",
        schema_for!(crate::offering::ExecuteMsg),
        schema_for!(crate::offering::QueryMsg),
    ));
    found.extend(clashes(
        "settlement",
        schema_for!(crate::settlement::ExecuteMsg),
        schema_for!(crate::settlement::QueryMsg),
    ));
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn a_clash_is_found() {
    use cosmwasm_schema::cw_serde;
    #[cw_serde]
    enum Exec {
        Hold { id: u64 },
        Client {},
    }
    #[cw_serde]
    enum Query {
        Hold { id: u64 },
        Other {},
    }
    let found = clashes(
        "example",
        cosmwasm_schema::schema_for!(Exec),
        cosmwasm_schema::schema_for!(Query),
    );
    assert_eq!(
        found,
        vec![
            "example: a variant is named `client`".to_string(),
            "example: `hold` is both a message and a query".to_string()
        ]
    );
}
