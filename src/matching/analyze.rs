//! Text analysis: one sentence or claim becomes tokens, content stems, names, figures and flags.
//!
//! This file owns the tokenizer (abbreviations such as "U.S.", possessives, digit groups, codes such as
//! "C5+1"), proper-name phrases and the negation and question flags. Word keys come from [`super::stem`] and
//! figures from [`super::numbers`]; deciding anything is [`super::score`]'s job. Invariant: [`analyze`] is pure
//! and treats a claim and a draft sentence identically, so their keys are comparable.

use serde::Serialize;

use super::figure::{Figure, Relative, RelativeDate};
use super::numbers;
use super::stem::{is_stop, stem};

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Letters, possibly with dots or apostrophes ("U.S.", "didn't").
    Word,
    /// Digits, possibly grouped, decimal, dated or with a unit suffix ("20,000", "1.5", "2025-11-06", "20m").
    Number,
    /// Letters and digits mixed ("C5+1", "G20"): treated as a name.
    Code,
    /// One punctuation or currency character.
    Symbol,
}

/// One token of the text, with its byte span.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Token {
    pub text: String,
    /// Lower case, dots of abbreviations removed ("U.S." is "usa", so that it is not the pronoun "us").
    pub lower: String,
    /// The matching key of a word ([`stem`]); the lower-cased text otherwise.
    pub stem: String,
    pub class: Class,
    pub start: usize,
    pub end: usize,
    /// Starts with a capital letter.
    pub capital: bool,
    /// Was followed by a possessive "'s", which the tokenizer dropped.
    pub possessive: bool,
}

/// A run of capitalised words ("Kassym-Jomart Tokayev", "Board of Peace", "C5+1").
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Name {
    pub text: String,
    /// Stems of its words, "of" and "the" left out.
    pub stems: Vec<String>,
    /// The stem of its last word: a phrase whose head is present counts as present ("Tokayev").
    pub head: String,
    /// The stems of the tokens just before and after, "^" and "$" at the ends: where the name sits.
    pub prev: String,
    pub next: String,
    /// The name is credited as a source ("according to NPR", "Euronews reported"), not a subject.
    pub credited: bool,
    /// The words its initials are read from, when not its own text: without a country that opens it ("US
    /// Environmental Protection Agency"), and with the name that "and" joins to it, which may be the rest of one
    /// name ("US Food" and "Drug Administration": "Food and Drug Administration", the FDA).
    pub spelled: Option<String>,
    /// The name follows "in" or "near", or a comma after such a name ("based in Denver, Colorado"): it says where
    /// something is, not who does it. Not after "at", which also tells whose ("profit at Burger King").
    #[serde(skip)]
    pub located: bool,
}

impl Name {
    /// The key of the country or continent the name is ("Russia" → "russia", "United States" → "usa").
    pub fn place(&self) -> Option<String> {
        if let [one] = &self.stems[..] {
            return super::lexicon::is_place_key(one).then(|| one.clone());
        }
        alias_stems()
            .iter()
            .find(|(short, long)| *long == self.stems && super::lexicon::is_place_key(short))
            .map(|(short, _)| (*short).to_owned())
    }

    /// The key of the country whose national capital the name is, a government named by its seat ("Washington"
    /// → "usa", "Moscow" → "russia").
    pub fn seat_of(&self) -> Option<&'static str> {
        if self.stems.len() != 1 {
            return None;
        }
        if !self.text.is_ascii() {
            // Written with its accents ("Bogotá"): the tokenizer folds them as it does for every matching key.
            return match &tokenize(&self.text)[..] {
                [word] => super::lexicon::capital_of(&word.lower),
                _ => None,
            };
        }
        // Lower-cased on the stack: every sentence name goes through here for every candidate claim.
        let mut buf = [0u8; 24];
        let text = self.text.as_bytes();
        if text.len() > buf.len() {
            return None;
        }
        buf[..text.len()].copy_from_slice(text);
        buf[..text.len()].make_ascii_lowercase();
        super::lexicon::capital_of(std::str::from_utf8(&buf[..text.len()]).ok()?)
    }
}

/// Everything matching needs to know about one piece of text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    pub tokens: Vec<Token>,
    /// Content stems, sorted and unique: neither function words nor figure words, names included.
    pub stems: Vec<String>,
    pub names: Vec<Name>,
    pub figures: Vec<Figure>,
    /// Times told relative to the day of writing ("yesterday", "last month"), which may give a claim's date.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relative: Vec<RelativeDate>,
    /// Contains a negation ("not", "never", "without", "n't").
    pub negated: bool,
    /// Content stems within a few words after a negation, up to punctuation: what the negation denies.
    pub negated_stems: Vec<String>,
    /// Content stems anywhere in a negation's clause after it, sorted and unique: beyond
    /// [`Analysis::negated_stems`] only because the clause is long ("did not support the proposed future land
    /// use plan"), not because another clause asserts them.
    #[serde(skip)]
    pub denied_clause_stems: Vec<String>,
    /// Content stems in the clause after a verb of failing and "to" ("failed to close the gap"), sorted and
    /// unique: what a sentence says did not happen without a negation. It answers a claim's denial ("had not
    /// closed the gap") and clashes with a claim that asserts it; a claim's own failing demands nothing of a
    /// sentence, which may tell the failure in any words ("another weak effort to bat for long").
    #[serde(skip)]
    pub failed_stems: Vec<String>,
    /// Each negation by the content stem before it and the word after it ("Hitler did not have": `hitler`,
    /// `have`), sorted: two texts that deny the same verb after the same word deny the same thing, whatever
    /// the rest of each says around it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub negations: Vec<(String, String)>,
    /// Ends with a question mark.
    pub question: bool,
    /// Each content word with the content words right beside it: what a substituted word is detected by.
    pub slots: Vec<Slot>,
    /// For a sentence of a draft: the stems of the names the sentences before it gave, sorted and unique.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
}

