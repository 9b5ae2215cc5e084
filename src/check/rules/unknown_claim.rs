//! unknown-claim: a claim marker names an id the ledger does not have.

use super::{declare_rule, Hit};
use crate::check::evidence::Evidence;

declare_rule! {
    /// ## What it means
    /// A `<!-- claim: ID -->` marker after the sentence binds it to a ledger claim, and the id (or prefix)
    /// it gives names no claim in the ledger: it was mistyped, it names a source or another kind of record,
    /// it is ambiguous, or the claim was never added (or not yet pulled from the branch that added it).
    ///
    /// ## Why it matters
    /// A marker is the author saying "this sentence is that claim". When the marker points nowhere, the
    /// sentence is judged as if it were unmarked, and the author believes a link exists that does not.
    ///
    /// ## Example
    /// With a ledger that has no claim whose id starts with `0badc0de`:
    ///
    /// ```markdown
    /// Kazakhstan is one of nineteen founding nations of the Board of Peace. <!-- claim: 0badc0de -->
    /// ```
    ///
    /// ## How to fix
    /// Look the claim up (`claimledger list claims`, `claimledger match --text '...'`) and give its id or an
    /// unambiguous prefix of at least 6 hex digits; add the claim first if it is new.
    ///
    /// ```markdown
    /// Kazakhstan is one of nineteen founding nations of the Board of Peace. <!-- claim: 3740b76b33cf -->
    /// ```
    const RULE = {
        rule: UnknownClaim,
        id: "unknown-claim",
        severity: Error,
        summary: "A claim marker names an id the ledger does not have.",
        check: super::Check::Sentence(check),
    };
}

fn check(e: &Evidence) -> Vec<Hit> {
    e.markers
        .iter()
        .filter(|m| m.claim.is_none())
        .map(|m| Hit {
            location: m.at.clone(),
            message: format!("claim marker names {}, which is not a claim in the ledger", m.prefix),
            hint: "check the id with `claimledger list claims`, or add the claim with `claimledger claim add`".into(),
            claims: vec![m.prefix.clone()],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{testing, Rule};

    #[test]
    fn documented_example() {
        testing::assert_documented(Rule::UnknownClaim);
    }
}
