//! Unit tests of the entry points against a mock token (its published raw layout and its
//! `has_role` answer): opening, voting, changing, custodian votes, closing, every refusal, a
//! randomized run of votes and changes, and the storage work of a vote with 10 and 10,000
//! holders.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env, MockApi, MockQuerier};
use cosmwasm_std::{
    from_json, to_json_binary, to_json_vec, Addr, ContractResult, CosmosMsg, Decimal, Env,
    MemoryStorage, OwnedDeps, QuerierWrapper, Response, StdError, Storage, SystemResult, Timestamp,
    Uint128, WasmMsg, WasmQuery,
};
use proptest::prelude::*;
use sto_access::{HasRoleResponse, Role};
use sto_interface::audit::{AuditHead, AuditResponse, AUDIT_HASH_ATTR, AUDIT_SEQ_ATTR};
use sto_interface::ballots::{
    Ballot, BallotOutcome, BallotResult, ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg,
    VoteResponse, VoteTrailResponse, VotesResponse, MAX_OPTIONS, MAX_WINDOW_HORIZON,
    VOTE_HASH_ATTR, VOTE_SEQ_ATTR,
};
use sto_interface::common::EventRef;
use sto_interface::token::{self, layout, MAX_CHECKPOINT_LEAD, RECORD_LIFE};

use crate::contract::{execute, instantiate, migrate, query};
use crate::error::ContractError;
use crate::state::{TallyRecord, CONTRACT_NAME, CONTRACT_VERSION, VOTES};

/// The mock token: its raw storage, its role members, and what raw reads cost under the SDK
/// KV gas model (read 1,000 + 3 per byte of key, 33-byte contract prefix, and value).
#[derive(Default)]
struct Token {
    raw: HashMap<Vec<u8>, Vec<u8>>,
    roles: HashSet<(Role, Addr)>,
    raw_reads: u64,
    raw_gas: u64,
}

const PREFIX: u64 = 33;
const START: u64 = 1_000;
const END: u64 = 2_000;

struct T {
    deps: OwnedDeps<MemoryStorage, MockApi, MockQuerier>,
    token: Rc<RefCell<Token>>,
    token_addr: Addr,
    issuer: Addr,
}

fn env_at(height: u64, seconds: u64) -> Env {
    let mut env = mock_env();
    env.block.height = height;
    env.block.time = Timestamp::from_seconds(seconds);
    env
}

/// Before the ballot: height 100, time 0.
fn before() -> Env {
    env_at(100, 0)
}

/// Inside the window, after the record height 200.
fn during() -> Env {
    env_at(300, START + 10)
}

impl T {
    fn new() -> T {
        let mut deps = mock_dependencies();
        let token_addr = deps.api.addr_make("token");
        let issuer = deps.api.addr_make("issuer");
        let token = Rc::new(RefCell::new(Token::default()));
        token
            .borrow_mut()
            .roles
            .insert((Role::Issuer, issuer.clone()));
        let seen = token.clone();
        let expected = token_addr.to_string();
        deps.querier.update_wasm(move |q| match q {
            WasmQuery::Raw { contract_addr, key } if *contract_addr == expected => {
                let mut t = seen.borrow_mut();
                let value = t.raw.get(key.as_slice()).cloned();
                let bytes =
                    PREFIX + key.len() as u64 + value.as_ref().map_or(0, |v| v.len() as u64);
                t.raw_reads += 1;
                t.raw_gas += 1_000 + 3 * bytes;
                SystemResult::Ok(ContractResult::Ok(value.unwrap_or_default().into()))
            }
            WasmQuery::Smart { contract_addr, msg } if *contract_addr == expected => {
                let has_role = match from_json(msg) {
                    Ok(token::QueryMsg::HasRole { role, address }) => seen
                        .borrow()
                        .roles
                        .contains(&(role, Addr::unchecked(address))),
                    _ => return SystemResult::Ok(ContractResult::Err("unexpected".into())),
                };
                SystemResult::Ok(ContractResult::Ok(
                    to_json_binary(&HasRoleResponse {
                        role: Role::Issuer,
                        address: Addr::unchecked(""),
                        has_role,
                    })
                    .unwrap(),
                ))
            }
            _ => SystemResult::Ok(ContractResult::Err("unknown contract".into())),
        });
        let owner = deps.api.addr_make("owner");
        instantiate(
            deps.as_mut(),
            before(),
            message_info(&owner, &[]),
            InstantiateMsg { owner: None },
        )
        .unwrap();
        let mut t = T {
            deps,
            token,
            token_addr,
            issuer,
        };
        t.set_supply(100_000_000);
        t
    }

    fn addr(&self, name: &str) -> Addr {
        self.deps.api.addr_make(name)
    }

    fn set_balance(&mut self, wallet: &Addr, amount: u128) {
        let key = layout::BALANCES.key(wallet).to_vec();
        self.token
            .borrow_mut()
            .raw
            .insert(key, to_json_vec(&Uint128::new(amount)).unwrap());
    }

    fn set_record_balance(&mut self, height: u64, wallet: &Addr, amount: u128) {
        let key = layout::RECORD_BALANCES.key((height, wallet)).to_vec();
        self.token
            .borrow_mut()
            .raw
            .insert(key, to_json_vec(&Uint128::new(amount)).unwrap());
    }

    fn set_supply(&mut self, amount: u128) {
        let key = layout::TOTAL_SUPPLY.as_slice().to_vec();
        self.token
            .borrow_mut()
            .raw
            .insert(key, to_json_vec(&Uint128::new(amount)).unwrap());
    }

