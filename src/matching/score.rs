//! The scorer: does a draft sentence state a given claim, contradict one of its figures or names, or neither?
//!
//! This file owns [`compare`] and its verdict. The score is the weighted share of the *claim* that the sentence
//! covers (its names, content stems and figures), not a symmetric similarity, so a sentence that carries two
//! claims still covers each fully. It does not analyse text ([`super::analyze`]) or find candidates (the
//! index, from [`super::index_keys`]). Words the sentence puts differently count when the sentence keeps every
//! name and figure and reads like the claim by sentence embeddings ([`REWORDED_COSINE`]): general knowledge of
//! the language from the encoder, not from word lists. A sentence that states only part of a claim, leaving the
//! rest to the article around it, matches too ([`restates_part_of`]), and a claim's names may come from the
//! sentences before it ([`Analysis::in_context`]). A time the sentence tells relative to the day of writing
//! ("this month") gives a claim's date ("in August") when the sentence has half the claim's words or more: the
//! matcher cannot know the day of writing, so it takes the date as given. Invariants: a sentence whose figure
//! or name disagrees with the claim is never a [`Decision::Match`]; `compare` allocates only for the strings of
//! a conflict, the initials of a name in capitals, the dates of a sentence that tells a time relatively, the
//! list of a sentence's judging words when it may state part of a claim, and the two embeddings of the
//! reworded-claim tests (only when a claim's names and figures are all there and its words fall short, or when
//! everything the sentence names is the claim's and half its words are), and runs in microseconds.

use serde::Serialize;

use super::analyze::{Analysis, Class, Name, Slot, Token, CLAUSE_WORDS};
use super::figure::{relative_stand_ins, Compat, Figure, FigureValue, RelativeDate};
use super::lexicon;
use super::partial::{restates_part_of, same_name, short_for, ELIDED_FLOOR};
use super::KeyWeights;

/// The share of a claim a sentence must cover to match it. Every unit of the claim counts with its key weight,
/// a name 1.5 times and a figure twice the claim's mean word weight, so a sentence that drops a figure, or a
/// name and a content word, falls short of it, while one that rewords a word or two stays above it.
pub const MATCH_THRESHOLD: f32 = 0.75;

/// The share of a claim a sentence must cover outright, conflicting units aside, to be reported as a conflict
/// with it: below this a sentence that differs in several figures or names is about something else.
const CONFLICT_FLOOR: f32 = 0.5;

/// How much more a name phrase counts than a content word.
const NAME_WEIGHT: f32 = 1.5;

/// How much more a figure counts than the mean content word of the same claim.
const FIGURE_WEIGHT: f32 = 2.0;

/// The cosine of sentence embeddings ([`crate::embed`]) above which a sentence that keeps every name and figure
/// of a claim, and most of its words, is read as rewording the rest ("ties" for "diplomatic relations"). Chosen
/// on the CheckThat! train splits (`examples/calibrate_reworded.rs`, figures in `DATA.md`): from 0.71 up, the
/// pairs it adds are restatements about as often as the pairs the word overlap alone matches; below 0.74,
/// "football matches" reads as "diplomatic relations", so 0.74. Static vectors rate some antonyms alike, which
/// is why the claim-stating part of the sentence as a whole, never a single word pair, is compared.
pub(super) const REWORDED_COSINE: f32 = 0.74;

/// The share of a claim's words (its names aside) a sentence must have for its relative time ("this month") to
/// give the claim's date.
const RELATIVE_WORDS_FLOOR: f32 = 0.5;

/// [`RELATIVE_WORDS_FLOOR`] for a day of the week that the claim's date fell on.
const WEEKDAY_WORDS_FLOOR: f32 = 0.25;

/// The share of a claim a sentence must cover outright before the rest may count as reworded.
pub(super) const REWORDED_FLOOR: f32 = 0.5;

/// How many tokens beyond the first and last word it shares with the claim, within its clause, a sentence's
/// part that restates the claim reaches: a replaced word often opens or closes it ("... a Muslim-majority
/// state").
const REWORDED_REACH: usize = 2;

/// The verdict on one sentence against one claim.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "decision", rename_all = "lowercase")]
pub enum Decision {
    /// The sentence states the claim.
    Match,
    /// The sentence states the claim except for these figures or names: the ledger's and the draft's wording.
    Conflict { ledger: Vec<String>, draft: Vec<String> },
    /// The sentence does not state the claim.
    #[serde(rename = "none")]
    NoMatch,
}

/// A score in 0..=1 (the covered share of the claim) and the decision drawn from it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scored {
    pub score: f32,
    #[serde(flatten)]
    pub decision: Decision,
    /// Nothing in the sentence disagrees with the claim: no figure or name in its place, no word replaced, no
    /// denial the other lacks, no other subject named where a claim's name is missing (a country the claim does
    /// not name says where, not who: "not far from Turkey", and so does a name after "in" or "near": "based in
    /// Denver, Colorado"; nor does a name beside as many of the claim's names
    /// as the sentence leaves out), and not a question.
    /// What [`crate::check`] asks before it takes the search's confident first candidate as a match.
    #[serde(skip)]
    pub agrees: bool,
    /// The sentence writes a figure of the claim that chance seldom repeats (a count of ten or more, an amount, a
    /// percentage or a date finer than a year; not a rank, a bare year or a small count) and, if the claim names anyone or anything, one of
    /// those names: what lets [`crate::check`] take a less confident first candidate
    /// ([`super::fusion::LIKELY_ANCHORED`]).
    #[serde(skip)]
    pub anchored: bool,
}

/// Whether one text denies what the other states: a word of the claim outside its names that both have, denied
/// in one and asserted in the other, or a claim that denies something beside a sentence that denies nothing. The
/// rule [`compare`] applies, and what [`super::explain::lacks`] reports as "negation differs".
pub(super) fn denial_differs(sentence: &Analysis, claim: &Analysis) -> bool {
    (claim.negated && !sentence.denies()) || negation_clash(sentence, claim)
}

