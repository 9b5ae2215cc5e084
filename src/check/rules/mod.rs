//! The rules of `check`: one module per rule, registered in one list.
//!
//! A rule is a unit. Its module declares the rule's id, default severity, one-line summary and documentation
//! (what it means, why it matters, an example that triggers it and the fix), and holds the function that
//! turns a sentence's evidence into findings, with the tests of both. The documentation is the doc comment
//! of the declaration, as in ruff: [`declare_rule!`] keeps it as text, so that rustdoc, `claimledger
//! explain`, SARIF `help`, `check --help`, the README table and `docs/rules/ID.md` all read one source, and
//! tests fail when a copy drifts. The module does not gather evidence (the checker does, once per sentence)
//! and never prints. Rule ids only ever gain members: CI configurations and SARIF consumers key on them.

mod conflicting_figure;
mod corrected_source;
mod invalid_directive;
mod misattributed;
mod retracted_claim;
mod retracted_source;
mod unknown_claim;
mod unregistered_source;
mod unsourced_claim;

#[cfg(test)]
mod testing;

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::Serialize;

use super::evidence::{DocumentEvidence, Evidence};
use super::finding::{Location, Severity};

/// The rules `check` applies, in the order findings at the same place are listed.
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

/// Every rule's declaration, in [`Rule`] order: the one list everything reads.
static REGISTRY: [&Spec; 9] = [
    &unsourced_claim::RULE,
    &retracted_source::RULE,
    &retracted_claim::RULE,
    &conflicting_figure::RULE,
    &unknown_claim::RULE,
    &invalid_directive::RULE,
    &misattributed::RULE,
    &unregistered_source::RULE,
    &corrected_source::RULE,
];

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

    pub(crate) fn spec(self) -> &'static Spec {
        REGISTRY[self as usize]
    }

    /// The stable id (`unsourced-claim`), as configurations, outputs and `explain` name the rule.
    pub fn id(self) -> &'static str {
        self.spec().id
    }

    pub fn default_severity(self) -> Severity {
        self.spec().severity
    }

    /// One sentence on what the rule catches, for SARIF rule descriptions and `--help`.
    pub fn description(self) -> &'static str {
        self.spec().summary
    }

    /// The rule's documentation in Markdown: sections "What it means", "Why it matters", "Example" and
    /// "How to fix".
    pub fn doc(self) -> &'static str {
        static DOCS: OnceLock<Vec<String>> = OnceLock::new();
        let docs = DOCS.get_or_init(|| REGISTRY.iter().map(|s| unindent(s.doc)).collect());
        &docs[self as usize]
    }

    /// The page that documents the rule: `docs/rules/ID.md` in the repository, which holds [`Rule::page`].
    pub fn help_uri(self) -> &'static str {
        self.spec().help_uri
    }

    /// The rule's whole page in Markdown, as `claimledger explain ID` prints it: a title with the default
    /// severity and summary, then [`Rule::doc`].
    pub fn page(self) -> String {
        format!(
            "# {}\n\nDefault severity: {}. {}\n\n{}",
            self.id(),
            self.default_severity(),
            self.description(),
            self.doc()
        )
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

/// The README's table of rules: id (linked to its page), default severity, summary.
pub fn markdown_table() -> String {
    let mut out = String::from("| rule | default | when |\n|---|---|---|\n");
    for rule in Rule::ALL {
        let when = rule.description().trim_end_matches('.');
        let when = when[..1].to_lowercase() + &when[1..];
        out.push_str(&format!(
            "| [{id}](docs/rules/{id}.md) | {} | {when} |\n",
            rule.default_severity(),
            id = rule.id()
        ));
    }
    out
}

/// What a rule found: the finding without its rule, severity and file, which the checker adds.
#[derive(Clone, Debug)]
pub(crate) struct Hit {
    pub location: Location,
    pub message: String,
    pub hint: String,
    /// Ledger claims the finding concerns.
    pub claims: Vec<String>,
}

/// What a rule looks at.
pub(crate) enum Check {
    /// One sentence's evidence.
    Sentence(fn(&Evidence) -> Vec<Hit>),
    /// The draft as a whole (its directives).
    Document(fn(&DocumentEvidence) -> Vec<Hit>),
}

/// A rule's declaration; see [`declare_rule!`].
pub(crate) struct Spec {
    pub rule: Rule,
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// The doc comment as written: each line keeps the space after `///`.
    pub doc: &'static str,
    pub help_uri: &'static str,
    pub check: Check,
}

/// Declares a rule: its doc comment becomes both rustdoc and the text `explain` prints.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        const RULE = {
            rule: $rule:ident,
            id: $id:literal,
            severity: $severity:ident,
            summary: $summary:literal,
            check: $check:expr $(,)?
        };
    ) => {
        $(#[doc = $doc])*
        pub(super) const RULE: $crate::check::rules::Spec = $crate::check::rules::Spec {
            rule: $crate::check::rules::Rule::$rule,
            id: $id,
            severity: $crate::check::Severity::$severity,
            summary: $summary,
            doc: concat!($($doc, "\n"),*),
            help_uri: concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules/", $id, ".md"),
            check: $check,
        };
    };
}
pub(crate) use declare_rule;

/// A doc comment's text without the one space that `/// ` leaves at the start of each line.
fn unindent(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for line in raw.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out
}

/// The rules that look at sentences, with their checks.
pub(crate) fn sentence_checks() -> impl Iterator<Item = (Rule, fn(&Evidence) -> Vec<Hit>)> {
    REGISTRY.iter().filter_map(|s| match s.check {
        Check::Sentence(f) => Some((s.rule, f)),
        Check::Document(_) => None,
    })
}

/// The rules that look at the draft as a whole, with their checks.
pub(crate) fn document_checks() -> impl Iterator<Item = (Rule, fn(&DocumentEvidence) -> Vec<Hit>)> {
    REGISTRY.iter().filter_map(|s| match s.check {
        Check::Document(f) => Some((s.rule, f)),
        Check::Sentence(_) => None,
    })
}

/// A ledger claim id as people read it in messages.
pub(crate) fn short(id: &str) -> &str {
    &id[..id.len().min(12)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_follows_the_enum() {
        for (i, rule) in Rule::ALL.into_iter().enumerate() {
            assert_eq!(rule as usize, i);
            assert_eq!(REGISTRY[i].rule, rule, "REGISTRY[{i}] is declared for another rule");
            assert_eq!(rule.id().parse::<Rule>(), Ok(rule));
            assert_eq!(serde_json::to_value(rule).unwrap(), rule.id());
        }
    }

    #[test]
    fn every_rule_is_documented_in_the_same_shape() {
        for rule in Rule::ALL {
            let doc = rule.doc();
            let sections: Vec<&str> = doc.lines().filter(|l| l.starts_with("## ")).collect();
            assert_eq!(
                sections,
                ["## What it means", "## Why it matters", "## Example", "## How to fix"],
                "{rule}: sections"
            );
            assert!(doc.contains("```markdown\n"), "{rule}: an example draft");
            assert!(rule.description().ends_with('.') && rule.description().len() < 100, "{rule}: summary");
            assert!(rule.help_uri().starts_with("https://") && rule.help_uri().ends_with(&format!("/{rule}.md")));
            assert!(rule.page().starts_with(&format!("# {rule}\n\nDefault severity: ")));
        }
    }

    #[test]
    fn table_lists_every_rule() {
        let table = markdown_table();
        assert_eq!(table.lines().count(), 2 + Rule::ALL.len());
        assert!(table.contains("| [unsourced-claim](docs/rules/unsourced-claim.md) | error | a check-worthy"));
    }
}
