//! The gas schedule of a wasmd chain (Cosmos SDK 0.50 KV gas, wasmd 0.5x defaults).
//!
//! Every figure the benchmark reports is built from these constants and from the VM's own
//! metering; nothing else is estimated.

use cosmwasm_std::{Attribute, Event};

/// CosmWasm gas per SDK gas (wasmd `DefaultGasMultiplier`).
pub const GAS_MULTIPLIER: u64 = 140_000;
/// SDK gas charged for loading a contract's module (wasmd `DefaultInstanceCost`), by
/// `SetupContractCost(discount = false, ..)`: the first call to a code checksum in a transaction
/// (execute, sub-message execute or smart query) of a code that is not pinned.
pub const INSTANCE_COST: u64 = 60_000;
/// The discounted load (wasmd `DefaultInstanceCostDiscount`), charged by
/// `SetupContractCost(discount = true, ..)` when `checkDiscountEligibility` finds the code
/// pinned or its checksum already in the transaction's `TxContracts` (set up by the
/// `TxContractsDecorator` ante handler, a map of checksums shared by the whole transaction:
/// sub-messages and queries add to it, a failed sub-message does not remove from it), and by
/// every `reply` (`ReplyCosts(discount = true, ..)`).
pub const INSTANCE_COST_DISCOUNT: u64 = 2_000;
/// The load cost of a pinned code: always the discount.
pub const INSTANCE_COST_PINNED: u64 = INSTANCE_COST_DISCOUNT;
/// wasmd `DefaultContractMessageDataCost`: SDK gas per byte of the message passed to a contract
/// (0 on wasmd v0.60.8; kept so the schedule names it).
pub const CONTRACT_MESSAGE_DATA_COST: u64 = 0;

/// Key of wasmd's contract record: `0x02 || contract address (32 bytes)`.
pub const CONTRACT_INFO_KEY_LEN: usize = 33;
/// Key of wasmd's code record: `0x01 || code id (u64 big endian)`.
pub const CODE_INFO_KEY_LEN: usize = 9;
/// Protobuf `CodeInfo` of a suite code: 32-byte checksum (34 bytes with its tag), bech32 creator
/// (45), instantiate permission (4).
pub const CODE_INFO_VALUE_LEN: usize = 83;
/// Protobuf `ContractInfo` of a suite contract (code id, bech32 creator, label, created
/// position): what is left of the 5,564 measured per message on wasmd v0.60.8 (see
/// [`TOP_LEVEL_CALL_RECORDS`]) once the code record is counted.
pub const CONTRACT_INFO_VALUE_LEN: usize = 63;
/// `IsPinnedCode`: one `Has` of `0x07 || code id` on every execute and smart query (not reply).
pub const PINNED_CHECK_COST: u64 = HAS_COST;
/// x/circuit `IsAllowed` (`DisableList.Has(msg type url)`), one `Has`: once in the ante handler
/// (`CircuitBreakerDecorator`) for each message of the transaction, and once in the message
/// router for every message routed, the transaction's own and each sub-message (wasm or bank).
/// Queries and replies are not routed.
pub const CIRCUIT_BREAKER_CHECK_COST: u64 = HAS_COST;
/// wasmd `contractInstance`: the contract record and the code record, read on every execute,
/// sub-message execute, smart query and reply (not on raw queries).
pub const CONTRACT_RECORDS_READ: u64 =
    plain_read_gas(CONTRACT_INFO_KEY_LEN, CONTRACT_INFO_VALUE_LEN)
        + plain_read_gas(CODE_INFO_KEY_LEN, CODE_INFO_VALUE_LEN);
/// Records of a transaction's own execute message: both records, the pinned flag, two
/// circuit-breaker checks. Measured on wasmd v0.60.8: 5,564 per message (CHAIN.md).
pub const TOP_LEVEL_CALL_RECORDS: u64 =
    CONTRACT_RECORDS_READ + PINNED_CHECK_COST + 2 * CIRCUIT_BREAKER_CHECK_COST;
/// Records of an execute sub-message: both records, the pinned flag, the router's circuit check.
pub const SUB_MESSAGE_CALL_RECORDS: u64 =
    CONTRACT_RECORDS_READ + PINNED_CHECK_COST + CIRCUIT_BREAKER_CHECK_COST;
/// Records of a smart query (`QuerySmart`): both records and the pinned flag.
pub const SMART_QUERY_RECORDS: u64 = CONTRACT_RECORDS_READ + PINNED_CHECK_COST;
/// Records of a reply: both records only (a reply is always discounted, no pinned check).
pub const REPLY_RECORDS: u64 = CONTRACT_RECORDS_READ;
/// A bank sub-message: only the router's circuit check (its KV gas is x/bank's).
pub const BANK_SUB_MESSAGE_RECORDS: u64 = CIRCUIT_BREAKER_CHECK_COST;