/// The word-by-word half of [`denial_differs`].
fn negation_clash(sentence: &Analysis, claim: &Analysis) -> bool {
    // Both texts deny the same verb after the same word ("Hitler did not have the weapons that Putin commands",
    // "Putin commands weapons that Hitler did not have"): the words each negation reaches differ only by how the
    // rest is ordered.
    if !claim.negations.is_empty() && claim.negations == sentence.negations {
        return false;
    }
    // Both texts deny one thing ("will not sit with the haredi parties" for "will not serve in a government with
    // the haredi parties"): a word the claim denies that the sentence states in another clause ("and has called
    // for a unity government") does not turn what the sentence says around.
    let shares_denial = claim.shares_denial(sentence);
    let in_names = |stem: &String| claim.names.iter().any(|n| n.stems.contains(stem));
    claim.stems.iter().filter(|s| !in_names(s) && sentence.has_stem(s)).any(|stem| {
        // Denied in one text and asserted in the other; a word beyond a negation's reach but in its clause ("did
        // not back the proposed plan", "did not support the proposed future land use plan") is denied as well.
        // A sentence's verb of failing denies as a negation does ("failed to close" for "had not closed").
        let sentence_denies = sentence.is_negated(stem) || sentence.in_failed_clause(stem);
        let sentence_denied_clause = sentence.in_denied_clause(stem) || sentence.in_failed_clause(stem);
        (sentence_denies && !claim.in_denied_clause(stem) && !claim.in_failed_clause(stem))
            || (claim.is_negated(stem) && !sentence_denied_clause && !shares_denial)
    })
}

/// Scores a draft sentence against a claim, both analysed with [`super::analyze()`].
pub fn compare(sentence: &Analysis, claim: &Analysis, weights: &dyn KeyWeights) -> Scored {
    compare_at(sentence, claim, weights, REWORDED_COSINE)
}