/// A content word and its immediate neighbours when those are content words too (empty otherwise).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Slot {
    pub stem: String,
    pub prev: String,
    pub next: String,
}

impl Analysis {
    /// Whether a content stem occurs.
    pub fn has_stem(&self, stem: &str) -> bool {
        self.stems.binary_search_by(|s| s.as_str().cmp(stem)).is_ok()
    }

    /// Whether a name's stem is this text's own or, for a sentence of a draft, one of the names the sentences
    /// before it gave ([`Analysis::in_context`]).
    pub fn knows_name(&self, stem: &str) -> bool {
        self.has_stem(stem) || self.context.binary_search_by(|s| s.as_str().cmp(stem)).is_ok()
    }

    /// This analysis with the stems of names that the sentences before it in the draft gave: what prose leaves
    /// to them ("the retailer", after a sentence that named Carphone Warehouse) counts as named.
    pub fn in_context(mut self, names: impl IntoIterator<Item = String>) -> Analysis {
        self.context.extend(names);
        self.context.sort_unstable();
        self.context.dedup();
        self
    }

    /// Whether a content stem is within the reach of a negation.
    pub fn is_negated(&self, stem: &str) -> bool {
        self.negated_stems.binary_search_by(|s| s.as_str().cmp(stem)).is_ok()
    }

    /// Whether a content stem stands after a negation in its clause, within its reach or further.
    pub fn in_denied_clause(&self, stem: &str) -> bool {
        self.denied_clause_stems.binary_search_by(|s| s.as_str().cmp(stem)).is_ok()
    }

    /// Whether a content stem stands in the clause after a verb of failing ([`Analysis::failed_stems`]).
    pub fn in_failed_clause(&self, stem: &str) -> bool {
        self.failed_stems.binary_search_by(|s| s.as_str().cmp(stem)).is_ok()
    }

    /// Whether `other` denies what this text denies: of the words within the reach of this text's negations that
    /// `other` has, it denies (in the clause of a negation or of a verb of failing) more than half, and two at
    /// least. "Approved the stadium but did not approve the hotel" shares only the verb with "did not approve the
    /// stadium", and so does not.
    pub fn shares_denial(&self, other: &Analysis) -> bool {
        let had = self.negated_stems.iter().filter(|s| other.has_stem(s));
        let (mut shared, mut denied) = (0, 0);
        for s in had {
            shared += 1;
            denied += usize::from(other.in_denied_clause(s) || other.in_failed_clause(s));
        }
        denied >= 2 && denied * 2 > shared
    }

    /// Whether the text, read as a sentence of a draft, denies something: by a negation or by a verb of failing.
    pub fn denies(&self) -> bool {
        self.negated || !self.failed_stems.is_empty()
    }

    /// The retrieval keys of this text: content stems and figure keys, sorted and unique.
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.stems.clone();
        keys.extend(self.figures.iter().flat_map(Figure::keys));
        keys.sort_unstable();
        keys.dedup();
        keys
    }
}

/// Short forms and the words they stand for; both sides gain the other so "UAE" meets "United Arab Emirates".
const ALIASES: &[(&str, &[&str])] = &[
    ("usa", &["united", "states"]),
    ("uae", &["united", "arab", "emirates"]),
    ("uk", &["united", "kingdom"]),
    ("un", &["united", "nations"]),
    ("eu", &["european", "union"]),
    ("wef", &["world", "economic", "forum"]),
];

/// [`ALIASES`] with the long forms stemmed, once.
fn alias_stems() -> &'static [(&'static str, Vec<String>)] {
    static STEMS: std::sync::OnceLock<Vec<(&str, Vec<String>)>> = std::sync::OnceLock::new();
    STEMS.get_or_init(|| ALIASES.iter().map(|(short, long)| (*short, long.iter().map(|w| stem(w)).collect())).collect())
}

const NEGATIONS: &[&str] = &["not", "no", "never", "without", "neither", "nor", "none", "nobody", "nothing", "cannot"];

/// Words that, before "to" and a verb, say that what the verb tells did not happen ("failed to close", "refused
/// to approve"). Not "declined", which before "to" is as often a fall ("declined to 5 per cent").
const IMPLICATIVE_NEGATIONS: &[&str] =
    &["fail", "fails", "failed", "failing", "unable", "refuse", "refuses", "refused", "refusing"];

/// Comparatives that, between a negation and "than", bound a figure from below ("no fewer than", "not less than").
/// Only lower bounds: "no more than 40" is an upper bound, which the figure reader does not tell from "more than
/// 40", so its negation stays.
const BOUND_COMPARATIVES: &[&str] = &["fewer", "less"];

/// How many content words after "not" or "without" a negation reaches, within its clause.
const NEGATION_SCOPE: usize = 4;

/// How many words after "not" or "never" an "until" may stand and make it tell a time ("did not open until").
const UNTIL_REACH: usize = 10;

/// Words that open a new clause, where a negation's reach ends.
pub(super) const CLAUSE_WORDS: &[&str] =
    &["and", "but", "when", "which", "who", "because", "while", "although", "though", "whereas", "so", "after"];

/// Prepositions of a time adjunct, where a negation's reach ends too: "did not walk out during the president's
/// speech" denies the walking out, not the speech.
const TIME_ADJUNCTS: &[&str] = &["during", "amid", "amidst"];

