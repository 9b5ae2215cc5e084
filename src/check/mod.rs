//! check: the gate. Sentences of a draft, scored by the detector and matched against the ledger, become
//! findings.

mod finding;

pub use finding::{Exemption, Finding, Location, Rule, Severities, Severity};
