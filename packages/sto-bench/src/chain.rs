//! A minimal wasmd: contracts on the real VM, each call charged as wasmd charges it, sub-messages
//! and queries executed on the callee's instance and added to the transaction's cost.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use cosmwasm_std::{
    from_json, to_json_vec, Addr, BankMsg, BankQuery, Binary, BlockInfo, Checksum, Coin,
    ContractInfo, ContractResult, CosmosMsg, Empty, Env, Event, MessageInfo, QueryRequest, Reply,
    ReplyOn, Response, SubMsg, SubMsgResponse, SubMsgResult, SystemError, SystemResult, Timestamp,
    TransactionInfo, WasmMsg, WasmQuery,
};
use cosmwasm_vm::{
    call_execute_raw, call_instantiate_raw, call_query_raw, call_reply_raw, Backend, GasInfo,
    Instance, InstanceOptions, Querier, Size,
};
use serde::Serialize;

use crate::api::BenchApi;
use crate::gas::{self, GAS_MULTIPLIER};
use crate::storage::{BenchStorage, Journal, Kv, KvMeter, KvOps, SetupStorage, SharedKv};

/// Bech32 prefix of the benchmark chain.
pub const PREFIX: &str = "wasm";
/// VM gas limit of one call: far above any transaction (100,000,000 SDK gas).
pub const VM_GAS_LIMIT: u64 = 100_000_000 * GAS_MULTIPLIER;
/// Memory limit of an instance (wasmvm's default, 32 MiB).
pub const INSTANCE_MEMORY_LIMIT_MIB: usize = 32;

/// An optimized artifact, loaded.
#[derive(Debug)]
pub struct Code {
    /// Crate name, as in `artifacts/<name>.wasm`.
    pub name: String,
    /// The wasm bytes.
    pub wasm: Vec<u8>,
}

impl Code {
    /// The code's identity for wasmd's discount (its checksum): a hash of the wasm bytes.
    pub fn checksum(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.wasm.hash(&mut h);
        h.finish()
    }
}

struct ContractEntry {
    code: Rc<Code>,
    checksum: u64,
    /// The code id, assigned in the order codes are first instantiated.
    code_id: u64,
    kv: SharedKv,
    creator: Addr,
}

/// What loading the contract cost a call (wasmd `checkDiscountEligibility`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Load {
    /// No module loaded (raw storage query).
    None,
    /// First call to this code checksum in the transaction: [`gas::INSTANCE_COST`] unpinned.
    Full,
    /// Code already called in the transaction, or a reply: [`gas::INSTANCE_COST_DISCOUNT`].
    Discounted,
}

impl Load {
    /// SDK gas of this load, the code unpinned (`false`) or pinned (`true`).
    pub fn cost(self, pinned: bool) -> u64 {
        match self {
            Load::None => 0,
            Load::Full => gas::load_cost(true, pinned),
            Load::Discounted => gas::load_cost(false, pinned),
        }
    }
}

/// One contract call (or raw read) in a transaction.
#[derive(Clone, Debug, Serialize)]
pub struct CallTrace {
    /// Crate name of the contract called.
    pub contract: String,
    /// Entry point: `instantiate`, `execute`, `query`, `reply`, or `raw` for a raw storage query.
    pub entry: &'static str,
    /// Nesting depth (0: the transaction's own message).
    pub depth: u32,
    /// The load charged (every entry point call loads the module; raw reads do not).
    pub load: Load,
    /// wasmd's reads of the contract and code records, pinned-flag and circuit-breaker checks.
    pub records_gas: u64,
    /// VM gas used inside the instance (CosmWasm gas units).
    pub vm_gas: u64,
    /// The same in SDK gas, as wasmd converts it.
    pub vm_sdk_gas: u64,
    /// SDK KV gas charged by this call's own storage access and raw queries.
    pub kv_gas: u64,
    /// Storage operations of this call.
    pub kv_ops: KvOps,
    /// wasmd event gas of the response.
    pub event_gas: u64,
    /// wasmd gas for the JSON result returned to the chain.
    pub result_gas: u64,
}

impl CallTrace {
    /// This call's own SDK gas, its load included, the code unpinned (`false`) or pinned.
    pub fn total(&self, pinned: bool) -> u64 {
        self.vm_sdk_gas
            + self.records_gas
            + self.kv_gas
            + self.event_gas
            + self.result_gas
            + self.load.cost(pinned)
    }
}

/// The cost of one transaction (or one query), broken down.
#[derive(Clone, Debug, Serialize)]
pub struct TxReport {
    /// Error message when the transaction failed (state rolled back).
    pub error: Option<String>,
    /// Every call, in the order they started.
    pub calls: Vec<CallTrace>,
    /// Calls charged the full load ([`gas::INSTANCE_COST`] unpinned): the first call to each code
    /// checksum in the transaction.
    pub loads: u32,
    /// Calls charged the discounted load ([`gas::INSTANCE_COST_DISCOUNT`]): a code already called in
    /// the transaction, or a reply.
    pub discounted_loads: u32,
    /// Raw storage queries.
    pub raw_queries: u32,
    /// VM gas of all calls, in SDK gas.
    pub vm_gas: u64,
    /// wasmd's per-call record reads and checks (contract and code records, pinned flag,
    /// circuit breaker), and the router's circuit check of bank sub-messages.
    pub records_gas: u64,
    /// KV gas of all calls.
    pub kv_gas: u64,
    /// Event gas of all responses.
    pub event_gas: u64,
    /// Result-deserialization gas of all calls.
    pub result_gas: u64,
    /// Gas of bank transfers (modelled: see [`Chain::bank_send`]).
    pub bank_gas: u64,
    /// All storage operations.
    pub kv_ops: KvOps,
}

