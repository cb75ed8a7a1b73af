//! A test notary: a minimal contract that receives `hold_placed` notifications from the token or
//! the cash adapter, records them, refuses them on demand, and forwards any message (e.g.
//! `execute_hold`, `release_hold`) as the notary.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdError, StdResult,
    WasmMsg,
};
use cw_multi_test::{Contract, ContractWrapper};
use cw_storage_plus::{Item, Map};
use sto_interface::hold::{Hold, HoldPlaced};

/// Messages of the test notary. `hold_placed` has the wire shape of
/// `sto_interface::hold::NotaryExecuteMsg::HoldPlaced`.
#[cw_serde]
pub enum NotaryStubMsg {
    /// The notification; refused while `refuse` is set.
    HoldPlaced(HoldPlaced),
    /// Refuse (or accept again) every notification.
    SetRefuse {
        /// Whether to refuse.
        refuse: bool,
    },
    /// Execute `msg` on `contract` as the notary.
    Forward {
        /// Contract to call.
        contract: String,
        /// The message, JSON.
        msg: Binary,
    },
}

/// Queries of the test notary.
#[cw_serde]
pub enum NotaryStubQuery {
    /// Every notification received, oldest first.
    Notifications {},
}

/// One recorded notification.
#[cw_serde]
pub struct Notification {
    /// The contract keeping the hold (the caller).
    pub from: String,
    /// The hold as notified.
    pub hold: Hold,
    /// The placer's message.
    pub msg: Option<Binary>,
}

const REFUSE: Item<bool> = Item::new("refuse");
const SEQ: Item<u64> = Item::new("seq");
const NOTIFICATIONS: Map<u64, Notification> = Map::new("notifications");

fn instantiate(_: DepsMut, _: Env, _: MessageInfo, _: Empty) -> StdResult<Response> {
    Ok(Response::new())
}

fn execute(deps: DepsMut, _: Env, info: MessageInfo, msg: NotaryStubMsg) -> StdResult<Response> {
    match msg {
        NotaryStubMsg::HoldPlaced(placed) => {
            if REFUSE.may_load(deps.storage)?.unwrap_or(false) {
                return Err(StdError::generic_err("notary refuses the hold"));
            }
            let seq = SEQ.may_load(deps.storage)?.unwrap_or(0) + 1;
            SEQ.save(deps.storage, &seq)?;
            NOTIFICATIONS.save(
                deps.storage,
                seq,
                &Notification {
                    from: info.sender.to_string(),
                    hold: placed.hold,
                    msg: placed.msg,
                },
            )?;
            Ok(Response::new().add_attribute("action", "hold_noted"))
        }
        NotaryStubMsg::SetRefuse { refuse } => {
            REFUSE.save(deps.storage, &refuse)?;
            Ok(Response::new())
        }
        NotaryStubMsg::Forward { contract, msg } => {
            Ok(Response::new().add_message(WasmMsg::Execute {
                contract_addr: contract,
                msg,
                funds: vec![],
            }))
        }
    }
}

fn query(deps: Deps, _: Env, msg: NotaryStubQuery) -> StdResult<Binary> {
    match msg {
        NotaryStubQuery::Notifications {} => {
            let all: Vec<Notification> = NOTIFICATIONS
                .range(deps.storage, None, None, cosmwasm_std::Order::Ascending)
                .map(|r| r.map(|(_, n)| n))
                .collect::<StdResult<_>>()?;
            to_json_binary(&all)
        }
    }
}

/// The test notary's entry points.
pub fn notary_stub() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(execute, instantiate, query))
}
