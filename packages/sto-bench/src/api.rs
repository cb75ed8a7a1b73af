//! Address handling as a wasmd chain does it: bech32 with the chain's prefix, and wasmd's gas
//! for each API call.

use bech32::{Bech32, Hrp};
use cosmwasm_vm::{BackendApi, BackendError, BackendResult, GasInfo};

use crate::gas::GAS_MULTIPLIER;

/// wasmd `DefaultGasCostHumanAddress` (SDK gas).
pub const HUMANIZE_COST: u64 = 5;
/// wasmd `DefaultGasCostCanonicalAddress` (SDK gas).
pub const CANONICALIZE_COST: u64 = 4;
/// wasmd `DefaultGasCostValidateAddress` (SDK gas).
pub const VALIDATE_COST: u64 = HUMANIZE_COST + CANONICALIZE_COST;

/// Bech32 addresses with one prefix; account addresses are 20 bytes, contracts 32 (as wasmd).
#[derive(Clone, Copy, Debug)]
pub struct BenchApi {
    prefix: &'static str,
}

impl BenchApi {
    /// An API for addresses with `prefix`.
    pub const fn new(prefix: &'static str) -> Self {
        BenchApi { prefix }
    }

    /// The bech32 address of `bytes`.
    pub fn encode(&self, bytes: &[u8]) -> Result<String, BackendError> {
        let hrp = Hrp::parse(self.prefix).map_err(|e| BackendError::user_err(e.to_string()))?;
        bech32::encode::<Bech32>(hrp, bytes).map_err(|e| BackendError::user_err(e.to_string()))
    }

    fn decode(&self, human: &str) -> Result<Vec<u8>, BackendError> {
        let (hrp, data) =
            bech32::decode(human).map_err(|e| BackendError::user_err(format!("{human}: {e}")))?;
        if hrp.as_str() != self.prefix {
            return Err(BackendError::user_err(format!(
                "{human}: wrong prefix, expected {}",
                self.prefix
            )));
        }
        if data.is_empty() || data.len() > 255 {
            return Err(BackendError::user_err(format!("{human}: invalid length")));
        }
        Ok(data)
    }
}

fn vm_cost(sdk_gas: u64) -> GasInfo {
    GasInfo::with_cost(sdk_gas * GAS_MULTIPLIER)
}

impl BackendApi for BenchApi {
    fn addr_validate(&self, input: &str) -> BackendResult<()> {
        let result = self.decode(input).and_then(|bytes| {
            // wasmd: the address must round-trip (so it is normalized, lower-case).
            if self.encode(&bytes)? == input {
                Ok(())
            } else {
                Err(BackendError::user_err(format!("{input}: not normalized")))
            }
        });
        (result, vm_cost(VALIDATE_COST))
    }

    fn addr_canonicalize(&self, human: &str) -> BackendResult<Vec<u8>> {
        (self.decode(human), vm_cost(CANONICALIZE_COST))
    }

    fn addr_humanize(&self, canonical: &[u8]) -> BackendResult<String> {
        let result = if canonical.is_empty() || canonical.len() > 255 {
            Err(BackendError::user_err("invalid canonical address length"))
        } else {
            self.encode(canonical)
        };
        (result, vm_cost(HUMANIZE_COST))
    }
}