impl TxReport {
    /// Several transactions taken together (e.g. the two legs of a settlement): costs, loads
    /// and calls added; the first error kept.
    pub fn combine(reports: &[&TxReport]) -> TxReport {
        let mut all = TxReport {
            error: None,
            calls: vec![],
            loads: 0,
            discounted_loads: 0,
            raw_queries: 0,
            vm_gas: 0,
            records_gas: 0,
            kv_gas: 0,
            event_gas: 0,
            result_gas: 0,
            bank_gas: 0,
            kv_ops: KvOps::default(),
        };
        for r in reports {
            if all.error.is_none() {
                all.error.clone_from(&r.error);
            }
            all.calls.extend(r.calls.iter().cloned());
            all.loads += r.loads;
            all.discounted_loads += r.discounted_loads;
            all.raw_queries += r.raw_queries;
            all.vm_gas += r.vm_gas;
            all.records_gas += r.records_gas;
            all.kv_gas += r.kv_gas;
            all.event_gas += r.event_gas;
            all.result_gas += r.result_gas;
            all.bank_gas += r.bank_gas;
            all.kv_ops.reads += r.kv_ops.reads;
            all.kv_ops.writes += r.kv_ops.writes;
            all.kv_ops.deletes += r.kv_ops.deletes;
            all.kv_ops.iter_steps += r.kv_ops.iter_steps;
        }
        all
    }

    /// Whether the transaction succeeded.
    pub fn ok(&self) -> bool {
        self.error.is_none()
    }

    /// Everything except the load costs: what a pinned chain pays beyond
    /// [`gas::INSTANCE_COST_DISCOUNT`] a call.
    pub fn variable(&self) -> u64 {
        self.vm_gas
            + self.records_gas
            + self.kv_gas
            + self.event_gas
            + self.result_gas
            + self.bank_gas
    }

    /// The load costs, every code unpinned (`false`) or pinned (`true`).
    pub fn load_gas(&self, pinned: bool) -> u64 {
        u64::from(self.loads) * Load::Full.cost(pinned)
            + u64::from(self.discounted_loads) * Load::Discounted.cost(pinned)
    }

    /// Total SDK gas with every code unpinned (`false`) or pinned (`true`).
    pub fn total(&self, pinned: bool) -> u64 {
        self.variable() + self.load_gas(pinned)
    }
}

struct Inner {
    api: BenchApi,
    contracts: RefCell<BTreeMap<String, ContractEntry>>,
    /// Stored codes by code id - 1: the discount checksum, the SHA-256 checksum (what a
    /// code-info query answers) and the address that stored it.
    codes: RefCell<Vec<StoredCode>>,
    journal: Rc<Journal>,
    trace: RefCell<Vec<CallTrace>>,
    /// Checksums of the codes called in the current transaction (wasmd `TxContracts`).
    tx_codes: RefCell<BTreeSet<u64>>,
    raw_queries: Cell<u32>,
    bank: RefCell<BTreeMap<(String, String), u128>>,
    bank_gas: Cell<u64>,
    /// Circuit checks of the bank sub-messages of the current transaction.
    bank_records: Cell<u64>,
    block: RefCell<BlockInfo>,
    next_contract: Cell<u64>,
}

/// A code as stored on the chain.
struct StoredCode {
    checksum: u64,
    sha256: Checksum,
    creator: Addr,
}

/// The benchmark chain.
#[derive(Clone)]
pub struct Chain(Rc<Inner>);

/// A call into a contract's entry point.
enum Entry<'a> {
    Instantiate(&'a MessageInfo),
    Execute(&'a MessageInfo),
    Query,
    /// A reply, with wasmd's `ReplyCosts` for the sub-message result it carries.
    Reply(u64),
}

impl Entry<'_> {
    fn name(&self) -> &'static str {
        match self {
            Entry::Instantiate(_) => "instantiate",
            Entry::Execute(_) => "execute",
            Entry::Query => "query",
            Entry::Reply(_) => "reply",
        }
    }
}

type Instance_ = Instance<BenchApi, BenchStorage, BenchQuerier>;

impl Default for Chain {
    fn default() -> Self {
        Self::new()
    }
}

impl Chain {
    /// An empty chain at height 1.
    pub fn new() -> Self {
        Chain(Rc::new(Inner {
            api: BenchApi::new(PREFIX),
            contracts: RefCell::new(BTreeMap::new()),
            codes: RefCell::new(Vec::new()),
            journal: Rc::new(Journal::default()),
            trace: RefCell::new(Vec::new()),
            tx_codes: RefCell::new(BTreeSet::new()),
            raw_queries: Cell::new(0),
            bank: RefCell::new(BTreeMap::new()),
            bank_gas: Cell::new(0),
            bank_records: Cell::new(0),
            block: RefCell::new(BlockInfo {
                height: 1,
                time: Timestamp::from_seconds(1_767_225_600), // 2026-01-01T00:00:00Z
                chain_id: "bench-1".to_string(),
            }),
            next_contract: Cell::new(1),
        }))
    }

