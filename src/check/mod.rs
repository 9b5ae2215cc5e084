//! check: the gate. Sentences of a draft, scored by the detector and matched against the ledger, become
//! findings.

mod credits;
mod engine;
mod finding;

pub use credits::{canonical_outlet, credited_outlets, same_outlet};
pub use engine::{rule_counts, Checker, ClaimMatch, FileReport, Settings};

pub use finding::{Exemption, Finding, Location, Rule, Severities, Severity};