/// The cost of loading a contract for one call: `first_in_tx` when its code checksum was not
/// called before in the transaction (wasmd `checkDiscountEligibility`).
pub const fn load_cost(first_in_tx: bool, pinned: bool) -> u64 {
    if first_in_tx && !pinned {
        INSTANCE_COST
    } else {
        INSTANCE_COST_DISCOUNT
    }
}

/// Length of wasmd's per-contract store prefix: `0x03 || contract address (32 bytes)`.
/// The SDK's gas KV store sits below the prefix store, so every key it charges includes it.
pub const CONTRACT_PREFIX_LEN: u64 = 33;

/// Cosmos SDK `KVGasConfig`: flat cost of a read.
pub const READ_COST_FLAT: u64 = 1_000;
/// Per byte of key and value read.
pub const READ_COST_PER_BYTE: u64 = 3;
/// Flat cost of a write.
pub const WRITE_COST_FLAT: u64 = 2_000;
/// Per byte of key and value written.
pub const WRITE_COST_PER_BYTE: u64 = 30;
/// Flat cost of `has`.
pub const HAS_COST: u64 = 1_000;
/// Flat cost of a delete.
pub const DELETE_COST: u64 = 1_000;
/// Flat cost of one iterator step (also charged when the iterator is opened).
pub const ITER_NEXT_COST_FLAT: u64 = 30;
/// Per byte of key and value of the item an iterator steps over.
pub const ITER_VALUE_COST_PER_BYTE: u64 = 3;

/// wasmd: SDK gas per attribute of a contract's events.
pub const EVENT_PER_ATTRIBUTE_COST: u64 = 10;
/// wasmd: SDK gas per byte of attribute keys and values (and custom event types).
pub const EVENT_ATTRIBUTE_DATA_COST: u64 = 1;
/// wasmd: attribute bytes free of charge per contract response.
pub const EVENT_ATTRIBUTE_DATA_FREE_TIER: u64 = 100;
/// wasmd: SDK gas per custom event.
pub const CUSTOM_EVENT_COST: u64 = 20;
/// wasmd `DefaultDeserializationCostPerByte`: SDK gas per byte of the JSON result a contract
/// returns to the chain.
pub const DESERIALIZATION_COST_PER_BYTE: u64 = 1;

/// SDK gas of reading `key` (without prefix) of a contract store, holding `value_len` bytes
/// (0 when absent).
pub const fn read_gas(key_len: usize, value_len: usize) -> u64 {
    READ_COST_FLAT
        + READ_COST_PER_BYTE * (CONTRACT_PREFIX_LEN + key_len as u64)
        + READ_COST_PER_BYTE * value_len as u64
}

/// SDK gas of writing `value_len` bytes under `key` (without prefix) of a contract store.
pub const fn write_gas(key_len: usize, value_len: usize) -> u64 {
    WRITE_COST_FLAT
        + WRITE_COST_PER_BYTE * (CONTRACT_PREFIX_LEN + key_len as u64)
        + WRITE_COST_PER_BYTE * value_len as u64
}

/// SDK gas of one iterator step over an item (`None`: the iterator is exhausted).
pub const fn iter_step_gas(item: Option<(usize, usize)>) -> u64 {
    match item {
        Some((key_len, value_len)) => {
            ITER_NEXT_COST_FLAT
                + ITER_VALUE_COST_PER_BYTE * (CONTRACT_PREFIX_LEN + key_len as u64)
                + ITER_VALUE_COST_PER_BYTE * value_len as u64
        }
        None => ITER_NEXT_COST_FLAT,
    }
}

/// SDK gas of a read outside contract stores (bank balances), with the full key length.
pub const fn plain_read_gas(full_key_len: usize, value_len: usize) -> u64 {
    READ_COST_FLAT + READ_COST_PER_BYTE * (full_key_len as u64 + value_len as u64)
}

/// SDK gas of a write outside contract stores (bank balances), with the full key length.
pub const fn plain_write_gas(full_key_len: usize, value_len: usize) -> u64 {
    WRITE_COST_FLAT + WRITE_COST_PER_BYTE * (full_key_len as u64 + value_len as u64)
}

/// SDK gas for the VM gas of one contract call, as wasmd converts it (integer division).
pub const fn sdk_from_vm(vm_gas: u64) -> u64 {
    vm_gas / GAS_MULTIPLIER
}