    /// The account address number `n` (20 bytes, as an SDK account; all of the same length).
    pub fn account(&self, n: u64) -> String {
        let mut bytes = [0xa5u8; 20];
        bytes[12..].copy_from_slice(&n.to_be_bytes());
        self.0
            .api
            .encode(&bytes)
            .unwrap_or_else(|e| unreachable!("20-byte address: {e}"))
    }

    /// The current block height.
    pub fn height(&self) -> u64 {
        self.0.block.borrow().height
    }

    /// Move the chain `blocks` blocks and `seconds` seconds forward without a transaction.
    pub fn advance(&self, blocks: u64, seconds: u64) {
        let mut block = self.0.block.borrow_mut();
        block.height += blocks;
        block.time = block.time.plus_seconds(seconds);
    }

    /// The current block time.
    pub fn block_time(&self) -> Timestamp {
        self.0.block.borrow().time
    }

    /// Run `f` on the store of `contract`, without gas (setup only).
    pub fn with_store<T>(
        &self,
        contract: &str,
        f: impl FnOnce(&mut SetupStorage) -> T,
    ) -> anyhow::Result<T> {
        let kv = self.kv(contract).map_err(anyhow::Error::msg)?;
        let mut kv = kv.borrow_mut();
        Ok(f(&mut SetupStorage(&mut kv)))
    }

    /// Set a bank balance directly (setup only).
    pub fn set_balance(&self, addr: &str, coin: &Coin) {
        self.0
            .bank
            .borrow_mut()
            .insert((addr.to_string(), coin.denom.clone()), coin.amount.u128());
    }

    /// A bank balance.
    pub fn balance(&self, addr: &str, denom: &str) -> u128 {
        self.0
            .bank
            .borrow()
            .get(&(addr.to_string(), denom.to_string()))
            .copied()
            .unwrap_or(0)
    }

    /// Instantiate `code` as a transaction; returns the new contract's address and the cost.
    pub fn instantiate<M: Serialize>(
        &self,
        code: &Rc<Code>,
        sender: &str,
        msg: &M,
        funds: &[Coin],
    ) -> (Result<String, String>, TxReport) {
        let n = self.0.next_contract.get();
        self.0.next_contract.set(n + 1);
        let mut bytes = [0xc0u8; 32];
        bytes[24..].copy_from_slice(&n.to_be_bytes());
        let addr = match self.0.api.encode(&bytes) {
            Ok(a) => a,
            Err(e) => return (Err(e.to_string()), self.report(Some(e.to_string()))),
        };
        let code_id = self.store_code(code, sender);
        self.0.contracts.borrow_mut().insert(
            addr.clone(),
            ContractEntry {
                code: Rc::clone(code),
                checksum: code.checksum(),
                code_id,
                kv: Rc::new(RefCell::new(Kv::new())),
                creator: Addr::unchecked(sender),
            },
        );
        let report = self.tx(|chain| {
            let msg = to_json_vec(msg).map_err(|e| e.to_string())?;
            chain.bank_send(sender, &addr, funds)?;
            let info = MessageInfo {
                sender: Addr::unchecked(sender),
                funds: funds.to_vec(),
            };
            let res = chain.call(&addr, Entry::Instantiate(&info), &msg, 0)?;
            let res: Response = from_json(&res).map_err(|e| e.to_string())?;
            chain.dispatch(&addr, res.messages, 0)
        });
        if report.ok() {
            (Ok(addr), report)
        } else {
            self.0.contracts.borrow_mut().remove(&addr);
            (Err(report.error.clone().unwrap_or_default()), report)
        }
    }

    /// Execute `msg` on `contract` from `sender` as one transaction.
    pub fn execute<M: Serialize>(
        &self,
        sender: &str,
        contract: &str,
        msg: &M,
        funds: &[Coin],
    ) -> TxReport {
        self.tx(|chain| {
            let msg = to_json_vec(msg).map_err(|e| e.to_string())?;
            if crate::storage::tracing() {
                eprintln!("== execute {}", String::from_utf8_lossy(&msg));
            }
            chain
                .execute_inner(sender, contract, &msg, funds, 0)
                .map(drop)
        })
    }

    /// Execute several messages from `sender` as one transaction, in order (all or nothing).
    pub fn execute_msgs<M: Serialize>(&self, sender: &str, msgs: &[(&str, M)]) -> TxReport {
        self.tx(|chain| {
            for (contract, msg) in msgs {
                let msg = to_json_vec(msg).map_err(|e| e.to_string())?;
                chain.execute_inner(sender, contract, &msg, &[], 0)?;
            }
            Ok(())
        })
    }

    /// Smart-query `contract` as a contract would: the cost is what the caller pays.
    pub fn query<M: Serialize>(
        &self,
        contract: &str,
        msg: &M,
    ) -> (Result<Binary, String>, TxReport) {
        let mut answer = Err(String::new());
        let report = self.tx(|chain| {
            let msg = to_json_vec(msg).map_err(|e| e.to_string())?;
            let res = chain.smart_query(contract, &msg, 0)?;
            answer = Ok(res);
            Ok(())
        });
        match report.error.clone() {
            Some(e) => (Err(e), report),
            None => (answer, report),
        }
    }

