//! Which pieces of a sentence its ledger claims cover, and what the uncovered rest holds.
//!
//! A piece ([`super::units`]) is covered when the claims the sentence restates state what it says: its
//! figures agree with theirs, its names are theirs, and most of its content words are theirs (compared as
//! the matcher compares them: stems, figures by value). What is left is grouped into runs of neighbouring
//! pieces, each with the evidence that it states a fact of its own: figures, dates and names no claim holds
//! (strong), superlatives (weaker), other words (the detector decides). This module is pure; it does not
//! decide whether a run is reported.

use std::collections::HashSet;
use std::ops::Range;

use super::units::{self, Joint, Piece};
use crate::matching::{
    analyze, is_number_word, same_name, tokenize, Analysis, Class, Compat, Figure, FigureValue, Name,
};

/// Attribution words: "as NPR reported", "according to officials" credit a source, they state nothing.
const ATTRIBUTION: &[&str] = &[
    "according",
    "report",
    "reported",
    "reports",
    "reporter",
    "reporters",
    "said",
    "say",
    "says",
    "estimates",
    "told",
    "tells",
    "noted",
    "wrote",
    "writes",
    "stated",
    "added",
    "announc",
    "confirmed",
    "cited",
    "quoted",
];

/// The share of a piece's units (names, figures, content words) that no claim holds above which the piece
/// is uncovered.
const MOSTLY_NEW: f32 = 0.5;

/// The same, for a piece with a name or superlative that no claim holds: a lower bar, but a name that only
/// qualifies a covered phrase ("signed by Kazakhstan's president") does not uncover it.
const NAMED_NEW: f32 = 0.2;

/// What the claims of a sentence state, all together.
pub(crate) struct Covering {
    stems: HashSet<String>,
    figures: Vec<Figure>,
    names: Vec<Name>,
}

impl Covering {
    pub fn new<'c>(claims: impl IntoIterator<Item = &'c str>) -> Covering {
        let mut stems = HashSet::new();
        let mut figures = Vec::new();
        let mut names = Vec::new();
        for text in claims {
            let a = analyze(text);
            stems.extend(a.stems);
            figures.extend(a.figures);
            names.extend(a.names);
        }
        Covering { stems, figures, names }
    }

    /// Whether a name is one of the claims' names written another way: "B.C." for "British Columbia".
    fn names_alike(&self, name: &Name) -> bool {
        self.names.iter().any(|n| same_name(n, name))
    }

    /// Whether a name's word is one the claims hold, or a form of one: "New Zealander" and "New Zealand",
    /// "Kazakh" and "Kazakhstan" share their first five letters.
    fn knows(&self, stem: &str) -> bool {
        self.stems.contains(stem) || self.stems.iter().any(|s| same_root(s, stem))
    }

    /// Whether a name is one the claims hold: all its words, or the name written another way, or its last word
    /// when that is the last word of a claim's name ("President Tokayev", "Kassym-Jomart Tokayev"), the name is
    /// that one word, or the claims hold half its other words. A last word the claims hold in another name does
    /// not make the name theirs: "the European Central Bank" is not "the Reserve Bank of Australia".
    fn knows_name(&self, n: &Name) -> bool {
        let by_head = || {
            let others = &n.stems[..n.stems.len().saturating_sub(1)];
            others.is_empty()
                || self.names.iter().any(|c| c.head == n.head)
                || 2 * others.iter().filter(|s| self.knows(s)).count() >= others.len()
        };
        (self.knows(&n.head) && by_head()) || n.stems.iter().all(|s| self.knows(s)) || self.names_alike(n)
    }

    /// The names of `text` that the claims hold under another name written beside them in brackets: "the AUKU
    /// (Universities and University Colleges Act)", "Bharatiya Janata Party (BJP)" are one name written two ways.
    fn aliased(&self, text: &str) -> HashSet<String> {
        let mut out = HashSet::new();
        if !text.contains(" (") {
            return out;
        }
        let names = analyze(text).names;
        // Every word of the name, not only its last ("Act"), as the other name would then be another.
        let holds = |n: &Name| n.stems.iter().all(|s| self.knows(s)) || self.names_alike(n);
        for (outer, inner) in aliases(text, &names) {
            if inner.iter().all(|&j| holds(&names[j])) {
                out.insert(names[outer].text.clone());
            }
            if holds(&names[outer]) {
                out.extend(inner.iter().map(|&j| names[j].text.clone()));
            }
        }
        out
    }

    fn states(&self, figure: &Figure) -> bool {
        self.figures.iter().any(|f| f.compat(figure) == Compat::Same)
    }
}

