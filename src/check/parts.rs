//! The parts of a sentence as evidence: which parts no claim of the sentence covers, whether each states a
//! checkable fact, and where it is in the draft.
//!
//! Built on [`super::units`] (where parts begin and end) and [`super::coverage`] (what the claims cover).
//! A part states a fact when it holds a figure or date that no claim of the sentence holds; when it renames a
//! name in words that only classify ("Lagos, a former capital"); when it holds a name or rank no claim holds,
//! or tells an event in plain words ("and soldiers unearthed it while rebuilding a fort"), and the detector
//! leans towards a fact; or when the detector says it states one outright. A part in which the writer
//! recommends states nothing to source; nor, without a figure or a name, does a phrase that sums up the clause
//! before it ("…, a partnership that few can match"), a part in the writer's own voice or one that reports
//! someone's verdict ("and critics called it a mistake"); nor do questions and sweeping judgements. The
//! detector judges a part with the noun phrase it hangs on, as the reader reads it (the name that ends a clause,
//! for an apposition after it); a part after a whole clause is judged alone, and a participle clause after one
//! ("…, pointing to record numbers of admissions") by its score, as a predicate and not a fragment. A relative
//! clause on a name that tells plainly what the named one does or did ("Ann Farrell, who chairs the union's
//! committee, said …") states a fact, as an apposition that classifies does. Judging depends on the sentence's
//! text and claims only, so the checker caches it; placing a part in the draft is cheap.

use std::ops::Range;

use super::coverage::{self, uncovered, Covering, Run};
use super::engine::ClaimMatch;
use super::evidence::{conflict_of, PartEvidence};
use super::finding::Location;
use super::units::{self, Piece};
use super::{is_question, is_sweeping_judgement};
use crate::detect::{self, is_plain_description, Detector, View};
use crate::markdown::{self, Sentence};

/// Whether a part tells a record: one of its `ranks` (an ordinal or superlative), then up to three words, then "to"
/// and a verb ("the first country to land", "the first to receive", "the oldest woman to climb"), or a comparison
/// with every other ("more than any other Test side"). A judging
/// superlative ("the best"), or a way, time or place to do something ("the quickest way to get there"), is advice,
/// not a record.
fn tells_a_record(part: &str, ranks: &[String]) -> bool {
    let tokens = crate::matching::tokenize(part);
    // A comparison with every other of its kind is a superlative too: "more than any other Test side".
    let than_any_other =
        tokens.windows(3).any(|w| w[0].lower == "than" && w[1].lower == "any" && w[2].lower == "other");
    if than_any_other {
        return true;
    }
    let last_words: Vec<String> =
        ranks.iter().filter_map(|r| r.split_whitespace().last()).map(str::to_lowercase).collect();
    let ranking =
        |w: &str| last_words.iter().any(|r| r == w) && !matches!(w, "best" | "worst") && !detect::is_evaluative(w);
    let advice = |w: &str| matches!(w, "way" | "ways" | "time" | "moment" | "place" | "thing" | "option" | "chance");
    tokens.iter().enumerate().filter(|(_, t)| ranking(&t.lower)).any(|(i, _)| {
        let between: Vec<_> = tokens[i + 1..].iter().take_while(|t| t.lower != "to").take(4).collect();
        between.len() <= 3
            && !between.iter().any(|t| advice(&t.lower))
            && tokens.get(i + 1 + between.len()).is_some_and(|t| t.lower == "to")
            && tokens.get(i + 2 + between.len()).is_some_and(is_verb_after_to)
    })
}

/// Whether a word after "to" reads as a verb: a base form, or a lower-case word that is neither a small word nor a
/// noun by its ending ("land", "win"; not "the", "restoration").
fn is_verb_after_to(t: &crate::matching::Token) -> bool {
    let w = t.lower.as_str();
    detect::is_base_form(w)
        || (!t.capital
            && t.class == crate::matching::Class::Word
            && !crate::matching::is_stop(w)
            && !["tion", "sion", "ment", "ness", "ity", "ance", "ence", "ship", "ism"].iter().any(|e| w.ends_with(e)))
}