    /// Raw storage query of `key` in `contract`, issued through the querier a contract uses.
    pub fn raw_query(&self, contract: &str, key: &[u8]) -> (Result<Binary, String>, TxReport) {
        let mut answer = Err(String::new());
        let report = self.tx(|chain| {
            let meter = Rc::new(KvMeter::default());
            let querier = BenchQuerier {
                chain: chain.clone(),
                meter: Rc::clone(&meter),
                depth: 0,
            };
            let request: QueryRequest<Empty> = QueryRequest::Wasm(WasmQuery::Raw {
                contract_addr: contract.to_string(),
                key: Binary::from(key),
            });
            let request = to_json_vec(&request).map_err(|e| e.to_string())?;
            let (result, _gas) = querier.query_raw(&request, VM_GAS_LIMIT);
            chain.0.trace.borrow_mut().push(CallTrace {
                contract: chain.code_name(contract),
                entry: "raw",
                depth: 0,
                load: Load::None,
                records_gas: 0,
                vm_gas: 0,
                vm_sdk_gas: 0,
                kv_gas: meter.gas(),
                kv_ops: meter.ops(),
                event_gas: 0,
                result_gas: 0,
            });
            answer = match result.map_err(|e| e.to_string())? {
                SystemResult::Ok(ContractResult::Ok(value)) => Ok(value),
                other => Err(format!("{other:?}")),
            };
            Ok(())
        });
        (answer, report)
    }

    fn code_name(&self, contract: &str) -> String {
        self.0
            .contracts
            .borrow()
            .get(contract)
            .map_or_else(|| contract.to_string(), |c| c.code.name.clone())
    }

    /// The code id of `code`, storing it (by `sender`) on its first use.
    fn store_code(&self, code: &Code, sender: &str) -> u64 {
        let checksum = code.checksum();
        let mut codes = self.0.codes.borrow_mut();
        if let Some(i) = codes.iter().position(|c| c.checksum == checksum) {
            return i as u64 + 1;
        }
        codes.push(StoredCode {
            checksum,
            sha256: Checksum::generate(&code.wasm),
            creator: Addr::unchecked(sender),
        });
        codes.len() as u64
    }

    /// Creator and code id of `contract`.
    fn creator(&self, contract: &str) -> Option<(Addr, u64)> {
        self.0
            .contracts
            .borrow()
            .get(contract)
            .map(|c| (c.creator.clone(), c.code_id))
    }

    /// Creator and SHA-256 checksum of code `code_id`.
    fn code_info(&self, code_id: u64) -> Option<(Addr, Checksum)> {
        let codes = self.0.codes.borrow();
        let i = usize::try_from(code_id.checked_sub(1)?).ok()?;
        codes.get(i).map(|c| (c.creator.clone(), c.sha256))
    }

    fn kv(&self, contract: &str) -> Result<SharedKv, String> {
        self.0
            .contracts
            .borrow()
            .get(contract)
            .map(|c| Rc::clone(&c.kv))
            .ok_or_else(|| format!("no such contract: {contract}"))
    }

    /// Run one transaction: reset the trace, roll state back on failure, advance the block.
    fn tx(&self, f: impl FnOnce(&Chain) -> Result<(), String>) -> TxReport {
        self.0.trace.borrow_mut().clear();
        self.0.tx_codes.borrow_mut().clear();
        self.0.raw_queries.set(0);
        self.0.bank_gas.set(0);
        self.0.bank_records.set(0);
        let checkpoint = self.0.journal.checkpoint();
        let result = f(self);
        if result.is_err() {
            self.0.journal.rollback(checkpoint);
        }
        self.0.journal.commit();
        {
            let mut block = self.0.block.borrow_mut();
            block.height += 1;
            block.time = block.time.plus_seconds(5);
        }
        self.report(result.err())
    }

    fn report(&self, error: Option<String>) -> TxReport {
        let calls = self.0.trace.borrow().clone();
        let mut kv_ops = KvOps::default();
        for c in &calls {
            kv_ops.reads += c.kv_ops.reads;
            kv_ops.writes += c.kv_ops.writes;
            kv_ops.deletes += c.kv_ops.deletes;
            kv_ops.iter_steps += c.kv_ops.iter_steps;
        }
        TxReport {
            error,
            loads: calls.iter().filter(|c| c.load == Load::Full).count() as u32,
            discounted_loads: calls.iter().filter(|c| c.load == Load::Discounted).count() as u32,
            raw_queries: self.0.raw_queries.get(),
            vm_gas: calls.iter().map(|c| c.vm_sdk_gas).sum(),
            records_gas: calls.iter().map(|c| c.records_gas).sum::<u64>()
                + self.0.bank_records.get(),
            kv_gas: calls.iter().map(|c| c.kv_gas).sum(),
            event_gas: calls.iter().map(|c| c.event_gas).sum(),
            result_gas: calls.iter().map(|c| c.result_gas).sum(),
            bank_gas: self.0.bank_gas.get(),
            kv_ops,
            calls,
        }
    }

    /// SDK gas spent so far in the current transaction.
    fn spent(&self) -> u64 {
        let trace = self.0.trace.borrow();
        trace.iter().map(|c| c.total(false)).sum::<u64>()
            + self.0.bank_gas.get()
            + self.0.bank_records.get()
    }

    fn env(&self, contract: &str) -> Env {
        Env {
            block: self.0.block.borrow().clone(),
            transaction: Some(TransactionInfo { index: 0 }),
            contract: ContractInfo {
                address: Addr::unchecked(contract),
            },
        }
    }

