//! Ballots on the deployed suite (`sto_testing::SuiteBuilder`): the real token and registry,
//! the record height opened on the token by the ballots contract, custodian votes through the
//! token's hold operators, held units and transfers after the record height.

use anyhow::Result;
use ballots::ContractError;
use cosmwasm_std::{Addr, Attribute, Decimal, Empty, Uint128};
use cw_multi_test::{AppResponse, Executor};
use sto_interface::audit::AuditHead;
use sto_interface::ballots::{BallotOutcome, ExecuteMsg, QueryMsg, VOTE_HASH_ATTR, VOTE_SEQ_ATTR};
use sto_interface::common::InvestorClass;
use sto_interface::hold::HoldRequest;
use sto_interface::token;
use sto_testing::{attr, Suite, SuiteBuilder, YEAR};

const DAY: u64 = 24 * 3600;

struct World {
    s: Suite,
    alice: Addr,
    bob: Addr,
    custodian: Addr,
    client1: Addr,
    client2: Addr,
}

/// Alice 600 (US), Bob 300 (DE), two client wallets of a custodian's investor, 50 each; the
/// custodian is the hold operator of both client wallets.
fn world() -> Result<World> {
    let mut s = SuiteBuilder::new().build()?;
    let (alice, bob) = (s.addr("alice"), s.addr("bob"));
    let custodian = s.addr("custodian");
    let (client1, client2) = (s.addr("client1"), s.addr("client2"));
    s.register_investor(
        "INV-ALICE",
        &[&alice],
        "US",
        InvestorClass::Accredited,
        YEAR,
    )?;
    s.register_investor("INV-BOB", &[&bob], "DE", InvestorClass::Accredited, YEAR)?;
    s.register_investor(
        "INV-CUST",
        &[&client1, &client2],
        "GB",
        InvestorClass::Custodian,
        YEAR,
    )?;
    let agent = s.transfer_agent.clone();
    for (who, amount) in [
        (&alice, 600u128),
        (&bob, 300),
        (&client1, 50),
        (&client2, 50),
    ] {
        s.token_exec(
            &agent,
            &token::ExecuteMsg::Issue {
                recipient: who.to_string(),
                amount: Uint128::new(amount),
                locked_until: None,
                reference: None,
            },
        )?;
    }
    for client in [&client1, &client2] {
        s.token_exec(
            client,
            &token::ExecuteMsg::AuthorizeHoldOperator {
                operator: custodian.to_string(),
                limit: Uint128::new(50),
            },
        )?;
    }
    Ok(World {
        s,
        alice,
        bob,
        custodian,
        client1,
        client2,
    })
}

fn open_msg(s: &Suite, record_height: u64) -> ExecuteMsg {
    ExecuteMsg::OpenBallot {
        token: s.token.0.to_string(),
        record_height,
        title: "Extend maturity to 2033".into(),
        options: vec!["for".into(), "against".into(), "abstain".into()],
        start: s.now(),
        end: s.now().plus_seconds(7 * DAY),
        quorum: Decimal::percent(50),
    }
}

fn vote(s: &mut Suite, sender: &Addr, option: u8, wallet: Option<&Addr>) -> Result<AppResponse> {
    s.ballots_exec(
        sender,
        &ExecuteMsg::Vote {
            ballot_id: 1,
            option,
            wallet: wallet.map(Addr::to_string),
        },
    )
}

fn counters(s: &Suite) -> Result<Vec<u128>> {
    Ok(s.ballot_result(1)?
        .tallies
        .iter()
        .map(|t| t.votes.u128())
        .collect())
}