/// Whether a part is a noun phrase of two words or more that holds one of `names` and only classifies: no verb,
/// no judging word. A lone word is more often a dateline or a short form ("MOSCOW", "Man.").
fn names_plainly(part: &str, names: &[String]) -> bool {
    if names.is_empty() || part.split_whitespace().nth(1).is_none() || units::has_verb(part) {
        return false;
    }
    // The words of a name are not the writer's ("the Green Party", "Labour"): each name stands as one plain word.
    let plain = names.iter().fold(part.to_owned(), |text, name| text.replace(name.as_str(), "X"));
    is_plain_description(&plain)
}

/// Whether the text before a part ends on a comma, a dash or "and", "or": the part is an item of a list or an
/// aside, not a dateline that opens the sentence or a credit in brackets ("[Photo: SPH]").
fn follows_a_joint(before: &str) -> bool {
    let before = before.trim_end();
    before.ends_with([',', '\u{2013}', '\u{2014}']) || before.ends_with(" and") || before.ends_with(" or")
}

/// How far below its threshold the detector may score a part that holds a name or superlative no claim holds,
/// or tells an event in plain words, and still count it as a fact: beside a sourced claim such a part is more
/// likely a fact than its words alone say.
const NAMED_FACTOR: f32 = 0.5;

/// The longest phrase a part is judged with: a noun phrase ("Lagos", "The James Webb Space Telescope"), not a
/// clause whose own facts would speak for the part.
const HOST_WORDS: usize = 6;

/// The most parts of one sentence reported apart; the rest are reported as one.
const MAX_PARTS: usize = 8;

/// The most figures and names a merged part lists.
const MAX_HOLDS: usize = 12;

/// How a part stands to the piece before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// An apposition to a noun phrase with a name in it ("Lagos, a former capital").
    Renames,
    /// A noun phrase after a whole clause that sums it up ("… in 1971, a struggle that still defines …").
    SumsUp,
    /// A participle clause after a clause: what the clause's subject did besides ("…, pointing to record numbers
    /// of admissions"). A predicate without a finite verb of its own, not a fragment.
    Participle,
    /// A relative clause on a name: what the named one does, did or is ("Ann Farrell, who chairs the union's
    /// local authority committee, said …").
    Describes,
    /// A list item or an aside after a comma, a dash or "and" that names someone or something in words that only
    /// classify ("…, first-team coach Steve Stone, and goalkeeping coach Billy Mercer", "… – Sinn Féin, Labour and
    /// the Green Party –").
    Names,
    Other,
}

/// A part judged, before it is placed in the draft.
#[derive(Clone, Debug)]
pub(super) struct Judged {
    /// In the sentence's text.
    range: Range<usize>,
    holds: Vec<String>,
    states_fact: bool,
    conflict: Option<usize>,
}

/// What judging parts needs besides the sentence.
pub(super) struct Judge<'a> {
    pub detector: &'a Detector,
    pub view: View,
    pub threshold: Option<f32>,
}

