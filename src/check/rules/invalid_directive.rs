//! invalid-directive: a claimledger comment that cannot be obeyed.

use super::{declare_rule, Hit};
use crate::check::evidence::DocumentEvidence;

declare_rule! {
    /// ## What it means
    /// An HTML comment addressed to claimledger is malformed or misplaced: a `claimledger-ignore` or an
    /// `off` without a reason, an ignore that names a rule that does not exist, a claim marker without an
    /// id, an `on` without an `off`, or a comment that starts with `claimledger` but is none of the forms
    /// below. The rest of the draft is still checked.
    ///
    /// The forms are `<!-- claim: ID -->` after a sentence, `<!-- claimledger-ignore: REASON -->` before
    /// one (or `<!-- claimledger-ignore RULE, RULE: REASON -->` to exempt only those rules), and
    /// `<!-- claimledger off: REASON -->` ... `<!-- claimledger on -->` around a passage.
    ///
    /// ## Why it matters
    /// Every exemption is a decision someone must be able to review, so an exemption needs its reason. A
    /// directive that is silently ignored would leave the author believing a sentence is exempted or bound
    /// when it is not.
    ///
    /// ## Example
    /// ```markdown
    /// <!-- claimledger-ignore -->
    /// The minister said the treaty had 300 signatories.
    /// ```
    ///
    /// ## How to fix
    /// Give the reason, in words a reviewer will understand later:
    ///
    /// ```markdown
    /// <!-- claimledger-ignore: the minister's words, checked against the speech transcript -->
    /// The minister said the treaty had 300 signatories.
    /// ```
    const RULE = {
        rule: InvalidDirective,
        id: "invalid-directive",
        severity: Error,
        summary: "A claimledger comment is malformed (an ignore without a reason, say).",
        check: super::Check::Document(check),
    };
}

fn check(d: &DocumentEvidence) -> Vec<Hit> {
    d.problems
        .iter()
        .map(|(at, message)| Hit {
            location: at.clone(),
            message: message.clone(),
            hint: "see the claimledger comment forms: `<!-- claim: ID -->`, `<!-- claimledger-ignore [RULE]: REASON -->`, `<!-- claimledger off: REASON -->` ... `<!-- claimledger on -->`".into(),
            claims: vec![],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{testing, Rule};

    #[test]
    fn documented_example() {
        testing::assert_documented(Rule::InvalidDirective);
    }
}