#[test]
fn a_ballot_at_a_record_height_with_a_custodian_voting_for_its_clients() -> Result<()> {
    let World {
        mut s,
        alice,
        bob,
        custodian,
        client1,
        client2,
    } = world()?;
    let record_height = s.height() + 10;
    let issuer = s.issuer.clone();
    let msg = open_msg(&s, record_height);
    let res = s.ballots_exec(&issuer, &msg)?;
    assert_eq!(attr(&res, "ballot_id").as_deref(), Some("1"));
    // The token now keeps the record height.
    let config: token::ConfigResponse = s.token_query(&token::QueryMsg::Config {})?;
    assert_eq!(config.record_heights, vec![record_height]);

    // Before the record height nobody votes.
    let err = vote(&mut s, &alice, 0, None).unwrap_err();
    assert_eq!(
        err.downcast::<ContractError>()?,
        ContractError::RecordHeightNotReached {
            ballot_id: 1,
            record_height,
            current: s.height(),
        }
    );

    // Alice puts 100 units on hold before the record height: held units vote with her.
    let notary = {
        let code = s.app.store_code(sto_testing::notary::notary_stub());
        let owner = s.owner.clone();
        let notary =
            s.app
                .instantiate_contract(code, owner.clone(), &Empty {}, &[], "notary", None)?;
        s.token_exec(
            &owner,
            &token::ExecuteMsg::RegisterNotary {
                notary: notary.to_string(),
            },
        )?;
        notary
    };
    let expires = s.now().plus_seconds(20 * DAY);
    s.token_exec(
        &alice,
        &token::ExecuteMsg::PlaceHold {
            owner: None,
            request: HoldRequest {
                notary: notary.to_string(),
                payee: bob.to_string(),
                amount: Uint128::new(100),
                expires,
                reference: "settlement:77".into(),
                partial: false,
                msg: None,
            },
        },
    )?;

    s.advance(60);
    assert!(s.height() >= record_height);
    // After the record height Alice sells 200 to Bob: the register at the record height votes.
    s.token_exec(
        &alice,
        &token::ExecuteMsg::Transfer {
            recipient: bob.to_string(),
            amount: Uint128::new(200),
        },
    )?;
    assert_eq!(s.tokens(&alice), 400);

    let mut votes = vec![];
    let res = vote(&mut s, &alice, 0, None)?;
    assert_eq!(attr(&res, "action").as_deref(), Some("vote_cast"));
    assert_eq!(attr(&res, "weight").as_deref(), Some("600"));
    votes.push(res);
    let res = vote(&mut s, &bob, 1, None)?;
    assert_eq!(attr(&res, "weight").as_deref(), Some("300"));
    votes.push(res);
    let res = vote(&mut s, &custodian, 0, Some(&client1))?;
    assert_eq!(attr(&res, "wallet").as_deref(), Some(client1.as_str()));
    assert_eq!(attr(&res, "sender").as_deref(), Some(custodian.as_str()));
    votes.push(res);
    votes.push(vote(&mut s, &custodian, 1, Some(&client2))?);
    assert_eq!(counters(&s)?, vec![650, 350, 0]);

    // The custodian does not operate Alice's wallet; a stranger cannot vote for Bob.
    let stranger = s.addr("stranger");
    for (sender, wallet) in [(&custodian, &alice), (&stranger, &bob)] {
        let err = vote(&mut s, sender, 1, Some(wallet)).unwrap_err();
        assert_eq!(
            err.downcast::<ContractError>()?,
            ContractError::NotWalletOperator {
                token: s.token.0.clone(),
                wallet: wallet.clone(),
                sender: sender.clone(),
            }
        );
    }
    // A wallet with nothing at the record height.
    let err = vote(&mut s, &stranger, 1, None).unwrap_err();
    assert_eq!(
        err.downcast::<ContractError>()?,
        ContractError::NoBalanceAtRecordHeight {
            ballot_id: 1,
            wallet: stranger.clone(),
            record_height,
        }
    );
    assert_eq!(counters(&s)?, vec![650, 350, 0]);

    // Bob changes his mind: his weight moves.
    let res = vote(&mut s, &bob, 2, None)?;
    assert_eq!(attr(&res, "action").as_deref(), Some("vote_changed"));
    assert_eq!(attr(&res, VOTE_SEQ_ATTR).as_deref(), Some("5"));
    votes.push(res);
    assert_eq!(counters(&s)?, vec![650, 50, 300]);
    let live = s.ballot_result(1)?;
    assert!(!live.is_final);
    assert_eq!(live.turnout.u128(), 1_000);

    s.advance(7 * DAY);
    let err = vote(&mut s, &bob, 0, None).unwrap_err();
    assert!(matches!(
        err.downcast::<ContractError>()?,
        ContractError::VotingEnded { ballot_id: 1, .. }
    ));
    let anyone = s.addr("anyone");
    let res = s.ballots_exec(&anyone, &ExecuteMsg::Close { ballot_id: 1 })?;
    assert_eq!(attr(&res, "action").as_deref(), Some("ballot_closed"));
    assert_eq!(attr(&res, "outcome").as_deref(), Some("winner:0"));
    let result = s.ballot_result(1)?;
    assert!(result.is_final && result.closed);
    assert_eq!(result.record_supply.u128(), 1_000);
    assert_eq!(result.quorum_threshold.u128(), 500);
    assert!(result.quorum_met);
    assert_eq!(result.outcome, BallotOutcome::Winner { option: 0 });
    // The stored weights are the record balances the token answers.
    for wallet in [&alice, &bob, &client1, &client2] {
        let at: cw20::BalanceResponse = s.token_query(&token::QueryMsg::BalanceAt {
            address: wallet.to_string(),
            height: record_height,
        })?;
        let stored = s.ballots.vote(&s.app.wrap(), 1, wallet.to_string())?;
        assert_eq!(stored.map(|v| v.weight), Some(at.balance));
    }
    // The ballot's vote trail is what an auditor replays from the votes' `wasm` events
    // (without `_contract_address`, `vote_seq` and `vote_hash`).
    let mut head = AuditHead::GENESIS;
    for res in &votes {
        let own: Vec<Attribute> = res
            .events
            .iter()
            .filter(|e| e.ty == "wasm")
            .flat_map(|e| e.attributes.iter())
            .filter(|a| ![VOTE_SEQ_ATTR, VOTE_HASH_ATTR, "_contract_address"].contains(&&*a.key))
            .cloned()
            .collect();
        head = head.next(&own, &[])?;
    }
    let trail = s.ballots.vote_trail(&s.app.wrap(), 1)?;
    assert_eq!(trail.seq, 5);
    assert_eq!(trail.hash.as_slice(), head.hash.as_slice());
    Ok(())
}

