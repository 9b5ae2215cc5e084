//! Reading figures from a token stream: numbers in digits or words, money, percentages, ranks and dates.
//!
//! This file owns turning "about twenty million", "20m", "$1bn", "January 22, 2026", "since 1992", "the first"
//! and "the largest" into [`Figure`]s, with the source words and a hedge flag. It does not tokenise
//! ([`super::analyze`]) nor compare figures ([`super::figure`]). Invariant: a token belongs to at most one
//! figure, and dates are read before bare numbers so that a day or a year is never also a count.

use super::analyze::{Class, Token};
use super::figure::{Figure, FigureValue};

enum NumWord {
    Unit(u64),
    Ten(u64),
    Hundred,
    Scale(f64),
}

fn num_word(lower: &str) -> Option<NumWord> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    if let Some(i) = UNITS.iter().position(|w| *w == lower) {
        return Some(NumWord::Unit(i as u64));
    }
    if let Some(i) = TENS.iter().position(|w| *w == lower) {
        return Some(NumWord::Ten(20 + 10 * i as u64));
    }
    match lower {
        "dozen" => Some(NumWord::Unit(12)),
        "hundred" => Some(NumWord::Hundred),
        _ => scale(lower).map(NumWord::Scale),
    }
}

/// Whether a word spells a number or an ordinal ("nineteen", "million", "first"): a figure, not a content word.
pub fn is_number_word(lower: &str) -> bool {
    num_word(lower).is_some() || ordinal_word(lower).is_some()
}

fn scale(lower: &str) -> Option<f64> {
    match lower {
        "thousand" => Some(1e3),
        "million" | "millions" => Some(1e6),
        "billion" | "billions" => Some(1e9),
        "trillion" => Some(1e12),
        _ => None,
    }
}

fn ordinal_word(lower: &str) -> Option<u32> {
    const ORD: [&str; 12] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
        "twelfth",
    ];
    ORD.iter().position(|w| *w == lower).map(|i| i as u32 + 1)
}

/// Whether the word at `i` is a capitalised ordinal that ends or continues a name ("New Zealand First", "America
/// First"): right after a capitalised word that is neither a small word nor a number, it names, it does not rank.
/// An ordinal that opens a name ("the Second World War", "First Minister") still ranks.
pub fn ordinal_in_name(tokens: &[Token], i: usize) -> bool {
    let Some(t) = tokens.get(i) else { return false };
    if !t.capital || t.class != Class::Word || ordinal_word(&t.lower).is_none() || i == 0 {
        return false;
    }
    let before = &tokens[i - 1];
    before.class == Class::Word
        && before.capital
        && !before.possessive
        && !super::stem::is_stop(&before.lower)
        && !is_number_word(&before.lower)
}

/// The month a word names, if any ("sept" and "sep" included).
pub fn month(lower: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if let Some(i) = MONTHS.iter().position(|m| *m == lower) {
        return Some(i as u8 + 1);
    }
    if lower == "sept" {
        return Some(9);
    }
    if lower.len() == 3 && lower != "may" && lower != "mar" && lower != "jun" {
        return MONTHS.iter().position(|m| m.starts_with(lower)).map(|i| i as u8 + 1);
    }
    None
}

const SUPERLATIVES: &[&str] = &[
    "largest", "biggest", "greatest", "highest", "lowest", "smallest", "oldest", "longest", "richest", "poorest",
    "fewest", "most", "least",
];

const HEDGES: &[&str] = &[
    "about",
    "around",
    "roughly",
    "nearly",
    "almost",
    "approximately",
    "some",
    "over",
    "under",
    "circa",
    "estimated",
    "than",
    "more",
    "less",
    "fewer",
    "close",
    "up",
    "upwards",
    "just",
];

/// A number written in digits, with its letter suffix ("20m", "22nd", "1990s").
struct Digits<'a> {
    value: f64,
    integer: bool,
    grouped: bool,
    suffix: &'a str,
}

fn parse_digits(text: &str) -> Option<Digits<'_>> {
    let split = text.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(text.len());
    let (num, suffix) = text.split_at(split);
    if num.is_empty() || !num.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let grouped = num.contains(',');
    let plain: String = num.chars().filter(|c| *c != ',').collect();
    let value: f64 = plain.parse().ok()?;
    Some(Digits { value, integer: !plain.contains('.'), grouped, suffix })
}

