//! Ballots at a record height: one vote per unit of a security token held at the record height.
//!
//! * **Open** ([`ExecuteMsg::OpenBallot`]): a holder of the token's own `issuer` or
//!   `paying_agent` role names the token, a future record height (the ballots contract opens it
//!   on the token with `open_checkpoint`), 2 to [`MAX_OPTIONS`] options, a voting window
//!   `[start, end)` in block time and a quorum as a share of the supply at the record height.
//! * **Vote** ([`ExecuteMsg::Vote`]): from the record height on and inside the window, the
//!   holder wallet, or a hold operator of that wallet on the token (a custodian), votes with the
//!   wallet's record balance. A later vote moves the wallet's weight to the new option.
//! * **Result** ([`QueryMsg::Result`]) at any time, final once `now >= end`;
//!   [`ExecuteMsg::Close`] records it once the window is over.
//!
//! Every execute but a vote is sealed into the contract's audit trail ([`QueryMsg::Audit`]).
//! Each ballot keeps its own vote trail instead ([`QueryMsg::VoteTrail`]): every vote advances
//! the ballot's sequence number and rolling hash with the audit trail's step
//! ([`AuditHead::next`](crate::audit::AuditHead::next)) over the vote's attributes, and carries
//! the new head as [`VOTE_SEQ_ATTR`] and [`VOTE_HASH_ATTR`].

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{
    to_json_binary, Addr, CosmosMsg, CustomQuery, Decimal, HexBinary, QuerierWrapper, StdResult,
    Timestamp, Uint128, WasmMsg,
};

use crate::audit::AuditResponse;
use sto_access::{Ownership, OwnershipAction};

/// Fewest options of a ballot.
pub const MIN_OPTIONS: usize = 2;
/// Most options of a ballot (a vote loops over at most this many counters).
pub const MAX_OPTIONS: usize = 16;
/// Longest option label, in bytes.
pub const MAX_LABEL_LEN: usize = 32;
/// Longest ballot title, in bytes.
pub const MAX_TITLE_LEN: usize = 128;
/// Latest end of a voting window, in seconds after the opening (one 365-day year).
pub const MAX_WINDOW_HORIZON: u64 = 365 * 24 * 3600;
/// Attribute of a vote carrying the ballot's new vote sequence number.
pub const VOTE_SEQ_ATTR: &str = "vote_seq";
/// Attribute of a vote carrying the ballot's new vote hash (lower-case hex).
pub const VOTE_HASH_ATTR: &str = "vote_hash";

/// Instantiate the ballots contract.
#[cw_serde]
pub struct InstantiateMsg {
    /// Owner (two-step ownership); the sender when absent.
    pub owner: Option<String>,
}

/// Execute messages.
#[cw_serde]
pub enum ExecuteMsg {
    /// Open a ballot on `token`. The sender must hold the token's own `issuer` or
    /// `paying_agent` role. The contract opens `record_height` on the token as a record height
    /// (it needs the token's `checkpoint_opener` role).
    OpenBallot {
        /// The security token whose holders vote.
        token: String,
        /// Record height: strictly after the current block height and at most
        /// `MAX_CHECKPOINT_LEAD` blocks ahead. Votes weigh the balance at the start of it.
        record_height: u64,
        /// Title or reference of the resolution (1 to 128 bytes).
        title: String,
        /// Option labels, 2 to 16, each 1 to 32 bytes, distinct. Votes name an option by its
        /// index (0-based).
        options: Vec<String>,
        /// First second of the voting window (not before the current block time).
        start: Timestamp,
        /// End of the voting window (exclusive): after `start`, at most one year after now.
        end: Timestamp,
        /// Quorum: share of the supply at the record height that must vote (0 to 1). The
        /// threshold in units is rounded up.
        quorum: Decimal,
    },
    /// Cast or change the vote of `wallet` (the sender when absent) on a ballot. The sender is
    /// the wallet itself or a hold operator of the wallet on the ballot's token (a custodian).
    Vote {
        /// Ballot id.
        ballot_id: u64,
        /// Index of the chosen option.
        option: u8,
        /// The wallet whose record balance votes; the sender when absent.
        wallet: Option<String>,
    },
    /// Record the final result of a ballot whose window is over (anyone, once).
    Close {
        /// Ballot id.
        ballot_id: u64,
    },
    /// Two-step ownership transfer: propose (owner), accept (pending owner), renounce (owner).
    UpdateOwnership(OwnershipAction),
}

