//! The benchmark's contract storage: an in-memory KV store per contract that charges Cosmos SDK
//! KV gas on every access and reports it to the VM in `GasInfo`, as wasmd's gas KV store does.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::rc::Rc;

use cosmwasm_std::{Order, Record};
use cosmwasm_vm::{BackendError, BackendResult, GasInfo, Storage};

use crate::gas::{self, GAS_MULTIPLIER};

/// One contract's key-value store.
pub type Kv = BTreeMap<Vec<u8>, Vec<u8>>;
/// A contract store shared between the chain and the instances running on it.
pub type SharedKv = Rc<RefCell<Kv>>;

/// Counts of storage operations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct KvOps {
    /// Reads (`db_read`), including raw queries.
    pub reads: u32,
    /// Writes (`db_write`).
    pub writes: u32,
    /// Deletes (`db_remove`).
    pub deletes: u32,
    /// Iterators opened and steps taken.
    pub iter_steps: u32,
}

/// SDK KV gas and operation counts, accumulated where a call's storage access is charged.
#[derive(Debug, Default)]
pub struct KvMeter {
    gas: Cell<u64>,
    ops: Cell<KvOps>,
}

/// Whether `STO_BENCH_TRACE` is set: every storage access is then printed to stderr with its
/// key, value length and SDK gas, to see where an operation's storage gas goes.
pub fn tracing() -> bool {
    static TRACE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TRACE.get_or_init(|| std::env::var_os("STO_BENCH_TRACE").is_some())
}

/// Print one storage access when [`tracing`].
pub fn trace(op: &str, key: &[u8], value_len: usize, sdk_gas: u64) {
    if tracing() {
        eprintln!(
            "  {op:<6} {sdk_gas:>6} key {:>3} value {value_len:>4}  {}",
            key.len(),
            String::from_utf8_lossy(key).escape_debug()
        );
    }
}

impl KvMeter {
    /// SDK gas charged so far.
    pub fn gas(&self) -> u64 {
        self.gas.get()
    }

    /// Operations counted so far.
    pub fn ops(&self) -> KvOps {
        self.ops.get()
    }

    /// Charge `sdk_gas` for one operation counted by `count`; returns the VM's `GasInfo`.
    pub fn charge(&self, sdk_gas: u64, count: impl FnOnce(&mut KvOps)) -> GasInfo {
        self.gas.set(self.gas.get() + sdk_gas);
        let mut ops = self.ops.get();
        count(&mut ops);
        self.ops.set(ops);
        // wasmd hands the VM a gas meter multiplied to VM units: storage gas is "used
        // externally", so the VM lowers the call's remaining gas by it.
        GasInfo::with_externally_used(sdk_gas * GAS_MULTIPLIER)
    }
}

/// One undone change: the store, the key, and the value before the change (`None`: absent).
type UndoEntry = (SharedKv, Vec<u8>, Option<Vec<u8>>);

/// Undo log of a transaction, so a failed transaction (or failed sub-message) leaves no trace.
#[derive(Default)]
pub struct Journal {
    entries: RefCell<Vec<UndoEntry>>,
}

impl Journal {
    /// Current position, to roll back to.
    pub fn checkpoint(&self) -> usize {
        self.entries.borrow().len()
    }

    /// Undo every change made since `checkpoint`.
    pub fn rollback(&self, checkpoint: usize) {
        let undone: Vec<_> = self.entries.borrow_mut().drain(checkpoint..).collect();
        for (kv, key, old) in undone.into_iter().rev() {
            let mut kv = kv.borrow_mut();
            match old {
                Some(value) => kv.insert(key, value),
                None => kv.remove(&key),
            };
        }
    }

    /// Forget the undo log (the transaction is committed).
    pub fn commit(&self) {
        self.entries.borrow_mut().clear();
    }

    fn record(&self, kv: &SharedKv, key: &[u8], old: Option<Vec<u8>>) {
        self.entries
            .borrow_mut()
            .push((Rc::clone(kv), key.to_vec(), old));
    }
}

struct Iter {
    start: Option<Vec<u8>>,
    end: Option<Vec<u8>>,
    order: Order,
    /// Next item to return (wasmd's iterator sits on it); `None` when exhausted.
    current: Option<Vec<u8>>,
}

/// The storage backend handed to one contract instance.
pub struct BenchStorage {
    kv: SharedKv,
    meter: Rc<KvMeter>,
    journal: Rc<Journal>,
    iterators: HashMap<u32, Iter>,
    next_iterator: u32,
}

impl BenchStorage {
    /// Storage over `kv`, charging `meter`, logging changes in `journal`.
    pub fn new(kv: SharedKv, meter: Rc<KvMeter>, journal: Rc<Journal>) -> Self {
        BenchStorage {
            kv,
            meter,
            journal,
            iterators: HashMap::new(),
            next_iterator: 1,
        }
    }