const REPORTING: &[&str] = &["reported", "reports", "noted", "notes", "wrote", "writes", "told", "reporting"];

/// Analyses one sentence or claim.
pub fn analyze(text: &str) -> Analysis {
    let tokens = tokenize(text);
    let figures = numbers::extract(text, &tokens);
    let names = names(text, &tokens);
    let stems = content_stems(&tokens);
    // "No fewer than 13", "not more than half": a bound on a figure, not a negation.
    let bounds = |i: usize| {
        tokens.get(i + 1).is_some_and(|t| BOUND_COMPARATIVES.contains(&t.lower.as_str()))
            && tokens.get(i + 2).is_some_and(|t| t.lower == "than")
    };
    // The tokens after `i` up to the end of its clause (a mark or a word that opens another clause).
    let clause_after = |i: usize| {
        tokens[i + 1..].iter().take_while(|t| {
            (t.class != Class::Symbol || !",;:.!?()".contains(&t.text))
                && !CLAUSE_WORDS.contains(&t.lower.as_str())
                && !TIME_ADJUNCTS.contains(&t.lower.as_str())
        })
    };
    // "Did not open until 1994", "had never struck until last year": when it happened, not that it did not.
    let until_after =
        |i: usize| clause_after(i).take(UNTIL_REACH).any(|t| matches!(t.lower.as_str(), "until" | "till"));
    // "Not only", "not just": what follows is asserted, and more besides.
    let additive = |i: usize| {
        tokens.get(i + 1).is_some_and(|t| matches!(t.lower.as_str(), "only" | "just" | "merely" | "simply" | "solely"))
    };
    let next_is = |i: usize, w: &str| tokens.get(i + 1).is_some_and(|t| t.lower == w);
    let is_negation = |i: usize, t: &Token| {
        let word = t.lower.as_str();
        if word == "not" && additive(i) {
            return false;
        }
        // "Leaves no doubt", "without doubt": certainty, not a denial.
        if next_is(i, "doubt") {
            return false;
        }
        // "A no-confidence vote", "a no-fly zone", "a vote of no confidence": a compound that names a thing.
        let compound = text[t.end..].starts_with('-') && tokens.get(i + 1).is_some_and(|n| n.start == t.end + 1);
        let of_no_confidence = i > 0 && tokens[i - 1].lower == "of" && next_is(i, "confidence");
        if word == "no" && (compound || of_no_confidence) {
            return false;
        }

        // A capitalised "Cannot" or "Not" within a sentence is a word of a title ("All the Light We Cannot See").
        if i > 0 && t.text.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        let timing = matches!(word, "not" | "never") || word.ends_with("n't");
        (NEGATIONS.contains(&word) || word.ends_with("n't")) && !bounds(i) && !(timing && until_after(i))
    };
    let negations: Vec<usize> = tokens.iter().enumerate().filter(|(i, t)| is_negation(*i, t)).map(|(i, _)| i).collect();
    let negated = !negations.is_empty();
    let (mut negated_stems, mut denied_clause_stems) = (Vec::new(), Vec::new());
    for &i in &negations {
        let in_clause = clause_after(i).filter(|t| stems.binary_search(&t.stem).is_ok());
        negated_stems.extend(in_clause.clone().take(NEGATION_SCOPE).map(|t| t.stem.clone()));
        denied_clause_stems.extend(in_clause.map(|t| t.stem.clone()));
    }
    // "Failed to close the gap", "unable to agree": what did not happen, as "did not close" says it.
    let mut failed_stems: Vec<String> = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| IMPLICATIVE_NEGATIONS.contains(&t.lower.as_str()) && next_is(*i, "to"))
        .flat_map(|(i, _)| clause_after(i).filter(|t| stems.binary_search(&t.stem).is_ok()).map(|t| t.stem.clone()))
        .collect();
    for list in [&mut negated_stems, &mut denied_clause_stems, &mut failed_stems] {
        list.sort_unstable();
        list.dedup();
    }
    let mut negation_keys: Vec<(String, String)> = negations
        .iter()
        .map(|&i| {
            let before = tokens[..i].iter().rev().find(|t| stems.binary_search(&t.stem).is_ok());
            let after = tokens[i + 1..].iter().find(|t| t.class == Class::Word);
            (before.map_or(String::new(), |t| t.stem.clone()), after.map_or(String::new(), |t| t.stem.clone()))
        })
        .collect();
    negation_keys.sort_unstable();
    let content = |t: &Token| stems.binary_search(&t.stem).is_ok();
    let neighbour = |j: Option<usize>| {
        j.and_then(|j| tokens.get(j)).filter(|t| content(t)).map_or(String::new(), |t| t.stem.clone())
    };
    let slots = (0..tokens.len())
        .filter(|&i| content(&tokens[i]))
        .map(|i| Slot { stem: tokens[i].stem.clone(), prev: neighbour(i.checked_sub(1)), next: neighbour(Some(i + 1)) })
        .collect();
    let relative = relative_dates(&tokens);
    let question = text.trim_end_matches(|c: char| c.is_whitespace() || "\"'”’)".contains(c)).ends_with('?');
    Analysis {
        tokens,
        stems,
        names,
        figures,
        relative,
        negated,
        negated_stems,
        denied_clause_stems,
        failed_stems,
        negations: negation_keys,
        question,
        slots,
        context: Vec::new(),
    }
}

/// The words of a run of tokens as written, one space between.
fn text_of(tokens: &[Token]) -> String {
    tokens.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ")
}

const WEEKDAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// Whether a lower-cased word is a day of the week.
pub fn is_weekday(lower: &str) -> bool {
    WEEKDAYS.contains(&lower)
}

