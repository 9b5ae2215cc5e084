//! What the checker knows about one sentence, gathered once, for every rule to read.
//!
//! The checker fills an [`Evidence`] per sentence (links and their status, claim markers, matched claims with
//! their support, conflicts, the detector's decision, credited outlets); each rule in [`super::rules`] is a
//! small function of it. Evidence holds values, not the index: rules cannot look anything up, so what they
//! decide is a function of what is written here. The few verdicts several rules share ("does the sentence
//! state a fact at all", "is its conflict what gets reported") are methods, so that they are decided once.

use std::rc::Rc;

use super::engine::ClaimMatch;
use super::finding::Location;
use crate::index::AttributionView;
use crate::matching::Decision;

/// One sentence and everything the rules need to judge it.
pub(crate) struct Evidence {
    /// The whole sentence in the draft.
    pub here: Location,
    pub links: Vec<LinkEvidence>,
    pub markers: Vec<MarkerEvidence>,
    /// The index's candidates with the matcher's verdicts, best first.
    pub candidates: Rc<Vec<ClaimMatch>>,
    /// Ledger claims the sentence restates: bound by a marker first, then matched, without duplicates.
    pub claims: Vec<ClaimEvidence>,
    /// Indices into `candidates` of conflicts that count: not a claim of the sentence, and not explained by
    /// a name that is only the text of a link.
    pub conflicts: Vec<usize>,
    /// The detector says the sentence states a checkable fact (questions and sweeping judgements excepted).
    pub detected: bool,
    /// Outlets the sentence credits in its own words ("as NPR reported"); gathered only when the sentence
    /// states a fact.
    pub credited: Vec<String>,
    /// The parts of the sentence that its claims leave uncovered, when it restates claims and links no live
    /// source (a live link supports the whole sentence).
    pub parts: Vec<PartEvidence>,
}

/// A part of a sentence that no claim of the sentence covers.
pub(crate) struct PartEvidence {
    pub at: Location,
    /// Figures, dates, names and superlatives in the part that no claim of the sentence holds.
    pub holds: Vec<String>,
    /// Whether the part states a checkable fact of its own (rather than judging).
    pub states_fact: bool,
    /// Index into `candidates` of a conflict whose differing figures or names are in this part.
    pub conflict: Option<usize>,
}

/// A link in the sentence and what the ledger knows of its URL.
pub(crate) struct LinkEvidence {
    /// Normalised.
    pub url: String,
    pub at: Location,
    pub status: LinkStatus,
}

pub(crate) enum LinkStatus {
    /// No ledger source has this URL.
    Unregistered,
    /// A live ledger source: the link is a citation.
    Live { outlet: String },
    /// A ledger source that was retracted or withdrawn; `reason` is " (kind effective date: reason)" or empty.
    Retracted { source: String, outlet: String, reason: String },
}

/// A `<!-- claim: ID -->` marker after the sentence.
pub(crate) struct MarkerEvidence {
    pub prefix: String,
    pub at: Location,
    /// The claim it names, when the prefix names exactly one ledger claim.
    pub claim: Option<String>,
}

/// A ledger claim the sentence restates.
pub(crate) struct ClaimEvidence {
    pub id: String,
    pub text: String,
    pub support: Support,
}

/// The support a ledger claim has.
pub(crate) enum Support {
    /// The ledger has no such claim (a stale cache entry): judged by nothing.
    Unknown,
    /// The claim itself is withdrawn; `reason` as in [`LinkStatus::Retracted`].
    Retracted { reason: String },
    /// A standing claim, with its attributions.
    Standing(Rc<Attributions>),
}

/// A claim's attributions: live ones support it, dead ones (retracted or withdrawn) no longer do.
pub(crate) struct Attributions {
    pub live: Vec<AttributionView>,
    pub dead: Vec<AttributionView>,
}

impl Evidence {
    /// Whether the sentence states something the rules about claims must judge: it restates a ledger claim,
    /// conflicts with one, the detector says it states a fact, or a part of it states one (an aside of a
    /// sentence that reads as a view: [`crate::check::parts`]).
    pub fn states_fact(&self) -> bool {
        !self.claims.is_empty()
            || !self.conflicts.is_empty()
            || self.detected
            || self.parts.iter().any(|p| p.states_fact)
    }

    /// The conflict that is the sentence's finding: the best one, when the sentence restates no claim.
    pub fn reported_conflict(&self) -> Option<&ClaimMatch> {
        if !self.claims.is_empty() {
            return None;
        }
        self.conflicts.first().map(|&i| &self.candidates[i])
    }

    /// Whether claim-level rules apply: the sentence states a fact and is not a wrong figure.
    pub fn judges_claims(&self) -> bool {
        self.states_fact() && self.reported_conflict().is_none()
    }

    /// Links to live ledger sources, with their outlets.
    pub fn live_citations(&self) -> impl Iterator<Item = &str> {
        self.links.iter().filter_map(|l| match &l.status {
            LinkStatus::Live { outlet } => Some(outlet.as_str()),
            _ => None,
        })
    }