/// [`compare`] with another cosine for reworded claims ([`REWORDED_COSINE`]), for measuring the rule
/// (`examples/calibrate_reworded.rs`). Above 1 no claim counts as reworded.
pub fn compare_at(sentence: &Analysis, claim: &Analysis, weights: &dyn KeyWeights, reworded_cosine: f32) -> Scored {
    let (mut total, mut covered) = (0.0f32, 0.0f32);
    let (mut word_sum, mut word_count) = (0.0f32, 0usize);
    let mut missing_names: Vec<(&Name, f32)> = Vec::new();
    let mut missing_words = 0.0f32;

    // A name written the same way is present even when its words yield no stems ("F&P").
    let named_alike = |a: &Name, names: &[Name]| names.iter().any(|b| same_name(a, b));
    // The countries the sentence names by their seat of government ("Washington imposed sanctions"), and whether a
    // claim's name is one of them.
    let seats: Vec<&str> = sentence.names.iter().filter_map(Name::seat_of).collect();
    let seated = |n: &Name| !seats.is_empty() && n.place().is_some_and(|k| seats.contains(&k.as_str()));
    let a_claims_seat =
        |m: &Name| m.seat_of().is_some_and(|k| claim.names.iter().any(|n| n.place().is_some_and(|p| p == k)));
    // The sentence's names that the claim does not have.
    let extra: Vec<&Name> = sentence
        .names
        .iter()
        .filter(|m| !m.credited && !claim.has_stem(&m.head) && !is_generic(&m.head) && !named_alike(m, &claim.names))
        .filter(|m| !a_claims_seat(m))
        // Nor a name that opens with one of the claim's, written longer ("Unite the Union" for "Unite").
        .filter(|m| !claim.names.iter().any(|n| n.stems.len() < m.stems.len() && m.stems.starts_with(&n.stems)))
        .collect();
    // Of those, any that is no part of a name the claim has: not right beside one, and not cut short at an
    // initial ("President Kassym-Jomart K." before "Tokayev"); nor a one-word place, which says where someone is
    // rather than who ("the US lawmaker").
    let claim_name = |stem: &str| claim.names.iter().any(|n| n.stems.iter().any(|s| s == stem));
    // So does a name after "in" or "near" ([`Name::located`]: "based in Denver, Colorado").
    let describes_where = |m: &Name| m.located || (m.stems.len() == 1 && super::lexicon::is_place_key(&m.head));
    let others = extra
        .iter()
        .any(|m| !claim_name(&m.next) && !claim_name(&m.prev) && m.head.chars().count() > 1 && !describes_where(m));
    for name in &claim.names {
        let base = weights.weight(&name.head);
        let w = NAME_WEIGHT * base;
        // A name the sentences before it gave is present too, prose leaves it to them ("the operator"), unless
        // the sentence names someone or something else the claim does not.
        // The claim's short form of another of its names ("the Fed") is present when that name is.
        let long_present = || {
            claim.names.iter().any(|long| {
                short_for(name, long) && (sentence.has_stem(&long.head) || named_alike(long, &sentence.names))
            })
        };
        let present = sentence.has_stem(&name.head)
            || named_alike(name, &sentence.names)
            || seated(name)
            || (!others && sentence.knows_name(&name.head))
            || long_present();
        let share = if present {
            1.0
        } else {
            let found = name.stems.iter().filter(|s| sentence.has_stem(s)).count();
            found as f32 / name.stems.len().max(1) as f32
        };
        total += w;
        covered += w * share;
        word_sum += base;
        word_count += 1;
        if !present {
            missing_names.push((name, w));
        }
    }
    for stem in &claim.stems {
        if claim.names.iter().any(|n| n.stems.contains(stem)) {
            continue;
        }
        let w = weights.weight(stem);
        total += w;
        word_sum += w;
        word_count += 1;
        if sentence.has_stem(stem) {
            covered += w;
        } else {
            missing_words += w;
        }
    }
    let figure_weight = FIGURE_WEIGHT * if word_count == 0 { 1.0 } else { word_sum / word_count as f32 };
    let (mut ledger, mut draft) = (Vec::new(), Vec::new());
    let mut conflict_weight = 0.0;
    let mut figure_conflict = false;
    // A date the sentence tells relative to the day of writing ("this month" for "August") counts as given when
    // the sentence has half the claim's words or more (not its names alone): a relative time and a name's last word
    // ("house") do not make a sentence state "The Sydney Opera House opened in October 1973".
    let stand_ins = relative_dates_given(sentence, claim, weights);
    let stood_in = |i: usize| stand_ins.get(i).is_some_and(Option::is_some);
    for (i, f) in claim.figures.iter().enumerate() {
        total += figure_weight;
        if stood_in(i) {
            covered += figure_weight;
            continue;
        }
        if sentence.figures.iter().any(|g| g.compat(f) == Compat::Same) {
            covered += figure_weight;
            continue;
        }
        // A sentence figure of the same kind that agrees with no claim figure is a rival reading.
        let rivals: Vec<&str> = sentence
            .figures
            .iter()
            .filter(|g| g.compat(f) == Compat::Differ)
            .filter(|g| !claim.figures.iter().any(|c| c.compat(g) == Compat::Same))
            .map(|g| g.text.as_str())
            .collect();
        if !rivals.is_empty() {
            conflict_weight += figure_weight;
            figure_conflict = true;
            ledger.push(f.text.clone());
            draft.extend(rivals.into_iter().map(str::to_owned));
        }
    }
    // A name the sentence lacks while another, unknown to the claim, stands where it stood.
    for (name, w) in &missing_names {
        let rivals: Vec<&&Name> = extra.iter().filter(|m| aligned(name, m)).collect();
        if !rivals.is_empty() {
            conflict_weight += w;
            ledger.push(name.text.clone());
            draft.extend(rivals.into_iter().map(|m| m.text.clone()));
        }
    }
    draft.dedup();
    // Claim words the sentence lacks, when every name and figure is there (or in conflict) and the part of the
    // sentence that states the claim reads like it: counted as reworded.
    let names_accounted = missing_names.iter().all(|(n, _)| ledger.contains(&n.text));
    let figures_accounted = claim.figures.iter().enumerate().all(|(i, f)| {
        stood_in(i) || sentence.figures.iter().any(|g| g.compat(f) == Compat::Same) || ledger.contains(&f.text)
    });
    let rest = total - conflict_weight;
    if missing_words > 0.0
        && rest > 0.0
        && names_accounted
        && figures_accounted
        && covered / rest >= REWORDED_FLOOR
        && (covered + missing_words) / rest >= MATCH_THRESHOLD
        && reads_alike(sentence, claim, &draft, reworded_cosine)
    {
        covered += missing_words;
    }
    // A claim word the sentence lacks, with other words in its place between the same neighbours: "largest
    // landlocked country" is not "largest Muslim-majority country". Neither a match nor a conflict. Words that
    // share a WordNet synset with the claim's word ("sharply cut" for "sharply reduced", "defense" for
    // "defence"), or that are the claim's word written apart ("tax payer"), are no substitute.
    let substituted = claim.slots.iter().any(|c| {
        !c.prev.is_empty()
            && !c.next.is_empty()
            && !sentence.has_stem(&c.stem)
            && !claim.names.iter().any(|n| n.stems.contains(&c.stem))
            && replaced_between(sentence, claim, c)
    });
    let unexplained_missing = missing_names.iter().any(|(n, _)| !ledger.contains(&n.text));
    // Names left out beside names the claim lacks speak of another subject, unless the sentence writes at least as
    // many of the claim's names as it leaves out, and names no more others than it writes of the claim's: then it
    // is about the claim's subject and adds a name of its own ("Governor Vyacheslav Gladkov said …, adding that
    // the falling wreckage destroyed several houses" against a claim that also names his region). A name of the
    // sentence in a missing name's place is still a rival (the ledger above).
    let about_its_subject = || {
        let missing = |n: &Name| missing_names.iter().any(|(m, _)| m.text == n.text);
        let first = |k: usize| !claim.names[..k].iter().any(|n| n.text == claim.names[k].text);
        let distinct =
            |left: bool| (0..claim.names.len()).filter(|&k| first(k) && missing(&claim.names[k]) == left).count();
        let (written, left_out) = (distinct(false), distinct(true));
        written > 0 && written >= left_out && extra.len() <= written
    };
    let agrees = !substituted
        && !sentence.question
        && ledger.is_empty()
        && !denial_differs(sentence, claim)
        && (missing_names.is_empty() || extra.iter().all(|m| describes_where(m)) || about_its_subject());

    let anchored = (claim.names.is_empty() || missing_names.len() < claim.names.len())
        && claim.figures.iter().enumerate().filter(|(_, f)| telling(f)).any(|(i, f)| {
            // Both written that finely: a bare year agrees with "March 2024" at the year alone. A day of the week
            // that the claim's date fell on, given for it, is as telling ("on Tuesday", 25 March 2025).
            sentence.figures.iter().any(|g| telling(g) && g.compat(f) == Compat::Same)
                || stand_ins.get(i).copied().flatten().is_some_and(|r| r.names_the_weekday_of(f))
        });

    let score = if total > 0.0 { covered / total } else { 0.0 };
    let decision = if substituted || sentence.question {
        Decision::NoMatch
    } else if !ledger.is_empty() {
        let rest = total - conflict_weight;
        let named_elsewhere = unexplained_missing && !extra.is_empty();
        // Every name of the claim replaced and no figure in conflict: the sentence is about someone or something
        // else, and a date and verb in common do not make it the same statement ("Toyota was founded in 1937",
        // "the Golden Gate Bridge opened in 1937"). Unless the claim ranks its subject ("the largest landlocked
        // country"), which no other can be.
        let about_another =
            !figure_conflict && missing_names.len() == claim.names.len() && !claim.figures.iter().any(|f| f.implicit);
        if rest > 0.0
            && covered / rest >= MATCH_THRESHOLD
            && score >= CONFLICT_FLOOR
            && !named_elsewhere
            && !about_another
        {
            Decision::Conflict { ledger, draft }
        } else {
            Decision::NoMatch
        }
    } else if (score >= MATCH_THRESHOLD
        || (score >= ELIDED_FLOOR && restates_part_of(sentence, claim, weights, reworded_cosine)))
        && agrees
        // The matcher's own match allows no extra name at all where a claim's name is missing, not even a country.
        && (missing_names.is_empty() || extra.is_empty())
    {
        Decision::Match
    } else {
        Decision::NoMatch
    };
    Scored { score, decision, agrees, anchored }
}