impl Judge<'_> {
    /// Whether a part states a checkable fact; `context` is the part as judged (with the noun phrase it
    /// hangs on, or the subject it shares).
    fn states_fact(&self, run: &Run, part: &str, context: &str, role: Role) -> bool {
        if !run.figures.is_empty() || run.item {
            return true;
        }
        if is_question(context) || is_sweeping_judgement(context) {
            return false;
        }
        if tells_a_record(part, &run.ranks) {
            // "…, making India the first country to land near its South Pole": who did something first (or last,
            // or most) is a record, checkable as a figure is.
            return true;
        }
        match role {
            // "Lagos, a former capital": what a named place or person is or was, in words that only classify.
            Role::Renames if is_plain_description(part) => return true,
            // "… since 1992, a partnership that few can match": the writer's gloss on what the clause reports,
            // unless it names someone or ranks something, which is checkable.
            Role::SumsUp if run.names.is_empty() && run.ranks.is_empty() => return false,
            // "…, a dispiriting sign of how little progress the Afghan government has made": the writer reads the
            // clause as a sign of something, whatever names the reading holds.
            Role::SumsUp if run.ranks.is_empty() && detect::reads_as_sign(part) => return false,
            // A list item or aside that names someone no claim holds, in words that only classify, adds a name as a
            // figure adds a number.
            Role::Names => return true,
            _ => {}
        }
        let shape = detect::shape(part);
        if shape.speculative {
            // "…, where the party might have suffered a drubbing", "… and appear ready to strike": what may be or
            // seems so is the writer's conjecture, unless a figure makes it an estimate to source.
            return false;
        }
        if shape.recommendation {
            // "…, Australia ought to engage China far more actively": what the writer wants done, names or not.
            return false;
        }
        if role == Role::Describes && !shape.evaluative && !shape.reported_view {
            // What a named person does or did, told plainly, is checkable as an apposition that classifies is.
            return true;
        }
        // The names between a relative word or comma and a reported verdict are whose verdict it is ("a raid
        // that Oslo's allies described as a provocation"); a name in a clause before it is no speaker ("its
        // Leeds plant closed, which unions called a betrayal").
        let only_speakers = shape.reported_view
            && detect::reported_view_at(part).is_some_and(|at| {
                let head = &part[..at];
                let from = [", ", " that ", " which ", " who ", " whom "]
                    .iter()
                    .filter_map(|w| head.rfind(w).map(|i| i + w.len()))
                    .max()
                    .unwrap_or(0);
                run.names.iter().all(|n| head[from..].contains(n.as_str()))
            });
        if (run.names.is_empty() || only_speakers) && (shape.writers_voice || shape.reported_view) {
            // "… and the most thrilling final I have ever watched", "… and a former minister has since called it
            // the best decision of a generation": without a figure or a name, what the writer says in person,
            // or someone's verdict reported, is a view, not a fact to source.
            return false;
        }
        // What the writer says in person ("and we should remember the Enlightenment for it", "and the West was
        // right to feel rattled") is a fact only by the detector's full verdict, whatever names it holds.
        // The context may carry the writer's voice the part leaves to its clause ("… will cut taxes and get things
        // done", judged as "Liz Truss will get things done").
        let in_person = shape.in_person || (context != part && detect::shape(context).in_person);
        let lenient = !in_person
            && (!run.names.is_empty()
                || !run.ranks.is_empty()
                || (role == Role::Other && shape.tells_an_event_plainly()));
        if lenient {
            // A part that holds a name or rank no claim holds, or a clause that tells an event in plain words
            // ("…, and soldiers unearthed it while rebuilding a fort"), is more likely a fact beside a sourced
            // claim than its words alone say. Appositions have no verb of their own ("the former Gold Coast"):
            // the score, not the detector's verdict with its guard against fragments, is what counts here.
            let threshold = self.threshold.unwrap_or_else(|| self.detector.threshold(self.view));
            return self.detector.scores(context).get(self.view) >= NAMED_FACTOR * threshold;
        }
        if role == Role::Participle {
            // The detector's guard against verbless fragments would refuse every participle clause: its score
            // at the full threshold decides.
            let threshold = self.threshold.unwrap_or_else(|| self.detector.threshold(self.view));
            return self.detector.scores(context).get(self.view) >= threshold;
        }
        self.detector.is_claim(context, self.view, self.threshold)
    }

    /// The parts of a sentence's `text` that the texts of its `claims` leave uncovered, judged; `conflicts`
    /// index `candidates`, and `ignored` names are not the sentence's own (link texts, credited outlets).
    pub fn judge<'c>(
        &self,
        text: &str,
        pieces: &[Piece],
        claims: impl IntoIterator<Item = &'c str>,
        candidates: &[ClaimMatch],
        conflicts: &[usize],
        ignored: &dyn Fn(&str) -> bool,
    ) -> Vec<Judged> {
        let covering = Covering::new(claims);
        let subject = units::subject(text, pieces);
        let mut out = Vec::new();
        for run in uncovered(text, pieces, &covering, ignored) {
            let part = &text[run.range.clone()];
            // A part hangs on a noun phrase ("Lagos, a former capital"); one after a clause comments on the
            // clause ("… in 1971, a struggle that …") and is judged alone, or the clause's facts would speak for it.
            let host = run.host.clone().and_then(|h| {
                let host = &text[h.clone()];
                if host.split_whitespace().count() <= HOST_WORDS && !units::has_verb(host) {
                    Some(h)
                } else {
                    // A clause that ends on a name: the part renames the name, not the clause.
                    units::trailing_name(text, h)
                }
            });
            let gloss =
                units::opens_noun_phrase(part) && (detect::judging_noun_phrase(part) || detect::reads_as_sign(part));
            let role = if run.host.is_some() && gloss {
                // "…, a welcome step towards a ceasefire": a judgement on what came before, whatever the clause
                // ends on.
                Role::SumsUp
            } else if run.host.as_ref().is_some_and(|h| units::sums_up(&text[h.clone()], part)) {
                // Before renaming: "… would join the Abraham Accords, a move that …" sums up the clause, though
                // the clause ends on a name.
                Role::SumsUp
            } else if host.as_ref().is_some_and(|h| text[h.clone()].chars().any(char::is_uppercase))
                && units::opens_noun_phrase(part)
            {
                Role::Renames
            } else if run.host.as_ref().is_some_and(|h| units::has_verb(&text[h.clone()]))
                && units::opens_with_participle(part)
            {
                Role::Participle
            } else if run.host.as_ref().is_some_and(|h| {
                let opens_sentence = pieces.first().is_some_and(|p| p.range.start == h.start);
                units::ends_on_name(text, h.clone(), opens_sentence)
            }) && opens_relative(part)
            {
                Role::Describes
            } else if names_plainly(part, &run.names) && follows_a_joint(&text[..run.range.start]) {
                Role::Names
            } else {
                Role::Other
            };
            let context = match (&host, &subject) {
                (Some(host), _) => format!("{}, {part}", &text[host.clone()]),
                (None, Some(subject)) if subject.end <= run.range.start && units::opens_with_verb(part) => {
                    // "… who will cut taxes and get things done": the modal reaches the coordinated verb too.
                    match units::shared_modal(text, run.range.start) {
                        Some(modal) => format!("{} {modal} {part}", &text[subject.clone()]),
                        None => format!("{} {part}", &text[subject.clone()]),
                    }
                }
                _ => part.to_owned(),
            };
            let states_fact = self.states_fact(&run, part, &context, role);
            let lower = part.to_lowercase();
            let conflict = conflicts.iter().copied().find(|&i| {
                conflict_of(&candidates[i])
                    .is_some_and(|(_, said)| !said.is_empty() && said.iter().all(|d| lower.contains(&d.to_lowercase())))
            });
            let mut holds = run.figures;
            holds.extend(run.names);
            holds.extend(run.ranks);
            out.push(Judged { range: closed(text, run.range), holds, states_fact, conflict });
        }
        if out.len() > MAX_PARTS {
            // A run-on list of facts: the parts past the first few become one, so that a sentence of a
            // thousand clauses gives a handful of findings (each carries the whole sentence).
            let rest = out.split_off(MAX_PARTS - 1);
            let first = rest.first().expect("more than MAX_PARTS").range.start;
            let last = rest.last().expect("more than MAX_PARTS").range.end;
            let mut holds: Vec<String> = rest.iter().flat_map(|j| j.holds.iter().cloned()).take(MAX_HOLDS).collect();
            if rest.iter().map(|j| j.holds.len()).sum::<usize>() > MAX_HOLDS {
                holds.push("…".into());
            }
            let states_fact = rest.iter().any(|j| j.states_fact);
            out.push(Judged { range: first..last, holds, states_fact, conflict: None });
        }
        out
    }
}