    fn set_operator(&mut self, owner: &Addr, operator: &Addr) {
        let key = layout::HOLD_OPERATORS.key((owner, operator)).to_vec();
        self.token
            .borrow_mut()
            .raw
            .insert(key, to_json_vec(&Uint128::zero()).unwrap());
    }

    fn exec(
        &mut self,
        env: Env,
        sender: &Addr,
        msg: ExecuteMsg,
    ) -> Result<Response, ContractError> {
        execute(self.deps.as_mut(), env, message_info(sender, &[]), msg)
    }

    fn open_msg(&self, options: usize) -> ExecuteMsg {
        ExecuteMsg::OpenBallot {
            token: self.token_addr.to_string(),
            record_height: 200,
            title: "Extend maturity to 2033".into(),
            options: (0..options).map(|i| format!("option {i}")).collect(),
            start: Timestamp::from_seconds(START),
            end: Timestamp::from_seconds(END),
            quorum: Decimal::percent(50),
        }
    }

    /// Open ballot 1 (3 options) as the issuer.
    fn open(&mut self) -> u64 {
        let issuer = self.issuer.clone();
        let msg = self.open_msg(3);
        self.exec(before(), &issuer, msg).unwrap();
        1
    }

    fn vote(
        &mut self,
        env: Env,
        sender: &Addr,
        option: u8,
        wallet: Option<&Addr>,
    ) -> Result<Response, ContractError> {
        self.exec(
            env,
            sender,
            ExecuteMsg::Vote {
                ballot_id: 1,
                option,
                wallet: wallet.map(Addr::to_string),
            },
        )
    }

    fn q<R: serde::de::DeserializeOwned>(&self, env: Env, msg: QueryMsg) -> R {
        from_json(query(self.deps.as_ref(), env, msg).unwrap()).unwrap()
    }

    fn result(&self, env: Env) -> BallotResult {
        self.q(env, QueryMsg::Result { ballot_id: 1 })
    }

    fn stored_vote(&self, wallet: &Addr) -> Option<(u8, u128)> {
        let res: VoteResponse = self.q(
            during(),
            QueryMsg::VoteOf {
                ballot_id: 1,
                wallet: wallet.to_string(),
            },
        );
        res.vote.map(|v| (v.option, v.weight.u128()))
    }

    fn counters(&self) -> Vec<u128> {
        TallyRecord::load(&self.deps.storage, 1)
            .unwrap()
            .tally
            .0
            .iter()
            .map(|c| c.u128())
            .collect()
    }

    fn audit_seq(&self) -> u64 {
        let head: AuditResponse = self.q(before(), QueryMsg::Audit {});
        head.seq
    }

    fn vote_trail(&self, ballot_id: u64) -> VoteTrailResponse {
        self.q(during(), QueryMsg::VoteTrail { ballot_id })
    }

    /// Everything a refused message could have changed.
    fn fingerprint(&self) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut all: Vec<_> = self
            .deps
            .storage
            .range(None, None, cosmwasm_std::Order::Ascending)
            .collect();
        all.sort();
        all
    }
}

fn attr(res: &Response, key: &str) -> String {
    res.attributes
        .iter()
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
        .unwrap_or_default()
}

#[test]
fn the_issuer_opens_a_ballot_and_the_contract_opens_its_record_height_on_the_token() {
    let mut t = T::new();
    let issuer = t.issuer.clone();
    let msg = t.open_msg(3);
    let res = t.exec(before(), &issuer, msg).unwrap();
    assert_eq!(res.attributes[0].value, "ballot_opened");
    assert_eq!(attr(&res, "ballot_id"), "1");
    assert_eq!(attr(&res, "record_height"), "200");
    assert_eq!(attr(&res, "sender"), issuer.as_str());
    assert_eq!(res.messages.len(), 1);
    let CosmosMsg::Wasm(WasmMsg::Execute {
        contract_addr, msg, ..
    }) = &res.messages[0].msg
    else {
        panic!("expected a wasm execute");
    };
    assert_eq!(contract_addr, t.token_addr.as_str());
    assert_eq!(
        from_json::<token::ExecuteMsg>(msg).unwrap(),
        token::ExecuteMsg::OpenCheckpoint {
            height: 200,
            reference: Some(EventRef::External {
                reference: "ballot:1".into()
            }),
        }
    );
    let ballot: Ballot = t.q(before(), QueryMsg::Ballot { id: 1 });
    assert_eq!(ballot.options.len(), 3);
    assert_eq!(ballot.opened_by, issuer);
    assert!(!ballot.closed);
    assert_eq!(t.counters(), vec![0, 0, 0]);
}

#[test]
fn only_the_tokens_issuer_or_paying_agent_may_open_a_ballot() {
    let mut t = T::new();
    let agent = t.addr("paying_agent");
    let transfer_agent = t.addr("transfer_agent");
    let stranger = t.addr("stranger");
    t.token
        .borrow_mut()
        .roles
        .insert((Role::PayingAgent, agent.clone()));
    t.token
        .borrow_mut()
        .roles
        .insert((Role::TransferAgent, transfer_agent.clone()));
    let msg = t.open_msg(2);
    for who in [&transfer_agent, &stranger] {
        let before_state = t.fingerprint();
        let err = t.exec(before(), who, msg.clone()).unwrap_err();
        assert_eq!(
            err,
            ContractError::NotTokenIssuerOrPayingAgent {
                token: t.token_addr.clone(),
                sender: who.clone(),
            }
        );
        assert_eq!(t.fingerprint(), before_state);
    }
    let res = t.exec(before(), &agent, msg.clone()).unwrap();
    assert_eq!(attr(&res, "ballot_id"), "1");
    let issuer = t.issuer.clone();
    let res = t.exec(before(), &issuer, msg).unwrap();
    assert_eq!(attr(&res, "ballot_id"), "2");
}

