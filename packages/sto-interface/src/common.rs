//! Domain types shared by several contracts.

use std::fmt;

use cosmwasm_schema::cw_serde;

/// Why a domain value was rejected.
#[derive(thiserror::Error, Debug, PartialEq, Eq, Clone)]
pub enum DomainError {
    /// Not two upper-case letters, or not an assigned ISO 3166-1 alpha-2 code.
    #[error("jurisdiction `{given}` is not an assigned ISO 3166-1 alpha-2 code (two upper-case letters, e.g. `US`, `DE`)")]
    InvalidJurisdiction {
        /// The value given.
        given: String,
    },
    /// Empty, too long, or with characters outside `[A-Za-z0-9._:-]`.
    #[error("investor id `{given}` is invalid: use 1 to {max} characters of A-Z a-z 0-9 . _ : -")]
    InvalidInvestorId {
        /// The value given.
        given: String,
        /// Maximum length.
        max: usize,
    },
}

/// Officially assigned ISO 3166-1 alpha-2 codes (249), sorted for binary search.
const ISO_3166_ALPHA2: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// An ISO 3166-1 alpha-2 country code (e.g. `US`, `DE`), always upper-case and assigned.
///
/// Serialized as the plain two-letter string.
#[cw_serde]
#[derive(Eq, PartialOrd, Ord, Hash)]
pub struct Jurisdiction(String);

impl Jurisdiction {
    /// Parse and check a code: exactly two upper-case ASCII letters, officially assigned.
    pub fn parse(code: &str) -> Result<Self, DomainError> {
        if code.len() == 2 && ISO_3166_ALPHA2.binary_search(&code).is_ok() {
            Ok(Jurisdiction(code.to_string()))
        } else {
            Err(DomainError::InvalidJurisdiction {
                given: code.to_string(),
            })
        }
    }

    /// Re-check a value that arrived through deserialization (which does not validate).
    pub fn validated(self) -> Result<Self, DomainError> {
        Self::parse(&self.0)
    }

    /// The two-letter code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Investor classification, from least to most sophisticated; `Custodian` holds for others.
#[cw_serde]
#[derive(Copy, Eq, Hash)]
pub enum InvestorClass {
    /// Retail investor.
    Retail,
    /// Accredited / professional investor.
    Accredited,
    /// Qualified institutional buyer.
    QualifiedInstitutional,
    /// A custodian holding on behalf of underlying investors (omnibus account).
    Custodian,
}

impl InvestorClass {
    /// Rank used by "minimum investor class" rules: Retail 0, Accredited 1,
    /// QualifiedInstitutional 2, Custodian 3 (a custodian is held to the strictest bar it
    /// screens its own clients against, so it satisfies any minimum).
    pub const fn rank(&self) -> u8 {
        match self {
            InvestorClass::Retail => 0,
            InvestorClass::Accredited => 1,
            InvestorClass::QualifiedInstitutional => 2,
            InvestorClass::Custodian => 3,
        }
    }

    /// Stable snake_case name used in events.
    pub const fn as_str(&self) -> &'static str {
        match self {
            InvestorClass::Retail => "retail",
            InvestorClass::Accredited => "accredited",
            InvestorClass::QualifiedInstitutional => "qualified_institutional",
            InvestorClass::Custodian => "custodian",
        }
    }
}

impl fmt::Display for InvestorClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Longest accepted investor id.
pub const MAX_INVESTOR_ID_LEN: usize = 64;

/// Check an investor id: 1..=64 characters of `A-Z a-z 0-9 . _ : -`.
///
/// Ids are chosen by the compliance officer (typically the transfer agent's internal
/// reference); they never carry personal data.
pub fn validate_investor_id(id: &str) -> Result<(), DomainError> {
    let ok = !id.is_empty()
        && id.len() <= MAX_INVESTOR_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(DomainError::InvalidInvestorId {
            given: id.to_string(),
            max: MAX_INVESTOR_ID_LEN,
        })
    }
}

/// The securities event a security or cash movement belongs to.
///
/// Every movement in the suite carries one, so that the books can be rebuilt from events.
#[cw_serde]
#[derive(Eq, PartialOrd, Ord, Hash)]
pub enum EventRef {
    /// A secondary-market settlement instruction of the DvP escrow.
    Settlement {
        /// Instruction id.
        id: u64,
    },
    /// A primary offering of the DvP escrow.
    Offering {
        /// Offering id.
        id: u64,
    },
    /// A corporate action of the distributor.
    CorporateAction {
        /// Action id.
        id: u64,
    },
    /// An off-ramp redemption request of the cash adapter.
    OffRamp {
        /// Request id.
        id: u64,
    },
    /// An event recorded outside the suite (e.g. a transfer agent's issuance ticket).
    External {
        /// Free-form reference, at most 128 characters.
        reference: String,
    },
}

impl fmt::Display for EventRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventRef::Settlement { id } => write!(f, "settlement:{id}"),
            EventRef::Offering { id } => write!(f, "offering:{id}"),
            EventRef::CorporateAction { id } => write!(f, "corporate_action:{id}"),
            EventRef::OffRamp { id } => write!(f, "off_ramp:{id}"),
            EventRef::External { reference } => write!(f, "external:{reference}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_table_is_sorted_and_unique() {
        assert!(ISO_3166_ALPHA2.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn jurisdiction_accepts_assigned_codes_only() {
        assert_eq!(Jurisdiction::parse("US").unwrap().as_str(), "US");
        assert_eq!(Jurisdiction::parse("DE").unwrap().to_string(), "DE");
        for bad in ["", "U", "us", "USA", "XX", "ZZ", "U1", "Üs"] {
            assert_eq!(
                Jurisdiction::parse(bad).unwrap_err(),
                DomainError::InvalidJurisdiction {
                    given: bad.to_string()
                },
                "{bad} accepted"
            );
        }
        let raw: Jurisdiction = cosmwasm_std::from_json(br#""xx""#).unwrap();
        assert!(raw.validated().is_err());
    }

    #[test]
    fn investor_ids() {
        validate_investor_id("INV-001:eu.retail_7").unwrap();
        assert!(validate_investor_id("").is_err());
        assert!(validate_investor_id("has space").is_err());
        assert!(validate_investor_id(&"a".repeat(MAX_INVESTOR_ID_LEN + 1)).is_err());
        validate_investor_id(&"a".repeat(MAX_INVESTOR_ID_LEN)).unwrap();
    }

    #[test]
    fn class_rank_orders_sophistication() {
        assert!(InvestorClass::Retail.rank() < InvestorClass::Accredited.rank());
        assert!(InvestorClass::Accredited.rank() < InvestorClass::QualifiedInstitutional.rank());
        assert!(InvestorClass::QualifiedInstitutional.rank() < InvestorClass::Custodian.rank());
    }

    #[test]
    fn event_ref_display_is_stable() {
        assert_eq!(EventRef::Settlement { id: 7 }.to_string(), "settlement:7");
        assert_eq!(
            EventRef::External {
                reference: "T-1".into()
            }
            .to_string(),
            "external:T-1"
        );
    }
}