#[test]
fn the_tokens_issuer_and_paying_agent_open_ballots_and_nobody_else() -> Result<()> {
    let World { mut s, alice, .. } = world()?;
    let height = s.height();
    let (issuer, agent, ta) = (
        s.issuer.clone(),
        s.paying_agent.clone(),
        s.transfer_agent.clone(),
    );
    for who in [&alice, &ta] {
        let msg = open_msg(&s, height + 5);
        let err = s.ballots_exec(who, &msg).unwrap_err();
        assert_eq!(
            err.downcast::<ContractError>()?,
            ContractError::NotTokenIssuerOrPayingAgent {
                token: s.token.0.clone(),
                sender: who.clone(),
            }
        );
    }
    let msg = open_msg(&s, height + 5);
    s.ballots_exec(&issuer, &msg)?;
    let msg = open_msg(&s, height + 6);
    let res = s.ballots_exec(&agent, &msg)?;
    assert_eq!(attr(&res, "ballot_id").as_deref(), Some("2"));
    let err = s.ballots_exec(&issuer, &open_msg(&s, height)).unwrap_err();
    assert_eq!(
        err.downcast::<ContractError>()?,
        ContractError::RecordHeightNotInFuture {
            record_height: height,
            current: height,
        }
    );
    let page: sto_interface::ballots::BallotsResponse = s.app.wrap().query_wasm_smart(
        s.ballots.addr(),
        &QueryMsg::Ballots {
            start_after: None,
            limit: None,
        },
    )?;
    assert_eq!(page.ballots.len(), 2);
    Ok(())
}

#[test]
fn without_the_checkpoint_opener_role_no_ballot_opens() -> Result<()> {
    let World { mut s, .. } = world()?;
    let owner = s.owner.clone();
    let ballots = s.ballots.0.to_string();
    s.token_exec(
        &owner,
        &token::ExecuteMsg::UpdateRoles(sto_access::RoleAction::Revoke {
            role: sto_access::Role::CheckpointOpener,
            address: ballots,
        }),
    )?;
    let issuer = s.issuer.clone();
    let msg = open_msg(&s, s.height() + 5);
    let err = s.ballots_exec(&issuer, &msg).unwrap_err();
    assert_eq!(
        err.downcast::<security_token::ContractError>()?,
        security_token::ContractError::Access(sto_access::AccessError::MissingRole {
            role: sto_access::Role::CheckpointOpener,
            address: s.ballots.0.to_string(),
        })
    );
    let page: sto_interface::ballots::BallotsResponse = s.app.wrap().query_wasm_smart(
        s.ballots.addr(),
        &QueryMsg::Ballots {
            start_after: None,
            limit: None,
        },
    )?;
    assert!(page.ballots.is_empty());
    Ok(())
}

#[test]
fn ownership_moves_in_two_steps_and_migration_needs_an_older_version() -> Result<()> {
    let World { mut s, .. } = world()?;
    let owner = s.owner.clone();
    let next = s.addr("next_owner");
    s.ballots_exec(
        &owner,
        &ExecuteMsg::UpdateOwnership(sto_access::OwnershipAction::TransferOwnership {
            new_owner: next.to_string(),
            expiry: None,
        }),
    )?;
    let o: sto_access::Ownership<String> = s
        .app
        .wrap()
        .query_wasm_smart(s.ballots.addr(), &QueryMsg::Ownership {})?;
    assert_eq!(o.owner.as_deref(), Some(owner.as_str()));
    s.ballots_exec(
        &next,
        &ExecuteMsg::UpdateOwnership(sto_access::OwnershipAction::AcceptOwnership),
    )?;
    let o: sto_access::Ownership<String> = s
        .app
        .wrap()
        .query_wasm_smart(s.ballots.addr(), &QueryMsg::Ownership {})?;
    assert_eq!(o.owner.as_deref(), Some(next.as_str()));
    Ok(())
}

/// A small deterministic generator (the run is reproducible without a seed file).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

