//! The owner's administration, both ways: the token allow-list (pinned to the audited code),
//! the settlement window, and a trade of a token taken off the list.

use anyhow::Result;
use cosmwasm_std::{HexBinary, Uint128};
use sto_access::AccessError;
use sto_interface::settlement::{
    AllowedTokensResponse, Config, ExecuteMsg, LegRequest, QueryMsg, MAX_SETTLEMENT_WINDOW_LIMIT,
};
use sto_testing::SuiteBuilder;

use settlement::ContractError;

fn err(e: anyhow::Error) -> ContractError {
    e.downcast::<ContractError>()
        .unwrap_or_else(|e| panic!("not a settlement error: {e:?}"))
}

#[test]
fn only_the_owner_administers_and_a_disallowed_token_is_not_traded() -> Result<()> {
    let mut s = SuiteBuilder::new().build()?;
    let (owner, stranger) = (s.owner.clone(), s.addr("stranger"));
    let token = s.token.0.to_string();
    let code_id = s.app.wrap().query_wasm_contract_info(&token)?.code_id;
    let checksum = HexBinary::from(
        s.app
            .wrap()
            .query_wasm_code_info(code_id)?
            .checksum
            .as_slice(),
    );
    let allowed: AllowedTokensResponse = s.app.wrap().query_wasm_smart(
        &s.settlement.0,
        &QueryMsg::AllowedTokens {
            start_after: None,
            limit: None,
        },
    )?;
    assert_eq!(allowed.tokens.len(), 1);

    // Not the owner: refused, whatever the message.
    for msg in [
        ExecuteMsg::AllowToken {
            token: token.clone(),
            checksum: checksum.clone(),
        },
        ExecuteMsg::DisallowToken {
            token: token.clone(),
        },
        ExecuteMsg::SetMaxSettlementWindow { seconds: 3_600 },
    ] {
        let e = err(s.settlement_exec(&stranger, &msg).unwrap_err());
        assert_eq!(
            e,
            ContractError::Access(AccessError::Ownership(sto_access::OwnershipError::NotOwner))
        );
    }
    // The owner: a checksum that is not the token's code is refused.
    let wrong = HexBinary::from(vec![7u8; 32]);
    let e = err(s
        .settlement_exec(
            &owner,
            &ExecuteMsg::AllowToken {
                token: token.clone(),
                checksum: wrong.clone(),
            },
        )
        .unwrap_err());
    assert_eq!(
        e,
        ContractError::TokenChecksumMismatch {
            token: s.token.0.clone(),
            expected: wrong,
            actual: checksum,
        }
    );
    // A window beyond the limit, or zero, is refused; within it, set.
    for seconds in [0, MAX_SETTLEMENT_WINDOW_LIMIT + 1] {
        let e = err(s
            .settlement_exec(&owner, &ExecuteMsg::SetMaxSettlementWindow { seconds })
            .unwrap_err());
        assert_eq!(
            e,
            ContractError::WindowOutOfRange {
                value: seconds,
                max: MAX_SETTLEMENT_WINDOW_LIMIT
            }
        );
    }
    s.settlement_exec(
        &owner,
        &ExecuteMsg::SetMaxSettlementWindow { seconds: 3_600 },
    )?;
    let config: Config = s
        .app
        .wrap()
        .query_wasm_smart(&s.settlement.0, &QueryMsg::Config {})?;
    assert_eq!(config.max_settlement_window, 3_600);
    // Taken off the list: no new trade of it.
    s.settlement_exec(
        &owner,
        &ExecuteMsg::DisallowToken {
            token: token.clone(),
        },
    )?;
    let (alice, bob) = (s.addr("alice"), s.addr("bob"));
    let e = err(s
        .settlement_exec(
            &alice,
            &ExecuteMsg::CreateTrade {
                legs: vec![LegRequest::Security {
                    token,
                    from: alice.to_string(),
                    to: bob.to_string(),
                    quantity: Uint128::one(),
                }],
                deadline: s.now().plus_seconds(60),
                settle_not_before: None,
                approver: None,
                venue_reference: None,
            },
        )
        .unwrap_err());
    assert_eq!(
        e,
        ContractError::TokenNotAllowed {
            token: s.token.0.clone()
        }
    );
    Ok(())
}