/// `range` of `text` with a bracket it opens or closes taken in when the other one stands right beside it: a part
/// that ends on a short form in brackets ("the Democratic Alliance's (DA") is reported with its closing bracket.
fn closed(text: &str, range: Range<usize>) -> Range<usize> {
    let part = &text[range.clone()];
    let depth = |open: char, close: char| part.matches(open).count() as isize - part.matches(close).count() as isize;
    let (round, square) = (depth('(', ')'), depth('[', ']'));
    let (mut start, mut end) = (range.start, range.end);
    let after = &text[end..];
    let gap = after.len() - after.trim_start().len();
    if (round > 0 && after[gap..].starts_with(')')) || (square > 0 && after[gap..].starts_with(']')) {
        end += gap + 1;
    }
    let before = &text[..start];
    let gap = before.len() - before.trim_end().len();
    if (round < 0 && before[..before.len() - gap].ends_with('('))
        || (square < 0 && before[..before.len() - gap].ends_with('['))
    {
        start -= gap + 1;
    }
    start..end
}

/// Words that open a relative clause about the noun before it.
const RELATIVES: &[&str] = &["which", "who", "whose", "whom", "where"];

/// Whether a part opens with a relative word ([`RELATIVES`]).
fn opens_relative(part: &str) -> bool {
    crate::matching::tokenize(part).first().is_some_and(|t| RELATIVES.contains(&t.lower.as_str()))
}

