//! Findings: what `check` reports about a draft, as values with a stable rule id, severity and span.
//!
//! A finding is a message, not an error: a problem in one sentence never aborts the run. Rule ids and their
//! default severities are the product's contract with CI configurations and SARIF consumers, so they only
//! ever gain members. Severities can be changed, or a rule turned off, per project in `claimledger.toml`.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// How much a finding matters. Ordered: `Note < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The rules `check` applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    UnsourcedClaim,
    RetractedSource,
    RetractedClaim,
    ConflictingFigure,
    UnknownClaim,
    InvalidDirective,
    Misattributed,
    UnregisteredSource,
    CorrectedSource,
}

impl Rule {
    pub const ALL: [Rule; 9] = [
        Rule::UnsourcedClaim,
        Rule::RetractedSource,
        Rule::RetractedClaim,
        Rule::ConflictingFigure,
        Rule::UnknownClaim,
        Rule::InvalidDirective,
        Rule::Misattributed,
        Rule::UnregisteredSource,
        Rule::CorrectedSource,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::UnsourcedClaim => "unsourced-claim",
            Rule::RetractedSource => "retracted-source",
            Rule::RetractedClaim => "retracted-claim",
            Rule::ConflictingFigure => "conflicting-figure",
            Rule::UnknownClaim => "unknown-claim",
            Rule::InvalidDirective => "invalid-directive",
            Rule::Misattributed => "misattributed",
            Rule::UnregisteredSource => "unregistered-source",
            Rule::CorrectedSource => "corrected-source",
        }
    }

    pub fn default_severity(self) -> Severity {
        match self {
            Rule::Misattributed | Rule::UnregisteredSource | Rule::CorrectedSource => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// One sentence on what the rule catches, for SARIF rule descriptions and `--help`.
    pub fn description(self) -> &'static str {
        match self {
            Rule::UnsourcedClaim => "A check-worthy sentence matches no sourced ledger claim and links no live source.",
            Rule::RetractedSource => "The sentence's only support has been retracted or withdrawn.",
            Rule::RetractedClaim => "The sentence restates a claim the ledger has withdrawn.",
            Rule::ConflictingFigure => "The sentence matches a ledger claim except for a number, date or name.",
            Rule::UnknownClaim => "A claim marker names an id the ledger does not have.",
            Rule::InvalidDirective => "A claimledger comment is malformed (an ignore without a reason, say).",
            Rule::Misattributed => "The text credits an outlet that is not among the claim's live sources.",
            Rule::UnregisteredSource => "A link points to a URL that is not a ledger source.",
            Rule::CorrectedSource => "The sentence's support has a correction on record.",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Rule {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rule::ALL.into_iter().find(|r| r.id() == s).ok_or_else(|| format!("unknown rule {s:?}"))
    }
}

/// Where a finding points: a byte range of the file and its 1-based line/column (code points) ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub start_byte: usize,
    pub end_byte: usize,
}

/// One finding about one sentence (or directive) of one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub file: String,
    #[serde(flatten)]
    pub location: Location,
    pub sentence: String,
    pub message: String,
    pub hint: String,
    /// Ledger claims the sentence matched, bound to or nearly matched.
    pub claims: Vec<String>,
}

/// A sentence or passage the author exempted, listed so reviewers see every exemption.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exemption {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub reason: String,
    pub sentence: Option<String>,
}

/// Per-rule severities, from defaults and `[rules]` in `claimledger.toml`; `None` turns a rule off.
#[derive(Clone, Debug)]
pub struct Severities(BTreeMap<Rule, Option<Severity>>);

impl Default for Severities {
    fn default() -> Self {
        Severities(Rule::ALL.into_iter().map(|r| (r, Some(r.default_severity()))).collect())
    }
}

impl Severities {
    /// Applies `rule = "error" | "warning" | "note" | "off"` settings.
    pub fn with_settings(settings: &BTreeMap<String, String>) -> Result<Severities, String> {
        let mut out = Severities::default();
        for (rule, level) in settings {
            let rule: Rule = rule.parse()?;
            let level = match level.as_str() {
                "error" => Some(Severity::Error),
                "warning" => Some(Severity::Warning),
                "note" => Some(Severity::Note),
                "off" => None,
                other => return Err(format!("rule {rule}: unknown severity {other:?} (error, warning, note, off)")),
            };
            out.0.insert(rule, level);
        }
        Ok(out)
    }

    pub fn of(&self, rule: Rule) -> Option<Severity> {
        self.0.get(&rule).copied().flatten()
    }
}
