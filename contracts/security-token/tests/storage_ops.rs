//! Storage work of the hot paths, counted on the contract's own storage (reads, writes,
//! iterator steps) with the registry answered by raw reads, as on a chain. Run with
//! `cargo test -p security-token --test storage_ops -- --nocapture` to print the figures.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

use cosmwasm_std::testing::{message_info, mock_env, MockApi, MockQuerier, MockStorage};
use cosmwasm_std::{
    Addr, ContractResult, Empty, Env, OwnedDeps, Record, Storage, SystemResult, Timestamp, Uint128,
    WasmQuery,
};
use security_token::contract::{execute, instantiate};
use sto_access::{Role, RoleAction};
use sto_interface::common::{InvestorClass, Jurisdiction};
use sto_interface::hold::HoldRequest;
use sto_interface::registry::{WalletRecord, WALLET_RECORDS};
use sto_interface::token::{ExecuteMsg, InstantiateMsg, TransferRules};

#[derive(Default, Clone)]
struct Counts {
    reads: Rc<Cell<u32>>,
    writes: Rc<Cell<u32>>,
    steps: Rc<Cell<u32>>,
}

impl Counts {
    fn get(&self) -> (u32, u32, u32) {
        (self.reads.get(), self.writes.get(), self.steps.get())
    }
    fn reset(&self) {
        self.reads.set(0);
        self.writes.set(0);
        self.steps.set(0);
    }
}

struct Counting {
    inner: MockStorage,
    counts: Counts,
}

impl Storage for Counting {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.counts.reads.set(self.counts.reads.get() + 1);
        self.inner.get(key)
    }
    fn range<'a>(
        &'a self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: cosmwasm_std::Order,
    ) -> Box<dyn Iterator<Item = Record> + 'a> {
        let steps = self.counts.steps.clone();
        Box::new(self.inner.range(start, end, order).inspect(move |_| {
            steps.set(steps.get() + 1);
        }))
    }
    fn set(&mut self, key: &[u8], value: &[u8]) {
        self.counts.writes.set(self.counts.writes.get() + 1);
        self.inner.set(key, value)
    }
    fn remove(&mut self, key: &[u8]) {
        self.counts.writes.set(self.counts.writes.get() + 1);
        self.inner.remove(key)
    }
}

struct Bench {
    deps: OwnedDeps<Counting, MockApi, MockQuerier>,
    counts: Counts,
    env: Env,
    owner: Addr,
    alice: Addr,
    bob: Addr,
    notary: Addr,
}

fn bench() -> Bench {
    let api = MockApi::default();
    let owner = api.addr_make("owner");
    let alice = api.addr_make("alice");
    let bob = api.addr_make("bob");
    let registry = api.addr_make("registry");
    let notary = api.addr_make("notary");
    let env = mock_env();
    // The registry's published wallet records, answered by raw reads.
    let mut raw = BTreeMap::new();
    for (wallet, id) in [(&alice, "I-A"), (&bob, "I-B")] {
        let record = WalletRecord {
            investor_id: id.into(),
            jurisdiction: Jurisdiction::parse("US").unwrap(),
            class: InvestorClass::Accredited,
            kyc_valid_until: Timestamp::from_seconds(4_000_000_000),
            blocked: false,
        };
        let key = WALLET_RECORDS.key(wallet).to_vec();
        raw.insert(key, cosmwasm_std::to_json_vec(&record).unwrap());
    }
    let mut querier = MockQuerier::<Empty>::new(&[]);
    querier.update_wasm(move |q| match q {
        WasmQuery::Raw { key, .. } => SystemResult::Ok(ContractResult::Ok(
            raw.get(key.as_slice()).cloned().unwrap_or_default().into(),
        )),
        _ => SystemResult::Ok(ContractResult::Err("unsupported".into())),
    });
    let counts = Counts::default();
    let mut deps = OwnedDeps {
        storage: Counting {
            inner: MockStorage::new(),
            counts: counts.clone(),
        },
        api,
        querier,
        custom_query_type: std::marker::PhantomData,
    };
    instantiate(
        deps.as_mut(),
        env.clone(),
        message_info(&owner, &[]),
        InstantiateMsg {
            name: "Bond 2030".into(),
            symbol: "BND".into(),
            decimals: 6,
            registry: registry.to_string(),
            owner: None,
            rules: TransferRules {
                max_holders: Some(100),
                ..TransferRules::default()
            },
            marketing: None,
        },
    )
    .unwrap();
    let mut b = Bench {
        deps,
        counts,
        env,
        owner: owner.clone(),
        alice,
        bob,
        notary,
    };
    b.exec(
        &owner,
        ExecuteMsg::UpdateRoles(RoleAction::Grant {
            role: Role::TransferAgent,
            address: owner.to_string(),
        }),
    );
    b.exec(
        &owner,
        ExecuteMsg::RegisterNotary {
            notary: b.notary.to_string(),
        },
    );
    for w in [b.alice.clone(), b.bob.clone()] {
        b.exec(
            &owner,
            ExecuteMsg::Mint {
                recipient: w.to_string(),
                amount: Uint128::new(1_000),
            },
        );
    }
    b
}