    fn instance(
        &self,
        contract: &str,
        meter: &Rc<KvMeter>,
        depth: u32,
    ) -> Result<Instance_, String> {
        let (code, kv) = {
            let contracts = self.0.contracts.borrow();
            let entry = contracts
                .get(contract)
                .ok_or_else(|| format!("no such contract: {contract}"))?;
            (Rc::clone(&entry.code), Rc::clone(&entry.kv))
        };
        let backend = Backend {
            api: self.0.api,
            storage: BenchStorage::new(kv, Rc::clone(meter), Rc::clone(&self.0.journal)),
            querier: BenchQuerier {
                chain: self.clone(),
                meter: Rc::clone(meter),
                depth,
            },
        };
        Instance::from_code(
            &code.wasm,
            backend,
            InstanceOptions {
                gas_limit: VM_GAS_LIMIT,
            },
            Some(Size::mebi(INSTANCE_MEMORY_LIMIT_MIB)),
        )
        .map_err(|e| format!("{}: loading the module failed: {e}", code.name))
    }

    /// Call an entry point; returns the contract's `Ok` payload (JSON) or its error.
    fn call(
        &self,
        contract: &str,
        entry: Entry,
        msg: &[u8],
        depth: u32,
    ) -> Result<Vec<u8>, String> {
        // wasmd `contractInstance` fails on an unknown contract before charging anything.
        let checksum = self
            .0
            .contracts
            .borrow()
            .get(contract)
            .map(|c| c.checksum)
            .ok_or_else(|| format!("no such contract: {contract}"))?;
        let (load, records_gas, reply_gas) = match entry {
            Entry::Reply(reply_gas) => (Load::Discounted, gas::REPLY_RECORDS, reply_gas),
            _ => {
                // `checkDiscountEligibility`: the set of checksums lives as long as the
                // transaction, whatever happens to the call.
                let first = self.0.tx_codes.borrow_mut().insert(checksum);
                let records = match (&entry, depth) {
                    (Entry::Query, _) => gas::SMART_QUERY_RECORDS,
                    (_, 0) => gas::TOP_LEVEL_CALL_RECORDS,
                    _ => gas::SUB_MESSAGE_CALL_RECORDS,
                };
                let load = if first { Load::Full } else { Load::Discounted };
                (load, records, 0)
            }
        };
        let index = {
            let mut trace = self.0.trace.borrow_mut();
            trace.push(CallTrace {
                contract: self.code_name(contract),
                entry: entry.name(),
                depth,
                load,
                records_gas,
                vm_gas: 0,
                vm_sdk_gas: 0,
                kv_gas: 0,
                kv_ops: KvOps::default(),
                event_gas: reply_gas,
                result_gas: 0,
            });
            trace.len() - 1
        };
        let meter = Rc::new(KvMeter::default());
        let mut instance = self.instance(contract, &meter, depth)?;
        let env = to_json_vec(&self.env(contract)).map_err(|e| e.to_string())?;
        let raw = match entry {
            Entry::Instantiate(info) => {
                let info = to_json_vec(info).map_err(|e| e.to_string())?;
                call_instantiate_raw(&mut instance, &env, &info, msg)
            }
            Entry::Execute(info) => {
                let info = to_json_vec(info).map_err(|e| e.to_string())?;
                call_execute_raw(&mut instance, &env, &info, msg)
            }
            Entry::Query => call_query_raw(&mut instance, &env, msg),
            Entry::Reply(_) => call_reply_raw(&mut instance, &env, msg),
        };
        let report = instance.create_gas_report();
        drop(instance);
        {
            let mut trace = self.0.trace.borrow_mut();
            let t = &mut trace[index];
            t.vm_gas = report.used_internally;
            t.vm_sdk_gas = gas::sdk_from_vm(report.used_internally);
            t.kv_gas = meter.gas();
            t.kv_ops = meter.ops();
            t.result_gas =
                raw.as_ref().map_or(0, |r| r.len() as u64) * gas::DESERIALIZATION_COST_PER_BYTE;
        }
        let raw = raw.map_err(|e| format!("{}: VM error: {e}", self.code_name(contract)))?;
        if matches!(entry, Entry::Query) {
            let result: ContractResult<Binary> = from_json(&raw).map_err(|e| e.to_string())?;
            return result.into_result().map(|b| b.to_vec());
        }
        let result: ContractResult<Response> = from_json(&raw).map_err(|e| e.to_string())?;
        let response = result.into_result()?;
        self.0.trace.borrow_mut()[index].event_gas +=
            gas::event_gas(&response.attributes, &response.events);
        to_json_vec(&response).map_err(|e| e.to_string())
    }

    fn execute_inner(
        &self,
        sender: &str,
        contract: &str,
        msg: &[u8],
        funds: &[Coin],
        depth: u32,
    ) -> Result<Vec<Event>, String> {
        self.bank_send(sender, contract, funds)?;
        let info = MessageInfo {
            sender: Addr::unchecked(sender),
            funds: funds.to_vec(),
        };
        let res = self.call(contract, Entry::Execute(&info), msg, depth)?;
        let res: Response = from_json(&res).map_err(|e| e.to_string())?;
        let events = wasm_events(contract, &res);
        self.dispatch(contract, res.messages, depth)?;
        Ok(events)
    }

