//! Findings: what `check` reports about a draft, as values with a stable rule id, severity and span.
//!
//! A finding is a message, not an error: a problem in one sentence never aborts the run. Rule ids and their
//! default severities are the product's contract with CI configurations and SARIF consumers, so they only
//! ever gain members. Severities can be changed, or a rule turned off, per project in `claimledger.toml`.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use super::rules::Rule;

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

impl Location {
    /// The location of a byte span whose ends are at `start` and `end`.
    pub fn new(span: crate::markdown::Span, start: crate::markdown::Position, end: crate::markdown::Position) -> Self {
        Location {
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            start_byte: span.start,
            end_byte: span.end,
        }
    }
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
    /// The author's reason, when a `claimledger-ignore` directive exempts this finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<String>,
}

/// A sentence or passage the author exempted, listed so reviewers see every exemption.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exemption {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub reason: String,
    pub sentence: Option<String>,
    /// The rules exempted (`claimledger-ignore RULE: REASON`); empty for all of them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
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
