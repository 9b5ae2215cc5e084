//! corrected-source: the sentence's support carries a correction.

use super::{declare_rule, Hit};
use crate::check::evidence::{Evidence, Support};

declare_rule! {
    /// ## What it means
    /// The sentence restates a ledger claim, and a live source of that claim has a correction on record:
    /// the outlet corrected its story (`claimledger retract SOURCE --kind correction`). The source still
    /// supports the claim, but perhaps not every detail of it. The message gives the correction's date and
    /// reason.
    ///
    /// ## Why it matters
    /// A correction often changes exactly the detail a draft repeats: a date, a figure, a name. The
    /// sentence may have been written from the story before it was corrected.
    ///
    /// ## Example
    /// With a ledger in which Astana Herald, the source of "Fourteen heads of state attended the summit in
    /// Astana in June 2025.", corrected the number of delegations in its story:
    ///
    /// ```markdown
    /// Fourteen heads of state attended the summit in Astana in June 2025.
    /// ```
    ///
    /// ## How to fix
    /// Read the correction and bring the sentence in line with the corrected story. When it already is,
    /// exempt it with a reason that names the correction, so that reviewers see the check was made:
    ///
    /// ```markdown
    /// <!-- claimledger-ignore: checked against the Herald's correction of 24 January -->
    /// Fourteen heads of state attended the summit in Astana in June 2025.
    /// ```
    const RULE = {
        rule: CorrectedSource,
        id: "corrected-source",
        severity: Warning,
        summary: "The sentence's support has a correction on record.",
        check: super::Check::Sentence(check),
    };
}

fn check(e: &Evidence) -> Vec<Hit> {
    if !e.judges_claims() {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for c in &e.claims {
        let Support::Standing(attributions) = &c.support else { continue };
        for a in &attributions.live {
            if let Some(r) = a.retractions.iter().find(|r| r.kind == "correction") {
                hits.push(Hit {
                    location: e.here.clone(),
                    message: format!(
                        "support from {} carries a correction effective {}: {}",
                        a.source.outlet, r.effective, r.reason
                    ),
                    hint: "check that the sentence reflects the corrected story".into(),
                    claims: vec![c.id.clone()],
                });
            }
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::super::{testing, Rule};

    #[test]
    fn documented_example() {
        testing::assert_documented(Rule::CorrectedSource);
    }
}