    /// First key of the range at or after (ascending) / before (descending) `from`.
    fn seek(&self, it: &Iter, after: Option<&[u8]>) -> Option<(Vec<u8>, Vec<u8>)> {
        let kv = self.kv.borrow();
        let lower = match (&it.start, it.order, after) {
            (_, Order::Ascending, Some(k)) => Bound::Excluded(k.to_vec()),
            (Some(s), _, _) => Bound::Included(s.clone()),
            (None, _, _) => Bound::Unbounded,
        };
        let upper = match (&it.end, it.order, after) {
            (_, Order::Descending, Some(k)) => Bound::Excluded(k.to_vec()),
            (Some(e), _, _) => Bound::Excluded(e.clone()),
            (None, _, _) => Bound::Unbounded,
        };
        if let (Bound::Included(l) | Bound::Excluded(l), Bound::Excluded(u)) = (&lower, &upper) {
            if l >= u {
                return None;
            }
        }
        let mut range = kv.range((lower, upper));
        let item = match it.order {
            Order::Ascending => range.next(),
            Order::Descending => range.next_back(),
        };
        item.map(|(k, v)| (k.clone(), v.clone()))
    }
}

impl Storage for BenchStorage {
    fn get(&self, key: &[u8]) -> BackendResult<Option<Vec<u8>>> {
        let value = self.kv.borrow().get(key).cloned();
        let cost = gas::read_gas(key.len(), value.as_ref().map_or(0, Vec::len));
        trace("read", key, value.as_ref().map_or(0, Vec::len), cost);
        (Ok(value), self.meter.charge(cost, |o| o.reads += 1))
    }

    fn scan(
        &mut self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: Order,
    ) -> BackendResult<u32> {
        let mut it = Iter {
            start: start.map(<[u8]>::to_vec),
            end: end.map(<[u8]>::to_vec),
            order,
            current: None,
        };
        let first = self.seek(&it, None);
        // The SDK's gas iterator charges a seek over the first item when it is opened.
        let cost = gas::iter_step_gas(first.as_ref().map(|(k, v)| (k.len(), v.len())));
        it.current = first.map(|(k, _)| k);
        let id = self.next_iterator;
        self.next_iterator += 1;
        self.iterators.insert(id, it);
        (Ok(id), self.meter.charge(cost, |o| o.iter_steps += 1))
    }

    fn next(&mut self, iterator_id: u32) -> BackendResult<Option<Record>> {
        let Some(it) = self.iterators.get(&iterator_id) else {
            return (
                Err(BackendError::iterator_does_not_exist(iterator_id)),
                GasInfo::free(),
            );
        };
        let Some(key) = it.current.clone() else {
            // wasmvm returns at once from an invalid iterator: no gas.
            return (Ok(None), GasInfo::free());
        };
        let value = self.kv.borrow().get(&key).cloned().unwrap_or_default();
        // Stepping charges the item being left (key and value), as the SDK's `Next` does.
        let cost = gas::iter_step_gas(Some((key.len(), value.len())));
        let following = self.seek(it, Some(&key)).map(|(k, _)| k);
        if let Some(it) = self.iterators.get_mut(&iterator_id) {
            it.current = following;
        }
        (
            Ok(Some((key, value))),
            self.meter.charge(cost, |o| o.iter_steps += 1),
        )
    }

    fn set(&mut self, key: &[u8], value: &[u8]) -> BackendResult<()> {
        let old = self.kv.borrow_mut().insert(key.to_vec(), value.to_vec());
        self.journal.record(&self.kv, key, old);
        let cost = gas::write_gas(key.len(), value.len());
        trace("write", key, value.len(), cost);
        (Ok(()), self.meter.charge(cost, |o| o.writes += 1))
    }

    fn remove(&mut self, key: &[u8]) -> BackendResult<()> {
        let old = self.kv.borrow_mut().remove(key);
        self.journal.record(&self.kv, key, old);
        (
            Ok(()),
            self.meter.charge(gas::DELETE_COST, |o| o.deletes += 1),
        )
    }
}

/// Gas-free access to a contract store, to write setup state (e.g. 100,000 holders) in the
/// contract's own cw-storage-plus layout without executing messages.
pub struct SetupStorage<'a>(pub &'a mut Kv);

