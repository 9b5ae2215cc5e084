//! Claim units: a sentence split into the parts that state one thing each.
//!
//! A sentence often carries more than one fact: coordinated clauses (", and", "; ", " — ", "while",
//! "whereas"), relative clauses ("which has …", "who …"), appositions (", a country of 20 million,"), lists
//! ("Australia in 1902 and Finland in 1906") and participle phrases (", making it …"). This module finds the
//! places where such a part begins or ends and returns the pieces between them; it does not decide what a
//! part states or whether it is sourced (the checker does, with the matcher and the detector). Splitting
//! errs on the side of too many pieces: a piece that a ledger claim covers costs nothing, and neighbouring
//! pieces that no claim covers are judged together. Invariant: pieces are in order, disjoint, non-empty,
//! trimmed, on token boundaries of the text, and the work is linear in its length.

use std::ops::Range;

use crate::detect;
use crate::matching::{is_weekday, month, tokenize, Class, Token};

/// How strongly a boundary separates what is on either side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Joint {
    /// A comma, colon or bracket: a phrase boundary (a list item, an apposition, a relative clause).
    Phrase,
    /// A semicolon, a dash, or a coordinating word between two clauses: what follows is a clause of its own.
    Clause,
}

/// One piece of a sentence: a byte range of its text and how it is joined to the piece before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Piece {
    pub range: Range<usize>,
    /// `None` for the first piece.
    pub joint: Option<Joint>,
}

/// Words that join two clauses when a comma (or nothing, for some) stands before them.
const COORDINATORS: &[&str] = &["and", "but", "yet", "while", "whereas", "although", "though"];

/// Words that, after a bare "and", are not yet the verb: "and now spends", "and later became".
const ADVERBS: &[&str] = &["now", "then", "later", "also", "still", "soon", "since", "so", "thus", "eventually"];

/// Forms of "be", "have", "do" and the modals: a clause has one of these or another verb.
const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "having", "do", "does", "did",
    "will", "would", "shall", "should", "can", "could", "may", "might", "must",
];

/// Past forms of common irregular English verbs (the regular ones end in "-ed").
const IRREGULAR_PAST: &[&str] = &[
    "arose",
    "awoke",
    "became",
    "began",
    "bore",
    "bought",
    "brought",
    "built",
    "burnt",
    "came",
    "caught",
    "chose",
    "dealt",
    "drew",
    "drove",
    "fell",
    "felt",
    "fled",
    "flew",
    "fought",
    "forgot",
    "froze",
    "gave",
    "got",
    "grew",
    "heard",
    "held",
    "hid",
    "hung",
    "kept",
    "knew",
    "laid",
    "led",
    "left",
    "lent",
    "lost",
    "made",
    "meant",
    "met",
    "paid",
    "ran",
    "rang",
    "rode",
    "rose",
    "said",
    "sank",
    "sat",
    "saw",
    "sent",
    "shook",
    "shot",
    "shut",
    "slept",
    "sold",
    "spent",
    "spoke",
    "stood",
    "stole",
    "struck",
    "swore",
    "swept",
    "taught",
    "told",
    "took",
    "thought",
    "threw",
    "understood",
    "went",
    "withdrew",
    "won",
    "wore",
    "wrote",
];

/// Whether a token looks like a finite verb: an auxiliary, an irregular past form, a regular past, or a word
/// that is most often a finite verb ("says", "set").
fn verb_like(t: &Token) -> bool {
    if t.class != Class::Word {
        return false;
    }
    let w = t.lower.as_str();
    // "May" with a capital is the month ("in May"), not the auxiliary.
    (AUXILIARIES.contains(&w) && !(t.capital && w == "may"))
        || IRREGULAR_PAST.contains(&w)
        || (!t.capital && ((w.len() >= 5 && w.ends_with("ed")) || detect::is_finite_form(w)))
}

/// Whether a token, first after a coordinator, reads as the verb of a clause that shares the subject: a finite
/// form ("and now spends") or a base form, which after a verb in the past is one too ("won the cup and beat
/// France"). A plural noun is not one ("schools and hospitals"), but after an adverb a word in "-s" is a verb
/// ("and now sets").
fn opens_clause(t: &Token, after_adverb: bool) -> bool {
    let w = t.lower.as_str();
    let present = after_adverb && w.len() > 3 && w.ends_with('s') && !w.ends_with("ss");
    !t.capital && (verb_like(t) || detect::is_base_form(w) || present)
}

