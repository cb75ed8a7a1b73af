//! Sequence number and rolling hash of a contract's movement events.
//!
//! Every state-changing execution of a contract that keeps an audit trail (the token, the cash
//! adapter) advances one sequence number and folds its response's events into a SHA-256 chain:
//!
//! ```text
//! hash(0)  = 32 zero bytes
//! hash(n)  = sha256( hash(n-1) || u64_be(n) || enc("wasm", attributes) || enc(type, attributes) for each custom event )
//! enc(t, a) = u32_be(len t) || t || u32_be(count a) || for each (k, v): u32_be(len k) || k || u32_be(len v) || v
//! ```
//!
//! The attributes are the response's own, in order, before `audit_seq` and `audit_hash` are
//! appended (an indexer drops those two and wasmd's `_contract_address`; custom events are the
//! contract's `wasm-<type>` events, with the `wasm-` prefix removed). An auditor who recomputes
//! the chain from the events of every transaction and reaches the stored `hash` at the stored
//! `seq` has proved that no event is missing or altered.
//!
//! The state is one raw record at [`AUDIT_KEY`]: `u64_be(seq) || hash` (40 bytes), cheap to read
//! and write on every movement.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Attribute, Event, HexBinary, Response, StdError, StdResult, Storage};
use sha2::{Digest, Sha256};

/// Raw storage key of the audit record (`u64_be(seq) || hash`).
pub const AUDIT_KEY: &[u8] = b"audit";
/// Attribute carrying the new sequence number.
pub const AUDIT_SEQ_ATTR: &str = "audit_seq";
/// Attribute carrying the new rolling hash (lower-case hex).
pub const AUDIT_HASH_ATTR: &str = "audit_hash";

/// The audit trail's head.
#[cw_serde]
#[derive(Eq)]
pub struct AuditResponse {
    /// Number of state-changing executions so far (0 before the first).
    pub seq: u64,
    /// Rolling hash after execution `seq` (32 zero bytes before the first).
    pub hash: HexBinary,
}

/// The head as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuditHead {
    /// Sequence number of the last sealed execution.
    pub seq: u64,
    /// Rolling hash after it.
    pub hash: [u8; 32],
}

impl AuditHead {
    /// The head before any execution.
    pub const GENESIS: AuditHead = AuditHead {
        seq: 0,
        hash: [0u8; 32],
    };

    /// Load the head (genesis when absent).
    pub fn load(storage: &dyn Storage) -> StdResult<Self> {
        match storage.get(AUDIT_KEY) {
            None => Ok(Self::GENESIS),
            Some(raw) if raw.len() == 40 => {
                let mut seq = [0u8; 8];
                seq.copy_from_slice(&raw[..8]);
                let mut hash = [0u8; 32];
                hash.copy_from_slice(&raw[8..]);
                Ok(AuditHead {
                    seq: u64::from_be_bytes(seq),
                    hash,
                })
            }
            Some(raw) => Err(StdError::generic_err(format!(
                "audit record has {} bytes, expected 40",
                raw.len()
            ))),
        }
    }

    fn save(&self, storage: &mut dyn Storage) {
        let mut raw = Vec::with_capacity(40);
        raw.extend_from_slice(&self.seq.to_be_bytes());
        raw.extend_from_slice(&self.hash);
        storage.set(AUDIT_KEY, &raw);
    }

    /// The head after folding one execution's events.
    pub fn next(&self, attributes: &[Attribute], events: &[Event]) -> StdResult<AuditHead> {
        let seq = self
            .seq
            .checked_add(1)
            .ok_or_else(|| StdError::generic_err("audit sequence exhausted"))?;
        Ok(AuditHead {
            seq,
            hash: digest(&self.hash, seq, attributes, events),
        })
    }

    /// The query answer.
    pub fn to_response(&self) -> AuditResponse {
        AuditResponse {
            seq: self.seq,
            hash: HexBinary::from(self.hash.as_slice()),
        }
    }
}