impl cosmwasm_std::Storage for SetupStorage<'_> {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.0.get(key).cloned()
    }

    fn range<'a>(
        &'a self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: Order,
    ) -> Box<dyn Iterator<Item = Record> + 'a> {
        let lower = start.map_or(Bound::Unbounded, |s| Bound::Included(s.to_vec()));
        let upper = end.map_or(Bound::Unbounded, |e| Bound::Excluded(e.to_vec()));
        if let (Some(s), Some(e)) = (start, end) {
            if s >= e {
                return Box::new(std::iter::empty());
            }
        }
        let range = self
            .0
            .range((lower, upper))
            .map(|(k, v)| (k.clone(), v.clone()));
        match order {
            Order::Ascending => Box::new(range),
            Order::Descending => Box::new(range.rev()),
        }
    }

    fn set(&mut self, key: &[u8], value: &[u8]) {
        self.0.insert(key.to_vec(), value.to_vec());
    }

    fn remove(&mut self, key: &[u8]) {
        self.0.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn storage() -> (BenchStorage, Rc<KvMeter>, Rc<Journal>) {
        let meter = Rc::new(KvMeter::default());
        let journal = Rc::new(Journal::default());
        let s = BenchStorage::new(
            Rc::new(RefCell::new(Kv::new())),
            Rc::clone(&meter),
            Rc::clone(&journal),
        );
        (s, meter, journal)
    }

    #[test]
    fn write_then_read_charges_sdk_kv_gas_with_the_contract_prefix() {
        let (mut s, meter, _) = storage();
        // key "balance" + 43-char address = 52 bytes (as cw-storage-plus would store it
        // without its length prefix: the figure only depends on the length), value `"100"`.
        let key = vec![b'k'; 52];
        let value = b"\"100\"".to_vec();
        let (r, info) = s.set(&key, &value);
        r.unwrap();
        // 2000 + 30 * (33 + 52) + 30 * 5 = 4,700 SDK gas.
        assert_eq!(meter.gas(), 4_700);
        assert_eq!(info.externally_used, 4_700 * GAS_MULTIPLIER);
        assert_eq!(info.cost, 0);

        let (r, info) = s.get(&key);
        assert_eq!(r.unwrap(), Some(value));
        // 1000 + 3 * (33 + 52) + 3 * 5 = 1,270 SDK gas.
        assert_eq!(info.externally_used, 1_270 * GAS_MULTIPLIER);
        assert_eq!(meter.gas(), 4_700 + 1_270);

        // Missing key: flat + key bytes only.
        let (r, info) = s.get(b"nope");
        assert_eq!(r.unwrap(), None);
        assert_eq!(info.externally_used, (1_000 + 3 * 37) * GAS_MULTIPLIER);

        // Delete: flat.
        let (r, info) = s.remove(&key);
        r.unwrap();
        assert_eq!(info.externally_used, 1_000 * GAS_MULTIPLIER);
        assert_eq!(
            meter.ops(),
            KvOps {
                reads: 2,
                writes: 1,
                deletes: 1,
                iter_steps: 0
            }
        );
    }

    #[test]
    fn iterators_charge_the_open_and_each_step_and_respect_bounds() {
        let (mut s, meter, _) = storage();
        for k in [b"a1", b"a2", b"b1"] {
            s.set(k, b"vv").0.unwrap();
        }
        let base = meter.gas();
        // Ascending over [a, b): opening seeks over "a1" (30 + 3 * (33 + 2 + 2)).
        let (id, _) = s.scan(Some(b"a"), Some(b"b"), Order::Ascending);
        let id = id.unwrap();
        assert_eq!(meter.gas() - base, 141);
        let (first, info) = s.next(id);
        assert_eq!(first.unwrap(), Some((b"a1".to_vec(), b"vv".to_vec())));
        assert_eq!(info.externally_used, 141 * GAS_MULTIPLIER);
        assert_eq!(s.next(id).0.unwrap().unwrap().0, b"a2".to_vec());
        let (end, info) = s.next(id);
        assert_eq!(end.unwrap(), None);
        assert_eq!(info.externally_used, 0);
        // Descending over everything.
        let (id, _) = s.scan(None, None, Order::Descending);
        let id = id.unwrap();
        let keys: Vec<_> = (0..3).map(|_| s.next(id).0.unwrap().unwrap().0).collect();
        assert_eq!(keys, vec![b"b1".to_vec(), b"a2".to_vec(), b"a1".to_vec()]);
        assert_eq!(s.next(id).0.unwrap(), None);
    }

    #[test]
    fn rollback_restores_the_store() {
        let (mut s, _, journal) = storage();
        s.set(b"k", b"1").0.unwrap();
        journal.commit();
        let cp = journal.checkpoint();
        s.set(b"k", b"2").0.unwrap();
        s.set(b"n", b"3").0.unwrap();
        s.remove(b"k").0.unwrap();
        journal.rollback(cp);
        assert_eq!(s.get(b"k").0.unwrap(), Some(b"1".to_vec()));
        assert_eq!(s.get(b"n").0.unwrap(), None);
    }
}