/// Whether a word the lexicon does not know as a verb reads as one by what follows: a bare word, not a plural,
/// before a preposition of direction ("and spread to Sierra Leone", "and fled across the border"). A noun there
/// ("and access to water") only splits a list the claims cover either way.
fn moves_towards(t: &Token, next: Option<&Token>) -> bool {
    let w = t.lower.as_str();
    !t.capital
        && t.class == Class::Word
        && w.len() > 2
        && !w.ends_with('s')
        && next.is_some_and(|n| matches!(n.lower.as_str(), "to" | "into" | "across" | "through" | "throughout"))
}

fn is_symbol(t: &Token, symbols: &str) -> bool {
    t.class == Class::Symbol && t.text.chars().all(|c| symbols.contains(c))
}

/// Whether the text between two tokens is a dash typed as one or two hyphens with a space on each side.
fn is_spaced_dash(gap: &str) -> bool {
    let inner = gap.trim();
    matches!(inner, "-" | "--") && gap.starts_with(char::is_whitespace) && gap.ends_with(char::is_whitespace)
}

/// Discourse adverbs that a writer sets between commas inside a clause.
const ASIDE_ADVERBS: &[&[&str]] = &[
    &["however"],
    &["though"],
    &["therefore"],
    &["moreover"],
    &["nevertheless"],
    &["nonetheless"],
    &["meanwhile"],
    &["indeed"],
    &["too"],
    &["of", "course"],
    &["in", "fact"],
    &["in", "turn"],
];

/// When `tokens` open with a discourse adverb and a comma after it ("however, …"), how many tokens that is.
fn aside_adverb(tokens: &[Token]) -> Option<usize> {
    ASIDE_ADVERBS.iter().find_map(|words| {
        let n = words.len();
        let matched = tokens.len() > n
            && tokens[..n].iter().zip(words.iter()).all(|(t, w)| t.class == Class::Word && t.lower == *w)
            && is_symbol(&tokens[n], ",");
        matched.then_some(n + 1)
    })
}