fn encode_event(hasher: &mut Sha256, ty: &str, attributes: &[Attribute]) {
    fn part(hasher: &mut Sha256, bytes: &[u8]) {
        hasher.update((bytes.len() as u32).to_be_bytes());
        hasher.update(bytes);
    }
    part(hasher, ty.as_bytes());
    hasher.update((attributes.len() as u32).to_be_bytes());
    for a in attributes {
        part(hasher, a.key.as_bytes());
        part(hasher, a.value.as_bytes());
    }
}

/// `hash(n)` from `hash(n-1)`, the sequence number `n` and execution `n`'s events.
pub fn digest(prev: &[u8; 32], seq: u64, attributes: &[Attribute], events: &[Event]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(prev);
    hasher.update(seq.to_be_bytes());
    encode_event(&mut hasher, "wasm", attributes);
    for e in events {
        encode_event(&mut hasher, &e.ty, &e.attributes);
    }
    hasher.finalize().into()
}

/// Seal a successful execution: advance the head over the response's events, store it, and
/// append `audit_seq` and `audit_hash` to the response's attributes.
pub fn seal<T>(storage: &mut dyn Storage, response: Response<T>) -> StdResult<Response<T>> {
    let head = AuditHead::load(storage)?.next(&response.attributes, &response.events)?;
    head.save(storage);
    Ok(response
        .add_attribute(AUDIT_SEQ_ATTR, head.seq.to_string())
        .add_attribute(
            AUDIT_HASH_ATTR,
            HexBinary::from(head.hash.as_slice()).to_hex(),
        ))
}

/// Recompute the head from sealed executions' events, as an auditor does: each item is one
/// execution's attributes (with `audit_seq` / `audit_hash` still present or not) and custom
/// events. Returns the head reached.
pub fn replay<'a, I>(executions: I) -> StdResult<AuditHead>
where
    I: IntoIterator<Item = (&'a [Attribute], &'a [Event])>,
{
    let mut head = AuditHead::GENESIS;
    for (attributes, events) in executions {
        let own: Vec<Attribute> = attributes
            .iter()
            .filter(|a| a.key != AUDIT_SEQ_ATTR && a.key != AUDIT_HASH_ATTR)
            .cloned()
            .collect();
        head = head.next(&own, events)?;
    }
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;
    use cosmwasm_std::Empty;

    #[test]
    fn seal_chains_and_replay_recomputes() {
        let mut storage = MockStorage::new();
        assert_eq!(AuditHead::load(&storage).unwrap(), AuditHead::GENESIS);
        let r1: Response<Empty> = Response::new()
            .add_attribute("action", "transfer")
            .add_attribute("amount", "5");
        let r2: Response<Empty> = Response::new()
            .add_attribute("action", "hold")
            .add_event(Event::new("hold_cut").add_attribute("id", "1"));
        let s1 = seal(&mut storage, r1.clone()).unwrap();
        let s2 = seal(&mut storage, r2.clone()).unwrap();
        let head = AuditHead::load(&storage).unwrap();
        assert_eq!(head.seq, 2);
        assert_eq!(
            s2.attributes.last().unwrap().value,
            HexBinary::from(head.hash.as_slice()).to_hex()
        );
        let replayed = replay([
            (s1.attributes.as_slice(), s1.events.as_slice()),
            (s2.attributes.as_slice(), s2.events.as_slice()),
        ])
        .unwrap();
        assert_eq!(replayed, head);
        // A missing execution or an altered amount gives another head.
        let skipped = replay([(s2.attributes.as_slice(), s2.events.as_slice())]).unwrap();
        assert_ne!(skipped.hash, head.hash);
        let mut altered = s1.attributes.clone();
        altered[1].value = "6".into();
        let forged = replay([
            (altered.as_slice(), s1.events.as_slice()),
            (s2.attributes.as_slice(), s2.events.as_slice()),
        ])
        .unwrap();
        assert_ne!(forged.hash, head.hash);
    }

    #[test]
    fn a_malformed_record_is_an_error() {
        let mut storage = MockStorage::new();
        storage.set(AUDIT_KEY, b"short");
        assert!(AuditHead::load(&storage).is_err());
    }
}
