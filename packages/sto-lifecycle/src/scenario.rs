use anyhow::Result as AnyResult;
use cw_multi_test::AppResponse;
use sto_access::{OwnershipAction, Role, RoleAction};
use sto_interface::common::InvestorClass;
use sto_interface::registry::{self, InvestorsResponse, QueryMsg};
use sto_testing::{Suite, SuiteBuilder, YEAR};

use crate::report::{Expect, Outcome, Report};

const DAY: u64 = 24 * 3600;

/// A refusal's code: the innermost error variant, in snake_case.
fn refusal_code(err: &anyhow::Error) -> (String, String) {
    let debug = match err.downcast_ref::<identity_registry::ContractError>() {
        Some(e) => format!("{e:?}"),
        None => format!("{:?}", err.root_cause()),
    };
    let head = debug.split('{').next().unwrap_or_default();
    let name = head
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|s| !s.is_empty())
        .unwrap_or("unknown");
    let mut code = String::new();
    for (i, ch) in name.chars().enumerate() {
        if ch.is_uppercase() {
            if i > 0 {
                code.push('_');
            }
            code.extend(ch.to_lowercase());
        } else {
            code.push(ch);
        }
    }
    (code, err.root_cause().to_string())
}

fn outcome(res: &AnyResult<AppResponse>) -> Outcome {
    match res {
        Ok(_) => Outcome::Accepted,
        Err(e) => {
            let (code, message) = refusal_code(e);
            Outcome::Refused { code, message }
        }
    }
}

fn kv(k: &str, v: impl ToString) -> (String, String) {
    (k.to_string(), v.to_string())
}

/// Run the lifecycle, recording every step in the returned report.
pub fn run(verbose: bool) -> AnyResult<Report> {
    let mut r = Report::new(verbose);
    let mut s = SuiteBuilder::new().build()?;
    r.contracts = vec![
        ("identity-registry".into(), s.registry.addr().to_string()),
        ("usd1 (cw20-base)".into(), s.usd1.addr().to_string()),
    ];
    if verbose {
        println!("== Suite deployed on an in-process chain");
        for (name, addr) in &r.contracts {
            println!("   {name:<20} {addr}");
        }
        println!("\n== Flow 1: onboarding");
    }

    onboarding(&mut s, &mut r)?;
    if verbose {
        println!("\n== Flow 6 (registry part): sanctions block mid-life, KYC expiry and renewal");
    }
    sanctions_and_kyc(&mut s, &mut r)?;
    if verbose {
        println!("\n== Governance: two-step ownership transfer of the registry");
    }
    ownership(&mut s, &mut r)?;

    let page: InvestorsResponse = s.app.wrap().query_wasm_smart(
        s.registry.addr(),
        &QueryMsg::Investors {
            start_after: None,
            limit: Some(100),
        },
    )?;
    for inv in page.investors {
        let eligibility = match inv.wallets.first() {
            Some(w) => {
                let v = s.verify(w)?;
                v.reason.map_or("eligible".to_string(), |x| x.to_string())
            }
            None => "no wallet".to_string(),
        };
        r.investors.push(serde_json::json!({
            "investor_id": inv.investor_id,
            "jurisdiction": inv.jurisdiction.as_str(),
            "class": inv.class.as_str(),
            "kyc_valid_until": inv.kyc_valid_until.seconds(),
            "wallets": inv.wallets,
            "status": eligibility,
        }));
    }
    Ok(r)
}

