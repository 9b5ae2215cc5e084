//! conflicting-figure: the sentence is a ledger claim with another number, date or name.

use super::{declare_rule, short, Hit};
use crate::check::evidence::{conflict_of, Evidence};

declare_rule! {
    /// ## What it means
    /// The sentence says what a ledger claim says, except for a figure, a date or a name: "twenty founding
    /// nations" where the ledger records nineteen, "since 1993" where it records 1992. The message gives
    /// both values and the hint quotes the ledger's claim. A name that is only the text of a link (the
    /// outlet credited in "([Caspian Post](...))") does not count as a different name.
    ///
    /// ## Why it matters
    /// A wrong figure is the most common correction a newsroom prints, and the hardest for an editor to
    /// see: the sentence reads as familiar because it nearly is.
    ///
    /// ## Example
    /// With a ledger that records "Kazakhstan is one of nineteen founding nations of the Board of Peace.":
    ///
    /// ```markdown
    /// Kazakhstan is one of twenty founding nations of the Board of Peace.
    /// ```
    ///
    /// ## How to fix
    /// Use the ledger's figure. If the sentence is right and the ledger is not, record the correct claim with
    /// its source and withdraw the wrong one (`claimledger retract ID --kind withdrawal --reason '...'`).
    ///
    /// ```markdown
    /// Kazakhstan is one of the nineteen founding nations of the Board of Peace.
    /// ```
    const RULE = {
        rule: ConflictingFigure,
        id: "conflicting-figure",
        severity: Error,
        summary: "The sentence matches a ledger claim except for a number, date or name.",
        check: super::Check::Sentence(check),
    };
}

fn check(e: &Evidence) -> Vec<Hit> {
    let Some(c) = e.reported_conflict() else { return Vec::new() };
    let Some((ledger, draft)) = conflict_of(c) else { return Vec::new() };
    vec![Hit {
        location: e.here.clone(),
        message: format!("the ledger says {} where this sentence says {}", ledger.join(", "), draft.join(", ")),
        hint: format!("ledger claim {}: \"{}\"", short(&c.id), c.text),
        claims: vec![c.id.clone()],
    }]
}

#[cfg(test)]
mod tests {
    use super::super::{testing, Rule};

    #[test]
    fn documented_example() {
        testing::assert_documented(Rule::ConflictingFigure);
    }

    #[test]
    fn a_wrong_year_is_a_conflict_naming_both() {
        let ledger = testing::DocLedger::new();
        let report = ledger.check("Kazakhstan has had diplomatic relations with Israel since 1993.\n");
        let rules: Vec<Rule> = report.findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, [Rule::ConflictingFigure]);
        assert_eq!(report.findings[0].message, "the ledger says 1992 where this sentence says 1993");
    }
}