#[test]
fn random_votes_changes_and_transfers_keep_weights_at_the_record_balances_of_the_real_token(
) -> Result<()> {
    let World {
        mut s,
        alice,
        bob,
        custodian,
        client1,
        client2,
    } = world()?;
    let record_height = s.height() + 3;
    let issuer = s.issuer.clone();
    let msg = open_msg(&s, record_height);
    s.ballots_exec(&issuer, &msg)?;
    s.advance(20);
    let wallets = [alice, bob, client1, client2];
    let mut rng = Lcg(7);
    for _ in 0..200 {
        let i = rng.next(4) as usize;
        let option = rng.next(4) as u8;
        match rng.next(3) {
            // A transfer after the record height, between two holders.
            0 => {
                let to = &wallets[(i + 1 + rng.next(3) as usize) % 4];
                let held = s.tokens(&wallets[i]);
                if held > 0 {
                    s.token_exec(
                        &wallets[i],
                        &token::ExecuteMsg::Transfer {
                            recipient: to.to_string(),
                            amount: Uint128::new(1 + rng.next(held as u64) as u128),
                        },
                    )?;
                }
            }
            // The custodian votes for a client wallet, or is refused for the others.
            1 => {
                let res = vote(&mut s, &custodian, option, Some(&wallets[i]));
                match (i >= 2, option < 3, res) {
                    (true, true, Ok(_)) => {}
                    (false, true, Err(err)) => assert_eq!(
                        err.downcast::<ContractError>()?,
                        ContractError::NotWalletOperator {
                            token: s.token.0.clone(),
                            wallet: wallets[i].clone(),
                            sender: custodian.clone(),
                        }
                    ),
                    (_, false, Err(err)) => assert_eq!(
                        err.downcast::<ContractError>()?,
                        ContractError::UnknownOption {
                            ballot_id: 1,
                            option,
                            options: 3,
                        }
                    ),
                    (a, b, res) => panic!("unexpected outcome {a} {b} {res:?}"),
                }
            }
            _ => {
                let res = vote(&mut s, &wallets[i], option, None);
                if option < 3 {
                    res?;
                } else {
                    assert_eq!(
                        res.unwrap_err().downcast::<ContractError>()?,
                        ContractError::UnknownOption {
                            ballot_id: 1,
                            option,
                            options: 3,
                        }
                    );
                }
            }
        }
        // Books: counters = stored weights = turnout; weights = the token's record balances.
        let result = s.ballot_result(1)?;
        let counters: u128 = result.tallies.iter().map(|t| t.votes.u128()).sum();
        let mut stored = 0u128;
        for wallet in &wallets {
            if let Some(v) = s.ballots.vote(&s.app.wrap(), 1, wallet.to_string())? {
                let at: cw20::BalanceResponse = s.token_query(&token::QueryMsg::BalanceAt {
                    address: wallet.to_string(),
                    height: record_height,
                })?;
                assert_eq!(v.weight, at.balance);
                stored += v.weight.u128();
            }
        }
        assert_eq!(counters, stored);
        assert_eq!(result.turnout.u128(), counters);
    }
    Ok(())
}

/// The quorum is computed on the supply of record even when the ballot is closed after the
/// token retired its record height and the supply changed since (the first vote kept it).
#[test]
fn a_ballot_closed_after_its_record_height_retired_keeps_the_supply_of_record() -> Result<()> {
    let World { mut s, alice, .. } = world()?;
    let record_height = s.height() + 2;
    let issuer = s.issuer.clone();
    let msg = open_msg(&s, record_height);
    s.ballots_exec(&issuer, &msg)?;
    s.advance(10);
    vote(&mut s, &alice, 0, None)?;

    // Far past the record life (the window is long over), then new units are issued.
    s.advance(token::RECORD_LIFE * 5 + 10);
    let newcomer = s.addr("newcomer");
    s.register_investor(
        "INV-NEW",
        &[&newcomer],
        "US",
        InvestorClass::Accredited,
        YEAR,
    )?;
    let agent = s.transfer_agent.clone();
    s.token_exec(
        &agent,
        &token::ExecuteMsg::Issue {
            recipient: newcomer.to_string(),
            amount: Uint128::new(1_000),
            locked_until: None,
            reference: None,
        },
    )?;
    let anyone = s.addr("anyone");
    let res = s.ballots_exec(&anyone, &ExecuteMsg::Close { ballot_id: 1 })?;
    assert_eq!(attr(&res, "record_supply").as_deref(), Some("1000"));
    assert_eq!(attr(&res, "quorum_threshold").as_deref(), Some("500"));
    assert_eq!(attr(&res, "quorum_met").as_deref(), Some("true"));
    let result = s.ballot_result(1)?;
    assert_eq!(result.record_supply, Uint128::new(1_000));
    Ok(())
}