/// The times a text tells relative to the day of writing: "yesterday", "today", "tonight", "tomorrow", a day of
/// the week ("on Monday", "last Friday"), "this", "last" or "next" before "morning", "night", "week", "month" or
/// "year", and a count of days, weeks, months or years "ago". "The past year" is a span, not a date, and is left
/// out.
fn relative_dates(tokens: &[Token]) -> Vec<RelativeDate> {
    let mut found = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.class != Class::Word {
            continue;
        }
        let word = t.lower.as_str();
        let unit = match word {
            "yesterday" | "today" | "tonight" | "tomorrow" => Some(Relative::Day),
            _ if WEEKDAYS.contains(&word) => Some(Relative::Day),
            _ => None,
        };
        if let Some(unit) = unit {
            found.push(RelativeDate { unit, text: t.text.clone() });
            continue;
        }
        if word == "ago" {
            // "two years ago", "a few weeks ago", "days ago".
            let unit = match tokens[..i].last().map(|t| t.lower.as_str()) {
                Some("year" | "years") => Relative::Year,
                Some("month" | "months") => Relative::Month,
                Some("week" | "weeks") => Relative::Week,
                Some("day" | "days") => Relative::Day,
                _ => continue,
            };
            let from = tokens[..i - 1].last().filter(|t| t.class != Class::Symbol).map_or(i - 1, |_| i - 2);
            found.push(RelativeDate { unit, text: text_of(&tokens[from..=i]) });
            continue;
        }
        if !matches!(word, "this" | "last" | "next") {
            continue;
        }
        let Some(next) = tokens.get(i + 1) else { continue };
        let unit = match next.lower.as_str() {
            "morning" | "afternoon" | "evening" | "night" => Relative::Day,
            "week" => Relative::Week,
            "month" => Relative::Month,
            "year" => Relative::Year,
            _ => continue,
        };
        found.push(RelativeDate { unit, text: format!("{} {}", t.text, next.text) });
    }
    found
}

/// Whether a sentence's first word, lower-cased, is a common word and not the name it would be capitalised as:
/// a common noun, adverb or preposition, or an adjective that is no place's and has no verb right after it.
fn common_opening(lower: &str, verb_next: bool) -> bool {
    crate::detect::is_common_word(lower)
        && !(crate::detect::is_common_adjective(lower) && (verb_next || super::lexicon::is_place(lower)))
}

/// Whether token `i` is a participle before a small word ("Looking at …", "Speaking to …", "Asked about …"): a
/// word in "-ing" whose verb the lexicon knows as a base form, or a past form in "-ed" or "-en" that it knows as
/// finite. "Beijing on Monday" is no participle ("beij" is no verb); "Reading in Berkshire" reads as one.
fn opening_participle(tokens: &[Token], i: usize) -> bool {
    let w = tokens[i].lower.as_str();
    let small_next = tokens.get(i + 1).is_some_and(|n| n.class == Class::Word && is_stop(&n.lower));
    if !small_next {
        return false;
    }
    let base = |v: &str| crate::detect::is_base_form(v);
    match w.strip_suffix("ing") {
        Some(verb) if verb.len() >= 3 => {
            let undoubled = verb.len() >= 4 && verb.as_bytes()[verb.len() - 1] == verb.as_bytes()[verb.len() - 2];
            base(verb) || base(&format!("{verb}e")) || (undoubled && base(&verb[..verb.len() - 1]))
        }
        Some(_) => false,
        None => (w.ends_with("ed") || w.ends_with("en")) && crate::detect::is_finite_form(w),
    }
}

/// The content stems of a text's tokens, sorted and unique: words that are not stop words, number words or
/// months, and codes; a short form gains the words it stands for and the words their short form.
fn content_stems(tokens: &[Token]) -> Vec<String> {
    let mut stems: Vec<String> = tokens
        .iter()
        .enumerate()
        .filter(|&(i, t)| match t.class {
            Class::Word => {
                !is_stop(&t.lower)
                    && (!numbers::is_number_word(&t.lower) || numbers::ordinal_in_name(tokens, i))
                    && numbers::month(&t.lower).is_none()
                    && t.lower.len() > 1
            }
            Class::Code => true,
            _ => false,
        })
        .map(|(_, t)| t.stem.clone())
        .collect();
    for (short, long) in alias_stems() {
        let has_long = tokens.windows(long.len()).any(|w| w.iter().zip(long).all(|(t, l)| t.stem == *l));
        if has_long {
            stems.push((*short).to_owned());
        } else if stems.iter().any(|s| s == short) {
            stems.extend(long.iter().cloned());
        }
    }
    stems.sort_unstable();
    stems.dedup();
    stems
}

/// The search keys of a text: [`Analysis::keys`] of [`analyze`], without the names, negations and neighbours
/// that only matching reads.
pub fn keys(text: &str) -> Vec<String> {
    let tokens = tokenize(text);
    let figures = numbers::extract(text, &tokens);
    let mut keys = content_stems(&tokens);
    keys.extend(figures.iter().flat_map(Figure::keys));
    keys.sort_unstable();
    keys.dedup();
    keys
}

fn is_name_token(t: &Token) -> bool {
    match t.class {
        Class::Code => t.capital,
        Class::Word => {
            t.capital
                && !is_stop(&t.lower)
                && numbers::month(&t.lower).is_none()
                && !numbers::is_number_word(&t.lower)
                && !is_weekday(&t.lower)
        }
        _ => false,
    }
}

