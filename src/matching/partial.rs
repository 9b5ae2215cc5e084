//! A sentence that states part of a claim: prose leaves to the article around it what a ledger's claim spells
//! out (the names, the date, the rest of the event), and a claim that says more than its sentence still states
//! what the sentence says. Also how a name is recognised in another form (an acronym).
//!
//! This file owns [`restates_part_of`] and [`same_name`]; [`super::score`] decides with them. Pure functions of
//! two analyses; they allocate only for the initials of a name in capitals and a sentence's judging words.

use super::analyze::{Analysis, Name};
use super::figure::Compat;
use super::score::{embedded_cosine, is_generic, MATCH_THRESHOLD, REWORDED_FLOOR};
use super::KeyWeights;

/// The share of a claim a sentence must cover when all it states is in the claim and the claim says more
/// ([`restates_part_of`]): the sentence must still carry a good part of the claim, not one name and a verb.
pub(super) const ELIDED_FLOOR: f32 = 0.25;

/// The fewest names, figures and content words a sentence that states part of a claim must have.
const ELIDED_MIN_UNITS: usize = 3;

/// Whether everything the sentence states is in the claim, which says more: its names and figures are the
/// claim's, and so are three in four of its content words (words that judge and words such as "last year"
/// aside), or half of them when the two read alike by sentence embeddings (at `reworded_cosine`). The sentence
/// then leaves out what the claim adds, as prose does with what the reader already knows ("villagers have
/// opposed the scheme twice", against a claim that names the scheme); the claim supports what it says. It must
/// have a name or figure in common with the claim, or else [`ELIDED_MIN_UNITS`] content words.
pub(super) fn restates_part_of(
    sentence: &Analysis,
    claim: &Analysis,
    weights: &dyn KeyWeights,
    reworded_cosine: f32,
) -> bool {
    // A day of the week that none of the claim's full dates fell on is another day ("died last Tuesday" against
    // Monday 21 April 2025).
    let another_day = sentence.relative.iter().any(|r| {
        claim.figures.iter().any(|f| r.unit.may_give(f) && !r.may_give(f))
            && !claim.figures.iter().any(|f| r.names_the_weekday_of(f))
    });
    if another_day {
        return false;
    }
    let (mut total, mut held) = (0.0f32, 0.0f32);
    let mut units = 0;
    let mut anchored = false;
    for name in sentence.names.iter().filter(|n| !n.credited && !is_generic(&n.head)) {
        if !(claim.has_stem(&name.head) || claim.names.iter().any(|c| same_name(name, c))) {
            return false;
        }
        anchored = true;
        units += 1;
    }
    for f in &sentence.figures {
        if !claim.figures.iter().any(|g| g.compat(f) == Compat::Same) {
            return false;
        }
        anchored = true;
        units += 1;
    }
    // Words that judge or grade ("a shrill headline", "clearly") are the sentence's view of the fact, no part of it.
    let mut judging: Vec<&str> = sentence
        .tokens
        .iter()
        .filter(|t| {
            !claim.has_stem(&t.stem)
                && (crate::detect::is_evaluative(&t.lower) || crate::detect::is_degree_word(&t.lower))
        })
        .map(|t| t.stem.as_str())
        .collect();
    judging.sort_unstable();
    judging.dedup();
    for stem in &sentence.stems {
        // Names are counted above; "last year", "this week" point at a time the claim gives as a date.
        if sentence.names.iter().any(|n| n.stems.contains(stem))
            || is_deictic_time(stem)
            || judging.binary_search(&stem.as_str()).is_ok()
        {
            continue;
        }
        let w = weights.weight(stem);
        total += w;
        units += 1;
        if claim.has_stem(stem) {
            held += w;
        }
    }
    let shared_words = sentence.stems.iter().filter(|s| claim.has_stem(s)).count();
    if !(anchored || shared_words >= ELIDED_MIN_UNITS) || units < ELIDED_MIN_UNITS || total <= 0.0 {
        return false;
    }
    // Its other words may put the claim's differently ("attributed to the floods", "blamed on the floods") when
    // its names and figures are the claim's and the two read alike.
    held / total >= MATCH_THRESHOLD
        || (anchored
            && held / total >= REWORDED_FLOOR
            && embedded_cosine(&sentence.tokens, &claim.tokens) >= reworded_cosine)
}

