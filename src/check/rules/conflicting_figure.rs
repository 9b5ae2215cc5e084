//! conflicting-figure: the sentence is a ledger claim with another number, date or name.

use super::{declare_rule, short, Hit};
use crate::check::engine::ClaimMatch;
use crate::check::evidence::{conflict_of, Evidence};
use crate::check::Location;

declare_rule! {
    /// ## What it means
    /// The sentence says what a ledger claim says, except for a figure, a date or a name: "twenty founding
    /// nations" where the ledger records nineteen, "since 1993" where it records 1992. The message gives
    /// both values and the hint quotes the ledger's claim. A name that is only the text of a link (the
    /// outlet credited in "([Caspian Post](...))") does not count as a different name. When the sentence
    /// restates one claim and another of its parts gets a second claim's figure wrong, the finding points at
    /// that part.
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
    let hit = |location: &Location, c: &ClaimMatch| {
        let (ledger, draft) = conflict_of(c)?;
        Some(Hit {
            location: location.clone(),
            message: format!("the ledger says {} where this sentence says {}", ledger.join(", "), draft.join(", ")),
            hint: format!("ledger claim {}: \"{}\"", short(&c.id), c.text),
            claims: vec![c.id.clone()],
        })
    };
    if let Some(c) = e.reported_conflict() {
        return hit(&e.here, c).into_iter().collect();
    }
    // A sentence that restates one claim and, in another part, gets another claim's figure wrong.
    e.parts.iter().filter_map(|p| hit(&p.at, &e.candidates[p.conflict?])).collect()
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

    #[test]
    fn a_wrong_figure_in_one_part_is_reported_at_that_part() {
        let ledger = testing::DocLedger::new();
        let text = "Kazakhstan has had diplomatic relations with Israel since 1992, and it is one of twenty founding nations of the Board of Peace.\n";
        let report = ledger.check(text);
        let rules: Vec<Rule> = report.findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, [Rule::ConflictingFigure], "{:#?}", report.findings);
        let f = &report.findings[0];
        assert_eq!(
            &text[f.location.start_byte..f.location.end_byte],
            "it is one of twenty founding nations of the Board of Peace."
        );
        assert_eq!(f.message, "the ledger says nineteen where this sentence says twenty");
    }
}