fn names(text: &str, tokens: &[Token]) -> Vec<Name> {
    let at = |i: usize| tokens.get(i).map_or("$", |t| t.stem.as_str()).to_owned();
    // The first word of the text, after any opening quote or bracket.
    let opening = tokens.iter().position(|t| t.class != Class::Symbol).unwrap_or(0);
    let mut out = Vec::new();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !is_name_token(&tokens[i]) {
            i += 1;
            continue;
        }
        // A judging word that opens the sentence is capitalised as its first word, not as a name ("Angry
        // residents have blocked …"), and so is "According (to)"; "Nice banned …" names a city. So is a common
        // noun, adverb, preposition or adjective that is never first a name ("Doctors said …", "Ahead of the vote
        // …", "Historic flooding …"; not "Turkey said …"), unless it is the adjective of a place ("French
        // troops …") or an adjective before a verb ("Nice banned …"). Nor is a participle that opens it before a
        // small word ("Looking at recent moves, …", "Asked about the deal, …").
        let verb_next = tokens.get(i + 1).is_some_and(|t| crate::detect::is_finite_form(&t.lower));
        if i == opening
            && !tokens.get(i + 1).is_some_and(is_name_token)
            && ((crate::detect::is_evaluative(&tokens[i].lower) && !verb_next)
                || tokens[i].lower == "according"
                || common_opening(&tokens[i].lower, verb_next)
                || opening_participle(tokens, i))
        {
            i += 1;
            continue;
        }
        if defines_short_form(tokens, i) {
            // "home-based learning (HBL)": the words before it, which the text already has, not a name of its own.
            i += 1;
            continue;
        }
        let first = i;
        let mut last = i;
        let mut j = i + 1;
        while j < tokens.len() {
            if (is_name_token(&tokens[j]) || numbers::ordinal_in_name(tokens, j)) && !tokens[j - 1].possessive {
                last = j;
                j += 1;
            } else if matches!(tokens[j].lower.as_str(), "of" | "the")
                && tokens.get(j + 1).is_some_and(is_name_token)
                && !tokens[j - 1].possessive
            {
                j += 1;
            } else {
                break;
            }
        }
        let stems: Vec<String> = tokens[first..=last]
            .iter()
            .filter(|t| !matches!(t.lower.as_str(), "of" | "the"))
            .map(|t| t.stem.clone())
            .collect();
        let prev = if first == 0 { "^".to_owned() } else { at(first - 1) };
        let before = |k: usize, w: &str| first >= k && tokens[first - k].lower == w;
        let credited = REPORTING.contains(&tokens.get(last + 1).map_or("", |t| t.lower.as_str()))
            || (before(1, "to") && before(2, "according"));
        out.push(Name {
            text: text[tokens[first].start..tokens[last].end].to_owned(),
            head: stems.last().cloned().unwrap_or_default(),
            stems,
            prev,
            next: at(last + 1),
            credited,
            spelled: None,
            located: false,
        });
        spans.push((first, last));
        i = last + 1;
    }
    let mut after_place = false;
    for name in &mut out {
        after_place = matches!(name.prev.as_str(), "in" | "near") || (after_place && name.prev == ",");
        name.located = after_place;
    }
    spell(text, tokens, &spans, &mut out);
    out
}

/// Whether the token at `i` is a short form the text defines in brackets right after the words it abbreviates:
/// "(HBL)" after "home-based learning", "(NAO)" after "National Audit Office". Its letters are the first letters
/// of as many words just before the bracket (a small word such as "of" may be skipped).
fn defines_short_form(tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    let letters: Vec<char> = t.text.chars().collect();
    let bracketed = i >= 1 && tokens[i - 1].text == "(" && tokens.get(i + 1).is_some_and(|n| n.text == ")");
    if !bracketed || letters.len() < 2 || !letters.iter().all(char::is_ascii_uppercase) {
        return false;
    }
    let mut words = tokens[..i - 1].iter().rev().take_while(|w| w.class == Class::Word);
    let mut wanted = letters.iter().rev().map(char::to_ascii_lowercase).peekable();
    while let Some(&letter) = wanted.peek() {
        let Some(word) = words.next() else { return false };
        if word.lower.starts_with(letter) {
            wanted.next();
        } else if !is_stop(&word.lower) {
            return false;
        }
    }
    true
}

/// Words of rank or office that stand before a person's name ("President", "Prime Minister", "Chief Justice"):
/// not the person's own words, whose initials a short form spells ("AMLO" for President Andrés Manuel López
/// Obrador).
const TITLES: &[&str] = &[
    "president",
    "prime",
    "minister",
    "chancellor",
    "premier",
    "king",
    "queen",
    "pope",
    "senator",
    "governor",
    "mayor",
    "general",
    "judge",
    "justice",
    "chief",
    "secretary",
    "dr",
    "mr",
    "mrs",
    "ms",
    "sir",
    "dame",
    "lord",
    "lady",
];

/// Sets [`Name::spelled`]: a name's words without a country or titles that open it, and two names with only "and"
/// or "&" between them read as one.
fn spell(text: &str, tokens: &[Token], spans: &[(usize, usize)], names: &mut [Name]) {
    let country = |t: &Token| super::lexicon::is_place(&t.lower) || super::lexicon::is_place_key(&t.stem);
    let title = |t: &Token| TITLES.contains(&t.lower.trim_end_matches('.'));
    // The first token of a name's own words: after an opening country and titles, when words are left.
    let own = |&(first, last): &(usize, usize)| {
        let mut at = if first < last && country(&tokens[first]) { first + 1 } else { first };
        while at < last && title(&tokens[at]) {
            at += 1;
        }
        at
    };
    for (k, span) in spans.iter().enumerate() {
        let joined = spans.get(k + 1).filter(|next| {
            next.0 == span.1 + 2 && matches!(tokens[span.1 + 1].lower.as_str(), "and" | "&") && next.0 == own(next)
        });
        if let Some(&(_, end)) = joined {
            let words = text[tokens[own(span)].start..tokens[end].end].to_owned();
            // A name between two others keeps the join before it ("US Food and Drug Administration and Pfizer").
            names[k].spelled.get_or_insert_with(|| words.clone());
            names[k + 1].spelled = Some(words);
        } else if names[k].spelled.is_none() && own(span) > span.0 {
            names[k].spelled = Some(text[tokens[own(span)].start..tokens[span.1].end].to_owned());
        }
    }
}