/// The pieces of one sentence.
pub(crate) fn split(text: &str) -> Vec<Piece> {
    let tokens = tokenize(text);
    let mut pieces = Vec::new();
    // The first token of the piece being read, and how that piece was joined.
    let mut start: Option<usize> = None;
    let mut joint: Option<Joint> = None;
    let mut pending: Option<Joint> = None;
    let close = |pieces: &mut Vec<Piece>, from: Option<usize>, to: usize, joint: Option<Joint>| {
        if let Some(from) = from {
            if from < to {
                pieces.push(Piece { range: tokens[from].start..tokens[to - 1].end, joint });
            }
        }
    };
    // Whether the piece being read has a verb so far: a bare "and" splits only two clauses.
    let mut has_verb = false;
    // How many brackets are open: inside them a semicolon or a dash parts the items of an aside, not clauses.
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let strong = if depth > 0 { Joint::Phrase } else { Joint::Clause };
        // A hyphen or two between spaces is a dash as typewriters write it ("to 2011 - the largest fall").
        if i > 0 && start.is_some() && is_spaced_dash(&text[tokens[i - 1].end..t.start]) {
            close(&mut pieces, start, i, joint);
            start = None;
            pending = Some(pending.map_or(strong, |p| p.max(strong)));
        }
        // A discourse adverb between commas ("Lawmakers did, however, pass it") parts nothing: the piece reads on.
        if start.is_some() && is_symbol(t, ",") {
            if let Some(after) = aside_adverb(&tokens[i + 1..]) {
                i += 1 + after;
                continue;
            }
        }
        if is_symbol(t, ",:()[]") {
            depth = match t.text.as_str() {
                "(" | "[" => depth + 1,
                ")" | "]" => depth.saturating_sub(1),
                _ => depth,
            };
            close(&mut pieces, start, i, joint);
            start = None;
            pending = Some(pending.map_or(Joint::Phrase, |p| p.max(Joint::Phrase)));
            i += 1;
            continue;
        }
        // An en dash with a word or number right on each side joins them into one ("an ANC–EFF coalition",
        // "1980–83"), as a hyphen does.
        let joins_words = t.text == "\u{2013}"
            && i > 0
            && tokens[i - 1].end == t.start
            && tokens.get(i + 1).is_some_and(|n| n.start == t.end && n.class != Class::Symbol);
        if is_symbol(t, ";\u{2014}\u{2013}") && !joins_words {
            close(&mut pieces, start, i, joint);
            start = None;
            pending = Some(pending.map_or(strong, |p| p.max(strong)));
            i += 1;
            continue;
        }
        let word = t.lower.as_str();
        let after_comma = pending.is_some() && start.is_none();
        // A coordinator inside a hyphenated word ("a two-and-a-half front war", "hide-and-seek") joins nothing.
        let hyphenated = (i > 0 && &text[tokens[i - 1].end..t.start] == "-")
            || tokens.get(i + 1).is_some_and(|n| &text[t.end..n.start] == "-");
        // "Yet" after a verb of its clause or before "to" is an adverb of time ("could yet call", "has yet to").
        let adverb_yet = word == "yet"
            && (i > 0 && AUXILIARIES.contains(&tokens[i - 1].lower.as_str())
                || tokens.get(i + 1).is_some_and(|n| n.lower == "to"));
        if t.class == Class::Word && COORDINATORS.contains(&word) && start.is_some() && !hyphenated && !adverb_yet {
            // A bare coordinator: "while" and "whereas" join clauses, except "while" before a participle, which
            // tells when ("unearthed it while rebuilding a fort"); "and" and "but" only when a verb stands on
            // both sides ("fell in 1989 and Germany reunified", not "Copenhagen and Malmö").
            let participle = tokens.get(i + 1).is_some_and(|n| n.class == Class::Word && n.lower.ends_with("ing"));
            let bare_clause =
                (word == "whereas" || (word == "while" && !participle)) || (has_verb && clause_follows(&tokens, i + 1));
            if bare_clause {
                close(&mut pieces, start, i, joint);
                start = Some(i);
                joint = Some(Joint::Clause);
                pending = None;
                has_verb = false;
                i += 1;
                continue;
            }
        }
        if start.is_none() {
            start = Some(i);
            joint = if pieces.is_empty() && !after_comma {
                None
            } else if after_comma && t.class == Class::Word && COORDINATORS.contains(&word) {
                Some(Joint::Clause)
            } else {
                pending.or(Some(Joint::Phrase))
            };
            pending = None;
            has_verb = false;
        }
        has_verb |= verb_like(t);
        i += 1;
    }
    close(&mut pieces, start, tokens.len(), joint);
    if let Some(first) = pieces.first_mut() {
        first.joint = None;
    }
    pieces
}

/// The subject of the sentence's first clause: the words before its first verb, when there are a few of
/// them ("Costa Rica abolished its army …"). A coordinated clause without a subject of its own ("… and now
/// spends the money on schools") shares it.
pub(crate) fn subject(text: &str, pieces: &[Piece]) -> Option<Range<usize>> {
    let first = pieces.first()?;
    let tokens = tokenize(&text[first.range.clone()]);
    let verb = tokens.iter().position(verb_like)?;
    (1..=SUBJECT_WORDS)
        .contains(&verb)
        .then(|| first.range.start + tokens[0].start..first.range.start + tokens[verb - 1].end)
}

/// Whether a part opens with its verb, after a coordinator and an adverb ("and now spends", "but fell").
pub(crate) fn opens_with_verb(part: &str) -> bool {
    let tokens = tokenize(part);
    let mut words = tokens.iter().filter(|t| t.class == Class::Word).peekable();
    while words.peek().is_some_and(|t| COORDINATORS.contains(&t.lower.as_str())) {
        words.next();
    }
    let mut after_adverb = false;
    while words.peek().is_some_and(|t| ADVERBS.contains(&t.lower.as_str()) || is_manner_adverb(t)) {
        // After "now" or "later" a word in -s is a verb ("and now spends"); after a word in -ly it may be a
        // noun ("and elderly residents"), so only a known verb form counts then.
        after_adverb = ADVERBS.contains(&words.next().expect("peeked").lower.as_str());
    }
    words.next().is_some_and(|t| opens_clause(t, after_adverb))
}