/// Reads every figure of a tokenised sentence. `text` is the sentence the token offsets point into.
pub fn extract(text: &str, tokens: &[Token]) -> Vec<Figure> {
    let mut used = vec![false; tokens.len()];
    let mut figures = Vec::new();
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    let is_int_in = |i: usize, lo: f64, hi: f64| {
        tokens.get(i).filter(|t| t.class == Class::Number).and_then(|t| parse_digits(&t.text)).is_some_and(|d| {
            d.integer
                && !d.grouped
                && d.value >= lo
                && d.value <= hi
                && matches!(d.suffix, "" | "st" | "nd" | "rd" | "th")
        })
    };
    let num_at = |i: usize| parse_digits(&tokens[i].text).map_or(0.0, |d| d.value);

    // Dates first, so that their day and year numbers are not read as counts.
    for i in 0..tokens.len() {
        let t = &tokens[i];
        let Some(m) = (t.class == Class::Word).then(|| month(&t.lower)).flatten() else { continue };
        if matches!(t.lower.as_str(), "may" | "march") && !t.capital {
            continue;
        }
        // A month's name right after a capitalised name word, with no day or year after it, is a surname ("Theresa
        // May", "Jonny May", "Ashley March"), not a date; a small word or a time word that opens the sentence
        // ("Before May", "Last May") is no name word.
        let opener = |w: &str| super::stem::is_stop(w) || matches!(w, "last" | "next" | "early" | "late" | "mid");
        let name_before = i > 0
            && tokens[i - 1].class == Class::Word
            && tokens[i - 1].capital
            && !(i == 1 && opener(lower(0)))
            && month(lower(i - 1)).is_none();
        if name_before && tokens.get(i + 1).is_none_or(|n| n.class != Class::Number) {
            continue;
        }
        let (mut first, mut last) = (i, i);
        let mut day = None;
        if i > 0 && !used[i - 1] && is_int_in(i - 1, 1.0, 31.0) {
            day = Some(num_at(i - 1) as u8);
            first = i - 1;
        } else {
            // "Jan. 22": the abbreviation's dot is a token of its own.
            let after = if lower(i + 1) == "." { i + 2 } else { i + 1 };
            if is_int_in(after, 1.0, 31.0) && !is_int_in(after, 1000.0, 2100.0) {
                day = Some(num_at(after) as u8);
                last = after;
            } else if after == i + 2 && is_int_in(after, 1000.0, 2100.0) {
                last = i + 1;
            }
        }
        let mut j = last + 1;
        if lower(j) == "," {
            j += 1;
        }
        let year = is_int_in(j, 1000.0, 2100.0).then(|| {
            last = j;
            num_at(j) as i32
        });
        used[first..=last].iter_mut().for_each(|u| *u = true);
        let value = FigureValue::Date { year, month: Some(m), day };
        figures.push(Figure {
            value,
            text: span(text, tokens, first, last),
            approx: false,
            implicit: false,
            measures: None,
        });
    }

    let mut i = 0;
    while i < tokens.len() {
        if used[i] {
            i += 1;
            continue;
        }
        let start = i;
        let t = &tokens[i];
        let mut value: Option<f64> = None;
        let mut kind_year = false;
        let mut rank = None;
        // "14c", "14p": cents and pence, money in hundredths.
        let mut hundredths = false;
        if t.class == Class::Number {
            let iso: Vec<&str> = t.text.split('-').collect();
            if iso.len() == 3 && iso[0].len() == 4 && iso.iter().all(|p| p.parse::<u32>().is_ok()) {
                let p: Vec<u32> = iso.iter().map(|p| p.parse().unwrap_or(0)).collect();
                let value =
                    FigureValue::Date { year: Some(p[0] as i32), month: Some(p[1] as u8), day: Some(p[2] as u8) };
                figures.push(Figure { value, text: t.text.clone(), approx: false, implicit: false, measures: None });
                i += 1;
                continue;
            }
            if let Some(d) = parse_digits(&t.text) {
                match d.suffix {
                    "" => {
                        value = Some(d.value);
                        kind_year = d.integer && !d.grouped && (1000.0..=2100.0).contains(&d.value);
                    }
                    "k" => value = Some(d.value * 1e3),
                    "m" | "mn" | "mln" => value = Some(d.value * 1e6),
                    "b" | "bn" => value = Some(d.value * 1e9),
                    "tn" => value = Some(d.value * 1e12),
                    "st" | "nd" | "rd" | "th" => rank = Some(d.value as u32),
                    "c" | "p" => {
                        value = Some(d.value / 100.0);
                        hundredths = true;
                    }
                    _ => {}
                }
            }
            i += 1;
        } else if t.class == Class::Word {
            if ordinal_in_name(tokens, i) {
                i += 1;
                continue;
            } else if let Some(r) = ordinal_word(&t.lower) {
                rank = Some(r);
                i += 1;
            } else if let Some((v, next)) = read_words(tokens, i) {
                value = Some(v);
                i = next;
            } else if matches!(t.lower.as_str(), "more" | "fewer" | "less")
                && [(1, "than"), (2, "any"), (3, "other")]
                    .iter()
                    .all(|(k, w)| tokens.get(i + k).is_some_and(|t| t.lower == *w))
            {
                // "more than any other Test side": a record, as a superlative is.
                let value = FigureValue::Rank { value: 1 };
                figures.push(Figure {
                    value,
                    text: span(text, tokens, i, i + 3),
                    approx: false,
                    implicit: true,
                    measures: None,
                });
                i += 4;
                continue;
            } else if SUPERLATIVES.contains(&t.lower.as_str()) && implicit_rank(tokens, i) {
                let end = if t.lower == "most" || t.lower == "least" { (i + 1).min(tokens.len() - 1) } else { i };
                let value = FigureValue::Rank { value: 1 };
                figures.push(Figure {
                    value,
                    text: span(text, tokens, i, end),
                    approx: false,
                    implicit: true,
                    measures: None,
                });
                i += 1;
                continue;
            } else {
                i += 1;
                continue;
            }
        } else {
            i += 1;
            continue;
        }
        if let Some(r) = rank {
            let value = FigureValue::Rank { value: r };
            figures.push(Figure {
                value,
                text: span(text, tokens, start, i - 1),
                approx: false,
                implicit: false,
                measures: None,
            });
            continue;
        }
        let Some(mut v) = value else { continue };
        // Scale words after digits: "20 million", "1.5 billion".
        while let Some(s) = scale(lower(i)) {
            v *= s;
            kind_year = false;
            i += 1;
        }
        let currency = start > 0 && matches!(lower(start - 1), "$" | "€" | "£" | "us$");
        let mut kind = if currency || hundredths { 1 } else { 0 };
        match lower(i) {
            "dollars" | "dollar" | "euros" | "euro" | "pounds" => {
                kind = 1;
                i += 1;
            }
            "cents" | "pence" if !hundredths => {
                kind = 1;
                v /= 100.0;
                i += 1;
            }
            "%" | "percent" => {
                kind = 2;
                i += 1;
            }
            "per" if lower(i + 1) == "cent" => {
                kind = 2;
                i += 2;
            }
            _ => {}
        }
        let first = if currency { start - 1 } else { start };
        let mut from = first;
        let mut approx = false;
        for back in 1..=2 {
            // "up" hedges only as "up to": "went up by 3.9%" is a change, and exact.
            let hedge = |at: usize| HEDGES.contains(&lower(at)) && (lower(at) != "up" || lower(at + 1) == "to");
            if first >= back && hedge(first - back) {
                approx = true;
                from = first - back;
            }
        }
        let value = match kind {
            1 => FigureValue::Money { value: v },
            2 => FigureValue::Percent { value: v },
            _ if kind_year && !approx => FigureValue::Date { year: Some(v as i32), month: None, day: None },
            _ => FigureValue::Count { value: v },
        };
        let measures = match value {
            FigureValue::Percent { .. } => measured(tokens, from, i),
            FigureValue::Count { .. } => unit_after(tokens, i),
            _ => None,
        };
        figures.push(Figure { value, text: span(text, tokens, from, i - 1), approx, implicit: false, measures });
    }
    figures
}

