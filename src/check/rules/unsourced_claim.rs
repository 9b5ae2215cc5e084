//! unsourced-claim: a sentence states a checkable fact and nothing live supports it.

use super::{declare_rule, short, Hit};
use crate::check::evidence::Evidence;

declare_rule! {
    /// ## What it means
    /// The sentence states a checkable fact (a figure, a date, a named event, a record) and nothing supports
    /// it: it restates no ledger claim that has a live source, and it links no live ledger source. The rule
    /// also fires when the sentence restates a ledger claim that was recorded without any source.
    ///
    /// Whether a sentence states a fact at all is the claim detector's decision (`claimledger detect` shows
    /// its scores); questions and sweeping judgements without a figure are left alone.
    ///
    /// ## Why it matters
    /// The ledger's promise is that nothing is published without a source. A fact with no source behind it
    /// is where corrections come from, and once the draft is out no one can say where it came from.
    ///
    /// ## Example
    /// With a ledger that has no claim about Almaty's metro:
    ///
    /// ```markdown
    /// Almaty's metro carried 41 million passengers in 2024.
    /// ```
    ///
    /// ## How to fix
    /// Record the fact with the source that supports it
    /// (`claimledger claim add '...' --source ID --quote '...'`), or link a ledger source that says it:
    ///
    /// ```markdown
    /// Almaty's metro carried 41 million passengers in 2024, [its operator reported](https://metro.example.kz/annual-report-2024).
    /// ```
    ///
    /// A sentence that quotes someone, or that the desk has checked by other means, can be exempted with a
    /// reason: `<!-- claimledger-ignore: REASON -->` on the line before it.
    const RULE = {
        rule: UnsourcedClaim,
        id: "unsourced-claim",
        severity: Error,
        summary: "A check-worthy sentence matches no sourced ledger claim and links no live source.",
        check: super::Check::Sentence(check),
    };
}

fn check(e: &Evidence) -> Vec<Hit> {
    if !e.judges_claims() {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for (claim, dead) in e.unsupported_claims() {
        // A claim whose sources were retracted is retracted-source's finding.
        if dead.is_empty() {
            hits.push(Hit {
                location: e.here.clone(),
                message: format!("ledger claim {} has no live source", short(&claim.id)),
                hint: format!(
                    "record a source and run `claimledger attribute {} SOURCE --quote '...'` (claim: \"{}\")",
                    short(&claim.id),
                    claim.text
                ),
                claims: vec![claim.id.clone()],
            });
        }
    }
    if e.claims.is_empty() && !e.cites_live_source() {
        let near = e.candidates.first().filter(|c| c.score > 0.3);
        let hint = match near {
            Some(c) => format!(
                "closest ledger claim {} (score {:.2}): \"{}\"; if it says the same, bind it with `<!-- claim: {} -->`",
                short(&c.id),
                c.score,
                c.text,
                short(&c.id)
            ),
            None => "record it with `claimledger claim add '...' --source ID --quote '...'`, link a ledger source, or exempt it with `<!-- claimledger-ignore: REASON -->`".into(),
        };
        let message = match e.credited.first() {
            Some(o) => format!("no ledger claim supports this sentence, which credits {o}"),
            None => "no ledger claim or linked source supports this sentence".into(),
        };
        hits.push(Hit {
            location: e.here.clone(),
            message,
            hint,
            claims: near.map(|c| vec![c.id.clone()]).unwrap_or_default(),
        });
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::super::{testing, Rule};

    #[test]
    fn documented_example() {
        testing::assert_documented(Rule::UnsourcedClaim);
    }

    #[test]
    fn opinion_and_questions_need_no_source() {
        let ledger = testing::DocLedger::new();
        let report = ledger.check("This is a win worth celebrating. Should others follow?\n");
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
    }

    #[test]
    fn a_claim_recorded_without_a_source_is_reported_with_its_id() {
        let mut ledger = testing::DocLedger::new();
        let id = ledger.ledger.add_claim("Kazakhstan is the largest landlocked country in the world.").unwrap().id;
        let report = ledger.check("Kazakhstan is the largest landlocked country in the world.\n");
        let rules: Vec<Rule> = report.findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, [Rule::UnsourcedClaim]);
        assert_eq!(report.findings[0].claims, [id.to_hex()]);
        assert!(report.findings[0].message.contains("has no live source"));
    }
}
