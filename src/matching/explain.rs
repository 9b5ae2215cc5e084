//! Why a sentence does not state a claim: the figures, names and words of the claim it lacks.
//!
//! [`super::compare`] gives a verdict and a covered share; this file tells a user what stands between a
//! candidate and a match, so that they can decide whether to reword the sentence or bind it to the claim with
//! `<!-- claim: ID -->`. It reads the same analyses and the same weights as the scorer and decides nothing.
//! Invariant: everything it names is the claim's own wording (figures and names as written, words as the
//! claim spells them), heaviest first.

use serde::Serialize;

use super::analyze::Analysis;
use super::figure::Compat;
use super::score::{denial_differs, relative_dates_given};
use super::KeyWeights;

/// What of a claim a sentence lacks.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Lacks {
    /// Figures of the claim that the sentence does not state ("1992", "twenty million").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<String>,
    /// Dates of the claim that the sentence may give relative to the day of writing, each with the words that
    /// give it ("August" as "this month"): taken as given, for the reader to confirm.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relative: Vec<(String, String)>,
    /// Names of the claim whose head the sentence does not have ("Abraham Accords").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// Content words of the claim the sentence does not have, heaviest (rarest) first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
    /// The sentence negates what the claim affirms, or the other way round.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub negation: bool,
    /// The sentence asks rather than states.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub question: bool,
}

impl Lacks {
    /// Nothing is missing and no date is taken as given.
    pub fn is_empty(&self) -> bool {
        self.figures.is_empty()
            && self.relative.is_empty()
            && self.names.is_empty()
            && self.words.is_empty()
            && !self.negation
            && !self.question
    }

    /// Only the dates taken as given: what a user should still confirm of a sentence that matches.
    pub fn relative_only(self) -> Lacks {
        Lacks { relative: self.relative, ..Lacks::default() }
    }

    /// One line for people: "lacks 1992; names: Israel; words: diplomatic, relations".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.figures.is_empty() {
            parts.push(format!("figures {}", self.figures.join(", ")));
        }
        if !self.names.is_empty() {
            parts.push(format!("names {}", self.names.join(", ")));
        }
        if !self.words.is_empty() {
            parts.push(format!("words {}", self.words.join(", ")));
        }
        let mut out = if parts.is_empty() { String::new() } else { format!("lacks {}", parts.join("; ")) };
        for (date, words) in &self.relative {
            if !out.is_empty() {
                out.push_str("; ");
            }
            out.push_str(&format!("takes \"{words}\" for {date}"));
        }
        for (flag, note) in [(self.negation, "negation differs"), (self.question, "a question")] {
            if flag {
                if !out.is_empty() {
                    out.push_str("; ");
                }
                out.push_str(note);
            }
        }
        out
    }
}

/// How many missing words are named at most.
const MAX_WORDS: usize = 6;

/// What of `claim` the `sentence` lacks (both analysed with [`super::analyze()`]).
pub fn lacks(sentence: &Analysis, claim: &Analysis, weights: &dyn KeyWeights) -> Lacks {
    let stand_ins = relative_dates_given(sentence, claim, weights);
    let mut figures = Vec::new();
    let mut relative = Vec::new();
    for (i, f) in claim.figures.iter().enumerate() {
        if f.implicit || sentence.figures.iter().any(|g| g.compat(f) == Compat::Same) {
            continue;
        }
        match stand_ins.get(i).copied().flatten() {
            Some(r) => relative.push((f.text.clone(), r.text.clone())),
            None => figures.push(f.text.clone()),
        }
    }
    let names: Vec<String> =
        claim.names.iter().filter(|n| !sentence.has_stem(&n.head)).map(|n| n.text.clone()).collect();
    let in_names = |stem: &str| claim.names.iter().any(|n| n.stems.iter().any(|s| s == stem));
    let mut missing: Vec<(f32, usize, &str)> = Vec::new();
    for stem in claim.stems.iter().filter(|s| !sentence.has_stem(s) && !in_names(s)) {
        // The claim's own spelling of the word, at its first occurrence.
        if let Some((at, t)) = claim.tokens.iter().enumerate().find(|(_, t)| &t.stem == stem) {
            missing.push((weights.weight(stem), at, t.text.as_str()));
        }
    }
    missing.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut words: Vec<String> = Vec::new();
    for (_, _, w) in missing {
        if words.len() == MAX_WORDS {
            break;
        }
        if !words.iter().any(|x| x.eq_ignore_ascii_case(w)) {
            words.push(w.to_owned());
        }
    }
    let negation = denial_differs(sentence, claim);
    Lacks { figures, relative, names, words, negation, question: sentence.question }
}

#[cfg(test)]
mod tests {
    use super::super::{analyze, Uniform};
    use super::*;

    #[test]
    fn names_the_missing_figure_name_and_words() {
        let claim = analyze("Kazakhstan has had diplomatic relations with Israel since 1992.");
        let l = lacks(&analyze("Kazakhstan has close ties with its neighbours."), &claim, &Uniform);
        assert_eq!(l.figures, ["1992"]);
        assert_eq!(l.names, ["Israel"]);
        assert!(l.words.iter().any(|w| w == "diplomatic"), "{l:?}");
        assert!(l.describe().starts_with("lacks figures 1992; names Israel; words "), "{}", l.describe());
        let full = lacks(&analyze("Since 1992 Kazakhstan has had diplomatic relations with Israel."), &claim, &Uniform);
        assert!(full.is_empty(), "{full:?}");
        let asked =
            lacks(&analyze("Has Kazakhstan had diplomatic relations with Israel since 1992?"), &claim, &Uniform);
        assert_eq!(asked.describe(), "a question");
        let denied =
            lacks(&analyze("Kazakhstan has not had diplomatic relations with Israel since 1992."), &claim, &Uniform);
        assert!(denied.negation);
    }

    #[test]
    fn reports_a_negation_exactly_when_the_scorer_sees_one() {
        let pairs = [
            // The same denial, its words in another order, or beyond the negation's reach in its clause: the scorer
            // sees no clash, so neither does the hint.
            (
                "Hitler did not have the weapons that Vladimir Putin now commands.",
                "Vladimir Putin commands weapons that Hitler did not have.",
            ),
            (
                "The mayor said he did not back the proposed plan, which took two years.",
                "The mayor said he did not back the proposed future land use plan.",
            ),
            // A denial the claim does not share, and one it does not make.
            (
                "The council approved the stadium but did not approve the hotel.",
                "The council did not approve the stadium.",
            ),
            (
                "Kazakhstan has not had diplomatic relations with Israel since 1992.",
                "Kazakhstan has had diplomatic relations with Israel since 1992.",
            ),
        ];
        let mut seen = Vec::new();
        for (sentence, claim) in pairs {
            seen.push(lacks(&analyze(sentence), &analyze(claim), &Uniform).negation);
        }
        assert_eq!(seen, [false, false, true, true]);
    }
}