/// The modal verbs, whose reach runs on through verbs coordinated after theirs ("will cut taxes and get things
/// done").
const MODALS: &[&str] = &["will", "would", "shall", "should", "can", "could", "may", "might", "must"];

/// The modal that a part starting at `at` in `text` shares with the clause before it: the part opens with a base
/// form of its verb and no finite form ("get things done", not "hired 200 workers"), and the last modal before
/// it is that modal's word ("… who will cut taxes and get things done": "will").
pub(crate) fn shared_modal(text: &str, at: usize) -> Option<&str> {
    let tokens = tokenize(&text[at..]);
    let verb = tokens.iter().find(|t| {
        t.class == Class::Word && !COORDINATORS.contains(&t.lower.as_str()) && !ADVERBS.contains(&t.lower.as_str())
    })?;
    if !detect::is_base_form(&verb.lower) || detect::is_finite_form(&verb.lower) {
        return None;
    }
    let before = tokenize(&text[..at]);
    let modal = before.iter().rev().find(|t| MODALS.contains(&t.lower.as_str()))?;
    Some(&text[modal.start..modal.end])
}

/// Words in "-ing" that work as prepositions ("according to", "including"), not as the verb of a clause.
const PREPOSITIONS_IN_ING: &[&str] = &[
    "according",
    "during",
    "including",
    "excluding",
    "following",
    "regarding",
    "concerning",
    "considering",
    "pending",
];

/// Whether a part opens with a present participle: "pointing to record numbers", "causing heavy disruption".
pub(crate) fn opens_with_participle(part: &str) -> bool {
    tokenize(part).iter().find(|t| t.class == Class::Word).is_some_and(|t| {
        let w = t.lower.as_str();
        !t.capital && w.len() > 5 && w.ends_with("ing") && !PREPOSITIONS_IN_ING.contains(&w) && !is_stop_ing(w)
    })
}

/// "-ing" words that are never participles of a verb of the clause ("nothing", "something", "morning").
fn is_stop_ing(w: &str) -> bool {
    matches!(w, "nothing" | "something" | "anything" | "everything" | "morning" | "evening" | "building" | "spring")
}

/// A word in "-ly" that no verb form is ("seriously", "finally"; not "apply"): it may stand between a
/// coordinator and its verb.
fn is_manner_adverb(t: &Token) -> bool {
    let w = t.lower.as_str();
    !t.capital && w.len() > 4 && w.ends_with("ly") && !detect::is_base_form(w) && !detect::is_finite_form(w)
}

/// Whether a phrase has a finite verb as [`split`] reads one: a clause ("Bangladesh gained independence"),
/// not a noun phrase ("The Hubble Space Telescope").
pub(crate) fn has_verb(phrase: &str) -> bool {
    tokenize(phrase).iter().any(verb_like)
}

/// The name that ends a piece, when it ends on capitalised words after a verb or a date: what an apposition
/// after the comma most likely renames ("On 14 January 2011 Ben Ali, a former army officer, …", "… fled to
/// Tunisia, a country of 11 million"). The range is in `text`, like `piece`.
pub(crate) fn trailing_name(text: &str, piece: Range<usize>) -> Option<Range<usize>> {
    let tokens = tokenize(&text[piece.clone()]);
    let last = tokens.last()?;
    let first = tokens.iter().rposition(|t| !(t.class == Class::Word && t.capital)).map_or(0, |i| i + 1);
    // A day or a month is a date, not a name: "… took place on Friday, leaving …" renames nothing.
    let dated = tokens[first..].iter().all(|t| month(&t.lower).is_some() || is_weekday(&t.lower));
    // A piece that is all capitals is a name already, or a heading; one word of a sentence's start is no name.
    (first > 0 && first < tokens.len() && !dated).then(|| piece.start + tokens[first].start..piece.start + last.end)
}

/// Whether a piece ends on a name ([`trailing_name`]) or is one: capitalised words only, two or more when the
/// piece opens the sentence, where one capitalised word may be any word ("Meanwhile").
pub(crate) fn ends_on_name(text: &str, piece: Range<usize>, opens_sentence: bool) -> bool {
    if trailing_name(text, piece.clone()).is_some() {
        return true;
    }
    let tokens = tokenize(&text[piece]);
    let words: Vec<&Token> = tokens.iter().filter(|t| t.class == Class::Word).collect();
    words.len() >= if opens_sentence { 2 } else { 1 } && words.iter().all(|t| t.capital)
}

