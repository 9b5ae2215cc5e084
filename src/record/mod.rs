//! The four record kinds of the ledger and their identity rules.
//!
//! A record is an immutable JSON object with a `"type"` field; its [`Id`] is the SHA-256 of its RFC 8785
//! canonical bytes ([`Record::id`]). This module owns the serde types, the normalisations that decide identity
//! (claim text: NFC and folded whitespace; source URL: [`normalize_url`]) and validation of field values. It
//! does not know where records live ([`crate::store`]) or how they relate ([`crate::index`]).

mod url;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use crate::canonical;
use crate::id::Id;

pub use self::url::{normalize_url, UrlError};

/// The kind of a record, which is also the name of its folder (`claims/`, `sources/`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Claim,
    Source,
    Attribution,
    Retraction,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Claim, Kind::Source, Kind::Attribution, Kind::Retraction];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Claim => "claim",
            Kind::Source => "source",
            Kind::Attribution => "attribution",
            Kind::Retraction => "retraction",
        }
    }

    /// The ledger folder that holds records of this kind.
    pub fn dir(self) -> &'static str {
        match self {
            Kind::Claim => "claims",
            Kind::Source => "sources",
            Kind::Attribution => "attributions",
            Kind::Retraction => "retractions",
        }
    }

    pub fn from_str_opt(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One factual statement in the ledger's canonical wording. Its identity is the normalised text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub text: String,
}

/// A published page that can support claims. One source per normalised URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub url: String,
    pub outlet: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_url: Option<String>,
}

/// How a quote relates to the source's own words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// The source's exact words.
    #[default]
    Verbatim,
    /// A faithful summary, recorded where the exact words were not at hand.
    Paraphrase,
}

impl QuoteKind {
    fn is_verbatim(&self) -> bool {
        *self == QuoteKind::Verbatim
    }
}

/// The event of linking a claim to a source that supports it, with the supporting passage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    pub claim: Id,
    pub source: Id,
    pub quote: String,
    #[serde(default, skip_serializing_if = "QuoteKind::is_verbatim")]
    pub quote_kind: QuoteKind,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// What a retraction record does to its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum RetractionKind {
    /// The outlet retracted the story: the support is gone.
    #[default]
    Retraction,
    /// The outlet corrected the story: the support stays, with a warning.
    Correction,
    /// The newsroom withdrew the record: the support is gone.
    Withdrawal,
}

impl RetractionKind {
    /// Whether a retraction of this kind takes its target out of support.
    pub fn kills(self) -> bool {
        !matches!(self, RetractionKind::Correction)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RetractionKind::Retraction => "retraction",
            RetractionKind::Correction => "correction",
            RetractionKind::Withdrawal => "withdrawal",
        }
    }
}

/// The event of withdrawing or correcting a source, an attribution or a claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retraction {
    pub target: Id,
    pub kind: RetractionKind,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_url: Option<String>,
    pub effective: NaiveDate,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// Any record, tagged by its `"type"` field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Record {
    Claim(Claim),
    Source(Source),
    Attribution(Attribution),
    Retraction(Retraction),
}

/// Why a value is not a valid record.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("not strict JSON")]
    Json(#[source] canonical::StrictError),
    #[error("not a record")]
    Shape(#[source] serde_json::Error),
    #[error("{0}")]
    Invalid(String),
}

impl Record {
    pub fn kind(&self) -> Kind {
        match self {
            Record::Claim(_) => Kind::Claim,
            Record::Source(_) => Kind::Source,
            Record::Attribution(_) => Kind::Attribution,
            Record::Retraction(_) => Kind::Retraction,
        }
    }

    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("records always serialise")
    }

    /// The record's content address: SHA-256 over its RFC 8785 canonical JSON.
    pub fn id(&self) -> Id {
        Id::of_bytes(&canonical::to_canonical(&self.to_value()))
    }

    /// Reads a record from file bytes, strictly, and checks its field values.
    pub fn from_bytes(bytes: &[u8]) -> Result<(Record, Value), RecordError> {
        let value = canonical::parse_strict(bytes).map_err(RecordError::Json)?;
        let record = Record::deserialize(&value).map_err(RecordError::Shape)?;
        record.validate().map_err(RecordError::Invalid)?;
        Ok((record, value))
    }

    /// Field-level rules that serde cannot express: normalised text and URLs, non-empty strings.
    pub fn validate(&self) -> Result<(), String> {
        fn non_empty(field: &str, s: &str) -> Result<(), String> {
            if s.trim().is_empty() {
                return Err(format!("{field} is empty"));
            }
            Ok(())
        }
        match self {
            Record::Claim(c) => {
                non_empty("text", &c.text)?;
                if !is_normal_text(&c.text) {
                    return Err("text is not in normal form (NFC, single spaces, trimmed)".into());
                }
            }
            Record::Source(s) => {
                non_empty("outlet", &s.outlet)?;
                if let Some(t) = &s.title {
                    non_empty("title", t)?;
                }
                if let Some(d) = &s.published {
                    four_digit_year("published", d.year())?;
                }
                let normal = normalize_url(&s.url).map_err(|e| format!("url: {e}"))?;
                if normal != s.url {
                    return Err(format!("url is not normalised (expected {normal})"));
                }
                if let Some(a) = &s.archived_url {
                    normalize_url(a).map_err(|e| format!("archived_url: {e}"))?;
                }
            }
            Record::Attribution(a) => {
                non_empty("quote", &a.quote)?;
                non_empty("recorded_by", &a.recorded_by)?;
                four_digit_year("recorded_at", a.recorded_at.year())?;
            }
            Record::Retraction(r) => {
                non_empty("reason", &r.reason)?;
                non_empty("recorded_by", &r.recorded_by)?;
                four_digit_year("effective", r.effective.year())?;
                four_digit_year("recorded_at", r.recorded_at.year())?;
                if let Some(n) = &r.notice_url {
                    normalize_url(n).map_err(|e| format!("notice_url: {e}"))?;
                }
            }
        }
        Ok(())
    }
}

