//! retracted-source: the sentence's support, or a source it links, was retracted or withdrawn.

use super::{declare_rule, short, Hit};
use crate::check::evidence::{retraction_reason, Evidence, LinkStatus};

declare_rule! {
    /// ## What it means
    /// Support the sentence relies on is gone. Either the sentence links a ledger source whose outlet
    /// retracted the story (or that the newsroom withdrew), or it restates a ledger claim whose every source
    /// has been retracted. The message names the source and the retraction's date and reason.
    ///
    /// ## Why it matters
    /// A retracted story is no longer evidence. A draft that still leans on it repeats a claim its own
    /// source has taken back, which is exactly what a standards editor needs to catch before publication,
    /// and what `claimledger retract` exists to make visible in every draft that depended on the story.
    ///
    /// ## Example
    /// With a ledger in which Caspian Wire's report on the port (`https://wire.example.org/aktau-port-closed`)
    /// is retracted:
    ///
    /// ```markdown
    /// The port of Aktau closed to tankers in March, [Caspian Wire reported](https://wire.example.org/aktau-port-closed).
    /// ```
    ///
    /// ## How to fix
    /// Find a live source that supports the sentence and cite it, or remove the sentence. For a ledger claim,
    /// attribute it to the new source (`claimledger attribute CLAIM SOURCE --quote '...'`).
    ///
    /// ```markdown
    /// The port of Aktau closed to tankers in March, [the port authority said](https://port.example.kz/notices/12).
    /// ```
    const RULE = {
        rule: RetractedSource,
        id: "retracted-source",
        severity: Error,
        summary: "The sentence's only support has been retracted or withdrawn.",
        check: super::Check::Sentence(check),
    };
}

fn check(e: &Evidence) -> Vec<Hit> {
    let mut hits = Vec::new();
    for link in &e.links {
        if let LinkStatus::Retracted { outlet, reason, .. } = &link.status {
            hits.push(Hit {
                location: link.at.clone(),
                message: format!("linked source {outlet} <{}> is retracted{reason}", link.url),
                hint: "remove the link and cite a live source for this sentence".into(),
                claims: vec![],
            });
        }
    }
    if !e.judges_claims() {
        return hits;
    }
    for (claim, dead) in e.unsupported_claims() {
        let Some(first) = dead.first() else { continue };
        if dead.iter().all(|a| e.links_retracted(&a.source.id)) {
            continue; // already reported at the link
        }
        hits.push(Hit {
            location: e.here.clone(),
            message: format!(
                "its only support, {} <{}>, is retracted{}",
                first.source.outlet,
                first.source.url,
                retraction_reason(&first.retractions)
            ),
            hint: format!(
                "find a live source and run `claimledger attribute {} SOURCE --quote '...'`",
                short(&claim.id)
            ),
            claims: vec![claim.id.clone()],
        });
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::super::{testing, Rule};

    #[test]
    fn documented_example() {
        testing::assert_documented(Rule::RetractedSource);
    }

    #[test]
    fn a_claim_whose_sources_are_all_retracted_is_reported_at_the_sentence() {
        let mut doc = testing::DocLedger::new();
        let claim = doc.ledger.add_claim("Tankers stopped calling at Aktau in the first week of March.").unwrap().id;
        let source = doc.ledger.index().source_by_url("https://wire.example.org/aktau-port-closed").unwrap().unwrap();
        doc.ledger
            .attribute(
                &claim.to_hex(),
                &source.to_hex(),
                "Tankers stopped calling.",
                crate::record::QuoteKind::Paraphrase,
                &testing::stamp(),
            )
            .unwrap();
        let report = doc.check("Tankers stopped calling at Aktau in the first week of March.\n");
        let rules: Vec<Rule> = report.findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, [Rule::RetractedSource]);
        assert!(report.findings[0].message.starts_with("its only support, Caspian Wire <"), "{:#?}", report.findings);
        assert!(report.findings[0]
            .message
            .ends_with("(retraction effective 2026-01-12: the outlet withdrew the report)"));
    }
}