#[test]
fn every_bad_opening_is_a_typed_error_and_changes_nothing() {
    let mut t = T::new();
    let issuer = t.issuer.clone();
    let base = t.open_msg(2);
    let with = |f: &dyn Fn(&mut ExecuteMsg)| {
        let mut m = base.clone();
        f(&mut m);
        m
    };
    let now = before().block.time;
    let latest = now.plus_seconds(MAX_WINDOW_HORIZON);
    let cases: Vec<(ExecuteMsg, ContractError)> = vec![
        (
            with(&|m| {
                if let ExecuteMsg::OpenBallot { record_height, .. } = m {
                    *record_height = 100
                }
            }),
            ContractError::RecordHeightNotInFuture {
                record_height: 100,
                current: 100,
            },
        ),
        (
            with(&|m| {
                if let ExecuteMsg::OpenBallot { record_height, .. } = m {
                    *record_height = 50
                }
            }),
            ContractError::RecordHeightNotInFuture {
                record_height: 50,
                current: 100,
            },
        ),
        (
            with(&|m| {
                if let ExecuteMsg::OpenBallot { record_height, .. } = m {
                    *record_height = 101 + MAX_CHECKPOINT_LEAD
                }
            }),
            ContractError::RecordHeightTooFar {
                record_height: 101 + MAX_CHECKPOINT_LEAD,
                current: 100,
                max_lead: MAX_CHECKPOINT_LEAD,
            },
        ),
        (
            with(&|m| {
                if let ExecuteMsg::OpenBallot { options, .. } = m {
                    options.clear()
                }
            }),
            ContractError::InvalidOptionCount {
                count: 0,
                min: 2,
                max: MAX_OPTIONS,
            },
        ),
        (
            with(&|m| {
                if let ExecuteMsg::OpenBallot { options, .. } = m {
                    options.truncate(1)
                }
            }),
            ContractError::InvalidOptionCount {
                count: 1,
                min: 2,
                max: MAX_OPTIONS,
            },
        ),
        (
            with(&|m| {
                if let ExecuteMsg::OpenBallot { options, .. } = m {
                    *options = (0..17).map(|i| format!("o{i}")).collect()
                }
            }),
            ContractError::InvalidOptionCount {
                count: 17,
                min: 2,
                max: MAX_OPTIONS,
            },
        ),
        (
            with(&|m| {
                if let ExecuteMsg::OpenBallot { options, .. } = m {
                    options[1] = String::new()
                }
            }),
            ContractError::InvalidOptionLabel {
                index: 1,
                label: String::new(),
                max: 32,
            },
        ),
        (
            with(&|m| {
                if let ExecuteMsg::OpenBallot { options, .. } = m {
                    options[1] = options[0].clone()
                }
            }),
            ContractError::DuplicateOption {
                label: "option 0".into(),
            },
        ),
        (
            with(&|m| {
                if let ExecuteMsg::OpenBallot { title, .. } = m {
                    *title = String::new()
                }
            }),
            ContractError::InvalidTitle { len: 0, max: 128 },
        ),
        (
            with(&|m| {
                if let ExecuteMsg::OpenBallot { end, .. } = m {
                    *end = Timestamp::from_seconds(START - 1)
                }
            }),
            ContractError::WindowEndNotAfterStart {
                start: Timestamp::from_seconds(START),
                end: Timestamp::from_seconds(START - 1),
            },
        ),
        (
            with(&|m| {
                if let ExecuteMsg::OpenBallot { end, .. } = m {
                    *end = Timestamp::from_seconds(START)
                }
            }),
            ContractError::WindowEndNotAfterStart {
                start: Timestamp::from_seconds(START),
                end: Timestamp::from_seconds(START),
            },
        ),
        (
            with(&|m| {
                if let ExecuteMsg::OpenBallot { end, .. } = m {
                    *end = latest.plus_nanos(1)
                }
            }),
            ContractError::WindowTooFar {
                end: latest.plus_nanos(1),
                latest,
            },
        ),
        (
            with(&|m| {
                if let ExecuteMsg::OpenBallot { quorum, .. } = m {
                    *quorum = Decimal::percent(101)
                }
            }),
            ContractError::QuorumAboveOne {
                quorum: Decimal::percent(101),
            },
        ),
    ];
    let state = t.fingerprint();
    for (msg, expected) in cases {
        let err = t.exec(before(), &issuer, msg).unwrap_err();
        assert_eq!(err, expected);
        assert_eq!(t.fingerprint(), state);
    }
    // A window starting before now.
    let err = t.exec(env_at(100, START + 1), &issuer, base).unwrap_err();
    assert_eq!(
        err,
        ContractError::WindowStartInPast {
            start: Timestamp::from_seconds(START),
            now: Timestamp::from_seconds(START + 1),
        }
    );
    assert_eq!(t.fingerprint(), state);
    assert_eq!(t.audit_seq(), 0);
}