    fn smart_query(&self, contract: &str, msg: &[u8], depth: u32) -> Result<Binary, String> {
        self.call(contract, Entry::Query, msg, depth)
            .map(Binary::from)
    }

    /// Execute a response's messages in order, with wasmd's sub-message semantics.
    fn dispatch(&self, contract: &str, messages: Vec<SubMsg>, depth: u32) -> Result<(), String> {
        for sub in messages {
            let checkpoint = self.0.journal.checkpoint();
            let result = self.dispatch_msg(contract, &sub.msg, depth + 1);
            let (reply_result, reply_gas) = match (result, sub.reply_on) {
                (Ok(events), ReplyOn::Always | ReplyOn::Success) => {
                    let gas = gas::reply_event_gas(&events, 0);
                    #[allow(deprecated)]
                    let result = SubMsgResult::Ok(SubMsgResponse {
                        events,
                        data: None,
                        msg_responses: vec![],
                    });
                    (result, gas)
                }
                (Ok(_), _) => continue,
                (Err(e), ReplyOn::Always | ReplyOn::Error) => {
                    self.0.journal.rollback(checkpoint);
                    let gas = gas::reply_event_gas(&[], e.len());
                    (SubMsgResult::Err(e), gas)
                }
                (Err(e), _) => return Err(e),
            };
            let reply = Reply {
                id: sub.id,
                payload: sub.payload.clone(),
                gas_used: 0,
                result: reply_result,
            };
            let reply = to_json_vec(&reply).map_err(|e| e.to_string())?;
            let res = self.call(contract, Entry::Reply(reply_gas), &reply, depth)?;
            let res: Response = from_json(&res).map_err(|e| e.to_string())?;
            self.dispatch(contract, res.messages, depth)?;
        }
        Ok(())
    }

    fn dispatch_msg(
        &self,
        contract: &str,
        msg: &CosmosMsg,
        depth: u32,
    ) -> Result<Vec<Event>, String> {
        match msg {
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr,
                msg,
                funds,
            }) => self.execute_inner(contract, contract_addr, msg.as_slice(), funds, depth),
            CosmosMsg::Bank(BankMsg::Send { to_address, amount }) => {
                // Routed like any message: the router's circuit-breaker check.
                self.0
                    .bank_records
                    .set(self.0.bank_records.get() + gas::BANK_SUB_MESSAGE_RECORDS);
                self.bank_send(contract, to_address, amount)?;
                Ok(vec![])
            }
            other => Err(format!(
                "message not supported by the benchmark chain: {other:?}"
            )),
        }
    }

    /// Bank transfer, modelled on x/bank's `SendCoins`: per coin, read and write the sender's
    /// and the recipient's balance (key `0x02 || len || address || denom`, value the decimal
    /// amount), plus one `has` for the recipient's account. Charged at SDK KV gas.
    pub fn bank_send(&self, from: &str, to: &str, coins: &[Coin]) -> Result<(), String> {
        for coin in coins {
            let amount = coin.amount.u128();
            let from_balance = self.balance(from, &coin.denom);
            let new_from = from_balance
                .checked_sub(amount)
                .ok_or_else(|| format!("{from}: insufficient {} funds", coin.denom))?;
            let to_balance = self.balance(to, &coin.denom);
            let new_to = to_balance + amount;
            let key_len = |addr: &str| 2 + addr_bytes(addr) + coin.denom.len();
            let digits = |v: u128| v.to_string().len();
            let cost = gas::plain_read_gas(key_len(from), digits(from_balance))
                + gas::plain_write_gas(key_len(from), digits(new_from))
                + gas::plain_read_gas(key_len(to), digits(to_balance))
                + gas::plain_write_gas(key_len(to), digits(new_to))
                + gas::HAS_COST;
            self.0.bank_gas.set(self.0.bank_gas.get() + cost);
            self.set_balance(from, &Coin::new(new_from, coin.denom.clone()));
            self.set_balance(to, &Coin::new(new_to, coin.denom.clone()));
        }
        Ok(())
    }
}

/// Length of an address's bytes (20 for accounts, 32 for contracts).
fn addr_bytes(addr: &str) -> usize {
    bech32::decode(addr).map_or(addr.len(), |(_, data)| data.len())
}

/// The events wasmd reports for a contract response.
fn wasm_events(contract: &str, res: &Response) -> Vec<Event> {
    let mut events = vec![Event::new("wasm")
        .add_attribute("_contract_address", contract)
        .add_attributes(res.attributes.clone())];
    events.extend(res.events.iter().map(|e| {
        Event::new(format!("wasm-{}", e.ty))
            .add_attribute("_contract_address", contract)
            .add_attributes(e.attributes.clone())
    }));
    events
}

/// The querier of one instance: raw reads charged to the caller, smart queries run on the
/// callee's instance with their whole cost (load, VM, storage) reported back to the caller's VM.
pub struct BenchQuerier {
    chain: Chain,
    meter: Rc<KvMeter>,
    depth: u32,
}