/// The asides of a sentence that restates no claim and reads as no fact as a whole, but that state one: a
/// relative clause after a comma, or an apposition after a name, that holds a figure or a date. The main clause
/// is the view; what the sentence says on the side of whom it names is checkable: "That was not acceptable,
/// said Mr Lee, whose six-day official visit to China ends today". An aside with only names or judging words is
/// left to the sentence's verdict; so are the items of a list ("Like soggy picnics, the Archers or …"), the
/// clause after a phrase that opens the sentence ("In its arrogance, the Congress squandered the 10 years") and
/// what follows a colon.
pub(super) fn asides(text: &str, pieces: &[Piece], ignored: &dyn Fn(&str) -> bool) -> Vec<Judged> {
    // The piece before ends on a name, or is one ("…, Ms Ardern, a leader of 37, said").
    let names = |i: usize| units::ends_on_name(text, pieces[i].range.clone(), i == 0);
    (1..pieces.len())
        .filter(|&i| {
            let gap = &text[pieces[i - 1].range.end..pieces[i].range.start];
            pieces[i].joint == Some(units::Joint::Phrase) && !gap.contains(':')
        })
        .filter(|&i| {
            let part = &text[pieces[i].range.clone()];
            opens_relative(part) || (units::opens_noun_phrase(part) && names(i - 1))
        })
        .map(|i| &pieces[i])
        .filter_map(|p| coverage::figures_of(text, p, ignored))
        .take(MAX_PARTS)
        .map(|run| {
            let mut holds = run.figures;
            holds.extend(run.names);
            holds.truncate(MAX_HOLDS);
            Judged { range: run.range, holds, states_fact: true, conflict: None }
        })
        .collect()
}