/// Two name words with a common beginning of at least five letters, or one the whole beginning of the other.
fn same_root(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    common >= 5 || (common >= 4 && common == a.chars().count().min(b.chars().count()))
}

/// Neighbouring pieces that no claim covers, and what they hold that no claim does.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Run {
    /// In the sentence's text, from the first piece's first word (a leading "and" or "but" left out) to the
    /// last piece's end.
    pub range: Range<usize>,
    /// The piece before the run, when the run hangs on it by a comma (the noun an apposition or a relative
    /// clause describes): context for judging the run.
    pub host: Option<Range<usize>>,
    /// Explicit quantities, amounts, shares and dates.
    pub figures: Vec<String>,
    /// Superlatives and ranks ("the longest", "the third").
    pub ranks: Vec<String>,
    pub names: Vec<String>,
    /// Content words no claim has.
    pub words: Vec<String>,
    /// The run is a name that a list of the claims' names gains ("…, TikTok and YouTube"): a fact as a figure is.
    pub item: bool,
}

/// The runs of pieces that `covering` leaves uncovered. `ignored` says which names are not the sentence's
/// own (link texts, credited outlets). When no piece is covered the sentence rewords its claims as a whole,
/// which the matcher already judged; then only the pieces that hold a figure or name no claim holds are
/// returned when some other piece holds none (it carries the claims), and all of them when every piece of a
/// sentence of several holds one: "… started in Guinea in December 2013 and soon reached Sierra Leone,
/// Liberia and Nigeria", reworded, still adds three countries.
pub(crate) fn uncovered(text: &str, pieces: &[Piece], covering: &Covering, ignored: &dyn Fn(&str) -> bool) -> Vec<Run> {
    let aliased = covering.aliased(text);
    let mut judged: Vec<Option<Run>> = pieces.iter().map(|p| judge(text, p, covering, &aliased, ignored)).collect();
    if judged.iter().all(Option::is_some) {
        let holds_new = |r: &Option<Run>| r.as_ref().is_some_and(|r| !r.figures.is_empty() || !r.names.is_empty());
        if !judged.iter().all(holds_new) {
            for slot in &mut judged {
                if !holds_new(slot) {
                    *slot = None;
                }
            }
        } else if pieces.len() < 2 {
            // One piece, reworded: whether its names are the claim's is the matcher's call, already made.
            return Vec::new();
        }
    }
    // "four universities – Bradford, Hull, Leeds and Sheffield –": a count of the list after it, which the
    // claims state when they state the list.
    for i in 0..judged.len() {
        // Only a piece with a count looks ahead, and each look stops at the next uncovered piece: linear.
        let counted: Vec<usize> =
            judged[i].as_ref().map(|r| r.figures.iter().filter_map(|f| counts(f)).collect()).unwrap_or_default();
        if counted.is_empty() {
            continue;
        }
        let listed = list_after(text, pieces, &judged, i);
        if let Some(run) = judged[i].as_mut() {
            run.figures.retain(|f| !(listed > 1 && counts(f) == Some(listed)));
        }
    }
    let mut runs: Vec<Run> = Vec::new();
    let mut open = false;
    for (i, (piece, found)) in pieces.iter().zip(judged).enumerate() {
        let Some(found) = found else {
            open = false;
            continue;
        };
        match runs.last_mut() {
            // A phrase adds to the run before it; so does "and" with no comma before it, or a verb that shares
            // the subject of the uncovered piece before it: "while the Greens held on and the Liberals gained
            // seats", "which flooded 200 homes and badly damaged a bridge" are one part each.
            Some(run) if open && (piece.joint == Some(Joint::Phrase) || continues(text, piece)) => {
                run.range.end = found.range.end;
                run.figures.extend(found.figures);
                run.ranks.extend(found.ranks);
                run.names.extend(found.names);
                run.words.extend(found.words);
                run.item |= found.item;
            }
            _ => {
                // A noun phrase after a dash describes what comes before it as one after a comma does ("in
                // Saint-Malo, on the Breton coast of France—an old walled town where …").
                let after_dash = |k: usize| {
                    text[pieces[k - 1].range.end..piece.range.start].contains(['\u{2014}', '\u{2013}', '-'])
                        && units::opens_noun_phrase(&text[piece.range.clone()])
                };
                let host = (i > 0 && (piece.joint == Some(Joint::Phrase) || after_dash(i)))
                    .then(|| pieces[i - 1].range.clone());
                runs.push(Run { host, ..found });
            }
        }
        open = true;
    }
    runs
}