/// A figure that chance seldom repeats between two texts: not a rank, a bare year, a small whole count ("three-hour"
/// and a 4-3 vote meet by chance) or a figure read from a superlative.
fn telling(f: &Figure) -> bool {
    let kind = match f.value {
        FigureValue::Rank { .. } | FigureValue::Date { month: None, day: None, .. } => false,
        FigureValue::Count { value } => value >= 10.0 || value.fract() != 0.0,
        _ => true,
    };
    kind && !f.implicit
}

/// For each figure of the claim, the relative time of the sentence that gives it ([`relative_stand_ins`]), when
/// the sentence has at least [`RELATIVE_WORDS_FLOOR`] of the claim's words, names aside; none otherwise.
pub(super) fn relative_dates_given<'s>(
    sentence: &'s Analysis,
    claim: &Analysis,
    weights: &dyn KeyWeights,
) -> Vec<Option<&'s RelativeDate>> {
    if sentence.relative.is_empty() {
        return Vec::new();
    }
    let (mut total, mut found) = (0.0f32, 0.0f32);
    for stem in claim.stems.iter().filter(|s| !claim.names.iter().any(|n| n.stems.contains(s))) {
        let w = weights.weight(stem);
        total += w;
        if sentence.has_stem(stem) {
            found += w;
        }
    }
    // A day of the week that the claim's date fell on ("on Tuesday", "Tuesday 25 March 2025") places the
    // sentence's event on that date more surely than "this month" or "yesterday" do, so fewer words will do.
    let weekday = sentence.relative.iter().any(|r| claim.figures.iter().any(|f| r.names_the_weekday_of(f)));
    let floor = if weekday { WEEKDAY_WORDS_FLOOR } else { RELATIVE_WORDS_FLOOR };
    if total > 0.0 && found < floor * total {
        return Vec::new();
    }
    relative_stand_ins(&claim.figures, &sentence.figures, &sentence.relative)
}

/// Whether the part of the sentence that states the claim (from the first to the last token the claim shares or
/// rival name, [`REWORDED_REACH`] tokens further within the clause) and the claim, with the names in conflict
/// swapped, have sentence embeddings at least `at` ([`REWORDED_COSINE`]) alike.
fn reads_alike(sentence: &Analysis, claim: &Analysis, rivals: &[String], at: f32) -> bool {
    if at > 1.0 {
        return false;
    }
    // The sentence's rival names take the place of the claim's: the question is whether the rest reads alike.
    // (The encoder pools a bag of tokens, so where the names stand does not matter.)
    let sentence_only: Vec<&str> =
        sentence.names.iter().filter(|n| rivals.contains(&n.text)).flat_map(|n| &n.stems).map(String::as_str).collect();
    let claim_only: Vec<&str> =
        claim.names.iter().filter(|n| !sentence.has_stem(&n.head)).flat_map(|n| &n.stems).map(String::as_str).collect();
    let tokens = &sentence.tokens;
    let anchor = |t: &Token| {
        claim.has_stem(&t.stem)
            || sentence_only.contains(&t.stem.as_str())
            || (t.class == Class::Number && claim.tokens.iter().any(|c| c.lower == t.lower))
    };
    let (Some(first), Some(last)) = (tokens.iter().position(anchor), tokens.iter().rposition(anchor)) else {
        return false;
    };
    let boundary = |t: &Token| {
        (t.class == Class::Symbol && ",;:.!?()".contains(&t.text)) || CLAUSE_WORDS.contains(&t.lower.as_str())
    };
    let mut from = first;
    while from > 0 && first - from < REWORDED_REACH && !boundary(&tokens[from - 1]) {
        from -= 1;
    }
    let mut to = last;
    while to + 1 < tokens.len() && to - last < REWORDED_REACH && !boundary(&tokens[to + 1]) {
        to += 1;
    }
    let span = &tokens[from..=to];
    let swapped: Vec<Token> = claim
        .tokens
        .iter()
        .filter(|t| !claim_only.contains(&t.stem.as_str()))
        .chain(span.iter().filter(|t| sentence_only.contains(&t.stem.as_str())))
        .cloned()
        .collect();
    embedded_cosine(span, &swapped) >= at
}

/// The cosine of the sentence embeddings ([`crate::embed`]) of two runs of tokens, each read as its words.
pub(super) fn embedded_cosine(a: &[Token], b: &[Token]) -> f32 {
    let texts = |ts: &[Token]| ts.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ");
    let encoder = crate::embed::Encoder::get();
    crate::embed::cosine(&encoder.embed(&texts(a)), &encoder.embed(&texts(b)))
}

/// A claim and a sentence compared with the uniform key weights: what the matcher's tests decide with.
#[cfg(test)]
pub(super) fn decide(sentence: &str, claim: &str, at: f32) -> Decision {
    compare_at(&super::analyze(sentence), &super::analyze(claim), &super::Uniform, at).decision
}