impl Querier for BenchQuerier {
    fn query_raw(
        &self,
        request: &[u8],
        _gas_limit: u64,
    ) -> cosmwasm_vm::BackendResult<SystemResult<ContractResult<Binary>>> {
        let request: QueryRequest<Empty> = match from_json(request) {
            Ok(r) => r,
            Err(e) => {
                return (
                    Ok(SystemResult::Err(SystemError::InvalidRequest {
                        error: e.to_string(),
                        request: Binary::from(request),
                    })),
                    GasInfo::free(),
                )
            }
        };
        let chain = &self.chain;
        match request {
            QueryRequest::Wasm(WasmQuery::Raw { contract_addr, key }) => {
                let Ok(kv) = chain.kv(&contract_addr) else {
                    return (
                        Ok(SystemResult::Err(SystemError::NoSuchContract {
                            addr: contract_addr,
                        })),
                        GasInfo::free(),
                    );
                };
                let value = kv.borrow().get(key.as_slice()).cloned().unwrap_or_default();
                chain.0.raw_queries.set(chain.0.raw_queries.get() + 1);
                let cost = gas::read_gas(key.len(), value.len());
                crate::storage::trace("raw", &key, value.len(), cost);
                let info = self.meter.charge(cost, |o| o.reads += 1);
                (Ok(SystemResult::Ok(ContractResult::Ok(value.into()))), info)
            }
            QueryRequest::Wasm(WasmQuery::Smart { contract_addr, msg }) => {
                if chain.kv(&contract_addr).is_err() {
                    return (
                        Ok(SystemResult::Err(SystemError::NoSuchContract {
                            addr: contract_addr,
                        })),
                        GasInfo::free(),
                    );
                }
                let before = chain.spent();
                let result = chain.smart_query(&contract_addr, msg.as_slice(), self.depth + 1);
                let used = chain.spent() - before;
                let result = match result {
                    Ok(b) => ContractResult::Ok(b),
                    Err(e) => ContractResult::Err(e),
                };
                (
                    Ok(SystemResult::Ok(result)),
                    GasInfo::with_externally_used(used * GAS_MULTIPLIER),
                )
            }
            QueryRequest::Wasm(WasmQuery::ContractInfo { contract_addr }) => {
                let Some((creator, code_id)) = chain.creator(&contract_addr) else {
                    return (
                        Ok(SystemResult::Err(SystemError::NoSuchContract {
                            addr: contract_addr,
                        })),
                        GasInfo::free(),
                    );
                };
                let answer =
                    cosmwasm_std::ContractInfoResponse::new(code_id, creator, None, false, None);
                match cosmwasm_std::to_json_binary(&answer) {
                    Ok(b) => {
                        // wasmd reads the contract record under `0x02 || address`; its protobuf
                        // value is about as long as this JSON answer.
                        let cost = gas::plain_read_gas(33, b.len());
                        let info = self.meter.charge(cost, |o| o.reads += 1);
                        (Ok(SystemResult::Ok(ContractResult::Ok(b))), info)
                    }
                    Err(e) => (
                        Ok(SystemResult::Ok(ContractResult::Err(e.to_string()))),
                        GasInfo::free(),
                    ),
                }
            }
            QueryRequest::Wasm(WasmQuery::CodeInfo { code_id }) => {
                let Some((creator, checksum)) = chain.code_info(code_id) else {
                    return (
                        Ok(SystemResult::Err(SystemError::NoSuchCode { code_id })),
                        GasInfo::free(),
                    );
                };
                let answer = cosmwasm_std::CodeInfoResponse::new(code_id, creator, checksum);
                match cosmwasm_std::to_json_binary(&answer) {
                    Ok(b) => {
                        // wasmd reads the code record under `0x01 || u64_be(code id)`; its
                        // protobuf value (checksum, creator, instantiate permission) is about as
                        // long as this JSON answer.
                        let cost = gas::plain_read_gas(9, b.len());
                        let info = self.meter.charge(cost, |o| o.reads += 1);
                        (Ok(SystemResult::Ok(ContractResult::Ok(b))), info)
                    }
                    Err(e) => (
                        Ok(SystemResult::Ok(ContractResult::Err(e.to_string()))),
                        GasInfo::free(),
                    ),
                }
            }
            QueryRequest::Bank(BankQuery::Balance { address, denom }) => {
                let amount = chain.balance(&address, &denom);
                let key_len = 2 + addr_bytes(&address) + denom.len();
                let cost = gas::plain_read_gas(key_len, amount.to_string().len());
                let info = self.meter.charge(cost, |o| o.reads += 1);
                let answer = cosmwasm_std::BalanceResponse::new(Coin::new(amount, denom));
                match cosmwasm_std::to_json_binary(&answer) {
                    Ok(b) => (Ok(SystemResult::Ok(ContractResult::Ok(b))), info),
                    Err(e) => (
                        Ok(SystemResult::Ok(ContractResult::Err(e.to_string()))),
                        info,
                    ),
                }
            }
            other => (
                Ok(SystemResult::Err(SystemError::UnsupportedRequest {
                    kind: format!("{other:?}"),
                })),
                GasInfo::free(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::{self, Stub};

    fn deploy(chain: &Chain, spec: Stub) -> String {
        let code = Rc::new(Code {
            name: "stub".into(),
            wasm: client::stub(spec),
        });
        let (addr, report) = chain.instantiate(&code, &chain.account(1), &Empty {}, &[]);
        assert!(report.ok(), "{:?}", report.error);
        addr.unwrap()
    }

    fn stored(chain: &Chain, contract: &str, key: &[u8]) -> Option<Vec<u8>> {
        chain
            .with_store(contract, |s| cosmwasm_std::Storage::get(s, key))
            .unwrap()
    }

    #[test]
    fn one_call_is_one_load_and_pinning_only_changes_the_load_cost() {
        let chain = Chain::new();
        let c = deploy(&chain, Stub::default());
        let r = chain.execute(&chain.account(2), &c, &Empty {}, &[]);
        assert!(r.ok(), "{:?}", r.error);
        assert_eq!(r.loads, 1);
        assert_eq!(r.calls.len(), 1);
        assert!(r.vm_gas > 0, "the VM meters the call");
        assert_eq!(r.kv_gas, 0);
        // The chain reads back the 62-byte JSON result at 1 SDK gas per byte.
        assert_eq!(r.result_gas, 62);
        assert_eq!(r.total(false), r.variable() + 60_000);
        assert_eq!(r.total(true), r.variable() + 2_000);
        // The transaction's own message: contract and code records, pinned flag, two
        // circuit-breaker checks.
        assert_eq!(r.records_gas, 5_564);
        assert_eq!(r.variable(), r.vm_gas + r.records_gas + r.result_gas);
    }

    fn stub_msgs<'a>(contracts: &[&'a str]) -> Vec<(&'a str, Empty)> {
        contracts.iter().map(|c| (*c, Empty {})).collect()
    }

    #[test]
    fn two_calls_to_one_code_pay_one_full_load_and_one_discounted() {
        let chain = Chain::new();
        let c = deploy(&chain, Stub::default());
        let r = chain.execute_msgs(&chain.account(2), &stub_msgs(&[&c, &c]));
        assert!(r.ok(), "{:?}", r.error);
        assert_eq!((r.loads, r.discounted_loads), (1, 1));
        assert_eq!(r.load_gas(false), 60_000 + 2_000);
        assert_eq!(r.load_gas(true), 2_000 + 2_000);
        assert_eq!(r.records_gas, 2 * 5_564);
        assert_eq!(r.total(false) - r.total(true), 58_000);

        // Two contracts of one code: the discount is per checksum, not per contract.
        let twin = deploy(&chain, Stub::default());
        let r = chain.execute_msgs(&chain.account(2), &stub_msgs(&[&c, &twin]));
        assert!(r.ok(), "{:?}", r.error);
        assert_eq!((r.loads, r.discounted_loads), (1, 1));
        assert_eq!(r.load_gas(false), 62_000);
    }

    #[test]
    fn two_codes_pay_two_full_loads_unpinned_and_the_discount_pinned() {
        let chain = Chain::new();
        let a = deploy(&chain, Stub::default());
        let b = deploy(
            &chain,
            Stub {
                write: Some((b"key", b"value")),
                fail: false,
            },
        );
        let r = chain.execute_msgs(&chain.account(2), &stub_msgs(&[&a, &b]));
        assert!(r.ok(), "{:?}", r.error);
        assert_eq!((r.loads, r.discounted_loads), (2, 0));
        assert_eq!(r.load_gas(false), 60_000 + 60_000);
        assert_eq!(r.load_gas(true), 2_000 + 2_000);
        assert_eq!(r.total(false), r.variable() + 120_000);
        assert_eq!(r.total(true), r.variable() + 4_000);
    }

    #[test]
    fn the_discount_lasts_one_transaction() {
        let chain = Chain::new();
        let c = deploy(&chain, Stub::default());
        for _ in 0..2 {
            let r = chain.execute(&chain.account(2), &c, &Empty {}, &[]);
            assert!(r.ok(), "{:?}", r.error);
            assert_eq!((r.loads, r.discounted_loads), (1, 0));
            assert_eq!(r.load_gas(false), 60_000);
        }
    }

    #[test]
    fn a_write_is_charged_with_the_contract_prefix_and_kept() {
        let chain = Chain::new();
        let c = deploy(
            &chain,
            Stub {
                write: Some((b"key", b"value")),
                fail: false,
            },
        );
        let r = chain.execute(&chain.account(2), &c, &Empty {}, &[]);
        assert!(r.ok(), "{:?}", r.error);
        // 2000 + 30 * (33 + 3) + 30 * 5.
        assert_eq!(r.kv_gas, 3_230);
        assert_eq!(r.kv_ops.writes, 1);
        assert_eq!(stored(&chain, &c, b"key"), Some(b"value".to_vec()));

        // A raw query of that key, as another contract would issue it: no load, one read.
        let (value, r) = chain.raw_query(&c, b"key");
        assert_eq!(value.unwrap().as_slice(), b"value");
        assert_eq!(r.loads, 0);
        assert_eq!(r.raw_queries, 1);
        // 1000 + 3 * (33 + 3) + 3 * 5.
        assert_eq!(r.kv_gas, 1_123);
        assert_eq!(r.total(false), 1_123);
    }

    #[test]
    fn a_failed_transaction_is_rolled_back_and_still_charged() {
        let chain = Chain::new();
        let c = deploy(
            &chain,
            Stub {
                write: Some((b"key", b"value")),
                fail: true,
            },
        );
        let r = chain.execute(&chain.account(2), &c, &Empty {}, &[]);
        assert!(!r.ok());
        assert!(r
            .error
            .as_deref()
            .unwrap_or("")
            .contains("refused by the stub"));
        // The write was executed and paid for, then undone with the transaction.
        assert_eq!(r.kv_gas, 3_230);
        assert_eq!(r.loads, 1);
        assert_eq!(stored(&chain, &c, b"key"), None);
        assert!(r.total(false) > 60_000 + 3_230);
    }
}
