//! The gas schedule of a wasmd chain (Cosmos SDK 0.50 KV gas, wasmd 0.5x defaults).
//!
//! Every figure the benchmark reports is built from these constants and from the VM's own
//! metering; nothing else is estimated.

use cosmwasm_std::{Attribute, Event};

/// CosmWasm gas per SDK gas (wasmd `DefaultGasMultiplier`).
pub const GAS_MULTIPLIER: u64 = 140_000;
/// SDK gas charged for loading a contract's module per call (wasmd `DefaultInstanceCost`).
pub const INSTANCE_COST: u64 = 60_000;
/// The same when the code is pinned in memory (wasmd `DefaultInstanceCostDiscount`).
pub const INSTANCE_COST_PINNED: u64 = 2_000;

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
    fn event_gas_has_a_shared_free_tier() {
        // 60 bytes: inside the free tier, only the per-attribute cost.
        let attrs = vec![Attribute::new("a".repeat(10), "b".repeat(50))];
        assert_eq!(event_gas(&attrs, &[]), 10);
        // The custom event's 60 bytes exceed the 40 left by 20.
        let event = Event::new("xy").add_attributes(attrs.clone());
        assert_eq!(event_gas(&attrs, &[event]), 10 + 20 + 2 + (20 + 10));
    }
}
