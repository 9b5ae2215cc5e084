//! unregistered-source: a link to a URL that is not a ledger source.

use super::{declare_rule, Hit};
use crate::check::evidence::{Evidence, LinkStatus};

declare_rule! {
    /// ## What it means
    /// The sentence links a page whose URL (after normalisation: tracking parameters and fragments dropped)
    /// is not a source in the ledger. The link is not a citation: it supports nothing as far as `check` is
    /// concerned, so a factual sentence with only such a link is also an `unsourced-claim`.
    ///
    /// ## Why it matters
    /// A link in a draft looks like a source to an editor, but the ledger knows nothing of it: it is not
    /// archived, it is not watched for retractions, and no quote records what it supports.
    ///
    /// ## Example
    /// With a ledger that has no source at `https://example.org/budget`:
    ///
    /// ```markdown
    /// The budget grew by 12 percent last year, [the ministry said](https://example.org/budget).
    /// ```
    ///
    /// ## How to fix
    /// Record the page as a source (`claimledger source add 'URL' --outlet NAME`) and attribute the claim to
    /// it, or link the ledger's source for the fact instead:
    ///
    /// ```markdown
    /// The budget grew by 12 percent last year, [the ministry said](https://minfin.example.kz/budget-2025).
    /// ```
    const RULE = {
        rule: UnregisteredSource,
        id: "unregistered-source",
        severity: Warning,
        summary: "A link points to a URL that is not a ledger source.",
        check: super::Check::Sentence(check),
    };
}

fn check(e: &Evidence) -> Vec<Hit> {
    e.links
        .iter()
        .filter(|l| matches!(l.status, LinkStatus::Unregistered))
        .map(|l| Hit {
            location: l.at.clone(),
            message: format!("link to {} is not a ledger source", l.url),
            hint: format!("record it: `claimledger source add '{}' --outlet NAME`", l.url),
            claims: vec![],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{testing, Rule};

    #[test]
    fn documented_example() {
        testing::assert_documented(Rule::UnregisteredSource);
    }
}
