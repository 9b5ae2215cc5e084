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
    /// Every claim of a sentence needs its source, so a sentence that restates a sourced claim is read part
    /// by part: coordinated clauses (", and", "; ", " — ", "while", "whereas"), relative clauses ("which …",
    /// "who …"), appositions and list items. A part that the sentence's claims do not cover and that states a
    /// fact of its own (a figure, date or name that no claim holds is strong evidence; otherwise the detector
    /// decides) is reported where it stands, and the message names the claim that covers the rest. A part
    /// that only judges ("and that long record matters more than any ceremony") needs no source. A live
    /// source linked from the sentence covers all of it. A sentence that restates no claim and reads as a view
    /// may still state a figure or date on the side, in a relative clause or an apposition after a name ("…,
    /// said Mr Lee, whose six-day official visit to China ends today"): that aside is reported where it stands.
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
    /// With a ledger whose claim "Kazakhstan has had diplomatic relations with Israel since 1992." is
    /// sourced, the second part of this sentence is reported (the first is covered):
    ///
    /// ```markdown
    /// Kazakhstan has had diplomatic relations with Israel since 1992, and its embassy in Tel Aviv opened in 1996.
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
    let covering: Vec<&str> = e.claims.iter().map(|c| short(&c.id)).collect();
    for part in e.parts.iter().filter(|p| p.states_fact && p.conflict.is_none()) {
        let what = match part.holds.as_slice() {
            [] => "states a fact that no ledger claim of this sentence supports".to_owned(),
            holds => format!("states {} without a source", holds.join(", ")),
        };
        // A sentence that rewords its claims in every part and adds names or figures is one part, the whole.
        let whole = part.at.start_byte <= e.here.start_byte && part.at.end_byte >= e.here.end_byte;
        let rest = match (covering.as_slice(), whole) {
            ([], _) => "the rest of the sentence reads as a view, which needs no source".to_owned(),
            ([one], false) => format!("ledger claim {one} covers the rest of the sentence"),
            (many, false) => format!("ledger claims {} cover the rest of the sentence", many.join(", ")),
            ([one], true) => format!("ledger claim {one} covers only what it restates"),
            (many, true) => format!("ledger claims {} cover only what they restate", many.join(", ")),
        };
        let which = if whole { "sentence" } else { "part" };
        hits.push(Hit {
            location: part.at.clone(),
            message: format!("this {which} {what}; {rest}"),
            hint: "record this part as a claim of its own with its source (`claimledger claim add '...' --source ID --quote '...'`), link a live source, or exempt the sentence with `<!-- claimledger-ignore: REASON -->`".into(),
            claims: e.claim_ids(),
        });
    }
    if e.claims.is_empty() && e.detected && !e.cites_live_source() {
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
    fn an_added_fact_is_reported_at_its_part_and_a_judgement_is_not() {
        let ledger = testing::DocLedger::new();
        let text = testing::example_blocks(Rule::UnsourcedClaim, "Example")[1].clone();
        let report = ledger.check(&text);
        assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
        let f = &report.findings[0];
        assert_eq!(f.rule, Rule::UnsourcedClaim);
        assert_eq!(&text[f.location.start_byte..f.location.end_byte], "its embassy in Tel Aviv opened in 1996.");
        assert_eq!((f.location.line, f.location.column, f.location.end_column), (1, 69, 108));
        assert_eq!(
            f.message,
            "this part states 1996, Tel Aviv without a source; ledger claim d07bd768cc0b covers the rest of the sentence"
        );
        let judged = "Kazakhstan has had diplomatic relations with Israel since 1992, and that long record matters more than any ceremony.\n";
        assert!(ledger.check(judged).findings.is_empty());
    }

    #[test]
    fn a_live_link_covers_every_part() {
        let ledger = testing::DocLedger::new();
        let text = "Kazakhstan has had diplomatic relations with Israel since 1992, and its embassy in Tel Aviv opened in 1996 ([Anadolu](https://www.aa.com.tr/en/asia-pacific/kazakhstan-israel-ties/100)).\n";
        assert!(ledger.check(text).findings.is_empty(), "{:#?}", ledger.check(text).findings);
    }

    #[test]
    fn opinion_and_questions_need_no_source() {
        let ledger = testing::DocLedger::new();
        let report = ledger.check("This is a win worth celebrating. Should others follow?\n");
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
    }

    #[test]
    fn a_figure_on_the_side_of_a_view_is_reported_at_its_aside() {
        let ledger = testing::DocLedger::new();
        let text = "That was not acceptable, said Mr Lee, whose six-day official visit to China ends today.\n";
        let report = ledger.check(text);
        assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
        let f = &report.findings[0];
        assert_eq!(f.rule, Rule::UnsourcedClaim);
        assert_eq!(
            &text[f.location.start_byte..f.location.end_byte],
            "whose six-day official visit to China ends today."
        );
        assert_eq!(
            f.message,
            "this part states six, China without a source; the rest of the sentence reads as a view, which needs no source"
        );
        // The view alone, a list inside a view, and a question are left alone.
        for quiet in [
            "The plan, which its critics call reckless, is doomed.\n",
            "Like soggy picnics, the Archers or a fondness for shorts in February, the collapse is a feature of life.\n",
            "Why did the minister, who earned £200,000 last year, stay silent?\n",
        ] {
            assert!(ledger.check(quiet).findings.is_empty(), "{quiet}: {:#?}", ledger.check(quiet).findings);
        }
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
