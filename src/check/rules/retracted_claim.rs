//! retracted-claim: the sentence restates a claim the ledger has withdrawn.

use super::{declare_rule, short, Hit};
use crate::check::evidence::{Evidence, Support};

declare_rule! {
    /// ## What it means
    /// The sentence says what a ledger claim says, and the newsroom has withdrawn that claim (a retraction
    /// record whose target is the claim itself). The message gives the withdrawal's date and reason.
    ///
    /// ## Why it matters
    /// A claim is withdrawn when the newsroom no longer stands behind it: it was wrong, or recorded in
    /// error. Publishing it again repeats the error the ledger was told about.
    ///
    /// ## Example
    /// With a ledger in which "The road bridge over the Ural at Atyrau opened in 2019." is withdrawn because
    /// the year was wrong:
    ///
    /// ```markdown
    /// The road bridge over the Ural at Atyrau opened in 2019.
    /// ```
    ///
    /// ## How to fix
    /// Remove the sentence, or rewrite it to say what a standing, sourced claim says:
    ///
    /// ```markdown
    /// The road bridge over the Ural at Atyrau opened in 2021.
    /// ```
    const RULE = {
        rule: RetractedClaim,
        id: "retracted-claim",
        severity: Error,
        summary: "The sentence restates a claim the ledger has withdrawn.",
        check: super::Check::Sentence(check),
    };
}

fn check(e: &Evidence) -> Vec<Hit> {
    if !e.judges_claims() {
        return Vec::new();
    }
    e.claims
        .iter()
        .filter_map(|c| match &c.support {
            Support::Retracted { reason } => Some(Hit {
                location: e.here.clone(),
                message: format!("restates ledger claim {}, which is withdrawn{reason}", short(&c.id)),
                hint: "remove or rewrite the sentence; the ledger no longer stands behind it".into(),
                claims: vec![c.id.clone()],
            }),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{testing, Rule};

    #[test]
    fn documented_example() {
        testing::assert_documented(Rule::RetractedClaim);
    }
}