#[test]
fn a_holder_votes_with_its_record_balance_and_a_change_moves_the_weight() {
    let mut t = T::new();
    t.open();
    let alice = t.addr("alice");
    // Alice held 70 at the record height and 10 now (the token wrote the record entry).
    t.set_balance(&alice, 10);
    t.set_record_balance(200, &alice, 70);
    let res = t.vote(during(), &alice, 1, None).unwrap();
    assert_eq!(res.attributes[0].value, "vote_cast");
    assert_eq!(attr(&res, "weight"), "70");
    assert_eq!(attr(&res, "wallet"), alice.as_str());
    assert_eq!(attr(&res, "sender"), alice.as_str());
    assert_eq!(attr(&res, "option"), "1");
    assert_eq!(t.counters(), vec![0, 70, 0]);

    let res = t.vote(during(), &alice, 2, Some(&alice)).unwrap();
    assert_eq!(res.attributes[0].value, "vote_changed");
    assert_eq!(attr(&res, "previous_option"), "1");
    assert_eq!(t.counters(), vec![0, 0, 70]);
    assert_eq!(t.stored_vote(&alice), Some((2, 70)));

    // Bob's balance has not changed since the record height: the current balance votes.
    let bob = t.addr("bob");
    t.set_balance(&bob, 30);
    t.vote(during(), &bob, 2, None).unwrap();
    let result = t.result(during());
    assert_eq!(result.turnout.u128(), 100);
    assert!(!result.is_final);
    assert_eq!(result.outcome, BallotOutcome::Winner { option: 2 });
}

#[test]
fn a_custodian_votes_for_the_wallets_it_operates_only() {
    let mut t = T::new();
    t.open();
    let custodian = t.addr("custodian");
    let client = t.addr("client");
    let other = t.addr("other_client");
    let stranger = t.addr("stranger");
    t.set_balance(&client, 40);
    t.set_balance(&other, 25);
    t.set_operator(&client, &custodian);

    let res = t.vote(during(), &custodian, 0, Some(&client)).unwrap();
    assert_eq!(attr(&res, "wallet"), client.as_str());
    assert_eq!(attr(&res, "sender"), custodian.as_str());
    assert_eq!(attr(&res, "weight"), "40");
    // The client itself may change what its custodian cast.
    t.vote(during(), &client, 1, None).unwrap();
    assert_eq!(t.counters(), vec![0, 40, 0]);

    let state = t.fingerprint();
    for (sender, wallet) in [(&custodian, &other), (&stranger, &client)] {
        let err = t.vote(during(), sender, 0, Some(wallet)).unwrap_err();
        assert_eq!(
            err,
            ContractError::NotWalletOperator {
                token: t.token_addr.clone(),
                wallet: wallet.clone(),
                sender: sender.clone(),
            }
        );
        assert_eq!(t.fingerprint(), state);
    }
}

#[test]
fn every_bad_vote_is_a_typed_error_and_changes_nothing() {
    let mut t = T::new();
    t.open();
    let alice = t.addr("alice");
    let empty = t.addr("empty");
    t.set_balance(&alice, 5);
    t.vote(during(), &alice, 0, None).unwrap();
    let state = t.fingerprint();
    let cases: Vec<(Env, &Addr, u8, ContractError)> = vec![
        (
            env_at(199, START + 10),
            &alice,
            1,
            ContractError::RecordHeightNotReached {
                ballot_id: 1,
                record_height: 200,
                current: 199,
            },
        ),
        (
            env_at(200 + RECORD_LIFE, START + 10),
            &alice,
            1,
            ContractError::RecordHeightRetired {
                ballot_id: 1,
                record_height: 200,
                retired_at: 200 + RECORD_LIFE,
                current: 200 + RECORD_LIFE,
            },
        ),
        (
            env_at(300, START - 1),
            &alice,
            1,
            ContractError::VotingNotStarted {
                ballot_id: 1,
                start: Timestamp::from_seconds(START),
                now: Timestamp::from_seconds(START - 1),
            },
        ),
        (
            env_at(300, END),
            &alice,
            1,
            ContractError::VotingEnded {
                ballot_id: 1,
                end: Timestamp::from_seconds(END),
                now: Timestamp::from_seconds(END),
            },
        ),
        (
            during(),
            &alice,
            3,
            ContractError::UnknownOption {
                ballot_id: 1,
                option: 3,
                options: 3,
            },
        ),
        (
            during(),
            &empty,
            1,
            ContractError::NoBalanceAtRecordHeight {
                ballot_id: 1,
                wallet: empty.clone(),
                record_height: 200,
            },
        ),
    ];
    for (env, sender, option, expected) in cases {
        let err = t.vote(env, sender, option, None).unwrap_err();
        assert_eq!(err, expected);
        assert_eq!(t.fingerprint(), state);
    }
    let err = t
        .exec(
            during(),
            &alice,
            ExecuteMsg::Vote {
                ballot_id: 9,
                option: 0,
                wallet: None,
            },
        )
        .unwrap_err();
    assert_eq!(err, ContractError::BallotNotFound { ballot_id: 9 });
    // A wallet that sold everything after the record height still votes its record balance.
    t.set_record_balance(200, &empty, 12);
    let res = t.vote(during(), &empty, 1, None).unwrap();
    assert_eq!(attr(&res, "weight"), "12");
}