/// Query messages.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// One ballot's terms.
    #[returns(Ballot)]
    Ballot {
        /// Ballot id.
        id: u64,
    },
    /// Ballots in id order, one page.
    #[returns(BallotsResponse)]
    Ballots {
        /// Last id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 30, at most 100).
        limit: Option<u32>,
    },
    /// The stored vote of a wallet on a ballot.
    #[returns(VoteResponse)]
    VoteOf {
        /// Ballot id.
        ballot_id: u64,
        /// Wallet asked about.
        wallet: String,
    },
    /// Stored votes of a ballot in wallet order, one page.
    #[returns(VotesResponse)]
    Votes {
        /// Ballot id.
        ballot_id: u64,
        /// Last wallet of the previous page.
        start_after: Option<String>,
        /// Page size (default 30, at most 100).
        limit: Option<u32>,
    },
    /// Tally, turnout, quorum and outcome; final once the window is over.
    #[returns(BallotResult)]
    Result {
        /// Ballot id.
        ballot_id: u64,
    },
    /// Head of the contract's audit trail (sequence number and rolling hash) over every
    /// execute except votes, which each ballot chains in its own trail (`vote_trail`).
    #[returns(AuditResponse)]
    Audit {},
    /// Head of a ballot's vote trail: the number of votes cast or changed on it and the
    /// rolling hash over their attributes, to compare with a replay of the ballot's vote
    /// events.
    #[returns(VoteTrailResponse)]
    VoteTrail {
        /// Ballot id.
        ballot_id: u64,
    },
    /// Current owner, pending owner and its expiry.
    #[returns(Ownership<String>)]
    Ownership {},
}

/// Migrate the ballots contract (no parameters).
#[cw_serde]
pub struct MigrateMsg {}

/// A ballot's terms.
#[cw_serde]
pub struct Ballot {
    /// Ballot id (from 1).
    pub id: u64,
    /// The security token whose holders vote.
    pub token: Addr,
    /// Record height: votes weigh the wallet's balance at the start of this block.
    pub record_height: u64,
    /// Title or reference of the resolution.
    pub title: String,
    /// Option labels; votes name them by index.
    pub options: Vec<String>,
    /// First second of the voting window.
    pub start: Timestamp,
    /// End of the voting window (exclusive).
    pub end: Timestamp,
    /// Quorum as a share of the supply at the record height.
    pub quorum: Decimal,
    /// Who opened it.
    pub opened_by: Addr,
    /// Whether the final result has been recorded by `close`.
    pub closed: bool,
}