/// Whether a part opens as a noun phrase that renames what it follows: an article, "one of", a possessive
/// ("Europe's largest port") or "once", "formerly", "now" before one ("once the capital").
pub(crate) fn opens_noun_phrase(part: &str) -> bool {
    let tokens = tokenize(part);
    let mut words = tokens.iter().filter(|t| t.class == Class::Word).peekable();
    if words.peek().is_some_and(|t| matches!(t.lower.as_str(), "once" | "formerly" | "now")) {
        words.next();
    }
    words.next().is_some_and(|t| matches!(t.lower.as_str(), "a" | "an" | "the" | "one") || t.possessive)
}

/// Whether a part after a whole clause sums it up in the writer's words: a noun phrase with a relative clause
/// of its own ("…, a partnership that few can match"), after a clause that does not end on a name, which the
/// phrase would describe instead ("… elected Ellen Johnson Sirleaf, a former minister who …"; not "… opened in
/// July 2000, a record that …"). A phrase whose noun names an act or an event sums up the clause whatever it
/// ends on: "… would join the Abraham Accords, a move that …" tells of the joining, not of the accords.
pub(crate) fn sums_up(host: &str, part: &str) -> bool {
    let host = tokenize(host);
    // A clause that ends on a date ("… opened in July 2000") ends on no name, though a month is capitalised.
    let ends_on_name = host
        .iter()
        .rev()
        .find(|t| matches!(t.class, Class::Word | Class::Number))
        .is_some_and(|t| t.class == Class::Word && t.capital && month(&t.lower).is_none());
    let words: Vec<Token> = tokenize(part).into_iter().filter(|t| t.class == Class::Word).collect();
    let relative = words.iter().skip(1).position(|t| matches!(t.lower.as_str(), "that" | "which" | "who" | "whose"));
    let Some(at) = relative.map(|i| i + 1) else { return false };
    host.iter().any(verb_like) && (!ends_on_name || names_an_act(&words[..at])) && opens_noun_phrase(part)
}

/// The most words a noun phrase holds before its relative word when its noun is read ("a bold new move that").
const HEAD_WORDS: usize = 4;

/// Whether the noun that a noun phrase's words end on, before its relative word, names an act or an event
/// ("a move", "the latest step"; not "a former minister", "an agreement"), by WordNet's dominant sense.
fn names_an_act(words: &[Token]) -> bool {
    words.len() <= HEAD_WORDS
        && words.last().is_some_and(|t| {
            let w = t.lower.as_str();
            !t.capital
                && (crate::matching::is_act_noun(w) || w.strip_suffix('s').is_some_and(crate::matching::is_act_noun))
        })
}

/// The longest subject [`subject`] returns.
const SUBJECT_WORDS: usize = 6;

/// The clauses of a sentence: its pieces grouped at clause joints, as byte ranges of the text.
pub(crate) fn clauses(text: &str, pieces: &[Piece]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for p in pieces {
        match out.last_mut() {
            Some(last) if p.joint != Some(Joint::Clause) => last.end = p.range.end,
            _ => out.push(p.range.clone()),
        }
    }
    debug_assert!(out.iter().all(|r| text.get(r.clone()).is_some()));
    out
}

/// How far past a bare "and" a verb is looked for: a clause's verb comes within a few words of its start,
/// and the look-ahead must stay bounded for the work to stay linear in a sentence of a thousand "and"s.
const LOOK_AHEAD: usize = 12;