#[test]
fn close_records_the_final_result_once_after_the_window() {
    let mut t = T::new();
    t.open();
    t.set_supply(100);
    let (a, b, c) = (t.addr("a"), t.addr("b"), t.addr("c"));
    t.set_balance(&a, 20);
    t.set_balance(&b, 20);
    t.set_balance(&c, 60);
    t.vote(during(), &a, 0, None).unwrap();
    t.vote(during(), &b, 2, None).unwrap();
    let anyone = t.addr("anyone");
    let state = t.fingerprint();
    let err = t
        .exec(
            env_at(300, END - 1),
            &anyone,
            ExecuteMsg::Close { ballot_id: 1 },
        )
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::VotingNotEnded {
            ballot_id: 1,
            end: Timestamp::from_seconds(END),
            now: Timestamp::from_seconds(END - 1),
        }
    );
    assert_eq!(t.fingerprint(), state);

    // Final from `end` on, even before close: a 20-20 tie, 40 of 100 voted, quorum 50 missed.
    let live = t.result(env_at(300, END));
    assert!(live.is_final && !live.closed);
    assert_eq!(
        live.outcome,
        BallotOutcome::Tie {
            options: vec![0, 2]
        }
    );
    assert_eq!(live.quorum_threshold.u128(), 50);
    assert!(!live.quorum_met);

    let res = t
        .exec(
            env_at(300, END),
            &anyone,
            ExecuteMsg::Close { ballot_id: 1 },
        )
        .unwrap();
    assert_eq!(res.attributes[0].value, "ballot_closed");
    assert_eq!(attr(&res, "outcome"), "tie:0,2");
    assert_eq!(attr(&res, "turnout"), "40");
    assert_eq!(attr(&res, "quorum_met"), "false");
    assert_eq!(attr(&res, "tally"), "20,0,20");
    // Later supply changes do not alter the recorded result.
    t.set_supply(1_000);
    let closed = t.result(env_at(300, END + 50));
    assert!(closed.closed && closed.is_final);
    assert_eq!(closed.record_supply.u128(), 100);
    let err = t
        .exec(
            env_at(300, END + 1),
            &anyone,
            ExecuteMsg::Close { ballot_id: 1 },
        )
        .unwrap_err();
    assert_eq!(err, ContractError::BallotAlreadyClosed { ballot_id: 1 });
    let err = t.vote(env_at(300, END + 1), &c, 1, None).unwrap_err();
    assert!(matches!(err, ContractError::VotingEnded { .. }));
}

#[test]
fn a_quorum_met_with_a_strict_winner() {
    let mut t = T::new();
    t.open();
    t.set_supply(100);
    let (a, b) = (t.addr("a"), t.addr("b"));
    t.set_balance(&a, 30);
    t.set_balance(&b, 21);
    t.vote(during(), &a, 1, None).unwrap();
    t.vote(during(), &b, 0, None).unwrap();
    let result = t.result(during());
    assert_eq!(result.turnout.u128(), 51);
    assert!(result.quorum_met);
    assert_eq!(result.outcome, BallotOutcome::Winner { option: 1 });
    assert_eq!(result.tallies[1].label, "option 1");
    assert_eq!(result.tallies[1].votes.u128(), 30);
}

#[test]
fn every_execute_but_a_vote_is_sealed_into_the_audit_trail() {
    let mut t = T::new();
    t.open();
    assert_eq!(t.audit_seq(), 1);
    let a = t.addr("a");
    t.set_balance(&a, 3);
    let res = t.vote(during(), &a, 1, None).unwrap();
    assert_eq!(attr(&res, AUDIT_SEQ_ATTR), "");
    assert_eq!(attr(&res, AUDIT_HASH_ATTR), "");
    assert_eq!(attr(&res, VOTE_SEQ_ATTR), "1");
    t.vote(during(), &a, 2, None).unwrap();
    assert_eq!(t.audit_seq(), 1);
    let res = t
        .exec(env_at(300, END), &a, ExecuteMsg::Close { ballot_id: 1 })
        .unwrap();
    assert_eq!(attr(&res, AUDIT_SEQ_ATTR), "2");
    assert_eq!(t.audit_seq(), 2);
}

/// The head an auditor reaches from the attributes of a ballot's vote events: each vote's own
/// attributes, without `vote_seq` and `vote_hash`, folded with the audit trail's step.
fn replay_votes(votes: &[Response]) -> AuditHead {
    votes.iter().fold(AuditHead::GENESIS, |head, res| {
        let own: Vec<_> = res
            .attributes
            .iter()
            .filter(|a| a.key != VOTE_SEQ_ATTR && a.key != VOTE_HASH_ATTR)
            .cloned()
            .collect();
        head.next(&own, &[]).unwrap()
    })
}

fn trail_of(head: AuditHead) -> VoteTrailResponse {
    VoteTrailResponse {
        seq: head.seq,
        hash: head.hash.as_slice().into(),
    }
}

