//! check: the gate. Sentences of a draft, scored by the detector and matched against the ledger, become
//! findings.
//!
//! The checker ([`Checker`]) gathers each sentence's evidence once; the rules ([`Rule`], one module each in
//! `rules/`) turn evidence into findings and carry their own documentation.

mod coverage;
mod credits;
mod engine;
mod evidence;
mod finding;
mod parts;
mod rules;
mod units;

pub use credits::{canonical_outlet, credited_outlets, same_outlet};
pub use engine::{rule_counts, Checker, ClaimMatch, FileReport, MatchedBy, Memo, Settings};
use evidence::{is_question, is_sweeping_judgement};

pub use finding::{Exemption, Finding, Location, Severities, Severity};
pub use rules::{markdown_table as rules_table, Rule};