fn onboarding(s: &mut Suite, r: &mut Report) -> AnyResult<()> {
    let officer = s.compliance.clone();
    let ta = s.addr("transfer_agent");
    let owner = s.owner.clone();
    let res = s.registry_exec(
        &owner,
        &registry::ExecuteMsg::UpdateRoles(RoleAction::Grant {
            role: Role::ComplianceOfficer,
            address: ta.to_string(),
        }),
    );
    r.record(
        1,
        "owner",
        "grant compliance_officer to the transfer agent",
        outcome(&res),
        Expect::Accept,
        vec![kv("transfer_agent", &ta)],
    );

    let people: [(&str, &[&str], &str, InvestorClass, u64); 5] = [
        (
            "ISSUER-TREASURY",
            &["issuer"],
            "US",
            InvestorClass::QualifiedInstitutional,
            5 * YEAR,
        ),
        (
            "INV-ALICE",
            &["alice"],
            "US",
            InvestorClass::Accredited,
            2 * YEAR,
        ),
        (
            "INV-BRUNO",
            &["bruno"],
            "DE",
            InvestorClass::Retail,
            200 * DAY,
        ),
        (
            "INV-CHEN",
            &["chen"],
            "SG",
            InvestorClass::Accredited,
            2 * YEAR,
        ),
        (
            "CUST-LUX",
            &["custodian_a", "custodian_b"],
            "LU",
            InvestorClass::Custodian,
            3 * YEAR,
        ),
    ];
    for (id, wallets, j, class, kyc) in people {
        let addrs: Vec<_> = wallets.iter().map(|w| s.addr(w)).collect();
        let refs: Vec<_> = addrs.iter().collect();
        let res = s.register_investor(id, &refs, j, class, kyc);
        r.record(
            1,
            "compliance",
            &format!("register {id}"),
            outcome(&res),
            Expect::Accept,
            vec![
                kv("jurisdiction", j),
                kv("class", class),
                kv("wallets", wallets.join(", ")),
                kv("kyc_valid_days", kyc / DAY),
            ],
        );
    }

    // Refusals an operator meets, each with its typed reason.
    let mallory = s.addr("mallory");
    let res = s.registry_exec(
        &mallory,
        &registry::ExecuteMsg::RegisterInvestor {
            investor_id: "INV-MALLORY".into(),
            wallets: vec![mallory.to_string()],
            jurisdiction: sto_interface::common::Jurisdiction::parse("US")?,
            class: InvestorClass::Retail,
            kyc_valid_until: s.now().plus_seconds(YEAR),
        },
    );
    r.record(
        1,
        "mallory",
        "register herself without the compliance role",
        outcome(&res),
        Expect::Refuse("missing_role".into()),
        vec![],
    );
    let bruno = s.addr("bruno");
    let res = s.register_investor("INV-BRUNO-2", &[&bruno], "DE", InvestorClass::Retail, YEAR);
    r.record(
        1,
        "compliance",
        "register bruno's wallet for a second investor",
        outcome(&res),
        Expect::Refuse("wallet_already_owned".into()),
        vec![],
    );
    let dora = s.addr("dora");
    let res = s.registry_exec(
        &officer,
        &registry::ExecuteMsg::RegisterInvestor {
            investor_id: "INV-DORA".into(),
            wallets: vec![dora.to_string()],
            jurisdiction: serde_json::from_str("\"XX\"")?,
            class: InvestorClass::Retail,
            kyc_valid_until: s.now().plus_seconds(YEAR),
        },
    );
    r.record(
        1,
        "compliance",
        "register dora with jurisdiction XX",
        outcome(&res),
        Expect::Refuse("invalid_jurisdiction".into()),
        vec![],
    );
    let res = s.register_investor("INV-DORA", &[&dora], "FR", InvestorClass::Retail, 0);
    r.record(
        1,
        "compliance",
        "register dora with KYC already expired",
        outcome(&res),
        Expect::Refuse("kyc_not_in_future".into()),
        vec![],
    );

    let wallets = [
        "issuer",
        "alice",
        "bruno",
        "chen",
        "custodian_a",
        "custodian_b",
        "dora",
    ];
    let mut all_ok = true;
    let mut details = vec![];
    for w in wallets {
        let v = s.verify(&s.addr(w))?;
        let expected = w != "dora";
        all_ok &= v.eligible == expected;
        details.push(kv(w, v.reason.map_or("eligible".into(), |x| x.to_string())));
    }
    r.check(
        1,
        "every onboarded wallet verifies; dora stays unknown",
        all_ok,
        details,
    );
    Ok(())
}

fn sanctions_and_kyc(s: &mut Suite, r: &mut Report) -> AnyResult<()> {
    let officer = s.compliance.clone();
    s.advance(30 * DAY);
    let res = s.registry_exec(
        &officer,
        &registry::ExecuteMsg::BlockInvestor {
            investor_id: "INV-CHEN".into(),
            reason_ref: "SANCTIONS-LIST-2026-114".into(),
        },
    );
    r.record(
        6,
        "compliance",
        "block INV-CHEN (sanctions)",
        outcome(&res),
        Expect::Accept,
        vec![kv("reason_ref", "SANCTIONS-LIST-2026-114")],
    );
    let v = s.verify(&s.addr("chen"))?;
    r.check(
        6,
        "chen's wallet is ineligible: blocked",
        v.reason == Some(registry::Ineligibility::Blocked),
        vec![kv("reason", format!("{:?}", v.reason))],
    );

    s.advance(171 * DAY);
    let v = s.verify(&s.addr("bruno"))?;
    r.check(
        6,
        "bruno's KYC lapsed after 200 days",
        v.reason == Some(registry::Ineligibility::KycExpired),
        vec![kv("reason", format!("{:?}", v.reason))],
    );
    let res = s.registry_exec(
        &officer,
        &registry::ExecuteMsg::UpdateInvestor {
            investor_id: "INV-BRUNO".into(),
            jurisdiction: None,
            class: None,
            kyc_valid_until: Some(s.now().plus_seconds(YEAR)),
        },
    );
    r.record(
        6,
        "compliance",
        "renew INV-BRUNO's KYC for a year",
        outcome(&res),
        Expect::Accept,
        vec![],
    );
    let v = s.verify(&s.addr("bruno"))?;
    r.check(6, "bruno is eligible again", v.eligible, vec![]);
    Ok(())
}

fn ownership(s: &mut Suite, r: &mut Report) -> AnyResult<()> {
    let owner = s.owner.clone();
    let board = s.addr("governance_board");
    let intruder = s.addr("intruder");
    let res = s.registry_exec(
        &owner,
        &registry::ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
            new_owner: board.to_string(),
            expiry: None,
        }),
    );
    r.record(
        0,
        "owner",
        "propose the governance board as owner",
        outcome(&res),
        Expect::Accept,
        vec![],
    );
    let res = s.registry_exec(
        &intruder,
        &registry::ExecuteMsg::UpdateOwnership(OwnershipAction::AcceptOwnership),
    );
    r.record(
        0,
        "intruder",
        "accept the pending ownership",
        outcome(&res),
        Expect::Refuse("not_pending_owner".into()),
        vec![],
    );
    let res = s.registry_exec(
        &board,
        &registry::ExecuteMsg::UpdateOwnership(OwnershipAction::AcceptOwnership),
    );
    r.record(
        0,
        "board",
        "accept the pending ownership",
        outcome(&res),
        Expect::Accept,
        vec![],
    );
    Ok(())
}