fn suffix_is_unit(s: &str) -> bool {
    matches!(s, "k" | "m" | "mn" | "mln" | "b" | "bn" | "tn" | "st" | "nd" | "rd" | "th" | "s" | "c" | "p")
}

/// Splits text into tokens. Hyphens and white space separate; dots and commas inside numbers, dots inside
/// abbreviations and apostrophes inside words ("didn't") are kept; a possessive "'s" is dropped and flagged.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let end_of = |k: usize| if k < n { chars[k].0 } else { text.len() };
    let mut tokens = Vec::new();
    let mut k = 0;
    while k < n {
        let c = chars[k].1;
        if c.is_whitespace() || c == '-' {
            k += 1;
            continue;
        }
        if !c.is_alphanumeric() {
            if !matches!(c, '\'' | '’' | '"' | '“' | '”' | '*' | '_' | '`') {
                let s = &text[chars[k].0..end_of(k + 1)];
                tokens.push(token(s, chars[k].0, Class::Symbol));
            }
            k += 1;
            continue;
        }
        let begin = k;
        let mut possessive = false;
        let mut j = k;
        loop {
            while j < n && chars[j].1.is_alphanumeric() {
                j += 1;
            }
            if j + 1 >= n || j == begin {
                break;
            }
            let (prev, p, next) = (chars[j - 1].1, chars[j].1, chars[j + 1].1);
            let so_far = &text[chars[begin].0..chars[j].0];
            let abbreviation = so_far.split('.').all(|part| part.chars().count() == 1);
            match p {
                '.' | ',' if prev.is_ascii_digit() && next.is_ascii_digit() => j += 1,
                '.' if next.is_alphabetic() && abbreviation && prev.is_alphabetic() => j += 1,
                '-' if prev.is_ascii_digit() && next.is_ascii_digit() && matches!(so_far.len(), 4 | 7) => j += 1,
                '+' if next.is_ascii_digit() => j += 1,
                // "1.5°C" is the temperature "1.5C" written with its degree sign.
                '°' if prev.is_ascii_digit() && matches!(next, 'C' | 'F') => j += 1,
                '\'' | '’' if prev.is_alphabetic() && next.is_alphabetic() => {
                    let after = chars.get(j + 2).map(|c| c.1);
                    if matches!(next, 's' | 'S') && !after.is_some_and(char::is_alphanumeric) {
                        possessive = true;
                        break;
                    }
                    j += 1;
                }
                _ => break,
            }
        }
        let mut stop = j;
        let word = &text[chars[begin].0..end_of(j)];
        if j < n && chars[j].1 == '.' && word.contains('.') && word.split('.').all(|p| p.chars().count() == 1) {
            stop = j + 1;
        }
        let s = &text[chars[begin].0..end_of(stop)];
        let has_digit = s.chars().any(|c| c.is_ascii_digit());
        let has_alpha = s.chars().any(char::is_alphabetic);
        let suffix = &s[s.find(char::is_alphabetic).unwrap_or(0)..];
        // "40C" is a temperature, not 40 cents: only a small "c" or "p" is money.
        let unit_suffix = s.starts_with(|c: char| c.is_ascii_digit())
            && suffix_is_unit(&suffix.to_ascii_lowercase())
            && !matches!(suffix, "C" | "P");
        let class = if !has_digit {
            Class::Word
        } else if !has_alpha || unit_suffix {
            Class::Number
        } else {
            Class::Code
        };
        let mut t = token(s, chars[begin].0, class);
        t.possessive = possessive;
        tokens.push(t);
        k = if possessive { stop + 2 } else { stop };
        // A plural possessive ("countries'") leaves a bare apostrophe, skipped above as punctuation.
    }
    tokens
}

/// Latin letters without their accents, as English prose often writes names ("Sánchez" as "Sanchez", "Paraná"
/// as "Parana", "Straße" as "Strasse"); letters of other scripts are kept whole ("й" is not "и").
fn fold_latin(lower: &str) -> String {
    use unicode_normalization::char::{decompose_canonical, is_combining_mark};
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        match c {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'đ' | 'ð' => out.push('d'),
            'ı' => out.push('i'),
            _ => {
                let mut parts = Vec::with_capacity(3);
                decompose_canonical(c, |d| parts.push(d));
                match parts.split_first() {
                    Some((base, marks))
                        if base.is_ascii_alphabetic() && marks.iter().all(|m| is_combining_mark(*m)) =>
                    {
                        out.push(*base)
                    }
                    _ => out.push(c),
                }
            }
        }
    }
    out
}