/// A piece as a run of its own when it holds a figure or a date (not a rank), read as if no claim covered it.
pub(crate) fn figures_of(text: &str, piece: &Piece, ignored: &dyn Fn(&str) -> bool) -> Option<Run> {
    let nothing = Covering::new(std::iter::empty());
    judge(text, piece, &nothing, &HashSet::new(), ignored).filter(|r| !r.figures.is_empty())
}

/// Whether a clause continues the one before it as one part: an "and" with no comma (or other mark) before it,
/// or with one but sharing the subject ("…, and badly damaged a bridge").
fn continues(text: &str, piece: &Piece) -> bool {
    let body = &text[piece.range.clone()];
    let comma_before = text[..piece.range.start].trim_end().ends_with([',', ';', ':', '-', '\u{2013}', '\u{2014}']);
    piece.joint == Some(Joint::Clause)
        && body.trim_start().starts_with("and ")
        && (!comma_before || units::opens_with_verb(body))
}

/// How many items the covered pieces right after piece `i` list: each phrase a name, the last perhaps two
/// joined by "and" ("Bradford, Hull, Leeds and Sheffield"); 0 when they are no list of names.
fn list_after(text: &str, pieces: &[Piece], judged: &[Option<Run>], i: usize) -> usize {
    let mut items = 0;
    for (k, piece) in pieces.iter().enumerate().skip(i + 1) {
        if judged[k].is_some() || (k > i + 1 && piece.joint != Some(Joint::Phrase)) {
            break;
        }
        let words = tokenize(&text[piece.range.clone()]);
        let joined = words.iter().filter(|t| matches!(t.lower.as_str(), "and" | "or")).count();
        let named = words.iter().filter(|t| t.class == Class::Word && !matches!(t.lower.as_str(), "and" | "or"));
        if joined > 1 || !named.clone().all(|t| t.capital) || named.count() == 0 {
            break;
        }
        items += 1 + joined;
    }
    items
}

/// The whole number a figure's text counts, if it is a plain count ("four", "12").
fn counts(figure: &str) -> Option<usize> {
    let found = analyze(figure).figures;
    match found.as_slice() {
        [Figure { value: FigureValue::Count { value }, approx: false, .. }] if value.fract() == 0.0 => {
            Some(*value as usize)
        }
        _ => None,
    }
}