#[test]
fn a_replay_of_a_ballots_vote_events_reaches_its_vote_trail() {
    let mut t = T::new();
    t.open();
    let issuer = t.issuer.clone();
    let msg = t.open_msg(2);
    t.exec(before(), &issuer, msg).unwrap();
    assert_eq!(t.vote_trail(1), trail_of(AuditHead::GENESIS));
    let (alice, bob, client, custodian) = (
        t.addr("alice"),
        t.addr("bob"),
        t.addr("client"),
        t.addr("custodian"),
    );
    t.set_balance(&alice, 70);
    t.set_balance(&bob, 30);
    t.set_balance(&client, 40);
    t.set_operator(&client, &custodian);
    let mut votes = vec![
        t.vote(during(), &alice, 1, None).unwrap(),
        t.vote(during(), &bob, 0, None).unwrap(),
        t.vote(during(), &custodian, 2, Some(&client)).unwrap(),
        t.vote(during(), &alice, 2, None).unwrap(),
    ];
    // A vote on ballot 2 is in ballot 2's trail, not in ballot 1's.
    let other = t
        .exec(
            during(),
            &bob,
            ExecuteMsg::Vote {
                ballot_id: 2,
                option: 1,
                wallet: None,
            },
        )
        .unwrap();
    votes.push(t.vote(during(), &client, 0, None).unwrap());

    let head = replay_votes(&votes);
    assert_eq!(head.seq, 5);
    assert_eq!(t.vote_trail(1), trail_of(head));
    for (n, res) in votes.iter().enumerate() {
        let partial = replay_votes(&votes[..=n]);
        assert_eq!(attr(res, VOTE_SEQ_ATTR), (n + 1).to_string());
        assert_eq!(attr(res, VOTE_HASH_ATTR), trail_of(partial).hash.to_hex());
    }
    assert_eq!(attr(&other, VOTE_SEQ_ATTR), "1");
    assert_eq!(
        t.vote_trail(2),
        trail_of(replay_votes(std::slice::from_ref(&other)))
    );

    // A missing vote or an altered weight gives another head.
    let mut skipped = votes.clone();
    skipped.remove(1);
    assert_ne!(replay_votes(&skipped).hash, head.hash);
    let mut altered = votes.clone();
    let weight = altered[0]
        .attributes
        .iter_mut()
        .find(|a| a.key == "weight")
        .unwrap();
    weight.value = "71".into();
    assert_ne!(replay_votes(&altered).hash, head.hash);

    // Closing keeps the trail; an unknown ballot has none.
    t.exec(env_at(300, END), &bob, ExecuteMsg::Close { ballot_id: 1 })
        .unwrap();
    assert_eq!(t.vote_trail(1), trail_of(head));
    assert!(query(
        t.deps.as_ref(),
        during(),
        QueryMsg::VoteTrail { ballot_id: 9 }
    )
    .is_err());
}

#[test]
fn a_changed_vote_advances_the_trail_even_for_the_same_option() {
    let mut t = T::new();
    t.open();
    let alice = t.addr("alice");
    t.set_balance(&alice, 5);
    let first = t.vote(during(), &alice, 0, None).unwrap();
    let after_first = t.vote_trail(1);
    assert_eq!(after_first.seq, 1);
    let change = t.vote(during(), &alice, 1, None).unwrap();
    assert_eq!(attr(&change, "action"), "vote_changed");
    let after_change = t.vote_trail(1);
    assert_eq!(after_change.seq, 2);
    assert_ne!(after_change.hash, after_first.hash);
    // Voting the same option again changes no counter but is a vote event of the trail.
    let again = t.vote(during(), &alice, 1, None).unwrap();
    assert_eq!(t.counters(), vec![0, 5, 0]);
    assert_eq!(t.vote_trail(1).seq, 3);
    assert_eq!(
        t.vote_trail(1),
        trail_of(replay_votes(&[first, change, again]))
    );
}

#[test]
fn a_failing_vote_changes_neither_the_counters_nor_the_trail() {
    let mut t = T::new();
    t.open();
    let (alice, empty, stranger) = (t.addr("alice"), t.addr("empty"), t.addr("stranger"));
    t.set_balance(&alice, 5);
    t.vote(during(), &alice, 0, None).unwrap();
    let (counters, trail, state) = (t.counters(), t.vote_trail(1), t.fingerprint());
    let failures = [
        t.vote(during(), &alice, 3, None).unwrap_err(),
        t.vote(during(), &empty, 1, None).unwrap_err(),
        t.vote(during(), &stranger, 1, Some(&alice)).unwrap_err(),
        t.vote(env_at(300, END), &alice, 1, None).unwrap_err(),
    ];
    assert!(matches!(failures[0], ContractError::UnknownOption { .. }));
    assert!(matches!(
        failures[1],
        ContractError::NoBalanceAtRecordHeight { .. }
    ));
    assert!(matches!(
        failures[2],
        ContractError::NotWalletOperator { .. }
    ));
    assert!(matches!(failures[3], ContractError::VotingEnded { .. }));
    assert_eq!(t.counters(), counters);
    assert_eq!(t.vote_trail(1), trail);
    assert_eq!(t.fingerprint(), state);
    let res = t.vote(during(), &alice, 1, None).unwrap();
    assert_eq!(attr(&res, VOTE_SEQ_ATTR), "2");
}

#[test]
fn a_tally_written_before_the_trail_is_read_and_advanced_after_a_migration() {
    let mut t = T::new();
    t.open();
    let (alice, bob) = (t.addr("alice"), t.addr("bob"));
    t.set_balance(&alice, 70);
    t.set_balance(&bob, 30);
    t.vote(during(), &alice, 1, None).unwrap();
    // The state of the older version: the counters alone, as the JSON string `"c0,c1,..."`
    // at the key of ballot 1 in the map `t`, and no vote in the audit trail.
    let key = [&[0u8, 1, b't'][..], &1u64.to_be_bytes()].concat();
    assert!(t.deps.storage.get(&key).unwrap().starts_with(b"1;0,70,0"));
    t.deps.storage.set(&key, b"\"0,70,0\"");
    // The released version is this crate's version: the code is replaced in place and the
    // migration has no step to run.
    cw2::set_contract_version(&mut t.deps.storage, CONTRACT_NAME, CONTRACT_VERSION).unwrap();
    let res = migrate(t.deps.as_mut(), before(), MigrateMsg {}).unwrap();
    assert_eq!(res.attributes[1].value, CONTRACT_VERSION);

    assert_eq!(t.vote_trail(1), trail_of(AuditHead::GENESIS));
    assert_eq!(t.counters(), vec![0, 70, 0]);
    assert_eq!(t.result(during()).turnout.u128(), 70);
    let change = t.vote(during(), &alice, 2, None).unwrap();
    let first = t.vote(during(), &bob, 0, None).unwrap();
    assert_eq!(attr(&change, VOTE_SEQ_ATTR), "1");
    assert_eq!(t.counters(), vec![30, 0, 70]);
    assert_eq!(t.vote_trail(1), trail_of(replay_votes(&[change, first])));
    let raw = t.deps.storage.get(&key).unwrap();
    assert!(raw.starts_with(b"2;30,0,70"));
    assert_eq!(raw.len(), "2;30,0,70".len() + 32);
}