/// What a count counts, by the word after it: a unit of measurement ("1,900 kilometres", "40 km", "3 square miles")
/// by the key its spellings share, "square " or "cubic " before it when written so; an empty string for a noun
/// that is no unit ("twenty million people"); `None` for a bare number ("5,000, …", "12 of the …").
fn unit_after(tokens: &[Token], end: usize) -> Option<String> {
    let word = |i: usize| tokens.get(i).filter(|t| t.class == Class::Word).map(|t| t.lower.as_str());
    let (prefix, at) = match word(end)? {
        w @ ("square" | "cubic") => (Some(w), end + 1),
        _ => (None, end),
    };
    let next = word(at)?;
    let Some(unit) = super::lexicon::unit_of(next) else {
        return (prefix.is_none() && !super::stem::is_stop(next)).then(String::new);
    };
    Some(prefix.map_or_else(|| unit.to_owned(), |p| format!("{p} {unit}")))
}

/// The noun a percentage at tokens `from..end` is tied to by "of": after it ("50.9 per cent of the vote") or before
/// it ("a margin of 1 per cent", "turnout of 65%"), as its stem.
fn measured(tokens: &[Token], from: usize, end: usize) -> Option<String> {
    let word = |i: usize| tokens.get(i).filter(|t| t.class == Class::Word);
    let noun = |t: &Token| !super::stem::is_stop(&t.lower) && month(&t.lower).is_none();
    if word(end).is_some_and(|t| t.lower == "of") {
        let mut j = end + 1;
        while word(j).is_some_and(|t| matches!(t.lower.as_str(), "the" | "its" | "their" | "his" | "her" | "all" | "a"))
        {
            j += 1;
        }
        if let Some(t) = word(j).filter(|t| noun(t)) {
            return Some(t.stem.clone());
        }
    }
    from.checked_sub(1).and_then(word).filter(|t| t.lower == "of")?;
    from.checked_sub(2).and_then(word).filter(|t| noun(t)).map(|t| t.stem.clone())
}