fn token(s: &str, start: usize, class: Class) -> Token {
    let mut lower: String = if s.is_ascii() {
        s.bytes().filter(|&b| b != b'.' || class != Class::Word).map(|b| char::from(b.to_ascii_lowercase())).collect()
    } else {
        let kept = s.chars().filter(|c| (*c != '.' || class != Class::Word) && (*c != '°' || class == Class::Symbol));
        fold_latin(&kept.collect::<String>().to_lowercase())
    };
    if class == Class::Word && matches!(s, "US" | "U.S." | "U.S" | "USA" | "U.S.A.") {
        lower = "usa".to_owned();
    }
    let stem = if class == Class::Word { stem(&lower) } else { lower.clone() };
    let capital = s.starts_with(char::is_uppercase);
    Token { text: s.to_owned(), lower, stem, class, start, end: start + s.len(), capital, possessive: false }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The search keys are those of the full analysis, on every sentence of the project's fixtures (written
    /// journalism, the matching corpus: figures, dates, names, short forms, negations).
    #[test]
    fn keys_are_the_full_analysis_keys() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut seen = 0;
        for file in ["journalism/train-a.tsv", "journalism/train-c.tsv", "matching/corpus.tsv"] {
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            for line in text.lines().skip(1) {
                let sentence = line.rsplit('\t').next().unwrap();
                assert_eq!(keys(sentence), analyze(sentence).keys(), "{sentence}");
                seen += 1;
            }
        }
        for sentence in ["The UAE and the United Kingdom did not sign in 2020.", "USA: $1.2bn, 3 May 1992", ""] {
            assert_eq!(keys(sentence), analyze(sentence).keys(), "{sentence}");
        }
        assert!(seen > 1000, "{seen}");
    }

    fn texts(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.lower).collect()
    }

    #[test]
    fn tokenizer_keeps_numbers_abbreviations_and_codes() {
        assert_eq!(
            texts("The U.S. paid $1,000.5 in 2025-11-06."),
            ["the", "usa", "paid", "$", "1,000.5", "in", "2025-11-06", "."]
        );
        assert_eq!(texts("Kazakhstan's C5+1 summit didn't end"), ["kazakhstan", "c5+1", "summit", "didn't", "end"]);
        assert_eq!(texts("Kassym-Jomart Tokayev, 20m people"), ["kassym", "jomart", "tokayev", ",", "20m", "people"]);
        assert!(tokenize("Kazakhstan's")[0].possessive);
        assert_eq!(
            texts("Pedro Sánchez, Micheál Martin, Straße, Øresund, Йошкар"),
            ["pedro", "sanchez", ",", "micheal", "martin", ",", "strasse", ",", "oresund", ",", "йошкар"]
        );
        // A temperature with its degree sign is the temperature without it.
        assert_eq!(texts("to 1.5°C, or 1.5C"), ["to", "1.5c", ",", "or", "1.5c"]);
        assert_eq!(tokenize("1.5°C")[0].class, Class::Code);
        assert_eq!(texts("at 40° north"), ["at", "40", "°", "north"]);
    }

    #[test]
    fn names_are_phrases() {
        let a = analyze("President Kassym-Jomart Tokayev signed the Board of Peace charter, as NPR reported.");
        let names: Vec<&str> = a.names.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(names, ["President Kassym-Jomart Tokayev", "Board of Peace", "NPR"]);
        assert_eq!(a.names[0].head, "tokayev");
        assert!(a.names[2].credited && !a.names[0].credited);
        // Days of the week are times, not names, at the weekend too.
        for text in ["NASA launched Curiosity on Saturday 26 November 2011.", "NASA launched Curiosity on Sunday."] {
            let names: Vec<String> = analyze(text).names.into_iter().map(|n| n.text).collect();
            assert_eq!(names, ["NASA", "Curiosity"], "{text}");
        }
        // Two names that "and" joins are read as one for their initials, and a country that opens a name is none.
        let a = analyze("The US Food and Drug Administration and Pfizer agreed.");
        let spelled: Vec<Option<&str>> = a.names.iter().map(|n| n.spelled.as_deref()).collect();
        assert_eq!(spelled[..2], [Some("Food and Drug Administration"), Some("Food and Drug Administration")]);
        // An ordinal after a name word belongs to the name, and is a word to match, not a rank.
        let a = analyze("Winston Peters leads New Zealand First.");
        let names: Vec<&str> = a.names.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(names, ["Winston Peters", "New Zealand First"]);
        assert!(a.has_stem("first") && a.figures.is_empty());
    }

    #[test]
    fn aliases_and_flags() {
        let a = analyze("Did the UAE not join?");
        assert!(a.question && a.negated);
        assert!(a.has_stem("uae") && a.has_stem("emirat") && a.has_stem("unit"));
        assert!(analyze("the United Arab Emirates").has_stem("uae"));
        assert!(analyze("a U.S. blockade").has_stem("usa"));
    }

    #[test]
    fn a_short_form_defined_in_brackets_is_no_name_of_its_own() {
        let names = |text: &str| analyze(text).names.into_iter().map(|n| n.text).collect::<Vec<_>>();
        assert_eq!(names("The schools ran trials of home-based learning (HBL) this week."), Vec::<String>::new());
        assert!(analyze("Schools ran trials of home-based learning (HBL) this week.").has_stem("hbl"));
        assert_eq!(
            names("The head of the National Audit Office (NAO) wrote to Parliament."),
            ["National Audit Office", "Parliament"]
        );
        assert_eq!(names("The Treaty on European Union (TEU) binds its members."), ["Treaty", "European Union"]);
        // Letters that spell no words before them name something else.
        assert_eq!(names("The pupils at three schools (KES) sat the test."), ["KES"]);
        assert_eq!(names("The agency (UNHCR) said so."), ["UNHCR"]);
    }

    #[test]
    fn failing_to_do_denies_it_and_no_doubt_asserts() {
        let failed = analyze("The Conservatives have failed to close the gap on Labour.");
        assert!(!failed.negated && failed.denies() && failed.in_failed_clause(&crate::matching::stem("close")));
        assert!(analyze("The talks were unable to agree a text.").denies());
        assert!(analyze("The agency refused to approve the drug.").in_failed_clause(&crate::matching::stem("approve")));
        assert!(!analyze("The report leaves no doubt about the science of climate change.").denies());
        assert!(!analyze("The failed coup of 2016 shook Turkey.").denies());
    }

    #[test]
    fn a_bound_is_no_negation_and_an_opening_judging_word_no_name() {
        let a = analyze("No fewer than 40 passengers were hurt.");
        assert!(!a.negated && a.negated_stems.is_empty());
        assert!(analyze("No passengers were hurt.").negated);
        // A capitalised negation within the sentence belongs to a title; at its start it negates.
        assert!(!analyze("The film of All the Light We Cannot See opens in Saint-Malo.").negated);
        assert!(analyze("Not one passenger was hurt.").negated);
        // "Not only" adds to what it asserts.
        assert!(!analyze("Funds bought houses in suburban estates, not only apartments in the city.").negated);
        assert!(analyze("Funds did not buy apartments in the city.").negated);
        let a = analyze("Angry residents blocked the road to Lyon.");
        assert_eq!(a.names.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(), ["Lyon"]);
        // A name that opens a sentence stays one, even a word that judges when it stands before a verb.
        assert_eq!(analyze("Brazil won.").names.len(), 1);
        assert_eq!(analyze("Nice banned the practice in 2016.").names.len(), 1);
        // A common noun or adverb that opens a sentence is no name ("Doctors said", "Ahead of"), unless the
        // lexicon knows it first as one ("Turkey said") or a name follows it ("Doctors Fiona Walsh and …").
        let a = analyze("Doctors said that Gabrielle Giffords remained in critical condition.");
        assert_eq!(a.names.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(), ["Gabrielle Giffords"]);
        assert_eq!(analyze("Inflation rose to 9 percent.").names.len(), 0);
        let a = analyze("Ahead of state elections in Punjab, the government withdrew the laws.");
        assert_eq!(a.names.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(), ["Punjab"]);
        assert_eq!(analyze("Turkey said it would reply.").names.len(), 1);
        assert_eq!(analyze("Doctors Fiona Walsh and Omar Haddad said so.").names.len(), 2);
        // So is an adjective the lexicon never capitalises as a name ("Historic flooding"), unless it is the
        // adjective of a place ("French troops") or a name follows it ("Former President Jimmy Carter").
        let a = analyze("Historic flooding in Louisiana drove thousands from their homes.");
        assert_eq!(a.names.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(), ["Louisiana"]);
        assert_eq!(analyze("French troops left Mali in 2022.").names.len(), 2);
        assert_eq!(analyze("Former President Jimmy Carter died in 2024.").names.len(), 1);
        // A participle that opens a sentence before a small word is no name; a name in "-ing" is one.
        let names = |t: &str| analyze(t).names.iter().map(|n| n.text.clone()).collect::<Vec<_>>();
        assert_eq!(names("Looking at recent moves, CPI inflation climbed to 2.4% in December."), ["CPI"]);
        assert_eq!(names("Speaking to reporters, Kenyatta denied the claim."), ["Kenyatta"]);
        assert_eq!(names("Asked about the deal, Ramaphosa said nothing."), ["Ramaphosa"]);
        assert_eq!(names("Beijing on Monday denied the report."), ["Beijing"]);
        assert_eq!(names("Stirling beat Leeds in 2019."), ["Stirling", "Leeds"]);
        // An upper bound keeps its negation: the figure reader does not tell it from "more than".
        assert!(analyze("No more than 40 passengers were hurt.").negated);
        // "Not ... until" tells when something happened; "not" in another clause than "until" still negates.
        assert!(!analyze("The bridge did not open until May 1994.").negated);
        assert!(!analyze("In its 90 years the union had never gone on strike until last year.").negated);
        assert!(analyze("The bridge did not open, and it stayed shut until May 1994.").negated);
        assert!(analyze("No trains ran until May 1994.").negated);
    }

    #[test]
    fn names_from_the_sentences_before_count_as_named() {
        let a = analyze("The retailer said sales fell.");
        assert!(!a.knows_name("harbour"));
        let a = a.in_context(["telecom".to_owned(), "harbour".to_owned()]);
        assert!(a.knows_name("harbour") && a.knows_name("telecom") && !a.has_stem("harbour"));
    }

    #[test]
    fn times_told_relative_to_the_day_of_writing() {
        let told = |text: &str| -> Vec<(Relative, String)> {
            analyze(text).relative.into_iter().map(|r| (r.unit, r.text)).collect()
        };
        assert_eq!(told("The dam burst last Friday."), [(Relative::Day, "Friday".to_owned())]);
        assert_eq!(
            told("Yesterday the board said sales fell this year, and will fall again next month."),
            [
                (Relative::Day, "Yesterday".to_owned()),
                (Relative::Year, "this year".to_owned()),
                (Relative::Month, "next month".to_owned())
            ]
        );
        assert_eq!(told("Talks ended this morning."), [(Relative::Day, "this morning".to_owned())]);
        assert_eq!(
            told("Two years ago he set out to cut the deficit."),
            [(Relative::Year, "Two years ago".to_owned())]
        );
        assert_eq!(told("It opened 12 days ago."), [(Relative::Day, "12 days ago".to_owned())]);
        assert!(told("Long ago, it was a fort.").is_empty());
        // A span, or a date written out, is no relative time.
        assert!(told("Prices rose over the past year.").is_empty());
        assert!(told("The dam burst on 4 March 2021.").is_empty());
    }
}