/// wasmd `ReplyCosts` beyond the discounted load: the events of the sub-message's result passed
/// to `reply` (1 per byte of each event type, then the attributes of all events together with one
/// free tier), plus [`CONTRACT_MESSAGE_DATA_COST`] per byte of the result's data or error.
pub fn reply_event_gas(events: &[Event], data_len: usize) -> u64 {
    let types: u64 = events
        .iter()
        .map(|e| e.ty.len() as u64 * EVENT_ATTRIBUTE_DATA_COST)
        .sum();
    let attributes: Vec<Attribute> = events
        .iter()
        .flat_map(|e| e.attributes.iter().cloned())
        .collect();
    types
        + attribute_gas(&attributes, EVENT_ATTRIBUTE_DATA_FREE_TIER).0
        + data_len as u64 * CONTRACT_MESSAGE_DATA_COST
}

/// wasmd `EventCosts`: the response's attributes, then each custom event, sharing one free tier.
pub fn event_gas(attributes: &[Attribute], events: &[Event]) -> u64 {
    let (mut gas, mut free) = attribute_gas(attributes, EVENT_ATTRIBUTE_DATA_FREE_TIER);
    for event in events {
        gas += CUSTOM_EVENT_COST + event.ty.len() as u64 * EVENT_ATTRIBUTE_DATA_COST;
        let (g, f) = attribute_gas(&event.attributes, free);
        gas += g;
        free = f;
    }
    gas
}

fn attribute_gas(attributes: &[Attribute], free_tier: u64) -> (u64, u64) {
    if attributes.is_empty() {
        return (0, free_tier);
    }
    let bytes: u64 = attributes
        .iter()
        .map(|a| (a.key.len() + a.value.len()) as u64)
        .sum();
    let (charged, free_left) = if bytes <= free_tier {
        (0, free_tier - bytes)
    } else {
        (bytes - free_tier, 0)
    };
    (
        charged * EVENT_ATTRIBUTE_DATA_COST + attributes.len() as u64 * EVENT_PER_ATTRIBUTE_COST,
        free_left,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kv_schedule_includes_the_contract_prefix() {
        // 7-byte key, 10-byte value: 1000 + 3 * (33 + 7) + 3 * 10.
        assert_eq!(read_gas(7, 10), 1_150);
        // 2000 + 30 * (33 + 7) + 30 * 10.
        assert_eq!(write_gas(7, 10), 3_500);
        assert_eq!(iter_step_gas(Some((7, 10))), 30 + 120 + 30);
        assert_eq!(iter_step_gas(None), 30);
        assert_eq!(sdk_from_vm(GAS_MULTIPLIER * 3 - 1), 2);
    }

    #[test]
    fn the_per_message_records_match_the_chain() {
        // wasmd v0.60.8, measured: a transaction's own execute message costs 5,564 beyond the
        // contract's gas and the load (CHAIN.md).
        assert_eq!(TOP_LEVEL_CALL_RECORDS, 5_564);
        assert_eq!(SUB_MESSAGE_CALL_RECORDS, 4_564);
        assert_eq!(SMART_QUERY_RECORDS, 3_564);
        assert_eq!(REPLY_RECORDS, 2_564);
    }

    #[test]
    fn only_the_first_unpinned_call_to_a_code_pays_the_full_load() {
        assert_eq!(load_cost(true, false), 60_000);
        assert_eq!(load_cost(false, false), 2_000);
        assert_eq!(load_cost(true, true), 2_000);
        assert_eq!(load_cost(false, true), 2_000);
    }

    #[test]
    fn reply_events_share_one_free_tier() {
        // Two events of 60 attribute bytes each: 20 over the free tier, 2 attributes, 4 + 4
        // bytes of event types.
        let attrs = vec![Attribute::new("a".repeat(10), "b".repeat(50))];
        let events = [
            Event::new("wasm").add_attributes(attrs.clone()),
            Event::new("wasm").add_attributes(attrs),
        ];
        assert_eq!(reply_event_gas(&events, 100), 8 + 20 + 2 * 10);
    }

    #[test]
    fn event_gas_has_a_shared_free_tier() {
        // 60 bytes: inside the free tier, only the per-attribute cost.
        let attrs = vec![Attribute::new("a".repeat(10), "b".repeat(50))];
        assert_eq!(event_gas(&attrs, &[]), 10);
        // The custom event's 60 bytes exceed the 40 left by 20.
        let event = Event::new("xy").add_attributes(attrs.clone());
        assert_eq!(event_gas(&attrs, &[event]), 10 + 20 + 2 + (20 + 10));
    }
}