/// Whether the words from `from` up to the next punctuation read as a clause: a verb among them, or a first
/// word (after any adverb) that opens one ("and beat France", "and now sets"; see [`opens_clause`]).
fn clause_follows(tokens: &[Token], from: usize) -> bool {
    let (mut first, mut after_adverb) = (true, false);
    for (k, t) in tokens[from..].iter().enumerate().take(LOOK_AHEAD) {
        if t.class == Class::Symbol {
            return false;
        }
        if verb_like(t) {
            return true;
        }
        if first && t.class == Class::Word {
            // "voted to return the measure and to put off the vote": a second infinitive, a second act.
            let infinitive = |n: Option<&Token>| n.is_some_and(|n| !n.capital && detect::is_base_form(&n.lower));
            if t.lower == "to" && infinitive(tokens.get(from + k + 1)) {
                return true;
            }
            if ADVERBS.contains(&t.lower.as_str()) {
                after_adverb = true;
                continue;
            }
            if opens_clause(t, after_adverb) || moves_towards(t, tokens.get(from + k + 1)) {
                return true;
            }
            first = false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        split(text).iter().map(|p| &text[p.range.clone()]).collect()
    }

    #[test]
    fn hosts_are_noun_phrases_or_clauses() {
        assert!(!has_verb("The Hubble Space Telescope"));
        assert!(!has_verb("Lagos"));
        assert!(has_verb("Bangladesh gained independence in 1971"));
        assert!(has_verb("The bridge was opened"));
        for part in [
            "a former capital",
            "the former Gold Coast",
            "Europe's largest port",
            "once the capital",
            "one of 19 founders",
        ] {
            assert!(opens_noun_phrase(part), "{part}");
        }
        for part in ["which opened in 1994", "who won the prize", "and Kenya followed", "making it the largest"] {
            assert!(!opens_noun_phrase(part), "{part}");
        }
    }

    #[test]
    fn coordinated_clauses() {
        assert_eq!(
            pieces("Finland joined NATO in April 2023, and Sweden followed in March 2024."),
            ["Finland joined NATO in April 2023", "and Sweden followed in March 2024."]
        );
        assert_eq!(
            pieces("Uruguay legalised cannabis in 2013; pharmacies sold it from 2017."),
            ["Uruguay legalised cannabis in 2013", "pharmacies sold it from 2017."]
        );
        assert_eq!(
            pieces("New Zealand gave women the vote in 1893 — Australia followed in 1902."),
            ["New Zealand gave women the vote in 1893", "Australia followed in 1902."]
        );
        assert_eq!(
            pieces("Lagos is the largest city while Abuja is the capital."),
            ["Lagos is the largest city", "while Abuja is the capital."]
        );
        assert_eq!(
            pieces("Soldiers found the stone while rebuilding a fort."),
            ["Soldiers found the stone while rebuilding a fort."]
        );
        // A discourse adverb between commas parts nothing; at the end of the sentence it is left as it was.
        for text in ["Lawmakers did, however, pass the bill.", "The council, in fact, voted twice."] {
            assert_eq!(pieces(text), [text]);
        }
        // "Yet" after an auxiliary or before "to" tells when, and joins nothing.
        for text in ["The union could yet call a strike.", "The council has yet to publish the figures."] {
            assert_eq!(pieces(text), [text]);
        }
        assert_eq!(
            pieces("The union rejected the offer yet its members voted to accept it."),
            ["The union rejected the offer", "yet its members voted to accept it."]
        );
        let text = "On 14 January 2011 Ben Ali fled to Tunisia";
        assert_eq!(trailing_name(text, 0..text.len()).map(|r| &text[r]), Some("Tunisia"));
        let text = "On 14 January 2011 Zine El Abidine Ben Ali";
        assert_eq!(trailing_name(text, 0..text.len()).map(|r| &text[r]), Some("Zine El Abidine Ben Ali"));
        for text in [
            "Lagos",
            "The Sydney Opera House",
            "the talks ended in 2011",
            "the last flights left on Friday",
            "the vote is due in May",
        ] {
            assert_eq!(trailing_name(text, 0..text.len()), None, "{text}");
        }
        // "spread" is a noun in the lexicon; before "to" it is the verb of a clause.
        assert_eq!(
            pieces("The epidemic began in Guinea in 2013 and spread to Liberia."),
            ["The epidemic began in Guinea in 2013", "and spread to Liberia."]
        );
        assert_eq!(
            pieces("The ministry built hospitals and schools in the north."),
            ["The ministry built hospitals and schools in the north."]
        );
        let s = split("The wall fell in 1989 and Germany reunified in 1990.");
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].joint, Some(Joint::Clause));
    }

    #[test]
    fn relative_clauses_appositions_and_lists() {
        assert_eq!(
            pieces("Rwanda, a country of about 14 million people, banned plastic bags in 2008."),
            ["Rwanda", "a country of about 14 million people", "banned plastic bags in 2008."]
        );
        assert_eq!(
            pieces("Junko Tabei, who reached the summit in May 1975, was the first woman to climb Everest."),
            ["Junko Tabei", "who reached the summit in May 1975", "was the first woman to climb Everest."]
        );
        assert_eq!(
            pieces("New Zealand gave women the vote in 1893, Australia in 1902 and Finland in 1906."),
            ["New Zealand gave women the vote in 1893", "Australia in 1902 and Finland in 1906."]
        );
    }

    #[test]
    fn a_phrase_after_a_clause_sums_it_up_unless_it_describes_a_name() {
        assert!(sums_up("Costa Rica abolished its army in 1948", "a choice that deserves more admiration"));
        assert!(!sums_up("Voters elected Ellen Johnson Sirleaf", "a former minister who had worked at the World Bank"));
        assert!(!sums_up("Costa Rica abolished its army in 1948", "a decade before its neighbours"));
        assert!(!sums_up("Lagos", "a former capital that lost the title in 1991"));
        // A month is capitalised but no name: the phrase after a date sums up the clause.
        assert!(sums_up("The bridge opened in July 2000", "a record of cooperation that few have matched"));
        assert!(!sums_up("The crown passed to Queen Mary", "a cousin who had lived abroad"));
        // A noun of an act or event tells of the clause, though the clause ends on a name; a person or a
        // document renames the name.
        assert!(sums_up("Trump said that Kazakhstan would join the Abraham Accords", "a move that deserves scrutiny"));
        assert!(sums_up("The council sold the site to Tesco", "a decision that few residents welcomed"));
        assert!(!sums_up("The parties signed the Good Friday Agreement", "a treaty that ended the Troubles"));
    }

    #[test]
    fn a_coordinator_inside_a_hyphenated_word_joins_nothing() {
        assert_eq!(
            pieces("The chief said the army was ready to fight a two-and-a-half front war if it came to that."),
            ["The chief said the army was ready to fight a two-and-a-half front war if it came to that."]
        );
    }

    #[test]
    fn a_bare_and_before_any_verb_form_joins_clauses() {
        // Verbs known from the tagger's lexicon, not only from the list of irregular pasts.
        assert_eq!(
            pieces("The club won the league in 1999 and beat every rival at home."),
            ["The club won the league in 1999", "and beat every rival at home."]
        );
        assert_eq!(
            pieces("The agency was set up in 2004 and now sets the rules for every port."),
            ["The agency was set up in 2004", "and now sets the rules for every port."]
        );
        // A second infinitive after a verb is a second act; a destination is not ("flew to Paris and to Rome").
        assert_eq!(
            pieces("The board voted to close the plant and to cut 300 jobs by March."),
            ["The board voted to close the plant", "and to cut 300 jobs by March."]
        );
        assert_eq!(
            pieces("The minister flew to Paris and to Rome in May."),
            ["The minister flew to Paris and to Rome in May."]
        );
    }

    #[test]
    fn a_dash_typed_as_hyphens_between_spaces_joins_clauses() {
        assert_eq!(
            pieces("Incomes fell by 1.6% from 2008 to 2011 - the largest fall since 1980-83."),
            ["Incomes fell by 1.6% from 2008 to 2011", "the largest fall since 1980-83."]
        );
        assert_eq!(pieces("Turnout was 51% -- a record."), ["Turnout was 51%", "a record."]);
        // A hyphen inside a word or a range is no dash.
        assert_eq!(pieces("The well-known firm grew 5-6% in 2019."), ["The well-known firm grew 5-6% in 2019."]);
    }

    #[test]
    fn an_en_dash_between_two_words_joins_them_as_a_hyphen_does() {
        assert_eq!(
            pieces("An ANC–MK coalition had 19.5% support, while only 9.5% backed an ANC–EFF coalition."),
            ["An ANC–MK coalition had 19.5% support", "while only 9.5% backed an ANC–EFF coalition."]
        );
        assert_eq!(pieces("Incomes fell from 2008–2011."), ["Incomes fell from 2008–2011."]);
        // With a space on either side it is a dash between clauses.
        assert_eq!(pieces("Turnout was 51% – a record."), ["Turnout was 51%", "a record."]);
    }

    #[test]
    fn a_semicolon_or_dash_inside_brackets_parts_phrases_not_clauses() {
        let text = "The treaty (signed in 1992; ratified in 1994) took effect in 1995; Chile joined in 2001.";
        let s = split(text);
        let got: Vec<(&str, Option<Joint>)> = s.iter().map(|p| (&text[p.range.clone()], p.joint)).collect();
        assert_eq!(
            got,
            [
                ("The treaty", None),
                ("signed in 1992", Some(Joint::Phrase)),
                ("ratified in 1994", Some(Joint::Phrase)),
                ("took effect in 1995", Some(Joint::Phrase)),
                ("Chile joined in 2001.", Some(Joint::Clause)),
            ]
        );
        let text = "The bridge [built 1932 \u{2014} rebuilt 1986] carries rail and road.";
        let joints: Vec<Option<Joint>> = split(text).iter().map(|p| p.joint).collect();
        assert_eq!(joints, [None, Some(Joint::Phrase), Some(Joint::Phrase), Some(Joint::Phrase)]);
        // An unbalanced closing bracket does not leave the rest of the sentence inside one.
        let joints: Vec<Option<Joint>> =
            split("It grew) in 2001; it shrank in 2002.").iter().map(|p| p.joint).collect();
        assert_eq!(joints, [None, Some(Joint::Phrase), Some(Joint::Clause)]);
    }

    #[test]
    fn names_and_noun_pairs_stay_whole() {
        for text in [
            "The Øresund Bridge between Copenhagen and Malmö opened in July 2000.",
            "Costa Rica spends the money on schools and hospitals.",
            "It is the longest combined road and rail bridge in Europe.",
            "Kazakhstan has maintained close and warm ties with Israel since 1992.",
            "The population grew between 1990 and 2000.",
        ] {
            assert_eq!(pieces(text), [text], "{text}");
        }
    }

    #[test]
    fn joints_say_how_pieces_meet() {
        let s = split("Wangari Maathai, who won the prize in 2004, founded the movement; it grew, and spread.");
        let joints: Vec<Option<Joint>> = s.iter().map(|p| p.joint).collect();
        assert_eq!(joints, [None, Some(Joint::Phrase), Some(Joint::Phrase), Some(Joint::Clause), Some(Joint::Clause)]);
    }

    #[test]
    fn subjects_and_subjectless_clauses() {
        let text = "Costa Rica abolished its army in 1948 and now spends that money on schools.";
        let s = split(text);
        assert_eq!(subject(text, &s).map(|r| &text[r]), Some("Costa Rica"));
        assert!(opens_with_verb(&text[s[1].range.clone()]));
        assert!(!opens_with_verb("and Germany reunified in 1990"));
        assert!(opens_with_verb("and was repaired in 1993"));
        let text = "In a long and quiet year without any news at all, the bridge opened.";
        assert_eq!(subject(text, &split(text)), None);
    }

    #[test]
    fn a_coordinated_base_form_shares_the_modal_before_it() {
        let text = "Liz Truss is the one who will cut taxes and get things done.";
        assert_eq!(shared_modal(text, text.find("get").unwrap()), Some("will"));
        let text = "The firm will open a plant and hired 200 workers last year.";
        assert_eq!(shared_modal(text, text.find("hired").unwrap()), None);
        let text = "The firm opened a plant and get things done.";
        assert_eq!(shared_modal(text, text.find("get").unwrap()), None);
    }

    #[test]
    fn participle_clauses_and_prepositions_in_ing() {
        assert!(opens_with_participle("pointing to record numbers of hospital admissions"));
        assert!(opens_with_participle("causing heavy disruption across Europe for two days"));
        assert!(!opens_with_participle("including YouTube"));
        assert!(!opens_with_participle("according to the ministry"));
        assert!(!opens_with_participle("something he regrets"));
        assert!(!opens_with_participle("Reading, a town in Berkshire"));
        assert!(!opens_with_participle("and sing"));
    }

    #[test]
    fn odd_inputs() {
        for text in ["", ",", ";;", " — ", "and", ", and ,", "(a)", "a,b", "— and while —"] {
            let s = split(text);
            for p in &s {
                assert!(!p.range.is_empty() && text.is_char_boundary(p.range.start), "{text:?}: {s:?}");
            }
        }
        assert_eq!(pieces("(a)"), ["a"]);
    }
}