/// Two names written the same way, or one the initials of the other ("RCN", "Royal College of Nursing"; "FDA",
/// "US Food and Drug Administration").
pub fn same_name(a: &Name, b: &Name) -> bool {
    a.text.eq_ignore_ascii_case(&b.text) || abbreviates(a, b) || abbreviates(b, a)
}

/// Whether `short` is the initials of `long`, as written or as [`Name::spelled`].
fn abbreviates(short: &Name, long: &Name) -> bool {
    initials_of(&short.text, &long.text) || long.spelled.as_deref().is_some_and(|words| initials_of(&short.text, words))
}

/// Whether a name of one word is a text's short form of another of its names: the first letters of it, three at
/// least ("the Fed" after "the Federal Reserve"), or its initials. Only within one text, where the longer name
/// says what the short one stands for: across texts "Ford" is not "Fordham University".
pub(super) fn short_for(short: &Name, long: &Name) -> bool {
    let word = short.text.trim_end_matches('.').to_lowercase();
    let first = long.text.split_whitespace().next().unwrap_or_default().to_lowercase();
    let words = long.text.split_whitespace().count();
    !short.text.contains(' ')
        && words >= 2
        && ((word.chars().count() >= 3 && first.starts_with(&word) && first != word)
            || initials_of(&short.text, &long.text))
}

/// Whether `short` is an acronym of three to six capitals that spells the first letters of `long`'s words, the
/// small words of a name ("of", "the", "and", "for") left out or not; written with a stop after each letter
/// ("B.C." for British Columbia), two letters will do.
fn initials_of(short: &str, long: &str) -> bool {
    // Two bare letters stand for too many names ("MP", "PM"); the common ones are aliases of the analysis. Two
    // with stops are an abbreviation by their writing.
    let dotted = short.len() >= 4 && short.chars().enumerate().all(|(i, c)| (c == '.') == (i % 2 == 1));
    let short: String = short.chars().filter(|&c| c != '.').collect();
    let n = short.chars().count();
    let fewest = if dotted { 2 } else { 3 };
    if !(fewest..=6).contains(&n) || !short.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    let words: Vec<&str> = long.split(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty()).collect();
    let first = |ws: &mut dyn Iterator<Item = &&str>| ws.filter_map(|w| w.chars().next()).collect::<String>();
    let all = first(&mut words.iter());
    let major = first(&mut words.iter().filter(|w| !matches!(**w, "of" | "the" | "and" | "for" | "&")));
    words.len() >= 2 && (all.eq_ignore_ascii_case(&short) || major.eq_ignore_ascii_case(&short))
}

/// Words that point at a time from the moment of writing ("last year", "this week", "yesterday"): a claim
/// gives the date instead.
fn is_deictic_time(stem: &str) -> bool {
    // The past and present only: "next year" is a forecast, not the date of a fact.
    matches!(stem, "last" | "year" | "week" | "month" | "yesterday" | "today" | "ago")
}

#[cfg(test)]
mod tests {
    use super::super::score::{decide, Decision, REWORDED_COSINE};
    use super::*;

    #[test]
    fn a_sentence_that_leaves_out_what_the_claim_adds_is_stated_by_it() {
        let claim = "Meryl Streep plays Miranda Priestly in David Frankel's film The Devil Wears Prada.";
        assert_eq!(decide("Meryl Streep plays Miranda Priestly.", claim, REWORDED_COSINE), Decision::Match);
        let claim = "Hikers have already climbed the Matterhorn north face route twice this winter.";
        assert_eq!(
            decide("Brave hikers have already climbed the route twice.", claim, REWORDED_COSINE),
            Decision::Match
        );
        // Something the claim does not say, a name or a figure, is no part of it.
        for sentence in [
            "Meryl Streep plays Miranda Priestly in London.",
            "Meryl Streep plays Miranda Priestly in 2006.",
            "Anne Hathaway plays Miranda Priestly.",
        ] {
            let claim = "Meryl Streep plays Miranda Priestly in David Frankel's film The Devil Wears Prada.";
            assert_ne!(decide(sentence, claim, REWORDED_COSINE), Decision::Match, "{sentence}");
        }
        // Too little of the claim: one name and a verb.
        let claim =
            "The Dutch government raised the state pension age to 67 in 2024 after a long debate in parliament.";
        assert_eq!(decide("The government raised it.", claim, REWORDED_COSINE), Decision::NoMatch);
    }