/// Whether the sentence has `prev`, then one to three content words unknown to the claim, then `next`.
fn replaced_between(sentence: &Analysis, claim: &Analysis, slot: &Slot) -> bool {
    let tokens = &sentence.tokens;
    let (prev, next) = (slot.prev.as_str(), slot.next.as_str());
    let claim_words: Vec<&str> =
        claim.tokens.iter().filter(|t| t.stem == slot.stem).map(|t| t.lower.as_str()).collect();
    let same_word = |between: &[&Token]| {
        let joined: String = between.iter().map(|t| t.lower.as_str()).collect();
        claim_words.iter().any(|c| *c == joined || between.iter().any(|t| lexicon::alike(c, &t.lower)))
    };
    tokens.iter().enumerate().filter(|(_, t)| t.stem == prev).any(|(i, _)| {
        let between = tokens[i + 1..].iter().take_while(|t| t.stem != next && sentence.has_stem(&t.stem));
        let between: Vec<_> = between.take(4).collect();
        (1..=3).contains(&between.len())
            && tokens.get(i + 1 + between.len()).is_some_and(|t| t.stem == next)
            && between.iter().all(|t| !claim.has_stem(&t.stem))
            && !same_word(&between)
    })
}

/// Capitalised words that open sentences or stand in titles without naming anyone in particular.
pub(super) fn is_generic(head: &str) -> bool {
    matches!(head, "presid" | "president" | "minister" | "officials" | "official" | "leader")
}