/// The piece as a run of its own when the claims leave it uncovered.
fn judge(
    text: &str,
    piece: &Piece,
    covering: &Covering,
    aliased: &HashSet<String>,
    ignored: &dyn Fn(&str) -> bool,
) -> Option<Run> {
    let body = &text[piece.range.clone()];
    let a: Analysis = analyze(body);
    let mut run = Run { range: piece.range.clone(), ..Run::default() };
    if let Some(first) = a.tokens.first() {
        if matches!(first.lower.as_str(), "and" | "but" | "yet" | "so" | "or") {
            if let Some(next) = a.tokens.get(1) {
                run.range.start = piece.range.start + next.start;
            }
        }
    }
    // "Its first six months", "the last 10 years": an ordinal before a count picks a stretch, it ranks nothing.
    let stretches: HashSet<&str> = a
        .tokens
        .windows(2)
        .filter(|w| matches!(w[0].lower.as_str(), "first" | "last"))
        .filter(|w| w[1].class == Class::Number || (is_number_word(&w[1].lower) && w[1].lower != w[0].lower))
        .map(|w| w[0].lower.as_str())
        .collect();
    let before_a_count = |word: &str| stretches.contains(word);
    for f in a.figures.iter().filter(|f| !covering.states(f)) {
        // An ordinal ranks, as a superlative does ("his third term", "the second woman to …"): checkable when it
        // tells a record, but no quantity, and a judgement can hold one.
        if f.implicit || matches!(f.value, FigureValue::Rank { .. }) {
            if before_a_count(&f.text.to_lowercase()) {
                continue;
            }
            run.ranks.push(f.text.clone());
        } else {
            run.figures.push(f.text.clone());
        }
    }
    let mut name_stems: HashSet<&str> = HashSet::new();
    let mut names = 0;
    for n in &a.names {
        name_stems.extend(n.stems.iter().map(String::as_str));
        if n.credited || ignored(&n.text) {
            continue;
        }
        names += 1;
        if !(covering.knows_name(n) || aliased.contains(&n.text)) {
            run.names.push(n.text.clone());
        }
    }
    let attribution = a.tokens.iter().any(is_attribution);
    let words: Vec<&String> =
        a.stems.iter().filter(|s| !name_stems.contains(s.as_str()) && !ATTRIBUTION.contains(&s.as_str())).collect();
    run.words = words.iter().filter(|s| !covering.stems.contains(s.as_str())).map(|s| (*s).clone()).collect();
    // Every name, figure and content word is a unit of what the piece says.
    let units = names + a.figures.len() + words.len();
    let new = run.names.len() + run.figures.len() + run.ranks.len() + run.words.len();
    let share = if units == 0 { 0.0 } else { new as f32 / units as f32 };
    // An apposition that shares half its words with the claims still says something of its own about its
    // noun ("Sirimavo Bandaranaike, the widow of a murdered prime minister, became prime minister").
    let apposition = piece.joint == Some(Joint::Phrase) && units::opens_noun_phrase(body);
    let uncovered = if attribution {
        // "a spokesman told reporters", "as the ministry said": a credit, unless it carries a figure or reports a
        // statement of its own ("and Uzbekistan said it was considering the same step").
        !run.figures.is_empty() || reports_a_statement(body, &a, covering)
    } else {
        !run.figures.is_empty()
            || share > MOSTLY_NEW
            || (share >= MOSTLY_NEW && apposition)
            || ((!run.names.is_empty() || !run.ranks.is_empty()) && share > NAMED_NEW)
    };
    // "… into Facebook, Instagram, Snapchat, TikTok and YouTube over …", against a claim that lists the first four:
    // the item the sentence adds is a fact of its own, however little of the piece it is, and all the piece adds.
    let only_an_item = run.figures.is_empty() && run.ranks.is_empty() && run.names.len() == 1 && share <= MOSTLY_NEW;
    if let Some(item) = only_an_item.then(|| added_item(&a, &run.names, covering)).flatten() {
        let range = piece.range.start + item.start..piece.range.start + item.end;
        return Some(Run { range, names: vec![body[item].to_owned()], item: true, ..Run::default() });
    }
    uncovered.then_some(run)
}

/// Whether a token is one of the [`ATTRIBUTION`] words, as written or by its stem ("announced").
fn is_attribution(t: &crate::matching::Token) -> bool {
    ATTRIBUTION.contains(&t.lower.as_str()) || ATTRIBUTION.contains(&t.stem.as_str())
}

/// The fewest content words no claim holds that what is said after a verb of saying needs to be a statement of
/// its own rather than a credit, with a finite verb ("said in a statement on its website" has none).
const REPORTED_NEW_WORDS: usize = 2;