/// One page of ballots.
#[cw_serde]
pub struct BallotsResponse {
    /// Ballots in id order.
    pub ballots: Vec<Ballot>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// A wallet's stored vote.
#[cw_serde]
pub struct WalletVote {
    /// The wallet.
    pub wallet: Addr,
    /// Index of the chosen option.
    pub option: u8,
    /// Weight: the wallet's balance at the record height.
    pub weight: Uint128,
}

/// Answer of `vote`.
#[cw_serde]
pub struct VoteResponse {
    /// The vote, absent when the wallet has not voted.
    pub vote: Option<WalletVote>,
}

/// One page of votes.
#[cw_serde]
pub struct VotesResponse {
    /// Votes in wallet order.
    pub votes: Vec<WalletVote>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// Answer of `vote_trail`: the head of a ballot's vote trail.
///
/// `hash(0)` is 32 zero bytes and vote `n` gives
/// `hash(n) = sha256(hash(n-1) || u64_be(n) || enc("wasm", attributes))`, the audit trail's
/// step, over the vote's attributes in order without `vote_seq` and `vote_hash`.
#[cw_serde]
#[derive(Eq)]
pub struct VoteTrailResponse {
    /// Number of votes cast or changed on the ballot (0 before the first).
    pub seq: u64,
    /// Rolling hash after vote `seq` (32 zero bytes before the first).
    pub hash: HexBinary,
}

/// Votes for one option.
#[cw_serde]
pub struct OptionTally {
    /// Option index.
    pub option: u8,
    /// Option label.
    pub label: String,
    /// Sum of the weights of the votes for it.
    pub votes: Uint128,
}

/// Which option won.
#[cw_serde]
pub enum BallotOutcome {
    /// Nobody voted.
    NoVotes {},
    /// One option has strictly more votes than every other.
    Winner {
        /// Option index.
        option: u8,
    },
    /// Several options share the highest count.
    Tie {
        /// The tied options, ascending.
        options: Vec<u8>,
    },
}

/// Answer of `result`.
#[cw_serde]
pub struct BallotResult {
    /// Ballot id.
    pub ballot_id: u64,
    /// True once the window is over (`now >= end`): no vote can change it any more.
    pub is_final: bool,
    /// True once `close` recorded it.
    pub closed: bool,
    /// Supply at the record height (the current supply while the record height is ahead).
    pub record_supply: Uint128,
    /// Units that must vote: quorum × record supply, rounded up.
    pub quorum_threshold: Uint128,
    /// Sum of the weights of all votes.
    pub turnout: Uint128,
    /// Whether `turnout >= quorum_threshold`.
    pub quorum_met: bool,
    /// Votes per option, in option order.
    pub tallies: Vec<OptionTally>,
    /// Winner, tie or no votes (quorum aside).
    pub outcome: BallotOutcome,
}

/// Typed handle on a deployed ballots contract.
#[cw_serde]
pub struct Ballots(pub Addr);

impl Ballots {
    /// The contract's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// A message executing `msg` on the ballots contract.
    pub fn call(&self, msg: &ExecuteMsg) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Execute {
            contract_addr: self.0.to_string(),
            msg: to_json_binary(msg)?,
            funds: vec![],
        }
        .into())
    }

    /// A vote for `option` on `ballot_id`, for `wallet` (the sender when absent).
    pub fn vote_msg(
        &self,
        ballot_id: u64,
        option: u8,
        wallet: Option<String>,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Vote {
            ballot_id,
            option,
            wallet,
        })
    }

    /// One ballot's terms.
    pub fn ballot<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        id: u64,
    ) -> StdResult<Ballot> {
        querier.query_wasm_smart(self.0.clone(), &QueryMsg::Ballot { id })
    }

    /// A ballot's result.
    pub fn result<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        ballot_id: u64,
    ) -> StdResult<BallotResult> {
        querier.query_wasm_smart(self.0.clone(), &QueryMsg::Result { ballot_id })
    }

    /// The head of a ballot's vote trail.
    pub fn vote_trail<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        ballot_id: u64,
    ) -> StdResult<VoteTrailResponse> {
        querier.query_wasm_smart(self.0.clone(), &QueryMsg::VoteTrail { ballot_id })
    }

    /// A wallet's stored vote.
    pub fn vote<C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        ballot_id: u64,
        wallet: impl Into<String>,
    ) -> StdResult<Option<WalletVote>> {
        let res: VoteResponse = querier.query_wasm_smart(
            self.0.clone(),
            &QueryMsg::VoteOf {
                ballot_id,
                wallet: wallet.into(),
            },
        )?;
        Ok(res.vote)
    }
}