/// Reads a number spelled in words starting at `i` ("twenty million", "one hundred and five", "a billion").
/// Returns the value and the index after it. A lone "one" ("one of nineteen") is not a figure.
fn read_words(tokens: &[Token], i: usize) -> Option<(f64, usize)> {
    let word = |j: usize| tokens.get(j).filter(|t| t.class == Class::Word).map(|t| t.lower.as_str());
    // Capitalised after a word or number, a number word is part of a name or title ("the Six Nations", "the Group of Seven",
    // "the Big Ten"), not a count: only the first word of a sentence or a quotation is capitalised for its place.
    if tokens.get(i).is_some_and(|t| t.capital) && i > 0 && tokens[i - 1].class != Class::Symbol {
        return None;
    }
    let mut j = i;
    let (mut total, mut current, mut any) = (0.0, 0.0, false);
    if matches!(word(j), Some("a" | "an")) && word(j + 1).and_then(scale).is_some() {
        current = 1.0;
        any = true;
        j += 1;
    }
    while let Some(w) = word(j) {
        match num_word(w) {
            Some(NumWord::Unit(u)) => current += u as f64,
            Some(NumWord::Ten(t)) => current += t as f64,
            Some(NumWord::Hundred) => current = current.max(1.0) * 100.0,
            Some(NumWord::Scale(s)) if any => {
                total += current.max(1.0) * s;
                current = 0.0;
            }
            _ if w == "and" && any && word(j + 1).and_then(num_word).is_some() => {}
            _ => break,
        }
        any = true;
        j += 1;
    }
    if !any || (j == i + 1 && word(i) == Some("one")) {
        return None;
    }
    Some((total + current, j))
}

/// Whether a superlative at `i` states rank one: not after an ordinal ("second largest"), not in "one of the
/// largest", and "most" only as a superlative ("the most significant"), not as "most countries".
fn implicit_rank(tokens: &[Token], i: usize) -> bool {
    let lower = |j: usize| tokens.get(j).map_or("", |t| t.lower.as_str());
    if i > 0 && ordinal_word(lower(i - 1)).is_some() {
        return false;
    }
    if i >= 2 && lower(i - 1) == "the" && matches!(lower(i - 2), "of" | "among") {
        return false;
    }
    if matches!(lower(i), "most" | "least") {
        return i > 0 && (lower(i - 1) == "the" || tokens[i - 1].possessive);
    }
    true
}