/// Whether a piece with a verb of saying reports, after it, a clause with a finite verb, out of quotation marks,
/// whose content words are mostly ones no claim holds: what someone said, a fact of its own to source, not the
/// claims' credit.
fn reports_a_statement(body: &str, a: &Analysis, covering: &Covering) -> bool {
    let Some(at) = a.tokens.iter().position(is_attribution) else {
        return false;
    };
    let after = &a.tokens[at + 1..];
    let content: Vec<_> = after
        .iter()
        .filter(|t| t.class == Class::Word && !t.capital && !is_attribution(t) && !crate::matching::is_stop(&t.lower))
        .collect();
    let new = content.iter().filter(|t| !covering.stems.contains(t.stem.as_str())).count();
    let (Some(first), Some(last)) = (after.first(), after.last()) else {
        return false;
    };
    let clause = &body[first.start..last.end];
    // Words in quotation marks are the speaker's own ("said the police had \"done the best they could\""): a
    // view as often as a fact, left to the credit unless they carry a figure.
    let quoted = clause.contains(['"', '\u{201c}', '\u{201d}']);
    new >= REPORTED_NEW_WORDS && new * 2 > content.len() && !quoted && crate::detect::shape(clause).finite_verb
}

/// The span in the piece of a name of `new` that follows a name the claims hold and "and", "or" or a comma: an
/// item a list of the claims' names gains.
fn added_item(a: &Analysis, new: &[String], covering: &Covering) -> Option<Range<usize>> {
    let tokens = &a.tokens;
    new.iter().find_map(|name| {
        let first = name.split_whitespace().next()?;
        let last = name.split_whitespace().last()?;
        (2..tokens.len()).find_map(|i| {
            let joined = matches!(tokens[i - 1].lower.as_str(), "and" | "or" | ",");
            let known = tokens[i - 2].capital && covering.stems.contains(&tokens[i - 2].stem);
            if tokens[i].text != first || !joined || !known {
                return None;
            }
            // Only where the name opens after a known name and a joint is its last word looked for.
            let end = tokens[i..].iter().find(|t| t.text == last)?;
            Some(tokens[i].start..end.end)
        })
    })
}

