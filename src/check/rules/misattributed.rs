//! misattributed: the text credits an outlet that is not among the sentence's live sources.

use super::{declare_rule, Hit};
use crate::check::credits::same_outlet;
use crate::check::evidence::Evidence;

declare_rule! {
    /// ## What it means
    /// The sentence credits an outlet in its own words ("as NPR reported", "according to Reuters", "the
    /// Jerusalem Post noted"), and that outlet is not among the live sources of what the sentence says:
    /// neither a source of the ledger claims it restates nor a live source it links. People ("Tokayev
    /// said") are not outlets and are not checked.
    ///
    /// ## Why it matters
    /// Crediting the wrong outlet misleads readers about where a fact comes from and takes credit from the
    /// outlet that reported it; when that outlet's story is later corrected, no one will connect the two.
    ///
    /// ## Example
    /// With a ledger whose only source for "Kazakhstan has had diplomatic relations with Israel since 1992."
    /// is Anadolu Agency:
    ///
    /// ```markdown
    /// As NPR reported, Kazakhstan has had diplomatic relations with Israel since 1992.
    /// ```
    ///
    /// ## How to fix
    /// Credit an outlet the ledger records for the fact, or record the credited outlet's story as a source
    /// and attribute the claim to it (`claimledger source add URL --outlet NPR`, then `claimledger attribute`).
    ///
    /// ```markdown
    /// As Anadolu Agency reported, Kazakhstan has had diplomatic relations with Israel since 1992.
    /// ```
    const RULE = {
        rule: Misattributed,
        id: "misattributed",
        severity: Warning,
        summary: "The text credits an outlet that is not among the claim's live sources.",
        check: super::Check::Sentence(check),
    };
}

fn check(e: &Evidence) -> Vec<Hit> {
    if !e.judges_claims() {
        return Vec::new();
    }
    let live = e.live_outlets();
    if live.is_empty() {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for credited in &e.credited {
        if live.iter().any(|o| same_outlet(o, credited)) {
            continue;
        }
        let mut known = live.clone();
        known.sort_unstable();
        known.dedup();
        hits.push(Hit {
            location: e.here.clone(),
            message: format!("the text credits {credited}, but the live sources are {}", known.join(", ")),
            hint: format!(
                "credit an outlet the ledger records, or record {credited}'s story as a source and attribute the claim to it"
            ),
            claims: e.claim_ids(),
        });
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::super::{testing, Rule};

    #[test]
    fn documented_example() {
        testing::assert_documented(Rule::Misattributed);
    }
}