#[test]
fn votes_are_listed_by_wallet_in_pages() {
    let mut t = T::new();
    t.open();
    let wallets: Vec<Addr> = (0..5).map(|i| t.addr(&format!("w{i}"))).collect();
    for w in &wallets {
        t.set_balance(w, 1);
        t.vote(during(), w, 0, None).unwrap();
    }
    let page: VotesResponse = t.q(
        during(),
        QueryMsg::Votes {
            ballot_id: 1,
            start_after: None,
            limit: Some(3),
        },
    );
    assert!(page.has_more);
    let next: VotesResponse = t.q(
        during(),
        QueryMsg::Votes {
            ballot_id: 1,
            start_after: Some(page.votes[2].wallet.to_string()),
            limit: Some(3),
        },
    );
    assert!(!next.has_more);
    assert_eq!(page.votes.len() + next.votes.len(), 5);
}

#[test]
fn migrate_accepts_an_older_version_and_refuses_a_newer_one_or_another_contract() {
    let mut t = T::new();
    cw2::set_contract_version(&mut t.deps.storage, CONTRACT_NAME, "0.0.1").unwrap();
    let res = migrate(t.deps.as_mut(), before(), MigrateMsg {}).unwrap();
    assert_eq!(res.attributes[1].value, "0.0.1");
    assert_eq!(
        cw2::get_contract_version(&t.deps.storage).unwrap().version,
        CONTRACT_VERSION
    );
    cw2::set_contract_version(&mut t.deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
    assert_eq!(
        migrate(t.deps.as_mut(), before(), MigrateMsg {}).unwrap_err(),
        ContractError::Std(StdError::generic_err(format!(
            "Cannot migrate from newer version (99.0.0) to older ({CONTRACT_VERSION})"
        )))
    );
    cw2::set_contract_version(&mut t.deps.storage, "crates.io:other", "0.0.1").unwrap();
    assert_eq!(
        migrate(t.deps.as_mut(), before(), MigrateMsg {}).unwrap_err(),
        ContractError::Std(StdError::generic_err(format!(
            "Cannot migrate from crates.io:other to {CONTRACT_NAME}"
        )))
    );
}

// ---------------------------------------------------------------------------------------------
// Randomized votes and changes

/// Sum of counters == sum of stored weights == turnout; each stored weight == the wallet's
/// record balance.
fn check_books(t: &T, wallets: &[Addr], record: &[u128]) {
    let counters: u128 = t.counters().iter().sum();
    let stored: u128 = VOTES
        .prefix(1)
        .range(&t.deps.storage, None, None, cosmwasm_std::Order::Ascending)
        .map(|item| item.unwrap().1.weight.u128())
        .sum();
    assert_eq!(counters, stored);
    assert_eq!(t.result(during()).turnout.u128(), counters);
    for (w, r) in wallets.iter().zip(record) {
        if let Some((_, weight)) = t.stored_vote(w) {
            assert_eq!(weight, *r);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_votes_and_changes_keep_counters_equal_to_stored_weights(
        balances in proptest::collection::vec(0u128..1_000, 6),
        moved in proptest::collection::vec(0u128..1_000, 6),
        steps in proptest::collection::vec((0usize..6, 0u8..4, any::<bool>()), 1..60),
    ) {
        let mut t = T::new();
        t.open();
        let custodian = t.addr("custodian");
        let wallets: Vec<Addr> = (0..6).map(|i| t.addr(&format!("w{i}"))).collect();
        for (i, w) in wallets.iter().enumerate() {
            // Odd wallets moved units after the record height (the token wrote the entry).
            t.set_balance(w, if i % 2 == 1 { moved[i] } else { balances[i] });
            if i % 2 == 1 {
                t.set_record_balance(200, w, balances[i]);
            }
            if i < 3 {
                t.set_operator(w, &custodian);
            }
        }
        for (i, option, by_custodian) in steps {
            let wallet = &wallets[i];
            let before_state = t.fingerprint();
            let res = if by_custodian {
                t.vote(during(), &custodian, option, Some(wallet))
            } else {
                t.vote(during(), wallet, option, None)
            };
            match res {
                Ok(_) => prop_assert!(balances[i] > 0 && option < 3 && (!by_custodian || i < 3)),
                Err(err) => {
                    prop_assert_eq!(t.fingerprint(), before_state);
                    let expected = if option >= 3 {
                        ContractError::UnknownOption { ballot_id: 1, option, options: 3 }
                    } else if by_custodian && i >= 3 {
                        ContractError::NotWalletOperator {
                            token: t.token_addr.clone(),
                            wallet: wallet.clone(),
                            sender: custodian.clone(),
                        }
                    } else {
                        ContractError::NoBalanceAtRecordHeight {
                            ballot_id: 1,
                            wallet: wallet.clone(),
                            record_height: 200,
                        }
                    };
                    prop_assert_eq!(err, expected);
                }
            }
            check_books(&t, &wallets, &balances);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Storage work of a vote

/// Counts the contract's own storage operations and charges Cosmos SDK KV gas: read 1,000 + 3
/// per byte, write 2,000 + 30 per byte (key with a 33-byte contract prefix, and value).
struct Metered<'a> {
    inner: &'a mut dyn Storage,
    reads: std::cell::Cell<u64>,
    writes: std::cell::Cell<u64>,
    iterations: std::cell::Cell<u64>,
    gas: std::cell::Cell<u64>,
}

impl Storage for Metered<'_> {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        let value = self.inner.get(key);
        let bytes = PREFIX + key.len() as u64 + value.as_ref().map_or(0, |v| v.len() as u64);
        self.reads.set(self.reads.get() + 1);
        self.gas.set(self.gas.get() + 1_000 + 3 * bytes);
        value
    }
    fn range<'a>(
        &'a self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: cosmwasm_std::Order,
    ) -> Box<dyn Iterator<Item = cosmwasm_std::Record> + 'a> {
        self.iterations.set(self.iterations.get() + 1);
        self.inner.range(start, end, order)
    }
    fn set(&mut self, key: &[u8], value: &[u8]) {
        let bytes = PREFIX + key.len() as u64 + value.len() as u64;
        self.writes.set(self.writes.get() + 1);
        self.gas.set(self.gas.get() + 2_000 + 30 * bytes);
        self.inner.set(key, value)
    }
    fn remove(&mut self, key: &[u8]) {
        self.writes.set(self.writes.get() + 1);
        self.gas.set(self.gas.get() + 1_000);
        self.inner.remove(key)
    }
}

/// (reads, writes, iterators, raw reads at the token, storage gas including the raw reads).
type Work = (u64, u64, u64, u64, u64);

fn metered_vote(t: &mut T, sender: &Addr, option: u8, wallet: Option<&Addr>) -> Work {
    let raw_before = {
        let tok = t.token.borrow();
        (tok.raw_reads, tok.raw_gas)
    };
    let mut metered = Metered {
        inner: &mut t.deps.storage,
        reads: Default::default(),
        writes: Default::default(),
        iterations: Default::default(),
        gas: Default::default(),
    };
    execute(
        cosmwasm_std::DepsMut {
            storage: &mut metered,
            api: &t.deps.api,
            querier: QuerierWrapper::new(&t.deps.querier),
        },
        during(),
        message_info(sender, &[]),
        ExecuteMsg::Vote {
            ballot_id: 1,
            option,
            wallet: wallet.map(Addr::to_string),
        },
    )
    .unwrap();
    let tok = t.token.borrow();
    (
        metered.reads.get(),
        metered.writes.get(),
        metered.iterations.get(),
        tok.raw_reads - raw_before.0,
        metered.gas.get() + tok.raw_gas - raw_before.1,
    )
}

/// A first own vote, a change, a first custodian vote and a custodian change, after `n - 2`
/// other holders voted (half of them with a record entry at the token).
fn vote_work(n: usize) -> Vec<Work> {
    let mut t = T::new();
    t.open();
    let wallets: Vec<Addr> = (0..n).map(|i| t.addr(&format!("holder{i}"))).collect();
    for (i, w) in wallets.iter().enumerate() {
        t.set_balance(w, 1_000);
        if i % 2 == 0 {
            t.set_record_balance(200, w, 1_000);
        }
    }
    for (i, w) in wallets.iter().enumerate().skip(2) {
        t.vote(during(), w, (i % 3) as u8, None).unwrap();
    }
    let custodian = t.addr("custodian");
    t.set_operator(&wallets[0], &custodian);
    let own = wallets[1].clone();
    let client = wallets[0].clone();
    let work = vec![
        metered_vote(&mut t, &own, 0, None),
        metered_vote(&mut t, &own, 1, None),
        metered_vote(&mut t, &custodian, 0, Some(&client)),
        metered_vote(&mut t, &custodian, 2, Some(&client)),
    ];
    assert_eq!(t.result(during()).turnout.u128(), 1_000 * n as u128);
    work
}

#[test]
fn a_votes_storage_work_is_the_same_with_10_and_10_000_holders() {
    let small = vote_work(10);
    let large = vote_work(10_000);
    println!("vote work (reads, writes, iterators, token raw reads, storage gas), 10 holders: {small:?}; 10,000 holders: {large:?}");
    let ops = |w: &[Work]| w.iter().map(|x| (x.0, x.1, x.2, x.3)).collect::<Vec<_>>();
    assert_eq!(ops(&small), ops(&large));
    // Own vote: bh, v, t read; v, t written (the vote trail is in t, no audit record); two raw
    // reads at the token (no record entry for the wallet, so its balance). Custodian vote for
    // a wallet with a record entry: the hold-operator entry and the record entry.
    assert_eq!(small[0], (3, 2, 0, 2, small[0].4));
    assert_eq!(small[2], (3, 2, 0, 2, small[2].4));
    for w in small.iter().chain(large.iter()) {
        assert!(w.4 <= 25_000, "vote storage gas {}", w.4);
    }
}