/// The names of `body` (its analysis's `names`, in order) that are followed by names in brackets and nothing else
/// there: each as the outer name's index and the indices of the names inside ("AUKU (Universities and University
/// Colleges Act)", "Economic Freedom Fighters (EFF)").
fn aliases(body: &str, names: &[Name]) -> Vec<(usize, Vec<usize>)> {
    let mut at = Vec::with_capacity(names.len());
    let mut from = 0;
    for n in names {
        let start = body[from..].find(&n.text).map(|k| from + k);
        if let Some(start) = start {
            from = start + n.text.len();
        }
        at.push(start.map(|s| s..s + n.text.len()));
    }
    let mut out = Vec::new();
    for (i, span) in at.iter().enumerate() {
        let Some(span) = span else { continue };
        let rest = &body[span.end..];
        let Some(open) = rest.strip_prefix(" (").map(|_| span.end + 2) else { continue };
        let Some(close) = body[open..].find(')').map(|k| open + k) else { continue };
        let inner: Vec<usize> = (i + 1..names.len())
            .take_while(|&j| at[j].as_ref().is_some_and(|r| r.end <= close))
            .filter(|&j| at[j].as_ref().is_some_and(|r| r.start >= open))
            .collect();
        // Only names inside, joined by "and", "of", "&" or punctuation: a gloss, not a remark.
        let mut left = body[open..close].to_owned();
        for &j in &inner {
            left = left.replacen(&names[j].text, " ", 1);
        }
        let only_names = left.split(|c: char| !c.is_alphanumeric()).all(|w| matches!(w, "" | "and" | "of" | "the"));
        if !inner.is_empty() && only_names {
            out.push((i, inner));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::units::split;

    fn runs(sentence: &str, claims: &[&str]) -> Vec<(String, Run)> {
        let covering = Covering::new(claims.iter().copied());
        let pieces = split(sentence);
        uncovered(sentence, &pieces, &covering, &|_| false)
            .into_iter()
            .map(|r| (sentence[r.range.clone()].to_owned(), r))
            .collect()
    }

    #[test]
    fn an_added_clause_is_uncovered_with_its_figures_and_names() {
        let found = runs(
            "Kazakhstan has had diplomatic relations with Israel since 1992, and its embassy in Tel Aviv opened in 1996.",
            &["Kazakhstan has had diplomatic relations with Israel since 1992."],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "its embassy in Tel Aviv opened in 1996.");
        assert_eq!(found[0].1.figures, ["1996"]);
        assert_eq!(found[0].1.names, ["Tel Aviv"]);
    }

    #[test]
    fn a_credit_in_any_tense_states_nothing_of_its_own() {
        let claim = ["Kazakhstan is a Muslim-majority country of about twenty million people."];
        for credit in
            ["officials say", "officials said", "an official says", "according to officials", "the ministry estimates"]
        {
            let sentence = format!("Kazakhstan has about twenty million residents, most of them Muslim, {credit}.");
            assert!(runs(&sentence, &claim).is_empty(), "{sentence}: {:?}", runs(&sentence, &claim));
        }
        // A credit with a figure of its own still adds it.
        let sentence = "Kazakhstan has about twenty million residents, most of them Muslim, 40 officials say.";
        assert!(!runs(sentence, &claim).is_empty());
    }

    #[test]
    fn what_someone_said_beyond_the_claims_is_a_statement_not_a_credit() {
        let claim = ["Kazakhstan would join the Abraham Accords."];
        let found = runs(
            "Kazakhstan would join the Abraham Accords, and Uzbekistan said it was considering the same step.",
            &claim,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.starts_with("Uzbekistan said it was considering"), "{found:?}");
        // A credit with a place and a channel, no clause of its own; words in quotation marks; little that is new.
        for credit in [
            "the ministry said in a statement on its website",
            "and the minister said the police had \"done the best they could\"",
            "and officials said Kazakhstan would join the accords",
        ] {
            let sentence = format!("Kazakhstan would join the Abraham Accords, {credit}.");
            assert!(runs(&sentence, &claim).is_empty(), "{sentence}: {:?}", runs(&sentence, &claim));
        }
    }

    #[test]
    fn a_name_the_claim_gives_in_full_is_no_new_name_in_its_initials() {
        let claim = ["The village of Lytton, British Columbia, burned on 30 June 2021."];
        let found = runs("Lytton, B.C., burned on 30 June 2021, and its mayor resigned in August.", &claim);
        assert!(found.iter().all(|(_, r)| !r.names.iter().any(|n| n == "B.C.")), "{:?}", found);
        assert!(found.iter().any(|(part, _)| part.starts_with("its mayor resigned")), "{:?}", found);
    }

    #[test]
    fn a_name_whose_last_word_the_claims_hold_in_another_name_is_new() {
        let claim = ["Reserve Bank of Australia Governor Philip Lowe said in May 2022 that the forecasts were poor."];
        let found = runs(
            "Philip Lowe, who heads the European Central Bank, said in May 2022 that the forecasts were poor.",
            &claim,
        );
        assert!(found.iter().any(|(_, r)| r.names == ["European Central Bank"]), "{found:?}");
        // The claims' name written shorter, or longer by a title, is theirs.
        for sentence in [
            "Philip Lowe, who heads the Reserve Bank, said in May 2022 that the forecasts were poor.",
            "Governor Lowe, who heads the Bank, said in May 2022 that the forecasts were poor.",
        ] {
            let found = runs(sentence, &claim);
            assert!(found.iter().all(|(_, r)| r.names.is_empty()), "{sentence}: {found:?}");
        }
    }

    #[test]
    fn a_name_and_the_name_in_brackets_after_it_are_one_name() {
        let claim = ["Malaysia's parliament amended the Universities and University Colleges Act in 2012."];
        let names =
            |sentence: &str| -> Vec<String> { runs(sentence, &claim).into_iter().flat_map(|(_, r)| r.names).collect() };
        // The acronym glossed by the claim's name, and the claim's name glossed by an acronym.
        let found = names(
            "Malaysia's parliament amended the AUKU (Universities and University Colleges Act) in 2012, and it passed.",
        );
        assert!(!found.iter().any(|n| n == "AUKU"), "{found:?}");
        let found = names(
            "Malaysia's parliament amended the Universities and University Colleges Act (AUKU) in 2012, and it passed.",
        );
        assert!(!found.iter().any(|n| n == "AUKU"), "{found:?}");
        // A remark in brackets is no gloss; nor is a name the claims do not hold.
        let covering = Covering::new(claim);
        let aliased = |sentence: &str| covering.aliased(sentence);
        assert!(aliased("It amended the AUKU (Universities and University Colleges Act).").contains("AUKU"));
        assert!(aliased("It amended the AUKU (which dates from 1971).").is_empty());
        assert!(aliased("It amended the AUKU (Private Higher Educational Institutions Act).").is_empty());
    }

    #[test]
    fn an_item_added_to_a_list_of_the_claims_names_is_uncovered() {
        let claim = ["In March 2026 the commissioner opened investigations into Facebook, Instagram, Snapchat and TikTok over breaches of the ban."];
        let found = runs(
            "In March 2026 the commissioner opened investigations into Facebook, Instagram, Snapchat, TikTok and YouTube over breaches of the ban.",
            &claim,
        );
        let parts: Vec<&str> = found.iter().map(|(text, _)| text.as_str()).collect();
        assert_eq!(parts, ["YouTube"]);
        assert_eq!(found[0].1.names, ["YouTube"]);
        assert!(found[0].1.item);
        let claim = ["On 31 March 2026 Australia's eSafety Commissioner, Julie Inman Grant, opened formal investigations into Facebook, Instagram, Snapchat and TikTok over suspected breaches of Australia's world-first ban on social media accounts for children under 16."];
        let found = runs("On 31 March 2026 Australia's eSafety Commissioner, Julie Inman Grant, launched formal investigations into Facebook, Instagram, Snapchat, TikTok and YouTube over suspected breaches of the country's world-first ban on social media accounts for under-16s.", &claim);
        let parts: Vec<&str> = found.iter().map(|(text, _)| text.as_str()).collect();
        assert_eq!(parts, ["YouTube"]);
    }

    #[test]
    fn an_ordinal_is_a_rank_not_a_quantity() {
        let found = runs(
            "Lula won Brazil's presidential election in October 2022, and his third term began in January 2023.",
            &["Lula won Brazil's presidential election in October 2022."],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1.figures, ["January 2023"]);
        assert_eq!(found[0].1.ranks, ["third"]);
        // "First" before a count picks a stretch of time; a superlative before one still ranks.
        let claim = ["By May 2023 the unity government had been in office in Putrajaya for six months."];
        assert!(runs("The unity government has passed its first six months in Putrajaya.", &claim).is_empty());
        let found = runs("Incomes fell by 1.6% - the largest three-year fall since 1980.", &["Incomes fell by 1.6%."]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1.ranks, ["largest"]);
    }

    #[test]
    fn an_apposition_half_of_whose_words_the_claim_has_is_still_uncovered() {
        let claim = ["Sirimavo Bandaranaike became the first female prime minister in 1960."];
        let found = runs(
            "Sirimavo Bandaranaike, the widow of a murdered prime minister, became the first female prime minister in 1960.",
            &claim,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "the widow of a murdered prime minister");
        // Not so a clause that opens the sentence: "came" beside a covered name says little of its own.
        assert!(runs("Until Bandaranaike came in, the first female prime minister took office in 1960.", &claim)
            .iter()
            .all(|(text, _)| !text.starts_with("Until")));
    }

    #[test]
    fn a_reworded_sentence_still_yields_the_pieces_with_names_no_claim_has() {
        let claim = ["The Ebola epidemic began in Guinea in December 2013."];
        // Every piece rewords the claim; the second alone adds names.
        let found = runs(
            "Ebola first appeared in Guinea in December 2013, later crossing into Sierra Leone and Liberia.",
            &claim,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "later crossing into Sierra Leone and Liberia.");
        // Every piece adds a name: the sentence is one run, not a pass.
        let found = runs(
            "An Ebola outbreak that started in Guinea in December 2013 soon reached Sierra Leone, Liberia and Nigeria.",
            &claim,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1.names, ["Sierra Leone", "Liberia", "Nigeria"]);
        // A plain rewording adds nothing.
        assert!(runs("In December 2013 an outbreak of Ebola started in Guinea.", &claim).is_empty());
    }

    #[test]
    fn appositions_run_with_their_host_as_context() {
        let sentence = "Rwanda, a country of about 14 million people, banned plastic bags in 2008.";
        let found = runs(sentence, &["Rwanda banned plastic bags in 2008."]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "a country of about 14 million people");
        assert_eq!(found[0].1.host.clone().map(|h| &sentence[h]), Some("Rwanda"));
        // After a dash, a noun phrase hangs on what comes before it too; a clause after a semicolon does not.
        let sentence = "The novel opens in Lyon, on the Rhône\u{2014}a city of silk weavers since the 1500s.";
        let found = runs(sentence, &["The novel opens in Lyon, on the Rhône."]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1.host.clone().map(|h| &sentence[h]), Some("on the Rhône"));
        let sentence = "The novel opens in Lyon; the city has woven silk since the 1500s.";
        let found = runs(sentence, &["The novel opens in Lyon."]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1.host, None);
    }

    #[test]
    fn a_restatement_or_two_covered_claims_leave_nothing() {
        assert!(runs(
            "In July 2000 the Øresund Bridge linking Copenhagen and Malmö was opened.",
            &["The Øresund Bridge between Copenhagen and Malmö opened in July 2000."]
        )
        .is_empty());
        assert!(runs(
            "The Berlin Wall fell on 9 November 1989, and the Hubble telescope was launched in April 1990.",
            &["The Berlin Wall fell on 9 November 1989.", "The Hubble telescope was launched in April 1990."]
        )
        .is_empty());
        assert!(runs(
            "As NPR reported, Kazakhstan has had ties with Israel since 1992.",
            &["Kazakhstan has had diplomatic relations with Israel since 1992."]
        )
        .is_empty());
    }

    #[test]
    fn a_judgement_is_uncovered_but_holds_no_figure_or_name() {
        let found = runs(
            "Kazakhstan has had diplomatic relations with Israel since 1992, and that long record matters more than any ceremony.",
            &["Kazakhstan has had diplomatic relations with Israel since 1992."],
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].1.figures.is_empty() && found[0].1.names.is_empty(), "{:?}", found[0].1);
        assert!(!found[0].1.words.is_empty());
    }

    #[test]
    fn a_count_of_the_names_listed_after_it_is_the_list() {
        let claim = ["The cities of Ghent, Bruges and Antwerp have said they will ban diesel cars by 2030."];
        let found = runs(
            "In Flanders three cities – Ghent, Bruges and Antwerp – have said they will ban diesel cars by 2030.",
            &claim,
        );
        assert!(
            found.iter().all(|(_, r)| r.figures.is_empty()),
            "{:?}",
            found.iter().map(|f| &f.0).collect::<Vec<_>>()
        );
        // A count that is not the list's length is a figure of its own.
        let found = runs(
            "In Flanders five cities – Ghent, Bruges and Antwerp among them – have said they will ban diesel cars by 2030.",
            &claim,
        );
        assert!(found.iter().any(|(_, r)| r.figures == ["five"]));
    }

    #[test]
    fn a_verb_that_shares_the_subject_of_an_uncovered_part_joins_its_run() {
        let found = runs(
            "Officials said the storm, which flooded 200 homes and badly damaged a bridge, has passed.",
            &["Officials said the storm has passed."],
        );
        assert_eq!(found.len(), 1, "{:?}", found.iter().map(|f| &f.0).collect::<Vec<_>>());
        assert_eq!(found[0].0, "which flooded 200 homes and badly damaged a bridge");
    }

    #[test]
    fn clauses_joined_by_a_bare_and_are_one_part() {
        let found = runs(
            "The Greens held their seats, while Labour lost ground and the Liberals gained 12 seats.",
            &["The Greens held their seats."],
        );
        assert_eq!(found.len(), 1, "{:?}", found.iter().map(|f| &f.0).collect::<Vec<_>>());
        assert_eq!(found[0].0, "while Labour lost ground and the Liberals gained 12 seats.");
        // After a comma, a clause with its own subject is a part of its own.
        let found = runs(
            "The Greens held their seats, while Labour lost ground, and the Liberals gained 12 seats.",
            &["The Greens held their seats."],
        );
        assert_eq!(found.len(), 2, "{:?}", found.iter().map(|f| &f.0).collect::<Vec<_>>());
    }
}