/// Places judged parts of `s` in the draft.
pub(super) fn place(draft: &str, s: &Sentence, judged: &[Judged]) -> Vec<PartEvidence> {
    // Parts come in order: each position is counted on from the one before.
    let mut last = (s.span.start, s.start);
    judged
        .iter()
        .map(|j| {
            let span = s.map.source_span(j.range.clone());
            let start = markdown::position_after(draft, last.0, last.1, span.start);
            let end = markdown::position_after(draft, span.start, start, span.end);
            last = (span.start, start);
            PartEvidence {
                at: Location::new(span, start, end),
                holds: j.holds.clone(),
                states_fact: j.states_fact,
                conflict: j.conflict,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{asides, follows_a_joint, names_plainly, tells_a_record, Judge};
    use crate::check::units;
    use crate::detect::{Detector, View};

    /// The parts of `text` that `claim` leaves uncovered, each with whether it states a fact.
    fn judged(text: &str, claim: &str) -> Vec<(String, bool)> {
        let judge = Judge { detector: Detector::builtin(), view: View::Factual, threshold: None };
        let found = judge.judge(text, &units::split(text), [claim], &[], &[], &|_| false);
        found.into_iter().map(|j| (text[j.range].to_owned(), j.states_fact)).collect()
    }

    #[test]
    fn a_part_keeps_the_bracket_its_short_form_closes() {
        let text = "Jane Doe, the Green Party's (GP) spokesperson, said so.";
        let head = text.find("the Green").unwrap()..text.find(") spokesperson").unwrap();
        assert_eq!(&text[super::closed(text, head)], "the Green Party's (GP)");
        let tail = text.find("GP").unwrap()..text.find(", said").unwrap();
        assert_eq!(&text[super::closed(text, tail)], "(GP) spokesperson");
        let plain = text.find("said").unwrap()..text.len() - 1;
        assert_eq!(super::closed(text, plain.clone()), plain);
    }

    #[test]
    fn a_comparison_with_every_other_city_beside_a_sourced_claim_is_a_fact() {
        let claim = "In February 2023 the Kazakh government raised electricity tariffs by 14 percent.";
        let text = "The government lifted electricity tariffs by 14 percent, and households in Almaty paid more for \
                    heating than any other city.";
        let found = judged(text, claim);
        assert!(found.iter().any(|(part, fact)| part.starts_with("households in Almaty") && *fact), "{found:?}");
        let text = "The government lifted electricity tariffs by 14 percent, and that matters more than any ceremony.";
        assert!(judged(text, claim).iter().all(|(_, fact)| !fact));
    }

    #[test]
    fn a_verb_coordinated_under_a_modal_is_judged_with_the_modal() {
        let claim =
            "Liz Truss stood for the leadership of the Conservative Party in July 2022 on a promise to cut taxes.";
        let found = judged("Liz Truss is the one who will cut taxes and get things done.", claim);
        assert!(found.iter().all(|(_, fact)| !fact), "{found:?}");
        let found = judged("Liz Truss is the one who cut taxes and got things done.", claim);
        assert!(found.iter().any(|(part, fact)| part.starts_with("got things done") && *fact), "{found:?}");
    }

    #[test]
    fn what_may_happen_beside_a_sourced_claim_is_conjecture_and_what_happened_a_fact() {
        let claim = "Council workers in Leeds rejected the pay offer in March 2024.";
        for (told, fact) in [
            ("their union called a strike across Yorkshire", true),
            ("their union might call a strike across Yorkshire", false),
            ("their union could yet call a strike across Yorkshire", false),
            ("their union would call a strike across Yorkshire", false),
            ("their union appears ready to call a strike across Yorkshire", false),
            ("their union could call a strike across 12 councils", true),
        ] {
            let text = format!("Council workers in Leeds rejected the pay offer in March 2024, and {told}.");
            let found = judged(&text, claim);
            assert!(found.iter().any(|(part, f)| part.contains(told) && *f == fact), "{text}: {found:?}");
        }
    }

    #[test]
    fn a_phrase_that_reads_the_clause_as_a_sign_is_the_writers_reading() {
        let claim = "The ministry hired 400 new food inspectors in 2023.";
        let text = "The ministry hired 400 new food inspectors in 2023, a welcome sign of how seriously Ottawa now takes food safety.";
        assert_eq!(
            judged(text, claim),
            [("a welcome sign of how seriously Ottawa now takes food safety.".to_owned(), false)]
        );
        let text = "The ministry hired 400 new food inspectors in 2023, a measure that Ottawa announced in the spring.";
        assert!(judged(text, claim).iter().all(|(_, fact)| *fact), "{:?}", judged(text, claim));
    }

    #[test]
    fn a_relative_clause_on_a_name_tells_what_they_do_unless_it_judges() {
        let claim = "Ann Farrell said in October 2018 that the members had thrown out the revised offer.";
        let plain = "Ann Farrell, who chairs the union's local authority committee, said the members had thrown out the revised offer.";
        assert_eq!(judged(plain, claim), [("who chairs the union's local authority committee".to_owned(), true)]);
        let judging = "Ann Farrell, who has been a tireless and admirable voice, said the members had thrown out the revised offer.";
        assert_eq!(judged(judging, claim), [("who has been a tireless and admirable voice".to_owned(), false)]);
    }

    fn asides_of(text: &str) -> Vec<&str> {
        asides(text, &units::split(text), &|_| false).into_iter().map(|j| &text[j.range]).collect()
    }

    #[test]
    fn an_aside_with_a_figure_states_a_fact_beside_a_view() {
        assert_eq!(
            asides_of("That was not acceptable, said Mr Lee, whose six-day official visit to China ends today."),
            ["whose six-day official visit to China ends today."]
        );
        assert_eq!(
            asides_of("The budget, which the minister unveiled in March 2024, is a betrayal of every voter."),
            ["which the minister unveiled in March 2024"]
        );
        assert_eq!(asides_of("It was a bold pick, Ms Ardern, a leader of 37, said."), ["a leader of 37"]);
        // No figure; a list; the clause after an opening phrase; what follows a colon; an apposition to no name.
        assert!(asides_of("The plan, which its critics call reckless, is doomed.").is_empty());
        assert!(asides_of("Like soggy picnics, the Archers or a fondness for shorts in February, it never ends.")
            .is_empty());
        assert!(
            asides_of("But in its arrogance at returning to power, the Congress squandered the 10 years.").is_empty()
        );
        assert!(asides_of("Opposition: the 2015 Budget is anti-poor").is_empty());
        assert!(asides_of("It was a poor choice, a mistake of 2019 that lingers.").is_empty());
    }

    #[test]
    fn who_did_something_first_is_a_record_and_the_best_way_to_do_it_is_advice() {
        let ranks = |r: &str| vec![r.to_owned()];
        assert!(tells_a_record("making India the first country to land near its South Pole", &ranks("first")));
        assert!(tells_a_record("and Margaret Keenan was the first to receive a dose", &ranks("first")));
        assert!(tells_a_record("the oldest woman to climb it", &ranks("oldest")));
        assert!(!tells_a_record("the quickest way to lose voters", &ranks("quickest")));
        assert!(!tells_a_record("the best team to watch this year", &ranks("best")));
        assert!(!tells_a_record("the first of many state visits to China", &ranks("first")));
        assert!(!tells_a_record("the first step to restoration", &ranks("first")));
        assert!(!tells_a_record("the first country to land near its South Pole", &[]));
        assert!(tells_a_record("more than any other Test side", &[]));
        assert!(!tells_a_record("more than other sides", &[]));
    }

    #[test]
    fn a_list_item_or_aside_that_names_someone_the_claim_lacks_states_a_fact() {
        let claim = "Burnley parted company with manager Sean Dyche and first-team coach Steve Stone.";
        let text = "Burnley parted company with manager Sean Dyche, first-team coach Steve Stone, and goalkeeping coach Billy Mercer.";
        assert_eq!(judged(text, claim), [("goalkeeping coach Billy Mercer.".to_owned(), true)]);
        // The words of a name are not the writer's: "Labour" and "Green" judge nothing.
        let claim = "Opposition parties tabled a joint motion on housing.";
        let text = "Opposition parties – Sinn Féin, Labour and the Green Party – tabled a joint motion on housing.";
        assert_eq!(judged(text, claim), [("Sinn Féin, Labour and the Green Party".to_owned(), true)]);
        // A judging word keeps an aside a view, a lone word may be a short form, and a dateline before the
        // sentence or a credit in brackets is no list item.
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(names_plainly("goalkeeping coach Billy Mercer", &names(&["Billy Mercer"])));
        assert!(!names_plainly("his wonderful assistant Ian Woan", &names(&["Ian Woan"])));
        assert!(!names_plainly("Man.", &names(&["Man"])));
        assert!(!names_plainly("goalkeeping coach Billy Mercer", &[]));
        assert!(follows_a_joint("Steve Stone, and ") && follows_a_joint("the Opposition parties – "));
        assert!(!follows_a_joint("") && !follows_a_joint("… in Beijing. ["));
    }
}