    #[test]
    fn an_acronym_is_the_name_it_abbreviates() {
        let claim = "The Royal College of Nursing held its first strike in December 2022.";
        assert_eq!(decide("The RCN held its first strike in December 2022.", claim, REWORDED_COSINE), Decision::Match);
        assert!(initials_of("WHO", "World Health Organization") && initials_of("RCN", "Royal College of Nursing"));
        assert!(!initials_of("RCN", "Royal Navy") && !initials_of("Rcn", "Royal College of Nursing"));
        // Within one text, a name's first letters stand for it.
        let fed =
            "In June, Federal Reserve Chair Jerome Powell admitted that with hindsight the Fed had underestimated inflation.";
        assert_eq!(
            decide(
                "US Federal Reserve Chair Jerome Powell conceded in June that, with hindsight, officials did \
                 underestimate inflation.",
                fed,
                REWORDED_COSINE
            ),
            Decision::Match
        );
        // A title before a person's name is no initial of it.
        let amlo = "In 2019 Mexico's President Andrés Manuel López Obrador held a news conference every weekday.";
        let sentence = "In 2019 AMLO held a news conference every weekday.";
        assert_eq!(decide(sentence, amlo, REWORDED_COSINE), Decision::Match);
        // A name that "and" runs through is read whole, and a country that opens a name is no initial of it.
        let fda = "The US Food and Drug Administration approved the vaccine for children aged 5 to 11 in October 2021.";
        let sentence = "The FDA approved the vaccine for children aged 5 to 11 in October 2021.";
        assert_eq!(decide(sentence, fda, REWORDED_COSINE), Decision::Match);
        let sentence = "The Food and Drug Administration approved it for children aged 5 to 11 in October 2021.";
        let claim = "The FDA approved the vaccine for children aged 5 to 11 in October 2021.";
        assert_eq!(decide(sentence, claim, REWORDED_COSINE), Decision::Match);
        let epa = "The US Environmental Protection Agency tightened the limit on soot in February 2024.";
        assert_eq!(
            decide("The EPA tightened the limit on soot in February 2024.", epa, REWORDED_COSINE),
            Decision::Match
        );
        // Another body's initials are another body.
        let sentence = "The CDC approved the vaccine for children aged 5 to 11 in October 2021.";
        assert_ne!(decide(sentence, fda, REWORDED_COSINE), Decision::Match);
        // Two names joined by "and" are no acronym of either alone.
        let claim = "Germany and France signed the treaty in Aachen in January 2019.";
        let sentence = "The GF signed the treaty in Aachen in January 2019.";
        assert_ne!(decide(sentence, claim, REWORDED_COSINE), Decision::Match);
        // Two letters with stops are an abbreviation; two bare capitals are not enough.
        assert!(initials_of("B.C.", "British Columbia") && initials_of("U.S.", "United States"));
        assert!(!initials_of("BC", "British Columbia") && !initials_of("B.C.", "Boston College Eagles"));
        assert!(!initials_of("B.", "Boston") && !initials_of("B.C", "British Columbia"));
        let claim = "The village of Lytton, British Columbia, was destroyed by a wildfire on 30 June 2021.";
        let sentence =
            "Lytton, B.C., the village destroyed by wildfire on 30 June 2021, broke the record a day before.";
        assert!(!matches!(decide(sentence, claim, REWORDED_COSINE), Decision::Conflict { .. }));
    }

    #[test]
    fn a_time_from_the_moment_of_writing_and_a_judging_word_are_no_part_of_the_fact() {
        let claim = "Norway's inflation rate averaged 3.4% in 2024.";
        assert_eq!(decide("Inflation averaged 3.4% last year.", claim, REWORDED_COSINE), Decision::Match);
        let claim = "The Daily Mirror's front page on 3 May carried the headline \"HOLD ON\".";
        let sentence = "The Mirror's front page today has the shrill headline \"HOLD ON\".";
        assert_eq!(decide(sentence, claim, REWORDED_COSINE), Decision::Match);
    }
}