    pub fn cites_live_source(&self) -> bool {
        self.live_citations().next().is_some()
    }

    /// Whether a retracted source is linked from this sentence (and so already reported at the link).
    pub fn links_retracted(&self, source: &str) -> bool {
        self.links.iter().any(|l| matches!(&l.status, LinkStatus::Retracted { source: s, .. } if s == source))
    }

    /// Claims that stand but have no live support of their own, when no live link supports the sentence.
    pub fn unsupported_claims(&self) -> impl Iterator<Item = (&ClaimEvidence, &[AttributionView])> {
        let cited = self.cites_live_source();
        self.claims.iter().filter_map(move |c| match &c.support {
            Support::Standing(a) if a.live.is_empty() && !cited => Some((c, a.dead.as_slice())),
            _ => None,
        })
    }

    /// The outlets of the sentence's live support: linked sources, then the live sources of its standing
    /// claims, in that order, with repeats.
    pub fn live_outlets(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.live_citations().collect();
        for c in &self.claims {
            if let Support::Standing(a) = &c.support {
                out.extend(a.live.iter().map(|a| a.source.outlet.as_str()));
            }
        }
        out
    }

    /// The ledger claims the sentence restates, by id.
    pub fn claim_ids(&self) -> Vec<String> {
        self.claims.iter().map(|c| c.id.clone()).collect()
    }
}

/// The matcher's conflict details of a candidate: the ledger's and the draft's differing figures or names.
pub(crate) fn conflict_of(c: &ClaimMatch) -> Option<(&[String], &[String])> {
    match &c.decision {
        Decision::Conflict { ledger, draft } => Some((ledger, draft)),
        _ => None,
    }
}

/// What the rules about the whole draft read.
pub(crate) struct DocumentEvidence {
    /// Malformed or misplaced directives: where, and what is wrong.
    pub problems: Vec<(Location, String)>,
}

/// " (kind effective date: reason)" for the first retraction that is not a correction, or "".
pub(crate) fn retraction_reason(rows: &[crate::index::RetractionRow]) -> String {
    rows.iter()
        .find(|r| r.kind != "correction")
        .map(|r| format!(" ({} effective {}: {})", r.kind, r.effective, r.reason))
        .unwrap_or_default()
}

/// A question asks; it states nothing to source.
pub(super) fn is_question(text: &str) -> bool {
    text.trim_end_matches(|c: char| c == '"' || c == '\u{201d}' || c == ')' || c.is_whitespace()).ends_with('?')
}

/// Sweeping judgements ("have always underestimated", "more than any summit ever did") read like facts to a
/// word-based model but state none: without a figure to check they are opinion. A sentence with a digit or
/// a number word is left to the model, and so is a comparison with every other of a class it names ("emits more
/// than any other country", [`compares_with_a_class`]).
pub(super) fn is_sweeping_judgement(text: &str) -> bool {
    let lower = text.to_lowercase();
    const MARKERS: [&str; 8] = [
        "underestimat",
        "overestimat",
        "ever did",
        "of all time",
        "more than ever",
        "have always",
        "has always",
        "never been more",
    ];
    let sweeping_than_any =
        lower.match_indices("than any").any(|(at, m)| !compares_with_a_class(&lower[at + m.len()..]));
    (sweeping_than_any || MARKERS.iter().any(|m| lower.contains(m)))
        && crate::matching::analyze(text).figures.is_empty()
}

/// Whether what follows "than any" names the class a comparison ranks within: "other" or "previous" ("than any
/// other country", "than any previous administration"), or a scope in the same clause ("than any year in
/// history", "than any nation on earth", "than any year since 1940"). Such a comparison is a superlative in other
/// words, a record to check. "Than any ceremony", "than anyone" and "than anything" sweep.
fn compares_with_a_class(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(' ') else { return false };
    if rest.starts_with("other ") || rest.starts_with("previous ") {
        return true;
    }
    let clause = rest.split([',', ';', ':', '.', '\u{2013}', '\u{2014}']).next().unwrap_or_default();
    [" in history", " in the world", " on earth", " on record", " since "].iter().any(|scope| clause.contains(scope))
}

#[cfg(test)]
mod tests {
    use super::is_sweeping_judgement;

    #[test]
    fn a_comparison_with_every_other_of_a_named_class_is_no_sweep() {
        for sweep in [
            "That long record matters more than any ceremony.",
            "The summit did more for the region than any other summit ever did.",
            "She understands the tax code better than anybody.",
            "More than anything, it invites misreading.",
            "Markets have always underestimated him.",
        ] {
            assert!(is_sweeping_judgement(sweep), "{sweep}");
        }
        for class in [
            "China emits more carbon dioxide than any other country.",
            "The state cut crime by more than any other industrial state.",
            "We have more money going out for local police than any previous administration.",
            "Our cancer rate is higher than any country in the world.",
            "Premiums rose slower than any time in history.",
        ] {
            assert!(!is_sweeping_judgement(class), "{class}");
        }
        // Nor is a sweep with a figure, as before.
        assert!(!is_sweeping_judgement("Fewer homes were built than any year since 1940."));
    }
}