impl Bench {
    fn exec(&mut self, sender: &Addr, msg: ExecuteMsg) -> (u32, u32, u32) {
        self.counts.reset();
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, &[]),
            msg,
        )
        .unwrap();
        self.counts.get()
    }

    fn transfer(&mut self) -> (u32, u32, u32) {
        let (alice, bob) = (self.alice.clone(), self.bob.clone());
        self.exec(
            &alice,
            ExecuteMsg::Transfer {
                recipient: bob.to_string(),
                amount: Uint128::new(1),
            },
        )
    }

    fn hold(&mut self, amount: u128) -> (u32, u32, u32) {
        let alice = self.alice.clone();
        let request = HoldRequest {
            notary: self.notary.to_string(),
            payee: self.bob.to_string(),
            amount: Uint128::new(amount),
            expires: self.env.block.time.plus_seconds(3600),
            reference: "settlement:1".into(),
            partial: false,
            msg: None,
        };
        self.exec(
            &alice,
            ExecuteMsg::PlaceHold {
                owner: None,
                request,
            },
        )
    }
}

#[test]
fn storage_work_of_transfer_hold_and_execution() {
    let mut b = bench();
    let transfer = b.transfer();
    // A transfer between existing holders without holds or live record heights: config, two
    // balances, two accounts, two investor books, the audit head (the registry records are raw
    // queries, not contract storage); writes: two balances, two books, the audit head.
    assert_eq!(
        transfer,
        (8, 5, 0),
        "transfer (reads, writes, iterator steps)"
    );
    let hold = b.hold(10);
    let notary = b.notary.clone();
    let execute_hold = b.exec(
        &notary,
        ExecuteMsg::ExecuteHold {
            id: 1,
            amount: None,
        },
    );
    // A transfer by a wallet that has an open hold costs no more than one without.
    b.hold(10);
    let transfer_with_hold = b.transfer();
    assert_eq!(transfer_with_hold, transfer);
    // A live record height adds one read per side, and a write at each side's first change.
    let opener = b.owner.clone();
    b.exec(
        &opener,
        ExecuteMsg::UpdateRoles(RoleAction::Grant {
            role: Role::CheckpointOpener,
            address: opener.to_string(),
        }),
    );
    let record = b.env.block.height + 1;
    b.exec(
        &opener,
        ExecuteMsg::OpenCheckpoint {
            height: record,
            reference: None,
        },
    );
    b.env.block.height = record;
    let first_after_record = b.transfer();
    let second_after_record = b.transfer();
    assert_eq!(first_after_record, (transfer.0 + 2, transfer.1 + 2, 0));
    assert_eq!(second_after_record, (transfer.0 + 2, transfer.1, 0));
    println!("storage (reads, writes, iterator steps) in the token's own store; add 2 raw registry reads to each movement:");
    println!("  transfer                      {transfer:?}");
    println!("  hold (placement)              {hold:?}");
    println!("  execute_hold                  {execute_hold:?}");
    println!("  transfer, live record height  {first_after_record:?} first change, {second_after_record:?} after");
}