/// Dates are written `YYYY-MM-DD`, as the schemas say: a year outside 0000 to 9999 would be written with a sign
/// and more digits, which no reader of the format expects.
fn four_digit_year(field: &str, year: i32) -> Result<(), String> {
    if !(0..=9999).contains(&year) {
        return Err(format!("{field}: year {year} is not a four-digit year"));
    }
    Ok(())
}

/// Reads a date as the ledger writes it, `YYYY-MM-DD` with a four-digit year, and nothing else: no sign, no
/// short year (`26-01-01` is not read as the year 26).
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if !shape {
        return Err("expected a date written YYYY-MM-DD".into());
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| format!("no such date ({e})"))
}

/// Claim identity: Unicode NFC, every run of white space folded to one space, trimmed.
pub fn normalize_text(text: &str) -> String {
    let nfc: String = text.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `text` is its own [`normalize_text`], without building the normal form when the text is in NFC by
/// the quick check and single-spaced (every claim read from the ledger is).
pub fn is_normal_text(text: &str) -> bool {
    let spaced = !text.starts_with(char::is_whitespace)
        && !text.ends_with(char::is_whitespace)
        && !text.contains("  ")
        && text.chars().all(|c| c == ' ' || !c.is_whitespace());
    match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => spaced,
        _ => normalize_text(text) == text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_text_agrees_with_the_normal_form() {
        let texts = [
            "Kazakhstan has ties",
            " leading",
            "trailing ",
            "two  spaces",
            "tab\there",
            "no\u{a0}break",
            "caf\u{e9}",
            "cafe\u{301}",
            "\u{212b}ngstr\u{f6}m",
            "",
            "line\u{2028}separator",
        ];
        for text in texts {
            assert_eq!(is_normal_text(text), normalize_text(text) == text, "{text:?}");
        }
    }

    #[test]
    fn claim_identity_folds_whitespace_and_nfc() {
        let a = normalize_text("  Kazakhstan\u{00a0}has   ties\n");
        assert_eq!(a, "Kazakhstan has ties");
        // "é" composed vs "e" + combining acute
        assert_eq!(normalize_text("caf\u{0065}\u{0301}"), normalize_text("caf\u{00e9}"));
        let c1 = Record::Claim(Claim { text: normalize_text("A  b") });
        let c2 = Record::Claim(Claim { text: normalize_text("A b") });
        assert_eq!(c1.id(), c2.id());
    }

    #[test]
    fn id_is_sha256_of_jcs() {
        let r = Record::Claim(Claim { text: "x".into() });
        // {"text":"x","type":"claim"} in canonical key order
        assert_eq!(r.id(), Id::of_bytes(br#"{"text":"x","type":"claim"}"#));
    }

    #[test]
    fn from_bytes_round_trip_and_rejects() {
        let r = Record::Claim(Claim { text: "x".into() });
        let bytes = canonical::to_pretty(&r.to_value());
        assert_eq!(Record::from_bytes(&bytes).unwrap().0, r);
        assert!(Record::from_bytes(br#"{"type":"claim","text":"x","extra":1}"#).is_err());
        assert!(Record::from_bytes(br#"{"type":"claim","text":"x ","x":1}"#).is_err());
        assert!(Record::from_bytes(br#"{"type":"claim","text":" x"}"#).is_err());
        assert!(Record::from_bytes(br#"{"type":"nope"}"#).is_err());
    }

    #[test]
    fn dates_have_four_digit_years() {
        assert_eq!(parse_date("2025-11-06").unwrap(), NaiveDate::from_ymd_opt(2025, 11, 6).unwrap());
        for bad in
            ["26-01-01", "+10000-01-01", "-0001-01-01", "2025-1-6", "2025-02-30", "2025-11-06 ", "２０２５-11-06"]
        {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
        let far = NaiveDate::from_ymd_opt(10000, 1, 1).unwrap();
        let source = |published| {
            Record::Source(Source {
                url: "https://example.org/".into(),
                outlet: "X".into(),
                title: None,
                published: Some(published),
                archived_url: None,
            })
        };
        assert!(source(far).validate().unwrap_err().contains("four-digit"));
        assert!(source(NaiveDate::from_ymd_opt(-1, 1, 1).unwrap()).validate().is_err());
        assert!(source(NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()).validate().is_ok());
    }
}