fn span(text: &str, tokens: &[Token], first: usize, last: usize) -> String {
    text[tokens[first].start..tokens[last].end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::super::analyze::tokenize;
    use super::*;
    use crate::matching::figure::Compat;

    fn read(text: &str) -> Vec<(FigureValue, String, bool)> {
        extract(text, &tokenize(text)).into_iter().map(|f| (f.value, f.text, f.approx)).collect()
    }

    fn count(value: f64) -> FigureValue {
        FigureValue::Count { value }
    }

    #[test]
    fn a_count_in_a_unit_of_measurement_never_disagrees_with_a_count_of_something_else() {
        let figure = |text: &str| extract(text, &tokenize(text)).remove(0);
        let coast = figure("a coastline of about 1,900 kilometres");
        assert_eq!(coast.measures.as_deref(), Some("kilometer"));
        assert_eq!(figure("about 2,000 km of coast").measures.as_deref(), Some("kilometer"));
        assert_eq!(figure("an area of 3 square miles").measures.as_deref(), Some("square mile"));
        assert_eq!(figure("a country of about twenty million people").measures.as_deref(), Some(""));
        assert_eq!(figure("about 5,000, and more").measures, None);
        let people = figure("a country of about twenty million people");
        assert_eq!(coast.compat(&people), Compat::Unrelated);
        assert_eq!(coast.compat(&figure("about 2,500 km")), Compat::Differ, "the same unit, another figure");
        assert_eq!(figure("4,000 miles").compat(&figure("2,500 km")), Compat::Unrelated);
        // Counts of no unit still disagree, as before, and so does a bare number with a count in a unit: the
        // unit may be left out ("exports rose to 20 million" against "… 30 million tonnes").
        assert_eq!(people.compat(&figure("25 million residents")), Compat::Differ);
        assert_eq!(figure("exports rose to 20 million.").compat(&figure("30 million tonnes")), Compat::Differ);
    }

    #[test]
    fn a_percentage_tied_by_of_measures_its_noun() {
        let measures = |text: &str| extract(text, &tokenize(text)).into_iter().map(|f| f.measures).collect::<Vec<_>>();
        assert_eq!(measures("She won with 50.9 per cent of the vote."), [Some("vote".to_owned())]);
        assert_eq!(measures("She won by a margin of about 1 per cent."), [Some("margin".to_owned())]);
        assert_eq!(measures("Prices rose 3% in March."), [None, None]);
        // A share of a margin and a share of the vote are different things; of one thing, they conflict.
        let (vote, margin) = (extract("50.9% of the vote", &tokenize("50.9% of the vote")), measures("a margin of 1%"));
        assert_eq!(margin, [Some("margin".to_owned())]);
        let margin = extract("a margin of 1%", &tokenize("a margin of 1%"));
        assert_eq!(vote[0].compat(&margin[0]), Compat::Unrelated);
        let other_vote = extract("48% of the vote", &tokenize("48% of the vote"));
        assert_eq!(vote[0].compat(&other_vote[0]), Compat::Differ);
        let bare = extract("48%", &tokenize("48%"));
        assert_eq!(vote[0].compat(&bare[0]), Compat::Differ);
    }

    #[test]
    fn more_than_any_other_is_a_record() {
        let found = read("The club won the cup 12 times, more than any other side.");
        assert!(found.iter().any(|(v, t, _)| *v == FigureValue::Rank { value: 1 } && t == "more than any other"));
        // Only the phrase read as a whole: "more cups than any other" is not read as a record yet.
        assert!(!read("The club won more cups than any other side.")
            .iter()
            .any(|(v, _, _)| matches!(v, FigureValue::Rank { .. })));
    }

    #[test]
    fn a_capitalised_number_word_after_a_word_names_something() {
        assert!(read("Ireland won the opening match of the Six Nations Championship.").is_empty());
        assert_eq!(read("Ireland won the opening match of the 2019 Six Nations Championship.").len(), 1);
        assert!(read("The Group of Seven met in Hiroshima.").is_empty());
        assert_eq!(read("Seven Russian officials were named, and six more were warned.").len(), 2);
        assert_eq!(read("\"Three people died,\" she said.").len(), 1);
    }

    #[test]
    fn a_capitalised_ordinal_after_a_name_word_names_a_party_not_a_rank() {
        assert!(read("New Zealand First won eight seats.")
            .iter()
            .all(|(v, _, _)| !matches!(v, FigureValue::Rank { .. })));
        assert!(read("He campaigned on America First.").is_empty());
        // An ordinal that opens a name, or follows a small word, ranks.
        assert_eq!(read("Her grandfather fought in the Second World War.").len(), 1);
        assert_eq!(read("The First Minister spoke.").len(), 1);
        assert_eq!(read("Labour came first in the poll.").len(), 1);
    }

    #[test]
    fn a_month_after_a_name_word_is_a_surname() {
        assert!(read("Jonny May scored for England.").is_empty());
        assert!(read("On Tuesday Prime Minister Theresa May resigned.").is_empty());
        assert_eq!(read("Last May the council voted.").len(), 1);
        assert_eq!(read("Before May the council had not voted.").len(), 1);
        assert_eq!(read("The talks ended in May.").len(), 1);
        assert_eq!(read("The Treaty of Rome was signed on 25 March 1957.").len(), 1);
        assert_eq!(read("Elections were held in Brazil May 2 and in Peru.").len(), 1);
    }

    #[test]
    fn numbers_in_words_and_digits_agree() {
        assert_eq!(read("one of nineteen nations"), [(count(19.0), "nineteen".into(), false)]);
        assert_eq!(read("about twenty million people")[0].0, count(2e7));
        assert_eq!(read("about 20m people")[0].0, count(2e7));
        assert_eq!(read("20,000,000 people")[0].0, count(2e7));
        assert_eq!(read("one hundred and five")[0].0, count(105.0));
        assert_eq!(read("twenty-one")[0].0, count(21.0));
        assert!(read("about 20m")[0].2);
    }

    #[test]
    fn up_hedges_only_as_up_to() {
        assert_eq!(
            read("fares could rise by up to 5%"),
            [(FigureValue::Percent { value: 5.0 }, "up to 5%".into(), true)]
        );
        // A rise by a figure is exact: 3.9% does not agree with 4.2% within a hedge's tolerance.
        assert_eq!(read("fares have gone up by 3.9%"), [(FigureValue::Percent { value: 3.9 }, "3.9%".into(), false)]);
    }

    #[test]
    fn money_percent_rank() {
        assert_eq!(read("the $1 billion fee")[0].0, FigureValue::Money { value: 1e9 });
        assert_eq!(read("a $1bn fee")[0].0, FigureValue::Money { value: 1e9 });
        assert_eq!(read("one billion dollars")[0].0, FigureValue::Money { value: 1e9 });
        assert_eq!(read("up 8% on")[0].0, FigureValue::Percent { value: 8.0 });
        assert_eq!(read("twelve per cent")[0].0, FigureValue::Percent { value: 12.0 });
        // Cents and pence are hundredths of the money they count, written out or as a suffix.
        assert_eq!(read("fell 14c after")[0].0, FigureValue::Money { value: 0.14 });
        assert_eq!(read("fell 14 cents after")[0].0, FigureValue::Money { value: 0.14 });
        assert_eq!(read("rose 8.3p a litre")[0].0, FigureValue::Money { value: 0.083 });
        assert_eq!(read("cost 50 pence")[0].0, FigureValue::Money { value: 0.5 });
        // A capital "C" is a temperature, which stays a code the matcher compares as a word.
        assert!(read("temperatures reached 40C").is_empty());
        assert_eq!(read("the first expansion")[0].0, FigureValue::Rank { value: 1 });
        assert_eq!(read("the second-largest country")[0].0, FigureValue::Rank { value: 2 });
        let implicit = extract("the largest", &tokenize("the largest"));
        assert!(implicit[0].implicit && implicit[0].value == FigureValue::Rank { value: 1 });
        assert!(read("one of the largest").is_empty());
        assert!(read("most countries").is_empty());
    }

    #[test]
    fn dates_at_every_precision() {
        let date = |y, m, d| FigureValue::Date { year: y, month: m, day: d };
        assert_eq!(read("since 1992")[0].0, date(Some(1992), None, None));
        assert_eq!(read("in September 2020")[0].0, date(Some(2020), Some(9), None));
        assert_eq!(
            read("on January 22, 2026")[0],
            (date(Some(2026), Some(1), Some(22)), "January 22, 2026".into(), false)
        );
        assert_eq!(read("on 22 January 2026")[0].0, date(Some(2026), Some(1), Some(22)));
        assert_eq!(read("on Jan. 22, 2026")[0].0, date(Some(2026), Some(1), Some(22)));
        assert_eq!(read("on 2025-11-06")[0].0, date(Some(2025), Some(11), Some(6)));
        assert!(read("it may rain").is_empty());
    }
}