/// Whether a sentence name sits where the claim's name sat: same word after it, or same word before it. A mark
/// is no such word: two names before a comma ("in Nashville," and "Lesley Stahl,") need not stand for each other.
/// Nor is an article alone: "the Chinese hammer thrower" does not stand where "of the United States," did, while
/// "of the Bahamas," does.
/// Nor does an item of a list of names stand for a name that no list holds by the word before it alone ("Brunei,
/// Malaysia, the Philippines and Vietnam" against "in the South China Sea that").
fn aligned(claim_name: &Name, sentence_name: &Name) -> bool {
    let article = |s: &str| matches!(s, "the" | "a" | "an");
    let word = |s: &str| s.chars().any(char::is_alphanumeric) && !article(s);
    let listed = |n: &Name| matches!(n.next.as_str(), "and" | "or" | ",");
    let same_next = claim_name.next == sentence_name.next;
    (same_next && word(&claim_name.next))
        || (claim_name.prev == sentence_name.prev
            && (word(&claim_name.prev) || (article(&claim_name.prev) && same_next))
            && (listed(claim_name) || !listed(sentence_name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_country_named_by_its_seat_of_government_is_the_country() {
        let claim =
            "The United States imposed new sanctions on seven Russian officials and 17 companies on 28 April 2014.";
        let sentence = "On 28 April 2014 Washington imposed new sanctions on seven Russian officials and 17 companies.";
        assert_eq!(decide(sentence, claim, REWORDED_COSINE), Decision::Match);
        // Another country's seat is still another subject.
        let rival = "On 28 April 2014 Moscow imposed new sanctions on seven Russian officials and 17 companies.";
        assert!(matches!(decide(rival, claim, REWORDED_COSINE), Decision::Conflict { .. }));
        // A seat written with its accents is the same seat.
        let claim = "Colombia expelled two Russian diplomats on 12 March 2024.";
        assert_eq!(
            decide("Bogotá expelled two Russian diplomats on 12 March 2024.", claim, REWORDED_COSINE),
            Decision::Match
        );
        assert_eq!(
            decide("Bogota expelled two Russian diplomats on 12 March 2024.", claim, REWORDED_COSINE),
            Decision::Match
        );
    }

    #[test]
    fn an_item_of_a_list_does_not_stand_for_a_name_by_the_word_before_it_alone() {
        let claim = "Four members of ASEAN have claims in the South China Sea that overlap with those of China.";
        let listed =
            "Four ASEAN members, Brunei, Malaysia, the Philippines and Vietnam, have claims that overlap with China's.";
        assert!(!matches!(decide(listed, claim, REWORDED_COSINE), Decision::Conflict { .. }));
        let alone = "Four members of ASEAN have claims in the Philippines that overlap with those of China.";
        assert!(matches!(decide(alone, claim, REWORDED_COSINE), Decision::Conflict { .. }));
    }

    #[test]
    fn an_article_alone_does_not_set_a_name_in_the_place_of_a_claims_name() {
        // A sentence of the claim-units fixtures and its claim.
        let claim = "Christian Coleman of the United States, the 100m silver medallist at the 2017 World \
                     Championships in London, won the men's 100m title at the World Athletics Championships in Doha \
                     on 28 September 2019.";
        let sentence = "DOHA, Sept. 28 -- Christian Coleman raced to victory in the men's 100m in Doha on Saturday, \
                        turning his silver from the London World Championships into gold, while the Chinese hammer \
                        thrower Wang Zheng won her country's first medal of the championships.";
        let decided = decide(sentence, claim, REWORDED_COSINE);
        assert!(!matches!(decided, Decision::Conflict { .. }), "{decided:?}");
        // The same article before and the same mark after still make a rival.
        let rival = "Christian Coleman of the Bahamas, the 100m silver medallist at the 2017 World Championships in \
                     London, won the men's 100m title at the World Athletics Championships in Doha on 28 September 2019.";
        assert!(matches!(decide(rival, claim, REWORDED_COSINE), Decision::Conflict { .. }));
    }

    #[test]
    fn a_word_of_the_same_synset_between_the_same_neighbours_is_no_substitute() {
        let claim = "Rishi Sunak said the NHS had sharply reduced planned operations during the Covid pandemic.";
        let cut = "Sunak said the NHS had sharply cut planned operations during the Covid pandemic.";
        assert_eq!(decide(cut, claim, REWORDED_COSINE), Decision::Match);
        // A word of another meaning in its place still is one, even when the rest reads alike.
        let raised = "Sunak said the NHS had sharply raised planned operations during the Covid pandemic.";
        assert_eq!(decide(raised, claim, REWORDED_COSINE), Decision::NoMatch);
        let claim = "Kallas said the tax rises should be seen as a national defence tax.";
        let spelt = "Kallas said the tax rises should be seen as a national defense tax.";
        assert_eq!(decide(spelt, claim, REWORDED_COSINE), Decision::Match);
        let other = "Kallas said the tax rises should be seen as a national carbon tax.";
        assert_ne!(decide(other, claim, REWORDED_COSINE), Decision::Match);
        // The claim's word written apart.
        let claim = "Every taxpayer in the state pays the levy.";
        assert_eq!(decide("Every tax payer in the state pays the levy.", claim, REWORDED_COSINE), Decision::Match);
    }

    #[test]
    fn reworded_words_count_when_names_and_figures_stay() {
        let claim = "Brazil has had diplomatic relations with Portugal since 1825.";
        let sentence = "Brazil has had ties with Portugal since 1825.";
        assert_eq!(decide(sentence, claim, 2.0), Decision::NoMatch, "the words alone fall short");
        assert_eq!(decide(sentence, claim, REWORDED_COSINE), Decision::Match);
        // A rival name is still a conflict, the reworded words aside.
        let rival = decide("Argentina has had ties with Portugal since 1825.", claim, REWORDED_COSINE);
        assert!(matches!(rival, Decision::Conflict { .. }), "{rival:?}");
    }

    #[test]
    fn a_name_beside_the_same_mark_does_not_stand_for_the_claims_name() {
        let claim = "During the debate in Nashville, Maria Lopez told Tom Reed that she respected his questions.";
        let sentence = "Maria Lopez told Tom Reed that she respected his questions, having attacked Lesley Stahl, \
                        who had interviewed her.";
        let decided = decide(sentence, claim, REWORDED_COSINE);
        assert!(!matches!(decided, Decision::Conflict { .. }), "{decided:?}");
        // The same word beside both still makes a rival.
        let rival = decide(
            "During the debate in Memphis, Maria Lopez told Tom Reed that she respected his questions.",
            claim,
            REWORDED_COSINE,
        );
        assert!(matches!(rival, Decision::Conflict { .. }), "{rival:?}");
    }

    #[test]
    fn a_sentence_about_another_subject_is_no_conflict_unless_the_claim_ranks_its_own() {
        // Only the date and a kindred verb in common: another statement, not a wrong name.
        let other = decide(
            "The Golden Gate Bridge opened in May 1937; Joseph Strauss was its chief engineer.",
            "Toyota Motor Corporation was founded in 1937.",
            REWORDED_COSINE,
        );
        assert_eq!(other, Decision::NoMatch);
        // A name kept beside the rival one, or a claim that ranks its subject, still conflicts.
        let kept = decide(
            "Argentina has had ties with Portugal since 1825.",
            "Brazil has had ties with Portugal since 1825.",
            REWORDED_COSINE,
        );
        assert!(matches!(kept, Decision::Conflict { .. }), "{kept:?}");
        let ranked = decide(
            "Mongolia is the largest landlocked country in the world.",
            "Kazakhstan is the largest landlocked country in the world.",
            REWORDED_COSINE,
        );
        assert!(matches!(ranked, Decision::Conflict { .. }), "{ranked:?}");
    }

    #[test]
    fn a_name_written_the_same_way_is_present_even_without_stems() {
        // "F&P" yields the one-letter names "F" and "P", which have no stems to compare: the same name is no
        // rival ("the ledger says F, P where this sentence says F, P").
        let same = decide(
            "Last month F&P announced it had bought the finance arm of the department store Farmers for $189 million.",
            "F&P said last month that it had bought the finance arm of the Farmers department store for $189 million.",
            REWORDED_COSINE,
        );
        assert!(!matches!(same, Decision::Conflict { .. }), "{same:?}");
    }

    #[test]
    fn rewording_never_stands_in_for_a_name_or_a_figure() {
        let claim = "Brazil has had diplomatic relations with Portugal since 1825.";
        for sentence in [
            "Brazil has had ties with Portugal for a long time.",
            "Brazil has had ties with Europe since 1825.",
            "Has Brazil had ties with Portugal since 1825?",
        ] {
            assert_ne!(decide(sentence, claim, REWORDED_COSINE), Decision::Match, "{sentence}");
        }
        // Unrelated words in the claim's place are not a rewording.
        let other = decide("Brazil has had football matches with Portugal since 1825.", claim, REWORDED_COSINE);
        assert_ne!(other, Decision::Match);
    }

    #[test]
    fn no_fewer_than_bounds_a_figure_and_negates_nothing() {
        let claim = "At least 40 passengers were hurt when the ferry hit the pier.";
        let sentence = "No fewer than 40 passengers were hurt when the ferry hit the pier.";
        assert_eq!(decide(sentence, claim, REWORDED_COSINE), Decision::Match);
    }

    #[test]
    fn the_same_denial_reordered_is_no_negation_clash() {
        let claim = "Vladimir Putin commands weapons that Hitler did not have.";
        let sentence = "Hitler did not have the weapons that Vladimir Putin now commands.";
        assert_eq!(decide(sentence, claim, REWORDED_COSINE), Decision::Match);
        // Another subject denied, or the denial on the other side, still clashes.
        let claim = "The council did not approve the stadium but approved the hotel.";
        let sentence = "The council approved the stadium but did not approve the hotel.";
        assert_ne!(decide(sentence, claim, REWORDED_COSINE), Decision::Match);
        let claim = "The council did not approve the new stadium in Leeds.";
        let sentence = "The council approved the new stadium in Leeds.";
        assert_ne!(decide(sentence, claim, REWORDED_COSINE), Decision::Match);
        let claim = "The council did not approve the stadium.";
        let sentence = "The council approved the stadium but did not approve the hotel.";
        assert_ne!(decide(sentence, claim, REWORDED_COSINE), Decision::Match);
        // The same denial, one clause longer than the negation's reach: the plan is denied in both.
        let claim = "The mayor said he did not back the proposed future land use plan.";
        let sentence = "The mayor said he did not back the proposed plan, which took two years to draw up.";
        let (s, c) = (super::super::analyze(sentence), super::super::analyze(claim));
        assert!(s.is_negated("plan") && !c.is_negated("plan") && c.in_denied_clause("plan"));
        assert!(compare(&s, &c, &super::super::Uniform).agrees);
    }

    #[test]
    fn a_denied_word_stated_in_another_clause_does_not_turn_a_shared_denial_around() {
        // Both deny sitting or serving with the same parties; "government" is stated in the sentence's second
        // clause, and within the reach of the claim's negation.
        let claim = "Avigdor Liberman has repeatedly said that he will not serve in a government with the haredi \
                     parties Shas and United Torah Judaism.";
        let sentence = "Avigdor Liberman has said again and again that he will not sit with the haredi parties Shas \
                        and United Torah Judaism, and has called for a unity government with Likud.";
        let (s, c) = (super::super::analyze(sentence), super::super::analyze(claim));
        assert!(c.is_negated("govern") && !s.in_denied_clause("govern") && c.shares_denial(&s));
        assert!(compare(&s, &c, &super::super::Uniform).agrees);
        // Without the shared denial, the same sentence with the denial dropped still clashes.
        let sentence = "Avigdor Liberman has said again and again that he will sit with the haredi parties Shas and \
                        United Torah Judaism, and has called for a unity government with Likud.";
        assert!(!compare(&super::super::analyze(sentence), &c, &super::super::Uniform).agrees);
    }

    #[test]
    fn a_compound_with_no_and_a_time_adjunct_are_outside_a_denial() {
        // "A no-confidence vote" and "a vote of no confidence" name the same thing; neither denies.
        for text in ["Tories threatened him with a no-confidence vote.", "Tories threatened a vote of no confidence."] {
            assert!(!super::super::analyze(text).negated, "{text}");
        }
        assert!(super::super::analyze("Tories had no confidence in him.").negated);
        // A negation does not reach into "during ...": the speech took place.
        let a = super::super::analyze("He is the only MP who did not walk out during President Magufuli's speech.");
        assert!(a.is_negated("walk") && !a.in_denied_clause("magufuli") && !a.in_denied_clause("speech"));
    }

    #[test]
    fn a_time_told_relatively_may_give_the_claims_date() {
        let claim = "Flooding in Louisiana in August forced thousands of people from their homes.";
        // A sentence that adds a figure must give the claim's date to state it; "this month" may give it.
        let without = "Flooding in Louisiana drove thousands from their homes and killed 13 people.";
        assert_eq!(decide(without, claim, REWORDED_COSINE), Decision::NoMatch);
        let with = "Flooding in Louisiana drove thousands from their homes and killed 13 people this month.";
        assert_eq!(decide(with, claim, REWORDED_COSINE), Decision::Match);
        let claim = "Pope Francis died early on the morning of 21 April 2025.";
        assert_eq!(decide("Pope Francis died early yesterday morning.", claim, REWORDED_COSINE), Decision::Match);
        assert_eq!(decide("Pope Francis died early last Monday morning.", claim, REWORDED_COSINE), Decision::Match);
        // A day of the week gives only a date that fell on it (21 April 2025 was a Monday), and fewer of the
        // claim's words will do beside it.
        assert_eq!(decide("Pope Francis died early last Tuesday morning.", claim, REWORDED_COSINE), Decision::NoMatch);
        let claim = super::super::analyze(
            "Treasurer Jim Chalmers handed down Australia's federal budget on the evening of Tuesday 25 March 2025.",
        );
        let score = |sentence: &str| compare(&super::super::analyze(sentence), &claim, &super::super::Uniform).score;
        let on_the_day = score("Jim Chalmers delivered the federal budget on Tuesday night.");
        assert!(on_the_day > score("Jim Chalmers delivered the federal budget on Wednesday night.") + 0.1);
        assert!(on_the_day > score("Jim Chalmers delivered the federal budget last night.") + 0.1);
        // That day of the week anchors the sentence to the claim as the date written out would.
        let anchored =
            |sentence: &str| compare(&super::super::analyze(sentence), &claim, &super::super::Uniform).anchored;
        assert!(anchored("Jim Chalmers delivered the federal budget on Tuesday night."));
        assert!(!anchored("Jim Chalmers delivered the federal budget on Wednesday night."));
        assert!(!anchored("Jim Chalmers delivered the federal budget last night."));
        // The relative time gives no weight of its own: a sentence that shares little else with the claim stays
        // apart from it, even when a word of the claim's name is there ("house").
        let claim = "The Sydney Opera House opened in October 1973.";
        let sentence = "Nobody has matched the house-building numbers reached almost 20 years ago.";
        assert_eq!(decide(sentence, claim, REWORDED_COSINE), Decision::NoMatch);
        // A date the sentence states outright still decides: another month is a conflict, relative words or not.
        let claim = "Flooding in Louisiana in August forced thousands of people from their homes.";
        let sentence = "Flooding in Louisiana in July forced thousands of people from their homes this month.";
        assert!(matches!(decide(sentence, claim, REWORDED_COSINE), Decision::Conflict { .. }));
    }

    #[test]
    fn a_place_that_describes_is_no_other_subject() {
        let claim = super::super::analyze("Harbour Telecom said 1.8 million customers may have been exposed.");
        let decide_in_context = |sentence: &str| {
            let sentence = super::super::analyze(sentence).in_context(["harbour".to_owned(), "telecom".to_owned()]);
            compare(&sentence, &claim, &super::super::Uniform).decision
        };
        // The sentences before named the operator; "British" or "US" only says where it is.
        assert_eq!(
            decide_in_context("The operator said 1.8 million customers may have been exposed."),
            Decision::Match
        );
        assert_eq!(
            decide_in_context("The US operator said 1.8 million customers may have been exposed."),
            Decision::Match
        );
        // Another company is someone else, named or not beside a place.
        assert_ne!(decide_in_context("Bay Mobile said 1.8 million customers may have been exposed."), Decision::Match);
        assert_ne!(
            decide_in_context("The US operator Bay Mobile said 1.8 million customers may have been exposed."),
            Decision::Match
        );
    }

    #[test]
    fn a_sentence_agrees_with_a_claim_unless_something_in_it_disagrees() {
        let claim =
            super::super::analyze("On 14 July 2014 the General Synod's House of Laity voted 152 for and 45 against.");
        let agrees = |sentence: &str| compare(&super::super::analyze(sentence), &claim, &super::super::Uniform).agrees;
        // Less than the claim, nothing against it.
        assert!(agrees("In the decisive vote of the laity, 152 voted for and 45 against."));
        // Another figure in the claim's place, a denial, another subject where a name is missing, a question.
        assert!(!agrees("In the decisive vote of the laity, 125 voted for and 45 against."));
        assert!(!agrees("The House of Laity did not vote 152 for and 45 against."));
        assert!(!agrees("The Methodist Conference voted 152 for and 45 against."));
        assert!(!agrees("Did the laity vote 152 for and 45 against?"));
        // The claim's name written longer is the same name.
        let claim = super::super::analyze("Unite balloted its members on a 5% pay rise in 2023.");
        let agrees = |sentence: &str| compare(&super::super::analyze(sentence), &claim, &super::super::Uniform).agrees;
        assert!(agrees("Unite the Union balloted its members on a 5% pay rise."));
        assert!(!agrees("The GMB balloted its members on a 5% pay rise."));
        // A name of the sentence's own beside as many of the claim's names as it leaves out adds to the claim's
        // subject; beside fewer, or with more names of its own than of the claim's, it may be another subject.
        let claim = super::super::analyze("Belgorod governor Vyacheslav Gladkov said air defences shot down a drone.");
        let agrees = |sentence: &str| compare(&super::super::analyze(sentence), &claim, &super::super::Uniform).agrees;
        assert!(agrees(
            "Governor Vyacheslav Gladkov said air defences shot down a drone, and wreckage fell on Shebekino."
        ));
        assert!(!agrees(
            "Governor Vyacheslav Gladkov and Mayor Valentin Demidov said air defences shot down a drone over Shebekino."
        ));
        let claim = super::super::analyze(
            "Belgorod governor Vyacheslav Gladkov said air defences shot down a drone over Belgorod and Shebekino.",
        );
        let agrees = |sentence: &str| compare(&super::super::analyze(sentence), &claim, &super::super::Uniform).agrees;
        assert!(!agrees("Governor Vyacheslav Gladkov said air defences shot down a drone over Valuyki."));
        // A country the claim does not name says where, not who.
        let claim = super::super::analyze("At least 78 people died in Raqqa on Tuesday in coalition air strikes.");
        let agrees = |sentence: &str| compare(&super::super::analyze(sentence), &claim, &super::super::Uniform).agrees;
        assert!(agrees("At least 78 people were killed in coalition air strikes on Tuesday, not far from Turkey."));
        assert!(!agrees(
            "At least 78 people were killed in coalition air strikes on Tuesday, Human Rights Watch said."
        ));
        // So does any name after "in" or "near", and one a comma joins to it; a name in the subject's place, or
        // after "at", may be another subject.
        let claim = super::super::analyze("Chipotle reported that its profit rose 48 per cent, to $123m.");
        let agrees = |sentence: &str| compare(&super::super::analyze(sentence), &claim, &super::super::Uniform).agrees;
        assert!(agrees("The company, based in Denver, Colorado, reported a 48 per cent rise in profit, to $123m."));
        assert!(!agrees("The company, Burger King, reported a 48 per cent rise in profit, to $123m."));
        assert!(!agrees("Profit at Burger King rose 48 per cent, to $123m, at its plants in Denver."));
    }

    #[test]
    fn a_sentence_is_anchored_by_a_telling_figure_and_a_name_of_the_claim() {
        let anchored = |sentence: &str, claim: &str| {
            compare(&super::super::analyze(sentence), &super::super::analyze(claim), &super::super::Uniform).anchored
        };
        let claim = "In March 2024 Harbour Telecom said 1.8 million customers may have been exposed in a breach.";
        // A count of ten or more, with a name of the claim; a date finer than a year with one.
        assert!(anchored("Harbour Telecom said 1.8 million customers were exposed.", claim));
        assert!(anchored("Harbour Telecom confirmed the breach in March 2024.", claim));
        // The figure without any of the claim's names; a bare year; no figure at all.
        assert!(!anchored("Some 1.8 million customers were exposed.", claim));
        assert!(!anchored("Harbour Telecom confirmed the breach in 2024.", claim));
        assert!(!anchored("Harbour Telecom confirmed the breach.", claim));
        // A small count meets others by chance; a percentage or an amount does not need to be large.
        let claim = "After a three-hour debate councillors voted the plans down.";
        assert!(!anchored("The councillors voted the plans down 4-3.", claim));
        assert!(anchored("Fares rose 3% this year.", "Fares rose 3% in 2025."));
        assert!(anchored("Fisher & Paykel shares fell 14c on the day.", "Shares in Fisher & Paykel fell 14c."));
    }

    #[test]
    fn a_name_written_without_its_accents_is_the_same_name() {
        let claim = "Pedro Sánchez's government asked the EU for more money to receive migrants in 2018.";
        let sentence = "Pedro Sanchez's government asked the EU for more money to receive migrants in 2018.";
        assert_eq!(decide(sentence, claim, REWORDED_COSINE), Decision::Match);
        assert_eq!(decide(claim, sentence, REWORDED_COSINE), Decision::Match);
    }
}
